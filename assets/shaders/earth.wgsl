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
// Cloud cover in red (0 clear, 1 overcast), linear.
@group(#{MATERIAL_BIND_GROUP}) @binding(4) var cloud_texture: texture_2d<f32>;
@group(#{MATERIAL_BIND_GROUP}) @binding(5) var cloud_sampler: sampler;
// Red: water (1) or land (0); green: the land's elevation, 0 to TERRAIN_FULL_SCALE_M.
@group(#{MATERIAL_BIND_GROUP}) @binding(6) var terrain_texture: texture_2d<f32>;
@group(#{MATERIAL_BIND_GROUP}) @binding(7) var terrain_sampler: sampler;

const PI: f32 = 3.14159265358979;
const EARTH_RADIUS_M: f32 = 6371000.0;
// Keep equal to scene::earth::TERRAIN_FULL_SCALE_M.
const TERRAIN_FULL_SCALE_M: f32 = 6400.0;
// The terrain map's texels (2048 x 1024).
const TERRAIN_TEXELS: vec2<f32> = vec2<f32>(2048.0, 1024.0);
// Relief is drawn this many times steeper than the map's: at 20 km a texel the true slopes are
// a few degrees, which no light would show.
const RELIEF_EXAGGERATION: f32 = 3.0;
// Height of the cloud deck that casts the shadows (a typical mid-level deck).
const CLOUD_HEIGHT_M: f32 = 6000.0;
// The air's extinction at the ground on a clear day (Koschmieder: 3.912 over a 40 km visual
// range), the aerosol's scale height, and the sky's colour at the horizon seen from the
// ground (linear; as the atmosphere shell draws it from the pad). L.
const CLEAR_DAY_EXTINCTION_PER_M: f32 = 3.912 / 40000.0;
const AEROSOL_SCALE_HEIGHT_M: f32 = 1200.0;
const HORIZON_SKY: vec3<f32> = vec3<f32>(0.70, 0.76, 0.90);

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
    // The rotation from world to Earth-fixed axes, row by row: the same for the whole mesh.
    @location(3) @interpolate(flat) fixed_from_world_0: vec3<f32>,
    @location(4) @interpolate(flat) fixed_from_world_1: vec3<f32>,
    @location(5) @interpolate(flat) fixed_from_world_2: vec3<f32>,
    // A ground patch's own vertex position (Earth-fixed axes, metres from the patch's centre,
    // exact to a millimetre in f32), and whether this mesh is a patch (1) or the globe (0).
    @location(6) local_position: vec3<f32>,
    @location(7) @interpolate(flat) is_patch: f32,
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
    let fixed_from_world_m = fixed_from_world(world_from_local);
    out.fixed_normal = fixed_from_world_m * world_normal;
    let rows = transpose(fixed_from_world_m);
    out.fixed_from_world_0 = rows[0];
    out.fixed_from_world_1 = rows[1];
    out.fixed_from_world_2 = rows[2];
    out.local_position = vertex.position;
    // The globe is a unit sphere scaled to the Earth; a patch is in metres, unscaled.
    out.is_patch = select(0.0, 1.0, length(world_from_local[0].xyz) < 10.0);
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
    let day_map = textureSampleGrad(day_texture, day_sampler, uv, ddx, ddy).rgb;
    let night = textureSampleGrad(night_texture, night_sampler, uv, ddx, ddy).rgb;
    let terrain = textureSampleGrad(terrain_texture, terrain_sampler, uv, ddx, ddy).rg;
    let cloud_here = textureSampleGrad(cloud_texture, cloud_sampler, uv, ddx, ddy).r;

    // Local east and north, Earth-fixed and in world axes.
    let world_from_fixed = mat3x3<f32>(in.fixed_from_world_0, in.fixed_from_world_1, in.fixed_from_world_2);
    let fixed_from_world_m = transpose(world_from_fixed);
    let east_f = normalize(vec3<f32>(-fixed.y, fixed.x, 0.0) + vec3<f32>(1e-6, 0.0, 0.0));
    let north_f = cross(fixed, east_f);
    let cos_lat = max(cos(latitude), 0.01);
    // Metres on the ground per unit of u and of v.
    let metres_per_u = 2.0 * PI * EARTH_RADIUS_M * cos_lat;
    let metres_per_v = PI * EARTH_RADIUS_M;
    // The ground one screen pixel covers, m.
    let footprint_m = max(length(vec2<f32>(ddx.x * metres_per_u, ddx.y * metres_per_v)),
                          length(vec2<f32>(ddy.x * metres_per_u, ddy.y * metres_per_v)));

    // Relief from the elevation map: its slope east and north over at least a texel (or the
    // pixel's footprint, so far views take the mip's own smoothness), tilts the normal.
    let step_uv = max(vec2<f32>(1.0) / TERRAIN_TEXELS, vec2<f32>(footprint_m / metres_per_u, footprint_m / metres_per_v));
    let height_east = textureSampleGrad(terrain_texture, terrain_sampler, uv + vec2<f32>(step_uv.x, 0.0), ddx, ddy).g;
    let height_north = textureSampleGrad(terrain_texture, terrain_sampler, uv - vec2<f32>(0.0, step_uv.y), ddx, ddy).g;
    let slope_east = (height_east - terrain.g) * TERRAIN_FULL_SCALE_M / (step_uv.x * metres_per_u);
    let slope_north = (height_north - terrain.g) * TERRAIN_FULL_SCALE_M / (step_uv.y * metres_per_v);
    let relief_f = normalize(fixed - RELIEF_EXAGGERATION * (slope_east * east_f + slope_north * north_f));
    let ground_n = normalize(world_from_fixed * relief_f);

    let sun = sun_direction();
    let cos_sun = dot(n, sun);
    let cos_sun_ground = dot(ground_n, sun);
    // The camera is the render origin (floating origin).
    let distance_m = length(in.world_position);
    let to_eye = in.world_position / -max(distance_m, 1e-3);
    let cos_view = max(dot(n, to_eye), 0.0);

    // Detail finer than the day map's 10 km texels, where the screen resolves it: value noise on
    // the Earth-fixed position, each octave fading in once it spans several pixels. On a ground
    // patch (the pad, a landing site) the finer octaves down to half a metre, on the patch's own
    // position: the globe's position in f32 is only good to 0.4 m, which would draw them blocky.
    let fine = select(0.0, fine_ground_detail(in.local_position, footprint_m), in.is_patch > 0.5);
    let day = day_map * (1.0 + (ground_detail(fixed * EARTH_RADIUS_M, footprint_m) + fine) * (1.0 - terrain.r));

    // Clouds: a deck seen from above. From close to the ground (shots at the pad) the deck is
    // overhead, not painted on the ground, so it fades out within 30 km of the eye.
    let cloud_seen = smoothstep(15000.0, 30000.0, distance_m);
    let cloud = cloud_here * cloud_seen;
    // The cloud that shades this ground lies towards the Sun, CLOUD_HEIGHT_M up.
    let sun_f = fixed_from_world_m * sun;
    let sun_up = dot(sun_f, fixed);
    let reach_m = CLOUD_HEIGHT_M * min(sqrt(max(1.0 - sun_up * sun_up, 0.0)) / max(sun_up, 0.1), 10.0);
    let sun_flat = vec2<f32>(dot(sun_f, east_f), dot(sun_f, north_f));
    let towards_sun = sun_flat / max(length(sun_flat), 1e-6);
    let shadow_uv = uv + vec2<f32>(towards_sun.x * reach_m / metres_per_u, -towards_sun.y * reach_m / metres_per_v);
    let cloud_shadow = textureSampleGrad(cloud_texture, cloud_sampler, shadow_uv, ddx, ddy).r * cloud_seen;

    // Lambert with a soft twilight band: the terminator is not a knife edge from orbit.
    let twilight = smoothstep(-0.08, 0.12, cos_sun);
    let ground_light = twilight * (0.15 + 0.85 * max(cos_sun_ground, 0.0)) * (1.0 - 0.6 * cloud_shadow);
    var color = day * ground_light * 1.15;

    // Sun glint off open water (the terrain map's mask), hidden under cloud.
    let halfway = normalize(sun + to_eye);
    color += vec3<f32>(1.0, 0.95, 0.85) * terrain.r * (1.0 - cloud) * pow(max(dot(n, halfway), 0.0), 180.0) * 0.9 * step(0.0, cos_sun);

    // The clouds over it, lit as a bright diffuse layer, reddened near the terminator.
    let cloud_tint = mix(vec3<f32>(1.0, 0.62, 0.42), vec3<f32>(1.0, 0.98, 0.95), smoothstep(0.0, 0.25, cos_sun));
    let cloud_light = twilight * (0.25 + 0.75 * max(cos_sun, 0.0));
    color = mix(color, cloud_tint * cloud_light * 1.05, cloud);

    // Aerial perspective near the ground (the pad's shots, the climb): the air between the eye
    // and the ground veils it towards the colour of the sky at the horizon, by Koschmieder's
    // law (transmittance exp(-tau)) with the extinction of a clear day, 3.912 / 40 km (L: NASA
    // reports a clear sky at lift-off), falling off with height as the aerosol does (scale
    // height 1.2 km, L), integrated along the straight line of sight from the ground up to the
    // eye. The eye's height over this ground: the line of sight's rise plus the Earth's curve
    // beneath it. From orbit the limb haze below takes over: this fades out above 15 km.
    let across_m = distance_m * sqrt(max(1.0 - cos_view * cos_view, 0.0));
    let rise_m = distance_m * cos_view + across_m * across_m / (2.0 * EARTH_RADIUS_M);
    let mean_density = select(1.0, AEROSOL_SCALE_HEIGHT_M * (1.0 - exp(-rise_m / AEROSOL_SCALE_HEIGHT_M)) / rise_m, rise_m > 1.0);
    let tau = CLEAR_DAY_EXTINCTION_PER_M * distance_m * mean_density;
    let veil = (1.0 - exp(-tau)) * (1.0 - smoothstep(15000.0, 25000.0, rise_m));
    let horizon_sky = HORIZON_SKY * smoothstep(-0.1, 0.15, cos_sun) * (1.0 - 0.5 * cloud);
    color = mix(color, horizon_sky, veil);

    // Haze thickening towards the limb on the day side, reddened near the terminator; it needs
    // tens of km of air between the eye and the ground, so nearby ground stays clear.
    let haze_color = mix(vec3<f32>(0.9, 0.45, 0.2), vec3<f32>(0.35, 0.55, 1.0), smoothstep(-0.05, 0.3, cos_sun));
    let air_between = 1.0 - exp(-distance_m / 60000.0);
    color += haze_color * pow(1.0 - cos_view, 3.0) * smoothstep(-0.15, 0.1, cos_sun) * 0.55 * air_between;

    // City lights where the Sun is down, dimmed where clouds cover them.
    let darkness = 1.0 - smoothstep(-0.12, 0.02, cos_sun);
    color += night * vec3<f32>(1.0, 0.82, 0.55) * darkness * 1.4 * (1.0 - 0.75 * cloud);

    return vec4<f32>(color, 1.0);
}

fn hash3(p: vec3<f32>) -> f32 {
    let q = fract(p * vec3<f32>(0.1031, 0.1030, 0.0973));
    let r = q + dot(q, q.yxz + 33.33);
    return fract((r.x + r.y) * r.z);
}

// Value noise in -0.5..0.5 on a unit lattice, smoothly interpolated.
fn value_noise(p: vec3<f32>) -> f32 {
    let i = floor(p);
    let f = p - i;
    let w = f * f * (3.0 - 2.0 * f);
    let x00 = mix(hash3(i), hash3(i + vec3<f32>(1.0, 0.0, 0.0)), w.x);
    let x10 = mix(hash3(i + vec3<f32>(0.0, 1.0, 0.0)), hash3(i + vec3<f32>(1.0, 1.0, 0.0)), w.x);
    let x01 = mix(hash3(i + vec3<f32>(0.0, 0.0, 1.0)), hash3(i + vec3<f32>(1.0, 0.0, 1.0)), w.x);
    let x11 = mix(hash3(i + vec3<f32>(0.0, 1.0, 1.0)), hash3(i + vec3<f32>(1.0, 1.0, 1.0)), w.x);
    return mix(mix(x00, x10, w.y), mix(x01, x11, w.y), w.z) - 0.5;
}

// Brightness variation of the ground below the day map's texel, about -0.4..0.4: five octaves from
// 8 km down to 30 m, each drawn only once it spans four pixels (so nothing shimmers), the coarse
// ones weaker where the map itself already shows that scale.
fn ground_detail(position_m: vec3<f32>, footprint_m: f32) -> f32 {
    return octaves(position_m, footprint_m, 8000.0, 5);
}

// Three octaves more, from 8 m down to 0.5 m: the tussocks, bare patches and ruts of the steppe
// at the scale of a camera on the ground.
fn fine_ground_detail(position_m: vec3<f32>, footprint_m: f32) -> f32 {
    return octaves(position_m, footprint_m, 7.8125, 3);
}

// `count` octaves of value noise from `first_m` down by quarters, each drawn only once it spans
// four pixels.
fn octaves(position_m: vec3<f32>, footprint_m: f32, first_m: f32, count: i32) -> f32 {
    var detail = 0.0;
    var scale_m = first_m;
    for (var octave = 0; octave < count; octave++) {
        let weight = smoothstep(4.0 * footprint_m, 16.0 * footprint_m, scale_m);
        if (weight > 0.0) {
            // Offsetting by a large multiple of the scale keeps the lattice's f32 cells small.
            let cell = position_m / scale_m;
            detail += weight * 0.3 * value_noise(cell - floor(cell / 4096.0) * 4096.0);
        }
        scale_m *= 0.25;
    }
    return detail;
}
