//! Behaviour of the whole detector on self-written news sentences.

use super::*;
use crate::article;
use crate::calendar::CivilDate;

fn run(text: &str, published: Option<&str>) -> Vec<Timex> {
    let date = published.and_then(CivilDate::parse_iso);
    detect(&article::parse(text, date))
}

/// (text, type, value) of every expression found.
fn found(text: &str, published: Option<&str>) -> Vec<(String, TimexType, Option<String>)> {
    run(text, published).into_iter().map(|t| (t.text, t.kind, t.value)).collect()
}

fn one(text: &str, published: Option<&str>) -> (String, TimexType, Option<String>) {
    let all = found(text, published);
    assert_eq!(all.len(), 1, "expected one expression in {text:?}, got {all:?}");
    all.into_iter().next().expect("one")
}

fn date(text: &str, value: &str) -> (String, TimexType, Option<String>) {
    (text.to_string(), TimexType::Date, Some(value.to_string()))
}

#[test]
fn absolute_dates() {
    assert_eq!(
        one("The envoy arrived on January 31st, 2012 in Seoul.", None),
        date("January 31st, 2012", "2012-01-31")
    );
    assert_eq!(one("The deal was signed February 01, 2023.", None), date("February 01, 2023", "2023-02-01"));
    assert_eq!(one("Filed 2023-02-01 by staff.", None), date("2023-02-01", "2023-02-01"));
    assert_eq!(one("He was born 31 January 2012, officials said.", None), date("31 January 2012", "2012-01-31"));
    assert_eq!(one("The treaty was signed in 1953.", None), date("1953", "1953"));
    assert_eq!(one("Prices rose in March 2008 and kept rising.", None), date("March 2008", "2008-03"));
}
