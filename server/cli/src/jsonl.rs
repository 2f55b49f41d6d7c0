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
    // Offsets are asked for in increasing order within each layer, which keeps
    // the counter's forward scan cheap; it restarts when a layer begins again.
    let mut cp = CodePointCounter::new(text);
    let mut quotes = Vec::with_capacity(analysis.quotes.len());
    for q in &analysis.quotes {
        let start = cp.to_code_points(q.span.start);
        let end = cp.to_code_points(q.span.end);
        let mut quote = json!({"start": start, "end": end, "direct": true});
        if let Some(a) = &q.speaker {
            let mut spk = CodePointCounter::new(text);
            quote["speaker_text"] = json!(a.mention_text);
            quote["speaker_start"] = json!(spk.to_code_points(a.mention.start));
            quote["speaker_end"] = json!(spk.to_code_points(a.mention.end));
            quote["speaker"] = json!(a.speaker);
            if let Some(cue) = &a.cue_text {
                quote["cue_text"] = json!(cue);
            }
        }
        quotes.push(quote);
    }
    let mut cp = CodePointCounter::new(text);
    let timex: Vec<Value> = analysis
        .dates
        .iter()
        .map(|t| {
            json!({"start": cp.to_code_points(t.span.start), "end": cp.to_code_points(t.span.end),
                   "type": t.kind, "value": t.value})
        })
        .collect();
    let mut cp = CodePointCounter::new(text);
    let entities: Vec<Value> = analysis
        .entities
        .iter()
        .map(|e| {
            json!({"start": cp.to_code_points(e.span.start), "end": cp.to_code_points(e.span.end),
                   "label": e.label, "entity": e.canonical})
        })
        .collect();
    json!({"id": id, "quotes": quotes, "timex": timex, "entities": entities})
}

#[cfg(test)]
mod tests {
    use super::*;

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
