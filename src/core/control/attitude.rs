//! Where the controllers point a vehicle: the attitude frames they hold and the torque-free or
//! held turn of a free body over a step. The laws themselves (Euler's equations, the PD hold)
//! are `core::attitude`.

use crate::core::attitude::{Attitude, AttitudeControl, Inertia, attitude_after, hold_torque_nm, lvlh_attitude};
use crate::core::{StateVector, Vector3d, frames, position_m, velocity_mps};

/// `attitude` turning with the LVLH frame of `frame` (once an orbit).
pub fn with_lvlh_rate(mut attitude: Attitude, frame: &StateVector) -> Attitude {
    attitude.rate_body_radps = attitude.body_to_inertial.inverse() * frames::lvlh_rate_radps(frame);
    attitude
}

/// The attitude for docking, turning with the station's LVLH frame: the probe along
/// `probe_lvlh` (against the port's axis), the arrays across the station's track where they can
/// be.
pub fn docking_attitude(probe_lvlh: &Vector3d, station: &StateVector) -> Attitude {
    let eci_from_lvlh = frames::lvlh_from_eci_matrix(station).transpose();
    let x = eci_from_lvlh * probe_lvlh;
    let across = if probe_lvlh.y.abs() < 0.9 { Vector3d::y() } else { Vector3d::x() };
    let y = (eci_from_lvlh * across - x * x.dot(&(eci_from_lvlh * across))).normalize();
    with_lvlh_rate(Attitude::from_axes(&x, &y, &x.cross(&y), Vector3d::zeros()), station)
}

/// Orbital flight's attitude: x along the velocity, y along the orbit's normal, z away from
/// the Earth, turning with that frame.
pub fn velocity_attitude(state: &StateVector) -> Attitude {
    pointed_attitude(&velocity_mps(state), state)
}

/// x along `forward` (a burn's thrust), y across it and the local vertical (along the orbit's
/// normal where `forward` is vertical), turning with the orbital frame.
pub fn pointed_attitude(forward: &Vector3d, state: &StateVector) -> Attitude {
    let forward = forward.normalize();
    let r = position_m(state);
    let normal = r.cross(&velocity_mps(state));
    let side = forward.cross(&-r.normalize()).try_normalize(1e-9).unwrap_or_else(|| normal.normalize());
    let side = (side - forward * forward.dot(&side)).normalize();
    with_lvlh_rate(Attitude::from_axes(&forward, &side, &forward.cross(&side), Vector3d::zeros()), state)
}

/// The stack's attitude along `forward`, its y axis along the target plane's normal (so that
/// it pitches about y in the plane; defined straight up as well, where the local vertical gives
/// no side), turning at `turn_radps` (inertial).
pub fn stack_attitude(forward: &Vector3d, plane_normal: &Vector3d, turn_radps: &Vector3d) -> Attitude {
    let side = (plane_normal - forward * forward.dot(plane_normal)).normalize();
    let axes = Attitude::from_axes(forward, &side, &forward.cross(&side), Vector3d::zeros());
    Attitude { rate_body_radps: axes.body_to_inertial.inverse() * turn_radps, ..axes }
}

/// A free body's attitude after a step of `h_s` under its attitude control's torque (none, or
/// the LVLH hold from `state`, its state at the step's start). A guided body is pointed by the
/// mission after the step instead.
#[inline(never)]
pub fn turned_by_torque(
    attitude: &Attitude,
    inertia: &Inertia,
    (control, external_nm): (AttitudeControl, &Vector3d),
    state: &StateVector,
    h_s: f64,
) -> Attitude {
    let torque = external_nm
        + match control {
            AttitudeControl::HoldLvlh { bandwidth_radps, max_torque_nm } => {
                hold_torque_nm(attitude, &lvlh_attitude(state), inertia, bandwidth_radps, max_torque_nm)
            }
            AttitudeControl::Free | AttitudeControl::Guided { .. } => Vector3d::zeros(),
        };
    attitude_after(attitude, inertia, &torque, h_s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::earth::MU_M3_S2;
    use crate::core::state_from;

    fn circular() -> StateVector {
        let r = 6.8e6;
        state_from(Vector3d::new(r, 0.0, 0.0), Vector3d::new(0.0, (MU_M3_S2 / r).sqrt(), 0.0))
    }

    #[test]
    fn the_docking_attitude_points_the_probe_up_the_port_axis_and_turns_once_an_orbit() {
        let station = circular();
        // A nadir port: the probe points up, against the station's +z (nadir) LVLH axis.
        let docking = docking_attitude(&-Vector3d::z(), &station);
        let up = position_m(&station).normalize();
        assert!((docking.axis(0) - up).norm() < 1e-12, "{}", docking.axis(0));
        let inertial_rate = docking.body_to_inertial * docking.rate_body_radps;
        assert!((inertial_rate - frames::lvlh_rate_radps(&station)).norm() < 1e-15);
    }

    #[test]
    fn the_velocity_attitude_has_x_forward_and_z_up() {
        let state = circular();
        let a = velocity_attitude(&state);
        assert!((a.axis(0) - Vector3d::y()).norm() < 1e-12 && (a.axis(2) - Vector3d::x()).norm() < 1e-12);
    }

    #[test]
    fn a_stack_pitches_in_its_plane_and_carries_the_commanded_turn() {
        let turn = Vector3d::new(0.0, 0.0, 0.01);
        let a = stack_attitude(&Vector3d::x(), &Vector3d::z(), &turn);
        assert!((a.axis(1) - Vector3d::z()).norm() < 1e-12);
        assert!((a.body_to_inertial * a.rate_body_radps - turn).norm() < 1e-15);
    }
}
