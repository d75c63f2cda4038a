//! The Bevy plugin around `core::Mission`: it owns mission time (pause, warp, step, jump) and
//! runs the core's fixed steps each frame.
//!
//! One system runs k core steps per frame, k from [`FixedStepper`]: warp changes k, never the
//! step. Bevy's `FixedUpdate` would give the same trajectory but runs the schedule once per step,
//! which at 100,000x warp costs more than the physics itself.

use crate::core::clock::FixedStepper;
use crate::core::mission::Mission;
use bevy::prelude::*;
use std::collections::BTreeMap;

/// The mission, the single source of truth for positions and time.
#[derive(Resource, Clone, Debug)]
pub struct SimMission(pub Mission);

/// Time control: everything that sends commands (panel, keys, screenshot mode) goes through
/// [`TimeCommand`]; this is the state they act on.
#[derive(Resource, Clone, Debug)]
pub struct TimeControl {
    pub paused: bool,
    pub warp: f64,
    stepper: FixedStepper,
    /// The last frame wanted more steps than the cap: the sim runs slower than `warp`.
    pub behind: bool,
    pub steps_last_frame: u32,
}

pub const MIN_WARP: f64 = 1.0;
pub const MAX_WARP: f64 = 100_000.0;

impl TimeControl {
    pub fn new(max_steps_per_frame: u32) -> Self {
        Self {
            paused: false,
            warp: 1.0,
            stepper: FixedStepper::new(max_steps_per_frame),
            behind: false,
            steps_last_frame: 0,
        }
    }
}

#[derive(Message, Clone, Copy, Debug, PartialEq)]
pub enum TimeCommand {
    TogglePause,
    SetPaused(bool),
    SetWarp(f64),
    /// Multiply the warp (the `[` and `]` keys use 1/10 and 10).
    ScaleWarp(f64),
    /// One fixed step, then stay paused.
    StepOnce,
    /// Forward: integrate to it. Backward: restore a checkpoint and integrate forward.
    JumpToMet(f64),
}

/// Snapshots of the mission every `interval_steps`, so that jumping back never teleports a body.
#[derive(Resource, Clone, Debug)]
pub struct Checkpoints {
    interval_steps: u64,
    by_step: BTreeMap<u64, Mission>,
}

impl Checkpoints {
    pub fn new(initial: &Mission, interval_s: f64) -> Self {
        let interval_steps = (interval_s / initial.step_s).round().max(1.0) as u64;
        Self { interval_steps, by_step: BTreeMap::from([(initial.steps_taken, initial.clone())]) }
    }

    fn record(&mut self, mission: &Mission) {
        if mission.steps_taken.is_multiple_of(self.interval_steps) {
            self.by_step.entry(mission.steps_taken).or_insert_with(|| mission.clone());
        }
    }

    /// The latest snapshot at or before `steps`.
    fn at_or_before(&self, steps: u64) -> &Mission {
        self.by_step.range(..=steps).next_back().map(|(_, m)| m).expect("the initial state is always kept")
    }
}

/// Steps the mission once and records a checkpoint when one is due.
fn step_recorded(mission: &mut Mission, checkpoints: &mut Checkpoints) {
    mission.step();
    checkpoints.record(mission);
}

/// Moves the mission to `met_s`: forward by integrating, backward from a checkpoint.
pub fn jump_to_met(mission: &mut Mission, checkpoints: &mut Checkpoints, met_s: f64) {
    let target = ((met_s - mission.start_met_s) / mission.step_s).round().max(0.0) as u64;
    if target < mission.steps_taken {
        *mission = checkpoints.at_or_before(target).clone();
    }
    while mission.steps_taken < target {
        step_recorded(mission, checkpoints);
    }
}

#[derive(SystemSet, Debug, Clone, PartialEq, Eq, Hash)]
pub enum SimSet {
    /// Input turned into [`TimeCommand`]s (keyboard, panel).
    Input,
    /// Commands applied and the frame's steps run.
    Step,
    /// Mission state copied into ECS components for drawing.
    Publish,
}

/// A scene entity that mirrors a body of the mission.
#[derive(Component, Clone, Copy, Debug)]
pub struct SimBody {
    pub index: usize,
}

/// Inertial position in metres (the core's frame), f64: what the floating origin subtracts from.
#[derive(Component, Clone, Copy, Debug, Default, PartialEq)]
pub struct WorldPosition(pub crate::core::Vector3d);

/// The Sun's direction (inertial unit vector) at the mission's time, published once a frame
/// for the light, the Earth's shader and the arrays.
#[derive(Resource, Clone, Copy, Debug, PartialEq)]
pub struct SunDirection(pub crate::core::Vector3d);

impl SunDirection {
    fn of(mission: &Mission) -> Self {
        Self(crate::core::sun::sun_direction_eci(mission.utc()))
    }
}

/// Inertial velocity of the body, m/s, for attitude and telemetry.
#[derive(Component, Clone, Copy, Debug, Default, PartialEq)]
pub struct WorldVelocity(pub crate::core::Vector3d);

pub struct SimPlugin {
    /// The mission at the scenario's start.
    pub mission: Mission,
    pub max_steps_per_frame: u32,
    /// Integrate to this mission time before the first frame (checkpoints recorded on the way).
    pub start_at_met_s: Option<f64>,
    pub start_paused: bool,
}

/// Mission seconds between checkpoints.
const CHECKPOINT_INTERVAL_S: f64 = 60.0;

impl Plugin for SimPlugin {
    fn build(&self, app: &mut App) {
        let mut mission = self.mission.clone();
        mission.timeline = mission.flown_timeline();
        let mut checkpoints = Checkpoints::new(&mission, CHECKPOINT_INTERVAL_S);
        if let Some(met_s) = self.start_at_met_s {
            jump_to_met(&mut mission, &mut checkpoints, met_s);
        }
        let mut control = TimeControl::new(self.max_steps_per_frame);
        control.paused = self.start_paused;
        app.insert_resource(SunDirection::of(&mission))
            .insert_resource(SimMission(mission))
            .insert_resource(checkpoints)
            .insert_resource(control)
            .add_message::<TimeCommand>()
            .configure_sets(Update, (SimSet::Input, SimSet::Step, SimSet::Publish).chain())
            .add_systems(Update, (apply_time_commands, advance_mission).chain().in_set(SimSet::Step))
            .add_systems(Update, (publish_bodies, publish_sun).in_set(SimSet::Publish));
    }
}

fn apply_time_commands(
    mut commands: MessageReader<TimeCommand>,
    mut control: ResMut<TimeControl>,
    mut mission: ResMut<SimMission>,
    mut checkpoints: ResMut<Checkpoints>,
) {
    for command in commands.read() {
        match *command {
            TimeCommand::TogglePause => control.paused = !control.paused,
            TimeCommand::SetPaused(paused) => control.paused = paused,
            TimeCommand::SetWarp(warp) => control.warp = warp.clamp(MIN_WARP, MAX_WARP),
            TimeCommand::ScaleWarp(factor) => control.warp = (control.warp * factor).clamp(MIN_WARP, MAX_WARP),
            TimeCommand::StepOnce => {
                control.paused = true;
                step_recorded(&mut mission.0, &mut checkpoints);
            }
            TimeCommand::JumpToMet(met_s) => {
                jump_to_met(&mut mission.0, &mut checkpoints, met_s);
                control.stepper.reset();
            }
        }
    }
}

fn advance_mission(
    time: Res<Time>,
    mut control: ResMut<TimeControl>,
    mut mission: ResMut<SimMission>,
    mut checkpoints: ResMut<Checkpoints>,
) {
    if control.paused {
        control.stepper.reset();
        control.behind = false;
        control.steps_last_frame = 0;
        return;
    }
    let warp = control.warp;
    let frame = control.stepper.advance(time.delta_secs_f64(), warp, mission.0.step_s);
    for _ in 0..frame.steps {
        step_recorded(&mut mission.0, &mut checkpoints);
    }
    control.behind = frame.behind;
    control.steps_last_frame = frame.steps;
}

fn publish_sun(mission: Res<SimMission>, mut sun: ResMut<SunDirection>) {
    *sun = SunDirection::of(&mission.0);
}

fn publish_bodies(mission: Res<SimMission>, mut bodies: Query<(&SimBody, &mut WorldPosition, &mut WorldVelocity)>) {
    for (body, mut position, mut velocity) in &mut bodies {
        let state = mission.0.state(body.index);
        position.0 = crate::core::position_m(&state);
        velocity.0 = crate::core::velocity_mps(&state);
    }
}
