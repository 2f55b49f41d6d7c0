//! Relative expressions (`last week`, `the past two years`), quarters, halves and seasons.

use super::*;

impl Parser<'_> {
    // ---- relative expressions --------------------------------------------

    /// A capitalised `This` or `Today` after a name inside a sentence is part
    /// of a title (`ABC's This Week`, `VOA Today`).
    pub(super) fn in_title(&self, i: usize) -> bool {
        self.cap(i)
            && i >= 2
            && self.cap(i - 1)
            && self.kind(i - 1) == Some(Kind::Word)
            && matches!(self.lex(i - 1), Lex::None)
            && !self.sentence_break(i - 2)
    }

    pub(super) fn relative(&self, i: usize, r: Rel) -> Option<Hit> {
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

    pub(super) fn num_or_word_count(&self, i: usize) -> bool {
        self.num(i).is_some() || matches!(self.lex(i), Lex::NumWord(_) | Lex::Several | Lex::Article)
    }

    /// `recent years` (the past, as a date), `recent weeks`, `coming months`
    /// (vague durations).
    pub(super) fn vague_period(&self, i: usize, tense: Tense) -> Option<Hit> {
        let Lex::Unit(u, true) = self.lex(i + 1) else { return None };
        if matches!(u, Unit::Second | Unit::Weekend) {
            return None;
        }
        if tense == Tense::Past && u == Unit::Year {
            return Some(Hit::new(i, i + 2, DATE, Val::Absolute("PAST_REF".into())));
        }
        Some(Hit::new(i, i + 2, DURATION, Val::Absolute(duration_value(u, None))))
    }

    pub(super) fn the_phrase(&self, i: usize) -> Option<Hit> {
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
    pub(super) fn week_of(&self, i: usize) -> Option<Hit> {
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
    pub(super) fn anaphor(&self, i: usize) -> Option<Hit> {
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
    pub(super) fn the_period(&self, i: usize) -> Option<Hit> {
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
    pub(super) fn quarter(&self, i: usize) -> Option<Hit> {
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
    pub(super) fn quarter_hit(
        &self,
        start: usize,
        end: usize,
        n: u32,
        per_year: u32,
        year: Option<Val>,
        years_back: i32,
    ) -> Hit {
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

    pub(super) fn fiscal(&self, i: usize) -> Option<Hit> {
        if let Some(y) = self.year_at(i + 1) {
            return Some(Hit::new(i, i + 2, DATE, Val::Absolute(format!("{y:04}"))));
        }
        self.quarter(i)
    }

    // ---- seasons ---------------------------------------------------------------

    /// A season at `s_at`, the expression starting at `start` (`the`, `last`).
    pub(super) fn season(&self, start: usize, s_at: usize, season: Season, step: Option<i64>) -> Option<Hit> {
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
}
