//! Time scales: UTC instants, mission elapsed time, TT, UT1 and Earth's sidereal angle.
//!
//! An instant is counted in seconds of UTC since J2000.0 (2000-01-01 12:00:00 UTC) on days of
//! exactly 86 400 s. No leap second falls inside the mission (the last was 2016-12-31), so within
//! a scenario this count is uniform SI time.

use std::fmt;

pub const SECONDS_PER_DAY: f64 = 86_400.0;
/// Julian date of J2000.0 (Vallado, *Fundamentals of Astrodynamics*, 4th ed., §3.5).
pub const JD_J2000: f64 = 2_451_545.0;
/// TAI − UTC from 2017-01-01 until at least 2026 (IERS Bulletin C 52..72).
pub const TAI_MINUS_UTC_S: f64 = 37.0;
/// TT − TAI, by definition (IAU 1991).
pub const TT_MINUS_TAI_S: f64 = 32.184;

/// A UTC instant, seconds since 2000-01-01T12:00:00Z.
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd)]
pub struct UtcInstant {
    pub seconds_since_j2000: f64,
}

/// Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant, "chrono-compatible low-level
/// date algorithms", `days_from_civil`).
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = month as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Inverse of [`days_from_civil`] (same source, `civil_from_days`).
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Days from 1970-01-01 to 2000-01-01, and the half day to J2000.0 noon.
const UNIX_DAYS_AT_2000: i64 = 10_957;
const J2000_NOON_S: f64 = 43_200.0;

impl UtcInstant {
    pub fn from_seconds_since_j2000(seconds_since_j2000: f64) -> Self {
        Self { seconds_since_j2000 }
    }

    pub fn from_calendar(year: i64, month: u32, day: u32, hour: u32, minute: u32, second: f64) -> Self {
        let days = days_from_civil(year, month, day) - UNIX_DAYS_AT_2000;
        let s = days as f64 * SECONDS_PER_DAY + f64::from(hour * 3600 + minute * 60) + second;
        Self::from_seconds_since_j2000(s - J2000_NOON_S)
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.fff][Z]` (ISO 8601, UTC).
    pub fn parse_iso8601(text: &str) -> Result<Self, String> {
        let bad = || format!("`{text}` is not a UTC time like 2021-10-05T08:55:02.442Z");
        let text_no_z = text.trim().trim_end_matches('Z');
        let (date, clock) = text_no_z.split_once(['T', ' ']).ok_or_else(bad)?;
        let mut d = date.split('-');
        let year: i64 = d.next().and_then(|s| s.parse().ok()).ok_or_else(bad)?;
        let month: u32 = d.next().and_then(|s| s.parse().ok()).ok_or_else(bad)?;
        let day: u32 = d.next().and_then(|s| s.parse().ok()).ok_or_else(bad)?;
        let mut c = clock.split(':');
        let hour: u32 = c.next().and_then(|s| s.parse().ok()).ok_or_else(bad)?;
        let minute: u32 = c.next().and_then(|s| s.parse().ok()).ok_or_else(bad)?;
        let second: f64 = c.next().and_then(|s| s.parse().ok()).ok_or_else(bad)?;
        let valid = (1..=12).contains(&month)
            && (1..=31).contains(&day)
            && hour < 24
            && minute < 60
            && (0.0..60.0).contains(&second)
            && d.next().is_none()
            && c.next().is_none();
        if !valid {
            return Err(bad());
        }
        Ok(Self::from_calendar(year, month, day, hour, minute, second))
    }

    pub fn plus_seconds(self, seconds: f64) -> Self {
        Self::from_seconds_since_j2000(self.seconds_since_j2000 + seconds)
    }

    pub fn seconds_since(self, earlier: UtcInstant) -> f64 {
        self.seconds_since_j2000 - earlier.seconds_since_j2000
    }

    pub fn julian_date_utc(self) -> f64 {
        JD_J2000 + self.seconds_since_j2000 / SECONDS_PER_DAY
    }

    /// Julian centuries of Terrestrial Time since J2000.0 (Vallado eq. 3-42).
    pub fn julian_centuries_tt(self) -> f64 {
        let tt_s = self.seconds_since_j2000 + TAI_MINUS_UTC_S + TT_MINUS_TAI_S;
        tt_s / (SECONDS_PER_DAY * 36_525.0)
    }

    /// Julian date of UT1, given UT1 − UTC in seconds (IERS Bulletin A).
    pub fn julian_date_ut1(self, ut1_minus_utc_s: f64) -> f64 {
        JD_J2000 + (self.seconds_since_j2000 + ut1_minus_utc_s) / SECONDS_PER_DAY
    }

    /// Seconds since 1970-01-01T00:00:00Z on days of 86 400 s (POSIX time).
    pub fn unix_seconds(self) -> f64 {
        self.seconds_since_j2000 + J2000_NOON_S + UNIX_DAYS_AT_2000 as f64 * SECONDS_PER_DAY
    }

    /// Calendar fields (year, month, day, hour, minute, seconds).
    pub fn to_calendar(self) -> (i64, u32, u32, u32, u32, f64) {
        let unix_s = self.unix_seconds();
        let days = (unix_s / SECONDS_PER_DAY).floor();
        let (y, mo, d) = civil_from_days(days as i64);
        let sod = unix_s - days * SECONDS_PER_DAY;
        let hour = (sod / 3600.0).floor();
        let minute = ((sod - hour * 3600.0) / 60.0).floor();
        let second = sod - hour * 3600.0 - minute * 60.0;
        (y, mo, d, hour as u32, minute as u32, second)
    }
}

impl fmt::Display for UtcInstant {
    /// ISO 8601 with milliseconds, e.g. `2021-10-05T08:55:02.442Z`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let millis_total = (self.seconds_since_j2000 * 1000.0).round() / 1000.0;
        let (y, mo, d, h, mi, s) = UtcInstant::from_seconds_since_j2000(millis_total).to_calendar();
        let ms = ((s * 1000.0).round() as u32).min(59_999);
        write!(f, "{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{:02}.{:03}Z", ms / 1000, ms % 1000)
    }
}

/// Mission elapsed time in seconds (negative before lift-off) formatted as `[-]HH:MM:SS`.
fn format_met(met_s: f64) -> String {
    let sign = if met_s < 0.0 { "-" } else { "" };
    let total = met_s.abs().round() as u64;
    format!("{sign}{:02}:{:02}:{:02}", total / 3600, total / 60 % 60, total % 60)
}

/// A mission time as people write it: `T+03:27:29`, `T-00:01:00` (to the second).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Met(pub f64);

impl std::fmt::Display for Met {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sign = if self.0 < 0.0 { "" } else { "+" };
        write!(f, "T{sign}{}", format_met(self.0))
    }
}

/// Parses mission elapsed time `[-]HH:MM:SS[.s]`, `[-]MM:SS` or plain seconds.
pub fn parse_met_s(text: &str) -> Result<f64, String> {
    let bad = || format!("`{text}` is not a mission time like 03:30:00 or -00:05:00");
    let t = text.trim();
    let (sign, body) = match t.strip_prefix('-') {
        Some(rest) => (-1.0, rest),
        None => (1.0, t.strip_prefix('+').unwrap_or(t)),
    };
    let parts: Vec<&str> = body.split(':').collect();
    if parts.is_empty() || parts.len() > 3 || parts.iter().any(|p| p.is_empty()) {
        return Err(bad());
    }
    let mut seconds = 0.0;
    for (i, p) in parts.iter().enumerate() {
        let v: f64 = p.parse().map_err(|_| bad())?;
        let is_last = i + 1 == parts.len();
        if v < 0.0 || (!is_last && v.fract() != 0.0) || (i > 0 && v >= 60.0) || !v.is_finite() {
            return Err(bad());
        }
        seconds = seconds * 60.0 + v;
    }
    Ok(sign * seconds)
}

/// Greenwich mean sidereal time, IAU-82 model (Vallado eq. 3-47), radians in [0, 2π).
pub fn gmst_rad(julian_date_ut1: f64) -> f64 {
    let t_ut1 = (julian_date_ut1 - JD_J2000) / 36_525.0;
    let gmst_s = 67_310.548_41 + (876_600.0 * 3600.0 + 8_640_184.812_866) * t_ut1 + 0.093_104 * t_ut1 * t_ut1
        - 6.2e-6 * t_ut1 * t_ut1 * t_ut1;
    (gmst_s.rem_euclid(SECONDS_PER_DAY) / SECONDS_PER_DAY) * std::f64::consts::TAU
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gmst_matches_vallado_example_3_5() {
        // Vallado 4th ed. Example 3-5: 1992-08-20 12:14:00 UT1 -> GMST 152.578787886 deg.
        let t = UtcInstant::from_calendar(1992, 8, 20, 12, 14, 0.0);
        let gmst_deg = gmst_rad(t.julian_date_ut1(0.0)).to_degrees();
        assert!((gmst_deg - 152.578_787_886).abs() < 1e-6, "{gmst_deg}");
    }

    #[test]
    fn iso_round_trip_and_julian_date() {
        let t = UtcInstant::parse_iso8601("2021-10-05T08:55:02.442Z").unwrap();
        assert_eq!(t.to_string(), "2021-10-05T08:55:02.442Z");
        // JD of 2021-10-05 00:00 UTC is 2459492.5 (USNO Julian date converter).
        let midnight = UtcInstant::from_calendar(2021, 10, 5, 0, 0, 0.0);
        assert_eq!(midnight.julian_date_utc(), 2_459_492.5);
        assert!(UtcInstant::parse_iso8601("2021-13-05T08:55:02Z").is_err());
    }

    #[test]
    fn met_parsing_and_format() {
        assert_eq!(parse_met_s("03:30:00").unwrap(), 12_600.0);
        assert_eq!(parse_met_s("-00:05:00").unwrap(), -300.0);
        assert_eq!(parse_met_s("90").unwrap(), 90.0);
        assert!(parse_met_s("1:75:00").is_err());
        assert_eq!(format_met(12_449.0), "03:27:29");
        assert_eq!(format_met(-300.0), "-00:05:00");
    }

    #[test]
    fn a_mission_time_reads_t_plus_or_minus() {
        assert_eq!(Met(12448.5).to_string(), "T+03:27:29");
        assert_eq!(Met(-60.0).to_string(), "T-00:01:00");
        assert_eq!(Met(0.0).to_string(), "T+00:00:00");
    }
}
