//! The drag factor ½ρB|v_rel| held over several steps: density is the costliest force to
//! evaluate (NRLMSISE-00), and on an orbit it changes slowly.

use crate::core::forces::{DragProperties, ForceModel, StepEnvironment};
use crate::core::frames::velocity_relative_to_earth_mps;
use crate::core::{StateVector, position_m, state_from, velocity_mps};

/// Longest a body's drag factor is held, s: the diurnal bulge and the speed relative to the air
/// change along the orbit too. 15 s, with the midpoint sample, holds the ISS's 24 h error to
/// 0.37 m, as 10 s sampled at the start had (benches/propagator.rs).
pub const DENSITY_HOLD_MAX_S: f64 = 15.0;

/// Relative change of density a hold may span, |ḣ|·T/H for climb rate ḣ and scale height H.
pub const DENSITY_CHANGE_PER_HOLD: f64 = 0.05;

/// Whole steps of `step_s` that fit in `seconds`, at least one: a limit is not overrun.
pub fn steps_within(seconds: f64, step_s: f64) -> u64 {
    ((seconds / step_s) as u64).max(1)
}

/// ½ ρ B |v_rel| sampled at a step: drag is then −factor · v_rel, with v_rel taken each step.
/// |v_rel| changes by under 0.05 % in the hold on a near-circular orbit.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DensitySample {
    pub until_step: u64,
    pub drag_factor_per_s: f64,
}

impl DensitySample {
    /// Samples a body's drag factor at `state`, the state of step `step`, and says for how
    /// many whole steps to hold it: at most [`DENSITY_HOLD_MAX_S`], and no longer than the
    /// density takes to change by [`DENSITY_CHANGE_PER_HOLD`] at the climb or descent rate of
    /// the moment (a coasting stage near its apogee, not yet falling fast, still holds long).
    /// An orbiting body holds the longest; a stage falling through the lower atmosphere samples
    /// every step.
    ///
    /// The sample is taken where the body will be halfway through the hold, so that the held
    /// value stands for the hold's mean rather than its start (the midpoint rule: the error
    /// falls from first to second order in the hold). That point comes from the Taylor series
    /// of two-body motion, good to a metre over the 7.5 s ahead. Out of line: on an orbit it
    /// runs one step in fifteen.
    #[inline(never)]
    pub fn take(
        forces: &ForceModel,
        env: &StepEnvironment,
        state: &StateVector,
        ballistic_m2_kg: f64,
        step: u64,
        step_s: f64,
    ) -> Self {
        let (r, v) = (position_m(state), velocity_mps(state));
        // |ḣ|·T ≤ change·H with ḣ = r·v/|r|, multiplied out so that the usual case, an orbit
        // that may hold the longest, is decided without a division.
        let (climb_m2_s, allowed_m2) =
            (r.dot(&v).abs(), DENSITY_CHANGE_PER_HOLD * forces.density_scale_height_m(&r) * r.norm());
        let hold_steps = steps_within(
            if climb_m2_s * DENSITY_HOLD_MAX_S <= allowed_m2 { DENSITY_HOLD_MAX_S } else { allowed_m2 / climb_m2_s },
            step_s,
        );
        let half_hold_s = 0.5 * hold_steps as f64 * step_s;
        let gravity_mps2 = -crate::core::earth::MU_M3_S2 / r.norm().powi(3) * r;
        let midpoint = state_from(
            r + v * half_hold_s + gravity_mps2 * (0.5 * half_hold_s * half_hold_s),
            v + gravity_mps2 * half_hold_s,
        );
        let density = forces.density_kg_m3(&position_m(&midpoint), env);
        let speed = velocity_relative_to_earth_mps(&midpoint).norm();
        Self { until_step: step + hold_steps, drag_factor_per_s: 0.5 * density * ballistic_m2_kg * speed }
    }
}

/// The drag factor −a/v_rel a body flies this step with: its held sample while it holds, else a
/// new one ([`DensitySample::take`]); none without drag properties or an atmosphere.
#[inline(always)]
pub fn held_drag_factor_per_s(
    drag: Option<DragProperties>,
    mass_kg: f64,
    density_sample: &mut Option<DensitySample>,
    forces: &ForceModel,
    env: &StepEnvironment,
    state: &StateVector,
    (steps, step_s): (u64, f64),
) -> f64 {
    match (drag, &forces.atmosphere) {
        (Some(drag), Some(_)) => match *density_sample {
            Some(sample) if steps < sample.until_step => sample.drag_factor_per_s,
            _ => {
                let ballistic_m2_kg = drag.ballistic_coefficient_m2_kg(mass_kg);
                density_sample
                    .insert(DensitySample::take(forces, env, state, ballistic_m2_kg, steps, step_s))
                    .drag_factor_per_s
            }
        },
        _ => 0.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_within_truncate_and_are_at_least_one() {
        assert_eq!((steps_within(14.9, 1.0), steps_within(15.0, 1.0), steps_within(0.2, 1.0)), (14, 15, 1));
    }
}
