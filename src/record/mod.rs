//! Offline output: one frame to a PNG (the screenshot mode that CI and reviewers use), a
//! frame-time and memory measurement, and scripted flythroughs ([`flythrough`]). All wait
//! until the Earth's textures are loaded and the pipelines have had frames to compile, and all
//! end when done, never hang.

pub mod flythrough;
pub mod memory;

use crate::scene::textures::PendingMipmaps;
use bevy::diagnostic::{DiagnosticPath, DiagnosticsStore, FrameTimeDiagnosticsPlugin};
use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, ScreenshotCaptured, save_to_disk};
use std::path::PathBuf;
use std::time::{Duration, Instant};

pub struct CapturePlugin {
    pub screenshot: Option<PathBuf>,
    /// Measure the mean frame time over this many frames, print it and exit.
    pub measure_frames: Option<u32>,
    /// What is left out of the frame, to find where a frame's time goes.
    pub without: Vec<Layer>,
}

/// A piece of the frame that a measurement can leave out (`ms19 view --without`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layer {
    /// The Earth's ellipsoid and its shader (the pad's patch stays).
    Earth,
    /// The scattering shell (limb glow and sky).
    Shell,
    Stars,
    /// Every vehicle and its parts.
    Vehicles,
    /// The vehicles' shadow maps.
    Shadows,
    /// 4x multisampling.
    Msaa,
}

#[derive(Resource, Clone, Debug)]
struct LeftOut(Vec<Layer>);

/// Hides what `--without` names, every frame (vehicles appear as stages separate).
#[allow(clippy::type_complexity)]
fn leave_out(
    left_out: Res<LeftOut>,
    mut shown: ParamSet<(
        Query<&mut Visibility, With<crate::scene::earth::EarthBody>>,
        Query<&mut Visibility, With<crate::scene::earth::AtmosphereShell>>,
        Query<&mut Visibility, With<crate::scene::stars::StarField>>,
        Query<&mut Visibility, With<crate::sim::SimBody>>,
    )>,
    mut lights: Query<&mut DirectionalLight>,
    mut cameras: Query<&mut Msaa>,
) {
    fn hide<'a>(shown: impl Iterator<Item = Mut<'a, Visibility>>) {
        shown.for_each(|mut v| {
            v.set_if_neq(Visibility::Hidden);
        });
    }
    for layer in &left_out.0 {
        match layer {
            Layer::Earth => hide(shown.p0().iter_mut()),
            Layer::Shell => hide(shown.p1().iter_mut()),
            Layer::Stars => hide(shown.p2().iter_mut()),
            Layer::Vehicles => hide(shown.p3().iter_mut()),
            Layer::Shadows => {
                lights.iter_mut().filter(|l| l.shadow_maps_enabled).for_each(|mut l| l.shadow_maps_enabled = false)
            }
            Layer::Msaa => cameras.iter_mut().for_each(|mut msaa| {
                msaa.set_if_neq(Msaa::Off);
            }),
        }
    }
}

/// Frames rendered after the textures are ready, before a capture: pipelines and mipmaps
/// settle in these.
const SETTLE_FRAMES: u32 = 20;

/// Whether the textures are loaded and mipmapped; an error names one that failed to load.
fn ready_to_capture(pending: &PendingMipmaps, assets: &AssetServer) -> Result<bool, String> {
    match pending.0.iter().find(|h| assets.get_load_state(*h).is_some_and(|s| s.is_failed())) {
        Some(failed) => Err(format!("{:?} failed to load", assets.get_path(failed))),
        None => Ok(pending.0.is_empty()),
    }
}
/// A capture that has not happened by then is an error, not a hang.
const CAPTURE_TIMEOUT: Duration = Duration::from_secs(180);
/// Frames rendered after the screenshot is taken so that it reaches the disk.
const FRAMES_AFTER_CAPTURE: u32 = 3;

#[derive(Resource, Debug)]
struct Capture {
    screenshot: Option<PathBuf>,
    measure_frames: Option<u32>,
    ready_frames: u32,
    captured_at: Option<u32>,
    measured_from: Option<u32>,
    /// Resident memory when the measured frames began.
    resident_from: Option<memory::Resident>,
    started: Instant,
}

impl Plugin for CapturePlugin {
    fn build(&self, app: &mut App) {
        if self.screenshot.is_none() && self.measure_frames.is_none() {
            return;
        }
        if let Some(frames) = self.measure_frames {
            app.add_plugins(FrameTimeDiagnosticsPlugin::new(frames as usize));
        }
        if !self.without.is_empty() {
            app.insert_resource(LeftOut(self.without.clone())).add_systems(PostUpdate, leave_out);
        }
        app.insert_resource(Capture {
            screenshot: self.screenshot.clone(),
            measure_frames: self.measure_frames,
            ready_frames: 0,
            captured_at: None,
            measured_from: None,
            resident_from: None,
            started: Instant::now(),
        })
        .add_systems(Last, drive_capture);
    }
}

/// Mean, median, 95th percentile and largest of a measured series.
struct Series {
    count: usize,
    mean: f64,
    median: f64,
    p95: f64,
    max: f64,
}

impl Series {
    fn of(values: &[f64]) -> Self {
        let mut sorted = values.to_vec();
        sorted.sort_by(f64::total_cmp);
        let at = |i: usize| sorted.get(i).copied().unwrap_or(f64::NAN);
        Self {
            count: sorted.len(),
            mean: sorted.iter().sum::<f64>() / sorted.len().max(1) as f64,
            median: at(sorted.len() / 2),
            p95: at(sorted.len() * 95 / 100),
            max: sorted.last().copied().unwrap_or(f64::NAN),
        }
    }
}

fn drive_capture(
    mut commands: Commands,
    mut capture: ResMut<Capture>,
    pending: Res<PendingMipmaps>,
    assets: Res<AssetServer>,
    diagnostics: Option<Res<DiagnosticsStore>>,
    // Absent where there is no mission (examples/bare_sphere.rs).
    control: Option<Res<crate::sim::TimeControl>>,
    mut exit: MessageWriter<AppExit>,
) {
    // The limit is on getting ready and capturing; measured frames take as long as they take.
    if capture.measured_from.is_none() && capture.started.elapsed() > CAPTURE_TIMEOUT {
        error!("capture timed out after {:?} (textures loaded: {})", CAPTURE_TIMEOUT, pending.0.is_empty());
        exit.write(AppExit::from_code(4));
        return;
    }
    match ready_to_capture(&pending, &assets) {
        Err(message) => {
            error!("cannot capture: {message}");
            exit.write(AppExit::from_code(4));
            return;
        }
        Ok(false) => return,
        Ok(true) => {}
    }
    capture.ready_frames += 1;
    let frame = capture.ready_frames;
    if frame == 1 && capture.measure_frames.is_some() {
        // scripts/bench stamps this line to time launch to the first complete frame.
        println!(
            "first complete frame (textures loaded) {:.2} s after the app was built",
            capture.started.elapsed().as_secs_f64()
        );
    }
    if frame < SETTLE_FRAMES {
        return;
    }
    if let Some(path) = capture.screenshot.clone() {
        match capture.captured_at {
            None if frame == SETTLE_FRAMES => {
                commands.spawn(Screenshot::primary_window()).observe(save_to_disk(path)).observe(
                    |_: On<ScreenshotCaptured>, mut capture: ResMut<Capture>| {
                        capture.captured_at = Some(capture.ready_frames);
                    },
                );
                return;
            }
            Some(at) if frame >= at + FRAMES_AFTER_CAPTURE => {
                capture.screenshot = None;
            }
            _ => return,
        }
    }
    if let Some(frames) = capture.measure_frames {
        let from = *capture.measured_from.get_or_insert(frame);
        if capture.resident_from.is_none() {
            capture.resident_from = memory::Resident::read();
        }
        if frame < from + frames {
            return;
        }
        // The last `frames` values of each: the measured frames, not the settling ones.
        let series = |path: &DiagnosticPath| {
            diagnostics.as_ref().and_then(|d| d.get(path)).map(|d| {
                let values: Vec<f64> = d.values().copied().collect();
                Series::of(&values[values.len().saturating_sub(frames as usize)..])
            })
        };
        if let Some(f) = series(&FrameTimeDiagnosticsPlugin::FRAME_TIME) {
            println!(
                "frame time over {} frames: mean {:.2} ms ({:.1} fps), median {:.2} ms, p95 {:.2} ms",
                f.count,
                f.mean,
                1000.0 / f.mean,
                f.median,
                f.p95
            );
        }
        if let (Some(work), Some(steps), Some(control)) =
            (series(&crate::sim::SIM_WORK_MS), series(&crate::sim::SIM_STEPS), control)
        {
            println!(
                "sim work per frame: mean {:.2} ms, p95 {:.2} ms, max {:.2} ms, {:.1} steps a frame at {:.0}x{}",
                work.mean,
                work.p95,
                work.max,
                steps.mean,
                control.warp,
                if control.behind { ", behind" } else { "" }
            );
        }
        match (capture.resident_from, memory::Resident::read()) {
            (Some(before), Some(after)) => println!("{}", memory::growth_report(&before, &after, frames)),
            _ => println!("memory: not measured (no /proc/self/status)"),
        }
        capture.measure_frames = None;
    }
    exit.write(AppExit::Success);
}
