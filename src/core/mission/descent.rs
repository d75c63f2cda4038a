//! The hand-overs and substeps of a return (`control::descent`): the undocking, which takes the
//! ship and its crew from the station; the modules parting, which makes the orbital and service
//! modules bodies of their own; the descent module's entry, parachutes and landing.

use super::{Mission, Motion};
use crate::core::attitude::{Attitude, Inertia, lvlh_attitude, standing_attitude};
use crate::core::control::descent::{
    DESCENT_SUBSTEPS, Debris, DescentStage, HULL_BREAK_UP_J_M2, PeakLoad, ReturnFlight, ReturnPhase, ScheduledStep,
    aero_acceleration_mps2, stagnation_heat_flux_w_m2,
};
use crate::core::control::{Command, Controller};
use crate::core::events::{EventKind, Figure, Figures, Reported};
use crate::core::forces::{DragProperties, StepEnvironment};
use crate::core::frames::{self, Geodetic};
use crate::core::geometry::{ModelId, SOYUZ_MODULE_MIDDLES_X_M, SOYUZ_MS_MODULE_MASSES_KG};
use crate::core::launcher::{G0_MPS2, Jettisoned};
use crate::core::propagation::held_density_kg_m3;
use crate::core::{StateVector, Vector3d, position_m, state_from, velocity_mps};

/// Speed the pyrotechnic separation gives each module away from the descent module, m/s (not
/// published; a spring push's order, L).
const MODULE_SEPARATION_MPS: f64 = 0.5;

impl Mission {
    /// Where the returning ships have come down so far, Earth-fixed, m.
    pub fn landing_sites_ecef_m(&self) -> Vec<Vector3d> {
        let landed = |b: &&super::Body| b.controller.return_flight().is_some_and(|f| f.phase == ReturnPhase::Landed);
        self.bodies
            .iter()
            .filter(landed)
            .filter_map(|b| match b.motion {
                Motion::EarthFixed { position_ecef_m } => Some(position_ecef_m),
                _ => None,
            })
            .collect()
    }

    /// One step's command for the returning ship `index`: it undocks when due, flies its burns,
    /// coasts down to the modules' parting, then descends in substeps.
    pub(super) fn return_command(&mut self, index: usize) -> Command {
        let (met_s, h) = (self.met_s(), self.step_s);
        let Controller::Return(mut flight) = std::mem::take(&mut self.bodies[index].controller) else {
            unreachable!("called for a return")
        };
        let mut reported = Reported::default();
        if flight.phase == ReturnPhase::Docked && met_s + 0.5 * h >= flight.undocking_met_s {
            flight.departure_in_lvlh = self.undock(index, &flight);
            reported.push(met_s, EventKind::Undocking, vec![("springs_mps", Figure::Number(flight.springs_mps))]);
            flight.phase = ReturnPhase::InOrbit;
        }
        let command = match flight.phase {
            ReturnPhase::Docked | ReturnPhase::Landed => Command::COAST,
            ReturnPhase::Descent(_) => Command::Descent { substeps: DESCENT_SUBSTEPS },
            ReturnPhase::InOrbit => {
                let state = self.state(index);
                let altitude_m = self.geodetic(index).altitude_m;
                if flight.burns.done() && altitude_m < flight.module_separation_altitude_m {
                    self.separate_modules(index, &flight);
                    reported.push(met_s, EventKind::ModuleSeparation, vec![("altitude_km", km(altitude_m))]);
                    flight.phase = ReturnPhase::Descent(DescentStage::Entry);
                    Command::Descent { substeps: DESCENT_SUBSTEPS }
                } else {
                    let s = flight.burns.step(met_s, h, &state, self.bodies[index].mass_kg);
                    self.log_return_burn(index, &flight, &s, &mut reported);
                    self.bodies[index].mass_kg -= s.step.propellant_kg;
                    Command::Coast { engine_mps2: s.step.acceleration_mps2 }
                }
            }
        };
        self.bodies[index].controller = Controller::Return(flight);
        self.report(index, reported);
        command
    }

    /// Logs a return burn as it starts, with its range from the station: the last is the
    /// deorbit burn, the others separation burns.
    fn log_return_burn(&self, index: usize, flight: &ReturnFlight, s: &ScheduledStep, reported: &mut Reported) {
        let Some(b) = s.started else { return };
        let burn = &flight.burns.burns[b];
        let mut figures = burn_figures(burn, self.bodies[index].mass_kg);
        let range_m =
            self.station().map_or(0.0, |s| (position_m(&self.state(s)) - position_m(&self.state(index))).norm());
        figures.push(("range_km", km(range_m)));
        let kind = if b + 1 == flight.burns.burns.len() { EventKind::DeorbitBurn } else { EventKind::Burn };
        reported.push(self.met_s(), kind, figures);
    }

    /// Ship `index` leaves its host: free flight from where it is, the springs' push away from
    /// the port, its crew aboard; the host loses its mass, drag area, inertia and the crew.
    /// Returns its attitude in its LVLH frame as it leaves.
    fn undock(&mut self, index: usize, flight: &ReturnFlight) -> Option<nalgebra::UnitQuaternion<f64>> {
        let Motion::Docked { to: host, offset_m, attitude_in_host } = self.bodies[index].motion else {
            return None;
        };
        let state = self.state(index);
        let body = &self.bodies[index];
        // The probe is the ship's +x: the springs push it back along −x.
        let away = body.attitude.body_to_inertial * -Vector3d::x();
        let (docked_mass_kg, docked_area_m2) = (body.mass_kg, body.drag.map_or(0.0, |d| d.reference_area_m2));
        let own_in_host = attitude_in_host.to_rotation_matrix().matrix()
            * nalgebra::Matrix3::from_diagonal(&body.inertia.principal_kg_m2)
            * attitude_in_host.to_rotation_matrix().matrix().transpose();
        let parallel = offset_m.norm_squared() * nalgebra::Matrix3::identity() - offset_m * offset_m.transpose();
        let lost_kg_m2 = (own_in_host + docked_mass_kg * parallel).diagonal();
        let host_body = &mut self.bodies[host];
        host_body.mass_kg -= docked_mass_kg;
        if let Some(drag) = host_body.drag.as_mut() {
            drag.reference_area_m2 -= docked_area_m2;
        }
        host_body.inertia.principal_kg_m2 -= lost_kg_m2;
        host_body.crew = host_body.crew.saturating_sub(flight.crew);
        let body = &mut self.bodies[index];
        body.motion =
            Motion::Free { state: state_from(position_m(&state), velocity_mps(&state) + away * flight.springs_mps) };
        body.mass_kg = flight.mass_kg;
        body.crew = flight.crew;
        body.density_sample = None;
        let lvlh = lvlh_attitude(&state).body_to_inertial;
        Some(lvlh.inverse() * body.attitude.body_to_inertial)
    }

    /// The orbital and service modules part from ship `index`, which flies on as its descent
    /// module.
    fn separate_modules(&mut self, index: usize, flight: &ReturnFlight) {
        let stack = self.state(index);
        let body = &self.bodies[index];
        let orbital_kg = SOYUZ_MS_MODULE_MASSES_KG[1].1;
        let service_kg = (body.mass_kg - flight.module.mass_kg - orbital_kg).max(0.0);
        let pieces = [
            (&flight.piece_keys.0, ModelId::SoyuzOrbitalModule, orbital_kg, 1, (2.6, 1.13), 1.0),
            (&flight.piece_keys.1, ModelId::SoyuzServiceModule, service_kg, 2, (2.7, 1.36), -1.0),
        ];
        for (key, model, mass_kg, middle, (length_m, radius_m), side) in pieces {
            let piece = Jettisoned {
                name: key.clone(),
                model,
                mass_kg,
                drag: DragProperties {
                    drag_coefficient: 2.2,
                    reference_area_m2: std::f64::consts::PI * radius_m * radius_m,
                },
                inertia: Inertia::solid_cylinder_along_x(mass_kg, length_m, radius_m),
                place_m: Vector3d::x() * SOYUZ_MODULE_MIDDLES_X_M[middle],
                roll_rad: 0.0,
                tip_off_rate_body_radps: Vector3d::new(0.0, 0.02 * side, 0.01),
                separation_speed_mps: MODULE_SEPARATION_MPS,
                direction: Vector3d::x() * side,
            };
            self.spawn(index, &stack, piece);
            let debris = Debris {
                nose_radius_m: radius_m,
                break_up_j_m2: HULL_BREAK_UP_J_M2,
                heat_flux_w_m2: 0.0,
                heat_load_j_m2: 0.0,
                broken_up: false,
            };
            if let Some(spawned) = self.bodies.last_mut() {
                spawned.controller = Controller::Debris(debris);
            }
            self.heating_debris = true;
        }
        let module = flight.module;
        let body = &mut self.bodies[index];
        let shield = body.attitude.body_to_inertial * (Vector3d::x() * SOYUZ_MODULE_MIDDLES_X_M[0]);
        body.motion = Motion::Free { state: state_from(position_m(&stack) + shield, velocity_mps(&stack)) };
        body.model = ModelId::SoyuzDescentModule;
        body.mass_kg = module.mass_kg;
        body.drag = Some(DragProperties {
            drag_coefficient: module.drag_coefficient,
            reference_area_m2: module.reference_area_m2,
        });
        let radius_m = (module.reference_area_m2 / std::f64::consts::PI).sqrt();
        body.inertia = Inertia::solid_cylinder_along_x(module.mass_kg, 2.14, radius_m);
        body.density_sample = None;
    }

    /// Heats each falling module by its stagnation point's flux over the step just flown (the
    /// density from the drag it held), and breaks it up past its hull's heat load; its remains
    /// fall on, unseen.
    pub(super) fn heat_debris(&mut self) {
        let (met_s, h) = (self.met_s(), self.step_s);
        let (mut heating, mut broken) = (false, Vec::new());
        for (index, body) in self.bodies.iter_mut().enumerate() {
            let (Controller::Debris(debris), Motion::Free { state }) = (&mut body.controller, &body.motion) else {
                continue;
            };
            if debris.broken_up {
                continue;
            }
            let speed_mps = frames::velocity_relative_to_earth_mps(state).norm();
            let b = body.drag.map_or(0.0, |d| d.ballistic_coefficient_m2_kg(body.mass_kg));
            let density = body.density_sample.map_or(0.0, |s| 2.0 * s.drag_factor_per_s / (b * speed_mps));
            debris.heat_flux_w_m2 = stagnation_heat_flux_w_m2(density, debris.nose_radius_m, speed_mps);
            debris.heat_load_j_m2 += debris.heat_flux_w_m2 * h;
            debris.broken_up = debris.heat_load_j_m2 >= debris.break_up_j_m2;
            if debris.broken_up {
                broken.push(index);
            }
            heating |= !debris.broken_up;
        }
        self.heating_debris = heating;
        for index in broken {
            let altitude_m = self.geodetic(index).altitude_m;
            self.record(index, met_s, EventKind::BreakUp, vec![("altitude_km", km(altitude_m))]);
        }
    }

    /// One step of the descent module `index` in `substeps`: lift, drag and canopies held over
    /// each, the events where they happen, the landing.
    #[inline(never)]
    pub(super) fn fly_descent(&mut self, index: usize, substeps: u32, env: &StepEnvironment) {
        let Controller::Return(mut flight) = std::mem::take(&mut self.bodies[index].controller) else {
            return;
        };
        let (start_met_s, h) = (self.met_s(), self.step_s / f64::from(substeps));
        let gmst_start = self.gmst_rad();
        let gmst_at = |met_s: f64| gmst_start + crate::core::earth::ROTATION_RATE_RAD_S * (met_s - start_met_s);
        let mut reported = Reported::default();
        for k in 0..substeps {
            let met_s = start_met_s + f64::from(k) * h;
            let (ReturnPhase::Descent(stage), Motion::Free { state }) = (flight.phase, &self.bodies[index].motion)
            else {
                break;
            };
            let state = *state;
            let mass_kg = self.bodies[index].mass_kg;
            let density = held_density_kg_m3(&mut flight.density, &self.forces, env, &state, (met_s, h));
            let bank_rad = flight.bank_rad(met_s);
            let accel = aero_acceleration_mps2(&state, density, flight.aerodynamics(stage, met_s), mass_kg, bank_rad);
            let next = self.forces.step(self.method, &state, &accel, h);
            let speed_mps = frames::velocity_relative_to_earth_mps(&state).norm();
            flight.heat_flux_w_m2 = stagnation_heat_flux_w_m2(density, flight.module.nose_radius_m, speed_mps);
            flight.heat_load_j_m2 += flight.heat_flux_w_m2 * h;
            let before = frames::geodetic_from_eci_position_m(&position_m(&state), gmst_at(met_s));
            let after = frames::geodetic_from_eci_position_m(&position_m(&next), gmst_at(met_s + h));
            let crossing = |level_m: f64| {
                (before.altitude_m >= level_m && after.altitude_m < level_m)
                    .then(|| met_s + h * (before.altitude_m - level_m) / (before.altitude_m - after.altitude_m))
            };
            let at = |altitude_m: f64| vec![("altitude_km", km(altitude_m)), ("speed_mps", Figure::Number(speed_mps))];
            if let Some(t) = crossing(flight.entry_interface_altitude_m) {
                reported.push(t, EventKind::EntryInterface, at(flight.entry_interface_altitude_m));
            }
            self.bodies[index].motion = Motion::Free { state: next };
            self.bodies[index].attitude = descent_attitude(&next, stage, bank_rad);
            let load_g = accel.norm() / G0_MPS2;
            flight.load_g = load_g;
            match stage {
                DescentStage::Entry => {
                    let peak = &mut flight.peak_load;
                    if load_g > peak.g {
                        *peak = PeakLoad { g: load_g, met_s, altitude_m: before.altitude_m, logged: false };
                    } else if !peak.logged && peak.g > 1.0 && load_g < 0.5 * peak.g {
                        // Known only once the load has fallen away: logged then, at the peak's
                        // own time, so the log runs out of order here (the timeline sorts).
                        let figures = vec![("load_g", Figure::Number(peak.g)), ("altitude_km", km(peak.altitude_m))];
                        reported.push(peak.met_s, EventKind::PeakLoad, figures);
                        peak.logged = true;
                    }
                    if let Some(t) = crossing(flight.parachutes.command_altitude_m) {
                        reported.push(t, EventKind::ParachuteDeploy, at(flight.parachutes.command_altitude_m));
                        flight.phase = ReturnPhase::Descent(DescentStage::Drogue { since_met_s: t });
                    }
                }
                DescentStage::Drogue { since_met_s } if met_s + h >= since_met_s + flight.parachutes.drogue_s => {
                    reported.push(met_s + h, EventKind::MainParachute, at(after.altitude_m));
                    let main = DescentStage::Main { since_met_s: met_s + h, heat_shield_on: true };
                    flight.phase = ReturnPhase::Descent(main);
                }
                DescentStage::Main { since_met_s, heat_shield_on: true }
                    if met_s + h
                        >= since_met_s
                            + flight.parachutes.main_open_after_s()
                            + flight.parachutes.heat_shield_after_s =>
                {
                    reported.push(
                        met_s + h,
                        EventKind::HeatShieldJettison,
                        vec![("altitude_km", km(after.altitude_m))],
                    );
                    self.bodies[index].mass_kg -= flight.module.heat_shield_kg;
                    flight.phase = ReturnPhase::Descent(DescentStage::Main { since_met_s, heat_shield_on: false });
                }
                _ => {}
            }
            let chutes = flight.parachutes;
            let height_after_m = after.altitude_m - chutes.ground_altitude_m;
            if height_after_m <= chutes.soft_landing_height_m {
                // The motors fire at their height and the module settles over the rest,
                // vertically, in a fraction of a second.
                let height_before_m = before.altitude_m - chutes.ground_altitude_m;
                let fired_s = h * (height_before_m - chutes.soft_landing_height_m) / (height_before_m - height_after_m);
                let falling_mps = frames::velocity_relative_to_earth_mps(&next).norm();
                let touchdown_mps = chutes.touchdown_speed_mps(falling_mps, self.bodies[index].mass_kg);
                let settle_s = 2.0 * chutes.soft_landing_height_m / (falling_mps + touchdown_mps);
                let ground = Geodetic { altitude_m: chutes.ground_altitude_m, ..after };
                let ground_ecef_m = frames::ecef_from_geodetic_m(&ground);
                let body = &mut self.bodies[index];
                body.motion = Motion::EarthFixed { position_ecef_m: ground_ecef_m };
                body.attitude = standing_attitude(&ground_ecef_m, gmst_at(start_met_s + self.step_s));
                flight.load_g = 1.0;
                flight.heat_flux_w_m2 = 0.0;
                let figures = vec![
                    ("speed_mps", Figure::Number(touchdown_mps)),
                    ("latitude_deg", Figure::Number(after.latitude_rad.to_degrees())),
                    ("longitude_deg", Figure::Number(after.longitude_rad.to_degrees())),
                ];
                reported.push(met_s + fired_s + settle_s, EventKind::Landing, figures);
                flight.phase = ReturnPhase::Landed;
            }
        }
        self.bodies[index].controller = Controller::Return(flight);
        self.report(index, reported);
    }

    /// Where the returning ship `index` (in `state`) points in orbit now.
    pub(super) fn return_attitude_target(&self, index: usize, state: &StateVector) -> Option<Attitude> {
        let flight = self.bodies[index].controller.return_flight()?;
        flight.orbit_attitude_target(self.met_s(), state, &lvlh_attitude(state))
    }
}

/// A burn's figures as it starts: its engine, speed change and length at full thrust.
pub(super) fn burn_figures(burn: &crate::core::control::descent::TimedBurn, mass_kg: f64) -> Figures {
    vec![
        ("engine", Figure::Text(burn.engine_name.clone())),
        ("dv_mps", Figure::Number(burn.dv_mps)),
        ("duration_s", Figure::Number(burn.engine.burn_duration_s(burn.dv_mps, mass_kg))),
    ]
}

fn km(metres: f64) -> Figure {
    Figure::Number(metres / 1000.0)
}

/// The descent module's attitude: in the entry, heat shield (−x) into the relative wind and
/// its lift (−z) banked; under a canopy, hanging with the hatch (+x) up.
fn descent_attitude(state: &StateVector, stage: DescentStage, bank_rad: f64) -> Attitude {
    let up = position_m(state).normalize();
    let v_rel = frames::velocity_relative_to_earth_mps(state);
    let x = match stage {
        DescentStage::Entry if v_rel.norm() > 1.0 => -v_rel.normalize(),
        _ => up,
    };
    let across =
        if x.cross(&up).norm() > 1e-6 { x.cross(&up).normalize() } else { x.cross(&Vector3d::z()).normalize() };
    let lift_up = across.cross(&x);
    // `across` is x × up = −(along × lift_up), the left of the flight: a bank to the right
    // (control::descent::aero_acceleration_mps2) tilts the lift away from it.
    let z = -(lift_up * bank_rad.cos() - across * bank_rad.sin());
    let y = z.cross(&x);
    Attitude::from_axes(&x, &y, &z, Vector3d::zeros())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_module_is_drawn_banked_the_way_its_lift_is_flown() {
        // Flying east over the equator at +x, banked 90 deg to the right: the lift, and the
        // module's −z, point south (−z inertial).
        let state = state_from(Vector3d::new(6.5e6, 0.0, 0.0), Vector3d::new(0.0, 7000.0, 0.0));
        let bank_rad = std::f64::consts::FRAC_PI_2;
        let attitude = descent_attitude(&state, DescentStage::Entry, bank_rad);
        let minus_z = attitude.body_to_inertial * -Vector3d::z();
        let lift = aero_acceleration_mps2(&state, 1e-4, (5.0, 0.25), 3000.0, bank_rad);
        let drag_along = frames::velocity_relative_to_earth_mps(&state).normalize();
        let lift_only = lift - drag_along * lift.dot(&drag_along);
        assert!(minus_z.z < -0.99, "{minus_z}");
        assert!(lift_only.normalize().dot(&minus_z) > 0.99, "{lift_only} against {minus_z}");
    }
}
