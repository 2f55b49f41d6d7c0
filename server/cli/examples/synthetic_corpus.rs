//! Writes a generated news-like corpus to a folder, for the scale-out and
//! report suites and benchmarks (not for detection quality: real text is
//! for that).
//!
//!     cargo run --release -p byline --example synthetic_corpus -- DIR ARTICLES [SEED]
//!
//! Articles of about 2.5 KB (`byline_corpus::synthetic`), 1,000 to a
//! subfolder so no folder grows huge. The folder must not exist yet.

use byline_corpus::synthetic::{article, Rng};
use std::path::PathBuf;

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(dir), Some(count)) = (args.next().map(PathBuf::from), args.next().and_then(|n| n.parse::<usize>().ok()))
    else {
        eprintln!("usage: synthetic_corpus DIR ARTICLES [SEED]");
        std::process::exit(2);
    };
    let seed: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(2012);
    if dir.exists() {
        eprintln!("synthetic_corpus: {} already exists; not overwritten", dir.display());
        std::process::exit(2);
    }
    let mut rng = Rng::new(seed);
    for i in 0..count {
        let folder = dir.join(format!("{:04}", i / 1000));
        if i % 1000 == 0 {
            std::fs::create_dir_all(&folder).expect("create the corpus folder");
        }
        let text = article(&mut rng, 2_500);
        std::fs::write(folder.join(format!("article-{i:07}.txt")), text).expect("write an article");
    }
    eprintln!("wrote {count} articles under {}", dir.display());
}
