//! The core's shape, held: no import cycle in `src/`, the mission's step loop small, and no
//! file of the core grown past what a newcomer reads in one sitting (part-list data aside).

use std::path::{Path, PathBuf};

fn src() -> PathBuf {
    crate::repo_path("src")
}

/// Lines of `path` before its `#[cfg(test)]` module.
fn lines_without_tests(path: &Path) -> usize {
    let text = std::fs::read_to_string(path).unwrap();
    text.lines().take_while(|line| !line.starts_with("#[cfg(test)]")).count()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn src_has_no_import_cycle_between_files_or_top_level_modules() {
    let script = crate::repo_path("scripts/import-cycles");
    let out = std::process::Command::new("python3").arg(&script).output().expect("python3 runs");
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{report}{}", String::from_utf8_lossy(&out.stderr));
    assert!(report.contains("files: 0 cycle(s)") && report.contains("top-level modules: 0 cycle(s)"), "{report}");
}

#[test]
fn the_mission_only_orchestrates_and_no_core_file_outgrows_a_sitting() {
    let mission = lines_without_tests(&src().join("core/mission/mod.rs"));
    assert!(mission < 400, "core/mission/mod.rs: {mission} lines without tests");
    let mut files = Vec::new();
    rust_files(&src().join("core"), &mut files);
    let long: Vec<String> = files
        .iter()
        .filter(|path| !path.ends_with("geometry/parts.rs"))
        .map(|path| (lines_without_tests(path), path))
        .filter(|(lines, _)| *lines > 450)
        .map(|(lines, path)| format!("{}: {lines}", path.display()))
        .collect();
    assert!(long.is_empty(), "over 450 lines without tests: {long:?}");
}
