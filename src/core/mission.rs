//! The mission state: bodies, mission time and the fixed step that advances them.

use super::elements::OrbitalElements;
use super::forces::{DragProperties, ForceModel, StepEnvironment};
use super::frames::{self, Geodetic};
use super::integrator::Method;
use super::time::{UtcInstant, gmst_rad};
use super::{StateVector, Vector3d, atmosphere::HarrisPriester, position_m, state_from, sun, velocity_mps};

/// How a body moves.
#[derive(Clone, Debug, PartialEq)]
pub enum Motion {
    /// Held to the rotating Earth (a rocket on its pad).
    EarthFixed { position_ecef_m: Vector3d },
    /// Free flight under the force model, inertial state.
    Free { state: StateVector },
}

#[derive(Clone, Debug, PartialEq)]
pub struct Body {
    pub name: String,
    pub mass_kg: f64,
    pub drag: Option<DragProperties>,
    pub motion: Motion,
}

/// A named moment of the flight plan.
#[derive(Clone, Debug, PartialEq)]
pub struct TimelineEvent {
    pub met_s: f64,
    pub name: String,
    pub description: String,
}

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
    pub timeline: Vec<TimelineEvent>,
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

    pub fn body_index(&self, name: &str) -> Option<usize> {
        self.bodies.iter().position(|b| b.name == name)
    }

    /// Inertial state of a body now.
    pub fn state(&self, body: usize) -> StateVector {
        match &self.bodies[body].motion {
            Motion::Free { state } => *state,
            Motion::EarthFixed { position_ecef_m } => frames::eci_state_of_ecef_point(position_ecef_m, self.gmst_rad()),
        }
    }

    pub fn geodetic(&self, body: usize) -> Geodetic {
        frames::geodetic_from_ecef(&frames::ecef_from_eci_position_m(&position_m(&self.state(body)), self.gmst_rad()))
    }

    pub fn elements(&self, body: usize) -> OrbitalElements {
        OrbitalElements::from_state(&self.state(body))
    }

    pub fn sun_position_eci_m(&self) -> Vector3d {
        sun::sun_position_eci_m(self.utc())
    }

    /// Advances every free body by one fixed step.
    pub fn step(&mut self) {
        let env =
            StepEnvironment { density_bulge_apex: HarrisPriester::bulge_apex(&sun::sun_direction_eci(self.utc())) };
        let (forces, method, h) = (self.forces, self.method, self.step_s);
        for body in &mut self.bodies {
            let ballistic = body.drag.map(|d| d.ballistic_coefficient_m2_kg(body.mass_kg));
            if let Motion::Free { state } = &mut body.motion {
                let mut derivative = |_t: f64, y: &StateVector| {
                    state_from(velocity_mps(y), forces.acceleration_mps2(y, &env, ballistic))
                };
                *state = method.step(&mut derivative, 0.0, state, h);
            }
        }
        self.steps_taken += 1;
    }

    /// Integrates forward to the step nearest `met_s` (never backwards: restore a checkpoint).
    pub fn run_to_met(&mut self, met_s: f64) {
        let target_steps = ((met_s - self.start_met_s) / self.step_s).round().max(0.0) as u64;
        while self.steps_taken < target_steps {
            self.step();
        }
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
