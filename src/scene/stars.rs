//! The sky: stars of the Yale Bright Star Catalogue at their J2000 right ascension and
//! declination (precession to 2021 moves them 0.3 deg, below what a viewer can tell), as
//! one-pixel points whose brightness follows their magnitude. They glow (emissive), so the
//! camera's exposure governs them as it does everything lit: bright at the night's exposure,
//! gone in the Sun's or under the floodlights close in, as a camera sees them.

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
/// Luminance of a magnitude-0 star's pixel, cd/m²: white at the night's exposure (EV100 2,
/// `camera::NIGHT_EV100`; Bevy's exposure there is 1/(1.2 x 2^2)). A magnitude-0 star's
/// 2.5 µlux over a pixel of 1.2 µsr (1280x720 at 45 deg) is 2.1 cd/m²: the same order, lifted
/// as the faint stars' scale is compressed (`display_brightness`), so that they show.
const MAGNITUDE_0_NITS: f32 = 4.8;
/// The field is drawn in bands of a magnitude, each one material (Bevy's emissive does not
/// take vertex colours).
const BANDS: std::ops::RangeInclusive<i32> = -2..=5;

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

/// The stars of `stars` in the magnitude band from `band` to `band + 1` (the first band takes
/// all brighter, the last all fainter down to `FAINTEST_MAGNITUDE`), as a point list.
pub fn star_mesh(stars: &[(f64, f64, f32)], band: i32) -> Mesh {
    let in_band = |m: f32| {
        (band == *BANDS.start() || m >= band as f32)
            && (band == *BANDS.end() || m < (band + 1) as f32)
            && m <= FAINTEST_MAGNITUDE
    };
    let positions: Vec<[f32; 3]> = stars
        .iter()
        .filter(|s| in_band(s.2))
        .map(|(ra_hours, dec_deg, _)| {
            let (ra, dec) = ((ra_hours * 15.0).to_radians(), dec_deg.to_radians());
            let unit = Vector3d::new(dec.cos() * ra.cos(), dec.cos() * ra.sin(), dec.sin());
            bevy_from_eci(&(unit * SKY_RADIUS_M)).to_array()
        })
        .collect();
    let n = positions.len();
    Mesh::new(PrimitiveTopology::PointList, RenderAssetUsages::default())
        .with_inserted_attribute(Mesh::ATTRIBUTE_POSITION, positions)
        .with_inserted_attribute(Mesh::ATTRIBUTE_NORMAL, vec![[0.0f32, 0.0, 1.0]; n])
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
    let field = commands.spawn((StarField, Transform::default(), Visibility::default())).id();
    for band in BANDS {
        // The band's middle magnitude; black and non-reflective, so that only its glow shows.
        let glow = MAGNITUDE_0_NITS * display_brightness(band as f32 + 0.5);
        let band_stars = commands
            .spawn((
                bevy::light::NotShadowCaster,
                Mesh3d(meshes.add(star_mesh(&stars, band))),
                MeshMaterial3d(materials.add(StandardMaterial {
                    base_color: Color::BLACK,
                    reflectance: 0.0,
                    emissive: LinearRgba::rgb(glow, glow, glow),
                    emissive_exposure_weight: 1.0,
                    ..default()
                })),
                NoFrustumCulling,
                Transform::default(),
            ))
            .id();
        commands.entity(field).add_child(band_stars);
    }
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

    #[test]
    fn each_star_drawn_is_in_one_band() {
        let stars = parse_star_catalogue(include_str!("../../assets/stars/bright_stars.csv")).unwrap();
        let drawn: usize = BANDS.map(|band| star_mesh(&stars, band).count_vertices()).sum();
        assert_eq!(drawn, stars.iter().filter(|s| s.2 <= FAINTEST_MAGNITUDE).count());
    }
}
