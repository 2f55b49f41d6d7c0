//! A readable, stable listing of an article's marks: what `byline annotate`
//! prints when its output is not a terminal, and what the fixture snapshots
//! hold, so a reviewer reads a change in detection as a plain diff.

use crate::article::{DateSource, DebrisKind};
use crate::span::{LineIndex, Span};
use crate::Analysis;
use std::fmt::Write;

/// Quoted text longer than this is cut in the middle.
const MAX_EXCERPT: usize = 72;

pub fn render(text: &str, analysis: &Analysis) -> String {
    let mut out = String::new();
    // Linear in the article: `LineIndex` finds a column from the nearest
    // character checkpoint, not by counting from its line's start (which
    // made a one-line article quadratic), and each excerpt reads its own
    // span once; every character lies in a bounded number of listed spans.
    let lines = LineIndex::new(text);
    let at = |span: Span| {
        let (l1, c1) = lines.line_column(span.start);
        let (l2, c2) = lines.line_column(span.end);
        if l1 == l2 {
            format!("{l1}:{c1}-{c2}")
        } else {
            format!("{l1}:{c1}-{l2}:{c2}")
        }
    };
    let excerpt = |span: Span| excerpt(span.slice(text));

    let _ = writeln!(
        out,
        "publication date: {}",
        match &analysis.publication_date {
            None => "unknown".to_string(),
            Some(p) => {
                let source = match p.source {
                    DateSource::Given => "given",
                    DateSource::FrontMatter => "front matter",
                    DateSource::Dateline => "dateline",
                };
                match p.span {
                    Some(span) => format!("{} ({source} {} {})", p.date, at(span), excerpt(span)),
                    None => format!("{} ({source})", p.date),
                }
            }
        }
    );
    let content = analysis.paragraphs.iter().filter(|p| p.debris.is_none()).count();
    let _ = writeln!(out, "paragraphs: {content} of article text, {} of debris", analysis.paragraphs.len() - content);
    for p in analysis.paragraphs.iter().filter(|p| p.debris.is_some()) {
        let kind = match p.debris {
            Some(DebrisKind::DuplicateParagraph { first }) => format!("duplicate of {}", at(first)),
            _ => "boilerplate".to_string(),
        };
        let _ = writeln!(out, "  {} {kind} {}", at(p.span), excerpt(p.span));
    }

    let _ = writeln!(out, "\nquotes: {}", analysis.quotes.len());
    for q in &analysis.quotes {
        let open = if q.closed { "" } else { " UNCLOSED" };
        let paragraphs = if q.paragraphs > 1 { format!(" {} paragraphs", q.paragraphs) } else { String::new() };
        // `Straight`, `Curly mixed`, `reported`: the marks, then the kind of speech.
        let shape = match (q.kind, q.style) {
            (crate::QuoteKind::Direct, style) => format!("{style:?}"),
            (kind, crate::QuoteStyle::Unmarked) => kind.as_str().to_string(),
            (kind, style) => format!("{style:?} {}", kind.as_str()),
        };
        let _ = writeln!(out, "  {} {shape}{paragraphs}{open} {}", at(q.span), excerpt(q.span));
        match &q.speaker {
            Some(a) => {
                let cue = match (&a.cue_text, a.cue) {
                    (Some(t), Some(span)) => format!(", cue {t:?} at {}", at(span)),
                    (Some(t), None) => format!(", cue {t:?}"),
                    _ => String::new(),
                };
                let _ = writeln!(
                    out,
                    "      by {} <- {:?} at {} ({:?}){cue}",
                    a.speaker,
                    a.mention_text,
                    at(a.mention),
                    a.kind
                );
            }
            None => {
                let _ = writeln!(out, "      by nobody found");
            }
        }
    }

    let _ = writeln!(out, "\ndates: {}", analysis.dates.len());
    for d in &analysis.dates {
        let value = match (&d.value, &d.unresolved) {
            (Some(v), _) => v.clone(),
            (None, Some(why)) => format!("no value: {why}"),
            (None, None) => "no value".to_string(),
        };
        let anchor = d.anchor.map(|a| format!(" (against {a})")).unwrap_or_default();
        let _ = writeln!(out, "  {} {:?} {value}{anchor} {}", at(d.span), d.kind, excerpt(d.span));
    }

    let _ = writeln!(out, "\nentities: {}", analysis.entities.len());
    for e in &analysis.entities {
        let link = if e.canonical != e.text { format!(" -> {}", e.canonical) } else { String::new() };
        let title = e.title.as_ref().map(|t| format!(" [{t}]")).unwrap_or_default();
        // Registry links: `#id`, a variant spelling `~Registry Spelling`, and
        // the candidates of an ambiguous mention `?{A | B}`.
        let id = e.entity.as_ref().map(|id| format!(" #{id}")).unwrap_or_default();
        let variant = e.variant_of.as_ref().map(|v| format!(" ~{v}")).unwrap_or_default();
        let candidates =
            if e.candidates.is_empty() { String::new() } else { format!(" ?{{{}}}", e.candidates.join(" | ")) };
        let _ = writeln!(
            out,
            "  {} {} {}{link}{id}{variant}{candidates}{title}",
            at(e.span),
            e.label.code(),
            excerpt(e.span)
        );
    }

    let _ = writeln!(out, "\nproblems: {}", analysis.problems.len());
    for p in &analysis.problems {
        let _ = writeln!(
            out,
            "  {} {}[{}]: {}",
            at(p.span),
            p.code.default_severity().map_or("off", |s| s.as_str()),
            p.code.as_str(),
            p.message
        );
    }
    out
}

/// A passage on one line, quoted, cut in the middle when long.
fn excerpt(s: &str) -> String {
    let flat: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let chars: Vec<char> = flat.chars().collect();
    if chars.len() <= MAX_EXCERPT {
        return format!("«{flat}»");
    }
    let head: String = chars[..MAX_EXCERPT / 2].iter().collect();
    let tail: String = chars[chars.len() - MAX_EXCERPT / 2 + 4..].iter().collect();
    format!("«{} … {}»", head.trim_end(), tail.trim_start())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_passages_are_cut_in_the_middle_on_character_boundaries() {
        let long = "조".repeat(200);
        let e = excerpt(&long);
        assert!(e.contains(" … "));
        assert!(e.chars().count() < 80);
        assert_eq!(excerpt("a\n  b"), "«a b»");
    }
}
