//! Semantic tokens to the client's rules: negotiated units, sorted, split at
//! line breaks unless the client takes multi-line tokens, and quotes cut
//! around the names inside them unless the client takes overlapping tokens.

use crate::marks::{Mark, MarkKind, Marks};
use crate::position::{line_length, units_between, Encoding, Positions};
use byline_core::Span;
use ropey::Rope;
use tower_lsp_server::ls_types::{
    SemanticToken, SemanticTokenModifier, SemanticTokenType, SemanticTokens, SemanticTokensDelta, SemanticTokensEdit,
    SemanticTokensLegend,
};

/// The contract with the editor plugins: append, never reorder.
pub const TOKEN_TYPES: [&str; 6] = ["quote", "speaker", "person", "organization", "location", "date"];
pub const TOKEN_MODIFIERS: [&str; 4] = ["definition", "unresolved", "annotated", "reported"];
pub const MOD_DEFINITION: u32 = 1;
pub const MOD_UNRESOLVED: u32 = 2;
/// A mark written in the article's `.ann`, not only detected.
pub const MOD_ANNOTATED: u32 = 4;
/// A quote that is reported (or mixed) speech, not a quotation in marks:
/// `quote` + `reported`, so a theme can colour the two apart.
pub const MOD_REPORTED: u32 = 8;

pub fn legend() -> SemanticTokensLegend {
    SemanticTokensLegend {
        token_types: TOKEN_TYPES.iter().map(|t| SemanticTokenType::new(t)).collect(),
        token_modifiers: TOKEN_MODIFIERS.iter().map(|m| SemanticTokenModifier::new(m)).collect(),
    }
}

#[derive(Debug, Clone, Copy, Default)]
pub struct TokenRules {
    pub encoding: Encoding,
    pub multiline: bool,
    pub overlapping: bool,
}

/// One token before relative encoding, in byte offsets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Piece {
    span: Span,
    token_type: u32,
    modifiers: u32,
}

/// Which marks get which modifiers, besides `unresolved`.
#[derive(Clone, Copy)]
pub struct Modifiers<'a> {
    pub is_definition: &'a dyn Fn(&Mark) -> bool,
    pub is_annotated: &'a dyn Fn(&Mark) -> bool,
    /// A quote that is reported or mixed speech.
    pub is_reported: &'a dyn Fn(&Mark) -> bool,
}

fn piece(mark: &Mark, span: Span, modifiers_of: Modifiers) -> Piece {
    let is_definition = modifiers_of.is_definition;
    let mut modifiers = if mark.unresolved { MOD_UNRESOLVED } else { 0 };
    if (modifiers_of.is_annotated)(mark) {
        modifiers |= MOD_ANNOTATED;
    }
    if mark.kind == MarkKind::Quote && (modifiers_of.is_reported)(mark) {
        modifiers |= MOD_REPORTED;
    }
    if matches!(mark.kind, MarkKind::Person | MarkKind::Organization | MarkKind::Location | MarkKind::Speaker)
        && is_definition(mark)
    {
        modifiers |= MOD_DEFINITION;
    }
    Piece { span, token_type: mark.kind.token_type(), modifiers }
}

/// Token pieces in text order. Without overlap support a quote is cut into
/// the parts between the inner marks it contains.
fn pieces(marks: &Marks, overlapping: bool, is_definition: Modifiers) -> Vec<Piece> {
    let mut out: Vec<Piece> = marks.inner.iter().map(|m| piece(m, m.span, is_definition)).collect();
    for quote in &marks.outer {
        if overlapping {
            out.push(piece(quote, quote.span, is_definition));
            continue;
        }
        let first = marks.inner.partition_point(|m| m.span.end <= quote.span.start);
        let mut cursor = quote.span.start;
        for inner in marks.inner[first..].iter().take_while(|m| m.span.start < quote.span.end) {
            if inner.span.start > cursor {
                out.push(piece(quote, Span::new(cursor, inner.span.start), is_definition));
            }
            cursor = cursor.max(inner.span.end);
        }
        if cursor < quote.span.end {
            out.push(piece(quote, Span::new(cursor, quote.span.end), is_definition));
        }
    }
    // Outer before inner at the same start, as overlapping clients expect.
    out.sort_by(|a, b| a.span.start.cmp(&b.span.start).then(b.span.end.cmp(&a.span.end)));
    out
}

/// The LSP token array for a document's marks, optionally only those
/// touching the byte range `within`.
pub fn encode(
    rope: &Rope,
    text: &str,
    marks: &Marks,
    rules: TokenRules,
    within: Option<(usize, usize)>,
    is_definition: &dyn Fn(&Mark) -> bool,
) -> Vec<SemanticToken> {
    encode_with(
        rope,
        text,
        marks,
        rules,
        within,
        Modifiers { is_definition, is_annotated: &|_| false, is_reported: &|_| false },
    )
}

/// [`encode`], with annotated marks (an article's `.ann`) marked so.
pub fn encode_with(
    rope: &Rope,
    text: &str,
    marks: &Marks,
    rules: TokenRules,
    within: Option<(usize, usize)>,
    is_definition: Modifiers,
) -> Vec<SemanticToken> {
    // (line, start, length, type, modifiers), absolute; sorted before the
    // relative encoding because a split multi-line quote can run past a name
    // that an overlapping client gets as a token of its own.
    let mut segments: Vec<(u32, u32, u32, u32, u32)> = Vec::new();
    let mut push = |line: u32, start: u32, length: u32, p: &Piece| {
        if length > 0 {
            segments.push((line, start, length, p.token_type, p.modifiers));
        }
    };
    let mut pieces = pieces(marks, rules.overlapping, is_definition);
    if let Some((from, to)) = within {
        pieces.retain(|p| p.span.end >= from && p.span.start <= to);
    }
    let positions =
        Positions::new(text, pieces.iter().flat_map(|p| [p.span.start, p.span.end]).collect(), rules.encoding);
    for p in pieces {
        let start = positions.at(p.span.start);
        let end = positions.at(p.span.end);
        if start.line == end.line {
            push(start.line, start.character, end.character.saturating_sub(start.character), &p);
        } else if rules.multiline {
            push(start.line, start.character, units_between(rope, p.span.start, p.span.end, rules.encoding), &p);
        } else {
            for line in start.line..=end.line {
                let from = if line == start.line { start.character } else { 0 };
                let to = if line == end.line { end.character } else { line_length(rope, line, rules.encoding) };
                push(line, from, to.saturating_sub(from), &p);
            }
        }
    }
    // Stable: at one place the outer token stays before the inner one.
    segments.sort_by_key(|&(line, start, ..)| (line, start));
    let (mut prev_line, mut prev_start) = (0u32, 0u32);
    segments
        .into_iter()
        .map(|(line, start, length, token_type, token_modifiers_bitset)| {
            let delta_line = line.saturating_sub(prev_line);
            let delta_start = if delta_line == 0 { start.saturating_sub(prev_start) } else { start };
            (prev_line, prev_start) = (line, start);
            SemanticToken { delta_line, delta_start, length, token_type, token_modifiers_bitset }
        })
        .collect()
}

pub fn flatten(tokens: &[SemanticToken]) -> Vec<u32> {
    tokens
        .iter()
        .flat_map(|t| [t.delta_line, t.delta_start, t.length, t.token_type, t.token_modifiers_bitset])
        .collect()
}

fn unflatten(data: &[u32]) -> Vec<SemanticToken> {
    data.chunks_exact(5)
        .map(|c| SemanticToken {
            delta_line: c[0],
            delta_start: c[1],
            length: c[2],
            token_type: c[3],
            token_modifiers_bitset: c[4],
        })
        .collect()
}

pub fn full(result_id: String, data: &[u32]) -> SemanticTokens {
    SemanticTokens { result_id: Some(result_id), data: unflatten(data) }
}

/// One edit turning `old` into `new`: the differing middle, cut at whole
/// tokens so every client can apply it.
pub fn delta(result_id: String, old: &[u32], new: &[u32]) -> SemanticTokensDelta {
    let mut prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    prefix -= prefix % 5;
    let max_suffix = old.len().min(new.len()) - prefix;
    let mut suffix = old.iter().rev().zip(new.iter().rev()).take(max_suffix).take_while(|(a, b)| a == b).count();
    suffix -= suffix % 5;
    let edits = if prefix == old.len() && prefix == new.len() {
        Vec::new()
    } else {
        vec![SemanticTokensEdit {
            start: prefix as u32,
            delete_count: (old.len() - prefix - suffix) as u32,
            data: Some(unflatten(&new[prefix..new.len() - suffix])),
        }]
    };
    SemanticTokensDelta { result_id: Some(result_id), edits }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::marks::Source;

    fn mark(text: &str, needle: &str, kind: MarkKind) -> Mark {
        let start = text.find(needle).expect("needle");
        Mark { span: Span::new(start, start + needle.len()), kind, unresolved: false, source: Source::Entity(0) }
    }

    /// Decodes tokens back into (text, type) pairs.
    fn decode(text: &str, tokens: &[SemanticToken], encoding: Encoding) -> Vec<(String, u32, u32)> {
        let rope = Rope::from_str(text);
        let (mut line, mut col) = (0, 0);
        tokens
            .iter()
            .map(|t| {
                if t.delta_line > 0 {
                    col = 0;
                }
                line += t.delta_line;
                col += t.delta_start;
                let start =
                    crate::position::offset_of(&rope, tower_lsp_server::ls_types::Position::new(line, col), encoding);
                let end = crate::position::offset_of(
                    &rope,
                    tower_lsp_server::ls_types::Position::new(line, col + t.length),
                    encoding,
                );
                (text[start..end].to_string(), t.token_type, t.token_modifiers_bitset)
            })
            .collect()
    }

    fn sample() -> (&'static str, Marks) {
        let text = "“Seoul 👍 is\nready,” Kim said.";
        let quote = Mark { span: Span::new(0, text.find(" Kim").unwrap()), ..mark(text, "“", MarkKind::Quote) };
        let marks = Marks {
            outer: vec![Mark { unresolved: true, ..quote }],
            inner: vec![mark(text, "Seoul", MarkKind::Location), mark(text, "Kim", MarkKind::Speaker)],
        };
        (text, marks)
    }

    #[test]
    fn quote_is_cut_around_names_and_split_at_line_breaks() {
        let (text, marks) = sample();
        for encoding in [Encoding::Utf8, Encoding::Utf16] {
            let rules = TokenRules { encoding, multiline: false, overlapping: false };
            let tokens = encode(&Rope::from_str(text), text, &marks, rules, None, &|m| m.kind == MarkKind::Speaker);
            let got = decode(text, &tokens, encoding);
            assert_eq!(
                got,
                [
                    ("“".to_string(), 0, MOD_UNRESOLVED),
                    ("Seoul".to_string(), 4, 0),
                    (" 👍 is".to_string(), 0, MOD_UNRESOLVED),
                    ("ready,”".to_string(), 0, MOD_UNRESOLVED),
                    ("Kim".to_string(), 1, MOD_DEFINITION),
                ],
                "{encoding:?}"
            );
        }
    }

    #[test]
    fn overlapping_and_multiline_clients_get_whole_quotes() {
        let (text, marks) = sample();
        let rules = TokenRules { encoding: Encoding::Utf16, multiline: true, overlapping: true };
        let tokens = encode(&Rope::from_str(text), text, &marks, rules, None, &|_| false);
        assert_eq!(tokens.len(), 3);
        assert_eq!((tokens[0].token_type, tokens[1].token_type), (0, 4));
        // The quote runs to the closing mark across the line break: 13 + 1 + 7 units.
        assert_eq!(tokens[0].length, "“Seoul 👍 is\nready,”".encode_utf16().count() as u32);
    }

    #[test]
    fn split_quote_and_a_name_on_its_second_line_stay_sorted() {
        // Overlapping tokens but no multi-line ones (Neovim): the quote's
        // pieces on lines 0 to 2 and the name on line 1 come out in order.
        let text = "“First line\nthen Oslo here\nand more”";
        let quote = Mark { span: Span::new(0, text.len()), ..mark(text, "“", MarkKind::Quote) };
        let marks = Marks { outer: vec![quote], inner: vec![mark(text, "Oslo", MarkKind::Location)] };
        let rules = TokenRules { encoding: Encoding::Utf16, multiline: false, overlapping: true };
        let tokens = encode(&Rope::from_str(text), text, &marks, rules, None, &|_| false);
        let got: Vec<(String, u32, u32)> = decode(text, &tokens, Encoding::Utf16);
        let names: Vec<&str> = got.iter().map(|t| t.0.as_str()).collect();
        assert_eq!(names, ["“First line", "then Oslo here", "Oslo", "and more”"]);
        assert_eq!((tokens[2].delta_line, tokens[2].delta_start), (0, 5));
    }

    #[test]
    fn range_requests_keep_only_touching_tokens() {
        let (text, marks) = sample();
        let rules = TokenRules { encoding: Encoding::Utf8, multiline: false, overlapping: false };
        let from = text.find("Kim").unwrap();
        let tokens = encode(&Rope::from_str(text), text, &marks, rules, Some((from, text.len())), &|_| false);
        assert_eq!(decode(text, &tokens, Encoding::Utf8).len(), 1);
    }

    #[test]
    fn delta_edits_only_the_changed_tokens() {
        let old = [0, 0, 3, 1, 0, 1, 0, 4, 2, 0, 0, 5, 4, 2, 0];
        let new = [0, 0, 3, 1, 0, 1, 0, 6, 2, 0, 0, 5, 4, 2, 0];
        let d = delta("2".into(), &old, &new);
        assert_eq!(d.edits.len(), 1);
        assert_eq!((d.edits[0].start, d.edits[0].delete_count), (5, 5));
        assert_eq!(flatten(d.edits[0].data.as_deref().unwrap()), [1, 0, 6, 2, 0]);
        assert!(delta("3".into(), &new, &new).edits.is_empty());
        let shorter = delta("4".into(), &old, &old[..10]);
        assert_eq!((shorter.edits[0].start, shorter.edits[0].delete_count), (10, 5));
    }

    #[test]
    fn reported_speech_is_a_quote_with_the_reported_modifier_on_every_piece() {
        // Reported speech with a name inside, split around it for a client
        // without overlapping tokens: every piece of the quote keeps the
        // modifier, the name gets none.
        let text = "Kim said Seoul was ready. \u{201c}We agree,\u{201d} Lee said.";
        let reported_end = text.find('.').unwrap();
        let reported = Mark { span: Span::new(9, reported_end), ..mark(text, "Seoul was ready", MarkKind::Quote) };
        let direct = Mark {
            span: Span::new(text.find('\u{201c}').unwrap(), text.find(" Lee").unwrap()),
            source: Source::Quote(1),
            ..mark(text, "\u{201c}", MarkKind::Quote)
        };
        let reported = Mark { source: Source::Quote(0), ..reported };
        let marks = Marks { outer: vec![reported, direct], inner: vec![mark(text, "Seoul", MarkKind::Location)] };
        let rules = TokenRules { encoding: Encoding::Utf16, multiline: false, overlapping: false };
        let is_reported = |m: &Mark| m.source == Source::Quote(0);
        let modifiers = Modifiers { is_definition: &|_| false, is_annotated: &|_| false, is_reported: &is_reported };
        let tokens = encode_with(&Rope::from_str(text), text, &marks, rules, None, modifiers);
        let got = decode(text, &tokens, Encoding::Utf16);
        assert_eq!(
            got,
            [
                ("Seoul".to_string(), 4, 0),
                (" was ready".to_string(), 0, MOD_REPORTED),
                ("\u{201c}We agree,\u{201d}".to_string(), 0, 0),
            ]
        );
        assert_eq!(legend().token_modifiers[3].as_str(), "reported");
    }
}
