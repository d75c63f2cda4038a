// A bright source's glare as a camera records it: light scattered in the lens round the
// source (what a bloom pass does on an HDR frame; ours is not HDR), drawn additively on the
// front of a sphere about it, so it looks the same from every side. Brightest where the line
// of sight passes through the centre, nothing at the rim; a soft shoulder (1 - e^-x) so that a
// glare far over the white point fades out instead of ending in a hard-edged disc.
#import bevy_pbr::forward_io::VertexOutput
#import bevy_pbr::mesh_view_bindings::view
#import bevy_pbr::mesh_functions::get_world_from_local

struct GlareParams {
    // rgb: luminance at the centre, cd/m²; w: the fall-off's power.
    glow: vec4<f32>,
};

@group(#{MATERIAL_BIND_GROUP}) @binding(0) var<uniform> params: GlareParams;

@fragment
fn fragment(in: VertexOutput) -> @location(0) vec4<f32> {
    let world_from_local = get_world_from_local(in.instance_index);
    let centre = world_from_local[3].xyz;
    let radius = length(world_from_local[0].xyz);
    let to_eye = normalize(view.world_position - in.world_position.xyz);
    let offset = in.world_position.xyz - centre;
    // How far the line of sight passes from the centre, in radii.
    let miss = length(offset - to_eye * dot(offset, to_eye)) / radius;
    let fall = pow(max(1.0 - miss, 0.0), params.glow.w);
    let seen = params.glow.rgb * (fall * view.exposure);
    // Alpha 0: Bevy blends `Add` as premultiplied alpha (the background times 1 - alpha).
    return vec4<f32>(vec3<f32>(1.0) - exp(-seen), 0.0);
}
