//! Tokens and the temporal vocabulary: the text layer's tokens cut into
//! letter runs, digit runs and punctuation, with each word looked up once.
//!
//! Words are looked up once, in lower case, in a table bucketed by length and
//! first letter, so that the grammar only ever compares small enums. Most
//! words of news text are not temporal and cost one bucket probe.

use std::sync::LazyLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Unit {
    Second,
    Minute,
    Hour,
    Day,
    Week,
    Weekend,
    Month,
    Quarter,
    Year,
    Decade,
    Century,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Rel {
    Last,
    Next,
    This,
    Past,
    Previous,
    Coming,
    Current,
    Recent,
    Following,
    Ago,
    Earlier,
    Later,
    Latest,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum DayWord {
    Today,
    Yesterday,
    Tomorrow,
    Tonight,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum PartOfDay {
    Morning,
    Afternoon,
    Evening,
    Night,
}

impl PartOfDay {
    pub(super) fn code(self) -> &'static str {
        match self {
            PartOfDay::Morning => "MO",
            PartOfDay::Afternoon => "AF",
            PartOfDay::Evening => "EV",
            PartOfDay::Night => "NI",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Season {
    Spring,
    Summer,
    Fall,
    Winter,
}

impl Season {
    pub(super) fn code(self) -> &'static str {
        match self {
            Season::Spring => "SP",
            Season::Summer => "SU",
            Season::Fall => "FA",
            Season::Winter => "WI",
        }
    }
    /// The month the season starts in (northern hemisphere, as the wires write).
    pub(super) fn start_month(self) -> u32 {
        match self {
            Season::Spring => 3,
            Season::Summer => 6,
            Season::Fall => 9,
            Season::Winter => 12,
        }
    }
}

/// Where in a period a modifier points (`early`, `late`, `mid-`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Position {
    Early,
    Late,
    Mid,
    /// `end` in `the end of`.
    End,
    /// `beginning`, `start` in `the beginning of`.
    Start,
    /// `middle` in `the middle of`.
    Middle,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Approx {
    About,
    Nearly,
    More,
    Less,
    AtLeast,
    Over,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Tense {
    Past,
    Future,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum RefWord {
    Now,
    Currently,
    Recently,
    Nowadays,
    Future,
}

/// What a word means to the date grammar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Lex {
    None,
    /// A full month name, 1-based.
    Month(u32),
    /// `Jan`, `Sept`: only a month when capitalised and followed by `.` or a number.
    MonthAbbrev(u32),
    /// 0 for Monday.
    Weekday(u32),
    WeekdayPlural(u32),
    Unit(Unit, bool),
    /// `one` .. `ninety`, `hundred` (100), `dozen` (12).
    NumWord(u32),
    /// `a`, `an`.
    Article,
    The,
    Ordinal(u32),
    /// `st`, `nd`, `rd`, `th` glued to a number.
    OrdinalSuffix,
    Rel(Rel),
    Day(DayWord),
    Part(PartOfDay),
    Noon,
    Midnight,
    Season(Season),
    Position(Position),
    Approx(Approx),
    /// `daily`, `weekly`...: a set by itself.
    SetAdverb(Unit),
    Every,
    Per,
    Fiscal,
    Half,
    Few,
    Several,
    Couple,
    Ref(RefWord),
    Tense(Tense),
    /// `am`, `pm`.
    Meridiem(bool),
    /// A time zone; true for UTC/GMT, which TimeML writes as `Z`.
    Zone(bool),
    /// A preposition that introduces a point or span in time.
    TimePrep,
    /// `and`, `to`, `or`, `as`...: words that may follow a bare year.
    Function,
    /// Adjectives that may sit between a number and its unit (`six straight days`).
    UnitAdjective,
    Of,
    For,
    In,
    At,
    Times,
    Holiday(u32, u32),
    Christmas,
    Eve,
    Thanksgiving,
}

/// The temporal words besides month and weekday names, which come from the
/// lexicon's calendar list (see [`calendar_words`]).
const WORDS: &[(&str, Lex)] = &[
    ("second", Lex::Unit(Unit::Second, false)),
    ("seconds", Lex::Unit(Unit::Second, true)),
    ("minute", Lex::Unit(Unit::Minute, false)),
    ("minutes", Lex::Unit(Unit::Minute, true)),
    ("hour", Lex::Unit(Unit::Hour, false)),
    ("hours", Lex::Unit(Unit::Hour, true)),
    ("day", Lex::Unit(Unit::Day, false)),
    ("days", Lex::Unit(Unit::Day, true)),
    ("week", Lex::Unit(Unit::Week, false)),
    ("weeks", Lex::Unit(Unit::Week, true)),
    ("weekend", Lex::Unit(Unit::Weekend, false)),
    ("weekends", Lex::Unit(Unit::Weekend, true)),
    ("month", Lex::Unit(Unit::Month, false)),
    ("months", Lex::Unit(Unit::Month, true)),
    ("quarter", Lex::Unit(Unit::Quarter, false)),
    ("quarters", Lex::Unit(Unit::Quarter, true)),
    ("year", Lex::Unit(Unit::Year, false)),
    ("years", Lex::Unit(Unit::Year, true)),
    ("decade", Lex::Unit(Unit::Decade, false)),
    ("decades", Lex::Unit(Unit::Decade, true)),
    ("century", Lex::Unit(Unit::Century, false)),
    ("centuries", Lex::Unit(Unit::Century, true)),
    ("one", Lex::NumWord(1)),
    ("two", Lex::NumWord(2)),
    ("three", Lex::NumWord(3)),
    ("four", Lex::NumWord(4)),
    ("five", Lex::NumWord(5)),
    ("six", Lex::NumWord(6)),
    ("seven", Lex::NumWord(7)),
    ("eight", Lex::NumWord(8)),
    ("nine", Lex::NumWord(9)),
    ("ten", Lex::NumWord(10)),
    ("eleven", Lex::NumWord(11)),
    ("twelve", Lex::NumWord(12)),
    ("thirteen", Lex::NumWord(13)),
    ("fourteen", Lex::NumWord(14)),
    ("fifteen", Lex::NumWord(15)),
    ("sixteen", Lex::NumWord(16)),
    ("seventeen", Lex::NumWord(17)),
    ("eighteen", Lex::NumWord(18)),
    ("nineteen", Lex::NumWord(19)),
    ("twenty", Lex::NumWord(20)),
    ("thirty", Lex::NumWord(30)),
    ("forty", Lex::NumWord(40)),
    ("fifty", Lex::NumWord(50)),
    ("sixty", Lex::NumWord(60)),
    ("seventy", Lex::NumWord(70)),
    ("eighty", Lex::NumWord(80)),
    ("ninety", Lex::NumWord(90)),
    ("hundred", Lex::NumWord(100)),
    ("dozen", Lex::NumWord(12)),
    ("a", Lex::Article),
    ("an", Lex::Article),
    ("the", Lex::The),
    ("first", Lex::Ordinal(1)),
    ("third", Lex::Ordinal(3)),
    ("fourth", Lex::Ordinal(4)),
    ("fifth", Lex::Ordinal(5)),
    ("sixth", Lex::Ordinal(6)),
    ("seventh", Lex::Ordinal(7)),
    ("eighth", Lex::Ordinal(8)),
    ("ninth", Lex::Ordinal(9)),
    ("tenth", Lex::Ordinal(10)),
    ("eleventh", Lex::Ordinal(11)),
    ("twelfth", Lex::Ordinal(12)),
    ("nineteenth", Lex::Ordinal(19)),
    ("twentieth", Lex::Ordinal(20)),
    ("final", Lex::Ordinal(99)),
    ("st", Lex::OrdinalSuffix),
    ("nd", Lex::OrdinalSuffix),
    ("rd", Lex::OrdinalSuffix),
    ("th", Lex::OrdinalSuffix),
    ("last", Lex::Rel(Rel::Last)),
    ("next", Lex::Rel(Rel::Next)),
    ("this", Lex::Rel(Rel::This)),
    ("past", Lex::Rel(Rel::Past)),
    ("previous", Lex::Rel(Rel::Previous)),
    ("coming", Lex::Rel(Rel::Coming)),
    ("upcoming", Lex::Rel(Rel::Coming)),
    ("current", Lex::Rel(Rel::Current)),
    ("recent", Lex::Rel(Rel::Recent)),
    ("following", Lex::Rel(Rel::Following)),
    ("ago", Lex::Rel(Rel::Ago)),
    ("earlier", Lex::Rel(Rel::Earlier)),
    ("later", Lex::Rel(Rel::Later)),
    ("latest", Lex::Rel(Rel::Latest)),
    ("today", Lex::Day(DayWord::Today)),
    ("yesterday", Lex::Day(DayWord::Yesterday)),
    ("tomorrow", Lex::Day(DayWord::Tomorrow)),
    ("tonight", Lex::Day(DayWord::Tonight)),
    ("morning", Lex::Part(PartOfDay::Morning)),
    ("afternoon", Lex::Part(PartOfDay::Afternoon)),
    ("evening", Lex::Part(PartOfDay::Evening)),
    ("night", Lex::Part(PartOfDay::Night)),
    ("noon", Lex::Noon),
    ("midday", Lex::Noon),
    ("midnight", Lex::Midnight),
    ("spring", Lex::Season(Season::Spring)),
    ("summer", Lex::Season(Season::Summer)),
    ("fall", Lex::Season(Season::Fall)),
    ("autumn", Lex::Season(Season::Fall)),
    ("winter", Lex::Season(Season::Winter)),
    ("early", Lex::Position(Position::Early)),
    ("late", Lex::Position(Position::Late)),
    ("mid", Lex::Position(Position::Mid)),
    ("end", Lex::Position(Position::End)),
    ("beginning", Lex::Position(Position::Start)),
    ("start", Lex::Position(Position::Start)),
    ("middle", Lex::Position(Position::Middle)),
    ("about", Lex::Approx(Approx::About)),
    ("around", Lex::Approx(Approx::About)),
    ("roughly", Lex::Approx(Approx::About)),
    ("approximately", Lex::Approx(Approx::About)),
    ("some", Lex::Approx(Approx::About)),
    ("nearly", Lex::Approx(Approx::Nearly)),
    ("almost", Lex::Approx(Approx::Nearly)),
    ("more", Lex::Approx(Approx::More)),
    ("less", Lex::Approx(Approx::Less)),
    ("fewer", Lex::Approx(Approx::Less)),
    ("least", Lex::Approx(Approx::AtLeast)),
    ("over", Lex::Approx(Approx::Over)),
    ("daily", Lex::SetAdverb(Unit::Day)),
    ("nightly", Lex::SetAdverb(Unit::Day)),
    ("weekly", Lex::SetAdverb(Unit::Week)),
    ("monthly", Lex::SetAdverb(Unit::Month)),
    ("yearly", Lex::SetAdverb(Unit::Year)),
    ("annually", Lex::SetAdverb(Unit::Year)),
    ("annual", Lex::SetAdverb(Unit::Year)),
    ("hourly", Lex::SetAdverb(Unit::Hour)),
    ("every", Lex::Every),
    ("each", Lex::Every),
    ("per", Lex::Per),
    ("fiscal", Lex::Fiscal),
    ("half", Lex::Half),
    ("few", Lex::Few),
    ("several", Lex::Several),
    ("couple", Lex::Couple),
    ("now", Lex::Ref(RefWord::Now)),
    ("currently", Lex::Ref(RefWord::Currently)),
    ("presently", Lex::Ref(RefWord::Currently)),
    ("recently", Lex::Ref(RefWord::Recently)),
    ("nowadays", Lex::Ref(RefWord::Nowadays)),
    ("future", Lex::Ref(RefWord::Future)),
    ("was", Lex::Tense(Tense::Past)),
    ("were", Lex::Tense(Tense::Past)),
    ("had", Lex::Tense(Tense::Past)),
    ("did", Lex::Tense(Tense::Past)),
    ("said", Lex::Tense(Tense::Past)),
    ("told", Lex::Tense(Tense::Past)),
    ("held", Lex::Tense(Tense::Past)),
    ("met", Lex::Tense(Tense::Past)),
    ("made", Lex::Tense(Tense::Past)),
    ("took", Lex::Tense(Tense::Past)),
    ("gave", Lex::Tense(Tense::Past)),
    ("came", Lex::Tense(Tense::Past)),
    ("went", Lex::Tense(Tense::Past)),
    ("began", Lex::Tense(Tense::Past)),
    ("found", Lex::Tense(Tense::Past)),
    ("left", Lex::Tense(Tense::Past)),
    ("saw", Lex::Tense(Tense::Past)),
    ("got", Lex::Tense(Tense::Past)),
    ("won", Lex::Tense(Tense::Past)),
    ("lost", Lex::Tense(Tense::Past)),
    ("fell", Lex::Tense(Tense::Past)),
    ("rose", Lex::Tense(Tense::Past)),
    ("sold", Lex::Tense(Tense::Past)),
    ("bought", Lex::Tense(Tense::Past)),
    ("paid", Lex::Tense(Tense::Past)),
    ("spoke", Lex::Tense(Tense::Past)),
    ("wrote", Lex::Tense(Tense::Past)),
    ("became", Lex::Tense(Tense::Past)),
    ("brought", Lex::Tense(Tense::Past)),
    ("thought", Lex::Tense(Tense::Past)),
    ("kept", Lex::Tense(Tense::Past)),
    ("led", Lex::Tense(Tense::Past)),
    ("ran", Lex::Tense(Tense::Past)),
    ("struck", Lex::Tense(Tense::Past)),
    ("killed", Lex::Tense(Tense::Past)),
    ("will", Lex::Tense(Tense::Future)),
    ("shall", Lex::Tense(Tense::Future)),
    ("ll", Lex::Tense(Tense::Future)),
    ("would", Lex::Tense(Tense::Future)),
    ("scheduled", Lex::Tense(Tense::Future)),
    ("expected", Lex::Tense(Tense::Future)),
    ("expects", Lex::Tense(Tense::Future)),
    ("am", Lex::Meridiem(false)),
    ("pm", Lex::Meridiem(true)),
    ("utc", Lex::Zone(true)),
    ("gmt", Lex::Zone(true)),
    ("est", Lex::Zone(false)),
    ("edt", Lex::Zone(false)),
    ("cst", Lex::Zone(false)),
    ("cdt", Lex::Zone(false)),
    ("mst", Lex::Zone(false)),
    ("mdt", Lex::Zone(false)),
    ("pst", Lex::Zone(false)),
    ("pdt", Lex::Zone(false)),
    ("bst", Lex::Zone(false)),
    ("cet", Lex::Zone(false)),
    ("kst", Lex::Zone(false)),
    ("jst", Lex::Zone(false)),
    ("et", Lex::Zone(false)),
    ("pt", Lex::Zone(false)),
    ("since", Lex::TimePrep),
    ("until", Lex::TimePrep),
    ("till", Lex::TimePrep),
    ("by", Lex::TimePrep),
    ("from", Lex::TimePrep),
    ("before", Lex::TimePrep),
    ("after", Lex::TimePrep),
    ("during", Lex::TimePrep),
    ("through", Lex::TimePrep),
    ("on", Lex::TimePrep),
    ("between", Lex::TimePrep),
    ("within", Lex::TimePrep),
    ("and", Lex::Function),
    ("to", Lex::Function),
    ("or", Lex::Function),
    ("as", Lex::Function),
    ("when", Lex::Function),
    ("is", Lex::Function),
    ("are", Lex::Function),
    ("has", Lex::Function),
    ("have", Lex::Function),
    ("but", Lex::Function),
    ("with", Lex::Function),
    ("which", Lex::Function),
    ("that", Lex::Function),
    ("who", Lex::Function),
    ("where", Lex::Function),
    ("while", Lex::Function),
    ("than", Lex::Function),
    ("straight", Lex::UnitAdjective),
    ("consecutive", Lex::UnitAdjective),
    ("full", Lex::UnitAdjective),
    ("entire", Lex::UnitAdjective),
    ("whole", Lex::UnitAdjective),
    ("additional", Lex::UnitAdjective),
    ("trading", Lex::UnitAdjective),
    ("business", Lex::UnitAdjective),
    ("working", Lex::UnitAdjective),
    ("calendar", Lex::UnitAdjective),
    ("of", Lex::Of),
    ("for", Lex::For),
    ("in", Lex::In),
    ("at", Lex::At),
    ("times", Lex::Times),
    ("twice", Lex::Times),
    ("once", Lex::Times),
    ("halloween", Lex::Holiday(10, 31)),
    ("christmas", Lex::Christmas),
    ("eve", Lex::Eve),
    ("thanksgiving", Lex::Thanksgiving),
];

/// Longest word in the table; longer words are not looked up.
const MAX_WORD: usize = 14;

/// A word of up to 16 ASCII letters packed into an integer, lower-cased, so
/// that a table probe compares integers instead of calling `memcmp`.
/// Month names and their abbreviations, weekday names and their plurals
/// (`Mondays`), from the lexicon. Weekday abbreviations (`Sat`, `Sun`) are
/// left out: in news text they are more often other words than dates.
fn calendar_words() -> Vec<(String, Lex)> {
    use crate::text::lexicon::{months, weekdays};
    let mut out = Vec::new();
    for (i, month) in months().iter().enumerate() {
        out.push((month.name.to_string(), Lex::Month(i as u32 + 1)));
    }
    for (i, month) in months().iter().enumerate() {
        out.extend(month.abbreviations.iter().map(|a| (a.to_string(), Lex::MonthAbbrev(i as u32 + 1))));
    }
    for (i, day) in weekdays().iter().enumerate() {
        out.push((day.name.to_string(), Lex::Weekday(i as u32)));
    }
    for (i, day) in weekdays().iter().enumerate() {
        out.push((format!("{}s", day.name), Lex::WeekdayPlural(i as u32)));
    }
    out
}

fn key(word: &[u8]) -> Option<u128> {
    if word.is_empty() || word.len() > MAX_WORD {
        return None;
    }
    let mut k: u128 = 0;
    for &b in word {
        k = (k << 8) | u128::from(b.to_ascii_lowercase());
    }
    Some(k)
}

/// `WORDS` sorted by (length, first letter), with where each such bucket
/// starts, for a probe of one or two integer comparisons per word.
struct Table {
    starts: Vec<u16>,
    entries: Vec<(u128, Lex)>,
}

static TABLE: LazyLock<Table> = LazyLock::new(|| {
    let calendar = calendar_words();
    let words = calendar.iter().map(|(w, lex)| (w.as_str(), *lex)).chain(WORDS.iter().copied());
    let mut keyed: Vec<(usize, u128, Lex)> =
        words.filter_map(|(word, lex)| Some((bucket(word.as_bytes())?, key(word.as_bytes())?, lex))).collect();
    keyed.sort_by_key(|&(slot, _, _)| slot);
    let slots = (MAX_WORD + 1) * 26;
    let mut starts = vec![0u16; slots + 1];
    for &(slot, _, _) in &keyed {
        starts[slot + 1] += 1;
    }
    for i in 0..slots {
        starts[i + 1] += starts[i];
    }
    Table { starts, entries: keyed.into_iter().map(|(_, k, lex)| (k, lex)).collect() }
});

fn bucket(word: &[u8]) -> Option<usize> {
    bucket_of(word.len(), *word.first()?)
}

fn bucket_of(len: usize, first: u8) -> Option<usize> {
    let first = first.to_ascii_lowercase();
    if len > MAX_WORD || !first.is_ascii_lowercase() {
        return None;
    }
    Some(len * 26 + usize::from(first - b'a'))
}

#[cfg(test)]
pub(super) fn lookup(word: &str) -> Lex {
    let bytes = word.as_bytes();
    match (bytes.first(), key(bytes)) {
        (Some(&first), Some(k)) => lookup_key(&TABLE, bytes.len(), first, k),
        _ => Lex::None,
    }
}

/// The word of `len` ASCII letters starting with `first` whose lower-case
/// [`key`] is `k`.
fn lookup_key(table: &Table, len: usize, first: u8, k: u128) -> Lex {
    let Some(slot) = bucket_of(len, first) else { return Lex::None };
    let (Some(&from), Some(&to)) = (table.starts.get(slot), table.starts.get(slot + 1)) else { return Lex::None };
    table
        .entries
        .get(usize::from(from)..usize::from(to))
        .and_then(|bucket| bucket.iter().find(|(w, _)| *w == k))
        .map_or(Lex::None, |&(_, lex)| lex)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Word,
    /// Digits: their value (saturating) and how many there were.
    Num(u32, u8),
    Punct(char),
}

#[derive(Debug, Clone, Copy)]
pub(super) struct Token {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    pub lex: Lex,
    /// No white space between this token and the previous one.
    pub glued: bool,
    /// Starts with an upper-case letter.
    pub cap: bool,
}

/// Splits `text` (one paragraph, starting at byte `base` of the article) into
/// words, digit runs and single punctuation marks.
#[cfg(test)]
pub(super) fn tokenize(text: &str, base: usize, out: &mut Vec<Token>) {
    out.clear();
    lex(text, base, false, out);
}

/// The date tokens of one paragraph, cut from the text layer's tokens of it:
/// a text token holds whole letter and digit runs, so cutting each on its
/// own (`31st` -> `31` `st`, `mid-1990s` -> `mid` `-` `1990` `s`) gives what
/// scanning the paragraph would; `glued` comes from the gaps between them.
pub(super) fn from_text_tokens(text: &str, tokens: &[crate::text::Token], out: &mut Vec<Token>) {
    out.clear();
    let mut previous_end = None;
    for t in tokens {
        let glued = previous_end == Some(t.span.start);
        lex(t.span.slice(text), t.span.start, glued, out);
        previous_end = Some(t.span.end);
    }
}

/// Appends the tokens of `text` (starting at byte `base` of the article);
/// `glued` says whether its first token touches the token before it.
fn lex(text: &str, base: usize, mut glued: bool, out: &mut Vec<Token>) {
    let table = &*TABLE;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_whitespace() {
            glued = false;
            i += 1;
            continue;
        }
        let start = i;
        let token = if b.is_ascii_alphabetic() {
            // The lookup key is built on the way, so the word is read once.
            let mut k: u128 = 0;
            // Setting bit 5 lower-cases an ASCII letter; a word longer than
            // the table's longest is never looked up, so its key may overflow.
            while let Some(&c) = bytes.get(i).filter(|c| c.is_ascii_alphabetic()) {
                k = (k << 8) | u128::from(c | 0x20);
                i += 1;
            }
            // A word that runs on into other letters (`Montréal`) is not ours.
            let runs_on = i < bytes.len() && bytes[i] >= 0x80 && char_at(text, i).is_some_and(char::is_alphabetic);
            if runs_on {
                while i < bytes.len() && (bytes[i].is_ascii_alphabetic() || bytes[i] >= 0x80) {
                    match char_at(text, i) {
                        Some(c) if c.is_alphabetic() => i += c.len_utf8(),
                        _ => break,
                    }
                }
            }
            let lex = if runs_on || i - start > MAX_WORD { Lex::None } else { lookup_key(table, i - start, b, k) };
            Token { start, end: i, kind: Kind::Word, lex, glued, cap: b.is_ascii_uppercase() }
        } else if b.is_ascii_digit() {
            let mut value: u32 = 0;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                value = value.saturating_mul(10).saturating_add(u32::from(bytes[i] - b'0'));
                i += 1;
            }
            let digits = (i - start).min(255) as u8;
            Token { start, end: i, kind: Kind::Num(value, digits), lex: Lex::None, glued, cap: false }
        } else if b < 0x80 {
            i += 1;
            Token { start, end: i, kind: Kind::Punct(char::from(b)), lex: Lex::None, glued, cap: false }
        } else {
            let Some(c) = char_at(text, i) else {
                i += 1;
                continue;
            };
            i += c.len_utf8();
            if c.is_alphabetic() {
                while let Some(c) = char_at(text, i).filter(|c| c.is_alphanumeric()) {
                    i += c.len_utf8();
                }
                Token { start, end: i, kind: Kind::Word, lex: Lex::None, glued, cap: c.is_uppercase() }
            } else if c.is_whitespace() {
                glued = false;
                continue;
            } else {
                // Typographic apostrophes and dashes behave like their ASCII forms.
                let c = match c {
                    '\u{2019}' | '\u{2018}' => '\'',
                    '\u{2013}' | '\u{2014}' => '-',
                    other => other,
                };
                Token { start, end: i, kind: Kind::Punct(c), lex: Lex::None, glued, cap: false }
            }
        };
        out.push(Token { start: token.start + base, end: token.end + base, ..token });
        glued = true;
    }
}

fn char_at(text: &str, i: usize) -> Option<char> {
    text.get(i..)?.chars().next()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_ignores_case_and_unknown_words() {
        assert_eq!(lookup("January"), Lex::Month(1));
        assert_eq!(lookup("TUESDAY"), Lex::Weekday(1));
        assert_eq!(lookup("Sept"), Lex::MonthAbbrev(9));
        assert_eq!(lookup("ambassador"), Lex::None);
        assert_eq!(lookup("internationalisation"), Lex::None);
    }

    #[test]
    fn tokens_keep_offsets_and_glue() {
        let mut toks = Vec::new();
        tokenize("Jan. 31st, 4:20 pm’s Montréal", 10, &mut toks);
        let kinds: Vec<Kind> = toks.iter().map(|t| t.kind).collect();
        assert_eq!(kinds[0], Kind::Word);
        assert_eq!(kinds[1], Kind::Punct('.'));
        assert_eq!(kinds[2], Kind::Num(31, 2));
        assert!(toks[3].glued && toks[3].lex == Lex::OrdinalSuffix);
        assert_eq!((toks[0].start, toks[0].end), (10, 13));
        assert_eq!(kinds[6], Kind::Punct(':'));
        assert_eq!(kinds[9], Kind::Punct('\''));
        assert_eq!(toks.last().map(|t| t.lex), Some(Lex::None));
    }
}
