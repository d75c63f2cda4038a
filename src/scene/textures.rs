//! The scene's images: what the renderer affords them, and the mip chains built on the CPU for
//! those that load with one level (the Earth's JPEGs) or are made here (the vehicles' tiles).

use bevy::prelude::*;

/// What the scene knows of the renderer it draws with.
#[derive(Resource, Clone, Copy, Debug)]
pub struct Renderer {
    pub software: bool,
}

/// Images that still need their mip chain built on the CPU (JPEGs load with one level).
#[derive(Resource, Default)]
pub struct PendingMipmaps(pub Vec<Handle<Image>>);

/// Builds mip chains for the Earth images once they load: without them the far views shimmer.
pub fn build_mipmaps(mut pending: ResMut<PendingMipmaps>, mut images: ResMut<Assets<Image>>) {
    pending.0.retain(|handle| {
        let Some(image) = images.get_mut(handle) else { return true };
        add_mip_chain(image.into_inner());
        false
    });
}

/// Appends 2x2 box-filtered mip levels to an RGBA8 image (levels stored one after another, as
/// wgpu's layer-major upload expects).
pub fn add_mip_chain(image: &mut Image) {
    let size = image.texture_descriptor.size;
    if image.texture_descriptor.mip_level_count > 1 || image.texture_descriptor.format.block_copy_size(None) != Some(4)
    {
        return;
    }
    let Some(base) = image.data.take() else {
        warn!("image has no CPU data: mipmaps not built");
        return;
    };
    let (mut w, mut h) = (size.width as usize, size.height as usize);
    let mut data = base.clone();
    let mut level = base;
    let mut levels = 1;
    while w > 1 || h > 1 {
        let (nw, nh) = ((w / 2).max(1), (h / 2).max(1));
        let mut next = vec![0u8; nw * nh * 4];
        for y in 0..nh {
            for x in 0..nw {
                for c in 0..4 {
                    let at = |xx: usize, yy: usize| u32::from(level[((yy.min(h - 1)) * w + xx.min(w - 1)) * 4 + c]);
                    let sum = at(2 * x, 2 * y) + at(2 * x + 1, 2 * y) + at(2 * x, 2 * y + 1) + at(2 * x + 1, 2 * y + 1);
                    next[(y * nw + x) * 4 + c] = ((sum + 2) / 4) as u8;
                }
            }
        }
        data.extend_from_slice(&next);
        level = next;
        (w, h) = (nw, nh);
        levels += 1;
    }
    image.texture_descriptor.mip_level_count = levels;
    image.data = Some(data);
}

#[cfg(test)]
mod tests {
    use super::*;
    use bevy::asset::RenderAssetUsages;

    #[test]
    fn mip_chain_halves_down_to_one_pixel() {
        let mut image = Image::new_fill(
            bevy::render::render_resource::Extent3d { width: 4, height: 2, depth_or_array_layers: 1 },
            bevy::render::render_resource::TextureDimension::D2,
            &[200, 100, 50, 255],
            bevy::render::render_resource::TextureFormat::Rgba8UnormSrgb,
            RenderAssetUsages::default(),
        );
        add_mip_chain(&mut image);
        assert_eq!(image.texture_descriptor.mip_level_count, 3);
        assert_eq!(image.data.as_ref().unwrap().len(), (8 + 2 + 1) * 4);
        assert_eq!(&image.data.as_ref().unwrap()[40..44], &[200, 100, 50, 255]);
    }
}
