//! Human annotations end to end, through the real binary: `byline check` on
//! an annotated corpus (issue 5's acceptance test on `fixtures/annotated`),
//! `byline init`, and `byline annotate --format json` with a `.ann`.

use serde_json::Value;
use std::path::Path;

mod common;
use common::{byline, stderr, stdout, workspace, Scratch};

/// A problem at warning or above: (rule, path, line, message).
type Serious = (String, String, u64, String);

/// `byline check --format json` in `cwd`: the exit code and every problem
/// at warning or above.
fn serious_problems(args: &[&str], cwd: &Path) -> (Option<i32>, Vec<Serious>) {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let out = byline(&all, cwd);
    let report: Value = serde_json::from_str(&stdout(&out)).unwrap_or_else(|e| panic!("{e}: {}", stdout(&out)));
    let mut serious: Vec<Serious> = report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| matches!(p["severity"].as_str(), Some("error" | "warning")))
        .map(|p| {
            let text = |key: &str| p[key].as_str().unwrap_or_default().to_string();
            (text("code"), text("path"), p["line"].as_u64().unwrap_or(0), text("message"))
        })
        .collect();
    serious.sort();
    (out.status.code(), serious)
}

fn codes_paths_lines(problems: &[Serious]) -> Vec<(&str, &str, u64)> {
    problems.iter().map(|(code, path, line, _)| (code.as_str(), path.as_str(), *line)).collect()
}

fn copy_folder(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        if entry.file_type().unwrap().is_file() {
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}

/// The code point offset of the only occurrence of `needle` in `text`.
fn char_offset(text: &str, needle: &str) -> usize {
    assert_eq!(text.matches(needle).count(), 1, "`{needle}` occurs once");
    text[..text.find(needle).unwrap()].chars().count()
}

#[test]
fn the_annotated_fixture_fails_with_exactly_its_stale_span_and_label_conflict() {
    let (code, problems) = serious_problems(&["fixtures/annotated"], &workspace());
    assert_eq!(code, Some(1));
    assert_eq!(
        codes_paths_lines(&problems),
        [
            ("label-conflict", "fixtures/annotated/201_dock_strike.txt", 5),
            ("label-conflict", "fixtures/annotated/203_freight_outlook.txt", 3),
            ("stale-annotation", "fixtures/annotated/202_council_budget.txt", 3),
        ],
        "{problems:#?}"
    );
    let message = |i: usize| problems[i].3.as_str();
    assert!(message(0).contains("Person in 203_freight_outlook.ann line 4"), "{}", message(0));
    assert!(message(1).contains("Organization in 201_dock_strike.ann line 16"), "{}", message(1));
    assert!(message(2).starts_with("T8 is annotated as `Saturday`"), "{}", message(2));
    assert!(message(2).ends_with("(202_council_budget.ann line 11)"), "{}", message(2));
}

#[test]
fn every_output_format_carries_the_annotation_findings() {
    let root = workspace();
    let sarif = byline(&["check", "--format", "sarif", "fixtures/annotated"], &root);
    assert_eq!(sarif.status.code(), Some(1));
    let log: Value = serde_json::from_str(&stdout(&sarif)).unwrap();
    let results = log["runs"][0]["results"].as_array().unwrap();
    let rule_of = |uri: &str| -> Vec<&str> {
        results
            .iter()
            .filter(|r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == uri)
            .filter(|r| r["level"] == "error")
            .map(|r| r["ruleId"].as_str().unwrap())
            .collect()
    };
    assert_eq!(rule_of("202_council_budget.txt"), ["stale-annotation"]);
    assert_eq!(rule_of("203_freight_outlook.txt"), ["label-conflict"]);
    let rules = log["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
    let stale_rule = rules.iter().find(|r| r["id"] == "stale-annotation").expect("the rule is listed");
    assert_eq!(stale_rule["defaultConfiguration"]["level"], "error");

    let github = stdout(&byline(&["check", "--format", "github", "fixtures/annotated"], &root));
    assert!(
        github.contains("::error file=fixtures/annotated/202_council_budget.txt,line=3,")
            && github.contains("title=stale-annotation::T8 is annotated"),
        "{github}"
    );
    let human = byline(&["check", "fixtures/annotated"], &root);
    assert!(stdout(&human).contains("fixtures/annotated/201_dock_strike.txt:5:87: error[label-conflict]: `Hanjin`"));
}

#[test]
fn the_fixture_passes_once_both_problems_are_fixed() {
    let corpus = Scratch::new("fixed");
    copy_folder(&workspace().join("fixtures/annotated"), &corpus.0);

    // Re-anchor the stale date where its text now is.
    let article = corpus.read("202_council_budget.txt");
    let ann = corpus.read("202_council_budget.ann");
    let start = char_offset(&article, "Saturday");
    let stale = ann.lines().find(|l| l.starts_with("T8\t")).unwrap().to_string();
    let anchored = format!("T8\tDate {start} {}\tSaturday", start + 8);
    assert_ne!(stale, anchored, "the fixture's T8 is stale to begin with");
    corpus.write("202_council_budget.ann", ann.replace(&stale, &anchored));
    let (code, problems) = serious_problems(&["."], &corpus.0);
    assert_eq!(code, Some(1), "the label conflict remains");
    assert_eq!(codes_paths_lines(&problems).iter().map(|p| p.0).collect::<Vec<_>>(), ["label-conflict"; 2]);

    // Relabel the side that is wrong: Hanjin is the shipping company.
    let ann = corpus.read("203_freight_outlook.ann");
    assert!(ann.contains("T4\tPerson 104 110\tHanjin"));
    corpus.write(
        "203_freight_outlook.ann",
        ann.replace("T4\tPerson 104 110\tHanjin", "T4\tOrganization 104 110\tHanjin"),
    );
    let (code, problems) = serious_problems(&["."], &corpus.0);
    assert_eq!((code, problems.clone()), (Some(0), Vec::new()), "{problems:#?}");
    let out = byline(&["check", "--deny", "warnings", "."], &corpus.0);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

#[test]
fn broken_annotation_files_are_reported_where_they_are_broken() {
    let corpus = Scratch::new("broken");
    let story = "Port workers in Lisbon stopped the cranes on Friday.\n";
    let lisbon = char_offset(story, "Lisbon");
    corpus
        .write("annotation.conf", byline_core::standoff::DEFAULT_CONF)
        .write("strike.txt", story)
        .write(
            "strike.ann",
            format!(
                "T1\tLocation {lisbon} {}\tLisbon\nT2\tVessel {lisbon} {}\tLisbon\nT3 Person 0 4\tPort\n",
                lisbon + 6,
                lisbon + 6
            ),
        )
        .write("notes.txt", "Officials met in Geneva.\n")
        .write("notes.ann", b"T1\tLocation 17 23\tGen\xe8ve\n");
    let (code, problems) = serious_problems(&["."], &corpus.0);
    assert_eq!(code, Some(1));
    assert_eq!(
        codes_paths_lines(&problems),
        [
            ("annotation-conf", "strike.ann", 2),
            ("malformed-annotation", "strike.ann", 3),
            ("unreadable-file", "notes.ann", 1)
        ],
        "{problems:#?}"
    );
    assert!(problems[0].3.contains("Vessel"), "{}", problems[0].3);

    // Checking the .ann by name checks its article; the conf is no article.
    let (_, named) = serious_problems(&["strike.ann", "annotation.conf"], &corpus.0);
    assert_eq!(named.iter().filter(|p| p.1 == "strike.ann").count(), 2, "{named:#?}");
    assert!(named.iter().all(|p| p.1 != "annotation.conf" && p.1 != "notes.ann"), "{named:#?}");
}

#[test]
fn unannotated_articles_get_no_annotation_findings() {
    let corpus = Scratch::new("plain");
    corpus.write("a.txt", "\"We will wait,\" said Ana Ribeiro in Lisbon on Friday.\n");
    let out = byline(&["check", "--format", "json", "."], &corpus.0);
    let report: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let codes: Vec<&str> = report["problems"].as_array().unwrap().iter().map(|p| p["code"].as_str().unwrap()).collect();
    assert!(!codes.contains(&"unannotated-mark"), "{codes:?}");

    corpus.write("a.ann", "");
    let out = byline(&["check", "--format", "json", "."], &corpus.0);
    let report: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let hints: Vec<&Value> =
        report["problems"].as_array().unwrap().iter().filter(|p| p["code"] == "unannotated-mark").collect();
    assert!(hints.len() >= 3, "an empty .ann leaves every detected mark to annotate: {hints:#?}");
    assert!(hints.iter().all(|p| p["severity"] == "hint"));
    assert_eq!(out.status.code(), Some(0), "hints do not fail a check");
}

#[test]
fn init_writes_the_missing_files_and_keeps_the_others() {
    let scratch = Scratch::new("init");
    let out = byline(&["init", "corpus"], &scratch.0);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let said = stdout(&out);
    for file in ["annotation.conf", "byline.toml", "entities.toml"] {
        assert!(said.contains(&format!("wrote corpus/{file}")), "{said}");
    }
    assert_eq!(scratch.read("corpus/annotation.conf"), byline_core::standoff::DEFAULT_CONF);

    // The starter files make a corpus `check` accepts as it is.
    std::fs::write(scratch.0.join("corpus/a.txt"), "Officials met in Geneva on Friday.\n").unwrap();
    let check = byline(&["check", "--deny", "warnings", "corpus"], &scratch.0);
    assert_eq!(check.status.code(), Some(0), "{}{}", stdout(&check), stderr(&check));

    let mine = "[rules]\nboilerplate = \"error\"\n";
    std::fs::write(scratch.0.join("corpus/byline.toml"), mine).unwrap();
    std::fs::remove_file(scratch.0.join("corpus/entities.toml")).unwrap();
    let again = byline(&["init"], &scratch.0.join("corpus"));
    assert_eq!(again.status.code(), Some(0));
    let said = stdout(&again);
    assert!(said.contains("kept ./annotation.conf (it already exists)"), "{said}");
    assert!(said.contains("kept ./byline.toml (it already exists)"), "{said}");
    assert!(said.contains("wrote ./entities.toml"), "{said}");
    assert_eq!(scratch.read("corpus/byline.toml"), mine, "never overwritten");
}

#[test]
fn annotate_json_shows_annotations_and_each_marks_status() {
    let root = workspace();
    let out = byline(&["annotate", "--format", "json", "fixtures/annotated/202_council_budget.txt"], &root);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let file = &report["files"][0];
    assert_eq!(file["ann_file"], "fixtures/annotated/202_council_budget.ann");
    let annotations = file["annotations"].as_array().unwrap();
    let t8 = annotations.iter().find(|a| a["id"] == "T8").unwrap();
    assert_eq!((t8["stale"].as_bool(), t8["line"].as_u64()), (Some(true), Some(11)));
    let t13 = annotations.iter().find(|a| a["id"] == "T13").unwrap();
    assert_eq!(t13["rejected"], true);

    let article = std::fs::read_to_string(root.join("fixtures/annotated/202_council_budget.txt")).unwrap();
    let marks = file["marks"].as_array().unwrap();
    let status_of = |text: &str| -> Vec<&str> {
        marks.iter().filter(|m| m["text"] == text).map(|m| m["status"].as_str().unwrap()).collect()
    };
    assert!(status_of("Yoo Jeong-bok").contains(&"confirmed"), "{marks:#?}");
    assert_eq!(status_of("Saturday"), ["suggested"], "a stale annotation confirms nothing");
    for mark in marks {
        let (start, end) = (mark["start"].as_u64().unwrap() as usize, mark["end"].as_u64().unwrap() as usize);
        let text: String = article.chars().skip(start).take(end - start).collect();
        assert_eq!(text, mark["text"].as_str().unwrap(), "offsets are code points");
    }

    let plain = byline(&["annotate", "--format", "json", "fixtures/corpus/110_two_kims.txt"], &root);
    let report: Value = serde_json::from_str(&stdout(&plain)).unwrap();
    assert!(report["files"][0].get("marks").is_none(), "no .ann, no precedence to show");
}
