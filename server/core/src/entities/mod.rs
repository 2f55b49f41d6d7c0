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

mod gazetteer;
mod layout;
mod linking;
mod people;
mod short_names;
mod teams;

pub use crate::text::fold::fold_name;
pub use gazetteer::{FormId, FormMatch, Gazetteer, GazetteerEntry, WordClass};

use crate::article::Article;
use crate::fxhash::{FxHashMap, FxHashSet};
use crate::span::Span;
use crate::text::tokens::{Token, TokenKind};
use linking::{context_start, decide, Decision, Mentions, Referent};
use serde::Serialize;
use std::borrow::Cow;
use std::sync::LazyLock;

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

/// Connect parts of one organisation's name (`Bank of Korea`).
fn is_inner_connector(word: &str) -> bool {
    matches!(word, "of" | "&" | "de" | "du" | "der" | "von" | "van" | "al" | "bin" | "la" | "del" | "y" | "da" | "dos")
}

/// Family names that are also English words: only an unmistakable East Asian
/// shape (`Song Young-gil`) makes them names.
const SURNAMES_THAT_ARE_WORDS: &[&str] = &[
    "he", "do", "so", "long", "song", "ha", "ho", "an", "im", "sun", "fan", "won", "ye", "gong", "ban", "ma", "min",
    "bai", "lai", "tan", "yang", "le", "vu", "ly",
];

/// Verbs that follow the subject of a clause: the name before them is its
/// head (`the United States will`, `Cerberus has agreed`).
const VERBS_AFTER_SUBJECT: &[&str] = &[
    "is",
    "was",
    "are",
    "were",
    "will",
    "would",
    "has",
    "have",
    "had",
    "said",
    "says",
    "told",
    "can",
    "could",
    "should",
    "may",
    "might",
    "must",
    "does",
    "did",
    "do",
    "announced",
    "agreed",
    "added",
    "reported",
    "grew",
    "fell",
    "rose",
    "made",
    "took",
    "gave",
    "won",
    "lost",
    "sold",
    "bought",
    "began",
    "came",
    "went",
    "saw",
    "met",
    "left",
    "held",
    "paid",
    "led",
    "sent",
    "set",
    "put",
    "cut",
    "hit",
    "ran",
    "kept",
    "found",
    "became",
    "chose",
    "drew",
    "spent",
    "struck",
    "won't",
    "wants",
    "plans",
    "needs",
    "remains",
    "continues",
    "agrees",
    "hopes",
    "seeks",
    "faces",
    "urges",
    "warns",
    "expects",
    "believes",
    "insists",
    "denies",
    "claims",
    "reports",
    "announces",
];

/// Function words that cannot follow a name used as a modifier (`the US
/// economy`), so the name before them heads its phrase (`the Senate this week`).
const WORDS_AFTER_HEAD: &[&str] = &[
    "and",
    "or",
    "of",
    "in",
    "on",
    "at",
    "to",
    "for",
    "with",
    "by",
    "from",
    "as",
    "that",
    "which",
    "who",
    "but",
    "not",
    "also",
    "itself",
    "after",
    "before",
    "over",
    "since",
    "than",
    "if",
    "when",
    "while",
    "because",
    "later",
    "again",
    "now",
    "still",
    "into",
    "this",
    "these",
    "those",
    "last",
    "next",
    "its",
    "their",
    "his",
    "her",
    "a",
    "an",
    "the",
    "some",
    "any",
    "all",
    "no",
    "every",
    "each",
    "today",
    "yesterday",
    "tomorrow",
    "earlier",
    "recently",
    "instead",
    "about",
    "under",
    "against",
    "through",
    "during",
    "without",
    "within",
    "between",
    "among",
    "amid",
    "like",
    "unlike",
    "despite",
    "toward",
    "towards",
    "via",
    "per",
    "upon",
    "around",
    "across",
    "behind",
    "beyond",
    "near",
    "off",
    "out",
    "up",
    "down",
    "until",
];

static VERB_SET: LazyLock<FxHashSet<&'static str>> = LazyLock::new(|| VERBS_AFTER_SUBJECT.iter().copied().collect());
static HEAD_SET: LazyLock<FxHashSet<&'static str>> = LazyLock::new(|| WORDS_AFTER_HEAD.iter().copied().collect());

/// A past-tense verb or one of [`VERBS_AFTER_SUBJECT`].
fn acts_as_verb(word: &str) -> bool {
    VERB_SET.contains(word) || (word.len() > 4 && word.ends_with("ed"))
}

/// Words after a name that show the name is the head of its phrase (`the
/// United States will`), not a modifier (`the US economy`).
fn continues_clause(word: &str) -> bool {
    acts_as_verb(word) || HEAD_SET.contains(word)
}

/// Lower-case department names that still name one body (`the state
/// department`, `South Korea's foreign ministry`).
const LOWERCASE_DEPARTMENTS: &[&str] = &[
    "foreign",
    "defense",
    "defence",
    "state",
    "unification",
    "finance",
    "trade",
    "justice",
    "interior",
    "health",
    "education",
    "labor",
    "commerce",
    "energy",
    "agriculture",
    "environment",
    "treasury",
    "industry",
    "economy",
    "culture",
    "transport",
];

impl<'a> Finder<'a> {
    fn class(&mut self, t: &Token) -> WordClass {
        if t.kind != TokenKind::Word {
            return WordClass::default();
        }
        if let Some(class) = self.classes.get(t.index).copied().flatten() {
            return class;
        }
        let class = self.gazetteer.word_class(t.text(self.text), &mut self.scratch);
        if let Some(slot) = self.classes.get_mut(t.index) {
            *slot = Some(class);
        }
        class
    }

    /// The longest gazetteer name starting at `toks[at]`: its length in
    /// tokens and its form.
    fn gazetteer_match(&mut self, toks: &[Token], at: usize) -> Option<(usize, FormMatch)> {
        if let Some(cached) = self.matches.get(at).copied().flatten() {
            return cached;
        }
        let t = toks.get(at)?;
        let found = if t.is_cap_word() {
            self.gazetteer.longest_match(self.text, &toks[at..], &mut self.scratch).map(|m| (m.tokens, m.form))
        } else {
            None
        };
        // A town of the world list inside a longer name (`Duffy Waldorf`,
        // `Leeds United`) is part of that name.
        let found = match found {
            Some((n, form)) if self.gazetteer.is_minor_place(form) => {
                let before = at.checked_sub(1).and_then(|p| toks.get(p)).copied();
                let after = toks.get(at + n).copied();
                let in_name = [before, after].into_iter().flatten().any(|t| {
                    t.is_cap_word() && !self.class(&t).has(WordClass::FUNCTION_WORD.or(WordClass::NOT_A_NAME))
                });
                found.filter(|_| !in_name)
            }
            _ => found,
        };
        if let Some(slot) = self.matches.get_mut(at) {
            *slot = Some(found);
        }
        found
    }

    fn paragraph(&mut self, toks: &[Token]) {
        self.classes.clear();
        self.classes.resize(toks.len(), None);
        self.matches.clear();
        self.matches.resize(toks.len(), None);
        let mut i = 0;
        while i < toks.len() {
            let t = toks[i];
            if t.is_cap_word() {
                let end = self.run_end(toks, i);
                self.run(toks, i, end);
                i = end.max(i + 1);
            } else if t.is_word() && t.text(self.text).chars().next().is_some_and(is_caseless_letter) {
                // Scripts without capitals (Hangul, Han, kana) show no names
                // by shape; only the gazetteer (or a registry) knows them.
                let m = self.gazetteer.longest_match(self.text, &toks[i..], &mut self.scratch);
                match m {
                    Some(m) => {
                        self.emit_entry(toks, i, i + m.tokens, m.form);
                        i += m.tokens;
                    }
                    None => i += 1,
                }
            } else {
                // Only `ministry` and `department` start the check.
                if t.is_word() && matches!(t.span.len(), 8 | 10) {
                    self.lowercase_department(toks, i);
                }
                i += 1;
            }
        }
    }

    /// The end of the run of capitalised words starting at `start`; known
    /// names carry it over their own small words (`Bosnia and Herzegovina`).
    fn run_end(&mut self, toks: &[Token], start: usize) -> usize {
        let mut j = start;
        while j < toks.len() {
            if toks[j].is_cap_word() {
                j += self.gazetteer_match(toks, j).map_or(1, |(n, _)| n);
                continue;
            }
            let w = toks[j].text(self.text);
            let joins = j > start
                && is_inner_connector(w)
                && toks.get(j + 1).is_some_and(|n| n.is_cap_word())
                && (w != "of" || {
                    let prev = toks[j - 1];
                    self.class(&prev).has(
                        WordClass::ORG_WORD
                            .or(WordClass::PLACE_WORD)
                            .or(WordClass::TITLE_HEAD)
                            .or(WordClass::TITLE_MODIFIER),
                    )
                });
            if !joins {
                break;
            }
            j += 2;
        }
        j
    }

    /// Whether a word at a sentence start or in a headline is a name anyway:
    /// a known word or one the article capitalises mid-sentence.
    fn known_despite_position(&mut self, t: &Token) -> bool {
        let w = t.text(self.text);
        let class = self.class(t);
        if class.has(WordClass::NOT_A_NAME.or(WordClass::FUNCTION_WORD)) {
            return false;
        }
        if self.capitalized_mid_sentence.contains(w) || class.any_name_class() {
            return true;
        }
        if self.gazetteer.short_name_entry(w).is_some() {
            // `Campbell said.` at a sentence start, Kurt Campbell registered.
            return true;
        }
        !t.shouted && t.all_caps && w.chars().filter(|c| c.is_alphabetic()).count() >= 2
    }

    /// A sentence-initial word followed by capitalised words that are not at
    /// a sentence start and that no list knows is the first word of a name
    /// (`Jusman Syafii Djamal said`), unless its form says otherwise.
    fn starts_unknown_name(&mut self, toks: &[Token], k: usize, end: usize) -> bool {
        let Some(next) = toks.get(k + 1).filter(|_| k + 1 < end) else { return false };
        let w = toks[k].text(self.text);
        let looks_like_word = w.ends_with("ing") || w.ends_with("ly") || w.ends_with("ed") || w.ends_with('s');
        if looks_like_word || !next.is_cap_word() || next.ambiguous_case {
            return false;
        }
        let class = self.class(next);
        !class.any_name_class() && !class.has(WordClass::NOT_A_NAME) && self.gazetteer_match(toks, k + 1).is_none()
    }

    fn run(&mut self, toks: &[Token], start: usize, end: usize) {
        // Drop uninformative words; what lies between them are segments.
        let mut after_non_name = false;
        let mut k = start;
        let mut seg_start = start;
        while k < end {
            if let Some((n, _)) = self.gazetteer_match(toks, k) {
                let w = toks[k].text(self.text);
                // A known name at a sentence start still counts, unless it is
                // a common word there (`Nice weather`).
                if !(toks[k].ambiguous_case && n == 1 && self.class(&toks[k]).has(WordClass::NOT_A_NAME)) {
                    let _ = w;
                    k += n;
                    continue;
                }
            }
            let t = toks[k];
            if self.class(&t).has(WordClass::GIVEN_NAME.or(WordClass::EAST_ASIAN_SURNAME)) {
                // `By Byun Duk-kun`: the given name is known through the surname.
                if let Some(n) = (2..=3).rev().find(|n| k + n <= end && self.person_shape(toks, k, k + n)) {
                    k += n;
                    continue;
                }
            }
            let has_digit = t.text(self.text).bytes().any(|b| b.is_ascii_digit());
            // `Black Monday`, `A380 Superjumbo`: words next to a date or a model
            // number name an event or product, so they are not guessed at.
            let marks_non_name = t.is_cap_word() && (has_digit || self.class(&t).has(WordClass::NOT_A_NAME));
            let drop = t.is_cap_word()
                && (marks_non_name
                    // A capitalised function word mid-run belongs to a name
                    // (`Nguyen Van An`), at its start it does not (``` ``The ```).
                    || ((t.ambiguous_case || k == seg_start) && self.class(&t).has(WordClass::FUNCTION_WORD))
                    || (t.ambiguous_case
                        && !self.known_despite_position(&t)
                        && !self.starts_unknown_name(toks, k, end)));
            if drop {
                self.allow_guess = !marks_non_name && !after_non_name;
                self.segment(toks, seg_start, k);
                seg_start = k + 1;
                after_non_name = marks_non_name;
            }
            k += 1;
        }
        self.allow_guess = !after_non_name;
        self.segment(toks, seg_start, end);
        self.allow_guess = true;
    }

    fn segment(&mut self, toks: &[Token], mut s: usize, mut e: usize) {
        // Connectors cannot begin or end a name; numbers can end a known one
        // (`FTSE 100`).
        let edge = |t: &Token, text: &str| !t.is_word() || (!t.capitalized && is_inner_connector(t.text(text)));
        while s < e && (edge(&toks[s], self.text) || !toks[s].is_cap_word()) {
            s += 1;
        }
        while e > s && edge(&toks[e - 1], self.text) {
            e -= 1;
        }
        if s >= e {
            return;
        }
        if let Some((title_start, title_end, demonym_start)) = self.find_title(toks, s, e) {
            self.plain_segment(toks, s, demonym_start);
            let title_from = self.extend_title_back(toks, demonym_start.min(title_start));
            let title = Span::new(toks[title_from].span.start, toks[title_end - 1].span.end).slice(self.text);
            self.name_after_title(toks, title_end, e, title.to_string());
            return;
        }
        self.plain_segment(toks, s, e);
    }

    /// A title inside `[s, e)` followed by a name: (title start, title end,
    /// start of the demonyms before the title).
    fn find_title(&mut self, toks: &[Token], s: usize, e: usize) -> Option<(usize, usize, usize)> {
        let mut h = s;
        while h < e {
            let class = self.class(&toks[h]);
            if class.has(WordClass::TITLE_HEAD.or(WordClass::TITLE_MODIFIER)) {
                if let Some(end) = self.title_end(toks, h, e) {
                    if end < e && self.looks_like_name_start(toks, end) {
                        let mut d = h;
                        while d > s && self.class(&toks[d - 1]).has(WordClass::DEMONYM) {
                            d -= 1;
                        }
                        return Some((h, end, d));
                    }
                }
            }
            // A known name before the title (`Apple CEO Steve Jobs`) is skipped.
            h += self.gazetteer_match(toks, h).map_or(1, |(n, _)| n);
        }
        None
    }

    /// Where the title starting at `h` ends, if it has a head word.
    fn title_end(&mut self, toks: &[Token], h: usize, e: usize) -> Option<usize> {
        // Titles are a few words long; the bound keeps a long run of title
        // words (a list of ministers) from being rescanned from every word.
        let e = e.min(h + MAX_TITLE_TOKENS);
        let mut k = h;
        let mut end = None;
        while k < e {
            let t = toks[k];
            let class = self.class(&t);
            if t.is_word() && t.text(self.text) == "of" && end == Some(k) {
                // `Secretary of State`, `Minister of Foreign Affairs`.
                let one = toks.get(k + 1).map(|t| self.class(t)).unwrap_or_default();
                let two = self.department_of_two(toks, k + 1);
                if two && k + 3 <= e {
                    k += 3;
                    end = Some(k);
                    continue;
                }
                if one.has(WordClass::DEPARTMENT) && k + 2 <= e {
                    k += 2;
                    end = Some(k);
                    continue;
                }
                break;
            }
            if class.has(WordClass::TITLE_HEAD) {
                k += 1;
                end = Some(k);
            } else if class.has(WordClass::TITLE_MODIFIER.or(WordClass::DEMONYM)) {
                k += 1;
                // `Chief Executive`: modifiers after a head extend the title.
                if end.is_some() {
                    end = Some(k);
                }
            } else {
                break;
            }
        }
        end
    }

    fn department_of_two(&mut self, toks: &[Token], at: usize) -> bool {
        let (Some(a), Some(b)) = (toks.get(at), toks.get(at + 1)) else { return false };
        let phrase = format!("{} {}", a.text(self.text), b.text(self.text)).to_lowercase();
        self.gazetteer.word_class(&phrase, &mut self.scratch).has(WordClass::DEPARTMENT)
    }

    fn looks_like_name_start(&mut self, toks: &[Token], at: usize) -> bool {
        let Some(t) = toks.get(at) else { return false };
        let class = self.class(t);
        if t.is_cap_word() && class.has(WordClass::GIVEN_NAME.or(WordClass::EAST_ASIAN_SURNAME)) {
            // `Envoy Park Min-jae`: a name word wins over `park` the place word.
            return true;
        }
        t.is_cap_word()
            && !class.has(
                WordClass::ORG_WORD
                    .or(WordClass::PLACE_WORD)
                    .or(WordClass::NOT_A_NAME)
                    .or(WordClass::TITLE_HEAD)
                    .or(WordClass::TITLE_MODIFIER),
            )
            && !(t.all_caps && t.span.len() > 1 && !t.text(self.text).ends_with('.'))
    }

    /// Lower-case title words and demonyms before a title that a lower-case
    /// word cut off its run (`South Korean prime Minister`).
    fn extend_title_back(&mut self, toks: &[Token], from: usize) -> usize {
        let mut k = from;
        while k > 0 {
            let t = toks[k - 1];
            if !t.is_word() {
                break;
            }
            let class = self.class(&t);
            let compass = matches!(t.text(self.text), "North" | "South" | "East" | "West");
            let ok = class.has(WordClass::TITLE_HEAD.or(WordClass::TITLE_MODIFIER))
                || (t.capitalized && class.has(WordClass::DEMONYM))
                || (compass && k < from + 1 && k >= 1);
            if !ok || class.has(WordClass::NOT_A_NAME) {
                break;
            }
            k -= 1;
        }
        k
    }

    fn name_after_title(&mut self, toks: &[Token], s: usize, e: usize, title: String) {
        // A title names the person right after it; further capitalised words
        // (`President Biden Administration`) are not part of a name.
        let whole = self.gazetteer_match(toks, s).filter(|(n, _)| s + n == e);
        let end = if whole.is_some() { e } else { (s + 3).min(e) };
        let mut f = self.new_found(toks, s, end, Some(EntityLabel::Person), Evidence::Strong);
        if let Some((_, form)) = whole {
            let entry = &self.gazetteer.entries()[form.entry()];
            if entry.label != EntityLabel::Person {
                // `Ambassador Washington`? The title wins only for people.
                f.label = Some(entry.label);
            }
            f.canonical = Some(Cow::Borrowed(entry.name.as_str()));
            f.form = Some(form);
        }
        f.title = Some(title);
        self.push(f, toks, s, end);
        if end < e {
            self.plain_segment(toks, end, e);
        }
    }

    fn plain_segment(&mut self, toks: &[Token], s: usize, e: usize) {
        if s >= e {
            return;
        }
        let len = e - s;
        let last = self.class(&toks[e - 1]);
        if let Some((n, form)) = self.gazetteer_match(toks, s) {
            if n == len {
                self.emit_entry(toks, s, e, form);
                return;
            }
        }
        if last.has(WordClass::MISC_WORD) && len >= 2 {
            // `Paris Air Show`: only the known names inside count.
            let mut k = s;
            while k < e {
                match self.gazetteer_match(toks, k).filter(|(n, _)| k + n < e) {
                    Some((n, form)) => {
                        self.emit_entry(toks, k, k + n, form);
                        k += n;
                    }
                    None => k += 1,
                }
            }
            return;
        }
        if last.has(WordClass::DEMONYM) {
            // `South Korean`, `Latin American`: modifiers, not names.
            return;
        }
        let org_head_of = (s..e).any(|k| {
            toks.get(k + 1).is_some_and(|n| n.text(self.text) == "of") && self.class(&toks[k]).has(WordClass::ORG_WORD)
        });
        let first = self.class(&toks[s]);
        let org_first = first.has(WordClass::ORG_WORD) && !first.has(WordClass::TITLE_HEAD);
        if len >= 2 && (last.has(WordClass::ORG_WORD) || org_head_of || org_first) {
            let f = self.new_found(toks, s, e, Some(EntityLabel::Organization), Evidence::Strong);
            self.push(f, toks, s, e);
            return;
        }
        if len >= 2 && last.has(WordClass::PLACE_WORD) {
            let f = self.new_found(toks, s, e, Some(EntityLabel::Location), Evidence::Strong);
            self.push(f, toks, s, e);
            return;
        }
        if self.person_shape(toks, s, e) {
            let f = self.new_found(toks, s, e, Some(EntityLabel::Person), Evidence::Strong);
            self.push(f, toks, s, e);
            return;
        }
        // Known names inside, unknown stretches between them. Unknown words
        // right after a known organisation name its products or units
        // (`Apple Macintosh`, `Boeing Dreamliner`), which are not reported.
        let mut k = s;
        let mut unknown_start = s;
        let mut after_org = false;
        while k < e {
            match self.gazetteer_match(toks, k).filter(|(n, _)| k + n <= e) {
                Some((n, form)) => {
                    let entry = &self.gazetteer.entries()[form.entry()];
                    let entry_label = entry.label;
                    let surname = entry_label == EntityLabel::Person && n == 1;
                    let given_like = (unknown_start..k).all(|g| {
                        let c = self.class(&toks[g]);
                        toks[g].is_cap_word()
                            && !toks[g].all_caps
                            && (c.has(WordClass::GIVEN_NAME) || c == WordClass::default())
                    });
                    if surname && given_like && (1..=2).contains(&(k - unknown_start)) && !after_org {
                        // `Ivanka Trump`: unknown words before a known surname
                        // name another member of the family.
                        let f = self.new_found(toks, unknown_start, k + n, Some(EntityLabel::Person), Evidence::Strong);
                        self.push(f, toks, unknown_start, k + n);
                        k += n;
                        unknown_start = k;
                        after_org = false;
                        continue;
                    }
                    if !after_org || self.person_shape(toks, unknown_start, k) {
                        self.unknown(toks, unknown_start, k);
                    }
                    self.emit_entry(toks, k, k + n, form);
                    after_org = entry_label == EntityLabel::Organization;
                    k += n;
                    unknown_start = k;
                }
                None => k += 1,
            }
        }
        if !after_org || self.person_shape(toks, unknown_start, e) {
            self.unknown(toks, unknown_start, e);
        }
    }

    /// `Kurt Campbell`, `George W. Bush`, `Cho Tae-yong`, `Kim Jong Un`.
    fn person_shape(&mut self, toks: &[Token], s: usize, e: usize) -> bool {
        let len = e - s;
        if !(2..=4).contains(&len) || toks[s..e].iter().any(|t| !t.is_cap_word()) {
            return false;
        }
        let first = self.class(&toks[s]);
        // `Theresa May`: a month after a given name is a surname, unless a
        // day follows (`May 5`).
        let month_surname = |k: usize, text: &str| {
            len == 2
                && first.has(WordClass::GIVEN_NAME)
                && matches!(toks[k].text(text), "May" | "June" | "April" | "August" | "March")
                && !toks.get(k + 1).is_some_and(|n| n.text(text).starts_with(|c: char| c.is_ascii_digit()))
        };
        let rest_ok = (s + 1..e).all(|k| {
            let c = self.class(&toks[k]);
            let other_kind = c
                .has(WordClass::ORG_WORD.or(WordClass::PLACE_WORD).or(WordClass::DEMONYM).or(WordClass::NOT_A_NAME))
                && !month_surname(k, self.text);
            let acronym = toks[k].all_caps && toks[k].span.len() > 2 && !toks[k].text(self.text).ends_with('.');
            !other_kind && !acronym
        });
        if !rest_ok {
            return false;
        }
        if first.has(WordClass::GIVEN_NAME) {
            return true;
        }
        if first.has(WordClass::EAST_ASIAN_SURNAME) && len <= 3 {
            let surname = toks[s].text(self.text);
            let second = toks[s + 1].text(self.text);
            let hyphenated = len == 2 && second.contains('-');
            let short_syllables = len == 3 && toks[s + 1..e].iter().all(|t| t.text(self.text).chars().count() <= 5);
            let single = len == 2
                && second.chars().count() <= 9
                && !SURNAMES_THAT_ARE_WORDS.iter().any(|w| w.eq_ignore_ascii_case(surname))
                && self.gazetteer_match(toks, s + 1).is_none();
            return hyphenated || short_syllables || single;
        }
        false
    }

    /// Capitalised words no rule recognised.
    fn unknown(&mut self, toks: &[Token], mut s: usize, mut e: usize) {
        while s < e
            && self.class(&toks[s]).has(WordClass::TITLE_HEAD.or(WordClass::TITLE_MODIFIER).or(WordClass::DEMONYM))
        {
            s += 1;
        }
        while e > s && self.class(&toks[e - 1]).has(WordClass::DEMONYM) {
            e -= 1;
        }
        if s >= e || !toks[s].is_cap_word() || !toks[e - 1].is_cap_word() {
            return;
        }
        let acronym = |t: &Token, text: &str| {
            let w = t.text(text);
            t.all_caps
                && !t.shouted
                && !w.chars().any(|c| c.is_ascii_digit())
                && (2..=6).contains(&w.chars().filter(|c| c.is_alphabetic()).count())
        };
        if toks[s..e].iter().any(|t| acronym(t, self.text)) {
            let f = self.new_found(toks, s, e, Some(EntityLabel::Organization), Evidence::Strong);
            self.push(f, toks, s, e);
            return;
        }
        if self.person_shape(toks, s, e) {
            // `Apple Inc. Steve Jobs`: a name after a known organisation.
            let f = self.new_found(toks, s, e, Some(EntityLabel::Person), Evidence::Strong);
            self.push(f, toks, s, e);
            return;
        }
        let mut f = self.new_found(toks, s, e, None, Evidence::Guess);
        // Doubtful words still count when they turn out to be the surname of
        // someone named in full (`Park said`).
        f.link_only = !self.allow_guess || (e - s == 1 && !self.single_word_may_be_name(toks, s));
        self.push(f, toks, s, e);
    }

    /// Whether an unknown capitalised word standing alone can be a name: not
    /// a single letter (`Mac OS X`), an adjective compound (`Seoul-based`),
    /// a generic organisation or place word, or a model next to a number or
    /// a product (`787 Dreamliner`, `Nikkei 225`, `iPod Nano`).
    fn single_word_may_be_name(&mut self, toks: &[Token], k: usize) -> bool {
        let w = toks[k].text(self.text);
        if w.chars().count() < 2 {
            return false;
        }
        if w.rsplit('-').next().is_some_and(|last| last.chars().next().is_some_and(char::is_lowercase)) {
            return false;
        }
        let class = self.class(&toks[k]);
        if class.has(WordClass::ORG_WORD.or(WordClass::PLACE_WORD).or(WordClass::MISC_WORD)) {
            return false;
        }
        let numberlike = |t: &Token, text: &str| {
            let w = t.text(text);
            t.is_word()
                && (w.bytes().any(|b| b.is_ascii_digit()) || (w.starts_with('i') && t.all_caps_after_first(text)))
        };
        let prev = k.checked_sub(1).and_then(|p| toks.get(p));
        !prev.is_some_and(|p| numberlike(p, self.text)) && !toks.get(k + 1).is_some_and(|n| numberlike(n, self.text))
    }

    /// `the state department`, `South Korea's foreign ministry`.
    fn lowercase_department(&mut self, toks: &[Token], i: usize) {
        let head = toks[i].text(self.text);
        if !matches!(head, "ministry" | "department") || i < 2 {
            return;
        }
        let modifier = toks[i - 1];
        let m = modifier.text(self.text);
        if !modifier.is_word() || modifier.capitalized || !LOWERCASE_DEPARTMENTS.contains(&m) {
            return;
        }
        let det = toks[i - 2];
        let is_the = det.is_word() && det.text(self.text).eq_ignore_ascii_case("the");
        if !(is_the || det.kind == TokenKind::Possessive) {
            return;
        }
        let start = if is_the { det.span.start } else { modifier.span.start };
        let canonical = format!("{} {}", capitalize(m), capitalize(head));
        self.found.push(Found {
            span: Span::new(start, toks[i].span.end),
            name_span: Span::new(modifier.span.start, toks[i].span.end),
            label: Some(EntityLabel::Organization),
            evidence: Evidence::Strong,
            canonical: Some(Cow::Owned(canonical)),
            title: None,
            first_word: modifier.span,
            last_word: toks[i].span,
            word_count: 2,
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
        });
    }

    /// Reports a gazetteer name covering `toks[s..e]`.
    fn emit_entry(&mut self, toks: &[Token], s: usize, e: usize, form: FormMatch) {
        let index = form.entry();
        if !self.gazetteer.is_reported(index) {
            return;
        }
        let entry = &self.gazetteer.entries()[index];
        let mut f = self.new_found(toks, s, e, Some(entry.label), Evidence::Strong);
        f.canonical = Some(Cow::Borrowed(entry.name.as_str()));
        f.form = Some(form);
        self.push(f, toks, s, e);
    }

    fn new_found(
        &self,
        toks: &[Token],
        s: usize,
        e: usize,
        label: Option<EntityLabel>,
        evidence: Evidence,
    ) -> Found<'a> {
        let span = Span::new(toks[s].span.start, toks[e - 1].span.end);
        Found {
            span,
            name_span: span,
            label,
            evidence,
            canonical: None,
            title: None,
            first_word: toks[s].span,
            last_word: toks[e - 1].span,
            word_count: toks[s..e].iter().filter(|t| t.is_word()).count(),
            link_only: false,
            before: s.checked_sub(1).and_then(|k| toks.get(k)).map_or(Span::default(), |t| t.span),
            after: toks.get(e).map_or(Span::default(), |t| t.span),
            after2: toks.get(e + 1).map_or(Span::default(), |t| t.span),
            the_start: None,
            part_of_other_name: false,
            form: None,
            entity: None,
            registry_candidates: RegistryCandidates::None,
            candidates: Vec::new(),
            variant_of: None,
        }
    }

    /// Records a mention, taking in a `the` that belongs to the name (`the
    /// United States`, `the Pentagon`) but not one that belongs to a larger
    /// phrase (`the US economy`, `the UK's`).
    fn push(&mut self, mut f: Found<'a>, toks: &[Token], s: usize, e: usize) {
        // `US$ 40 billion`, `HK$`: a currency, not the place. `Airbus A380`,
        // `Boeing 787`: a product of the firm, not the firm.
        f.part_of_other_name = toks.get(e).is_some_and(|next| {
            let w = next.text(self.text);
            (next.span.start == f.span.end && w == "$")
                || (f.label == Some(EntityLabel::Organization)
                    && next.is_word()
                    && w.bytes().any(|b| b.is_ascii_digit())
                    && w.len() >= 3)
        });
        let takes_the = f.label != Some(EntityLabel::Person)
            && f.before.slice(self.text).eq_ignore_ascii_case("the")
            && s > 0
            && toks[s - 1].is_word()
            && match toks.get(e) {
                None => true,
                Some(next) => match next.kind {
                    TokenKind::Possessive => false,
                    // `the South Korea-U.S. alliance`: a hyphen joins the name
                    // to a larger modifier.
                    TokenKind::Punct => !(next.span.start == f.span.end && next.text(self.text) == "-"),
                    TokenKind::Word => next.capitalized || continues_clause(next.text(self.text)),
                },
            };
        if takes_the {
            f.the_start = Some(toks[s - 1].span.start);
        }
        self.found.push(f);
    }
}

impl WordClass {
    /// A class that makes a capitalised word worth keeping anywhere.
    fn any_name_class(self) -> bool {
        self.has(
            WordClass::GIVEN_NAME
                .or(WordClass::EAST_ASIAN_SURNAME)
                .or(WordClass::TITLE_HEAD)
                .or(WordClass::TITLE_MODIFIER)
                .or(WordClass::ORG_WORD)
                .or(WordClass::PLACE_WORD)
                .or(WordClass::DEMONYM),
        )
    }
}

/// A letter of a script without upper and lower case.
fn is_caseless_letter(c: char) -> bool {
    !c.is_ascii() && c.is_alphabetic() && !c.is_uppercase() && !c.is_lowercase()
}

fn capitalize(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The longest title considered (`Deputy Assistant Secretary of State for
/// East Asian and Pacific Affairs` is about as long as they get).
const MAX_TITLE_TOKENS: usize = 12;

/// Verbs that make the name before them a speaker: the lexicon's reporting
/// verb forms that name a person.
static SPEECH_VERBS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    crate::text::lexicon::section_words(crate::text::lexicon::REPORTING_VERBS, "names-a-person").collect()
});

/// The kind of an unknown one-word name from its neighbours: a place after
/// `in`; an organisation as the subject of a clause (`Cerberus has agreed`),
/// an owner (`Opel's`) or after `at`, `by`, `from`, `with`; otherwise
/// nothing, since lone unknown capitalised words are as often products.
fn guess_from_context(before: &str, after: &str) -> Option<EntityLabel> {
    let before = before.to_ascii_lowercase();
    if matches!(before.as_str(), "in" | "near" | "across" | "throughout") {
        return Some(EntityLabel::Location);
    }
    let subject = acts_as_verb(after);
    let owner = after == "'s" || after == "’s";
    if subject || owner || matches!(before.as_str(), "at" | "by" | "from" | "with" | "against" | "between") {
        return Some(EntityLabel::Organization);
    }
    None
}

/// Links short mentions to the full names they abbreviate (`Campbell` ->
/// `Kurt Campbell`, `Cho` -> `Cho Tae-yong`, `GAO` -> `Government
/// Accountability Office`) and decides the kind of the names no rule knew.
fn link_and_resolve<'a>(text: &'a str, gazetteer: &'a Gazetteer, paragraphs: &[Span], found: &mut [Found<'a>]) {
    let mut scratch = String::new();
    // Unknown names of several words first, so that people among them can
    // take their surnames in the linking below.
    for f in found.iter_mut().filter(|f| f.word_count > 1) {
        if f.evidence == Evidence::Guess && f.label.is_none() && !f.link_only {
            // Unknown names of several words are people when they speak;
            // otherwise they are as often products, events or titles of
            // works, which are not reported.
            let after = f.after.slice(text);
            let before = f.before.slice(text);
            let after2 = f.after2.slice(text);
            // `X said`, `said X`, `X, who`, `X, the minister`, `X, head of`.
            let apposition = after == ","
                && (matches!(after2, "the" | "a" | "an" | "who" | "whose")
                    || gazetteer.word_class(after2, &mut scratch).has(WordClass::TITLE_HEAD));
            // `his counterpart Funakoshi Takehiro`: a role noun before.
            let role_before = gazetteer.word_class(before, &mut scratch).has(WordClass::TITLE_HEAD);
            if SPEECH_VERBS.contains(&after)
                || after == "who"
                || SPEECH_VERBS.contains(&before)
                || apposition
                || role_before
            {
                f.label = Some(EntityLabel::Person);
                f.the_start = None;
            } else if acts_as_verb(after) {
                // `Aer Lingus has ordered`: the subject of a clause that no
                // person's shape explains.
                f.label = Some(EntityLabel::Organization);
            }
        }
    }
    link_registry(text, gazetteer, found);
    // Surname (last word, or first for East Asian names) -> full names, in
    // text order; initials and first words -> organisations.
    let mut people: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
    let mut orgs: FxHashMap<Cow<'a, str>, usize> = FxHashMap::default();
    for (i, f) in found.iter().enumerate() {
        if f.word_count < 2 {
            continue;
        }
        let first = f.first_word.slice(text);
        let last = f.last_word.slice(text);
        match f.label {
            Some(EntityLabel::Person) => {
                // East Asian names put the family name first (`Cho Tae-yong`
                // -> `Cho`); a word that is both (`Kim Gunn`) keys both ways.
                let class = gazetteer.word_class(first, &mut scratch);
                if class.has(WordClass::EAST_ASIAN_SURNAME) {
                    people.entry(first).or_default().push(i);
                }
                if !class.has(WordClass::EAST_ASIAN_SURNAME) || class.has(WordClass::GIVEN_NAME) {
                    people.entry(last.trim_end_matches('.')).or_default().push(i);
                }
            }
            Some(EntityLabel::Organization) => {
                let name = f.name_span.slice(text);
                let initials: String =
                    name.split_whitespace().filter_map(|w| w.chars().next()).filter(|c| c.is_uppercase()).collect();
                if initials.chars().count() >= 2 {
                    orgs.entry(Cow::Owned(initials)).or_insert(i);
                }
                // `Northrop` for `Northrop Grumman`, but not `Tulsa` for the
                // `Tulsa Police Department`.
                let second = name.split_whitespace().nth(1).unwrap_or("");
                if !gazetteer.word_class(second, &mut scratch).has(WordClass::ORG_WORD) {
                    orgs.entry(Cow::Borrowed(first)).or_insert(i);
                }
                // `the Post` for `The Washington Post`, `the Commission`.
                if gazetteer.word_class(last, &mut scratch).has(WordClass::ORG_WORD) {
                    orgs.entry(Cow::Borrowed(last)).or_insert(i);
                }
            }
            _ => {}
        }
    }
    // The full name each short organisation mention stands for, by index.
    let mut links: Vec<(usize, usize)> = Vec::new();
    let mut people_links = PeopleLinks { mentions: None, decided: Vec::new() };
    for i in 0..found.len() {
        let f = &found[i];
        if f.word_count != 1 {
            // A full name several registry entries share (two people of the
            // same name) is decided by the context alone.
            if f.registry_candidates.as_slice().len() >= 2 {
                let candidates = f.registry_candidates.as_slice().iter().map(|&e| Referent::Entry(e)).collect();
                let decision = people_links.decide(text, paragraphs, &people, found, i, candidates);
                apply_decision(gazetteer, &mut found[i], decision);
            }
            continue;
        }
        let word = f.first_word.slice(text);
        let listed_short_name = f.label == Some(EntityLabel::Person) && f.canonical.is_some();
        if listed_short_name && f.registry_candidates.as_slice().is_empty() {
            // A listed short name (`Trump`) already names its person.
            continue;
        }
        let fulls = people.get(word);
        if fulls.is_some() || f.registry_candidates.as_slice().len() >= 2 {
            // A surname of people named in full (`Campbell` for Kurt
            // Campbell), or an alias several registry entries share: the
            // person the article's context points to, if it points to one.
            let mut candidates: Vec<Referent<'a>> = Vec::new();
            for &j in fulls.map_or(&[][..], Vec::as_slice) {
                let referent = referent_of(text, &found[j]);
                if !candidates.contains(&referent) {
                    candidates.push(referent);
                }
            }
            for &e in f.registry_candidates.as_slice() {
                if !candidates.contains(&Referent::Entry(e)) {
                    candidates.push(Referent::Entry(e));
                }
            }
            let decision = people_links.decide(text, paragraphs, &people, found, i, candidates);
            let f = &mut found[i];
            if fulls.is_some() {
                // A person's surname wins over a place or firm of the same name.
                f.label = Some(EntityLabel::Person);
            }
            apply_decision(gazetteer, f, decision);
            if f.label == Some(EntityLabel::Person) {
                f.the_start = None;
            }
            continue;
        }
        let f = &mut found[i];
        if f.entity.is_some() {
            // A registry alias only one entry has.
            continue;
        }
        if f.evidence == Evidence::Guess {
            if f.link_only {
                let with_the = f.before.slice(text).eq_ignore_ascii_case("the");
                if let Some(&j) = orgs.get(word).filter(|_| with_the) {
                    f.label = Some(EntityLabel::Organization);
                    links.push((i, j));
                }
                continue;
            }
            let in_place = matches!(f.before.slice(text).to_ascii_lowercase().as_str(), "in" | "near");
            if let Some(&j) = orgs.get(word).filter(|_| !in_place) {
                f.label = Some(EntityLabel::Organization);
                links.push((i, j));
                continue;
            }
            f.label = guess_from_context(f.before.slice(text), f.after.slice(text));
        } else if f.label == Some(EntityLabel::Organization) && f.canonical.is_none() {
            if let Some(&j) = orgs.get(word) {
                links.push((i, j));
            }
        }
    }
    for (i, j) in links {
        let full = found
            .get(j)
            .map(|full| (full.canonical.clone().unwrap_or(Cow::Borrowed(full.name_span.slice(text))), full.entity));
        if let (Some(f), Some((canonical, entity))) = (found.get_mut(i), full) {
            f.canonical = Some(canonical);
            f.entity = entity;
        }
    }
}

/// Links every name the registry knows exactly or by a variant spelling to
/// its entry; a name that several entries share keeps them all as
/// candidates for the context to decide.
fn link_registry<'a>(text: &'a str, gazetteer: &'a Gazetteer, found: &mut [Found<'a>]) {
    if !gazetteer.has_registry() {
        return;
    }
    let mut scratch = String::new();
    for f in found.iter_mut() {
        if let Some(form) = f.form {
            if form.is_registered() {
                if form.is_shared() {
                    f.registry_candidates =
                        RegistryCandidates::Many(Cow::Borrowed(gazetteer.form_entries(form.form())));
                } else {
                    let only = form.entry();
                    f.entity = Some(only);
                    f.variant_of = gazetteer.entries().get(only).and_then(|e| case_variant(f.name_span.slice(text), e));
                    f.registry_candidates = RegistryCandidates::One(only);
                }
                continue;
            }
            if !gazetteer.folds_like_registry(form) {
                continue;
            }
        }
        // Only names the registry did not match exactly: `Kim Jong-un` for
        // `Kim Jong Un`, or a built-in spelling the registry writes otherwise.
        let name = f.name_span.slice(text);
        let spellings = gazetteer.entries_folding_like_with(name, &mut scratch);
        let Some((first, spelling)) = spellings.first() else { continue };
        let Some(entry) = gazetteer.entries().get(*first) else { continue };
        f.label = Some(entry.label);
        f.evidence = Evidence::Strong;
        f.link_only = false;
        if spellings.iter().all(|(e, _)| e == first) {
            f.entity = Some(*first);
            f.canonical = Some(Cow::Borrowed(entry.name.as_str()));
            // Case and abbreviation periods are style, not spelling.
            let plain = |s: &'a str| s.chars().filter(|c| *c != '.').flat_map(char::to_lowercase);
            if !plain(name).eq(plain(spelling)) {
                f.variant_of = Some(spelling.as_str());
            }
        } else {
            let mut entries: Vec<usize> = spellings.iter().map(|(e, _)| *e).collect();
            entries.dedup();
            f.registry_candidates = RegistryCandidates::Many(Cow::Owned(entries));
        }
    }
    short_names::link_short_names(text, gazetteer, found);
}

/// The registry spelling that `written` differs from only in case, when
/// the difference is a spelling (`Lim Sung-Nam` for `Lim Sung-nam`) rather
/// than style: text in capitals (`SEOUL`, a dateline) or in lower case (`the
/// state department`) spells nothing differently.
fn case_variant<'a>(written: &str, entry: &'a GazetteerEntry) -> Option<&'a str> {
    let mixed_case = written.chars().any(char::is_uppercase) && written.chars().any(char::is_lowercase);
    if !mixed_case {
        return None;
    }
    let spellings = std::iter::once(&entry.name).chain(&entry.aliases);
    let same_letters =
        |s: &str| s.chars().flat_map(char::to_lowercase).eq(written.chars().flat_map(char::to_lowercase));
    let mut near = None;
    for spelling in spellings {
        if spelling == written {
            return None;
        }
        if near.is_none() && same_letters(spelling) {
            near = Some(spelling.as_str());
        }
    }
    near
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

/// Who a full name refers to: its registry entry, or else the name itself.
fn referent_of<'a>(text: &'a str, f: &Found<'a>) -> Referent<'a> {
    match f.entity {
        Some(e) => Referent::Entry(e),
        None => Referent::Name(f.canonical.clone().unwrap_or(Cow::Borrowed(f.name_span.slice(text)))),
    }
}

/// The decisions on short names made so far, and where each referent is
/// named (built on the first mention that needs it: most articles have
/// none).
struct PeopleLinks<'a> {
    mentions: Option<Mentions<'a>>,
    decided: Vec<(usize, Referent<'a>)>,
}

impl<'a> PeopleLinks<'a> {
    fn decide(
        &mut self,
        text: &'a str,
        paragraphs: &[Span],
        people: &FxHashMap<&str, Vec<usize>>,
        found: &[Found<'a>],
        i: usize,
        candidates: Vec<Referent<'a>>,
    ) -> Decision<'a> {
        let pos = found[i].span.start;
        let decision = if let [only] = candidates.as_slice() {
            Decision::Link(only.clone())
        } else {
            let mentions = self.mentions.get_or_insert_with(|| {
                let mut mentions = Mentions::default();
                for f in found {
                    // Full names, and registry names that no context has to
                    // decide; short names count once decided.
                    let decided_later = f.word_count == 1
                        && (f.registry_candidates.as_slice().len() >= 2
                            || people.contains_key(f.first_word.slice(text)));
                    let full_person = f.word_count >= 2 && f.label == Some(EntityLabel::Person);
                    if !decided_later && (full_person || f.entity.is_some()) {
                        mentions.add(referent_of(text, f), f.span.start);
                    }
                }
                for (pos, referent) in &self.decided {
                    mentions.add(referent.clone(), *pos);
                }
                mentions
            });
            decide(candidates, pos, || context_start(text, paragraphs, pos), mentions)
        };
        if let Decision::Link(referent) = &decision {
            self.decided.push((pos, referent.clone()));
            if let Some(mentions) = self.mentions.as_mut() {
                mentions.add(referent.clone(), pos);
            }
        }
        decision
    }
}

fn apply_decision<'a>(gazetteer: &'a Gazetteer, f: &mut Found<'a>, decision: Decision<'a>) {
    let name_of = |referent: Referent<'a>| match referent {
        Referent::Entry(e) => gazetteer.entries().get(e).map_or(Cow::Borrowed(""), |entry| Cow::Borrowed(&*entry.name)),
        Referent::Name(name) => name,
    };
    match decision {
        Decision::Link(referent) => {
            if let Referent::Entry(e) = referent {
                f.entity = Some(e);
                if let Some(entry) = gazetteer.entries().get(e) {
                    f.label = Some(entry.label);
                }
            } else {
                f.entity = None;
            }
            f.canonical = Some(name_of(referent));
        }
        Decision::Ambiguous(candidates) => {
            f.entity = None;
            // The mention stays what the text says; only the candidates
            // say who it might be.
            f.canonical = None;
            f.candidates = candidates.into_iter().map(name_of).collect();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article;

    fn entities(text: &str) -> Vec<(String, &'static str, String, Option<String>)> {
        let article = article::parse(text, None);
        detect(&article).into_iter().map(|m| (m.text, m.label.code(), m.canonical, m.title)).collect()
    }

    fn find<'a>(
        found: &'a [(String, &'static str, String, Option<String>)],
        text: &str,
    ) -> Option<&'a (String, &'static str, String, Option<String>)> {
        found.iter().find(|e| e.0 == text)
    }

    #[test]
    fn possessive_stays_out_of_the_span() {
        let found = entities("Officials said North Korea's new leadership must change course.");
        let nk = find(&found, "North Korea").expect("North Korea found");
        assert_eq!(nk.1, "LOC");
        assert!(found.iter().all(|e| !e.0.contains("'s")));
    }

    #[test]
    fn title_goes_into_title_not_span() {
        let found = entities("Speaking in Tokyo, Assistant Secretary of State Mary Olson said the talks would go on.");
        let per = find(&found, "Mary Olson").expect("person found");
        assert_eq!(per.1, "PER");
        assert_eq!(per.3.as_deref(), Some("Assistant Secretary of State"));
        assert_eq!(find(&found, "Tokyo").map(|e| e.1), Some("LOC"));
        assert!(find(&found, "Speaking").is_none());
    }

    #[test]
    fn title_can_name_the_place_it_serves() {
        let found = entities("It was South Korean Ambassador to the United States Han Ji-won who spoke.");
        let han = find(&found, "Han Ji-won").expect("person");
        assert_eq!(han.3.as_deref(), Some("South Korean Ambassador to the United States"));
        assert_eq!(find(&found, "the United States").map(|e| e.1), Some("LOC"));
    }

    #[test]
    fn a_month_after_a_given_name_is_a_surname() {
        let found = entities("British Prime Minister Theresa May said on May 5 that talks would go on.");
        let may = find(&found, "Theresa May").expect("person");
        assert_eq!(may.3.as_deref(), Some("British Prime Minister"));
        assert_eq!(found.len(), 1, "{found:?}");
    }

    #[test]
    fn relatives_of_known_people_are_people() {
        let found = entities("Later, Barron Trump and Donald Trump left the stage.");
        assert_eq!(find(&found, "Barron Trump").map(|e| e.1), Some("PER"), "{found:?}");
        assert_eq!(find(&found, "Donald Trump").map(|e| e.2.as_str()), Some("Donald Trump"));
    }

    #[test]
    fn odd_casing_and_demonyms_join_the_title() {
        let found =
            entities("Vietnamese prime Minister Nguyen Van An met Russian Deputy Foreign Minister Oleg Petrov.");
        let nguyen = find(&found, "Nguyen Van An").expect("Vietnamese name");
        assert_eq!(nguyen.3.as_deref(), Some("Vietnamese prime Minister"));
        let petrov = find(&found, "Oleg Petrov").expect("Russian name");
        assert_eq!(petrov.3.as_deref(), Some("Russian Deputy Foreign Minister"));
        assert!(found.iter().all(|e| e.0 != "Vietnamese" && e.0 != "Russian"));
    }

    #[test]
    fn east_asian_names_link_by_family_name() {
        let text = "Envoy Park Min-jae arrived in Busan on Monday.\n\n\"We are ready,\" Park said.";
        let found = entities(text);
        let full = find(&found, "Park Min-jae").expect("full name");
        assert_eq!(full.1, "PER");
        let short = find(&found, "Park").expect("short mention");
        assert_eq!((short.1, short.2.as_str()), ("PER", "Park Min-jae"));
    }

    #[test]
    fn three_part_korean_name_and_initials() {
        let found = entities("Analysts compared Kim Jong Un with George W. Bush and with Moon Hee Sung.");
        assert_eq!(find(&found, "Kim Jong Un").map(|e| e.1), Some("PER"));
        assert_eq!(find(&found, "George W. Bush").map(|e| e.1), Some("PER"));
        assert_eq!(find(&found, "Moon Hee Sung").map(|e| e.1), Some("PER"));
    }

    #[test]
    fn western_surname_links_to_full_name() {
        let text = "The company hired Laura Whitfield in March.\n\nWhitfield said the plan was sound.";
        let found = entities(text);
        let short = find(&found, "Whitfield").expect("surname mention");
        assert_eq!((short.1, short.2.as_str()), ("PER", "Laura Whitfield"));
    }

    #[test]
    fn sentence_start_words_are_not_entities() {
        let found =
            entities("Meanwhile, rain fell. But talks went on. Yesterday the ministers met on Tuesday in March.");
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn title_case_headline_keeps_only_known_names() {
        let text = "Envoy Urges Calm As Tensions Rise In Seoul\n\nThe envoy spoke in Seoul on Friday.";
        let found = entities(text);
        let names: Vec<&str> = found.iter().map(|e| e.0.as_str()).collect();
        assert_eq!(names, ["Seoul", "Seoul"]);
    }

    #[test]
    fn the_belongs_to_some_names() {
        let found = entities("Trade with the United States grew, and the Pentagon agreed, the ministry said.");
        assert_eq!(find(&found, "the United States").map(|e| e.2.as_str()), Some("United States"));
        assert_eq!(find(&found, "the Pentagon").map(|e| e.1), Some("ORG"));
    }

    #[test]
    fn organisation_words_and_acronyms_make_organisations() {
        let text = "Shares of Hanbit Steel Corp. rose after the Korea Development Bank said the Fair Trade \
                    Commission (FTC) had approved the deal.";
        let found = entities(text);
        assert_eq!(find(&found, "Hanbit Steel Corp.").map(|e| e.1), Some("ORG"));
        assert_eq!(find(&found, "the Korea Development Bank").map(|e| e.1), Some("ORG"));
        assert_eq!(find(&found, "FTC").map(|e| e.1), Some("ORG"));
    }

    #[test]
    fn lowercase_departments_are_organisations() {
        let found = entities("A spokesman for the state department and Japan's foreign ministry declined to comment.");
        assert_eq!(find(&found, "the state department").map(|e| e.2.as_str()), Some("State Department"));
        assert_eq!(find(&found, "foreign ministry").map(|e| e.1), Some("ORG"));
        assert_eq!(find(&found, "Japan").map(|e| e.1), Some("LOC"));
    }

    #[test]
    fn place_and_region_make_one_place_but_lists_do_not() {
        let found = entities("The plant in Dayton, Ohio, will close. Exports to Russia, China, Japan and Mexico fell.");
        assert!(find(&found, "Dayton, Ohio").is_some(), "{found:?}");
        assert!(find(&found, "Russia").is_some() && find(&found, "China").is_some());
    }

    #[test]
    fn currency_signs_are_not_places() {
        let found = entities("The deal is worth US$ 40 billion to the airline.");
        assert!(find(&found, "US").is_none(), "{found:?}");
    }

    #[test]
    fn registry_entries_extend_the_builtin_gazetteer() {
        let mut gazetteer = Gazetteer::builtin().clone();
        gazetteer.extend([GazetteerEntry::new("Zentrix Labs", EntityLabel::Organization).with_aliases(["Zentrix"])]);
        let text = "Zentrix said profits rose.";
        let article = article::parse(text, None);
        let found = detect_with(&article, &gazetteer);
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].label, found[0].canonical.as_str()), (EntityLabel::Organization, "Zentrix Labs"));
    }

    #[test]
    fn registry_names_in_hangul_are_found() {
        let mut gazetteer = Gazetteer::builtin().clone();
        gazetteer.extend([GazetteerEntry::new("Cho Tae-yong", EntityLabel::Person).with_aliases(["조태용"])]);
        let text = "주미대사 조태용 said the allies would cooperate.";
        let found = detect_with(&article::parse(text, None), &gazetteer);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!((found[0].text.as_str(), found[0].canonical.as_str()), ("조태용", "Cho Tae-yong"));
    }

    fn registry(entries: Vec<GazetteerEntry>) -> Gazetteer {
        let mut gazetteer = Gazetteer::builtin().clone();
        gazetteer.extend(entries);
        gazetteer
    }

    fn two_kims() -> Gazetteer {
        registry(vec![
            GazetteerEntry::new("Kim Jong Un", EntityLabel::Person).with_id("kim-jong-un").with_aliases(["Kim"]),
            GazetteerEntry::new("Kim Jong Il", EntityLabel::Person).with_id("kim-jong-il").with_aliases(["Kim"]),
        ])
    }

    fn detect_in(text: &str, gazetteer: &Gazetteer) -> Vec<EntityMention> {
        detect_with(&article::parse(text, None), gazetteer)
    }

    fn mention<'m>(found: &'m [EntityMention], text: &str, nth: usize) -> &'m EntityMention {
        let all: Vec<&EntityMention> = found.iter().filter(|m| m.text == text).collect();
        all.get(nth).copied().unwrap_or_else(|| panic!("no mention {nth} of {text:?} in {found:#?}"))
    }

    #[test]
    fn registry_names_and_aliases_link_to_their_entry() {
        let gazetteer = registry(vec![GazetteerEntry::new("Marta Oyelaran", EntityLabel::Person)
            .with_id("marta-oyelaran")
            .with_aliases(["Oyelaran"])]);
        let text = "Marta Oyelaran opened the port on Monday.\n\nOyelaran said trade would double.";
        let found = detect_in(text, &gazetteer);
        for m in [mention(&found, "Marta Oyelaran", 0), mention(&found, "Oyelaran", 0)] {
            assert_eq!(m.entity.as_deref(), Some("marta-oyelaran"), "{m:?}");
            assert_eq!((m.label, m.canonical.as_str()), (EntityLabel::Person, "Marta Oyelaran"));
            assert!(m.candidates.is_empty() && m.variant_of.is_none());
        }
    }

    #[test]
    fn registry_kind_wins_over_the_builtin_lists_and_name_shapes() {
        // `Victoria` is a place in the built-in lists and `Kestrel Valley`
        // looks like one; this corpus registers both as organisations.
        let gazetteer = registry(vec![
            GazetteerEntry::new("Victoria", EntityLabel::Organization).with_id("victoria-label"),
            GazetteerEntry::new("Kestrel Valley", EntityLabel::Organization).with_id("kestrel"),
        ]);
        let text = "Shares of Kestrel Valley rose after Victoria signed the singer.";
        let found = detect_in(text, &gazetteer);
        assert_eq!(mention(&found, "Kestrel Valley", 0).label, EntityLabel::Organization);
        assert_eq!(mention(&found, "Kestrel Valley", 0).entity.as_deref(), Some("kestrel"));
        assert_eq!(mention(&found, "Victoria", 0).label, EntityLabel::Organization);
        assert_eq!(mention(&found, "Victoria", 0).entity.as_deref(), Some("victoria-label"));
    }

    #[test]
    fn an_alias_of_two_entries_links_to_neither_without_context() {
        let found = detect_in("Kim said the tests would go on.", &two_kims());
        let kim = mention(&found, "Kim", 0);
        assert_eq!(kim.entity, None);
        assert_eq!(kim.canonical, "Kim");
        assert_eq!(kim.candidates, ["Kim Jong Un", "Kim Jong Il"]);
    }

    #[test]
    fn an_alias_of_two_entries_links_to_the_one_the_article_names() {
        let text = "Kim Jong Il ruled until 2011.\n\nAnalysts said Kim had feared a coup.";
        let found = detect_in(text, &two_kims());
        let kim = mention(&found, "Kim", 0);
        assert_eq!(kim.entity.as_deref(), Some("kim-jong-il"), "{kim:?}");
        assert_eq!(kim.canonical, "Kim Jong Il");
        assert!(kim.candidates.is_empty());
    }

    #[test]
    fn a_full_name_outside_the_registry_is_a_candidate_too() {
        // Kim Yo Jong is not registered, but the article names her.
        let text = "Kim Jong Un met his sister Kim Yo Jong in Pyongyang.\n\n\
                    The meeting lasted two hours.\n\nKim said the talks had been useful.";
        let found = detect_in(text, &two_kims());
        assert_eq!(mention(&found, "Kim Yo Jong", 0).label, EntityLabel::Person);
        assert_eq!(mention(&found, "Kim Jong Un", 0).entity.as_deref(), Some("kim-jong-un"));
        let kim = mention(&found, "Kim", 0);
        assert_eq!((kim.entity.as_deref(), kim.canonical.as_str()), (None, "Kim"));
        assert_eq!(kim.candidates, ["Kim Jong Un", "Kim Yo Jong"]);
    }

    #[test]
    fn a_surname_two_people_share_is_ambiguous_without_a_registry() {
        let text = "Kim Jong Un inspected a factory on Monday, a day after Kim Yo Jong warned the South.\n\n\
                    State media showed both at the site.\n\nKim said production must rise.";
        let found = entities(text);
        let kim = find(&found, "Kim").expect("short mention");
        assert_eq!((kim.1, kim.2.as_str()), ("PER", "Kim"));
        let mentions = detect(&article::parse(text, None));
        assert_eq!(mention(&mentions, "Kim", 0).candidates, ["Kim Jong Un", "Kim Yo Jong"]);
    }

    #[test]
    fn the_previous_sentence_or_the_paragraph_decides_between_namesakes() {
        let text = "Kim Jong Un inspected a factory, a day after Kim Yo Jong warned the South.\n\n\
                    Kim Yo Jong has issued such warnings before.\n\n\
                    Kim said the drills were a provocation. Kim also threatened a response.\n\n\
                    Later that day, Kim Jong Un toured a farm. Kim praised the harvest.";
        let found = detect(&article::parse(text, None));
        assert_eq!(mention(&found, "Kim", 0).canonical, "Kim Yo Jong", "the previous sentence names her");
        assert_eq!(mention(&found, "Kim", 1).canonical, "Kim Yo Jong", "the paragraph so far names her");
        assert_eq!(mention(&found, "Kim", 2).canonical, "Kim Jong Un", "the paragraph so far names him");
        assert!(found.iter().all(|m| m.candidates.is_empty()), "{found:#?}");
    }

    #[test]
    fn a_surname_before_the_second_namesake_is_the_first() {
        let text = "Kim Jong Un inspected a factory. Kim praised the workers.\n\n\
                    His sister Kim Yo Jong stayed in the capital.";
        let found = detect(&article::parse(text, None));
        let kim = mention(&found, "Kim", 0);
        assert_eq!((kim.canonical.as_str(), kim.candidates.len()), ("Kim Jong Un", 0));
    }

    #[test]
    fn variant_spellings_link_to_the_registry_entry() {
        let gazetteer = registry(vec![
            GazetteerEntry::new("Kim Jong Un", EntityLabel::Person).with_id("kim-jong-un"),
            GazetteerEntry::new("Cho Tae-yong", EntityLabel::Person).with_id("cho-tae-yong"),
        ]);
        let text = "Kim Jong-un met envoys. Ambassador Cho Tae Yong said talks went well. \
                    KIM JONG UN left on Friday.";
        let found = detect_in(text, &gazetteer);
        let kju = mention(&found, "Kim Jong-un", 0);
        assert_eq!(kju.entity.as_deref(), Some("kim-jong-un"));
        assert_eq!((kju.canonical.as_str(), kju.variant_of.as_deref()), ("Kim Jong Un", Some("Kim Jong Un")));
        let cho = mention(&found, "Cho Tae Yong", 0);
        assert_eq!(cho.entity.as_deref(), Some("cho-tae-yong"), "{found:#?}");
        assert_eq!(cho.variant_of.as_deref(), Some("Cho Tae-yong"));
        let shouted = mention(&found, "KIM JONG UN", 0);
        assert_eq!((shouted.entity.as_deref(), shouted.variant_of.as_deref()), (Some("kim-jong-un"), None));
    }

    #[test]
    fn a_registry_name_in_other_capitals_is_a_variant_unless_all_capitals_or_lower_case() {
        let gazetteer = registry(vec![
            GazetteerEntry::new("Lim Sung-nam", EntityLabel::Person).with_id("lim"),
            GazetteerEntry::new("Hanbit Steel", EntityLabel::Organization).with_id("hanbit").with_aliases(["HANBIT"]),
        ]);
        let text = "Envoy Lim Sung-Nam met LIM SUNG-NAM fans. Hanbit Steel and HANBIT STEEL and HANBIT rose.";
        let found = detect_in(text, &gazetteer);
        assert_eq!(mention(&found, "Lim Sung-Nam", 0).variant_of.as_deref(), Some("Lim Sung-nam"));
        assert_eq!(mention(&found, "Lim Sung-Nam", 0).entity.as_deref(), Some("lim"));
        for written in ["LIM SUNG-NAM", "Hanbit Steel", "HANBIT"] {
            let m = found.iter().find(|m| m.text == written);
            assert!(m.is_some_and(|m| m.variant_of.is_none() && m.entity.is_some()), "{written}: {found:#?}");
        }
    }

    #[test]
    fn a_short_name_of_a_variant_links_to_the_entry() {
        let gazetteer = registry(vec![GazetteerEntry::new("Tomasz Wolański", EntityLabel::Person).with_id("tw")]);
        let text = "Tomasz Wolanski runs the port.\n\nWolanski said cargo volumes rose.";
        let found = detect_in(text, &gazetteer);
        let short = mention(&found, "Wolanski", 0);
        assert_eq!((short.entity.as_deref(), short.canonical.as_str()), (Some("tw"), "Tomasz Wolański"));
        assert_eq!(short.variant_of, None);
    }

    #[test]
    fn a_builtin_name_never_displaces_a_registry_entry_of_the_same_form() {
        let mut gazetteer =
            registry(vec![GazetteerEntry::new("Georgia", EntityLabel::Location).with_id("georgia-state")]);
        gazetteer.add(GazetteerEntry::new("Georgia", EntityLabel::Location));
        let found = detect_in("Storms hit Georgia overnight.", &gazetteer);
        assert_eq!(mention(&found, "Georgia", 0).entity.as_deref(), Some("georgia-state"));
    }

    #[test]
    fn a_large_registry_keeps_capitals_and_builtin_names_working() {
        let surnames = ["Arvel", "Brisk", "Corran", "Dunmore", "Elsby", "Fenwright", "Galloway", "Hestor"];
        let mut entries: Vec<GazetteerEntry> = (0..6_000)
            .map(|i| {
                let name = format!("{} {}{i}", ["Maria", "Oscar", "Priya"][i % 3], surnames[i % surnames.len()]);
                GazetteerEntry::new(&name, EntityLabel::Person).with_id(&format!("p{i}"))
            })
            .collect();
        entries
            .push(GazetteerEntry::new("Lund Maritime", EntityLabel::Organization).with_id("lund").with_aliases(["LM"]));
        let gazetteer = registry(entries);
        let text = "Oscar Corran10 met Lund Maritime staff in Seoul. The US fleet and lm boats waited, and LM said so.";
        let found = detect_in(text, &gazetteer);
        assert_eq!(mention(&found, "Oscar Corran10", 0).entity.as_deref(), Some("p10"));
        assert_eq!(mention(&found, "Lund Maritime", 0).entity.as_deref(), Some("lund"));
        assert_eq!(mention(&found, "LM", 0).entity.as_deref(), Some("lund"));
        assert_eq!(mention(&found, "Seoul", 0).label, EntityLabel::Location);
        assert_eq!(mention(&found, "US", 0).canonical, "United States");
        assert!(found.iter().all(|m| m.text != "lm"), "a short all-capital alias needs capitals: {found:#?}");
    }

    #[test]
    fn random_text_with_a_registry_never_panics() {
        let gazetteer = registry(vec![
            GazetteerEntry::new("Kim Jong Un", EntityLabel::Person).with_id("kju").with_aliases(["Kim"]),
            GazetteerEntry::new("Kim Jong Il", EntityLabel::Person).with_id("kji").with_aliases(["Kim"]),
            GazetteerEntry::new("Renée Dubois", EntityLabel::Person).with_id("rd").with_aliases(["Dubois"]),
            GazetteerEntry::new("Zelensky", EntityLabel::Person).with_id("z").with_aliases(["Zelensky"]),
        ]);
        let pieces = [
            "Kim",
            "Kim Jong-un",
            "Kim Jong Un",
            "Kim Yo Jong",
            "KIM",
            "Renee Dubois",
            "Dubois",
            "Zelenskyy",
            ". ",
            ", ",
            "\n\n",
            " ",
            "\u{a0}",
            "\u{3000}",
            "Mr.",
            "W.",
            "said",
            "the",
            "\"",
            "조태용",
            "é",
            "-",
            "Seoul",
        ];
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
        for _ in 0..300 {
            let mut text = String::new();
            for _ in 0..50 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                text.push_str(pieces[(seed % pieces.len() as u64) as usize]);
            }
            let found = detect_in(&text, &gazetteer);
            for e in &found {
                assert!(text.get(e.span.range()).is_some(), "{text:?} {e:?}");
                assert!(e.entity.is_none() || e.candidates.is_empty(), "linked or ambiguous, not both: {e:?}");
            }
        }
    }

    #[test]
    fn hangul_and_emoji_do_not_break_detection() {
        let found = entities("조태용 대사가 말했다 🙂 Kurt Campbell 🙂 met 조태용 in Seoul🙂.");
        assert_eq!(find(&found, "Kurt Campbell").map(|e| e.1), Some("PER"));
        assert_eq!(find(&found, "Seoul").map(|e| e.1), Some("LOC"));
    }

    #[test]
    fn spans_are_char_boundaries_and_do_not_overlap() {
        let text = "Ünïcödé Naïve Café in Zürich: Ångström Corp. and Renée Dubois spoke. “Quoted” O'Neill's.";
        let article = article::parse(text, None);
        let found = detect(&article);
        for pair in found.windows(2) {
            assert!(pair[0].span.end <= pair[1].span.start);
        }
        for e in &found {
            assert!(text.get(e.span.range()).is_some());
        }
    }

    #[test]
    fn unknown_people_are_found_by_what_surrounds_them() {
        let text = "Talks resumed on Monday, said Ravindra Okonkwo-Lind, a spokesman for the group.\n\n\
                    His counterpart Tadeusz Wrobel stayed home.";
        let found = entities(text);
        assert_eq!(find(&found, "Ravindra Okonkwo-Lind").map(|e| e.1), Some("PER"), "{found:?}");
        assert_eq!(find(&found, "Tadeusz Wrobel").map(|e| e.1), Some("PER"), "{found:?}");
    }

    #[test]
    fn unknown_names_that_act_are_organisations() {
        let found = entities("Shares rose after Korvath Mining announced a new mine in Peru.");
        assert_eq!(find(&found, "Korvath Mining").map(|e| e.1), Some("ORG"), "{found:?}");
        let found = entities("In March, Aer Lingus has ordered six jets.");
        assert_eq!(find(&found, "Aer Lingus").map(|e| e.1), Some("ORG"), "{found:?}");
    }

    #[test]
    fn unknown_capitalised_words_without_context_are_not_reported() {
        let found = entities("Buyers lined up for the new Zephyr Quantum handset and the Lumo player.");
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn a_firm_before_a_model_number_names_a_product() {
        let found = entities("The airline ordered ten Airbus A350 jets, and Boeing said it would bid again.");
        assert!(find(&found, "Airbus").is_none(), "{found:?}");
        assert_eq!(find(&found, "Boeing").map(|e| e.1), Some("ORG"));
    }

    #[test]
    fn indices_are_known_but_not_reported() {
        let found = entities("The FTSE 100 fell while the Dow Jones Industrial Average rose in New York.");
        let names: Vec<&str> = found.iter().map(|e| e.0.as_str()).collect();
        assert_eq!(names, ["New York"]);
    }

    #[test]
    fn shouted_words_are_not_acronyms() {
        let found = entities("SAVE THE DATE FOR OUR GALA. The event is run by UNICEF in Geneva.");
        let names: Vec<&str> = found.iter().map(|e| e.0.as_str()).collect();
        assert_eq!(names, ["UNICEF", "Geneva"]);
    }

    #[test]
    fn a_sentence_full_of_names_is_not_a_headline() {
        let found = entities("He met Deputy Foreign Minister Oleg Petrov.");
        assert_eq!(find(&found, "Oleg Petrov").map(|e| e.3.as_deref()), Some(Some("Deputy Foreign Minister")));
    }

    #[test]
    fn korean_family_name_that_is_also_a_given_name_links() {
        let text = "Envoy Kim Sook met reporters.\n\n\"We are ready,\" Kim said.";
        let found = entities(text);
        let short = find(&found, "Kim").expect("short mention");
        assert_eq!((short.1, short.2.as_str()), ("PER", "Kim Sook"));
    }

    #[test]
    fn the_short_name_of_a_paper_links_to_it() {
        let text =
            "The Washington Post reported the deal on Sunday.\n\nOfficials later told the Post that talks went on.";
        let found = entities(text);
        let short = find(&found, "the Post").expect("short mention");
        assert_eq!((short.1, short.2.as_str()), ("ORG", "The Washington Post"));
    }

    #[test]
    fn random_text_never_panics_and_spans_stay_valid() {
        let pieces = [
            "A",
            "b",
            "U.S.",
            "'s",
            "’",
            "'",
            "-",
            "--",
            ".",
            ",",
            "\"",
            "“",
            " ",
            " ",
            "\n\n",
            "Kim",
            "Jong-un",
            "조태용",
            "🙂",
            "É",
            "ß",
            "the",
            "The",
            "Mr.",
            "of",
            "Bank",
            "Seoul",
            "SEOUL",
            "&",
            "$",
            "A380",
            "Inc.",
            "said",
            "\r\n",
        ];
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        for _ in 0..300 {
            let mut text = String::new();
            for _ in 0..60 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                text.push_str(pieces[(seed % pieces.len() as u64) as usize]);
            }
            let article = article::parse(&text, None);
            let found = detect(&article);
            for e in &found {
                assert!(text.get(e.span.range()).is_some(), "{text:?} {e:?}");
            }
            for pair in found.windows(2) {
                assert!(pair[0].span.end <= pair[1].span.start, "{text:?} {pair:?}");
            }
        }
    }

    #[test]
    fn long_runs_of_capitalised_words_stay_fast() {
        let text = "Minister ".repeat(20_000) + "said, and Kim Sook said. " + &"Seoul Busan ".repeat(20_000);
        let start = std::time::Instant::now();
        let found = entities(&text);
        assert!(!found.is_empty());
        assert!(start.elapsed().as_secs() < 5, "took {:?}", start.elapsed());
    }

    /// `cargo test --release -p byline-core throughput -- --ignored --nocapture`
    #[test]
    #[ignore]
    fn throughput() {
        let paragraphs = [
            "SEOUL, March 3 (Yonhap) -- South Korea's foreign ministry said Tuesday that Vice Foreign Minister \
             Park Jin-woo will visit Washington next week to meet U.S. Deputy Secretary of State Karen Miles.",
            "The talks come as North Korea's leader Kim Jong Un ordered more missile tests, according to the \
             Korean Central News Agency, and as the United Nations Security Council weighs new sanctions.",
            "\"We will keep working closely with our allies,\" Park told reporters at Incheon International \
             Airport, adding that Japan and China had also been briefed on the plan.",
            "Shares of Hanbit Motors Corp. fell 3 percent in Seoul after the company said its chief executive, \
             Michael Grant, would step down at the end of the year for personal reasons.",
            "Meanwhile, the Bank of Korea kept its key rate unchanged, citing weak exports to Europe and \
             slowing demand in Southeast Asia, said Lee Soo-min, an economist at Daewon Securities.",
        ];
        let mut text = String::new();
        let mut n = 0;
        while text.len() < 4_000_000 {
            for p in paragraphs {
                n += 1;
                text.push_str(&format!("{p} ({n})\n\n"));
            }
        }
        // BYLINE_BENCH_JSONL: measure on real articles instead (one JSON
        // object with a "text" a line).
        let texts: Vec<String> = match std::env::var("BYLINE_BENCH_JSONL") {
            Ok(path) => std::fs::read_to_string(path).unwrap_or_default().lines().filter_map(serde_json_text).collect(),
            Err(_) => vec![text],
        };
        let articles: Vec<_> = texts.iter().map(|t| article::parse(t, None)).collect();
        let bytes: usize = texts.iter().map(String::len).sum();
        // CPU time of this thread (the machine is shared, so wall time lies).
        let cpu_ticks = || {
            let stat = std::fs::read_to_string("/proc/thread-self/stat").unwrap_or_default();
            let fields: Vec<&str> = stat.rsplit(')').next().unwrap_or("").split_whitespace().collect();
            // utime and stime: fields 14 and 15 of the line, 11 and 12 after the name.
            let field = |i: usize| fields.get(i).and_then(|f| f.parse::<u64>().ok()).unwrap_or(0);
            field(11) + field(12)
        };
        let rounds = 10;
        let mut mentions = 0;
        let wall = std::time::Instant::now();
        let ticks = cpu_ticks();
        for _ in 0..rounds {
            mentions = articles.iter().map(|a| detect(a).len()).sum::<usize>();
        }
        let cpu_secs = (cpu_ticks() - ticks) as f64 / 100.0;
        let wall_secs = wall.elapsed().as_secs_f64();
        let mb = (bytes * rounds) as f64 / 1e6;
        println!(
            "{mentions} mentions in {bytes} bytes: {:.1} MB/s CPU, {:.1} MB/s wall",
            mb / cpu_secs,
            mb / wall_secs
        );
        let ticks = cpu_ticks();
        let mut count = 0;
        let mut toks = Vec::new();
        for _ in 0..rounds {
            for a in &articles {
                for p in a.content_paragraphs() {
                    let s = a.slice(p.span);
                    crate::text::tokens::tokenize(s, p.span.start, &mut toks);
                    crate::text::tokens::mark_title_case_line(s, p.span.start, &mut toks);
                    count += toks.len();
                }
            }
        }
        println!("tokenizer alone: {:.1} MB/s CPU ({count} tokens)", mb / ((cpu_ticks() - ticks) as f64 / 100.0));
        // A yardstick for this machine: FNV-1a over the same bytes, one
        // multiply per byte (about 1 GB/s on an idle 3 GHz core).
        let ticks = cpu_ticks();
        let mut hash = 0xcbf2_9ce4_8422_2325_u64;
        for _ in 0..rounds * 10 {
            for t in &texts {
                for b in t.bytes() {
                    hash = (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
                }
            }
        }
        let fnv_secs = (cpu_ticks() - ticks) as f64 / 100.0;
        println!("yardstick FNV-1a: {:.0} MB/s CPU (hash {hash:x})", mb * 10.0 / fnv_secs);
        assert!(mentions > 0);
    }

    /// The `"text"` field of a JSON line, without a JSON dependency: enough
    /// for benchmark input.
    fn serde_json_text(line: &str) -> Option<String> {
        let start = line.find("\"text\": \"").map(|i| i + 9).or_else(|| line.find("\"text\":\"").map(|i| i + 8))?;
        let mut out = String::new();
        let mut chars = line.get(start..)?.chars();
        while let Some(c) = chars.next() {
            match c {
                '"' => return Some(out),
                '\\' => match chars.next()? {
                    'n' => out.push('\n'),
                    't' => out.push('\t'),
                    'u' => {
                        let hex: String = chars.by_ref().take(4).collect();
                        out.push(u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32).unwrap_or(' '));
                    }
                    other => out.push(other),
                },
                c => out.push(c),
            }
        }
        None
    }

    #[test]
    #[ignore]
    fn print_entities_of_env_text() {
        let text = std::env::var("BYLINE_TEXT").unwrap_or_default();
        for e in entities(&text) {
            println!("{e:?}");
        }
    }
}
