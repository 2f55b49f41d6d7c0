//! Attribution's words, joined from the text layer's tokens: words keep
//! their inner apostrophes, hyphens and abbreviation periods (`Korea's`,
//! `Tae-yong`, `U.S.`, `Sen.`); everything else that is not space is one
//! punctuation token.

use super::lexicon::{class, may_be_cue, word_class};
use crate::span::Span;
use crate::text::tokens::{join_words, Piece};
use crate::text::{self, Token as TextToken};

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

/// The attribution tokens of one paragraph (`text[span]`, offsets into
/// `text`), joined from the text layer's tokens of that paragraph:
/// attribution keeps possessives and inner joiners inside its words
/// (`Korea's`, `AT&T`) and decides for itself which final periods belong to
/// a word. `pieces` is scratch space.
pub(crate) fn tokenize(text: &str, span: Span, tokens: &[TextToken], pieces: &mut Vec<Piece>, out: &mut Vec<Token>) {
    let Some(slice) = text.get(span.range()) else { return };
    let bytes = slice.as_bytes();
    let base = span.start;
    // About one token for every five bytes of news text.
    out.reserve(slice.len() / 5);
    pieces.clear();
    text::tokens::pieces(text, tokens, pieces);
    // The end of a period taken into the word before it, whose own piece
    // is then skipped.
    let mut absorbed_until = 0;
    join_words(text, pieces, is_inner_joiner, |piece, is_word| {
        if !is_word {
            if piece.start >= absorbed_until {
                let c = piece.slice(text).chars().next().unwrap_or(' ');
                out.push(Token { start: piece.start, end: piece.end, kind: TokenKind::Punct(c), class: 0 });
            }
            return;
        }
        let start = piece.start - base;
        let mut end = piece.end - base;
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
                absorbed_until = base + end;
                // Titles and months are listed with their period: `Sen.`, `Jan.`.
                bits |= slice.get(start..end).map_or(0, word_class);
            }
        }
        out.push(Token { start: base + start, end: base + end, kind: TokenKind::Word, class: bits });
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        let tokens = crate::text::Tokens::of_paragraphs(text, [Span::new(0, text.len())]);
        tokenize(text, Span::new(0, text.len()), tokens.all(), &mut Vec::new(), &mut out);
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
    fn joiners_rejoin_what_the_text_layer_splits() {
        assert_eq!(
            words("AT&T's 3.5 example.com U.S.'s ministers' R-Ky., said"),
            ["AT&T's", "3.5", "example.com", "U.S.", "'", "s", "ministers", "'", "R-Ky.", ",", "said"]
        );
    }

    #[test]
    fn quote_marks_and_emoji_are_punctuation() {
        assert_eq!(words("“Yes,” 👍 she said."), ["“", "Yes", ",", "”", "👍", "she", "said", "."]);
    }
}
