//! The registry's short names: a registered person's surname or other
//! single word (`Campbell` for Kurt Campbell) and a registered
//! organisation's acronym (`IMF` for the International Monetary Fund), which
//! articles use without the registry listing them as aliases.
//!
//! A short name links to its entry only when exactly one registered entry
//! has it, and, for a person's word, when the article names no other person
//! with that word (`Tom Campbell` in the same article keeps `Campbell` from
//! linking to Kurt Campbell).

use super::gazetteer::{Gazetteer, GazetteerEntry, WordClass};
use super::{EntityLabel, Evidence, Found, RegistryCandidates};
use rustc_hash::FxHashMap;
use std::borrow::Cow;

/// Links one-word mentions that are a registry entry's short name to the
/// entry (run after the registry's own names and aliases are linked).
pub(super) fn link_short_names<'a>(text: &'a str, gazetteer: &'a Gazetteer, found: &mut [Found<'a>]) {
    if !gazetteer.has_registry() {
        return;
    }
    for i in 0..found.len() {
        let f = &found[i];
        if f.word_count != 1 || f.entity.is_some() || !f.registry_candidates.as_slice().is_empty() {
            continue;
        }
        let word = f.name_span.slice(text);
        let Some(e) = gazetteer.short_name_entry(word) else { continue };
        let Some(entry) = gazetteer.entries().get(e) else { continue };
        // A word the rules know as another kind of name (`Jordan` the
        // country) stays that, unless a listed name of the same kind.
        let known_as_other = f.evidence == Evidence::Strong && f.label.is_some_and(|l| l != entry.label);
        if known_as_other {
            continue;
        }
        if entry.label == EntityLabel::Person && names_another_person(text, found, word, e) {
            continue;
        }
        let f = &mut found[i];
        f.entity = Some(e);
        f.label = Some(entry.label);
        f.evidence = Evidence::Strong;
        f.link_only = false;
        f.canonical = Some(Cow::Borrowed(entry.name.as_str()));
        f.registry_candidates = RegistryCandidates::One(e);
        if entry.label == EntityLabel::Person {
            f.the_start = None;
        }
    }
}

/// Whether the article names a person other than entry `e` with `word` in
/// the name (`Tom Campbell` when the registry's Campbell is Kurt).
fn names_another_person(text: &str, found: &[Found], word: &str, e: usize) -> bool {
    found.iter().any(|g| {
        g.word_count >= 2
            && g.label == Some(EntityLabel::Person)
            && g.entity != Some(e)
            && g.name_span.slice(text).split_whitespace().any(|w| w.trim_end_matches([',', '.']) == word)
    })
}

/// Short names by their spelling, each with the one entry that has it, or
/// `None` when several entries share it.
#[derive(Debug, Clone, Default)]
pub(super) struct ShortNames {
    by_word: FxHashMap<String, Option<usize>>,
}

impl ShortNames {
    /// The short names of the registered entries (those with an id).
    /// `class` tells the word classes of a word (given names, titles...);
    /// `is_form` whether a word is a full name form of its own already.
    pub(super) fn of_registry(
        entries: &[GazetteerEntry],
        mut class: impl FnMut(&str) -> WordClass,
        mut is_registered_form: impl FnMut(&str) -> bool,
    ) -> ShortNames {
        let mut by_word: FxHashMap<String, Option<usize>> = FxHashMap::default();
        let mut claim = |word: String, entry: usize| {
            by_word
                .entry(word)
                .and_modify(|e| {
                    if *e != Some(entry) {
                        *e = None;
                    }
                })
                .or_insert(Some(entry));
        };
        for (index, entry) in entries.iter().enumerate() {
            if entry.id.is_none() {
                continue;
            }
            let names = std::iter::once(&entry.name).chain(&entry.aliases);
            match entry.label {
                EntityLabel::Person => {
                    for name in names {
                        let words: Vec<&str> = name.split_whitespace().collect();
                        if words.len() < 2 {
                            continue;
                        }
                        for word in words {
                            let word = word.trim_end_matches(',');
                            if is_person_word(word, class(word)) && !is_registered_form(word) {
                                claim(word.to_string(), index);
                            }
                        }
                    }
                }
                EntityLabel::Organization => {
                    for name in names {
                        if let Some(acronym) = acronym_of(name).filter(|a| !is_registered_form(a)) {
                            claim(acronym, index);
                        }
                    }
                }
                EntityLabel::Location => {}
            }
        }
        ShortNames { by_word }
    }

    /// The one registered entry `word` is a short name of.
    pub(super) fn entry(&self, word: &str) -> Option<usize> {
        self.by_word.get(word).copied().flatten()
    }

    pub(super) fn is_empty(&self) -> bool {
        self.by_word.is_empty()
    }
}

/// A word of a person's name that can stand for the person: capitalised, not
/// an initial (`W.`), a particle (`van`), a title (`Dr.`) or a word that is
/// never a name on its own (`Jr`).
fn is_person_word(word: &str, class: WordClass) -> bool {
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    word.chars().next().is_some_and(char::is_uppercase)
        && letters >= 2
        && !word.ends_with('.')
        && !class.has(
            WordClass::TITLE_HEAD.or(WordClass::TITLE_MODIFIER).or(WordClass::NOT_A_NAME).or(WordClass::FUNCTION_WORD),
        )
        && !matches!(word, "Jr" | "Sr" | "II" | "III" | "IV")
}

/// The initials of an organisation's name (`International Monetary Fund` ->
/// `IMF`, `Bank of Korea` -> `BOK`); None for a name of one word or one that
/// is an acronym already.
pub(super) fn acronym_of(name: &str) -> Option<String> {
    let words: Vec<&str> = name.split_whitespace().collect();
    if words.len() < 2 {
        return None;
    }
    let mut acronym = String::new();
    for word in &words {
        let lower = word.to_lowercase();
        if matches!(lower.as_str(), "of" | "the" | "and" | "for" | "&" | "on" | "in" | "de") {
            // `Bank of Korea` is written `BOK`, `BoK` and `BK`; the upper-case
            // initials of the main words are the form news uses most.
            if lower == "of" && words.len() == 3 {
                acronym.push('O');
            }
            continue;
        }
        let first = word.chars().next()?;
        if !first.is_uppercase() {
            return None;
        }
        acronym.push(first);
    }
    (acronym.chars().count() >= 2).then_some(acronym)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article;

    fn with_registry(entries: Vec<GazetteerEntry>) -> Gazetteer {
        let mut gazetteer = Gazetteer::builtin().clone();
        gazetteer.extend(entries);
        gazetteer
    }

    /// (text, entity id) of every mention.
    fn links(text: &str, gazetteer: &Gazetteer) -> Vec<(String, Option<String>)> {
        super::super::detect_with(&article::parse(text, None), gazetteer)
            .into_iter()
            .map(|m| (m.text, m.entity))
            .collect()
    }

    fn campbell() -> Gazetteer {
        with_registry(vec![
            person("kurt-campbell", "Kurt Campbell"),
            GazetteerEntry::new("Harbour Workers Union", EntityLabel::Organization).with_id("hwu"),
        ])
    }

    #[test]
    fn a_registered_surname_alone_links_to_its_entry() {
        let text = "\"We will talk again soon,\" Campbell said after the meeting.\n\nCampbell left on Tuesday.";
        let found = links(text, &campbell());
        let campbells: Vec<_> = found.iter().filter(|(t, _)| t == "Campbell").collect();
        assert_eq!(campbells.len(), 2, "{found:?}");
        assert!(campbells.iter().all(|(_, id)| id.as_deref() == Some("kurt-campbell")), "{found:?}");
    }

    #[test]
    fn another_person_with_the_surname_keeps_it_from_linking() {
        let text = "Tom Campbell, a farmer, spoke first. \"It is late,\" Campbell said.";
        let found = links(text, &campbell());
        assert!(found.iter().all(|(_, id)| id.is_none()), "{found:?}");
    }

    #[test]
    fn a_registered_organisation_acronym_links_to_its_entry() {
        let text = "Dock workers walked out on Monday. The HWU said the strike would last a week.";
        let found = links(text, &campbell());
        // `The` belongs to an organisation's name.
        assert!(found.contains(&("The HWU".to_string(), Some("hwu".to_string()))), "{found:?}");
    }

    #[test]
    fn without_a_registry_nothing_links() {
        let text = "\"We will talk again soon,\" Campbell said.";
        let found = links(text, Gazetteer::builtin());
        assert!(found.iter().all(|(_, id)| id.is_none()), "{found:?}");
    }

    fn person(id: &str, name: &str) -> GazetteerEntry {
        GazetteerEntry::new(name, EntityLabel::Person).with_id(id)
    }

    #[test]
    fn acronyms_take_the_initials_of_the_main_words() {
        assert_eq!(acronym_of("International Monetary Fund").as_deref(), Some("IMF"));
        assert_eq!(acronym_of("Bank of Korea").as_deref(), Some("BOK"));
        assert_eq!(acronym_of("Organisation for Economic Co-operation and Development").as_deref(), Some("OECD"));
        assert_eq!(acronym_of("Reuters"), None);
    }

    #[test]
    fn a_word_two_registered_people_share_names_neither() {
        let entries = vec![
            person("kurt-campbell", "Kurt Campbell"),
            person("ann-campbell", "Ann Campbell"),
            person("lee-wong", "Lee Wong"),
            GazetteerEntry::new("Campbelltown", EntityLabel::Location),
        ];
        let short = ShortNames::of_registry(&entries, |_| WordClass::default(), |_| false);
        assert_eq!(short.entry("Campbell"), None);
        assert_eq!(short.entry("Kurt"), Some(0));
        assert_eq!(short.entry("Wong"), Some(2));
        assert_eq!(short.entry("Campbelltown"), None);
    }

    #[test]
    fn titles_and_initials_are_not_short_names() {
        let entries = vec![person("a", "Dr. George W. Bush Jr")];
        let short = ShortNames::of_registry(
            &entries,
            |w| if w == "Dr." { WordClass::TITLE_HEAD } else { WordClass::default() },
            |_| false,
        );
        assert_eq!(short.entry("Bush"), Some(0));
        assert_eq!(short.entry("W."), None);
        assert_eq!(short.entry("Dr."), None);
        assert_eq!(short.entry("Jr"), None);
    }
}
