//! Scale-out and the corpus report, end to end through the real binary:
//! `annotate --jsonl` is a pure filter (what lets Dask or Spark split the
//! input anywhere), `export --format input` makes its input from a corpus
//! folder, and `byline report` counts what `byline entities` and `byline
//! check` count.

use byline_corpus::synthetic::{article, Rng};
use serde_json::{json, Value};
use std::io::Write;
use std::process::{Command, Stdio};

mod common;
use common::{byline, stderr, stdout, workspace, Scratch};

fn annotate_jsonl(input: &str, threads: Option<&str>) -> String {
    let mut command = Command::new(env!("CARGO_BIN_EXE_byline"));
    command.args(["annotate", "--jsonl"]).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
    if let Some(threads) = threads {
        command.env("RAYON_NUM_THREADS", threads);
    }
    let mut child = command.spawn().unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_string();
    // Write from another thread: the output pipe fills while input is still coming.
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out)
}

#[test]
fn annotate_jsonl_is_a_pure_filter_one_line_per_article_in_order() {
    // More lines than one parallel batch (256), so batch edges are crossed.
    let mut rng = Rng::new(11);
    let lines: Vec<String> = (0..600)
        .map(|i| {
            let dct = if i % 3 == 0 { Value::Null } else { json!(format!("2020-0{}-1{}", 1 + i % 9, i % 10)) };
            json!({"id": format!("a{i}"), "text": article(&mut rng, 700), "dct": dct}).to_string()
        })
        .collect();
    let whole = annotate_jsonl(&(lines.join("\n") + "\n"), None);
    let out: Vec<&str> = whole.lines().collect();
    assert_eq!(out.len(), lines.len(), "one output line per input line");
    for (i, line) in out.iter().enumerate() {
        let value: Value = serde_json::from_str(line).unwrap();
        assert_eq!(value["id"], json!(format!("a{i}")), "order kept");
    }
    assert!(out.iter().any(|l| l.contains("\"quotes\":[{")), "the articles have quotes");

    // No state between lines: any split, any order, any thread count gives
    // each line the same output.
    let mut pieces = String::new();
    for range in [0..1, 1..257, 257..600] {
        pieces.push_str(&annotate_jsonl(&(lines[range].join("\n") + "\n"), None));
    }
    assert_eq!(pieces, whole, "split into partitions");
    let reversed: Vec<String> = lines.iter().rev().cloned().collect();
    let backwards = annotate_jsonl(&(reversed.join("\n") + "\n"), Some("1"));
    let mut expected: Vec<&str> = out.clone();
    expected.reverse();
    assert_eq!(backwards.lines().collect::<Vec<_>>(), expected, "reversed, on one thread");
}

#[test]
fn export_input_turns_a_corpus_folder_into_annotate_input_with_dates() {
    let corpus = Scratch::new("export-input");
    corpus
        .write("byline.toml", "")
        .write("desk/b.txt", "Posted March 4, 2024\n\n\"We are ready,\" said Ana Silva.\n")
        .write("a.md", "---\ntitle: Port\ndate: 2023-11-02\n---\nThe port reopened on Monday.\n")
        .write("c.txt", "No date here.\n");
    let out = byline(&["export", "--format", "input", "."], &corpus.0);
    assert!(out.status.success(), "{}", stderr(&out));
    let lines: Vec<Value> = stdout(&out).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let ids: Vec<&str> = lines.iter().map(|l| l["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["a.md", "c.txt", "desk/b.txt"]);
    assert_eq!(lines[0]["dct"], "2023-11-02");
    assert_eq!(lines[1]["dct"], Value::Null);
    assert_eq!(lines[2]["dct"], "2024-03-04");
    assert!(lines[2]["text"].as_str().unwrap().contains("Ana Silva"));

    // Annotated, each line keeps its id and its date, and quotes count words.
    let annotated = annotate_jsonl(&stdout(&out), None);
    let last: Value = serde_json::from_str(annotated.lines().nth(2).unwrap()).unwrap();
    assert_eq!((last["id"].as_str(), last["dct"].as_str()), (Some("desk/b.txt"), Some("2024-03-04")));
    assert_eq!(last["quotes"][0]["words"], 3);

    // A named output file is written whole, and never over another file.
    let written = byline(&["export", "--format", "input", ".", "-o", "input.jsonl"], &corpus.0);
    assert!(written.status.success(), "{}", stderr(&written));
    assert_eq!(corpus.read("input.jsonl"), stdout(&out));
    let again = byline(&["export", "--format", "input", ".", "-o", "input.jsonl"], &corpus.0);
    assert_eq!(again.status.code(), Some(2));
    assert!(stderr(&again).contains("already exists"), "{}", stderr(&again));
}

/// The `data-value` of `data-metric="name"` on the page.
fn metric(page: &str, name: &str) -> Option<String> {
    let at = page.find(&format!("data-metric=\"{name}\" data-value=\""))?;
    let rest = &page[at..];
    let start = rest.find("data-value=\"")? + "data-value=\"".len();
    let end = rest[start..].find('"')?;
    Some(rest[start..start + end].to_string())
}

/// The `data-value` cells of the first table row that starts with `marker`.
fn row_values(page: &str, marker: &str) -> Option<Vec<u64>> {
    let at = page.find(marker)?;
    let row = &page[at..at + page[at..].find("</tr>")?];
    Some(row.split("data-value=\"").skip(1).map(|cell| cell[..cell.find('"').unwrap()].parse().unwrap()).collect())
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#39;")
}

#[test]
fn report_counts_what_byline_entities_and_byline_check_count() {
    let page = report_matches_entities_and_check("corpus");
    assert_eq!(metric(&page, "articles-annotated").as_deref(), Some("0"));
    // The annotated fixtures: progress is measured from their .ann files.
    let page = report_matches_entities_and_check("annotated");
    assert_eq!(metric(&page, "articles-annotated").as_deref(), Some("4"));
    let confirmed: usize = metric(&page, "marks-confirmed").unwrap().parse().unwrap();
    let total: usize = metric(&page, "marks-total").unwrap().parse().unwrap();
    assert!(confirmed > 0 && confirmed <= total, "{confirmed} of {total}");
}

/// The report of `fixtures/NAME`, checked against `byline entities` and
/// `byline check` on the same folder.
fn report_matches_entities_and_check(name: &str) -> String {
    let fixtures = workspace().join("fixtures").join(name);
    let scratch = Scratch::new(&format!("report-{name}"));
    let html = scratch.0.join("report.html");
    let out = byline(&["report", fixtures.to_str().unwrap(), "-o", html.to_str().unwrap()], &scratch.0);
    assert!(out.status.success(), "{}", stderr(&out));
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.starts_with("<!doctype html>") && page.contains("<svg") && page.trim_end().ends_with("</html>"));
    assert!(!page.contains("src=\"http") && !page.contains("href=\"http"), "nothing is fetched");

    let entities: Value = serde_json::from_str(&stdout(&byline(
        &["entities", "--format", "json", fixtures.to_str().unwrap()],
        &scratch.0,
    )))
    .unwrap();
    assert_eq!(metric(&page, "articles"), Some(entities["articles"].to_string()));
    let rows = entities["entities"].as_array().unwrap();
    assert!(rows.len() > 3);
    for row in rows.iter().take(200) {
        let marker = format!(
            "<tr data-name=\"{}\" data-id=\"{}\">",
            escape(row["name"].as_str().unwrap()),
            escape(row["id"].as_str().unwrap_or(""))
        );
        let values = row_values(&page, &marker).unwrap_or_else(|| panic!("no entity row {marker}"));
        let expected: Vec<u64> = ["mentions", "articles", "quotes"].iter().map(|k| row[k].as_u64().unwrap()).collect();
        assert_eq!(values, expected, "{marker}");
    }

    let check = byline(&["check", "--format", "json", fixtures.to_str().unwrap()], &scratch.0);
    let check: Value = serde_json::from_str(&stdout(&check)).unwrap();
    let problems = check["problems"].as_array().unwrap();
    assert_eq!(metric(&page, "problems-total"), Some(problems.len().to_string()));
    let mut by_rule: std::collections::BTreeMap<&str, u64> = Default::default();
    for p in problems {
        *by_rule.entry(p["code"].as_str().unwrap()).or_default() += 1;
    }
    for (rule, count) in by_rule {
        assert_eq!(row_values(&page, &format!("<tr data-rule=\"{rule}\">")), Some(vec![count]), "{rule}");
    }
    page
}

#[test]
fn report_from_annotate_output_equals_the_report_of_the_folder() {
    let fixtures = workspace().join("fixtures/corpus");
    let scratch = Scratch::new("report-from");
    let input = byline(&["export", "--format", "input", fixtures.to_str().unwrap()], &scratch.0);
    assert!(input.status.success(), "{}", stderr(&input));
    let registry = fixtures.join("entities.toml");
    let mut child = Command::new(env!("CARGO_BIN_EXE_byline"))
        .args(["annotate", "--jsonl", "--registry", registry.to_str().unwrap()])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&input.stdout).unwrap();
    let annotated = child.wait_with_output().unwrap();
    scratch.write("out/part-00000.jsonl", &annotated.stdout);
    let from = byline(&["report", "--from", "out", "-o", "from.html"], &scratch.0);
    assert!(from.status.success(), "{}", stderr(&from));
    let folder = byline(&["report", fixtures.to_str().unwrap(), "-o", "folder.html"], &scratch.0);
    assert!(folder.status.success(), "{}", stderr(&folder));
    let (from, folder) = (scratch.read("from.html"), scratch.read("folder.html"));
    for name in ["articles", "quotes", "sources", "mentions", "sources-per-article"] {
        assert_eq!(metric(&from, name), metric(&folder, name), "{name}");
    }
    assert!(metric(&from, "problems-total").is_none(), "annotate output carries no findings");
}

#[test]
fn report_never_replaces_a_file_it_did_not_write_unless_forced() {
    let corpus = Scratch::new("report-overwrite");
    corpus.write("a.txt", "\"Fine,\" said Ana Silva on Monday.\n").write("notes.html", "<p>mine</p>");
    let refused = byline(&["report", "a.txt", "-o", "notes.html"], &corpus.0);
    assert_eq!(refused.status.code(), Some(2));
    assert!(stderr(&refused).contains("not a Byline report"), "{}", stderr(&refused));
    assert_eq!(corpus.read("notes.html"), "<p>mine</p>");
    for _ in 0..2 {
        let out = byline(&["report", "a.txt", "-o", "report.html"], &corpus.0);
        assert!(out.status.success(), "its own report is replaced: {}", stderr(&out));
    }
    let forced = byline(&["report", "a.txt", "-o", "notes.html", "--force"], &corpus.0);
    assert!(forced.status.success(), "{}", stderr(&forced));
    assert!(corpus.read("notes.html").contains("Ana Silva"));
}
