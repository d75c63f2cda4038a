// A single-scattering look for the thin shell around the Earth, drawn additively.
// From space: the limb glows where the view ray grazes the sunlit atmosphere, fading
// exponentially with the ray's lowest altitude. From inside: a daylight sky that brightens
// towards the horizon and reddens at low Sun, with the Sun's disc.
#import bevy_pbr::forward_io::VertexOutput
#import bevy_pbr::mesh_view_bindings::view
#import bevy_pbr::mesh_functions::get_world_from_local
#import ms19::sky::{sun_direction, fixed_from_world}

// Constant for the life of the material: the frame's values (Sun, Earth's centre and turn,
// camera) come from the light, the mesh's transform and the view.
struct AtmosphereParams {
    // x: equatorial radius, y: polar radius, z: top of the shell above the equator,
    // w: glow scale height (m).
    radii: vec4<f32>,
};

@group(#{MATERIAL_BIND_GROUP}) @binding(0) var<uniform> params: AtmosphereParams;

const RAYLEIGH: vec3<f32> = vec3<f32>(0.30, 0.52, 1.0);
const SUNSET: vec3<f32> = vec3<f32>(1.0, 0.45, 0.18);

@fragment
fn fragment(in: VertexOutput, @builtin(front_facing) front_facing: bool) -> @location(0) vec4<f32> {
    let sun = sun_direction();
    // Everything relative to the camera.
    let world_from_local = get_world_from_local(in.instance_index);
    let center = world_from_local[3].xyz - view.world_position;
    // The ellipsoid's radius straight below the camera, and the camera's height above it.
    let vertical = fixed_from_world(world_from_local) * normalize(-center);
    let a = params.radii.x;
    let b = params.radii.y;
    let planet_radius =
        inverseSqrt((vertical.x * vertical.x + vertical.y * vertical.y) / (a * a) + vertical.z * vertical.z / (b * b));
    let camera_altitude = max(length(center) - planet_radius, 0.0);
    let shell_radius = params.radii.z;
    let scale_height = params.radii.w;
    let ray = normalize(in.world_position.xyz - view.world_position);
    let camera_inside = length(center) < shell_radius;

    if (!camera_inside) {
        // Seen from space only the near (outer) face counts.
        if (!front_facing) { discard; }
        let along = dot(center, ray);
        let closest = ray * along - center;
        let lowest_altitude = length(closest) - planet_radius;
        let up_at_closest = normalize(closest);
        let sunlit = smoothstep(-0.25, 0.15, dot(up_at_closest, sun));
        let tint = mix(SUNSET, RAYLEIGH, smoothstep(-0.05, 0.35, dot(up_at_closest, sun)));
        var glow: f32;
        if (lowest_altitude > 0.0) {
            // Grazing ray: the limb.
            glow = exp(-lowest_altitude / scale_height) * 1.4;
        } else {
            // The ray meets the ground: a thin veil over the disc, thicker towards the edge.
            let edge = clamp(1.0 + lowest_altitude / planet_radius, 0.0, 1.0);
            glow = 0.04 + 0.5 * pow(edge, 12.0);
        }
        return vec4<f32>(tint * glow * sunlit, 0.0);
    }

    // Inside: only the far (inner) face, the sky dome.
    if (front_facing) { discard; }
    let up = normalize(-center);
    let sun_elevation = dot(up, sun);
    let view_elevation = dot(up, ray);
    let day = smoothstep(-0.12, 0.08, sun_elevation);
    // The horizon dips below the horizontal as the camera climbs: cos(dip) = R / (R + h).
    let horizon_elevation = -sqrt(max(1.0 - pow(planet_radius / (planet_radius + camera_altitude), 2.0), 0.0));
    // Thinner air above: the sky darkens with the camera's altitude to black by ~100 km.
    let thickness = exp(-camera_altitude / 12000.0);
    let horizon = pow(1.0 - clamp(view_elevation - horizon_elevation, 0.0, 1.0), 3.0);
    let low_sun = 1.0 - smoothstep(0.0, 0.3, sun_elevation);
    let sky = mix(RAYLEIGH * 0.55, vec3<f32>(0.75, 0.85, 1.0), horizon) + SUNSET * low_sun * horizon * 0.6;
    let sun_disc = pow(max(dot(ray, sun), 0.0), 2000.0) * 20.0 + pow(max(dot(ray, sun), 0.0), 40.0) * 0.3;
    let below_horizon = smoothstep(horizon_elevation, horizon_elevation - 0.02, view_elevation);
    let color = (sky * day + vec3<f32>(1.0, 0.95, 0.85) * sun_disc) * thickness * (1.0 - below_horizon);
    return vec4<f32>(color, 0.0);
}
