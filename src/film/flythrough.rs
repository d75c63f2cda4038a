//! A flythrough script: shots in sequence, each over a span of mission time played at its own
//! rate (real time, slow motion, warped), joined by cuts or cross-fades; and the plan of video
//! frames it makes: which shot, at which mission instant and with what weight, each frame shows.
//! Bevy-free, so that the plan is tested without a renderer and the recorder only draws it.

use super::shots::Shot;
use serde::Deserialize;

/// How a segment begins.
#[derive(Clone, Copy, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub enum Transition {
    #[default]
    Cut,
    /// The segment dissolves in over `seconds` of video while the one before plays on past its
    /// end (the first segment fades in from black).
    CrossFade { seconds: f64 },
}

/// One shot of a script, over `from_met_s..to_met_s`, played at `rate` mission seconds per
/// video second (1 real time, 0.25 four times slowed, 60 a minute a second).
#[derive(Clone, Debug, PartialEq)]
pub struct Segment {
    pub shot: Shot,
    pub from_met_s: f64,
    pub to_met_s: f64,
    pub rate: f64,
    pub transition: Transition,
}

impl Segment {
    /// Seconds of video the segment lasts.
    pub fn video_s(&self) -> f64 {
        (self.to_met_s - self.from_met_s) / self.rate
    }

    /// The mission instant `into_s` video seconds after the segment began (past its end while it
    /// fades out under the next one).
    pub fn met_s(&self, into_s: f64) -> f64 {
        self.from_met_s + into_s * self.rate
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Script {
    pub name: String,
    pub segments: Vec<Segment>,
}

/// One picture a frame is made of: segment `segment` at `met_s`, at `weight` of the frame.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Layer {
    pub segment: usize,
    pub met_s: f64,
    pub weight: f64,
}

/// A frame of the video: its number from the script's start, its time, and one layer (a cut)
/// or two (a cross-fade, the incoming one first). Weights sum to 1, except fading in from black.
#[derive(Clone, Debug, PartialEq)]
pub struct Frame {
    pub number: u64,
    pub video_s: f64,
    pub layers: Vec<Layer>,
}

impl Frame {
    /// The layer the frame is "of" (its shot, its instant): the incoming one.
    pub fn primary(&self) -> Layer {
        self.layers[0]
    }
}

impl Script {
    /// Seconds of video the script lasts.
    pub fn video_s(&self) -> f64 {
        self.segments.iter().map(Segment::video_s).sum()
    }

    /// The frames at `fps`, frame n at n/fps seconds, for every instant before the script's end.
    pub fn frames(&self, fps: u32) -> impl Iterator<Item = Frame> + '_ {
        let count = frame_count(self.video_s(), fps);
        (0..count).map(move |number| self.frame(number, f64::from(fps)))
    }

    fn frame(&self, number: u64, fps: f64) -> Frame {
        let video_s = number as f64 / fps;
        let mut start_s = 0.0;
        let last = self.segments.len() - 1;
        for (i, segment) in self.segments.iter().enumerate() {
            let end_s = start_s + segment.video_s();
            if video_s < end_s || i == last {
                let into_s = video_s - start_s;
                let incoming = Layer { segment: i, met_s: segment.met_s(into_s), weight: 1.0 };
                let layers = match segment.transition {
                    Transition::CrossFade { seconds } if into_s < seconds => {
                        // Smoothstep: the dissolve starts and ends without a visible kink.
                        let w = super::shots::Ease::EaseInOut.apply(into_s / seconds);
                        let mut layers = vec![Layer { weight: w, ..incoming }];
                        if i > 0 {
                            let before = &self.segments[i - 1];
                            let met_s = before.met_s(before.video_s() + into_s);
                            layers.push(Layer { segment: i - 1, met_s, weight: 1.0 - w });
                        }
                        layers
                    }
                    _ => vec![incoming],
                };
                return Frame { number, video_s, layers };
            }
            start_s = end_s;
        }
        unreachable!("a script has segments")
    }
}

/// Frames at `fps` in `video_s` seconds: those that begin before the end (a microsecond's
/// rounding does not add one).
pub fn frame_count(video_s: f64, fps: u32) -> u64 {
    (video_s * f64::from(fps) - 1e-6).ceil().max(0.0) as u64
}

/// SMPTE non-drop timecode `HH:MM:SS:FF` of frame `number` at an integer `fps`.
pub fn timecode(number: u64, fps: u32) -> String {
    let fps = u64::from(fps);
    let (seconds, frames) = (number / fps, number % fps);
    format!("{:02}:{:02}:{:02}:{:02}", seconds / 3600, seconds / 60 % 60, seconds % 60, frames)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::film::shots::{Rig, Subject, Vehicle};

    fn segment(from_met_s: f64, to_met_s: f64, rate: f64, transition: Transition) -> Segment {
        let shot = Shot {
            name: format!("shot {from_met_s}"),
            description: String::new(),
            from_met_s,
            to_met_s,
            subject: Subject::Vehicle(Vehicle::Spacecraft),
            rig: Rig::Chase { target: Vehicle::Spacecraft, lag_s: 0.1, above_m: 5.0 },
            fov_deg: Vec::new(),
        };
        Segment { shot, from_met_s, to_met_s, rate, transition }
    }

    #[test]
    fn rates_set_each_segments_length_and_instants() {
        // 10 s of mission at real time, then 100 s warped to 10 s, then 2 s slowed to 8 s.
        let script = Script {
            name: "t".into(),
            segments: vec![
                segment(0.0, 10.0, 1.0, Transition::Cut),
                segment(500.0, 600.0, 10.0, Transition::Cut),
                segment(1000.0, 1002.0, 0.25, Transition::Cut),
            ],
        };
        assert!((script.video_s() - 28.0).abs() < 1e-12);
        let frames: Vec<Frame> = script.frames(25).collect();
        assert_eq!(frames.len(), 700);
        let at = |n: usize| frames[n].primary();
        assert_eq!((at(0).segment, at(0).met_s), (0, 0.0));
        assert_eq!(at(249).segment, 0);
        // Frame 250 is 10.0 s in: the first instant of the warped segment.
        assert_eq!((at(250).segment, at(250).met_s), (1, 500.0));
        assert!((at(251).met_s - 500.4).abs() < 1e-9, "{}", at(251).met_s);
        assert!((at(699).met_s - (1000.0 + 7.96 * 0.25)).abs() < 1e-9);
        assert!(frames.iter().all(|f| f.layers.len() == 1 && f.layers[0].weight == 1.0));
    }

    #[test]
    fn a_cross_fade_plays_the_outgoing_shot_on_past_its_end() {
        let script = Script {
            name: "t".into(),
            segments: vec![
                segment(0.0, 4.0, 1.0, Transition::Cut),
                segment(100.0, 104.0, 2.0, Transition::CrossFade { seconds: 1.0 }),
            ],
        };
        let frames: Vec<Frame> = script.frames(10).collect();
        assert_eq!(frames.len(), 60);
        // Half-way through the dissolve (4.5 s): both shots, equal weights; the first at 4.5 s
        // of its mission time, 0.5 s past its end.
        let mid = &frames[45];
        assert_eq!(mid.layers.len(), 2);
        assert_eq!((mid.layers[0].segment, mid.layers[1].segment), (1, 0));
        assert!((mid.layers[0].met_s - 101.0).abs() < 1e-9);
        assert!((mid.layers[1].met_s - 4.5).abs() < 1e-9);
        assert!((mid.layers[0].weight - 0.5).abs() < 1e-12);
        for frame in &frames[40..50] {
            let sum: f64 = frame.layers.iter().map(|l| l.weight).sum();
            assert!((sum - 1.0).abs() < 1e-12);
        }
        // The incoming weight rises monotonically, from 0 at the cut to 1 after the fade.
        let weights: Vec<f64> = frames[40..51].iter().map(|f| f.layers[0].weight).collect();
        assert_eq!(weights[0], 0.0);
        assert!(weights.windows(2).all(|w| w[1] > w[0]), "{weights:?}");
        assert_eq!(frames[50].layers.len(), 1);
    }

    #[test]
    fn a_first_segment_fades_in_from_black() {
        let script =
            Script { name: "t".into(), segments: vec![segment(0.0, 2.0, 1.0, Transition::CrossFade { seconds: 1.0 })] };
        let frames: Vec<Frame> = script.frames(4).collect();
        assert_eq!(frames[0].layers, vec![Layer { segment: 0, met_s: 0.0, weight: 0.0 }]);
        assert!((frames[2].layers[0].weight - 0.5).abs() < 1e-12);
        assert_eq!(frames[4].layers[0].weight, 1.0);
    }

    #[test]
    fn frame_counts_and_timecodes() {
        assert_eq!(frame_count(1.0, 24), 24);
        assert_eq!(frame_count(1.0 + 1e-9, 24), 24);
        assert_eq!(frame_count(1.01, 24), 25);
        assert_eq!(frame_count(2.0 / 3.0, 30), 20);
        assert_eq!(timecode(0, 25), "00:00:00:00");
        assert_eq!(timecode(24, 25), "00:00:00:24");
        assert_eq!(timecode(25, 25), "00:00:01:00");
        assert_eq!(timecode(3661 * 60 + 59, 60), "01:01:01:59");
    }
}
