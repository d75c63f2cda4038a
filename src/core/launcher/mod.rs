//! The Soyuz-2.1a: its figures (`spec`), the stack in flight (`stack`), and what it drops and
//! when (`staging`). The guidance that steers it is `control::ascent`.

mod spec;
mod stack;
mod staging;

pub use spec::{G0_MPS2, GuidanceSpec, LauncherSpec, PieceKeys, StageSpec, pressure_ratio};
pub use stack::{Attached, Launcher, LauncherPhase, Piece};
pub use staging::{AscentEvent, Happened, Jettisoned};

#[cfg(test)]
pub(crate) mod tests {
    pub(crate) use super::spec::tests::ms19_launcher;
}
