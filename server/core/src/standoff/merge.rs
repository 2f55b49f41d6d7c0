//! Precedence between what Byline detects and what annotators wrote: an
//! annotation wins. For each detected mark, [`merge`] tells whether an
//! annotation confirms it, contradicts it (so it is not shown), or leaves
//! it a suggestion; and it lists the annotations themselves as marks.
//!
//! Marks compete within a layer: names and dates (Person, Organization,
//! Location, Date) with each other, quotes with quotes, speakers with
//! speakers, cues with cues. A Speaker on the same words as a Person does
//! not contradict it; an Organization on them does.

use super::anchor::{clamped_extent, is_anchored};
use super::ann::{
    labels, reported_value, AnnFile, Annotation, EditError, CUE_OF, REGISTRY_DB, REPORTED, SAID_BY, TIMEX_DB,
};
use super::offsets::OffsetMap;
use super::rules::{shorten, StandoffCode, StandoffProblem};
use crate::entities::EntityLabel;
use crate::span::Span;
use crate::Analysis;
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// Where a detected mark comes from in the [`Analysis`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "kind", content = "index", rename_all = "kebab-case")]
pub enum MarkSource {
    /// `analysis.quotes[i]`.
    Quote(usize),
    /// The speaker mention of `analysis.quotes[i]`.
    Speaker(usize),
    /// The reporting cue of `analysis.quotes[i]`.
    Cue(usize),
    /// `analysis.dates[i]`.
    Date(usize),
    /// `analysis.entities[i]`.
    Entity(usize),
}

/// Why a detected mark is not shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "reason", rename_all = "kebab-case")]
pub enum Contradiction {
    /// The annotator rejected exactly this mark.
    Rejected,
    /// An annotation gives the same or overlapping words another label.
    OtherLabel { label: String },
    /// An annotation of the same label draws other boundaries.
    OtherSpan,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum MarkStatus {
    /// No annotation says anything about it: a suggestion.
    Suggested,
    /// An annotation with the same label and span: show the annotation.
    Confirmed { annotation: String },
    /// An annotation overrides it: do not show it.
    Contradicted { annotation: String, contradiction: Contradiction },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DetectedMark {
    /// The brat label the mark would be annotated with.
    pub label: &'static str,
    /// Bytes into the article; for a quote, marks included.
    pub span: Span,
    /// For a quote interrupted by its attribution, each stretch; else one.
    pub fragments: Vec<Span>,
    pub source: MarkSource,
    pub status: MarkStatus,
}

/// An annotation as a mark.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AnnotatedMark {
    pub id: String,
    pub label: String,
    /// 1-based line in the `.ann`.
    pub line: usize,
    /// From the first fragment's start to the last one's end, in bytes
    /// (clamped to the article when stale).
    pub span: Span,
    pub fragments: Vec<Span>,
    /// Its offsets do not hold its text: not used for precedence.
    pub stale: bool,
    /// A rejected suggestion: not a mark to show.
    pub rejected: bool,
    /// `byline:<id>` registry link.
    pub entity: Option<String>,
    /// TIMEX3 value.
    pub date_value: Option<String>,
    /// For a quote, the id of its speaker text-bound.
    pub speaker: Option<String>,
    /// For a quote, what its `Reported` attribute says (direct without one).
    pub kind: crate::QuoteKind,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct MergedMarks {
    pub detected: Vec<DetectedMark>,
    pub annotations: Vec<AnnotatedMark>,
}

impl MergedMarks {
    /// Detected marks no annotation speaks to: shown as suggestions.
    pub fn suggestions(&self) -> impl Iterator<Item = &DetectedMark> {
        self.detected.iter().filter(|m| m.status == MarkStatus::Suggested)
    }

    /// Annotations to show as marks: live, not rejected.
    pub fn shown_annotations(&self) -> impl Iterator<Item = &AnnotatedMark> {
        self.annotations.iter().filter(|a| !a.rejected && !a.stale)
    }
}

/// The brat label for a detected entity.
pub fn entity_label(label: EntityLabel) -> &'static str {
    match label {
        EntityLabel::Person => labels::PERSON,
        EntityLabel::Organization => labels::ORGANIZATION,
        EntityLabel::Location => labels::LOCATION,
    }
}

/// The detected entity kind a brat label stands for.
pub fn entity_kind(label: &str) -> Option<EntityLabel> {
    match label {
        labels::PERSON => Some(EntityLabel::Person),
        labels::ORGANIZATION => Some(EntityLabel::Organization),
        labels::LOCATION => Some(EntityLabel::Location),
        _ => None,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layer {
    NamesAndDates = 0,
    Quotes = 1,
    Speakers = 2,
    Cues = 3,
}

fn layer(label: &str) -> Option<Layer> {
    match label {
        labels::PERSON | labels::ORGANIZATION | labels::LOCATION | labels::DATE => Some(Layer::NamesAndDates),
        labels::QUOTE => Some(Layer::Quotes),
        labels::SPEAKER => Some(Layer::Speakers),
        labels::CUE => Some(Layer::Cues),
        _ => None,
    }
}

/// Every mark the analysis found, as brat would label it, in text order.
pub fn detected_marks(analysis: &Analysis) -> Vec<DetectedMark> {
    let mut marks = Vec::new();
    let mut push = |label, span: Span, fragments: Vec<Span>, source| {
        marks.push(DetectedMark { label, span, fragments, source, status: MarkStatus::Suggested })
    };
    for (i, quote) in analysis.quotes.iter().enumerate() {
        let fragments = if quote.fragments.is_empty() { vec![quote.span] } else { quote.fragments.clone() };
        push(labels::QUOTE, quote.span, fragments, MarkSource::Quote(i));
        if let Some(attribution) = &quote.speaker {
            push(labels::SPEAKER, attribution.mention, vec![attribution.mention], MarkSource::Speaker(i));
            if let Some(cue) = attribution.cue {
                push(labels::CUE, cue, vec![cue], MarkSource::Cue(i));
            }
        }
    }
    for (i, date) in analysis.dates.iter().enumerate() {
        push(labels::DATE, date.span, vec![date.span], MarkSource::Date(i));
    }
    for (i, entity) in analysis.entities.iter().enumerate() {
        push(entity_label(entity.label), entity.span, vec![entity.span], MarkSource::Entity(i));
    }
    marks.sort_by_key(|m| (m.span.start, m.span.end));
    marks
}

/// What a detected mark is called in the editor's actions: its brat label,
/// and for a quote without quotation marks the kind of speech, so an
/// annotator accepting `Quote (reported speech)` knows a `Reported`
/// attribute comes with it.
pub fn mark_name(mark: &DetectedMark, analysis: &Analysis) -> String {
    let kind = match mark.source {
        MarkSource::Quote(i) => analysis.quotes.get(i).map(|q| q.kind),
        _ => None,
    };
    match kind {
        Some(crate::QuoteKind::Reported) => format!("{} (reported speech)", mark.label),
        Some(crate::QuoteKind::Mixed) => format!("{} (mixed speech)", mark.label),
        _ => mark.label.to_string(),
    }
}

/// The annotations of an article as marks, with their links resolved.
pub fn annotated_marks(text: &str, file: &AnnFile) -> Vec<AnnotatedMark> {
    let map = OffsetMap::new(text);
    let lookup = file.index();
    let mut marks = Vec::new();
    for (index, line) in file.lines().iter().enumerate() {
        let Annotation::TextBound(tb) = line.annotation() else { continue };
        let anchored = is_anchored(&map, tb);
        let fragments: Vec<Span> = if anchored {
            tb.fragments.iter().filter_map(|f| map.to_bytes(*f)).collect()
        } else {
            vec![clamped_extent(&map, tb)]
        };
        marks.push(AnnotatedMark {
            id: tb.id.clone(),
            label: tb.label.clone(),
            line: index + 1,
            span: clamped_extent(&map, tb),
            fragments,
            stale: !anchored,
            rejected: lookup.is_rejected(&tb.id),
            entity: lookup.entity_of(&tb.id).map(str::to_string),
            date_value: lookup.date_value_of(&tb.id).map(str::to_string),
            speaker: lookup.speaker_of(&tb.id).map(str::to_string),
            kind: lookup.quote_kind_of(&tb.id),
        });
    }
    marks
}

/// Whether an annotation covers exactly the detected mark's words. A quote
/// annotation may include its marks or not, and may be one span over an
/// interrupted quotation or one fragment per stretch.
fn same_place(mark: &DetectedMark, annotation: &AnnotatedMark, analysis: &Analysis) -> bool {
    if annotation.fragments == mark.fragments || (annotation.fragments.len() == 1 && annotation.span == mark.span) {
        return true;
    }
    match mark.source {
        MarkSource::Quote(i) => analysis.quotes.get(i).is_some_and(|q| annotation.span == q.content),
        _ => false,
    }
}

fn overlaps(mark: &DetectedMark, annotation: &AnnotatedMark) -> bool {
    mark.fragments.iter().any(|m| annotation.fragments.iter().any(|a| m.overlaps(*a)))
}

/// The live annotations of one layer sorted by start, for finding the ones
/// that overlap a span without scanning them all.
struct LayerIndex<'a> {
    marks: Vec<&'a AnnotatedMark>,
    longest: usize,
}

impl<'a> LayerIndex<'a> {
    fn new(marks: Vec<&'a AnnotatedMark>) -> Self {
        let mut marks = marks;
        marks.sort_by_key(|a| a.span.start);
        let longest = marks.iter().map(|a| a.span.len()).max().unwrap_or(0);
        LayerIndex { marks, longest }
    }

    /// Annotations whose extent may overlap `span`: those starting less than
    /// the longest extent before it, up to its end.
    fn near(&self, span: Span) -> impl Iterator<Item = &'a AnnotatedMark> + '_ {
        let from = span.start.saturating_sub(self.longest);
        let first = self.marks.partition_point(|a| a.span.start < from);
        self.marks[first..].iter().copied().take_while(move |a| a.span.start < span.end.max(span.start + 1))
    }
}

/// Detected marks against the article's annotations: annotations win.
pub fn merge(text: &str, analysis: &Analysis, file: &AnnFile) -> MergedMarks {
    let annotations = annotated_marks(text, file);
    let mut detected = detected_marks(analysis);
    let layers = [Layer::NamesAndDates, Layer::Quotes, Layer::Speakers, Layer::Cues]
        .map(|l| LayerIndex::new(annotations.iter().filter(|a| !a.stale && layer(&a.label) == Some(l)).collect()));
    for mark in &mut detected {
        let Some(index) = layer(mark.label).map(|l| &layers[l as usize]) else { continue };
        let same_layer: Vec<&AnnotatedMark> = index.near(mark.span).filter(|a| overlaps(mark, a)).collect();
        let exact = |rejected: bool| {
            same_layer.iter().find(|a| a.rejected == rejected && a.label == mark.label && same_place(mark, a, analysis))
        };
        mark.status = if let Some(a) = exact(false) {
            MarkStatus::Confirmed { annotation: a.id.clone() }
        } else if let Some(a) = exact(true) {
            MarkStatus::Contradicted { annotation: a.id.clone(), contradiction: Contradiction::Rejected }
        } else if let Some(a) = same_layer.iter().find(|a| !a.rejected) {
            let contradiction = if a.label == mark.label {
                Contradiction::OtherSpan
            } else {
                Contradiction::OtherLabel { label: a.label.clone() }
            };
            MarkStatus::Contradicted { annotation: a.id.clone(), contradiction }
        } else {
            MarkStatus::Suggested
        };
    }
    MergedMarks { detected, annotations }
}

/// `unannotated-mark`: every detected mark still a suggestion, for
/// annotators working through a corpus (hint level).
pub fn unannotated_marks(text: &str, merged: &MergedMarks) -> Vec<StandoffProblem> {
    merged
        .suggestions()
        .map(|mark| StandoffProblem {
            code: StandoffCode::UnannotatedMark,
            span: mark.span,
            message: format!("detected {} `{}` is not annotated yet", mark.label, shorten(mark.span.slice(text))),
            annotation: None,
            line: None,
            related: None,
        })
        .collect()
}

/// Writes a detected mark into the `.ann` as a text-bound (a quote keeps
/// its fragments), with the detector's registry link or date value. Returns
/// the new id, or the id of an annotation that already confirms it; `None`
/// when the mark's span does not fit the text.
pub fn accept(text: &str, analysis: &Analysis, file: &mut AnnFile, mark: &DetectedMark) -> Option<String> {
    accept_with(&OffsetMap::new(text), analysis, file, mark)
}

fn accept_with(map: &OffsetMap, analysis: &Analysis, file: &mut AnnFile, mark: &DetectedMark) -> Option<String> {
    if let MarkStatus::Confirmed { annotation } = &mark.status {
        return Some(annotation.clone());
    }
    let text = map.text();
    let fragments: Vec<_> = mark.fragments.iter().map(|f| map.to_chars(*f)).collect::<Option<_>>()?;
    let words: Vec<&str> = mark.fragments.iter().map(|f| f.slice(text)).collect();
    let id = file.add_text_bound(mark.label, fragments, &words.join(" "));
    // The text-bound is new, so nothing links it yet: add, no lookup.
    match mark.source {
        MarkSource::Entity(i) => {
            if let Some(entity) = analysis.entities.get(i) {
                if let Some(entity_id) = &entity.entity {
                    file.add_normalization(&id, REGISTRY_DB, entity_id, &entity.canonical);
                }
            }
        }
        MarkSource::Date(i) => {
            if let Some(value) = analysis.dates.get(i).and_then(|d| d.value.as_deref()) {
                file.add_normalization(&id, TIMEX_DB, value, mark.span.slice(text));
            }
        }
        MarkSource::Quote(i) => {
            if let Some(value) = analysis.quotes.get(i).and_then(|q| reported_value(q.kind)) {
                file.add_attribute(REPORTED, &id, Some(value));
            }
        }
        _ => {}
    }
    Some(id)
}

/// Accepts every suggestion inside `range` (bytes; the whole article when
/// `None`), then links each quote to its speaker with SaidBy and its cue
/// with CueOf where one of them is newly accepted and the quote has no such
/// link yet. Returns the new text-bound ids.
pub fn accept_all(text: &str, analysis: &Analysis, file: &mut AnnFile, range: Option<Span>) -> Vec<String> {
    let map = OffsetMap::new(text);
    let merged = merge(text, analysis, file);
    let inside = |span: Span| range.is_none_or(|r| r.contains_span(span));
    let mut accepted = HashSet::new();
    let mut in_order = Vec::new();
    let mut ids_by_source = HashMap::new();
    for mark in &merged.detected {
        let id = match &mark.status {
            MarkStatus::Suggested if inside(mark.span) => {
                let id = accept_with(&map, analysis, file, mark);
                if let Some(id) = &id {
                    accepted.insert(id.clone());
                    in_order.push(id.clone());
                }
                id
            }
            MarkStatus::Confirmed { annotation } => Some(annotation.clone()),
            _ => None,
        };
        if let Some(id) = id {
            ids_by_source.insert(mark.source, id);
        }
    }
    let with_speaker: HashSet<String> =
        file.relations().filter(|r| r.label == SAID_BY).filter_map(|r| r.arg("Arg1")).map(str::to_string).collect();
    let with_cue: HashSet<String> =
        file.relations().filter(|r| r.label == CUE_OF).filter_map(|r| r.arg("Arg2")).map(str::to_string).collect();
    for i in 0..analysis.quotes.len() {
        let Some(quote) = ids_by_source.get(&MarkSource::Quote(i)) else { continue };
        let newly = |other: &String| accepted.contains(quote) || accepted.contains(other);
        if let Some(speaker) = ids_by_source.get(&MarkSource::Speaker(i)) {
            if !with_speaker.contains(quote) && newly(speaker) {
                file.add_relation(SAID_BY, quote, speaker);
            }
        }
        if let Some(cue) = ids_by_source.get(&MarkSource::Cue(i)) {
            if !with_cue.contains(quote) && newly(cue) {
                file.add_relation(CUE_OF, cue, quote);
            }
        }
    }
    in_order
}

/// Records that a detected mark is wrong, so it is not suggested again: a
/// text-bound at its span with the `Rejected` attribute. Returns the
/// text-bound's id.
pub fn reject(text: &str, file: &mut AnnFile, mark: &DetectedMark) -> Result<String, EditError> {
    let map = OffsetMap::new(text);
    let existing = annotated_marks(text, file)
        .into_iter()
        .find(|a| !a.stale && a.label == mark.label && a.fragments == mark.fragments)
        .map(|a| a.id);
    let id = match existing {
        Some(id) => id,
        None => {
            let fragments: Option<Vec<_>> = mark.fragments.iter().map(|f| map.to_chars(*f)).collect();
            let fragments = fragments.ok_or_else(|| EditError::UnknownId(format!("{:?}", mark.span)))?;
            let words: Vec<&str> = mark.fragments.iter().map(|f| f.slice(text)).collect();
            file.add_text_bound(mark.label, fragments, &words.join(" "))
        }
    };
    file.reject(&id)?;
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::standoff::ann::{parse, write};
    use crate::{analyze, AnalyzeOptions};

    const ARTICLE: &str = "SEOUL, Jan. 31 -- \"We will stand with our allies,\" Kurt Campbell said on Tuesday. \
                           Samsung Electronics said it would wait.\n";

    fn annotate(text: &str, entries: &[(&str, &str)]) -> String {
        let map = OffsetMap::new(text);
        let mut out = String::new();
        for (i, (label, needle)) in entries.iter().enumerate() {
            let start = text.find(needle).unwrap();
            let s = map.to_char(start).unwrap();
            let e = map.to_char(start + needle.len()).unwrap();
            out.push_str(&format!("T{}\t{label} {s} {e}\t{needle}\n", i + 101));
        }
        out
    }

    fn status_of<'a>(merged: &'a MergedMarks, label: &str, words: &str) -> &'a MarkStatus {
        let mark = merged
            .detected
            .iter()
            .find(|m| m.label == label && m.span.slice(ARTICLE) == words)
            .unwrap_or_else(|| panic!("no detected {label} `{words}` in {:#?}", merged.detected));
        &mark.status
    }

    #[test]
    fn detection_finds_the_marks_this_module_relies_on() {
        let analysis = analyze(ARTICLE, &AnalyzeOptions::default());
        let merged = merge(ARTICLE, &analysis, &AnnFile::default());
        assert_eq!(status_of(&merged, "Quote", "\"We will stand with our allies,\""), &MarkStatus::Suggested);
        assert_eq!(status_of(&merged, "Speaker", "Kurt Campbell"), &MarkStatus::Suggested);
        assert_eq!(status_of(&merged, "Person", "Kurt Campbell"), &MarkStatus::Suggested);
        assert_eq!(status_of(&merged, "Cue", "said"), &MarkStatus::Suggested);
        assert_eq!(status_of(&merged, "Date", "Tuesday"), &MarkStatus::Suggested);
    }

    #[test]
    fn annotations_confirm_contradict_or_leave_suggestions() {
        let analysis = analyze(ARTICLE, &AnalyzeOptions::default());
        let ann = parse(&format!(
            "{}A1\tRejected T103\n",
            annotate(
                ARTICLE,
                &[
                    // Content only, without the marks: still the same quote.
                    ("Quote", "We will stand with our allies,"),
                    ("Organization", "Kurt Campbell"),
                    ("Date", "Tuesday"),
                    ("Organization", "Samsung"),
                ],
            )
        ));
        let merged = merge(ARTICLE, &analysis, &ann);
        assert_eq!(
            status_of(&merged, "Quote", "\"We will stand with our allies,\""),
            &MarkStatus::Confirmed { annotation: "T101".into() }
        );
        assert_eq!(
            status_of(&merged, "Person", "Kurt Campbell"),
            &MarkStatus::Contradicted {
                annotation: "T102".into(),
                contradiction: Contradiction::OtherLabel { label: "Organization".into() }
            }
        );
        assert_eq!(status_of(&merged, "Speaker", "Kurt Campbell"), &MarkStatus::Suggested, "another layer");
        assert_eq!(
            status_of(&merged, "Date", "Tuesday"),
            &MarkStatus::Contradicted { annotation: "T103".into(), contradiction: Contradiction::Rejected }
        );
        let samsung = merged
            .detected
            .iter()
            .find(|m| m.label == "Organization" && m.span.slice(ARTICLE).starts_with("Samsung"))
            .unwrap();
        assert_eq!(
            samsung.status,
            MarkStatus::Contradicted { annotation: "T104".into(), contradiction: Contradiction::OtherSpan }
        );
        let shown: Vec<&str> = merged.shown_annotations().map(|a| a.id.as_str()).collect();
        assert_eq!(shown, ["T101", "T102", "T104"]);
        let hints = unannotated_marks(ARTICLE, &merged);
        assert!(hints.iter().any(|h| h.message == "detected Speaker `Kurt Campbell` is not annotated yet"));
        assert!(hints.iter().all(|h| h.code == StandoffCode::UnannotatedMark));
        assert!(!hints.iter().any(|h| h.message.contains("Tuesday")));
    }

    #[test]
    fn stale_annotations_do_not_override_detection() {
        let analysis = analyze(ARTICLE, &AnalyzeOptions::default());
        let ann = parse("T1\tOrganization 0 13\tKurt Campbell\n");
        let merged = merge(ARTICLE, &analysis, &ann);
        assert_eq!(status_of(&merged, "Person", "Kurt Campbell"), &MarkStatus::Suggested);
        assert!(merged.annotations[0].stale);
    }

    #[test]
    fn accepting_everything_writes_marks_and_links_then_confirms_them() {
        let analysis = analyze(ARTICLE, &AnalyzeOptions::default());
        let mut ann = parse("#1\tAnnotatorNotes T1\tchecked by hand\n");
        let accepted = accept_all(ARTICLE, &analysis, &mut ann, None);
        assert!(accepted.len() >= 6, "{accepted:?}");
        let merged = merge(ARTICLE, &analysis, &ann);
        assert_eq!(merged.suggestions().count(), 0, "{:#?}", merged.suggestions().collect::<Vec<_>>());
        let quote = ann.text_bounds().find(|t| t.label == "Quote").unwrap();
        let speaker = ann.speaker_of(&quote.id).and_then(|id| ann.text_bound(id)).unwrap();
        assert_eq!(speaker.text, "Kurt Campbell");
        assert!(ann.relations().any(|r| r.label == CUE_OF && r.arg("Arg2") == Some(quote.id.as_str())));
        let date = ann.text_bounds().find(|t| t.text == "Jan. 31").unwrap();
        assert_eq!(ann.date_value_of(&date.id), Some("XXXX-01-31"), "{}", write(&ann));
        assert!(write(&ann).starts_with("#1\tAnnotatorNotes T1\tchecked by hand\n"));
        assert!(crate::standoff::check_anchors(ARTICLE, &ann).is_empty());
        // Accepting again adds nothing.
        assert!(accept_all(ARTICLE, &analysis, &mut ann, None).is_empty());
    }

    #[test]
    fn an_interrupted_quote_is_accepted_as_one_discontinuous_annotation() {
        let text = "\"We will not sign,\" Lee Hae-won said. \"Not this year, not ever.\"\n";
        let analysis = analyze(text, &AnalyzeOptions::default());
        let mut ann = AnnFile::default();
        accept_all(text, &analysis, &mut ann, None);
        let quote = ann.text_bounds().find(|t| t.label == labels::QUOTE).unwrap();
        assert_eq!(quote.fragments.len(), 2, "{}", write(&ann));
        assert_eq!(quote.text, "\"We will not sign,\" \"Not this year, not ever.\"");
        assert!(crate::standoff::check_anchors(text, &ann).is_empty());
        // Annotated as one span from the first mark to the last, it is the
        // same quote too.
        let whole = format!("T1\tQuote 0 {}\t{}\n", text.trim_end().chars().count(), text.trim_end());
        let merged = merge(text, &analysis, &parse(&whole));
        let detected = merged.detected.iter().find(|m| m.label == labels::QUOTE).unwrap();
        assert_eq!(detected.status, MarkStatus::Confirmed { annotation: "T1".into() });
    }

    #[test]
    fn accepting_a_range_and_rejecting_a_mark() {
        let analysis = analyze(ARTICLE, &AnalyzeOptions::default());
        let mut ann = AnnFile::default();
        let second = ARTICLE.find("Samsung").unwrap();
        let accepted = accept_all(ARTICLE, &analysis, &mut ann, Some(Span::new(second, ARTICLE.len())));
        assert!(ann.text_bounds().all(|t| !t.text.contains("Campbell")), "{}", write(&ann));
        assert!(!accepted.is_empty());
        let merged = merge(ARTICLE, &analysis, &ann);
        let date = merged.detected.iter().find(|m| m.label == "Date" && m.span.slice(ARTICLE) == "Tuesday").unwrap();
        let id = reject(ARTICLE, &mut ann, date).unwrap();
        assert!(ann.is_rejected(&id));
        let merged = merge(ARTICLE, &analysis, &ann);
        assert_eq!(
            status_of(&merged, "Date", "Tuesday"),
            &MarkStatus::Contradicted { annotation: id, contradiction: Contradiction::Rejected }
        );
    }

    #[test]
    fn reported_speech_is_accepted_as_a_quote_with_its_kind_and_rejected_like_any_mark() {
        let text = "Kurt Campbell said the talks would resume in March. \
                    Lee Hae-won said the plan was \"a dead end\" for the port.\n";
        let analysis = analyze(text, &AnalyzeOptions::default());
        let kinds: Vec<crate::QuoteKind> = analysis.quotes.iter().map(|q| q.kind).collect();
        assert_eq!(kinds, [crate::QuoteKind::Reported, crate::QuoteKind::Mixed], "{:#?}", analysis.quotes);
        let detected = detected_marks(&analysis);
        let names: Vec<String> =
            detected.iter().filter(|m| m.label == labels::QUOTE).map(|m| mark_name(m, &analysis)).collect();
        assert_eq!(names, ["Quote (reported speech)", "Quote (mixed speech)"]);
        let mut ann = AnnFile::default();
        accept_all(text, &analysis, &mut ann, None);
        let written = write(&ann);
        let quotes: Vec<&str> = ann.text_bounds().filter(|t| t.label == labels::QUOTE).map(|t| t.id.as_str()).collect();
        assert_eq!(quotes.len(), 2, "{written}");
        assert_eq!(ann.quote_kind_of(quotes[0]), crate::QuoteKind::Reported, "{written}");
        assert_eq!(ann.quote_kind_of(quotes[1]), crate::QuoteKind::Mixed, "{written}");
        assert!(written.contains(&format!("\tReported {} yes\n", quotes[0])), "{written}");
        assert!(written.contains(&format!("\tReported {} mixed\n", quotes[1])), "{written}");
        let (conf, _) = crate::standoff::parse_conf(crate::standoff::DEFAULT_CONF);
        assert!(crate::standoff::validate(&ann, &conf).is_empty(), "{written}");
        // The annotations confirm the detected quotes and carry their kinds.
        let merged = merge(text, &analysis, &ann);
        assert_eq!(merged.suggestions().filter(|m| m.label == labels::QUOTE).count(), 0);
        let annotated: Vec<crate::QuoteKind> =
            merged.annotations.iter().filter(|a| a.label == labels::QUOTE).map(|a| a.kind).collect();
        assert_eq!(annotated, [crate::QuoteKind::Reported, crate::QuoteKind::Mixed]);

        // Rejecting the reported statement keeps it from coming back.
        let mut fresh = AnnFile::default();
        let merged = merge(text, &analysis, &fresh);
        let reported = merged.detected.iter().find(|m| m.source == MarkSource::Quote(0)).unwrap();
        let id = reject(text, &mut fresh, reported).unwrap();
        let merged = merge(text, &analysis, &fresh);
        let again = merged.detected.iter().find(|m| m.source == MarkSource::Quote(0)).unwrap();
        assert_eq!(again.status, MarkStatus::Contradicted { annotation: id, contradiction: Contradiction::Rejected });
    }

    #[test]
    fn an_old_conf_without_reported_is_told_which_line_to_add() {
        let text = "Kurt Campbell said the talks would resume in March.\n";
        let analysis = analyze(text, &AnalyzeOptions::default());
        let mut ann = AnnFile::default();
        accept_all(text, &analysis, &mut ann, None);
        let old_conf = crate::standoff::DEFAULT_CONF.replace("Reported\tArg:Quote, Value:yes|mixed\n", "");
        let (conf, _) = crate::standoff::parse_conf(&old_conf);
        let problems = crate::standoff::validate(&ann, &conf);
        assert_eq!(problems.len(), 1, "{problems:#?}");
        assert!(problems[0].message.contains("add the line `Reported Arg:Quote, Value:yes|mixed`"), "{problems:#?}");
    }
}
