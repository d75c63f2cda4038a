//! The docking by hand after a Kurs fault: whose hands hold the controllers (a replay, the
//! pilot model or a live player), what they command, what the thrusters they fire do, and how
//! the docking fails (a strike, or the propellant out), after which the hands rest.

use super::pilot::Cues;
use super::rate_hold::{self, HandMode, RateSensed};
use super::rendezvous::{DockingFailure, HandFlight, HandSubstep, Hands, Rendezvous, RendezvousPhase};
use crate::core::StateVector;
use crate::core::Vector3d;
use crate::core::attitude::{Attitude, Inertia};
use crate::core::events::{EventKind, Figure, Reported};
use crate::core::frames::{lvlh_from_eci_matrix, lvlh_rate_radps};
use crate::core::rcs::HandCommand;
use nalgebra::{Rotation3, UnitQuaternion};

/// What the hands hold at `met_s`: the replay's input then, or the pilot model's or the
/// player's command (recorded as it is flown); at rest once the docking has failed. `cues` is
/// what the pilot sees, asked for only by the pilot model.
pub fn command(plan: &mut Rendezvous, met_s: f64, cues: impl FnOnce() -> Cues) -> HandCommand {
    let failed = plan.failure().is_some();
    let Some(fault) = plan.approach.kurs_fault.as_mut() else { return HandCommand::default() };
    match &mut fault.hands {
        _ if failed => HandCommand::default(),
        Hands::Replay(replay) => replay.command_at(met_s),
        Hands::Pilot(pilot, recorded) => {
            let command = pilot.command(met_s, &cues());
            recorded.record(met_s, command);
            command
        }
        Hands::Live(command, recorded) => {
            recorded.record(met_s, *command);
            *command
        }
    }
}

/// What the thrusters the hands fire do over a substep.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct HandThrust {
    /// Inertial acceleration, m/s².
    pub push_mps2: Vector3d,
    pub propellant_kg: f64,
    pub torque_body_nm: Vector3d,
}

/// What the hands' thrusters act on: the ship's state, mass, attitude and inertia, and the
/// station's state (its LVLH frame is what the manual mode holds rates in).
pub struct HandSensed<'a> {
    pub ship: &'a StateVector,
    pub mass_kg: f64,
    pub attitude: &'a Attitude,
    pub inertia: &'a Inertia,
    pub station: &'a StateVector,
}

/// Fires the thrusters `command` selects for `h_s`, from the shared propellant: directly, or
/// through the manual mode's law ([`rate_hold`]) as the hands fly; `None`, and the docking
/// failed, when there is not enough left.
pub fn fire(
    plan: &mut Rendezvous,
    command: &HandCommand,
    (met_s, h_s): (f64, f64),
    sensed: &HandSensed,
    log: &mut Reported,
) -> Option<HandThrust> {
    if let RendezvousPhase::ByHand { hand: HandFlight { substeps: Some(substeps), .. }, .. } = &mut plan.phase {
        substeps.push(HandSubstep {
            met_s,
            ship: *sensed.ship,
            station: *sensed.station,
            attitude: *sensed.attitude,
            command: *command,
            propellant_kg: plan.propellant_kg,
        });
    }
    let mode = plan.approach.kurs_fault.as_ref().map_or(HandMode::Direct, |fault| fault.hands.mode());
    let firing = match (mode, &mut plan.phase) {
        (HandMode::Rate, RendezvousPhase::ByHand { hand, .. }) => {
            let to_lvlh = lvlh_from_eci_matrix(sensed.station);
            let lvlh_to_inertial =
                UnitQuaternion::from_rotation_matrix(&Rotation3::from_matrix_unchecked(to_lvlh.transpose()));
            let rate_sensed = RateSensed {
                attitude: sensed.attitude,
                inertia: sensed.inertia,
                lvlh_to_inertial: &lvlh_to_inertial,
                lvlh_rate_radps: &lvlh_rate_radps(sensed.station),
            };
            rate_hold::rate_firing(&mut hand.rate_hold, &plan.rcs, command, &rate_sensed, h_s)
        }
        _ => plan.rcs.firing(command),
    };
    let burnt_kg = firing.propellant_kg_per_s * h_s;
    if burnt_kg > plan.propellant_kg {
        fail(plan, met_s, DockingFailure::OutOfPropellant, log);
        return None;
    }
    plan.propellant_kg -= burnt_kg;
    Some(HandThrust {
        push_mps2: sensed.attitude.body_to_inertial * firing.force_body_n / sensed.mass_kg,
        propellant_kg: burnt_kg,
        torque_body_nm: firing.torque_body_nm,
    })
}

/// Ends a docking by hand: logs why, once; the hands rest from then on.
pub fn fail(plan: &mut Rendezvous, met_s: f64, failure: DockingFailure, log: &mut Reported) {
    let RendezvousPhase::ByHand { hand, .. } = &mut plan.phase else { return };
    if hand.failure.is_some() {
        return;
    }
    hand.failure = Some(failure.clone());
    match failure {
        DockingFailure::Collision(part) => log.push(met_s, EventKind::Collision, vec![("part", Figure::Text(part))]),
        DockingFailure::OutOfPropellant => log.push(met_s, EventKind::PropellantOut, Vec::new()),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::core::control::rendezvous::tests::rendezvous_by_hand;
    use crate::core::rcs::Deflection;
    use crate::core::replay::{Input, Replay};
    use std::sync::Arc;

    fn forward() -> HandCommand {
        HandCommand {
            translation: [Deflection::Plus, Deflection::Neutral, Deflection::Neutral],
            ..HandCommand::default()
        }
    }

    fn no_cues() -> Cues {
        unreachable!("only the pilot model looks")
    }

    #[test]
    fn hands_replay_their_inputs_and_rest_once_failed() {
        let replay = Replay {
            inputs: vec![
                Input { met_s: 10.0, command: forward() },
                Input { met_s: 12.0, command: HandCommand::default() },
            ],
            ..Replay::empty("test", None)
        };
        let mut plan = rendezvous_by_hand(Hands::Replay(Arc::new(replay)));
        assert_eq!(command(&mut plan, 9.9, no_cues), HandCommand::default());
        assert_eq!(command(&mut plan, 10.5, no_cues), forward());
        assert_eq!(command(&mut plan, 12.0, no_cues), HandCommand::default());
        let mut log = Reported::default();
        fail(&mut plan, 10.6, DockingFailure::Collision("Rassvet".into()), &mut log);
        fail(&mut plan, 10.7, DockingFailure::OutOfPropellant, &mut log);
        assert_eq!(command(&mut plan, 11.0, no_cues), HandCommand::default());
        assert_eq!(log.0.len(), 1, "one failure, logged once: {:?}", log.0);
        assert_eq!(plan.failure(), Some(&DockingFailure::Collision("Rassvet".into())));
    }

    #[test]
    fn a_live_player_is_recorded_as_flown() {
        let mut plan = rendezvous_by_hand(Hands::Live(forward(), Replay::empty("player", Some(5.0))));
        command(&mut plan, 6.0, no_cues);
        command(&mut plan, 6.1, no_cues);
        let Some(fault) = &plan.approach.kurs_fault else { unreachable!() };
        let Hands::Live(_, recorded) = &fault.hands else { unreachable!() };
        assert_eq!(recorded.inputs, vec![Input { met_s: 6.0, command: forward() }]);
    }

    #[test]
    fn firing_burns_the_shared_propellant_and_fails_when_it_runs_out() {
        let mut plan = rendezvous_by_hand(Hands::Live(forward(), Replay::empty("player", None)));
        let (before, mut log) = (plan.propellant_kg, Reported::default());
        let (attitude, inertia) =
            (Attitude::at_rest(UnitQuaternion::identity()), Inertia::solid_cylinder_along_x(7000.0, 7.0, 1.36));
        let station = crate::core::state_from(Vector3d::new(6.8e6, 0.0, 0.0), Vector3d::new(0.0, 7.66e3, 0.0));
        let sensed =
            HandSensed { ship: &station, mass_kg: 7000.0, attitude: &attitude, inertia: &inertia, station: &station };
        let thrust = fire(&mut plan, &forward(), (1.0, 0.1), &sensed, &mut log).unwrap();
        assert!(thrust.push_mps2.x > 0.0 && thrust.propellant_kg > 0.0);
        assert!((before - plan.propellant_kg - thrust.propellant_kg).abs() < 1e-12);
        plan.propellant_kg = 0.5 * thrust.propellant_kg;
        assert_eq!(fire(&mut plan, &forward(), (2.0, 0.1), &sensed, &mut log), None);
        assert_eq!(plan.failure(), Some(&DockingFailure::OutOfPropellant));
        assert_eq!(log.0.iter().map(|e| e.1).collect::<Vec<_>>(), vec![EventKind::PropellantOut]);
    }
}
