//! Data-driven tests: every article in `fixtures/corpus` has its expected
//! marks checked in as a readable snapshot under `tests/snapshots/`. A change
//! in detection shows as a diff of that listing; review it with
//! `cargo insta review` and accept it only when the new marks are right.

use byline_core::{analyze, listing, AnalyzeOptions};

#[test]
fn fixture_corpus_marks() {
    insta::glob!("../../../fixtures/corpus", "*.{txt,md}", |path| {
        let text = std::fs::read_to_string(path).expect("fixture articles are UTF-8");
        let analysis = analyze(&text, &AnalyzeOptions::default());
        insta::assert_snapshot!(listing::render(&text, &analysis));
    });
}
