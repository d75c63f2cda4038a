//! Named camera shots: a camera rig tied to the mission's vehicles and places, over a span of
//! mission time, with keyframes eased in mission time. Bevy-free, so that the viewer and the
//! recorder place the camera from the same pose at the same instant.

use crate::core::frames::{self, Geodetic, lvlh_from_eci_matrix};
use crate::core::snapshot::Snapshot;
use crate::core::{Vector3d, position_m};
use nalgebra::UnitQuaternion;
use serde::Deserialize;

/// A vehicle by its role in the mission, or by its key.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Vehicle {
    /// The station the scenario names.
    Station,
    /// The first spacecraft (the one the launcher carries).
    Spacecraft,
    /// The vehicle with this key in the scenario (`key("soyuz-ms18")`), or a piece the launcher
    /// drops (`key("booster-1")`).
    Key(String),
}

/// How the value changes on the way to a key from the one before.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Ease {
    Linear,
    EaseIn,
    EaseOut,
    EaseInOut,
    /// Stays at the previous key's value, then cuts to this one.
    Hold,
}

impl Ease {
    /// The eased share of the way, for `u` of the time, both 0 to 1 (ease-in-out: smoothstep).
    pub fn apply(self, u: f64) -> f64 {
        let u = u.clamp(0.0, 1.0);
        match self {
            Ease::Linear => u,
            Ease::EaseIn => u * u,
            Ease::EaseOut => 1.0 - (1.0 - u) * (1.0 - u),
            Ease::EaseInOut => u * u * (3.0 - 2.0 * u),
            Ease::Hold => {
                if u < 1.0 {
                    0.0
                } else {
                    1.0
                }
            }
        }
    }
}

/// A keyframe: `value` at `t_s` seconds into the shot, reached from the key before by `ease`.
#[derive(Clone, Copy, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Key {
    pub t_s: f64,
    pub value: f64,
    #[serde(default = "linear")]
    pub ease: Ease,
}

fn linear() -> Ease {
    Ease::Linear
}

/// A keyed value at `t_s` into the shot: the first key's before it, the last key's after.
pub fn keyed(keys: &[Key], t_s: f64) -> Option<f64> {
    let first = keys.first()?;
    if t_s <= first.t_s {
        return Some(first.value);
    }
    for pair in keys.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        if t_s < b.t_s {
            let u = (t_s - a.t_s) / (b.t_s - a.t_s);
            return Some(a.value + (b.value - a.value) * b.ease.apply(u));
        }
    }
    keys.last().map(|k| k.value)
}

/// An orientation keyframe in a vehicle's LVLH frame: at zero the camera looks along-track with
/// the zenith up; `yaw_deg` turns it towards the orbit normal's side (LVLH +y, the picture's
/// right), `pitch_deg` up towards the zenith, `roll_deg` about the view, clockwise as seen.
#[derive(Clone, Copy, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrientationKey {
    pub t_s: f64,
    pub yaw_deg: f64,
    #[serde(default)]
    pub pitch_deg: f64,
    #[serde(default)]
    pub roll_deg: f64,
    #[serde(default = "linear")]
    pub ease: Ease,
}

impl OrientationKey {
    /// The camera's axes (x right, y up, looking along -z) to LVLH.
    pub fn camera_to_lvlh(&self) -> UnitQuaternion<f64> {
        // At rest: the camera's -z along LVLH x, its y along -z (the zenith), its x along y.
        let rest = UnitQuaternion::from_rotation_matrix(&nalgebra::Rotation3::from_matrix_unchecked(
            nalgebra::Matrix3::from_columns(&[Vector3d::y(), -Vector3d::z(), -Vector3d::x()]),
        ));
        let turn = UnitQuaternion::from_axis_angle(&Vector3d::z_axis(), self.yaw_deg.to_radians())
            * UnitQuaternion::from_axis_angle(&Vector3d::y_axis(), self.pitch_deg.to_radians())
            * UnitQuaternion::from_axis_angle(&Vector3d::x_axis(), self.roll_deg.to_radians());
        turn * rest
    }
}

/// The orientation keyed at `t_s` into the shot, eased and slerped the short way round between
/// keys (Shoemake 1985, "Animating rotation with quaternion curves").
pub fn keyed_orientation(keys: &[OrientationKey], t_s: f64) -> Option<UnitQuaternion<f64>> {
    let first = keys.first()?;
    if t_s <= first.t_s {
        return Some(first.camera_to_lvlh());
    }
    for pair in keys.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        if t_s < b.t_s {
            let u = b.ease.apply((t_s - a.t_s) / (b.t_s - a.t_s));
            let (qa, mut qb) = (a.camera_to_lvlh(), b.camera_to_lvlh());
            if qa.coords.dot(&qb.coords) < 0.0 {
                qb = UnitQuaternion::new_unchecked(-qb.into_inner());
            }
            return Some(qa.try_slerp(&qb, u, 1e-12).unwrap_or(qb));
        }
    }
    keys.last().map(OrientationKey::camera_to_lvlh)
}

/// Where a free path's camera looks.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(rename_all = "snake_case")]
pub enum Aim {
    /// At a vehicle, the zenith up.
    At(Vehicle),
    /// Keyed orientations in the path's LVLH frame.
    Keyed(Vec<OrientationKey>),
}

/// Where the camera is and how it looks.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub enum Rig {
    /// Bolted to a vehicle: eye, aim and up in its body frame.
    BodyFixed { on: Vehicle, eye_m: (f64, f64, f64), look: (f64, f64, f64), up: (f64, f64, f64) },
    /// Circling a vehicle in its LVLH frame: azimuth from the velocity towards the orbit normal's
    /// side (LVLH y), elevation above the local horizontal, each keyed.
    Orbit { around: Vehicle, distance_m: Vec<Key>, azimuth_deg: Vec<Key>, elevation_deg: Vec<Key> },
    /// The eye on one vehicle, at an offset in its LVLH frame (x along-track, z nadir), aimed at
    /// another (or the same one).
    LookAt { from: Vehicle, offset_lvlh_m: (f64, f64, f64), at: Vehicle },
    /// A tracking camera on the ground, aimed at a vehicle.
    Ground { latitude_deg: f64, longitude_deg: f64, height_m: f64, at: Vehicle },
    /// Chasing a vehicle: the eye where the vehicle was `lag_s` ago along its inertial
    /// velocity, `above_m` over it (away from the Earth's centre), aimed at it.
    Chase { target: Vehicle, lag_s: f64, above_m: f64 },
    /// A free path in a vehicle's LVLH frame: the eye's offset keyed per axis, aimed at a
    /// vehicle or turned by orientation keys.
    Path { frame: Vehicle, x_m: Vec<Key>, y_m: Vec<Key>, z_m: Vec<Key>, aim: Aim },
}

/// What a shot films, which its rig's vehicle is not always (the periscope, on the Soyuz,
/// films the station; the cupola, on the station, the Earth): `subject: vehicle(station)`,
/// `subject: earth`.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(rename_all = "snake_case")]
pub enum Subject {
    Vehicle(Vehicle),
    Earth,
}

/// A shot as the file gives it; `from` and `to` are mission times, `[-]HH:MM:SS[.s]`.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ShotSpec {
    pub name: String,
    pub description: String,
    pub from: String,
    pub to: String,
    pub subject: Subject,
    pub rig: Rig,
    /// Vertical field of view, degrees, keyed; [`DEFAULT_FOV_DEG`] without keys.
    #[serde(default)]
    pub fov_deg: Vec<Key>,
}

/// A shot with its times parsed.
#[derive(Clone, Debug, PartialEq)]
pub struct Shot {
    pub name: String,
    pub description: String,
    pub from_met_s: f64,
    pub to_met_s: f64,
    pub subject: Subject,
    pub rig: Rig,
    pub fov_deg: Vec<Key>,
}

/// The viewer's own field of view, for a shot that keys none.
pub const DEFAULT_FOV_DEG: f64 = 45.0;

/// The camera of a shot at one instant, inertial frame.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CameraPose {
    pub eye_m: Vector3d,
    /// Unit view direction and a unit "up" square to it.
    pub forward: Vector3d,
    pub up: Vector3d,
    pub fov_deg: f64,
}

impl CameraPose {
    /// The camera's axes to the inertial frame, in the convention of Blender, Nuke and OpenGL:
    /// x to the right of the picture, y up it, looking along -z.
    pub fn camera_to_inertial(&self) -> nalgebra::UnitQuaternion<f64> {
        let right = self.forward.cross(&self.up);
        let axes = nalgebra::Matrix3::from_columns(&[right, self.up, -self.forward]);
        nalgebra::UnitQuaternion::from_rotation_matrix(&nalgebra::Rotation3::from_matrix_unchecked(axes))
    }
}

/// The bodies a shot's vehicles name, by index: by role, or by key among `bodies`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Roles<'a> {
    pub station: Option<usize>,
    pub spacecraft: Option<usize>,
    pub bodies: &'a [crate::core::mission::Body],
}

impl<'a> Roles<'a> {
    /// The mission's station, first spacecraft and bodies.
    pub fn of_mission(mission: &'a crate::core::mission::Mission) -> Self {
        Self { station: mission.station(), spacecraft: mission.spacecraft(), bodies: &mission.bodies }
    }

    pub fn of(&self, vehicle: &Vehicle) -> Option<usize> {
        match vehicle {
            Vehicle::Station => self.station,
            Vehicle::Spacecraft => self.spacecraft,
            Vehicle::Key(key) => self.bodies.iter().position(|b| &b.name == key),
        }
    }
}

fn vector((x, y, z): (f64, f64, f64)) -> Vector3d {
    Vector3d::new(x, y, z)
}

/// A pose looking from `eye` at `target`, `up` made square to the view (or, looking along it,
/// any square direction).
pub fn looking(eye_m: Vector3d, target_m: Vector3d, up: Vector3d, fov_deg: f64) -> CameraPose {
    let forward = (target_m - eye_m).normalize();
    let up = forward.cross(&up).cross(&forward);
    let up = if up.norm() > 1e-9 { up.normalize() } else { forward.cross(&Vector3d::x()).normalize() };
    CameraPose { eye_m, forward, up, fov_deg }
}

impl Shot {
    /// The camera at the instant of `shown`, or `None` when a vehicle the rig names is not in the
    /// mission.
    pub fn pose(&self, shown: &Snapshot, roles: Roles) -> Option<CameraPose> {
        let t_s = shown.met_s - self.from_met_s;
        let fov_deg = keyed(&self.fov_deg, t_s).unwrap_or(DEFAULT_FOV_DEG);
        let body = |vehicle: &Vehicle| roles.of(vehicle).filter(|&i| i < shown.states.len());
        Some(match &self.rig {
            Rig::BodyFixed { on, eye_m, look, up } => {
                let index = body(on)?;
                let turn = shown.attitudes[index].body_to_inertial;
                let eye = position_m(&shown.state(index)) + turn * vector(*eye_m);
                looking(eye, eye + turn * vector(*look), turn * vector(*up), fov_deg)
            }
            Rig::Orbit { around, distance_m, azimuth_deg, elevation_deg } => {
                let index = body(around)?;
                let state = shown.state(index);
                let eci_from_lvlh = lvlh_from_eci_matrix(&state).transpose();
                let (azimuth, elevation) =
                    (keyed(azimuth_deg, t_s)?.to_radians(), keyed(elevation_deg, t_s)?.to_radians());
                let direction_lvlh =
                    Vector3d::new(elevation.cos() * azimuth.cos(), elevation.cos() * azimuth.sin(), -elevation.sin());
                let center = position_m(&state);
                let eye = center + eci_from_lvlh * direction_lvlh * keyed(distance_m, t_s)?;
                looking(eye, center, center.normalize(), fov_deg)
            }
            Rig::LookAt { from, offset_lvlh_m, at } => {
                let (from, at) = (body(from)?, body(at)?);
                let from_state = shown.state(from);
                let eye =
                    position_m(&from_state) + lvlh_from_eci_matrix(&from_state).transpose() * vector(*offset_lvlh_m);
                looking(eye, position_m(&shown.state(at)), eye.normalize(), fov_deg)
            }
            Rig::Chase { target, lag_s, above_m } => {
                let state = shown.state(body(target)?);
                let r = position_m(&state);
                let eye = r - crate::core::velocity_mps(&state) * *lag_s + r.normalize() * *above_m;
                looking(eye, r, r.normalize(), fov_deg)
            }
            Rig::Path { frame, x_m, y_m, z_m, aim } => {
                let state = shown.state(body(frame)?);
                let eci_from_lvlh = lvlh_from_eci_matrix(&state).transpose();
                let offset = Vector3d::new(keyed(x_m, t_s)?, keyed(y_m, t_s)?, keyed(z_m, t_s)?);
                let eye = position_m(&state) + eci_from_lvlh * offset;
                match aim {
                    Aim::At(at) => looking(eye, position_m(&shown.state(body(at)?)), eye.normalize(), fov_deg),
                    Aim::Keyed(keys) => {
                        let turn = keyed_orientation(keys, t_s)?;
                        let (forward, up) =
                            (eci_from_lvlh * (turn * -Vector3d::z()), eci_from_lvlh * (turn * Vector3d::y()));
                        CameraPose { eye_m: eye, forward, up, fov_deg }
                    }
                }
            }
            Rig::Ground { latitude_deg, longitude_deg, height_m, at } => {
                let ecef =
                    frames::ecef_from_geodetic_m(&Geodetic::from_degrees(*latitude_deg, *longitude_deg, *height_m));
                let eye = frames::ecef_from_eci_rotation(shown.gmst_rad()).inverse() * ecef;
                looking(eye, position_m(&shown.state(body(at)?)), eye.normalize(), fov_deg)
            }
        })
    }

    /// The vehicle the rig is tied to, aims at or circles.
    pub fn rig_vehicle(&self) -> &Vehicle {
        match &self.rig {
            Rig::Orbit { around: v, .. }
            | Rig::LookAt { at: v, .. }
            | Rig::Ground { at: v, .. }
            | Rig::Chase { target: v, .. }
            | Rig::Path { aim: Aim::At(v), .. } => v,
            Rig::BodyFixed { on: v, .. } | Rig::Path { frame: v, aim: Aim::Keyed(_), .. } => v,
        }
    }

    /// Every vehicle the rig names.
    pub fn vehicles(&self) -> Vec<&Vehicle> {
        match &self.rig {
            Rig::LookAt { from: a, at: b, .. } | Rig::Path { frame: a, aim: Aim::At(b), .. } => vec![a, b],
            _ => vec![self.rig_vehicle()],
        }
    }

    /// Whether the shot covers mission time `met_s`.
    pub fn covers(&self, met_s: f64) -> bool {
        (self.from_met_s..=self.to_met_s).contains(&met_s)
    }
}

/// How the Sun lights a subject as the camera sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lighting {
    /// The Sun behind the camera: the side facing it is lit.
    Front,
    Side,
    /// The Sun behind the subject: a silhouette, a rim of light.
    Back,
    /// The subject in the Earth's shadow.
    Shadowed,
}

/// The lighting of a subject at `subject_m` seen along `view` (unit, camera to subject), the
/// Sun at `sun_position_m`: front-lit when the Sun is within 60 deg of behind the camera,
/// back-lit within 60 deg of behind the subject, side-lit between (the thirds of the sphere of
/// directions a cinematographer names).
pub fn lighting(view: &Vector3d, subject_m: &Vector3d, sun_position_m: &Vector3d) -> Lighting {
    if crate::core::sun::visible_sun_fraction(subject_m, sun_position_m) == 0.0 {
        return Lighting::Shadowed;
    }
    let to_sun = (sun_position_m - subject_m).normalize();
    match view.dot(&to_sun) {
        c if c <= -0.5 => Lighting::Front,
        c if c >= 0.5 => Lighting::Back,
        _ => Lighting::Side,
    }
}

/// How much of a picture of `aspect` (width over height) through `pose` the points' hull spans
/// (a subject's bounding box, inertial): the shares of its width and of its height, clipped to
/// the picture; none when the hull is out of the picture or behind the camera, all when the
/// camera is inside it (`inside`). A point behind the camera stretches the hull to the
/// picture's edge its side, which may overstate a hull half behind.
pub fn span_in_frame(pose: &CameraPose, aspect: f64, corners_m: &[Vector3d], inside: bool) -> (f64, f64) {
    if inside {
        return (1.0, 1.0);
    }
    let right = pose.forward.cross(&pose.up);
    let tan_v = (0.5 * pose.fov_deg).to_radians().tan();
    let tan_h = tan_v * aspect;
    let (mut lo, mut hi) = ([f64::INFINITY; 2], [f64::NEG_INFINITY; 2]);
    let mut in_front = false;
    for corner in corners_m {
        let d = corner - pose.eye_m;
        let (z, across) = (d.dot(&pose.forward), [d.dot(&right) / tan_h, d.dot(&pose.up) / tan_v]);
        in_front |= z > 0.0;
        for axis in 0..2 {
            // In the picture's units: -1 and 1 are its edges.
            let at = if z > 1e-9 { across[axis] / z } else { across[axis].signum() * f64::INFINITY };
            lo[axis] = lo[axis].min(at);
            hi[axis] = hi[axis].max(at);
        }
    }
    if !in_front {
        return (0.0, 0.0);
    }
    let share = |axis: usize| (0.5 * (hi[axis].min(1.0) - lo[axis].max(-1.0))).max(0.0);
    let (w, h) = (share(0), share(1));
    if w == 0.0 || h == 0.0 { (0.0, 0.0) } else { (w, h) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::attitude::Attitude;
    use crate::core::state_from;
    use crate::core::time::UtcInstant;

    #[test]
    fn the_camera_quaternion_looks_along_minus_z_with_y_up() {
        let pose = looking(Vector3d::zeros(), Vector3d::new(1.0, 2.0, 0.5), Vector3d::z(), 30.0);
        let q = pose.camera_to_inertial();
        assert!((q * -Vector3d::z() - pose.forward).norm() < 1e-12);
        assert!((q * Vector3d::y() - pose.up).norm() < 1e-12);
        // x is the picture's right: forward x up.
        assert!((q * Vector3d::x() - pose.forward.cross(&pose.up)).norm() < 1e-12);
        assert!((q * Vector3d::y()).z > 0.0);
    }

    fn key(t_s: f64, value: f64, ease: Ease) -> Key {
        Key { t_s, value, ease }
    }

    #[test]
    fn keys_ease_between_them_and_hold_outside() {
        let keys = [key(0.0, 10.0, Ease::Linear), key(10.0, 20.0, Ease::EaseInOut), key(20.0, 40.0, Ease::Hold)];
        assert_eq!(keyed(&keys, -5.0), Some(10.0));
        assert_eq!(keyed(&keys, 5.0), Some(15.0), "ease-in-out: halfway in time is halfway in value");
        assert!((keyed(&keys, 2.5).unwrap() - (10.0 + 10.0 * 0.156_25)).abs() < 1e-12, "slow at the start");
        assert_eq!(keyed(&keys, 19.9), Some(20.0), "hold: no change until the key");
        assert_eq!(keyed(&keys, 20.0), Some(40.0));
        assert_eq!(keyed(&keys, 99.0), Some(40.0));
        assert_eq!(keyed(&[], 1.0), None);
        for ease in [Ease::Linear, Ease::EaseIn, Ease::EaseOut, Ease::EaseInOut] {
            assert_eq!((ease.apply(0.0), ease.apply(1.0)), (0.0, 1.0), "{ease:?}");
        }
        assert!(Ease::EaseIn.apply(0.5) < 0.5 && Ease::EaseOut.apply(0.5) > 0.5);
    }

    /// One body on a circular equatorial orbit along +y at +x, turned by `attitude`.
    fn snapshot(attitude: UnitQuaternion<f64>) -> Snapshot {
        let state = state_from(Vector3d::new(6.8e6, 0.0, 0.0), Vector3d::new(0.0, 7_660.0, 0.0));
        Snapshot {
            met_s: 100.0,
            launch: UtcInstant::from_calendar(2021, 10, 5, 8, 55, 2.442),
            ut1_minus_utc_s: 0.0,
            states: vec![state],
            attitudes: vec![Attitude::at_rest(attitude)],
        }
    }

    fn shot(rig: Rig) -> Shot {
        Shot {
            name: "t".into(),
            description: String::new(),
            from_met_s: 90.0,
            to_met_s: 200.0,
            subject: Subject::Earth,
            rig,
            fov_deg: Vec::new(),
        }
    }

    const ROLES: Roles = Roles { station: Some(0), spacecraft: None, bodies: &[] };

    #[test]
    fn an_orbit_rig_circles_in_the_vehicles_lvlh_frame() {
        let keys = |v| vec![key(0.0, v, Ease::Linear)];
        // Azimuth 180 deg: behind the vehicle along its track, looking forward at it.
        let rig = Rig::Orbit {
            around: Vehicle::Station,
            distance_m: keys(50.0),
            azimuth_deg: keys(180.0),
            elevation_deg: keys(0.0),
        };
        let pose = shot(rig).pose(&snapshot(UnitQuaternion::identity()), ROLES).unwrap();
        assert!((pose.eye_m - Vector3d::new(6.8e6, -50.0, 0.0)).norm() < 1e-6, "{:?}", pose.eye_m);
        assert!((pose.forward - Vector3d::y()).norm() < 1e-9 && (pose.up - Vector3d::x()).norm() < 1e-9);
        assert_eq!(pose.fov_deg, DEFAULT_FOV_DEG);
        // Elevation 90 deg: straight above, looking down at it.
        let rig = Rig::Orbit {
            around: Vehicle::Station,
            distance_m: keys(50.0),
            azimuth_deg: keys(0.0),
            elevation_deg: keys(90.0),
        };
        let pose = shot(rig).pose(&snapshot(UnitQuaternion::identity()), ROLES).unwrap();
        assert!((pose.eye_m - Vector3d::new(6.8e6 + 50.0, 0.0, 0.0)).norm() < 1e-6 && pose.forward.x < -0.999);
    }

    #[test]
    fn the_sun_behind_the_camera_lights_the_front() {
        let subject = Vector3d::new(6.8e6, 0.0, 0.0);
        let sun = Vector3d::x() * crate::core::sun::ASTRONOMICAL_UNIT_M;
        // Looking back towards the Earth from sunward: front-lit; from the Earth's side
        // towards the Sun: back-lit; across: side-lit; behind the Earth: in its shadow.
        assert_eq!(lighting(&-Vector3d::x(), &subject, &sun), Lighting::Front);
        assert_eq!(lighting(&Vector3d::x(), &subject, &sun), Lighting::Back);
        assert_eq!(lighting(&Vector3d::y(), &subject, &sun), Lighting::Side);
        assert_eq!(lighting(&Vector3d::y(), &-subject, &sun), Lighting::Shadowed);
    }

    #[test]
    fn a_chase_trails_along_the_velocity_and_a_path_moves_through_its_keys() {
        let shown = snapshot(UnitQuaternion::identity());
        let pose =
            shot(Rig::Chase { target: Vehicle::Station, lag_s: 0.01, above_m: 5.0 }).pose(&shown, ROLES).unwrap();
        // 7,660 m/s x 0.01 s = 76.6 m behind along -y, 5 m up (+x).
        assert!((pose.eye_m - Vector3d::new(6.8e6 + 5.0, -76.6, 0.0)).norm() < 1e-6, "{:?}", pose.eye_m);
        let keys = |a, b| vec![key(0.0, a, Ease::Linear), key(20.0, b, Ease::Linear)];
        let rig = Rig::Path {
            frame: Vehicle::Station,
            x_m: keys(-100.0, 100.0),
            y_m: keys(0.0, 0.0),
            z_m: keys(-20.0, -20.0),
            aim: Aim::At(Vehicle::Station),
        };
        // 10 s into the shot (t = 100 - 90): halfway, 20 m above (LVLH -z is up, +x inertial).
        let pose = shot(rig).pose(&shown, ROLES).unwrap();
        assert!((pose.eye_m - Vector3d::new(6.8e6 + 20.0, 0.0, 0.0)).norm() < 1e-6, "{:?}", pose.eye_m);
    }

    fn turn(t_s: f64, yaw_deg: f64, pitch_deg: f64, roll_deg: f64, ease: Ease) -> OrientationKey {
        OrientationKey { t_s, yaw_deg, pitch_deg, roll_deg, ease }
    }

    #[test]
    fn orientation_keys_turn_the_camera_in_lvlh() {
        let forward = |k: OrientationKey| k.camera_to_lvlh() * -Vector3d::z();
        let up = |k: OrientationKey| k.camera_to_lvlh() * Vector3d::y();
        let rest = turn(0.0, 0.0, 0.0, 0.0, Ease::Linear);
        assert!((forward(rest) - Vector3d::x()).norm() < 1e-12 && (up(rest) + Vector3d::z()).norm() < 1e-12);
        // Yaw towards +y, pitch up towards the zenith (-z), roll clockwise as seen: up to +y.
        assert!((forward(turn(0.0, 90.0, 0.0, 0.0, Ease::Linear)) - Vector3d::y()).norm() < 1e-12);
        assert!((forward(turn(0.0, 0.0, 90.0, 0.0, Ease::Linear)) + Vector3d::z()).norm() < 1e-12);
        assert!((up(turn(0.0, 0.0, 0.0, 90.0, Ease::Linear)) - Vector3d::y()).norm() < 1e-12);
    }

    #[test]
    fn orientations_slerp_the_short_way_with_their_ease() {
        let keys = [turn(0.0, -10.0, 0.0, 0.0, Ease::Linear), turn(10.0, 80.0, 0.0, 0.0, Ease::Linear)];
        let yaw_at = |keys: &[OrientationKey], t: f64| {
            let f = keyed_orientation(keys, t).unwrap() * -Vector3d::z();
            f.y.atan2(f.x).to_degrees()
        };
        // A slerp between two yaws about one axis turns at a constant rate.
        for (t, yaw) in [(-1.0, -10.0), (0.0, -10.0), (2.5, 12.5), (5.0, 35.0), (10.0, 80.0), (11.0, 80.0)] {
            assert!((yaw_at(&keys, t) - yaw).abs() < 1e-9, "t {t}: {}", yaw_at(&keys, t));
        }
        let eased = [keys[0], OrientationKey { ease: Ease::EaseIn, ..keys[1] }];
        assert!((yaw_at(&eased, 5.0) - (-10.0 + 90.0 * 0.25)).abs() < 1e-9);
        // From yaw 170 to -170 is 20 deg through 180, not 340 back through 0.
        let across = [turn(0.0, 170.0, 0.0, 0.0, Ease::Linear), turn(1.0, -170.0, 0.0, 0.0, Ease::Linear)];
        assert!((yaw_at(&across, 0.5).abs() - 180.0).abs() < 1e-9, "{}", yaw_at(&across, 0.5));
        // The up vector stays square to the view through a turn that pitches and rolls.
        let tumble = [turn(0.0, 0.0, -30.0, 0.0, Ease::Linear), turn(1.0, 120.0, 60.0, 45.0, Ease::EaseInOut)];
        let q = keyed_orientation(&tumble, 0.3).unwrap();
        assert!(((q * -Vector3d::z()).dot(&(q * Vector3d::y()))).abs() < 1e-12);
    }

    #[test]
    fn a_keyed_path_looks_where_its_keys_turn_it() {
        let shown = snapshot(UnitQuaternion::identity());
        let still = |v| vec![key(0.0, v, Ease::Linear)];
        let rig = Rig::Path {
            frame: Vehicle::Station,
            x_m: still(0.0),
            y_m: still(0.0),
            z_m: still(-50.0),
            aim: Aim::Keyed(vec![turn(0.0, 0.0, -90.0, 0.0, Ease::Linear)]),
        };
        // Pitched 90 deg down: at the nadir, the Earth's centre (the station sits on +x).
        let pose = shot(rig).pose(&shown, ROLES).unwrap();
        assert!((pose.forward + Vector3d::x()).norm() < 1e-9, "{:?}", pose.forward);
        assert!(pose.forward.dot(&pose.up).abs() < 1e-12);
    }

    #[test]
    fn a_body_fixed_rig_turns_with_its_vehicle() {
        let rig = Rig::BodyFixed {
            on: Vehicle::Station,
            eye_m: (3.0, 0.0, -1.5),
            look: (1.0, 0.0, 0.0),
            up: (0.0, 0.0, -1.0),
        };
        let quarter = UnitQuaternion::from_axis_angle(&Vector3d::z_axis(), std::f64::consts::FRAC_PI_2);
        let pose = shot(rig).pose(&snapshot(quarter), ROLES).unwrap();
        // Body x turned onto inertial y: the eye 3 m along y, looking along y, up along -z.
        assert!((pose.eye_m - Vector3d::new(6.8e6, 3.0, -1.5)).norm() < 1e-6, "{:?}", pose.eye_m);
        assert!((pose.forward - Vector3d::y()).norm() < 1e-9 && (pose.up + Vector3d::z()).norm() < 1e-9);
    }

    #[test]
    fn a_ground_camera_turns_with_the_earth_and_tracks_its_vehicle() {
        let rig = Rig::Ground { latitude_deg: 0.0, longitude_deg: 0.0, height_m: 0.0, at: Vehicle::Station };
        let shown = snapshot(UnitQuaternion::identity());
        let pose = shot(rig).pose(&shown, ROLES).unwrap();
        assert!((pose.eye_m.norm() - crate::core::earth::EQUATORIAL_RADIUS_M).abs() < 1e-3);
        assert!((pose.eye_m.y.atan2(pose.eye_m.x) - shown.gmst_rad()).abs() < 1e-9, "at Greenwich's longitude");
        let to_vehicle = (position_m(&shown.state(0)) - pose.eye_m).normalize();
        assert!((pose.forward - to_vehicle).norm() < 1e-12);
        // A role the mission lacks gives no pose.
        let rig = Rig::LookAt { from: Vehicle::Spacecraft, offset_lvlh_m: (0.0, 0.0, 0.0), at: Vehicle::Station };
        assert_eq!(shot(rig).pose(&shown, ROLES), None);
    }
}
