//! The egui mission panel: clocks, time control, the timeline with "jump to", focus, telemetry
//! and an altitude plot; keyboard shortcuts and their help window.

use crate::app::{AppSystems, AppSystemsPlugin, require};
use crate::camera::{CameraMode, CameraRig, Focus, focus_frame};
use crate::core::events::{BodyId, EventKind, TimelineEvent};
use crate::core::snapshot::Snapshot;
use crate::core::time::Met;
use crate::core::{position_m, sun, velocity_mps};
use crate::film::shots::Shot;
use crate::sim::{MAX_WARP, Presentation, SimMission, Sun, TimeCommand, TimeControl};
use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use bevy_egui::input::EguiWantsInput;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};
use egui_plot::{Line, Plot, PlotPoint, PlotPoints};

/// Panel state that is not mission state.
#[derive(Resource, Debug, Default)]
pub struct UiState {
    pub title: String,
    pub shots: Vec<Shot>,
    /// The slate (shot, MET, UTC) over the picture while a shot runs.
    pub slate: bool,
    pub show_help: bool,
    /// Hidden entirely (H key, or `--hide-ui` for clean frames).
    pub hidden: bool,
}

/// Altitude samples per body for the plot (x: MET s, y: altitude km), one every `interval_s`.
/// Bounded: past [`MAX_HISTORY_SAMPLES`] for a body the interval doubles and every other sample
/// goes, so a twelve-day stay draws its whole altitude history from at most that many points.
#[derive(Resource, Debug)]
pub struct AltitudeHistory {
    pub interval_s: f64,
    pub by_body: Vec<Vec<PlotPoint>>,
}

impl Default for AltitudeHistory {
    fn default() -> Self {
        Self { interval_s: HISTORY_INTERVAL_S, by_body: Vec::new() }
    }
}

/// Mission seconds between plot samples at first.
const HISTORY_INTERVAL_S: f64 = 30.0;

/// Most samples kept per body.
pub const MAX_HISTORY_SAMPLES: usize = 1000;

impl AltitudeHistory {
    /// Adds the altitude of each body of `shown` when a sample is due; a jump back drops the
    /// future it had drawn.
    pub fn record(&mut self, shown: &Snapshot) {
        self.by_body.resize_with(shown.states.len(), Vec::new);
        let met = shown.met_s;
        let mut full = false;
        for (i, samples) in self.by_body.iter_mut().enumerate() {
            while samples.last().is_some_and(|s| s.x > met) {
                samples.pop();
            }
            if samples.last().is_none_or(|s| met - s.x >= self.interval_s) {
                samples.push(PlotPoint::new(met, shown.geodetic(i).altitude_m / 1000.0));
                full |= samples.len() > MAX_HISTORY_SAMPLES;
            }
        }
        if full {
            self.interval_s *= 2.0;
            for samples in &mut self.by_body {
                let mut k = 0;
                samples.retain(|_| {
                    k += 1;
                    k % 2 == 1
                });
            }
        }
    }
}

pub struct UiPlugin {
    pub hidden: bool,
    /// The panel's title: the scenario's name.
    pub title: String,
    /// The named shots the panel lists.
    pub shots: Vec<Shot>,
}

impl Plugin for UiPlugin {
    fn build(&self, app: &mut App) {
        require(app, AppSystemsPlugin);
        app.insert_resource(UiState {
            title: self.title.clone(),
            show_help: false,
            hidden: self.hidden,
            shots: self.shots.clone(),
            slate: false,
        })
        .init_resource::<AltitudeHistory>()
        .add_systems(Update, keyboard_shortcuts.in_set(AppSystems::Input))
        .add_systems(Update, record_altitude.in_set(AppSystems::Draw))
        .add_systems(EguiPrimaryContextPass, mission_panel);
    }
}

const SHORTCUTS: [(&str, &str); 9] = [
    ("Space", "play / pause"),
    ("[  ]", "time warp ÷10 / ×10"),
    (".", "one fixed step"),
    ("1 2 3", "focus Earth / ISS / Soyuz"),
    ("F", "free camera (WASD, Q/E, Shift)"),
    ("Drag, wheel", "turn, zoom (free camera: wheel sets speed)"),
    ("H", "hide / show the panel"),
    ("O B L", "orbit lines, ground tracks, labels on / off"),
    ("F1", "this help"),
];

fn keyboard_shortcuts(
    keys: Option<Res<ButtonInput<KeyCode>>>,
    egui_input: Option<Res<EguiWantsInput>>,
    mut commands: MessageWriter<TimeCommand>,
    mut ui: ResMut<UiState>,
    mut rig: ResMut<CameraRig>,
    mission: Res<SimMission>,
    shown: Res<Presentation>,
) {
    let Some(keys) = keys else { return };
    if egui_input.is_some_and(|e| e.wants_keyboard_input()) {
        return;
    }
    if keys.just_pressed(KeyCode::Space) {
        commands.write(TimeCommand::TogglePause);
    }
    if keys.just_pressed(KeyCode::BracketLeft) {
        commands.write(TimeCommand::ScaleWarp(0.1));
    }
    if keys.just_pressed(KeyCode::BracketRight) {
        commands.write(TimeCommand::ScaleWarp(10.0));
    }
    if keys.just_pressed(KeyCode::Period) {
        commands.write(TimeCommand::StepOnce);
    }
    if keys.just_pressed(KeyCode::F1) {
        ui.show_help = !ui.show_help;
    }
    if keys.just_pressed(KeyCode::KeyH) {
        ui.hidden = !ui.hidden;
    }
    if keys.just_pressed(KeyCode::KeyF) && rig.mode == CameraMode::Orbit {
        rig.start_free();
    }
    const DIGITS: [KeyCode; 9] = [
        KeyCode::Digit1,
        KeyCode::Digit2,
        KeyCode::Digit3,
        KeyCode::Digit4,
        KeyCode::Digit5,
        KeyCode::Digit6,
        KeyCode::Digit7,
        KeyCode::Digit8,
        KeyCode::Digit9,
    ];
    // The choices are listed only on the frame a number key goes down.
    if let Some(number) = DIGITS.iter().position(|&key| keys.just_pressed(key))
        && let Some(&focus) = Focus::choices(&mission.0).get(number)
    {
        let from = focus_frame(&mission.0, &shown.now, rig.focus).0;
        rig.set_focus(focus, from, &mission.0);
    }
}

fn record_altitude(shown: Res<Presentation>, mut history: ResMut<AltitudeHistory>) {
    history.record(&shown.now);
}

/// Telemetry lines for one body at the frame's instant.
fn body_telemetry(
    mission: &crate::core::mission::Mission,
    shown: &Snapshot,
    index: usize,
    sun_m: &crate::core::Vector3d,
) -> Vec<(String, String)> {
    let g = shown.geodetic(index);
    let state = shown.state(index);
    let mut rows = vec![
        ("Altitude".into(), format!("{:.3} km", g.altitude_m / 1000.0)),
        ("Speed (inertial)".into(), format!("{:.1} m/s", velocity_mps(&state).norm())),
        ("Ground speed".into(), format!("{:.1} m/s", shown.earth_relative_speed_mps(index))),
        ("Sub-point".into(), format!("{:.3}°, {:.3}°", g.latitude_rad.to_degrees(), g.longitude_rad.to_degrees())),
    ];
    if let crate::core::mission::Motion::Free { .. } = mission.bodies[index].motion {
        let e = shown.elements(index);
        rows.extend([
            (
                "Perigee × apogee".into(),
                format!("{:.1} × {:.1} km", e.perigee_altitude_m() / 1000.0, e.apogee_altitude_m() / 1000.0),
            ),
            ("Inclination".into(), format!("{:.3}°", e.inclination_rad.to_degrees())),
            ("Period".into(), format!("{:.2} min", e.period_s() / 60.0)),
        ]);
    }
    let attitude = shown.attitudes[index];
    rows.extend([
        ("Turn rate".into(), format!("{:.3}°/s", attitude.rate_body_radps.norm().to_degrees())),
        ("Off LVLH".into(), format!("{:.2}°", attitude.angle_from_lvlh_rad(&state).to_degrees())),
    ]);
    if let Some(flight) = mission.bodies[index].controller.return_flight() {
        rows.extend(descent_rows(flight));
    }
    let r = position_m(&state);
    let light = match sun::visible_sun_fraction(&r, sun_m) {
        1.0 => "sunlit".to_string(),
        0.0 => "Earth's shadow (umbra)".to_string(),
        f => format!("penumbra, {:.0} % of the Sun", f * 100.0),
    };
    let (elevation, azimuth) = sun::sun_elevation_azimuth_rad(&r, sun_m);
    rows.extend([
        ("Light".into(), light),
        ("Sun el / az".into(), format!("{:+.1}° / {:.1}°", elevation.to_degrees(), azimuth.to_degrees())),
    ]);
    rows
}

/// A returning ship's descent for the panel: where it is, the load the crew feels, the heat
/// flux at the shield.
fn descent_rows(flight: &crate::core::control::descent::ReturnFlight) -> Vec<(String, String)> {
    use crate::core::control::descent::{DescentStage, ReturnPhase};
    let stage = match flight.phase {
        ReturnPhase::Descent(DescentStage::Entry) => "entry",
        ReturnPhase::Descent(DescentStage::Drogue { .. }) => "under the drogue",
        ReturnPhase::Descent(DescentStage::Main { heat_shield_on: true, .. }) => "under the main canopy",
        ReturnPhase::Descent(DescentStage::Main { heat_shield_on: false, .. }) => "main canopy, shield dropped",
        _ => return Vec::new(),
    };
    vec![
        ("Descent".into(), stage.into()),
        ("Load".into(), format!("{:.2} g (peak {:.2})", flight.load_g, flight.peak_load.g)),
        ("Heat flux".into(), format!("{:.0} kW/m²", flight.heat_flux_w_m2 / 1000.0)),
    ]
}

/// The orbital nights of `vehicle` within `from_s..to_s` (MET), from its sunsets and sunrises
/// in `events`: each from a sunset to the next sunrise, or to the span's end.
pub fn night_spans(events: &[TimelineEvent], vehicle: BodyId, from_s: f64, to_s: f64) -> Vec<(f64, f64)> {
    let mut spans = Vec::new();
    let mut dark_since: Option<f64> = None;
    let mut seen_any = false;
    for e in events.iter().filter(|e| e.key.vehicle == vehicle) {
        match e.key.kind {
            EventKind::Sunset => dark_since = Some(e.met_s),
            EventKind::Sunrise => {
                // A sunrise first: it was night from the span's start.
                let start = dark_since.take().unwrap_or(if seen_any { e.met_s } else { from_s });
                spans.push((start, e.met_s));
            }
            _ => continue,
        }
        seen_any = true;
    }
    if let Some(start) = dark_since {
        spans.push((start, to_s));
    }
    spans.into_iter().map(|(a, b)| (a.max(from_s), b.min(to_s))).filter(|(a, b)| b > a).collect()
}

/// Day and night of one vehicle along the timeline, with a mark at the frame's instant; the
/// mission time clicked on it, if any.
fn day_night_band(ui: &mut egui::Ui, timeline: &[TimelineEvent], vehicle: BodyId, now_s: f64) -> Option<f64> {
    let (from_s, to_s) = (0.0_f64.min(now_s), timeline.iter().map(|e| e.met_s).fold(now_s, f64::max));
    if to_s <= from_s {
        return None;
    }
    let (rect, response) = ui.allocate_exact_size(egui::vec2(ui.available_width(), 10.0), egui::Sense::click());
    let x = |t: f64| rect.left() + rect.width() * ((t - from_s) / (to_s - from_s)) as f32;
    let painter = ui.painter();
    painter.rect_filled(rect, 0.0, egui::Color32::from_rgb(214, 190, 110));
    for (a, b) in night_spans(timeline, vehicle, from_s, to_s) {
        let night = egui::Rect::from_x_y_ranges(x(a)..=x(b), rect.y_range());
        painter.rect_filled(night, 0.0, egui::Color32::from_rgb(24, 30, 60));
    }
    painter.vline(x(now_s), rect.y_range(), egui::Stroke::new(2.0, egui::Color32::from_rgb(230, 60, 60)));
    let clicked = response.clicked().then(|| response.interact_pointer_pos()).flatten();
    response.on_hover_text("Orbital day (gold) and night (blue) of the focused vehicle; red: now. Click to jump.");
    clicked.map(|p| from_s + (to_s - from_s) * f64::from(((p.x - rect.left()) / rect.width()).clamp(0.0, 1.0)))
}

/// How the current shot's subject is lit, from the core's light, and whether the frame's instant
/// is within the shot's span.
fn shot_light(
    mission: &crate::core::mission::Mission,
    shown: &Snapshot,
    shot: &Shot,
    view: &crate::core::Vector3d,
    sun_m: &crate::core::Vector3d,
) -> String {
    use crate::film::shots::{Lighting, Roles, Subject, lighting};
    let Subject::Vehicle(vehicle) = &shot.subject else { return "Subject: the Earth".into() };
    let Some(subject) = Roles::of_mission(mission).of(vehicle).filter(|&i| i < shown.states.len()) else {
        return "Subject not in the mission".into();
    };
    let light = match lighting(view, &position_m(&shown.state(subject)), sun_m) {
        Lighting::Front => "front-lit",
        Lighting::Side => "side-lit",
        Lighting::Back => "back-lit",
        Lighting::Shadowed => "in the Earth's shadow",
    };
    let span = if shot.covers(shown.met_s) { "" } else { " (outside the shot's span)" };
    format!("Subject {light}{span}")
}

/// What the panel reads and commands.
#[derive(SystemParam)]
struct PanelParams<'w> {
    ui_state: ResMut<'w, UiState>,
    mission: Res<'w, SimMission>,
    shown: Res<'w, Presentation>,
    control: Res<'w, TimeControl>,
    rig: ResMut<'w, CameraRig>,
    history: Res<'w, AltitudeHistory>,
    sun: Res<'w, Sun>,
    commands: MessageWriter<'w, TimeCommand>,
    overlays: Option<ResMut<'w, crate::overlays::Overlays>>,
}

fn mission_panel(mut contexts: EguiContexts, params: PanelParams) -> Result {
    let PanelParams { mut ui_state, mission, shown, control, mut rig, history, sun, mut commands, overlays } = params;
    let ctx = contexts.ctx_mut()?;
    let (m, now) = (&mission.0, &shown.now);
    if let (true, CameraMode::Shot, Some(shot)) = (ui_state.slate, rig.mode, rig.shot.as_ref()) {
        egui::Area::new(egui::Id::new("slate")).anchor(egui::Align2::LEFT_BOTTOM, [16.0, -16.0]).show(ctx, |ui| {
            ui.label(
                egui::RichText::new(format!("{}   {}   {} UTC", shot.name, Met(now.met_s), now.utc()))
                    .monospace()
                    .size(18.0)
                    .color(egui::Color32::WHITE)
                    .background_color(egui::Color32::from_black_alpha(160)),
            );
        });
    }
    if ui_state.hidden {
        return Ok(());
    }
    egui::Window::new(ui_state.title.clone()).default_pos([12.0, 12.0]).default_width(330.0).resizable(false).show(
        ctx,
        |ui| {
            ui.heading(format!("{}  UTC", now.utc()));
            ui.label(egui::RichText::new(format!("MET {}", Met(now.met_s))).monospace().size(18.0));
            ui.horizontal(|ui| {
                if ui.button(if control.paused { "▶ Play" } else { "⏸ Pause" }).clicked() {
                    commands.write(TimeCommand::TogglePause);
                }
                if ui.button("Step").on_hover_text("one fixed step").clicked() {
                    commands.write(TimeCommand::StepOnce);
                }
                if ui.button("?").on_hover_text("keyboard shortcuts (F1)").clicked() {
                    ui_state.show_help = !ui_state.show_help;
                }
            });
            let mut warp = control.warp;
            let slider = egui::Slider::new(&mut warp, 1.0..=MAX_WARP).logarithmic(true).text("× warp").max_decimals(0);
            if ui.add(slider).changed() {
                commands.write(TimeCommand::SetWarp(warp));
            }
            if control.behind {
                ui.colored_label(
                    egui::Color32::from_rgb(255, 170, 60),
                    format!(
                        "Behind: {} steps/frame cap, running slower than {:.0}×",
                        control.steps_last_frame, control.warp
                    ),
                );
            }
            if m.forces.atmosphere.as_deref().is_some_and(|a| !a.inputs_recorded_at(now.utc())) {
                ui.colored_label(
                    egui::Color32::from_rgb(255, 170, 60),
                    "Past the embedded space weather: drag runs on NRLMSISE-00's standard F10.7 150, Ap 4",
                );
            }
            ui.separator();
            // Wrapped: one button a vehicle would otherwise widen the panel over the view.
            ui.horizontal_wrapped(|ui| {
                ui.label("Focus");
                for (number, focus) in Focus::choices(m).into_iter().enumerate() {
                    let selected = rig.mode == CameraMode::Orbit && rig.focus == focus;
                    let label = format!("{} {}", number + 1, focus.label(m));
                    if ui.selectable_label(selected, label).clicked() {
                        let from = focus_frame(m, now, rig.focus).0;
                        rig.set_focus(focus, from, m);
                    }
                }
                if ui.selectable_label(rig.mode == CameraMode::Free, "Free").clicked() && rig.mode == CameraMode::Orbit
                {
                    rig.start_free();
                }
            });
            if let Some(mut overlays) = overlays {
                ui.horizontal(|ui| {
                    let o = &mut *overlays;
                    ui.checkbox(&mut o.orbits, "Orbits (O)");
                    ui.checkbox(&mut o.ground_tracks, "Tracks (B)");
                    ui.checkbox(&mut o.labels, "Labels (L)");
                });
            }
            if !ui_state.shots.is_empty() {
                egui::CollapsingHeader::new("Shots").default_open(rig.mode == CameraMode::Shot).show(ui, |ui| {
                    let mut slate = ui_state.slate;
                    ui.checkbox(&mut slate, "Slate (shot, MET, UTC)");
                    ui_state.slate = slate;
                    if let (CameraMode::Shot, Some(shot)) = (rig.mode, rig.shot.as_ref()) {
                        ui.label(shot_light(m, now, shot, &rig.forward, &sun.position_m));
                    }
                    for shot in &ui_state.shots {
                        let current =
                            rig.mode == CameraMode::Shot && rig.shot.as_ref().is_some_and(|s| s.name == shot.name);
                        let label = format!("{}  {}", Met(shot.from_met_s), shot.name);
                        if ui.selectable_label(current, label).on_hover_text(&shot.description).clicked() {
                            // Cut to the shot at its start.
                            commands.write(TimeCommand::JumpToMet(shot.from_met_s));
                            rig.cut_to(shot.clone());
                        }
                    }
                });
            }
            let focused = rig.focus.body();
            if let Some(index) = focused {
                egui::Grid::new("telemetry").num_columns(2).show(ui, |ui| {
                    for (name, value) in body_telemetry(m, now, index, &sun.position_m) {
                        ui.label(name);
                        ui.monospace(value);
                        ui.end_row();
                    }
                });
            }
            if let (Some(soyuz), Some(iss)) = (m.spacecraft(), m.station()) {
                let (range, closing) = now.range_and_closing_rate(soyuz, iss);
                ui.label(format!("Soyuz to ISS  {:.3} km, closing {:+.2} m/s", range / 1000.0, closing));
            }
            if let Some(samples) = focused.and_then(|i| history.by_body.get(i)).filter(|s| s.len() > 1) {
                Plot::new("altitude").height(110.0).allow_scroll(false).allow_drag(false).show(ui, |plot| {
                    plot.line(Line::new("altitude km vs MET s", PlotPoints::Borrowed(samples)));
                });
            }
            ui.separator();
            ui.label("Timeline");
            if let Some(vehicle) = focused.or(m.station())
                && let Some(met_s) = day_night_band(ui, &m.timeline, BodyId(vehicle), now.met_s)
            {
                commands.write(TimeCommand::JumpToMet(met_s));
            }
            egui::ScrollArea::vertical().max_height(200.0).show(ui, |ui| {
                // Sunsets and sunrises are in the band above, not in the list.
                let listed = |e: &&TimelineEvent| !matches!(e.key.kind, EventKind::Sunset | EventKind::Sunrise);
                for event in m.timeline.iter().filter(listed) {
                    ui.horizontal(|ui| {
                        let past = event.met_s <= now.met_s;
                        let label = format!("{}  {}", Met(event.met_s), event.name);
                        if ui.small_button("Jump").on_hover_text(&event.description).clicked() {
                            commands.write(TimeCommand::JumpToMet(event.met_s));
                        }
                        if past {
                            ui.weak(label);
                        } else {
                            ui.label(label);
                        }
                    });
                }
            });
        },
    );
    if ui_state.show_help {
        let mut open = true;
        egui::Window::new("Keyboard").open(&mut open).show(ctx, |ui| {
            egui::Grid::new("keys").num_columns(2).show(ui, |ui| {
                for (key, action) in SHORTCUTS {
                    ui.monospace(key);
                    ui.label(action);
                    ui.end_row();
                }
            });
        });
        ui_state.show_help = open;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::events::EventKey;

    fn event(met_s: f64, vehicle: usize, kind: EventKind) -> TimelineEvent {
        let key = EventKey { vehicle: BodyId(vehicle), kind, ordinal: 1 };
        TimelineEvent { met_s, key, name: String::new(), description: String::new() }
    }

    #[test]
    fn nights_run_from_each_sunset_to_the_next_sunrise_within_the_span() {
        let events = [
            event(100.0, 0, EventKind::Sunrise),
            event(150.0, 1, EventKind::Sunset),
            event(500.0, 0, EventKind::LiftOff),
            event(3000.0, 0, EventKind::Sunset),
            event(5000.0, 0, EventKind::Sunrise),
            event(8000.0, 0, EventKind::Sunset),
        ];
        // Night before the first sunrise, one whole night, and the last one to the span's end;
        // the other vehicle's sunset is not this one's.
        assert_eq!(
            night_spans(&events, BodyId(0), 0.0, 9000.0),
            vec![(0.0, 100.0), (3000.0, 5000.0), (8000.0, 9000.0)]
        );
        assert_eq!(night_spans(&events, BodyId(0), 4000.0, 6000.0), vec![(4000.0, 5000.0)]);
    }
}
