//! Docking replays (`config/replays/*.ron`): parsed and checked, errors located as the
//! scenario's are (file, line, column, field).

use super::ScenarioError;
use super::diagnostics;
use crate::core::replay::Replay;
use std::path::Path;

pub fn load(path: &Path) -> Result<Replay, ScenarioError> {
    let source = std::fs::read_to_string(path).map_err(|e| ScenarioError::io(path, &e))?;
    parse(&path.display().to_string(), &source)
}

/// Parses and checks replay text; `file_name` is only used in messages.
pub fn parse(file_name: &str, source: &str) -> Result<Replay, ScenarioError> {
    let replay: Replay = diagnostics::deserialize(file_name, source)?;
    let fail = |field: String, message: String| ScenarioError::at_field(file_name, source, &field, message);
    if let Some(i) = replay.inputs.iter().position(|input| !input.met_s.is_finite()) {
        return Err(fail(format!("inputs[{i}].met_s"), "a mission time is a finite number of seconds".into()));
    }
    if let Some(i) = replay.out_of_order() {
        return Err(fail(format!("inputs[{i}].met_s"), "inputs must be in increasing time".into()));
    }
    Ok(replay)
}
