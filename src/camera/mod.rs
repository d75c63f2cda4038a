//! Cameras: an orbit camera around the focused body (drag to turn, wheel to zoom from metres to
//! 100,000 km) with smooth focus changes, and a free camera. The camera's f64 position is the
//! floating origin.

use crate::app::{AppSystems, AppSystemsPlugin, require};
use crate::core::frames::{self, lvlh_from_eci_matrix};
use crate::core::mission::{Mission, Motion, Role};
use crate::core::snapshot::Snapshot;
use crate::core::{StateVector, Vector3d, earth, position_m};
use crate::film::shots::{self, Roles, Shot, Subject};
use crate::origin::{FloatingOrigin, OriginPlugin, bevy_from_eci};
use crate::sim::{Presentation, SimMission, Sun};
use bevy::input::mouse::{AccumulatedMouseMotion, AccumulatedMouseScroll, MouseScrollUnit};
use bevy::prelude::*;
use bevy_egui::input::EguiWantsInput;

/// What the orbit camera circles: the Earth, or a vehicle of the mission, addressed by its
/// key in the scenario (or the launcher's spec, for a piece it drops).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Focus {
    Earth,
    Vehicle { body: usize, role: Role },
}

impl Focus {
    /// The focus the command line names: `earth`, or a vehicle's key.
    pub fn for_key(mission: &Mission, key: &str) -> Result<Focus, String> {
        if key == "earth" {
            return Ok(Focus::Earth);
        }
        mission.body_index(key).map(|body| Self::on(mission, body)).ok_or_else(|| {
            let keys: Vec<&str> =
                std::iter::once("earth").chain(mission.bodies.iter().map(|b| b.name.as_str())).collect();
            format!("no vehicle `{key}` to focus on (there are: {})", keys.join(", "))
        })
    }

    /// The focus on body `body`.
    pub fn on(mission: &Mission, body: usize) -> Focus {
        Focus::Vehicle { body, role: mission.bodies[body].role }
    }

    /// The Earth, then each vehicle of the mission (not the pieces it drops): the panel's
    /// focus buttons and the number keys, in order.
    pub fn choices(mission: &Mission) -> Vec<Focus> {
        let vehicles = (0..mission.bodies.len()).filter(|&i| mission.bodies[i].role != Role::Piece);
        std::iter::once(Focus::Earth).chain(vehicles.map(|i| Self::on(mission, i))).collect()
    }

    pub fn label(self, mission: &Mission) -> &str {
        match self {
            Focus::Earth => "Earth",
            Focus::Vehicle { body, .. } => mission.bodies.get(body).map_or("?", |b| b.label.as_str()),
        }
    }

    /// The mission body this focus follows.
    pub fn body(self) -> Option<usize> {
        match self {
            Focus::Earth => None,
            Focus::Vehicle { body, .. } => Some(body),
        }
    }

    /// Closest approach of the orbit camera, metres from the focus point: outside the station's
    /// modules, a few metres from a spacecraft.
    pub fn min_distance_m(self) -> f64 {
        match self {
            Focus::Earth => earth::EQUATORIAL_RADIUS_M + 2_000.0,
            Focus::Vehicle { role: Role::Station, .. } => 15.0,
            Focus::Vehicle { .. } => 4.0,
        }
    }

    /// A distance that frames the body on arrival.
    pub fn default_distance_m(self) -> f64 {
        match self {
            Focus::Earth => 20_000e3,
            Focus::Vehicle { role: Role::Station, .. } => 160.0,
            // The 46 m launcher on the pad; in orbit, zoom in to the 7 m spacecraft.
            Focus::Vehicle { role: Role::Spacecraft, .. } => 110.0,
            // A visitor on its port, with the modules around it.
            Focus::Vehicle { .. } => 40.0,
        }
    }
}

pub const MAX_DISTANCE_M: f64 = 100_000e3;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CameraMode {
    Orbit,
    Free,
    /// The rig of [`CameraRig::shot`], posed by the core at the frame's instant.
    Shot,
}

/// The camera's state in the mission's inertial frame. Orbit angles are measured in the focus's
/// frame: Earth-fixed for the Earth (yaw = longitude, pitch = latitude), LVLH for a vehicle
/// (yaw from the velocity direction, pitch above the local horizontal).
#[derive(Resource, Clone, Debug)]
pub struct CameraRig {
    pub mode: CameraMode,
    pub focus: Focus,
    pub yaw_rad: f64,
    pub pitch_rad: f64,
    pub distance_m: f64,
    /// Free camera: position and look angles about the local vertical.
    pub free_position_m: Vector3d,
    pub free_yaw_rad: f64,
    pub free_pitch_rad: f64,
    transition: Option<Transition>,
    /// The shot the camera follows in [`CameraMode::Shot`].
    pub shot: Option<Shot>,
    /// Last computed eye and view, inertial.
    pub eye_m: Vector3d,
    pub forward: Vector3d,
    pub up: Vector3d,
    /// Last vertical field of view, degrees.
    pub fov_deg: f64,
}

/// Blends from the previous focus to the new one over [`TRANSITION_S`] of the app's clock
/// (`Time`, which a recorder drives frame by frame; never the wall clock).
#[derive(Clone, Copy, Debug)]
struct Transition {
    from_eye_m: Vector3d,
    from_target_m: Vector3d,
    elapsed_s: f64,
}

const TRANSITION_S: f64 = 1.5;

impl CameraRig {
    pub fn new(focus: Focus, distance_m: Option<f64>) -> Self {
        let (yaw, pitch) = match focus {
            // Over Baikonur's longitude, a little south: the terminator in view at launch.
            Focus::Earth => (63.564_f64.to_radians(), 30.0_f64.to_radians()),
            // Yaw from the Sun at start-up (`start_on_the_sunlit_side`).
            Focus::Vehicle { role: Role::Station, .. } => (0.0, 25.0_f64.to_radians()),
            Focus::Vehicle { .. } => (0.0, 12.0_f64.to_radians()),
        };
        Self {
            mode: CameraMode::Orbit,
            focus,
            yaw_rad: yaw,
            pitch_rad: pitch,
            distance_m: distance_m.unwrap_or(focus.default_distance_m()).clamp(focus.min_distance_m(), MAX_DISTANCE_M),
            free_position_m: Vector3d::zeros(),
            free_yaw_rad: 0.0,
            free_pitch_rad: 0.0,
            transition: None,
            shot: None,
            eye_m: Vector3d::zeros(),
            forward: -Vector3d::z(),
            up: Vector3d::z(),
            fov_deg: shots::DEFAULT_FOV_DEG,
        }
    }

    /// Cuts to a shot's camera.
    pub fn cut_to(&mut self, shot: Shot) {
        self.mode = CameraMode::Shot;
        self.transition = None;
        self.shot = Some(shot);
    }

    /// Changes the focus; the view glides there from where it is. A vehicle docked to another
    /// is seen from outside its port, on the line from its host's centre through it, so the
    /// host's modules and arrays are behind it rather than in front of the camera.
    pub fn set_focus(&mut self, focus: Focus, from_target_m: Vector3d, mission: &Mission) {
        if focus == self.focus && self.mode == CameraMode::Orbit {
            return;
        }
        self.transition = Some(Transition { from_eye_m: self.eye_m, from_target_m, elapsed_s: 0.0 });
        self.mode = CameraMode::Orbit;
        self.focus = focus;
        self.distance_m = focus.default_distance_m();
        // The offset is in the host's body axes; the orbit camera's frame is the host's LVLH.
        let docked = focus.body().and_then(|body| match mission.bodies.get(body)?.motion {
            Motion::Docked { to, offset_m, .. } => {
                let host = mission.state(to);
                let offset_eci = mission.bodies[to].attitude.body_to_inertial * offset_m;
                Some((lvlh_from_eci_matrix(&host) * offset_eci).normalize())
            }
            _ => None,
        });
        if let Some(outward) = docked {
            // The inverse of `orbit_direction` for a vehicle, where "above" is -z.
            (self.yaw_rad, self.pitch_rad) = (outward.y.atan2(outward.x), (-outward.z).asin());
        }
    }

    /// Switches to the free camera where the orbit camera is now.
    pub fn start_free(&mut self) {
        self.mode = CameraMode::Free;
        self.transition = None;
        self.free_position_m = self.eye_m;
        let up = self.eye_m.normalize();
        let east = Vector3d::z().cross(&up).normalize();
        let north = up.cross(&east);
        self.free_pitch_rad = self.forward.dot(&up).clamp(-1.0, 1.0).asin();
        self.free_yaw_rad = self.forward.dot(&east).atan2(self.forward.dot(&north));
    }
}

/// Inertial position and the orbit frame (columns: frame axes in inertial coordinates) of a
/// focus at the frame's instant `shown`, with the frame's "up".
pub fn focus_frame(
    mission: &crate::core::mission::Mission,
    shown: &Snapshot,
    focus: Focus,
) -> (Vector3d, nalgebra::Matrix3<f64>, Vector3d) {
    match focus.body().filter(|&i| i < shown.states.len()) {
        Some(index) => {
            let state: StateVector = shown.state(index);
            let lvlh = lvlh_from_eci_matrix(&state).transpose();
            let zenith = -lvlh.column(2).into_owned();
            let on_pad = matches!(mission.bodies[index].motion, crate::core::mission::Motion::EarthFixed { .. })
                && mission.carrier_of(index).is_some();
            // On the pad, look at the middle of the launcher rather than its base (a module
            // that has landed is looked at itself).
            let lift = if on_pad { LAUNCHER_MID_HEIGHT_M } else { 0.0 };
            (position_m(&state) + zenith * lift, lvlh, zenith)
        }
        None => {
            let ecef_to_eci = frames::ecef_from_eci_rotation(shown.gmst_rad()).inverse();
            (Vector3d::zeros(), *ecef_to_eci.matrix(), Vector3d::z())
        }
    }
}

/// Half the height of the Soyuz-2.1a stack on the pad (46.3 m).
const LAUNCHER_MID_HEIGHT_M: f64 = 23.0;

/// Unit vector of an orbit offset: Earth-fixed (z north) for the Earth, LVLH (z nadir) for a
/// vehicle, where "above" is −z.
fn orbit_direction(focus: Focus, yaw: f64, pitch: f64) -> Vector3d {
    let horizontal = Vector3d::new(pitch.cos() * yaw.cos(), pitch.cos() * yaw.sin(), 0.0);
    match focus {
        Focus::Earth => horizontal + Vector3d::new(0.0, 0.0, pitch.sin()),
        _ => horizontal + Vector3d::new(0.0, 0.0, -pitch.sin()),
    }
}

fn smoothstep(x: f64) -> f64 {
    let x = x.clamp(0.0, 1.0);
    x * x * (3.0 - 2.0 * x)
}

pub struct CameraPlugin {
    pub focus: Focus,
    pub distance_m: Option<f64>,
    /// A shot to open on.
    pub shot: Option<Shot>,
}

impl Plugin for CameraPlugin {
    fn build(&self, app: &mut App) {
        let mut rig = CameraRig::new(self.focus, self.distance_m);
        if let Some(shot) = &self.shot {
            rig.cut_to(shot.clone());
        }
        require(app, AppSystemsPlugin);
        // The camera's eye is the floating origin.
        require(app, OriginPlugin);
        app.insert_resource(rig)
            .init_resource::<SubjectLight>()
            .add_systems(Startup, (spawn_camera, start_on_the_sunlit_side))
            .add_systems(
                Update,
                (orbit_and_free_controls, place_camera, expose_for_the_light).chain().in_set(AppSystems::Camera),
            );
    }
}

/// Vertical field of view, a 50 mm lens on a full-frame still camera (about 27 deg) widened to
/// what a monitor needs.
pub const VERTICAL_FOV_DEG: f32 = shots::DEFAULT_FOV_DEG as f32;

/// A vehicle is first seen from its sunlit side: the camera starts 40 deg off the Sun's azimuth
/// in the vehicle's frame.
fn start_on_the_sunlit_side(
    mut rig: ResMut<CameraRig>,
    mission: Res<SimMission>,
    shown: Res<Presentation>,
    sun: Res<Sun>,
) {
    if rig.focus == Focus::Earth {
        return;
    }
    let (_, frame, _) = focus_frame(&mission.0, &shown.now, rig.focus);
    let sun_in_frame = frame.transpose() * sun.direction;
    rig.yaw_rad = sun_in_frame.y.atan2(sun_in_frame.x) + 40.0_f64.to_radians();
}

/// The camera's exposure in the Earth's shadow with no floodlight on, EV100 (L: derived): as
/// for the floodlights' light 40 m ahead, the Kurs stop's range.
const NIGHT_EV100: f64 = 2.0;

/// The light on what the camera frames, metered once a frame (`AppSystems::Camera`): the share
/// of the Sun's disc seen there, which the scene's sunlight and Earthshine take too. The subject
/// is the station while a spacecraft approaches it with its floodlights on (the Soyuz, lower,
/// sets seconds before it), else where the camera is.
#[derive(Resource, Clone, Copy, Debug, PartialEq)]
pub struct SubjectLight {
    pub sun_fraction: f64,
}

impl Default for SubjectLight {
    /// Full sunlight, until a camera meters it.
    fn default() -> Self {
        Self { sun_fraction: 1.0 }
    }
}

/// Meters the light on the subject and exposes for it, as a camera would: the Sun's (EV100 15)
/// in sunlight; in the Earth's shadow, the floodlights' of the spacecraft approaching the
/// station, on the station that far ahead of them (`core::floodlights`); in the penumbra, the
/// two added as light (not as stops: half the Sun is one stop down, not halfway to the night).
fn expose_for_the_light(
    sun: Res<Sun>,
    origin: Res<FloatingOrigin>,
    mission: Res<SimMission>,
    rig: Res<CameraRig>,
    mut light: ResMut<SubjectLight>,
    mut cameras: Query<&mut bevy::camera::Exposure, With<Camera3d>>,
) {
    let m = &mission.0;
    let lit_range_m = m.spacecraft().and_then(|craft| m.floodlit_range_m(craft));
    let subject_m = match (lit_range_m, m.station()) {
        (Some(_), Some(station)) => position_m(&m.state(station)),
        _ => origin.0,
    };
    let seen = crate::core::sun::visible_sun_fraction(&subject_m, &sun.position_m);
    light.set_if_neq(SubjectLight { sun_fraction: seen });
    // A shot of the ship meters the light the station throws back on it; any other view, the
    // floodlit station.
    let ship_filmed = rig.mode == CameraMode::Shot
        && rig.shot.as_ref().is_some_and(|shot| shot.subject == Subject::Vehicle(shots::Vehicle::Spacecraft));
    let night_ev100 = lit_range_m.map_or(NIGHT_EV100, |range_m| {
        use crate::core::floodlights::{BEHIND_TIP_M, bounce_illuminance_lux, illuminance_lux, metered_ev100};
        metered_ev100(if ship_filmed {
            bounce_illuminance_lux(range_m)
        } else {
            illuminance_lux(range_m + BEHIND_TIP_M)
        })
    });
    let day_ev100 = f64::from(bevy::camera::Exposure::SUNLIGHT.ev100);
    let ev100 = (seen * day_ev100.exp2() + night_ev100.exp2()).log2() as f32;
    for mut exposure in &mut cameras {
        if exposure.ev100 != ev100 {
            exposure.ev100 = ev100;
        }
    }
}

fn spawn_camera(mut commands: Commands) {
    commands.spawn((
        Camera3d::default(),
        Projection::Perspective(PerspectiveProjection {
            fov: VERTICAL_FOV_DEG.to_radians(),
            // Reverse-Z with an infinite far plane: a 10 cm near plane costs nothing far away.
            near: 0.1,
            ..default()
        }),
        // Sunlight-level exposure (EV100 15) for PBR surfaces lit by the raw Sun.
        bevy::camera::Exposure::SUNLIGHT,
        Msaa::Sample4,
        Transform::IDENTITY,
    ));
}

/// Mouse and keys: drag turns the camera, the wheel zooms (orbit) or sets speed (free), WASD/QE
/// fly the free camera; nothing reacts while egui has the pointer or keyboard.
fn orbit_and_free_controls(
    mut rig: ResMut<CameraRig>,
    buttons: Option<Res<ButtonInput<MouseButton>>>,
    keys: Option<Res<ButtonInput<KeyCode>>>,
    motion: Option<Res<AccumulatedMouseMotion>>,
    scroll: Option<Res<AccumulatedMouseScroll>>,
    egui_input: Option<Res<EguiWantsInput>>,
    time: Res<Time>,
) {
    let pointer_free = egui_input.as_ref().is_none_or(|e| !e.wants_pointer_input() && !e.is_pointer_over_area());
    let dragging = pointer_free && buttons.as_ref().is_some_and(|b| b.pressed(MouseButton::Left));
    let delta = motion.map(|m| m.delta).unwrap_or_default();
    let wheel = match scroll {
        Some(s) if pointer_free => match s.unit {
            MouseScrollUnit::Line => s.delta.y,
            MouseScrollUnit::Pixel => s.delta.y / 40.0,
        },
        _ => 0.0,
    };
    const RAD_PER_PIXEL: f64 = 0.005;
    match rig.mode {
        CameraMode::Orbit => {
            if dragging {
                rig.yaw_rad -= f64::from(delta.x) * RAD_PER_PIXEL;
                rig.pitch_rad = (rig.pitch_rad + f64::from(delta.y) * RAD_PER_PIXEL).clamp(-1.55, 1.55);
            }
            let focus = rig.focus;
            let d = rig.distance_m;
            // Zoom by altitude above the surface for the Earth, so it slows near the ground.
            let new = if focus == Focus::Earth {
                let floor = earth::EQUATORIAL_RADIUS_M;
                floor + (d - floor) * 0.85_f64.powf(f64::from(wheel))
            } else {
                d * 0.85_f64.powf(f64::from(wheel))
            };
            rig.distance_m = new.clamp(focus.min_distance_m(), MAX_DISTANCE_M);
        }
        // A shot's camera is the shot's.
        CameraMode::Shot => {}
        CameraMode::Free => {
            if dragging {
                rig.free_yaw_rad += f64::from(delta.x) * RAD_PER_PIXEL;
                rig.free_pitch_rad = (rig.free_pitch_rad - f64::from(delta.y) * RAD_PER_PIXEL).clamp(-1.55, 1.55);
            }
            let keyboard_free = egui_input.as_ref().is_none_or(|e| !e.wants_keyboard_input());
            if let (Some(keys), true) = (keys, keyboard_free) {
                let altitude = (rig.free_position_m.norm() - earth::EQUATORIAL_RADIUS_M).max(1.0);
                let boost = if keys.pressed(KeyCode::ShiftLeft) { 10.0 } else { 1.0 };
                let speed = (altitude * 0.2).max(5.0) * boost * 0.8_f64.powf(-f64::from(wheel));
                let (forward, up) = (rig.forward, rig.up);
                let right = forward.cross(&up).normalize();
                let mut step = Vector3d::zeros();
                for (key, direction) in [
                    (KeyCode::KeyW, forward),
                    (KeyCode::KeyS, -forward),
                    (KeyCode::KeyD, right),
                    (KeyCode::KeyA, -right),
                    (KeyCode::KeyE, up),
                    (KeyCode::KeyQ, -up),
                ] {
                    if keys.pressed(key) {
                        step += direction;
                    }
                }
                rig.free_position_m += step * speed * time.delta_secs_f64();
            }
        }
    }
}

/// Computes the eye and view from the rig, moves the floating origin to the eye and turns the
/// camera entity (which stays at the render origin).
fn place_camera(
    mut rig: ResMut<CameraRig>,
    mission: Res<SimMission>,
    shown: Res<Presentation>,
    mut origin: ResMut<FloatingOrigin>,
    mut cameras: Query<(&mut Transform, &mut Projection), With<Camera3d>>,
    time: Res<Time>,
) {
    let roles = Roles::of_mission(&mission.0);
    let posed = rig.shot.as_ref().filter(|_| rig.mode == CameraMode::Shot).and_then(|s| s.pose(&shown.now, roles));
    let (eye, target, up) = match (rig.mode, posed) {
        (CameraMode::Shot, Some(pose)) => (pose.eye_m, pose.eye_m + pose.forward, pose.up),
        // A shot naming a vehicle the mission lacks: the orbit camera's view.
        (CameraMode::Orbit | CameraMode::Shot, _) => {
            let (center, frame, up) = focus_frame(&mission.0, &shown.now, rig.focus);
            let eye = center + frame * orbit_direction(rig.focus, rig.yaw_rad, rig.pitch_rad) * rig.distance_m;
            match rig.transition.as_mut() {
                Some(t) => {
                    t.elapsed_s += time.delta_secs_f64();
                    let s = smoothstep(t.elapsed_s / TRANSITION_S);
                    let blended_eye = t.from_eye_m + (eye - t.from_eye_m) * s;
                    let blended_target = t.from_target_m + (center - t.from_target_m) * s;
                    if s >= 1.0 {
                        rig.transition = None;
                    }
                    (blended_eye, blended_target, up)
                }
                None => (eye, center, up),
            }
        }
        (CameraMode::Free, _) => {
            let eye = rig.free_position_m;
            let up = eye.normalize();
            let east = Vector3d::z().cross(&up).normalize();
            let north = up.cross(&east);
            let (yaw, pitch) = (rig.free_yaw_rad, rig.free_pitch_rad);
            let forward = (north * yaw.cos() + east * yaw.sin()) * pitch.cos() + up * pitch.sin();
            (eye, eye + forward, up)
        }
    };
    let fov_deg = posed.map_or(shots::DEFAULT_FOV_DEG, |p| p.fov_deg);
    let view = shots::looking(eye, target, up, fov_deg);
    (rig.eye_m, rig.forward, rig.up, rig.fov_deg) = (eye, view.forward, view.up, fov_deg);
    origin.0 = eye;
    let forward = view.forward;
    for (mut transform, mut projection) in &mut cameras {
        *transform = Transform::IDENTITY.looking_to(bevy_from_eci(&forward), bevy_from_eci(&rig.up));
        if let Projection::Perspective(perspective) = projection.as_mut()
            && (f64::from(perspective.fov).to_degrees() - fov_deg).abs() > 1e-3
        {
            perspective.fov = (fov_deg as f32).to_radians();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn earth_orbit_angles_are_longitude_and_latitude() {
        let d = orbit_direction(Focus::Earth, 0.0, std::f64::consts::FRAC_PI_2);
        assert!((d - Vector3d::z()).norm() < 1e-12);
        let over_vehicle =
            orbit_direction(Focus::Vehicle { body: 0, role: Role::Station }, 0.0, std::f64::consts::FRAC_PI_2);
        assert!((over_vehicle + Vector3d::z()).norm() < 1e-12, "above a vehicle is −z of LVLH");
    }

    #[test]
    fn any_vehicle_is_a_focus_by_its_key_and_an_unknown_key_lists_them() {
        let mission = crate::scenario::LoadedScenario::load(std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/config/ms19.ron"
        )))
        .unwrap()
        .mission();
        let ms18 = Focus::for_key(&mission, "soyuz-ms18").unwrap();
        assert_eq!(ms18.body(), mission.body_index("soyuz-ms18"));
        assert_eq!(ms18.label(&mission), "Soyuz MS-18");
        assert_eq!(Focus::for_key(&mission, "earth"), Ok(Focus::Earth));
        let station = Focus::for_key(&mission, "iss").unwrap();
        assert!(station.min_distance_m() > ms18.min_distance_m(), "outside the station's modules");
        let error = Focus::for_key(&mission, "soyuz-ms20").unwrap_err();
        assert!(error.contains("soyuz-ms18") && error.contains("earth"), "{error}");
        // The Earth first, then the six vehicles in the scenario's order: the number keys 1 to 7.
        let choices = Focus::choices(&mission);
        assert_eq!((choices.len(), choices[0], choices[3]), (7, Focus::Earth, ms18));
    }
}
