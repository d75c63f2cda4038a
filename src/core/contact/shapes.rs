//! Whether any part of the Soyuz strikes the station between two substeps, and where the
//! probe first touches the port's drogue: shape casts on the vehicles' contact shapes
//! (`core::geometry`), so nothing passes through an array or a radiator in a substep.

use crate::core::Vector3d;
use crate::core::geometry::{ModelDef, Placed, PortFrame, PortId, contact_shape, part_piece};
use nalgebra::{Isometry3, Translation3, UnitQuaternion};
use parry3d_f64::bounding_volume::BoundingSphere;
use parry3d_f64::math::Isometry;
use parry3d_f64::query::{ShapeCastHit, ShapeCastOptions, cast_shapes};
use parry3d_f64::shape::{Compound, Shape, SharedShape};
use std::sync::Arc;

/// The shapes of one docking, built once when it is flown by hand (parry builds each piece's
/// convex hull and each compound's tree; rebuilt every step, that was most of a docking's
/// cost): the station with the vehicles docked to it, the same without the port's module
/// (where the probe may touch), the port's drogue and docking ring, the Soyuz without its
/// probe, and the probe; and the name of each of the station's pieces, a part of the station
/// or of a vehicle docked to it. The Sun-tracking arrays are posed at each cast, not rebuilt.
pub struct DockingShapes {
    /// The station's pieces that do not turn, with and without the port's module.
    fixed: Group,
    fixed_without_port: Group,
    /// Each set of arrays that turns about one pivot line.
    turning: Vec<Group>,
    piece_names: Vec<String>,
    /// The drogue's surface placed in the station's body frame, and the port's centre and axis.
    drogue: Option<(Isometry3<f64>, SharedShape, PortFrame)>,
    hull: Compound,
    probe: Compound,
    /// The probe's tip in the Soyuz's body frame.
    probe_tip_m: Vector3d,
}

/// A convex piece placed in its group's frame.
type Piece = (Isometry3<f64>, SharedShape);

/// Pieces that move together: fixed to the station, or arrays that turn about the body's y
/// axis through a pivot (the ISS's alpha joints: the truss is the y axis).
struct Group {
    /// From the group's frame to the station's body frame with the arrays unturned: the
    /// owner's pose, then the pivot (identity for the fixed pieces, already placed).
    base: Isometry3<f64>,
    turns: bool,
    shape: Compound,
    /// The group's bounding sphere in its own frame: a cast that cannot reach it is skipped.
    bounds: BoundingSphere,
    /// Each piece's index in `DockingShapes::piece_names`.
    names: Vec<usize>,
}

/// A group's pieces and their names, gathered before its compound is built.
#[derive(Default)]
struct Gathering {
    pieces: Vec<Piece>,
    names: Vec<usize>,
}

impl Gathering {
    fn add(&mut self, piece: Piece, name: usize) {
        self.pieces.push(piece);
        self.names.push(name);
    }

    fn build(self, base: Isometry3<f64>, turns: bool) -> Group {
        let shape = Compound::new(self.pieces);
        Group { base, turns, bounds: shape.local_bounding_sphere(), shape, names: self.names }
    }
}

impl Group {
    /// The group's pose in the frame `station` maps the station's body frame to, its arrays
    /// turned to `sun_tracking_angle_rad`.
    fn pose(&self, station: &Isometry<f64>, sun_tracking_angle_rad: f64) -> Isometry<f64> {
        match self.turns {
            true => {
                let turn = UnitQuaternion::from_axis_angle(&Vector3d::y_axis(), sun_tracking_angle_rad);
                station * self.base * Isometry3::from_parts(Translation3::identity(), turn)
            }
            false => station * self.base,
        }
    }
}

/// The first touch of shape `b`, moving at `velocity_mps` against the still shape `a`, within
/// `h_s` (parry's shape cast; touching already counts, at once).
fn first_touch(
    (pose_a, a): (&Isometry<f64>, &dyn Shape),
    (pose_b, b): (&Isometry<f64>, &dyn Shape),
    velocity_mps: &Vector3d,
    h_s: f64,
) -> Option<ShapeCastHit> {
    let options = ShapeCastOptions { stop_at_penetration: true, ..ShapeCastOptions::with_max_time_of_impact(h_s) };
    cast_shapes(pose_a, &Vector3d::zeros(), a, pose_b, velocity_mps, b, options).ok().flatten()
}

/// Whether two bounding spheres can meet when one moves `reach_m` further.
fn within_reach(a: &BoundingSphere, b: &BoundingSphere, reach_m: f64) -> bool {
    (a.center() - b.center()).norm() <= a.radius() + b.radius() + reach_m
}

/// The probe's first touch on the drogue or the ring around it within a substep.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ProbeTouch {
    /// Into the substep, s.
    pub after_s: f64,
    /// The probe's tip off the port's axis then, m.
    pub lateral_m: f64,
}

/// A model with only the parts `keep` admits.
fn only(model: &ModelDef, keep: impl Fn(&str) -> bool) -> ModelDef {
    ModelDef { parts: model.parts.iter().filter(|p| keep(p.name)).cloned().collect(), ..model.clone() }
}

impl DockingShapes {
    /// `assembly[0]` is the station, which carries `port`; the rest are docked to it. Each
    /// piece is shaped once and shared by the compounds it is in.
    pub fn new(assembly: &[Placed], port: PortId, soyuz: &ModelDef) -> Self {
        let port_part = assembly.first().and_then(|station| station.model.port(port)).map(|p| p.part);
        let mut piece_names = Vec::new();
        let (mut fixed, mut without_port) = (Gathering::default(), Gathering::default());
        // Per owner and pivot: the pieces turning about that pivot, in the pivot's frame.
        let mut turning: Vec<((usize, Vector3d), Gathering)> = Vec::new();
        for (owner, placed) in assembly.iter().enumerate() {
            for part in &placed.model.parts {
                let name = piece_names.len();
                piece_names.push(match placed.label.is_empty() {
                    true => part.name.to_string(),
                    false => format!("{} {}", placed.label, part.name),
                });
                let (local, shape) = part_piece(part);
                match part.sun_tracking_pivot_m {
                    Some(pivot) => {
                        let piece = (Translation3::from(-pivot) * local, shape);
                        match turning.iter_mut().find(|(key, _)| *key == (owner, pivot)) {
                            Some((_, group)) => group.add(piece, name),
                            None => {
                                turning.push(((owner, pivot), Gathering { pieces: vec![piece], names: vec![name] }))
                            }
                        }
                    }
                    None => {
                        let piece = (placed.pose * local, shape);
                        if !(owner == 0 && Some(part.name) == port_part) {
                            without_port.add(piece.clone(), name);
                        }
                        fixed.add(piece, name);
                    }
                }
            }
        }
        let turning = turning
            .into_iter()
            .map(|((owner, pivot), group)| group.build(assembly[owner].pose * Translation3::from(pivot), true))
            .collect();
        let probe_part = soyuz.port(PortId::SoyuzProbe).map_or("", |p| p.part);
        let drogue =
            assembly.first().and_then(|station| station.model.port_drogue(port)).map(|(frame, drogue, face)| {
                let turn = UnitQuaternion::rotation_between(&Vector3d::x(), &frame.axis)
                    .unwrap_or_else(|| UnitQuaternion::from_axis_angle(&Vector3d::z_axis(), std::f64::consts::PI));
                (Isometry3::from_parts(Translation3::from(frame.position_m), turn), drogue.surface(face), frame)
            });
        Self {
            fixed: fixed.build(Isometry3::identity(), false),
            fixed_without_port: without_port.build(Isometry3::identity(), false),
            turning,
            piece_names,
            drogue,
            hull: contact_shape(&only(soyuz, |name| name != probe_part), 0.0),
            probe: contact_shape(&only(soyuz, |name| name == probe_part), 0.0),
            probe_tip_m: soyuz.port_frame(PortId::SoyuzProbe).map_or(Vector3d::zeros(), |f| f.position_m),
        }
    }

    /// Where the probe first touches the port's drogue or its docking ring within `h_s`, moving
    /// at `velocity_mps` against the station (poses as for [`DockingShapes::strike`]): a shape
    /// cast of the probe against that surface, so the contact comes from the geometry. The
    /// tip's offset from the port's axis then tells the cone (captured or thrown back) from
    /// the ring (a strike on the module).
    pub fn probe_touch(
        &self,
        station: &Isometry<f64>,
        soyuz: &Isometry<f64>,
        velocity_mps: &Vector3d,
        h_s: f64,
    ) -> Option<ProbeTouch> {
        let (pose, surface, port) = self.drogue.as_ref()?;
        let hit = first_touch((&(station * pose), surface.as_ref()), (soyuz, &self.probe), velocity_mps, h_s)?;
        let tip = soyuz.translation.vector + velocity_mps * hit.time_of_impact + soyuz.rotation * self.probe_tip_m;
        let (centre, axis) = (station * nalgebra::Point3::from(port.position_m), station.rotation * port.axis);
        let off = tip - centre.coords;
        Some(ProbeTouch { after_s: hit.time_of_impact, lateral_m: (off - axis * off.dot(&axis)).norm() })
    }

    /// The part the Soyuz strikes within `h_s`, moving at `velocity_mps` against the station
    /// (both poses in the station-centred inertial frame), the station's arrays turned to
    /// `sun_tracking_angle_rad`, if it strikes one: its hull anywhere, its probe anywhere but
    /// the port's module. A docked vehicle's part is named with the vehicle. Rotation within
    /// the substep is left out (a few millimetres at the rates of a docking).
    pub fn strike(
        &self,
        station: &Isometry<f64>,
        soyuz: &Isometry<f64>,
        velocity_mps: &Vector3d,
        h_s: f64,
        sun_tracking_angle_rad: f64,
    ) -> Option<String> {
        let reach_m = velocity_mps.norm() * h_s;
        let earliest = |fixed: &Group, ship: &Compound| {
            let ship_bounds = ship.local_bounding_sphere().transform_by(soyuz);
            std::iter::once(fixed)
                .chain(&self.turning)
                .filter_map(|group| {
                    let pose = group.pose(station, sun_tracking_angle_rad);
                    within_reach(&group.bounds.transform_by(&pose), &ship_bounds, reach_m)
                        .then(|| first_touch((&pose, &group.shape), (soyuz, ship), velocity_mps, h_s))
                        .flatten()
                })
                .min_by(|a, b| a.time_of_impact.total_cmp(&b.time_of_impact))
        };
        let hit = earliest(&self.fixed, &self.hull).or_else(|| earliest(&self.fixed_without_port, &self.probe))?;
        // Which part: the piece nearest to the Soyuz at the impact.
        let at =
            Isometry::from_parts((soyuz.translation.vector + velocity_mps * hit.time_of_impact).into(), soyuz.rotation);
        let gap = |pose: &Isometry<f64>, shape: &SharedShape| {
            let d = |b: &Compound| parry3d_f64::query::distance(pose, shape.as_ref(), &at, b).unwrap_or(f64::INFINITY);
            d(&self.hull).min(d(&self.probe))
        };
        std::iter::once(&self.fixed)
            .chain(&self.turning)
            .flat_map(|group| {
                let pose = group.pose(station, sun_tracking_angle_rad);
                group
                    .shape
                    .shapes()
                    .iter()
                    .zip(&group.names)
                    .map(move |((local, shape), &name)| (gap(&(pose * local), shape), name))
            })
            .min_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, name)| self.piece_names[name].clone())
    }
}

/// What a docking's shapes were built for: the station and the ship (body indices), the port,
/// and the vehicles docked to the station.
#[derive(Clone, Debug, PartialEq)]
pub struct ShapesKey {
    pub station: usize,
    pub soyuz: usize,
    pub port: PortId,
    pub docked: Vec<usize>,
}

/// The shapes of the docking flown by hand now, kept from step to step. The state determines
/// them, so copies of a mission share them and they take no part in comparing missions.
#[derive(Clone, Default)]
pub struct ShapesCache(Option<(ShapesKey, Arc<DockingShapes>)>);

impl ShapesCache {
    /// The shapes kept, if they were built for `key`.
    pub fn built_for(&self, key: &ShapesKey) -> Option<Arc<DockingShapes>> {
        self.0.as_ref().filter(|(built_for, _)| built_for == key).map(|(_, shapes)| shapes.clone())
    }

    /// Keeps `shapes`, built for `key`, in place of any before.
    pub fn keep(&mut self, key: ShapesKey, shapes: DockingShapes) -> Arc<DockingShapes> {
        let shapes = Arc::new(shapes);
        self.0 = Some((key, shapes.clone()));
        shapes
    }
}

impl PartialEq for ShapesCache {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl std::fmt::Debug for ShapesCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_some() { "ShapesCache(built)" } else { "ShapesCache(empty)" })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::geometry::{iss, soyuz_ms};
    use nalgebra::{Isometry3, Translation3, UnitQuaternion};

    fn station_alone() -> Vec<Placed> {
        vec![Placed { label: String::new(), model: iss(), pose: Isometry3::identity() }]
    }

    #[test]
    fn a_shape_cast_finds_the_array_a_ship_would_pass_through_in_one_substep() {
        let shapes = DockingShapes::new(&station_alone(), PortId::RassvetNadir, &soyuz_ms());
        let identity = Isometry::identity();
        // A US array wing's blanket, 0.1 m thin, lies flat at z = -4.6 m around (18.5, 36.0),
        // beside its mast. A Soyuz with its probe's tip 2 m below it, probe up, flying up at
        // 30 m/s: in 0.1 s it moves 3 m, through the blanket.
        let probe_up = UnitQuaternion::from_axis_angle(&Vector3d::y_axis(), std::f64::consts::FRAC_PI_2);
        let below = Isometry::from_parts(Translation3::new(18.5, 36.0, -4.55 + 2.0 + 4.0), probe_up);
        let wing = shapes.strike(&identity, &below, &Vector3d::new(0.0, 0.0, -30.0), 0.1, 0.0);
        assert_eq!(wing.as_deref(), Some("US array wing"));
        // Flying away, or too slowly to reach it in the substep: nothing.
        assert_eq!(shapes.strike(&identity, &below, &Vector3d::new(0.0, 0.0, 30.0), 0.1, 0.0), None);
        assert_eq!(shapes.strike(&identity, &below, &Vector3d::new(0.0, 0.0, -1.0), 0.1, 0.0), None);
    }

    #[test]
    fn arrays_posed_at_a_sun_angle_strike_where_a_shape_rebuilt_at_that_angle_is() {
        use crate::core::geometry::assembly_contact_shape;
        let shapes = DockingShapes::new(&station_alone(), PortId::RassvetNadir, &soyuz_ms());
        let soyuz = contact_shape(&soyuz_ms(), 0.0);
        let identity = Isometry::identity();
        let mut strikes = 0;
        // Ships at points around the port-side arrays, flying at 3 m/s in one of six
        // directions for 1 s; the arrays turned to five angles.
        for angle_rad in [0.0, 0.7, std::f64::consts::FRAC_PI_2, 2.0, -2.5] {
            let rebuilt = assembly_contact_shape(&station_alone(), angle_rad);
            for (i, y) in [30.0, 36.0, 45.0].into_iter().enumerate() {
                for (j, x) in [-20.0, -8.0, 0.0, 8.0, 20.0].into_iter().enumerate() {
                    for z in [-24.0, -12.0, -4.6, 8.0, 16.0] {
                        let axis = [Vector3d::x(), Vector3d::y(), Vector3d::z()][(i + j) % 3];
                        for velocity in [axis * 3.0, axis * -3.0] {
                            let ship = Isometry::translation(x, y, z);
                            let posed = shapes.strike(&identity, &ship, &velocity, 1.0, angle_rad).is_some();
                            let expected = first_touch((&identity, &rebuilt), (&ship, &soyuz), &velocity, 1.0);
                            assert_eq!(
                                posed,
                                expected.is_some(),
                                "at ({x}, {y}, {z}) moving {velocity:?}, {angle_rad} rad"
                            );
                            strikes += usize::from(posed);
                        }
                    }
                }
            }
        }
        assert!(strikes > 50, "the sample meets the arrays: {strikes} strikes");
    }

    #[test]
    fn the_probe_may_touch_its_port_but_nothing_else() {
        let station = iss();
        let shapes = DockingShapes::new(&station_alone(), PortId::RassvetNadir, &soyuz_ms());
        let port = station.port_frame(PortId::RassvetNadir).unwrap();
        let probe_up = UnitQuaternion::from_axis_angle(&Vector3d::y_axis(), std::f64::consts::FRAC_PI_2);
        // The probe tip 5 cm short of Rassvet's face, closing at 1 m/s: it reaches the port
        // within the substep, and that is not a strike.
        let short = Isometry::from_parts(Translation3::from(port.position_m + port.axis * 4.05), probe_up);
        assert_eq!(shapes.strike(&Isometry::identity(), &short, &(-port.axis), 0.1, 0.0), None);
    }

    #[test]
    fn the_probe_touches_the_drogue_where_the_cone_is_and_the_ring_beyond_it() {
        let station = iss();
        let shapes = DockingShapes::new(&station_alone(), PortId::RassvetNadir, &soyuz_ms());
        let port = station.port_frame(PortId::RassvetNadir).unwrap();
        let probe_up = UnitQuaternion::from_axis_angle(&Vector3d::y_axis(), std::f64::consts::FRAC_PI_2);
        let drogue = crate::core::geometry::SSVP_DROGUE;
        let at = |across_m: f64, short_m: f64| {
            let centre = port.position_m + Vector3d::new(0.0, across_m, 0.0) + port.axis * (4.0 + short_m);
            Isometry::from_parts(Translation3::from(centre), probe_up)
        };
        let touch = |across_m: f64, short_m: f64, h_s: f64| {
            shapes.probe_touch(&Isometry::identity(), &at(across_m, short_m), &(-port.axis * 0.1), h_s)
        };
        // On the axis, 5 cm short at 0.1 m/s: the head's flat end (0.08 m across, inside the
        // 0.1 m socket) goes down the cone and meets the socket's floor, 0.3 m deep, after 3.5 s.
        let centred = touch(0.0, 0.05, 10.0).expect("the probe reaches the socket");
        assert!((centred.after_s - (0.05 + drogue.depth_m) / 0.1).abs() < 1e-6, "{centred:?}");
        assert!(centred.lateral_m < 1e-9);
        // 10 cm off, inside the 0.2 m mouth: the head's rim, 0.18 m off, meets the cone's wall
        // where the cone is that wide, 6 cm in (to 2 mm: the cone is 32 flat facets).
        let inside = touch(0.1, 0.05, 10.0).expect("the probe meets the cone");
        let taper = (drogue.mouth_radius_m - drogue.socket_radius_m) / drogue.depth_m;
        let wall_depth_m = (drogue.mouth_radius_m - (0.1 + 0.08)) / taper;
        assert!((inside.after_s - (0.05 + wall_depth_m) / 0.1).abs() < 0.02, "{inside:?}");
        assert!((inside.lateral_m - 0.1).abs() < 1e-9);
        // 50 cm off: the head lands on the docking ring at the face, outside the cone.
        let ring = touch(0.5, 0.05, 10.0).expect("the probe strikes the ring");
        assert!((ring.after_s - 0.5).abs() < 1e-6 && ring.lateral_m > drogue.mouth_radius_m, "{ring:?}");
        // Not reaching it within the substep, or beside the module: no touch.
        assert_eq!(touch(0.0, 0.05, 0.1), None);
        assert_eq!(touch(2.0, 0.05, 10.0), None);
    }
}
