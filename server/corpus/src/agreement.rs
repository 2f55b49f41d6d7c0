//! Inter-annotator agreement between two sets of `.ann` files (`byline
//! agree A B`), with annotator A as the reference:
//!
//! - per type, precision, recall and F1 of B's text-bound annotations
//!   against A's, counting exact matches (same fragments, same type);
//! - Cohen's kappa on tokens: each token's label in A against B, `O` where
//!   no annotation covers it, the innermost annotation where several nest
//!   (a Person inside a Quote counts as Person);
//! - every disagreement with its file and line in the article;
//! - for quotes both sides annotated on the same words, whether they agree
//!   on the kind of speech (the `Reported` attribute: direct, reported or
//!   mixed); a quote matches on its span, and a kind that differs is a
//!   disagreement of its own (`quote-kind`), so span and kind are told apart.
//!
//! Rejected suggestions are not annotations and count for neither side.
//! Pure: the caller reads the folders.

use byline_core::interchange::tokens::tokenize;
use byline_core::span::LineIndex;
use byline_core::standoff::{labels, AnnFile, AnnIndex, CharSpan, OffsetMap, TextBound};
use byline_core::QuoteKind;
use serde::Serialize;
use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap, HashMap, VecDeque};

/// One annotator's version of one article.
#[derive(Debug, Clone, Copy)]
pub struct AnnotatedDoc<'a> {
    /// The article's path relative to the annotator's folder: how the two
    /// sides are paired.
    pub name: &'a str,
    pub text: &'a str,
    pub ann: &'a AnnFile,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Score {
    pub label: String,
    pub in_a: usize,
    pub in_b: usize,
    pub matched: usize,
    /// `None` when B has no annotation of the type (nothing to be precise about).
    pub precision: Option<f64>,
    /// `None` when A has none.
    pub recall: Option<f64>,
    pub f1: Option<f64>,
}

impl Score {
    fn new(label: &str, in_a: usize, in_b: usize, matched: usize) -> Score {
        let ratio = |n: usize, d: usize| (d > 0).then(|| n as f64 / d as f64);
        let precision = ratio(matched, in_b);
        let recall = ratio(matched, in_a);
        let f1 = match (precision, recall) {
            _ if matched == 0 => (in_a + in_b > 0).then_some(0.0),
            (Some(p), Some(r)) => Some(2.0 * p * r / (p + r)),
            _ => None,
        };
        Score { label: label.to_string(), in_a, in_b, matched, precision, recall, f1 }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DisagreementKind {
    /// Same text, different type.
    Label,
    /// Same type, overlapping but different extents.
    Boundary,
    /// A annotated it; B has nothing there.
    OnlyInA,
    /// B annotated it; A has nothing there.
    OnlyInB,
    /// The same quote on both sides, another kind of speech (direct,
    /// reported, mixed).
    QuoteKind,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Disagreement {
    pub file: String,
    /// 1-based line in the article where the annotation starts.
    pub line: usize,
    pub kind: DisagreementKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub a: Option<Side>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub b: Option<Side>,
}

/// One annotator's annotation in a disagreement.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Side {
    pub id: String,
    pub label: String,
    pub text: String,
    pub start: usize,
    pub end: usize,
    /// For a quote: `direct`, `reported` or `mixed`, from its `Reported`
    /// attribute.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<&'static str>,
}

impl Side {
    fn of(tb: &TextBound, lookup: &AnnIndex) -> Side {
        let extent = tb.extent();
        Side {
            id: tb.id.clone(),
            label: tb.label.clone(),
            text: tb.text.clone(),
            start: extent.start,
            end: extent.end,
            kind: quote_kind(tb, lookup).map(QuoteKind::as_str),
        }
    }
}

/// A quote's kind of speech; `None` for other annotations.
fn quote_kind(tb: &TextBound, lookup: &AnnIndex) -> Option<QuoteKind> {
    (tb.label == labels::QUOTE).then(|| lookup.quote_kind_of(&tb.id))
}

/// Agreement on the kind of speech of the quotes both sides annotated on
/// the same words.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct QuoteKinds {
    /// Quotes matched on their span.
    pub compared: usize,
    /// Of those, the ones with the same kind.
    pub agreeing: usize,
    /// `agreeing / compared`; `None` with nothing compared.
    pub agreement: Option<f64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Agreement {
    /// Articles both annotators have, compared.
    pub files: usize,
    pub per_type: Vec<Score>,
    pub overall: Score,
    /// Tokens compared for kappa.
    pub tokens: usize,
    /// `None` when undefined: no tokens, or chance agreement is already
    /// total (both sides gave every token the same single label).
    pub kappa: Option<f64>,
    pub observed_agreement: Option<f64>,
    pub quote_kinds: QuoteKinds,
    pub disagreements: Vec<Disagreement>,
    /// Articles only one side has (`a/x.txt`, `b/y.txt`): not compared.
    pub unpaired: Vec<String>,
    /// Articles whose text differs between the sides: offsets cannot be
    /// compared, so they are left out.
    pub text_differs: Vec<String>,
}

fn annotations(ann: &AnnFile) -> Vec<&TextBound> {
    let lookup = ann.index();
    ann.text_bounds().filter(|tb| !lookup.is_rejected(&tb.id) && !tb.fragments.is_empty()).collect()
}

pub fn compare(a: &[AnnotatedDoc], b: &[AnnotatedDoc]) -> Agreement {
    let mut result = Agreement::default();
    let b_by_name: HashMap<&str, &AnnotatedDoc> = b.iter().map(|d| (d.name, d)).collect();
    let a_names: HashMap<&str, ()> = a.iter().map(|d| (d.name, ())).collect();
    result.unpaired.extend(a.iter().filter(|d| !b_by_name.contains_key(d.name)).map(|d| format!("a/{}", d.name)));
    result.unpaired.extend(b.iter().filter(|d| !a_names.contains_key(d.name)).map(|d| format!("b/{}", d.name)));

    // label -> (in A, in B, matched)
    let mut counts: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    let mut confusion: HashMap<(String, String), usize> = HashMap::new();
    let mut paired: Vec<(&AnnotatedDoc, &AnnotatedDoc)> =
        a.iter().filter_map(|da| Some((da, *b_by_name.get(da.name)?))).collect();
    paired.sort_by_key(|(da, _)| da.name);
    for (da, db) in paired {
        if da.text != db.text {
            result.text_differs.push(da.name.to_string());
            continue;
        }
        result.files += 1;
        let (in_a, in_b) = (annotations(da.ann), annotations(db.ann));
        let lookups = (da.ann.index(), db.ann.index());
        compare_spans(da, (&in_a, &in_b), &lookups, &mut counts, &mut result);
        for (label_a, label_b) in token_labels(da.text, &in_a, &in_b) {
            *confusion.entry((label_a, label_b)).or_default() += 1;
        }
    }

    let kinds = &mut result.quote_kinds;
    kinds.agreement = (kinds.compared > 0).then(|| kinds.agreeing as f64 / kinds.compared as f64);
    result.per_type = counts.iter().map(|(label, (x, y, m))| Score::new(label, *x, *y, *m)).collect();
    let total = counts.values().fold((0, 0, 0), |acc, (x, y, m)| (acc.0 + x, acc.1 + y, acc.2 + m));
    result.overall = Score::new("all", total.0, total.1, total.2);
    let n: usize = confusion.values().sum();
    result.tokens = n;
    if n > 0 {
        let agreeing: usize = confusion.iter().filter(|((x, y), _)| x == y).map(|(_, c)| c).sum();
        let mut marginal_a: HashMap<&str, usize> = HashMap::new();
        let mut marginal_b: HashMap<&str, usize> = HashMap::new();
        for ((x, y), c) in &confusion {
            *marginal_a.entry(x).or_default() += c;
            *marginal_b.entry(y).or_default() += c;
        }
        let n = n as f64;
        let observed = agreeing as f64 / n;
        let chance: f64 =
            marginal_a.iter().map(|(label, ca)| *ca as f64 * *marginal_b.get(label).unwrap_or(&0) as f64).sum::<f64>()
                / (n * n);
        result.observed_agreement = Some(observed);
        result.kappa = (chance < 1.0).then(|| (observed - chance) / (1.0 - chance));
    }
    result.disagreements.sort_by(|x, y| (&x.file, x.line, x.kind).cmp(&(&y.file, y.line, y.kind)));
    result
}

/// Counts exact matches per type and records what does not match.
fn compare_spans(
    doc: &AnnotatedDoc,
    (in_a, in_b): (&[&TextBound], &[&TextBound]),
    (lookup_a, lookup_b): &(AnnIndex, AnnIndex),
    counts: &mut BTreeMap<String, (usize, usize, usize)>,
    result: &mut Agreement,
) {
    let disagreements = &mut result.disagreements;
    let quote_kinds = &mut result.quote_kinds;
    for tb in in_a {
        counts.entry(tb.label.clone()).or_default().0 += 1;
    }
    for tb in in_b {
        counts.entry(tb.label.clone()).or_default().1 += 1;
    }
    // B's annotations by (type, fragments) and by fragments, each list in
    // file order with the used ones dropped from its front as they go:
    // every lookup below is a hash probe, not a scan of B (which made a
    // 100,000-line `.ann` quadratic).
    let mut b_used = vec![false; in_b.len()];
    let mut by_label_and_span: HashMap<(&str, &[CharSpan]), VecDeque<usize>> = HashMap::new();
    let mut by_span: HashMap<&[CharSpan], VecDeque<usize>> = HashMap::new();
    for (j, tb) in in_b.iter().enumerate() {
        by_label_and_span.entry((tb.label.as_str(), tb.fragments.as_slice())).or_default().push_back(j);
        by_span.entry(tb.fragments.as_slice()).or_default().push_back(j);
    }
    let first_free = |list: Option<&mut VecDeque<usize>>, used: &[bool]| {
        let list = list?;
        while list.front().is_some_and(|&j| used[j]) {
            list.pop_front();
        }
        list.front().copied()
    };
    let mut a_unmatched = Vec::new();
    let mut other_kind = Vec::new();
    for tb in in_a {
        let exact = first_free(by_label_and_span.get_mut(&(tb.label.as_str(), tb.fragments.as_slice())), &b_used);
        match exact {
            Some(j) => {
                b_used[j] = true;
                counts.entry(tb.label.clone()).or_default().2 += 1;
                if let (Some(kind_a), Some(kind_b)) = (quote_kind(tb, lookup_a), quote_kind(in_b[j], lookup_b)) {
                    quote_kinds.compared += 1;
                    if kind_a == kind_b {
                        quote_kinds.agreeing += 1;
                    } else {
                        other_kind.push((*tb, in_b[j]));
                    }
                }
            }
            None => a_unmatched.push(*tb),
        }
    }
    let map = OffsetMap::new(doc.text);
    let lines = LineIndex::new(doc.text);
    let line_of = |span: CharSpan| map.to_byte(span.start).map_or(1, |byte| lines.line_column(byte).0);
    let mut report = |kind, a: Option<&TextBound>, b: Option<&TextBound>| {
        let place = a.or(b).map(|tb| tb.extent()).unwrap_or_default();
        disagreements.push(Disagreement {
            file: doc.name.to_string(),
            line: line_of(place),
            kind,
            a: a.map(|tb| Side::of(tb, lookup_a)),
            b: b.map(|tb| Side::of(tb, lookup_b)),
        });
    };
    for (a, b) in other_kind {
        report(DisagreementKind::QuoteKind, Some(a), Some(b));
    }
    // B's free annotations of each type by where they start, for the
    // overlapping ones: those starting inside A's extent are found by a
    // range query; of those starting before it, the nearest
    // `OVERLAP_LOOKBACK` are tried (only an annotation that spans many
    // others of its type could be missed, and it then counts as unmatched).
    let mut free_by_start: HashMap<&str, BTreeSet<(usize, usize)>> = HashMap::new();
    for (j, tb) in in_b.iter().enumerate() {
        if !b_used[j] {
            free_by_start.entry(tb.label.as_str()).or_default().insert((tb.extent().start, j));
        }
    }
    // A's leftovers pair with B's leftovers: same span and another type
    // first, then same type and an overlapping span.
    for tb in &a_unmatched {
        let same_span = first_free(by_span.get_mut(tb.fragments.as_slice()), &b_used);
        let overlapping = |free: &BTreeSet<(usize, usize)>| {
            let extent = tb.extent();
            let overlaps = |&&(_, j): &&(usize, usize)| in_b[j].extent().overlaps(extent);
            free.range((extent.start, 0)..(extent.end, 0))
                .find(overlaps)
                .or_else(|| free.range(..(extent.start, 0)).rev().take(OVERLAP_LOOKBACK).find(overlaps))
                .map(|&(_, j)| j)
        };
        let found = same_span.map(|j| (j, DisagreementKind::Label)).or_else(|| {
            free_by_start.get(tb.label.as_str()).and_then(overlapping).map(|j| (j, DisagreementKind::Boundary))
        });
        match found {
            Some((j, kind)) => {
                b_used[j] = true;
                if let Some(free) = free_by_start.get_mut(in_b[j].label.as_str()) {
                    free.remove(&(in_b[j].extent().start, j));
                }
                report(kind, Some(tb), Some(in_b[j]));
            }
            None => report(DisagreementKind::OnlyInA, Some(tb), None),
        }
    }
    for (j, tb) in in_b.iter().enumerate() {
        if !b_used[j] {
            report(DisagreementKind::OnlyInB, None, Some(tb));
        }
    }
}

/// Each token's label on both sides: the innermost annotation covering it.
fn token_labels(text: &str, in_a: &[&TextBound], in_b: &[&TextBound]) -> Vec<(String, String)> {
    let tokens = tokenize(text);
    let spans: Vec<CharSpan> = tokens.iter().map(|t| t.chars).collect();
    innermost_labels(&spans, in_a).into_iter().zip(innermost_labels(&spans, in_b)).collect()
}

/// For each token (in order), the label of the innermost annotation with a
/// fragment overlapping it (shortest extent, then label), `O` for none.
/// One sweep: fragments join the active set as the tokens reach their start
/// and leave it once the tokens pass their end, so the whole is
/// O((tokens + fragments) log fragments), not tokens × annotations.
fn innermost_labels(tokens: &[CharSpan], side: &[&TextBound]) -> Vec<String> {
    let mut fragments: Vec<(CharSpan, usize)> =
        side.iter().enumerate().flat_map(|(i, tb)| tb.fragments.iter().map(move |f| (*f, i))).collect();
    fragments.sort_by_key(|(f, _)| f.start);
    // (extent length, label, fragment index): the first is the innermost.
    let key = |k: usize| {
        let (_, i) = fragments[k];
        (side[i].extent().len(), side[i].label.as_str(), k)
    };
    let mut active: BTreeSet<(usize, &str, usize)> = BTreeSet::new();
    let mut ending: BinaryHeap<Reverse<(usize, usize)>> = BinaryHeap::new();
    let mut next = 0;
    let mut labels = Vec::with_capacity(tokens.len());
    for token in tokens {
        while next < fragments.len() && fragments[next].0.start < token.end {
            active.insert(key(next));
            ending.push(Reverse((fragments[next].0.end, next)));
            next += 1;
        }
        while let Some(&Reverse((end, k))) = ending.peek() {
            if end > token.start {
                break;
            }
            ending.pop();
            active.remove(&key(k));
        }
        labels.push(active.first().map_or_else(|| "O".to_string(), |(_, label, _)| label.to_string()));
    }
    labels
}

/// How many free annotations starting before an unmatched one are tried
/// for an overlap.
const OVERLAP_LOOKBACK: usize = 64;

#[cfg(test)]
mod tests {
    use super::*;
    use byline_core::standoff::parse;

    const MEETING: &str = "Ana Lima met Kim Yo Jong in Seoul on Monday.";
    const MINISTRY: &str = "Officials spoke.\nThe ministry said it would wait.";

    fn docs<'a>(files: &'a [(&'a str, &'a str, AnnFile)]) -> Vec<AnnotatedDoc<'a>> {
        files.iter().map(|(name, text, ann)| AnnotatedDoc { name, text, ann }).collect()
    }

    /// Two annotators on two short articles; every number below was worked
    /// out by hand (see the comments).
    #[test]
    fn scores_kappa_and_disagreements_match_a_hand_count() {
        let a = [
            (
                "meeting.txt",
                MEETING,
                parse(
                    "T1\tPerson 0 8\tAna Lima\nT2\tPerson 13 24\tKim Yo Jong\n\
                     T3\tLocation 28 33\tSeoul\nT4\tDate 37 43\tMonday\n",
                ),
            ),
            ("ministry.txt", MINISTRY, parse("")),
        ];
        let b = [
            (
                "meeting.txt",
                MEETING,
                parse(
                    "T1\tPerson 0 8\tAna Lima\nT2\tPerson 13 16\tKim\nT3\tOrganization 28 33\tSeoul\n\
                     T4\tDate 37 43\tMonday\nT5\tPerson 9 12\tmet\nA1\tRejected T5\n",
                ),
            ),
            ("ministry.txt", MINISTRY, parse("T1\tOrganization 21 29\tministry\n")),
        ];
        let result = compare(&docs(&a), &docs(&b));
        assert_eq!(result.files, 2);
        let score = |label: &str| result.per_type.iter().find(|s| s.label == label).unwrap().clone();
        // Person: A 2, B 2 (the rejected `met` does not count), 1 exact.
        assert_eq!(score("Person"), Score::new("Person", 2, 2, 1));
        assert_eq!((score("Person").precision, score("Person").f1), (Some(0.5), Some(0.5)));
        // Location: B has none, so precision is undefined and F1 is 0.
        assert_eq!(
            (score("Location").precision, score("Location").recall, score("Location").f1),
            (None, Some(0.0), Some(0.0))
        );
        // Organization: A has none.
        assert_eq!((score("Organization").in_b, score("Organization").recall), (2, None));
        assert_eq!(score("Date").f1, Some(1.0));
        // Overall: A 4, B 5, 2 exact: P 0.4, R 0.5, F1 = 0.4/0.9.
        assert_eq!((result.overall.in_a, result.overall.in_b, result.overall.matched), (4, 5, 2));
        assert!((result.overall.f1.unwrap() - 0.4 / 0.9).abs() < 1e-12);

        // Tokens: 11 in the meeting, 10 in the ministry article; they agree
        // on 8 + 9 = 17. A: Person 5, Location 1, Date 1, O 14; B: Person 3,
        // Organization 2, Date 1, O 15. Chance: (5*3 + 1*1 + 14*15) / 21^2
        // = 226/441; kappa = (357 - 226) / (441 - 226) = 131/215.
        assert_eq!(result.tokens, 21);
        assert!((result.observed_agreement.unwrap() - 17.0 / 21.0).abs() < 1e-12);
        assert!((result.kappa.unwrap() - 131.0 / 215.0).abs() < 1e-12, "{:?}", result.kappa);

        let found: Vec<(&str, usize, DisagreementKind, String)> = result
            .disagreements
            .iter()
            .map(|d| {
                let text = d.a.as_ref().or(d.b.as_ref()).unwrap().text.clone();
                (d.file.as_str(), d.line, d.kind, text)
            })
            .collect();
        assert_eq!(
            found,
            [
                ("meeting.txt", 1, DisagreementKind::Label, "Seoul".to_string()),
                ("meeting.txt", 1, DisagreementKind::Boundary, "Kim Yo Jong".to_string()),
                ("ministry.txt", 2, DisagreementKind::OnlyInB, "ministry".to_string()),
            ]
        );
    }

    #[test]
    fn identical_annotators_agree_fully_and_unpaired_or_changed_files_are_listed() {
        let ann = parse("T1\tPerson 0 8\tAna Lima\n");
        let a = [("meeting.txt", MEETING, ann.clone()), ("only-a.txt", "x", parse(""))];
        let b = [("meeting.txt", MEETING, ann), ("changed.txt", "y", parse(""))];
        let mut a_docs = docs(&a);
        let changed = [("changed.txt", "z", parse(""))];
        a_docs.extend(docs(&changed));
        let result = compare(&a_docs, &docs(&b));
        assert_eq!(result.kappa, Some(1.0));
        assert_eq!(result.overall.f1, Some(1.0));
        assert!(result.disagreements.is_empty());
        assert_eq!(result.unpaired, ["a/only-a.txt"]);
        assert_eq!(result.text_differs, ["changed.txt"]);
    }

    #[test]
    fn nothing_to_compare_leaves_kappa_undefined() {
        let result = compare(&[], &[]);
        assert_eq!((result.tokens, result.kappa, result.overall.f1), (0, None, None));
        let a = [("plain.txt", "No names here.", parse(""))];
        let result = compare(&docs(&a), &docs(&a));
        assert_eq!(result.kappa, None, "every token O on both sides: chance agreement is total");
        assert_eq!(result.observed_agreement, Some(1.0));
    }

    #[test]
    fn quotes_on_the_same_words_are_compared_on_their_kind_of_speech() {
        const TEXT: &str = "Kim said the talks would resume. Lee said the plan was \"a dead end\".";
        let quotes = "T1\tQuote 9 31\tthe talks would resume\nT2\tQuote 42 67\tthe plan was \"a dead end\"\n";
        let a = [("talks.txt", TEXT, parse(&format!("{quotes}A1\tReported T1 yes\nA2\tReported T2 mixed\n")))];
        // B: the first reported too (a binary attribute), the second direct.
        let b = [("talks.txt", TEXT, parse(&format!("{quotes}A1\tReported T1\n")))];
        let result = compare(&docs(&a), &docs(&b));
        // Both quotes match on their span: the kind is scored apart.
        assert_eq!(result.overall.f1, Some(1.0));
        assert_eq!(result.quote_kinds, QuoteKinds { compared: 2, agreeing: 1, agreement: Some(0.5) });
        let [d] = result.disagreements.as_slice() else { panic!("{:#?}", result.disagreements) };
        assert_eq!(d.kind, DisagreementKind::QuoteKind);
        assert_eq!((d.a.as_ref().unwrap().kind, d.b.as_ref().unwrap().kind), (Some("mixed"), Some("direct")));
        assert_eq!(d.a.as_ref().unwrap().text, "the plan was \"a dead end\"");
    }
}
