//! Byte spans into an article's full text (front matter included).
//!
//! The core works in UTF-8 byte offsets because that is what Rust strings
//! index by; the CLI converts to code points for JSONL and the server to
//! UTF-16 or UTF-8 positions for LSP.

use serde::Serialize;
use std::ops::Range;

// Line, column and code point positions live in the text layer; these names
// stay here for the callers that know them from `span`.
pub use crate::text::lines::{line_column, CodePointCounter, LineIndex};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
    pub fn len(&self) -> usize {
        self.end - self.start
    }
    pub fn is_empty(&self) -> bool {
        self.start >= self.end
    }
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }
    pub fn contains(&self, offset: usize) -> bool {
        self.start <= offset && offset < self.end
    }
    pub fn contains_span(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
    pub fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }
    /// The text this span covers; empty when it does not fit `text` or cuts a character.
    pub fn slice<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.range()).unwrap_or("")
    }
}

impl From<Range<usize>> for Span {
    fn from(r: Range<usize>) -> Self {
        Span::new(r.start, r.end)
    }
}

/// `u8::is_ascii_alphanumeric` by table lookup: the tokenizers test every
/// byte of every word, and one load is cheaper than three range tests.
pub(crate) fn is_ascii_word_byte(b: u8) -> bool {
    ASCII_ALPHANUMERIC[usize::from(b)]
}

static ASCII_ALPHANUMERIC: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    table
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_bytes_are_exactly_the_ascii_letters_and_digits() {
        for b in 0..=u8::MAX {
            assert_eq!(is_ascii_word_byte(b), b.is_ascii_alphanumeric(), "byte {b:#x}");
        }
    }

    #[test]
    fn slice_outside_text_is_empty() {
        assert_eq!(Span::new(3, 40).slice("short"), "");
        assert_eq!(Span::new(1, 3).slice("short"), "ho");
    }
}
