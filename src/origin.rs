//! Floating origin: bodies live in f64 inertial coordinates; each frame the camera's position is
//! subtracted in f64 and only the small difference becomes an f32 `Transform`, so a close-up at
//! 6,800 km from the Earth's centre has sub-millimetre precision.
//!
//! [`OriginPlugin`] owns the origin: the camera moves it, the scene and the overlays draw from it,
//! and this plugin alone turns positions into transforms.

use crate::core::Vector3d;
use crate::sim::WorldPosition;
use bevy::prelude::*;
use bevy::transform::TransformSystems;
use nalgebra::{Matrix3, UnitQuaternion};

/// The floating origin and the transforms made from it. The plugins that move or draw from it add
/// it (through [`crate::app::require`]): an app may have any of them alone.
pub struct OriginPlugin;

impl Plugin for OriginPlugin {
    fn build(&self, app: &mut App) {
        // After everything has moved this frame, before Bevy propagates transforms to children.
        app.init_resource::<FloatingOrigin>()
            .add_systems(PostUpdate, apply_floating_origin.before(TransformSystems::Propagate));
    }
}

/// Inertial axes (z to the north pole) to Bevy's (y up): (x, y, z) ↦ (x, z, −y), a rotation.
pub fn bevy_from_eci(v: &Vector3d) -> Vec3 {
    Vec3::new(v.x as f32, v.z as f32, -v.y as f32)
}

/// [`bevy_from_eci`] as a matrix (its transpose takes Bevy's axes back to inertial ones).
pub fn bevy_from_eci_matrix() -> Matrix3<f64> {
    Matrix3::new(1.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0, -1.0, 0.0)
}

/// Bevy rotation of a body whose attitude is given as body → inertial.
pub fn bevy_rotation(body_to_eci: &UnitQuaternion<f64>) -> Quat {
    let m = bevy_from_eci_matrix() * body_to_eci.to_rotation_matrix().matrix();
    let q = UnitQuaternion::from_matrix(&m);
    Quat::from_xyzw(q.i as f32, q.j as f32, q.k as f32, q.w as f32).normalize()
}

/// Where the render origin is, in inertial metres: the camera's position.
#[derive(Resource, Clone, Copy, Debug, Default, PartialEq)]
pub struct FloatingOrigin(pub Vector3d);

/// Body → inertial attitude of an entity drawn at a [`WorldPosition`].
#[derive(Component, Clone, Copy, Debug, PartialEq)]
pub struct WorldAttitude(pub UnitQuaternion<f64>);

impl Default for WorldAttitude {
    fn default() -> Self {
        Self(UnitQuaternion::identity())
    }
}

/// Camera-relative f32 transforms from f64 inertial positions.
fn apply_floating_origin(
    origin: Res<FloatingOrigin>,
    mut placed: Query<(&WorldPosition, Option<&WorldAttitude>, &mut Transform)>,
) {
    for (position, attitude, mut transform) in &mut placed {
        transform.translation = bevy_from_eci(&(position.0 - origin.0));
        if let Some(attitude) = attitude {
            transform.rotation = bevy_rotation(&attitude.0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eci_to_bevy_is_a_rotation_that_keeps_the_pole_up() {
        assert_eq!(bevy_from_eci(&Vector3d::z()), Vec3::Y);
        assert!((bevy_from_eci_matrix().determinant() - 1.0).abs() < 1e-15);
        let attitude = crate::core::attitude::Attitude::from_axes(
            &Vector3d::y(),
            &-Vector3d::x(),
            &Vector3d::z(),
            Vector3d::zeros(),
        );
        let q = bevy_rotation(&attitude.body_to_inertial);
        // Body x is inertial y, which is Bevy −z.
        assert!((q * Vec3::X - Vec3::NEG_Z).length() < 1e-6);
    }

    #[test]
    fn close_up_far_from_the_origin_keeps_millimetres() {
        let origin = Vector3d::new(6_778_137.0, 1234.5678, -42.0);
        let body = origin + Vector3d::new(20.0004, 0.0, 0.0);
        let offset = bevy_from_eci(&(body - origin));
        assert!((offset.x - 20.0004).abs() < 1e-5);
    }
}
