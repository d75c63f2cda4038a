//! Vehicles drawn from their model definitions, placed and turned from the mission state.

use super::models::{Finish, ModelDef, Shape, StackPiece};
use super::origin::WorldAttitude;
use crate::core::events::EventKind;
use crate::sim::{Presentation, SimBody, SimMission, SunDirection, WorldPosition, WorldVelocity};
use bevy::prelude::*;
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
    };
    StandardMaterial { base_color: color, metallic, perceptual_roughness: roughness, ..default() }
}

fn shape_mesh(shape: Shape) -> (Mesh, Vec3) {
    // Bevy's round primitives stand along y; the models' axes are along x.
    match shape {
        Shape::Box { size } => (Cuboid::new(size.x, size.y, size.z).into(), Vec3::ONE),
        Shape::Cylinder { radius, length } => (Cylinder::new(radius, length).mesh().resolution(32).into(), Vec3::ONE),
        Shape::Frustum { radius_aft, radius_fore, length } => (
            ConicalFrustum { radius_top: radius_fore, radius_bottom: radius_aft, height: length }
                .mesh()
                .resolution(32)
                .into(),
            Vec3::ONE,
        ),
        Shape::Ellipsoid { semi_axes } => {
            (Sphere::new(1.0).mesh().uv(32, 16), Vec3::new(semi_axes.y, semi_axes.x, semi_axes.z))
        }
    }
}

/// Spawns a model's parts as children of `parent`, one material per finish.
pub fn spawn_model(
    commands: &mut Commands,
    parent: Entity,
    model: &ModelDef,
    meshes: &mut Assets<Mesh>,
    materials: &mut Assets<StandardMaterial>,
) {
    let mut by_finish: HashMap<Finish, Handle<StandardMaterial>> = HashMap::new();
    // y-up primitive → x-axis part.
    let y_to_x = Quat::from_rotation_z(-std::f32::consts::FRAC_PI_2);
    for part in &model.parts {
        let material =
            by_finish.entry(part.finish).or_insert_with(|| materials.add(finish_material(part.finish))).clone();
        let (mesh, scale) = shape_mesh(part.shape);
        let rotation = if matches!(part.shape, Shape::Box { .. }) { part.rotation } else { part.rotation * y_to_x };
        let transform = Transform { translation: part.center_m, rotation, scale };
        let child =
            commands.spawn((Name::new(part.name), Mesh3d(meshes.add(mesh)), MeshMaterial3d(material), transform)).id();
        if let Some(pivot) = part.sun_tracking_pivot {
            commands.entity(child).insert(SunTracking { pivot, rest: transform });
        }
        if part.deploys_after_separation {
            commands.entity(child).insert(Deploys { rest: transform });
        }
        commands.entity(parent).add_child(child);
    }
}

/// A part that turns about its body's y axis through `pivot` to face the Sun; `rest` is its
/// transform at zero angle.
#[derive(Component, Clone, Copy, Debug)]
pub struct SunTracking {
    pub pivot: Vec3,
    pub rest: Transform,
}

/// Angle about the body y axis that turns a panel whose face points along body z towards the
/// Sun's direction projected on the body x-z plane.
pub fn sun_tracking_angle_rad(sun_in_body: Vec3) -> f32 {
    sun_in_body.x.atan2(sun_in_body.z)
}

/// Turns the arrays of each body to the Sun, from the Sun's direction in that body's frame.
pub fn track_sun(
    sun: Res<SunDirection>,
    bodies: Query<(&WorldAttitude, &Children), With<SimBody>>,
    holders: Query<&Children>,
    mut parts: Query<(&SunTracking, &mut Transform)>,
) {
    for (attitude, children) in &bodies {
        let s = attitude.0.inverse() * sun.0;
        let angle = sun_tracking_angle_rad(Vec3::new(s.x as f32, s.y as f32, s.z as f32));
        let turn = Quat::from_rotation_y(angle);
        for part in children.iter().flat_map(|holder| holders.get(holder).into_iter().flat_map(|c| c.iter())) {
            if let Ok((tracking, mut transform)) = parts.get_mut(part) {
                transform.translation = tracking.pivot + turn * (tracking.rest.translation - tracking.pivot);
                transform.rotation = turn * tracking.rest.rotation;
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
    materials: &mut Assets<StandardMaterial>,
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

/// The models a mission body is drawn with.
fn models_for(name: &str) -> Vec<(ModelDef, Option<ShownWhen>)> {
    match name {
        "iss" => vec![(super::models::iss(), None)],
        "soyuz" => std::iter::once((super::models::soyuz_ms(), Some(ShownWhen::Spacecraft)))
            .chain(
                super::models::soyuz_2_1a().into_iter().map(|(piece, model)| (model, Some(ShownWhen::Stacked(piece)))),
            )
            .collect(),
        other => super::models::jettisoned(other).map(|m| (m, None)).into_iter().collect(),
    }
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
    mut materials: ResMut<Assets<StandardMaterial>>,
) {
    let bodies = &mission.0.bodies;
    while entities.0.len() > bodies.len() {
        if let Some(entity) = entities.0.pop() {
            commands.entity(entity).despawn();
        }
    }
    for (index, body) in bodies.iter().enumerate().skip(entities.0.len()) {
        let entity = spawn_body(&mut commands, index, &body.name, &models_for(&body.name), &mut meshes, &mut materials);
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
    fn arrays_unfold_over_fifteen_seconds_after_separation() {
        assert_eq!(deployed_fraction(500.0, None), 0.0);
        assert_eq!(deployed_fraction(540.0, Some(547.9)), 0.0);
        assert!((deployed_fraction(555.4, Some(547.9)) - 0.5).abs() < 1e-6);
        assert_eq!(deployed_fraction(600.0, Some(547.9)), 1.0);
    }

    #[test]
    fn tracking_turns_the_panel_face_to_the_sun() {
        for sun in [Vec3::Z, Vec3::X, Vec3::new(-0.3, 0.5, -0.8).normalize()] {
            let turn = Quat::from_rotation_y(sun_tracking_angle_rad(sun));
            let face = turn * Vec3::Z;
            let in_plane = Vec3::new(sun.x, 0.0, sun.z).normalize();
            assert!((face - in_plane).length() < 1e-5, "{sun}: {face}");
        }
    }
}
