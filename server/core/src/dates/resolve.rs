//! Calendar arithmetic that turns a relative expression and the publication
//! date into a TimeML value. Pure functions of their arguments.

use super::lexicon::{Season, Tense, Unit};
use crate::calendar::CivilDate;

pub(super) fn month_value(year: i32, month: u32) -> String {
    format!("{year:04}-{month:02}")
}

pub(super) fn week_value(date: CivilDate) -> String {
    let (year, week) = date.iso_week();
    format!("{year:04}-W{week:02}")
}

pub(super) fn quarter_of(month: u32) -> u32 {
    (month.saturating_sub(1)) / 3 + 1
}

/// Quarters counted from year 0, so that `last quarter` can step over a new year.
fn quarter_index(year: i32, quarter: u32) -> i64 {
    i64::from(year) * 4 + i64::from(quarter) - 1
}

pub(super) fn quarter_value_from_index(index: i64) -> String {
    format!("{:04}-Q{}", index.div_euclid(4), index.rem_euclid(4) + 1)
}

/// The quarter `offset` quarters from the one `anchor` falls in.
pub(super) fn quarter_offset(anchor: CivilDate, offset: i64) -> String {
    quarter_value_from_index(quarter_index(anchor.year, quarter_of(anchor.month)) + offset)
}

/// The year of a quarter named without one (`the third quarter`): financial
/// news reports on quarters that have begun, so the latest one that started
/// on or before the anchor, unless the sentence looks ahead.
pub(super) fn quarter_year(anchor: CivilDate, quarter: u32, tense: Option<Tense>) -> i32 {
    let current = quarter_of(anchor.month);
    if quarter <= current || tense == Some(Tense::Future) || quarter - current < 2 {
        anchor.year
    } else {
        anchor.year - 1
    }
}

/// The year of a month named without one. A past-tense clause cannot mean
/// a month still to come, a future one a month gone, and `until`/`by` look
/// ahead. With no tense to go by, the nearest occurrence, leaning to the
/// past as news does: a month of the coming year only when it is at most
/// four months off (`in January`, written in December), one of last year when
/// that is nearer than this year's (`in November`, written in February).
pub(super) fn month_year(anchor: CivilDate, month: u32, tense: Option<Tense>, looks_ahead: bool) -> i32 {
    let (y, m) = (anchor.year, anchor.month);
    if looks_ahead {
        return if month >= m { y } else { y + 1 };
    }
    match tense {
        Some(Tense::Past) if month > m => y - 1,
        Some(Tense::Future) if month < m => y + 1,
        Some(_) => y,
        None if month < m && month + 12 - m <= 4 => y + 1,
        None if month > m && m + 12 - month < month - m => y - 1,
        None => y,
    }
}

/// A day and month without a year: the occurrence nearest the anchor, moved
/// a year back when it would lie more than four months ahead in a past
/// clause or one without tense (news mostly reports), or a year forward when it would lie more than a month behind in
/// a future one (`scheduled for Nov. 8`, said in January). Past-tense cues
/// are looser (`payable Dec. 15` in an October report whose verbs are past),
/// hence the wider margin.
pub(super) fn day_year(anchor: CivilDate, month: u32, day: u32, tense: Option<Tense>) -> Option<CivilDate> {
    let near = nearest_day(anchor, month, day)?;
    let ahead = near.days_since_epoch() - anchor.days_since_epoch();
    let moved = match tense {
        Some(Tense::Past) | None if ahead > 120 => CivilDate::new(near.year - 1, month, day),
        Some(Tense::Future) if ahead < -30 => CivilDate::new(near.year + 1, month, day),
        _ => None,
    };
    Some(moved.unwrap_or(near))
}

/// `last April`: strictly before the anchor's month; `next April`: strictly after.
pub(super) fn month_year_strict(anchor: CivilDate, month: u32, forward: bool) -> i32 {
    if forward {
        if month > anchor.month {
            anchor.year
        } else {
            anchor.year + 1
        }
    } else if month < anchor.month {
        anchor.year
    } else {
        anchor.year - 1
    }
}

/// A day and month without a year: the occurrence nearest the anchor.
pub(super) fn nearest_day(anchor: CivilDate, month: u32, day: u32) -> Option<CivilDate> {
    [anchor.year - 1, anchor.year, anchor.year + 1]
        .into_iter()
        .filter_map(|y| CivilDate::new(y, month, day))
        .min_by_key(|d| (d.days_since_epoch() - anchor.days_since_epoch()).abs())
}

/// A weekday named alone: the most recent one when the sentence is in the
/// past, the coming one when it looks ahead, the anchor itself included
/// either way (wire style names today's weekday rather than writing
/// `today`). News mostly reports what happened, so past is the default.
pub(super) fn weekday_date(anchor: CivilDate, weekday: u32, tense: Option<Tense>) -> CivilDate {
    let today = i64::from(anchor.weekday().index());
    let target = i64::from(weekday);
    match tense {
        Some(Tense::Future) => anchor.add_days((target - today).rem_euclid(7)),
        _ => anchor.add_days(-(today - target).rem_euclid(7)),
    }
}

/// `last Friday` (strictly before) and `next Friday` (strictly after).
pub(super) fn weekday_strict(anchor: CivilDate, weekday: u32, forward: bool) -> CivilDate {
    let today = i64::from(anchor.weekday().index());
    let target = i64::from(weekday);
    if forward {
        anchor.add_days((target - today - 1).rem_euclid(7) + 1)
    } else {
        anchor.add_days(-((today - target - 1).rem_euclid(7) + 1))
    }
}

/// The year a season named with `last`/`this`/`next` falls in. Winter is
/// dated by the year it begins in, so last winter is always last year's.
pub(super) fn season_year(anchor: CivilDate, season: Season, step: i32) -> i32 {
    let start = season.start_month();
    let over = anchor.month > start + 2;
    match step {
        s if s < 0 => {
            if over && season != Season::Winter {
                anchor.year
            } else {
                anchor.year - 1
            }
        }
        s if s > 0 => {
            if anchor.month < start {
                anchor.year
            } else {
                anchor.year + 1
            }
        }
        _ => anchor.year,
    }
}

/// The value of a calendar unit shifted `n` units from the anchor, at the
/// unit's own granularity (`last week` -> `2012-W04`, `two years ago` -> `2010`).
pub(super) fn shifted(anchor: CivilDate, unit: Unit, n: i64) -> String {
    let months = |k: i64| anchor.add_months(i32::try_from(k).unwrap_or(0));
    match unit {
        Unit::Second | Unit::Minute | Unit::Hour | Unit::Day => anchor.add_days(n).to_string(),
        Unit::Week => week_value(anchor.add_days(7 * n)),
        Unit::Weekend => format!("{}-WE", week_value(anchor.add_days(7 * n))),
        Unit::Month => {
            let d = months(n);
            month_value(d.year, d.month)
        }
        Unit::Quarter => quarter_offset(anchor, n),
        Unit::Year => format!("{:04}", i64::from(anchor.year) + n),
        Unit::Decade => format!("{:03}", (i64::from(anchor.year) + 10 * n).div_euclid(10)),
        Unit::Century => format!("{:02}", (i64::from(anchor.year) + 100 * n).div_euclid(100)),
    }
}

/// `P3D`, `PT4H`, `P10Y` (decades and centuries in years, as TimeBank writes
/// them); `amount` is None for a vague count (`several years` -> `PXY`).
pub(super) fn duration_value(unit: Unit, amount: Option<f64>) -> String {
    let (time, letter, scale) = match unit {
        Unit::Second => (true, "S", 1.0),
        Unit::Minute => (true, "M", 1.0),
        Unit::Hour => (true, "H", 1.0),
        Unit::Day => (false, "D", 1.0),
        Unit::Week => (false, "W", 1.0),
        Unit::Weekend => (false, "WE", 1.0),
        Unit::Month => (false, "M", 1.0),
        // TimeBank writes quarters as three months (`the next three quarters` -> P9M).
        Unit::Quarter => (false, "M", 3.0),
        Unit::Year => (false, "Y", 1.0),
        Unit::Decade => (false, "Y", 10.0),
        Unit::Century => (false, "Y", 100.0),
    };
    let prefix = if time { "PT" } else { "P" };
    match amount {
        None => match unit {
            Unit::Decade => "PXDE".to_string(),
            Unit::Century => "PXCE".to_string(),
            _ => format!("{prefix}X{letter}"),
        },
        Some(a) => {
            let a = a * scale;
            if a.fract() == 0.0 {
                format!("{prefix}{}{letter}", a as i64)
            } else if unit == Unit::Hour && a < 1.0 {
                format!("PT{}M", (a * 60.0).round() as i64)
            } else {
                format!("{prefix}{a}{letter}")
            }
        }
    }
}

/// The fourth Thursday of November.
pub(super) fn thanksgiving(year: i32) -> Option<CivilDate> {
    let first = CivilDate::new(year, 11, 1)?;
    let to_thursday = (3 - i64::from(first.weekday().index())).rem_euclid(7);
    Some(first.add_days(to_thursday + 21))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> CivilDate {
        CivilDate::parse_iso(s).expect("test date")
    }

    #[test]
    fn weekdays_resolve_by_tense() {
        // 2012-01-31 is a Tuesday.
        let tue = d("2012-01-31");
        assert_eq!(weekday_date(tue, 1, Some(Tense::Past)).to_string(), "2012-01-31");
        assert_eq!(weekday_date(tue, 4, Some(Tense::Past)).to_string(), "2012-01-27");
        assert_eq!(weekday_date(tue, 1, Some(Tense::Future)).to_string(), "2012-01-31");
        assert_eq!(weekday_date(tue, 3, Some(Tense::Future)).to_string(), "2012-02-02");
        assert_eq!(weekday_strict(tue, 1, false).to_string(), "2012-01-24");
        assert_eq!(weekday_strict(tue, 0, false).to_string(), "2012-01-30");
    }

    #[test]
    fn months_and_quarters_cross_the_new_year() {
        let jan2 = d("2024-01-02");
        assert_eq!(month_year(jan2, 12, Some(Tense::Past), false), 2023);
        assert_eq!(month_year(jan2, 12, None, false), 2023);
        assert_eq!(month_year(d("2023-12-19"), 1, None, false), 2024);
        assert_eq!(month_year(d("2023-07-19"), 1, None, false), 2023);
        assert_eq!(month_year(d("2023-10-30"), 3, None, false), 2023);
        assert_eq!(month_year(d("2023-02-10"), 11, None, false), 2022);
        assert_eq!(month_year(jan2, 3, None, false), 2024);
        assert_eq!(month_year(d("2023-10-02"), 1, None, true), 2024);
        assert_eq!(month_year(d("2023-10-02"), 12, Some(Tense::Future), false), 2023);
        assert_eq!(
            day_year(d("1998-02-06"), 8, 6, Some(Tense::Past)).map(|x| x.to_string()).as_deref(),
            Some("1997-08-06")
        );
        assert_eq!(nearest_day(jan2, 12, 30).map(|x| x.to_string()).as_deref(), Some("2023-12-30"));
        assert_eq!(quarter_year(jan2, 4, None), 2023);
        assert_eq!(shifted(jan2, Unit::Month, -1), "2023-12");
        assert_eq!(shifted(jan2, Unit::Week, -1), "2023-W52");
    }

    #[test]
    fn durations_in_timeml_units() {
        assert_eq!(duration_value(Unit::Year, Some(2.0)), "P2Y");
        assert_eq!(duration_value(Unit::Hour, Some(24.0)), "PT24H");
        assert_eq!(duration_value(Unit::Decade, Some(1.0)), "P10Y");
        assert_eq!(duration_value(Unit::Month, None), "PXM");
        assert_eq!(duration_value(Unit::Year, Some(2.5)), "P2.5Y");
        assert_eq!(duration_value(Unit::Hour, Some(0.5)), "PT30M");
    }

    #[test]
    fn thanksgiving_is_a_thursday() {
        assert_eq!(thanksgiving(1999).map(|x| x.to_string()).as_deref(), Some("1999-11-25"));
    }
}
