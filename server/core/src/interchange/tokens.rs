//! Tokens and sentences for the token-based formats (Prodigy's `tokens`,
//! CoNLL) and for token-level agreement. Deliberately simple and stable: a
//! token is a word (letters and digits, with inner `'`, `’`, `-`, `.`, `,`
//! or `&` as in `don't`, `Jong-un`, `3.5`, `1,000`, `AT&T`) or any other
//! single non-space character. Offsets are code points, as brat and
//! Prodigy count them, with the byte span beside them for slicing.

use crate::span::{CodePointCounter, Span};
use crate::standoff::CharSpan;
use crate::text::tokens as text_tokens;
use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub chars: CharSpan,
    pub bytes: Span,
}

impl Token {
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        self.bytes.slice(text)
    }
}

/// Characters that join two word characters into one token.
fn is_joiner(c: char) -> bool {
    matches!(c, '\'' | '’' | '-' | '.' | ',' | '&')
}

/// The tokens of a whole text, joined from the text layer's tokens with
/// [`is_joiner`].
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut pieces = Vec::new();
    text_tokens::pieces(text, &text_tokens::tokens_of(text), &mut pieces);
    let mut counter = CodePointCounter::new(text);
    let mut tokens = Vec::with_capacity(pieces.len());
    text_tokens::join_words(text, &pieces, is_joiner, |bytes, _| {
        let chars = CharSpan::new(counter.to_code_points(bytes.start), counter.to_code_points(bytes.end));
        tokens.push(Token { chars, bytes });
    });
    tokens
}

/// Words that end in a period without ending a sentence.
const ABBREVIATIONS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "Prof", "Gen", "Sen", "Rep", "Gov", "Lt", "Col", "Capt", "Sgt", "St", "Jr", "Sr", "Mt",
    "No", "vs", "Jan", "Feb", "Mar", "Apr", "Aug", "Sept", "Sep", "Oct", "Nov", "Dec", "U.S", "U.N", "U.K",
];

fn is_closer(s: &str) -> bool {
    matches!(s, "\"" | "”" | "’" | "'" | ")" | "]" | "»")
}

/// The sentences of a text as ranges of token indices: a sentence ends at a
/// blank line, or after `.`, `!` or `?` (and any closing quotes or brackets)
/// when the next word starts with a capital, a digit or a quotation mark and
/// the period does not end a known abbreviation.
pub fn sentences(text: &str, tokens: &[Token]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < tokens.len() {
        let next = i + 1;
        let mut end_here = false;
        if let Some(following) = tokens.get(next) {
            let gap = text.get(tokens[i].bytes.end..following.bytes.start).unwrap_or("");
            if gap.matches('\n').count() >= 2 {
                end_here = true;
            }
        }
        let word = tokens[i].text(text);
        if !end_here && matches!(word, "." | "!" | "?") {
            let abbreviation = word == "." && i > 0 && ABBREVIATIONS.contains(&tokens[i - 1].text(text));
            // Take closing quotes and brackets into this sentence.
            let mut last = i;
            while tokens.get(last + 1).is_some_and(|t| is_closer(t.text(text))) {
                last += 1;
            }
            let starts_sentence = tokens.get(last + 1).map(|t| t.text(text).chars().next()).is_some_and(|c| {
                c.is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || matches!(c, '"' | '“' | '‘' | '\''))
            });
            if !abbreviation && starts_sentence {
                i = last;
                end_here = true;
            }
        }
        if end_here {
            out.push(start..i + 1);
            start = i + 1;
        }
        i += 1;
    }
    if start < tokens.len() {
        out.push(start..tokens.len());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        tokenize(text).iter().map(|t| t.text(text)).collect()
    }

    #[test]
    fn words_keep_inner_joiners_and_punctuation_stands_alone() {
        assert_eq!(
            words("Kim Jong-un's aide didn't say \"no.\" AT&T paid $3.5 million, 1,000 times."),
            [
                "Kim",
                "Jong-un's",
                "aide",
                "didn't",
                "say",
                "\"",
                "no",
                ".",
                "\"",
                "AT&T",
                "paid",
                "$",
                "3.5",
                "million",
                ",",
                "1,000",
                "times",
                "."
            ]
        );
    }

    #[test]
    fn offsets_are_code_points_and_bytes() {
        let text = "조태용 met 👍 Cho.";
        let tokens = tokenize(text);
        assert_eq!(tokens[0].chars, CharSpan::new(0, 3));
        assert_eq!(tokens[0].bytes, Span::new(0, 9));
        assert_eq!(tokens[2].text(text), "👍");
        assert_eq!(tokens[3].chars, CharSpan::new(10, 13));
        assert_eq!(tokens[3].text(text), "Cho");
    }

    #[test]
    fn sentences_end_at_terminal_punctuation_and_blank_lines() {
        let text = "Mr. Lee said \"it works.\" Then he left.\n\nA new paragraph 2 starts here";
        let tokens = tokenize(text);
        let sents: Vec<String> = sentences(text, &tokens)
            .into_iter()
            .map(|r| tokens[r].iter().map(|t| t.text(text)).collect::<Vec<_>>().join(" "))
            .collect();
        assert_eq!(sents, ["Mr . Lee said \" it works . \"", "Then he left .", "A new paragraph 2 starts here"]);
    }

    #[test]
    fn empty_and_space_only_texts_have_no_tokens() {
        assert!(tokenize("").is_empty());
        assert!(sentences(" \n\n ", &tokenize(" \n\n ")).is_empty());
    }
}
