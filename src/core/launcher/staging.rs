//! Staging: propellant burnt, burnouts and the separations they trigger, the timed jettisons,
//! the third stage's cutoff and the spacecraft's separation, and the pieces that leave.

use super::spec::cylinder;
use super::stack::{Launcher, LauncherPhase, Piece};
use crate::core::Vector3d;
use crate::core::attitude::Inertia;
use crate::core::events::{EventKind, Figure, Figures};
use crate::core::forces::DragProperties;
use crate::core::geometry::{BOOSTER_UPPER_ATTACHMENT_X_M, ModelId, place_in_stack};

/// How fast a booster swings out at separation, rad/s. The published sequence: the cluster
/// opens from below first, each booster's tail swinging out about its upper attachment under
/// its engine's last thrust; then the upper attachment lets go, a nozzle at the top of its
/// oxygen tank vents and pushes it aside, and it falls away tumbling end over end, the four
/// making the Korolev cross (kosmosnews.fr 2025-03-11, after a Roscosmos diagram; the MS-10
/// failure commission, TASS 2018-11-01: the nozzle's lid that failed to open). No rate is
/// published: this one opens the cross by about 40 deg in two seconds, as launch films show (L).
const BOOSTER_SWING_RADPS: f64 = 0.35;
/// Tip-off rate of the other pieces, rad/s (L).
const PIECE_TIP_OFF_RADPS: f64 = 0.01;

/// A piece that leaves the stack: it becomes a body of its own.
#[derive(Clone, Debug, PartialEq)]
pub struct Jettisoned {
    pub name: String,
    pub model: ModelId,
    pub mass_kg: f64,
    pub drag: DragProperties,
    pub inertia: Inertia,
    /// Where it sat, in the stack's body axes from the stack's origin (its model's origin), m,
    /// and the turn about the stack's x from the stack's attitude to its own.
    pub place_m: Vector3d,
    pub roll_rad: f64,
    /// Spin it leaves with, its own body axes (x along the stack), rad/s.
    pub tip_off_rate_body_radps: Vector3d,
    /// Speed added away from the stack (springs, pushers, the swing), m/s, along `direction`
    /// (the stack's body axes).
    pub separation_speed_mps: f64,
    pub direction: Vector3d,
}

/// An event of the ascent for the log.
#[derive(Clone, Debug, PartialEq)]
pub struct Happened {
    pub kind: EventKind,
    /// What its text shows (see [`EventKind::figures`]).
    pub figures: Figures,
}

/// Something the ascent did in a step, for the timeline and the mission's bodies.
#[derive(Clone, Debug, PartialEq)]
pub enum AscentEvent {
    Named(Happened),
    /// A piece leaves; `happened` when that is an event of the flight (one booster of four is not).
    Jettison {
        happened: Option<Happened>,
        piece: Jettisoned,
    },
    /// The spacecraft flies free; the spent third stage goes its own way.
    SpacecraftSeparated {
        third_stage: Jettisoned,
        peak_axial_mps2: f64,
    },
}

impl Launcher {
    /// What a powered substep of `h_s` from `met_s` did to the stack, the
    /// thrusting engines burning for `burn_fraction` of it: propellant burnt, burnouts and the
    /// staging they trigger, timed jettisons, the third stage's cutoff (where it burned for less
    /// than the substep) and the spacecraft's separation after it, each with its mission time.
    pub fn after_substep(
        &mut self,
        (met_s, h_s): (f64, f64),
        (thrusting, burn_fraction): (bool, f64),
    ) -> Vec<(f64, AscentEvent)> {
        let mut events = Vec::new();
        let burn_s = h_s * burn_fraction;
        let burnt = if burn_s > 0.0 { self.burn(burn_s, met_s + burn_s) } else { Vec::new() };
        if thrusting && burn_fraction < 1.0 && self.third_burning() {
            self.phase = LauncherPhase::CutOff { at_met_s: met_s + burn_s };
            let stage = vec![("stage", Figure::Text(self.spec.third.name.clone()))];
            let cutoff = Happened { kind: EventKind::ThirdStageCutoff, figures: stage };
            events.push((met_s + burn_s, AscentEvent::Named(cutoff)));
        }
        events.extend(burnt.into_iter().map(|e| (met_s + burn_s, e)));
        if let LauncherPhase::CutOff { at_met_s } = self.phase
            && met_s + h_s >= at_met_s + self.spec.separation_delay_s
        {
            self.phase = LauncherPhase::Separated { cutoff_met_s: at_met_s };
            let third_stage = Jettisoned {
                name: self.spec.piece_keys.third.clone(),
                model: ModelId::ThirdStage,
                mass_kg: self.spec.third.dry_mass_kg + self.third_propellant_kg,
                drag: self.spec.third.drag(),
                inertia: self.spec.third.spent_inertia(),
                place_m: place_in_stack(ModelId::ThirdStage, 0).0,
                roll_rad: 0.0,
                tip_off_rate_body_radps: Vector3d::new(0.0, 0.2_f64.to_radians(), 0.0),
                separation_speed_mps: 0.5,
                direction: -Vector3d::x(),
            };
            let separated =
                AscentEvent::SpacecraftSeparated { third_stage, peak_axial_mps2: self.max_axial_acceleration_mps2 };
            events.push((met_s + h_s, separated));
        }
        events
    }

    /// Burns propellant for `dt_s` at the current flow; returns the events this caused
    /// (burnouts and the staging they trigger).
    pub fn burn(&mut self, dt_s: f64, met_s: f64) -> Vec<AscentEvent> {
        let s = &self.spec;
        let mut events = Vec::new();
        if self.has(Piece::Boosters) && self.booster_propellant_kg > 0.0 {
            self.booster_propellant_kg = (self.booster_propellant_kg - s.boosters.mass_flow_kg_s() * dt_s).max(0.0);
        }
        if self.has(Piece::Core) && self.core_propellant_kg > 0.0 {
            self.core_propellant_kg = (self.core_propellant_kg - s.core.mass_flow_kg_s() * dt_s).max(0.0);
        } else if self.third_burning() {
            self.third_propellant_kg = (self.third_propellant_kg - s.third.mass_flow_kg_s() * dt_s).max(0.0);
        }
        if self.has(Piece::Boosters) && self.booster_propellant_kg <= 0.0 {
            self.attached.remove(Piece::Boosters);
            events.push(AscentEvent::Named(Happened {
                kind: EventKind::BoosterSeparation,
                figures: vec![("stage", Figure::Text(s.boosters.name.clone()))],
            }));
            for k in 0..s.boosters.count {
                let (place_m, roll_rad) = place_in_stack(ModelId::Booster, k);
                events.push(AscentEvent::Jettison {
                    happened: None,
                    piece: Jettisoned {
                        name: format!("{}-{}", s.piece_keys.booster, k + 1),
                        model: ModelId::Booster,
                        mass_kg: s.boosters.dry_mass_kg,
                        drag: s.boosters.drag(),
                        inertia: s.boosters.spent_inertia(),
                        place_m,
                        roll_rad,
                        // Tail outward (its own +y is its outer face), about its upper
                        // attachment: its middle moves out at the swing's speed there.
                        tip_off_rate_body_radps: Vector3d::new(0.0, 0.0, -BOOSTER_SWING_RADPS),
                        separation_speed_mps: BOOSTER_SWING_RADPS * (BOOSTER_UPPER_ATTACHMENT_X_M - place_m.x),
                        direction: Vector3d::new(0.0, place_m.y, place_m.z).normalize(),
                    },
                });
            }
        }
        if self.has(Piece::Core) && self.core_propellant_kg <= 0.0 {
            self.attached.remove(Piece::Core);
            events.push(AscentEvent::Jettison {
                happened: Some(Happened {
                    kind: EventKind::CoreSeparation,
                    figures: vec![
                        ("stage", Figure::Text(s.core.name.clone())),
                        ("next_stage", Figure::Text(s.third.name.clone())),
                    ],
                }),
                piece: Jettisoned {
                    name: s.piece_keys.core.clone(),
                    model: ModelId::CoreStage,
                    mass_kg: s.core.dry_mass_kg,
                    drag: s.core.drag(),
                    inertia: s.core.spent_inertia(),
                    place_m: place_in_stack(ModelId::CoreStage, 0).0,
                    roll_rad: 0.0,
                    tip_off_rate_body_radps: Vector3d::new(0.0, PIECE_TIP_OFF_RADPS, 0.0),
                    separation_speed_mps: 1.0,
                    direction: -Vector3d::x(),
                },
            });
        }
        // The tower's motor carries it ahead; the fairing halves and the skirt spring aside.
        for (piece, at, kind, piece_name, model, kg, size_m, speed_mps, direction) in [
            (
                Piece::EscapeTower,
                s.escape_tower_jettison_s,
                EventKind::EscapeTowerJettison,
                &s.piece_keys.escape_tower,
                ModelId::EscapeTower,
                s.escape_tower_kg,
                s.escape_tower_size_m,
                30.0,
                Vector3d::x(),
            ),
            (
                Piece::Fairing,
                s.fairing_jettison_s,
                EventKind::FairingJettison,
                &s.piece_keys.fairing,
                ModelId::Fairing,
                s.fairing_kg,
                s.fairing_size_m,
                3.0,
                Vector3d::y(),
            ),
            (
                Piece::AftSkirt,
                s.aft_skirt_jettison_s,
                EventKind::AftSkirtJettison,
                &s.piece_keys.aft_skirt,
                ModelId::AftSkirt,
                s.aft_skirt_kg,
                s.aft_skirt_size_m,
                3.0,
                Vector3d::y(),
            ),
        ] {
            if self.has(piece) && met_s >= at {
                self.attached.remove(piece);
                events.push(AscentEvent::Jettison {
                    happened: Some(Happened { kind, figures: Vec::new() }),
                    piece: Jettisoned {
                        name: piece_name.clone(),
                        model,
                        mass_kg: kg,
                        drag: DragProperties { drag_coefficient: 1.5, reference_area_m2: 8.0 },
                        inertia: cylinder(kg, size_m),
                        place_m: place_in_stack(model, 0).0,
                        roll_rad: 0.0,
                        tip_off_rate_body_radps: Vector3d::new(0.0, PIECE_TIP_OFF_RADPS, 0.0),
                        separation_speed_mps: speed_mps,
                        direction,
                    },
                });
            }
        }
        events
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::launcher::spec::tests::ms19_launcher;

    #[test]
    fn burning_spends_each_stages_flow_and_the_boosters_drop_at_burnout() {
        let mut ascent = Launcher::new(ms19_launcher(), 7152.0);
        let s = ascent.spec.clone();
        let before = ascent.mass_kg();
        assert!(ascent.burn(1.0, 60.0).is_empty());
        let flow = s.boosters.mass_flow_kg_s() + s.core.mass_flow_kg_s();
        assert!((before - ascent.mass_kg() - flow).abs() < 1e-9, "{} kg", before - ascent.mass_kg());
        // Burn the boosters dry (before the tower's timed jettison): one event of the flight,
        // and four pieces that leave.
        ascent.booster_propellant_kg = 1e-3;
        let before = ascent.mass_kg();
        let events = ascent.burn(1.0, 100.0);
        let named =
            events.iter().filter(|e| matches!(e, AscentEvent::Named(h) if h.kind == EventKind::BoosterSeparation));
        let boosters = events.iter().filter(
            |e| matches!(e, AscentEvent::Jettison { happened: None, piece } if piece.model == ModelId::Booster),
        );
        assert_eq!((named.count(), boosters.count(), events.len()), (1, 4, 5), "{events:?}");
        assert!(!ascent.has(Piece::Boosters));
        let dropped = before - ascent.mass_kg() - s.core.mass_flow_kg_s() - 1e-3;
        assert!((dropped - 4.0 * s.boosters.dry_mass_kg).abs() < 1e-6, "{dropped} kg dropped");
    }

    #[test]
    fn the_third_stage_cuts_off_then_the_spacecraft_separates_after_the_delay() {
        let mut stack = Launcher::new(ms19_launcher(), 7152.0);
        for piece in [Piece::Boosters, Piece::Core, Piece::EscapeTower, Piece::Fairing, Piece::AftSkirt] {
            stack.attached.remove(piece);
        }
        let delay = stack.spec.separation_delay_s;
        // A quarter of the substep burns: the cutoff is there.
        let cut = stack.after_substep((500.0, 0.1), (true, 0.25));
        assert_eq!(cut.len(), 1, "{cut:?}");
        assert!((cut[0].0 - 500.025).abs() < 1e-12 && stack.third_cutoff_met_s() == Some(cut[0].0));
        assert!(stack.after_substep((500.1, 0.1), (false, 0.0)).is_empty());
        let separated = stack.after_substep((500.025 + delay - 0.05, 0.1), (false, 0.0));
        assert!(matches!(&separated[..], [(_, AscentEvent::SpacecraftSeparated { .. })]), "{separated:?}");
        assert!(stack.separated() && !stack.is_flying());
    }
}
