// An engine's exhaust jet, drawn additively on a frustum's side (its caps discarded): glowing
// gas, so as bright as the depth of jet the line of sight crosses (the most through its middle,
// none along its rim: a soft edge), brightest at the nozzle and fading down the jet, at a
// luminance the camera's exposure governs.
#import bevy_pbr::forward_io::VertexOutput
#import bevy_pbr::mesh_view_bindings::view
#import bevy_pbr::mesh_functions::get_world_from_local

struct PlumeParams {
    // rgb: luminance at the nozzle, cd/m²; w: e-folding length of the fade, in jet lengths.
    glow: vec4<f32>,
};

@group(#{MATERIAL_BIND_GROUP}) @binding(0) var<uniform> params: PlumeParams;

@fragment
fn fragment(in: VertexOutput) -> @location(0) vec4<f32> {
    let world_from_local = get_world_from_local(in.instance_index);
    // The jet's axis scaled by its length (the mesh's height is 1), nozzle at local y = +0.5.
    let axis = world_from_local[1].xyz;
    let normal = normalize(in.world_normal);
    if abs(dot(normal, normalize(axis))) > 0.999 {
        discard;
    }
    let local_y = dot(in.world_position.xyz - world_from_local[3].xyz, axis) / dot(axis, axis);
    let from_nozzle = clamp(0.5 - local_y, 0.0, 1.0);
    let to_eye = normalize(view.world_position - in.world_position.xyz);
    let facing = abs(dot(normal, to_eye));
    let depth = facing * facing;
    let fade = exp(-from_nozzle / params.glow.w) * (1.0 - from_nozzle);
    // Alpha 0: Bevy blends `Add` as premultiplied alpha (the background times 1 - alpha).
    return vec4<f32>(params.glow.rgb * (depth * fade * view.exposure), 0.0);
}
