//! The stack in flight: its stages' propellant, the pieces still on it, its mass, thrust and
//! drag, and where its flight is.

use super::spec::{LauncherSpec, StageSpec, cylinder, pressure_ratio};
use crate::core::attitude::Inertia;
use crate::core::forces::DragProperties;
use std::f64::consts::PI;

/// A piece of the stack that leaves it in flight.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Piece {
    Boosters,
    Core,
    EscapeTower,
    Fairing,
    AftSkirt,
}

/// The pieces still on the stack: a set, so that a piece is either on or gone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Attached(u8);

impl Attached {
    pub const ALL: Self = Self(0b1_1111);

    fn bit(piece: Piece) -> u8 {
        1 << piece as u8
    }

    pub fn contains(self, piece: Piece) -> bool {
        self.0 & Self::bit(piece) != 0
    }

    pub fn remove(&mut self, piece: Piece) {
        self.0 &= !Self::bit(piece);
    }
}

/// Where the launcher's flight is. The lower stages' burn is told by what is attached; from the
/// core's separation the third stage burns until its cutoff, and the spacecraft leaves
/// `separation_delay_s` later.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum LauncherPhase {
    Burning,
    /// The third stage has cut off at `at_met_s`; the spacecraft is still on it.
    CutOff {
        at_met_s: f64,
    },
    /// The spacecraft has gone its own way.
    Separated {
        cutoff_met_s: f64,
    },
    /// The stack came down before separation: the flight is over.
    Crashed,
}

/// The stack: its stages' propellant, the pieces still on it and where its flight is.
#[derive(Clone, Debug, PartialEq)]
pub struct Launcher {
    pub spec: LauncherSpec,
    pub payload_kg: f64,
    pub booster_propellant_kg: f64,
    pub core_propellant_kg: f64,
    pub third_propellant_kg: f64,
    pub attached: Attached,
    pub phase: LauncherPhase,
    /// Largest thrust acceleration seen, m/s².
    pub max_axial_acceleration_mps2: f64,
}

impl Launcher {
    pub fn new(spec: LauncherSpec, payload_kg: f64) -> Self {
        Self {
            booster_propellant_kg: spec.boosters.propellant_kg * f64::from(spec.boosters.count),
            core_propellant_kg: spec.core.propellant_kg,
            third_propellant_kg: spec.third.propellant_kg,
            spec,
            payload_kg,
            attached: Attached::ALL,
            phase: LauncherPhase::Burning,
            max_axial_acceleration_mps2: 0.0,
        }
    }

    /// Whether `piece` is still on the stack.
    pub fn has(&self, piece: Piece) -> bool {
        self.attached.contains(piece)
    }

    /// Mission time of the third stage's cutoff, once it has cut off.
    pub fn third_cutoff_met_s(&self) -> Option<f64> {
        match self.phase {
            LauncherPhase::CutOff { at_met_s } => Some(at_met_s),
            LauncherPhase::Separated { cutoff_met_s } => Some(cutoff_met_s),
            LauncherPhase::Burning | LauncherPhase::Crashed => None,
        }
    }

    /// Whether the spacecraft has left it.
    pub fn separated(&self) -> bool {
        matches!(self.phase, LauncherPhase::Separated { .. })
    }

    /// Whether it came down before separation.
    pub fn crashed(&self) -> bool {
        self.phase == LauncherPhase::Crashed
    }

    /// The third stage burns: the core has gone and the cutoff has not come.
    pub(super) fn third_burning(&self) -> bool {
        !self.has(Piece::Core) && self.phase == LauncherPhase::Burning
    }

    /// The stack as a solid cylinder of its mass: the attached stages end to end, the fairing's
    /// length standing for the payload section (it encloses the spacecraft, about as long once
    /// it has gone), the core's diameter.
    pub fn inertia(&self) -> Inertia {
        let s = &self.spec;
        let length_m =
            if self.has(Piece::Core) { s.core.length_m } else { 0.0 } + s.third.length_m + s.fairing_size_m.0;
        let diameter_m = 2.0 * (s.core.reference_area_m2 / PI).sqrt();
        cylinder(self.mass_kg(), (length_m, diameter_m))
    }

    /// Largest steering torque at `thrust_n`, N·m.
    pub fn steering_torque_nm(&self, thrust_n: f64) -> f64 {
        thrust_n * self.spec.guidance.steering_lever_m
    }

    pub fn mass_kg(&self) -> f64 {
        let s = &self.spec;
        let mut m = self.payload_kg + s.third.dry_mass_kg + self.third_propellant_kg;
        if self.has(Piece::Boosters) {
            m += f64::from(s.boosters.count) * s.boosters.dry_mass_kg + self.booster_propellant_kg;
        }
        if self.has(Piece::Core) {
            m += s.core.dry_mass_kg + self.core_propellant_kg;
        }
        for (piece, kg) in
            [(Piece::EscapeTower, s.escape_tower_kg), (Piece::Fairing, s.fairing_kg), (Piece::AftSkirt, s.aft_skirt_kg)]
        {
            if self.has(piece) {
                m += kg;
            }
        }
        m
    }

    /// Stages burning now.
    fn burning(&self) -> impl Iterator<Item = &StageSpec> {
        let s = &self.spec;
        [
            (self.has(Piece::Boosters) && self.booster_propellant_kg > 0.0, &s.boosters),
            (self.has(Piece::Core) && self.core_propellant_kg > 0.0, &s.core),
            (self.third_burning() && self.third_propellant_kg > 0.0, &s.third),
        ]
        .into_iter()
        .filter_map(|(burning, stage)| burning.then_some(stage))
    }

    /// Thrust of the stages burning now at an altitude, N.
    pub fn thrust_n(&self, altitude_m: f64) -> f64 {
        let p = pressure_ratio(altitude_m);
        self.burning().map(|stage| stage.thrust_n(p)).sum()
    }

    /// Still on its way: neither separated from the spacecraft nor crashed.
    pub fn is_flying(&self) -> bool {
        matches!(self.phase, LauncherPhase::Burning | LauncherPhase::CutOff { .. })
    }

    /// The flight ends on the ground.
    pub fn crash(&mut self) {
        self.phase = LauncherPhase::Crashed;
    }

    pub fn drag(&self) -> DragProperties {
        let s = &self.spec;
        if self.has(Piece::Boosters) {
            // The cross of four boosters around the core.
            DragProperties {
                drag_coefficient: s.core.drag_coefficient,
                reference_area_m2: s.core.reference_area_m2
                    + s.boosters.reference_area_m2 * f64::from(s.boosters.count),
            }
        } else if self.has(Piece::Core) {
            s.core.drag()
        } else {
            s.third.drag()
        }
    }
}
