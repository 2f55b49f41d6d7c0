//! People no list knows, recognised by what the article says around them.
//!
//! A run of capitalised words that no rule recognised is a person when:
//! - a country, a team or a party follows in brackets (`Ada Brinkwell
//!   (Norway)`, `Sen. Harriet Quenby (D-Ore.)`);
//! - a role noun stands before it (`striker Emeka Oduya`, `the novelist ...`)
//!   or after it as an apposition (`Tiberius Hale, a retired engineer,`);
//! - it starts with initials (`R. K. Tandravel`);
//! - it stands in a list next to a confirmed person (`Keld Aaskov, Pernille
//!   Vinterberg and ...`);
//! - the article later uses its last word alone (`... Okonkwo-Hale said`).
//!
//! Once a name is a person in an article, its other mentions and its
//! surname alone are too.

use super::gazetteer::{Gazetteer, WordClass};
use super::{EntityLabel, Evidence, Found};
use crate::fxhash::{FxHashMap, FxHashSet};
use std::borrow::Cow;
use std::sync::LazyLock;

static ROLES: LazyLock<FxHashSet<&'static str>> = LazyLock::new(|| {
    crate::text::lexicon::PERSON_ROLES.lines().filter(|l| !l.starts_with('#')).flat_map(str::split_whitespace).collect()
});

/// A lower-case role noun (`striker`, `spokesman`).
fn is_role(word: &str) -> bool {
    ROLES.contains(word)
}

/// An unknown name the rules may make a person: capitalised words that no
/// list or name shape recognised (the context may have guessed a kind).
fn undecided(f: &Found) -> bool {
    f.evidence == Evidence::Guess && f.label != Some(EntityLabel::Person)
}

/// Finds people among the names no rule recognised.
pub(super) fn confirm_people<'a>(text: &'a str, gazetteer: &Gazetteer, found: &mut [Found<'a>]) {
    if !found.iter().any(undecided) {
        return;
    }
    let mut scratch = String::new();
    for i in 0..found.len() {
        let f = &found[i];
        if !undecided(f) || f.link_only || f.word_count < 2 {
            continue;
        }
        let person = bracket_after(text, found, i)
            || role_around(text, f)
            || starts_with_initial(text, f)
            || apposition_role(text, f, gazetteer, &mut scratch);
        if person {
            make_person(&mut found[i]);
        }
    }
    // Later surname-only mentions (`Okonkwo-Hale said`): the full name is a
    // person. Words the article capitalises only at sentence starts are
    // not counted (they are link-only guesses).
    let lone_words: FxHashSet<&str> = found
        .iter()
        .filter(|f| f.word_count == 1 && (f.label.is_none() || f.label == Some(EntityLabel::Person)))
        .filter(|f| !f.link_only)
        .map(|f| f.name_span.slice(text))
        .collect();
    for f in found.iter_mut() {
        if undecided(f) && !f.link_only && (2..=4).contains(&f.word_count) {
            let last = f.last_word.slice(text);
            let class = gazetteer.word_class(last, &mut scratch);
            let other_kind = class.has(WordClass::ORG_WORD.or(WordClass::PLACE_WORD).or(WordClass::MISC_WORD));
            if !other_kind && last.chars().count() >= 3 && lone_words.contains(last) {
                make_person(f);
            }
        }
    }
    people_in_lists(text, found);
    once_a_person_always(text, found);
}

fn make_person(f: &mut Found) {
    f.label = Some(EntityLabel::Person);
    f.evidence = Evidence::Strong;
    f.the_start = None;
}

/// `Ada Brinkwell (Norway)`, `Harriet Quenby (D-Ore.)`, `Jo Baird (USA)`.
fn bracket_after(text: &str, found: &[Found], i: usize) -> bool {
    let f = &found[i];
    let rest = text.get(f.span.end..).unwrap_or("");
    let Some(inner) = rest.strip_prefix(" (").or_else(|| rest.strip_prefix("(")) else { return false };
    let head = inner.get(..inner.len().min(33)).unwrap_or(inner);
    let Some(close) = head.find(')') else { return false };
    let content = &inner[..close];
    let content_start = f.span.end + (rest.len() - inner.len());
    // A place or a team the rules found inside the brackets.
    let known_inside = found.get(i + 1).is_some_and(|g| {
        g.span.start == content_start
            && g.span.end == content_start + content.len()
            && matches!(g.label, Some(EntityLabel::Location) | Some(EntityLabel::Organization))
    });
    // `USA`, `GER`: a country code; `D-Ore.`, `R-Texas`: a party and state.
    let code = (2..=3).contains(&content.len()) && content.bytes().all(|b| b.is_ascii_uppercase());
    let party = content.len() >= 3
        && matches!(content.as_bytes().first(), Some(b'D' | b'R' | b'I'))
        && content.as_bytes().get(1) == Some(&b'-')
        && content.as_bytes().get(2).is_some_and(u8::is_ascii_uppercase);
    // `Integrated Catchment Management (ICM)`: the name's own initials
    // define an acronym.
    let initials: String = f
        .name_span
        .slice(text)
        .split_whitespace()
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_uppercase())
        .collect();
    (known_inside || code || party) && initials != content
}

/// `striker Emeka Oduya`, `the novelist Ada Brinkwell`, `Ada Brinkwell, 34,`.
fn role_around(text: &str, f: &Found) -> bool {
    let before = f.before.slice(text);
    if is_role(before) {
        return true;
    }
    // `Ada Brinkwell, 34, said`: an age in commas.
    let rest = text.get(f.span.end..).unwrap_or("");
    rest.strip_prefix(", ").is_some_and(|r| {
        let digits = r.bytes().take_while(u8::is_ascii_digit).count();
        (1..=2).contains(&digits) && r.as_bytes().get(digits) == Some(&b',')
    })
}

/// `Tiberius Hale, a retired engineer,`: an apposition with a role noun.
fn apposition_role(text: &str, f: &Found, gazetteer: &Gazetteer, scratch: &mut String) -> bool {
    let rest = text.get(f.span.end..).unwrap_or("");
    let Some(rest) = rest.strip_prefix(", ") else { return false };
    let words: Vec<&str> = rest.split([' ', ',', '.', ';']).take(5).collect();
    let Some(first) = words.first() else { return false };
    if !matches!(*first, "a" | "an" | "the" | "his" | "her" | "whose" | "who") {
        return false;
    }
    if *first == "who" {
        return true;
    }
    words.iter().skip(1).take(3).any(|w| {
        is_role(w)
            || (w.chars().next().is_some_and(char::is_lowercase) && {
                gazetteer.word_class(w, scratch).has(WordClass::TITLE_HEAD)
            })
    })
}

/// `R. K. Tandravel`, `H. Tillekeratne`: initials, then a surname.
fn starts_with_initial(text: &str, f: &Found) -> bool {
    let first = f.first_word.slice(text);
    let initial = |w: &str| {
        let mut chars = w.chars();
        matches!((chars.next(), chars.next(), chars.next()), (Some(c), Some('.'), None) if c.is_uppercase())
    };
    let last = f.last_word.slice(text);
    initial(first) && !initial(last) && last.chars().count() >= 2
}

/// Unknown names in a list with a confirmed person (`Keld Aaskov, Pernille
/// Vinterberg and Tiberius Okonkwo-Hale`) are people too.
fn people_in_lists(text: &str, found: &mut [Found]) {
    // Twice: a list confirmed from its last member spreads back to the front.
    for _ in 0..2 {
        for i in 0..found.len() {
            if !(undecided(&found[i]) && found[i].word_count >= 2 && !found[i].link_only) {
                continue;
            }
            let listed_with_person = |j: usize, a: usize, b: usize| {
                found[j].label == Some(EntityLabel::Person)
                    && found[j].word_count >= 2
                    && matches!(text.get(found[a].span.end..found[b].span.start), Some(", " | " and " | ", and "))
            };
            let before = i.checked_sub(1).is_some_and(|j| listed_with_person(j, j, i));
            let after = i + 1 < found.len() && listed_with_person(i + 1, i, i + 1);
            if before || after {
                make_person(&mut found[i]);
            }
        }
    }
}

/// Other mentions of a person's name, and its last word alone, are the
/// person (`Oduya` after `Emeka Oduya`).
fn once_a_person_always<'a>(text: &'a str, found: &mut [Found<'a>]) {
    let mut people: FxHashMap<&'a str, Cow<'a, str>> = FxHashMap::default();
    for f in found.iter().filter(|f| f.label == Some(EntityLabel::Person) && f.word_count >= 2) {
        let full = f.canonical.clone().unwrap_or(Cow::Borrowed(f.name_span.slice(text)));
        people.entry(f.name_span.slice(text)).or_insert_with(|| full.clone());
        let last = f.last_word.slice(text);
        if last.chars().count() >= 3 {
            people.entry(last).or_insert(full);
        }
    }
    if people.is_empty() {
        return;
    }
    for f in found.iter_mut() {
        if !undecided(f) {
            continue;
        }
        if let Some(full) = people.get(f.name_span.slice(text)) {
            make_person(f);
            f.link_only = false;
            if f.word_count == 1 {
                f.canonical = Some(full.clone());
            }
        }
    }
}
