//! The scene plugin in a headless app (no window or GPU): what it asks of the renderer each
//! frame. A material asset that changes every frame makes Bevy rebuild its bind group every
//! frame, so none may.

use crate::ms19_mission;
use bevy::prelude::*;
use bevy::time::TimeUpdateStrategy;
use ms19::scene::ScenePlugin;
use ms19::scene::earth::{AtmosphereMaterial, EarthMaterial};
use ms19::sim::{SimPlugin, TimeCommand};
use std::time::Duration;

/// How many of each event the scene's material assets sent.
#[derive(Resource, Default, Debug)]
struct MaterialEvents {
    added: u32,
    modified: u32,
}

fn count<M: Asset>(mut events: MessageReader<AssetEvent<M>>, mut counts: ResMut<MaterialEvents>) {
    for event in events.read() {
        match event {
            AssetEvent::Added { .. } => counts.added += 1,
            AssetEvent::Modified { .. } => counts.modified += 1,
            _ => {}
        }
    }
}

fn scene_app(start_at_met_s: f64) -> App {
    let mut app = App::new();
    app.add_plugins((
        MinimalPlugins,
        AssetPlugin { file_path: ms19::app::assets_folder().display().to_string(), ..default() },
    ))
    .init_asset::<Mesh>()
    .init_asset::<Image>()
    .init_asset::<Shader>()
    .init_asset::<StandardMaterial>()
    .insert_resource(TimeUpdateStrategy::ManualDuration(Duration::from_millis(50)))
    .add_plugins((
        SimPlugin {
            mission: ms19_mission(),
            max_steps_per_frame: 100_000,
            start_at_met_s: Some(start_at_met_s),
            start_paused: false,
        },
        ScenePlugin { software_renderer: true },
    ))
    .init_resource::<MaterialEvents>()
    .add_systems(Last, (count::<EarthMaterial>, count::<AtmosphereMaterial>, count::<StandardMaterial>));
    app
}

#[test]
fn no_scene_material_changes_from_frame_to_frame() {
    // From just before booster separation, at 20x: the Earth turns, the Sun moves, the arrays
    // track it and new stage bodies get their models, over 120 frames (two minutes of flight).
    let mut app = scene_app(100.0);
    app.world_mut().write_message(TimeCommand::SetWarp(20.0));
    for _ in 0..120 {
        app.update();
    }
    let counts = app.world().resource::<MaterialEvents>();
    let mission = &app.world().resource::<ms19::sim::SimMission>().0;
    assert!(mission.met_s() > 200.0, "the mission ran: T+{}", mission.met_s());
    // The count sees the materials: the Earth's, the shell's and each finish of each model.
    assert!(counts.added >= 10, "{counts:?}");
    assert_eq!(counts.modified, 0, "{counts:?}");
}
