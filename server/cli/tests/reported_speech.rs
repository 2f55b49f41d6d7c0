//! `[marks] reported = false` end to end: every command that analyses a
//! corpus follows it, and brat, JSONL and agreement carry a quote's kind.

mod common;

use common::{byline, stderr, Scratch};
use serde_json::Value;

const STORY: &str = "Kim Hwang-sik said his country is ready for dialogue.\n\n\"We will talk,\" Kim said.\n";

fn json(args: &[&str], scratch: &Scratch) -> Value {
    let out = byline(args, &scratch.0);
    assert!(out.status.code().is_some_and(|c| c <= 1), "{args:?}: {}", stderr(&out));
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{args:?}: {e}"))
}

fn quote_kinds(doc: &Value) -> Vec<String> {
    doc["files"][0]["quotes"].as_array().unwrap().iter().map(|q| q["kind"].as_str().unwrap().to_string()).collect()
}

#[test]
fn marks_reported_false_keeps_quotations_only_in_annotate_entities_and_check() {
    let scratch = Scratch::new("reported-off");
    scratch.write("on/story.txt", STORY).write("on/story.ann", "");
    scratch.write("off/story.txt", STORY).write("off/story.ann", "");
    scratch.write("off/byline.toml", "[marks]\nreported = false\n");
    scratch.write("on/byline.toml", "[marks]\ndiagnostics = \"hint\"\n");

    let on = json(&["annotate", "--format", "json", "on/story.txt"], &scratch);
    assert_eq!(quote_kinds(&on), ["reported", "direct"]);
    let off = json(&["annotate", "--format", "json", "off/story.txt"], &scratch);
    assert_eq!(quote_kinds(&off), ["direct"]);

    let count = |doc: &Value, key: &str| doc["entities"][0][key].as_u64();
    let on = json(&["entities", "--format", "json", "on"], &scratch);
    assert_eq!((count(&on, "direct_quotes"), count(&on, "reported_quotes")), (Some(1), Some(1)));
    let off = json(&["entities", "--format", "json", "off"], &scratch);
    assert_eq!((count(&off, "direct_quotes"), count(&off, "reported_quotes")), (Some(1), Some(0)));

    // `check` asks the same engine: in an article with a `.ann`, each
    // detected quote not yet annotated is a hint, and the reported one is
    // not detected at all with the setting off.
    let unannotated_quotes = |dir: &str| {
        let doc = json(&["check", "--format", "json", "--rule", "unannotated-mark=info", dir], &scratch);
        doc["problems"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| p["code"] == "unannotated-mark" && p["message"].as_str().unwrap().contains("Quote"))
            .count()
    };
    assert_eq!(unannotated_quotes("on"), 2);
    assert_eq!(unannotated_quotes("off"), 1);

    let out = byline(&["check", "."], &scratch.0);
    assert!(out.status.code().is_some_and(|c| c <= 1), "{}", stderr(&out));
    scratch.write("bad/byline.toml", "[marks]\nreported = \"no\"\n").write("bad/a.txt", STORY);
    let out = byline(&["check", "bad"], &scratch.0);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("byline.toml:2"), "{}", stderr(&out));
}

#[test]
fn a_reported_statement_round_trips_through_brat_and_jsonl_with_its_kind() {
    let scratch = Scratch::new("reported-round-trip");
    let text = "Kim said the talks would resume. \"We agree,\" Lee said.\n";
    let ann = "T1\tQuote 9 31\tthe talks would resume\nA1\tReported T1 yes\nT2\tQuote 33 44\t\"We agree,\"\n";
    scratch.write("in/story.txt", text).write("in/story.ann", ann);
    let out = byline(&["export", "in", "-o", "story.jsonl"], &scratch.0);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let record: Value = serde_json::from_str(scratch.read("story.jsonl").lines().next().unwrap()).unwrap();
    let kinds: Vec<&str> = record["spans"].as_array().unwrap().iter().map(|s| s["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["reported", "direct"]);
    let out = byline(&["import", "story.jsonl", "-o", "out"], &scratch.0);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(scratch.read("out/story.ann"), ann, "byte for byte");

    // Two annotators who differ only on the kind of the first quote.
    scratch.write("b/story.txt", text).write("b/story.ann", ann.replace("Reported T1 yes", "Reported T1 mixed"));
    let out = byline(&["agree", "in", "b", "--format", "json"], &scratch.0);
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", stderr(&out)));
    assert_eq!(doc["overall"]["f1"], 1.0, "the spans agree");
    assert_eq!(doc["quote_kinds"]["compared"], 2);
    assert_eq!(doc["quote_kinds"]["agreeing"], 1);
    assert_eq!(doc["disagreements"][0]["kind"], "quote-kind");
    let out = byline(&["agree", "in", "b"], &scratch.0);
    let human = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(human.contains("kind of speech: A reported Quote `the talks would resume`, B mixed"), "{human}");
    assert!(human.contains("quote kinds (direct, reported, mixed) agree on 1 of 2"), "{human}");
}
