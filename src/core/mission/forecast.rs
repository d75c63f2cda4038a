//! Forecasts for the controllers: one-vehicle copies of the mission flown ahead under the full
//! model (the targeter's shooting, `control::targeter::Forecast`).

use super::{Body, Mission, Motion};
use crate::core::control::rendezvous::{ActiveBurn, Rendezvous, RendezvousPhase};
use crate::core::control::targeter::Forecast;
use crate::core::control::{Command, Controller};
use crate::core::{StateVector, Vector3d, position_m};
use std::sync::Arc;

impl Mission {
    /// A copy with only `body` in it (as body 0), flown by no controller (nor its launcher's
    /// record), no log and no timeline: to forecast one body cheaply, whose motion does not depend on the others. A
    /// docked body has no host in the copy: it flies free from its present state.
    pub fn alone(&self, body: usize) -> Mission {
        let mut only = Body {
            launcher: None,
            controller: Controller::Coast,
            command: Command::COAST,
            crew: 0,
            sun_above_limb: None,
            ..self.bodies[body].clone()
        };
        if matches!(only.motion, Motion::Docked { .. }) {
            only.motion = Motion::Free { state: self.state(body) };
        }
        Mission {
            launch: self.launch,
            start_met_s: self.start_met_s,
            step_s: self.step_s,
            steps_taken: self.steps_taken,
            ut1_minus_utc_s: self.ut1_minus_utc_s,
            forces: self.forces.clone(),
            method: self.method,
            bodies: vec![only],
            timeline: Arc::default(),
            event_texts: self.event_texts.clone(),
            log: Vec::new(),
            environment: self.environment.clone(),
            docking_shapes: Default::default(),
        }
    }
}

/// The mission's answers to a spacecraft's targeter: the station and the spacecraft each flown
/// alone from now.
pub struct Forecasts<'a> {
    mission: &'a Mission,
    station: usize,
    craft: usize,
}

impl Mission {
    /// What the targeter of body `craft`, flying to body `station`, learns of the future.
    pub(super) fn forecasts(&self, station: usize, craft: usize) -> Forecasts<'_> {
        Forecasts { mission: self, station, craft }
    }
}

impl Forecast for Forecasts<'_> {
    fn station_at(&self, met_s: f64) -> StateVector {
        let mut future = self.mission.alone(self.station);
        future.run_to_met(met_s);
        future.state(0)
    }

    /// Flies `burn` now through the full model, then coasts: no further burn is planned
    /// before the forecast's end, and without the velocity match the approach stays off.
    fn position_after_burn(&self, plan: &Rendezvous, burn: ActiveBurn, until_met_s: f64) -> Vector3d {
        let mut trial = self.mission.alone(self.craft);
        let phase = RendezvousPhase::Phasing { next: plan.burns.len(), active: Some(burn) };
        trial.bodies[0].controller = Controller::Rendezvous(Box::new(Rendezvous { phase, ..plan.clone() }));
        trial.run_to_met(until_met_s);
        position_m(&trial.state(0))
    }
}
