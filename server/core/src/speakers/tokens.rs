//! A small word tokenizer for attribution: words keep their inner
//! apostrophes, hyphens and abbreviation periods (`Korea's`, `Tae-yong`,
//! `U.S.`, `Sen.`); everything else that is not space is one punctuation token.

use super::lexicon::{class, may_be_cue, word_class};
use crate::span::{is_ascii_word_byte, Span};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokenKind {
    Word,
    Punct(char),
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Token {
    pub start: usize,
    pub end: usize,
    pub kind: TokenKind,
    /// The word's [`class`] bits, looked up once here; 0 for punctuation;
    /// [`class::LAZY`] for a word that is surely no cue and not looked up yet.
    pub class: u16,
}

impl Token {
    pub fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.start..self.end).unwrap_or("")
    }
    pub fn is_word(&self) -> bool {
        self.kind == TokenKind::Word
    }
    pub fn is_punct(&self, c: char) -> bool {
        self.kind == TokenKind::Punct(c)
    }
    /// `.`, `?`, `!`, `;` and `…` end a sentence (abbreviation periods are
    /// inside their words).
    pub fn ends_sentence(&self) -> bool {
        matches!(self.kind, TokenKind::Punct('.' | '?' | '!' | ';' | '…'))
    }
    pub fn is_quote_mark(&self) -> bool {
        matches!(self.kind, TokenKind::Punct('"' | '“' | '”' | '«' | '»' | '\'' | '‘' | '’'))
    }
}

fn is_inner_joiner(c: char) -> bool {
    matches!(c, '\'' | '’' | '-' | '‐' | '.' | '&')
}

/// Tokens of `text[span]`, offsets into `text`.
pub(crate) fn tokenize(text: &str, span: Span, out: &mut Vec<Token>) {
    let Some(slice) = text.get(span.range()) else { return };
    let bytes = slice.as_bytes();
    let base = span.start;
    // About one token for every five bytes of news text.
    out.reserve(slice.len() / 5);
    let n = bytes.len();
    let char_at = |i: usize| slice.get(i..).and_then(|s| s.chars().next());
    // Whether a letter or digit starts at `i`. ASCII, most of news text, is
    // decided from the byte alone.
    let word_starts_at = |i: usize| match bytes.get(i) {
        Some(b) if *b < 0x80 => b.is_ascii_alphanumeric(),
        Some(_) => char_at(i).is_some_and(char::is_alphanumeric),
        None => false,
    };
    let mut i = 0;
    while i < n {
        let b = bytes[i];
        if b < 0x80 {
            if b.is_ascii_whitespace() {
                i += 1;
                continue;
            }
            if !b.is_ascii_alphanumeric() {
                let c = char::from(b);
                out.push(Token { start: base + i, end: base + i + 1, kind: TokenKind::Punct(c), class: 0 });
                i += 1;
                continue;
            }
        } else {
            let Some(c) = char_at(i) else { break };
            if c.is_whitespace() {
                i += c.len_utf8();
                continue;
            }
            if !c.is_alphanumeric() {
                out.push(Token { start: base + i, end: base + i + c.len_utf8(), kind: TokenKind::Punct(c), class: 0 });
                i += c.len_utf8();
                continue;
            }
        }
        let start = i;
        let mut end = i;
        loop {
            // The letters and digits of a word, most of every text: one table
            // load per byte instead of three range tests.
            while end < n && is_ascii_word_byte(bytes[end]) {
                end += 1;
            }
            let Some(&b) = bytes.get(end) else { break };
            if b < 0x80 {
                // A joiner stays inside the word only when a letter follows it.
                if matches!(b, b'\'' | b'-' | b'.' | b'&') && word_starts_at(end + 1) {
                    end += 1;
                    continue;
                }
                break;
            }
            match char_at(end) {
                Some(c) if c.is_alphanumeric() => end += c.len_utf8(),
                Some(c) if is_inner_joiner(c) && word_starts_at(end + c.len_utf8()) => end += c.len_utf8(),
                _ => break,
            }
        }
        let word = slice.get(start..end).unwrap_or("");
        let before_period = bytes.get(end) == Some(&b'.');
        // Only capitalised words (names, titles), possible cues and words
        // before a period (abbreviations) are looked up now; the rest lazily.
        let capitalised = word.starts_with(char::is_uppercase);
        let mut bits = if capitalised || before_period || may_be_cue(word) { word_class(word) } else { class::LAZY };
        // `Sen.`, `D.`, `U.S.`: the period belongs to the word.
        if before_period {
            let initial = word.len() == 1 && capitalised;
            // A period right before a comma or a closing bracket ends an
            // abbreviation (`R-Ky.,`, `(D-Minn.)`), not a sentence.
            let before_comma = matches!(bytes.get(end + 1), Some(b',' | b')'));
            if initial || before_comma || word.contains('.') || bits & class::ABBREVIATION != 0 {
                end += 1;
                // Titles and months are listed with their period: `Sen.`, `Jan.`.
                bits |= slice.get(start..end).map_or(0, word_class);
            }
        }
        out.push(Token { start: base + start, end: base + end, kind: TokenKind::Word, class: bits });
        i = end.max(start + 1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        tokenize(text, Span::new(0, text.len()), &mut out);
        out.iter().map(|t| t.text(text)).collect()
    }

    #[test]
    fn names_abbreviations_and_possessives_stay_whole() {
        assert_eq!(
            words("Sen. John D. Smith of the U.S. said Korea's envoy Cho Tae-yong left."),
            [
                "Sen.", "John", "D.", "Smith", "of", "the", "U.S.", "said", "Korea's", "envoy", "Cho", "Tae-yong",
                "left", "."
            ]
        );
    }

    #[test]
    fn quote_marks_and_emoji_are_punctuation() {
        assert_eq!(words("“Yes,” 👍 she said."), ["“", "Yes", ",", "”", "👍", "she", "said", "."]);
    }
}
