//! JSONL spans as spaCy and Prodigy write them: one JSON object per
//! article, `{"text", "spans": [{"start", "end", "label", "token_start",
//! "token_end"}], "tokens", "relations", "meta"}`, offsets in code points.
//!
//! Byline adds what a `.ann` needs to come back whole: each span's brat `id`
//! and recorded `text` (and `fragments` when discontinuous), each relation's
//! `id`, and every other `.ann` line (attributes, normalisations, notes,
//! events...) verbatim under `standoff`. Prodigy and spaCy ignore keys they
//! do not know; records they wrote (no ids) import too. A quote span also
//! carries its `kind` (`direct`, `reported`, `mixed`: its `Reported`
//! attribute), as `byline annotate --jsonl` writes quotes; on import a
//! `kind` the `.ann` lines do not already say becomes that attribute.

use super::tokens::{tokenize, Token};
use crate::standoff::{labels, AnnFile, Annotation, Argument, CharSpan, OffsetMap, Relation, TextBound};
use crate::QuoteKind;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    pub text: String,
    /// Prodigy's list; spaCy's `Doc.to_json` writes span groups instead
    /// (`{"sc": [...]}`), read as one list.
    #[serde(default, deserialize_with = "list_or_groups")]
    pub spans: Vec<RecordSpan>,
    /// spaCy's `Doc.to_json` named entities; read, never written.
    #[serde(default, skip_serializing)]
    pub ents: Vec<RecordSpan>,
    #[serde(default)]
    pub tokens: Vec<RecordToken>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub relations: Vec<RecordRelation>,
    #[serde(default)]
    pub meta: Meta,
    /// `.ann` lines that are neither text-bound annotations nor relations
    /// between them, as written.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub standoff: Vec<String>,
    /// The `.ann`'s lines in their original order: a span's or relation's
    /// id, or `=N` for `standoff[N]`, so import writes the lines back as
    /// they were (a brat round trip is byte for byte).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ann_order: Vec<String>,
    /// Each `.ann` line's ending in that order (`"\r\n"`, `"\n"`, or `""`
    /// for a last line without one); only for a file whose lines do not all
    /// end in `"\n"`, so CRLF files and a missing final newline come back.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ann_line_ends: Vec<String>,
    /// Prodigy's verdict on the task; `reject` and `ignore` are not annotations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<String>,
}

fn list_or_groups<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Vec<RecordSpan>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Spans {
        List(Vec<RecordSpan>),
        Groups(std::collections::BTreeMap<String, Vec<RecordSpan>>),
    }
    Ok(match Spans::deserialize(deserializer)? {
        Spans::List(list) => list,
        Spans::Groups(groups) => groups.into_values().flatten().collect(),
    })
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Meta {
    /// The article's path relative to the corpus root.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecordSpan {
    pub start: usize,
    pub end: usize,
    pub label: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_start: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_end: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The text the `.ann` records (it can differ from the article's when
    /// the annotation is stale).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// The pieces of a discontinuous annotation; `start`/`end` are then its extent.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fragments: Vec<[usize; 2]>,
    /// For a quote: `direct`, `reported` or `mixed`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
}

/// The quote kind a record's `kind` names.
fn quote_kind(kind: &str) -> Option<QuoteKind> {
    [QuoteKind::Direct, QuoteKind::Reported, QuoteKind::Mixed].into_iter().find(|k| k.as_str() == kind)
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecordToken {
    pub text: String,
    pub start: usize,
    pub end: usize,
    pub id: usize,
    /// Whether whitespace follows (spaCy's `whitespace_`).
    pub ws: bool,
}

/// Prodigy's relation shape: `head`/`child` are token indices (the last
/// token of each span), `head_span`/`child_span` the spans themselves.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecordRelation {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub head: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub child: Option<usize>,
    pub head_span: RecordSpan,
    pub child_span: RecordSpan,
    pub label: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// brat's argument roles when they are not `Arg1`/`Arg2`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roles: Option<[String; 2]>,
}

/// The first and last token a span touches.
fn token_range(tokens: &[Token], span: CharSpan) -> Option<(usize, usize)> {
    let first = tokens.partition_point(|t| t.chars.end <= span.start);
    let past = tokens.partition_point(|t| t.chars.start < span.end);
    (first < past).then(|| (first, past - 1))
}

fn record_span(tb: &TextBound, tokens: &[Token]) -> RecordSpan {
    let extent = tb.extent();
    let (token_start, token_end) = token_range(tokens, extent).unzip();
    RecordSpan {
        start: extent.start,
        end: extent.end,
        label: tb.label.clone(),
        token_start,
        token_end,
        id: Some(tb.id.clone()),
        text: Some(tb.text.clone()),
        fragments: if tb.fragments.len() > 1 {
            tb.fragments.iter().map(|f| [f.start, f.end]).collect()
        } else {
            Vec::new()
        },
        kind: None,
    }
}

/// An article and its annotations as one JSONL record.
pub fn to_record(text: &str, ann: &AnnFile, source: Option<&str>) -> Record {
    let tokens = tokenize(text);
    let record_tokens = tokens
        .iter()
        .enumerate()
        .map(|(id, t)| RecordToken {
            text: t.text(text).to_string(),
            start: t.chars.start,
            end: t.chars.end,
            id,
            ws: text[t.bytes.end..].starts_with(char::is_whitespace),
        })
        .collect();
    let lookup = ann.index();
    let spans: Vec<RecordSpan> = ann
        .text_bounds()
        .map(|tb| {
            let kind = (tb.label == labels::QUOTE).then(|| lookup.quote_kind_of(&tb.id).as_str().to_string());
            RecordSpan { kind, ..record_span(tb, &tokens) }
        })
        .collect();
    let by_id: HashMap<&str, &RecordSpan> = spans.iter().filter_map(|s| Some((s.id.as_deref()?, s))).collect();
    let mut relations = Vec::new();
    let mut standoff = Vec::new();
    let mut ann_order = Vec::new();
    for line in ann.lines() {
        let before = (relations.len(), standoff.len());
        match line.annotation() {
            Annotation::TextBound(tb) => ann_order.push(tb.id.clone()),
            Annotation::Blank => standoff.push(line.raw().to_string()),
            Annotation::Relation(r) if r.args.len() == 2 => {
                let (head, child) = (&r.args[0], &r.args[1]);
                match (by_id.get(head.target.as_str()), by_id.get(child.target.as_str())) {
                    (Some(head_span), Some(child_span)) => relations.push(RecordRelation {
                        head: head_span.token_end,
                        child: child_span.token_end,
                        head_span: (*head_span).clone(),
                        child_span: (*child_span).clone(),
                        label: r.label.clone(),
                        id: Some(r.id.clone()),
                        roles: (head.role != "Arg1" || child.role != "Arg2")
                            .then(|| [head.role.clone(), child.role.clone()]),
                    }),
                    _ => standoff.push(line.raw().to_string()),
                }
            }
            _ => standoff.push(line.raw().to_string()),
        }
        if relations.len() > before.0 {
            ann_order.push(relations.last().and_then(|r: &RecordRelation| r.id.clone()).unwrap_or_default());
        } else if standoff.len() > before.1 {
            ann_order.push(format!("={}", standoff.len() - 1));
        }
    }
    let ann_line_ends = if ann.lines().iter().all(|line| line.terminator() == "\n") {
        Vec::new()
    } else {
        ann.lines().iter().map(|line| line.terminator().to_string()).collect()
    };
    Record {
        text: text.to_string(),
        spans,
        tokens: record_tokens,
        relations,
        ents: Vec::new(),
        meta: Meta { source: source.map(str::to_string) },
        standoff,
        ann_order,
        ann_line_ends,
        answer: None,
    }
}

/// Why part of a record could not become an annotation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportProblem {
    pub message: String,
}

/// The brat type for a label as spaCy, Prodigy or CoNLL data spell it
/// (`PERSON`, `ORG`, `GPE`); other labels are kept as written.
pub fn brat_label(label: &str) -> String {
    match label {
        "PERSON" | "PER" => labels::PERSON.to_string(),
        "ORG" | "ORGANIZATION" => labels::ORGANIZATION.to_string(),
        "GPE" | "LOC" | "LOCATION" => labels::LOCATION.to_string(),
        "DATE" => labels::DATE.to_string(),
        _ => label.to_string(),
    }
}

/// A record's annotations as a `.ann`: text-bound annotations first (with
/// their ids, or fresh ones), then relations, then the verbatim lines.
pub fn to_ann(record: &Record) -> (AnnFile, Vec<ImportProblem>) {
    let map = OffsetMap::new(&record.text);
    let mut ann = AnnFile::default();
    let mut problems = Vec::new();
    // Ids the record names must not be handed out again as fresh ones.
    // spaCy's entities that its span groups do not already hold.
    let mut spans = record.spans.clone();
    for ent in &record.ents {
        if !spans.iter().any(|s| s.start == ent.start && s.end == ent.end && s.label == ent.label) {
            spans.push(ent.clone());
        }
    }
    let mut used: HashSet<String> = spans.iter().filter_map(|s| s.id.clone()).collect();
    let mut counter = 0;
    let mut fresh_id = move || loop {
        counter += 1;
        let id = format!("T{counter}");
        if used.insert(id.clone()) {
            return id;
        }
    };
    let mut ids_by_span: HashMap<(usize, usize, String), String> = HashMap::new();
    let mut kinds: Vec<(String, QuoteKind)> = Vec::new();
    for (i, s) in spans.iter().enumerate() {
        let fragments: Vec<CharSpan> = if s.fragments.is_empty() {
            vec![CharSpan::new(s.start, s.end)]
        } else {
            s.fragments.iter().map(|[a, b]| CharSpan::new(*a, *b)).collect()
        };
        let text = match &s.text {
            Some(text) => text.clone(),
            None => match fragments.iter().map(|f| map.slice(*f)).collect::<Option<Vec<_>>>() {
                Some(pieces) if fragments.iter().all(|f| f.start < f.end) => pieces.join(" "),
                _ => {
                    problems.push(ImportProblem {
                        message: format!(
                            "span {} ({}..{} {}) does not fit the text of {} characters",
                            i + 1,
                            s.start,
                            s.end,
                            s.label,
                            map.char_len()
                        ),
                    });
                    continue;
                }
            },
        };
        let id = s.id.clone().unwrap_or_else(&mut fresh_id);
        let label = brat_label(&s.label);
        ids_by_span.insert((s.start, s.end, label.clone()), id.clone());
        if let Some(kind) = s.kind.as_deref().and_then(quote_kind).filter(|_| label == labels::QUOTE) {
            kinds.push((id.clone(), kind));
        }
        ann.push(Annotation::TextBound(TextBound { id, label, fragments, text }));
    }
    for (i, r) in record.relations.iter().enumerate() {
        let find = |span: &RecordSpan| -> Option<String> {
            span.id.clone().or_else(|| ids_by_span.get(&(span.start, span.end, brat_label(&span.label))).cloned())
        };
        let (Some(head), Some(child)) = (find(&r.head_span), find(&r.child_span)) else {
            problems.push(ImportProblem {
                message: format!("relation {} ({}) names a span that is not among the record's spans", i + 1, r.label),
            });
            continue;
        };
        let [head_role, child_role] = r.roles.clone().unwrap_or_else(|| ["Arg1".to_string(), "Arg2".to_string()]);
        let id = r.id.clone().unwrap_or_else(|| ann.fresh_id('R'));
        ann.push(Annotation::Relation(Relation {
            id,
            label: r.label.clone(),
            args: vec![Argument { role: head_role, target: head }, Argument { role: child_role, target: child }],
        }));
    }
    // Verbatim lines: parsed as a `.ann` of their own so their raw bytes are kept.
    if !record.standoff.is_empty() {
        let mut text = crate::standoff::write(&ann);
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        for line in &record.standoff {
            text.push_str(&line.replace(['\r', '\n'], " "));
            text.push('\n');
        }
        ann = crate::standoff::parse(&text);
    }
    if !record.ann_order.is_empty() {
        ann = in_recorded_order(&ann, record);
    }
    // A kind the lines do not already say (a record from another tool, or
    // one edited there) becomes the quote's `Reported` attribute; after the
    // recorded order, so the lines the record places keep their places.
    for (id, kind) in kinds {
        if ann.quote_kind_of(&id) != kind {
            let _ = ann.set_quote_kind(&id, kind);
        }
    }
    (ann, problems)
}

/// The `.ann` with its lines in the order the record says they had; lines
/// the record does not place (added in another tool) follow, as they are.
fn in_recorded_order(ann: &AnnFile, record: &Record) -> AnnFile {
    let mut placed = vec![false; ann.lines().len()];
    let mut text = String::new();
    let standoff_start = ann.lines().len() - record.standoff.len();
    for (line, key) in record.ann_order.iter().enumerate() {
        let index = match key.strip_prefix('=').and_then(|n| n.parse::<usize>().ok()) {
            Some(n) if n < record.standoff.len() => Some(standoff_start + n),
            Some(_) => None,
            None => ann.lines()[..standoff_start].iter().position(|l| l.annotation().id() == Some(key.as_str())),
        };
        if let Some(i) = index.filter(|i| !placed[*i]) {
            // The line's recorded ending; a line placed after one recorded
            // without an ending (it was last) gets one.
            let end = match record.ann_line_ends.get(line) {
                Some(end) if matches!(end.as_str(), "\n" | "\r\n" | "") => end.as_str(),
                _ => "\n",
            };
            if !text.is_empty() && !text.ends_with('\n') {
                text.push('\n');
            }
            placed[i] = true;
            text.push_str(ann.lines()[i].raw());
            text.push_str(end);
        }
    }
    for (line, _) in ann.lines().iter().zip(&placed).filter(|(_, placed)| !**placed) {
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        text.push_str(line.raw());
        text.push('\n');
    }
    crate::standoff::parse(&text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interchange::same_annotations;
    use crate::standoff::{parse, write};

    const TEXT: &str = "Kurt Campbell said \"we welcome it\" in 서울 on Tuesday.\n";

    fn ann() -> AnnFile {
        parse(
            "T1\tPerson 0 13\tKurt Campbell\n\
             T2\tQuote 19 34\t\"we welcome it\"\n\
             T3\tLocation 38 40\t서울\n\
             R1\tSaidBy Arg1:T2 Arg2:T1\n\
             N1\tReference T1 byline:kurt-campbell\tKurt Campbell\n\
             T4\tDate 44 51\tTuesday\n\
             A1\tRejected T4\n\
             #1\tAnnotatorNotes T2\tchecked\twith the desk\n\
             T5\tPerson 0 4;5 13\tKurt Campbell\n",
        )
    }

    #[test]
    fn ann_lines_come_back_in_their_order_byte_for_byte() {
        let text = "T1\tPerson 0 13\tKurt Campbell\nE1\tSay:T2 Speaker:T1\nT2\tCue 58 62\tsaid\n\
                    A1\tRejected T2\nR1\tSaidBy Arg1:T3 Arg2:T1\n#1\tAnnotatorNotes T1\tchecked\n\
                    T3\tQuote 19 34\t\"we welcome it\"\nN1\tReference T1 byline:kurt-campbell\tKurt Campbell\n";
        let record = to_record(TEXT, &parse(text), None);
        let (ann, problems) = to_ann(&record);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(write(&ann), text);
    }

    #[test]
    fn crlf_line_ends_and_a_missing_final_newline_come_back() {
        for text in [
            "T1\tPerson 0 13\tKurt Campbell\r\nA1\tRejected T1\r\nT2\tDate 44 51\tTuesday",
            "T1\tPerson 0 13\tKurt Campbell\nR1\tSaidBy Arg1:T2 Arg2:T1\r\nT2\tQuote 19 34\t\"we welcome it\"",
            "T1\tPerson 0 13\tKurt Campbell",
        ] {
            let record = to_record(TEXT, &parse(text), None);
            let line = serde_json::to_string(&record).unwrap();
            let (ann, problems) = to_ann(&serde_json::from_str(&line).unwrap());
            assert!(problems.is_empty(), "{problems:?}");
            assert_eq!(write(&ann), text);
        }
        let plain = to_record(TEXT, &parse("T1\tPerson 0 13\tKurt Campbell\n"), None);
        assert!(plain.ann_line_ends.is_empty(), "plain files carry no line ends");
    }

    #[test]
    fn records_use_code_points_and_prodigy_token_indices() {
        let record = to_record(TEXT, &ann(), Some("desk/a.txt"));
        let seoul = &record.spans[2];
        assert_eq!((seoul.start, seoul.end, seoul.label.as_str()), (38, 40, "Location"));
        let token = &record.tokens[seoul.token_start.unwrap()];
        assert_eq!((token.text.as_str(), token.start), ("서울", 38));
        assert_eq!(record.relations[0].head_span.id.as_deref(), Some("T2"));
        assert_eq!(record.relations[0].head, record.spans[1].token_end);
        assert_eq!(record.spans[4].fragments, [[0, 4], [5, 13]]);
        assert_eq!(record.standoff.len(), 3, "normalisation, attribute and note travel verbatim");
        assert_eq!(record.meta.source.as_deref(), Some("desk/a.txt"));
    }

    #[test]
    fn a_record_comes_back_as_the_same_annotations() {
        let original = ann();
        let (back, problems) = to_ann(&to_record(TEXT, &original, None));
        assert!(problems.is_empty(), "{problems:?}");
        assert!(same_annotations(&original, &back), "{}", write(&back));
    }

    #[test]
    fn spacy_doc_json_with_span_groups_and_ents_imports() {
        // spaCy's `Doc.to_json`: entities, and span groups that repeat one.
        let record = Record {
            text: "Ana Lima met Kim in Busan.".into(),
            spans: vec![span(13, 16, "PERSON"), span(0, 8, "PERSON")],
            ents: vec![span(0, 8, "PERSON"), span(20, 25, "GPE")],
            tokens: vec![],
            relations: vec![],
            meta: Meta::default(),
            standoff: vec![],
            ann_order: Vec::new(),
            ann_line_ends: Vec::new(),
            answer: None,
        };
        let (ann, problems) = to_ann(&record);
        assert!(problems.is_empty());
        assert_eq!(write(&ann), "T1\tPerson 13 16\tKim\nT2\tPerson 0 8\tAna Lima\nT3\tLocation 20 25\tBusan\n");
    }

    #[test]
    fn hostile_spans_are_reported_never_panic() {
        let text = "조태용 👍 ok";
        let mut reversed = span(5, 2, "PERSON");
        reversed.fragments = vec![[5, 2]];
        let record = Record {
            text: text.into(),
            spans: vec![reversed, span(usize::MAX - 1, usize::MAX, "ORG"), span(0, 0, "DATE"), span(4, 5, "Emoji")],
            ents: vec![],
            tokens: vec![],
            relations: vec![RecordRelation {
                head: Some(99),
                child: None,
                head_span: span(1, 2, "X"),
                child_span: span(4, 5, "Emoji"),
                label: "Odd".into(),
                id: None,
                roles: None,
            }],
            meta: Meta::default(),
            standoff: vec!["R7\tbroken line\r\nwith a break".into()],
            ann_order: Vec::new(),
            ann_line_ends: Vec::new(),
            answer: None,
        };
        let (ann, problems) = to_ann(&record);
        assert_eq!(problems.len(), 4, "{problems:?}");
        assert_eq!(ann.text_bounds().map(|t| t.text.as_str()).collect::<Vec<_>>(), ["👍"]);
        assert_eq!(ann.lines().len(), 2, "the verbatim line stays one line: {}", write(&ann));
        let back = to_record(text, &ann, None);
        assert_eq!(back.spans[0].token_start, Some(1));
    }

    fn span(start: usize, end: usize, label: &str) -> RecordSpan {
        RecordSpan {
            start,
            end,
            label: label.into(),
            token_start: None,
            token_end: None,
            id: None,
            text: None,
            fragments: vec![],
            kind: None,
        }
    }

    #[test]
    fn prodigy_records_without_ids_get_fresh_ids_and_brat_labels() {
        let record = Record {
            text: "Ana Lima joined Petrobras.".to_string(),
            spans: vec![
                RecordSpan {
                    start: 0,
                    end: 8,
                    label: "PERSON".into(),
                    token_start: Some(0),
                    token_end: Some(1),
                    id: None,
                    text: None,
                    fragments: vec![],
                    kind: None,
                },
                RecordSpan {
                    start: 16,
                    end: 25,
                    label: "ORG".into(),
                    token_start: Some(3),
                    token_end: Some(3),
                    id: None,
                    text: None,
                    fragments: vec![],
                    kind: None,
                },
                RecordSpan {
                    start: 20,
                    end: 90,
                    label: "ORG".into(),
                    token_start: None,
                    token_end: None,
                    id: None,
                    text: None,
                    fragments: vec![],
                    kind: None,
                },
            ],
            ents: vec![],
            tokens: vec![],
            relations: vec![],
            meta: Meta::default(),
            standoff: vec![],
            ann_order: Vec::new(),
            ann_line_ends: Vec::new(),
            answer: Some("accept".into()),
        };
        let (ann, problems) = to_ann(&record);
        assert_eq!(write(&ann), "T1\tPerson 0 8\tAna Lima\nT2\tOrganization 16 25\tPetrobras\n");
        assert_eq!(problems.len(), 1);
        assert!(problems[0].message.contains("span 3 (20..90 ORG) does not fit"), "{problems:?}");
    }

    #[test]
    fn a_quotes_kind_travels_as_kind_and_comes_back_as_its_attribute() {
        let text = "Kim said the talks would resume. \"We agree,\" Lee said.\n";
        let ann =
            parse("T1\tQuote 9 31\tthe talks would resume\nA1\tReported T1 yes\nT2\tQuote 33 44\t\"We agree,\"\n");
        let record = to_record(text, &ann, None);
        let kinds: Vec<Option<&str>> = record.spans.iter().map(|s| s.kind.as_deref()).collect();
        assert_eq!(kinds, [Some("reported"), Some("direct")]);
        // The round trip is byte for byte.
        assert_eq!(write(&to_ann(&record).0), write(&ann));
        // A record from another tool: its kind becomes the attribute.
        let mut plain = record.clone();
        (plain.standoff, plain.ann_order) = (Vec::new(), Vec::new());
        plain.spans[1].kind = Some("mixed".into());
        let (back, problems) = to_ann(&plain);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(back.quote_kind_of("T1"), QuoteKind::Reported, "{}", write(&back));
        assert_eq!(back.quote_kind_of("T2"), QuoteKind::Mixed, "{}", write(&back));
    }
}
