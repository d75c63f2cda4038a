//! Render tests: the real viewer under an X display with a Vulkan driver (Xvfb and Mesa's
//! lavapipe in CI), writing screenshots that are checked pixel by pixel. They are `#[ignore]`d
//! so that a machine without a display reports them as ignored, never as passed;
//! `scripts/test` runs them with `--include-ignored` when it can start Xvfb with a Vulkan ICD.

use std::path::PathBuf;
use std::process::Command;

fn screenshot(name: &str, args: &[&str]) -> image::RgbImage {
    let dir = crate::temp_dir("render");
    let out: PathBuf = dir.join(format!("{name}.png"));
    let _ = std::fs::remove_file(&out);
    let output = crate::ms19()
        .args(["view", "--size", "640x360", "--hide-ui", "--screenshot"])
        .arg(&out)
        .args(args)
        .output()
        .expect("ms19 runs");
    assert!(
        output.status.success(),
        "ms19 view failed ({}): {}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    image::open(&out).expect("screenshot is a PNG").to_rgb8()
}

fn luma(p: &image::Rgb<u8>) -> f64 {
    0.2126 * f64::from(p[0]) + 0.7152 * f64::from(p[1]) + 0.0722 * f64::from(p[2])
}

/// Fraction of pixels in a region that pass a test.
fn fraction(
    img: &image::RgbImage,
    columns: std::ops::Range<u32>,
    rows: std::ops::Range<u32>,
    test: impl Fn(&image::Rgb<u8>) -> bool,
) -> f64 {
    let (mut hits, mut all) = (0u32, 0u32);
    for x in columns {
        for y in rows.clone() {
            all += 1;
            if test(img.get_pixel(x, y)) {
                hits += 1;
            }
        }
    }
    f64::from(hits) / f64::from(all.max(1))
}

/// Fraction of pixels in a column range brighter than `threshold`.
fn lit_fraction(img: &image::RgbImage, columns: std::ops::Range<u32>, threshold: f64) -> f64 {
    fraction(img, columns, 0..img.height(), |p| luma(p) > threshold)
}

/// The gold of the US solar arrays, which neither the Earth nor space has.
fn is_array_gold(p: &image::Rgb<u8>) -> bool {
    let (r, g, b) = (f64::from(p[0]), f64::from(p[1]), f64::from(p[2]));
    r > 120.0 && b < 0.5 * r && g < 0.85 * r
}

/// The light grey of the rocket's body, neither sky blue nor steppe brown.
fn is_rocket_grey(p: &image::Rgb<u8>) -> bool {
    let (r, g, b) = (i32::from(p[0]), i32::from(p[1]), i32::from(p[2]));
    (r - g).abs() < 14 && (g - b).abs() < 14 && (r - b).abs() < 14 && luma(p) > 100.0
}

#[test]
#[ignore = "render test: needs an X display and a Vulkan driver (scripts/test runs it under Xvfb)"]
fn earth_from_20000_km_at_lift_off_is_lit_on_the_sun_side() {
    let img = screenshot("earth_launch", &["--at", "00:00:00", "--focus", "earth", "--camera-distance", "20000000"]);
    let w = img.width();
    // From 20,000 km the Earth's disc (angular radius 18.6 deg in a 45 deg field) covers about
    // 29 % of a 16:9 frame; most of it is in daylight at 08:55 UTC seen from over Baikonur.
    let lit = lit_fraction(&img, 0..w, 25.0);
    assert!((0.12..0.40).contains(&lit), "lit fraction {lit}");
    // The Sun is overhead at 43 E, west of the camera's 63.6 E: the west (left) half of the disc
    // is brighter than the east (right), where the terminator runs.
    let west = lit_fraction(&img, w / 4..w / 2, 25.0);
    let east = lit_fraction(&img, w / 2..3 * w / 4, 25.0);
    assert!(west > east, "west {west} east {east}");
    // The edges are space.
    assert!(lit_fraction(&img, 0..w / 10, 25.0) < 0.05);
}

#[test]
#[ignore = "render test: needs an X display and a Vulkan driver (scripts/test runs it under Xvfb)"]
fn iss_close_up_fills_the_frame() {
    let img = screenshot("iss_close", &["--at", "00:00:00", "--focus", "iss", "--camera-distance", "120"]);
    // Earth behind, the station in front: most of the frame is lit, and the eight gold array
    // wings (which face the Sun) cover a good part of it.
    let lit = lit_fraction(&img, 0..img.width(), 12.0);
    assert!(lit > 0.5, "lit fraction {lit}");
    let gold = fraction(&img, 0..img.width(), 0..img.height(), is_array_gold);
    assert!(gold > 0.03, "array fraction {gold}");
}

#[test]
#[ignore = "render test: needs an X display and a Vulkan driver (scripts/test runs it under Xvfb)"]
fn soyuz_on_the_pad_in_daylight() {
    let img = screenshot("soyuz_pad", &["--at", "-00:01:00", "--focus", "soyuz"]);
    let lit = lit_fraction(&img, 0..img.width(), 40.0);
    // Afternoon at Baikonur: a bright sky and ground fill most of the frame.
    assert!(lit > 0.5, "lit fraction {lit}");
    // The rocket stands in the middle of the frame, and nowhere near the edges. Rows below
    // the horizon, whose haze is a grey of its own.
    let (w, h) = (img.width(), img.height());
    let middle = fraction(&img, w * 45 / 100..w * 55 / 100, h * 3 / 8..h * 3 / 4, is_rocket_grey);
    let edge = fraction(&img, 0..w / 10, h * 3 / 8..h * 3 / 4, is_rocket_grey);
    assert!(middle > 0.05 && edge < 0.01, "rocket pixels: middle {middle}, edge {edge}");
    // The steppe fades into the air towards the horizon (the Earth shader's aerial
    // perspective): at the frame's left edge, the ground just under the horizon (the first row,
    // from the top, redder than blue) is brighter and bluer than the ground 100 rows nearer, by
    // 33 and 29 levels (without the veil 10 and 13).
    let row_mean = |rows: std::ops::Range<u32>| {
        let mut sum = [0.0; 3];
        let n = f64::from((rows.end - rows.start) * (w / 10));
        for (x, y) in (0..w / 10).flat_map(|x| rows.clone().map(move |y| (x, y))) {
            let p = img.get_pixel(x, y);
            (0..3).for_each(|c| sum[c] += f64::from(p[c]) / n);
        }
        sum
    };
    let redder_than_blue = |y: u32| {
        let row = row_mean(y..y + 1);
        row[0] > row[2]
    };
    let horizon = (0..h).find(|&y| redder_than_blue(y)).expect("ground in the frame");
    let (far, near) = (row_mean(horizon..horizon + 6), row_mean(horizon + 100..horizon + 120));
    let luma_of = |c: [f64; 3]| 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
    assert!(
        luma_of(far) > luma_of(near) + 20.0 && far[2] - far[0] > near[2] - near[0] + 20.0,
        "far ground {far:?}, near ground {near:?} (row {horizon})"
    );
}

#[test]
#[ignore = "render test: needs an X display and a Vulkan driver (scripts/test runs it under Xvfb)"]
fn the_stack_is_seen_in_flight_with_its_boosters() {
    let img = screenshot("ascent", &["--at", "00:01:10", "--focus", "soyuz", "--camera-distance", "150"]);
    let (w, h) = (img.width(), img.height());
    let middle = fraction(&img, w * 45 / 100..w * 55 / 100, 0..h / 2, is_rocket_grey);
    assert!(middle > 0.03, "rocket pixels in the middle: {middle}");
}

#[test]
#[ignore = "render test: needs an X display and a Vulkan driver (scripts/test runs it under Xvfb)"]
fn at_lift_off_the_plume_blazes_under_the_rocket_and_the_cloud_rolls_out_wider_than_the_table() {
    // T+2 s from 250 m south of the pad (the shot `pad-wide`, 30 deg high).
    let img = screenshot("lift-off", &["--at", "00:00:02", "--shot", "pad-wide"]);
    let (w, h) = (img.width(), img.height());
    // The sky's brightest, in the top corners.
    let corners = (0..w / 10).chain(w * 9 / 10..w).flat_map(|x| (0..h / 5).map(move |y| (x, y)));
    let sky = corners.map(|(x, y)| luma(img.get_pixel(x, y))).fold(0.0, f64::max);
    // Under the rocket, in the middle of the picture: the flame, brighter than any sky.
    let plume = fraction(&img, w * 45 / 100..w * 55 / 100, h * 35 / 100..h * 60 / 100, |p| luma(p) > sky + 10.0);
    // The cloud: bright and colourless (the sky is blue, the steppe brown, the concrete darker),
    // over more columns than the 60 m table spans from 250 m (a focal length of h/2 / tan 15 deg).
    let cloud = |p: &image::Rgb<u8>| luma(p) > 200.0 && p.0.iter().max().unwrap() - p.0.iter().min().unwrap() < 25;
    let columns = (0..w)
        .filter(|&x| (h * 20 / 100..h * 60 / 100).filter(|&y| cloud(img.get_pixel(x, y))).count() >= 3)
        .count() as f64;
    let table_px = 60.0 / 250.0 * (f64::from(h) / 2.0) / 15f64.to_radians().tan();
    assert!(plume > 0.002, "plume pixels {plume} (sky {sky:.0})");
    assert!(columns > table_px, "the cloud spans {columns} columns, the table {table_px:.0}");
}

/// Resident memory growth reported by `--measure-frames`, MB.
/// Mean luma of a region.
fn mean_luma(img: &image::RgbImage, columns: std::ops::Range<u32>, rows: std::ops::Range<u32>) -> f64 {
    let (sum, count) = columns
        .flat_map(|x| rows.clone().map(move |y| (x, y)))
        .fold((0.0, 0.0), |(sum, count), (x, y)| (sum + luma(img.get_pixel(x, y)), count + 1.0));
    sum / count
}

#[test]
#[ignore = "render test: needs an X display and a Vulkan driver (scripts/test runs it under Xvfb)"]
fn in_the_earth_s_shadow_the_floodlights_light_the_port_the_periscope_looks_at() {
    // The flown docking 40 m out, 59 s after the Soyuz's orbital sunset: Rassvet and its target
    // in the middle of the periscope's picture, the sky at its sides.
    let img = screenshot("night-periscope", &["--at", "03:24:30", "--shot", "periscope"]);
    let port = mean_luma(&img, 290..350, 150..230);
    let sky = mean_luma(&img, 20..120, 150..230).max(mean_luma(&img, 520..620, 150..230));
    assert!(port > 60.0 && port > 4.0 * sky, "the port {port:.1} against the sky {sky:.1}");
}

#[test]
#[ignore = "render test: needs an X display and a Vulkan driver (scripts/test runs it under Xvfb)"]
fn the_night_docking_close_up_shows_the_ship_lit_against_the_dark() {
    // `docking-closeup` in orbital night, 15 s before contact: the shot looks at the Soyuz (its
    // subject), which takes the floodlights' light back from the station's face; the shot test
    // counts it lit from the geometry, this reads the pixels. The ship stands in the middle.
    let img = screenshot("night-closeup", &["--at", "03:27:15", "--shot", "docking-closeup"]);
    let ship = mean_luma(&img, 280..360, 70..240);
    let dark = mean_luma(&img, 20..80, 50..200).max(mean_luma(&img, 100..200, 50..200));
    assert!(ship > 3.0 && ship > 4.0 * dark, "the ship {ship:.2} against the dark {dark:.2}");
}

fn measured_growth_mb(stdout: &str) -> f64 {
    let after = stdout.split("grew ").nth(1).unwrap_or_else(|| panic!("no memory line in: {stdout}"));
    after.split(" MB").next().and_then(|n| n.trim().parse().ok()).unwrap_or_else(|| panic!("bad memory line: {stdout}"))
}

#[test]
#[ignore = "render test: needs an X display and a Vulkan driver (scripts/test runs it under Xvfb)"]
fn viewer_memory_stays_flat_over_600_frames() {
    // A small window and the Earth small in it: the fastest frames, and every kind of object
    // drawn (the Earth, its shell seen from space, the stars, the vehicles' lights).
    let output = crate::ms19()
        .args(["view", "--size", "320x180", "--hide-ui", "--focus", "earth", "--camera-distance", "200000000"])
        .args(["--measure-frames", "600"])
        .output()
        .expect("ms19 runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "ms19 view failed: {}", String::from_utf8_lossy(&output.stderr));
    let grown = measured_growth_mb(&stdout);
    // The leak this guards against grew about 1.3 MB a frame (800 MB here).
    assert!(grown < 20.0, "resident memory grew {grown} MB over 600 frames: {stdout}");
}

#[test]
fn the_leak_check_reads_the_growth_the_viewer_prints() {
    use ms19::record::memory::{Resident, growth_report};
    let before = Resident { now_kib: 600 * 1024, peak_kib: 600 * 1024 };
    let after = Resident { now_kib: 612 * 1024 + 512, peak_kib: 640 * 1024 };
    assert_eq!(measured_growth_mb(&growth_report(&before, &after, 600)), 12.5);
}

/// Runs `ms19 view` in an environment it cannot draw in; it must exit 3 and name what to install.
fn view_refuses(environment: &[(&str, Option<&str>)], must_mention: &str) {
    let mut command = crate::ms19();
    command.args(["view", "--screenshot", "/dev/null"]);
    for (name, value) in environment {
        match value {
            Some(value) => command.env(name, value),
            None => command.env_remove(name),
        };
    }
    let output = command.output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains(must_mention) && !stderr.contains("panicked"), "{stderr}");
}

#[test]
fn viewer_without_a_display_says_what_to_install_and_exits_3() {
    view_refuses(&[("DISPLAY", None), ("WAYLAND_DISPLAY", None)], "xvfb");
}

#[test]
#[ignore = "render test: needs an X display (scripts/test runs it under Xvfb)"]
fn viewer_without_a_vulkan_driver_says_what_to_install_and_exits_3() {
    view_refuses(
        &[("VK_ICD_FILENAMES", Some("/nonexistent.json")), ("VK_DRIVER_FILES", Some("/nonexistent.json"))],
        "mesa-vulkan-drivers",
    );
}

#[test]
#[ignore = "render test: needs an X display and a Vulkan driver (scripts/test runs it under Xvfb)"]
fn the_docking_game_opens_on_the_periscope_with_its_hud() {
    let dir = crate::temp_dir("render");
    let out = dir.join("dock.png");
    let _ = std::fs::remove_file(&out);
    let output = crate::ms19()
        // The HUD is made to be read at 1280x720 (egui does not scale with the window).
        .args(["dock", "--size", "1280x720", "--screenshot"])
        .arg(&out)
        .output()
        .expect("ms19 runs");
    assert!(output.status.success(), "ms19 dock failed: {}", String::from_utf8_lossy(&output.stderr));
    let img = image::open(&out).unwrap().to_rgb8();
    let (w, h) = (img.width(), img.height());
    // Rassvet's end, 40 m up the probe's axis, lit: grey in the middle of the picture.
    let port = fraction(&img, w * 48 / 100..w * 52 / 100, h * 51 / 100..h * 57 / 100, |p| luma(p) > 60.0);
    assert!(port > 0.8, "the port in the middle: {port}");
    // The HUD in the bottom-right corner: egui's dark panel with light text.
    let hud = fraction(&img, w * 75 / 100..w * 98 / 100, h * 68 / 100..h * 95 / 100, |p| {
        (20..=40).contains(&p[0]) && p[0] == p[1] && p[1] == p[2]
    });
    let text = fraction(&img, w * 75 / 100..w * 98 / 100, h * 68 / 100..h * 95 / 100, |p| luma(p) > 100.0);
    assert!(hud > 0.4 && text > 0.02, "HUD panel {hud}, text {text}");
}

/// `xdotool` on this X display; the test needs it (.ci/run installs it).
fn xdotool(args: &[&str]) -> String {
    let output = Command::new("xdotool").args(args).output().expect("xdotool is installed (apt-get install xdotool)");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
#[ignore = "render test: needs an X display and a Vulkan driver (scripts/test runs it under Xvfb)"]
fn the_viewer_survives_a_1x1_window_and_being_unmapped() {
    // X11 has no 0x0 window: 1x1 is the least a window manager can make it. Unmapping is what
    // minimising does to it.
    let child = crate::ms19()
        .args(["view", "--size", "320x180", "--measure-frames", "150"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("ms19 runs");
    let pid = child.id().to_string();
    let window = xdotool(&["search", "--sync", "--pid", &pid]).lines().next().expect("the viewer's window").to_owned();
    let pause = || std::thread::sleep(std::time::Duration::from_secs(3));
    pause();
    xdotool(&["windowsize", &window, "1", "1"]);
    pause();
    xdotool(&["windowunmap", &window]);
    pause();
    xdotool(&["windowmap", &window]);
    xdotool(&["windowsize", &window, "320", "180"]);
    let output = child.wait_with_output().unwrap();
    let (stdout, stderr) = (String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert!(output.status.success() && !stderr.contains("panicked"), "{stderr}");
    assert!(stdout.contains("frame time over 150 frames"), "{stdout}");
}
