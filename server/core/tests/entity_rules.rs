//! Data-driven tests of the entity rules: every article in
//! `fixtures/entities` (one rule a file: people by context, organisations,
//! teams in results, acronyms, extents, all-capital lines, tables, the
//! world's towns) has its expected entities checked in as a snapshot. Only
//! entities are listed, so that a change in another layer does not show
//! here. Review a change with `cargo insta review`.

use byline_core::{analyze, AnalyzeOptions, Span};

/// `line:col-col LABEL «text» -> canonical` for each entity.
fn entity_listing(text: &str) -> String {
    let analysis = analyze(text, &AnalyzeOptions::default());
    let line_starts: Vec<usize> = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
    let position = |offset: usize| {
        let line = line_starts.partition_point(|&s| s <= offset) - 1;
        let col = text[line_starts[line]..offset].chars().count() + 1;
        (line + 1, col)
    };
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
