//! A pilot model: a controller that works the Soyuz's hand controllers as a trained pilot
//! would, from what the periscope and the range display show, to fly the last tens of metres
//! to the port by hand. Its inputs are recorded as a replay (`core::replay`), which the
//! mission then flies.
//!
//! What it assumes, all L (no published figure for MS-19's manual docking):
//! - Cues: the docking target's cross on the port gives the lateral offset and the attitude
//!   error against the port's axis, the range display the distance and closing rate; all read
//!   without error.
//! - The pilot decides every `decision_interval_s` (0.5 s) and acts `reaction_s` (0.3 s, a
//!   trained operator's choice reaction) after what he saw; translation is held until the next
//!   decision.
//! - Rotation as the hands reach the thrusters ([`HandMode`]): in the manual mode's rate law
//!   (as MS-19 was flown) the rotation controller is deflected towards the attitude error while
//!   it is beyond `attitude_deadband_rad` (0.3 deg, about what the target's cross shows at the
//!   periscope's scale) and held to the next decision, the system holding the attitude between;
//!   with the thrusters direct, one short pulse (`rotation_pulse_s`, 0.1 s), since a half-second
//!   pulse already turns the ship faster than the cross may drift.
//! - Technique (the Soyuz manual-docking exam as Cristoforetti describes it, ESA "Soyuz
//!   training"): keep the cross centred and level, close at a speed that falls with the
//!   distance, touch at 0.06-0.15 m/s; hold off short of the port if not lined up.

use crate::core::Vector3d;
use crate::core::attitude::Attitude;
use crate::core::control::rate_hold::HandMode;
use crate::core::rcs::{Deflection, HandCommand};

/// Who flies a replay the model made, as the replay file names it.
pub const PILOT: &str = "pilot model (src/core/control/pilot.rs, Technique::trained)";

/// What the pilot sees, in the Soyuz's body axes (x along the probe).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Cues {
    /// From the probe's tip to contact, along the port's axis, m.
    pub distance_m: f64,
    pub closing_mps: f64,
    /// Where the port is off the probe's line, across the ship (y, z), m, and how fast it moves.
    pub lateral_body_m: Vector3d,
    pub lateral_rate_body_mps: Vector3d,
    /// The turn that would line the ship up with the port (rotation vector, body axes), rad,
    /// and the ship's rate against the port's frame, rad/s.
    pub attitude_error_body_rad: Vector3d,
    pub rate_error_body_radps: Vector3d,
}

/// What the pilot sees of the ship's relative state (LVLH position and velocity against the
/// station, `eci_from_lvlh` the station's frame) against the port's line (`Approach::port_line`), its
/// `attitude`, and the attitude that lines it up with the port (`wanted`, with its rate).
pub fn cues(
    (contact_point, axis): (Vector3d, Vector3d),
    (p, v): (Vector3d, Vector3d),
    eci_from_lvlh: &nalgebra::Matrix3<f64>,
    attitude: &Attitude,
    wanted: &Attitude,
) -> Cues {
    let offset = p - contact_point;
    let distance_m = offset.dot(&axis);
    let body_from_lvlh = attitude.body_to_inertial.inverse().to_rotation_matrix().into_inner() * eci_from_lvlh;
    // The port seen from the ship: minus the ship's offset from the port's axis.
    let lateral_body_m = body_from_lvlh * -(offset - axis * distance_m);
    let lateral_rate_body_mps = body_from_lvlh * -(v - axis * v.dot(&axis));
    let error = attitude.body_to_inertial.inverse() * wanted.body_to_inertial;
    Cues {
        distance_m,
        closing_mps: -v.dot(&axis),
        lateral_body_m,
        lateral_rate_body_mps,
        attitude_error_body_rad: error.scaled_axis(),
        rate_error_body_radps: attitude.rate_body_radps - error * wanted.rate_body_radps,
    }
}

/// The pilot's habits and limits (see the module's note for their sources).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Technique {
    /// How the controllers reach the thrusters.
    pub hands: HandMode,
    pub decision_interval_s: f64,
    pub reaction_s: f64,
    pub rotation_pulse_s: f64,
    /// Closing speed aimed for: `contact_speed_mps` at the port, `closing_per_s` faster per metre
    /// out, never above `max_closing_mps`.
    pub contact_speed_mps: f64,
    pub closing_per_s: f64,
    pub max_closing_mps: f64,
    /// Lateral: drift back at `lateral_gain_per_s` of the offset, at most `max_lateral_mps`.
    pub lateral_gain_per_s: f64,
    pub max_lateral_mps: f64,
    /// Attitude: turn back at `attitude_gain_per_s` of the error, at most `max_rate_radps`.
    pub attitude_gain_per_s: f64,
    pub max_rate_radps: f64,
    /// Errors below these get no input (a pilot does not chase what he cannot see); above the
    /// speed change of one pulse's half (0.009 m/s along x), so that a pulse does not call for
    /// its opposite.
    pub speed_deadband_mps: f64,
    /// Across, where one pulse gives half as much (one thruster, 0.009 m/s).
    pub lateral_deadband_mps: f64,
    pub rate_deadband_radps: f64,
    /// In the rate mode: attitude errors below this get no rotation input.
    pub attitude_deadband_rad: f64,
    /// Closer than `hold_off_m` and further off the axis than `lined_up_m`: stop closing.
    pub hold_off_m: f64,
    pub lined_up_m: f64,
}

impl Technique {
    /// Shkaplerov's, as modelled, in the manual mode's rate law.
    pub fn trained() -> Self {
        Self {
            hands: HandMode::Rate,
            decision_interval_s: 0.5,
            reaction_s: 0.3,
            rotation_pulse_s: 0.1,
            contact_speed_mps: 0.10,
            closing_per_s: 0.0035,
            max_closing_mps: 0.25,
            lateral_gain_per_s: 0.05,
            max_lateral_mps: 0.05,
            attitude_gain_per_s: 0.1,
            max_rate_radps: 0.3_f64.to_radians(),
            speed_deadband_mps: 0.012,
            lateral_deadband_mps: 0.005,
            rate_deadband_radps: 0.02_f64.to_radians(),
            attitude_deadband_rad: 0.3_f64.to_radians(),
            hold_off_m: 5.0,
            lined_up_m: 0.3,
        }
    }

    /// The closing speed aimed for at `distance_m` from contact.
    pub fn closing_wanted_mps(&self, distance_m: f64) -> f64 {
        (self.contact_speed_mps + self.closing_per_s * distance_m.max(0.0)).min(self.max_closing_mps)
    }

    /// The inputs the pilot decides on from `cues`: one deflection per axis that pushes the
    /// error back towards zero when it leaves its deadband.
    pub fn decide(&self, cues: &Cues) -> HandCommand {
        let push = |wanted: f64, actual: f64, deadband: f64| match wanted - actual {
            e if e > deadband => Deflection::Plus,
            e if e < -deadband => Deflection::Minus,
            _ => Deflection::Neutral,
        };
        let lateral_m = cues.lateral_body_m.y.hypot(cues.lateral_body_m.z);
        let closing_wanted = if cues.distance_m < self.hold_off_m && lateral_m > self.lined_up_m {
            0.0
        } else {
            self.closing_wanted_mps(cues.distance_m)
        };
        let lateral = |axis: usize| {
            // The ship moves towards the port: its velocity across is minus the port's.
            let wanted = (cues.lateral_body_m[axis] * self.lateral_gain_per_s)
                .clamp(-self.max_lateral_mps, self.max_lateral_mps);
            push(wanted, -cues.lateral_rate_body_mps[axis], self.lateral_deadband_mps)
        };
        let rotation = |axis: usize| {
            if self.hands == HandMode::Rate {
                // The controller commands a rate towards the error; at rest the system holds.
                return push(cues.attitude_error_body_rad[axis], 0.0, self.attitude_deadband_rad);
            }
            let wanted = (cues.attitude_error_body_rad[axis] * self.attitude_gain_per_s)
                .clamp(-self.max_rate_radps, self.max_rate_radps);
            push(wanted, cues.rate_error_body_radps[axis], self.rate_deadband_radps)
        };
        HandCommand {
            translation: [push(closing_wanted, cues.closing_mps, self.speed_deadband_mps), lateral(1), lateral(2)],
            rotation: [rotation(0), rotation(1), rotation(2)],
            both_loops: false,
        }
    }
}

/// The pilot in flight: when the next decision is due, the decision on its way to the hands,
/// and what the hands hold.
#[derive(Clone, Debug, PartialEq)]
pub struct Pilot {
    pub technique: Technique,
    next_decision_met_s: f64,
    pending: Option<(f64, HandCommand)>,
    held: HandCommand,
    rotation_until_met_s: f64,
}

impl Pilot {
    /// A pilot who takes the controls at `takeover_met_s`.
    pub fn new(technique: Technique, takeover_met_s: f64) -> Self {
        Self {
            technique,
            next_decision_met_s: takeover_met_s,
            pending: None,
            held: HandCommand::default(),
            rotation_until_met_s: f64::NEG_INFINITY,
        }
    }

    /// The controllers' state at `met_s`, given what the pilot sees then.
    pub fn command(&mut self, met_s: f64, cues: &Cues) -> HandCommand {
        use crate::core::snapshot::SAME_INSTANT_S;
        if met_s + SAME_INSTANT_S >= self.next_decision_met_s {
            self.pending = Some((met_s + self.technique.reaction_s, self.technique.decide(cues)));
            self.next_decision_met_s += self.technique.decision_interval_s;
        }
        if let Some((at, command)) = self.pending
            && met_s + SAME_INSTANT_S >= at
        {
            self.held = command;
            let rotation_s = match self.technique.hands {
                HandMode::Direct => self.technique.rotation_pulse_s,
                HandMode::Rate => self.technique.decision_interval_s,
            };
            self.rotation_until_met_s = at + rotation_s;
            self.pending = None;
        }
        if met_s + SAME_INSTANT_S >= self.rotation_until_met_s {
            HandCommand { rotation: [Deflection::Neutral; 3], ..self.held }
        } else {
            self.held
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Deflection::{Minus, Neutral, Plus};

    fn cues() -> Cues {
        Cues {
            distance_m: 20.0,
            closing_mps: Technique::trained().closing_wanted_mps(20.0),
            lateral_body_m: Vector3d::zeros(),
            lateral_rate_body_mps: Vector3d::zeros(),
            attitude_error_body_rad: Vector3d::zeros(),
            rate_error_body_radps: Vector3d::zeros(),
        }
    }

    #[test]
    fn on_the_profile_and_lined_up_the_hands_rest() {
        assert_eq!(Technique::trained().decide(&cues()), HandCommand::default());
    }

    /// The trained pilot with the thrusters direct.
    fn direct() -> Technique {
        Technique { hands: HandMode::Direct, ..Technique::trained() }
    }

    #[test]
    fn each_error_gets_the_input_that_reduces_it() {
        let t = direct();
        let slow = Cues { closing_mps: 0.05, ..cues() };
        assert_eq!(t.decide(&slow).translation[0], Plus);
        let fast = Cues { closing_mps: 0.4, ..cues() };
        assert_eq!(t.decide(&fast).translation[0], Minus);
        // The port 1 m to the ship's +y: translate +y, nothing on z.
        let off = Cues { lateral_body_m: Vector3d::new(0.0, 1.0, 0.0), ..cues() };
        assert_eq!(t.decide(&off).translation[1..], [Plus, Neutral]);
        // Turned 2 deg short about +z: yaw plus; already turning back fast enough: nothing.
        let turned = Cues { attitude_error_body_rad: Vector3d::new(0.0, 0.0, 2.0_f64.to_radians()), ..cues() };
        assert_eq!(t.decide(&turned).rotation, [Neutral, Neutral, Plus]);
        let returning = Cues { rate_error_body_radps: Vector3d::new(0.0, 0.0, 0.2_f64.to_radians()), ..turned };
        assert_eq!(t.decide(&returning).rotation, [Neutral, Neutral, Neutral]);
        // Close in and a metre off the axis: stop closing (brake), move across.
        let misaligned = Cues { distance_m: 3.0, lateral_body_m: Vector3d::new(0.0, 0.0, -1.0), ..cues() };
        assert_eq!(t.decide(&misaligned).translation, [Minus, Neutral, Minus]);
    }

    #[test]
    fn in_the_rate_mode_the_rotation_controller_is_held_towards_the_error_beyond_its_deadband() {
        let t = Technique::trained();
        assert_eq!(t.hands, HandMode::Rate);
        let turned = Cues { attitude_error_body_rad: Vector3d::new(0.0, -0.5_f64.to_radians(), 0.0), ..cues() };
        assert_eq!(t.decide(&turned).rotation, [Neutral, Minus, Neutral]);
        // Turning already does not matter: the system holds the rate the deflection commands.
        let returning = Cues { rate_error_body_radps: Vector3d::new(0.0, -0.5_f64.to_radians(), 0.0), ..turned };
        assert_eq!(t.decide(&returning).rotation, [Neutral, Minus, Neutral]);
        let close = Cues { attitude_error_body_rad: Vector3d::new(0.0, 0.2_f64.to_radians(), 0.0), ..cues() };
        assert_eq!(t.decide(&close).rotation, [Neutral; 3], "inside the deadband the system holds");
        // Held to the next decision, not pulsed.
        let mut pilot = Pilot::new(t, 100.0);
        let seen = [(100.0, turned), (100.3, turned), (100.5, close), (100.7, close), (100.8, close)];
        let held: Vec<Deflection> = seen.iter().map(|(s, cues)| pilot.command(*s, cues).rotation[1]).collect();
        // Acted on at 100.3 and held until the decision seen at 100.5 acts, at 100.8.
        assert_eq!(held, [Neutral, Minus, Minus, Minus, Neutral]);
    }

    #[test]
    fn the_hands_act_a_reaction_time_after_the_cue_and_rotation_is_a_pulse() {
        let mut pilot = Pilot::new(direct(), 100.0);
        let turned = Cues { attitude_error_body_rad: Vector3d::new(0.0, 2.0_f64.to_radians(), 0.0), ..cues() };
        let at = |pilot: &mut Pilot, t: f64| pilot.command(t, &turned);
        assert_eq!(at(&mut pilot, 100.0), HandCommand::default(), "seen, not yet acted on");
        assert_eq!(at(&mut pilot, 100.2), HandCommand::default());
        assert_eq!(at(&mut pilot, 100.3).rotation[1], Plus, "0.3 s later");
        assert_eq!(at(&mut pilot, 100.4).rotation[1], Neutral, "a 0.1 s pulse");
        // The next decision at 100.5 acts at 100.8.
        assert_eq!(at(&mut pilot, 100.5).rotation[1], Neutral);
        assert_eq!(at(&mut pilot, 100.8).rotation[1], Plus);
    }

    #[test]
    fn the_closing_speed_falls_to_the_touch_speed() {
        let t = Technique::trained();
        assert!((t.closing_wanted_mps(0.0) - 0.10).abs() < 1e-12);
        assert!((t.closing_wanted_mps(20.0) - 0.17).abs() < 1e-12);
        assert_eq!(t.closing_wanted_mps(100.0), 0.25);
        // Inside the exam's 0.06-0.15 m/s at the touch.
        assert!((0.06..=0.15).contains(&t.closing_wanted_mps(0.0)));
    }
}
