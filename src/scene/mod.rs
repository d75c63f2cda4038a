//! What is drawn: the Earth and its atmosphere, the launch pad, the stars, the Sun's light, the
//! vehicles and the launcher's plumes, all placed through the floating origin.

/// A material drawn by its own fragment shader (`$shader`) from one `vec4` uniform (`$field`),
/// with no prepass and no shadow, blended by `$alpha` with `$cull` faces culled (None: both
/// sides drawn): the plumes' glow and the launch cloud's puffs.
macro_rules! effect_material {
    ($(#[$doc:meta])* $name:ident { $field:ident }, $shader:literal, $alpha:expr, $cull:expr) => {
        $(#[$doc])*
        #[derive(Asset, TypePath, bevy::render::render_resource::AsBindGroup, Debug, Clone)]
        pub struct $name {
            #[uniform(0)]
            pub $field: Vec4,
        }

        impl Material for $name {
            fn fragment_shader() -> bevy::shader::ShaderRef {
                $shader.into()
            }

            fn alpha_mode(&self) -> AlphaMode {
                $alpha
            }

            fn enable_prepass() -> bool {
                false
            }

            fn enable_shadows() -> bool {
                false
            }

            fn specialize(
                _pipeline: &bevy::pbr::MaterialPipeline,
                descriptor: &mut bevy::render::render_resource::RenderPipelineDescriptor,
                _layout: &bevy::mesh::MeshVertexBufferLayoutRef,
                _key: bevy::pbr::MaterialPipelineKey<Self>,
            ) -> Result<(), bevy::render::render_resource::SpecializedMeshPipelineError> {
                descriptor.primitive.cull_mode = $cull;
                Ok(())
            }
        }
    };
}

pub mod descent;
pub mod earth;
pub mod launch_cloud;
pub mod pad;
pub mod plumes;
pub mod stars;
pub mod textures;
pub mod vehicles;

use crate::app::{AppSystems, AppSystemsPlugin, require};
use crate::camera::SubjectLight;
use crate::origin::{OriginPlugin, bevy_from_eci};
use crate::sim::{SimSystems, Sun};
use bevy::light::light_consts::lux;
use bevy::prelude::*;
use earth::{AtmosphereMaterial, EarthMaterial};
use textures::{PendingMipmaps, Renderer};

pub struct ScenePlugin {
    /// The adapter is a CPU rasteriser (llvmpipe/lavapipe): features too slow for it are off.
    pub software_renderer: bool,
}

impl Plugin for ScenePlugin {
    fn build(&self, app: &mut App) {
        require(app, AppSystemsPlugin);
        require(app, OriginPlugin);
        app.insert_resource(Renderer { software: self.software_renderer })
            .add_plugins((
                MaterialPlugin::<EarthMaterial>::default(),
                MaterialPlugin::<AtmosphereMaterial>::default(),
                MaterialPlugin::<plumes::PlumeMaterial>::default(),
                MaterialPlugin::<plumes::GlareMaterial>::default(),
                MaterialPlugin::<launch_cloud::SmokeMaterial>::default(),
            ))
            .init_resource::<PendingMipmaps>()
            .insert_resource(GlobalAmbientLight {
                color: Color::srgb(0.6, 0.7, 1.0),
                brightness: EARTHSHINE,
                ..default()
            })
            .insert_resource(ClearColor(Color::BLACK))
            .init_resource::<vehicles::BodyEntities>()
            .init_resource::<SubjectLight>()
            .add_systems(
                Startup,
                (
                    earth::load_sky_shader,
                    earth::spawn_earth,
                    // The pad is dressed in the Earth's material and the vehicles' finishes.
                    pad::spawn_pad.after(earth::spawn_earth).after(vehicles::load_finish_materials),
                    vehicles::load_finish_materials,
                    stars::spawn_stars,
                    spawn_sun,
                    plumes::load_plume_meshes,
                ),
            )
            .add_systems(
                Update,
                (
                    (vehicles::orient_vehicles, vehicles::track_sun).chain(),
                    (plumes::spawn_plumes, plumes::shape_plumes, plumes::place_glares).chain(),
                    (descent::dress_returning_ships, descent::show_descent).chain(),
                    descent::dress_landing_sites,
                    vehicles::deploy_after_separation,
                    vehicles::switch_floodlights,
                    earth::update_earth,
                    earth::choose_shell_side,
                    pad::swing_support_arms,
                    launch_cloud::billow,
                    launch_cloud::vent_boosters,
                    aim_sun,
                    textures::build_mipmaps,
                )
                    .in_set(AppSystems::Draw),
            )
            // New bodies (stages as they separate) get entities before the state is published.
            .add_systems(Update, vehicles::sync_body_entities.after(SimSystems::Step).before(SimSystems::Publish));
    }
}

#[derive(Component)]
struct SunLight;

/// Earthshine: the lit Earth below fills the shadowed sides a little (ambient brightness).
const EARTHSHINE: f32 = 3000.0;

/// How far from the camera the vehicles shadow each other, m: the station (109 m across) seen
/// whole, the Soyuz close up. Beyond, the shadow map's texels would be too coarse to help.
const SHADOW_RANGE_M: f32 = 400.0;

/// The Sun casts the vehicles' shadows on each other (the station's on the Soyuz, the arrays'
/// on the modules); the Earth, its shell, the stars and the plumes neither cast nor take them.
/// Two cascades: the nearest 40 m for close-ups, then out to `SHADOW_RANGE_M`.
fn spawn_sun(mut commands: Commands) {
    commands.spawn((
        SunLight,
        DirectionalLight { illuminance: lux::RAW_SUNLIGHT, shadow_maps_enabled: true, ..default() },
        bevy::light::CascadeShadowConfigBuilder {
            num_cascades: 2,
            minimum_distance: 0.5,
            first_cascade_far_bound: 40.0,
            maximum_distance: SHADOW_RANGE_M,
            ..default()
        }
        .build(),
        Transform::default(),
    ));
}

/// The light travels from the Sun's direction at the frame's instant, as bright as the part of
/// the Sun's disc seen on the subject (`SubjectLight`: the vehicles near it fade through the penumbra at an
/// orbital sunset). The Earth's own day and night take only the direction (its shader), so
/// they stay where the Sun puts them.
fn aim_sun(
    sun: Res<Sun>,
    subject: Res<SubjectLight>,
    mut lights: Query<(&mut Transform, &mut DirectionalLight), With<SunLight>>,
    mut ambient: ResMut<GlobalAmbientLight>,
) {
    let towards_sun = bevy_from_eci(&sun.direction).normalize();
    let seen = subject.sun_fraction;
    // The Earth below is dark too when the Sun has set here: no Earthshine in the shadow.
    ambient.brightness = EARTHSHINE * seen as f32;
    for (mut transform, mut light) in &mut lights {
        *transform = Transform::default().looking_to(-towards_sun, Vec3::Y);
        light.illuminance = lux::RAW_SUNLIGHT * seen as f32;
    }
}
