//! Vehicles drawn from their model definitions, placed and turned from the mission state.

use crate::core::Vector3d;
use crate::core::events::EventKind;
use crate::core::floodlights;
use crate::core::geometry::{self, Finish, ModelDef, ModelId, Part, Shape, StackPiece};
use crate::origin::WorldAttitude;
use crate::sim::{Presentation, SimBody, SimMission, Sun, WorldPosition};
use bevy::prelude::*;
use nalgebra::UnitQuaternion;
use std::collections::HashMap;

fn finish_material(finish: Finish) -> StandardMaterial {
    let (color, metallic, roughness) = match finish {
        Finish::Module => (Color::srgb(0.86, 0.86, 0.84), 0.0, 0.55),
        Finish::Truss => (Color::srgb(0.62, 0.63, 0.65), 0.6, 0.45),
        Finish::UsSolarArray => (Color::srgb(0.66, 0.46, 0.20), 0.3, 0.3),
        Finish::BlueSolarArray => (Color::srgb(0.10, 0.14, 0.32), 0.3, 0.25),
        Finish::Radiator => (Color::srgb(0.93, 0.93, 0.93), 0.0, 0.7),
        Finish::SoyuzBlanket => (Color::srgb(0.47, 0.50, 0.38), 0.0, 0.85),
        Finish::Dark => (Color::srgb(0.12, 0.12, 0.13), 0.5, 0.5),
        Finish::RocketBody => (Color::srgb(0.80, 0.81, 0.80), 0.1, 0.5),
        Finish::Concrete => (Color::srgb(0.55, 0.52, 0.48), 0.0, 0.95),
        Finish::TargetMarking => (Color::srgb(0.95, 0.95, 0.95), 0.0, 0.8),
        Finish::LiveryRed => (Color::srgb(0.72, 0.07, 0.08), 0.0, 0.5),
        Finish::LiveryBlue => (Color::srgb(0.05, 0.22, 0.62), 0.0, 0.5),
    };
    // The target's crosses glow faintly, as the Soyuz's docking lights show them in the night.
    let emissive = if finish == Finish::TargetMarking { LinearRgba::rgb(0.6, 0.6, 0.6) } else { LinearRgba::BLACK };
    StandardMaterial { base_color: color, metallic, perceptual_roughness: roughness, emissive, ..default() }
}

/// One material per finish for the whole scene, the arrays' with a cell grid generated here.
#[derive(Resource, Clone, Debug)]
pub struct FinishMaterials(HashMap<Finish, Handle<StandardMaterial>>);

impl FinishMaterials {
    pub fn get(&self, finish: Finish) -> Handle<StandardMaterial> {
        self.0[&finish].clone()
    }
}

/// A square texture tile, RGBA8, repeating, with its mip chain (a far surface blends its detail
/// instead of shimmering).
fn tile_image(size: u32, srgb: bool, texel: impl Fn(u32, u32) -> [u8; 4]) -> Image {
    use bevy::image::{ImageAddressMode, ImageFilterMode, ImageSampler, ImageSamplerDescriptor};
    use bevy::render::render_resource::{Extent3d, TextureDimension, TextureFormat};
    let data = (0..size * size).flat_map(|i| texel(i % size, i / size)).collect();
    let format = if srgb { TextureFormat::Rgba8UnormSrgb } else { TextureFormat::Rgba8Unorm };
    let mut image = Image::new(
        Extent3d { width: size, height: size, depth_or_array_layers: 1 },
        TextureDimension::D2,
        data,
        format,
        bevy::asset::RenderAssetUsages::RENDER_WORLD,
    );
    image.sampler = ImageSampler::Descriptor(ImageSamplerDescriptor {
        address_mode_u: ImageAddressMode::Repeat,
        address_mode_v: ImageAddressMode::Repeat,
        mag_filter: ImageFilterMode::Linear,
        min_filter: ImageFilterMode::Linear,
        mipmap_filter: ImageFilterMode::Linear,
        ..default()
    });
    super::textures::add_mip_chain(&mut image);
    image
}

/// A solar array's cells as a texture tile, 1 m square: 2 x 2 cells with the gaps between them
/// darker (US arrays, bronze) or lighter (Russian ones, blue). The cell pitch, 0.5 m, is ours
/// (L); the US blankets' 82 panels are about that size.
fn cell_grid(finish: Finish) -> Option<Image> {
    let (cell, gap) = match finish {
        Finish::UsSolarArray => ([168, 117, 51], [70, 50, 22]),
        Finish::BlueSolarArray => ([26, 36, 82], [120, 126, 136]),
        _ => return None,
    };
    const SIZE: u32 = 64;
    let in_gap = |c: u32| c % (SIZE / 2) < 2;
    Some(tile_image(SIZE, true, |x, y| {
        let [r, g, b] = if in_gap(x) || in_gap(y) { gap } else { cell };
        [r, g, b, 255]
    }))
}

/// A repeatable pseudo-random value in 0..1 for a lattice point (integer hash, so every run
/// generates the same textures).
fn lattice_hash(x: i32, y: i32, seed: u32) -> f32 {
    let mut h =
        (x as u32).wrapping_mul(0x8da6_b343) ^ (y as u32).wrapping_mul(0xd816_3841) ^ seed.wrapping_mul(0xcb1a_b31f);
    h ^= h >> 13;
    h = h.wrapping_mul(0x5bd1_e995);
    h ^= h >> 15;
    (h & 0xffff) as f32 / 65535.0
}

/// Smooth value noise on a `period`-cell lattice that wraps, at (x, y) in cells.
fn tiling_noise(x: f32, y: f32, period: i32, seed: u32) -> f32 {
    let (x0, y0) = (x.floor(), y.floor());
    let (fx, fy) = (x - x0, y - y0);
    let (sx, sy) = (fx * fx * (3.0 - 2.0 * fx), fy * fy * (3.0 - 2.0 * fy));
    let at =
        |dx: i32, dy: i32| lattice_hash((x0 as i32 + dx).rem_euclid(period), (y0 as i32 + dy).rem_euclid(period), seed);
    let top = at(0, 0) + (at(1, 0) - at(0, 0)) * sx;
    let bottom = at(0, 1) + (at(1, 1) - at(0, 1)) * sx;
    top + (bottom - top) * sy
}

/// How a finish's surface is built, for its generated relief and roughness.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Surface {
    /// Multi-layer insulation: quilted pillows between stitch lines, wrinkled, its sheen
    /// varying (the pressurised modules' white blankets, the Soyuz's green ones).
    Quilted { stitch_pitch_m: f32 },
    /// Rolled sheet: brushed along one direction, shinier along the grain (the truss).
    Brushed,
    /// Flat panels with grooves along their seams (radiators, the rocket's skin).
    Panelled { panel_m: f32 },
    /// Rough, mottled (the pad's concrete).
    Mottled,
}

fn surface(finish: Finish) -> Option<Surface> {
    match finish {
        Finish::Module | Finish::SoyuzBlanket => Some(Surface::Quilted { stitch_pitch_m: 1.0 }),
        Finish::Truss => Some(Surface::Brushed),
        Finish::Radiator => Some(Surface::Panelled { panel_m: 1.0 }),
        Finish::RocketBody => Some(Surface::Panelled { panel_m: 2.0 }),
        Finish::Concrete => Some(Surface::Mottled),
        Finish::UsSolarArray
        | Finish::BlueSolarArray
        | Finish::Dark
        | Finish::TargetMarking
        | Finish::LiveryRed
        | Finish::LiveryBlue => None,
    }
}

/// Texels across a generated surface tile.
const SURFACE_TEXELS: u32 = 128;

/// A surface's generated detail over one tile: height (m) and perceptual roughness at each
/// texel, and the tile's size on the part, m.
struct SurfaceField {
    tile_m: f32,
    height_m: Vec<f32>,
    roughness: Vec<f32>,
}

impl Surface {
    fn field(self, base_roughness: f32) -> SurfaceField {
        let n = SURFACE_TEXELS;
        let tile_m = match self {
            Surface::Quilted { stitch_pitch_m } => 2.0 * stitch_pitch_m,
            Surface::Brushed => 0.5,
            Surface::Panelled { panel_m } => panel_m,
            Surface::Mottled => 4.0,
        };
        let mut height_m = Vec::with_capacity((n * n) as usize);
        let mut roughness = Vec::with_capacity((n * n) as usize);
        for y in 0..n {
            for x in 0..n {
                let (u, v) = (x as f32 / n as f32, y as f32 / n as f32);
                let (h, r) = match self {
                    Surface::Quilted { .. } => {
                        // Two pillows a tile each way, puffed between the stitches, with
                        // wrinkles at a tenth of the pitch.
                        let pillow = ((u * 2.0).fract() * std::f32::consts::PI).sin()
                            * ((v * 2.0).fract() * std::f32::consts::PI).sin();
                        let wrinkle = tiling_noise(u * 16.0, v * 16.0, 16, 1) - 0.5;
                        let sheen = tiling_noise(u * 6.0, v * 6.0, 6, 2) - 0.5;
                        (0.025 * pillow.sqrt() + 0.003 * wrinkle, base_roughness + 0.25 * sheen)
                    }
                    Surface::Brushed => {
                        let grain = tiling_noise(u * 4.0, v * 96.0, 96, 3) - 0.5;
                        (0.0004 * grain, base_roughness + 0.3 * grain)
                    }
                    Surface::Panelled { .. } => {
                        // A groove 2 % of the panel wide along two edges.
                        let edge = (u.min(1.0 - u)).min(v.min(1.0 - v));
                        let groove = if edge < 0.01 { -0.004 } else { 0.0 };
                        let stain = tiling_noise(u * 8.0, v * 8.0, 8, 4) - 0.5;
                        (groove, base_roughness + 0.15 * stain)
                    }
                    Surface::Mottled => {
                        let grit = tiling_noise(u * 64.0, v * 64.0, 64, 5) - 0.5;
                        let patch = tiling_noise(u * 8.0, v * 8.0, 8, 6) - 0.5;
                        (0.003 * grit, base_roughness + 0.1 * patch)
                    }
                };
                height_m.push(h);
                roughness.push(r.clamp(0.05, 1.0));
            }
        }
        SurfaceField { tile_m, height_m, roughness }
    }
}

impl SurfaceField {
    /// The tangent-space normal at a texel from the height's central differences (wrapping).
    fn normal(&self, x: u32, y: u32) -> Vec3 {
        let n = SURFACE_TEXELS;
        let at = |x: u32, y: u32| self.height_m[(y % n * n + x % n) as usize];
        let texel_m = self.tile_m / n as f32;
        let dh_dx = (at(x + 1, y) - at(x + n - 1, y)) / (2.0 * texel_m);
        let dh_dy = (at(x, y + 1) - at(x, y + n - 1)) / (2.0 * texel_m);
        Vec3::new(-dh_dx, -dh_dy, 1.0).normalize()
    }

    /// The normal map (tangent space, linear RGB) and the metallic-roughness map (green the
    /// roughness, blue the metalness, as glTF and Bevy read it).
    fn images(&self, metallic: f32) -> (Image, Image) {
        let unit = |value: f32| (value.clamp(0.0, 1.0) * 255.0).round() as u8;
        let normal = tile_image(SURFACE_TEXELS, false, |x, y| {
            let n = self.normal(x, y) * 0.5 + 0.5;
            [unit(n.x), unit(n.y), unit(n.z), 255]
        });
        let metallic_roughness = tile_image(SURFACE_TEXELS, false, |x, y| {
            [0, unit(self.roughness[(y * SURFACE_TEXELS + x) as usize]), unit(metallic), 255]
        });
        (normal, metallic_roughness)
    }
}

pub fn load_finish_materials(
    mut commands: Commands,
    mut images: ResMut<Assets<Image>>,
    mut materials: ResMut<Assets<StandardMaterial>>,
) {
    let by_finish = Finish::ALL
        .iter()
        .map(|&finish| {
            let mut material = finish_material(finish);
            // Texture coordinates are metres on every part (see `shape_mesh`).
            if let Some(texture) = cell_grid(finish) {
                material.base_color = Color::WHITE;
                material.base_color_texture = Some(images.add(texture));
            } else if let Some(surface) = surface(finish) {
                let field = surface.field(material.perceptual_roughness);
                let (normal, metallic_roughness) = field.images(material.metallic);
                material.normal_map_texture = Some(images.add(normal));
                material.metallic_roughness_texture = Some(images.add(metallic_roughness));
                // The map holds the values; the factors multiply them.
                material.perceptual_roughness = 1.0;
                material.metallic = 1.0;
                material.uv_transform = bevy::math::Affine2::from_scale(Vec2::splat(1.0 / field.tile_m));
            }
            (finish, materials.add(material))
        })
        .collect();
    commands.insert_resource(FinishMaterials(by_finish));
}

/// A body-frame vector as Bevy's (the part lists' frames are the bodies' own, not turned).
pub(super) fn vec3(v: &Vector3d) -> Vec3 {
    Vec3::new(v.x as f32, v.y as f32, v.z as f32)
}

pub(super) fn quat(q: &UnitQuaternion<f64>) -> Quat {
    Quat::from_xyzw(q.i as f32, q.j as f32, q.k as f32, q.w as f32).normalize()
}

/// A part's mesh, standing as Bevy builds its primitives, and the scale that makes it the part.
/// Texture coordinates are metres on the surface, so tiled detail keeps its size on any part,
/// and tangents are generated for the finishes' normal maps.
pub(super) fn shape_mesh(shape: &Shape) -> (Mesh, Vec3) {
    let segments = geometry::ROUND_SEGMENTS;
    let tau = std::f32::consts::TAU;
    let (mesh, scale) = match *shape {
        Shape::Box { size_m } => {
            (with_metre_uvs(Cuboid::new(size_m.x as f32, size_m.y as f32, size_m.z as f32).into()), Vec3::ONE)
        }
        Shape::Cylinder { radius_m, length_m } => {
            let mesh = Cylinder::new(radius_m as f32, length_m as f32).mesh().resolution(segments).into();
            (with_round_metre_uvs(mesh, tau * radius_m as f32, length_m as f32), Vec3::ONE)
        }
        Shape::Frustum { radius_aft_m, radius_fore_m, length_m } => {
            let mesh = ConicalFrustum {
                radius_top: radius_fore_m as f32,
                radius_bottom: radius_aft_m as f32,
                height: length_m as f32,
            }
            .mesh()
            .resolution(segments)
            .into();
            let circumference_m = tau * 0.5 * (radius_aft_m + radius_fore_m) as f32;
            (with_round_metre_uvs(mesh, circumference_m, length_m as f32), Vec3::ONE)
        }
        Shape::Ellipsoid { semi_axes_m } => {
            let mesh = Sphere::new(1.0).mesh().uv(segments, geometry::ELLIPSOID_RINGS);
            let girth_m = semi_axes_m.y.max(semi_axes_m.z) as f32;
            (
                with_round_metre_uvs(mesh, tau * girth_m, std::f32::consts::PI * semi_axes_m.x as f32),
                Vec3::new(semi_axes_m.y as f32, semi_axes_m.x as f32, semi_axes_m.z as f32),
            )
        }
    };
    let mesh = match mesh.clone().with_generated_tangents() {
        Ok(with_tangents) => with_tangents,
        Err(error) => {
            warn!("no tangents for {shape:?}: {error}");
            mesh
        }
    };
    (mesh, scale)
}

/// A round mesh's texture coordinates in metres: its side's (around, along) scaled to its
/// circumference and length, its flat end caps' positions.
fn with_round_metre_uvs(mut mesh: Mesh, circumference_m: f32, length_m: f32) -> Mesh {
    let positions = mesh.attribute(Mesh::ATTRIBUTE_POSITION).and_then(|p| p.as_float3()).map(<[_]>::to_vec);
    let normals = mesh.attribute(Mesh::ATTRIBUTE_NORMAL).and_then(|n| n.as_float3()).map(<[_]>::to_vec);
    let uvs = match mesh.attribute(Mesh::ATTRIBUTE_UV_0) {
        Some(bevy::mesh::VertexAttributeValues::Float32x2(uvs)) => Some(uvs.clone()),
        _ => None,
    };
    if let (Some(positions), Some(normals), Some(uvs)) = (positions, normals, uvs) {
        let metres: Vec<[f32; 2]> = positions
            .iter()
            .zip(&normals)
            .zip(&uvs)
            .map(
                |((p, n), uv)| {
                    if n[1].abs() > 0.999 { [p[0], p[2]] } else { [uv[0] * circumference_m, uv[1] * length_m] }
                },
            )
            .collect();
        mesh.insert_attribute(Mesh::ATTRIBUTE_UV_0, metres);
    }
    mesh
}

/// A box's texture coordinates as metres across each face (the face's two other axes), so a
/// tiled texture keeps its size on any box.
fn with_metre_uvs(mut mesh: Mesh) -> Mesh {
    let positions = mesh.attribute(Mesh::ATTRIBUTE_POSITION).and_then(|p| p.as_float3()).map(<[_]>::to_vec);
    let normals = mesh.attribute(Mesh::ATTRIBUTE_NORMAL).and_then(|n| n.as_float3()).map(<[_]>::to_vec);
    if let (Some(positions), Some(normals)) = (positions, normals) {
        let uvs: Vec<[f32; 2]> = positions
            .iter()
            .zip(&normals)
            .map(|(p, n)| match n {
                n if n[0].abs() > 0.5 => [p[2], p[1]],
                n if n[1].abs() > 0.5 => [p[0], p[2]],
                _ => [p[0], p[1]],
            })
            .collect();
        mesh.insert_attribute(Mesh::ATTRIBUTE_UV_0, uvs);
    }
    mesh
}

/// Where a part's mesh goes in its body: Bevy's round primitives stand along y, the parts'
/// axes are along x.
pub fn part_transform(part: &Part, scale: Vec3) -> Transform {
    let rotation = match part.shape {
        Shape::Box { .. } => part.rotation,
        _ => part.rotation * geometry::y_to_x(),
    };
    Transform { translation: vec3(&part.center_m), rotation: quat(&rotation), scale }
}

/// Whether a part moves in its body (turns to the Sun, unfolds), so it needs its own entity.
fn moves(part: &Part) -> bool {
    part.sun_tracking_pivot_m.is_some() || part.deploys_after_separation
}

/// A part's mesh placed in its body's frame, for merging with the other fixed parts.
fn placed_mesh(part: &Part) -> Mesh {
    let (mesh, scale) = shape_mesh(&part.shape);
    mesh.transformed_by(part_transform(part, scale))
}

/// Whether two meshes carry the same vertex attributes, so that [`Mesh::merge`] keeps every
/// vertex whole (it drops what only one side has).
fn same_attributes(a: &Mesh, b: &Mesh) -> bool {
    let ids = |m: &Mesh| m.attributes().map(|(attribute, _)| attribute.id).collect::<Vec<_>>();
    ids(a) == ids(b)
}

/// A model's fixed parts as one mesh per finish, in their body's frame: one draw for each
/// finish instead of one per part (the ISS has hundreds of parts, a handful of finishes).
/// Parts that move (sun tracking, unfolding) stay out of this.
fn merged_fixed_parts(model: &ModelDef) -> Vec<(Finish, Mesh)> {
    let mut merged: Vec<(Finish, Mesh)> = Vec::new();
    for part in model.parts.iter().filter(|p| !moves(p)) {
        let mesh = placed_mesh(part);
        match merged.iter_mut().find(|(finish, into)| *finish == part.finish && same_attributes(into, &mesh)) {
            Some((_, into)) => into.merge(&mesh).expect("parts' meshes share topology and attribute types"),
            None => merged.push((part.finish, mesh)),
        }
    }
    merged
}

/// Spawns a model as children of `parent`: its fixed parts merged into one mesh per finish,
/// and each moving part on its own.
pub fn spawn_model(
    commands: &mut Commands,
    parent: Entity,
    model: &ModelDef,
    meshes: &mut Assets<Mesh>,
    materials: &FinishMaterials,
) {
    for (finish, mesh) in merged_fixed_parts(model) {
        let child = commands
            .spawn((
                Name::new(format!("{} ({finish:?})", model.name)),
                Mesh3d(meshes.add(mesh)),
                MeshMaterial3d(materials.get(finish)),
                Transform::default(),
            ))
            .id();
        commands.entity(parent).add_child(child);
    }
    for part in model.parts.iter().filter(|p| moves(p)) {
        let (mesh, scale) = shape_mesh(&part.shape);
        let transform = part_transform(part, scale);
        let child = commands
            .spawn((
                Name::new(part.name),
                Mesh3d(meshes.add(mesh)),
                MeshMaterial3d(materials.get(part.finish)),
                transform,
            ))
            .id();
        if part.sun_tracking_pivot_m.is_some() {
            commands.entity(child).insert(SunTracking { part: *part });
        }
        if part.deploys_after_separation {
            commands.entity(child).insert(Deploys { rest: transform });
        }
        commands.entity(parent).add_child(child);
    }
}

/// A part that turns about its body's y axis to face the Sun: the core poses it
/// ([`Part::posed`]) at the angle the core gives.
#[derive(Component, Clone, Copy, Debug)]
pub struct SunTracking {
    pub part: Part,
}

/// Turns the arrays of each body to the Sun, from the Sun's direction in that body's frame.
pub fn track_sun(
    sun: Res<Sun>,
    bodies: Query<(&WorldAttitude, &Children), With<SimBody>>,
    holders: Query<&Children>,
    mut parts: Query<(&SunTracking, &mut Transform)>,
) {
    for (attitude, children) in &bodies {
        let angle = geometry::sun_tracking_angle_rad(&(attitude.0.inverse() * sun.direction));
        for part in children.iter().flat_map(|holder| holders.get(holder).into_iter().flat_map(|c| c.iter())) {
            if let Ok((tracking, mut transform)) = parts.get_mut(part) {
                let posed = part_transform(&tracking.part.posed(angle), transform.scale);
                (transform.translation, transform.rotation) = (posed.translation, posed.rotation);
            }
        }
    }
}

/// A part that unfolds along its primitive's long axis (local y) after spacecraft separation.
#[derive(Component, Clone, Copy, Debug)]
pub struct Deploys {
    pub rest: Transform,
}

/// Time the Soyuz's arrays and antennas take to unfold after separation (they open within
/// seconds on flight video; derived) L.
pub const DEPLOY_DURATION_S: f64 = 15.0;

/// How far unfolded, 0 to 1, at `met_s` for a separation at `separated_at_met_s`.
pub fn deployed_fraction(met_s: f64, separated_at_met_s: Option<f64>) -> f32 {
    separated_at_met_s.map_or(0.0, |t| ((met_s - t) / DEPLOY_DURATION_S).clamp(0.0, 1.0) as f32)
}

/// Unfolds the spacecraft's arrays and antennas from the separation the mission logged.
pub fn deploy_after_separation(
    mission: Res<SimMission>,
    shown: Res<Presentation>,
    mut parts: Query<(&Deploys, &mut Transform)>,
) {
    let m = &mission.0;
    let separated = m.log.iter().find(|e| e.key.kind == EventKind::SpacecraftSeparation).map(|e| e.met_s);
    // A sliver stays so the folded part is not a zero-size mesh.
    let fraction = deployed_fraction(shown.now.met_s, separated).max(0.02);
    for (deploys, mut transform) in &mut parts {
        transform.scale = deploys.rest.scale * Vec3::new(1.0, fraction, 1.0);
    }
}

/// Which model a vehicle shows: a piece of the launcher stack until it leaves, the spacecraft
/// once it flies on its own.
#[derive(Component, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShownWhen {
    Stacked(StackPiece),
    /// The spacecraft on its launcher.
    Carried,
    Spacecraft,
}

/// The scene entity of each mission body, by body index, with the model it draws.
#[derive(Resource, Debug, Default)]
pub struct BodyEntities(pub Vec<(Entity, ModelId)>);

fn spawn_body(
    commands: &mut Commands,
    index: usize,
    name: &str,
    models: &[(ModelDef, Option<ShownWhen>)],
    meshes: &mut Assets<Mesh>,
    materials: &FinishMaterials,
) -> Entity {
    let body = commands
        .spawn((
            Name::new(name.to_string()),
            SimBody { index },
            WorldPosition::default(),
            WorldAttitude::default(),
            Transform::default(),
            Visibility::default(),
        ))
        .id();
    for (model, shown) in models {
        let holder = commands.spawn((Name::new(model.name), Transform::default(), Visibility::default())).id();
        if let Some(shown) = shown {
            commands.entity(holder).insert(*shown);
        }
        commands.entity(body).add_child(holder);
        spawn_model(commands, holder, model, meshes, materials);
        spawn_floodlights(commands, holder, model, index);
    }
    body
}

/// Where the docking floodlights (`core::floodlights`) sit (L: derived): 0.6 m either side of
/// the probe, `floodlights::BEHIND_TIP_M` behind its tip.
const FLOODLIGHT_SIDE_M: f64 = 0.6;
/// Where Bevy stops a floodlight's light: past the 40 m of the Kurs stop.
const FLOODLIGHT_RANGE_M: f32 = 80.0;

/// A floodlight of mission body `body`, lit while its ship approaches a port.
#[derive(Component, Clone, Copy, Debug)]
pub struct Floodlight {
    body: usize,
}

fn spawn_floodlights(commands: &mut Commands, holder: Entity, model: &ModelDef, body: usize) {
    let Some(probe) = model.port_frame(geometry::PortId::SoyuzProbe) else { return };
    let side = probe.axis.cross(&Vector3d::z()).try_normalize(1e-9).unwrap_or_else(Vector3d::y);
    // Bevy takes a spot light's power as if it shone in all directions (candela = lumens / 4π).
    let intensity = (floodlights::intensity_cd() * 4.0 * std::f64::consts::PI) as f32;
    let half_angle = floodlights::HALF_ANGLE_RAD as f32;
    for sign in [-1.0, 1.0] {
        let at = probe.position_m - probe.axis * floodlights::BEHIND_TIP_M + side * (sign * FLOODLIGHT_SIDE_M);
        let lamp = commands
            .spawn((
                Name::new("floodlight"),
                Floodlight { body },
                SpotLight {
                    intensity,
                    range: FLOODLIGHT_RANGE_M,
                    outer_angle: half_angle,
                    inner_angle: 0.6 * half_angle,
                    ..default()
                },
                Transform::from_translation(vec3(&at)).looking_to(vec3(&probe.axis), vec3(&side.cross(&probe.axis))),
                Visibility::Hidden,
            ))
            .id();
        commands.entity(holder).add_child(lamp);
    }
    let (tip, axis) = (vec3(&probe.position_m), vec3(&probe.axis));
    let bounce = commands
        .spawn((
            Name::new("floodlights' bounce"),
            Bounce { body, tip, axis },
            SpotLight { intensity: 0.0, range: FLOODLIGHT_RANGE_M, outer_angle: BOUNCE_HALF_ANGLE_RAD, ..default() },
            Transform::from_translation(tip).looking_to(-axis, vec3(&side.cross(&probe.axis))),
            Visibility::Hidden,
        ))
        .id();
    commands.entity(holder).add_child(bounce);
}

/// The bounce stands this far off the station's face (m), and lights a hemisphere but for its
/// rim (a Lambertian face sends little along itself).
const BOUNCE_OFF_FACE_M: f32 = 0.3;
const BOUNCE_HALF_ANGLE_RAD: f32 = 1.4;

/// The floodlights' light thrown back by the station onto the ship (`floodlights::
/// bounce_intensity_cd`): a light where the lamps' axis meets the station's face, facing the ship.
#[derive(Component, Clone, Copy, Debug)]
pub struct Bounce {
    body: usize,
    /// The probe's tip and axis in the body's frame.
    tip: Vec3,
    axis: Vec3,
}

/// The floodlights are on from the approach to a port until the hooks close
/// (`Rendezvous::floodlights_on`); the station's face throws their light back at the ship from
/// as far ahead as the port is.
pub fn switch_floodlights(
    mission: Res<SimMission>,
    mut lamps: Query<(&Floodlight, &mut Visibility), Without<Bounce>>,
    mut bounces: Query<(&Bounce, &mut Visibility, &mut Transform, &mut SpotLight)>,
) {
    let m = &mission.0;
    let on = |body: usize| m.rendezvous_of(body).is_some_and(|plan| plan.floodlights_on());
    for (lamp, mut visibility) in &mut lamps {
        visibility.set_if_neq(if on(lamp.body) { Visibility::Inherited } else { Visibility::Hidden });
    }
    for (bounce, mut visibility, mut transform, mut light) in &mut bounces {
        let range_m = m.floodlit_range_m(bounce.body);
        visibility.set_if_neq(if range_m.is_some() { Visibility::Inherited } else { Visibility::Hidden });
        if let Some(range_m) = range_m {
            // Just off the face, `range_m` past the probe's tip, so that it lights the ship and
            // not the face it stands for. Written only when they move: a write marks them changed.
            let at = bounce.tip + bounce.axis * (range_m as f32 - BOUNCE_OFF_FACE_M).max(0.0);
            let intensity = (floodlights::bounce_intensity_cd(range_m) * 4.0 * std::f64::consts::PI) as f32;
            if transform.translation != at {
                transform.translation = at;
            }
            if light.intensity != intensity {
                light.intensity = intensity;
            }
        }
    }
}

/// The models a mission body is drawn with: a spacecraft a launcher carries (`launched`) also
/// as the stack it rides to orbit, its arrays folded until separation; any other with its
/// arrays out.
fn models_for(model: ModelId, launched: bool) -> Vec<(ModelDef, Option<ShownWhen>)> {
    if launched {
        let spacecraft = geometry::model(model);
        // While carried, the spacecraft sits on the third stage (the stack's origin is its foot).
        let seat_m = Vector3d::x() * geometry::spacecraft_seat_x_m(&spacecraft);
        let mut seated = spacecraft.clone();
        seated.parts.iter_mut().for_each(|part| part.center_m += seat_m);
        return [(spacecraft, Some(ShownWhen::Spacecraft)), (seated, Some(ShownWhen::Carried))]
            .into_iter()
            .chain(geometry::launcher_stack().into_iter().map(|(piece, m)| (m, Some(ShownWhen::Stacked(piece)))))
            .collect();
    }
    let mut unfolded = geometry::model(model);
    for part in &mut unfolded.parts {
        part.deploys_after_separation = false;
    }
    vec![(unfolded, None)]
}

fn piece_attached(launcher: &crate::core::launcher::Launcher, piece: StackPiece) -> bool {
    use crate::core::launcher::Piece;
    match piece {
        StackPiece::Boosters => launcher.has(Piece::Boosters),
        StackPiece::Core => launcher.has(Piece::Core),
        StackPiece::ThirdStage => !launcher.separated(),
        StackPiece::Fairing => launcher.has(Piece::Fairing),
        StackPiece::EscapeTower => launcher.has(Piece::EscapeTower),
    }
}

/// Keeps one entity per mission body: stages appear when they separate and vanish again when
/// a jump goes back before that; a body whose model changed (a Soyuz whose modules parted) is
/// drawn anew.
pub fn sync_body_entities(
    mut commands: Commands,
    mission: Res<SimMission>,
    mut entities: ResMut<BodyEntities>,
    mut meshes: ResMut<Assets<Mesh>>,
    materials: Res<FinishMaterials>,
) {
    let bodies = &mission.0.bodies;
    while entities.0.len() > bodies.len() {
        if let Some((entity, _)) = entities.0.pop() {
            commands.entity(entity).despawn();
        }
    }
    let mut spawn = |commands: &mut Commands, index: usize, body: &crate::core::mission::Body| {
        let models = models_for(body.model, body.launcher.is_some());
        (spawn_body(commands, index, &body.name, &models, &mut meshes, &materials), body.model)
    };
    for (index, shown) in entities.0.iter_mut().enumerate() {
        if shown.1 != bodies[index].model {
            commands.entity(shown.0).despawn();
            *shown = spawn(&mut commands, index, &bodies[index]);
        }
    }
    for (index, body) in bodies.iter().enumerate().skip(entities.0.len()) {
        let shown = spawn(&mut commands, index, body);
        entities.0.push(shown);
    }
}

/// Turns each vehicle to its attitude from the core at the frame's instant, and shows the
/// launcher's pieces while they are attached.
pub fn orient_vehicles(
    mission: Res<SimMission>,
    shown: Res<Presentation>,
    mut bodies: Query<(&SimBody, &mut WorldAttitude, &Children)>,
    mut holders: Query<(&ShownWhen, &mut Visibility)>,
) {
    for (body, mut attitude, children) in &mut bodies {
        let Some(now) = shown.now.attitudes.get(body.index) else { continue };
        attitude.0 = now.body_to_inertial;
        let carrier = mission.0.carrier_of(body.index);
        for child in children.iter() {
            if let Ok((shown, mut visibility)) = holders.get_mut(child) {
                let show = match shown {
                    ShownWhen::Spacecraft => carrier.is_none(),
                    ShownWhen::Carried => carrier.is_some(),
                    ShownWhen::Stacked(piece) => carrier.is_some_and(|a| piece_attached(a, *piece)),
                };
                *visibility = if show { Visibility::Inherited } else { Visibility::Hidden };
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_station_s_fixed_parts_merge_into_one_mesh_per_finish_keeping_every_vertex() {
        let iss = geometry::model(ModelId::Iss);
        let fixed: Vec<&Part> = iss.parts.iter().filter(|p| !moves(p)).collect();
        let merged = merged_fixed_parts(&iss);
        let finishes: std::collections::HashSet<Finish> = fixed.iter().map(|p| p.finish).collect();
        assert_eq!(merged.len(), finishes.len(), "{} parts, {} finishes", fixed.len(), finishes.len());
        assert!(fixed.len() > 5 * merged.len(), "{} parts into {} meshes", fixed.len(), merged.len());
        let vertices: usize = fixed.iter().map(|p| placed_mesh(p).count_vertices()).sum();
        assert_eq!(merged.iter().map(|(_, m)| m.count_vertices()).sum::<usize>(), vertices);
        // A part keeps its place: the merged mesh reaches as far as the parts do.
        let reach = |m: &Mesh| {
            m.attribute(Mesh::ATTRIBUTE_POSITION)
                .unwrap()
                .as_float3()
                .unwrap()
                .iter()
                .map(|p| Vec3::from(*p).length())
                .fold(0.0, f32::max)
        };
        let parts_reach = fixed.iter().map(|p| reach(&placed_mesh(p))).fold(0.0, f32::max);
        let merged_reach = merged.iter().map(|(_, m)| reach(m)).fold(0.0, f32::max);
        assert!((parts_reach - merged_reach).abs() < 1e-3 && parts_reach > 30.0, "{parts_reach} vs {merged_reach}");
    }

    #[test]
    fn a_box_carries_metres_as_texture_coordinates_so_array_cells_keep_their_size() {
        let (mesh, _) = shape_mesh(&Shape::Box { size_m: Vector3d::new(34.0, 4.6, 0.1) });
        let Some(bevy::mesh::VertexAttributeValues::Float32x2(uvs)) = mesh.attribute(Mesh::ATTRIBUTE_UV_0) else {
            panic!("no texture coordinates")
        };
        let span = |k: usize| {
            let (low, high) = uvs.iter().fold((f32::MAX, f32::MIN), |(l, h), uv| (l.min(uv[k]), h.max(uv[k])));
            high - low
        };
        // The blanket's face: 34 m by 4.6 m, so a 1 m tile repeats 34 x 4.6 times.
        assert!((span(0) - 34.0).abs() < 1e-4 && (span(1) - 4.6).abs() < 1e-4, "{} {}", span(0), span(1));
        assert!(cell_grid(Finish::UsSolarArray).is_some() && cell_grid(Finish::Module).is_none());
    }

    #[test]
    fn round_parts_carry_metres_and_tangents_for_the_normal_maps() {
        let (mesh, _) = shape_mesh(&Shape::Cylinder { radius_m: 2.0, length_m: 7.0 });
        assert!(mesh.attribute(Mesh::ATTRIBUTE_TANGENT).is_some());
        let Some(bevy::mesh::VertexAttributeValues::Float32x2(uvs)) = mesh.attribute(Mesh::ATTRIBUTE_UV_0) else {
            panic!("no texture coordinates")
        };
        let highest = |k: usize| uvs.iter().map(|uv| uv[k]).fold(f32::MIN, f32::max);
        // Around: the circumference, 12.57 m; along: the length.
        assert!((highest(0) - std::f32::consts::TAU * 2.0).abs() < 1e-3, "{}", highest(0));
        assert!((highest(1) - 7.0).abs() < 1e-3, "{}", highest(1));
    }

    #[test]
    fn blankets_metal_and_panels_have_their_own_generated_relief() {
        // A quilted blanket: flat on top of a pillow, tilted towards its stitch lines.
        let quilt = Surface::Quilted { stitch_pitch_m: 0.5 }.field(0.55);
        let n = SURFACE_TEXELS;
        let top = quilt.normal(n / 4, n / 4);
        let near_stitch = quilt.normal(n / 4, 3);
        assert!(top.z > 0.98, "{top}");
        assert!(near_stitch.z < top.z - 0.01 && near_stitch.y.abs() > 0.12, "{near_stitch}");
        // Brushed metal: grain across one axis only, rougher and smoother streaks.
        let brushed = Surface::Brushed.field(0.45);
        let spread = |r: &[f32]| r.iter().fold(f32::MAX, |a, &b| a.min(b)) - r.iter().fold(f32::MIN, |a, &b| a.max(b));
        assert!(spread(&brushed.roughness) < -0.05);
        // Each of these finishes gets maps; the arrays keep their cells, the dark parts plain.
        for finish in [Finish::Module, Finish::SoyuzBlanket, Finish::Truss, Finish::Radiator, Finish::RocketBody] {
            assert!(surface(finish).is_some(), "{finish:?}");
        }
        assert_ne!(surface(Finish::Module), surface(Finish::Truss));
        assert_ne!(surface(Finish::Truss), surface(Finish::Radiator));
    }

    #[test]
    fn arrays_unfold_over_fifteen_seconds_after_separation() {
        assert_eq!(deployed_fraction(500.0, None), 0.0);
        assert_eq!(deployed_fraction(540.0, Some(547.9)), 0.0);
        assert!((deployed_fraction(555.4, Some(547.9)) - 0.5).abs() < 1e-6);
        assert_eq!(deployed_fraction(600.0, Some(547.9)), 1.0);
    }

    /// Bounds of a model's meshes, placed as the scene places them, in its body frame.
    fn mesh_bounds_m(model: &ModelDef) -> (Vec3, Vec3) {
        let mut bounds = (Vec3::splat(f32::MAX), Vec3::splat(f32::MIN));
        for part in &model.parts {
            let (mesh, scale) = shape_mesh(&part.shape);
            let transform = part_transform(part, scale);
            let Some(bevy::mesh::VertexAttributeValues::Float32x3(positions)) =
                mesh.attribute(Mesh::ATTRIBUTE_POSITION)
            else {
                panic!("{} has no positions", part.name)
            };
            for p in positions {
                let at = transform.transform_point(Vec3::from_array(*p));
                bounds = (bounds.0.min(at), bounds.1.max(at));
            }
        }
        bounds
    }

    #[test]
    fn meshes_and_contact_shapes_come_from_the_same_parts() {
        for id in [
            ModelId::Iss,
            ModelId::SoyuzMs,
            ModelId::ProgressMs,
            ModelId::CrewDragon,
            ModelId::Cygnus,
            ModelId::Booster,
            ModelId::CoreStage,
            ModelId::ThirdStage,
            ModelId::AftSkirt,
            ModelId::Fairing,
            ModelId::EscapeTower,
            ModelId::SoyuzDescentModule,
            ModelId::SoyuzOrbitalModule,
            ModelId::SoyuzServiceModule,
        ] {
            let model = geometry::model(id);
            let (low, high) = mesh_bounds_m(&model);
            let contact = geometry::contact_shape(&model, 0.0);
            let aabb = contact.local_aabb();
            let gap = (low - vec3(&aabb.mins.coords)).abs().max((high - vec3(&aabb.maxs.coords)).abs());
            // f32 meshes at up to 55 m from the body's origin: a millimetre.
            assert!(gap.max_element() < 1e-3, "{id:?}: meshes {low}..{high}, contact {aabb:?}");
        }
    }
}
