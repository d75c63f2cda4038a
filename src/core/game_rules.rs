//! The game's rules: how a docking by hand is scored, and the errors its own starts begin with.

use crate::core::Vector3d;
use crate::core::control::rendezvous::Rendezvous;
use crate::core::replay::{Start, StartError};

/// The game's score for a docking: 1,000 points, less 2 a second from the takeover to contact
/// and 20 a kilogram of propellant, never below zero (ours: time and propellant are what a
/// Soyuz commander is judged on, besides the contact itself).
pub fn score(seconds_to_contact: f64, propellant_kg: f64) -> u32 {
    (1000.0 - 2.0 * seconds_to_contact.max(0.0) - 20.0 * propellant_kg.max(0.0)).max(0.0).round() as u32
}

/// The score of `plan`'s docking by hand, once docked: from the takeover to contact, and the
/// propellant used by hand.
pub fn docking_score(plan: &Rendezvous) -> Option<u32> {
    let (contact, by_hand) = plan.docked_by_hand()?;
    Some(score(contact.met_s - by_hand.since_met_s, plan.propellant_used_by_hand_kg()))
}

/// Up to 5 % of the distance across the axis (a Kurs hold is that good), 2 cm/s each way,
/// 2 deg and 0.05 deg/s about each axis (ours: small enough to fly, large enough to need it).
pub fn start_error(start: &Start, port_axis_lvlh: &Vector3d) -> StartError {
    let mut state = start.seed;
    let mut uniform = || crate::core::random::signed_unit(&mut state);
    let mut vector = |scale: f64| Vector3d::new(uniform(), uniform(), uniform()) * scale;
    let offset = vector(0.05 * start.distance_m);
    StartError {
        offset_lvlh_m: offset - port_axis_lvlh * offset.dot(port_axis_lvlh),
        velocity_lvlh_mps: vector(0.02),
        attitude_rad: vector(2.0_f64.to_radians()),
        rate_radps: vector(0.05_f64.to_radians()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_score_falls_with_time_and_propellant() {
        assert_eq!(score(0.0, 0.0), 1000);
        // 253 s and 2.1 kg: 1,000 - 506 - 42.
        assert_eq!(score(253.0, 2.1), 452);
        assert!(score(100.0, 1.0) > score(100.0, 2.0) && score(100.0, 1.0) > score(200.0, 1.0));
        assert_eq!(score(1e6, 0.0), 0);
    }

    #[test]
    fn a_seeded_start_is_the_same_each_time_and_small() {
        let axis = Vector3d::z();
        let start = Start { distance_m: 100.0, seed: 7 };
        let (a, b) = (start_error(&start, &axis), start_error(&start, &axis));
        assert_eq!(a, b);
        assert_ne!(a, start_error(&Start { seed: 8, ..start }, &axis));
        assert!(a.offset_lvlh_m.z.abs() < 1e-12, "across the axis only");
        assert!(a.offset_lvlh_m.norm() <= 5.0 * 3f64.sqrt() && a.velocity_lvlh_mps.amax() <= 0.02);
        assert!(a.attitude_rad.amax() <= 2.0_f64.to_radians() && a.rate_radps.amax() <= 0.05_f64.to_radians());
    }
}
