//! The floor for frame times: Bevy's own defaults and nothing of the app's. `DefaultPlugins`,
//! `Camera3d::default()` (4x MSAA, Bevy's tonemapping), one textured sphere filling the share of
//! the frame the Earth fills in `ms19 view --focus earth --camera-distance 20000000` (angular
//! radius 18.6 deg at Bevy's 45 deg field) and one `DirectionalLight`. It is measured the way the
//! viewer's `--measure-frames` measures: updates run continuously and without vsync (Bevy's
//! default would cap an unfocused window, as one under Xvfb is, at 60 Hz), the texture loaded,
//! 20 frames to settle, then the mean of Bevy's frame-time diagnostic. What the viewer costs
//! beyond this is the app's own.
//!
//!     DISPLAY=:99 cargo run --release --example bare_sphere -- --size 1280x720 --measure-frames 60

#![forbid(unsafe_code)]

use bevy::diagnostic::{DiagnosticsStore, FrameTimeDiagnosticsPlugin};
use bevy::prelude::*;
use bevy::render::RenderPlugin;
use bevy::window::{PresentMode, WindowResolution};
use bevy::winit::WinitSettings;

/// The Earth's angular radius from 20,000 km: asin(6,378 / 20,000).
const ANGULAR_RADIUS_DEG: f32 = 18.6;
/// Frames rendered after the texture has loaded, before measuring (as the viewer's capture).
const SETTLE_FRAMES: u32 = 20;

#[derive(Resource)]
struct Measure {
    texture: Handle<Image>,
    frames: u32,
    ready: u32,
}

fn main() -> AppExit {
    let mut args = std::env::args().skip(1);
    let (mut size, mut frames) = ((1280, 720), 60);
    while let Some(flag) = args.next() {
        let value = args.next().unwrap_or_default();
        match flag.as_str() {
            "--size" => {
                let (w, h) = value.split_once('x').expect("--size WIDTHxHEIGHT");
                size = (w.parse().expect("a width"), h.parse().expect("a height"));
            }
            "--measure-frames" => frames = value.parse().expect("a number of frames"),
            _ => panic!("usage: bare_sphere [--size WxH] [--measure-frames N]"),
        }
    }
    let assets = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets");
    App::new()
        .add_plugins(
            DefaultPlugins
                .set(WindowPlugin {
                    primary_window: Some(Window {
                        title: "bare sphere".into(),
                        resolution: WindowResolution::new(size.0, size.1),
                        present_mode: PresentMode::AutoNoVsync,
                        ..default()
                    }),
                    ..default()
                })
                .set(AssetPlugin { file_path: assets.display().to_string(), ..default() })
                .set(RenderPlugin { synchronous_pipeline_compilation: true, ..default() }),
        )
        .add_plugins(FrameTimeDiagnosticsPlugin::new(frames as usize))
        .insert_resource(WinitSettings::continuous())
        .insert_resource(Measure { texture: Handle::default(), frames, ready: 0 })
        .add_systems(Startup, spawn)
        .add_systems(Last, measure)
        .run()
}

fn spawn(
    mut commands: Commands,
    assets: Res<AssetServer>,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<StandardMaterial>>,
    mut measure: ResMut<Measure>,
) {
    measure.texture = assets.load("textures/earth_day.jpg");
    commands.spawn((
        Mesh3d(meshes.add(Sphere::new(1.0).mesh().uv(128, 64))),
        MeshMaterial3d(
            materials.add(StandardMaterial { base_color_texture: Some(measure.texture.clone()), ..default() }),
        ),
    ));
    commands.spawn((DirectionalLight::default(), Transform::from_xyz(1.0, 0.3, 0.6).looking_at(Vec3::ZERO, Vec3::Y)));
    let distance = 1.0 / ANGULAR_RADIUS_DEG.to_radians().sin();
    commands.spawn((Camera3d::default(), Transform::from_xyz(0.0, 0.0, distance).looking_at(Vec3::ZERO, Vec3::Y)));
}

/// Counts frames from the texture's arrival; prints the mean frame time of the last
/// `frames` and exits.
fn measure(
    mut measure: ResMut<Measure>,
    assets: Res<AssetServer>,
    diagnostics: Res<DiagnosticsStore>,
    mut exit: MessageWriter<AppExit>,
) {
    if !assets.is_loaded_with_dependencies(&measure.texture) {
        return;
    }
    measure.ready += 1;
    if measure.ready < SETTLE_FRAMES + measure.frames {
        return;
    }
    let values: Vec<f64> = diagnostics
        .get(&FrameTimeDiagnosticsPlugin::FRAME_TIME)
        .map(|d| d.values().copied().collect())
        .unwrap_or_default();
    let mean = values.iter().sum::<f64>() / values.len().max(1) as f64;
    println!("frame time over {} frames: mean {mean:.2} ms ({:.1} fps)", values.len(), 1000.0 / mean);
    exit.write(AppExit::Success);
}
