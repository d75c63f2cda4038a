//! The shot list: the shipped shots load and each frames its subject over its span; bad files
//! are located; the viewer's camera takes the shot's pose.

use crate::ms19_mission;
use ms19::film::shots::{Roles, Shot};
use ms19::scenario::shots;

fn shipped_source() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/config/shots.ron")).unwrap()
}

fn shipped() -> Vec<Shot> {
    shots::parse("shots.ron", &shipped_source()).unwrap()
}

#[test]
fn the_film_crews_shots_are_all_there() {
    let names: Vec<String> = shipped().into_iter().map(|s| s.name).collect();
    for name in [
        "pad-wide",
        "liftoff-tracking",
        "korolev-cross",
        "fairing-jettison",
        "orbit-insertion",
        "iss-approach-from-soyuz",
        "flyaround",
        "docking-closeup",
        "earth-limb-with-iss",
        "cupola-view",
    ] {
        assert!(names.iter().any(|n| n == name), "{name} missing from {names:?}");
    }
}

#[test]
fn every_shot_frames_its_subject_from_start_to_end() {
    use ms19::film::shots::Rig;
    let mut mission = ms19_mission();
    let mut list = shipped();
    list.sort_by(|a, b| a.from_met_s.total_cmp(&b.from_met_s));
    for shot in &list {
        for met_s in [shot.from_met_s, 0.5 * (shot.from_met_s + shot.to_met_s), shot.to_met_s] {
            mission.run_to_met(met_s);
            let roles = Roles::of_mission(&mission);
            let shown = mission.snapshot();
            let pose = shot.pose(&shown, roles).unwrap_or_else(|| panic!("{}: no pose", shot.name));
            // The subject: what the rig aims at or circles; a camera bolted on looks ahead of it,
            // and one turned by keys finds its subject by the end.
            let keyed = matches!(shot.rig, Rig::Path { aim: ms19::film::shots::Aim::Keyed(_), .. });
            if matches!(shot.rig, Rig::BodyFixed { .. }) || (keyed && met_s < shot.to_met_s) {
                continue;
            }
            let index = roles.of(shot.subject()).unwrap();
            let to = ms19::core::position_m(&shown.state(index)) - pose.eye_m;
            let off_axis_deg = pose.forward.angle(&to).to_degrees();
            assert!(
                off_axis_deg < 0.5 * pose.fov_deg,
                "{} at T+{met_s}: subject {off_axis_deg} deg off the axis",
                shot.name
            );
        }
    }
}

#[test]
fn bad_shot_files_are_located() {
    let source = shipped_source();
    let bad = |from: &str, to: &str| {
        assert!(source.contains(from), "edit `{from}` must match the shipped file");
        shots::parse("bad.ron", &source.replacen(from, to, 1)).expect_err("rejected")
    };
    let err = bad("name: \"liftoff-tracking\"", "name: \"pad-wide\"");
    assert_eq!(err.field(), Some("shots[1].name"));
    let err = bad("(t_s: 100.0, value: 0.6, ease: ease_in)", "(t_s: -1.0, value: 0.6, ease: ease_in)");
    assert_eq!(err.field(), Some("shots[1].fov_deg"));
    let err = bad("elevation_deg: [(t_s: 0.0, value: 15.0)]", "elevation_deg: [(t_s: 0.0, value: 95.0)]");
    assert!(err.field().is_some_and(|f| f.contains("rig.elevation_deg")), "{err}");
    let err = bad("to: \"00:00:10\"", "to: \"-00:02:00\"");
    assert_eq!(err.field(), Some("shots[0].to"));
    let err = bad("ease: ease_in)", "ease: wobbly)");
    assert!(err.to_string().contains("wobbly"), "{err}");
}

#[test]
fn the_viewer_camera_takes_the_shots_pose() {
    use bevy::prelude::*;
    use bevy::time::TimeUpdateStrategy;
    use ms19::camera::{CameraPlugin, CameraRig, Focus};
    use ms19::sim::{Presentation, SimMission, SimPlugin};
    let shot = shipped().into_iter().find(|s| s.name == "earth-limb-with-iss").unwrap();
    let mut app = App::new();
    app.add_plugins(MinimalPlugins)
        .insert_resource(TimeUpdateStrategy::ManualDuration(std::time::Duration::from_millis(40)))
        .add_plugins(SimPlugin {
            mission: ms19_mission(),
            max_steps_per_frame: 100_000,
            start_at_met_s: Some(shot.from_met_s + 10.0),
            start_paused: false,
        })
        .add_plugins(CameraPlugin { focus: Focus::Earth, distance_m: None, shot: Some(shot.clone()) });
    for _ in 0..5 {
        app.update();
        let world = app.world();
        let mission = &world.resource::<SimMission>().0;
        let roles = Roles::of_mission(mission);
        let pose = shot.pose(&world.resource::<Presentation>().now, roles).unwrap();
        let rig = world.resource::<CameraRig>();
        assert!((rig.eye_m - pose.eye_m).norm() < 1e-6 && (rig.forward - pose.forward).norm() < 1e-9);
        let mut cameras = app.world_mut().query::<&Projection>();
        let Projection::Perspective(p) = cameras.single(app.world()).unwrap() else { panic!("perspective") };
        assert!((f64::from(p.fov).to_degrees() - pose.fov_deg).abs() < 1e-3);
    }
}

#[test]
fn a_rig_names_any_vehicle_by_its_key() {
    use ms19::core::position_m;
    use ms19::film::shots::{Ease, Key, Rig, Roles, Shot, Vehicle};
    let vehicle: Vehicle = ron::from_str("key(\"soyuz-ms18\")").unwrap();
    assert_eq!(vehicle, Vehicle::Key("soyuz-ms18".into()));
    let mission = crate::ms19_mission();
    let (shown, roles) = (mission.snapshot(), Roles::of_mission(&mission));
    let ms18 = mission.body_index("soyuz-ms18").unwrap();
    assert_eq!(roles.of(&vehicle), Some(ms18));
    let keys = |value| vec![Key { t_s: 0.0, value, ease: Ease::Linear }];
    let around = |around| Shot {
        name: "around".into(),
        description: String::new(),
        from_met_s: shown.met_s,
        to_met_s: shown.met_s + 10.0,
        rig: Rig::Orbit { around, distance_m: keys(30.0), azimuth_deg: keys(0.0), elevation_deg: keys(0.0) },
        fov_deg: Vec::new(),
    };
    let pose = around(vehicle).pose(&shown, roles).unwrap();
    let aimed_at = pose.eye_m + pose.forward * 30.0;
    assert!((aimed_at - position_m(&shown.state(ms18))).norm() < 1e-6, "{pose:?}");
    // A key the mission lacks poses nothing.
    assert_eq!(around(Vehicle::Key("soyuz-ms20".into())).pose(&shown, roles), None);
}
