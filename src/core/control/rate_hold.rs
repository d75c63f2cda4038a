//! The manual mode's control law: what Soyuz MS's motion-control system does with the hand
//! controllers when the crew flies "by hand". The rotation controller commands an angular rate,
//! which the system reaches and holds with the attitude thrusters; with the controller at rest
//! it holds the attitude; the translation controller fires its thrusters on and off, and the
//! attitude control answers the torque they give (the layout's levers would turn the ship). So
//! the crew flies rates and positions, not thrusters. That is the behaviour as crews describe
//! it; no figure of it (rates, deadbands, pulses) was found published, so every figure below
//! is derived (L).
//!
//! Rates are held relative to the LVLH frame of the station: a zero inertial rate would turn
//! the ship off the port's axis at the orbital rate, 0.065 deg/s. Each rotation pair fires for
//! as much of a substep as the rate error needs, down to a minimum pulse.

use crate::core::Vector3d;
use crate::core::attitude::{Attitude, Inertia};
use crate::core::rcs::{Deflection, Firing, HandCommand, Rcs};
use nalgebra::UnitQuaternion;

/// Commanded rate for a full deflection of the rotation controller, rad/s (L: derived; a rate
/// a pilot turns the ship 10 deg with in 20 s, about eight orbital rates).
pub const RATE_PER_DEFLECTION_RADPS: f64 = 0.5 * std::f64::consts::PI / 180.0;
/// Shortest firing of a thruster, s (L: derived; 30 ms, the order of a small bipropellant
/// thruster's minimum pulse).
pub const MIN_PULSE_S: f64 = 0.03;
/// Gain of the attitude hold, rad/s per rad of error (L: derived; the hold's rate command
/// reaches 0.5 deg/s at 5 deg off).
pub const HOLD_GAIN_PER_S: f64 = 0.1;

/// How the hand controllers reach the thrusters.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HandMode {
    /// Each deflection fires its thrusters for as long as it is held (the replays before the
    /// manual mode, and `ms19 dock --direct`).
    #[default]
    Direct,
    /// The manual mode's law: rates commanded, held, and the attitude held at rest.
    Rate,
}

/// What the law keeps between substeps: the attitude relative to LVLH it holds while the
/// rotation controller rests (none while it is deflected, and after its release until the
/// rates are out).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct RateHold {
    held_in_lvlh: Option<UnitQuaternion<f64>>,
}

/// What the law senses: the ship's attitude, its inertia, and the LVLH frame's attitude and
/// angular velocity (inertial).
pub struct RateSensed<'a> {
    pub attitude: &'a Attitude,
    pub inertia: &'a Inertia,
    pub lvlh_to_inertial: &'a UnitQuaternion<f64>,
    pub lvlh_rate_radps: &'a Vector3d,
}

/// The firing over a substep of `h_s`: force, torque and flow averaged over it.
pub fn rate_firing(hold: &mut RateHold, rcs: &Rcs, command: &HandCommand, sensed: &RateSensed, h_s: f64) -> Firing {
    let translation = rcs.firing(&HandCommand { rotation: [Deflection::Neutral; 3], ..*command });
    let to_body = sensed.attitude.body_to_inertial.inverse();
    let rate_relative = sensed.attitude.rate_body_radps - to_body * sensed.lvlh_rate_radps;
    let in_lvlh = sensed.lvlh_to_inertial.inverse() * sensed.attitude.body_to_inertial;
    let resting = command.rotation.iter().all(|d| *d == Deflection::Neutral);
    let wanted_rate = match (resting, hold.held_in_lvlh) {
        // The turn that brings the ship back to the held attitude, in body axes.
        (true, Some(held)) => (in_lvlh.inverse() * held).scaled_axis() * HOLD_GAIN_PER_S,
        // Just released: the rates are taken out first, and the attitude they leave is held.
        (true, None) => Vector3d::zeros(),
        (false, _) => {
            hold.held_in_lvlh = None;
            Vector3d::from_iterator(command.rotation.iter().map(|d| f64::from(d.sign()) * RATE_PER_DEFLECTION_RADPS))
        }
    };
    // The torque that takes the rate error out within this substep (a pulse as long as the
    // error needs, none for an error under a minimum impulse bit), less the translation
    // firings' own.
    let torque_for_rate = sensed.inertia.principal_kg_m2.component_mul(&(wanted_rate - rate_relative)) / h_s;
    let torque_wanted = torque_for_rate - translation.torque_body_nm;
    let mut firing = translation;
    let mut rates_out = true;
    for axis in 0..3 {
        let deflection = if torque_wanted[axis] >= 0.0 { Deflection::Plus } else { Deflection::Minus };
        let mut rotation = [Deflection::Neutral; 3];
        rotation[axis] = deflection;
        let pair = rcs.firing(&HandCommand {
            translation: [Deflection::Neutral; 3],
            rotation,
            both_loops: command.both_loops,
        });
        let full_nm = pair.torque_body_nm[axis].abs();
        rates_out &= on_time_fraction(torque_for_rate[axis].abs() / full_nm, h_s) == 0.0;
        let fraction = on_time_fraction(torque_wanted[axis] / pair.torque_body_nm[axis], h_s);
        firing.force_body_n += pair.force_body_n * fraction;
        firing.torque_body_nm += pair.torque_body_nm * fraction;
        firing.propellant_kg_per_s += pair.propellant_kg_per_s * fraction;
    }
    if resting && rates_out {
        hold.held_in_lvlh.get_or_insert(in_lvlh);
    }
    firing
}

/// Share of a substep of `h_s` a pair fires for a wanted share `wanted` of its full torque:
/// none below a minimum pulse, at most all of it. The error left under a pulse is the rate
/// deadband: a threshold of half a pulse, which rounds, would fire a pulse and its opposite in
/// turn for an error near half a pulse, and a pitch or yaw pair's pulses both push the ship
/// forward (`rcs.rs`): 0.007 m/s² of closing from the hold alone.
fn on_time_fraction(wanted: f64, h_s: f64) -> f64 {
    let min_fraction = MIN_PULSE_S / h_s;
    match wanted {
        w if w.is_nan() || w < min_fraction => 0.0,
        w => w.min(1.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::attitude::attitude_after;
    use crate::core::frames::{lvlh_from_eci_matrix, lvlh_rate_radps};
    use crate::core::{StateVector, state_from};
    use nalgebra::Rotation3;

    const H_S: f64 = 0.1;

    /// Soyuz MS: the scenario's principal moments (config/ms19.ron).
    fn inertia() -> Inertia {
        Inertia { principal_kg_m2: Vector3d::new(4_660.0, 21_960.0, 21_960.0) }
    }

    fn rcs() -> Rcs {
        Rcs::soyuz_ms(130.0, 290.0, Vector3d::new(-0.48, 0.0, 0.0))
    }

    /// The station on a circular 420 km orbit `t_s` after the start.
    fn station(t_s: f64) -> StateVector {
        let r = 6_798e3;
        let n = (crate::core::earth::MU_M3_S2 / (r * r * r)).sqrt();
        let (s, c) = (n * t_s).sin_cos();
        state_from(Vector3d::new(r * c, r * s, 0.0), Vector3d::new(-r * n * s, r * n * c, 0.0))
    }

    fn lvlh_to_inertial(station: &StateVector) -> UnitQuaternion<f64> {
        UnitQuaternion::from_rotation_matrix(&Rotation3::from_matrix_unchecked(
            lvlh_from_eci_matrix(station).transpose(),
        ))
    }

    /// The ship's attitude relative to LVLH, and its rate relative to LVLH in body axes.
    fn relative(attitude: &Attitude, station: &StateVector) -> (UnitQuaternion<f64>, Vector3d) {
        let rate = attitude.rate_body_radps - attitude.body_to_inertial.inverse() * lvlh_rate_radps(station);
        (lvlh_to_inertial(station).inverse() * attitude.body_to_inertial, rate)
    }

    /// Flies `seconds` in substeps under `command`, in `mode`, from `attitude` at `t_s`; the
    /// thrusters' impulse in body axes, N s.
    fn fly(
        mode: HandMode,
        hold: &mut RateHold,
        attitude: &mut Attitude,
        command: HandCommand,
        (t_s, seconds): (f64, f64),
    ) -> Vector3d {
        let steps = (seconds / H_S).round() as u32;
        let mut impulse_n_s = Vector3d::zeros();
        for k in 0..steps {
            let station = station(t_s + f64::from(k) * H_S);
            let firing = match mode {
                HandMode::Direct => rcs().firing(&command),
                HandMode::Rate => {
                    let lvlh = lvlh_to_inertial(&station);
                    let sensed = RateSensed {
                        attitude,
                        inertia: &inertia(),
                        lvlh_to_inertial: &lvlh,
                        lvlh_rate_radps: &lvlh_rate_radps(&station),
                    };
                    rate_firing(hold, &rcs(), &command, &sensed, H_S)
                }
            };
            *attitude = attitude_after(attitude, &inertia(), &firing.torque_body_nm, H_S);
            impulse_n_s += firing.force_body_n * H_S;
        }
        impulse_n_s
    }

    /// The ship at rest relative to LVLH, its probe along LVLH x.
    fn held_in_lvlh() -> Attitude {
        let station = station(0.0);
        let mut attitude = Attitude::at_rest(lvlh_to_inertial(&station));
        attitude.rate_body_radps = attitude.body_to_inertial.inverse() * lvlh_rate_radps(&station);
        attitude
    }

    /// The rate one minimum pulse of an axis's pair gives the ship, rad/s.
    fn min_impulse_bit_radps(axis: usize) -> f64 {
        let mut rotation = [Deflection::Neutral; 3];
        rotation[axis] = Deflection::Plus;
        let torque = rcs().firing(&HandCommand { rotation, ..HandCommand::default() }).torque_body_nm[axis];
        torque.abs() * MIN_PULSE_S / inertia().principal_kg_m2[axis]
    }

    #[test]
    fn a_commanded_rate_is_reached_and_held_and_at_rest_the_rates_return_to_zero() {
        let (mut hold, mut attitude) = (RateHold::default(), held_in_lvlh());
        let yaw_left = HandCommand {
            rotation: [Deflection::Neutral, Deflection::Neutral, Deflection::Plus],
            ..HandCommand::default()
        };
        fly(HandMode::Rate, &mut hold, &mut attitude, yaw_left, (0.0, 10.0));
        let (_, rate) = relative(&attitude, &station(10.0));
        // The commanded yaw rate, and none about the other axes, each to a minimum impulse bit.
        let wanted = Vector3d::new(0.0, 0.0, RATE_PER_DEFLECTION_RADPS);
        for axis in 0..3 {
            let error = (rate[axis] - wanted[axis]).abs();
            assert!(error <= min_impulse_bit_radps(axis), "axis {axis}: {rate:?} against {wanted:?}");
        }
        // Released: within 10 s the rates relative to LVLH are back to zero, and stay there.
        fly(HandMode::Rate, &mut hold, &mut attitude, HandCommand::default(), (10.0, 10.0));
        let (_, rate) = relative(&attitude, &station(20.0));
        for axis in 0..3 {
            assert!(rate[axis].abs() <= min_impulse_bit_radps(axis), "axis {axis}: {rate:?} after 10 s at rest");
        }
    }

    #[test]
    fn full_lateral_translation_leaves_the_attitude_where_it_was_in_the_rate_mode_only() {
        let coarse_right = HandCommand {
            translation: [Deflection::Neutral, Deflection::Plus, Deflection::Neutral],
            both_loops: true,
            ..HandCommand::default()
        };
        let turned_deg = |mode| {
            let (mut hold, mut attitude) = (RateHold::default(), held_in_lvlh());
            let (start, _) = relative(&attitude, &station(0.0));
            fly(mode, &mut hold, &mut attitude, coarse_right, (0.0, 10.0));
            let (end, _) = relative(&attitude, &station(10.0));
            start.angle_to(&end).to_degrees()
        };
        let (rate, direct) = (turned_deg(HandMode::Rate), turned_deg(HandMode::Direct));
        assert!(rate < 1.0, "the rate mode turned the ship {rate} deg");
        assert!(direct > 5.0, "the direct mode, whose levers turn the ship, turned it only {direct} deg");
    }

    #[test]
    fn holding_at_rest_the_pairs_do_not_fire_in_turn_and_push_the_ship() {
        // Off by small rates, as a game's start leaves it (deg/s): the hold takes them out
        // with a few pulses, then rests; pulses in turn would push it forward (pitch and yaw
        // pairs both push forward) by 0.007 m/s each second.
        let (mut hold, mut attitude) = (RateHold::default(), held_in_lvlh());
        attitude.rate_body_radps += Vector3d::new(0.028, -0.0096, 0.0088).map(f64::to_radians);
        let impulse_n_s = fly(HandMode::Rate, &mut hold, &mut attitude, HandCommand::default(), (0.0, 60.0));
        // Soyuz MS at docking, about 7,000 kg.
        let push_mps = impulse_n_s.norm() / 7_000.0;
        assert!(push_mps < 0.01, "60 s of holding pushed the ship {push_mps} m/s");
        let (_, rate) = relative(&attitude, &station(60.0));
        for axis in 0..3 {
            assert!(rate[axis].abs() <= min_impulse_bit_radps(axis), "axis {axis}: {rate:?}");
        }
    }

    #[test]
    fn a_pair_fires_nothing_below_a_minimum_pulse_and_as_long_as_needed_above() {
        let min = MIN_PULSE_S / H_S;
        assert_eq!(on_time_fraction(0.9 * min, H_S), 0.0);
        assert_eq!(on_time_fraction(-1.0, H_S), 0.0);
        assert_eq!(on_time_fraction(min, H_S), min);
        assert_eq!(on_time_fraction(0.5, H_S), 0.5);
        assert_eq!(on_time_fraction(3.0, H_S), 1.0);
    }
}
