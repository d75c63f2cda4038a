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

/// Whether a point is in the Earth's shadow, with a cylindrical shadow (Vallado Algorithm 34):
/// what tells orbital day from night.
pub fn is_in_earth_shadow(position_eci_m: &Vector3d, sun_direction: &Vector3d) -> bool {
    let along = position_eci_m.dot(sun_direction);
    along < 0.0 && (position_eci_m - along * sun_direction).norm() < super::earth::EQUATORIAL_RADIUS_M
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

    #[test]
    fn shadow_is_behind_the_earth_only() {
        let sun = Vector3d::x();
        assert!(is_in_earth_shadow(&Vector3d::new(-6.8e6, 0.0, 0.0), &sun));
        assert!(!is_in_earth_shadow(&Vector3d::new(6.8e6, 0.0, 0.0), &sun));
        assert!(!is_in_earth_shadow(&Vector3d::new(-1.0e6, 6.8e6, 0.0), &sun));
    }
}
