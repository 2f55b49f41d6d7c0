//! A person's gender, from what the article and the registry say: the
//! registry's `gender`, a courtesy title (`Mr.`, `Ms.`, `Mrs.`), the pronouns
//! the article uses for that person as a speaker, and, when nothing else
//! does, a given name borne almost only by women or only by men. Nothing is
//! guessed from nothing: a person none of these covers stays unknown.

use crate::entities::{EntityLabel, EntityMention, Gazetteer};
use crate::text::fold::fold_name;
use rustc_hash::FxHashMap;
use serde::Serialize;
use std::sync::LazyLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Gender {
    Female,
    Male,
}

impl Gender {
    pub fn as_str(self) -> &'static str {
        match self {
            Gender::Female => "female",
            Gender::Male => "male",
        }
    }

    /// A registry value: `female`, `male` and their usual short forms.
    pub fn parse(value: &str) -> Option<Gender> {
        match value.trim().to_lowercase().as_str() {
            "female" | "f" | "woman" => Some(Gender::Female),
            "male" | "m" | "man" => Some(Gender::Male),
            _ => None,
        }
    }

    /// `she` is a woman, `he` a man; other pronouns say nothing.
    pub fn of_pronoun(word: &str) -> Option<Gender> {
        match word.to_lowercase().as_str() {
            "she" | "her" | "hers" | "herself" => Some(Gender::Female),
            "he" | "him" | "his" | "himself" => Some(Gender::Male),
            _ => None,
        }
    }

    /// `Mr.` is a man; `Ms.`, `Mrs.`, `Miss` a woman.
    fn of_courtesy_title(word: &str) -> Option<Gender> {
        match word.trim_end_matches('.') {
            "Mr" | "Sir" | "Lord" => Some(Gender::Male),
            "Ms" | "Mrs" | "Miss" | "Mme" | "Madam" | "Dame" | "Lady" => Some(Gender::Female),
            _ => None,
        }
    }
}

/// Given name → gender, for names borne almost only by one sex (see
/// `text/lexicon/given_names.tsv`).
static GIVEN_NAMES: LazyLock<FxHashMap<&'static str, Gender>> = LazyLock::new(|| {
    crate::text::lexicon::data_lines(crate::text::lexicon::GIVEN_NAME_GENDERS)
        .filter_map(|line| {
            let (name, sex) = line.split_once('\t')?;
            Some((name, Gender::parse(sex)?))
        })
        .collect()
});

static EAST_ASIAN_SURNAMES: LazyLock<rustc_hash::FxHashSet<&'static str>> =
    LazyLock::new(|| crate::text::lexicon::words(crate::text::lexicon::EAST_ASIAN_SURNAMES).collect());

/// The gender a person's given name says, for a name of two words or more:
/// `Ana Ruiz` is a woman. A lone word may be a surname, and a name that
/// opens with an East Asian family name (`Kim Jong Il`, `Lee Min-ho`) puts
/// the given name last, so neither says anything.
pub fn of_given_name(name: &str) -> Option<Gender> {
    let words: Vec<&str> = name.split_whitespace().collect();
    let (first, rest) = words.split_first()?;
    if rest.is_empty() {
        return None;
    }
    let family_first = EAST_ASIAN_SURNAMES.contains(first) && (rest.len() >= 2 || rest.iter().any(|w| w.contains('-')));
    if family_first {
        return None;
    }
    GIVEN_NAMES.get(first).copied()
}

/// What the article says about each person's gender, before and while
/// speakers are resolved.
#[derive(Debug, Default)]
pub(crate) struct Evidence {
    /// By folded name: the registry's or a courtesy title's word.
    stated: FxHashMap<String, Gender>,
    /// By folded name: the pronouns (`he`, `she`) the article used for that
    /// person as a speaker, counted.
    pronouns: FxHashMap<String, [u32; 2]>,
}

impl Evidence {
    /// The registry's `gender` for registered people and the courtesy titles
    /// written before a person's name (`Ms. Ruiz`).
    pub fn read(text: &str, entities: &[EntityMention], gazetteer: Option<&Gazetteer>) -> Evidence {
        let mut evidence = Evidence::default();
        let registry: FxHashMap<&str, Gender> = match gazetteer {
            Some(g) if g.has_registry() && entities.iter().any(|e| e.entity.is_some()) => g
                .entries()
                .iter()
                .filter_map(|e| Some((e.id.as_deref()?, Gender::parse(e.gender.as_deref()?)?)))
                .collect(),
            _ => FxHashMap::default(),
        };
        // The registry first: what the user wrote wins over the article.
        for e in entities.iter().filter(|e| e.label == EntityLabel::Person) {
            if let Some(gender) = e.entity.as_deref().and_then(|id| registry.get(id)) {
                evidence.stated.insert(fold_name(&e.canonical), *gender);
            }
        }
        for e in entities.iter().filter(|e| e.label == EntityLabel::Person) {
            let title = e.title.as_deref().and_then(|t| t.split_whitespace().find_map(Gender::of_courtesy_title));
            let before = text[..e.span.start].trim_end();
            let word_before = before.rsplit(char::is_whitespace).next().unwrap_or("");
            let gender = title.or_else(|| Gender::of_courtesy_title(word_before).filter(|_| word_before.len() <= 5));
            if let Some(gender) = gender {
                evidence.stated.entry(fold_name(&e.canonical)).or_insert(gender);
            }
        }
        evidence
    }

    /// The gender known for `name` so far: stated, else from the pronouns
    /// the article used for that person, else from the given name.
    pub fn of(&self, name: &str) -> Option<Gender> {
        let folded = fold_name(name);
        if let Some(g) = self.stated.get(&folded) {
            return Some(*g);
        }
        if let Some([female, male]) = self.pronouns.get(&folded) {
            if female != male {
                return Some(if female > male { Gender::Female } else { Gender::Male });
            }
        }
        of_given_name(name)
    }

    /// The article called `name` by a gendered pronoun.
    pub fn heard(&mut self, name: &str, gender: Gender) {
        let counts = self.pronouns.entry(fold_name(name)).or_default();
        counts[gender as usize] += 1;
    }

    /// Whether a pronoun of `gender` may name `name`: not when the person is
    /// known to be of the other.
    pub fn fits(&self, name: &str, gender: Gender) -> bool {
        self.of(name).is_none_or(|known| known == gender)
    }
}

/// The people of an article whose gender is known, by name (the names
/// mentions and speakers resolve to).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Genders {
    /// Sorted by folded name.
    people: Vec<(String, Gender)>,
}

impl Genders {
    pub(crate) fn from_names<'n>(names: impl IntoIterator<Item = &'n str>, evidence: &Evidence) -> Genders {
        let mut people: Vec<(String, Gender)> =
            names.into_iter().filter_map(|name| Some((fold_name(name), evidence.of(name)?))).collect();
        people.sort_by(|a, b| a.0.cmp(&b.0));
        people.dedup_by(|a, b| a.0 == b.0);
        Genders { people }
    }

    /// The gender of the person the article calls `name`, when known.
    pub fn of(&self, name: &str) -> Option<Gender> {
        let folded = fold_name(name);
        self.people.binary_search_by(|(n, _)| n.as_str().cmp(&folded)).ok().map(|i| self.people[i].1)
    }

    pub fn is_empty(&self) -> bool {
        self.people.is_empty()
    }
}
