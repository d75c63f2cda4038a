//! The scenario file: serde types for `config/*.ron`, validation, and the [`Mission`] it builds.

// A scenario error carries its source text for miette's report; it is made once per run, so
// its size costs nothing.
#![allow(clippy::result_large_err)]

mod diagnostics;
pub mod flythrough;
pub mod replay;
pub mod shots;

pub use diagnostics::ScenarioError;

use crate::core::Vector3d;
use crate::core::atmosphere::HarrisPriester;
use crate::core::attitude::{AttitudeControl, Inertia, lvlh_attitude, standing_attitude_towards};
use crate::core::earth::Zonal;
use crate::core::events::{BodyId, EventKey, EventKind, EventText, EventTexts, TimelineEvent};
use crate::core::forces::{DragProperties, ForceModel};
use crate::core::frames::{Geodetic, ecef_from_geodetic_m};
use crate::core::geometry::{self, ModelId, PortId};
use crate::core::integrator::Method;
use crate::core::launcher::{Ascent, LauncherSpec};
use crate::core::mission::{Body, Flight, Mission, Motion};
use crate::core::time::gmst_rad;
use crate::core::time::{UtcInstant, parse_met_s};
use crate::core::tle::Tle;
use serde::Deserialize;
use std::path::Path;

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub name: String,
    /// Lift-off, ISO 8601 UTC: T-0 of mission elapsed time.
    pub launch_utc: String,
    /// Mission time the simulation starts at, `[-]HH:MM:SS`.
    pub start_met: String,
    /// UT1 − UTC in seconds for the mission's days (IERS Bulletin A).
    pub ut1_minus_utc_s: f64,
    pub physics: Physics,
    pub pad: Pad,
    pub iss: Iss,
    pub soyuz: Spacecraft,
    pub launcher: LauncherSpec,
    pub rendezvous: crate::core::rendezvous::RendezvousSpec,
    pub timeline: Vec<Event>,
    /// The name and description of each kind of event the physics logs, as templates
    /// (README, "Events").
    pub event_text: std::collections::HashMap<EventKind, EventText>,
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Physics {
    pub step_s: f64,
    pub method: Method,
    pub gravity: Zonal,
    pub atmosphere: Option<Atmosphere>,
    /// Most fixed steps the viewer runs in one frame before it reports falling behind.
    pub max_steps_per_frame: u32,
}

#[derive(Clone, Copy, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub enum Atmosphere {
    HarrisPriester { cos_power: i32 },
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Pad {
    pub name: String,
    pub latitude_deg: f64,
    pub longitude_deg: f64,
    pub altitude_m: f64,
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Iss {
    /// The part list it is drawn and hit with.
    pub model: ModelId,
    /// People aboard.
    pub crew: u32,
    /// Name line and the two element lines.
    pub tle: (String, String, String),
    pub mass_kg: f64,
    pub drag_coefficient: f64,
    pub reference_area_m2: f64,
    pub attitude: AttitudeSpec,
}

/// How a vehicle turns: its inertia and its attitude hold.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct AttitudeSpec {
    /// Principal moments about body x, y, z, kg·m².
    pub inertia_kg_m2: (f64, f64, f64),
    /// Largest torque its attitude actuators give, N·m.
    pub control_torque_nm: f64,
    /// Natural frequency of its attitude hold, rad/s.
    pub bandwidth_radps: f64,
}

impl AttitudeSpec {
    /// The field at fault and why: a rigid body's principal moments are positive and each is
    /// at most the sum of the other two (the triangle inequality of inertia); a hold needs a
    /// torque and a bandwidth.
    fn check(&self) -> Result<(), (&'static str, String)> {
        let (x, y, z) = self.inertia_kg_m2;
        if ![x, y, z].iter().all(|m| *m > 0.0 && m.is_finite()) {
            return Err(("inertia_kg_m2", format!("({x}, {y}, {z}): moments must be positive")));
        }
        // A flat body (the ISS's truss and modules in one plane, as derived) sits on the bound.
        let most = |a: f64, b: f64, c: f64| a > (b + c) * (1.0 + 1e-9);
        if most(x, y, z) || most(y, x, z) || most(z, x, y) {
            return Err((
                "inertia_kg_m2",
                format!("({x}, {y}, {z}): no rigid body has one moment above the sum of the other two"),
            ));
        }
        for (name, value) in [("control_torque_nm", self.control_torque_nm), ("bandwidth_radps", self.bandwidth_radps)]
        {
            if !(value > 0.0 && value.is_finite()) {
                return Err((name, format!("{value} must be positive")));
            }
        }
        Ok(())
    }
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Spacecraft {
    pub name: String,
    /// The part list it is drawn and hit with.
    pub model: ModelId,
    /// People aboard.
    pub crew: u32,
    pub mass_kg: f64,
    pub drag_coefficient: f64,
    pub reference_area_m2: f64,
    pub attitude: AttitudeSpec,
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Event {
    pub met: String,
    /// The body it is about: `iss` or `soyuz`.
    pub vehicle: String,
    /// Its kind (README, "Events"); a flown event of the same vehicle, kind and ordinal
    /// replaces this planned entry.
    pub kind: EventKind,
    /// Which event of that kind of that vehicle, from 1 (the second `burn`).
    #[serde(default = "first")]
    pub ordinal: u32,
    pub name: String,
    pub description: String,
}

fn first() -> u32 {
    1
}

/// The bodies a scenario starts with, by the key its timeline names them with; their order is
/// their [`BodyId`].
const BODY_KEYS: [&str; 2] = ["iss", "soyuz"];

/// A scenario with its times parsed and checked.
#[derive(Clone, Debug)]
pub struct LoadedScenario {
    pub scenario: Scenario,
    pub launch: UtcInstant,
    pub start_met_s: f64,
    pub iss_tle: Tle,
    /// The planned spacecraft separation: the launcher aims at the ISS's plane as it will be
    /// then (the plane turns 5 deg a day).
    pub separation_met_s: f64,
    /// The hands that dock after a Kurs fault: the scenario's replay, loaded and checked.
    pub docking_replay: Option<std::sync::Arc<crate::core::replay::Replay>>,
}

impl LoadedScenario {
    pub fn load(path: &Path) -> Result<Self, ScenarioError> {
        let source = std::fs::read_to_string(path).map_err(|e| ScenarioError::io(path, &e))?;
        let dir = path.parent().unwrap_or(Path::new("."));
        Self::parse_in(dir, &path.display().to_string(), source)
    }

    /// Parses and validates scenario text; `file_name` is only used in messages, `dir` is
    /// where the files it names (the docking replay) are.
    pub fn parse_in(dir: &Path, file_name: &str, source: String) -> Result<Self, ScenarioError> {
        let scenario: Scenario = diagnostics::deserialize(file_name, &source)?;
        let fail = |field: &str, message: String| ScenarioError::at_field(file_name, &source, field, message);
        let launch = UtcInstant::parse_iso8601(&scenario.launch_utc).map_err(|m| fail("launch_utc", m))?;
        let start_met_s = parse_met_s(&scenario.start_met).map_err(|m| fail("start_met", m))?;
        if scenario.ut1_minus_utc_s.is_nan() || scenario.ut1_minus_utc_s.abs() >= 0.9 {
            return Err(fail("ut1_minus_utc_s", "UT1 − UTC is kept within ±0.9 s by leap seconds".into()));
        }
        let physics = &scenario.physics;
        if !(physics.step_s > 0.0 && physics.step_s <= 60.0) {
            return Err(fail("physics.step_s", format!("step {} s must be in (0, 60]", physics.step_s)));
        }
        if physics.max_steps_per_frame == 0 {
            return Err(fail("physics.max_steps_per_frame", "must be at least 1".into()));
        }
        if let Some(Atmosphere::HarrisPriester { cos_power }) = physics.atmosphere
            && !(2..=8).contains(&cos_power)
        {
            return Err(fail("physics.atmosphere.cos_power", format!("{cos_power} is outside Pratt's 2..8")));
        }
        let pad = &scenario.pad;
        if !(-90.0..=90.0).contains(&pad.latitude_deg) {
            return Err(fail("pad.latitude_deg", format!("{} is not a latitude", pad.latitude_deg)));
        }
        if !(-180.0..=360.0).contains(&pad.longitude_deg) {
            return Err(fail("pad.longitude_deg", format!("{} is not a longitude", pad.longitude_deg)));
        }
        let (_, line1, line2) = &scenario.iss.tle;
        let iss_tle = Tle::from_lines(line1, line2).map_err(|m| fail("iss.tle", m))?;
        let tle_age_days = launch.seconds_since(iss_tle.epoch) / 86_400.0;
        if tle_age_days.abs() > 14.0 {
            return Err(fail(
                "iss.tle",
                format!("TLE epoch {} is {tle_age_days:.1} days from launch; SGP4 drifts by km/day", iss_tle.epoch),
            ));
        }
        for (field, mass, cd, area) in [
            ("iss", scenario.iss.mass_kg, scenario.iss.drag_coefficient, scenario.iss.reference_area_m2),
            ("soyuz", scenario.soyuz.mass_kg, scenario.soyuz.drag_coefficient, scenario.soyuz.reference_area_m2),
        ] {
            for (name, value) in [("mass_kg", mass), ("drag_coefficient", cd), ("reference_area_m2", area)] {
                if !(value > 0.0 && value.is_finite()) {
                    return Err(fail(&format!("{field}.{name}"), format!("{value} must be positive")));
                }
            }
        }
        let guidance = &scenario.launcher.guidance;
        for (field, value) in [
            ("launcher.guidance.steering_bandwidth_radps", guidance.steering_bandwidth_radps),
            ("launcher.guidance.steering_lever_m", guidance.steering_lever_m),
        ] {
            if !(value > 0.0 && value.is_finite()) {
                return Err(fail(field, format!("{value} must be positive: the stack steers by it")));
            }
        }
        for (field, attitude) in
            [("iss.attitude", &scenario.iss.attitude), ("soyuz.attitude", &scenario.soyuz.attitude)]
        {
            attitude.check().map_err(|(name, message)| fail(&format!("{field}.{name}"), message))?;
        }
        scenario.rendezvous.phasing_burns().map_err(|(field, m)| fail(&format!("rendezvous.{field}"), m))?;
        parse_met_s(&scenario.rendezvous.approach.contact).map_err(|m| fail("rendezvous.approach.contact", m))?;
        let port = scenario.rendezvous.approach.port;
        if geometry::model(scenario.iss.model).port(port).is_none() {
            return Err(fail("rendezvous.approach.port", format!("the station's model has no port `{port:?}`")));
        }
        if geometry::model(scenario.soyuz.model).port(PortId::SoyuzProbe).is_none() {
            return Err(fail("soyuz.model", "the spacecraft's model has no docking probe".into()));
        }
        let mut previous_met = f64::NEG_INFINITY;
        for (i, event) in scenario.timeline.iter().enumerate() {
            let met = parse_met_s(&event.met).map_err(|m| fail(&format!("timeline[{i}].met"), m))?;
            if met < previous_met {
                return Err(fail(
                    &format!("timeline[{i}].met"),
                    format!("`{}` is earlier than the event before it", event.met),
                ));
            }
            if event.name.trim().is_empty() {
                return Err(fail(&format!("timeline[{i}].name"), "an event needs a name".into()));
            }
            if !BODY_KEYS.contains(&event.vehicle.as_str()) {
                return Err(fail(
                    &format!("timeline[{i}].vehicle"),
                    format!("`{}` is not a vehicle of the scenario ({})", event.vehicle, BODY_KEYS.join(", ")),
                ));
            }
            if event.ordinal == 0 {
                return Err(fail(&format!("timeline[{i}].ordinal"), "ordinals count from 1".into()));
            }
            previous_met = met;
        }
        EventTexts(scenario.event_text.clone())
            .check()
            .map_err(|(kind, m)| fail(&format!("event_text.{}", kind.id()), m))?;
        let separation =
            scenario.timeline.iter().find(|e| e.kind == EventKind::SpacecraftSeparation).ok_or_else(|| {
                fail(
                    "timeline",
                    "needs a `spacecraft_separation` entry: the launcher aims for the ISS's plane then".into(),
                )
            })?;
        let separation_met_s = parse_met_s(&separation.met).expect("timeline times checked above");
        let docking_replay = match &scenario.rendezvous.approach.kurs_fault {
            Some(fault) => {
                let field = |name: &str| format!("rendezvous.approach.kurs_fault.{name}");
                if !(fault.at_m > 0.0 && fault.at_m < scenario.rendezvous.approach.hold_distance_m) {
                    return Err(fail(&field("at_m"), format!("{} m: between the port and the hold point", fault.at_m)));
                }
                parse_met_s(&fault.takeover).map_err(|m| fail(&field("takeover"), m))?;
                Some(std::sync::Arc::new(replay::load(&dir.join(&fault.replay))?))
            }
            None => None,
        };
        Ok(Self { scenario, launch, start_met_s, iss_tle, separation_met_s, docking_replay })
    }

    /// The mission at the scenario's start: the ISS from SGP4 on its TLE, the Soyuz on the pad.
    pub fn mission(&self) -> Mission {
        let s = &self.scenario;
        let start = self.launch.plus_seconds(self.start_met_s);
        let iss_state = self.iss_tle.state_teme(start).expect("TLE validated at load, near its epoch");
        let pad = Geodetic::from_degrees(s.pad.latitude_deg, s.pad.longitude_deg, s.pad.altitude_m);
        let pad_ecef_m = ecef_from_geodetic_m(&pad);
        let principal = |(x, y, z): (f64, f64, f64)| Inertia { principal_kg_m2: Vector3d::new(x, y, z) };
        let drag = |cd, area| Some(DragProperties { drag_coefficient: cd, reference_area_m2: area });
        let insertion = self.launch.plus_seconds(self.separation_met_s);
        let iss_at_insertion = self.iss_tle.state_teme(insertion).expect("TLE validated at load, near its epoch");
        let iss_plane_normal =
            crate::core::position_m(&iss_at_insertion).cross(&crate::core::velocity_mps(&iss_at_insertion));
        let ascent = Ascent::new(s.launcher.clone(), s.soyuz.mass_kg, iss_plane_normal);
        let rendezvous = crate::core::rendezvous::Rendezvous {
            skd: s.rendezvous.skd,
            dpo: s.rendezvous.dpo,
            propellant_kg: s.rendezvous.propellant_kg,
            burns: s.rendezvous.phasing_burns().expect("validated at load"),
            next: 0,
            matched: false,
            active: None,
            delta_v_given_mps: 0.0,
            approach: {
                let a = &s.rendezvous.approach;
                let station = geometry::model(s.iss.model);
                let port = station.port_frame(a.port).expect("validated at load");
                let probe = geometry::model(s.soyuz.model).port_frame(PortId::SoyuzProbe).expect("validated at load");
                crate::core::rendezvous::Approach {
                    port: station.port(a.port).expect("validated at load").label.to_string(),
                    port_id: a.port,
                    port_lvlh_m: port.position_m,
                    port_axis_lvlh: port.axis,
                    probe_offset_m: probe.position_m.x,
                    hold_distance_m: a.hold_distance_m,
                    glide_s: a.glide_s,
                    contact_met_s: parse_met_s(&a.contact).expect("validated at load"),
                    contact_speed_mps: a.contact_speed_mps,
                    slowing_per_s: a.slowing_per_s,
                    thruster_force_n: s.rendezvous.dpo.thrust_n,
                    control_bandwidth_rad_s: a.control_bandwidth_rad_s,
                    hooks_close_after_s: a.hooks_close_after_s,
                    kurs_fault: a.kurs_fault.as_ref().zip(self.docking_replay.as_ref()).map(|(fault, replay)| {
                        crate::core::rendezvous::KursFault {
                            at_m: fault.at_m,
                            takeover_met_s: parse_met_s(&fault.takeover).expect("validated at load"),
                            hands: crate::core::rendezvous::Hands::Replay(replay.clone()),
                            stopped: None,
                            taken_over: false,
                            takeover: None,
                            failure: None,
                        }
                    }),
                    capture: a.capture,
                }
            },
            proximity_start: None,
            phase: None,
            contact: None,
            hooks_closed: false,
            rcs: crate::core::rcs::Rcs::soyuz_ms(s.rendezvous.rcs_thruster.thrust_n, s.rendezvous.rcs_thruster.isp_s),
        };
        Mission {
            launch: self.launch,
            start_met_s: self.start_met_s,
            step_s: s.physics.step_s,
            steps_taken: 0,
            ut1_minus_utc_s: s.ut1_minus_utc_s,
            forces: ForceModel {
                zonal: s.physics.gravity,
                atmosphere: s.physics.atmosphere.map(|Atmosphere::HarrisPriester { cos_power }| {
                    std::sync::Arc::new(HarrisPriester::new(cos_power))
                }),
            },
            method: s.physics.method,
            bodies: vec![
                Body {
                    name: BODY_KEYS[0].into(),
                    model: s.iss.model,
                    mass_kg: s.iss.mass_kg,
                    drag: drag(s.iss.drag_coefficient, s.iss.reference_area_m2),
                    motion: Motion::Free { state: iss_state },
                    attitude: lvlh_attitude(&iss_state),
                    inertia: principal(s.iss.attitude.inertia_kg_m2),
                    attitude_control: AttitudeControl::HoldLvlh {
                        bandwidth_radps: s.iss.attitude.bandwidth_radps,
                        max_torque_nm: s.iss.attitude.control_torque_nm,
                    },
                    density_sample: None,
                    flight: Flight::default(),
                    crew: s.iss.crew,
                    sun_above_limb_rad: None,
                },
                Body {
                    name: BODY_KEYS[1].into(),
                    model: s.soyuz.model,
                    mass_kg: s.soyuz.mass_kg,
                    drag: drag(s.soyuz.drag_coefficient, s.soyuz.reference_area_m2),
                    motion: Motion::EarthFixed { position_ecef_m: pad_ecef_m },
                    attitude: standing_attitude_towards(
                        &pad_ecef_m,
                        gmst_rad(start.julian_date_ut1(s.ut1_minus_utc_s)),
                        &iss_plane_normal,
                    ),
                    inertia: principal(s.soyuz.attitude.inertia_kg_m2),
                    attitude_control: AttitudeControl::Guided {
                        bandwidth_radps: s.soyuz.attitude.bandwidth_radps,
                        max_torque_nm: s.soyuz.attitude.control_torque_nm,
                    },
                    density_sample: None,
                    flight: Flight {
                        ascent: Some(Box::new(ascent)),
                        rendezvous: Some(Box::new(rendezvous)),
                        engine_mps2: Vector3d::zeros(),
                    },
                    crew: s.soyuz.crew,
                    sun_above_limb_rad: None,
                },
            ],
            timeline: std::sync::Arc::new(
                s.timeline
                    .iter()
                    .map(|e| TimelineEvent {
                        met_s: parse_met_s(&e.met).expect("validated at load"),
                        key: EventKey {
                            vehicle: BodyId(BODY_KEYS.iter().position(|k| *k == e.vehicle).expect("validated at load")),
                            kind: e.kind,
                            ordinal: e.ordinal,
                        },
                        name: e.name.clone(),
                        description: e.description.clone(),
                    })
                    .collect(),
            ),
            event_texts: std::sync::Arc::new(EventTexts(s.event_text.clone())),
            log: Vec::new(),
            environment: None,
        }
    }
}
