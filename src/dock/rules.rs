//! The game's rules: how a docking by hand is scored.

use crate::core::control::rendezvous::Rendezvous;

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
}
