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
/// How far behind the probe's tip the lamps sit, m (L: derived).
pub const BEHIND_TIP_M: f64 = 1.0;

/// A lamp's luminous intensity along its axis, cd: its light spread evenly over its cone's
/// solid angle, 2π(1 − cos θ).
pub fn intensity_cd() -> f64 {
    LAMP_LUMENS / (2.0 * std::f64::consts::PI * (1.0 - HALF_ANGLE_RAD.cos()))
}

/// Illuminance the lamps give a surface facing them `range_m` ahead, lux (inverse square).
pub fn illuminance_lux(range_m: f64) -> f64 {
    f64::from(LAMPS) * intensity_cd() / (range_m * range_m)
}

/// Share of the lamps' light the station's white blankets send back (L: derived; beta cloth
/// over multilayer insulation is a bright white).
pub const STATION_ALBEDO: f64 = 0.6;
/// The station's face behind the port that the lamps' cone falls on, m² (L: derived; Rassvet
/// and Zarya's underside above it, about 12.6 m by 4.1 m).
pub const STATION_FACE_M2: f64 = 52.0;

/// Luminous intensity, cd, of the patch the lamps light on the station `range_m` ahead, back
/// towards the ship: a Lambertian reflector of the light that lands on it sends I = ρΦ/π along
/// its normal. The light that lands is the share of the cone's spot the face fills.
pub fn bounce_intensity_cd(range_m: f64) -> f64 {
    let spot_m2 = std::f64::consts::PI * (range_m.max(0.0) * HALF_ANGLE_RAD.tan()).powi(2);
    let landing = (STATION_FACE_M2 / spot_m2).min(1.0);
    STATION_ALBEDO * f64::from(LAMPS) * LAMP_LUMENS * landing / std::f64::consts::PI
}

/// Illuminance on the ship's nose from the light the station throws back with the port
/// `range_m` ahead of the probe's tip, lux (the nose as far from the face as the lamps are).
pub fn bounce_illuminance_lux(range_m: f64) -> f64 {
    let from_face_m = range_m.max(0.0) + BEHIND_TIP_M;
    bounce_intensity_cd(range_m) / (from_face_m * from_face_m)
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

    #[test]
    fn the_station_throws_back_the_light_that_lands_on_it() {
        // Close in, all 8,000 lm land: 0.6 x 8,000 / pi = 1,528 cd.
        assert!((bounce_intensity_cd(1.0) - 1_527.9).abs() < 0.1, "{}", bounce_intensity_cd(1.0));
        // At 40 m the spot is 18.7 m across, 1,089 m²: 4.8 % lands.
        assert!((bounce_intensity_cd(40.0) / bounce_intensity_cd(1.0) - 52.0 / 1_089.5).abs() < 1e-3);
        // Never more than the lamps give: the light back on the ship is a fraction of theirs.
        for range_m in [0.5, 5.0, 10.0, 40.0] {
            let back_lux = bounce_intensity_cd(range_m) / (range_m * range_m);
            assert!(back_lux < illuminance_lux(range_m), "{range_m} m");
        }
    }
}
