//! End-to-end tests of Byline's reports for CI and for other tools: `check
//! --format sarif|github`, `export`, `import` and `agree`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn byline(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_byline")).args(args).current_dir(cwd).output().expect("byline runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A scratch folder, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("byline-report-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }
    fn write(&self, name: &str, content: impl AsRef<[u8]>) -> &Self {
        let path = self.0.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(path, content).unwrap();
        self
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

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
