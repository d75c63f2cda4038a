//! Accelerations acting on a body: gravity with zonal harmonics and atmospheric drag.

use super::atmosphere::{Atmosphere, HarrisPriester};
use super::earth::{EQUATORIAL_RADIUS_M, FLATTENING, Zonal, gravity_acceleration_mps2};
use super::frames::{geodetic_from_eci_position_m, velocity_relative_to_earth_mps};
use super::integrator::Method;
use super::time::{UtcInstant, gmst_rad};
use super::{StateVector, Vector3d, position_m, state_from, sun, velocity_mps};
use std::sync::Arc;

/// What the drag force needs to know of a body.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DragProperties {
    pub drag_coefficient: f64,
    pub reference_area_m2: f64,
}

impl DragProperties {
    /// Ballistic coefficient B = C_D·A/m in m²/kg (Vallado eq. 8-29 uses its inverse).
    pub fn ballistic_coefficient_m2_kg(&self, mass_kg: f64) -> f64 {
        self.drag_coefficient * self.reference_area_m2 / mass_kg
    }
}

/// The environment models a mission integrates with.
#[derive(Clone, Debug, PartialEq)]
pub struct ForceModel {
    pub zonal: Zonal,
    /// Shared by every copy of a mission (checkpoints, forecasts): Harris–Priester's table is
    /// 2 kB.
    pub atmosphere: Option<Arc<Atmosphere>>,
}

/// Quantities that change slowly enough to evaluate once per fixed step rather than once per
/// integrator stage: the Sun moves 0.04 arcsec in a 1 s step.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StepEnvironment {
    pub density_bulge_apex: Vector3d,
    /// The Sun's geocentric position, m, for the light on the vehicles.
    pub sun_position_m: Vector3d,
    /// The instant this environment stands for: NRLMSISE-00's day, time of day and indices.
    pub utc: UtcInstant,
    /// Earth's sidereal angle then, rad: a position's latitude and longitude for NRLMSISE-00.
    /// Held with the rest, it puts a place up to 0.25 deg of longitude (a minute of local
    /// time) off over a minute's refresh, which moves the density by well under 0.1 %.
    pub gmst_rad: f64,
}

impl StepEnvironment {
    /// The environment at `utc`, with UT1 − UTC `ut1_minus_utc_s` for the Earth's angle.
    pub fn at(utc: UtcInstant, ut1_minus_utc_s: f64) -> Self {
        let sun_position_m = sun::sun_position_eci_m(utc);
        Self {
            density_bulge_apex: HarrisPriester::bulge_apex(&sun_position_m.normalize()),
            sun_position_m,
            utc,
            gmst_rad: gmst_rad(utc.julian_date_ut1(ut1_minus_utc_s)),
        }
    }
}

/// Height above the ellipsoid to first order in the flattening, r − a(1 − f sin²φ): within a few
/// metres of the exact geodetic height at 400 km, which moves the density by under 0.1 %.
#[inline]
pub fn approximate_altitude_m(position_m: &Vector3d) -> f64 {
    let r2 = position_m.norm_squared();
    r2.sqrt() - EQUATORIAL_RADIUS_M * (1.0 - FLATTENING * position_m.z * position_m.z / r2)
}

impl ForceModel {
    /// Atmospheric density at a position (zero without an atmosphere model).
    pub fn density_kg_m3(&self, position_m: &Vector3d, env: &StepEnvironment) -> f64 {
        match self.atmosphere.as_deref() {
            None => 0.0,
            Some(Atmosphere::HarrisPriester(model)) => {
                let cos_to_apex = position_m.dot(&env.density_bulge_apex) / position_m.norm();
                model.density_kg_m3(approximate_altitude_m(position_m), cos_to_apex)
            }
            Some(Atmosphere::Nrlmsise00(model)) => {
                model.density_kg_m3(&geodetic_from_eci_position_m(position_m, env.gmst_rad), env.utc)
            }
        }
    }

    /// Density scale height below a position, m (infinite without an atmosphere model): what
    /// bounds a density hold, which needs it to tens of per cent. NRLMSISE-00 takes the
    /// Harris–Priester table's (a lookup; within 35 % of NRLMSISE-00's own from 150 to 500 km,
    /// `atmosphere` tests it), where a finite difference of the model cost two more model calls
    /// per sample.
    pub fn density_scale_height_m(&self, position_m: &Vector3d) -> f64 {
        match self.atmosphere.as_deref() {
            None => f64::INFINITY,
            Some(Atmosphere::HarrisPriester(model)) => model.scale_height_m(approximate_altitude_m(position_m)),
            Some(Atmosphere::Nrlmsise00(_)) => {
                HarrisPriester::table().scale_height_m(approximate_altitude_m(position_m))
            }
        }
    }

    /// Drag acceleration −½ ρ B |v_rel| v_rel with the atmosphere co-rotating with the Earth
    /// (Vallado eq. 8-29), B = C_D A / m.
    pub fn drag_acceleration_mps2(state: &StateVector, density_kg_m3: f64, ballistic_m2_kg: f64) -> Vector3d {
        let v_rel = velocity_relative_to_earth_mps(state);
        -0.5 * density_kg_m3 * ballistic_m2_kg * v_rel.norm() * v_rel
    }

    /// One fixed step of `method` under gravity plus an acceleration held over the step (drag,
    /// thrust): drag is a millionth of gravity on the ISS and changes by a thousandth of itself
    /// in a 1 s step, so evaluating it per integrator stage buys nothing measurable.
    ///
    /// The zonal terms are matched here, once per step: each arm is its own copy of the method
    /// with the gravity inlined and no branch per stage (benches/propagator.rs measures it).
    #[inline]
    pub fn step(&self, method: Method, state: &StateVector, held_mps2: &Vector3d, h_s: f64) -> StateVector {
        #[inline(always)]
        fn with<G: Fn(&Vector3d) -> Vector3d>(
            gravity: G,
            method: Method,
            state: &StateVector,
            held_mps2: &Vector3d,
            h_s: f64,
        ) -> StateVector {
            let mut derivative =
                |_t: f64, y: &StateVector| state_from(velocity_mps(y), gravity(&position_m(y)) + held_mps2);
            method.step(&mut derivative, 0.0, state, h_s)
        }
        match self.zonal {
            Zonal::PointMass => with(|p| gravity_acceleration_mps2(p, Zonal::PointMass), method, state, held_mps2, h_s),
            Zonal::J2 => with(|p| gravity_acceleration_mps2(p, Zonal::J2), method, state, held_mps2, h_s),
            Zonal::J2J3J4 => with(|p| gravity_acceleration_mps2(p, Zonal::J2J3J4), method, state, held_mps2, h_s),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iss_drag_is_a_few_micro_g_against_the_airflow() {
        let forces = ForceModel {
            zonal: Zonal::J2,
            atmosphere: Some(Arc::new(Atmosphere::HarrisPriester(HarrisPriester::new(4)))),
        };
        let r = EQUATORIAL_RADIUS_M + 420e3;
        let state = state_from(Vector3d::new(r, 0.0, 0.0), Vector3d::new(0.0, 7_660.0, 0.0));
        // On the day side, under the bulge's apex.
        let env = StepEnvironment {
            density_bulge_apex: Vector3d::x(),
            ..StepEnvironment::at(UtcInstant::from_calendar(2021, 10, 5, 12, 0, 0.0), 0.0)
        };
        // ISS: C_D 2.2, about 1,700 m², 420 t.
        let b = DragProperties { drag_coefficient: 2.2, reference_area_m2: 1_700.0 }.ballistic_coefficient_m2_kg(420e3);
        let density = forces.density_kg_m3(&position_m(&state), &env);
        let a = ForceModel::drag_acceleration_mps2(&state, density, b);
        assert!(a.y < 0.0 && a.x.abs() < 1e-12);
        // Published ISS decay with this density: 1e-6..1e-5 m/s² (tens of m/day of altitude).
        assert!((1e-6..1e-5).contains(&a.norm()), "{}", a.norm());
    }
}
