//! Word lists for attribution: reporting verbs with all their inflections,
//! titles that lead names, the heads of organisation names, and the small
//! words that end a noun phrase. General English news vocabulary only.

use std::collections::HashSet;
use std::sync::LazyLock;

/// Regular reporting verbs, base form. Their -s, -ed and -ing forms are
/// generated.
const REGULAR_CUES: &[&str] = &[
    "acknowledge",
    "add",
    "advise",
    "agree",
    "allege",
    "announce",
    "answer",
    "argue",
    "ask",
    "assert",
    "assure",
    "boast",
    "caution",
    "charge",
    "claim",
    "comment",
    "complain",
    "concede",
    "conclude",
    "confirm",
    "contend",
    "continue",
    "counter",
    "declare",
    "demand",
    "deny",
    "emphasize",
    "emphasise",
    "exclaim",
    "explain",
    "insist",
    "inquire",
    "joke",
    "lament",
    "maintain",
    "mention",
    "muse",
    "mutter",
    "note",
    "observe",
    "plead",
    "pledge",
    "point",
    "post",
    "predict",
    "proclaim",
    "promise",
    "protest",
    "quote",
    "recall",
    "recount",
    "reiterate",
    "remark",
    "remind",
    "reply",
    "report",
    "respond",
    "retort",
    "reveal",
    "scoff",
    "scream",
    "shout",
    "sigh",
    "state",
    "stress",
    "suggest",
    "testify",
    "text",
    "tweet",
    "urge",
    "vow",
    "warn",
    "whisper",
    "wonder",
    "yell",
];

/// Reporting verbs whose forms are irregular or double their consonant.
const IRREGULAR_CUE_FORMS: &[&str] = &[
    "say",
    "says",
    "said",
    "saying",
    "tell",
    "tells",
    "told",
    "telling",
    "write",
    "writes",
    "wrote",
    "written",
    "writing",
    "admit",
    "admits",
    "admitted",
    "admitting",
    "quip",
    "quips",
    "quipped",
    "quipping",
    "snap",
    "snaps",
    "snapped",
    "rebut",
    "rebutted",
    "regret",
    "regretted",
    "put",
];

/// Forms that are at least as often nouns (`the report said`, `a claim`): a
/// reporting verb only when no unambiguous one is near.
const NOUN_LIKE_CUE_FORMS: &[&str] = &[
    "answer", "answers", "charge", "charges", "claim", "claims", "comment", "comments", "counter", "demand", "demands",
    "joke", "jokes", "note", "notes", "point", "points", "post", "posts", "promise", "promises", "put", "quote",
    "quotes", "remark", "remarks", "reply", "replies", "report", "reports", "state", "states", "text", "texts",
    "tweet", "tweets", "vow", "vows", "wonder", "sigh", "protest", "protests", "pledge", "pledges", "remind", "reveal",
    "suggest", "maintain", "observe", "written", "urge", "writing", "posted", "mention", "pointed", "points",
    "counter",
];

fn inflect(base: &str, out: &mut HashSet<String>) {
    out.insert(base.to_string());
    let stem_y = base.strip_suffix('y').filter(|s| !s.ends_with(['a', 'e', 'o', 'u']));
    let third = match stem_y {
        Some(stem) => format!("{stem}ies"),
        None if base.ends_with(['s', 'x', 'z']) || base.ends_with("sh") || base.ends_with("ch") => format!("{base}es"),
        None => format!("{base}s"),
    };
    let past = match stem_y {
        Some(stem) => format!("{stem}ied"),
        None if base.ends_with('e') => format!("{base}d"),
        None => format!("{base}ed"),
    };
    let ing = match base.strip_suffix('e') {
        Some(stem) if !base.ends_with("ee") => format!("{stem}ing"),
        _ => format!("{base}ing"),
    };
    out.extend([third, past, ing]);
}

static CUES: LazyLock<HashSet<String>> = LazyLock::new(|| {
    let mut set = HashSet::new();
    for base in REGULAR_CUES {
        inflect(base, &mut set);
    }
    set.extend(IRREGULAR_CUE_FORMS.iter().map(|s| s.to_string()));
    set
});

static NOUN_LIKE: LazyLock<HashSet<&'static str>> = LazyLock::new(|| NOUN_LIKE_CUE_FORMS.iter().copied().collect());

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CueStrength {
    /// `said`, `told`, `added`: a reporting verb wherever it stands.
    Strong,
    /// `report`, `claims`: as often a noun.
    Weak,
}

/// Whether a lower-case word is a reporting verb form, and how surely.
pub(crate) fn cue_strength(lower: &str) -> Option<CueStrength> {
    if !CUES.contains(lower) {
        return None;
    }
    Some(if NOUN_LIKE.contains(lower) { CueStrength::Weak } else { CueStrength::Strong })
}

pub(crate) fn is_reporting_verb(word: &str) -> bool {
    with_lower(word, |w| cue_strength(w) == Some(CueStrength::Strong))
}

/// Words that lead a name as a title or role: `Assistant Secretary of State
/// Kurt Campbell`, `Sen.`, `Prime Minister`. Lower case.
const TITLES: &[&str] = &[
    "acting",
    "adm.",
    "admiral",
    "affairs",
    "agent",
    "amb.",
    "ambassador",
    "archbishop",
    "assemblyman",
    "assemblywoman",
    "assistant",
    "associate",
    "attorney",
    "ayatollah",
    "bishop",
    "brig.",
    "capt.",
    "captain",
    "cardinal",
    "ceo",
    "chair",
    "chairman",
    "chairwoman",
    "chancellor",
    "chief",
    "cmdr.",
    "co-founder",
    "coach",
    "col.",
    "colonel",
    "commander",
    "commerce",
    "commissioner",
    "congressman",
    "congresswoman",
    "councilman",
    "councilwoman",
    "counsel",
    "cpl.",
    "crown",
    "dame",
    "defence",
    "defense",
    "democrat",
    "deputy",
    "det.",
    "detective",
    "director",
    "dr.",
    "education",
    "emir",
    "envoy",
    "executive",
    "father",
    "finance",
    "first",
    "foreign",
    "founder",
    "former",
    "gen.",
    "general",
    "gov.",
    "governor",
    "health",
    "homeland",
    "imam",
    "inspector",
    "interior",
    "judge",
    "justice",
    "king",
    "labor",
    "labour",
    "lady",
    "lawmaker",
    "leader",
    "lord",
    "lt.",
    "lieutenant",
    "madam",
    "maj.",
    "major",
    "majority",
    "manager",
    "mayor",
    "minister",
    "minority",
    "miss",
    "mr.",
    "mrs.",
    "ms.",
    "mr",
    "mrs",
    "ms",
    "dr",
    "mullah",
    "national",
    "nominee",
    "of",
    "officer",
    "pastor",
    "premier",
    "president",
    "president-elect",
    "press",
    "prime",
    "prince",
    "princess",
    "principal",
    "prof.",
    "professor",
    "prosecutor",
    "queen",
    "rabbi",
    "rep.",
    "representative",
    "republican",
    "rev.",
    "reverend",
    "sen.",
    "senator",
    "secretary",
    "secretary-general",
    "security",
    "sergeant",
    "sgt.",
    "sheikh",
    "sheriff",
    "sir",
    "sister",
    "speaker",
    "special",
    "spokesman",
    "spokesperson",
    "spokeswoman",
    "state",
    "superintendent",
    "supt.",
    "the",
    "treasury",
    "trooper",
    "vice",
    "whip",
];

/// Heads of organisation names and collective speakers.
const ORGANIZATION_HEADS: &[&str] = &[
    "administration",
    "agency",
    "airline",
    "army",
    "assembly",
    "association",
    "authorities",
    "authority",
    "bank",
    "board",
    "bureau",
    "cabinet",
    "campaign",
    "center",
    "centre",
    "coalition",
    "command",
    "commission",
    "committee",
    "company",
    "congress",
    "corp.",
    "corporation",
    "council",
    "court",
    "department",
    "embassy",
    "federation",
    "firm",
    "foundation",
    "government",
    "group",
    "house",
    "inc.",
    "institute",
    "kremlin",
    "league",
    "ltd.",
    "military",
    "ministry",
    "navy",
    "network",
    "newspaper",
    "office",
    "organisation",
    "organization",
    "parliament",
    "party",
    "pentagon",
    "police",
    "presidency",
    "secretariat",
    "senate",
    "service",
    "spokesperson's",
    "station",
    "team",
    "union",
    "university",
];

/// Words that end a noun phrase when walking away from a reporting verb.
const PHRASE_BREAKERS: &[&str] = &[
    "about",
    "after",
    "against",
    "also",
    "although",
    "and",
    "as",
    "at",
    "because",
    "before",
    "but",
    "by",
    "during",
    "from",
    "had",
    "has",
    "have",
    "how",
    "if",
    "in",
    "into",
    "is",
    "it",
    "nor",
    "not",
    "on",
    "or",
    "over",
    "since",
    "so",
    "than",
    "that",
    "then",
    "though",
    "through",
    "under",
    "unless",
    "until",
    "was",
    "were",
    "what",
    "when",
    "where",
    "whether",
    "which",
    "while",
    "who",
    "whom",
    "whose",
    "why",
    "with",
    "without",
    "would",
    "will",
    "yet",
    "can",
    "could",
    "may",
    "might",
    "should",
    "must",
    "be",
    "been",
    "being",
    "are",
    "did",
    "do",
    "does",
    "this",
    "these",
    "those",
    "there",
    "here",
    "up",
    "out",
    "later",
    "earlier",
    "today",
    "yesterday",
    "tomorrow",
    "tonight",
    "last",
    "next",
    "ago",
    "once",
    "again",
    "only",
    "even",
    "just",
    "still",
    "never",
    "always",
    "often",
];

/// Words between a speaker and the verb: `Cho also said`, `she has repeatedly
/// warned`.
const AUXILIARIES: &[&str] = &[
    "also",
    "again",
    "then",
    "later",
    "earlier",
    "once",
    "further",
    "has",
    "had",
    "have",
    "would",
    "will",
    "was",
    "is",
    "were",
    "are",
    "did",
    "does",
    "do",
    "had",
    "previously",
    "recently",
    "quoted",
    "not",
    "never",
    "could",
    "may",
    "might",
    "should",
    "can",
    "be",
    "been",
    "himself",
    "herself",
    "themselves",
    "all",
    "both",
    "too",
    "often",
    "always",
    "sometimes",
    "still",
    "now",
    "just",
    "first",
    "already",
    "even",
];

const DETERMINERS: &[&str] =
    &["the", "a", "an", "his", "her", "their", "its", "our", "my", "your", "this", "that", "one", "another", "some"];

const PRONOUNS: &[&str] = &["he", "she", "they", "we", "i", "it", "you"];

const WEEKDAYS_AND_MONTHS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan.",
    "feb.",
    "aug.",
    "sept.",
    "sep.",
    "oct.",
    "nov.",
    "dec.",
];

/// Capitalised words that start sentences or clauses but never names.
const CAPITALISED_NON_NAMES: &[&str] = &[
    "but",
    "and",
    "or",
    "so",
    "yet",
    "in",
    "on",
    "at",
    "for",
    "from",
    "with",
    "by",
    "after",
    "before",
    "during",
    "when",
    "while",
    "if",
    "as",
    "meanwhile",
    "however",
    "still",
    "also",
    "then",
    "now",
    "speaking",
    "asked",
    "later",
    "earlier",
    "according",
    "although",
    "though",
    "because",
    "since",
    "instead",
    "here",
    "there",
    "this",
    "that",
    "these",
    "those",
    "what",
    "why",
    "how",
    "yes",
    "no",
    "well",
    "today",
    "yesterday",
    "tomorrow",
    "tonight",
    "once",
    "often",
    "sometimes",
    "perhaps",
    "maybe",
    "indeed",
    "thus",
    "hence",
    "besides",
    "like",
    "unlike",
    "despite",
    "among",
    "about",
    "against",
    "amid",
    "under",
    "over",
    "through",
    "without",
    "within",
    "asked",
    "told",
    "said",
    "says",
    "mr",
    "mrs",
    "ms",
    "dear",
    "oh",
    "ok",
    "okay",
    "please",
    "thank",
    "thanks",
    "not",
];

/// Particles inside names: `Charles de Gaulle`, `Ludwig van Beethoven`.
const NAME_PARTICLES: &[&str] =
    &["de", "van", "von", "der", "den", "da", "di", "du", "dos", "das", "del", "bin", "al", "la", "le", "ibn"];

/// Abbreviations whose period does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "sen", "rep", "gov", "gen", "lt", "col", "sgt", "capt", "cmdr", "adm", "maj", "cpl",
    "brig", "prof", "rev", "st", "jr", "sr", "amb", "pres", "supt", "det", "dept", "corp", "inc", "co", "ltd", "no",
    "vs", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mt", "ft", "ave",
    "gens", "reps", "sens", "messrs", "etc", "approx",
];

fn set_of(words: &'static [&'static str]) -> HashSet<&'static str> {
    words.iter().copied().collect()
}

static TITLE_SET: LazyLock<HashSet<&'static str>> = LazyLock::new(|| set_of(TITLES));
static ORG_SET: LazyLock<HashSet<&'static str>> = LazyLock::new(|| set_of(ORGANIZATION_HEADS));
static BREAKER_SET: LazyLock<HashSet<&'static str>> = LazyLock::new(|| set_of(PHRASE_BREAKERS));
static AUX_SET: LazyLock<HashSet<&'static str>> = LazyLock::new(|| set_of(AUXILIARIES));
static NON_NAME_SET: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    let mut set = set_of(CAPITALISED_NON_NAMES);
    set.extend(DETERMINERS);
    set.extend(PRONOUNS);
    set.extend(WEEKDAYS_AND_MONTHS);
    set
});
static ABBREVIATION_SET: LazyLock<HashSet<&'static str>> = LazyLock::new(|| set_of(ABBREVIATIONS));

/// Runs `f` on the lower-case form of `word` without allocating for short
/// ASCII words (the common case in a hot loop).
pub(crate) fn with_lower<R>(word: &str, f: impl FnOnce(&str) -> R) -> R {
    let mut buf = [0u8; 32];
    if word.len() <= buf.len() && word.is_ascii() {
        let bytes = &mut buf[..word.len()];
        bytes.copy_from_slice(word.as_bytes());
        bytes.make_ascii_lowercase();
        // ASCII lower-casing keeps the bytes valid UTF-8.
        match std::str::from_utf8(bytes) {
            Ok(lower) => f(lower),
            Err(_) => f(&word.to_lowercase()),
        }
    } else {
        f(&word.to_lowercase())
    }
}

pub(crate) fn is_title(word: &str) -> bool {
    with_lower(word, |w| TITLE_SET.contains(w))
}
pub(crate) fn is_organization_head(word: &str) -> bool {
    with_lower(word, |w| ORG_SET.contains(w.trim_end_matches("'s").trim_end_matches("’s")))
}
pub(crate) fn is_phrase_breaker(word: &str) -> bool {
    with_lower(word, |w| BREAKER_SET.contains(w))
}
pub(crate) fn is_auxiliary(word: &str) -> bool {
    with_lower(word, |w| AUX_SET.contains(w) || (w.len() > 4 && w.ends_with("ly") && w != "only"))
}
pub(crate) fn is_determiner(word: &str) -> bool {
    with_lower(word, |w| DETERMINERS.contains(&w))
}
pub(crate) fn is_pronoun(word: &str) -> bool {
    with_lower(word, |w| PRONOUNS.contains(&w))
}
pub(crate) fn is_non_name(word: &str) -> bool {
    with_lower(word, |w| NON_NAME_SET.contains(w))
}
pub(crate) fn is_name_particle(word: &str) -> bool {
    NAME_PARTICLES.contains(&word)
}
pub(crate) fn is_abbreviation(word: &str) -> bool {
    with_lower(word, |w| ABBREVIATION_SET.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reporting_verbs_have_all_inflections() {
        for form in [
            "says",
            "said",
            "saying",
            "told",
            "replies",
            "replied",
            "argues",
            "argued",
            "noting",
            "tweeted",
            "wrote",
            "insisting",
            "declares",
            "testified",
            "admitted",
        ] {
            assert!(cue_strength(form).is_some(), "{form}");
        }
        assert_eq!(cue_strength("report"), Some(CueStrength::Weak));
        assert_eq!(cue_strength("reported"), Some(CueStrength::Strong));
        assert_eq!(cue_strength("table"), None);
    }

    #[test]
    fn lower_casing_handles_long_and_non_ascii_words() {
        assert!(is_title("Ambassador"));
        assert!(!is_title("Übersecretary"));
        assert!(with_lower("Supercalifragilisticexpialidociously", |w| w.starts_with("super")));
    }
}
