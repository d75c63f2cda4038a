//! One integration-test binary (each extra one would link Bevy again), one module per feature.

mod architecture;
mod ascent;
mod docking;
mod flown_figures;
mod flythrough;
mod light;
mod mutations;
mod physics;
mod render;
mod rendezvous;
mod scenario_errors;
mod scene_ecs;
mod shots;
mod sim_ecs;
mod simulate_cli;

use ms19::core::mission::Mission;
use ms19::scenario::LoadedScenario;
use std::path::Path;

pub fn ms19_scenario() -> LoadedScenario {
    LoadedScenario::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("config/ms19.ron")).expect("config/ms19.ron loads")
}

pub fn ms19_mission() -> Mission {
    ms19_scenario().mission()
}

/// The mission's log, one event a line, for assertion messages.
pub fn log_text(mission: &Mission) -> String {
    mission.log.iter().map(|e| format!("T+{:.1} {}: {}", e.met_s, e.name, e.description)).collect::<Vec<_>>().join("\n")
}
