//! The date grammar: at each token, the longest temporal expression that
//! starts there, with its type and TimeML value.
//!
//! Rules are small functions over the token slice, each returning a [`Hit`]
//! (token range, type, value). Modifiers (`late`, `about`, `the end of`) wrap
//! the core rules; values that depend on the publication date go through
//! [`Parser::rel`], which yields [`Val::NoAnchor`] when there is none.

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

    // ---- explicit dates ----------------------------------------------------

    /// A four-digit year that stands alone at `i` (not part of a bigger number).
    fn year_at(&self, i: usize) -> Option<i32> {
        let (v, digits) = self.num(i)?;
        if digits != 4 || !(1000..=2100).contains(&v) || self.glued_number_continues(i) {
            return None;
        }
        i32::try_from(v).ok()
    }

    /// `1,953`, `2.5`, `20:15`, `12/31`: digits glued to more digits.
    fn glued_number_continues(&self, i: usize) -> bool {
        let before = i >= 2 && self.glued(i) && self.num(i - 2).is_some() && self.joined(i - 1, i);
        before || self.number_goes_on(i)
    }

    /// `<p><n>`: a separator glued between digits.
    fn joined(&self, p: usize, n: usize) -> bool {
        self.glued(p)
            && self.glued(n)
            && self.num(n).is_some()
            && matches!(self.kind(p), Some(Kind::Punct('.' | ',' | ':' | '/')))
    }

    /// More digits (or a percent sign) glued after the number at `i`.
    fn number_goes_on(&self, i: usize) -> bool {
        self.joined(i + 1, i + 2) || (self.glued(i + 1) && matches!(self.kind(i + 1), Some(Kind::Punct('%'))))
    }

    /// `2023-02-01`, `2012/01/31`, `2012.01.31`: year first, then month and day.
    fn iso_date(&self, i: usize) -> Option<Hit> {
        let (y, 4) = self.num(i)? else { return None };
        let sep = match self.kind(i + 1)? {
            Kind::Punct(c @ ('-' | '/' | '.')) => c,
            _ => return None,
        };
        let (Some((m, 1..=2)), Some((d, 1..=2))) = (self.num(i + 2), self.num(i + 4)) else { return None };
        let shape = self.punct(i + 3, sep) && (i + 1..=i + 4).all(|k| self.glued(k));
        if !shape || self.number_goes_on(i + 4) {
            return None;
        }
        let date = CivilDate::new(i32::try_from(y).ok()?, m, d)?;
        Some(Hit::new(i, i + 5, DATE, Val::Absolute(date.to_string())))
    }

    /// `31.01.2012`: day first, as European papers write.
    fn dotted_date(&self, i: usize) -> Option<Hit> {
        let (d, 1..=2) = self.num(i)? else { return None };
        let (m, 1..=2) = self.num(i + 2)? else { return None };
        let (y, 4) = self.num(i + 4)? else { return None };
        let shape = self.punct(i + 1, '.') && self.punct(i + 3, '.') && (i + 1..=i + 4).all(|k| self.glued(k));
        if !shape || self.number_goes_on(i + 4) || (i > 0 && self.glued(i) && self.num(i - 1).is_some()) {
            return None;
        }
        let date = CivilDate::new(i32::try_from(y).ok()?, m, d)?;
        Some(Hit::new(i, i + 5, DATE, Val::Absolute(date.to_string())))
    }

    /// `7/8/07`, `1/31/2012`: month first, as American wires write.
    fn slash_date(&self, i: usize) -> Option<Hit> {
        let (a, 1..=2) = self.num(i)? else { return None };
        let (b, 1..=2) = self.num(i + 2)? else { return None };
        let (y, yd) = self.num(i + 4)?;
        let shape = self.punct(i + 1, '/') && self.punct(i + 3, '/') && (i + 1..=i + 4).all(|k| self.glued(k));
        if !shape || !(yd == 2 || yd == 4) || self.number_goes_on(i + 4) {
            return None;
        }
        let year = if yd == 2 {
            if y >= 50 {
                1900 + y
            } else {
                2000 + y
            }
        } else {
            y
        };
        let (month, day) = if a > 12 { (b, a) } else { (a, b) };
        let date = CivilDate::new(i32::try_from(year).ok()?, month, day)?;
        Some(Hit::new(i, i + 5, DATE, Val::Absolute(date.to_string())))
    }

    /// A day of the month at `i` (`31`, `31st`): its value and the token after it.
    fn day_number(&self, i: usize) -> Option<(u32, usize)> {
        let (d, 1..=2) = self.num(i)? else { return None };
        if !(1..=31).contains(&d) || self.glued_number_continues(i) {
            return None;
        }
        if self.lex(i + 1) == Lex::OrdinalSuffix && self.glued(i + 1) {
            return Some((d, i + 2));
        }
        if self.glued(i + 1) && self.kind(i + 1) == Some(Kind::Word) {
            return None;
        }
        Some((d, i + 1))
    }

    /// A capitalised month name at `i`, and the token after it (and after the
    /// abbreviation's period).
    fn month_at(&self, i: usize) -> Option<(u32, usize, bool)> {
        if !self.cap(i) {
            return None;
        }
        match self.lex(i) {
            Lex::Month(m) => Some((m, i + 1, false)),
            Lex::MonthAbbrev(m) if self.punct(i + 1, '.') && self.glued(i + 1) => Some((m, i + 2, true)),
            Lex::MonthAbbrev(m) => Some((m, i + 1, true)),
            _ => None,
        }
    }

    /// `, 2012` or ` 2012` after a day or month: the year and the token after it.
    fn trailing_year(&self, i: usize) -> Option<(i32, usize)> {
        let j = if self.punct(i, ',') { i + 1 } else { i };
        match self.year_at(j) {
            Some(y) => Some((y, j + 1)),
            None => self.spelled_year(j),
        }
    }

    fn full_date(&self, start: usize, end: usize, year: Option<i32>, month: u32, day: u32) -> Option<Hit> {
        let value = match year {
            Some(y) => Val::Absolute(CivilDate::new(y, month, day)?.to_string()),
            None => {
                // 2000 was a leap year: any day a year can have is valid there.
                CivilDate::new(2000, month, day)?;
                match self.anchor {
                    // `ended Jan. 31`, `closed on Sept. 30`: a past verb right
                    // before the date leaves no room for one still ahead.
                    Some(a) if self.right_after_past_verb(start) => {
                        let near = day_year(a, month, day, Some(Tense::Past))?;
                        let back = if near > a { CivilDate::new(near.year - 1, month, day)? } else { near };
                        Val::Relative(back.to_string())
                    }
                    Some(a) => Val::Relative(day_year(a, month, day, self.tense(start, end))?.to_string()),
                    None => Val::Absolute(format!("XXXX-{month:02}-{day:02}")),
                }
            }
        };
        Some(Hit::new(start, end, DATE, value))
    }

    /// A past-tense verb just before `start`, perhaps across `on`.
    fn right_after_past_verb(&self, start: usize) -> bool {
        let Some(mut k) = start.checked_sub(1) else { return false };
        if self.is_word(k, "on") {
            let Some(before) = k.checked_sub(1) else { return false };
            k = before;
        }
        // `was`, `had`: auxiliaries, whose main verb may still look ahead.
        // `will be paid Dec. 14`: a passive participle says nothing of time.
        const AUXILIARIES: [&str; 9] = ["was", "were", "had", "did", "be", "been", "being", "is", "are"];
        self.tense_cue(k) == Some(Tense::Past)
            && !AUXILIARIES.iter().any(|w| self.is_word(k, w))
            && !k.checked_sub(1).is_some_and(|b| AUXILIARIES.iter().any(|w| self.is_word(b, w)))
    }

    fn month_led(&self, i: usize) -> Option<Hit> {
        let (month, j, abbreviated) = self.month_at(i)?;
        if let Some((day, k)) = self.day_number(j) {
            let (year, end) = match self.trailing_year(k) {
                Some((y, e)) => (Some(y), e),
                None => (None, k),
            };
            return self.full_date(i, end, year, month, day);
        }
        if abbreviated && !(self.punct(i + 1, '.') && self.glued(i + 1)) {
            return None;
        }
        let after_of = if self.lex(j) == Lex::Of { j + 1 } else { j };
        if let Some((y, end)) = self.trailing_year(after_of) {
            return Some(Hit::new(i, end, DATE, Val::Absolute(month_value(y, month))));
        }
        // `January this year`, `December last year`, `October of next year`.
        let r_at = if self.lex(j) == Lex::Of && matches!(self.lex(j + 1), Lex::Rel(_)) { j + 1 } else { j };
        if let (Lex::Rel(r @ (Rel::This | Rel::Last | Rel::Next)), Lex::Unit(Unit::Year, false)) =
            (self.lex(r_at), self.lex(r_at + 1))
        {
            let step = match r {
                Rel::Last => -1,
                Rel::Next => 1,
                _ => 0,
            };
            // After `of` the year is an expression of its own; the month only takes its value.
            let end = if r_at > j { j } else { r_at + 2 };
            return Some(Hit::new(i, end, DATE, self.rel(|a| month_value(a.year + step, month))));
        }
        if abbreviated || !self.bare_month_context(i, month) {
            return None;
        }
        let tense = self.tense(i, j);
        let mut k = i;
        while k > 0 && (matches!(self.lex(k - 1), Lex::Position(_)) || self.punct(k - 1, '-')) {
            k -= 1;
        }
        let looks_ahead = k > 0 && ["until", "by", "through", "till"].iter().any(|w| self.is_word(k - 1, w));
        let value = match self.anchor {
            Some(a) => Val::Relative(month_value(month_year(a, month, tense, looks_ahead), month)),
            None => Val::Absolute(format!("XXXX-{month:02}")),
        };
        Some(Hit::new(i, j, DATE, value))
    }

    /// Whether a month name standing alone is a month: `May` and `March` are
    /// verbs and names too, so they need a preposition before them; any month
    /// followed by a capitalised word is likely a first name (`April Ryan`).
    fn bare_month_context(&self, i: usize, month: u32) -> bool {
        let prev = self.prev_lex(i);
        let introduced = matches!(
            prev,
            Lex::In | Lex::TimePrep | Lex::Of | Lex::Position(_) | Lex::Rel(_) | Lex::Function | Lex::For
        ) || (i > 0 && self.is_word(i - 1, "until"));
        if month == 5 || month == 3 {
            return introduced && !self.is_word(i - 1, "to");
        }
        let name_follows = self.cap(i + 1) && self.kind(i + 1) == Some(Kind::Word) && !self.glued(i + 1);
        introduced || !name_follows
    }

    fn day_month(&self, i: usize) -> Option<Hit> {
        let (day, j) = self.day_number(i)?;
        let j = if self.lex(j) == Lex::Of { j + 1 } else { j };
        let (month, k, _) = self.month_at(j)?;
        let (year, end) = match self.trailing_year(k) {
            Some((y, e)) => (Some(y), e),
            None => (None, k),
        };
        self.full_date(i, end, year, month, day)
    }

    fn year_or_decade(&self, i: usize) -> Option<Hit> {
        let (v, 4) = self.num(i)? else { return None };
        if self.glued(i + 1) && self.is_word(i + 1, "s") && v % 10 == 0 {
            return Some(Hit::new(i, i + 2, DATE, Val::Absolute(format!("{:03}", v / 10))));
        }
        let year = self.year_at(i)?;
        if i > 0 && self.glued(i) {
            let prefixed =
                i >= 2 && self.punct(i - 1, '-') && ["mid", "pre", "post"].iter().any(|w| self.is_word(i - 2, w));
            if matches!(self.kind(i - 1), Some(Kind::Punct('$' | '#' | '-' | '/'))) && !prefixed {
                return None;
            }
        }
        if self.glued(i + 1) && self.kind(i + 1) == Some(Kind::Word) {
            return None;
        }
        // `1953 soldiers` counts; `the 1953 armistice` dates.
        let determiner = i > 0
            && (["the", "its", "his", "her", "their", "our", "a"].iter().any(|w| self.is_word(i - 1, w))
                || (i > 1 && self.punct(i - 2, '\'') && self.is_word(i - 1, "s")));
        if self.is_content_word(i + 1) && self.looks_plural(i + 1) && !determiner {
            return None;
        }
        Some(Hit::new(i, i + 1, DATE, Val::Absolute(format!("{year:04}"))))
    }

    /// A plural noun, as far as spelling tells: `soldiers`, `people`.
    fn looks_plural(&self, i: usize) -> bool {
        let w = self.word(i);
        let lower = |suffix: &str| {
            w.len() > suffix.len() && w.get(w.len() - suffix.len()..).is_some_and(|e| e.eq_ignore_ascii_case(suffix))
        };
        (lower("s") && !lower("ss") && !lower("us") && !lower("is"))
            || ["people", "men", "women", "children"].iter().any(|p| w.eq_ignore_ascii_case(p))
    }

    /// `nineteen ninety-six`: a year read out, as broadcast transcripts write it.
    fn spelled_year(&self, i: usize) -> Option<(i32, usize)> {
        let Lex::NumWord(century @ 11..=20) = self.lex(i) else { return None };
        let Lex::NumWord(tens @ 20..=90) = self.lex(i + 1) else { return None };
        if tens % 10 != 0 || century == 12 {
            return None;
        }
        let mut end = i + 2;
        let mut rest = tens;
        let k = if self.punct(end, '-') && self.glued(end) { end + 1 } else { end };
        if let Lex::NumWord(unit @ 1..=9) = self.lex(k) {
            rest += unit;
            end = k + 1;
        }
        Some((i32::try_from(century * 100 + rest).ok()?, end))
    }

    /// `'90s` -> `199`.
    fn short_decade(&self, i: usize) -> Option<Hit> {
        let (v, 2) = self.num(i + 1)? else { return None };
        // `since '82`: a year with its century left off.
        let introduced = i > 0 && matches!(self.lex(i - 1), Lex::In | Lex::TimePrep | Lex::Of);
        if introduced && self.glued(i + 1) && !(self.glued(i + 2) && self.kind(i + 2) == Some(Kind::Word)) {
            let century = match self.anchor {
                Some(a) if 2000 + i64::from(v) <= i64::from(a.year) => 20,
                _ => 19,
            };
            return Some(Hit::new(i, i + 2, DATE, Val::Absolute(format!("{century}{v:02}"))));
        }
        if !(self.glued(i + 1) && self.glued(i + 2) && self.is_word(i + 2, "s") && v % 10 == 0) {
            return None;
        }
        let century = match self.anchor {
            Some(a) if 2000 + i64::from(v) <= i64::from(a.year) => 20,
            _ => 19,
        };
        Some(Hit::new(i, i + 3, DATE, Val::Absolute(format!("{century}{}", v / 10))))
    }

    /// `20th century`, `the nineteenth century` -> `19`, `18`.
    fn century(&self, i: usize) -> Option<Hit> {
        let (n, j) = match self.lex(i) {
            Lex::Ordinal(n) if n < 99 => (n, i + 1),
            _ => {
                let (n, _) = self.num(i)?;
                if self.lex(i + 1) != Lex::OrdinalSuffix || !self.glued(i + 1) {
                    return None;
                }
                (n, i + 2)
            }
        };
        if self.lex(j) != Lex::Unit(Unit::Century, false) || n == 0 || n > 30 {
            return None;
        }
        Some(Hit::new(i, j + 1, DATE, Val::Absolute(format!("{:02}", n - 1))))
    }

    // ---- weekdays and days ----------------------------------------------

    /// A weekday at `wd` (the expression starting at `start`, which may be a
    /// `last`/`next`/`this` at `rel`), with a part of the day after it.
    fn weekday(&self, start: usize, wd: usize, rel: Option<Rel>) -> Option<Hit> {
        let Lex::Weekday(day) = self.lex(wd) else { return None };
        if !self.cap(wd) {
            return None;
        }
        let mut end = wd + 1;
        // An explicit date right after (`Tuesday, Jan. 31, 2012`) says which one.
        let explicit = if rel.is_none() {
            let k = if self.punct(end, ',') { end + 1 } else { end };
            self.month_led(k).or_else(|| self.day_month(k)).and_then(|h| h.date())
        } else {
            None
        };
        let part = match self.lex(end) {
            Lex::Part(p) => {
                end += 1;
                Some(p)
            }
            _ => None,
        };
        let (value, mismatch) = match explicit {
            Some(date) => {
                let written = Weekday::from_index(day);
                let real = date.weekday();
                let value = Val::Absolute(date.to_string());
                (value, (written != real).then_some((written, real)))
            }
            None => {
                let clause = match self.clause_reading(start, end) {
                    (None, true) => Some(Tense::Future),
                    (tense, _) => tense,
                };
                let before = |w: &str, back: usize| start >= back && self.is_word(start - back, w);
                let earliest = before("as", 1) && (before("soon", 2) || before("early", 2)) && before("as", 3);
                // `closed until Friday`, `postponed until Tuesday`: the end of
                // a state that holds at the time of writing, still ahead.
                let tense =
                    if earliest || before("until", 1) || before("till", 1) { Some(Tense::Future) } else { clause };
                let value = self.rel(|a| {
                    match rel {
                        Some(Rel::Last | Rel::Past | Rel::Previous) => weekday_strict(a, day, false),
                        Some(Rel::Next | Rel::Coming | Rel::Following) => weekday_strict(a, day, true),
                        Some(Rel::This) => weekday_date(a, day, tense.or(Some(Tense::Future))),
                        _ => weekday_date(a, day, tense),
                    }
                    .to_string()
                });
                (value, None)
            }
        };
        let mut hit = match part {
            Some(p) => Hit::new(start, end, TIME, with_part(value, p)),
            None => Hit::new(start, end, DATE, value),
        };
        hit.mismatch = mismatch;
        Some(hit)
    }

    fn day_word(&self, i: usize) -> Option<Hit> {
        let Lex::Day(d) = self.lex(i) else { return None };
        if self.in_title(i) {
            return None;
        }
        let offset = match d {
            DayWord::Yesterday => -1,
            DayWord::Tomorrow => 1,
            DayWord::Today | DayWord::Tonight => 0,
        };
        let value = self.rel(|a| a.add_days(offset).to_string());
        if d == DayWord::Tonight {
            return Some(Hit::new(i, i + 1, TIME, with_part(value, PartOfDay::Night)));
        }
        match self.lex(i + 1) {
            Lex::Part(p) => Some(Hit::new(i, i + 2, TIME, with_part(value, p))),
            _ => Some(Hit::new(i, i + 1, DATE, value)),
        }
    }

    // ---- relative expressions --------------------------------------------

    /// A capitalised `This` or `Today` after a name inside a sentence is part
    /// of a title (`ABC's This Week`, `VOA Today`).
    fn in_title(&self, i: usize) -> bool {
        self.cap(i)
            && i >= 2
            && self.cap(i - 1)
            && self.kind(i - 1) == Some(Kind::Word)
            && matches!(self.lex(i - 1), Lex::None)
            && !self.sentence_break(i - 2)
    }

    fn relative(&self, i: usize, r: Rel) -> Option<Hit> {
        if r == Rel::This && self.in_title(i) {
            return None;
        }
        // `this past weekend`, `this coming Sunday`.
        if r == Rel::This {
            if let Lex::Rel(inner @ (Rel::Past | Rel::Coming)) = self.lex(i + 1) {
                return Some(self.relative(i + 1, inner)?.from(i));
            }
        }
        let step: i64 = match r {
            Rel::This | Rel::Current => 0,
            Rel::Last | Rel::Past | Rel::Previous => -1,
            Rel::Next | Rel::Coming | Rel::Following => 1,
            Rel::Recent => return self.vague_period(i, Tense::Past),
            _ => return None,
        };
        let j = i + 1;
        match self.lex(j) {
            Lex::Weekday(_) if r != Rel::Current => self.weekday(i, j, Some(r)),
            Lex::None if self.is_word(j, "new") => Some(self.holiday(j)?.from(i)),
            Lex::Month(m) if self.cap(j) && r != Rel::Current => {
                let value = self.rel(|a| {
                    let y = if step == 0 { a.year } else { month_year_strict(a, m, step > 0) };
                    month_value(y, m)
                });
                Some(Hit::new(i, j + 1, DATE, value))
            }
            Lex::Season(s) => self.season(i, j, s, Some(step)),
            Lex::Christmas | Lex::Thanksgiving | Lex::Holiday(..) if r != Rel::This => Some(self.holiday(j)?.from(i)),
            Lex::Part(p) => {
                let offset = match (r, p) {
                    (Rel::This, _) => 0,
                    (Rel::Last, PartOfDay::Night | PartOfDay::Evening) => -1,
                    _ => return None,
                };
                let value = self.rel(|a| a.add_days(offset).to_string());
                Some(Hit::new(i, j + 1, TIME, with_part(value, p)))
            }
            Lex::Unit(u, false) => {
                if matches!(u, Unit::Second | Unit::Minute | Unit::Hour | Unit::Day) || r == Rel::Following {
                    return None;
                }
                let value = self.rel(|a| shifted(a, u, step));
                Some(Hit::new(i, j + 1, DATE, value))
            }
            Lex::Unit(_, true) if matches!(r, Rel::Coming) => self.vague_period(i, Tense::Future),
            _ if matches!(r, Rel::Past | Rel::Last | Rel::Next | Rel::Coming) => {
                // `the past two months` without its article: `past 20 years`.
                let hit = self.quantity(j)?;
                (hit.kind == DURATION && self.num_or_word_count(j)).then(|| hit.from(i))
            }
            _ => None,
        }
    }

    fn num_or_word_count(&self, i: usize) -> bool {
        self.num(i).is_some() || matches!(self.lex(i), Lex::NumWord(_) | Lex::Several | Lex::Article)
    }

    /// `recent years` (the past, as a date), `recent weeks`, `coming months`
    /// (vague durations).
    fn vague_period(&self, i: usize, tense: Tense) -> Option<Hit> {
        let Lex::Unit(u, true) = self.lex(i + 1) else { return None };
        if matches!(u, Unit::Second | Unit::Weekend) {
            return None;
        }
        if tense == Tense::Past && u == Unit::Year {
            return Some(Hit::new(i, i + 2, DATE, Val::Absolute("PAST_REF".into())));
        }
        Some(Hit::new(i, i + 2, DURATION, Val::Absolute(duration_value(u, None))))
    }

    fn the_phrase(&self, i: usize) -> Option<Hit> {
        if let Some(hit) = self.quarter(i).or_else(|| self.week_of(i)) {
            return Some(hit);
        }
        let j = i + 1;
        match self.lex(j) {
            Lex::Ref(RefWord::Future) => Some(Hit::new(i, j + 1, DATE, Val::Absolute("FUTURE_REF".into()))),
            Lex::None
                if ["near", "distant", "foreseeable", "immediate"].iter().any(|w| self.is_word(j, w))
                    && self.lex(j + 1) == Lex::Ref(RefWord::Future) =>
            {
                Some(Hit::new(i, j + 2, DATE, Val::Absolute("FUTURE_REF".into())))
            }
            Lex::Rel(r @ (Rel::Previous | Rel::Following | Rel::Next | Rel::Last | Rel::Past))
                if matches!(self.lex(j + 1), Lex::Weekday(_)) =>
            {
                self.weekday(i, j + 1, Some(r))
            }
            Lex::Rel(r @ (Rel::Previous | Rel::Following | Rel::Next))
                if matches!(self.lex(j + 1), Lex::Unit(Unit::Day, false) | Lex::Part(_))
                    || (r != Rel::Next && matches!(self.lex(j + 1), Lex::Unit(_, false))) =>
            {
                // Anaphoric: `the next day`, `the following year`.
                let offset = if r == Rel::Previous { -1 } else { 1 };
                let (unit, part) = match self.lex(j + 1) {
                    Lex::Unit(u, _) => (u, None),
                    Lex::Part(p) => (Unit::Day, Some(p)),
                    _ => return None,
                };
                if matches!(unit, Unit::Second | Unit::Minute | Unit::Hour | Unit::Decade | Unit::Century) {
                    return None;
                }
                let kind = if part.is_some() { TIME } else { DATE };
                Some(Hit::new(i, j + 2, kind, Val::Anaphoric { unit, offset, part }))
            }
            Lex::None if self.is_word(j, "same") => match self.lex(j + 1) {
                Lex::Unit(unit @ (Unit::Day | Unit::Week | Unit::Month | Unit::Year), false) => {
                    Some(Hit::new(i, j + 2, DATE, Val::Anaphoric { unit, offset: 0, part: None }))
                }
                _ => None,
            },
            Lex::Rel(r @ (Rel::Past | Rel::Last | Rel::Next | Rel::Coming | Rel::Previous | Rel::Following)) => {
                match self.lex(j + 1) {
                    // `the past year`, `the previous week`: the period before
                    // (or after) the publication date's.
                    Lex::Unit(u, false) if !matches!(u, Unit::Second | Unit::Minute | Unit::Hour) => {
                        let step = if matches!(r, Rel::Past | Rel::Last | Rel::Previous) { -1 } else { 1 };
                        Some(Hit::new(i, j + 2, DATE, self.rel(|a| shifted(a, u, step))))
                    }
                    Lex::Unit(u, plural) => {
                        let amount = if plural { None } else { Some(1.0) };
                        Some(Hit::new(i, j + 2, DURATION, Val::Absolute(duration_value(u, amount))))
                    }
                    _ if r == Rel::Past && !self.num_or_word_count(j + 1) && self.lex(j + 1) != Lex::Few => {
                        Some(Hit::new(i, j + 1, DATE, Val::Absolute("PAST_REF".into())))
                    }
                    _ => {
                        let hit = self.quantity(j + 1)?;
                        (hit.kind == DURATION).then(|| hit.from(i))
                    }
                }
            }
            Lex::Ordinal(1) if self.num_or_word_count(j + 1) && self.lex(j + 1) != Lex::Article => {
                // `the first nine months`.
                let hit = self.quantity(j + 1)?;
                (hit.kind == DURATION).then(|| hit.from(i))
            }
            Lex::Unit(Unit::Day, false)
                if matches!(
                    (self.word(j + 1), self.lex(j + 2)),
                    ("before", Lex::Day(DayWord::Yesterday)) | ("after", Lex::Day(DayWord::Tomorrow))
                ) =>
            {
                let offset = if self.lex(j + 2) == Lex::Day(DayWord::Yesterday) { -2 } else { 2 };
                Some(Hit::new(i, j + 3, DATE, self.rel(|a| a.add_days(offset).to_string())))
            }
            Lex::Unit(Unit::Year | Unit::Week | Unit::Month | Unit::Day, false)
            | Lex::Fiscal
            | Lex::UnitAdjective
            | Lex::Rel(Rel::Current | Rel::Latest) => self.the_period(i),
            // `in the morning`; not `the night of Oct. 23` nor `the night the
            // plane fell`, which a following phrase defines.
            Lex::Part(part)
                if self.introduced_by_preposition(i)
                    && (j + 1 >= self.toks.len()
                        || matches!(self.kind(j + 1), Some(Kind::Punct(_)))
                        || matches!(self.lex(j + 1), Lex::Function | Lex::TimePrep | Lex::Tense(_) | Lex::In)) =>
            {
                Some(Hit::new(i, j + 1, TIME, Val::InContext(format!("T{}", part.code()))))
            }
            Lex::Unit(Unit::Weekend, false) => {
                // The weekend just past, or the coming one in a clause that
                // looks ahead (`ahead of the weekend`).
                let ahead = self.clause_tense(i, j + 1) == Some(Tense::Future)
                    || (i > 0 && ["ahead", "before", "until"].iter().any(|w| self.is_word(i - 1, w)))
                    || (i > 1 && self.is_word(i - 1, "of") && self.is_word(i - 2, "ahead"));
                let value = self.rel(|a| {
                    let back = if a.weekday().index() >= 5 || ahead { 0 } else { 7 };
                    format!("{}-WE", week_value(a.add_days(-back)))
                });
                Some(Hit::new(i, j + 1, DATE, value))
            }
            Lex::Season(s) => self.season(i, j, s, None),
            Lex::None if self.is_word(j, "time") && self.is_word(j + 1, "being") => {
                Some(Hit::new(i, j + 2, DATE, Val::Absolute("PRESENT_REF".into())))
            }
            Lex::None
                if ["near", "short", "long"].iter().any(|w| self.is_word(j, w))
                    && self.is_word(j + 1, "term")
                    && !self.glued(j + 1) =>
            {
                Some(Hit::new(i, j + 2, DATE, Val::Absolute("FUTURE_REF".into())))
            }
            Lex::None if self.kind(j) == Some(Kind::Word) => {
                const DECADES: [&str; 8] =
                    ["twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties", "nineties"];
                let d = DECADES.iter().position(|w| self.is_word(j, w))?;
                Some(Hit::new(i, j + 1, DATE, Val::Absolute(format!("19{}", d + 2))))
            }
            _ => {
                if self.num(j).is_some() {
                    if let Some(hit) = self.year_or_decade(j).filter(|h| h.end == j + 2) {
                        return Some(hit.from(i));
                    }
                    // `the 70s`.
                    if let (Some((d, 2)), true) = (self.num(j), self.glued(j + 1) && self.is_word(j + 1, "s")) {
                        if d % 10 == 0 {
                            return Some(Hit::new(i, j + 2, DATE, Val::Absolute(format!("19{}", d / 10))));
                        }
                    }
                }
                if let Some(hit) = self.century(j) {
                    return Some(hit.from(i));
                }
                if self.num(j).is_some() || matches!(self.lex(j), Lex::NumWord(_)) {
                    let hit = self.quantity(j)?;
                    // `the two-week delay`: the article belongs to the noun.
                    let adjectival = (hit.start..hit.end).any(|k| self.punct(k, '-'));
                    return (hit.kind == DURATION && !adjectival).then(|| hit.from(i));
                }
                None
            }
        }
    }

    /// `the last week of March`, `the first week of May 2010`, `the week of
    /// March 6`: one expression, the ISO week that holds most of those days.
    fn week_of(&self, i: usize) -> Option<Hit> {
        // Which seven days of the month: from this day, or back from its end.
        enum Which {
            From(u32),
            Last,
            Containing,
        }
        let (which, w) = match self.lex(i + 1) {
            Lex::Rel(Rel::Last) => (Which::Last, i + 2),
            Lex::Ordinal(n @ 1..=4) => (Which::From(7 * (n - 1) + 1), i + 2),
            Lex::Unit(Unit::Second, false) => (Which::From(8), i + 2),
            Lex::Unit(Unit::Week, false) => (Which::Containing, i + 1),
            _ => return None,
        };
        if self.lex(w) != Lex::Unit(Unit::Week, false) || self.lex(w + 1) != Lex::Of {
            return None;
        }
        let month = self.month_led(w + 2)?;
        let week = |value: &str| -> Option<String> {
            let day = match which {
                Which::Containing => CivilDate::parse_iso(value.get(..10)?)?,
                _ if value.len() != 7 => return None,
                Which::From(first) => {
                    let (year, month) = (value.get(..4)?.parse().ok()?, value.get(5..7)?.parse().ok()?);
                    CivilDate::new(year, month, first + 3)?
                }
                Which::Last => {
                    let (year, month) = (value.get(..4)?.parse().ok()?, value.get(5..7)?.parse().ok()?);
                    CivilDate::new(year, month, days_in_month(year, month).checked_sub(3)?)?
                }
            };
            Some(week_value(day))
        };
        let value = match &month.value {
            Val::Absolute(v) => Val::Absolute(week(v)?),
            Val::Relative(v) => Val::Relative(week(v)?),
            Val::NoAnchor => Val::NoAnchor,
            Val::Anaphoric { .. } | Val::InContext(_) => return None,
        };
        Some(Hit::new(i, month.end, DATE, value))
    }

    /// `that year`, `that same day`: the last date the article gave.
    fn anaphor(&self, i: usize) -> Option<Hit> {
        let j = if self.is_word(i + 1, "same") { i + 2 } else { i + 1 };
        match self.lex(j) {
            Lex::Unit(unit @ (Unit::Day | Unit::Week | Unit::Month | Unit::Year | Unit::Quarter), false) => {
                Some(Hit::new(i, j + 1, DATE, Val::Anaphoric { unit, offset: 0, part: None }))
            }
            _ => None,
        }
    }

    /// `the year`, `the full year`, `the current fiscal year`, `the week`,
    /// `the year 2000`: the publication date's period, or, before `ended`, a
    /// year-long duration (`the year ended March 31`).
    fn the_period(&self, i: usize) -> Option<Hit> {
        let mut j = i + 1;
        let mut offset = 0;
        while matches!(self.lex(j), Lex::Fiscal | Lex::UnitAdjective | Lex::Rel(Rel::Current | Rel::Latest)) {
            if self.lex(j) == Lex::Rel(Rel::Latest) {
                offset = -1;
            }
            j += 1;
        }
        let Lex::Unit(unit @ (Unit::Year | Unit::Week | Unit::Month | Unit::Day), false) = self.lex(j) else {
            return None;
        };
        if unit == Unit::Year {
            if let Some(y) = self.year_at(j + 1) {
                return Some(Hit::new(i, j + 2, DATE, Val::Absolute(format!("{y:04}"))));
            }
            if let Some((y, end)) = self.spelled_year(j + 1).or_else(|| {
                // `the year two thousand`.
                let (Lex::NumWord(n @ 1..=2), true) = (self.lex(j + 1), self.is_word(j + 2, "thousand")) else {
                    return None;
                };
                Some((i32::try_from(n * 1000).ok()?, j + 3))
            }) {
                return Some(Hit::new(i, end, DATE, Val::Absolute(format!("{y:04}"))));
            }
        }
        let hyphenated = self.glued(j + 1) && self.punct(j + 1, '-');
        let anaphoric = matches!(self.lex(j + 1), Lex::Of | Lex::Rel(_) | Lex::TimePrep);
        if hyphenated || anaphoric {
            return None;
        }
        if ["ended", "ending", "ends"].iter().any(|w| self.is_word(j + 1, w)) {
            return Some(Hit::new(i, j + 1, DURATION, Val::Absolute(duration_value(unit, Some(1.0)))));
        }
        if unit == Unit::Day && offset == 0 {
            // `ended the day`: the day the paragraph is about.
            return Some(Hit::new(i, j + 1, DATE, Val::InContext(String::new())));
        }
        Some(Hit::new(i, j + 1, DATE, self.rel(|a| shifted(a, unit, offset))))
    }

    // ---- quarters and halves ----------------------------------------------

    /// `the third quarter`, `third-quarter`, `the fourth quarter of 2011`,
    /// `Q1 2012`, `the latest quarter`, `the first half`, `the year-ago
    /// quarter`, `this year's third quarter`.
    fn quarter(&self, i: usize) -> Option<Hit> {
        let mut j = i;
        let the = self.lex(j) == Lex::The;
        if the {
            j += 1;
        }
        if self.is_word(j, "comparable") || self.is_word(j, "same") {
            j += 1;
        }
        // Which year: named (`the 1988 quarter`), relative (`last year's`), or
        // a year back (`the year-ago quarter`).
        let mut year: Option<Val> = None;
        let mut years_back = 0;
        if let Some(y) = self.year_at(j) {
            year = Some(Val::Absolute(format!("{y:04}")));
            j += 1;
        } else if let (Lex::Rel(r @ (Rel::This | Rel::Last | Rel::Next)), Lex::Unit(Unit::Year, false)) =
            (self.lex(j), self.lex(j + 1))
        {
            if self.punct(j + 2, '\'') && self.is_word(j + 3, "s") {
                let step = match r {
                    Rel::Last => -1,
                    Rel::Next => 1,
                    _ => 0,
                };
                year = Some(self.rel(|a| format!("{:04}", a.year + step)));
                j += 4;
            }
        } else if self.lex(j) == Lex::Unit(Unit::Year, false)
            && self.punct(j + 1, '-')
            && self.glued(j + 1)
            && self.glued(j + 2)
            && matches!(self.lex(j + 2), Lex::Rel(Rel::Ago | Rel::Earlier))
        {
            years_back = 1;
            j += 3;
        }
        if self.lex(j) == Lex::Fiscal {
            j += 1;
        }
        // `Q3`, `Q3 2012`.
        if self.is_word(j, "q") && self.cap(j) {
            let (q @ 1..=4, 1) = self.num(j + 1)? else { return None };
            if !self.glued(j + 1) || self.glued(j + 2) && self.kind(j + 2) == Some(Kind::Word) {
                return None;
            }
            return Some(self.quarter_hit(i, j + 2, q, 4, year, years_back));
        }
        let ordinal = match self.lex(j) {
            Lex::Ordinal(n @ 1..=4) => Some(n),
            Lex::Ordinal(99) => Some(4),
            Lex::Unit(Unit::Second, false) => Some(2),
            _ => match self.num(j) {
                Some((n @ 1..=4, 1)) if self.lex(j + 1) == Lex::OrdinalSuffix && self.glued(j + 1) => {
                    j += 1;
                    Some(n)
                }
                _ => None,
            },
        };
        if let Some(n) = ordinal {
            let mut k = j + 1;
            if self.punct(k, '-') && self.glued(k) {
                if the {
                    // `the third-quarter results`: the article belongs to the noun.
                    return None;
                }
                k += 1;
            }
            let per_year = match self.lex(k) {
                Lex::Unit(Unit::Quarter, false) => 4,
                Lex::Half if n <= 2 => 2,
                _ => return None,
            };
            if self.punct(k + 1, '-') && self.glued(k + 1) {
                // `quarter-to-quarter`.
                return None;
            }
            return Some(self.quarter_hit(i, k + 1, n, per_year, year, years_back));
        }
        // `the quarter`, `the latest quarter`, `the year-ago period`: earnings
        // reports speak of the last quarter that has ended.
        if !the {
            return None;
        }
        let (offset, k) = match self.lex(j) {
            Lex::Unit(Unit::Quarter, false) => (-1, j),
            Lex::Rel(Rel::Latest | Rel::Recent) => (-1, j + 1),
            Lex::Rel(Rel::Current) => (0, j + 1),
            _ if years_back > 0 || year.is_some() => (-1, j),
            _ => return None,
        };
        let period = self.is_word(k, "period") && (k > j || years_back > 0 || year.is_some());
        if self.lex(k) != Lex::Unit(Unit::Quarter, false) && !period {
            return None;
        }
        if self.punct(k + 1, '-') && self.glued(k + 1) {
            return None;
        }
        let offset = i64::from(offset - 4 * years_back);
        if let Some(Val::Absolute(y)) = &year {
            // `the 1988 quarter`: the latest quarter's number in that year.
            let y: i32 = y.parse().ok()?;
            let value = self.rel(|a| {
                let latest = quarter_offset(a, -1);
                format!("{y:04}{}", latest.get(4..).unwrap_or("-QX"))
            });
            return Some(Hit::new(i, k + 1, DATE, value));
        }
        Some(Hit::new(i, k + 1, DATE, self.rel(|a| quarter_offset(a, offset))))
    }

    /// A quarter (`per_year` 4) or half (2) numbered `n`, ending at `end` or
    /// extended by the year it names after it; `year` is a year named before
    /// it, `years_back` a `year-ago` before it.
    fn quarter_hit(&self, start: usize, end: usize, n: u32, per_year: u32, year: Option<Val>, years_back: i32) -> Hit {
        let letter = if per_year == 4 { 'Q' } else { 'H' };
        let label = |y: &str| format!("{y}-{letter}{n}");
        match year {
            Some(Val::Absolute(y)) => return Hit::new(start, end, DATE, Val::Absolute(label(&y))),
            Some(Val::Relative(y)) => return Hit::new(start, end, DATE, Val::Relative(label(&y))),
            Some(other) => return Hit::new(start, end, DATE, other),
            None => {}
        }
        let named_year = if self.lex(end) == Lex::Of {
            if self.lex(end + 1) == Lex::Fiscal {
                self.year_at(end + 2).map(|y| (y, end + 3))
            } else {
                self.year_at(end + 1).map(|y| (y, end + 2))
            }
        } else {
            self.year_at(end).map(|y| (y, end + 1))
        };
        if let Some((y, e)) = named_year {
            return Hit::new(start, e, DATE, Val::Absolute(label(&format!("{y:04}"))));
        }
        // `the third quarter of this year`, `of last year`.
        if self.lex(end) == Lex::Of {
            if let (Lex::Rel(r @ (Rel::This | Rel::Last | Rel::Next)), Lex::Unit(Unit::Year, false)) =
                (self.lex(end + 1), self.lex(end + 2))
            {
                let step = match r {
                    Rel::Last => -1,
                    Rel::Next => 1,
                    _ => 0,
                };
                return Hit::new(start, end + 3, DATE, self.rel(|a| label(&format!("{:04}", a.year + step))));
            }
        }
        let tense = self.tense(start, end);
        let value = match self.anchor {
            Some(a) => {
                let first_quarter = if per_year == 4 { n } else { (n - 1) * 2 + 1 };
                let y = quarter_year(a, first_quarter, tense) - years_back;
                Val::Relative(label(&format!("{y:04}")))
            }
            None => Val::Absolute(label("XXXX")),
        };
        Hit::new(start, end, DATE, value)
    }

    fn fiscal(&self, i: usize) -> Option<Hit> {
        if let Some(y) = self.year_at(i + 1) {
            return Some(Hit::new(i, i + 2, DATE, Val::Absolute(format!("{y:04}"))));
        }
        self.quarter(i)
    }

    // ---- seasons ---------------------------------------------------------------

    /// A season at `s_at`, the expression starting at `start` (`the`, `last`).
    fn season(&self, start: usize, s_at: usize, season: Season, step: Option<i64>) -> Option<Hit> {
        let after = s_at + 1;
        let year = if self.lex(after) == Lex::Of { self.trailing_year(after + 1) } else { None }
            .or_else(|| self.year_at(after).map(|y| (y, after + 1)));
        if let Some((y, end)) = year {
            return Some(Hit::new(start, end, DATE, Val::Absolute(format!("{y:04}-{}", season.code()))));
        }
        let introduced =
            start != s_at || matches!(self.prev_lex(s_at), Lex::In | Lex::TimePrep | Lex::Position(_) | Lex::Of);
        // `the fall of the Berlin Wall`: a season is not followed by `of` + noun.
        if !introduced || self.lex(after) == Lex::Of || (season == Season::Fall && step.is_none() && start == s_at) {
            return None;
        }
        let tense = self.tense(start, after);
        let value = self.rel(|a| {
            let y = match step {
                Some(s) => season_year(a, season, i32::try_from(s).unwrap_or(0)),
                None => match tense {
                    Some(Tense::Past) if a.month < season.start_month() => a.year - 1,
                    Some(Tense::Future) if a.month > season.start_month() + 2 => a.year + 1,
                    _ => a.year,
                },
            };
            format!("{y:04}-{}", season.code())
        });
        Some(Hit::new(start, after, DATE, value))
    }

    // ---- durations -------------------------------------------------------

    /// A count at `i`: its amount (None for vague counts) and the next token.
    fn amount(&self, i: usize) -> Option<(Amount, usize)> {
        if let Some((v, digits)) = self.num(i) {
            // `1.5 hours`: one decimal place or two, nothing glued after.
            if self.punct(i + 1, '.') && self.joined(i + 1, i + 2) && !self.number_goes_on(i + 2) {
                let before = i > 0 && self.glued(i) && matches!(self.kind(i - 1), Some(Kind::Punct(_)));
                if let (Some((f, fd @ 1..=2)), false, 1..=3) = (self.num(i + 2), before, digits) {
                    return Some((Some(f64::from(v) + f64::from(f) / 10f64.powi(i32::from(fd))), i + 3));
                }
            }
            if digits > 4 || self.glued_number_continues(i) {
                return None;
            }
            if i > 0 && self.glued(i) && matches!(self.kind(i - 1), Some(Kind::Punct('$' | '.' | ',' | '#'))) {
                return None;
            }
            // `2 1/2 years`.
            if let (Some((n, 1)), true, Some((d @ 2..=4, 1))) =
                (self.num(i + 1), self.punct(i + 2, '/') && self.glued(i + 2), self.num(i + 3))
            {
                if n < d && !self.glued(i + 1) && self.glued(i + 3) {
                    return Some((Some(f64::from(v) + f64::from(n) / f64::from(d)), i + 4));
                }
            }
            return Some(self.and_a_half(f64::from(v), i + 1));
        }
        match self.lex(i) {
            Lex::NumWord(n) => {
                let mut value = n;
                let mut j = i + 1;
                // `twenty four`, `twenty-four`.
                if n >= 20 && n % 10 == 0 && n < 100 {
                    let k = if self.punct(j, '-') && self.glued(j) { j + 1 } else { j };
                    if let Lex::NumWord(u @ 1..=9) = self.lex(k) {
                        value += u;
                        j = k + 1;
                    }
                }
                if let Lex::NumWord(100) = self.lex(j) {
                    value *= 100;
                    j += 1;
                }
                Some(self.and_a_half(f64::from(value), j))
            }
            Lex::Several | Lex::Few => Some((None, i + 1)),
            Lex::Couple if self.lex(i + 1) == Lex::Of => Some((Some(2.0), i + 2)),
            Lex::Article => match self.lex(i + 1) {
                Lex::Few => Some((None, i + 2)),
                Lex::Couple if self.lex(i + 2) == Lex::Of => Some((Some(2.0), i + 3)),
                Lex::Couple => Some((Some(2.0), i + 2)),
                Lex::NumWord(12) => Some((Some(12.0), i + 2)),
                Lex::NumWord(100) => Some((Some(100.0), i + 2)),
                Lex::Half => Some((Some(0.5), i + 2)),
                _ => Some(self.and_a_half(1.0, i + 1)),
            },
            // `half an hour`.
            Lex::Half if self.lex(i + 1) == Lex::Article => Some((Some(0.5), i + 2)),
            _ => None,
        }
    }

    /// `two and a half` -> 2.5.
    fn and_a_half(&self, value: f64, j: usize) -> (Amount, usize) {
        if self.is_word(j, "and") && self.lex(j + 1) == Lex::Article && self.lex(j + 2) == Lex::Half {
            (Some(value + 0.5), j + 3)
        } else {
            (Some(value), j)
        }
    }

    /// `two years`, `24 hours`, `a decade`, `two-year`, `three days ago`,
    /// `$40 a year` (a set).
    fn quantity(&self, i: usize) -> Option<Hit> {
        let (amount, mut j) = self.amount(i)?;
        let hyphenated = self.punct(j, '-') && self.glued(j) && self.glued(j + 1);
        if hyphenated {
            j += 1;
        } else {
            while matches!(self.lex(j), Lex::UnitAdjective) || (self.lex(j) == Lex::Approx(Approx::More) && j > i) {
                j += 1;
            }
        }
        let Lex::Unit(unit, plural) = self.lex(j) else { return None };
        let article = self.lex(i) == Lex::Article;
        if self.punct(j + 1, '-') && self.glued(j + 1) && matches!(self.lex(j + 2), Lex::Rel(_)) {
            // `a year-earlier loss`: `year-earlier` is the date.
            return None;
        }
        let mut end = j + 1;
        if hyphenated {
            // `a 45-year-old`: an age, not a period; `three-quarters`: a fraction.
            if (self.punct(end, '-') && self.glued(end) && self.is_word(end + 1, "old")) || plural {
                return None;
            }
        }
        // `52 years old`.
        if self.is_word(end, "old") {
            return None;
        } else if unit == Unit::Second && !plural && article {
            // `a second term`: an ordinal.
            let next_is_noun = self.kind(end) == Some(Kind::Word)
                && !matches!(self.lex(end), Lex::Rel(_) | Lex::Function | Lex::Of | Lex::TimePrep);
            if next_is_noun {
                return None;
            }
        }
        let described = j > i + 1 && self.lex(j - 1) == Lex::UnitAdjective;
        if unit == Unit::Quarter && (article || (self.lex(end) == Lex::Of && !described)) {
            // `a quarter of the vote`, `three quarters of its food`.
            return None;
        }
        // `an hour and a half`.
        let amount = if self.is_word(end, "and") && self.lex(end + 1) == Lex::Article && self.lex(end + 2) == Lex::Half
        {
            end += 3;
            amount.map(|a| a + 0.5)
        } else {
            amount
        };
        match self.lex(end) {
            Lex::Rel(r @ (Rel::Ago | Rel::Earlier | Rel::Later)) if !hyphenated => {
                let sign = if r == Rel::Later { 1.0 } else { -1.0 };
                let value = match amount {
                    Some(a) if a.fract() == 0.0 => self.rel(|anchor| shifted(anchor, unit, (sign * a) as i64)),
                    _ if r == Rel::Later => Val::Absolute("FUTURE_REF".into()),
                    _ => Val::Absolute("PAST_REF".into()),
                };
                return Some(Hit::new(i, end + 1, DATE, value));
            }
            // `two years from now`.
            Lex::TimePrep
                if !hyphenated
                    && self.is_word(end, "from")
                    && matches!(self.lex(end + 1), Lex::Ref(RefWord::Now) | Lex::Day(DayWord::Today)) =>
            {
                let value = match amount {
                    Some(a) if a.fract() == 0.0 => self.rel(|anchor| shifted(anchor, unit, a as i64)),
                    _ => Val::Absolute("FUTURE_REF".into()),
                };
                return Some(Hit::new(i, end + 2, DATE, value));
            }
            _ => {}
        }
        // `$40 a year`, `twice a week`: a frequency.
        if article && !plural && i > 0 {
            let prev = i - 1;
            let after_count = self.num(prev).is_some()
                || self.lex(prev) == Lex::Times
                || self.punct(prev, '%')
                || ["percent", "cents", "dollars", "times", "million", "billion", "thousand"]
                    .iter()
                    .any(|w| self.is_word(prev, w));
            // `5,000 cars a year`: a count, its noun, then the period.
            let after_counted_noun = prev > 0 && self.is_content_word(prev) && self.num(prev - 1).is_some();
            if (after_count || after_counted_noun) && amount == Some(1.0) {
                return Some(Hit::new(i, end, SET, Val::Absolute(duration_value(unit, Some(1.0)))));
            }
        }
        Some(Hit::new(i, end, DURATION, Val::Absolute(duration_value(unit, amount))))
    }

    /// `for years`, `within days`, `year-earlier`.
    fn bare_unit(&self, i: usize) -> Option<Hit> {
        let Lex::Unit(unit, plural) = self.lex(i) else { return None };
        if unit == Unit::Year && !plural {
            // `year-end`, `year end`, `year's end`: December 31st, of last year
            // after `since`.
            let end = if self.punct(i + 1, '-') && self.glued(i + 1) && self.is_word(i + 2, "end") {
                Some(i + 3)
            } else if self.is_word(i + 1, "end") {
                Some(i + 2)
            } else if self.punct(i + 1, '\'') && self.is_word(i + 2, "s") && self.is_word(i + 3, "end") {
                Some(i + 4)
            } else {
                None
            };
            if let Some(end) = end {
                let back = i32::from(i > 0 && self.is_word(i - 1, "since"));
                return Some(Hit::new(i, end, DATE, self.rel(|a| format!("{:04}-12-31", a.year - back))));
            }
        }
        if !plural {
            let adjective = unit == Unit::Year
                && self.punct(i + 1, '-')
                && self.glued(i + 1)
                && self.glued(i + 2)
                && matches!(self.lex(i + 2), Lex::Rel(Rel::Ago | Rel::Earlier));
            return adjective.then(|| Hit::new(i, i + 3, DATE, self.rel(|a| format!("{:04}", a.year - 1))));
        }
        if matches!(unit, Unit::Second | Unit::Weekend | Unit::Quarter) || self.lex(i + 1) == Lex::Of {
            return None;
        }
        if self.lex(i + 1) == Lex::Rel(Rel::Ago) {
            return Some(Hit::new(i, i + 2, DATE, Val::Absolute("PAST_REF".into())));
        }
        let introduced = matches!(self.prev_lex(i), Lex::For | Lex::In | Lex::Approx(Approx::Over))
            || (i > 0 && self.is_word(i - 1, "within"));
        introduced.then(|| Hit::new(i, i + 1, DURATION, Val::Absolute(duration_value(unit, None))))
    }

    // ---- sets ---------------------------------------------------------------

    fn every(&self, i: usize) -> Option<Hit> {
        let mut j = i + 1;
        let mut step = 1.0;
        if self.is_word(j, "other") {
            step = 2.0;
            j += 1;
        }
        let value = match self.lex(j) {
            Lex::Unit(u, false) => duration_value(u, Some(step)),
            Lex::Weekday(d) if self.cap(j) => format!("XXXX-WXX-{}", d + 1),
            Lex::Month(m) if self.cap(j) => format!("XXXX-{m:02}"),
            Lex::Part(p) => format!("XXXX-XX-XXT{}", p.code()),
            Lex::Season(s) => format!("XXXX-{}", s.code()),
            _ => {
                let (amount, k) = self.amount(j)?;
                let Lex::Unit(u, true) = self.lex(k) else { return None };
                return Some(Hit::new(i, k + 1, SET, Val::Absolute(duration_value(u, amount))));
            }
        };
        Some(Hit::new(i, j + 1, SET, Val::Absolute(value)))
    }

    // ---- references and times ---------------------------------------------

    fn reference(&self, i: usize, r: RefWord) -> Option<Hit> {
        let value = match r {
            RefWord::Now if self.punct(i + 1, '-') && self.glued(i + 1) => return None,
            // `Now, the question is...`: a discourse marker, not a time.
            RefWord::Now if self.cap(i) && self.punct(i + 1, ',') => return None,
            RefWord::Now | RefWord::Currently | RefWord::Nowadays => "PRESENT_REF",
            RefWord::Recently => "PAST_REF",
            RefWord::Future => return None,
        };
        Some(Hit::new(i, i + 1, DATE, Val::Absolute(value.into())))
    }

    /// The day a time of day is on: a weekday or day word right after it
    /// (`10 p.m. Wednesday`, `noon today`), else the publication date.
    fn day_after_time(&self, j: usize) -> (Option<Val>, usize) {
        let k = if self.punct(j, ',') { j + 1 } else { j };
        let hit = match self.lex(k) {
            Lex::Weekday(_) => self.weekday(k, k, None),
            Lex::Day(DayWord::Today | DayWord::Yesterday | DayWord::Tomorrow) => self.day_word(k),
            Lex::Month(_) | Lex::MonthAbbrev(_) => self.month_led(k).filter(|h| h.date().is_some()),
            _ => None,
        };
        match hit {
            Some(h) if h.kind == DATE => (Some(h.value), h.end),
            _ => (None, j),
        }
    }

    fn time_value(&self, day: Option<Val>, clock: &str) -> Val {
        match day {
            Some(Val::Absolute(d)) => Val::Absolute(format!("{d}T{clock}")),
            Some(Val::Relative(d)) => Val::Relative(format!("{d}T{clock}")),
            Some(other) => other,
            None => Val::InContext(format!("T{clock}")),
        }
    }

    /// `4:20 pm`, `10 a.m. EST Tuesday`, `02:35`, `18:00 UTC`.
    fn clock(&self, i: usize) -> Option<Hit> {
        if let (Some((hhmm, 4)), Lex::Zone(utc)) = (self.num(i), self.lex(i + 1)) {
            let (hour, minute) = (hhmm / 100, hhmm % 100);
            if hour > 23 || minute > 59 {
                return None;
            }
            let (day, end) = self.day_after_time(i + 2);
            let clock = format!("{hour:02}:{minute:02}{}", if utc { "Z" } else { "" });
            return Some(Hit::new(i, end, TIME, self.time_value(day, &clock)));
        }
        let (hour, 1..=2) = self.num(i)? else { return None };
        if hour > 24
            || (i >= 2 && self.glued(i) && matches!(self.kind(i - 1), Some(Kind::Punct(':' | '.' | ',' | '/'))))
        {
            return None;
        }
        let mut j = i + 1;
        let mut minute = None;
        if (self.punct(j, ':') || self.punct(j, '.')) && self.glued(j) && self.glued(j + 1) {
            if let Some((m, 2)) = self.num(j + 1) {
                if m < 60 {
                    minute = Some(m);
                    j += 2;
                    // Seconds.
                    if self.punct(j, ':') && self.glued(j) && matches!(self.num(j + 1), Some((0..=59, 2))) {
                        j += 2;
                    }
                }
            }
        }
        let dotted = self.punct(i + 1, '.');
        let meridiem = self.meridiem(j);
        let pm = match meridiem {
            Some((pm, next)) => {
                j = next;
                Some(pm)
            }
            None => None,
        };
        // `4 in the morning`.
        let mut pm = pm;
        if pm.is_none() && minute.is_none() && self.lex(j) == Lex::In && self.lex(j + 1) == Lex::The {
            if let Lex::Part(p) = self.lex(j + 2) {
                pm = Some(p != PartOfDay::Morning);
                j += 3;
            }
        }
        if pm.is_none() {
            // Without am/pm a clock time needs minutes after a colon, a
            // 24-hour reading, and no more digits glued to it.
            minute?;
            if dotted || hour > 23 || self.number_goes_on(j - 1) {
                return None;
            }
            let (_, hour_digits) = self.num(i)?;
            let introduced = matches!(self.prev_lex(i), Lex::At | Lex::TimePrep | Lex::Approx(_));
            if hour_digits != 2 && !introduced && !matches!(self.lex(j), Lex::Zone(_)) {
                return None;
            }
        }
        let hour = match pm {
            Some(true) if hour < 12 => hour + 12,
            Some(false) if hour == 12 => 0,
            _ => hour,
        };
        if hour > 24 {
            return None;
        }
        let mut zulu = "";
        if let Lex::Zone(utc) = self.lex(j) {
            if utc {
                zulu = "Z";
            }
            j += 1;
        }
        let (day, end) = self.day_after_time(j);
        let clock = format!("{hour:02}:{:02}{zulu}", minute.unwrap_or(0));
        Some(Hit::new(i, end, TIME, self.time_value(day, &clock)))
    }

    /// `pm`, `p.m.`, `PM`, `p.m` at `j`: whether it is pm, and the token after.
    fn meridiem(&self, j: usize) -> Option<(bool, usize)> {
        if let Lex::Meridiem(pm) = self.lex(j) {
            return Some((pm, j + 1));
        }
        let letter = if self.is_word(j, "a") {
            false
        } else if self.is_word(j, "p") {
            true
        } else {
            return None;
        };
        if !(self.punct(j + 1, '.') && self.glued(j + 1) && self.is_word(j + 2, "m") && self.glued(j + 2)) {
            return None;
        }
        let end = if self.punct(j + 3, '.') && self.glued(j + 3) { j + 4 } else { j + 3 };
        Some((letter, end))
    }

    fn noon(&self, i: usize) -> Option<Hit> {
        let clock = if self.lex(i) == Lex::Noon { "12:00" } else { "24:00" };
        let (day, end) = self.day_after_time(i + 1);
        Some(Hit::new(i, end, TIME, self.time_value(day, clock)))
    }

    // ---- holidays --------------------------------------------------------

    fn holiday(&self, i: usize) -> Option<Hit> {
        if !self.cap(i) {
            return None;
        }
        let (month, day, mut end) = match self.lex(i) {
            Lex::Christmas if self.lex(i + 1) == Lex::Eve => (12, 24, i + 2),
            Lex::Christmas => (12, 25, i + 1),
            Lex::Holiday(m, d) => (m, d, i + 1),
            Lex::Thanksgiving => (11, 0, i + 1),
            Lex::None
                if self.is_word(i, "new")
                    && self.lex(i + 1) == Lex::Unit(Unit::Year, false)
                    && self.punct(i + 2, '\'')
                    && self.is_word(i + 3, "s") =>
            {
                match self.lex(i + 4) {
                    Lex::Eve => (12, 31, i + 5),
                    Lex::Unit(Unit::Day, false) => (1, 1, i + 5),
                    _ => return None,
                }
            }
            _ => return None,
        };
        if self.is_word(end, "day") && self.cap(end) && day != 1 {
            end += 1;
        }
        let date_in = |y: i32| if day == 0 { thanksgiving(y) } else { CivilDate::new(y, month, day) };
        let value = match self.year_at(end) {
            Some(y) => {
                let d = date_in(y)?;
                end += 1;
                Val::Absolute(d.to_string())
            }
            None => match self.anchor {
                Some(a) => {
                    // `last Christmas` is the one before the anchor, `next`
                    // the one after; alone, the nearest.
                    let step = match self.prev_lex(i) {
                        Lex::Rel(Rel::Last | Rel::Past | Rel::Previous) => -1,
                        Lex::Rel(Rel::Next | Rel::Coming) => 1,
                        _ => 0,
                    };
                    let d = [a.year - 1, a.year, a.year + 1]
                        .into_iter()
                        .filter_map(date_in)
                        .filter(|d| step == 0 || (*d > a) == (step > 0) && *d != a)
                        .min_by_key(|d| (d.days_since_epoch() - a.days_since_epoch()).abs())?;
                    Val::Relative(d.to_string())
                }
                None if day == 0 => Val::Absolute("XXXX-11-XX".into()),
                None => Val::Absolute(format!("XXXX-{month:02}-{day:02}")),
            },
        };
        Some(Hit::new(i, end, DATE, value))
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
