#![forbid(unsafe_code)]

use clap::{Parser, Subcommand};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use ms19::app::gpu_adapter;
use ms19::cli::{GameStart, parse_frame_range, parse_size, parse_start, parse_warp};
use ms19::core::control::rate_hold::HandMode;
use ms19::core::time::parse_met_s;
use ms19::overlays::Overlays;
use ms19::record::flythrough::{self, RecordOptions};
use ms19::scenario::LoadedScenario;
use ms19::simulate;
use ms19::view::{FocusOn, ViewOptions, check_display_and_gpu, viewer_app};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

const DEFAULT_SCENARIO: &str = "config/ms19.ron";
const DEFAULT_SHOTS: &str = "config/shots.ron";

/// Soyuz MS-19 (2021-10-05) re-enacted: physics, telemetry and views of the flight.
#[derive(Parser)]
#[command(version, about)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

/// A teaching aid of `ms19 view --overlay`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum Overlay {
    Orbits,
    Tracks,
    Labels,
}

#[derive(Subcommand)]
enum Command {
    /// Open the 3D viewer (the default with no command).
    View {
        #[arg(long, default_value = DEFAULT_SCENARIO)]
        scenario: PathBuf,
        /// Mission elapsed time to open at, [-]HH:MM:SS.
        #[arg(long, value_parser = parse_met_s, allow_hyphen_values = true)]
        at: Option<f64>,
        /// What the orbit camera circles: `earth`, or a vehicle's key (`iss`, `soyuz`,
        /// `soyuz-ms18`, ...; a piece the launcher drops too, `booster-1`, once dropped).
        #[arg(long, default_value = "earth")]
        focus: String,
        /// Orbit-camera distance from the focus, metres (from the Earth's centre for earth).
        #[arg(long)]
        camera_distance: Option<f64>,
        /// Write one frame to this PNG and exit.
        #[arg(long)]
        screenshot: Option<PathBuf>,
        /// Window size, WIDTHxHEIGHT.
        #[arg(long, default_value = "1600x900", value_parser = parse_size)]
        size: (u32, u32),
        /// Draw no panel (clean frames).
        #[arg(long)]
        hide_ui: bool,
        /// Measure this many frames, then print the frame time, peak resident memory and how
        /// much memory grew (in all and per frame), and exit.
        #[arg(long)]
        measure_frames: Option<u32>,
        /// Open at this time warp, 1 to 100000 (the panel's slider).
        #[arg(long, value_parser = parse_warp)]
        warp: Option<f64>,
        /// Open on this named shot of the shot list: at its start (or at `--at`), its camera.
        #[arg(long)]
        shot: Option<String>,
        /// The shot list.
        #[arg(long, default_value = DEFAULT_SHOTS)]
        shots: PathBuf,
        /// Teaching aids to open with (keys O, B, L toggle them): `orbits`, `tracks`,
        /// `labels`; repeat or separate with commas.
        #[arg(long, value_enum, value_delimiter = ',')]
        overlay: Vec<Overlay>,
        /// With --measure-frames: leave these out of the frame, to see where its time goes
        /// (`earth`, `shell`, `stars`, `vehicles`, `shadows`, `msaa`; commas or repeats).
        #[arg(long, value_enum, value_delimiter = ',')]
        without: Vec<ms19::record::Layer>,
    },
    /// Render a flythrough script offline: PNG frames, a CSV of the camera's and vehicles' poses
    /// per frame with timecode, and optionally an MP4. No display needed.
    Record(RecordArgs),
    /// Fly the docking after the Kurs fault with the pilot model and write its inputs as the
    /// replay the scenario flies (regenerate it after changing the station or the Soyuz).
    Pilot {
        #[arg(long, default_value = DEFAULT_SCENARIO)]
        scenario: PathBuf,
        /// The replay to write.
        #[arg(long)]
        out: PathBuf,
        /// Give up at this mission time, [-]HH:MM:SS.
        #[arg(long, default_value = "03:45:00", value_parser = parse_met_s, allow_hyphen_values = true)]
        until: f64,
    },
    /// The docking game: fly Soyuz MS-19 by hand from the Kurs stop to Rassvet, through its
    /// periscope, chase and side views (keys: docs/docking-game.md, or the HUD's list). With `--headless`,
    /// fly `--replay` without a window or GPU and print one outcome line: exit 0 docked, 1
    /// failed, 2 a bad replay or scenario.
    Dock(DockArgs),
    /// Print where everything is at each event of the timeline.
    Summary {
        #[arg(long, default_value = DEFAULT_SCENARIO)]
        scenario: PathBuf,
    },
    /// Run the mission without a window and write telemetry as CSV.
    Simulate {
        #[arg(long, default_value = DEFAULT_SCENARIO)]
        scenario: PathBuf,
        /// Mission elapsed time to stop at, [-]HH:MM:SS.
        #[arg(long, default_value = "03:30:00", value_parser = parse_met_s, allow_hyphen_values = true)]
        until: f64,
        /// Seconds between samples, any positive interval (0.04 for 25 frames a second); samples
        /// between physics steps are interpolated.
        #[arg(long, default_value_t = 10.0)]
        every: f64,
        /// CSV file to write.
        #[arg(long, default_value = "telemetry.csv")]
        out: PathBuf,
        /// Also write the events that happened (and the planned ones still ahead) as CSV.
        #[arg(long)]
        events: Option<PathBuf>,
        /// Also draw the ascent (altitude, speed, sensed acceleration against time, events
        /// marked) into this PNG.
        #[arg(long)]
        plot: Option<PathBuf>,
    },
}

#[derive(clap::Args)]
struct DockArgs {
    #[arg(long, default_value = DEFAULT_SCENARIO)]
    scenario: PathBuf,
    /// Fly (or with a window, watch) these inputs instead of playing (config/replays/*.ron).
    #[arg(long)]
    replay: Option<PathBuf>,
    /// No window: fly `--replay` and print the outcome.
    #[arg(long, requires = "replay")]
    headless: bool,
    /// With `--headless`: write the flight by hand to this CSV, a row per 0.1 s substep (the
    /// ship's state and attitude, the controllers, the HUD's cues, the propellant).
    #[arg(long, requires = "headless")]
    telemetry: Option<PathBuf>,
    /// Write the player's inputs to this replay when the game ends, and beside it the flight by
    /// hand as `--telemetry` writes it (the name's extension made `.telemetry.csv`).
    #[arg(long, conflicts_with = "replay")]
    record_inputs: Option<PathBuf>,
    /// Where the game starts: `flown`, at the flown takeover 40 m out; `kurs`, earlier, at
    /// station-keeping 180 m out, to watch the automatic approach stop and take over then;
    /// or METRES out on the port's axis with a small error drawn from `--seed`.
    #[arg(long, default_value = "flown", value_parser = parse_start)]
    start: GameStart,
    /// The error of a `--start METRES`.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Fire the thrusters as the controllers are held, without the manual mode's rate control
    /// and attitude hold (which hold the ship straight while it translates).
    #[arg(long, conflicts_with = "replay")]
    direct: bool,
    /// Give up at this mission time, [-]HH:MM:SS (headless).
    #[arg(long, default_value = "04:30:00", value_parser = parse_met_s, allow_hyphen_values = true)]
    until: f64,
    /// Window size, WIDTHxHEIGHT.
    #[arg(long, default_value = "1280x720", value_parser = parse_size)]
    size: (u32, u32),
    /// Write one frame to this PNG and exit (a look at the periscope and the HUD).
    #[arg(long)]
    screenshot: Option<PathBuf>,
    /// The shot list with the game's views (`periscope`, `dock-chase`, `dock-side`).
    #[arg(long, default_value = DEFAULT_SHOTS)]
    shots: PathBuf,
}

#[derive(clap::Args)]
// A later flag wins, so a wrapper script's defaults can be overridden.
#[command(args_override_self = true)]
struct RecordArgs {
    #[arg(long, default_value = DEFAULT_SCENARIO)]
    scenario: PathBuf,
    /// The script: shots in order, each with its span, rate and transition.
    #[arg(long)]
    script: PathBuf,
    /// The shot list the script's shots come from.
    #[arg(long, default_value = DEFAULT_SHOTS)]
    shots: PathBuf,
    /// Folder for the frames (frame_000000.png, ...) and poses.csv.
    #[arg(long)]
    out: PathBuf,
    /// Frame size, WIDTHxHEIGHT.
    #[arg(long, default_value = "1920x1080", value_parser = parse_size)]
    size: (u32, u32),
    /// Frames a second (24, 25, 30, 60, ...).
    #[arg(long, default_value_t = 25, value_parser = clap::value_parser!(u32).range(1..=240))]
    fps: u32,
    /// Only frames at or after this mission time, [-]HH:MM:SS.
    #[arg(long, value_parser = parse_met_s, allow_hyphen_values = true)]
    from: Option<f64>,
    /// Only frames at or before this mission time, [-]HH:MM:SS.
    #[arg(long, value_parser = parse_met_s, allow_hyphen_values = true)]
    to: Option<f64>,
    /// Only frames numbered START to END-1 (the script's numbering): one piece of a long film
    /// for a job runner; each piece is byte-identical to the same frames of a whole render.
    #[arg(long, value_parser = parse_frame_range)]
    frames: Option<(u64, u64)>,
    /// Also encode the frames to this MP4 (H.264, with ffmpeg).
    #[arg(long)]
    video: Option<PathBuf>,
}

/// Exit status for a scenario or argument the run cannot use.
const EXIT_BAD_INPUT: u8 = 2;
/// Exit status when there is no display or no GPU adapter to draw with.
const EXIT_NO_DISPLAY_OR_GPU: u8 = 3;

fn view(scenario: &Path, options: ViewOptions) -> Result<(), ExitCode> {
    let loaded = load(scenario)?;
    let adapter = check_display_and_gpu().map_err(|message| {
        eprintln!("error: {message}");
        ExitCode::from(EXIT_NO_DISPLAY_OR_GPU)
    })?;
    eprintln!("rendering with {} ({:?}, {:?})", adapter.name, adapter.device_type, adapter.backend);
    // The flight to the first frame's instant is the wait before the window: say so.
    let started = std::time::Instant::now();
    if let Some(met_s) = options.at_met_s.filter(|_| options.docking.as_ref().is_none_or(|d| d.flown.is_none())) {
        eprintln!("flying the mission from the scenario's start to {} ...", ms19::core::time::Met(met_s));
    }
    let mut app = viewer_app(&loaded, &options, &adapter).map_err(|message| {
        eprintln!("error: {message}");
        ExitCode::from(EXIT_BAD_INPUT)
    })?;
    eprintln!("ready in {:.2} s; opening the window", started.elapsed().as_secs_f64());
    match app.run() {
        bevy::app::AppExit::Success => Ok(()),
        bevy::app::AppExit::Error(code) => Err(ExitCode::from(code.get())),
    }
}

/// The shot list at `path`. Asked for a shot, a bad list is an error; otherwise the viewer
/// opens without shots and says why.
fn load_shots(path: &Path, needed: bool) -> Result<Vec<ms19::film::shots::Shot>, ExitCode> {
    match ms19::scenario::shots::load(path) {
        Ok(shots) => Ok(shots),
        Err(e) if needed => {
            eprintln!("{:?}", miette::Report::new(e));
            Err(ExitCode::from(EXIT_BAD_INPUT))
        }
        Err(e) => {
            eprintln!("warning: no shots in the panel: {e}");
            Ok(Vec::new())
        }
    }
}

/// The shot `name` of the list read from `path`; a clear error naming the shots there otherwise.
fn find_shot(shots: &[ms19::film::shots::Shot], path: &Path, name: &str) -> Result<ms19::film::shots::Shot, ExitCode> {
    let names: Vec<&str> = shots.iter().map(|s| s.name.as_str()).collect();
    shots.iter().find(|s| s.name == name).cloned().ok_or_else(|| {
        eprintln!("error: no shot `{name}` in {}; there are: {}", path.display(), names.join(", "));
        ExitCode::from(EXIT_BAD_INPUT)
    })
}

fn load(path: &Path) -> Result<LoadedScenario, ExitCode> {
    LoadedScenario::load(path).map_err(|e| {
        eprintln!("{:?}", miette::Report::new(e));
        ExitCode::from(EXIT_BAD_INPUT)
    })
}

fn simulate(
    scenario: &Path,
    until: f64,
    every: f64,
    out: &Path,
    events: Option<&Path>,
    plot: Option<&Path>,
) -> Result<(), ExitCode> {
    let loaded = load(scenario)?;
    let mut mission = loaded.mission();
    let every = simulate::sample_interval_s(every).map_err(|m| {
        eprintln!("error: {m}");
        ExitCode::from(EXIT_BAD_INPUT)
    })?;
    simulate::check_run(&mission, until, every, free_bytes(out)).map_err(|m| {
        eprintln!("error: {m}");
        ExitCode::from(EXIT_BAD_INPUT)
    })?;
    let file = std::fs::File::create(out).map_err(|e| {
        eprintln!("error: cannot write {}: {e}", out.display());
        ExitCode::FAILURE
    })?;
    let started = Instant::now();
    let bar = ProgressBar::with_draw_target(Some(1000), ProgressDrawTarget::hidden());
    bar.set_style(ProgressStyle::with_template("{bar:40} {percent:>3}% {msg}").expect("valid template"));
    let mut writer = std::io::BufWriter::new(file);
    simulate::write_telemetry(&mut mission, until, every, &mut writer, |fraction| {
        if bar.is_hidden() && started.elapsed() > Duration::from_secs(1) {
            bar.set_draw_target(ProgressDrawTarget::stderr());
        }
        bar.set_position((fraction * 1000.0) as u64);
    })
    .map_err(|e| {
        bar.finish_and_clear();
        // A partial CSV must not pass for a whole run.
        let removed = out.is_file() && std::fs::remove_file(out).is_ok();
        eprintln!(
            "error: writing {}: {e}{}",
            out.display(),
            if removed { "; the partial file is removed" } else { "" }
        );
        ExitCode::FAILURE
    })?;
    bar.finish_and_clear();
    if let Some(path) = events {
        let text = simulate::events_csv(&mission);
        std::fs::write(path, text).map_err(|e| {
            eprintln!("error: cannot write {}: {e}", path.display());
            ExitCode::FAILURE
        })?;
        println!("wrote {}", path.display());
    }
    if let Some(path) = plot {
        let title = format!("{}: the ascent", loaded.scenario.name);
        simulate::ascent_plot::AscentRecord::fly(loaded.mission()).draw_png(path, &title).map_err(|e| {
            eprintln!("error: plotting {}: {e}", path.display());
            ExitCode::FAILURE
        })?;
        println!("wrote {}", path.display());
    }
    let peak = ms19::record::memory::Resident::read()
        .map(|r| format!(", peak memory {:.1} MB", r.peak_mb()))
        .unwrap_or_default();
    println!("wrote {} in {:.2} s{peak}", out.display(), started.elapsed().as_secs_f64());
    println!("{}", simulate::summary(&mission));
    Ok(())
}

/// Free bytes on the file system `path` is (or would be) written to; None where it cannot be
/// told (a device, a path not yet there).
fn free_bytes(path: &Path) -> Option<u64> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let stats = rustix::fs::statvfs(dir).ok()?;
    Some(stats.f_bavail.saturating_mul(stats.f_frsize))
}

/// Renders a flythrough script; see [`Command::Record`].
fn record(args: RecordArgs) -> Result<(), ExitCode> {
    let loaded = load(&args.scenario)?;
    let list = load_shots(&args.shots, true)?;
    let script = ms19::scenario::flythrough::load(&args.script, &list).map_err(|e| {
        eprintln!("{:?}", miette::Report::new(e));
        ExitCode::from(EXIT_BAD_INPUT)
    })?;
    let options = RecordOptions {
        script,
        out_dir: args.out,
        size: args.size,
        fps: args.fps,
        from_met_s: args.from,
        to_met_s: args.to,
        frames: args.frames,
        video: args.video,
    };
    let record_error = |e: flythrough::RecordError| {
        eprintln!("error: {e}");
        match e {
            flythrough::RecordError::BadInput(_) => ExitCode::from(EXIT_BAD_INPUT),
            _ => ExitCode::FAILURE,
        }
    };
    let frames = flythrough::prepare(&loaded, &options).map_err(record_error)?;
    let adapter = gpu_adapter().map_err(|message| {
        eprintln!("error: {message}");
        ExitCode::from(EXIT_NO_DISPLAY_OR_GPU)
    })?;
    eprintln!("rendering {} with {} ({:?})", options.script.name, adapter.name, adapter.device_type);
    let started = Instant::now();
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} frames, {per_sec}, {eta} left").expect("valid template"),
    );
    let recorded = flythrough::record(&loaded, &options, &frames, &adapter, |done, total| {
        bar.set_length(total);
        bar.set_position(done);
    })
    .map_err(|e| {
        bar.abandon();
        record_error(e)
    })?;
    bar.finish_and_clear();
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "wrote {} frames to {} and {} in {seconds:.1} s ({:.2} frames a second)",
        recorded.frames,
        options.out_dir.display(),
        recorded.poses_csv.display(),
        recorded.frames as f64 / seconds
    );
    if let Some(video) = &options.video {
        println!("wrote {}", video.display());
    }
    if let Some(resident) = ms19::record::memory::Resident::read() {
        println!("peak resident memory {:.1} MB", resident.peak_mb());
    }
    Ok(())
}

/// Loads a replay; a bad one is exit 2 with its location.
fn load_replay(path: &Path) -> Result<ms19::core::replay::Replay, ExitCode> {
    ms19::scenario::replay::load(path).map_err(|e| {
        eprintln!("{:?}", miette::Report::new(e));
        ExitCode::from(EXIT_BAD_INPUT)
    })
}

/// The docking game in a window: a player on the controllers from the flown takeover, or a
/// replay watched; see [`Command::Dock`].
fn dock_game(args: DockArgs) -> Result<(), ExitCode> {
    let DockArgs { scenario, replay, record_inputs, start, seed, size, screenshot, shots, direct, .. } = args;
    let (scenario, shots) = (scenario.as_path(), shots.as_path());
    let loaded = load(scenario)?;
    let Some(fault) = &loaded.scenario.rendezvous.approach.kurs_fault else {
        eprintln!("error: {} has no Kurs fault, so nobody docks by hand", scenario.display());
        return Err(ExitCode::from(EXIT_BAD_INPUT));
    };
    let (takeover_met_s, flown) = match start {
        GameStart::Flown | GameStart::Distance(_) => {
            (ms19::core::time::parse_met_s(&fault.takeover).expect("validated at load"), None)
        }
        // The player takes the controls the moment the Kurs stops; the flight there is the game's.
        GameStart::Kurs => {
            eprintln!("flying the mission from the scenario's start to where the Kurs stops ...");
            let mut flown = loaded.mission();
            let at = simulate::fly_to_station_keeping(&mut flown).ok_or_else(|| {
                eprintln!("error: the approach in {} never reaches station-keeping", scenario.display());
                ExitCode::from(EXIT_BAD_INPUT)
            })?;
            (at, Some(flown))
        }
    };
    let list = load_shots(shots, true)?;
    let views = ms19::dock::VIEWS.iter().map(|name| find_shot(&list, shots, name)).collect::<Result<Vec<_>, _>>()?;
    let (hands, start) = match replay.as_deref() {
        Some(path) => {
            let replay = load_replay(path)?;
            let start = replay.start;
            (ms19::view::Hands::Replay(std::sync::Arc::new(replay)), start)
        }
        None => {
            let start = match start {
                GameStart::Distance(distance_m) => Some(ms19::core::replay::Start { distance_m, seed }),
                GameStart::Flown | GameStart::Kurs => None,
            };
            let mode = if direct { HandMode::Direct } else { HandMode::Rate };
            (ms19::view::Hands::Player { takeover_met_s, record_inputs, mode }, start)
        }
    };
    view(
        scenario,
        ViewOptions {
            at_met_s: Some(takeover_met_s),
            focus: FocusOn::Spacecraft,
            camera_distance_m: None,
            screenshot,
            size,
            hide_ui: false,
            measure_frames: None,
            warp: None,
            shot: None,
            shots: list,
            docking: Some(ms19::view::Docking { hands, start, views, flown }),
            overlays: Overlays::default(),
            without: Vec::new(),
        },
    )
}

/// Flies a replay from the Kurs stop and prints how it ended; see [`Command::Dock`].
fn dock(scenario: &Path, replay_path: &Path, until: f64, telemetry: Option<&Path>) -> Result<(), ExitCode> {
    let loaded = load(scenario)?;
    let replay = std::sync::Arc::new(load_replay(replay_path)?);
    let Some((mission, outcome)) = simulate::fly_recorded(loaded.mission(), replay, until, telemetry.is_some()) else {
        eprintln!("error: {} has no Kurs fault, so nobody docks by hand", scenario.display());
        return Err(ExitCode::from(EXIT_BAD_INPUT));
    };
    println!("{}", outcome.line(loaded.launch));
    if let (Some(path), Some(craft)) = (telemetry, mission.spacecraft()) {
        match simulate::write_hand_telemetry_file(&mission, craft, path) {
            Ok(rows) => println!("wrote {} ({rows} substeps by hand)", path.display()),
            Err(e) => {
                eprintln!("error: cannot write {}: {e}", path.display());
                return Err(ExitCode::FAILURE);
            }
        }
    }
    match outcome {
        simulate::DockingOutcome::Docked { .. } => Ok(()),
        simulate::DockingOutcome::Failed { .. } => Err(ExitCode::FAILURE),
    }
}

/// Flies the pilot model and writes its replay; exit 1 if it did not dock.
fn pilot(scenario: &Path, out: &Path, until: f64) -> Result<(), ExitCode> {
    let loaded = load(scenario)?;
    let (contact, replay) = simulate::fly_pilot_model(loaded.mission(), until);
    let Some(replay) = replay else {
        eprintln!("error: {} has no Kurs fault, so no pilot flies", scenario.display());
        return Err(ExitCode::from(EXIT_BAD_INPUT));
    };
    std::fs::write(out, replay.to_ron()).map_err(|e| {
        eprintln!("error: cannot write {}: {e}", out.display());
        ExitCode::FAILURE
    })?;
    println!("wrote {} ({} inputs)", out.display(), replay.inputs.len());
    match contact {
        Some(c) => {
            println!(
                "contact at {} ({}), {:.3} m/s, {:.3} m off the axis",
                loaded.launch.plus_seconds(c.met_s),
                ms19::core::time::Met(c.met_s),
                c.closing_mps,
                c.lateral_miss_m
            );
            Ok(())
        }
        None => {
            eprintln!("the pilot model did not dock by {}", ms19::core::time::Met(until));
            Err(ExitCode::FAILURE)
        }
    }
}

/// Fly the scenario through its timeline and print where everything is at each event.
fn summary(scenario: &Path) -> Result<(), ExitCode> {
    let loaded = load(scenario)?;
    let mut mission = loaded.mission();
    let timeline = mission.flown_timeline();
    println!("{}: {}", loaded.scenario.name, scenario.display());
    for event in timeline {
        if event.met_s < mission.met_s() {
            continue;
        }
        mission.run_to_met(event.met_s);
        println!("\n{} — {}", event.name, event.description);
        println!("{}", simulate::summary(&mission));
    }
    Ok(())
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Some(Command::Simulate { scenario, until, every, out, events, plot }) => {
            simulate(&scenario, until, every, &out, events.as_deref(), plot.as_deref())
        }
        Some(Command::Summary { scenario }) => summary(&scenario),
        Some(Command::Record(args)) => record(args),
        Some(Command::Pilot { scenario, out, until }) => pilot(&scenario, &out, until),
        Some(Command::Dock(args)) => match (args.headless, &args.replay) {
            (true, Some(replay)) => dock(&args.scenario, replay, args.until, args.telemetry.as_deref()),
            _ => dock_game(args),
        },
        Some(Command::View {
            scenario,
            at,
            focus,
            camera_distance,
            screenshot,
            size,
            hide_ui,
            measure_frames,
            warp,
            shot,
            shots,
            overlay,
            without,
        }) => load_shots(&shots, shot.is_some()).and_then(|list| {
            let shot = match shot {
                Some(name) => Some(find_shot(&list, &shots, &name)?),
                None => None,
            };
            view(
                &scenario,
                ViewOptions {
                    at_met_s: at.or(shot.as_ref().map(|s| s.from_met_s)),
                    focus: FocusOn::Key(focus),
                    camera_distance_m: camera_distance,
                    screenshot,
                    size,
                    hide_ui,
                    measure_frames,
                    warp,
                    shot,
                    shots: list,
                    docking: None,
                    overlays: Overlays {
                        orbits: overlay.contains(&Overlay::Orbits),
                        ground_tracks: overlay.contains(&Overlay::Tracks),
                        labels: overlay.contains(&Overlay::Labels),
                    },
                    without,
                },
            )
        }),
        None => view(
            Path::new(DEFAULT_SCENARIO),
            ViewOptions {
                at_met_s: None,
                focus: FocusOn::Key("earth".into()),
                camera_distance_m: None,
                screenshot: None,
                size: (1600, 900),
                hide_ui: false,
                measure_frames: None,
                warp: None,
                shot: None,
                shots: load_shots(Path::new(DEFAULT_SHOTS), false).unwrap_or_default(),
                docking: None,
                overlays: Overlays::default(),
                without: Vec::new(),
            },
        ),
    };
    result.err().unwrap_or(ExitCode::SUCCESS)
}
