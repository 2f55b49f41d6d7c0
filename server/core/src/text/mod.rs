//! The text layer: what every detector knows about an article's words.
//!
//! An article is tokenised once, when [`crate::article::parse`] lays it out,
//! and the detectors read those tokens instead of scanning the text again:
//!
//! - [`tokens`]: the tokenizer. A token is a word (letters and digits with
//!   inner hyphens and apostrophes, `Sung-Nam`, `O'Brien`, and abbreviation
//!   periods, `U.S.`, `Gen.`), a possessive ending (`'s`) or one punctuation
//!   character. Each carries its byte span in the full text, its
//!   capitalisation (`capitalized`, `all_caps`, `shouted`), whether it starts
//!   a sentence, and whether its capital says nothing (`ambiguous_case`:
//!   sentence starts, headline words in Title Case).
//! - [`Tokens`]: the tokens of an article's content paragraphs (debris is not
//!   tokenised), one run per paragraph, with the sentences inside each.
//!   Entities read them as they are; attribution ([`crate::speakers`]) joins
//!   them into its coarser words (`Korea's`, `AT&T`, `3.5`) with
//!   [`tokens::Pieces`]; dates cut them into letter and digit runs
//!   (`31st` -> `31` `st`); the token formats of [`crate::interchange`] join
//!   them like attribution does, with commas (`1,000`).
//! - [`lexicon`]: the one folder of word lists (places, organisations,
//!   people, given names, titles and roles, reporting verbs, months and
//!   weekdays...), each list loaded once for the whole process.
//! - [`fold`]: the one name folding (case, Latin accents, romanisations) for
//!   registry matching, the corpus index's keys and registry ids.
//! - [`lines`]: the one line index (byte offset to line and column, and to
//!   code points).
//!
//! To add a detector, take `&Article` and walk `article.tokens.paragraphs()`;
//! add a word list as a file in `lexicon/` and an accessor in
//! [`lexicon`] rather than a list in the detector.

pub mod fold;
pub mod lexicon;
pub mod lines;
pub mod tokens;

use crate::span::Span;
use std::ops::Range;
pub use tokens::{Token, TokenKind};

/// One content paragraph's run of tokens.
#[derive(Debug, Clone)]
pub struct TokenParagraph {
    /// The paragraph's text (as in [`crate::article::Paragraph::span`]).
    pub span: Span,
    /// Its tokens, as indices into [`Tokens::all`].
    pub tokens: Range<usize>,
}

/// The tokens of an article's content paragraphs, in text order.
#[derive(Debug, Clone, Default)]
pub struct Tokens {
    all: Vec<Token>,
    paragraphs: Vec<TokenParagraph>,
}

impl Tokens {
    /// Tokenises each paragraph span of `text` (spans in text order).
    pub fn of_paragraphs(text: &str, spans: impl IntoIterator<Item = Span>) -> Tokens {
        let mut all = Vec::with_capacity(text.len() / 5);
        let mut paragraphs = Vec::new();
        for span in spans {
            let s = span.slice(text);
            let start = tokens::append_tokens(s, span.start, &mut all);
            tokens::mark_title_case_line(s, span.start, &mut all[start..]);
            paragraphs.push(TokenParagraph { span, tokens: start..all.len() });
        }
        Tokens { all, paragraphs }
    }

    /// Every token of every content paragraph.
    pub fn all(&self) -> &[Token] {
        &self.all
    }

    pub fn paragraphs(&self) -> &[TokenParagraph] {
        &self.paragraphs
    }

    /// The tokens of one paragraph; their `index` counts from its first.
    pub fn of(&self, paragraph: &TokenParagraph) -> &[Token] {
        self.all.get(paragraph.tokens.clone()).unwrap_or(&[])
    }

    /// The sentences of one paragraph, as ranges of indices into
    /// [`Tokens::of`] that paragraph: a sentence starts at every word that
    /// [`Token::starts_sentence`].
    pub fn sentences<'t>(&'t self, paragraph: &TokenParagraph) -> impl Iterator<Item = Range<usize>> + 't {
        let toks = self.of(paragraph);
        let mut start = 0;
        let mut k = 0;
        std::iter::from_fn(move || {
            while k < toks.len() {
                k += 1;
                if toks.get(k).is_some_and(|t| t.starts_sentence) && k > start {
                    let range = start..k;
                    start = k;
                    return Some(range);
                }
            }
            (start < toks.len()).then(|| {
                let range = start..toks.len();
                start = toks.len();
                range
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_and_sentences_come_from_one_tokenisation() {
        let text = "Mr. Lee met U.S. envoys. They left.\n\n\"Talks matter,\" he said.";
        let spans = [Span::new(0, 35), Span::new(37, text.len())];
        let tokens = Tokens::of_paragraphs(text, spans);
        assert_eq!(tokens.paragraphs().len(), 2);
        let first = &tokens.paragraphs()[0];
        let words: Vec<&str> = tokens.of(first).iter().map(|t| t.text(text)).collect();
        assert_eq!(words, ["Mr.", "Lee", "met", "U.S.", "envoys", ".", "They", "left", "."]);
        let sentences: Vec<Vec<&str>> =
            tokens.sentences(first).map(|r| tokens.of(first)[r].iter().map(|t| t.text(text)).collect()).collect();
        assert_eq!(sentences, [vec!["Mr.", "Lee", "met", "U.S.", "envoys", "."], vec!["They", "left", "."]]);
        let second = &tokens.paragraphs()[1];
        assert_eq!(tokens.of(second)[0].span.start, 37);
        assert_eq!(tokens.sentences(second).count(), 1, "a quote's first word does not start a new sentence");
    }
}
