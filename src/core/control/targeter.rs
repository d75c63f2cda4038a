//! Aiming a phasing burn: Lambert's transfer to the aim point, corrected by shooting through a
//! forecast of the full model (the burn is finite; J2 and drag act), as a targeter apart from
//! the guidance that flies the burn (nyx's `md/opti` keeps targeting apart the same way).

use super::rendezvous::{ActiveBurn, Engine, Rendezvous};
use crate::core::{StateVector, Vector3d, frames, lambert, position_m, velocity_mps};
use std::f64::consts::PI;

/// Iterations of the shooting that corrects Lambert's aim for the finite burn, J2 and drag.
pub const SHOOTING_ITERATIONS: usize = 4;

/// What the targeter asks of the future. The mission answers with the full model
/// (`mission::forecast`); a unit test may answer with two-body motion.
pub trait Forecast {
    /// The station's state at `met_s`.
    fn station_at(&self, met_s: f64) -> StateVector;
    /// Where the spacecraft (its engines and propellant those of `plan`) is at `until_met_s`
    /// if it flies `burn` from now.
    fn position_after_burn(&self, plan: &Rendezvous, burn: ActiveBurn, until_met_s: f64) -> Vector3d;
}

/// The speed change that takes a spacecraft at `chaser` now (`met_s`) to `offset_lvlh_m` from
/// the station (its LVLH axes at arrival) at `arrive_met_s`, burning `engine`: Lambert's
/// transfer in the plane of `station_now`'s orbit, its target moved by each forecast miss
/// ([`SHOOTING_ITERATIONS`] times). `None` where Lambert has no solution.
pub fn aim_burn(
    forecast: &impl Forecast,
    (plan, engine): (&Rendezvous, Engine),
    (chaser, station_now): (&StateVector, &StateVector),
    (met_s, arrive_met_s): (f64, f64),
    offset_lvlh_m: &Vector3d,
) -> Option<Vector3d> {
    let (r1, v1) = (position_m(chaser), velocity_mps(chaser));
    let aim = aim_point_m(&forecast.station_at(arrive_met_s), offset_lvlh_m);
    let normal = position_m(station_now).cross(&velocity_mps(station_now));
    let mut lambert_target = aim;
    let mut dv = None;
    for _ in 0..SHOOTING_ITERATIONS {
        let Some(trial_dv) = transfer_delta_v_mps((&r1, &v1), &lambert_target, arrive_met_s - met_s, &normal) else {
            break;
        };
        let achieved = forecast.position_after_burn(plan, ActiveBurn::new(engine, &trial_dv), arrive_met_s);
        lambert_target += aim - achieved;
        dv = Some(trial_dv);
    }
    dv
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
pub(crate) mod tests {
    use super::*;
    use crate::core::earth::MU_M3_S2;
    use crate::core::state_from;

    /// Two-body flight of `seconds` in 1 s RK4 steps.
    pub(crate) fn coast(state: &StateVector, seconds: f64) -> StateVector {
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
    pub(crate) fn circular(r_m: f64, inclination_rad: f64, phase_rad: f64) -> StateVector {
        let v = (MU_M3_S2 / r_m).sqrt();
        let (s, c) = phase_rad.sin_cos();
        let (si, ci) = inclination_rad.sin_cos();
        state_from(Vector3d::new(r_m * c, r_m * s * ci, r_m * s * si), Vector3d::new(-v * s, v * c * ci, v * c * si))
    }

    /// Two-body motion, and a burn that acts `lag_s` late, as a finite burn's centre does: the
    /// miss Lambert alone would leave, which the shooting must take out.
    struct Keplerian {
        met_s: f64,
        chaser: StateVector,
        station: StateVector,
        lag_s: f64,
    }

    impl Forecast for Keplerian {
        fn station_at(&self, met_s: f64) -> StateVector {
            coast(&self.station, met_s - self.met_s)
        }
        fn position_after_burn(&self, _: &Rendezvous, burn: ActiveBurn, until_met_s: f64) -> Vector3d {
            let at_burn = coast(&self.chaser, self.lag_s);
            let burnt = state_from(position_m(&at_burn), velocity_mps(&at_burn) + burn.direction * burn.remaining_mps);
            position_m(&coast(&burnt, until_met_s - self.met_s - self.lag_s))
        }
    }

    #[test]
    fn the_targeter_lands_within_metres_of_its_aim_where_lambert_alone_misses_by_kilometres() {
        let r = 6_378_137.0 + 420e3;
        let (station, chaser) = (circular(r, 0.9, 0.3), circular(r - 30e3, 0.9, 0.2));
        let forecast = Keplerian { met_s: 0.0, chaser, station, lag_s: 30.0 };
        let plan =
            crate::core::control::rendezvous::tests::rendezvous_by_hand(crate::core::control::rendezvous::Hands::Live(
                Default::default(),
                crate::core::replay::Replay::empty("test", None),
            ));
        let (arrive, offset) = (2_400.0, Vector3d::new(-5_000.0, 0.0, 2_000.0));
        let aim = aim_point_m(&forecast.station_at(arrive), &offset);
        let dv =
            aim_burn(&forecast, (&plan, Engine::Skd), (&chaser, &station), (0.0, arrive), &offset).expect("a transfer");
        let shot = forecast.position_after_burn(&plan, ActiveBurn::new(Engine::Skd, &dv), arrive);
        let normal = position_m(&station).cross(&velocity_mps(&station));
        let lambert = transfer_delta_v_mps((&position_m(&chaser), &velocity_mps(&chaser)), &aim, arrive, &normal)
            .expect("a transfer");
        let unshot = forecast.position_after_burn(&plan, ActiveBurn::new(Engine::Skd, &lambert), arrive);
        assert!((shot - aim).norm() < 5.0, "{} m off the aim", (shot - aim).norm());
        assert!((unshot - aim).norm() > 1_000.0, "Lambert alone: {} m off", (unshot - aim).norm());
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
}
