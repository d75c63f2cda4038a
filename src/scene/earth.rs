//! The Earth: a WGS-84 ellipsoid turned by GMST, a day/night shader that finds each fragment's
//! latitude and longitude from its Earth-fixed normal, a scattering shell for the limb and the
//! sky, and patches of the exact surface (the launch pad stands on one).

use super::textures::{PendingMipmaps, Renderer};
use crate::core::frames::{self, Geodetic, ecef_from_eci_rotation, ecef_from_geodetic_m};
use crate::core::{Vector3d, earth};
use crate::origin::WorldAttitude;
use crate::sim::{Presentation, WorldPosition};
use bevy::asset::RenderAssetUsages;
use bevy::image::{ImageAddressMode, ImageFilterMode, ImageLoaderSettings, ImageSampler, ImageSamplerDescriptor};
use bevy::light::NotShadowCaster;
use bevy::mesh::{Indices, MeshVertexBufferLayoutRef, PrimitiveTopology};
use bevy::pbr::{MaterialPipeline, MaterialPipelineKey};
use bevy::prelude::*;
use bevy::render::render_resource::{
    AsBindGroup, Face, RenderPipelineDescriptor, ShaderType, SpecializedMeshPipelineError,
};
use bevy::shader::{Shader, ShaderRef};
use nalgebra::UnitQuaternion;

/// The Earth's images: the day and night maps (sRGB), the cloud cover (linear, 0 clear to 1
/// overcast) and the terrain (linear: red the water mask, green the land's elevation, 0 to
/// `TERRAIN_FULL_SCALE_M`). The shader takes the Earth's turn from the mesh's transform and the
/// Sun from the scene's light: nothing here changes once made, so the bind group is built once.
#[derive(Asset, TypePath, AsBindGroup, Debug, Clone)]
pub struct EarthMaterial {
    #[texture(0)]
    #[sampler(1)]
    pub day: Handle<Image>,
    #[texture(2)]
    #[sampler(3)]
    pub night: Handle<Image>,
    #[texture(4)]
    #[sampler(5)]
    pub clouds: Handle<Image>,
    #[texture(6)]
    #[sampler(7)]
    pub terrain: Handle<Image>,
}

/// Elevation at the terrain map's full green (255), m. The map ships without a scale; this one
/// is read off it: known plateaus sit on one line through zero at 24-25 m a level (Tibet 4,900 m
/// at 202, the Altiplano 3,900 m at 163, Greenland's ice 3,000 m at 123), so 255 is 6,300 m,
/// within a level of the 6,400 m of NASA's Blue Marble topography ramp (derived; a test reads
/// the map at those places).
pub const TERRAIN_FULL_SCALE_M: f64 = 6400.0;

impl Material for EarthMaterial {
    fn vertex_shader() -> ShaderRef {
        "shaders/earth.wgsl".into()
    }

    fn fragment_shader() -> ShaderRef {
        "shaders/earth.wgsl".into()
    }
}

/// The shell's constants (m): the shader reads the Sun, the Earth's centre and turn and the
/// camera from the frame's own uniforms.
#[derive(ShaderType, Debug, Clone, Copy)]
pub struct AtmosphereParams {
    /// Equatorial radius, polar radius, top of the shell above the equator, glow scale height.
    pub radii: Vec4,
}

/// The scattering shell, drawn additively: its outside face seen from space, its inside face
/// seen from below (where it paints the sky). Each side is its own material, whose pipeline
/// rasterises only that face: drawing both and discarding one in the shader cost as much again
/// (measured under lavapipe: the shell was a third of the Earth view's frame).
#[derive(Asset, TypePath, AsBindGroup, Debug, Clone)]
#[bind_group_data(ShellKey)]
pub struct AtmosphereMaterial {
    #[uniform(0)]
    pub params: AtmosphereParams,
    pub seen_from: ShellSide,
}

/// Where the camera is, for the shell's face to draw.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ShellSide {
    Outside,
    Inside,
}

#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ShellKey {
    seen_from: ShellSide,
}

impl From<&AtmosphereMaterial> for ShellKey {
    fn from(material: &AtmosphereMaterial) -> Self {
        Self { seen_from: material.seen_from }
    }
}

/// The shell's two materials, swapped on the shell (a handle changed, not a material) when the
/// camera crosses it.
#[derive(Resource, Clone, Debug)]
pub struct ShellMaterials {
    pub outside: Handle<AtmosphereMaterial>,
    pub inside: Handle<AtmosphereMaterial>,
}

/// Which side of the shell the camera is on: inside within its equatorial radius, the same test
/// as the shader's.
pub fn shell_side(camera_eci_m: &Vector3d) -> ShellSide {
    if camera_eci_m.norm() < earth::EQUATORIAL_RADIUS_M + f64::from(SHELL_ALTITUDE_M) {
        ShellSide::Inside
    } else {
        ShellSide::Outside
    }
}

/// Puts the shell's material for the camera's side on it.
pub fn choose_shell_side(
    camera: Res<crate::origin::FloatingOrigin>,
    materials: Res<ShellMaterials>,
    mut shells: Query<&mut MeshMaterial3d<AtmosphereMaterial>, With<AtmosphereShell>>,
) {
    let wanted = match shell_side(&camera.0) {
        ShellSide::Outside => &materials.outside,
        ShellSide::Inside => &materials.inside,
    };
    for mut material in &mut shells {
        if material.0 != *wanted {
            material.0 = wanted.clone();
        }
    }
}

impl Material for AtmosphereMaterial {
    fn fragment_shader() -> ShaderRef {
        "shaders/atmosphere.wgsl".into()
    }

    fn alpha_mode(&self) -> AlphaMode {
        AlphaMode::Add
    }

    fn enable_prepass() -> bool {
        false
    }

    fn enable_shadows() -> bool {
        false
    }

    fn specialize(
        _pipeline: &MaterialPipeline,
        descriptor: &mut RenderPipelineDescriptor,
        _layout: &MeshVertexBufferLayoutRef,
        key: MaterialPipelineKey<Self>,
    ) -> Result<(), SpecializedMeshPipelineError> {
        descriptor.primitive.cull_mode = Some(match key.bind_group_data.seen_from {
            ShellSide::Outside => Face::Back,
            ShellSide::Inside => Face::Front,
        });
        Ok(())
    }
}

/// Top of the drawn atmosphere above the ellipsoid.
const SHELL_ALTITUDE_M: f32 = 120e3;
/// Scale height of the glow as drawn: the limb's visible band is tens of km.
const GLOW_SCALE_HEIGHT_M: f32 = 9e3;

#[derive(Component)]
pub struct EarthBody;

#[derive(Component)]
pub struct AtmosphereShell;

/// The shader library `ms19::sky` that the Earth and atmosphere shaders import, kept loaded.
#[derive(Resource)]
pub struct SkyShader(pub Handle<Shader>);

pub fn load_sky_shader(mut commands: Commands, assets: Res<AssetServer>) {
    commands.insert_resource(SkyShader(assets.load("shaders/sky.wgsl")));
}

/// Whether an Earth image holds colours (sRGB) or measured values (linear).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Encoding {
    Colour,
    Data,
}

fn earth_texture(assets: &AssetServer, path: &'static str, encoding: Encoding, anisotropy: u16) -> Handle<Image> {
    assets
        .load_builder()
        .with_settings(move |settings: &mut ImageLoaderSettings| {
            settings.is_srgb = encoding == Encoding::Colour;
            settings.sampler = ImageSampler::Descriptor(ImageSamplerDescriptor {
                // Longitude wraps; the shader moves the seam away from where it looks.
                address_mode_u: ImageAddressMode::Repeat,
                address_mode_v: ImageAddressMode::ClampToEdge,
                mag_filter: ImageFilterMode::Linear,
                min_filter: ImageFilterMode::Linear,
                mipmap_filter: ImageFilterMode::Linear,
                anisotropy_clamp: anisotropy,
                ..default()
            });
        })
        .load(path)
}

pub fn spawn_earth(
    mut commands: Commands,
    assets: Res<AssetServer>,
    mut meshes: ResMut<Assets<Mesh>>,
    mut earth_materials: ResMut<Assets<EarthMaterial>>,
    mut atmosphere_materials: ResMut<Assets<AtmosphereMaterial>>,
    mut pending: ResMut<PendingMipmaps>,
    renderer: Res<Renderer>,
) {
    // Anisotropic filtering sharpens the Earth at grazing angles on a GPU; Mesa's software
    // rasteriser takes 17 s a frame with it at 1280x720 (measured), so it gets none.
    let anisotropy = if renderer.software { 1 } else { 16 };
    let day = earth_texture(&assets, "textures/earth_day.jpg", Encoding::Colour, anisotropy);
    let night = earth_texture(&assets, "textures/earth_night.jpg", Encoding::Colour, anisotropy);
    let clouds = earth_texture(&assets, "textures/earth_clouds.jpg", Encoding::Data, anisotropy);
    let terrain = earth_texture(&assets, "textures/earth_terrain.png", Encoding::Data, anisotropy);
    pending.0.extend([day.clone(), night.clone(), clouds.clone(), terrain.clone()]);
    let material = earth_materials.add(EarthMaterial { day, night, clouds, terrain });
    let a = earth::EQUATORIAL_RADIUS_M as f32;
    let b = (earth::EQUATORIAL_RADIUS_M * (1.0 - earth::FLATTENING)) as f32;
    let h = SHELL_ALTITUDE_M;
    let params = AtmosphereParams { radii: Vec4::new(a, b, a + h, GLOW_SCALE_HEIGHT_M) };
    let shell_materials = ShellMaterials {
        outside: atmosphere_materials.add(AtmosphereMaterial { params, seen_from: ShellSide::Outside }),
        inside: atmosphere_materials.add(AtmosphereMaterial { params, seen_from: ShellSide::Inside }),
    };
    let unit_sphere = meshes.add(Sphere::new(1.0).mesh().ico(60).expect("60 subdivisions is within Bevy's limit"));
    // Local axes are Earth-fixed (z to the north pole), turned into place by `update_earth`.
    commands.spawn((
        EarthBody,
        NotShadowCaster,
        Mesh3d(unit_sphere.clone()),
        MeshMaterial3d(material),
        WorldPosition::default(),
        WorldAttitude::default(),
        Transform::from_scale(Vec3::new(a, a, b)),
    ));
    commands.spawn((
        AtmosphereShell,
        NotShadowCaster,
        Mesh3d(unit_sphere),
        MeshMaterial3d(shell_materials.outside.clone()),
        WorldPosition::default(),
        WorldAttitude::default(),
        Transform::from_scale(Vec3::new(a + h, a + h, b + h)),
    ));
    commands.insert_resource(shell_materials);
}

/// A mesh fixed to the Earth, placed at `ecef_m`, its vertices relative to it in Earth-fixed
/// axes.
#[derive(Component, Clone, Copy, Debug)]
pub struct EarthFixedPatch {
    pub ecef_m: Vector3d,
}

/// A patch of the ellipsoid surface at the point's altitude, `half_deg` of latitude around it,
/// vertices relative to the point in Earth-fixed axes (the entity's attitude turns them into
/// place), normals the ellipsoid's.
pub fn ground_patch_mesh(center: &Geodetic, half_deg: f64, cells: u32) -> Mesh {
    let origin = ecef_from_geodetic_m(center);
    let half_lon_deg = half_deg / center.latitude_rad.cos().max(0.05);
    let mut positions = Vec::new();
    let mut normals = Vec::new();
    for i in 0..=cells {
        for j in 0..=cells {
            let lat = center.latitude_rad.to_degrees() + half_deg * (2.0 * f64::from(i) / f64::from(cells) - 1.0);
            let lon = center.longitude_rad.to_degrees() + half_lon_deg * (2.0 * f64::from(j) / f64::from(cells) - 1.0);
            let g = Geodetic::from_degrees(lat, lon, center.altitude_m);
            let p = ecef_from_geodetic_m(&g) - origin;
            let n = g.up_ecef();
            positions.push([p.x as f32, p.y as f32, p.z as f32]);
            normals.push([n.x as f32, n.y as f32, n.z as f32]);
        }
    }
    let row = cells + 1;
    let mut indices = Vec::new();
    for i in 0..cells {
        for j in 0..cells {
            let k = i * row + j;
            // Counter-clockwise seen from above (outward normal).
            indices.extend([k, k + 1, k + row, k + 1, k + row + 1, k + row]);
        }
    }
    Mesh::new(PrimitiveTopology::TriangleList, RenderAssetUsages::default())
        .with_inserted_attribute(Mesh::ATTRIBUTE_POSITION, positions)
        .with_inserted_attribute(Mesh::ATTRIBUTE_NORMAL, normals)
        .with_inserted_indices(Indices::U32(indices))
}

/// Turns the Earth, its shell and the pad's patch by GMST. The shaders read the turn from the
/// transform, so no material changes here.
#[allow(clippy::type_complexity)]
pub fn update_earth(
    shown: Res<Presentation>,
    mut earth_fixed: Query<&mut WorldAttitude, Or<(With<EarthBody>, With<AtmosphereShell>)>>,
    mut patches: Query<
        (&EarthFixedPatch, &mut WorldPosition, &mut WorldAttitude),
        (Without<EarthBody>, Without<AtmosphereShell>),
    >,
) {
    let gmst = shown.now.gmst_rad();
    let ecef_from_eci = ecef_from_eci_rotation(gmst);
    let eci_from_ecef = UnitQuaternion::from_rotation_matrix(&ecef_from_eci.inverse());
    for mut attitude in &mut earth_fixed {
        attitude.0 = eci_from_ecef;
    }
    for (patch, mut position, mut attitude) in &mut patches {
        position.0 = frames::eci_from_ecef_position_m(&patch.ecef_m, gmst);
        attitude.0 = eci_from_ecef;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ground_patch_is_centred_and_its_normals_point_up() {
        let pad = Geodetic::from_degrees(45.996, 63.564, 100.0);
        let mesh = ground_patch_mesh(&pad, 0.1, 8);
        let Some(bevy::mesh::VertexAttributeValues::Float32x3(positions)) = mesh.attribute(Mesh::ATTRIBUTE_POSITION)
        else {
            panic!("positions")
        };
        let centre = Vec3::from_array(positions[4 * 9 + 4]);
        assert!(centre.length() < 1e-3, "{centre}");
        let up = pad.up_ecef().cast::<f32>();
        let up = Vec3::new(up.x, up.y, up.z);
        for p in positions {
            // The patch curves down away from the pad, never up.
            assert!(Vec3::from_array(*p).dot(up) <= 1e-3);
        }
    }

    /// The terrain map read at a place (degrees): water mask (0-1) and elevation (m).
    fn terrain_at(map: &image::RgbImage, latitude_deg: f64, longitude_deg: f64) -> (f64, f64) {
        let x = ((longitude_deg + 180.0) / 360.0 * f64::from(map.width())) as u32;
        let y = ((90.0 - latitude_deg) / 180.0 * f64::from(map.height())) as u32;
        let pixel = map.get_pixel(x, y);
        (f64::from(pixel[0]) / 255.0, f64::from(pixel[1]) / 255.0 * TERRAIN_FULL_SCALE_M)
    }

    #[test]
    fn terrain_map_gives_published_elevations_and_the_sea() {
        let map = image::open(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/textures/earth_terrain.png"))
            .expect("terrain map")
            .into_rgb8();
        // Published heights: Summit Camp on the Greenland ice sheet 3,216 m (72.58 N, 38.46 W);
        // Lake Titicaca's surface 3,812 m (15.9 S, 69.3 W); the Tibetan plateau "over 4,500 m"
        // (Britannica), at 33 N 88 E.
        for (place, latitude, longitude, published_m) in
            [("Summit Camp", 72.58, -38.46, 3216.0), ("Titicaca", -15.9, -69.3, 3812.0), ("Tibet", 33.0, 88.0, 4500.0)]
        {
            let (_, height_m) = terrain_at(&map, latitude, longitude);
            assert!((height_m / published_m - 1.0).abs() < 0.15, "{place}: {height_m:.0} m against {published_m} m");
        }
        // Baikonur's steppe is about 100 m up; the Pacific and the Sahara.
        let (water, height_m) = terrain_at(&map, 45.92, 63.34);
        assert!(water < 0.5 && height_m < 300.0, "Baikonur {water} {height_m}");
        assert!(terrain_at(&map, 0.0, -150.0).0 > 0.9);
        assert!(terrain_at(&map, 23.0, 10.0).0 < 0.1);
    }

    #[test]
    fn the_shell_is_seen_from_inside_below_its_top_and_from_outside_above_it() {
        let r = earth::EQUATORIAL_RADIUS_M;
        assert_eq!(shell_side(&Vector3d::new(r + 100.0, 0.0, 0.0)), ShellSide::Inside);
        assert_eq!(shell_side(&Vector3d::new(0.0, 0.0, r)), ShellSide::Inside);
        assert_eq!(shell_side(&Vector3d::new(0.0, r + 420e3, 0.0)), ShellSide::Outside);
    }
}
