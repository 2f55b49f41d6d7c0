//! The small word lists of the entity rules that only they read: name
//! connectors, family names that are also words, the verbs and function
//! words that show where a name's phrase ends, lower-case departments.

use super::*;

/// Connect parts of one organisation's name (`Bank of Korea`).
pub(super) fn is_inner_connector(word: &str) -> bool {
    matches!(word, "of" | "&" | "de" | "du" | "der" | "von" | "van" | "al" | "bin" | "la" | "del" | "y" | "da" | "dos")
}

/// The small words of family names written in lower case (`van der Berg`,
/// `de Souza`, `bin Salem`).
pub(super) fn is_name_particle(word: &str) -> bool {
    matches!(
        word,
        "van"
            | "von"
            | "der"
            | "den"
            | "de"
            | "del"
            | "della"
            | "di"
            | "da"
            | "dos"
            | "du"
            | "la"
            | "le"
            | "bin"
            | "ibn"
            | "al"
            | "el"
            | "ter"
    )
}

/// A family name joined to its particle by a hyphen (`al-Rashid`,
/// `el-Din`, `bin-Salem`).
pub(super) fn is_particle_name(word: &str) -> bool {
    word.split_once('-').is_some_and(|(particle, name)| {
        matches!(particle, "al" | "el" | "ad" | "ar" | "as" | "ash" | "at" | "az" | "an" | "bin" | "ibn" | "abu")
            && name.chars().next().is_some_and(char::is_uppercase)
    })
}

/// Family names that are also English words: only an unmistakable East Asian
/// shape (`Song Young-gil`) makes them names.
pub(super) const SURNAMES_THAT_ARE_WORDS: &[&str] = &[
    "he", "do", "so", "long", "song", "ha", "ho", "an", "im", "sun", "fan", "won", "ye", "gong", "ban", "ma", "min",
    "bai", "lai", "tan", "yang", "le", "vu", "ly",
];

/// Verbs that follow the subject of a clause: the name before them is its
/// head (`the United States will`, `Cerberus has agreed`).
pub(super) const VERBS_AFTER_SUBJECT: &[&str] = &[
    "is",
    "was",
    "are",
    "were",
    "will",
    "would",
    "has",
    "have",
    "had",
    "said",
    "says",
    "told",
    "can",
    "could",
    "should",
    "may",
    "might",
    "must",
    "does",
    "did",
    "do",
    "announced",
    "agreed",
    "added",
    "reported",
    "grew",
    "fell",
    "rose",
    "made",
    "took",
    "gave",
    "won",
    "lost",
    "sold",
    "bought",
    "began",
    "came",
    "went",
    "saw",
    "met",
    "left",
    "held",
    "paid",
    "led",
    "sent",
    "set",
    "put",
    "cut",
    "hit",
    "ran",
    "kept",
    "found",
    "became",
    "chose",
    "drew",
    "spent",
    "struck",
    "won't",
    "wants",
    "plans",
    "needs",
    "remains",
    "continues",
    "agrees",
    "hopes",
    "seeks",
    "faces",
    "urges",
    "warns",
    "expects",
    "believes",
    "insists",
    "denies",
    "claims",
    "reports",
    "announces",
];

/// Function words that cannot follow a name used as a modifier (`the US
/// economy`), so the name before them heads its phrase (`the Senate this week`).
pub(super) const WORDS_AFTER_HEAD: &[&str] = &[
    "and",
    "or",
    "of",
    "in",
    "on",
    "at",
    "to",
    "for",
    "with",
    "by",
    "from",
    "as",
    "that",
    "which",
    "who",
    "but",
    "not",
    "also",
    "itself",
    "after",
    "before",
    "over",
    "since",
    "than",
    "if",
    "when",
    "while",
    "because",
    "later",
    "again",
    "now",
    "still",
    "into",
    "this",
    "these",
    "those",
    "last",
    "next",
    "its",
    "their",
    "his",
    "her",
    "a",
    "an",
    "the",
    "some",
    "any",
    "all",
    "no",
    "every",
    "each",
    "today",
    "yesterday",
    "tomorrow",
    "earlier",
    "recently",
    "instead",
    "about",
    "under",
    "against",
    "through",
    "during",
    "without",
    "within",
    "between",
    "among",
    "amid",
    "like",
    "unlike",
    "despite",
    "toward",
    "towards",
    "via",
    "per",
    "upon",
    "around",
    "across",
    "behind",
    "beyond",
    "near",
    "off",
    "out",
    "up",
    "down",
    "until",
];

pub(super) static VERB_SET: LazyLock<FxHashSet<&'static str>> =
    LazyLock::new(|| VERBS_AFTER_SUBJECT.iter().copied().collect());
pub(super) static HEAD_SET: LazyLock<FxHashSet<&'static str>> =
    LazyLock::new(|| WORDS_AFTER_HEAD.iter().copied().collect());

/// A past-tense verb or one of [`VERBS_AFTER_SUBJECT`].
pub(super) fn acts_as_verb(word: &str) -> bool {
    VERB_SET.contains(word) || (word.len() > 4 && word.ends_with("ed"))
}

/// Words after a name that show the name is the head of its phrase (`the
/// United States will`), not a modifier (`the US economy`).
pub(super) fn continues_clause(word: &str) -> bool {
    acts_as_verb(word) || HEAD_SET.contains(word)
}

/// Lower-case department names that still name one body (`the state
/// department`, `South Korea's foreign ministry`).
pub(super) const LOWERCASE_DEPARTMENTS: &[&str] = &[
    "foreign",
    "defense",
    "defence",
    "state",
    "unification",
    "finance",
    "trade",
    "justice",
    "interior",
    "health",
    "education",
    "labor",
    "commerce",
    "energy",
    "agriculture",
    "environment",
    "treasury",
    "industry",
    "economy",
    "culture",
    "transport",
];
