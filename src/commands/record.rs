//! `ms19 record`: a flythrough script rendered offline to PNG frames, the poses' CSV and,
//! asked, an MP4.

use super::args::RecordArgs;
use super::support::{CommandError, load_scenario, load_shots, say};
use crate::app::gpu_adapter;
use crate::record::flythrough::{self, RecordError, RecordOptions};
use indicatif::{ProgressBar, ProgressStyle};
use std::time::Instant;

impl From<RecordError> for CommandError {
    fn from(error: RecordError) -> Self {
        match error {
            RecordError::BadInput(_) => Self::bad_input(error),
            _ => Self::failed(error),
        }
    }
}

pub fn run(args: RecordArgs) -> Result<(), CommandError> {
    let loaded = load_scenario(&args.scenario)?;
    let list = load_shots(&args.shots, true)?;
    let script = crate::scenario::flythrough::load(&args.script, &list).map_err(CommandError::diagnostic)?;
    let options = RecordOptions {
        script,
        out_dir: args.out,
        size: args.size,
        fps: args.fps,
        from_met_s: args.from,
        to_met_s: args.to,
        frames: args.frames,
        video: args.video,
    };
    let frames = flythrough::prepare(&loaded, &options)?;
    let adapter = gpu_adapter().map_err(CommandError::no_display_or_gpu)?;
    eprintln!("rendering {} with {} ({:?})", options.script.name, adapter.name, adapter.device_type);
    let started = Instant::now();
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} frames, {per_sec}, {eta} left").expect("valid template"),
    );
    let recorded = flythrough::record(&loaded, &options, &frames, &adapter, |done, total| {
        bar.set_length(total);
        bar.set_position(done);
    })
    .inspect_err(|_| bar.abandon())?;
    bar.finish_and_clear();
    let seconds = started.elapsed().as_secs_f64();
    let warm_up_s = recorded.warm_up.as_secs_f64();
    say(format_args!(
        "wrote {} frames to {} and {} in {seconds:.1} s ({:.2} frames a second; {:.2} after the {warm_up_s:.1} s warm-up)",
        recorded.frames,
        options.out_dir.display(),
        recorded.poses_csv.display(),
        recorded.frames as f64 / seconds,
        recorded.frames as f64 / (seconds - warm_up_s).max(1e-9),
    ))?;
    if let Some(video) = &options.video {
        say(format_args!("wrote {}", video.display()))?;
    }
    if let Some(resident) = crate::record::memory::Resident::read() {
        say(format_args!("peak resident memory {:.1} MB", resident.peak_mb()))?;
    }
    Ok(())
}
