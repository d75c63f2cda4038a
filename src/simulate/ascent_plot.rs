//! `ms19 simulate --plot`: the ascent at a glance. Altitude, speed and the load the crew felt
//! against mission time, one sample per physics step, with the flight's events marked.

use crate::core::earth::gravity_acceleration_mps2;
use crate::core::frames;
use crate::core::launcher::G0_MPS2;
use crate::core::mission::{Mission, TimelineEvent};
use crate::core::time::UtcInstant;
use crate::core::{position_m, velocity_mps};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::path::Path;

/// Plotted before lift-off, s: the crew on the pad feel 1 g.
const BEFORE_LIFT_OFF_S: f64 = 20.0;
/// Plotted after spacecraft separation, s: coasting, weightless.
const AFTER_SEPARATION_S: f64 = 60.0;
/// Where the plot ends if the launcher never separates (a failed ascent is plotted too).
const LONGEST_ASCENT_S: f64 = 1200.0;
/// Size of the picture, pixels: readable on a laptop screen and in print.
const SIZE_PX: (u32, u32) = (1600, 1200);

/// The spacecraft at the end of one physics step.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AscentSample {
    pub met_s: f64,
    pub altitude_m: f64,
    pub inertial_speed_mps: f64,
    /// Speed relative to the rotating Earth (the air, the ground below).
    pub earth_relative_speed_mps: f64,
    /// Non-gravitational acceleration over the step, in g: thrust and drag, what the crew felt
    /// (gravity is not felt in free fall; on the pad the ground pushes up with 1 g).
    pub sensed_acceleration_g: f64,
}

/// The ascent flown, and the events that happened during it.
#[derive(Clone, Debug, PartialEq)]
pub struct AscentRecord {
    /// Lift-off, the zero of mission time.
    pub launch: UtcInstant,
    pub samples: Vec<AscentSample>,
    pub events: Vec<TimelineEvent>,
}

impl AscentRecord {
    /// Flies `mission` from shortly before lift-off to a minute after spacecraft
    /// separation. The sensed acceleration is the velocity change over each step less what
    /// gravity (the mission's own model, at the step's mid-point) accounts for.
    pub fn fly(mut flight: Mission) -> Self {
        flight.run_to_met(-BEFORE_LIFT_OFF_S);
        let (craft, h) = (flight.spacecraft().expect("a launcher carries a spacecraft"), flight.step_s);
        let first_met = flight.met_s();
        let mut separated_at = None;
        let mut samples = Vec::new();
        let stop_met = |separated_at: Option<f64>| separated_at.map_or(LONGEST_ASCENT_S, |t| t + AFTER_SEPARATION_S);
        let mut before = flight.state(craft);
        while flight.met_s() < stop_met(separated_at) {
            flight.step();
            let after = flight.state(craft);
            let middle = 0.5 * (position_m(&before) + position_m(&after));
            let gravity = gravity_acceleration_mps2(&middle, flight.forces.zonal);
            let sensed = (velocity_mps(&after) - velocity_mps(&before)) / h - gravity;
            samples.push(AscentSample {
                met_s: flight.met_s(),
                altitude_m: frames::geodetic_from_eci_position_m(&position_m(&after), flight.gmst_rad()).altitude_m,
                inertial_speed_mps: velocity_mps(&after).norm(),
                earth_relative_speed_mps: frames::velocity_relative_to_earth_mps(&after).norm(),
                sensed_acceleration_g: sensed.norm() / G0_MPS2,
            });
            before = after;
            if separated_at.is_none() && flight.launcher_of(craft).is_some_and(|l| l.separated()) {
                separated_at = Some(flight.met_s());
            }
        }
        let window = first_met..=stop_met(separated_at);
        let events = flight.log.into_iter().filter(|e| window.contains(&e.met_s)).collect();
        Self { launch: flight.launch, samples, events }
    }

    /// Draws the three panels into a PNG at `path`.
    pub fn draw_png(&self, path: &Path, title: &str) -> Result<(), Box<dyn std::error::Error>> {
        register_font();
        let root = BitMapBackend::new(path, SIZE_PX).into_drawing_area();
        root.fill(&WHITE)?;
        let root = root.margin(12, 0, 0, 0).titled(title, ("sans-serif", 34))?;
        let panels = root.split_evenly((3, 1));
        let (first, last) = match (self.samples.first(), self.samples.last()) {
            (Some(first), Some(last)) => (first.met_s, last.met_s),
            _ => return Err("no samples to plot".into()),
        };
        // (axis, decimals on it, where the legend sits clear of the lines, lines)
        let panel_specs: [(&str, usize, SeriesLabelPosition, &[Series]); 3] = [
            (
                "altitude, km",
                0,
                SeriesLabelPosition::LowerRight,
                &[Series { label: "geodetic altitude", colour: BLUE, value: |s| s.altitude_m / 1e3 }],
            ),
            (
                "speed, m/s",
                0,
                SeriesLabelPosition::UpperLeft,
                &[
                    Series { label: "inertial", colour: RED, value: |s| s.inertial_speed_mps },
                    Series { label: "relative to the Earth", colour: GREEN, value: |s| s.earth_relative_speed_mps },
                ],
            ),
            (
                "sensed acceleration, g",
                1,
                SeriesLabelPosition::UpperRight,
                &[Series { label: "thrust and drag", colour: MAGENTA, value: |s| s.sensed_acceleration_g }],
            ),
        ];
        let x_label = format!("mission elapsed time, s (0 = lift-off, {})", self.launch);
        for (index, (panel, (y_label, decimals, legend_at, series))) in panels.iter().zip(panel_specs).enumerate() {
            let top =
                self.samples.iter().flat_map(|s| series.iter().map(move |line| (line.value)(s))).fold(0.0, f64::max);
            let mut chart = ChartBuilder::on(panel)
                .margin(12)
                .x_label_area_size(if index == 2 { 50 } else { 30 })
                .y_label_area_size(90)
                .build_cartesian_2d(first..last, 0.0..top * 1.08)?;
            let mut mesh = chart.configure_mesh();
            let y_format = move |v: &f64| format!("{v:.decimals$}");
            mesh.y_desc(y_label)
                .y_label_formatter(&y_format)
                .x_label_formatter(&|t| format!("{t:.0}"))
                .label_style(("sans-serif", 20))
                .axis_desc_style(("sans-serif", 22));
            if index == 2 {
                mesh.x_desc(&x_label);
            }
            mesh.draw()?;
            for event in &self.events {
                let marker = [(event.met_s, 0.0), (event.met_s, top * 1.08)];
                chart.draw_series(DashedLineSeries::new(marker, 6, 6, BLACK.mix(0.35).stroke_width(1)))?;
            }
            for line in series {
                chart
                    .draw_series(LineSeries::new(
                        self.samples.iter().map(|s| (s.met_s, (line.value)(s))),
                        line.colour.stroke_width(3),
                    ))?
                    .label(line.label)
                    .legend(move |(x, y)| PathElement::new([(x, y), (x + 24, y)], line.colour.stroke_width(3)));
            }
            chart
                .configure_series_labels()
                .position(legend_at)
                .label_font(("sans-serif", 20))
                .background_style(WHITE.mix(0.85))
                .border_style(BLACK.mix(0.3))
                .draw()?;
            if index == 0 {
                // Event names, staggered down the panel so neighbours do not overlap.
                // Names in the right quarter are set to the left of their line, to stay inside.
                for (k, event) in self.events.iter().enumerate() {
                    let y = top * (1.0 - 0.11 * (k % 5) as f64);
                    let right_quarter = event.met_s > first + 0.75 * (last - first);
                    let (text, anchor) = if right_quarter {
                        (format!("{} ", event.name), Pos::new(HPos::Right, VPos::Top))
                    } else {
                        (format!(" {}", event.name), Pos::new(HPos::Left, VPos::Top))
                    };
                    let style = ("sans-serif", 18).into_font().color(&BLACK.mix(0.8)).pos(anchor);
                    chart.draw_series(std::iter::once(Text::new(text, (event.met_s, y), style)))?;
                }
            }
        }
        root.present().map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        Ok(())
    }
}

/// One line of a panel.
struct Series {
    label: &'static str,
    colour: RGBColor,
    value: fn(&AscentSample) -> f64,
}

/// Plotters draws text with a font registered by name; ours is egui's Ubuntu Light, which the
/// viewer already carries, so no system font is needed.
fn register_font() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // The bytes are a font egui ships and loads itself: a failure here is a broken build.
        if plotters::style::register_font("sans-serif", FontStyle::Normal, epaint_default_fonts::UBUNTU_LIGHT).is_err()
        {
            panic!("egui's Ubuntu Light does not parse as a font");
        }
    });
}
