//! The sky: stars of the Yale Bright Star Catalogue at their J2000 right ascension and
//! declination (precession to 2021 moves them 0.3 deg, below what a viewer can tell), as
//! one-pixel points whose brightness follows their magnitude.

use crate::core::Vector3d;
use crate::origin::bevy_from_eci;
use bevy::asset::RenderAssetUsages;
use bevy::camera::visibility::NoFrustumCulling;
use bevy::mesh::PrimitiveTopology;
use bevy::prelude::*;

/// Far enough to be behind everything, near enough for f32.
const SKY_RADIUS_M: f64 = 1.0e11;
/// Fainter stars are not drawn.
const FAINTEST_MAGNITUDE: f32 = 6.0;

/// Parses `ra_hours,dec_deg,magnitude` rows (comments start with `#`).
pub fn parse_star_catalogue(text: &str) -> Result<Vec<(f64, f64, f32)>, String> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|(i, line)| {
            let mut fields = line.split(',').map(str::trim);
            let mut next = || fields.next().and_then(|f| f.parse::<f64>().ok());
            match (next(), next(), next()) {
                (Some(ra), Some(dec), Some(mag)) => Ok((ra, dec, mag as f32)),
                _ => Err(format!("bright_stars.csv line {}: expected ra_hours,dec_deg,magnitude", i + 1)),
            }
        })
        .collect()
}

/// Linear brightness of a star relative to magnitude 0, compressed so that faint stars still
/// show as a pixel: Pogson's ratio 100^(1/5) per magnitude, square-rooted.
fn display_brightness(magnitude: f32) -> f32 {
    (10f32.powf(-0.4 * magnitude)).sqrt().clamp(0.04, 1.0)
}

pub fn star_mesh(stars: &[(f64, f64, f32)]) -> Mesh {
    let visible: Vec<_> = stars.iter().filter(|s| s.2 <= FAINTEST_MAGNITUDE).collect();
    let positions: Vec<[f32; 3]> = visible
        .iter()
        .map(|(ra_hours, dec_deg, _)| {
            let (ra, dec) = ((ra_hours * 15.0).to_radians(), dec_deg.to_radians());
            let unit = Vector3d::new(dec.cos() * ra.cos(), dec.cos() * ra.sin(), dec.sin());
            bevy_from_eci(&(unit * SKY_RADIUS_M)).to_array()
        })
        .collect();
    let colors: Vec<[f32; 4]> = visible
        .iter()
        .map(|s| {
            let b = display_brightness(s.2);
            [b, b, b, 1.0]
        })
        .collect();
    let n = positions.len();
    Mesh::new(PrimitiveTopology::PointList, RenderAssetUsages::default())
        .with_inserted_attribute(Mesh::ATTRIBUTE_POSITION, positions)
        .with_inserted_attribute(Mesh::ATTRIBUTE_NORMAL, vec![[0.0f32, 0.0, 1.0]; n])
        .with_inserted_attribute(Mesh::ATTRIBUTE_COLOR, colors)
}

#[derive(Component)]
pub struct StarField;

/// The star field stays centred on the camera, which is the render origin.
pub fn spawn_stars(
    mut commands: Commands,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<StandardMaterial>>,
) {
    let text = include_str!("../../assets/stars/bright_stars.csv");
    let stars = parse_star_catalogue(text).expect("the shipped catalogue parses");
    commands.spawn((
        StarField,
        bevy::light::NotShadowCaster,
        Mesh3d(meshes.add(star_mesh(&stars))),
        MeshMaterial3d(materials.add(StandardMaterial { unlit: true, base_color: Color::WHITE, ..default() })),
        NoFrustumCulling,
        Transform::default(),
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_has_sirius_brightest() {
        let stars = parse_star_catalogue(include_str!("../../assets/stars/bright_stars.csv")).unwrap();
        assert!(stars.len() > 9000);
        let brightest = stars.iter().cloned().fold((0.0, 0.0, f32::MAX), |a, s| if s.2 < a.2 { s } else { a });
        // Sirius: RA 6h45m, Dec -16.7 deg, V -1.46.
        assert!((brightest.0 - 6.7525).abs() < 1e-3 && (brightest.1 + 16.7161).abs() < 1e-3);
        assert!(display_brightness(-1.46) == 1.0 && display_brightness(6.0) < 0.1);
    }
}
