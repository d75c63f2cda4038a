//! Orbital day and night of the crewed vehicles: sunsets and sunrises from the Earth's limb as
//! seen from each, and the flown docking in the dark.

use crate::{log_text, ms19_mission};
use ms19::core::events::{BodyId, EventKind};
use ms19::core::snapshot::Snapshot;
use ms19::core::sun::{sun_above_limb_rad, sun_position_eci_m, visible_sun_fraction};

#[test]
fn the_station_sees_a_sunset_and_a_sunrise_each_orbit_where_the_sun_meets_the_limb() {
    let mut mission = ms19_mission();
    let iss = mission.station().unwrap();
    mission.run_to_met(3.0 * 3600.0);
    let of = |kind| -> Vec<f64> {
        mission.log.iter().filter(|e| e.key.vehicle == BodyId(iss) && e.key.kind == kind).map(|e| e.met_s).collect()
    };
    let (sunsets, sunrises) = (of(EventKind::Sunset), of(EventKind::Sunrise));
    assert!(sunsets.len() >= 2 && sunrises.len() >= 2, "{sunsets:?} {sunrises:?}\n{}", log_text(&mission));
    // One of each an orbit: 92.9 min after the September lowering (TASS).
    for pair in sunsets.windows(2) {
        assert!(((pair[1] - pair[0]) / 60.0 - 92.9).abs() < 0.5, "{pair:?}");
    }
    // Night at 420 km: about a third of the orbit, less as the Sun leaves the orbit's plane.
    let night_min = sunrises.iter().find(|t| **t > sunsets[0]).unwrap() - sunsets[0];
    assert!((30.0..37.0).contains(&(night_min / 60.0)), "night of {} min", night_min / 60.0);
    // At each logged instant, independently: the Sun's centre on the limb, half its disc seen.
    for t in sunsets.iter().chain(&sunrises) {
        let mut before = ms19_mission();
        before.run_to_met(t.floor());
        let earlier = before.snapshot();
        before.step();
        let at = Snapshot::between(Some(&earlier), &before.snapshot(), *t);
        let (r, sun) = (ms19::core::position_m(&at.states[iss]), sun_position_eci_m(at.utc()));
        assert!(sun_above_limb_rad(&r, &sun).abs() < 2e-4, "T+{t}: {} rad", sun_above_limb_rad(&r, &sun));
        assert!((visible_sun_fraction(&r, &sun) - 0.5).abs() < 0.05, "T+{t}");
    }
}

#[test]
fn shkaplerov_docks_in_orbital_night_minutes_after_sunset() {
    let mut mission = ms19_mission();
    let soyuz = mission.spacecraft().unwrap();
    mission.run_to_met(3.0 * 3600.0 + 30.0 * 60.0);
    let contact = mission.rendezvous_of(soyuz).unwrap().contact().expect("contact").met_s;
    let last = |kind| {
        mission
            .log
            .iter()
            .filter(|e| e.key.vehicle == BodyId(soyuz) && e.key.kind == kind && e.met_s < contact)
            .map(|e| e.met_s)
            .fold(f64::NEG_INFINITY, f64::max)
    };
    let (sunset, sunrise) = (last(EventKind::Sunset), last(EventKind::Sunrise));
    let after_sunset_min = (contact - sunset) / 60.0;
    println!("contact {after_sunset_min:.1} min after the Soyuz's sunset");
    assert!(sunrise < sunset, "in night at contact:\n{}", log_text(&mission));
    assert!((0.5..15.0).contains(&after_sunset_min), "contact {after_sunset_min:.1} min after sunset");
}
