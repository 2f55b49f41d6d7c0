//! Consistency rules for human annotations, as pure functions. Spans are
//! byte spans into the article, like every other problem Byline reports;
//! `byline check` and the server attach them to the article's file.

use super::anchor::{check_anchors, clamped_extent, is_anchored};
use super::ann::{labels, AnnFile, REGISTRY_DB, SAID_BY};
use super::offsets::OffsetMap;
use crate::problems::Severity;
use crate::span::Span;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum StandoffCode {
    /// The `.ann`'s text is not at its offsets in the article.
    StaleAnnotation,
    /// Two annotations' spans cross, or the same span carries the same
    /// label twice.
    OverlappingSpans,
    /// The same string labelled differently across the corpus.
    LabelConflict,
    /// A Quote with no SaidBy relation.
    QuoteWithoutSpeaker,
    /// A `byline:<id>` normalisation naming no registry entry.
    UnknownEntityId,
    /// A detected mark no annotation confirms or rejects yet.
    UnannotatedMark,
}

impl StandoffCode {
    pub const ALL: [StandoffCode; 6] = [
        StandoffCode::StaleAnnotation,
        StandoffCode::OverlappingSpans,
        StandoffCode::LabelConflict,
        StandoffCode::QuoteWithoutSpeaker,
        StandoffCode::UnknownEntityId,
        StandoffCode::UnannotatedMark,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            StandoffCode::StaleAnnotation => "stale-annotation",
            StandoffCode::OverlappingSpans => "overlapping-spans",
            StandoffCode::LabelConflict => "label-conflict",
            StandoffCode::QuoteWithoutSpeaker => "quote-without-speaker",
            StandoffCode::UnknownEntityId => "unknown-entity-id",
            StandoffCode::UnannotatedMark => "unannotated-mark",
        }
    }

    pub fn parse(s: &str) -> Option<StandoffCode> {
        StandoffCode::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// The level from the one list of rules ([`crate::rules`]): human
    /// annotations are the corpus's ground truth, so a stale span or a label
    /// conflict fails CI by default, while a quote waiting for its speaker is
    /// work in progress and an unannotated mark a hint.
    pub fn default_severity(self) -> Severity {
        crate::rules::find(self.as_str()).and_then(|r| r.default_level).unwrap_or(Severity::Warning)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StandoffProblem {
    pub code: StandoffCode,
    /// Bytes into the article.
    pub span: Span,
    pub message: String,
    /// The annotation the problem is about, and its line in the `.ann`.
    pub annotation: Option<String>,
    pub line: Option<usize>,
    /// Another place in the same article the message refers to (the other
    /// annotation of an overlap, the nearest occurrence of a stale text).
    pub related: Option<Span>,
}

/// `stale-annotation`: text-bounds whose offsets do not hold their text.
/// `related` is the nearest exact occurrence, where the quick fix moves it.
pub fn stale_annotations(text: &str, file: &AnnFile) -> Vec<StandoffProblem> {
    let map = OffsetMap::new(text);
    check_anchors(text, file)
        .into_iter()
        .map(|stale| {
            let found = match &stale.found {
                Some(found) => format!("the article has `{}` there", shorten(found)),
                None => "its offsets run past the end of the article".to_string(),
            };
            let nearest = stale.nearest.as_ref().and_then(|fragments| {
                let first = map.to_bytes(*fragments.first()?)?;
                let last = map.to_bytes(*fragments.last()?)?;
                Some(Span::new(first.start, last.end))
            });
            let fix = if nearest.is_some() { "; it occurs nearby" } else { "; it occurs nowhere in the article" };
            StandoffProblem {
                code: StandoffCode::StaleAnnotation,
                span: stale.span,
                message: format!("{} is annotated as `{}` but {found}{fix}", stale.id, shorten(&stale.expected)),
                annotation: Some(stale.id),
                line: Some(stale.line),
                related: nearest,
            }
        })
        .collect()
}

/// A live (anchored, not rejected) text-bound with its byte spans.
struct Placed<'a> {
    id: &'a str,
    label: &'a str,
    line: usize,
    fragments: Vec<Span>,
    extent: Span,
}

fn placed<'a>(map: &OffsetMap, file: &'a AnnFile) -> Vec<Placed<'a>> {
    let lookup = file.index();
    let mut out = Vec::new();
    for (index, line) in file.lines().iter().enumerate() {
        let super::ann::Annotation::TextBound(tb) = line.annotation() else { continue };
        if !is_anchored(map, tb) || lookup.is_rejected(&tb.id) {
            continue;
        }
        let Some(fragments) = tb.fragments.iter().map(|f| map.to_bytes(*f)).collect::<Option<Vec<Span>>>() else {
            continue;
        };
        let extent = clamped_extent(map, tb);
        out.push(Placed { id: &tb.id, label: &tb.label, line: index + 1, fragments, extent });
    }
    out
}

/// `overlapping-spans`: two annotations whose spans cross (each has text
/// the other lacks), or the same label twice on the same or nested spans.
/// Nesting of different types (a Speaker inside a Quote, a Person on the
/// Speaker's span) is how the scheme works and is fine.
///
/// Each annotation is reported once, on the later of a pair, naming one
/// annotation it overlaps and how many more there are: 2,000 copies of one
/// line are 1,999 problems, not the 1,999,000 pairs. The counting is
/// O(n log n): for annotations of one span, sorted by start, the earlier
/// ones that cross `b` are those whose end falls strictly inside `b`, and
/// the earlier ones of its label that overlap it those whose end lies past
/// its start; Fenwick trees over the ends count both. Discontinuous and
/// empty annotations (rare) are compared pair by pair, within a budget.
pub fn overlapping_spans(text: &str, file: &AnnFile) -> Vec<StandoffProblem> {
    let map = OffsetMap::new(text);
    let mut marks = placed(&map, file);
    marks.sort_by_key(|m| (m.extent.start, std::cmp::Reverse(m.extent.end)));
    let regular = |m: &Placed| m.fragments.len() == 1 && !m.extent.is_empty();

    let mut all_ends = EndCounter::new(marks.iter().filter(|m| regular(m)).map(|m| m.extent.end));
    let mut ends_of_label: HashMap<&str, Vec<usize>> = HashMap::new();
    for m in marks.iter().filter(|m| regular(m)) {
        ends_of_label.entry(m.label).or_default().push(m.extent.end);
    }
    let mut label_ends: HashMap<&str, EndCounter> =
        ends_of_label.into_iter().map(|(label, ends)| (label, EndCounter::new(ends.into_iter()))).collect();
    let mut irregular: Vec<usize> = Vec::new();

    let mut problems = Vec::new();
    for (i, b) in marks.iter().enumerate() {
        let mut count = 0;
        let mut budget = PAIR_BUDGET;
        if regular(b) {
            let crossing = all_ends.between(b.extent.start, b.extent.end);
            let same = &label_ends[b.label];
            count += crossing + same.after(b.extent.start) - same.between(b.extent.start, b.extent.end);
            // Earlier discontinuous or empty annotations, pair by pair.
            for &j in irregular.iter().rev() {
                if budget == 0 {
                    break;
                }
                budget -= 1;
                count += usize::from(conflict(&marks[j], b).is_some());
            }
        } else {
            for a in marks[..i].iter().rev() {
                if budget == 0 {
                    break;
                }
                budget -= 1;
                count += usize::from(conflict(a, b).is_some());
            }
        }
        if regular(b) {
            all_ends.add(b.extent.end);
            if let Some(same) = label_ends.get_mut(b.label) {
                same.add(b.extent.end);
            }
        } else {
            irregular.push(i);
        }
        if count == 0 {
            continue;
        }
        // One overlapped annotation to name: the nearest one found.
        let example = marks[..i].iter().rev().take(PAIR_BUDGET).find_map(|a| conflict(a, b).map(|kind| (a, kind)));
        let mut message = match example {
            Some((a, kind)) => overlap_message(text, a, b, kind),
            None => format!("{} ({}) overlaps {count} other annotation(s)", b.id, b.label),
        };
        if example.is_some() && count > 1 {
            let more = count - 1;
            message.push_str(&format!(" (and {more} more annotation{} it overlaps)", if more == 1 { "" } else { "s" }));
        }
        problems.push(StandoffProblem {
            code: StandoffCode::OverlappingSpans,
            span: b.extent,
            message,
            annotation: Some(b.id.to_string()),
            line: Some(b.line),
            related: example.map(|(a, _)| a.extent),
        });
    }
    problems
}

/// How many pairs a discontinuous or empty annotation is compared in, and
/// how far back an example is looked for: bounds the work per annotation.
const PAIR_BUDGET: usize = 256;

#[derive(Clone, Copy)]
enum Overlap {
    Crossing,
    SameLabel,
}

/// Whether `b` (later in start order) overlaps `a` in a way worth a problem.
fn conflict(a: &Placed, b: &Placed) -> Option<Overlap> {
    if b.extent.start >= a.extent.end && !a.extent.is_empty() {
        return None;
    }
    let crossing = a
        .fragments
        .iter()
        .any(|fa| b.fragments.iter().any(|fb| fa.overlaps(*fb) && !fa.contains_span(*fb) && !fb.contains_span(*fa)));
    if crossing {
        return Some(Overlap::Crossing);
    }
    let overlapping = a.fragments.iter().any(|fa| b.fragments.iter().any(|fb| fa.overlaps(*fb)));
    (overlapping && a.label == b.label).then_some(Overlap::SameLabel)
}

fn overlap_message(text: &str, a: &Placed, b: &Placed, kind: Overlap) -> String {
    match kind {
        Overlap::Crossing => format!(
            "{} ({}) and {} ({}) overlap without one containing the other: `{}` and `{}`",
            a.id,
            a.label,
            b.id,
            b.label,
            shorten(a.extent.slice(text)),
            shorten(b.extent.slice(text))
        ),
        Overlap::SameLabel if a.fragments == b.fragments => {
            format!("{} and {} both annotate `{}` as {}", a.id, b.id, shorten(b.extent.slice(text)), a.label)
        }
        Overlap::SameLabel => format!(
            "{} `{}` lies inside {} `{}`, both {}",
            b.id,
            shorten(b.extent.slice(text)),
            a.id,
            shorten(a.extent.slice(text)),
            a.label
        ),
    }
}

/// Counts the span ends added so far that fall in a range: a Fenwick tree
/// over the ends that can occur.
struct EndCounter {
    coordinates: Vec<usize>,
    tree: Vec<usize>,
}

impl EndCounter {
    fn new(ends: impl Iterator<Item = usize>) -> EndCounter {
        let mut coordinates: Vec<usize> = ends.collect();
        coordinates.sort_unstable();
        coordinates.dedup();
        let tree = vec![0; coordinates.len() + 1];
        EndCounter { coordinates, tree }
    }

    fn add(&mut self, end: usize) {
        let Ok(at) = self.coordinates.binary_search(&end) else { return };
        let mut i = at + 1;
        while i < self.tree.len() {
            self.tree[i] += 1;
            i += i & i.wrapping_neg();
        }
    }

    /// Ends added so far among the first `n` coordinates.
    fn prefix(&self, n: usize) -> usize {
        let (mut i, mut sum) = (n, 0);
        while i > 0 {
            sum += self.tree[i];
            i -= i & i.wrapping_neg();
        }
        sum
    }

    /// Ends added so far with `low < end < high`.
    fn between(&self, low: usize, high: usize) -> usize {
        let below_high = self.coordinates.partition_point(|e| *e < high);
        let up_to_low = self.coordinates.partition_point(|e| *e <= low);
        self.prefix(below_high).saturating_sub(self.prefix(up_to_low))
    }

    /// Ends added so far with `end > low`.
    fn after(&self, low: usize) -> usize {
        let up_to_low = self.coordinates.partition_point(|e| *e <= low);
        self.prefix(self.coordinates.len()) - self.prefix(up_to_low)
    }
}

/// `quote-without-speaker`: a Quote annotation no SaidBy relation starts
/// from (rejected quotes excepted).
pub fn quotes_without_speaker(text: &str, file: &AnnFile) -> Vec<StandoffProblem> {
    let map = OffsetMap::new(text);
    let attributed: BTreeSet<&str> =
        file.relations().filter(|r| r.label == SAID_BY).filter_map(|r| r.arg("Arg1")).collect();
    let lookup = file.index();
    let mut problems = Vec::new();
    for (index, line) in file.lines().iter().enumerate() {
        let super::ann::Annotation::TextBound(tb) = line.annotation() else { continue };
        if tb.label != labels::QUOTE || attributed.contains(tb.id.as_str()) || lookup.is_rejected(&tb.id) {
            continue;
        }
        problems.push(StandoffProblem {
            code: StandoffCode::QuoteWithoutSpeaker,
            span: clamped_extent(&map, tb),
            message: format!("quote {} `{}` has no SaidBy relation to its speaker", tb.id, shorten(&tb.text)),
            annotation: Some(tb.id.clone()),
            line: Some(index + 1),
            related: None,
        });
    }
    problems
}

/// `unknown-entity-id`: a `byline:<id>` normalisation whose id the registry
/// does not have. `is_known` answers for the corpus's registry.
pub fn unknown_entity_ids(text: &str, file: &AnnFile, is_known: impl Fn(&str) -> bool) -> Vec<StandoffProblem> {
    let map = OffsetMap::new(text);
    let lookup = file.index();
    let mut problems = Vec::new();
    for (index, line) in file.lines().iter().enumerate() {
        let super::ann::Annotation::Normalization(n) = line.annotation() else { continue };
        if n.db != REGISTRY_DB || is_known(&n.db_id) {
            continue;
        }
        let span = lookup.text_bound(&n.target).map_or(Span::new(0, 0), |tb| clamped_extent(&map, tb));
        problems.push(StandoffProblem {
            code: StandoffCode::UnknownEntityId,
            span,
            message: format!(
                "{} links {} to `{}:{}`, which is not in the entity registry",
                n.id, n.target, n.db, n.db_id
            ),
            annotation: Some(n.id.clone()),
            line: Some(index + 1),
            related: None,
        });
    }
    problems
}

/// One article of the corpus for [`label_conflicts`].
pub struct AnnotatedArticle<'a> {
    /// The article's path as shown to users.
    pub name: &'a str,
    pub text: &'a str,
    pub ann: &'a AnnFile,
}

/// One place where a conflicting string is annotated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LabelPlace {
    /// Index into the articles given to [`label_conflicts`].
    pub article: usize,
    pub id: String,
    pub line: usize,
    pub label: String,
    /// Bytes into that article.
    pub span: Span,
}

/// `label-conflict`: the same string annotated with different name or date
/// labels (Person here, Organization there), with every place it is
/// annotated, so the annotator sees them all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LabelConflict {
    pub text: String,
    /// Every label the string has, sorted.
    pub labels: Vec<String>,
    pub places: Vec<LabelPlace>,
}

impl LabelConflict {
    /// The conflict as one problem per place (for an article-by-article
    /// report): `article` indexes the articles given to [`label_conflicts`].
    pub fn problems(&self, articles: &[AnnotatedArticle]) -> Vec<(usize, StandoffProblem)> {
        self.places
            .iter()
            .enumerate()
            .map(|(i, place)| {
                // The places with another label first: they are the conflict.
                let mut others: Vec<&LabelPlace> =
                    self.places.iter().enumerate().filter(|(j, _)| *j != i).map(|(_, p)| p).collect();
                others.sort_by_key(|p| p.label == place.label);
                let listed: Vec<String> = others
                    .iter()
                    .take(PLACES_LISTED)
                    .map(|p| {
                        let name = articles.get(p.article).map_or("?", |a| a.name);
                        format!("{} in {name} line {}", p.label, p.line)
                    })
                    .collect();
                let more = match others.len().saturating_sub(PLACES_LISTED) {
                    0 => String::new(),
                    1 => ", and 1 more place".to_string(),
                    n => format!(", and {n} more places"),
                };
                let problem = StandoffProblem {
                    code: StandoffCode::LabelConflict,
                    span: place.span,
                    message: format!(
                        "`{}` is annotated {} here but {}{more}",
                        shorten(&self.text),
                        place.label,
                        listed.join(", ")
                    ),
                    annotation: Some(place.id.clone()),
                    line: Some(place.line),
                    related: None,
                };
                (place.article, problem)
            })
            .collect()
    }
}

/// How many other places a label-conflict message names: a name annotated
/// in hundreds of articles would otherwise make each of its problems list
/// all the others (output quadratic in the places).
const PLACES_LISTED: usize = 4;

/// Labels that say what a string is; a string may be a Person and a
/// Speaker at once, but not a Person and an Organization.
fn is_kind_label(label: &str) -> bool {
    matches!(label, labels::PERSON | labels::ORGANIZATION | labels::LOCATION | labels::DATE)
}

/// The strings the corpus annotates with more than one kind label. Stale
/// and rejected annotations do not count.
pub fn label_conflicts(articles: &[AnnotatedArticle]) -> Vec<LabelConflict> {
    let mut by_text: BTreeMap<String, Vec<LabelPlace>> = BTreeMap::new();
    for (article_index, article) in articles.iter().enumerate() {
        let map = OffsetMap::new(article.text);
        let lookup = article.ann.index();
        for mark in placed(&map, article.ann) {
            if !is_kind_label(mark.label) {
                continue;
            }
            let Some(tb) = lookup.text_bound(mark.id) else { continue };
            by_text.entry(tb.text.clone()).or_default().push(LabelPlace {
                article: article_index,
                id: mark.id.to_string(),
                line: mark.line,
                label: mark.label.to_string(),
                span: mark.extent,
            });
        }
    }
    by_text
        .into_iter()
        .filter_map(|(text, places)| {
            let labels: BTreeSet<String> = places.iter().map(|p| p.label.clone()).collect();
            (labels.len() > 1).then(|| LabelConflict { labels: labels.into_iter().collect(), text, places })
        })
        .collect()
}

/// Every per-article rule but `unannotated-mark` (which needs the
/// detector's marks, see [`super::merge()`]) and `label-conflict` (which needs
/// the corpus), in the order of the article.
pub fn check(text: &str, file: &AnnFile, is_known_entity: impl Fn(&str) -> bool) -> Vec<StandoffProblem> {
    let mut problems = stale_annotations(text, file);
    problems.extend(overlapping_spans(text, file));
    problems.extend(quotes_without_speaker(text, file));
    problems.extend(unknown_entity_ids(text, file, is_known_entity));
    problems.sort_by_key(|p| (p.span.start, p.code));
    problems
}

/// Every rule over a corpus: [`check`] for each article, then
/// [`label_conflicts`] across them. Each problem comes with the index of its
/// article; within an article they are in text order.
pub fn check_corpus(
    articles: &[AnnotatedArticle],
    is_known_entity: impl Fn(&str) -> bool,
) -> Vec<(usize, StandoffProblem)> {
    let mut problems: Vec<(usize, StandoffProblem)> = Vec::new();
    for (index, article) in articles.iter().enumerate() {
        problems.extend(check(article.text, article.ann, &is_known_entity).into_iter().map(|p| (index, p)));
    }
    for conflict in label_conflicts(articles) {
        problems.extend(conflict.problems(articles));
    }
    problems.sort_by_key(|(index, p)| (*index, p.span.start, p.code));
    problems
}

pub(crate) fn shorten(text: &str) -> String {
    const MAX: usize = 60;
    let flat = text.replace(['\n', '\r', '\t'], " ");
    if flat.chars().count() <= MAX {
        flat
    } else {
        let cut: String = flat.chars().take(MAX - 1).collect();
        format!("{cut}…")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::standoff::ann::parse;

    const ARTICLE: &str =
        "WASHINGTON — \"We stand with our allies,\" Assistant Secretary Kurt Campbell told reporters \
                           on Tuesday. Samsung said it would wait.";

    /// An `.ann` line for the first occurrence of `needle`.
    fn line(id: &str, label: &str, needle: &str) -> String {
        let map = OffsetMap::new(ARTICLE);
        let start = ARTICLE.find(needle).unwrap();
        let s = map.to_char(start).unwrap();
        let e = map.to_char(start + needle.len()).unwrap();
        format!("{id}\t{label} {s} {e}\t{needle}\n")
    }

    #[test]
    fn codes_round_trip_through_their_names() {
        for code in StandoffCode::ALL {
            assert_eq!(StandoffCode::parse(code.as_str()), Some(code));
        }
        assert_eq!(StandoffCode::StaleAnnotation.default_severity(), Severity::Error);
        assert_eq!(StandoffCode::UnannotatedMark.default_severity(), Severity::Hint);
    }

    #[test]
    fn stale_annotation_points_at_its_offsets_and_the_nearest_fix() {
        let ann = parse(&format!("{}T2\tPerson 0 8\tCampbell\n", line("T1", "Date", "Tuesday")));
        let problems = stale_annotations(ARTICLE, &ann);
        assert_eq!(problems.len(), 1);
        let p = &problems[0];
        assert_eq!((p.annotation.as_deref(), p.line), (Some("T2"), Some(2)));
        assert_eq!(p.span, Span::new(0, 8));
        assert!(p.message.contains("has `WASHINGT` there"), "{}", p.message);
        let campbell = ARTICLE.find("Campbell").unwrap();
        assert_eq!(p.related, Some(Span::new(campbell, campbell + 8)));
    }

    #[test]
    fn crossing_spans_and_same_label_twice_overlap_but_nesting_does_not() {
        let ann = parse(
            &[
                line("T1", "Quote", "\"We stand with our allies,\""),
                line("T2", "Person", "our allies"),
                line("T3", "Speaker", "Kurt Campbell"),
                line("T4", "Person", "Kurt Campbell"),
                line("T5", "Person", "Secretary Kurt"),
                line("T6", "Organization", "Samsung"),
                line("T7", "Organization", "Samsung"),
            ]
            .concat(),
        );
        let problems = overlapping_spans(ARTICLE, &ann);
        let about: Vec<(&str, &str)> =
            problems.iter().map(|p| (p.annotation.as_deref().unwrap(), p.message.as_str())).collect();
        assert_eq!(problems.len(), 3, "{about:#?}");
        assert!(about
            .iter()
            .any(|(id, m)| *id == "T3" && m.contains("T5 (Person)") && m.contains("without one containing")));
        assert!(about.iter().any(|(id, m)| *id == "T4" && m.contains("T5")));
        assert!(about.iter().any(|(id, m)| *id == "T7" && m.contains("both annotate `Samsung` as Organization")));
    }

    #[test]
    fn each_annotation_is_reported_once_with_the_count_of_what_it_overlaps() {
        let samsung = line("T1", "Organization", "Samsung");
        let copies: String = (1..=2000).map(|i| samsung.replacen("T1", &format!("T{i}"), 1)).collect();
        let problems = overlapping_spans(ARTICLE, &parse(&copies));
        assert_eq!(problems.len(), 1999, "one problem per repeated annotation, not one per pair");
        let last = problems.iter().find(|p| p.annotation.as_deref() == Some("T2000")).unwrap();
        assert!(last.message.contains("(and 1998 more annotations it overlaps)"), "{}", last.message);
    }

    /// The counts agree with comparing every pair, on spans made to cross,
    /// nest and repeat, with two labels and some discontinuous ones.
    #[test]
    fn counts_agree_with_comparing_every_pair() {
        let text = "abcdefghij".repeat(8);
        let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n) as usize
        };
        for _round in 0..40 {
            let mut ann = String::new();
            for i in 1..=30 {
                let start = next(70);
                let end = start + next(10);
                let label = ["Person", "Quote"][next(2)];
                let (from, to) = (start, end.max(start + 1));
                if next(6) == 0 && to + 3 < text.len() {
                    ann.push_str(&format!("T{i}\t{label} {from} {to};{} {}\t", to + 1, to + 3));
                    ann.push_str(&format!("{} {}\n", &text[from..to], &text[to + 1..to + 3]));
                } else {
                    ann.push_str(&format!("T{i}\t{label} {from} {to}\t{}\n", &text[from..to]));
                }
            }
            let file = parse(&ann);
            let map = OffsetMap::new(&text);
            let mut marks = placed(&map, &file);
            marks.sort_by_key(|m| (m.extent.start, std::cmp::Reverse(m.extent.end)));
            let mut expected = BTreeMap::new();
            for (i, b) in marks.iter().enumerate() {
                let count = marks[..i].iter().filter(|a| conflict(a, b).is_some()).count();
                if count > 0 {
                    expected.insert(b.id.to_string(), count);
                }
            }
            let found: BTreeMap<String, usize> = overlapping_spans(&text, &file)
                .into_iter()
                .map(|p| {
                    let more = p
                        .message
                        .split("(and ")
                        .nth(1)
                        .map_or(0, |m| m.split(' ').next().and_then(|n| n.parse::<usize>().ok()).unwrap_or(0));
                    (p.annotation.unwrap(), 1 + more)
                })
                .collect();
            assert_eq!(found, expected, "{ann}");
        }
    }

    #[test]
    fn rejected_annotations_are_not_counted_as_overlaps() {
        let ann = parse(&format!(
            "{}{}A1\tRejected T2\n",
            line("T1", "Person", "Kurt Campbell"),
            line("T2", "Person", "Secretary Kurt")
        ));
        assert!(overlapping_spans(ARTICLE, &ann).is_empty());
    }

    #[test]
    fn quotes_need_a_said_by_relation() {
        let quote = line("T1", "Quote", "\"We stand with our allies,\"");
        let speaker = line("T2", "Speaker", "Kurt Campbell");
        let without = parse(&format!("{quote}{speaker}"));
        let problems = quotes_without_speaker(ARTICLE, &without);
        assert_eq!(problems.len(), 1);
        assert!(problems[0].message.contains("quote T1"), "{}", problems[0].message);
        let with = parse(&format!("{quote}{speaker}R1\tSaidBy Arg1:T1 Arg2:T2\n"));
        assert!(quotes_without_speaker(ARTICLE, &with).is_empty());
    }

    #[test]
    fn registry_links_must_name_known_entries() {
        let ann = parse(&format!(
            "{}{}N1\tReference T1 byline:kurt-campbell\tKurt Campbell\nN2\tReference T2 byline:samsung-group\tSamsung\n\
             N3\tReference T2 Wikidata:Q20718\tSamsung\n",
            line("T1", "Person", "Kurt Campbell"),
            line("T2", "Organization", "Samsung")
        ));
        let problems = unknown_entity_ids(ARTICLE, &ann, |id| id == "kurt-campbell");
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].annotation.as_deref(), Some("N2"));
        let samsung = ARTICLE.find("Samsung").unwrap();
        assert_eq!(problems[0].span, Span::new(samsung, samsung + 7));
    }

    #[test]
    fn label_conflicts_list_every_place_across_articles() {
        let first = "Hyundai said profits rose. Hyundai will hire.";
        let second = "Analysts expect Hyundai to rally.";
        let a = parse("T1\tOrganization 0 7\tHyundai\nT2\tOrganization 27 34\tHyundai\nT3\tSpeaker 0 7\tHyundai\n");
        let b = parse("T1\tPerson 16 23\tHyundai\nT2\tPerson 0 8\tAnalysts\n");
        let articles = [
            AnnotatedArticle { name: "a.txt", text: first, ann: &a },
            AnnotatedArticle { name: "b.txt", text: second, ann: &b },
        ];
        let conflicts = label_conflicts(&articles);
        assert_eq!(conflicts.len(), 1, "{conflicts:#?}");
        assert_eq!(conflicts[0].text, "Hyundai");
        assert_eq!(conflicts[0].labels, ["Organization", "Person"]);
        assert_eq!(conflicts[0].places.len(), 3, "the Speaker role is not a kind");
        let problems = conflicts[0].problems(&articles);
        assert_eq!(problems[0].0, 0);
        assert!(
            problems[0]
                .1
                .message
                .ends_with("Organization here but Person in b.txt line 1, Organization in a.txt line 2"),
            "the other label first: {}",
            problems[0].1.message
        );
        assert_eq!(problems[2].0, 1);
        assert!(
            problems[2]
                .1
                .message
                .contains("Person here but Organization in a.txt line 1, Organization in a.txt line 2"),
            "{}",
            problems[2].1.message
        );
    }

    #[test]
    fn a_conflict_in_many_articles_names_a_few_other_places() {
        let text = "Daewoo said so.";
        let files: Vec<AnnFile> = (0..30)
            .map(|i| parse(&format!("T1\t{} 0 6\tDaewoo\n", if i == 0 { "Person" } else { "Organization" })))
            .collect();
        let names: Vec<String> = (0..30).map(|i| format!("{i}.txt")).collect();
        let articles: Vec<AnnotatedArticle> =
            files.iter().zip(&names).map(|(ann, name)| AnnotatedArticle { name, text, ann }).collect();
        let conflicts = label_conflicts(&articles);
        let problems = conflicts[0].problems(&articles);
        assert_eq!(problems.len(), 30);
        assert!(
            problems[0].1.message.ends_with("Organization in 4.txt line 1, and 25 more places"),
            "{}",
            problems[0].1.message
        );
        assert!(
            problems[7].1.message.contains("here but Person in 0.txt line 1, Organization in 1.txt"),
            "{}",
            problems[7].1.message
        );
    }

    #[test]
    fn check_runs_every_article_rule_in_text_order() {
        let ann = parse(&format!(
            "{}T2\tPerson 0 8\tCampbell\nN1\tReference T1 byline:nobody\tNobody\n",
            line("T1", "Quote", "\"We stand with our allies,\"")
        ));
        let codes: Vec<&str> = check(ARTICLE, &ann, |_| false).iter().map(|p| p.code.as_str()).collect();
        assert_eq!(codes, ["stale-annotation", "quote-without-speaker", "unknown-entity-id"]);
    }
}
