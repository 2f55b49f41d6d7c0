//! Which person (or registry entry) a name stands for when it could stand
//! for several: `Kim` after Kim Jong Un and Kim Yo Jong, or an alias that
//! several registry entries share.
//!
//! A careful annotator links such a name only when the article leaves no
//! doubt, so the rule is:
//! 1. one candidate only: it;
//! 2. exactly one candidate named before the mention: it (`Kim Jong Un
//!    inspected … Kim said`, with Kim Yo Jong only named later);
//! 3. none named before: the only one named anywhere in the article, if
//!    there is just one;
//! 4. several named before: the one named in the mention's context, if only
//!    one is: the paragraph so far, and when the mention is in the first
//!    sentence of its paragraph, also the last sentence of the paragraph
//!    before (`Kim Yo Jong warned … ¶ Kim said`);
//! 5. otherwise nobody: the mention lists its candidates and the checker
//!    asks for the full name.
//!
//! A short mention that is linked counts as a mention of its referent for
//! the mentions after it, so a paragraph that goes on about one Kim stays
//! linked.

use crate::span::Span;
use crate::text::tokens::is_prefix_abbreviation;
use rustc_hash::FxHashMap;
use std::borrow::Cow;

/// Who a mention refers to: a registry entry, or a full name the article
/// uses (when no registry entry knows the person).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) enum Referent<'a> {
    Entry(usize),
    Name(Cow<'a, str>),
}

/// Where the article names each referent (byte starts, sorted).
///
/// Names in full and decided short names are kept in two lists per
/// referent: both only ever grow at their end in practice (full names are
/// added in text order, then short names as they are decided, in text
/// order), so adding is O(1), where one merged list took a move of every
/// later full name per decided short name: quadratic in the article.
#[derive(Debug, Default)]
pub(super) struct Mentions<'a> {
    by_referent: FxHashMap<Referent<'a>, [Vec<usize>; 2]>,
}

impl<'a> Mentions<'a> {
    /// A mention by full name (or a registry name no context decides).
    pub fn add(&mut self, referent: Referent<'a>, pos: usize) {
        Self::insert(&mut self.by_referent.entry(referent).or_default()[0], pos);
    }

    /// A short name decided to stand for `referent`.
    pub fn add_decided(&mut self, referent: Referent<'a>, pos: usize) {
        Self::insert(&mut self.by_referent.entry(referent).or_default()[1], pos);
    }

    fn insert(list: &mut Vec<usize>, pos: usize) {
        if list.last().is_none_or(|&last| last < pos) {
            list.push(pos);
            return;
        }
        let at = list.partition_point(|&p| p < pos);
        if list.get(at) != Some(&pos) {
            list.insert(at, pos);
        }
    }

    fn lists(&self, referent: &Referent<'a>) -> &[Vec<usize>] {
        self.by_referent.get(referent).map_or(&[], |lists| lists.as_slice())
    }

    /// Whether `referent` is named in `[from, to)`.
    fn named_in(&self, referent: &Referent<'a>, from: usize, to: usize) -> bool {
        self.lists(referent).iter().any(|list| {
            let i = list.partition_point(|&p| p < from);
            list.get(i).is_some_and(|&p| p < to)
        })
    }

    fn first(&self, referent: &Referent<'a>) -> Option<usize> {
        self.lists(referent).iter().filter_map(|list| list.first().copied()).min()
    }
}

#[derive(Debug, PartialEq, Eq)]
pub(super) enum Decision<'a> {
    Link(Referent<'a>),
    /// The candidates a reader cannot choose between, in the order the
    /// article introduces them.
    Ambiguous(Vec<Referent<'a>>),
}

/// Decides what a mention at byte `pos` refers to among `candidates`
/// (distinct; registry entries the article never names may be among them).
/// `context_start` gives where the mention's context begins (see
/// [`context_start`]), asked only when two candidates were named before.
pub(super) fn decide<'a>(
    mut candidates: Vec<Referent<'a>>,
    pos: usize,
    context_start: impl FnOnce() -> usize,
    mentions: &Mentions<'a>,
) -> Decision<'a> {
    // The order the article introduces them, unnamed ones last (stable, so
    // in registry order).
    candidates.sort_by_key(|c| mentions.first(c).unwrap_or(usize::MAX));
    if let [only] = candidates.as_slice() {
        return Decision::Link(only.clone());
    }
    let before: Vec<Referent<'a>> = candidates.iter().filter(|c| mentions.named_in(c, 0, pos)).cloned().collect();
    if let [only] = before.as_slice() {
        return Decision::Link(only.clone());
    }
    if before.is_empty() {
        let named: Vec<Referent<'a>> = candidates.iter().filter(|c| mentions.first(c).is_some()).cloned().collect();
        return match named.as_slice() {
            [only] => Decision::Link(only.clone()),
            [] => Decision::Ambiguous(candidates),
            _ => Decision::Ambiguous(named),
        };
    }
    let from = context_start();
    let in_context: Vec<&Referent<'a>> = before.iter().filter(|c| mentions.named_in(c, from, pos)).collect();
    match in_context.as_slice() {
        [only] => Decision::Link((*only).clone()),
        _ => Decision::Ambiguous(before),
    }
}

/// Where the context that decides an ambiguous mention at `pos` begins: the
/// start of its paragraph, or, when the mention is in the paragraph's first
/// sentence, the start of the previous paragraph's last sentence.
/// `paragraphs` are the article's content paragraphs in text order; `starts`
/// keeps each paragraph's sentence starts once found, so this is a binary
/// search, not a scan of the paragraph per mention (a one-line article of
/// many mentions stays linear).
pub(super) fn context_start(text: &str, paragraphs: &[Span], pos: usize, starts: &mut SentenceStarts) -> usize {
    let p = paragraphs.partition_point(|p| p.end <= pos);
    let Some(paragraph) = paragraphs.get(p).filter(|para| para.start <= pos) else { return pos };
    // Up to the mention's first letter, which shows a sentence starts there.
    let first_letter = text.get(pos..).and_then(|r| r.chars().next()).map_or(0, char::len_utf8);
    if starts.of(text, paragraphs, p).first().is_some_and(|&start| start < pos + first_letter) {
        return paragraph.start;
    }
    match p.checked_sub(1).and_then(|q| paragraphs.get(q).map(|previous| (q, previous))) {
        Some((q, previous)) => starts.of(text, paragraphs, q).last().copied().unwrap_or(previous.start),
        None => paragraph.start,
    }
}

/// The sentence starts (byte offsets in the text) of the paragraphs asked
/// about so far. A paragraph's starts are those of [`sentence_starts`] on its
/// text: a start needs a letter after it, so the same as on any prefix that
/// holds that letter, or on the paragraph with its trailing space trimmed.
#[derive(Default)]
pub(super) struct SentenceStarts {
    by_paragraph: FxHashMap<usize, Vec<usize>>,
}

impl SentenceStarts {
    fn of(&mut self, text: &str, paragraphs: &[Span], p: usize) -> &[usize] {
        self.by_paragraph.entry(p).or_insert_with(|| {
            let paragraph = paragraphs[p];
            sentence_starts(paragraph.slice(text)).into_iter().map(|start| paragraph.start + start).collect()
        })
    }
}

#[cfg(test)]
fn last_sentence_start(s: &str) -> Option<usize> {
    sentence_starts(s).last().copied()
}

/// The byte offsets in `s` where a sentence other than the first starts:
/// after a `.`, `!` or `?` (and any closing quotes or brackets)
/// followed by a space and a capital, an opening quote or a digit. A period
/// after a title abbreviation (`Mr.`) or an initial (`George W.`) ends no
/// sentence.
fn sentence_starts(s: &str) -> Vec<usize> {
    let bytes = s.as_bytes();
    let mut starts = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        i += 1;
        if !matches!(b, b'.' | b'!' | b'?') {
            continue;
        }
        let end_of_stop = i;
        // Closing quotes and brackets belong to the sentence that ends.
        let mut j = i;
        while let Some(c) = s.get(j..).and_then(|r| r.chars().next()) {
            if matches!(c, '"' | '\'' | '”' | '’' | ')' | ']') {
                j += c.len_utf8();
            } else {
                break;
            }
        }
        let after_space = s.get(j..).map(|r| r.trim_start_matches([' ', '\t', '\n', '\r']));
        let Some(rest) = after_space else { continue };
        if rest.len() == s.len() - j {
            continue; // no space after the stop
        }
        let starts_sentence = rest
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || matches!(c, '"' | '“' | '‘' | '\''));
        if !starts_sentence {
            continue;
        }
        if b == b'.' {
            let before_stop = s.get(..end_of_stop - 1).unwrap_or("");
            let word_start =
                before_stop.char_indices().rfind(|(_, c)| c.is_whitespace()).map_or(0, |(k, c)| k + c.len_utf8());
            let word = s.get(word_start..end_of_stop).unwrap_or("");
            let initial = word.len() == 2 && word.as_bytes()[0].is_ascii_uppercase();
            if initial || is_prefix_abbreviation(word) {
                continue;
            }
        }
        starts.push(s.len() - rest.len());
    }
    starts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(n: &str) -> Referent<'_> {
        Referent::Name(Cow::Borrowed(n))
    }

    #[test]
    fn sentences_end_at_stops_but_not_after_titles_or_initials() {
        assert_eq!(last_sentence_start("One thing. Another"), Some(11));
        assert_eq!(last_sentence_start("He met Mr. Lee and George W. Bush there"), None);
        assert_eq!(last_sentence_start("\"It is over,\" he said. \"Not yet.\" Then"), Some(34));
        assert_eq!(last_sentence_start("Shares rose 3.5 percent"), None);
        assert_eq!(last_sentence_start("조태용. Kim"), Some(11));
        assert_eq!(last_sentence_start("at\u{a0}Mr. Lee\u{3000}Gen. Park. Then"), Some(25));
        assert_eq!(last_sentence_start("\u{a0}.\u{3000}. A"), Some(8));
    }

    #[test]
    fn context_reaches_back_one_sentence_from_a_paragraph_start() {
        let text = "Kim Yo Jong spoke. Kim Jong Un left.\n\nKim said no. Then Kim added more.";
        let first = Span::new(0, 36);
        let second = Span::new(38, text.len());
        let paragraphs = [first, second];
        let kim_said = 38;
        assert_eq!(
            context_start(text, &paragraphs, kim_said, &mut SentenceStarts::default()),
            19,
            "the previous paragraph's last sentence"
        );
        let kim_added = text.rfind("Kim").unwrap_or(0);
        assert_eq!(
            context_start(text, &paragraphs, kim_added, &mut SentenceStarts::default()),
            38,
            "the paragraph so far"
        );
    }

    #[test]
    fn one_candidate_named_before_decides() {
        let mut mentions = Mentions::default();
        mentions.add(name("Kim Jong Un"), 10);
        mentions.add(name("Kim Yo Jong"), 500);
        let decision = decide(vec![name("Kim Yo Jong"), name("Kim Jong Un")], 100, || 90, &mentions);
        assert_eq!(decision, Decision::Link(name("Kim Jong Un")));
    }

    #[test]
    fn two_named_before_need_the_context_to_decide() {
        let mut mentions = Mentions::default();
        mentions.add(name("Kim Jong Un"), 10);
        mentions.add(name("Kim Yo Jong"), 50);
        let both = || vec![name("Kim Jong Un"), name("Kim Yo Jong")];
        let decision = decide(both(), 100, || 90, &mentions);
        assert_eq!(decision, Decision::Ambiguous(both()), "nothing in the context");
        let decision = decide(both(), 100, || 40, &mentions);
        assert_eq!(decision, Decision::Link(name("Kim Yo Jong")), "only Kim Yo Jong in the context");
        let decision = decide(both(), 100, || 0, &mentions);
        assert_eq!(decision, Decision::Ambiguous(both()), "both in the context");
    }

    #[test]
    fn unnamed_registry_candidates_stay_ambiguous_and_come_last() {
        let mentions = Mentions::default();
        let decision = decide(vec![Referent::Entry(4), Referent::Entry(2)], 100, || 0, &mentions);
        assert_eq!(decision, Decision::Ambiguous(vec![Referent::Entry(4), Referent::Entry(2)]));
        let mut mentions = Mentions::default();
        mentions.add(Referent::Entry(2), 300);
        let decision = decide(vec![Referent::Entry(4), Referent::Entry(2)], 100, || 0, &mentions);
        assert_eq!(decision, Decision::Link(Referent::Entry(2)), "the only one the article names");
    }
}
