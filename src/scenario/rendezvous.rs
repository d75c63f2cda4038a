//! The rendezvous as the scenario writes it: the phasing burns, the approach and the Kurs
//! fault. `Scenario::mission` turns it into the controller's `core::control::rendezvous`.

use crate::core::Vector3d;
use crate::core::control::rendezvous::{BurnTarget, Engine, EngineSpec, PhasingBurn};
use crate::core::time::parse_met_s;
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
    pub port: crate::core::geometry::PortId,
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
    pub capture: crate::core::contact::CaptureEnvelope,
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
