//! Headless `simulate`: the core alone, sampled into a telemetry CSV (and, on request, a plot
//! of the ascent).

pub mod ascent_plot;

use crate::core::frames::{self, Geodetic};
use crate::core::mission::{Mission, merge_flown};
use crate::core::time::{UtcInstant, format_met};
use crate::core::{StateVector, position_m, state_from, sun, velocity_mps};
use std::io::{self, Write};

/// The CSV header, one row per body per sample (README, "Telemetry").
pub const TELEMETRY_HEADER: &str = "utc,met_s,body,x_m,y_m,z_m,vx_mps,vy_mps,vz_mps,lat_deg,lon_deg,alt_m";

/// Checks that samples every `every_s` fall on fixed steps; returns steps per sample.
pub fn steps_per_sample(every_s: f64, step_s: f64) -> Result<u64, String> {
    let ratio = every_s / step_s;
    if every_s.is_nan() || every_s <= 0.0 || (ratio - ratio.round()).abs() > 1e-9 || ratio.round() < 1.0 {
        return Err(format!("--every {every_s} must be a positive multiple of the physics step {step_s} s"));
    }
    Ok(ratio.round() as u64)
}

/// Geocentric inertial state of the Sun; velocity by central difference over ±1 s.
pub fn sun_state_eci(at: UtcInstant) -> StateVector {
    let before = sun::sun_position_eci_m(at.plus_seconds(-1.0));
    let after = sun::sun_position_eci_m(at.plus_seconds(1.0));
    state_from(sun::sun_position_eci_m(at), (after - before) / 2.0)
}

fn write_row(
    out: &mut impl Write,
    utc: UtcInstant,
    met_s: f64,
    body: &str,
    state: &StateVector,
    g: &Geodetic,
) -> io::Result<()> {
    let (r, v) = (position_m(state), velocity_mps(state));
    writeln!(
        out,
        "{utc},{met_s:.3},{body},{:.3},{:.3},{:.3},{:.6},{:.6},{:.6},{:.6},{:.6},{:.3}",
        r.x,
        r.y,
        r.z,
        v.x,
        v.y,
        v.z,
        g.latitude_rad.to_degrees(),
        g.longitude_rad.to_degrees(),
        g.altitude_m
    )
}

/// Writes the current sample: every body of the mission, then the Sun (its sub-solar point and
/// its height above the surface there).
pub fn write_sample(out: &mut impl Write, mission: &Mission) -> io::Result<()> {
    let (utc, met_s, gmst) = (mission.utc(), mission.met_s(), mission.gmst_rad());
    for (i, body) in mission.bodies.iter().enumerate() {
        let state = mission.state(i);
        write_row(
            out,
            utc,
            met_s,
            &body.name,
            &state,
            &frames::geodetic_from_eci_position_m(&position_m(&state), gmst),
        )?;
    }
    let sun = sun_state_eci(utc);
    write_row(out, utc, met_s, "sun", &sun, &frames::geodetic_from_eci_position_m(&position_m(&sun), gmst))
}

/// Runs the mission to `until_met_s`, writing a sample every `steps_per_sample` steps, starting
/// with the current state. `progress` hears the fraction done.
pub fn write_telemetry(
    mission: &mut Mission,
    until_met_s: f64,
    steps_per_sample: u64,
    out: &mut impl Write,
    mut progress: impl FnMut(f64),
) -> io::Result<()> {
    writeln!(out, "{TELEMETRY_HEADER}")?;
    let first_met = mission.met_s();
    let span = (until_met_s - first_met).max(f64::MIN_POSITIVE);
    write_sample(out, mission)?;
    while mission.met_s() + steps_per_sample as f64 * mission.step_s <= until_met_s + 1e-9 {
        for _ in 0..steps_per_sample {
            mission.step();
        }
        write_sample(out, mission)?;
        progress((mission.met_s() - first_met) / span);
    }
    out.flush()
}

/// A few lines a person reads after a run.
pub fn summary(mission: &Mission) -> String {
    let mut lines = vec![format!("{} (MET {})", mission.utc(), format_met(mission.met_s()))];
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
    let sun = sun::sun_direction_eci(mission.utc());
    if let Some(iss) = mission.body_index("iss") {
        let day = !sun::is_in_earth_shadow(&position_m(&mission.state(iss)), &sun);
        lines.push(format!("  ISS in orbital {}", if day { "day" } else { "night" }));
    }
    lines.join("\n")
}

/// Events CSV: `utc,met_s,source,event,description`, what has happened (`flown`) and the
/// planned entries the physics does not fly yet (`planned`), in time order.
pub fn events_csv(mission: &Mission) -> String {
    let quote = |text: &str| format!("\"{}\"", text.replace('"', "\"\""));
    let mut out = String::from("utc,met_s,source,event,description\n");
    for (event, flown) in merge_flown(&mission.timeline, &mission.log) {
        out += &format!(
            "{},{:.1},{},{},{}\n",
            mission.launch.plus_seconds(event.met_s),
            event.met_s,
            if flown { "flown" } else { "planned" },
            quote(&event.name),
            quote(&event.description)
        );
    }
    out
}
