//! The one line index: byte offsets to 1-based line and column (in
//! characters, as compilers print them) and to code points (as JSONL and
//! brat count them). The CLI's listing, `byline check`, the registry's
//! messages and agreement reports all go through here; the language server
//! keeps its own rope-based positions because LSP counts UTF-16 units.

/// Converts byte offsets of one text to Unicode code point offsets, in one
/// forward pass when the offsets are asked for in increasing order.
pub struct CodePointCounter<'a> {
    text: &'a str,
    byte: usize,
    chars: usize,
}

impl<'a> CodePointCounter<'a> {
    pub fn new(text: &'a str) -> Self {
        CodePointCounter { text, byte: 0, chars: 0 }
    }
    pub fn to_code_points(&mut self, byte_offset: usize) -> usize {
        let target = byte_offset.min(self.text.len());
        if target < self.byte {
            self.byte = 0;
            self.chars = 0;
        }
        let slice = &self.text.as_bytes()[self.byte..target];
        // A code point starts at every byte that is not a UTF-8 continuation byte.
        self.chars += slice.iter().filter(|b| (**b & 0xC0) != 0x80).count();
        self.byte = target;
        self.chars
    }
}

/// Line starts of a text, for turning many byte offsets into 1-based line
/// and column (in characters) as compilers print them, each in O(log lines
/// + line length).
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        LineIndex { text, starts }
    }

    /// An offset inside a character counts from that character.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|s| *s <= offset);
        let start = self.starts[line - 1];
        (line, self.text[start..offset].chars().count() + 1)
    }
}

/// [`LineIndex::line_column`] for a single offset.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    LineIndex::new(text).line_column(offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_points_count_multibyte_characters_once() {
        let text = "Cho 조태용 said “hi” 👍.";
        let mut counter = CodePointCounter::new(text);
        let said = text.find("said").unwrap();
        assert_eq!(counter.to_code_points(said), 8);
        let thumbs_end = text.find('.').unwrap();
        assert_eq!(counter.to_code_points(thumbs_end), text[..thumbs_end].chars().count());
        assert_eq!(counter.to_code_points(4), 4);
    }

    #[test]
    fn line_column_counts_characters() {
        let text = "ab\n조태용 x";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 3), (2, 1));
        assert_eq!(line_column(text, text.find('x').unwrap()), (2, 5));
        assert_eq!(line_column(text, 5), (2, 1), "inside a character rounds down");
        assert_eq!(line_column(text, 999), (2, 6));
    }
}
