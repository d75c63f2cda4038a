//! The probe meeting the port: whether it is captured, thrown back or misses onto the module,
//! and the impulse of a bounce.

use crate::core::{StateVector, Vector3d, position_m, state_from, velocity_mps};
use serde::Deserialize;

/// The conditions at first contact under which the probe's head, inside the drogue's mouth, is
/// captured (Syromiatnikov, *Spacecraft Docking Devices*, §1.4 and Table 1.1 give them for
/// Soyuz; the table is printed as an image there and could not be read, so the scenario's
/// figures are conservative ones, marked L). The lateral figure is the drogue's own mouth
/// (`geometry::Drogue`): the cone, not a point, sets it.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CaptureEnvelope {
    pub min_closing_mps: f64,
    pub max_closing_mps: f64,
    pub misalignment_deg: f64,
    pub rate_deg_s: f64,
}

/// The probe meeting the port: how it came in.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ProbeContact {
    pub closing_mps: f64,
    pub lateral_m: f64,
    /// Between the probe's axis and the port's (reversed), rad.
    pub misalignment_rad: f64,
    /// The ship's rate against the station, rad/s.
    pub rate_radps: f64,
}

/// What a probe contact comes to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProbeOutcome {
    Captured,
    /// Outside the envelope: the probe is thrown back out (why, as the envelope's figure).
    Bounced(Limit),
    /// Beyond the cone: the probe strikes the module around the port.
    Missed,
}

/// The envelope figure a contact broke.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Limit {
    TooSlow,
    TooFast,
    Misaligned,
    Turning,
}

impl Limit {
    pub fn text(self) -> &'static str {
        match self {
            Limit::TooSlow => "too slow to latch",
            Limit::TooFast => "too fast",
            Limit::Misaligned => "misaligned",
            Limit::Turning => "turning too fast",
        }
    }
}

impl CaptureEnvelope {
    /// What a contact comes to at a drogue whose mouth is `mouth_radius_m` across its axis.
    pub fn judge(&self, contact: &ProbeContact, mouth_radius_m: f64) -> ProbeOutcome {
        if contact.lateral_m > mouth_radius_m {
            return ProbeOutcome::Missed;
        }
        let broken = if contact.closing_mps < self.min_closing_mps {
            Some(Limit::TooSlow)
        } else if contact.closing_mps > self.max_closing_mps {
            Some(Limit::TooFast)
        } else if contact.misalignment_rad > self.misalignment_deg.to_radians() {
            Some(Limit::Misaligned)
        } else if contact.rate_radps > self.rate_deg_s.to_radians() {
            Some(Limit::Turning)
        } else {
            None
        };
        broken.map_or(ProbeOutcome::Captured, ProbeOutcome::Bounced)
    }
}

/// Axial velocity kept, reversed, by a probe that bounces off the drogue: an impulse with this
/// restitution (the docking mechanism's dampers absorb the rest; L).
pub const BOUNCE_RESTITUTION: f64 = 0.3;

/// An impulse that turns the part `approach_mps` of a body's velocity against the station into
/// its reverse, [`BOUNCE_RESTITUTION`] of it kept.
pub fn bounce(state: &mut StateVector, approach_mps: &Vector3d) {
    let dv = -approach_mps * (1.0 + BOUNCE_RESTITUTION);
    *state = state_from(position_m(state), velocity_mps(state) + dv);
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The scenario's figures, for the tests here and of the controllers.
    pub(crate) fn envelope() -> CaptureEnvelope {
        CaptureEnvelope { min_closing_mps: 0.05, max_closing_mps: 0.35, misalignment_deg: 4.0, rate_deg_s: 0.5 }
    }

    #[test]
    fn the_envelope_captures_gentle_contacts_and_says_why_others_bounce() {
        let good = ProbeContact { closing_mps: 0.1, lateral_m: 0.05, misalignment_rad: 0.01, rate_radps: 0.001 };
        let (e, mouth) = (envelope(), crate::core::geometry::SSVP_DROGUE.mouth_radius_m);
        let judge = |c: ProbeContact| e.judge(&c, mouth);
        assert_eq!(judge(good), ProbeOutcome::Captured);
        assert_eq!(judge(ProbeContact { closing_mps: 1.0, ..good }), ProbeOutcome::Bounced(Limit::TooFast));
        assert_eq!(judge(ProbeContact { closing_mps: 0.01, ..good }), ProbeOutcome::Bounced(Limit::TooSlow));
        assert_eq!(judge(ProbeContact { misalignment_rad: 0.1, ..good }), ProbeOutcome::Bounced(Limit::Misaligned));
        assert_eq!(judge(ProbeContact { rate_radps: 0.02, ..good }), ProbeOutcome::Bounced(Limit::Turning));
        assert_eq!(judge(ProbeContact { lateral_m: 0.5, ..good }), ProbeOutcome::Missed);
    }

    #[test]
    fn a_bounce_reverses_the_approach_and_keeps_the_restitutions_share() {
        let mut state = state_from(Vector3d::new(7e6, 0.0, 0.0), Vector3d::new(0.0, 7600.0, -0.2));
        bounce(&mut state, &Vector3d::new(0.0, 0.0, -0.2));
        assert!((velocity_mps(&state) - Vector3d::new(0.0, 7600.0, 0.2 * BOUNCE_RESTITUTION)).norm() < 1e-12);
        assert_eq!(position_m(&state), Vector3d::new(7e6, 0.0, 0.0));
    }
}
