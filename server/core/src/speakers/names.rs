//! What a speaker mention is (name, pronoun, description, organisation) and
//! what it resolves to in the article.

use super::lexicon::{
    is_determiner, is_name_particle, is_non_name, is_organization_head, is_pronoun, is_title, with_lower,
};
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
    with_lower(word, |w| {
        matches!(
            w,
            "monday"
                | "tuesday"
                | "wednesday"
                | "thursday"
                | "friday"
                | "saturday"
                | "sunday"
                | "january"
                | "february"
                | "march"
                | "april"
                | "june"
                | "july"
                | "august"
                | "september"
                | "october"
                | "november"
                | "december"
                | "jan."
                | "feb."
                | "aug."
                | "sept."
                | "oct."
                | "nov."
                | "dec."
        )
    })
}

fn is_possessive(word: &str) -> bool {
    word.ends_with("'s") || word.ends_with("’s") || word.ends_with("s'")
}

/// A capitalised word that can be part of a person's name: not a title, not a
/// sentence-opening function word, not a possessive.
pub(crate) fn is_name_token(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
        && !is_title(word)
        && !is_non_name(word)
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
    let words: Vec<&str> = toks.iter().map(|t| t.text(text)).collect();
    if toks.is_empty() || toks.iter().any(|t| !t.is_word()) {
        return None;
    }
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
    let head_end = words.iter().position(|w| matches!(*w, "of" | "for" | "to" | "at" | "with")).unwrap_or(words.len());
    let head = words.get(..head_end).and_then(|h| h.last()).copied();
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
    name: String,
    context: String,
}

#[derive(Debug, Clone)]
struct Known {
    pos: usize,
    speaker: String,
    person: bool,
    organization: bool,
}

pub(crate) struct Resolver<'a> {
    text: &'a str,
    entities: &'a [EntityMention],
    names: Vec<NameOccurrence>,
    /// Speakers met so far, ordered by position.
    known: Vec<Known>,
}

impl<'a> Resolver<'a> {
    pub fn new(text: &'a str, tokens: &[Token], entities: &'a [EntityMention]) -> Self {
        Resolver { text, entities, names: index_names(text, tokens), known: Vec::new() }
    }

    pub fn remember(&mut self, pos: usize, a: &Attribution) {
        let mention = a.mention_text.as_str();
        let person = match a.kind {
            SpeakerKind::Name | SpeakerKind::ShortName => true,
            SpeakerKind::Pronoun | SpeakerKind::Description => a.speaker != mention,
            SpeakerKind::Organization => false,
        };
        let known =
            Known { pos, speaker: a.speaker.clone(), person, organization: a.kind == SpeakerKind::Organization };
        let at = self.known.partition_point(|k| k.pos <= pos);
        self.known.insert(at, known);
    }

    pub fn resolve(&mut self, m: &Mention, cue: Option<Span>) -> Attribution {
        self.resolve_at(m, cue, m.span.start)
    }

    /// Resolves a mention read at `pos` (pronouns look back from there).
    pub fn resolve_at(&mut self, m: &Mention, cue: Option<Span>, pos: usize) -> Attribution {
        let mention_text = m.span.slice(self.text).to_string();
        let pos = pos.min(m.span.start);
        let (speaker, kind) = match m.kind {
            SpeakerKind::Pronoun => (self.pronoun_referent(&mention_text, pos), SpeakerKind::Pronoun),
            SpeakerKind::Name | SpeakerKind::ShortName => self.full_name(m.span, &mention_text),
            SpeakerKind::Organization => {
                let canonical = self.entity_at(m.span).filter(|e| e.label == EntityLabel::Organization);
                let name = canonical.map_or_else(|| strip_determiner(&mention_text), |e| e.canonical.clone());
                (name, SpeakerKind::Organization)
            }
            SpeakerKind::Description => {
                let named = m.head.as_deref().and_then(|head| self.person_with_role(head, pos));
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

    fn entity_at(&self, span: Span) -> Option<&'a EntityMention> {
        let i = self.entities.partition_point(|e| e.span.end <= span.start);
        self.entities.get(i..)?.iter().take_while(|e| e.span.start < span.end).find(|e| e.span.overlaps(span))
    }

    fn pronoun_referent(&self, pronoun: &str, pos: usize) -> String {
        let lower = pronoun.to_lowercase();
        let before = &self.known[..self.known.partition_point(|k| k.pos < pos)];
        let found = match lower.as_str() {
            "he" | "she" => before.iter().rev().find(|k| k.person).map(|k| k.speaker.clone()).or_else(|| {
                let i = self.entities.partition_point(|e| e.span.start < pos);
                self.entities[..i].iter().rev().find(|e| e.label == EntityLabel::Person).map(|e| e.canonical.clone())
            }),
            "they" | "it" => before
                .iter()
                .rev()
                .find(|k| k.organization)
                .or_else(|| before.iter().rev().find(|k| k.person))
                .map(|k| k.speaker.clone()),
            _ => None,
        };
        found.unwrap_or_else(|| pronoun.to_string())
    }

    /// `Campbell` → `Kurt Campbell`, `Cho` → `Cho Tae-yong`: the fullest name
    /// containing the mention, the nearest one before it first.
    fn full_name(&self, span: Span, mention: &str) -> (String, SpeakerKind) {
        if let Some(e) = self.entity_at(span) {
            let kind = match e.label {
                EntityLabel::Organization => SpeakerKind::Organization,
                _ if e.canonical != mention => SpeakerKind::ShortName,
                _ => SpeakerKind::Name,
            };
            return (e.canonical.clone(), kind);
        }
        let words: Vec<&str> = mention.split_whitespace().collect();
        if words.len() != 1 {
            return (words.join(" "), SpeakerKind::Name);
        }
        // A surname stands first (`Cho Tae-yong`) or last (`Kurt Campbell`);
        // in the middle it is more likely a run of two names (`United States
        // Cho Tae-yong`), a weaker match.
        let at_edge = |occ: &&NameOccurrence| {
            occ.name.split(' ').next() == Some(words[0]) || occ.name.rsplit(' ').next() == Some(words[0])
        };
        let inside = |occ: &&NameOccurrence| occ.name.split(' ').any(|w| w == words[0]);
        let before = self.names.partition_point(|o| o.start < span.start);
        let nearest = |fits: &dyn Fn(&&NameOccurrence) -> bool| {
            self.names[..before]
                .iter()
                .rev()
                .find(|o| fits(o))
                .or_else(|| self.names[before..].iter().find(|o| fits(o)))
        };
        let found = nearest(&at_edge).or_else(|| nearest(&inside));
        match found {
            Some(occ) => (occ.name.clone(), SpeakerKind::ShortName),
            None => (mention.to_string(), SpeakerKind::Name),
        }
    }

    /// `the ambassador` → the person the article calls ambassador, nearest
    /// before `pos`.
    fn person_with_role(&self, role: &str, pos: usize) -> Option<String> {
        if role.len() < 3 {
            return None;
        }
        let i = self.entities.partition_point(|e| e.span.start < pos);
        let from_entities = self.entities[..i].iter().rev().find(|e| {
            e.label == EntityLabel::Person && e.title.as_deref().is_some_and(|t| has_word(&t.to_lowercase(), role))
        });
        if let Some(e) = from_entities {
            return Some(e.canonical.clone());
        }
        let before = self.names.partition_point(|o| o.start < pos);
        self.names[..before].iter().rev().find(|o| has_word(&o.context, role)).map(|o| o.name.clone())
    }
}

fn has_word(haystack: &str, word: &str) -> bool {
    haystack.split(|c: char| !c.is_alphanumeric() && c != '-').any(|w| w == word)
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
    let mut i = 0;
    while i < tokens.len() {
        if !is_name_token(word(i)) {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < tokens.len()
            && (is_name_token(word(j)) || (is_name_particle(word(j)) && is_name_token(word(j + 1))))
            && tokens[j].start - tokens[j - 1].end <= 1
        {
            j += 1;
        }
        let last = word(j - 1);
        if j - i >= 2 && !is_organization_head(last) && !is_acronym(last) {
            let name = (i..j).map(word).collect::<Vec<_>>().join(" ");
            let from = tokens[i.saturating_sub(CONTEXT_BEFORE)].start;
            let to = tokens[(j + CONTEXT_AFTER).min(tokens.len()) - 1].end;
            let context = text.get(from..to).unwrap_or("").to_lowercase();
            out.push(NameOccurrence { start: tokens[i].start, name, context });
        }
        i = j;
    }
    out
}
