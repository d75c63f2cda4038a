//! Malformed or inconsistent scenario files: an error naming file, line, column and field, exit
//! status 2, never a panic.

use ms19::scenario::{LoadedScenario, ScenarioError};
fn config_dir() -> std::path::PathBuf {
    crate::repo_path("config")
}

fn good_source() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/config/ms19.ron")).unwrap()
}

/// Parses `good_source()` with one replacement applied.
fn parse_with(from: &str, to: &str) -> ScenarioError {
    let source = good_source();
    assert!(source.contains(from), "test edit `{from}` must match the shipped config");
    LoadedScenario::parse_in(&config_dir(), "bad.ron", source.replacen(from, to, 1))
        .expect_err("edited scenario must be rejected")
}

fn line_of(source: &str, needle: &str) -> usize {
    source[..source.find(needle).unwrap()].matches('\n').count() + 1
}

#[test]
fn shipped_scenario_loads() {
    LoadedScenario::parse_in(&config_dir(), "ms19.ron", good_source()).unwrap();
}

#[test]
fn wrong_type_names_the_field_and_its_line() {
    let err = parse_with("mass_kg: 7152.0", "mass_kg: \"heavy\"");
    assert_eq!(err.field(), Some("vehicles[1].mass_kg"));
    let (line, column) = err.position().unwrap();
    assert_eq!(line, line_of(&good_source(), "mass_kg: 7152.0"));
    assert!(column > 1);
    let text = err.to_string();
    assert!(text.starts_with(&format!("bad.ron:{line}:{column}: field `vehicles[1].mass_kg`")), "{text}");
}

#[test]
fn unknown_and_missing_fields_are_named() {
    let err = parse_with("step_s: 1.0,", "step_s: 1.0, stepp_s: 2.0,");
    assert!(err.to_string().contains("stepp_s"), "{err}");
    assert_eq!(err.position().unwrap().0, line_of(&good_source(), "step_s: 1.0,"));
    let err = parse_with("max_steps_per_frame: 2000,", "");
    assert!(err.to_string().contains("max_steps_per_frame"), "{err}");
}

#[test]
fn inconsistent_values_are_located() {
    let source = good_source();
    let err = parse_with("latitude_deg: 45.996", "latitude_deg: 145.996");
    assert_eq!(err.field(), Some("pad.latitude_deg"));
    assert_eq!(err.position().unwrap().0, line_of(&source, "latitude_deg: 45.996"));

    let err = parse_with("(met: \"00:02:33.5\"", "(met: \"00:00:33.5\"");
    assert_eq!(err.field(), Some("timeline[3].met"));
    assert_eq!(err.position().unwrap().0, line_of(&source, "(met: \"00:02:33.5\""));

    // A corrupted checksum digit in the TLE.
    let err = parse_with("15.48905523305232", "15.48905523305233");
    assert_eq!(err.field(), Some("vehicles[0].start"));
    assert!(err.to_string().contains("checksum"), "{err}");

    let err = parse_with("2021-10-05T08:55:02.442Z", "2021-10-35T08:55:02.442Z");
    assert_eq!(err.field(), Some("launch_utc"));

    // The velocity match ends the phasing: the approach follows it. A correction re-solves
    // towards the aim of the burn before, so the first burn cannot be one.
    let second_burn = "(start: \"01:40:50\", engine: Dpo, target: Retarget)";
    let err = parse_with(second_burn, "(start: \"01:40:50\", engine: Dpo, target: MatchVelocity)");
    assert_eq!(err.field(), Some("rendezvous.burns[1].target"));
    assert!(err.to_string().contains("only the last burn"), "{err}");
    assert_eq!(err.position().unwrap().0, line_of(&source, second_burn));
    let first =
        "(start: \"01:14:54\", engine: Skd, target: AimPoint(arrive: \"02:01:25\", lvlh_m: (-10000.0, 0.0, 5000.0))),";
    let err = parse_with(first, "(start: \"01:14:54\", engine: Skd, target: Retarget),");
    assert_eq!(err.field(), Some("rendezvous.burns[0].target"));
    assert!(err.to_string().contains("needs an aim point"), "{err}");
}

#[test]
fn attitude_figures_and_ports_are_checked() {
    let err = parse_with("inertia_kg_m2: (4660.0, 21960.0, 21960.0)", "inertia_kg_m2: (80000.0, 21960.0, 21960.0)");
    assert_eq!(err.field(), Some("vehicles[1].attitude.inertia_kg_m2"));
    assert!(err.to_string().contains("sum of the other two"), "{err}");
    let err = parse_with("control_torque_nm: 700.0", "control_torque_nm: -700.0");
    assert_eq!(err.field(), Some("vehicles[0].attitude.control_torque_nm"));
    // The Soyuz's own probe is no port of the station's.
    let err = parse_with("port: rassvet_nadir", "port: soyuz_probe");
    assert_eq!(err.field(), Some("rendezvous.approach.port"));
    // A US port has no drogue for the probe.
    let err = parse_with("port: rassvet_nadir", "port: harmony_forward");
    assert_eq!(err.field(), Some("rendezvous.approach.port"));
    assert!(err.to_string().contains("no drogue"), "{err}");
    let err = parse_with("steering_lever_m: 1.05", "steering_lever_m: -1.05");
    assert_eq!(err.field(), Some("launcher.guidance.steering_lever_m"));
    let err = parse_with("model: soyuz_ms", "model: fairing");
    assert_eq!(err.field(), Some("vehicles[1].model"));
}

#[test]
fn vehicles_are_checked_where_they_start() {
    let source = good_source();
    // Docked to a vehicle that is not there, or not yet listed.
    let err = parse_with("Docked(to: \"iss\", port: nauka_nadir)", "Docked(to: \"mir\", port: nauka_nadir)");
    assert_eq!(err.field(), Some("vehicles[2].start"));
    assert!(err.to_string().contains("`mir` is not a vehicle"), "{err}");
    assert_eq!(err.position().unwrap().0, line_of(&source, "Docked(to: \"iss\", port: nauka_nadir)"));
    // Two visitors on one port; a visitor on the port the approach flies to.
    let err = parse_with("port: poisk_zenith)", "port: nauka_nadir)");
    assert_eq!(err.field(), Some("vehicles[3].start"));
    assert!(err.to_string().contains("taken by Soyuz MS-18"), "{err}");
    let err = parse_with("port: poisk_zenith)", "port: rassvet_nadir)");
    assert_eq!(err.field(), Some("rendezvous.approach.port"));
    assert!(err.to_string().contains("taken by Progress MS-17"), "{err}");
    // A port the host lacks; a visitor with nothing to dock with.
    let err = parse_with("port: poisk_zenith)", "port: soyuz_probe)");
    assert!(err.to_string().contains("has no port"), "{err}");
    let err = parse_with("model: progress_ms", "model: fairing");
    assert_eq!(err.field(), Some("vehicles[3].model"));
    // One launcher, one vehicle on the pad; the station first; keys of their own.
    let err = parse_with("start: Docked(to: \"iss\", port: nauka_nadir)", "start: Launch");
    assert_eq!(err.field(), Some("vehicles"));
    assert!(err.to_string().contains("one vehicle starts on the pad"), "{err}");
    let err = parse_with("key: \"progress-ms17\"", "key: \"soyuz-ms18\"");
    assert_eq!(err.field(), Some("vehicles[3].key"));
}

#[test]
fn event_text_is_checked_against_the_figures_each_kind_gives() {
    // Contact gives the port, the closing speed and the miss; not an engine.
    let err = parse_with("description: \"Docked to {port} at", "description: \"Docked by {engine} to {port} at");
    assert_eq!(err.field(), Some("event_text.contact"));
    assert!(err.to_string().contains("engine"), "{err}");
    let err = parse_with(
        "        hooks_closed: (name: \"Hooks closed\", description: \"The docking mechanism has pulled the spacecraft in and latched\"),\n",
        "",
    );
    assert_eq!(err.field(), Some("event_text.hooks_closed"));
}

#[test]
fn broken_syntax_gives_a_position() {
    let err = parse_with("name: \"Soyuz MS-19 / ISS 65S\",", "name: \"Soyuz MS-19 / ISS 65S\",, oops");
    let (line, _) = err.position().unwrap();
    assert_eq!(line, line_of(&good_source(), "name: \"Soyuz MS-19 / ISS 65S\""));
}

#[test]
fn binary_exits_2_with_the_location_on_stderr() {
    let dir = std::env::temp_dir().join(format!("ms19-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.ron");
    std::fs::write(&bad, good_source().replacen("step_s: 1.0", "step_s: -1.0", 1)).unwrap();
    let output = crate::ms19()
        .args(["simulate", "--scenario", bad.to_str().unwrap(), "--out", dir.join("t.csv").to_str().unwrap()])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    let line = line_of(&good_source(), "step_s: 1.0");
    assert!(stderr.contains(&format!("bad.ron:{line}:")), "{stderr}");
    assert!(stderr.contains("physics.step_s"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");

    let missing =
        crate::ms19().args(["simulate", "--scenario", dir.join("nope.ron").to_str().unwrap()]).output().unwrap();
    assert_eq!(missing.status.code(), Some(2));
}

#[test]
fn a_start_far_from_the_tle_epoch_names_start_met() {
    // A year after lift-off: SGP4 on a 2021 TLE means nothing then.
    let err = parse_with("start_met: \"-00:05:00\"", "start_met: \"8760:00:00\"");
    assert_eq!(err.field(), Some("start_met"), "{err}");
    assert!(err.to_string().contains("days from its TLE's epoch"), "{err}");
}

#[test]
fn nan_infinite_and_absurd_numbers_name_their_field_and_range() {
    for (from, to, field) in [
        ("mass_kg: 7152.0", "mass_kg: NaN", "vehicles[1].mass_kg"),
        ("mass_kg: 7152.0", "mass_kg: inf", "vehicles[1].mass_kg"),
        ("thrust_n: 2950.0", "thrust_n: 1e-300", "rendezvous.skd.thrust_n"),
        ("pitch_over_deg: 17.0", "pitch_over_deg: 1700.0", "launcher.guidance.pitch_over_deg"),
        ("drag_coefficient: 2.2", "drag_coefficient: 1e9", "vehicles[0].drag_coefficient"),
        ("isp_vacuum_s: 319.0", "isp_vacuum_s: -319.0", "launcher.boosters.isp_vacuum_s"),
        ("hold_distance_m: 180.0", "hold_distance_m: NaN", "rendezvous.approach.hold_distance_m"),
    ] {
        let err = parse_with(from, to);
        assert_eq!(err.field(), Some(field), "{to}: {err}");
        assert!(err.to_string().contains("is outside"), "{to}: {err}");
        assert_eq!(err.position().unwrap().0, line_of(&good_source().replacen(from, to, 1), to), "{to}");
    }
}

#[test]
fn nrlmsise_refuses_a_start_outside_its_space_weather_record() {
    let source = good_source().replacen("HarrisPriester(cos_power: 4)", "Nrlmsise00", 1);
    LoadedScenario::parse_in(&config_dir(), "nrlmsise.ron", source.clone()).expect("inside the record it loads");
    // The record opens on 2021-09-01; a start on 3 September lacks the three days of ap history
    // the model reads. Launch 15 days later keeps the TLE in its range.
    let early = source.replacen("2021-10-05T08:55:02.442Z", "2021-09-18T13:00:00Z", 1).replacen(
        "start_met: \"-00:05:00\"",
        "start_met: \"-361:00:00\"",
        1,
    );
    let err = LoadedScenario::parse_in(&config_dir(), "early.ron", early).expect_err("outside the record");
    assert_eq!(err.field(), Some("physics.atmosphere"), "{err}");
    assert!(err.to_string().contains("2021-09-01"), "{err}");
}
