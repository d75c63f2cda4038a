//! The docking game: the player on the Soyuz's two hand controllers from the Kurs stop, through
//! the periscope, chase and side views, with the HUD a pilot flies by. The physics is the
//! core's (`Mission::fly_live`): the controllers' state goes in each frame, the thrusters fire
//! in the proximity substeps, and the inputs are recorded as a replay.

use crate::app::{AppSystems, AppSystemsPlugin, require};
use crate::camera::CameraRig;
use crate::core::control::pilot::Cues;
use crate::core::control::rate_hold::HandMode;
use crate::core::control::rendezvous::DockingFailure;
use crate::core::rcs::{Deflection, HandCommand};
use crate::core::time::Met;
use crate::film::shots::Shot;
use crate::sim::{Presentation, SimMission, TimeCommand};
use bevy::input::gamepad::{Gamepad, GamepadAxis, GamepadButton};
use bevy::prelude::*;
use bevy_egui::input::EguiWantsInput;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};
use std::path::PathBuf;

pub mod debrief;

pub struct DockPlugin {
    /// The game's views, in the order the view key cycles them.
    pub views: Vec<Shot>,
    /// Where to write the player's inputs as a replay when the game ends (and beside it the
    /// flight's telemetry, [`debrief::telemetry_path`]).
    pub record_inputs: Option<PathBuf>,
    /// The mission before the hands were given, which the debrief flies again.
    pub before_hands: crate::core::mission::Mission,
}

#[derive(Resource, Debug)]
struct Game {
    views: Vec<Shot>,
    view: usize,
    held: HandCommand,
    /// The instant the game began, which a restart goes back to.
    start_met_s: f64,
    /// Which of the controllers' keys (the first `TRIED` of [`KEYS`]) have been used: the HUD
    /// hints at the next one until each has been.
    tried: [bool; TRIED],
    /// The keys shown over the picture (`?`).
    show_keys: bool,
}

impl Plugin for DockPlugin {
    fn build(&self, app: &mut App) {
        require(app, AppSystemsPlugin);
        app.add_plugins(debrief::DebriefPlugin {
            before_hands: self.before_hands.clone(),
            record_inputs: self.record_inputs.clone(),
        })
        .insert_resource(Game {
            views: self.views.clone(),
            view: 0,
            held: HandCommand::default(),
            start_met_s: 0.0,
            tried: [false; TRIED],
            show_keys: false,
        })
        .add_systems(Startup, first_view)
        // A restart after the hands are read: the held command is sent again next frame, after the jump.
        .add_systems(
            Update,
            ((hand_controllers, restart).chain(), cycle_views, toggle_keys, quit).in_set(AppSystems::Input),
        )
        .add_systems(EguiPrimaryContextPass, hud);
    }
}

/// The keys of the two hand controllers (left hand translation, right hand rotation), as
/// docs/docking-game.md lists them.
pub const KEYS: [(&str, &str); 11] = [
    ("W / S", "translate forward / back (along the probe)"),
    ("A / D", "translate left / right"),
    ("T / G", "translate up / down (in the periscope's picture)"),
    ("Up / Down", "pitch up / down"),
    ("Left / Right", "yaw left / right"),
    ("Q / E", "roll left / right"),
    ("Shift (held)", "coarse: both propellant loops, twice the thrust"),
    ("C", "next view: periscope, chase, side"),
    ("R", "restart from the beginning (the recording starts over)"),
    ("Esc", "quit (writes the recording of --record-inputs)"),
    ("?", "show these keys over the picture"),
];

/// The controllers' keys the HUD teaches: the six axes and Shift.
const TRIED: usize = 7;

/// `tried` with the axes and the coarse key `command` uses marked.
fn mark_tried(mut tried: [bool; TRIED], command: &HandCommand) -> [bool; TRIED] {
    let deflected = command.translation.iter().chain(&command.rotation).map(|d| *d != Deflection::Neutral);
    for (was, now) in tried.iter_mut().zip(deflected.chain([command.both_loops])) {
        *was |= now;
    }
    tried
}

/// The key to hint at next: the first controller key not yet used.
fn next_hint(tried: &[bool; TRIED]) -> Option<(&'static str, &'static str)> {
    tried.iter().position(|t| !t).map(|i| KEYS[i])
}

fn toggle_keys(keys: Option<Res<ButtonInput<KeyCode>>>, mut game: ResMut<Game>) {
    if keys.is_some_and(|k| k.just_pressed(KeyCode::Slash)) {
        game.show_keys = !game.show_keys;
    }
}

fn axis(keys: &ButtonInput<KeyCode>, minus: KeyCode, plus: KeyCode) -> Deflection {
    match (keys.pressed(minus), keys.pressed(plus)) {
        (true, false) => Deflection::Minus,
        (false, true) => Deflection::Plus,
        _ => Deflection::Neutral,
    }
}

/// A stick past a third of its travel is a deflection.
fn stick(value: f32) -> Deflection {
    if value > 0.33 {
        Deflection::Plus
    } else if value < -0.33 {
        Deflection::Minus
    } else {
        Deflection::Neutral
    }
}

/// The controllers as the keys hold them. The periscope looks along body x with body z up, so
/// its picture's right is body -y: D moves the ship right, Up turns its nose up (about -y),
/// Right to the right (about -z), E rolls it clockwise as the pilot sees it (about +x).
fn keyboard_command(keys: &ButtonInput<KeyCode>) -> HandCommand {
    HandCommand {
        translation: [
            axis(keys, KeyCode::KeyS, KeyCode::KeyW),
            axis(keys, KeyCode::KeyD, KeyCode::KeyA),
            axis(keys, KeyCode::KeyG, KeyCode::KeyT),
        ],
        rotation: [
            axis(keys, KeyCode::KeyQ, KeyCode::KeyE),
            axis(keys, KeyCode::ArrowUp, KeyCode::ArrowDown),
            axis(keys, KeyCode::ArrowRight, KeyCode::ArrowLeft),
        ],
        both_loops: keys.pressed(KeyCode::ShiftLeft) || keys.pressed(KeyCode::ShiftRight),
    }
}

/// The controllers from the keyboard and any gamepad (left stick lateral, triggers fore and
/// aft, right stick pitch and yaw, shoulder buttons roll, south button coarse).
fn hand_controllers(
    keys: Option<Res<ButtonInput<KeyCode>>>,
    gamepads: Query<&Gamepad>,
    egui_input: Option<Res<EguiWantsInput>>,
    mut game: ResMut<Game>,
    mut mission: ResMut<SimMission>,
) {
    let mut command = match keys.filter(|_| egui_input.is_none_or(|e| !e.wants_keyboard_input())) {
        Some(keys) => keyboard_command(&keys),
        None => HandCommand::default(),
    };
    for pad in &gamepads {
        let value = |a: GamepadAxis| pad.get(a).unwrap_or(0.0);
        let merge = |key: Deflection, pad: Deflection| if key == Deflection::Neutral { pad } else { key };
        let triggers =
            pad.get(GamepadButton::RightTrigger2).unwrap_or(0.0) - pad.get(GamepadButton::LeftTrigger2).unwrap_or(0.0);
        command.translation[0] = merge(command.translation[0], stick(triggers));
        command.translation[1] = merge(command.translation[1], stick(-value(GamepadAxis::LeftStickX)));
        command.translation[2] = merge(command.translation[2], stick(value(GamepadAxis::LeftStickY)));
        let roll = f32::from(u8::from(pad.pressed(GamepadButton::RightTrigger)))
            - f32::from(u8::from(pad.pressed(GamepadButton::LeftTrigger)));
        command.rotation[0] = merge(command.rotation[0], stick(roll));
        command.rotation[1] = merge(command.rotation[1], stick(-value(GamepadAxis::RightStickY)));
        command.rotation[2] = merge(command.rotation[2], stick(-value(GamepadAxis::RightStickX)));
        command.both_loops |= pad.pressed(GamepadButton::South);
    }
    if command != game.held {
        game.tried = mark_tried(game.tried, &command);
        game.held = command;
        mission.0.set_live_hands(command);
    }
}

fn first_view(mut game: ResMut<Game>, mut rig: ResMut<CameraRig>, shown: Res<Presentation>) {
    game.start_met_s = shown.now.met_s;
    if let Some(view) = game.views.first() {
        rig.cut_to(view.clone());
    }
}

/// Back to the game's first instant: the mission as it was then (its checkpoint, hands off and
/// nothing recorded yet).
fn restart(keys: Option<Res<ButtonInput<KeyCode>>>, mut game: ResMut<Game>, mut commands: MessageWriter<TimeCommand>) {
    if keys.is_some_and(|k| k.just_pressed(KeyCode::KeyR)) {
        commands.write(TimeCommand::JumpToMet(game.start_met_s));
        // The restored mission's hands are off: whatever is held now is sent again.
        game.held = HandCommand { both_loops: !game.held.both_loops, ..game.held };
    }
}

/// Esc ends the game as closing the window does.
fn quit(keys: Option<Res<ButtonInput<KeyCode>>>, mut exit: MessageWriter<AppExit>) {
    if keys.is_some_and(|k| k.just_pressed(KeyCode::Escape)) {
        exit.write(AppExit::Success);
    }
}

fn cycle_views(keys: Option<Res<ButtonInput<KeyCode>>>, mut game: ResMut<Game>, mut rig: ResMut<CameraRig>) {
    if keys.is_some_and(|k| k.just_pressed(KeyCode::KeyC)) && !game.views.is_empty() {
        game.view = (game.view + 1) % game.views.len();
        rig.cut_to(game.views[game.view].clone());
    }
}

/// The game's views, shots of `config/shots.ron`, in the order C cycles them; the first, the
/// periscope's, carries the reticle.
pub const VIEWS: [&str; 3] = ["periscope", "dock-chase", "dock-side"];
const PERISCOPE: &str = VIEWS[0];

/// The periscope's reticle over the picture's centre, along the ship's axis: a cross with
/// ticks and a ring. Docking target centred and its two crosses one over the other: on the
/// axis and lined up (as the Soyuz's docking display shows it).
fn periscope_reticle(ctx: &egui::Context) {
    let painter = ctx.layer_painter(egui::LayerId::background());
    let rect = ctx.content_rect();
    let (centre, size) = (rect.center(), rect.height() * 0.06);
    let stroke = egui::Stroke::new(1.5, egui::Color32::from_rgb(120, 255, 140));
    for (dx, dy) in [(1.0, 0.0), (0.0, 1.0)] {
        let arm = egui::vec2(dx, dy) * size * 3.0;
        painter.line_segment([centre - arm, centre - arm * 0.25], stroke);
        painter.line_segment([centre + arm * 0.25, centre + arm], stroke);
        for tick in [-2.0_f32, -1.0, 1.0, 2.0] {
            let at = centre + egui::vec2(dx, dy) * size * tick;
            let across = egui::vec2(dy, dx) * size * 0.15;
            painter.line_segment([at - across, at + across], stroke);
        }
    }
    painter.circle_stroke(centre, size * 0.25, stroke);
}

/// The cues as the periscope's picture shows them (its right is body -y, its up body +z; the
/// nose turns up about -y and right about -z, and rolls right about +x): each offset or turn
/// still to make, positive towards the key of its name (D, T, E, Up, Right), then how fast it
/// changes, and the unit.
fn as_seen(cues: &Cues) -> [(&'static str, f64, f64, &'static str); 5] {
    let (lateral, drift) = (cues.lateral_body_m, cues.lateral_rate_body_mps);
    let (turn, rate) =
        (cues.attitude_error_body_rad.map(f64::to_degrees), cues.rate_error_body_radps.map(f64::to_degrees));
    [
        ("port right", -lateral.y, -drift.y, "m"),
        ("port up", lateral.z, drift.z, "m"),
        // The turn left shrinks as the ship turns that way: its rate is minus the ship's.
        ("roll right", turn.x, -rate.x, "deg"),
        ("pitch up", -turn.y, rate.y, "deg"),
        ("yaw right", -turn.z, rate.z, "deg"),
    ]
}

fn hud(mut contexts: EguiContexts, game: Res<Game>, mission: Res<SimMission>, shown: Res<Presentation>) -> Result {
    let m = &mission.0;
    let Some(craft) = m.spacecraft() else { return Ok(()) };
    let ctx = contexts.ctx_mut()?;
    let view = game.views.get(game.view).map_or("", |v| v.name.as_str());
    if view == PERISCOPE {
        periscope_reticle(ctx);
    }
    egui::Window::new("Docking")
        .anchor(egui::Align2::RIGHT_BOTTOM, egui::vec2(-12.0, -12.0))
        .resizable(false)
        .collapsible(false)
        .show(ctx, |ui| {
            ui.style_mut().override_text_style = Some(egui::TextStyle::Monospace);
            ui.label(format!("{}  {}   view: {view}", Met(shown.now.met_s), shown.now.utc()));
            let plan = m.rendezvous_of(craft);
            let status = match (plan.and_then(|p| p.contact()), plan.and_then(|p| p.failure())) {
                (Some(c), _) => format!(
                    "DOCKED at {:.3} m/s, {:.3} m off the axis; score {}",
                    c.closing_mps,
                    c.lateral_miss_m,
                    plan.and_then(crate::core::game_rules::docking_score).unwrap_or(0)
                ),
                (None, Some(DockingFailure::Collision(part))) => format!("FAILED: struck the {part}"),
                (None, Some(DockingFailure::OutOfPropellant)) => "FAILED: propellant out".into(),
                (None, None) if plan.is_some_and(|p| p.by_hand()) => {
                    let mode = plan.and_then(|p| p.approach.kurs_fault.as_ref()).map(|f| f.hands.mode());
                    match mode {
                        Some(HandMode::Rate) => "manual control: rates held (--direct fires as held)".into(),
                        _ => "manual control: thrusters as held".into(),
                    }
                }
                (None, None) if plan.is_some_and(|p| p.kurs_stop().is_some()) => {
                    "Kurs stopped: waiting for takeover".into()
                }
                _ => "automatic approach".into(),
            };
            ui.label(status);
            if let Some(cues) = m.docking_cues_shown(craft, &shown.now) {
                egui::Grid::new("cues").num_columns(3).show(ui, |ui| {
                    let mut row = |name: &str, value: String, rate: String| {
                        ui.label(name);
                        ui.label(value);
                        ui.label(rate);
                        ui.end_row();
                    };
                    row(
                        "range",
                        format!("{:8.2} m", cues.distance_m),
                        format!("{:+7.3} m/s closing", cues.closing_mps),
                    );
                    for (name, value, rate, unit) in as_seen(&cues) {
                        row(name, format!("{value:+8.2} {unit}"), format!("{rate:+7.3} {unit}/s"));
                    }
                });
            }
            if let Some(plan) = plan {
                ui.label(format!("propellant {:7.1} kg", plan.propellant_kg));
            }
            let held = game.held;
            let signs = |d: [Deflection; 3]| d.map(|x| ["-", "0", "+"][(x.sign() + 1) as usize]).join(" ");
            ui.label(format!(
                "hands: translate {}  rotate {}{}",
                signs(held.translation),
                signs(held.rotation),
                if held.both_loops { "  COARSE" } else { "" }
            ));
            if let Some((key, what)) = next_hint(&game.tried) {
                ui.colored_label(egui::Color32::from_rgb(250, 210, 90), format!("try {key}: {what}"));
            }
            ui.collapsing("keys", key_list);
        });
    if game.show_keys {
        egui::Window::new("Hand controllers (? hides)")
            .default_width(560.0)
            .anchor(egui::Align2::CENTER_CENTER, egui::vec2(0.0, 0.0))
            .resizable(false)
            .collapsible(false)
            .show(ctx, |ui| {
                ui.style_mut().override_text_style = Some(egui::TextStyle::Monospace);
                key_list(ui);
            });
    }
    Ok(())
}

fn key_list(ui: &mut egui::Ui) {
    for (key, what) in KEYS {
        ui.label(format!("{key:13} {what}"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hud_hints_at_each_controller_key_until_it_is_used() {
        let mut tried = [false; TRIED];
        assert_eq!(next_hint(&tried).map(|h| h.0), Some("W / S"));
        let back =
            HandCommand { translation: [Deflection::Minus, Deflection::Neutral, Deflection::Neutral], ..default() };
        tried = mark_tried(tried, &back);
        assert_eq!(next_hint(&tried).map(|h| h.0), Some("A / D"));
        let all =
            HandCommand { translation: [Deflection::Plus; 3], rotation: [Deflection::Minus; 3], both_loops: true };
        tried = mark_tried(tried, &all);
        assert_eq!(next_hint(&tried), None);
        // Resting does not forget.
        assert_eq!(mark_tried(tried, &HandCommand::default()), tried);
    }

    #[test]
    fn each_hud_figure_is_closed_by_the_key_its_sign_names() {
        use crate::core::Vector3d;
        let sign = |d: [Deflection; 3]| Vector3d::from_iterator(d.iter().map(|x| f64::from(x.sign())));
        for (key, row) in [
            (KeyCode::KeyD, 0),
            (KeyCode::KeyT, 1),
            (KeyCode::KeyE, 2),
            (KeyCode::ArrowUp, 3),
            (KeyCode::ArrowRight, 4),
        ] {
            let mut keys = ButtonInput::<KeyCode>::default();
            keys.press(key);
            let command = keyboard_command(&keys);
            // Lined up, then moved and turned a unit as the key pushes: the port is now a unit
            // the other way, the turn a unit past.
            let (moved, turned) = (sign(command.translation), sign(command.rotation));
            let after = Cues {
                distance_m: 10.0,
                closing_mps: 0.0,
                lateral_body_m: Vector3d::new(0.0, -moved.y, -moved.z),
                lateral_rate_body_mps: Vector3d::zeros(),
                attitude_error_body_rad: -turned,
                rate_error_body_radps: Vector3d::zeros(),
            };
            let seen = as_seen(&after);
            for (i, (name, value, ..)) in seen.iter().enumerate() {
                let closed = if i == row { *value < 0.0 } else { *value == 0.0 };
                assert!(closed, "{key:?} moves {name} by {value}");
            }
        }
    }
}
