//! The Soyuz-2.1a as the scenario gives it: each stage's thrust, flow and size, the pieces
//! that spring off, and the ascent guidance's figures.

use crate::core::attitude::Inertia;
use crate::core::forces::DragProperties;
use serde::Deserialize;
use std::f64::consts::PI;

/// Standard gravity, for Isp in seconds (CGPM 1901).
pub const G0_MPS2: f64 = 9.806_65;
/// Scale height of an isothermal atmosphere for nozzle back-pressure (US Std. Atmosphere 1976,
/// near-surface value).
const PRESSURE_SCALE_HEIGHT_M: f64 = 7_200.0;

/// Fraction of sea-level pressure at an altitude (isothermal approximation).
pub fn pressure_ratio(altitude_m: f64) -> f64 {
    (-altitude_m.max(0.0) / PRESSURE_SCALE_HEIGHT_M).exp()
}

/// One stage: `count` identical units burning together (four boosters, or one).
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct StageSpec {
    pub name: String,
    pub count: u32,
    pub dry_mass_kg: f64,
    /// Length of one unit, m (its inertia when spent).
    pub length_m: f64,
    pub propellant_kg: f64,
    pub thrust_sea_level_n: f64,
    pub thrust_vacuum_n: f64,
    pub isp_vacuum_s: f64,
    pub drag_coefficient: f64,
    pub reference_area_m2: f64,
}

impl StageSpec {
    /// Mass flow of all units, from the vacuum figures: ṁ = F_vac / (Isp_vac g0).
    pub fn mass_flow_kg_s(&self) -> f64 {
        f64::from(self.count) * self.thrust_vacuum_n / (self.isp_vacuum_s * G0_MPS2)
    }

    /// Thrust of all units at a back-pressure: F = F_vac − (F_vac − F_sl)·p/p0 (Sutton, *Rocket
    /// Propulsion Elements*, eq. 3-35 with the exit area folded into the sea-level figure).
    pub fn thrust_n(&self, pressure_ratio: f64) -> f64 {
        f64::from(self.count)
            * (self.thrust_vacuum_n - (self.thrust_vacuum_n - self.thrust_sea_level_n) * pressure_ratio)
    }

    pub fn drag(&self) -> DragProperties {
        DragProperties { drag_coefficient: self.drag_coefficient, reference_area_m2: self.reference_area_m2 }
    }

    /// One spent unit as a solid cylinder of its dry mass, its length and the diameter of its
    /// reference area.
    pub fn spent_inertia(&self) -> Inertia {
        Inertia::solid_cylinder_along_x(self.dry_mass_kg, self.length_m, (self.reference_area_m2 / PI).sqrt())
    }
}

/// A piece of `mass_kg` and `(length, diameter)` as a solid cylinder.
pub(super) fn cylinder(mass_kg: f64, (length_m, diameter_m): (f64, f64)) -> Inertia {
    Inertia::solid_cylinder_along_x(mass_kg, length_m, 0.5 * diameter_m)
}

/// The ascent's steering and target orbit.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct GuidanceSpec {
    /// Vertical rise before the pitch-over, s.
    pub vertical_rise_s: f64,
    /// End of the pitch-over manoeuvre, s, and the angle from vertical reached by then; after it
    /// the first two stages fly a gravity turn along the air-relative velocity.
    pub pitch_over_end_s: f64,
    pub pitch_over_deg: f64,
    pub target_perigee_km: f64,
    pub target_apogee_km: f64,
    /// Natural frequency of the attitude loop that turns the stack onto the guidance's thrust
    /// direction, rad/s.
    pub steering_bandwidth_radps: f64,
    /// Steering torque per newton of thrust, N·m/N: the engines' lever arm about the centre of
    /// mass times the sine of their largest deflection.
    pub steering_lever_m: f64,
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct LauncherSpec {
    pub boosters: StageSpec,
    pub core: StageSpec,
    pub third: StageSpec,
    pub escape_tower_kg: f64,
    pub fairing_kg: f64,
    /// Length and diameter of the pieces that spring off, m (their inertia as cylinders).
    pub escape_tower_size_m: (f64, f64),
    pub fairing_size_m: (f64, f64),
    pub aft_skirt_size_m: (f64, f64),
    pub aft_skirt_kg: f64,
    pub escape_tower_jettison_s: f64,
    pub fairing_jettison_s: f64,
    pub aft_skirt_jettison_s: f64,
    /// From third-stage cutoff to spacecraft separation, s.
    pub separation_delay_s: f64,
    pub guidance: GuidanceSpec,
    /// The keys the pieces it drops fly under as bodies of their own.
    pub piece_keys: PieceKeys,
}

/// The keys of the pieces a launcher drops (a booster's has its number appended, from 1).
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PieceKeys {
    pub booster: String,
    pub core: String,
    pub third: String,
    pub escape_tower: String,
    pub fairing: String,
    pub aft_skirt: String,
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The launcher section of the shipped scenario, read with its comments taken out.
    pub(crate) fn ms19_launcher() -> LauncherSpec {
        let config: String = include_str!("../../../config/ms19.ron")
            .lines()
            .map(|line| line.split("//").next().unwrap_or(""))
            .collect::<Vec<_>>()
            .join("\n");
        let start = config.find("launcher: (").unwrap() + "launcher: ".len();
        let mut depth = 0;
        let length = config[start..]
            .char_indices()
            .find(|&(_, c)| {
                depth += match c {
                    '(' => 1,
                    ')' => -1,
                    _ => 0,
                };
                depth == 0
            })
            .unwrap()
            .0;
        ron::from_str(&config[start..=start + length]).unwrap()
    }

    #[test]
    fn a_stage_flows_at_its_vacuum_figures_and_thrusts_between_sea_level_and_vacuum() {
        let boosters = ms19_launcher().boosters;
        let flow = boosters.mass_flow_kg_s();
        assert!((flow - 4.0 * 1_021_000.0 / (319.0 * G0_MPS2)).abs() < 1e-9, "{flow}");
        assert!((boosters.thrust_n(1.0) - 4.0 * 838_500.0).abs() < 1e-6);
        assert!((boosters.thrust_n(pressure_ratio(1e6)) - 4.0 * 1_021_000.0).abs() < 1e-3);
    }
}
