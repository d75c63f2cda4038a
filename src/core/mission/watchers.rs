//! Events found where a quantity of a body's state crosses zero within a step: orbital sunset
//! and sunrise (the Sun's centre on the Earth's limb), and touching the ground. One detector
//! for all, a root search on the state between the step's ends, as nyx's event evaluators do.

use super::{Mission, Motion};
use crate::core::attitude::standing_attitude;
use crate::core::control::Controller;
use crate::core::events::{EventKind, Figure};
use crate::core::forces::StepEnvironment;
use crate::core::frames::{self, Geodetic};
use crate::core::propagation::{EQUATORIAL_RADIUS_SQUARED_M2, fly_free};
use crate::core::snapshot::hermite_state;
use crate::core::{StateVector, position_m, sun};

/// How closely a crossing's instant is found, s.
pub const CROSSING_TOLERANCE_S: f64 = 1e-3;

/// Where, between a step's ends `step_s` apart, the quantity `g` of the state crosses zero: the
/// instant from the step's start, found by bisection on the cubic Hermite of the end states
/// (`start`, where g is `g_start`, and `end`) to [`CROSSING_TOLERANCE_S`].
pub fn crossing_after_s(
    g: impl Fn(&StateVector) -> f64,
    (start, g_start): (&StateVector, f64),
    end: &StateVector,
    step_s: f64,
) -> f64 {
    let (mut before, mut after) = (0.0, 1.0);
    while (after - before) * step_s > CROSSING_TOLERANCE_S {
        let middle = 0.5 * (before + after);
        if (g(&hermite_state(start, end, step_s, middle)) >= 0.0) == (g_start >= 0.0) {
            before = middle;
        } else {
            after = middle;
        }
    }
    0.5 * (before + after) * step_s
}

impl Mission {
    /// Orbital sunset and sunrise of each crewed body in flight, free or docked (a docked crew
    /// sees its host's, logged as its own): where the Sun's centre crosses the Earth's limb as
    /// seen from it. The Sun is held over the step (it moves 0.04 arcsec in a second).
    #[inline(never)]
    pub(super) fn watch_the_sun(&mut self, env: &StepEnvironment) {
        let (end_met_s, h) = (self.met_s(), self.step_s);
        let above_limb = |state: &StateVector| sun::sun_above_limb_rad(&position_m(state), &env.sun_position_m);
        for index in 0..self.bodies.len() {
            let body = &self.bodies[index];
            let now = match (&body.motion, body.crew) {
                // The host is watched first when it comes first, as the station does.
                (Motion::Docked { to, .. }, 1..) if *to < index && self.bodies[*to].sun_above_limb.is_some() => {
                    self.bodies[*to].sun_above_limb
                }
                (Motion::Free { .. } | Motion::Docked { .. }, 1..) => {
                    let state = self.state(index);
                    Some((above_limb(&state), state))
                }
                _ => None,
            };
            let before = std::mem::replace(&mut self.bodies[index].sun_above_limb, now);
            if let (Some((g0, start)), Some((g1, end))) = (before, now)
                && (g0 >= 0.0) != (g1 >= 0.0)
            {
                let kind = if g1 < 0.0 { EventKind::Sunset } else { EventKind::Sunrise };
                let after_s = crossing_after_s(above_limb, (&start, g0), &end, h);
                self.record(index, end_met_s - h + after_s, kind, Vec::new());
            }
        }
    }

    /// Bodies that fell below the surface in this step stop where they touched it, fixed to the
    /// ground. A launcher that comes down before separating has crashed: its flight ends there.
    #[inline(never)]
    pub(super) fn land_fallen_bodies(&mut self) {
        let (gmst, end_met_s, h) = (self.gmst_rad(), self.met_s(), self.step_s);
        for index in 0..self.bodies.len() {
            let Motion::Free { state: end } = self.bodies[index].motion else { continue };
            if position_m(&end).norm_squared() >= EQUATORIAL_RADIUS_SQUARED_M2
                || frames::geodetic_from_eci_position_m(&position_m(&end), gmst).altitude_m >= 0.0
            {
                continue;
            }
            let start = self.state_a_step_before(index, &end);
            let altitude_m = |t_s: f64, state: &StateVector| {
                let gmst_then = gmst - crate::core::earth::ROTATION_RATE_RAD_S * (h - t_s);
                frames::geodetic_from_eci_position_m(&position_m(state), gmst_then)
            };
            let g0 = altitude_m(0.0, &start).altitude_m;
            // The altitude's own Earth turn within the step is a few centimetres: the ground
            // below the state is taken at the step's end.
            let after_s = crossing_after_s(|s| altitude_m(h, s).altitude_m, (&start, g0), &end, h);
            let touch = altitude_m(after_s, &hermite_state(&start, &end, h, after_s / h));
            let ground = frames::ecef_from_geodetic_m(&Geodetic { altitude_m: 0.0, ..touch });
            let body = &mut self.bodies[index];
            body.motion = Motion::EarthFixed { position_ecef_m: ground };
            body.attitude = standing_attitude(&ground, gmst);
            if matches!(body.controller, Controller::OnPad(_) | Controller::Ascent(_)) {
                body.controller = Controller::Coast;
                if let Some(launcher) = body.launcher.as_deref_mut() {
                    launcher.crash();
                }
                let figures = vec![
                    ("latitude_deg", Figure::Number(touch.latitude_rad.to_degrees())),
                    ("longitude_deg", Figure::Number(touch.longitude_rad.to_degrees())),
                ];
                self.record(index, end_met_s - h + after_s, EventKind::Crash, figures);
            }
        }
    }

    /// Body `index`'s state a step before `end`, flown back under the drag it held over the
    /// step (a launcher's thrust left out: it is coming down).
    fn state_a_step_before(&self, index: usize, end: &StateVector) -> StateVector {
        let body = &self.bodies[index];
        let drag_factor_per_s = body.density_sample.map_or(0.0, |s| s.drag_factor_per_s);
        let engine_mps2 = match body.command {
            crate::core::control::Command::Coast { engine_mps2 } => engine_mps2,
            _ => nalgebra::Vector3::zeros(),
        };
        let mut start = *end;
        fly_free(&self.forces, self.method, &mut start, drag_factor_per_s, &engine_mps2, -self.step_s);
        start
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::{Vector3d, state_from};

    #[test]
    fn a_crossing_is_found_to_a_millisecond_on_the_state_between_the_step_ends() {
        // Falling at 100 m/s through 30 m above a plane: it crosses 0.3 s into the step.
        let start = state_from(Vector3d::new(0.0, 0.0, 30.0), Vector3d::new(0.0, 0.0, -100.0));
        let end = state_from(Vector3d::new(0.0, 0.0, -70.0), Vector3d::new(0.0, 0.0, -100.0));
        let height = |s: &StateVector| s[2];
        let after_s = crossing_after_s(height, (&start, 30.0), &end, 1.0);
        assert!((after_s - 0.3).abs() <= CROSSING_TOLERANCE_S, "{after_s}");
        // Rising through the plane, the same.
        let after_s = crossing_after_s(|s| -height(s), (&start, -30.0), &end, 1.0);
        assert!((after_s - 0.3).abs() <= CROSSING_TOLERANCE_S, "{after_s}");
    }
}
