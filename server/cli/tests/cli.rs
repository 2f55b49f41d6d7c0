//! End-to-end tests of the `byline` binary: exit codes, output formats and
//! bad input, as CI and people meet them.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

mod common;
use common::{byline, stderr, stdout, Scratch as Corpus};

const MENU_ARTICLE: &str = "Go to Contents Go to Navigation\n\nOfficials met in Geneva to talk about the harbour.\n";

#[test]
fn clean_corpus_exits_zero_and_errors_exit_one() {
    let corpus = Corpus::new("exit");
    corpus.write("a.txt", MENU_ARTICLE);
    let out = byline(&["check", "."], &corpus.0);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("a.txt:1:1: info[boilerplate]:"), "{}", stdout(&out));
    assert!(stderr(&out).contains("checked 1 article"), "{}", stderr(&out));

    corpus.write("byline.toml", "[rules]\nboilerplate = \"error\"\n");
    let out = byline(&["check"], &corpus.0);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("error[boilerplate]"));

    corpus.write("byline.toml", "[rules]\nboilerplate = \"warning\"\n");
    assert_eq!(byline(&["check"], &corpus.0).status.code(), Some(0));
    assert_eq!(byline(&["check", "--deny", "warnings"], &corpus.0).status.code(), Some(1));
}

#[test]
fn json_report_is_machine_readable() {
    let corpus = Corpus::new("json");
    corpus.write("a.txt", MENU_ARTICLE);
    let out = byline(&["check", "--format", "json", "."], &corpus.0);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("stdout is JSON");
    assert_eq!(report["summary"]["articles"], 1);
    let problem = &report["problems"][0];
    assert_eq!(problem["code"], "boilerplate");
    assert_eq!(problem["severity"], "info");
    assert_eq!((problem["line"].as_u64(), problem["column"].as_u64()), (Some(1), Some(1)));
    assert!(stderr(&out).is_empty(), "JSON output keeps stderr quiet: {}", stderr(&out));
}

#[test]
fn cannot_run_exits_two_with_the_reason() {
    let corpus = Corpus::new("two");
    let out = byline(&["check", "no-such-folder"], &corpus.0);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no-such-folder: no such file or folder"), "{}", stderr(&out));

    corpus.write("byline.toml", "[rules]\nweekday-mismatch = \"loud\"\n");
    let out = byline(&["check"], &corpus.0);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("byline.toml:2:20:"), "{}", stderr(&out));

    assert_eq!(byline(&["check", "--format", "yaml"], &corpus.0).status.code(), Some(2));
}

#[test]
fn bad_files_are_reported_by_name_and_the_run_goes_on() {
    let corpus = Corpus::new("bad");
    corpus
        .write("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00")
        .write("latin1.txt", b"Caf\xe9 owners said on Monday they would close.\n")
        .write("empty.txt", b"")
        .write("good.txt", MENU_ARTICLE);
    // A 20 MB article is analysed, not refused.
    let big =
        "Officials said on Tuesday that talks would resume. \"We are ready,\" the minister said.\n\n".repeat(240_000);
    corpus.write("big.txt", &big);
    let out = byline(&["check", "."], &corpus.0);
    let text = stdout(&out);
    assert!(text.contains("binary.txt:1:1: error[unreadable-file]: binary file"), "{text}");
    assert!(
        text.contains("latin1.txt:1:1: error[unreadable-file]: not UTF-8: invalid byte at line 1, byte 4"),
        "{text}"
    );
    assert!(text.contains("empty.txt:1:1: info[empty-article]"), "{text}");
    assert!(text.contains("good.txt:1:1: info[boilerplate]"), "{text}");
    assert!(stderr(&out).contains("checked 5 articles: 2 errors"), "{}", stderr(&out));
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn annotate_lists_marks_when_piped_and_json_on_request() {
    let corpus = Corpus::new("annotate");
    corpus.write("a.txt", "Posted January 31st, 2012 at 4:20 pm\nLeave a comment\n\nTalks went on.\n");
    let out = byline(&["annotate", "a.txt"], &corpus.0);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(text.starts_with("== a.txt\npublication date: 2012-01-31 (dateline 1:8-26"), "{text}");
    assert!(!text.contains('\x1b'), "no colour codes when piped");

    let out = byline(&["annotate", "--format", "json", "a.txt"], &corpus.0);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["files"][0]["publication_date"], "2012-01-31");

    let out = byline(&["annotate", "missing.txt"], &corpus.0);
    assert_eq!(out.status.code(), Some(2), "as byline check: a path that is not there");
    assert_eq!(stderr(&out), "error: missing.txt: no such file or folder\n");
}

#[test]
fn jsonl_reports_bad_lines_and_processes_the_rest() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_byline"))
        .args(["annotate", "--jsonl"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        stdin
            .write_all(
                "{\"id\": \"x1\", \"text\": \"Héllo 👋 world.\", \"dct\": \"2012-01-31\"}\n{oops\n{\"id\": \"x2\", \"text\": \"\"}\n"
                    .as_bytes(),
            )
            .unwrap();
    }
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let ids: Vec<String> =
        stdout(&out).lines().map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["id"].to_string()).collect();
    assert_eq!(ids, ["\"x1\"", "\"x2\""]);
    assert!(stderr(&out).contains("stdin:2:"), "{}", stderr(&out));
}

fn fixture_corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/corpus")
}

/// How many articles the fixture corpus has (others may add some).
fn fixture_articles() -> usize {
    std::fs::read_dir(fixture_corpus())
        .unwrap()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "txt" || x == "md"))
        .count()
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", stdout(o)))
}

/// The row of `byline entities --format json` for `name`.
fn entity_row<'a>(report: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    report["entities"]
        .as_array()
        .and_then(|rows| rows.iter().find(|r| r["name"] == name))
        .unwrap_or_else(|| panic!("no row for {name} in {report}"))
}

const REGISTRY: &str = "# Who is who in the harbour stories.\n\n[[person]]\nid = \"ana-silva\"\nname = \"Ana Silva\"\naliases = [\"Silva\"]\n\n[[person]]\nid = \"kim-jong-un\"\nname = \"Kim Jong Un\"\n";

const HARBOUR: &str = "Port director Ana Silva met Kim Jong-un in Lisbon.\n\n\"We are ready,\" Silva said.\n";

#[test]
fn check_uses_the_fixture_registry_and_reports_the_ambiguous_kim() {
    let corpus = fixture_corpus();
    let out = byline(&["check", "--format", "json", "."], &corpus);
    let report = json(&out);
    assert_eq!(report["summary"]["articles"], fixture_articles(), "entities.toml is not an article");
    let problems = report["problems"].as_array().unwrap();
    let ambiguous: Vec<_> =
        problems.iter().filter(|p| p["code"] == "ambiguous-mention" && p["path"] == "110_two_kims.txt").collect();
    assert_eq!(ambiguous.len(), 1, "{ambiguous:?}");
    assert_eq!(ambiguous[0]["path"], "110_two_kims.txt");
    assert_eq!((ambiguous[0]["line"].as_u64(), ambiguous[0]["column"].as_u64()), (Some(13), Some(1)));
    assert!(ambiguous[0]["message"].as_str().unwrap().contains("Kim Jong Un or Kim Yo Jong"));
    // The registry is read and clean: notes about its shared alias, nothing worse.
    let registry: Vec<_> = problems.iter().filter(|p| p["path"] == "entities.toml").collect();
    assert!(!registry.is_empty() && registry.iter().all(|p| p["code"] == "shared-alias" && p["severity"] == "info"));
    assert!(!problems.iter().any(|p| p["code"] == "unregistered-entity"), "off unless the corpus is strict");
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn a_registry_syntax_error_is_located_and_fails_the_run() {
    let corpus = Corpus::new("broken-registry");
    corpus
        .write("a.txt", HARBOUR)
        .write("entities.toml", "[[person]]\nname = \"Ana Silva\"\naliases = [\"Silva\" \"Ana\"]\n");
    let out = byline(&["check"], &corpus.0);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let text = stdout(&out);
    let line = text.lines().find(|l| l.contains("[registry-syntax]")).unwrap_or_else(|| panic!("{text}"));
    assert!(line.starts_with("entities.toml:3:20: error[registry-syntax]: "), "{line}");
    assert!(stderr(&out).contains("1 error"), "{}", stderr(&out));

    // A registry file byline.toml names must exist; the report points at the name.
    corpus
        .write("entities.toml", REGISTRY)
        .write("byline.toml", "[registry]\nfiles = [\"entities.toml\", \"people.toml\"]\n");
    let out = byline(&["check"], &corpus.0);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("byline.toml:2:27: error[unreadable-file]: registry file `people.toml` not found"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn a_variant_spelling_is_reported_and_a_strict_registry_wants_everyone() {
    let corpus = Corpus::new("variant");
    corpus.write("entities.toml", REGISTRY).write("a.txt", HARBOUR);
    let out = byline(&["check"], &corpus.0);
    let text = stdout(&out);
    assert!(
        text.contains("a.txt:1:29: warning[entity-variant]: `Kim Jong-un` is written `Kim Jong Un` in the registry"),
        "{text}"
    );
    assert!(!text.contains("unregistered-entity"), "{text}");

    corpus.write("b.txt", "Harbour pilot Rui Costa said the Lisbon Dockers Union would meet.\n");
    corpus.write("byline.toml", "[registry]\nstrict = true\n");
    let out = byline(&["check", "--format", "json"], &corpus.0);
    let report = json(&out);
    let unregistered: Vec<&str> = report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["code"] == "unregistered-entity")
        .map(|p| p["message"].as_str().unwrap())
        .collect();
    assert_eq!(unregistered.len(), 2, "{unregistered:?}");
    assert!(unregistered.iter().any(|m| m.contains("Rui Costa")), "{unregistered:?}");
    assert!(!unregistered.iter().any(|m| m.contains("Silva")), "registered people are not reported");
    assert_eq!(report["summary"]["warnings"], 3);

    corpus.write("byline.toml", "[registry]\nstrict = true\n\n[rules]\nunregistered-entity = \"error\"\n");
    assert_eq!(byline(&["check"], &corpus.0).status.code(), Some(1));
}

#[test]
fn annotate_links_names_to_the_registry_of_the_corpus_or_the_one_given() {
    let corpus = Corpus::new("annotate-registry");
    corpus.write("entities.toml", REGISTRY).write("a.txt", HARBOUR);
    let out = byline(&["annotate", "--format", "json", "a.txt"], &corpus.0);
    let doc = json(&out);
    let entities = doc["files"][0]["entities"].as_array().unwrap();
    let silva = entities.iter().find(|e| e["name"] == "Ana Silva").unwrap();
    assert_eq!(silva["entity"], "ana-silva");
    let kim = entities.iter().find(|e| e["entity"] == "kim-jong-un").expect("the variant is linked");
    assert_eq!(kim["variant_of"], "Kim Jong Un");
    let lisbon = entities.iter().find(|e| e["name"] == "Lisbon").unwrap();
    assert_eq!(lisbon["entity"], "Lisbon", "unregistered: the canonical name");

    let human = stdout(&byline(&["annotate", "a.txt"], &corpus.0));
    assert!(human.contains("#ana-silva"), "{human}");

    let mut child = Command::new(env!("CARGO_BIN_EXE_byline"))
        .args(["annotate", "--jsonl", "--registry", "entities.toml"])
        .current_dir(&corpus.0)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(b"{\"id\": 1, \"text\": \"Ana Silva spoke in Lisbon.\"}\n").unwrap();
    }
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let line: serde_json::Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    assert_eq!(line["entities"][0]["entity"], "ana-silva");
    assert_eq!(line["entities"][0]["name"], "Ana Silva");

    let out = byline(&["annotate", "--jsonl", "--registry", "missing.toml"], &corpus.0);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("`missing.toml` not found"), "{}", stderr(&out));
}

#[test]
fn entities_counts_kurt_campbell_in_the_voa_seed_in_every_format() {
    let corpus = fixture_corpus();
    let seed = "000_93d8eec447f298ec.txt";
    let report = json(&byline(&["entities", "--format", "json", seed], &corpus));
    assert_eq!(report["articles"], 1);
    let campbell = entity_row(&report, "Kurt Campbell");
    assert_eq!(campbell["id"], "kurt-campbell");
    assert_eq!(campbell["kind"], "person");
    // `Assistant Secretary of State Kurt Campbell` and `Campbell also said`;
    // he is the speaker of both quotations and of four reported statements
    // (the lede's `The top U.S. diplomat … says` among them).
    assert_eq!((campbell["mentions"].as_u64(), campbell["articles"].as_u64()), (Some(2), Some(1)));
    assert_eq!((campbell["quotes"].as_u64(), campbell["direct_quotes"].as_u64()), (Some(6), Some(2)));
    assert_eq!(campbell["reported_quotes"], 4);
    let korea = entity_row(&report, "North Korea");
    assert_eq!(korea["id"], serde_json::Value::Null);
    let rows = report["entities"].as_array().unwrap();
    assert!(rows.windows(2).all(|w| w[0]["mentions"].as_u64() >= w[1]["mentions"].as_u64()), "sorted by mentions");

    let table = stdout(&byline(&["entities", seed], &corpus));
    let header = table.lines().next().unwrap();
    assert!(header.starts_with("NAME") && header.ends_with("MENTIONS  ARTICLES  QUOTES  DIRECT  REPORTED"), "{header}");
    let row = table.lines().find(|l| l.starts_with("Kurt Campbell ")).unwrap();
    assert_eq!(
        row.split_whitespace().collect::<Vec<_>>(),
        ["Kurt", "Campbell", "person", "kurt-campbell", "2", "1", "6", "2", "4"]
    );

    let csv = stdout(&byline(&["entities", "--format", "csv", seed], &corpus));
    assert!(csv.starts_with("name,kind,id,mentions,articles,quotes,direct,reported\r\n"), "{csv}");
    assert!(csv.contains("\r\nKurt Campbell,person,kurt-campbell,2,1,6,2,4\r\n"), "{csv}");
    assert!(csv.contains("\r\nNorth Korea,place,,"), "unregistered: empty id: {csv}");

    // Across the corpus, the ids gather every article.
    let report = json(&byline(&["entities", "--format", "json"], &corpus));
    assert_eq!(report["articles"], fixture_articles());
    assert!(entity_row(&report, "Kurt Campbell")["articles"].as_u64() >= Some(2), "the VOA seed and 101");
    assert!(report["ambiguous_mentions"].as_u64() >= Some(1), "the lone Kim of 110_two_kims.txt");
}

#[test]
fn suggested_entries_parse_back_and_register_their_names() {
    let corpus = Corpus::new("suggest");
    corpus
        .write(
            "a.txt",
            "Transport Minister Rui Costa met the Lisbon Dockers Union on Monday.\n\n\"We will sign,\" Costa said.\n",
        )
        .write(
            "b.txt",
            "Rui Costa told the Lisbon Dockers Union that talks would resume. Costa declined to say more.\n\nMarta Reis, a crane driver, was there once.\n",
        );
    let out = byline(&["entities", "--suggest"], &corpus.0);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let suggested = stdout(&out);
    let parsed = byline_core::registry::parse(&[byline_core::registry::RegistrySource {
        name: "suggested.toml",
        text: &suggested,
    }]);
    assert!(parsed.problems.is_empty(), "{:?}\n{suggested}", parsed.problems);
    let names: Vec<&str> = parsed.entries.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["Rui Costa", "Lisbon Dockers Union"], "most mentioned first; Marta Reis only once");
    assert_eq!(parsed.entries[0].kind, byline_core::EntityLabel::Person);
    assert_eq!(parsed.entries[0].roles[0].title, "Transport Minister", "the title the articles give him");
    assert_eq!(parsed.entries[1].kind, byline_core::EntityLabel::Organization);

    // Pasted into an empty registry, the names are registered.
    corpus.write("entities.toml", "");
    let edit = byline_core::registry::edits::append_entry(&corpus.read("entities.toml"), &suggested);
    corpus.write("entities.toml", edit.apply(&corpus.read("entities.toml")));
    let report = json(&byline(&["entities", "--format", "json"], &corpus.0));
    assert_eq!(entity_row(&report, "Rui Costa")["id"], parsed.entries[0].id.as_str());
    assert_eq!(entity_row(&report, "Rui Costa")["mentions"], 4);
    assert_eq!(entity_row(&report, "Lisbon Dockers Union")["id"], parsed.entries[1].id.as_str());
    let again = stdout(&byline(&["entities", "--suggest"], &corpus.0));
    assert!(again.starts_with("# No unregistered person or organisation"), "{again}");
    let all = stdout(&byline(&["entities", "--suggest", "--min-mentions", "1"], &corpus.0));
    assert!(all.contains("name = \"Marta Reis\""), "{all}");
}
