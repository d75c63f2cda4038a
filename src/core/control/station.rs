//! The station's own flight: its scheduled burns (the reboost) and the upset of 15 October
//! 2021, when a docked ship's thrusters kept firing after a test, the station's gyrodynes could
//! not hold it, and the Russian segment's thrusters brought it back.

use super::descent::BurnSchedule;
use crate::core::attitude::AttitudeControl;
use crate::core::events::EventKind;
use crate::core::rcs::Firing;

/// The station's controller.
#[derive(Clone, Debug, PartialEq)]
pub struct StationFlight {
    pub burns: BurnSchedule,
    pub upset: Option<Upset>,
}

/// A docked visitor's thrusters firing on the station until their propellant limit.
#[derive(Clone, Debug, PartialEq)]
pub struct Upset {
    /// The visitor's body index.
    pub visitor: usize,
    /// When the firing begins, mission time, s.
    pub start_met_s: f64,
    /// Force and torque in the visitor's body axes (about its centre of mass), and the flow.
    pub firing: Firing,
    /// Propellant the firing burns before a limit stops it, kg.
    pub propellant_limit_kg: f64,
    /// The attitude error past which the station's control declares the loss, rad.
    pub loss_error_rad: f64,
    /// The error under which control goes back to the gyrodynes, rad.
    pub regained_error_rad: f64,
    /// The gyrodynes' hold (the station's usual control) and the Russian segment's thrusters'.
    pub gyrodynes: AttitudeControl,
    pub thrusters: AttitudeControl,
    pub phase: UpsetPhase,
}

/// Where the upset is.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum UpsetPhase {
    Waiting,
    /// The visitor's thrusters fire, `burnt_kg` so far; whether control has been lost.
    Firing {
        burnt_kg: f64,
        lost: bool,
    },
    /// The firing has stopped; the thrusters (or the gyrodynes, if control held) bring the
    /// station back.
    Recovering,
    Over,
}

/// What a step of the upset changed: the events it logs and the station's new attitude control.
#[derive(Debug, Default, PartialEq)]
pub struct UpsetStep {
    pub events: Vec<EventKind>,
    pub control: Option<AttitudeControl>,
}

impl Upset {
    /// Whether the visitor's thrusters fire over this step.
    pub fn firing_now(&self) -> bool {
        matches!(self.phase, UpsetPhase::Firing { .. })
    }

    /// One step of `h_s` at `met_s`, the station `error_rad` off its LVLH attitude: the firing
    /// begins when due and burns to its limit; control is lost past the loss error (the
    /// gyrodynes saturated: the station drifts), taken over by the thrusters when the firing
    /// stops, and handed back to the gyrodynes under the regained error.
    pub fn step(&mut self, met_s: f64, h_s: f64, error_rad: f64) -> UpsetStep {
        let mut out = UpsetStep::default();
        self.phase = match self.phase {
            UpsetPhase::Waiting if met_s + 0.5 * h_s >= self.start_met_s => {
                out.events.push(EventKind::ThrusterFiring);
                UpsetPhase::Firing { burnt_kg: 0.0, lost: false }
            }
            UpsetPhase::Firing { burnt_kg, lost } => {
                let burnt_kg = burnt_kg + self.firing.propellant_kg_per_s * h_s;
                let lost_now = !lost && error_rad > self.loss_error_rad;
                if lost_now {
                    out.events.push(EventKind::AttitudeLost);
                    out.control = Some(AttitudeControl::Free);
                }
                if burnt_kg >= self.propellant_limit_kg {
                    out.events.push(EventKind::FiringStopped);
                    out.control = Some(if lost || lost_now { self.thrusters } else { self.gyrodynes });
                    UpsetPhase::Recovering
                } else {
                    UpsetPhase::Firing { burnt_kg, lost: lost || lost_now }
                }
            }
            UpsetPhase::Recovering if error_rad < self.regained_error_rad => {
                out.events.push(EventKind::AttitudeRegained);
                out.control = Some(self.gyrodynes);
                UpsetPhase::Over
            }
            phase => phase,
        };
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::Vector3d;

    fn upset() -> Upset {
        let hold = |max_torque_nm| AttitudeControl::HoldLvlh { bandwidth_radps: 0.01, max_torque_nm };
        Upset {
            visitor: 3,
            start_met_s: 10.0,
            firing: Firing {
                force_body_n: Vector3d::new(520.0, 0.0, 0.0),
                torque_body_nm: Vector3d::zeros(),
                propellant_kg_per_s: 1.0,
                thrusters: 4,
            },
            propellant_limit_kg: 5.0,
            loss_error_rad: 0.1,
            regained_error_rad: 0.01,
            gyrodynes: hold(700.0),
            thrusters: hold(5000.0),
            phase: UpsetPhase::Waiting,
        }
    }

    #[test]
    fn the_firing_runs_to_its_limit_control_is_lost_past_the_error_and_regained_under_it() {
        let mut u = upset();
        let mut log = Vec::new();
        // Error grows during the firing, then shrinks under the thrusters.
        for (met_s, error_rad) in [(9.0, 0.0), (10.0, 0.0), (11.0, 0.05), (12.0, 0.2), (13.0, 0.3), (14.0, 0.4)]
            .into_iter()
            .chain([(15.0, 0.5), (16.0, 0.3), (17.0, 0.005)])
        {
            let step = u.step(met_s, 1.0, error_rad);
            log.extend(step.events.iter().map(|e| (met_s, *e, step.control)));
        }
        let thrusters = u.thrusters;
        assert_eq!(
            log,
            [
                (10.0, EventKind::ThrusterFiring, None),
                (12.0, EventKind::AttitudeLost, Some(AttitudeControl::Free)),
                (15.0, EventKind::FiringStopped, Some(thrusters)),
                (17.0, EventKind::AttitudeRegained, Some(u.gyrodynes)),
            ]
        );
        assert_eq!(u.phase, UpsetPhase::Over);
    }

    #[test]
    fn a_firing_the_gyrodynes_hold_ends_without_a_loss() {
        let mut u = upset();
        let mut kinds = Vec::new();
        for met_s in 10..20 {
            kinds.extend(u.step(f64::from(met_s), 1.0, 0.005).events);
        }
        assert_eq!(kinds, [EventKind::ThrusterFiring, EventKind::FiringStopped, EventKind::AttitudeRegained]);
    }
}
