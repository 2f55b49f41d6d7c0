//! The README, held to what it says: the commands it shows run as shown
//! (on copies of the fixtures) and exit as it says, and every figure about
//! the sample corpus, the registry or the command line is the binary's.
//! Benchmark figures are not here: each has the command that measures it
//! beside it in the README (timings belong in benchmarks, not tests).

use std::path::Path;
use std::process::{Command, Output, Stdio};

mod common;
use common::{byline, stderr, stdout, workspace, Scratch};

fn readme() -> String {
    std::fs::read_to_string(workspace().join("README.md")).unwrap()
}

/// The text of the section under `heading` (a whole `#` line), up to the
/// next heading of the same or a higher level.
fn section(readme: &str, heading: &str) -> String {
    let level = heading.chars().take_while(|c| *c == '#').count();
    let mut lines = readme.lines().skip_while(|l| *l != heading);
    assert!(lines.next().is_some(), "README has no `{heading}`");
    lines
        .take_while(|l| {
            let hashes = l.chars().take_while(|c| *c == '#').count();
            !(hashes > 0 && hashes <= level && l.chars().nth(hashes) == Some(' '))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The shell lines of a section: indented code lines and the lines of
/// fenced `sh` blocks, comments and continuation comments dropped.
fn commands(section: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut fenced = false;
    for line in section.lines() {
        if line.starts_with("```") {
            fenced = line == "```sh";
            continue;
        }
        let code = if fenced {
            line
        } else if let Some(code) = line.strip_prefix("    ") {
            code
        } else {
            continue;
        };
        let code = code.split(" #").next().unwrap().trim();
        if !code.is_empty() && !code.starts_with('#') {
            out.push(code.to_string());
        }
    }
    out
}

/// Runs one README line in `cwd`: `byline ...` or `cargo run --release --
/// ...` run the binary under test; `< FILE` and `> FILE` redirect.
fn run_line(line: &str, cwd: &Path) -> Output {
    let mut words: Vec<&str> = line.split_whitespace().collect();
    let mut input = None;
    let mut output = None;
    while words.len() >= 2 && matches!(words[words.len() - 2], "<" | ">") {
        let file = cwd.join(words.pop().unwrap());
        match words.pop().unwrap() {
            "<" => input = Some(file),
            _ => output = Some(file),
        }
    }
    let args: &[&str] = match words.as_slice() {
        ["byline", rest @ ..] => rest,
        ["cargo", "run", "--release", "--", rest @ ..] => rest,
        _ => panic!("not a byline command: {line}"),
    };
    let mut command = Command::new(env!("CARGO_BIN_EXE_byline"));
    command.args(args).current_dir(cwd).stderr(Stdio::piped()).stdout(Stdio::piped());
    command.stdin(match &input {
        Some(file) => Stdio::from(std::fs::File::open(file).unwrap()),
        None => Stdio::null(),
    });
    let out = command.output().unwrap();
    if let Some(file) = output {
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, &out.stdout).unwrap();
    }
    out
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &to.join(entry.file_name()));
        } else {
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}

/// A scratch folder with `fixtures/corpus` and `fixtures/annotated` copied in.
fn with_fixtures(name: &str) -> Scratch {
    let scratch = Scratch::new(name);
    for fixture in ["corpus", "annotated"] {
        copy_tree(&workspace().join("fixtures").join(fixture), &scratch.0.join("fixtures").join(fixture));
    }
    scratch
}

fn assert_exit(out: &Output, code: i32, line: &str) {
    assert_eq!(out.status.code(), Some(code), "`{line}`\nstdout: {}\nstderr: {}", stdout(out), stderr(out));
}

#[test]
fn install_states_the_workspace_rust_version() {
    let manifest = std::fs::read_to_string(workspace().join("Cargo.toml")).unwrap();
    let version = manifest.lines().find_map(|l| l.strip_prefix("rust-version = ")).unwrap().trim_matches('"');
    let install = section(&readme(), "## Install");
    assert!(install.contains(&format!("Byline needs Rust {version} or newer")), "{install}");
    assert_eq!(commands(&install), ["cargo install --locked --path server/cli"]);
}

#[test]
fn your_first_corpus_runs_as_shown() {
    let scratch = Scratch::new("first-corpus");
    let lines = commands(&section(&readme(), "## Your first corpus"));
    assert_eq!(lines.len(), 4, "{lines:?}");
    for line in &lines {
        if line.contains("my-corpus/a.txt") {
            // The article the reader puts in the new corpus.
            scratch.write("my-corpus/a.txt", "Kurt Campbell said \"we welcome it\" on Tuesday.\n");
        }
        let out = run_line(line, &scratch.0);
        assert_exit(&out, 0, line);
        if line.starts_with("byline annotate") {
            assert!(stdout(&out).contains("Kurt Campbell"), "the marks of the article: {}", stdout(&out));
        }
        if line.starts_with("byline rule --list") {
            assert!(stdout(&out).contains("stale-annotation"), "{}", stdout(&out));
        }
    }
    for made in ["byline.toml", "annotation.conf", "entities.toml"] {
        assert!(scratch.0.join("my-corpus").join(made).is_file(), "init writes {made}");
    }
}

#[test]
fn the_sample_corpus_commands_run() {
    let scratch = with_fixtures("sample");
    let lines = commands(&section(&readme(), "## Run it on the sample corpus"));
    assert_eq!(lines.len(), 2, "{lines:?}");
    for line in &lines {
        let out = run_line(line, &scratch.0);
        assert_exit(&out, 0, line);
        assert!(!stdout(&out).is_empty(), "`{line}` prints something");
    }
}

#[test]
fn report_commands_run_and_state_the_defaults() {
    let scratch = with_fixtures("report");
    let text = section(&readme(), "## The corpus at a glance: `byline report`");
    let lines = commands(&text);
    assert_eq!(lines.len(), 2, "{lines:?}");
    // `out/` is what a cluster run leaves: annotate's JSONL output.
    let input = byline(&["export", "--format", "input", "fixtures/corpus", "-o", "in.jsonl"], &scratch.0);
    assert_exit(&input, 0, "export --format input");
    let annotated = run_line("byline annotate --jsonl < in.jsonl > out/part-0.jsonl", &scratch.0);
    assert_exit(&annotated, 0, "annotate --jsonl");
    for line in &lines {
        let out = run_line(line, &scratch.0);
        assert_exit(&out, 0, line);
        assert!(scratch.read("report.html").starts_with("<!doctype html>"), "{line}");
    }
    let help = stdout(&byline(&["report", "--help"], &scratch.0));
    assert!(help.contains("[default: 5000]"), "{help}");
    assert!(text.contains("`--max-articles` rows (5,000;"), "{text}");
}

#[test]
fn entity_and_brat_commands_run_as_shown() {
    let scratch = with_fixtures("brat");
    let readme = readme();
    let mut lines = commands(&section(&readme, "### Entities of a corpus: `byline entities`"));
    let brat = commands(&section(&readme, "## Human annotations: brat standoff"));
    assert_eq!((lines.len(), brat.len()), (3, 4), "{lines:?} {brat:?}");
    lines.extend(brat);
    // Two annotators' folders: A as annotated, B without one label.
    copy_tree(&scratch.0.join("fixtures/annotated"), &scratch.0.join("annotator-a"));
    copy_tree(&scratch.0.join("fixtures/annotated"), &scratch.0.join("annotator-b"));
    let ann = scratch.read("annotator-b/201_dock_strike.ann");
    let first = ann.lines().next().unwrap().to_string();
    scratch.write("annotator-b/201_dock_strike.ann", ann.replacen(&format!("{first}\n"), "", 1));
    for line in &lines {
        // The entities lines run in the sample corpus, as its own folder.
        let cwd =
            if line.starts_with("byline entities --") { scratch.0.join("fixtures/corpus") } else { scratch.0.clone() };
        let out = run_line(line, &cwd);
        assert_exit(&out, 0, line);
    }
    let corpus = scratch.0.join("fixtures/corpus");
    assert!(std::fs::read_to_string(corpus.join("entities.csv")).unwrap().starts_with("name,kind,id,"));
    assert!(std::fs::read_to_string(corpus.join("new-entries.toml")).unwrap().contains("[["));
    let conll = scratch.read("corpus.conll");
    assert_eq!(conll.matches("-DOCSTART-").count(), 4, "one -DOCSTART- per article");
    for name in ["201_dock_strike", "202_council_budget", "203_freight_outlook", "204_hangul_profile"] {
        assert_eq!(
            scratch.read(&format!("imported/{name}.ann")),
            scratch.read(&format!("fixtures/annotated/{name}.ann")),
            "the JSONL round trip gives every .ann back"
        );
    }
    let agree = run_line("byline agree annotator-a/ annotator-b/", &scratch.0);
    assert!(stdout(&agree).contains("only in A"), "{}", stdout(&agree));
}

#[test]
fn the_shared_alias_example_is_the_fixture_registry() {
    let readme = readme();
    let text = section(&readme, "### Shared aliases").split_whitespace().collect::<Vec<_>>().join(" ");
    let named = text.split("In the fixture registry ").nth(1).unwrap().split(" all list `Kim`").next().unwrap();
    let mut names: Vec<String> = named.replace(" and ", ", ").split(", ").map(str::to_string).collect::<Vec<_>>();
    names.sort();
    let registry_text = std::fs::read_to_string(workspace().join("fixtures/corpus/entities.toml")).unwrap();
    let registry = byline_core::registry::parse(&[byline_core::registry::RegistrySource {
        name: "entities.toml",
        text: &registry_text,
    }]);
    let mut kims: Vec<String> =
        registry.entries.iter().filter(|e| e.aliases.iter().any(|a| a == "Kim")).map(|e| e.name.clone()).collect();
    kims.sort();
    assert_eq!(names, kims);
}

#[test]
fn registry_examples_are_valid_and_ids_come_from_names() {
    let readme = readme();
    let text = section(&readme, "## The entity registry: `entities.toml`");
    let blocks: Vec<&str> = text.split("```toml\n").skip(1).map(|b| b.split("```").next().unwrap()).collect();
    assert_eq!(blocks.len(), 2);
    let scratch = Scratch::new("registry-examples");
    scratch.write("byline.toml", "");
    scratch.write("a.txt", "Kurt Campbell met Christine Lagarde.\n");
    for block in blocks {
        scratch.write("entities.toml", block);
        let out = byline(&["check", "-v", "entities.toml", "a.txt"], &scratch.0);
        assert_exit(&out, 0, "check of the README's registry example");
        assert!(!stdout(&out).contains("entities.toml:"), "no problem in the example: {}", stdout(&out));
    }
    assert!(text.contains("(`Kenro Oshidari` gets `kenro-oshidari`)"));
    let registry = byline_core::registry::parse(&[byline_core::registry::RegistrySource {
        name: "entities.toml",
        text: "[[person]]\nname = \"Kenro Oshidari\"\n",
    }]);
    assert_eq!(registry.entries[0].id, "kenro-oshidari");
}

#[test]
fn a_variant_names_the_registry_spelling_as_the_readme_says() {
    assert!(readme().contains("`variant_of` the registry's spelling of a\nvariant (`Kim Jong-un` for `Kim Jong Un`)"));
    let scratch = with_fixtures("variant");
    scratch.write("fixtures/corpus/variant.txt", "Kim Jong-un inspected the factory, state media said.\n");
    let out = byline(&["annotate", "--format", "json", "fixtures/corpus/variant.txt"], &scratch.0);
    assert_exit(&out, 0, "annotate --format json");
    assert!(stdout(&out).contains("\"variant_of\": \"Kim Jong Un\""), "{}", stdout(&out));
}

#[test]
fn the_configuration_example_is_read_without_complaint() {
    let readme = readme();
    let text = section(&readme, "## Configuration: `byline.toml`");
    let example = text.split("```toml\n").nth(1).unwrap().split("```").next().unwrap();
    let scratch = Scratch::new("config-example");
    scratch.write("byline.toml", example);
    scratch.write("entities.toml", "[[person]]\nname = \"Kurt Campbell\"\n");
    scratch.write("a.txt", "Kurt Campbell said \"we welcome it\" on Tuesday.\n");
    scratch.write("drafts/b.txt", "Unfinished \"draft.\n");
    let out = byline(&["check", "-v", "."], &scratch.0);
    assert_exit(&out, 0, "check with the README's byline.toml");
    assert!(stderr(&out).contains("checked 1 article:"), "drafts/ excluded: {}", stderr(&out));
}
