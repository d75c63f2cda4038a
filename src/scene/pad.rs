//! The launch pad: an exact patch of the Earth's surface under it, with the launch table and its
//! support arms, which fall back as the rocket rises, and the cloud the launch raises. The pad is where the mission began,
//! whatever instant the viewer opens at (a jump back to the launch finds it there).

use super::earth::{EarthBody, EarthFixedPatch, EarthMaterial, ground_patch_mesh};
use super::vehicles::{FinishMaterials, part_transform, quat, shape_mesh, spawn_model};
use crate::core::frames;
use crate::core::geometry;
use crate::core::launch_cloud;
use crate::core::mission::Motion;
use crate::origin::WorldAttitude;
use crate::sim::{Checkpoints, Presentation, WorldPosition};
use bevy::light::NotShadowCaster;
use bevy::prelude::*;

/// Half-size of the exact ground patch under the pad, degrees of latitude.
const PAD_PATCH_HALF_DEG: f64 = 0.12;

/// The ellipsoid's facets sag up to ~300 m below the true surface between vertices; under the pad
/// an exact patch, in the Earth's own material, keeps the rocket standing on the ground.
pub fn spawn_pad(
    mut commands: Commands,
    mut meshes: ResMut<Assets<Mesh>>,
    mut smoke: ResMut<Assets<super::launch_cloud::SmokeMaterial>>,
    finishes: Res<FinishMaterials>,
    checkpoints: Res<Checkpoints>,
    earth: Single<&MeshMaterial3d<EarthMaterial>, With<EarthBody>>,
) {
    let initial = checkpoints.initial();
    if let Some(Motion::EarthFixed { position_ecef_m }) =
        initial.spacecraft().map(|craft| initial.bodies[craft].motion.clone())
    {
        let pad = frames::geodetic_from_ecef(&position_ecef_m);
        let patch = commands
            .spawn((
                EarthFixedPatch { ecef_m: position_ecef_m },
                NotShadowCaster,
                Mesh3d(meshes.add(ground_patch_mesh(&pad, PAD_PATCH_HALF_DEG, 96))),
                MeshMaterial3d(earth.0.clone()),
                WorldPosition(position_ecef_m),
                WorldAttitude::default(),
                Transform::default(),
                Visibility::default(),
            ))
            .id();
        // The launch table stays on the ground when the rocket leaves: its x axis is the
        // pad's vertical, in the patch's Earth-fixed axes.
        let turn = quat(&geometry::pad_deck_turn(&position_ecef_m));
        let deck = commands.spawn((Transform::from_rotation(turn), Visibility::default())).id();
        commands.entity(patch).add_child(deck);
        spawn_model(&mut commands, deck, &geometry::pad_deck(), &mut meshes, &finishes);
        let births = launch_cloud::trail_births(&launch_cloud::climb_track(initial, &position_ecef_m));
        let steps = super::launch_cloud::spawn_cloud(&mut commands, deck, &mut meshes, &mut smoke, births);
        commands.insert_resource(steps);
        let arms = geometry::pad_support_arms();
        let steel = finishes.get(arms[0].part.finish);
        for arm in arms {
            let (mesh, scale) = shape_mesh(&arm.part.shape);
            let child = commands
                .spawn((
                    Name::new(arm.part.name),
                    SwingingArm(arm),
                    Mesh3d(meshes.add(mesh)),
                    MeshMaterial3d(steel.clone()),
                    part_transform(&arm.part, scale),
                ))
                .id();
            commands.entity(deck).add_child(child);
        }
    }
}

/// A support arm of the launch table, which falls back as the rocket rises.
#[derive(Component, Clone, Copy, Debug)]
pub struct SwingingArm(pub geometry::SupportArm);

/// Swings the support arms to where they are at the frame's instant (upright before lift-off).
pub fn swing_support_arms(shown: Res<Presentation>, mut arms: Query<(&SwingingArm, &mut Transform)>) {
    let swing = geometry::support_arm_swing_rad(shown.now.met_s);
    for (arm, mut transform) in &mut arms {
        *transform = part_transform(&arm.0.swung(swing), transform.scale);
    }
}
