//! The mission: every vehicle, mission time, and the fixed step that advances them. The step
//! only orchestrates: refresh the environment, take one command per vehicle from its
//! controller, integrate each over the substeps it asked for, resolve contacts, apply the
//! hand-overs, run the watchers, point the attitudes. What flies a vehicle is its controller
//! (`core::control`); the numerics are `core::propagation`, contact `core::contact`.

mod approach;
mod descent;
pub mod docking;
mod forecast;
mod pointing;
mod powered;
mod station;
mod vehicle;
mod watchers;

pub use super::events::{TimelineEvent, merge_flown};
pub use vehicle::{Body, Motion, Role};

use super::attitude::AttitudeControl;
use super::control::attitude::turned_by_torque;
use super::control::{Command, Controller, docked, phasing, proximity};
use super::elements::OrbitalElements;
use super::events::{BodyId, EventKind, EventTexts, Figures, Reported, next_key};
use super::forces::{ForceModel, StepEnvironment};
use super::frames::{self, Geodetic};
use super::integrator::Method;
use super::launcher::Launcher;
use super::propagation::environment::StepClock;
use super::propagation::{EQUATORIAL_RADIUS_SQUARED_M2, EnvironmentCache, fly_free, held_drag_factor_per_s};
use super::snapshot::Snapshot;
use super::time::{UtcInstant, gmst_rad};
use super::{StateVector, Vector3d, position_m, velocity_mps};
use std::sync::Arc;

/// Everything the physics knows, advanced only by [`Mission::step`]. `Clone` is a checkpoint.
#[derive(Clone, Debug, PartialEq)]
pub struct Mission {
    pub launch: UtcInstant,
    /// Mission time at the first step, seconds (negative: before lift-off).
    pub start_met_s: f64,
    pub step_s: f64,
    /// Steps taken since the start; time is start + steps·step, so it never drifts.
    pub steps_taken: u64,
    pub ut1_minus_utc_s: f64,
    pub forces: ForceModel,
    pub method: Method,
    pub bodies: Vec<Body>,
    /// The planned timeline, shared by every copy (checkpoints, forecasts): it never changes
    /// in flight.
    pub timeline: Arc<Vec<TimelineEvent>>,
    /// The scenario's text for each kind of event the physics logs, shared by every copy.
    pub event_texts: Arc<EventTexts>,
    /// What has happened so far, with the mission time it happened at.
    pub log: Vec<TimelineEvent>,
    /// The environment of the current refresh period.
    pub environment: EnvironmentCache,
    /// The contact shapes of the docking flown by hand now.
    pub docking_shapes: super::contact::ShapesCache,
    /// Whether a module is falling that has not yet broken up (most steps have none).
    pub heating_debris: bool,
}

impl Mission {
    pub fn met_s(&self) -> f64 {
        self.start_met_s + self.steps_taken as f64 * self.step_s
    }

    pub fn utc(&self) -> UtcInstant {
        self.launch.plus_seconds(self.met_s())
    }

    pub fn gmst_rad(&self) -> f64 {
        gmst_rad(self.utc().julian_date_ut1(self.ut1_minus_utc_s))
    }

    fn clock(&self) -> StepClock {
        StepClock {
            launch: self.launch,
            start_met_s: self.start_met_s,
            step_s: self.step_s,
            ut1_minus_utc_s: self.ut1_minus_utc_s,
        }
    }

    /// The body the scenario (or the launcher's spec, for a piece) calls `key`.
    pub fn body_index(&self, key: &str) -> Option<usize> {
        self.bodies.iter().position(|b| b.name == key)
    }

    /// Inertial state of a body now.
    pub fn state(&self, body: usize) -> StateVector {
        match &self.bodies[body].motion {
            Motion::Free { state } => *state,
            Motion::EarthFixed { position_ecef_m } => frames::eci_state_of_ecef_point(position_ecef_m, self.gmst_rad()),
            Motion::Docked { to, offset_m, .. } => {
                vehicle::docked_state(&self.state(*to), &self.bodies[*to].attitude, offset_m)
            }
        }
    }

    pub fn geodetic(&self, body: usize) -> Geodetic {
        frames::geodetic_from_eci_position_m(&position_m(&self.state(body)), self.gmst_rad())
    }

    pub fn elements(&self, body: usize) -> OrbitalElements {
        OrbitalElements::from_state(&self.state(body))
    }

    /// The station: the vehicle the scenario names so, which a rendezvous flies to.
    pub fn station(&self) -> Option<usize> {
        self.bodies.iter().position(|b| b.role == Role::Station)
    }

    /// The first spacecraft: the first body a launcher carries or a rendezvous flies.
    pub fn spacecraft(&self) -> Option<usize> {
        self.bodies.iter().position(|b| b.role == Role::Spacecraft)
    }

    /// The launcher, while it still carries body `index`.
    pub fn carrier_of(&self, index: usize) -> Option<&Launcher> {
        self.launcher_of(index).filter(|l| !l.separated())
    }

    /// The launcher that carries or carried body `index` to orbit, if one did.
    pub fn launcher_of(&self, index: usize) -> Option<&Launcher> {
        self.bodies[index].launcher.as_deref()
    }

    /// Body `index`'s rendezvous, flown now or after its launcher lets it go.
    pub fn rendezvous_of(&self, index: usize) -> Option<&super::control::rendezvous::Rendezvous> {
        self.bodies[index].controller.rendezvous()
    }

    /// Advances every body by one fixed step.
    pub fn step(&mut self) {
        let env = self.environment.for_step(self.steps_taken, &self.clock());
        // Commands first, from the states at the step's start; a coasting body keeps its own.
        let mut substepped = false;
        for index in 0..self.bodies.len() {
            if !matches!(self.bodies[index].controller, Controller::Coast) {
                substepped |= self.take_command(index);
            }
        }
        // The approach's substeps need the station where it starts the step.
        let approaching = substepped && self.bodies.iter().any(|b| matches!(b.command, Command::Approach { .. }));
        let station_start = if approaching { self.station().map(|s| (s, self.state(s))) } else { None };
        let (forces, method, h) = (&self.forces, self.method, self.step_s);
        let steps = self.steps_taken;
        // Crewed bodies watch for orbital sunset and sunrise after the step.
        let mut crewed = false;
        // Only a body inside the equatorial radius can be under the ground: most steps have none.
        let mut inside_equatorial_radius = false;
        // A body the mission points after the step (guided, on the ground, docked).
        let mut pointed = false;
        let disturbance = self.upset_torque_nm();
        for (index, body) in self.bodies.iter_mut().enumerate() {
            crewed |= body.crew > 0;
            let external_nm = disturbance.filter(|(on, _)| *on == index).map_or(Vector3d::zeros(), |(_, t)| t);
            // Turned from the state at the step's start. At rest with nothing turning it, a
            // body stays at rest: a coasting body's step is its translation alone.
            match (&body.motion, body.attitude_control) {
                (Motion::Free { .. }, AttitudeControl::Free)
                    if body.attitude.rate_body_radps == Vector3d::zeros() && external_nm == Vector3d::zeros() => {}
                (Motion::Free { state }, AttitudeControl::Free | AttitudeControl::HoldLvlh { .. }) => {
                    let control = body.attitude_control;
                    body.attitude = turned_by_torque(&body.attitude, &body.inertia, (control, &external_nm), state, h);
                }
                _ => pointed = true,
            }
            let Command::Coast { engine_mps2 } = body.command else { continue };
            if let Motion::Free { state } = &mut body.motion {
                let drag_factor_per_s = held_drag_factor_per_s(
                    body.drag,
                    body.mass_kg,
                    &mut body.density_sample,
                    forces,
                    &env,
                    state,
                    (steps, h),
                );
                inside_equatorial_radius |= fly_free(forces, method, state, drag_factor_per_s, &engine_mps2, h);
            }
        }
        if substepped {
            inside_equatorial_radius |= self.fly_substeps(station_start, &env);
        }
        self.steps_taken += 1;
        if crewed {
            self.watch_the_sun(&env);
        }
        if self.heating_debris {
            self.heat_debris();
        }
        if inside_equatorial_radius {
            self.land_fallen_bodies();
            pointed = true;
        }
        if pointed {
            self.point_bodies();
        }
    }

    /// Asks body `index`'s controller for its command over this step and applies what it
    /// changed at once (propellant burnt, events, hand-overs); whether it asked for substeps.
    #[inline(never)]
    fn take_command(&mut self, index: usize) -> bool {
        let (met_s, step_s) = (self.met_s(), self.step_s);
        let mut reported = Reported::default();
        let command = match &mut self.bodies[index].controller {
            Controller::OnPad(_) if met_s + step_s <= 0.0 => Command::COAST,
            Controller::OnPad(_) | Controller::Ascent(_) => {
                Command::Powered { substeps: super::control::ascent::POWERED_SUBSTEPS }
            }
            Controller::Rendezvous(plan) if plan.approaching() => self.approach_command(),
            Controller::Rendezvous(plan) => {
                if plan.contact().is_some() {
                    docked::close_hooks(plan, met_s, &mut reported);
                    Command::COAST
                } else {
                    self.phasing_command(index, &mut reported)
                }
            }
            Controller::Station(_) => {
                let command = self.station_command(index);
                return self.set_command(index, command);
            }
            Controller::Return(_) => {
                let command = self.return_command(index);
                return self.set_command(index, command);
            }
            Controller::Coast | Controller::Debris(_) => Command::COAST,
        };
        self.report(index, reported);
        self.bodies[index].command = command;
        !matches!(command, Command::Coast { .. })
    }

    /// Sets body `index`'s command over this step; whether it asked for substeps.
    fn set_command(&mut self, index: usize, command: Command) -> bool {
        self.bodies[index].command = command;
        !matches!(command, Command::Coast { .. })
    }

    /// The approach flies in substeps where there is a station to fly to.
    fn approach_command(&self) -> Command {
        match self.station() {
            Some(_) => Command::Approach { substeps: proximity::PROXIMITY_SUBSTEPS },
            None => Command::COAST,
        }
    }

    /// One step of the phasing for body `index`, its forecasts flown by copies of the mission.
    fn phasing_command(&mut self, index: usize, reported: &mut Reported) -> Command {
        let Controller::Rendezvous(mut plan) = std::mem::take(&mut self.bodies[index].controller) else {
            unreachable!("called for a rendezvous")
        };
        let station = self.station().map(|s| (self.state(s), self.forecasts(s, index)));
        let own = self.state(index);
        let sensed = phasing::PhasingSensed {
            met_s: self.met_s(),
            step_s: self.step_s,
            mass_kg: self.bodies[index].mass_kg,
            own: &own,
        };
        let station = station.as_ref().map(|(state, forecasts)| (state, forecasts));
        let (thrust, used_kg) = phasing::fly_step(&mut plan, &sensed, station, reported);
        self.bodies[index].mass_kg -= used_kg;
        let command = if plan.approaching() { self.approach_command() } else { Command::Coast { engine_mps2: thrust } };
        self.bodies[index].controller = Controller::Rendezvous(plan);
        command
    }

    /// The substeps of the bodies that asked for them: the approach (after the coasting bodies,
    /// so that the station's step is known), then powered flight (whose dropped pieces join the
    /// bodies at the end). Whether any of them ends inside the equatorial radius.
    #[inline(never)]
    fn fly_substeps(&mut self, station_start: Option<(usize, StateVector)>, env: &StepEnvironment) -> bool {
        if let Some((station, start)) = station_start {
            for index in 0..self.bodies.len() {
                if matches!(self.bodies[index].command, Command::Approach { .. }) {
                    self.fly_approach(index, station, &start, env);
                }
            }
        }
        let mut inside_equatorial_radius = false;
        for index in 0..self.bodies.len() {
            if let Command::Descent { substeps } = self.bodies[index].command {
                self.fly_descent(index, substeps, env);
            }
            if let Command::Powered { substeps } = self.bodies[index].command {
                self.fly_powered(index, substeps, env);
                inside_equatorial_radius |= matches!(self.bodies[index].motion,
                    Motion::Free { state } if position_m(&state).norm_squared() < EQUATORIAL_RADIUS_SQUARED_M2);
            }
        }
        inside_equatorial_radius
    }

    /// Logs an event of vehicle `index`, its text from the scenario's templates and `figures`.
    fn record(&mut self, index: usize, met_s: f64, kind: EventKind, figures: Figures) {
        let key = next_key(&self.log, BodyId(index), kind);
        let (name, description) = self.event_texts.render(&key, &figures);
        self.log.push(TimelineEvent { met_s, key, name, description });
    }

    /// Logs what vehicle `index`'s controller reported, in order.
    fn report(&mut self, index: usize, reported: Reported) {
        for (met_s, kind, figures) in reported.0 {
            self.record(index, met_s, kind, figures);
        }
    }

    /// Where free-flying `body` will be `seconds` from now under the same forces evaluated
    /// continuously (`propagation::reference`): the truth the fixed step is measured against.
    pub fn reference_state_after(&self, body: usize, seconds: f64, rel_tol: f64) -> StateVector {
        let b = &self.bodies[body];
        let ballistic_m2_kg = b.drag.map_or(0.0, |d| d.ballistic_coefficient_m2_kg(b.mass_kg));
        super::propagation::reference::reference_state_after(
            &self.forces,
            (self.utc(), self.ut1_minus_utc_s),
            &self.state(body),
            ballistic_m2_kg,
            seconds,
            rel_tol,
        )
    }

    /// Integrates forward to the step nearest `met_s` (never backwards: restore a checkpoint).
    pub fn run_to_met(&mut self, met_s: f64) {
        let target_steps = ((met_s - self.start_met_s) / self.step_s).round().max(0.0) as u64;
        while self.steps_taken < target_steps {
            self.step();
        }
    }

    /// Every body's state now: what a frame or a sample between this step and the next
    /// interpolates from.
    pub fn snapshot(&self) -> Snapshot {
        Snapshot {
            met_s: self.met_s(),
            launch: self.launch,
            ut1_minus_utc_s: self.ut1_minus_utc_s,
            states: (0..self.bodies.len()).map(|body| self.state(body)).collect(),
            attitudes: self.bodies.iter().map(|body| body.attitude).collect(),
        }
    }

    /// Heap memory a copy of this mission adds, bytes, from its containers' capacities: the
    /// bodies, the log with its text, the controllers and launchers. What copies share (the
    /// planned timeline, the density table) is not counted; nor is the launcher's handful of
    /// stage names (under 200 bytes).
    pub fn heap_bytes(&self) -> usize {
        use std::mem::size_of;
        let events = |list: &Vec<TimelineEvent>| {
            list.capacity() * size_of::<TimelineEvent>()
                + list.iter().map(|e| e.name.capacity() + e.description.capacity()).sum::<usize>()
        };
        let bodies = self.bodies.capacity() * size_of::<Body>()
            + self.bodies.iter().map(|b| b.name.capacity() + b.label.capacity()).sum::<usize>();
        let controllers: usize = self.bodies.iter().map(|b| vehicle::controller_heap_bytes(&b.controller)).sum();
        let launchers = self.bodies.iter().filter(|b| b.launcher.is_some()).count() * size_of::<Launcher>();
        bodies + events(&self.log) + controllers + launchers
    }

    /// Speed relative to the ground below, for telemetry of a body on or near the Earth.
    pub fn earth_relative_speed_mps(&self, body: usize) -> f64 {
        frames::velocity_relative_to_earth_mps(&self.state(body)).norm()
    }

    /// Inertial speed; a pad turns with the Earth at ω·r·cos φ.
    pub fn inertial_speed_mps(&self, body: usize) -> f64 {
        velocity_mps(&self.state(body)).norm()
    }
}
