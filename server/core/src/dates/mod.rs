//! Temporal expressions as TIMEX3: absolute and relative dates, times,
//! durations and sets, normalised against the publication date.
//!
//! Each content paragraph is tokenised once ([`lexicon`]); a hand-written
//! grammar ([`grammar`]) then tries, at each token that can start a temporal
//! expression, the longest expression it can read there, and [`resolve`]
//! turns it into a TimeML value. Extents follow TimeBank: determiners and
//! modifiers (`the`, `late`, `about`, `ago`) belong to the expression,
//! prepositions (`in`, `for`, `since`) do not.

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
    /// The date a relative expression was resolved against, if it was relative.
    pub anchor: Option<CivilDate>,
    /// Why `value` is missing (`no publication date for a relative date`).
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

/// Finds temporal expressions in the article's non-debris paragraphs, in text
/// order, without overlaps.
pub fn detect(article: &Article) -> Vec<Timex> {
    let anchor = article.publication_date.map(|p| p.date);
    let mut tokens = Vec::new();
    let mut found = Vec::new();
    for paragraph in article.content_paragraphs() {
        let text = article.slice(paragraph.span);
        lexicon::tokenize(text, paragraph.span.start, &mut tokens);
        for hit in grammar::Parser::new(&tokens, article.text, anchor).run() {
            let (Some(first), Some(last)) = (tokens.get(hit.start), tokens.get(hit.end.saturating_sub(1))) else {
                continue;
            };
            let span = Span::new(first.start, last.end);
            let (value, unresolved, anchored) = match hit.value {
                grammar::Val::Absolute(v) => (Some(v), None, None),
                grammar::Val::Relative(v) => (Some(v), None, anchor),
                grammar::Val::NoAnchor => (None, Some(NO_ANCHOR.to_string()), None),
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
    found
}
