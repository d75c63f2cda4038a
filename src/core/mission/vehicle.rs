//! A vehicle of the mission: what it is (role, model, mass, drag, inertia), how it moves, what
//! turns it and what flies it.

use crate::core::attitude::{Attitude, AttitudeControl, Inertia};
use crate::core::control::{Command, Controller};
use crate::core::forces::DragProperties;
use crate::core::geometry::ModelId;
use crate::core::launcher::Launcher;
use crate::core::propagation::DensitySample;
use crate::core::{StateVector, Vector3d, position_m, state_from, velocity_mps};
use nalgebra::UnitQuaternion;
use serde::Deserialize;

/// How a body moves.
#[derive(Clone, Debug, PartialEq)]
pub enum Motion {
    /// Held to the rotating Earth (a rocket on its pad, a stage where it fell).
    EarthFixed { position_ecef_m: Vector3d },
    /// Free flight under the force model, inertial state.
    Free { state: StateVector },
    /// Docked: held rigidly to another body, at `offset_m` in that body's axes (the ISS's are its
    /// LVLH axes while it holds LVLH), turned by `attitude_in_host` (body to host axes): it
    /// turns with its host, as the ships on the station did in its swing of 15 October.
    Docked { to: usize, offset_m: Vector3d, attitude_in_host: UnitQuaternion<f64> },
}

/// What a vehicle is to the mission, as the scenario declares it.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The station the rendezvous flies to.
    Station,
    /// A spacecraft that flies to the station (launched, or free-flying).
    Spacecraft,
    /// A vehicle docked to the station, riding it.
    Visitor,
    /// A piece the launcher dropped: it coasts, tumbling, and falls.
    Piece,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Body {
    /// The key the timeline, the telemetry and the command line name it by (`iss`, `soyuz`).
    pub name: String,
    /// Its name as the log shows it (`Soyuz MS-18`).
    pub label: String,
    pub role: Role,
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
    /// Drag factor last sampled for this body, and the step until which it holds.
    pub density_sample: Option<DensitySample>,
    /// The launcher that carries or carried it to orbit: its stages as they are now.
    pub launcher: Option<Box<Launcher>>,
    /// What flies it, besides its attitude control.
    pub controller: Controller,
    /// What its controller asked of this step.
    pub command: Command,
    /// People aboard: a crewed vehicle's orbital sunsets and sunrises are events.
    pub crew: u32,
    /// The Sun's centre above the Earth's limb as seen from it at the last step, rad, and its
    /// state then, while it flies crewed (the watcher's last sample).
    pub sun_above_limb: Option<(f64, StateVector)>,
}

/// The state of a body held at `offset_m` in the axes of `host` (in `host_attitude`), turning
/// with them.
pub fn docked_state(host: &StateVector, host_attitude: &Attitude, offset_m: &Vector3d) -> StateVector {
    let offset = host_attitude.body_to_inertial * offset_m;
    let omega = host_attitude.body_to_inertial * host_attitude.rate_body_radps;
    state_from(position_m(host) + offset, velocity_mps(host) + omega.cross(&offset))
}

/// Heap memory a controller holds, bytes: its boxed state and the burns of a rendezvous.
pub fn controller_heap_bytes(controller: &Controller) -> usize {
    use crate::core::control::rendezvous::{PhasingBurn, Rendezvous};
    use std::mem::size_of;
    let rendezvous = |plan: &Rendezvous| size_of::<Rendezvous>() + plan.burns.capacity() * size_of::<PhasingBurn>();
    match controller {
        Controller::Coast | Controller::Debris(_) => 0,
        Controller::Station(station) => size_of_val(station.as_ref()) + burns_heap_bytes(&station.burns),
        Controller::Return(flight) => size_of_val(flight.as_ref()) + burns_heap_bytes(&flight.burns),
        Controller::OnPad(ascent) | Controller::Ascent(ascent) => {
            size_of::<crate::core::control::Ascent>() + ascent.then.as_deref().map_or(0, rendezvous)
        }
        Controller::Rendezvous(plan) => rendezvous(plan),
    }
}

/// Heap memory of a burn schedule's list, bytes.
fn burns_heap_bytes(schedule: &crate::core::control::descent::BurnSchedule) -> usize {
    use crate::core::control::descent::TimedBurn;
    schedule.burns.capacity() * std::mem::size_of::<TimedBurn>()
        + schedule.burns.iter().map(|b| b.engine_name.capacity()).sum::<usize>()
}
