//! `byline annotate --jsonl`: the evaluation format of `shared/eval/FORMAT.md`.
//! Input and output offsets are Unicode code points, end exclusive.

use byline_core::span::CodePointCounter;
use byline_core::{analyze, Analysis, AnalyzeOptions, CivilDate, EntityLabel, Gazetteer, TimexType};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use serde_json::Value;
use std::io::{BufRead, Write};
use std::sync::Arc;

#[derive(Deserialize)]
struct InputLine {
    /// Copied to the output as written: an integer id past 64 bits would
    /// come back as a float through a `Value`.
    id: Box<RawValue>,
    text: String,
    #[serde(default)]
    dct: Option<String>,
}

/// Articles are analysed in batches so that output stays in input order
/// while both cores work.
const BATCH_LINES: usize = 256;

/// Reads JSONL articles from `input` and writes one JSONL result per good
/// line, finding entities with `gazetteer` (a registry's, or the built-in
/// lists for `None`). Returns how many lines were bad (each reported on
/// `errors`).
pub fn run(
    input: impl BufRead,
    mut output: impl Write,
    mut errors: impl Write,
    gazetteer: Option<Arc<Gazetteer>>,
) -> std::io::Result<usize> {
    let mut bad = 0;
    let mut batch: Vec<(usize, String)> = Vec::with_capacity(BATCH_LINES);
    let mut lines = input.lines().enumerate();
    loop {
        batch.clear();
        for (n, line) in lines.by_ref() {
            match line {
                Ok(line) => batch.push((n + 1, line)),
                Err(e) => {
                    writeln!(errors, "stdin:{}: not UTF-8 text: {e}", n + 1)?;
                    bad += 1;
                }
            }
            if batch.len() == BATCH_LINES {
                break;
            }
        }
        if batch.is_empty() {
            break;
        }
        let results: Vec<Result<String, String>> =
            batch.par_iter().map(|(n, line)| annotate_line(*n, line, &gazetteer)).collect();
        for result in results {
            match result {
                Ok(out) if out.is_empty() => {}
                Ok(out) => writeln!(output, "{out}")?,
                Err(message) => {
                    writeln!(errors, "{message}")?;
                    bad += 1;
                }
            }
        }
    }
    output.flush()?;
    Ok(bad)
}

fn annotate_line(n: usize, line: &str, gazetteer: &Option<Arc<Gazetteer>>) -> Result<String, String> {
    if line.trim().is_empty() {
        return Ok(String::new());
    }
    // serde reads a struct from an array too (`["a", "text"]`): only an object is a line.
    if !line.trim_start().starts_with('{') {
        let found = match line.trim_start().chars().next() {
            Some('[') => "an array",
            Some('"') => "a string",
            _ => "something else",
        };
        return Err(format!("stdin:{n}: expected a JSON object with \"id\" and \"text\", found {found}"));
    }
    let input: InputLine = serde_json::from_str(line).map_err(|e| {
        format!("stdin:{n}: expected a JSON object with \"id\" and \"text\" (and optional \"dct\"): {e}")
    })?;
    let publication_date = match input.dct.as_deref() {
        None | Some("") => None,
        // Exactly `YYYY-MM-DD`: no spaces around it, nothing after it.
        Some(d) => Some(
            is_iso_date_shape(d)
                .then(|| CivilDate::parse_iso(d))
                .flatten()
                .ok_or_else(|| format!("stdin:{n}: \"dct\" must be YYYY-MM-DD or null, found {d:?}"))?,
        ),
    };
    let analysis = analyze(
        &input.text,
        &AnalyzeOptions { publication_date, gazetteer: gazetteer.clone(), ..AnalyzeOptions::default() },
    );
    serde_json::to_string(&OutputLine::of(&input.id, &input.text, &analysis))
        .map_err(|e| format!("stdin:{n}: cannot write the result: {e}"))
}

fn is_iso_date_shape(d: &str) -> bool {
    let b = d.as_bytes();
    b.len() == 10 && b.iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() })
}

/// An article's marks as a JSON value (what `annotate --format json` adds to).
pub fn to_json(id: &Value, text: &str, analysis: &Analysis) -> Value {
    let Ok(id) = serde_json::value::to_raw_value(id) else { return Value::Null };
    serde_json::to_value(OutputLine::of(&id, text, analysis)).unwrap_or_default()
}

/// One output line of FORMAT.md. Serialised straight from borrowed marks:
/// building a `serde_json::Value` tree first cost as much as the analysis.
/// Fields stay in alphabetical order, the order a `Value` map writes them in,
/// so the output is the same either way.
#[derive(Serialize)]
struct OutputLine<'a> {
    /// The publication date Byline used: the input's `dct`, else the one the
    /// article gives (front matter or dateline). `byline report --from`
    /// charts quotes over time with it.
    #[serde(skip_serializing_if = "Option::is_none")]
    dct: Option<String>,
    entities: Vec<EntityOut<'a>>,
    id: &'a RawValue,
    quotes: Vec<QuoteOut<'a>>,
    timex: Vec<TimexOut<'a>>,
}

#[derive(Serialize)]
struct QuoteOut<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    cue_text: Option<&'a str>,
    /// Reported and mixed speech (`called it "a disgrace"`) are not direct:
    /// FORMAT.md's `direct` says which; `kind` says which of the two.
    direct: bool,
    end: usize,
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    speaker: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    speaker_end: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    speaker_start: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    speaker_text: Option<&'a str>,
    start: usize,
    /// Words quoted (marks left out), for share-of-voice by words.
    words: usize,
}

#[derive(Serialize)]
struct TimexOut<'a> {
    end: usize,
    #[serde(rename = "mod")]
    modifier: Option<&'static str>,
    start: usize,
    #[serde(rename = "type")]
    kind: TimexType,
    value: Option<&'a str>,
}

#[derive(Serialize)]
struct EntityOut<'a> {
    /// An ambiguous mention's possible entities (canonical names).
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    candidates: &'a [String],
    end: usize,
    /// The registry id when the mention is linked to an entry, otherwise the
    /// canonical name (FORMAT.md: "the canonical name it links to").
    entity: &'a str,
    label: EntityLabel,
    /// The canonical name, whether or not a registry links the mention.
    name: &'a str,
    start: usize,
    /// The registry's spelling when the text spells the name differently.
    #[serde(skip_serializing_if = "Option::is_none")]
    variant_of: Option<&'a str>,
}

impl<'a> OutputLine<'a> {
    fn of(id: &'a RawValue, text: &str, analysis: &'a Analysis) -> OutputLine<'a> {
        let points = CodePoints::of(text, analysis);
        let quotes = analysis
            .quotes
            .iter()
            .map(|q| {
                let a = q.speaker.as_ref();
                QuoteOut {
                    cue_text: a.and_then(|a| a.cue_text.as_deref()),
                    direct: q.is_direct(),
                    end: points.at(q.span.end),
                    kind: q.kind.as_str(),
                    speaker: a.map(|a| a.speaker.as_str()),
                    speaker_end: a.map(|a| points.at(a.mention.end)),
                    speaker_start: a.map(|a| points.at(a.mention.start)),
                    speaker_text: a.map(|a| a.mention_text.as_str()),
                    start: points.at(q.span.start),
                    words: quoted_words(text, q),
                }
            })
            .collect();
        let timex = analysis
            .dates
            .iter()
            .map(|t| TimexOut {
                end: points.at(t.span.end),
                modifier: t.modifier,
                start: points.at(t.span.start),
                kind: t.kind,
                value: t.value.as_deref(),
            })
            .collect();
        let entities = analysis
            .entities
            .iter()
            .map(|e| EntityOut {
                candidates: &e.candidates,
                end: points.at(e.span.end),
                entity: e.entity.as_deref().unwrap_or(&e.canonical),
                label: e.label,
                name: &e.canonical,
                start: points.at(e.span.start),
                variant_of: e.variant_of.as_deref(),
            })
            .collect();
        let dct = analysis.publication_date.as_ref().map(|d| d.date.to_string());
        OutputLine { dct, entities, id, quotes, timex }
    }
}

/// One output line of FORMAT.md for an article (no trailing newline); the
/// report reads the same facts from the analysis (a test checks they agree).
#[cfg(test)]
pub fn to_line(id: &Value, text: &str, analysis: &Analysis) -> serde_json::Result<String> {
    let id = serde_json::value::to_raw_value(id)?;
    serde_json::to_string(&OutputLine::of(&id, text, analysis))
}

/// The words of a quotation: its quoted stretches without the marks and
/// without an interrupting attribution.
pub fn quoted_words(text: &str, quote: &byline_core::Quote) -> usize {
    let count = |span: byline_core::Span| {
        text.get(span.start..span.end)
            .unwrap_or("")
            .split_whitespace()
            .filter(|w| w.chars().any(char::is_alphanumeric))
            .count()
    };
    if quote.fragments.is_empty() {
        count(quote.content)
    } else {
        quote.fragments.iter().map(|f| count(*f)).sum()
    }
}

/// Code point offsets for every byte offset the output names, found in one
/// forward pass over the text however the marks interleave.
struct CodePoints {
    bytes: Vec<usize>,
    points: Vec<usize>,
}

impl CodePoints {
    fn of(text: &str, analysis: &Analysis) -> CodePoints {
        // Two offsets per mark, four per attributed quote: sized up front,
        // as regrowing this per article showed in profiles.
        let marks = 2 * analysis.quotes.len() + analysis.dates.len() + analysis.entities.len();
        let mut bytes: Vec<usize> = Vec::with_capacity(2 * marks);
        for q in &analysis.quotes {
            bytes.extend([q.span.start, q.span.end]);
            if let Some(a) = &q.speaker {
                bytes.extend([a.mention.start, a.mention.end]);
            }
        }
        bytes.extend(analysis.dates.iter().flat_map(|t| [t.span.start, t.span.end]));
        bytes.extend(analysis.entities.iter().flat_map(|e| [e.span.start, e.span.end]));
        bytes.sort_unstable();
        bytes.dedup();
        let mut counter = CodePointCounter::new(text);
        let points = bytes.iter().map(|b| counter.to_code_points(*b)).collect();
        CodePoints { bytes, points }
    }

    fn at(&self, byte: usize) -> usize {
        self.bytes.binary_search(&byte).map(|i| self.points[i]).unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn offsets_are_code_points_for_every_layer() {
        let text = "Le ministre 👍 a dit: \"Nous sommes prêts,\" said Anne Dupont on Tuesday.";
        let analysis = byline_core::analyze(text, &byline_core::AnalyzeOptions::default());
        let out = to_json(&json!("x"), text, &analysis);
        let chars: Vec<char> = text.chars().collect();
        let cut = |s: &Value, e: &Value| {
            chars[s.as_u64().unwrap() as usize..e.as_u64().unwrap() as usize].iter().collect::<String>()
        };
        let q = &out["quotes"][0];
        assert_eq!(cut(&q["start"], &q["end"]), "\"Nous sommes prêts,\"");
        assert_eq!(cut(&q["speaker_start"], &q["speaker_end"]), "Anne Dupont");
        let d = &out["timex"][0];
        assert_eq!(cut(&d["start"], &d["end"]), "Tuesday");
    }

    #[test]
    fn ids_come_back_exactly_and_only_objects_with_exact_dates_are_lines() {
        let input = concat!(
            "{\"id\": 123456789012345678901234567890, \"text\": \"Hi.\"}\n",
            "[\"a\", \"text\"]\n",
            "{\"id\": \"c\", \"text\": \"Hi.\", \"dct\": \" 2020-01-02\"}\n",
            "{\"id\": \"d\", \"text\": \"Hi.\", \"dct\": \"2020-01-02\"}\n",
        );
        let (mut out, mut err) = (Vec::new(), Vec::new());
        assert_eq!(run(input.as_bytes(), &mut out, &mut err, None).unwrap(), 2);
        let (out, err) = (String::from_utf8(out).unwrap(), String::from_utf8(err).unwrap());
        let first = out.lines().next().unwrap();
        assert!(first.contains("\"id\":123456789012345678901234567890,"), "not a float: {first}");
        assert!(err.contains("stdin:2: expected a JSON object with \"id\" and \"text\", found an array"), "{err}");
        assert!(err.contains("stdin:3: \"dct\" must be YYYY-MM-DD or null, found \" 2020-01-02\""), "{err}");
        assert_eq!(out.lines().count(), 2);
    }

    #[test]
    fn bad_lines_are_reported_and_the_rest_processed() {
        let input = "{\"id\": \"a\", \"text\": \"Hello.\", \"dct\": null}\nnot json\n\n{\"id\": 7, \"text\": \"x\", \"dct\": \"2012-13-40\"}\n{\"id\": \"b\", \"text\": \"Bye.\"}\n";
        let mut out = Vec::new();
        let mut err = Vec::new();
        let bad = run(input.as_bytes(), &mut out, &mut err, None).unwrap();
        assert_eq!(bad, 2);
        let out = String::from_utf8(out).unwrap();
        let ids: Vec<Value> = out.lines().map(|l| serde_json::from_str::<Value>(l).unwrap()["id"].clone()).collect();
        assert_eq!(ids, vec![json!("a"), json!("b")]);
        let err = String::from_utf8(err).unwrap();
        assert!(err.contains("stdin:2:"), "{err}");
        assert!(err.contains("stdin:4:") && err.contains("2012-13-40"), "{err}");
    }

    #[test]
    fn entities_carry_the_registry_id_name_candidates_and_variant() {
        let text = "Kurt Campbell met Kim Jong Un in Seoul. Kim said little.";
        let mut analysis = byline_core::analyze(text, &byline_core::AnalyzeOptions::default());
        let at = |needle: &str| analysis.entities.iter().position(|e| e.text == needle).expect(needle);
        let (campbell, kim_full, kim) = (at("Kurt Campbell"), at("Kim Jong Un"), at("Kim"));
        analysis.entities[campbell].entity = Some("kurt-campbell".into());
        analysis.entities[kim_full].entity = Some("kim-jong-un".into());
        analysis.entities[kim_full].variant_of = Some("Kim Jong-un".into());
        analysis.entities[kim].entity = None;
        analysis.entities[kim].canonical = "Kim".into();
        analysis.entities[kim].candidates = vec!["Kim Jong Un".into(), "Kim Yo Jong".into()];
        let out = to_json(&json!("a"), text, &analysis);
        let entities = out["entities"].as_array().unwrap();
        assert_eq!(
            entities[campbell],
            json!({"start": 0, "end": 13, "label": "PER", "entity": "kurt-campbell", "name": "Kurt Campbell"})
        );
        assert_eq!(entities[kim_full]["entity"], "kim-jong-un");
        assert_eq!(entities[kim_full]["variant_of"], "Kim Jong-un");
        assert_eq!(entities[kim]["entity"], "Kim", "unlinked: the canonical name, as FORMAT.md has it");
        assert_eq!(entities[kim]["candidates"], json!(["Kim Jong Un", "Kim Yo Jong"]));
        assert!(entities[campbell].get("candidates").is_none() && entities[campbell].get("variant_of").is_none());
    }
}
