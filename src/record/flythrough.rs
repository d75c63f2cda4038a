//! `ms19 record`: a flythrough script rendered offline, frame by frame, to PNG files, a pose CSV
//! and optionally an MP4, reproducibly. No window: the camera draws into an image, and this
//! module pumps the app's updates itself (after Bevy's `externally_driven_headless_renderer`
//! example), setting each frame's mission instant and shot before the update that draws it.
//!
//! Identical frames from run to run: the sim is paused and every picture is a jump to its
//! instant (the same integration from the same checkpoints), the app's clock is manual,
//! pipelines compile before they are used, textures are loaded before the first frame, and
//! nothing drawn is temporal.

use super::{SETTLE_FRAMES, ready_to_capture};
use crate::camera::{CameraPlugin, CameraRig, Focus};
use crate::film::flythrough::{Frame, Script, timecode};
use crate::film::shots::CameraPose;
use crate::scenario::LoadedScenario;
use crate::scene::ScenePlugin;
use crate::scene::textures::PendingMipmaps;
use crate::sim::{Presentation, SimPlugin, TimeCommand};
use bevy::asset::RenderAssetUsages;
use bevy::camera::RenderTarget;
use bevy::prelude::*;
use bevy::render::pipelined_rendering::PipelinedRenderingPlugin;
use bevy::render::render_resource::{Extent3d, PollType, TextureDimension, TextureFormat, TextureUsages};
use bevy::render::renderer::RenderDevice;
use bevy::render::view::screenshot::{Screenshot, ScreenshotCaptured};
use bevy::time::TimeUpdateStrategy;
use bevy::window::ExitCondition;
use bevy::winit::WinitPlugin;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::time::{Duration, Instant};

#[derive(Clone, Debug)]
pub struct RecordOptions {
    pub script: Script,
    pub out_dir: PathBuf,
    pub size: (u32, u32),
    pub fps: u32,
    /// Only the frames whose mission instant lies in this span (the script's numbering kept).
    pub from_met_s: Option<f64>,
    pub to_met_s: Option<f64>,
    /// Only frames numbered in `start..end`.
    pub frames: Option<(u64, u64)>,
    pub video: Option<PathBuf>,
}

#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    /// Found before anything is rendered: the request cannot be met as given.
    #[error("{0}")]
    BadInput(String),
    #[error("{}: {message}; {}", path.display(), written_text(*written))]
    Write { path: PathBuf, message: String, written: Option<(u64, u64)> },
    #[error("ffmpeg failed writing {}: {message}", path.display())]
    Ffmpeg { path: PathBuf, message: String },
    #[error("rendering failed: {0}")]
    Render(String),
}

/// What is on disk when a recording stops half-way.
fn written_text(written: Option<(u64, u64)>) -> String {
    match written {
        Some((first, last)) => format!("frames {first} to {last} were written and are kept"),
        None => "no frame was written".into(),
    }
}

/// What a recording made.
#[derive(Clone, Debug)]
pub struct Recorded {
    pub frames: u64,
    pub poses_csv: PathBuf,
    /// Loading the textures and compiling the pipelines, before the first frame.
    pub warm_up: Duration,
}

/// The longest the renderer may take to load its textures and compile before the first frame.
const WARM_UP_TIMEOUT: Duration = Duration::from_secs(300);
/// Updates a captured picture may take to come back from the GPU before it counts as lost.
const MAX_CAPTURE_LAG_UPDATES: u32 = 8;

/// The image the camera draws into.
#[derive(Resource, Clone)]
struct Target(Handle<Image>);

/// Pictures back from the GPU, by the number of the update that drew them.
#[derive(Resource, Default)]
struct Captured(BTreeMap<u64, Vec<u8>>);

/// The frames to render, after every check that can fail before rendering: frames in the
/// spans asked for, the shots' vehicles in the mission, no instant before the scenario starts,
/// an output folder that takes files, and for a video an even size and an ffmpeg that runs.
pub fn prepare(scenario: &LoadedScenario, options: &RecordOptions) -> Result<Vec<Frame>, RecordError> {
    let bad = |message: String| Err(RecordError::BadInput(message));
    let frames: Vec<Frame> = options
        .script
        .frames(options.fps)
        .filter(|f| {
            let met_s = f.primary().met_s;
            options.from_met_s.is_none_or(|from| met_s >= from)
                && options.to_met_s.is_none_or(|to| met_s <= to)
                && options.frames.is_none_or(|(start, end)| (start..end).contains(&f.number))
        })
        .collect();
    if frames.is_empty() {
        return bad("no frame of the script lies in the --from/--to/--frames span given".into());
    }
    let mission = scenario.mission();
    let roles = crate::film::shots::Roles::of_mission(&mission);
    for segment in &options.script.segments {
        if let Some(vehicle) = segment.shot.vehicles().into_iter().find(|v| roles.of(v).is_none()) {
            return bad(format!("shot `{}` names the {vehicle:?}, which the scenario lacks", segment.shot.name));
        }
    }
    let earliest = frames.iter().flat_map(|f| f.layers.iter().map(|l| l.met_s)).fold(f64::INFINITY, f64::min);
    if earliest < mission.start_met_s {
        return bad(format!(
            "the script shows {} but the scenario starts at {}",
            crate::core::time::Met(earliest),
            crate::core::time::Met(mission.start_met_s)
        ));
    }
    let probe = options.out_dir.join(".ms19-record-probe");
    if let Err(e) = std::fs::create_dir_all(&options.out_dir).and_then(|()| std::fs::write(&probe, b"")) {
        return bad(format!("cannot write into {}: {e}", options.out_dir.display()));
    }
    let _ = std::fs::remove_file(&probe);
    if options.video.is_some() {
        let (width, height) = options.size;
        if width % 2 == 1 || height % 2 == 1 {
            return bad(format!("a video needs an even width and height (yuv420p), not {width}x{height}"));
        }
        let runs = Command::new("ffmpeg").arg("-version").stdout(Stdio::null()).stderr(Stdio::null()).status();
        if !runs.is_ok_and(|s| s.success()) {
            return bad("--video needs ffmpeg: install it (Debian package `ffmpeg`), or record frames only".into());
        }
    }
    Ok(frames)
}

/// Renders `frames` (from [`prepare`]) of `options.script` of `scenario` and writes them,
/// `poses.csv` and the video.
pub fn record(
    scenario: &LoadedScenario,
    options: &RecordOptions,
    frames: &[Frame],
    adapter: &wgpu::AdapterInfo,
    mut progress: impl FnMut(u64, u64),
) -> Result<Recorded, RecordError> {
    let Some(first) = frames.first().map(Frame::primary) else { return Err(RecordError::BadInput("no frames".into())) };
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |e: std::io::Error| RecordError::Write { path, message: e.to_string(), written: None }
    };
    let video = match &options.video {
        Some(path) => Some(Video::start(path, options.size, options.fps)?),
        None => None,
    };
    let poses_csv = options.out_dir.join("poses.csv");
    let mut poses = std::io::BufWriter::new(std::fs::File::create(&poses_csv).map_err(io(&poses_csv))?);

    let first_shot = options.script.segments[first.segment].shot.clone();
    let started = Instant::now();
    let mut app = recorder_app(scenario, options, adapter, first.met_s, first_shot);
    warm_up(&mut app)?;
    let warm_up = started.elapsed();
    // The scenario's own bodies, not the pieces the launcher drops later.
    let initial = app.world().resource::<crate::sim::Checkpoints>().initial();
    let vehicles: Vec<(usize, String)> =
        initial.bodies.iter().enumerate().map(|(i, body)| (i, column_name(&body.name))).collect();
    writeln!(poses, "{}", csv_header(&vehicles)).map_err(io(&poses_csv))?;

    // Frames are drawn one update after another; a picture comes back from the GPU during the
    // next frame's update, and is composited and written on the writer's thread meanwhile.
    let mut writer = Writer::start(options, poses, video);
    let total = frames.len() as u64;
    let mut update: u64 = 0;
    let mut drawn: std::collections::VecDeque<Drawn> = std::collections::VecDeque::new();
    for frame in frames {
        let mut layers = Vec::with_capacity(frame.layers.len());
        let mut pose_row = String::new();
        for (k, layer) in frame.layers.iter().enumerate() {
            let shot = options.script.segments[layer.segment].shot.clone();
            let world = app.world_mut();
            world.write_message(TimeCommand::JumpToMet(layer.met_s));
            world.resource_mut::<CameraRig>().cut_to(shot);
            let target = world.resource::<Target>().0.clone();
            let drawn_in = update;
            world.spawn(Screenshot::image(target)).observe(
                move |captured: On<ScreenshotCaptured>, mut store: ResMut<Captured>| {
                    store.0.insert(drawn_in, captured.image.data.clone().unwrap_or_default());
                },
            );
            step(&mut app, &mut update)?;
            if k == 0 {
                pose_row = pose_row_of(&app, frame, options, &vehicles);
            }
            layers.push((drawn_in, layer.weight));
        }
        drawn.push_back(Drawn { number: frame.number, pose_row, layers });
        hand_over(&mut app, &mut drawn, &mut writer, false, &mut update)?;
        progress(writer.sent, total);
    }
    hand_over(&mut app, &mut drawn, &mut writer, true, &mut update)?;
    progress(total, total);
    writer.finish()?;
    Ok(Recorded { frames: total, poses_csv, warm_up })
}

/// A frame drawn whose pictures may not be back yet.
struct Drawn {
    number: u64,
    pose_row: String,
    /// The update each layer was drawn in, and its weight.
    layers: Vec<(u64, f64)>,
}

/// Hands the writer each drawn frame, in order, whose pictures are back; with `all`, updates
/// until every one is.
fn hand_over(
    app: &mut App,
    drawn: &mut std::collections::VecDeque<Drawn>,
    writer: &mut Writer,
    all: bool,
    update: &mut u64,
) -> Result<(), RecordError> {
    while let Some(next) = drawn.front() {
        let back = {
            let captured = &app.world().resource::<Captured>().0;
            next.layers.iter().all(|(drawn_in, _)| captured.contains_key(drawn_in))
        };
        if !back {
            if !all {
                return Ok(());
            }
            let waiting_for = next.layers.iter().map(|(drawn_in, _)| *drawn_in).max().unwrap_or(0);
            if *update > waiting_for + u64::from(MAX_CAPTURE_LAG_UPDATES) {
                return Err(RecordError::Render(format!(
                    "the picture of update {waiting_for} never came back from the GPU"
                )));
            }
            step(app, update)?;
            continue;
        }
        let frame = drawn.pop_front().expect("looked at");
        let mut captured = app.world_mut().resource_mut::<Captured>();
        let layers =
            frame.layers.iter().map(|(drawn_in, weight)| (captured.0.remove(drawn_in).unwrap_or_default(), *weight));
        writer.send(Composite { number: frame.number, pose_row: frame.pose_row, layers: layers.collect() })?;
    }
    Ok(())
}

/// A frame's pictures and pose row, for the writer.
struct Composite {
    number: u64,
    pose_row: String,
    layers: Vec<(Vec<u8>, f64)>,
}

/// The thread that composites each frame, writes its PNG and pose row, and feeds the video,
/// while the next frames render. A bounded queue keeps at most a few frames in memory.
struct Writer {
    queue: Option<std::sync::mpsc::SyncSender<Composite>>,
    thread: Option<std::thread::JoinHandle<Result<(), RecordError>>>,
    /// Frames handed over so far.
    sent: u64,
}

/// Frames that may wait for the writer.
const WRITER_QUEUE_FRAMES: usize = 2;

impl Writer {
    fn start(options: &RecordOptions, mut poses: std::io::BufWriter<std::fs::File>, mut video: Option<Video>) -> Self {
        let (queue, frames) = std::sync::mpsc::sync_channel::<Composite>(WRITER_QUEUE_FRAMES);
        let (out_dir, (width, height)) = (options.out_dir.clone(), options.size);
        let poses_csv = out_dir.join("poses.csv");
        let thread =
            std::thread::spawn(move || {
                let mut written: Option<(u64, u64)> = None;
                for frame in frames {
                    let rgb = composite(&frame.layers, width, height)?;
                    let png = out_dir.join(format!("frame_{:06}.png", frame.number));
                    image::save_buffer(&png, &rgb, width, height, image::ExtendedColorType::Rgb8)
                        .map_err(|e| RecordError::Write { path: png.clone(), message: e.to_string(), written })?;
                    writeln!(poses, "{}", frame.pose_row)
                        .and_then(|()| poses.flush())
                        .map_err(|e| RecordError::Write { path: poses_csv.clone(), message: e.to_string(), written })?;
                    written = Some((written.map_or(frame.number, |(first, _)| first), frame.number));
                    if let Some(video) = video.as_mut() {
                        video.write(&rgb)?;
                    }
                }
                video.map_or(Ok(()), Video::finish)
            });
        Self { queue: Some(queue), thread: Some(thread), sent: 0 }
    }

    /// Queues a frame. The writer stops only on an error, which this returns.
    fn send(&mut self, frame: Composite) -> Result<(), RecordError> {
        match self.queue.as_ref().map(|queue| queue.send(frame)) {
            Some(Ok(())) => {
                self.sent += 1;
                Ok(())
            }
            _ => self.finish().and(Err(RecordError::Render("the writer stopped".into()))),
        }
    }

    /// Waits for the writer to finish the frames queued, and says how it ended.
    fn finish(&mut self) -> Result<(), RecordError> {
        drop(self.queue.take());
        match self.thread.take().map(std::thread::JoinHandle::join) {
            Some(Ok(ended)) => ended,
            Some(Err(_)) => Err(RecordError::Render("the writer panicked".into())),
            None => Ok(()),
        }
    }
}

/// The viewer's sim, camera and scene without a window or panel, drawing into an image.
fn recorder_app(
    scenario: &LoadedScenario,
    options: &RecordOptions,
    adapter: &wgpu::AdapterInfo,
    start_met_s: f64,
    first_shot: crate::film::shots::Shot,
) -> App {
    let mut app = App::new();
    app.add_plugins(
        // Bevy expects the window plugin; it opens none and never exits on its own.
        crate::app::render_plugins(
            WindowPlugin { primary_window: None, exit_condition: ExitCondition::DontExit, ..default() },
            true,
        )
        // We own the update loop, and each update draws its own frame.
        .disable::<WinitPlugin>()
        .disable::<PipelinedRenderingPlugin>(),
    )
    .insert_resource(TimeUpdateStrategy::ManualDuration(Duration::from_secs_f64(1.0 / f64::from(options.fps))))
    .init_resource::<Captured>()
    .add_plugins((
        SimPlugin {
            mission: scenario.mission(),
            max_steps_per_frame: scenario.scenario.physics.max_steps_per_frame,
            start_at_met_s: Some(start_met_s),
            start_paused: true,
        },
        CameraPlugin { focus: Focus::Earth, distance_m: None, shot: Some(first_shot) },
        ScenePlugin { software_renderer: adapter.device_type == wgpu::DeviceType::Cpu },
    ));
    let target = render_target(&mut app, options.size);
    app.insert_resource(Target(target)).add_systems(PostStartup, draw_into_the_target);
    app.finish();
    app.cleanup();
    app
}

fn render_target(app: &mut App, (width, height): (u32, u32)) -> Handle<Image> {
    let mut image = Image::new_uninit(
        Extent3d { width, height, depth_or_array_layers: 1 },
        TextureDimension::D2,
        TextureFormat::Rgba8UnormSrgb,
        RenderAssetUsages::RENDER_WORLD,
    );
    image.texture_descriptor.usage |= TextureUsages::RENDER_ATTACHMENT | TextureUsages::COPY_SRC;
    app.world_mut().resource_mut::<Assets<Image>>().add(image)
}

fn draw_into_the_target(mut commands: Commands, target: Res<Target>, cameras: Query<Entity, With<Camera3d>>) {
    for camera in &cameras {
        commands.entity(camera).insert(RenderTarget::Image(target.0.clone().into()));
    }
}

/// One update, then waits for the GPU to finish it.
fn step(app: &mut App, update: &mut u64) -> Result<(), RecordError> {
    app.update();
    *update += 1;
    app.world()
        .resource::<RenderDevice>()
        .wgpu_device()
        .poll(PollType::Wait { submission_index: None, timeout: None })
        .map_err(|e| RecordError::Render(e.to_string()))?;
    Ok(())
}

/// Updates until the textures are loaded and mipmapped and the pipelines have settled.
fn warm_up(app: &mut App) -> Result<(), RecordError> {
    let started = Instant::now();
    let (mut update, mut ready) = (0, 0);
    while ready < SETTLE_FRAMES {
        step(app, &mut update)?;
        let world = app.world();
        match ready_to_capture(world.resource::<PendingMipmaps>(), world.resource::<AssetServer>()) {
            Err(message) => return Err(RecordError::Render(message)),
            Ok(true) => ready += 1,
            Ok(false) if started.elapsed() > WARM_UP_TIMEOUT => {
                return Err(RecordError::Render(format!("textures not loaded after {WARM_UP_TIMEOUT:?}")));
            }
            Ok(false) => {}
        }
    }
    Ok(())
}

/// The layers' RGBA pictures mixed by weight into one RGB frame (a dissolve in display
/// values, as editing software does it).
fn composite(layers: &[(Vec<u8>, f64)], width: u32, height: u32) -> Result<Vec<u8>, RecordError> {
    let pixels = (width * height) as usize;
    if let Some((rgba, _)) = layers.iter().find(|(rgba, _)| rgba.len() != pixels * 4) {
        return Err(RecordError::Render(format!("a picture of {} bytes, not {width}x{height} RGBA", rgba.len())));
    }
    let mut rgb = vec![0u8; pixels * 3];
    for (p, out) in rgb.chunks_exact_mut(3).enumerate() {
        for (c, value) in out.iter_mut().enumerate() {
            let mixed: f64 = layers.iter().map(|(rgba, w)| f64::from(rgba[p * 4 + c]) * w).sum();
            *value = mixed.round().clamp(0.0, 255.0) as u8;
        }
    }
    Ok(rgb)
}

/// A body's name as a CSV column prefix: `Soyuz MS-19` -> `soyuz_ms_19`.
fn column_name(name: &str) -> String {
    let words: Vec<String> =
        name.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect();
    words.join("_")
}

fn csv_header(vehicles: &[(usize, String)]) -> String {
    let mut header = String::from(
        "frame,timecode,video_s,met_s,utc,shot,weight,\
         camera_x_m,camera_y_m,camera_z_m,camera_qw,camera_qx,camera_qy,camera_qz,fov_deg",
    );
    for (_, name) in vehicles {
        for column in ["x_m", "y_m", "z_m", "qw", "qx", "qy", "qz"] {
            header.push_str(&format!(",{name}_{column}"));
        }
    }
    header
}

/// The frame's row: its time, its shot and the camera and vehicles as just drawn (TEME of date;
/// positions in metres from the Earth's centre, attitudes body-to-TEME).
fn pose_row_of(app: &App, frame: &Frame, options: &RecordOptions, vehicles: &[(usize, String)]) -> String {
    let world = app.world();
    let (rig, shown) = (world.resource::<CameraRig>(), &world.resource::<Presentation>().now);
    let camera = CameraPose { eye_m: rig.eye_m, forward: rig.forward, up: rig.up, fov_deg: rig.fov_deg };
    let layer = frame.primary();
    let shot = &options.script.segments[layer.segment].shot.name;
    let q = camera.camera_to_inertial();
    let mut row = format!(
        "{},{},{:.6},{:.6},{},{shot},{:.6},{:.4},{:.4},{:.4},{:.9},{:.9},{:.9},{:.9},{:.6}",
        frame.number,
        timecode(frame.number, options.fps),
        frame.video_s,
        shown.met_s,
        shown.utc(),
        layer.weight,
        camera.eye_m.x,
        camera.eye_m.y,
        camera.eye_m.z,
        q.w,
        q.i,
        q.j,
        q.k,
        camera.fov_deg,
    );
    for &(index, _) in vehicles {
        match (shown.states.get(index), shown.attitudes.get(index)) {
            (Some(state), Some(attitude)) => {
                let q = attitude.body_to_inertial;
                row.push_str(&format!(
                    ",{:.4},{:.4},{:.4},{:.9},{:.9},{:.9},{:.9}",
                    state[0], state[1], state[2], q.w, q.i, q.j, q.k
                ));
            }
            _ => row.push_str(",,,,,,,"),
        }
    }
    row
}

/// An ffmpeg child encoding RGB frames from its standard input to H.264 in yuv420p, converted
/// with the BT.709 matrix and tagged so (tags alone would shift the colours), bit-exact for the
/// same frames (no version or encoder tags, one thread). Its messages are drained by a thread:
/// a full stderr pipe would block it.
struct Video {
    path: PathBuf,
    child: Child,
    stdin: Option<ChildStdin>,
    messages: std::thread::JoinHandle<String>,
}

impl Video {
    fn start(path: &Path, (width, height): (u32, u32), fps: u32) -> Result<Self, RecordError> {
        // `file:` keeps a name with a colon (a timecode) from being read as a protocol.
        let out = format!("file:{}", path.display());
        let mut child = Command::new("ffmpeg")
            .args(["-hide_banner", "-loglevel", "error", "-y", "-f", "rawvideo", "-pix_fmt", "rgb24"])
            .args(["-video_size", &format!("{width}x{height}"), "-framerate", &fps.to_string(), "-i", "pipe:0"])
            .args(["-vf", "scale=out_color_matrix=bt709:out_range=tv:flags=bicubic+accurate_rnd+full_chroma_int"])
            .args(["-colorspace", "bt709", "-color_primaries", "bt709", "-color_trc", "bt709", "-color_range", "tv"])
            .args(["-c:v", "libx264", "-preset", "medium", "-crf", "18", "-pix_fmt", "yuv420p"])
            .args(["-threads", "1", "-fflags", "+bitexact", "-flags:v", "+bitexact", "-map_metadata", "-1"])
            .args(["-movflags", "+faststart", &out])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| RecordError::Ffmpeg { path: path.to_path_buf(), message: e.to_string() })?;
        let stdin = child.stdin.take();
        let mut stderr = child.stderr.take().expect("piped");
        let messages = std::thread::spawn(move || {
            let mut text = String::new();
            let _ = std::io::Read::read_to_string(&mut stderr, &mut text);
            text
        });
        Ok(Self { path: path.to_path_buf(), child, stdin, messages })
    }

    fn write(&mut self, rgb: &[u8]) -> Result<(), RecordError> {
        let stdin = self.stdin.as_mut().expect("open until finish");
        stdin.write_all(rgb).map_err(|e| RecordError::Ffmpeg { path: self.path.clone(), message: e.to_string() })
    }

    fn finish(mut self) -> Result<(), RecordError> {
        drop(self.stdin.take());
        let status =
            self.child.wait().map_err(|e| RecordError::Ffmpeg { path: self.path.clone(), message: e.to_string() })?;
        let messages = self.messages.join().unwrap_or_default();
        if status.success() {
            Ok(())
        } else {
            Err(RecordError::Ffmpeg { path: self.path, message: format!("{status}: {}", messages.trim()) })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dissolve_mixes_by_weight_and_a_cut_copies() {
        let a = vec![200u8, 100, 0, 255];
        let b = vec![0u8, 100, 255, 255];
        assert_eq!(composite(&[(a.clone(), 1.0)], 1, 1).unwrap(), vec![200, 100, 0]);
        assert_eq!(composite(&[(a.clone(), 0.25), (b.clone(), 0.75)], 1, 1).unwrap(), vec![50, 100, 191]);
        // Fading in from black: a weight below one darkens.
        assert_eq!(composite(&[(a, 0.5)], 1, 1).unwrap(), vec![100, 50, 0]);
        assert!(composite(&[(b, 1.0)], 2, 1).is_err());
    }

    #[test]
    fn column_names_are_snake_case() {
        assert_eq!(column_name("Soyuz MS-19"), "soyuz_ms_19");
        assert_eq!(column_name("ISS (ZARYA)"), "iss_zarya");
    }
}
