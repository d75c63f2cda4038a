//! The Soyuz MS's attitude and translation thrusters (DPO-B) as a table: where each sits, which
//! way it pushes, how hard, and how much propellant it burns; and the hand controllers'
//! commands turned into the thrusters that fire. Forces and torques follow from the table
//! alone, so a translation command gives exactly the torque the layout gives.
//!
//! Soyuz MS flies 28 DPO-B thrusters of about 13 kgf (130 N) in 14 pairs, the two of a pair on
//! two independent propellant loops, four of the pairs at the aft end (russianspaceweb,
//! "Propulsion system for the Soyuz MS spacecraft"; NIIMash: 28 of the 11D428A-16 per ship).
//! Their positions and directions are not published (L). The layout here is derived: the
//! aft pairs on the aft skirt firing forward (they back up the main engine), the other ten on
//! the forward ring of the service module, two braking, four lateral and four for roll, every
//! thruster behind the centre of mass, so that, as on the real ship, attitude firings also push
//! the ship forward (Cristoforetti, ESA "Soyuz training" log) and lateral translation turns it
//! a little unless the attitude control answers.

use super::Vector3d;
use super::launcher::G0_MPS2;

/// The propellant loop a thruster of a pair is fed from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PropellantLoop {
    A,
    B,
}

/// One thruster: its nozzle's place in body axes (m, from the centre of mass) and the unit
/// direction it pushes the vehicle.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Thruster {
    pub pair: usize,
    pub propellant_loop: PropellantLoop,
    pub position_m: Vector3d,
    pub direction: Vector3d,
}

/// A hand-controller axis: pushed one way, the other, or left alone.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Deflection {
    Minus,
    #[default]
    Neutral,
    Plus,
}

impl Deflection {
    pub fn sign(self) -> i8 {
        match self {
            Deflection::Minus => -1,
            Deflection::Neutral => 0,
            Deflection::Plus => 1,
        }
    }
}

/// The two hand controllers: translation (left hand: x forward along the probe, y, z) and
/// rotation (right hand: roll about x, pitch about y, yaw about z), and whether both
/// propellant loops fire (twice the thrust; "coarse").
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct HandCommand {
    #[serde(default)]
    pub translation: [Deflection; 3],
    #[serde(default)]
    pub rotation: [Deflection; 3],
    #[serde(default)]
    pub both_loops: bool,
}

/// What the firing thrusters give: force and torque in body axes about the centre of mass, and
/// the propellant they burn.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Firing {
    pub force_body_n: Vector3d,
    pub torque_body_nm: Vector3d,
    pub propellant_kg_per_s: f64,
    pub thrusters: u32,
}

/// The thruster table and the figures of one thruster.
#[derive(Clone, Debug, PartialEq)]
pub struct Rcs {
    pub thrusters: Vec<Thruster>,
    pub thrust_n: f64,
    pub specific_impulse_s: f64,
}

/// Axial stations of the two rings, m along body x in the part list's frame (the Soyuz part
/// list: aft skirt at -3.5 to -3.1 m, service module -3.1 to -1.1 m, radius 1.36 m).
const AFT_RING_X_M: f64 = -3.3;
const AFT_RING_RADIUS_M: f64 = 1.2;
const FORWARD_RING_X_M: f64 = -1.2;
const FORWARD_RING_RADIUS_M: f64 = 1.36;

/// A point on a ring: azimuth from body +y towards +z.
fn on_ring(x_m: f64, radius_m: f64, azimuth_deg: f64) -> Vector3d {
    let a = azimuth_deg.to_radians();
    Vector3d::new(x_m, radius_m * a.cos(), radius_m * a.sin())
}

/// The pairs, by index: where and which way (see the module's note).
fn soyuz_ms_pairs() -> [(Vector3d, Vector3d); 14] {
    let aft = |azimuth| (on_ring(AFT_RING_X_M, AFT_RING_RADIUS_M, azimuth), Vector3d::x());
    let forward = |azimuth, direction| (on_ring(FORWARD_RING_X_M, FORWARD_RING_RADIUS_M, azimuth), direction);
    let (x, y, z) = (Vector3d::x(), Vector3d::y(), Vector3d::z());
    [
        // 0-3: aft, firing forward, between the axes.
        aft(45.0),
        aft(135.0),
        aft(225.0),
        aft(315.0),
        // 4-5: braking, on the +y and -y sides.
        forward(0.0, -x),
        forward(180.0, -x),
        // 6-9: lateral, each pushing the ship away from its side.
        forward(0.0, -y),
        forward(90.0, -z),
        forward(180.0, y),
        forward(270.0, z),
        // 10-13: roll couples on the +z and -z sides, firing along y.
        forward(90.0, -y),
        forward(270.0, y),
        forward(90.0, y),
        forward(270.0, -y),
    ]
}

/// Which pairs each hand-controller deflection fires: (axis, minus, plus).
const TRANSLATION_PAIRS: [(&[usize], &[usize]); 3] = [(&[4, 5], &[0, 2]), (&[6], &[8]), (&[7], &[9])];
/// Roll: the couples; pitch (about +y) and yaw (about +z): two aft pairs on one side.
const ROTATION_PAIRS: [(&[usize], &[usize]); 3] = [(&[12, 13], &[10, 11]), (&[2, 3], &[0, 1]), (&[0, 3], &[1, 2])];

impl Rcs {
    /// Soyuz MS's 14 pairs, each thruster of `thrust_n` and `specific_impulse_s`, placed from
    /// the centre of mass at `centre_of_mass_m` of the part list's frame (torques are about it).
    pub fn soyuz_ms(thrust_n: f64, specific_impulse_s: f64, centre_of_mass_m: Vector3d) -> Self {
        let thrusters = soyuz_ms_pairs()
            .iter()
            .enumerate()
            .flat_map(|(pair, &(at_m, direction))| {
                [PropellantLoop::A, PropellantLoop::B].map(|propellant_loop| Thruster {
                    pair,
                    propellant_loop,
                    position_m: at_m - centre_of_mass_m,
                    direction,
                })
            })
            .collect();
        Self { thrusters, thrust_n, specific_impulse_s }
    }

    /// The pairs a command fires.
    pub fn firing_pairs(command: &HandCommand) -> [bool; 14] {
        let mut firing = [false; 14];
        let table =
            TRANSLATION_PAIRS.iter().zip(command.translation).chain(ROTATION_PAIRS.iter().zip(command.rotation));
        for (&(minus, plus), deflection) in table {
            let pairs: &[usize] = match deflection {
                Deflection::Minus => minus,
                Deflection::Neutral => &[],
                Deflection::Plus => plus,
            };
            for &pair in pairs {
                firing[pair] = true;
            }
        }
        firing
    }

    /// Force, torque and propellant flow of a command: the sum over the thrusters that fire
    /// (loop A's, or both loops'), torque r × F about the centre of mass; flow F / (Isp g0).
    pub fn firing(&self, command: &HandCommand) -> Firing {
        let pairs = Self::firing_pairs(command);
        let mut firing = Firing {
            force_body_n: Vector3d::zeros(),
            torque_body_nm: Vector3d::zeros(),
            propellant_kg_per_s: 0.0,
            thrusters: 0,
        };
        for thruster in &self.thrusters {
            let on = pairs[thruster.pair] && (command.both_loops || thruster.propellant_loop == PropellantLoop::A);
            if on {
                let force = thruster.direction * self.thrust_n;
                firing.force_body_n += force;
                firing.torque_body_nm += thruster.position_m.cross(&force);
                firing.thrusters += 1;
            }
        }
        firing.propellant_kg_per_s = f64::from(firing.thrusters) * self.thrust_n / (self.specific_impulse_s * G0_MPS2);
        firing
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Deflection::{Minus, Neutral, Plus};

    const T: f64 = 130.0;

    fn rcs() -> Rcs {
        Rcs::soyuz_ms(T, 290.0, Vector3d::zeros())
    }

    fn translate(axis: usize, d: Deflection) -> HandCommand {
        let mut c = HandCommand::default();
        c.translation[axis] = d;
        c
    }

    fn rotate(axis: usize, d: Deflection) -> HandCommand {
        let mut c = HandCommand::default();
        c.rotation[axis] = d;
        c
    }

    fn close(a: Vector3d, b: Vector3d) -> bool {
        (a - b).norm() < 1e-9
    }

    #[test]
    fn twenty_eight_thrusters_in_fourteen_pairs_eight_of_them_aft() {
        let table = rcs();
        assert_eq!(table.thrusters.len(), 28);
        let aft = table.thrusters.iter().filter(|t| t.position_m.x < -3.0).count();
        assert_eq!(aft, 8);
        for pair in 0..14 {
            let two: Vec<&Thruster> = table.thrusters.iter().filter(|t| t.pair == pair).collect();
            assert_eq!(two.len(), 2);
            assert_ne!(two[0].propellant_loop, two[1].propellant_loop, "pair {pair} on one loop");
            assert!(close(two[0].position_m, two[1].position_m) && close(two[0].direction, two[1].direction));
        }
        assert_eq!(table.firing(&HandCommand::default()).thrusters, 0);
    }

    #[test]
    fn forward_and_braking_translation_push_along_the_axis_without_torque() {
        let table = rcs();
        for (d, sign) in [(Plus, 1.0), (Minus, -1.0)] {
            let f = table.firing(&translate(0, d));
            assert!(close(f.force_body_n, Vector3d::new(sign * 2.0 * T, 0.0, 0.0)), "{:?}", f.force_body_n);
            assert!(f.torque_body_nm.norm() < 1e-9, "{:?}", f.torque_body_nm);
        }
        // Both loops: twice the thrust, twice the flow.
        let one = table.firing(&translate(0, Plus));
        let both = table.firing(&HandCommand { both_loops: true, ..translate(0, Plus) });
        assert!(close(both.force_body_n, one.force_body_n * 2.0));
        assert!((both.propellant_kg_per_s - 2.0 * one.propellant_kg_per_s).abs() < 1e-15);
        // Two thrusters of 130 N at 290 s: 0.0914 kg/s.
        assert!((one.propellant_kg_per_s - 2.0 * 130.0 / (290.0 * 9.80665)).abs() < 1e-12);
        assert!((one.propellant_kg_per_s - 0.0914).abs() < 1e-4);
    }

    #[test]
    fn lateral_translation_turns_the_ship_by_the_lever_the_layout_gives() {
        let table = rcs();
        // One thruster 1.2 m behind the centre of mass: 130 N across, 156 N m about the other
        // lateral axis (r x F by hand: (-1.2, -1.36, 0) x (0, 130, 0) = (0, 0, -156)).
        let f = table.firing(&translate(1, Plus));
        assert!(close(f.force_body_n, Vector3d::new(0.0, T, 0.0)));
        assert!(close(f.torque_body_nm, Vector3d::new(0.0, 0.0, -1.2 * T)), "{:?}", f.torque_body_nm);
        let f = table.firing(&translate(2, Minus));
        // (-1.2, 0, 1.36) x (0, 0, -130) = (0, -156, 0).
        assert!(close(f.force_body_n, Vector3d::new(0.0, 0.0, -T)));
        assert!(close(f.torque_body_nm, Vector3d::new(0.0, -1.2 * T, 0.0)), "{:?}", f.torque_body_nm);
        // The centre of mass 0.48 m aft of the part list's origin: the lever is 0.72 m.
        let aft = Rcs::soyuz_ms(T, 290.0, Vector3d::new(-0.48, 0.0, 0.0)).firing(&translate(1, Plus));
        assert!(close(aft.torque_body_nm, Vector3d::new(0.0, 0.0, -0.72 * T)), "{:?}", aft.torque_body_nm);
    }

    #[test]
    fn roll_is_a_pure_couple_and_pitch_and_yaw_push_forward() {
        let table = rcs();
        for (d, sign) in [(Plus, 1.0), (Minus, -1.0)] {
            let roll = table.firing(&rotate(0, d));
            assert!(roll.force_body_n.norm() < 1e-9);
            assert!(close(roll.torque_body_nm, Vector3d::new(sign * 2.0 * 1.36 * T, 0.0, 0.0)), "{roll:?}");
        }
        // Two aft thrusters 1.2 sin 45 deg = 0.849 m off the axis on one side: 2 x 0.849 x 130 =
        // 220.6 N m, and 260 N forward.
        let lever = 2.0 * 1.2 * std::f64::consts::FRAC_1_SQRT_2 * T;
        for (axis, d, torque) in [
            (1, Plus, Vector3d::new(0.0, lever, 0.0)),
            (1, Minus, Vector3d::new(0.0, -lever, 0.0)),
            (2, Plus, Vector3d::new(0.0, 0.0, lever)),
            (2, Minus, Vector3d::new(0.0, 0.0, -lever)),
        ] {
            let f = table.firing(&rotate(axis, d));
            assert!(close(f.torque_body_nm, torque), "axis {axis} {d:?}: {:?}", f.torque_body_nm);
            assert!(close(f.force_body_n, Vector3d::new(2.0 * T, 0.0, 0.0)));
        }
    }

    #[test]
    fn commands_together_fire_each_pair_once() {
        // Forward with pitch up shares pair 0: three aft pairs, not four thrusters on one.
        let c = HandCommand {
            translation: [Plus, Neutral, Neutral],
            rotation: [Neutral, Plus, Neutral],
            both_loops: false,
        };
        let pairs = Rcs::firing_pairs(&c);
        assert_eq!(pairs.iter().filter(|&&p| p).count(), 3);
        assert_eq!(rcs().firing(&c).thrusters, 3);
    }
}
