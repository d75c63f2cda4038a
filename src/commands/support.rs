//! What the commands share: the error a command ends with, and loading what it is given.

use crate::film::shots::Shot;
use crate::scenario::LoadedScenario;
use std::fmt::Display;
use std::path::Path;

/// How a command ended when it did not succeed, and the exit status that says so.
#[derive(Debug)]
pub enum CommandError {
    /// A scenario, list, replay or argument the run cannot use: exit 2.
    BadInput(miette::Report),
    /// No display or no GPU adapter to draw with: exit 3.
    NoDisplayOrGpu(miette::Report),
    /// The work failed (a file not written, a flight that did not dock): exit 1.
    Failed(miette::Report),
    /// The command printed its outcome itself (a docking that failed, the window's own exit
    /// status), or its reader went away ([`say`], status 0): only the status is left.
    Status(u8),
}

impl CommandError {
    pub fn bad_input(message: impl Display) -> Self {
        Self::BadInput(miette::miette!("{message}"))
    }

    pub fn no_display_or_gpu(message: impl Display) -> Self {
        Self::NoDisplayOrGpu(miette::miette!("{message}"))
    }

    pub fn failed(message: impl Display) -> Self {
        Self::Failed(miette::miette!("{message}"))
    }

    /// A diagnostic of a file the run was given (with its location): bad input.
    pub fn diagnostic(error: impl miette::Diagnostic + Send + Sync + 'static) -> Self {
        Self::BadInput(miette::Report::new(error))
    }

    /// The exit status: 1 failed, 2 bad input, 3 no display or GPU.
    pub fn exit_status(&self) -> u8 {
        match self {
            Self::Failed(_) => 1,
            Self::BadInput(_) => 2,
            Self::NoDisplayOrGpu(_) => 3,
            Self::Status(status) => *status,
        }
    }

    /// What to print on stderr, once (none where the command printed its outcome): the
    /// diagnostic with its source and location ([`wrap_no_lines`] has it not wrap, so that a
    /// message can be searched for as a whole).
    pub fn rendered(&self) -> Option<String> {
        match self {
            Self::BadInput(report) | Self::NoDisplayOrGpu(report) | Self::Failed(report) => Some(format!("{report:?}")),
            Self::Status(_) => None,
        }
    }
}

/// Has miette's reports, from here on, keep each line of a message whole (its default wraps
/// them at the terminal's width, or at 80 columns into a pipe or a file).
pub fn wrap_no_lines() {
    // Set once per process; a second call finds it set, which is as good.
    let _ = miette::set_hook(Box::new(|_| Box::new(miette::MietteHandlerOpts::new().wrap_lines(false).build())));
}

/// Writes a line on stdout as `println!` does, but a reader that has gone away (`ms19 summary |
/// head`) ends the command quietly with status 0, where `println!` panics.
pub fn say(line: std::fmt::Arguments<'_>) -> Result<(), CommandError> {
    use std::io::Write;
    writeln!(std::io::stdout().lock(), "{line}").map_err(|e| match e.kind() {
        std::io::ErrorKind::BrokenPipe => CommandError::Status(0),
        _ => CommandError::failed(format!("writing to stdout: {e}")),
    })
}

/// The scenario at `path`, or its diagnostic.
pub fn load_scenario(path: &Path) -> Result<LoadedScenario, CommandError> {
    LoadedScenario::load(path).map_err(CommandError::diagnostic)
}

/// The shot list at `path`. Asked for a shot, a bad list is an error; otherwise the viewer
/// opens without shots and says why.
pub fn load_shots(path: &Path, needed: bool) -> Result<Vec<Shot>, CommandError> {
    match crate::scenario::shots::load(path) {
        Ok(shots) => Ok(shots),
        Err(e) if needed => Err(CommandError::diagnostic(e)),
        Err(e) => {
            eprintln!("warning: no shots in the panel: {e}");
            Ok(Vec::new())
        }
    }
}

/// The shot `name` of the list read from `path`; a clear error naming the shots there otherwise.
pub fn find_shot(shots: &[Shot], path: &Path, name: &str) -> Result<Shot, CommandError> {
    shots.iter().find(|s| s.name == name).cloned().ok_or_else(|| {
        let names: Vec<&str> = shots.iter().map(|s| s.name.as_str()).collect();
        CommandError::bad_input(format!("no shot `{name}` in {}; there are: {}", path.display(), names.join(", ")))
    })
}

/// The error of a scenario without the Kurs fault the docking by hand starts from.
pub fn no_kurs_fault(scenario: &Path, what: &str) -> CommandError {
    CommandError::bad_input(format!("{} has no Kurs fault, so {what}", scenario.display()))
}

/// Writes `text` to `path`, or says which file could not be written.
pub fn write_file(path: &Path, text: impl AsRef<[u8]>) -> Result<(), CommandError> {
    std::fs::write(path, text).map_err(|e| cannot_write(path, e))
}

pub fn cannot_write(path: &Path, error: impl Display) -> CommandError {
    CommandError::failed(format!("cannot write {}: {error}", path.display()))
}
