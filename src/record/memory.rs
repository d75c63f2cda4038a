//! The process's resident memory, from Linux's `/proc/self/status`, for `--measure-frames`
//! and the leak check: memory that grows frame after frame is a bug, not a speed figure.

/// Resident set size now and at its peak, KiB.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Resident {
    pub now_kib: u64,
    pub peak_kib: u64,
}

impl Resident {
    /// This process's figures; `None` where there is no `/proc` (not Linux).
    pub fn read() -> Option<Self> {
        std::fs::read_to_string("/proc/self/status").ok().and_then(|text| Self::parse(&text))
    }

    /// The peak, MB (MiB).
    pub fn peak_mb(&self) -> f64 {
        self.peak_kib as f64 / KIB_PER_MB
    }

    /// Reads `VmRSS` and `VmHWM` (the peak) from the text of `/proc/<pid>/status` (proc(5)).
    pub fn parse(status: &str) -> Option<Self> {
        let field = |name: &str| {
            status.lines().find_map(|line| {
                let rest = line.strip_prefix(name)?.strip_prefix(':')?;
                rest.trim().strip_suffix("kB")?.trim().parse::<u64>().ok()
            })
        };
        Some(Self { now_kib: field("VmRSS")?, peak_kib: field("VmHWM")? })
    }
}

const KIB_PER_MB: f64 = 1024.0;

/// One line for `--measure-frames`: the peak, and how much resident memory grew over the
/// measured frames, in all and per frame. The leak check parses `grew ... MB`.
pub fn growth_report(before: &Resident, after: &Resident, frames: u32) -> String {
    let grown_kib = after.now_kib as f64 - before.now_kib as f64;
    format!(
        "memory: peak {:.1} MB, resident {:.1} MB -> {:.1} MB, grew {:.1} MB over {frames} frames ({:.1} kB a frame)",
        after.peak_mb(),
        before.now_kib as f64 / KIB_PER_MB,
        after.now_kib as f64 / KIB_PER_MB,
        grown_kib / KIB_PER_MB,
        grown_kib / f64::from(frames.max(1)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const STATUS: &str = "Name:\tms19\nVmPeak:\t 4000000 kB\nVmHWM:\t  700000 kB\nVmRSS:\t  650000 kB\nThreads:\t12\n";

    #[test]
    fn reads_resident_and_peak_from_proc_status() {
        assert_eq!(Resident::parse(STATUS), Some(Resident { now_kib: 650_000, peak_kib: 700_000 }));
        assert_eq!(Resident::parse("Name:\tms19\n"), None);
    }

    #[test]
    fn this_process_has_resident_memory() {
        let resident = Resident::read().expect("Linux has /proc/self/status");
        assert!(resident.now_kib > 0 && resident.peak_kib >= resident.now_kib);
    }

    #[test]
    fn report_gives_growth_in_all_and_per_frame() {
        let before = Resident { now_kib: 600 * 1024, peak_kib: 610 * 1024 };
        let after = Resident { now_kib: 612 * 1024, peak_kib: 640 * 1024 };
        let line = growth_report(&before, &after, 600);
        assert!(line.contains("peak 640.0 MB"), "{line}");
        assert!(line.contains("grew 12.0 MB over 600 frames (20.5 kB a frame)"), "{line}");
    }
}
