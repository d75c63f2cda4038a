//! The launch cloud at the pad (`core::launch_cloud`): a ball per puff, under the pad's deck,
//! placed and sized for the frame's instant, its opacity one of [`OPACITY_STEPS`] materials so
//! that no material changes from frame to frame; and the vapour each booster vents from its
//! nose as it leaves (the Korolev cross). Drawn with [`SmokeMaterial`]
//! (`assets/shaders/smoke.wgsl`): lit by the Sun, soft-edged.

use crate::core::Vector3d;
use crate::core::events::EventKind;
use crate::core::geometry::ModelId;
use crate::core::launch_cloud::{MAX_PUFFS, Puff, booster_vent, puffs, trail};
use crate::sim::{Presentation, SimBody, SimMission};
use bevy::prelude::*;

/// Steam and dust: a light warm grey (L: derived).
const ALBEDO: [f32; 3] = [0.78, 0.75, 0.70];
const OPACITY_STEPS: usize = 10;

effect_material!(
    /// A puff's look: its albedo (rgb) and opacity through its middle (a). The front faces
    /// only: a ball's far side would double its edge.
    SmokeMaterial { color },
    "shaders/smoke.wgsl",
    AlphaMode::Blend,
    Some(bevy::render::render_resource::Face::Back)
);

/// A puff's ball: by its index in `core::launch_cloud::puffs`, or in the exhaust trail.
#[derive(Component, Clone, Copy, Debug)]
pub enum PuffSlot {
    Cloud(usize),
    Trail(usize),
}

/// Where and when the exhaust trail's puffs are born (`core::launch_cloud::trail_births`).
#[derive(Resource, Clone, Debug, Default)]
pub struct TrailBirths(pub Vec<(f64, Vector3d)>);

/// The ball, and its materials from clear to the most opaque.
#[derive(Resource, Clone, Debug)]
pub struct SmokeAssets {
    ball: Handle<Mesh>,
    steps: Vec<Handle<SmokeMaterial>>,
}

impl SmokeAssets {
    /// Shows `ball` as `puff` (or hides it), in its parent's frame.
    fn show(&self, puff: Option<&Puff>, ball: BallItem) {
        let (mut transform, mut visibility, mut material) = ball;
        match puff.filter(|p| p.opacity > 0.5 / OPACITY_STEPS as f64) {
            Some(puff) => {
                let p = puff.position_m.cast::<f32>();
                // Only when it moved: a write marks the ball changed (paused, nothing moves).
                transform.set_if_neq(
                    Transform::from_translation(Vec3::new(p.x, p.y, p.z)).with_scale(Vec3::splat(puff.radius_m as f32)),
                );
                let k = ((puff.opacity * OPACITY_STEPS as f64).round() as usize).clamp(1, OPACITY_STEPS) - 1;
                if material.0 != self.steps[k] {
                    material.0 = self.steps[k].clone();
                }
                visibility.set_if_neq(Visibility::Inherited);
            }
            None => {
                visibility.set_if_neq(Visibility::Hidden);
            }
        }
    }

    fn ball(&self, name: &'static str) -> impl Bundle {
        (
            Name::new(name),
            bevy::light::NotShadowCaster,
            Mesh3d(self.ball.clone()),
            MeshMaterial3d(self.steps[0].clone()),
            Transform::default(),
            Visibility::Hidden,
        )
    }
}

/// What a ball's frame changes: where it is, whether it shows, how opaque.
type BallItem<'a> = (Mut<'a, Transform>, Mut<'a, Visibility>, Mut<'a, MeshMaterial3d<SmokeMaterial>>);
type BallData = (&'static mut Transform, &'static mut Visibility, &'static mut MeshMaterial3d<SmokeMaterial>);

/// A booster's vent, by the body it belongs to.
#[derive(Component, Clone, Copy, Debug)]
pub struct Vent;

/// The cloud's and the trail's balls, hidden until their puffs are out, under the pad's deck
/// (x up); the trail's births become a resource.
pub fn spawn_cloud(
    commands: &mut Commands,
    deck: Entity,
    meshes: &mut Assets<Mesh>,
    materials: &mut Assets<SmokeMaterial>,
    trail_births: Vec<(f64, Vector3d)>,
) -> SmokeAssets {
    let assets = SmokeAssets {
        ball: meshes.add(Sphere::new(1.0).mesh().uv(16, 10)),
        steps: (0..OPACITY_STEPS)
            .map(|k| {
                let opacity = (k + 1) as f32 / OPACITY_STEPS as f32;
                materials.add(SmokeMaterial { color: Vec4::new(ALBEDO[0], ALBEDO[1], ALBEDO[2], opacity) })
            })
            .collect(),
    };
    let cloud = (0..MAX_PUFFS).map(|k| (PuffSlot::Cloud(k), "launch cloud"));
    let trailing = (0..trail_births.len()).map(|k| (PuffSlot::Trail(k), "exhaust trail"));
    for (slot, name) in cloud.chain(trailing) {
        let puff = commands.spawn((slot, assets.ball(name))).id();
        commands.entity(deck).add_child(puff);
    }
    commands.insert_resource(TrailBirths(trail_births));
    assets
}

/// Places, sizes and shades each ball of the cloud and the trail for the frame's instant.
pub fn billow(
    shown: Res<Presentation>,
    assets: Option<Res<SmokeAssets>>,
    births: Option<Res<TrailBirths>>,
    mut balls: Query<(&PuffSlot, BallData)>,
) {
    let (Some(assets), Some(births)) = (assets, births) else { return };
    let cloud = puffs(shown.now.met_s);
    let trailing = trail(shown.now.met_s, &births.0);
    for (slot, ball) in &mut balls {
        let puff = match *slot {
            PuffSlot::Cloud(k) => cloud.get(k),
            PuffSlot::Trail(k) => trailing.get(k).and_then(Option::as_ref),
        };
        assets.show(puff, ball);
    }
}

/// Gives each booster that has left the stack its vent, and shows the vapour for the frame's
/// instant, timed from the boosters' separation in the log.
pub fn vent_boosters(
    mut commands: Commands,
    mission: Res<SimMission>,
    shown: Res<Presentation>,
    assets: Option<Res<SmokeAssets>>,
    added: Query<(Entity, &SimBody), Added<SimBody>>,
    mut vents: Query<BallData, With<Vent>>,
) {
    let Some(assets) = assets else { return };
    let m = &mission.0;
    for (entity, body) in &added {
        if m.bodies.get(body.index).is_some_and(|b| b.model == ModelId::Booster) {
            let vent = commands.spawn((Vent, assets.ball("booster vent"))).id();
            commands.entity(entity).add_child(vent);
        }
    }
    if vents.is_empty() {
        return;
    }
    let separated_s = m.log.iter().find(|e| e.key.kind == EventKind::BoosterSeparation).map(|e| e.met_s);
    let vapour = separated_s.and_then(|s| booster_vent(shown.now.met_s - s));
    for ball in &mut vents {
        assets.show(vapour.as_ref(), ball);
    }
}
