//! Property tests: the shipped config files, mutated (a number, a string, a deleted span, a
//! repeated line), never make a loader panic. Each mutant is either refused with a position
//! (what `ms19` prints before exiting 2) or accepted; an accepted scenario then flies its
//! launch with every state finite. Fixed seeds, so that a run is the same on every machine.

use ms19::scenario::{LoadedScenario, ScenarioError, flythrough, replay, shots};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed, TestRunner};

fn config(name: &str) -> String {
    std::fs::read_to_string(crate::repo_path("config").join(name)).unwrap()
}

/// Byte ranges `(start, end)` into a source text.
type Spans = Vec<(usize, usize)>;

/// Byte spans of the numbers and of the string contents in RON text, outside comments.
fn tokens(source: &str) -> (Spans, Spans) {
    let (mut numbers, mut strings) = (Vec::new(), Vec::new());
    let bytes = source.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                i += source[i..].find('\n').unwrap_or(source.len() - i);
            }
            b'"' => {
                let end = i + 1 + source[i + 1..].find('"').unwrap_or(source.len() - i - 1);
                strings.push((i + 1, end));
                i = end + 1;
            }
            c if (c.is_ascii_digit() || c == b'-') && i > 0 && !bytes[i - 1].is_ascii_alphanumeric() => {
                let len = source[i..]
                    .find(|c: char| !(c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '-' | '+')))
                    .unwrap_or(source.len() - i);
                if source[i..i + len].bytes().any(|b| b.is_ascii_digit()) {
                    numbers.push((i, i + len));
                }
                i += len.max(1);
            }
            _ => i += 1,
        }
    }
    (numbers, strings)
}

/// One edit of a valid file.
#[derive(Clone, Debug)]
enum Mutation {
    /// The n-th number (modulo their count) becomes this text.
    Number(usize, String),
    /// The n-th string's contents become this.
    Text(usize, String),
    /// `len` characters deleted from a fraction of the way through.
    Delete(f64, usize),
    /// The n-th line written twice.
    RepeatLine(usize),
}

fn number_text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("NaN".to_string()),
        Just("inf".to_string()),
        Just("-inf".to_string()),
        Just("0".to_string()),
        Just("-0.0".to_string()),
        Just("1e-300".to_string()),
        Just("1e300".to_string()),
        Just("-1".to_string()),
        Just("18446744073709551616".to_string()),
        any::<f64>().prop_map(|x| format!("{x:?}")),
        (-1.0e6..1.0e6_f64).prop_map(|x| format!("{x:?}")),
        any::<i64>().prop_map(|x| x.to_string()),
    ]
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        4 => (any::<usize>(), number_text()).prop_map(|(n, t)| Mutation::Number(n, t)),
        2 => (any::<usize>(), "[a-z0-9_:.+ -]{0,12}").prop_map(|(n, t)| Mutation::Text(n, t)),
        1 => (0.0..1.0_f64, 1..40_usize).prop_map(|(at, len)| Mutation::Delete(at, len)),
        1 => any::<usize>().prop_map(Mutation::RepeatLine),
    ]
}

fn apply(source: &str, mutation: &Mutation) -> String {
    let (numbers, strings) = tokens(source);
    let replace = |spans: &[(usize, usize)], n: usize, with: &str| {
        let (a, b) = spans[n % spans.len()];
        format!("{}{with}{}", &source[..a], &source[b..])
    };
    match mutation {
        Mutation::Number(n, text) => replace(&numbers, *n, text),
        Mutation::Text(n, text) => replace(&strings, *n, text),
        Mutation::Delete(at, len) => {
            let chars: Vec<char> = source.chars().collect();
            let start = ((chars.len() as f64 * at) as usize).min(chars.len());
            chars[..start].iter().chain(chars[(start + len).min(chars.len())..].iter()).collect()
        }
        Mutation::RepeatLine(n) => {
            let lines: Vec<&str> = source.lines().collect();
            let n = n % lines.len();
            lines[..=n].iter().chain(lines[n..].iter()).copied().collect::<Vec<_>>().join("\n")
        }
    }
}

/// Runs `check` on `cases` mutants of `name`, from a fixed seed.
fn mutate(name: &str, cases: u32, check: impl Fn(&str) -> Result<(), TestCaseError>) {
    let source = config(name);
    let config = Config { cases, failure_persistence: None, rng_seed: RngSeed::Fixed(19), ..Config::default() };
    TestRunner::new(config).run(&mutation(), |m| check(&apply(&source, &m))).unwrap_or_else(|e| panic!("{name}: {e}"));
}

/// A refusal must say where: the line and column `ms19` prints before exiting 2.
fn located(error: &ScenarioError) -> Result<(), TestCaseError> {
    prop_assert!(error.position().is_some(), "no position: {error}");
    Ok(())
}

#[test]
fn the_token_scanner_finds_numbers_and_strings_outside_comments() {
    let (numbers, strings) = tokens("// 12 \"x\"\n(a: -1.5e3, b: \"t2\", c2: 7)");
    let source = "// 12 \"x\"\n(a: -1.5e3, b: \"t2\", c2: 7)";
    let text = |spans: &[(usize, usize)]| spans.iter().map(|&(a, b)| source[a..b].to_string()).collect::<Vec<_>>();
    assert_eq!(text(&numbers), ["-1.5e3", "7"]);
    assert_eq!(text(&strings), ["t2"]);
}

#[test]
fn mutated_scenarios_are_refused_with_a_position_or_fly_finite() {
    let dir = crate::repo_path("config");
    mutate("ms19.ron", 48, |text| match LoadedScenario::parse_in(&dir, "m.ron", text.to_string()) {
        Err(error) => located(&error),
        Ok(loaded) => {
            // Through the ascent: lift-off, staging and orbit insertion, about 15 minutes.
            let mut mission = loaded.mission();
            while mission.met_s() < 900.0 {
                mission.step();
            }
            let snapshot = mission.snapshot();
            prop_assert!(snapshot.states.iter().all(|s| s.iter().all(|x| x.is_finite())), "a state is not finite");
            prop_assert!(
                snapshot.attitudes.iter().all(|a| a.body_to_inertial.coords.iter().all(|x| x.is_finite())),
                "an attitude is not finite"
            );
            Ok(())
        }
    });
}

#[test]
fn mutated_shot_lists_scripts_and_replays_are_refused_with_a_position_or_accepted() {
    mutate("shots.ron", 200, |text| shots::parse("m.ron", text).err().map_or(Ok(()), |e| located(&e)));
    let list = shots::load(&crate::repo_path("config/shots.ron")).unwrap();
    mutate("flythrough/ms19-trailer.ron", 200, |text| {
        flythrough::parse("m.ron", text, &list).err().map_or(Ok(()), |e| located(&e))
    });
    mutate("replays/ms19-shkaplerov.ron", 100, |text| {
        replay::parse("m.ron", text).err().map_or(Ok(()), |e| located(&e))
    });
}
