//! Quotations: straight, curly and doubled-apostrophe marks, nested single
//! quotes, and quotations that run over several paragraphs.
//!
//! One forward pass over each content paragraph. Double marks (`"`, `“”`,
//! `''`, `«»`) open top-level quotations; single marks inside them are nested
//! quotes and ignored. A single mark opens a top-level quotation only where it
//! cannot be an apostrophe and a closing single mark follows in the paragraph.
//! A double quotation left open at a paragraph's end continues when the next
//! paragraph opens one (the news convention for long quotations); otherwise it
//! ends with its paragraph, so a stray mark never swallows the rest of the text.
//!
//! Like news annotation (GGT, PolNeAR), a quotation interrupted by its
//! attribution (`"…," Cho said. "…"`) is one [`Quote`] with two fragments, and
//! one embedded in the reporter's sentence (`called it "a disgrace"`) is
//! flagged [`Quote::partial`]. Two-word unpunctuated quotes are scare quotes or
//! titles and are not reported.

use crate::article::Article;
use crate::span::Span;
use crate::speakers::Attribution;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum QuoteStyle {
    /// `"…"`
    Straight,
    /// `“…”`
    Curly,
    /// `''…''`, as some wire copy types them.
    DoubledApostrophe,
    /// `‘…’` or `'…'` at the top level (not nested in a double quote).
    Single,
    /// `«…»`
    Guillemet,
    /// No quotation marks: reported speech.
    Unmarked,
}

/// What kind of speech a quote is, as news annotation (GGT, PolNeAR) counts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum QuoteKind {
    /// The speaker's words in quotation marks: `"We will not back down," Cho said.`
    Direct,
    /// Attributed without quotation marks: `Cho said the talks would resume.`
    Reported,
    /// Reported speech holding a quoted fragment: `Cho said the plan was "a
    /// dead end."`, or a fragment in the reporter's own sentence.
    Mixed,
}

impl QuoteKind {
    pub fn as_str(self) -> &'static str {
        match self {
            QuoteKind::Direct => "direct",
            QuoteKind::Reported => "reported",
            QuoteKind::Mixed => "mixed",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Quote {
    /// The quotation including its marks. For a multi-paragraph quotation this
    /// runs from the first opening mark to the last closing mark.
    pub span: Span,
    /// The quoted words without the marks.
    pub content: Span,
    pub style: QuoteStyle,
    /// False when the closing mark was never found; the span then ends at the
    /// end of the paragraph it opened in.
    pub closed: bool,
    /// How many paragraphs the quotation runs over (1 for most).
    pub paragraphs: u32,
    /// The quoted stretches: one for most quotations, several when an
    /// attribution interrupts it (`"…," Cho said. "…"`), which news
    /// annotation counts as one quotation.
    pub fragments: Vec<Span>,
    /// Embedded in the reporter's own sentence (`called it "a disgrace"`,
    /// `said that he "would not resign."`): a partial or mixed quotation, which
    /// news annotation (PolNeAR, GGT) counts as indirect speech.
    pub partial: bool,
    /// Direct, reported or mixed speech. Quotation marks make a quote
    /// direct (or mixed, when [`Quote::partial`]); the speakers stage adds
    /// reported speech and widens a partial quote to the reported clause it
    /// belongs to.
    pub kind: QuoteKind,
    /// Filled in by [`crate::speakers::attribute`].
    pub speaker: Option<Attribution>,
}

impl Quote {
    /// In quotation marks from end to end: FORMAT.md's `direct: true`.
    pub fn is_direct(&self) -> bool {
        self.kind == QuoteKind::Direct
    }
}

/// A mark that opened and never closed: the checker reports it.
#[derive(Debug, Clone, Serialize)]
pub struct UnbalancedMark {
    pub span: Span,
    pub style: QuoteStyle,
}

#[derive(Debug, Clone, Default)]
pub struct QuoteScan {
    pub quotes: Vec<Quote>,
    pub unbalanced: Vec<UnbalancedMark>,
}

/// Quotations of at most this many words with no sentence punctuation are
/// scare quotes or titles (`the so-called "reset"`), not someone's words.
const SCARE_QUOTE_MAX_WORDS: usize = 2;

/// Words that an apostrophe shortens at their start (`'90s`, `'em`, `rock 'n'
/// roll`): a mark before them is not an opening quote.
const ELIDED_WORD_STARTS: &[&str] = &["n", "em", "til", "cause", "tis", "twas", "bout", "round", "s"];

/// Finds the quotations in the article's non-debris paragraphs, in text order.
pub fn detect(article: &Article) -> QuoteScan {
    let paragraphs: Vec<Span> = article.content_paragraphs().map(|p| p.span).collect();
    let mut scanner = Scanner { text: article.text, scan: QuoteScan::default(), carried: None };
    for (i, span) in paragraphs.iter().enumerate() {
        let next_opener = paragraphs.get(i + 1).and_then(|next| double_opener_style(next.slice(article.text)));
        scanner.paragraph(*span, next_opener);
    }
    scanner.scan
}

/// A double quotation still open at the end of a paragraph whose successor
/// opens another: the quotation continues there.
#[derive(Debug, Clone, Copy)]
struct Carried {
    start: usize,
    content_start: usize,
    style: QuoteStyle,
    paragraphs: u32,
    after_word: bool,
}

#[derive(Debug, Clone, Copy)]
struct Open {
    /// Byte offset of the opening mark in the article.
    start: usize,
    /// Where the quoted words start (after the mark).
    content_start: usize,
    style: QuoteStyle,
    paragraphs: u32,
    /// The mark follows a word of the same sentence: a partial quotation.
    after_word: bool,
}

struct Scanner<'a> {
    text: &'a str,
    scan: QuoteScan,
    carried: Option<Carried>,
}

impl Scanner<'_> {
    /// Scans one paragraph; `next_opener` is the style of the double mark
    /// that opens the next paragraph, if one does.
    fn paragraph(&mut self, span: Span, next_opener: Option<QuoteStyle>) {
        let para = span.slice(self.text);
        let base = span.start;
        let mut last_closer = LastSingleCloser { para, found: None };
        let mut open: Option<Open> = None;
        let first_quote = self.scan.quotes.len();
        // Marks are rare: jump from one to the next instead of walking chars.
        let mut skip_until = 0;
        // Curly quotes wrongly nested in a curly quote (`“he calls “hell” …”`).
        let mut inner_curly = 0u32;
        let mut curly_balance: Option<Vec<(usize, i32)>> = None;
        // A carried quotation resumes at this paragraph's opening mark, which
        // does not open a new one.
        if let Some(carried) = self.carried.take() {
            let visible = para.trim_start_matches(is_invisible_format);
            let mark = if visible.starts_with("''") { 2 } else { visible.chars().next().map_or(0, char::len_utf8) };
            skip_until = para.len() - visible.len() + mark;
            open = Some(Open {
                start: carried.start,
                content_start: carried.content_start,
                style: carried.style,
                paragraphs: carried.paragraphs + 1,
                after_word: carried.after_word,
            });
        }
        for (i, c) in marks(para) {
            if i < skip_until {
                continue;
            }
            let prev = para.get(..i).and_then(|s| s.chars().next_back());
            let next = para.get(i + c.len_utf8()..).and_then(|s| s.chars().next());
            let at = base + i;
            match open {
                None => {
                    if let Some((style, width)) = opening_mark(para, i, c, prev, next, &mut last_closer) {
                        let after_word = follows_word(para, i);
                        open = Some(Open { start: at, content_start: at + width, style, paragraphs: 1, after_word });
                        skip_until = i + width;
                    }
                }
                Some(o) => {
                    if c == '”' && inner_curly > 0 {
                        inner_curly -= 1;
                    } else if let Some(width) = closing_mark(para, i, c, prev, next, o.style) {
                        self.emit(o, at, at + width, true);
                        open = None;
                        skip_until = i + width;
                    } else if c == '“'
                        && o.style == QuoteStyle::Curly
                        && closers_ahead(para, i, &mut curly_balance) >= 2 + inner_curly as i32
                    {
                        // Enough closers follow for this quote and the outer one.
                        inner_curly += 1;
                    } else if c == '“' && o.style == QuoteStyle::Curly && o.paragraphs == 1 {
                        // Two openers in a row: the first lost its closer. End it
                        // before the new one so the pairing recovers here.
                        self.unclosed(o, base + trim_end_len(para, i));
                        open = Some(Open {
                            start: at,
                            content_start: at + c.len_utf8(),
                            style: o.style,
                            paragraphs: 1,
                            after_word: follows_word(para, i),
                        });
                    }
                }
            }
        }
        if let Some(o) = open {
            // The next paragraph continues this quotation when it opens one,
            // whatever its double mark: copy often mixes straight and curly.
            let continues = o.style != QuoteStyle::Single && next_opener.is_some();
            if continues {
                self.carried = Some(Carried {
                    start: o.start,
                    content_start: o.content_start,
                    style: o.style,
                    paragraphs: o.paragraphs,
                    after_word: o.after_word,
                });
            } else {
                self.unclosed(o, span.end);
            }
        }
        self.join_interrupted(first_quote);
    }

    /// Joins `"…," Cho said. "…"` into one quotation: the quotes from index
    /// `from` on (one paragraph's) whose gap is a short reporting clause.
    fn join_interrupted(&mut self, from: usize) {
        if self.scan.quotes.len() < from + 2 {
            return;
        }
        // One pass that moves each quote onto the last kept one or keeps it:
        // linear however many quotes a paragraph holds.
        let paragraph_quotes = self.scan.quotes.split_off(from);
        for cur in paragraph_quotes {
            let joined = self.scan.quotes.len() > from && {
                let prev = &self.scan.quotes[self.scan.quotes.len() - 1];
                let gap = self.text.get(prev.span.end..cur.span.start).unwrap_or("");
                // A partial quote ends the reporter's sentence, not the speaker's.
                let joins = prev.closed && !prev.partial && prev.paragraphs == 1 && cur.paragraphs == 1;
                joins && is_interrupting_clause(gap)
            };
            match self.scan.quotes.last_mut() {
                Some(prev) if joined => {
                    prev.span.end = cur.span.end;
                    prev.content.end = cur.content.end;
                    prev.closed = cur.closed;
                    prev.fragments.extend(cur.fragments);
                }
                _ => self.scan.quotes.push(cur),
            }
        }
    }

    fn emit(&mut self, open: Open, content_end: usize, end: usize, closed: bool) {
        let content = Span::new(open.content_start, content_end.max(open.content_start));
        let after = prefix(self.text.get(end..).unwrap_or(""), 64);
        if closed && open.paragraphs == 1 && is_scare_quote(content.slice(self.text), after) {
            return;
        }
        self.scan.quotes.push(Quote {
            span: Span::new(open.start, end.max(open.start)),
            content,
            style: open.style,
            closed,
            paragraphs: open.paragraphs,
            fragments: vec![Span::new(open.start, end.max(open.start))],
            partial: open.after_word,
            kind: if open.after_word { QuoteKind::Mixed } else { QuoteKind::Direct },
            speaker: None,
        });
    }

    /// A quotation whose closing mark never came: reported, and kept as a
    /// quotation up to `end` when it holds words.
    fn unclosed(&mut self, open: Open, end: usize) {
        let width = match open.style {
            QuoteStyle::DoubledApostrophe => 2,
            _ => self.text.get(open.start..).and_then(|s| s.chars().next()).map_or(1, char::len_utf8),
        };
        self.scan
            .unbalanced
            .push(UnbalancedMark { span: Span::new(open.start, open.start + width), style: open.style });
        let content = Span::new(open.content_start, end.max(open.content_start));
        if content.slice(self.text).split_whitespace().nth(SCARE_QUOTE_MAX_WORDS).is_some() {
            self.emit(open, end, end, false);
        }
    }
}

/// Whether the last thing before byte `i` of `para` is a word (`called it
/// "…"`) rather than the paragraph start, sentence punctuation or a colon. A
/// reporting verb right before the mark (`Cho said "…"`) introduces a whole
/// quotation that only lacks its comma.
fn follows_word(para: &str, i: usize) -> bool {
    let before = para.get(..i).unwrap_or("").trim_end();
    if !before.chars().next_back().is_some_and(|c| c.is_alphanumeric()) {
        return false;
    }
    let last_word = before.rsplit(|c: char| !c.is_alphanumeric()).next().unwrap_or("");
    !crate::speakers::is_reporting_verb(last_word)
}

/// At most the first `max` bytes of `s`, cut at a character boundary.
fn prefix(s: &str, max: usize) -> &str {
    let mut end = max.min(s.len());
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s.get(..end).unwrap_or("")
}

/// Byte length of `para[..i]` without trailing white space.
fn trim_end_len(para: &str, i: usize) -> usize {
    para.get(..i).map_or(i, |s| s.trim_end().len())
}

/// Words that interrupt a quotation to attribute it: one short clause with a
/// reporting verb (`, Cho said.`, `said Ryan Ellis, a tax consultant.`).
fn is_interrupting_clause(gap: &str) -> bool {
    const MAX_WORDS: usize = 40;
    let words: Vec<&str> = gap.split_whitespace().collect();
    // A clause ending in a colon introduces the next quote (`Mensah
    // countered: "…"`), often another speaker's.
    if words.is_empty() || words.len() > MAX_WORDS || gap.trim_end().ends_with(':') {
        return false;
    }
    let body = gap.trim().trim_end_matches(['.', ',', ':', ';', '—', '–']);
    let one_clause = !body.contains(['.', '?', '!', ';'])
        || body.split_whitespace().all(|w| !w.ends_with(['.', '?', '!', ';']) || w.len() <= 4);
    one_clause
        && words.iter().any(|w| {
            let bare = w.trim_matches(|c: char| !c.is_alphanumeric());
            crate::speakers::is_reporting_verb(bare)
        })
}

fn is_scare_quote(content: &str, after: &str) -> bool {
    let words = content.split_whitespace().count();
    if words > SCARE_QUOTE_MAX_WORDS || content.trim_end().ends_with(['.', '!', '?', '…']) {
        return false;
    }
    // `"Absolutely," she said`: a short answer, attributed right away.
    let attributed = after
        .split_whitespace()
        .take(3)
        .any(|w| crate::speakers::is_reporting_verb(w.trim_matches(|c: char| !c.is_alphanumeric())));
    !attributed
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Before an opening mark: the paragraph start, space, an opening bracket or
/// dash, or another mark.
fn is_opening_context(prev: Option<char>) -> bool {
    match prev {
        None => true,
        Some(c) => {
            c.is_whitespace()
                || matches!(c, '(' | '[' | '{' | '—' | '–' | '-' | '/' | ':' | '“' | '"' | '‘' | '«')
                || is_invisible_format(c)
        }
    }
}

/// Direction marks and zero-width characters that scraped text keeps in
/// front of paragraphs: they do not count as text before a mark.
fn is_invisible_format(c: char) -> bool {
    matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
}

/// The style of the double mark that opens `para`, if one does.
fn double_opener_style(para: &str) -> Option<QuoteStyle> {
    let para = para.trim_start_matches(is_invisible_format);
    if para.starts_with("''") {
        return Some(QuoteStyle::DoubledApostrophe);
    }
    match para.chars().next()? {
        '"' => Some(QuoteStyle::Straight),
        '“' | '”' => Some(QuoteStyle::Curly),
        '«' => Some(QuoteStyle::Guillemet),
        _ => None,
    }
}

/// How many more `”` than `“` follow byte `i` of `para`. The paragraph's
/// curly marks are listed once, on first need, with a running balance.
fn closers_ahead(para: &str, i: usize, cache: &mut Option<Vec<(usize, i32)>>) -> i32 {
    let marks = cache.get_or_insert_with(|| {
        // (offset, closers minus openers from this mark to the end)
        let mut list: Vec<(usize, i32)> = marks(para)
            .filter_map(|(at, c)| match c {
                '“' => Some((at, -1)),
                '”' => Some((at, 1)),
                _ => None,
            })
            .collect();
        let mut balance = 0;
        for entry in list.iter_mut().rev() {
            balance += entry.1;
            entry.1 = balance;
        }
        list
    });
    let next = marks.partition_point(|&(at, _)| at <= i);
    marks.get(next).map_or(0, |&(_, balance)| balance)
}

/// The opening mark at byte `i` of `para`, if `c` opens a top-level quotation
/// there: its style and byte width.
fn opening_mark(
    para: &str,
    i: usize,
    c: char,
    prev: Option<char>,
    next: Option<char>,
    last_closer: &mut LastSingleCloser,
) -> Option<(QuoteStyle, usize)> {
    let next_is_word_start = next.is_some_and(|n| !n.is_whitespace());
    match c {
        '“' => Some((QuoteStyle::Curly, c.len_utf8())),
        '«' => Some((QuoteStyle::Guillemet, c.len_utf8())),
        // Some copy uses the closing curly mark at both ends.
        '”' if is_opening_context(prev) && next.is_some_and(is_word_char) => Some((QuoteStyle::Curly, c.len_utf8())),
        '"' => {
            // `5'10"` is a measure; a mark after a word and before a space
            // closes something we did not see open.
            let after_word = prev.is_some_and(|p| p.is_alphanumeric() || matches!(p, '.' | ',' | '?' | '!'));
            if prev.is_some_and(|p| p.is_ascii_digit()) || (after_word && !next_is_word_start) {
                None
            } else {
                Some((QuoteStyle::Straight, 1))
            }
        }
        '\'' if next == Some('\'') => {
            let after = para.get(i + 2..).and_then(|s| s.chars().next());
            (is_opening_context(prev) && after.is_some_and(|a| !a.is_whitespace()))
                .then_some((QuoteStyle::DoubledApostrophe, 2))
        }
        '\'' | '‘' => {
            let opens = is_opening_context(prev)
                && next.is_some_and(|n| n.is_alphanumeric() || n == '“' || n == '"')
                && !is_elision(para.get(i + c.len_utf8()..).unwrap_or(""))
                && last_closer.get().is_some_and(|closer| closer > i + c.len_utf8());
            opens.then_some((QuoteStyle::Single, c.len_utf8()))
        }
        _ => None,
    }
}

/// `'90s`, `'em`, `'n'`: the text after an apostrophe that shortens a word.
fn is_elision(after: &str) -> bool {
    let word: String = after.chars().take_while(|c| c.is_alphanumeric()).collect();
    let decade = word.len() >= 2 && word.chars().take(2).all(|c| c.is_ascii_digit());
    decade || ELIDED_WORD_STARTS.contains(&word.to_lowercase().as_str())
}

/// The closing mark at byte `i` for a quotation opened with `style`: its byte width.
fn closing_mark(
    para: &str,
    i: usize,
    c: char,
    prev: Option<char>,
    next: Option<char>,
    style: QuoteStyle,
) -> Option<usize> {
    match (style, c) {
        (QuoteStyle::Curly | QuoteStyle::Straight, '”' | '"') => Some(c.len_utf8()),
        (QuoteStyle::DoubledApostrophe, '\'') if next == Some('\'') => Some(2),
        (QuoteStyle::DoubledApostrophe, '"' | '”') => Some(c.len_utf8()),
        (QuoteStyle::Guillemet, '»') => Some(c.len_utf8()),
        (QuoteStyle::Single, '\'' | '’') => is_single_closer(para, i, prev, next).then_some(c.len_utf8()),
        _ => None,
    }
}

/// A single mark after a word and not before one (`… done,' she said`), not
/// the `'` of `rock 'n' roll`.
fn is_single_closer(para: &str, i: usize, prev: Option<char>, next: Option<char>) -> bool {
    let after_text = prev.is_some_and(|p| !p.is_whitespace());
    let before_word = next.is_some_and(is_word_char);
    let rock_n_roll = para.get(..i).is_some_and(|s| s.ends_with(" 'n") || s.ends_with(" ‘n"));
    after_text && !before_word && !rock_n_roll
}

/// The last mark in a paragraph that could close a single quotation: a
/// single mark opens one only if such a closer follows. Only the last one
/// matters, and only for the few marks that could open, so it is found on
/// first need, scanning from the paragraph's end.
struct LastSingleCloser<'p> {
    para: &'p str,
    found: Option<Option<usize>>,
}

impl LastSingleCloser<'_> {
    fn get(&mut self) -> Option<usize> {
        let para = self.para;
        *self.found.get_or_insert_with(|| last_single_closer(para))
    }
}

/// Byte offset of the last `'` or `’` in `para` that could close a single
/// quotation.
fn last_single_closer(para: &str) -> Option<usize> {
    let bytes = para.as_bytes();
    (0..bytes.len()).rev().find(|&i| {
        let c = match bytes[i] {
            b'\'' => '\'',
            // The lead byte of `’` (E2 80 99).
            0xE2 if para.get(i..).is_some_and(|rest| rest.starts_with('’')) => '’',
            _ => return false,
        };
        let prev = para.get(..i).and_then(|s| s.chars().next_back());
        let next = para.get(i + c.len_utf8()..).and_then(|s| s.chars().next());
        is_single_closer(para, i, prev, next)
    })
}

/// Every quotation mark in `para` with its byte offset, found by bytes: `"`
/// and `'`, and the lead bytes of `“ ” ‘ ’` (E2 80 xx) and `« »` (C2 xx).
fn marks(para: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    let bytes = para.as_bytes();
    bytes.iter().enumerate().filter_map(move |(i, &b)| match b {
        b'"' => Some((i, '"')),
        b'\'' => Some((i, '\'')),
        0xE2 | 0xC2 => {
            let c = para.get(i..)?.chars().next()?;
            matches!(c, '“' | '”' | '‘' | '’' | '«' | '»').then_some((i, c))
        }
        _ => None,
    })
}

#[cfg(test)]
mod tests {

    #[test]
    fn the_last_single_closer_is_found_from_the_end() {
        let para = "She called it ‘a farce,’ he said of the allies’ plan, 'the end' and rock 'n' roll.";
        let closer = last_single_closer(para).and_then(|i| para.get(i..));
        assert!(closer.is_some_and(|rest| rest.starts_with("' and rock")), "{closer:?}");
        assert_eq!(last_single_closer("No quotes at all, nor apostrophes."), None);
        assert_eq!(last_single_closer("O'Brien's"), None, "marks inside words close nothing");
    }
    use super::*;
    use crate::article;

    fn quotes_of(text: &str) -> (Vec<String>, QuoteScan) {
        let article = article::parse(text, None);
        let scan = detect(&article);
        let found = scan.quotes.iter().map(|q| q.span.slice(text).to_string()).collect();
        (found, scan)
    }

    #[test]
    fn straight_and_curly_quotes() {
        let (found, scan) = quotes_of(
            "\"We will not back down,\" the mayor said. Her deputy said: “The budget is balanced, and it will stay that way.”",
        );
        assert_eq!(found, ["\"We will not back down,\"", "“The budget is balanced, and it will stay that way.”"]);
        assert_eq!(scan.quotes[0].style, QuoteStyle::Straight);
        assert_eq!(scan.quotes[1].style, QuoteStyle::Curly);
        assert!(scan.unbalanced.is_empty());
    }

    #[test]
    fn content_excludes_the_marks() {
        let text = "She said: “Talks resume on Monday in Geneva.”";
        let (_, scan) = quotes_of(text);
        assert_eq!(scan.quotes[0].content.slice(text), "Talks resume on Monday in Geneva.");
    }

    #[test]
    fn doubled_apostrophes_pair_up() {
        let text =
            "The envoy spoke in Seoul.\n\n''We are ready to talk if the North is sincere. That has not changed.''";
        let (found, scan) = quotes_of(text);
        assert_eq!(found, ["''We are ready to talk if the North is sincere. That has not changed.''"]);
        assert_eq!(scan.quotes[0].style, QuoteStyle::DoubledApostrophe);
    }

    #[test]
    fn single_quotes_nested_in_double_are_not_separate() {
        let text = "“He told me ‘never again’ and I believed him,” the farmer said.";
        let (found, _) = quotes_of(text);
        assert_eq!(found, ["“He told me ‘never again’ and I believed him,”"]);
    }

    #[test]
    fn single_quotes_at_top_level_in_a_headline() {
        let text = "Minister vows ‘no new taxes this year’ as budget nears\n\nThe budget is due on Friday.";
        let (found, scan) = quotes_of(text);
        assert_eq!(found, ["‘no new taxes this year’"]);
        assert_eq!(scan.quotes[0].style, QuoteStyle::Single);
    }

    #[test]
    fn guillemets() {
        let (found, _) = quotes_of("Le ministre a déclaré : « Nous ne céderons pas sur ce point. »");
        assert_eq!(found, ["« Nous ne céderons pas sur ce point. »"]);
    }

    #[test]
    fn apostrophes_are_not_quote_marks() {
        let text =
            "The ministers' plan, which they don't like, recalls the '90s and rock 'n' roll. It's the farmers' turn.";
        let (found, scan) = quotes_of(text);
        assert!(found.is_empty(), "{found:?}");
        assert!(scan.unbalanced.is_empty());
    }

    #[test]
    fn possessive_inside_a_double_quote_does_not_break_it() {
        let text = "\"The workers' union won't sign this deal,\" he said.";
        let (found, _) = quotes_of(text);
        assert_eq!(found, ["\"The workers' union won't sign this deal,\""]);
    }

    #[test]
    fn multi_paragraph_quote_is_one_quote() {
        let text = "The senator spoke for an hour.\n\n“We have waited long enough for this bill to pass.\n\n“Every family in this state deserves better than another delay.”\n\nThe vote is on Friday.";
        let (found, scan) = quotes_of(text);
        assert_eq!(found.len(), 1);
        assert!(found[0].starts_with("“We have waited"));
        assert!(found[0].ends_with("another delay.”"));
        assert_eq!(scan.quotes[0].paragraphs, 2);
        assert!(scan.quotes[0].closed);
        assert!(scan.unbalanced.is_empty());
    }

    #[test]
    fn unclosed_mark_ends_at_its_paragraph() {
        let text = "The coach said \"we played badly in the first half and paid for it.\n\nThe team travels to Leeds next week. \"It will be hard,\" he said.";
        let (found, scan) = quotes_of(text);
        assert_eq!(found, ["\"we played badly in the first half and paid for it.", "\"It will be hard,\""]);
        assert!(!scan.quotes[0].closed);
        assert_eq!(scan.unbalanced.len(), 1);
        assert_eq!(scan.unbalanced[0].span.slice(text), "\"");
    }

    #[test]
    fn second_opener_recovers_the_pairing() {
        let text = "“We lost the vote today, she said. “But we will be back next year with more support.”";
        let (found, scan) = quotes_of(text);
        assert_eq!(found, ["“We lost the vote today, she said.", "“But we will be back next year with more support.”"]);
        assert_eq!(scan.unbalanced.len(), 1);
    }

    #[test]
    fn scare_quotes_are_not_quotations() {
        let (found, _) = quotes_of("Critics called the plan a \"reset\" of relations with Moscow.");
        assert!(found.is_empty());
    }

    #[test]
    fn interrupted_quote_is_joined_even_with_a_long_aside() {
        let text = "“Prices will fall,” said Ines Duarte, an economist at a bank in Porto who has followed the market for twenty years. “Not soon, though.”";
        let (found, scan) = quotes_of(text);
        assert_eq!(found, [text]);
        assert_eq!(scan.quotes[0].fragments.len(), 2);
    }

    #[test]
    fn partial_quote_is_flagged_and_not_joined_to_the_next() {
        let text = "She called the ruling \"a disgrace to the court.\" Then she added, \"We will appeal it tomorrow morning.\"";
        let (found, scan) = quotes_of(text);
        assert_eq!(found, ["\"a disgrace to the court.\"", "\"We will appeal it tomorrow morning.\""]);
        assert!(scan.quotes[0].partial);
        assert!(!scan.quotes[1].partial);
    }

    #[test]
    fn colon_clause_starts_a_new_quote() {
        let text = "\"We will not sign this year.\" Mensah countered: \"Then there is no deal at all.\"";
        let (found, _) = quotes_of(text);
        assert_eq!(found.len(), 2);
    }

    #[test]
    fn direction_marks_before_a_paragraph_are_invisible() {
        let text = "\u{202a}”Sorry, but the roads are closed until spring!!” posted one reader.";
        let (found, _) = quotes_of(text);
        assert_eq!(found, ["”Sorry, but the roads are closed until spring!!”"]);
    }

    #[test]
    fn short_answer_is_a_quote_but_a_listed_word_is_not() {
        let (found, _) = quotes_of("\"Absolutely,\" she said when asked.");
        assert_eq!(found, ["\"Absolutely,\""]);
        let (found, _) = quotes_of("They searched for \"Benghazi,\" \"Libya\" and other terms.");
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn quote_right_after_a_reporting_verb_is_whole() {
        let (_, scan) = quotes_of("The mayor said \"we will rebuild every house on this street.\"");
        assert!(!scan.quotes[0].partial);
        let (_, scan) = quotes_of("The mayor called the plan \"a gift to developers and nobody else.\"");
        assert!(scan.quotes[0].partial);
    }

    #[test]
    fn curly_quote_wrongly_nested_in_a_curly_quote() {
        let text = "“I would rather live in what he calls “hell” than live under him.” ― Ana Ruiz";
        let (found, scan) = quotes_of(text);
        assert_eq!(found, ["“I would rather live in what he calls “hell” than live under him.”"]);
        assert!(scan.unbalanced.is_empty());
    }

    #[test]
    fn crlf_emoji_and_hangul_next_to_marks() {
        let text = "첫 문단.\r\n\r\n“우리는 준비가 되어 있다 👍 정말로,”\r\nCho said 🎉 \"Fine words are not enough for us.\"👍";
        let (found, _) = quotes_of(text);
        assert_eq!(found, ["“우리는 준비가 되어 있다 👍 정말로,”", "\"Fine words are not enough for us.\""]);
    }

    #[test]
    fn debris_paragraphs_are_skipped() {
        let text = "Share this\n\nHe said \"this will pass in time.\"\n\nRead more";
        let (found, _) = quotes_of(text);
        assert_eq!(found, ["\"this will pass in time.\""]);
    }
}
