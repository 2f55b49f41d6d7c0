//! Reported speech: statements the article attributes without quotation
//! marks, found from their attribution.
//!
//! Each sentence of the article's content (outside direct quotations) is read
//! for a reporting cue and the shape around it:
//! - `X said (that) CLAUSE`, `X told Y (that) CLAUSE`, `X said on Tuesday
//!   CLAUSE`, `the ministry said in a statement CLAUSE`;
//! - `CLAUSE, X said (Tuesday).`, `CLAUSE, said X, the ambassador.`;
//! - `according to X, CLAUSE` and `CLAUSE, according to X.`;
//! - a participle that continues the sentence, `…, saying CLAUSE`, whose
//!   speaker is the subject of the main clause.
//!
//! The content is the reported clause (without `that`), to the end of its
//! sentence or up to the attribution. A partial quotation inside it (`said the
//! plan was "a dead end."`) makes the whole clause one mixed quote. Not
//! speech: `the so-called`, `X is said to be`, `the said company`, `declined
//! to comment`, `did not say whether`, a cue with no clause after it.

mod words;

use super::lexicon::{self, CueStrength};
use super::names::Mention;
use super::{Found, Scene};
use crate::quotes::{Quote, QuoteKind, QuoteStyle};
use crate::span::Span;
use words::{
    is_adverbial_head, is_be, is_verb_sign, opens_adverbial, opens_non_statement, takes_bare_clause, takes_object,
};

/// A reported statement and the attribution it was found from.
pub(super) struct Reported {
    pub quote: Quote,
    pub found: Found,
}

/// What [`find`] returns: the reported quotes, in text order, and the
/// indices of the partial quotes that became part of one (mixed speech).
pub(super) struct Detection {
    pub reported: Vec<Reported>,
    pub absorbed: Vec<usize>,
}

const NO_QUOTE: u32 = u32::MAX;

/// A reported clause has at least this many words.
const MIN_WORDS: usize = 3;

impl Scene<'_> {
    fn lower(&self, i: usize) -> String {
        self.word(i).to_lowercase()
    }
}

struct Reader<'s, 'a> {
    scene: &'s Scene<'a>,
    quotes: &'s [Quote],
    /// Parallel to the scene's tokens: the quote each is inside, or NO_QUOTE.
    owner: Vec<u32>,
}

/// Finds reported speech in the scene, given its quotes (in text order).
pub(super) fn find(scene: &Scene, quotes: &[Quote]) -> Detection {
    let mut owner = vec![NO_QUOTE; scene.tokens.len()];
    for (qi, q) in quotes.iter().enumerate() {
        let first = scene.token_at(q.span.start);
        for (k, slot) in owner.iter_mut().enumerate().skip(first) {
            if scene.tokens[k].start >= q.span.end {
                break;
            }
            *slot = qi as u32;
        }
    }
    let reader = Reader { scene, quotes, owner };
    let mut detection = Detection { reported: Vec::new(), absorbed: Vec::new() };
    for block in &scene.blocks {
        for (s, e) in reader.sentences(block.tokens.clone()) {
            reader.sentence(s, e, &mut detection);
        }
    }
    detection.absorbed.sort_unstable();
    detection.absorbed.dedup();
    detection
}

impl Reader<'_, '_> {
    fn quote_of(&self, i: usize) -> Option<&Quote> {
        let q = *self.owner.get(i)?;
        (q != NO_QUOTE).then(|| &self.quotes[q as usize])
    }

    fn in_direct(&self, i: usize) -> bool {
        self.quote_of(i).is_some_and(|q| q.kind == QuoteKind::Direct)
    }

    fn quoted(&self, i: usize) -> bool {
        self.owner.get(i).is_some_and(|&q| q != NO_QUOTE)
    }

    /// The block's sentences as token ranges. A sentence end inside a
    /// quotation counts only where the quotation closes with it and a new
    /// sentence follows.
    fn sentences(&self, tokens: std::ops::Range<usize>) -> Vec<(usize, usize)> {
        let scene = self.scene;
        let mut out = Vec::new();
        let mut start = tokens.start;
        let mut i = tokens.start;
        while i < tokens.end {
            let t = scene.tokens[i];
            if t.ends_sentence() {
                let mut end = i + 1;
                let boundary = match self.quote_of(i) {
                    None => true,
                    Some(q) => {
                        // `…"a dead end." Then …`: the closing mark goes with it.
                        while end < tokens.end
                            && scene.tokens[end].is_quote_mark()
                            && scene.tokens[end].start < q.span.end
                        {
                            end += 1;
                        }
                        let closes = end == tokens.end || scene.tokens[end].start >= q.span.end;
                        let next_starts = end >= tokens.end
                            || scene.tokens[end].is_quote_mark()
                            || scene.word(end).starts_with(char::is_uppercase);
                        closes && next_starts
                    }
                };
                if boundary {
                    out.push((start, end));
                    start = end;
                    i = end;
                    continue;
                }
            }
            i += 1;
        }
        if start < tokens.end {
            out.push((start, tokens.end));
        }
        out
    }

    fn sentence(&self, s: usize, e: usize, detection: &mut Detection) {
        let scene = self.scene;
        let mut c = s;
        // The end of the last clause found: clauses do not overlap.
        let mut taken = s;
        while c < e {
            if self.quoted(c) || !scene.tokens[c].is_word() {
                c += 1;
                continue;
            }
            match self.at_cue(s, c, e).filter(|(content, _)| content.0 >= taken) {
                Some((content, found)) => {
                    taken = content.1;
                    let resume = content.1.max(c + 1);
                    self.push(content, found, detection);
                    c = resume;
                }
                None => c += 1,
            }
        }
    }

    /// The reported clause (a token range) and attribution a cue at `c`
    /// introduces, if it is reported speech.
    fn at_cue(&self, s: usize, c: usize, e: usize) -> Option<((usize, usize), Found)> {
        let scene = self.scene;
        if scene.is_word_ci(c, "according") && scene.is_word_ci(c + 1, "to") {
            return self.according_to(s, c, e);
        }
        let strength = scene.cue_strength_at(c)?;
        let lower = scene.lower(c);
        let prev = if c > s { scene.lower(c - 1) } else { String::new() };
        // `the said company`, `it is said`, `X is said to be`, `was told`.
        if lexicon::is_determiner(&prev) || is_be(&prev) || prev == "so-called" {
            return None;
        }
        // `declined to comment`, `did not say whether`, `never said`.
        if matches!(prev.as_str(), "to" | "not" | "never" | "didn't" | "don't" | "doesn't" | "won't" | "n't") {
            return None;
        }
        let participle = lower.ends_with("ing");
        if participle && c > s && (scene.tokens[c - 1].is_punct(',') || matches!(prev.as_str(), "and" | "before")) {
            return self.participle(s, c, e);
        }
        if strength == CueStrength::Weak && !matches!(prev.as_str(), "he" | "she" | "they") {
            // `The report claims that …` reads as a verb only with `that`.
            let after = self.skip_adverbials(c + 1, e);
            if !scene.is_word_ci(after, "that") {
                return None;
            }
        }
        self.speaker_first(s, c, e, &lower).or_else(|| self.clause_first(s, c, e))
    }

    /// `X said (that) CLAUSE`, `X told Y CLAUSE`.
    fn speaker_first(&self, s: usize, c: usize, e: usize, lower: &str) -> Option<((usize, usize), Found)> {
        let scene = self.scene;
        if (s..c).any(|k| self.in_direct(k)) {
            return None;
        }
        let mut mention = scene.np_before(c, s);
        if mention.is_none() {
            // `The minister, who met the union on Monday, said …`
            let mut k = c;
            while k > s && lexicon::is_auxiliary(scene.word(k - 1)) {
                k -= 1;
            }
            if k > s && scene.tokens[k - 1].is_punct(',') {
                mention = scene.sentence_subject(s, c);
            }
        }
        let mention = mention?;
        let start = self.content_start(c, e, lower)?;
        let end = self.content_end(start, e);
        self.accept(start, end, scene.found(Some(mention), c)?)
    }

    /// Where the clause after a cue at `c` starts: past an object for `told`,
    /// adverbials (`on Tuesday`, `in a statement`) and `that`.
    fn content_start(&self, c: usize, e: usize, lower: &str) -> Option<usize> {
        let scene = self.scene;
        let mut i = c + 1;
        // `pointed out that`
        if scene.is_word_ci(i, "out") {
            i += 1;
        }
        if scene.tokens.get(i).is_some_and(|t| t.is_punct(':')) {
            // `said:` introduces a quotation, not reported speech.
            return None;
        }
        let that_within = |from: usize| {
            (from..e.min(from + 12))
                .take_while(|&k| !scene.tokens[k].is_quote_mark() && !scene.tokens[k].ends_sentence())
                .find(|&k| scene.is_word_ci(k, "that") && !self.quoted(k))
        };
        let mut start = self.skip_adverbials(i, e);
        let mut had_that = false;
        if scene.is_word_ci(start, "that") {
            start += 1;
            had_that = true;
        } else if takes_object(lower) && !is_verb_sign(&scene.lower(start + 1)) {
            // `warned prices would rise` has no object; `told reporters the
            // plan …` has.
            if let Some(k) = that_within(start) {
                start = k + 1;
                had_that = true;
            } else {
                start = self.skip_adverbials(self.skip_object(start, e), e);
            }
        }
        if !had_that && !takes_bare_clause(lower) {
            return None;
        }
        if start >= e || self.in_direct(start) {
            return None;
        }
        let first = scene.lower(start);
        if !scene.tokens[start].is_word() && !self.quoted(start) {
            return None;
        }
        if opens_non_statement(&first) {
            return None;
        }
        // The clause needs a verb of its own unless `that` announced it.
        if !had_that && !self.has_verb(start, e) {
            return None;
        }
        Some(start)
    }

    /// The object of `told` and the like: `reporters`, `him`, `CBC News`,
    /// `the committee`.
    fn skip_object(&self, i: usize, e: usize) -> usize {
        let scene = self.scene;
        let w = scene.word(i);
        if w.is_empty() {
            return i;
        }
        let lower = w.to_lowercase();
        if matches!(lower.as_str(), "him" | "her" | "them" | "me" | "us" | "you") {
            return i + 1;
        }
        let mut k = i;
        if lexicon::is_determiner(&lower) {
            k += 1;
        }
        let name_end = scene.name_run_end(k, e);
        if name_end > k {
            return name_end;
        }
        // A lower-case noun or two: `reporters`, `the committee`.
        let mut n = 0;
        while k < e && n < 2 {
            let w = scene.word(k);
            let l = w.to_lowercase();
            if w.is_empty() || lexicon::is_determiner(&l) || lexicon::is_pronoun(&l) || lexicon::is_phrase_breaker(&l) {
                break;
            }
            k += 1;
            n += 1;
        }
        k
    }

    /// Past `on Tuesday`, `in a statement`, `last week`, `also`, `, however,`.
    fn skip_adverbials(&self, mut i: usize, e: usize) -> usize {
        let scene = self.scene;
        let mut guard = 0;
        while i < e && guard < 6 {
            guard += 1;
            let t = scene.tokens[i];
            if t.is_punct(',') {
                // `said, however, that`: a comma that opens or closes an aside.
                i += 1;
                continue;
            }
            let w = scene.word(i);
            if w.is_empty() {
                break;
            }
            let lower = w.to_lowercase();
            if super::names::is_weekday_or_month(w)
                || matches!(
                    lower.as_str(),
                    "today" | "yesterday" | "tonight" | "again" | "however" | "also" | "repeatedly"
                )
                || (lower.ends_with("ly") && w.starts_with(char::is_lowercase) && lower.len() > 4 && lower != "only")
            {
                i += 1;
                continue;
            }
            if opens_adverbial(&lower) {
                // The last head before `that` or a verb: `in a radio interview`.
                let head = (i + 1..e.min(i + 7))
                    .take_while(|&k| {
                        let l = scene.lower(k);
                        scene.tokens[k].is_word() && l != "that" && !is_verb_sign(&l)
                    })
                    .filter(|&k| {
                        let l = scene.lower(k);
                        is_adverbial_head(&l) || l.chars().all(|c| c.is_ascii_digit())
                    })
                    .last();
                match head {
                    Some(h) => {
                        i = h + 1;
                        // `in an interview with the Globe`, `on Twitter on Monday`
                        if scene.is_word_ci(i, "with") {
                            i = scene.name_run_end(self.skip_determiner(i + 1), e).max(i + 1);
                        }
                        continue;
                    }
                    None => break,
                }
            }
            break;
        }
        i
    }

    fn skip_determiner(&self, i: usize) -> usize {
        if lexicon::is_determiner(self.scene.word(i)) {
            i + 1
        } else {
            i
        }
    }

    /// A finite verb among the first words from `start`.
    fn has_verb(&self, start: usize, e: usize) -> bool {
        let scene = self.scene;
        (start..e.min(start + 14)).any(|k| {
            let w = scene.word(k);
            if w.is_empty() || k == start {
                return false;
            }
            let l = w.to_lowercase();
            is_verb_sign(&l)
                || (w.starts_with(char::is_lowercase) && l.len() > 3 && l.ends_with("ed"))
                || (w.starts_with(char::is_lowercase) && l.ends_with("’ll") || l.ends_with("'ll"))
        })
    }

    /// Where a clause that starts at `start` ends: at the sentence's end, or
    /// before `, adding …` or `, according to …` that continue it.
    fn content_end(&self, start: usize, e: usize) -> usize {
        let scene = self.scene;
        for k in start..e {
            if self.quoted(k) {
                continue;
            }
            // `…, but Chapman says …`: another attribution starts.
            if k > start
                && matches!(scene.word(k), "but" | "while" | "whereas" | "although")
                && self.attribution_follows(k + 1, e)
            {
                return k;
            }
            // `… "about that loop-hole," she said.`: the rest attributes a
            // quotation that ends the clause.
            let after_quoted_comma =
                k > start && self.quoted(k - 1) && scene.tokens.get(k.wrapping_sub(2)).is_some_and(|t| t.is_punct(','));
            if after_quoted_comma && self.tail_attribution(k, e) {
                return k;
            }
            if scene.tokens[k].is_punct(',') && self.tail_attribution(k + 1, e) {
                return k;
            }
            if scene.tokens[k].is_punct(',') || scene.tokens[k].is_punct('—') {
                let next = scene.lower(k + 1);
                let participle = next.ends_with("ing") && scene.cue_strength_at(k + 1).is_some();
                if participle || (next == "according" && scene.is_word_ci(k + 2, "to")) {
                    return k;
                }
            }
        }
        e
    }

    /// Whether the sentence from `i` to `e` is only an attribution: `she
    /// said.`, `the ministry said on Tuesday.`, `said Cho.`
    fn tail_attribution(&self, i: usize, e: usize) -> bool {
        const MAX_WORDS: usize = 8;
        let scene = self.scene;
        let cue = (i..e.min(i + MAX_WORDS))
            .take_while(|&k| scene.tokens[k].is_word() && !self.quoted(k))
            .find(|&k| scene.cue_strength_at(k) == Some(CueStrength::Strong));
        let Some(c) = cue else { return false };
        if c == i {
            return scene
                .np_after(c + 1, e)
                .is_some_and(|m| self.rest_is_attribution(scene.token_at(m.span.end), e, true));
        }
        scene.np_before(c, i).is_some() && self.rest_is_attribution(c + 1, e, false)
    }

    /// A speaker and a reporting verb within a few words of `i`: `Chapman
    /// says`, `the minister also said`.
    fn attribution_follows(&self, i: usize, e: usize) -> bool {
        let scene = self.scene;
        (i..e.min(i + 7))
            .take_while(|&k| scene.tokens[k].is_word() && !self.quoted(k))
            .find(|&k| scene.cue_strength_at(k) == Some(CueStrength::Strong))
            .is_some_and(|c| c > i && scene.np_before(c, i).is_some())
    }

    /// `CLAUSE, X said (Tuesday).`, `CLAUSE, said X, the ambassador.`
    fn clause_first(&self, s: usize, c: usize, e: usize) -> Option<((usize, usize), Found)> {
        let scene = self.scene;
        // The attribution runs from a comma before the cue to the sentence end.
        let commas: Vec<usize> = (s + 1..c).rev().filter(|&k| scene.tokens[k].is_punct(',')).take(3).collect();
        let comma = *commas.first()?;
        if comma + 1 == c {
            // `…, said X, the ambassador.`
            let inverted =
                scene.np_after(c + 1, e).filter(|m| self.rest_is_attribution(scene.token_at(m.span.end), e, true));
            if let Some(m) = inverted {
                return self.accept(s, comma, scene.found(Some(m), c)?);
            }
        }
        if !self.rest_is_attribution(c + 1, e, false) {
            return None;
        }
        let (k, m) = commas.iter().find_map(|&k| {
            let m = scene.np_before(c, k + 1)?;
            // Between the comma and the cue only the speaker's phrase and
            // its apposition: `, South Korea's ambassador to the U.S., Cho
            // Tae-yong, said`.
            let verbless = (k + 1..c).all(|j| !is_verb_sign(&scene.lower(j)));
            (verbless && c - k <= 18).then_some((k, m))
        })?;
        self.accept(s, k, scene.found(Some(m), c)?)
    }

    /// Whether the tokens from `i` to the sentence end only finish an
    /// attribution: adverbials, an apposition after `said X`, the object of
    /// `told`.
    fn rest_is_attribution(&self, i: usize, e: usize, apposition: bool) -> bool {
        let scene = self.scene;
        let mut end = e;
        while end > i && !scene.tokens[end - 1].is_word() {
            end -= 1;
        }
        if end <= i {
            return true;
        }
        let after = self.skip_adverbials(self.skip_object(i, end), end);
        let after = self.skip_adverbials(after, end);
        if after >= end {
            return true;
        }
        if !apposition && !scene.tokens[i].is_punct(',') {
            return false;
        }
        // `, the ambassador to the U.S.`: a short aside with no verb.
        end - after <= 12
            && (after..end).all(|k| {
                let l = scene.lower(k);
                !is_verb_sign(&l) && !l.eq_ignore_ascii_case("that") && scene.cue_strength_at(k).is_none()
            })
    }

    /// `according to X, CLAUSE` and `CLAUSE, according to X.`
    fn according_to(&self, s: usize, c: usize, e: usize) -> Option<((usize, usize), Found)> {
        let scene = self.scene;
        let mention = scene.np_after(c + 2, e)?;
        let lead_words = (s..c).filter(|&k| scene.tokens[k].is_word()).count();
        if lead_words <= 1 {
            // At the sentence's start: the clause follows the comma.
            let after = scene.token_at(mention.span.end);
            let comma = (after..e.min(after + 12)).find(|&k| scene.tokens[k].is_punct(','))?;
            let end = self.content_end(comma + 1, e);
            return self.accept(comma + 1, end, scene.found(Some(mention), c)?);
        }
        if (s..c).any(|k| self.in_direct(k)) {
            return None;
        }
        let end = if scene.tokens[c - 1].is_punct(',') { c - 1 } else { c };
        self.accept(s, end, scene.found(Some(mention), c)?)
    }

    /// `…, saying CLAUSE`, `… and added CLAUSE`: the main clause's subject,
    /// or the speaker of an earlier cue in the sentence, speaks.
    fn participle(&self, s: usize, c: usize, e: usize) -> Option<((usize, usize), Found)> {
        let scene = self.scene;
        let lower = scene.lower(c);
        let start = self.content_start(c, e, &lower)?;
        let earlier = (s..c)
            .rev()
            .filter(|&k| !self.quoted(k) && scene.cue_strength_at(k) == Some(CueStrength::Strong))
            .find_map(|k| scene.np_before(k, s));
        let mention: Mention = earlier.or_else(|| scene.sentence_subject(s, c))?;
        let end = self.content_end(start, e);
        self.accept(start, end, scene.found(Some(mention), c)?)
    }

    /// The clause from token `start` to `end` (exclusive), trimmed, if it is
    /// long enough and holds no direct quotation.
    fn accept(&self, start: usize, mut end: usize, found: Found) -> Option<((usize, usize), Found)> {
        let scene = self.scene;
        let mut start = start;
        while start < end && !scene.tokens[start].is_word() && !self.quoted(start) {
            start += 1;
        }
        while end > start && !scene.tokens[end - 1].is_word() && !self.quoted(end - 1) {
            end -= 1;
        }
        start = self.past_dateline(start, end);
        let words = (start..end).filter(|&k| scene.tokens[k].is_word()).count();
        if words < MIN_WORDS || (start..end).any(|k| self.in_direct(k)) {
            return None;
        }
        // The speaker is not inside what they are said to have said.
        let (from, to) = (scene.tokens[start].start, scene.tokens[end - 1].end);
        if found.mention.span.start >= from && found.mention.span.end <= to {
            return None;
        }
        Some(((start, end), found))
    }

    /// Past `BUSAN --` or `LONDON, Dec. 19, 2023 --` when a clause opens
    /// its article with a dateline.
    fn past_dateline(&self, start: usize, end: usize) -> usize {
        const MAX_TOKENS: usize = 14;
        let scene = self.scene;
        let dash = (start..end.min(start + MAX_TOKENS)).find(|&k| {
            let t = scene.tokens[k];
            t.is_punct('—') || (t.is_punct('-') && scene.tokens.get(k + 1).is_some_and(|n| n.is_punct('-')))
        });
        let Some(d) = dash else { return start };
        let dateline = d > start
            && (start..d).all(|k| {
                let w = scene.word(k);
                !scene.tokens[k].is_word() || w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
            })
            && scene.word(start).chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase);
        match dateline {
            true if scene.tokens[d].is_punct('-') => d + 2,
            true => d + 1,
            false => start,
        }
    }

    fn push(&self, (start, end): (usize, usize), found: Found, detection: &mut Detection) {
        let scene = self.scene;
        let mut span = Span::new(scene.tokens[start].start, scene.tokens[end - 1].end);
        let mut kind = QuoteKind::Reported;
        let mut style = QuoteStyle::Unmarked;
        let mut seen = NO_QUOTE;
        for k in start..end {
            let q = self.owner[k];
            if q == NO_QUOTE || q == seen {
                continue;
            }
            seen = q;
            let quote = &self.quotes[q as usize];
            if quote.kind == QuoteKind::Mixed {
                kind = QuoteKind::Mixed;
                style = quote.style;
                span = Span::new(span.start.min(quote.span.start), span.end.max(quote.span.end));
                detection.absorbed.push(q as usize);
            }
        }
        let quote = Quote {
            span,
            content: span,
            style,
            closed: true,
            paragraphs: 1,
            fragments: vec![span],
            partial: kind == QuoteKind::Mixed,
            kind,
            speaker: None,
        };
        detection.reported.push(Reported { quote, found });
    }
}

#[cfg(test)]
mod tests;
