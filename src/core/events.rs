//! What happens in a flight, keyed by vehicle, kind and ordinal (the second `burn` of the
//! Soyuz), so that what the physics flies and what the scenario plans meet by key, never by
//! their display text.

use serde::{Deserialize, Serialize};

/// A body of the mission: its index in `Mission::bodies`, which only ever grows, so an id
/// stays valid for the whole mission.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BodyId(pub usize);

/// Kinds of event. The snake_case form is the stable id of the events CSV and the scenario's
/// `kind` field (README, "Events").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    LiftOff,
    EscapeTowerJettison,
    BoosterSeparation,
    FairingJettison,
    CoreSeparation,
    AftSkirtJettison,
    ThirdStageCutoff,
    SpacecraftSeparation,
    /// Arrays and antennas unfold.
    Deployment,
    /// A phasing burn (the last nulls the velocity relative to the target).
    Burn,
    /// A phasing burn that could not be planned (no Lambert transfer).
    BurnSkipped,
    FlyAround,
    StationKeeping,
    FinalApproach,
    Contact,
    HooksClosed,
    HatchesOpen,
    /// The docking time the flight plan gave before the flight.
    ScheduledDocking,
    /// A launcher that came down under power.
    Crash,
}

impl EventKind {
    /// The stable snake_case id.
    pub fn id(self) -> String {
        ron::to_string(&self).expect("a unit variant always serialises")
    }
}

/// Which event: the `ordinal`-th (from 1) event of `kind` of `vehicle`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct EventKey {
    pub vehicle: BodyId,
    pub kind: EventKind,
    pub ordinal: u32,
}

/// A moment of the flight: planned (from the scenario) or flown (logged by the physics).
#[derive(Clone, Debug, PartialEq)]
pub struct TimelineEvent {
    pub met_s: f64,
    pub key: EventKey,
    /// Display text.
    pub name: String,
    pub description: String,
}

/// The key of the next event of `kind` of `vehicle` after those in `log`.
pub fn next_key(log: &[TimelineEvent], vehicle: BodyId, kind: EventKind) -> EventKey {
    let before = log.iter().filter(|e| e.key.vehicle == vehicle && e.key.kind == kind).count();
    EventKey { vehicle, kind, ordinal: before as u32 + 1 }
}

/// The `planned` timeline with the `flown` events in place of the planned entries of the same
/// key, in time order, flown first at equal times; `true` marks a flown entry.
pub fn merge_flown<'a>(planned: &'a [TimelineEvent], flown: &'a [TimelineEvent]) -> Vec<(&'a TimelineEvent, bool)> {
    let mut events: Vec<(&TimelineEvent, bool)> = flown.iter().map(|e| (e, true)).collect();
    events.extend(planned.iter().filter(|p| !flown.iter().any(|f| f.key == p.key)).map(|e| (e, false)));
    events.sort_by(|a, b| a.0.met_s.total_cmp(&b.0.met_s));
    events
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(met_s: f64, key: EventKey, name: &str) -> TimelineEvent {
        TimelineEvent { met_s, key, name: name.into(), description: String::new() }
    }

    #[test]
    fn kinds_have_stable_snake_case_ids() {
        assert_eq!(EventKind::LiftOff.id(), "lift_off");
        assert_eq!(EventKind::SpacecraftSeparation.id(), "spacecraft_separation");
        assert_eq!(ron::from_str::<EventKind>("booster_separation").unwrap(), EventKind::BoosterSeparation);
    }

    #[test]
    fn ordinals_count_each_vehicles_events_of_a_kind() {
        let (soyuz, progress) = (BodyId(1), BodyId(2));
        let mut log = Vec::new();
        for vehicle in [soyuz, progress, soyuz] {
            let key = next_key(&log, vehicle, EventKind::Burn);
            log.push(event(0.0, key, "burn"));
        }
        assert_eq!(log[2].key, EventKey { vehicle: soyuz, kind: EventKind::Burn, ordinal: 2 });
        assert_eq!(log[1].key.ordinal, 1);
        assert_eq!(next_key(&log, soyuz, EventKind::Contact).ordinal, 1);
    }

    #[test]
    fn flown_events_replace_planned_ones_by_key_not_by_name() {
        let soyuz = BodyId(1);
        let key = |kind, ordinal| EventKey { vehicle: soyuz, kind, ordinal };
        let planned = [
            event(100.0, key(EventKind::Burn, 2), "Second burn (planned)"),
            event(200.0, key(EventKind::Contact, 1), "Contact"),
            event(300.0, key(EventKind::HatchesOpen, 1), "Hatches open"),
        ];
        let flown = [
            event(90.0, key(EventKind::Burn, 1), "Burn 1"),
            event(110.0, key(EventKind::Burn, 2), "Burn 2"),
            // Same display text as a planned entry, another key: both stay.
            event(150.0, key(EventKind::FinalApproach, 1), "Hatches open"),
        ];
        let merged: Vec<(&str, bool)> =
            merge_flown(&planned, &flown).into_iter().map(|(e, f)| (e.name.as_str(), f)).collect();
        assert_eq!(
            merged,
            [("Burn 1", true), ("Burn 2", true), ("Hatches open", true), ("Contact", false), ("Hatches open", false)]
        );
    }
}
