//! What the issue asks of the two seed articles, asserted directly (the
//! snapshots hold everything else).

use byline_core::article::DebrisKind;
use byline_core::{analyze, Analysis, AnalyzeOptions};

fn seed(name: &str) -> (String, Analysis) {
    let path = format!("{}/../../fixtures/corpus/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).expect("seed article");
    let analysis = analyze(&text, &AnalyzeOptions::default());
    (text, analysis)
}

fn date_value<'a>(text: &str, analysis: &'a Analysis, words: &str) -> Option<&'a str> {
    analysis.dates.iter().find(|d| d.span.slice(text) == words).and_then(|d| d.value.as_deref())
}

#[test]
fn voa_quotes_speakers_and_late_tuesday() {
    let (text, analysis) = seed("000_93d8eec447f298ec.txt");
    let speakers: Vec<&str> =
        analysis.quotes.iter().map(|q| q.speaker.as_ref().map_or("(none)", |a| a.speaker.as_str())).collect();
    assert_eq!(speakers, ["Kurt Campbell", "Kurt Campbell", "Kim Hwang-sik"]);
    assert!(analysis.quotes.iter().all(|q| q.span.slice(&text).starts_with("''") && q.closed));
    assert_eq!(date_value(&text, &analysis, "late Tuesday"), Some("2012-01-31"));
    assert_eq!(analysis.publication_date.map(|p| p.date.to_string()).as_deref(), Some("2012-01-31"));
}

#[test]
fn yonhap_tuesday_cho_and_debris() {
    let (text, analysis) = seed("003_cc2c72248124e3e7.txt");
    assert_eq!(date_value(&text, &analysis, "Tuesday"), Some("2023-01-31"));
    assert!(!analysis.quotes.is_empty());
    for quote in &analysis.quotes {
        let speaker = quote.speaker.as_ref().map(|a| a.speaker.as_str());
        assert_eq!(speaker, Some("Cho Tae-yong"), "quote {:?}", quote.span.slice(&text));
    }
    let caption = analysis
        .paragraphs
        .iter()
        .filter(|p| p.span.slice(&text).starts_with("This Yonhap file photo"))
        .map(|p| p.debris)
        .collect::<Vec<_>>();
    assert!(matches!(caption[..], [None, Some(DebrisKind::DuplicateParagraph { .. })]), "{caption:?}");
    let menu = analysis.paragraphs.iter().rev().take(7).all(|p| p.debris == Some(DebrisKind::Boilerplate));
    assert!(menu, "the trailing site menu is debris");
    assert!(analysis.entities.iter().all(|e| !e.span.slice(&text).contains("Most Viewed")));
}
