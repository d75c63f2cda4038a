// What the Earth and its atmosphere need of the frame, read from uniforms Bevy writes once a
// frame anyway (the view's lights and the mesh's transform), so that no material changes per
// frame (a changed material rebuilds its bind group).
#define_import_path ms19::sky

#import bevy_pbr::mesh_view_bindings::lights

// Unit vector towards the Sun: the scene's one directional light shines from it.
fn sun_direction() -> vec3<f32> {
    return normalize(lights.directional_lights[0].direction_to_light);
}

// Rotation from Bevy world axes to a mesh's local axes (Earth-fixed for the Earth, its shell and
// the pad's patch), the mesh's scale divided out of its transform.
fn fixed_from_world(world_from_local: mat4x4<f32>) -> mat3x3<f32> {
    let m = world_from_local;
    return transpose(mat3x3<f32>(normalize(m[0].xyz), normalize(m[1].xyz), normalize(m[2].xyz)));
}
