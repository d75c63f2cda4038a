//! Upper-atmosphere density, by one of two models a scenario chooses:
//! - Harris–Priester with the diurnal bulge (Montenbruck & Gill, *Satellite Orbits*, §3.5.2,
//!   table 3.8, mean solar activity; as in Orekit and GMAT): static, no solar input;
//! - NRLMSISE-00 (Picone, Hedin, Drob & Aikin, J. Geophys. Res. 107(A12), 1468, 2002), satkit's
//!   port, driven by the solar flux and geomagnetic indices observed on the day (CelesTrak's
//!   space-weather record, embedded for September 2021 to April 2022).

use super::Vector3d;
use super::frames::Geodetic;
use super::time::UtcInstant;
use std::sync::OnceLock;

/// A density model: what [`super::forces::ForceModel`] samples along a body's path.
#[derive(Clone, Debug, PartialEq)]
#[expect(
    clippy::large_enum_variant,
    reason = "held once behind an Arc; boxing Harris-Priester's 2 kB table would add a pointer chase to each density sample"
)]
pub enum Atmosphere {
    HarrisPriester(HarrisPriester),
    Nrlmsise00(Nrlmsise00),
}

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

/// One band between two table rows: ln ρ at its floor and its slope per km, for the density's
/// night minimum and its day maximum.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Band {
    floor_km: f64,
    /// The shorter of the two profiles' scale heights in the band, m.
    scale_height_m: f64,
    ln_min: f64,
    ln_min_per_km: f64,
    ln_max: f64,
    ln_max_per_km: f64,
}

/// Every row of [`TABLE`] sits on a multiple of this, so each cell of this width above the
/// first row lies inside exactly one band.
const CELL_KM: f64 = 10.0;
const CELLS: usize = ((1000.0 - 100.0) / CELL_KM) as usize;

/// Harris–Priester density with the table's logarithms and their slopes precomputed, and the
/// band found through a grid of 10 km cells rather than a search: a density costs two
/// multiply-adds and two exponentials, and the propagator samples it on its critical path.
/// Not `Copy`: the table is 2 kB, and a copy per step cost the propagator a fifth of its speed.
#[derive(Clone, Debug, PartialEq)]
pub struct HarrisPriester {
    /// Pratt's exponent n: 2 for low inclinations, 6 for polar orbits (M&G §3.5.2).
    cos_power: i32,
    /// The band each 10 km cell from the first row up lies in.
    band_of_cell: [u8; CELLS],
    bands: [Band; TABLE.len() - 1],
}

impl HarrisPriester {
    /// The model with Pratt's exponent `cos_power` (2 to 8 in use).
    /// The table with Pratt's exponent 4, shared: for its scale heights, which do not depend
    /// on the exponent.
    pub fn table() -> &'static Self {
        static TABLE_4: OnceLock<HarrisPriester> = OnceLock::new();
        TABLE_4.get_or_init(|| Self::new(4))
    }

    pub fn new(cos_power: i32) -> Self {
        assert!(cos_power >= 0, "Pratt's exponent is a power of a cosine: {cos_power} < 0");
        let band = |i: usize| {
            let ((h0, min0, max0), (h1, min1, max1)) = (TABLE[i], TABLE[i + 1]);
            let (min_per_km, max_per_km) = ((min1.ln() - min0.ln()) / (h1 - h0), (max1.ln() - max0.ln()) / (h1 - h0));
            Band {
                floor_km: h0,
                scale_height_m: 1e3 / min_per_km.abs().max(max_per_km.abs()),
                ln_min: min0.ln(),
                ln_min_per_km: min_per_km,
                ln_max: max0.ln(),
                ln_max_per_km: max_per_km,
            }
        };
        let band_of_cell = std::array::from_fn(|cell| {
            let cell_floor_km = TABLE[0].0 + cell as f64 * CELL_KM;
            (TABLE.partition_point(|row| row.0 <= cell_floor_km) - 1) as u8
        });
        Self { cos_power, band_of_cell, bands: std::array::from_fn(band) }
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

    /// The band an altitude at or above the first row lies in: exponential between rows, and
    /// the top band extrapolated above 1000 km. The cell is found by a multiplication, not a
    /// division (this is on the propagator's critical path); at a row itself the band on either
    /// side gives the same density.
    fn band_at(&self, h_km: f64) -> &Band {
        let cell = (((h_km - TABLE[0].0) * (1.0 / CELL_KM)) as usize).min(CELLS - 1);
        &self.bands[usize::from(self.band_of_cell[cell])]
    }

    /// Density scale height at `altitude_m`, m: the rise over which the density falls by a
    /// factor e, the shorter of the night and the day profile's.
    pub fn scale_height_m(&self, altitude_m: f64) -> f64 {
        let h_km = altitude_m * 1e-3;
        if h_km < TABLE[0].0 {
            return LOWER_SCALE_HEIGHT_M;
        }
        self.band_at(h_km).scale_height_m
    }

    /// Density in kg/m³ at `altitude_m` for a point whose unit position vector makes the cosine
    /// `cos_to_apex` with the bulge apex (M&G eq. 3.106).
    pub fn density_kg_m3(&self, altitude_m: f64, cos_to_apex: f64) -> f64 {
        let h_km = altitude_m * 1e-3;
        if h_km < TABLE[0].0 {
            return SEA_LEVEL_DENSITY_KG_M3 * (-altitude_m.max(0.0) / LOWER_SCALE_HEIGHT_M).exp();
        }
        let band = self.band_at(h_km);
        let above_km = h_km - band.floor_km;
        let rho_min = (band.ln_min + above_km * band.ln_min_per_km).exp();
        let rho_max = (band.ln_max + above_km * band.ln_max_per_km).exp();
        // cos^n(ψ/2) = (cos²(ψ/2))^(n/2) with cos²(ψ/2) = (1 + cos ψ)/2; multiplied out, as
        // `powi` with an exponent unknown at compile time is a library call.
        let cos_half_squared = (0.5 * (1.0 + cos_to_apex)).max(0.0);
        let mut bulge = if self.cos_power % 2 == 1 { cos_half_squared.sqrt() } else { 1.0 };
        for _ in 0..self.cos_power / 2 {
            bulge *= cos_half_squared;
        }
        rho_min + (rho_max - rho_min) * bulge
    }
}

/// CelesTrak's space-weather record (`SW-All`, https://celestrak.org/SpaceData/, T. S. Kelso;
/// redistributable with that address given) for 2021-09-01 to 2022-04-30, in its CSV form: the
/// observed F10.7 and its 81-day mean, and the 3-hourly ap, for MS-19's flight and stay.
pub const SPACE_WEATHER_CSV: &str = include_str!("../../config/space-weather/sw-2021-09-to-2022-04.csv");

impl Atmosphere {
    /// Whether the model's inputs at `at` are recorded ones: always for Harris–Priester, which
    /// takes none; for NRLMSISE-00, inside the embedded space weather (past it, satkit runs on
    /// the model's standard F10.7 = 150, Ap = 4).
    pub fn inputs_recorded_at(&self, at: UtcInstant) -> bool {
        match self {
            Self::HarrisPriester(_) => true,
            Self::Nrlmsise00(_) => Nrlmsise00::covers(at),
        }
    }
}

/// NRLMSISE-00 fed the embedded space weather. Outside the record's dates the model takes its
/// standard inputs (F10.7 = F10.7A = 150, Ap = 4), as its authors' code does; a scenario that
/// starts outside them is refused at load ([`Nrlmsise00::covers`]).
#[derive(Clone, Debug, PartialEq)]
pub struct Nrlmsise00 {
    /// Private: the only way to a model is [`Nrlmsise00::with_embedded_weather`], which loads
    /// the record first.
    _loaded: (),
}

impl Nrlmsise00 {
    /// The model, the embedded record loaded into satkit's table (once per process).
    pub fn with_embedded_weather() -> Self {
        static LOADED: OnceLock<()> = OnceLock::new();
        LOADED.get_or_init(|| {
            satkit::spaceweather::init_from_bytes(SPACE_WEATHER_CSV.as_bytes())
                .expect("the embedded space-weather record parses (tested)");
        });
        Self { _loaded: () }
    }

    /// The first and last day of the embedded record, UTC midnight to the end of the last day.
    pub fn record_span() -> (UtcInstant, UtcInstant) {
        static SPAN: OnceLock<(UtcInstant, UtcInstant)> = OnceLock::new();
        *SPAN.get_or_init(Self::parse_record_span)
    }

    fn parse_record_span() -> (UtcInstant, UtcInstant) {
        let date = |line: &str| {
            let field = |range: std::ops::Range<usize>| line[range].parse::<u32>().expect("a YYYY-MM-DD date");
            UtcInstant::from_calendar(i64::from(field(0..4)), field(5..7), field(8..10), 0, 0, 0.0)
        };
        let mut rows = SPACE_WEATHER_CSV.lines().skip(1).filter(|l| !l.is_empty());
        let first = date(rows.next().expect("rows"));
        let last = date(rows.last().expect("rows"));
        (first, last.plus_seconds(super::time::SECONDS_PER_DAY))
    }

    /// Whether the record holds the day of `at`, and the three days of ap history before it.
    pub fn covers(at: UtcInstant) -> bool {
        let (first, end) = Self::record_span();
        at.seconds_since(first) >= 3.0 * super::time::SECONDS_PER_DAY && at.seconds_since(end) < 0.0
    }

    /// Total mass density at `place` at `at`, kg/m³ (the model's `gtd7d`, which counts
    /// anomalous oxygen, the form recommended for drag).
    pub fn density_kg_m3(&self, place: &Geodetic, at: UtcInstant) -> f64 {
        let instant = satkit::Instant::from_unixtime(at.unix_seconds());
        let (density, _temperature_k) = satkit::nrlmsise::nrlmsise(
            place.altitude_m.max(0.0) * 1e-3,
            Some(place.latitude_rad.to_degrees()),
            Some(place.longitude_rad.to_degrees()),
            Some(&instant),
            true,
        );
        density
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

    /// The textbook form (M&G eqs. 3.104 and 3.106): search the rows, scale heights between them.
    fn textbook_density_kg_m3(altitude_m: f64, cos_to_apex: f64, n: i32) -> f64 {
        let h = altitude_m / 1000.0;
        let i = TABLE.iter().rposition(|row| row.0 <= h).unwrap().min(TABLE.len() - 2);
        let ((h0, min0, max0), (h1, min1, max1)) = (TABLE[i], TABLE[i + 1]);
        let scale_min = (h0 - h1) / (min1 / min0).ln();
        let scale_max = (h0 - h1) / (max1 / max0).ln();
        let rho_min = min0 * ((h0 - h) / scale_min).exp();
        let rho_max = max0 * ((h0 - h) / scale_max).exp();
        let cos_half = (0.5 * (1.0 + cos_to_apex)).sqrt();
        rho_min + (rho_max - rho_min) * cos_half.powi(n)
    }

    #[test]
    fn the_cell_grid_finds_the_band_the_textbook_search_finds() {
        assert!(TABLE.iter().all(|row| (row.0 / CELL_KM).fract() == 0.0), "every row on the 10 km grid");
        for n in [2, 3, 4, 6] {
            let hp = HarrisPriester::new(n);
            for k in 0..=11_000 {
                let altitude_m = 100e3 + k as f64 * 100.0 + 0.37;
                let cos_to_apex = (k as f64 * 0.37).cos();
                let (ours, textbook) =
                    (hp.density_kg_m3(altitude_m, cos_to_apex), textbook_density_kg_m3(altitude_m, cos_to_apex, n));
                assert!((ours / textbook - 1.0).abs() < 1e-12, "n {n}, {altitude_m} m: {ours} vs {textbook}");
            }
        }
    }

    #[test]
    fn scale_height_is_tens_of_kilometres_in_orbit_and_7_km_near_the_ground() {
        let hp = HarrisPriester::new(4);
        // Between 400 and 420 km, ln(2.249/1.558)/20 km and ln(7.492/5.684)/20 km: 54.5 and 72.4 km.
        assert!((hp.scale_height_m(410e3) - 20e3 / (2.249_f64 / 1.558).ln()).abs() < 1e-6);
        assert!((hp.scale_height_m(50e3) - 6_795.0).abs() < 1.0, "{}", hp.scale_height_m(50e3));
    }

    #[test]
    fn only_nrlmsise_runs_out_of_recorded_inputs() {
        let (launch, after) =
            (UtcInstant::from_calendar(2021, 10, 5, 8, 55, 0.0), UtcInstant::from_calendar(2022, 5, 1, 0, 0, 1.0));
        let msis = Atmosphere::Nrlmsise00(Nrlmsise00::with_embedded_weather());
        assert!(msis.inputs_recorded_at(launch) && !msis.inputs_recorded_at(after));
        assert!(Atmosphere::HarrisPriester(HarrisPriester::new(4)).inputs_recorded_at(after));
    }

    #[test]
    fn apex_lags_the_sun_by_30_degrees_in_right_ascension() {
        let apex = HarrisPriester::bulge_apex(&Vector3d::x());
        assert!((apex.y.atan2(apex.x).to_degrees() - 30.0).abs() < 1e-12);
    }

    /// Against the authors' Fortran NRLMSISE-00 (pymsis 0.13, `version=0`,
    /// `geomagnetic_activity=-1`), given by hand the indices the interface defines for each
    /// instant from the same record: observed F10.7 of the day before, the observed 81-day mean
    /// centred on the day, and the 7-element 3-hourly ap history. Our geodetic place and UTC must
    /// reach satkit's port as the same inputs; the daily-Ap form differs by 1.4-9 % on these.
    #[test]
    fn nrlmsise_matches_the_reference_fortran_on_three_october_2021_instants() {
        let model = Nrlmsise00::with_embedded_weather();
        // (UTC, lat deg, lon deg, alt km, pymsis density kg/m³)
        let cases = [
            (UtcInstant::from_calendar(2021, 10, 5, 12, 22, 31.0), 45.0, 10.0, 420.0, 1.296342e-12),
            (UtcInstant::from_calendar(2021, 10, 12, 21, 0, 0.0), -30.0, 120.0, 400.0, 1.388498e-12),
            (UtcInstant::from_calendar(2021, 10, 28, 3, 30, 0.0), 51.6, -100.0, 430.0, 6.685148e-13),
        ];
        for (at, lat, lon, alt_km, reference) in cases {
            let density = model.density_kg_m3(&Geodetic::from_degrees(lat, lon, alt_km * 1e3), at);
            assert!((density / reference - 1.0).abs() < 1e-5, "{at:?}: {density} vs {reference}");
        }
    }

    #[test]
    fn the_embedded_record_spans_the_flight_and_the_stay() {
        let (first, end) = Nrlmsise00::record_span();
        let day = |t: UtcInstant| (t.to_calendar().0, t.to_calendar().1, t.to_calendar().2);
        assert_eq!((day(first), day(end)), ((2021, 9, 1), (2022, 5, 1)));
        assert!(Nrlmsise00::covers(UtcInstant::from_calendar(2021, 10, 5, 8, 55, 2.0)));
        assert!(!Nrlmsise00::covers(UtcInstant::from_calendar(2021, 9, 2, 0, 0, 0.0)));
        assert!(!Nrlmsise00::covers(UtcInstant::from_calendar(2022, 5, 1, 0, 0, 0.0)));
    }

    /// Solar flux on the day is what NRLMSISE-00 adds: the 400 km density rose with F10.7 from
    /// about 82 in the first half of October 2021 to 110 on the 26th-28th (the record), and
    /// the scale height stays that of the thermosphere (40-70 km at 400 km).
    #[test]
    fn nrlmsise_density_follows_the_day_s_solar_flux() {
        let model = Nrlmsise00::with_embedded_weather();
        let place = Geodetic::from_degrees(0.0, 0.0, 420e3);
        let quiet = model.density_kg_m3(&place, UtcInstant::from_calendar(2021, 10, 5, 12, 0, 0.0));
        let active = model.density_kg_m3(&place, UtcInstant::from_calendar(2021, 10, 28, 12, 0, 0.0));
        assert!(active > 1.2 * quiet, "{quiet} -> {active}");
        assert!((1e-13..1e-11).contains(&quiet), "{quiet}");
        let h = nrlmsise_scale_height_m(&model, &place, UtcInstant::from_calendar(2021, 10, 5, 12, 0, 0.0));
        assert!((40e3..70e3).contains(&h), "{h}");
    }

    /// NRLMSISE-00's scale height at `place`, m: −Δh / ln(ρ(h + Δh)/ρ(h)) over 1 km.
    fn nrlmsise_scale_height_m(model: &Nrlmsise00, place: &Geodetic, at: UtcInstant) -> f64 {
        let above = Geodetic { altitude_m: place.altitude_m + 1_000.0, ..*place };
        1_000.0 / (model.density_kg_m3(place, at) / model.density_kg_m3(&above, at)).ln()
    }

    /// The density hold takes Harris–Priester's table scale height for NRLMSISE-00's: over the
    /// flight's altitudes, by day and by night, in October 2021, the two agree to 35 %, as a
    /// bound on a hold needs.
    #[test]
    fn the_table_scale_height_stands_for_nrlmsise_s_from_150_to_500_km() {
        let model = Nrlmsise00::with_embedded_weather();
        let mut worst: f64 = 0.0;
        for altitude_km in [150.0, 200.0, 250.0, 300.0, 350.0, 420.0, 500.0] {
            for (hour, longitude_deg) in [(0, 0.0), (12, 0.0), (6, 90.0), (18, 135.0)] {
                let at = UtcInstant::from_calendar(2021, 10, 5, hour, 0, 0.0);
                let place = Geodetic::from_degrees(40.0, longitude_deg, altitude_km * 1e3);
                let (msis, table) = (
                    nrlmsise_scale_height_m(&model, &place, at),
                    HarrisPriester::table().scale_height_m(altitude_km * 1e3),
                );
                worst = worst.max((table / msis - 1.0).abs());
            }
        }
        assert!(worst < 0.35, "worst relative difference {worst}");
    }
}
