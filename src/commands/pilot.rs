//! `ms19 pilot`: the pilot model flies the docking after the Kurs fault and its inputs become
//! the replay the scenario flies.

use super::support::{CommandError, load_scenario, no_kurs_fault, say, write_file};
use crate::core::time::Met;
use std::path::Path;

/// Flies the pilot model and writes its replay; exit 1 if it did not dock by `until_met_s`.
pub fn run(scenario: &Path, out: &Path, until_met_s: f64) -> Result<(), CommandError> {
    let loaded = load_scenario(scenario)?;
    let (contact, replay) = crate::simulate::fly_pilot_model(loaded.mission(), until_met_s);
    let replay = replay.ok_or_else(|| no_kurs_fault(scenario, "no pilot flies"))?;
    write_file(out, replay.to_ron())?;
    say(format_args!("wrote {} ({} inputs)", out.display(), replay.inputs.len()))?;
    let contact =
        contact.ok_or_else(|| CommandError::failed(format!("the pilot model did not dock by {}", Met(until_met_s))))?;
    say(format_args!(
        "contact at {} ({}), {:.3} m/s, {:.3} m off the axis",
        loaded.launch.plus_seconds(contact.met_s),
        Met(contact.met_s),
        contact.closing_mps,
        contact.lateral_miss_m
    ))?;
    Ok(())
}
