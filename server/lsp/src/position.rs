//! Every conversion between LSP positions and byte offsets, in one place.
//!
//! LSP counts columns in the negotiated encoding (UTF-8 bytes or UTF-16 code
//! units) and breaks lines at `\n`, `\r\n` and `\r` only. The rope is built
//! with ropey's `cr_lines` feature and without `unicode_lines`, so U+2028,
//! U+2029 and NEL stay inside their line, as the client sees them. A column
//! past the end of a line is clamped to the line's end (before its break); a
//! line past the end of the text is clamped to the text's end; an offset
//! inside a character is moved back to the character's start.

use byline_core::Span;
use byline_corpus::index::{locate, TextPoint, TextRange};
use ropey::{Rope, RopeSlice};
use tower_lsp_server::ls_types::{Position, PositionEncodingKind, Range};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    Utf8,
    #[default]
    Utf16,
}

impl Encoding {
    /// `utf-8` when the client offers it (no conversion cost), else the
    /// mandatory `utf-16`.
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
        match offered {
            Some(kinds) if kinds.contains(&PositionEncodingKind::UTF8) => Encoding::Utf8,
            _ => Encoding::Utf16,
        }
    }

    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        }
    }
}

/// The length of a line's break (`\r\n` is 2, `\n` and `\r` are 1, none 0).
fn line_break_len(line: RopeSlice) -> usize {
    let n = line.len_bytes();
    if n == 0 {
        return 0;
    }
    match line.get_byte(n - 1) {
        Some(b'\n') if n >= 2 && line.get_byte(n - 2) == Some(b'\r') => 2,
        Some(b'\n') | Some(b'\r') => 1,
        _ => 0,
    }
}

/// Byte offset of the start of `line` and of its end (before the break).
fn line_bounds(rope: &Rope, line: usize) -> Option<(usize, usize)> {
    let start = rope.try_line_to_byte(line).ok()?;
    let slice = rope.get_line(line)?;
    Some((start, start + slice.len_bytes() - line_break_len(slice)))
}

/// The byte offset of an LSP position, clamped into the text.
pub fn offset_of(rope: &Rope, position: Position, encoding: Encoding) -> usize {
    let line = position.line as usize;
    if line >= rope.len_lines() {
        return rope.len_bytes();
    }
    let Some((start, end)) = line_bounds(rope, line) else { return rope.len_bytes() };
    let column = position.character as usize;
    match encoding {
        Encoding::Utf8 => {
            let wanted = (start + column).min(end);
            // Back to the start of the character the column falls in.
            rope.try_byte_to_char(wanted).ok().and_then(|c| rope.try_char_to_byte(c).ok()).unwrap_or(end)
        }
        Encoding::Utf16 => {
            let utf16_of = |byte: usize| {
                rope.try_byte_to_char(byte).ok().and_then(|c| rope.try_char_to_utf16_cu(c).ok()).unwrap_or(0)
            };
            let (line_utf16, end_utf16) = (utf16_of(start), utf16_of(end));
            let wanted = (line_utf16 + column).min(end_utf16);
            rope.try_utf16_cu_to_char(wanted).ok().and_then(|c| rope.try_char_to_byte(c).ok()).unwrap_or(end)
        }
    }
}

/// The LSP position of a byte offset, clamped into the text.
pub fn position_of(rope: &Rope, offset: usize, encoding: Encoding) -> Position {
    let offset = offset.min(rope.len_bytes());
    let Ok(char_idx) = rope.try_byte_to_char(offset) else { return Position::new(0, 0) };
    let offset = rope.try_char_to_byte(char_idx).unwrap_or(offset);
    let line = rope.try_byte_to_line(offset).unwrap_or(0);
    let Some((start, end)) = line_bounds(rope, line) else { return Position::new(line as u32, 0) };
    // An offset between `\r` and `\n` sits at the end of its line.
    let offset = offset.clamp(start, end);
    let character = match encoding {
        Encoding::Utf8 => offset - start,
        Encoding::Utf16 => {
            let utf16_of = |byte: usize| {
                rope.try_byte_to_char(byte).ok().and_then(|c| rope.try_char_to_utf16_cu(c).ok()).unwrap_or(0)
            };
            utf16_of(offset) - utf16_of(start)
        }
    };
    Position::new(line as u32, character as u32)
}

pub fn range_of(rope: &Rope, start: usize, end: usize, encoding: Encoding) -> Range {
    Range::new(position_of(rope, start, encoding), position_of(rope, end, encoding))
}

/// The byte range an LSP range covers, start never after end.
pub fn offsets_of(rope: &Rope, range: Range, encoding: Encoding) -> (usize, usize) {
    let start = offset_of(rope, range.start, encoding);
    let end = offset_of(rope, range.end, encoding);
    (start.min(end), start.max(end))
}

/// The length of `line` in the encoding's units, without its break.
pub fn line_length(rope: &Rope, line: u32, encoding: Encoding) -> u32 {
    let Some((start, end)) = line_bounds(rope, line as usize) else { return 0 };
    match encoding {
        Encoding::Utf8 => (end - start) as u32,
        Encoding::Utf16 => {
            let (Ok(a), Ok(b)) = (rope.try_byte_to_char(start), rope.try_byte_to_char(end)) else { return 0 };
            let (Ok(a), Ok(b)) = (rope.try_char_to_utf16_cu(a), rope.try_char_to_utf16_cu(b)) else { return 0 };
            (b - a) as u32
        }
    }
}

/// Units between two byte offsets (line breaks included), for multi-line
/// semantic tokens.
pub fn units_between(rope: &Rope, start: usize, end: usize, encoding: Encoding) -> u32 {
    match encoding {
        Encoding::Utf8 => end.saturating_sub(start) as u32,
        Encoding::Utf16 => {
            let utf16_of = |byte: usize| {
                rope.try_byte_to_char(byte.min(rope.len_bytes()))
                    .ok()
                    .and_then(|c| rope.try_char_to_utf16_cu(c).ok())
                    .unwrap_or(0)
            };
            utf16_of(end).saturating_sub(utf16_of(start)) as u32
        }
    }
}

/// A place the index worked out without the text at hand.
pub fn point_position(point: TextPoint, encoding: Encoding) -> Position {
    let character = match encoding {
        Encoding::Utf8 => point.byte_col,
        Encoding::Utf16 => point.utf16_col,
    };
    Position::new(point.line, character)
}

pub fn point_range(range: TextRange, encoding: Encoding) -> Range {
    Range::new(point_position(range.start, encoding), point_position(range.end, encoding))
}

/// Positions of many offsets of one text, worked out in a single pass over
/// it: what tokens and diagnostics of a large article need (one rope lookup
/// per offset costs microseconds; 100,000 marks add up).
pub struct Positions {
    offsets: Vec<usize>,
    points: Vec<TextPoint>,
    encoding: Encoding,
}

impl Positions {
    pub fn new(text: &str, mut offsets: Vec<usize>, encoding: Encoding) -> Positions {
        offsets.sort_unstable();
        offsets.dedup();
        let points = locate(text, &offsets);
        Positions { offsets, points, encoding }
    }

    /// The position of an offset given to [`Positions::new`] (others get the
    /// start of the text).
    pub fn at(&self, offset: usize) -> Position {
        let point = self.offsets.binary_search(&offset).ok().and_then(|i| self.points.get(i)).copied();
        point_position(point.unwrap_or_default(), self.encoding)
    }

    pub fn range(&self, span: Span) -> Range {
        Range::new(self.at(span.start), self.at(span.end))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use byline_corpus::index::locate;

    const TEXT: &str = "a\r\nb😀c\rd\u{2028}e\u{85}f\n漢g";

    fn rope() -> Rope {
        Rope::from_str(TEXT)
    }

    fn at(needle: char) -> usize {
        TEXT.find(needle).expect("char in test text")
    }

    #[test]
    fn negotiation_prefers_utf8_only_when_offered() {
        let both = [PositionEncodingKind::UTF16, PositionEncodingKind::UTF8];
        assert_eq!(Encoding::negotiate(Some(&both)), Encoding::Utf8);
        assert_eq!(Encoding::negotiate(Some(&[PositionEncodingKind::UTF32])), Encoding::Utf16);
        assert_eq!(Encoding::negotiate(None), Encoding::Utf16);
    }

    #[test]
    fn only_lf_crlf_and_lone_cr_break_lines() {
        let rope = rope();
        assert_eq!(rope.len_lines(), 4);
        assert_eq!(position_of(&rope, at('d'), Encoding::Utf16), Position::new(2, 0));
        assert_eq!(position_of(&rope, at('f'), Encoding::Utf16), Position::new(2, 4), "U+2028 and NEL stay in line");
        assert_eq!(position_of(&rope, at('f'), Encoding::Utf8), Position::new(2, 7));
    }

    #[test]
    fn emoji_counts_two_utf16_units_and_four_bytes() {
        let rope = rope();
        assert_eq!(position_of(&rope, at('c'), Encoding::Utf16), Position::new(1, 3));
        assert_eq!(position_of(&rope, at('c'), Encoding::Utf8), Position::new(1, 5));
        assert_eq!(offset_of(&rope, Position::new(1, 3), Encoding::Utf16), at('c'));
        assert_eq!(offset_of(&rope, Position::new(1, 5), Encoding::Utf8), at('c'));
        // Inside the surrogate pair or inside the bytes: back to the emoji's start.
        assert_eq!(offset_of(&rope, Position::new(1, 2), Encoding::Utf16), at('😀'));
        assert_eq!(offset_of(&rope, Position::new(1, 3), Encoding::Utf8), at('😀'));
        assert_eq!(position_of(&rope, at('😀') + 2, Encoding::Utf16), Position::new(1, 1));
    }

    #[test]
    fn cjk_is_one_utf16_unit_and_three_bytes() {
        let rope = rope();
        assert_eq!(position_of(&rope, at('g'), Encoding::Utf16), Position::new(3, 1));
        assert_eq!(position_of(&rope, at('g'), Encoding::Utf8), Position::new(3, 3));
        assert_eq!(offset_of(&rope, Position::new(3, 1), Encoding::Utf16), at('g'));
    }

    #[test]
    fn past_the_end_is_clamped() {
        let rope = rope();
        // Column past the end of the CRLF line: its end, before "\r\n".
        assert_eq!(offset_of(&rope, Position::new(0, 99), Encoding::Utf16), 1);
        assert_eq!(offset_of(&rope, Position::new(1, 99), Encoding::Utf8), at('\r') + 2 + "b😀c".len());
        assert_eq!(offset_of(&rope, Position::new(40, 0), Encoding::Utf16), TEXT.len());
        assert_eq!(position_of(&rope, TEXT.len() + 7, Encoding::Utf16), Position::new(3, 2));
        // Between \r and \n: the end of line 0.
        assert_eq!(position_of(&rope, 2, Encoding::Utf8), Position::new(0, 1));
        assert_eq!(line_length(&rope, 0, Encoding::Utf16), 1);
        assert_eq!(line_length(&rope, 1, Encoding::Utf16), 4);
        assert_eq!(line_length(&rope, 9, Encoding::Utf16), 0);
    }

    #[test]
    fn round_trip_every_char_boundary() {
        let rope = rope();
        for encoding in [Encoding::Utf8, Encoding::Utf16] {
            for (offset, c) in TEXT.char_indices() {
                if c == '\n' && TEXT.as_bytes().get(offset.wrapping_sub(1)) == Some(&b'\r') {
                    continue; // Inside a CRLF pair: no position of its own.
                }
                let position = position_of(&rope, offset, encoding);
                assert_eq!(offset_of(&rope, position, encoding), offset, "{encoding:?} at {offset}");
            }
        }
    }

    #[test]
    fn bulk_positions_agree_with_the_rope() {
        let rope = rope();
        let offsets: Vec<usize> = (0..=TEXT.len() + 2).rev().collect();
        for encoding in [Encoding::Utf8, Encoding::Utf16] {
            let bulk = Positions::new(TEXT, offsets.clone(), encoding);
            for &offset in &offsets {
                assert_eq!(bulk.at(offset), position_of(&rope, offset, encoding), "{encoding:?} at {offset}");
            }
        }
    }

    #[test]
    fn index_points_agree_with_the_rope() {
        let rope = rope();
        let offsets: Vec<usize> = TEXT.char_indices().map(|(i, _)| i).chain([TEXT.len()]).collect();
        for (offset, point) in offsets.iter().zip(locate(TEXT, &offsets)) {
            for encoding in [Encoding::Utf8, Encoding::Utf16] {
                assert_eq!(point_position(point, encoding), position_of(&rope, *offset, encoding), "at {offset}");
            }
        }
    }
}
