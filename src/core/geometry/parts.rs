//! The part lists: the ISS as of 5 October 2021, the Soyuz MS and the Soyuz-2.1a, at real size.

use super::mass::inertia_tensor_kg_m2;
use super::model::{Finish, ModelDef, ModelId, Part, Port, PortEnd, PortId, SSVP_DROGUE, Shape, StackPiece};
use crate::core::Vector3d;
use nalgebra::UnitQuaternion;

fn v(x: f64, y: f64, z: f64) -> Vector3d {
    Vector3d::new(x, y, z)
}

fn along_x() -> UnitQuaternion<f64> {
    UnitQuaternion::identity()
}

fn along_z() -> UnitQuaternion<f64> {
    UnitQuaternion::from_axis_angle(&Vector3d::y_axis(), -std::f64::consts::FRAC_PI_2)
}

fn part(name: &'static str, shape: Shape, center_m: Vector3d, rotation: UnitQuaternion<f64>, finish: Finish) -> Part {
    Part { name, shape, center_m, rotation, finish, sun_tracking_pivot_m: None, deploys_after_separation: false }
}

/// A part folded inside the fairing, unfolded after separation (arrays, antennas).
fn unfolding(p: Part) -> Part {
    Part { deploys_after_separation: true, ..p }
}

/// A pressurised module: a cylinder from `from` to `to` along one body axis.
fn module(name: &'static str, from: Vector3d, to: Vector3d, diameter: f64) -> Part {
    let axis = to - from;
    let rotation = UnitQuaternion::rotation_between(&Vector3d::x(), &axis).expect("a module has a length");
    part(
        name,
        Shape::Cylinder { radius_m: diameter / 2.0, length_m: axis.norm() },
        (from + to) / 2.0,
        rotation,
        Finish::Module,
    )
}

/// The ISS's own modules, truss and arrays as of 5 October 2021 (ms19-facts.md: Nauka on
/// Zvezda nadir, Pirs gone). The vehicles docked to it are bodies of their own, placed on its
/// ports by the scenario. Dimensions from NASA's ISS Reference Guide (2015) and RSC Energia
/// module sheets.
pub fn iss() -> ModelDef {
    let mut parts = vec![
        // Integrated truss, 109 m, above the US lab.
        part("truss", Shape::Box { size_m: v(4.5, 109.0, 4.0) }, v(0.0, 0.0, -4.6), along_x(), Finish::Truss),
        // US segment, forward.
        module("Harmony (Node 2)", v(6.25, 0.0, 0.0), v(13.45, 0.0, 0.0), 4.4),
        module("PMA-2 / IDA-2", v(13.45, 0.0, 0.0), v(15.4, 0.0, 0.0), 2.0),
        module("Destiny", v(-2.25, 0.0, 0.0), v(6.25, 0.0, 0.0), 4.3),
        module("Unity (Node 1)", v(-7.75, 0.0, 0.0), v(-2.25, 0.0, 0.0), 4.6),
        module("Columbus", v(9.8, 2.2, 0.0), v(9.8, 9.2, 0.0), 4.5),
        module("Kibo JEM-PM", v(9.8, -2.2, 0.0), v(9.8, -13.4, 0.0), 4.4),
        part(
            "Kibo exposed facility",
            Shape::Box { size_m: v(5.0, 5.6, 3.8) },
            v(9.8, -16.4, 0.0),
            along_x(),
            Finish::Radiator,
        ),
        module("Tranquility (Node 3)", v(-5.0, -2.3, 0.0), v(-5.0, -9.0, 0.0), 4.5),
        part("Cupola", Shape::Ellipsoid { semi_axes_m: v(1.5, 1.5, 0.9) }, v(-5.0, -7.0, 2.6), along_x(), Finish::Dark),
        module("Quest airlock", v(-5.0, 2.3, 0.0), v(-5.0, 7.8, 0.0), 4.0),
        module("PMA-1", v(-10.0, 0.0, 0.0), v(-7.75, 0.0, 0.0), 2.5),
        // On Tranquility in October 2021: the PMM Leonardo on its forward port (moved there in
        // 2015; 6.6 m, 4.57 m), BEAM on its aft port (expanded 4.0 m, 3.2 m) and NanoRacks'
        // Bishop airlock on its port end (December 2020; about 2 m across, 1.8 m long) (NASA
        // ISS Reference Guide; NanoRacks Bishop sheet) M.
        module("PMM (Leonardo)", v(-2.75, -6.5, 0.0), v(3.85, -6.5, 0.0), 4.57),
        module("BEAM", v(-11.25, -6.5, 0.0), v(-7.25, -6.5, 0.0), 3.2),
        part(
            "Bishop airlock",
            Shape::Frustum { radius_aft_m: 1.0, radius_fore_m: 0.75, length_m: 1.8 },
            v(-5.0, -9.9, 0.0),
            UnitQuaternion::from_axis_angle(&Vector3d::z_axis(), -std::f64::consts::FRAC_PI_2),
            Finish::Module,
        ),
        // Canadarm2 (17.6 m, two 7.7 m booms, 0.35 m across: CSA) on its mobile base on the
        // truss's zenith face, its elbow raised; the pose is ours (L).
        part("Canadarm2 base", Shape::Box { size_m: v(2.7, 2.8, 1.0) }, v(0.0, 8.0, -7.1), along_x(), Finish::Truss),
        boom("Canadarm2", v(0.0, 8.0, -7.6), v(-4.0, 8.0, -14.2)),
        boom("Canadarm2", v(-4.0, 8.0, -14.2), v(-11.0, 8.0, -11.0)),
        // Russian segment, aft.
        module("Zarya (FGB)", v(-22.6, 0.0, 0.0), v(-10.0, 0.0, 0.0), 4.1),
        module("Zvezda transfer node", v(-25.0, 0.0, 0.0), v(-22.6, 0.0, 0.0), 2.9),
        // Zvezda's stepped hull (RSC Energia): the working compartment's small section, 2.9 m,
        // a cone, the large section, 4.15 m, and the aft transfer chamber with its port.
        module("Zvezda working compartment", v(-28.5, 0.0, 0.0), v(-25.0, 0.0, 0.0), 2.9),
        part(
            "Zvezda conical section",
            Shape::Frustum { radius_aft_m: 2.075, radius_fore_m: 1.45, length_m: 1.2 },
            v(-29.1, 0.0, 0.0),
            along_x(),
            Finish::Module,
        ),
        module("Zvezda", v(-34.0, 0.0, 0.0), v(-29.7, 0.0, 0.0), 4.15),
        module("Zvezda aft transfer chamber", v(-35.7, 0.0, 0.0), v(-34.0, 0.0, 0.0), 2.0),
        module("Rassvet (MRM-1)", v(-16.3, 0.0, 2.05), v(-16.3, 0.0, 8.1), 2.35),
        module("Poisk (MRM-2)", v(-23.8, 0.0, -1.45), v(-23.8, 0.0, -5.5), 2.55),
        module("Nauka (MLM)", v(-23.8, 0.0, 1.45), v(-23.8, 0.0, 14.5), 4.25),
        // The European Robotic Arm, launched with Nauka and stowed folded along its hull in
        // October 2021 (11.3 m: ESA) M; on the port side, the place is ours (L).
        boom("European Robotic Arm (ERA)", v(-23.8, -2.45, 3.5), v(-23.8, -2.45, 9.2)),
        boom("European Robotic Arm (ERA)", v(-23.3, -2.45, 9.2), v(-23.3, -2.45, 3.5)),
        // Zvezda's arrays, 29.7 m span.
        part(
            "Zvezda arrays",
            Shape::Box { size_m: v(3.0, 29.7, 0.05) },
            v(-33.0, 0.0, 0.0),
            along_x(),
            Finish::BlueSolarArray,
        ),
    ];
    // Eight US array wings on P4/P6 and S4/S6, forward and aft of the truss: each two
    // blankets of 34 m x 4.6 m either side of its mast, 11.6 m across in all (NASA ISS
    // Reference Guide). On P6's two wings (channels 2B and 4B) the first two roll-out arrays,
    // iROSA, installed in June 2021: 19 m x 6 m, canted over the inner half of the old wing
    // (NASA, "ISS Roll-Out Solar Arrays") M; their cant, 10 deg, is ours (L).
    for side in [-1.0_f64, 1.0] {
        for y in [32.5_f64, 47.5] {
            for x in [18.5_f64, -18.5] {
                let pivot = v(0.0, side * y, -4.6);
                let tracking = |p: Part| Part { sun_tracking_pivot_m: Some(pivot), ..p };
                for blanket in [-3.5, 3.5] {
                    parts.push(tracking(part(
                        "US array wing",
                        Shape::Box { size_m: v(34.0, 4.6, 0.1) },
                        v(x, side * y + blanket, -4.6),
                        along_x(),
                        Finish::UsSolarArray,
                    )));
                }
                parts.push(tracking(part(
                    "US array mast",
                    Shape::Cylinder { radius_m: 0.25, length_m: 34.0 },
                    v(x, side * y, -4.6),
                    along_x(),
                    Finish::Truss,
                )));
                if side < 0.0 && y > 40.0 {
                    let cant = UnitQuaternion::from_axis_angle(&Vector3d::y_axis(), x.signum() * 10f64.to_radians());
                    parts.push(tracking(part(
                        "iROSA",
                        Shape::Box { size_m: v(19.0, 6.0, 0.08) },
                        v(x.signum() * 11.5, side * y, -4.6 - 2.3),
                        cant,
                        Finish::BlueSolarArray,
                    )));
                }
            }
            parts.push(part(
                "array mast",
                Shape::Box { size_m: v(3.0, 1.0, 1.0) },
                v(0.0, side * y, -4.6),
                along_x(),
                Finish::Dark,
            ));
        }
        // Heat-rejection radiators on S1/P1 (three panels of 23 m x 3.4 m each side) hang aft.
        parts.push(part(
            "main radiators",
            Shape::Box { size_m: v(0.3, 10.4, 13.6) },
            v(-3.0, side * 15.0, 3.0),
            along_x(),
            Finish::Radiator,
        ));
        // Photovoltaic radiators between the array pairs.
        parts.push(part(
            "PV radiator",
            Shape::Box { size_m: v(0.2, 3.4, 13.0) },
            v(0.0, side * 40.0, 3.0),
            along_x(),
            Finish::Radiator,
        ));
    }
    parts.extend(rassvet_docking_target());
    // The Russian ports are SSVP passive units, each with its drogue; the US ones are not.
    let russian = |id, label, part, end| Port { id, label, part, end, drogue: Some(SSVP_DROGUE) };
    let us = |id, label, part, end| Port { id, label, part, end, drogue: None };
    let ports = vec![
        russian(PortId::RassvetNadir, "Rassvet (MRM-1) nadir", "Rassvet (MRM-1)", PortEnd::Fore),
        russian(PortId::NaukaNadir, "Nauka (MLM) nadir", "Nauka (MLM)", PortEnd::Fore),
        russian(PortId::PoiskZenith, "Poisk (MRM-2) zenith", "Poisk (MRM-2)", PortEnd::Fore),
        russian(PortId::ZvezdaAft, "Zvezda aft", "Zvezda aft transfer chamber", PortEnd::Aft),
        us(PortId::HarmonyForward, "Harmony forward (IDA-2)", "PMA-2 / IDA-2", PortEnd::Fore),
        us(
            PortId::HarmonyZenith,
            "Harmony zenith (IDA-3)",
            "Harmony (Node 2)",
            PortEnd::Side { toward: -Vector3d::z() },
        ),
        us(PortId::UnityNadir, "Unity nadir (CBM)", "Unity (Node 1)", PortEnd::Side { toward: Vector3d::z() }),
    ];
    ModelDef { name: "ISS", parts, ports }
}

/// A boom of a robotic arm, 0.35 m across, from `from` to `to`.
fn boom(name: &'static str, from: Vector3d, to: Vector3d) -> Part {
    Part { finish: Finish::Truss, ..module(name, from, to, 0.35) }
}

/// Name of the docking target's pieces (one name: a strike on any is a strike on the target).
pub const DOCKING_TARGET: &str = "docking target";

/// How far the docking target on Rassvet stands off the port's axis, towards the station's +x,
/// m: where the Soyuz's periscope looks out beside its probe (its body +z, which the docking
/// attitude turns onto the station's +x), so that a ship on the axis sees the target straight
/// ahead.
pub const DOCKING_TARGET_OFFSET_M: f64 = 0.9;

/// Rassvet's docking target beside its nadir port: a black base plate with a white cross on the
/// port's face, and a post standing out towards the ship with a second cross on its tip. Lined
/// up and on the axis, the periscope sees the tip's cross over the base's; off the axis or
/// turned, the crosses part (the Soyuz's docking target, as on every Russian port). Sizes
/// ours (L): a 0.5 m plate, a 0.3 m post, crosses of 0.44 and 0.2 m.
fn rassvet_docking_target() -> Vec<Part> {
    let face_z = 8.1;
    let at = |z: f64| v(-16.3 + DOCKING_TARGET_OFFSET_M, 0.0, face_z + z);
    let cross = |z: f64, arm_m: f64, width_m: f64| {
        [v(arm_m, width_m, 0.01), v(width_m, arm_m, 0.01)]
            .map(|size_m| part(DOCKING_TARGET, Shape::Box { size_m }, at(z), along_x(), Finish::TargetMarking))
    };
    let mut parts = vec![
        part(DOCKING_TARGET, Shape::Box { size_m: v(0.5, 0.5, 0.02) }, at(0.01), along_x(), Finish::Dark),
        part(DOCKING_TARGET, Shape::Cylinder { radius_m: 0.015, length_m: 0.3 }, at(0.17), along_z(), Finish::Dark),
    ];
    parts.extend(cross(0.025, 0.44, 0.03));
    parts.extend(cross(0.325, 0.2, 0.025));
    parts
}

/// The parts a Soyuz MS and a Progress MS share: aft skirt, instrument-propulsion (service)
/// module, docking probe, Kurs antenna and a pair of arrays spanning `array_span_m`, between
/// which each puts its own modules.
fn soyuz_family(name: &'static str, modules: [Part; 2], array_span_m: f64) -> ModelDef {
    let mut parts = vec![
        part(
            "aft skirt",
            Shape::Frustum { radius_aft_m: 1.1, radius_fore_m: 1.36, length_m: 0.4 },
            v(-3.3, 0.0, 0.0),
            along_x(),
            Finish::Dark,
        ),
        part(
            "service module",
            Shape::Cylinder { radius_m: 1.36, length_m: 2.0 },
            v(-2.1, 0.0, 0.0),
            along_x(),
            Finish::RocketBody,
        ),
    ];
    parts.extend(modules);
    parts.extend([
        part(
            "docking probe",
            Shape::Cylinder { radius_m: 0.08, length_m: 0.6 },
            v(3.7, 0.0, 0.0),
            along_x(),
            Finish::Dark,
        ),
        unfolding(part(
            "Kurs antenna",
            Shape::Cylinder { radius_m: 0.03, length_m: 1.2 },
            v(2.6, 0.0, -1.4),
            along_z(),
            Finish::Dark,
        )),
        // Kurs's second boom, across the orbital module's side (ours, L).
        unfolding(part(
            "Kurs antenna",
            Shape::Cylinder { radius_m: 0.03, length_m: 0.8 },
            v(2.0, 1.5, 0.0),
            UnitQuaternion::from_axis_angle(&Vector3d::z_axis(), std::f64::consts::FRAC_PI_2),
            Finish::Dark,
        )),
        // The SKD main engine's nozzle out of the aft bulkhead, and the white radiator band
        // round the service module (RSC Energia; sizes ours, L).
        part(
            "SKD nozzle",
            Shape::Frustum { radius_aft_m: 0.3, radius_fore_m: 0.15, length_m: 0.45 },
            v(-3.725, 0.0, 0.0),
            along_x(),
            Finish::Dark,
        ),
        part(
            "radiator",
            Shape::Cylinder { radius_m: 1.375, length_m: 1.3 },
            v(-2.35, 0.0, 0.0),
            along_x(),
            Finish::Radiator,
        ),
        unfolding(part(
            "solar array",
            Shape::Box { size_m: v(1.2, array_span_m, 0.04) },
            v(-2.1, 0.0, 0.0),
            along_x(),
            Finish::BlueSolarArray,
        )),
    ]);
    ModelDef {
        name,
        ports: vec![Port {
            id: PortId::SoyuzProbe,
            label: "probe",
            part: "docking probe",
            end: PortEnd::Fore,
            drogue: None,
        }],
        parts,
    }
}

/// Soyuz MS: service, descent and orbital modules, probe and arrays (length 6.98 m, diameter
/// 2.72 m, array span 10.7 m: RSC Energia Soyuz TMA sheet, which the MS shares).
pub fn soyuz_ms() -> ModelDef {
    let mut descent_module = descent_module_bell();
    let mut model = soyuz_family(
        "Soyuz MS",
        [
            descent_module.remove(0),
            part(
                "orbital module",
                Shape::Ellipsoid { semi_axes_m: v(1.3, 1.13, 1.13) },
                v(2.2, 0.0, 0.0),
                along_x(),
                Finish::SoyuzBlanket,
            ),
        ],
        10.7,
    );
    model.parts.extend(descent_module);
    model
}

/// The descent module's bell ("headlight"): 2.17 m across at the heat shield, 2.14 m long,
/// its flank curving in to the 1.2 m hatch ring under the orbital module (RSC Energia's Soyuz
/// TMA sheet; the profile's stations ours, from the drawings, L), as four frustums (each
/// convex, so each is a contact piece of its own).
fn descent_module_bell() -> Vec<Part> {
    // (distance from the heat shield, radius) at each station, m.
    const PROFILE_M: [(f64, f64); 5] = [(0.0, 1.085), (0.45, 1.06), (1.1, 0.96), (1.7, 0.8), (2.14, 0.6)];
    const HEAT_SHIELD_X_M: f64 = -1.1;
    PROFILE_M
        .windows(2)
        .map(|pair| {
            let ((aft_m, radius_aft_m), (fore_m, radius_fore_m)) = (pair[0], pair[1]);
            part(
                "descent module",
                Shape::Frustum { radius_aft_m, radius_fore_m, length_m: fore_m - aft_m },
                v(HEAT_SHIELD_X_M + 0.5 * (aft_m + fore_m), 0.0, 0.0),
                along_x(),
                Finish::SoyuzBlanket,
            )
        })
        .collect()
}

/// Where each of the Soyuz MS's descent, orbital and service modules has its own origin once
/// they part, m along the Soyuz's x axis in its part list's frame: the orbital and service
/// modules at their middles, the descent module on its heat shield, so that it stands on the
/// ground where it lands.
pub const SOYUZ_MODULE_MIDDLES_X_M: [f64; 3] = [-1.1, 2.7, -2.55];

/// The Soyuz MS's parts of the given names: one module as it flies alone.
fn soyuz_module_parts(names: &[&str]) -> Vec<Part> {
    soyuz_ms().parts.into_iter().filter(|p| names.contains(&p.name)).collect()
}

/// The Soyuz's module masses, kg: descent module 6,393 lb, orbital module 2,866 lb,
/// propulsion (service) module 5,732 lb (NASA, "Soyuz spacecraft" fact sheet, Soyuz TMA, which
/// the MS shares) H.
pub const SOYUZ_MS_MODULE_MASSES_KG: [(&str, f64); 3] =
    [("descent module", 2900.0), ("orbital module", 1300.0), ("service module", 2600.0)];

/// A Soyuz MS of `mass_kg`: its inertia tensor about its centre of mass, kg m², and that centre
/// in the part list's frame, m; NASA's module masses scaled together to `mass_kg`, each module
/// a uniform solid of its part (derived; the arrays and the propellant's motion left out, L).
pub fn soyuz_ms_mass_properties(mass_kg: f64) -> (nalgebra::Matrix3<f64>, Vector3d) {
    let scale = mass_kg / SOYUZ_MS_MODULE_MASSES_KG.iter().map(|(_, kg)| kg).sum::<f64>();
    let masses = SOYUZ_MS_MODULE_MASSES_KG.map(|(name, kg)| (name, kg * scale));
    inertia_tensor_kg_m2(&soyuz_ms(), &masses).expect("the Soyuz has its three modules")
}

/// Progress MS: the Soyuz's service module, probe and arrays, with a refuelling module and a
/// cargo module in place of the descent and orbital modules (length 7.2 m, diameter 2.72 m,
/// span 10.6 m: RSC Energia Progress MS sheet) M. The modules' split of the length is ours (L).
pub fn progress_ms() -> ModelDef {
    soyuz_family(
        "Progress MS",
        [
            part(
                "refuelling module",
                Shape::Cylinder { radius_m: 1.08, length_m: 1.9 },
                v(-0.15, 0.0, 0.0),
                along_x(),
                Finish::SoyuzBlanket,
            ),
            part(
                "cargo module",
                Shape::Ellipsoid { semi_axes_m: v(1.4, 1.15, 1.15) },
                v(2.1, 0.0, 0.0),
                along_x(),
                Finish::SoyuzBlanket,
            ),
        ],
        10.6,
    )
}

/// Crew Dragon: the capsule, 4 m across at its heat shield and narrowing to the docking
/// adapter in its nose, on its trunk, 3.7 m across (SpaceX Dragon sheet; 8.1 m tall with the
/// trunk) M; the capsule's cone is simplified to a frustum (L). x points out of the nose.
pub fn crew_dragon() -> ModelDef {
    ModelDef {
        name: "Crew Dragon",
        parts: vec![
            part(
                "capsule",
                Shape::Frustum { radius_aft_m: 1.95, radius_fore_m: 0.8, length_m: 2.6 },
                v(-1.3, 0.0, 0.0),
                along_x(),
                Finish::Module,
            ),
            part(
                "trunk",
                Shape::Cylinder { radius_m: 1.85, length_m: 2.8 },
                v(-4.0, 0.0, 0.0),
                along_x(),
                Finish::Module,
            ),
        ],
        ports: vec![Port {
            id: PortId::Nose,
            label: "docking adapter",
            part: "capsule",
            end: PortEnd::Fore,
            drogue: None,
        }],
    }
}

/// Enhanced Cygnus: the pressurised cargo module, 3.07 m across, berthed by its common berthing
/// mechanism at x = 0, with its service module aft and two round UltraFlex arrays, about 3.8 m
/// across (Northrop Grumman Cygnus fact sheet) M; the arrays' booms are left out (L).
pub fn cygnus() -> ModelDef {
    let array = |side: f64| {
        part(
            "UltraFlex array",
            Shape::Cylinder { radius_m: 1.9, length_m: 0.05 },
            v(-5.7, side * 3.75, 0.0),
            along_z(),
            Finish::BlueSolarArray,
        )
    };
    ModelDef {
        name: "Cygnus",
        parts: vec![
            module("pressurised cargo module", v(-5.1, 0.0, 0.0), v(0.0, 0.0, 0.0), 3.07),
            part(
                "service module",
                Shape::Cylinder { radius_m: 1.3, length_m: 1.2 },
                v(-5.7, 0.0, 0.0),
                along_x(),
                Finish::RocketBody,
            ),
            array(1.0),
            array(-1.0),
        ],
        ports: vec![Port {
            id: PortId::Nose,
            label: "berthing mechanism",
            part: "pressurised cargo module",
            end: PortEnd::Fore,
            drogue: None,
        }],
    }
}

/// A painted stripe on a round body, along its side at `angle_rad` about its x axis: from
/// `aft` to `fore`, each (x, radius) in the body's frame about the axis through `axis_m`; a thin
/// strip standing just proud of the skin.
fn stripe(axis_m: Vector3d, aft: (f64, f64), fore: (f64, f64), angle_rad: f64, finish: Finish) -> Part {
    const WIDTH_M: f64 = 0.3;
    const THICKNESS_M: f64 = 0.02;
    let radial = v(0.0, angle_rad.cos(), angle_rad.sin());
    let tangent = v(0.0, -angle_rad.sin(), angle_rad.cos());
    let at = |(x, radius): (f64, f64)| axis_m + v(x, 0.0, 0.0) + radial * (radius + 0.5 * THICKNESS_M);
    let (from, to) = (at(aft), at(fore));
    let along = (to - from).normalize();
    let turn = nalgebra::Rotation3::from_basis_unchecked(&[along, tangent, along.cross(&tangent)]);
    part(
        "livery stripe",
        Shape::Box { size_m: v((to - from).norm(), WIDTH_M, THICKNESS_M) },
        (from + to) / 2.0,
        UnitQuaternion::from_rotation_matrix(&turn),
        finish,
    )
}

/// The flight's livery: a red and a blue stripe side by side along a round body at
/// `angle_rad` ("red and blue stripes over the whole vehicle", Roscosmos on the MS-19 rocket,
/// 25 September 2021, via novosti-kosmonavtiki.ru/news/81442; their width and places ours, L).
/// The emblems (Roscosmos, Glavkosmos, Channel One, the "Challenge" logo) are not drawn.
fn livery(axis_m: Vector3d, aft: (f64, f64), fore: (f64, f64), angle_rad: f64) -> [Part; 2] {
    // The two stripes' centres 0.3 m apart on the skin.
    let half_rad = 0.15 / (0.5 * (aft.1 + fore.1));
    [
        stripe(axis_m, aft, fore, angle_rad - half_rad, Finish::LiveryRed),
        stripe(axis_m, aft, fore, angle_rad + half_rad, Finish::LiveryBlue),
    ]
}

/// A booster's axis from the core's, m.
const BOOSTER_OFF_AXIS_M: f64 = 2.35;
/// The launcher's pieces' middles (the origins of their own models), x up from the pad, m.
const BOOSTER_MIDDLE_X_M: f64 = 9.8;
const CORE_MIDDLE_X_M: f64 = 14.0;
const THIRD_STAGE_MIDDLE_X_M: f64 = 31.35;
const THIRD_STAGE_LENGTH_M: f64 = 6.7;
/// The third stage's base, where its engine is, x up from the pad, m.
pub const THIRD_STAGE_BASE_X_M: f64 = THIRD_STAGE_MIDDLE_X_M - 0.5 * THIRD_STAGE_LENGTH_M;
const FAIRING_MIDDLE_X_M: f64 = 39.5;
const ESCAPE_TOWER_MIDDLE_X_M: f64 = 45.05;
/// Where a booster's upper attachment bears on the core, x up from the pad, m: in its nose,
/// whose middle is here (the part list's).
pub const BOOSTER_UPPER_ATTACHMENT_X_M: f64 = 18.6;

/// The side booster `k` faces round the core, rad about the stack's x from its +y.
fn booster_face_rad(k: u32) -> f64 {
    f64::from(k) * std::f64::consts::FRAC_PI_2
}

/// Where a piece the launcher drops sat in the stack (x up from the pad, m): the origin of its
/// own [`model`], and the turn about x (rad) that takes its own +y to where that side faced;
/// booster `k` (of 4, from 0) round the core, its outer face its own +y.
pub fn place_in_stack(id: ModelId, booster: u32) -> (Vector3d, f64) {
    let on_axis = |x_m: f64| (v(x_m, 0.0, 0.0), 0.0);
    match id {
        ModelId::Booster => {
            let face = booster_face_rad(booster);
            (v(BOOSTER_MIDDLE_X_M, face.cos() * BOOSTER_OFF_AXIS_M, face.sin() * BOOSTER_OFF_AXIS_M), face)
        }
        ModelId::CoreStage => on_axis(CORE_MIDDLE_X_M),
        ModelId::ThirdStage => on_axis(THIRD_STAGE_MIDDLE_X_M),
        // The third stage's tail section, under the stage (its length ours, L).
        ModelId::AftSkirt => on_axis(THIRD_STAGE_BASE_X_M - 0.4),
        ModelId::Fairing => on_axis(FAIRING_MIDDLE_X_M),
        ModelId::EscapeTower => on_axis(ESCAPE_TOWER_MIDDLE_X_M),
        _ => on_axis(0.0),
    }
}

/// Where a spacecraft's own origin sits in the stack, x up from the pad (m): its aft skirt's
/// end on the third stage's top (the main engine's nozzle reaches down into the adapter).
pub fn spacecraft_seat_x_m(spacecraft: &ModelDef) -> f64 {
    let skirt: Vec<Part> = spacecraft.parts.iter().filter(|p| p.name == "aft skirt").copied().collect();
    let seated_on = if skirt.is_empty() { spacecraft.clone() } else { ModelDef { parts: skirt, ..spacecraft.clone() } };
    let aft_end_m = super::shapes::contact_shape(&seated_on, 0.0).local_aabb().mins.x;
    THIRD_STAGE_MIDDLE_X_M + 0.5 * THIRD_STAGE_LENGTH_M - aft_end_m
}

/// Booster `k` of 4 (Blocks B, V, G, D, RD-107A), conical, 2.68 m at the base, around the
/// core at 90 deg steps; `k = None` gives one booster on its own axis.
fn booster_parts(k: Option<u32>) -> Vec<Part> {
    let outward_rad = k.map_or(0.0, booster_face_rad);
    let offset = k.map_or(Vector3d::zeros(), |_| v(0.0, outward_rad.cos(), outward_rad.sin()) * BOOSTER_OFF_AXIS_M);
    let mut parts = vec![
        part(
            "booster",
            Shape::Frustum { radius_aft_m: 1.34, radius_fore_m: 0.45, length_m: 17.6 },
            v(8.8, 0.0, 0.0) + offset,
            along_x(),
            Finish::RocketBody,
        ),
        part(
            "booster nose",
            Shape::Frustum { radius_aft_m: 0.45, radius_fore_m: 0.1, length_m: 2.0 },
            v(18.6, 0.0, 0.0) + offset * 0.85,
            along_x(),
            Finish::RocketBody,
        ),
    ];
    // Along the booster's outer face, from near its base to its shoulder.
    parts.extend(livery(offset, (1.0, 1.34 - 0.89 / 17.6), (16.0, 1.34 - 0.89 * 16.0 / 17.6), outward_rad));
    parts
}

fn core_parts() -> Vec<Part> {
    let mut parts = vec![
        part(
            "core stage lower",
            Shape::Frustum { radius_aft_m: 1.03, radius_fore_m: 1.475, length_m: 10.0 },
            v(5.0, 0.0, 0.0),
            along_x(),
            Finish::RocketBody,
        ),
        part(
            "core stage",
            Shape::Cylinder { radius_m: 1.475, length_m: 17.1 },
            v(18.55, 0.0, 0.0),
            along_x(),
            Finish::RocketBody,
        ),
        part(
            "interstage lattice",
            Shape::Cylinder { radius_m: 1.2, length_m: 0.9 },
            v(27.55, 0.0, 0.0),
            along_x(),
            Finish::Dark,
        ),
    ];
    // Between two boosters, where the core shows above their shoulders.
    parts.extend(livery(Vector3d::zeros(), (19.5, 1.475), (26.9, 1.475), std::f64::consts::FRAC_PI_4));
    parts
}

fn third_stage_parts() -> Vec<Part> {
    let mut parts = vec![part(
        "third stage",
        Shape::Cylinder { radius_m: 1.33, length_m: THIRD_STAGE_LENGTH_M },
        v(THIRD_STAGE_MIDDLE_X_M, 0.0, 0.0),
        along_x(),
        Finish::RocketBody,
    )];
    parts.extend(livery(Vector3d::zeros(), (28.2, 1.33), (34.5, 1.33), std::f64::consts::FRAC_PI_4));
    parts
}

fn fairing_parts() -> Vec<Part> {
    let mut parts = vec![
        part(
            "fairing",
            Shape::Cylinder { radius_m: 1.65, length_m: 6.3 },
            v(37.85, 0.0, 0.0),
            along_x(),
            Finish::Module,
        ),
        part(
            "fairing nose",
            Shape::Frustum { radius_aft_m: 1.65, radius_fore_m: 0.35, length_m: 2.8 },
            v(42.4, 0.0, 0.0),
            along_x(),
            Finish::Module,
        ),
    ];
    parts.extend(livery(Vector3d::zeros(), (34.9, 1.65), (40.8, 1.65), std::f64::consts::FRAC_PI_4));
    parts
}

fn escape_tower_parts() -> Vec<Part> {
    vec![part(
        "escape tower",
        Shape::Cylinder { radius_m: 0.25, length_m: 2.5 },
        v(ESCAPE_TOWER_MIDDLE_X_M, 0.0, 0.0),
        along_x(),
        Finish::Dark,
    )]
}

/// Soyuz-2.1a, x up from the pad (46.3 m tall: core Block A 27.1 m, boosters 19.6 m, third
/// stage Block I 6.7 m, fairing with escape tower; Soyuz User's Manual), piece by piece.
pub fn launcher_stack() -> Vec<(StackPiece, ModelDef)> {
    vec![
        (
            StackPiece::Boosters,
            ModelDef { name: "boosters", parts: (0..4).flat_map(|k| booster_parts(Some(k))).collect(), ports: vec![] },
        ),
        (StackPiece::Core, ModelDef { name: "core stage", parts: core_parts(), ports: vec![] }),
        (StackPiece::ThirdStage, ModelDef { name: "third stage", parts: third_stage_parts(), ports: vec![] }),
        (StackPiece::Fairing, ModelDef { name: "fairing", parts: fairing_parts(), ports: vec![] }),
        (StackPiece::EscapeTower, ModelDef { name: "escape tower", parts: escape_tower_parts(), ports: vec![] }),
    ]
}

/// The part list a body is drawn and hit with; a jettisoned piece re-centred on its own middle.
pub fn model(id: ModelId) -> ModelDef {
    let (name, parts, middle_x): (&'static str, Vec<Part>, f64) = match id {
        ModelId::Iss => return iss(),
        ModelId::SoyuzMs => return soyuz_ms(),
        ModelId::ProgressMs => return progress_ms(),
        ModelId::CrewDragon => return crew_dragon(),
        ModelId::Cygnus => return cygnus(),
        ModelId::Booster => ("booster", booster_parts(None), BOOSTER_MIDDLE_X_M),
        ModelId::CoreStage => ("core stage", core_parts(), CORE_MIDDLE_X_M),
        ModelId::ThirdStage => ("third stage", third_stage_parts(), THIRD_STAGE_MIDDLE_X_M),
        ModelId::Fairing => ("fairing", fairing_parts(), FAIRING_MIDDLE_X_M),
        ModelId::EscapeTower => ("escape tower", escape_tower_parts(), ESCAPE_TOWER_MIDDLE_X_M),
        ModelId::SoyuzDescentModule => {
            ("descent module", soyuz_module_parts(&["descent module"]), SOYUZ_MODULE_MIDDLES_X_M[0])
        }
        ModelId::SoyuzOrbitalModule => (
            "orbital module",
            soyuz_module_parts(&["orbital module", "docking probe", "Kurs antenna"]),
            SOYUZ_MODULE_MIDDLES_X_M[1],
        ),
        ModelId::SoyuzServiceModule => (
            "service module",
            soyuz_module_parts(&["aft skirt", "service module", "SKD nozzle", "radiator", "solar array"]),
            SOYUZ_MODULE_MIDDLES_X_M[2],
        ),
        ModelId::AftSkirt => (
            "aft skirt",
            vec![part(
                "aft skirt",
                Shape::Cylinder { radius_m: 1.33, length_m: 0.8 },
                Vector3d::zeros(),
                along_x(),
                Finish::RocketBody,
            )],
            0.0,
        ),
    };
    let parts = parts.into_iter().map(|p| Part { center_m: p.center_m - Vector3d::x() * middle_x, ..p }).collect();
    ModelDef { name, parts, ports: vec![] }
}

/// The pad deck's axes (x up, `pad_deck`) in the Earth-fixed axes at `pad_ecef_m`: the
/// shortest turn from x to the local vertical.
pub fn pad_deck_turn(pad_ecef_m: &Vector3d) -> UnitQuaternion<f64> {
    let up = crate::core::frames::geodetic_from_ecef(pad_ecef_m).up_ecef();
    UnitQuaternion::rotation_between(&Vector3d::x(), &up).unwrap_or_else(UnitQuaternion::identity)
}

/// The launch table at the pad: a concrete deck 60 m square, 2 m thick, top at the pad point,
/// in a frame with x up.
pub fn pad_deck() -> ModelDef {
    ModelDef {
        name: "pad deck",
        parts: vec![
            part("pad deck", Shape::Box { size_m: v(2.0, 60.0, 60.0) }, v(-1.0, 0.0, 0.0), along_x(), Finish::Concrete),
            // The rocket hangs over the flame pit, whose exhaust runs out along a trench to
            // one side (Site 31's layout, as Site 1's). The opening in the deck is 15 m across
            // (ESA 2010-10-06 and Arianespace 2008-10-03 on Kourou's Soyuz pad, "almost
            // identical" to Baikonur's, M); the trench's sizes are ours (Site 31's are not
            // published, only that it is smaller than Site 1's; L). The pit's mouth and the
            // trench's floor are drawn as dark slabs a few centimetres above the deck and the
            // steppe (the ground is one smooth patch, with no hole to look into).
            part("flame pit", Shape::Box { size_m: v(0.1, 15.0, 15.0) }, v(0.05, 0.0, 0.0), along_x(), Finish::Dark),
            part(
                "flame trench",
                Shape::Box { size_m: v(0.1, 20.0, 110.0) },
                v(0.05, 0.0, -62.0),
                along_x(),
                Finish::Dark,
            ),
            // The cable-fuelling mast beside the rocket, between two boosters, 12 m out (its
            // height and place ours, L).
            part(
                "cable mast",
                Shape::Box { size_m: v(36.0, 2.0, 2.0) },
                v(18.0, 12.0 * std::f64::consts::FRAC_1_SQRT_2, 12.0 * std::f64::consts::FRAC_1_SQRT_2),
                along_x(),
                Finish::Truss,
            ),
        ]
        .into_iter()
        // Each side: a wall of the trench, and a half of the service tower, which closes round
        // the rocket for its preparation and is lowered to the horizontal before launch, lying
        // out to that side (Site 31's service structure, as Site 1's; sizes ours, L).
        .chain([1.0, -1.0].into_iter().flat_map(|side: f64| {
            [
                part(
                    "trench wall",
                    Shape::Box { size_m: v(3.0, 3.0, 110.0) },
                    v(1.5, 11.5 * side, -62.0),
                    along_x(),
                    Finish::Concrete,
                ),
                part(
                    "service tower",
                    Shape::Box { size_m: v(6.0, 45.0, 8.0) },
                    v(3.0, 53.0 * side, 0.0),
                    along_x(),
                    Finish::Truss,
                ),
            ]
        }))
        .collect(),
        ports: vec![],
    }
}

/// One of the launch table's four support arms, which hang the rocket by its boosters' upper
/// ends and fall back as it rises: the arm, and the hinge it turns about at its foot (pad
/// frame: x up from the deck).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SupportArm {
    pub part: Part,
    pub hinge_m: Vector3d,
    /// Unit axis it falls back about (turning its top outwards for a positive angle).
    pub axis: Vector3d,
}

/// How far the support arms have fallen back at mission time `met_s`, rad: upright until
/// lift-off, then swinging out under their counterweights to 35 deg over 2 s, eased (the
/// "tulip" opening on launch films; the figures ours, L).
pub fn support_arm_swing_rad(met_s: f64) -> f64 {
    let t = (met_s / 2.0).clamp(0.0, 1.0);
    35f64.to_radians() * t * t * (3.0 - 2.0 * t)
}

/// The four support arms, one under each booster: from a foot 7 m out on the deck to the
/// booster's upper bearing 16.5 m up, 2.9 m off the axis (Site 31's launch system, Soyuz
/// User's Manual, sizes ours, L).
pub fn pad_support_arms() -> Vec<SupportArm> {
    (0..4)
        .map(|k| {
            let angle = f64::from(k) * std::f64::consts::FRAC_PI_2;
            let out = v(0.0, angle.cos(), angle.sin());
            let (foot, top) = (out * 7.0, v(16.5, 0.0, 0.0) + out * 2.9);
            let part = Part { finish: Finish::Truss, ..module("support arm", foot, top, 0.9) };
            SupportArm { part, hinge_m: foot, axis: Vector3d::x().cross(&out).normalize() }
        })
        .collect()
}

impl SupportArm {
    /// The arm fallen back by `swing_rad` about its hinge.
    pub fn swung(&self, swing_rad: f64) -> Part {
        let turn = UnitQuaternion::from_axis_angle(&nalgebra::Unit::new_normalize(self.axis), swing_rad);
        Part {
            center_m: self.hinge_m + turn * (self.part.center_m - self.hinge_m),
            rotation: turn * self.part.rotation,
            ..self.part
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_support_arms_hold_the_boosters_until_lift_off_and_then_fall_back_outwards() {
        assert_eq!(support_arm_swing_rad(-10.0), 0.0);
        assert_eq!(support_arm_swing_rad(0.0), 0.0);
        assert!((support_arm_swing_rad(2.0) - 35f64.to_radians()).abs() < 1e-12);
        assert_eq!(support_arm_swing_rad(60.0), support_arm_swing_rad(2.0));
        for arm in pad_support_arms() {
            let top = |part: &Part| part.center_m + part.rotation * v(part.shape.half_length_m(), 0.0, 0.0);
            let upright = arm.swung(0.0);
            assert_eq!(upright, arm.part);
            // Its top on the booster's bearing, 2.9 m off the axis at 16.5 m.
            let t = top(&upright);
            assert!((t.x - 16.5).abs() < 1e-9 && (t.yz().norm() - 2.9).abs() < 1e-9, "{t}");
            // Fallen back: the foot stays, the top moves out and down.
            let fallen = arm.swung(support_arm_swing_rad(5.0));
            let f = top(&fallen);
            assert!(f.yz().norm() > 10.0 && f.x < t.x, "{f}");
            let foot = fallen.center_m - fallen.rotation * v(fallen.shape.half_length_m(), 0.0, 0.0);
            assert!((foot - arm.hinge_m).norm() < 1e-9);
        }
    }

    #[test]
    fn iss_has_its_truss_eight_wings_and_every_module_of_october_2021() {
        let iss = iss();
        // Eight wings of two blankets, each turning with its alpha joint; iROSA on P6's two.
        let blankets: Vec<&Part> = iss.parts.iter().filter(|p| p.name == "US array wing").collect();
        assert_eq!(blankets.len(), 16);
        assert!(blankets.iter().all(|p| p.finish == Finish::UsSolarArray && p.sun_tracking_pivot_m.is_some()));
        let irosa: Vec<&Part> = iss.parts.iter().filter(|p| p.name == "iROSA").collect();
        assert_eq!(irosa.len(), 2);
        assert!(irosa.iter().all(|p| p.center_m.y < -40.0 && p.sun_tracking_pivot_m.is_some()), "on P6");
        let truss = iss.parts.iter().find(|p| p.name == "truss").unwrap();
        assert!(matches!(truss.shape, Shape::Box { size_m } if size_m.y == 109.0));
        for name in [
            "Zvezda",
            "Zvezda working compartment",
            "Zvezda conical section",
            "Zvezda arrays",
            "Zarya (FGB)",
            "Nauka (MLM)",
            "European Robotic Arm (ERA)",
            "Poisk (MRM-2)",
            "Rassvet (MRM-1)",
            DOCKING_TARGET,
            "Unity (Node 1)",
            "Destiny",
            "Harmony (Node 2)",
            "Columbus",
            "Kibo JEM-PM",
            "Kibo exposed facility",
            "Tranquility (Node 3)",
            "Cupola",
            "Quest airlock",
            "PMM (Leonardo)",
            "BEAM",
            "Bishop airlock",
            "Canadarm2",
            "main radiators",
            "PV radiator",
        ] {
            assert!(iss.part(name).is_some(), "the ISS lacks {name}");
        }
        // Pirs left in July 2021, and the visitors are vehicles of their own.
        for gone in ["Pirs", "Soyuz MS-18", "Progress MS-17", "Crew Dragon", "Cygnus"] {
            assert!(iss.parts.iter().all(|p| !p.name.contains(gone)), "{gone}");
        }
    }

    #[test]
    fn soyuz_spans_its_arrays_and_length() {
        let soyuz = soyuz_ms();
        let array = soyuz.parts.iter().find(|p| p.name == "solar array").unwrap();
        assert!(matches!(array.shape, Shape::Box { size_m } if (size_m.y - 10.7).abs() < 1e-12));
        let ends: Vec<f64> = soyuz
            .parts
            .iter()
            .filter_map(|p| match p.shape {
                Shape::Cylinder { length_m, .. } | Shape::Frustum { length_m, .. } => {
                    Some(p.center_m.x + length_m / 2.0)
                }
                _ => None,
            })
            .collect();
        let tip = ends.iter().cloned().fold(f64::MIN, f64::max);
        // Aft skirt at -3.5 m to the probe tip: about 7.5 m with the probe.
        assert!((tip + 3.5 - 7.5).abs() < 0.3, "{tip}");
    }
}
