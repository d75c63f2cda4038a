//! The cloud a launch raises at the pad: the exhaust, the deluge's steam and the dust it drives
//! out of the flame trench from the engines' ignition, and out of the pit round the launch
//! table as the rocket clears it, drifting with the wind and thinning as it spreads. A function
//! of mission time alone (no history), so that any frame of a film shows the same cloud whether
//! rendered alone or in sequence.
//!
//! Everything here is ours (L: derived from footage of Soyuz launches, no figure published):
//! the cloud rolls out of the trench's far end for about a hundred metres in the first seconds,
//! rises slowly and hangs for minutes.

use crate::core::mission::Mission;
use crate::core::random::signed_unit;
use crate::core::{Vector3d, frames, position_m};

/// A puff of the cloud, in the pad deck's frame (x up, the trench running out along -z;
/// `geometry::pad_deck`): its centre, radius and opacity (0 clear to 1).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Puff {
    pub position_m: Vector3d,
    pub radius_m: f64,
    pub opacity: f64,
}

/// The engines light this long before lift-off (the Soyuz's preliminary stage), s.
const IGNITION_S: f64 = -15.0;
/// The exhaust reaches the pit until the rocket is this far into its climb, s.
const PIT_UNTIL_S: f64 = 8.0;
/// A puff every this long from each source, s.
const EVERY_S: f64 = 0.25;
/// A puff thins to nothing over this long, s.
const LIFE_S: f64 = 150.0;
/// Where the trench lets the exhaust out: its far end (`geometry::pad_deck`).
const TRENCH_EXIT_M: [f64; 3] = [0.0, 0.0, -117.0];
/// Out of the trench at this speed, slowed by the air over this time.
const OUT_SPEED_MPS: f64 = 35.0;
const SLOWING_S: f64 = 4.0;
/// Out of the pit round the deck, slower.
const PIT_SPEED_MPS: f64 = 14.0;
/// Warm, it rises; the wind carries it across the trench (+y).
const RISE_MPS: f64 = 1.2;
const WIND_MPS: f64 = 3.0;

/// Puffs from the trench: one per `EVERY_S` from ignition to the pit's end.
const TRENCH_PUFFS: usize = ((PIT_UNTIL_S - IGNITION_S) / EVERY_S) as usize;
/// Puffs from the pit: one per `EVERY_S` from lift-off to the pit's end.
const PIT_PUFFS: usize = (PIT_UNTIL_S / EVERY_S) as usize;
/// The most puffs there are at once.
pub const MAX_PUFFS: usize = TRENCH_PUFFS + PIT_PUFFS;

/// The cloud at `met_s`.
pub fn puffs(met_s: f64) -> Vec<Puff> {
    let trench = (0..TRENCH_PUFFS).filter_map(|k| {
        let born_s = IGNITION_S + k as f64 * EVERY_S;
        // Out along the trench, spread a little either way and upward.
        let mut seed = k as u64;
        let (across, up, speed) = (signed_unit(&mut seed), signed_unit(&mut seed), signed_unit(&mut seed));
        let direction = Vector3d::new(0.15 + 0.1 * up, 0.25 * across, -1.0).normalize();
        puff(met_s - born_s, Vector3d::from(TRENCH_EXIT_M), direction, OUT_SPEED_MPS * (1.0 + 0.2 * speed))
    });
    let pit = (0..PIT_PUFFS).filter_map(|k| {
        let born_s = k as f64 * EVERY_S;
        // Round the deck, any way but back down the trench.
        let mut seed = (TRENCH_PUFFS + k) as u64;
        let (angle, speed) = (signed_unit(&mut seed) * std::f64::consts::PI, signed_unit(&mut seed));
        let direction = Vector3d::new(0.2, angle.sin(), angle.cos().abs()).normalize();
        puff(met_s - born_s, Vector3d::zeros(), direction, PIT_SPEED_MPS * (1.0 + 0.3 * speed))
    });
    trench.chain(pit).collect()
}

/// A puff `age_s` after it left `from_m` along `direction` at `speed_mps`: slowed by the air
/// (distance v τ (1 - e^(-t/τ))), rising, drifting with the wind, growing as it mixes and
/// thinning as it grows; none before it is born or after it has gone.
fn puff(age_s: f64, from_m: Vector3d, direction: Vector3d, speed_mps: f64) -> Option<Puff> {
    if !(0.0..LIFE_S).contains(&age_s) {
        return None;
    }
    let out_m = speed_mps * SLOWING_S * (1.0 - (-age_s / SLOWING_S).exp());
    let drift = Vector3d::new(RISE_MPS, WIND_MPS, 0.0) * age_s;
    let radius_m = 6.0 + 4.5 * age_s.powf(0.6);
    let fading = 1.0 - age_s / LIFE_S;
    let opacity = (0.85 * fading * fading * (age_s / 0.5).min(1.0)).clamp(0.0, 1.0);
    // Its centre kept a radius above the ground.
    let mut position_m = from_m + direction * out_m + drift;
    position_m.x = position_m.x.max(radius_m * 0.6);
    Some(Puff { position_m, radius_m, opacity })
}

/// How long a booster's oxygen vents after separation, s, and where in its frame (x up its
/// axis, its nose at +9.8 m; `geometry::model(Booster)`): the valve in its nose opens as it
/// leaves and the jet pushes its top out, the Korolev cross (L: the vent's place and size ours).
const VENT_S: f64 = 4.0;
const VENT_AT_M: f64 = 8.8;

/// The vapour a booster vents `age_s` after separation, in its own frame: a puff out of its
/// nose, growing and thinning, along its axis as the jet carries it; none outside the vent.
pub fn booster_vent(age_s: f64) -> Option<Puff> {
    if !(0.0..VENT_S).contains(&age_s) {
        return None;
    }
    Some(Puff {
        position_m: Vector3d::new(VENT_AT_M + 2.5 * age_s, 0.0, 0.0),
        radius_m: 1.0 + 3.0 * age_s.sqrt(),
        opacity: 0.8 * (1.0 - age_s / VENT_S),
    })
}

/// The exhaust trail the climb leaves while the air is thick: a puff every `TRAIL_SPACING_M` of
/// the nozzles' path up to `TRAIL_TOP_M`, born where they were, widening, drifting with the
/// wind and thinning; fainter the higher it was laid, as the air that mixes and cools the
/// exhaust thins (all ours, L: Soyuz launch films show a pale trail that fades out within the
/// first tens of seconds of the climb).
const TRAIL_SPACING_M: f64 = 15.0;
pub const TRAIL_TOP_M: f64 = 4000.0;
const TRAIL_LIFE_S: f64 = 90.0;
const TRAIL_OPACITY: f64 = 0.55;

/// Where and when the trail's puffs are born, from the stack's climb (`track`: mission time
/// and the nozzles' place in the pad deck's frame, x up, in time order, from lift-off): one
/// per `TRAIL_SPACING_M` of path, placed between the samples, until the path passes
/// `TRAIL_TOP_M` up.
pub fn trail_births(track: &[(f64, Vector3d)]) -> Vec<(f64, Vector3d)> {
    let mut births = Vec::new();
    let mut path_m = 0.0;
    let mut next_m = TRAIL_SPACING_M;
    for pair in track.windows(2) {
        let ((t0, p0), (t1, p1)) = (pair[0], pair[1]);
        let leg_m = (p1 - p0).norm();
        while next_m <= path_m + leg_m {
            let f = (next_m - path_m) / leg_m.max(1e-9);
            let at = p0 + (p1 - p0) * f;
            if at.x > TRAIL_TOP_M {
                return births;
            }
            births.push((t0 + (t1 - t0) * f, at));
            next_m += TRAIL_SPACING_M;
        }
        path_m += leg_m;
    }
    births
}

/// The nozzles' climb from lift-off until past `TRAIL_TOP_M` (or two minutes), a sample a
/// physics step, in the pad deck's frame (x up from `pad_ecef_m`, turned with the Earth): the
/// launched spacecraft of `mission` flown on a copy.
pub fn climb_track(mission: &Mission, pad_ecef_m: &Vector3d) -> Vec<(f64, Vector3d)> {
    let Some(craft) = mission.spacecraft() else { return Vec::new() };
    let deck_from_ecef = crate::core::geometry::pad_deck_turn(pad_ecef_m).inverse();
    let mut flown = mission.clone();
    flown.run_to_met(0.0);
    let mut track = Vec::new();
    while flown.met_s() <= 120.0 {
        let ecef_m = frames::ecef_from_eci_position_m(&position_m(&flown.state(craft)), flown.gmst_rad());
        let at = deck_from_ecef * (ecef_m - pad_ecef_m);
        track.push((flown.met_s(), at));
        if at.x > TRAIL_TOP_M {
            break;
        }
        flown.step();
    }
    track
}

/// The trail at `met_s`, puff by puff in the order of `births` (none where a puff is not yet
/// born or has gone).
pub fn trail(met_s: f64, births: &[(f64, Vector3d)]) -> Vec<Option<Puff>> {
    births
        .iter()
        .map(|&(born_s, at)| {
            let age_s = met_s - born_s;
            if !(0.0..TRAIL_LIFE_S).contains(&age_s) {
                return None;
            }
            let fading = 1.0 - age_s / TRAIL_LIFE_S;
            let thick_air = 1.0 - at.x / TRAIL_TOP_M;
            Some(Puff {
                position_m: at + Vector3d::new(RISE_MPS, WIND_MPS, 0.0) * age_s,
                radius_m: 12.0 + 3.0 * age_s.powf(0.6),
                opacity: (TRAIL_OPACITY * fading * thick_air * (age_s / 0.5).min(1.0)).clamp(0.0, 1.0),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_cloud_before_ignition_and_it_rolls_out_of_the_trench_then_hangs() {
        assert!(puffs(IGNITION_S - 0.01).is_empty());
        let at_liftoff = puffs(0.0);
        assert!(!at_liftoff.is_empty() && at_liftoff.len() <= MAX_PUFFS);
        // At T+2 s the first puffs are over a hundred metres out past the trench's end, the
        // newest at its mouth.
        let t2 = puffs(2.0);
        let farthest = t2.iter().map(|p| -p.position_m.z).fold(0.0, f64::max);
        assert!((200.0..300.0).contains(&farthest), "{farthest}");
        assert!(t2.iter().any(|p| (p.position_m - Vector3d::from(TRENCH_EXIT_M)).norm() < 10.0));
        // Wider than the 60 m deck across the trench, and no puff under the ground.
        let (lo, hi) = t2.iter().fold((f64::MAX, f64::MIN), |(lo, hi), p| {
            (lo.min(p.position_m.y - p.radius_m), hi.max(p.position_m.y + p.radius_m))
        });
        assert!(hi - lo > 60.0, "{lo} .. {hi}");
        assert!(t2.iter().all(|p| p.position_m.x > 0.0 && (0.0..=1.0).contains(&p.opacity)));
        // Minutes on it has drifted and thinned; then it is gone.
        let later = puffs(120.0);
        assert!(later.iter().all(|p| p.opacity < 0.1 && p.position_m.y > 250.0));
        assert!(puffs(PIT_UNTIL_S + LIFE_S).is_empty());
    }

    #[test]
    fn a_booster_vents_from_its_nose_for_seconds_after_separation() {
        assert_eq!(booster_vent(-0.1), None);
        let first = booster_vent(0.0).unwrap();
        assert!(first.position_m.x > 8.0 && first.opacity > 0.7);
        let later = booster_vent(3.0).unwrap();
        assert!(later.radius_m > first.radius_m && later.opacity < first.opacity);
        assert_eq!(booster_vent(VENT_S), None);
    }

    #[test]
    fn the_trail_is_laid_along_the_climb_until_the_air_thins_and_then_drifts_away() {
        // A straight climb at 100 m/s: a puff every 15 m, none above the trail's top.
        let track: Vec<(f64, Vector3d)> =
            (0..=60).map(|t| (t as f64, Vector3d::new(100.0 * t as f64, 0.0, 0.0))).collect();
        let births = trail_births(&track);
        assert_eq!(births.len(), (TRAIL_TOP_M / TRAIL_SPACING_M) as usize);
        let laid_at = |height_m: f64| (height_m / TRAIL_SPACING_M).round() as usize - 1;
        let (born_s, at) = births[laid_at(150.0)];
        assert!((born_s - 1.5).abs() < 1e-9 && (at.x - 150.0).abs() < 1e-9, "{born_s} s, {at}");
        assert!(births.iter().all(|(_, at)| at.x <= TRAIL_TOP_M));
        // Before a puff is born it is not there; just after, it is where the nozzles were.
        let at_10s = trail(10.0, &births);
        assert!(at_10s[laid_at(1100.0)].is_none());
        let young = at_10s[laid_at(900.0)].unwrap();
        assert!((young.position_m.x - 900.0).abs() < 2.0 && young.opacity > 0.3);
        // Laid higher, it is fainter; later, wider and downwind; then gone.
        let high = trail(39.5, &births)[laid_at(3900.0)].unwrap();
        assert!(high.opacity < 0.1 * young.opacity);
        let old = trail(60.0, &births)[laid_at(900.0)].unwrap();
        assert!(old.radius_m > young.radius_m && old.position_m.y > young.position_m.y + 100.0);
        assert!(trail(40.0 + TRAIL_LIFE_S, &births).iter().all(Option::is_none));
    }

    #[test]
    fn the_same_instant_gives_the_same_cloud() {
        assert_eq!(puffs(3.7), puffs(3.7));
        assert!(puffs(3.7).len() <= MAX_PUFFS && puffs(8.0).len() <= MAX_PUFFS);
    }
}
