//! The phasing controller of the two-orbit ("fast") rendezvous: six burns of the main engine
//! (SKD) and the attitude/translation thrusters (DPO), each planned when it starts from the
//! actual states. A burn flies a Lambert transfer to an aim point fixed in the station's LVLH
//! frame at a given arrival (a DPO correction re-solves towards the aim of the burn before it),
//! or nulls the velocity relative to the station (the last). Each transfer is corrected for the
//! finite burn, J2 and drag by shooting through a forecast of the full model (`targeter`).

use super::rendezvous::{ActiveBurn, ApproachLog, BurnTarget, PhasingBurn, Rendezvous, RendezvousPhase};
use super::targeter::{self, Forecast};
use crate::core::events::{EventKind, Figure, Reported};
use crate::core::{StateVector, Vector3d, position_m, velocity_mps};

/// What the phasing sees at a step's start: mission time, the step, its own mass and state.
pub struct PhasingSensed<'a> {
    pub met_s: f64,
    pub step_s: f64,
    pub mass_kg: f64,
    pub own: &'a StateVector,
}

/// One step of the phasing (phases `Phasing` and `Matching`): plans the next burn when it is due,
/// from the states now, and burns while one runs. Returns the engine's acceleration over the step
/// (inertial) and the propellant burnt. When the velocity match ends, the approach takes over at
/// once and flies this step in its substeps: no thrust then. `station` is the station's state
/// now and the forecasts of its future and of the spacecraft's; without a station no burn is
/// planned.
pub fn fly_step(
    plan: &mut Rendezvous,
    s: &PhasingSensed,
    station: Option<(&StateVector, &impl Forecast)>,
    log: &mut Reported,
) -> (Vector3d, f64) {
    if let RendezvousPhase::Phasing { next, active: None } = plan.phase
        && let Some(burn) = plan.burns.get(next).copied()
        && s.met_s >= burn.start_met_s
        && let Some((station, forecast)) = station
    {
        plan.phase = RendezvousPhase::Phasing { next: next + 1, active: None };
        plan_burn(plan, burn, (next + 1, s, station), forecast, log);
    }
    let mut burn = match plan.phase {
        RendezvousPhase::Phasing { active: Some(burn), .. } | RendezvousPhase::Matching(burn) => burn,
        _ => return (Vector3d::zeros(), 0.0),
    };
    let step = burn.step(plan.engine(burn.engine), s.mass_kg, plan.propellant_kg, s.step_s);
    plan.propellant_kg -= step.propellant_kg;
    plan.delta_v_given_mps += step.delta_v_mps;
    let burning = (burn.remaining_mps > 1e-9 && plan.propellant_kg > 1e-9).then_some(burn);
    plan.phase = match (&plan.phase, burning) {
        (RendezvousPhase::Phasing { next, .. }, active) => RendezvousPhase::Phasing { next: *next, active },
        (_, Some(burn)) => RendezvousPhase::Matching(burn),
        (_, None) => RendezvousPhase::Approach(ApproachLog::default()),
    };
    let thrust = if plan.approaching() { Vector3d::zeros() } else { step.acceleration_mps2 };
    (thrust, step.propellant_kg)
}

/// Plans `burn` (the `ordinal`-th) from the states now: a transfer to its aim point off the
/// station where the station will be (`targeter`), or, for the last, nulling the velocity
/// against it; logs it, or that no transfer was found.
fn plan_burn(
    plan: &mut Rendezvous,
    burn: PhasingBurn,
    (ordinal, s, station): (usize, &PhasingSensed, &StateVector),
    forecast: &impl Forecast,
    log: &mut Reported,
) {
    let range_km = (position_m(station) - position_m(s.own)).norm() / 1000.0;
    let dv = match burn.target {
        BurnTarget::AimPoint { arrive_met_s, offset_lvlh_m } => {
            let times = (s.met_s, arrive_met_s);
            let Some(dv) = targeter::aim_burn(forecast, (plan, burn.engine), (s.own, station), times, &offset_lvlh_m)
            else {
                let figures =
                    vec![("burn", Figure::Number(ordinal as f64)), ("engine", Figure::Text(burn.engine.name().into()))];
                log.push(s.met_s, EventKind::BurnSkipped, figures);
                return;
            };
            dv
        }
        BurnTarget::MatchVelocity => velocity_mps(station) - velocity_mps(s.own),
    };
    let duration_s = plan.engine(burn.engine).burn_duration_s(dv.norm(), s.mass_kg);
    let figures = vec![
        ("engine", Figure::Text(burn.engine.name().into())),
        ("dv_mps", Figure::Number(dv.norm())),
        ("duration_s", Figure::Number(duration_s)),
        ("range_km", Figure::Number(range_km)),
    ];
    log.push(s.met_s, EventKind::Burn, figures);
    let active = (dv.norm() > 1e-6).then(|| ActiveBurn::new(burn.engine, &dv));
    plan.phase = match (burn.target, active) {
        (BurnTarget::MatchVelocity, Some(active)) => RendezvousPhase::Matching(active),
        (BurnTarget::MatchVelocity, None) => RendezvousPhase::Approach(ApproachLog::default()),
        (BurnTarget::AimPoint { .. }, active) => RendezvousPhase::Phasing { next: ordinal, active },
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::control::rendezvous::tests::rendezvous_by_hand;
    use crate::core::control::rendezvous::{Engine, Hands};
    use crate::core::state_from;

    /// The velocity match needs no forecast.
    struct NoForecast;

    impl Forecast for NoForecast {
        fn station_at(&self, _: f64) -> StateVector {
            unreachable!("the velocity match forecasts nothing")
        }
        fn position_after_burn(&self, _: &Rendezvous, _: ActiveBurn, _: f64) -> Vector3d {
            unreachable!("the velocity match forecasts nothing")
        }
    }

    #[test]
    fn the_velocity_match_burns_when_due_then_hands_over_to_the_approach() {
        let mut plan =
            rendezvous_by_hand(Hands::Live(Default::default(), crate::core::replay::Replay::empty("p", None)));
        plan.burns = vec![PhasingBurn { start_met_s: 10.0, engine: Engine::Dpo, target: BurnTarget::MatchVelocity }];
        plan.phase = RendezvousPhase::Phasing { next: 0, active: None };
        let station = state_from(Vector3d::new(6.8e6, 0.0, 0.0), Vector3d::new(0.0, 7650.0, 0.0));
        let own = state_from(Vector3d::new(6.8e6, -3e3, 0.0), Vector3d::new(0.0, 7649.0, 0.0));
        let mut log = Reported::default();
        let fly = |plan: &mut Rendezvous, met_s: f64, log: &mut Reported| {
            let sensed = PhasingSensed { met_s, step_s: 1.0, mass_kg: 7080.0, own: &own };
            fly_step(plan, &sensed, Some((&station, &NoForecast)), log)
        };
        // Not yet due.
        assert_eq!(fly(&mut plan, 9.0, &mut log), (Vector3d::zeros(), 0.0));
        // Due: 1 m/s along +y on the DPO (520 N on 7,080 kg, 0.073 m/s²): logged, and burning.
        let (thrust, used_kg) = fly(&mut plan, 10.0, &mut log);
        assert!((thrust - Vector3d::new(0.0, 520.0 / 7080.0, 0.0)).norm() < 1e-12 && used_kg > 0.0);
        assert_eq!(log.0.iter().map(|e| e.1).collect::<Vec<_>>(), [EventKind::Burn]);
        let mut met_s = 10.0;
        while !plan.approaching() {
            met_s += 1.0;
            fly(&mut plan, met_s, &mut log);
            assert!(met_s < 30.0, "the match never ended: {plan:?}");
        }
        // About 13.6 s of burning; the step it ends in belongs to the approach: no thrust then.
        assert!((met_s - 23.0).abs() <= 1.0, "ended at {met_s}");
        assert!((plan.delta_v_given_mps - 1.0).abs() < 1e-9, "{}", plan.delta_v_given_mps);
    }
}
