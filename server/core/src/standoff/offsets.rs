//! brat counts offsets in characters (Unicode code points) of the `.txt`;
//! Byline's marks are UTF-8 byte spans. [`OffsetMap`] converts both ways for
//! one article text.

use crate::span::Span;
use serde::Serialize;

/// A span in brat's unit: code points from the start of the text, end
/// exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
pub struct CharSpan {
    pub start: usize,
    pub end: usize,
}

impl CharSpan {
    pub const fn new(start: usize, end: usize) -> Self {
        CharSpan { start, end }
    }
    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }
    pub fn is_empty(&self) -> bool {
        self.start >= self.end
    }
    pub fn overlaps(&self, other: CharSpan) -> bool {
        self.start < other.end && other.start < self.end
    }
}

/// Code point and byte offsets of one text. An ASCII text needs no table:
/// both units coincide, which is the common case for English news.
pub struct OffsetMap<'a> {
    text: &'a str,
    /// Byte offset of every character start, plus `text.len()` at the end;
    /// empty for an ASCII text.
    char_starts: Vec<usize>,
}

impl<'a> OffsetMap<'a> {
    pub fn new(text: &'a str) -> Self {
        let char_starts = if text.is_ascii() {
            Vec::new()
        } else {
            text.char_indices().map(|(i, _)| i).chain(std::iter::once(text.len())).collect()
        };
        OffsetMap { text, char_starts }
    }

    pub fn text(&self) -> &'a str {
        self.text
    }

    /// The text's length in code points.
    pub fn char_len(&self) -> usize {
        if self.char_starts.is_empty() {
            self.text.len()
        } else {
            self.char_starts.len() - 1
        }
    }

    /// The byte offset of a code point offset; `None` past the end.
    pub fn to_byte(&self, chars: usize) -> Option<usize> {
        if self.char_starts.is_empty() {
            (chars <= self.text.len()).then_some(chars)
        } else {
            self.char_starts.get(chars).copied()
        }
    }

    /// The code point offset of a byte offset; `None` past the end or inside
    /// a character.
    pub fn to_char(&self, byte: usize) -> Option<usize> {
        if self.char_starts.is_empty() {
            (byte <= self.text.len()).then_some(byte)
        } else {
            self.char_starts.binary_search(&byte).ok()
        }
    }

    pub fn to_bytes(&self, span: CharSpan) -> Option<Span> {
        if span.start > span.end {
            return None;
        }
        Some(Span::new(self.to_byte(span.start)?, self.to_byte(span.end)?))
    }

    pub fn to_chars(&self, span: Span) -> Option<CharSpan> {
        if span.start > span.end {
            return None;
        }
        Some(CharSpan::new(self.to_char(span.start)?, self.to_char(span.end)?))
    }

    /// The text a brat span covers; `None` when it does not fit the text.
    pub fn slice(&self, span: CharSpan) -> Option<&'a str> {
        self.to_bytes(span).and_then(|b| self.text.get(b.range()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_offsets_are_identical_in_both_units() {
        let map = OffsetMap::new("Kurt Campbell said");
        assert_eq!(map.to_byte(5), Some(5));
        assert_eq!(map.to_char(18), Some(18));
        assert_eq!(map.to_char(19), None);
        assert_eq!(map.slice(CharSpan::new(5, 13)), Some("Campbell"));
    }

    #[test]
    fn multibyte_characters_count_once() {
        let text = "Cho 조태용 said “yes” 👍 ok";
        let map = OffsetMap::new(text);
        let said = text.find("said").unwrap();
        assert_eq!(map.to_char(said), Some(8));
        assert_eq!(map.to_byte(8), Some(said));
        assert_eq!(map.slice(CharSpan::new(4, 7)), Some("조태용"));
        assert_eq!(map.to_char(5), None, "inside 조");
        assert_eq!(map.char_len(), text.chars().count());
        assert_eq!(map.to_byte(map.char_len()), Some(text.len()));
        assert_eq!(map.to_byte(map.char_len() + 1), None);
        let ok = text.find("ok").unwrap();
        let span = map.to_chars(Span::new(ok, ok + 2)).unwrap();
        assert_eq!(map.to_bytes(span), Some(Span::new(ok, ok + 2)));
    }

    #[test]
    fn reversed_spans_convert_to_nothing() {
        let map = OffsetMap::new("abc");
        assert_eq!(map.to_bytes(CharSpan::new(2, 1)), None);
        assert_eq!(map.slice(CharSpan::new(1, 9)), None);
    }
}
