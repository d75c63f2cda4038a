//! What a teacher draws over the scene, from a vehicle's state alone: its osculating orbit, the
//! ellipse it would fly if only the Earth's centre pulled it, and its ground track, the points
//! below it on the turning Earth.

use super::elements::OrbitalElements;
use super::frames::{Geodetic, ecef_from_geodetic_m, geodetic_from_eci_position_m};
use super::time::{UtcInstant, gmst_rad};
use super::{StateVector, Vector3d, position_m};

/// The osculating elements of `state` if its orbit closes (not an escape, not a body at rest).
fn closed_orbit(state: &StateVector) -> Option<OrbitalElements> {
    let elements = OrbitalElements::from_state(state);
    (elements.eccentricity < 1.0 && elements.semi_major_axis_m > 0.0 && elements.semi_major_axis_m.is_finite())
        .then_some(elements)
}

/// `count` points of the osculating ellipse through `state`, inertial metres, the first at the
/// state's own position, evenly spaced in time over one period (two-body motion, Vallado
/// Algorithm 2). None for an orbit that does not close.
pub fn osculating_orbit_m(state: &StateVector, count: usize) -> Option<Vec<Vector3d>> {
    let elements = closed_orbit(state).filter(|_| count > 0)?;
    let period_s = elements.period_s();
    Some(
        (0..count)
            .map(|k| position_m(&elements.propagated_two_body(period_s * k as f64 / count as f64).to_state()))
            .collect(),
    )
}

/// The ground track of the osculating orbit through `state` at `utc`: `count` sub-vehicle
/// points on the WGS-84 ellipsoid, Earth-fixed metres, from `from` to `to` periods about `utc`
/// (negative is behind). Each is the geodetic foot of the two-body position at its instant,
/// the Earth turned by GMST then (Vallado eq. 3-47), so the track drifts west by the Earth's
/// turn over an orbit. None where the orbit does not close.
pub fn ground_track_ecef_m(
    state: &StateVector,
    utc: UtcInstant,
    ut1_minus_utc_s: f64,
    (from, to): (f64, f64),
    count: usize,
) -> Option<Vec<Vector3d>> {
    let elements = closed_orbit(state).filter(|_| count >= 2)?;
    let period_s = elements.period_s();
    Some(
        (0..count)
            .map(|k| {
                let dt_s = period_s * (from + (to - from) * k as f64 / (count - 1) as f64);
                let at = position_m(&elements.propagated_two_body(dt_s).to_state());
                let gmst = gmst_rad(utc.plus_seconds(dt_s).julian_date_ut1(ut1_minus_utc_s));
                let below = geodetic_from_eci_position_m(&at, gmst);
                ecef_from_geodetic_m(&Geodetic { altitude_m: 0.0, ..below })
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::earth::{EQUATORIAL_RADIUS_M, MU_M3_S2};
    use crate::core::frames::geodetic_from_ecef;
    use crate::core::state_from;

    /// The ISS's orbit of October 2021: 420 km up, 51.64 deg, at the ascending node.
    fn iss_like() -> StateVector {
        let r = EQUATORIAL_RADIUS_M + 420e3;
        let v = (MU_M3_S2 / r).sqrt();
        let i = 51.64_f64.to_radians();
        state_from(Vector3d::new(r, 0.0, 0.0), Vector3d::new(0.0, v * i.cos(), v * i.sin()))
    }

    #[test]
    fn the_orbit_line_passes_through_the_vehicle_and_keeps_its_radius_and_plane() {
        let state = iss_like();
        let points = osculating_orbit_m(&state, 64).unwrap();
        assert_eq!(points.len(), 64);
        assert!((points[0] - position_m(&state)).norm() < 1e-3, "{}", points[0]);
        let normal = position_m(&state).cross(&crate::core::velocity_mps(&state)).normalize();
        let r = position_m(&state).norm();
        for p in &points {
            assert!((p.norm() - r).abs() < 1e-3 && p.dot(&normal).abs() < 1e-3, "{p}");
        }
        // Halfway round: the opposite side.
        assert!((points[32] + position_m(&state)).norm() < 1.0, "{}", points[32]);
        // A hyperbola has no closed line.
        let fast = state_from(position_m(&state), crate::core::velocity_mps(&state) * 1.5);
        assert!(osculating_orbit_m(&fast, 64).is_none());
    }

    #[test]
    fn the_ground_track_reaches_the_inclination_and_moves_west_by_the_earths_turn() {
        let state = iss_like();
        let utc = UtcInstant::parse_iso8601("2021-10-05T09:00:00Z").unwrap();
        let period_s = OrbitalElements::from_state(&state).period_s();
        let track = ground_track_ecef_m(&state, utc, 0.0, (0.0, 1.0), 721).unwrap();
        let geodetic: Vec<Geodetic> = track.iter().map(geodetic_from_ecef).collect();
        // On the surface, starting on the equator (the node).
        assert!(geodetic.iter().all(|g| g.altitude_m.abs() < 1e-3));
        assert!(geodetic[0].latitude_rad.abs() < 1e-9);
        // The track's northernmost latitude is the inclination (geodetic, so a little more:
        // the WGS-84 ellipsoid's flattening adds up to 0.19 deg at 51.6 deg).
        let north_deg = geodetic.iter().map(|g| g.latitude_rad).fold(f64::MIN, f64::max).to_degrees();
        assert!((51.64..51.64 + 0.2).contains(&north_deg), "{north_deg}");
        // One period later, back at the node, but west by the Earth's turn in that time
        // (7.292 115e-5 rad/s sidereal, IERS), 23.3 deg for a 92.9 min orbit.
        let shift_deg = (geodetic[0].longitude_rad - geodetic[720].longitude_rad).to_degrees().rem_euclid(360.0);
        let expected_deg = (7.292_115e-5 * period_s).to_degrees();
        assert!((shift_deg - expected_deg).abs() < 0.01, "{shift_deg} vs {expected_deg}");
        assert!(geodetic[720].latitude_rad.abs() < 1e-6);
    }
}
