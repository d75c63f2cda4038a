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
        "onboard-aft",
        "korolev-cross",
        "fairing-jettison",
        "orbit-insertion",
        "iss-approach-from-soyuz",
        "flyaround",
        "docking-closeup",
        "earth-limb-with-iss",
        "cupola-view",
        "station-upset",
        "ms18-undocking",
        "deorbit-burn",
        "module-separation",
        "plasma-outside",
        "plasma-window",
        "parachute-opening",
        "landing-steppe",
    ] {
        assert!(names.iter().any(|n| n == name), "{name} missing from {names:?}");
    }
}

/// Where a subject is lit: by the Sun; the station and the ship when its floodlights are on
/// (`Rendezvous::floodlights_on`) within `FLOODLIT_M` of the station's centre; or as a
/// silhouette against the Earth's day side behind it.
fn lit(
    mission: &ms19::core::mission::Mission,
    shown: &ms19::core::snapshot::Snapshot,
    eye_m: &ms19::core::Vector3d,
    subject: usize,
) -> bool {
    use ms19::core::{earth, position_m, sun};
    const FLOODLIT_M: f64 = 60.0;
    let at = position_m(&shown.state(subject));
    let sun_m = sun::sun_position_eci_m(mission.launch.plus_seconds(shown.met_s));
    if sun::visible_sun_fraction(&at, &sun_m) > 0.0 {
        return true;
    }
    // The station under the ship's floodlights, or the ship in the light the station throws
    // back (`floodlights::bounce_intensity_cd`).
    let floodlit = mission.spacecraft().is_some_and(|craft| {
        let station = mission.station().map(|s| position_m(&shown.state(s)));
        mission.rendezvous_of(craft).is_some_and(|p| p.floodlights_on())
            && station.is_some_and(|s| (position_m(&shown.state(craft)) - s).norm() < FLOODLIT_M)
    });
    // The Earth behind the subject, along the line of sight, with the Sun above it.
    let d = (at - eye_m).normalize();
    let b = at.dot(&d);
    let c = at.norm_squared() - earth::EQUATORIAL_RADIUS_M.powi(2);
    let behind = (b * b - c >= 0.0).then(|| at + d * (-b - (b * b - c).sqrt()));
    floodlit || behind.is_some_and(|ground| ground.dot(&sun_m) > 0.0)
}

#[test]
fn every_shot_shows_its_subject_in_frame_big_enough_and_lit() {
    use ms19::core::{earth, position_m};
    use ms19::film::shots::{Subject, span_in_frame};
    const WIDTH: f64 = 1280.0;
    const HEIGHT: f64 = 720.0;
    let mut mission = ms19_mission();
    let list = shipped();
    // Each shot at its start, middle and end, in time order: the mission flies forward only.
    let mut instants: Vec<(f64, &Shot)> = list
        .iter()
        .flat_map(|shot| {
            [shot.from_met_s, 0.5 * (shot.from_met_s + shot.to_met_s), shot.to_met_s].map(|met_s| (met_s, shot))
        })
        .collect();
    instants.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut failures = Vec::new();
    for (met_s, shot) in instants {
        mission.run_to_met(met_s);
        let roles = Roles::of_mission(&mission);
        let shown = mission.snapshot();
        let pose = shot.pose(&shown, roles).unwrap_or_else(|| panic!("{}: no pose", shot.name));
        let problem = match &shot.subject {
            Subject::Earth => {
                // In the picture if its disc reaches into the picture's corner cone.
                let tan_v = (0.5 * pose.fov_deg).to_radians().tan();
                let corner_rad = (tan_v * WIDTH / HEIGHT).hypot(tan_v).atan();
                let to_centre = -pose.eye_m;
                let disc_rad = (earth::EQUATORIAL_RADIUS_M / to_centre.norm()).asin();
                (pose.forward.angle(&to_centre) >= disc_rad + corner_rad).then(|| "the Earth out of the picture".into())
            }
            Subject::Vehicle(vehicle) => {
                let index = roles.of(vehicle).unwrap_or_else(|| panic!("{}: no {vehicle:?}", shot.name));
                // The spacecraft, and the stack under it until it separates.
                let body = &mission.bodies[index];
                let mut models = vec![ms19::core::geometry::model(body.model)];
                if body.launcher.as_ref().is_some_and(|l| !l.separated()) {
                    models.extend(ms19::core::geometry::launcher_stack().into_iter().map(|(_, m)| m));
                }
                let (lo, hi) = models.iter().map(|m| m.bounds_body_m()).fold(
                    (ms19::core::Vector3d::repeat(f64::INFINITY), ms19::core::Vector3d::repeat(f64::NEG_INFINITY)),
                    |(lo, hi), (a, b)| (lo.inf(&a), hi.sup(&b)),
                );
                let (at, turn) = (position_m(&shown.state(index)), shown.attitudes[index].body_to_inertial);
                let local = turn.inverse() * (pose.eye_m - at);
                let inside = (0..3).all(|k| (lo[k]..=hi[k]).contains(&local[k]));
                let corners: Vec<_> = (0..8)
                    .map(|k| {
                        let pick = |axis: usize| if k >> axis & 1 == 0 { lo[axis] } else { hi[axis] };
                        at + turn * ms19::core::Vector3d::new(pick(0), pick(1), pick(2))
                    })
                    .collect();
                let (w, h) = span_in_frame(&pose, WIDTH / HEIGHT, &corners, inside);
                let size_px = (w * WIDTH).max(h * HEIGHT);
                match (size_px >= 40.0, lit(&mission, &shown, &pose.eye_m, index)) {
                    (true, true) => None,
                    (false, _) => Some(format!("{vehicle:?} spans {size_px:.1} px")),
                    (true, false) => Some(format!("{vehicle:?} unlit, {size_px:.0} px")),
                }
            }
        };
        if let Some(problem) = problem {
            failures.push(format!("{} at T+{met_s}: {problem}", shot.name));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
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
        subject: ms19::film::shots::Subject::Earth,
        rig: Rig::Orbit { around, distance_m: keys(30.0), azimuth_deg: keys(0.0), elevation_deg: keys(0.0) },
        fov_deg: Vec::new(),
    };
    let pose = around(vehicle).pose(&shown, roles).unwrap();
    let aimed_at = pose.eye_m + pose.forward * 30.0;
    assert!((aimed_at - position_m(&shown.state(ms18))).norm() < 1e-6, "{pose:?}");
    // A key the mission lacks poses nothing.
    assert_eq!(around(Vehicle::Key("soyuz-ms20".into())).pose(&shown, roles), None);
}
