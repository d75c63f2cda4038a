//! A returning ship's descent as a camera sees it: the plasma sheath round the heat shield,
//! as bright as the stagnation point's heat flux (`core::control::descent`), the canopies as
//! they fill, and the ground where it lands; the modules it dropped glowing as they fall, gone
//! when they break up.

use super::earth::{EarthBody, EarthFixedPatch, EarthMaterial, ground_patch_mesh};
use super::plumes::PlumeMaterial;
use super::vehicles::{quat, vec3};
use crate::core::control::descent::{DescentStage, ReturnFlight, ReturnPhase};
use crate::core::{frames, geometry};
use crate::origin::WorldAttitude;
use crate::sim::{LandingSites, Presentation, SimBody, SimMission, WorldPosition};
use bevy::light::NotShadowCaster;
use bevy::prelude::*;

/// Luminance of the sheath per unit heat flux, cd/m² per W/m² (L, a display choice): about
/// 0.5 MW/m² at the heating peak of a Soyuz entry glows at a quarter of the rocket plume's
/// core, white at the Sun's exposure; the first tens of kW/m² an orange veil, as on the
/// crews' window video.
const NITS_PER_W_M2: f64 = 0.3;
/// Orange-pink: the nitrogen and oxygen of the shock layer, and the shield's sodium.
const PLASMA: [f32; 3] = [1.0, 0.55, 0.32];
/// The sheath's wake behind the shield, m, and how fast its glow fades along it.
const WAKE_LENGTH_M: f32 = 9.0;
const WAKE_FADE: f32 = 0.3;
/// The glow's steps from the faintest shown to the brightest, cd/m².
const GLOW_STEPS: usize = 12;
const FAINTEST_NITS: f64 = 500.0;
const BRIGHTEST_NITS: f64 = 400_000.0;
/// The canopies' shapes: diameter of the filled canopy per square root of its drag area
/// (a round canopy fills to about 0.7 of its flat diameter, C_D about 0.8: L), and the
/// lines' length per diameter (about 1.2 on round canopies, L).
const FILLED_DIAMETER_PER_SQRT_M2: f64 = 0.88;
const LINES_PER_DIAMETER: f64 = 1.2;

/// The sheath of a returning body, and its canopy.
#[derive(Component, Clone, Copy, Debug)]
pub struct PlasmaSheath;

#[derive(Component, Clone, Copy, Debug)]
pub struct Canopy;

/// The sheath's materials from faint to bright.
#[derive(Resource, Clone, Debug)]
pub struct SheathMaterials(Vec<Handle<PlumeMaterial>>);

/// The glow's luminance at the shield for a heat flux, cd/m²; none under the faintest shown.
pub fn sheath_nits(heat_flux_w_m2: f64) -> Option<f64> {
    let nits = (heat_flux_w_m2 * NITS_PER_W_M2).min(BRIGHTEST_NITS);
    (nits >= FAINTEST_NITS).then_some(nits)
}

fn step_nits(k: usize) -> f64 {
    FAINTEST_NITS * (BRIGHTEST_NITS / FAINTEST_NITS).powf(k as f64 / (GLOW_STEPS - 1) as f64)
}

/// Gives each returning ship its sheath and canopy, hidden until they show.
pub fn dress_returning_ships(
    mut commands: Commands,
    mission: Res<SimMission>,
    added: Query<(Entity, &SimBody), Added<SimBody>>,
    mut meshes: ResMut<Assets<Mesh>>,
    mut glow: ResMut<Assets<PlumeMaterial>>,
    mut fabric: ResMut<Assets<StandardMaterial>>,
    sheath: Option<Res<SheathMaterials>>,
) {
    let materials = match sheath {
        Some(m) => m.0.clone(),
        None => {
            let steps: Vec<_> = (0..GLOW_STEPS)
                .map(|k| {
                    let nits = step_nits(k) as f32;
                    let rgb = Vec3::from_array(PLASMA) * nits;
                    glow.add(PlumeMaterial { glow: rgb.extend(WAKE_FADE) })
                })
                .collect();
            commands.insert_resource(SheathMaterials(steps.clone()));
            steps
        }
    };
    for (entity, body) in &added {
        let controller = mission.0.bodies.get(body.index).map(|b| &b.controller);
        if controller.is_none_or(|c| c.return_flight().is_none() && c.debris().is_none()) {
            continue;
        }
        // The shield's rim 1.1 m across the module's axis (core::geometry's bell).
        let wake = ConicalFrustum { radius_top: 1.25, radius_bottom: 0.5, height: 1.0 };
        let sheath = commands
            .spawn((
                Name::new("plasma sheath"),
                PlasmaSheath,
                NotShadowCaster,
                Mesh3d(meshes.add(wake.mesh().resolution(24))),
                MeshMaterial3d(materials[0].clone()),
                Transform::default(),
                Visibility::Hidden,
            ))
            .id();
        // The canopy's cloth lets the daylight through: seen from below it shows its colours
        // rather than going black (unlit: a display choice, L). The gores' colours are the
        // mesh's.
        let orange = fabric.add(StandardMaterial {
            base_color: Color::WHITE,
            unlit: true,
            double_sided: true,
            cull_mode: None,
            ..default()
        });
        let canopy = commands
            .spawn((
                Name::new("canopy"),
                Canopy,
                Mesh3d(meshes.add(canopy_mesh())),
                MeshMaterial3d(orange),
                Transform::default(),
                Visibility::Hidden,
            ))
            .id();
        commands.entity(entity).add_children(&[sheath, canopy]);
    }
}

/// The sheath's transform in the body's axes: its wide, bright end at the body's origin facing
/// `into_wind` (unit, body axes), its wake trailing behind. The descent module's origin is on
/// its shield (core::geometry::SOYUZ_MODULE_MIDDLES_X_M), which the entry flies into the wind.
fn sheath_transform(into_wind: Vec3) -> Transform {
    Transform {
        translation: -into_wind * (WAKE_LENGTH_M / 2.0),
        // The frustum's top (its bright end in the shader) into the wind.
        rotation: Quat::from_rotation_arc(Vec3::Y, into_wind),
        scale: Vec3::new(1.0, WAKE_LENGTH_M, 1.0),
    }
}

/// Gores of the canopy mesh, alternately orange and white as on the Soyuz's main canopy in the
/// landing photographs (their count ours, L), and rings from its apex to its rim.
const GORES: u32 = 16;
const RINGS: u32 = 8;

/// A round canopy filled: a spherical cap 1 across at its rim and 0.4 high, apex up (+y),
/// centred on its mid-height, each gore its own vertices so that it keeps its own colour.
fn canopy_mesh() -> Mesh {
    use bevy::mesh::{Indices, PrimitiveTopology};
    // The sphere through a 0.5 rim radius and a 0.4 rise: R = (0.5² + 0.4²) / (2 · 0.4).
    let (rim_m, rise_m) = (0.5_f32, 0.4_f32);
    let radius = (rim_m * rim_m + rise_m * rise_m) / (2.0 * rise_m);
    let (widest, centre_y) = ((rim_m / radius).asin(), rise_m / 2.0 - radius);
    let (mut positions, mut normals, mut colors, mut indices) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for gore in 0..GORES {
        let colour = if gore % 2 == 0 { [0.95, 0.45, 0.12, 1.0] } else { [0.95, 0.93, 0.88, 1.0] };
        let first = positions.len() as u32;
        for ring in 0..=RINGS {
            let polar = widest * ring as f32 / RINGS as f32;
            for side in [gore, gore + 1] {
                let azimuth = std::f32::consts::TAU * side as f32 / GORES as f32;
                let n = Vec3::new(polar.sin() * azimuth.cos(), polar.cos(), polar.sin() * azimuth.sin());
                positions.push((n * radius + Vec3::Y * centre_y).to_array());
                normals.push(n.to_array());
                colors.push(colour);
            }
        }
        for ring in 0..RINGS {
            let k = first + 2 * ring;
            indices.extend([k, k + 2, k + 1, k + 1, k + 2, k + 3]);
        }
    }
    Mesh::new(PrimitiveTopology::TriangleList, bevy::asset::RenderAssetUsages::default())
        .with_inserted_attribute(Mesh::ATTRIBUTE_POSITION, positions)
        .with_inserted_attribute(Mesh::ATTRIBUTE_NORMAL, normals)
        .with_inserted_attribute(Mesh::ATTRIBUTE_COLOR, colors)
        .with_inserted_indices(Indices::U32(indices))
}

/// The canopy over the module's hatch (+x, up under the canopy), as wide as its drag area now.
fn canopy_transform(drag_area_m2: f64) -> Transform {
    let diameter_m = FILLED_DIAMETER_PER_SQRT_M2 * drag_area_m2.sqrt();
    let above_m = 2.1 + LINES_PER_DIAMETER * diameter_m;
    let d = diameter_m.max(0.1) as f32;
    Transform {
        translation: Vec3::new(above_m as f32, 0.0, 0.0),
        rotation: quat(&geometry::y_to_x()),
        scale: Vec3::splat(d),
    }
}

type CanopyItem = (&'static mut Transform, &'static mut Visibility);
type SheathFilter = (With<PlasmaSheath>, Without<SimBody>);
type CanopyFilter = (With<Canopy>, Without<PlasmaSheath>, Without<SimBody>);
type HolderFilter = (Without<Canopy>, Without<PlasmaSheath>, Without<SimBody>);

/// Lights each returning ship's sheath by its heat flux and fills its canopies, for the frame.
pub fn show_descent(
    mission: Res<SimMission>,
    shown: Res<Presentation>,
    materials: Option<Res<SheathMaterials>>,
    bodies: Query<(&SimBody, &Children)>,
    mut sheaths: Query<(&mut Transform, &mut Visibility, &mut MeshMaterial3d<PlumeMaterial>), SheathFilter>,
    mut canopies: Query<CanopyItem, CanopyFilter>,
    mut holders: Query<&mut Visibility, HolderFilter>,
) {
    let Some(materials) = materials else { return };
    for (body, children) in &bodies {
        let controller = mission.0.bodies.get(body.index).map(|b| &b.controller);
        let (glow, canopy_m2) = match (controller.and_then(|c| c.return_flight()), controller.and_then(|c| c.debris()))
        {
            (Some(flight), _) => descent_looks(flight, shown.now.met_s),
            (_, Some(debris)) => {
                // Broken up: its remains fall on unseen (the model's holder hidden, not the body,
                // whose visibility `--without vehicles` owns).
                let shown = if debris.broken_up { Visibility::Hidden } else { Visibility::Inherited };
                for child in children.iter() {
                    if let Ok(mut visibility) = holders.get_mut(child) {
                        visibility.set_if_neq(shown);
                    }
                }
                ((!debris.broken_up).then(|| sheath_nits(debris.heat_flux_w_m2)).flatten(), None)
            }
            _ => continue,
        };
        for child in children.iter() {
            if let Ok((mut transform, mut visibility, mut material)) = sheaths.get_mut(child) {
                match glow {
                    Some(nits) => {
                        let k = (0..GLOW_STEPS).min_by(|a, b| {
                            (step_nits(*a).ln() - nits.ln()).abs().total_cmp(&(step_nits(*b).ln() - nits.ln()).abs())
                        });
                        let handle = &materials.0[k.unwrap_or(0)];
                        if material.0 != *handle {
                            material.0 = handle.clone();
                        }
                        let state = shown.now.state(body.index);
                        let wind = frames::velocity_relative_to_earth_mps(&state);
                        let into_wind = shown.now.attitudes[body.index].body_to_inertial.inverse() * wind.normalize();
                        transform.set_if_neq(sheath_transform(vec3(&into_wind)));
                        visibility.set_if_neq(Visibility::Inherited);
                    }
                    None => {
                        visibility.set_if_neq(Visibility::Hidden);
                    }
                }
            }
            if let Ok((mut transform, mut visibility)) = canopies.get_mut(child) {
                match canopy_m2 {
                    Some(area) => {
                        transform.set_if_neq(canopy_transform(area));
                        visibility.set_if_neq(Visibility::Inherited);
                    }
                    None => {
                        visibility.set_if_neq(Visibility::Hidden);
                    }
                }
            }
        }
    }
}

/// What a return shows at `met_s`: the sheath's luminance, and the canopies' drag area.
pub fn descent_looks(flight: &ReturnFlight, met_s: f64) -> (Option<f64>, Option<f64>) {
    match flight.phase {
        ReturnPhase::Descent(DescentStage::Entry) => (sheath_nits(flight.heat_flux_w_m2), None),
        // The mission runs up to a step ahead of the frame: a main canopy deployed after the
        // frame's instant leaves the drogue on show until then.
        ReturnPhase::Descent(DescentStage::Main { since_met_s, .. }) if met_s < since_met_s => {
            let drogue = flight.parachutes.drogue_area_m2 * flight.parachutes.drogue_drag_coefficient;
            (None, Some(drogue))
        }
        ReturnPhase::Descent(stage) => {
            let area = flight.parachutes.drag_area_m2(stage, met_s);
            (None, (area > 0.0).then_some(area))
        }
        _ => (None, None),
    }
}

/// Lays an exact patch of the Earth's surface under each landing site, as under the pad: the
/// ellipsoid's facets sag hundreds of metres, and the module stands on the steppe. The sites
/// the flight ahead found are dressed at once; one it did not reach (a landing after the last
/// planned event, a flight ahead cut at a player's takeover) when the module comes down.
pub fn dress_landing_sites(
    mut commands: Commands,
    mut meshes: ResMut<Assets<Mesh>>,
    mission: Res<SimMission>,
    sites: Option<Res<LandingSites>>,
    earth: Single<&MeshMaterial3d<EarthMaterial>, With<EarthBody>>,
    mut dressed: Local<Vec<crate::core::Vector3d>>,
    mut log_seen: Local<Option<usize>>,
) {
    // A landing is logged: nothing new to dress while the log has not changed.
    if *log_seen == Some(mission.0.log.len()) {
        return;
    }
    *log_seen = Some(mission.0.log.len());
    let ahead = sites.iter().flat_map(|s| s.0.iter().copied());
    for site in ahead.chain(mission.0.landing_sites_ecef_m()) {
        if dressed.iter().any(|d| (d - site).norm() < 1.0) {
            continue;
        }
        dressed.push(site);
        let site = &site;
        let place = frames::geodetic_from_ecef(site);
        commands.spawn((
            Name::new("landing site"),
            EarthFixedPatch { ecef_m: *site },
            NotShadowCaster,
            Mesh3d(meshes.add(ground_patch_mesh(&place, LANDING_PATCH_HALF_DEG, 96))),
            MeshMaterial3d(earth.0.clone()),
            WorldPosition(*site),
            WorldAttitude::default(),
            Transform::default(),
            Visibility::default(),
        ));
    }
}

/// Half-size of the ground patch under a landing site, degrees of latitude (the pad's).
const LANDING_PATCH_HALF_DEG: f64 = 0.12;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sheath_glows_with_the_heat_flux_and_not_before() {
        assert_eq!(sheath_nits(100.0), None);
        let faint = sheath_nits(5_000.0).unwrap();
        let peak = sheath_nits(500_000.0).unwrap();
        assert!(faint < peak && peak <= BRIGHTEST_NITS, "{faint} {peak}");
        assert_eq!(sheath_nits(1e9), Some(BRIGHTEST_NITS));
    }

    #[test]
    fn a_main_canopy_is_tens_of_metres_across_and_hangs_above_the_module() {
        // 880 m² of drag area: a canopy about 26 m across, its mouth 32 m above the hatch.
        let t = canopy_transform(880.0);
        assert!((20.0..35.0).contains(&t.scale.x), "{}", t.scale.x);
        assert!(t.translation.x > t.scale.x, "{}", t.translation.x);
    }
}
