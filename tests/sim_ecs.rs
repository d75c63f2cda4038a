//! The sim plugin in a headless app (MinimalPlugins, no window or GPU): the ECS mirrors the
//! core's own propagation step for step, at any warp, and jumps integrate or restore.

use crate::ms19_mission;
use bevy::prelude::*;
use bevy::time::TimeUpdateStrategy;
use ms19::core::mission::Mission;
use ms19::core::position_m;
use ms19::sim::{SimBody, SimMission, SimPlugin, TimeCommand, WorldPosition, WorldVelocity};
use std::time::Duration;

fn headless_app(frame: Duration, warp: f64) -> App {
    let mission = ms19_mission();
    let mut app = App::new();
    app.add_plugins(MinimalPlugins).insert_resource(TimeUpdateStrategy::ManualDuration(frame)).add_plugins(SimPlugin {
        mission,
        max_steps_per_frame: 100_000,
        start_at_met_s: None,
        start_paused: false,
    });
    for index in 0..2 {
        app.world_mut().spawn((SimBody { index }, WorldPosition::default(), WorldVelocity::default()));
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
    use ms19::scene::origin::{FloatingOrigin, apply_floating_origin};
    let mut app = headless_app(Duration::from_micros(62_500), 16.0);
    app.add_plugins(CameraPlugin { focus: Focus::Iss, distance_m: Some(20.0) })
        .add_systems(PostUpdate, apply_floating_origin);
    let iss = app.world().resource::<SimMission>().0.body_index("iss").unwrap();
    let marker = app
        .world_mut()
        .spawn((SimBody { index: iss }, WorldPosition::default(), WorldVelocity::default(), Transform::default()))
        .id();
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
