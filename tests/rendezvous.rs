//! The two-orbit phasing: Lambert-planned SKD burns from the actual states bring the Soyuz
//! from hundreds of km behind the ISS to a kilometre, at rest relative to it.

use crate::{log_text, ms19_mission};

#[test]
fn phasing_burns_bring_the_soyuz_to_the_iss() {
    let mut mission = ms19_mission();
    mission.run_to_met(2.0 * 3600.0 + 48.0 * 60.0);
    let text = log_text(&mission);
    for name in ["Burn 1 (SKD)", "Burn 2 (SKD)", "Velocity match (SKD)"] {
        assert!(mission.log.iter().any(|e| e.name == name), "{name} missing:\n{text}");
    }
    // Events are keyed by vehicle, kind and ordinal: the second burn of the Soyuz.
    let soyuz_id = ms19::core::events::BodyId(mission.body_index("soyuz").unwrap());
    let second = mission.log.iter().find(|e| e.name == "Burn 2 (SKD)").unwrap();
    assert_eq!(
        second.key,
        ms19::core::events::EventKey { vehicle: soyuz_id, kind: ms19::core::events::EventKind::Burn, ordinal: 2 }
    );
    let (soyuz, iss) = (mission.body_index("soyuz").unwrap(), mission.body_index("iss").unwrap());
    let (range, closing) = mission.snapshot().range_and_closing_rate(soyuz, iss);
    assert!(range < 2_000.0, "range {range} m:\n{text}");
    assert!(closing.abs() < 1.0, "closing {closing} m/s:\n{text}");
    let plan = mission.rendezvous_of(mission.spacecraft().unwrap()).unwrap();
    assert!(plan.propellant_kg > 0.0 && plan.matched && plan.active.is_none(), "{plan:?}");
    // The spacecraft's mass fell by exactly the propellant burnt.
    let burnt = 880.0 - plan.propellant_kg;
    assert!((mission.bodies[soyuz].mass_kg - (7152.0 - burnt)).abs() < 1e-6);
}

#[test]
fn kurs_approach_docks_at_rassvet_on_time_gently_and_on_the_axis() {
    let mut mission = ms19_mission();
    mission.run_to_met(3.0 * 3600.0 + 40.0 * 60.0);
    let text = log_text(&mission);
    for name in ["Fly-around", "Station-keeping", "Final approach", "Contact", "Hooks closed"] {
        assert!(mission.log.iter().any(|e| e.name == name), "{name} missing:\n{text}");
    }
    let contact = mission.rendezvous_of(mission.spacecraft().unwrap()).unwrap().contact.expect("contact happened");
    // Flown: contact 12:22:31 UTC, T+3h27m29s.
    assert!((contact.met_s - 12_449.0).abs() < 600.0, "{contact:?}");
    assert!((0.05..0.35).contains(&contact.closing_mps), "{contact:?}");
    assert!(contact.lateral_miss_m < 0.1, "{contact:?}");
    // Docked: the Soyuz rides with the ISS at a fixed offset under Rassvet.
    let (soyuz, iss) = (mission.body_index("soyuz").unwrap(), mission.body_index("iss").unwrap());
    assert!(matches!(mission.bodies[soyuz].motion, ms19::core::mission::Motion::Docked { .. }));
    let (before, _) = mission.snapshot().range_and_closing_rate(soyuz, iss);
    mission.run_to_met(4.0 * 3600.0);
    let (after, closing) = mission.snapshot().range_and_closing_rate(soyuz, iss);
    assert!((after - before).abs() < 1e-3 && closing.abs() < 1e-6, "{before} -> {after}, {closing}");
    // Port (-16.3, 0, 8.1) m plus the 4 m probe along +z: sqrt(16.3² + 12.1²) = 20.30 m.
    assert!((before - 20.30).abs() < 0.05, "Soyuz centre 20.3 m from the ISS origin: {before}");
    // Forecast alone, the docked spacecraft has no host in the copy: it flies on, free, from
    // where it is (it used to look for its host forever).
    let mut alone = mission.alone(soyuz);
    assert_eq!(alone.state(0), mission.state(soyuz));
    alone.run_to_met(4.0 * 3600.0 + 60.0);
    mission.run_to_met(4.0 * 3600.0 + 60.0);
    let apart_m = (ms19::core::position_m(&alone.state(0)) - ms19::core::position_m(&mission.state(soyuz))).norm();
    assert!(apart_m < 1.0, "a minute of free flight from the docked state: {apart_m} m from the port");
}

#[test]
fn on_the_final_approach_the_soyuz_points_its_probe_along_the_port_axis() {
    use ms19::core::frames::lvlh_from_eci_matrix;
    let mut mission = ms19_mission();
    let (soyuz, iss) = (mission.body_index("soyuz").unwrap(), mission.body_index("iss").unwrap());
    mission.run_to_met(3.0 * 3600.0);
    let (mut worst_deg, mut steps) = (0.0_f64, 0);
    while mission.rendezvous_of(mission.spacecraft().unwrap()).unwrap().contact.is_none() {
        mission.step();
        if mission.log.iter().any(|e| e.name == "Final approach") {
            // The port's axis points down from Rassvet; the probe looks back up it.
            let up = -lvlh_from_eci_matrix(&mission.state(iss)).row(2).transpose();
            worst_deg = worst_deg.max(mission.bodies[soyuz].attitude.axis(0).angle(&up).to_degrees());
            steps += 1;
        }
        assert!(mission.met_s() < 4.0 * 3600.0, "no contact");
    }
    assert!(steps > 60, "{steps} steps of final approach");
    assert!(worst_deg < 2.0, "the probe strayed {worst_deg} deg off the port's axis");
}

#[test]
fn the_soyuz_clears_the_station_until_its_probe_touches_rassvet() {
    use ms19::core::geometry::{self, PortId, clearance_m, contact_shape, sun_tracking_angle_rad};
    use nalgebra::{Isometry3, Point3, Translation3};
    let mut mission = ms19_mission();
    let (soyuz, iss) = (mission.body_index("soyuz").unwrap(), mission.body_index("iss").unwrap());
    let (station, vehicle) = (geometry::model(mission.bodies[iss].model), geometry::model(mission.bodies[soyuz].model));
    let (port, probe) = (station.port_frame(PortId::RassvetNadir).unwrap(), vehicle.port_frame(PortId::SoyuzProbe).unwrap());
    let spacecraft = contact_shape(&vehicle, 0.0);
    mission.run_to_met(3.0 * 3600.0);
    // The gap between the shapes, the Soyuz posed in the station's body frame and the station's
    // arrays turned to the Sun, and how far its probe tip is short of the port's face.
    let gap_and_short_m = |m: &ms19::core::mission::Mission| {
        let to_station = m.bodies[iss].attitude.body_to_inertial.inverse();
        let offset = to_station * (ms19::core::position_m(&m.state(soyuz)) - ms19::core::position_m(&m.state(iss)));
        let pose = Isometry3::from_parts(Translation3::from(offset), to_station * m.bodies[soyuz].attitude.body_to_inertial);
        let sun = to_station * ms19::core::sun::sun_direction_eci(m.utc());
        let shape = contact_shape(&station, sun_tracking_angle_rad(&sun));
        let tip = pose * Point3::from(probe.position_m);
        (clearance_m(&shape, &Isometry3::identity(), &spacecraft, &pose), (tip.coords - port.position_m).dot(&port.axis))
    };
    let (mut closest_m, mut touched) = (f64::INFINITY, None);
    while mission.rendezvous_of(mission.spacecraft().unwrap()).unwrap().contact.is_none() {
        match gap_and_short_m(&mission) {
            (gap_m, short_m) if short_m > 0.0 => closest_m = closest_m.min(gap_m),
            (gap_m, _) => touched = touched.or(Some(gap_m)),
        }
        mission.step();
        assert!(mission.met_s() < 4.0 * 3600.0, "no contact");
    }
    // Nothing of the Soyuz touches the station before its probe reaches the port: at 0.15 m/s
    // the last step short of it leaves under 0.15 m; once the tip is at the face the shapes touch.
    assert!(closest_m > 0.0 && closest_m < 0.2, "closest before the probe reached the port: {closest_m} m");
    assert_eq!(touched, Some(0.0), "at the port's face the shapes touch");
}
