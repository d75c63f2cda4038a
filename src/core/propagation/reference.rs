//! The truth the fixed step is measured against (tests/physics.rs, benches/propagator.rs).

use crate::core::forces::{ForceModel, StepEnvironment};
use crate::core::time::UtcInstant;
use crate::core::{StateVector, position_m, state_from, velocity_mps};

/// Where a free body starting at `state` at `start` will be `seconds` later under `forces`
/// evaluated continuously, by adaptive Dormand–Prince 5(4) at `rel_tol`: density, drag and the
/// bulge's Sun at every evaluation, where the fixed step holds drag over a step, density up to
/// 15 or 30 s and the Sun over a minute. It flies no thrust.
pub fn reference_state_after(
    forces: &ForceModel,
    (start, ut1_minus_utc_s): (UtcInstant, f64),
    state: &StateVector,
    ballistic_m2_kg: f64,
    seconds: f64,
    rel_tol: f64,
) -> StateVector {
    let mut derivative = |t: f64, y: &StateVector| {
        let env = StepEnvironment::at(start.plus_seconds(t), ut1_minus_utc_s);
        let density = forces.density_kg_m3(&position_m(y), &env);
        let drag_mps2 = ForceModel::drag_acceleration_mps2(y, density, ballistic_m2_kg);
        state_from(
            velocity_mps(y),
            crate::core::earth::gravity_acceleration_mps2(&position_m(y), forces.zonal) + drag_mps2,
        )
    };
    crate::core::integrator::dopri5_adaptive(&mut derivative, 0.0, state, seconds, rel_tol, 1e-6)
}
