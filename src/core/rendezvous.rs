//! The rendezvous: the phasing burns of the two-orbit scheme (planned and flown by
//! `control::phasing`), then the Kurs-style approach (`control::proximity`). The figures the
//! scenario gives and the state the mission carries between steps.

use super::Vector3d;
use super::control::phasing::{ActiveBurn, BurnTarget, Engine, EngineSpec, PhasingBurn};
use super::time::parse_met_s;
use serde::Deserialize;

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PhasingBurnSpec {
    /// Mission time the burn starts, `HH:MM:SS`.
    pub start: String,
    pub engine: Engine,
    pub target: BurnTargetSpec,
}

/// Where a burn sends the spacecraft, as the scenario writes it.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub enum BurnTargetSpec {
    /// To `lvlh_m` from the ISS (x along-track, z to nadir, metres) at mission time `arrive`.
    AimPoint { arrive: String, lvlh_m: (f64, f64, f64) },
    /// A correction: re-solved from where the spacecraft is towards the aim of the burn before.
    Retarget,
    /// Null the velocity relative to the ISS: the last burn, after which the approach begins.
    MatchVelocity,
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RendezvousSpec {
    /// The main engine and the thrusters, drawing on one propellant supply.
    pub skd: EngineSpec,
    pub dpo: EngineSpec,
    /// One DPO-B thruster of the table (`core::rcs`) the hand controllers fire.
    pub rcs_thruster: EngineSpec,
    pub propellant_kg: f64,
    pub burns: Vec<PhasingBurnSpec>,
    pub approach: ApproachSpec,
}

impl RendezvousSpec {
    /// The burns with their times parsed and each retargeting burn given the aim it re-solves
    /// towards; or the field (within `rendezvous`) and what is wrong with it.
    pub fn phasing_burns(&self) -> Result<Vec<PhasingBurn>, (String, String)> {
        let mut burns: Vec<PhasingBurn> = Vec::with_capacity(self.burns.len());
        for (i, spec) in self.burns.iter().enumerate() {
            let field = |name: &str| format!("burns[{i}].{name}");
            let start_met_s = parse_met_s(&spec.start).map_err(|m| (field("start"), m))?;
            if burns.last().is_some_and(|b| b.start_met_s >= start_met_s) {
                return Err((field("start"), "a burn must start after the one before it".into()));
            }
            let target = match &spec.target {
                BurnTargetSpec::AimPoint { arrive, lvlh_m: (x, y, z) } => BurnTarget::AimPoint {
                    arrive_met_s: parse_met_s(arrive).map_err(|m| (field("target.arrive"), m))?,
                    offset_lvlh_m: Vector3d::new(*x, *y, *z),
                },
                BurnTargetSpec::Retarget => match burns.last() {
                    Some(PhasingBurn { target: aim @ BurnTarget::AimPoint { .. }, .. }) => *aim,
                    _ => return Err((field("target"), "a retarget needs an aim point in the burn before".into())),
                },
                BurnTargetSpec::MatchVelocity if i + 1 == self.burns.len() => BurnTarget::MatchVelocity,
                BurnTargetSpec::MatchVelocity => {
                    return Err((field("target"), "only the last burn matches the velocity".into()));
                }
            };
            match target {
                BurnTarget::AimPoint { arrive_met_s, .. } if arrive_met_s <= start_met_s => {
                    return Err((field("target"), "arrival must come after the burn".into()));
                }
                BurnTarget::AimPoint { .. } if i + 1 == self.burns.len() => {
                    return Err((field("target"), "the last burn must be MatchVelocity".into()));
                }
                _ => {}
            }
            burns.push(PhasingBurn { start_met_s, engine: spec.engine, target });
        }
        Ok(burns)
    }
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
    /// Bandwidth of the position loop, rad/s.
    pub control_bandwidth_rad_s: f64,
    /// From contact to hooks closed, seconds.
    pub hooks_close_after_s: f64,
    /// The flown failure: the automatic approach stops and a pilot docks by hand.
    pub kurs_fault: Option<KursFaultSpec>,
    /// When the probe's head is captured at first contact.
    pub capture: super::docking::CaptureEnvelope,
}

/// Kurs stops the final approach `at_m` from contact; the pilot takes the controls at
/// `takeover` and flies the inputs of `replay` (a path beside the scenario file).
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct KursFaultSpec {
    pub at_m: f64,
    pub takeover: String,
    pub replay: String,
}

/// Whose hands are on the controllers after the Kurs stop.
#[derive(Clone, Debug, PartialEq)]
pub enum Hands {
    /// A recorded input stream.
    Replay(std::sync::Arc<super::replay::Replay>),
    /// The pilot model, live, its inputs recorded as it flies.
    Pilot(Box<super::control::pilot::Pilot>, super::replay::Replay),
    /// A player on the controllers: the command the game last set, recorded as it is flown.
    Live(super::rcs::HandCommand, super::replay::Replay),
}

/// The Kurs fault as the mission flies it.
#[derive(Clone, Debug, PartialEq)]
pub struct KursFault {
    pub at_m: f64,
    pub takeover_met_s: f64,
    pub hands: Hands,
    /// When and where (LVLH) the approach stopped.
    pub stopped: Option<(f64, Vector3d)>,
    /// The pilot has the controls (logged).
    pub taken_over: bool,
    /// When the pilot took them, and the propellant left then.
    pub takeover: Option<(f64, f64)>,
    /// How the docking by hand failed, if it did: the hands then rest.
    pub failure: Option<DockingFailure>,
}

/// A docking by hand that cannot go on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DockingFailure {
    /// A part of the Soyuz struck this part of the station or of a vehicle docked to it.
    Collision(String),
    OutOfPropellant,
}

/// The approach with its figures as the controller uses them.
#[derive(Clone, Debug, PartialEq)]
pub struct Approach {
    /// The port's name as the log shows it.
    pub port: String,
    pub port_id: super::geometry::PortId,
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
    /// The thrusters' force for translation (the DPO's), N.
    pub thruster_force_n: f64,
    pub control_bandwidth_rad_s: f64,
    pub hooks_close_after_s: f64,
    pub kurs_fault: Option<KursFault>,
    pub capture: super::docking::CaptureEnvelope,
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
    /// Between the probe's axis and the port's, rad (from the attitudes; zero until judged).
    pub misalignment_rad: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Rendezvous {
    pub skd: EngineSpec,
    pub dpo: EngineSpec,
    pub propellant_kg: f64,
    pub burns: Vec<PhasingBurn>,
    /// Index of the next phasing burn to plan.
    pub next: usize,
    /// The velocity match (the last burn) is planned: the approach follows it.
    pub matched: bool,
    pub active: Option<ActiveBurn>,
    /// Speed change the burns have given so far, m/s.
    pub delta_v_given_mps: f64,
    pub approach: Approach,
    /// When and where (LVLH) proximity operations began.
    pub proximity_start: Option<(f64, Vector3d)>,
    /// The proximity phase last begun (and logged).
    pub phase: Option<crate::core::control::proximity::ProximityPhase>,
    pub contact: Option<Contact>,
    pub hooks_closed: bool,
    /// The thruster table the hand controllers fire.
    pub rcs: super::rcs::Rcs,
}

impl Rendezvous {
    /// What `engine` gives.
    pub fn engine(&self, engine: Engine) -> &EngineSpec {
        match engine {
            Engine::Skd => &self.skd,
            Engine::Dpo => &self.dpo,
        }
    }

    /// Propellant used by hand so far, kg.
    pub fn propellant_used_by_hand_kg(&self) -> f64 {
        self.approach.kurs_fault.as_ref().and_then(|k| k.takeover).map_or(0.0, |(_, left)| left - self.propellant_kg)
    }

    /// The game's score of a docking by hand, once docked (`docking::score`).
    pub fn docking_score(&self) -> Option<u32> {
        let (taken_at, _) = self.approach.kurs_fault.as_ref()?.takeover?;
        let contact = self.contact?;
        Some(super::docking::score(contact.met_s - taken_at, self.propellant_used_by_hand_kg()))
    }

    /// Whether a pilot flies it by hand (its attitude then follows the thrusters).
    pub fn by_hand(&self) -> bool {
        self.approach.kurs_fault.as_ref().is_some_and(|k| k.taken_over)
    }

    /// Mission time of the next burn to plan, if any.
    pub fn next_start_met_s(&self) -> Option<f64> {
        self.burns.get(self.next).map(|burn| burn.start_met_s)
    }

    /// Thrust acceleration over a step of `h_s` for a spacecraft of `mass_kg`, and the
    /// propellant it burns; ends the active burn when its speed change is given.
    pub fn thrust_over_step(&mut self, mass_kg: f64, h_s: f64) -> (Vector3d, f64) {
        let Some(mut burn) = self.active else { return (Vector3d::zeros(), 0.0) };
        let step = burn.step(self.engine(burn.engine), mass_kg, self.propellant_kg, h_s);
        self.propellant_kg -= step.propellant_kg;
        self.delta_v_given_mps += step.delta_v_mps;
        self.active = (burn.remaining_mps > 1e-9 && self.propellant_kg > 1e-9).then_some(burn);
        (step.acceleration_mps2, step.propellant_kg)
    }
}
