//! `ms19 view` (and `ms19` alone): the viewer in a window.

use super::args::{DEFAULT_SCENARIO, DEFAULT_SHOTS, ViewArgs, overlays};
use super::support::{CommandError, find_shot, load_scenario, load_shots};
use crate::core::time::Met;
use crate::scenario::LoadedScenario;
use crate::view::{FocusOn, ViewOptions, check_display_and_gpu, viewer_app};
use std::path::Path;

/// `ms19` with no command: the default scenario, its shots in the panel if they load.
pub fn run_default() -> Result<(), CommandError> {
    let loaded = load_scenario(Path::new(DEFAULT_SCENARIO))?;
    let shots = load_shots(Path::new(DEFAULT_SHOTS), false)?;
    open(&loaded, ViewOptions { shots, ..ViewOptions::default() })
}

/// `ms19 view`: at `--at` or on a named shot, its camera, overlays and measurement.
pub fn run(args: ViewArgs) -> Result<(), CommandError> {
    let loaded = load_scenario(&args.scenario)?;
    let list = load_shots(&args.shots, args.shot.is_some())?;
    let shot = args.shot.map(|name| find_shot(&list, &args.shots, &name)).transpose()?;
    let options = ViewOptions {
        at_met_s: args.at.or(shot.as_ref().map(|s| s.from_met_s)),
        focus: FocusOn::Key(args.focus),
        camera_distance_m: args.camera_distance,
        screenshot: args.screenshot,
        size: args.size,
        hide_ui: args.hide_ui,
        measure_frames: args.measure_frames,
        warp: args.warp,
        shot,
        shots: list,
        docking: None,
        overlays: overlays(&args.overlay),
        without: args.without,
    };
    open(&loaded, options)
}

/// Opens the viewer on `loaded` with `options` (the docking game's window too), saying what it
/// draws with and, where the mission is flown to a later instant first, that it does.
pub fn open(loaded: &LoadedScenario, options: ViewOptions) -> Result<(), CommandError> {
    let adapter = check_display_and_gpu().map_err(CommandError::no_display_or_gpu)?;
    eprintln!("rendering with {} ({:?}, {:?})", adapter.name, adapter.device_type, adapter.backend);
    // The flight to the first frame's instant is the wait before the window: say so.
    let started = std::time::Instant::now();
    if let Some(met_s) = options.at_met_s.filter(|_| options.docking.as_ref().is_none_or(|d| d.flown.is_none())) {
        eprintln!("flying the mission from the scenario's start to {} ...", Met(met_s));
    }
    let mut app = viewer_app(loaded, &options, &adapter).map_err(CommandError::bad_input)?;
    eprintln!("ready in {:.2} s; opening the window", started.elapsed().as_secs_f64());
    match app.run() {
        bevy::app::AppExit::Success => Ok(()),
        bevy::app::AppExit::Error(code) => Err(CommandError::Status(code.get())),
    }
}
