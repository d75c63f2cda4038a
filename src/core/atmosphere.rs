//! Upper-atmosphere density: the Harris–Priester model with the diurnal bulge (Montenbruck &
//! Gill, *Satellite Orbits*, §3.5.2, table 3.8, mean solar activity; as in Orekit and GMAT).

use super::Vector3d;

/// (altitude km, minimum density, maximum density), kg/m³. Montenbruck & Gill table 3.8.
const TABLE: [(f64, f64, f64); 50] = [
    (100.0, 4.974e-07, 4.974e-07),
    (120.0, 2.490e-08, 2.490e-08),
    (130.0, 8.377e-09, 8.710e-09),
    (140.0, 3.899e-09, 4.059e-09),
    (150.0, 2.122e-09, 2.215e-09),
    (160.0, 1.263e-09, 1.344e-09),
    (170.0, 8.008e-10, 8.758e-10),
    (180.0, 5.283e-10, 6.010e-10),
    (190.0, 3.617e-10, 4.297e-10),
    (200.0, 2.557e-10, 3.162e-10),
    (210.0, 1.839e-10, 2.396e-10),
    (220.0, 1.341e-10, 1.853e-10),
    (230.0, 9.949e-11, 1.455e-10),
    (240.0, 7.488e-11, 1.157e-10),
    (250.0, 5.709e-11, 9.308e-11),
    (260.0, 4.403e-11, 7.555e-11),
    (270.0, 3.430e-11, 6.182e-11),
    (280.0, 2.697e-11, 5.095e-11),
    (290.0, 2.139e-11, 4.226e-11),
    (300.0, 1.708e-11, 3.526e-11),
    (320.0, 1.099e-11, 2.511e-11),
    (340.0, 7.214e-12, 1.819e-11),
    (360.0, 4.824e-12, 1.337e-11),
    (380.0, 3.274e-12, 9.955e-12),
    (400.0, 2.249e-12, 7.492e-12),
    (420.0, 1.558e-12, 5.684e-12),
    (440.0, 1.091e-12, 4.355e-12),
    (460.0, 7.701e-13, 3.362e-12),
    (480.0, 5.474e-13, 2.612e-12),
    (500.0, 3.916e-13, 2.042e-12),
    (520.0, 2.819e-13, 1.605e-12),
    (540.0, 2.042e-13, 1.267e-12),
    (560.0, 1.488e-13, 1.005e-12),
    (580.0, 1.092e-13, 7.997e-13),
    (600.0, 8.070e-14, 6.390e-13),
    (620.0, 6.012e-14, 5.123e-13),
    (640.0, 4.519e-14, 4.121e-13),
    (660.0, 3.430e-14, 3.325e-13),
    (680.0, 2.632e-14, 2.691e-13),
    (700.0, 2.043e-14, 2.185e-13),
    (720.0, 1.607e-14, 1.779e-13),
    (740.0, 1.281e-14, 1.452e-13),
    (760.0, 1.036e-14, 1.190e-13),
    (780.0, 8.496e-15, 9.776e-14),
    (800.0, 7.069e-15, 8.059e-14),
    (840.0, 4.680e-15, 5.741e-14),
    (880.0, 3.200e-15, 4.210e-14),
    (920.0, 2.210e-15, 3.130e-14),
    (960.0, 1.560e-15, 2.360e-14),
    (1000.0, 1.150e-15, 1.810e-14),
];

/// Lag of the density bulge's apex behind the Sun in right ascension (M&G eq. 3.105).
const BULGE_LAG_RAD: f64 = 30.0 * std::f64::consts::PI / 180.0;
/// Sea-level density used below the table (US Standard Atmosphere 1976).
const SEA_LEVEL_DENSITY_KG_M3: f64 = 1.225;
/// Scale height joining sea level to the table's 100 km entry.
const LOWER_SCALE_HEIGHT_M: f64 = 100e3 / 14.717_6; // ln(1.225 / 4.974e-7) = 14.7176

/// Harris–Priester density with the table's logarithms precomputed, so that a density costs
/// two exponentials. Not `Copy`: the table is 1.2 kB, and a copy per step cost the propagator
/// a fifth of its speed.
#[derive(Clone, Debug, PartialEq)]
pub struct HarrisPriester {
    /// Pratt's exponent n: 2 for low inclinations, 6 for polar orbits (M&G §3.5.2).
    cos_power: i32,
    /// (altitude km, ln ρ_min, ln ρ_max) per row.
    ln_table: [(f64, f64, f64); TABLE.len()],
}

impl HarrisPriester {
    pub fn new(cos_power: i32) -> Self {
        Self { cos_power, ln_table: TABLE.map(|(h, min, max)| (h, min.ln(), max.ln())) }
    }

    /// Apex of the diurnal bulge, unit vector (M&G eq. 3.105): the Sun's direction turned 30 deg
    /// east about the pole.
    pub fn bulge_apex(sun_direction: &Vector3d) -> Vector3d {
        let (s, c) = BULGE_LAG_RAD.sin_cos();
        Vector3d::new(
            c * sun_direction.x - s * sun_direction.y,
            s * sun_direction.x + c * sun_direction.y,
            sun_direction.z,
        )
    }

    /// Density in kg/m³ at `altitude_m` for a point whose unit position vector makes the cosine
    /// `cos_to_apex` with the bulge apex (M&G eq. 3.106).
    pub fn density_kg_m3(&self, altitude_m: f64, cos_to_apex: f64) -> f64 {
        let h_km = altitude_m / 1000.0;
        if h_km < TABLE[0].0 {
            return SEA_LEVEL_DENSITY_KG_M3 * (-altitude_m.max(0.0) / LOWER_SCALE_HEIGHT_M).exp();
        }
        let t = &self.ln_table;
        let i = t.partition_point(|row| row.0 <= h_km).clamp(1, t.len() - 1) - 1;
        let (h0, min0, max0) = t[i];
        let (h1, min1, max1) = t[i + 1];
        let frac = (h_km - h0) / (h1 - h0);
        // Exponential between rows, and extrapolated above 1000 km.
        let rho_min = (min0 + frac * (min1 - min0)).exp();
        let rho_max = (max0 + frac * (max1 - max0)).exp();
        // cos^n(ψ/2) = (cos²(ψ/2))^(n/2) with cos²(ψ/2) = (1 + cos ψ)/2.
        let cos_half_squared = (0.5 * (1.0 + cos_to_apex)).max(0.0);
        let bulge = cos_half_squared.powi(self.cos_power / 2) * cos_half_squared.sqrt().powi(self.cos_power % 2);
        rho_min + (rho_max - rho_min) * bulge
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn density_spans_night_to_day_and_interpolates_rows() {
        let hp = HarrisPriester::new(4);
        assert!((hp.density_kg_m3(400e3, -1.0) - 2.249e-12).abs() < 1e-20);
        assert!((hp.density_kg_m3(400e3, 1.0) - 7.492e-12).abs() < 1e-20);
        let mid = hp.density_kg_m3(410e3, -1.0);
        assert!(mid < 2.249e-12 && mid > 1.558e-12);
        assert!((mid - (2.249e-12_f64 * 1.558e-12).sqrt()).abs() < 1e-20, "geometric mean halfway");
        assert!(hp.density_kg_m3(50e3, 0.0) > 1e-4 && hp.density_kg_m3(0.0, 0.0) == 1.225);
        assert!(hp.density_kg_m3(1200e3, 1.0) < 1.810e-14);
    }

    #[test]
    fn apex_lags_the_sun_by_30_degrees_in_right_ascension() {
        let apex = HarrisPriester::bulge_apex(&Vector3d::x());
        assert!((apex.y.atan2(apex.x).to_degrees() - 30.0).abs() < 1e-12);
    }
}
