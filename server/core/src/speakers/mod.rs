//! Attribution: who said each quote, with which cue verb, and which entity
//! that mention resolves to.
//!
//! For each quote the attribution is looked for where news puts it: right
//! after it (`"…," Cho said`, `"…," said Cho`), before it in the same sentence
//! (`Cho said: "…"`, `according to Cho, "…"`, `…, saying "…"`), in the gap of
//! an interrupted quote, and otherwise in the paragraph before (a reporting
//! clause that introduces a quote paragraph, or the speaker of the previous
//! quote). Mentions are then resolved: pronouns to the latest named speaker,
//! surnames to the fullest name in the article, descriptions to the person the
//! article gave that role to.

mod lexicon;
mod names;
mod phrases;
mod reported;
mod tokens;

pub(crate) use lexicon::is_reporting_verb;

use crate::article::Article;
use crate::entities::EntityMention;
use crate::quotes::Quote;
use crate::span::Span;
use lexicon::{is_auxiliary, is_phrase_breaker, CueStrength};
use names::{Mention, Resolver};
use serde::Serialize;
use tokens::{tokenize, Token};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SpeakerKind {
    /// A full or title-led name: `Assistant Secretary of State Kurt Campbell`.
    Name,
    /// A surname or other short form: `Campbell`, resolved to a fuller name
    /// when the article says whose it is (not when it could be several
    /// people's: `Kim` after two Kims stays `Kim`).
    ShortName,
    /// `he`, `she`, `they`: resolved to the most recent fitting speaker.
    Pronoun,
    /// A description: `the ambassador`, `a spokesman`, `officials`.
    Description,
    /// An organisation speaking: `South Korea's foreign ministry`.
    Organization,
}

#[derive(Debug, Clone, Serialize)]
pub struct Attribution {
    /// The mention the attribution names (`Campbell`, `he`).
    pub mention: Span,
    pub mention_text: String,
    /// The reporting verb or phrase (`said`, `according to`, `told reporters`).
    pub cue: Option<Span>,
    pub cue_text: Option<String>,
    /// The name the mention resolves to: the fullest name the article uses for
    /// that speaker (`Kurt Campbell`), or the mention itself when nothing fuller
    /// is known.
    pub speaker: String,
    pub kind: SpeakerKind,
}

/// A mention next to a reporting cue, before resolution.
#[derive(Debug, Clone)]
struct Found {
    mention: Mention,
    /// None for a bare dash byline: `"…" — Jane Doe`.
    cue: Option<Span>,
}

/// One content paragraph and its tokens.
struct Block {
    span: Span,
    tokens: std::ops::Range<usize>,
}

struct Scene<'a> {
    text: &'a str,
    tokens: Vec<Token>,
    /// Parallel to `tokens`: inside a quotation.
    quoted: Vec<bool>,
    blocks: Vec<Block>,
}

/// Fills `quote.speaker` for every quote whose attribution can be found,
/// after adding the article's reported speech to `quotes`.
pub fn attribute(article: &Article, quotes: &mut Vec<Quote>, entities: &[EntityMention]) {
    attribute_with(article, quotes, entities, true);
}

/// [`attribute`]; with `reported` false, quotations only (`[marks] reported
/// = false`).
pub fn attribute_with(article: &Article, quotes: &mut Vec<Quote>, entities: &[EntityMention], reported: bool) {
    if quotes.is_empty() && !reported {
        return;
    }
    let scene = Scene::new(article, quotes);
    // Attributions the reported-speech reader already found, by quote.
    let mut preset: Vec<Option<Found>> = Vec::new();
    if reported {
        preset = merge_reported(quotes, reported::find(&scene, quotes));
    }
    if quotes.is_empty() {
        return;
    }
    let mut resolver = Resolver::new(article.text, &scene.tokens, entities);
    // Reporting clauses outside quotes, in text order: who has spoken so far,
    // for pronouns and for quote paragraphs that a clause introduces.
    let clauses = scene.reporting_clauses();
    for (_, found) in &clauses {
        resolver.remember_mention(found.mention.span.start, &found.mention);
    }
    // The paragraph and speaker of the last attributed quote.
    let mut previous_quote_block: Option<(usize, Attribution)> = None;
    let mut previous_quote_end: Option<(usize, usize)> = None;
    for qi in 0..quotes.len() {
        let quote = &quotes[qi];
        let Some(bi) = scene.block_of(quote.span.start) else { continue };
        let found = match preset.get_mut(qi).and_then(Option::take) {
            Some(found) => Some(found),
            None => scene.local_attribution(bi, quote),
        };
        let attribution = match found {
            Some(found) => Some(resolver.resolve_at(&found.mention, found.cue, quote.span.start)),
            None => {
                // `…, saying "…," she said. "…"`: the clause between this quote
                // and the one before it in the paragraph speaks for both.
                let gap = previous_quote_end.filter(|(b, _)| *b == bi).and_then(|(_, end)| {
                    let from = scene.token_at(end);
                    let to = scene.token_at(quote.span.start);
                    scene.after(from, to, true)
                });
                if let Some(found) = gap {
                    let a = resolver.resolve_at(&found.mention, found.cue, quote.span.start);
                    resolver.remember(names::Source::Quote, quote.span.start, &a);
                    previous_quote_block = Some((bi, a.clone()));
                    previous_quote_end = Some((bi, quote.span.end));
                    quotes[qi].speaker = Some(a);
                    continue;
                }
                // Another quote earlier in the same paragraph speaks for this one.
                let same_block = previous_quote_block.as_ref().filter(|(b, _)| *b == bi).map(|(_, a)| a.clone());
                same_block.or_else(|| scene.introduced_by_previous_block(bi, quote, &clauses, quotes, &resolver))
            }
        };
        if let Some(a) = &attribution {
            resolver.remember(names::Source::Quote, quote.span.start, a);
            previous_quote_block = Some((bi, a.clone()));
        }
        previous_quote_end = Some((bi, quote.span.end));
        quotes[qi].speaker = attribution;
    }
}

/// Puts the reported quotes into `quotes` in text order, in place of the
/// partial quotes they absorbed; returns each quote's preset attribution.
fn merge_reported(quotes: &mut Vec<Quote>, detection: reported::Detection) -> Vec<Option<Found>> {
    let old = std::mem::take(quotes);
    let mut absorbed = detection.absorbed.iter().peekable();
    let mut reported = detection.reported.into_iter().peekable();
    let mut preset = Vec::with_capacity(old.len() + reported.len());
    for (i, quote) in old.into_iter().enumerate() {
        if absorbed.next_if_eq(&&i).is_some() {
            continue;
        }
        while let Some(r) = reported.next_if(|r| r.quote.span.start <= quote.span.start) {
            quotes.push(r.quote);
            preset.push(Some(r.found));
        }
        quotes.push(quote);
        preset.push(None);
    }
    for r in reported {
        quotes.push(r.quote);
        preset.push(Some(r.found));
    }
    preset
}

impl<'a> Scene<'a> {
    fn new(article: &Article<'a>, quotes: &[Quote]) -> Self {
        let text = article.text;
        let mut tokens = Vec::new();
        let mut blocks = Vec::new();
        let mut pieces = Vec::new();
        for p in article.tokens.paragraphs() {
            let first = tokens.len();
            tokenize(text, p.span, article.tokens.of(p), &mut pieces, &mut tokens);
            blocks.push(Block { span: p.span, tokens: first..tokens.len() });
        }
        let mut quoted = vec![false; tokens.len()];
        let mut spans: Vec<Span> = quotes.iter().map(|q| q.span).collect();
        spans.sort_unstable();
        let mut next = 0;
        for (t, flag) in tokens.iter().zip(quoted.iter_mut()) {
            while next < spans.len() && spans[next].end <= t.start {
                next += 1;
            }
            *flag = spans.get(next).is_some_and(|s| s.start <= t.start && t.end <= s.end);
        }
        Scene { text, tokens, quoted, blocks }
    }

    fn word(&self, i: usize) -> &'a str {
        self.tokens.get(i).filter(|t| t.is_word()).map_or("", |t| t.text(self.text))
    }

    fn block_of(&self, offset: usize) -> Option<usize> {
        let i = self.blocks.partition_point(|b| b.span.end <= offset);
        (i < self.blocks.len() && self.blocks[i].span.start <= offset).then_some(i)
    }

    /// Index of the first token starting at or after `offset`.
    fn token_at(&self, offset: usize) -> usize {
        self.tokens.partition_point(|t| t.start < offset)
    }

    fn cue_strength_at(&self, i: usize) -> Option<CueStrength> {
        let t = self.tokens.get(i).filter(|t| t.is_word())?;
        let strength = lexicon::cue_strength_of(t.class)?;
        // A capitalised cue only opens a sentence (`Said Cho: …`); elsewhere it
        // is part of a name or title.
        let capitalised = t.text(self.text).starts_with(char::is_uppercase);
        if capitalised && i > 0 && !self.tokens[i - 1].ends_sentence() {
            return None;
        }
        Some(strength)
    }

    fn is_word_ci(&self, i: usize, expected: &str) -> bool {
        self.word(i).eq_ignore_ascii_case(expected)
    }

    /// The cue's span, stretched over `according to` and `told reporters`.
    fn cue_span(&self, c: usize) -> Span {
        let t = self.tokens[c];
        if self.is_word_ci(c, "according") && self.is_word_ci(c + 1, "to") {
            return Span::new(t.start, self.tokens[c + 1].end);
        }
        if self.is_word_ci(c, "told") && (self.is_word_ci(c + 1, "reporters") || self.is_word_ci(c + 1, "journalists"))
        {
            return Span::new(t.start, self.tokens[c + 1].end);
        }
        t.span()
    }

    fn found(&self, mention: Option<Mention>, c: usize) -> Option<Found> {
        mention.map(|mention| Found { mention, cue: Some(self.cue_span(c)) })
    }

    /// The attribution a quote carries in its own paragraph.
    fn local_attribution(&self, bi: usize, quote: &Quote) -> Option<Found> {
        let block = &self.blocks[bi];
        let first = self.token_at(quote.span.start).max(block.tokens.start);
        // A quotation over several paragraphs is attributed after its end.
        let last_block = self.block_of(quote.span.end.saturating_sub(1)).map_or(block, |b| &self.blocks[b]);
        let after_start = self.token_at(quote.span.end).min(last_block.tokens.end);
        // The text after the quote up to the next quote in the paragraph.
        let mut after_end = after_start;
        while after_end < last_block.tokens.end && !self.quoted[after_end] {
            after_end += 1;
        }
        // The text before it back to the previous quote.
        let mut before_start = first;
        while before_start > block.tokens.start && !self.quoted[before_start - 1] {
            before_start -= 1;
        }
        let interrupted = quote.fragments.windows(2).next().and_then(|pair| {
            let gap_start = self.token_at(pair[0].end);
            let gap_end = self.token_at(pair[1].start);
            self.after(gap_start, gap_end, true)
        });
        let content = quote.content.slice(self.text).trim_end();
        let ends_sentence = content.ends_with(['.']) && !content.ends_with("..");
        // `"…,"`: the comma promises an attribution right after the quote.
        let promises = content.ends_with([',', '?', '!', '—', '-']);
        let before = || self.before(before_start, first);
        let after = || self.after(after_start, after_end, promises);
        interrupted.or_else(|| if ends_sentence { before().or_else(after) } else { after().or_else(before) })
    }

    /// `"…," said Cho`, `"…," Cho said`, `"…," according to Cho`.
    fn after(&self, start: usize, end: usize, promised: bool) -> Option<Found> {
        if let Some(found) = self.dash_byline(start, end) {
            return Some(found);
        }
        let mut a = start;
        while a < end && matches!(self.tokens[a].kind, tokens::TokenKind::Punct(',' | '—' | '–' | '-')) {
            a += 1;
        }
        if a >= end {
            return None;
        }
        if self.is_word_ci(a, "according") && self.is_word_ci(a + 1, "to") {
            return self.found(self.np_after(a + 2, end), a);
        }
        if lexicon::cue_strength_of(self.tokens[a].class).is_some() {
            return self.found(self.np_after(a + 1, end), a);
        }
        let mut weak = None;
        let mut strong = None;
        for c in a..end.min(a + 12) {
            let t = self.tokens[c];
            if !t.is_word() {
                if t.ends_sentence() || t.is_quote_mark() || t.is_punct(':') {
                    break;
                }
                continue;
            }
            match self.cue_strength_at(c) {
                Some(CueStrength::Strong) => {
                    strong = Some(c);
                    break;
                }
                Some(CueStrength::Weak) if weak.is_none() && !self.is_noun_here(c) => weak = Some(c),
                _ => {}
            }
        }
        if let Some(c) = strong.or(weak) {
            if let Some(found) = self.found(self.np_before(c, a), c) {
                return Some(found);
            }
        }
        self.name_then_aside(a, end).or_else(|| if promised { self.unlisted_verb(a, end) } else { None })
    }

    /// End of the run of title and name words from `start`.
    fn name_run_end(&self, start: usize, end: usize) -> usize {
        let mut e = start;
        while e < end {
            let w = self.word(e);
            let titled = lexicon::is_title(w) && w.starts_with(char::is_uppercase);
            if !(names::is_name_token(w) || titled || (e > start && lexicon::is_name_particle(w))) {
                break;
            }
            e += 1;
        }
        e
    }

    /// `"…," Fred Kagan, director of a research centre at a think tank, said`:
    /// a name, an aside of any length, then the verb, in one sentence.
    fn name_then_aside(&self, start: usize, end: usize) -> Option<Found> {
        const MAX_ASIDE: usize = 40;
        let name_end = self.name_run_end(start, end);
        // `Rep. Jim Jordan (R-Ohio), a panel member, said`: a bracket first.
        let mut comma = name_end;
        if self.tokens.get(comma).is_some_and(|t| t.is_punct('(')) {
            comma = (comma..end.min(comma + 8)).find(|&k| self.tokens[k].is_punct(')'))? + 1;
        }
        if name_end == start || !self.tokens.get(comma).is_some_and(|t| t.is_punct(',')) {
            return None;
        }
        let mention = self.classify(start, name_end).filter(|m| m.kind == SpeakerKind::Name)?;
        for c in comma + 1..end.min(comma + MAX_ASIDE) {
            let t = self.tokens[c];
            if t.ends_sentence() || t.is_quote_mark() {
                return None;
            }
            if self.cue_strength_at(c) == Some(CueStrength::Strong) {
                return Some(Found { mention, cue: Some(self.cue_span(c)) });
            }
        }
        None
    }

    /// `"…," Bennett shot back`, `"…," beamed Donald Hartley`: where the
    /// quote's comma promises an attribution, a name or pronoun next to a verb
    /// that is not on the list.
    fn unlisted_verb(&self, start: usize, end: usize) -> Option<Found> {
        let is_verb_like = |i: usize| {
            let w = self.word(i);
            w.starts_with(char::is_lowercase)
                && !is_phrase_breaker(w)
                && !lexicon::is_determiner(w)
                && !lexicon::is_pronoun(w)
                && !is_auxiliary(w)
        };
        // Verb first: `beamed Donald Hartley`.
        if start < end && is_verb_like(start) && (self.word(start).ends_with("ed") || self.word(start).ends_with('s')) {
            let mention = self.np_after(start + 1, end).filter(|m| m.kind != SpeakerKind::Pronoun)?;
            return Some(Found { mention, cue: Some(self.tokens[start].span()) });
        }
        // Speaker first: `Bennett shot back`, `she laughed`.
        let e = if lexicon::is_pronoun(self.word(start)) { start + 1 } else { self.name_run_end(start, end) };
        if e == start && lexicon::is_determiner(self.word(start)) {
            return self.described_speaker_first(start, end);
        }
        if e == start || e >= end || !is_verb_like(e) {
            return None;
        }
        let mention = self.classify(start, e).filter(|m| matches!(m.kind, SpeakerKind::Name | SpeakerKind::Pronoun))?;
        Some(Found { mention, cue: Some(self.tokens[e].span()) })
    }

    /// `"…," an angry Hollande retaliated.`, `"…," the old farmer sighed.`: a
    /// short phrase after a determiner, then a past-tense verb that ends the
    /// clause.
    fn described_speaker_first(&self, start: usize, end: usize) -> Option<Found> {
        const MAX_WORDS: usize = 5;
        let verb = (start + 1..end.min(start + 1 + MAX_WORDS)).find(|&k| {
            let w = self.word(k);
            w.len() > 3 && w.ends_with("ed") && w.starts_with(char::is_lowercase)
        })?;
        let closes = self.tokens.get(verb + 1).is_none_or(|t| t.ends_sentence() || t.is_punct(',')) || verb + 1 >= end;
        if !closes || (start + 1..verb).any(|k| !self.tokens[k].is_word() || is_phrase_breaker(self.word(k))) {
            return None;
        }
        let mention = self.classify(start, verb)?;
        Some(Found { mention, cue: Some(self.tokens[verb].span()) })
    }

    /// `"…" ― Jane Doe`: a name alone after a dash, up to the paragraph's or
    /// sentence's end, signs the quote.
    fn dash_byline(&self, start: usize, end: usize) -> Option<Found> {
        if start >= end || !matches!(self.tokens[start].kind, tokens::TokenKind::Punct('―' | '—' | '–')) {
            return None;
        }
        let mut e = start + 1;
        while e < end && self.tokens[e].is_word() && e - start <= 6 {
            e += 1;
        }
        let closes = e >= end || self.tokens[e].ends_sentence() || self.tokens[e].is_punct(',');
        let mention = self.classify(start + 1, e).filter(|m| m.is_named())?;
        closes.then_some(Found { mention, cue: None })
    }

    /// A weak cue (`reports`, `continued`) counts when a colon follows it:
    /// `The Times reports:`.
    fn introduces_with_colon(&self, c: usize) -> bool {
        self.tokens.get(c + 1).is_some_and(|t| t.is_punct(':'))
    }

    /// `Cho said: "…"`, `according to Cho, "…"`, `Cho …, saying "…"`.
    fn before(&self, start: usize, end: usize) -> Option<Found> {
        let sentence = (start..end).rev().find(|&i| self.tokens[i].ends_sentence()).map_or(start, |i| i + 1);
        if let Some(found) = self.name_colon(sentence, end) {
            return Some(found);
        }
        let mut weak = None;
        let mut strong = None;
        for c in (sentence..end).rev() {
            if self.is_word_ci(c, "according") && self.is_word_ci(c + 1, "to") {
                return self.found(self.np_after(c + 2, end), c);
            }
            match self.cue_strength_at(c) {
                Some(CueStrength::Strong) => {
                    strong = Some(c);
                    break;
                }
                Some(CueStrength::Weak) if self.introduces_with_colon(c) => {
                    strong = Some(c);
                    break;
                }
                Some(CueStrength::Weak) if weak.is_none() && !self.is_noun_here(c) => weak = Some(c),
                _ => {}
            }
        }
        let Some(c) = strong.or(weak) else {
            return self.colon_introduction(sentence, end);
        };
        // `Sanders was asked by host Bill Maher, "…"`: the agent speaks.
        let agent = if self.is_word_ci(c + 1, "by") { self.np_after(c + 2, end) } else { None };
        // `Nefzi said, adding, "…"`, `Lazar said … and added, "…"`: the
        // earlier reporting clause of the sentence names the speaker.
        let earlier_clause = || {
            (sentence..c)
                .rev()
                .filter(|&k| self.cue_strength_at(k) == Some(CueStrength::Strong))
                .find_map(|k| self.np_before(k, sentence))
        };
        let mention = agent
            .or_else(|| self.np_before(c, sentence))
            .or_else(earlier_clause)
            .or_else(|| self.sentence_subject(sentence, c));
        self.found(mention, c)
    }

    /// `… – Carl Bialik: "…"`, `Rep. Ann Ray (R-Ind.): "…"`: a name right
    /// before the colon that opens the quote.
    fn name_colon(&self, sentence: usize, end: usize) -> Option<Found> {
        if end <= sentence + 1 || !self.tokens[end - 1].is_punct(':') {
            return None;
        }
        let mut name_end = end - 1;
        // `(R-S.C.)` after the name.
        if name_end > sentence + 1 && self.tokens[name_end - 1].is_punct(')') {
            name_end = (sentence..name_end - 1).rev().find(|&i| self.tokens[i].is_punct('('))?;
        }
        let mut s = name_end;
        while s > sentence && {
            let w = self.word(s - 1);
            names::is_name_token(w) || (lexicon::is_title(w) && w.starts_with(char::is_uppercase))
        } {
            s -= 1;
        }
        let standalone = s == sentence || !self.tokens[s - 1].is_word();
        if s == name_end || !standalone {
            return None;
        }
        let mention = self.classify(s, name_end).filter(|m| m.kind == SpeakerKind::Name)?;
        Some(Found { mention, cue: None })
    }

    /// `Clinton: "…"`, `Kasich resisted: "…"`: a sentence that ends in a
    /// colon right before the quote introduces it; its subject speaks.
    fn colon_introduction(&self, sentence: usize, end: usize) -> Option<Found> {
        if end <= sentence + 1 || !self.tokens[end - 1].is_punct(':') {
            return None;
        }
        let colon = end - 1;
        let bare_name = self.classify(sentence, colon).filter(Mention::is_named);
        let mention = bare_name.or_else(|| self.sentence_subject(sentence, colon))?;
        Some(Found { mention, cue: None })
    }

    /// Every reporting clause outside quotes, with its speaker, in text order.
    fn reporting_clauses(&self) -> Vec<(usize, Found)> {
        let mut out = Vec::new();
        for block in &self.blocks {
            let mut sentence = block.tokens.start;
            for c in block.tokens.clone() {
                let t = self.tokens[c];
                if t.ends_sentence() || self.quoted[c] {
                    sentence = c + 1;
                    continue;
                }
                let found = if self.is_word_ci(c, "according") && self.is_word_ci(c + 1, "to") {
                    self.found(self.np_after(c + 2, block.tokens.end), c)
                } else if self.cue_strength_at(c) == Some(CueStrength::Strong)
                    || (self.cue_strength_at(c).is_some() && self.introduces_with_colon(c))
                {
                    self.found(self.np_before(c, sentence), c)
                } else {
                    None
                };
                if let Some(found) = found {
                    out.push((c, found));
                }
            }
        }
        out
    }

    /// A quote paragraph without its own attribution takes the speaker of the
    /// paragraph before: its last reporting clause or attributed quote.
    fn introduced_by_previous_block(
        &self,
        bi: usize,
        quote: &Quote,
        clauses: &[(usize, Found)],
        quotes: &[Quote],
        resolver: &Resolver,
    ) -> Option<Attribution> {
        let block = &self.blocks[bi];
        // Only a quote that opens its paragraph continues the previous one.
        let lead = self.text.get(block.span.start..quote.span.start).unwrap_or("");
        if lead.split_whitespace().nth(3).is_some() {
            return None;
        }
        let prev = self.blocks.get(bi.checked_sub(1)?)?;
        // `He then listed the qualities he wanted:` ends the paragraph before.
        if prev.tokens.end > prev.tokens.start && self.tokens[prev.tokens.end - 1].is_punct(':') {
            let colon = prev.tokens.end - 1;
            let sentence = (prev.tokens.start..colon)
                .rev()
                .find(|&i| self.tokens[i].ends_sentence())
                .map_or(prev.tokens.start, |i| i + 1);
            let cue = (sentence..colon).rev().find(|&c| self.cue_strength_at(c).is_some());
            let found = match cue {
                Some(c) => {
                    let mention = self.np_before(c, sentence).or_else(|| self.sentence_subject(sentence, c));
                    self.found(mention, c)
                }
                None => self.colon_introduction(sentence, colon + 1),
            };
            if let Some(found) = found {
                return Some(resolver.resolve_at(&found.mention, found.cue, found.mention.span.start));
            }
        }
        // Clauses are in text order: the previous paragraph's are a slice.
        let clauses_end = clauses.partition_point(|(c, _)| *c < prev.tokens.end);
        let last_clause = clauses[..clauses_end]
            .last()
            .filter(|(c, _)| prev.tokens.contains(c))
            .map(|(c, f)| (self.tokens[*c].start, f));
        // Quotes are in text order: the previous paragraph's are a slice.
        let from = quotes.partition_point(|q| q.span.start < prev.span.start);
        let to = quotes.partition_point(|q| q.span.start < prev.span.end);
        let last_quote = quotes
            .get(from..to)?
            .iter()
            .rev()
            .filter(|q| q.span.end <= quote.span.start)
            .find_map(|q| q.speaker.as_ref().map(|a| (q.span.end, a)));
        match (last_clause, last_quote) {
            (Some((clause_pos, _)), Some((quote_pos, a))) if clause_pos < quote_pos => Some(a.clone()),
            (Some((_, found)), _) => Some(resolver.resolve_at(&found.mention, found.cue, found.mention.span.start)),
            (None, Some((_, a))) => Some(a.clone()),
            (None, None) => None,
        }
    }
}

#[cfg(test)]
mod tests;
