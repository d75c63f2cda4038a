//! What happens in a flight, keyed by vehicle, kind and ordinal (the second `burn` of the
//! Soyuz), so that what the physics flies and what the scenario plans meet by key, never by
//! their display text.

use serde::{Deserialize, Serialize};

/// A body of the mission: its index in `Mission::bodies`, which only ever grows, so an id
/// stays valid for the whole mission.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BodyId(pub usize);

/// Kinds of event. The snake_case form is the stable id of the events CSV and the scenario's
/// `kind` field (docs/formats.md, "Events").
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
    /// Kurs stops the automatic approach (both channels, as on MS-19).
    KursFault,
    /// A pilot takes the hand controllers.
    ManualControl,
    /// The probe met the port outside the capture envelope and was thrown back.
    Bounce,
    /// A part of the spacecraft struck the station: the docking has failed.
    Collision,
    /// The propellant ran out under the hand controllers: the docking has failed.
    PropellantOut,
    Contact,
    HooksClosed,
    HatchesOpen,
    /// The docking time the flight plan gave before the flight.
    ScheduledDocking,
    /// A launcher that came down under power.
    Crash,
    /// Orbital sunset and sunrise of a crewed vehicle: the Sun's centre crosses the Earth's
    /// limb as seen from it.
    Sunset,
    Sunrise,
    /// The station's orbit raised by a burn of its own engines.
    Reboost,
    /// The crew closes the hatches before a ship leaves.
    HatchesClosed,
    /// A docked ship leaves its port, pushed off by the docking mechanism's springs.
    Undocking,
    /// The burn that brings a ship down from orbit.
    DeorbitBurn,
    /// The orbital and service modules part from the descent module.
    ModuleSeparation,
    /// The descent module passes the altitude the scenario calls the entry interface.
    EntryInterface,
    /// The entry's highest aerodynamic load.
    PeakLoad,
    /// The parachute command: the pilot chutes and the drogue come out.
    ParachuteDeploy,
    /// The main canopy comes out, reefed, then opens.
    MainParachute,
    HeatShieldJettison,
    /// Touchdown, after the soft-landing motors.
    Landing,
    /// A docked ship's thrusters fire on the station and do not stop.
    ThrusterFiring,
    /// The station's gyrodynes can no longer hold its attitude.
    AttitudeLost,
    /// The firing stops at its propellant limit.
    FiringStopped,
    /// The station is back in its attitude; the gyrodynes hold it again.
    AttitudeRegained,
    /// A falling module's hull gives way to the heat: it breaks up and burns.
    BreakUp,
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

/// A figure an event's text may show: `{name}` or `{name:.N}` (N decimals) in a template.
#[derive(Clone, Debug, PartialEq)]
pub enum Figure {
    Number(f64),
    Text(String),
}

/// The figures the physics gives with an event, by their placeholder names.
pub type Figures = Vec<(&'static str, Figure)>;

impl EventKind {
    /// The placeholders the physics fills in this kind's text, besides `ordinal` (docs/formats.md,
    /// "Events"); planned-only kinds have none.
    pub fn figures(self) -> &'static [&'static str] {
        match self {
            EventKind::BoosterSeparation | EventKind::ThirdStageCutoff => &["stage"],
            EventKind::CoreSeparation => &["stage", "next_stage"],
            EventKind::SpacecraftSeparation => &["perigee_km", "apogee_km", "inclination_deg", "peak_g"],
            EventKind::Burn => &["engine", "dv_mps", "duration_s", "range_km"],
            EventKind::BurnSkipped => &["burn", "engine"],
            EventKind::FlyAround => &["range_km", "port"],
            EventKind::StationKeeping => &["distance_m", "port"],
            EventKind::FinalApproach => &["port"],
            EventKind::KursFault => &["distance_m", "port"],
            EventKind::ManualControl => &["distance_m"],
            EventKind::Bounce => &["closing_mps", "miss_m", "why"],
            EventKind::Collision => &["part"],
            EventKind::Contact => &["port", "closing_mps", "miss_m"],
            EventKind::Crash => &["latitude_deg", "longitude_deg"],
            EventKind::Reboost => &["engine", "dv_mps", "duration_s"],
            EventKind::DeorbitBurn => &["engine", "dv_mps", "duration_s", "range_km"],
            EventKind::Undocking => &["springs_mps"],
            EventKind::ModuleSeparation | EventKind::HeatShieldJettison | EventKind::BreakUp => &["altitude_km"],
            EventKind::EntryInterface | EventKind::ParachuteDeploy | EventKind::MainParachute => {
                &["altitude_km", "speed_mps"]
            }
            EventKind::PeakLoad => &["load_g", "altitude_km"],
            EventKind::Landing => &["speed_mps", "latitude_deg", "longitude_deg"],
            EventKind::ThrusterFiring => &["vehicle", "thrusters"],
            EventKind::AttitudeLost | EventKind::FiringStopped | EventKind::AttitudeRegained => &["error_deg"],
            _ => &[],
        }
    }

    /// Kinds the physics logs by itself (the rest come only from the scenario's timeline).
    pub const FLOWN: [EventKind; 39] = [
        EventKind::LiftOff,
        EventKind::EscapeTowerJettison,
        EventKind::BoosterSeparation,
        EventKind::FairingJettison,
        EventKind::CoreSeparation,
        EventKind::AftSkirtJettison,
        EventKind::ThirdStageCutoff,
        EventKind::SpacecraftSeparation,
        EventKind::Deployment,
        EventKind::Burn,
        EventKind::BurnSkipped,
        EventKind::FlyAround,
        EventKind::StationKeeping,
        EventKind::FinalApproach,
        EventKind::KursFault,
        EventKind::ManualControl,
        EventKind::Bounce,
        EventKind::Collision,
        EventKind::PropellantOut,
        EventKind::Contact,
        EventKind::HooksClosed,
        EventKind::Crash,
        EventKind::Sunset,
        EventKind::Sunrise,
        EventKind::Reboost,
        EventKind::Undocking,
        EventKind::DeorbitBurn,
        EventKind::ModuleSeparation,
        EventKind::EntryInterface,
        EventKind::PeakLoad,
        EventKind::ParachuteDeploy,
        EventKind::MainParachute,
        EventKind::HeatShieldJettison,
        EventKind::Landing,
        EventKind::ThrusterFiring,
        EventKind::AttitudeLost,
        EventKind::FiringStopped,
        EventKind::AttitudeRegained,
        EventKind::BreakUp,
    ];
}

/// Events a controller reports as it flies, in order, with their mission time; the mission
/// keys each to its vehicle and renders its text.
#[derive(Debug, Default, PartialEq)]
pub struct Reported(pub Vec<(f64, EventKind, Figures)>);

impl Reported {
    pub fn push(&mut self, met_s: f64, kind: EventKind, figures: Figures) {
        self.0.push((met_s, kind, figures));
    }
}

/// The display text of a kind of event, as templates with `{placeholder}`s.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct EventText {
    pub name: String,
    pub description: String,
}

/// Fills `template`'s `{name}` and `{name:.N}` placeholders from `figures`; an unknown one is
/// an error naming it.
pub fn fill(template: &str, figures: &[(&str, Figure)]) -> Result<String, String> {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = rest[open..].find('}').ok_or_else(|| format!("`{{` without `}}` in \"{template}\""))? + open;
        let (name, decimals) = match rest[open + 1..close].split_once(":.") {
            Some((name, n)) => {
                (name, Some(n.parse::<usize>().map_err(|_| format!("`{n}` is not a number of decimals"))?))
            }
            None => (&rest[open + 1..close], None),
        };
        let figure = figures.iter().find(|(n, _)| *n == name).map(|(_, f)| f).ok_or_else(|| {
            let known: Vec<&str> = figures.iter().map(|(n, _)| *n).collect();
            format!("no figure `{name}` for this event (it has: {})", known.join(", "))
        })?;
        match (figure, decimals) {
            (Figure::Number(x), Some(n)) => out.push_str(&format!("{x:.n$}")),
            (Figure::Number(x), None) => out.push_str(&x.to_string()),
            (Figure::Text(t), _) => out.push_str(t),
        }
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// The scenario's text for every kind the physics logs, shared by every copy of a mission.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EventTexts(pub std::collections::HashMap<EventKind, EventText>);

impl EventTexts {
    /// An event's name and description for `key`, from its kind's templates and `figures`;
    /// a kind without text (a mission built without a scenario) shows its id.
    pub fn render(&self, key: &EventKey, figures: &[(&'static str, Figure)]) -> (String, String) {
        let Some(text) = self.0.get(&key.kind) else { return (key.kind.id(), String::new()) };
        let mut all: Vec<(&str, Figure)> = figures.iter().map(|(n, f)| (*n, f.clone())).collect();
        all.push(("ordinal", Figure::Number(f64::from(key.ordinal))));
        let fill_or_template = |t: &str| fill(t, &all).unwrap_or_else(|_| t.to_string());
        (fill_or_template(&text.name), fill_or_template(&text.description))
    }

    /// Checks that every kind the physics logs has text and that its templates use only the
    /// figures it gives; the kind at fault and why.
    pub fn check(&self) -> Result<(), (EventKind, String)> {
        for kind in EventKind::FLOWN {
            let text = self.0.get(&kind).ok_or((kind, "the physics logs this kind: it needs a text".to_string()))?;
            let mut dummies: Vec<(&str, Figure)> = kind.figures().iter().map(|n| (*n, Figure::Number(0.0))).collect();
            dummies.push(("ordinal", Figure::Number(1.0)));
            for template in [&text.name, &text.description] {
                fill(template, &dummies).map_err(|m| (kind, m))?;
            }
        }
        Ok(())
    }
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
    fn templates_fill_numbers_to_their_decimals_and_name_what_is_missing() {
        let figures = [("dv_mps", Figure::Number(54.2617)), ("engine", Figure::Text("SKD".into()))];
        assert_eq!(fill("{dv_mps:.2} m/s ({engine})", &figures).unwrap(), "54.26 m/s (SKD)");
        assert_eq!(fill("no figures", &[]).unwrap(), "no figures");
        let err = fill("{range_km:.1} km", &figures).unwrap_err();
        assert!(err.contains("range_km") && err.contains("dv_mps"), "{err}");
        assert!(fill("{dv_mps", &figures).is_err());
    }

    #[test]
    fn texts_render_with_the_ordinal_and_are_checked_against_each_kinds_figures() {
        let text = |name: &str, description: &str| EventText { name: name.into(), description: description.into() };
        let mut texts = EventTexts(EventKind::FLOWN.iter().map(|k| (*k, text("x", ""))).collect());
        texts.check().unwrap();
        texts.0.insert(EventKind::Burn, text("Burn {ordinal} ({engine})", "{dv_mps:.1} m/s"));
        let key = EventKey { vehicle: BodyId(1), kind: EventKind::Burn, ordinal: 2 };
        let figures = vec![("engine", Figure::Text("DPO".into())), ("dv_mps", Figure::Number(4.82))];
        assert_eq!(texts.render(&key, &figures), ("Burn 2 (DPO)".to_string(), "4.8 m/s".to_string()));
        // Contact gives no engine; a kind the physics logs must have text.
        texts.0.insert(EventKind::Contact, text("Contact ({engine})", ""));
        assert_eq!(texts.check().unwrap_err().0, EventKind::Contact);
        texts.0.remove(&EventKind::Contact);
        assert_eq!(texts.check().unwrap_err().0, EventKind::Contact);
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
