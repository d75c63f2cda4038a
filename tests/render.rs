//! Render tests: the real viewer under an X display with a Vulkan driver (Xvfb and Mesa's
//! lavapipe in CI), writing screenshots that are checked pixel by pixel. They are `#[ignore]`d
//! so that a machine without a display reports them as ignored, never as passed;
//! `scripts/test` runs them with `--include-ignored` when it can start Xvfb with a Vulkan ICD.

use std::path::{Path, PathBuf};
use std::process::Command;

fn screenshot(name: &str, args: &[&str]) -> image::RgbImage {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("render");
    std::fs::create_dir_all(&dir).unwrap();
    let out: PathBuf = dir.join(format!("{name}.png"));
    let _ = std::fs::remove_file(&out);
    let output = Command::new(env!("CARGO_BIN_EXE_ms19"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
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

/// Fraction of pixels in a column range brighter than `threshold`.
fn lit_fraction(img: &image::RgbImage, columns: std::ops::Range<u32>, threshold: f64) -> f64 {
    let (mut lit, mut all) = (0u32, 0u32);
    for x in columns {
        for y in 0..img.height() {
            all += 1;
            if luma(img.get_pixel(x, y)) > threshold {
                lit += 1;
            }
        }
    }
    f64::from(lit) / f64::from(all.max(1))
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
    let img = screenshot("iss_close", &["--at", "00:00:00", "--focus", "iss", "--camera-distance", "60"]);
    let lit = lit_fraction(&img, 0..img.width(), 12.0);
    assert!(lit > 0.5, "lit fraction {lit}");
}

#[test]
#[ignore = "render test: needs an X display and a Vulkan driver (scripts/test runs it under Xvfb)"]
fn soyuz_on_the_pad_in_daylight() {
    let img = screenshot("soyuz_pad", &["--at", "-00:01:00", "--focus", "soyuz"]);
    let lit = lit_fraction(&img, 0..img.width(), 40.0);
    // Afternoon at Baikonur: a bright sky and ground fill most of the frame.
    assert!(lit > 0.5, "lit fraction {lit}");
}
