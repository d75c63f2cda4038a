//! What the command line's values parse to, checked here (the binary only assembles them):
//! sizes, warps, frame ranges, the docking game's start, the layers a measurement leaves out.

/// Where the docking game starts.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum GameStart {
    /// At the flown takeover, 40 m out.
    Flown,
    /// Earlier, at station-keeping, to watch the Kurs stop.
    Kurs,
    /// This many metres out on the port's axis, with a seeded error.
    Distance(f64),
}

/// `flown`, `kurs`, or a distance of 5 to 2,000 m.
pub fn parse_start(text: &str) -> Result<GameStart, String> {
    match text {
        "flown" => Ok(GameStart::Flown),
        "kurs" => Ok(GameStart::Kurs),
        _ => match text.parse::<f64>() {
            Ok(m) if (5.0..=2000.0).contains(&m) => Ok(GameStart::Distance(m)),
            _ => Err(format!("`{text}` is not `flown`, `kurs` or a distance of 5 to 2,000 metres")),
        },
    }
}

/// `START:END`, frame numbers with START below END.
pub fn parse_frame_range(text: &str) -> Result<(u64, u64), String> {
    let bad = || format!("`{text}` is not START:END, frame numbers with START below END");
    let (start, end) = text.split_once(':').ok_or_else(bad)?;
    match (start.parse::<u64>(), end.parse::<u64>()) {
        (Ok(start), Ok(end)) if start < end => Ok((start, end)),
        _ => Err(bad()),
    }
}

/// `WIDTHxHEIGHT`, each side 64 to 8192 pixels.
pub fn parse_size(text: &str) -> Result<(u32, u32), String> {
    let (w, h) = text.split_once('x').ok_or_else(|| format!("`{text}` is not WIDTHxHEIGHT"))?;
    match (w.parse::<u32>(), h.parse::<u32>()) {
        (Ok(w), Ok(h)) if (64..=8192).contains(&w) && (64..=8192).contains(&h) => Ok((w, h)),
        _ => Err(format!("`{text}` is not WIDTHxHEIGHT with sides of 64 to 8192 pixels")),
    }
}

/// A piece of the frame `--without` names: `earth`, `shell`, `stars`, `vehicles`, `shadows`,
/// `msaa`.
pub fn parse_layer(text: &str) -> Result<crate::record::Layer, String> {
    use crate::record::Layer;
    const NAMES: [(&str, Layer); 6] = [
        ("earth", Layer::Earth),
        ("shell", Layer::Shell),
        ("stars", Layer::Stars),
        ("vehicles", Layer::Vehicles),
        ("shadows", Layer::Shadows),
        ("msaa", Layer::Msaa),
    ];
    NAMES.iter().find(|(name, _)| *name == text).map(|(_, layer)| *layer).ok_or_else(|| {
        let names: Vec<&str> = NAMES.iter().map(|(name, _)| *name).collect();
        format!("`{text}` is none of {}", names.join(", "))
    })
}

/// A time warp within the viewer's range.
pub fn parse_warp(text: &str) -> Result<f64, String> {
    use crate::sim::{MAX_WARP, MIN_WARP};
    match text.parse::<f64>() {
        Ok(warp) if (MIN_WARP..=MAX_WARP).contains(&warp) => Ok(warp),
        _ => Err(format!("`{text}` is not a warp from {MIN_WARP} to {MAX_WARP}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_layer_is_named_as_the_help_lists_it() {
        use crate::record::Layer;
        assert_eq!(parse_layer("shell"), Ok(Layer::Shell));
        assert_eq!(parse_layer("msaa"), Ok(Layer::Msaa));
        let refused = parse_layer("clouds").unwrap_err();
        assert!(refused.contains("earth, shell, stars, vehicles, shadows, msaa"), "{refused}");
    }

    #[test]
    fn the_games_start_is_flown_kurs_or_a_distance_in_range() {
        assert_eq!(parse_start("flown"), Ok(GameStart::Flown));
        assert_eq!(parse_start("kurs"), Ok(GameStart::Kurs));
        assert_eq!(parse_start("10"), Ok(GameStart::Distance(10.0)));
        for bad in ["4.9", "2001", "far", "NaN", ""] {
            assert!(parse_start(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn frame_ranges_sizes_and_warps_are_checked() {
        assert_eq!(parse_frame_range("0:50"), Ok((0, 50)));
        for bad in ["50:50", "9:3", "3", "a:b", "-1:4"] {
            assert!(parse_frame_range(bad).is_err(), "{bad}");
        }
        assert_eq!(parse_size("1280x720"), Ok((1280, 720)));
        for bad in ["1280", "63x720", "1280x9000", "wide x tall"] {
            assert!(parse_size(bad).is_err(), "{bad}");
        }
        assert_eq!(parse_warp("100"), Ok(100.0));
        for bad in ["0", "1e9", "fast", "NaN"] {
            assert!(parse_warp(bad).is_err(), "{bad}");
        }
    }
}
