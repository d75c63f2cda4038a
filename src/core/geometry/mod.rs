//! The vehicles' shapes as data, in f64 and each vehicle's body frame (metres): the part lists
//! that the scene turns into meshes and the physics into contact shapes, and the docking ports
//! as named frames derived from those parts. Body frames: the ISS's x forward along the
//! velocity (+XVV flight), y to starboard, z to nadir (NASA SSP 30219 analysis frame); the
//! Soyuz's x along its axis towards the docking probe, y along the solar arrays; the
//! launcher's x up from the pad.

mod parts;

pub use parts::{
    DOCKING_TARGET, DOCKING_TARGET_OFFSET_M, SOYUZ_MS_MODULE_MASSES_KG, SupportArm, crew_dragon, cygnus, iss,
    launcher_stack, model, pad_deck, pad_support_arms, progress_ms, soyuz_ms, soyuz_ms_mass_properties,
    support_arm_swing_rad,
};

use super::Vector3d;
use nalgebra::{Isometry3, Point3, Translation3, UnitQuaternion};
use parry3d_f64::shape::{Compound, SharedShape};
use serde::Deserialize;

/// A primitive, axis along local x where it has one.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Shape {
    Box {
        size_m: Vector3d,
    },
    Cylinder {
        radius_m: f64,
        length_m: f64,
    },
    /// A truncated cone from `radius_aft_m` (−x end) to `radius_fore_m` (+x end).
    Frustum {
        radius_aft_m: f64,
        radius_fore_m: f64,
        length_m: f64,
    },
    /// An ellipsoid with these semi-axes.
    Ellipsoid {
        semi_axes_m: Vector3d,
    },
}

impl Shape {
    /// Half its extent along its local x axis, metres.
    pub fn half_length_m(&self) -> f64 {
        match *self {
            Shape::Box { size_m } => 0.5 * size_m.x,
            Shape::Cylinder { length_m, .. } | Shape::Frustum { length_m, .. } => 0.5 * length_m,
            Shape::Ellipsoid { semi_axes_m } => semi_axes_m.x,
        }
    }

    /// Its semi-axes across local x (along y and z) at `x_m` from its middle, metres.
    fn semi_axes_across_m(&self, x_m: f64) -> (f64, f64) {
        match *self {
            Shape::Box { size_m } => (0.5 * size_m.y, 0.5 * size_m.z),
            Shape::Cylinder { radius_m, .. } => (radius_m, radius_m),
            Shape::Frustum { radius_aft_m, radius_fore_m, length_m } => {
                let r = radius_aft_m + (radius_fore_m - radius_aft_m) * (x_m / length_m + 0.5);
                (r, r)
            }
            Shape::Ellipsoid { semi_axes_m: a } => {
                let k = (1.0 - (x_m / a.x).powi(2)).max(0.0).sqrt();
                (a.y * k, a.z * k)
            }
        }
    }

    /// Its radius at the local x of `end`, metres (half the z extent for a box).
    fn radius_at_m(&self, end: PortEnd) -> f64 {
        match (*self, end) {
            (Shape::Box { size_m }, _) => 0.5 * size_m.z,
            (Shape::Cylinder { radius_m, .. }, _) => radius_m,
            (Shape::Frustum { radius_aft_m, .. }, PortEnd::Aft) => radius_aft_m,
            (Shape::Frustum { radius_fore_m, .. }, PortEnd::Fore) => radius_fore_m,
            (Shape::Frustum { radius_aft_m, radius_fore_m, .. }, PortEnd::Side { .. }) => {
                0.5 * (radius_aft_m + radius_fore_m)
            }
            (Shape::Ellipsoid { semi_axes_m }, _) => semi_axes_m.z,
        }
    }
}

/// Surface finishes, each one material in the scene.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Finish {
    /// White thermal blankets and paint of pressurised modules.
    Module,
    /// Bare aluminium of the truss.
    Truss,
    /// The US arrays' bronze-gold photovoltaic blankets.
    UsSolarArray,
    /// Russian and Soyuz arrays, dark blue cells.
    BlueSolarArray,
    /// White radiator panels.
    Radiator,
    /// The khaki-green thermal blankets of the Soyuz orbital and descent modules.
    SoyuzBlanket,
    /// Dark structure: engine bells, docking mechanisms, lattice.
    Dark,
    /// Light grey rocket body.
    RocketBody,
    /// Orange-brown engine and booster bases, concrete of the pad.
    Concrete,
    /// The white crosses of a docking target, painted to be seen in a periscope.
    TargetMarking,
    /// The red and the blue of the Soyuz-2.1a's stripes for this flight.
    LiveryRed,
    LiveryBlue,
}

impl Finish {
    pub const ALL: [Finish; 12] = [
        Finish::Module,
        Finish::Truss,
        Finish::UsSolarArray,
        Finish::BlueSolarArray,
        Finish::Radiator,
        Finish::SoyuzBlanket,
        Finish::Dark,
        Finish::RocketBody,
        Finish::Concrete,
        Finish::TargetMarking,
        Finish::LiveryRed,
        Finish::LiveryBlue,
    ];
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Part {
    pub name: &'static str,
    pub shape: Shape,
    pub center_m: Vector3d,
    /// Orientation of the part's x axis (and cross-section) in the body frame.
    pub rotation: UnitQuaternion<f64>,
    pub finish: Finish,
    /// Solar arrays that turn about the body's y axis through this point to face the Sun (the
    /// ISS's alpha joints turn the outboard truss; Soyuz arrays are fixed).
    pub sun_tracking_pivot_m: Option<Vector3d>,
    /// Folded against the spacecraft inside the fairing, unfolded after separation.
    pub deploys_after_separation: bool,
}

impl Part {
    /// The part turned by `angle_rad` about the body's y axis through its pivot, if it tracks
    /// the Sun; unchanged otherwise.
    pub fn posed(&self, sun_tracking_angle_rad: f64) -> Part {
        let Some(pivot) = self.sun_tracking_pivot_m else { return *self };
        let turn = UnitQuaternion::from_axis_angle(&Vector3d::y_axis(), sun_tracking_angle_rad);
        Part { center_m: pivot + turn * (self.center_m - pivot), rotation: turn * self.rotation, ..*self }
    }

    /// The point of the part at `end`, and the outward axis there, in the body frame.
    fn frame_at(&self, end: PortEnd) -> PortFrame {
        let half = self.shape.half_length_m();
        let local = match end {
            PortEnd::Fore => (Vector3d::new(half, 0.0, 0.0), Vector3d::x()),
            PortEnd::Aft => (Vector3d::new(-half, 0.0, 0.0), -Vector3d::x()),
            PortEnd::Side { toward } => (toward * self.shape.radius_at_m(end), toward),
        };
        PortFrame { position_m: self.center_m + self.rotation * local.0, axis: self.rotation * local.1 }
    }
}

/// Docking ports, and the Soyuz's own docking unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PortId {
    RassvetNadir,
    NaukaNadir,
    PoiskZenith,
    ZvezdaAft,
    HarmonyForward,
    HarmonyZenith,
    UnityNadir,
    /// The probe of a Soyuz or a Progress, its tip.
    SoyuzProbe,
    /// A visitor's own mating face at its fore end: Crew Dragon's docking adapter, Cygnus's
    /// berthing mechanism.
    Nose,
}

/// Where on its part a port sits.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum PortEnd {
    /// The part's +x end face.
    Fore,
    /// The part's −x end face.
    Aft,
    /// On the part's surface, along this unit direction across its axis (part-local y or z).
    Side { toward: Vector3d },
}

/// A port: which part carries it and where on it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Port {
    pub id: PortId,
    /// Its name as the log shows it.
    pub label: &'static str,
    pub part: &'static str,
    pub end: PortEnd,
    /// The receiving cone of a Russian passive docking unit, where a probe docks.
    pub drogue: Option<Drogue>,
}

/// The receiving cone (drogue) of a Russian passive docking unit: recessed in the port's face,
/// narrowing from its mouth to the socket that latches the probe's head. The mouth sets the
/// lateral capture envelope: a head that lands inside it is guided in, one outside strikes
/// the docking ring (ms19-facts: "the receiving cone guides the probe head").
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Drogue {
    pub mouth_radius_m: f64,
    pub socket_radius_m: f64,
    pub depth_m: f64,
}

/// The SSVP drogue. Its sizes are not published: a mouth 0.4 m across, the lateral capture
/// figure conservative for Syromiatnikov's unreadable Table 1.1 (L), within the 0.8 m hatch it
/// is removed from after docking; a socket just wider than the probe's 0.16 m head and a depth
/// of 0.3 m are ours (L).
pub const SSVP_DROGUE: Drogue = Drogue { mouth_radius_m: 0.2, socket_radius_m: 0.1, depth_m: 0.3 };

impl Drogue {
    /// The cone's inner surface, its socket, and the docking ring's face from the mouth out to
    /// `face_radius_m`, as one surface in the port's frame (local x out of the port, the mouth
    /// at x = 0): what a probe can touch at the port.
    pub fn surface(&self, face_radius_m: f64) -> SharedShape {
        let n = ROUND_SEGMENTS;
        let mut points: Vec<Point3<f64>> = ring(0.0, face_radius_m)
            .chain(ring(0.0, self.mouth_radius_m))
            .chain(ring(-self.depth_m, self.socket_radius_m))
            .collect();
        points.push(Point3::new(-self.depth_m, 0.0, 0.0));
        let mut triangles = Vec::new();
        // Two rings of `n` points each, joined by a band of quads.
        let band = |outer: u32, inner: u32, triangles: &mut Vec<[u32; 3]>| {
            for k in 0..n {
                let next = (k + 1) % n;
                triangles.push([outer + k, outer + next, inner + k]);
                triangles.push([inner + k, outer + next, inner + next]);
            }
        };
        band(0, n, &mut triangles);
        band(n, 2 * n, &mut triangles);
        let centre = 3 * n;
        triangles.extend((0..n).map(|k| [2 * n + k, 2 * n + (k + 1) % n, centre]));
        SharedShape::trimesh(points, triangles).expect("the drogue's rings make a valid surface")
    }
}

/// A port's centre and outward axis in its vehicle's body frame.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PortFrame {
    pub position_m: Vector3d,
    pub axis: Vector3d,
}

/// Which part list a body is drawn and hit with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ModelId {
    Iss,
    SoyuzMs,
    ProgressMs,
    CrewDragon,
    Cygnus,
    Booster,
    CoreStage,
    ThirdStage,
    AftSkirt,
    Fairing,
    EscapeTower,
}

/// The pieces of the Soyuz-2.1a stack, each drawn until it leaves.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StackPiece {
    Boosters,
    Core,
    ThirdStage,
    Fairing,
    EscapeTower,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ModelDef {
    pub name: &'static str,
    pub parts: Vec<Part>,
    pub ports: Vec<Port>,
}

impl ModelDef {
    pub fn part(&self, name: &str) -> Option<&Part> {
        self.parts.iter().find(|p| p.name == name)
    }

    pub fn port(&self, id: PortId) -> Option<&Port> {
        self.ports.iter().find(|p| p.id == id)
    }

    /// A port's frame, derived from its part.
    /// The radius of the face a port sits on (its part's, across its axis), m; zero without it.
    pub fn port_face_radius_m(&self, id: PortId) -> f64 {
        let part = self.port(id).and_then(|port| self.part(port.part));
        match part.map(|p| &p.shape) {
            Some(Shape::Cylinder { radius_m, .. }) => *radius_m,
            Some(Shape::Frustum { radius_aft_m, radius_fore_m, .. }) => radius_aft_m.max(*radius_fore_m),
            Some(Shape::Box { size_m }) => 0.5 * size_m.y.max(size_m.z),
            Some(Shape::Ellipsoid { semi_axes_m }) => semi_axes_m.y.max(semi_axes_m.z),
            None => 0.0,
        }
    }

    pub fn port_frame(&self, id: PortId) -> Option<PortFrame> {
        let port = self.port(id)?;
        Some(self.part(port.part)?.frame_at(port.end))
    }

    /// A port's drogue, its frame and the radius of the face around it; none where the port
    /// has no drogue.
    pub fn port_drogue(&self, id: PortId) -> Option<(PortFrame, Drogue, f64)> {
        let drogue = self.port(id)?.drogue?;
        Some((self.port_frame(id)?, drogue, self.port_face_radius_m(id)))
    }

    /// Where a visitor meets a station's port: its probe, or its nose.
    pub fn mating_frame(&self) -> Option<PortFrame> {
        self.port_frame(PortId::SoyuzProbe).or_else(|| self.port_frame(PortId::Nose))
    }
}

/// A vehicle's part list placed in another's body frame: a visitor on its station.
#[derive(Clone, Debug, PartialEq)]
pub struct Placed {
    /// Its name as the log shows it; empty for the station itself.
    pub label: String,
    pub model: ModelDef,
    /// Its body frame in the station's.
    pub pose: Isometry3<f64>,
}

/// The turn that mates a visitor to a port: its x against the port's outward `axis`, its y
/// along the station's y where the axis leaves room, else along x (ours: arrays across the
/// track, as the Soyuz flies in).
pub fn mated_rotation(axis: &Vector3d) -> UnitQuaternion<f64> {
    let x = -axis;
    let across = if axis.y.abs() < 0.9 { Vector3d::y() } else { Vector3d::x() };
    let y = (across - x * x.dot(&across)).normalize();
    let m = nalgebra::Matrix3::from_columns(&[x, y, x.cross(&y)]);
    UnitQuaternion::from_matrix(&m)
}

/// A visitor's pose on a station's port: its mating face on the port's face, turned by
/// [`mated_rotation`]; none without the port or a mating face.
pub fn mated_pose(station: &ModelDef, port: PortId, visitor: &ModelDef) -> Option<Isometry3<f64>> {
    let (port, mating) = (station.port_frame(port)?, visitor.mating_frame()?);
    let rotation = mated_rotation(&port.axis);
    Some(Isometry3::from_parts(Translation3::from(port.position_m - rotation * mating.position_m), rotation))
}

/// Angle about the body y axis that turns a panel whose face points along body z towards the
/// Sun's direction projected on the body x-z plane (what the ISS's alpha joints do).
pub fn sun_tracking_angle_rad(sun_in_body: &Vector3d) -> f64 {
    sun_in_body.x.atan2(sun_in_body.z)
}

/// Segments around round shapes, in the contact shapes and the scene's meshes alike: a
/// multiple of four, so that the extremes on the cross axes are vertices of both.
pub const ROUND_SEGMENTS: u32 = 32;
/// Rings from pole to pole of an ellipsoid, even so that the equator is one.
pub const ELLIPSOID_RINGS: u32 = 16;

/// Rotation taking local y (the axis of parry's cylinder and of Bevy's round primitives) to x.
pub fn y_to_x() -> UnitQuaternion<f64> {
    UnitQuaternion::from_axis_angle(&Vector3d::z_axis(), -std::f64::consts::FRAC_PI_2)
}

/// Points on a circle of `radius_m` across local x at `x_m`, starting on +y.
fn ring(x_m: f64, radius_m: f64) -> impl Iterator<Item = Point3<f64>> {
    (0..ROUND_SEGMENTS).map(move |k| {
        let a = k as f64 * std::f64::consts::TAU / ROUND_SEGMENTS as f64;
        Point3::new(x_m, radius_m * a.cos(), radius_m * a.sin())
    })
}

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
        let p = part.posed(sun_tracking_angle_rad);
        let (turn, shape) = part_contact_shape(&p.shape);
        (pose * Isometry3::from_parts(Translation3::from(p.center_m), p.rotation * turn), shape)
    })
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

/// Gap between two vehicles' contact shapes at their poses (body to a common frame), metres;
/// zero when they touch or overlap.
pub fn clearance_m(a: &Compound, pose_a: &Isometry3<f64>, b: &Compound, pose_b: &Isometry3<f64>) -> f64 {
    parry3d_f64::query::distance(pose_a, a, pose_b, b).expect("parry measures compounds of convex pieces")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rassvet_nadir_is_the_end_of_rassvet_facing_nadir() {
        let frame = iss().port_frame(PortId::RassvetNadir).unwrap();
        // Rassvet hangs 6.05 m below Zarya's axis from its side, 2.05 m off it (ISS Reference Guide).
        assert!((frame.position_m - Vector3d::new(-16.3, 0.0, 8.1)).norm() < 1e-9, "{frame:?}");
        assert!((frame.axis - Vector3d::z()).norm() < 1e-12);
    }

    #[test]
    fn a_mated_visitor_meets_its_port_face_to_face() {
        let iss = iss();
        for (port, visitor) in [
            (PortId::NaukaNadir, soyuz_ms()),
            (PortId::PoiskZenith, progress_ms()),
            (PortId::HarmonyZenith, crew_dragon()),
            (PortId::UnityNadir, cygnus()),
        ] {
            let frame = iss.port_frame(port).unwrap();
            let pose = mated_pose(&iss, port, &visitor).unwrap();
            let mating = visitor.mating_frame().unwrap();
            let at = pose * Point3::from(mating.position_m);
            assert!((at.coords - frame.position_m).norm() < 1e-9, "{port:?}: {at} vs {:?}", frame.position_m);
            assert!((pose.rotation * mating.axis + frame.axis).norm() < 1e-12, "{port:?}");
            // Arrays across the track: the visitor's y is the station's.
            assert!((pose.rotation * Vector3d::y() - Vector3d::y()).norm() < 1e-12, "{port:?}");
            // The whole visitor lies beyond the port's face.
            let aabb = contact_shape(&visitor, 0.0).local_aabb().transform_by(&pose);
            let beyond = |p: Point3<f64>| (p.coords - frame.position_m).dot(&frame.axis);
            assert!(beyond(aabb.mins).min(beyond(aabb.maxs)) > -0.05, "{port:?}: {aabb:?}");
        }
        assert!(mated_pose(&iss, PortId::RassvetNadir, &iss).is_none(), "the station has no mating face");
    }

    #[test]
    fn the_probe_tip_is_four_metres_ahead_of_the_soyuz_centre() {
        let frame = soyuz_ms().port_frame(PortId::SoyuzProbe).unwrap();
        assert!((frame.position_m - Vector3d::new(4.0, 0.0, 0.0)).norm() < 1e-9, "{frame:?}");
        assert_eq!(frame.axis, Vector3d::x());
    }

    #[test]
    fn contact_bounds_are_the_parts_bounds() {
        // The Soyuz: the SKD nozzle's exit at -3.95 m to the probe tip at +4.0 m; arrays span
        // 10.7 m.
        let aabb = *contact_shape(&soyuz_ms(), 0.0).local_aabb();
        assert!((aabb.mins.x + 3.95).abs() < 1e-9 && (aabb.maxs.x - 4.0).abs() < 1e-9, "{aabb:?}");
        assert!((aabb.maxs.y - 5.35).abs() < 1e-9 && (aabb.mins.y + 5.35).abs() < 1e-9, "{aabb:?}");
        // The ISS's truss: 109 m.
        let aabb = *contact_shape(&iss(), 0.0).local_aabb();
        assert!((aabb.maxs.y - aabb.mins.y - 109.0).abs() < 1e-9, "{aabb:?}");
    }

    #[test]
    fn arrays_turned_edge_on_to_the_truss_reach_further_along_x() {
        let flat = *contact_shape(&iss(), 0.0).local_aabb();
        let turned = *contact_shape(&iss(), std::f64::consts::FRAC_PI_2).local_aabb();
        // Wings 34 m long in pairs at x = +-18.5 m: 35.5 m from the truss; turned a right angle
        // they stand along z instead.
        assert!((flat.maxs.x - 35.7).abs() < 0.5, "{flat:?}");
        assert!(turned.maxs.z > 30.0 && turned.maxs.x < flat.maxs.x, "{turned:?}");
    }

    #[test]
    fn clearance_is_the_gap_between_the_nearest_parts() {
        let soyuz = contact_shape(&soyuz_ms(), 0.0);
        let station = |model: ModelDef, pose| Placed { label: String::new(), model, pose };
        let ms18 = mated_pose(&iss(), PortId::NaukaNadir, &soyuz_ms()).unwrap();
        let iss_shape = assembly_contact_shape(
            &[
                station(iss(), Isometry3::identity()),
                Placed { label: "Soyuz MS-18".into(), ..station(soyuz_ms(), ms18) },
            ],
            0.0,
        );
        let port = iss().port_frame(PortId::RassvetNadir).unwrap();
        // The Soyuz below the port, probe up (its x along the ISS's -z), arrays across the
        // track (its y along the ISS's y, as it flies in), tip 10 m short.
        let probe_up = UnitQuaternion::from_axis_angle(&Vector3d::y_axis(), std::f64::consts::FRAC_PI_2);
        assert!((probe_up * Vector3d::x() + port.axis).norm() < 1e-12);
        let at = |gap_m: f64| {
            Isometry3::from_parts(Translation3::from(port.position_m + port.axis * (4.0 + gap_m)), probe_up)
        };
        let gap = |short_m| clearance_m(&iss_shape, &Isometry3::identity(), &soyuz, &at(short_m));
        // 10 m short, the nearest pair is not the probe and the port but the Kurs antenna and
        // the service module of Soyuz MS-18 on Nauka. Across: 7.5 m between the ports' axes,
        // less the module's 1.36 m radius and the antenna's 2.0 m reach. Along: the antenna,
        // 3 cm thick, passes 1.0 m beyond MS-18's origin, 0.1 m short of the module's rim.
        let (across_m, along_m): (f64, f64) = (7.5 - 1.36 - 2.0, 1.1 - 1.0 - 0.03);
        assert!((gap(10.0) - across_m.hypot(along_m)).abs() < 1e-9, "{}", gap(10.0));
        // 2 m short, the nearest is the docking target's tip cross, 0.9 m off the axis and
        // 0.33 m out of the face: its inner end (0.8 m off) to the probe's rim (0.08 m off).
        let (across_m, along_m): (f64, f64) = (DOCKING_TARGET_OFFSET_M - 0.1 - 0.08, 2.0 - 0.33);
        assert!((gap(2.0) - across_m.hypot(along_m)).abs() < 1e-6, "{}", gap(2.0));
        // Touching, the gap closes; deeper, it stays shut.
        assert!(gap(0.0) < 1e-9 && gap(-0.1) == 0.0, "{} {}", gap(0.0), gap(-0.1));
    }

    #[test]
    fn part_inertias_match_the_textbook_solids() {
        let one = |shape: Shape, rotation: UnitQuaternion<f64>| ModelDef {
            name: "test",
            parts: vec![Part {
                name: "p",
                shape,
                center_m: Vector3d::new(1.0, 2.0, 3.0),
                rotation,
                finish: Finish::Dark,
                sun_tracking_pivot_m: None,
                deploys_after_separation: false,
            }],
            ports: Vec::new(),
        };
        let tensor = |model: &ModelDef| inertia_tensor_kg_m2(model, &[("p", 10.0)]).unwrap();
        let close = |a: nalgebra::Matrix3<f64>, b: Vector3d| (a - nalgebra::Matrix3::from_diagonal(&b)).amax();
        let id = UnitQuaternion::identity();
        // Meriam & Kraige, table D/4: a cylinder (r 0.5, L 2) 1/2 m r^2 and m (3 r^2 + L^2)/12.
        let (i, centre) = tensor(&one(Shape::Cylinder { radius_m: 0.5, length_m: 2.0 }, id));
        assert!(close(i, Vector3d::new(1.25, 3.958_333, 3.958_333)) < 1e-5, "{i}");
        assert!((centre - Vector3d::new(1.0, 2.0, 3.0)).norm() < 1e-12);
        // A sphere, 2/5 m r^2; an ellipsoid m (b^2 + c^2)/5.
        let (i, _) = tensor(&one(Shape::Ellipsoid { semi_axes_m: Vector3d::new(1.0, 1.0, 1.0) }, id));
        assert!(close(i, Vector3d::repeat(4.0)) < 1e-5, "{i}");
        let (i, _) = tensor(&one(Shape::Ellipsoid { semi_axes_m: Vector3d::new(3.0, 1.0, 2.0) }, id));
        assert!(close(i, Vector3d::new(10.0, 26.0, 20.0)) < 1e-4, "{i}");
        // A solid cone (r 1, h 3) about its centroid: 3/10 m r^2 about the axis, 3/20 m r^2 +
        // 3/80 m h^2 across.
        let (i, centre) = tensor(&one(Shape::Frustum { radius_aft_m: 1.0, radius_fore_m: 0.0, length_m: 3.0 }, id));
        assert!(close(i, Vector3d::new(3.0, 4.875, 4.875)) < 1e-4, "{i}");
        // Its centroid a quarter of the height above its base, at the part's x - 1.5 m.
        assert!((centre.x - (1.0 - 1.5 + 0.75)).abs() < 1e-9, "{centre}");
        // A box turned a right angle about z: its x and y moments swap.
        let turned = UnitQuaternion::from_axis_angle(&Vector3d::z_axis(), std::f64::consts::FRAC_PI_2);
        let (i, _) = tensor(&one(Shape::Box { size_m: Vector3d::new(1.0, 2.0, 3.0) }, turned));
        assert!(close(i, Vector3d::new(8.333_333, 10.833_333, 4.166_667)) < 1e-5, "{i}");
        // Two equal balls 2 m apart: each 2/5 m r^2, plus m d^2 across the line joining them.
        let ball = |x: f64| Part {
            name: "p",
            shape: Shape::Ellipsoid { semi_axes_m: Vector3d::repeat(0.5) },
            center_m: Vector3d::new(x, 0.0, 0.0),
            rotation: id,
            finish: Finish::Dark,
            sun_tracking_pivot_m: None,
            deploys_after_separation: false,
        };
        let pair = ModelDef { name: "pair", parts: vec![ball(-1.0), ball(1.0)], ports: Vec::new() };
        let (i, centre) = inertia_tensor_kg_m2(&pair, &[("p", 10.0)]).unwrap();
        assert!(centre.norm() < 1e-12 && close(i, Vector3d::new(1.0, 11.0, 11.0)) < 1e-5, "{i}");
        assert!(inertia_tensor_kg_m2(&pair, &[("q", 1.0)]).is_none());
    }

    #[test]
    fn rassvet_carries_its_docking_target_beside_the_port_and_a_drogue_in_it() {
        let iss = iss();
        let (frame, drogue, face_m) = iss.port_drogue(PortId::RassvetNadir).unwrap();
        assert_eq!(drogue, SSVP_DROGUE);
        assert!((face_m - 1.175).abs() < 1e-9 && drogue.mouth_radius_m < face_m);
        let target: Vec<&Part> = iss.parts.iter().filter(|p| p.name == DOCKING_TARGET).collect();
        assert!(target.len() >= 4, "a base, a post and their crosses");
        for part in target {
            let off = part.center_m - frame.position_m;
            let across = off - frame.axis * off.dot(&frame.axis);
            // Off the axis where the periscope looks, on the face and standing out of it.
            assert!((across - Vector3d::new(DOCKING_TARGET_OFFSET_M, 0.0, 0.0)).norm() < 1e-9, "{part:?}");
            assert!((0.0..0.4).contains(&off.dot(&frame.axis)), "{part:?}");
        }
        assert!(iss.port_drogue(PortId::HarmonyForward).is_none(), "US ports have no drogue");
    }

    #[test]
    fn tracking_turns_the_panel_face_to_the_sun() {
        for sun in [Vector3d::z(), Vector3d::x(), Vector3d::new(-0.3, 0.5, -0.8).normalize()] {
            let turn = UnitQuaternion::from_axis_angle(&Vector3d::y_axis(), sun_tracking_angle_rad(&sun));
            let face = turn * Vector3d::z();
            let in_plane = Vector3d::new(sun.x, 0.0, sun.z).normalize();
            assert!((face - in_plane).norm() < 1e-12, "{sun}: {face}");
        }
    }
}
