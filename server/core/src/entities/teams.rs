//! Sports clubs named after their town: in `Leeds beat Chelsea 2-1` both
//! names are clubs (organisations), not places. A place name is a team when,
//! in an article that reports a match (a score, a results line), it plays,
//! wins, beats, draws or loses, is beaten or played against, or stands in a
//! results or standings line; once a name is a team in an article, every
//! mention of it there is, except where the text says it is a venue (`in
//! Leeds`, `At Leeds:`) or a dateline.
//!
//! Countries stay places: newswire annotation (CoNLL, MEANTIME) labels a
//! national side by its country, as readers say `Brazil beat Italy`.

use super::gazetteer::{Gazetteer, WordClass};
use super::{EntityLabel, Evidence, Found};
use crate::fxhash::FxHashSet;
use crate::span::Span;
use std::sync::LazyLock;

/// Verbs after a team's name in match reports.
const TEAM_VERBS_AFTER: &[&str] = &[
    "beat",
    "beats",
    "defeated",
    "defeat",
    "drew",
    "draw",
    "draws",
    "lost",
    "lose",
    "loses",
    "won",
    "win",
    "wins",
    "play",
    "plays",
    "played",
    "face",
    "faces",
    "faced",
    "host",
    "hosts",
    "hosted",
    "thrashed",
    "edged",
    "routed",
    "tied",
    "trail",
    "trailed",
    "led",
    "lead",
    "leads",
    "overcame",
    "crushed",
    "hammered",
    "clinched",
    "scored",
    "conceded",
    "equalised",
    "equalized",
    "finished",
    "stayed",
    "moved",
    "climbed",
    "slipped",
    "survived",
    "declared",
    "batted",
    "bowled",
    "replied",
    "collapsed",
    "rallied",
];

/// Words before a team's name: its opponent or its result.
const TEAM_WORDS_BEFORE: &[&str] = &[
    "beat",
    "beating",
    "defeated",
    "against",
    "versus",
    "vs",
    "vs.",
    "v",
    "v.",
    "over",
    "host",
    "hosts",
    "hosting",
    "visiting",
    "visit",
    "visitors",
    "champions",
    "leaders",
    "holders",
    "rivals",
    "play",
    "playing",
    "face",
    "facing",
    "thrashed",
    "edged",
    "routed",
    "trailing",
];

/// National sides that are not countries in the gazetteer's sense.
const HOME_NATIONS: &[&str] =
    &["England", "Scotland", "Wales", "Northern Ireland", "Ireland", "Republic of Ireland", "Britain", "Great Britain"];

static COUNTRIES: LazyLock<FxHashSet<&'static str>> = LazyLock::new(|| {
    crate::text::lexicon::COUNTRIES
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.trim().trim_start_matches("The "))
        .chain(HOME_NATIONS.iter().copied())
        .collect()
});

/// Words only match reports use, for articles without a score.
static SPORTS_WORDS: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(r"(?i)\b(?:league|division|innings|halftime|half-time|standings|tournament|championship|goals?|wickets?|runs batted|play-?offs?)\b")
        .expect("a valid pattern")
});

static VERBS_AFTER: LazyLock<FxHashSet<&'static str>> = LazyLock::new(|| TEAM_VERBS_AFTER.iter().copied().collect());
static WORDS_BEFORE: LazyLock<FxHashSet<&'static str>> = LazyLock::new(|| TEAM_WORDS_BEFORE.iter().copied().collect());

/// Whether `name` (a canonical place name) is a country or a home nation.
fn is_country(name: &str) -> bool {
    COUNTRIES.contains(name.trim_start_matches("The ").trim_start_matches("the "))
}

/// A score: `2-1`, `32-22`, `6-4`.
fn has_score(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr_iter(b'-', bytes).any(|i| {
        i > 0 && bytes[i - 1].is_ascii_digit() && bytes.get(i + 1).is_some_and(u8::is_ascii_digit) && {
            // Not a date (`1996-08-30`) or a range of years.
            let digits_before = bytes[..i].iter().rev().take_while(|b| b.is_ascii_digit()).count();
            let digits_after = bytes[i + 1..].iter().take_while(|b| b.is_ascii_digit()).count();
            digits_before <= 3
                && digits_after <= 3
                && !(digits_before == 2 && digits_after == 2 && {
                    // `08-30` inside a date.
                    i >= 3 && bytes[i - 3] == b'-'
                })
        }
    })
}

/// A results or standings line: names and numbers only, with at least two
/// numbers (`Leeds 2 Chelsea 1`, `Leeds 12 8 3 1 27`, `Leeds 2-1 Chelsea`).
pub(super) fn is_results_line(line: &str) -> bool {
    let mut numbers = 0;
    let mut words = 0;
    for token in line.split(|c: char| c.is_whitespace() || c == '\t') {
        let token = token.trim_matches(|c: char| matches!(c, '(' | ')' | ',' | ':' | ';' | '.' | '*'));
        if token.is_empty() {
            continue;
        }
        if token.chars().all(|c| c.is_ascii_digit() || matches!(c, '-' | '.' | ':' | '/')) {
            numbers += 1;
        } else if token.chars().next().is_some_and(char::is_uppercase)
            || matches!(token, "of" | "de" | "and" | "v" | "vs")
        {
            words += 1;
        } else {
            return false;
        }
    }
    numbers >= 2 && (1..=8).contains(&words)
}

/// Relabels places (and unknown names) that are teams in a match report as
/// organisations.
pub(super) fn relabel_teams(text: &str, found: &mut [Found]) {
    let may_be_team = |f: &Found| {
        f.label == Some(EntityLabel::Location) || (f.label.is_none() && f.evidence == Evidence::Guess && !f.link_only)
    };
    if !found.iter().any(may_be_team) || !(has_score(text) || SPORTS_WORDS.is_match(text)) {
        return;
    }
    // By lower-cased name: `CHICAGO` in a standings table is the `Chicago`
    // of the match report.
    let mut teams: FxHashSet<String> = FxHashSet::default();
    let mut lines = super::layout::LineCache::new(text);
    for f in found.iter() {
        if !may_be_team(f) {
            continue;
        }
        let name = f.name_span.slice(text);
        if is_country(name) || f.canonical.as_deref().is_some_and(is_country) || is_venue(text, f) {
            continue;
        }
        let after = f.after.slice(text);
        let before = f.before.slice(text).to_ascii_lowercase();
        let (line_start, _, _, results_line) = lines.at(f.span.start);
        let score_after = after.bytes().next().is_some_and(|b| b.is_ascii_digit());
        let dateline = f.span.start == line_start && is_dateline_rest(text.get(f.span.end..).unwrap_or(""));
        let team = !dateline
            && (VERBS_AFTER.contains(after)
                || (after == "'s" && follows_sport_noun(text, f.span.end))
                || WORDS_BEFORE.contains(before.as_str())
                || (matches!(before.as_str(), "with" | "to") && result_before(text, f.span.start))
                || (score_after && results_line)
                || results_line);
        if team {
            teams.insert(name.to_lowercase());
        }
    }
    if teams.is_empty() {
        return;
    }
    let mut lines = super::layout::LineCache::new(text);
    for f in found.iter_mut() {
        let name = f.name_span.slice(text);
        if !may_be_team(f) || !teams.contains(&name.to_lowercase()) || is_venue(text, f) {
            continue;
        }
        let (line_start, _, _, _) = lines.at(f.span.start);
        if f.span.start == line_start && is_dateline_rest(text.get(f.span.end..).unwrap_or("")) {
            continue;
        }
        f.label = Some(EntityLabel::Organization);
        f.evidence = Evidence::Strong;
        f.the_start = None;
        f.entity = None;
        f.canonical = None;
    }
}

/// `drew 0-0 with Leeds`, `lost 2-1 to Leeds`: a result shortly before.
fn result_before(text: &str, start: usize) -> bool {
    let mut from = start.saturating_sub(24);
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    let window = text.get(from..start).unwrap_or("");
    ["drew", "draw", "lost", "losing", "tied"].iter().any(|w| window.contains(w))
}

/// `in Leeds`, `At Leeds:`: the place where a match is played.
fn is_venue(text: &str, f: &Found) -> bool {
    let before = f.before.slice(text).to_ascii_lowercase();
    matches!(before.as_str(), "in" | "at" | "near" | "from")
}

/// After a name at a line's start: `, England 1996-08-30`, ` 1996-08-30`.
fn is_dateline_rest(rest: &str) -> bool {
    let line = rest.split('\n').next().unwrap_or("");
    let line = line.trim_start_matches([',', ' ']);
    let after_region =
        line.trim_start_matches(|c: char| c.is_alphabetic() || c == ' ' || c == '.').trim_start_matches([',', ' ']);
    let starts_with_date = |s: &str| s.len() >= 6 && s.as_bytes()[..4].iter().all(u8::is_ascii_digit);
    line.is_empty() || starts_with_date(line) || starts_with_date(after_region) || line.starts_with('(')
}

/// `Leeds's goalkeeper`: the possessive of a team.
fn follows_sport_noun(text: &str, end: usize) -> bool {
    let rest = text.get(end..).unwrap_or("");
    let rest = rest.trim_start_matches(['\'', '’', 's']).trim_start();
    let word: String = rest.chars().take_while(|c| c.is_alphabetic()).collect();
    matches!(
        word.as_str(),
        "goalkeeper"
            | "striker"
            | "coach"
            | "manager"
            | "captain"
            | "winner"
            | "defence"
            | "defense"
            | "midfielder"
            | "defender"
            | "forward"
            | "players"
            | "squad"
            | "fans"
            | "goal"
            | "lead"
            | "innings"
            | "bowlers"
            | "batsmen"
    )
}

/// Names in the results and standings lines of a match report
/// (`Cukaricki 1 Vojvodina 0`, `Forfar 3 2 0 1 7 4 6`) are teams, known to
/// a list or not; and a place with a plural nickname after it (`Texas
/// Rangers`) is one club.
pub(super) fn teams_in_results<'a>(text: &'a str, gazetteer: &Gazetteer, found: &mut Vec<Found<'a>>) {
    if !(has_score(text) || SPORTS_WORDS.is_match(text)) {
        return;
    }
    let mut added: Vec<Span> = Vec::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let start = line_start;
        line_start += line.len();
        let body = line.trim_end();
        if !is_results_line(body) {
            continue;
        }
        for name in name_groups(body, start) {
            added.push(name);
        }
    }
    let mut scratch = String::new();
    let mut remove: Vec<usize> = Vec::new();
    let mut new_teams: Vec<Span> = Vec::new();
    for name in added {
        let first_word = name.slice(text).split(' ').next().unwrap_or("");
        if gazetteer.word_class(first_word, &mut scratch).has(WordClass::GIVEN_NAME.or(WordClass::NOT_A_NAME)) {
            continue;
        }
        let inside: Vec<usize> =
            (0..found.len()).filter(|&k| found[k].span.start < name.end && found[k].span.end > name.start).collect();
        let keeps_kind = |f: &Found| {
            f.label == Some(EntityLabel::Person)
                || (f.label == Some(EntityLabel::Location)
                    && (is_country(f.name_span.slice(text)) || f.canonical.as_deref().is_some_and(is_country)))
        };
        if inside
            .iter()
            .any(|&k| keeps_kind(&found[k]) || found[k].span.start < name.start || found[k].span.end > name.end)
        {
            continue;
        }
        match inside.as_slice() {
            [k] if found[*k].span == name => {
                let f = &mut found[*k];
                f.label = Some(EntityLabel::Organization);
                f.evidence = Evidence::Strong;
                f.link_only = false;
                f.entity = None;
                f.canonical = None;
            }
            _ => {
                remove.extend(inside);
                new_teams.push(name);
            }
        }
    }
    // `the Texas Rangers`: a place and a plural nickname.
    for k in 1..found.len() {
        let (a, b) = (&found[k - 1], &found[k]);
        let nickname = b.word_count == 1
            && b.evidence == Evidence::Guess
            && b.name_span.slice(text).ends_with('s')
            && a.label == Some(EntityLabel::Location)
            && text.get(a.span.end..b.span.start) == Some(" ");
        if nickname && !remove.contains(&(k - 1)) && !remove.contains(&k) {
            remove.extend([k - 1, k]);
            new_teams.push(Span::new(a.name_span.start, b.span.end));
        }
    }
    if new_teams.is_empty() && remove.is_empty() {
        return;
    }
    remove.sort_unstable();
    remove.dedup();
    for k in remove.into_iter().rev() {
        found.remove(k);
    }
    for span in new_teams {
        found.push(team_found(text, span));
    }
    found.sort_by_key(|f| f.span.start);
}

/// The runs of capitalised words between the numbers of a results line,
/// as spans of the text (`line_start` is the line's offset).
fn name_groups(line: &str, line_start: usize) -> Vec<Span> {
    let mut groups = Vec::new();
    let mut current: Option<Span> = None;
    let mut pos = 0;
    for token in line.split(' ') {
        let start = line_start + pos;
        pos += token.len() + 1;
        if token.is_empty() {
            continue;
        }
        if token.starts_with('(') {
            // `Ada Brinkwell (Norway) 15:42`: a person and a country.
            current = None;
            continue;
        }
        let word = token.trim_end_matches([',', ':', ';']);
        let is_name_word = word.chars().next().is_some_and(char::is_uppercase)
            && word.chars().all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '.' | '’'))
            || (current.is_some() && matches!(word, "of" | "de"));
        if is_name_word {
            let end = start + word.len();
            current = Some(match current {
                Some(span) => Span::new(span.start, end),
                None => Span::new(start, end),
            });
            if word.len() != token.len() {
                groups.extend(current.take());
            }
        } else {
            groups.extend(current.take());
        }
    }
    groups.extend(current.take());
    groups
}

fn team_found<'a>(text: &'a str, span: Span) -> Found<'a> {
    let name = span.slice(text);
    let first_end = span.start + name.find(' ').unwrap_or(name.len());
    let last_start = span.start + name.rfind(' ').map_or(0, |i| i + 1);
    Found::new(
        span,
        Span::new(span.start, first_end),
        Span::new(last_start, span.end),
        name.split(' ').count(),
        Some(EntityLabel::Organization),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_are_not_dates() {
        assert!(has_score("They won 2-1 at home."));
        assert!(!has_score("LONDON 1996-08-30"));
        assert!(!has_score("in 2019-20"));
    }

    #[test]
    fn results_lines_hold_names_and_numbers() {
        assert!(is_results_line("Portvale 2 Kingsbridge 1"));
        assert!(is_results_line("Rivermouth 12 7 4 1 25"));
        assert!(!is_results_line("Portvale beat Kingsbridge 2-1 on Saturday."));
        assert!(!is_results_line("Portvale"));
    }

    #[test]
    fn results_lines_split_into_names() {
        let line = "Queen of South 2 Dumbarton 1";
        let names: Vec<&str> = name_groups(line, 0).iter().map(|s| s.slice(line)).collect();
        assert_eq!(names, ["Queen of South", "Dumbarton"]);
    }
}
