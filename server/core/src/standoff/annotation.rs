//! One line of a `.ann` file: brat's annotation kinds, how each is read
//! from its line and rendered back. [`super::ann`] keeps the lines.

use super::offsets::CharSpan;
use serde::Serialize;
use std::fmt::Write as _;

/// brat's normalisation database for links to Byline's entity registry:
/// `N1\tReference T3 byline:kurt-campbell\tKurt Campbell`.
pub const REGISTRY_DB: &str = "byline";
/// The normalisation database for a date's TIMEX3 value:
/// `N2\tReference T5 TIMEX3:2012-01-31\tJan. 31`.
pub const TIMEX_DB: &str = "TIMEX3";
/// The normalisation type Byline writes (brat's own default name).
pub const REFERENCE: &str = "Reference";
/// The note type brat's editor writes.
pub const ANNOTATOR_NOTES: &str = "AnnotatorNotes";
/// A quote's speaker: `R1\tSaidBy Arg1:T1 Arg2:T2`.
pub const SAID_BY: &str = "SaidBy";
/// A reporting cue's quote: `R2\tCueOf Arg1:T3 Arg2:T1`.
pub const CUE_OF: &str = "CueOf";
/// The attribute marking a text-bound as a rejected suggestion: the
/// detector's mark at that span and label is wrong and must not come back.
pub const REJECTED: &str = "Rejected";
/// The attribute telling speech without quotation marks from a quotation:
/// `A2\tReported T1 yes` is reported speech (`Cho said the talks would
/// resume`), `A2\tReported T1 mixed` reported speech holding a quoted
/// fragment (`Cho said the plan was "a dead end"`). A `Quote` without it is
/// a direct quotation. One multi-valued attribute rather than two binary
/// ones, so a quote cannot be both; the values read as brat shows them, a
/// drop-down labelled `Reported`.
pub const REPORTED: &str = "Reported";

/// The `Reported` value of a quote kind; `None` for a direct quotation,
/// which carries no attribute.
pub fn reported_value(kind: crate::QuoteKind) -> Option<&'static str> {
    match kind {
        crate::QuoteKind::Direct => None,
        crate::QuoteKind::Reported => Some(reported_values::YES),
        crate::QuoteKind::Mixed => Some(reported_values::MIXED),
    }
}

/// The quote kind a `Reported` attribute stands for. Lenient, as annotators
/// edit by hand: no value (a binary attribute, as other schemes declare it)
/// is reported speech, `no`/`false` a direct quotation.
pub fn kind_of_reported(value: Option<&str>) -> crate::QuoteKind {
    match value.map(str::trim) {
        Some(v) if v.eq_ignore_ascii_case(reported_values::MIXED) => crate::QuoteKind::Mixed,
        Some(v) if v.eq_ignore_ascii_case("no") || v.eq_ignore_ascii_case("false") => crate::QuoteKind::Direct,
        _ => crate::QuoteKind::Reported,
    }
}

/// The values of [`REPORTED`] that `annotation.conf` declares.
pub mod reported_values {
    pub const YES: &str = "yes";
    pub const MIXED: &str = "mixed";
}

/// The labels Byline writes for its marks.
pub mod labels {
    pub const PERSON: &str = "Person";
    pub const ORGANIZATION: &str = "Organization";
    pub const LOCATION: &str = "Location";
    pub const DATE: &str = "Date";
    pub const QUOTE: &str = "Quote";
    pub const SPEAKER: &str = "Speaker";
    pub const CUE: &str = "Cue";
}

/// A text-bound annotation: `T1\tQuote 0 5;7 12\tHello world`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TextBound {
    pub id: String,
    pub label: String,
    /// One span, or several for a discontinuous annotation, in code points.
    pub fragments: Vec<CharSpan>,
    /// The annotated text as the `.ann` records it: the fragments' texts
    /// joined by single spaces.
    pub text: String,
}

impl TextBound {
    /// From the start of the first fragment to the end of the last.
    pub fn extent(&self) -> CharSpan {
        let start = self.fragments.iter().map(|f| f.start).min().unwrap_or(0);
        let end = self.fragments.iter().map(|f| f.end).max().unwrap_or(0);
        CharSpan::new(start, end)
    }
}

/// `R1\tSaidBy Arg1:T1 Arg2:T2`. brat relations have two arguments; their
/// role names are kept as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Relation {
    pub id: String,
    pub label: String,
    pub args: Vec<Argument>,
}

impl Relation {
    /// The target of the argument with this role (`Arg1`).
    pub fn arg(&self, role: &str) -> Option<&str> {
        self.args.iter().find(|a| a.role == role).map(|a| a.target.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Argument {
    pub role: String,
    pub target: String,
}

/// `E1\tAttack:T4 Attacker:T1 Target:T2`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Event {
    pub id: String,
    pub label: String,
    pub trigger: String,
    pub args: Vec<Argument>,
}

/// `A1\tRejected T3` (binary) or `A2\tSource T3 editor` (valued); `M`
/// lines are brat's older name for the same thing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Attribute {
    pub id: String,
    pub name: String,
    pub target: String,
    pub value: Option<String>,
}

/// `N1\tReference T3 byline:kurt-campbell\tKurt Campbell`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Normalization {
    pub id: String,
    pub label: String,
    pub target: String,
    /// The database: `byline` (the entity registry), `TIMEX3`, `Wikidata`...
    pub db: String,
    pub db_id: String,
    /// The entry's name as a reader sees it; brat writes one, BioNLP files
    /// may not.
    pub text: Option<String>,
}

/// `#1\tAnnotatorNotes T3\tfree text, tabs included`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Note {
    pub id: String,
    pub label: String,
    pub target: String,
    pub text: String,
}

/// `*\tEquiv T1 T2 T3`: annotations that denote the same thing; no id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Equivalence {
    pub label: String,
    pub members: Vec<String>,
}

/// A line that looks like an annotation but cannot be read as one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Malformed {
    /// The id, when the line starts with one: fresh ids must not reuse it.
    pub id: Option<String>,
    /// What the line should have looked like.
    pub expected: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Annotation {
    TextBound(TextBound),
    Relation(Relation),
    Event(Event),
    Attribute(Attribute),
    Normalization(Normalization),
    Note(Note),
    Equivalence(Equivalence),
    /// An empty or whitespace-only line.
    Blank,
    /// A line of a kind brat may write but Byline does not read (an id with
    /// an unknown prefix), or a `#` comment that is not a note; kept as is.
    Unknown,
    Malformed(Malformed),
}

impl Annotation {
    pub fn id(&self) -> Option<&str> {
        match self {
            Annotation::TextBound(a) => Some(&a.id),
            Annotation::Relation(a) => Some(&a.id),
            Annotation::Event(a) => Some(&a.id),
            Annotation::Attribute(a) => Some(&a.id),
            Annotation::Normalization(a) => Some(&a.id),
            Annotation::Note(a) => Some(&a.id),
            Annotation::Malformed(m) => m.id.as_deref(),
            Annotation::Equivalence(_) | Annotation::Blank | Annotation::Unknown => None,
        }
    }

    /// The ids this annotation points to (arguments, targets, members).
    pub fn references(&self) -> Vec<&str> {
        match self {
            Annotation::Relation(r) => r.args.iter().map(|a| a.target.as_str()).collect(),
            Annotation::Event(e) => {
                std::iter::once(e.trigger.as_str()).chain(e.args.iter().map(|a| a.target.as_str())).collect()
            }
            Annotation::Attribute(a) => vec![a.target.as_str()],
            Annotation::Normalization(n) => vec![n.target.as_str()],
            Annotation::Note(n) => vec![n.target.as_str()],
            Annotation::Equivalence(q) => q.members.iter().map(String::as_str).collect(),
            _ => Vec::new(),
        }
    }

    /// The line brat would write for this annotation (no terminator).
    pub fn render(&self) -> String {
        let mut out = String::new();
        match self {
            Annotation::TextBound(t) => {
                let _ = write!(out, "{}\t{} ", t.id, storage_form(&t.label));
                for (i, f) in t.fragments.iter().enumerate() {
                    let _ = write!(out, "{}{} {}", if i > 0 { ";" } else { "" }, f.start, f.end);
                }
                let _ = write!(out, "\t{}", one_line(&t.text));
            }
            Annotation::Relation(r) => {
                let _ = write!(out, "{}\t{}", r.id, storage_form(&r.label));
                for a in &r.args {
                    let _ = write!(out, " {}:{}", a.role, a.target);
                }
            }
            Annotation::Event(e) => {
                let _ = write!(out, "{}\t{}:{}", e.id, storage_form(&e.label), e.trigger);
                for a in &e.args {
                    let _ = write!(out, " {}:{}", a.role, a.target);
                }
            }
            Annotation::Attribute(a) => {
                let _ = write!(out, "{}\t{} {}", a.id, storage_form(&a.name), a.target);
                if let Some(value) = &a.value {
                    let _ = write!(out, " {}", storage_form(value));
                }
            }
            Annotation::Normalization(n) => {
                let _ = write!(
                    out,
                    "{}\t{} {} {}:{}",
                    n.id,
                    storage_form(&n.label),
                    n.target,
                    n.db,
                    storage_form(&n.db_id)
                );
                if let Some(text) = &n.text {
                    let _ = write!(out, "\t{}", one_line(text));
                }
            }
            Annotation::Note(n) => {
                // A note may hold tabs (brat keeps everything after the
                // second tab), but not a line break.
                let _ = write!(
                    out,
                    "{}\t{} {}\t{}",
                    n.id,
                    storage_form(&n.label),
                    n.target,
                    n.text.replace(['\n', '\r'], " ")
                );
            }
            Annotation::Equivalence(q) => {
                let _ = write!(out, "*\t{}", storage_form(&q.label));
                for m in &q.members {
                    let _ = write!(out, " {m}");
                }
            }
            Annotation::Blank | Annotation::Unknown | Annotation::Malformed(_) => {}
        }
        out
    }
}

/// brat's fields are separated by spaces and tabs, so a label written from
/// Byline's API must not contain either.
fn storage_form(label: &str) -> String {
    if label.chars().any(char::is_whitespace) {
        label.chars().map(|c| if c.is_whitespace() { '_' } else { c }).collect()
    } else {
        label.to_string()
    }
}

/// A text field ends at the line's end: line breaks become spaces (what brat
/// does for an annotation across lines), tabs stay.
pub(super) fn one_line(text: &str) -> String {
    text.replace("\r\n", " ").replace(['\n', '\r'], " ")
}

fn malformed(id: Option<&str>, expected: &str) -> Annotation {
    Annotation::Malformed(Malformed { id: id.map(str::to_string), expected: expected.to_string() })
}

const TEXT_BOUND_SHAPE: &str = "`T1<TAB>Label START END<TAB>text` (offsets as `0 5` or `0 5;7 12`)";
const RELATION_SHAPE: &str = "`R1<TAB>Label Arg1:T1 Arg2:T2`";
const EVENT_SHAPE: &str = "`E1<TAB>Label:T1 Role:T2 ...`";
const ATTRIBUTE_SHAPE: &str = "`A1<TAB>Name T1` or `A1<TAB>Name T1 Value`";
const NORMALIZATION_SHAPE: &str = "`N1<TAB>Reference T1 db:id<TAB>text`";
const NOTE_SHAPE: &str = "`#1<TAB>AnnotatorNotes T1<TAB>text`";
const EQUIVALENCE_SHAPE: &str = "`*<TAB>Equiv T1 T2 ...`";

pub(super) fn parse_line(line: &str) -> Annotation {
    if line.trim().is_empty() {
        return Annotation::Blank;
    }
    // A `#` line that is not a note (`# checked twice`) is an annotator's
    // comment: kept, not an error.
    if line.starts_with('#') && !line.split_whitespace().next().is_some_and(is_id) {
        return Annotation::Unknown;
    }
    let Some((id, rest)) = line.split_once('\t') else {
        let first = line.split_whitespace().next().unwrap_or("");
        let id = is_id(first).then_some(first);
        return malformed(id, "an id, a tab, then the annotation (is a space used instead of a tab?)");
    };
    // brat: `ID<TAB>DATA` or `ID<TAB>DATA<TAB>TAIL`; the tail runs to the end
    // of the line, tabs included.
    let (data, tail) = match rest.split_once('\t') {
        Some((data, tail)) => (data, Some(tail)),
        None => (rest, None),
    };
    if id == "*" {
        return parse_equivalence(data);
    }
    if !is_id(id) {
        return match id.chars().next() {
            Some('T' | 'R' | 'E' | 'A' | 'M' | 'N' | '#') => {
                malformed(None, "an id of a letter and a number (`T1`, `R2`, `#3`)")
            }
            _ => Annotation::Unknown,
        };
    }
    match id.as_bytes()[0] {
        b'T' => parse_text_bound(id, data, tail),
        b'R' => parse_relation(id, data),
        b'E' => parse_event(id, data),
        b'A' | b'M' => parse_attribute(id, data),
        b'N' => parse_normalization(id, data, tail),
        b'#' => parse_note(id, data, tail),
        _ => Annotation::Unknown,
    }
}

/// brat's ids: a letter or `#`, a number, then an optional tail.
fn is_id(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '#')
        && chars.next().is_some_and(|c| c.is_ascii_digit())
        && !s.chars().any(char::is_whitespace)
}

/// The number in an id (`T12` → 12), for choosing fresh ids.
pub(super) fn id_number(id: &str) -> Option<u64> {
    let rest = id.get(1..)?;
    let digits = rest.find(|c: char| !c.is_ascii_digit()).map_or(rest, |end| &rest[..end]);
    digits.parse().ok()
}

fn parse_text_bound(id: &str, data: &str, tail: Option<&str>) -> Annotation {
    let Some(text) = tail else {
        return malformed(Some(id), TEXT_BOUND_SHAPE);
    };
    let Some((label, offsets)) = data.split_once(' ') else {
        return malformed(Some(id), TEXT_BOUND_SHAPE);
    };
    let mut fragments = Vec::new();
    for piece in offsets.split(';') {
        let mut numbers = piece.split_whitespace();
        let (Some(start), Some(end), None) = (numbers.next(), numbers.next(), numbers.next()) else {
            return malformed(Some(id), TEXT_BOUND_SHAPE);
        };
        let (Ok(start), Ok(end)) = (start.parse::<usize>(), end.parse::<usize>()) else {
            return malformed(Some(id), TEXT_BOUND_SHAPE);
        };
        if start > end {
            return malformed(Some(id), "a start offset no greater than the end offset");
        }
        fragments.push(CharSpan::new(start, end));
    }
    if label.is_empty() {
        return malformed(Some(id), TEXT_BOUND_SHAPE);
    }
    Annotation::TextBound(TextBound { id: id.to_string(), label: label.to_string(), fragments, text: text.to_string() })
}

fn parse_argument(s: &str) -> Option<Argument> {
    let (role, target) = s.split_once(':')?;
    (!role.is_empty() && !target.is_empty()).then(|| Argument { role: role.to_string(), target: target.to_string() })
}

fn parse_relation(id: &str, data: &str) -> Annotation {
    let mut words = data.split_whitespace();
    let Some(label) = words.next() else {
        return malformed(Some(id), RELATION_SHAPE);
    };
    let args: Option<Vec<Argument>> = words.map(parse_argument).collect();
    match args {
        Some(args) if args.len() == 2 => {
            Annotation::Relation(Relation { id: id.to_string(), label: label.to_string(), args })
        }
        _ => malformed(Some(id), RELATION_SHAPE),
    }
}

fn parse_event(id: &str, data: &str) -> Annotation {
    let mut words = data.split_whitespace();
    let Some((label, trigger)) = words.next().and_then(|w| w.split_once(':')) else {
        return malformed(Some(id), EVENT_SHAPE);
    };
    let Some(args) = words.map(parse_argument).collect::<Option<Vec<_>>>() else {
        return malformed(Some(id), EVENT_SHAPE);
    };
    if label.is_empty() || trigger.is_empty() {
        return malformed(Some(id), EVENT_SHAPE);
    }
    Annotation::Event(Event { id: id.to_string(), label: label.to_string(), trigger: trigger.to_string(), args })
}

fn parse_attribute(id: &str, data: &str) -> Annotation {
    let words: Vec<&str> = data.split_whitespace().collect();
    match words.as_slice() {
        [name, target] => Annotation::Attribute(Attribute {
            id: id.to_string(),
            name: name.to_string(),
            target: target.to_string(),
            value: None,
        }),
        [name, target, value] => Annotation::Attribute(Attribute {
            id: id.to_string(),
            name: name.to_string(),
            target: target.to_string(),
            value: Some(value.to_string()),
        }),
        _ => malformed(Some(id), ATTRIBUTE_SHAPE),
    }
}

fn parse_normalization(id: &str, data: &str, tail: Option<&str>) -> Annotation {
    let words: Vec<&str> = data.split_whitespace().collect();
    let [label, target, reference] = words.as_slice() else {
        return malformed(Some(id), NORMALIZATION_SHAPE);
    };
    // brat splits at the first colon: `TIMEX3:2012-01-31T10:00` keeps its time.
    let Some((db, db_id)) = reference.split_once(':').filter(|(db, db_id)| !db.is_empty() && !db_id.is_empty()) else {
        return malformed(Some(id), NORMALIZATION_SHAPE);
    };
    Annotation::Normalization(Normalization {
        id: id.to_string(),
        label: label.to_string(),
        target: target.to_string(),
        db: db.to_string(),
        db_id: db_id.to_string(),
        text: tail.map(str::to_string),
    })
}

fn parse_note(id: &str, data: &str, tail: Option<&str>) -> Annotation {
    let words: Vec<&str> = data.split_whitespace().collect();
    let [label, target] = words.as_slice() else {
        return malformed(Some(id), NOTE_SHAPE);
    };
    Annotation::Note(Note {
        id: id.to_string(),
        label: label.to_string(),
        target: target.to_string(),
        text: tail.unwrap_or("").to_string(),
    })
}

fn parse_equivalence(data: &str) -> Annotation {
    let mut words = data.split_whitespace();
    let Some(label) = words.next() else {
        return malformed(None, EQUIVALENCE_SHAPE);
    };
    let members: Vec<String> = words.map(str::to_string).collect();
    if members.len() < 2 {
        return malformed(None, EQUIVALENCE_SHAPE);
    }
    Annotation::Equivalence(Equivalence { label: label.to_string(), members })
}
