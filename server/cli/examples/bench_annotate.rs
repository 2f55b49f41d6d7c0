//! Throughput benchmark for `byline annotate --jsonl` (not a test).
//!
//!     cargo build --release -p byline --examples
//!     target/release/examples/bench_annotate [MEGABYTES]     # default 64
//!     target/release/examples/bench_annotate 16 50000        # with a 50,000-entry registry
//!
//! Builds a deterministic news-like corpus of at least MEGABYTES (synthetic
//! articles of about 3 KB), writes it as evaluation JSONL, runs the release
//! `byline` binary over it three times and reports the best wall time as MB/s
//! of article text, with the binary's peak resident memory. With ENTRIES, the
//! same run goes through `--registry` with a generated registry of that many
//! entries (loading it included), so the two figures give the registry's cost.

use byline_corpus::synthetic;
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn main() {
    let megabytes: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(64);
    let registry_entries: usize = std::env::args().nth(2).and_then(|a| a.parse().ok()).unwrap_or(0);
    let registry = std::env::temp_dir().join(format!("byline-bench-{}.toml", std::process::id()));
    if registry_entries > 0 {
        std::fs::write(&registry, byline_core::registry::synthetic::registry_text(registry_entries, 2012))
            .expect("write registry");
    }
    let mut annotate_args = vec!["annotate".to_string(), "--jsonl".to_string()];
    if registry_entries > 0 {
        annotate_args.extend(["--registry".to_string(), registry.display().to_string()]);
    }
    let articles = synthetic::corpus(2012, megabytes * 1024 * 1024, 3_000);
    let text_bytes: usize = articles.iter().map(String::len).sum();
    let input = std::env::temp_dir().join(format!("byline-bench-{}.jsonl", std::process::id()));
    {
        let mut file = std::io::BufWriter::new(std::fs::File::create(&input).expect("temp file"));
        for (i, text) in articles.iter().enumerate() {
            let line = serde_json::json!({"id": format!("synthetic-{i}"), "text": text, "dct": null});
            writeln!(file, "{line}").expect("write corpus");
        }
    }
    let binary = std::env::current_exe()
        .ok()
        .and_then(|exe| Some(exe.parent()?.parent()?.join("byline")))
        .filter(|p| p.exists())
        .unwrap_or_else(|| PathBuf::from("target/release/byline"));
    println!(
        "corpus: {} articles, {:.1} MB of text; binary: {}",
        articles.len(),
        text_bytes as f64 / 1e6,
        binary.display()
    );
    let mut best = Duration::MAX;
    let mut peak_kb = 0;
    for _ in 0..3 {
        let start = Instant::now();
        let mut child = Command::new(&binary)
            .args(&annotate_args)
            .stdin(std::fs::File::open(&input).expect("corpus"))
            .stdout(Stdio::null())
            .spawn()
            .expect("byline starts");
        let pid = child.id();
        let mut run_peak = 0;
        loop {
            // VmHWM is the process's own high-water mark, so polling cannot miss the peak
            // while the process lives.
            if let Ok(status) = std::fs::read_to_string(format!("/proc/{pid}/status")) {
                if let Some(kb) = status
                    .lines()
                    .find(|l| l.starts_with("VmHWM:"))
                    .and_then(|l| l.split_whitespace().nth(1))
                    .and_then(|v| v.parse::<u64>().ok())
                {
                    run_peak = run_peak.max(kb);
                }
            }
            if let Some(status) = child.try_wait().expect("wait") {
                assert!(status.success(), "byline failed: {status}");
                break;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        best = best.min(start.elapsed());
        peak_kb = peak_kb.max(run_peak);
    }
    let _ = std::fs::remove_file(&input);
    let _ = std::fs::remove_file(&registry);
    let mbps = text_bytes as f64 / 1e6 / best.as_secs_f64();
    println!(
        "annotate --jsonl{}: best of 3 {:.2} s, {mbps:.1} MB/s, peak memory {:.0} MB",
        if registry_entries > 0 { format!(" --registry ({registry_entries} entries)") } else { String::new() },
        best.as_secs_f64(),
        peak_kb as f64 / 1024.0
    );
}
