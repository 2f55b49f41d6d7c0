//! End-to-end tests of Byline's reports for CI and for other tools: `check
//! --format sarif|github`, `export`, `import` and `agree`.

use std::path::{Path, PathBuf};

mod common;
use common::{byline, stderr, stdout, Scratch};

/// An article with one problem per level once the corpus sets them: an
/// unbalanced quote (error), a duplicate paragraph (warning, pointing back at
/// its first copy) and a weekday that does not match its date.
const TROUBLED: &str = "Posted March 4, 2024\n\nThe port reopened on Monday, March 5, 2024.\n\n\
                        The harbour master said \"ships are moving again.\n\n\
                        The port reopened on Monday, March 5, 2024.\n";

fn troubled_corpus(name: &str) -> Scratch {
    let corpus = Scratch::new(name);
    corpus
        .write("byline.toml", "[rules]\nunbalanced-quote = \"error\"\nduplicate-paragraph = \"warning\"\n")
        .write("desk/harbour news.txt", TROUBLED);
    corpus
}

#[test]
fn sarif_names_files_from_the_corpus_root_and_keeps_exit_codes() {
    let corpus = troubled_corpus("sarif");
    // Run from inside a subfolder: the URI must still be relative to the root.
    let out = byline(&["check", "--format", "sarif", "."], &corpus.0.join("desk"));
    assert_eq!(out.status.code(), Some(1), "an error-level problem fails the run: {}", stderr(&out));
    assert!(stderr(&out).is_empty(), "SARIF keeps stderr quiet: {}", stderr(&out));
    let log: serde_json::Value = serde_json::from_slice(&out.stdout).expect("stdout is JSON");
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "Byline");
    let results = run["results"].as_array().unwrap();
    let by_rule = |rule: &str| results.iter().find(|r| r["ruleId"] == rule).unwrap_or_else(|| panic!("{rule}"));

    let quote = by_rule("unbalanced-quote");
    assert_eq!(quote["level"], "error");
    let location = &quote["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "desk/harbour%20news.txt");
    assert_eq!(location["artifactLocation"]["uriBaseId"], "CORPUSROOT");
    assert_eq!(location["region"]["startLine"], 5);
    assert_eq!(location["region"]["startColumn"], 25);

    let duplicate = by_rule("duplicate-paragraph");
    assert_eq!(duplicate["level"], "warning");
    assert_eq!(duplicate["relatedLocations"][0]["physicalLocation"]["region"]["startLine"], 3);
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    for result in results {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
    }
}

#[test]
fn github_commands_annotate_each_problem_and_deny_warnings_still_applies() {
    let corpus = troubled_corpus("github");
    corpus.write("byline.toml", "[rules]\nunbalanced-quote = \"warning\"\nduplicate-paragraph = \"warning\"\n");
    let out = byline(&["check", "--format", "github"], &corpus.0);
    assert_eq!(out.status.code(), Some(0), "warnings alone pass: {}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains(
            "::warning file=desk/harbour news.txt,line=5,col=25,endColumn=26,title=unbalanced-quote::\
             quotation mark opens here and is never closed\n"
        ),
        "{text}"
    );
    assert!(text.lines().all(|l| l.starts_with("::")), "only workflow commands on stdout: {text}");
    let out = byline(&["check", "--format", "github", "--deny", "warnings"], &corpus.0);
    assert_eq!(out.status.code(), Some(1));
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A hand-annotated article using every kind of `.ann` line Byline reads,
/// plus one it does not, with CRLF line ends and a note holding a tab.
const HARBOUR_ANN: &str = "T1\tPerson 53 61\tAna Lima\r\n\
                           T2\tQuote 23 47\t\"ships are moving again\"\r\n\
                           R1\tSaidBy Arg1:T2 Arg2:T1\r\n\
                           N1\tReference T1 byline:ana-lima\tAna Lima\r\n\
                           T3\tLocation 4 11\tharbour\r\n\
                           T4\tDate 65 71;73 78\tMonday March\r\n\
                           A1\tRejected T3\r\n\
                           #1\tAnnotatorNotes T2\tchecked\twith the desk\r\n\
                           X9\tsomething another tool wrote\r\n";
const HARBOUR: &str =
    "The harbour reopened.\n\n\"ships are moving again\" said Ana Lima on Monday, March 5, in Busan.\n";

#[test]
fn jsonl_export_then_import_gives_back_the_same_annotations() {
    let corpus = Scratch::new("roundtrip");
    corpus.write("desk/harbour.txt", HARBOUR).write("desk/harbour.ann", HARBOUR_ANN);
    // Every hand-made `.ann` in the fixtures goes through the same trip.
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
    let mut fixture_anns = Vec::new();
    collect(&fixtures, &mut fixture_anns);
    for ann in &fixture_anns {
        let txt = ann.with_extension("txt");
        if txt.is_file() {
            let name = format!("fixtures/{}", ann.strip_prefix(&fixtures).unwrap().display());
            corpus.write(&name, read(ann)).write(&Path::new(&name).with_extension("txt").to_string_lossy(), read(&txt));
        }
    }
    let out = byline(&["export", "--format", "jsonl", ".", "-o", "corpus.jsonl"], &corpus.0);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let jsonl = read(&corpus.0.join("corpus.jsonl"));
    let first: serde_json::Value = serde_json::from_str(jsonl.lines().next().unwrap()).unwrap();
    assert_eq!(first["meta"]["source"], "desk/harbour.txt");
    let lima = first["spans"].as_array().unwrap().iter().find(|s| s["id"] == "T1").unwrap();
    assert_eq!((lima["start"].as_u64(), lima["label"].as_str()), (Some(53), Some("Person")));

    let out = byline(&["import", "--format", "jsonl", "corpus.jsonl", "-o", "back"], &corpus.0);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mut compared = 0;
    for line in jsonl.lines() {
        let record: serde_json::Value = serde_json::from_str(line).unwrap();
        let source = record["meta"]["source"].as_str().unwrap();
        let original = corpus.0.join(source).with_extension("ann");
        let imported = corpus.0.join("back").join(source).with_extension("ann");
        assert_eq!(read(&corpus.0.join("back").join(source)), read(&corpus.0.join(source)));
        let (before, after) = (parse(&read(&original)), parse(&read(&imported)));
        assert!(same_annotations(&before, &after), "{source}:\n{}\n---\n{}", read(&original), read(&imported));
        compared += 1;
    }
    assert_eq!(compared, 1 + fixture_anns.len());

    // Importing again over the same files changes nothing; over different
    // files it refuses rather than overwrite.
    let again = byline(&["import", "--format", "jsonl", "corpus.jsonl", "-o", "back"], &corpus.0);
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    corpus.write("back/desk/harbour.ann", "T1\tPerson 0 3\tThe\n");
    let clash = byline(&["import", "--format", "jsonl", "corpus.jsonl", "-o", "back"], &corpus.0);
    assert_eq!(clash.status.code(), Some(1));
    assert!(stderr(&clash).contains("already exists with other content; not overwritten"), "{}", stderr(&clash));
    assert_eq!(read(&corpus.0.join("back/desk/harbour.ann")), "T1\tPerson 0 3\tThe\n");
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "ann") {
            out.push(path);
        }
    }
}

use byline_core::interchange::same_annotations;
use byline_core::standoff::parse;

#[test]
fn prodigy_output_imports_with_brat_labels_and_reports_bad_lines() {
    let dir = Scratch::new("prodigy");
    dir.write(
        "session.jsonl",
        concat!(
            r#"{"text": "Ana Lima joined Petrobras in Rio.", "spans": [{"start": 0, "end": 8, "label": "PERSON", "token_start": 0, "token_end": 1}, {"start": 16, "end": 25, "label": "ORG", "token_start": 3, "token_end": 3}, {"start": 29, "end": 32, "label": "GPE"}], "_input_hash": 1, "answer": "accept"}"#,
            "\n",
            r#"{"text": "Nothing to see.", "spans": [], "answer": "reject"}"#,
            "\n{\"text\": oops\n\n",
            r#"{"text": "Short.", "spans": [{"start": 2, "end": 40, "label": "ORG"}]}"#,
            "\n",
            r#"{"text": "Kim left Busan.", "ents": [{"start": 0, "end": 3, "label": "PERSON"}], "spans": {"sc": [{"start": 9, "end": 14, "label": "GPE"}]}}"#,
            "\n"
        ),
    );
    let out = byline(&["import", "--format", "jsonl", "session.jsonl", "-o", "ann"], &dir.0);
    assert_eq!(out.status.code(), Some(1), "bad lines make the run fail: {}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("session.jsonl:3: expected a JSON object"), "{err}");
    assert!(err.contains("session.jsonl:5: span 1 (2..40 ORG) does not fit the text of 6 characters"), "{err}");
    assert!(err.contains("1 rejected or ignored task skipped"), "{err}");
    assert_eq!(
        read(&dir.0.join("ann/session-00001.ann")),
        "T1\tPerson 0 8\tAna Lima\nT2\tOrganization 16 25\tPetrobras\nT3\tLocation 29 32\tRio\n"
    );
    assert_eq!(read(&dir.0.join("ann/session-00001.txt")), "Ana Lima joined Petrobras in Rio.");
    assert!(!dir.0.join("ann/session-00002.txt").exists(), "a rejected task is not an article");
    assert_eq!(
        read(&dir.0.join("ann/session-00006.ann")),
        "T1\tLocation 9 14\tBusan\nT2\tPerson 0 3\tKim\n",
        "spaCy's Doc.to_json: span groups and ents"
    );
}

#[test]
fn conll_and_brat_exports() {
    let corpus = Scratch::new("conll");
    corpus.write("desk/harbour.txt", HARBOUR).write("desk/harbour.ann", HARBOUR_ANN);
    corpus.write("plain.txt", "Nobody annotated this one, said Ines Okafor in Lagos.\n");
    corpus.write("entities.toml", "[[person]]\nid = \"ines-okafor\"\nname = \"Ines Okafor\"\n");
    let out = byline(&["export", "--format", "conll"], &corpus.0);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.starts_with("-DOCSTART-\tO\n\nThe\tO\nharbour\tO\nreopened\tO\n.\tO\n\n"),
        "rejected T3 is no entity: {text}"
    );
    assert!(text.contains("Ana\tB-PER\nLima\tI-PER\non\tO\nMonday\tB-DATE\n,\tI-DATE\nMarch\tI-DATE\n"), "{text}");
    assert!(stderr(&out).contains("1 without a .ann skipped"), "{}", stderr(&out));

    let out = byline(&["export", "--format", "brat", "--detected", ".", "-o", "brat"], &corpus.0);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(read(&corpus.0.join("brat/desk/harbour.ann")), HARBOUR_ANN, "a .ann is copied byte for byte");
    assert!(read(&corpus.0.join("brat/annotation.conf")).contains("[entities]"));
    let detected = read(&corpus.0.join("brat/plain.ann"));
    assert!(detected.contains("\tPerson "), "--detected gives unannotated articles their marks: {detected}");
    assert!(detected.contains("byline:ines-okafor\tInes Okafor"), "linked to the registry: {detected}");

    let out = byline(&["export", "--format", "brat"], &corpus.0);
    assert_eq!(out.status.code(), Some(2), "brat needs a folder");
}

#[test]
fn agree_reports_scores_kappa_and_disagreements() {
    let dir = Scratch::new("agree");
    let meeting = "Ana Lima met Kim Yo Jong in Seoul on Monday.";
    let ministry = "Officials spoke.\nThe ministry said it would wait.";
    dir.write("a/meeting.txt", meeting).write("b/meeting.txt", meeting);
    dir.write("a/ministry.txt", ministry).write("b/ministry.txt", ministry);
    dir.write(
        "a/meeting.ann",
        "T1\tPerson 0 8\tAna Lima\nT2\tPerson 13 24\tKim Yo Jong\nT3\tLocation 28 33\tSeoul\nT4\tDate 37 43\tMonday\n",
    );
    dir.write(
        "b/meeting.ann",
        "T1\tPerson 0 8\tAna Lima\nT2\tPerson 13 16\tKim\nT3\tOrganization 28 33\tSeoul\nT4\tDate 37 43\tMonday\n",
    );
    dir.write("b/ministry.ann", "T1\tOrganization 21 29\tministry\n");
    let out = byline(&["agree", "a", "b"], &dir.0);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    // Hand count (see byline_corpus::agreement's test): P 2/5, R 2/4,
    // kappa 131/215 = 0.609, observed 17/21 = 0.810.
    assert!(text.contains("all                  4     5      2     0.400   0.500  0.444"), "{text}");
    assert!(text.contains("token kappa 0.609 (observed agreement 0.810 over 21 tokens)"), "{text}");
    assert!(text.contains("a/meeting.txt:1: boundary: A Person `Kim Yo Jong`, B `Kim`"), "{text}");
    assert!(text.contains("a/ministry.txt:2: only in B: Organization `ministry`"), "{text}");

    let out = byline(&["agree", "a", "b", "--format", "json"], &dir.0);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!((report["kappa"].as_f64().unwrap() - 131.0 / 215.0).abs() < 1e-9);
    assert_eq!(report["disagreements"].as_array().unwrap().len(), 3);
    assert_eq!(byline(&["agree", "a", "missing"], &dir.0).status.code(), Some(2));
}

#[test]
fn brat_import_copies_files_verbatim_and_reports_what_would_trouble_byline() {
    let dir = Scratch::new("bratimport");
    let stale_ann = "T1\tPerson 0 8\tAna Lima\nT2\tOrganization 16 24\tPetrobas\nR1 SaidBy Arg1:T1 Arg2:T2\n";
    dir.write("brat/annotation.conf", "[entities]\nPerson\nOrganization\n[relations]\n[events]\n[attributes]\n")
        .write("brat/news/one.txt", "Ana Lima joined Petrobras.\n")
        .write("brat/news/one.ann", stale_ann)
        .write("brat/two.ann", "T1\tPerson 0 3\tAna\n");
    let out = byline(&["import", "--format", "brat", "brat", "-o", "corpus"], &dir.0);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("one.ann:2: T2 expects `Petrobas` but the text has `Petrobra`"), "{err}");
    assert!(err.contains("one.ann:3:"), "the line with spaces for tabs is reported: {err}");
    assert!(err.contains("two.txt"), "a .ann without its text is reported: {err}");
    assert_eq!(read(&dir.0.join("corpus/news/one.ann")), stale_ann, "kept byte for byte, problems and all");
    assert!(read(&dir.0.join("corpus/annotation.conf")).starts_with("[entities]"));

    // A record's `meta.source` cannot write outside the output folder.
    dir.write("escape.jsonl", "{\"text\": \"Hi.\", \"spans\": [], \"meta\": {\"source\": \"../../outside.txt\"}}\n");
    let out = byline(&["import", "--format", "jsonl", "escape.jsonl", "-o", "corpus"], &dir.0);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(dir.0.join("corpus/escape-00001.txt").is_file());
    assert!(!dir.0.parent().unwrap().join("outside.txt").exists());
}
