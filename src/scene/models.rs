//! Vehicle models as data: parts built from primitives at real size, in each vehicle's body
//! frame (metres). The ISS frame is its own: x forward along the velocity (+XVV flight), y to
//! starboard, z to nadir (NASA SSP 30219 analysis frame). The Soyuz frame: x along its axis
//! towards the docking probe, y along the solar arrays. The launcher: x up from the pad.

use bevy::math::{Quat, Vec3};

/// A primitive, axis along local x where it has one.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Shape {
    Box {
        size: Vec3,
    },
    Cylinder {
        radius: f32,
        length: f32,
    },
    /// A truncated cone from `radius_aft` (−x end) to `radius_fore` (+x end).
    Frustum {
        radius_aft: f32,
        radius_fore: f32,
        length: f32,
    },
    /// An ellipsoid with these semi-axes.
    Ellipsoid {
        semi_axes: Vec3,
    },
}

/// Surface finishes, each one material.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Finish {
    /// White thermal blankets and paint of pressurised modules.
    Module,
    /// Bare aluminium of the truss.
    Truss,
    /// The US arrays' bronze-gold photovoltaic blankets.
    UsSolarArray,
    /// Russian and Soyuz arrays, dark blue cells.
    BlueSolarArray,
    /// White radiator panels.
    Radiator,
    /// The khaki-green thermal blankets of the Soyuz orbital and descent modules.
    SoyuzBlanket,
    /// Dark structure: engine bells, docking mechanisms, lattice.
    Dark,
    /// Light grey rocket body.
    RocketBody,
    /// Orange-brown engine and booster bases, concrete of the pad.
    Concrete,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Part {
    pub name: &'static str,
    pub shape: Shape,
    pub center_m: Vec3,
    /// Orientation of the part's x axis (and cross-section) in the body frame.
    pub rotation: Quat,
    pub finish: Finish,
    /// Solar arrays that turn about the body's y axis through this point to face the Sun (the
    /// ISS's alpha joints turn the outboard truss; Soyuz arrays are fixed).
    pub sun_tracking_pivot: Option<Vec3>,
    /// Folded against the spacecraft inside the fairing, unfolded after separation.
    pub deploys_after_separation: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ModelDef {
    pub name: &'static str,
    pub parts: Vec<Part>,
}

const ALONG_X: Quat = Quat::IDENTITY;

fn along_z() -> Quat {
    Quat::from_rotation_y(-std::f32::consts::FRAC_PI_2)
}

fn part(name: &'static str, shape: Shape, center_m: Vec3, rotation: Quat, finish: Finish) -> Part {
    Part { name, shape, center_m, rotation, finish, sun_tracking_pivot: None, deploys_after_separation: false }
}

/// A pressurised module: a cylinder from `from` to `to` along one body axis.
fn module(name: &'static str, from: Vec3, to: Vec3, diameter: f32) -> Part {
    let axis = to - from;
    let rotation = Quat::from_rotation_arc(Vec3::X, axis.normalize());
    part(
        name,
        Shape::Cylinder { radius: diameter / 2.0, length: axis.length() },
        (from + to) / 2.0,
        rotation,
        Finish::Module,
    )
}

/// The port of Rassvet (MRM-1) where Soyuz MS-19 docked, ISS body frame (it faces +z, nadir).
pub const RASSVET_PORT_M: Vec3 = Vec3::new(-16.3, 0.0, 8.1);

/// The ISS as of 5 October 2021 (ms19-facts.md: Nauka on Zvezda nadir with Soyuz MS-18,
/// Progress MS-17 on Poisk, Crew Dragon on Harmony zenith, Cygnus NG-16 on Unity nadir).
/// Dimensions from NASA's ISS Reference Guide (2015) and RSC Energia module sheets.
pub fn iss() -> ModelDef {
    let mut parts = vec![
        // Integrated truss, 109 m, above the US lab.
        part(
            "truss",
            Shape::Box { size: Vec3::new(4.5, 109.0, 4.0) },
            Vec3::new(0.0, 0.0, -4.6),
            ALONG_X,
            Finish::Truss,
        ),
        // US segment, forward.
        module("Harmony (Node 2)", Vec3::new(6.25, 0.0, 0.0), Vec3::new(13.45, 0.0, 0.0), 4.4),
        module("PMA-2 / IDA-2", Vec3::new(13.45, 0.0, 0.0), Vec3::new(15.4, 0.0, 0.0), 2.0),
        module("Destiny", Vec3::new(-2.25, 0.0, 0.0), Vec3::new(6.25, 0.0, 0.0), 4.3),
        module("Unity (Node 1)", Vec3::new(-7.75, 0.0, 0.0), Vec3::new(-2.25, 0.0, 0.0), 4.6),
        module("Columbus", Vec3::new(9.8, 2.2, 0.0), Vec3::new(9.8, 9.2, 0.0), 4.5),
        module("Kibo JEM-PM", Vec3::new(9.8, -2.2, 0.0), Vec3::new(9.8, -13.4, 0.0), 4.4),
        part(
            "Kibo exposed facility",
            Shape::Box { size: Vec3::new(5.0, 5.6, 3.8) },
            Vec3::new(9.8, -16.4, 0.0),
            ALONG_X,
            Finish::Radiator,
        ),
        module("Tranquility (Node 3)", Vec3::new(-5.0, -2.3, 0.0), Vec3::new(-5.0, -9.0, 0.0), 4.5),
        part(
            "Cupola",
            Shape::Ellipsoid { semi_axes: Vec3::new(1.5, 1.5, 0.9) },
            Vec3::new(-5.0, -7.0, 2.6),
            ALONG_X,
            Finish::Dark,
        ),
        module("Quest airlock", Vec3::new(-5.0, 2.3, 0.0), Vec3::new(-5.0, 7.8, 0.0), 4.0),
        module("PMA-1", Vec3::new(-10.0, 0.0, 0.0), Vec3::new(-7.75, 0.0, 0.0), 2.5),
        // Visiting vehicles on the US segment.
        // Crew Dragon Endeavour: nose docked to Harmony zenith, trunk beyond.
        part(
            "Crew Dragon capsule",
            Shape::Frustum { radius_aft: 1.95, radius_fore: 0.8, length: 2.6 },
            Vec3::new(9.8, 0.0, -3.5),
            along_z(),
            Finish::Module,
        ),
        module("Crew Dragon trunk", Vec3::new(9.8, 0.0, -4.8), Vec3::new(9.8, 0.0, -7.6), 3.7),
        module("Cygnus NG-16", Vec3::new(-5.0, 0.0, 2.3), Vec3::new(-5.0, 0.0, 8.6), 3.07),
        // Russian segment, aft.
        module("Zarya (FGB)", Vec3::new(-22.6, 0.0, 0.0), Vec3::new(-10.0, 0.0, 0.0), 4.1),
        module("Zvezda transfer node", Vec3::new(-25.0, 0.0, 0.0), Vec3::new(-22.6, 0.0, 0.0), 2.9),
        module("Zvezda", Vec3::new(-35.7, 0.0, 0.0), Vec3::new(-25.0, 0.0, 0.0), 4.15),
        module("Rassvet (MRM-1)", Vec3::new(-16.3, 0.0, 2.05), RASSVET_PORT_M, 2.35),
        module("Poisk (MRM-2)", Vec3::new(-23.8, 0.0, -1.45), Vec3::new(-23.8, 0.0, -5.5), 2.55),
        module("Nauka (MLM)", Vec3::new(-23.8, 0.0, 1.45), Vec3::new(-23.8, 0.0, 14.5), 4.25),
        // Progress MS-17 on Poisk zenith, Soyuz MS-18 on Nauka nadir: their service modules.
        module("Progress MS-17", Vec3::new(-23.8, 0.0, -5.5), Vec3::new(-23.8, 0.0, -12.7), 2.72),
        module("Soyuz MS-18", Vec3::new(-23.8, 0.0, 14.5), Vec3::new(-23.8, 0.0, 21.5), 2.72),
        // Zvezda's arrays, 29.7 m span.
        part(
            "Zvezda arrays",
            Shape::Box { size: Vec3::new(3.0, 29.7, 0.05) },
            Vec3::new(-33.0, 0.0, 0.0),
            ALONG_X,
            Finish::BlueSolarArray,
        ),
    ];
    // Eight US array wings, 34 m x 11.6 m, on P4/P6 and S4/S6, forward and aft of the truss.
    for side in [-1.0_f32, 1.0] {
        for y in [32.5_f32, 47.5] {
            for x in [18.5_f32, -18.5] {
                parts.push(Part {
                    sun_tracking_pivot: Some(Vec3::new(0.0, side * y, -4.6)),
                    ..part(
                        "US array wing",
                        Shape::Box { size: Vec3::new(34.0, 11.6, 0.1) },
                        Vec3::new(x, side * y, -4.6),
                        ALONG_X,
                        Finish::UsSolarArray,
                    )
                });
            }
            parts.push(part(
                "array mast",
                Shape::Box { size: Vec3::new(3.0, 1.0, 1.0) },
                Vec3::new(0.0, side * y, -4.6),
                ALONG_X,
                Finish::Dark,
            ));
        }
        // Heat-rejection radiators on S1/P1 (three panels of 23 m x 3.4 m each side) hang aft.
        parts.push(part(
            "main radiators",
            Shape::Box { size: Vec3::new(0.3, 10.4, 13.6) },
            Vec3::new(-3.0, side * 15.0, 3.0),
            ALONG_X,
            Finish::Radiator,
        ));
        // Photovoltaic radiators between the array pairs.
        parts.push(part(
            "PV radiator",
            Shape::Box { size: Vec3::new(0.2, 3.4, 13.0) },
            Vec3::new(0.0, side * 40.0, 3.0),
            ALONG_X,
            Finish::Radiator,
        ));
    }
    ModelDef { name: "ISS", parts }
}

/// Soyuz MS: service, descent and orbital modules, probe and arrays (length 6.98 m, diameter
/// 2.72 m, array span 10.7 m: RSC Energia Soyuz TMA sheet, which the MS shares).
pub fn soyuz_ms() -> ModelDef {
    ModelDef {
        name: "Soyuz MS",
        parts: vec![
            part(
                "aft skirt",
                Shape::Frustum { radius_aft: 1.1, radius_fore: 1.36, length: 0.4 },
                Vec3::new(-3.3, 0.0, 0.0),
                ALONG_X,
                Finish::Dark,
            ),
            part(
                "service module",
                Shape::Cylinder { radius: 1.36, length: 2.0 },
                Vec3::new(-2.1, 0.0, 0.0),
                ALONG_X,
                Finish::RocketBody,
            ),
            part(
                "descent module",
                Shape::Frustum { radius_aft: 1.085, radius_fore: 0.6, length: 2.14 },
                Vec3::new(-0.03, 0.0, 0.0),
                ALONG_X,
                Finish::SoyuzBlanket,
            ),
            part(
                "orbital module",
                Shape::Ellipsoid { semi_axes: Vec3::new(1.3, 1.13, 1.13) },
                Vec3::new(2.2, 0.0, 0.0),
                ALONG_X,
                Finish::SoyuzBlanket,
            ),
            part(
                "docking probe",
                Shape::Cylinder { radius: 0.08, length: 0.6 },
                Vec3::new(3.7, 0.0, 0.0),
                ALONG_X,
                Finish::Dark,
            ),
            Part {
                deploys_after_separation: true,
                ..part(
                    "Kurs antenna",
                    Shape::Cylinder { radius: 0.03, length: 1.2 },
                    Vec3::new(2.6, 0.0, -1.4),
                    along_z(),
                    Finish::Dark,
                )
            },
            Part {
                deploys_after_separation: true,
                ..part(
                    "solar array",
                    Shape::Box { size: Vec3::new(1.2, 10.7, 0.04) },
                    Vec3::new(-2.1, 0.0, 0.0),
                    ALONG_X,
                    Finish::BlueSolarArray,
                )
            },
        ],
    }
}

/// The pieces of the Soyuz-2.1a stack, each drawn until it leaves.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StackPiece {
    Boosters,
    Core,
    ThirdStage,
    Fairing,
    EscapeTower,
}

/// Booster `k` of 4 (Blocks B, V, G, D, RD-107A), conical, 2.68 m at the base, around the
/// core at 90 deg steps; `k = None` gives one booster on its own axis.
fn booster_parts(k: Option<u32>) -> Vec<Part> {
    let offset = k.map_or(Vec3::ZERO, |k| {
        let angle = k as f32 * std::f32::consts::FRAC_PI_2;
        Vec3::new(0.0, angle.cos(), angle.sin()) * 2.35
    });
    vec![
        part(
            "booster",
            Shape::Frustum { radius_aft: 1.34, radius_fore: 0.45, length: 17.6 },
            Vec3::new(8.8, 0.0, 0.0) + offset,
            ALONG_X,
            Finish::RocketBody,
        ),
        part(
            "booster nose",
            Shape::Frustum { radius_aft: 0.45, radius_fore: 0.1, length: 2.0 },
            Vec3::new(18.6, 0.0, 0.0) + offset * 0.85,
            ALONG_X,
            Finish::RocketBody,
        ),
    ]
}

fn core_parts() -> Vec<Part> {
    vec![
        part(
            "core stage lower",
            Shape::Frustum { radius_aft: 1.03, radius_fore: 1.475, length: 10.0 },
            Vec3::new(5.0, 0.0, 0.0),
            ALONG_X,
            Finish::RocketBody,
        ),
        part(
            "core stage",
            Shape::Cylinder { radius: 1.475, length: 17.1 },
            Vec3::new(18.55, 0.0, 0.0),
            ALONG_X,
            Finish::RocketBody,
        ),
        part(
            "interstage lattice",
            Shape::Cylinder { radius: 1.2, length: 0.9 },
            Vec3::new(27.55, 0.0, 0.0),
            ALONG_X,
            Finish::Dark,
        ),
    ]
}

fn third_stage_parts() -> Vec<Part> {
    vec![part(
        "third stage",
        Shape::Cylinder { radius: 1.33, length: 6.7 },
        Vec3::new(31.35, 0.0, 0.0),
        ALONG_X,
        Finish::RocketBody,
    )]
}

fn fairing_parts() -> Vec<Part> {
    vec![
        part(
            "fairing",
            Shape::Cylinder { radius: 1.65, length: 6.3 },
            Vec3::new(37.85, 0.0, 0.0),
            ALONG_X,
            Finish::Module,
        ),
        part(
            "fairing nose",
            Shape::Frustum { radius_aft: 1.65, radius_fore: 0.35, length: 2.8 },
            Vec3::new(42.4, 0.0, 0.0),
            ALONG_X,
            Finish::Module,
        ),
    ]
}

fn escape_tower_parts() -> Vec<Part> {
    vec![part(
        "escape tower",
        Shape::Cylinder { radius: 0.25, length: 2.5 },
        Vec3::new(45.05, 0.0, 0.0),
        ALONG_X,
        Finish::Dark,
    )]
}

/// Soyuz-2.1a, x up from the pad (46.3 m tall: core Block A 27.1 m, boosters 19.6 m, third
/// stage Block I 6.7 m, fairing with escape tower; Soyuz User's Manual), piece by piece.
pub fn soyuz_2_1a() -> Vec<(StackPiece, ModelDef)> {
    vec![
        (
            StackPiece::Boosters,
            ModelDef { name: "boosters", parts: (0..4).flat_map(|k| booster_parts(Some(k))).collect() },
        ),
        (StackPiece::Core, ModelDef { name: "core stage", parts: core_parts() }),
        (StackPiece::ThirdStage, ModelDef { name: "third stage", parts: third_stage_parts() }),
        (StackPiece::Fairing, ModelDef { name: "fairing", parts: fairing_parts() }),
        (StackPiece::EscapeTower, ModelDef { name: "escape tower", parts: escape_tower_parts() }),
    ]
}

/// The model of a piece flying on its own, by its body name (`booster-3`, `core`, ...),
/// re-centred on its own middle.
pub fn jettisoned(body_name: &str) -> Option<ModelDef> {
    let (name, parts, middle_x): (&'static str, Vec<Part>, f32) = match body_name {
        n if n.starts_with("booster") => ("booster", booster_parts(None), 9.8),
        "core" => ("core stage", core_parts(), 14.0),
        "third-stage" => ("third stage", third_stage_parts(), 31.35),
        "fairing" => ("fairing", fairing_parts(), 39.5),
        "escape-tower" => ("escape tower", escape_tower_parts(), 45.05),
        "aft-skirt" => (
            "aft skirt",
            vec![part(
                "aft skirt",
                Shape::Cylinder { radius: 1.33, length: 0.8 },
                Vec3::ZERO,
                ALONG_X,
                Finish::RocketBody,
            )],
            0.0,
        ),
        _ => return None,
    };
    let parts = parts.into_iter().map(|p| Part { center_m: p.center_m - Vec3::X * middle_x, ..p }).collect();
    Some(ModelDef { name, parts })
}

/// The launch table at the pad: a concrete deck 60 m square, 2 m thick, top at the pad point,
/// in a frame with x up.
pub fn pad_deck() -> ModelDef {
    ModelDef {
        name: "pad deck",
        parts: vec![part(
            "pad deck",
            Shape::Box { size: Vec3::new(2.0, 60.0, 60.0) },
            Vec3::new(-1.0, 0.0, 0.0),
            ALONG_X,
            Finish::Concrete,
        )],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iss_has_its_truss_eight_wings_and_rassvet() {
        let iss = iss();
        let wings = iss.parts.iter().filter(|p| p.finish == Finish::UsSolarArray).count();
        assert_eq!(wings, 8);
        assert!(iss.parts.iter().filter(|p| p.finish == Finish::UsSolarArray).all(|p| p.sun_tracking_pivot.is_some()));
        let truss = iss.parts.iter().find(|p| p.name == "truss").unwrap();
        assert!(matches!(truss.shape, Shape::Box { size } if size.y == 109.0));
        assert!(iss.parts.iter().any(|p| p.name == "Rassvet (MRM-1)"));
    }

    #[test]
    fn soyuz_spans_its_arrays_and_length() {
        let soyuz = soyuz_ms();
        let array = soyuz.parts.iter().find(|p| p.name == "solar array").unwrap();
        assert!(matches!(array.shape, Shape::Box { size } if (size.y - 10.7).abs() < 1e-6));
        let ends: Vec<f32> = soyuz
            .parts
            .iter()
            .filter_map(|p| match p.shape {
                Shape::Cylinder { length, .. } | Shape::Frustum { length, .. } => Some(p.center_m.x + length / 2.0),
                _ => None,
            })
            .collect();
        let tip = ends.iter().cloned().fold(f32::MIN, f32::max);
        // Aft skirt at -3.5 m to the probe tip: about 7.5 m with the probe.
        assert!((tip + 3.5 - 7.5).abs() < 0.3, "{tip}");
    }
}
