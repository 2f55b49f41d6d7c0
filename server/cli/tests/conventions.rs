//! The command line people expect (issue 15), end to end on copies of the
//! fixtures: per-file configuration, empty runs, output control, `--fix`
//! and `--diff`, standard input, completions and the man page.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

mod common;
use common::{byline, stderr, stdout, workspace, Scratch};

/// `byline` with a clean colour environment, extra variables and optional stdin.
fn run(args: &[&str], cwd: &Path, env: &[(&str, &str)], input: Option<&str>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_byline"));
    command.args(args).current_dir(cwd).env_remove("NO_COLOR").env_remove("CLICOLOR_FORCE");
    for (k, v) in env {
        command.env(k, v);
    }
    command.stdin(if input.is_some() { Stdio::piped() } else { Stdio::null() });
    command.stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = command.spawn().expect("byline runs");
    if let Some(text) = input {
        child.stdin.take().unwrap().write_all(text.as_bytes()).unwrap();
    }
    child.wait_with_output().unwrap()
}

fn copy_fixture(name: &str, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(workspace().join("fixtures").join(name)).unwrap().flatten() {
        if entry.file_type().unwrap().is_file() {
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}

/// The `severity[code]` of each printed problem.
fn codes(out: &Output) -> Vec<String> {
    stdout(out).lines().filter_map(|l| l.split(": ").nth(1).map(str::to_string)).collect()
}

#[test]
fn each_corpus_uses_its_own_config_and_loose_files_are_not_articles() {
    let scratch = Scratch::new("nested");
    // A folder of corpora: its README and word lists belong to none.
    scratch.write("README.md", "# Our newsroom's corpora\n\nGo to Contents Go to Navigation\n");
    scratch.write("tools/lists/words.txt", "Go to Contents Go to Navigation\n");
    copy_fixture("corpus", &scratch.0.join("desk/sample"));
    // An outer corpus with its own rules, the sample corpus nested below it.
    scratch.write("desk/byline.toml", "[rules]\nboilerplate = \"error\"\n");
    scratch.write("desk/wire.txt", "Go to Contents Go to Navigation\n\nOfficials met in Geneva.\n");
    let from_above = byline(&["check", "--format", "json"], &scratch.0);
    let report: serde_json::Value = serde_json::from_slice(&from_above.stdout).unwrap();
    let problems = report["problems"].as_array().unwrap();
    let of = |path: &str, code: &str| {
        problems.iter().filter(|p| p["path"].as_str().unwrap().starts_with(path) && p["code"] == code).count()
    };
    assert_eq!(report["summary"]["articles"], 16, "15 sample articles and wire.txt: {report}");
    assert_eq!(of("desk/sample/", "entity-variant"), 3, "the nested corpus's registry is used");
    assert_eq!(of("desk/sample/", "shared-alias"), 5, "its registry is among the paths checked");
    assert!(problems.iter().all(|p| !p["path"].as_str().unwrap().starts_with("README")), "{report}");
    assert!(problems.iter().all(|p| !p["path"].as_str().unwrap().starts_with("tools")), "{report}");
    let wire: Vec<&serde_json::Value> = problems.iter().filter(|p| p["path"] == "desk/wire.txt").collect();
    assert_eq!(wire[0]["severity"], "error", "the outer corpus's rules for its own article");
    assert!(
        problems
            .iter()
            .filter(|p| p["path"].as_str().unwrap().starts_with("desk/sample/") && p["code"] == "boilerplate")
            .all(|p| p["severity"] == "info"),
        "the nested corpus keeps its own levels"
    );

    // From inside the nested corpus, the same findings as from above.
    let inside = byline(&["check", "--format", "json", "."], &scratch.0.join("desk/sample"));
    let inside: serde_json::Value = serde_json::from_slice(&inside.stdout).unwrap();
    let nested_count = problems.iter().filter(|p| p["path"].as_str().unwrap().starts_with("desk/sample/")).count();
    assert_eq!(inside["problems"].as_array().unwrap().len(), nested_count);

    // A folder without byline.toml uses the defaults and says so once.
    let plain = Scratch::new("plain");
    plain.write("a.txt", "Go to Contents Go to Navigation\n\nOfficials met.\n");
    plain.write("sub/b.txt", "Officials met.\n");
    let out = byline(&["check"], &plain.0);
    assert_eq!(stderr(&out).matches("no byline.toml in . or above").count(), 1, "{}", stderr(&out));
}

#[test]
fn config_file_and_rule_overrides_set_levels_for_one_run() {
    let scratch = Scratch::new("overrides");
    scratch.write("a.txt", "Go to Contents Go to Navigation\n\nOfficials met in Geneva.\n");
    scratch.write("strict.toml", "[rules]\nboilerplate = \"error\"\n");
    let out = byline(&["check", "--config", "strict.toml", "."], &scratch.0);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert_eq!(codes(&out), ["error[boilerplate]"]);

    let out = byline(&["check", "--config", "strict.toml", "--rule", "boilerplate=off", "."], &scratch.0);
    assert_eq!((out.status.code(), codes(&out).len()), (Some(0), 0), "{}", stdout(&out));

    let out = byline(&["check", "--rule", "boilerplates=off"], &scratch.0);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("unknown rule `boilerplates`; did you mean `boilerplate`?"), "{}", stderr(&out));
    let out = byline(&["check", "--rule", "boilerplate=loud"], &scratch.0);
    assert_eq!(out.status.code(), Some(2));

    scratch.write("byline.toml", "[rules]\nboilerplat = \"off\"\n");
    let out = byline(&["check"], &scratch.0);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        format!("error: {}: [rules]: unknown rule `boilerplat`; did you mean `boilerplate`?\n", "byline.toml:2:14")
            .replace("byline.toml", &scratch.0.join("byline.toml").display().to_string())
    );
}

#[test]
fn a_run_that_checks_nothing_exits_two() {
    let scratch = Scratch::new("empty");
    std::fs::create_dir_all(scratch.0.join("empty")).unwrap();
    let out = byline(&["check", "empty"], &scratch.0);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("error: nothing to check: no articles in `empty`"), "{}", stderr(&out));
    assert_eq!(byline(&["check", "--allow-empty", "empty"], &scratch.0).status.code(), Some(0));

    scratch.write("corpus/byline.toml", "[corpus]\ninclude = [\"articles/**/*.txt\"]\n");
    scratch.write("corpus/a.txt", "Officials met.\n");
    let out = byline(&["check", "corpus"], &scratch.0);
    assert_eq!(out.status.code(), Some(2), "an include matching nothing: {}", stderr(&out));
    assert_eq!(byline(&["annotate", "empty"], &scratch.0).status.code(), Some(2));
}

#[test]
fn min_level_and_the_summary_count_what_was_printed() {
    let scratch = Scratch::new("levels");
    copy_fixture("annotated", &scratch.0.join("annotated"));
    let count = |out: &Output, level: &str| stdout(out).lines().filter(|l| l.contains(&format!(": {level}["))).count();
    let out = byline(&["check", "annotated"], &scratch.0);
    assert_eq!(count(&out, "hint"), 0, "hints only with -v");
    let summary = stderr(&out);
    let expected = format!(
        // Three unannotated dates, and the reported statement of 201 (its
        // quote, speaker and cue).
        "checked 4 articles: {} errors, {} warnings, {} info; 6 hints not shown (-v shows them)\n",
        count(&out, "error"),
        count(&out, "warning"),
        count(&out, "info")
    );
    assert_eq!(summary, expected);

    let verbose = byline(&["check", "-v", "annotated"], &scratch.0);
    assert_eq!(count(&verbose, "hint"), 6);
    assert!(stderr(&verbose).ends_with("info, 6 hints\n"), "{}", stderr(&verbose));
    assert!(stderr(&verbose).contains("note: label-conflict: The same text is labelled differently"));

    let errors = byline(&["check", "--min-level", "error", "annotated"], &scratch.0);
    assert_eq!(stdout(&errors).lines().count(), 3, "exactly the stale span and the two places of the conflict");
    assert!(stderr(&errors).starts_with("checked 4 articles: 3 errors, 0 warnings, 0 info; "), "{}", stderr(&errors));

    let quiet = byline(&["check", "-q", "annotated"], &scratch.0);
    assert_eq!(stdout(&quiet), stdout(&out));
    assert_eq!(stderr(&quiet), "", "no summary with -q");
}

#[test]
fn registry_notes_only_when_the_registry_is_checked() {
    let scratch = Scratch::new("registry-notes");
    copy_fixture("corpus", &scratch.0);
    let one = byline(&["check", "110_two_kims.txt"], &scratch.0);
    assert!(!stdout(&one).contains("shared-alias"), "{}", stdout(&one));
    assert!(stdout(&one).contains("ambiguous-mention"), "the registry still links: {}", stdout(&one));
    let named = byline(&["check", "110_two_kims.txt", "entities.toml"], &scratch.0);
    assert!(stdout(&named).contains("entities.toml:93:12: info[shared-alias]"), "{}", stdout(&named));
    // A broken registry is said even when only an article is checked.
    scratch.write("entities.toml", "[[person]\nname = \"Kim\"\n");
    let broken = byline(&["check", "110_two_kims.txt"], &scratch.0);
    assert!(stdout(&broken).contains("error[registry-syntax]"), "{}", stdout(&broken));
}

#[test]
fn colour_follows_the_flag_and_the_environment() {
    let scratch = Scratch::new("colour");
    scratch.write("a.txt", "Go to Contents Go to Navigation\n\nOfficials met in Geneva.\n");
    let piped = run(&["check"], &scratch.0, &[], None);
    assert!(!stdout(&piped).contains('\x1b'));
    let always = run(&["check", "--color", "always"], &scratch.0, &[], None);
    assert!(stdout(&always).contains("\x1b[1;36minfo\x1b[0m"), "{:?}", stdout(&always));
    let forced = run(&["annotate", "a.txt"], &scratch.0, &[("CLICOLOR_FORCE", "1")], None);
    assert!(stdout(&forced).contains("\x1b["), "CLICOLOR_FORCE colours a pipe, for less -R");
    let no = run(&["annotate", "a.txt"], &scratch.0, &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")], None);
    assert!(!stdout(&no).contains('\x1b'));
    let never = run(&["check", "--color", "never"], &scratch.0, &[("CLICOLOR_FORCE", "1")], None);
    assert!(!stdout(&never).contains('\x1b'));
}

#[test]
fn fix_rewrites_variants_and_stale_annotations_and_diff_writes_nothing() {
    let scratch = Scratch::new("fix");
    copy_fixture("corpus", &scratch.0.join("corpus"));
    copy_fixture("annotated", &scratch.0.join("annotated"));
    let read = |name: &str| std::fs::read_to_string(scratch.0.join(name)).unwrap();
    let before: Vec<(String, String)> = ["corpus", "annotated"]
        .iter()
        .flat_map(|dir| std::fs::read_dir(scratch.0.join(dir)).unwrap().flatten())
        .map(|e| (e.path().display().to_string(), std::fs::read_to_string(e.path()).unwrap()))
        .collect();

    let diff = byline(&["check", "--diff", "corpus", "annotated"], &scratch.0);
    assert_eq!(diff.status.code(), Some(1), "something to fix: {}", stderr(&diff));
    let shown = stdout(&diff);
    assert!(
        shown.contains("--- a/corpus/113_registry_spellings.txt\n+++ b/corpus/113_registry_spellings.txt\n"),
        "{shown}"
    );
    assert!(shown.contains("+") && shown.contains("Kim Jong Un"), "{shown}");
    assert!(shown.contains("-T8\tDate 100 108\tSaturday") || shown.contains("-T8\t"), "{shown}");
    for (path, text) in &before {
        assert_eq!(&std::fs::read_to_string(path).unwrap(), text, "--diff wrote {path}");
    }

    let fixed = byline(&["check", "--fix", "corpus", "annotated"], &scratch.0);
    assert!(stderr(&fixed).contains("note: fixed "), "{}", stderr(&fixed));
    let spellings = read("corpus/113_registry_spellings.txt");
    assert!(spellings.contains("Kim Jong Un") && !spellings.contains("Kim Jong-un"), "{spellings}");
    assert!(spellings.contains("Cho Tae-yong"), "{spellings}");
    let report = stdout(&fixed);
    assert!(!report.contains("entity-variant") && !report.contains("stale-annotation"), "{report}");
    assert!(report.contains("label-conflict"), "a conflict needs a person: {report}");
    let ann = read("annotated/202_council_budget.ann");
    let article = read("annotated/202_council_budget.txt");
    let line = ann.lines().find(|l| l.starts_with("T8\t")).unwrap();
    let start: usize = line.split(['\t', ' ']).nth(2).unwrap().parse().unwrap();
    assert_eq!(article.chars().skip(start).take(8).collect::<String>(), "Saturday");
    // Only the files a fix needs changed; the .ann kept its other lines byte for byte.
    let changed: Vec<&String> =
        before.iter().filter(|(p, t)| &std::fs::read_to_string(p).unwrap() != t).map(|(p, _)| p).collect();
    assert_eq!(changed.len(), 3, "{changed:?}");
    let old_ann = &before.iter().find(|(p, _)| p.ends_with("202_council_budget.ann")).unwrap().1;
    assert_eq!(
        old_ann.lines().filter(|l| !l.starts_with("T8\t")).collect::<Vec<_>>(),
        ann.lines().filter(|l| !l.starts_with("T8\t")).collect::<Vec<_>>()
    );
    assert_eq!(old_ann.ends_with('\n'), ann.ends_with('\n'), "no final newline added");
    assert_eq!(byline(&["check", "--diff", "corpus", "annotated"], &scratch.0).status.code(), Some(0), "nothing left");
}

#[test]
fn annotate_takes_folders_and_standard_input() {
    let scratch = Scratch::new("annotate-input");
    copy_fixture("corpus", &scratch.0);
    let out = run(&["annotate", "-"], &scratch.0, &[], Some("Kim Jong-un said \"we will talk\" on Tuesday.\n"));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.starts_with("== <stdin>\n"), "{text}");
    assert!(
        text.contains("Kim Jong-un -> Kim Jong Un #kim-jong-un ~Kim Jong Un") || text.contains("~Kim Jong Un"),
        "the current folder's registry: {text}"
    );
    let out = byline(&["annotate", "--format", "json", "."], &scratch.0);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["files"].as_array().unwrap().len(), 15, "the articles only, not entities.toml");
    let out = byline(&["annotate", "missing.txt"], &scratch.0);
    assert_eq!((out.status.code(), stderr(&out)), (Some(2), "error: missing.txt: no such file or folder\n".into()));
}

#[test]
fn entities_take_several_paths_and_export_infers_the_format() {
    let scratch = Scratch::new("entities-export");
    copy_fixture("corpus", &scratch.0);
    let two = byline(&["entities", "--format", "json", "110_two_kims.txt", "113_registry_spellings.txt"], &scratch.0);
    let doc: serde_json::Value = serde_json::from_slice(&two.stdout).unwrap();
    assert_eq!(doc["articles"], 2);
    let out = byline(&["entities", "--suggest", "--format", "json"], &scratch.0);
    assert_eq!(out.status.code(), Some(2), "--suggest prints TOML: {}", stderr(&out));

    copy_fixture("annotated", &scratch.0.join("ann"));
    let out = byline(&["export", "ann", "-o", "spans.jsonl"], &scratch.0);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(scratch.0.join("spans.jsonl")).unwrap().lines().count(), 4);
    let out = byline(&["import", "spans.jsonl", "-o", "back"], &scratch.0);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stderr(&out), "imported 4 articles into back\n");
    let out = byline(&["export", "ann", "-o", "spans.txt"], &scratch.0);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).starts_with("error: export needs --format"), "{}", stderr(&out));
}

#[test]
fn completions_and_man_page_come_from_the_same_definitions() {
    let scratch = Scratch::new("completions");
    let out = byline(&["completions", "bash"], &scratch.0);
    assert_eq!(out.status.code(), Some(0));
    let script = stdout(&out);
    assert!(script.contains("--min-level") && script.contains("completions"), "generated from the clap definitions");
    scratch.write("byline.bash", &script);
    let checked = Command::new("bash").args(["-n", "byline.bash"]).current_dir(&scratch.0).output().unwrap();
    assert!(checked.status.success(), "bash -n: {}", stderr(&checked));

    let out = byline(&["man"], &scratch.0);
    assert_eq!(out.status.code(), Some(0));
    let page = stdout(&out);
    assert!(page.starts_with(".ie \\n(.g .ds Aq \\(aq") || page.contains(".TH byline 1"), "{page}");
    scratch.write("byline.1", &page);
    match Command::new("man")
        .args(["-l", "byline.1"])
        .env("MANPAGER", "cat")
        .env("PAGER", "cat")
        .current_dir(&scratch.0)
        .output()
    {
        Ok(rendered) => {
            assert!(rendered.status.success(), "man -l: {}", stderr(&rendered));
            let text = stdout(&rendered);
            assert!(text.contains("byline") && text.contains("check"), "{text}");
        }
        // CI installs man-db (`.ci/run`): there the page must render.
        Err(e) if std::env::var_os("CI").is_some() => panic!("man is not installed under CI ({e})"),
        Err(e) => eprintln!("man is not installed ({e}); the page was not rendered"),
    }
}

#[test]
fn brat_round_trip_through_jsonl_is_byte_for_byte() {
    let scratch = Scratch::new("brat-round-trip");
    let text = "Kurt Campbell said \"we welcome it\" on Tuesday.\n";
    let ann = "T1\tPerson 0 13\tKurt Campbell\nE1\tSay:T2 Speaker:T1\nT2\tCue 14 18\tsaid\nA1\tRejected T2\n\
               R1\tSaidBy Arg1:T3 Arg2:T1\n#1\tAnnotatorNotes T1\tchecked\nT3\tQuote 19 34\t\"we welcome it\"\n\
               N1\tReference T1 byline:kurt-campbell\tKurt Campbell\n";
    scratch.write("in/story.txt", text);
    scratch.write("in/story.ann", ann);
    let out = byline(&["export", "in", "-o", "story.jsonl"], &scratch.0);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = byline(&["import", "story.jsonl", "-o", "out"], &scratch.0);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(scratch.read("out/story.ann"), ann, "every line back in its place");
    assert_eq!(scratch.read("out/story.txt"), text);
}

#[test]
fn crlf_line_ends_and_a_missing_final_newline_survive_the_jsonl_round_trip() {
    let scratch = Scratch::new("crlf-round-trip");
    // Windows line ends in the article and its `.ann`, neither ending in a newline.
    let text = "Kurt Campbell said \"we welcome it\".\r\nKurt Campbell left on Tuesday";
    let ann = "T1\tPerson 0 13\tKurt Campbell\r\nT2\tPerson 37 50\tKurt Campbell\r\n#1\tAnnotatorNotes T1\tok";
    scratch.write("in/story.txt", text);
    scratch.write("in/story.ann", ann);
    let out = byline(&["export", "in", "-o", "story.jsonl"], &scratch.0);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = byline(&["import", "story.jsonl", "-o", "out"], &scratch.0);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(scratch.read("out/story.txt"), text);
    assert_eq!(scratch.read("out/story.ann"), ann);
}

#[test]
fn export_and_agree_read_the_corpus_as_check_does() {
    let scratch = Scratch::new("one-session");
    // `drafts/` is excluded by the corpus's byline.toml: not an article for
    // `check`, so not for `export` or `agree` either.
    for side in ["a", "b"] {
        scratch.write(&format!("{side}/byline.toml"), "[corpus]\nexclude = [\"drafts/**\"]\n");
        scratch.write(&format!("{side}/story.txt"), "Kurt Campbell spoke.\n");
        scratch.write(&format!("{side}/story.ann"), "T1\tPerson 0 13\tKurt Campbell\n");
        scratch.write(&format!("{side}/drafts/wip.txt"), "Jane Roe spoke.\n");
    }
    scratch.write("a/drafts/wip.ann", "T1\tPerson 0 8\tJane Roe\n");
    let out = byline(&["export", "a", "-o", "a.jsonl"], &scratch.0);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let exported = scratch.read("a.jsonl");
    assert_eq!(exported.lines().count(), 1, "{exported}");
    assert!(!exported.contains("Jane Roe"));
    let out = byline(&["agree", "a", "b", "--format", "json"], &scratch.0);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("\"files\": 1"), "only story.txt is compared: {}", stdout(&out));
    assert!(!stdout(&out).contains("wip"), "{}", stdout(&out));
}
