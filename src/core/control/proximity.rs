//! The Kurs-style proximity approach in the target's LVLH frame (x along-track, z to nadir):
//! a glide from where the phasing ends onto the port's axis, station-keeping out along it, then
//! the final approach along the axis (up the R-bar to a nadir port) at a speed that falls with
//! the distance, to contact. A PD law on that reference, saturated at the attitude thrusters'
//! acceleration. With a Kurs fault the approach stops where the fault strikes and holds there
//! until the pilot takes the controls (`hands`). The controller commands at each substep.

use super::hands;
use super::rendezvous::{Approach, Contact, DockingFailure, HandFlight, ProximityPhase, Rendezvous, RendezvousPhase};
use crate::core::attitude::Attitude;
use crate::core::contact::{ProbeContact, ProbeOutcome, ProbeTouch};
use crate::core::events::{EventKind, Figure, Reported};
use crate::core::geometry::{self, ModelId};
use crate::core::rcs::HandCommand;
use crate::core::{StateVector, Vector3d, frames};
use nalgebra::UnitQuaternion;

/// The proximity approach is flown in substeps of this fraction of the mission step, the
/// controller commanding at each (10 Hz at a 1 s step): contact is found to a tenth of a
/// second (1.5 cm at 0.15 m/s), and a pilot's pulse in the docking game is shorter than a step.
/// The station's state between its steps is the cubic Hermite of its two ends.
pub const PROXIMITY_SUBSTEPS: u32 = 10;

/// How a substep finds the probe meeting the port.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ProbeSensing {
    /// Flown by hand: the shape cast of the probe against the drogue and its ring found this
    /// touch within the substep, or none.
    Shapes(Option<ProbeTouch>),
    /// The automatic approach, which no one can fly into the station: the probe's tip crossing
    /// the port's face.
    FacePlane,
}

/// What the approach sees at a substep: mission time, the station's state then and its own,
/// both attitudes, the station's model (its port's drogue), its own mass, and the probe.
pub struct ApproachSensed<'a> {
    pub met_s: f64,
    pub station: &'a StateVector,
    pub own: &'a StateVector,
    pub own_attitude: &'a Attitude,
    pub station_attitude: &'a Attitude,
    pub station_model: ModelId,
    pub mass_kg: f64,
    pub probe: ProbeSensing,
}

/// What the approach asks of a substep.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ApproachCommand {
    /// The automatic controller's acceleration, inertial, m/s².
    Thrust(Vector3d),
    /// The hand controllers' state.
    Hands(HandCommand),
    /// The probe was thrown back along this axis (inertial, unit): no thrust this substep.
    Rebound(Vector3d),
    /// Captured: the ship rides the station from now, at this offset (LVLH) and turn (body to
    /// station axes).
    Dock { offset_lvlh_m: Vector3d, attitude_in_host: UnitQuaternion<f64> },
}

/// One substep of the approach (phases `Approach`, `KursStopped`, `ByHand`): logs each phase of
/// the reference as it begins; judges the probe's contact on the final approach (capture, bounce
/// or a miss onto the module); stops at the Kurs fault and hands over at the takeover; and
/// commands the PD law towards the reference, or what the hands hold.
pub fn fly_substep(plan: &mut Rendezvous, s: &ApproachSensed, log: &mut Reported) -> ApproachCommand {
    let relative = frames::relative_lvlh(s.station, s.own);
    let approach_log = match &mut plan.phase {
        RendezvousPhase::Approach(l)
        | RendezvousPhase::KursStopped { log: l, .. }
        | RendezvousPhase::ByHand { log: l, .. } => l,
        _ => unreachable!("the mission flies the approach's substeps only while it approaches"),
    };
    let glide_start = *approach_log.glide_start.get_or_insert((s.met_s, relative.0));
    let (phase, p_ref, v_ref) = reference_lvlh(&plan.approach, glide_start, s.met_s);
    if approach_log.begun.is_none_or(|begun| begun < phase) {
        approach_log.begun = Some(phase);
        log_phase(&plan.approach, phase, relative.0.norm(), s.met_s, log);
    }
    let touch = match s.probe {
        ProbeSensing::Shapes(touch) => touch.map(|t| Contact {
            met_s: s.met_s + t.after_s,
            closing_mps: -relative.1.dot(&plan.approach.port_axis_lvlh),
            lateral_miss_m: t.lateral_m,
            misalignment_rad: 0.0,
        }),
        ProbeSensing::FacePlane => contact(&plan.approach, relative, s.met_s),
    };
    if phase == ProximityPhase::FinalApproach
        && let Some(contact) = touch
        && contact.closing_mps > 0.0
        && let Some(command) = meet_port(plan, s, contact, relative.0, log)
    {
        return command;
    }
    let eci_from_lvlh = frames::lvlh_from_eci_matrix(s.station).transpose();
    let line = plan.approach.port_line();
    let distance_m = (relative.0 - line.0).dot(&line.1);
    let Some(fault) = &plan.approach.kurs_fault else {
        return automatic(&plan.approach, relative, (p_ref, v_ref), s.mass_kg, &eci_from_lvlh);
    };
    if let RendezvousPhase::Approach(l) = plan.phase
        && phase == ProximityPhase::FinalApproach
        && distance_m <= fault.at_m
    {
        plan.phase = RendezvousPhase::KursStopped { log: l, stopped_met_s: s.met_s, held_at_lvlh_m: relative.0 };
        let port = Figure::Text(plan.approach.port.clone());
        log.push(s.met_s, EventKind::KursFault, vec![("distance_m", Figure::Number(distance_m)), ("port", port)]);
    }
    match plan.phase {
        RendezvousPhase::KursStopped { log: l, .. } if s.met_s >= fault.takeover_met_s => {
            let hand = HandFlight {
                since_met_s: s.met_s,
                propellant_at_takeover_kg: plan.propellant_kg,
                failure: None,
                rate_hold: Default::default(),
                substeps: fault.keeps_substeps.then(Vec::new),
            };
            plan.phase = RendezvousPhase::ByHand { log: l, hand };
            log.push(s.met_s, EventKind::ManualControl, vec![("distance_m", Figure::Number(distance_m))]);
        }
        RendezvousPhase::KursStopped { held_at_lvlh_m, .. } => {
            return automatic(&plan.approach, relative, (held_at_lvlh_m, Vector3d::zeros()), s.mass_kg, &eci_from_lvlh);
        }
        _ => {}
    }
    match plan.phase {
        RendezvousPhase::ByHand { .. } => {
            let cues = || {
                let wanted = super::attitude::docking_attitude(&-line.1, s.station);
                super::pilot::cues(line, relative, &eci_from_lvlh, s.own_attitude, &wanted)
            };
            ApproachCommand::Hands(hands::command(plan, s.met_s, cues))
        }
        _ => automatic(&plan.approach, relative, (p_ref, v_ref), s.mass_kg, &eci_from_lvlh),
    }
}

/// The PD law's command towards the reference, inertial.
fn automatic(
    approach: &Approach,
    relative: (Vector3d, Vector3d),
    reference: (Vector3d, Vector3d),
    mass_kg: f64,
    eci_from_lvlh: &nalgebra::Matrix3<f64>,
) -> ApproachCommand {
    ApproachCommand::Thrust(eci_from_lvlh * command_lvlh_mps2(approach, relative, reference, mass_kg))
}

/// Logs the beginning of `phase`, `range_m` from the station.
fn log_phase(approach: &Approach, phase: ProximityPhase, range_m: f64, met_s: f64, log: &mut Reported) {
    let port = ("port", Figure::Text(approach.port.clone()));
    let (kind, figures) = match phase {
        ProximityPhase::FlyAround => (EventKind::FlyAround, vec![("range_km", Figure::Number(range_m / 1000.0)), port]),
        ProximityPhase::StationKeeping => {
            (EventKind::StationKeeping, vec![("distance_m", Figure::Number(approach.hold_distance_m)), port])
        }
        ProximityPhase::FinalApproach => (EventKind::FinalApproach, vec![port]),
    };
    log.push(met_s, kind, figures);
}

/// The probe meets the port: captured (the ship docks), thrown back, or wide of the cone onto
/// the module (a failed docking by hand). `None` where the probe passes beside the port's
/// face: the shape cast finds whatever it does strike.
fn meet_port(
    plan: &mut Rendezvous,
    s: &ApproachSensed,
    contact: Contact,
    offset_lvlh_m: Vector3d,
    log: &mut Reported,
) -> Option<ApproachCommand> {
    let axis_eci = frames::lvlh_from_eci_matrix(s.station).transpose() * plan.approach.port_axis_lvlh;
    let (ship, host) = (s.own_attitude, s.station_attitude);
    let turning =
        ship.rate_body_radps - ship.body_to_inertial.inverse() * (host.body_to_inertial * host.rate_body_radps);
    let probe = ProbeContact {
        closing_mps: contact.closing_mps,
        lateral_m: contact.lateral_miss_m,
        misalignment_rad: ship.axis(0).angle(&-axis_eci),
        rate_radps: turning.norm(),
    };
    let station_model = geometry::model(s.station_model);
    let (face_m, mouth_m) = station_model
        .port_drogue(plan.approach.port_id)
        .map_or((0.0, 0.0), |(_, drogue, face_m)| (face_m, drogue.mouth_radius_m));
    let (closing, miss) = (Figure::Number(contact.closing_mps), Figure::Number(contact.lateral_miss_m));
    match plan.approach.capture.judge(&probe, mouth_m) {
        _ if contact.lateral_miss_m > face_m => None,
        ProbeOutcome::Captured => {
            let contact = Contact { misalignment_rad: probe.misalignment_rad, ..contact };
            let figures =
                vec![("port", Figure::Text(plan.approach.port.clone())), ("closing_mps", closing), ("miss_m", miss)];
            log.push(s.met_s, EventKind::Contact, figures);
            let by_hand = plan.hand_flight().cloned();
            plan.phase = RendezvousPhase::Docked { contact, hooks_closed_at_s: None, by_hand };
            let attitude_in_host = host.body_to_inertial.inverse() * ship.body_to_inertial;
            Some(ApproachCommand::Dock { offset_lvlh_m, attitude_in_host })
        }
        ProbeOutcome::Bounced(limit) => {
            let figures = vec![("closing_mps", closing), ("miss_m", miss), ("why", Figure::Text(limit.text().into()))];
            log.push(s.met_s, EventKind::Bounce, figures);
            Some(ApproachCommand::Rebound(axis_eci))
        }
        ProbeOutcome::Missed => {
            let part = station_model.port(plan.approach.port_id).map_or("port", |p| p.part);
            hands::fail(plan, s.met_s, DockingFailure::Collision(part.to_string()), log);
            Some(ApproachCommand::Rebound(axis_eci))
        }
    }
}

/// The reference the controller tracks at `met_s`: its phase, and the LVLH position (m) and
/// velocity (m/s) of the spacecraft's centre. `glide_start` is when and where the glide began.
pub fn reference_lvlh(
    approach: &Approach,
    glide_start: (f64, Vector3d),
    met_s: f64,
) -> (ProximityPhase, Vector3d, Vector3d) {
    let contact_point = approach.contact_point_lvlh();
    let hold_point = contact_point + approach.port_axis_lvlh * approach.hold_distance_m;
    let final_start = approach.contact_met_s - approach.approach_duration_s();
    let (t0, p0) = glide_start;
    if met_s < t0 + approach.glide_s {
        // Smoothstep from the start to the hold point: it starts and ends at rest.
        let x = (met_s - t0) / approach.glide_s;
        let s = x * x * (3.0 - 2.0 * x);
        let s_dot = 6.0 * x * (1.0 - x) / approach.glide_s;
        (ProximityPhase::FlyAround, p0 + (hold_point - p0) * s, (hold_point - p0) * s_dot)
    } else if met_s < final_start {
        (ProximityPhase::StationKeeping, hold_point, Vector3d::zeros())
    } else {
        let d = approach.distance_at(met_s - final_start);
        (
            ProximityPhase::FinalApproach,
            contact_point + approach.port_axis_lvlh * d,
            -approach.port_axis_lvlh * (approach.contact_speed_mps + approach.slowing_per_s * d),
        )
    }
}

/// The PD law's acceleration command in LVLH (m/s²) towards the reference, critically damped
/// at the approach's bandwidth, saturated at what the thrusters give a spacecraft of `mass_kg`
/// (Fehse, *Automated Rendezvous and Docking of Spacecraft*, §6.2).
pub fn command_lvlh_mps2(
    approach: &Approach,
    (p, v): (Vector3d, Vector3d),
    (p_ref, v_ref): (Vector3d, Vector3d),
    mass_kg: f64,
) -> Vector3d {
    let omega = approach.control_bandwidth_rad_s;
    let command = (p_ref - p) * omega * omega + (v_ref - v) * 2.0 * omega;
    let limit = approach.thruster_force_n / mass_kg;
    if command.norm() > limit { command * (limit / command.norm()) } else { command }
}

/// Contact, on the final approach, once the probe reaches the port: when, how fast it closed
/// and how far off the port's axis.
pub fn contact(approach: &Approach, (p, v): (Vector3d, Vector3d), met_s: f64) -> Option<Contact> {
    let axis = approach.port_axis_lvlh;
    let offset = p - approach.contact_point_lvlh();
    let along_m = offset.dot(&axis);
    (along_m <= 0.0).then(|| Contact {
        met_s,
        closing_mps: -v.dot(&axis),
        lateral_miss_m: (offset - axis * along_m).norm(),
        misalignment_rad: 0.0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::control::rendezvous::ApproachLog;
    use crate::core::control::rendezvous::tests::approach;

    #[test]
    fn the_reference_is_continuous_through_the_phases_and_ends_at_the_port() {
        let a = approach();
        let start = (10_000.0, Vector3d::new(-1200.0, 30.0, 200.0));
        let final_start = a.contact_met_s - a.approach_duration_s();
        for boundary in [start.0 + a.glide_s, final_start] {
            let (before, p0, _) = reference_lvlh(&a, start, boundary - 1e-6);
            let (after, p1, _) = reference_lvlh(&a, start, boundary);
            assert!(before < after, "{before:?} then {after:?}");
            assert!((p1 - p0).norm() < 1e-3, "a jump of {} m at T{boundary}", (p1 - p0).norm());
        }
        // The glide ends at rest; the final approach arrives at the contact point at the
        // contact time, at the contact speed.
        let (_, _, v) = reference_lvlh(&a, start, start.0 + a.glide_s - 1e-6);
        assert!(v.norm() < 1e-6);
        let (phase, p, v) = reference_lvlh(&a, start, a.contact_met_s);
        assert_eq!(phase, ProximityPhase::FinalApproach);
        assert!((p - a.contact_point_lvlh()).norm() < 1e-6 && (v.z + a.contact_speed_mps).abs() < 1e-9);
    }

    #[test]
    fn the_command_never_exceeds_the_thrusters() {
        let a = approach();
        let far = command_lvlh_mps2(
            &a,
            (Vector3d::new(500.0, 0.0, 0.0), Vector3d::zeros()),
            (Vector3d::zeros(), Vector3d::zeros()),
            7000.0,
        );
        assert!((far.norm() - 520.0 / 7000.0).abs() < 1e-12, "saturated: {far}");
        assert!(far.x < 0.0, "towards the reference");
        let near = command_lvlh_mps2(
            &a,
            (Vector3d::new(0.01, 0.0, 0.0), Vector3d::zeros()),
            (Vector3d::zeros(), Vector3d::zeros()),
            7000.0,
        );
        assert!((near.x + 0.01 * 0.04).abs() < 1e-12, "linear near the reference: {near}");
    }

    #[test]
    fn contact_comes_when_the_probe_reaches_the_port() {
        let a = approach();
        let at = a.contact_point_lvlh();
        let closing = Vector3d::new(0.0, 0.0, -0.15);
        assert_eq!(contact(&a, (at + Vector3d::new(0.0, 0.0, 0.01), closing), 1.0), None);
        let c = contact(&a, (at + Vector3d::new(0.003, 0.004, -0.001), closing), 2.0).unwrap();
        assert!((c.lateral_miss_m - 0.005).abs() < 1e-12 && (c.closing_mps - 0.15).abs() < 1e-12);
    }

    /// A ship `distance_m` out along the port's axis of a station on a circular orbit, closing
    /// at `closing_mps`, seen at `met_s`: what the approach senses then.
    fn on_the_axis(a: &Approach, distance_m: f64, closing_mps: f64) -> (StateVector, StateVector) {
        use crate::core::{position_m, state_from, velocity_mps};
        let r = 6_378_137.0 + 420e3;
        let v = (crate::core::earth::MU_M3_S2 / r).sqrt();
        let station = state_from(Vector3d::new(r, 0.0, 0.0), Vector3d::new(0.0, v * 0.62, v * 0.785));
        let eci_from_lvlh = frames::lvlh_from_eci_matrix(&station).transpose();
        let dr = eci_from_lvlh * (a.contact_point_lvlh() + a.port_axis_lvlh * distance_m);
        let dv = frames::lvlh_rate_radps(&station).cross(&dr) - eci_from_lvlh * a.port_axis_lvlh * closing_mps;
        (station, state_from(position_m(&station) + dr, velocity_mps(&station) + dv))
    }

    fn fly_at(plan: &mut Rendezvous, met_s: f64, distance_m: f64, log: &mut Reported) -> ApproachCommand {
        let (station, own) = on_the_axis(&plan.approach, distance_m, 0.2);
        let lvlh = crate::core::attitude::lvlh_attitude(&station);
        let docking = super::super::attitude::docking_attitude(&-plan.approach.port_axis_lvlh, &station);
        let sensed = ApproachSensed {
            met_s,
            station: &station,
            own: &own,
            own_attitude: &docking,
            station_attitude: &lvlh,
            station_model: ModelId::Iss,
            mass_kg: 7080.0,
            probe: ProbeSensing::FacePlane,
        };
        fly_substep(plan, &sensed, log)
    }

    #[test]
    fn the_kurs_fault_stops_the_final_approach_and_holds_until_the_pilot_takes_over() {
        use crate::core::control::rendezvous::tests::rendezvous_by_hand;
        use crate::core::control::rendezvous::{Hands, KursFault};
        let mut plan =
            rendezvous_by_hand(Hands::Live(HandCommand::default(), crate::core::replay::Replay::empty("p", None)));
        // On the final approach, the glide long done: the contact 100 s ahead.
        let met_s = plan.approach.contact_met_s - 100.0;
        let log_so_far =
            ApproachLog { glide_start: Some((0.0, Vector3d::zeros())), begun: Some(ProximityPhase::FinalApproach) };
        plan.phase = RendezvousPhase::Approach(log_so_far);
        let takeover_met_s = met_s + 60.0;
        plan.approach.kurs_fault = Some(KursFault { at_m: 40.0, takeover_met_s, ..plan.approach.kurs_fault.unwrap() });
        let mut log = Reported::default();
        // At 45 m, closing: the automatic approach flies on.
        assert!(matches!(fly_at(&mut plan, met_s, 45.0, &mut log), ApproachCommand::Thrust(_)));
        assert!(log.0.is_empty() && matches!(plan.phase, RendezvousPhase::Approach(_)), "{log:?}");
        // Past 40 m: Kurs stops, logged once with the distance, and the ship holds there.
        let ApproachCommand::Thrust(braking) = fly_at(&mut plan, met_s + 25.0, 39.9, &mut log) else { panic!() };
        let RendezvousPhase::KursStopped { stopped_met_s, held_at_lvlh_m, .. } = plan.phase else { panic!("{plan:?}") };
        assert_eq!(stopped_met_s, met_s + 25.0);
        assert!(
            (held_at_lvlh_m - (plan.approach.contact_point_lvlh() + plan.approach.port_axis_lvlh * 39.9)).norm() < 1e-6
        );
        assert_eq!(log.0.iter().map(|e| e.1).collect::<Vec<_>>(), [EventKind::KursFault]);
        assert!(matches!(log.0[0].2[0], ("distance_m", Figure::Number(d)) if (d - 39.9).abs() < 1e-6));
        // Holding: the thrust stops the closing (against the approach, along the port's axis).
        let (station, _) = on_the_axis(&plan.approach, 39.9, 0.2);
        let along_axis = (frames::lvlh_from_eci_matrix(&station) * braking).dot(&plan.approach.port_axis_lvlh);
        assert!(along_axis > 0.0, "braking: {braking}");
        fly_at(&mut plan, takeover_met_s - 0.1, 39.9, &mut log);
        assert_eq!(log.0.len(), 1, "nothing more while it holds");
        // At the takeover the hands have it.
        assert!(matches!(fly_at(&mut plan, takeover_met_s, 39.9, &mut log), ApproachCommand::Hands(_)));
        assert!(plan.by_hand() && log.0.last().unwrap().1 == EventKind::ManualControl);
    }
}
