//! Ascent guidance: the Soyuz-2.1a's steering from the pad to the third stage's cutoff. An
//! open-loop pitch programme and yaw steering into the target plane for the first two stages,
//! closed-loop explicit guidance for the third (radial, cross-range and speed brought to their
//! insertion values together), and the cutoff on the target orbit's energy. The stack it steers
//! is `core::launcher`; its engines' steering torque turns the stack onto the guidance's
//! direction.

use crate::core::attitude::{Attitude, attitude_after, hold_torque_nm};
use crate::core::earth::MU_M3_S2;
use crate::core::forces::approximate_altitude_m;
use crate::core::launcher::{G0_MPS2, GuidanceSpec, Launcher, Piece};
use crate::core::{StateVector, Vector3d, position_m, velocity_mps};

/// Powered flight is integrated in substeps of this fraction of the mission step: thrust
/// direction and mass are held over a substep.
pub const POWERED_SUBSTEPS: u32 = 10;

/// Time constant of the first two stages' yaw steering into the target plane, s.
const YAW_TIME_CONSTANT_S: f64 = 100.0;
/// Largest share of the thrust acceleration the yaw steering may take.
const MAX_YAW_FRACTION: f64 = 0.15;

/// Specific orbital energy of an orbit with these perigee and apogee radii.
fn energy_for(perigee_radius_m: f64, apogee_radius_m: f64) -> f64 {
    -MU_M3_S2 / (perigee_radius_m + apogee_radius_m)
}

/// The guidance's figures and what it carries between substeps.
#[derive(Clone, Debug, PartialEq)]
pub struct AscentGuidance {
    pub spec: GuidanceSpec,
    /// Unit normal of the target orbit plane (inertial).
    pub target_plane_normal: Vector3d,
    /// Last steering direction (held through the final seconds of guidance).
    steering: Vector3d,
}

/// What the guidance sees at a powered substep: mission time, the substep, the stack's state
/// and attitude.
pub struct PoweredSensed<'a> {
    pub met_s: f64,
    pub h_s: f64,
    pub state: &'a StateVector,
    pub attitude: &'a Attitude,
}

/// What the guidance asks of a powered substep.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PoweredCommand {
    /// Thrust acceleration along the stack's axis as it starts the substep, inertial, m/s².
    pub thrust_mps2: Vector3d,
    /// Whether any engine burns, and the part of the substep they burn for (short of one at
    /// the cutoff).
    pub thrusting: bool,
    pub burn_fraction: f64,
    /// The stack's mass as it starts the substep, kg.
    pub mass_kg: f64,
    /// The stack's attitude after the engines' steering torque, when they steer.
    pub attitude: Option<Attitude>,
}

impl AscentGuidance {
    pub fn new(spec: GuidanceSpec, target_plane_normal: Vector3d) -> Self {
        Self { spec, target_plane_normal: target_plane_normal.normalize(), steering: Vector3d::zeros() }
    }

    /// The last thrust direction the guidance chose (zero before lift-off).
    pub fn steering(&self) -> Vector3d {
        self.steering
    }

    /// One powered substep: the stack's thrust at its altitude, the direction the guidance
    /// wants, the engines' steering torque that turns the stack towards it over the substep
    /// (by Euler's equations, its inertia), and how much of the substep burns before the cutoff.
    pub fn command(&mut self, stack: &mut Launcher, s: &PoweredSensed) -> PoweredCommand {
        let thrust = stack.thrust_n(approximate_altitude_m(&position_m(s.state)));
        let mass_kg = stack.mass_kg();
        let accel = thrust / mass_kg;
        stack.max_axial_acceleration_mps2 = stack.max_axial_acceleration_mps2.max(accel);
        let thrusting = thrust > 0.0;
        let direction = if thrusting { s.attitude.axis(0) } else { Vector3d::zeros() };
        let attitude = thrusting.then(|| {
            let previous = self.steering;
            let commanded = self.steering_direction(stack, s.met_s, s.state, accel);
            // The command's own turn rate, fed forward so that the loop does not lag a pitch
            // programme (the gravity turn would keep any lag).
            let turn_radps = if previous.norm() > 0.5 { previous.cross(&commanded) / s.h_s } else { Vector3d::zeros() };
            let inertia = stack.inertia();
            let wanted = super::attitude::stack_attitude(&commanded, &self.target_plane_normal, &turn_radps);
            let torque = hold_torque_nm(
                s.attitude,
                &wanted,
                &inertia,
                self.spec.steering_bandwidth_radps,
                stack.steering_torque_nm(thrust),
            );
            attitude_after(s.attitude, &inertia, &torque, s.h_s)
        });
        let burn_fraction = if thrusting { self.cutoff_fraction(stack, s.state, accel, s.h_s) } else { 0.0 };
        PoweredCommand { thrust_mps2: direction * accel, thrusting, burn_fraction, mass_kg, attitude }
    }

    /// Unit thrust direction for the current phase (inertial).
    pub fn steering_direction(
        &mut self,
        stack: &Launcher,
        met_s: f64,
        state: &StateVector,
        thrust_accel_mps2: f64,
    ) -> Vector3d {
        let g = &self.spec;
        let r = position_m(state);
        let up = r.normalize();
        let n = self.target_plane_normal;
        let downrange = n.cross(&up).normalize();
        let direction = if met_s < g.vertical_rise_s {
            up
        } else if stack.has(Piece::Core) {
            // Pitch: over by a fixed program, then a gravity turn (thrust along the air-relative
            // flight-path angle, no angle of attack in pitch). Yaw: drive the cross-plane
            // velocity and position to zero while the speed is low and turning is cheap.
            let pitch_from_vertical = if met_s < g.pitch_over_end_s {
                g.pitch_over_deg.to_radians() * (met_s - g.vertical_rise_s) / (g.pitch_over_end_s - g.vertical_rise_s)
            } else {
                let v_rel = crate::core::frames::velocity_relative_to_earth_mps(state);
                (v_rel.dot(&up) / v_rel.norm().max(1.0)).clamp(-1.0, 1.0).acos()
            };
            let in_plane = up * pitch_from_vertical.cos() + downrange * pitch_from_vertical.sin();
            let (v_cross, r_cross) = (velocity_mps(state).dot(&n), r.dot(&n));
            let tau = YAW_TIME_CONSTANT_S;
            let limit = MAX_YAW_FRACTION * thrust_accel_mps2;
            let a_cross = (-2.0 * v_cross / tau - r_cross / (tau * tau)).clamp(-limit, limit);
            (in_plane * thrust_accel_mps2 + n * a_cross).normalize()
        } else {
            self.explicit_guidance(stack, state, thrust_accel_mps2)
        };
        self.steering = direction;
        direction
    }

    /// Explicit guidance for the third stage: over the time to go, a linearly varying
    /// acceleration in each of the radial and cross-range channels meets the insertion radius
    /// with zero radial and cross-range velocity; the rest of the thrust goes downrange
    /// (the structure of Apollo/Shuttle explicit guidance, Battin §9, simplified to a flat
    /// local frame over the burn).
    fn explicit_guidance(&self, stack: &Launcher, state: &StateVector, thrust_accel_mps2: f64) -> Vector3d {
        let (r, v) = (position_m(state), velocity_mps(state));
        let r_norm = r.norm();
        let up = r / r_norm;
        let n = self.target_plane_normal;
        let downrange = n.cross(&up).normalize();
        let target_r = self.target_perigee_radius_m();
        let target_speed = self.target_insertion_speed_mps();
        let (v_up, v_cross, v_down) = (v.dot(&up), v.dot(&n), v.dot(&downrange));
        let cross_position = r.dot(&n);
        let dv_to_go = ((target_speed - v_down).powi(2) + v_up.powi(2) + v_cross.powi(2)).sqrt();
        let flow = stack.spec.third.mass_flow_kg_s();
        let exhaust = stack.spec.third.isp_vacuum_s * G0_MPS2;
        let m = stack.mass_kg();
        let t_go = (m / flow * (1.0 - (-dv_to_go / exhaust).exp())).max(0.0);
        if t_go < 8.0 && self.steering.norm() > 0.5 {
            // Too close to cutoff to steer: the gains grow as 1/t_go.
            return self.steering;
        }
        // a0 = 6(x_t − x − ẋT)/T² − 2(ẋ_t − ẋ)/T for a linear acceleration profile meeting x_t
        // with ẋ_t = 0 after T.
        let required = |x: f64, x_dot: f64, x_target: f64| {
            6.0 * (x_target - x - x_dot * t_go) / (t_go * t_go) + 2.0 * x_dot / t_go
        };
        let gravity_less_centrifugal = MU_M3_S2 / (r_norm * r_norm) - (v_down * v_down + v_cross * v_cross) / r_norm;
        let a_up = required(r_norm, v_up, target_r) + gravity_less_centrifugal;
        let a_cross = required(cross_position, v_cross, 0.0);
        let limit = 0.9 * thrust_accel_mps2;
        let a_up = a_up.clamp(-limit, limit);
        let a_cross = a_cross.clamp(-limit, limit);
        let a_down = (thrust_accel_mps2 * thrust_accel_mps2 - a_up * a_up - a_cross * a_cross).max(0.0).sqrt();
        (up * a_up + n * a_cross + downrange * a_down).normalize()
    }

    pub fn target_perigee_radius_m(&self) -> f64 {
        crate::core::earth::EQUATORIAL_RADIUS_M + self.spec.target_perigee_km * 1000.0
    }

    pub fn target_apogee_radius_m(&self) -> f64 {
        crate::core::earth::EQUATORIAL_RADIUS_M + self.spec.target_apogee_km * 1000.0
    }

    /// Speed at perigee of the target orbit (vis-viva).
    pub fn target_insertion_speed_mps(&self) -> f64 {
        let rp = self.target_perigee_radius_m();
        let a = 0.5 * (rp + self.target_apogee_radius_m());
        (MU_M3_S2 * (2.0 / rp - 1.0 / a)).sqrt()
    }

    pub fn target_energy_m2_s2(&self) -> f64 {
        energy_for(self.target_perigee_radius_m(), self.target_apogee_radius_m())
    }

    /// Checks for third-stage cutoff at the target energy; returns the fraction of `dt_s` to
    /// burn before it.
    pub fn cutoff_fraction(&self, stack: &Launcher, state: &StateVector, thrust_accel_mps2: f64, dt_s: f64) -> f64 {
        if stack.has(Piece::Core) || stack.third_cutoff_met_s().is_some() {
            return 1.0;
        }
        let (r, v) = (position_m(state), velocity_mps(state));
        let energy = 0.5 * v.norm_squared() - MU_M3_S2 / r.norm();
        let rate = v.norm() * thrust_accel_mps2;
        let remaining = self.target_energy_m2_s2() - energy;
        if remaining <= 0.0 { 0.0 } else { (remaining / (rate * dt_s)).min(1.0) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::earth::EQUATORIAL_RADIUS_M;
    use crate::core::launcher::tests::ms19_launcher;
    use crate::core::state_from;

    /// On the equator at `altitude_m`, climbing at `up_mps` and moving east (+y) at
    /// `along_mps`, aiming for the equatorial plane (normal +z): downrange is +y.
    fn stack_at(altitude_m: f64, up_mps: f64, along_mps: f64) -> (Launcher, AscentGuidance, StateVector) {
        let stack = Launcher::new(ms19_launcher(), 7152.0);
        let guidance = AscentGuidance::new(stack.spec.guidance.clone(), Vector3d::z());
        let r = Vector3d::new(EQUATORIAL_RADIUS_M + altitude_m, 0.0, 0.0);
        (stack, guidance, state_from(r, Vector3d::new(up_mps, along_mps, 0.0)))
    }

    #[test]
    fn the_stack_rises_vertically_then_pitches_over_by_its_programme() {
        let (stack, mut guidance, state) = stack_at(100.0, 20.0, 465.0);
        let g = guidance.spec.clone();
        let up = Vector3d::x();
        let rising = guidance.steering_direction(&stack, 0.5 * g.vertical_rise_s, &state, 12.0);
        assert!((rising - up).norm() < 1e-12, "{rising}");
        // In the plane and on it, nothing to steer in yaw: the pitch programme alone.
        let pitched = guidance.steering_direction(&stack, g.pitch_over_end_s - 1e-9, &state, 12.0);
        assert!((pitched.angle(&up).to_degrees() - g.pitch_over_deg).abs() < 1e-6, "{pitched}");
        assert!(pitched.y > 0.0 && pitched.z.abs() < 1e-12, "downrange, in the plane: {pitched}");
        assert_eq!(guidance.steering(), pitched);
    }

    #[test]
    fn off_the_target_plane_the_first_stages_steer_back_within_their_yaw_limit() {
        let (stack, mut guidance, state) = stack_at(20_000.0, 600.0, 900.0);
        let off_plane =
            state_from(crate::core::position_m(&state), crate::core::velocity_mps(&state) + Vector3d::z() * 50.0);
        let direction = guidance.steering_direction(&stack, 100.0, &off_plane, 20.0);
        assert!(direction.z < 0.0, "against the cross-plane velocity: {direction}");
        assert!(direction.z.abs() <= MAX_YAW_FRACTION + 1e-12, "{direction}");
    }

    #[test]
    fn the_third_stage_cuts_off_on_the_target_energy() {
        let (mut stack, guidance, _) = stack_at(0.0, 0.0, 0.0);
        stack.attached.remove(Piece::Boosters);
        stack.attached.remove(Piece::Core);
        let r = guidance.target_perigee_radius_m();
        let v_target = guidance.target_insertion_speed_mps();
        let energy = |v: f64| 0.5 * v * v - MU_M3_S2 / r;
        // 2 m/s short at 8 m/s²: a quarter of a one-second substep is left to burn, in the
        // energy's first order (v·a per second).
        let v = v_target - 2.0;
        let state = state_from(Vector3d::new(r, 0.0, 0.0), Vector3d::new(0.0, v, 0.0));
        let fraction = guidance.cutoff_fraction(&stack, &state, 8.0, 1.0);
        assert!((energy(v) + v * 8.0 * fraction - guidance.target_energy_m2_s2()).abs() < 1e-6, "{fraction}");
        assert!((fraction - 0.25).abs() < 1e-3, "{fraction}");
        let past = state_from(Vector3d::new(r, 0.0, 0.0), Vector3d::new(0.0, v_target + 0.1, 0.0));
        assert_eq!(guidance.cutoff_fraction(&stack, &past, 8.0, 1.0), 0.0);
        // The first two stages never cut off on energy.
        stack.attached = crate::core::launcher::Attached::ALL;
        assert_eq!(guidance.cutoff_fraction(&stack, &past, 8.0, 1.0), 1.0);
    }

    #[test]
    fn the_third_stage_guides_level_at_the_insertion_radius() {
        let (mut stack, mut guidance, _) = stack_at(0.0, 0.0, 0.0);
        stack.attached.remove(Piece::Core);
        let r = guidance.target_perigee_radius_m();
        // At the insertion radius, level and in the plane, 400 m/s short: thrust mostly along
        // the track, a little up against gravity less the centrifugal term.
        let state = state_from(
            Vector3d::new(r, 0.0, 0.0),
            Vector3d::new(0.0, guidance.target_insertion_speed_mps() - 400.0, 0.0),
        );
        let direction = guidance.steering_direction(&stack, 400.0, &state, 12.0);
        assert!(direction.y > 0.95 && direction.x > 0.0 && direction.z.abs() < 1e-9, "{direction}");
    }
}
