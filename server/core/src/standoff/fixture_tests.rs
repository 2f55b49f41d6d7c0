//! The standoff module against the annotated fixture corpus
//! (`fixtures/annotated`, see its README): every `.ann` round-trips byte for
//! byte, and the corpus has exactly its one stale span and one label
//! conflict, which go away once fixed.

use super::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures")
}

/// Every file under `dir` with this extension, recursively, sorted.
fn files_with_extension(dir: &Path, extension: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == extension) {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

struct Loaded {
    name: String,
    text: String,
    ann: AnnFile,
}

fn annotated_corpus() -> Vec<Loaded> {
    files_with_extension(&fixtures().join("annotated"), "ann")
        .into_iter()
        .map(|ann_path| {
            let text = std::fs::read_to_string(ann_path.with_extension("txt")).unwrap();
            let ann = parse(&std::fs::read_to_string(&ann_path).unwrap());
            Loaded { name: ann_path.file_name().unwrap().to_string_lossy().into_owned(), text, ann }
        })
        .collect()
}

/// The ids of the fixture corpus's registry, which must itself be clean.
fn registry_ids() -> BTreeSet<String> {
    let text = std::fs::read_to_string(fixtures().join("annotated/entities.toml")).unwrap();
    let registry = crate::registry::parse(&[crate::registry::RegistrySource { name: "entities.toml", text: &text }]);
    assert!(registry.problems.is_empty(), "{:#?}", registry.problems);
    registry.entries.into_iter().map(|e| e.id).collect()
}

fn corpus_problems(corpus: &[Loaded]) -> Vec<(String, StandoffProblem)> {
    let ids = registry_ids();
    let articles: Vec<AnnotatedArticle> =
        corpus.iter().map(|a| AnnotatedArticle { name: &a.name, text: &a.text, ann: &a.ann }).collect();
    check_corpus(&articles, |id| ids.contains(id))
        .into_iter()
        .map(|(index, problem)| (corpus[index].name.clone(), problem))
        .collect()
}

#[test]
fn every_ann_file_in_the_fixtures_round_trips_byte_for_byte() {
    let files = files_with_extension(&fixtures(), "ann");
    assert!(files.len() >= 4, "{files:?}");
    let mut saw_crlf = false;
    let mut saw_no_final_newline = false;
    for path in files {
        let bytes = std::fs::read_to_string(&path).unwrap();
        saw_crlf |= bytes.contains("\r\n");
        saw_no_final_newline |= !bytes.ends_with('\n');
        let file = parse(&bytes);
        assert_eq!(write(&file), bytes, "{}", path.display());
        assert!(file.problems().is_empty(), "{}: {:#?}", path.display(), file.problems());
    }
    assert!(saw_crlf && saw_no_final_newline, "the fixtures cover CRLF and a missing final newline");
}

#[test]
fn the_fixture_confs_are_bylines_default_and_every_ann_fits_it() {
    for path in ["annotated/annotation.conf", "corpus/annotation.conf"] {
        let text = std::fs::read_to_string(fixtures().join(path)).unwrap();
        assert_eq!(text, DEFAULT_CONF, "{path} is the conf Byline writes");
    }
    let (conf, problems) = parse_conf(DEFAULT_CONF);
    assert!(problems.is_empty());
    for article in annotated_corpus() {
        let problems = validate(&article.ann, &conf);
        assert!(problems.is_empty(), "{}: {problems:#?}", article.name);
    }
}

#[test]
fn the_annotated_corpus_has_exactly_one_stale_span_and_one_label_conflict() {
    let corpus = annotated_corpus();
    let problems = corpus_problems(&corpus);
    let failing: Vec<(&str, &str, Option<&str>)> = problems
        .iter()
        .filter(|(_, p)| p.code.default_severity() >= crate::Severity::Warning)
        .map(|(name, p)| (name.as_str(), p.code.as_str(), p.annotation.as_deref()))
        .collect();
    assert_eq!(
        failing,
        [
            ("201_dock_strike.ann", "label-conflict", Some("T11")),
            ("202_council_budget.ann", "stale-annotation", Some("T8")),
            ("203_freight_outlook.ann", "label-conflict", Some("T4")),
        ],
        "{problems:#?}"
    );
    let stale = &problems.iter().find(|(_, p)| p.code == StandoffCode::StaleAnnotation).unwrap().1;
    let budget = &corpus.iter().find(|a| a.name.starts_with("202")).unwrap().text;
    assert_eq!(stale.related.map(|r| r.slice(budget)), Some("Saturday"));
    assert!(problems.iter().all(|(_, p)| p.code != StandoffCode::QuoteWithoutSpeaker));
}

#[test]
fn fixing_the_two_problems_leaves_a_clean_corpus() {
    let mut corpus = annotated_corpus();
    for article in &mut corpus {
        for stale in check_anchors(&article.text, &article.ann) {
            let fragments = stale.nearest.expect("the stale span's text occurs nearby");
            article.ann.set_offsets(&stale.id, fragments, &stale.expected).unwrap();
        }
        if article.name.starts_with("203") {
            article.ann.relabel("T4", labels::ORGANIZATION).unwrap();
        }
    }
    let problems = corpus_problems(&corpus);
    assert!(problems.iter().all(|(_, p)| p.code.default_severity() < crate::Severity::Warning), "{problems:#?}");
}

#[test]
fn detection_leaves_the_annotated_marks_confirmed_or_overridden() {
    let mut confirmed = 0;
    for article in annotated_corpus() {
        let analysis = crate::analyze(&article.text, &crate::AnalyzeOptions::default());
        let merged = merge(&article.text, &analysis, &article.ann);
        // Every annotated name or date the detector also found at the same
        // words is confirmed, never shown twice.
        for mark in &merged.detected {
            let same_words = merged.shown_annotations().any(|a| a.label == mark.label && a.fragments == mark.fragments);
            if same_words {
                confirmed += 1;
                assert!(
                    matches!(mark.status, MarkStatus::Confirmed { .. }),
                    "{}: {} `{}` is annotated but {:?}",
                    article.name,
                    mark.label,
                    mark.span.slice(&article.text),
                    mark.status
                );
            }
        }
    }
    assert!(confirmed >= 10, "only {confirmed} annotated marks were also detected");
}
