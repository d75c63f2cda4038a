//! The mission's bodies at one instant, and the state between two fixed steps.
//!
//! The physics steps at fixed instants; a frame or a telemetry sample can fall anywhere between
//! two of them. The state there is interpolated from the bracketing steps, never stepped, so
//! the trajectory stays the same at any frame rate, warp or sampling interval.

use super::attitude::Attitude;
use super::elements::OrbitalElements;
use super::frames::{self, Geodetic};
use super::time::{UtcInstant, gmst_rad};
use super::{StateVector, position_m, state_from, velocity_mps};

/// Instants closer than this are the same one (a sample or frame time summed in floating point
/// against a step's).
pub const SAME_INSTANT_S: f64 = 1e-9;

/// Inertial states of every body (by body index) at mission time `met_s`.
#[derive(Clone, Debug, PartialEq)]
pub struct Snapshot {
    pub met_s: f64,
    pub launch: UtcInstant,
    pub ut1_minus_utc_s: f64,
    pub states: Vec<StateVector>,
    /// Each body's attitude, by body index.
    pub attitudes: Vec<Attitude>,
}

impl Snapshot {
    pub fn utc(&self) -> UtcInstant {
        self.launch.plus_seconds(self.met_s)
    }

    pub fn gmst_rad(&self) -> f64 {
        gmst_rad(self.utc().julian_date_ut1(self.ut1_minus_utc_s))
    }

    pub fn state(&self, body: usize) -> StateVector {
        self.states[body]
    }

    pub fn geodetic(&self, body: usize) -> Geodetic {
        frames::geodetic_from_eci_position_m(&position_m(&self.states[body]), self.gmst_rad())
    }

    pub fn elements(&self, body: usize) -> OrbitalElements {
        OrbitalElements::from_state(&self.states[body])
    }

    /// Speed relative to the ground below, for telemetry of a body on or near the Earth.
    pub fn earth_relative_speed_mps(&self, body: usize) -> f64 {
        frames::velocity_relative_to_earth_mps(&self.states[body]).norm()
    }

    /// Range (m) and closing rate (m/s, positive when approaching) from body `from` to `to`.
    pub fn range_and_closing_rate(&self, from: usize, to: usize) -> (f64, f64) {
        let (a, b) = (self.states[from], self.states[to]);
        let dr = position_m(&b) - position_m(&a);
        let dv = velocity_mps(&b) - velocity_mps(&a);
        let range = dr.norm();
        (range, -dr.dot(&dv) / range)
    }

    /// The bodies at `met_s`, between the step `earlier` and the next step `later`
    /// (`earlier.met_s <= met_s <= later.met_s`): states by [`hermite_state`], attitudes by
    /// slerp and rates linearly. A body that `earlier` does not have yet (a stage that
    /// separated during the step), or whose reference point moved during it (a spacecraft that
    /// left its launcher flies on from its own origin, not the stack's foot: [`origin_moved`]),
    /// moves in a straight line at its velocity in `later` up to its state there, in its
    /// attitude there, instead of gliding across the move. At `later`'s own instant the result is `later`
    /// exactly, so that frames and samples on a step are the step's state bit for bit.
    pub fn between(earlier: Option<&Snapshot>, later: &Snapshot, met_s: f64) -> Snapshot {
        let Some(earlier) = earlier.filter(|e| e.met_s < later.met_s && met_s < later.met_s - SAME_INSTANT_S) else {
            return later.clone();
        };
        let step_s = later.met_s - earlier.met_s;
        let fraction = ((met_s - earlier.met_s) / step_s).clamp(0.0, 1.0);
        let states = later
            .states
            .iter()
            .enumerate()
            .map(|(body, end)| {
                let lined_up = || state_from(position_m(end) - velocity_mps(end) * step_s, velocity_mps(end));
                let start = earlier.states.get(body).copied().filter(|start| !origin_moved(start, end, step_s));
                hermite_state(&start.unwrap_or_else(lined_up), end, step_s, fraction)
            })
            .collect();
        let attitudes = later
            .attitudes
            .iter()
            .enumerate()
            .map(|(body, end)| match earlier.attitudes.get(body) {
                Some(start) => Attitude {
                    body_to_inertial: start.body_to_inertial.slerp(&end.body_to_inertial, fraction),
                    rate_body_radps: start.rate_body_radps.lerp(&end.rate_body_radps, fraction),
                },
                None => *end,
            })
            .collect();
        Snapshot { met_s, launch: later.launch, ut1_minus_utc_s: later.ut1_minus_utc_s, states, attitudes }
    }
}

/// A jump in a body's position over a step that its velocities do not account for, m: more
/// than any change of thrust or drag within a step makes (a step in acceleration of Δa halfway
/// through leaves Δa·h²/8, 2.5 m for 20 m/s² at a 1 s step), less than a spacecraft's seat on
/// its launcher (38 m).
const ORIGIN_MOVE_M: f64 = 10.0;

/// Whether a body's reference point moved between the step states `start` and `end`: its
/// displacement differs from the trapezoid of its velocities (exact at constant acceleration)
/// by more than [`ORIGIN_MOVE_M`].
fn origin_moved(start: &StateVector, end: &StateVector, step_s: f64) -> bool {
    let travelled = (velocity_mps(start) + velocity_mps(end)) * (0.5 * step_s);
    (position_m(end) - position_m(start) - travelled).norm() > ORIGIN_MOVE_M
}

/// Position and velocity at `fraction` (0 to 1) of a step of `step_s` from `start` to `end`: the
/// cubic Hermite polynomial that matches both positions and both velocities (Burden & Faires,
/// *Numerical Analysis*, 9th ed., §3.4), and its derivative for the velocity. Exact for motion at
/// constant acceleration; on a 1 s orbital step its error is ω⁴·r·h⁴/384 ≈ 3e-8 m.
pub fn hermite_state(start: &StateVector, end: &StateVector, step_s: f64, fraction: f64) -> StateVector {
    let s = fraction;
    let (s2, s3) = (s * s, s * s * s);
    let (p0, v0, p1, v1) =
        (position_m(start), velocity_mps(start) * step_s, position_m(end), velocity_mps(end) * step_s);
    let position =
        p0 * (2.0 * s3 - 3.0 * s2 + 1.0) + v0 * (s3 - 2.0 * s2 + s) + p1 * (3.0 * s2 - 2.0 * s3) + v1 * (s3 - s2);
    let rate = p0 * (6.0 * s2 - 6.0 * s)
        + v0 * (3.0 * s2 - 4.0 * s + 1.0)
        + p1 * (6.0 * s - 6.0 * s2)
        + v1 * (3.0 * s2 - 2.0 * s);
    state_from(position, rate / step_s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::Vector3d;

    /// Motion at constant acceleration from `p0`, `v0`.
    fn accelerated(p0: Vector3d, v0: Vector3d, a: Vector3d, t: f64) -> StateVector {
        state_from(p0 + v0 * t + a * (0.5 * t * t), v0 + a * t)
    }

    #[test]
    fn hermite_is_exact_at_constant_acceleration() {
        let (p0, v0, a) =
            (Vector3d::new(1.0, -2.0, 3.0), Vector3d::new(7700.0, 10.0, -3.0), Vector3d::new(0.0, -9.8, 30.0));
        let h = 2.0;
        let (start, end) = (accelerated(p0, v0, a, 0.0), accelerated(p0, v0, a, h));
        for k in 0..=10 {
            let s = f64::from(k) / 10.0;
            let got = hermite_state(&start, &end, h, s);
            let want = accelerated(p0, v0, a, s * h);
            assert!((got - want).norm() < 1e-9, "s = {s}: {got} vs {want}");
        }
    }

    #[test]
    fn hermite_on_a_circular_orbit_is_within_a_micrometre() {
        let (r, mu) = (6_778_000.0_f64, crate::core::earth::MU_M3_S2);
        let omega = (mu / r.powi(3)).sqrt();
        let circle = |t: f64| {
            let (s, c) = (omega * t).sin_cos();
            state_from(Vector3d::new(r * c, r * s, 0.0), Vector3d::new(-r * omega * s, r * omega * c, 0.0))
        };
        for k in 1..60 {
            let s = f64::from(k) / 60.0;
            let got = hermite_state(&circle(0.0), &circle(1.0), 1.0, s);
            assert!((position_m(&got) - position_m(&circle(s))).norm() < 1e-6, "s = {s}");
            assert!((velocity_mps(&got) - velocity_mps(&circle(s))).norm() < 1e-6, "s = {s}");
        }
    }

    fn snapshot(met_s: f64, states: Vec<StateVector>) -> Snapshot {
        let attitudes = vec![Attitude::at_rest(nalgebra::UnitQuaternion::identity()); states.len()];
        Snapshot {
            met_s,
            launch: UtcInstant::from_calendar(2021, 10, 5, 8, 55, 0.0),
            ut1_minus_utc_s: 0.0,
            states,
            attitudes,
        }
    }

    #[test]
    fn attitude_between_steps_turns_smoothly() {
        let turn = |angle: f64| Attitude {
            body_to_inertial: nalgebra::UnitQuaternion::from_axis_angle(&Vector3d::z_axis(), angle),
            rate_body_radps: Vector3d::new(0.0, 0.0, 0.1),
        };
        let state = state_from(Vector3d::new(7e6, 0.0, 0.0), Vector3d::zeros());
        let earlier = Snapshot { attitudes: vec![turn(0.0)], ..snapshot(0.0, vec![state]) };
        let later = Snapshot { attitudes: vec![turn(0.1)], ..snapshot(1.0, vec![state]) };
        let mid = Snapshot::between(Some(&earlier), &later, 0.25);
        assert!((mid.attitudes[0].body_to_inertial.angle() - 0.025).abs() < 1e-12);
    }

    #[test]
    fn between_gives_the_later_step_exactly_on_it_and_lines_up_new_bodies() {
        let a = state_from(Vector3d::new(1.0, 2.0, 3.0), Vector3d::new(0.1, 0.2, 0.3));
        let b = state_from(Vector3d::new(1.1, 2.2, 3.3), Vector3d::new(0.1, 0.2, 0.3));
        let piece = state_from(Vector3d::new(5.0, 0.0, 0.0), Vector3d::new(2.0, 0.0, 0.0));
        let earlier = snapshot(10.0, vec![a]);
        let later = snapshot(11.0, vec![b, piece]);
        assert_eq!(Snapshot::between(Some(&earlier), &later, 11.0), later);
        assert_eq!(Snapshot::between(None, &later, 10.5), later);
        let mid = Snapshot::between(Some(&earlier), &later, 10.5);
        assert_eq!(mid.met_s, 10.5);
        assert!((position_m(&mid.states[0]) - Vector3d::new(1.05, 2.1, 3.15)).norm() < 1e-12);
        // The new piece: 1 m back along its 2 m/s velocity half a step earlier.
        assert!((position_m(&mid.states[1]) - Vector3d::new(4.0, 0.0, 0.0)).norm() < 1e-12);
        // A body whose reference point moved 38 m during the step (a spacecraft leaving its
        // launcher) is lined up on its later state too, not drawn gliding across the move.
        let seated = state_from(Vector3d::new(40.1, 2.2, 3.3), Vector3d::new(0.1, 0.2, 0.3));
        let mid = Snapshot::between(Some(&earlier), &snapshot(11.0, vec![seated]), 10.5);
        assert!((position_m(&mid.states[0]) - Vector3d::new(40.05, 2.1, 3.15)).norm() < 1e-12);
    }
}
