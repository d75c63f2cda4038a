//! ms19: the Soyuz MS-19 mission re-enacted.
//!
//! `core` is the physics (f64, no Bevy), `film` the camera shots and flythrough scripts over it
//! (Bevy-free too) and `scenario` the mission file; `simulate` runs them headless. The viewer is
//! Bevy plugins around them: `sim` (mission time), `origin` (the floating origin), `camera`,
//! `scene` (what is drawn), `ui` (egui panel), `overlays` (orbit lines, ground tracks, labels),
//! `dock` (the docking game), `record` (screenshots, frame times, flythroughs), assembled in
//! `view`. `app` is what they share: Bevy's plugins as we render with them and the system sets
//! they order their systems against. `commands` runs the command line's commands (`cli` parses
//! its values), so that the binary only dispatches.

#![forbid(unsafe_code)]

pub mod app;
pub mod camera;
pub mod cli;
pub mod commands;
pub mod core;
pub mod dock;
pub mod film;
pub mod origin;
pub mod overlays;
pub mod record;
pub mod scenario;
pub mod scene;
pub mod sim;
pub mod simulate;
pub mod ui;
pub mod view;
