// The Earth by day and night. Latitude and longitude come from each fragment's Earth-fixed
// normal (geodetic on the ellipsoid), so the texture needs no mesh UVs and follows GMST exactly.
// Nothing here changes per frame in the material: the Earth's rotation is the mesh's own
// transform (local axes are Earth-fixed) and the Sun is the scene's directional light, both
// uniforms that Bevy writes once a frame anyway.
#import bevy_pbr::mesh_functions::{get_world_from_local, mesh_position_local_to_world, mesh_normal_local_to_world}
#import bevy_pbr::view_transformations::position_world_to_clip
#import ms19::sky::{sun_direction, fixed_from_world}

@group(#{MATERIAL_BIND_GROUP}) @binding(0) var day_texture: texture_2d<f32>;
@group(#{MATERIAL_BIND_GROUP}) @binding(1) var day_sampler: sampler;
@group(#{MATERIAL_BIND_GROUP}) @binding(2) var night_texture: texture_2d<f32>;
@group(#{MATERIAL_BIND_GROUP}) @binding(3) var night_sampler: sampler;

const PI: f32 = 3.14159265358979;

struct Vertex {
    @builtin(instance_index) instance_index: u32,
    @location(0) position: vec3<f32>,
    @location(1) normal: vec3<f32>,
};

struct EarthVarying {
    @builtin(position) clip_position: vec4<f32>,
    @location(0) world_position: vec3<f32>,
    @location(1) world_normal: vec3<f32>,
    // The normal in Earth-fixed axes, turned in the vertex stage: the fragment stage's screen
    // derivatives of latitude and longitude must come from interpolated values (derived there
    // from the mesh's storage buffer, lavapipe gives them per triangle).
    @location(2) fixed_normal: vec3<f32>,
};

@vertex
fn vertex(vertex: Vertex) -> EarthVarying {
    let world_from_local = get_world_from_local(vertex.instance_index);
    let world_position = mesh_position_local_to_world(world_from_local, vec4<f32>(vertex.position, 1.0)).xyz;
    let world_normal = mesh_normal_local_to_world(vertex.normal, vertex.instance_index);
    var out: EarthVarying;
    out.clip_position = position_world_to_clip(world_position);
    out.world_position = world_position;
    out.world_normal = world_normal;
    out.fixed_normal = fixed_from_world(world_from_local) * world_normal;
    return out;
}

@fragment
fn fragment(in: EarthVarying) -> @location(0) vec4<f32> {
    let n = normalize(in.world_normal);
    let fixed = normalize(in.fixed_normal);
    let longitude = atan2(fixed.y, fixed.x);
    let latitude = asin(clamp(fixed.z, -1.0, 1.0));
    // Equirectangular maps start at 180 W. Two copies of u with their seams half a turn apart;
    // use the one whose screen derivative is smooth here (Tarini 2012), else a one-pixel seam
    // line appears where the mip level jumps.
    // The two copies differ by a whole turn, which the repeating sampler does not see; only the
    // derivatives must come from the same copy.
    let u_a = longitude / (2.0 * PI) + 0.5;
    let u_b = fract(u_a + 0.5) - 0.5;
    let du_a = vec2<f32>(dpdx(u_a), dpdy(u_a));
    let du_b = vec2<f32>(dpdx(u_b), dpdy(u_b));
    let use_b = abs(du_a.x) + abs(du_a.y) > abs(du_b.x) + abs(du_b.y);
    let du = select(du_a, du_b, use_b);
    let v = 0.5 - latitude / PI;
    let uv = vec2<f32>(select(u_a, u_b, use_b), v);
    let ddx = vec2<f32>(du.x, dpdx(v));
    let ddy = vec2<f32>(du.y, dpdy(v));
    let day = textureSampleGrad(day_texture, day_sampler, uv, ddx, ddy).rgb;
    let night = textureSampleGrad(night_texture, night_sampler, uv, ddx, ddy).rgb;

    let sun = sun_direction();
    let cos_sun = dot(n, sun);
    // The camera is the render origin (floating origin).
    let to_eye = normalize(-in.world_position);
    let cos_view = max(dot(n, to_eye), 0.0);

    // Lambert with a soft twilight band: the terminator is not a knife edge from orbit.
    let daylight = smoothstep(-0.08, 0.12, cos_sun) * (0.15 + 0.85 * max(cos_sun, 0.0));
    var color = day * daylight * 1.15;

    // Sun glint off water (bluish, dark pixels of the day map).
    let water = smoothstep(0.02, 0.10, day.b - max(day.r, day.g)) * (1.0 - smoothstep(0.25, 0.45, day.g));
    let halfway = normalize(sun + to_eye);
    color += vec3<f32>(1.0, 0.95, 0.85) * water * pow(max(dot(n, halfway), 0.0), 180.0) * 0.9 * step(0.0, cos_sun);

    // Haze thickening towards the limb on the day side, reddened near the terminator; it needs
    // tens of km of air between the eye and the ground, so nearby ground stays clear.
    let haze_color = mix(vec3<f32>(0.9, 0.45, 0.2), vec3<f32>(0.35, 0.55, 1.0), smoothstep(-0.05, 0.3, cos_sun));
    let air_between = 1.0 - exp(-length(in.world_position) / 60000.0);
    color += haze_color * pow(1.0 - cos_view, 3.0) * smoothstep(-0.15, 0.1, cos_sun) * 0.55 * air_between;

    // City lights where the Sun is down.
    let darkness = 1.0 - smoothstep(-0.12, 0.02, cos_sun);
    color += night * vec3<f32>(1.0, 0.82, 0.55) * darkness * 1.4;

    return vec4<f32>(color, 1.0);
}
