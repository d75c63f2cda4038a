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
    /// The main engine's name as the log shows it.
    pub engine: String,
    pub thrust_n: f64,
    pub isp_s: f64,
    pub propellant_kg: f64,
    pub burns: Vec<PhasingBurnSpec>,
    pub approach: ApproachSpec,
}

/// The Kurs-style approach after the phasing, in the ISS's LVLH frame.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ApproachSpec {
    /// The station's port it docks to; its place and axis come from the station's geometry.
    pub port: super::geometry::PortId,
    /// Station-keeping distance below the port, metres.
    pub hold_distance_m: f64,
    /// Time to glide from where the phasing ends to the hold point, seconds.
    pub glide_s: f64,
    /// Contact, `HH:MM:SS` mission time.
    pub contact: String,
    /// Final approach speed law v = contact_speed + slowing · distance.
    pub contact_speed_mps: f64,
    pub slowing_per_s: f64,
    /// Attitude-thruster force available for translation, N.
    pub thruster_force_n: f64,
    /// Bandwidth of the position loop, rad/s.
    pub control_bandwidth_rad_s: f64,
    /// From contact to hooks closed, seconds.
    pub hooks_close_after_s: f64,
}

/// The approach with its figures as the controller uses them.
#[derive(Clone, Debug, PartialEq)]
pub struct Approach {
    /// The port's name as the log shows it.
    pub port: String,
    /// The port in the station's axes, which fly LVLH (+z is nadir), metres.
    pub port_lvlh_m: Vector3d,
    /// The port's outward axis, the direction the approach comes in from.
    pub port_axis_lvlh: Vector3d,
    /// Spacecraft centre to the tip of its probe, along its x axis, metres.
    pub probe_offset_m: f64,
    pub hold_distance_m: f64,
    pub glide_s: f64,
    pub contact_met_s: f64,
    pub contact_speed_mps: f64,
    pub slowing_per_s: f64,
    pub thruster_force_n: f64,
    pub control_bandwidth_rad_s: f64,
    pub hooks_close_after_s: f64,
}

impl Approach {
    /// Time to close the hold distance with ḋ = −(v_c + k d): T = ln((d0 + v_c/k)/(v_c/k))/k.
    pub fn approach_duration_s(&self) -> f64 {
        let tail = self.contact_speed_mps / self.slowing_per_s;
        ((self.hold_distance_m + tail) / tail).ln() / self.slowing_per_s
    }

    /// Distance left `t` seconds into the final approach (the solution of the same law).
    pub fn distance_at(&self, t: f64) -> f64 {
        let tail = self.contact_speed_mps / self.slowing_per_s;
        ((self.hold_distance_m + tail) * (-self.slowing_per_s * t).exp() - tail).max(0.0)
    }
}

/// What contact was like.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Contact {
    pub met_s: f64,
    pub closing_mps: f64,
    pub lateral_miss_m: f64,
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
}

impl ActiveBurn {
    /// A burn that gives `dv` along its direction.
    pub fn new(dv: &Vector3d) -> Self {
        Self { direction: dv.normalize(), remaining_mps: dv.norm() }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Rendezvous {
    pub engine: String,
    pub thrust_n: f64,
    pub isp_s: f64,
    pub propellant_kg: f64,
    pub burns: Vec<PhasingBurn>,
    /// Index of the next phasing burn to plan; `burns.len()` then means the velocity match.
    pub next: usize,
    pub matched: bool,
    pub active: Option<ActiveBurn>,
    pub approach: Approach,
    /// When and where (LVLH) proximity operations began.
    pub proximity_start: Option<(f64, Vector3d)>,
    /// The proximity phase last begun (and logged).
    pub phase: Option<crate::core::control::proximity::ProximityPhase>,
    pub contact: Option<Contact>,
    pub hooks_closed: bool,
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
