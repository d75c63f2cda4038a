//! `ms19 summary`: where everything is at each event of the timeline.

use super::support::{CommandError, load_scenario};
use std::path::Path;

pub fn run(scenario: &Path) -> Result<(), CommandError> {
    let loaded = load_scenario(scenario)?;
    let mut mission = loaded.mission();
    println!("{}: {}", loaded.scenario.name, scenario.display());
    for event in mission.flown_timeline() {
        if event.met_s < mission.met_s() {
            continue;
        }
        mission.run_to_met(event.met_s);
        println!("\n{} — {}", event.name, event.description);
        println!("{}", crate::simulate::summary(&mission));
    }
    Ok(())
}
