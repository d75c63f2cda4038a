//! The phasing controller of the two-orbit ("fast") rendezvous: six burns of the main engine
//! (SKD) and the attitude/translation thrusters (DPO), each planned when it starts from the
//! actual states. A burn flies a Lambert transfer to an aim point fixed in the station's LVLH
//! frame at a given arrival (a DPO correction re-solves towards the aim of the burn before it),
//! or nulls the velocity relative to the station (the last). The mission corrects each transfer
//! for the finite burn, J2 and drag by shooting through the full model (`Mission::plan_burn`).

use crate::core::launcher::G0_MPS2;
use crate::core::{StateVector, Vector3d, frames, lambert, position_m};
use serde::Deserialize;
use std::f64::consts::PI;

/// The Soyuz MS engines a phasing burn can use. Both draw on the one propellant supply.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
pub enum Engine {
    /// The S5.80 main engine.
    Skd,
    /// The DPO-B attitude/translation thrusters, a few firing together.
    Dpo,
}

impl Engine {
    /// The name the log shows.
    pub fn name(self) -> &'static str {
        match self {
            Self::Skd => "SKD",
            Self::Dpo => "DPO",
        }
    }
}

/// What an engine gives: thrust (all the thrusters that fire together) and specific impulse.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct EngineSpec {
    pub thrust_n: f64,
    pub isp_s: f64,
}

impl EngineSpec {
    /// ṁ = F / (Isp g0).
    pub fn mass_flow_kg_s(&self) -> f64 {
        self.thrust_n / (self.isp_s * G0_MPS2)
    }

    /// Propellant for a speed change from `mass_kg`: m0 (1 − e^(−Δv / (Isp g0))) (Tsiolkovsky).
    pub fn propellant_for_kg(&self, delta_v_mps: f64, mass_kg: f64) -> f64 {
        mass_kg * (1.0 - (-delta_v_mps / (self.isp_s * G0_MPS2)).exp())
    }

    /// How long that speed change takes at full thrust, s.
    pub fn burn_duration_s(&self, delta_v_mps: f64, mass_kg: f64) -> f64 {
        self.propellant_for_kg(delta_v_mps, mass_kg) / self.mass_flow_kg_s()
    }
}

/// Where a burn sends the spacecraft.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum BurnTarget {
    /// To `offset_lvlh_m` from the station (x along-track, z to nadir) at `arrive_met_s`.
    AimPoint { arrive_met_s: f64, offset_lvlh_m: Vector3d },
    /// To the station's velocity, where the spacecraft is.
    MatchVelocity,
}

/// A planned burn: when it starts, on which engine, and where to.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PhasingBurn {
    pub start_met_s: f64,
    pub engine: Engine,
    pub target: BurnTarget,
}

/// A burn in progress: its engine, a fixed inertial direction, the speed change still to give.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ActiveBurn {
    pub engine: Engine,
    pub direction: Vector3d,
    pub remaining_mps: f64,
}

/// What a burn did over one step.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BurnStep {
    /// Thrust acceleration over the step, inertial, m/s².
    pub acceleration_mps2: Vector3d,
    pub propellant_kg: f64,
    pub delta_v_mps: f64,
}

impl ActiveBurn {
    /// A burn on `engine` that gives `dv_mps` along its direction.
    pub fn new(engine: Engine, dv_mps: &Vector3d) -> Self {
        Self { engine, direction: dv_mps.normalize(), remaining_mps: dv_mps.norm() }
    }

    /// One step of `h_s` on `spec` for a spacecraft of `mass_kg` with `propellant_kg` left:
    /// full thrust for the part of the step the speed change (or the propellant) lasts.
    pub fn step(&mut self, spec: &EngineSpec, mass_kg: f64, propellant_kg: f64, h_s: f64) -> BurnStep {
        let accel_mps2 = spec.thrust_n / mass_kg;
        let flow_kg_s = spec.mass_flow_kg_s();
        let fraction = (self.remaining_mps / (accel_mps2 * h_s)).min(1.0).min(propellant_kg / (flow_kg_s * h_s));
        let delta_v_mps = accel_mps2 * h_s * fraction;
        self.remaining_mps -= delta_v_mps;
        BurnStep {
            acceleration_mps2: self.direction * accel_mps2 * fraction,
            propellant_kg: flow_kg_s * h_s * fraction,
            delta_v_mps,
        }
    }
}

/// The inertial position of `offset_lvlh_m` from `station` (its LVLH axes, rectilinear).
pub fn aim_point_m(station: &StateVector, offset_lvlh_m: &Vector3d) -> Vector3d {
    position_m(station) + frames::lvlh_from_eci_matrix(station).transpose() * offset_lvlh_m
}

/// How far from half a turn a transfer may be and still be solved in the station's plane. Near
/// 180 deg the Lambert plane through r1, r2 and the Earth's centre turns by an angle ~ d / (r
/// sin Δθ) for an out-of-plane offset d, and the transfer's normal speed with it (Vallado,
/// *Fundamentals of Astrodynamics*, §7.6, the 180-degree singularity): 3.5 km out of plane at
/// 178 deg turns it 0.015 rad, 110 m/s at orbital speed. 30 deg bounds 1/sin Δθ at 2.
pub const IN_PLANE_WITHIN_RAD: f64 = PI / 6.0;

/// The plane through `r1_m` nearest to the plane of `reference_normal`: its unit normal,
/// n − (n·r̂1) r̂1 normalised.
pub fn plane_through_normal(r1_m: &Vector3d, reference_normal: &Vector3d) -> Vector3d {
    let r1_hat = r1_m.normalize();
    let n = reference_normal.normalize();
    (n - r1_hat * n.dot(&r1_hat)).normalize()
}

/// The transfer angle from `r1_m` to `r2_m`, prograde about `normal`, in [0, 2π).
pub fn transfer_angle_rad(r1_m: &Vector3d, r2_m: &Vector3d, normal: &Vector3d) -> f64 {
    let angle = r1_m.angle(r2_m);
    if r1_m.cross(r2_m).dot(normal) < 0.0 { 2.0 * PI - angle } else { angle }
}

/// The speed change that puts a spacecraft at (`r1_m`, `v1_mps`) on the Lambert transfer to
/// `aim_m` in `time_of_flight_s`, prograde about `station_normal` (the station's orbit normal).
/// Within [`IN_PLANE_WITHIN_RAD`] of half a turn the transfer is solved in the plane through r1
/// nearest the station's, to the aim projected into it: the out-of-plane miss is left to the
/// short transfers after it, which are well conditioned. `None` where Lambert has no solution.
pub fn transfer_delta_v_mps(
    (r1_m, v1_mps): (&Vector3d, &Vector3d),
    aim_m: &Vector3d,
    time_of_flight_s: f64,
    station_normal: &Vector3d,
) -> Option<Vector3d> {
    let near_half_turn = (transfer_angle_rad(r1_m, aim_m, station_normal) - PI).abs() < IN_PLANE_WITHIN_RAD;
    let (target_m, normal) = if near_half_turn {
        let normal = plane_through_normal(r1_m, station_normal);
        (aim_m - normal * aim_m.dot(&normal), normal)
    } else {
        (*aim_m, *station_normal)
    };
    lambert::lambert_velocities_mps(r1_m, &target_m, time_of_flight_s, &normal).map(|(v_depart, _)| v_depart - v1_mps)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::earth::MU_M3_S2;
    use crate::core::{state_from, velocity_mps};

    const SKD: EngineSpec = EngineSpec { thrust_n: 2950.0, isp_s: 302.0 };
    const DPO: EngineSpec = EngineSpec { thrust_n: 520.0, isp_s: 290.0 };

    /// Two-body flight of `seconds` in 1 s RK4 steps.
    fn coast(state: &StateVector, seconds: f64) -> StateVector {
        let derivative = |y: &StateVector| {
            let r = position_m(y);
            state_from(velocity_mps(y), -MU_M3_S2 / r.norm().powi(3) * r)
        };
        let mut y = *state;
        let steps = seconds.round() as usize;
        let h = seconds / steps as f64;
        for _ in 0..steps {
            let k1 = derivative(&y);
            let k2 = derivative(&(y + k1 * (h / 2.0)));
            let k3 = derivative(&(y + k2 * (h / 2.0)));
            let k4 = derivative(&(y + k3 * h));
            y += (k1 + k2 * 2.0 + k3 * 2.0 + k4) * (h / 6.0);
        }
        y
    }

    /// A circular orbit of radius `r_m`, inclined `inclination_rad` about x, `phase_rad` along.
    fn circular(r_m: f64, inclination_rad: f64, phase_rad: f64) -> StateVector {
        let v = (MU_M3_S2 / r_m).sqrt();
        let (s, c) = phase_rad.sin_cos();
        let (si, ci) = inclination_rad.sin_cos();
        state_from(Vector3d::new(r_m * c, r_m * s * ci, r_m * s * si), Vector3d::new(-v * s, v * c * ci, v * c * si))
    }

    #[test]
    fn a_burn_plan_reaches_its_aim_point_in_a_two_body_check() {
        // The station at 420 km; the chaser 200 km below and 0.02 deg out of plane. The Hohmann
        // ellipse between them (a = 6,698 km, e = 0.0146) reaches the aim 5 km below the station
        // 176 deg on, in 2,665 s, while the station moves 3.0018 rad: the chaser starts 0.0714
        // rad behind it.
        let station = circular(6.798e6, 0.9, 0.0);
        let chaser = circular(6.598e6, 0.9 + 0.02_f64.to_radians(), -0.0714);
        let normal = position_m(&station).cross(&velocity_mps(&station));
        let unit_normal = normal.normalize();
        for (time_of_flight_s, offset_lvlh_m, near_half_turn) in
            [(2665.0, Vector3d::new(-10e3, 0.0, 5e3), true), (1240.0, Vector3d::new(-20e3, 0.0, 3e3), false)]
        {
            let aim = aim_point_m(&coast(&station, time_of_flight_s), &offset_lvlh_m);
            let (r1, v1) = (position_m(&chaser), velocity_mps(&chaser));
            let half_turn = (transfer_angle_rad(&r1, &aim, &normal) - PI).abs() < IN_PLANE_WITHIN_RAD;
            assert_eq!(half_turn, near_half_turn, "{time_of_flight_s} s");
            let dv = transfer_delta_v_mps((&r1, &v1), &aim, time_of_flight_s, &normal).unwrap();
            let arrived = position_m(&coast(&state_from(r1, v1 + dv), time_of_flight_s));
            let miss_m = arrived - aim;
            let in_plane_miss_m = (miss_m - unit_normal * miss_m.dot(&unit_normal)).norm();
            assert!(in_plane_miss_m < 1.0, "{time_of_flight_s} s: in-plane miss {in_plane_miss_m} m");
            if near_half_turn {
                // Solved in its plane: it misses out of plane by about the chaser's own offset,
                // 6,598 km x sin 0.0714 x sin 0.02 deg = 0.16 km, and costs Hohmann's first
                // impulse, sqrt(mu / r1) (sqrt(2 r2 / (r1 + r2)) - 1) = 56.4 m/s, with the 2.7 m/s
                // across that turns the chaser into the station's plane (in quadrature).
                assert!(miss_m.norm() < 0.3e3, "{miss_m}");
                assert!((dv.norm() - 56.5).abs() < 2.0, "{} m/s", dv.norm());
            } else {
                assert!(miss_m.norm() < 1.0, "{time_of_flight_s} s: {miss_m}");
            }
        }
    }

    #[test]
    fn near_half_a_turn_the_transfer_keeps_to_the_plane_through_the_spacecraft() {
        let r1 = Vector3d::new(6.6e6, 0.0, 0.0);
        let z = Vector3d::z();
        let tilted = Vector3d::new(0.3, 0.0, 1.0);
        let n = plane_through_normal(&r1, &tilted);
        assert!(n.dot(&r1).abs() < 1e-6 && (n - z).norm() < 1e-12, "{n}");
        let across = Vector3d::new(-6.7e6, 1e5, 0.0);
        assert!((transfer_angle_rad(&r1, &across, &z) - (PI - 1e5_f64.atan2(6.7e6))).abs() < 1e-12);
        assert!(transfer_angle_rad(&r1, &across, &-z) > PI);
    }

    #[test]
    fn the_engines_are_the_main_engine_and_the_thrusters_with_their_flows() {
        assert_eq!((Engine::Skd.name(), Engine::Dpo.name()), ("SKD", "DPO"));
        // 2.95 kN at 302 s: 0.996 kg/s; four 130 N thrusters at 290 s: 0.183 kg/s.
        assert!((SKD.mass_flow_kg_s() - 0.9961).abs() < 1e-4 && (DPO.mass_flow_kg_s() - 0.1828).abs() < 1e-4);
        // MS-22's first SKD burn: 50.33 m/s in 124.6 s flown; from 7,150 kg the model takes 121 s.
        assert!((SKD.burn_duration_s(50.33, 7150.0) - 121.0).abs() < 0.5);
    }

    #[test]
    fn a_burn_gives_its_delta_v_and_burns_the_rocket_equation_s_propellant() {
        let dv = Vector3d::new(3.0, 4.0, 0.0);
        let mut burn = ActiveBurn::new(Engine::Dpo, &dv);
        let (mut mass_kg, mut propellant_kg, mut given) = (7000.0, 800.0, Vector3d::zeros());
        let mut steps = 0;
        while burn.remaining_mps > 1e-9 {
            let step = burn.step(&DPO, mass_kg, propellant_kg, 1.0);
            given += step.acceleration_mps2;
            assert!((step.acceleration_mps2.norm() - step.delta_v_mps).abs() < 1e-12);
            mass_kg -= step.propellant_kg;
            propellant_kg -= step.propellant_kg;
            steps += 1;
        }
        assert!((given - dv).norm() < 1e-9, "{given}");
        assert_eq!(steps, DPO.burn_duration_s(5.0, 7000.0).ceil() as usize);
        // Mass held over each 1 s step: within 0.1 % of Tsiolkovsky.
        let used_kg = 800.0 - propellant_kg;
        assert!((used_kg / DPO.propellant_for_kg(5.0, 7000.0) - 1.0).abs() < 1e-3, "{used_kg}");
        // Out of propellant, a burn stops short.
        let mut dry = ActiveBurn::new(Engine::Skd, &Vector3d::new(50.0, 0.0, 0.0));
        let step = dry.step(&SKD, 7000.0, 0.5, 1.0);
        assert!((step.propellant_kg - 0.5).abs() < 1e-12 && dry.remaining_mps > 49.0);
    }
}
