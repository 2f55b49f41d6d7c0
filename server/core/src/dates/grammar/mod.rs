//! The date grammar: at each token, the longest temporal expression that
//! starts there, with its type and TimeML value.
//!
//! Rules are small functions over the token slice, each returning a [`Hit`]
//! (token range, type, value). Modifiers (`late`, `about`, `the end of`) wrap
//! the core rules; values that depend on the publication date go through
//! [`Parser::rel`], which yields [`Val::NoAnchor`] when there is none.

mod durations;
mod explicit;
mod relative;

use super::lexicon::{Approx, DayWord, Kind, Lex, PartOfDay, Position, RefWord, Rel, Season, Tense, Token, Unit};
use super::resolve::{
    day_year, duration_value, month_value, month_year, month_year_strict, quarter_offset, quarter_year, season_year,
    shifted, thanksgiving, week_value, weekday_date, weekday_strict,
};
use super::TimexType;
use crate::calendar::{days_in_month, CivilDate, Weekday};

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Val {
    /// Needs no publication date (`2012-01-31`, `P2Y`, `XXXX-12`).
    Absolute(String),
    /// Resolved against the publication date.
    Relative(String),
    /// Needs the publication date and the article has none.
    NoAnchor,
    /// Points back at the last date the article gave (`that year`, `the
    /// next day`): that date's `unit`, shifted by `offset` units.
    Anaphoric { unit: Unit, offset: i64, part: Option<PartOfDay> },
    /// On the day the paragraph is talking about (`at 18:00 UTC`, `the
    /// day`): the last day-precise date before it in the paragraph, else the
    /// publication date, followed by this suffix (`T18:00Z`, or nothing).
    InContext(String),
}

#[derive(Debug, Clone)]
pub(super) struct Hit {
    /// First token.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    pub kind: TimexType,
    pub value: Val,
    pub modifier: Option<&'static str>,
    pub mismatch: Option<(Weekday, Weekday)>,
}

impl Hit {
    fn new(start: usize, end: usize, kind: TimexType, value: Val) -> Hit {
        Hit { start, end, kind, value, modifier: None, mismatch: None }
    }
    fn from(mut self, start: usize) -> Hit {
        self.start = start;
        self
    }
    fn with_mod(mut self, modifier: &'static str) -> Hit {
        self.modifier = Some(modifier);
        self
    }
    /// The calendar date of a day-precise value, if it is one.
    fn date(&self) -> Option<CivilDate> {
        match &self.value {
            Val::Absolute(v) | Val::Relative(v) => CivilDate::parse_iso(v.get(..10)?),
            Val::NoAnchor | Val::Anaphoric { .. } | Val::InContext(_) => None,
        }
    }
}

const DATE: TimexType = TimexType::Date;
const TIME: TimexType = TimexType::Time;
const DURATION: TimexType = TimexType::Duration;
const SET: TimexType = TimexType::Set;

/// A count in a duration: a number, or `X` for `several`, `a few`.
type Amount = Option<f64>;

pub(super) struct Parser<'a> {
    toks: &'a [Token],
    text: &'a str,
    anchor: Option<CivilDate>,
}

impl<'a> Parser<'a> {
    pub(super) fn new(toks: &'a [Token], text: &'a str, anchor: Option<CivilDate>) -> Parser<'a> {
        Parser { toks, text, anchor }
    }

    pub(super) fn run(&self) -> Vec<Hit> {
        let mut hits = Vec::new();
        let mut i = 0;
        while i < self.toks.len() {
            match self.parse_at(i) {
                Some(hit) if hit.end > i && hit.start == i => {
                    i = hit.end;
                    let next_day = self.continued_day(&hit);
                    hits.push(hit);
                    if let Some(day) = next_day {
                        i = day.end;
                        hits.push(day);
                    }
                }
                _ => i += 1,
            }
        }
        hits
    }

    /// `April 24 and 25`: a bare day number joined to a full date takes its
    /// month and year.
    fn continued_day(&self, hit: &Hit) -> Option<Hit> {
        let date = hit.date().filter(|_| hit.kind == DATE)?;
        let j = hit.end;
        let joined = ["and", "or", "to", "through"].iter().any(|w| self.is_word(j, w))
            || (self.punct(j, '-') && self.glued(j + 1));
        if !joined || self.month_at(hit.start).is_none() {
            return None;
        }
        let (day, end) = self.day_number(j + 1)?;
        let takes_noun =
            matches!(self.lex(end), Lex::Unit(..) | Lex::Month(_) | Lex::MonthAbbrev(_)) || self.is_content_word(end);
        if takes_noun || day <= date.day {
            return None;
        }
        let next = CivilDate::new(date.year, date.month, day)?;
        let value = match hit.value {
            Val::Absolute(_) => Val::Absolute(next.to_string()),
            _ => Val::Relative(next.to_string()),
        };
        Some(Hit::new(j + 1, end, DATE, value))
    }

    // ---- token access -------------------------------------------------

    fn lex(&self, i: usize) -> Lex {
        self.toks.get(i).map_or(Lex::None, |t| t.lex)
    }
    fn kind(&self, i: usize) -> Option<Kind> {
        self.toks.get(i).map(|t| t.kind)
    }
    fn punct(&self, i: usize, c: char) -> bool {
        self.kind(i) == Some(Kind::Punct(c))
    }
    fn glued(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.glued)
    }
    fn cap(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.cap)
    }
    fn num(&self, i: usize) -> Option<(u32, u8)> {
        match self.kind(i)? {
            Kind::Num(v, d) => Some((v, d)),
            _ => None,
        }
    }
    fn word(&self, i: usize) -> &'a str {
        self.toks.get(i).and_then(|t| self.text.get(t.start..t.end)).unwrap_or("")
    }
    /// Compares lengths before bytes: most probes fail on the length alone.
    fn is_word(&self, i: usize, w: &str) -> bool {
        match self.toks.get(i) {
            Some(t) if t.end - t.start == w.len() && t.kind == Kind::Word => {
                self.text.as_bytes().get(t.start..t.end).is_some_and(|b| b.eq_ignore_ascii_case(w.as_bytes()))
            }
            _ => false,
        }
    }
    fn prev_lex(&self, i: usize) -> Lex {
        if i == 0 {
            Lex::None
        } else {
            self.lex(i - 1)
        }
    }
    /// A lower-case word that is not in the temporal vocabulary.
    fn is_content_word(&self, i: usize) -> bool {
        self.kind(i) == Some(Kind::Word) && !self.cap(i) && matches!(self.lex(i), Lex::None)
    }

    /// Resolves against the publication date, or reports that there is none.
    fn rel(&self, f: impl FnOnce(CivilDate) -> String) -> Val {
        match self.anchor {
            Some(a) => Val::Relative(f(a)),
            None => Val::NoAnchor,
        }
    }

    // ---- tense -------------------------------------------------------------

    fn sentence_break(&self, k: usize) -> bool {
        match self.kind(k) {
            Some(Kind::Punct('!' | '?' | ';')) => true,
            Some(Kind::Punct('.')) => {
                let abbreviation = k > 0
                    && (matches!(self.lex(k - 1), Lex::MonthAbbrev(_)) || self.word(k - 1).len() == 1)
                    && self.kind(k - 1) == Some(Kind::Word);
                // `0.9%`: a decimal point.
                let decimal = k > 0 && self.num(k - 1).is_some() && self.glued(k + 1) && self.num(k + 1).is_some();
                !abbreviation && !decimal
            }
            _ => false,
        }
    }

    fn tense_cue(&self, k: usize) -> Option<Tense> {
        match self.lex(k) {
            Lex::Tense(t) => Some(t),
            Lex::Rel(Rel::Ago) | Lex::Day(DayWord::Yesterday) => Some(Tense::Past),
            Lex::None if self.kind(k) == Some(Kind::Word) => {
                let w = self.word(k);
                // `set to`, `plans to`, `planning to`: intentions look ahead.
                // (`planned to` is a plan in the past, its time left open.)
                const INTENT: [&str; 4] = ["set", "plan", "plans", "planning"];
                if matches!(w.as_bytes().first(), Some(b's' | b'p' | b'S' | b'P'))
                    && INTENT.iter().any(|i| w.eq_ignore_ascii_case(i))
                    && self.is_word(k + 1, "to")
                {
                    return Some(Tense::Future);
                }
                // `is planned`, `are due`, `be slated`: arrangements still ahead.
                const ARRANGED: [&str; 3] = ["planned", "due", "slated"];
                if matches!(w.as_bytes().first(), Some(b'p' | b'd' | b's'))
                    && ARRANGED.iter().any(|a| w.eq_ignore_ascii_case(a))
                    && k > 0
                    && ["is", "are", "be"].iter().any(|p| self.is_word(k - 1, p))
                {
                    return Some(Tense::Future);
                }
                let regular_past = !self.cap(k) && w.len() >= 5 && w.ends_with("ed") && !w.ends_with("eed");
                if !regular_past {
                    return None;
                }
                // `should be completed`: a passive participle says nothing of time.
                const LINKING: [&str; 10] =
                    ["be", "been", "being", "to", "is", "are", "remain", "remains", "stay", "stays"];
                let passive = k > 0 && LINKING.iter().any(|p| self.is_word(k - 1, p));
                (!passive).then_some(Tense::Past)
            }
            _ => None,
        }
    }

    /// The tense that places a month or a day around tokens `start..end`:
    /// `since` or `until` right before it, else the clause's.
    fn tense(&self, start: usize, end: usize) -> Option<Tense> {
        // The preposition right before says it best: `since May`, `until June`.
        let mut p = start;
        while p > 0 && (self.is_word(p - 1, "on") || self.is_word(p - 1, "the") || self.punct(p - 1, '-')) {
            p -= 1;
        }
        if p > 0 {
            if self.is_word(p - 1, "since") {
                return Some(Tense::Past);
            }
            if ["until", "till", "by"].iter().any(|w| self.is_word(p - 1, w)) {
                return Some(Tense::Future);
            }
        }
        self.clause_tense(start, end)
    }

    /// The tense of the clause around tokens `start..end`: the nearest tense
    /// cue within a dozen tokens of the same sentence (left wins a tie).
    /// Weekdays read this without the preposition rules of [`Self::tense`]
    /// (they have their own).
    ///
    /// English puts the verb that governs a time phrase before it, so a cue
    /// on the right only counts when it is nearer and no conjunction
    /// (`and would recover`) has started another clause in between, or when
    /// nothing on the left says anything (`In March, sales fell`). An
    /// infinitive on the left (`agreed to meet in March`) places the time
    /// after its governing verb, whatever that verb's tense: no tense, unless
    /// the governing word itself looks ahead (`is due to`, `expected to`).
    fn clause_tense(&self, start: usize, end: usize) -> Option<Tense> {
        self.clause_reading(start, end).0
    }

    /// [`Self::clause_tense`], and whether it is left open by an infinitive
    /// (`agreed to meet on Thursday`): a weekday there lies after the plan,
    /// which news reports when it is fresh, so ahead.
    fn clause_reading(&self, start: usize, end: usize) -> (Option<Tense>, bool) {
        const WINDOW: usize = 12;
        // (distance, tense); a `None` tense is an open infinitive.
        let mut left: Option<(usize, Option<Tense>)> = None;
        let mut k = start;
        for dist in 1..=WINDOW {
            if k == 0 {
                break;
            }
            k -= 1;
            if self.sentence_break(k) {
                break;
            }
            if self.infinitive_marker(k) {
                left = Some((dist, self.looks_ahead_before(k)));
                break;
            }
            if let Some(t) = self.tense_cue(k) {
                left = Some((dist, Some(t)));
                break;
            }
        }
        let mut crossed_clause = false;
        for (dist, k) in (end..self.toks.len()).take(WINDOW).enumerate() {
            if self.sentence_break(k) {
                break;
            }
            // Only matters when the left side has something to say.
            if left.is_some() && !crossed_clause && self.starts_clause(k) {
                crossed_clause = true;
            }
            if let Some(t) = self.tense_cue(k) {
                let nearer = left.is_none_or(|(d, _)| dist + 1 < d);
                if nearer && !(crossed_clause && left.is_some()) {
                    return (Some(t), false);
                }
                break;
            }
        }
        match left {
            Some((_, None)) => (None, true),
            Some((_, t)) => (t, false),
            None => (None, false),
        }
    }

    /// `to` before a bare verb (`to meet`, `to be`), not the preposition
    /// (`to the port`, `to Seoul`, `to 5%`, `to rising prices`).
    fn infinitive_marker(&self, k: usize) -> bool {
        const NOT_VERBS: [&str; 22] = [
            "his", "her", "its", "their", "our", "my", "your", "this", "these", "those", "some", "all", "any", "more",
            "most", "what", "which", "him", "them", "us", "me", "date",
        ];
        if !self.is_word(k, "to") {
            return false;
        }
        let v = k + 1;
        if !self.is_content_word(v) || self.looks_plural(v) {
            return false;
        }
        let w = self.word(v);
        let inflected = w.len() > 4 && (w.ends_with("ing") || w.ends_with("ed"));
        !inflected && !NOT_VERBS.iter().any(|n| w.eq_ignore_ascii_case(n))
    }

    /// Whether the word before the infinitive marker at `k` looks ahead
    /// (`expected to`, `will try to`, `is due to`, `plans to`, `is to`),
    /// unless a past auxiliary puts the plan itself in the past: then, like
    /// any infinitive, no tense (`was scheduled to`), or the past when a
    /// pluperfect says the plan was overtaken (`had been due to`).
    fn looks_ahead_before(&self, k: usize) -> Option<Tense> {
        const AHEAD: [&str; 11] =
            ["due", "aims", "intends", "hopes", "wants", "seeks", "going", "try", "ready", "is", "are"];
        let before = k.checked_sub(1)?;
        let planned = self.tense_cue(before) == Some(Tense::Future) || AHEAD.iter().any(|w| self.is_word(before, w));
        // `will try to`, `would like to`: a modal just before the verb.
        let modal = before.checked_sub(1).is_some_and(|m| self.lex(m) == Lex::Tense(Tense::Future));
        if !(planned || modal) {
            return None;
        }
        let auxiliary = |w: &str| (1..=2).any(|back| before.checked_sub(back).is_some_and(|a| self.is_word(a, w)));
        if auxiliary("had") {
            // A pluperfect plan was overtaken (`had been due to expire
            // Friday`, then extended): its time is past.
            return Some(Tense::Past);
        }
        let past_auxiliary = (1..=2).any(|back| {
            before.checked_sub(back).is_some_and(|a| self.lex(a) == Lex::Tense(Tense::Past) || self.is_word(a, "been"))
        });
        (!past_auxiliary).then_some(Tense::Future)
    }

    /// A conjunction or relative word that starts another clause.
    fn starts_clause(&self, k: usize) -> bool {
        const STARTERS: [&str; 12] = [
            "and", "but", "while", "whereas", "although", "though", "because", "which", "who", "where", "if", "unless",
        ];
        let first = self.toks.get(k).and_then(|t| self.text.as_bytes().get(t.start)).map(u8::to_ascii_lowercase);
        matches!(first, Some(b'a' | b'b' | b'w' | b't' | b'i' | b'u')) && STARTERS.iter().any(|w| self.is_word(k, w))
    }

    // ---- dispatch --------------------------------------------------------

    fn parse_at(&self, i: usize) -> Option<Hit> {
        let t = self.toks.get(i)?;
        match t.kind {
            // Only `Q3` and `New Year's` start with a word outside the vocabulary.
            Kind::Word if matches!(t.lex, Lex::None) && !matches!(t.end - t.start, 1 | 3) => None,
            Kind::Word if matches!(t.lex, Lex::None) && !self.is_word(i, "q") && !self.is_word(i, "new") => None,
            Kind::Word if t.lex == Lex::Function && self.is_word(i, "that") => self.anaphor(i),
            // Frequent words that never start an expression.
            Kind::Word
                if matches!(
                    t.lex,
                    Lex::Function
                        | Lex::Of
                        | Lex::For
                        | Lex::In
                        | Lex::TimePrep
                        | Lex::Tense(_)
                        | Lex::OrdinalSuffix
                        | Lex::UnitAdjective
                        | Lex::Zone(_)
                        | Lex::Meridiem(_)
                        | Lex::Times
                        | Lex::Eve
                        | Lex::Part(_)
                ) =>
            {
                None
            }
            Kind::Punct(c) if c != '\'' => None,
            _ => self.modified(i).or_else(|| self.core(i)),
        }
    }

    /// The token after `early`, `late` or `mid` at `i`, past a glued hyphen.
    fn after_position(&self, i: usize) -> usize {
        if self.punct(i + 1, '-') && self.glued(i + 1) {
            i + 2
        } else {
            i + 1
        }
    }

    fn part_of_day_at(&self, i: usize) -> Option<PartOfDay> {
        match self.lex(i) {
            Lex::Part(p) => Some(p),
            _ => None,
        }
    }

    /// `in`, `by`, `on`... right before `i`: a time of day standing alone
    /// needs one (`in the morning`, not `the morning paper`).
    fn introduced_by_preposition(&self, i: usize) -> bool {
        matches!(self.prev_lex(i), Lex::In | Lex::TimePrep | Lex::At)
    }

    /// A date or time (not a duration) at `i`, for the modifiers that take one.
    fn point(&self, i: usize) -> Option<Hit> {
        self.core(i).filter(|h| matches!(h.kind, TimexType::Date | TimexType::Time))
    }

    fn modified(&self, i: usize) -> Option<Hit> {
        let position_mod = |p: Position| match p {
            Position::Early | Position::Start => "START",
            Position::Late | Position::End => "END",
            Position::Mid | Position::Middle => "MID",
        };
        match self.lex(i) {
            Lex::The => match (self.lex(i + 1), self.lex(i + 2)) {
                (Lex::Position(p @ (Position::End | Position::Start | Position::Middle)), Lex::Of) => {
                    Some(self.point(i + 3)?.from(i).with_mod(position_mod(p)))
                }
                // `the late 1970s`, `the early summer`.
                (Lex::Position(Position::Early | Position::Late | Position::Mid), _) => {
                    let hit = self.modified(i + 1)?;
                    let period = matches!(self.lex(hit.end - 1), Lex::Season(_)) || self.is_word(hit.end - 1, "s");
                    period.then(|| hit.from(i))
                }
                _ => None,
            },
            Lex::Position(p @ (Position::End | Position::Start | Position::Middle)) if self.lex(i + 1) == Lex::Of => {
                Some(self.point(i + 2)?.from(i).with_mod(position_mod(p)))
            }
            // `late in the day`.
            Lex::Position(p @ (Position::Early | Position::Late)) if self.lex(i + 1) == Lex::In => {
                let hit = self.point(i + 2).filter(|h| self.lex(h.start) == Lex::The)?;
                Some(hit.from(i).with_mod(position_mod(p)))
            }
            Lex::Position(p @ (Position::Early | Position::Late | Position::Mid))
                if self.part_of_day_at(self.after_position(i)).is_some() =>
            {
                // `by mid-afternoon`, `late evening`: on the day in context.
                let at = self.after_position(i);
                let part = self.part_of_day_at(at)?;
                if !self.introduced_by_preposition(i) {
                    return None;
                }
                let (day, end) = self.day_after_time(at + 1);
                let value = match day {
                    Some(d) => with_part(d, part),
                    None => Val::InContext(format!("T{}", part.code())),
                };
                Some(Hit::new(i, end, TIME, value).with_mod(position_mod(p)))
            }
            Lex::Position(p @ (Position::Early | Position::Late | Position::Mid)) => {
                let hit = self.point(self.after_position(i))?;
                Some(hit.from(i).with_mod(position_mod(p)))
            }
            Lex::Rel(Rel::Earlier | Rel::Later) => match self.lex(i + 1) {
                Lex::Day(_) | Lex::Weekday(_) | Lex::Rel(Rel::This) => Some(self.point(i + 1)?.from(i)),
                Lex::Function if self.is_word(i + 1, "that") => Some(self.anaphor(i + 1)?.from(i)),
                _ => None,
            },
            Lex::Approx(a) => {
                let (next, modifier) = match a {
                    Approx::About => (i + 1, "APPROX"),
                    Approx::Nearly => (i + 1, "LESS_THAN"),
                    Approx::Over => (i + 1, "MORE_THAN"),
                    Approx::More | Approx::Less if self.is_word(i + 1, "than") => {
                        (i + 2, if a == Approx::More { "MORE_THAN" } else { "LESS_THAN" })
                    }
                    _ => return None,
                };
                self.approximated(i, next, modifier)
            }
            Lex::At if self.lex(i + 1) == Lex::Approx(Approx::AtLeast) => self.approximated(i, i + 2, "EQUAL_OR_MORE"),
            _ => None,
        }
    }

    fn approximated(&self, i: usize, next: usize, modifier: &'static str) -> Option<Hit> {
        let starts_with_count = matches!(self.lex(next), Lex::NumWord(_) | Lex::Article | Lex::Several | Lex::Half)
            || self.num(next).is_some();
        if !starts_with_count {
            return None;
        }
        let hit = self.core(next)?;
        let quantity = hit.kind == DURATION
            || hit.kind == TIME
            || (hit.kind == DATE && (hit.start..hit.end).any(|k| self.lex(k) == Lex::Rel(Rel::Ago)));
        quantity.then(|| hit.from(i).with_mod(modifier))
    }

    fn core(&self, i: usize) -> Option<Hit> {
        let t = self.toks.get(i)?;
        match t.kind {
            Kind::Num(..) => self
                .iso_date(i)
                .or_else(|| self.slash_date(i))
                .or_else(|| self.dotted_date(i))
                .or_else(|| self.clock(i))
                .or_else(|| self.day_month(i))
                .or_else(|| self.year_or_decade(i))
                .or_else(|| self.century(i))
                .or_else(|| self.quantity(i)),
            Kind::Punct('\'') => self.short_decade(i),
            Kind::Punct(_) => None,
            Kind::Word => match t.lex {
                Lex::Month(_) | Lex::MonthAbbrev(_) => self.month_led(i),
                Lex::Weekday(_) => self.weekday(i, i, None),
                Lex::WeekdayPlural(d) if t.cap => {
                    Some(Hit::new(i, i + 1, SET, Val::Absolute(format!("XXXX-WXX-{}", d + 1))))
                }
                Lex::Day(_) => self.day_word(i),
                Lex::Rel(r) => self.relative(i, r),
                Lex::The => self.the_phrase(i),
                Lex::Ordinal(_) | Lex::Unit(Unit::Second, false) => self.quarter(i).or_else(|| self.century(i)),
                Lex::NumWord(_) | Lex::Article | Lex::Several | Lex::Half | Lex::Few | Lex::Couple => self
                    .spelled_year(i)
                    .map(|(y, end)| Hit::new(i, end, DATE, Val::Absolute(format!("{y:04}"))))
                    .or_else(|| self.quarter(i))
                    .or_else(|| self.quantity(i)),
                Lex::Unit(..) => self.bare_unit(i),
                Lex::Season(s) => self.season(i, i, s, None),
                Lex::SetAdverb(u) if !t.cap => {
                    Some(Hit::new(i, i + 1, SET, Val::Absolute(duration_value(u, Some(1.0)))))
                }
                Lex::Every => self.every(i),
                Lex::Per => match self.lex(i + 1) {
                    Lex::Unit(u, false) => Some(Hit::new(i, i + 2, SET, Val::Absolute(duration_value(u, Some(1.0))))),
                    _ => None,
                },
                Lex::Ref(r) => self.reference(i, r),
                Lex::Noon | Lex::Midnight => self.noon(i),
                Lex::Fiscal => self.fiscal(i),
                Lex::Christmas | Lex::Thanksgiving | Lex::Holiday(..) => self.holiday(i),
                Lex::None if self.is_word(i, "new") => self.holiday(i),
                Lex::None => self.quarter(i),
                _ => None,
            },
        }
    }
}

/// `2012-01-31` + morning -> `2012-01-31TMO`.
fn with_part(value: Val, part: PartOfDay) -> Val {
    match value {
        Val::Absolute(v) => Val::Absolute(format!("{v}T{}", part.code())),
        Val::Relative(v) => Val::Relative(format!("{v}T{}", part.code())),
        Val::Anaphoric { unit, offset, .. } => Val::Anaphoric { unit, offset, part: Some(part) },
        Val::InContext(suffix) => Val::InContext(format!("{suffix}T{}", part.code())),
        Val::NoAnchor => Val::NoAnchor,
    }
}
