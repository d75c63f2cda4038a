//! The two-orbit phasing: Lambert-planned SKD burns from the actual states bring the Soyuz
//! from hundreds of km behind the ISS to a kilometre, at rest relative to it.

use crate::ms19_mission;

#[test]
fn phasing_burns_bring_the_soyuz_to_the_iss() {
    let mut mission = ms19_mission();
    mission.run_to_met(2.0 * 3600.0 + 48.0 * 60.0);
    let log: Vec<String> =
        mission.log.iter().map(|e| format!("T+{:.0} {}: {}", e.met_s, e.name, e.description)).collect();
    let text = log.join("\n");
    for name in ["Burn 1 (SKD)", "Burn 2 (SKD)", "Velocity match (SKD)"] {
        assert!(mission.log.iter().any(|e| e.name == name), "{name} missing:\n{text}");
    }
    let (soyuz, iss) = (mission.body_index("soyuz").unwrap(), mission.body_index("iss").unwrap());
    let (range, closing) = ms19::ui::range_and_closing_rate(&mission, soyuz, iss);
    assert!(range < 2_000.0, "range {range} m:\n{text}");
    assert!(closing.abs() < 1.0, "closing {closing} m/s:\n{text}");
    let plan = mission.rendezvous.as_ref().unwrap();
    assert!(plan.propellant_kg > 0.0 && plan.matched && plan.active.is_none(), "{plan:?}");
    // The spacecraft's mass fell by exactly the propellant burnt.
    let burnt = 880.0 - plan.propellant_kg;
    assert!((mission.bodies[soyuz].mass_kg - (7152.0 - burnt)).abs() < 1e-6);
}
