//! The one lexicon: every word list the detectors use, one file each in this
//! folder, compiled into the binary and parsed once per process by whoever
//! reads it.
//!
//! A list file holds words or names separated by white space, or one name a
//! line with `|` between its aliases (the entity lists); `#` starts a comment
//! line. Lists that several detectors read (titles and roles, reporting
//! verbs, months) are written once here, with the role each word plays.

use std::sync::LazyLock;

/// Places, one a line, aliases after `|`.
pub const PLACES: &str = include_str!("places.txt");
/// The world's countries, US states and towns, generated from GeoNames by
/// `scripts/world_places.py` (see the file's header).
pub const WORLD_PLACES: &str = include_str!("world_places.txt");
/// The names of the world's countries, from GeoNames, one a line.
pub const COUNTRIES: &str = include_str!("countries.txt");
/// Lower-case nouns for what a person is or does (`striker`, `novelist`).
pub const PERSON_ROLES: &str = include_str!("person_roles.txt");
pub const ORGANISATIONS: &str = include_str!("organisations.txt");
pub const PEOPLE: &str = include_str!("people.txt");
/// Names that look like organisations but are not reported.
pub const NOT_ENTITIES: &str = include_str!("not_entities.txt");
pub const GIVEN_NAMES: &str = include_str!("first_names.txt");
pub const EAST_ASIAN_SURNAMES: &str = include_str!("east_asian_surnames.txt");
pub const ORG_WORDS: &str = include_str!("org_words.txt");
pub const PLACE_WORDS: &str = include_str!("place_words.txt");
pub const DEMONYMS: &str = include_str!("demonyms.txt");
pub const NOT_NAMES: &str = include_str!("not_names.txt");
pub const MISC_WORDS: &str = include_str!("misc_words.txt");
pub const FUNCTION_WORDS: &str = include_str!("function_words.txt");
pub const TITLE_DEPARTMENTS: &str = include_str!("title_departments.txt");

/// The non-comment, non-blank lines of a list, trimmed.
pub fn data_lines(list: &str) -> impl Iterator<Item = &str> {
    list.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// The words of a word list.
pub fn words(list: &str) -> impl Iterator<Item = &str> {
    data_lines(list).flat_map(str::split_whitespace)
}

/// Titles and roles before names, with the roles each word plays (see the
/// file's header).
pub const TITLES: &str = include_str!("titles.txt");
/// Reporting verbs (see the file's header for its sections).
pub const REPORTING_VERBS: &str = include_str!("reporting_verbs.txt");
/// Month and weekday names with their abbreviations.
pub const CALENDAR: &str = include_str!("calendar.txt");

/// The words of every `[section]` of `list` whose header names `role`.
pub fn section_words<'l>(list: &'l str, role: &'l str) -> impl Iterator<Item = &'l str> + 'l {
    let mut in_role = false;
    data_lines(list)
        .filter(move |line| match line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            Some(header) => {
                in_role = header.split_whitespace().any(|r| r == role);
                false
            }
            None => in_role,
        })
        .flat_map(str::split_whitespace)
}

/// A month or weekday: its name and abbreviations as the calendar list
/// writes them (capitalised, without periods).
#[derive(Debug)]
pub struct CalendarName {
    pub name: &'static str,
    pub abbreviations: Vec<&'static str>,
}

impl CalendarName {
    /// The name, its abbreviations, and each abbreviation with a period.
    pub fn spellings(&self) -> impl Iterator<Item = String> + '_ {
        std::iter::once(self.name.to_string())
            .chain(self.abbreviations.iter().map(|a| a.to_string()))
            .chain(self.abbreviations.iter().map(|a| format!("{a}.")))
    }
}

fn calendar_section(role: &str) -> Vec<CalendarName> {
    let mut in_section = false;
    let mut out = Vec::new();
    for line in data_lines(CALENDAR) {
        if let Some(header) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            in_section = header == role;
            continue;
        }
        if in_section {
            let mut words = line.split_whitespace();
            if let Some(name) = words.next() {
                out.push(CalendarName { name, abbreviations: words.collect() });
            }
        }
    }
    out
}

static MONTHS: LazyLock<Vec<CalendarName>> = LazyLock::new(|| calendar_section("months"));
static WEEKDAYS: LazyLock<Vec<CalendarName>> = LazyLock::new(|| calendar_section("weekdays"));

/// The twelve months, January first.
pub fn months() -> &'static [CalendarName] {
    &MONTHS
}

/// The seven weekdays, Monday first.
pub fn weekdays() -> &'static [CalendarName] {
    &WEEKDAYS
}

/// A month name or its usual abbreviation (`Jan.`, `Sept`, any case),
/// 1-based.
pub fn month_number(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.');
    months()
        .iter()
        .position(|m| m.name.eq_ignore_ascii_case(w) || m.abbreviations.iter().any(|a| a.eq_ignore_ascii_case(w)))
        .map(|i| i as u32 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar_has_twelve_months_and_seven_weekdays_in_order() {
        assert_eq!(months().len(), 12);
        assert_eq!(weekdays().len(), 7);
        assert_eq!(months()[4].name, "May");
        assert_eq!(weekdays()[0].name, "Monday");
        assert_eq!(month_number("Sept."), Some(9));
        assert_eq!(month_number("JUNE"), Some(6));
        assert_eq!(month_number("Ma"), None);
        assert_eq!(month_number("Mayor"), None);
    }

    #[test]
    fn sections_select_words_by_role() {
        let heads: Vec<&str> = section_words(TITLES, "head").collect();
        let modifiers: Vec<&str> = section_words(TITLES, "modifier").collect();
        assert!(heads.contains(&"Minister") && !heads.contains(&"Deputy"));
        assert!(modifiers.contains(&"Deputy") && modifiers.contains(&"Secretary"));
        assert!(section_words(TITLES, "attribution").any(|w| w == "Spokesman"));
    }

    #[test]
    fn every_title_word_is_listed_once() {
        let mut seen = std::collections::HashSet::new();
        for line in data_lines(TITLES).filter(|l| !l.starts_with('[')) {
            for w in line.split_whitespace() {
                assert!(seen.insert(w.to_lowercase()), "{w} listed twice");
            }
        }
    }
}
