//! Per-stage timing of the analysis pipeline on one core (not a test):
//! which detector costs what.
//!
//!     cargo run --release -p byline --example bench_stages [MEGABYTES]

use byline_core::{article, dates, entities, problems, quotes, speakers};
use byline_corpus::synthetic;
use std::time::{Duration, Instant};

fn main() {
    let megabytes: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(8);
    let articles = synthetic::corpus(2012, megabytes * 1024 * 1024, 3_000);
    let bytes: usize = articles.iter().map(String::len).sum();
    let mut times = [Duration::ZERO; 6];
    for text in &articles {
        let t = Instant::now();
        let parsed = article::parse(text, None);
        times[0] += t.elapsed();
        let t = Instant::now();
        let found = entities::detect(&parsed);
        times[1] += t.elapsed();
        let t = Instant::now();
        let mut scan = quotes::detect(&parsed);
        times[2] += t.elapsed();
        let t = Instant::now();
        speakers::attribute(&parsed, &mut scan.quotes, &found);
        times[3] += t.elapsed();
        let t = Instant::now();
        let timexes = dates::detect(&parsed);
        times[4] += t.elapsed();
        let t = Instant::now();
        let _ = problems::collect_with_entities(&parsed, &scan, &timexes, &found, false);
        times[5] += t.elapsed();
    }
    let total: Duration = times.iter().sum();
    println!("{:.1} MB of synthetic news, one core", bytes as f64 / 1e6);
    for (name, time) in ["article", "entities", "quotes", "speakers", "dates", "problems"].iter().zip(times) {
        println!(
            "  {name:<9} {:>7.1} MB/s  {:>5.1}% of the time",
            bytes as f64 / 1e6 / time.as_secs_f64(),
            100.0 * time.as_secs_f64() / total.as_secs_f64()
        );
    }
    println!("  pipeline  {:>7.1} MB/s", bytes as f64 / 1e6 / total.as_secs_f64());
}
