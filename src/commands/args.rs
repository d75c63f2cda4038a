//! The command line as clap reads it: each command's arguments, parsed and checked by
//! [`crate::cli`]'s parsers. The library's own types (the viewer's options, the overlays, the
//! layers a measurement leaves out) derive nothing of clap's: these map to them.

use crate::cli::{GameStart, parse_frame_range, parse_layer, parse_size, parse_start, parse_warp};
use crate::core::time::parse_met_s;
use clap::{Parser, Subcommand};
use std::path::PathBuf;

pub const DEFAULT_SCENARIO: &str = "config/ms19.ron";
pub const DEFAULT_SHOTS: &str = "config/shots.ron";

/// Soyuz MS-19 (2021-10-05) re-enacted: physics, telemetry and views of the flight.
#[derive(Parser)]
#[command(version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// A teaching aid of `ms19 view --overlay`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Overlay {
    Orbits,
    Tracks,
    Labels,
}

/// The overlays `--overlay` names, as the viewer takes them.
pub fn overlays(named: &[Overlay]) -> crate::overlays::Overlays {
    crate::overlays::Overlays {
        orbits: named.contains(&Overlay::Orbits),
        ground_tracks: named.contains(&Overlay::Tracks),
        labels: named.contains(&Overlay::Labels),
    }
}

#[derive(Subcommand)]
pub enum Command {
    /// Open the 3D viewer (the default with no command).
    View(ViewArgs),
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
    Simulate(SimulateArgs),
}

#[derive(clap::Args)]
pub struct ViewArgs {
    #[arg(long, default_value = DEFAULT_SCENARIO)]
    pub scenario: PathBuf,
    /// Mission elapsed time to open at, [-]HH:MM:SS.
    #[arg(long, value_parser = parse_met_s, allow_hyphen_values = true)]
    pub at: Option<f64>,
    /// What the orbit camera circles: `earth`, or a vehicle's key (`iss`, `soyuz`,
    /// `soyuz-ms18`, ...; a piece the launcher drops too, `booster-1`, once dropped).
    #[arg(long, default_value = "earth")]
    pub focus: String,
    /// Orbit-camera distance from the focus, metres (from the Earth's centre for earth).
    #[arg(long)]
    pub camera_distance: Option<f64>,
    /// Write one frame to this PNG and exit.
    #[arg(long)]
    pub screenshot: Option<PathBuf>,
    /// Window size, WIDTHxHEIGHT.
    #[arg(long, default_value = "1600x900", value_parser = parse_size)]
    pub size: (u32, u32),
    /// Draw no panel (clean frames).
    #[arg(long)]
    pub hide_ui: bool,
    /// Measure this many frames, then print the frame time, peak resident memory and how
    /// much memory grew (in all and per frame), and exit.
    #[arg(long)]
    pub measure_frames: Option<u32>,
    /// Open at this time warp, 1 to 100000 (the panel's slider).
    #[arg(long, value_parser = parse_warp)]
    pub warp: Option<f64>,
    /// Open on this named shot of the shot list: at its start (or at `--at`), its camera.
    #[arg(long)]
    pub shot: Option<String>,
    /// The shot list.
    #[arg(long, default_value = DEFAULT_SHOTS)]
    pub shots: PathBuf,
    /// Teaching aids to open with (keys O, B, L toggle them): `orbits`, `tracks`,
    /// `labels`; repeat or separate with commas.
    #[arg(long, value_enum, value_delimiter = ',')]
    pub overlay: Vec<Overlay>,
    /// With --measure-frames: leave these out of the frame, to see where its time goes
    /// (`earth`, `shell`, `stars`, `vehicles`, `shadows`, `msaa`; commas or repeats).
    #[arg(long, value_parser = parse_layer, value_delimiter = ',')]
    pub without: Vec<crate::record::Layer>,
}

#[derive(clap::Args)]
pub struct SimulateArgs {
    #[arg(long, default_value = DEFAULT_SCENARIO)]
    pub scenario: PathBuf,
    /// Write only the samples from this mission time on, [-]HH:MM:SS (the mission is still
    /// flown from the scenario's start; the rows are those of a whole run).
    #[arg(long, value_parser = parse_met_s, allow_hyphen_values = true)]
    pub from: Option<f64>,
    /// Mission elapsed time to stop at, [-]HH:MM:SS.
    #[arg(long, default_value = "03:30:00", value_parser = parse_met_s, allow_hyphen_values = true)]
    pub until: f64,
    /// Seconds between samples, any positive interval (0.04 for 25 frames a second); samples
    /// between physics steps are interpolated.
    #[arg(long, default_value_t = 10.0)]
    pub every: f64,
    /// CSV file to write.
    #[arg(long, default_value = "telemetry.csv")]
    pub out: PathBuf,
    /// Also write the events that happened (and the planned ones still ahead) as CSV.
    #[arg(long)]
    pub events: Option<PathBuf>,
    /// Also draw the ascent (altitude, speed, sensed acceleration against time, events
    /// marked) into this PNG.
    #[arg(long)]
    pub plot: Option<PathBuf>,
}

#[derive(clap::Args)]
pub struct DockArgs {
    #[arg(long, default_value = DEFAULT_SCENARIO)]
    pub scenario: PathBuf,
    /// Fly (or with a window, watch) these inputs instead of playing (config/replays/*.ron).
    #[arg(long)]
    pub replay: Option<PathBuf>,
    /// No window: fly `--replay` and print the outcome.
    #[arg(long, requires = "replay")]
    pub headless: bool,
    /// With `--headless`: write the flight by hand to this CSV, a row per 0.1 s substep (the
    /// ship's state and attitude, the controllers, the HUD's cues, the propellant).
    #[arg(long, requires = "headless")]
    pub telemetry: Option<PathBuf>,
    /// Write the player's inputs to this replay when the game ends, and beside it the flight by
    /// hand as `--telemetry` writes it (the name's extension made `.telemetry.csv`).
    #[arg(long, conflicts_with = "replay")]
    pub record_inputs: Option<PathBuf>,
    /// Where the game starts: `flown`, at the flown takeover 40 m out; `kurs`, earlier, at
    /// station-keeping 180 m out, to watch the automatic approach stop and take over then;
    /// or METRES out on the port's axis with a small error drawn from `--seed`.
    #[arg(long, default_value = "flown", value_parser = parse_start)]
    pub start: GameStart,
    /// The error of a `--start METRES`.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Fire the thrusters as the controllers are held, without the manual mode's rate control
    /// and attitude hold (which hold the ship straight while it translates).
    #[arg(long, conflicts_with = "replay")]
    pub direct: bool,
    /// Give up at this mission time, [-]HH:MM:SS (headless).
    #[arg(long, default_value = "04:30:00", value_parser = parse_met_s, allow_hyphen_values = true)]
    pub until: f64,
    /// Window size, WIDTHxHEIGHT.
    #[arg(long, default_value = "1280x720", value_parser = parse_size)]
    pub size: (u32, u32),
    /// Write one frame to this PNG and exit (a look at the periscope and the HUD).
    #[arg(long)]
    pub screenshot: Option<PathBuf>,
    /// The shot list with the game's views (`periscope`, `dock-chase`, `dock-side`).
    #[arg(long, default_value = DEFAULT_SHOTS)]
    pub shots: PathBuf,
}

#[derive(clap::Args)]
// A later flag wins, so a wrapper script's defaults can be overridden.
#[command(args_override_self = true)]
pub struct RecordArgs {
    #[arg(long, default_value = DEFAULT_SCENARIO)]
    pub scenario: PathBuf,
    /// The script: shots in order, each with its span, rate and transition.
    #[arg(long)]
    pub script: PathBuf,
    /// The shot list the script's shots come from.
    #[arg(long, default_value = DEFAULT_SHOTS)]
    pub shots: PathBuf,
    /// Folder for the frames (frame_000000.png, ...) and poses.csv.
    #[arg(long)]
    pub out: PathBuf,
    /// Frame size, WIDTHxHEIGHT.
    #[arg(long, default_value = "1920x1080", value_parser = parse_size)]
    pub size: (u32, u32),
    /// Frames a second (24, 25, 30, 60, ...).
    #[arg(long, default_value_t = 25, value_parser = clap::value_parser!(u32).range(1..=240))]
    pub fps: u32,
    /// Only frames at or after this mission time, [-]HH:MM:SS.
    #[arg(long, value_parser = parse_met_s, allow_hyphen_values = true)]
    pub from: Option<f64>,
    /// Only frames at or before this mission time, [-]HH:MM:SS.
    #[arg(long, value_parser = parse_met_s, allow_hyphen_values = true)]
    pub to: Option<f64>,
    /// Only frames numbered START to END-1 (the script's numbering): one piece of a long film
    /// for a job runner; each piece is byte-identical to the same frames of a whole render.
    #[arg(long, value_parser = parse_frame_range)]
    pub frames: Option<(u64, u64)>,
    /// Also encode the frames to this MP4 (H.264, with ffmpeg).
    #[arg(long)]
    pub video: Option<PathBuf>,
}
