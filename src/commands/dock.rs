//! `ms19 dock`: the docking game in a window from the Kurs stop, or with `--headless` a replay
//! flown without one and its outcome printed.

use super::args::DockArgs;
use super::support::{CommandError, cannot_write, find_shot, load_scenario, load_shots, no_kurs_fault, say};
use crate::cli::GameStart;
use crate::core::control::rate_hold::HandMode;
use crate::core::replay::{Replay, Start};
use crate::simulate::{self, DockingOutcome};
use crate::view::{Docking, FocusOn, Hands, ViewOptions};
use std::path::Path;
use std::sync::Arc;

pub fn run(args: DockArgs) -> Result<(), CommandError> {
    match (args.headless, &args.replay) {
        (true, Some(replay)) => headless(&args.scenario, replay, args.until, args.telemetry.as_deref()),
        _ => game(args),
    }
}

/// A replay; a bad one is bad input, with its location.
fn load_replay(path: &Path) -> Result<Replay, CommandError> {
    crate::scenario::replay::load(path).map_err(CommandError::diagnostic)
}

/// The game in a window: a player on the controllers from the flown takeover, or a replay
/// watched.
fn game(args: DockArgs) -> Result<(), CommandError> {
    let DockArgs { scenario, replay, record_inputs, start, seed, size, screenshot, shots, direct, .. } = args;
    let loaded = load_scenario(&scenario)?;
    let fault = loaded
        .scenario
        .rendezvous
        .approach
        .kurs_fault
        .as_ref()
        .ok_or_else(|| no_kurs_fault(&scenario, "nobody docks by hand"))?;
    let (takeover_met_s, flown) = match start {
        GameStart::Flown | GameStart::Distance(_) => {
            (crate::core::time::parse_met_s(&fault.takeover).expect("validated at load"), None)
        }
        // The player takes the controls the moment the Kurs stops; the flight there is the game's.
        GameStart::Kurs => {
            eprintln!("flying the mission from the scenario's start to where the Kurs stops ...");
            let mut flown = loaded.mission();
            let at = simulate::fly_to_station_keeping(&mut flown).ok_or_else(|| {
                CommandError::bad_input(format!("the approach in {} never reaches station-keeping", scenario.display()))
            })?;
            (at, Some(flown))
        }
    };
    let list = load_shots(&shots, true)?;
    let views = crate::dock::VIEWS.iter().map(|name| find_shot(&list, &shots, name)).collect::<Result<Vec<_>, _>>()?;
    let (hands, start) = match replay.as_deref() {
        Some(path) => {
            let replay = load_replay(path)?;
            let start = replay.start;
            (Hands::Replay(Arc::new(replay)), start)
        }
        None => {
            let start = match start {
                GameStart::Distance(distance_m) => Some(Start { distance_m, seed }),
                GameStart::Flown | GameStart::Kurs => None,
            };
            let mode = if direct { HandMode::Direct } else { HandMode::Rate };
            (Hands::Player { takeover_met_s, record_inputs, mode }, start)
        }
    };
    let options = ViewOptions {
        at_met_s: Some(takeover_met_s),
        focus: FocusOn::Spacecraft,
        screenshot,
        size,
        shots: list,
        docking: Some(Docking { hands, start, views, flown }),
        ..ViewOptions::default()
    };
    super::view::open(&loaded, options)
}

/// Flies a replay from the Kurs stop and prints how it ended: exit 1 if it did not dock.
fn headless(
    scenario: &Path,
    replay_path: &Path,
    until_met_s: f64,
    telemetry: Option<&Path>,
) -> Result<(), CommandError> {
    let loaded = load_scenario(scenario)?;
    let replay = Arc::new(load_replay(replay_path)?);
    let (mission, outcome) = simulate::fly_recorded(loaded.mission(), replay, until_met_s, telemetry.is_some())
        .ok_or_else(|| no_kurs_fault(scenario, "nobody docks by hand"))?;
    // The outcome's status stands even if nobody reads the lines.
    let said = say(format_args!("{}", outcome.line(loaded.launch)));
    if let (Some(path), Some(craft)) = (telemetry, mission.spacecraft()) {
        let rows = simulate::write_hand_telemetry_file(&mission, craft, path).map_err(|e| cannot_write(path, e))?;
        let _ = said.and_then(|()| say(format_args!("wrote {} ({rows} substeps by hand)", path.display())));
    }
    match outcome {
        DockingOutcome::Docked { .. } => Ok(()),
        DockingOutcome::Failed { .. } => Err(CommandError::Status(1)),
    }
}
