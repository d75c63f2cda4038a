//! Relative motion near the station, as the docking game flies it: two bodies integrated in the
//! inertial frame with the mission's gravity field, whose drift in the station's LVLH frame must
//! be what Clohessy and Wiltshire predict.

use ms19::core::atmosphere::{Atmosphere, HarrisPriester};
use ms19::core::control::rate_hold::HandMode;
use ms19::core::elements::OrbitalElements as Elements;
use ms19::core::forces::{DragProperties, ForceModel, StepEnvironment};
use ms19::core::frames::{lvlh_from_eci_matrix, lvlh_rate_radps, relative_lvlh};
use ms19::core::{StateVector, Vector3d, position_m, state_from, velocity_mps};

/// A chaser `offset_lvlh_m` from the target, at rest in the target's rotating LVLH frame.
fn at_rest_in_lvlh(target: &StateVector, offset_lvlh_m: Vector3d) -> StateVector {
    let dr = lvlh_from_eci_matrix(target).transpose() * offset_lvlh_m;
    let dv = lvlh_rate_radps(target).cross(&dr);
    state_from(position_m(target) + dr, velocity_mps(target) + dv)
}

/// The Clohessy-Wiltshire solution from rest at `z0` below the target (LVLH: x along-track, z
/// to nadir): z = z0 (4 - 3 cos nt), x = 6 z0 (nt - sin nt) (Fehse, *Automated Rendezvous and
/// Docking of Spacecraft*, eq. 3.25 with the initial velocity zero).
fn clohessy_wiltshire_m(z0_m: f64, n_radps: f64, t_s: f64) -> Vector3d {
    let nt = n_radps * t_s;
    Vector3d::new(6.0 * z0_m * (nt - nt.sin()), 0.0, z0_m * (4.0 - 3.0 * nt.cos()))
}

/// Flies target and chaser for `duration_s` in 0.1 s steps (the game's step near the station)
/// with the mission's gravity, drag when `drag` names the two ballistic coefficients; returns
/// the largest distance from the CW solution and the CW path's largest excursion.
fn fly(drag: Option<(f64, f64)>, duration_s: f64) -> (f64, f64, Vector3d) {
    let mission = crate::ms19_mission();
    let station = mission.station().unwrap();
    let forces = ForceModel {
        atmosphere: Some(std::sync::Arc::new(Atmosphere::HarrisPriester(HarrisPriester::new(4)))),
        ..mission.forces.clone()
    };
    let mut target = mission.snapshot().state(station);
    let z0_m = 40.0;
    let mut chaser = at_rest_in_lvlh(&target, Vector3d::new(0.0, 0.0, z0_m));
    let n = Elements::from_state(&target).mean_motion_rad_s();
    let env = StepEnvironment::at(mission.utc(), mission.ut1_minus_utc_s);
    let h = 0.1;
    let steps = (duration_s / h).round() as u64;
    let (mut worst_m, mut excursion_m) = (0.0_f64, 0.0_f64);
    let mut relative = Vector3d::zeros();
    for k in 1..=steps {
        let advance = |state: &StateVector, ballistic: f64| {
            let held = match drag {
                Some(_) => {
                    let density = forces.density_kg_m3(&position_m(state), &env);
                    ForceModel::drag_acceleration_mps2(state, density, ballistic)
                }
                None => Vector3d::zeros(),
            };
            forces.step(mission.method, state, &held, h)
        };
        let (b_target, b_chaser) = drag.unwrap_or_default();
        target = advance(&target, b_target);
        chaser = advance(&chaser, b_chaser);
        if k % 100 == 0 {
            relative = relative_lvlh(&target, &chaser).0;
            let predicted = clohessy_wiltshire_m(z0_m, n, k as f64 * h);
            worst_m = worst_m.max((relative - predicted).norm());
            excursion_m = excursion_m.max(predicted.norm());
        }
    }
    (worst_m, excursion_m, relative)
}

#[test]
fn without_input_or_drag_one_orbit_from_40_m_below_drifts_as_clohessy_wiltshire_predict() {
    let mission = crate::ms19_mission();
    let target = mission.snapshot().state(mission.station().unwrap());
    let period_s = std::f64::consts::TAU / Elements::from_state(&target).mean_motion_rad_s();
    let (worst_m, excursion_m, end) = fly(None, period_s);
    // From 40 m below, the chaser gains 12 pi x 40 = 1,508 m along-track in an orbit.
    assert!((excursion_m - 1508.0).abs() < 20.0, "excursion {excursion_m} m");
    assert!(end.x > 1400.0, "it drifted ahead: {end}");
    assert!(worst_m < 0.01 * excursion_m, "{worst_m} m from CW, 1 % of {excursion_m} m allowed");
    eprintln!("CW: worst {worst_m:.2} m of a {excursion_m:.0} m excursion");
}

#[test]
fn differential_drag_moves_the_drift_by_metres_in_an_orbit() {
    let mission = crate::ms19_mission();
    let station = mission.station().unwrap();
    let target = mission.snapshot().state(station);
    let period_s = std::f64::consts::TAU / Elements::from_state(&target).mean_motion_rad_s();
    let ballistic = |i: usize| {
        let body = &mission.bodies[i];
        body.drag.map_or(0.0, |d: DragProperties| d.ballistic_coefficient_m2_kg(body.mass_kg))
    };
    let spacecraft = mission.spacecraft().unwrap();
    let (_, _, without) = fly(None, period_s);
    let (_, _, with) = fly(Some((ballistic(station), ballistic(spacecraft))), period_s);
    let moved_m = (with - without).norm();
    // The station has about 5 times the Soyuz's area per kilogram: relative to it the Soyuz is
    // pushed forward, f = rho v^2 (B_iss - B_soyuz) / 2, and a forward push in CW ends an orbit
    // behind, by (3/2) f T^2 (Fehse eq. 3.29): some tens of metres (Harris-Priester, mean
    // solar activity).
    eprintln!("differential drag over one orbit: {moved_m:.1} m ({without} -> {with})");
    assert!((1.0..200.0).contains(&moved_m), "{moved_m} m");
    assert!(with.x < without.x, "the push forward leaves the Soyuz behind: {with} vs {without}");
}

const SHIPPED_REPLAY: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/config/replays/ms19-shkaplerov.ron");

/// Published contact, 12:22:31 UTC (kosmonavtika mkseo66), as mission time.
fn published_contact_met_s(mission: &ms19::core::mission::Mission) -> f64 {
    ms19::core::time::UtcInstant::parse_iso8601("2021-10-05T12:22:31Z").unwrap().seconds_since(mission.launch)
}

#[test]
fn kurs_stops_at_40_m_and_the_crews_replay_docks_at_the_published_minute() {
    use ms19::core::events::EventKind;
    let mut mission = crate::ms19_mission();
    mission.run_to_met(3.0 * 3600.0 + 40.0 * 60.0);
    let event = |kind: EventKind| {
        mission
            .log
            .iter()
            .find(|e| e.key.kind == kind)
            .unwrap_or_else(|| panic!("no {kind:?}:\n{}", crate::log_text(&mission)))
    };
    let (fault, manual, contact) =
        (event(EventKind::KursFault), event(EventKind::ManualControl), event(EventKind::Contact));
    assert!(fault.met_s < manual.met_s && manual.met_s < contact.met_s);
    // Where it stopped, from the states: within a substep of 40 m from contact on the axis.
    let mut stopped = crate::ms19_mission();
    stopped.run_to_met(fault.met_s + 1.0);
    let held = stopped.rendezvous_of(stopped.spacecraft().unwrap()).unwrap();
    let (_, held_at_lvlh_m) = held.kurs_stop().expect("holding after the fault");
    let distance_m = (held_at_lvlh_m - held.approach.contact_point_lvlh()).dot(&held.approach.port_axis_lvlh);
    assert!((39.9..=40.0).contains(&distance_m), "stopped {distance_m} m out");
    let late_s = contact.met_s - published_contact_met_s(&mission);
    assert!(late_s.abs() < 60.0, "contact {late_s:+.1} s from 12:22:31 UTC");
    let plan = mission.rendezvous_of(mission.spacecraft().unwrap()).unwrap();
    let c = plan.contact().unwrap();
    // The exam's 0.06-0.15 m/s, well inside the cone (ATV's Russian system: within 0.1 m).
    assert!((0.06..=0.15).contains(&c.closing_mps) && c.lateral_miss_m < 0.1, "{c:?}");
    // The hand-flown 40 m cost propellant from the shared tank, a few kilograms.
    let used_kg = plan.propellant_used_by_hand_kg();
    assert!((0.5..20.0).contains(&used_kg), "{used_kg} kg by hand");
}

#[test]
fn the_pilot_model_still_flies_the_shipped_replay() {
    let (contact, replay) = ms19::simulate::fly_pilot_model(crate::ms19_mission(), 3.75 * 3600.0);
    let contact = contact.expect("the pilot model docks");
    assert!((contact.met_s - published_contact_met_s(&crate::ms19_mission())).abs() < 60.0, "{contact:?}");
    let shipped = ms19::scenario::replay::load(std::path::Path::new(SHIPPED_REPLAY)).unwrap();
    assert!(
        replay.as_ref() == Some(&shipped),
        "the pilot model now flies differently from config/replays/ms19-shkaplerov.ron: regenerate it with \
         `ms19 pilot --out config/replays/ms19-shkaplerov.ron` and check it still docks"
    );
}

#[test]
fn the_same_replay_flies_the_same_to_the_bit() {
    let fly = || {
        let mut mission = crate::ms19_mission();
        mission.run_to_met(3.0 * 3600.0 + 28.0 * 60.0);
        let craft = mission.spacecraft().unwrap();
        (mission.snapshot().states[craft].map(f64::to_bits), mission.bodies[craft].mass_kg.to_bits(), mission.log)
    };
    let (a, b) = (fly(), fly());
    assert!(a == b, "two flights of one replay differ");
}

#[test]
fn a_bad_replay_is_located() {
    let text = "(pilot: \"t\", inputs: [\n(met_s: 2.0, command: ()),\n(met_s: 1.0, command: ()),\n])";
    let err = ms19::scenario::replay::parse("r.ron", text).unwrap_err();
    assert_eq!(err.field(), Some("inputs[1].met_s"), "{err}");
    assert_eq!(err.position().map(|p| p.0), Some(3), "{err}");
    let err = ms19::scenario::replay::parse(
        "r.ron",
        "(pilot: \"t\", inputs: [(met_s: 1.0, command: (translation: (up, neutral, neutral)))])",
    )
    .unwrap_err();
    assert!(err.field().is_some_and(|f| f.contains("translation")), "{err}");
}

/// `ms19 dock --headless` on a shipped replay: its exit status and outcome line.
fn dock(replay: &str) -> (Option<i32>, String) {
    let output = crate::ms19()
        .args(["dock", "--headless", "--replay", &format!("config/replays/{replay}.ron")])
        .output()
        .expect("ms19 runs");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned() + &String::from_utf8_lossy(&output.stderr),
    )
}

#[test]
fn the_crews_replay_docks_headless_and_the_failing_ones_fail_as_named() {
    let (code, line) = dock("ms19-shkaplerov");
    assert_eq!(code, Some(0), "{line}");
    assert!(line.starts_with("docked at 2021-10-05T12:22:") && line.contains("propellant used"), "{line}");
    for (replay, why) in [
        // A 1 m/s approach: outside the envelope the probe bounces off the drogue, or wide of
        // the cone strikes the module around the port.
        ("ms19-fail-too-fast", "Rassvet"),
        // Drifting aft past Rassvet, it meets the vehicle docked next door.
        ("ms19-fail-array", "Soyuz MS-18 solar array"),
        ("ms19-fail-propellant", "tank is empty"),
    ] {
        let (code, line) = dock(replay);
        assert_eq!(code, Some(1), "{replay}: {line}");
        assert!(line.starts_with("failed at") && line.contains(why), "{replay}: {line}");
    }
    let (code, line) = dock("no-such-replay");
    assert_eq!(code, Some(2), "{line}");
}

#[test]
fn a_probe_that_comes_in_too_fast_is_thrown_back_by_the_drogue() {
    use ms19::core::events::EventKind;
    // The pilot model lined up as ever, but closing at 0.5 m/s to the touch (the envelope
    // takes 0.35): the first contact bounces; coming back from a few centimetres it cannot
    // reach that speed again, and the second touch is gentle enough to latch.
    let hasty = ms19::core::control::pilot::Technique {
        contact_speed_mps: 0.5,
        max_closing_mps: 0.5,
        ..ms19::core::control::pilot::Technique::trained()
    };
    let mut mission = crate::ms19_mission();
    let craft = mission.spacecraft().unwrap();
    mission.fly_pilot_model(hasty);
    mission.run_to_met(3.0 * 3600.0 + 35.0 * 60.0);
    let of = |kind: EventKind| mission.log.iter().filter(|e| e.key.vehicle.0 == craft && e.key.kind == kind).count();
    assert!(of(EventKind::Bounce) >= 1, "{}", crate::log_text(&mission));
    let bounce = mission.log.iter().find(|e| e.key.kind == EventKind::Bounce).unwrap();
    assert!(bounce.description.contains("too fast"), "{}", bounce.description);
    let contact = mission.rendezvous_of(craft).unwrap().contact();
    assert!(contact.is_none_or(|c| c.met_s > bounce.met_s && c.closing_mps <= 0.35), "{contact:?}");
    // Thrown back: just after the bounce the ship moves away from the port.
    let mut after = crate::ms19_mission();
    after.fly_pilot_model(hasty);
    after.run_to_met(bounce.met_s + 1.0);
    let station = after.station().unwrap();
    let (p, v) = relative_lvlh(&after.snapshot().state(station), &after.snapshot().state(craft));
    assert!(v.z > 0.0 && p.z > 8.1, "after the bounce: {p} {v}");
}

#[test]
fn live_hands_are_recorded_and_their_replay_flies_the_same_to_the_bit() {
    use ms19::core::rcs::{Deflection, HandCommand};
    let takeover = 3.0 * 3600.0 + 23.0 * 60.0 + 15.0;
    let forward = HandCommand {
        translation: [Deflection::Plus, Deflection::Neutral, Deflection::Neutral],
        ..HandCommand::default()
    };
    let yaw = HandCommand {
        rotation: [Deflection::Neutral, Deflection::Neutral, Deflection::Plus],
        ..HandCommand::default()
    };
    for mode in [HandMode::Direct, HandMode::Rate] {
        // A player: forward for 5 s, a yaw for 2 s, then hands off; set between frames.
        let mut live = crate::ms19_mission();
        live.fly_live(takeover, "test player", mode);
        live.run_to_met(takeover + 1.0);
        for (until, command) in [(6.0, forward), (8.0, yaw), (20.0, HandCommand::default())] {
            live.set_live_hands(command);
            live.run_to_met(takeover + until);
        }
        let craft = live.spacecraft().unwrap();
        let recorded = live.pilot_replay(craft).unwrap().clone();
        assert_eq!((recorded.inputs.len(), recorded.mode), (3, mode), "{recorded:?}");
        assert!((recorded.inputs[0].met_s - (takeover + 1.0)).abs() < 1e-6);
        let cues = live.docking_cues(craft).unwrap();
        assert!(cues.closing_mps > 0.1, "5 s forward on one loop: 0.18 m/s, {}", cues.closing_mps);
        // Its replay, written out and read back, flown from the start, ends in the same state
        // and attitude to the bit.
        let text = recorded.to_ron();
        let back: ms19::core::replay::Replay = ron::from_str(&text).unwrap();
        let mut again = crate::ms19_mission();
        again.fly_replay(std::sync::Arc::new(back));
        again.run_to_met(takeover + 20.0);
        let (a, b) = (again.snapshot(), live.snapshot());
        assert_eq!(a.states[craft].map(f64::to_bits), b.states[craft].map(f64::to_bits), "{mode:?}");
        assert_eq!(a.attitudes[craft], b.attitudes[craft], "{mode:?}");
    }
}

#[test]
fn started_at_station_keeping_the_player_takes_over_where_kurs_stops() {
    use ms19::core::events::EventKind;
    let start = ms19::simulate::fly_to_station_keeping(&mut crate::ms19_mission()).unwrap();
    let mut mission = crate::ms19_mission();
    mission.fly_live(start, "test player", HandMode::Direct);
    mission.run_to_met(3.0 * 3600.0 + 20.0 * 60.0);
    let at = |kind: EventKind| mission.log.iter().find(|e| e.key.kind == kind).map(|e| e.met_s).unwrap();
    let (keeping, stop, manual) =
        (at(EventKind::StationKeeping), at(EventKind::KursFault), at(EventKind::ManualControl));
    assert_eq!(keeping, start);
    assert!((manual - stop).abs() < 0.11, "takeover at the stop: {stop} then {manual}");
    // Hands off from there: the ship drifts, no contact.
    assert!(mission.rendezvous_of(mission.spacecraft().unwrap()).unwrap().contact().is_none());
}

#[test]
fn a_start_200_m_out_is_seeded_and_drifts_with_the_orbit() {
    use ms19::core::replay::Start;
    let start = Start { distance_m: 200.0, seed: 42 };
    let fly = || {
        let mut m = crate::ms19_mission();
        m.fly_live(3.0 * 3600.0 + 23.0 * 60.0 + 15.0, "test player", HandMode::Direct);
        m.start_docking(start, ms19::core::game_rules::start_error);
        m
    };
    let mut mission = fly();
    let craft = mission.spacecraft().unwrap();
    let cues = mission.docking_cues(craft).unwrap();
    assert!((cues.distance_m - 200.0).abs() < 1e-6, "{}", cues.distance_m);
    let lateral = cues.lateral_body_m.y.hypot(cues.lateral_body_m.z);
    assert!(lateral > 0.0 && lateral < 0.05 * 200.0 * 1.8, "{lateral}");
    assert!(cues.attitude_error_body_rad.norm() > 0.0);
    // Hands off for five minutes: no longer held, the ship drifts metres off where it began.
    let begun = mission.snapshot().states[craft];
    mission.run_to_met(mission.met_s() + 300.0);
    let station = mission.station().unwrap();
    let moved = relative_lvlh(&mission.snapshot().state(station), &mission.snapshot().state(craft)).0;
    let at_start = {
        let m = fly();
        relative_lvlh(&m.snapshot().state(station), &m.snapshot().states[craft]).0
    };
    assert!((moved - at_start).norm() > 1.0, "{moved} vs {at_start}");
    // The same start and seed, the same state.
    assert_eq!(fly().snapshot().states[craft].map(f64::to_bits), begun.map(f64::to_bits));
    // A recording made from it carries the start.
    let recorded = mission.pilot_replay(craft).unwrap();
    assert_eq!(recorded.start, Some(start));
}

/// The docking game headless: `game`'s views and recording (its `before_hands` filled in), the
/// mission from `takeover`, frames of `frame_ms`, the keyboard's input resource.
fn game_app(
    mission: ms19::core::mission::Mission,
    before_hands: ms19::core::mission::Mission,
    takeover: f64,
    frame_ms: u64,
    game: GameViews,
) -> bevy::prelude::App {
    use bevy::prelude::*;
    use bevy::time::TimeUpdateStrategy;
    use ms19::camera::{CameraPlugin, Focus};
    use ms19::sim::SimPlugin;
    let focus = Focus::for_key(&mission, "soyuz").unwrap();
    let mut app = App::new();
    app.add_plugins(MinimalPlugins)
        .insert_resource(TimeUpdateStrategy::ManualDuration(std::time::Duration::from_millis(frame_ms)))
        .init_resource::<ButtonInput<KeyCode>>()
        .add_plugins(ms19::dock::DockPlugin { views: game.views, record_inputs: game.record_inputs, before_hands })
        .add_plugins(SimPlugin {
            mission,
            max_steps_per_frame: 100,
            start_at_met_s: Some(takeover),
            start_paused: false,
        })
        .add_plugins(CameraPlugin { focus, distance_m: None, shot: None });
    app
}

/// What a test's game shows and records.
struct GameViews {
    views: Vec<ms19::film::shots::Shot>,
    record_inputs: Option<std::path::PathBuf>,
}

#[test]
fn in_the_game_keys_and_a_gamepad_fly_the_ship_and_r_restarts_it() {
    use bevy::prelude::*;
    use ms19::sim::{Presentation, SimMission};
    let takeover = 3.0 * 3600.0 + 23.0 * 60.0 + 15.0;
    let before_hands = crate::ms19_mission();
    let mut mission = before_hands.clone();
    mission.fly_live(takeover, "test player", HandMode::Direct);
    let views = ms19::scenario::shots::load(&crate::repo_path("config/shots.ron"))
        .unwrap()
        .into_iter()
        .filter(|s| s.name == "periscope")
        .collect();
    let mut app = game_app(mission, before_hands, takeover, 100, GameViews { views, record_inputs: None });
    let closing = |app: &App| {
        let m = &app.world().resource::<SimMission>().0;
        m.docking_cues(m.spacecraft().unwrap()).unwrap().closing_mps
    };
    app.update();
    let start_met_s = app.world().resource::<Presentation>().now.met_s;
    // W held for 5 s of frames: the ship closes on the port.
    app.world_mut().resource_mut::<ButtonInput<KeyCode>>().press(KeyCode::KeyW);
    for _ in 0..50 {
        app.update();
    }
    app.world_mut().resource_mut::<ButtonInput<KeyCode>>().release(KeyCode::KeyW);
    app.update();
    assert!(closing(&app) > 0.1, "closing {}", closing(&app));
    // R: back to the first instant, at rest, nothing recorded.
    app.world_mut().resource_mut::<ButtonInput<KeyCode>>().press(KeyCode::KeyR);
    app.update();
    let world = app.world();
    assert!((world.resource::<Presentation>().now.met_s - start_met_s).abs() < 0.2);
    let m = &world.resource::<SimMission>().0;
    assert!(closing(&app).abs() < 0.01, "closing {} after the restart", closing(&app));
    assert!(m.pilot_replay(m.spacecraft().unwrap()).unwrap().inputs.is_empty());
    // A gamepad: the right trigger held flies the ship forward as W does.
    let mut keys = app.world_mut().resource_mut::<ButtonInput<KeyCode>>();
    keys.release(KeyCode::KeyR);
    keys.clear();
    let mut pad = bevy::input::gamepad::Gamepad::default();
    pad.analog_mut().set(bevy::input::gamepad::GamepadButton::RightTrigger2, 1.0);
    app.world_mut().spawn(pad);
    for _ in 0..50 {
        app.update();
    }
    assert!(closing(&app) > 0.1, "closing {} on the gamepad's trigger", closing(&app));
    let m = &app.world().resource::<SimMission>().0;
    let inputs = &m.pilot_replay(m.spacecraft().unwrap()).unwrap().inputs;
    assert!(!inputs.is_empty(), "the trigger's pulses are recorded");
    // Esc quits as closing the window does.
    app.world_mut().resource_mut::<ButtonInput<KeyCode>>().press(KeyCode::Escape);
    app.update();
    assert!(app.should_exit().is_some(), "Esc ends the game");
}

#[test]
fn after_a_docking_in_the_window_the_debrief_plots_it_and_esc_writes_the_headless_telemetry() {
    use bevy::prelude::*;
    use ms19::dock::debrief::{Debrief, telemetry_path};
    use ms19::sim::SimMission;
    // The crew's replay watched in the game, its inputs to be recorded.
    let crew = ms19::scenario::replay::load(std::path::Path::new(SHIPPED_REPLAY)).unwrap();
    let before_hands = crate::ms19_mission();
    let mut mission = before_hands.clone();
    mission.fly_replay(std::sync::Arc::new(crew));
    let craft = mission.spacecraft().unwrap();
    let takeover = mission.rendezvous_of(craft).unwrap().approach.kurs_fault.as_ref().unwrap().takeover_met_s;
    let recorded = crate::temp_dir("debrief").join("game.ron");
    // Frames of 0.25 s, virtual time's longest.
    let game = GameViews { views: Vec::new(), record_inputs: Some(recorded.clone()) };
    let mut app = game_app(mission, before_hands, takeover, 250, game);
    let debriefed = |app: &App| app.world().resource::<Debrief>().0.is_some();
    for _ in 0..1200 {
        app.update();
        if debriefed(&app) {
            break;
        }
    }
    assert!(debriefed(&app), "no debrief by T+{}", app.world().resource::<SimMission>().0.met_s());
    let world = app.world();
    let live = &world.resource::<SimMission>().0;
    let flown = world.resource::<Debrief>().0.as_ref().unwrap();
    // Flown again to the bit: the window's contact.
    let (again, there) = (flown.mission.rendezvous_of(craft).unwrap(), live.rendezvous_of(craft).unwrap());
    assert_eq!(again.contact(), there.contact());
    assert!(matches!(flown.outcome, ms19::simulate::DockingOutcome::Docked { .. }), "{:?}", flown.outcome);
    // A point per substep, from 40 m down to the drogue, inside the envelope at the end.
    let s = &flown.series;
    let substeps = again.hand_flight().unwrap().substeps.as_ref().unwrap().len();
    assert!(substeps > 2000, "{substeps}");
    assert!(
        [s.closing.len(), s.across.len(), s.up.len(), s.roll.len(), s.pitch.len(), s.yaw.len()]
            .iter()
            .all(|n| *n == substeps)
    );
    let (first, last) = (s.closing[0], s.closing[substeps - 1]);
    assert!((first.x - 40.0).abs() < 1.0 && last.x < 0.5, "{first:?} .. {last:?}");
    let capture = again.approach.capture;
    assert!((capture.min_closing_mps..=capture.max_closing_mps).contains(&last.y), "{last:?}");
    assert!(s.yaw.iter().all(|p| p.y.abs() < capture.misalignment_deg));
    // Esc: the same CSV as `ms19 dock --headless --telemetry` writes for the replay.
    app.world_mut().resource_mut::<ButtonInput<KeyCode>>().press(KeyCode::Escape);
    app.update();
    let written = std::fs::read(telemetry_path(&recorded)).unwrap();
    let headless = crate::temp_dir("debrief").join("headless.csv");
    let run = crate::ms19()
        .args(["dock", "--headless", "--replay", SHIPPED_REPLAY, "--telemetry"])
        .arg(&headless)
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    assert!(written == std::fs::read(&headless).unwrap(), "the game's telemetry differs from the headless one");
    // R: flown again from the start, the debrief goes.
    let mut keys = app.world_mut().resource_mut::<ButtonInput<KeyCode>>();
    keys.release(KeyCode::Escape);
    keys.press(KeyCode::KeyR);
    app.update();
    assert!(!debriefed(&app));
}

#[test]
fn the_crews_replay_telemetry_has_a_row_per_substep_from_the_takeover_to_contact() {
    use ms19::core::events::EventKind;
    let out = crate::temp_dir("telemetry").join("shkaplerov.csv");
    let run = crate::ms19()
        .args(["dock", "--headless", "--replay", "config/replays/ms19-shkaplerov.ron", "--telemetry"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let text = std::fs::read_to_string(&out).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let column = |name: &str| header.iter().position(|c| *c == name).unwrap_or_else(|| panic!("no {name}"));
    // The numbers of each row (the UTC and the body's name read as NaN).
    let rows: Vec<Vec<f64>> = lines.map(|l| l.split(',').map(|x| x.parse().unwrap_or(f64::NAN)).collect()).collect();
    let value = |row: &Vec<f64>, name: &str| row[column(name)];
    // The same flight in-process: its takeover and its contact.
    let mut mission = crate::ms19_mission();
    mission.run_to_met(3.5 * 3600.0);
    let manual = crate::event_met_s(&mission, "soyuz", EventKind::ManualControl, 1).unwrap();
    let contact = crate::event_met_s(&mission, "soyuz", EventKind::Contact, 1).unwrap();
    let met: Vec<f64> = rows.iter().map(|r| value(r, "met_s")).collect();
    assert!((met[0] - manual).abs() < 0.1 + 1e-6, "first row {} at the takeover {manual}", met[0]);
    assert!(met.windows(2).all(|p| (p[1] - p[0] - 0.1).abs() < 2e-3), "a row every 0.1 s substep");
    let last = met[met.len() - 1];
    assert!(contact - last >= 0.0 && contact - last < 0.1 + 1e-3, "last row {last}, contact {contact}");
    // The cues close on the port: 40 m at the takeover; at the last substep the probe's head
    // is down the drogue's cone, towards its socket 0.3 m inside the port's face.
    let (first, end) = (value(&rows[0], "range_m"), value(rows.last().unwrap(), "range_m"));
    assert!((first - 40.0).abs() < 1.0 && (-0.35..0.0).contains(&end), "{first} m, then {end} m");
}

#[test]
fn the_cues_at_a_shown_instant_are_the_steps_own_when_it_shows_the_step() {
    let mut mission = crate::ms19_mission();
    mission.run_to_met(3.0 * 3600.0 + 25.0 * 60.0);
    let craft = mission.spacecraft().unwrap();
    let at_step = mission.docking_cues(craft).unwrap();
    assert_eq!(mission.docking_cues_shown(craft, &mission.snapshot()), Some(at_step));
    // Half a step later the picture shows the ship closer.
    let (a, b) = (mission.snapshot(), {
        mission.step();
        mission.snapshot()
    });
    let between = ms19::core::snapshot::Snapshot::between(Some(&a), &b, 0.5 * (a.met_s + b.met_s));
    let halfway = mission.docking_cues_shown(craft, &between).unwrap();
    assert!(halfway.distance_m < at_step.distance_m, "{} vs {}", halfway.distance_m, at_step.distance_m);
}
