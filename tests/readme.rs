//! README is the front door: short, and every command it shows runs as written (those that
//! need no display with `--help`, the headless docking in full), every file it names exists.

fn readme() -> String {
    std::fs::read_to_string(crate::repo_path("README.md")).unwrap()
}

#[test]
fn readme_is_a_front_door_of_under_200_lines_with_run_and_test_on_its_first_screen() {
    let text = readme();
    assert!(text.lines().count() < 200, "README has {} lines", text.lines().count());
    let first_screen: String = text.lines().take(50).collect::<Vec<_>>().join("\n");
    assert!(first_screen.contains("cargo run --release") && first_screen.contains("scripts/test"));
}

#[test]
fn every_command_readme_shows_runs_and_every_file_it_names_exists() {
    let text = readme();
    // The commands: `ms19 NAME` in backticks, each answering --help.
    let mut commands: Vec<&str> = text
        .split('`')
        .filter_map(|quoted| quoted.strip_prefix("ms19 "))
        .filter_map(|rest| rest.split_whitespace().next())
        .filter(|word| word.chars().all(|c| c.is_ascii_lowercase()))
        .collect();
    commands.sort_unstable();
    commands.dedup();
    assert_eq!(commands, ["dock", "pilot", "record", "simulate", "summary", "view"], "{commands:?}");
    for command in commands {
        let run = crate::ms19().args([command, "--help"]).output().unwrap();
        assert!(run.status.success(), "ms19 {command} --help: {}", String::from_utf8_lossy(&run.stderr));
    }
    // The headless docking, as written.
    let quoted = "ms19 dock --headless --replay config/replays/ms19-shkaplerov.ron";
    assert!(text.contains(&format!("`{quoted}`")));
    let run = crate::ms19().args(quoted.split_whitespace().skip(1)).output().unwrap();
    assert!(run.status.success(), "{quoted}: {}", String::from_utf8_lossy(&run.stdout));
    // Every path into the repository it names (links, configs, scripts).
    let named: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || "`()[]|,".contains(c))
        .filter(|word| ["config/", "docs/", "scripts/", ".ci/", "src/"].iter().any(|dir| word.starts_with(dir)))
        .map(|word| word.trim_end_matches(['.', ':', ';']))
        .collect();
    assert!(named.len() >= 10, "{named:?}");
    for path in named {
        assert!(crate::repo_path(path).exists(), "README names {path}, which is not there");
    }
}
