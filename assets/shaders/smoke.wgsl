// A puff of the launch cloud: a ball of steam and dust lit by the Sun as a diffuse surface (the
// side away from it in the sky's light), soft-edged (as thick as the line of sight through it:
// opaque through the middle, clear at the rim), at a luminance the camera's exposure governs.
#import bevy_pbr::forward_io::VertexOutput
#import bevy_pbr::mesh_view_bindings::{view, lights}

struct SmokeParams {
    // rgb: albedo; a: opacity through the middle.
    color: vec4<f32>,
};

@group(#{MATERIAL_BIND_GROUP}) @binding(0) var<uniform> params: SmokeParams;

const PI: f32 = 3.141592653589793;
// The shadowed side's share of the sunlit side's light (the sky and the ground's light).
const SKY_SHARE: f32 = 0.3;

@fragment
fn fragment(in: VertexOutput) -> @location(0) vec4<f32> {
    let normal = normalize(in.world_normal);
    let to_eye = normalize(view.world_position - in.world_position.xyz);
    let sun = lights.directional_lights[0];
    let lambert = max(dot(normal, normalize(sun.direction_to_light)), 0.0) * (1.0 - SKY_SHARE) + SKY_SHARE;
    let light = params.color.rgb * sun.color.rgb * (lambert / PI) * view.exposure;
    let depth = abs(dot(normal, to_eye));
    return vec4<f32>(light, params.color.a * depth * depth);
}
