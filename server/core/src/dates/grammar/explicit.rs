//! Explicit dates (`2012-01-31`, `Jan. 31, 2012`, `1990s`), weekdays and day words.

use super::*;

impl Parser<'_> {
    // ---- explicit dates ----------------------------------------------------

    /// A four-digit year that stands alone at `i` (not part of a bigger number).
    pub(super) fn year_at(&self, i: usize) -> Option<i32> {
        let (v, digits) = self.num(i)?;
        if digits != 4 || !(1000..=2100).contains(&v) || self.glued_number_continues(i) {
            return None;
        }
        i32::try_from(v).ok()
    }

    /// `1,953`, `2.5`, `20:15`, `12/31`: digits glued to more digits.
    pub(super) fn glued_number_continues(&self, i: usize) -> bool {
        let before = i >= 2 && self.glued(i) && self.num(i - 2).is_some() && self.joined(i - 1, i);
        before || self.number_goes_on(i)
    }

    /// `<p><n>`: a separator glued between digits.
    pub(super) fn joined(&self, p: usize, n: usize) -> bool {
        self.glued(p)
            && self.glued(n)
            && self.num(n).is_some()
            && matches!(self.kind(p), Some(Kind::Punct('.' | ',' | ':' | '/')))
    }

    /// More digits (or a percent sign) glued after the number at `i`.
    pub(super) fn number_goes_on(&self, i: usize) -> bool {
        self.joined(i + 1, i + 2) || (self.glued(i + 1) && matches!(self.kind(i + 1), Some(Kind::Punct('%'))))
    }

    /// `2023-02-01`, `2012/01/31`, `2012.01.31`: year first, then month and day.
    pub(super) fn iso_date(&self, i: usize) -> Option<Hit> {
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
    pub(super) fn dotted_date(&self, i: usize) -> Option<Hit> {
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
    pub(super) fn slash_date(&self, i: usize) -> Option<Hit> {
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
    pub(super) fn day_number(&self, i: usize) -> Option<(u32, usize)> {
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
    pub(super) fn month_at(&self, i: usize) -> Option<(u32, usize, bool)> {
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
    pub(super) fn trailing_year(&self, i: usize) -> Option<(i32, usize)> {
        let j = if self.punct(i, ',') { i + 1 } else { i };
        match self.year_at(j) {
            Some(y) => Some((y, j + 1)),
            None => self.spelled_year(j),
        }
    }

    pub(super) fn full_date(&self, start: usize, end: usize, year: Option<i32>, month: u32, day: u32) -> Option<Hit> {
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
    pub(super) fn right_after_past_verb(&self, start: usize) -> bool {
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

    pub(super) fn month_led(&self, i: usize) -> Option<Hit> {
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
    pub(super) fn bare_month_context(&self, i: usize, month: u32) -> bool {
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

    pub(super) fn day_month(&self, i: usize) -> Option<Hit> {
        let (day, j) = self.day_number(i)?;
        let j = if self.lex(j) == Lex::Of { j + 1 } else { j };
        let (month, k, _) = self.month_at(j)?;
        let (year, end) = match self.trailing_year(k) {
            Some((y, e)) => (Some(y), e),
            None => (None, k),
        };
        self.full_date(i, end, year, month, day)
    }

    pub(super) fn year_or_decade(&self, i: usize) -> Option<Hit> {
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
    pub(super) fn looks_plural(&self, i: usize) -> bool {
        let w = self.word(i);
        let lower = |suffix: &str| {
            w.len() > suffix.len() && w.get(w.len() - suffix.len()..).is_some_and(|e| e.eq_ignore_ascii_case(suffix))
        };
        (lower("s") && !lower("ss") && !lower("us") && !lower("is"))
            || ["people", "men", "women", "children"].iter().any(|p| w.eq_ignore_ascii_case(p))
    }

    /// `nineteen ninety-six`: a year read out, as broadcast transcripts write it.
    pub(super) fn spelled_year(&self, i: usize) -> Option<(i32, usize)> {
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
    pub(super) fn short_decade(&self, i: usize) -> Option<Hit> {
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
    pub(super) fn century(&self, i: usize) -> Option<Hit> {
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
    pub(super) fn weekday(&self, start: usize, wd: usize, rel: Option<Rel>) -> Option<Hit> {
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

    pub(super) fn day_word(&self, i: usize) -> Option<Hit> {
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
}
