//! Acronyms the article defines: `the Coastal Shipping Safety Authority
//! (CSSA)` makes `CSSA` that organisation everywhere in the article, with its
//! kind and canonical name, even when its letters are not the name's
//! initials (`Party of Democratic Action (SDA)`). An acronym defined for
//! something that is not an entity (`Maintenance, Repair and Overhaul
//! (MRO)`, `Software Development Kit (SDK)`, `World Wide Developers
//! Conference (WWDC)`) is not an organisation anywhere in the article, though
//! capitals alone would make it one.

use super::{EntityLabel, Found, Gazetteer, WordClass};
use crate::fxhash::FxHashMap;
use std::borrow::Cow;

/// What a defined acronym stands for.
#[derive(Clone)]
enum Definition<'a> {
    /// The entity named right before the bracket: its kind and name.
    Entity(EntityLabel, Cow<'a, str>),
    /// A phrase that is not an entity, whose initials spell the acronym.
    NotAnEntity,
}

/// A single word of 2 to 6 capital letters (an `&` allowed: `AT&T`).
fn is_acronym(word: &str) -> bool {
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    (2..=6).contains(&letters) && word.chars().all(|c| c.is_ascii_uppercase() || c == '&')
}

/// Where the capitalised words that end `before` start when their initials
/// spell `acronym` in order (`Maintenance, Repair and Overhaul` for `MRO`,
/// `World Wide Developers Conference` for `WWDC`), small words skipped.
fn spelled_from(before: &str, acronym: &str) -> Option<usize> {
    let mut letters = acronym.chars().filter(char::is_ascii_alphabetic).rev().peekable();
    let mut end = before.len();
    loop {
        let start = before[..end].rfind(|c: char| c.is_whitespace() || c == ',' || c == '-').map_or(0, |i| i + 1);
        let word = &before[start..end];
        if !(word.is_empty() || matches!(word, "and" | "of" | "for" | "the" | "&")) {
            let first = word.chars().next().filter(|c| c.is_uppercase())?;
            if letters.next() != Some(first) {
                return None;
            }
            if letters.peek().is_none() {
                return Some(start);
            }
        }
        // The separator found is one byte.
        end = start.checked_sub(1)?;
    }
}

/// Applies the article's acronym definitions to every mention of them.
pub(super) fn apply_definitions<'a>(text: &'a str, gazetteer: &Gazetteer, found: &mut [Found<'a>]) {
    let mut scratch = String::new();
    // Most articles define nothing: one scan for a bracket decides.
    if !text.contains('(') {
        return;
    }
    let mut definitions: FxHashMap<&'a str, Definition<'a>> = FxHashMap::default();
    for i in 0..found.len() {
        let f = &found[i];
        if f.word_count != 1 {
            continue;
        }
        let acronym = f.name_span.slice(text);
        if !is_acronym(acronym) || definitions.contains_key(acronym) {
            continue;
        }
        let bracketed = text.get(..f.name_span.start).is_some_and(|t| t.ends_with('('))
            && text.get(f.name_span.end..).is_some_and(|t| t.starts_with(')'));
        if !bracketed {
            continue;
        }
        let before = text.get(..f.name_span.start - 1).unwrap_or("").trim_end();
        let named = found[..i].iter().rev().find(|g| g.span.end <= before.len()).filter(|g| g.span.end == before.len());
        // The entity named right before the bracket, if it is the one the
        // acronym shortens: a name of several words starting with its first
        // letter (`... in Europe (OSCE)`, `... in Rwanda (RDR)` name a place
        // inside a longer name).
        let named = named.filter(|g| {
            let same_initial = g.name_span.slice(text).chars().next() == acronym.chars().next();
            g.label.is_none() || (g.word_count > 1 && (same_initial || g.label == Some(EntityLabel::Organization)))
        });
        let definition = match named.and_then(|g| g.label.map(|label| (g, label))) {
            // People's brackets hold their country or party (`(USA)`), not
            // a short name.
            Some((_, EntityLabel::Person)) => None,
            Some((g, label)) => {
                Some(Definition::Entity(label, g.canonical.clone().unwrap_or(Cow::Borrowed(g.name_span.slice(text)))))
            }
            // Words no rule made an entity (`Repair and Overhaul`), unless an
            // organisation's word or an entity stands among them, or a
            // place's word ends them (`National League for Democracy`,
            // `Iraqi News Agency`).
            None => spelled_from(before, acronym)
                .filter(|&from| {
                    let phrase = &before[from..];
                    let mut words = phrase.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty());
                    let ends_in_place_word = words
                        .clone()
                        .next_back()
                        .is_some_and(|w| gazetteer.word_class(w, &mut scratch).has(WordClass::PLACE_WORD));
                    let has_org_word = ends_in_place_word
                        || words.any(|w| gazetteer.word_class(w, &mut scratch).has(WordClass::ORG_WORD));
                    let has_entity = found[..i]
                        .iter()
                        .any(|g| g.label.is_some() && g.span.end > from && g.span.start < before.len());
                    !has_org_word && !has_entity
                })
                .map(|_| Definition::NotAnEntity),
        };
        if let Some(definition) = definition {
            definitions.insert(acronym, definition);
        }
    }
    if definitions.is_empty() {
        return;
    }
    for f in found.iter_mut().filter(|f| f.word_count == 1) {
        let Some(definition) = definitions.get(f.name_span.slice(text)) else { continue };
        match definition {
            Definition::Entity(label, canonical) => {
                if f.label != Some(EntityLabel::Person) {
                    f.label = Some(*label);
                    f.canonical = Some(canonical.clone());
                }
            }
            // A list's entry (a registry, the built-in organisations) knows
            // better than a guess from capitals.
            Definition::NotAnEntity if f.form.is_none() => f.label = None,
            Definition::NotAnEntity => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials_are_read_back_from_the_bracket() {
        assert_eq!(spelled_from("Maintenance, Repair and Overhaul", "MRO"), Some(0));
        assert_eq!(spelled_from("the World Wide Developers Conference", "WWDC"), Some(4));
        assert_eq!(spelled_from("a Software Development Kit", "SDK"), Some(2));
        assert_eq!(spelled_from("the new software kit", "SDK"), None);
        assert_eq!(spelled_from("Carl Lewis", "USA"), None);
        assert_eq!(spelled_from("Kit", "SDK"), None);
    }

    #[test]
    fn acronyms_are_short_capital_words() {
        assert!(is_acronym("IMF"));
        assert!(is_acronym("AT&T"));
        assert!(!is_acronym("U.S."));
        assert!(!is_acronym("Fed"));
        assert!(!is_acronym("NATIONALISATION"));
    }
}
