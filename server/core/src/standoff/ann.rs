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

/// Why an edit through the [`AnnFile`] API could not be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditError {
    /// No annotation has this id.
    UnknownId(String),
    /// The id names an annotation of another kind than the edit needs.
    WrongKind { id: String, expected: &'static str },
}

impl std::fmt::Display for EditError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EditError::UnknownId(id) => write!(f, "no annotation has the id `{id}`"),
            EditError::WrongKind { id, expected } => write!(f, "`{id}` is not a {expected}"),
        }
    }
}

impl std::error::Error for EditError {}

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

/// A replacement of whole lines in a `.ann` text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LineEdit {
    /// Bytes in the old text, from a line start to a line start (or its end).
    pub span: crate::span::Span,
    pub new_text: String,
}

/// The one edit that turns `old_text` (the `.ann` as the editor has it) into
/// `write(new)`: the lines between the unchanged first and last ones. A
/// code action sends it as a workspace edit, so the editor's undo restores
/// it in one step and lines around it are not rewritten. `None` when the
/// texts are equal.
pub fn edit_between(old_text: &str, new: &AnnFile) -> Option<LineEdit> {
    let new_text = write(new);
    if new_text == old_text {
        return None;
    }
    let old_lines: Vec<&str> = old_text.split_inclusive('\n').collect();
    let new_lines: Vec<&str> = new_text.split_inclusive('\n').collect();
    let prefix = old_lines.iter().zip(&new_lines).take_while(|(a, b)| a == b).count();
    let suffix =
        old_lines[prefix..].iter().rev().zip(new_lines[prefix..].iter().rev()).take_while(|(a, b)| a == b).count();
    let bytes = |lines: &[&str]| lines.iter().map(|l| l.len()).sum::<usize>();
    let start = bytes(&old_lines[..prefix]);
    let end = old_text.len() - bytes(&old_lines[old_lines.len() - suffix..]);
    let new_start = bytes(&new_lines[..prefix]);
    let new_end = new_text.len() - bytes(&new_lines[new_lines.len() - suffix..]);
    Some(LineEdit { span: crate::span::Span::new(start, end), new_text: new_text[new_start..new_end].to_string() })
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

    /// Appends an annotation as a new last line.
    pub fn push(&mut self, annotation: Annotation) {
        let terminator = self.line_terminator();
        if let Some(last) = self.lines.last_mut() {
            if last.terminator.is_empty() {
                last.terminator = terminator;
            }
        }
        self.lines.push(AnnLine { raw: annotation.render(), terminator, annotation });
        self.note_id(self.lines.len() - 1);
    }

    /// Appends a line verbatim (a line break in it becomes a space), read
    /// like any other line: for lines an import carries through unchanged.
    /// Returns what it was read as.
    pub fn push_line(&mut self, raw: &str) -> &Annotation {
        let raw = one_line(raw);
        let annotation = parse_line(&raw);
        let terminator = self.line_terminator();
        if let Some(last) = self.lines.last_mut() {
            if last.terminator.is_empty() {
                last.terminator = terminator;
            }
        }
        self.lines.push(AnnLine { raw, terminator, annotation });
        let last = self.lines.len() - 1;
        self.note_id(last);
        &self.lines[last].annotation
    }

    pub fn add_text_bound(&mut self, label: &str, fragments: Vec<CharSpan>, text: &str) -> String {
        let id = self.fresh_id('T');
        self.push(Annotation::TextBound(TextBound {
            id: id.clone(),
            label: label.to_string(),
            fragments,
            text: text.to_string(),
        }));
        id
    }

    pub fn add_relation(&mut self, label: &str, arg1: &str, arg2: &str) -> String {
        let id = self.fresh_id('R');
        self.push(Annotation::Relation(Relation {
            id: id.clone(),
            label: label.to_string(),
            args: vec![
                Argument { role: "Arg1".to_string(), target: arg1.to_string() },
                Argument { role: "Arg2".to_string(), target: arg2.to_string() },
            ],
        }));
        id
    }

    pub fn add_attribute(&mut self, name: &str, target: &str, value: Option<&str>) -> String {
        let id = self.fresh_id('A');
        self.push(Annotation::Attribute(Attribute {
            id: id.clone(),
            name: name.to_string(),
            target: target.to_string(),
            value: value.map(str::to_string),
        }));
        id
    }

    pub fn add_normalization(&mut self, target: &str, db: &str, db_id: &str, text: &str) -> String {
        let id = self.fresh_id('N');
        self.push(Annotation::Normalization(Normalization {
            id: id.clone(),
            label: REFERENCE.to_string(),
            target: target.to_string(),
            db: db.to_string(),
            db_id: db_id.to_string(),
            text: Some(text.to_string()),
        }));
        id
    }

    pub fn add_note(&mut self, target: &str, text: &str) -> String {
        let id = self.fresh_id('#');
        self.push(Annotation::Note(Note {
            id: id.clone(),
            label: ANNOTATOR_NOTES.to_string(),
            target: target.to_string(),
            text: text.to_string(),
        }));
        id
    }

    /// Changes the annotation with this id in place. The line is re-rendered
    /// only if `change` really changed it, so a no-op keeps its bytes.
    pub fn update(&mut self, id: &str, change: impl FnOnce(&mut Annotation)) -> Result<(), EditError> {
        let index = self
            .lines
            .iter()
            .position(|l| l.annotation.id() == Some(id))
            .ok_or_else(|| EditError::UnknownId(id.to_string()))?;
        self.update_at(index, change);
        Ok(())
    }

    /// [`AnnFile::update`] by line index (0-based), for passes over every
    /// line that would otherwise look each id up again.
    pub(crate) fn update_at(&mut self, index: usize, change: impl FnOnce(&mut Annotation)) {
        let Some(line) = self.lines.get_mut(index) else { return };
        let mut changed = line.annotation.clone();
        change(&mut changed);
        if changed != line.annotation {
            line.raw = changed.render();
            line.annotation = changed;
            self.note_id(index);
        }
    }

    /// Removes the line of this annotation and returns it. Lines that point
    /// to it stay (and [`AnnFile::problems`] reports them); use
    /// [`AnnFile::remove_with_dependents`] to take them along.
    pub fn remove(&mut self, id: &str) -> Option<Annotation> {
        let index = self.lines.iter().position(|l| l.annotation.id() == Some(id))?;
        let removed = self.lines.remove(index);
        self.keep_final_line_state(removed.terminator);
        Some(removed.annotation)
    }

    /// A file that ended without a newline still does after its last line
    /// is removed.
    fn keep_final_line_state(&mut self, removed_terminator: &'static str) {
        if removed_terminator.is_empty() {
            if let Some(last) = self.lines.last_mut() {
                last.terminator = "";
            }
        }
    }

    /// Removes an annotation and everything that points to it (its
    /// relations, attributes, normalisations, notes; it leaves equivalence
    /// groups), recursively. Returns the removed ids.
    pub fn remove_with_dependents(&mut self, id: &str) -> Vec<String> {
        let mut removed = Vec::new();
        let mut pending = vec![id.to_string()];
        while let Some(next) = pending.pop() {
            if self.remove(&next).is_none() {
                continue;
            }
            for line in &self.lines {
                if line.annotation.id().is_some() && line.annotation.references().contains(&next.as_str()) {
                    pending.extend(line.annotation.id().map(str::to_string));
                }
            }
            let mut emptied = Vec::new();
            for (i, line) in self.lines.iter_mut().enumerate() {
                if let Annotation::Equivalence(q) = &line.annotation {
                    if q.members.contains(&next) {
                        let mut changed = q.clone();
                        changed.members.retain(|m| *m != next);
                        if changed.members.len() < 2 {
                            emptied.push(i);
                        } else {
                            let changed = Annotation::Equivalence(changed);
                            line.raw = changed.render();
                            line.annotation = changed;
                        }
                    }
                }
            }
            for i in emptied.into_iter().rev() {
                let line = self.lines.remove(i);
                self.keep_final_line_state(line.terminator);
            }
            removed.push(next);
        }
        removed
    }

    /// Gives a text-bound, relation or event another label.
    pub fn relabel(&mut self, id: &str, label: &str) -> Result<(), EditError> {
        let mut kind_ok = true;
        self.update(id, |a| match a {
            Annotation::TextBound(t) => t.label = label.to_string(),
            Annotation::Relation(r) => r.label = label.to_string(),
            Annotation::Event(e) => e.label = label.to_string(),
            _ => kind_ok = false,
        })?;
        if kind_ok {
            Ok(())
        } else {
            Err(EditError::WrongKind { id: id.to_string(), expected: "text-bound, relation or event" })
        }
    }

    /// Moves a text-bound to new offsets with the text now found there.
    pub fn set_offsets(&mut self, id: &str, fragments: Vec<CharSpan>, text: &str) -> Result<(), EditError> {
        self.require_text_bound(id)?;
        self.update(id, |a| {
            if let Annotation::TextBound(t) = a {
                t.fragments = fragments;
                t.text = text.to_string();
            }
        })
    }

    fn require_text_bound(&self, id: &str) -> Result<&TextBound, EditError> {
        match self.get(id) {
            Some(Annotation::TextBound(t)) => Ok(t),
            Some(_) => Err(EditError::WrongKind { id: id.to_string(), expected: "text-bound annotation" }),
            None => Err(EditError::UnknownId(id.to_string())),
        }
    }

    /// Makes `speaker` the speaker of `quote`: rewrites the quote's `SaidBy`
    /// if it has one (keeping its id), else adds one. Returns the relation id.
    pub fn set_speaker(&mut self, quote: &str, speaker: &str) -> Result<String, EditError> {
        self.require_text_bound(quote)?;
        self.require_text_bound(speaker)?;
        let existing =
            self.relations().find(|r| r.label == SAID_BY && r.arg("Arg1") == Some(quote)).map(|r| r.id.clone());
        match existing {
            Some(id) => {
                self.update(&id, |a| {
                    if let Annotation::Relation(r) = a {
                        if let Some(arg) = r.args.iter_mut().find(|arg| arg.role == "Arg2") {
                            arg.target = speaker.to_string();
                        }
                    }
                })?;
                Ok(id)
            }
            None => Ok(self.add_relation(SAID_BY, quote, speaker)),
        }
    }

    /// Links a text-bound to a registry entry:
    /// `N1\tReference T3 byline:kurt-campbell\tKurt Campbell`. Replaces an
    /// earlier registry link of the same text-bound. Returns its id.
    pub fn link_entity(&mut self, target: &str, entity_id: &str, name: &str) -> Result<String, EditError> {
        self.set_reference(target, REGISTRY_DB, entity_id, name)
    }

    /// Records a date's TIMEX3 value:
    /// `N2\tReference T5 TIMEX3:2012-01-31\tJan. 31`.
    pub fn set_date_value(&mut self, target: &str, value: &str, text: &str) -> Result<String, EditError> {
        self.set_reference(target, TIMEX_DB, value, text)
    }

    fn set_reference(&mut self, target: &str, db: &str, db_id: &str, text: &str) -> Result<String, EditError> {
        self.require_text_bound(target)?;
        let existing = self.normalizations().find(|n| n.target == target && n.db == db).map(|n| n.id.clone());
        match existing {
            Some(id) => {
                self.update(&id, |a| {
                    if let Annotation::Normalization(n) = a {
                        n.db_id = db_id.to_string();
                        n.text = Some(text.to_string());
                    }
                })?;
                Ok(id)
            }
            None => Ok(self.add_normalization(target, db, db_id, text)),
        }
    }

    /// Marks a text-bound as a rejected suggestion (idempotent). Returns the
    /// attribute's id.
    pub fn reject(&mut self, target: &str) -> Result<String, EditError> {
        self.require_text_bound(target)?;
        if let Some(existing) = self.attributes().find(|a| a.target == target && a.name == REJECTED) {
            return Ok(existing.id.clone());
        }
        Ok(self.add_attribute(REJECTED, target, None))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(text: &str) {
        assert_eq!(write(&parse(text)), text, "round trip of {text:?}");
    }

    #[test]
    fn every_line_kind_parses() {
        let text = "T1\tQuote 0 5;7 12\tHello world\n\
                    T2\tSpeaker 20 33\tKurt Campbell\n\
                    R1\tSaidBy Arg1:T1 Arg2:T2\n\
                    E1\tMeeting:T3 Agent:T2\n\
                    A1\tRejected T2\n\
                    M1\tSource T1 editor\n\
                    N1\tReference T2 byline:kurt-campbell\tKurt Campbell\n\
                    #1\tAnnotatorNotes T1\tcheck\tthe tab\n\
                    *\tEquiv T2 T4\n\
                    \n\
                    X1\tsomething brat may add one day\n\
                    # checked twice\n";
        let file = parse(text);
        let kinds: Vec<&str> = file
            .annotations()
            .map(|a| match a {
                Annotation::TextBound(_) => "T",
                Annotation::Relation(_) => "R",
                Annotation::Event(_) => "E",
                Annotation::Attribute(_) => "A",
                Annotation::Normalization(_) => "N",
                Annotation::Note(_) => "#",
                Annotation::Equivalence(_) => "*",
                Annotation::Blank => "blank",
                Annotation::Unknown => "unknown",
                Annotation::Malformed(_) => "malformed",
            })
            .collect();
        assert_eq!(kinds, ["T", "T", "R", "E", "A", "A", "N", "#", "*", "blank", "unknown", "unknown"]);
        let quote = file.text_bound("T1").unwrap();
        assert_eq!(quote.fragments, [CharSpan::new(0, 5), CharSpan::new(7, 12)]);
        assert_eq!(quote.extent(), CharSpan::new(0, 12));
        assert_eq!(file.speaker_of("T1"), Some("T2"));
        assert_eq!(file.entity_of("T2"), Some("kurt-campbell"));
        assert!(file.is_rejected("T2"));
        let note = file.notes().next().unwrap();
        assert_eq!(note.text, "check\tthe tab");
        let valued = file.attributes().nth(1).unwrap();
        assert_eq!((valued.id.as_str(), valued.value.as_deref()), ("M1", Some("editor")));
        let index = file.index();
        for id in ["T1", "T2", "T3", "R1"] {
            assert_eq!(index.speaker_of(id), file.speaker_of(id), "{id}");
            assert_eq!(index.entity_of(id), file.entity_of(id), "{id}");
            assert_eq!(index.is_rejected(id), file.is_rejected(id), "{id}");
            assert_eq!(index.text_bound(id), file.text_bound(id), "{id}");
        }
        let event = file.events().next().unwrap();
        assert_eq!((event.trigger.as_str(), event.args[0].target.as_str()), ("T3", "T2"));
        round_trip(text);
    }

    #[test]
    fn round_trip_keeps_crlf_missing_final_newline_spacing_and_unicode() {
        round_trip("T1\tPerson 0 3\t조태용\r\nT2\tDate 10 17\tJan. 31\r\n");
        round_trip("T1\tPerson 0 3\tKim\nR1\tSaidBy  Arg1:T1   Arg2:T1");
        round_trip("#1\tAnnotatorNotes T1\ttab\there, “curly” 👍\n\n\n");
        round_trip("");
        round_trip("\n");
        round_trip("T1\tPerson 0 3\tKim \n");
        round_trip("garbage without tab\r\nT1 Person 0 3 Kim\nT2\tPerson x y\tKim\r");
        round_trip("\u{feff}T1\tPerson 0 3\tKim\n");
        let with_bom = parse("\u{feff}T1\tPerson 0 3\tKim\nT2 oops\n");
        assert!(with_bom.text_bound("T1").is_some(), "the byte order mark is not part of the id");
        assert_eq!(with_bom.problems()[0].span.start, "\u{feff}T1\tPerson 0 3\tKim\n".len());
    }

    #[test]
    fn malformed_lines_are_kept_and_reported_with_line_numbers() {
        let text = "T1\tPerson 0 3\tKim\nT2 Person 4 7 Lee\nR1\tSaidBy Arg1:T1\nT3\tPerson 9 4\tx\n";
        let file = parse(text);
        assert_eq!(write(&file), text);
        let problems = file.problems();
        let lines: Vec<usize> = problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [2, 3, 4]);
        assert!(problems[0].message.contains("tab"), "{}", problems[0].message);
        assert!(problems[1].message.contains("Arg1:T1 Arg2:T2"), "{}", problems[1].message);
        assert!(problems[2].message.contains("no greater"), "{}", problems[2].message);
        assert_eq!(problems[0].span.start, "T1\tPerson 0 3\tKim\n".len());
        // The malformed T2 still holds its id.
        assert_eq!(file.fresh_id('T'), "T4");
    }

    #[test]
    fn dangling_references_and_repeated_ids_are_reported() {
        let file = parse("T1\tPerson 0 3\tKim\nT1\tPerson 4 7\tLee\nA1\tRejected T9\n");
        let messages: Vec<String> = file.problems().into_iter().map(|p| p.message).collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(messages[0].contains("already used on line 1"));
        assert!(messages[1].contains("`T9`"));
    }

    #[test]
    fn edits_rerender_only_the_changed_lines() {
        let text = "T1\tQuote 0 11\t\"I'm here\"\r\nT2\tPerson  20 24\tKim \r\n#1\tAnnotatorNotes T1\tkeep\tme\r\n";
        let mut file = parse(text);
        file.relabel("T1", "Speaker").unwrap();
        file.update("T2", |_| {}).unwrap();
        let written = write(&file);
        assert!(written.starts_with("T1\tSpeaker 0 11\t\"I'm here\"\r\n"));
        assert!(written.contains("T2\tPerson  20 24\tKim \r\n"), "untouched spacing kept: {written:?}");
        assert!(written.ends_with("#1\tAnnotatorNotes T1\tkeep\tme\r\n"));
    }

    #[test]
    fn additions_get_fresh_ids_and_follow_the_files_line_endings() {
        let mut file = parse("T7\tPerson 0 3\tKim\r\nT2\tQuote 10 20\t\"x y z w\"");
        let speaker = file.add_text_bound("Speaker", vec![CharSpan::new(0, 3)], "Kim");
        assert_eq!(speaker, "T8");
        let said = file.set_speaker("T2", "T8").unwrap();
        assert_eq!(said, "R1");
        let link = file.link_entity("T8", "kim-hwang-sik", "Kim Hwang-sik").unwrap();
        let note = file.add_note("T2", "speaker from the previous paragraph");
        assert_eq!(note, "#1");
        assert_eq!(
            write(&file),
            "T7\tPerson 0 3\tKim\r\nT2\tQuote 10 20\t\"x y z w\"\r\nT8\tSpeaker 0 3\tKim\r\n\
             R1\tSaidBy Arg1:T2 Arg2:T8\r\n\
             N1\tReference T8 byline:kim-hwang-sik\tKim Hwang-sik\r\n\
             #1\tAnnotatorNotes T2\tspeaker from the previous paragraph\r\n"
        );
        // Changing the speaker and the link rewrites the same lines.
        file.set_speaker("T2", "T7").unwrap();
        assert_eq!(file.link_entity("T8", "kim-jong-un", "Kim Jong Un").unwrap(), link);
        assert_eq!(file.relations().count(), 1);
        assert_eq!(file.speaker_of("T2"), Some("T7"));
        assert_eq!(file.entity_of("T8"), Some("kim-jong-un"));
        assert_eq!(
            file.set_speaker("T2", "R1"),
            Err(EditError::WrongKind { id: "R1".into(), expected: "text-bound annotation" })
        );
        assert_eq!(file.link_entity("T99", "x", "x"), Err(EditError::UnknownId("T99".into())));
    }

    #[test]
    fn date_values_and_rejections() {
        let mut file = parse("T1\tDate 0 7\tJan. 31\n");
        let n = file.set_date_value("T1", "2012-01-31", "Jan. 31").unwrap();
        assert_eq!(file.date_value_of("T1"), Some("2012-01-31"));
        assert!(write(&file).ends_with(&format!("{n}\tReference T1 TIMEX3:2012-01-31\tJan. 31\n")));
        let a = file.reject("T1").unwrap();
        assert_eq!(file.reject("T1").unwrap(), a, "rejecting twice adds nothing");
        assert!(file.is_rejected("T1"));
    }

    #[test]
    fn removal_takes_dependents_and_keeps_the_missing_final_newline() {
        let text = "T1\tQuote 0 9\t\"a b c d\"\nT2\tSpeaker 10 13\tKim\nT3\tPerson 10 13\tKim\n\
                    R1\tSaidBy Arg1:T1 Arg2:T2\n*\tEquiv T2 T3\nA1\tRejected R1\nT4\tDate 20 25\tMarch";
        let mut file = parse(text);
        let mut removed = file.remove_with_dependents("T2");
        removed.sort();
        assert_eq!(removed, ["A1", "R1", "T2"]);
        assert_eq!(write(&file), "T1\tQuote 0 9\t\"a b c d\"\nT3\tPerson 10 13\tKim\nT4\tDate 20 25\tMarch");
        assert!(file.remove("T4").is_some());
        assert_eq!(write(&file), "T1\tQuote 0 9\t\"a b c d\"\nT3\tPerson 10 13\tKim");
        assert!(file.remove("T4").is_none());
    }

    #[test]
    fn ids_of_removed_annotations_are_not_handed_out_again() {
        let mut file = parse("T1\tPerson 0 3\tKim\nT2\tPerson 4 7\tLee\n");
        file.remove("T2");
        assert_eq!(file.add_text_bound("Date", vec![CharSpan::new(8, 13)], "March"), "T3");
        assert_eq!(file.fresh_id('R'), "R1");
        assert_eq!(file, parse(&write(&file)), "equality is about the lines");
    }

    #[test]
    fn appending_to_a_file_without_final_newline_adds_one_between() {
        let mut file = parse("T1\tPerson 0 3\tKim");
        file.add_attribute("Source", "T1", Some("editor"));
        assert_eq!(write(&file), "T1\tPerson 0 3\tKim\nA1\tSource T1 editor\n");
    }

    fn apply(old: &str, edit: &LineEdit) -> String {
        format!("{}{}{}", &old[..edit.span.start], edit.new_text, &old[edit.span.end..])
    }

    #[test]
    fn edits_between_versions_cover_only_the_changed_lines() {
        let old =
            "T1\tQuote 0 9\t\"a b c d\"\nT2\tSpeaker 10 13\tKim\nT3\tPerson 10 13\tKim\nR1\tSaidBy Arg1:T1 Arg2:T2";
        let mut file = parse(old);
        assert_eq!(edit_between(old, &file), None);
        file.relabel("T2", "Cue").unwrap();
        let edit = edit_between(old, &file).unwrap();
        assert_eq!(edit.new_text, "T2\tCue 10 13\tKim\n");
        assert_eq!(&old[edit.span.range()], "T2\tSpeaker 10 13\tKim\n");
        assert_eq!(apply(old, &edit), write(&file));
        // Appending to a file without a final newline rewrites its last line
        // (which gains the newline) and adds the new one.
        let mut file = parse(old);
        file.add_note("T1", "checked");
        let edit = edit_between(old, &file).unwrap();
        assert_eq!(edit.new_text, "R1\tSaidBy Arg1:T1 Arg2:T2\n#1\tAnnotatorNotes T1\tchecked\n");
        assert_eq!(apply(old, &edit), write(&file));
        let mut file = parse(old);
        file.remove_with_dependents("T1");
        assert_eq!(apply(old, &edit_between(old, &file).unwrap()), write(&file));
        assert_eq!(apply("", &edit_between("", &file).unwrap()), write(&file));
    }

    #[test]
    fn pushed_lines_keep_their_bytes() {
        let mut file = parse("T1\tPerson 0 3\tKim");
        assert!(matches!(file.push_line("X9\tFuture  kind"), Annotation::Unknown));
        assert!(matches!(file.push_line("T2\tDate 4 9\tMarch"), Annotation::TextBound(_)));
        assert_eq!(write(&file), "T1\tPerson 0 3\tKim\nX9\tFuture  kind\nT2\tDate 4 9\tMarch\n");
        assert_eq!(file.fresh_id('T'), "T3");
    }

    /// Lines cut and spliced from valid ones, with stray tabs, colons,
    /// semicolons, huge numbers and multibyte characters: whatever comes in
    /// round-trips and nothing panics.
    #[test]
    fn arbitrary_lines_never_panic_and_always_round_trip() {
        let pieces = [
            "T1",
            "\t",
            "Person",
            " ",
            "0",
            "5",
            ";",
            "7 12",
            "Kim",
            "R1",
            "Arg1:T1",
            "Arg2:",
            ":",
            "E1",
            "A1",
            "M2",
            "N1",
            "byline:",
            "#1",
            "#",
            "*",
            "Equiv",
            "조태용",
            "“",
            "\r",
            "99999999999999999999999",
            "-3",
            "T",
            "\n",
        ];
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..3000 {
            let mut text = String::new();
            for _ in 0..(seed % 12) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                text.push_str(pieces[(seed % pieces.len() as u64) as usize]);
            }
            seed = seed.wrapping_add(0x2545_F491_4F6C_DD1D);
            let mut file = parse(&text);
            assert_eq!(write(&file), text);
            let _ = file.problems();
            let ids: Vec<String> = file.annotations().filter_map(|a| a.id().map(str::to_string)).collect();
            for id in ids {
                let _ = file.relabel(&id, "Date");
                let _ = file.remove_with_dependents(&id);
            }
        }
    }

    #[test]
    fn labels_and_texts_are_kept_on_one_line_when_rendered() {
        let mut file = AnnFile::default();
        file.add_text_bound("Named Person", vec![CharSpan::new(0, 9)], "two\nlines");
        assert_eq!(write(&file), "T1\tNamed_Person 0 9\ttwo lines\n");
        assert_eq!(parse(&write(&file)).text_bound("T1").unwrap().label, "Named_Person");
    }
}
