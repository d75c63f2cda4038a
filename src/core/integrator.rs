//! Fixed-step integrators for ẏ = f(t, y), and an adaptive Dormand–Prince 5(4) used as the
//! tight-tolerance reference that the fixed-step ones are measured against.

use super::StateVector;
use serde::{Deserialize, Serialize};

/// The fixed-step method a mission integrates with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Method {
    /// Classical fourth-order Runge–Kutta (Hairer, Nørsett & Wanner I, §II.1).
    #[default]
    Rk4,
    /// Dormand–Prince fifth-order solution taken at a fixed step (Hairer et al. I, table 5.2).
    Dopri5,
}

impl Method {
    /// Always inlined, with [`rk4_step`] and [`dopri5_step`]: the new state then stays in
    /// registers for the caller (returned through memory, the mission step stalled on reading
    /// it back), and no call clobbers the registers of the method not taken.
    #[inline(always)]
    pub fn step<F: FnMut(f64, &StateVector) -> StateVector>(
        self,
        f: &mut F,
        t: f64,
        y: &StateVector,
        h: f64,
    ) -> StateVector {
        match self {
            Method::Rk4 => rk4_step(f, t, y, h),
            Method::Dopri5 => dopri5_step(f, t, y, h).0,
        }
    }
}

/// One classical RK4 step.
#[inline(always)]
pub fn rk4_step<F: FnMut(f64, &StateVector) -> StateVector>(f: &mut F, t: f64, y: &StateVector, h: f64) -> StateVector {
    let k1 = f(t, y);
    let k2 = f(t + 0.5 * h, &(y + 0.5 * h * k1));
    let k3 = f(t + 0.5 * h, &(y + 0.5 * h * k2));
    let k4 = f(t + h, &(y + h * k3));
    y + (h / 6.0) * (k1 + 2.0 * (k2 + k3) + k4)
}

/// One Dormand–Prince 5(4) step: the fifth-order solution and the difference to the embedded
/// fourth-order one (Dormand & Prince 1980, coefficients as in Hairer et al. I, table 5.2).
#[inline(always)]
pub fn dopri5_step<F: FnMut(f64, &StateVector) -> StateVector>(
    f: &mut F,
    t: f64,
    y: &StateVector,
    h: f64,
) -> (StateVector, StateVector) {
    let k1 = f(t, y);
    let k2 = f(t + h / 5.0, &(y + h * (k1 / 5.0)));
    let k3 = f(t + 0.3 * h, &(y + h * (3.0 / 40.0 * k1 + 9.0 / 40.0 * k2)));
    let k4 = f(t + 0.8 * h, &(y + h * (44.0 / 45.0 * k1 - 56.0 / 15.0 * k2 + 32.0 / 9.0 * k3)));
    let k5 = f(
        t + 8.0 / 9.0 * h,
        &(y + h * (19_372.0 / 6561.0 * k1 - 25_360.0 / 2187.0 * k2 + 64_448.0 / 6561.0 * k3 - 212.0 / 729.0 * k4)),
    );
    let k6 = f(
        t + h,
        &(y + h
            * (9017.0 / 3168.0 * k1 - 355.0 / 33.0 * k2 + 46_732.0 / 5247.0 * k3 + 49.0 / 176.0 * k4
                - 5103.0 / 18_656.0 * k5)),
    );
    let y5 = y + h
        * (35.0 / 384.0 * k1 + 500.0 / 1113.0 * k3 + 125.0 / 192.0 * k4 - 2187.0 / 6784.0 * k5 + 11.0 / 84.0 * k6);
    let k7 = f(t + h, &y5);
    let error = h
        * (71.0 / 57_600.0 * k1 - 71.0 / 16_695.0 * k3 + 71.0 / 1920.0 * k4 - 17_253.0 / 339_200.0 * k5
            + 22.0 / 525.0 * k6
            - 1.0 / 40.0 * k7);
    (y5, error)
}

/// Integrates from `t0` to `t1` with step-size control so each step's error estimate stays below
/// `abs_tol + rel_tol·|y|` per component (Hairer et al. I, §II.4). Returns the state at `t1`.
pub fn dopri5_adaptive<F: FnMut(f64, &StateVector) -> StateVector>(
    f: &mut F,
    t0: f64,
    y0: &StateVector,
    t1: f64,
    rel_tol: f64,
    abs_tol: f64,
) -> StateVector {
    let mut t = t0;
    let mut y = *y0;
    let mut h = (t1 - t0).signum() * 1.0_f64.min((t1 - t0).abs());
    while (t1 - t).abs() > 1e-12 {
        if (t + h - t1) * h.signum() > 0.0 {
            h = t1 - t;
        }
        let (y_new, error) = dopri5_step(f, t, &y, h);
        let error_norm =
            (0..6).map(|i| error[i].abs() / (abs_tol + rel_tol * y[i].abs().max(y_new[i].abs()))).fold(0.0, f64::max);
        if error_norm <= 1.0 {
            t += h;
            y = y_new;
        }
        h *= (0.9 * error_norm.max(1e-10).powf(-0.2)).clamp(0.2, 5.0);
    }
    y
}

#[cfg(test)]
mod tests {
    use super::*;

    /// ẍ = −x: exact solution cos t.
    fn oscillator(_t: f64, y: &StateVector) -> StateVector {
        StateVector::new(y[3], 0.0, 0.0, -y[0], 0.0, 0.0)
    }

    fn error_after_one_period(method: Method, steps: usize) -> f64 {
        let h = std::f64::consts::TAU / steps as f64;
        let mut y = StateVector::new(1.0, 0.0, 0.0, 0.0, 0.0, 0.0);
        for i in 0..steps {
            y = method.step(&mut oscillator, i as f64 * h, &y, h);
        }
        (y[0] - 1.0).hypot(y[3])
    }

    #[test]
    fn fixed_step_orders_are_four_and_five() {
        for (method, order) in [(Method::Rk4, 4.0), (Method::Dopri5, 5.0)] {
            let measured = (error_after_one_period(method, 50) / error_after_one_period(method, 100)).log2();
            assert!((measured - order).abs() < 0.15, "{method:?}: {measured}");
        }
    }

    #[test]
    fn adaptive_reaches_its_tolerance() {
        let y0 = StateVector::new(1.0, 0.0, 0.0, 0.0, 0.0, 0.0);
        let y = dopri5_adaptive(&mut oscillator, 0.0, &y0, 10.0, 1e-12, 1e-12);
        assert!((y[0] - 10.0_f64.cos()).abs() < 1e-10);
    }
}
