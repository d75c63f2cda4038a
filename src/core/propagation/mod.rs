//! Stepping numerics shared by every vehicle: the drag factor held over steps, one step of free
//! flight, the environment refreshed once a minute, and the adaptive reference the fixed step is
//! measured against. Forces and integrators themselves are `core::forces` and
//! `core::integrator`.

pub mod density_hold;
pub mod environment;
pub mod free_flight;
pub mod reference;

pub use density_hold::{DensitySample, HeldDensity, held_density_kg_m3, held_drag_factor_per_s};
pub use environment::EnvironmentCache;
pub use free_flight::{EQUATORIAL_RADIUS_SQUARED_M2, fly_free};
