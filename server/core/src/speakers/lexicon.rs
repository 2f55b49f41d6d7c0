//! Word classes for attribution: reporting verbs with all their inflections
//! and the titles that lead names (both from the lexicon,
//! [`crate::text::lexicon`]), the heads of organisation names, and the small
//! words that end a noun phrase. General English news vocabulary only.

use crate::text::lexicon;
use std::sync::LazyLock;

type FastSet<T> = rustc_hash::FxHashSet<T>;
type FastMap<K, V> = rustc_hash::FxHashMap<K, V>;

pub(super) fn inflect(base: &str, out: &mut FastSet<String>) {
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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CueStrength {
    /// `said`, `told`, `added`: a reporting verb wherever it stands.
    Strong,
    /// `report`, `claims`: as often a noun.
    Weak,
}

/// Whether a lower-case word is a reporting verb form, and how surely.
pub(crate) fn cue_strength(word: &str) -> Option<CueStrength> {
    cue_strength_of(word_class(word))
}

pub(crate) fn is_reporting_verb(word: &str) -> bool {
    cue_strength(word) == Some(CueStrength::Strong)
}

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

/// What a word is, as bits: every list above folded into one table so a
/// token is lower-cased and hashed once.
pub(crate) mod class {
    pub const TITLE: u16 = 1;
    pub const ORGANIZATION: u16 = 1 << 1;
    pub const BREAKER: u16 = 1 << 2;
    pub const AUXILIARY: u16 = 1 << 3;
    pub const DETERMINER: u16 = 1 << 4;
    pub const PRONOUN: u16 = 1 << 5;
    pub const NON_NAME: u16 = 1 << 6;
    pub const ABBREVIATION: u16 = 1 << 7;
    pub const CUE: u16 = 1 << 8;
    pub const NOUN_LIKE_CUE: u16 = 1 << 9;
    pub const WEEKDAY_OR_MONTH: u16 = 1 << 10;
    /// Not a reporting verb; the other bits were not looked up.
    pub const LAZY: u16 = 1 << 15;
}

static WORD_CLASSES: LazyLock<FastMap<String, u16>> = LazyLock::new(|| {
    let mut map: FastMap<String, u16> = FastMap::default();
    let mut add = |words: &mut dyn Iterator<Item = String>, bit: u16| {
        for w in words {
            *map.entry(w).or_default() |= bit;
        }
    };
    let owned = |list: &'static [&'static str]| list.iter().map(|s| s.to_string());
    let lexicon_words = |list: &'static str, role: &'static str| {
        lexicon::section_words(list, role).map(str::to_lowercase).collect::<Vec<_>>().into_iter()
    };
    add(&mut lexicon_words(lexicon::TITLES, "attribution"), class::TITLE);
    add(&mut owned(ORGANIZATION_HEADS), class::ORGANIZATION);
    add(&mut owned(PHRASE_BREAKERS), class::BREAKER);
    add(&mut owned(AUXILIARIES), class::AUXILIARY);
    add(&mut owned(DETERMINERS), class::DETERMINER);
    add(&mut owned(PRONOUNS), class::PRONOUN);
    add(&mut owned(CAPITALISED_NON_NAMES), class::NON_NAME);
    add(&mut owned(DETERMINERS), class::NON_NAME);
    add(&mut owned(PRONOUNS), class::NON_NAME);
    // `may` is far more often the verb than the month.
    let calendar = lexicon::months().iter().chain(lexicon::weekdays());
    let mut calendar_words: Vec<String> = Vec::new();
    for name in calendar {
        calendar_words.push(name.name.to_lowercase());
        if lexicon::month_number(name.name).is_some() {
            calendar_words.extend(name.abbreviations.iter().map(|a| format!("{}.", a.to_lowercase())));
        }
    }
    calendar_words.retain(|w| w != "may");
    add(&mut calendar_words.into_iter(), class::NON_NAME | class::WEEKDAY_OR_MONTH);
    add(&mut owned(ABBREVIATIONS), class::ABBREVIATION);
    let mut cues = FastSet::default();
    for base in lexicon::section_words(lexicon::REPORTING_VERBS, "regular") {
        inflect(base, &mut cues);
    }
    cues.extend(lexicon::section_words(lexicon::REPORTING_VERBS, "forms").map(str::to_string));
    add(&mut cues.into_iter(), class::CUE);
    add(&mut lexicon_words(lexicon::REPORTING_VERBS, "noun-like"), class::NOUN_LIKE_CUE);
    map
});

const LONGEST_LISTED: usize = 20;

/// Which (first letter, second letter, length) shapes the reporting verbs
/// have: most words of a text are ruled out as cues by one bit test.
struct ShapeFilter([u64; ShapeFilter::WORDS]);

impl ShapeFilter {
    const LETTERS: usize = 27;
    const LENGTHS: usize = LONGEST_LISTED + 1;
    const WORDS: usize = (Self::LETTERS * Self::LETTERS * Self::LENGTHS).div_ceil(64);

    fn letter(b: Option<&u8>) -> usize {
        match b {
            Some(b) if b.is_ascii_alphabetic() => usize::from(b.to_ascii_lowercase() - b'a'),
            _ => Self::LETTERS - 1,
        }
    }
    fn index(word: &str) -> usize {
        let bytes = word.as_bytes();
        let shape = Self::letter(bytes.first()) * Self::LETTERS + Self::letter(bytes.get(1));
        shape * Self::LENGTHS + word.len().min(LONGEST_LISTED)
    }
    fn insert(&mut self, word: &str) {
        let i = Self::index(word);
        self.0[i / 64] |= 1 << (i % 64);
    }
    fn may_contain(&self, word: &str) -> bool {
        let i = Self::index(word);
        self.0[i / 64] & (1 << (i % 64)) != 0
    }
}

static CUE_SHAPES: LazyLock<ShapeFilter> = LazyLock::new(|| {
    let mut filter = ShapeFilter([0; ShapeFilter::WORDS]);
    for (word, bits) in WORD_CLASSES.iter() {
        if bits & class::CUE != 0 {
            filter.insert(word);
        }
    }
    filter
});

/// False for most words that are no reporting verb, without a lookup.
pub(crate) fn may_be_cue(word: &str) -> bool {
    word.len() <= LONGEST_LISTED && CUE_SHAPES.may_contain(word)
}

const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// `to_ascii_lowercase` of eight ASCII bytes at once (every token is looked
/// up, so a byte-at-a-time loop showed in profiles): a byte's high bit is
/// set by adding an offset when it is at least `A`, and stays clear with
/// another when it is at most `Z`; no addition can carry into the next byte
/// because every byte is below 0x80.
fn ascii_lowercase_eight(x: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let at_least_a = x + ONES * u64::from(0x80 - b'A');
    let above_z = x + ONES * u64::from(0x7f - b'Z');
    let upper = at_least_a & !above_z & HIGH_BITS;
    x | (upper >> 2)
}

/// An ASCII word of up to 16 bytes, lower-cased and packed into two
/// integers, so that it is hashed and compared without touching memory twice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Packed([u64; 2]);

impl Packed {
    fn new(word: &str) -> Option<Packed> {
        if word.is_empty() || word.len() > 16 {
            return None;
        }
        let mut bytes = [0u8; 16];
        bytes[..word.len()].copy_from_slice(word.as_bytes());
        let (low, high) = bytes.split_at(8);
        let halves = [low, high].map(|half| {
            let mut eight = [0u8; 8];
            eight.copy_from_slice(half);
            u64::from_le_bytes(eight)
        });
        if (halves[0] | halves[1]) & HIGH_BITS != 0 {
            return None;
        }
        Some(Packed(halves.map(ascii_lowercase_eight)))
    }
    fn slot(&self, bits: u32) -> usize {
        let [a, b] = self.0;
        let mixed = (a ^ b.rotate_left(29)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        (mixed >> (64 - bits)) as usize
    }
}

/// [`WORD_CLASSES`] as an open-addressing table of packed words: the lookup
/// every token makes.
struct PackedTable {
    slots: Vec<(Packed, u16)>,
    bits: u32,
}

impl PackedTable {
    fn build() -> PackedTable {
        let bits = (WORD_CLASSES.len() * 2).next_power_of_two().trailing_zeros();
        let mut table = PackedTable { slots: vec![(Packed::default(), 0); 1 << bits], bits };
        let mask = table.slots.len() - 1;
        for (word, class) in WORD_CLASSES.iter() {
            // Longer listed words are found by the slow path.
            let Some(key) = Packed::new(word) else { continue };
            let mut i = key.slot(bits);
            while table.slots[i].0 != Packed::default() {
                i = (i + 1) & mask;
            }
            table.slots[i] = (key, *class);
        }
        table
    }
    fn get(&self, key: Packed) -> u16 {
        let mask = self.slots.len() - 1;
        let mut i = key.slot(self.bits);
        loop {
            let (slot_key, class) = self.slots[i];
            if slot_key == key {
                return class;
            }
            if slot_key == Packed::default() {
                return 0;
            }
            i = (i + 1) & mask;
        }
    }
}

static PACKED: LazyLock<PackedTable> = LazyLock::new(PackedTable::build);

fn is_adverb(lower: &str) -> bool {
    lower.len() > 4 && lower.ends_with("ly") && lower != "only"
}

/// The classes of a word, in any case (`Said` and `said` alike).
pub(crate) fn word_class(word: &str) -> u16 {
    if let Some(key) = Packed::new(word) {
        let mut bits = PACKED.get(key);
        if word.len() > 4 && word.ends_with("ly") && !word.eq_ignore_ascii_case("only") {
            bits |= class::AUXILIARY;
        }
        if let Some(stem) = word.strip_suffix("'s").and_then(Packed::new) {
            bits |= PACKED.get(stem) & class::ORGANIZATION;
        }
        return bits;
    }
    if word.len() > 4 * LONGEST_LISTED {
        return 0;
    }
    with_lower(word, |w| {
        let mut bits = WORD_CLASSES.get(w).copied().unwrap_or(0);
        if is_adverb(w) {
            bits |= class::AUXILIARY;
        }
        if let Some(stem) = w.strip_suffix("'s").or_else(|| w.strip_suffix("’s")) {
            bits |= WORD_CLASSES.get(stem).copied().unwrap_or(0) & class::ORGANIZATION;
        }
        bits
    })
}

/// Whether a word's classes make it a reporting verb, and how surely.
pub(crate) fn cue_strength_of(bits: u16) -> Option<CueStrength> {
    if bits & class::CUE == 0 {
        return None;
    }
    Some(if bits & class::NOUN_LIKE_CUE != 0 { CueStrength::Weak } else { CueStrength::Strong })
}

/// Runs `f` on the lower-case form of `word` without allocating for short
/// ASCII words (the common case in a hot loop).
pub(crate) fn with_lower<R>(word: &str, f: impl FnOnce(&str) -> R) -> R {
    if word.is_ascii() {
        // Most words are already lower case: no copy at all.
        if !word.bytes().any(|b| b.is_ascii_uppercase()) {
            return f(word);
        }
        let mut buf = [0u8; 32];
        if let Some(bytes) = buf.get_mut(..word.len()) {
            bytes.copy_from_slice(word.as_bytes());
            bytes.make_ascii_lowercase();
            // ASCII lower-casing keeps the bytes valid UTF-8.
            if let Ok(lower) = std::str::from_utf8(bytes) {
                return f(lower);
            }
        }
    } else if !word.chars().any(char::is_uppercase) {
        return f(word);
    }
    f(&word.to_lowercase())
}

pub(crate) fn is_title(word: &str) -> bool {
    word_class(word) & class::TITLE != 0
}
pub(crate) fn is_organization_head(word: &str) -> bool {
    word_class(word) & class::ORGANIZATION != 0
}
pub(crate) fn is_phrase_breaker(word: &str) -> bool {
    word_class(word) & class::BREAKER != 0
}
pub(crate) fn is_auxiliary(word: &str) -> bool {
    word_class(word) & class::AUXILIARY != 0
}
pub(crate) fn is_determiner(word: &str) -> bool {
    word_class(word) & class::DETERMINER != 0
}
pub(crate) fn is_pronoun(word: &str) -> bool {
    word_class(word) & class::PRONOUN != 0
}
pub(crate) fn is_non_name(word: &str) -> bool {
    word_class(word) & class::NON_NAME != 0
}
pub(crate) fn is_name_particle(word: &str) -> bool {
    NAME_PARTICLES.contains(&word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_that_name_a_person_are_unambiguous_reporting_verbs() {
        let forms: Vec<&str> = lexicon::section_words(lexicon::REPORTING_VERBS, "names-a-person").collect();
        assert!(forms.contains(&"said"));
        for form in forms {
            assert_eq!(cue_strength(form), Some(CueStrength::Strong), "{form}");
        }
    }

    #[test]
    fn months_and_weekdays_are_not_names_but_may_is() {
        for word in ["Monday", "January", "Sept.", "Dec."] {
            assert_ne!(word_class(word) & class::WEEKDAY_OR_MONTH, 0, "{word}");
        }
        assert_eq!(word_class("May") & class::WEEKDAY_OR_MONTH, 0);
    }

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
    fn packed_words_lower_case_every_ascii_byte_like_the_standard_library() {
        for b in 0u8..0x80 {
            let word = [b; 8];
            let expected = u64::from_le_bytes(word.map(|b| b.to_ascii_lowercase()));
            assert_eq!(ascii_lowercase_eight(u64::from_le_bytes(word)), expected, "byte {b:#x}");
        }
        assert_eq!(Packed::new("SAID"), Packed::new("said"));
        assert_eq!(Packed::new("Spokeswoman-Elect"), None, "longer than 16 bytes");
        assert_eq!(Packed::new("Señor"), None, "not ASCII");
    }

    #[test]
    fn lower_casing_handles_long_and_non_ascii_words() {
        assert!(is_title("Ambassador"));
        assert!(!is_title("Übersecretary"));
        assert!(with_lower("Supercalifragilisticexpialidociously", |w| w.starts_with("super")));
    }
}
