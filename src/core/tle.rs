//! Two-line elements through SGP4 (the `sgp4` crate, Vallado et al. 2006 "Revisiting
//! Spacetrack Report #3"), giving TEME states: the app's inertial frame.

use super::time::UtcInstant;
use super::{StateVector, Vector3d, state_from};

/// Unix time of J2000.0 (2000-01-01T12:00:00Z).
const UNIX_SECONDS_AT_J2000: i64 = 946_728_000;

#[derive(Clone, Debug)]
pub struct Tle {
    constants: sgp4::Constants,
    pub epoch: UtcInstant,
    pub elements: sgp4::Elements,
}

impl Tle {
    /// Parses two lines (checksums verified) and prepares SGP4.
    pub fn from_lines(line1: &str, line2: &str) -> Result<Self, String> {
        let elements = sgp4::Elements::from_tle(None, line1.trim().as_bytes(), line2.trim().as_bytes())
            .map_err(|e| format!("TLE rejected: {e}"))?;
        let constants = sgp4::Constants::from_elements(&elements).map_err(|e| format!("TLE rejected by SGP4: {e}"))?;
        let utc = elements.datetime.and_utc();
        let epoch = UtcInstant::from_seconds_since_j2000(
            (utc.timestamp() - UNIX_SECONDS_AT_J2000) as f64 + f64::from(utc.timestamp_subsec_nanos()) * 1e-9,
        );
        Ok(Self { constants, epoch, elements })
    }

    /// SGP4 state at an instant, metres and m/s, TEME.
    pub fn state_teme(&self, at: UtcInstant) -> Result<StateVector, String> {
        let minutes = at.seconds_since(self.epoch) / 60.0;
        let p = self.constants.propagate(sgp4::MinutesSinceEpoch(minutes)).map_err(|e| format!("SGP4 failed: {e}"))?;
        Ok(state_from(Vector3d::from(p.position) * 1000.0, Vector3d::from(p.velocity) * 1000.0))
    }
}
