//! The date grammar: at each token, the longest temporal expression that
//! starts there, with its type and TimeML value.
//!
//! Rules are small functions over the token slice, each returning a [`Hit`]
//! (token range, type, value). Modifiers (`late`, `about`, `the end of`) wrap
//! the core rules; values that depend on the publication date go through
//! [`Parser::rel`], which yields [`Val::NoAnchor`] when there is none.

use super::lexicon::{Approx, DayWord, Kind, Lex, PartOfDay, Position, RefWord, Rel, Season, Tense, Token, Unit};
use super::resolve::{
    duration_value, month_value, month_year, month_year_strict, nearest_day, quarter_offset, quarter_year, season_year,
    shifted, thanksgiving, week_value, weekday_date, weekday_strict,
};
use super::TimexType;
use crate::calendar::{CivilDate, Weekday};

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Val {
    /// Needs no publication date (`2012-01-31`, `P2Y`, `XXXX-12`).
    Absolute(String),
    /// Resolved against the publication date.
    Relative(String),
    /// Needs the publication date and the article has none.
    NoAnchor,
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
            Val::NoAnchor => None,
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
                    hits.push(hit);
                }
                _ => i += 1,
            }
        }
        hits
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
    fn is_word(&self, i: usize, w: &str) -> bool {
        self.kind(i) == Some(Kind::Word) && self.word(i).eq_ignore_ascii_case(w)
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
        self.kind(i) == Some(Kind::Word) && !self.cap(i) && self.lex(i) == Lex::None
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
                !abbreviation
            }
            _ => false,
        }
    }

    fn tense_cue(&self, k: usize) -> Option<Tense> {
        match self.lex(k) {
            Lex::Tense(t) => Some(t),
            Lex::Rel(Rel::Ago) | Lex::Day(DayWord::Yesterday) => Some(Tense::Past),
            Lex::None if self.is_content_word(k) => {
                let w = self.word(k);
                let regular_past = w.len() >= 5 && w.ends_with("ed") && !w.ends_with("eed");
                regular_past.then_some(Tense::Past)
            }
            _ => None,
        }
    }

    /// The tense of the clause around tokens `start..end`: the nearest tense
    /// cue within a dozen tokens of the same sentence (left wins a tie).
    fn tense(&self, start: usize, end: usize) -> Option<Tense> {
        const WINDOW: usize = 12;
        let mut best: Option<(usize, Tense)> = None;
        let mut k = start;
        for dist in 1..=WINDOW {
            if k == 0 {
                break;
            }
            k -= 1;
            if self.sentence_break(k) {
                break;
            }
            if let Some(t) = self.tense_cue(k) {
                best = Some((dist, t));
                break;
            }
        }
        for (dist, k) in (end..self.toks.len()).take(WINDOW).enumerate() {
            if self.sentence_break(k) {
                break;
            }
            if let Some(t) = self.tense_cue(k) {
                if best.is_none_or(|(d, _)| dist + 1 < d) {
                    best = Some((dist + 1, t));
                }
                break;
            }
        }
        best.map(|(_, t)| t)
    }

    // ---- dispatch --------------------------------------------------------

    fn parse_at(&self, i: usize) -> Option<Hit> {
        let t = self.toks.get(i)?;
        match t.kind {
            Kind::Word if t.lex == Lex::None && !self.is_word(i, "q") && !self.is_word(i, "new") => None,
            Kind::Punct(c) if c != '\'' => None,
            _ => self.modified(i).or_else(|| self.core(i)),
        }
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
                _ => None,
            },
            Lex::Position(p @ (Position::End | Position::Start | Position::Middle)) if self.lex(i + 1) == Lex::Of => {
                Some(self.point(i + 2)?.from(i).with_mod(position_mod(p)))
            }
            Lex::Position(p @ (Position::Early | Position::Late | Position::Mid)) => {
                let next = if self.punct(i + 1, '-') && self.glued(i + 1) { i + 2 } else { i + 1 };
                let hit = self.point(next)?;
                Some(hit.from(i).with_mod(position_mod(p)))
            }
            Lex::Rel(Rel::Earlier | Rel::Later) => match self.lex(i + 1) {
                Lex::Day(_) | Lex::Weekday(_) | Lex::Rel(Rel::This) => Some(self.point(i + 1)?.from(i)),
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
        let starts_with_count = matches!(
            self.lex(next),
            Lex::NumWord(_) | Lex::Article | Lex::Several | Lex::Half | Lex::The | Lex::Rel(Rel::Past)
        ) || self.num(next).is_some();
        if !starts_with_count {
            return None;
        }
        let hit = self.core(next)?;
        let quantity = hit.kind == DURATION
            || hit.kind == TIME
            || (hit.kind == DATE && self.toks[hit.start..hit.end].iter().any(|t| t.lex == Lex::Rel(Rel::Ago)));
        quantity.then(|| hit.from(i).with_mod(modifier))
    }

    fn core(&self, i: usize) -> Option<Hit> {
        let t = self.toks.get(i)?;
        match t.kind {
            Kind::Num(..) => self
                .iso_date(i)
                .or_else(|| self.slash_date(i))
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
                Lex::NumWord(_) | Lex::Article | Lex::Several | Lex::Half => {
                    self.quarter(i).or_else(|| self.quantity(i))
                }
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
        let joined = |p: usize, n: usize| {
            self.glued(p)
                && self.glued(n)
                && self.num(n).is_some()
                && matches!(self.kind(p), Some(Kind::Punct('.' | ',' | ':' | '/')))
        };
        let before = i >= 2 && self.glued(i) && self.num(i - 2).is_some() && joined(i - 1, i);
        before || joined(i + 1, i + 2) || (self.glued(i + 1) && matches!(self.kind(i + 1), Some(Kind::Punct('%'))))
    }

    fn iso_date(&self, i: usize) -> Option<Hit> {
        let (y, 4) = self.num(i)? else { return None };
        let ok = self.punct(i + 1, '-') && self.glued(i + 1) && self.glued(i + 2) && self.punct(i + 3, '-');
        let (Some((m, 2)), Some((d, 2))) = (self.num(i + 2), self.num(i + 4)) else { return None };
        if !ok || !self.glued(i + 3) || !self.glued(i + 4) {
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
        if !shape || !(yd == 2 || yd == 4) || self.glued_number_continues(i + 4) {
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
        if !(1..=31).contains(&d) || self.glued_number_continues(i) || (self.punct(i + 1, ':') && self.glued(i + 1)) {
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
        let y = self.year_at(j)?;
        Some((y, j + 1))
    }

    fn full_date(&self, start: usize, end: usize, year: Option<i32>, month: u32, day: u32) -> Option<Hit> {
        let value = match year {
            Some(y) => Val::Absolute(CivilDate::new(y, month, day)?.to_string()),
            None => {
                // 2000 was a leap year: any day a year can have is valid there.
                CivilDate::new(2000, month, day)?;
                match self.anchor {
                    Some(a) => Val::Relative(nearest_day(a, month, day)?.to_string()),
                    None => Val::Absolute(format!("XXXX-{month:02}-{day:02}")),
                }
            }
        };
        Some(Hit::new(start, end, DATE, value))
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
        // `January this year`, `December last year`.
        if let (Lex::Rel(r @ (Rel::This | Rel::Last | Rel::Next)), Lex::Unit(Unit::Year, false)) =
            (self.lex(j), self.lex(j + 1))
        {
            let step = match r {
                Rel::Last => -1,
                Rel::Next => 1,
                _ => 0,
            };
            return Some(Hit::new(i, j + 2, DATE, self.rel(|a| month_value(a.year + step, month))));
        }
        if abbreviated || !self.bare_month_context(i, month) {
            return None;
        }
        let tense = self.tense(i, j);
        let value = match self.anchor {
            Some(a) => Val::Relative(month_value(month_year(a, month, tense), month)),
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
        if i > 0 && self.glued(i) && matches!(self.kind(i - 1), Some(Kind::Punct('$' | '#' | '-' | '/'))) {
            return None;
        }
        if self.glued(i + 1) && self.kind(i + 1) == Some(Kind::Word) {
            return None;
        }
        // `1953 soldiers`: a count before a noun, unless the noun is what
        // years usually qualify (`the 2008 election` reads as a count too
        // often to guess).
        if self.is_content_word(i + 1) {
            return None;
        }
        Some(Hit::new(i, i + 1, DATE, Val::Absolute(format!("{year:04}"))))
    }

    /// `'90s` -> `199`.
    fn short_decade(&self, i: usize) -> Option<Hit> {
        let (v, 2) = self.num(i + 1)? else { return None };
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
                let tense = self.tense(start, end);
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

    fn relative(&self, i: usize, r: Rel) -> Option<Hit> {
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
            Lex::Month(m) if self.cap(j) && r != Rel::Current => {
                let value = self.rel(|a| {
                    let y = if step == 0 { a.year } else { month_year_strict(a, m, step > 0) };
                    month_value(y, m)
                });
                Some(Hit::new(i, j + 1, DATE, value))
            }
            Lex::Season(s) => self.season(i, j, s, Some(step)),
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
        let j = i + 1;
        match self.lex(j) {
            Lex::Ref(RefWord::Future) => Some(Hit::new(i, j + 1, DATE, Val::Absolute("FUTURE_REF".into()))),
            Lex::None
                if ["near", "distant", "foreseeable", "immediate"].iter().any(|w| self.is_word(j, w))
                    && self.lex(j + 1) == Lex::Ref(RefWord::Future) =>
            {
                Some(Hit::new(i, j + 2, DATE, Val::Absolute("FUTURE_REF".into())))
            }
            Lex::Rel(r @ (Rel::Past | Rel::Last | Rel::Next | Rel::Coming | Rel::Previous | Rel::Following)) => {
                match self.lex(j + 1) {
                    Lex::Unit(u, false) if matches!(r, Rel::Previous | Rel::Following) => {
                        // Anaphoric: the best guess is the publication date's neighbour.
                        if matches!(u, Unit::Second | Unit::Minute | Unit::Hour) {
                            return None;
                        }
                        let step = if r == Rel::Previous { -1 } else { 1 };
                        Some(Hit::new(i, j + 2, DATE, self.rel(|a| shifted(a, u, step))))
                    }
                    Lex::Unit(u, false) => {
                        Some(Hit::new(i, j + 2, DURATION, Val::Absolute(duration_value(u, Some(1.0)))))
                    }
                    Lex::Unit(u, true) => Some(Hit::new(i, j + 2, DURATION, Val::Absolute(duration_value(u, None)))),
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
                // `the first nine months`; `the first quarter` is a quarter.
                self.quarter(i).or_else(|| {
                    let hit = self.quantity(j + 1)?;
                    (hit.kind == DURATION).then(|| hit.from(i))
                })
            }
            Lex::Unit(Unit::Year, false) => {
                if let Some(y) = self.year_at(j + 1) {
                    return Some(Hit::new(i, j + 2, DATE, Val::Absolute(format!("{y:04}"))));
                }
                let anaphoric = self.glued(j + 1) || matches!(self.lex(j + 1), Lex::Of | Lex::Rel(_) | Lex::TimePrep);
                if anaphoric {
                    return None;
                }
                Some(Hit::new(i, j + 1, DATE, self.rel(|a| format!("{:04}", a.year))))
            }
            Lex::Unit(Unit::Weekend, false) => {
                let value = self.rel(|a| {
                    let back = if a.weekday().index() >= 5 { 0 } else { 7 };
                    format!("{}-WE", week_value(a.add_days(-back)))
                });
                Some(Hit::new(i, j + 1, DATE, value))
            }
            Lex::Season(s) => self.season(i, j, s, None),
            _ => {
                if let Some(hit) = self.quarter(i) {
                    return Some(hit);
                }
                if self.num(j).is_some() {
                    if let Some(hit) = self.year_or_decade(j).filter(|h| h.end == j + 2) {
                        return Some(hit.from(i));
                    }
                }
                if let Some(hit) = self.century(j) {
                    return Some(hit.from(i));
                }
                if self.num(j).is_some() || matches!(self.lex(j), Lex::NumWord(_)) {
                    let hit = self.quantity(j)?;
                    return (hit.kind == DURATION).then(|| hit.from(i));
                }
                None
            }
        }
    }

    // ---- quarters and halves ----------------------------------------------

    /// `the third quarter`, `third-quarter`, `the fourth quarter of 2011`,
    /// `Q1 2012`, `the latest quarter`, `the first half`.
    fn quarter(&self, i: usize) -> Option<Hit> {
        let mut j = i;
        if self.lex(j) == Lex::The {
            j += 1;
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
            return Some(self.quarter_hit(i, j + 2, q, 4));
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
                k += 1;
            }
            return match self.lex(k) {
                Lex::Unit(Unit::Quarter, false) => Some(self.quarter_hit(i, k + 1, n, 4)),
                Lex::Half if n <= 2 => Some(self.quarter_hit(i, k + 1, n, 2)),
                _ => None,
            };
        }
        // `the quarter`, `the latest quarter`, `the year-ago quarter`: earnings
        // reports speak of the last quarter that has ended.
        if self.lex(i) != Lex::The {
            return None;
        }
        let (offset, k) = match self.lex(j) {
            Lex::Unit(Unit::Quarter, false) => (-1, j),
            Lex::Rel(Rel::Latest | Rel::Recent) => (-1, j + 1),
            Lex::Rel(Rel::Current) => (0, j + 1),
            Lex::Unit(Unit::Year, false)
                if self.punct(j + 1, '-')
                    && matches!(self.lex(j + 2), Lex::Rel(Rel::Ago | Rel::Earlier))
                    && self.glued(j + 2) =>
            {
                (-5, j + 3)
            }
            _ => return None,
        };
        if self.lex(k) != Lex::Unit(Unit::Quarter, false) {
            return None;
        }
        Some(Hit::new(i, k + 1, DATE, self.rel(|a| quarter_offset(a, offset))))
    }

    /// A quarter (`per_year` 4) or half (2) numbered `n`, ending at `end` or
    /// extended by the year it names.
    fn quarter_hit(&self, start: usize, end: usize, n: u32, per_year: u32) -> Hit {
        let letter = if per_year == 4 { 'Q' } else { 'H' };
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
            return Hit::new(start, e, DATE, Val::Absolute(format!("{y:04}-{letter}{n}")));
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
                return Hit::new(start, end + 3, DATE, self.rel(|a| format!("{:04}-{letter}{n}", a.year + step)));
            }
        }
        let tense = self.tense(start, end);
        let value = match self.anchor {
            Some(a) => {
                let y = if per_year == 4 { quarter_year(a, n, tense) } else { quarter_year(a, (n - 1) * 2 + 1, tense) };
                Val::Relative(format!("{y:04}-{letter}{n}"))
            }
            None => Val::Absolute(format!("XXXX-{letter}{n}")),
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
        let year = if self.lex(after) == Lex::Of { self.year_at(after + 1).map(|y| (y, after + 2)) } else { None }
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
            if digits > 4 || self.glued_number_continues(i) {
                return None;
            }
            if i > 0 && self.glued(i) && matches!(self.kind(i - 1), Some(Kind::Punct('$' | '.' | ',' | '#'))) {
                return None;
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
            Lex::Several => Some((None, i + 1)),
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
        let mut end = j + 1;
        if hyphenated {
            // `a 45-year-old`: an age, not a period.
            if self.punct(end, '-') && self.glued(end) && self.is_word(end + 1, "old") {
                return None;
            }
        } else if unit == Unit::Second && !plural && article {
            // `a second term`: an ordinal.
            let next_is_noun = self.kind(end) == Some(Kind::Word) && self.lex(end) == Lex::None;
            if next_is_noun {
                return None;
            }
        }
        if unit == Unit::Quarter && !plural && matches!(self.lex(i), Lex::Article) {
            // `a quarter of the vote`.
            if self.lex(end) == Lex::Of {
                return None;
            }
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
            _ => {}
        }
        // `$40 a year`, `twice a week`: a frequency.
        if article && !plural && i > 0 {
            let prev = i - 1;
            let after_count = self.num(prev).is_some()
                || self.lex(prev) == Lex::Times
                || self.punct(prev, '%')
                || ["percent", "cents", "dollars", "times"].iter().any(|w| self.is_word(prev, w));
            if after_count && amount == Some(1.0) {
                return Some(Hit::new(i, end, SET, Val::Absolute(duration_value(unit, Some(1.0)))));
            }
        }
        Some(Hit::new(i, end, DURATION, Val::Absolute(duration_value(unit, amount))))
    }

    /// `for years`, `within days`, `year-earlier`.
    fn bare_unit(&self, i: usize) -> Option<Hit> {
        let Lex::Unit(unit, plural) = self.lex(i) else { return None };
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
            Some(Val::NoAnchor) => Val::NoAnchor,
            None => match self.anchor {
                Some(a) => Val::Relative(format!("{a}T{clock}")),
                None => Val::Absolute(format!("XXXX-XX-XXT{clock}")),
            },
        }
    }

    /// `4:20 pm`, `10 a.m. EST Tuesday`, `02:35`, `18:00 UTC`.
    fn clock(&self, i: usize) -> Option<Hit> {
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
        if pm.is_none() {
            // Without am/pm a clock time needs minutes after a colon, a
            // 24-hour reading, and no more digits glued to it.
            minute?;
            if dotted || hour > 23 || self.glued_number_continues(j - 1) {
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
                    let d = [a.year - 1, a.year, a.year + 1]
                        .into_iter()
                        .filter_map(date_in)
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
        Val::NoAnchor => Val::NoAnchor,
    }
}
