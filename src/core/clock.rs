//! Turning wall-clock frames into fixed physics steps and the instant each frame shows. Time
//! warp changes how many steps run in a frame, never the step size, so a trajectory is the same
//! at any warp and frame rate. The frame shows its own instant, between the last two steps
//! ([`super::snapshot::Snapshot::between`]): the physics runs at most one step ahead of it.

/// How many fixed steps one frame should run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FrameSteps {
    pub steps: u32,
    /// The frame wanted more steps than the cap allows: the simulation runs slower than the warp.
    pub behind: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FixedStepper {
    /// How far the physics is ahead of the instant the frame shows, seconds: from 0 to one step.
    lead_s: f64,
    pub max_steps_per_frame: u32,
}

impl FixedStepper {
    pub fn new(max_steps_per_frame: u32) -> Self {
        Self { lead_s: 0.0, max_steps_per_frame }
    }

    /// Moves the shown instant on by a frame of `frame_dt_s` wall time at `warp` and returns the
    /// steps of `step_s` to run so that the physics is at or just past it.
    pub fn advance(&mut self, frame_dt_s: f64, warp: f64, step_s: f64) -> FrameSteps {
        self.lead_s -= frame_dt_s.max(0.0) * warp.max(0.0);
        let wanted = if self.lead_s < 0.0 { (-self.lead_s / step_s).ceil() } else { 0.0 };
        let cap = f64::from(self.max_steps_per_frame);
        let steps = wanted.min(cap);
        self.lead_s += steps * step_s;
        let behind = wanted > cap;
        if behind {
            // Drop the backlog instead of letting it grow: the sim slows down rather than
            // freezing the window to catch up. The frame shows the last step.
            self.lead_s = 0.0;
        }
        FrameSteps { steps: steps as u32, behind }
    }

    /// Seconds the physics is ahead of the shown instant.
    pub fn lead_s(&self) -> f64 {
        self.lead_s
    }

    /// Shows the instant `lead_s` (0 to one step) before the physics', e.g. after a jump to a
    /// time between two steps.
    pub fn set_lead(&mut self, lead_s: f64) {
        self.lead_s = lead_s.max(0.0);
    }

    /// Shows the physics' own instant, e.g. after a single step.
    pub fn reset(&mut self) {
        self.lead_s = 0.0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warp_runs_more_steps_and_caps_them() {
        let mut s = FixedStepper::new(1000);
        // Ten seconds of 64 Hz frames at 1x (binary-exact): ten steps of 1 s, the physics never
        // behind the frame and never more than a step ahead.
        let mut total = 0;
        let mut shown_s = 0.0;
        for _ in 0..640 {
            total += s.advance(1.0 / 64.0, 1.0, 1.0).steps;
            shown_s += 1.0 / 64.0;
            let physics_s = f64::from(total);
            assert!(physics_s >= shown_s - 1e-9 && physics_s < shown_s + 1.0, "{physics_s} vs {shown_s}");
            assert!((physics_s - s.lead_s() - shown_s).abs() < 1e-9);
        }
        assert_eq!(total, 10);
        s.reset();
        assert_eq!(s.advance(1.0 / 60.0, 6000.0, 1.0), FrameSteps { steps: 100, behind: false });
        assert_eq!(s.advance(1.0 / 60.0, 100_000.0, 1.0), FrameSteps { steps: 1000, behind: true });
        assert_eq!(s.lead_s(), 0.0);
    }
}
