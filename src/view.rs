//! The desktop viewer assembled from its plugins, and the check that lets it fail cleanly (no
//! display, no GPU adapter) instead of panicking inside Bevy.

use crate::app::{render_plugins, window_plugin};
use crate::camera::{CameraPlugin, Focus};
use crate::dock::DockPlugin;
use crate::record::CapturePlugin;
use crate::scenario::LoadedScenario;
use crate::scene::ScenePlugin;
use crate::sim::SimPlugin;
use crate::ui::UiPlugin;
use bevy::prelude::*;
use std::path::PathBuf;

#[derive(Clone, Debug)]
pub struct ViewOptions {
    /// Mission time to open at (integrated to from the scenario start), paused if capturing.
    pub at_met_s: Option<f64>,
    pub focus: FocusOn,
    pub camera_distance_m: Option<f64>,
    pub screenshot: Option<PathBuf>,
    pub size: (u32, u32),
    pub hide_ui: bool,
    pub measure_frames: Option<u32>,
    /// Time warp to open at (clamped to the panel's range).
    pub warp: Option<f64>,
    /// A named shot to open on: its camera follows the shot's rig.
    pub shot: Option<crate::film::shots::Shot>,
    /// The shot list the panel offers.
    pub shots: Vec<crate::film::shots::Shot>,
    /// The docking game: whose hands dock after the Kurs fault, and its views.
    pub docking: Option<Docking>,
    /// The teaching aids shown at the start.
    pub overlays: crate::overlays::Overlays,
    /// What a measurement leaves out of the frame.
    pub without: Vec<crate::record::Layer>,
}

impl Default for ViewOptions {
    /// The viewer as `ms19` opens it: now, the Earth in view, a 1600x900 window, the panel.
    fn default() -> Self {
        Self {
            at_met_s: None,
            focus: FocusOn::Key("earth".into()),
            camera_distance_m: None,
            screenshot: None,
            size: (1600, 900),
            hide_ui: false,
            measure_frames: None,
            warp: None,
            shot: None,
            shots: Vec::new(),
            docking: None,
            overlays: crate::overlays::Overlays::default(),
            without: Vec::new(),
        }
    }
}

/// What the orbit camera opens on.
#[derive(Clone, Debug, PartialEq)]
pub enum FocusOn {
    /// `earth`, or the key of a vehicle (or of a piece the launcher drops).
    Key(String),
    /// The spacecraft that flies to the station (the docking game's own).
    Spacecraft,
}

/// The docking game's hands, for [`DockPlugin`].
#[derive(Clone, Debug)]
pub enum Hands {
    /// A player, who takes the controls at `takeover_met_s` and flies in `mode`; the inputs
    /// are written to `record_inputs` when the game ends.
    Player { takeover_met_s: f64, record_inputs: Option<PathBuf>, mode: crate::core::control::rate_hold::HandMode },
    /// A replay, watched.
    Replay(std::sync::Arc<crate::core::replay::Replay>),
}

#[derive(Clone, Debug)]
pub struct Docking {
    pub hands: Hands,
    /// A start away from the flown one (the viewer then opens there).
    pub start: Option<crate::core::replay::Start>,
    /// Periscope, chase, side: the views the game cycles.
    pub views: Vec<crate::film::shots::Shot>,
    /// The mission already flown to the game's start (`--start kurs`: to where the Kurs stops,
    /// found by flying there), so that it is flown once.
    pub flown: Option<crate::core::mission::Mission>,
}

/// Why the viewer cannot start, with what to install.
pub fn check_display_and_gpu() -> Result<wgpu::AdapterInfo, String> {
    // Set but empty (`DISPLAY= ms19 view`) is no display either: winit would panic on it.
    if std::env::var_os("DISPLAY").is_none_or(|d| d.is_empty()) {
        return Err("no X display: set DISPLAY, or run under Xvfb (Debian package `xvfb`): \
                    `Xvfb :99 -screen 0 1920x1080x24 & DISPLAY=:99 ms19 view ...`"
            .into());
    }
    crate::app::gpu_adapter()
}

/// The viewer app: window, renderer, egui and our plugins.
/// The viewer's app; or why not: a focus that names no vehicle.
pub fn viewer_app(
    scenario: &LoadedScenario,
    options: &ViewOptions,
    adapter: &wgpu::AdapterInfo,
) -> Result<App, String> {
    let mut mission = options.docking.as_ref().and_then(|d| d.flown.clone()).unwrap_or_else(|| scenario.mission());
    let focus = match &options.focus {
        FocusOn::Key(key) => Focus::for_key(&mission, key)?,
        FocusOn::Spacecraft => mission.spacecraft().map_or(Focus::Earth, |body| Focus::on(&mission, body)),
    };
    let capturing = options.screenshot.is_some() || options.measure_frames.is_some();
    let mut app = App::new();
    app.add_plugins(render_plugins(
        window_plugin(format!("ms19: {}", scenario.scenario.name), options.size, capturing),
        capturing,
    ))
    .add_plugins(bevy_egui::EguiPlugin::default());
    if let Some(docking) = &options.docking {
        let before_hands = mission.clone();
        match &docking.hands {
            Hands::Player { takeover_met_s, mode, .. } => {
                mission.fly_live(*takeover_met_s, "a player of ms19 dock", *mode)
            }
            Hands::Replay(replay) => mission.fly_replay(replay.clone()),
        }
        let record_inputs = match &docking.hands {
            Hands::Player { record_inputs, .. } => record_inputs.clone(),
            Hands::Replay(_) => None,
        };
        if let Some(start) = docking.start {
            mission.start_docking(start, crate::core::game_rules::start_error);
        }
        app.add_plugins(DockPlugin { views: docking.views.clone(), record_inputs, before_hands });
    }
    // A docking start has flown the mission there already.
    let start_at_met_s =
        options.at_met_s.filter(|_| options.docking.as_ref().is_none_or(|d| d.start.is_none() && d.flown.is_none()));
    app.add_plugins((
        SimPlugin {
            mission,
            max_steps_per_frame: scenario.scenario.physics.max_steps_per_frame,
            start_at_met_s,
            start_paused: options.screenshot.is_some(),
        },
        CameraPlugin { focus, distance_m: options.camera_distance_m, shot: options.shot.clone() },
        ScenePlugin { software_renderer: adapter.device_type == wgpu::DeviceType::Cpu },
        UiPlugin { hidden: options.hide_ui, title: scenario.scenario.name.clone(), shots: options.shots.clone() },
        CapturePlugin {
            screenshot: options.screenshot.clone(),
            measure_frames: options.measure_frames,
            without: options.without.clone(),
        },
        crate::overlays::OverlayPlugin { shown: options.overlays, places: places(scenario) },
    ));
    if let Some(warp) = options.warp {
        app.world_mut().write_message(crate::sim::TimeCommand::SetWarp(warp));
    }
    Ok(app)
}

/// The places the labels name: the launch pad.
fn places(scenario: &LoadedScenario) -> Vec<crate::overlays::Place> {
    let pad = &scenario.scenario.pad;
    let at = crate::core::frames::Geodetic::from_degrees(pad.latitude_deg, pad.longitude_deg, pad.altitude_m);
    vec![crate::overlays::Place { name: pad.name.clone(), ecef_m: crate::core::frames::ecef_from_geodetic_m(&at) }]
}
