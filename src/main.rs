#![forbid(unsafe_code)]

//! The `ms19` binary: parses the command line, runs the command it names (`ms19::commands`)
//! and prints the error it ended with, once, exiting with its status.

use clap::Parser;
use ms19::commands::{self, args::Cli};
use std::process::ExitCode;

fn main() -> ExitCode {
    match commands::run(Cli::parse().command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            if let Some(text) = error.rendered() {
                eprintln!("{text}");
            }
            ExitCode::from(error.exit_status())
        }
    }
}
