//! Forecasts for the controllers: one-vehicle copies of the mission flown ahead under the full
//! model (the targeter's shooting, `control::targeter::Forecast`); and the whole mission flown
//! ahead for the timeline.

use super::{Body, Mission, Motion, TimelineEvent, merge_flown};
use crate::core::control::rendezvous::{ActiveBurn, Rendezvous, RendezvousPhase};
use crate::core::control::targeter::Forecast;
use crate::core::control::{Command, Controller};
use crate::core::{StateVector, Vector3d, position_m};
use std::sync::Arc;

impl Mission {
    /// The timeline with what the flight itself produces (lift-off, staging, separation...)
    /// in place of the planned entries of the same key, found by flying a copy on from here to
    /// its last planned event, or to a player's takeover: what a player will do is not known
    /// before they do it. Planned entries the physics does not fly (yet) stay as they are.
    pub fn flown_timeline(&self) -> Vec<TimelineEvent> {
        self.timeline_flown_by(&self.flown_copy())
    }

    /// A copy flown on from here to the last planned event, or to a player's takeover.
    pub fn flown_copy(&self) -> Mission {
        let last_planned_met_s = self.timeline.iter().map(|e| e.met_s).fold(0.0, f64::max);
        let horizon_met_s = self.live_takeover_met_s().map_or(last_planned_met_s, |t| t.min(last_planned_met_s));
        let mut copy = self.clone();
        copy.run_to_met(horizon_met_s);
        copy
    }

    /// The timeline with what `flown` (a copy flown on from here) logged in place of the
    /// planned entries of the same key.
    pub fn timeline_flown_by(&self, flown: &Mission) -> Vec<TimelineEvent> {
        merge_flown(&self.timeline, &flown.log).into_iter().map(|(event, _)| event.clone()).collect()
    }

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
            heating_debris: false,
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
