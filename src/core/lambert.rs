//! Lambert's problem: the orbit through two positions in a given time (universal variables,
//! Curtis, *Orbital Mechanics for Engineering Students*, Algorithm 5.2; single revolution,
//! prograde), solved by bisection on z for robustness.

use super::Vector3d;
use super::earth::MU_M3_S2;

/// Stumpff functions S(z), C(z) (Curtis eqs. 3.52, 3.53).
fn stumpff(z: f64) -> (f64, f64) {
    if z > 1e-8 {
        let s = z.sqrt();
        ((s - s.sin()) / (s * s * s), (1.0 - s.cos()) / z)
    } else if z < -1e-8 {
        let s = (-z).sqrt();
        ((s.sinh() - s) / (s * s * s), (s.cosh() - 1.0) / -z)
    } else {
        (1.0 / 6.0, 0.5)
    }
}

/// Velocities at departure and arrival for a prograde transfer (angular momentum along
/// `plane_normal`) from `r1` to `r2` in `time_of_flight_s`. `None` when no single-revolution
/// transfer exists (e.g. a transfer angle of exactly 180 deg).
pub fn lambert_velocities_mps(
    r1: &Vector3d,
    r2: &Vector3d,
    time_of_flight_s: f64,
    plane_normal: &Vector3d,
) -> Option<(Vector3d, Vector3d)> {
    let (r1n, r2n) = (r1.norm(), r2.norm());
    let mut dtheta = (r1.dot(r2) / (r1n * r2n)).clamp(-1.0, 1.0).acos();
    if r1.cross(r2).dot(plane_normal) < 0.0 {
        dtheta = std::f64::consts::TAU - dtheta;
    }
    let a = dtheta.sin() * (r1n * r2n / (1.0 - dtheta.cos())).sqrt();
    if !a.is_finite() || a.abs() < 1e-9 {
        return None;
    }
    let y = |z: f64| {
        let (s, c) = stumpff(z);
        r1n + r2n + a * (z * s - 1.0) / c.sqrt()
    };
    let time = |z: f64| {
        let (s, c) = stumpff(z);
        let yz = y(z);
        ((yz / c).powf(1.5) * s + a * yz.sqrt()) / MU_M3_S2.sqrt()
    };
    // Time of flight grows with z on a single revolution; z < 4π² keeps it to one.
    let mut low = -4.0 * std::f64::consts::PI.powi(2);
    while y(low) < 0.0 {
        low += 0.1;
    }
    let mut high = 4.0 * std::f64::consts::PI.powi(2) - 1e-6;
    if !(time(low) < time_of_flight_s && time_of_flight_s < time(high)) {
        return None;
    }
    for _ in 0..200 {
        let mid = 0.5 * (low + high);
        if time(mid) < time_of_flight_s {
            low = mid;
        } else {
            high = mid;
        }
    }
    let yz = y(0.5 * (low + high));
    // Lagrange coefficients (Curtis eqs. 5.46).
    let f = 1.0 - yz / r1n;
    let g = a * (yz / MU_M3_S2).sqrt();
    let g_dot = 1.0 - yz / r2n;
    Some(((r2 - f * r1) / g, (g_dot * r2 - r1) / g))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_curtis_example_5_2() {
        // Curtis Example 5.2: r1 = (5000, 10000, 2100) km, r2 = (-14600, 2500, 7000) km, one
        // hour -> v1 = (-5.9925, 1.9254, 3.2456) km/s, v2 = (-3.3125, -4.1966, -0.38529) km/s.
        let r1 = Vector3d::new(5000e3, 10000e3, 2100e3);
        let r2 = Vector3d::new(-14600e3, 2500e3, 7000e3);
        let (v1, v2) = lambert_velocities_mps(&r1, &r2, 3600.0, &Vector3d::z()).unwrap();
        let expected1 = Vector3d::new(-5992.5, 1925.4, 3245.6);
        let expected2 = Vector3d::new(-3312.5, -4196.6, -385.29);
        assert!((v1 - expected1).norm() < 2.0, "{v1}");
        assert!((v2 - expected2).norm() < 2.0, "{v2}");
    }

    #[test]
    fn a_quarter_of_a_circular_orbit_comes_back_circular() {
        let r = 6.8e6;
        let v = (MU_M3_S2 / r).sqrt();
        let quarter = std::f64::consts::FRAC_PI_2 * r / v;
        let (v1, _) =
            lambert_velocities_mps(&Vector3d::new(r, 0.0, 0.0), &Vector3d::new(0.0, r, 0.0), quarter, &Vector3d::z())
                .unwrap();
        assert!((v1 - Vector3d::new(0.0, v, 0.0)).norm() < 1e-3, "{v1}");
    }
}
