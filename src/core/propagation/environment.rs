//! The Sun-dependent environment (the density bulge, the Sun for light and the arrays),
//! refreshed once a refresh period and held over it.

use crate::core::forces::StepEnvironment;
use crate::core::time::UtcInstant;

/// The environment is refreshed every this many seconds of mission time: the Sun moves
/// 2.5 arcsec in a minute.
pub const ENVIRONMENT_REFRESH_S: f64 = 60.0;

/// The environment of the current refresh period and the step range it holds for. It depends
/// only on the step count, so a restored checkpoint flies the same trajectory.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EnvironmentCache(Option<(std::ops::Range<u64>, StepEnvironment)>);

/// The clock a step's environment is read on: the launch, the first step's mission time, the
/// step and UT1−UTC.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StepClock {
    pub launch: UtcInstant,
    pub start_met_s: f64,
    pub step_s: f64,
    pub ut1_minus_utc_s: f64,
}

impl EnvironmentCache {
    /// The environment for step `steps`, recomputed at the start of each refresh period.
    #[inline(always)]
    pub fn for_step(&mut self, steps: u64, clock: &StepClock) -> StepEnvironment {
        match &self.0 {
            Some((range, env)) if range.contains(&steps) => *env,
            _ => self.refresh(steps, clock),
        }
    }

    /// Out of line, like the other work that runs on few steps: inlined, it made the step's
    /// stack frame and register pressure those of the rarest path.
    #[inline(never)]
    fn refresh(&mut self, steps: u64, clock: &StepClock) -> StepEnvironment {
        let period = whole_steps_in(ENVIRONMENT_REFRESH_S, clock.step_s);
        let period_start = steps - steps % period;
        let at = clock.launch.plus_seconds(clock.start_met_s + period_start as f64 * clock.step_s);
        let env = StepEnvironment::at(at, clock.ut1_minus_utc_s);
        self.0 = Some((period_start..period_start + period, env));
        env
    }
}

/// Steps of `step_s` nearest to `seconds`, at least one. Adding ½ and truncating rounds a
/// positive number without the libm call that `f64::round` is on baseline x86-64.
pub fn whole_steps_in(seconds: f64, step_s: f64) -> u64 {
    ((seconds / step_s + 0.5) as u64).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_steps_round_to_the_nearest_and_are_at_least_one() {
        assert_eq!((whole_steps_in(60.0, 1.0), whole_steps_in(14.6, 1.0), whole_steps_in(0.1, 1.0)), (60, 15, 1));
    }

    #[test]
    fn the_environment_is_that_of_its_periods_start_whatever_step_asks_first() {
        let clock = StepClock {
            launch: UtcInstant::from_calendar(2021, 10, 5, 8, 55, 2.0),
            start_met_s: -30.0,
            step_s: 1.0,
            ut1_minus_utc_s: -0.1,
        };
        let (mut fresh, mut walked) = (EnvironmentCache::default(), EnvironmentCache::default());
        for step in 0..130 {
            walked.for_step(step, &clock);
        }
        let period_start = clock.launch.plus_seconds(clock.start_met_s + 120.0);
        assert_eq!(fresh.for_step(129, &clock), StepEnvironment::at(period_start, clock.ut1_minus_utc_s));
        assert_eq!(walked.for_step(129, &clock), fresh.for_step(125, &clock));
        assert_ne!(fresh.for_step(60, &clock), fresh.for_step(59, &clock), "a new period, the Sun moved");
    }
}
