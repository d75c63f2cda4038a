//! The flight-dynamics core: SI units, f64, nalgebra, no Bevy types.
//!
//! The inertial frame is TEME of date, the frame SGP4 returns: true equator, mean equinox. For a
//! mission of days its axes are fixed to better than the arcseconds that precession moves them,
//! and Earth-fixed coordinates follow from it by one rotation through GMST (Vallado §3.7.4),
//! which is the convention the TLE's ground track is defined in.

pub mod atmosphere;
pub mod attitude;
pub mod clock;
pub mod contact;
pub mod control;
pub mod earth;
pub mod elements;
pub mod events;
pub mod floodlights;
pub mod forces;
pub mod frames;
pub mod game_rules;
pub mod geometry;
pub mod integrator;
pub mod lambert;
pub mod launch_cloud;
pub mod launcher;
pub mod mission;
pub mod plumes;
pub mod propagation;
pub mod random;
pub mod rcs;
pub mod replay;
pub mod snapshot;
pub mod sun;
pub mod time;
pub mod tle;
pub mod tracks;

pub type Vector3d = nalgebra::Vector3<f64>;
/// Position (m) then velocity (m/s), inertial frame.
pub type StateVector = nalgebra::Vector6<f64>;

#[inline]
pub fn position_m(state: &StateVector) -> Vector3d {
    state.fixed_rows::<3>(0).into_owned()
}

#[inline]
pub fn velocity_mps(state: &StateVector) -> Vector3d {
    state.fixed_rows::<3>(3).into_owned()
}

#[inline]
pub fn state_from(position_m: Vector3d, velocity_mps: Vector3d) -> StateVector {
    StateVector::new(position_m.x, position_m.y, position_m.z, velocity_mps.x, velocity_mps.y, velocity_mps.z)
}
