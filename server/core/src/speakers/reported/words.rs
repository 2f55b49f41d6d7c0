//! The words that decide a reported clause's shape: which verbs take a bare
//! clause or an object, which words open an adverbial or a non-statement, and
//! which look like a verb.

use crate::speakers::lexicon;

/// Reporting verbs that introduce a clause without `that`: `said the talks
/// would resume`. The others (`announced`, `denied`, `confirmed`…) take a
/// noun as often (`announced the closure`) and count only with `that`.
const BARE_CLAUSE_VERBS: &[&str] = &[
    "add",
    "argue",
    "acknowledge",
    "assert",
    "claim",
    "concede",
    "contend",
    "declare",
    "emphasize",
    "emphasise",
    "explain",
    "insist",
    "maintain",
    "note",
    "observe",
    "predict",
    "recall",
    "reiterate",
    "reply",
    "respond",
    "stress",
    "suggest",
    "state",
    "tweet",
    "warn",
];
const BARE_CLAUSE_IRREGULAR: &[&str] = &[
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
    "writing",
    "admit",
    "admits",
    "admitted",
    "admitting",
];

static BARE_CLAUSE: std::sync::LazyLock<rustc_hash::FxHashSet<String>> = std::sync::LazyLock::new(|| {
    let mut set = rustc_hash::FxHashSet::default();
    for base in BARE_CLAUSE_VERBS {
        lexicon::inflect(base, &mut set);
    }
    set.extend(BARE_CLAUSE_IRREGULAR.iter().map(|s| s.to_string()));
    set
});

pub(super) fn takes_bare_clause(lower: &str) -> bool {
    BARE_CLAUSE.contains(lower)
}

/// Verbs whose object comes before the clause: `told reporters (that) …`.
pub(super) fn takes_object(lower: &str) -> bool {
    matches!(
        lower,
        "told"
            | "tell"
            | "tells"
            | "telling"
            | "warned"
            | "warns"
            | "warning"
            | "assured"
            | "assures"
            | "reminded"
            | "reminds"
            | "informed"
            | "informs"
            | "advised"
            | "advises"
            | "promised"
            | "promises"
            | "convinced"
    )
}

/// Nouns that end an adverbial between the cue and the clause: `said in a
/// statement`, `told reporters at a news conference`, `said last week`.
pub(super) fn is_adverbial_head(lower: &str) -> bool {
    matches!(
        lower,
        "statement"
            | "statements"
            | "interview"
            | "interviews"
            | "release"
            | "conference"
            | "briefing"
            | "email"
            | "e-mail"
            | "post"
            | "speech"
            | "letter"
            | "tweet"
            | "video"
            | "message"
            | "hearing"
            | "meeting"
            | "report"
            | "filing"
            | "ruling"
            | "decision"
            | "court"
            | "documents"
            | "remarks"
            | "address"
            | "call"
            | "week"
            | "weekend"
            | "month"
            | "year"
            | "day"
            | "morning"
            | "afternoon"
            | "evening"
            | "night"
            | "time"
            | "twitter"
            | "facebook"
            | "x"
            | "instagram"
            | "television"
            | "radio"
            | "camera"
            | "person"
            | "parliament"
            | "commons"
            | "senate"
            | "house"
            | "wednesday"
            | "tuesday"
            | "monday"
            | "thursday"
            | "friday"
            | "saturday"
            | "sunday"
    )
}

/// Words that open an adverbial after a cue.
pub(super) fn opens_adverbial(lower: &str) -> bool {
    matches!(
        lower,
        "on" | "in"
            | "at"
            | "during"
            | "last"
            | "this"
            | "earlier"
            | "late"
            | "later"
            | "early"
            | "over"
            | "via"
            | "through"
            | "before"
            | "after"
            | "while"
            | "from"
            | "outside"
            | "inside"
    )
}

/// Forms of `be` that make a cue passive (`is said to`, `was told`).
pub(super) fn is_be(lower: &str) -> bool {
    matches!(lower, "is" | "are" | "was" | "were" | "be" | "been" | "being" | "'s")
}

/// Small words that open a question or an infinitive rather than a
/// statement: `did not say whether`, `declined to say why`, `urged X to act`.
pub(super) fn opens_non_statement(lower: &str) -> bool {
    matches!(
        lower,
        "to" | "whether"
            | "if"
            | "why"
            | "how"
            | "what"
            | "when"
            | "where"
            | "who"
            | "which"
            | "for"
            | "of"
            | "about"
            | "so"
            | "by"
            | "with"
            | "as"
            | "and"
            | "or"
            | "but"
            | "goodbye"
            | "hello"
            | "yes"
            | "no"
            | "thanks"
            | "sorry"
            | "nothing"
            | "something"
            | "anything"
            | "little"
            | "much"
            | "more"
            | "otherwise"
    )
}

/// Words that show a finite verb: the clause is a statement, not a noun phrase.
pub(super) fn is_verb_sign(lower: &str) -> bool {
    matches!(
        lower,
        "is" | "are"
            | "was"
            | "were"
            | "will"
            | "would"
            | "could"
            | "should"
            | "can"
            | "may"
            | "might"
            | "must"
            | "has"
            | "have"
            | "had"
            | "does"
            | "did"
            | "do"
            | "won't"
            | "wouldn't"
            | "isn't"
            | "wasn't"
            | "aren't"
            | "can't"
            | "couldn't"
            | "didn't"
            | "doesn't"
            | "don't"
            | "hasn't"
            | "haven't"
            | "shouldn't"
            | "needs"
            | "need"
            | "wants"
            | "want"
            | "plans"
            | "remains"
            | "believes"
            | "knows"
            | "thinks"
            | "shows"
            | "makes"
            | "hopes"
            | "expects"
            | "intends"
            | "rests"
    )
}
