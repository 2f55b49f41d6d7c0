//! What a speaker mention is (name, pronoun, description, organisation) and
//! what it resolves to in the article.

use super::gender::{Evidence, Gender};
use super::lexicon::{class, word_class};
use super::lexicon::{is_determiner, is_name_particle, is_non_name, is_organization_head, is_pronoun, is_title};
use super::tokens::Token;
use super::{Attribution, SpeakerKind};
use crate::entities::{EntityLabel, EntityMention};
use crate::span::Span;

#[derive(Debug, Clone)]
pub(crate) struct Mention {
    pub span: Span,
    pub kind: SpeakerKind,
    /// For descriptions, the role noun (`ambassador` in `the ambassador to the
    /// U.S.`), lower case.
    pub head: Option<String>,
}

impl Mention {
    /// A name or an organisation: better evidence than a description.
    pub fn is_named(&self) -> bool {
        matches!(self.kind, SpeakerKind::Name | SpeakerKind::Organization)
    }
}

pub(crate) fn is_weekday_or_month(word: &str) -> bool {
    super::lexicon::word_class(word) & super::lexicon::class::WEEKDAY_OR_MONTH != 0
}

fn is_possessive(word: &str) -> bool {
    word.ends_with("'s") || word.ends_with("’s") || word.ends_with("s'")
}

/// A capitalised word that can be part of a person's name: not a title, not a
/// sentence-opening function word, not a possessive.
pub(crate) fn is_name_token(word: &str) -> bool {
    is_name_word(word, word_class(word))
}

/// [`is_name_token`] for a word whose class bits are known.
fn is_name_word(word: &str, bits: u16) -> bool {
    bits & (class::TITLE | class::NON_NAME) == 0
        && word.chars().next().is_some_and(char::is_uppercase)
        && !is_possessive(word)
        && word.chars().any(char::is_alphabetic)
}

fn is_acronym(word: &str) -> bool {
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    letters >= 2 && word.chars().all(|c| c.is_uppercase() || c == '.' || c == '&') && word != "I"
}

/// What kind of speaker the words `toks` name, and the span of the mention.
pub(crate) fn classify(text: &str, toks: &[Token]) -> Option<Mention> {
    let mut toks = toks;
    while let Some((first, rest)) = toks.split_first() {
        if first.is_word() {
            break;
        }
        toks = rest;
    }
    // Speaker phrases are short; a longer run of words is not one.
    const MAX_WORDS: usize = 16;
    if toks.is_empty() || toks.len() > MAX_WORDS || toks.iter().any(|t| !t.is_word()) {
        return None;
    }
    let mut buf = [""; MAX_WORDS];
    for (slot, t) in buf.iter_mut().zip(toks) {
        *slot = t.text(text);
    }
    let words = &buf[..toks.len()];
    let whole = Span::new(toks[0].start, toks[toks.len() - 1].end);
    if words.len() == 1 && is_pronoun(words[0]) {
        if words[0].eq_ignore_ascii_case("you") {
            return None;
        }
        return Some(Mention { span: whole, kind: SpeakerKind::Pronoun, head: None });
    }
    let last = words[words.len() - 1];
    // The name at the phrase's end: `Assistant Secretary of State Kurt Campbell`.
    let mut j = words.len();
    while j > 0 && (is_name_token(words[j - 1]) || (j < words.len() && j > 1 && is_name_particle(words[j - 1]))) {
        j -= 1;
    }
    // The role or organisation noun comes before any `of`/`for`/`to` phrase:
    // `a spokesman for the ministry` is a person.
    let head_end =
        words.iter().position(|w| matches!(*w, "of" | "for" | "to" | "at" | "with" | "in")).unwrap_or(words.len());
    let head = words.get(..head_end).and_then(|h| h.last()).copied();
    // `the top diplomat in the U.S.`, `the head of the U.N. World Food
    // Programme`: a description whose phrase ends in a name.
    let described = j >= 2
        && j < words.len()
        && matches!(words[j - 1], "the" | "of" | "for" | "to" | "in" | "at")
        && (is_determiner(words[0]) || words[0].starts_with(char::is_lowercase));
    if described {
        if head.is_some_and(is_organization_head) {
            return Some(Mention { span: whole, kind: SpeakerKind::Organization, head: None });
        }
        return Some(Mention { span: whole, kind: SpeakerKind::Description, head: head.map(str::to_lowercase) });
    }
    if j < words.len() {
        let run = &toks[j..];
        if (run.len() == 1 && is_acronym(last)) || is_organization_head(last) {
            return Some(Mention { span: whole, kind: SpeakerKind::Organization, head: None });
        }
        let span = Span::new(run[0].start, run[run.len() - 1].end);
        return Some(Mention { span, kind: SpeakerKind::Name, head: None });
    }
    if head.is_some_and(is_organization_head) {
        return Some(Mention { span: whole, kind: SpeakerKind::Organization, head: None });
    }
    if words.iter().all(|w| is_non_name(w) || is_title(w) && w.chars().next().is_some_and(char::is_uppercase)) {
        // `The`, `Tuesday`, a lone capitalised title: nobody in particular.
        if !words.iter().any(|w| is_title(w)) {
            return None;
        }
    }
    if words.iter().all(|w| w.chars().all(|c| !c.is_alphabetic())) {
        return None;
    }
    Some(Mention { span: whole, kind: SpeakerKind::Description, head: head.map(str::to_lowercase) })
}

/// A name of two or more words somewhere in the article, with the words
/// around it (titles, appositions) for descriptions to match.
struct NameOccurrence {
    start: usize,
    /// Its words, as token indices.
    words: std::ops::Range<usize>,
    /// The tokens around it.
    context: std::ops::Range<usize>,
}

#[derive(Debug, Clone)]
struct Known {
    pos: usize,
    what: Heard,
}

/// A speaker met so far: resolved (a quote's), or a reporting clause's
/// mention, resolved only if a pronoun ever needs it.
#[derive(Debug, Clone)]
enum Heard {
    Resolved { speaker: String, person: bool, organization: bool },
    Mention(Mention),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wanted {
    Person,
    Organization,
}

pub(crate) struct Resolver<'a> {
    text: &'a str,
    tokens: &'a [Token],
    entities: &'a [EntityMention],
    names: Vec<NameOccurrence>,
    /// Speakers met so far, ordered by position: those of reporting clauses,
    /// and those of quotes. Two lists because each grows in text order.
    known: [Vec<Known>; 2],
    /// What the article says of each person's gender, for `he` and `she`.
    pub(crate) genders: Evidence,
}

/// How far back a pronoun or role looks for its referent, in speakers or names.
const LOOKBACK: usize = 64;
/// How many full names a surname is compared with, each way: a whole long
/// article's worth.
const NAME_LOOKBACK: usize = 128;

/// Where a remembered speaker was read.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Source {
    Clause = 0,
    Quote = 1,
}

impl<'a> Resolver<'a> {
    pub fn new(text: &'a str, tokens: &'a [Token], entities: &'a [EntityMention], genders: Evidence) -> Self {
        let names = index_names(text, tokens);
        Resolver { text, tokens, entities, names, known: [Vec::new(), Vec::new()], genders }
    }

    /// After a quote is attributed: a `she` or `he` resolved to a person is
    /// what the article calls that person.
    pub fn learn(&mut self, a: &Attribution) {
        if a.kind == SpeakerKind::Pronoun && a.speaker != a.mention_text {
            if let Some(gender) = Gender::of_pronoun(&a.mention_text) {
                self.genders.heard(&a.speaker, gender);
            }
        }
    }

    fn name_of(&self, occ: &NameOccurrence) -> String {
        let words: Vec<&str> = self.tokens[occ.words.clone()].iter().map(|t| t.text(self.text)).collect();
        words.join(" ")
    }

    /// The latest remembered speaker before `pos` of the wanted sort, by name.
    /// Pronouns are passed over: they name someone met earlier anyway.
    fn latest(&self, pos: usize, wanted: Wanted) -> Option<String> {
        self.latest_fitting(pos, wanted, &|_| true)
    }

    /// [`Self::latest`] among the speakers `fits` accepts.
    fn latest_fitting(&self, pos: usize, wanted: Wanted, fits: &dyn Fn(&str) -> bool) -> Option<String> {
        self.known
            .iter()
            .filter_map(|list| {
                let end = list.partition_point(|k| k.pos < pos);
                list[..end]
                    .iter()
                    .rev()
                    .take(LOOKBACK)
                    .find_map(|k| Some((k.pos, self.heard_as(k, wanted).filter(|name| fits(name))?)))
            })
            .max_by_key(|(pos, _)| *pos)
            .map(|(_, speaker)| speaker)
    }

    fn heard_as(&self, known: &Known, wanted: Wanted) -> Option<String> {
        match (&known.what, wanted) {
            (Heard::Resolved { speaker, person: true, .. }, Wanted::Person) => Some(speaker.clone()),
            (Heard::Resolved { speaker, organization: true, .. }, Wanted::Organization) => Some(speaker.clone()),
            (Heard::Resolved { .. }, _) => None,
            (Heard::Mention(m), Wanted::Person) => match m.kind {
                SpeakerKind::Name | SpeakerKind::ShortName => {
                    let (speaker, kind) = self.full_name(m.span, m.span.slice(self.text));
                    (kind != SpeakerKind::Organization).then_some(speaker)
                }
                SpeakerKind::Description => m.head.as_deref().and_then(|head| self.person_with_role(head, known.pos)),
                SpeakerKind::Pronoun | SpeakerKind::Organization => None,
            },
            (Heard::Mention(m), Wanted::Organization) => {
                (m.kind == SpeakerKind::Organization).then(|| self.organization_name(m.span))
            }
        }
    }

    /// A reporting clause's speaker, kept unresolved until needed.
    pub fn remember_mention(&mut self, pos: usize, m: &Mention) {
        self.push(Source::Clause, Known { pos, what: Heard::Mention(m.clone()) });
    }

    pub fn remember(&mut self, source: Source, pos: usize, a: &Attribution) {
        let mention = a.mention_text.as_str();
        let person = match a.kind {
            SpeakerKind::Name | SpeakerKind::ShortName => true,
            SpeakerKind::Pronoun | SpeakerKind::Description => a.speaker != mention,
            SpeakerKind::Organization => false,
        };
        let organization = a.kind == SpeakerKind::Organization;
        self.push(source, Known { pos, what: Heard::Resolved { speaker: a.speaker.clone(), person, organization } });
    }

    fn push(&mut self, source: Source, known: Known) {
        let pos = known.pos;
        let list = &mut self.known[source as usize];
        if list.last().is_none_or(|k| k.pos <= pos) {
            list.push(known);
        } else {
            let at = list.partition_point(|k| k.pos <= pos);
            list.insert(at, known);
        }
    }

    /// Resolves a mention read at `pos` (pronouns look back from there).
    pub fn resolve_at(&self, m: &Mention, cue: Option<Span>, pos: usize) -> Attribution {
        let mention_text = m.span.slice(self.text).to_string();
        let pos = pos.min(m.span.start);
        let (speaker, kind) = match m.kind {
            SpeakerKind::Pronoun => (self.pronoun_referent(&mention_text, pos), SpeakerKind::Pronoun),
            SpeakerKind::Name | SpeakerKind::ShortName => self.full_name(m.span, &mention_text),
            SpeakerKind::Organization => (self.organization_name(m.span), SpeakerKind::Organization),
            SpeakerKind::Description => {
                let named = m.head.as_deref().and_then(|head| self.person_with_role(head, pos));
                let named = named.or_else(|| self.named_next(m));
                (named.unwrap_or_else(|| mention_text.clone()), SpeakerKind::Description)
            }
        };
        Attribution {
            mention: m.span,
            mention_text,
            cue,
            cue_text: cue.map(|c| c.slice(self.text).to_string()),
            speaker,
            kind,
        }
    }

    fn organization_name(&self, span: Span) -> String {
        let canonical = self.entity_at(span).filter(|e| e.label == EntityLabel::Organization);
        canonical.map_or_else(|| strip_determiner(span.slice(self.text)), |e| e.canonical.clone())
    }

    fn entity_at(&self, span: Span) -> Option<&'a EntityMention> {
        let i = self.entities.partition_point(|e| e.span.end <= span.start);
        self.entities.get(i..)?.iter().take_while(|e| e.span.start < span.end).find(|e| e.span.overlaps(span))
    }

    fn pronoun_referent(&self, pronoun: &str, pos: usize) -> String {
        let lower = pronoun.to_lowercase();
        let found = match lower.as_str() {
            "he" | "she" => {
                // `she` never names a man, nor `he` a woman.
                let gender = Gender::of_pronoun(&lower).expect("a gendered pronoun");
                let fits = |name: &str| self.genders.fits(name, gender);
                self.latest_fitting(pos, Wanted::Person, &fits).or_else(|| {
                    let i = self.entities.partition_point(|e| e.span.start < pos);
                    let recent = self.entities[..i].iter().rev().take(LOOKBACK);
                    recent
                        .filter(|e| e.label == EntityLabel::Person && fits(&e.canonical))
                        .map(|e| e.canonical.clone())
                        .next()
                })
            }
            "they" | "it" => self.latest(pos, Wanted::Organization).or_else(|| self.latest(pos, Wanted::Person)),
            _ => None,
        };
        found.unwrap_or_else(|| pronoun.to_string())
    }

    /// `Campbell` → `Kurt Campbell`, `Cho` → `Cho Tae-yong`: the fullest name
    /// containing the mention, the nearest one before it first.
    fn full_name(&self, span: Span, mention: &str) -> (String, SpeakerKind) {
        let entity = self.entity_at(span);
        if entity.is_some_and(|e| !e.candidates.is_empty()) && !mention.contains(char::is_whitespace) {
            // The entity layer found that the article's context does not say
            // which of several people this is (`Kim` after two Kims): the
            // speaker is the name as written, not a guess.
            return (mention.to_string(), SpeakerKind::ShortName);
        }
        let registered = entity.filter(|e| e.entity.is_some() && e.label == EntityLabel::Person);
        if let Some(e) = registered.filter(|e| e.span.contains_span(span)) {
            // A registry entry names the person: its spelling is the
            // speaker's name, as in every other article (`Cho Tae Yong` is
            // `Cho Tae-yong`).
            let kind = if mention.contains(char::is_whitespace) { SpeakerKind::Name } else { SpeakerKind::ShortName };
            return (e.canonical.clone(), kind);
        }
        if let Some(e) = entity.filter(|e| e.label == EntityLabel::Organization) {
            // A lone word the entity layer calls an organisation may still be
            // the surname of someone named in full earlier (`Kim said`).
            let person = self.fuller_name(span, mention);
            return match person {
                Some(name) => (name, SpeakerKind::ShortName),
                None => (e.canonical.clone(), SpeakerKind::Organization),
            };
        }
        // The entity layer's canonical name wins when it is fuller than the
        // mention; otherwise the article's own fuller name, if any, is used.
        if let Some(e) = entity.filter(|e| e.canonical.split_whitespace().count() > mention.split_whitespace().count())
        {
            return (e.canonical.clone(), SpeakerKind::ShortName);
        }
        let words: Vec<&str> = mention.split_whitespace().collect();
        if words.len() != 1 {
            return (words.join(" "), SpeakerKind::Name);
        }
        match self.fuller_name(span, mention) {
            Some(name) => (name, SpeakerKind::ShortName),
            None => (mention.to_string(), SpeakerKind::Name),
        }
    }

    /// The fullest name in the article containing the one-word `mention`,
    /// nearest before it first.
    fn fuller_name(&self, span: Span, mention: &str) -> Option<String> {
        if mention.contains(char::is_whitespace) {
            return None;
        }
        // A surname stands first (`Cho Tae-yong`) or last (`Kurt Campbell`);
        // in the middle it is more likely a run of two names (`United States
        // Cho Tae-yong`), a weaker match.
        let at_edge = |occ: &NameOccurrence| {
            let first = self.tokens[occ.words.start].text(self.text);
            let last = self.tokens[occ.words.end - 1].text(self.text);
            first == mention || last == mention
        };
        let has_word =
            |occ: &NameOccurrence| self.tokens[occ.words.clone()].iter().any(|t| t.text(self.text) == mention);
        let before = self.names.partition_point(|o| o.start < span.start);
        let nearest = |fits: &dyn Fn(&NameOccurrence) -> bool| {
            let earlier = self.names[..before].iter().rev().take(NAME_LOOKBACK).find(|o| has_word(o) && fits(o));
            earlier.or_else(|| self.names[before..].iter().take(NAME_LOOKBACK).find(|o| has_word(o) && fits(o)))
        };
        nearest(&at_edge).or_else(|| nearest(&|_| true)).map(|occ| self.name_of(occ))
    }

    /// A delayed identification: `The top diplomat … says …` followed, in
    /// the next paragraph, by `… Kurt Campbell said …`. A definite
    /// description of a role, before the article has named anyone, is the
    /// first person it names, when that person speaks within the next
    /// paragraph.
    fn named_next(&self, m: &Mention) -> Option<String> {
        let text = m.span.slice(self.text);
        if !(text.starts_with("the ") || text.starts_with("The ")) {
            return None;
        }
        let head = m.head.as_deref()?;
        if !(is_title(head) || is_person_role(head)) {
            return None;
        }
        let i = self.entities.partition_point(|e| e.span.start < m.span.end);
        if self.entities[..i].iter().any(|e| e.label == EntityLabel::Person) {
            return None;
        }
        let next = self.entities[i..].iter().find(|e| e.label == EntityLabel::Person)?;
        let between = &self.text[m.span.end..next.span.start];
        let paragraph_breaks = between.split('\n').skip(1).filter(|line| line.trim().is_empty()).count();
        if paragraph_breaks > 1 {
            return None;
        }
        let clauses = &self.known[Source::Clause as usize];
        let at = clauses.partition_point(|k| k.pos < next.span.start);
        let speaks = clauses[at..].iter().take_while(|k| k.pos < next.span.end).any(|k| {
            matches!(&k.what, Heard::Mention(said) if matches!(said.kind, SpeakerKind::Name | SpeakerKind::ShortName))
        });
        speaks.then(|| next.canonical.clone())
    }

    /// Whether token `k` ends a sentence or a line (a headline stands alone).
    fn ends_clause(&self, k: usize) -> bool {
        let t = &self.tokens[k];
        t.ends_sentence() || self.tokens.get(k + 1).is_some_and(|next| self.text[t.end..next.start].contains('\n'))
    }

    /// `the ambassador` → the person the article calls ambassador, nearest
    /// before `pos`.
    fn person_with_role(&self, role: &str, pos: usize) -> Option<String> {
        if role.len() < 3 {
            return None;
        }
        self.person_with_exact_role(role, pos).or_else(|| {
            // `the South Korean diplomat` after `ambassador … Cho Tae-yong`.
            kindred_roles(role).iter().find_map(|kin| self.person_with_exact_role(kin, pos))
        })
    }

    fn person_with_exact_role(&self, role: &str, pos: usize) -> Option<String> {
        let i = self.entities.partition_point(|e| e.span.start < pos);
        let from_entities = self.entities[..i].iter().rev().take(LOOKBACK).find(|e| {
            e.label == EntityLabel::Person && e.title.as_deref().is_some_and(|t| has_word(&t.to_lowercase(), role))
        });
        if let Some(e) = from_entities {
            return Some(e.canonical.clone());
        }
        let before = self.names.partition_point(|o| o.start < pos);
        let with_role = self.names[..before].iter().rev().take(LOOKBACK).find(|o| {
            // A place or an organisation next to the role is not its holder.
            let words = Span::new(self.tokens[o.words.start].start, self.tokens[o.words.end - 1].end);
            let entity = self.entity_at(words).map(|e| e.label);
            if entity.is_some_and(|label| label != EntityLabel::Person) {
                return false;
            }
            let is_role = |t: &Token| {
                let w = t.text(self.text);
                w.len() == role.len() && (w.eq_ignore_ascii_case(role) || w.to_lowercase() == role)
            };
            // The role leads the name (`ambassador Cho Tae-yong`) or follows it
            // as an apposition (`Cho Tae-yong, the ambassador`), not as the
            // noun a name qualifies (`the South Korean diplomat`), and within
            // the name's own sentence.
            let apposition = self.tokens.get(o.words.end).is_some_and(|t| t.is_punct(','));
            let before = o.context.start..o.words.start;
            let leading =
                before.clone().rev().take_while(|&k| !self.ends_clause(k)).find(|&k| is_role(&self.tokens[k]));
            let leads = leading.is_some_and(|k| {
                // A capitalised run the entity layer did not take for a person
                // (`Envoy Urges North Korea to Improve Relations`) is a name
                // only when nothing but title words stand between.
                entity.is_some()
                    || self.tokens[k + 1..o.words.start].iter().all(|t| {
                        let w = t.text(self.text);
                        t.is_punct(',') || w.starts_with(char::is_uppercase)
                    })
            });
            let mut follows = false;
            if apposition {
                for k in o.words.end + 1..o.context.end {
                    if is_role(&self.tokens[k]) {
                        follows = true;
                        break;
                    }
                    if self.ends_clause(k) {
                        break;
                    }
                }
            }
            leads || follows
        });
        with_role.map(|o| self.name_of(o))
    }
}

static PERSON_ROLES: std::sync::LazyLock<rustc_hash::FxHashSet<&'static str>> =
    std::sync::LazyLock::new(|| crate::text::lexicon::words(crate::text::lexicon::PERSON_ROLES).collect());

/// A lower-case noun for what a person is or does (`winger`, `diplomat`).
pub(crate) fn is_person_role(word: &str) -> bool {
    PERSON_ROLES.contains(word)
}

/// Roles news uses for one another when it refers back to a person: the
/// article introduces an ambassador and later quotes `the diplomat`.
fn kindred_roles(role: &str) -> &'static [&'static str] {
    match role {
        "diplomat" => &["ambassador", "envoy", "consul"],
        "envoy" => &["ambassador", "diplomat"],
        "lawmaker" | "legislator" => {
            &["senator", "sen.", "representative", "rep.", "mp", "congressman", "congresswoman"]
        }
        "politician" => &["senator", "mp", "minister", "mayor", "governor", "premier"],
        "executive" => &["ceo", "president", "chairman", "chairwoman", "chief"],
        "official" => &["spokesman", "spokeswoman", "spokesperson", "director", "secretary"],
        "judge" => &["justice"],
        _ => &[],
    }
}

/// Whether `haystack` has the lower-case `word`, in any case.
fn has_word(haystack: &str, word: &str) -> bool {
    haystack
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .any(|w| w.len() == word.len() && (w.eq_ignore_ascii_case(word) || w.to_lowercase() == word))
}

fn strip_determiner(s: &str) -> String {
    match s.split_once(' ') {
        Some((first, rest)) if is_determiner(first) => rest.to_string(),
        _ => s.to_string(),
    }
}

/// Every run of two or more name words in the article, in text order.
fn index_names(text: &str, tokens: &[Token]) -> Vec<NameOccurrence> {
    const CONTEXT_BEFORE: usize = 7;
    const CONTEXT_AFTER: usize = 5;
    let mut out = Vec::new();
    let word = |i: usize| tokens.get(i).filter(|t| t.is_word()).map_or("", |t| t.text(text));
    // Most tokens are ruled out by their first letter and class bits alone.
    let could_be_name = |i: usize| tokens.get(i).is_some_and(|t| t.is_word() && is_name_word(t.text(text), t.class));
    let mut i = 0;
    while i < tokens.len() {
        if !could_be_name(i) {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < tokens.len()
            && (could_be_name(j) || (is_name_particle(word(j)) && could_be_name(j + 1)))
            && tokens[j].start - tokens[j - 1].end <= 1
        {
            j += 1;
        }
        let last = word(j - 1);
        if j - i >= 2 && !is_organization_head(last) && !is_acronym(last) {
            let context = i.saturating_sub(CONTEXT_BEFORE)..(j + CONTEXT_AFTER).min(tokens.len());
            out.push(NameOccurrence { start: tokens[i].start, words: i..j, context });
        }
        i = j;
    }
    out
}
