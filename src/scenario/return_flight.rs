//! The stay and the return as the scenario writes them: the station's own burns (its reboost)
//! and a docked ship's return, its times in UTC. `LoadedScenario::parse_in` turns them into the
//! controllers of `core::control::descent`.

use crate::core::Vector3d;
use crate::core::attitude::AttitudeControl;
use crate::core::control::descent::{
    BurnDirection, BurnSchedule, DescentModule, EntryMode, Parachutes, ReturnFlight, ReturnPhase, TimedBurn,
};
use crate::core::control::rendezvous::{Engine, EngineSpec};
use crate::core::control::station::{Upset, UpsetPhase};
use crate::core::rcs::HandCommand;
use crate::core::time::UtcInstant;
use serde::Deserialize;

/// Burns of the station's own engines at set times.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct StationBurnsSpec {
    /// Propellant the station's engines may draw on, kg.
    pub propellant_kg: f64,
    pub burns: Vec<StationBurnSpec>,
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct StationBurnSpec {
    /// When it starts, ISO 8601 UTC.
    pub start_utc: String,
    pub engine_name: String,
    pub engine: EngineSpec,
    pub dv_mps: f64,
}

/// A docked visitor's thrusters firing on the station until a propellant limit (15 October
/// 2021).
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct UpsetSpec {
    /// The docked vehicle whose thrusters fire.
    pub vehicle: String,
    pub start_utc: String,
    /// Which thrusters fire, as the hand controllers would fire them.
    pub command: HandCommand,
    pub propellant_limit_kg: f64,
    pub loss_error_deg: f64,
    pub regained_error_deg: f64,
    /// The Russian segment's thrusters' hold that takes over after a loss.
    pub thrusters: HoldSpec,
}

#[derive(Clone, Copy, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct HoldSpec {
    pub max_torque_nm: f64,
    pub bandwidth_radps: f64,
}

impl UpsetSpec {
    /// The upset, its visitor's thrusters from `rcs`, the station's gyrodynes' hold as
    /// `gyrodynes`; the field and message of what fails.
    pub fn upset(
        &self,
        launch: UtcInstant,
        visitor: usize,
        rcs: &crate::core::rcs::Rcs,
        gyrodynes: AttitudeControl,
    ) -> Result<Upset, (String, String)> {
        let start_met_s = met_of(&self.start_utc, launch).map_err(|m| ("station_upset.start_utc".into(), m))?;
        let t = self.thrusters;
        Ok(Upset {
            visitor,
            start_met_s,
            firing: rcs.firing(&self.command),
            propellant_limit_kg: self.propellant_limit_kg,
            loss_error_rad: self.loss_error_deg.to_radians(),
            regained_error_rad: self.regained_error_deg.to_radians(),
            gyrodynes,
            thrusters: AttitudeControl::HoldLvlh { bandwidth_radps: t.bandwidth_radps, max_torque_nm: t.max_torque_nm },
            phase: UpsetPhase::Waiting,
        })
    }
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ReturnSpec {
    /// The docked vehicle that returns.
    pub vehicle: String,
    /// Physical undocking, ISO 8601 UTC.
    pub undocking_utc: String,
    pub springs_mps: f64,
    /// People aboard when it leaves; the station's count loses them.
    pub crew: u32,
    /// Mass at undocking, kg, and the propellant left for its burns.
    pub mass_kg: f64,
    pub propellant_kg: f64,
    pub separation_burns: Vec<SeparationBurnSpec>,
    pub deorbit: DeorbitSpec,
    pub module_separation_altitude_km: f64,
    pub entry_interface_altitude_km: f64,
    pub descent_module: DescentModule,
    pub entry: EntrySpec,
    pub parachutes: Parachutes,
    /// The keys the orbital and service modules fly under once they part.
    pub module_keys: (String, String),
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SeparationBurnSpec {
    pub after_undocking_s: f64,
    pub engine: Engine,
    pub dv_mps: f64,
    /// Its direction in the ship's LVLH frame (x along-track, z to nadir).
    pub lvlh: (f64, f64, f64),
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct DeorbitSpec {
    pub ignition_utc: String,
    pub engine: Engine,
    /// Retrograde.
    pub dv_mps: f64,
}

/// How the descent module flies its entry.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub enum EntrySpec {
    /// The automatic controlled descent at a constant bank.
    Guided { bank_deg: f64 },
    /// Rolling at a steady rate, its lift averaging out.
    Ballistic { roll_deg_s: f64 },
}

impl StationBurnsSpec {
    /// The schedule, each burn prograde; the field and message of the first time that fails.
    pub fn schedule(&self, launch: UtcInstant) -> Result<BurnSchedule, (String, String)> {
        let mut burns = Vec::with_capacity(self.burns.len());
        for (i, b) in self.burns.iter().enumerate() {
            let start_met_s =
                met_of(&b.start_utc, launch).map_err(|m| (format!("station_burns.burns[{i}].start_utc"), m))?;
            burns.push(TimedBurn {
                start_met_s,
                engine_name: b.engine_name.clone(),
                engine: b.engine,
                dv_mps: b.dv_mps,
                direction: BurnDirection::Prograde,
            });
        }
        Ok(BurnSchedule::new(burns, self.propellant_kg))
    }
}

impl ReturnSpec {
    /// The return's controller, docked until its undocking, the engines from the rendezvous'
    /// figures (`skd`, `dpo`); the field and message of the first thing that fails.
    pub fn flight(
        &self,
        launch: UtcInstant,
        (skd, dpo): (EngineSpec, EngineSpec),
    ) -> Result<ReturnFlight, (String, String)> {
        let undocking_met_s =
            met_of(&self.undocking_utc, launch).map_err(|m| ("return_flight.undocking_utc".into(), m))?;
        let ignition_met_s =
            met_of(&self.deorbit.ignition_utc, launch).map_err(|m| ("return_flight.deorbit.ignition_utc".into(), m))?;
        if ignition_met_s <= undocking_met_s {
            return Err((
                "return_flight.deorbit.ignition_utc".into(),
                "the deorbit burn must come after the undocking".into(),
            ));
        }
        let engine = |e: Engine| match e {
            Engine::Skd => skd,
            Engine::Dpo => dpo,
        };
        let mut burns: Vec<TimedBurn> = self
            .separation_burns
            .iter()
            .map(|b| TimedBurn {
                start_met_s: undocking_met_s + b.after_undocking_s,
                engine_name: b.engine.name().into(),
                engine: engine(b.engine),
                dv_mps: b.dv_mps,
                direction: BurnDirection::Lvlh(Vector3d::new(b.lvlh.0, b.lvlh.1, b.lvlh.2)),
            })
            .collect();
        if let Some(i) = burns.iter().position(|b| b.start_met_s >= ignition_met_s) {
            return Err((format!("return_flight.separation_burns[{i}]"), "it comes after the deorbit burn".into()));
        }
        if let Some(i) = burns.windows(2).position(|w| w[1].start_met_s < w[0].start_met_s) {
            let why = "it comes before the burn above it: list them in time order".into();
            return Err((format!("return_flight.separation_burns[{}].after_undocking_s", i + 1), why));
        }
        if let Some(i) =
            self.separation_burns.iter().position(|b| Vector3d::new(b.lvlh.0, b.lvlh.1, b.lvlh.2).norm() < 1e-9)
        {
            return Err((format!("return_flight.separation_burns[{i}].lvlh"), "a burn needs a direction".into()));
        }
        burns.push(TimedBurn {
            start_met_s: ignition_met_s,
            engine_name: self.deorbit.engine.name().into(),
            engine: engine(self.deorbit.engine),
            dv_mps: self.deorbit.dv_mps,
            direction: BurnDirection::Retrograde,
        });
        Ok(ReturnFlight {
            undocking_met_s,
            springs_mps: self.springs_mps,
            crew: self.crew,
            mass_kg: self.mass_kg,
            burns: BurnSchedule::new(burns, self.propellant_kg),
            module_separation_altitude_m: self.module_separation_altitude_km * 1000.0,
            entry_interface_altitude_m: self.entry_interface_altitude_km * 1000.0,
            module: self.descent_module,
            entry: match self.entry {
                EntrySpec::Guided { bank_deg } => EntryMode::Guided { bank_rad: bank_deg.to_radians() },
                EntrySpec::Ballistic { roll_deg_s } => EntryMode::Ballistic { roll_radps: roll_deg_s.to_radians() },
            },
            parachutes: self.parachutes,
            phase: ReturnPhase::Docked,
            piece_keys: self.module_keys.clone(),
            density: None,
            peak_load: Default::default(),
            heat_flux_w_m2: 0.0,
            heat_load_j_m2: 0.0,
            load_g: 0.0,
            departure_in_lvlh: None,
        })
    }
}

/// Mission time of an ISO 8601 UTC instant, s.
fn met_of(utc: &str, launch: UtcInstant) -> Result<f64, String> {
    Ok(UtcInstant::parse_iso8601(utc)?.seconds_since(launch))
}
