//! The rendezvous phasing: burns of the Soyuz main engine (SKD) planned at their start from
//! the actual states, each a Lambert transfer to an aim point behind the ISS, then a burn that
//! nulls the relative velocity on arrival. Executed as finite burns with the engine's thrust
//! and propellant.

use super::Vector3d;
use super::launcher::G0_MPS2;
use serde::Deserialize;

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PhasingBurnSpec {
    /// Mission time the burn starts, `HH:MM:SS`.
    pub start: String,
    /// Mission time of arrival at the aim point.
    pub arrive: String,
    /// Aim point: this far behind the ISS along its track, metres.
    pub behind_m: f64,
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RendezvousSpec {
    pub thrust_n: f64,
    pub isp_s: f64,
    pub propellant_kg: f64,
    pub burns: Vec<PhasingBurnSpec>,
}

/// A planned burn with its times parsed.
#[derive(Clone, Debug, PartialEq)]
pub struct PhasingBurn {
    pub start_met_s: f64,
    pub arrive_met_s: f64,
    pub behind_m: f64,
}

/// A burn in progress: fixed inertial direction, speed change still to give.
#[derive(Clone, Debug, PartialEq)]
pub struct ActiveBurn {
    pub direction: Vector3d,
    pub remaining_mps: f64,
    pub total_mps: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Rendezvous {
    pub thrust_n: f64,
    pub isp_s: f64,
    pub propellant_kg: f64,
    pub burns: Vec<PhasingBurn>,
    /// Index of the next phasing burn to plan; `burns.len()` then means the velocity match.
    pub next: usize,
    pub matched: bool,
    pub active: Option<ActiveBurn>,
}

impl Rendezvous {
    pub fn mass_flow_kg_s(&self) -> f64 {
        self.thrust_n / (self.isp_s * G0_MPS2)
    }

    /// Mission time of the next burn to plan, if any.
    pub fn next_start_met_s(&self) -> Option<f64> {
        match self.burns.get(self.next) {
            Some(burn) => Some(burn.start_met_s),
            None if !self.matched => self.burns.last().map(|b| b.arrive_met_s),
            None => None,
        }
    }

    /// Thrust acceleration over a step of `h` s for a spacecraft of `mass_kg`, and the
    /// propellant it burns; ends the active burn when its speed change is given.
    pub fn thrust_over_step(&mut self, mass_kg: f64, h: f64) -> (Vector3d, f64) {
        let flow = self.mass_flow_kg_s();
        let propellant = self.propellant_kg;
        let Some(burn) = self.active.as_mut() else { return (Vector3d::zeros(), 0.0) };
        let accel = self.thrust_n / mass_kg;
        let fraction = (burn.remaining_mps / (accel * h)).min(1.0).min(propellant / (flow * h));
        burn.remaining_mps -= accel * h * fraction;
        let used = flow * h * fraction;
        self.propellant_kg -= used;
        let thrust = burn.direction * accel * fraction;
        if burn.remaining_mps <= 1e-9 || self.propellant_kg <= 1e-9 {
            self.active = None;
        }
        (thrust, used)
    }
}
