//! Lines in capitals (headlines, datelines, sport slugs): capitals say
//! nothing there, so a word in them is not an acronym for being written in
//! capitals. Such a line keeps the names a list knows (`BRUSSELS`,
//! `JAPAN`), a dateline's place (`ARBIL 1996-08-30`), and names the article
//! writes elsewhere in mixed case (`PORTVALE` for `Portvale`), with that
//! mention's kind; other words in it are not marked one by one.

use super::{EntityLabel, Evidence, Found};
use rustc_hash::FxHashMap;

/// Whether `line` is written in capitals: letters, none of them lower case.
fn is_capitals_line(line: &str) -> bool {
    line.chars().any(char::is_alphabetic) && !line.chars().any(char::is_lowercase)
}

/// The line around a position, remembered while the positions asked for
/// stay in it: mentions come in text order, so each line is scanned once
/// (a one-line text of many names stays linear).
pub(super) struct LineCache<'t> {
    text: &'t str,
    start: usize,
    end: usize,
    capitals: bool,
    results: bool,
}

impl<'t> LineCache<'t> {
    pub(super) fn new(text: &'t str) -> Self {
        LineCache { text, start: 1, end: 0, capitals: false, results: false }
    }

    /// (line start, line, written in capitals, a results line).
    pub(super) fn at(&mut self, at: usize) -> (usize, &'t str, bool, bool) {
        if !(self.start <= at && at <= self.end) {
            let text = self.text;
            self.start = text.get(..at).and_then(|t| t.rfind('\n')).map_or(0, |i| i + 1);
            self.end = text.get(at..).and_then(|t| t.find('\n')).map_or(text.len(), |i| at + i);
            let line = text.get(self.start..self.end).unwrap_or("");
            self.capitals = is_capitals_line(line);
            self.results = super::teams::is_results_line(line.trim_end());
        }
        (self.start, self.text.get(self.start..self.end).unwrap_or(""), self.capitals, self.results)
    }
}

/// `ARBIL 1996-08-30`, `KHASAVYURT, Russia 1996-08-30`, `BRUSSELS, May 4
/// (Byline) -`: a place at the start of a line, then a date or a source.
fn is_dateline(text: &str, f: &Found, line_start: usize) -> bool {
    if f.span.start != line_start {
        return false;
    }
    let rest = text.get(f.span.end..).unwrap_or("");
    let rest = rest.split('\n').next().unwrap_or("");
    let rest = rest.trim_start_matches([',', ' ']);
    // Skip a region (`Russia`, `Calif.`) before the date.
    let after_region = rest.trim_start_matches(|c: char| c.is_alphabetic() || c == ' ' || c == '.');
    let after_region = after_region.trim_start_matches([',', ' ']);
    let date_like = |s: &str| {
        s.as_bytes().first().is_some_and(u8::is_ascii_digit)
            || s.starts_with('(')
            || s.starts_with("- ")
            || s.starts_with("— ")
            || ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
                .iter()
                .any(|m| s.starts_with(m))
    };
    !rest.is_empty() && (date_like(rest) || date_like(after_region))
}

/// Decides the names found in lines written in capitals.
pub(super) fn read_capitals_lines(text: &str, found: &mut [Found]) {
    let mut lines = LineCache::new(text);
    let in_capitals: Vec<bool> = found.iter().map(|f| lines.at(f.span.start).2).collect();
    if !in_capitals.contains(&true) {
        return;
    }
    // What the article calls each name where capitals carry meaning.
    let mut kinds: FxHashMap<String, Option<EntityLabel>> = FxHashMap::default();
    for (f, _) in found.iter().zip(&in_capitals).filter(|(f, caps)| f.label.is_some() && !**caps) {
        kinds.entry(f.name_span.slice(text).to_lowercase()).or_insert(f.label);
    }
    let mut datelines: Vec<String> = Vec::new();
    for (f, caps) in found.iter_mut().zip(in_capitals) {
        let (line_start, _, _, _) = lines.at(f.span.start);
        if !caps || f.form.is_some() {
            continue;
        }
        if let Some(kind) = kinds.get(&f.name_span.slice(text).to_lowercase()) {
            f.label = *kind;
            continue;
        }
        if is_dateline(text, f, line_start) {
            f.label = Some(EntityLabel::Location);
            f.evidence = Evidence::Strong;
            f.link_only = false;
            datelines.push(f.name_span.slice(text).to_lowercase());
            continue;
        }
        if f.label != Some(EntityLabel::Person) || f.evidence == Evidence::Guess {
            f.label = None;
        }
    }
    // The dateline's town named again in the story (`Arbil`).
    if datelines.is_empty() {
        return;
    }
    for f in found.iter_mut() {
        if f.evidence == Evidence::Guess
            && f.word_count == 1
            && datelines.contains(&f.name_span.slice(text).to_lowercase())
        {
            f.label = Some(EntityLabel::Location);
            f.link_only = false;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capitals_lines_have_no_lower_case() {
        assert!(is_capitals_line("SOCCER - PORTVALE TOP AFTER LATE GOAL"));
        assert!(is_capitals_line("ARBIL 1996-08-30"));
        assert!(!is_capitals_line("The CSSA said"));
        assert!(!is_capitals_line("1996-08-30"));
    }
}
