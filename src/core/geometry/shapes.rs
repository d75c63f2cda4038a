//! Contact shapes (parry3d-f64) from the part lists: one convex piece a part, a model's or a
//! whole assembly's, and the clearance between two.

use super::model::{ELLIPSOID_RINGS, ModelDef, Part, Placed, Shape, ring, y_to_x};
use nalgebra::{Isometry3, Point3, Translation3, UnitQuaternion};
use parry3d_f64::shape::{Compound, SharedShape};

/// A part's shape for contact, and the turn from its own frame to the part's (axis along x).
fn part_contact_shape(shape: &Shape) -> (UnitQuaternion<f64>, SharedShape) {
    let along_x = UnitQuaternion::identity();
    match *shape {
        Shape::Box { size_m } => (along_x, SharedShape::cuboid(0.5 * size_m.x, 0.5 * size_m.y, 0.5 * size_m.z)),
        // parry's cylinder stands along y.
        Shape::Cylinder { radius_m, length_m } => (y_to_x(), SharedShape::cylinder(0.5 * length_m, radius_m)),
        Shape::Frustum { radius_aft_m, radius_fore_m, length_m } => {
            let points: Vec<_> =
                ring(-0.5 * length_m, radius_aft_m).chain(ring(0.5 * length_m, radius_fore_m)).collect();
            (along_x, SharedShape::convex_hull(&points).expect("a frustum's two rings span a solid"))
        }
        Shape::Ellipsoid { semi_axes_m } => {
            let points: Vec<_> = (0..=ELLIPSOID_RINGS)
                .flat_map(|i| {
                    let polar = i as f64 * std::f64::consts::PI / ELLIPSOID_RINGS as f64;
                    let (sin_p, cos_p) = polar.sin_cos();
                    ring(semi_axes_m.x * cos_p, sin_p)
                        .map(move |p| Point3::new(p.x, semi_axes_m.y * p.y, semi_axes_m.z * p.z))
                })
                .collect();
            (along_x, SharedShape::convex_hull(&points).expect("an ellipsoid's rings span a solid"))
        }
    }
}

/// A part list's convex pieces, placed by `pose`, its Sun-tracking arrays turned to
/// `sun_tracking_angle_rad`: one piece per part, at the part's place.
fn contact_pieces(
    model: &ModelDef,
    pose: &Isometry3<f64>,
    sun_tracking_angle_rad: f64,
) -> impl Iterator<Item = (Isometry3<f64>, SharedShape)> {
    model.parts.iter().map(move |part| {
        let (local, shape) = part_piece(&part.posed(sun_tracking_angle_rad));
        (pose * local, shape)
    })
}

/// A part's convex piece in its vehicle's body frame, where the part list places it (a
/// Sun-tracking array unturned).
pub fn part_piece(part: &Part) -> (Isometry3<f64>, SharedShape) {
    let (turn, shape) = part_contact_shape(&part.shape);
    (Isometry3::from_parts(Translation3::from(part.center_m), part.rotation * turn), shape)
}

/// The contact shape of a part list, its Sun-tracking arrays turned to `sun_tracking_angle_rad`.
pub fn contact_shape(model: &ModelDef, sun_tracking_angle_rad: f64) -> Compound {
    Compound::new(contact_pieces(model, &Isometry3::identity(), sun_tracking_angle_rad).collect())
}

/// The contact shape of a station and the vehicles placed on it, in the station's body frame.
pub fn assembly_contact_shape(assembly: &[Placed], sun_tracking_angle_rad: f64) -> Compound {
    Compound::new(assembly_pieces(assembly, sun_tracking_angle_rad).map(|(_, _, piece)| piece).collect())
}

/// The convex pieces of a station and the vehicles placed on it, in the station's body frame,
/// each with the vehicle it belongs to (its index in `assembly`) and the part it stands for.
pub fn assembly_pieces(
    assembly: &[Placed],
    sun_tracking_angle_rad: f64,
) -> impl Iterator<Item = (usize, &Part, (Isometry3<f64>, SharedShape))> {
    assembly.iter().enumerate().flat_map(move |(index, placed)| {
        let pieces = contact_pieces(&placed.model, &placed.pose, sun_tracking_angle_rad);
        placed.model.parts.iter().zip(pieces).map(move |(part, piece)| (index, part, piece))
    })
}

/// Gap between two vehicles' contact shapes at their poses (body to a common frame), metres;
/// zero when they touch or overlap.
pub fn clearance_m(a: &Compound, pose_a: &Isometry3<f64>, b: &Compound, pose_b: &Isometry3<f64>) -> f64 {
    parry3d_f64::query::distance(pose_a, a, pose_b, b).expect("parry measures compounds of convex pieces")
}
