//! The return of a Soyuz from the station: undocking, the separation burns, the deorbit burn,
//! module separation, the descent module's entry with lift, its parachutes and the soft
//! landing. The figures are the scenario's (`return_flight`); this module holds the flight's
//! phases and the physics of each as small pure functions. The mission applies the hand-overs
//! (the undocking, the modules becoming bodies of their own, the landing).

use super::rendezvous::{BurnStep, EngineSpec};
use crate::core::launcher::G0_MPS2;
use crate::core::propagation::HeldDensity;
use crate::core::{StateVector, Vector3d, frames, position_m, velocity_mps};

/// Where a timed burn pushes: taken when it starts and held fixed in inertial space over it,
/// as the phasing burns are (the attitude holds inertially while the engine fires). Over the
/// deorbit burn's 4.8 minutes the velocity turns 18 deg, so a retrograde burn ends pitched
/// that much below the horizon, which steepens the entry.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum BurnDirection {
    /// Along a direction of the vehicle's own LVLH frame (x along-track, z to nadir).
    Lvlh(Vector3d),
    /// Along the velocity.
    Prograde,
    /// Against the velocity (the deorbit burn, "flying backwards").
    Retrograde,
}

impl BurnDirection {
    /// The burn's inertial direction for a vehicle in `state`, unit.
    pub fn inertial(&self, state: &StateVector) -> Vector3d {
        match self {
            Self::Lvlh(lvlh) => frames::lvlh_from_eci_matrix(state).transpose() * lvlh.normalize(),
            Self::Prograde => velocity_mps(state).normalize(),
            Self::Retrograde => -velocity_mps(state).normalize(),
        }
    }
}

/// A burn at a set time of a set size: the station's reboost, a departing ship's separation
/// and deorbit burns.
#[derive(Clone, Debug, PartialEq)]
pub struct TimedBurn {
    pub start_met_s: f64,
    /// What the log calls the engine.
    pub engine_name: String,
    pub engine: EngineSpec,
    pub dv_mps: f64,
    pub direction: BurnDirection,
}

/// A list of timed burns flown in order, one at a time, from one propellant supply.
#[derive(Clone, Debug, PartialEq)]
pub struct BurnSchedule {
    pub burns: Vec<TimedBurn>,
    /// The next burn to start.
    pub next: usize,
    /// The burn running now: its index, the speed change still to give (m/s) and its inertial
    /// direction.
    pub active: Option<(usize, f64, Vector3d)>,
    pub propellant_kg: f64,
}

/// What a schedule did over a step: the thrust, the propellant, and the burn that started.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ScheduledStep {
    pub step: BurnStep,
    pub started: Option<usize>,
    /// The burn that ended in this step.
    pub ended: Option<usize>,
}

impl BurnSchedule {
    pub fn new(burns: Vec<TimedBurn>, propellant_kg: f64) -> Self {
        Self { burns, next: 0, active: None, propellant_kg }
    }

    /// Whether every burn has been flown.
    pub fn done(&self) -> bool {
        self.next >= self.burns.len() && self.active.is_none()
    }

    /// One step of `h_s` from `met_s` for a vehicle of `mass_kg` in `state`: starts the next
    /// burn when it is due, and burns while one runs, at full thrust for the part of the step
    /// the speed change (or the propellant) lasts.
    pub fn step(&mut self, met_s: f64, h_s: f64, state: &StateVector, mass_kg: f64) -> ScheduledStep {
        let mut started = None;
        if self.active.is_none()
            && let Some(burn) = self.burns.get(self.next)
            && met_s + 0.5 * h_s >= burn.start_met_s
        {
            self.active = Some((self.next, burn.dv_mps, burn.direction.inertial(state)));
            started = Some(self.next);
            self.next += 1;
        }
        let Some((index, remaining_mps, direction)) = self.active else {
            return ScheduledStep { step: BurnStep::NONE, started, ended: None };
        };
        let burn = &self.burns[index];
        let step = burn.engine.step_towards(remaining_mps, &direction, (mass_kg, self.propellant_kg), h_s);
        self.propellant_kg -= step.propellant_kg;
        let remaining_mps = remaining_mps - step.delta_v_mps;
        let burning = remaining_mps > 1e-9 && self.propellant_kg > 1e-9;
        self.active = burning.then_some((index, remaining_mps, direction));
        ScheduledStep { step, started, ended: (!burning).then_some(index) }
    }
}

/// How the descent module flies its entry.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum EntryMode {
    /// The automatic controlled descent: lift turned by a bank programme, here a constant bank.
    Guided { bank_rad: f64 },
    /// The ballistic descent: the module rolls at a steady rate so that its lift averages out.
    Ballistic { roll_radps: f64 },
}

/// The descent module's aerodynamics and mass, as the scenario gives them.
#[derive(Clone, Copy, Debug, PartialEq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DescentModule {
    pub mass_kg: f64,
    pub reference_area_m2: f64,
    pub drag_coefficient: f64,
    pub lift_to_drag: f64,
    /// Radius of the heat shield's curvature at the stagnation point, for the heat flux.
    pub nose_radius_m: f64,
    /// Mass the heat shield takes with it when it drops under the main canopy.
    pub heat_shield_kg: f64,
}

/// The parachute system and the soft-landing motors, as the scenario gives them.
#[derive(Clone, Copy, Debug, PartialEq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Parachutes {
    /// Geodetic altitude of the parachute command, m.
    pub command_altitude_m: f64,
    /// The drogue's area, m², its drag coefficient, and how long it flies before the main
    /// comes out, s.
    pub drogue_area_m2: f64,
    pub drogue_drag_coefficient: f64,
    pub drogue_s: f64,
    /// The main canopy's area, m², and drag coefficient; the fraction of its drag area while
    /// reefed, and for how long.
    pub main_area_m2: f64,
    pub main_drag_coefficient: f64,
    pub reefed_fraction: f64,
    pub reefed_s: f64,
    /// How long a canopy takes to fill, s (its drag area grows linearly over it).
    pub inflation_s: f64,
    /// The heat shield drops this long after the main canopy is fully open, s.
    pub heat_shield_after_s: f64,
    /// Height above the ground at which the soft-landing motors fire, m, and their thrust, N.
    pub soft_landing_height_m: f64,
    pub soft_landing_thrust_n: f64,
    /// The ground's height above the ellipsoid where the module comes down, m.
    pub ground_altitude_m: f64,
}

/// Where the descent is after module separation.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum DescentStage {
    /// Entry on the module's own lift and drag.
    Entry,
    /// Under the drogue since `since_met_s`.
    Drogue { since_met_s: f64 },
    /// Under the main canopy since `since_met_s` (reefed first), the heat shield gone or not.
    Main { since_met_s: f64, heat_shield_on: bool },
}

/// Where the return is.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ReturnPhase {
    /// On its port until the undocking.
    Docked,
    /// Flying free in orbit: the separation burns, the deorbit burn, the coast down to module
    /// separation.
    InOrbit,
    /// The descent module alone, in the atmosphere.
    Descent(DescentStage),
    /// On the ground.
    Landed,
}

/// The return flight's controller.
#[derive(Clone, Debug, PartialEq)]
pub struct ReturnFlight {
    pub undocking_met_s: f64,
    /// The push of the docking mechanism's springs, m/s, along the port's axis.
    pub springs_mps: f64,
    /// People aboard once it leaves (the station loses them).
    pub crew: u32,
    /// Mass at undocking, kg.
    pub mass_kg: f64,
    /// The separation burns and the deorbit burn, last.
    pub burns: BurnSchedule,
    pub module_separation_altitude_m: f64,
    /// The altitude the entry's event marks, m.
    pub entry_interface_altitude_m: f64,
    pub module: DescentModule,
    pub entry: EntryMode,
    pub parachutes: Parachutes,
    pub phase: ReturnPhase,
    /// The keys the orbital and service modules fly under once they part.
    pub piece_keys: (String, String),
    /// The density the descent holds over its substeps.
    pub density: Option<HeldDensity>,
    /// Highest aerodynamic load of the entry so far.
    pub peak_load: PeakLoad,
    /// The stagnation point's heat flux now, W/m², and the heat it has taken in, J/m².
    pub heat_flux_w_m2: f64,
    pub heat_load_j_m2: f64,
    /// The aerodynamic load the crew feels now, g.
    pub load_g: f64,
    /// Its attitude in its own LVLH frame when it undocked, which it holds as it backs away
    /// and until it turns for the deorbit burn.
    pub departure_in_lvlh: Option<nalgebra::UnitQuaternion<f64>>,
}

/// The entry's highest aerodynamic load so far: g, when and how high (m), and whether it has
/// been logged.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct PeakLoad {
    pub g: f64,
    pub met_s: f64,
    pub altitude_m: f64,
    pub logged: bool,
}

/// How long before the deorbit burn the ship turns to its burn attitude, s (L: the Soyuz
/// turns engine-forward minutes before the burn; the figure is ours).
pub const TURN_BEFORE_DEORBIT_S: f64 = 600.0;

impl ReturnFlight {
    /// Where the ship points in orbit at `met_s` (in `state`, its LVLH attitude `lvlh`): along
    /// the main engine's burn, and retrograde from minutes before the deorbit burn to the
    /// modules' parting; otherwise as it left the station, in its LVLH frame. The thrusters'
    /// burns push in any direction and need no turn.
    pub fn orbit_attitude_target(
        &self,
        met_s: f64,
        state: &StateVector,
        lvlh: &crate::core::attitude::Attitude,
    ) -> Option<crate::core::attitude::Attitude> {
        use super::attitude::pointed_attitude;
        let deorbit = self.burns.burns.last()?;
        if let Some((_, _, direction)) = self.burns.active.filter(|(b, _, _)| *b + 1 == self.burns.burns.len()) {
            return Some(pointed_attitude(&direction, state));
        }
        if met_s >= deorbit.start_met_s - TURN_BEFORE_DEORBIT_S {
            return Some(pointed_attitude(&deorbit.direction.inertial(state), state));
        }
        self.departure_in_lvlh.map(|in_lvlh| lvlh.carried(&in_lvlh))
    }
}

/// A module that parted before the entry, heated by the air until it breaks up.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Debris {
    pub nose_radius_m: f64,
    /// The stagnation heat load at which it breaks up and burns, J/m².
    pub break_up_j_m2: f64,
    pub heat_flux_w_m2: f64,
    pub heat_load_j_m2: f64,
    pub broken_up: bool,
}

/// Heat load at which a module's aluminium hull breaks up, J/m² (derived, L): a 3 mm skin
/// (8.1 kg/m²) heated from 300 K to its 933 K melt and melted (900 J/kg/K · 633 K + 397 kJ/kg
/// = 0.97 MJ/kg; aluminium's handbook figures), all of the stagnation point's heat taken in.
pub const HULL_BREAK_UP_J_M2: f64 = 7.8e6;

/// Substeps a step of the descent is flown in (0.1 s each at the 1 s step): the entry's loads
/// change over seconds, a canopy fills in a few.
pub const DESCENT_SUBSTEPS: u32 = 10;

/// Sutton–Graves stagnation-point convective heat flux, W/m²: q = k √(ρ / R_n) v³ with
/// k = 1.7415e-4 kg^½/m for air (Sutton & Graves 1971, NASA TR R-376; Tauber 1989).
pub fn stagnation_heat_flux_w_m2(density_kg_m3: f64, nose_radius_m: f64, speed_mps: f64) -> f64 {
    1.7415e-4 * (density_kg_m3 / nose_radius_m).sqrt() * speed_mps.powi(3)
}

/// The aerodynamic acceleration, inertial, m/s², of a body of `mass_kg` with drag area
/// `drag_area_m2` (C_D·S) and lift-to-drag ratio `lift_to_drag` in `state`, the air turning
/// with the Earth: drag against the relative velocity; lift across it, in the vertical plane
/// turned by `bank_rad` about the velocity (positive to the right of the direction of flight).
pub fn aero_acceleration_mps2(
    state: &StateVector,
    density_kg_m3: f64,
    (drag_area_m2, lift_to_drag): (f64, f64),
    mass_kg: f64,
    bank_rad: f64,
) -> Vector3d {
    let v_rel = frames::velocity_relative_to_earth_mps(state);
    let speed = v_rel.norm();
    if speed == 0.0 {
        return Vector3d::zeros();
    }
    let along = v_rel / speed;
    let drag_mps2 = 0.5 * density_kg_m3 * speed * speed * drag_area_m2 / mass_kg;
    let up = position_m(state).normalize();
    let lift_up = (up - along * along.dot(&up)).try_normalize(1e-12).unwrap_or_else(Vector3d::zeros);
    let right = along.cross(&lift_up);
    let lift_direction = lift_up * bank_rad.cos() + right * bank_rad.sin();
    drag_mps2 * (-along + lift_to_drag * lift_direction)
}

impl Parachutes {
    /// Fraction of a canopy's drag area open `since_s` after it was deployed.
    fn filled(&self, since_s: f64) -> f64 {
        (since_s / self.inflation_s).clamp(0.0, 1.0)
    }

    /// The canopies' drag area at `met_s` in `stage`, m².
    pub fn drag_area_m2(&self, stage: DescentStage, met_s: f64) -> f64 {
        match stage {
            DescentStage::Entry => 0.0,
            DescentStage::Drogue { since_met_s } => {
                self.drogue_area_m2 * self.drogue_drag_coefficient * self.filled(met_s - since_met_s)
            }
            DescentStage::Main { since_met_s, .. } => {
                let since_s = met_s - since_met_s;
                let full_m2 = self.main_area_m2 * self.main_drag_coefficient;
                let reefed = full_m2 * self.reefed_fraction * self.filled(since_s);
                let opening = full_m2 * (1.0 - self.reefed_fraction) * self.filled(since_s - self.reefed_s);
                reefed + opening
            }
        }
    }

    /// When the main canopy is fully open, from its deployment, s.
    pub fn main_open_after_s(&self) -> f64 {
        self.reefed_s + self.inflation_s
    }

    /// Vertical speed after the soft-landing motors have fired over the last
    /// `soft_landing_height_m` from `speed_mps`, for a module of `mass_kg`: v² = v0² − 2 (F/m − g) h.
    pub fn touchdown_speed_mps(&self, speed_mps: f64, mass_kg: f64) -> f64 {
        let net_mps2 = self.soft_landing_thrust_n / mass_kg - G0_MPS2;
        (speed_mps * speed_mps - 2.0 * net_mps2 * self.soft_landing_height_m).max(0.0).sqrt()
    }
}

impl ReturnFlight {
    /// The bank the entry flies at `met_s`.
    pub fn bank_rad(&self, met_s: f64) -> f64 {
        match self.entry {
            EntryMode::Guided { bank_rad } => bank_rad,
            EntryMode::Ballistic { roll_radps } => roll_radps * (met_s - self.undocking_met_s),
        }
    }

    /// The drag area and lift-to-drag ratio of the module and its canopies at `met_s`: the
    /// module hangs under a canopy and gives no lift then.
    pub fn aerodynamics(&self, stage: DescentStage, met_s: f64) -> (f64, f64) {
        let module_m2 = self.module.drag_coefficient * self.module.reference_area_m2;
        let canopies_m2 = self.parachutes.drag_area_m2(stage, met_s);
        let lift_to_drag = if canopies_m2 > 0.0 { 0.0 } else { self.module.lift_to_drag };
        (module_m2 + canopies_m2, lift_to_drag)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::state_from;

    #[test]
    fn sutton_graves_gives_the_published_order_of_a_soyuz_entry() {
        // 7 km/s at 70 km (ρ ≈ 8.3e-5 kg/m³), a 2.2 m shield of about 2.3 m nose radius:
        // a few hundred kW/m², the order of the Apollo/Soyuz stagnation fluxes (Tauber 1989).
        let q = stagnation_heat_flux_w_m2(8.3e-5, 2.3, 7000.0);
        assert!((2e5..2e6).contains(&q), "{q} W/m²");
        // Cubic in speed, square root in density.
        let ratio = stagnation_heat_flux_w_m2(4.0 * 8.3e-5, 2.3, 14000.0) / q;
        assert!((ratio - 16.0).abs() < 1e-9, "{ratio}");
    }

    #[test]
    fn lift_is_up_at_zero_bank_and_to_the_right_at_ninety() {
        // Flying east (+y) over the equator at +x, no Earth rotation in the way: the relative
        // velocity is the inertial one less ω × r, still along +y.
        let state = state_from(Vector3d::new(6.5e6, 0.0, 0.0), Vector3d::new(0.0, 7000.0, 0.0));
        let level = aero_acceleration_mps2(&state, 1e-4, (5.0, 0.25), 3000.0, 0.0);
        let v_rel = frames::velocity_relative_to_earth_mps(&state);
        let drag = 0.5 * 1e-4 * v_rel.norm_squared() * 5.0 / 3000.0;
        assert!((level.y + drag).abs() < 1e-9 && (level.x - 0.25 * drag).abs() < 1e-9, "{level}");
        // Banked 90 deg to the right of eastward flight at the equator: the lift points south.
        let banked = aero_acceleration_mps2(&state, 1e-4, (5.0, 0.25), 3000.0, std::f64::consts::FRAC_PI_2);
        assert!(banked.x.abs() < 1e-9 && (banked.z + 0.25 * drag).abs() < 1e-9, "{banked}");
    }

    #[test]
    fn a_schedule_burns_each_burn_when_due_until_its_speed_change_is_given() {
        let engine = EngineSpec { thrust_n: 1000.0, isp_s: 300.0 };
        let burn = |start_met_s, dv_mps| TimedBurn {
            start_met_s,
            engine_name: "test".into(),
            engine,
            dv_mps,
            direction: BurnDirection::Prograde,
        };
        let mut schedule = BurnSchedule::new(vec![burn(10.0, 0.25), burn(20.0, 0.1)], 100.0);
        let state = state_from(Vector3d::new(6.8e6, 0.0, 0.0), Vector3d::new(0.0, 7660.0, 0.0));
        let (mut given_mps, mut met_s) = (0.0, 0.0);
        let mut log = Vec::new();
        while met_s < 30.0 {
            let s = schedule.step(met_s, 1.0, &state, 1000.0);
            given_mps += s.step.delta_v_mps;
            assert!(s.step.acceleration_mps2.x.abs() < 1e-12 && s.step.acceleration_mps2.y >= 0.0);
            log.extend(s.started.map(|b| ("start", b, met_s)));
            log.extend(s.ended.map(|b| ("end", b, met_s)));
            met_s += 1.0;
        }
        // 1 m/s² for a quarter of a second, then a tenth.
        assert_eq!(log, [("start", 0, 10.0), ("end", 0, 10.0), ("start", 1, 20.0), ("end", 1, 20.0)]);
        assert!((given_mps - 0.35).abs() < 1e-12 && schedule.done(), "{given_mps}");
        assert!(schedule.propellant_kg < 100.0);
    }

    #[test]
    fn a_canopy_fills_reefed_then_opens() {
        let chutes = Parachutes {
            command_altitude_m: 10_800.0,
            drogue_area_m2: 28.0,
            drogue_drag_coefficient: 0.5,
            drogue_s: 16.0,
            main_area_m2: 1000.0,
            main_drag_coefficient: 0.9,
            reefed_fraction: 0.1,
            reefed_s: 6.0,
            inflation_s: 2.0,
            heat_shield_after_s: 15.0,
            soft_landing_height_m: 0.8,
            soft_landing_thrust_n: 112_000.0,
            ground_altitude_m: 0.0,
        };
        let main = DescentStage::Main { since_met_s: 100.0, heat_shield_on: true };
        assert_eq!(chutes.drag_area_m2(main, 100.0), 0.0);
        assert!((chutes.drag_area_m2(main, 102.0) - 90.0).abs() < 1e-9);
        assert!((chutes.drag_area_m2(main, 106.0) - 90.0).abs() < 1e-9);
        assert!((chutes.drag_area_m2(main, 107.0) - 495.0).abs() < 1e-9);
        assert!((chutes.drag_area_m2(main, 200.0) - 900.0).abs() < 1e-9);
        // 112 kN on 2,750 kg over 0.8 m: 7.2 m/s becomes about 1.5 (v² = 7.2² − 2·30.9·0.8).
        let touchdown = chutes.touchdown_speed_mps(7.2, 2750.0);
        assert!((touchdown - 1.54).abs() < 0.01, "{touchdown}");
        // Falling slower than the motors can stop: it settles at rest.
        assert_eq!(chutes.touchdown_speed_mps(2.0, 2750.0), 0.0);
    }
}
