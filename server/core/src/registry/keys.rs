//! The keys a registry file may use at each level, and the suggestion for a
//! key Byline does not know: the nearest known key when it is a typo
//! (`alias` for `aliases`), or what to write instead for words people
//! reach for (`title`, `organisation`, `kind`).

/// Top-level tables that hold entries, and the kind each holds.
pub(super) const KIND_TABLES: [&str; 4] = ["person", "organization", "organisation", "place"];

pub(super) const ENTRY_KEYS: [&str; 10] =
    ["id", "name", "aliases", "description", "gender", "affiliation", "roles", "wikidata", "url", "links"];

pub(super) const ROLE_KEYS: [&str; 4] = ["title", "organization", "from", "until"];

/// Where in the file a key was found, which decides what it could have meant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Level {
    Root,
    Entry,
    Role,
}

impl Level {
    fn known(self) -> &'static [&'static str] {
        match self {
            Level::Root => &KIND_TABLES,
            Level::Entry => &ENTRY_KEYS,
            Level::Role => &ROLE_KEYS,
        }
    }

    /// Words that are no typo of a known key but clearly mean one.
    fn hint(self, key: &str) -> Option<&'static str> {
        let hint = match (self, key) {
            (Level::Root, "people" | "persons") => "`[[person]]`, one table per person",
            (Level::Root, "org" | "orgs" | "organizations" | "organisations" | "company" | "companies") => {
                "`[[organization]]`, one table per organisation"
            }
            (Level::Root, "location" | "locations" | "places" | "loc" | "gpe") => "`[[place]]`, one table per place",
            (Level::Entry, "alias" | "aka" | "also_known_as" | "names" | "other_names" | "spellings") => {
                "`aliases = [\"...\"]`"
            }
            (Level::Entry, "title" | "role" | "position" | "job" | "office") => {
                "`roles = [{ title = \"...\", organization = \"...\" }]`"
            }
            (Level::Entry, "organization" | "organisation" | "org" | "employer" | "party" | "member_of") => {
                "`affiliation = \"<id of the organisation's entry>\"`, or a role's `organization`"
            }
            (Level::Entry, "kind" | "type" | "label" | "category") => {
                "the table the entry is in: `[[person]]`, `[[organization]]` or `[[place]]`"
            }
            (Level::Entry, "sex" | "pronouns" | "pronoun") => "`gender = \"female\"` (or `\"male\"`)",
            (Level::Entry, "desc" | "note" | "notes" | "bio" | "about") => "`description`",
            (Level::Entry, "wiki" | "qid" | "wikidata_id") => "`wikidata = \"Q...\"`",
            (Level::Entry, "website" | "link" | "homepage" | "web") => "`url = \"https://...\"`",
            (Level::Role, "org" | "organisation" | "body" | "employer" | "department" | "ministry") => "`organization`",
            (Level::Role, "name" | "role" | "position") => "`title`",
            (Level::Role, "since" | "start" | "started" | "begin") => "`from`",
            (Level::Role, "to" | "end" | "ended" | "till") => "`until`",
            _ => return None,
        };
        Some(hint)
    }
}

/// The message for an unknown key: a did-you-mean when one fits, else the
/// keys that are allowed there.
pub(super) fn unknown_key_message(level: Level, key: &str) -> String {
    let lower = key.to_lowercase();
    let place = match level {
        Level::Root => "at the top of a registry file",
        Level::Entry => "in an entry",
        Level::Role => "in a role",
    };
    if let Some(hint) = level.hint(&lower) {
        return format!("unknown key `{key}` {place}, ignored; did you mean {hint}?");
    }
    if let Some(near) = nearest(&lower, level.known()) {
        let near = match level {
            Level::Root => format!("`[[{near}]]`"),
            _ => format!("`{near}`"),
        };
        return format!("unknown key `{key}` {place}, ignored; did you mean {near}?");
    }
    let allowed = match level {
        Level::Root => "`[[person]]`, `[[organization]]` and `[[place]]` tables".to_string(),
        _ => level.known().iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", "),
    };
    format!("unknown key `{key}` {place}, ignored; expected {allowed}")
}

/// The known word within a small edit distance of `word`, if exactly one
/// is nearest.
pub(crate) fn nearest<'a>(word: &str, known: &[&'a str]) -> Option<&'a str> {
    let budget = if word.chars().count() <= 4 { 1 } else { 2 };
    let mut best: Option<(usize, &str)> = None;
    let mut tie = false;
    for candidate in known {
        let Some(distance) = edit_distance_within(word, candidate, budget) else { continue };
        match best {
            Some((d, _)) if distance > d => {}
            Some((d, _)) if distance == d => tie = true,
            _ => {
                best = Some((distance, candidate));
                tie = false;
            }
        }
    }
    if tie {
        return None;
    }
    best.map(|(_, candidate)| candidate)
}

/// Optimal string alignment distance (adjacent swaps count one), or `None`
/// once it surely exceeds `budget`; in characters.
pub(super) fn edit_distance_within(a: &str, b: &str, budget: usize) -> Option<usize> {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > budget {
        return None;
    }
    let width = b.len() + 1;
    let mut rows = vec![vec![0usize; width]; a.len() + 1];
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        rows[i][0] = i;
        let mut row_min = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (rows[i - 1][j] + 1).min(rows[i][j - 1] + 1).min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = d;
            row_min = row_min.min(d);
        }
        if row_min > budget {
            return None;
        }
    }
    Some(rows[a.len()][b.len()]).filter(|d| *d <= budget)
}
