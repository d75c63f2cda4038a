//! The sim plugin in a headless app (MinimalPlugins, no window or GPU): the ECS mirrors the
//! core's own propagation step for step, at any warp, and jumps integrate or restore.

use crate::ms19_mission;
use bevy::prelude::*;
use bevy::time::TimeUpdateStrategy;
use ms19::core::mission::Mission;
use ms19::core::position_m;
use ms19::sim::{Checkpoints, Presentation, SimBody, SimMission, SimPlugin, TimeCommand, WorldPosition};
use std::time::Duration;

fn headless_app(frame: Duration, warp: f64) -> App {
    headless_app_from(frame, warp, None)
}

fn headless_app_from(frame: Duration, warp: f64, start_at_met_s: Option<f64>) -> App {
    headless_app_capped(frame, warp, start_at_met_s, 100_000)
}

fn headless_app_capped(frame: Duration, warp: f64, start_at_met_s: Option<f64>, max_steps_per_frame: u32) -> App {
    let mission = ms19_mission();
    let mut app = App::new();
    app.add_plugins(MinimalPlugins).insert_resource(TimeUpdateStrategy::ManualDuration(frame)).add_plugins(SimPlugin {
        mission,
        max_steps_per_frame,
        start_at_met_s,
        start_paused: false,
    });
    for index in 0..2 {
        app.world_mut().spawn((SimBody { index }, WorldPosition::default()));
    }
    app.world_mut().write_message(TimeCommand::SetWarp(warp));
    app
}

fn core_after(steps: u64) -> Mission {
    let mut mission = ms19_mission();
    for _ in 0..steps {
        mission.step();
    }
    mission
}

fn assert_ecs_matches(app: &mut App, reference: &Mission) {
    let mut query = app.world_mut().query::<(&SimBody, &WorldPosition)>();
    let mut seen = 0;
    for (body, position) in query.iter(app.world()) {
        assert_eq!(position.0, position_m(&reference.state(body.index)), "body {}", body.index);
        seen += 1;
    }
    assert_eq!(seen, 2);
}

#[test]
fn ecs_state_follows_the_core_for_n_fixed_steps() {
    // 1/16 s frames at 64x: 4 fixed steps of 1 s per frame (binary-exact, so no rounding).
    let mut app = headless_app(Duration::from_micros(62_500), 64.0);
    for _ in 0..41 {
        app.update();
    }
    let steps = app.world().resource::<SimMission>().0.steps_taken;
    assert_eq!(steps, 160, "the first update has no time delta, then 4 steps a frame");
    assert_ecs_matches(&mut app, &core_after(steps));
}

#[test]
fn warp_and_frame_rate_do_not_change_the_trajectory() {
    let mut slow = headless_app(Duration::from_micros(16_667), 10.0);
    let mut fast = headless_app(Duration::from_millis(100), 5000.0);
    while slow.world().resource::<SimMission>().0.steps_taken < 500 {
        slow.update();
    }
    fast.update();
    fast.update();
    let s = slow.world().resource::<SimMission>().0.clone();
    let mut f = fast.world().resource::<SimMission>().0.clone();
    assert!(f.steps_taken >= s.steps_taken);
    let mut s = s;
    s.run_to_met(f.met_s());
    f.run_to_met(s.met_s());
    assert_eq!(s.bodies, f.bodies);
}

#[test]
fn jumps_integrate_forward_and_restore_backward() {
    let mut app = headless_app(Duration::from_millis(10), 1.0);
    app.world_mut().write_message(TimeCommand::SetPaused(true));
    app.world_mut().write_message(TimeCommand::JumpToMet(3600.0));
    app.update();
    let forward = app.world().resource::<SimMission>().0.clone();
    assert_eq!(forward.met_s(), 3600.0);
    let mut reference = ms19_mission();
    reference.run_to_met(3600.0);
    assert_eq!(forward.bodies, reference.bodies, "jumping forward integrates");

    app.world_mut().write_message(TimeCommand::JumpToMet(1234.0));
    app.update();
    let back = app.world().resource::<SimMission>().0.clone();
    let mut reference = ms19_mission();
    reference.run_to_met(1234.0);
    assert_eq!(back.met_s(), 1234.0);
    assert_eq!(back.bodies, reference.bodies, "jumping back restores a checkpoint and integrates");
    assert_ecs_matches(&mut app, &reference);
}

#[test]
fn floating_origin_keeps_a_20_m_close_up_of_the_iss_steady_while_time_runs() {
    use ms19::camera::{CameraPlugin, Focus};
    use ms19::origin::FloatingOrigin;
    let mut app = headless_app(Duration::from_micros(62_500), 16.0);
    // The camera brings the floating origin, which places the marker.
    let focus = Focus::for_key(&app.world().resource::<SimMission>().0, "iss").unwrap();
    app.add_plugins(CameraPlugin { focus, distance_m: Some(20.0), shot: None });
    let iss = app.world().resource::<SimMission>().0.body_index("iss").unwrap();
    let marker = app.world_mut().spawn((SimBody { index: iss }, WorldPosition::default(), Transform::default())).id();
    let mut seen_in_camera = Vec::new();
    for _ in 0..60 {
        app.update();
        let iss_at = app.world().get::<Transform>(marker).unwrap().translation;
        let mut cameras = app.world_mut().query_filtered::<&Transform, With<Camera3d>>();
        let camera = *cameras.single(app.world()).unwrap();
        assert_eq!(camera.translation, Vec3::ZERO, "the camera is the render origin");
        seen_in_camera.push(camera.rotation.inverse() * iss_at);
    }
    let origin = app.world().resource::<FloatingOrigin>().0;
    assert!(origin.norm() > 6.7e6, "the camera is in orbit, far from the world origin");
    let steps = app.world().resource::<SimMission>().0.steps_taken;
    assert!(steps >= 55, "time ran: {steps} steps");
    for p in &seen_in_camera {
        assert!((p.length() - 20.0).abs() < 1e-3, "{p}");
        assert!((*p - seen_in_camera[0]).length() < 1e-3, "the ISS shakes: {p} vs {}", seen_in_camera[0]);
    }
}

/// The frame's instant and the position drawn for `body` over `frames` frames.
fn drawn_track(app: &mut App, body: usize, frames: usize) -> Vec<(f64, ms19::core::Vector3d)> {
    let marker = app.world_mut().spawn((SimBody { index: body }, WorldPosition::default())).id();
    (0..frames)
        .map(|_| {
            app.update();
            (app.world().resource::<Presentation>().now.met_s, app.world().get::<WorldPosition>(marker).unwrap().0)
        })
        .collect()
}

#[test]
fn frames_between_steps_show_the_orbit_within_a_centimetre() {
    // 60 frames a second at 1x: 59 of every 60 frames fall between two 1 s steps.
    let mut app = headless_app(Duration::from_nanos(16_666_667), 1.0);
    let start = app.world().resource::<SimMission>().0.clone();
    let iss = start.body_index("iss").unwrap();
    let track = drawn_track(&mut app, iss, 300);
    let mut between = 0;
    for (met_s, drawn) in track.iter().skip(1) {
        between += usize::from(met_s.fract() != 0.0);
        // Tight-tolerance integration of the same forces, evaluated continuously.
        let reference = start.reference_state_after(iss, met_s - start.met_s(), 1e-12);
        let miss_m = (drawn - position_m(&reference)).norm();
        assert!(miss_m < 0.01, "T{met_s}: drawn {miss_m} m from the reference");
    }
    assert!(between > 280, "{between} of 300 frames between steps");
    // The drawn motion advances every frame: no frame repeats the one before.
    assert!(track.windows(2).skip(1).all(|w| (w[1].1 - w[0].1).norm() > 100.0));
}

/// Largest change of the frame-to-frame displacement along a drawn track, m.
fn largest_jerk_m(track: &[(f64, ms19::core::Vector3d)]) -> f64 {
    let moves: Vec<_> = track.windows(2).map(|w| w[1].1 - w[0].1).collect();
    moves.windows(2).map(|m| (m[1] - m[0]).norm()).fold(0.0, f64::max)
}

#[test]
fn drawn_motion_stays_continuous_across_booster_separation_and_a_burn() {
    let scenario = ms19_mission();
    let soyuz = scenario.body_index("soyuz").unwrap();
    // The boosters go at T+117.9 s.
    let mut app = headless_app_from(Duration::from_nanos(16_666_667), 1.0, Some(114.0));
    let track = drawn_track(&mut app, soyuz, 480);
    assert!(track[0].0 < 117.9 && track.last().unwrap().0 > 117.9);
    let jerk = largest_jerk_m(&track);
    assert!(jerk < 1.0, "booster separation: frame-to-frame displacement changed by {jerk} m");
    // The first phasing burn, at 10x so that a few seconds of it pass in the frames.
    let burn = scenario.rendezvous_of(scenario.spacecraft().unwrap()).unwrap().burns[0].start_met_s;
    let mut app = headless_app_from(Duration::from_nanos(16_666_667), 10.0, Some(burn - 2.0));
    let track = drawn_track(&mut app, soyuz, 60);
    let jerk = largest_jerk_m(&track);
    let log = &app.world().resource::<SimMission>().0.log;
    assert!(log.iter().any(|e| e.name.starts_with("Burn 1")), "the burn began");
    assert!(jerk < 1.0, "burn 1: frame-to-frame displacement changed by {jerk} m");
}

#[test]
fn a_jump_to_a_fraction_of_a_second_shows_that_instant() {
    let mut app = headless_app(Duration::from_millis(10), 1.0);
    app.world_mut().write_message(TimeCommand::SetPaused(true));
    let mut drawn = Vec::new();
    for met_s in [600.0, 600.2, 600.4] {
        app.world_mut().write_message(TimeCommand::JumpToMet(met_s));
        app.update();
        let shown = &app.world().resource::<Presentation>().now;
        assert!((shown.met_s - met_s).abs() < 1e-9, "{} for {met_s}", shown.met_s);
        drawn.push(shown.states[0]);
    }
    let (a, b) = (position_m(&(drawn[1] - drawn[0])).norm(), position_m(&(drawn[2] - drawn[1])).norm());
    // The stack climbs at some hundreds of m/s: each 0.2 s shows it further on, by about as much.
    assert!(a > 20.0 && (a - b).abs() < 0.05 * a, "{a} m then {b} m");
}

#[test]
fn checkpoints_over_a_twelve_day_stay_stay_bounded() {
    let mut app = headless_app(Duration::from_millis(10), 1.0);
    app.world_mut().write_message(TimeCommand::SetPaused(true));
    let twelve_days_s = 12.0 * 86_400.0;
    app.world_mut().write_message(TimeCommand::JumpToMet(twelve_days_s));
    app.update();
    let checkpoints = app.world().resource::<Checkpoints>();
    let (count, bytes, interval) = (checkpoints.len(), checkpoints.bytes(), checkpoints.interval_s());
    assert!(count <= ms19::sim::MAX_CHECKPOINTS, "{count} checkpoints");
    // One a minute would be 17,280 of them.
    assert!(interval >= 1440.0, "{interval} s apart");
    assert!(bytes < 50 << 20, "{} MB of checkpoints", bytes >> 20);
    println!("{count} checkpoints, {interval} s apart, {:.1} MB", bytes as f64 / 1048576.0);
    // After thinning, a jump back restores an earlier checkpoint and integrates from there: going
    // forward again arrives at the same state, bit for bit.
    let arrived = app.world().resource::<SimMission>().0.clone();
    app.world_mut().write_message(TimeCommand::JumpToMet(twelve_days_s - 5000.0));
    app.update();
    assert_eq!(app.world().resource::<SimMission>().0.met_s(), twelve_days_s - 5000.0);
    app.world_mut().write_message(TimeCommand::JumpToMet(twelve_days_s));
    app.update();
    assert_eq!(app.world().resource::<SimMission>().0.bodies, arrived.bodies);
}

/// A fresh core flown to `met_s` (whole steps), and the one a step before it.
fn core_at(met_s: f64) -> (Option<Mission>, Mission) {
    let mut mission = ms19_mission();
    let step_s = mission.step_s;
    let mut before = None;
    while mission.met_s() < met_s - 1e-9 {
        if mission.met_s() + step_s >= met_s - 1e-9 {
            before = Some(mission.clone());
        }
        mission.step();
    }
    (before, mission)
}

/// The sim's mission is the core's own to the bit, and what the scene shows is the core
/// interpolated to the frame's instant, which lies within the last step.
fn assert_shows_the_core(app: &mut App, context: &str) {
    let mission = app.world().resource::<SimMission>().0.clone();
    let (before, core) = core_at(mission.met_s());
    assert_eq!(mission.bodies, core.bodies, "{context}: the sim left the core");
    let shown = app.world().resource::<Presentation>().now.clone();
    assert!(shown.met_s <= core.met_s() + 1e-9 && shown.met_s >= core.met_s() - core.step_s - 1e-9, "{context}");
    let expected =
        ms19::core::snapshot::Snapshot::between(before.map(|m| m.snapshot()).as_ref(), &core.snapshot(), shown.met_s);
    assert_eq!(shown.states, expected.states, "{context}: the view is not the core at T+{}", shown.met_s);
    let mut query = app.world_mut().query::<(&SimBody, &WorldPosition)>();
    for (body, position) in query.iter(app.world()) {
        assert_eq!(position.0, position_m(&shown.states[body.index]), "{context}: body {}", body.index);
    }
}

#[test]
fn any_sequence_of_time_commands_keeps_the_view_on_the_core() {
    // Pause, warp, step and jump in an order drawn from a fixed seed, a few frames after each:
    // after every frame the sim's mission is the core's own flown to the same step, bit for
    // bit, and what the scene shows is the core interpolated to the frame's instant.
    let mut seed: u64 = 0x4d53_3139;
    let mut draw = |n: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % n
    };
    let mut app = headless_app(Duration::from_millis(100), 1.0);
    for _ in 0..24 {
        let command = match draw(7) {
            0 => TimeCommand::TogglePause,
            1 => TimeCommand::SetPaused(draw(2) == 0),
            2 => TimeCommand::SetWarp([1.0, 7.0, 100.0, 1000.0][draw(4) as usize]),
            3 => TimeCommand::ScaleWarp([0.1, 10.0][draw(2) as usize]),
            4 => TimeCommand::StepOnce,
            _ => TimeCommand::JumpToMet(draw(7200) as f64 + draw(10) as f64 / 10.0 - 300.0),
        };
        app.world_mut().write_message(command);
        for _ in 0..=draw(3) {
            app.update();
            assert_shows_the_core(&mut app, &format!("after {command:?}"));
        }
    }
}

#[test]
fn at_top_warp_the_view_equals_the_core_to_the_bit_and_says_when_it_falls_behind() {
    let cap = crate::ms19_scenario().scenario.physics.max_steps_per_frame;
    // 60 frames a second keep up with 100,000x: 1,667 steps a frame, under the cap.
    let mut smooth = headless_app_capped(Duration::from_micros(16_667), ms19::sim::MAX_WARP, None, cap);
    // Ten a second (a software renderer) would need 10,000 a frame: capped, and said so.
    let mut slow = headless_app_capped(Duration::from_millis(100), ms19::sim::MAX_WARP, None, cap);
    for (app, frames, behind) in [(&mut smooth, 30, false), (&mut slow, 12, true)] {
        for _ in 0..frames {
            app.update();
        }
        let control = app.world().resource::<ms19::sim::TimeControl>();
        assert_eq!(control.behind, behind);
        assert!(if behind { control.steps_last_frame == cap } else { control.steps_last_frame < cap });
        assert_shows_the_core(app, &format!("{frames} frames at top warp"));
    }
}
