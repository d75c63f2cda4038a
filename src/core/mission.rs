//! The mission state: bodies, mission time and the fixed step that advances them.

use super::attitude::{
    Attitude, AttitudeControl, Inertia, attitude_after, hold_torque_nm, lvlh_attitude, standing_attitude,
};
use super::control::phasing::{self, ActiveBurn, BurnTarget};
use super::control::pilot;
use super::control::proximity::{self, ProximityPhase};
use super::docking::{BOUNCE_RESTITUTION, DockingShapes, ProbeContact, ProbeOutcome};
use super::elements::OrbitalElements;
use super::events::{BodyId, EventKind, EventTexts, Figure, Figures, next_key};
pub use super::events::{TimelineEvent, merge_flown};
use super::forces::{DragProperties, ForceModel, StepEnvironment};
use super::frames::{self, Geodetic, velocity_relative_to_earth_mps};
use super::geometry::ModelId;
use super::integrator::Method;
use super::launcher::{Ascent, AscentEvent, Jettisoned};
use super::rendezvous::{Contact, DockingFailure, Hands};
use super::snapshot::Snapshot;
use super::time::{UtcInstant, gmst_rad};
use super::{StateVector, Vector3d, position_m, state_from, sun, velocity_mps};
use nalgebra::UnitQuaternion;
use nalgebra::{Isometry3, Translation3};
use std::sync::Arc;

/// How a body moves.
#[derive(Clone, Debug, PartialEq)]
pub enum Motion {
    /// Held to the rotating Earth (a rocket on its pad).
    EarthFixed { position_ecef_m: Vector3d },
    /// Free flight under the force model, inertial state.
    Free { state: StateVector },
    /// Docked: held rigidly to another body, at an offset in that body's LVLH axes (the ISS
    /// flies LVLH), turned by `attitude_in_host` (body to host axes).
    Docked { to: usize, offset_lvlh_m: Vector3d, attitude_in_host: UnitQuaternion<f64> },
}

#[derive(Clone, Debug, PartialEq)]
pub struct Body {
    /// How the timeline, the telemetry and the command line name it (`iss`, `soyuz`).
    pub name: String,
    /// Its name as the log shows it (`Soyuz MS-18`).
    pub label: String,
    /// The part list it is drawn and hit with.
    pub model: ModelId,
    pub mass_kg: f64,
    pub drag: Option<DragProperties>,
    pub motion: Motion,
    /// Orientation and spin, updated every step.
    pub attitude: Attitude,
    pub inertia: Inertia,
    /// What turns it.
    pub attitude_control: AttitudeControl,
    /// Drag factor last sampled for this body, and the step until which it holds (see
    /// [`DensitySample::take`]).
    pub density_sample: Option<DensitySample>,
    /// What flies it, besides its attitude control.
    pub flight: Flight,
    /// People aboard: a crewed vehicle's orbital sunsets and sunrises are events.
    pub crew: u32,
    /// The Sun's centre above the Earth's limb as seen from it at the last step, rad, while
    /// it flies crewed (see [`sun::sun_above_limb_rad`]).
    pub sun_above_limb_rad: Option<f64>,
}

/// The controllers that fly a vehicle: the launcher that carries it to orbit, then the
/// rendezvous (phasing and the proximity approach) that takes it to the station. A mission may
/// fly any number of vehicles, each with its own. Boxed: most bodies have none, and a step takes
/// a plan out and puts it back, a pointer rather than a few hundred bytes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Flight {
    pub ascent: Option<Box<Ascent>>,
    pub rendezvous: Option<Box<super::rendezvous::Rendezvous>>,
    /// The acceleration its engine gives this step, m/s², inertial (set before the bodies move).
    pub engine_mps2: Vector3d,
}

impl Flight {
    /// Whether its rendezvous flies the proximity approach over this step (after the velocity
    /// match, in free flight): then it is integrated in [`PROXIMITY_SUBSTEPS`], the controller
    /// acting at each.
    fn flies_proximity(&self, motion: &Motion) -> bool {
        matches!(motion, Motion::Free { .. })
            && self.rendezvous.as_ref().is_some_and(|p| p.matched && p.active.is_none())
    }

    /// Whether the launcher flies it over the step starting at `met_s` (from lift-off to
    /// spacecraft separation): then it is integrated in powered substeps.
    fn powered_over_step(&self, met_s: f64, step_s: f64) -> bool {
        self.ascent.as_ref().is_some_and(|a| a.is_flying()) && met_s + step_s > 0.0
    }
}

/// ½ ρ B |v_rel| sampled at a step: drag is then −factor · v_rel, with v_rel taken each step.
/// |v_rel| changes by under 0.05 % in the hold on a near-circular orbit.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DensitySample {
    pub until_step: u64,
    pub drag_factor_per_s: f64,
}

impl DensitySample {
    /// Samples a body's drag factor at `state`, the state of step `step`, and says for how
    /// many whole steps to hold it: at most [`DENSITY_HOLD_MAX_S`], and no longer than the
    /// density takes to change by [`DENSITY_CHANGE_PER_HOLD`] at the climb or descent rate of
    /// the moment (a coasting stage near its apogee, not yet falling fast, still holds long).
    /// An orbiting body holds the longest; a stage falling through the lower atmosphere samples
    /// every step.
    ///
    /// The sample is taken where the body will be halfway through the hold, so that the held
    /// value stands for the hold's mean rather than its start (the midpoint rule: the error
    /// falls from first to second order in the hold). That point comes from the Taylor series
    /// of two-body motion, good to a metre over the 7.5 s ahead. Out of line: on an orbit it
    /// runs one step in fifteen.
    #[inline(never)]
    fn take(
        forces: &ForceModel,
        env: &StepEnvironment,
        state: &StateVector,
        ballistic_m2_kg: f64,
        step: u64,
        step_s: f64,
    ) -> Self {
        let (r, v) = (position_m(state), velocity_mps(state));
        // |ḣ|·T ≤ change·H with ḣ = r·v/|r|, multiplied out so that the usual case, an orbit
        // that may hold the longest, is decided without a division.
        let (climb_m2_s, allowed_m2) =
            (r.dot(&v).abs(), DENSITY_CHANGE_PER_HOLD * forces.density_scale_height_m(&r, env) * r.norm());
        let hold_steps = steps_within(
            if climb_m2_s * DENSITY_HOLD_MAX_S <= allowed_m2 { DENSITY_HOLD_MAX_S } else { allowed_m2 / climb_m2_s },
            step_s,
        );
        let half_hold_s = 0.5 * hold_steps as f64 * step_s;
        let gravity_mps2 = -super::earth::MU_M3_S2 / r.norm().powi(3) * r;
        let midpoint = state_from(
            r + v * half_hold_s + gravity_mps2 * (0.5 * half_hold_s * half_hold_s),
            v + gravity_mps2 * half_hold_s,
        );
        let density = forces.density_kg_m3(&position_m(&midpoint), env);
        let speed = velocity_relative_to_earth_mps(&midpoint).norm();
        Self { until_step: step + hold_steps, drag_factor_per_s: 0.5 * density * ballistic_m2_kg * speed }
    }
}

/// One step of free flight under gravity, drag −k·v_rel with the held factor k, and `engine`;
/// whether the body ends it inside the equatorial radius, where it may be under the ground.
/// Out of line, so that the integrator has the registers to itself, and the test reads the new
/// state from registers (benches/propagator.rs measured both).
#[inline(never)]
fn fly_free(
    forces: &ForceModel,
    method: Method,
    state: &mut StateVector,
    drag_factor_per_s: f64,
    engine_mps2: &Vector3d,
    h_s: f64,
) -> bool {
    let start = read_by_components(state);
    let held_mps2 = engine_mps2 - drag_factor_per_s * velocity_relative_to_earth_mps(&start);
    let next = forces.step(method, &start, &held_mps2, h_s);
    *state = next;
    position_m(&next).norm_squared() < EQUATORIAL_RADIUS_SQUARED_M2
}

/// How a substep finds the probe meeting the port.
enum ProbeSensing {
    /// Flown by hand: the shape cast of the probe against the drogue and its ring found this
    /// touch within the substep, or none.
    Shapes(Option<super::docking::ProbeTouch>),
    /// The automatic approach, which no one can fly into the station: the probe's tip crossing
    /// the port's face.
    FacePlane,
}

/// The attitude for docking, turning with the station's LVLH frame: the probe along
/// `probe_lvlh` (against the port's axis), the arrays across the station's track where they can
/// be.
fn docking_attitude(probe_lvlh: &Vector3d, station: &StateVector) -> Attitude {
    let eci_from_lvlh = frames::lvlh_from_eci_matrix(station).transpose();
    let x = eci_from_lvlh * probe_lvlh;
    let across = if probe_lvlh.y.abs() < 0.9 { Vector3d::y() } else { Vector3d::x() };
    let y = (eci_from_lvlh * across - x * x.dot(&(eci_from_lvlh * across))).normalize();
    with_lvlh_rate(Attitude::from_axes(&x, &y, &x.cross(&y), Vector3d::zeros()), station)
}

/// What the proximity controller asks of a substep.
enum ProximityThrust {
    /// The automatic controller's acceleration, inertial, m/s².
    Automatic(Vector3d),
    /// The hand controllers' state.
    Hands(super::rcs::HandCommand),
    /// The probe was thrown back along this axis (inertial, unit): no thrust this substep.
    Rebound(Vector3d),
}

/// An impulse that turns the part `approach_mps` of a body's velocity against the station
/// into its reverse, `BOUNCE_RESTITUTION` of it kept.
fn bounce(state: &mut StateVector, approach_mps: &Vector3d) {
    let dv = -approach_mps * (1.0 + BOUNCE_RESTITUTION);
    *state = state_from(position_m(state), velocity_mps(state) + dv);
}

/// A state read one component at a time. The step before stored it in 16-byte pairs; the
/// vector loads LLVM would otherwise use to read it back straddle two of those stores, which
/// the store buffer cannot forward, so they wait until the stores reach the cache
/// (benches/propagator.rs). `black_box` keeps each load a load of its own, without `unsafe`.
#[inline(always)]
fn read_by_components(state: &StateVector) -> StateVector {
    StateVector::from_fn(|i, _| std::hint::black_box(state[i]))
}

/// The drag factor −a/v_rel a body flies this step with: its held sample while it holds, else a
/// new one ([`DensitySample::take`]); none without drag properties or an atmosphere.
#[inline(always)]
fn held_drag_factor_per_s(
    drag: Option<DragProperties>,
    mass_kg: f64,
    density_sample: &mut Option<DensitySample>,
    forces: &ForceModel,
    env: &StepEnvironment,
    state: &StateVector,
    (steps, step_s): (u64, f64),
) -> f64 {
    match (drag, &forces.atmosphere) {
        (Some(drag), Some(_)) => match *density_sample {
            Some(sample) if steps < sample.until_step => sample.drag_factor_per_s,
            _ => {
                let ballistic_m2_kg = drag.ballistic_coefficient_m2_kg(mass_kg);
                density_sample
                    .insert(DensitySample::take(forces, env, state, ballistic_m2_kg, steps, step_s))
                    .drag_factor_per_s
            }
        },
        _ => 0.0,
    }
}

/// Steps of `step_s` nearest to `seconds`, at least one. Adding ½ and truncating rounds a
/// positive number without the libm call that `f64::round` is on baseline x86-64.
fn whole_steps_in(seconds: f64, step_s: f64) -> u64 {
    ((seconds / step_s + 0.5) as u64).max(1)
}

/// Whole steps of `step_s` that fit in `seconds`, at least one: a limit is not overrun.
fn steps_within(seconds: f64, step_s: f64) -> u64 {
    ((seconds / step_s) as u64).max(1)
}

/// Iterations of the shooting that corrects Lambert's aim for the finite burn, J2 and drag.
const SHOOTING_ITERATIONS: usize = 4;

const EQUATORIAL_RADIUS_SQUARED_M2: f64 = super::earth::EQUATORIAL_RADIUS_M * super::earth::EQUATORIAL_RADIUS_M;

/// Longest a body's drag factor is held, s: the diurnal bulge and the speed relative to the air
/// change along the orbit too. 15 s, with the midpoint sample, holds the ISS's 24 h error to
/// 0.37 m, as 10 s sampled at the start had (benches/propagator.rs).
pub const DENSITY_HOLD_MAX_S: f64 = 15.0;

/// Relative change of density a hold may span, |ḣ|·T/H for climb rate ḣ and scale height H.
pub const DENSITY_CHANGE_PER_HOLD: f64 = 0.05;

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
    /// The environment of the current refresh period and the step range it holds for.
    pub environment: Option<(std::ops::Range<u64>, StepEnvironment)>,
}

/// The Sun-dependent environment (the density bulge) is refreshed every this many seconds of
/// mission time: the Sun moves 2.5 arcsec in a minute.
const ENVIRONMENT_REFRESH_S: f64 = 60.0;

/// Powered flight is integrated in substeps of this fraction of the mission step: thrust
/// direction and mass are held over a substep.
const POWERED_SUBSTEPS: u32 = 10;

/// The proximity approach is flown in substeps of this fraction of the mission step, the
/// controller commanding at each (10 Hz at a 1 s step): contact is found to a tenth of a
/// second (1.5 cm at 0.15 m/s), and a pilot's pulse in the docking game is shorter than a step.
/// The station's state between its steps is the cubic Hermite of its two ends.
pub const PROXIMITY_SUBSTEPS: u32 = 10;

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

    pub fn body_index(&self, name: &str) -> Option<usize> {
        self.bodies.iter().position(|b| b.name == name)
    }

    /// Inertial state of a body now.
    pub fn state(&self, body: usize) -> StateVector {
        match &self.bodies[body].motion {
            Motion::Free { state } => *state,
            Motion::EarthFixed { position_ecef_m } => frames::eci_state_of_ecef_point(position_ecef_m, self.gmst_rad()),
            Motion::Docked { to, offset_lvlh_m, .. } => {
                let host = self.state(*to);
                let eci_from_lvlh = frames::lvlh_from_eci_matrix(&host).transpose();
                let r = position_m(&host);
                let omega = frames::lvlh_rate_radps(&host);
                let offset = eci_from_lvlh * offset_lvlh_m;
                state_from(r + offset, velocity_mps(&host) + omega.cross(&offset))
            }
        }
    }

    pub fn geodetic(&self, body: usize) -> Geodetic {
        frames::geodetic_from_eci_position_m(&position_m(&self.state(body)), self.gmst_rad())
    }

    pub fn elements(&self, body: usize) -> OrbitalElements {
        OrbitalElements::from_state(&self.state(body))
    }

    /// Advances every body by one fixed step: powered flight in substeps, the rest in one.
    pub fn step(&mut self) {
        let env = self.step_environment();
        // Engines first, planned from the states at the step's start. Checked here so that a
        // body without a rendezvous does not call out of line for it.
        let mut proximity = false;
        for index in 0..self.bodies.len() {
            if self.bodies[index].flight.rendezvous.is_some() {
                self.fly_rendezvous(index);
                let body = &self.bodies[index];
                proximity |= body.flight.flies_proximity(&body.motion);
            }
        }
        // Proximity substeps need the station where it starts the step.
        let station_start = if proximity { self.station().map(|s| (s, self.state(s))) } else { None };
        let (forces, method, h, met) = (&self.forces, self.method, self.step_s, self.met_s());
        let steps = self.steps_taken;
        let mut powered = false;
        // Crewed bodies watch for orbital sunset and sunrise after the step.
        let mut crewed = false;
        // Only a body inside the equatorial radius can be under the ground: most steps have none.
        let mut inside_equatorial_radius = false;
        // A body the mission points after the step (guided, on the ground, docked).
        let mut pointed = false;
        for body in &mut self.bodies {
            crewed |= body.crew > 0;
            // Turned from the state at the step's start. At rest with nothing turning it, a
            // body stays at rest: a coasting body's step is its translation alone.
            match (&body.motion, body.attitude_control) {
                (Motion::Free { .. }, AttitudeControl::Free) if body.attitude.rate_body_radps == Vector3d::zeros() => {}
                (Motion::Free { state }, AttitudeControl::Free | AttitudeControl::HoldLvlh { .. }) => {
                    body.attitude = turned_by_torque(body, state, h);
                }
                _ => pointed = true,
            }
            if body.flight.powered_over_step(met, h) {
                powered = true;
                continue;
            }
            if proximity && body.flight.flies_proximity(&body.motion) {
                continue;
            }
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
                inside_equatorial_radius |=
                    fly_free(forces, method, state, drag_factor_per_s, &body.flight.engine_mps2, h);
            }
        }
        if let Some((station, start)) = station_start {
            for index in 0..self.bodies.len() {
                let body = &self.bodies[index];
                if body.flight.flies_proximity(&body.motion) {
                    self.step_proximity(index, station, &start, &env);
                }
            }
        }
        // Pieces the launchers drop join the bodies after those that flew this step.
        for index in (0..self.bodies.len()).filter(|_| powered) {
            if self.bodies[index].flight.powered_over_step(met, h) {
                self.step_ascent(index, &env);
                inside_equatorial_radius |= matches!(self.bodies[index].motion,
                    Motion::Free { state } if position_m(&state).norm_squared() < EQUATORIAL_RADIUS_SQUARED_M2);
            }
        }
        self.steps_taken += 1;
        if crewed {
            self.log_sunsets_and_sunrises(&env);
        }
        if inside_equatorial_radius {
            self.land_fallen_bodies();
            pointed = true;
        }
        if pointed {
            self.point_bodies();
        }
    }

    /// The attitudes the mission sets at the end of a step: guided bodies where their guidance
    /// points them, bodies on the ground turned on with the Earth (they stood up where they
    /// landed, see [`standing_attitude`]), docked ones with their host as they were at contact.
    #[inline(never)]
    fn point_bodies(&mut self) {
        let h = self.step_s;
        let earth_turn = UnitQuaternion::from_axis_angle(&Vector3d::z_axis(), super::earth::ROTATION_RATE_RAD_S * h);
        for index in 0..self.bodies.len() {
            let body = &self.bodies[index];
            let next = match (&body.motion, body.attitude_control) {
                (Motion::EarthFixed { .. }, _) => {
                    Attitude { body_to_inertial: earth_turn * body.attitude.body_to_inertial, ..body.attitude }
                }
                // A stack its launcher carries was turned by its engines in the powered substeps, a
                // ship flown by hand by its thrusters in the proximity substeps.
                (Motion::Free { .. }, AttitudeControl::Guided { .. })
                    if self.carrier_of(index).is_some() || self.rendezvous_of(index).is_some_and(|p| p.by_hand()) =>
                {
                    continue;
                }
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

    /// Where the spacecraft's guidance wants it, with the rate of that frame: probe along the
    /// station's port axis, in the station's LVLH, from the velocity match on; otherwise x along
    /// the velocity, z towards nadir. Both frames turn once an orbit; the rate lets the hold
    /// track them without lag.
    fn guided_attitude(&self, index: usize, state: &StateVector) -> Attitude {
        let (r, v) = (position_m(state), velocity_mps(state));
        let docking_axis = self.bodies[index]
            .flight
            .rendezvous
            .as_ref()
            .filter(|p| p.matched && p.active.is_none())
            .map(|p| -p.approach.port_axis_lvlh);
        if let (Some(probe_lvlh), Some(host)) = (docking_axis, self.station()) {
            return docking_attitude(&probe_lvlh, &self.state(host));
        }
        let forward = v.normalize();
        let side = forward.cross(&-r.normalize()).normalize();
        with_lvlh_rate(Attitude::from_axes(&forward, &side, &forward.cross(&side), Vector3d::zeros()), state)
    }

    /// Every spacecraft's Kurs fault: the dockings by hand.
    fn kurs_faults_mut(&mut self) -> impl Iterator<Item = &mut super::rendezvous::KursFault> {
        self.bodies.iter_mut().filter_map(|b| b.flight.rendezvous.as_mut()?.approach.kurs_fault.as_mut())
    }

    /// Hands every docking after a Kurs fault to the pilot model (`control::pilot`) flying
    /// `technique`, instead of the scenario's replay; its inputs are recorded as it flies
    /// ([`Mission::pilot_replay`]).
    pub fn fly_pilot_model(&mut self, technique: pilot::Technique) {
        for fault in self.kurs_faults_mut() {
            let pilot = pilot::Pilot::new(technique, fault.takeover_met_s);
            fault.hands = Hands::Pilot(Box::new(pilot), super::replay::Replay::empty(pilot::PILOT, None));
        }
    }

    /// Hands every docking after a Kurs fault to `replay`'s inputs.
    pub fn fly_replay(&mut self, replay: Arc<super::replay::Replay>) {
        for fault in self.kurs_faults_mut() {
            fault.takeover_met_s = replay.takeover_met_s.unwrap_or(fault.takeover_met_s);
            fault.hands = Hands::Replay(replay.clone());
        }
    }

    /// Hands every docking after a Kurs fault to a player, who takes the controls at
    /// `takeover_met_s` (or when the fault strikes, if later); [`Mission::set_live_hands`] sets
    /// what the controllers hold.
    pub fn fly_live(&mut self, takeover_met_s: f64, player: &str) {
        for fault in self.kurs_faults_mut() {
            fault.takeover_met_s = takeover_met_s;
            let recorded = super::replay::Replay::empty(player, Some(takeover_met_s));
            fault.hands = Hands::Live(super::rcs::HandCommand::default(), recorded);
        }
    }

    /// Flies to the takeover after the Kurs fault, then moves the ship to `start`
    /// ([`Mission::place_for_docking`]): the docking game's own starts.
    pub fn start_docking(&mut self, start: super::docking::Start) {
        let takeover = self.kurs_faults_mut().next().map(|f| f.takeover_met_s);
        if let Some(met_s) = takeover {
            self.run_to_met(met_s);
            self.place_for_docking(start);
        }
    }

    /// Moves every spacecraft stopped by a Kurs fault to `start`: on the port's axis at its
    /// distance, with its error, held there until the pilot takes over; a player's recording
    /// notes the start. Call at or after the stop.
    pub fn place_for_docking(&mut self, start: super::docking::Start) {
        let Some(host) = self.station() else { return };
        let station = self.state(host);
        let eci_from_lvlh = frames::lvlh_from_eci_matrix(&station).transpose();
        for index in 0..self.bodies.len() {
            let Some(plan) = self.bodies[index].flight.rendezvous.as_deref_mut() else { continue };
            let axis = plan.approach.port_axis_lvlh;
            let error = start.error(&axis);
            let p = proximity::contact_point_lvlh(&plan.approach) + axis * start.distance_m + error.offset_lvlh_m;
            let Some(fault) = plan.approach.kurs_fault.as_mut().filter(|f| f.stopped.is_some()) else { continue };
            fault.stopped = fault.stopped.map(|(met, _)| (met, p));
            if let Hands::Live(_, recorded) = &mut fault.hands {
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
    pub fn set_live_hands(&mut self, command: super::rcs::HandCommand) {
        for fault in self.kurs_faults_mut() {
            if let Hands::Live(held, _) = &mut fault.hands {
                *held = command;
            }
        }
    }

    /// The inputs the pilot model, or a player, has given body `index` so far.
    pub fn pilot_replay(&self, index: usize) -> Option<&super::replay::Replay> {
        match &self.rendezvous_of(index)?.approach.kurs_fault.as_ref()?.hands {
            Hands::Pilot(_, recorded) | Hands::Live(_, recorded) => Some(recorded),
            Hands::Replay(_) => None,
        }
    }

    /// What the pilot of body `index` sees now (the HUD's figures), once its approach is on
    /// the port's axis.
    pub fn docking_cues(&self, index: usize) -> Option<pilot::Cues> {
        let plan = self.rendezvous_of(index).filter(|p| p.matched && p.active.is_none())?;
        let station = self.state(self.station()?);
        let relative = frames::relative_lvlh(&station, &self.state(index));
        let eci_from_lvlh = frames::lvlh_from_eci_matrix(&station).transpose();
        let wanted = docking_attitude(&-plan.approach.port_axis_lvlh, &station);
        Some(pilot::cues(
            pilot::port_line(&plan.approach),
            relative,
            &eci_from_lvlh,
            &self.bodies[index].attitude,
            &wanted,
        ))
    }

    /// The station: the body that holds LVLH, which the rendezvous flies to.
    pub fn station(&self) -> Option<usize> {
        self.bodies.iter().position(|b| matches!(b.attitude_control, AttitudeControl::HoldLvlh { .. }))
    }

    /// The first spacecraft: the first body a launcher carries or a rendezvous flies.
    pub fn spacecraft(&self) -> Option<usize> {
        self.bodies.iter().position(|b| b.flight.ascent.is_some() || b.flight.rendezvous.is_some())
    }

    /// The launcher, while it still carries body `index`.
    pub fn carrier_of(&self, index: usize) -> Option<&Ascent> {
        self.ascent_of(index).filter(|a| !a.separated)
    }

    /// The launcher that carries or carried body `index` to orbit, if one did.
    pub fn ascent_of(&self, index: usize) -> Option<&Ascent> {
        self.bodies[index].flight.ascent.as_deref()
    }

    /// Body `index`'s rendezvous plan, if it flies one.
    pub fn rendezvous_of(&self, index: usize) -> Option<&super::rendezvous::Rendezvous> {
        self.bodies[index].flight.rendezvous.as_deref()
    }

    /// Sets body `index`'s engine acceleration for this step from its rendezvous: plans a burn
    /// when one is due (from the states now), burns propellant while one runs, and flies the
    /// proximity approach after the velocity match. Nothing while a launcher still carries it.
    #[inline(never)]
    fn fly_rendezvous(&mut self, index: usize) {
        let flight = &mut self.bodies[index].flight;
        flight.engine_mps2 = Vector3d::zeros();
        if !flight.ascent.as_ref().is_none_or(|a| a.separated) {
            return;
        }
        let Some(mut plan) = flight.rendezvous.take() else { return };
        let met = self.met_s();
        if plan.active.is_none()
            && let Some(start) = plan.next_start_met_s()
            && met >= start
        {
            self.plan_burn(index, &mut plan, met);
        }
        let (thrust, used_kg) = plan.thrust_over_step(self.bodies[index].mass_kg, self.step_s);
        self.bodies[index].mass_kg -= used_kg;
        let proximity = plan.matched && plan.active.is_none();
        if proximity && matches!(self.bodies[index].motion, Motion::Docked { .. }) {
            self.close_hooks(index, &mut plan, met);
        }
        // In proximity the engine is commanded in the substeps instead.
        let thrust = if proximity { Vector3d::zeros() } else { thrust };
        let flight = &mut self.bodies[index].flight;
        flight.rendezvous = Some(plan);
        flight.engine_mps2 = thrust;
    }

    /// After contact, the hooks close once the docking mechanism has had its time.
    fn close_hooks(&mut self, soyuz: usize, plan: &mut super::rendezvous::Rendezvous, met: f64) {
        if let Some(contact) = plan.contact
            && !plan.hooks_closed
            && met >= contact.met_s + plan.approach.hooks_close_after_s
        {
            plan.hooks_closed = true;
            self.record(soyuz, met, EventKind::HooksClosed, Vec::new());
        }
    }

    /// One step of body `soyuz` on the proximity approach, in [`PROXIMITY_SUBSTEPS`]: at each the
    /// controller commands from the states then, the station's between its two step ends
    /// (`station_start` is where it began this step). Stops at contact, docked. Flown by hand,
    /// the thrusters the controllers fire push and turn the ship and burn the shared propellant.
    #[inline(never)]
    fn step_proximity(&mut self, soyuz: usize, station: usize, station_start: &StateVector, env: &StepEnvironment) {
        let Some(mut plan) = self.bodies[soyuz].flight.rendezvous.take() else { return };
        let (start_met_s, step_s, steps) = (self.met_s(), self.step_s, self.steps_taken);
        let station_end = self.state(station);
        let h = step_s / f64::from(PROXIMITY_SUBSTEPS);
        // Flown by hand, anything may touch: the shapes, the arrays turned as they are now.
        let shapes = plan.by_hand().then(|| self.docking_shapes(station, soyuz, plan.approach.port_id, env));
        for k in 0..PROXIMITY_SUBSTEPS {
            let Motion::Free { state } = self.bodies[soyuz].motion else { break };
            let fraction = f64::from(k) / f64::from(PROXIMITY_SUBSTEPS);
            let target = super::snapshot::hermite_state(station_start, &station_end, step_s, fraction);
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
            let sensing = posed.as_ref().map_or(ProbeSensing::FacePlane, |(shapes, station_pose, soyuz_pose)| {
                ProbeSensing::Shapes(shapes.probe_touch(station_pose, soyuz_pose, &relative_mps, h))
            });
            let Some(command) = self.proximity_command(soyuz, station, &mut plan, met, (&target, &state), sensing)
            else {
                break;
            };
            if let Some((shapes, station_pose, soyuz_pose)) = &posed
                && plan.approach.kurs_fault.as_ref().is_some_and(|f| f.failure.is_none())
                && let Some(part) = shapes.strike(station_pose, soyuz_pose, &relative_mps, h)
            {
                self.fail_docking(soyuz, &mut plan, met, DockingFailure::Collision(part));
                bounce(&mut state, &relative_mps);
            }
            let engine_mps2 = match command {
                ProximityThrust::Automatic(acceleration) => acceleration,
                ProximityThrust::Rebound(axis) => {
                    bounce(&mut state, &(axis * relative_mps.dot(&axis)));
                    Vector3d::zeros()
                }
                ProximityThrust::Hands(hands) => {
                    let firing = plan.rcs.firing(&hands);
                    let burnt_kg = firing.propellant_kg_per_s * h;
                    if burnt_kg > plan.propellant_kg {
                        self.fail_docking(soyuz, &mut plan, met, DockingFailure::OutOfPropellant);
                        Vector3d::zeros()
                    } else {
                        let body = &mut self.bodies[soyuz];
                        plan.propellant_kg -= burnt_kg;
                        let push = body.attitude.body_to_inertial * firing.force_body_n / body.mass_kg;
                        body.mass_kg -= burnt_kg;
                        body.attitude = attitude_after(&body.attitude, &body.inertia, &firing.torque_body_nm, h);
                        push
                    }
                }
            };
            let body = &mut self.bodies[soyuz];
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
        self.bodies[soyuz].flight.rendezvous = Some(plan);
    }

    /// The station with the vehicles docked to it, each placed in the station's body frame as
    /// it is now: what an approaching ship can strike. The station comes first.
    pub fn assembly(&self, station: usize) -> Vec<super::geometry::Placed> {
        let host = &self.bodies[station];
        let to_host = host.attitude.body_to_inertial.inverse();
        let r_host = position_m(&self.state(station));
        let placed = |index: usize| {
            let body = &self.bodies[index];
            let offset = to_host * (position_m(&self.state(index)) - r_host);
            super::geometry::Placed {
                label: if index == station { String::new() } else { body.label.clone() },
                model: super::geometry::model(body.model),
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

    /// The station's and the spacecraft's contact shapes for this step, the station's arrays
    /// turned to the Sun as its alpha joints turn them.
    fn docking_shapes(
        &self,
        station: usize,
        soyuz: usize,
        port: super::geometry::PortId,
        env: &StepEnvironment,
    ) -> DockingShapes {
        let host = &self.bodies[station];
        let sun_in_body = host.attitude.body_to_inertial.inverse() * env.sun_position_m.normalize();
        DockingShapes::new(
            &self.assembly(station),
            port,
            &super::geometry::model(self.bodies[soyuz].model),
            super::geometry::sun_tracking_angle_rad(&sun_in_body),
        )
    }

    /// Ends a docking by hand: logs why; the hands rest from then on.
    fn fail_docking(
        &mut self,
        soyuz: usize,
        plan: &mut super::rendezvous::Rendezvous,
        met: f64,
        failure: DockingFailure,
    ) {
        let Some(fault) = plan.approach.kurs_fault.as_mut() else { return };
        if fault.failure.is_some() {
            return;
        }
        fault.failure = Some(failure.clone());
        match failure {
            DockingFailure::Collision(part) => {
                self.record(soyuz, met, EventKind::Collision, vec![("part", Figure::Text(part))])
            }
            DockingFailure::OutOfPropellant => self.record(soyuz, met, EventKind::PropellantOut, Vec::new()),
        }
    }

    /// Proximity operations in the station's LVLH frame, flown by the proximity controller
    /// (`control::proximity`) from the station's and the spacecraft's states at `met`: logs each
    /// phase as it begins, and turns the controller's LVLH command into an inertial
    /// acceleration; at contact docks the spacecraft and gives none. With a Kurs fault the
    /// approach stops where the fault strikes and holds there until the pilot takes the
    /// controls; then the hands (a replay, or the pilot model from what it sees) command.
    fn proximity_command(
        &mut self,
        soyuz: usize,
        station: usize,
        plan: &mut super::rendezvous::Rendezvous,
        met: f64,
        (target, chaser): (&StateVector, &StateVector),
        sensing: ProbeSensing,
    ) -> Option<ProximityThrust> {
        let relative = frames::relative_lvlh(target, chaser);
        let glide_start = *plan.proximity_start.get_or_insert((met, relative.0));
        let (phase, mut p_ref, mut v_ref) = proximity::reference_lvlh(&plan.approach, glide_start, met);
        if plan.phase.is_none_or(|logged| logged < phase) {
            plan.phase = Some(phase);
            let port = ("port", Figure::Text(plan.approach.port.clone()));
            let (kind, figures) = match phase {
                ProximityPhase::FlyAround => {
                    (EventKind::FlyAround, vec![("range_km", Figure::Number(relative.0.norm() / 1000.0)), port])
                }
                ProximityPhase::StationKeeping => (
                    EventKind::StationKeeping,
                    vec![("distance_m", Figure::Number(plan.approach.hold_distance_m)), port],
                ),
                ProximityPhase::FinalApproach => (EventKind::FinalApproach, vec![port]),
            };
            self.record(soyuz, met, kind, figures);
        }
        let touch = match sensing {
            ProbeSensing::Shapes(touch) => touch.map(|t| Contact {
                met_s: met + t.after_s,
                closing_mps: -relative.1.dot(&plan.approach.port_axis_lvlh),
                lateral_miss_m: t.lateral_m,
                misalignment_rad: 0.0,
            }),
            ProbeSensing::FacePlane => proximity::contact(&plan.approach, relative, met),
        };
        if phase == ProximityPhase::FinalApproach
            && let Some(contact) = touch
            && contact.closing_mps > 0.0
        {
            let axis_eci = frames::lvlh_from_eci_matrix(target).transpose() * plan.approach.port_axis_lvlh;
            let (ship, host) = (self.bodies[soyuz].attitude, self.bodies[station].attitude);
            let turning =
                ship.rate_body_radps - ship.body_to_inertial.inverse() * (host.body_to_inertial * host.rate_body_radps);
            let probe = ProbeContact {
                closing_mps: contact.closing_mps,
                lateral_m: contact.lateral_miss_m,
                misalignment_rad: ship.axis(0).angle(&-axis_eci),
                rate_radps: turning.norm(),
            };
            // Wide of the port's face, the probe passes beside its module: no contact (the
            // shape cast finds whatever it does strike).
            let station_model = super::geometry::model(self.bodies[station].model);
            let (face_m, mouth_m) = station_model
                .port_drogue(plan.approach.port_id)
                .map_or((0.0, 0.0), |(_, drogue, face_m)| (face_m, drogue.mouth_radius_m));
            match plan.approach.capture.judge(&probe, mouth_m) {
                _ if contact.lateral_miss_m > face_m => {}
                ProbeOutcome::Captured => {
                    plan.contact = Some(Contact { misalignment_rad: probe.misalignment_rad, ..contact });
                    let figures = vec![
                        ("port", Figure::Text(plan.approach.port.clone())),
                        ("closing_mps", Figure::Number(contact.closing_mps)),
                        ("miss_m", Figure::Number(contact.lateral_miss_m)),
                    ];
                    self.record(soyuz, met, EventKind::Contact, figures);
                    let attitude_in_host = self.bodies[station].attitude.body_to_inertial.inverse()
                        * self.bodies[soyuz].attitude.body_to_inertial;
                    self.bodies[soyuz].motion =
                        Motion::Docked { to: station, offset_lvlh_m: relative.0, attitude_in_host };
                    return None;
                }
                ProbeOutcome::Bounced(limit) => {
                    let figures = vec![
                        ("closing_mps", Figure::Number(contact.closing_mps)),
                        ("miss_m", Figure::Number(contact.lateral_miss_m)),
                        ("why", Figure::Text(limit.text().into())),
                    ];
                    self.record(soyuz, met, EventKind::Bounce, figures);
                    return Some(ProximityThrust::Rebound(axis_eci));
                }
                ProbeOutcome::Missed => {
                    let part = super::geometry::model(self.bodies[station].model)
                        .port(plan.approach.port_id)
                        .map_or("port", |p| p.part);
                    self.fail_docking(soyuz, plan, met, DockingFailure::Collision(part.to_string()));
                    return Some(ProximityThrust::Rebound(axis_eci));
                }
            }
        }
        let eci_from_lvlh = frames::lvlh_from_eci_matrix(target).transpose();
        let line = pilot::port_line(&plan.approach);
        let distance_m = (relative.0 - line.0).dot(&line.1);
        let (port, propellant_kg) = (plan.approach.port.clone(), plan.propellant_kg);
        if let Some(fault) = plan.approach.kurs_fault.as_mut() {
            if fault.stopped.is_none() && phase == ProximityPhase::FinalApproach && distance_m <= fault.at_m {
                fault.stopped = Some((met, relative.0));
                let figures = vec![("distance_m", Figure::Number(distance_m)), ("port", Figure::Text(port))];
                self.record(soyuz, met, EventKind::KursFault, figures);
            }
            match fault.stopped {
                Some(_) if met >= fault.takeover_met_s => {
                    if !fault.taken_over {
                        fault.taken_over = true;
                        fault.takeover = Some((met, propellant_kg));
                        self.record(
                            soyuz,
                            met,
                            EventKind::ManualControl,
                            vec![("distance_m", Figure::Number(distance_m))],
                        );
                    }
                    let command = match &mut fault.hands {
                        _ if fault.failure.is_some() => super::rcs::HandCommand::default(),
                        Hands::Replay(replay) => replay.command_at(met),
                        Hands::Pilot(pilot, recorded) => {
                            let attitude = &self.bodies[soyuz].attitude;
                            let cues = pilot::cues(
                                line,
                                relative,
                                &eci_from_lvlh,
                                attitude,
                                &docking_attitude(&-line.1, target),
                            );
                            let command = pilot.command(met, &cues);
                            recorded.record(met, command);
                            command
                        }
                        Hands::Live(command, recorded) => {
                            recorded.record(met, *command);
                            *command
                        }
                    };
                    return Some(ProximityThrust::Hands(command));
                }
                Some((_, held_at)) => (p_ref, v_ref) = (held_at, Vector3d::zeros()),
                None => {}
            }
        }
        let command =
            proximity::command_lvlh_mps2(&plan.approach, relative, (p_ref, v_ref), self.bodies[soyuz].mass_kg);
        Some(ProximityThrust::Automatic(eci_from_lvlh * command))
    }

    /// Plans the next burn from the actual states (`control::phasing`): a Lambert transfer to
    /// its aim point off the ISS where the ISS will be, or, for the last, nulling the relative
    /// velocity.
    fn plan_burn(&mut self, soyuz: usize, plan: &mut super::rendezvous::Rendezvous, met: f64) {
        let Some(iss) = self.station() else { return };
        let Some(burn) = plan.burns.get(plan.next).copied() else { return };
        plan.next += 1;
        let chaser = self.state(soyuz);
        let (r1, v1) = (position_m(&chaser), velocity_mps(&chaser));
        let station = self.state(iss);
        let range_km = (position_m(&station) - r1).norm() / 1000.0;
        let dv = match burn.target {
            BurnTarget::AimPoint { arrive_met_s, offset_lvlh_m } => {
                let mut future = self.alone(iss);
                future.run_to_met(arrive_met_s);
                let aim = phasing::aim_point_m(&future.state(0), &offset_lvlh_m);
                let normal = position_m(&station).cross(&velocity_mps(&station));
                // Lambert is two-body and impulsive; the burn is finite and J2 and drag act.
                // Shoot: fly the burn through the full model, move Lambert's target by the miss.
                let mut lambert_target = aim;
                let mut dv = None;
                for _ in 0..SHOOTING_ITERATIONS {
                    let Some(trial_dv) =
                        phasing::transfer_delta_v_mps((&r1, &v1), &lambert_target, arrive_met_s - met, &normal)
                    else {
                        break;
                    };
                    let achieved =
                        self.fly_trial_burn(soyuz, plan, ActiveBurn::new(burn.engine, &trial_dv), arrive_met_s);
                    lambert_target += aim - achieved;
                    dv = Some(trial_dv);
                }
                let Some(dv) = dv else {
                    let figures = vec![
                        ("burn", Figure::Number(plan.next as f64)),
                        ("engine", Figure::Text(burn.engine.name().into())),
                    ];
                    self.record(soyuz, met, EventKind::BurnSkipped, figures);
                    return;
                };
                dv
            }
            BurnTarget::MatchVelocity => {
                plan.matched = true;
                velocity_mps(&station) - v1
            }
        };
        let duration_s = plan.engine(burn.engine).burn_duration_s(dv.norm(), self.bodies[soyuz].mass_kg);
        let figures = vec![
            ("engine", Figure::Text(burn.engine.name().into())),
            ("dv_mps", Figure::Number(dv.norm())),
            ("duration_s", Figure::Number(duration_s)),
            ("range_km", Figure::Number(range_km)),
        ];
        self.record(soyuz, met, EventKind::Burn, figures);
        if dv.norm() > 1e-6 {
            plan.active = Some(ActiveBurn::new(burn.engine, &dv));
        }
    }

    /// Where the spacecraft is at `until_met_s` if it flies `burn` now (finite burn, full model).
    fn fly_trial_burn(
        &self,
        index: usize,
        plan: &super::rendezvous::Rendezvous,
        burn: ActiveBurn,
        until_met_s: f64,
    ) -> Vector3d {
        let mut trial = self.alone(index);
        let mut trial_plan = Box::new(plan.clone());
        // No further burn is planned before the trial's end, and without the velocity match
        // proximity control stays off: the trial coasts after its burn.
        trial_plan.next = trial_plan.burns.len();
        trial_plan.matched = false;
        trial_plan.active = Some(burn);
        trial.bodies[0].flight.rendezvous = Some(trial_plan);
        trial.run_to_met(until_met_s);
        position_m(&trial.state(0))
    }

    /// A copy with only `body` in it (as body 0), flown by no controller (no launcher, no
    /// rendezvous plan), no log and no timeline: to forecast one body cheaply, whose motion does
    /// not depend on the others. A docked body has no host in the copy: it flies free from its
    /// present state.
    pub fn alone(&self, body: usize) -> Mission {
        let mut only =
            Body { flight: Flight::default(), crew: 0, sun_above_limb_rad: None, ..self.bodies[body].clone() };
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
        }
    }

    /// The environment for this step, recomputed at the start of each refresh period (so that
    /// it depends only on the step count and a restored checkpoint gives the same trajectory).
    fn step_environment(&mut self) -> StepEnvironment {
        match &self.environment {
            Some((steps, env)) if steps.contains(&self.steps_taken) => *env,
            _ => self.refresh_environment(),
        }
    }

    /// Out of line, like the other work that runs on few steps: inlined, it made the step's
    /// stack frame and register pressure those of the rarest path.
    #[inline(never)]
    fn refresh_environment(&mut self) -> StepEnvironment {
        let period = whole_steps_in(ENVIRONMENT_REFRESH_S, self.step_s);
        let period_start = self.steps_taken - self.steps_taken % period;
        let at = self.launch.plus_seconds(self.start_met_s + period_start as f64 * self.step_s);
        let env = StepEnvironment::at(at, self.ut1_minus_utc_s);
        self.environment = Some((period_start..period_start + period, env));
        env
    }

    /// Whether the launcher flies during the step that starts at `met_s` (lift-off is at 0).
    /// One step of body `index` carried by its launcher, in powered substeps.
    #[inline(never)]
    fn step_ascent(&mut self, index: usize, env: &StepEnvironment) {
        let start_met = self.met_s();
        let h = self.step_s / f64::from(POWERED_SUBSTEPS);
        for k in 0..POWERED_SUBSTEPS {
            let met = start_met + f64::from(k) * h;
            if met < 0.0 {
                continue;
            }
            if let Motion::EarthFixed { position_ecef_m } = self.bodies[index].motion {
                // Lift-off: the stack leaves the pad with the pad's inertial velocity.
                let gmst = gmst_rad(self.launch.plus_seconds(met).julian_date_ut1(self.ut1_minus_utc_s));
                self.bodies[index].motion =
                    Motion::Free { state: frames::eci_state_of_ecef_point(&position_ecef_m, gmst) };
                self.record(index, met, EventKind::LiftOff, Vec::new());
            }
            let Some(mut ascent) = self.bodies[index].flight.ascent.take() else { return };
            let bodies_before = self.bodies.len();
            let Motion::Free { state } = self.bodies[index].motion else { unreachable!("set free at lift-off") };
            if ascent.separated {
                self.bodies[index].flight.ascent = Some(ascent);
                continue;
            }
            let altitude = super::forces::approximate_altitude_m(&position_m(&state));
            let thrust = ascent.thrust_n(altitude);
            let mass = ascent.mass_kg();
            let accel = thrust / mass;
            ascent.max_axial_acceleration_mps2 = ascent.max_axial_acceleration_mps2.max(accel);
            // Thrust acts along the stack's axis; its engines' steering torque turns that axis onto
            // the guidance's direction over the substep (by Euler's equations, its inertia).
            let stack = self.bodies[index].attitude;
            let direction = if thrust > 0.0 { stack.axis(0) } else { Vector3d::zeros() };
            if thrust > 0.0 {
                let previous = ascent.steering();
                let commanded = ascent.steering_direction(met, &state, accel);
                // The command's own turn rate, fed forward so that the loop does not lag a
                // pitch programme (the gravity turn would keep any lag).
                let turn_radps = if previous.norm() > 0.5 { previous.cross(&commanded) / h } else { Vector3d::zeros() };
                let inertia = ascent.inertia();
                let g = &ascent.spec.guidance;
                let torque = hold_torque_nm(
                    &stack,
                    &stack_attitude(&commanded, &ascent.target_plane_normal, &turn_radps),
                    &inertia,
                    g.steering_bandwidth_radps,
                    ascent.steering_torque_nm(thrust),
                );
                self.bodies[index].attitude = attitude_after(&stack, &inertia, &torque, h);
            }
            let burn_fraction = if thrust > 0.0 { ascent.cutoff_fraction(&state, accel, h) } else { 0.0 };
            let forces = &self.forces;
            // In the lower atmosphere density changes quickly: sampled every substep.
            let density = forces.density_kg_m3(&position_m(&state), env);
            let drag =
                ForceModel::drag_acceleration_mps2(&state, density, ascent.drag().ballistic_coefficient_m2_kg(mass));
            let burn = h * burn_fraction;
            let mut next = state;
            if burn > 0.0 {
                next = forces.step(self.method, &next, &(drag + direction * accel), burn);
            }
            if burn < h {
                next = forces.step(self.method, &next, &drag, h - burn);
            }
            self.bodies[index].motion = Motion::Free { state: next };
            let events = if burn > 0.0 { ascent.burn(burn, met + burn, &next) } else { Vec::new() };
            if thrust > 0.0 && burn_fraction < 1.0 && ascent.third_cutoff_s.is_none() && !ascent.core_attached {
                ascent.third_cutoff_s = Some(met + burn);
                let stage = vec![("stage", Figure::Text(ascent.spec.third.name.clone()))];
                self.record(index, met + burn, EventKind::ThirdStageCutoff, stage);
            }
            for event in events {
                self.apply_ascent_event(index, met + burn, &next, event);
            }
            if let Some(cutoff) = ascent.third_cutoff_s
                && met + h >= cutoff + ascent.spec.separation_delay_s
            {
                ascent.separated = true;
                let along = velocity_mps(&next).normalize();
                let third = Jettisoned {
                    name: "third-stage".into(),
                    model: ModelId::ThirdStage,
                    mass_kg: ascent.spec.third.dry_mass_kg + ascent.third_propellant_kg,
                    drag: ascent.spec.third.drag(),
                    inertia: ascent.spec.third.spent_inertia(),
                    tip_off_rate_body_radps: Vector3d::new(0.0, 0.2_f64.to_radians(), 0.0),
                    separation_speed_mps: 0.5,
                    direction: -along,
                };
                self.bodies[index].mass_kg = ascent.payload_kg;
                self.apply_ascent_event(
                    index,
                    met + h,
                    &next,
                    AscentEvent::SpacecraftSeparated {
                        third_stage: third,
                        peak_axial_mps2: ascent.max_axial_acceleration_mps2,
                    },
                );
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
            self.bodies[index].flight.ascent = Some(ascent);
        }
    }

    /// Logs an event of vehicle `index`, its text from the scenario's templates and `figures`.
    fn record(&mut self, index: usize, met_s: f64, kind: EventKind, figures: Figures) {
        let key = next_key(&self.log, BodyId(index), kind);
        let (name, description) = self.event_texts.render(&key, &figures);
        self.log.push(TimelineEvent { met_s, key, name, description });
    }

    fn apply_ascent_event(&mut self, index: usize, met_s: f64, stack: &StateVector, event: AscentEvent) {
        let stack_attitude = self.bodies[index].attitude;
        let spawn = |bodies: &mut Vec<Body>, piece: Jettisoned| {
            let dv = piece.direction.normalize() * piece.separation_speed_mps;
            bodies.push(Body {
                label: piece.name.clone(),
                name: piece.name,
                model: piece.model,
                mass_kg: piece.mass_kg,
                drag: Some(piece.drag),
                attitude: Attitude { rate_body_radps: piece.tip_off_rate_body_radps, ..stack_attitude },
                inertia: piece.inertia,
                attitude_control: AttitudeControl::Free,
                motion: Motion::Free { state: state_from(position_m(stack), velocity_mps(stack) + dv) },
                density_sample: None,
                flight: Flight::default(),
                crew: 0,
                sun_above_limb_rad: None,
            });
        };
        match event {
            AscentEvent::Named(happened) => self.record(index, met_s, happened.kind, happened.figures),
            AscentEvent::Jettison { happened, piece } => {
                if let Some(h) = happened {
                    self.record(index, met_s, h.kind, h.figures);
                }
                spawn(&mut self.bodies, piece);
            }
            AscentEvent::SpacecraftSeparated { third_stage, peak_axial_mps2 } => {
                let e = OrbitalElements::from_state(stack);
                let peak_g = peak_axial_mps2 / super::launcher::G0_MPS2;
                let figures = vec![
                    ("perigee_km", Figure::Number(e.perigee_altitude_m() / 1000.0)),
                    ("apogee_km", Figure::Number(e.apogee_altitude_m() / 1000.0)),
                    ("inclination_deg", Figure::Number(e.inclination_rad.to_degrees())),
                    ("peak_g", Figure::Number(peak_g)),
                ];
                self.record(index, met_s, EventKind::SpacecraftSeparation, figures);
                self.record(index, met_s, EventKind::Deployment, Vec::new());
                spawn(&mut self.bodies, third_stage);
            }
        }
    }

    /// Orbital sunset and sunrise of each crewed body in flight, free or docked (a docked crew
    /// sees its host's, logged as its own): where the Sun's centre crosses the Earth's limb as
    /// seen from it, at the instant found by linear interpolation within the step (the margin
    /// changes at about the orbital rate, so the error is well under a second).
    #[inline(never)]
    fn log_sunsets_and_sunrises(&mut self, env: &StepEnvironment) {
        let (end_met_s, h) = (self.met_s(), self.step_s);
        for index in 0..self.bodies.len() {
            let body = &self.bodies[index];
            let now = match (&body.motion, body.crew) {
                (Motion::Free { .. } | Motion::Docked { .. }, 1..) => {
                    Some(sun::sun_above_limb_rad(&position_m(&self.state(index)), &env.sun_position_m))
                }
                _ => None,
            };
            let before = std::mem::replace(&mut self.bodies[index].sun_above_limb_rad, now);
            if let (Some(g0), Some(g1)) = (before, now)
                && (g0 >= 0.0) != (g1 >= 0.0)
            {
                let kind = if g1 < 0.0 { EventKind::Sunset } else { EventKind::Sunrise };
                self.record(index, end_met_s - h + h * g0 / (g0 - g1), kind, Vec::new());
            }
        }
    }

    /// Bodies that fall below the surface stop there, fixed to the ground.
    #[inline(never)]
    /// A launcher that comes down before separating has crashed: its flight ends there.
    fn land_fallen_bodies(&mut self) {
        let (gmst, met_s) = (self.gmst_rad(), self.met_s());
        for (index, body) in self.bodies.iter_mut().enumerate() {
            if let Motion::Free { state } = body.motion
                && position_m(&state).norm_squared() < EQUATORIAL_RADIUS_SQUARED_M2
            {
                let g = frames::geodetic_from_eci_position_m(&position_m(&state), gmst);
                if g.altitude_m < 0.0 {
                    let ground = frames::ecef_from_geodetic_m(&Geodetic { altitude_m: 0.0, ..g });
                    body.motion = Motion::EarthFixed { position_ecef_m: ground };
                    body.attitude = standing_attitude(&ground, gmst);
                    if let Some(ascent) = body.flight.ascent.as_mut().filter(|a| a.is_flying()) {
                        ascent.crashed = true;
                        let key = next_key(&self.log, BodyId(index), EventKind::Crash);
                        let figures = [
                            ("latitude_deg", Figure::Number(g.latitude_rad.to_degrees())),
                            ("longitude_deg", Figure::Number(g.longitude_rad.to_degrees())),
                        ];
                        let (name, description) = self.event_texts.render(&key, &figures);
                        self.log.push(TimelineEvent { met_s, key, name, description });
                    }
                }
            }
        }
    }

    /// The timeline with what the flight itself produces (lift-off, staging, separation...)
    /// in place of the planned entries of the same name, found by flying a copy to its last
    /// planned event. Planned entries the physics does not fly yet stay as they are.
    pub fn flown_timeline(&self) -> Vec<TimelineEvent> {
        let mut copy = self.clone();
        copy.run_to_met(self.timeline.iter().map(|e| e.met_s).fold(0.0, f64::max));
        merge_flown(&self.timeline, &copy.log).into_iter().map(|(event, _)| event.clone()).collect()
    }

    /// Where free-flying `body` will be `seconds` from now under the same forces evaluated
    /// continuously, by adaptive Dormand–Prince 5(4) at `rel_tol`: density, drag and the bulge's
    /// Sun at every evaluation, where the fixed step holds drag over a step, density up to
    /// 15 s and the Sun over a minute. The reference the fixed step is measured against
    /// (tests/physics.rs, benches/propagator.rs); it flies no thrust.
    pub fn reference_state_after(&self, body: usize, seconds: f64, rel_tol: f64) -> StateVector {
        let (start, ut1_minus_utc_s, forces, ballistic_m2_kg) = (
            self.utc(),
            self.ut1_minus_utc_s,
            &self.forces,
            self.bodies[body].drag.map_or(0.0, |d| d.ballistic_coefficient_m2_kg(self.bodies[body].mass_kg)),
        );
        let mut derivative = |t: f64, y: &StateVector| {
            let env = StepEnvironment::at(start.plus_seconds(t), ut1_minus_utc_s);
            let density = forces.density_kg_m3(&position_m(y), &env);
            let drag_mps2 = ForceModel::drag_acceleration_mps2(y, density, ballistic_m2_kg);
            state_from(
                velocity_mps(y),
                super::earth::gravity_acceleration_mps2(&position_m(y), forces.zonal) + drag_mps2,
            )
        };
        super::integrator::dopri5_adaptive(&mut derivative, 0.0, &self.state(body), seconds, rel_tol, 1e-6)
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
    /// bodies, the log with its text, and the rendezvous plan. What copies share (the planned
    /// timeline, the density table) is not counted; nor is the launcher's handful of stage
    /// names (under 200 bytes).
    pub fn heap_bytes(&self) -> usize {
        use std::mem::size_of;
        let events = |list: &Vec<TimelineEvent>| {
            list.capacity() * size_of::<TimelineEvent>()
                + list.iter().map(|e| e.name.capacity() + e.description.capacity()).sum::<usize>()
        };
        let bodies =
            self.bodies.capacity() * size_of::<Body>() + self.bodies.iter().map(|b| b.name.capacity()).sum::<usize>();
        let rendezvous: usize = self
            .bodies
            .iter()
            .filter_map(|b| b.flight.rendezvous.as_ref())
            .map(|plan| {
                size_of::<super::rendezvous::Rendezvous>() + plan.burns.capacity() * size_of::<phasing::PhasingBurn>()
            })
            .sum();
        let ascents = self.bodies.iter().filter(|b| b.flight.ascent.is_some()).count() * size_of::<Ascent>();
        bodies + events(&self.log) + rendezvous + ascents
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

/// `attitude` turning with the LVLH frame of `frame` (once an orbit).
fn with_lvlh_rate(mut attitude: Attitude, frame: &StateVector) -> Attitude {
    attitude.rate_body_radps = attitude.body_to_inertial.inverse() * frames::lvlh_rate_radps(frame);
    attitude
}

/// The stack's attitude along `forward`, its y axis along the target plane's normal (so that
/// it pitches about y in the plane; defined straight up as well, where the local vertical gives
/// no side), turning at `turn_radps` (inertial).
fn stack_attitude(forward: &Vector3d, plane_normal: &Vector3d, turn_radps: &Vector3d) -> Attitude {
    let side = (plane_normal - forward * forward.dot(plane_normal)).normalize();
    let axes = Attitude::from_axes(forward, &side, &forward.cross(&side), Vector3d::zeros());
    Attitude { rate_body_radps: axes.body_to_inertial.inverse() * turn_radps, ..axes }
}

/// A free body's attitude after a step of `h_s` under its controller's torque (none, or the
/// LVLH hold from `state`, its state at the step's start).
#[inline(never)]
fn turned_by_torque(body: &Body, state: &StateVector, h_s: f64) -> Attitude {
    let torque = match body.attitude_control {
        AttitudeControl::HoldLvlh { bandwidth_radps, max_torque_nm } => {
            hold_torque_nm(&body.attitude, &lvlh_attitude(state), &body.inertia, bandwidth_radps, max_torque_nm)
        }
        AttitudeControl::Free | AttitudeControl::Guided { .. } => Vector3d::zeros(),
    };
    attitude_after(&body.attitude, &body.inertia, &torque, h_s)
}
