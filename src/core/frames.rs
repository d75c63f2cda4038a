//! Reference frames: inertial (TEME of date), Earth-fixed (ECEF), WGS-84 geodetic, LVLH.

use super::earth::{self, EQUATORIAL_RADIUS_M, ROTATION_RATE_RAD_S};
use super::{StateVector, Vector3d, position_m, state_from, velocity_mps};
use nalgebra::{Matrix3, Rotation3};

/// Rotation from the inertial frame to Earth-fixed: R3(GMST) (Vallado eq. 3-80, polar motion
/// neglected: under 15 m at the surface).
pub fn ecef_from_eci_rotation(gmst_rad: f64) -> Rotation3<f64> {
    Rotation3::from_axis_angle(&Vector3d::z_axis(), -gmst_rad)
}

pub fn ecef_from_eci_position_m(position_eci_m: &Vector3d, gmst_rad: f64) -> Vector3d {
    ecef_from_eci_rotation(gmst_rad) * position_eci_m
}

pub fn eci_from_ecef_position_m(position_ecef_m: &Vector3d, gmst_rad: f64) -> Vector3d {
    ecef_from_eci_rotation(gmst_rad).inverse() * position_ecef_m
}

fn earth_rotation_vector_rad_s() -> Vector3d {
    Vector3d::new(0.0, 0.0, ROTATION_RATE_RAD_S)
}

/// Inertial state of a point that is fixed on the rotating Earth (v = ω × r).
pub fn eci_state_of_ecef_point(position_ecef_m: &Vector3d, gmst_rad: f64) -> StateVector {
    let r = eci_from_ecef_position_m(position_ecef_m, gmst_rad);
    state_from(r, earth_rotation_vector_rad_s().cross(&r))
}

/// Velocity relative to the rotating Earth (and its co-rotating atmosphere), inertial axes.
#[inline]
pub fn velocity_relative_to_earth_mps(state: &StateVector) -> Vector3d {
    velocity_mps(state) - earth_rotation_vector_rad_s().cross(&position_m(state))
}

/// WGS-84 geodetic coordinates.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Geodetic {
    pub latitude_rad: f64,
    pub longitude_rad: f64,
    pub altitude_m: f64,
}

impl Geodetic {
    pub fn from_degrees(latitude_deg: f64, longitude_deg: f64, altitude_m: f64) -> Self {
        Self { latitude_rad: latitude_deg.to_radians(), longitude_rad: longitude_deg.to_radians(), altitude_m }
    }

    /// Unit normal to the ellipsoid (local vertical), Earth-fixed axes.
    pub fn up_ecef(&self) -> Vector3d {
        let (lat, lon) = (self.latitude_rad, self.longitude_rad);
        Vector3d::new(lat.cos() * lon.cos(), lat.cos() * lon.sin(), lat.sin())
    }

    /// Unit vector to the local east, Earth-fixed axes.
    pub fn east_ecef(&self) -> Vector3d {
        Vector3d::new(-self.longitude_rad.sin(), self.longitude_rad.cos(), 0.0)
    }
}

/// Radius of curvature in the prime vertical, N(φ) (Vallado eq. 3-14).
fn prime_vertical_radius_m(sin_latitude: f64) -> f64 {
    EQUATORIAL_RADIUS_M / (1.0 - earth::eccentricity_squared() * sin_latitude * sin_latitude).sqrt()
}

/// Earth-fixed position of a geodetic point (Vallado eq. 3-14).
pub fn ecef_from_geodetic_m(g: &Geodetic) -> Vector3d {
    let (sin_lat, cos_lat) = g.latitude_rad.sin_cos();
    let n = prime_vertical_radius_m(sin_lat);
    let e2 = earth::eccentricity_squared();
    Vector3d::new(
        (n + g.altitude_m) * cos_lat * g.longitude_rad.cos(),
        (n + g.altitude_m) * cos_lat * g.longitude_rad.sin(),
        (n * (1.0 - e2) + g.altitude_m) * sin_lat,
    )
}

/// Geodetic coordinates of an inertial position, the Earth turned by `gmst_rad`.
pub fn geodetic_from_eci_position_m(position_eci_m: &Vector3d, gmst_rad: f64) -> Geodetic {
    geodetic_from_ecef(&ecef_from_eci_position_m(position_eci_m, gmst_rad))
}

/// Geodetic coordinates of an Earth-fixed position by fixed-point iteration on
/// tan φ = (z + e² N sin φ) / p (Vallado Algorithm 12); six passes give sub-millimetre
/// agreement from the ground to beyond the Moon.
pub fn geodetic_from_ecef(position_ecef_m: &Vector3d) -> Geodetic {
    let (x, y, z) = (position_ecef_m.x, position_ecef_m.y, position_ecef_m.z);
    let p = x.hypot(y);
    let e2 = earth::eccentricity_squared();
    let mut latitude = z.atan2(p * (1.0 - e2));
    for _ in 0..6 {
        let n = prime_vertical_radius_m(latitude.sin());
        latitude = (z + e2 * n * latitude.sin()).atan2(p);
    }
    let (sin_lat, cos_lat) = latitude.sin_cos();
    // Valid at the poles too, unlike p / cos φ − N.
    let altitude = p * cos_lat + z * sin_lat - EQUATORIAL_RADIUS_M * (1.0 - e2 * sin_lat * sin_lat).sqrt();
    Geodetic { latitude_rad: latitude, longitude_rad: y.atan2(x), altitude_m: altitude }
}

/// Mean Earth radius for distances along the ground, m (IUGG; on the sphere, within 0.5 % of
/// the ellipsoid's geodesic).
pub const MEAN_EARTH_RADIUS_M: f64 = 6_371_008.8;

/// Great-circle distance between two places, m, and the initial bearing from `from` to `to`,
/// rad clockwise from north: the haversine formula and the forward azimuth (Sinnott 1984, *Sky
/// and Telescope* 68(2); the azimuth from spherical trigonometry).
pub fn distance_and_bearing(from: &Geodetic, to: &Geodetic) -> (f64, f64) {
    let (phi1, phi2) = (from.latitude_rad, to.latitude_rad);
    let dlambda = to.longitude_rad - from.longitude_rad;
    let haversine = ((phi2 - phi1) / 2.0).sin().powi(2) + phi1.cos() * phi2.cos() * (dlambda / 2.0).sin().powi(2);
    let distance_m = 2.0 * MEAN_EARTH_RADIUS_M * haversine.sqrt().asin();
    let bearing = (dlambda.sin() * phi2.cos()).atan2(phi1.cos() * phi2.sin() - phi1.sin() * phi2.cos() * dlambda.cos());
    (distance_m, bearing.rem_euclid(std::f64::consts::TAU))
}

/// Rows are the LVLH axes in inertial coordinates: x along-track, y opposite the orbit normal,
/// z towards the Earth's centre (the ISS/CCSDS convention; Fehse, *Automated Rendezvous and
/// Docking of Spacecraft*, §3.1).
pub fn lvlh_from_eci_matrix(target: &StateVector) -> Matrix3<f64> {
    let r = position_m(target);
    let h = r.cross(&velocity_mps(target));
    let z = -r.normalize();
    let y = -h.normalize();
    let x = y.cross(&z);
    Matrix3::from_rows(&[x.transpose(), y.transpose(), z.transpose()])
}

/// Angular velocity of the LVLH frame of a body in `state`, inertial, rad/s: r × v / |r|²
/// (the orbit normal times the instantaneous orbital rate).
pub fn lvlh_rate_radps(state: &StateVector) -> Vector3d {
    let r = position_m(state);
    r.cross(&velocity_mps(state)) / r.norm_squared()
}

/// Chaser position and velocity relative to the target in the target's rotating LVLH frame.
pub fn relative_lvlh(target: &StateVector, chaser: &StateVector) -> (Vector3d, Vector3d) {
    let m = lvlh_from_eci_matrix(target);
    let r_t = position_m(target);
    let omega = lvlh_rate_radps(target);
    let dr = position_m(chaser) - r_t;
    let dv = velocity_mps(chaser) - velocity_mps(target) - omega.cross(&dr);
    (m * dr, m * dv)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn geodetic_round_trip_from_ground_to_geo() {
        for &(lat, lon, alt) in &[
            (45.996, 63.564, 90.0),
            (-89.9, -120.0, 0.0),
            (0.0, 180.0, 420e3),
            (51.6, -0.1, 35_786e3),
            (90.0, 0.0, 10.0),
        ] {
            let g = Geodetic::from_degrees(lat, lon, alt);
            let back = geodetic_from_ecef(&ecef_from_geodetic_m(&g));
            assert!((back.latitude_rad - g.latitude_rad).abs() < 1e-10, "lat {lat}");
            assert!((back.altitude_m - alt).abs() < 1e-3, "alt {alt}: {}", back.altitude_m);
            if lat.abs() < 90.0 {
                let dlon = (back.longitude_rad - g.longitude_rad).rem_euclid(std::f64::consts::TAU);
                assert!(!(1e-12..=std::f64::consts::TAU - 1e-12).contains(&dlon), "lon {lon}");
            }
        }
    }

    #[test]
    fn geodetic_matches_a_published_case() {
        // Vallado Example 3-3: r_ECEF = (6524.834, 6862.875, 6448.296) km gives
        // φ_gd = 34.352496 deg, λ = 46.4464 deg, h_ellp = 5085.22 km.
        let g = geodetic_from_ecef(&Vector3d::new(6_524_834.0, 6_862_875.0, 6_448_296.0));
        assert!((g.latitude_rad.to_degrees() - 34.352_496).abs() < 1e-5);
        assert!((g.longitude_rad.to_degrees() - 46.446_4).abs() < 1e-4);
        assert!((g.altitude_m - 5_085_220.0).abs() < 20.0, "{}", g.altitude_m);
    }

    #[test]
    fn lvlh_of_a_point_ahead_on_the_same_circle_is_plus_x() {
        let r = 6.8e6;
        let v = (earth::MU_M3_S2 / r).sqrt();
        let target = state_from(Vector3d::new(r, 0.0, 0.0), Vector3d::new(0.0, v, 0.0));
        let angle: f64 = 1e-5;
        let chaser = state_from(
            Vector3d::new(r * angle.cos(), r * angle.sin(), 0.0),
            Vector3d::new(-v * angle.sin(), v * angle.cos(), 0.0),
        );
        let (p, dv) = relative_lvlh(&target, &chaser);
        assert!((p.x - r * angle).abs() < 1e-3 && p.y.abs() < 1e-9 && p.z.abs() < 1.0, "{p}");
        assert!(dv.norm() < 1e-6, "co-orbiting point has no LVLH velocity: {dv}");
    }

    #[test]
    fn distance_and_bearing_on_the_sphere() {
        // A quarter of the equator, due east: a quarter of the circumference, at 90 deg.
        let (d, b) =
            distance_and_bearing(&Geodetic::from_degrees(0.0, 10.0, 0.0), &Geodetic::from_degrees(0.0, 100.0, 0.0));
        assert!((d - MEAN_EARTH_RADIUS_M * std::f64::consts::FRAC_PI_2).abs() < 1e-6, "{d}");
        assert!((b.to_degrees() - 90.0).abs() < 1e-9, "{b}");
        // From the equator to the pole: north whatever the longitude.
        let (_, b) =
            distance_and_bearing(&Geodetic::from_degrees(0.0, 30.0, 0.0), &Geodetic::from_degrees(89.999, 120.0, 0.0));
        assert!(b.to_degrees() < 0.01 || b.to_degrees() > 359.99, "{}", b.to_degrees());
        // Due south along a meridian: a degree is 111.2 km, at 180 deg.
        let (d, b) =
            distance_and_bearing(&Geodetic::from_degrees(48.0, 68.0, 0.0), &Geodetic::from_degrees(47.0, 68.0, 0.0));
        assert!((d - 111_195.0).abs() < 10.0 && (b.to_degrees() - 180.0).abs() < 1e-9, "{d} {b}");
    }
}
