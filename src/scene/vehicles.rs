//! Vehicles drawn from their model definitions, placed and turned from the mission state.

use super::models::{Finish, ModelDef, Shape};
use super::origin::{WorldAttitude, attitude_from_axes};
use crate::core::frames::lvlh_from_eci_matrix;
use crate::core::mission::Motion;
use crate::core::{Vector3d, position_m, velocity_mps};
use crate::sim::{SimBody, SimMission, WorldPosition, WorldVelocity};
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
    mission: Res<SimMission>,
    bodies: Query<(&WorldAttitude, &Children), With<SimBody>>,
    holders: Query<&Children>,
    mut parts: Query<(&SunTracking, &mut Transform)>,
) {
    let sun_eci = crate::core::sun::sun_direction_eci(mission.0.utc());
    for (attitude, children) in &bodies {
        let s = attitude.0.inverse() * sun_eci;
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

/// Which model a vehicle shows: the launcher while on the pad, the spacecraft in flight.
#[derive(Component, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShownWhen {
    OnPad,
    InFlight,
}

/// Spawns the ISS and the Soyuz (with its launcher) as bodies of the mission.
pub fn spawn_vehicles(
    mut commands: Commands,
    mission: Res<SimMission>,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<StandardMaterial>>,
) {
    let m = &mission.0;
    let mut spawn_body = |name: &str, models: &[(ModelDef, Option<ShownWhen>)]| {
        let Some(index) = m.body_index(name) else { return };
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
            spawn_model(&mut commands, holder, model, &mut meshes, &mut materials);
        }
    };
    spawn_body("iss", &[(super::models::iss(), None)]);
    spawn_body(
        "soyuz",
        &[
            (super::models::soyuz_ms(), Some(ShownWhen::InFlight)),
            (super::models::soyuz_2_1a(), Some(ShownWhen::OnPad)),
        ],
    );
}

/// Attitude from the motion: a body on the pad stands up (x to the local vertical, y east); the
/// ISS flies LVLH with x along the velocity (+XVV); a free spacecraft points x along its
/// velocity with z to nadir.
pub fn orient_vehicles(
    mission: Res<SimMission>,
    mut bodies: Query<(&SimBody, &mut WorldAttitude, &Children)>,
    mut holders: Query<(&ShownWhen, &mut Visibility)>,
) {
    let m = &mission.0;
    for (body, mut attitude, children) in &mut bodies {
        let state = m.state(body.index);
        let on_pad = matches!(m.bodies[body.index].motion, Motion::EarthFixed { .. });
        attitude.0 = if on_pad {
            let g = m.geodetic(body.index);
            let (lat, lon) = (g.latitude_rad, g.longitude_rad);
            let up_ecef = Vector3d::new(lat.cos() * lon.cos(), lat.cos() * lon.sin(), lat.sin());
            let east_ecef = Vector3d::new(-lon.sin(), lon.cos(), 0.0);
            let to_eci = crate::core::frames::ecef_from_eci_rotation(m.gmst_rad()).inverse();
            let (up, east) = (to_eci * up_ecef, to_eci * east_ecef);
            attitude_from_axes(&up, &east, &up.cross(&east))
        } else {
            let lvlh = lvlh_from_eci_matrix(&state);
            let (x, y, z) = (lvlh.row(0).transpose(), lvlh.row(1).transpose(), lvlh.row(2).transpose());
            if m.bodies[body.index].name == "iss" {
                attitude_from_axes(&x, &y, &z)
            } else {
                let forward = velocity_mps(&state).normalize();
                let side = forward.cross(&-position_m(&state).normalize()).normalize();
                attitude_from_axes(&forward, &side, &forward.cross(&side))
            }
        };
        for child in children.iter() {
            if let Ok((shown, mut visibility)) = holders.get_mut(child) {
                let show = (*shown == ShownWhen::OnPad) == on_pad;
                *visibility = if show { Visibility::Inherited } else { Visibility::Hidden };
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
