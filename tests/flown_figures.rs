//! Deliberate change detectors: the flown mission's named figures, held where they are today
//! with tight tolerances, so that no change moves one unnoticed. A change that moves one on purpose updates it here and says
//! why in its commit. Independent references are beside each (the flown or the sister flights'
//! values); the looser tests against those live in `ascent` and `rendezvous`.

use crate::{event_met_s, log_text, ms19_mission};
use ms19::core::events::EventKind;

/// (name, value today, tolerance, the flown or published value it stands for)
type Figure = (&'static str, f64, f64, &'static str);

const FIGURES: [Figure; 10] = [
    ("insertion perigee, km", 199.72, 0.5, "199.84 flown (kosmonavtika mkseo66)"),
    ("insertion apogee, km", 242.65, 0.5, "242.69 flown"),
    ("insertion inclination, deg", 51.626, 0.01, "51.67 flown"),
    ("third-stage cutoff, MET s", 525.5, 1.0, "526.0 on MS-21/MS-22 (not published for MS-19)"),
    ("spacecraft separation, MET s", 528.9, 1.0, "529.3 on MS-21/MS-22"),
    ("phasing delta-v, m/s", 124.8, 1.0, "88-96 over six burns on the sister flights; two impulses 119 at least"),
    ("Kurs stop, MET s", 11687.9, 1.0, "not published; 12:09:50 UTC derived from the planned 12:12 contact"),
    ("contact, MET s", 12448.5, 5.0, "12:22:31 UTC = T+12,449 s flown; the pilot model's replay reaches it"),
    ("contact closing speed, m/s", 0.111, 0.01, "0.06-0.15 in the Soyuz manual-docking exam"),
    ("contact miss off the axis, m", 0.005, 0.01, "within the probe's capture cone"),
];

#[test]
fn the_flown_figures_hold() {
    let mut mission = ms19_mission();
    mission.run_to_met(3.0 * 3600.0 + 40.0 * 60.0);
    let soyuz = mission.body_index("soyuz").unwrap();
    let at = |kind: EventKind| event_met_s(&mission, "soyuz", kind, 1).unwrap_or(f64::NAN);
    // The orbit at separation, from a copy flown to just after it.
    let separation = at(EventKind::SpacecraftSeparation);
    let mut inserted = ms19_mission();
    inserted.run_to_met(separation + 1.0);
    let e = inserted.elements(soyuz);
    let plan = mission.rendezvous_of(soyuz).unwrap();
    let contact = plan.contact().expect("contact happened");
    // All six burns, SKD and DPO, as the engines gave them.
    let dv = plan.delta_v_given_mps;
    let measured = [
        e.perigee_altitude_m() / 1000.0,
        e.apogee_altitude_m() / 1000.0,
        e.inclination_rad.to_degrees(),
        at(EventKind::ThirdStageCutoff),
        separation,
        dv,
        at(EventKind::KursFault),
        contact.met_s,
        contact.closing_mps,
        contact.lateral_miss_m,
    ];
    let report: Vec<String> = FIGURES
        .iter()
        .zip(measured)
        .map(|((name, want, tolerance, reference), got)| {
            let mark = if (got - want).abs() <= *tolerance { "ok" } else { "MOVED" };
            format!("{mark:5} {name}: {got:.4} (held {want} ± {tolerance}; {reference})")
        })
        .collect();
    let text = report.join("\n");
    println!("{text}");
    assert!(!text.contains("MOVED"), "{text}\n\n{}", log_text(&mission));
}
