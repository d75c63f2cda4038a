//! Errors in scenario files that name the file, line, column and field, rendered by miette
//! with the offending source line.

use miette::{Diagnostic, NamedSource, SourceSpan};
use serde::de::DeserializeOwned;
use std::path::Path;

#[derive(Debug, thiserror::Error, Diagnostic)]
pub enum ScenarioError {
    #[error("cannot read {path}: {message}")]
    #[diagnostic(code(ms19::scenario::io))]
    Io { path: String, message: String },

    #[error("{file}:{line}:{column}: {}{message}", field.as_ref().map(|f| format!("field `{f}`: ")).unwrap_or_default())]
    #[diagnostic(code(ms19::scenario::invalid))]
    Invalid {
        file: String,
        line: usize,
        column: usize,
        field: Option<String>,
        message: String,
        #[source_code]
        source_code: NamedSource<String>,
        #[label("here")]
        span: SourceSpan,
    },
}

impl ScenarioError {
    pub fn io(path: &Path, error: &std::io::Error) -> Self {
        Self::Io { path: path.display().to_string(), message: error.to_string() }
    }

    fn invalid(file: &str, source: &str, offset: usize, field: Option<String>, message: String) -> Self {
        let offset = offset.min(source.len());
        let before = &source[..offset];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        let length = source[offset..].find(['\n', ',']).unwrap_or(source.len() - offset).max(1);
        Self::Invalid {
            file: file.to_string(),
            line,
            column,
            field,
            message,
            source_code: NamedSource::new(file, source.to_string()),
            span: (offset, length).into(),
        }
    }

    /// A value that parsed but does not make sense, located by its field path
    /// (`timeline[3].met`).
    pub fn at_field(file: &str, source: &str, field: &str, message: String) -> Self {
        Self::invalid(file, source, locate_field(source, field), Some(field.to_string()), message)
    }

    /// The field the error is about, if any.
    pub fn field(&self) -> Option<&str> {
        match self {
            Self::Invalid { field, .. } => field.as_deref(),
            Self::Io { .. } => None,
        }
    }

    /// (line, column), 1-based.
    pub fn position(&self) -> Option<(usize, usize)> {
        match self {
            Self::Invalid { line, column, .. } => Some((*line, *column)),
            Self::Io { .. } => None,
        }
    }
}

/// Deserialises RON, tracking the field path of a failure and its position.
pub fn deserialize<T: DeserializeOwned>(file: &str, source: &str) -> Result<T, ScenarioError> {
    let mut deserializer = match ron::Deserializer::from_str(source) {
        Ok(d) => d,
        Err(e) => return Err(from_ron(file, source, e, None)),
    };
    let result = serde_path_to_error::deserialize(&mut deserializer)
        .map_err(|e| {
            let path = e.path().to_string();
            let spanned = deserializer.span_error(e.into_inner());
            from_ron(file, source, spanned, (path != ".").then_some(path))
        })
        .and_then(|value| match deserializer.end() {
            Ok(()) => Ok(value),
            Err(e) => Err(from_ron(file, source, deserializer.span_error(e), None)),
        })?;
    Ok(result)
}

fn from_ron(file: &str, source: &str, error: ron::error::SpannedError, field: Option<String>) -> ScenarioError {
    let ron::error::Position { line, col } = error.span.start;
    ScenarioError::invalid(file, source, offset_of(source, line, col), field, error.code.to_string())
}

/// Byte offset of a 1-based line and character column.
fn offset_of(source: &str, line: usize, column: usize) -> usize {
    let line_start: usize = source.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum();
    let rest = &source[line_start.min(source.len())..];
    line_start + rest.char_indices().nth(column.saturating_sub(1)).map_or(rest.len(), |(i, _)| i)
}

/// Finds where a field path's value is written: each name must appear as `name:` outside a
/// comment, in order; an index `[n]` picks the n-th following occurrence of the next name.
fn locate_field(source: &str, path: &str) -> usize {
    let mut offset = 0;
    let mut skip = 0;
    for segment in path.split('.') {
        let (name, index) = match segment.split_once('[') {
            Some((name, rest)) => (name, rest.trim_end_matches(']').parse::<usize>().ok()),
            None => (segment, None),
        };
        for _ in 0..=skip {
            match find_key(source, name, offset) {
                Some(found) => offset = found + name.len(),
                None => return offset,
            }
        }
        skip = index.unwrap_or(0);
    }
    offset
}

fn find_key(source: &str, name: &str, from: usize) -> Option<usize> {
    let mut search = from;
    while let Some(rel) = source[search..].find(name) {
        let at = search + rel;
        search = at + name.len();
        let line_start = source[..at].rfind('\n').map_or(0, |i| i + 1);
        let in_comment = source[line_start..at].contains("//");
        let word_start = source[..at].chars().next_back().is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
        let followed_by_colon = source[search..].trim_start().starts_with(':');
        if !in_comment && word_start && followed_by_colon {
            return Some(at);
        }
    }
    None
}
