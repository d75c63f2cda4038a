//! Who docks by hand after a Kurs fault, and where: the replay, the pilot model or a player,
//! the game's own starts, and what the pilot sees.

use super::{Mission, Motion};
use crate::core::attitude::Attitude;
use crate::core::control::attitude::docking_attitude;
use crate::core::control::pilot;
use crate::core::control::rate_hold::HandMode;
use crate::core::control::rendezvous::{Approach, Hands, KursFault, RendezvousPhase};
use crate::core::rcs::HandCommand;
use crate::core::replay::{Replay, Start, StartError};
use crate::core::{StateVector, Vector3d};
use crate::core::{frames, position_m, state_from, velocity_mps};
use nalgebra::UnitQuaternion;
use std::sync::Arc;

impl Mission {
    /// Every spacecraft's Kurs fault: the dockings by hand.
    fn kurs_faults_mut(&mut self) -> impl Iterator<Item = &mut KursFault> {
        self.bodies.iter_mut().filter_map(|b| b.controller.rendezvous_mut()?.approach.kurs_fault.as_mut())
    }

    /// Hands every docking after a Kurs fault to the pilot model (`control::pilot`) flying
    /// `technique`, instead of the scenario's replay; its inputs are recorded as it flies
    /// ([`Mission::pilot_replay`]).
    pub fn fly_pilot_model(&mut self, technique: pilot::Technique) {
        for fault in self.kurs_faults_mut() {
            let pilot = pilot::Pilot::new(technique, fault.takeover_met_s);
            let recorded = Replay { mode: technique.hands, ..Replay::empty(pilot::PILOT, None) };
            fault.hands = Hands::Pilot(Box::new(pilot), recorded);
        }
    }

    /// Hands every docking after a Kurs fault to `replay`'s inputs.
    pub fn fly_replay(&mut self, replay: Arc<Replay>) {
        for fault in self.kurs_faults_mut() {
            fault.takeover_met_s = replay.takeover_met_s.unwrap_or(fault.takeover_met_s);
            fault.hands = Hands::Replay(replay.clone());
        }
    }

    /// Hands every docking after a Kurs fault to a player, who takes the controls at
    /// `takeover_met_s` (or when the fault strikes, if later); [`Mission::set_live_hands`] sets
    /// what the controllers hold.
    pub fn fly_live(&mut self, takeover_met_s: f64, player: &str, mode: HandMode) {
        for fault in self.kurs_faults_mut() {
            fault.takeover_met_s = takeover_met_s;
            let recorded = Replay { mode, ..Replay::empty(player, Some(takeover_met_s)) };
            fault.hands = Hands::Live(HandCommand::default(), recorded);
        }
    }

    /// Keeps every substep of the dockings flown by hand from here on, for their telemetry.
    pub fn keep_hand_substeps(&mut self) {
        self.kurs_faults_mut().for_each(|fault| fault.keeps_substeps = true);
    }

    /// The earliest takeover by a player on the controllers, if one flies.
    pub fn live_takeover_met_s(&self) -> Option<f64> {
        self.bodies
            .iter()
            .filter_map(|b| b.controller.rendezvous()?.approach.kurs_fault.as_ref())
            .filter(|fault| matches!(fault.hands, Hands::Live(..)))
            .map(|fault| fault.takeover_met_s)
            .reduce(f64::min)
    }

    /// Flies to the takeover after the Kurs fault, then moves the ship to `start`
    /// ([`Mission::place_for_docking`]): the docking game's own starts, their errors drawn by
    /// `error` (the game's rule) for the port's axis.
    pub fn start_docking(&mut self, start: Start, error: fn(&Start, &Vector3d) -> StartError) {
        let takeover = self.kurs_faults_mut().next().map(|f| f.takeover_met_s);
        if let Some(met_s) = takeover {
            self.run_to_met(met_s);
            self.place_for_docking(start, error);
        }
    }

    /// Moves every spacecraft stopped by a Kurs fault to `start`: on the port's axis at its
    /// distance, off it by `error`'s draw, held there until the pilot takes over; a player's
    /// recording notes the start. Call at or after the stop.
    pub fn place_for_docking(&mut self, start: Start, error: fn(&Start, &Vector3d) -> StartError) {
        let Some(host) = self.station() else { return };
        let station = self.state(host);
        let eci_from_lvlh = frames::lvlh_from_eci_matrix(&station).transpose();
        for index in 0..self.bodies.len() {
            let Some(plan) = self.bodies[index].controller.rendezvous_mut() else { continue };
            let axis = plan.approach.port_axis_lvlh;
            let error = error(&start, &axis);
            let p = plan.approach.contact_point_lvlh() + axis * start.distance_m + error.offset_lvlh_m;
            let RendezvousPhase::KursStopped { held_at_lvlh_m, .. } = &mut plan.phase else { continue };
            *held_at_lvlh_m = p;
            if let Some(KursFault { hands: Hands::Live(_, recorded), .. }) = &mut plan.approach.kurs_fault {
                recorded.start = Some(start);
            }
            let dr = eci_from_lvlh * p;
            let dv = frames::lvlh_rate_radps(&station).cross(&dr) + eci_from_lvlh * error.velocity_lvlh_mps;
            self.bodies[index].motion =
                Motion::Free { state: state_from(position_m(&station) + dr, velocity_mps(&station) + dv) };
            let wanted = docking_attitude(&-axis, &station);
            let turned = wanted.body_to_inertial * UnitQuaternion::from_scaled_axis(error.attitude_rad);
            self.bodies[index].attitude =
                Attitude { body_to_inertial: turned, rate_body_radps: wanted.rate_body_radps + error.rate_radps };
        }
    }

    /// What a player's controllers hold from now on.
    pub fn set_live_hands(&mut self, command: HandCommand) {
        for fault in self.kurs_faults_mut() {
            if let Hands::Live(held, _) = &mut fault.hands {
                *held = command;
            }
        }
    }

    /// The inputs the pilot model, or a player, has given body `index` so far.
    pub fn pilot_replay(&self, index: usize) -> Option<&Replay> {
        match &self.rendezvous_of(index)?.approach.kurs_fault.as_ref()?.hands {
            Hands::Pilot(_, recorded) | Hands::Live(_, recorded) => Some(recorded),
            Hands::Replay(_) => None,
        }
    }

    /// What the pilot of body `index` sees now (the HUD's figures), once its approach is on
    /// the port's axis.
    pub fn docking_cues(&self, index: usize) -> Option<pilot::Cues> {
        let plan = self.rendezvous_of(index).filter(|p| p.matched())?;
        Some(cues_on(&plan.approach, &self.state(self.station()?), &self.state(index), &self.bodies[index].attitude))
    }

    /// How far ahead of body `index`'s probe its port is while its floodlights are on (from the
    /// approach until the hooks close), m; none otherwise. The light metering and the bounce
    /// light both go by it, so the cues are not worked out once the lamps are off.
    pub fn floodlit_range_m(&self, index: usize) -> Option<f64> {
        self.rendezvous_of(index).filter(|plan| plan.floodlights_on())?;
        self.docking_cues(index).map(|cues| cues.distance_m.max(0.0))
    }

    /// What the pilot of body `index` sees at the instant `shown` holds (the picture's, which
    /// the mission may have stepped past), once its approach is on the port's axis.
    pub fn docking_cues_shown(&self, index: usize, shown: &crate::core::snapshot::Snapshot) -> Option<pilot::Cues> {
        let plan = self.rendezvous_of(index).filter(|p| p.matched())?;
        let (ship, host) = (shown.states.get(index)?, shown.states.get(self.station()?)?);
        Some(cues_on(&plan.approach, host, ship, shown.attitudes.get(index)?))
    }
}

/// What the pilot of a ship at `ship` and `attitude` sees of `approach`'s port on the station
/// at `station`: the HUD's figures, for the present ([`Mission::docking_cues`]) and for a
/// substep flown by hand (the telemetry).
pub fn cues_on(approach: &Approach, station: &StateVector, ship: &StateVector, attitude: &Attitude) -> pilot::Cues {
    let relative = frames::relative_lvlh(station, ship);
    let eci_from_lvlh = frames::lvlh_from_eci_matrix(station).transpose();
    let wanted = docking_attitude(&-approach.port_axis_lvlh, station);
    pilot::cues(approach.port_line(), relative, &eci_from_lvlh, attitude, &wanted)
}
