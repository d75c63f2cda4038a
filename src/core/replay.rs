//! A docking replay: the hand controllers' inputs over mission time, the game's own format
//! (`config/replays/*.ron`). The physics flies a replay exactly as it flew the inputs live, so
//! the same replay gives the same flight to the bit on the same binary.

use super::Vector3d;
use super::control::rate_hold::HandMode;
use super::rcs::HandCommand;
use super::snapshot::SAME_INSTANT_S;
use serde::{Deserialize, Serialize};

/// The controllers take `command` at mission time `met_s` and hold it until the next input.
#[derive(Clone, Copy, Debug, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Input {
    pub met_s: f64,
    pub command: HandCommand,
}

#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Replay {
    /// Who or what flew it, for the reader.
    pub pilot: String,
    /// When the pilot took the controls, if not at the scenario's takeover (a game started
    /// earlier takes them where the Kurs stops).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub takeover_met_s: Option<f64>,
    /// Where the game put the ship at the takeover, if not where the Kurs stopped it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<Start>,
    /// How the controllers reached the thrusters (`direct` unless written).
    #[serde(default, skip_serializing_if = "is_direct")]
    pub mode: HandMode,
    /// In increasing time; a command holds until the next.
    pub inputs: Vec<Input>,
}

impl Replay {
    /// A replay with nothing recorded yet.
    pub fn empty(pilot: &str, takeover_met_s: Option<f64>) -> Self {
        Self { pilot: pilot.into(), takeover_met_s, start: None, mode: HandMode::Direct, inputs: Vec::new() }
    }

    /// The command held at `met_s`: the last input at or before it, none before the first.
    pub fn command_at(&self, met_s: f64) -> HandCommand {
        let after = self.inputs.partition_point(|input| input.met_s <= met_s + SAME_INSTANT_S);
        after.checked_sub(1).map(|i| self.inputs[i].command).unwrap_or_default()
    }

    /// Appends `command` at `met_s` if it differs from the one held: a replay lists changes.
    pub fn record(&mut self, met_s: f64, command: HandCommand) {
        if self.inputs.last().map_or(HandCommand::default(), |i| i.command) != command {
            self.inputs.push(Input { met_s, command });
        }
    }

    /// The first input out of time order, if any.
    pub fn out_of_order(&self) -> Option<usize> {
        self.inputs
            .windows(2)
            .position(|p| p[1].met_s.partial_cmp(&p[0].met_s) != Some(std::cmp::Ordering::Greater))
            .map(|i| i + 1)
    }

    /// The replay as RON text, one input a line.
    pub fn to_ron(&self) -> String {
        let config = ron::ser::PrettyConfig::new().depth_limit(2).separate_tuple_members(false);
        ron::ser::to_string_pretty(self, config).expect("a replay always serialises")
    }
}

fn is_direct(mode: &HandMode) -> bool {
    *mode == HandMode::Direct
}

/// A start of the docking game away from the flown one: `distance_m` from contact on the port's
/// axis, with a small error drawn from `seed`.
#[derive(Clone, Copy, Debug, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Start {
    pub distance_m: f64,
    pub seed: u64,
}

/// How far from the flown hold a game's start puts the ship: an offset across the axis (m,
/// LVLH), a velocity against the station (m/s, LVLH), an attitude error (rotation vector, rad)
/// and rates (rad/s). The game draws it from its start's seed (`core::game_rules`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StartError {
    pub offset_lvlh_m: Vector3d,
    pub velocity_lvlh_mps: Vector3d,
    pub attitude_rad: Vector3d,
    pub rate_radps: Vector3d,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::rcs::Deflection;

    fn forward() -> HandCommand {
        HandCommand {
            translation: [Deflection::Plus, Deflection::Neutral, Deflection::Neutral],
            ..HandCommand::default()
        }
    }

    #[test]
    fn a_command_holds_until_the_next_and_changes_only_are_kept() {
        let mut replay = Replay::empty("test", None);
        replay.record(10.0, HandCommand::default());
        assert!(replay.inputs.is_empty(), "nothing changed");
        replay.record(10.0, forward());
        replay.record(10.1, forward());
        replay.record(10.5, HandCommand::default());
        assert_eq!(replay.inputs.len(), 2);
        assert_eq!(replay.command_at(9.9), HandCommand::default());
        assert_eq!(replay.command_at(10.0), forward());
        // A substep's instant a rounding short of the input's still takes it.
        assert_eq!(replay.command_at(10.0 - 1e-11), forward());
        assert_eq!(replay.command_at(10.4), forward());
        assert_eq!(replay.command_at(10.5), HandCommand::default());
    }

    #[test]
    fn the_text_reads_back_to_the_bit() {
        let replay = Replay {
            pilot: "test".into(),
            takeover_met_s: Some(12_000.5),
            start: Some(Start { distance_m: 100.0, seed: 3 }),
            mode: HandMode::Rate,
            inputs: vec![
                Input { met_s: 12_345.6 + 1e-9, command: forward() },
                Input { met_s: 12_346.7, command: HandCommand::default() },
            ],
        };
        let back: Replay = ron::from_str(&replay.to_ron()).unwrap();
        assert_eq!(back, replay);
        // A replay that names no mode was flown directly, as every one before the manual mode.
        let older: Replay = ron::from_str(&Replay { mode: HandMode::Direct, ..replay.clone() }.to_ron()).unwrap();
        assert_eq!(older.mode, HandMode::Direct);
        assert!(!Replay { mode: HandMode::Direct, ..replay.clone() }.to_ron().contains("mode"));
        assert_eq!(back.inputs[0].met_s.to_bits(), replay.inputs[0].met_s.to_bits());
        assert_eq!(back.out_of_order(), None);
    }
}
