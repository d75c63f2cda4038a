//! Docking replays (`config/replays/*.ron`): parsed and checked, errors located as the
//! scenario's are (file, line, column, field).

use super::diagnostics;
use super::diagnostics::ScenarioError;
use super::ranges::{self, Range, range};
use crate::core::replay::Replay;
use std::path::Path;

/// What each number of a replay may be: times within the twelve-day stay and a little before
/// lift-off, a game's start distance and its random seed.
const RANGES: &[Range] = &[
    range("met_s", -86_400.0, 30.0 * 86_400.0, "s of mission time"),
    range("takeover_met_s", -86_400.0, 30.0 * 86_400.0, "s of mission time"),
    range("start.distance_m", 0.1, 1e5, "m from the port"),
    range("start.seed", 0.0, u64::MAX as f64, "a random seed"),
];

pub fn load(path: &Path) -> Result<Replay, ScenarioError> {
    let source = std::fs::read_to_string(path).map_err(|e| ScenarioError::io(path, &e))?;
    parse(&path.display().to_string(), &source)
}

/// Parses and checks replay text; `file_name` is only used in messages.
pub fn parse(file_name: &str, source: &str) -> Result<Replay, ScenarioError> {
    let replay: Replay = diagnostics::deserialize(file_name, source)?;
    ranges::check(file_name, source, RANGES)?;
    let fail = |field: String, message: String| ScenarioError::at_field(file_name, source, &field, message);
    if let Some(i) = replay.out_of_order() {
        return Err(fail(format!("inputs[{i}].met_s"), "inputs must be in increasing time".into()));
    }
    Ok(replay)
}
