//! Stepping numerics shared by every vehicle: the drag factor held over steps, one step of free
//! flight, the environment refreshed once a minute, and the adaptive reference the fixed step is
//! measured against. Forces and integrators themselves are `core::forces` and
//! `core::integrator`.

pub mod density_hold;
pub mod environment;
pub mod free_flight;
pub mod reference;

pub use density_hold::{DENSITY_CHANGE_PER_HOLD, DENSITY_HOLD_MAX_S, DensitySample, held_drag_factor_per_s};
pub use environment::EnvironmentCache;
pub use free_flight::{EQUATORIAL_RADIUS_SQUARED_M2, fly_free};

/// Steps of `step_s` nearest to `seconds`, at least one. Adding ½ and truncating rounds a
/// positive number without the libm call that `f64::round` is on baseline x86-64.
pub fn whole_steps_in(seconds: f64, step_s: f64) -> u64 {
    ((seconds / step_s + 0.5) as u64).max(1)
}

/// Whole steps of `step_s` that fit in `seconds`, at least one: a limit is not overrun.
pub fn steps_within(seconds: f64, step_s: f64) -> u64 {
    ((seconds / step_s) as u64).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_steps_round_and_steps_within_truncate_and_both_give_at_least_one() {
        assert_eq!((whole_steps_in(60.0, 1.0), whole_steps_in(14.6, 1.0), whole_steps_in(0.1, 1.0)), (60, 15, 1));
        assert_eq!((steps_within(14.9, 1.0), steps_within(0.2, 1.0)), (14, 1));
    }
}
