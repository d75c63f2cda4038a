//! The Soyuz MS's docking floodlights, and the exposure a camera needs for what they light. On
//! MS-19 the docking was flown in the Earth's shadow under the ship's own lamps; their places
//! and powers are not published (L: derived): two lamps of 4,000 lm (a car's high beam gives
//! about 1,500), each in a 25 deg half-angle cone along the probe.

/// Lamps beside the probe.
pub const LAMPS: u32 = 2;
/// Light of one lamp, lm (L: derived).
pub const LAMP_LUMENS: f64 = 4_000.0;
/// Half-angle of a lamp's cone, rad (L: derived).
pub const HALF_ANGLE_RAD: f64 = 25.0 * std::f64::consts::PI / 180.0;

/// A lamp's luminous intensity along its axis, cd: its light spread evenly over its cone's
/// solid angle, 2π(1 − cos θ).
pub fn intensity_cd() -> f64 {
    LAMP_LUMENS / (2.0 * std::f64::consts::PI * (1.0 - HALF_ANGLE_RAD.cos()))
}

/// Illuminance the lamps give a surface facing them `range_m` ahead, lux (inverse square).
pub fn illuminance_lux(range_m: f64) -> f64 {
    f64::from(LAMPS) * intensity_cd() / (range_m * range_m)
}

/// Average reflectance a reflected-light meter assumes (18 % grey).
const METERED_REFLECTANCE: f64 = 0.18;
/// Reflected-light meter calibration constant, cd·s/m² (ISO 2720, K = 12.5).
const METER_CALIBRATION: f64 = 12.5;

/// Exposure value at ISO 100 that a reflected-light meter gives a scene under `lux`:
/// EV100 = log2(L · 100 / K), L = ρ E / π for the 18 % grey it assumes (ISO 2720). Sunlight,
/// 100,000 lux, gives 15.5: the "sunny 16" EV 15 that Bevy's sunlight exposure is.
pub fn metered_ev100(lux: f64) -> f64 {
    (METERED_REFLECTANCE * lux / std::f64::consts::PI * 100.0 / METER_CALIBRATION).log2()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lamps_light_the_target_by_the_inverse_square_and_the_meter_follows() {
        // 4,000 lm in 0.589 sr: 6,795 cd a lamp; two at 10 m: 136 lux.
        assert!((intensity_cd() - 6_795.0).abs() < 1.0, "{}", intensity_cd());
        assert!((illuminance_lux(10.0) - 135.9).abs() < 0.1);
        assert!((illuminance_lux(2.0) / illuminance_lux(40.0) - 400.0).abs() < 1e-9);
        // The meter's rule gives sunlight its EV 15 (to half a stop), and 2 stops a halving of range.
        assert!((metered_ev100(100_000.0) - 15.0).abs() < 0.6);
        assert!((metered_ev100(illuminance_lux(10.0)) - metered_ev100(illuminance_lux(20.0)) - 2.0).abs() < 1e-9);
    }
}
