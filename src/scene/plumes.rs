//! The launcher's exhaust plumes: a glowing jet under each engine that burns, as wide and long
//! as `core::plumes` says for the altitude, gone with its stage. Drawn with [`PlumeMaterial`]
//! (`assets/shaders/plume.wgsl`): soft-edged, brightest at the nozzle, at a luminance the
//! camera's exposure governs, so it blazes at night and holds its own against a day sky.

use super::vehicles::{quat, vec3};
use crate::core::geometry;
use crate::core::plumes::{ENGINES, Plume, plume_spread, plumes};
use crate::sim::{Presentation, SimBody, SimMission};
use bevy::prelude::*;

/// One engine's plume under a launched body, by slot (`core::plumes::plumes`).
#[derive(Component, Clone, Copy, Debug)]
pub struct PlumeSlot(pub usize);

/// Plume meshes: unit frusta (the nozzle's end radius 1 at local y = +0.5, height 1), each
/// widening to one of [`SPREAD_STEPS`] spreads from `core::plumes`' least to its most, with a
/// material as much fainter as the same light spreads over a wider jet; a plume takes the
/// nearest, so no asset changes from frame to frame.
#[derive(Resource, Clone, Debug)]
pub struct PlumeMeshes {
    spreads: Vec<f64>,
    meshes: Vec<Handle<Mesh>>,
    materials: Vec<Handle<PlumeMaterial>>,
    glare: (Handle<Mesh>, Handle<GlareMaterial>),
}

const SPREAD_STEPS: usize = 12;

/// Luminance of the jet at the nozzle, cd/m², and its colour: kerosene and oxygen burn
/// yellow-white. L (derived): the sooty jet just past the nozzle as a full radiator at about
/// 2,000 K, whose luminance the candela's 1948 definition fixes (CGPM 1948: 60 cd/cm² for a
/// full radiator at the freezing point of platinum, 2,042 K). At the Sun's exposure that is
/// 15 times the white point: the core burns out to white against a day sky, as on film, and
/// glares ([`GlareMaterial`]).
const NOZZLE_NITS: f32 = 600_000.0;
const FLAME: [f32; 3] = [1.0, 0.72, 0.42];
/// The jet's glow fades by e over this share of its length.
const FADE_LENGTHS: f32 = 0.45;

effect_material!(
    /// A plume's glow: luminance at the nozzle (rgb, cd/m²) and its fade (w). Both sides: the
    /// far side of the jet glows through the near.
    PlumeMaterial { glow },
    "shaders/plume.wgsl",
    AlphaMode::Add,
    None
);

effect_material!(
    /// The glare round a burning engine's nozzle: luminance at its centre (rgb, cd/m²) and its
    /// fall-off's power (w). Front faces only: each pixel takes it once.
    GlareMaterial { glow },
    "shaders/glare.wgsl",
    AlphaMode::Add,
    Some(bevy::render::render_resource::Face::Back)
);

/// The glare's radius, in nozzle radii, its brightness at its centre as a share of the
/// nozzle's, and its fall-off: a display choice (L), the spill of light a lens gives round a
/// source 15 times its white point, wider than the jet is at the nozzle.
const GLARE_RADII: f32 = 7.0;
const GLARE_SHARE: f32 = 0.04;
const GLARE_FALL_POWER: f32 = 3.0;

/// The glare of the plume it is a child of, on its nozzle.
#[derive(Component, Clone, Copy, Debug)]
pub struct Glare;

impl PlumeMeshes {
    fn nearest(&self, spread: f64) -> usize {
        let k = self.spreads.iter().enumerate().min_by(|a, b| (a.1 - spread).abs().total_cmp(&(b.1 - spread).abs()));
        k.map_or(0, |(k, _)| k)
    }
}

pub fn load_plume_meshes(
    mut commands: Commands,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<PlumeMaterial>>,
    mut glares: ResMut<Assets<GlareMaterial>>,
) {
    let (least, most) = (plume_spread(0.0), plume_spread(f64::INFINITY));
    let spreads: Vec<f64> =
        (0..SPREAD_STEPS).map(|k| least * (most / least).powf(k as f64 / (SPREAD_STEPS - 1) as f64)).collect();
    let glare_mesh = meshes.add(Sphere::new(1.0).mesh().uv(32, 16));
    let meshes = spreads
        .iter()
        .map(|&spread| {
            let frustum = ConicalFrustum { radius_top: 1.0, radius_bottom: spread as f32, height: 1.0 };
            meshes.add(frustum.mesh().resolution(24))
        })
        .collect();
    // A wider jet spreads the same light thinner: its brightness falls as 1 / spread.
    let materials = spreads
        .iter()
        .map(|&spread| {
            let nits = NOZZLE_NITS * (least / spread) as f32;
            materials
                .add(PlumeMaterial { glow: Vec4::new(FLAME[0] * nits, FLAME[1] * nits, FLAME[2] * nits, FADE_LENGTHS) })
        })
        .collect();
    let glare_nits = GLARE_SHARE * NOZZLE_NITS;
    let glare = (
        glare_mesh,
        glares.add(GlareMaterial {
            glow: Vec4::new(FLAME[0] * glare_nits, FLAME[1] * glare_nits, FLAME[2] * glare_nits, GLARE_FALL_POWER),
        }),
    );
    commands.insert_resource(PlumeMeshes { spreads, meshes, materials, glare });
}

/// Gives each body a launcher carries its plume slots, hidden until their engines burn.
pub fn spawn_plumes(
    mut commands: Commands,
    mission: Res<SimMission>,
    added: Query<(Entity, &SimBody), Added<SimBody>>,
    assets: Res<PlumeMeshes>,
) {
    let launched = added.iter().filter(|(_, b)| mission.0.bodies.get(b.index).is_some_and(|b| b.launcher.is_some()));
    for (entity, _) in launched {
        for slot in 0..ENGINES {
            let plume = commands
                .spawn((
                    Name::new("plume"),
                    PlumeSlot(slot),
                    bevy::light::NotShadowCaster,
                    Mesh3d(assets.meshes[0].clone()),
                    MeshMaterial3d(assets.materials[0].clone()),
                    Transform::default(),
                    Visibility::Hidden,
                ))
                .with_child((
                    Name::new("glare"),
                    Glare,
                    bevy::light::NotShadowCaster,
                    Mesh3d(assets.glare.0.clone()),
                    MeshMaterial3d(assets.glare.1.clone()),
                    Transform::default(),
                ))
                .id();
            commands.entity(entity).add_child(plume);
        }
    }
}

/// Where the frustum that draws `plume` goes: its narrow end on the nozzle, its wide end at
/// the plume's end below; Bevy's frustum stands along y, its top the narrow end.
pub fn plume_transform(plume: &Plume) -> Transform {
    let centre = plume.exit_m - crate::core::Vector3d::x() * plume.length_m / 2.0;
    let r = plume.exit_radius_m as f32;
    Transform {
        translation: vec3(&centre),
        rotation: quat(&geometry::y_to_x()),
        scale: Vec3::new(r, plume.length_m as f32, r),
    }
}

/// Shapes each launched body's plumes for the frame's instant and altitude.
pub fn shape_plumes(
    mission: Res<SimMission>,
    shown: Res<Presentation>,
    assets: Res<PlumeMeshes>,
    bodies: Query<(&SimBody, &Children)>,
    mut slots: Query<(&PlumeSlot, &mut Transform, &mut Visibility, &mut Mesh3d, &mut MeshMaterial3d<PlumeMaterial>)>,
) {
    for (body, children) in &bodies {
        let Some(ascent) = mission.0.launcher_of(body.index) else { continue };
        if body.index >= shown.now.states.len() {
            continue;
        }
        let burning = plumes(ascent, shown.now.met_s, shown.now.geodetic(body.index).altitude_m);
        for child in children.iter() {
            if let Ok((slot, mut transform, mut visibility, mut mesh, mut material)) = slots.get_mut(child) {
                match burning[slot.0] {
                    Some(plume) => {
                        *transform = plume_transform(&plume);
                        let k = assets.nearest(plume.end_radius_m / plume.exit_radius_m);
                        if mesh.0 != assets.meshes[k] {
                            mesh.0 = assets.meshes[k].clone();
                            material.0 = assets.materials[k].clone();
                        }
                        *visibility = Visibility::Inherited;
                    }
                    None => *visibility = Visibility::Hidden,
                }
            }
        }
    }
}

/// Plumes shaped anew this frame.
type MovedPlumes = (With<PlumeSlot>, Changed<Transform>);

/// Keeps each glare round its plume's nozzle (the frustum's narrow end, local y = +0.5), a
/// sphere of `GLARE_RADII` nozzle radii whatever the plume's length: its local scale undoes
/// the plume's (nozzle radius across, length along y).
pub fn place_glares(
    plumes: Query<(&Transform, &Children), MovedPlumes>,
    mut glares: Query<&mut Transform, (With<Glare>, Without<PlumeSlot>)>,
) {
    for (plume, children) in &plumes {
        let (radius, length) = (plume.scale.x, plume.scale.y.max(1e-3));
        for child in children.iter() {
            if let Ok(mut glare) = glares.get_mut(child) {
                *glare = Transform {
                    translation: Vec3::new(0.0, 0.5, 0.0),
                    rotation: Quat::IDENTITY,
                    scale: Vec3::new(GLARE_RADII, GLARE_RADII * radius / length, GLARE_RADII),
                };
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::geometry::StackPiece;

    #[test]
    fn the_frustum_starts_at_the_nozzle_as_wide_as_it_and_ends_as_wide_as_the_plume() {
        let plume = Plume {
            piece: StackPiece::Core,
            exit_m: crate::core::Vector3d::new(1.0, 0.0, 0.0),
            exit_radius_m: 0.85,
            length_m: 20.0,
            end_radius_m: 2.55,
        };
        let t = plume_transform(&plume);
        // Bevy's frustum: its top (radius_top, here 1) at local y = +0.5, its bottom at -0.5,
        // the bottom's radius the mesh's spread.
        let top = t.transform_point(Vec3::new(0.0, 0.5, 0.0));
        let top_rim = t.transform_point(Vec3::new(1.0, 0.5, 0.0));
        let bottom = t.transform_point(Vec3::new(0.0, -0.5, 0.0));
        let spread = (plume.end_radius_m / plume.exit_radius_m) as f32;
        let bottom_rim = t.transform_point(Vec3::new(spread, -0.5, 0.0));
        assert!((top - Vec3::new(1.0, 0.0, 0.0)).length() < 1e-5, "{top}");
        assert!(((top_rim - top).length() - 0.85).abs() < 1e-5);
        assert!((bottom - Vec3::new(-19.0, 0.0, 0.0)).length() < 1e-4, "{bottom}");
        assert!(((bottom_rim - bottom).length() - 2.55).abs() < 1e-4);
    }
}
