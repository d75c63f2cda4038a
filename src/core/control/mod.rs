//! Controllers: what flies a vehicle, one module each, with its own tests. A controller reads
//! what its vehicle senses and returns a command; it logs what happens to a [`Reported`] and
//! changes its own phase; it never reaches into the mission, which integrates the commands and
//! applies the hand-overs.
//!
//! Types flow down: `rendezvous` (the shared state and figures) is below `phasing`,
//! `targeter`, `proximity`, `hands`, `pilot` and `docked`; `attitude` (the frames controllers
//! point at) is below `ascent` and `proximity`; this module is above them all.
//!
//! [`Reported`]: crate::core::events::Reported

pub mod ascent;
pub mod attitude;
pub mod descent;
pub mod docked;
pub mod hands;
pub mod phasing;
pub mod pilot;
pub mod proximity;
pub mod rate_hold;
pub mod rendezvous;
pub mod station;
pub mod targeter;

use crate::core::Vector3d;

/// What flies a vehicle now, besides its attitude control. A closed enum rather than a trait
/// object: the mission stays `Clone + PartialEq` (checkpoints, bit-identical tests), the set of
/// controllers is the app's own, and a coasting body costs one match.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Controller {
    /// Nothing: a spent stage, a wreck, the station under its attitude hold alone.
    #[default]
    Coast,
    /// On the pad until T-0, the launcher's guidance ready.
    OnPad(Box<Ascent>),
    /// The launcher flies it from lift-off to spacecraft separation.
    Ascent(Box<Ascent>),
    /// The rendezvous: phasing, the approach, by hand, docked (its phase says which).
    Rendezvous(Box<rendezvous::Rendezvous>),
    /// The station's own flight: its reboost, and a visitor's thrusters firing on it.
    Station(Box<station::StationFlight>),
    /// The return: undocking, the deorbit burn, the entry, the parachutes, the landing.
    Return(Box<descent::ReturnFlight>),
    /// A module that parted before the entry, falling and heating until it breaks up.
    Debris(descent::Debris),
}

/// The ascent's controller: the guidance, what flies the spacecraft once it separates, and the
/// density its drag holds over substeps.
#[derive(Clone, Debug, PartialEq)]
pub struct Ascent {
    pub guidance: ascent::AscentGuidance,
    pub then: Option<Box<rendezvous::Rendezvous>>,
    pub density: Option<crate::core::propagation::HeldDensity>,
}

/// How the mission integrates a vehicle over the next step, as its controller asks: chosen
/// from the state, never from the warp.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Command {
    /// One step of free flight, with this engine acceleration (inertial, m/s²) held over it.
    Coast { engine_mps2: Vector3d },
    /// The launcher's powered flight, in `substeps`, the guidance steering at each.
    Powered { substeps: u32 },
    /// The approach, in `substeps`, the proximity controller or the hands commanding at each.
    Approach { substeps: u32 },
    /// The descent module in the atmosphere, in `substeps`: its lift, drag and parachutes.
    Descent { substeps: u32 },
}

impl Command {
    pub const COAST: Command = Command::Coast { engine_mps2: Vector3d::new(0.0, 0.0, 0.0) };
}

impl Controller {
    /// The rendezvous it flies or will fly after the launcher lets it go.
    pub fn rendezvous(&self) -> Option<&rendezvous::Rendezvous> {
        match self {
            Controller::OnPad(ascent) | Controller::Ascent(ascent) => ascent.then.as_deref(),
            Controller::Rendezvous(plan) => Some(plan),
            _ => None,
        }
    }

    /// The same, to change before it flies (who takes the controls, where the game starts).
    pub fn rendezvous_mut(&mut self) -> Option<&mut rendezvous::Rendezvous> {
        match self {
            Controller::OnPad(ascent) | Controller::Ascent(ascent) => ascent.then.as_deref_mut(),
            Controller::Rendezvous(plan) => Some(plan),
            _ => None,
        }
    }

    /// The station's own flight, if this is the station's controller.
    pub fn station(&self) -> Option<&station::StationFlight> {
        match self {
            Controller::Station(station) => Some(station),
            _ => None,
        }
    }

    /// The falling module, if it is one.
    pub fn debris(&self) -> Option<&descent::Debris> {
        match self {
            Controller::Debris(debris) => Some(debris),
            _ => None,
        }
    }

    /// The return it flies, if it is a returning ship.
    pub fn return_flight(&self) -> Option<&descent::ReturnFlight> {
        match self {
            Controller::Return(flight) => Some(flight),
            _ => None,
        }
    }

    /// The ascent's controller, on the pad or flying.
    pub fn ascent(&self) -> Option<&Ascent> {
        match self {
            Controller::OnPad(ascent) | Controller::Ascent(ascent) => Some(ascent),
            _ => None,
        }
    }

    /// Whether its thrusters turn it (flown by hand), so that the mission does not point it.
    pub fn turns_itself(&self) -> bool {
        match self {
            Controller::OnPad(_) | Controller::Ascent(_) => true,
            Controller::Rendezvous(plan) => plan.by_hand(),
            Controller::Return(flight) => matches!(flight.phase, descent::ReturnPhase::Descent(_)),
            Controller::Station(_) | Controller::Debris(_) | Controller::Coast => false,
        }
    }
}
