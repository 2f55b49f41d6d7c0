//! People, organisations and places, found by rules and built-in word lists,
//! with short mentions linked to the fullest mention in the article.
//!
//! The text is cut into runs of capitalised words. Each run loses the words
//! whose capital says nothing (sentence starts and headline words that the
//! article never capitalises elsewhere, function words, months), then a title
//! prefix (`Assistant Secretary of State`), and what is left is matched
//! against the gazetteer and the name shapes (given name + surname, East Asian
//! family name + given name, organisation and place words). Finally short
//! mentions are linked to the full names they abbreviate, which also decides
//! the kind of names no rule recognised.

mod acronyms;
mod finder;
mod gazetteer;
mod layout;
mod linking;
mod people;
mod resolve;
mod short_names;
mod teams;
#[cfg(test)]
mod tests;
mod words;

pub use crate::text::fold::fold_name;
pub use gazetteer::{FormId, FormMatch, Gazetteer, GazetteerEntry, WordClass};

use crate::article::Article;
use crate::fxhash::{FxHashMap, FxHashSet};
use crate::span::Span;
use crate::text::tokens::{Token, TokenKind};
use linking::{context_start, decide, Decision, Mentions, Referent};
use resolve::link_and_resolve;
use serde::Serialize;
use std::borrow::Cow;
use std::sync::LazyLock;
use words::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum EntityLabel {
    #[serde(rename = "PER")]
    Person,
    #[serde(rename = "ORG")]
    Organization,
    #[serde(rename = "LOC")]
    Location,
}

impl EntityLabel {
    pub fn code(self) -> &'static str {
        match self {
            EntityLabel::Person => "PER",
            EntityLabel::Organization => "ORG",
            EntityLabel::Location => "LOC",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct EntityMention {
    /// The name itself: no possessive `'s`, no title.
    pub span: Span,
    pub text: String,
    pub label: EntityLabel,
    /// The fullest name this article uses for the entity (`Kurt Campbell` for
    /// `Campbell`); what cross-article linking keys on.
    pub canonical: String,
    /// Titles or roles written right before the mention (`Assistant Secretary
    /// of State`), if any.
    pub title: Option<String>,
    /// The id of the registry entry this mention refers to, when a registry
    /// knows the name and the article's context decides which entry it is.
    pub entity: Option<String>,
    /// For a name that could be several entities (`Kim` after two Kims): the
    /// canonical names of every candidate, in the order the article
    /// introduces them. Empty when the mention is not ambiguous.
    pub candidates: Vec<String>,
    /// Set when the text spells a registry name differently (`Kim Jong-un`
    /// for `Kim Jong Un`): the registry's spelling.
    pub variant_of: Option<String>,
}

/// Finds entity mentions in the article's non-debris paragraphs, in text order,
/// without overlaps, with the built-in gazetteer.
pub fn detect(article: &Article) -> Vec<EntityMention> {
    detect_with(article, Gazetteer::builtin())
}

/// [`detect`] with a gazetteer that may hold extra entries (a registry).
pub fn detect_with(article: &Article, gazetteer: &Gazetteer) -> Vec<EntityMention> {
    let text = article.text;
    // The words the article capitalises mid-sentence tell names from
    // sentence-initial words, so every paragraph's tokens are read first.
    let tokens = &article.tokens;
    let mut capitalized_mid_sentence = FxHashSet::with_capacity_and_hasher(text.len() / 64, Default::default());
    for t in tokens.all().iter().filter(|t| t.is_cap_word() && !t.ambiguous_case) {
        capitalized_mid_sentence.insert(t.text(text));
    }
    let paragraph_spans: Vec<Span> = tokens.paragraphs().iter().map(|p| p.span).collect();
    let mut finder = Finder {
        text,
        gazetteer,
        capitalized_mid_sentence,
        scratch: String::new(),
        classes: Vec::new(),
        matches: Vec::new(),
        allow_guess: true,
        found: Vec::new(),
    };
    for paragraph in tokens.paragraphs() {
        finder.paragraph(tokens.of(paragraph));
    }
    let mut found = finder.found;
    link_and_resolve(text, gazetteer, &paragraph_spans, &mut found);
    people::confirm_people(text, gazetteer, &mut found);
    teams::relabel_teams(text, &mut found);
    teams::teams_in_results(text, gazetteer, &mut found);
    acronyms::apply_definitions(text, gazetteer, &mut found);
    layout::read_capitals_lines(text, &mut found);
    found.retain(|f| f.label.is_some());
    merge_place_with_region(text, &mut found);
    titles_with_a_place(text, gazetteer, &mut found);
    found
        .into_iter()
        .filter_map(|mut f| {
            let label = f.label?;
            if f.part_of_other_name {
                return None;
            }
            let the_fits = match label {
                EntityLabel::Person => false,
                EntityLabel::Organization => true,
                // `the United States`, `the US`, `the Netherlands`, but not
                // `the Cupertino campus`.
                EntityLabel::Location => {
                    let name = f.name_span.slice(text);
                    name.contains(' ') || name.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase) || {
                        let canonical: &str = f.canonical.as_deref().unwrap_or(name);
                        PLACES_WITH_THE.contains(&canonical)
                    }
                }
            };
            if let Some(start) = f.the_start.filter(|_| the_fits) {
                f.span.start = start;
            }
            if label == EntityLabel::Person && f.word_count == 1 {
                f.span.start = particles_before_surname(text, &f);
            }
            let text_of = |span: Span| span.slice(text).to_string();
            Some(EntityMention {
                span: f.span,
                text: text_of(f.span),
                label,
                canonical: match f.canonical {
                    Some(c) => c.into_owned(),
                    None => text_of(f.name_span),
                },
                title: f.title,
                entity: f.entity.and_then(|e| gazetteer.entries().get(e)).and_then(|entry| entry.id.clone()),
                candidates: f.candidates.into_iter().map(Cow::into_owned).collect(),
                variant_of: f.variant_of.map(str::to_string),
            })
        })
        .collect()
}

/// `Ambassador to the United States Cho Tae-yong`, `envoy to Japan, Kim`:
/// a title naming the place it serves, cut by the place's own mention.
fn titles_with_a_place(text: &str, gazetteer: &Gazetteer, found: &mut [Found]) {
    let mut scratch = String::new();
    for k in 1..found.len() {
        let (before, rest) = found.split_at_mut(k);
        let (Some(place), Some(person)) = (before.last(), rest.first_mut()) else { continue };
        if person.label != Some(EntityLabel::Person) || person.title.is_some() {
            continue;
        }
        if place.label != Some(EntityLabel::Location) {
            continue;
        }
        let between = text.get(place.span.end..person.span.start).unwrap_or("x");
        if !matches!(between, " " | ", ") {
            continue;
        }
        // Only the few words before the place can hold the title.
        let mut lo = place.name_span.start.saturating_sub(100);
        while lo > 0 && !text.is_char_boundary(lo) {
            lo -= 1;
        }
        let Some(head) = text.get(lo..place.name_span.start) else { continue };
        let head = head.trim_end();
        let head = head.strip_suffix("the").map(str::trim_end).unwrap_or(head);
        let Some(head) = head.strip_suffix(" to") else { continue };
        // Title words back from `to`: `South Korean Ambassador`.
        let mut words = Vec::new();
        let mut pos = 0;
        for word in head.split(' ') {
            words.push((pos, word));
            pos += word.len() + 1;
        }
        let mut from = None;
        let mut has_head = false;
        for &(start, word) in words.iter().rev() {
            let class = gazetteer.word_class(word, &mut scratch);
            let compass = matches!(word, "North" | "South" | "East" | "West");
            if class.has(WordClass::TITLE_HEAD) {
                has_head = true;
            } else if word.is_empty() || !(class.has(WordClass::TITLE_MODIFIER.or(WordClass::DEMONYM)) || compass) {
                break;
            }
            from = Some(start);
        }
        if let (true, Some(from)) = (has_head, from) {
            person.title = text.get(lo + from..place.span.end).map(|t| t.trim().to_string());
        }
    }
}

/// Where a surname mention starts when the particles of the full name stand
/// before it (`Van der Berg` for Pieter van der Berg, `de Souza`), which
/// belong to the family name.
fn particles_before_surname(text: &str, f: &Found) -> usize {
    let start = f.span.start;
    let Some(full) = f.canonical.as_deref() else { return start };
    let Some(rest) = full.strip_suffix(f.name_span.slice(text)) else { return start };
    let particles: Vec<&str> = rest
        .split_whitespace()
        .rev()
        .take_while(|w| is_name_particle(w))
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    if particles.is_empty() {
        return start;
    }
    let written = particles.join(" ") + " ";
    let from = start.saturating_sub(written.len());
    match text.get(from..start) {
        Some(before) if before.eq_ignore_ascii_case(&written) => from,
        _ => start,
    }
}

/// One-word places that English names with `the`.
const PLACES_WITH_THE: &[&str] = &[
    "Netherlands",
    "Philippines",
    "Bahamas",
    "Gambia",
    "Maldives",
    "Seychelles",
    "Vatican",
    "Congo",
    "Sudan",
    "Gulf",
    "Persian Gulf",
    "Pacific",
    "Atlantic",
    "Arctic",
    "Antarctic",
    "Mediterranean",
    "Caribbean",
    "Balkans",
    "Baltics",
    "Sahara",
    "Alps",
    "Himalayas",
    "Amazon",
    "Nile",
    "Mekong",
    "Yangtze",
    "Crimea",
    "Donbas",
    "Midwest",
    "United States",
    "United Kingdom",
    "European Union",
    "Korean Peninsula",
    "Middle East",
    "Far East",
];

/// `Mobile, Alabama`, `Toulouse, France`: a place and the region it lies in
/// name one place, unless they are items of a list (`Russia, China, Japan`).
fn merge_place_with_region<'a>(text: &'a str, found: &mut Vec<Found<'a>>) {
    let is_loc = |f: &Found| f.label == Some(EntityLabel::Location);
    let merges_with_next = |a: &Found, b: &Found| {
        // Abbreviations (`U.S., S. Korea`) are countries listed, not a
        // town and its region.
        is_loc(a)
            && is_loc(b)
            && !a.name_span.slice(text).contains('.')
            && !b.name_span.slice(text).contains('.')
            && text.get(a.span.end..b.span.start) == Some(", ")
            && !text.get(..a.span.start).is_some_and(|t| t.trim_end().ends_with(','))
            && !text.get(b.span.end..).is_some_and(|t| {
                let t = t.trim_start();
                t.starts_with("and ") || t.starts_with("or ") || {
                    t.strip_prefix(',').is_some_and(|r| r.trim_start().chars().next().is_some_and(char::is_uppercase))
                }
            })
    };
    // Most articles have no such pair: then nothing moves.
    let mut pairs = Vec::new();
    let mut i = 0;
    while i + 1 < found.len() {
        if merges_with_next(&found[i], &found[i + 1]) {
            pairs.push(i);
            i += 2;
        } else {
            i += 1;
        }
    }
    if pairs.is_empty() {
        return;
    }
    let mut out: Vec<Found> = Vec::with_capacity(found.len());
    let mut pairs = pairs.into_iter().peekable();
    let mut items = std::mem::take(found).into_iter().enumerate();
    while let Some((i, mut a)) = items.next() {
        if pairs.next_if_eq(&i).is_some() {
            let Some((_, b)) = items.next() else {
                out.push(a);
                break;
            };
            a.span.end = b.span.end;
            a.name_span.end = b.span.end;
            a.canonical = Some(Cow::Borrowed(a.name_span.slice(text)));
            a.last_word = b.last_word;
            a.word_count += b.word_count;
            a.part_of_other_name = b.part_of_other_name;
            a.the_start = None;
            // `Toulouse, France` is not the entry `Toulouse` alone.
            a.entity = None;
            a.variant_of = None;
            a.candidates.clear();
        }
        out.push(a);
    }
    *found = out;
}

/// How sure the rules are of a mention's kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Evidence {
    /// A gazetteer entry, a title, a name shape or an organisation word.
    Strong,
    /// A capitalised word or two that no rule recognised; linking or context
    /// decides.
    Guess,
}

#[derive(Debug, Clone)]
struct Found<'a> {
    /// What the mention covers, `the` included when it belongs to the name.
    span: Span,
    /// The name without `the`.
    name_span: Span,
    label: Option<EntityLabel>,
    evidence: Evidence,
    canonical: Option<Cow<'a, str>>,
    title: Option<String>,
    /// Token texts of the name, for linking.
    first_word: Span,
    last_word: Span,
    word_count: usize,
    /// Reported only if linking finds the full name it abbreviates.
    link_only: bool,
    /// The tokens before and after the name, for context.
    before: Span,
    after: Span,
    /// The token after `after`.
    after2: Span,
    /// Where `the` starts when the name takes it, if it is not a person's.
    the_start: Option<usize>,
    /// The name is part of a currency sign (`US$`) or of a product name
    /// (`Airbus A380`), so it is not reported.
    part_of_other_name: bool,
    /// The gazetteer form the name matched exactly, if any.
    form: Option<FormMatch>,
    /// The registry entry (index into the gazetteer) the mention refers to.
    entity: Option<usize>,
    /// Registry entries the name could be, when it names several (a shared
    /// alias); the article's context picks one or none.
    registry_candidates: RegistryCandidates<'a>,
    /// For an ambiguous mention: the canonical names it could stand for.
    candidates: Vec<Cow<'a, str>>,
    /// The registry's spelling, when the text spells the name differently.
    variant_of: Option<&'a str>,
}

impl<'a> Found<'a> {
    /// A mention covering `span` (its name, no `the`), from `first_word` to
    /// `last_word`, with nothing yet known of its context or registry entry.
    fn new(span: Span, first_word: Span, last_word: Span, word_count: usize, label: Option<EntityLabel>) -> Self {
        Found {
            span,
            name_span: span,
            label,
            evidence: Evidence::Strong,
            canonical: None,
            title: None,
            first_word,
            last_word,
            word_count,
            link_only: false,
            before: Span::default(),
            after: Span::default(),
            after2: Span::default(),
            the_start: None,
            part_of_other_name: false,
            form: None,
            entity: None,
            registry_candidates: RegistryCandidates::None,
            candidates: Vec::new(),
            variant_of: None,
        }
    }
}

struct Finder<'a> {
    text: &'a str,
    gazetteer: &'a Gazetteer,
    capitalized_mid_sentence: FxHashSet<&'a str>,
    scratch: String,
    /// Per token of the current paragraph: its word class, and the
    /// gazetteer match starting there once looked up.
    classes: Vec<Option<WordClass>>,
    matches: Vec<Option<Option<(usize, FormMatch)>>>,
    /// Whether unknown capitalised words of the current segment may be
    /// reported as guesses.
    allow_guess: bool,
    found: Vec<Found<'a>>,
}

/// The registry entries a name could be: none, one, or several (a shared
/// alias), borrowed from the gazetteer when they can be.
#[derive(Debug, Clone)]
enum RegistryCandidates<'a> {
    None,
    One(usize),
    Many(Cow<'a, [usize]>),
}

impl RegistryCandidates<'_> {
    fn as_slice(&self) -> &[usize] {
        match self {
            RegistryCandidates::None => &[],
            RegistryCandidates::One(entry) => std::slice::from_ref(entry),
            RegistryCandidates::Many(entries) => entries,
        }
    }
}
