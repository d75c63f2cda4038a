//! Flythrough scripts (`config/flythrough/*.ron`): parsed, their shots found in the shot list,
//! and checked, errors located as the scenario's are.

use super::ScenarioError;
use super::diagnostics;
use super::ranges::{self, Range, range};
use crate::core::time::parse_met_s;
use crate::film::flythrough::{Script, Segment, Transition};
use crate::film::shots::Shot;
use serde::Deserialize;
use std::path::Path;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ScriptFile {
    name: String,
    segments: Vec<SegmentSpec>,
}

/// A segment as the file gives it: a shot by name, its span (the shot's own by default), its
/// rate and how it begins.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SegmentSpec {
    shot: String,
    #[serde(default, deserialize_with = "present")]
    from: Option<String>,
    #[serde(default, deserialize_with = "present")]
    to: Option<String>,
    #[serde(default = "real_time")]
    rate: f64,
    #[serde(default)]
    transition: Transition,
}

/// An optional time written plainly (`from: "00:01:00"`), absent when left out.
fn present<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    String::deserialize(deserializer).map(Some)
}

fn real_time() -> f64 {
    1.0
}

/// Rates from 1/1000 (a thousand times slowed) to a million (twelve days in a second).
const RATES: std::ops::RangeInclusive<f64> = 1e-3..=1e6;
/// Longest video a script may make: a day.
const MAX_VIDEO_S: f64 = 86_400.0;

/// What each number of a script may be (a cross-fade is checked against its segment too).
const NUMBERS: &[Range] = &[
    range("segments[].rate", *RATES.start(), *RATES.end(), "a rate, mission seconds a second"),
    range("transition.seconds", 1e-3, MAX_VIDEO_S, "s of video"),
];

/// Loads a script and resolves its shots in `shots`.
pub fn load(path: &Path, shots: &[Shot]) -> Result<Script, ScenarioError> {
    let source = std::fs::read_to_string(path).map_err(|e| ScenarioError::io(path, &e))?;
    parse(&path.display().to_string(), &source, shots)
}

/// Parses and checks script text; `file_name` is only used in messages.
pub fn parse(file_name: &str, source: &str, shots: &[Shot]) -> Result<Script, ScenarioError> {
    let file: ScriptFile = diagnostics::deserialize(file_name, source)?;
    ranges::check(file_name, source, NUMBERS)?;
    let fail = |field: String, message: String| ScenarioError::at_field(file_name, source, &field, message);
    if file.segments.is_empty() {
        return Err(fail("segments".into(), "a script needs at least one segment".into()));
    }
    let mut segments = Vec::new();
    for (i, spec) in file.segments.into_iter().enumerate() {
        let at = |name: &str| format!("segments[{i}].{name}");
        let shot = shots.iter().find(|s| s.name == spec.shot).ok_or_else(|| {
            let names: Vec<&str> = shots.iter().map(|s| s.name.as_str()).collect();
            fail(at("shot"), format!("no shot `{}` in the shot list; there are: {}", spec.shot, names.join(", ")))
        })?;
        let time = |text: &Option<String>, field: &str, default: f64| match text {
            Some(text) => parse_met_s(text).map_err(|m| fail(at(field), m)),
            None => Ok(default),
        };
        let from_met_s = time(&spec.from, "from", shot.from_met_s)?;
        let to_met_s = time(&spec.to, "to", shot.to_met_s)?;
        if to_met_s <= from_met_s {
            return Err(fail(at("to"), "a segment ends after it starts".into()));
        }
        let segment =
            Segment { shot: shot.clone(), from_met_s, to_met_s, rate: spec.rate, transition: spec.transition };
        if let Transition::CrossFade { seconds } = spec.transition
            && !(seconds > 0.0 && seconds <= segment.video_s())
        {
            return Err(fail(
                at("transition"),
                format!("a cross-fade of {seconds} s: more than 0, at most the segment's {:.3} s", segment.video_s()),
            ));
        }
        segments.push(segment);
    }
    let script = Script { name: file.name, segments };
    if script.video_s() > MAX_VIDEO_S {
        return Err(fail(
            "segments".into(),
            format!("{:.0} s of video; a script makes at most a day", script.video_s()),
        ));
    }
    Ok(script)
}
