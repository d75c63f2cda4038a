//! Mass properties from the part lists: each part's volume shares its module's mass.

use super::model::{ModelDef, Part, Shape};
use crate::core::Vector3d;

/// A uniform solid's volume, m³, its centroid along its own x, m, and its inertia about that
/// centroid in its own frame (axis along x) per kilogram, kg m² / kg. Boxes by the textbook
/// formula (Meriam & Kraige, *Engineering Mechanics: Dynamics*, table D/4); round shapes by
/// summing thin elliptic slices across x (each slice (b² + c²)/4 about x, c²/4 and b²/4
/// across, plus x² by the parallel-axis theorem), by Simpson's rule over [`INERTIA_SLICES`].
fn solid_moments(shape: &Shape) -> (f64, f64, Vector3d) {
    if let Shape::Box { size_m } = *shape {
        let s = size_m.component_mul(&size_m) / 12.0;
        return (size_m.x * size_m.y * size_m.z, 0.0, Vector3d::new(s.y + s.z, s.x + s.z, s.x + s.y));
    }
    let half = shape.half_length_m();
    // Per slice, its area over pi: that alone, times x, and times its second moments about
    // x, y and z (about the shape's middle).
    let slice = |x: f64| {
        let (b, c) = shape.semi_axes_across_m(x);
        let area = b * c;
        let moments = Vector3d::new((b * b + c * c) / 4.0, c * c / 4.0 + x * x, b * b / 4.0 + x * x);
        (nalgebra::Vector2::new(area, area * x), moments * area)
    };
    let h = 2.0 * half / INERTIA_SLICES as f64;
    let (mass, moments) =
        (0..=INERTIA_SLICES).fold((nalgebra::Vector2::zeros(), Vector3d::zeros()), |(mass, moments), k| {
            let weight = if k == 0 || k == INERTIA_SLICES {
                1.0
            } else if k % 2 == 1 {
                4.0
            } else {
                2.0
            };
            let (m, i) = slice(-half + k as f64 * h);
            (mass + m * weight, moments + i * weight)
        });
    let centroid_m = mass[1] / mass[0];
    let about_middle = moments / mass[0];
    let to_centroid = Vector3d::new(0.0, centroid_m * centroid_m, centroid_m * centroid_m);
    (std::f64::consts::PI * mass[0] * h / 3.0, centroid_m, about_middle - to_centroid)
}

/// Slices for Simpson's rule in [`solid_moments`] (even).
const INERTIA_SLICES: usize = 2000;

/// The inertia tensor of a part list about its centre of mass, body axes, kg m², and that
/// centre, m, with each part named in `masses_kg` a uniform solid of that mass (parts of one
/// name share it by volume; parts not named weigh nothing): each part's tensor turned into
/// body axes and moved to the common centre by the parallel-axis theorem (Meriam & Kraige,
/// §7/7). `None` if a name has no part.
pub fn inertia_tensor_kg_m2(model: &ModelDef, masses_kg: &[(&str, f64)]) -> Option<(nalgebra::Matrix3<f64>, Vector3d)> {
    // Each piece: its mass, its centroid in the body frame, and its tensor there about it.
    let mut pieces: Vec<(f64, Vector3d, nalgebra::Matrix3<f64>)> = Vec::new();
    for &(name, mass_kg) in masses_kg {
        let named: Vec<(&Part, (f64, f64, Vector3d))> =
            model.parts.iter().filter(|p| p.name == name).map(|p| (p, solid_moments(&p.shape))).collect();
        if named.is_empty() {
            return None;
        }
        let volume_m3: f64 = named.iter().map(|(_, (volume, ..))| volume).sum();
        pieces.extend(named.into_iter().map(|(p, (volume, centroid_m, unit))| {
            let m = mass_kg * volume / volume_m3;
            let turn = p.rotation.to_rotation_matrix();
            let own = turn.matrix() * nalgebra::Matrix3::from_diagonal(&(unit * m)) * turn.matrix().transpose();
            (m, p.center_m + p.rotation * Vector3d::new(centroid_m, 0.0, 0.0), own)
        }));
    }
    let mass_kg: f64 = pieces.iter().map(|(m, ..)| m).sum();
    let centre_m = pieces.iter().map(|(m, at, _)| at * *m).sum::<Vector3d>() / mass_kg;
    let tensor = pieces.iter().fold(nalgebra::Matrix3::zeros(), |sum, (m, at, own)| {
        let d = at - centre_m;
        sum + own + (nalgebra::Matrix3::identity() * d.dot(&d) - d * d.transpose()) * *m
    });
    Some((tensor, centre_m))
}
