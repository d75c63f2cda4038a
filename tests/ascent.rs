//! The Soyuz-2.1a ascent flown by the core: insertion orbit and plane, staging, loads.

use crate::{event_met_s, log_text, ms19_mission};
use ms19::core::events::EventKind;
use ms19::core::mission::{Mission, Motion};

fn flown_to(met_s: f64) -> Mission {
    let mut mission = ms19_mission();
    mission.run_to_met(met_s);
    mission
}

#[test]
fn insertion_orbit_is_200_by_242_km_in_the_iss_plane() {
    let mission = flown_to(600.0);
    let soyuz = mission.body_index("soyuz").unwrap();
    let launcher = mission.launcher_of(soyuz).unwrap();
    assert!(launcher.separated(), "separated by T+600 s:\n{}", log_text(&mission));
    let e = mission.elements(soyuz);
    let (perigee_km, apogee_km) = (e.perigee_altitude_m() / 1000.0, e.apogee_altitude_m() / 1000.0);
    let summary =
        format!("{perigee_km:.2} x {apogee_km:.2} km, i {:.3}\n{}", e.inclination_rad.to_degrees(), log_text(&mission));
    assert!((perigee_km - 199.84).abs() < 10.0, "{summary}");
    assert!((apogee_km - 242.69).abs() < 10.0, "{summary}");
    assert!((e.inclination_rad.to_degrees() - 51.66).abs() < 0.05, "{summary}");
    // Plane error: the angle between the orbit normals of the Soyuz and the ISS.
    let normal = |state: &ms19::core::StateVector| {
        ms19::core::position_m(state).cross(&ms19::core::velocity_mps(state)).normalize()
    };
    let iss = mission.body_index("iss").unwrap();
    let plane_error_deg = normal(&mission.state(soyuz)).angle(&normal(&mission.state(iss))).to_degrees();
    assert!(plane_error_deg < 0.1, "plane error {plane_error_deg} deg; {summary}");
    // Cutoff T+526.0 s and separation T+529.3 s on the sister flights MS-21/MS-22.
    let at = |kind: EventKind| event_met_s(&mission, "soyuz", kind, 1).unwrap();
    assert!((at(EventKind::ThirdStageCutoff) - 526.0).abs() < 5.0, "{summary}");
    assert!((at(EventKind::SpacecraftSeparation) - 529.3).abs() < 5.0, "{summary}");
}

#[test]
fn staging_follows_the_flight_plan_and_stages_fly_on_their_own() {
    let mission = flown_to(700.0);
    let at = |kind: EventKind| event_met_s(&mission, "soyuz", kind, 1);
    let text = log_text(&mission);
    // Burnouts: computed from the propellant and the flows, against MS-21/MS-22's times.
    assert!((at(EventKind::BoosterSeparation).unwrap() - 117.85).abs() < 6.0, "{text}");
    assert!((at(EventKind::CoreSeparation).unwrap() - 287.7).abs() < 6.0, "{text}");
    // The fairing goes at its planned time; where the flight has taken the stack by then is
    // computed: above the dense air (Soyuz fairings leave at about 80-90 km).
    let fairing = at(EventKind::FairingJettison).expect("the fairing is jettisoned");
    let altitude_km = flown_to(fairing).geodetic(mission.body_index("soyuz").unwrap()).altitude_m / 1000.0;
    assert!((70.0..100.0).contains(&altitude_km), "fairing jettison at {altitude_km} km:\n{text}");
    for name in ["booster-1", "booster-2", "booster-3", "booster-4", "core", "fairing", "escape-tower", "third-stage"] {
        assert!(mission.body_index(name).is_some(), "{name} is a body: {text}");
    }
    // Boosters fall back: by T+700 s they are far below the Soyuz, down or coming down.
    let booster = mission.body_index("booster-1").unwrap();
    let soyuz = mission.body_index("soyuz").unwrap();
    let booster_alt = mission.geodetic(booster).altitude_m;
    assert!(
        booster_alt < 100e3 || matches!(mission.bodies[booster].motion, Motion::EarthFixed { .. }),
        "{booster_alt}"
    );
    assert!(mission.geodetic(soyuz).altitude_m > 190e3);
}

#[test]
fn ascent_loads_peak_between_3_and_4_5_g() {
    let mission = flown_to(600.0);
    let launcher = mission.launcher_of(mission.spacecraft().unwrap()).unwrap();
    let max_g = launcher.max_axial_acceleration_mps2 / ms19::core::launcher::G0_MPS2;
    assert!((3.0..4.5).contains(&max_g), "peak axial load {max_g} g");
}

#[test]
fn the_plotted_ascent_feels_1_g_on_the_pad_peaks_at_the_logged_load_and_ends_weightless() {
    use ms19::core::launcher::G0_MPS2;
    use ms19::simulate::ascent_plot::AscentRecord;
    let record = AscentRecord::fly(ms19_mission());
    let on_pad: Vec<f64> = record.samples.iter().filter(|s| s.met_s < 0.0).map(|s| s.sensed_acceleration_g).collect();
    assert!(!on_pad.is_empty() && on_pad.iter().all(|g| (g - 1.0).abs() < 0.01), "{on_pad:?}");
    // The engines' thrust over mass, logged by the launcher; the plot's figure also has drag in it.
    let flown = flown_to(600.0);
    let logged_peak_g = flown.launcher_of(flown.spacecraft().unwrap()).unwrap().max_axial_acceleration_mps2 / G0_MPS2;
    let plotted_peak_g = record.samples.iter().map(|s| s.sensed_acceleration_g).fold(0.0, f64::max);
    assert!((plotted_peak_g - logged_peak_g).abs() < 0.15, "{plotted_peak_g} g plotted, {logged_peak_g} g logged");
    let last = record.samples.last().unwrap();
    assert!(last.sensed_acceleration_g < 0.01, "coasting in orbit: {last:?}");
    assert!((7_700.0..7_900.0).contains(&last.inertial_speed_mps) && (195e3..235e3).contains(&last.altitude_m));
    let kinds: Vec<EventKind> = record.events.iter().map(|e| e.key.kind).collect();
    for kind in
        [EventKind::LiftOff, EventKind::BoosterSeparation, EventKind::CoreSeparation, EventKind::SpacecraftSeparation]
    {
        assert!(kinds.contains(&kind), "{kind:?} missing from {kinds:?}");
    }
}

#[test]
fn a_stack_that_comes_down_under_power_has_crashed_and_stays_down() {
    let mut mission = flown_to(30.0);
    let stack = mission.spacecraft().unwrap();
    // Turned round 30 s into the flight: heading down at 300 m/s, 100 m up.
    let state = mission.state(stack);
    let up = ms19::core::position_m(&state).normalize();
    let position = ms19::core::position_m(&state) - up * (mission.geodetic(stack).altitude_m - 100.0);
    mission.bodies[stack].motion = Motion::Free { state: ms19::core::state_from(position, -300.0 * up) };
    mission.run_to_met(60.0);
    assert!(matches!(mission.bodies[stack].motion, Motion::EarthFixed { .. }));
    assert!(mission.launcher_of(stack).unwrap().crashed());
    assert!(mission.rendezvous_of(stack).is_none(), "a wreck flies no rendezvous");
    let count = |kind: EventKind| mission.log.iter().filter(|e| e.key.kind == kind).count();
    assert_eq!((count(EventKind::LiftOff), count(EventKind::Crash)), (1, 1), "{}", log_text(&mission));
}

#[test]
fn two_spacecraft_fly_with_controllers_of_their_own() {
    use ms19::core::events::{BodyId, EventKind};
    // A second Soyuz on its own launcher, beside the first: no new field in the mission, only a
    // second body that carries its own launcher and rendezvous plan.
    let mut mission = ms19_mission();
    let first = mission.spacecraft().unwrap();
    let second_soyuz = ms19::core::mission::Body { name: "soyuz-b".into(), ..mission.bodies[first].clone() };
    mission.bodies.push(second_soyuz);
    let second = mission.bodies.len() - 1;
    mission.run_to_met(600.0);
    for craft in [first, second] {
        let separations = mission
            .log
            .iter()
            .filter(|e| e.key.kind == EventKind::SpacecraftSeparation && e.key.vehicle == BodyId(craft));
        assert_eq!(separations.count(), 1, "vehicle {craft}:\n{}", log_text(&mission));
        assert!(mission.launcher_of(craft).unwrap().separated() && mission.carrier_of(craft).is_none());
    }
    // Each dropped its own boosters, core, skirt, fairing, tower and third stage.
    let boosters = mission.bodies.iter().filter(|b| b.name.starts_with("booster")).count();
    assert_eq!(boosters, 8, "{:?}", mission.bodies.iter().map(|b| &b.name).collect::<Vec<_>>());
    // The same launcher from the same pad flies the same way.
    let apart_m =
        (ms19::core::position_m(&mission.state(first)) - ms19::core::position_m(&mission.state(second))).norm();
    assert!(apart_m < 1e-6, "{apart_m} m apart");
    // A copy of one without its controllers coasts: no launcher, no rendezvous, no engine.
    let alone = mission.alone(second);
    assert!(alone.launcher_of(0).is_none() && alone.rendezvous_of(0).is_none());
    assert_eq!(alone.bodies[0].command, ms19::core::control::Command::COAST);
}

#[test]
fn the_stack_turns_onto_its_guidance_by_its_steering_torque() {
    let mut mission = ms19_mission();
    let soyuz = mission.spacecraft().unwrap();
    mission.run_to_met(1.0);
    let (mut worst_first_stages_deg, mut worst_settled_deg, mut largest_rate_radps) = (0.0_f64, 0.0_f64, 0.0_f64);
    let (mut after_staging_s, mut steps_behind) = (f64::INFINITY, 0);
    while mission.carrier_of(soyuz).is_some_and(|a| a.third_cutoff_met_s().is_none()) {
        mission.step();
        let launcher = mission.carrier_of(soyuz).unwrap();
        let steering = mission.bodies[soyuz].controller.ascent().unwrap().guidance.steering();
        let attitude = mission.bodies[soyuz].attitude;
        let off_deg = attitude.axis(0).angle(&steering).to_degrees();
        largest_rate_radps = largest_rate_radps.max(attitude.rate_body_radps.norm());
        if launcher.has(ms19::core::launcher::Piece::Core) {
            worst_first_stages_deg = worst_first_stages_deg.max(off_deg);
            steps_behind += usize::from(off_deg > 0.5);
        } else {
            after_staging_s = after_staging_s.min(mission.met_s());
            if mission.met_s() > after_staging_s + 10.0 {
                worst_settled_deg = worst_settled_deg.max(off_deg);
            }
        }
        assert!(mission.met_s() < 700.0, "no cutoff");
    }
    // The pitch programme and the gravity turn are tracked closely (the command's rate is fed
    // forward); where the command steps (the pitch-over's start and end, booster separation)
    // the stack needs a second or two. The ~27 deg jump of the third stage's guidance at hot
    // staging takes a few seconds of steering torque, not an instant.
    assert!(worst_first_stages_deg < 3.0, "{worst_first_stages_deg} deg behind on the first stages");
    assert!(steps_behind <= 8, "{steps_behind} steps over 0.5 deg behind on the first stages");
    assert!(worst_settled_deg < 0.5, "{worst_settled_deg} deg behind on the third stage");
    assert!((0.01..0.5).contains(&largest_rate_radps), "turned at up to {largest_rate_radps} rad/s");
}

#[test]
fn dropped_pieces_start_beside_the_stack_at_the_same_instant() {
    // Boosters separate at T+117.9 s, 3 m/s outward; a second later the stack has pulled a few
    // metres ahead (it still thrusts), not the hundreds of metres a piece left at its substep's
    // time would show.
    let mission = {
        let mut m = ms19_mission();
        m.run_to_met(119.0);
        m
    };
    let soyuz = mission.spacecraft().unwrap();
    let stack = ms19::core::position_m(&mission.state(soyuz));
    let boosters: Vec<f64> = (0..mission.bodies.len())
        .filter(|&i| mission.bodies[i].name.starts_with("booster"))
        .map(|i| (ms19::core::position_m(&mission.state(i)) - stack).norm())
        .collect();
    assert_eq!(boosters.len(), 4);
    assert!(boosters.iter().all(|d| (1.0..15.0).contains(d)), "boosters {boosters:?} m from the stack");
}

/// Each booster's middle and axis, the stack's foot and axis, at `met_s`.
fn boosters_and_stack(
    met_s: f64,
) -> (Vec<(ms19::core::Vector3d, ms19::core::Vector3d)>, (ms19::core::Vector3d, ms19::core::Vector3d)) {
    let mission = flown_to(met_s);
    let axis = |i: usize| mission.bodies[i].attitude.body_to_inertial * ms19::core::Vector3d::x();
    let soyuz = mission.spacecraft().unwrap();
    let boosters = (0..mission.bodies.len())
        .filter(|&i| mission.bodies[i].name.starts_with("booster"))
        .map(|i| (ms19::core::position_m(&mission.state(i)), axis(i)))
        .collect();
    (boosters, (ms19::core::position_m(&mission.state(soyuz)), axis(soyuz)))
}

#[test]
fn the_boosters_leave_from_their_places_and_open_the_korolev_cross_from_below() {
    // Separation at T+117.9 s. A tenth of a second on, each booster is where it hung on the
    // core: its middle 9.8 m up the stack and 2.35 m off its axis (the part list), not on the
    // stack's foot.
    let (boosters, (foot, up)) = boosters_and_stack(118.0);
    assert_eq!(boosters.len(), 4);
    for (middle, _) in &boosters {
        let along = (middle - foot).dot(&up);
        let off = ((middle - foot) - up * along).norm();
        assert!((along - 9.8).abs() < 0.6 && (off - 2.35).abs() < 0.6, "{along:.2} m up, {off:.2} m off");
    }
    // Two seconds on: the cluster has opened from below (each tail farther from the core's axis
    // than its nose), by tens of degrees, the published sequence of the cross.
    let (boosters, (foot, up)) = boosters_and_stack(120.0);
    let off_axis = |p: ms19::core::Vector3d| ((p - foot) - up * (p - foot).dot(&up)).norm();
    for (middle, axis) in &boosters {
        let (tail, nose) = (middle - axis * 9.8, middle + axis * 9.8);
        let opened_deg = axis.angle(&up).to_degrees();
        assert!(off_axis(tail) > off_axis(nose) + 5.0, "tail {:.1} m, nose {:.1} m", off_axis(tail), off_axis(nose));
        assert!((20.0..70.0).contains(&opened_deg), "opened {opened_deg:.1} deg");
    }
}

#[test]
fn the_plumes_burn_with_their_stages_and_widen_as_the_air_thins() {
    use ms19::core::geometry::StackPiece;
    use ms19::core::plumes::plumes;
    // (mission time, the pieces whose engines burn)
    let phases: [(f64, &[StackPiece]); 5] = [
        (-10.0, &[]),
        (20.0, &[StackPiece::Boosters, StackPiece::Core]),
        (150.0, &[StackPiece::Core]),
        (400.0, &[StackPiece::ThirdStage]),
        (560.0, &[]),
    ];
    let mut last_spread = 0.0;
    for (met_s, pieces) in phases {
        let mission = flown_to(met_s);
        let soyuz = mission.spacecraft().unwrap();
        let launcher = mission.launcher_of(soyuz).unwrap();
        let altitude_m = mission.geodetic(soyuz).altitude_m;
        let burning: Vec<_> = plumes(launcher, met_s, altitude_m).into_iter().flatten().collect();
        let mut seen: Vec<StackPiece> = burning.iter().map(|p| p.piece).collect();
        seen.dedup();
        assert_eq!(seen, pieces, "at T{met_s:+}: {burning:?}");
        if pieces.contains(&StackPiece::Boosters) {
            assert_eq!(burning.len(), 5, "four boosters and the core");
        }
        if let Some(p) = burning.first() {
            let spread = p.end_radius_m / p.exit_radius_m;
            assert!(spread >= last_spread, "T{met_s:+}: {spread} after {last_spread}");
            last_spread = spread;
        }
    }
}
