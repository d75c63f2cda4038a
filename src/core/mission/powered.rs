//! Powered flight: the launcher's substeps, from lift-off to spacecraft separation, and the
//! pieces it drops joining the mission as bodies of their own.

use super::{Body, Mission, Motion, Role};
use crate::core::attitude::{Attitude, AttitudeControl};
use crate::core::control::ascent::PoweredSensed;
use crate::core::control::{Command, Controller};
use crate::core::elements::OrbitalElements;
use crate::core::events::{EventKind, Figure};
use crate::core::forces::{ForceModel, StepEnvironment};
use crate::core::geometry;
use crate::core::launcher::{AscentEvent, Jettisoned};
use crate::core::propagation::{fly_free, held_density_kg_m3};
use crate::core::time::gmst_rad;
use crate::core::{StateVector, Vector3d, frames, position_m, state_from, velocity_mps};

impl Mission {
    /// One step of body `index` carried by its launcher, in `substeps`: it lifts off at T-0,
    /// the guidance steers at each substep, the stages burn and drop, and the spacecraft
    /// separates, handed to its rendezvous.
    #[inline(never)]
    pub(super) fn fly_powered(&mut self, index: usize, substeps: u32, env: &StepEnvironment) {
        let start_met = self.met_s();
        let h = self.step_s / f64::from(substeps);
        for k in 0..substeps {
            let met = start_met + f64::from(k) * h;
            if met < 0.0 {
                continue;
            }
            if let Motion::EarthFixed { position_ecef_m } = self.bodies[index].motion {
                self.lift_off(index, met, &position_ecef_m);
            }
            let bodies_before = self.bodies.len();
            let body = &mut self.bodies[index];
            let (Controller::Ascent(ascent), Some(launcher), Motion::Free { state }) =
                (&mut body.controller, body.launcher.as_deref_mut(), body.motion.clone())
            else {
                // Separated (or down) in an earlier substep: the rest of the step is not the
                // launcher's.
                return;
            };
            let sensed = PoweredSensed { met_s: met, h_s: h, state: &state, attitude: &body.attitude };
            let command = ascent.guidance.command(launcher, &sensed);
            if let Some(attitude) = command.attitude {
                body.attitude = attitude;
            }
            let density = held_density_kg_m3(&mut ascent.density, &self.forces, env, &state, (met, h));
            let drag = ForceModel::drag_acceleration_mps2(
                &state,
                density,
                launcher.drag().ballistic_coefficient_m2_kg(command.mass_kg),
            );
            let burn = h * command.burn_fraction;
            let mut next = state;
            if burn > 0.0 {
                next = self.forces.step(self.method, &next, &(drag + command.thrust_mps2), burn);
            }
            if burn < h {
                next = self.forces.step(self.method, &next, &drag, h - burn);
            }
            body.motion = Motion::Free { state: next };
            let events = launcher.after_substep((met, h), (command.thrusting, command.burn_fraction));
            for (at_met_s, event) in events {
                self.apply_ascent_event(index, at_met_s, &next, event);
            }
            // Pieces dropped in this substep start at its end; the step's main loop has already
            // run, so they coast on to the step's end here, where every body must be.
            let to_step_end_s = start_met + self.step_s - (met + h);
            if to_step_end_s > 1e-9 {
                for piece in &mut self.bodies[bodies_before..] {
                    if let Motion::Free { state } = &mut piece.motion {
                        fly_free(&self.forces, self.method, state, 0.0, &Vector3d::zeros(), to_step_end_s);
                    }
                }
            }
        }
    }

    /// Lift-off at `met_s`: the stack leaves the pad with the pad's inertial velocity, and the
    /// countdown hands it to the ascent.
    fn lift_off(&mut self, index: usize, met_s: f64, pad_ecef_m: &Vector3d) {
        let gmst = gmst_rad(self.launch.plus_seconds(met_s).julian_date_ut1(self.ut1_minus_utc_s));
        let body = &mut self.bodies[index];
        body.motion = Motion::Free { state: frames::eci_state_of_ecef_point(pad_ecef_m, gmst) };
        if let Controller::OnPad(ascent) = std::mem::take(&mut body.controller) {
            body.controller = Controller::Ascent(ascent);
        }
        self.record(index, met_s, EventKind::LiftOff, Vec::new());
    }

    fn apply_ascent_event(&mut self, index: usize, met_s: f64, stack: &StateVector, event: AscentEvent) {
        match event {
            AscentEvent::Named(happened) => self.record(index, met_s, happened.kind, happened.figures),
            AscentEvent::Jettison { happened, piece } => {
                if let Some(h) = happened {
                    self.record(index, met_s, h.kind, h.figures);
                }
                self.spawn(index, stack, piece);
            }
            AscentEvent::SpacecraftSeparated { third_stage, peak_axial_mps2 } => {
                let body = &mut self.bodies[index];
                // The spacecraft flies on from its own origin, where it sat on the third stage,
                // no longer the stack's foot.
                let seat_m = Vector3d::x() * geometry::spacecraft_seat_x_m(&geometry::model(body.model));
                let turn = body.attitude.body_to_inertial;
                let carried_mps = turn * body.attitude.rate_body_radps.cross(&seat_m);
                body.motion = Motion::Free {
                    state: state_from(position_m(stack) + turn * seat_m, velocity_mps(stack) + carried_mps),
                };
                body.mass_kg = body.launcher.as_ref().map_or(body.mass_kg, |l| l.payload_kg);
                body.controller = match std::mem::take(&mut body.controller) {
                    Controller::Ascent(ascent) => ascent.then.map_or(Controller::Coast, Controller::Rendezvous),
                    other => other,
                };
                let e = OrbitalElements::from_state(stack);
                let peak_g = peak_axial_mps2 / crate::core::launcher::G0_MPS2;
                let figures = vec![
                    ("perigee_km", Figure::Number(e.perigee_altitude_m() / 1000.0)),
                    ("apogee_km", Figure::Number(e.apogee_altitude_m() / 1000.0)),
                    ("inclination_deg", Figure::Number(e.inclination_rad.to_degrees())),
                    ("peak_g", Figure::Number(peak_g)),
                ];
                self.record(index, met_s, EventKind::SpacecraftSeparation, figures);
                self.record(index, met_s, EventKind::Deployment, Vec::new());
                self.spawn(index, stack, third_stage);
            }
        }
    }

    /// A piece leaves body `index`'s stack (at `stack`, turned as the stack is now) from its
    /// place there, and flies on as a body of its own.
    pub(super) fn spawn(&mut self, index: usize, stack: &StateVector, piece: Jettisoned) {
        let stack_attitude = self.bodies[index].attitude;
        let turn = stack_attitude.body_to_inertial;
        let at_m = position_m(stack) + turn * piece.place_m;
        // The stack's own turning carries the piece's place along.
        let carried_mps = turn * stack_attitude.rate_body_radps.cross(&piece.place_m);
        let dv = turn * piece.direction.normalize() * piece.separation_speed_mps;
        let own_turn = nalgebra::UnitQuaternion::from_axis_angle(&Vector3d::x_axis(), piece.roll_rad);
        self.bodies.push(Body {
            label: piece.name.clone(),
            name: piece.name,
            role: Role::Piece,
            model: piece.model,
            mass_kg: piece.mass_kg,
            drag: Some(piece.drag),
            attitude: Attitude { body_to_inertial: turn * own_turn, rate_body_radps: piece.tip_off_rate_body_radps },
            inertia: piece.inertia,
            attitude_control: AttitudeControl::Free,
            motion: Motion::Free { state: state_from(at_m, velocity_mps(stack) + carried_mps + dv) },
            density_sample: None,
            launcher: None,
            controller: Controller::Coast,
            command: Command::COAST,
            crew: 0,
            sun_above_limb: None,
        });
    }
}
