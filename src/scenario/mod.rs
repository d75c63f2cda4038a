//! The scenario file: serde types for `config/*.ron`, validation, and the [`Mission`] it builds.

// A scenario error carries its source text for miette's report; it is made once per run, so
// its size costs nothing.
#![allow(clippy::result_large_err)]

mod diagnostics;
pub mod flythrough;
pub mod ranges;
pub mod rendezvous;
pub mod replay;
pub mod return_flight;
pub mod shots;

pub use diagnostics::ScenarioError;

use crate::core::Vector3d;
use crate::core::atmosphere::{self, HarrisPriester, Nrlmsise00};
use crate::core::attitude::{AttitudeControl, Inertia, lvlh_attitude, standing_attitude_towards};
use crate::core::control::ascent::AscentGuidance;
use crate::core::control::descent::{BurnSchedule, ReturnFlight};
use crate::core::control::rendezvous::{Approach, Hands, KursFault, PhasingBurn, Rendezvous, RendezvousPhase};
use crate::core::control::station::StationFlight;
use crate::core::control::{Command, Controller};
use crate::core::earth::Zonal;
use crate::core::events::{BodyId, EventKey, EventKind, EventText, EventTexts, TimelineEvent};
use crate::core::forces::{DragProperties, ForceModel};
use crate::core::frames::{Geodetic, ecef_from_geodetic_m};
use crate::core::geometry::{self, ModelId, PortId};
use crate::core::integrator::Method;
use crate::core::launcher::{Launcher, LauncherSpec};
use crate::core::mission::{Body, Mission, Motion, Role};
use crate::core::time::gmst_rad;
use crate::core::time::{UtcInstant, parse_met_s};
use crate::core::tle::Tle;
use ranges::{Range, range};
use serde::Deserialize;
use std::path::Path;

/// How far from a TLE's epoch the scenario may start: SGP4's error grows by kilometres a day.
const MAX_DAYS_FROM_TLE_EPOCH: f64 = 30.0;

/// What each number of a scenario may be: wide enough for any real vehicle, pad and launcher,
/// narrow enough that the integrator never sees a NaN, an infinity or a figure no vehicle has.
const RANGES: &[Range] = &[
    range("ut1_minus_utc_s", -0.9, 0.9, "s, kept within 0.9 s by leap seconds"),
    range("physics.step_s", 1e-3, 60.0, "s, the fixed step"),
    range("physics.max_steps_per_frame", 1.0, 1e6, "steps a frame"),
    range("cos_power", 2.0, 8.0, "Harris-Priester's exponent, Pratt's 2..8"),
    range("pad.latitude_deg", -90.0, 90.0, "deg"),
    range("pad.longitude_deg", -180.0, 360.0, "deg"),
    range("pad.altitude_m", -500.0, 9_000.0, "m above the ellipsoid, the Dead Sea to Everest"),
    range("vehicles[].crew", 0.0, 20.0, "people"),
    range("vehicles[].mass_kg", 1.0, 1e7, "kg, a vehicle's mass"),
    range("drag_coefficient", 0.01, 10.0, "a drag coefficient"),
    range("reference_area_m2", 1e-3, 1e5, "m², a drag reference area"),
    range("inertia_kg_m2[]", 1e-3, 1e12, "kg·m², a principal moment"),
    range("control_torque_nm", 1e-3, 1e7, "N·m, an attitude hold's torque"),
    range("bandwidth_radps", 1e-5, 100.0, "rad/s, an attitude hold's bandwidth"),
    range("launcher.boosters.count", 1.0, 16.0, "boosters"),
    range("count", 1.0, 1.0, "a core or upper stage is one block"),
    range("dry_mass_kg", 1.0, 1e7, "kg, a stage's dry mass"),
    range("length_m", 0.1, 200.0, "m, a stage's length"),
    range("propellant_kg", 0.0, 1e7, "kg of propellant"),
    range("thrust_sea_level_n", 0.0, 1e8, "N at sea level"),
    range("thrust_vacuum_n", 1.0, 1e8, "N in vacuum"),
    range("isp_vacuum_s", 50.0, 500.0, "s, a chemical engine's specific impulse"),
    range("escape_tower_kg", 0.0, 1e5, "kg"),
    range("fairing_kg", 0.0, 1e5, "kg"),
    range("aft_skirt_kg", 0.0, 1e5, "kg"),
    range("escape_tower_size_m[]", 0.01, 100.0, "m, length and diameter"),
    range("fairing_size_m[]", 0.01, 100.0, "m, length and diameter"),
    range("aft_skirt_size_m[]", 0.01, 100.0, "m, length and diameter"),
    range("escape_tower_jettison_s", 0.0, 3_600.0, "s after lift-off"),
    range("fairing_jettison_s", 0.0, 3_600.0, "s after lift-off"),
    range("aft_skirt_jettison_s", 0.0, 3_600.0, "s after lift-off"),
    range("separation_delay_s", 0.0, 600.0, "s"),
    range("vertical_rise_s", 0.0, 600.0, "s after lift-off"),
    range("pitch_over_end_s", 0.0, 3_600.0, "s after lift-off"),
    range("pitch_over_deg", 0.0, 90.0, "deg from the vertical"),
    range("target_perigee_km", 100.0, 2_000.0, "km, a low Earth orbit"),
    range("target_apogee_km", 100.0, 100_000.0, "km"),
    range("steering_bandwidth_radps", 1e-3, 100.0, "rad/s"),
    range("steering_lever_m", 0.01, 100.0, "m"),
    range("thrust_n", 1e-3, 1e7, "N, an engine's or thruster's thrust"),
    range("isp_s", 50.0, 500.0, "s, a chemical engine's specific impulse"),
    range("lvlh_m[]", -1e7, 1e7, "m from the station, LVLH"),
    range("hold_distance_m", 1.0, 1e5, "m"),
    range("glide_s", 1.0, 1e5, "s"),
    range("contact_speed_mps", 1e-3, 10.0, "m/s"),
    range("slowing_per_s", 1e-5, 10.0, "1/s"),
    range("control_bandwidth_rad_s", 1e-4, 100.0, "rad/s"),
    range("hooks_close_after_s", 0.0, 1e5, "s"),
    range("min_closing_mps", 0.0, 10.0, "m/s"),
    range("max_closing_mps", 0.0, 10.0, "m/s"),
    range("misalignment_deg", 0.0, 90.0, "deg"),
    range("rate_deg_s", 0.0, 90.0, "deg/s"),
    range("kurs_fault.at_m", 0.1, 1e5, "m from the port"),
    range("dv_mps", 0.0, 1e4, "m/s, a burn's speed change"),
    range("propellant_limit_kg", 0.0, 1e4, "kg"),
    range("loss_error_deg", 0.0, 180.0, "deg"),
    range("regained_error_deg", 0.0, 180.0, "deg"),
    range("max_torque_nm", 1e-3, 1e7, "N·m"),
    range("return_flight.springs_mps", 0.0, 10.0, "m/s"),
    range("return_flight.crew", 0.0, 20.0, "people"),
    range("return_flight.mass_kg", 1.0, 1e6, "kg, the ship's mass at undocking"),
    range("after_undocking_s", 0.0, 1e6, "s after the undocking"),
    range("lvlh[]", -1.0, 1.0, "a direction's component, LVLH"),
    range("module_separation_altitude_km", 1.0, 1000.0, "km"),
    range("entry_interface_altitude_km", 1.0, 1000.0, "km"),
    range("command_altitude_m", 100.0, 100_000.0, "m"),
    range("descent_module.mass_kg", 1.0, 1e5, "kg"),
    range("lift_to_drag", 0.0, 2.0, "a capsule's lift-to-drag ratio"),
    range("nose_radius_m", 0.01, 100.0, "m"),
    range("heat_shield_kg", 0.0, 1e4, "kg"),
    range("bank_deg", -180.0, 180.0, "deg"),
    range("roll_deg_s", 0.0, 360.0, "deg/s"),
    range("drogue_area_m2", 0.0, 1e4, "m², a canopy's area"),
    range("main_area_m2", 0.0, 1e4, "m², a canopy's area"),
    range("drogue_drag_coefficient", 0.01, 10.0, "a drag coefficient"),
    range("main_drag_coefficient", 0.01, 10.0, "a drag coefficient"),
    range("drogue_s", 0.0, 600.0, "s"),
    range("reefed_fraction", 0.0, 1.0, "of the canopy's drag area"),
    range("reefed_s", 0.0, 600.0, "s"),
    range("inflation_s", 0.01, 60.0, "s"),
    range("heat_shield_after_s", 0.0, 3600.0, "s"),
    range("soft_landing_height_m", 0.0, 100.0, "m"),
    range("soft_landing_thrust_n", 0.0, 1e7, "N"),
    range("ground_altitude_m", -500.0, 9_000.0, "m above the ellipsoid"),
    range("timeline[].ordinal", 1.0, 1e4, "which event of its kind, from 1"),
];

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
    /// The vehicles in their order, which is their [`BodyId`]: the first, from a TLE, is the
    /// station the others dock to.
    pub vehicles: Vec<Vehicle>,
    /// The launcher that carries the vehicle starting on the pad.
    pub launcher: LauncherSpec,
    pub rendezvous: rendezvous::RendezvousSpec,
    pub timeline: Vec<Event>,
    /// The name and description of each kind of event the physics logs, as templates
    /// (docs/formats.md, "Events").
    pub event_text: std::collections::HashMap<EventKind, EventText>,
    /// The station's own burns over the stay (its reboost).
    #[serde(default)]
    pub station_burns: Option<return_flight::StationBurnsSpec>,
    /// A docked visitor's thrusters firing on the station.
    #[serde(default)]
    pub station_upset: Option<return_flight::UpsetSpec>,
    /// A docked ship's return to the ground.
    #[serde(default)]
    pub return_flight: Option<return_flight::ReturnSpec>,
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
    /// Harris-Priester: a diurnal bulge, no solar or geomagnetic input.
    HarrisPriester { cos_power: i32 },
    /// NRLMSISE-00 fed the embedded CelesTrak space weather (F10.7, Ap) of the flight's days.
    Nrlmsise00,
}

impl Atmosphere {
    /// The core's model this names.
    fn model(self) -> atmosphere::Atmosphere {
        match self {
            Self::HarrisPriester { cos_power } => {
                atmosphere::Atmosphere::HarrisPriester(HarrisPriester::new(cos_power))
            }
            Self::Nrlmsise00 => atmosphere::Atmosphere::Nrlmsise00(Nrlmsise00::with_embedded_weather()),
        }
    }
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Pad {
    pub name: String,
    pub latitude_deg: f64,
    pub longitude_deg: f64,
    pub altitude_m: f64,
}

/// A vehicle: its name, shape, mass, how it turns, and where it starts.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Vehicle {
    /// How the timeline, the telemetry and the command line name it (`iss`, `soyuz`).
    pub key: String,
    /// Its name as the log shows it.
    pub name: String,
    /// What it is to the mission: the station, a spacecraft flying to it, or a visitor docked.
    pub role: Role,
    /// The part list it is drawn and hit with.
    pub model: ModelId,
    /// People aboard it (not counting those aboard the station it is docked to).
    pub crew: u32,
    pub mass_kg: f64,
    pub drag_coefficient: f64,
    pub reference_area_m2: f64,
    pub attitude: AttitudeSpec,
    pub start: VehicleStart,
}

/// Where a vehicle is at the scenario's start.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub enum VehicleStart {
    /// In orbit where SGP4 puts it from a TLE (name line and the two element lines), holding
    /// +XVV LVLH.
    Tle(String, String, String),
    /// On the pad: the scenario's launcher carries it up, then it flies the rendezvous.
    Launch,
    /// Docked to an earlier vehicle at one of that vehicle's ports.
    Docked { to: String, port: PortId },
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
    /// The field at fault and why: each principal moment is at most the sum of the other two
    /// (the triangle inequality of inertia). Each number's own range is in [`RANGES`].
    fn check(&self) -> Result<(), (&'static str, String)> {
        let (x, y, z) = self.inertia_kg_m2;
        // A flat body (the ISS's truss and modules in one plane, as derived) sits on the bound.
        let most = |a: f64, b: f64, c: f64| a > (b + c) * (1.0 + 1e-9);
        if most(x, y, z) || most(y, x, z) || most(z, x, y) {
            return Err((
                "inertia_kg_m2",
                format!("({x}, {y}, {z}): no rigid body has one moment above the sum of the other two"),
            ));
        }
        Ok(())
    }
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Event {
    pub met: String,
    /// The vehicle it is about, by its key.
    pub vehicle: String,
    /// Its kind (docs/formats.md, "Events"); a flown event of the same vehicle, kind and ordinal
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

/// Where a vehicle starts, parsed and checked: what the mission is built from.
#[derive(Clone, Debug)]
pub enum Placement {
    /// In orbit, at this state at the scenario's start (from its TLE through SGP4).
    Orbit { state: crate::core::StateVector },
    /// On the pad, the launcher carrying it.
    Pad,
    /// Mated to vehicle `host` at `pose` (its body frame in the host's).
    Docked { host: usize, pose: nalgebra::Isometry3<f64> },
}

/// Checks the vehicles and places them: their TLEs parsed, their mated poses derived; on error,
/// the field at fault and why. The first starts from a TLE (the station), exactly one on the
/// pad (the scenario has one launcher), and each docked one on a free port of an earlier one
/// that flies free, with a face that mates with it.
fn check_vehicles(scenario: &Scenario, launch: UtcInstant, start: UtcInstant) -> Result<Placed, (String, String)> {
    const STATION_FIRST: &str = "the first vehicle is the station: it starts from a TLE";
    const ONE_ON_THE_PAD: &str = "one vehicle starts on the pad: the scenario has one launcher";
    let vehicles = &scenario.vehicles;
    if !matches!(vehicles.first().map(|v| &v.start), Some(VehicleStart::Tle(..))) {
        return Err(("vehicles".into(), STATION_FIRST.into()));
    }
    if vehicles.iter().filter(|v| v.start == VehicleStart::Launch).count() != 1 {
        return Err(("vehicles".into(), ONE_ON_THE_PAD.into()));
    }
    let (mut placements, mut station) = (Vec::new(), None);
    for (i, vehicle) in vehicles.iter().enumerate() {
        let field = |name: &str| format!("vehicles[{i}].{name}");
        if vehicle.key.trim().is_empty() || vehicles[..i].iter().any(|v| v.key == vehicle.key) {
            return Err((field("key"), format!("`{}`: each vehicle needs a key of its own", vehicle.key)));
        }
        vehicle.attitude.check().map_err(|(name, message)| (field(&format!("attitude.{name}")), message))?;
        let role = match &vehicle.start {
            VehicleStart::Tle(..) if i == 0 => Role::Station,
            VehicleStart::Tle(..) | VehicleStart::Launch => Role::Spacecraft,
            VehicleStart::Docked { .. } => Role::Visitor,
        };
        if vehicle.role != role {
            let why = format!("{:?}: a vehicle starting as this one does is a {role:?}", vehicle.role);
            return Err((field("role"), why.to_lowercase()));
        }
        let model = geometry::model(vehicle.model);
        placements.push(match &vehicle.start {
            VehicleStart::Tle(_, line1, line2) => {
                let tle = Tle::from_lines(line1, line2).map_err(|m| (field("start"), m))?;
                let age_days = launch.seconds_since(tle.epoch) / 86_400.0;
                if age_days.abs() > 14.0 {
                    let why =
                        format!("TLE epoch {} is {age_days:.1} days from launch; SGP4 drifts by km/day", tle.epoch);
                    return Err((field("start"), why));
                }
                let days = start.seconds_since(tle.epoch) / 86_400.0;
                if days.abs() > MAX_DAYS_FROM_TLE_EPOCH {
                    let why = format!(
                        "starts {days:.1} days from its TLE's epoch ({}); SGP4 is good for {MAX_DAYS_FROM_TLE_EPOCH} days",
                        tle.epoch
                    );
                    return Err(("start_met".into(), why));
                }
                let state =
                    tle.state_teme(start).map_err(|m| ("start_met".to_string(), format!("no orbit from the TLE then: {m}")))?;
                if i == 0 {
                    station = Some(tle);
                }
                Placement::Orbit { state }
            }
            VehicleStart::Launch => {
                if model.port(PortId::SoyuzProbe).is_none() {
                    return Err((field("model"), "the launched spacecraft's model has no docking probe".into()));
                }
                Placement::Pad
            }
            VehicleStart::Docked { to, port } => {
                let Some((host_index, host)) = vehicles[..i].iter().enumerate().find(|(_, v)| &v.key == to) else {
                    return Err((field("start"), format!("`{to}` is not a vehicle listed before this one")));
                };
                if !matches!(host.start, VehicleStart::Tle(..)) {
                    return Err((field("start"), format!("`{to}` does not fly free from the start")));
                }
                if geometry::model(host.model).port(*port).is_none() {
                    return Err((field("start"), format!("{} has no port `{port:?}`", host.name)));
                }
                let Some(pose) = geometry::mated_pose(&geometry::model(host.model), *port, &model) else {
                    return Err((field("model"), "the model has no probe or nose to dock with".into()));
                };
                let docked_here =
                    |v: &Vehicle| matches!(&v.start, VehicleStart::Docked { to: t, port: p } if t == to && p == port);
                if let Some(other) = vehicles[..i].iter().find(|v| docked_here(v)) {
                    return Err((field("start"), format!("`{port:?}` is taken by {}", other.name)));
                }
                Placement::Docked { host: host_index, pose }
            }
        });
    }
    let k = &scenario.launcher.piece_keys;
    let boosters = (1..=scenario.launcher.boosters.count).map(|n| format!("{}-{n}", k.booster));
    let pieces: Vec<String> =
        boosters.chain([&k.core, &k.third, &k.escape_tower, &k.fairing, &k.aft_skirt].map(String::clone)).collect();
    for (i, key) in pieces.iter().enumerate() {
        if key.trim().is_empty() || pieces[..i].contains(key) || vehicles.iter().any(|v| &v.key == key) {
            let why = format!("`{key}`: each piece the launcher drops needs a key no vehicle or other piece has");
            return Err(("launcher.piece_keys".into(), why));
        }
    }
    // The checks above, now as the types the mission is built from.
    let Some(station) = station else {
        return Err(("vehicles".into(), STATION_FIRST.into()));
    };
    let Some(launched) = placements.iter().position(|p| matches!(p, Placement::Pad)) else {
        return Err(("vehicles".into(), ONE_ON_THE_PAD.into()));
    };
    Ok(Placed { placements, station, launched })
}

/// The vehicles placed: where each starts, the station's TLE, and which one the launcher carries.
struct Placed {
    placements: Vec<Placement>,
    station: Tle,
    launched: usize,
}

/// A scenario with its times parsed and checked.
#[derive(Clone, Debug)]
pub struct LoadedScenario {
    pub scenario: Scenario,
    pub launch: UtcInstant,
    pub start_met_s: f64,
    /// Where each vehicle starts, in the scenario's order.
    pub placements: Vec<Placement>,
    /// The station's TLE.
    pub station_tle: Tle,
    /// The vehicle the launcher carries.
    pub launched: usize,
    /// The normal of the station's orbit at the planned spacecraft separation: the launcher
    /// aims at its plane as it will be then (the plane turns 5 deg a day).
    pub target_plane_normal: Vector3d,
    /// The phasing burns, their times parsed and each retargeting burn given its aim.
    pub burns: Vec<PhasingBurn>,
    /// The approach, its port and probe derived from the models, the Kurs fault's replay
    /// loaded and checked.
    pub approach: Approach,
    /// The planned timeline, keyed.
    pub timeline: Vec<TimelineEvent>,
    /// The station's own flight (its burns and upset), its times parsed.
    pub station_flight: Option<StationFlight>,
    /// The returning vehicle's index and its return, its times parsed.
    pub return_flight: Option<(usize, ReturnFlight)>,
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
        ranges::check(file_name, &source, RANGES)?;
        let fail = |field: &str, message: String| ScenarioError::at_field(file_name, &source, field, message);
        let launch = UtcInstant::parse_iso8601(&scenario.launch_utc).map_err(|m| fail("launch_utc", m))?;
        let start_met_s = parse_met_s(&scenario.start_met).map_err(|m| fail("start_met", m))?;
        let start = launch.plus_seconds(start_met_s);
        let Placed { placements, station: station_tle, launched } =
            check_vehicles(&scenario, launch, start).map_err(|(field, m)| fail(&field, m))?;

        if scenario.physics.atmosphere.is_some_and(|a| !a.model().inputs_recorded_at(start)) {
            let (first, end) = Nrlmsise00::record_span();
            let why = format!(
                "NRLMSISE-00's embedded space weather runs {first} to {end} (with 3 days of history before the start); \
                 this scenario starts at {start}: choose HarrisPriester or a start inside the record"
            );
            return Err(fail("physics.atmosphere", why));
        }
        let burns =
            scenario.rendezvous.phasing_burns().map_err(|(field, m)| fail(&format!("rendezvous.{field}"), m))?;
        let contact_met_s =
            parse_met_s(&scenario.rendezvous.approach.contact).map_err(|m| fail("rendezvous.approach.contact", m))?;
        let port = scenario.rendezvous.approach.port;
        let station_model = geometry::model(scenario.vehicles[0].model);
        let (port_label, port_frame) = match (station_model.port(port), station_model.port_frame(port)) {
            (Some(p), _) if p.drogue.is_none() => {
                return Err(fail(
                    "rendezvous.approach.port",
                    format!("`{port:?}` has no drogue for the Soyuz's probe: choose a Russian port"),
                ));
            }
            (Some(p), Some(frame)) => (p.label.to_string(), frame),
            _ => {
                return Err(fail("rendezvous.approach.port", format!("the station's model has no port `{port:?}`")));
            }
        };
        let Some(probe) = geometry::model(scenario.vehicles[launched].model).port_frame(PortId::SoyuzProbe) else {
            return Err(fail(&format!("vehicles[{launched}].model"), "the launched spacecraft has no probe".into()));
        };
        let station_key = &scenario.vehicles[0].key;
        let on_port =
            |v: &&Vehicle| matches!(&v.start, VehicleStart::Docked { to, port: p } if *p == port && to == station_key);
        if let Some(taken) = scenario.vehicles.iter().find(on_port) {
            return Err(fail("rendezvous.approach.port", format!("`{port:?}` is taken by {}", taken.name)));
        }
        let mut previous_met = f64::NEG_INFINITY;
        let mut timeline = Vec::with_capacity(scenario.timeline.len());
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
            let Some(vehicle) = scenario.vehicles.iter().position(|v| v.key == event.vehicle) else {
                let keys: Vec<&str> = scenario.vehicles.iter().map(|v| v.key.as_str()).collect();
                return Err(fail(
                    &format!("timeline[{i}].vehicle"),
                    format!("`{}` is not a vehicle of the scenario ({})", event.vehicle, keys.join(", ")),
                ));
            };
            if event.ordinal == 0 {
                return Err(fail(&format!("timeline[{i}].ordinal"), "ordinals count from 1".into()));
            }
            previous_met = met;
            timeline.push(TimelineEvent {
                met_s: met,
                key: EventKey { vehicle: BodyId(vehicle), kind: event.kind, ordinal: event.ordinal },
                name: event.name.clone(),
                description: event.description.clone(),
            });
        }
        EventTexts(scenario.event_text.clone())
            .check()
            .map_err(|(kind, m)| fail(&format!("event_text.{}", kind.id()), m))?;
        let Some(separation) = timeline.iter().position(|e| e.key.kind == EventKind::SpacecraftSeparation) else {
            let why = "needs a `spacecraft_separation` entry: the launcher aims for the ISS's plane then";
            return Err(fail("timeline", why.into()));
        };
        let iss_at_insertion =
            station_tle.state_teme(launch.plus_seconds(timeline[separation].met_s)).map_err(|m| {
                fail(&format!("timeline[{separation}].met"), format!("no station orbit from its TLE then: {m}"))
            })?;
        let kurs_fault = match &scenario.rendezvous.approach.kurs_fault {
            Some(fault) => {
                let field = |name: &str| format!("rendezvous.approach.kurs_fault.{name}");
                if !(fault.at_m > 0.0 && fault.at_m < scenario.rendezvous.approach.hold_distance_m) {
                    return Err(fail(&field("at_m"), format!("{} m: between the port and the hold point", fault.at_m)));
                }
                let takeover_met_s = parse_met_s(&fault.takeover).map_err(|m| fail(&field("takeover"), m))?;
                let replay = std::sync::Arc::new(replay::load(&dir.join(&fault.replay))?);
                Some(KursFault {
                    at_m: fault.at_m,
                    takeover_met_s,
                    hands: Hands::Replay(replay),
                    keeps_substeps: false,
                })
            }
            None => None,
        };
        let a = &scenario.rendezvous.approach;
        let approach = Approach {
            port: port_label,
            port_id: a.port,
            port_lvlh_m: port_frame.position_m,
            port_axis_lvlh: port_frame.axis,
            probe_offset_m: probe.position_m.x,
            hold_distance_m: a.hold_distance_m,
            glide_s: a.glide_s,
            contact_met_s,
            contact_speed_mps: a.contact_speed_mps,
            slowing_per_s: a.slowing_per_s,
            thruster_force_n: scenario.rendezvous.dpo.thrust_n,
            control_bandwidth_rad_s: a.control_bandwidth_rad_s,
            hooks_close_after_s: a.hooks_close_after_s,
            kurs_fault,
            capture: a.capture,
        };
        let station_burns =
            scenario.station_burns.as_ref().map(|b| b.schedule(launch)).transpose().map_err(|(f, m)| fail(&f, m))?;
        let upset = match &scenario.station_upset {
            Some(spec) => {
                let docked = |v: &Vehicle| matches!(v.start, VehicleStart::Docked { .. });
                let Some(visitor) = scenario.vehicles.iter().position(|v| v.key == spec.vehicle && docked(v)) else {
                    let why = format!("`{}` is not a vehicle of the scenario that starts docked", spec.vehicle);
                    return Err(fail("station_upset.vehicle", why));
                };
                let v = &scenario.vehicles[visitor];
                let t = scenario.rendezvous.rcs_thruster;
                let rcs = crate::core::rcs::Rcs::soyuz_ms(
                    t.thrust_n,
                    t.isp_s,
                    geometry::soyuz_ms_mass_properties(v.mass_kg).1,
                );
                let station = &scenario.vehicles[0].attitude;
                let gyrodynes = AttitudeControl::HoldLvlh {
                    bandwidth_radps: station.bandwidth_radps,
                    max_torque_nm: station.control_torque_nm,
                };
                Some(spec.upset(launch, visitor, &rcs, gyrodynes).map_err(|(f, m)| fail(&f, m))?)
            }
            None => None,
        };
        let station_flight = (station_burns.is_some() || upset.is_some()).then(|| StationFlight {
            burns: station_burns.unwrap_or_else(|| BurnSchedule::new(Vec::new(), 0.0)),
            upset,
        });
        let return_flight = match &scenario.return_flight {
            Some(spec) => {
                let docked = |v: &Vehicle| matches!(v.start, VehicleStart::Docked { .. });
                let Some(vehicle) = scenario.vehicles.iter().position(|v| v.key == spec.vehicle && docked(v)) else {
                    let why = format!("`{}` is not a vehicle of the scenario that starts docked", spec.vehicle);
                    return Err(fail("return_flight.vehicle", why));
                };
                let engines = (scenario.rendezvous.skd, scenario.rendezvous.dpo);
                Some((vehicle, spec.flight(launch, engines).map_err(|(f, m)| fail(&f, m))?))
            }
            None => None,
        };
        Ok(Self {
            station_flight,
            return_flight,
            launch,
            start_met_s,
            placements,
            station_tle,
            launched,
            target_plane_normal: crate::core::position_m(&iss_at_insertion)
                .cross(&crate::core::velocity_mps(&iss_at_insertion)),
            burns,
            approach,
            timeline,
            scenario,
        })
    }

    /// The mission at the scenario's start: the station and the vehicles docked to it from
    /// SGP4 on its TLE, the Soyuz on the pad. Built from what the load parsed: nothing here can
    /// fail.
    pub fn mission(&self) -> Mission {
        let s = &self.scenario;
        let start = self.launch.plus_seconds(self.start_met_s);
        let pad = Geodetic::from_degrees(s.pad.latitude_deg, s.pad.longitude_deg, s.pad.altitude_m);
        let pad_ecef_m = ecef_from_geodetic_m(&pad);
        let principal = |(x, y, z): (f64, f64, f64)| Inertia { principal_kg_m2: Vector3d::new(x, y, z) };
        let drag = |cd, area| Some(DragProperties { drag_coefficient: cd, reference_area_m2: area });
        let launched = &s.vehicles[self.launched];
        let rendezvous = Rendezvous {
            skd: s.rendezvous.skd,
            dpo: s.rendezvous.dpo,
            propellant_kg: s.rendezvous.propellant_kg,
            burns: self.burns.clone(),
            delta_v_given_mps: 0.0,
            approach: self.approach.clone(),
            rcs: crate::core::rcs::Rcs::soyuz_ms(
                s.rendezvous.rcs_thruster.thrust_n,
                s.rendezvous.rcs_thruster.isp_s,
                geometry::soyuz_ms_mass_properties(launched.mass_kg).1,
            ),
            phase: RendezvousPhase::Phasing { next: 0, active: None },
        };
        let ascent = crate::core::control::Ascent {
            guidance: AscentGuidance::new(s.launcher.guidance.clone(), self.target_plane_normal),
            then: Some(Box::new(rendezvous)),
            density: None,
        };
        let mut on_pad =
            Some((Controller::OnPad(Box::new(ascent)), Launcher::new(s.launcher.clone(), launched.mass_kg)));
        let mut mission = Mission {
            launch: self.launch,
            start_met_s: self.start_met_s,
            step_s: s.physics.step_s,
            steps_taken: 0,
            ut1_minus_utc_s: s.ut1_minus_utc_s,
            forces: ForceModel {
                zonal: s.physics.gravity,
                atmosphere: s.physics.atmosphere.map(|a| std::sync::Arc::new(a.model())),
            },
            method: s.physics.method,
            bodies: Vec::new(),
            timeline: std::sync::Arc::new(self.timeline.clone()),
            event_texts: std::sync::Arc::new(EventTexts(s.event_text.clone())),
            log: Vec::new(),
            environment: Default::default(),
            docking_shapes: Default::default(),
            heating_debris: false,
        };
        for (v, placement) in s.vehicles.iter().zip(&self.placements) {
            let hold = (v.attitude.bandwidth_radps, v.attitude.control_torque_nm);
            let guided = AttitudeControl::Guided { bandwidth_radps: hold.0, max_torque_nm: hold.1 };
            let (motion, attitude, attitude_control, (controller, launcher)) = match placement {
                Placement::Orbit { state, .. } => {
                    let hold = AttitudeControl::HoldLvlh { bandwidth_radps: hold.0, max_torque_nm: hold.1 };
                    (Motion::Free { state: *state }, lvlh_attitude(state), hold, (Controller::Coast, None))
                }
                Placement::Pad => {
                    let gmst = gmst_rad(start.julian_date_ut1(s.ut1_minus_utc_s));
                    let standing = standing_attitude_towards(&pad_ecef_m, gmst, &self.target_plane_normal);
                    let motion = Motion::EarthFixed { position_ecef_m: pad_ecef_m };
                    let (controller, launcher) = on_pad.take().map_or((Controller::Coast, None), |(c, l)| (c, Some(l)));
                    (motion, standing, guided, (controller, launcher.map(Box::new)))
                }
                Placement::Docked { host, pose } => {
                    // The host flies LVLH from the start: its body axes are its LVLH axes.
                    let host_attitude = mission.bodies[*host].attitude;
                    let motion = Motion::Docked {
                        to: *host,
                        offset_m: pose.translation.vector,
                        attitude_in_host: pose.rotation,
                    };
                    (motion, host_attitude.carried(&pose.rotation), guided, (Controller::Coast, None))
                }
            };
            mission.bodies.push(Body {
                name: v.key.clone(),
                label: v.name.clone(),
                role: v.role,
                model: v.model,
                mass_kg: v.mass_kg,
                drag: drag(v.drag_coefficient, v.reference_area_m2),
                motion,
                attitude,
                inertia: principal(v.attitude.inertia_kg_m2),
                attitude_control,
                density_sample: None,
                launcher,
                controller,
                command: Command::COAST,
                crew: v.crew,
                sun_above_limb: None,
            });
        }
        if let Some(station) = &self.station_flight {
            mission.bodies[0].controller = Controller::Station(Box::new(station.clone()));
        }
        if let Some((vehicle, flight)) = &self.return_flight {
            mission.bodies[*vehicle].controller = Controller::Return(Box::new(flight.clone()));
        }
        mission
    }

    /// The body index of the vehicle with `key`.
    pub fn vehicle_index(&self, key: &str) -> Option<usize> {
        self.scenario.vehicles.iter().position(|v| v.key == key)
    }
}
