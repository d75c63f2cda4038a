//! Flythrough scripts and `ms19 record`: the shipped script loads and covers the flight, bad
//! scripts are located, and a recording (without a display) is the same to the byte twice, its
//! pose CSV at the planned instants, its dissolve a mix of the two shots.

use ms19::film::shots::Shot;
use ms19::scenario::{flythrough, shots};
use std::path::{Path, PathBuf};
use std::process::Command;

fn shot_list() -> Vec<Shot> {
    shots::load(&crate::repo_path("config/shots.ron")).unwrap()
}

#[test]
fn the_trailer_is_twenty_seconds_from_the_pad_to_docking_in_the_dark() {
    let path = crate::repo_path("config/flythrough/ms19-trailer.ron");
    let script = flythrough::load(&path, &shot_list()).unwrap();
    assert!((script.video_s() - 20.0).abs() < 1e-9, "{} s", script.video_s());
    let names: Vec<&str> = script.segments.iter().map(|s| s.shot.name.as_str()).collect();
    assert_eq!(
        names,
        ["pad-wide", "liftoff-tracking", "onboard-aft", "korolev-cross", "iss-approach-from-soyuz", "docking-closeup"]
    );
    // Mission instants rise from segment to segment; lift-off, the Korolev cross and contact in.
    assert!(script.segments.windows(2).all(|p| p[1].from_met_s >= p[0].to_met_s));
    let shows = |met_s: f64| script.segments.iter().any(|s| (s.from_met_s..=s.to_met_s).contains(&met_s));
    let mut mission = crate::ms19_mission();
    mission.run_to_met(3.5 * 3600.0);
    let met_of = |kind: ms19::core::events::EventKind| {
        mission.log.iter().find(|e| e.key.kind == kind).unwrap_or_else(|| panic!("no {kind:?}")).met_s
    };
    use ms19::core::events::EventKind;
    for kind in [EventKind::LiftOff, EventKind::BoosterSeparation, EventKind::Contact] {
        assert!(shows(met_of(kind)), "{kind:?} at T+{} is not in the trailer", met_of(kind));
    }
    // The docking segment lies in the Soyuz's orbital night from start to end.
    let last = script.segments.last().unwrap();
    let mut check = crate::ms19_mission();
    let soyuz = check.spacecraft().unwrap();
    for met_s in [last.from_met_s, last.to_met_s] {
        check.run_to_met(met_s);
        let shown = check.snapshot();
        let sun = ms19::core::sun::sun_position_eci_m(shown.utc());
        let lit = ms19::core::sun::visible_sun_fraction(&ms19::core::position_m(&shown.state(soyuz)), &sun);
        assert_eq!(lit, 0.0, "T+{met_s}: {lit} of the Sun seen from the Soyuz");
    }
}

#[test]
fn the_return_script_follows_ms18_from_the_upset_to_the_steppe() {
    use ms19::core::events::EventKind;
    let path = crate::repo_path("config/flythrough/ms18-return.ron");
    let script = flythrough::load(&path, &shot_list()).unwrap();
    assert!(script.segments.windows(2).all(|p| p[1].from_met_s >= p[0].to_met_s));
    let shows = |met_s: f64| script.segments.iter().any(|s| (s.from_met_s..=s.to_met_s).contains(&met_s));
    let mut mission = crate::ms19_mission();
    mission.run_to_met(284.0 * 3600.0);
    let ms18 = ms19::core::events::BodyId(mission.body_index("soyuz-ms18").unwrap());
    let iss = ms19::core::events::BodyId(mission.station().unwrap());
    let met_of = |vehicle, kind| {
        let e = mission.log.iter().find(|e| e.key.vehicle == vehicle && e.key.kind == kind);
        e.unwrap_or_else(|| panic!("no {kind:?}")).met_s
    };
    for (vehicle, kind) in [
        (iss, EventKind::AttitudeLost),
        (ms18, EventKind::Undocking),
        (ms18, EventKind::ModuleSeparation),
        (ms18, EventKind::PeakLoad),
        (ms18, EventKind::MainParachute),
        (ms18, EventKind::Landing),
    ] {
        assert!(shows(met_of(vehicle, kind)), "{kind:?} at T+{} is not in the script", met_of(vehicle, kind));
    }
}

#[test]
fn bad_scripts_name_the_field() {
    let list = shot_list();
    let segment = |text: &str| format!("(name: \"t\", segments: [(shot: \"pad-wide\"), {text}])");
    let cases = [
        ("(shot: \"no-such-shot\")", "segments[1].shot", "pad-wide"),
        ("(shot: \"flyaround\", rate: 0.0)", "segments[1].rate", "rate"),
        ("(shot: \"flyaround\", from: \"03:00:00\", to: \"02:59:00\")", "segments[1].to", "ends after"),
        ("(shot: \"flyaround\", from: \"3 o'clock\")", "segments[1].from", "mission time"),
        (
            "(shot: \"docking-closeup\", from: \"03:27:00\", to: \"03:27:02\", transition: cross_fade(seconds: 3.0))",
            "segments[1].transition",
            "cross-fade",
        ),
    ];
    for (text, field, mentions) in cases {
        let err = flythrough::parse("t.ron", &segment(text), &list).unwrap_err();
        assert_eq!(err.field(), Some(field), "{text}: {err}");
        assert!(err.to_string().contains(mentions), "{text}: {err}");
        assert!(err.position().is_some_and(|(line, _)| line == 1), "{text}: {err}");
    }
    let empty = flythrough::parse("t.ron", "(name: \"t\", segments: [])", &list).unwrap_err();
    assert_eq!(empty.field(), Some("segments"));
}

/// Four frames of the pad at 10 a second, then four of the docking, dissolving in over 0.2 s.
const TEST_SCRIPT: &str = r#"(
    name: "test",
    segments: [
        (shot: "pad-wide", from: "-00:00:30", to: "-00:00:29.6"),
        (shot: "docking-closeup", from: "03:27:10", to: "03:27:10.4", transition: cross_fade(seconds: 0.2)),
    ],
)"#;

/// `ms19 record` of `script` (its text) into `dir/frames` (or `out`), without a display.
fn record_command(dir: &Path, script: &str, out: Option<&Path>, extra: &[&str]) -> Command {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).unwrap();
    let script_path = dir.join("script.ron");
    std::fs::write(&script_path, script).unwrap();
    let mut command = crate::ms19();
    command
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .args(["record", "--size", "128x72", "--fps", "10", "--script"])
        .arg(&script_path)
        .arg("--out")
        .arg(out.map_or_else(|| dir.join("frames"), Path::to_path_buf))
        .args(extra);
    command
}

fn record(dir: &Path, extra: &[&str]) -> std::process::Output {
    record_command(dir, TEST_SCRIPT, None, extra).output().expect("ms19 runs")
}

fn frame(dir: &Path, n: u32) -> image::RgbImage {
    image::open(dir.join(format!("frames/frame_{n:06}.png"))).unwrap().to_rgb8()
}

fn mean_abs_difference(a: &image::RgbImage, b: &image::RgbImage) -> f64 {
    let sum: u64 = a.as_raw().iter().zip(b.as_raw()).map(|(x, y)| u64::from(x.abs_diff(*y))).sum();
    sum as f64 / a.as_raw().len() as f64
}

#[test]
#[ignore = "render test: needs a Vulkan driver (scripts/test runs it)"]
fn a_recording_is_the_same_twice_and_dissolves_between_its_shots() {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("record");
    let ffmpeg = Command::new("ffmpeg").arg("-version").output().is_ok_and(|o| o.status.success());
    let runs: Vec<PathBuf> = ["a", "b", "piece"].iter().map(|r| root.join(r)).collect();
    for dir in &runs {
        let video = dir.join("test.mp4");
        let mut args: Vec<&str> = if ffmpeg { vec!["--video", video.to_str().unwrap()] } else { vec![] };
        if dir.ends_with("piece") {
            args = vec!["--frames", "4:8"];
        }
        let output = record(dir, &args);
        assert!(
            output.status.success(),
            "ms19 record failed ({}): {}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let (a, b) = (&runs[0], &runs[1]);
    let names: Vec<String> = (0..8).map(|n| format!("frames/frame_{n:06}.png")).collect();
    for name in names.iter().chain([&"frames/poses.csv".to_string()]) {
        let (x, y) = (std::fs::read(a.join(name)).unwrap(), std::fs::read(b.join(name)).unwrap());
        assert!(x == y, "{name} differs between two recordings");
    }
    assert!(!a.join("frames/frame_000008.png").exists());
    assert_eq!(frame(a, 0).dimensions(), (128, 72), "frames of the size asked for");
    // A piece rendered alone is the same frames, to the byte, as the whole render's.
    let piece = &runs[2];
    assert!(!piece.join("frames/frame_000003.png").exists());
    for name in &names[4..] {
        assert!(std::fs::read(a.join(name)).unwrap() == std::fs::read(piece.join(name)).unwrap(), "{name}");
    }
    let rows_of = |dir: &Path| -> Vec<String> {
        std::fs::read_to_string(dir.join("frames/poses.csv")).unwrap().lines().map(str::to_string).collect()
    };
    assert_eq!(rows_of(piece)[1..], rows_of(a)[5..]);
    if ffmpeg {
        let (x, y) = (std::fs::read(a.join("test.mp4")).unwrap(), std::fs::read(b.join("test.mp4")).unwrap());
        assert!(x.len() > 1000 && x == y, "the MP4s differ ({} and {} bytes)", x.len(), y.len());
    } else {
        eprintln!("ffmpeg not installed: the MP4 was not checked");
    }

    // The CSV: a row a frame at its planned instant and timecode, the camera a unit quaternion.
    let csv = std::fs::read_to_string(a.join("frames/poses.csv")).unwrap();
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let column = |name: &str| header.iter().position(|h| *h == name).unwrap_or_else(|| panic!("no {name}"));
    let rows: Vec<Vec<String>> = lines.map(|l| l.split(',').map(str::to_string).collect()).collect();
    assert_eq!(rows.len(), 8);
    let planned_met_s = [-30.0, -29.9, -29.8, -29.7, 12430.0, 12430.1, 12430.2, 12430.3];
    for (row, planned) in rows.iter().zip(planned_met_s) {
        let met_s: f64 = row[column("met_s")].parse().unwrap();
        assert!((met_s - planned).abs() < 1e-6, "met {met_s}, planned {planned}");
        let q: Vec<f64> = ["camera_qw", "camera_qx", "camera_qy", "camera_qz"]
            .iter()
            .map(|c| row[column(c)].parse::<f64>().unwrap())
            .collect();
        assert!((q.iter().map(|v| v * v).sum::<f64>() - 1.0).abs() < 1e-6);
        assert!(header.len() == row.len());
    }
    assert_eq!(rows[5][column("timecode")], "00:00:00:05");
    assert_eq!(rows[5][column("shot")], "docking-closeup");
    assert!(header.contains(&"soyuz_qw") && header.contains(&"iss_x_m"), "{header:?}");

    // Frame 4 is the last of the pad under the fade (weight 0), frame 5 the dissolve's middle:
    // unlike either shot, it lies between them.
    let (pad, middle, docking) = (frame(a, 4), frame(a, 5), frame(a, 7));
    assert!(mean_abs_difference(&pad, &frame(a, 3)) < 3.0, "the pad plays on under the fade");
    let across = mean_abs_difference(&pad, &docking);
    assert!(across > 20.0, "the daylit pad and the docking at night look alike: {across}");
    let (to_pad, to_docking) = (mean_abs_difference(&middle, &pad), mean_abs_difference(&middle, &docking));
    assert!(to_pad > 0.2 * across && to_docking > 0.2 * across, "{to_pad} {to_docking} of {across}");
}

/// `ms19 record` refuses before rendering (no GPU needed): exit 2, and the message says why.
#[test]
fn requests_that_cannot_be_met_are_refused_before_rendering() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("record-refused");
    let early = r#"(name: "early", segments: [(shot: "pad-wide", from: "-10:00:00", to: "-09:59:59")])"#;
    let unwritable = Path::new("/proc/ms19-cannot-be-here");
    let video = ["--video", "/tmp/ms19-refused.mp4"];
    let cases: [(&str, Option<&Path>, &[&str], &str); 6] = [
        (TEST_SCRIPT, None, &["--from", "05:00:00"], "no frame"),
        (TEST_SCRIPT, None, &["--frames", "100:200"], "no frame"),
        (TEST_SCRIPT, None, &["--size", "129x72", video[0], video[1]], "even width"),
        (TEST_SCRIPT, Some(unwritable), &[], "cannot write"),
        (early, None, &[], "scenario starts"),
        // No ffmpeg on the PATH.
        (TEST_SCRIPT, None, &video, "ffmpeg"),
    ];
    for (i, (script, out, args, mentions)) in cases.into_iter().enumerate() {
        let mut command = record_command(&dir, script, out, args);
        if i == 5 {
            command.env("PATH", "/nonexistent");
        }
        let output = command.output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(mentions) && !stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}
