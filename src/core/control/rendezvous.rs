//! The rendezvous a spacecraft flies after the launcher lets it go: the phasing burns of the
//! two-orbit scheme (`phasing`, aimed by `targeter`), the Kurs-style approach (`proximity`),
//! the docking by hand after a Kurs fault (`hands`), and the docked ship (`docked`). One
//! controller whose phase says which of those flies it now; the figures and types they share
//! (engines, burns, propellant, the approach, the thruster table) live here, below them all.

use crate::core::Vector3d;
use crate::core::geometry::PortId;
use crate::core::launcher::G0_MPS2;
use serde::Deserialize;

/// The Soyuz MS engines a phasing burn can use. Both draw on the one propellant supply.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
pub enum Engine {
    /// The S5.80 main engine.
    Skd,
    /// The DPO-B attitude/translation thrusters, a few firing together.
    Dpo,
}

impl Engine {
    /// The name the log shows.
    pub fn name(self) -> &'static str {
        match self {
            Self::Skd => "SKD",
            Self::Dpo => "DPO",
        }
    }
}

/// What an engine gives: thrust (all the thrusters that fire together) and specific impulse.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct EngineSpec {
    pub thrust_n: f64,
    pub isp_s: f64,
}

impl EngineSpec {
    /// ṁ = F / (Isp g0).
    pub fn mass_flow_kg_s(&self) -> f64 {
        self.thrust_n / (self.isp_s * G0_MPS2)
    }

    /// Propellant for a speed change from `mass_kg`: m0 (1 − e^(−Δv / (Isp g0))) (Tsiolkovsky).
    pub fn propellant_for_kg(&self, delta_v_mps: f64, mass_kg: f64) -> f64 {
        mass_kg * (1.0 - (-delta_v_mps / (self.isp_s * G0_MPS2)).exp())
    }

    /// How long that speed change takes at full thrust, s.
    pub fn burn_duration_s(&self, delta_v_mps: f64, mass_kg: f64) -> f64 {
        self.propellant_for_kg(delta_v_mps, mass_kg) / self.mass_flow_kg_s()
    }

    /// One step of `h_s` towards `remaining_mps` along `direction` (unit) for a vehicle of
    /// `mass_kg` with `propellant_kg` left: full thrust for the part of the step the speed
    /// change (or the propellant) lasts.
    pub fn step_towards(
        &self,
        remaining_mps: f64,
        direction: &Vector3d,
        (mass_kg, propellant_kg): (f64, f64),
        h_s: f64,
    ) -> BurnStep {
        let accel_mps2 = self.thrust_n / mass_kg;
        let flow_kg_s = self.mass_flow_kg_s();
        let fraction = (remaining_mps / (accel_mps2 * h_s)).min(1.0).min(propellant_kg / (flow_kg_s * h_s));
        let delta_v_mps = accel_mps2 * h_s * fraction;
        BurnStep {
            acceleration_mps2: direction * accel_mps2 * fraction,
            propellant_kg: flow_kg_s * h_s * fraction,
            delta_v_mps,
        }
    }
}

/// Where a burn sends the spacecraft.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum BurnTarget {
    /// To `offset_lvlh_m` from the station (x along-track, z to nadir) at `arrive_met_s`.
    AimPoint { arrive_met_s: f64, offset_lvlh_m: Vector3d },
    /// To the station's velocity, where the spacecraft is.
    MatchVelocity,
}

/// A planned burn: when it starts, on which engine, and where to.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PhasingBurn {
    pub start_met_s: f64,
    pub engine: Engine,
    pub target: BurnTarget,
}

/// A burn in progress: its engine, a fixed inertial direction, the speed change still to give.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ActiveBurn {
    pub engine: Engine,
    pub direction: Vector3d,
    pub remaining_mps: f64,
}

/// What a burn did over one step.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BurnStep {
    /// Thrust acceleration over the step, inertial, m/s².
    pub acceleration_mps2: Vector3d,
    pub propellant_kg: f64,
    pub delta_v_mps: f64,
}

impl BurnStep {
    pub const NONE: BurnStep =
        BurnStep { acceleration_mps2: Vector3d::new(0.0, 0.0, 0.0), propellant_kg: 0.0, delta_v_mps: 0.0 };
}

impl ActiveBurn {
    /// A burn on `engine` that gives `dv_mps` along its direction.
    pub fn new(engine: Engine, dv_mps: &Vector3d) -> Self {
        Self { engine, direction: dv_mps.normalize(), remaining_mps: dv_mps.norm() }
    }

    /// One step of `h_s` on `spec` for a spacecraft of `mass_kg` with `propellant_kg` left:
    /// full thrust for the part of the step the speed change (or the propellant) lasts.
    pub fn step(&mut self, spec: &EngineSpec, mass_kg: f64, propellant_kg: f64, h_s: f64) -> BurnStep {
        let step = spec.step_towards(self.remaining_mps, &self.direction, (mass_kg, propellant_kg), h_s);
        self.remaining_mps -= step.delta_v_mps;
        step
    }
}

/// Where the approach is. Ordered: the approach only moves forward.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ProximityPhase {
    /// The glide onto the port's axis, below the station.
    FlyAround,
    StationKeeping,
    FinalApproach,
}

/// Where the rendezvous is. Each phase holds what it needs and nothing else, so that, say, a
/// docked ship cannot also be mid-burn.
#[derive(Clone, Debug, PartialEq)]
pub enum RendezvousPhase {
    /// The phasing burns: the index of the next to plan, and the one burning, if any.
    Phasing { next: usize, active: Option<ActiveBurn> },
    /// The last burn nulls the velocity against the station; the approach follows it.
    Matching(ActiveBurn),
    /// The automatic approach.
    Approach(ApproachLog),
    /// Kurs stopped the final approach at `stopped_met_s`; the ship holds `held_at_lvlh_m` until
    /// the pilot takes the controls.
    KursStopped { log: ApproachLog, stopped_met_s: f64, held_at_lvlh_m: Vector3d },
    /// A pilot flies it on the hand controllers.
    ByHand { log: ApproachLog, hand: HandFlight },
    /// The probe was captured; the hooks close after the mechanism's time.
    Docked { contact: Contact, hooks_closed_at_s: Option<f64>, by_hand: Option<HandFlight> },
}

/// What the approach has begun so far: when and where (LVLH) the glide began, and the last
/// phase begun (each is logged once, in order).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ApproachLog {
    pub glide_start: Option<(f64, Vector3d)>,
    pub begun: Option<ProximityPhase>,
}

/// A docking by hand: since when, with how much propellant then, and how it failed, if it did
/// (the hands then rest).
#[derive(Clone, Debug, PartialEq)]
pub struct HandFlight {
    pub since_met_s: f64,
    pub propellant_at_takeover_kg: f64,
    pub failure: Option<DockingFailure>,
    /// What the manual mode's law holds, flown in [`HandMode::Rate`].
    pub rate_hold: super::rate_hold::RateHold,
    /// Each substep flown by hand, for the flight's telemetry (`ms19 dock --telemetry`), when
    /// the fault keeps them.
    pub substeps: Option<Vec<HandSubstep>>,
}

/// One substep flown by hand as it began: the ship and the station (inertial), the ship's
/// attitude, what the controllers held and the propellant left.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct HandSubstep {
    pub met_s: f64,
    pub ship: crate::core::StateVector,
    pub station: crate::core::StateVector,
    pub attitude: crate::core::attitude::Attitude,
    pub command: crate::core::rcs::HandCommand,
    pub propellant_kg: f64,
}

/// Whose hands are on the controllers after the Kurs stop.
#[derive(Clone, Debug, PartialEq)]
pub enum Hands {
    /// A recorded input stream.
    Replay(std::sync::Arc<crate::core::replay::Replay>),
    /// The pilot model, live, its inputs recorded as it flies.
    Pilot(Box<super::pilot::Pilot>, crate::core::replay::Replay),
    /// A player on the controllers: the command the game last set, recorded as it is flown.
    Live(crate::core::rcs::HandCommand, crate::core::replay::Replay),
}

impl Hands {
    /// How the controllers reach the thrusters: as the replay was flown, as the player chose,
    /// or as the pilot model's technique flies them.
    pub fn mode(&self) -> super::rate_hold::HandMode {
        match self {
            Hands::Replay(replay) => replay.mode,
            Hands::Live(_, recorded) => recorded.mode,
            Hands::Pilot(pilot, _) => pilot.technique.hands,
        }
    }
}

/// The Kurs fault the flight plan holds: where the automatic approach stops, when the pilot
/// takes over, and whose hands fly from then.
#[derive(Clone, Debug, PartialEq)]
pub struct KursFault {
    pub at_m: f64,
    pub takeover_met_s: f64,
    pub hands: Hands,
    /// Whether the flight by hand keeps its substeps ([`HandFlight::substeps`]): asked for by
    /// the telemetry only, since checkpoints copy them.
    pub keeps_substeps: bool,
}

/// A docking by hand that cannot go on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DockingFailure {
    /// A part of the Soyuz struck this part of the station or of a vehicle docked to it.
    Collision(String),
    OutOfPropellant,
}

/// The approach with its figures as the controller uses them.
#[derive(Clone, Debug, PartialEq)]
pub struct Approach {
    /// The port's name as the log shows it.
    pub port: String,
    pub port_id: PortId,
    /// The port in the station's axes, which fly LVLH (+z is nadir), metres.
    pub port_lvlh_m: Vector3d,
    /// The port's outward axis, the direction the approach comes in from.
    pub port_axis_lvlh: Vector3d,
    /// Spacecraft centre to the tip of its probe, along its x axis, metres.
    pub probe_offset_m: f64,
    pub hold_distance_m: f64,
    pub glide_s: f64,
    pub contact_met_s: f64,
    pub contact_speed_mps: f64,
    pub slowing_per_s: f64,
    /// The thrusters' force for translation (the DPO's), N.
    pub thruster_force_n: f64,
    pub control_bandwidth_rad_s: f64,
    pub hooks_close_after_s: f64,
    pub kurs_fault: Option<KursFault>,
    pub capture: crate::core::contact::CaptureEnvelope,
}

impl Approach {
    /// Where the spacecraft's centre is at contact: the port, less the probe's reach out along
    /// the port's axis.
    pub fn contact_point_lvlh(&self) -> Vector3d {
        self.port_lvlh_m + self.port_axis_lvlh * self.probe_offset_m
    }

    /// Where the ship's centre is at contact and the port's axis (LVLH), which a pilot's cues
    /// are read against.
    pub fn port_line(&self) -> (Vector3d, Vector3d) {
        (self.contact_point_lvlh(), self.port_axis_lvlh)
    }

    /// Time to close the hold distance with ḋ = −(v_c + k d): T = ln((d0 + v_c/k)/(v_c/k))/k.
    pub fn approach_duration_s(&self) -> f64 {
        let tail = self.contact_speed_mps / self.slowing_per_s;
        ((self.hold_distance_m + tail) / tail).ln() / self.slowing_per_s
    }

    /// Distance left `t` seconds into the final approach (the solution of the same law).
    pub fn distance_at(&self, t: f64) -> f64 {
        let tail = self.contact_speed_mps / self.slowing_per_s;
        ((self.hold_distance_m + tail) * (-self.slowing_per_s * t).exp() - tail).max(0.0)
    }
}

/// What contact was like.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Contact {
    pub met_s: f64,
    pub closing_mps: f64,
    pub lateral_miss_m: f64,
    /// Between the probe's axis and the port's, rad (from the attitudes; zero until judged).
    pub misalignment_rad: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Rendezvous {
    pub skd: EngineSpec,
    pub dpo: EngineSpec,
    pub propellant_kg: f64,
    pub burns: Vec<PhasingBurn>,
    /// Speed change the burns have given so far, m/s.
    pub delta_v_given_mps: f64,
    pub approach: Approach,
    /// The thruster table the hand controllers fire.
    pub rcs: crate::core::rcs::Rcs,
    pub phase: RendezvousPhase,
}

impl Rendezvous {
    /// What `engine` gives.
    pub fn engine(&self, engine: Engine) -> &EngineSpec {
        match engine {
            Engine::Skd => &self.skd,
            Engine::Dpo => &self.dpo,
        }
    }

    /// Contact, once docked.
    pub fn contact(&self) -> Option<Contact> {
        match &self.phase {
            RendezvousPhase::Docked { contact, .. } => Some(*contact),
            _ => None,
        }
    }

    /// The docking by hand, under way or done.
    pub fn hand_flight(&self) -> Option<&HandFlight> {
        match &self.phase {
            RendezvousPhase::ByHand { hand, .. } | RendezvousPhase::Docked { by_hand: Some(hand), .. } => Some(hand),
            _ => None,
        }
    }

    /// Contact and the docking by hand that led to it, once docked by hand.
    pub fn docked_by_hand(&self) -> Option<(Contact, &HandFlight)> {
        match &self.phase {
            RendezvousPhase::Docked { contact, by_hand: Some(hand), .. } => Some((*contact, hand)),
            _ => None,
        }
    }

    /// How the docking by hand failed, if it did.
    pub fn failure(&self) -> Option<&DockingFailure> {
        self.hand_flight()?.failure.as_ref()
    }

    /// Propellant used by hand so far, kg.
    pub fn propellant_used_by_hand_kg(&self) -> f64 {
        self.hand_flight().map_or(0.0, |hand| hand.propellant_at_takeover_kg - self.propellant_kg)
    }

    /// Whether a pilot flies it by hand now (its attitude then follows the thrusters).
    pub fn by_hand(&self) -> bool {
        matches!(self.phase, RendezvousPhase::ByHand { .. })
    }

    /// Whether the approach flies it (automatic, stopped or by hand): after the velocity match,
    /// until contact.
    pub fn approaching(&self) -> bool {
        matches!(
            self.phase,
            RendezvousPhase::Approach(_) | RendezvousPhase::KursStopped { .. } | RendezvousPhase::ByHand { .. }
        )
    }

    /// Whether the docking floodlights are on (`core::floodlights`): from the approach until
    /// the hooks close, while the crew watches the port and then the probe retract through the
    /// periscope (L: derived; when the crew switches them is not published).
    pub fn floodlights_on(&self) -> bool {
        self.approaching() || matches!(self.phase, RendezvousPhase::Docked { hooks_closed_at_s: None, .. })
    }

    /// Whether it is past the velocity match: on the port's axis, or docked.
    pub fn matched(&self) -> bool {
        !matches!(self.phase, RendezvousPhase::Phasing { .. } | RendezvousPhase::Matching(_))
    }

    /// Mission time the Kurs stopped the approach, and where it holds (LVLH), while stopped.
    pub fn kurs_stop(&self) -> Option<(f64, Vector3d)> {
        match self.phase {
            RendezvousPhase::KursStopped { stopped_met_s, held_at_lvlh_m, .. } => Some((stopped_met_s, held_at_lvlh_m)),
            _ => None,
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The approach of the shipped scenario, in round figures.
    pub(crate) fn approach() -> Approach {
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
            capture: crate::core::contact::capture::tests::envelope(),
        }
    }

    /// A ship on the approach's final axis, flown by `hands` since mission time 0.
    pub(crate) fn rendezvous_by_hand(hands: Hands) -> Rendezvous {
        let fault = KursFault { at_m: 40.0, takeover_met_s: 0.0, hands, keeps_substeps: false };
        let hand = HandFlight {
            since_met_s: 0.0,
            propellant_at_takeover_kg: 100.0,
            failure: None,
            rate_hold: Default::default(),
            substeps: None,
        };
        Rendezvous {
            skd: EngineSpec { thrust_n: 2950.0, isp_s: 302.0 },
            dpo: EngineSpec { thrust_n: 520.0, isp_s: 290.0 },
            propellant_kg: 100.0,
            burns: Vec::new(),
            delta_v_given_mps: 0.0,
            approach: Approach { kurs_fault: Some(fault), ..approach() },
            rcs: crate::core::rcs::Rcs::soyuz_ms(130.0, 290.0, Vector3d::new(-1.0, 0.0, 0.0)),
            phase: RendezvousPhase::ByHand { log: ApproachLog::default(), hand },
        }
    }

    const SKD: EngineSpec = EngineSpec { thrust_n: 2950.0, isp_s: 302.0 };
    const DPO: EngineSpec = EngineSpec { thrust_n: 520.0, isp_s: 290.0 };

    #[test]
    fn the_engines_are_the_main_engine_and_the_thrusters_with_their_flows() {
        assert_eq!((Engine::Skd.name(), Engine::Dpo.name()), ("SKD", "DPO"));
        // 2.95 kN at 302 s: 0.996 kg/s; four 130 N thrusters at 290 s: 0.183 kg/s.
        assert!((SKD.mass_flow_kg_s() - 0.9961).abs() < 1e-4 && (DPO.mass_flow_kg_s() - 0.1828).abs() < 1e-4);
        // MS-22's first SKD burn: 50.33 m/s in 124.6 s flown; from 7,150 kg the model takes 121 s.
        assert!((SKD.burn_duration_s(50.33, 7150.0) - 121.0).abs() < 0.5);
    }

    #[test]
    fn a_burn_gives_its_delta_v_and_burns_the_rocket_equation_s_propellant() {
        let dv = Vector3d::new(3.0, 4.0, 0.0);
        let mut burn = ActiveBurn::new(Engine::Dpo, &dv);
        let (mut mass_kg, mut propellant_kg, mut given) = (7000.0, 800.0, Vector3d::zeros());
        let mut steps = 0;
        while burn.remaining_mps > 1e-9 {
            let step = burn.step(&DPO, mass_kg, propellant_kg, 1.0);
            given += step.acceleration_mps2;
            assert!((step.acceleration_mps2.norm() - step.delta_v_mps).abs() < 1e-12);
            mass_kg -= step.propellant_kg;
            propellant_kg -= step.propellant_kg;
            steps += 1;
        }
        assert!((given - dv).norm() < 1e-9, "{given}");
        assert_eq!(steps, DPO.burn_duration_s(5.0, 7000.0).ceil() as usize);
        // Mass held over each 1 s step: within 0.1 % of Tsiolkovsky.
        let used_kg = 800.0 - propellant_kg;
        assert!((used_kg / DPO.propellant_for_kg(5.0, 7000.0) - 1.0).abs() < 1e-3, "{used_kg}");
        // Out of propellant, a burn stops short.
        let mut dry = ActiveBurn::new(Engine::Skd, &Vector3d::new(50.0, 0.0, 0.0));
        let step = dry.step(&SKD, 7000.0, 0.5, 1.0);
        assert!((step.propellant_kg - 0.5).abs() < 1e-12 && dry.remaining_mps > 49.0);
    }
}
