//! For teachers: each free-flying vehicle's osculating orbit as a line, its ground track on the
//! Earth, and labels on the vehicles and places; each a toggle in the panel and a key (O, B, L).
//! The lines come from the core (`core::tracks`); this module only draws them.

use crate::app::{AppSystems, AppSystemsPlugin, require};
use crate::core::geometry::ModelId;
use crate::core::mission::Motion;
use crate::core::{Vector3d, frames, position_m, tracks};
use crate::origin::{FloatingOrigin, OriginPlugin, bevy_from_eci};
use crate::sim::{Presentation, SimMission};
use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

/// Which teaching aids are shown.
#[derive(Resource, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Overlays {
    pub orbits: bool,
    pub ground_tracks: bool,
    pub labels: bool,
}

/// The keys that toggle them, as the help and docs/viewer.md list them.
pub const OVERLAY_KEYS: [(KeyCode, &str); 3] =
    [(KeyCode::KeyO, "orbit lines"), (KeyCode::KeyB, "ground tracks"), (KeyCode::KeyL, "labels")];

/// A place on the Earth to label, Earth-fixed metres.
#[derive(Clone, Debug, PartialEq)]
pub struct Place {
    pub name: String,
    pub ecef_m: Vector3d,
}

#[derive(Resource, Clone, Debug, Default)]
struct Places(Vec<Place>);

pub struct OverlayPlugin {
    pub shown: Overlays,
    pub places: Vec<Place>,
}

impl Plugin for OverlayPlugin {
    fn build(&self, app: &mut App) {
        require(app, AppSystemsPlugin);
        require(app, OriginPlugin);
        app.insert_resource(self.shown)
            .insert_resource(Places(self.places.clone()))
            .add_systems(Update, toggle_overlays.in_set(AppSystems::Input))
            // Drawn from this frame's origin, once the camera has moved it.
            .init_resource::<Tracks>()
            .add_systems(Update, (refresh_tracks, (draw_orbits, draw_ground_tracks)).chain().in_set(AppSystems::Draw))
            .add_systems(EguiPrimaryContextPass, draw_labels);
    }
}

fn toggle_overlays(
    keys: Option<Res<ButtonInput<KeyCode>>>,
    egui_input: Option<Res<bevy_egui::input::EguiWantsInput>>,
    mut overlays: ResMut<Overlays>,
) {
    let Some(keys) = keys else { return };
    if egui_input.is_some_and(|e| e.wants_keyboard_input()) {
        return;
    }
    for (key, _) in OVERLAY_KEYS {
        if keys.just_pressed(key) {
            let flag = match key {
                KeyCode::KeyO => &mut overlays.orbits,
                KeyCode::KeyB => &mut overlays.ground_tracks,
                _ => &mut overlays.labels,
            };
            *flag = !*flag;
        }
    }
}

/// The vehicles that get lines and labels: the spacecraft and stations, not the launcher's
/// pieces; docked ones only get a label (they fly their host's orbit).
fn is_vehicle(model: ModelId) -> bool {
    matches!(model, ModelId::Iss | ModelId::SoyuzMs | ModelId::ProgressMs | ModelId::CrewDragon | ModelId::Cygnus)
}

/// Each free-flying vehicle's body index and its line colour.
fn free_vehicles(mission: &crate::core::mission::Mission) -> impl Iterator<Item = (usize, Color)> + '_ {
    mission.bodies.iter().enumerate().filter_map(|(i, body)| {
        let colour = match body.model {
            ModelId::Iss => Color::srgb(0.55, 0.85, 1.0),
            _ => Color::srgb(1.0, 0.65, 0.25),
        };
        (is_vehicle(body.model) && matches!(body.motion, Motion::Free { .. })).then_some((i, colour))
    })
}

/// Points per orbit line and per ground track.
const ORBIT_POINTS: usize = 256;
const TRACK_POINTS: usize = 361;
/// Ground tracks are drawn this far above the ellipsoid so that the Earth's mesh, whose flat
/// facets lie up to a few kilometres inside it, does not hide them, m.
const TRACK_LIFT_M: f64 = 8_000.0;

/// What the overlays draw from: the toggles, the mission and the frame's instant.
#[derive(SystemParam)]
struct Scene<'w> {
    overlays: Res<'w, Overlays>,
    mission: Res<'w, SimMission>,
    shown: Res<'w, Presentation>,
    origin: Res<'w, FloatingOrigin>,
}

/// The free vehicles' orbit lines (inertial) and ground tracks (Earth-fixed, lifted), each with
/// its colour, from the mission's last step: recomputed only when a step has happened since
/// (at most once a frame) or another of them is shown, and each only while shown; each frame
/// only moves them to the camera and turns the tracks with the Earth.
#[derive(Resource, Debug, Default)]
struct Tracks {
    steps_taken: Option<u64>,
    /// Which lists were computed at `steps_taken`: (orbits, ground tracks).
    computed: (bool, bool),
    orbits: Vec<(Vec<Vector3d>, Color)>,
    grounds: Vec<(Vec<Vector3d>, Color)>,
}

fn refresh_tracks(overlays: Res<Overlays>, mission: Res<SimMission>, mut tracks: ResMut<Tracks>) {
    let m = &mission.0;
    let shown = (overlays.orbits, overlays.ground_tracks);
    let missing = (shown.0 && !tracks.computed.0) || (shown.1 && !tracks.computed.1);
    if shown == (false, false) || (tracks.steps_taken == Some(m.steps_taken) && !missing) {
        return;
    }
    let utc = m.utc();
    let (mut orbits, mut grounds) = (Vec::new(), Vec::new());
    for (index, colour) in free_vehicles(m) {
        let state = m.state(index);
        if shown.0
            && let Some(points) = tracks::osculating_orbit_m(&state, ORBIT_POINTS)
        {
            orbits.push((points, colour));
        }
        if shown.1
            && let Some(track) = tracks::ground_track_ecef_m(&state, utc, m.ut1_minus_utc_s, (-0.5, 1.0), TRACK_POINTS)
        {
            grounds.push((track.into_iter().map(|p| p * (1.0 + TRACK_LIFT_M / p.norm())).collect(), colour));
        }
    }
    *tracks = Tracks { steps_taken: Some(m.steps_taken), computed: shown, orbits, grounds };
}

fn draw_orbits(scene: Scene, tracks: Res<Tracks>, mut gizmos: Gizmos) {
    if !scene.overlays.orbits {
        return;
    }
    let origin = scene.origin.0;
    for (points, colour) in &tracks.orbits {
        let closed = points.iter().chain(points.first());
        gizmos.linestrip(closed.map(|p| bevy_from_eci(&(p - origin))), *colour);
    }
}

/// Half an orbit behind each vehicle to one ahead, turned with the Earth to the frame's instant.
fn draw_ground_tracks(scene: Scene, tracks: Res<Tracks>, mut gizmos: Gizmos) {
    if !scene.overlays.ground_tracks {
        return;
    }
    let gmst = scene.shown.now.gmst_rad();
    for (track, colour) in &tracks.grounds {
        let seen = track.iter().map(|p| bevy_from_eci(&(frames::eci_from_ecef_position_m(p, gmst) - scene.origin.0)));
        gizmos.linestrip(seen, colour.with_alpha(0.8));
    }
}

/// Whether the Earth (a sphere of its equatorial radius) hides `point` from `eye`.
fn behind_the_earth(eye: &Vector3d, point: &Vector3d) -> bool {
    let radius = crate::core::earth::EQUATORIAL_RADIUS_M * 0.996;
    let d = point - eye;
    let t = (-eye.dot(&d) / d.norm_squared()).clamp(0.0, 1.0);
    (eye + d * t).norm() < radius
}

/// What a label names: a body (by its index) or a place (by its index in the list).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Labelled {
    Body(usize),
    Place(usize),
}

/// The labels' text as egui lays it out, kept across frames: a label's text is copied and laid
/// out once, not every frame. A galley points into egui's font atlas, which egui rebuilds
/// (emptier) when it is nearly full or the text options change: then, or at another scale,
/// everything is laid out again.
#[derive(Default)]
struct LaidOut {
    pixels_per_point: f32,
    atlas_fill: f32,
    bodies: Vec<Option<std::sync::Arc<egui::Galley>>>,
    places: Vec<Option<std::sync::Arc<egui::Galley>>>,
}

impl LaidOut {
    /// The galley of `labelled`, laid out by `lay_out` only the first time (or after the
    /// scale changed or the atlas was rebuilt: its fill ratio fell).
    fn galley(
        &mut self,
        (pixels_per_point, atlas_fill): (f32, f32),
        labelled: Labelled,
        lay_out: impl FnOnce() -> std::sync::Arc<egui::Galley>,
    ) -> std::sync::Arc<egui::Galley> {
        if self.pixels_per_point != pixels_per_point || atlas_fill < self.atlas_fill {
            *self = Self { pixels_per_point, ..Self::default() };
        }
        self.atlas_fill = atlas_fill;
        let (slots, index) = match labelled {
            Labelled::Body(i) => (&mut self.bodies, i),
            Labelled::Place(i) => (&mut self.places, i),
        };
        if slots.len() <= index {
            slots.resize(index + 1, None);
        }
        slots[index].get_or_insert_with(lay_out).clone()
    }
}

fn draw_labels(
    mut contexts: EguiContexts,
    scene: Scene,
    places: Res<Places>,
    cameras: Query<(&Camera, &GlobalTransform), With<Camera3d>>,
    mut laid_out: Local<LaidOut>,
) -> Result {
    let Scene { overlays, mission, shown, origin } = scene;
    if !overlays.labels {
        return Ok(());
    }
    let Some((camera, camera_at)) = cameras.iter().next() else { return Ok(()) };
    let ctx = contexts.ctx_mut()?;
    let painter = ctx.layer_painter(egui::LayerId::background());
    let now = &shown.now;
    let gmst = now.gmst_rad();
    let bodies = &mission.0.bodies;
    let vehicles = bodies.iter().enumerate().filter(|(_, b)| is_vehicle(b.model));
    let vehicles =
        vehicles.map(|(i, b)| (Labelled::Body(i), b.label.as_str(), position_m(&now.state(i)), egui::Color32::WHITE));
    let places = places.0.iter().enumerate().map(|(i, place)| {
        (
            Labelled::Place(i),
            place.name.as_str(),
            frames::eci_from_ecef_position_m(&place.ecef_m, gmst),
            egui::Color32::from_rgb(255, 220, 120),
        )
    });
    let fonts = (ctx.pixels_per_point(), ctx.fonts(|f| f.font_atlas_fill_ratio()));
    // Labels that would overlap (the vehicles docked together, seen from afar) stack downwards.
    let mut taken: Vec<egui::Rect> = Vec::new();
    for (labelled, text, at_m, colour) in vehicles.chain(places) {
        if behind_the_earth(&origin.0, &at_m) {
            continue;
        }
        let Ok(pixel) = camera.world_to_viewport(camera_at, bevy_from_eci(&(at_m - origin.0))) else { continue };
        let at = egui::pos2(pixel.x, pixel.y);
        painter.circle_filled(at, 2.5, colour);
        let galley = laid_out.galley(fonts, labelled, || {
            painter.layout_no_wrap(text.to_owned(), egui::FontId::proportional(14.0), colour)
        });
        let mut rect = egui::Rect::from_min_size(at + egui::vec2(6.0, -20.0), galley.size());
        while let Some(other) = taken.iter().find(|r| r.intersects(rect)) {
            rect = rect.translate(egui::vec2(0.0, other.bottom() - rect.top() + 1.0));
        }
        taken.push(rect);
        painter.galley(rect.min, galley, colour);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_label_is_laid_out_once_and_again_only_when_the_scale_or_the_atlas_changes() {
        let ctx = egui::Context::default();
        let mut laid_out = LaidOut::default();
        let mut layouts = 0;
        let mut output = ctx.run_ui(egui::RawInput::default(), |ui| {
            let painter = ui.ctx().layer_painter(egui::LayerId::background());
            let mut label = |fonts: (f32, f32), labelled: Labelled| {
                laid_out.galley(fonts, labelled, || {
                    layouts += 1;
                    painter.layout_no_wrap("ISS".to_owned(), egui::FontId::proportional(14.0), egui::Color32::WHITE)
                })
            };
            for frame in 0..5 {
                // The atlas fills as other text is drawn.
                let fill = 0.1 + 0.01 * frame as f32;
                label((1.0, fill), Labelled::Body(0));
                label((1.0, fill), Labelled::Place(0));
            }
            label((2.0, 0.2), Labelled::Body(0));
            label((2.0, 0.2), Labelled::Body(0));
            // egui rebuilt its atlas: emptier.
            label((2.0, 0.01), Labelled::Body(0));
        });
        // No renderer takes the font texture here.
        output.textures_delta.clear();
        assert_eq!(layouts, 4, "the body and the place once each at 1x, the body at 2x and after the rebuild");
    }

    #[test]
    fn each_key_toggles_its_aid() {
        let mut app = App::new();
        app.add_plugins(MinimalPlugins)
            .init_resource::<ButtonInput<KeyCode>>()
            .init_resource::<Overlays>()
            .add_systems(Update, toggle_overlays);
        let press = |app: &mut App, key: KeyCode| {
            let mut keys = app.world_mut().resource_mut::<ButtonInput<KeyCode>>();
            keys.release_all();
            keys.clear();
            keys.press(key);
            app.update();
            *app.world().resource::<Overlays>()
        };
        assert_eq!(press(&mut app, KeyCode::KeyO), Overlays { orbits: true, ..default() });
        assert_eq!(press(&mut app, KeyCode::KeyB), Overlays { orbits: true, ground_tracks: true, labels: false });
        assert_eq!(press(&mut app, KeyCode::KeyL), Overlays { orbits: true, ground_tracks: true, labels: true });
        assert_eq!(press(&mut app, KeyCode::KeyO), Overlays { orbits: false, ground_tracks: true, labels: true });
        // Another key changes nothing.
        assert_eq!(press(&mut app, KeyCode::KeyX), Overlays { orbits: false, ground_tracks: true, labels: true });
    }

    #[test]
    fn the_tracks_are_recomputed_only_after_a_step_and_only_while_shown() {
        use crate::sim::{SimPlugin, TimeCommand};
        let mut app = App::new();
        app.add_plugins(MinimalPlugins)
            .insert_resource(bevy::time::TimeUpdateStrategy::ManualDuration(std::time::Duration::from_millis(250)))
            .init_resource::<Overlays>()
            .init_resource::<Tracks>()
            .add_plugins(SimPlugin {
                mission: crate::scenario::LoadedScenario::load(std::path::Path::new(concat!(
                    env!("CARGO_MANIFEST_DIR"),
                    "/config/ms19.ron"
                )))
                .unwrap()
                .mission(),
                max_steps_per_frame: 100,
                start_at_met_s: Some(3600.0),
                start_paused: false,
            })
            .add_systems(Update, refresh_tracks.after(crate::app::AppSystems::Simulate));
        let changed = |app: &App| app.world().get_resource_ref::<Tracks>().unwrap().last_changed();
        app.update();
        assert_eq!(app.world().resource::<Tracks>().steps_taken, None, "hidden: nothing computed");
        app.world_mut().resource_mut::<Overlays>().orbits = true;
        app.update();
        let steps = app.world().resource::<SimMission>().0.steps_taken;
        assert_eq!(app.world().resource::<Tracks>().steps_taken, Some(steps));
        assert!(!app.world().resource::<Tracks>().orbits.is_empty());
        // Paused: frames go by, no step, nothing recomputed.
        app.world_mut().write_message(TimeCommand::SetPaused(true));
        app.update();
        let before = changed(&app);
        for _ in 0..5 {
            app.update();
        }
        assert_eq!(changed(&app), before);
        // Running again: a frame of 0.25 s steps the mission within four frames; recomputed.
        app.world_mut().write_message(TimeCommand::SetPaused(false));
        for _ in 0..5 {
            app.update();
        }
        assert_ne!(changed(&app), before);
        assert_eq!(
            app.world().resource::<Tracks>().steps_taken,
            Some(app.world().resource::<SimMission>().0.steps_taken)
        );
    }

    #[test]
    fn the_earth_hides_what_is_behind_it_and_not_what_is_beside_it() {
        let r = crate::core::earth::EQUATORIAL_RADIUS_M;
        let eye = Vector3d::new(r + 400e3, 0.0, 0.0);
        assert!(behind_the_earth(&eye, &Vector3d::new(-(r + 400e3), 0.0, 0.0)));
        assert!(!behind_the_earth(&eye, &Vector3d::new(r + 400e3, 50.0, 0.0)));
        // A place on the ground just below the eye is seen; one on the far side is not.
        assert!(!behind_the_earth(&eye, &Vector3d::new(r, 0.0, 0.0)));
        assert!(behind_the_earth(&eye, &Vector3d::new(0.0, r, 0.0)));
    }
}
