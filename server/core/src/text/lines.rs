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
/// and column (in characters) as compilers print them.
///
/// Each lookup is O(log lines + [`CHECKPOINT_BYTES`]), however long the
/// line: besides the line starts, the index keeps how many characters come
/// before every `CHECKPOINT_BYTES`-th byte, so a column is counted from the
/// nearest checkpoint rather than from the start of its line. (Counting from
/// the line start made listing the marks of a one-line 5 MB article
/// quadratic: 30 s.) Building the index is one pass over the text.
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
    /// Characters before byte `i * CHECKPOINT_BYTES`.
    chars_before: Vec<usize>,
}

/// How far apart the character-count checkpoints are.
const CHECKPOINT_BYTES: usize = 1024;

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        let mut chars_before = Vec::with_capacity(text.len() / CHECKPOINT_BYTES + 1);
        let mut chars = 0;
        for chunk in text.as_bytes().chunks(CHECKPOINT_BYTES) {
            chars_before.push(chars);
            chars += count_code_points(chunk);
        }
        chars_before.push(chars);
        LineIndex { text, starts, chars_before }
    }

    /// An offset inside a character counts from that character.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|s| *s <= offset);
        let start = self.starts[line - 1];
        (line, self.chars_before(offset) - self.chars_before(start) + 1)
    }

    /// Characters in `text[..offset]`, counted from the nearest checkpoint.
    fn chars_before(&self, offset: usize) -> usize {
        let checkpoint = offset / CHECKPOINT_BYTES;
        let from = checkpoint * CHECKPOINT_BYTES;
        self.chars_before[checkpoint] + count_code_points(&self.text.as_bytes()[from..offset])
    }
}

/// Code points in UTF-8 bytes: one starts at every byte that is not a
/// continuation byte (the bytes may begin or end inside a character).
fn count_code_points(bytes: &[u8]) -> usize {
    bytes.iter().filter(|b| (**b & 0xC0) != 0x80).count()
}

/// [`LineIndex::line_column`] for a single offset.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    LineIndex::new(text).line_column(offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_columns_count_characters_across_checkpoints() {
        // Multi-byte characters straddle the checkpoints; every offset
        // agrees with counting from the line start.
        let line = "ab조태용👍 said “hi”. ".repeat(300);
        let text = format!("first\n{line}\n{line}");
        let index = LineIndex::new(&text);
        for offset in (0..=text.len()).step_by(7).chain([text.len()]) {
            let mut at = offset;
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
            let line_number = text[..at].matches('\n').count() + 1;
            assert_eq!(index.line_column(offset), (line_number, text[start..at].chars().count() + 1), "at {offset}");
        }
    }

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
