//! The tokenizer of the text layer: words, possessive endings and
//! punctuation of a paragraph, with sentence starts and the positions where
//! capitals carry no information. See [`crate::text`] for who reads them.

use crate::span::{is_ascii_word_byte, Span};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// Letters and digits, with inner hyphens and apostrophes (`Sung-Nam`,
    /// `O'Brien`) and abbreviation periods (`U.S.`, `Gen.`, `W.`).
    Word,
    /// `'s` or a lone `'` after a plural (`the allies'`).
    Possessive,
    Punct,
}

#[derive(Debug, Clone, Copy)]
pub struct Token {
    pub span: Span,
    pub kind: TokenKind,
    /// Starts with an upper-case letter.
    pub capitalized: bool,
    /// Has letters and no lower-case ones (`NATO`, `U.S.`).
    pub all_caps: bool,
    /// Capitals say nothing here: the first word of a sentence, of a quote, or
    /// any word of a Title Case headline.
    pub ambiguous_case: bool,
    /// Position in its paragraph's token list.
    pub index: usize,
    /// One of three or more all-capital words in a row: shouted text
    /// (`SAVE A QUARTER`), where capitals say nothing.
    pub shouted: bool,
    /// The first token of a sentence: of its paragraph, or the first after
    /// `.`, `!` or `?` and the closing marks glued to it. A word's own final
    /// period (`Inc.`, `U.S.`) ends a sentence only before a capitalised
    /// word, a digit or punctuation.
    pub starts_sentence: bool,
}

impl Token {
    pub fn is_word(&self) -> bool {
        self.kind == TokenKind::Word
    }
    pub fn is_cap_word(&self) -> bool {
        self.kind == TokenKind::Word && self.capitalized
    }
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        self.span.slice(text)
    }
    /// `iPod`, `eBay`: a lower-case letter, then a capital.
    pub fn all_caps_after_first(&self, text: &str) -> bool {
        let mut chars = self.text(text).chars();
        chars.next().is_some_and(char::is_lowercase) && chars.next().is_some_and(char::is_uppercase)
    }
}

/// Abbreviations whose period belongs to the word rather than ending a sentence.
const ABBREVIATIONS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "Gen", "Sen", "Rep", "Gov", "Lt", "Col", "Maj", "Capt", "Cmdr", "Adm", "Sgt", "Cpl",
    "Pvt", "Brig", "Amb", "Prof", "Rev", "Supt", "Insp", "Pres", "Sec", "St", "Mt", "Ft", "Jr", "Sr", "Inc", "Corp",
    "Co", "Ltd", "Bros", "No", "Nos", "vs", "etc", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept",
    "Oct", "Nov", "Dec", "Dept", "Univ", "Assn", "Ave", "Blvd",
];

/// Abbreviations that stand before a name, so the word after them does not
/// start a sentence.
const PREFIX_ABBREVIATIONS: &[&str] = &[
    "Mr.", "Mrs.", "Ms.", "Dr.", "Gen.", "Sen.", "Rep.", "Gov.", "Lt.", "Col.", "Maj.", "Capt.", "Cmdr.", "Adm.",
    "Sgt.", "Cpl.", "Pvt.", "Brig.", "Amb.", "Prof.", "Rev.", "Supt.", "Insp.", "Pres.", "Sec.", "St.", "Mt.", "Ft.",
    "No.", "vs.", "Jan.", "Feb.", "Mar.", "Apr.", "Jun.", "Jul.", "Aug.", "Sep.", "Sept.", "Oct.", "Nov.", "Dec.",
];

/// `list.contains(&word)` for the abbreviation lists, which hold short words:
/// most words are ruled out by their length before any comparison.
fn is_listed(word: &str, list: &[&str]) -> bool {
    let starts_like_one = word.as_bytes().first().is_some_and(|b| b.is_ascii_uppercase() || *b == b'v' || *b == b'e');
    word.len() <= 6 && starts_like_one && list.contains(&word)
}

/// `Mr.`, `Gen.`: an abbreviation whose period does not end a sentence
/// because a name follows it.
pub(crate) fn is_prefix_abbreviation(word: &str) -> bool {
    is_listed(word, PREFIX_ABBREVIATIONS)
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

/// `U`, `U.S`, `N.V`: single letters joined by periods, so a following period
/// is part of the abbreviation.
fn is_initialism(word: &str) -> bool {
    !word.is_empty() && word.split('.').all(|part| part.chars().count() == 1 && part.chars().all(char::is_alphabetic))
}

fn char_at(s: &str, i: usize) -> Option<char> {
    s.get(i..).and_then(|rest| rest.chars().next())
}

/// Splits `s` (found at byte `offset` of the article) into tokens with
/// absolute spans, replacing the contents of `tokens`.
pub fn tokenize(s: &str, offset: usize, tokens: &mut Vec<Token>) {
    tokens.clear();
    append_tokens(s, offset, tokens);
}

/// [`tokenize`], appending to `tokens`; returns where the new ones start.
/// Token indices count from there.
pub fn append_tokens(s: &str, offset: usize, all: &mut Vec<Token>) -> usize {
    let base = all.len();
    all.reserve(s.len() / 4);
    let mut tokens = Appender { all, base, stop: None };
    let bytes = s.as_bytes();
    let mut i = 0;
    // The next word starts a sentence (or a quote), so its capital says nothing.
    let mut sentence_start = true;
    while i < bytes.len() {
        let b = bytes[i];
        // ASCII is most of the text: classify bytes without decoding.
        let (c, c_len) = if b < 0x80 {
            (b as char, 1)
        } else {
            match char_at(s, i) {
                Some(c) => (c, c.len_utf8()),
                None => {
                    i += 1;
                    continue;
                }
            }
        };
        if c.is_whitespace() {
            i += c_len;
            continue;
        }
        if c.is_alphanumeric() {
            let end = word_end(s, i);
            let word = &s[i..end];
            let capitalized = if b < 0x80 { b.is_ascii_uppercase() } else { c.is_uppercase() };
            let (has_alpha, has_lower) = if b.is_ascii_lowercase() {
                // Most words: lower case, so not all capitals.
                (true, true)
            } else if word.is_ascii() {
                (word.bytes().any(|b| b.is_ascii_alphabetic()), word.bytes().any(|b| b.is_ascii_lowercase()))
            } else {
                (word.chars().any(char::is_alphabetic), word.chars().any(char::is_lowercase))
            };
            let token = Token {
                span: Span::new(offset + i, offset + end),
                kind: TokenKind::Word,
                capitalized,
                all_caps: has_alpha && !has_lower,
                ambiguous_case: sentence_start,
                index: tokens.len(),
                shouted: false,
                starts_sentence: false,
            };
            sentence_start = match word.strip_suffix('.') {
                // Titles and initials run on into the name: `Mr. Lee`, `George W. Bush`.
                Some(stem) if is_listed(word, PREFIX_ABBREVIATIONS) => stem.is_empty(),
                Some(stem) if is_initialism(stem) => stem.len() > 1,
                // `Inc.`, `Corp.`, `U.S.` may end a sentence.
                Some(_) => true,
                None => false,
            };
            tokens.push(token, s, offset, sentence_start);
            i = end;
            continue;
        }
        if is_apostrophe(c) && tokens.last().is_some_and(|t| t.kind == TokenKind::Word && t.span.end == offset + i) {
            let next = char_at(s, i + c_len);
            let after_next = next.and_then(|n| char_at(s, i + c_len + n.len_utf8()));
            // `Korea's` takes the apostrophe and the s; `ministers'` the apostrophe alone.
            let possessive_len = if matches!(next, Some('s' | 'S')) && !after_next.is_some_and(char::is_alphanumeric) {
                Some(c_len + 1)
            } else if s[..i].ends_with(['s', 'S']) && !next.is_some_and(char::is_alphanumeric) {
                Some(c_len)
            } else {
                None
            };
            if let Some(len) = possessive_len {
                let token = Token {
                    span: Span::new(offset + i, offset + i + len),
                    kind: TokenKind::Possessive,
                    capitalized: false,
                    all_caps: false,
                    ambiguous_case: false,
                    index: tokens.len(),
                    shouted: false,
                    starts_sentence: false,
                };
                tokens.push(token, s, offset, false);
                sentence_start = false;
                i += len;
                continue;
            }
        }
        // `--` counts like a dash: the second hyphen right after the first.
        let double_hyphen = c == '-'
            && tokens.last().is_some_and(|t| t.kind == TokenKind::Punct && t.span.end == offset + i)
            && i > 0
            && bytes[i - 1] == b'-';
        if matches!(c, '.' | '!' | '?' | ':' | ';' | '"' | '“' | '—' | '–' | '•' | '|' | '«' | '‘') || double_hyphen
        {
            sentence_start = true;
        }
        let token = Token {
            span: Span::new(offset + i, offset + i + c_len),
            kind: TokenKind::Punct,
            capitalized: false,
            all_caps: false,
            ambiguous_case: false,
            index: tokens.len(),
            shouted: false,
            starts_sentence: false,
        };
        tokens.push(token, s, offset, false);
        i += c_len;
    }
    let tokens = &mut tokens.all[base..];
    mark_shouting(tokens);
    base
}

/// The tokens of one paragraph being appended to an article's buffer.
struct Appender<'v> {
    all: &'v mut Vec<Token>,
    base: usize,
    /// Where the last sentence stop (and the closing marks glued to it)
    /// ended, and whether it is only a word's final period.
    stop: Option<(usize, bool)>,
}

impl Appender<'_> {
    fn len(&self) -> usize {
        self.all.len() - self.base
    }
    /// Pushes `t`, deciding whether it starts a sentence; `period_may_stop`
    /// says whether a word's own final period may end a sentence.
    fn push(&mut self, mut t: Token, s: &str, offset: usize, period_may_stop: bool) {
        let first = self.len() == 0;
        let word_text = t.span.slice_offset(s, offset);
        t.starts_sentence = first;
        if let Some((end, tentative)) = self.stop {
            let closer = t.kind == TokenKind::Punct && matches!(word_text, "\"" | "”" | "’" | "'" | ")" | "]" | "»");
            if t.span.start == end && closer {
                self.stop = Some((t.span.end, tentative));
            } else {
                let confirms = t.kind != TokenKind::Word
                    || t.capitalized
                    || word_text.as_bytes().first().is_some_and(u8::is_ascii_digit);
                t.starts_sentence = !tentative || confirms;
                self.stop = None;
            }
        }
        match t.kind {
            TokenKind::Punct if matches!(word_text, "." | "!" | "?") => self.stop = Some((t.span.end, false)),
            TokenKind::Word if period_may_stop && word_text.ends_with('.') => self.stop = Some((t.span.end, true)),
            _ => {}
        }
        self.all.push(t);
    }
    fn last(&self) -> Option<&Token> {
        self.all[self.base..].last()
    }
}

fn mark_shouting(tokens: &mut [Token]) {
    let mut run_start = 0;
    for k in 0..=tokens.len() {
        let caps = tokens.get(k).is_some_and(|t| t.kind == TokenKind::Word && t.all_caps);
        if caps {
            continue;
        }
        if k - run_start >= 3 {
            for t in &mut tokens[run_start..k] {
                t.shouted = true;
                t.ambiguous_case = true;
            }
        }
        run_start = k + 1;
    }
}

/// [`tokenize`] into a new vector.
pub fn tokens_of(s: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    tokenize(s, 0, &mut tokens);
    tokens
}

/// The end of the word starting at `start`.
fn word_end(s: &str, start: usize) -> usize {
    let bytes = s.as_bytes();
    let mut j = start;
    while j < bytes.len() && is_ascii_word_byte(bytes[j]) {
        j += 1;
    }
    // Most words end at a space or ordinary punctuation.
    if j >= bytes.len() || (bytes[j] < 0x80 && !matches!(bytes[j], b'-' | b'\'' | b'.')) {
        return j;
    }
    while let Some(d) = char_at(s, j) {
        let d_len = d.len_utf8();
        if d.is_alphanumeric() {
            j += d_len;
            continue;
        }
        let next = char_at(s, j + d_len);
        if d == '-' || is_apostrophe(d) {
            let Some(n) = next.filter(|n| n.is_alphanumeric()) else { break };
            // `Korea-U.S. alliance`: two names, not one.
            if d == '-' && n.is_uppercase() && char_at(s, j + d_len + n.len_utf8()) == Some('.') {
                break;
            }
            if is_apostrophe(d) && matches!(n, 's' | 'S') {
                let after = char_at(s, j + d_len + 1);
                if !after.is_some_and(char::is_alphanumeric) {
                    break;
                }
            }
            j += d_len;
            continue;
        }
        if d == '.' {
            let word = &s[start..j];
            if is_initialism(word) {
                j += 1;
                // `U.S.A.`: another single letter and period follow.
                let more = next.is_some_and(char::is_alphabetic)
                    && next.and_then(|n| char_at(s, j + n.len_utf8())) == Some('.');
                if more {
                    continue;
                }
                break;
            }
            if is_listed(word, ABBREVIATIONS) {
                j += 1;
            }
        }
        break;
    }
    j
}

/// A word without a final period, or one character of punctuation: the
/// grain at which detectors with coarser words than [`Token`]'s rejoin them
/// (see [`join_words`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Piece {
    pub span: Span,
    /// Starts with a letter or digit; otherwise one punctuation character.
    pub word: bool,
}

/// Cuts tokens into pieces: a word's final period (`Gen.`, `U.S.`) becomes
/// a punctuation piece, and a possessive `'s` an apostrophe and a word `s`.
/// Every character of a word piece but the first is a letter, a digit, or a
/// hyphen, apostrophe or period between two of them.
pub fn pieces(text: &str, tokens: &[Token], out: &mut Vec<Piece>) {
    out.reserve(tokens.len() + tokens.len() / 8);
    for t in tokens {
        let Span { start, end } = t.span;
        match t.kind {
            TokenKind::Word if end - start > 1 && text.as_bytes().get(end - 1) == Some(&b'.') => {
                out.push(Piece { span: Span::new(start, end - 1), word: true });
                out.push(Piece { span: Span::new(end - 1, end), word: false });
            }
            TokenKind::Word => out.push(Piece { span: t.span, word: true }),
            TokenKind::Possessive => {
                let apostrophe = text.get(start..end).and_then(|s| s.chars().next()).map_or(1, char::len_utf8);
                out.push(Piece { span: Span::new(start, start + apostrophe), word: false });
                if start + apostrophe < end {
                    out.push(Piece { span: Span::new(start + apostrophe, end), word: true });
                }
            }
            TokenKind::Punct => out.push(Piece { span: t.span, word: false }),
        }
    }
}

/// Joins word pieces that one `joins` character links with no space
/// (`Korea's`, `AT&T`, `3.5`, `Tae-yong`) into one word, and calls `emit`
/// with each word's span (and `true`), or each other piece's (and `false`),
/// in text order. `joins` must accept hyphens, apostrophes and periods, which
/// word pieces already hold inside. Linear: each piece is looked at a
/// bounded number of times.
pub fn join_words(text: &str, pieces: &[Piece], joins: impl Fn(char) -> bool, mut emit: impl FnMut(Span, bool)) {
    let char_at = |i: usize| text.get(i..).and_then(|s| s.chars().next());
    let mut k = 0;
    while let Some(p) = pieces.get(k) {
        k += 1;
        if !p.word {
            emit(p.span, false);
            continue;
        }
        let mut span = p.span;
        while let (Some(joiner), Some(next)) = (pieces.get(k), pieces.get(k + 1)) {
            let linked = !joiner.word
                && joiner.span.start == span.end
                && next.word
                && next.span.start == joiner.span.end
                && char_at(joiner.span.start).is_some_and(&joins);
            if !linked {
                break;
            }
            span.end = next.span.end;
            k += 2;
        }
        emit(span, true);
    }
}

const TITLE_CASE_SMALL_WORDS: &[&str] = &[
    "a", "an", "the", "and", "or", "but", "nor", "of", "in", "on", "at", "to", "for", "by", "with", "from", "as", "vs",
    "vs.", "via", "per", "up", "off", "out", "into", "over", "amid", "after", "than", "is", "are", "be",
];

/// A headline in Title Case: most long words capitalised and no sentence
/// punctuation at the end. Every word of it is `ambiguous_case`.
pub fn mark_title_case_line(s: &str, offset: usize, tokens: &mut [Token]) {
    // Headlines rarely end in a period; sentences do, so a line with one
    // needs nearly every word capitalised.
    let strict = s.trim_end().ends_with('.');
    // Headlines are short; most paragraphs are not, and are done with here.
    let word_count = tokens.iter().filter(|t| t.is_word()).take(31).count();
    if !(3..=30).contains(&word_count) {
        return;
    }
    let mut long_words = 0;
    let mut capitalized = 0;
    let mut words = 0;
    for t in tokens.iter().filter(|t| t.is_word()) {
        words += 1;
        let w = t.span.slice_offset(s, offset);
        let long = if w.is_ascii() { w.len() > 3 } else { w.chars().count() > 3 };
        // Title Case leaves only short function words in lower case; a line
        // ending in a period with any other lower-case word is a sentence.
        // (Without the period, lower-case words only count by length below,
        // so the word list is not consulted.)
        if strict
            && !t.capitalized
            && w.chars().next().is_some_and(char::is_lowercase)
            && !TITLE_CASE_SMALL_WORDS.contains(&w)
        {
            return;
        }
        if long && w.chars().next().is_some_and(char::is_alphabetic) {
            long_words += 1;
            if t.capitalized {
                capitalized += 1;
            }
        }
    }
    let enough = if strict {
        long_words >= 4 && capitalized * 10 >= long_words * 9
    } else {
        long_words >= 2 && capitalized * 10 >= long_words * 7
    };
    if (3..=30).contains(&words) && enough {
        for t in tokens.iter_mut() {
            t.ambiguous_case = true;
        }
    }
}

trait SliceOffset {
    fn slice_offset<'a>(&self, s: &'a str, offset: usize) -> &'a str;
}

impl SliceOffset for Span {
    /// The text of an absolute span inside `s`, which starts at `offset`.
    fn slice_offset<'a>(&self, s: &'a str, offset: usize) -> &'a str {
        s.get(self.start.saturating_sub(offset)..self.end.saturating_sub(offset)).unwrap_or("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<&str> {
        tokens_of(s).iter().map(|t| t.text(s)).collect()
    }

    #[test]
    fn possessives_split_and_inner_punctuation_joins() {
        assert_eq!(words("North Korea's leader"), ["North", "Korea", "'s", "leader"]);
        assert_eq!(words("the allies' plan"), ["the", "allies", "'", "plan"]);
        assert_eq!(words("Lim Sung-Nam met O'Brien"), ["Lim", "Sung-Nam", "met", "O'Brien"]);
        assert_eq!(words("the U.S. and George W. Bush."), ["the", "U.S.", "and", "George", "W.", "Bush", "."]);
        assert_eq!(words("Gen. Smith of Acme Inc. said"), ["Gen.", "Smith", "of", "Acme", "Inc.", "said"]);
    }

    #[test]
    fn sentence_starts_are_ambiguous() {
        let s = "Officials met. But Kim said: \"Talks matter.\" Mr. Lee agreed.";
        let toks = tokens_of(s);
        let amb: Vec<&str> = toks.iter().filter(|t| t.ambiguous_case).map(|t| t.text(s)).collect();
        assert_eq!(amb, ["Officials", "But", "Talks", "Mr."]);
    }

    #[test]
    fn odd_text_does_not_panic() {
        for s in ["조태용 대사는 말했다.", "Kim 🙂's", "'", "’s", "A.", "..U.S.", "-'-", "Ü'ß"] {
            let _ = tokens_of(s);
        }
    }
}
