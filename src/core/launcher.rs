//! The Soyuz-2.1a as staged vehicles, and its ascent: thrust and mass flow of each stage,
//! staging by burnout and by the flight plan, an open-loop pitch program for the first two
//! stages and closed-loop explicit guidance for the third (radial, cross-range and speed
//! brought to their insertion values together).

use super::attitude::Inertia;
use super::earth::MU_M3_S2;
use super::events::{EventKind, Figure, Figures};
use super::forces::DragProperties;
use super::geometry::ModelId;
use super::{StateVector, Vector3d, position_m, velocity_mps};
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
fn cylinder(mass_kg: f64, (length_m, diameter_m): (f64, f64)) -> Inertia {
    Inertia::solid_cylinder_along_x(mass_kg, length_m, 0.5 * diameter_m)
}

/// Tip-off rates at separation, body axes (derived from flight video, where the boosters' tops
/// swing out in the Korolev cross within about a second, and the other pieces turn slowly) L.
const BOOSTER_TIP_OFF_RADPS: f64 = 0.05;
const PIECE_TIP_OFF_RADPS: f64 = 0.01;

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
}

/// Time constant of the first two stages' yaw steering into the target plane, s.
const YAW_TIME_CONSTANT_S: f64 = 100.0;
/// Largest share of the thrust acceleration the yaw steering may take.
const MAX_YAW_FRACTION: f64 = 0.15;

/// A piece that leaves the stack: it becomes a body of its own.
#[derive(Clone, Debug, PartialEq)]
pub struct Jettisoned {
    pub name: String,
    pub model: ModelId,
    pub mass_kg: f64,
    pub drag: DragProperties,
    pub inertia: Inertia,
    /// Spin it leaves with, body axes (x along the stack), rad/s.
    pub tip_off_rate_body_radps: Vector3d,
    /// Speed added away from the stack (springs, pushers), m/s, along `direction`.
    pub separation_speed_mps: f64,
    pub direction: Vector3d,
}

/// An event of the ascent for the log.
#[derive(Clone, Debug, PartialEq)]
pub struct Happened {
    pub kind: EventKind,
    /// What its text shows (see [`EventKind::figures`]).
    pub figures: Figures,
}

/// Something the ascent did in a step, for the timeline and the mission's bodies.
#[derive(Clone, Debug, PartialEq)]
pub enum AscentEvent {
    Named(Happened),
    /// A piece leaves; `happened` when that is an event of the flight (one booster of four is not).
    Jettison {
        happened: Option<Happened>,
        piece: Jettisoned,
    },
    /// The spacecraft flies free; the spent third stage goes its own way.
    SpacecraftSeparated {
        third_stage: Jettisoned,
        peak_axial_mps2: f64,
    },
}

/// The stack in flight.
#[derive(Clone, Debug, PartialEq)]
pub struct Ascent {
    pub spec: LauncherSpec,
    pub payload_kg: f64,
    /// Unit normal of the target orbit plane (inertial).
    pub target_plane_normal: Vector3d,
    pub booster_propellant_kg: f64,
    pub core_propellant_kg: f64,
    pub third_propellant_kg: f64,
    pub boosters_attached: bool,
    pub core_attached: bool,
    pub tower_attached: bool,
    pub fairing_attached: bool,
    pub aft_skirt_attached: bool,
    pub third_cutoff_s: Option<f64>,
    pub separated: bool,
    /// The stack came down before separation: the flight is over.
    pub crashed: bool,
    /// Largest thrust acceleration seen, m/s².
    pub max_axial_acceleration_mps2: f64,
    /// Last steering direction (held through the final seconds of guidance).
    steering: Vector3d,
}

/// Specific orbital energy of an orbit with these perigee and apogee radii.
fn energy_for(perigee_radius_m: f64, apogee_radius_m: f64) -> f64 {
    -MU_M3_S2 / (perigee_radius_m + apogee_radius_m)
}

impl Ascent {
    pub fn new(spec: LauncherSpec, payload_kg: f64, target_plane_normal: Vector3d) -> Self {
        Self {
            booster_propellant_kg: spec.boosters.propellant_kg * f64::from(spec.boosters.count),
            core_propellant_kg: spec.core.propellant_kg,
            third_propellant_kg: spec.third.propellant_kg,
            spec,
            payload_kg,
            target_plane_normal: target_plane_normal.normalize(),
            boosters_attached: true,
            core_attached: true,
            tower_attached: true,
            fairing_attached: true,
            aft_skirt_attached: true,
            third_cutoff_s: None,
            separated: false,
            crashed: false,
            max_axial_acceleration_mps2: 0.0,
            steering: Vector3d::zeros(),
        }
    }

    /// The last thrust direction the guidance chose (zero before lift-off).
    pub fn steering(&self) -> Vector3d {
        self.steering
    }

    /// The stack as a solid cylinder of its mass: the attached stages end to end, the fairing's
    /// length standing for the payload section (it encloses the spacecraft, about as long once
    /// it has gone), the core's diameter.
    pub fn inertia(&self) -> Inertia {
        let s = &self.spec;
        let length_m = if self.core_attached { s.core.length_m } else { 0.0 } + s.third.length_m + s.fairing_size_m.0;
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
        if self.boosters_attached {
            m += f64::from(s.boosters.count) * s.boosters.dry_mass_kg + self.booster_propellant_kg;
        }
        if self.core_attached {
            m += s.core.dry_mass_kg + self.core_propellant_kg;
        }
        for (attached, kg) in [
            (self.tower_attached, s.escape_tower_kg),
            (self.fairing_attached, s.fairing_kg),
            (self.aft_skirt_attached, s.aft_skirt_kg),
        ] {
            if attached {
                m += kg;
            }
        }
        m
    }

    /// Stages burning now.
    fn burning(&self) -> impl Iterator<Item = &StageSpec> {
        let s = &self.spec;
        [
            (self.boosters_attached && self.booster_propellant_kg > 0.0, &s.boosters),
            (self.core_attached && self.core_propellant_kg > 0.0, &s.core),
            (!self.core_attached && self.third_cutoff_s.is_none() && self.third_propellant_kg > 0.0, &s.third),
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
        !self.separated && !self.crashed
    }

    pub fn drag(&self) -> DragProperties {
        let s = &self.spec;
        if self.boosters_attached {
            // The cross of four boosters around the core.
            DragProperties {
                drag_coefficient: s.core.drag_coefficient,
                reference_area_m2: s.core.reference_area_m2
                    + s.boosters.reference_area_m2 * f64::from(s.boosters.count),
            }
        } else if self.core_attached {
            s.core.drag()
        } else {
            s.third.drag()
        }
    }

    /// Unit thrust direction for the current phase (inertial).
    pub fn steering_direction(&mut self, met_s: f64, state: &StateVector, thrust_accel_mps2: f64) -> Vector3d {
        let g = &self.spec.guidance;
        let r = position_m(state);
        let up = r.normalize();
        let n = self.target_plane_normal;
        let downrange = n.cross(&up).normalize();
        let direction = if met_s < g.vertical_rise_s {
            up
        } else if self.core_attached {
            // Pitch: over by a fixed program, then a gravity turn (thrust along the air-relative
            // flight-path angle, no angle of attack in pitch). Yaw: drive the cross-plane
            // velocity and position to zero while the speed is low and turning is cheap.
            let pitch_from_vertical = if met_s < g.pitch_over_end_s {
                g.pitch_over_deg.to_radians() * (met_s - g.vertical_rise_s) / (g.pitch_over_end_s - g.vertical_rise_s)
            } else {
                let v_rel = super::frames::velocity_relative_to_earth_mps(state);
                (v_rel.dot(&up) / v_rel.norm().max(1.0)).clamp(-1.0, 1.0).acos()
            };
            let in_plane = up * pitch_from_vertical.cos() + downrange * pitch_from_vertical.sin();
            let (v_cross, r_cross) = (velocity_mps(state).dot(&n), r.dot(&n));
            let tau = YAW_TIME_CONSTANT_S;
            let limit = MAX_YAW_FRACTION * thrust_accel_mps2;
            let a_cross = (-2.0 * v_cross / tau - r_cross / (tau * tau)).clamp(-limit, limit);
            (in_plane * thrust_accel_mps2 + n * a_cross).normalize()
        } else {
            self.explicit_guidance(state, thrust_accel_mps2)
        };
        self.steering = direction;
        direction
    }

    /// Explicit guidance for the third stage: over the time to go, a linearly varying
    /// acceleration in each of the radial and cross-range channels meets the insertion radius
    /// with zero radial and cross-range velocity; the rest of the thrust goes downrange
    /// (the structure of Apollo/Shuttle explicit guidance, Battin §9, simplified to a flat
    /// local frame over the burn).
    fn explicit_guidance(&self, state: &StateVector, thrust_accel_mps2: f64) -> Vector3d {
        let (r, v) = (position_m(state), velocity_mps(state));
        let r_norm = r.norm();
        let up = r / r_norm;
        let n = self.target_plane_normal;
        let downrange = n.cross(&up).normalize();
        let target_r = self.target_perigee_radius_m();
        let target_speed = self.target_insertion_speed_mps();
        let (v_up, v_cross, v_down) = (v.dot(&up), v.dot(&n), v.dot(&downrange));
        let cross_position = r.dot(&n);
        let dv_to_go = ((target_speed - v_down).powi(2) + v_up.powi(2) + v_cross.powi(2)).sqrt();
        let flow = self.spec.third.mass_flow_kg_s();
        let exhaust = self.spec.third.isp_vacuum_s * G0_MPS2;
        let m = self.mass_kg();
        let t_go = (m / flow * (1.0 - (-dv_to_go / exhaust).exp())).max(0.0);
        if t_go < 8.0 && self.steering.norm() > 0.5 {
            // Too close to cutoff to steer: the gains grow as 1/t_go.
            return self.steering;
        }
        // a0 = 6(x_t − x − ẋT)/T² − 2(ẋ_t − ẋ)/T for a linear acceleration profile meeting x_t
        // with ẋ_t = 0 after T.
        let required = |x: f64, x_dot: f64, x_target: f64| {
            6.0 * (x_target - x - x_dot * t_go) / (t_go * t_go) + 2.0 * x_dot / t_go
        };
        let gravity_less_centrifugal = MU_M3_S2 / (r_norm * r_norm) - (v_down * v_down + v_cross * v_cross) / r_norm;
        let a_up = required(r_norm, v_up, target_r) + gravity_less_centrifugal;
        let a_cross = required(cross_position, v_cross, 0.0);
        let limit = 0.9 * thrust_accel_mps2;
        let a_up = a_up.clamp(-limit, limit);
        let a_cross = a_cross.clamp(-limit, limit);
        let a_down = (thrust_accel_mps2 * thrust_accel_mps2 - a_up * a_up - a_cross * a_cross).max(0.0).sqrt();
        (up * a_up + n * a_cross + downrange * a_down).normalize()
    }

    pub fn target_perigee_radius_m(&self) -> f64 {
        super::earth::EQUATORIAL_RADIUS_M + self.spec.guidance.target_perigee_km * 1000.0
    }

    pub fn target_apogee_radius_m(&self) -> f64 {
        super::earth::EQUATORIAL_RADIUS_M + self.spec.guidance.target_apogee_km * 1000.0
    }

    /// Speed at perigee of the target orbit (vis-viva).
    pub fn target_insertion_speed_mps(&self) -> f64 {
        let rp = self.target_perigee_radius_m();
        let a = 0.5 * (rp + self.target_apogee_radius_m());
        (MU_M3_S2 * (2.0 / rp - 1.0 / a)).sqrt()
    }

    pub fn target_energy_m2_s2(&self) -> f64 {
        energy_for(self.target_perigee_radius_m(), self.target_apogee_radius_m())
    }

    /// Burns propellant for `dt_s` at the current flow; returns the events this caused
    /// (burnouts and the staging they trigger).
    pub fn burn(&mut self, dt_s: f64, met_s: f64, state: &StateVector) -> Vec<AscentEvent> {
        let s = &self.spec;
        let mut events = Vec::new();
        if self.boosters_attached && self.booster_propellant_kg > 0.0 {
            self.booster_propellant_kg = (self.booster_propellant_kg - s.boosters.mass_flow_kg_s() * dt_s).max(0.0);
        }
        if self.core_attached && self.core_propellant_kg > 0.0 {
            self.core_propellant_kg = (self.core_propellant_kg - s.core.mass_flow_kg_s() * dt_s).max(0.0);
        } else if !self.core_attached && self.third_cutoff_s.is_none() {
            self.third_propellant_kg = (self.third_propellant_kg - s.third.mass_flow_kg_s() * dt_s).max(0.0);
        }
        let up = position_m(state).normalize();
        let along = velocity_mps(state).normalize();
        let outward = along.cross(&up).cross(&along).normalize();
        if self.boosters_attached && self.booster_propellant_kg <= 0.0 {
            self.boosters_attached = false;
            events.push(AscentEvent::Named(Happened {
                kind: EventKind::BoosterSeparation,
                figures: vec![("stage", Figure::Text(s.boosters.name.clone()))],
            }));
            for k in 0..s.boosters.count {
                let angle = f64::from(k) * std::f64::consts::TAU / f64::from(s.boosters.count);
                let side = along.cross(&outward).normalize();
                events.push(AscentEvent::Jettison {
                    happened: None,
                    piece: Jettisoned {
                        name: format!("booster-{}", k + 1),
                        model: ModelId::Booster,
                        mass_kg: s.boosters.dry_mass_kg,
                        drag: s.boosters.drag(),
                        inertia: s.boosters.spent_inertia(),
                        // Tops outward: each turns about its own axis across the stack.
                        tip_off_rate_body_radps: Vector3d::new(0.0, angle.sin(), -angle.cos()) * BOOSTER_TIP_OFF_RADPS,
                        separation_speed_mps: 3.0,
                        direction: outward * angle.cos() + side * angle.sin(),
                    },
                });
            }
        }
        if self.core_attached && self.core_propellant_kg <= 0.0 {
            self.core_attached = false;
            events.push(AscentEvent::Jettison {
                happened: Some(Happened {
                    kind: EventKind::CoreSeparation,
                    figures: vec![
                        ("stage", Figure::Text(s.core.name.clone())),
                        ("next_stage", Figure::Text(s.third.name.clone())),
                    ],
                }),
                piece: Jettisoned {
                    name: "core".into(),
                    model: ModelId::CoreStage,
                    mass_kg: s.core.dry_mass_kg,
                    drag: s.core.drag(),
                    inertia: s.core.spent_inertia(),
                    tip_off_rate_body_radps: Vector3d::new(0.0, PIECE_TIP_OFF_RADPS, 0.0),
                    separation_speed_mps: 1.0,
                    direction: -along,
                },
            });
        }
        // The tower's motor carries it ahead; the fairing halves and the skirt spring aside.
        for (attached, at, kind, piece_name, model, kg, size_m, speed_mps, direction) in [
            (
                &mut self.tower_attached,
                s.escape_tower_jettison_s,
                EventKind::EscapeTowerJettison,
                "escape-tower",
                ModelId::EscapeTower,
                s.escape_tower_kg,
                s.escape_tower_size_m,
                30.0,
                along,
            ),
            (
                &mut self.fairing_attached,
                s.fairing_jettison_s,
                EventKind::FairingJettison,
                "fairing",
                ModelId::Fairing,
                s.fairing_kg,
                s.fairing_size_m,
                3.0,
                outward,
            ),
            (
                &mut self.aft_skirt_attached,
                s.aft_skirt_jettison_s,
                EventKind::AftSkirtJettison,
                "aft-skirt",
                ModelId::AftSkirt,
                s.aft_skirt_kg,
                s.aft_skirt_size_m,
                3.0,
                outward,
            ),
        ] {
            if *attached && met_s >= at {
                *attached = false;
                events.push(AscentEvent::Jettison {
                    happened: Some(Happened { kind, figures: Vec::new() }),
                    piece: Jettisoned {
                        name: piece_name.into(),
                        model,
                        mass_kg: kg,
                        drag: DragProperties { drag_coefficient: 1.5, reference_area_m2: 8.0 },
                        inertia: cylinder(kg, size_m),
                        tip_off_rate_body_radps: Vector3d::new(0.0, PIECE_TIP_OFF_RADPS, 0.0),
                        separation_speed_mps: speed_mps,
                        direction,
                    },
                });
            }
        }
        events
    }

    /// Checks for third-stage cutoff at the target energy; returns the fraction of `dt_s` to
    /// burn before it.
    pub fn cutoff_fraction(&self, state: &StateVector, thrust_accel_mps2: f64, dt_s: f64) -> f64 {
        if self.core_attached || self.third_cutoff_s.is_some() {
            return 1.0;
        }
        let (r, v) = (position_m(state), velocity_mps(state));
        let energy = 0.5 * v.norm_squared() - MU_M3_S2 / r.norm();
        let rate = v.norm() * thrust_accel_mps2;
        let remaining = self.target_energy_m2_s2() - energy;
        if remaining <= 0.0 { 0.0 } else { (remaining / (rate * dt_s)).min(1.0) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::earth::EQUATORIAL_RADIUS_M;
    use crate::core::state_from;

    /// The launcher section of the shipped scenario, read with its comments taken out.
    fn ms19_launcher() -> LauncherSpec {
        let config: String = include_str!("../../config/ms19.ron")
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

    /// On the equator at `altitude_m`, climbing at `up_mps` and moving east (+y) at
    /// `along_mps`, aiming for the equatorial plane (normal +z): downrange is +y.
    fn stack_at(altitude_m: f64, up_mps: f64, along_mps: f64) -> (Ascent, StateVector) {
        let ascent = Ascent::new(ms19_launcher(), 7152.0, Vector3d::z());
        let r = Vector3d::new(EQUATORIAL_RADIUS_M + altitude_m, 0.0, 0.0);
        (ascent, state_from(r, Vector3d::new(up_mps, along_mps, 0.0)))
    }

    #[test]
    fn the_stack_rises_vertically_then_pitches_over_by_its_programme() {
        let (mut ascent, state) = stack_at(100.0, 20.0, 465.0);
        let g = ascent.spec.guidance.clone();
        let up = Vector3d::x();
        let rising = ascent.steering_direction(0.5 * g.vertical_rise_s, &state, 12.0);
        assert!((rising - up).norm() < 1e-12, "{rising}");
        // In the plane and on it, nothing to steer in yaw: the pitch programme alone.
        let pitched = ascent.steering_direction(g.pitch_over_end_s - 1e-9, &state, 12.0);
        assert!((pitched.angle(&up).to_degrees() - g.pitch_over_deg).abs() < 1e-6, "{pitched}");
        assert!(pitched.y > 0.0 && pitched.z.abs() < 1e-12, "downrange, in the plane: {pitched}");
        assert_eq!(ascent.steering(), pitched);
    }

    #[test]
    fn off_the_target_plane_the_first_stages_steer_back_within_their_yaw_limit() {
        let (mut ascent, state) = stack_at(20_000.0, 600.0, 900.0);
        let off_plane =
            state_from(crate::core::position_m(&state), crate::core::velocity_mps(&state) + Vector3d::z() * 50.0);
        let direction = ascent.steering_direction(100.0, &off_plane, 20.0);
        assert!(direction.z < 0.0, "against the cross-plane velocity: {direction}");
        assert!(direction.z.abs() <= MAX_YAW_FRACTION + 1e-12, "{direction}");
    }

    #[test]
    fn the_third_stage_cuts_off_on_the_target_energy() {
        let (mut ascent, _) = stack_at(0.0, 0.0, 0.0);
        ascent.boosters_attached = false;
        ascent.core_attached = false;
        let r = ascent.target_perigee_radius_m();
        let v_target = ascent.target_insertion_speed_mps();
        let energy = |v: f64| 0.5 * v * v - MU_M3_S2 / r;
        // 2 m/s short at 8 m/s²: a quarter of a one-second substep is left to burn, in the
        // energy's first order (v·a per second).
        let v = v_target - 2.0;
        let state = state_from(Vector3d::new(r, 0.0, 0.0), Vector3d::new(0.0, v, 0.0));
        let fraction = ascent.cutoff_fraction(&state, 8.0, 1.0);
        assert!((energy(v) + v * 8.0 * fraction - ascent.target_energy_m2_s2()).abs() < 1e-6, "{fraction}");
        assert!((fraction - 0.25).abs() < 1e-3, "{fraction}");
        let past = state_from(Vector3d::new(r, 0.0, 0.0), Vector3d::new(0.0, v_target + 0.1, 0.0));
        assert_eq!(ascent.cutoff_fraction(&past, 8.0, 1.0), 0.0);
        // The first two stages never cut off on energy.
        ascent.core_attached = true;
        assert_eq!(ascent.cutoff_fraction(&past, 8.0, 1.0), 1.0);
    }

    #[test]
    fn burning_spends_each_stages_flow_and_the_boosters_drop_at_burnout() {
        let (mut ascent, state) = stack_at(40_000.0, 900.0, 1200.0);
        let s = ascent.spec.clone();
        let before = ascent.mass_kg();
        assert!(ascent.burn(1.0, 60.0, &state).is_empty());
        let flow = s.boosters.mass_flow_kg_s() + s.core.mass_flow_kg_s();
        assert!((before - ascent.mass_kg() - flow).abs() < 1e-9, "{} kg", before - ascent.mass_kg());
        // Burn the boosters dry (before the tower's timed jettison): one event of the flight,
        // and four pieces that leave.
        ascent.booster_propellant_kg = 1e-3;
        let before = ascent.mass_kg();
        let events = ascent.burn(1.0, 100.0, &state);
        let named =
            events.iter().filter(|e| matches!(e, AscentEvent::Named(h) if h.kind == EventKind::BoosterSeparation));
        let boosters = events.iter().filter(
            |e| matches!(e, AscentEvent::Jettison { happened: None, piece } if piece.model == ModelId::Booster),
        );
        assert_eq!((named.count(), boosters.count(), events.len()), (1, 4, 5), "{events:?}");
        assert!(!ascent.boosters_attached);
        let dropped = before - ascent.mass_kg() - s.core.mass_flow_kg_s() - 1e-3;
        assert!((dropped - 4.0 * s.boosters.dry_mass_kg).abs() < 1e-6, "{dropped} kg dropped");
    }

    #[test]
    fn the_third_stage_guides_level_at_the_insertion_radius() {
        let (mut ascent, _) = stack_at(0.0, 0.0, 0.0);
        ascent.core_attached = false;
        let r = ascent.target_perigee_radius_m();
        // At the insertion radius, level and in the plane, 400 m/s short: thrust mostly along
        // the track, a little up against gravity less the centrifugal term.
        let state = state_from(
            Vector3d::new(r, 0.0, 0.0),
            Vector3d::new(0.0, ascent.target_insertion_speed_mps() - 400.0, 0.0),
        );
        let direction = ascent.steering_direction(400.0, &state, 12.0);
        assert!(direction.y > 0.95 && direction.x > 0.0 && direction.z.abs() < 1e-9, "{direction}");
    }
}
