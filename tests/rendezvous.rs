//! The two-orbit phasing: six burns of the SKD and the DPO, at the sister flight MS-22's times,
//! planned from the actual states, bring the Soyuz from hundreds of km behind the ISS to 600 m,
//! at rest relative to it; then the Kurs approach docks.

use crate::{log_text, ms19_mission};
use ms19::core::earth::MU_M3_S2;
use ms19::core::events::{BodyId, EventKey, EventKind};

/// The two impulses of a Hohmann transfer between circular orbits of radii `r1_m` and `r2_m`,
/// m/s (Curtis, *Orbital Mechanics for Engineering Students*, §6.2).
fn hohmann_delta_v_mps(r1_m: f64, r2_m: f64) -> f64 {
    let transfer = 2.0 / (r1_m + r2_m);
    (MU_M3_S2 / r1_m).sqrt() * ((r2_m * transfer).sqrt() - 1.0)
        + (MU_M3_S2 / r2_m).sqrt() * (1.0 - (r1_m * transfer).sqrt())
}

#[test]
fn six_burns_of_the_skd_and_the_dpo_bring_the_soyuz_to_the_iss() {
    let mut mission = ms19_mission();
    let (soyuz, iss) = (mission.body_index("soyuz").unwrap(), mission.body_index("iss").unwrap());
    // The orbits to raise between: the Soyuz's at the first burn, the station's.
    mission.run_to_met(4490.0);
    let (from_m, to_m) = (mission.elements(soyuz).semi_major_axis_m, mission.elements(iss).semi_major_axis_m);
    mission.run_to_met(2.0 * 3600.0 + 55.0 * 60.0);
    let text = log_text(&mission);
    // MS-22's engines in order, and the ranges of the last three, 2.09, 1.02, 0.62 km
    // (kosmonavtika): where the planned burns found the station is computed, not configured.
    let flown =
        [("SKD", None), ("DPO", None), ("SKD", None), ("SKD", Some(2.09)), ("DPO", Some(1.02)), ("DPO", Some(0.62))];
    let mut total_mps = 0.0;
    for (k, (engine, range_km)) in flown.into_iter().enumerate() {
        let ordinal = k as u32 + 1;
        // Found by its key: vehicle, kind and ordinal; its engine is the one it was planned on.
        let key = EventKey { vehicle: BodyId(soyuz), kind: EventKind::Burn, ordinal };
        let burn = mission.log.iter().find(|e| e.key == key).unwrap_or_else(|| panic!("{key:?} missing:\n{text}"));
        let name = &burn.name;
        assert!(name.contains(engine), "{name}: planned on the {engine}");
        let figures: Vec<f64> = burn.description.split(' ').filter_map(|word| word.parse().ok()).collect();
        let [dv_mps, duration_s, at_km] = figures[..] else { panic!("{}", burn.description) };
        // Thrust over mass: 0.41 m/s² for the SKD, 0.074 m/s² for four DPO thrusters at 7 t.
        let accel_mps2 = dv_mps / duration_s;
        let expected_mps2 = if engine == "SKD" { 0.41 } else { 0.074 };
        assert!((accel_mps2 / expected_mps2 - 1.0).abs() < 0.05, "{name}: {}", burn.description);
        if let Some(range_km) = range_km {
            assert!((at_km - range_km).abs() < 0.1, "{name} at {at_km} km:\n{text}");
        }
        total_mps += dv_mps;
    }
    assert_eq!(mission.log.iter().filter(|e| e.key.kind == EventKind::Burn).count(), 6, "{text}");
    // Raising the orbit to the station's takes Hohmann's two impulses at least (111 m/s here,
    // above the 88-96 m/s of the sister flights' tables); the six burns stay within 15 % of it,
    // and within 40 % of the sister flights' 92 m/s.
    let floor_mps = hohmann_delta_v_mps(from_m, to_m);
    assert!((105.0..115.0).contains(&floor_mps), "Hohmann {floor_mps} m/s");
    assert!(total_mps > floor_mps && total_mps < 1.15 * floor_mps, "{total_mps} m/s, Hohmann {floor_mps}:\n{text}");
    assert!((total_mps / 92.0 - 1.0).abs() < 0.4, "{total_mps} m/s");
    let plan = mission.rendezvous_of(soyuz).unwrap();
    // The engines gave what the log says was planned.
    assert!((plan.delta_v_given_mps - total_mps).abs() < 0.05, "{} m/s given", plan.delta_v_given_mps);
    let (range, closing) = mission.snapshot().range_and_closing_rate(soyuz, iss);
    assert!(range < 1_000.0, "range {range} m:\n{text}");
    assert!(closing.abs() < 1.0, "closing {closing} m/s:\n{text}");
    assert!(plan.propellant_kg > 0.0 && plan.matched(), "{plan:?}");
    // The spacecraft's mass fell by exactly the propellant burnt.
    let burnt = 880.0 - plan.propellant_kg;
    assert!((mission.bodies[soyuz].mass_kg - (7152.0 - burnt)).abs() < 1e-6);
}

#[test]
fn kurs_approach_docks_at_rassvet_on_time_gently_and_on_the_axis() {
    let mut mission = ms19_mission();
    mission.run_to_met(3.0 * 3600.0 + 40.0 * 60.0);
    let text = log_text(&mission);
    for kind in [
        EventKind::FlyAround,
        EventKind::StationKeeping,
        EventKind::FinalApproach,
        EventKind::Contact,
        EventKind::HooksClosed,
    ] {
        assert!(crate::event_met_s(&mission, "soyuz", kind, 1).is_some(), "{kind:?} missing:\n{text}");
    }
    let contact = mission.rendezvous_of(mission.spacecraft().unwrap()).unwrap().contact().expect("contact happened");
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
    // Port (-16.3, 0, 8.1) m plus the 4 m probe along +z, less how deep the head went into the
    // drogue (at most its 0.3 m, to the socket): sqrt(16.3² + 12.1²) = 20.30 m at the face,
    // sqrt(16.3² + 11.8²) = 20.12 m at the socket.
    assert!((20.11..=20.31).contains(&before), "Soyuz centre 20.1-20.3 m from the ISS origin: {before}");
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
    while mission.rendezvous_of(mission.spacecraft().unwrap()).unwrap().contact().is_none() {
        mission.step();
        if mission.log.iter().any(|e| e.key.kind == EventKind::FinalApproach) {
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
    use ms19::core::geometry::{self, PortId, SSVP_DROGUE, clearance_m, contact_shape, sun_tracking_angle_rad};
    use nalgebra::{Isometry3, Point3, Translation3};
    let mut mission = ms19_mission();
    let (soyuz, iss) = (mission.body_index("soyuz").unwrap(), mission.body_index("iss").unwrap());
    let (station, vehicle) = (geometry::model(mission.bodies[iss].model), geometry::model(mission.bodies[soyuz].model));
    let (port, probe) =
        (station.port_frame(PortId::RassvetNadir).unwrap(), vehicle.port_frame(PortId::SoyuzProbe).unwrap());
    // The hull: all but the probe, whose head goes into the drogue, inside Rassvet's end.
    let probe_part = vehicle.port(PortId::SoyuzProbe).unwrap().part;
    let hull = geometry::ModelDef {
        parts: vehicle.parts.iter().filter(|p| p.name != probe_part).cloned().collect(),
        ..vehicle.clone()
    };
    let spacecraft = contact_shape(&hull, 0.0);
    mission.run_to_met(3.0 * 3600.0);
    // The gap between the shapes, the Soyuz posed in the station's body frame and the station's
    // arrays turned to the Sun, and how far its probe tip is short of the port's face.
    let gap_and_short_m = |m: &ms19::core::mission::Mission| {
        let to_station = m.bodies[iss].attitude.body_to_inertial.inverse();
        let offset = to_station * (ms19::core::position_m(&m.state(soyuz)) - ms19::core::position_m(&m.state(iss)));
        let pose =
            Isometry3::from_parts(Translation3::from(offset), to_station * m.bodies[soyuz].attitude.body_to_inertial);
        let sun = to_station * ms19::core::sun::sun_direction_eci(m.utc());
        let shape = contact_shape(&station, sun_tracking_angle_rad(&sun));
        let tip = pose * Point3::from(probe.position_m);
        (
            clearance_m(&shape, &Isometry3::identity(), &spacecraft, &pose),
            (tip.coords - port.position_m).dot(&port.axis),
        )
    };
    let mut closest_m = f64::INFINITY;
    while mission.rendezvous_of(soyuz).unwrap().contact().is_none() {
        let (gap_m, short_m) = gap_and_short_m(&mission);
        assert!(short_m > -SSVP_DROGUE.depth_m, "the probe went past the drogue's socket without contact");
        closest_m = closest_m.min(gap_m);
        mission.step();
        assert!(mission.met_s() < 4.0 * 3600.0, "no contact");
    }
    // Nothing of the hull touches the station before the probe's head meets the drogue; docked,
    // the head is in the cone, between the face and the socket 0.3 m in, and the orbital
    // module's nose, 0.5 m behind the tip, is that much less clear of Rassvet's face.
    let (gap_m, short_m) = gap_and_short_m(&mission);
    assert!((-SSVP_DROGUE.depth_m - 0.02..=0.0).contains(&short_m), "docked {short_m} m short");
    assert!((0.5 + short_m - gap_m).abs() < 0.05, "docked: gap {gap_m} m with the tip {short_m} m short");
    assert!(closest_m > 0.0 && closest_m >= gap_m - 1e-9, "closest before contact: {closest_m} m");
}
