//! The film: named camera shots over the mission (`shots`) and the flythrough scripts that
//! sequence them into video frames (`flythrough`). Bevy-free like the core, but kept out of it:
//! the core is flight dynamics, and film reads the core's snapshots, never the other way round.

pub mod flythrough;
pub mod shots;
