//! The Kurs-style proximity approach in the target's LVLH frame (x along-track, z to nadir):
//! a glide from where the phasing ends onto the port's axis, station-keeping out along it, then
//! the final approach along the axis (up the R-bar to a nadir port) at a speed that falls with
//! the distance, to contact.
//! A PD law on that reference, saturated at the attitude thrusters' acceleration.

use crate::core::Vector3d;
use crate::core::rendezvous::{Approach, Contact};

/// Where the approach is. Ordered: the approach only moves forward.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ProximityPhase {
    /// The glide onto the port's axis, below the station.
    FlyAround,
    StationKeeping,
    FinalApproach,
}

/// The reference the controller tracks at `met_s`: its phase, and the LVLH position (m) and
/// velocity (m/s) of the spacecraft's centre. `glide_start` is when and where the glide began.
pub fn reference_lvlh(
    approach: &Approach,
    glide_start: (f64, Vector3d),
    met_s: f64,
) -> (ProximityPhase, Vector3d, Vector3d) {
    let contact_point = contact_point_lvlh(approach);
    let hold_point = contact_point + approach.port_axis_lvlh * approach.hold_distance_m;
    let final_start = approach.contact_met_s - approach.approach_duration_s();
    let (t0, p0) = glide_start;
    if met_s < t0 + approach.glide_s {
        // Smoothstep from the start to the hold point: it starts and ends at rest.
        let x = (met_s - t0) / approach.glide_s;
        let s = x * x * (3.0 - 2.0 * x);
        let s_dot = 6.0 * x * (1.0 - x) / approach.glide_s;
        (ProximityPhase::FlyAround, p0 + (hold_point - p0) * s, (hold_point - p0) * s_dot)
    } else if met_s < final_start {
        (ProximityPhase::StationKeeping, hold_point, Vector3d::zeros())
    } else {
        let d = approach.distance_at(met_s - final_start);
        (
            ProximityPhase::FinalApproach,
            contact_point + approach.port_axis_lvlh * d,
            -approach.port_axis_lvlh * (approach.contact_speed_mps + approach.slowing_per_s * d),
        )
    }
}

/// Where the spacecraft's centre is at contact: the port, less the probe's reach out along the
/// port's axis.
pub fn contact_point_lvlh(approach: &Approach) -> Vector3d {
    approach.port_lvlh_m + approach.port_axis_lvlh * approach.probe_offset_m
}

/// The PD law's acceleration command in LVLH (m/s²) towards the reference, critically damped
/// at the approach's bandwidth, saturated at what the thrusters give a spacecraft of `mass_kg`
/// (Fehse, *Automated Rendezvous and Docking of Spacecraft*, §6.2).
pub fn command_lvlh_mps2(
    approach: &Approach,
    (p, v): (Vector3d, Vector3d),
    (p_ref, v_ref): (Vector3d, Vector3d),
    mass_kg: f64,
) -> Vector3d {
    let omega = approach.control_bandwidth_rad_s;
    let command = (p_ref - p) * omega * omega + (v_ref - v) * 2.0 * omega;
    let limit = approach.thruster_force_n / mass_kg;
    if command.norm() > limit { command * (limit / command.norm()) } else { command }
}

/// Contact, on the final approach, once the probe reaches the port: when, how fast it closed
/// and how far off the port's axis.
pub fn contact(approach: &Approach, (p, v): (Vector3d, Vector3d), met_s: f64) -> Option<Contact> {
    let axis = approach.port_axis_lvlh;
    let offset = p - contact_point_lvlh(approach);
    let along_m = offset.dot(&axis);
    (along_m <= 0.0).then(|| Contact {
        met_s,
        closing_mps: -v.dot(&axis),
        lateral_miss_m: (offset - axis * along_m).norm(),
        misalignment_rad: 0.0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn approach() -> Approach {
        Approach {
            port: "the port".into(),
            port_id: crate::core::geometry::PortId::RassvetNadir,
            port_lvlh_m: Vector3d::new(-16.3, 0.0, 8.1),
            port_axis_lvlh: Vector3d::z(),
            probe_offset_m: 4.0,
            hold_distance_m: 180.0,
            glide_s: 1500.0,
            contact_met_s: 12_449.0,
            contact_speed_mps: 0.15,
            slowing_per_s: 0.01,
            thruster_force_n: 520.0,
            control_bandwidth_rad_s: 0.2,
            hooks_close_after_s: 600.0,
            kurs_fault: None,
            capture: crate::core::docking::tests::envelope(),
        }
    }

    #[test]
    fn the_reference_is_continuous_through_the_phases_and_ends_at_the_port() {
        let a = approach();
        let start = (10_000.0, Vector3d::new(-1200.0, 30.0, 200.0));
        let final_start = a.contact_met_s - a.approach_duration_s();
        for boundary in [start.0 + a.glide_s, final_start] {
            let (before, p0, _) = reference_lvlh(&a, start, boundary - 1e-6);
            let (after, p1, _) = reference_lvlh(&a, start, boundary);
            assert!(before < after, "{before:?} then {after:?}");
            assert!((p1 - p0).norm() < 1e-3, "a jump of {} m at T{boundary}", (p1 - p0).norm());
        }
        // The glide ends at rest; the final approach arrives at the contact point at the
        // contact time, at the contact speed.
        let (_, _, v) = reference_lvlh(&a, start, start.0 + a.glide_s - 1e-6);
        assert!(v.norm() < 1e-6);
        let (phase, p, v) = reference_lvlh(&a, start, a.contact_met_s);
        assert_eq!(phase, ProximityPhase::FinalApproach);
        assert!((p - contact_point_lvlh(&a)).norm() < 1e-6 && (v.z + a.contact_speed_mps).abs() < 1e-9);
    }

    #[test]
    fn the_command_never_exceeds_the_thrusters() {
        let a = approach();
        let far = command_lvlh_mps2(
            &a,
            (Vector3d::new(500.0, 0.0, 0.0), Vector3d::zeros()),
            (Vector3d::zeros(), Vector3d::zeros()),
            7000.0,
        );
        assert!((far.norm() - 520.0 / 7000.0).abs() < 1e-12, "saturated: {far}");
        assert!(far.x < 0.0, "towards the reference");
        let near = command_lvlh_mps2(
            &a,
            (Vector3d::new(0.01, 0.0, 0.0), Vector3d::zeros()),
            (Vector3d::zeros(), Vector3d::zeros()),
            7000.0,
        );
        assert!((near.x + 0.01 * 0.04).abs() < 1e-12, "linear near the reference: {near}");
    }

    #[test]
    fn contact_comes_when_the_probe_reaches_the_port() {
        let a = approach();
        let at = contact_point_lvlh(&a);
        let closing = Vector3d::new(0.0, 0.0, -0.15);
        assert_eq!(contact(&a, (at + Vector3d::new(0.0, 0.0, 0.01), closing), 1.0), None);
        let c = contact(&a, (at + Vector3d::new(0.003, 0.004, -0.001), closing), 2.0).unwrap();
        assert!((c.lateral_miss_m - 0.005).abs() < 1e-12 && (c.closing_mps - 0.15).abs() < 1e-12);
    }
}
