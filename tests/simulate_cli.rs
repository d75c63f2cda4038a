//! `ms19 simulate` as a user runs it: the CSV's header, rows and figures.

use std::path::{Path, PathBuf};

/// An empty folder for this test run: nothing a run before left can pass for a new output.
fn fresh_temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ms19-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs `ms19 simulate` from the checkout, as a user would, and expects success; its stdout.
fn simulate(args: &[&str], files: &[(&str, &Path)]) -> String {
    let mut command = crate::ms19();
    command.arg("simulate").args(args);
    for (flag, path) in files {
        command.arg(flag).arg(path);
    }
    let output = command.output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(output.status.success(), "{stdout}{}", String::from_utf8_lossy(&output.stderr));
    stdout
}

#[test]
fn simulate_writes_the_documented_csv() {
    let dir = fresh_temp_dir("sim");
    let out = dir.join("telemetry.csv");
    simulate(
        &["--scenario", "config/ms19.ron", "--until", "00:30:00", "--every", "60"],
        &[("--out", &out), ("--events", &dir.join("events.csv"))],
    );
    let csv = std::fs::read_to_string(&out).unwrap();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some(
            "utc,met_s,body,x_m,y_m,z_m,vx_mps,vy_mps,vz_mps,lat_deg,lon_deg,alt_m,qw,qx,qy,qz,wx_radps,wy_radps,wz_radps"
        )
    );
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    // From -00:05:00 to 00:30:00 every minute: 36 samples of the vehicles in the scenario's
    // order, the Sun, and from booster separation on, the stages that fell away.
    let samples: Vec<&str> = rows.iter().filter(|r| r[2] == "sun").map(|r| r[1]).collect();
    assert_eq!(samples.len(), 36);
    assert_eq!(rows[0][0], "2021-10-05T08:50:02.442Z");
    let first: Vec<&str> = rows[..7].iter().map(|r| r[2]).collect();
    assert_eq!(first, ["iss", "soyuz", "soyuz-ms18", "progress-ms17", "crew-dragon", "cygnus-ng16", "sun"]);
    let last_met = samples.last().unwrap();
    let last: Vec<&str> = rows.iter().filter(|r| r[1] == *last_met).map(|r| r[2]).collect();
    for body in ["iss", "soyuz", "booster-1", "booster-4", "core", "fairing", "escape-tower", "third-stage", "sun"] {
        assert!(last.contains(&body), "{body} missing from {last:?}");
    }
    let at_liftoff: Vec<&Vec<&str>> = rows.iter().filter(|r| r[1] == "0.000").collect();
    let number = |row: &Vec<&str>, i: usize| row[i].parse::<f64>().unwrap();
    let iss = at_liftoff.iter().find(|r| r[2] == "iss").unwrap();
    assert!((number(iss, 9) - 44.6).abs() < 0.3 && (number(iss, 10) - 60.8).abs() < 0.3);
    let pad = at_liftoff.iter().find(|r| r[2] == "soyuz").unwrap();
    assert!((number(pad, 9) - 45.996).abs() < 1e-6 && (number(pad, 10) - 63.564).abs() < 1e-6);
    // Sub-solar point at 08:55:02 UTC on 5 October: declination about -4.8 deg; apparent solar
    // time at Greenwich is 8.917 h + the equation of time (+11.5 min) = 9.109 h, so the Sun is
    // overhead at (12 - 9.109) x 15 = 43.4 deg E (almanac figures, independent of the code).
    let sun = at_liftoff.iter().find(|r| r[2] == "sun").unwrap();
    assert!((number(sun, 9) - -4.8).abs() < 0.4, "{}", sun[9]);
    assert!((number(sun, 10) - 43.4).abs() < 0.5, "{}", sun[10]);
    // Attitude: a unit quaternion for each body, none for the Sun. On the pad the stack turns
    // with the Earth, 7.29e-5 rad/s.
    assert_eq!(sun.len(), 19);
    assert!(sun[12..].iter().all(|f| f.is_empty()), "{sun:?}");
    for row in [iss, pad] {
        let q: f64 = (12..16).map(|i| number(row, i).powi(2)).sum();
        assert!((q - 1.0).abs() < 1e-6, "{row:?}");
    }
    let pad_rate = (16..19).map(|i| number(pad, i).powi(2)).sum::<f64>().sqrt();
    assert!((pad_rate - 7.292e-5).abs() < 1e-8, "{pad_rate}");
    // The station turns once an orbit (92.9 min): 1.13e-3 rad/s.
    let iss_rate = (16..19).map(|i| number(iss, i).powi(2)).sum::<f64>().sqrt();
    assert!((iss_rate - 1.127e-3).abs() < 2e-5, "{iss_rate}");
    assert!((number(sun, 11) - 1.4966e11).abs() < 1e9);

    let events = std::fs::read_to_string(dir.join("events.csv")).unwrap();
    let mut lines = events.lines();
    assert_eq!(lines.next(), Some("utc,met_s,source,vehicle,kind,event,description"));
    let flown: Vec<&str> = lines.clone().filter(|l| l.contains(",flown,")).collect();
    assert!(flown[0].starts_with("2021-10-05T08:55:02.442Z,0.0,flown,soyuz,lift_off,\"Lift-off\""), "{events}");
    assert!(flown.iter().any(|l| l.contains(",soyuz,spacecraft_separation,\"Spacecraft separation\"")), "{events}");
    // Flown and planned meet by key: one lift-off, not a flown one and a planned one.
    assert_eq!(events.matches(",lift_off,").count(), 1, "{events}");
    assert!(lines.any(|l| l.contains(",planned,soyuz,contact,\"Contact\"")), "{events}");
}

#[test]
fn every_must_be_a_positive_interval() {
    for every in ["0", "-1", "nan"] {
        let output = crate::ms19()
            .args(["simulate", "--every", every, "--until", "00:00:10", "--out", "/dev/null"])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "--every {every}");
    }
}

#[test]
fn samples_between_steps_match_a_quarter_second_integration() {
    let dir = fresh_temp_dir("quarter");
    let csv = dir.join("telemetry.csv");
    simulate(&["--until", "-00:04:00", "--every", "0.25"], &[("--out", &csv)]);
    // The ISS coasts before lift-off. Reference: the same forces stepped every 0.25 s.
    let reference = crate::ms19_mission();
    let iss = reference.body_index("iss").unwrap();
    let mut reference = reference.alone(iss);
    reference.start_met_s = reference.met_s();
    reference.steps_taken = 0;
    reference.step_s = 0.25;
    reference.environment = Default::default();
    let text = std::fs::read_to_string(&csv).unwrap();
    let mut between_steps = 0;
    for row in text.lines().skip(1).filter(|l| l.split(',').nth(2) == Some("iss")) {
        let fields: Vec<f64> = row.split(',').skip(3).take(3).map(|f| f.parse().unwrap()).collect();
        let met_s: f64 = row.split(',').nth(1).unwrap().parse().unwrap();
        reference.run_to_met(met_s);
        assert!((reference.met_s() - met_s).abs() < 1e-9);
        let r = ms19::core::position_m(&reference.state(0));
        for (axis, (sampled, want)) in fields.iter().zip(r.iter()).enumerate() {
            // The CSV rounds to the millimetre.
            assert!((sampled - want).abs() < 1e-3, "T{met_s} axis {axis}: {sampled} vs {want}");
        }
        between_steps += usize::from(met_s.fract() != 0.0);
    }
    assert_eq!(between_steps, 180, "three in four of the 241 samples fall between steps");
}

#[test]
fn plot_draws_the_three_ascent_panels() {
    let dir = fresh_temp_dir("plot");
    let plot = dir.join("ascent.png");
    simulate(&["--until", "00:01:00", "--every", "60"], &[("--out", &dir.join("telemetry.csv")), ("--plot", &plot)]);
    let image = image::open(&plot).unwrap().to_rgb8();
    assert_eq!(image.dimensions(), (1600, 1200));
    // Each line's colour, counted in the third of the picture its panel takes.
    let count_in_third = |third: u32, colour: [u8; 3]| {
        image.enumerate_pixels().filter(|(_, y, p)| y * 3 / 1200 == third && p.0 == colour).count()
    };
    let lines = [(0, [0, 0, 255], "altitude"), (1, [255, 0, 0], "inertial speed"), (1, [0, 255, 0], "ground speed")];
    for (third, colour, what) in lines.into_iter().chain([(2, [255, 0, 255], "acceleration")]) {
        let pixels = count_in_third(third, colour);
        assert!(pixels > 2_000, "{what}: {pixels} pixels of its colour in its panel");
    }
}

/// Runs `ms19 simulate` with `args`; its exit code and stderr.
fn simulate_fails(args: &[&str]) -> (Option<i32>, String) {
    let output = crate::ms19().arg("simulate").args(args).output().unwrap();
    (output.status.code(), String::from_utf8_lossy(&output.stderr).into_owned())
}

#[test]
fn a_span_beyond_a_year_is_refused_before_any_work() {
    let started = std::time::Instant::now();
    // A thousand years.
    let (code, stderr) = simulate_fails(&["--until", "8766000:00:00", "--out", "/dev/null"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("simulate runs at most 366 days"), "{stderr}");
    // Refused at once, not after hours of stepping: well under what a day's run takes.
    assert!(started.elapsed().as_secs() < 60);
}

#[test]
fn a_full_disk_fails_naming_the_file_and_leaves_no_partial_csv() {
    let (code, stderr) = simulate_fails(&["--until", "00:10:00", "--every", "0.1", "--out", "/dev/full"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("writing /dev/full") && !stderr.contains("panicked"), "{stderr}");
}

/// Runs `simulate` from the scenario's start to `until`, sampled every `every`; the CSV and
/// the peak memory its last line reports, MB.
fn simulate_for(until: &str, every: &str, csv: &Path) -> (String, f64) {
    let stdout = simulate(&["--until", until, "--every", every], &[("--out", csv)]);
    let peak_mb = stdout
        .split(", peak memory ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|mb| mb.parse().ok())
        .unwrap_or_else(|| panic!("no peak memory in {stdout}"));
    (std::fs::read_to_string(csv).unwrap(), peak_mb)
}

#[test]
fn thirty_days_with_drag_stay_finite_in_the_memory_of_one() {
    let dir = fresh_temp_dir("thirty-days");
    let (_, day_mb) = simulate_for("24:00:00", "3600", &dir.join("day.csv"));
    let (csv, month_mb) = simulate_for("720:00:00", "3600", &dir.join("month.csv"));
    // Nothing kept per step or per sample: thirty times the span, the same memory.
    assert!(month_mb < day_mb * 1.1 + 2.0, "peak {month_mb} MB for 30 days against {day_mb} MB for one");
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    assert!(rows.last().unwrap().starts_with("2021-11-04T08:50"), "{}", rows.last().unwrap());
    for row in &rows {
        // The Sun's attitude columns are empty; every other figure is a finite number.
        for field in row.split(',').skip(3).filter(|f| !f.is_empty()) {
            assert!(field.parse::<f64>().is_ok_and(f64::is_finite), "{row}");
        }
    }
    // The ISS, on NRLMSISE-00 drag, is still in orbit a month on: 380-430 km.
    let iss = rows.iter().rev().find(|r| r.split(',').nth(2) == Some("iss")).unwrap();
    let alt_km: f64 = iss.split(',').nth(11).unwrap().parse::<f64>().unwrap() / 1e3;
    assert!((380.0..430.0).contains(&alt_km), "{alt_km} km");
}

#[test]
fn nrlmsise_refuses_a_run_past_its_space_weather() {
    // The record ends on 2022-04-30; 210 days from the start of October is past it.
    let (code, stderr) = simulate_fails(&["--until", "5040:00:00", "--out", "/dev/null"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("past the end of NRLMSISE-00's embedded space weather"), "{stderr}");
}

#[test]
fn a_csv_larger_than_the_free_space_is_refused_with_its_size() {
    let mission = crate::ms19_mission();
    // Measured: what a day sampled every second would write, then that less one byte free.
    let bytes = ms19::simulate::check_run(&mission, (None, 86_400.0), 1.0, None).unwrap();
    assert!(bytes > 100_000_000, "{bytes} bytes for a day at 1 s");
    assert_eq!(ms19::simulate::check_run(&mission, (None, 86_400.0), 1.0, Some(bytes)), Ok(bytes));
    let why = ms19::simulate::check_run(&mission, (None, 86_400.0), 1.0, Some(bytes - 1)).unwrap_err();
    assert!(why.contains("GB are free") && why.contains("--every"), "{why}");
    // Written, the estimate holds while the bodies stay the same (on the pad); after lift-off
    // the spent stages add rows, and the estimate from the start is a lower bound.
    let dir = fresh_temp_dir("estimate");
    let (pad, flight) = (dir.join("pad.csv"), dir.join("flight.csv"));
    simulate(&["--until", "-00:01:00", "--every", "1"], &[("--out", &pad)]);
    simulate(&["--until", "00:05:00", "--every", "1"], &[("--out", &flight)]);
    let size = |path: &std::path::Path| std::fs::metadata(path).unwrap().len() as f64;
    let estimate = |until_met_s| ms19::simulate::check_run(&mission, (None, until_met_s), 1.0, None).unwrap() as f64;
    assert!(size(&flight) > estimate(300.0));
    let (written, estimate) = (size(&pad), estimate(-60.0));
    assert!((written / estimate - 1.0).abs() < 0.1, "wrote {written} bytes, estimated {estimate}");
}

#[test]
fn from_writes_the_whole_runs_rows_from_that_instant_on() {
    let dir = fresh_temp_dir("sim-from");
    let (whole, part) = (dir.join("whole.csv"), dir.join("part.csv"));
    simulate(&["--until", "00:12:00", "--every", "7"], &[("--out", &whole)]);
    simulate(&["--from", "00:09:01", "--until", "00:12:00", "--every", "7"], &[("--out", &part)]);
    let (whole, part) = (std::fs::read_to_string(whole).unwrap(), std::fs::read_to_string(part).unwrap());
    let met_s = |row: &str| row.split(',').nth(1).unwrap().parse::<f64>().unwrap();
    let header = whole.lines().next().unwrap();
    let tail: Vec<&str> = whole.lines().skip(1).filter(|row| met_s(row) >= 541.0).collect();
    let written: Vec<&str> = part.lines().collect();
    // 00:09:01 is not on the 7 s grid from the start (T-00:05:00): the first sample after it.
    assert_eq!(written[0], header);
    assert_eq!(met_s(written[1]), 547.0, "{}", written[1]);
    assert_eq!(&written[1..], &tail[..], "the rows from 00:09:01 on, byte for byte");
    let (code, stderr) = simulate_fails(&["--from", "00:20:00", "--until", "00:10:00", "--out", "/dev/null"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("--from T+00:20:00 is after --until T+00:10:00"), "{stderr}");
    // From T-00:05:00 every 10 s, no sample falls in 00:00:01-00:00:09.
    let (code, stderr) = simulate_fails(&["--from", "00:00:01", "--until", "00:00:09", "--out", "/dev/null"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("no sample falls between --from and --until"), "{stderr}");
}

#[test]
fn a_reader_that_goes_away_ends_the_output_quietly() {
    use std::io::Read;
    // `ms19 summary | head -c 100`: the pipe closes after the first lines.
    let mut child = crate::ms19()
        .arg("summary")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 100];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success() && !stderr.contains("panicked"), "{:?}: {stderr}", output.status);
}
