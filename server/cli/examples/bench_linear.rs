//! Linear time, measured (issue 14): a benchmark, not a test, since timings
//! belong on a quiet machine.
//!
//!   cargo run --release -p byline --example bench_linear -- NEWS.jsonl [--quick]
//!
//! NEWS.jsonl is real news in the JSONL of `docs/jsonl.md` (a `text` per
//! line), read at run time and never copied: the project measures against
//! `../shared/eval/dev/polnear_train.jsonl`. `--quick` halves the sizes.
//!
//! 1. Doubling: each parser on generated input of n and 2n bytes (articles
//!    through the whole analysis, `.ann`, `annotation.conf`, `entities.toml`,
//!    the interchange tokenizer); twice the input may cost at most 2.5 times
//!    the time.
//! 2. Pathological inputs against ordinary news of the same size, the same
//!    work on both: one 5 MB line (analysis, and the plain listing), 128 KB
//!    of `a.`, 10,000 quotation marks, a 100,000-line `.ann` (parsed, checked
//!    and compared for agreement, against a 100,000-line `.ann` of news
//!    annotations), a 50 MB article. Each may take at most twice the time per
//!    MB of the ordinary one.
//!
//! Every time is the best of three runs (one over 20 MB): the least
//! disturbed by other work on the machine. Prints a table; exits 1 when a
//! bound is broken.

use byline_core::interchange::tokens;
use byline_core::registry::{self, RegistrySource};
use byline_core::standoff;
use byline_core::{analyze, listing, AnalyzeOptions};
use byline_corpus::agreement::{compare, AnnotatedDoc};
use std::time::{Duration, Instant};

const MB: usize = 1 << 20;

/// The news texts of a JSONL file, joined as paragraphs.
fn read_news(path: &str) -> String {
    let data = std::fs::read_to_string(path).unwrap_or_else(|e| {
        eprintln!("bench_linear: cannot read {path}: {e}");
        std::process::exit(2)
    });
    let mut news = String::new();
    for line in data.lines() {
        let Ok(record) = serde_json::from_str::<serde_json::Value>(line) else { continue };
        if let Some(text) = record.get("text").and_then(|t| t.as_str()) {
            news.push_str(text.trim());
            news.push_str("\n\n");
        }
    }
    if news.len() < 1024 {
        eprintln!("bench_linear: {path} holds no news texts");
        std::process::exit(2)
    }
    news
}

/// `bytes` of news (repeated as needed), cut at a paragraph.
fn news_of(news: &str, bytes: usize) -> String {
    let mut out = String::with_capacity(bytes + news.len());
    while out.len() < bytes {
        out.push_str(news);
    }
    let mut cut = bytes.min(out.len());
    while !out.is_char_boundary(cut) {
        cut -= 1;
    }
    out.truncate(cut);
    out
}

fn time(mut f: impl FnMut(), big: bool) -> Duration {
    (0..if big { 1 } else { 3 })
        .map(|_| {
            let started = Instant::now();
            f();
            started.elapsed()
        })
        .min()
        .expect("one run")
}

fn analysis(text: &str) -> Duration {
    time(
        || {
            std::hint::black_box(analyze(text, &AnalyzeOptions::default()));
        },
        text.len() > 20 * MB,
    )
}

/// What `byline check` and `byline agree` do with a `.ann`.
fn ann_work(text: &str, ann: &str) -> Duration {
    time(
        || {
            let file = standoff::parse(ann);
            std::hint::black_box(standoff::check(text, &file, |_| true));
            let doc = AnnotatedDoc { name: "x.txt", text, ann: &file };
            std::hint::black_box(compare(&[doc], &[doc]));
        },
        false,
    )
}

/// A `.ann` of `lines` text-bound annotations over the capitalised words of
/// `text` (code-point offsets), as an annotator's file would be.
fn ann_over(text: &str, lines: usize) -> String {
    let mut out = String::new();
    let mut chars = 0usize;
    let mut n = 0;
    'outer: loop {
        let mut at = 0usize;
        for word in text.split(' ') {
            let len = word.chars().count();
            if n == lines {
                break 'outer;
            }
            if len > 2 && word.chars().all(char::is_alphabetic) && word.starts_with(char::is_uppercase) {
                n += 1;
                out.push_str(&format!("T{n}\tPerson {} {}\t{word}\n", chars + at, chars + at + len));
            }
            at += len + 1;
        }
        chars = 0; // offsets repeat over the same text once it is used up
        if n == 0 {
            break;
        }
    }
    out
}

struct Table {
    broken: usize,
}

impl Table {
    fn row(&mut self, name: &str, bound: f64, took: Duration, base: Duration, unit: &str) {
        let ratio = took.as_secs_f64() / base.as_secs_f64().max(1e-6);
        let verdict = if ratio > bound {
            self.broken += 1;
            "TOO SLOW"
        } else {
            "ok"
        };
        println!(
            "  {name:<44} {:>8.3} s vs {:>8.3} s {unit:<10} x{ratio:<5.2} (bound {bound}) {verdict}",
            took.as_secs_f64(),
            base.as_secs_f64()
        );
    }
}

fn doubling(table: &mut Table, name: &str, n: usize, make: impl Fn(usize) -> String, work: impl Fn(&str) -> Duration) {
    let (small, large) = (make(n), make(2 * n));
    let label = format!("{name}: {:.1} → {:.1} MB", small.len() as f64 / MB as f64, large.len() as f64 / MB as f64);
    table.row(&label, 2.5, work(&large), work(&small), "(2n vs n)");
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.iter().find(|a| !a.starts_with("--")) else {
        eprintln!("usage: bench_linear NEWS.jsonl [--quick]   (news: ../shared/eval/dev/polnear_train.jsonl)");
        std::process::exit(2)
    };
    let scale = if args.iter().any(|a| a == "--quick") { 2 } else { 1 };
    let news = read_news(path);
    let mut table = Table { broken: 0 };

    println!("1. doubling: generated input twice as large, at most 2.5 times the time");
    doubling(&mut table, "article analysis (news)", 6 * MB / scale, |b| news_of(&news, b), analysis);
    let ann_lines = |lines: usize| ann_over(&news_of(&news, 4 * MB), lines);
    doubling(&mut table, ".ann parse + write", 200_000 / scale, ann_lines, |ann| {
        time(|| drop(std::hint::black_box(standoff::write(&standoff::parse(ann)))), false)
    });
    let conf = |bytes: usize| {
        let mut out =
            String::from("[entities]\nPerson\nOrganization\nLocation\n\n[relations]\n\n[events]\n\n[attributes]\n");
        let mut i = 0;
        while out.len() < bytes {
            i += 1;
            out.push_str(&format!("Flag{i}\tArg:Person|Organization, Value:yes|no|maybe\n"));
        }
        out
    };
    doubling(&mut table, "annotation.conf parse", 2 * MB / scale, conf, |text| {
        time(|| drop(std::hint::black_box(standoff::parse_conf(text))), false)
    });
    let toml = |entries: usize| {
        (0..entries)
            .map(|i| {
                format!(
                    "[[person]]\nid = \"person-{i}\"\nname = \"Person Number{i}\"\naliases = [\"P. Number{i}\"]\n\n"
                )
            })
            .collect::<String>()
    };
    doubling(&mut table, "entities.toml parse", 50_000 / scale, toml, |text| {
        time(|| drop(std::hint::black_box(registry::parse(&[RegistrySource { name: "entities.toml", text }]))), false)
    });
    doubling(
        &mut table,
        "interchange tokenizer (news)",
        8 * MB / scale,
        |b| news_of(&news, b),
        |text| time(|| drop(std::hint::black_box(tokens::tokenize(text))), false),
    );

    println!("2. pathological input vs ordinary news of the same size: at most twice the time");
    let five = news_of(&news, 5 * MB / scale);
    let chain = "a.".repeat(64 << 10);
    table.row("128 KB of `a.`", 2.0, analysis(&chain), analysis(&news_of(&news, chain.len())), "");

    let quotes = "\"".repeat(10_000);
    table.row("10,000 quotation marks", 2.0, analysis(&quotes), analysis(&news_of(&news, quotes.len())), "");
    let spaced = "\" ".repeat(10_000);
    table.row("10,000 quotation marks, spaced", 2.0, analysis(&spaced), analysis(&news_of(&news, spaced.len())), "");

    let article = news_of(&news, 4 * MB);
    let ordinary_ann = ann_over(&article, 100_000);
    let first = ordinary_ann.lines().next().expect("a line").split_once('\t').expect("an id").1;
    let repeated: String = (1..=100_000).map(|i| format!("T{i}\t{first}\n")).collect();
    let broken_lines: String = (1..=100_000).map(|i| format!("T{i}\tPerson {i} x\tbroken\n")).collect();
    table.row(
        "100,000-line .ann, one annotation repeated",
        2.0,
        ann_work(&article, &repeated),
        ann_work(&article, &ordinary_ann),
        "",
    );
    table.row(
        "100,000-line .ann, every line malformed",
        2.0,
        ann_work(&article, &broken_lines),
        ann_work(&article, &ordinary_ann),
        "",
    );

    let fifty = news_of(&news, 50 * MB / scale);
    let per_mb = |d: Duration, bytes: usize| Duration::from_secs_f64(d.as_secs_f64() / (bytes as f64 / MB as f64));
    table.row(
        "50 MB article (per MB, vs 5 MB of news)",
        2.0,
        per_mb(analysis(&fifty), fifty.len()),
        per_mb(analysis(&five), five.len()),
        "per MB",
    );

    // Last: on a quadratic analysis this takes minutes.
    let one_line = five.replace(['\n', '\r'], " ");
    table.row("one 5 MB line: analysis", 2.0, analysis(&one_line), analysis(&five), "");
    let listed = |text: &str| {
        let result = analyze(text, &AnalyzeOptions::default());
        time(|| drop(std::hint::black_box(listing::render(text, &result))), false)
    };
    table.row("one 5 MB line: plain listing", 2.0, listed(&one_line), listed(&five), "");

    if table.broken > 0 {
        println!("{} bound(s) broken", table.broken);
        std::process::exit(1);
    }
    println!("every bound holds");
}
