//! The shapes of parts, their finishes, the ports, the models and their ids: the data the
//! scene meshes and the physics shapes.

use crate::core::Vector3d;
use nalgebra::{Isometry3, Point3, Translation3, UnitQuaternion};
use parry3d_f64::shape::SharedShape;
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
    /// The radius of the sphere about its middle that holds it, metres.
    pub fn bounding_radius_m(&self) -> f64 {
        match *self {
            Shape::Box { size_m } => 0.5 * size_m.norm(),
            Shape::Cylinder { radius_m, length_m } => radius_m.hypot(0.5 * length_m),
            Shape::Frustum { radius_aft_m, radius_fore_m, length_m } => {
                radius_aft_m.max(radius_fore_m).hypot(0.5 * length_m)
            }
            Shape::Ellipsoid { semi_axes_m } => semi_axes_m.max(),
        }
    }

    /// Half its extent along its local x axis, metres.
    pub fn half_length_m(&self) -> f64 {
        match *self {
            Shape::Box { size_m } => 0.5 * size_m.x,
            Shape::Cylinder { length_m, .. } | Shape::Frustum { length_m, .. } => 0.5 * length_m,
            Shape::Ellipsoid { semi_axes_m } => semi_axes_m.x,
        }
    }

    /// Its semi-axes across local x (along y and z) at `x_m` from its middle, metres.
    pub(super) fn semi_axes_across_m(&self, x_m: f64) -> (f64, f64) {
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
    /// The Soyuz's three modules once they part before the entry.
    SoyuzDescentModule,
    SoyuzOrbitalModule,
    SoyuzServiceModule,
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

    /// The box in body axes that holds every part (each by its bounding sphere): its least and
    /// greatest corners, metres.
    pub fn bounds_body_m(&self) -> (Vector3d, Vector3d) {
        let extreme = |sign: f64, pick: fn(&Vector3d, &Vector3d) -> Vector3d| {
            self.parts
                .iter()
                .map(|p| p.center_m + Vector3d::repeat(sign * p.shape.bounding_radius_m()))
                .reduce(|a, b| pick(&a, &b))
                .unwrap_or_default()
        };
        (extreme(-1.0, |a, b| a.inf(b)), extreme(1.0, |a, b| a.sup(b)))
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
pub(super) fn ring(x_m: f64, radius_m: f64) -> impl Iterator<Item = Point3<f64>> {
    (0..ROUND_SEGMENTS).map(move |k| {
        let a = k as f64 * std::f64::consts::TAU / ROUND_SEGMENTS as f64;
        Point3::new(x_m, radius_m * a.cos(), radius_m * a.sin())
    })
}
