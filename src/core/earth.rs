//! The Earth: WGS-84 ellipsoid, gravitational parameter and zonal harmonics J2..J4.

use super::Vector3d;

/// WGS-84 semi-major axis (NIMA TR8350.2, 3rd ed., table 3.1).
pub const EQUATORIAL_RADIUS_M: f64 = 6_378_137.0;
/// WGS-84 flattening (NIMA TR8350.2 table 3.1).
pub const FLATTENING: f64 = 1.0 / 298.257_223_563;
/// Earth's gravitational parameter including the atmosphere (NIMA TR8350.2 table 3.1).
pub const MU_M3_S2: f64 = 3.986_004_418e14;
/// Mean rotation rate (NIMA TR8350.2 table 3.1).
pub const ROTATION_RATE_RAD_S: f64 = 7.292_115e-5;
/// Unnormalised zonal coefficients of EGM2008 (Pavlis et al. 2012; J_n = -C_n0).
pub const J2: f64 = 1.082_626_683_55e-3;
pub const J3: f64 = -2.532_656_485_33e-6;
pub const J4: f64 = -1.619_621_591_37e-6;

pub fn eccentricity_squared() -> f64 {
    FLATTENING * (2.0 - FLATTENING)
}

/// Which zonal terms act on a body.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize)]
pub enum Zonal {
    PointMass,
    J2,
    J2J3J4,
}

/// Point-mass plus zonal-harmonic gravitational acceleration, m/s², from the gradient of
/// U = μ/r [1 − Σ Jn (R/r)^n Pn(z/r)] (Vallado eq. 8-30; Montenbruck & Gill §3.2).
/// Always inlined: with `zonal` a constant at the call the unused terms fold away.
#[inline(always)]
pub fn gravity_acceleration_mps2(position_m: &Vector3d, zonal: Zonal) -> Vector3d {
    let (x, y, z) = (position_m.x, position_m.y, position_m.z);
    let r2 = x * x + y * y + z * z;
    let r = r2.sqrt();
    let mu_r3 = MU_M3_S2 / (r2 * r);
    let mut a = Vector3d::new(-mu_r3 * x, -mu_r3 * y, -mu_r3 * z);
    if zonal == Zonal::PointMass {
        return a;
    }
    let re_r2 = EQUATORIAL_RADIUS_M * EQUATORIAL_RADIUS_M / r2;
    let s2 = z * z / r2; // sin² of geocentric latitude
    let k2 = -1.5 * J2 * mu_r3 * re_r2;
    a.x += k2 * x * (1.0 - 5.0 * s2);
    a.y += k2 * y * (1.0 - 5.0 * s2);
    a.z += k2 * z * (3.0 - 5.0 * s2);
    if zonal == Zonal::J2 {
        return a;
    }
    let re_r = EQUATORIAL_RADIUS_M / r;
    let k3 = -2.5 * J3 * mu_r3 * re_r2 * re_r / r;
    a.x += k3 * x * (3.0 * z - 7.0 * z * s2);
    a.y += k3 * y * (3.0 * z - 7.0 * z * s2);
    a.z += k3 * (6.0 * z * z - 7.0 * z * z * s2 - 0.6 * r2);
    let k4 = 1.875 * J4 * mu_r3 * re_r2 * re_r2;
    let poly = 1.0 - 14.0 * s2 + 21.0 * s2 * s2;
    a.x += k4 * x * poly;
    a.y += k4 * y * poly;
    a.z += k4 * z * (5.0 - 70.0 / 3.0 * s2 + 21.0 * s2 * s2);
    a
}

/// Gravitational potential (m²/s², positive), the function [`gravity_acceleration_mps2`] is the
/// gradient of; used to check it and for energy.
pub fn gravity_potential_m2_s2(position_m: &Vector3d, zonal: Zonal) -> f64 {
    let r = position_m.norm();
    let s = position_m.z / r;
    let q = EQUATORIAL_RADIUS_M / r;
    let p2 = 0.5 * (3.0 * s * s - 1.0);
    let p3 = 0.5 * (5.0 * s * s * s - 3.0 * s);
    let p4 = (35.0 * s.powi(4) - 30.0 * s * s + 3.0) / 8.0;
    let sum = match zonal {
        Zonal::PointMass => 0.0,
        Zonal::J2 => J2 * q * q * p2,
        Zonal::J2J3J4 => J2 * q * q * p2 + J3 * q.powi(3) * p3 + J4 * q.powi(4) * p4,
    };
    MU_M3_S2 / r * (1.0 - sum)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acceleration_is_the_gradient_of_the_potential() {
        let p = Vector3d::new(4.1e6, -3.3e6, 4.4e6);
        for zonal in [Zonal::PointMass, Zonal::J2, Zonal::J2J3J4] {
            let a = gravity_acceleration_mps2(&p, zonal);
            let h = 1.0;
            for axis in 0..3 {
                let mut dp = Vector3d::zeros();
                dp[axis] = h;
                let grad =
                    (gravity_potential_m2_s2(&(p + dp), zonal) - gravity_potential_m2_s2(&(p - dp), zonal)) / (2.0 * h);
                assert!((grad - a[axis]).abs() < 1e-8, "{zonal:?} axis {axis}: {grad} vs {}", a[axis]);
            }
        }
    }

    #[test]
    fn surface_gravity_is_about_9_8() {
        let g = gravity_acceleration_mps2(&Vector3d::new(EQUATORIAL_RADIUS_M, 0.0, 0.0), Zonal::J2J3J4).norm();
        // Attraction alone at the equator (no centrifugal term): 9.814 m/s² (WGS-84 normal gravity
        // 9.7803 plus ω²a = 0.0339).
        assert!((g - 9.814).abs() < 0.002, "{g}");
    }
}
