//! The Sun's geocentric position from the Astronomical Almanac's low-precision formulae
//! (Vallado Algorithm 29; accuracy about 0.01 deg, 1950–2050). Mean equator and equinox of date,
//! which is the app's inertial frame to the arcsecond.

use super::Vector3d;
use super::time::UtcInstant;

/// The astronomical unit in metres (IAU 2012 resolution B2).
pub const ASTRONOMICAL_UNIT_M: f64 = 149_597_870_700.0;

/// Geocentric position of the Sun, metres, inertial frame.
pub fn sun_position_eci_m(at: UtcInstant) -> Vector3d {
    let t = at.julian_centuries_tt();
    let mean_longitude_deg = 280.460 + 36_000.771 * t;
    let mean_anomaly = (357.529_109_2 + 35_999.050_34 * t).to_radians();
    let ecliptic_longitude =
        (mean_longitude_deg + 1.914_666_471 * mean_anomaly.sin() + 0.019_994_643 * (2.0 * mean_anomaly).sin())
            .to_radians();
    let distance_au = 1.000_140_612 - 0.016_708_617 * mean_anomaly.cos() - 0.000_139_589 * (2.0 * mean_anomaly).cos();
    let obliquity = (23.439_291 - 0.013_004_2 * t).to_radians();
    let (sin_l, cos_l) = ecliptic_longitude.sin_cos();
    distance_au * ASTRONOMICAL_UNIT_M * Vector3d::new(cos_l, obliquity.cos() * sin_l, obliquity.sin() * sin_l)
}

pub fn sun_direction_eci(at: UtcInstant) -> Vector3d {
    sun_position_eci_m(at).normalize()
}

/// Nominal radius of the Sun, m (IAU 2015 resolution B3).
pub const SUN_RADIUS_M: f64 = 695_700_000.0;

/// Angle of the Sun's centre above the Earth's limb as seen from `position_eci_m`, rad: the
/// angle between the Earth's and the Sun's centres less the Earth's apparent radius (the
/// equatorial one, as the cylindrical shadow below uses). Orbital sunset is where it falls
/// through zero, sunrise where it rises through it.
pub fn sun_above_limb_rad(position_eci_m: &Vector3d, sun_position_eci_m: &Vector3d) -> f64 {
    (-position_eci_m).angle(&(sun_position_eci_m - position_eci_m)) - earth_radius_seen_rad(position_eci_m)
}

/// The Earth's apparent radius (equatorial) from `position_eci_m`, rad.
fn earth_radius_seen_rad(position_eci_m: &Vector3d) -> f64 {
    (super::earth::EQUATORIAL_RADIUS_M / position_eci_m.norm()).min(1.0).asin()
}

/// As seen from `position_eci_m`: the Sun's and the Earth's apparent radii and the angle
/// between their centres, rad (M&G §3.4.2's a, b and c).
fn discs_seen_from(position_eci_m: &Vector3d, sun_position_eci_m: &Vector3d) -> (f64, f64, f64) {
    let to_sun = sun_position_eci_m - position_eci_m;
    ((SUN_RADIUS_M / to_sun.norm()).asin(), earth_radius_seen_rad(position_eci_m), (-position_eci_m).angle(&to_sun))
}

/// Fraction of the Sun's disc seen from `position_eci_m`: 1 in sunlight, 0 in the umbra, in
/// between in the penumbra, from the overlap of the two discs as seen from there (the conical
/// shadow of Montenbruck & Gill, *Satellite Orbits*, §3.4.2, eq. 3.87-3.89).
pub fn visible_sun_fraction(position_eci_m: &Vector3d, sun_position_eci_m: &Vector3d) -> f64 {
    let (a, b, c) = discs_seen_from(position_eci_m, sun_position_eci_m);
    if c >= a + b {
        1.0
    } else if c <= b - a {
        0.0
    } else if c <= a - b {
        // The Earth wholly inside the Sun's disc (seen from far beyond the Moon's distance).
        1.0 - (b * b) / (a * a)
    } else {
        let x = (c * c + a * a - b * b) / (2.0 * c);
        let y = (a * a - x * x).max(0.0).sqrt();
        let overlap = a * a * (x / a).clamp(-1.0, 1.0).acos() + b * b * ((c - x) / b).clamp(-1.0, 1.0).acos() - c * y;
        (1.0 - overlap / (std::f64::consts::PI * a * a)).clamp(0.0, 1.0)
    }
}

/// The Sun's elevation above the local horizon and its azimuth (from north through east),
/// rad, as seen from `position_eci_m` (the horizon of the geocentric vertical).
pub fn sun_elevation_azimuth_rad(position_eci_m: &Vector3d, sun_position_eci_m: &Vector3d) -> (f64, f64) {
    let up = position_eci_m.normalize();
    let east = Vector3d::z().cross(&up).normalize();
    let north = up.cross(&east);
    let s = (sun_position_eci_m - position_eci_m).normalize();
    (s.dot(&up).clamp(-1.0, 1.0).asin(), s.dot(&east).atan2(s.dot(&north)).rem_euclid(std::f64::consts::TAU))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_meeus_example_25a() {
        // Meeus, Astronomical Algorithms, 2nd ed., Example 25.a: 1992-10-13 0h TD, apparent
        // RA 198.38083 deg, Dec -7.78507 deg, R = 0.99766 AU (full VSOP87 theory).
        let td_to_utc = -(super::super::time::TAI_MINUS_UTC_S + super::super::time::TT_MINUS_TAI_S);
        // In 1992 TT − UTC was 59.184 s, not today's 69.184 s.
        let at = UtcInstant::from_calendar(1992, 10, 13, 0, 0, 0.0).plus_seconds(td_to_utc + 10.0);
        let p = sun_position_eci_m(at);
        let ra = p.y.atan2(p.x).to_degrees().rem_euclid(360.0);
        let dec = (p.z / p.norm()).asin().to_degrees();
        assert!((ra - 198.380_83).abs() < 0.01, "RA {ra}");
        assert!((dec - -7.785_07).abs() < 0.01, "Dec {dec}");
        assert!((p.norm() / ASTRONOMICAL_UNIT_M - 0.997_66).abs() < 1e-4);
    }

    /// The ISS's distance, the Sun along +x.
    fn at_angle_from_the_anti_sun(angle_rad: f64) -> Vector3d {
        6.8e6 * Vector3d::new(-angle_rad.cos(), angle_rad.sin(), 0.0)
    }

    #[test]
    fn the_sun_fades_through_the_penumbra_and_is_half_gone_on_the_limb() {
        let sun = Vector3d::x() * ASTRONOMICAL_UNIT_M;
        assert_eq!(visible_sun_fraction(&Vector3d::new(6.8e6, 0.0, 0.0), &sun), 1.0);
        assert_eq!(visible_sun_fraction(&Vector3d::new(-6.8e6, 0.0, 0.0), &sun), 0.0);
        // From 6,800 km the Earth's limb is 69.7 deg from its centre; the Sun's disc is 0.27 deg
        // in radius. Along the orbit the fraction only grows away from the anti-Sun point.
        let limb = (6.378_137e6_f64 / 6.8e6).asin();
        let sun_radius = (SUN_RADIUS_M / ASTRONOMICAL_UNIT_M).asin();
        let mut last = 0.0;
        for k in 0..=200 {
            let angle = limb - 2.0 * sun_radius + k as f64 * 0.02 * sun_radius;
            let f = visible_sun_fraction(&at_angle_from_the_anti_sun(angle), &sun);
            assert!(f >= last - 1e-12 && (0.0..=1.0).contains(&f), "{angle}: {f} after {last}");
            last = f;
        }
        assert_eq!(last, 1.0);
        // The Sun's centre on the limb: half the disc, less a little for the limb's curvature.
        let on_limb = at_angle_from_the_anti_sun(limb);
        assert!(sun_above_limb_rad(&on_limb, &sun).abs() < 1e-4, "{}", sun_above_limb_rad(&on_limb, &sun));
        let half = visible_sun_fraction(&on_limb, &sun);
        assert!((half - 0.5).abs() < 0.02, "{half}");
        // The penumbra lasts about 2a / (orbital rate x sin of the track's angle): here the
        // track crosses the limb square on, 2 x 0.267 deg / 0.0646 deg/s = 8.3 s.
    }

    #[test]
    fn a_circular_orbit_enters_and_leaves_the_shadow_when_the_cone_geometry_says() {
        // An orbit of 6,800 km through the Sun's direction (beta 0), at the two-body rate. Seen
        // from the orbit, the Earth's disc has angular radius rho = asin(R/r) and the Sun's
        // alpha = asin(R_sun/AU). At the angle phi from the subsolar point the Sun stands
        // pi - phi from the Earth's centre: the penumbra begins at pi - phi = rho + alpha, the
        // umbra at rho - alpha, and both end symmetrically after the anti-Sun point.
        let (r, sun) = (6.8e6, Vector3d::x() * ASTRONOMICAL_UNIT_M);
        let n = (crate::core::earth::MU_M3_S2 / (r * r * r)).sqrt();
        let rho = (crate::core::earth::EQUATORIAL_RADIUS_M / r).asin();
        let alpha = (SUN_RADIUS_M / ASTRONOMICAL_UNIT_M).asin();
        let expected_s = [
            std::f64::consts::PI - rho - alpha,
            std::f64::consts::PI - rho + alpha,
            std::f64::consts::PI + rho - alpha,
            std::f64::consts::PI + rho + alpha,
        ]
        .map(|phi| phi / n);
        let fraction = |t: f64| {
            let phi = n * t;
            visible_sun_fraction(&(Vector3d::new(phi.cos(), phi.sin(), 0.0) * r), &sun)
        };
        // Sampled every 10 ms over the night side: the instants the fraction crosses 1 and 0.
        let (mut found, mut last) = (Vec::new(), fraction(expected_s[0] - 60.0));
        let mut t = expected_s[0] - 60.0;
        while t < expected_s[3] + 60.0 {
            t += 0.01;
            let f = fraction(t);
            let crossed = |a: f64, b: f64, level: f64| (a >= level) != (b >= level);
            if crossed(last, f, 1.0 - 1e-9) || crossed(last, f, 1e-9) {
                found.push(t);
            }
            last = f;
        }
        assert_eq!(found.len(), 4, "{found:?}");
        for (got, want) in found.iter().zip(expected_s) {
            // The Sun's parallax from 6,800 km moves an instant by microseconds.
            assert!((got - want).abs() < 0.05, "shadow edge at {got:.2} s, cone geometry {want:.2} s");
        }
        // Each penumbra lasts 2 alpha / n: 8.3 s at this height.
        assert!(((expected_s[1] - expected_s[0]) - 8.3).abs() < 0.1);
    }

    #[test]
    fn elevation_and_azimuth_are_read_on_the_local_horizon() {
        let here = Vector3d::new(6.8e6, 0.0, 0.0);
        let (elevation, _) = sun_elevation_azimuth_rad(&here, &(Vector3d::x() * ASTRONOMICAL_UNIT_M));
        assert!((elevation - std::f64::consts::FRAC_PI_2).abs() < 1e-9);
        // Due north on the horizon (+z at the equator), then due east (+y).
        let north = sun_elevation_azimuth_rad(&here, &(here + Vector3d::z() * ASTRONOMICAL_UNIT_M));
        assert!(north.0.abs() < 1e-9 && (north.1 < 1e-9 || north.1 > std::f64::consts::TAU - 1e-9), "{north:?}");
        let east = sun_elevation_azimuth_rad(&here, &(here + Vector3d::y() * ASTRONOMICAL_UNIT_M));
        assert!((east.1 - std::f64::consts::FRAC_PI_2).abs() < 1e-9, "{east:?}");
    }
}
