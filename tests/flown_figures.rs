//! The flown mission's named figures, held where they are today with tight tolerances, so that
//! no change moves one unnoticed. A change that moves one on purpose updates it here and says
//! why in its commit. Independent references are beside each (the flown or the sister flights'
//! values); the looser tests against those live in `ascent` and `rendezvous`.

use crate::{log_text, ms19_mission};

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
    ("contact, MET s", 12443.2, 5.0, "12:22:31 UTC = T+12,449 s flown; the pilot model's replay reaches it"),
    ("contact closing speed, m/s", 0.101, 0.01, "0.06-0.15 in the Soyuz manual-docking exam"),
    ("contact miss off the axis, m", 0.004, 0.01, "within the probe's capture cone"),
];

#[test]
fn the_flown_figures_hold() {
    let mut mission = ms19_mission();
    mission.run_to_met(3.0 * 3600.0 + 40.0 * 60.0);
    let soyuz = mission.body_index("soyuz").unwrap();
    let at = |name: &str| mission.log.iter().find(|e| e.name == name).map(|e| e.met_s).unwrap_or(f64::NAN);
    // The orbit at separation, from a copy flown to just after it.
    let separation = at("Spacecraft separation");
    let mut inserted = ms19_mission();
    inserted.run_to_met(separation + 1.0);
    let e = inserted.elements(soyuz);
    let plan = mission.rendezvous_of(soyuz).unwrap();
    let contact = plan.contact.expect("contact happened");
    // All six burns, SKD and DPO, as the engines gave them.
    let dv = plan.delta_v_given_mps;
    let measured = [
        e.perigee_altitude_m() / 1000.0,
        e.apogee_altitude_m() / 1000.0,
        e.inclination_rad.to_degrees(),
        at("Third-stage cutoff"),
        separation,
        dv,
        at("Kurs fault"),
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

/// Why the phasing's delta-v is not within 15 % of the sister flights' 88-96 m/s, as "Core v2"
/// asked: from the published insertion orbit to the station's published orbit no two impulses
/// do it for less than 119 m/s, above 1.15 x 95.5 = 110 m/s. The sister flights' burn tables and
/// the published orbits disagree; ours is held near the floor that physics sets instead.
#[test]
fn the_phasing_pays_near_the_two_impulse_floor_that_the_sister_flights_tables_undercut() {
    use ms19::core::earth::EQUATORIAL_RADIUS_M;
    use ms19::core::elements::least_apsis_transfer_dv_mps;
    let radius_m = |altitude_km: f64| EQUATORIAL_RADIUS_M + altitude_km * 1000.0;
    // MS-19's insertion 199.84 x 242.69 km (kosmonavtika mkseo66); the ISS after its
    // 2021-09-24 lowering, 417.5 x 438.8 km (TASS).
    let floor_mps =
        least_apsis_transfer_dv_mps((radius_m(199.84), radius_m(242.69)), (radius_m(417.5), radius_m(438.8)));
    // The six burns of MS-22 and of MS-18 (kosmonavtika), summed.
    let ms22_mps: f64 = 50.33 + 0.99 + 31.47 + 5.40 + 5.87 + 1.45;
    let ms18_mps = 48.18 + 1.94 + 24.16 + 5.85 + 5.94 + 1.44;
    assert!(floor_mps > 1.15 * ms22_mps.max(ms18_mps), "floor {floor_mps} m/s against {ms18_mps}-{ms22_mps}");
    let flown_mps = FIGURES[5].1;
    assert!((1.0..1.07).contains(&(flown_mps / floor_mps)), "{flown_mps} m/s against the floor's {floor_mps}");
}
