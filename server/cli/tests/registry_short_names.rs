//! End-to-end: a registry names Kurt Campbell without the alias `Campbell`,
//! and an article says only `Campbell`. The surname alone links to the
//! entry, because exactly one registered person has it and the article names
//! no other Campbell.

mod common;
use common::{byline, stderr, stdout, Scratch};

const REGISTRY: &str = r#"
[[person]]
id = "kurt-campbell"
name = "Kurt Campbell"
description = "American diplomat"

[[organization]]
id = "harbour-workers-union"
name = "Harbour Workers Union"
"#;

const ONLY_SURNAME: &str = "Talks end early\n\n\"We made progress on every point,\" Campbell said on Friday.\n\n\
The HWU said its members would vote next week.\n";

const TWO_CAMPBELLS: &str = "Farm vote\n\nTom Campbell, a farmer, spoke first.\n\n\
\"We need rain,\" Campbell said.\n";

fn json(out: &std::process::Output) -> serde_json::Value {
    assert_eq!(out.status.code(), Some(0), "{}", stderr(out));
    serde_json::from_str(&stdout(out)).expect("annotate prints JSON")
}

/// The entities whose span covers an occurrence of `word` in `article`
/// (offsets count code points).
fn entities_at<'a>(doc: &'a serde_json::Value, article: &str, word: &str) -> Vec<&'a serde_json::Value> {
    let starts: Vec<usize> = article.match_indices(word).map(|(i, _)| article[..i].chars().count()).collect();
    let len = word.chars().count();
    doc["files"][0]["entities"]
        .as_array()
        .expect("entities")
        .iter()
        .filter(|e| starts.iter().any(|&s| e["start"] == s && e["end"] == s + len))
        .collect()
}

#[test]
fn a_registered_surname_alone_is_linked_by_annotate() {
    let corpus = Scratch::new("surname");
    corpus.write("entities.toml", REGISTRY).write("a.txt", ONLY_SURNAME);
    let doc = json(&byline(&["annotate", "--format", "json", "a.txt"], &corpus.0));
    let [campbell] = entities_at(&doc, ONLY_SURNAME, "Campbell")[..] else { panic!("one Campbell: {doc:#}") };
    assert_eq!(campbell["entity"], "kurt-campbell", "{campbell:#}");
    assert_eq!(campbell["label"], "PER", "{campbell:#}");
    let [union] = entities_at(&doc, ONLY_SURNAME, "The HWU")[..] else { panic!("one HWU: {doc:#}") };
    assert_eq!(union["entity"], "harbour-workers-union", "{union:#}");
}

#[test]
fn a_surname_another_person_in_the_article_has_is_not_linked() {
    let corpus = Scratch::new("two-campbells");
    corpus.write("entities.toml", REGISTRY).write("a.txt", TWO_CAMPBELLS);
    let doc = json(&byline(&["annotate", "--format", "json", "a.txt"], &corpus.0));
    let campbells = entities_at(&doc, TWO_CAMPBELLS, "Campbell");
    assert!(!campbells.is_empty(), "{doc:#}");
    assert!(campbells.iter().all(|c| c["entity"] != "kurt-campbell"), "{doc:#}");
}
