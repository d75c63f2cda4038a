//! One integration-test binary (each extra one would link Bevy again), one module per feature.

mod architecture;
mod ascent;
mod docking;
mod flown_figures;
mod flythrough;
mod light;
mod mutations;
mod physics;
mod readme;
mod render;
mod rendezvous;
mod scenario_errors;
mod scene_ecs;
mod shots;
mod sim_ecs;
mod simulate_cli;
mod stay;

use ms19::core::events::{BodyId, EventKind};
use ms19::core::mission::Mission;
use ms19::scenario::LoadedScenario;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The `ms19` binary, run from the repository's root (where `config/` is).
pub fn ms19() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_ms19"));
    command.current_dir(env!("CARGO_MANIFEST_DIR"));
    command
}

/// A file or folder of the repository, by its path from the root.
pub fn repo_path(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// A fresh folder for a test's files, under cargo's temporary directory.
pub fn temp_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Mission time of the `ordinal`-th (from 1) event of `kind` of the vehicle `key`, found by its
/// typed key, never by its text.
pub fn event_met_s(mission: &Mission, key: &str, kind: EventKind, ordinal: u32) -> Option<f64> {
    let vehicle = BodyId(mission.body_index(key)?);
    mission
        .log
        .iter()
        .find(|e| e.key.vehicle == vehicle && e.key.kind == kind && e.key.ordinal == ordinal)
        .map(|e| e.met_s)
}

pub fn ms19_scenario() -> LoadedScenario {
    LoadedScenario::load(&repo_path("config/ms19.ron")).expect("config/ms19.ron loads")
}

pub fn ms19_mission() -> Mission {
    ms19_scenario().mission()
}

/// The mission's log, one event a line, for assertion messages.
pub fn log_text(mission: &Mission) -> String {
    mission.log.iter().map(|e| format!("T+{:.1} {}: {}", e.met_s, e.name, e.description)).collect::<Vec<_>>().join("\n")
}
