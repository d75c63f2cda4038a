//! The attitudes the mission sets at the end of a step: guided bodies where their controller
//! points them, bodies on the ground turned with the Earth, docked ones with their host.

use super::{Mission, Motion};
use crate::core::attitude::{Attitude, AttitudeControl, attitude_after, hold_torque_nm};
use crate::core::control::attitude::{docking_attitude, velocity_attitude};
use crate::core::{StateVector, Vector3d};
use nalgebra::UnitQuaternion;

impl Mission {
    /// The attitudes the mission sets at the end of a step: guided bodies where their
    /// controller's frame points them, bodies on the ground turned on with the Earth, docked
    /// ones with their host as they were at contact. Bodies their launcher or their thrusters
    /// turned in the substeps keep that attitude.
    #[inline(never)]
    pub(super) fn point_bodies(&mut self) {
        let h = self.step_s;
        let earth_turn =
            UnitQuaternion::from_axis_angle(&Vector3d::z_axis(), crate::core::earth::ROTATION_RATE_RAD_S * h);
        for index in 0..self.bodies.len() {
            let body = &self.bodies[index];
            let next = match (&body.motion, body.attitude_control) {
                (Motion::EarthFixed { .. }, _) => {
                    Attitude { body_to_inertial: earth_turn * body.attitude.body_to_inertial, ..body.attitude }
                }
                (Motion::Free { .. }, AttitudeControl::Guided { .. }) if body.controller.turns_itself() => continue,
                (Motion::Free { state }, AttitudeControl::Guided { bandwidth_radps, max_torque_nm }) => {
                    let target = self.guided_attitude(index, state);
                    let torque = hold_torque_nm(&body.attitude, &target, &body.inertia, bandwidth_radps, max_torque_nm);
                    attitude_after(&body.attitude, &body.inertia, &torque, h)
                }
                _ => continue,
            };
            self.bodies[index].attitude = next;
        }
        for index in 0..self.bodies.len() {
            if let Motion::Docked { to, attitude_in_host, .. } = self.bodies[index].motion {
                self.bodies[index].attitude = self.bodies[to].attitude.carried(&attitude_in_host);
            }
        }
    }

    /// Where a guided body's controller wants it: the probe up the station's port axis, in the
    /// station's LVLH, from the velocity match on; a returning ship where its return points it;
    /// otherwise x along the velocity, z away from the Earth.
    fn guided_attitude(&self, index: usize, state: &StateVector) -> Attitude {
        let docking_axis = self.rendezvous_of(index).filter(|p| p.matched()).map(|p| -p.approach.port_axis_lvlh);
        match (docking_axis, self.station()) {
            (Some(probe_lvlh), Some(host)) => docking_attitude(&probe_lvlh, &self.state(host)),
            _ => self.return_attitude_target(index, state).unwrap_or_else(|| velocity_attitude(state)),
        }
    }
}
