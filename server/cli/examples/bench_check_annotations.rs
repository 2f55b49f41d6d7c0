//! Timing of `byline check` on an annotated corpus (not a test).
//!
//!     cargo build --release -p byline --examples
//!     target/release/examples/bench_check_annotations [ARTICLES]   # default 1000
//!
//! Writes ARTICLES synthetic articles of about 3 KB into a temporary folder,
//! each with an `.ann` made the way annotators make them: every detected
//! mark accepted, then one in five relabelled, one in seven rejected, one
//! in ten left to annotate, plus `annotation.conf`. Runs the release
//! `byline check --format json` three times and reports the best wall time,
//! then the same corpus without its `.ann` files, so the cost of checking
//! annotations shows on its own. The folder is removed afterwards.

use byline_core::standoff::{self, labels, Annotation, DEFAULT_CONF};
use byline_core::{analyze, AnalyzeOptions};
use byline_corpus::synthetic;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn main() {
    let count: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(1000);
    let dir = std::env::temp_dir().join(format!("byline-bench-check-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp folder");
    let articles = synthetic::corpus(2026, count * 3_000, 3_000);
    let mut text_bytes = 0;
    let mut annotations = 0;
    for (i, text) in articles.iter().take(count).enumerate() {
        text_bytes += text.len();
        let analysis = analyze(text, &AnalyzeOptions::default());
        let mut ann = standoff::parse("");
        standoff::accept_all(text, &analysis, &mut ann, None);
        let ids: Vec<(String, String)> = ann.text_bounds().map(|t| (t.id.clone(), t.label.clone())).collect();
        for (n, (id, label)) in ids.iter().enumerate() {
            if n % 10 == 3 {
                ann.remove_with_dependents(id);
            } else if n % 7 == 2 {
                let _ = ann.reject(id);
            } else if n % 5 == 1 && label == labels::PERSON {
                let _ = ann.relabel(id, labels::ORGANIZATION);
            }
        }
        annotations += ann.annotations().filter(|a| !matches!(a, Annotation::Blank)).count();
        std::fs::write(dir.join(format!("a{i:05}.txt")), text).expect("write article");
        std::fs::write(dir.join(format!("a{i:05}.ann")), standoff::write(&ann)).expect("write .ann");
    }
    std::fs::write(dir.join("annotation.conf"), DEFAULT_CONF).expect("write conf");
    let binary = release_binary();
    println!(
        "{count} articles, {:.1} MB of text, {annotations} annotation lines",
        text_bytes as f64 / (1024.0 * 1024.0)
    );
    let with = best_of_three(&binary, &dir);
    println!("byline check with .ann files:    {:>8.1} ms", with.as_secs_f64() * 1000.0);
    if std::env::var_os("BYLINE_BENCH_KEEP").is_some() {
        println!("kept {}", dir.display());
        return;
    }
    for entry in std::fs::read_dir(&dir).expect("list").flatten() {
        if entry.path().extension().is_some_and(|e| e == "ann") {
            let _ = std::fs::remove_file(entry.path());
        }
    }
    let without = best_of_three(&binary, &dir);
    println!("byline check without .ann files: {:>8.1} ms", without.as_secs_f64() * 1000.0);
    let _ = std::fs::remove_dir_all(&dir);
}

fn release_binary() -> PathBuf {
    let exe = std::env::current_exe().expect("current exe");
    let release = exe.parent().and_then(Path::parent).expect("target/release");
    let binary = release.join(format!("byline{}", std::env::consts::EXE_SUFFIX));
    assert!(binary.exists(), "build the binary first: cargo build --release -p byline");
    binary
}

fn best_of_three(binary: &Path, dir: &Path) -> Duration {
    (0..3)
        .map(|_| {
            let start = Instant::now();
            let status = Command::new(binary)
                .args(["check", "--format", "json", "."])
                .current_dir(dir)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .expect("byline runs");
            assert!(status.code().is_some(), "byline was killed");
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}
