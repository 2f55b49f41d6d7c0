//! A small word tokenizer for attribution: words keep their inner
//! apostrophes, hyphens and abbreviation periods (`Korea's`, `Tae-yong`,
//! `U.S.`, `Sen.`); everything else that is not space is one punctuation token.

use super::lexicon::is_abbreviation;
use crate::span::Span;

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
    let base = span.start;
    let mut chars = slice.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_whitespace() {
            continue;
        }
        if !c.is_alphanumeric() {
            out.push(Token { start: base + i, end: base + i + c.len_utf8(), kind: TokenKind::Punct(c) });
            continue;
        }
        let mut end = i + c.len_utf8();
        while let Some(&(j, d)) = chars.peek() {
            if d.is_alphanumeric() {
                end = j + d.len_utf8();
                chars.next();
                continue;
            }
            // A joiner stays inside the word only when a letter follows it.
            let after = slice.get(j + d.len_utf8()..).and_then(|s| s.chars().next());
            if is_inner_joiner(d) && after.is_some_and(char::is_alphanumeric) {
                chars.next();
                end = j + d.len_utf8();
                continue;
            }
            break;
        }
        // `Sen.`, `D.`, `U.S.`: the period belongs to the word.
        if let Some(&(j, '.')) = chars.peek() {
            let word = slice.get(i..end).unwrap_or("");
            let initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
            // A period right before a comma or a closing bracket ends an
            // abbreviation (`R-Ky.,`, `(D-Minn.)`), not a sentence.
            let before_comma = slice.get(j + 1..).is_some_and(|s| s.starts_with([',', ')']));
            if initial || before_comma || word.contains('.') || is_abbreviation(word) {
                chars.next();
                end = j + 1;
            }
        }
        out.push(Token { start: base + i, end: base + end, kind: TokenKind::Word });
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
