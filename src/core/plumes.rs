//! The Soyuz-2.1a's exhaust plumes, for the pictures: which engines burn at an instant of the
//! ascent, where their plumes leave the stack, and how they widen as the air thins.
//!
//! A nozzle's exhaust leaves at its exit pressure. Near the ground the air around it is denser
//! and squeezes the jet to about the nozzle's width; higher up the jet is under-expanded and
//! spreads until its pressure meets the ambient one, so its boundary grows roughly as the
//! square root of the pressure ratio (a momentum-matched jet; Sutton & Biblarz, *Rocket
//! Propulsion Elements*, 9th ed., §3.3 on under-expansion), and in near-vacuum it fans out
//! wide and faint. The figures below are ours (L): the exit pressures of the RD-107A, RD-108A
//! and RD-0110 are not published.

use super::Vector3d;
use super::geometry::{self, ModelId, StackPiece};
use super::launcher::{Launcher, Piece};

/// Sea-level pressure, Pa (US Standard Atmosphere 1976).
const SEA_LEVEL_PA: f64 = 101_325.0;
/// Scale height of the lower atmosphere, m (isothermal approximation, US Standard
/// Atmosphere 1976, about 7.2 km below 50 km) L.
const SCALE_HEIGHT_M: f64 = 7_200.0;
/// The engines' exit pressure, Pa (L: about half an atmosphere, as for kerosene first stages).
const EXIT_PA: f64 = 50_000.0;
/// The widest a plume's end gets, in exit radii (L: what the flight films show near cutoff).
const MAX_SPREAD: f64 = 6.0;
/// A plume's visible length near the ground, in exit diameters (L: the flame of lift-off).
const SEA_LEVEL_LENGTH_DIAMETERS: f64 = 8.0;

/// Ambient pressure at `altitude_m`, Pa: p₀ exp(−h/H), the isothermal barometric formula.
pub fn ambient_pressure_pa(altitude_m: f64) -> f64 {
    SEA_LEVEL_PA * (-altitude_m.max(0.0) / SCALE_HEIGHT_M).exp()
}

/// How much wider than its nozzle a plume ends, at `altitude_m`: √(p_exit / p_ambient), at
/// least 1.2 (the jet always spreads a little), at most [`MAX_SPREAD`].
pub fn plume_spread(altitude_m: f64) -> f64 {
    (EXIT_PA / ambient_pressure_pa(altitude_m)).sqrt().clamp(1.2, MAX_SPREAD)
}

/// An engine's plume: where it leaves the stack (launcher frame: x up from the pad, m), the
/// nozzle cluster's radius, and the plume's length and radius at its end, m.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Plume {
    /// The piece whose engines these are (the plume goes when it does).
    pub piece: StackPiece,
    pub exit_m: Vector3d,
    pub exit_radius_m: f64,
    pub length_m: f64,
    pub end_radius_m: f64,
}

/// Where the stack's engines are (the part lists' bases, `core::geometry`): each booster's
/// four nozzles under its place round the core; the core's RD-108A on the axis; the third
/// stage's RD-0110 at its base. Radii of the nozzle clusters, m (ours, from
/// the stages' base diameters, L).
const BOOSTER_EXIT_RADIUS_M: f64 = 0.9;
const CORE_EXIT_RADIUS_M: f64 = 0.85;
const THIRD_EXIT_RADIUS_M: f64 = 0.8;

/// Engines a Soyuz-2.1a can burn at once, each a plume slot: four boosters, the core, the
/// third stage.
pub const ENGINES: usize = 6;

/// The plumes of the engines burning on `ascent` at mission time `met_s` and `altitude_m`, by
/// slot (the boosters 0 to 3, the core 4, the third stage 5): the boosters and the core from
/// lift-off (T-0; the ignition a few seconds before, at partial thrust, is left out) while
/// attached, the third stage from the core's separation to its cutoff (it lights a moment
/// before, through the lattice: left out); none once the spacecraft has separated or the
/// stack is down.
pub fn plumes(ascent: &Launcher, met_s: f64, altitude_m: f64) -> [Option<Plume>; ENGINES] {
    let mut burning = [None; ENGINES];
    if met_s < 0.0 || !ascent.is_flying() {
        return burning;
    }
    let spread = plume_spread(altitude_m);
    let plume = |piece, exit_m: Vector3d, exit_radius_m: f64| {
        Some(Plume {
            piece,
            exit_m,
            exit_radius_m,
            length_m: SEA_LEVEL_LENGTH_DIAMETERS * 2.0 * exit_radius_m * spread.sqrt(),
            end_radius_m: exit_radius_m * spread,
        })
    };
    if ascent.has(Piece::Boosters) {
        for (k, slot) in burning.iter_mut().take(4).enumerate() {
            // Under the booster's place round the core, at the pad's height.
            let (place_m, _) = geometry::place_in_stack(ModelId::Booster, k as u32);
            *slot = plume(StackPiece::Boosters, Vector3d::new(0.0, place_m.y, place_m.z), BOOSTER_EXIT_RADIUS_M);
        }
    }
    if ascent.has(Piece::Core) {
        burning[4] = plume(StackPiece::Core, Vector3d::zeros(), CORE_EXIT_RADIUS_M);
    } else if ascent.third_cutoff_met_s().is_none() {
        burning[5] =
            plume(StackPiece::ThirdStage, Vector3d::new(geometry::THIRD_STAGE_BASE_X_M, 0.0, 0.0), THIRD_EXIT_RADIUS_M);
    }
    burning
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_air_thins_by_e_every_scale_height_and_the_plume_spreads() {
        assert_eq!(ambient_pressure_pa(0.0), SEA_LEVEL_PA);
        assert!((ambient_pressure_pa(SCALE_HEIGHT_M) / SEA_LEVEL_PA - (-1.0_f64).exp()).abs() < 1e-12);
        // Near the ground the exit pressure is under the ambient: the floor.
        assert_eq!(plume_spread(0.0), 1.2);
        // At 20 km: sqrt(50 / 6.2 kPa) = 2.8 exit radii.
        let at_20_km = plume_spread(20_000.0);
        assert!((at_20_km - (EXIT_PA / (SEA_LEVEL_PA * (-20_000.0_f64 / SCALE_HEIGHT_M).exp())).sqrt()).abs() < 1e-12);
        assert!((2.7..2.9).contains(&at_20_km), "{at_20_km}");
        // Wider as it climbs, and capped in near-vacuum.
        assert!(plume_spread(40_000.0) > at_20_km);
        assert_eq!(plume_spread(150_000.0), MAX_SPREAD);
        assert_eq!(plume_spread(f64::INFINITY), MAX_SPREAD);
    }
}
