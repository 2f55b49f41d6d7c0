//! An article's layout: front matter, paragraphs, scraping debris and the
//! publication date that relative dates resolve against; and its tokens,
//! the text layer every detector reads.

use crate::calendar::CivilDate;
use crate::span::Span;
use crate::text::Tokens;
use regex::Regex;
use rustc_hash::{FxHashMap, FxHasher};
use serde::Serialize;
use std::sync::LazyLock;

/// Metadata from a front matter block (`---` lines around `key: value` lines).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Metadata {
    /// The whole block, fences included; `None` when the article has none.
    pub front_matter: Option<Span>,
    pub title: Option<String>,
    pub date: Option<String>,
    pub source: Option<String>,
    pub url: Option<String>,
    /// Front matter lines that are not `key: value`, or whose `date` does not
    /// parse: (line span, what was expected).
    pub errors: Vec<(Span, String)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DateSource {
    /// Given by the caller (an eval file's `dct`, a corpus's metadata).
    Given,
    FrontMatter,
    /// Read off the article's dateline or posting line.
    Dateline,
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct PublicationDate {
    pub date: CivilDate,
    pub source: DateSource,
    /// Where in the text the date was read, when it was read from the text.
    pub span: Option<Span>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum DebrisKind {
    /// Site navigation or a call to action (`Leave a comment`, `Send Feedback`).
    Boilerplate,
    /// The same paragraph as an earlier one, word for word.
    DuplicateParagraph { first: Span },
}

#[derive(Debug, Clone, Serialize)]
pub struct Paragraph {
    /// The paragraph's text without surrounding white space.
    pub span: Span,
    pub debris: Option<DebrisKind>,
}

/// An article's text with its layout worked out; what every detector reads.
#[derive(Debug, Clone)]
pub struct Article<'a> {
    pub text: &'a str,
    pub metadata: Metadata,
    /// Everything after the front matter.
    pub body: Span,
    pub paragraphs: Vec<Paragraph>,
    pub publication_date: Option<PublicationDate>,
    /// The tokens of the content paragraphs, which every detector reads
    /// (see [`crate::text`]).
    pub tokens: Tokens,
}

impl<'a> Article<'a> {
    /// Paragraphs that are article text, not debris.
    pub fn content_paragraphs(&self) -> impl Iterator<Item = &Paragraph> + '_ {
        self.paragraphs.iter().filter(|p| p.debris.is_none())
    }

    /// The text of a span of this article.
    pub fn slice(&self, span: Span) -> &'a str {
        span.slice(self.text)
    }

    /// The index of the paragraph containing `offset`, if any.
    pub fn paragraph_at(&self, offset: usize) -> Option<usize> {
        let i = self.paragraphs.partition_point(|p| p.span.end <= offset);
        (i < self.paragraphs.len() && self.paragraphs[i].span.start <= offset).then_some(i)
    }
}

pub fn parse(text: &str, given_date: Option<CivilDate>) -> Article<'_> {
    let (metadata, body) = parse_front_matter(text);
    let mut paragraphs = split_paragraphs(text, body);
    mark_debris(text, &mut paragraphs);
    let publication_date = match given_date {
        Some(date) => Some(PublicationDate { date, source: DateSource::Given, span: None }),
        None => metadata
            .date
            .as_deref()
            .and_then(|d| parse_full_date(d.trim()))
            .map(|date| PublicationDate { date, source: DateSource::FrontMatter, span: None })
            .or_else(|| dateline_date(text, &paragraphs)),
    };
    // Tokenised once here; the detectors read these tokens.
    let tokens = Tokens::of_paragraphs(text, paragraphs.iter().filter(|p| p.debris.is_none()).map(|p| p.span));
    Article { text, metadata, body, paragraphs, publication_date, tokens }
}

fn line_spans(text: &str, within: Span) -> impl Iterator<Item = Span> + '_ {
    // Only \n, \r\n and \r end lines, as in LSP.
    let bytes = text.as_bytes();
    let mut pos = within.start;
    std::iter::from_fn(move || {
        if pos >= within.end {
            return None;
        }
        let start = pos;
        // Every byte of every article passes here: memchr looks at a vector
        // register's worth of bytes per step instead of one.
        let end = bytes
            .get(start..within.end)
            .and_then(|rest| memchr::memchr2(b'\n', b'\r', rest))
            .map_or(within.end, |k| start + k);
        pos = end;
        if pos < within.end && bytes[pos] == b'\r' {
            pos += 1;
        }
        if pos < within.end && bytes[pos] == b'\n' {
            pos += 1;
        }
        if pos == start {
            pos += 1;
        }
        Some(Span::new(start, end))
    })
}

fn parse_front_matter(text: &str) -> (Metadata, Span) {
    let mut metadata = Metadata::default();
    let whole = Span::new(0, text.len());
    let content_start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut lines = line_spans(text, Span::new(content_start, text.len()));
    match lines.next() {
        Some(first) if first.slice(text).trim_end() == "---" => {}
        _ => return (metadata, whole),
    }
    let mut fields: Vec<(Span, &str, &str)> = Vec::new();
    let mut bad_lines = Vec::new();
    for line in lines {
        let s = line.slice(text);
        if s.trim_end() == "---" {
            let mut end = line.end;
            let bytes = text.as_bytes();
            if end < text.len() && bytes[end] == b'\r' {
                end += 1;
            }
            if end < text.len() && bytes[end] == b'\n' {
                end += 1;
            }
            for (span, key, value) in fields {
                let value = value.trim().trim_matches('"').to_string();
                match key.trim().to_ascii_lowercase().as_str() {
                    "title" => metadata.title = Some(value),
                    "date" => {
                        if parse_full_date(&value).is_none() {
                            metadata.errors.push((span, format!("a date such as 2023-01-31, found `{value}`")));
                        }
                        metadata.date = Some(value);
                    }
                    "source" => metadata.source = Some(value),
                    "url" => metadata.url = Some(value),
                    _ => {}
                }
            }
            for span in bad_lines {
                metadata.errors.push((span, "a `key: value` line".to_string()));
            }
            metadata.front_matter = Some(Span::new(0, line.end));
            return (metadata, Span::new(end, text.len()));
        }
        if s.trim().is_empty() || s.trim_start().starts_with('#') {
            continue;
        }
        match s.split_once(':') {
            Some((key, value)) if !key.trim().is_empty() && !key.contains(' ') => fields.push((line, key, value)),
            _ => bad_lines.push(line),
        }
        if fields.len() + bad_lines.len() > 64 {
            break;
        }
    }
    // No closing fence: this is not front matter, just a line of dashes.
    (Metadata::default(), whole)
}

fn split_paragraphs(text: &str, body: Span) -> Vec<Paragraph> {
    let mut paragraphs = Vec::new();
    // The lines of the current block (lines between blank lines), reused for
    // every block rather than allocated per block.
    let mut block: Vec<Span> = Vec::new();
    for line in line_spans(text, body) {
        let s = line.slice(text);
        if s.trim().is_empty() {
            close_block(text, &mut block, &mut paragraphs);
        } else {
            block.push(trim_span(text, line));
        }
    }
    close_block(text, &mut block, &mut paragraphs);
    paragraphs
}

/// Turns a finished block of lines into one paragraph or one per line, and
/// empties it.
fn close_block(text: &str, block: &mut Vec<Span>, paragraphs: &mut Vec<Paragraph>) {
    if block.is_empty() {
        return;
    }
    if is_hard_wrapped(text, block) {
        let span = Span::new(block[0].start, block[block.len() - 1].end);
        paragraphs.push(Paragraph { span, debris: None });
    } else {
        paragraphs.extend(block.iter().map(|&span| Paragraph { span, debris: None }));
    }
    block.clear();
}

/// A block of lines is one paragraph wrapped at a fixed width when every line
/// but the last is long and the lines continue each other's sentences (the
/// next line starts in lower case after a line with no closing punctuation);
/// otherwise each line is a paragraph of its own, as in wire copy that has
/// no blank lines.
fn is_hard_wrapped(text: &str, block: &[Span]) -> bool {
    if block.len() < 2 {
        return false;
    }
    let body = &block[..block.len() - 1];
    let widths = body.iter().map(|l| l.slice(text).chars().count());
    let (min, max) = widths.fold((usize::MAX, 0), |(min, max), w| (min.min(w), max.max(w)));
    let continuations = block
        .windows(2)
        .filter(|pair| {
            let ends_open = !pair[0].slice(text).trim_end().ends_with(['.', '!', '?', '"', '”', ':', '\'']);
            let next_lower = pair[1].slice(text).chars().next().is_some_and(|c| c.is_lowercase() || c.is_ascii_digit());
            ends_open && next_lower
        })
        .count();
    min >= 40 && max <= 120 && max - min <= 30 && continuations * 2 >= body.len()
}

fn trim_span(text: &str, span: Span) -> Span {
    let s = span.slice(text);
    let start = span.start + (s.len() - s.trim_start().len());
    let end = span.end - (s.len() - s.trim_end().len());
    Span::new(start, end.max(start))
}

/// Lines that sites wrap around articles: navigation, calls to action,
/// sharing widgets. Compared in lower case against a whole paragraph.
const BOILERPLATE_PHRASES: &[&str] = &[
    "go to contents",
    "go to navigation",
    "leave a comment",
    "send feedback",
    "most viewed",
    "most viewed more",
    "most liked",
    "most saved",
    "most read",
    "most popular",
    "issue keywords",
    "how can we improve?",
    "thanks for your feedback!",
    "share this article",
    "share this",
    "share",
    "advertisement",
    "subscribe",
    "subscribe now",
    "sign up",
    "log in",
    "read more",
    "related articles",
    "related stories",
    "related",
    "print",
    "email",
    "comments",
    "skip to main content",
    "skip to content",
    "back to top",
    "click here",
    "follow us",
    "all rights reserved",
    "story continues below advertisement",
    "story continues below",
    "article continues below advertisement",
    "article continues below",
];

/// Labels that open a link to another story or a video (`READ MORE: …`,
/// `WATCH: …`): the whole line is the site's, not the article's.
const BOILERPLATE_LABELS: &[&str] = &["read more:", "watch:", "related:", "listen:", "more:", "also read:", "read:"];

/// Navigation and call-to-action lines are short; anything longer is text.
const MAX_BOILERPLATE_BYTES: usize = 120;

fn is_boilerplate_line(s: &str) -> bool {
    if s.len() > MAX_BOILERPLATE_BYTES {
        return false;
    }
    let lower = s.trim().to_lowercase();
    let lower = lower.trim_end_matches(['.', ':']);
    if BOILERPLATE_PHRASES.contains(&lower) || ["copyright ", "(c) ", "© "].iter().any(|p| lower.starts_with(p)) {
        return true;
    }
    let labelled = s.trim_start().to_lowercase();
    if BOILERPLATE_LABELS.iter().any(|label| labelled.starts_with(label)) {
        return true;
    }
    // Navigation bars run several links together: `Go to Contents Go to Navigation`.
    let mut rest = lower;
    let mut matched = 0;
    'outer: while !rest.is_empty() {
        let first = rest.as_bytes().first();
        // Comparing first bytes rules out most phrases without a memcmp call.
        for phrase in BOILERPLATE_PHRASES.iter().filter(|p| p.len() > 5 && p.as_bytes().first() == first) {
            if let Some(r) = rest.strip_prefix(phrase) {
                rest = r.trim_start_matches([' ', '|', '·', '•', '-']);
                matched += 1;
                continue 'outer;
            }
        }
        return false;
    }
    matched >= 1
}

fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

fn mark_debris(text: &str, paragraphs: &mut [Paragraph]) {
    for p in paragraphs.iter_mut() {
        if is_boilerplate_line(p.span.slice(text)) {
            p.debris = Some(DebrisKind::Boilerplate);
        }
    }
    // A site menu at the end: a run of short lines without sentence punctuation
    // that contains at least one known navigation phrase.
    let is_menu_line = |s: &str| word_count(s) <= 5 && !s.trim_end().ends_with(['.', '"', '”']);
    let mut run_start = paragraphs.len();
    while run_start > 0 && is_menu_line(paragraphs[run_start - 1].span.slice(text)) {
        run_start -= 1;
    }
    let tail = &mut paragraphs[run_start..];
    if tail.len() >= 3 && tail.iter().any(|p| p.debris.is_some()) {
        for p in tail {
            p.debris = Some(DebrisKind::Boilerplate);
        }
    }
    // Keyed by a hash of the words so no paragraph is copied; equal hashes are
    // confirmed word by word.
    let mut seen: FxHashMap<u64, Vec<Span>> = FxHashMap::default();
    for p in paragraphs.iter_mut().filter(|p| p.debris.is_none()) {
        let s = p.span.slice(text);
        let (words, key) = count_and_hash_words(s);
        if words < 5 {
            continue;
        }
        let candidates = seen.entry(key).or_default();
        match candidates.iter().find(|first| first.slice(text).split_whitespace().eq(s.split_whitespace())) {
            Some(first) => p.debris = Some(DebrisKind::DuplicateParagraph { first: *first }),
            None => candidates.push(p.span),
        }
    }
}

/// How many words a paragraph has and a hash of them, in one walk over its
/// text (every paragraph is looked at, so walking it twice showed up in
/// profiles). The hash only picks candidates; equality is checked word by word.
fn count_and_hash_words(s: &str) -> (usize, u64) {
    use std::hash::{Hash, Hasher};
    let mut hasher = FxHasher::default();
    let mut count = 0;
    for word in s.split_whitespace() {
        word.hash(&mut hasher);
        count += 1;
    }
    (count, hasher.finish())
}

// Month names come from the lexicon's calendar list.
pub use crate::text::lexicon::month_number;

static FULL_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        \b(?P<month>[A-Z][a-z]{2,8}\.?)\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})\b
        | \b(?P<day2>\d{1,2})(?:st|nd|rd|th)?\s+(?P<month2>[A-Z][a-z]{2,8}\.?),?\s+(?P<year2>\d{4})\b
        | \b(?P<iy>\d{4})-(?P<im>\d{2})-(?P<id>\d{2})\b",
    )
    .expect("full date pattern")
});

/// `January 31st, 2012`, `31 January 2012`, `2012-01-31`: the first full
/// date in `s` with its byte range.
fn find_full_date(s: &str) -> Option<(CivilDate, std::ops::Range<usize>)> {
    for caps in FULL_DATE.captures_iter(s) {
        let whole = caps.get(0)?.range();
        let date = if let (Some(y), Some(m), Some(d)) = (caps.name("iy"), caps.name("im"), caps.name("id")) {
            CivilDate::new(y.as_str().parse().ok()?, m.as_str().parse().ok()?, d.as_str().parse().ok()?)
        } else {
            let month = caps.name("month").or(caps.name("month2"))?;
            let day = caps.name("day").or(caps.name("day2"))?;
            let year = caps.name("year").or(caps.name("year2"))?;
            month_number(month.as_str())
                .and_then(|m| CivilDate::new(year.as_str().parse().ok()?, m, day.as_str().parse().ok()?))
        };
        if let Some(date) = date {
            return Some((date, whole));
        }
    }
    None
}

pub fn parse_full_date(s: &str) -> Option<CivilDate> {
    find_full_date(s).map(|(d, _)| d)
}

static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    // `WASHINGTON, Jan. 31 (Yonhap) --`: a place in capitals, a month and day.
    Regex::new(r"^[\p{Lu}][\p{Lu} .'-]+(?:,\s*[\p{L} .]+)?,\s+(?P<month>[A-Z][a-z]{2,8}\.?)\s+(?P<day>\d{1,2})\b")
        .expect("dateline pattern")
});

/// How far into the article a dateline or posting line may stand: a few
/// short lines of site furniture and a headline, then the lead paragraph.
const HEAD_PARAGRAPHS: usize = 8;
const HEAD_BYTES: usize = 1_500;

fn dateline_date(text: &str, paragraphs: &[Paragraph]) -> Option<PublicationDate> {
    let head_end = paragraphs.first().map_or(0, |p| p.span.start) + HEAD_BYTES;
    let head: Vec<&Paragraph> =
        paragraphs.iter().take(HEAD_PARAGRAPHS).take_while(|p| p.span.start < head_end).collect();
    let full = head.iter().find_map(|p| {
        let s = p.span.slice(text);
        find_full_date(s).map(|(date, r)| (date, Span::new(p.span.start + r.start, p.span.start + r.end)))
    });
    // A dateline gives the day the story was filed where it happened; it wins
    // over a posting time stamped in another time zone, taking its year from the
    // nearest full date.
    for p in &head {
        let s = p.span.slice(text);
        let Some(caps) = DATELINE.captures(s) else { continue };
        let (Some(month), Some(day)) = (caps.name("month"), caps.name("day")) else { continue };
        let (Some(month_n), Ok(day_n)) = (month_number(month.as_str()), day.as_str().parse::<u32>()) else {
            continue;
        };
        let span = Span::new(p.span.start + month.start(), p.span.start + day.end());
        let year = match full {
            Some((date, _)) => [date.year - 1, date.year, date.year + 1]
                .into_iter()
                .filter_map(|y| CivilDate::new(y, month_n, day_n))
                .min_by_key(|d| (d.days_since_epoch() - date.days_since_epoch()).abs())
                .map(|d| d.year),
            None => None,
        };
        if let Some(date) = year.and_then(|y| CivilDate::new(y, month_n, day_n)) {
            return Some(PublicationDate { date, source: DateSource::Dateline, span: Some(span) });
        }
    }
    full.map(|(date, span)| PublicationDate { date, source: DateSource::Dateline, span: Some(span) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_sets_metadata_and_body() {
        let text = "---\ntitle: Envoy urges talks\ndate: 2012-01-31\nsource: VOA\n---\nBody text here.\n";
        let article = parse(text, None);
        assert_eq!(article.metadata.title.as_deref(), Some("Envoy urges talks"));
        assert_eq!(article.metadata.source.as_deref(), Some("VOA"));
        assert_eq!(article.body.slice(text), "Body text here.\n");
        let date = article.publication_date.unwrap();
        assert_eq!((date.date.to_string(), date.source), ("2012-01-31".to_string(), DateSource::FrontMatter));
        assert_eq!(article.paragraphs.len(), 1);
    }

    #[test]
    fn unclosed_front_matter_is_ordinary_text() {
        let text = "---\ntitle: x\nno closing fence\n";
        let article = parse(text, None);
        assert!(article.metadata.front_matter.is_none());
        assert_eq!(article.body, Span::new(0, text.len()));
    }

    #[test]
    fn bad_front_matter_date_is_reported() {
        let article = parse("---\ndate: last Tuesday\n---\nText.\n", None);
        assert_eq!(article.metadata.errors.len(), 1);
        assert!(article.publication_date.is_none());
    }

    #[test]
    fn posting_line_gives_the_date() {
        let text = "Headline\n\nPosted January 31st, 2012 at 4:20 pm (UTC-5)\nLeave a comment\n\nBody.";
        let date = parse(text, None).publication_date.unwrap();
        assert_eq!(date.date.to_string(), "2012-01-31");
        assert_eq!(date.span.unwrap().slice(text), "January 31st, 2012");
    }

    #[test]
    fn dateline_wins_and_takes_the_year_of_the_nearby_date() {
        let text = "All News 02:35 January 01, 2024\n\nSEOUL, Dec. 31 (Yonhap) -- Officials said Sunday.";
        let date = parse(text, None).publication_date.unwrap();
        assert_eq!(date.date.to_string(), "2023-12-31");
        assert_eq!(date.span.unwrap().slice(text), "Dec. 31");
    }

    #[test]
    fn given_date_wins() {
        let date = CivilDate::new(1998, 1, 8);
        let article = parse("---\ndate: 2012-01-31\n---\nx", date);
        assert_eq!(article.publication_date.unwrap().source, DateSource::Given);
    }

    #[test]
    fn paragraphs_split_on_blank_lines_and_on_unwrapped_lines() {
        let text = "Title line\nFirst sentence here.\nSecond line.\n\n\r\nThird.";
        let article = parse(text, None);
        let got: Vec<&str> = article.paragraphs.iter().map(|p| p.span.slice(text)).collect();
        assert_eq!(got, ["Title line", "First sentence here.", "Second line.", "Third."]);
    }

    #[test]
    fn posting_line_and_call_to_action_stay_apart() {
        let text = "Posted January 31st, 2012 at 4:20 pm (UTC-5)\nLeave a comment\n\nBody.";
        let article = parse(text, None);
        assert_eq!(article.paragraphs.len(), 3);
        assert_eq!(article.paragraphs[1].debris, Some(DebrisKind::Boilerplate));
    }

    #[test]
    fn hard_wrapped_block_is_one_paragraph() {
        let text = "The minister said on Tuesday that the talks would resume\nnext month in Geneva after a pause of almost two years\nof silence.";
        let article = parse(text, None);
        assert_eq!(article.paragraphs.len(), 1);
        assert_eq!(article.paragraphs[0].span, Span::new(0, text.len()));
    }

    #[test]
    fn navigation_menu_and_repeated_caption_are_debris() {
        let text = "Go to Contents Go to Navigation\n\nA photo shows the ambassador speaking to reporters.\n\nBody text.\n\nA photo shows the ambassador speaking to reporters.\n\nIssue Keywords\nMost Liked\nMost Viewed More\nSend Feedback";
        let article = parse(text, None);
        let kinds: Vec<_> = article.paragraphs.iter().map(|p| p.debris).collect();
        assert_eq!(kinds[0], Some(DebrisKind::Boilerplate));
        assert_eq!(kinds[1], None);
        assert_eq!(kinds[2], None);
        assert!(
            matches!(kinds[3], Some(DebrisKind::DuplicateParagraph { first }) if first == article.paragraphs[1].span)
        );
        assert!(kinds[4..].iter().all(|k| *k == Some(DebrisKind::Boilerplate)));
    }

    #[test]
    fn copyright_lines_are_boilerplate() {
        assert!(is_boilerplate_line("Copyright 2023 Example News Agency. All rights reserved."));
        assert!(is_boilerplate_line("© 2024 The Daily Example"));
        assert!(!is_boilerplate_line("Copyrights are a matter for the courts, the minister said."));
    }

    #[test]
    fn short_article_text_is_not_menu() {
        let text = "Talks resume\n\nOfficials met on Monday.\n\nMore talks are planned.";
        assert!(parse(text, None).paragraphs.iter().all(|p| p.debris.is_none()));
    }
}
