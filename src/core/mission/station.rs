//! The station's own flight (`control::station`): its reboost, and a docked visitor's thrusters
//! firing on it, whose force and torque the whole stack takes.

use super::descent::burn_figures;
use super::{Mission, Motion};
use crate::core::attitude::lvlh_attitude;
use crate::core::control::station::UpsetPhase;
use crate::core::control::{Command, Controller};
use crate::core::events::{EventKind, Figure};
use crate::core::{StateVector, Vector3d};

impl Mission {
    /// One step of the station `index`'s own flight: its scheduled burns, each logged as it
    /// starts, and the upset's firing and hand-overs of its attitude control.
    pub(super) fn station_command(&mut self, index: usize) -> Command {
        let (met_s, h) = (self.met_s(), self.step_s);
        let state = self.state(index);
        let body = &mut self.bodies[index];
        let Controller::Station(station) = &mut body.controller else {
            unreachable!("called for the station's controller")
        };
        let s = station.burns.step(met_s, h, &state, body.mass_kg);
        let started = s.started.map(|b| burn_figures(&station.burns.burns[b], body.mass_kg));
        body.mass_kg -= s.step.propellant_kg;
        if let Some(figures) = started {
            self.record(index, met_s, EventKind::Reboost, figures);
        }
        let upset_mps2 = self.fly_upset(index, &state);
        Command::Coast { engine_mps2: s.step.acceleration_mps2 + upset_mps2 }
    }

    /// One step of the upset of station `index` (in `state`) while one is due or under way,
    /// its events logged: the acceleration its visitor's firing gives the station. The firing
    /// begins only with its ship on its port. Nothing is worked out on the other steps.
    fn fly_upset(&mut self, index: usize, state: &StateVector) -> Vector3d {
        let (met_s, h) = (self.met_s(), self.step_s);
        let Some(upset) = self.bodies[index].controller.station().and_then(|s| s.upset.as_ref()) else {
            return Vector3d::zeros();
        };
        let waiting = upset.phase == UpsetPhase::Waiting;
        if upset.phase == UpsetPhase::Over || (waiting && met_s + 0.5 * h < upset.start_met_s) {
            return Vector3d::zeros();
        }
        let load = self.upset_load(index);
        if waiting && load.is_none() {
            return Vector3d::zeros();
        }
        let error_rad = self.bodies[index].attitude.body_to_inertial.angle_to(&lvlh_attitude(state).body_to_inertial);
        let body = &mut self.bodies[index];
        let Controller::Station(station) = &mut body.controller else {
            unreachable!("called for the station's controller")
        };
        let Some(upset) = station.upset.as_mut() else { return Vector3d::zeros() };
        let step = upset.step(met_s, h, error_rad);
        if let Some(control) = step.control {
            body.attitude_control = control;
        }
        let firing = load.filter(|_| upset.firing_now());
        let accel_mps2 = firing.map_or(Vector3d::zeros(), |(_, force_n)| force_n / body.mass_kg);
        let (visitor, thrusters) = (upset.visitor, f64::from(upset.firing.thrusters));
        for kind in step.events {
            let figures = match kind {
                EventKind::ThrusterFiring => vec![
                    ("vehicle", Figure::Text(self.bodies[visitor].label.clone())),
                    ("thrusters", Figure::Number(thrusters)),
                ],
                _ => vec![("error_deg", Figure::Number(error_rad.to_degrees()))],
            };
            self.record(index, met_s, kind, figures);
        }
        accel_mps2
    }

    /// The station whose visitor's thrusters fire now, and the torque they put on it (its body
    /// axes, about its origin), for the step's attitude.
    pub(super) fn upset_torque_nm(&self) -> Option<(usize, Vector3d)> {
        let station = self.station()?;
        let firing = self.bodies[station].controller.station()?.upset.as_ref()?.firing_now();
        firing.then(|| self.upset_load(station).map(|(torque, _)| (station, torque))).flatten()
    }

    /// The firing visitor's torque on station `index` (its body axes, about its origin: the
    /// lever of the visitor's port) and its force (inertial, N).
    fn upset_load(&self, index: usize) -> Option<(Vector3d, Vector3d)> {
        let upset = self.bodies[index].controller.station()?.upset.as_ref()?;
        let Motion::Docked { offset_m, attitude_in_host, .. } = self.bodies[upset.visitor].motion else {
            return None;
        };
        let force_host_n = attitude_in_host * upset.firing.force_body_n;
        let torque_host_nm = offset_m.cross(&force_host_n) + attitude_in_host * upset.firing.torque_body_nm;
        Some((torque_host_nm, self.bodies[index].attitude.body_to_inertial * force_host_n))
    }
}
