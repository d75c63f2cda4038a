//! The Bevy plugin around `core::Mission`: it owns mission time (pause, warp, step, jump), runs
//! the core's fixed steps each frame and publishes the bodies at the frame's own instant, between
//! the last two steps ([`Presentation`]).
//!
//! One system runs k core steps per frame, k from [`FixedStepper`]: warp changes k, never the
//! step. Bevy's `FixedUpdate` would give the same trajectory but runs the schedule once per step,
//! which at 100,000x warp costs more than the physics itself.

use crate::app::{AppSystems, AppSystemsPlugin, require};
use crate::core::clock::FixedStepper;
use crate::core::mission::Mission;
use crate::core::snapshot::Snapshot;
use bevy::diagnostic::{Diagnostic, DiagnosticPath, Diagnostics, RegisterDiagnostic};
use bevy::prelude::*;
use std::collections::BTreeMap;

/// Wall time the frame's physics steps took, ms: the sim's share of a frame, which at top warp
/// must leave room for drawing (`view --warp 100000 --measure-frames`, scripts/bench).
pub const SIM_WORK_MS: DiagnosticPath = DiagnosticPath::const_new("sim/work_ms");
/// Physics steps the frame ran.
pub const SIM_STEPS: DiagnosticPath = DiagnosticPath::const_new("sim/steps");
/// A minute of frames at 60 a second: what a measurement over a minute reads back.
const WORK_HISTORY_FRAMES: usize = 3_600;

/// The mission, the single source of truth for positions and time.
#[derive(Resource, Clone, Debug)]
pub struct SimMission(pub Mission);

/// What a frame shows: every body at the frame's own instant, which lies between the last two
/// physics steps (the physics runs up to one step ahead). Cameras, the scene and the panel read
/// positions, the Earth's turn and the clocks from here, so that motion is smooth at 1x and a
/// recorder that sets each frame's instant gets exactly that instant.
#[derive(Resource, Clone, Debug)]
pub struct Presentation {
    /// The step before the mission's current one, where the frame's instant may lie after it.
    previous: Option<Snapshot>,
    /// The bodies at the frame's instant.
    pub now: Snapshot,
}

impl Presentation {
    fn of(mission: &Mission) -> Self {
        Self { previous: None, now: mission.snapshot() }
    }

    /// The bodies `lead_s` before the mission's current step.
    fn at(&self, mission: &Mission, lead_s: f64) -> Snapshot {
        Snapshot::between(self.previous.as_ref(), &mission.snapshot(), mission.met_s() - lead_s)
    }
}

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
/// Their number is bounded: past [`MAX_CHECKPOINTS`] the interval doubles and every other one
/// goes, so memory stays bounded over a mission of any length while a jump back integrates at
/// most one interval (half an hour of steps after twelve days: milliseconds).
#[derive(Resource, Clone, Debug)]
pub struct Checkpoints {
    interval_steps: u64,
    by_step: BTreeMap<u64, Mission>,
}

/// Most checkpoints kept: twelve hours at one a minute.
pub const MAX_CHECKPOINTS: usize = 720;

impl Checkpoints {
    pub fn new(initial: &Mission, interval_s: f64) -> Self {
        let interval_steps = (interval_s / initial.step_s).round().max(1.0) as u64;
        Self { interval_steps, by_step: BTreeMap::from([(initial.steps_taken, initial.clone())]) }
    }

    fn record(&mut self, mission: &Mission) {
        if mission.steps_taken.is_multiple_of(self.interval_steps) {
            self.by_step.entry(mission.steps_taken).or_insert_with(|| mission.clone());
            if self.by_step.len() > MAX_CHECKPOINTS {
                self.interval_steps *= 2;
                let (first, interval) = (*self.by_step.keys().next().expect("never empty"), self.interval_steps);
                self.by_step.retain(|&steps, _| steps == first || steps.is_multiple_of(interval));
            }
        }
    }

    /// Gives every checkpoint `timeline`: the flown one, found after they were taken.
    fn share_timeline(&mut self, timeline: &std::sync::Arc<Vec<crate::core::events::TimelineEvent>>) {
        self.by_step.values_mut().for_each(|m| m.timeline = timeline.clone());
    }

    /// The latest snapshot at or before `steps`.
    fn at_or_before(&self, steps: u64) -> &Mission {
        self.by_step.range(..=steps).next_back().map(|(_, m)| m).expect("the initial state is always kept")
    }

    /// The mission at its first step, which is always kept.
    pub fn initial(&self) -> &Mission {
        self.by_step.values().next().expect("the initial state is always kept")
    }

    pub fn len(&self) -> usize {
        self.by_step.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_step.is_empty()
    }

    /// Mission seconds between checkpoints now.
    pub fn interval_s(&self) -> f64 {
        self.by_step.values().next().map_or(0.0, |m| self.interval_steps as f64 * m.step_s)
    }

    /// Bytes the checkpoints hold, by [`Mission::heap_bytes`].
    pub fn bytes(&self) -> usize {
        self.by_step.values().map(|m| std::mem::size_of::<(u64, Mission)>() + m.heap_bytes()).sum()
    }
}

/// Steps the mission once and records a checkpoint when one is due.
fn step_recorded(mission: &mut Mission, checkpoints: &mut Checkpoints) {
    mission.step();
    checkpoints.record(mission);
}

/// Moves the mission so that `met_s` lies in its last step, forward by integrating and backward
/// from a checkpoint, and returns the state a step before, which a frame between the two
/// interpolates from (`None` when `met_s` falls on a step, or before the first).
pub fn jump_to_met(mission: &mut Mission, checkpoints: &mut Checkpoints, met_s: f64) -> Option<Snapshot> {
    let steps = ((met_s - mission.start_met_s) / mission.step_s).max(0.0);
    // Within a microsecond of a step is on it.
    let on_step = (steps - steps.round()).abs() * mission.step_s < 1e-6;
    let target = if on_step { steps.round() } else { steps.ceil() } as u64;
    let before = if on_step { target } else { target - 1 };
    if before < mission.steps_taken {
        *mission = checkpoints.at_or_before(before).clone();
    }
    while mission.steps_taken < before {
        step_recorded(mission, checkpoints);
    }
    (!on_step).then(|| {
        let previous = mission.snapshot();
        step_recorded(mission, checkpoints);
        previous
    })
}

/// Shows `met_s`: the mission brought to it by [`jump_to_met`], the frame's instant set there.
fn show_met(
    mission: &mut Mission,
    checkpoints: &mut Checkpoints,
    control: &mut TimeControl,
    presentation: &mut Presentation,
    met_s: f64,
) {
    presentation.previous = jump_to_met(mission, checkpoints, met_s);
    control.stepper.set_lead(if presentation.previous.is_some() { mission.met_s() - met_s } else { 0.0 });
}

/// The steps of [`AppSystems::Simulate`], in order.
#[derive(SystemSet, Debug, Clone, PartialEq, Eq, Hash)]
pub enum SimSystems {
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

/// The Sun at the frame's instant, published once a frame for the light, the Earth's shader,
/// the arrays and the panel: its geocentric position and its direction (inertial).
#[derive(Resource, Clone, Copy, Debug, PartialEq)]
pub struct Sun {
    pub position_m: crate::core::Vector3d,
    pub direction: crate::core::Vector3d,
}

impl Sun {
    fn of(utc: &crate::core::time::UtcInstant) -> Self {
        let position_m = crate::core::sun::sun_position_eci_m(*utc);
        Self { position_m, direction: position_m.normalize() }
    }
}

pub struct SimPlugin {
    /// The mission at the scenario's start.
    pub mission: Mission,
    pub max_steps_per_frame: u32,
    /// Integrate to this mission time before the first frame (checkpoints recorded on the way).
    pub start_at_met_s: Option<f64>,
    pub start_paused: bool,
}

/// Where the returning ships come down (Earth-fixed, m), from the flight flown ahead for the
/// timeline: the ground is dressed for them before they land.
#[derive(Resource, Clone, Debug, Default)]
pub struct LandingSites(pub Vec<crate::core::Vector3d>);

/// Mission seconds between checkpoints.
const CHECKPOINT_INTERVAL_S: f64 = 60.0;

impl Plugin for SimPlugin {
    fn build(&self, app: &mut App) {
        let mut mission = self.mission.clone();
        let mut checkpoints = Checkpoints::new(&mission, CHECKPOINT_INTERVAL_S);
        let mut control = TimeControl::new(self.max_steps_per_frame);
        control.paused = self.start_paused;
        let mut presentation = Presentation::of(&mission);
        if let Some(met_s) = self.start_at_met_s {
            show_met(&mut mission, &mut checkpoints, &mut control, &mut presentation, met_s);
        }
        // From the start shown on: the mission is flown once, not again from the pad.
        let flown = mission.flown_copy();
        let timeline = std::sync::Arc::new(mission.timeline_flown_by(&flown));
        app.insert_resource(LandingSites(flown.landing_sites_ecef_m()));
        checkpoints.share_timeline(&timeline);
        mission.timeline = timeline;
        presentation.now = presentation.at(&mission, control.stepper.lead_s());
        require(app, AppSystemsPlugin);
        app.insert_resource(Sun::of(&presentation.now.utc()))
            .insert_resource(presentation)
            .insert_resource(SimMission(mission))
            .insert_resource(checkpoints)
            .insert_resource(control)
            .add_message::<TimeCommand>()
            .register_diagnostic(Diagnostic::new(SIM_WORK_MS).with_max_history_length(WORK_HISTORY_FRAMES))
            .register_diagnostic(Diagnostic::new(SIM_STEPS).with_max_history_length(WORK_HISTORY_FRAMES))
            .configure_sets(Update, (SimSystems::Step, SimSystems::Publish).chain().in_set(AppSystems::Simulate))
            .add_systems(Update, (apply_time_commands, advance_mission).chain().in_set(SimSystems::Step))
            .add_systems(Update, (present, (publish_bodies, publish_sun)).chain().in_set(SimSystems::Publish));
    }
}

fn apply_time_commands(
    mut commands: MessageReader<TimeCommand>,
    mut control: ResMut<TimeControl>,
    mut mission: ResMut<SimMission>,
    mut checkpoints: ResMut<Checkpoints>,
    mut presentation: ResMut<Presentation>,
) {
    for command in commands.read() {
        match *command {
            TimeCommand::TogglePause => control.paused = !control.paused,
            TimeCommand::SetPaused(paused) => control.paused = paused,
            TimeCommand::SetWarp(warp) => control.warp = warp.clamp(MIN_WARP, MAX_WARP),
            TimeCommand::ScaleWarp(factor) => control.warp = (control.warp * factor).clamp(MIN_WARP, MAX_WARP),
            TimeCommand::StepOnce => {
                control.paused = true;
                presentation.previous = Some(mission.0.snapshot());
                step_recorded(&mut mission.0, &mut checkpoints);
                control.stepper.reset();
            }
            TimeCommand::JumpToMet(met_s) => {
                show_met(&mut mission.0, &mut checkpoints, &mut control, &mut presentation, met_s);
            }
        }
    }
}

/// Runs the steps that bring the physics to the frame's instant, or just past it. Paused, the
/// frame's instant stays where it is.
fn advance_mission(
    time: Res<Time>,
    mut control: ResMut<TimeControl>,
    mut mission: ResMut<SimMission>,
    mut checkpoints: ResMut<Checkpoints>,
    mut presentation: ResMut<Presentation>,
    mut diagnostics: Diagnostics,
) {
    let started = std::time::Instant::now();
    if control.paused {
        control.behind = false;
        control.steps_last_frame = 0;
    } else {
        let warp = control.warp;
        let frame = control.stepper.advance(time.delta_secs_f64(), warp, mission.0.step_s);
        for k in 0..frame.steps {
            if k + 1 == frame.steps {
                presentation.previous = Some(mission.0.snapshot());
            }
            step_recorded(&mut mission.0, &mut checkpoints);
        }
        control.behind = frame.behind;
        control.steps_last_frame = frame.steps;
    }
    diagnostics.add_measurement(&SIM_WORK_MS, || started.elapsed().as_secs_f64() * 1e3);
    diagnostics.add_measurement(&SIM_STEPS, || f64::from(control.steps_last_frame));
}

/// The bodies at the frame's instant, interpolated between the last two steps.
fn present(mission: Res<SimMission>, control: Res<TimeControl>, mut presentation: ResMut<Presentation>) {
    presentation.now = presentation.at(&mission.0, control.stepper.lead_s());
}

fn publish_sun(presentation: Res<Presentation>, mut sun: ResMut<Sun>) {
    *sun = Sun::of(&presentation.now.utc());
}

fn publish_bodies(presentation: Res<Presentation>, mut bodies: Query<(&SimBody, &mut WorldPosition)>) {
    for (body, mut position) in &mut bodies {
        let Some(state) = presentation.now.states.get(body.index) else { continue };
        position.0 = crate::core::position_m(state);
    }
}
