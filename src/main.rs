#![forbid(unsafe_code)]

use clap::{Parser, Subcommand};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use ms19::camera::Focus;
use ms19::core::time::parse_met_s;
use ms19::scenario::LoadedScenario;
use ms19::simulate;
use ms19::view::{ViewOptions, check_display_and_gpu, viewer_app};
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

#[derive(Subcommand)]
enum Command {
    /// Open the 3D viewer (the default with no command).
    View {
        #[arg(long, default_value = DEFAULT_SCENARIO)]
        scenario: PathBuf,
        /// Mission elapsed time to open at, [-]HH:MM:SS.
        #[arg(long, value_parser = parse_met_s, allow_hyphen_values = true)]
        at: Option<f64>,
        #[arg(long, value_enum, default_value_t = Focus::Earth)]
        focus: Focus,
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
        /// Open on this named shot of the shot list: at its start (or at `--at`), its camera.
        #[arg(long)]
        shot: Option<String>,
        /// The shot list.
        #[arg(long, default_value = DEFAULT_SHOTS)]
        shots: PathBuf,
    },
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

/// Exit status for a scenario or argument the run cannot use.
const EXIT_BAD_INPUT: u8 = 2;
/// Exit status when there is no display or no GPU adapter to draw with.
const EXIT_NO_DISPLAY_OR_GPU: u8 = 3;

fn parse_size(text: &str) -> Result<(u32, u32), String> {
    let (w, h) = text.split_once('x').ok_or_else(|| format!("`{text}` is not WIDTHxHEIGHT"))?;
    match (w.parse::<u32>(), h.parse::<u32>()) {
        (Ok(w), Ok(h)) if (64..=8192).contains(&w) && (64..=8192).contains(&h) => Ok((w, h)),
        _ => Err(format!("`{text}` is not WIDTHxHEIGHT with sides of 64 to 8192 pixels")),
    }
}

fn view(scenario: &Path, options: ViewOptions) -> Result<(), ExitCode> {
    let loaded = load(scenario)?;
    let adapter = check_display_and_gpu().map_err(|message| {
        eprintln!("error: {message}");
        ExitCode::from(EXIT_NO_DISPLAY_OR_GPU)
    })?;
    eprintln!("rendering with {} ({:?}, {:?})", adapter.name, adapter.device_type, adapter.backend);
    match viewer_app(&loaded, &options, &adapter).run() {
        bevy::app::AppExit::Success => Ok(()),
        bevy::app::AppExit::Error(code) => Err(ExitCode::from(code.get())),
    }
}

/// The shot list at `path`. Asked for a shot, a bad list is an error; otherwise the viewer
/// opens without shots and says why.
fn load_shots(path: &Path, needed: bool) -> Result<Vec<ms19::core::shots::Shot>, ExitCode> {
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
fn find_shot(shots: &[ms19::core::shots::Shot], path: &Path, name: &str) -> Result<ms19::core::shots::Shot, ExitCode> {
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
        eprintln!("error: writing {}: {e}", out.display());
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
    println!("wrote {} in {:.2} s", out.display(), started.elapsed().as_secs_f64());
    println!("{}", simulate::summary(&mission));
    Ok(())
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
        Some(Command::View {
            scenario,
            at,
            focus,
            camera_distance,
            screenshot,
            size,
            hide_ui,
            measure_frames,
            shot,
            shots,
        }) => load_shots(&shots, shot.is_some()).and_then(|list| {
            let shot = match shot {
                Some(name) => Some(find_shot(&list, &shots, &name)?),
                None => None,
            };
            view(
                &scenario,
                ViewOptions {
                    at_met_s: at.or(shot.as_ref().map(|s| s.from_met_s)),
                    focus,
                    camera_distance_m: camera_distance,
                    screenshot,
                    size,
                    hide_ui,
                    measure_frames,
                    shot,
                    shots: list,
                },
            )
        }),
        None => view(
            Path::new(DEFAULT_SCENARIO),
            ViewOptions {
                at_met_s: None,
                focus: Focus::Earth,
                camera_distance_m: None,
                screenshot: None,
                size: (1600, 900),
                hide_ui: false,
                measure_frames: None,
                shot: None,
                shots: load_shots(Path::new(DEFAULT_SHOTS), false).unwrap_or_default(),
            },
        ),
    };
    result.err().unwrap_or(ExitCode::SUCCESS)
}
