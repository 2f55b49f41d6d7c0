//! The `.ann` file: brat's standoff annotations, one per line, read and
//! written without loss.
//!
//! Every line is kept with its exact bytes and line terminator. A line is
//! re-rendered only when an edit changes its annotation, so a file that
//! Byline opens and saves without edits is the same file, and an edit shows
//! up in a diff as exactly the lines it touched. Lines Byline cannot read
//! (malformed, or a kind brat added later) stay verbatim; malformed ones are
//! reported by [`AnnFile::problems`], never dropped.

pub use super::annotation::*;
use super::annotation::{id_number, one_line, parse_line};
use super::offsets::CharSpan;
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// One line of the file with its original bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnnLine {
    raw: String,
    /// `"\n"`, `"\r\n"`, or `""` for a last line without one.
    terminator: &'static str,
    annotation: Annotation,
}

impl AnnLine {
    /// The line as it will be written, without its terminator.
    pub fn raw(&self) -> &str {
        &self.raw
    }
    pub fn terminator(&self) -> &'static str {
        self.terminator
    }
    pub fn annotation(&self) -> &Annotation {
        &self.annotation
    }
}

/// A line of the `.ann` that is not what brat expects, or points nowhere.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AnnProblem {
    /// 1-based line number in the `.ann` as it is now.
    pub line: usize,
    /// Byte span of the line in the written `.ann` text.
    pub span: crate::span::Span,
    /// What is wrong, without the place (the caller prints `file:line:`).
    pub message: String,
}

/// Lookups by id over a whole file, built in one pass: for rules and merges
/// that ask about every annotation, where [`AnnFile`]'s own lookups (a scan
/// each) would make them quadratic.
#[derive(Debug, Default)]
pub struct AnnIndex<'a> {
    text_bounds: HashMap<&'a str, &'a TextBound>,
    rejected: HashSet<&'a str>,
    entities: HashMap<&'a str, &'a str>,
    date_values: HashMap<&'a str, &'a str>,
    speakers: HashMap<&'a str, &'a str>,
    kinds: HashMap<&'a str, crate::QuoteKind>,
}

impl<'a> AnnIndex<'a> {
    fn new(file: &'a AnnFile) -> Self {
        let mut index = AnnIndex::default();
        // The first line wins, as in AnnFile's own lookups.
        for annotation in file.annotations() {
            match annotation {
                Annotation::TextBound(t) => {
                    index.text_bounds.entry(&t.id).or_insert(t);
                }
                Annotation::Attribute(a) if is_rejection(a) => {
                    index.rejected.insert(&a.target);
                }
                Annotation::Attribute(a) if a.name == REPORTED => {
                    index.kinds.entry(&a.target).or_insert(kind_of_reported(a.value.as_deref()));
                }
                Annotation::Normalization(n) if n.db == REGISTRY_DB => {
                    index.entities.entry(&n.target).or_insert(&n.db_id);
                }
                Annotation::Normalization(n) if n.db == TIMEX_DB => {
                    index.date_values.entry(&n.target).or_insert(&n.db_id);
                }
                Annotation::Relation(r) if r.label == SAID_BY => {
                    if let (Some(quote), Some(speaker)) = (r.arg("Arg1"), r.arg("Arg2")) {
                        index.speakers.entry(quote).or_insert(speaker);
                    }
                }
                _ => {}
            }
        }
        index
    }

    pub fn text_bound(&self, id: &str) -> Option<&'a TextBound> {
        self.text_bounds.get(id).copied()
    }
    pub fn is_rejected(&self, id: &str) -> bool {
        self.rejected.contains(id)
    }
    pub fn entity_of(&self, id: &str) -> Option<&'a str> {
        self.entities.get(id).copied()
    }
    pub fn date_value_of(&self, id: &str) -> Option<&'a str> {
        self.date_values.get(id).copied()
    }
    pub fn speaker_of(&self, quote: &str) -> Option<&'a str> {
        self.speakers.get(quote).copied()
    }
    /// A quote's kind: its `Reported` attribute, else direct.
    pub fn quote_kind_of(&self, quote: &str) -> crate::QuoteKind {
        self.kinds.get(quote).copied().unwrap_or(crate::QuoteKind::Direct)
    }
}

fn is_rejection(attribute: &Attribute) -> bool {
    attribute.name == REJECTED && attribute.value.as_deref() != Some("false")
}

/// A whole `.ann` file.
#[derive(Debug, Clone, Default)]
pub struct AnnFile {
    lines: Vec<AnnLine>,
    /// The file started with a UTF-8 byte order mark (some Windows editors
    /// write one): kept for the round trip, not part of the first line.
    bom: bool,
    /// The highest number used with each id prefix since the file was read,
    /// removed lines included: fresh ids in O(1), never recycled.
    highest_ids: Vec<(char, u64)>,
}

/// Two files are equal when their lines are; how ids were handed out does
/// not matter.
impl PartialEq for AnnFile {
    fn eq(&self, other: &Self) -> bool {
        self.lines == other.lines && self.bom == other.bom
    }
}

impl Eq for AnnFile {}

/// Reads a `.ann` file. Never fails: every line is kept, unreadable ones as
/// [`Annotation::Malformed`].
pub fn parse(text: &str) -> AnnFile {
    let mut lines = Vec::new();
    let bom = text.starts_with('\u{feff}');
    let mut rest = text.strip_prefix('\u{feff}').unwrap_or(text);
    while !rest.is_empty() {
        let (content, terminator, next) = match rest.find('\n') {
            Some(i) if rest[..i].ends_with('\r') => (&rest[..i - 1], "\r\n", &rest[i + 1..]),
            Some(i) => (&rest[..i], "\n", &rest[i + 1..]),
            None => (rest, "", ""),
        };
        lines.push(AnnLine { raw: content.to_string(), terminator, annotation: parse_line(content) });
        rest = next;
    }
    let mut file = AnnFile { lines, bom, highest_ids: Vec::new() };
    for i in 0..file.lines.len() {
        file.note_id(i);
    }
    file
}

/// Writes the file: the original bytes of every untouched line.
pub fn write(file: &AnnFile) -> String {
    let mut out = String::with_capacity(file.lines.iter().map(|l| l.raw.len() + 2).sum::<usize>() + 3);
    if file.bom {
        out.push('\u{feff}');
    }
    for line in &file.lines {
        out.push_str(&line.raw);
        out.push_str(line.terminator);
    }
    out
}

impl AnnFile {
    /// Every line, in file order.
    pub fn lines(&self) -> &[AnnLine] {
        &self.lines
    }

    pub fn annotations(&self) -> impl Iterator<Item = &Annotation> {
        self.lines.iter().map(|l| &l.annotation)
    }

    pub fn text_bounds(&self) -> impl Iterator<Item = &TextBound> {
        self.annotations().filter_map(|a| match a {
            Annotation::TextBound(t) => Some(t),
            _ => None,
        })
    }

    pub fn relations(&self) -> impl Iterator<Item = &Relation> {
        self.annotations().filter_map(|a| match a {
            Annotation::Relation(r) => Some(r),
            _ => None,
        })
    }

    pub fn events(&self) -> impl Iterator<Item = &Event> {
        self.annotations().filter_map(|a| match a {
            Annotation::Event(e) => Some(e),
            _ => None,
        })
    }

    pub fn attributes(&self) -> impl Iterator<Item = &Attribute> {
        self.annotations().filter_map(|a| match a {
            Annotation::Attribute(x) => Some(x),
            _ => None,
        })
    }

    pub fn normalizations(&self) -> impl Iterator<Item = &Normalization> {
        self.annotations().filter_map(|a| match a {
            Annotation::Normalization(n) => Some(n),
            _ => None,
        })
    }

    pub fn notes(&self) -> impl Iterator<Item = &Note> {
        self.annotations().filter_map(|a| match a {
            Annotation::Note(n) => Some(n),
            _ => None,
        })
    }

    pub fn equivalences(&self) -> impl Iterator<Item = &Equivalence> {
        self.annotations().filter_map(|a| match a {
            Annotation::Equivalence(q) => Some(q),
            _ => None,
        })
    }

    /// The annotation with this id (the first, if a broken file repeats it).
    pub fn get(&self, id: &str) -> Option<&Annotation> {
        self.annotations().find(|a| a.id() == Some(id))
    }

    pub fn text_bound(&self, id: &str) -> Option<&TextBound> {
        match self.get(id)? {
            Annotation::TextBound(t) => Some(t),
            _ => None,
        }
    }

    /// Where the first line starts in the written text: after the byte
    /// order mark, if the file has one.
    pub fn first_line_offset(&self) -> usize {
        if self.bom {
            '\u{feff}'.len_utf8()
        } else {
            0
        }
    }

    /// Lookups by id for passes over the whole file.
    pub fn index(&self) -> AnnIndex<'_> {
        AnnIndex::new(self)
    }

    /// The 1-based line number of the annotation with this id.
    pub fn line_of(&self, id: &str) -> Option<usize> {
        self.lines.iter().position(|l| l.annotation.id() == Some(id)).map(|i| i + 1)
    }

    /// The speaker text-bound of a quote: `Arg2` of its `SaidBy`.
    pub fn speaker_of(&self, quote: &str) -> Option<&str> {
        self.relations().find(|r| r.label == SAID_BY && r.arg("Arg1") == Some(quote)).and_then(|r| r.arg("Arg2"))
    }

    /// A quote's kind: its `Reported` attribute (the first, if a broken
    /// file has several), else a direct quotation.
    pub fn quote_kind_of(&self, quote: &str) -> crate::QuoteKind {
        self.attributes()
            .find(|a| a.target == quote && a.name == REPORTED)
            .map_or(crate::QuoteKind::Direct, |a| kind_of_reported(a.value.as_deref()))
    }

    /// The registry id a text-bound links to (`byline:<id>`).
    pub fn entity_of(&self, id: &str) -> Option<&str> {
        self.reference_of(id, REGISTRY_DB)
    }

    /// A date's TIMEX3 value.
    pub fn date_value_of(&self, id: &str) -> Option<&str> {
        self.reference_of(id, TIMEX_DB)
    }

    fn reference_of(&self, id: &str, db: &str) -> Option<&str> {
        self.normalizations().find(|n| n.target == id && n.db == db).map(|n| n.db_id.as_str())
    }

    /// Whether the annotator rejected this text-bound as a suggestion.
    pub fn is_rejected(&self, id: &str) -> bool {
        self.attributes().any(|a| a.target == id && is_rejection(a))
    }

    /// Malformed lines, repeated ids, and references to ids no line defines,
    /// with their line numbers in the file as it is now.
    pub fn problems(&self) -> Vec<AnnProblem> {
        let mut problems = Vec::new();
        let mut first_line: HashMap<&str, usize> = HashMap::new();
        let mut offset = self.first_line_offset();
        let mut line_spans = Vec::with_capacity(self.lines.len());
        for line in &self.lines {
            line_spans.push(crate::span::Span::new(offset, offset + line.raw.len()));
            offset += line.raw.len() + line.terminator.len();
        }
        for (i, line) in self.lines.iter().enumerate() {
            let number = i + 1;
            if let Annotation::Malformed(m) = &line.annotation {
                problems.push(AnnProblem {
                    line: number,
                    span: line_spans[i],
                    message: format!("expected {}", m.expected),
                });
            }
            if let Some(id) = line.annotation.id() {
                if let Some(first) = first_line.get(id) {
                    problems.push(AnnProblem {
                        line: number,
                        span: line_spans[i],
                        message: format!("the id `{id}` is already used on line {first}"),
                    });
                } else {
                    first_line.insert(id, number);
                }
            }
        }
        for (i, line) in self.lines.iter().enumerate() {
            for target in line.annotation.references() {
                if !first_line.contains_key(target) {
                    let number = i + 1;
                    problems.push(AnnProblem {
                        line: number,
                        span: line_spans[i],
                        message: format!("`{target}` is not the id of any annotation in this file"),
                    });
                }
            }
        }
        problems.sort_by_key(|p| p.line);
        problems
    }

    /// The next unused id with this prefix (`T` → `T12`): one more than the
    /// highest number in use, so ids are never recycled.
    pub fn fresh_id(&self, prefix: char) -> String {
        let highest = self.highest_ids.iter().find(|(p, _)| *p == prefix).map_or(0, |(_, n)| *n);
        format!("{prefix}{}", highest.saturating_add(1))
    }

    /// Records the id of line `index` for [`AnnFile::fresh_id`].
    fn note_id(&mut self, index: usize) {
        let Some(id) = self.lines.get(index).and_then(|l| l.annotation.id()) else { return };
        let (Some(prefix), Some(number)) = (id.chars().next(), id_number(id)) else { return };
        match self.highest_ids.iter_mut().find(|(p, _)| *p == prefix) {
            Some((_, highest)) => *highest = (*highest).max(number),
            None => self.highest_ids.push((prefix, number)),
        }
    }

    /// The terminator the file's lines use: new lines follow the file.
    fn line_terminator(&self) -> &'static str {
        self.lines.iter().map(|l| l.terminator).find(|t| !t.is_empty()).unwrap_or("\n")
    }
}

mod edit;
pub use edit::{edit_between, EditError, LineEdit};

#[cfg(test)]
mod tests;
