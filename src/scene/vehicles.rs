//! Vehicles drawn from their model definitions, placed and turned from the mission state.

use super::origin::WorldAttitude;
use crate::core::Vector3d;
use crate::core::events::EventKind;
use crate::core::geometry::{self, Finish, ModelDef, ModelId, Part, Shape, StackPiece};
use crate::sim::{Presentation, SimBody, SimMission, Sun, WorldPosition, WorldVelocity};
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

/// A solar array's cells as a texture tile, and the tile's size on the array, m: 2 x 2 cells
/// with the gaps between them darker (US arrays, bronze) or lighter (Russian ones, blue). The
/// cell pitch, 0.5 m, is ours (L); the US blankets' 82 panels are about that size.
fn cell_grid(finish: Finish) -> Option<(f32, Image)> {
    let (cell, gap) = match finish {
        Finish::UsSolarArray => ([168, 117, 51], [70, 50, 22]),
        Finish::BlueSolarArray => ([26, 36, 82], [120, 126, 136]),
        _ => return None,
    };
    const SIZE: u32 = 64;
    let data = (0..SIZE * SIZE)
        .flat_map(|i| {
            let (x, y) = (i % SIZE, i / SIZE);
            let in_gap = |c: u32| c % (SIZE / 2) < 2;
            let [r, g, b] = if in_gap(x) || in_gap(y) { gap } else { cell };
            [r, g, b, 255]
        })
        .collect();
    let mut image = Image::new(
        bevy::render::render_resource::Extent3d { width: SIZE, height: SIZE, depth_or_array_layers: 1 },
        bevy::render::render_resource::TextureDimension::D2,
        data,
        bevy::render::render_resource::TextureFormat::Rgba8UnormSrgb,
        bevy::asset::RenderAssetUsages::RENDER_WORLD,
    );
    image.sampler = bevy::image::ImageSampler::Descriptor(bevy::image::ImageSamplerDescriptor {
        address_mode_u: bevy::image::ImageAddressMode::Repeat,
        address_mode_v: bevy::image::ImageAddressMode::Repeat,
        mag_filter: bevy::image::ImageFilterMode::Linear,
        min_filter: bevy::image::ImageFilterMode::Linear,
        mipmap_filter: bevy::image::ImageFilterMode::Linear,
        ..default()
    });
    // Mip levels, so that a far array blends its cells instead of shimmering.
    super::earth::add_mip_chain(&mut image);
    Some((1.0, image))
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
            if let Some((tile_m, texture)) = cell_grid(finish) {
                material.base_color = Color::WHITE;
                material.base_color_texture = Some(images.add(texture));
                // The boxes' texture coordinates are metres (see `shape_mesh`).
                material.uv_transform = bevy::math::Affine2::from_scale(Vec2::splat(1.0 / tile_m));
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
pub(super) fn shape_mesh(shape: &Shape) -> (Mesh, Vec3) {
    let segments = geometry::ROUND_SEGMENTS;
    match *shape {
        Shape::Box { size_m } => {
            (with_metre_uvs(Cuboid::new(size_m.x as f32, size_m.y as f32, size_m.z as f32).into()), Vec3::ONE)
        }
        Shape::Cylinder { radius_m, length_m } => {
            (Cylinder::new(radius_m as f32, length_m as f32).mesh().resolution(segments).into(), Vec3::ONE)
        }
        Shape::Frustum { radius_aft_m, radius_fore_m, length_m } => (
            ConicalFrustum {
                radius_top: radius_fore_m as f32,
                radius_bottom: radius_aft_m as f32,
                height: length_m as f32,
            }
            .mesh()
            .resolution(segments)
            .into(),
            Vec3::ONE,
        ),
        Shape::Ellipsoid { semi_axes_m } => (
            Sphere::new(1.0).mesh().uv(segments, geometry::ELLIPSOID_RINGS),
            Vec3::new(semi_axes_m.y as f32, semi_axes_m.x as f32, semi_axes_m.z as f32),
        ),
    }
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

/// Spawns a model's parts as children of `parent`, one material per finish.
pub fn spawn_model(
    commands: &mut Commands,
    parent: Entity,
    model: &ModelDef,
    meshes: &mut Assets<Mesh>,
    materials: &FinishMaterials,
) {
    for part in &model.parts {
        let material = materials.get(part.finish);
        let (mesh, scale) = shape_mesh(&part.shape);
        let transform = part_transform(part, scale);
        let child =
            commands.spawn((Name::new(part.name), Mesh3d(meshes.add(mesh)), MeshMaterial3d(material), transform)).id();
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
    Spacecraft,
}

/// The scene entity of each mission body, by body index.
#[derive(Resource, Debug, Default)]
pub struct BodyEntities(pub Vec<Entity>);

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
            WorldVelocity::default(),
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
    }
    body
}

/// The models a mission body is drawn with: a spacecraft a launcher carries (`launched`) also
/// as the stack it rides to orbit, its arrays folded until separation; any other with its
/// arrays out.
fn models_for(model: ModelId, launched: bool) -> Vec<(ModelDef, Option<ShownWhen>)> {
    if launched {
        return std::iter::once((geometry::model(model), Some(ShownWhen::Spacecraft)))
            .chain(geometry::launcher_stack().into_iter().map(|(piece, m)| (m, Some(ShownWhen::Stacked(piece)))))
            .collect();
    }
    let mut unfolded = geometry::model(model);
    for part in &mut unfolded.parts {
        part.deploys_after_separation = false;
    }
    vec![(unfolded, None)]
}

fn piece_attached(ascent: &crate::core::launcher::Ascent, piece: StackPiece) -> bool {
    match piece {
        StackPiece::Boosters => ascent.boosters_attached,
        StackPiece::Core => ascent.core_attached,
        StackPiece::ThirdStage => !ascent.separated,
        StackPiece::Fairing => ascent.fairing_attached,
        StackPiece::EscapeTower => ascent.tower_attached,
    }
}

/// Keeps one entity per mission body: stages appear when they separate and vanish again when
/// a jump goes back before that.
pub fn sync_body_entities(
    mut commands: Commands,
    mission: Res<SimMission>,
    mut entities: ResMut<BodyEntities>,
    mut meshes: ResMut<Assets<Mesh>>,
    materials: Res<FinishMaterials>,
) {
    let bodies = &mission.0.bodies;
    while entities.0.len() > bodies.len() {
        if let Some(entity) = entities.0.pop() {
            commands.entity(entity).despawn();
        }
    }
    for (index, body) in bodies.iter().enumerate().skip(entities.0.len()) {
        let models = models_for(body.model, body.flight.ascent.is_some());
        let entity = spawn_body(&mut commands, index, &body.name, &models, &mut meshes, &materials);
        entities.0.push(entity);
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
