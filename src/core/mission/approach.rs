//! The approach's substeps: the station between its step ends, the probe sensed against the
//! port, the controller's command at each, strikes, bounces and capture.

use super::{Mission, Motion};
use crate::core::attitude::attitude_after;
use crate::core::contact::{DockingShapes, ShapesKey, bounce};
use crate::core::control::Controller;
use crate::core::control::hands;
use crate::core::control::proximity::{self, ApproachCommand, ApproachSensed, ProbeSensing};
use crate::core::events::Reported;
use crate::core::forces::StepEnvironment;
use crate::core::geometry::{self, Placed, PortId};
use crate::core::propagation::{fly_free, held_drag_factor_per_s};
use crate::core::snapshot::hermite_state;
use crate::core::{StateVector, Vector3d, position_m, velocity_mps};
use nalgebra::{Isometry3, Translation3};
use std::sync::Arc;

impl Mission {
    /// One step of body `soyuz` on the approach, in its substeps: at each the controller
    /// commands from the states then, the station's between its two step ends (`station_start`
    /// is where it began this step). Stops at contact, docked. Flown by hand, anything may
    /// touch: the shapes are cast each substep, and the thrusters the hands fire push and turn
    /// the ship and burn the shared propellant.
    #[inline(never)]
    pub(super) fn fly_approach(
        &mut self,
        soyuz: usize,
        station: usize,
        station_start: &StateVector,
        env: &StepEnvironment,
    ) {
        let Controller::Rendezvous(mut plan) = std::mem::take(&mut self.bodies[soyuz].controller) else {
            unreachable!("the approach is a rendezvous's")
        };
        let substeps = proximity::PROXIMITY_SUBSTEPS;
        let (start_met_s, step_s, steps) = (self.met_s(), self.step_s, self.steps_taken);
        let station_end = self.state(station);
        let h = step_s / f64::from(substeps);
        let shapes = plan.by_hand().then(|| self.docking_shapes(station, soyuz, plan.approach.port_id));
        let sun_in_station = self.bodies[station].attitude.body_to_inertial.inverse() * env.sun_position_m.normalize();
        let sun_tracking_angle_rad = geometry::sun_tracking_angle_rad(&sun_in_station);
        let mut reported = Reported::default();
        for k in 0..substeps {
            let Motion::Free { state } = self.bodies[soyuz].motion else { break };
            let fraction = f64::from(k) / f64::from(substeps);
            let target = hermite_state(station_start, &station_end, step_s, fraction);
            let met = start_met_s + f64::from(k) * h;
            let mut state = state;
            let relative_mps = velocity_mps(&state) - velocity_mps(&target);
            // Flown by hand: the shapes and both poses, station-centred, for this substep.
            let posed = shapes.as_ref().map(|shapes| {
                let station_pose =
                    Isometry3::from_parts(Translation3::identity(), self.bodies[station].attitude.body_to_inertial);
                let soyuz_pose = Isometry3::from_parts(
                    Translation3::from(position_m(&state) - position_m(&target)),
                    self.bodies[soyuz].attitude.body_to_inertial,
                );
                (shapes, station_pose, soyuz_pose)
            });
            let probe = posed.as_ref().map_or(ProbeSensing::FacePlane, |(shapes, station_pose, soyuz_pose)| {
                ProbeSensing::Shapes(shapes.probe_touch(station_pose, soyuz_pose, &relative_mps, h))
            });
            let sensed = ApproachSensed {
                met_s: met,
                station: &target,
                own: &state,
                own_attitude: &self.bodies[soyuz].attitude,
                station_attitude: &self.bodies[station].attitude,
                station_model: self.bodies[station].model,
                mass_kg: self.bodies[soyuz].mass_kg,
                probe,
            };
            let command = proximity::fly_substep(&mut plan, &sensed, &mut reported);
            if let ApproachCommand::Dock { offset_lvlh_m, attitude_in_host } = command {
                // Contact is judged in the station's LVLH frame; a docked ship rides its body axes.
                let offset_eci_m = crate::core::frames::lvlh_from_eci_matrix(&target).transpose() * offset_lvlh_m;
                let offset_m = self.bodies[station].attitude.body_to_inertial.inverse() * offset_eci_m;
                self.bodies[soyuz].motion = Motion::Docked { to: station, offset_m, attitude_in_host };
                break;
            }
            if let Some((shapes, station_pose, soyuz_pose)) = &posed
                && plan.failure().is_none()
                && let Some(part) = shapes.strike(station_pose, soyuz_pose, &relative_mps, h, sun_tracking_angle_rad)
            {
                hands::fail(
                    &mut plan,
                    met,
                    crate::core::control::rendezvous::DockingFailure::Collision(part),
                    &mut reported,
                );
                bounce(&mut state, &relative_mps);
            }
            let body = &mut self.bodies[soyuz];
            let engine_mps2 = match command {
                ApproachCommand::Thrust(acceleration) => acceleration,
                ApproachCommand::Rebound(axis) => {
                    bounce(&mut state, &(axis * relative_mps.dot(&axis)));
                    Vector3d::zeros()
                }
                ApproachCommand::Hands(held) => {
                    let sensed = hands::HandSensed {
                        ship: &state,
                        mass_kg: body.mass_kg,
                        attitude: &body.attitude,
                        inertia: &body.inertia,
                        station: &target,
                    };
                    match hands::fire(&mut plan, &held, (met, h), &sensed, &mut reported) {
                        Some(thrust) => {
                            body.mass_kg -= thrust.propellant_kg;
                            body.attitude = attitude_after(&body.attitude, &body.inertia, &thrust.torque_body_nm, h);
                            thrust.push_mps2
                        }
                        None => Vector3d::zeros(),
                    }
                }
                ApproachCommand::Dock { .. } => unreachable!("docked above"),
            };
            let drag_factor_per_s = held_drag_factor_per_s(
                body.drag,
                body.mass_kg,
                &mut body.density_sample,
                &self.forces,
                env,
                &state,
                (steps, step_s),
            );
            fly_free(&self.forces, self.method, &mut state, drag_factor_per_s, &engine_mps2, h);
            body.motion = Motion::Free { state };
        }
        self.bodies[soyuz].controller = Controller::Rendezvous(plan);
        self.report(soyuz, reported);
    }

    /// The station with the vehicles docked to it, each placed in the station's body frame as
    /// it is now: what an approaching ship can strike. The station comes first.
    pub fn assembly(&self, station: usize) -> Vec<Placed> {
        let host = &self.bodies[station];
        let to_host = host.attitude.body_to_inertial.inverse();
        let r_host = position_m(&self.state(station));
        let placed = |index: usize| {
            let body = &self.bodies[index];
            let offset = to_host * (position_m(&self.state(index)) - r_host);
            Placed {
                label: if index == station { String::new() } else { body.label.clone() },
                model: geometry::model(body.model),
                pose: Isometry3::from_parts(Translation3::from(offset), to_host * body.attitude.body_to_inertial),
            }
        };
        std::iter::once(station)
            .chain(
                (0..self.bodies.len())
                    .filter(|&i| matches!(self.bodies[i].motion, Motion::Docked { to, .. } if to == station)),
            )
            .map(placed)
            .collect()
    }

    /// The station's and the spacecraft's contact shapes for this docking: built at its first
    /// step flown by hand, and again only if the station, the ship, the port or the vehicles
    /// docked to the station change.
    fn docking_shapes(&mut self, station: usize, soyuz: usize, port: PortId) -> Arc<DockingShapes> {
        let docked = (0..self.bodies.len())
            .filter(|&i| matches!(self.bodies[i].motion, Motion::Docked { to, .. } if to == station))
            .collect();
        let key = ShapesKey { station, soyuz, port, docked };
        if let Some(shapes) = self.docking_shapes.built_for(&key) {
            return shapes;
        }
        let shapes = DockingShapes::new(&self.assembly(station), port, &geometry::model(self.bodies[soyuz].model));
        self.docking_shapes.keep(key, shapes)
    }
}
