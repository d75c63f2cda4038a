//! One step of free flight with the drag factor and any engine held over it.

use crate::core::forces::ForceModel;
use crate::core::frames::velocity_relative_to_earth_mps;
use crate::core::integrator::Method;
use crate::core::{StateVector, Vector3d, position_m};

/// Inside this radius a body may be under the ground: the cheap test before the geodetic one.
pub const EQUATORIAL_RADIUS_SQUARED_M2: f64 =
    crate::core::earth::EQUATORIAL_RADIUS_M * crate::core::earth::EQUATORIAL_RADIUS_M;

/// One step of free flight under gravity, drag −k·v_rel with the held factor k, and `engine`;
/// whether the body ends it inside the equatorial radius, where it may be under the ground.
/// Out of line, so that the integrator has the registers to itself, and the test reads the new
/// state from registers (benches/propagator.rs measured both).
#[inline(never)]
pub fn fly_free(
    forces: &ForceModel,
    method: Method,
    state: &mut StateVector,
    drag_factor_per_s: f64,
    engine_mps2: &Vector3d,
    h_s: f64,
) -> bool {
    let start = read_by_components(state);
    let held_mps2 = engine_mps2 - drag_factor_per_s * velocity_relative_to_earth_mps(&start);
    let next = forces.step(method, &start, &held_mps2, h_s);
    *state = next;
    position_m(&next).norm_squared() < EQUATORIAL_RADIUS_SQUARED_M2
}

/// A state read one component at a time. The step before stored it in 16-byte pairs; the
/// vector loads LLVM would otherwise use to read it back straddle two of those stores, which
/// the store buffer cannot forward, so they wait until the stores reach the cache
/// (benches/propagator.rs). `black_box` keeps each load a load of its own, without `unsafe`.
#[inline(always)]
fn read_by_components(state: &StateVector) -> StateVector {
    StateVector::from_fn(|i, _| std::hint::black_box(state[i]))
}
