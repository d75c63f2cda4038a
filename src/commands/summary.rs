//! `ms19 summary`: where everything is at each event of the timeline.

use super::support::{CommandError, load_scenario, say};
use std::path::Path;

pub fn run(scenario: &Path) -> Result<(), CommandError> {
    let loaded = load_scenario(scenario)?;
    let mut mission = loaded.mission();
    say(format_args!("{}: {}", loaded.scenario.name, scenario.display()))?;
    for event in mission.flown_timeline() {
        if event.met_s < mission.met_s() {
            continue;
        }
        mission.run_to_met(event.met_s);
        say(format_args!("\n{} — {}", event.name, event.description))?;
        say(format_args!("{}", crate::simulate::summary(&mission)))?;
    }
    Ok(())
}
