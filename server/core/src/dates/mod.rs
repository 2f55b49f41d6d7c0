//! Temporal expressions as TIMEX3: absolute and relative dates, times,
//! durations and sets, normalised against the publication date.
//!
//! Each content paragraph is tokenised once (`lexicon`); a hand-written
//! grammar (`grammar`) then tries, at each token that can start a temporal
//! expression, the longest expression it can read there, and `resolve`
//! turns it into a TimeML value. Extents follow TimeBank: determiners and
//! modifiers (`the`, `late`, `about`, `ago`) belong to the expression,
//! prepositions (`in`, `for`, `since`) do not.
//!
//! Values that need the publication date (`Tuesday`, `last week`) carry it
//! in `anchor`, or, without one, have no value and say why in `unresolved`.
//! Values whose year alone is unknown keep the rest (`XXXX-12-30`). Back
//! references (`that year`, `the next day`) and clock times take their day
//! from the dates written before them; earnings copy's `a year earlier`
//! takes the quarter under discussion.

mod grammar;
mod lexicon;
mod resolve;
#[cfg(test)]
mod tests;

use crate::article::Article;
use crate::calendar::{CivilDate, Weekday};
use crate::span::Span;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum TimexType {
    Date,
    Time,
    Duration,
    Set,
}

#[derive(Debug, Clone, Serialize)]
pub struct Timex {
    pub span: Span,
    pub text: String,
    #[serde(rename = "type")]
    pub kind: TimexType,
    /// The TimeML value (`2012-01-31`, `2012-W05`, `P2Y`, `PRESENT_REF`), or
    /// `None` when it could not be resolved (see `unresolved`).
    pub value: Option<String>,
    /// The date a relative expression was resolved against, if it was
    /// relative: the publication date, or the earlier date a back reference
    /// or a clock time took its day from.
    pub anchor: Option<CivilDate>,
    /// Why `value` is missing (`relative date and the article has no
    /// publication date`).
    pub unresolved: Option<String>,
    /// A weekday written next to an explicit date that falls on another day:
    /// (the weekday written, the real one).
    pub weekday_mismatch: Option<(Weekday, Weekday)>,
    /// TimeML `mod`: `START`, `MID`, `END`, `APPROX`, `MORE_THAN`,
    /// `LESS_THAN`, `EQUAL_OR_MORE` (`late Tuesday` -> `END`).
    #[serde(rename = "mod")]
    pub modifier: Option<&'static str>,
}

const NO_ANCHOR: &str = "relative date and the article has no publication date";
const NO_ANTECEDENT: &str = "refers back to a date and the article gives none before it";

/// How many earlier expressions a back reference looks through: enough for
/// any real paragraph, and it keeps a text of nothing but `that day` linear.
const LOOK_BACK: usize = 32;

/// The last day-precise date or time among `before`.
fn last_day(before: &[Timex]) -> Option<CivilDate> {
    before
        .iter()
        .rev()
        .take(LOOK_BACK)
        .filter(|t| matches!(t.kind, TimexType::Date | TimexType::Time))
        .find_map(|t| CivilDate::parse_iso(t.value.as_deref()?.get(..10)?))
}

/// The value of `that year`, `the next day` and the like: the last date
/// given before it, at the unit's precision and shifted by `offset` units,
/// with that date when it is a day.
fn antecedent(before: &[Timex], unit: lexicon::Unit, offset: i64) -> Option<(String, Option<CivilDate>)> {
    use lexicon::Unit;
    let candidates = before
        .iter()
        .rev()
        .take(LOOK_BACK)
        .filter(|t| matches!(t.kind, TimexType::Date | TimexType::Time))
        .filter_map(|t| t.value.as_deref())
        .filter(|v| v.get(..4).is_some_and(|y| y.bytes().all(|b| b.is_ascii_digit())));
    for value in candidates {
        let day = value.get(..10).and_then(CivilDate::parse_iso);
        let year: i32 = value.get(..4)?.parse().ok()?;
        let month = value.get(4..7).filter(|m| m.starts_with('-')).and_then(|m| m.get(1..)?.parse::<u32>().ok());
        let resolved = match unit {
            Unit::Day => day.map(|d| d.add_days(offset).to_string()),
            Unit::Week => day.map(|d| resolve::week_value(d.add_days(7 * offset))),
            Unit::Month => month.and_then(|m| {
                let d = CivilDate::new(year, m, 1)?.add_months(i32::try_from(offset).ok()?);
                Some(resolve::month_value(d.year, d.month))
            }),
            Unit::Quarter => {
                let quarter = value
                    .get(5..)
                    .and_then(|q| q.strip_prefix('Q'))
                    .and_then(|q| q.parse::<u32>().ok())
                    .or_else(|| month.map(resolve::quarter_of));
                quarter.and_then(|q| {
                    let anchor = CivilDate::new(year, (q - 1) * 3 + 1, 1)?;
                    Some(resolve::quarter_offset(anchor, offset))
                })
            }
            Unit::Year => Some(format!("{:04}", i64::from(year) + offset)),
            _ => None,
        };
        if let Some(resolved) = resolved {
            return Some((resolved, day.filter(|_| unit == Unit::Day)));
        }
    }
    None
}

/// Finds temporal expressions in the article's non-debris paragraphs, in text
/// order, without overlaps.
pub fn detect(article: &Article) -> Vec<Timex> {
    let anchor = article.publication_date.map(|p| p.date);
    let mut tokens = Vec::new();
    let mut found = Vec::new();
    for paragraph in article.tokens.paragraphs() {
        lexicon::from_text_tokens(article.text, article.tokens.of(paragraph), &mut tokens);
        let paragraph_start = found.len();
        for hit in grammar::Parser::new(&tokens, article.text, anchor).run() {
            let (Some(first), Some(last)) = (tokens.get(hit.start), tokens.get(hit.end.saturating_sub(1))) else {
                continue;
            };
            let span = Span::new(first.start, last.end);
            let (value, unresolved, anchored) = match hit.value {
                grammar::Val::Absolute(v) => (Some(v), None, None),
                grammar::Val::Relative(v) => (Some(v), None, anchor),
                grammar::Val::NoAnchor => (None, Some(NO_ANCHOR.to_string()), None),
                grammar::Val::Anaphoric { unit, offset, part } => match antecedent(&found, unit, offset) {
                    Some((value, date)) => {
                        let value = match part {
                            Some(p) => format!("{value}T{}", p.code()),
                            None => value,
                        };
                        (Some(value), None, date)
                    }
                    None => (None, Some(NO_ANTECEDENT.to_string()), None),
                },
                grammar::Val::InContext(suffix) => {
                    let context = found.get(paragraph_start..).and_then(last_day);
                    match context.or(anchor) {
                        Some(day) => (Some(format!("{day}{suffix}")), None, Some(day)),
                        None if suffix.is_empty() => (None, Some(NO_ANCHOR.to_string()), None),
                        None => (Some(format!("XXXX-XX-XX{suffix}")), None, None),
                    }
                }
            };
            found.push(Timex {
                span,
                text: article.slice(span).to_string(),
                kind: hit.kind,
                value,
                anchor: anchored,
                unresolved,
                weekday_mismatch: hit.mismatch,
                modifier: hit.modifier,
            });
        }
    }
    compare_with_quarters(&mut found);
    found
}

/// In earnings reports `a year ago` and `year-earlier` compare with the
/// quarter under discussion, so they take that quarter's value a year back
/// (`the third quarter` ... `a year earlier` -> `2011-Q3`).
fn compare_with_quarters(found: &mut [Timex]) {
    let mut quarter: Option<(i32, u32)> = None;
    for timex in found.iter_mut() {
        let Some(value) = timex.value.as_deref() else { continue };
        if let Some((y, q)) = value.split_once("-Q") {
            if let (Ok(y), Ok(q)) = (y.parse::<i32>(), q.parse::<u32>()) {
                quarter = Some((y, q));
            }
            continue;
        }
        let year_back = ["a year ago", "a year earlier", "year-earlier", "year-ago"]
            .iter()
            .any(|p| timex.text.eq_ignore_ascii_case(p));
        if let (true, Some((y, q)), Some(anchor)) = (year_back, quarter, timex.anchor) {
            if value == format!("{:04}", anchor.year - 1) {
                timex.value = Some(format!("{:04}-Q{q}", y - 1));
            }
        }
    }
}
