//! Every number a loader reads has a stated range. The typed loaders check how fields relate
//! (a shot ends after it starts); this checks each number on its own, so that NaN, infinity
//! and absurd magnitudes (a thrust of 1e-300 N) stop at load with the field named and what is
//! allowed, instead of reaching the integrator.
//!
//! The file is read a second time as untyped RON, each number collected with its field path
//! (`vehicles[2].attitude.inertia_kg_m2[1]`), and the path matched against the loader's table.
//! A number that no rule covers is refused too, so a new field cannot slip in unchecked.

use super::diagnostics::ScenarioError;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use std::fmt;

/// The values allowed where a field path ends in `suffix` (indices written `[]`, so
/// `lvlh_m[]` covers each element of an `lvlh_m` triple).
#[derive(Clone, Copy, Debug)]
pub struct Range {
    pub suffix: &'static str,
    pub min: f64,
    pub max: f64,
    /// The unit and what the figure is, for the message.
    pub what: &'static str,
}

/// A rule for [`check`]'s tables.
pub const fn range(suffix: &'static str, min: f64, max: f64, what: &'static str) -> Range {
    Range { suffix, min, max, what }
}

impl Range {
    fn covers(&self, normalised_path: &str) -> bool {
        normalised_path == self.suffix
            || normalised_path.strip_suffix(self.suffix).is_some_and(|head| head.ends_with('.'))
    }

    fn allows(&self, value: f64) -> bool {
        (self.min..=self.max).contains(&value)
    }
}

/// Checks every number in `source` (RON that already deserialised into its typed form)
/// against `ranges`: the first rule whose suffix ends the number's path decides.
pub fn check(file: &str, source: &str, ranges: &[Range]) -> Result<(), ScenarioError> {
    let fail = |field: &str, message: String| ScenarioError::at_field(file, source, field, message);
    for (path, value) in numbers(source).map_err(|m| fail("", m))? {
        let normalised = normalise(&path);
        match ranges.iter().find(|r| r.covers(&normalised)) {
            None => return Err(fail(&path, format!("{value}: no number is expected here"))),
            Some(rule) if !rule.allows(value) => {
                let Range { min, max, what, .. } = rule;
                let shown =
                    if value.is_finite() { value.to_string() } else { format!("{value} (not a finite number)") };
                return Err(fail(&path, format!("{shown} is outside {min} ..= {max} ({what})")));
            }
            Some(_) => {}
        }
    }
    Ok(())
}

/// The path with each index replaced by `[]`.
fn normalise(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_index = false;
    for c in path.chars() {
        match c {
            '[' => {
                in_index = true;
                out.push_str("[]");
            }
            ']' => in_index = false,
            _ if in_index => {}
            _ => out.push(c),
        }
    }
    out
}

/// Each number in the RON text with its field path, in file order.
fn numbers(source: &str) -> Result<Vec<(String, f64)>, String> {
    let mut found = Vec::new();
    let mut deserializer = ron::Deserializer::from_str(source).map_err(|e| e.to_string())?;
    Walk { path: String::new(), found: &mut found }.deserialize(&mut deserializer).map_err(|e| e.to_string())?;
    Ok(found)
}

/// Visits any RON value, recording its numbers under `path`.
struct Walk<'a> {
    path: String,
    found: &'a mut Vec<(String, f64)>,
}

impl Walk<'_> {
    /// The walk into a field (`name`) or an element (`[i]`).
    fn child(&mut self, segment: String) -> Walk<'_> {
        let path = if self.path.is_empty() || segment.starts_with('[') {
            format!("{}{segment}", self.path)
        } else {
            format!("{}.{segment}", self.path)
        };
        Walk { path, found: self.found }
    }

    fn number<E>(self, value: f64) -> Result<(), E> {
        self.found.push((self.path, value));
        Ok(())
    }
}

impl<'de> DeserializeSeed<'de> for Walk<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Walk<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any RON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }

    fn visit_i64<E>(self, v: i64) -> Result<(), E> {
        self.number(v as f64)
    }

    fn visit_u64<E>(self, v: u64) -> Result<(), E> {
        self.number(v as f64)
    }

    fn visit_i128<E>(self, v: i128) -> Result<(), E> {
        self.number(v as f64)
    }

    fn visit_u128<E>(self, v: u128) -> Result<(), E> {
        self.number(v as f64)
    }

    fn visit_f64<E>(self, v: f64) -> Result<(), E> {
        self.number(v)
    }

    fn visit_char<E>(self, _: char) -> Result<(), E> {
        Ok(())
    }

    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }

    fn visit_bytes<E>(self, _: &[u8]) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_none<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<(), A::Error> {
        let mut i = 0;
        while seq.next_element_seed(self.child(format!("[{i}]")))?.is_some() {
            i += 1;
        }
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key_seed(KeyName)? {
            map.next_value_seed(self.child(key))?;
        }
        Ok(())
    }
}

/// A map key or struct field as a path segment: its name, or `?` for a key that is not one.
struct KeyName;

impl<'de> DeserializeSeed<'de> for KeyName {
    type Value = String;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<String, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for KeyName {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a field name or map key")
    }

    fn visit_str<E>(self, v: &str) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_unit<E>(self) -> Result<String, E> {
        Ok("?".into())
    }

    fn visit_i64<E>(self, v: i64) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_u64<E>(self, v: u64) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<String, A::Error> {
        while map.next_entry::<de::IgnoredAny, de::IgnoredAny>()?.is_some() {}
        Ok("?".into())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<String, A::Error> {
        while seq.next_element::<de::IgnoredAny>()?.is_some() {}
        Ok("?".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_found_with_their_field_paths() {
        let source = "(a: 1.5, b: [(c: 2), (c: -3e4)], d: Some(X(e: (4.0, NaN))), f: \"7\", g: { \"k\": 8 })";
        let found = numbers(source).unwrap();
        let paths: Vec<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(paths, ["a", "b[0].c", "b[1].c", "d.e[0]", "d.e[1]", "g.k"]);
        assert_eq!(found[2].1, -3e4);
        assert!(found[4].1.is_nan());
    }

    #[test]
    fn a_rule_covers_whole_trailing_segments_only() {
        let rule = range("mass_kg", 1.0, 2.0, "kg");
        assert!(rule.covers("mass_kg"));
        assert!(rule.covers("vehicles[].mass_kg"));
        assert!(!rule.covers("vehicles[].dry_mass_kg"));
        assert_eq!(normalise("a[12].b[0]"), "a[].b[]");
    }

    #[test]
    fn nan_infinity_and_uncovered_numbers_are_refused_with_the_field() {
        let rules = [range("mass_kg", 1.0, 1.0e7, "kg, a vehicle's mass")];
        let ok = "(v: [(mass_kg: 7.0)])";
        assert!(check("f.ron", ok, &rules).is_ok());
        for bad in ["(v: [(mass_kg: 7.0), (mass_kg: NaN)])", "(v: [(mass_kg: inf)])", "(v: [(mass_kg: 1e-300)])"] {
            let error = check("f.ron", bad, &rules).unwrap_err();
            assert!(error.field().unwrap().ends_with("mass_kg"), "{bad}: {error}");
            assert!(error.to_string().contains("1 ..= 10000000"), "{error}");
        }
        let error = check("f.ron", "(v: [(mass_kg: 7.0, spin: 3)])", &rules).unwrap_err();
        assert_eq!(error.field(), Some("v[0].spin"));
    }
}
