//! Data-driven tests of speech and speakers: every article in
//! `fixtures/speech` (the shapes of reported speech, the cases that are not
//! speech, the gender of speakers, descriptions and sign-off lines) has its
//! quotes, their speakers and the people whose gender is known checked in as
//! a snapshot. Review a change with `cargo insta review`.

use byline_core::text::lines::LineIndex;
use byline_core::{analyze, AnalyzeOptions, EntityLabel, Span};

/// One line a quote: `line:col kind «first words…» <- speaker (as «mention»,
/// cue) gender`, then one line a person with a known gender.
fn speech_listing(text: &str) -> String {
    let analysis = analyze(text, &AnalyzeOptions::default());
    let lines = LineIndex::new(text);
    let position = |offset: usize| lines.line_column(offset);
    let mut out = String::new();
    for q in &analysis.quotes {
        let Span { start, end } = q.span;
        let (line, col) = position(start);
        let words: Vec<&str> = text[start..end].split_whitespace().collect();
        let shown = if words.len() > 8 {
            format!("{} … {}", words[..6].join(" "), words[words.len() - 1])
        } else {
            words.join(" ")
        };
        out.push_str(&format!("{line}:{col} {} «{shown}»", q.kind.as_str()));
        match &q.speaker {
            Some(a) => {
                out.push_str(&format!(" <- {} (as «{}»", a.speaker, a.mention_text));
                if let Some(cue) = &a.cue_text {
                    out.push_str(&format!(", {cue}"));
                }
                out.push(')');
                if let Some(gender) = analysis.genders.of(&a.speaker) {
                    out.push_str(&format!(" {}", gender.as_str()));
                }
            }
            None => out.push_str(" <- nobody"),
        }
        out.push('\n');
    }
    let mut people: Vec<&str> =
        analysis.entities.iter().filter(|e| e.label == EntityLabel::Person).map(|e| e.canonical.as_str()).collect();
    people.sort_unstable();
    people.dedup();
    for person in people {
        let gender = analysis.genders.of(person).map_or("unknown", |g| g.as_str());
        out.push_str(&format!("person {person}: {gender}\n"));
    }
    out
}

#[test]
fn speech_fixtures() {
    insta::glob!("../../../fixtures/speech", "*.txt", |path| {
        let text = std::fs::read_to_string(path).expect("fixture articles are UTF-8");
        insta::assert_snapshot!(speech_listing(&text));
    });
}
