//! Headless `simulate`: the core alone, sampled into a telemetry CSV (and, on request, a plot
//! of the ascent).

pub mod ascent_plot;
pub mod decimal;

use crate::core::atmosphere::Nrlmsise00;
use crate::core::attitude::Attitude;
use crate::core::frames::{self, Geodetic};
use crate::core::mission::docking::cues_on;
use crate::core::mission::{Mission, merge_flown};
use crate::core::snapshot::{SAME_INSTANT_S, Snapshot};
use crate::core::time::{Met, UtcInstant};
use crate::core::{StateVector, position_m, state_from, sun, velocity_mps};
use decimal::Fixed;
use std::io::{self, Write};

/// The CSV header, one row per body per sample (docs/formats.md, "Telemetry").
pub const TELEMETRY_HEADER: &str =
    "utc,met_s,body,x_m,y_m,z_m,vx_mps,vy_mps,vz_mps,lat_deg,lon_deg,alt_m,qw,qx,qy,qz,wx_radps,wy_radps,wz_radps";

/// Flies `mission` with the pilot model on the controls after the Kurs fault, to contact or
/// `until_met_s`: the contact, if it came, and the inputs the model gave.
pub fn fly_pilot_model(
    mut mission: Mission,
    until_met_s: f64,
) -> (Option<crate::core::control::rendezvous::Contact>, Option<crate::core::replay::Replay>) {
    mission.fly_pilot_model(crate::core::control::pilot::Technique::trained());
    let Some(craft) = mission.spacecraft() else { return (None, None) };
    while mission.met_s() < until_met_s && mission.rendezvous_of(craft).is_some_and(|p| p.contact().is_none()) {
        mission.step();
    }
    let plan = mission.rendezvous_of(craft);
    (plan.and_then(|p| p.contact()), mission.pilot_replay(craft).cloned())
}

/// Flies `mission` until its spacecraft begins station-keeping on the port's axis, and says
/// when that was (none if it does not by T+6 h).
pub fn fly_to_station_keeping(mission: &mut Mission) -> Option<f64> {
    use crate::core::events::EventKind;
    const GIVE_UP_MET_S: f64 = 6.0 * 3600.0;
    let found = |m: &Mission| m.log.iter().find(|e| e.key.kind == EventKind::StationKeeping).map(|e| e.met_s);
    while found(mission).is_none() && mission.met_s() < GIVE_UP_MET_S {
        mission.step();
    }
    found(mission)
}

/// How a docking by hand ended.
#[derive(Clone, Debug, PartialEq)]
pub enum DockingOutcome {
    Docked { contact: crate::core::control::rendezvous::Contact, propellant_used_kg: f64, score: u32 },
    Failed { why: String, met_s: f64, propellant_used_kg: f64 },
}

impl DockingOutcome {
    /// One line for `ms19 dock --headless`.
    pub fn line(&self, launch: UtcInstant) -> String {
        match self {
            DockingOutcome::Docked { contact, propellant_used_kg, score } => format!(
                "docked at {} ({}): contact {:.3} m/s, miss {:.3} m, misalignment {:.2} deg, propellant used {:.1} kg, score {score}",
                launch.plus_seconds(contact.met_s),
                Met(contact.met_s),
                contact.closing_mps,
                contact.lateral_miss_m,
                contact.misalignment_rad.to_degrees(),
                propellant_used_kg
            ),
            DockingOutcome::Failed { why, met_s, propellant_used_kg } => format!(
                "failed at {} ({}): {why}; propellant used {propellant_used_kg:.1} kg",
                launch.plus_seconds(*met_s),
                Met(*met_s)
            ),
        }
    }
}

/// Flies `mission` (its hands already chosen) to contact, a failure or `until_met_s`, and
/// says how the docking by hand ended; propellant used counts from the pilot's takeover.
/// (A contact before any takeover, by the automatic approach, is not a docking by hand: it
/// runs on to the limit.)
pub fn fly_docking(mission: &mut Mission, until_met_s: f64) -> Option<DockingOutcome> {
    use crate::core::events::EventKind;
    let craft = mission.spacecraft()?;
    mission.rendezvous_of(craft)?.approach.kurs_fault.as_ref()?;
    loop {
        let plan = mission.rendezvous_of(craft)?;
        plan.approach.kurs_fault.as_ref()?;
        let used_kg = plan.propellant_used_by_hand_kg();
        if let (Some(contact), Some(score)) = (plan.contact(), crate::core::game_rules::docking_score(plan)) {
            return Some(DockingOutcome::Docked { contact, propellant_used_kg: used_kg, score });
        }
        let last = |kind: EventKind| mission.log.iter().rev().find(|e| e.key.vehicle.0 == craft && e.key.kind == kind);
        if plan.failure().is_some() || mission.met_s() >= until_met_s {
            let why = match [EventKind::Collision, EventKind::PropellantOut, EventKind::Bounce].map(last) {
                [Some(e), _, _] | [_, Some(e), _] => (e.description.clone(), e.met_s),
                [_, _, Some(e)] => (format!("not docked by {}; last: {}", Met(until_met_s), e.description), e.met_s),
                _ => (format!("not docked by {}", Met(until_met_s)), mission.met_s()),
            };
            return Some(DockingOutcome::Failed { why: why.0, met_s: why.1, propellant_used_kg: used_kg });
        }
        mission.step();
    }
}

/// Flies `mission` (as loaded, or flown to a point before the takeover) with `replay` on the
/// controls from where the replay starts to the docking's end or `until_met_s`: `ms19 dock
/// --headless` and the game's debrief. With `telemetry`, every substep by hand is kept for
/// [`write_hand_telemetry`]. None without a Kurs fault, when nobody docks by hand.
pub fn fly_recorded(
    mut mission: Mission,
    replay: std::sync::Arc<crate::core::replay::Replay>,
    until_met_s: f64,
    telemetry: bool,
) -> Option<(Mission, DockingOutcome)> {
    let start = replay.start;
    mission.fly_replay(replay);
    if telemetry {
        mission.keep_hand_substeps();
    }
    if let Some(start) = start {
        mission.start_docking(start, crate::core::game_rules::start_error);
    }
    let outcome = fly_docking(&mut mission, until_met_s)?;
    Some((mission, outcome))
}

/// [`write_hand_telemetry`] into the file at `path`.
pub fn write_hand_telemetry_file(mission: &Mission, craft: usize, path: &std::path::Path) -> io::Result<usize> {
    let mut out = io::BufWriter::new(std::fs::File::create(path)?);
    let rows = write_hand_telemetry(mission, craft, &mut out)?;
    out.flush().map(|()| rows)
}

/// The docking flown by hand by `craft` of `mission` (which kept its substeps:
/// [`Mission::keep_hand_substeps`]), a row per substep as it began: `simulate`'s columns for
/// the ship, then what the controllers held, the pilot's cues (as the HUD shows them) and the
/// propellant. Returns the rows written.
pub fn write_hand_telemetry(mission: &Mission, craft: usize, out: &mut impl Write) -> io::Result<usize> {
    let Some(plan) = mission.rendezvous_of(craft) else { return Ok(0) };
    let Some(substeps) = plan.hand_flight().and_then(|hand| hand.substeps.as_ref()) else { return Ok(0) };
    writeln!(
        out,
        "{TELEMETRY_HEADER},translate_x,translate_y,translate_z,rotate_roll,rotate_pitch,rotate_yaw,coarse,\
         range_m,closing_mps,across_m,up_m,across_mps,up_mps,roll_error_deg,pitch_error_deg,yaw_error_deg,\
         roll_rate_degps,pitch_rate_degps,yaw_rate_degps,propellant_kg"
    )?;
    let name = &mission.bodies[craft].name;
    for row in substeps {
        let utc = mission.launch.plus_seconds(row.met_s);
        let gmst = crate::core::time::gmst_rad(utc.julian_date_ut1(mission.ut1_minus_utc_s));
        let g = frames::geodetic_from_eci_position_m(&position_m(&row.ship), gmst);
        write_fields(out, utc, row.met_s, name, &row.ship, &g, Some(&row.attitude))?;
        let cues = cues_on(&plan.approach, &row.station, &row.ship, &row.attitude);
        let signs = |d: &[crate::core::rcs::Deflection; 3]| d.map(|x| x.sign().to_string()).join(",");
        let (e, de) =
            (cues.attitude_error_body_rad.map(f64::to_degrees), cues.rate_error_body_radps.map(f64::to_degrees));
        writeln!(
            out,
            ",{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}",
            signs(&row.command.translation),
            signs(&row.command.rotation),
            u8::from(row.command.both_loops),
            Fixed::<3>(cues.distance_m),
            Fixed::<4>(cues.closing_mps),
            Fixed::<3>(cues.lateral_body_m.y),
            Fixed::<3>(cues.lateral_body_m.z),
            Fixed::<4>(cues.lateral_rate_body_mps.y),
            Fixed::<4>(cues.lateral_rate_body_mps.z),
            Fixed::<3>(e.x),
            Fixed::<3>(e.y),
            Fixed::<3>(e.z),
            Fixed::<4>(de.x),
            Fixed::<4>(de.y),
            Fixed::<4>(de.z),
            Fixed::<3>(row.propellant_kg)
        )?;
    }
    Ok(substeps.len())
}

/// Checks `--every`: any positive, finite number of seconds. Samples between two physics
/// steps are interpolated ([`Snapshot::between`]), never stepped.
pub fn sample_interval_s(every_s: f64) -> Result<f64, String> {
    if every_s.is_finite() && every_s > 0.0 {
        Ok(every_s)
    } else {
        Err(format!("--every {every_s} must be a positive number of seconds"))
    }
}

/// The longest span `simulate` runs: a year past the start. The TLEs it starts from and the
/// UT1 − UTC it is given hold for weeks; beyond a year the figures mean nothing.
pub const MAX_SPAN_S: f64 = 366.0 * 86_400.0;

/// Checks a run to `until_met_s` from `mission`'s start, its samples written from `from_met_s`
/// (or the start) every `every_s`: the span at most [`MAX_SPAN_S`], the samples' start not past
/// their end, the CSV it would write (one sample's rows measured, times the samples: a lower
/// bound once spent stages add rows) within `free_bytes`, and its end inside the space-weather
/// record when drag is NRLMSISE-00 (past it the model would fly on made-up indices). On
/// refusal, why and what to change.
pub fn check_run(
    mission: &Mission,
    (from_met_s, until_met_s): (Option<f64>, f64),
    every_s: f64,
    free_bytes: Option<u64>,
) -> Result<u64, String> {
    let span_s = until_met_s - mission.met_s();
    if let Some(from) = from_met_s.filter(|&from| from > until_met_s) {
        return Err(format!("--from {} is after --until {}", Met(from), Met(until_met_s)));
    }
    let first_written_met_s =
        mission.met_s() + first_sample_from(mission.met_s(), from_met_s, every_s) as f64 * every_s;
    if first_written_met_s > until_met_s + SAME_INSTANT_S {
        return Err(format!(
            "no sample falls between --from and --until every {every_s} s (the first after --from is at {}): \
             sample more often or widen the span",
            Met(first_written_met_s)
        ));
    }
    // NaN fails too.
    if span_s.is_nan() || span_s > MAX_SPAN_S {
        let days = span_s / 86_400.0;
        return Err(format!(
            "--until is {days:.0} days past the start; simulate runs at most {:.0} days",
            MAX_SPAN_S / 86_400.0
        ));
    }
    let end = mission.launch.plus_seconds(until_met_s);
    if mission.forces.atmosphere.as_deref().is_some_and(|a| !a.inputs_recorded_at(end)) {
        let (_, record_end) = Nrlmsise00::record_span();
        return Err(format!(
            "--until reaches {end}, past the end of NRLMSISE-00's embedded space weather ({record_end}): \
             stop before it, or choose HarrisPriester in the scenario's physics.atmosphere"
        ));
    }
    let mut sample = Vec::new();
    write_sample(&mut sample, mission, &mission.snapshot()).expect("writing to memory");
    let samples = ((until_met_s - first_written_met_s).max(0.0) / every_s).floor() + 1.0;
    let bytes = (samples * sample.len() as f64) as u64 + TELEMETRY_HEADER.len() as u64;
    match free_bytes {
        Some(free) if bytes > free => Err(format!(
            "the CSV would take about {:.1} GB and {:.1} GB are free: sample less often (--every) or stop earlier (--until)",
            bytes as f64 / 1e9,
            free as f64 / 1e9
        )),
        _ => Ok(bytes),
    }
}

/// Geocentric inertial state of the Sun; velocity by central difference over ±1 s.
pub fn sun_state_eci(at: UtcInstant) -> StateVector {
    let before = sun::sun_position_eci_m(at.plus_seconds(-1.0));
    let after = sun::sun_position_eci_m(at.plus_seconds(1.0));
    state_from(sun::sun_position_eci_m(at), (after - before) / 2.0)
}

/// A row's fields, [`TELEMETRY_HEADER`]'s columns, without the line's end.
fn write_fields(
    out: &mut impl Write,
    utc: UtcInstant,
    met_s: f64,
    body: &str,
    state: &StateVector,
    g: &Geodetic,
    attitude: Option<&Attitude>,
) -> io::Result<()> {
    let (r, v) = (position_m(state), velocity_mps(state));
    let (f3, f6) = (Fixed::<3>, Fixed::<6>);
    write!(
        out,
        "{utc},{},{body},{},{},{},{},{},{},{},{},{}",
        f3(met_s),
        f3(r.x),
        f3(r.y),
        f3(r.z),
        f6(v.x),
        f6(v.y),
        f6(v.z),
        f6(g.latitude_rad.to_degrees()),
        f6(g.longitude_rad.to_degrees()),
        f3(g.altitude_m)
    )?;
    match attitude {
        Some(a) => {
            let (q, w) = (a.body_to_inertial.quaternion(), a.rate_body_radps);
            let f9 = Fixed::<9>;
            write!(out, ",{},{},{},{},{},{},{}", f9(q.w), f9(q.i), f9(q.j), f9(q.k), f9(w.x), f9(w.y), f9(w.z))
        }
        None => write!(out, ",,,,,,,"),
    }
}

/// Writes one sample, `shown`: every body of the mission (named from `mission`), then the Sun
/// (its sub-solar point and its height above the surface there).
pub fn write_sample(out: &mut impl Write, mission: &Mission, shown: &Snapshot) -> io::Result<()> {
    let (utc, met_s, gmst) = (shown.utc(), shown.met_s, shown.gmst_rad());
    for ((body, state), attitude) in mission.bodies.iter().zip(&shown.states).zip(&shown.attitudes) {
        let g = frames::geodetic_from_eci_position_m(&position_m(state), gmst);
        write_fields(out, utc, met_s, &body.name, state, &g, Some(attitude))?;
        writeln!(out)?;
    }
    let sun = sun_state_eci(utc);
    write_fields(out, utc, met_s, "sun", &sun, &frames::geodetic_from_eci_position_m(&position_m(&sun), gmst), None)?;
    writeln!(out)
}

/// Runs the mission to `until_met_s`, writing a sample every `every_s` seconds from the current
/// state on. A sample between two steps is interpolated from them, so the trajectory is the
/// same whatever the interval. With `from_met_s` the mission is still flown from its state now
/// but only the samples from that instant on are written: the same instants, byte for byte, as
/// the same rows of a whole run (an entry sampled every second without a 12-day file).
/// `progress` hears the fraction done.
pub fn write_telemetry(
    mission: &mut Mission,
    (from_met_s, until_met_s): (Option<f64>, f64),
    every_s: f64,
    out: &mut impl Write,
    mut progress: impl FnMut(f64),
) -> io::Result<()> {
    writeln!(out, "{TELEMETRY_HEADER}")?;
    let first_met = mission.met_s();
    let span = (until_met_s - first_met).max(f64::MIN_POSITIVE);
    let mut previous: Option<Snapshot> = None;
    let first_sample = first_sample_from(first_met, from_met_s, every_s);
    // Sample times are counted, not summed, so that they do not drift.
    for sample in first_sample.. {
        let met_s = first_met + sample as f64 * every_s;
        if met_s > until_met_s + SAME_INSTANT_S {
            break;
        }
        while mission.met_s() < met_s - SAME_INSTANT_S {
            // Only the step that reaches the sample is interpolated across.
            if mission.met_s() + mission.step_s >= met_s - SAME_INSTANT_S {
                previous = Some(mission.snapshot());
            }
            mission.step();
        }
        write_sample(out, mission, &Snapshot::between(previous.as_ref(), &mission.snapshot(), met_s))?;
        progress((met_s - first_met) / span);
    }
    out.flush()
}

/// The index of the first sample at or after `from_met_s` on the grid of a whole run from
/// `first_met_s` every `every_s` (0 without one), its instant formed as the sample loop forms
/// it, so that rounding never skips the sample at `from_met_s` itself.
fn first_sample_from(first_met_s: f64, from_met_s: Option<f64>, every_s: f64) -> u64 {
    let Some(from) = from_met_s else { return 0 };
    let at = |k: u64| first_met_s + k as f64 * every_s;
    let mut k = ((from - first_met_s) / every_s).ceil().max(0.0) as u64;
    while k > 0 && at(k - 1) >= from - SAME_INSTANT_S {
        k -= 1;
    }
    while at(k) < from - SAME_INSTANT_S {
        k += 1;
    }
    k
}

/// A few lines a person reads after a run.
pub fn summary(mission: &Mission) -> String {
    let mut lines = vec![format!("{} ({})", mission.utc(), Met(mission.met_s()))];
    for (i, body) in mission.bodies.iter().enumerate() {
        let g = mission.geodetic(i);
        let where_ = format!(
            "{:7.3} {}  {:8.3} {}  alt {:7.1} km",
            g.latitude_rad.to_degrees().abs(),
            if g.latitude_rad >= 0.0 { 'N' } else { 'S' },
            g.longitude_rad.to_degrees().abs(),
            if g.longitude_rad >= 0.0 { 'E' } else { 'W' },
            g.altitude_m / 1000.0
        );
        let orbit = match body.motion {
            crate::core::mission::Motion::Free { .. } => {
                let e = mission.elements(i);
                format!(
                    "  {:.1} x {:.1} km, i {:.3} deg, period {:.2} min",
                    e.perigee_altitude_m() / 1000.0,
                    e.apogee_altitude_m() / 1000.0,
                    e.inclination_rad.to_degrees(),
                    e.period_s() / 60.0
                )
            }
            crate::core::mission::Motion::EarthFixed { .. } => "  on the ground, turning with the Earth".into(),
            crate::core::mission::Motion::Docked { to, .. } => format!("  docked to {}", mission.bodies[to].name),
        };
        lines.push(format!("  {:<12} {where_}{orbit}", body.name));
    }
    if let Some(iss) = mission.station() {
        // Day while the Sun's centre is above the limb, as the sunset and sunrise events have it.
        let day =
            sun::sun_above_limb_rad(&position_m(&mission.state(iss)), &sun::sun_position_eci_m(mission.utc())) >= 0.0;
        lines.push(format!("  ISS in orbital {}", if day { "day" } else { "night" }));
    }
    lines.join("\n")
}

/// The events CSV's header (docs/formats.md, "Events").
pub const EVENTS_HEADER: &str = "utc,met_s,source,vehicle,kind,event,description";

/// Events CSV: what has happened (`flown`) and the planned entries the physics does not fly
/// (`planned`), in time order, each with its vehicle and kind.
pub fn events_csv(mission: &Mission) -> String {
    let quote = |text: &str| format!("\"{}\"", text.replace('"', "\"\""));
    let mut out = format!("{EVENTS_HEADER}\n");
    for (event, flown) in merge_flown(&mission.timeline, &mission.log) {
        out += &format!(
            "{},{:.1},{},{},{},{},{}\n",
            mission.launch.plus_seconds(event.met_s),
            event.met_s,
            if flown { "flown" } else { "planned" },
            mission.bodies[event.key.vehicle.0].name,
            event.key.kind.id(),
            quote(&event.name),
            quote(&event.description)
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_sample_from_an_instant_is_on_the_whole_runs_grid_and_not_lost_to_rounding() {
        assert_eq!(first_sample_from(-300.0, None, 10.0), 0);
        assert_eq!(first_sample_from(-300.0, Some(0.0), 10.0), 30);
        assert_eq!(first_sample_from(-300.0, Some(0.5), 10.0), 31);
        assert_eq!(first_sample_from(-300.0, Some(-1000.0), 10.0), 0);
        // Late in a year-long run every 0.1 s, where 1e-9 s is below the clock's resolution:
        // the sample at the instant itself, formed as the loop forms it.
        for k in [299_999_999_u64, 300_000_000, 300_000_001] {
            let from = -300.0 + k as f64 * 0.1;
            assert_eq!(first_sample_from(-300.0, Some(from), 0.1), k, "{from}");
        }
    }
}
