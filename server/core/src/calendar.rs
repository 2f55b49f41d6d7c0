//! Proleptic Gregorian calendar dates: the arithmetic that date resolution needs
//! (weekdays, day offsets, ISO weeks), without a date-time library.

use serde::Serialize;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CivilDate {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Weekday {
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
    Sunday,
}

impl Weekday {
    pub const ALL: [Weekday; 7] = [
        Weekday::Monday,
        Weekday::Tuesday,
        Weekday::Wednesday,
        Weekday::Thursday,
        Weekday::Friday,
        Weekday::Saturday,
        Weekday::Sunday,
    ];
    /// 0 for Monday through 6 for Sunday.
    pub fn index(self) -> u32 {
        self as u32
    }
    pub fn from_index(i: u32) -> Weekday {
        Weekday::ALL[(i % 7) as usize]
    }
    pub fn name(self) -> &'static str {
        match self {
            Weekday::Monday => "Monday",
            Weekday::Tuesday => "Tuesday",
            Weekday::Wednesday => "Wednesday",
            Weekday::Thursday => "Thursday",
            Weekday::Friday => "Friday",
            Weekday::Saturday => "Saturday",
            Weekday::Sunday => "Sunday",
        }
    }
}

pub fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl CivilDate {
    /// A date, or `None` when the day does not exist (`2023-02-30`).
    pub fn new(year: i32, month: u32, day: u32) -> Option<CivilDate> {
        if (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month) {
            Some(CivilDate { year, month, day })
        } else {
            None
        }
    }

    /// Parses `YYYY-MM-DD`.
    pub fn parse_iso(s: &str) -> Option<CivilDate> {
        let s = s.trim();
        let mut parts = s.splitn(3, '-');
        let y = parts.next()?;
        let m = parts.next()?;
        let d = parts.next()?;
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return None;
        }
        CivilDate::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
    }

    /// Days since 1970-01-01 (Howard Hinnant's days_from_civil).
    pub fn days_since_epoch(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = if y >= 0 { y } else { y - 399 } / 400;
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    pub fn from_days_since_epoch(z: i64) -> CivilDate {
        let z = z + 719_468;
        let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        CivilDate { year, month, day }
    }

    pub fn add_days(self, days: i64) -> CivilDate {
        CivilDate::from_days_since_epoch(self.days_since_epoch() + days)
    }

    pub fn weekday(self) -> Weekday {
        // 1970-01-01 was a Thursday (index 3).
        Weekday::from_index((self.days_since_epoch() + 3).rem_euclid(7) as u32)
    }

    /// ISO 8601 week-numbering year and week (`2012-W05`).
    pub fn iso_week(self) -> (i32, u32) {
        let weekday = self.weekday().index() as i64;
        // The Thursday of this date's week decides the ISO year.
        let thursday = self.add_days(3 - weekday);
        let jan1 = CivilDate { year: thursday.year, month: 1, day: 1 };
        let week = (thursday.days_since_epoch() - jan1.days_since_epoch()) / 7 + 1;
        (thursday.year, week as u32)
    }

    /// Adds whole months, clamping the day to the target month's length.
    pub fn add_months(self, months: i32) -> CivilDate {
        let index = self.year * 12 + self.month as i32 - 1 + months;
        let year = index.div_euclid(12);
        let month = (index.rem_euclid(12) + 1) as u32;
        let day = self.day.min(days_in_month(year, month));
        CivilDate { year, month, day }
    }
}

impl fmt::Display for CivilDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for CivilDate {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_weekdays() {
        assert_eq!(CivilDate::new(2012, 1, 31).unwrap().weekday(), Weekday::Tuesday);
        assert_eq!(CivilDate::new(2023, 1, 30).unwrap().weekday(), Weekday::Monday);
        assert_eq!(CivilDate::new(2000, 2, 29).unwrap().weekday(), Weekday::Tuesday);
        assert_eq!(CivilDate::new(1969, 7, 20).unwrap().weekday(), Weekday::Sunday);
    }

    #[test]
    fn epoch_round_trip_over_four_centuries() {
        let start = CivilDate::new(1850, 1, 1).unwrap().days_since_epoch();
        for d in start..start + 146_097 {
            let date = CivilDate::from_days_since_epoch(d);
            assert!(CivilDate::new(date.year, date.month, date.day).is_some());
            assert_eq!(date.days_since_epoch(), d);
        }
    }

    #[test]
    fn iso_weeks_at_year_edges() {
        assert_eq!(CivilDate::new(2012, 1, 31).unwrap().iso_week(), (2012, 5));
        assert_eq!(CivilDate::new(2021, 1, 3).unwrap().iso_week(), (2020, 53));
        assert_eq!(CivilDate::new(2018, 12, 31).unwrap().iso_week(), (2019, 1));
    }

    #[test]
    fn invalid_days_and_month_arithmetic() {
        assert!(CivilDate::new(2023, 2, 29).is_none());
        assert!(CivilDate::parse_iso("2023-13-01").is_none());
        assert_eq!(CivilDate::parse_iso("2024-01-31").unwrap().add_months(1).to_string(), "2024-02-29");
        assert_eq!(CivilDate::parse_iso("2023-01-15").unwrap().add_months(-1).to_string(), "2022-12-15");
    }
}
