//! Data-driven tests of the entity rules: every article in
//! `fixtures/entities` (one rule a file: people by context, organisations,
//! teams in results, acronyms, extents, all-capital lines, tables, the
//! world's towns) has its expected entities checked in as a snapshot. Only
//! entities are listed, so that a change in another layer does not show
//! here. Review a change with `cargo insta review`.

use byline_core::text::lines::LineIndex;
use byline_core::{analyze, AnalyzeOptions, Span};

/// `line:col-col LABEL «text» -> canonical` for each entity.
fn entity_listing(text: &str) -> String {
    let analysis = analyze(text, &AnalyzeOptions::default());
    let lines = LineIndex::new(text);
    let position = |offset: usize| lines.line_column(offset);
    let mut out = String::new();
    for m in &analysis.entities {
        let Span { start, end } = m.span;
        let (line, col) = position(start);
        let end_col = col + text[start..end].chars().count();
        out.push_str(&format!("{line}:{col}-{end_col} {} «{}»", m.label.code(), m.text));
        if m.canonical != m.text {
            out.push_str(&format!(" -> {}", m.canonical));
        }
        if let Some(title) = &m.title {
            out.push_str(&format!(" (title: {title})"));
        }
        out.push('\n');
    }
    out
}

#[test]
fn entity_rule_fixtures() {
    insta::glob!("../../../fixtures/entities", "*.txt", |path| {
        let text = std::fs::read_to_string(path).expect("fixture articles are UTF-8");
        insta::assert_snapshot!(entity_listing(&text));
    });
}
