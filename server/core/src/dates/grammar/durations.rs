//! Durations and counts, sets (`every Monday`), references, clock times and holidays.

use super::*;

impl Parser<'_> {
    // ---- durations -------------------------------------------------------

    /// A count at `i`: its amount (None for vague counts) and the next token.
    pub(super) fn amount(&self, i: usize) -> Option<(Amount, usize)> {
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
    pub(super) fn and_a_half(&self, value: f64, j: usize) -> (Amount, usize) {
        if self.is_word(j, "and") && self.lex(j + 1) == Lex::Article && self.lex(j + 2) == Lex::Half {
            (Some(value + 0.5), j + 3)
        } else {
            (Some(value), j)
        }
    }

    /// `two years`, `24 hours`, `a decade`, `two-year`, `three days ago`,
    /// `$40 a year` (a set).
    pub(super) fn quantity(&self, i: usize) -> Option<Hit> {
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
    pub(super) fn bare_unit(&self, i: usize) -> Option<Hit> {
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

    pub(super) fn every(&self, i: usize) -> Option<Hit> {
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

    pub(super) fn reference(&self, i: usize, r: RefWord) -> Option<Hit> {
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
    pub(super) fn day_after_time(&self, j: usize) -> (Option<Val>, usize) {
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

    pub(super) fn time_value(&self, day: Option<Val>, clock: &str) -> Val {
        match day {
            Some(Val::Absolute(d)) => Val::Absolute(format!("{d}T{clock}")),
            Some(Val::Relative(d)) => Val::Relative(format!("{d}T{clock}")),
            Some(other) => other,
            None => Val::InContext(format!("T{clock}")),
        }
    }

    /// `4:20 pm`, `10 a.m. EST Tuesday`, `02:35`, `18:00 UTC`.
    pub(super) fn clock(&self, i: usize) -> Option<Hit> {
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
    pub(super) fn meridiem(&self, j: usize) -> Option<(bool, usize)> {
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

    pub(super) fn noon(&self, i: usize) -> Option<Hit> {
        let clock = if self.lex(i) == Lex::Noon { "12:00" } else { "24:00" };
        let (day, end) = self.day_after_time(i + 1);
        Some(Hit::new(i, end, TIME, self.time_value(day, clock)))
    }

    // ---- holidays --------------------------------------------------------

    pub(super) fn holiday(&self, i: usize) -> Option<Hit> {
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
