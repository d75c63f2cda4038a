//! The debrief after a docking in the window: the flight by hand flown again from before the
//! takeover with the inputs the game recorded (the same flight to the bit, through
//! `simulate::fly_recorded`, as `ms19 dock --headless` flies a replay), plotted substep by
//! substep against the capture envelope, and written on exit with the `--record-inputs`
//! replay, in `ms19 dock --telemetry`'s columns.

use crate::app::{AppSystems, AppSystemsPlugin, require};
use crate::core::control::rendezvous::Hands;
use crate::core::geometry::SSVP_DROGUE;
use crate::core::mission::Mission;
use crate::core::mission::docking::cues_on;
use crate::core::replay::Replay;
use crate::sim::SimMission;
use crate::simulate::{self, DockingOutcome};
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};
use egui_plot::{HLine, Legend, Line, LineStyle, Plot, PlotPoint, PlotPoints};
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub struct DebriefPlugin {
    /// The mission before the hands were given (as loaded, or flown to the game's start), which
    /// the debrief flies again.
    pub before_hands: Mission,
    /// The replay `--record-inputs` writes; the telemetry goes beside it ([`telemetry_path`]).
    pub record_inputs: Option<PathBuf>,
}

impl Plugin for DebriefPlugin {
    fn build(&self, app: &mut App) {
        require(app, AppSystemsPlugin);
        app.insert_resource(BeforeHands {
            mission: self.before_hands.clone(),
            record_inputs: self.record_inputs.clone(),
        })
        .init_resource::<Debrief>()
        .add_systems(Update, debrief_at_the_end.in_set(AppSystems::Draw))
        .add_systems(EguiPrimaryContextPass, debrief_panel)
        .add_systems(Last, save_on_exit);
    }
}

#[derive(Resource)]
struct BeforeHands {
    mission: Mission,
    record_inputs: Option<PathBuf>,
}

/// The flight by hand, once it has ended (docked or failed); none while it is flown.
#[derive(Resource, Default)]
pub struct Debrief(pub Option<Flown>);

/// A flight by hand flown again, its substeps kept.
pub struct Flown {
    pub mission: Mission,
    pub outcome: DockingOutcome,
    pub series: Series,
}

/// What the debrief plots, a point per substep (kept as the plot's own points, which it borrows
/// each frame): time is seconds after the takeover.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Series {
    /// (range to contact m, closing m/s).
    pub closing: Vec<PlotPoint>,
    /// (s, m): the port's offset across and up in the periscope's picture.
    pub across: Vec<PlotPoint>,
    pub up: Vec<PlotPoint>,
    /// (s, deg): the attitude errors against the port's axis.
    pub roll: Vec<PlotPoint>,
    pub pitch: Vec<PlotPoint>,
    pub yaw: Vec<PlotPoint>,
}

/// Where the telemetry of a game recorded to `replay` goes: `inputs.ron` gives
/// `inputs.telemetry.csv`, never the replay's own path.
pub fn telemetry_path(replay: &Path) -> PathBuf {
    replay.with_extension("telemetry.csv")
}

/// The inputs on `craft`'s controllers so far: the replay watched, or what the player or the
/// pilot model has given.
fn inputs_on(mission: &Mission, craft: usize) -> Option<Arc<Replay>> {
    match &mission.rendezvous_of(craft)?.approach.kurs_fault.as_ref()?.hands {
        Hands::Replay(replay) => Some(replay.clone()),
        Hands::Live(_, recorded) | Hands::Pilot(_, recorded) => Some(Arc::new(recorded.clone())),
    }
}

/// `live`'s flight by hand flown again from `before_hands` with its inputs, to its end or a
/// step past `live`'s present.
pub fn fly_again(before_hands: &Mission, live: &Mission) -> Option<Flown> {
    let craft = live.spacecraft()?;
    let until_met_s = live.met_s() + live.step_s;
    let (mission, outcome) = simulate::fly_recorded(before_hands.clone(), inputs_on(live, craft)?, until_met_s, true)?;
    let series = series(&mission, craft)?;
    Some(Flown { mission, outcome, series })
}

/// The plotted series of `craft`'s kept substeps.
fn series(mission: &Mission, craft: usize) -> Option<Series> {
    let plan = mission.rendezvous_of(craft)?;
    let substeps = plan.hand_flight()?.substeps.as_ref()?;
    let t0 = substeps.first()?.met_s;
    let mut series = Series::default();
    for row in substeps {
        let cues = cues_on(&plan.approach, &row.station, &row.ship, &row.attitude);
        let (t, e) = (row.met_s - t0, cues.attitude_error_body_rad.map(f64::to_degrees));
        series.closing.push(PlotPoint::new(cues.distance_m, cues.closing_mps));
        series.across.push(PlotPoint::new(t, cues.lateral_body_m.y));
        series.up.push(PlotPoint::new(t, cues.lateral_body_m.z));
        series.roll.push(PlotPoint::new(t, e.x));
        series.pitch.push(PlotPoint::new(t, e.y));
        series.yaw.push(PlotPoint::new(t, e.z));
    }
    Some(series)
}

/// Once the flight by hand ends, flies it again for the debrief; a jump back before the end (a
/// restart) clears it.
fn debrief_at_the_end(mission: Res<SimMission>, before: Res<BeforeHands>, mut debrief: ResMut<Debrief>) {
    let m = &mission.0;
    match &debrief.0 {
        Some(flown) if m.met_s() + m.step_s < flown.mission.met_s() => debrief.0 = None,
        Some(_) => {}
        None => {
            let ended = m
                .spacecraft()
                .and_then(|craft| m.rendezvous_of(craft))
                .is_some_and(|p| p.hand_flight().is_some() && (p.contact().is_some() || p.failure().is_some()));
            if ended {
                debrief.0 = fly_again(&before.mission, m);
            }
        }
    }
}

fn debrief_panel(mut contexts: EguiContexts, debrief: Res<Debrief>, before: Res<BeforeHands>) -> Result {
    let Some(flown) = &debrief.0 else { return Ok(()) };
    let Some(plan) = flown.mission.spacecraft().and_then(|craft| flown.mission.rendezvous_of(craft)) else {
        return Ok(());
    };
    let capture = plan.approach.capture;
    let ctx = contexts.ctx_mut()?;
    let (s, dashed) = (&flown.series, LineStyle::dashed_loose());
    let envelope = egui::Color32::from_rgb(250, 210, 90);
    egui::Window::new("Debrief")
        .anchor(egui::Align2::CENTER_TOP, egui::vec2(0.0, 12.0))
        .default_width(470.0)
        .resizable(false)
        .show(ctx, |ui| {
            ui.label(flown.outcome.line(flown.mission.launch));
            let plot = |id: &str, y: &str, x: &str| {
                Plot::new(id.to_owned())
                    .height(120.0)
                    .width(450.0)
                    .legend(Legend::default())
                    .x_axis_label(x.to_owned())
                    .y_axis_label(y.to_owned())
                    .allow_scroll(false)
            };
            ui.label("closing rate against range; the capture envelope at contact dashed");
            plot("debrief-closing", "closing m/s", "range m").show(ui, |p| {
                p.line(Line::new("flight", PlotPoints::Borrowed(&s.closing)));
                p.hline(HLine::new("capture min", capture.min_closing_mps).color(envelope).style(dashed));
                p.hline(HLine::new("capture max", capture.max_closing_mps).color(envelope).style(dashed));
            });
            ui.label("the port off the probe's line; the drogue's mouth dashed");
            plot("debrief-lateral", "m", "s after the takeover").show(ui, |p| {
                p.line(Line::new("across", PlotPoints::Borrowed(&s.across)));
                p.line(Line::new("up", PlotPoints::Borrowed(&s.up)));
                for r in [-SSVP_DROGUE.mouth_radius_m, SSVP_DROGUE.mouth_radius_m] {
                    p.hline(HLine::new("drogue mouth", r).color(envelope).style(dashed));
                }
            });
            ui.label("attitude error against the port's axis; the capture's misalignment dashed");
            plot("debrief-attitude", "deg", "s after the takeover").show(ui, |p| {
                p.line(Line::new("roll", PlotPoints::Borrowed(&s.roll)));
                p.line(Line::new("pitch", PlotPoints::Borrowed(&s.pitch)));
                p.line(Line::new("yaw", PlotPoints::Borrowed(&s.yaw)));
                for a in [-capture.misalignment_deg, capture.misalignment_deg] {
                    p.hline(HLine::new("capture", a).color(envelope).style(dashed));
                }
            });
            match &before.record_inputs {
                Some(path) => ui.label(format!(
                    "Esc writes {} and {}; R flies again",
                    path.display(),
                    telemetry_path(path).display()
                )),
                None => ui.label("R flies again; --record-inputs FILE saves the inputs and this telemetry"),
            };
        });
    Ok(())
}

/// On exit with `--record-inputs`: the player's inputs as a replay, and beside it the flight by
/// hand's telemetry (flown again to the present if it has not ended).
fn save_on_exit(
    mut exits: MessageReader<AppExit>,
    before: Res<BeforeHands>,
    debrief: Res<Debrief>,
    mission: Res<SimMission>,
) {
    if exits.read().next().is_none() {
        return;
    }
    let (Some(path), Some(craft)) = (before.record_inputs.as_deref(), mission.0.spacecraft()) else { return };
    if let Some(replay) = mission.0.pilot_replay(craft) {
        match std::fs::write(path, replay.to_ron()) {
            Ok(()) => info!("wrote {} ({} inputs)", path.display(), replay.inputs.len()),
            Err(e) => error!("cannot write {}: {e}", path.display()),
        }
    }
    let again = if debrief.0.is_none() { fly_again(&before.mission, &mission.0) } else { None };
    let Some(flown) = debrief.0.as_ref().or(again.as_ref()) else { return };
    let telemetry = telemetry_path(path);
    match simulate::write_hand_telemetry_file(&flown.mission, craft, &telemetry) {
        Ok(rows) => info!("wrote {} ({rows} substeps by hand)", telemetry.display()),
        Err(e) => error!("cannot write {}: {e}", telemetry.display()),
    }
}
