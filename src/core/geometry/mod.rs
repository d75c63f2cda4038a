//! The vehicles' shapes as data, in f64 and each vehicle's body frame (metres): the part lists
//! that the scene turns into meshes and the physics into contact shapes, and the docking ports
//! as named frames derived from those parts. Body frames: the ISS's x forward along the
//! velocity (+XVV flight), y to starboard, z to nadir (NASA SSP 30219 analysis frame); the
//! Soyuz's x along its axis towards the docking probe, y along the solar arrays; the
//! launcher's x up from the pad.

mod mass;
mod model;
mod parts;
mod shapes;

pub use mass::inertia_tensor_kg_m2;
pub use model::*;
pub use parts::{
    BOOSTER_UPPER_ATTACHMENT_X_M, DOCKING_TARGET, DOCKING_TARGET_OFFSET_M, SOYUZ_MODULE_MIDDLES_X_M,
    SOYUZ_MS_MODULE_MASSES_KG, SupportArm, THIRD_STAGE_BASE_X_M, crew_dragon, cygnus, iss, launcher_stack, model,
    pad_deck, pad_deck_turn, pad_support_arms, place_in_stack, progress_ms, soyuz_ms, soyuz_ms_mass_properties,
    spacecraft_seat_x_m, support_arm_swing_rad,
};
pub use shapes::{assembly_contact_shape, assembly_pieces, clearance_m, contact_shape, part_piece};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::Vector3d;
    use nalgebra::{Isometry3, Point3, Translation3, UnitQuaternion};

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
