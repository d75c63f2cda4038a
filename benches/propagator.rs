//! Propagator benchmark: ISS with J2 and drag at the app's 1 s step.
//!
//! Prints (1) the position error after 24 h against a Dormand–Prince 5(4) reference at
//! 1e-13 relative tolerance, for several steps and both fixed-step methods, and (2) the
//! throughput of `Mission::step` against a minimal hand-inlined RK4 + J2 loop; criterion then
//! measures both. `cargo bench --bench propagator`.

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use ms19::core::atmosphere::HarrisPriester;
use ms19::core::earth::{EQUATORIAL_RADIUS_M, J2, MU_M3_S2, Zonal};
use ms19::core::forces::{ForceModel, StepEnvironment};
use ms19::core::integrator::{Method, dopri5_adaptive};
use ms19::core::mission::Mission;
use ms19::core::{StateVector, position_m, state_from, sun, velocity_mps};
use ms19::scenario::LoadedScenario;
use std::hint::black_box;
use std::path::Path;
use std::time::Instant;

const DAY_S: f64 = 86_400.0;

fn iss_mission(method: Method, step_s: f64) -> Mission {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("config/ms19.ron");
    let mut mission = LoadedScenario::load(&path).expect("config loads").mission();
    mission.bodies.retain(|b| b.name == "iss");
    mission.ascent = None;
    mission.rendezvous = None;
    mission.forces = ForceModel { zonal: Zonal::J2, atmosphere: Some(HarrisPriester::new(4)) };
    mission.method = method;
    mission.step_s = step_s;
    mission
}

/// The same forces integrated adaptively, with density and the Sun evaluated continuously
/// (the app holds drag over a step, density over 10 s and the Sun over a minute).
fn reference_after(mission: &Mission, seconds: f64) -> StateVector {
    let body = &mission.bodies[0];
    let (start, forces, drag, mass) = (mission.utc(), &mission.forces, body.drag, body.mass_kg);
    let mut derivative = |t: f64, y: &StateVector| {
        let env = StepEnvironment {
            density_bulge_apex: HarrisPriester::bulge_apex(&sun::sun_direction_eci(start.plus_seconds(t))),
        };
        // Density and drag at every evaluation, the bulge following the Sun continuously.
        let drag_mps2 = match drag {
            Some(d) => ForceModel::drag_acceleration_mps2(
                y,
                forces.density_kg_m3(&position_m(y), &env),
                d.ballistic_coefficient_m2_kg(mass),
            ),
            None => ms19::core::Vector3d::zeros(),
        };
        state_from(velocity_mps(y), forces.acceleration_mps2(y, &drag_mps2))
    };
    dopri5_adaptive(&mut derivative, 0.0, &mission.state(0), seconds, 1e-13, 1e-6)
}

fn accuracy_report() {
    let reference = position_m(&reference_after(&iss_mission(Method::Rk4, 1.0), DAY_S));
    println!("24 h position error vs DOPRI5(4) at rtol 1e-13 (ISS, J2 + Harris-Priester drag):");
    for method in [Method::Rk4, Method::Dopri5] {
        for step_s in [1.0, 5.0, 10.0, 30.0] {
            let mut mission = iss_mission(method, step_s);
            for _ in 0..(DAY_S / step_s) as usize {
                mission.step();
            }
            let error_m = (position_m(&mission.state(0)) - reference).norm();
            println!("  {method:?} step {step_s:>4} s: {error_m:.6} m");
        }
    }
}

/// The floor for this method: RK4 on point mass + J2 with nothing else, all inlined.
fn hand_inlined_rk4_j2(mut y: [f64; 6], steps: usize, h: f64) -> [f64; 6] {
    #[inline(always)]
    fn f(y: &[f64; 6]) -> [f64; 6] {
        let (x, yy, z) = (y[0], y[1], y[2]);
        let r2 = x * x + yy * yy + z * z;
        let r = r2.sqrt();
        let mu_r3 = MU_M3_S2 / (r2 * r);
        let s2 = z * z / r2;
        let k = -1.5 * J2 * mu_r3 * EQUATORIAL_RADIUS_M * EQUATORIAL_RADIUS_M / r2;
        let kxy = -mu_r3 + k * (1.0 - 5.0 * s2);
        let kz = -mu_r3 + k * (3.0 - 5.0 * s2);
        [y[3], y[4], y[5], kxy * x, kxy * yy, kz * z]
    }
    let add = |a: &[f64; 6], b: &[f64; 6], s: f64| std::array::from_fn::<f64, 6, _>(|i| a[i] + s * b[i]);
    for _ in 0..steps {
        let k1 = f(&y);
        let k2 = f(&add(&y, &k1, 0.5 * h));
        let k3 = f(&add(&y, &k2, 0.5 * h));
        let k4 = f(&add(&y, &k3, h));
        y = std::array::from_fn(|i| y[i] + h / 6.0 * (k1[i] + 2.0 * (k2[i] + k3[i]) + k4[i]));
    }
    y
}

fn best_of_5_ns_per_step(mut run: impl FnMut(usize)) -> f64 {
    let steps = 200_000;
    (0..5)
        .map(|_| {
            let t = Instant::now();
            run(steps);
            t.elapsed().as_secs_f64() * 1e9 / steps as f64
        })
        .fold(f64::INFINITY, f64::min)
}

fn throughput_report() {
    let mut mission = iss_mission(Method::Rk4, 1.0);
    let ours = best_of_5_ns_per_step(|n| {
        for _ in 0..n {
            mission.step();
        }
        black_box(&mission);
    });
    let mut no_drag = iss_mission(Method::Rk4, 1.0);
    no_drag.forces.atmosphere = None;
    let ours_no_drag = best_of_5_ns_per_step(|n| {
        for _ in 0..n {
            no_drag.step();
        }
        black_box(&no_drag);
    });
    let forces = ForceModel { atmosphere: None, ..no_drag.forces.clone() };
    let mut y = iss_mission(Method::Rk4, 1.0).state(0);
    let no_drag_vector = ms19::core::Vector3d::zeros();
    let core_rk4 = best_of_5_ns_per_step(|n| {
        let mut f =
            |_t: f64, s: &StateVector| state_from(velocity_mps(s), forces.acceleration_mps2(s, &no_drag_vector));
        for _ in 0..n {
            y = ms19::core::integrator::rk4_step(&mut f, 0.0, &y, 1.0);
        }
        black_box(&y);
    });
    println!("probe: core rk4_step + ForceModel (J2, no Mission) {core_rk4:.1} ns/step");
    let start: [f64; 6] = iss_mission(Method::Rk4, 1.0).state(0).into();
    let floor = best_of_5_ns_per_step(|n| {
        black_box(hand_inlined_rk4_j2(black_box(start), n, 1.0));
    });
    println!(
        "throughput: Mission::step (J2 + drag) {ours:.1} ns/step = {:.2} M steps/s; Mission::step (J2 only) \
         {ours_no_drag:.1} ns/step; hand-inlined RK4 + J2 {floor:.1} ns/step; ratio (J2 + drag) {:.2}, (J2 only) {:.2}",
        1e3 / ours,
        ours / floor,
        ours_no_drag / floor
    );
}

fn bench(c: &mut Criterion) {
    accuracy_report();
    throughput_report();
    let mut group = c.benchmark_group("propagator_1000_steps");
    // A fresh copy for every batch: criterion runs for millions of steps, years of orbit.
    let mission = iss_mission(Method::Rk4, 1.0);
    group.bench_function("mission_step_j2_drag", |b| {
        b.iter_batched(
            || mission.clone(),
            |mut m| {
                for _ in 0..1000 {
                    m.step();
                }
                m
            },
            BatchSize::SmallInput,
        )
    });
    let start: [f64; 6] = iss_mission(Method::Rk4, 1.0).state(0).into();
    group.bench_function("hand_inlined_rk4_j2", |b| b.iter(|| hand_inlined_rk4_j2(black_box(start), 1000, 1.0)));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
