//! The reference scene for frame times: one textured, sunlit sphere filling the share of the
//! frame the Earth fills in `ms19 view --focus earth --camera-distance 20000000` (angular radius
//! 18.6 deg), through the viewer's camera settings (45 deg field, sunlight exposure, 4x MSAA)
//! and the viewer's own capture path (`--measure-frames`, `--screenshot`). What the viewer costs
//! beyond it is the mission scene's own.
//!
//!     DISPLAY=:99 cargo run --release --example bare_sphere -- --size 1280x720 --measure-frames 120

#![forbid(unsafe_code)]

use bevy::light::light_consts::lux;
use bevy::prelude::*;
use ms19::record::CapturePlugin;
use ms19::scene::textures::{PendingMipmaps, build_mipmaps};
use std::path::PathBuf;

/// The Earth's angular radius from 20,000 km: asin(6,378 / 20,000).
const ANGULAR_RADIUS_DEG: f32 = 18.6;

fn main() -> AppExit {
    let mut args = std::env::args().skip(1);
    let (mut size, mut measure_frames, mut screenshot) = ((1280, 720), None, None);
    while let Some(flag) = args.next() {
        let value = args.next().unwrap_or_default();
        match flag.as_str() {
            "--size" => {
                let (w, h) = value.split_once('x').expect("--size WIDTHxHEIGHT");
                size = (w.parse().expect("a width"), h.parse().expect("a height"));
            }
            "--measure-frames" => measure_frames = Some(value.parse().expect("a number of frames")),
            "--screenshot" => screenshot = Some(PathBuf::from(value)),
            _ => panic!("usage: bare_sphere [--size WxH] [--measure-frames N] [--screenshot OUT.png]"),
        }
    }
    let capturing = measure_frames.is_some() || screenshot.is_some();
    App::new()
        .add_plugins(ms19::app::render_plugins(
            ms19::app::window_plugin("bare sphere".into(), size, capturing),
            capturing,
        ))
        .init_resource::<PendingMipmaps>()
        .insert_resource(ClearColor(Color::BLACK))
        .add_plugins(CapturePlugin { screenshot, measure_frames, without: Vec::new() })
        .add_systems(Startup, spawn)
        .add_systems(Update, build_mipmaps)
        .run()
}

fn spawn(
    mut commands: Commands,
    assets: Res<AssetServer>,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<StandardMaterial>>,
    mut pending: ResMut<PendingMipmaps>,
) {
    let texture: Handle<Image> = assets.load("textures/earth_day.jpg");
    pending.0.push(texture.clone());
    commands.spawn((
        Mesh3d(meshes.add(Sphere::new(1.0).mesh().uv(128, 64))),
        MeshMaterial3d(materials.add(StandardMaterial {
            base_color_texture: Some(texture),
            perceptual_roughness: 0.9,
            ..default()
        })),
    ));
    commands.spawn((
        DirectionalLight { illuminance: lux::RAW_SUNLIGHT, shadow_maps_enabled: false, ..default() },
        Transform::from_xyz(1.0, 0.3, 0.6).looking_at(Vec3::ZERO, Vec3::Y),
    ));
    let distance = 1.0 / ANGULAR_RADIUS_DEG.to_radians().sin();
    commands.spawn((
        Camera3d::default(),
        Projection::Perspective(PerspectiveProjection {
            fov: ms19::camera::VERTICAL_FOV_DEG.to_radians(),
            near: 0.1,
            ..default()
        }),
        bevy::camera::Exposure::SUNLIGHT,
        Msaa::Sample4,
        Transform::from_xyz(0.0, 0.0, distance).looking_at(Vec3::ZERO, Vec3::Y),
    ));
}
