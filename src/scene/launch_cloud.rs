//! The launch cloud at the pad (`core::launch_cloud`): a ball per puff, under the pad's deck,
//! placed and sized for the frame's instant, its opacity one of [`OPACITY_STEPS`] materials so
//! that no material changes from frame to frame. Drawn with [`SmokeMaterial`]
//! (`assets/shaders/smoke.wgsl`): lit by the Sun, soft-edged.

use crate::core::launch_cloud::{MAX_PUFFS, puffs};
use crate::sim::Presentation;
use bevy::mesh::MeshVertexBufferLayoutRef;
use bevy::pbr::{MaterialPipeline, MaterialPipelineKey};
use bevy::prelude::*;
use bevy::render::render_resource::{AsBindGroup, RenderPipelineDescriptor, SpecializedMeshPipelineError};
use bevy::shader::ShaderRef;

/// Steam and dust: a light warm grey (L: derived).
const ALBEDO: [f32; 3] = [0.78, 0.75, 0.70];
const OPACITY_STEPS: usize = 10;

/// A puff's look: its albedo (rgb) and opacity through its middle (a).
#[derive(Asset, TypePath, AsBindGroup, Debug, Clone)]
pub struct SmokeMaterial {
    #[uniform(0)]
    pub color: Vec4,
}

impl Material for SmokeMaterial {
    fn fragment_shader() -> ShaderRef {
        "shaders/smoke.wgsl".into()
    }

    fn alpha_mode(&self) -> AlphaMode {
        AlphaMode::Blend
    }

    fn enable_prepass() -> bool {
        false
    }

    fn enable_shadows() -> bool {
        false
    }

    /// The front faces only: a ball's far side would double its edge.
    fn specialize(
        _pipeline: &MaterialPipeline,
        descriptor: &mut RenderPipelineDescriptor,
        _layout: &MeshVertexBufferLayoutRef,
        _key: MaterialPipelineKey<Self>,
    ) -> Result<(), SpecializedMeshPipelineError> {
        descriptor.primitive.cull_mode = Some(bevy::render::render_resource::Face::Back);
        Ok(())
    }
}

/// A puff's ball, by its index in `core::launch_cloud::puffs`.
#[derive(Component, Clone, Copy, Debug)]
pub struct PuffSlot(usize);

/// The balls' materials, from clear to the most opaque.
#[derive(Resource, Clone, Debug)]
pub struct SmokeMaterials(Vec<Handle<SmokeMaterial>>);

/// The cloud's balls, hidden until their puffs are out, under the pad's deck (x up).
pub fn spawn_cloud(
    commands: &mut Commands,
    deck: Entity,
    meshes: &mut Assets<Mesh>,
    materials: &mut Assets<SmokeMaterial>,
) -> SmokeMaterials {
    let ball = meshes.add(Sphere::new(1.0).mesh().uv(16, 10));
    let steps = SmokeMaterials(
        (0..OPACITY_STEPS)
            .map(|k| {
                let opacity = (k + 1) as f32 / OPACITY_STEPS as f32;
                materials.add(SmokeMaterial { color: Vec4::new(ALBEDO[0], ALBEDO[1], ALBEDO[2], opacity) })
            })
            .collect(),
    );
    for slot in 0..MAX_PUFFS {
        let puff = commands
            .spawn((
                Name::new("launch cloud"),
                PuffSlot(slot),
                bevy::light::NotShadowCaster,
                Mesh3d(ball.clone()),
                MeshMaterial3d(steps.0[0].clone()),
                Transform::default(),
                Visibility::Hidden,
            ))
            .id();
        commands.entity(deck).add_child(puff);
    }
    steps
}

/// Places, sizes and shades each ball for the frame's instant.
pub fn billow(
    shown: Res<Presentation>,
    steps: Option<Res<SmokeMaterials>>,
    mut balls: Query<(&PuffSlot, &mut Transform, &mut Visibility, &mut MeshMaterial3d<SmokeMaterial>)>,
) {
    let Some(steps) = steps else { return };
    let cloud = puffs(shown.now.met_s);
    for (slot, mut transform, mut visibility, mut material) in &mut balls {
        match cloud.get(slot.0).filter(|p| p.opacity > 0.5 / OPACITY_STEPS as f64) {
            Some(puff) => {
                let p = puff.position_m.cast::<f32>();
                *transform =
                    Transform::from_translation(Vec3::new(p.x, p.y, p.z)).with_scale(Vec3::splat(puff.radius_m as f32));
                let k = ((puff.opacity * OPACITY_STEPS as f64).round() as usize).clamp(1, OPACITY_STEPS) - 1;
                if material.0 != steps.0[k] {
                    material.0 = steps.0[k].clone();
                }
                visibility.set_if_neq(Visibility::Inherited);
            }
            None => {
                visibility.set_if_neq(Visibility::Hidden);
            }
        }
    }
}
