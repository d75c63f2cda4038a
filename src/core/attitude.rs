//! Rigid-body attitude: the body-to-inertial quaternion and the body rates, moved by Euler's
//! equations with the body's inertia and the torques on it; and the attitude controllers that
//! produce those torques.

use super::frames::{lvlh_from_eci_matrix, lvlh_rate_radps};
use super::{StateVector, Vector3d};
use nalgebra::{Matrix3, Quaternion, Rotation3, UnitQuaternion};

/// Orientation and spin of a body.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Attitude {
    /// Body axes to the inertial frame (TEME of date).
    pub body_to_inertial: UnitQuaternion<f64>,
    /// Angular velocity in body axes, rad/s.
    pub rate_body_radps: Vector3d,
}

impl Attitude {
    pub fn at_rest(body_to_inertial: UnitQuaternion<f64>) -> Self {
        Self { body_to_inertial, rate_body_radps: Vector3d::zeros() }
    }

    /// The attitude whose body axes are the columns `x`, `y`, `z` (inertial unit vectors, a
    /// right-handed orthonormal set), at `rate_body_radps`.
    pub fn from_axes(x: &Vector3d, y: &Vector3d, z: &Vector3d, rate_body_radps: Vector3d) -> Self {
        let rotation = Rotation3::from_matrix_unchecked(Matrix3::from_columns(&[*x, *y, *z]));
        Self { body_to_inertial: UnitQuaternion::from_rotation_matrix(&rotation), rate_body_radps }
    }

    /// The attitude of a body held rigidly to this one, turned by `in_host` (its body to this
    /// one's axes): a docked vehicle's.
    pub fn carried(&self, in_host: &UnitQuaternion<f64>) -> Self {
        Self {
            body_to_inertial: self.body_to_inertial * in_host,
            rate_body_radps: in_host.inverse() * self.rate_body_radps,
        }
    }

    /// Angle from the +XVV LVLH attitude of a body in `state` ([`lvlh_attitude`]), rad.
    pub fn angle_from_lvlh_rad(&self, state: &StateVector) -> f64 {
        self.body_to_inertial.angle_to(&lvlh_attitude(state).body_to_inertial)
    }

    /// Body axis `axis` (0 x, 1 y, 2 z) in inertial coordinates.
    pub fn axis(&self, axis: usize) -> Vector3d {
        self.body_to_inertial * Vector3d::ith(axis, 1.0)
    }
}

/// What turns a body: the attitude controller attached to it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum AttitudeControl {
    /// Nothing: it keeps the spin it was left with (a spent stage tumbles).
    Free,
    /// Holds +XVV LVLH against its own orbit with control torque up to `max_torque_nm` (the
    /// station's gyrodynes), a PD law of natural frequency `bandwidth_radps`.
    HoldLvlh { bandwidth_radps: f64, max_torque_nm: f64 },
    /// Pointed where the mission's guidance of the moment wants it (the spacecraft's flight
    /// modes) by its own thrusters: the same hold law, up to `max_torque_nm`. While it rides
    /// the launcher it is turned along the thrust instead.
    Guided { bandwidth_radps: f64, max_torque_nm: f64 },
}

/// Principal moments of inertia about the body axes, kg·m² (the body axes are taken to be
/// principal: products of inertia are left out).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Inertia {
    pub principal_kg_m2: Vector3d,
}

impl Inertia {
    /// A uniform solid cylinder along body x (Meriam & Kraige, *Engineering Mechanics:
    /// Dynamics*, table D/4): ½ m r² about its axis, m (3r² + L²) / 12 across it.
    pub fn solid_cylinder_along_x(mass_kg: f64, length_m: f64, radius_m: f64) -> Self {
        let across = mass_kg * (3.0 * radius_m * radius_m + length_m * length_m) / 12.0;
        Self { principal_kg_m2: Vector3d::new(0.5 * mass_kg * radius_m * radius_m, across, across) }
    }

    /// Angular momentum in body axes, I·ω.
    pub fn momentum_body(&self, rate_body_radps: &Vector3d) -> Vector3d {
        self.principal_kg_m2.component_mul(rate_body_radps)
    }

    /// Angular momentum in the inertial frame, N·m·s: conserved without torque.
    pub fn momentum_inertial(&self, attitude: &Attitude) -> Vector3d {
        attitude.body_to_inertial * self.momentum_body(&attitude.rate_body_radps)
    }

    /// Rotational kinetic energy ½ ω·Iω, J: conserved without torque.
    pub fn rotational_energy_j(&self, rate_body_radps: &Vector3d) -> f64 {
        0.5 * rate_body_radps.dot(&self.momentum_body(rate_body_radps))
    }

    /// Euler's equations, ω̇ = I⁻¹ (τ − ω × Iω) (Wertz, *Spacecraft Attitude Determination and
    /// Control*, eq. 16-54).
    fn rate_derivative(&self, rate: &Vector3d, torque_body_nm: &Vector3d) -> Vector3d {
        (torque_body_nm - rate.cross(&self.momentum_body(rate))).component_div(&self.principal_kg_m2)
    }
}

/// Largest turn one integrator substep takes, rad: RK4's error per substep goes as its fifth
/// power, 2e-3⁵/120 ≈ 3e-16, under the rounding of f64, so a free spin keeps its momentum and
/// energy to 1e-9 over days.
const MAX_TURN_PER_SUBSTEP_RAD: f64 = 2e-3;

/// Quaternion kinematics q̇ = ½ q ⊗ (0, ω) (Wertz eq. 17-5, Hamilton product, ω in body axes).
fn quaternion_rate(q: &Quaternion<f64>, rate: &Vector3d) -> Quaternion<f64> {
    q * Quaternion::from_imag(*rate) * 0.5
}

/// The attitude `h_s` later under `torque_body_nm` held over the step, by RK4 on the quaternion
/// and the rates, in as many equal substeps as keep each turn under
/// [`MAX_TURN_PER_SUBSTEP_RAD`] (decided from the rate at the start, so the same state always
/// takes the same path). The quaternion is renormalised once at the end.
pub fn attitude_after(attitude: &Attitude, inertia: &Inertia, torque_body_nm: &Vector3d, h_s: f64) -> Attitude {
    let substeps = ((attitude.rate_body_radps.norm() * h_s / MAX_TURN_PER_SUBSTEP_RAD).ceil() as u32).max(1);
    let h = h_s / f64::from(substeps);
    let mut q = *attitude.body_to_inertial.quaternion();
    let mut w = attitude.rate_body_radps;
    let derivative =
        |q: &Quaternion<f64>, w: &Vector3d| (quaternion_rate(q, w), inertia.rate_derivative(w, torque_body_nm));
    for _ in 0..substeps {
        let (q1, w1) = derivative(&q, &w);
        let (q2, w2) = derivative(&(q + q1 * (0.5 * h)), &(w + w1 * (0.5 * h)));
        let (q3, w3) = derivative(&(q + q2 * (0.5 * h)), &(w + w2 * (0.5 * h)));
        let (q4, w4) = derivative(&(q + q3 * h), &(w + w3 * h));
        q += (q1 + q2 * 2.0 + q3 * 2.0 + q4) * (h / 6.0);
        w += (w1 + w2 * 2.0 + w3 * 2.0 + w4) * (h / 6.0);
    }
    Attitude { body_to_inertial: UnitQuaternion::from_quaternion(q), rate_body_radps: w }
}

/// The ISS's flight attitude, +XVV LVLH (body x along the velocity side of the local horizontal,
/// z to nadir, y completing), and its angular velocity in those axes: the LVLH frame turns once
/// an orbit about −y.
pub fn lvlh_attitude(state: &StateVector) -> Attitude {
    let to_lvlh = lvlh_from_eci_matrix(state);
    let rows = [0, 1, 2].map(|i| to_lvlh.row(i).transpose());
    Attitude::from_axes(&rows[0], &rows[1], &rows[2], to_lvlh * lvlh_rate_radps(state))
}

/// Standing on the ground: body x up the local vertical, y east (a rocket on its pad, a stage
/// where it fell), turning with the Earth.
pub fn standing_attitude(position_ecef_m: &Vector3d, gmst_rad: f64) -> Attitude {
    let g = super::frames::geodetic_from_ecef(position_ecef_m);
    let to_eci = super::frames::ecef_from_eci_rotation(gmst_rad).inverse();
    let (up, east) = (to_eci * g.up_ecef(), to_eci * g.east_ecef());
    let earth_rate_inertial = Vector3d::new(0.0, 0.0, super::earth::ROTATION_RATE_RAD_S);
    let mut attitude = Attitude::from_axes(&up, &east, &up.cross(&east), Vector3d::zeros());
    attitude.rate_body_radps = attitude.body_to_inertial.inverse() * earth_rate_inertial;
    attitude
}

/// Standing as [`standing_attitude`], rolled about the vertical so that body y lies along
/// `side` (inertial) as seen from above: a launcher set up on its pad for its flight plane, its
/// y along the plane's normal, so that it needs no roll to pitch over in that plane.
pub fn standing_attitude_towards(position_ecef_m: &Vector3d, gmst_rad: f64, side: &Vector3d) -> Attitude {
    let standing = standing_attitude(position_ecef_m, gmst_rad);
    let (up, y) = (standing.axis(0), standing.axis(1));
    let side = (side - up * up.dot(side)).normalize();
    let roll = UnitQuaternion::from_axis_angle(&Vector3d::x_axis(), y.cross(&side).dot(&up).atan2(y.dot(&side)));
    Attitude {
        body_to_inertial: standing.body_to_inertial * roll,
        rate_body_radps: roll.inverse() * standing.rate_body_radps,
    }
}

/// Attitude-hold torque, body axes, N·m: a PD law on the rotation from `attitude` to `target`
/// with natural frequency `bandwidth_radps` (critically damped), plus the gyroscopic term
/// ω × Iω that Euler's equations would otherwise leave, saturated at `max_torque_nm` (the
/// actuators' limit) along the same direction (Wie, *Space Vehicle Dynamics and Control*,
/// §7.3, quaternion feedback).
pub fn hold_torque_nm(
    attitude: &Attitude,
    target: &Attitude,
    inertia: &Inertia,
    bandwidth_radps: f64,
    max_torque_nm: f64,
) -> Vector3d {
    // The error rotation in body axes, the short way round.
    let error = attitude.body_to_inertial.inverse() * target.body_to_inertial;
    let error_angle_axis = error.scaled_axis();
    let target_rate_body = error * target.rate_body_radps;
    let rate_error = target_rate_body - attitude.rate_body_radps;
    let (kp, kd) = (bandwidth_radps * bandwidth_radps, 2.0 * bandwidth_radps);
    let command = inertia.principal_kg_m2.component_mul(&(error_angle_axis * kp + rate_error * kd))
        + attitude.rate_body_radps.cross(&inertia.momentum_body(&attitude.rate_body_radps));
    let size = command.norm();
    if size > max_torque_nm { command * (max_torque_nm / size) } else { command }
}

/// Angle between two attitudes, rad.
pub fn angle_between_rad(a: &UnitQuaternion<f64>, b: &UnitQuaternion<f64>) -> f64 {
    a.angle_to(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_launcher_stands_rolled_to_its_flight_plane() {
        let pad = crate::core::frames::ecef_from_geodetic_m(&crate::core::frames::Geodetic::from_degrees(
            45.996, 63.564, 100.0,
        ));
        let normal = Vector3d::new(0.3, -0.5, 0.8).normalize();
        let towards = standing_attitude_towards(&pad, 1.2, &normal);
        let standing = standing_attitude(&pad, 1.2);
        // Still up the vertical, turning with the Earth; its y the normal's horizontal part.
        assert!((towards.axis(0) - standing.axis(0)).norm() < 1e-12);
        let up = standing.axis(0);
        let level = (normal - up * up.dot(&normal)).normalize();
        assert!((towards.axis(1) - level).norm() < 1e-12, "{}", towards.axis(1));
        let inertial = |a: &Attitude| a.body_to_inertial * a.rate_body_radps;
        assert!((inertial(&towards) - inertial(&standing)).norm() < 1e-18);
    }

    /// The Soyuz MS as a solid cylinder, 7,152 kg, 7.48 m long, 2.72 m across (derived; the
    /// arrays are left out): 6,614 and 36,650 kg·m².
    fn soyuz() -> Inertia {
        Inertia::solid_cylinder_along_x(7152.0, 7.48, 1.36)
    }

    #[test]
    fn torque_free_spin_keeps_momentum_and_energy_for_an_hour() {
        let inertia = Inertia { principal_kg_m2: soyuz().principal_kg_m2 + Vector3d::new(0.0, 0.0, 4000.0) };
        let rate = Vector3d::new(0.3, -0.5, 0.8).normalize() * 1.0_f64.to_radians();
        let mut attitude = Attitude { body_to_inertial: UnitQuaternion::identity(), rate_body_radps: rate };
        let (h0, e0) = (inertia.momentum_inertial(&attitude), inertia.rotational_energy_j(&rate));
        for _ in 0..3600 {
            attitude = attitude_after(&attitude, &inertia, &Vector3d::zeros(), 1.0);
        }
        let h = inertia.momentum_inertial(&attitude);
        let e = inertia.rotational_energy_j(&attitude.rate_body_radps);
        assert!((h - h0).norm() / h0.norm() < 1e-9, "momentum {h0} -> {h}");
        assert!(((e - e0) / e0).abs() < 1e-9, "energy {e0} -> {e}");
        // It did turn: an hour at 1 deg/s.
        assert!(attitude.body_to_inertial.angle() > 0.5);
    }

    /// Largest angle between body `axis` and its starting direction over `hours` of free spin
    /// about that axis, slightly perturbed.
    fn wander_of_spin_axis_rad(axis: usize, hours: f64) -> f64 {
        let inertia = Inertia { principal_kg_m2: Vector3d::new(1000.0, 2000.0, 3000.0) };
        let mut rate = Vector3d::ith(axis, 5.0_f64.to_radians());
        rate += Vector3d::new(1e-5, 1e-5, 1e-5);
        let mut attitude = Attitude { body_to_inertial: UnitQuaternion::identity(), rate_body_radps: rate };
        let start = inertia.momentum_inertial(&attitude).normalize();
        let mut widest: f64 = 0.0;
        for _ in 0..(hours * 3600.0) as usize {
            attitude = attitude_after(&attitude, &inertia, &Vector3d::zeros(), 1.0);
            widest = widest.max(attitude.axis(axis).angle(&start));
        }
        widest
    }

    #[test]
    fn a_spin_about_the_intermediate_axis_flips_the_others_stay() {
        // The tennis-racket (Dzhanibekov) effect.
        assert!(wander_of_spin_axis_rad(1, 0.5) > 3.0, "the intermediate axis turns over");
        assert!(wander_of_spin_axis_rad(0, 0.5) < 0.01, "the smallest axis holds");
        assert!(wander_of_spin_axis_rad(2, 0.5) < 0.01, "the largest axis holds");
    }

    #[test]
    fn cylinder_moments_match_the_textbook() {
        let i = Inertia::solid_cylinder_along_x(12.0, 2.0, 0.5);
        assert!((i.principal_kg_m2 - Vector3d::new(1.5, 4.75, 4.75)).norm() < 1e-12);
    }

    #[test]
    fn hold_torque_brings_a_body_to_its_target_and_keeps_it() {
        let inertia = soyuz();
        let target = Attitude::at_rest(UnitQuaternion::from_euler_angles(0.3, -0.2, 1.0));
        let mut attitude = Attitude::at_rest(UnitQuaternion::identity());
        for _ in 0..600 {
            let torque = hold_torque_nm(&attitude, &target, &inertia, 0.05, 200.0);
            assert!(torque.norm() <= 200.0 + 1e-9);
            attitude = attitude_after(&attitude, &inertia, &torque, 1.0);
        }
        let error_deg = angle_between_rad(&attitude.body_to_inertial, &target.body_to_inertial).to_degrees();
        assert!(error_deg < 0.01, "{error_deg} deg off after 10 minutes");
    }
}
