//! What every app of ours is built from: Bevy's plugins as we render with them (the viewer, the
//! recorder, the reference scene), and the system sets that feature plugins order their systems
//! against, so that no plugin names another's sets.

use bevy::app::PluginGroupBuilder;
use bevy::prelude::*;
use bevy::render::RenderPlugin;
use bevy::render::settings::{Backends, WgpuSettings};
use bevy::window::{PresentMode, WindowResolution};
use std::path::PathBuf;

/// The frame's work in `Update`, in this order.
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AppSystems {
    /// Keys, panel and gamepads turned into commands (time, views, the hands), before the step.
    Input,
    /// The mission steps and its state is published for the frame's instant.
    Simulate,
    /// The camera placed from the published state; it moves the floating origin.
    Camera,
    /// What is drawn and shown follows the state and the camera.
    Draw,
}

/// Orders [`AppSystems`]. Each feature plugin adds it through [`require`], so that an app of any
/// of them (the viewer, the recorder, a test's) runs them in order.
pub struct AppSystemsPlugin;

impl Plugin for AppSystemsPlugin {
    fn build(&self, app: &mut App) {
        app.configure_sets(
            Update,
            (AppSystems::Input, AppSystems::Simulate, AppSystems::Camera, AppSystems::Draw).chain(),
        );
    }
}

/// Adds `plugin` unless the app has it: for a plugin that several features need and any of them
/// may be the only one in the app.
pub fn require<P: Plugin>(app: &mut App, plugin: P) {
    if !app.is_plugin_added::<P>() {
        app.add_plugins(plugin);
    }
}

/// The Vulkan adapter to draw with (a GPU before a software one), or what to install. Drawing
/// into an image (`ms19 record`) needs no display.
pub fn gpu_adapter() -> Result<wgpu::AdapterInfo, String> {
    let instance = wgpu::Instance::new(wgpu::InstanceDescriptor {
        backends: Backends::VULKAN,
        ..wgpu::InstanceDescriptor::new_without_display_handle()
    });
    let adapters = bevy::tasks::block_on(instance.enumerate_adapters(Backends::VULKAN));
    adapters.iter().map(|a| a.get_info()).max_by_key(|info| info.device_type != wgpu::DeviceType::Cpu).ok_or_else(
        || {
            "no Vulkan adapter found: install a GPU driver, or Mesa's software Vulkan \
         (Debian packages `mesa-vulkan-drivers` and `libvulkan1`)"
                .into()
        },
    )
}

/// Where `assets/` is: `$BEVY_ASSET_ROOT/assets`, else the source tree's (an installed binary
/// run from anywhere in a checkout), else beside the executable.
pub fn assets_folder() -> PathBuf {
    let candidates = [
        std::env::var_os("BEVY_ASSET_ROOT").map(|root| PathBuf::from(root).join("assets")),
        Some(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets")),
        std::env::current_exe().ok().and_then(|exe| exe.parent().map(|dir| dir.join("assets"))),
    ];
    let fallback = PathBuf::from("assets");
    candidates.into_iter().flatten().find(|p| p.join("shaders").is_dir()).unwrap_or(fallback)
}

/// Bevy's plugins as every app of ours renders with them: `window`, the assets folder, Vulkan,
/// and pipelines compiled before use when `capturing` (a capture must not catch pipelines still
/// compiling: black objects).
pub fn render_plugins(window: WindowPlugin, capturing: bool) -> PluginGroupBuilder {
    DefaultPlugins.set(window).set(AssetPlugin { file_path: assets_folder().display().to_string(), ..default() }).set(
        RenderPlugin {
            render_creation: WgpuSettings { backends: Some(Backends::VULKAN), ..default() }.into(),
            synchronous_pipeline_compilation: capturing,
            ..default()
        },
    )
}

/// A window of `size` titled `title`, without vsync while capturing.
pub fn window_plugin(title: String, size: (u32, u32), capturing: bool) -> WindowPlugin {
    WindowPlugin {
        primary_window: Some(Window {
            title,
            resolution: WindowResolution::new(size.0, size.1),
            present_mode: if capturing { PresentMode::AutoNoVsync } else { PresentMode::AutoVsync },
            ..default()
        }),
        ..default()
    }
}
