//! The commands of the command line, each in its module with its `run`: `main.rs` parses the
//! line ([`args`]), calls [`run`] and prints the one [`CommandError`] a command may end with,
//! exiting with its status (docs/commands.md).

pub mod args;
pub mod dock;
pub mod pilot;
pub mod record;
pub mod simulate;
pub mod summary;
mod support;
pub mod view;

pub use support::CommandError;

use args::Command;

/// Runs the command `command` names (the viewer with none).
pub fn run(command: Option<Command>) -> Result<(), CommandError> {
    support::wrap_no_lines();
    match command {
        None => view::run_default(),
        Some(Command::View(view_args)) => view::run(view_args),
        Some(Command::Simulate(simulate_args)) => simulate::run(&simulate_args),
        Some(Command::Summary { scenario }) => summary::run(&scenario),
        Some(Command::Record(record_args)) => record::run(record_args),
        Some(Command::Pilot { scenario, out, until }) => pilot::run(&scenario, &out, until),
        Some(Command::Dock(dock_args)) => dock::run(dock_args),
    }
}
