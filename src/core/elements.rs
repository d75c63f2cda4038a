//! Classical orbital elements from a state vector and back (Vallado Algorithms 9 and 10).

use super::earth::{EQUATORIAL_RADIUS_M, MU_M3_S2};
use super::{StateVector, Vector3d, position_m, state_from, velocity_mps};
use std::f64::consts::TAU;

/// Osculating Keplerian elements. Angles in radians.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct OrbitalElements {
    pub semi_major_axis_m: f64,
    pub eccentricity: f64,
    pub inclination_rad: f64,
    pub raan_rad: f64,
    pub argument_of_perigee_rad: f64,
    pub true_anomaly_rad: f64,
}

impl OrbitalElements {
    /// Elements from an inertial state (Vallado Algorithm 9, RV2COE). Equatorial or circular
    /// orbits fall back to zero for the undefined angle.
    pub fn from_state(state: &StateVector) -> Self {
        let r = position_m(state);
        let v = velocity_mps(state);
        let h = r.cross(&v);
        let node = Vector3d::z().cross(&h);
        let r_norm = r.norm();
        let e_vec = ((v.norm_squared() - MU_M3_S2 / r_norm) * r - r.dot(&v) * v) / MU_M3_S2;
        let eccentricity = e_vec.norm();
        let energy = 0.5 * v.norm_squared() - MU_M3_S2 / r_norm;
        let semi_major_axis_m = -MU_M3_S2 / (2.0 * energy);
        let inclination_rad = (h.z / h.norm()).clamp(-1.0, 1.0).acos();
        let angle_between = |a: &Vector3d, b: &Vector3d| (a.dot(b) / (a.norm() * b.norm())).clamp(-1.0, 1.0).acos();
        let has_node = node.norm() > 1e-9 * h.norm();
        let raan_rad = if has_node { node.y.atan2(node.x).rem_euclid(TAU) } else { 0.0 };
        let is_elliptic = eccentricity > 1e-11;
        let argument_of_perigee_rad = if has_node && is_elliptic {
            let w = angle_between(&node, &e_vec);
            if e_vec.z < 0.0 { TAU - w } else { w }
        } else {
            0.0
        };
        // Measured from perigee, or from the node (argument of latitude) when circular.
        let reference = if is_elliptic {
            e_vec
        } else if has_node {
            node
        } else {
            Vector3d::x()
        };
        let nu = angle_between(&reference, &r);
        let ahead = if is_elliptic { r.dot(&v) >= 0.0 } else { h.dot(&reference.cross(&r)) >= 0.0 };
        let true_anomaly_rad = if ahead { nu } else { TAU - nu };
        Self { semi_major_axis_m, eccentricity, inclination_rad, raan_rad, argument_of_perigee_rad, true_anomaly_rad }
    }

    /// Inertial state from elements (Vallado Algorithm 10, COE2RV).
    pub fn to_state(&self) -> StateVector {
        let p = self.semi_major_axis_m * (1.0 - self.eccentricity * self.eccentricity);
        let (sin_nu, cos_nu) = self.true_anomaly_rad.sin_cos();
        let r_pqw = Vector3d::new(cos_nu, sin_nu, 0.0) * p / (1.0 + self.eccentricity * cos_nu);
        let v_pqw = Vector3d::new(-sin_nu, self.eccentricity + cos_nu, 0.0) * (MU_M3_S2 / p).sqrt();
        let rotation = nalgebra::Rotation3::from_axis_angle(&Vector3d::z_axis(), self.raan_rad)
            * nalgebra::Rotation3::from_axis_angle(&Vector3d::x_axis(), self.inclination_rad)
            * nalgebra::Rotation3::from_axis_angle(&Vector3d::z_axis(), self.argument_of_perigee_rad);
        state_from(rotation * r_pqw, rotation * v_pqw)
    }

    pub fn period_s(&self) -> f64 {
        TAU * (self.semi_major_axis_m.powi(3) / MU_M3_S2).sqrt()
    }

    pub fn mean_motion_rad_s(&self) -> f64 {
        (MU_M3_S2 / self.semi_major_axis_m.powi(3)).sqrt()
    }

    /// Perigee height above the equatorial radius, the convention of published Soyuz orbits.
    pub fn perigee_altitude_m(&self) -> f64 {
        self.semi_major_axis_m * (1.0 - self.eccentricity) - EQUATORIAL_RADIUS_M
    }

    pub fn apogee_altitude_m(&self) -> f64 {
        self.semi_major_axis_m * (1.0 + self.eccentricity) - EQUATORIAL_RADIUS_M
    }

    /// Argument of latitude u = ω + ν.
    pub fn argument_of_latitude_rad(&self) -> f64 {
        (self.argument_of_perigee_rad + self.true_anomaly_rad).rem_euclid(TAU)
    }

    /// The same orbit after `dt_s` of unperturbed two-body motion (Kepler's equation solved by
    /// Newton's method, Vallado Algorithm 2): the analytic reference for integrator tests.
    pub fn propagated_two_body(&self, dt_s: f64) -> Self {
        let e = self.eccentricity;
        let eccentric_from_true = |nu: f64| 2.0 * (((1.0 - e) / (1.0 + e)).sqrt() * (nu / 2.0).tan()).atan();
        let e0 = eccentric_from_true(self.true_anomaly_rad);
        let mean_anomaly = e0 - e * e0.sin() + self.mean_motion_rad_s() * dt_s;
        let mut eccentric = mean_anomaly;
        for _ in 0..50 {
            let delta = (eccentric - e * eccentric.sin() - mean_anomaly) / (1.0 - e * eccentric.cos());
            eccentric -= delta;
            if delta.abs() < 1e-15 {
                break;
            }
        }
        let nu = 2.0 * (((1.0 + e) / (1.0 - e)).sqrt() * (eccentric / 2.0).tan()).atan();
        Self { true_anomaly_rad: nu.rem_euclid(TAU), ..*self }
    }
}

/// Speed on an orbit of semi-major axis `a_m` at radius `r_m`, m/s: the vis-viva equation
/// v² = μ (2/r − 1/a) (Vallado, *Fundamentals of Astrodynamics*, 4th ed., eq. 1-31).
pub fn vis_viva_speed_mps(r_m: f64, a_m: f64) -> f64 {
    (MU_M3_S2 * (2.0 / r_m - 1.0 / a_m)).sqrt()
}

/// The least delta-v of two tangential impulses from one coplanar ellipse to another, m/s,
/// each given by its perigee and apogee radii: a Hohmann-type transfer from an apsis of the
/// first to an apsis of the second, the best of the four pairings (Vallado §6.3.1, Algorithm
/// 36, generalised to elliptical ends). For orbits this close no other two-impulse transfer
/// does much better: it is the floor a phasing has to pay.
pub fn least_apsis_transfer_dv_mps(from_m: (f64, f64), to_m: (f64, f64)) -> f64 {
    let (a1, a2) = (0.5 * (from_m.0 + from_m.1), 0.5 * (to_m.0 + to_m.1));
    let transfer = |r1: f64, r2: f64| {
        let at = 0.5 * (r1 + r2);
        (vis_viva_speed_mps(r1, at) - vis_viva_speed_mps(r1, a1)).abs()
            + (vis_viva_speed_mps(r2, a2) - vis_viva_speed_mps(r2, at)).abs()
    };
    [from_m.0, from_m.1]
        .into_iter()
        .flat_map(|r1| [to_m.0, to_m.1].map(|r2| transfer(r1, r2)))
        .fold(f64::INFINITY, f64::min)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hohmann_transfer_to_geostationary_orbit_takes_vallados_3_9_km_s() {
        // Vallado Example 6-1: 191.34 km circular to geostationary 35,781.35 km, R = 6,378.137
        // km: delta-v 3.935224 km/s (with his mu = 398,600.5 km^3/s^2; ours differs by 1e-6).
        let (leo, geo) = (6_378_137.0 + 191_340.0, 6_378_137.0 + 35_781_350.0);
        let dv = least_apsis_transfer_dv_mps((leo, leo), (geo, geo));
        assert!((dv - 3_935.224).abs() < 0.5, "{dv}");
    }

    #[test]
    fn state_round_trip() {
        let elements = OrbitalElements {
            semi_major_axis_m: 6_799_000.0,
            eccentricity: 0.0021,
            inclination_rad: 51.64_f64.to_radians(),
            raan_rad: 1.3,
            argument_of_perigee_rad: 0.7,
            true_anomaly_rad: 4.0,
        };
        let back = OrbitalElements::from_state(&elements.to_state());
        assert!((back.semi_major_axis_m - elements.semi_major_axis_m).abs() < 1e-4);
        assert!((back.eccentricity - elements.eccentricity).abs() < 1e-12);
        for (a, b) in [
            (back.inclination_rad, elements.inclination_rad),
            (back.raan_rad, elements.raan_rad),
            (back.argument_of_perigee_rad, elements.argument_of_perigee_rad),
            (back.true_anomaly_rad, elements.true_anomaly_rad),
        ] {
            assert!((a - b).abs() < 1e-9, "{a} vs {b}");
        }
    }

    #[test]
    fn vallado_example_2_5() {
        // Vallado Example 2-5: r = (6524.834, 6862.875, 6448.296) km, v = (4.901327, 5.533756,
        // -1.976341) km/s -> a = 36127.343 km, e = 0.832853, i = 87.870 deg, RAAN 227.898 deg,
        // ω = 53.38 deg, ν = 92.335 deg.
        let s = state_from(
            Vector3d::new(6_524_834.0, 6_862_875.0, 6_448_296.0),
            Vector3d::new(4_901.327, 5_533.756, -1_976.341),
        );
        let e = OrbitalElements::from_state(&s);
        assert!((e.semi_major_axis_m / 1000.0 - 36_127.343).abs() < 0.5, "{}", e.semi_major_axis_m);
        assert!((e.eccentricity - 0.832_853).abs() < 1e-5);
        assert!((e.inclination_rad.to_degrees() - 87.870).abs() < 1e-3);
        assert!((e.raan_rad.to_degrees() - 227.898).abs() < 1e-3);
        assert!((e.argument_of_perigee_rad.to_degrees() - 53.38).abs() < 0.01);
        assert!((e.true_anomaly_rad.to_degrees() - 92.335).abs() < 1e-3);
    }
}
