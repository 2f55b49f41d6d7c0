//! `byline annotate --jsonl`: the evaluation format of `shared/eval/FORMAT.md`.
//! Input and output offsets are Unicode code points, end exclusive.

use byline_core::span::CodePointCounter;
use byline_core::{analyze, Analysis, AnalyzeOptions, CivilDate};
use rayon::prelude::*;
use serde::Deserialize;
use serde_json::{json, Value};
use std::io::{BufRead, Write};

#[derive(Deserialize)]
struct InputLine {
    id: Value,
    text: String,
    #[serde(default)]
    dct: Option<String>,
}

/// Articles are analysed in batches so that output stays in input order
/// while both cores work.
const BATCH_LINES: usize = 256;

/// Reads JSONL articles from `input` and writes one JSONL result per good
/// line. Returns how many lines were bad (each reported on `errors`).
pub fn run(input: impl BufRead, mut output: impl Write, mut errors: impl Write) -> std::io::Result<usize> {
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
        let results: Vec<Result<String, String>> = batch.par_iter().map(|(n, line)| annotate_line(*n, line)).collect();
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

fn annotate_line(n: usize, line: &str) -> Result<String, String> {
    if line.trim().is_empty() {
        return Ok(String::new());
    }
    let input: InputLine = serde_json::from_str(line).map_err(|e| {
        format!("stdin:{n}: expected a JSON object with \"id\" and \"text\" (and optional \"dct\"): {e}")
    })?;
    let publication_date = match input.dct.as_deref() {
        None | Some("") => None,
        Some(d) => Some(
            CivilDate::parse_iso(d)
                .ok_or_else(|| format!("stdin:{n}: \"dct\" must be YYYY-MM-DD or null, found {d:?}"))?,
        ),
    };
    let analysis = analyze(&input.text, &AnalyzeOptions { publication_date });
    Ok(to_json(&input.id, &input.text, &analysis).to_string())
}

pub fn to_json(id: &Value, text: &str, analysis: &Analysis) -> Value {
    let points = CodePoints::of(text, analysis);
    let mut quotes = Vec::with_capacity(analysis.quotes.len());
    for q in &analysis.quotes {
        // A partial quotation inside reported speech (`called it "a disgrace"`) is
        // mixed, not direct, speech: FORMAT.md's `direct` says which.
        let mut quote = json!({"start": points.at(q.span.start), "end": points.at(q.span.end), "direct": !q.partial});
        if let Some(a) = &q.speaker {
            quote["speaker_text"] = json!(a.mention_text);
            quote["speaker_start"] = json!(points.at(a.mention.start));
            quote["speaker_end"] = json!(points.at(a.mention.end));
            quote["speaker"] = json!(a.speaker);
            if let Some(cue) = &a.cue_text {
                quote["cue_text"] = json!(cue);
            }
        }
        quotes.push(quote);
    }
    let timex: Vec<Value> = analysis
        .dates
        .iter()
        .map(|t| {
            json!({"start": points.at(t.span.start), "end": points.at(t.span.end),
                   "type": t.kind, "value": t.value, "mod": t.modifier})
        })
        .collect();
    let entities: Vec<Value> = analysis
        .entities
        .iter()
        .map(|e| {
            json!({"start": points.at(e.span.start), "end": points.at(e.span.end),
                   "label": e.label, "entity": e.canonical})
        })
        .collect();
    json!({"id": id, "quotes": quotes, "timex": timex, "entities": entities})
}

/// Code point offsets for every byte offset the output names, found in one
/// forward pass over the text however the marks interleave.
struct CodePoints {
    bytes: Vec<usize>,
    points: Vec<usize>,
}

impl CodePoints {
    fn of(text: &str, analysis: &Analysis) -> CodePoints {
        let mut bytes: Vec<usize> = Vec::new();
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
    fn bad_lines_are_reported_and_the_rest_processed() {
        let input = "{\"id\": \"a\", \"text\": \"Hello.\", \"dct\": null}\nnot json\n\n{\"id\": 7, \"text\": \"x\", \"dct\": \"2012-13-40\"}\n{\"id\": \"b\", \"text\": \"Bye.\"}\n";
        let mut out = Vec::new();
        let mut err = Vec::new();
        let bad = run(input.as_bytes(), &mut out, &mut err).unwrap();
        assert_eq!(bad, 2);
        let out = String::from_utf8(out).unwrap();
        let ids: Vec<Value> = out.lines().map(|l| serde_json::from_str::<Value>(l).unwrap()["id"].clone()).collect();
        assert_eq!(ids, vec![json!("a"), json!("b")]);
        let err = String::from_utf8(err).unwrap();
        assert!(err.contains("stdin:2:"), "{err}");
        assert!(err.contains("stdin:4:") && err.contains("2012-13-40"), "{err}");
    }
}
