//! The drag factor ½ρB|v_rel| held over several steps: density is the costliest force to
//! evaluate (NRLMSISE-00), and on an orbit it changes slowly.

use crate::core::atmosphere::Atmosphere;
use crate::core::forces::{DragProperties, ForceModel, StepEnvironment};
use crate::core::frames::velocity_relative_to_earth_mps;
use crate::core::{StateVector, position_m, state_from, velocity_mps};

/// Longest a body's drag factor is held, s, by the atmosphere model: the diurnal bulge and the
/// speed relative to the air change along the orbit too, and the hold's error grows as its
/// square. With the midpoint sample the ISS's 24 h error against the continuous reference is,
/// under NRLMSISE-00, 0.09 m at 15 s and 0.34 m at 30 s (tests/physics.rs holds it under 1 m),
/// under Harris–Priester 0.37 m at 15 s and 1.20 m at 30 s (benches/propagator.rs). A
/// NRLMSISE-00 call is the costliest part of a coasting step (about 5 µs), so it holds 30 s;
/// Harris–Priester's is a table lookup, so it keeps the accuracy of 15 s.
pub fn density_hold_max_s(atmosphere: &Atmosphere) -> f64 {
    match atmosphere {
        Atmosphere::HarrisPriester(_) => 15.0,
        Atmosphere::Nrlmsise00(_) => 30.0,
    }
}

/// Relative change of density a hold may span, |ḣ|·T/H for climb rate ḣ and scale height H.
pub const DENSITY_CHANGE_PER_HOLD: f64 = 0.05;

/// Whole steps of `step_s` that fit in `seconds`, at least one: a limit is not overrun.
pub fn steps_within(seconds: f64, step_s: f64) -> u64 {
    ((seconds / step_s) as u64).max(1)
}

/// How many whole steps of `step_s` a density sampled at `state` may be held, at most `max_s`
/// and no longer than the density takes to change by [`DENSITY_CHANGE_PER_HOLD`] at the climb
/// or descent rate and the radial acceleration of free fall of the moment; and the state halfway through that hold, where the sample is
/// taken so that it stands for the hold's mean rather than its start (the midpoint rule: the
/// error falls from first to second order in the hold). That point comes from the Taylor
/// series of two-body motion, good to a metre over the 15 s ahead of an orbit.
fn hold_and_midpoint(forces: &ForceModel, state: &StateVector, max_s: f64, step_s: f64) -> (u64, StateVector) {
    let (r, v) = (position_m(state), velocity_mps(state));
    let r_m = r.norm();
    // The height gained or lost over T, |ḣ|·T + ½|r̈|·T², kept within change·H. The radial
    // acceleration under gravity, (v² − ḣ²)/r − μ/r², is nearly nothing on an orbit and −g at a
    // falling stage's apogee, where the climb rate alone would hold the sample too long.
    let climb_mps = r.dot(&v).abs() / r_m;
    let radial_mps2 =
        ((v.norm_squared() - climb_mps * climb_mps) / r_m - crate::core::earth::MU_M3_S2 / (r_m * r_m)).abs();
    let allowed_m = DENSITY_CHANGE_PER_HOLD * forces.density_scale_height_m(&r);
    let hold_s = if climb_mps * max_s + 0.5 * radial_mps2 * max_s * max_s <= allowed_m {
        max_s
    } else {
        // The positive root of ½aT² + cT − A = 0, in the form that stays exact as a → 0.
        2.0 * allowed_m / (climb_mps + (climb_mps * climb_mps + 2.0 * radial_mps2 * allowed_m).sqrt())
    };
    let hold_steps = steps_within(hold_s, step_s);
    let half_hold_s = 0.5 * hold_steps as f64 * step_s;
    let gravity_mps2 = -crate::core::earth::MU_M3_S2 / r_m.powi(3) * r;
    let midpoint = state_from(
        r + v * half_hold_s + gravity_mps2 * (0.5 * half_hold_s * half_hold_s),
        v + gravity_mps2 * half_hold_s,
    );
    (hold_steps, midpoint)
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
    /// many whole steps to hold it ([`hold_and_midpoint`], at most [`density_hold_max_s`]): a
    /// coasting stage near its apogee, not yet falling fast, still holds long; an orbiting body
    /// holds the longest; a stage falling through the lower atmosphere samples every step.
    /// Out of line: on an orbit it runs one step in fifteen or thirty.
    #[inline(never)]
    pub fn take(
        forces: &ForceModel,
        env: &StepEnvironment,
        state: &StateVector,
        ballistic_m2_kg: f64,
        (step, step_s): (u64, f64),
        hold_max_s: f64,
    ) -> Self {
        let (hold_steps, midpoint) = hold_and_midpoint(forces, state, hold_max_s, step_s);
        let density = forces.density_kg_m3(&position_m(&midpoint), env);
        let speed = velocity_relative_to_earth_mps(&midpoint).norm();
        Self { until_step: step + hold_steps, drag_factor_per_s: 0.5 * density * ballistic_m2_kg * speed }
    }
}

/// Longest a powered flight holds its density, s: one step. Under thrust the climb rate grows
/// within the hold (from nothing at lift-off), which the bound at the sample does not see; in
/// 1 s at the launcher's 4 g the climb it misses is 20 m, 0.3 % of the lowest scale height.
pub const POWERED_HOLD_MAX_S: f64 = 1.0;

/// Density held over a powered flight's substeps. Its speed and mass change too fast to hold
/// the drag factor, as a coasting body does; its density changes no faster than its climb.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct HeldDensity {
    pub until_met_s: f64,
    pub density_kg_m3: f64,
}

/// The density a powered flight flies the substep at `met_s` (of `substep_s`) with: the held
/// one while it holds, else a new sample at the hold's midpoint, held for whole substeps up
/// to [`POWERED_HOLD_MAX_S`] and no longer than a 5 % change at the climb rate (in the lower
/// atmosphere a few substeps; the launcher called the model every substep before, 2026-12).
pub fn held_density_kg_m3(
    held: &mut Option<HeldDensity>,
    forces: &ForceModel,
    env: &StepEnvironment,
    state: &StateVector,
    (met_s, substep_s): (f64, f64),
) -> f64 {
    match *held {
        // Half a substep of slack: the substeps' instants are sums of floats.
        Some(sample) if met_s < sample.until_met_s - 0.5 * substep_s => sample.density_kg_m3,
        _ => {
            if forces.atmosphere.is_none() {
                return 0.0;
            }
            let (hold_substeps, midpoint) = hold_and_midpoint(forces, state, POWERED_HOLD_MAX_S, substep_s);
            let sample = HeldDensity {
                until_met_s: met_s + hold_substeps as f64 * substep_s,
                density_kg_m3: forces.density_kg_m3(&position_m(&midpoint), env),
            };
            held.insert(sample).density_kg_m3
        }
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
    match (drag, forces.atmosphere.as_deref()) {
        (Some(drag), Some(atmosphere)) => match *density_sample {
            Some(sample) if steps < sample.until_step => sample.drag_factor_per_s,
            _ => {
                let ballistic_m2_kg = drag.ballistic_coefficient_m2_kg(mass_kg);
                density_sample
                    .insert(DensitySample::take(
                        forces,
                        env,
                        state,
                        ballistic_m2_kg,
                        (steps, step_s),
                        density_hold_max_s(atmosphere),
                    ))
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
