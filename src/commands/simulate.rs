//! `ms19 simulate`: the mission without a window, sampled into a telemetry CSV (and, asked,
//! its events and a plot of the ascent).

use super::args::SimulateArgs;
use super::support::{CommandError, cannot_write, load_scenario, say, write_file};
use crate::simulate::{self, ascent_plot::AscentRecord};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::path::Path;
use std::time::{Duration, Instant};

pub fn run(args: &SimulateArgs) -> Result<(), CommandError> {
    let loaded = load_scenario(&args.scenario)?;
    let mut mission = loaded.mission();
    let every = simulate::sample_interval_s(args.every).map_err(CommandError::bad_input)?;
    simulate::check_run(&mission, (args.from, args.until), every, free_bytes(&args.out))
        .map_err(CommandError::bad_input)?;
    let out = args.out.as_path();
    let file = std::fs::File::create(out).map_err(|e| cannot_write(out, e))?;
    let started = Instant::now();
    // Shown only for a run that takes longer than a second.
    let bar = ProgressBar::with_draw_target(Some(1000), ProgressDrawTarget::hidden());
    bar.set_style(ProgressStyle::with_template("{bar:40} {percent:>3}% {msg}").expect("valid template"));
    let mut writer = std::io::BufWriter::new(file);
    simulate::write_telemetry(&mut mission, (args.from, args.until), every, &mut writer, |fraction| {
        if bar.is_hidden() && started.elapsed() > Duration::from_secs(1) {
            bar.set_draw_target(ProgressDrawTarget::stderr());
        }
        bar.set_position((fraction * 1000.0) as u64);
    })
    .map_err(|e| {
        bar.finish_and_clear();
        // A partial CSV must not pass for a whole run.
        let removed = out.is_file() && std::fs::remove_file(out).is_ok();
        let removed = if removed { "; the partial file is removed" } else { "" };
        CommandError::failed(format!("writing {}: {e}{removed}", out.display()))
    })?;
    bar.finish_and_clear();
    if let Some(path) = &args.events {
        write_file(path, simulate::events_csv(&mission))?;
        say(format_args!("wrote {}", path.display()))?;
    }
    if let Some(path) = &args.plot {
        let title = format!("{}: the ascent", loaded.scenario.name);
        AscentRecord::fly(loaded.mission())
            .draw_png(path, &title)
            .map_err(|e| CommandError::failed(format!("plotting {}: {e}", path.display())))?;
        say(format_args!("wrote {}", path.display()))?;
    }
    let peak = crate::record::memory::Resident::read()
        .map(|r| format!(", peak memory {:.1} MB", r.peak_mb()))
        .unwrap_or_default();
    say(format_args!("wrote {} in {:.2} s{peak}", out.display(), started.elapsed().as_secs_f64()))?;
    say(format_args!("{}", simulate::summary(&mission)))?;
    Ok(())
}

/// Free bytes on the file system `path` is (or would be) written to; None where it cannot be
/// told (a device, a path not yet there).
fn free_bytes(path: &Path) -> Option<u64> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let stats = rustix::fs::statvfs(dir).ok()?;
    Some(stats.f_bavail.saturating_mul(stats.f_frsize))
}
