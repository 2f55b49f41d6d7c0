//! Data-driven tests: every article in `fixtures/corpus` has its expected
//! marks checked in as a readable snapshot under `tests/snapshots/`. A change
//! in detection shows as a diff of that listing; review it with
//! `cargo insta review` and accept it only when the new marks are right.
//!
//! The articles are analysed as the corpus is: with its registry
//! (`fixtures/corpus/entities.toml`), so the listings show which mentions
//! link to which entry, which are variants and which are ambiguous.

use byline_core::registry::{self, RegistrySource};
use byline_core::{analyze, listing, AnalyzeOptions};
use std::sync::Arc;

fn corpus_options() -> AnalyzeOptions {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/corpus/entities.toml");
    let text = std::fs::read_to_string(path).expect("the fixture corpus has a registry");
    let registry = registry::parse(&[RegistrySource { name: "entities.toml", text: &text }]);
    // Only the shared `Kim` alias is worth a note, and it is there on purpose.
    let unexpected: Vec<_> = registry.problems.iter().filter(|p| p.code != "shared-alias").collect();
    assert!(unexpected.is_empty(), "the fixture registry is clean: {unexpected:?}");
    AnalyzeOptions { gazetteer: Some(Arc::new(registry.gazetteer())), ..AnalyzeOptions::default() }
}

#[test]
fn fixture_corpus_marks() {
    let options = corpus_options();
    insta::glob!("../../../fixtures/corpus", "*.{txt,md}", |path| {
        let text = std::fs::read_to_string(path).expect("fixture articles are UTF-8");
        let analysis = analyze(&text, &options);
        insta::assert_snapshot!(listing::render(&text, &analysis));
    });
}
