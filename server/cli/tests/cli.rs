//! End-to-end tests of the `byline` binary: exit codes, output formats and
//! bad input, as CI and people meet them.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn byline(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_byline")).args(args).current_dir(cwd).output().expect("byline runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A scratch corpus folder, removed when dropped.
struct Corpus(PathBuf);

impl Corpus {
    fn new(name: &str) -> Corpus {
        let dir = std::env::temp_dir().join(format!("byline-cli-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Corpus(dir)
    }
    fn write(&self, name: &str, content: impl AsRef<[u8]>) -> &Self {
        std::fs::write(self.0.join(name), content).unwrap();
        self
    }
}

impl Drop for Corpus {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

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
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("missing.txt"), "{}", stderr(&out));
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
