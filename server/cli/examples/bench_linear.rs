//! Linear time, measured (issue 14): a benchmark, not a test, since timings
//! belong on a quiet machine.
//!
//!   cargo run --release -p byline --example bench_linear
//!
//! 1. Doubling: an ordinary news article at 3, 6, 12 and 24 MB; each doubling
//!    may cost at most ~2.5 times the time.
//! 2. Pathological inputs against an ordinary article of the same size: one
//!    5 MB line (analysis and the plain listing), 128 KB of `a.`, 10,000
//!    quotation marks, a 100,000-line `.ann` of one repeated annotation
//!    (checked and compared for agreement), a 50 MB article. Each may take at
//!    most twice the time per MB of the ordinary one.
//!
//! Prints a table; exits 1 when a bound is broken.

use byline_core::standoff;
use byline_core::{analyze, listing, AnalyzeOptions};
use byline_corpus::agreement::{compare, AnnotatedDoc};
use std::time::{Duration, Instant};

const PARAGRAPH: &str = "SEOUL, March 5 (Reuters) - South Korea's finance ministry said on Tuesday it would \
extend support to exporters. \"We are ready to act if markets become unstable,\" Finance Minister \
Choi Sang-mok told reporters, adding that the U.S. tariffs announced last week were a concern. \
According to the Bank of Korea, exports rose 4.8% in February from a year earlier.\n\n";

fn ordinary(bytes: usize) -> String {
    PARAGRAPH.repeat(bytes / PARAGRAPH.len() + 1)
}

/// The best of three runs (one for inputs over 20 MB): the least disturbed
/// by other work on the machine.
fn time(mut f: impl FnMut(), big: bool) -> Duration {
    (0..if big { 1 } else { 3 })
        .map(|_| {
            let started = Instant::now();
            f();
            started.elapsed()
        })
        .min()
        .unwrap()
}

fn analysis(text: &str) -> Duration {
    time(
        || {
            std::hint::black_box(analyze(text, &AnalyzeOptions::default()));
        },
        text.len() > 20 << 20,
    )
}

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

fn main() {
    let mut broken = 0;
    println!("doubling (ordinary article):");
    let mut previous: Option<Duration> = None;
    for mb in [3, 6, 12, 24] {
        let text = ordinary(mb << 20);
        let took = analysis(&text);
        let ratio = previous.map(|p| took.as_secs_f64() / p.as_secs_f64());
        let verdict = match ratio {
            Some(r) if r > 2.5 => {
                broken += 1;
                "TOO SLOW"
            }
            _ => "ok",
        };
        println!(
            "  {mb:>3} MB  {:>8.3} s  {}  {verdict}",
            took.as_secs_f64(),
            ratio.map_or(String::new(), |r| format!("x{r:.2}"))
        );
        previous = Some(took);
    }

    println!("pathological input vs an ordinary one of the same size (time per MB):");
    let mut row = |name: &str, hostile: Duration, ordinary: Duration| {
        let ratio = hostile.as_secs_f64() / ordinary.as_secs_f64().max(1e-6);
        let verdict = if ratio > 2.0 {
            broken += 1;
            "TOO SLOW"
        } else {
            "ok"
        };
        println!(
            "  {name:<34} {:>8.3} s vs {:>8.3} s  x{ratio:.2}  {verdict}",
            hostile.as_secs_f64(),
            ordinary.as_secs_f64()
        );
    };

    let five = ordinary(5 << 20);
    let one_line = five.replace('\n', " ");
    row("one 5 MB line: analysis", analysis(&one_line), analysis(&five));
    let listed = |text: &str| {
        let result = analyze(text, &AnalyzeOptions::default());
        time(
            || {
                std::hint::black_box(listing::render(text, &result));
            },
            false,
        )
    };
    row("one 5 MB line: plain listing", listed(&one_line), listed(&five));

    let chain = "a.".repeat(64 << 10);
    row("128 KB of `a.`", analysis(&chain), analysis(&ordinary(chain.len())));

    let quotes = "\"".repeat(10_000);
    row("10,000 quotation marks", analysis(&quotes), analysis(&ordinary(quotes.len())));

    let text = "Samsung said it would wait. ".repeat(4000);
    let repeated: String = (1..=100_000).map(|i| format!("T{i}\tOrganization 0 7\tSamsung\n")).collect();
    let spread: String = (1..=100_000)
        .map(|i| {
            let start = (i % 4000) * 28;
            format!("T{i}\tOrganization {start} {}\tSamsung\n", start + 7)
        })
        .collect();
    row("100,000-line .ann, one annotation", ann_work(&text, &repeated), ann_work(&text, &spread));

    let fifty = ordinary(50 << 20);
    let per_mb = |d: Duration, mb: f64| Duration::from_secs_f64(d.as_secs_f64() / mb);
    row("50 MB article (per MB vs 5 MB)", per_mb(analysis(&fifty), 50.0), per_mb(analysis(&five), 5.0));

    if broken > 0 {
        println!("{broken} bound(s) broken");
        std::process::exit(1);
    }
}
