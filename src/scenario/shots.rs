//! The shot list (`config/shots.ron`): parsed and checked, errors located as the scenario's are.

use super::ScenarioError;
use super::diagnostics;
use super::ranges::{self, Range, range};
use crate::core::time::parse_met_s;
use crate::film::shots::{Aim, Key, OrientationKey, Rig, Shot, ShotSpec};
use serde::Deserialize;
use std::path::Path;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ShotFile {
    shots: Vec<ShotSpec>,
}

/// What each number of a shot list may be.
const RANGES: &[Range] = &[
    range("t_s", -1e6, 1e6, "s into the shot"),
    range("fov_deg[].value", 0.1, 120.0, "deg, a vertical field of view"),
    range("distance_m[].value", 0.1, 1e8, "m from the vehicle"),
    range("azimuth_deg[].value", -3_600.0, 3_600.0, "deg"),
    range("elevation_deg[].value", -90.0, 90.0, "deg"),
    range("x_m[].value", -1e8, 1e8, "m, LVLH"),
    range("y_m[].value", -1e8, 1e8, "m, LVLH"),
    range("z_m[].value", -1e8, 1e8, "m, LVLH"),
    range("yaw_deg", -3_600.0, 3_600.0, "deg"),
    range("pitch_deg", -90.0, 90.0, "deg"),
    range("roll_deg", -3_600.0, 3_600.0, "deg"),
    range("eye_m[]", -1e4, 1e4, "m in the vehicle's body frame"),
    range("look[]", -1e6, 1e6, "a direction (any length but zero)"),
    range("up[]", -1e6, 1e6, "a direction (any length but zero)"),
    range("offset_lvlh_m[]", -1e8, 1e8, "m, LVLH"),
    range("latitude_deg", -90.0, 90.0, "deg"),
    range("longitude_deg", -180.0, 360.0, "deg"),
    range("height_m", -500.0, 1e5, "m above the ellipsoid"),
    range("lag_s", 0.0, 1e5, "s behind the vehicle"),
    range("above_m", -1e6, 1e6, "m over the vehicle"),
];

/// Loads and checks a shot list.
pub fn load(path: &Path) -> Result<Vec<Shot>, ScenarioError> {
    let source = std::fs::read_to_string(path).map_err(|e| ScenarioError::io(path, &e))?;
    parse(&path.display().to_string(), &source)
}

/// Parses and checks shot-list text; `file_name` is only used in messages.
pub fn parse(file_name: &str, source: &str) -> Result<Vec<Shot>, ScenarioError> {
    let file: ShotFile = diagnostics::deserialize(file_name, source)?;
    ranges::check(file_name, source, RANGES)?;
    let fail = |field: String, message: String| ScenarioError::at_field(file_name, source, &field, message);
    let mut shots: Vec<Shot> = Vec::new();
    for (i, spec) in file.shots.into_iter().enumerate() {
        let at = |name: &str| format!("shots[{i}].{name}");
        if spec.name.trim().is_empty() || shots.iter().any(|s| s.name == spec.name) {
            return Err(fail(at("name"), format!("`{}`: a shot needs a name of its own", spec.name)));
        }
        let from_met_s = parse_met_s(&spec.from).map_err(|m| fail(at("from"), m))?;
        let to_met_s = parse_met_s(&spec.to).map_err(|m| fail(at("to"), m))?;
        if to_met_s <= from_met_s {
            return Err(fail(at("to"), "a shot ends after it starts".into()));
        }
        check_keys(&spec.fov_deg, 0.1..=120.0).map_err(|m| fail(at("fov_deg"), m))?;
        match &spec.rig {
            Rig::Orbit { distance_m, azimuth_deg, elevation_deg, .. } => {
                for (name, keys, range) in [
                    ("distance_m", distance_m, 0.1..=1.0e8),
                    ("azimuth_deg", azimuth_deg, -3600.0..=3600.0),
                    ("elevation_deg", elevation_deg, -90.0..=90.0),
                ] {
                    check_required_keys(keys, range).map_err(|m| fail(at(&format!("rig.{name}")), m))?;
                }
            }
            Rig::BodyFixed { look, up, .. } => {
                for (name, (x, y, z)) in [("look", look), ("up", up)] {
                    let norm2 = x * x + y * y + z * z;
                    if norm2.is_nan() || norm2 <= 0.0 {
                        return Err(fail(at(&format!("rig.{name}")), "a direction cannot be zero".into()));
                    }
                }
            }
            Rig::Ground { latitude_deg, .. } if !(-90.0..=90.0).contains(latitude_deg) => {
                return Err(fail(at("rig.latitude_deg"), format!("{latitude_deg} is not a latitude")));
            }
            Rig::Path { x_m, y_m, z_m, aim, .. } => {
                for (name, keys) in [("x_m", x_m), ("y_m", y_m), ("z_m", z_m)] {
                    check_required_keys(keys, -1.0e8..=1.0e8).map_err(|m| fail(at(&format!("rig.{name}")), m))?;
                }
                if let Aim::Keyed(keys) = aim {
                    check_orientation_keys(keys).map_err(|m| fail(at("rig.aim"), m))?;
                }
            }
            Rig::Chase { lag_s, above_m, .. } if !(lag_s.is_finite() && above_m.is_finite() && *lag_s >= 0.0) => {
                return Err(fail(
                    at("rig.lag_s"),
                    format!("lag {lag_s} s, height {above_m} m: finite, lag not negative"),
                ));
            }
            Rig::Ground { .. } | Rig::LookAt { .. } | Rig::Chase { .. } => {}
        }
        shots.push(Shot {
            name: spec.name,
            description: spec.description,
            from_met_s,
            to_met_s,
            subject: spec.subject,
            rig: spec.rig,
            fov_deg: spec.fov_deg,
        });
    }
    Ok(shots)
}

/// At least one key, checked as [`check_keys`] does: a keyed rig figure has no default.
fn check_required_keys(keys: &[Key], range: std::ops::RangeInclusive<f64>) -> Result<(), String> {
    if keys.is_empty() {
        return Err("this figure needs at least one key".into());
    }
    check_keys(keys, range)
}

/// At least one orientation key, in time order, pitch within the vertical, angles finite.
fn check_orientation_keys(keys: &[OrientationKey]) -> Result<(), String> {
    if keys.is_empty() {
        return Err("a keyed aim needs at least one key".into());
    }
    if keys.windows(2).any(|p| p[1].t_s.partial_cmp(&p[0].t_s) != Some(std::cmp::Ordering::Greater)) {
        return Err("keys must be in increasing time (`t_s`)".into());
    }
    let fine = |k: &OrientationKey| {
        k.t_s.is_finite()
            && (-3600.0..=3600.0).contains(&k.yaw_deg)
            && (-90.0..=90.0).contains(&k.pitch_deg)
            && (-3600.0..=3600.0).contains(&k.roll_deg)
    };
    match keys.iter().find(|k| !fine(k)) {
        Some(k) => Err(format!(
            "yaw {} pitch {} roll {} at t_s {}: pitch within -90..=90, angles finite",
            k.yaw_deg, k.pitch_deg, k.roll_deg, k.t_s
        )),
        None => Ok(()),
    }
}

/// Keys in time order, their values finite and within `range`.
fn check_keys(keys: &[Key], range: std::ops::RangeInclusive<f64>) -> Result<(), String> {
    if keys.windows(2).any(|p| p[1].t_s.partial_cmp(&p[0].t_s) != Some(std::cmp::Ordering::Greater)) {
        return Err("keys must be in increasing time (`t_s`)".into());
    }
    match keys.iter().find(|k| !k.t_s.is_finite() || !range.contains(&k.value)) {
        Some(k) => Err(format!("{} at t_s {} is outside {range:?}", k.value, k.t_s)),
        None => Ok(()),
    }
}
