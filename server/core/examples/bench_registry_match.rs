//! What a large entity registry costs annotation (not a test): `analyze`
//! throughput on one thread with the built-in gazetteer, and with 50,000
//! registry entries added. The issue allows the registry 30%.
//!
//!     cargo run --release -p byline-core --example bench_registry_match [MEGABYTES] [ENTRIES]
//!
//! The text is generated here (the core has no corpus crate): news-like
//! paragraphs naming registered people by full name and surname, variant
//! spellings, people the registry lacks, organisations, places, quotes and
//! dates, so every registry path (exact, shared alias, variant, miss) runs.

use byline_core::{analyze, AnalyzeOptions, EntityLabel, Gazetteer, GazetteerEntry};
use std::sync::Arc;
use std::time::Instant;

/// A small xorshift generator: the same text and registry on every machine.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n.max(1) as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const GIVEN: &[&str] = &[
    "Maria", "James", "Aiko", "Rahul", "Fatima", "Lars", "Olga", "Kwame", "Sofia", "Daniel", "Elena", "Tomas", "Amina",
    "Hiroshi", "Grace", "Pedro", "Leila", "Victor", "Ingrid", "Samuel", "Nadia", "Oscar", "Priya", "Felix",
];
const SYLLABLES: &[&str] = &[
    "ka", "lin", "dor", "ve", "mar", "to", "sen", "ba", "ri", "gan", "lo", "fe", "nu", "stra", "wen", "ho", "pel",
    "dra", "mi", "sol", "ter", "qua", "zen", "ro", "vik", "an", "bel", "cor", "di", "es", "fa", "gu",
];
const ORG_HEADS: &[&str] = &["Holdings", "Institute", "Foundation", "Bank", "Group", "Council", "Partners"];
const VERBS: &[&str] = &["said", "told reporters", "added", "wrote in a statement", "noted"];
const TOPICS: &[&str] =
    &["the port expansion", "the budget talks", "interest rates", "the rail link", "the election timetable"];
const DAYS: &[&str] = &["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"];
/// Sentences without names: news prose between the names, so that names
/// are about as dense as in wire copy (one mention per 80 to 100 bytes).
const PROSE: &[&str] = &[
    "The proposal would take effect next year if lawmakers approve it before the summer recess.",
    "Analysts said the figures were weaker than expected, citing higher borrowing costs and slower exports.",
    "The agreement follows months of negotiations that stalled twice over questions of financing.",
    "Officials declined to say how much the project would cost or when construction would begin.",
    "Residents have complained for years about noise, traffic and the lack of public consultation.",
    "The decision is expected to be reviewed at a meeting later this month.",
    "Prices for fuel and food have risen sharply since the start of the year, straining household budgets.",
    "Several smaller parties have said they will not support the plan without changes to the tax rules.",
];

fn surname(rng: &mut Rng) -> String {
    let mut s = String::new();
    for _ in 0..2 + rng.below(2) {
        s.push_str(rng.pick(SYLLABLES));
    }
    capitalised(&s)
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// `count` entries: seven in ten people (a third of them with their surname
/// as an alias, which many share), two in ten organisations with an
/// acronym, one in ten places.
fn registry(count: usize) -> Vec<GazetteerEntry> {
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    (0..count)
        .map(|i| {
            let id = format!("entry-{i}");
            match rng.below(10) {
                0..=6 => {
                    let last = surname(&mut rng);
                    let name = format!("{} {last}", rng.pick(GIVEN));
                    let entry = GazetteerEntry::new(&name, EntityLabel::Person).with_id(&id);
                    if rng.below(3) == 0 {
                        entry.with_aliases([last])
                    } else {
                        entry
                    }
                }
                7 | 8 => {
                    let name = format!("{} {}", surname(&mut rng), rng.pick(ORG_HEADS));
                    let acronym: String = name.split(' ').filter_map(|w| w.chars().next()).collect();
                    GazetteerEntry::new(&name, EntityLabel::Organization).with_id(&id).with_aliases([acronym])
                }
                _ => GazetteerEntry::new(&format!("Port {}", surname(&mut rng)), EntityLabel::Location).with_id(&id),
            }
        })
        .collect()
}

/// Articles of about 3 KB until `bytes`, naming registered entries (in full,
/// by surname, and spelled with a hyphen), and people the registry lacks.
fn articles(entries: &[GazetteerEntry], bytes: usize) -> Vec<String> {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut out = Vec::new();
    let mut total = 0;
    while total < bytes {
        let mut text = format!("Officials meet on {}\n\nBRUSSELS, March 3 --", rng.pick(DAYS));
        while text.len() < 3_000 {
            let person = &entries[rng.below(entries.len())];
            let org = &entries[rng.below(entries.len())];
            let stranger = format!("{} {}", rng.pick(GIVEN), surname(&mut rng));
            let full = person.name.as_str();
            let short = full.rsplit(' ').next().unwrap_or(full);
            let hyphenated = full.replacen(' ', "-", 1);
            let topic = rng.pick(TOPICS);
            let verb = rng.pick(VERBS);
            let day = rng.pick(DAYS);
            text.push_str(&format!(
                " {full} met {stranger} of {} on {day} to discuss {topic}. {} {}\n\n\
                 \"We expect progress within weeks,\" {short} {verb}, adding that {} had been briefed. {}\n\n\
                 {stranger} disagreed. The plan, first shown to {hyphenated} in May 2021, \
                 still lacks funding from the European Union and the World Bank. {} {}\n\n",
                org.name,
                rng.pick(PROSE),
                rng.pick(PROSE),
                rng.pick(&["Seoul", "Geneva", "Nairobi", "Lima", "the United Nations"]),
                rng.pick(PROSE),
                rng.pick(PROSE),
                rng.pick(PROSE),
            ));
        }
        total += text.len();
        out.push(text);
    }
    out
}

/// CPU seconds of this thread, in nanoseconds from the scheduler's
/// accounting: the machine is shared, so wall time lies, and the tick-based
/// counts of `/proc/.../stat` are too coarse for a round.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").unwrap_or_default();
    let nanos: u64 = stat.split_whitespace().next().and_then(|n| n.parse().ok()).unwrap_or(0);
    nanos as f64 / 1e9
}

/// Analyses every article once; returns the CPU seconds, mentions and
/// mentions linked to a registry entry.
fn round(articles: &[String], options: &AnalyzeOptions) -> (f64, usize, usize) {
    let start = cpu_seconds();
    let mut linked = 0;
    let mut mentions = 0;
    for text in articles {
        let analysis = analyze(text, options);
        mentions += analysis.entities.len();
        linked += analysis.entities.iter().filter(|e| e.entity.is_some()).count();
    }
    (cpu_seconds() - start, mentions, linked)
}

fn main() {
    let megabytes: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(4);
    let count: usize = std::env::args().nth(2).and_then(|a| a.parse().ok()).unwrap_or(50_000);
    let entries = registry(count);
    let texts = articles(&entries, megabytes * 1_000_000);
    let _ = Gazetteer::builtin();
    let built = Instant::now();
    let build_cpu = cpu_seconds();
    let mut gazetteer = Gazetteer::builtin().clone();
    gazetteer.extend(entries);
    let build_ms = built.elapsed().as_secs_f64() * 1e3;
    let build_cpu_ms = (cpu_seconds() - build_cpu) * 1e3;
    let with_registry = AnalyzeOptions { gazetteer: Some(Arc::new(gazetteer)), ..AnalyzeOptions::default() };
    let builtin = AnalyzeOptions::default();
    // Warm up both (lazy lists, caches) before measuring.
    let _ = round(&texts[..1], &builtin);
    let _ = round(&texts[..1], &with_registry);
    // Rounds alternate, so that a busy moment of the machine costs both,
    // and each side counts its fastest round: the others measure the
    // machine's other load as much as the code.
    // BENCH_ONLY=builtin|registry runs one side alone, for a profiler.
    let only = std::env::var("BENCH_ONLY").unwrap_or_default();
    let rounds = 5;
    let (mut plain_seconds, mut registry_seconds) = (f64::MAX, f64::MAX);
    let (mut plain_mentions, mut mentions, mut linked) = (0, 0, 0);
    for _ in 0..rounds {
        if only != "registry" {
            let (seconds, found, _) = round(&texts, &builtin);
            plain_seconds = plain_seconds.min(seconds);
            plain_mentions = found;
        }
        if only != "builtin" {
            let (seconds, found, with_id) = round(&texts, &with_registry);
            registry_seconds = registry_seconds.min(seconds);
            (mentions, linked) = (found, with_id);
        }
    }
    let megabytes_read = texts.iter().map(String::len).sum::<usize>() as f64 / 1e6;
    let plain = megabytes_read / f64::max(plain_seconds, 0.01);
    let registered = megabytes_read / f64::max(registry_seconds, 0.01);
    let bytes: usize = texts.iter().map(String::len).sum();
    println!("{} articles, {:.1} MB, one thread, CPU time", texts.len(), bytes as f64 / 1e6);
    println!("  built-in gazetteer:        {plain:>6.1} MB/s ({plain_mentions} mentions)");
    println!("  + {count} registry entries: {registered:>6.1} MB/s ({mentions} mentions, {linked} linked)");
    println!("  one mention per {} bytes", bytes / mentions.max(1));
    println!("  registry cost: {:.1}% of throughput (budget 30%)", 100.0 * (1.0 - registered / plain));
    println!("  gazetteer with the registry built in {build_cpu_ms:.0} ms CPU ({build_ms:.0} ms wall)");
}
