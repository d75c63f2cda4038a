//! Turning wall-clock frames into fixed physics steps. Time warp changes how many steps run in a
//! frame, never the step size, so a trajectory is the same at any warp and frame rate.

/// How many fixed steps one frame should run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FrameSteps {
    pub steps: u32,
    /// The frame wanted more steps than the cap allows: the simulation runs slower than the warp.
    pub behind: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FixedStepper {
    /// Simulated time owed but not yet stepped, seconds.
    owed_s: f64,
    pub max_steps_per_frame: u32,
}

impl FixedStepper {
    pub fn new(max_steps_per_frame: u32) -> Self {
        Self { owed_s: 0.0, max_steps_per_frame }
    }

    /// Adds a frame of `frame_dt_s` wall time at `warp` and returns the steps of `step_s` to run.
    pub fn advance(&mut self, frame_dt_s: f64, warp: f64, step_s: f64) -> FrameSteps {
        self.owed_s += frame_dt_s.max(0.0) * warp.max(0.0);
        let wanted = (self.owed_s / step_s).floor();
        let cap = f64::from(self.max_steps_per_frame);
        let steps = wanted.min(cap);
        self.owed_s -= steps * step_s;
        let behind = wanted > cap;
        if behind {
            // Drop the backlog instead of letting it grow: the sim slows down rather than
            // freezing the window to catch up.
            self.owed_s = self.owed_s.min(step_s);
        }
        FrameSteps { steps: steps as u32, behind }
    }

    /// Forgets owed time, e.g. on pause or after a jump.
    pub fn reset(&mut self) {
        self.owed_s = 0.0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warp_runs_more_steps_and_caps_them() {
        let mut s = FixedStepper::new(1000);
        // Ten seconds of 60 Hz frames at 1x: ten steps of 1 s (nine if rounding leaves the last
        // one owed).
        let total: u32 = (0..600).map(|_| s.advance(1.0 / 60.0, 1.0, 1.0).steps).sum();
        assert!((9..=10).contains(&total), "{total}");
        s.reset();
        assert_eq!(s.advance(1.0 / 60.0, 6000.0, 1.0), FrameSteps { steps: 100, behind: false });
        assert_eq!(s.advance(1.0 / 60.0, 100_000.0, 1.0), FrameSteps { steps: 1000, behind: true });
    }
}
