//! The problems an article's marks reveal, with stable codes shared by
//! `byline check` and the language server.

use crate::article::{Article, DebrisKind};
use crate::dates::Timex;
use crate::entities::{EntityLabel, EntityMention};
use crate::quotes::QuoteScan;
use crate::span::Span;
use rustc_hash::FxHashSet;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Hint,
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Hint => "hint",
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProblemCode {
    UnbalancedQuote,
    UnattributedQuote,
    UnresolvedDate,
    WeekdayMismatch,
    Boilerplate,
    DuplicateParagraph,
    FrontMatter,
    /// A near spelling of a registry name (`Kim Jong-un` for `Kim Jong Un`).
    EntityVariant,
    /// A name that could be several registry entries or several people the
    /// article names (`Kim` after Kim Jong Un and Kim Yo Jong).
    AmbiguousMention,
    /// A person or organisation the registry does not list (for corpora that
    /// keep a strict registry; off by default).
    UnregisteredEntity,
}

impl ProblemCode {
    pub const ALL: [ProblemCode; 10] = [
        ProblemCode::UnbalancedQuote,
        ProblemCode::UnattributedQuote,
        ProblemCode::UnresolvedDate,
        ProblemCode::WeekdayMismatch,
        ProblemCode::Boilerplate,
        ProblemCode::DuplicateParagraph,
        ProblemCode::FrontMatter,
        ProblemCode::EntityVariant,
        ProblemCode::AmbiguousMention,
        ProblemCode::UnregisteredEntity,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ProblemCode::UnbalancedQuote => "unbalanced-quote",
            ProblemCode::UnattributedQuote => "unattributed-quote",
            ProblemCode::UnresolvedDate => "unresolved-date",
            ProblemCode::WeekdayMismatch => "weekday-mismatch",
            ProblemCode::Boilerplate => "boilerplate",
            ProblemCode::DuplicateParagraph => "duplicate-paragraph",
            ProblemCode::FrontMatter => "front-matter",
            ProblemCode::EntityVariant => "entity-variant",
            ProblemCode::AmbiguousMention => "ambiguous-mention",
            ProblemCode::UnregisteredEntity => "unregistered-entity",
        }
    }

    pub fn parse(s: &str) -> Option<ProblemCode> {
        ProblemCode::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// What a corpus without a `byline.toml` gets, from the one list of
    /// rules ([`crate::rules`]). `None`: off unless the corpus turns it on.
    pub fn default_severity(self) -> Option<Severity> {
        crate::rules::find(self.as_str()).and_then(|r| r.default_level)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Problem {
    pub code: ProblemCode,
    pub span: Span,
    pub message: String,
    /// Another place the message refers to (the first copy of a duplicate).
    pub related: Option<Span>,
}

/// The problems of an article's layout, quotes and dates (no entity
/// problems; [`collect_with_entities`] has them all).
pub fn collect(article: &Article, quotes: &QuoteScan, dates: &[Timex]) -> Vec<Problem> {
    collect_with_entities(article, quotes, dates, &[], false)
}

/// Every problem of one article. `registry_in_use`: the gazetteer holds a
/// corpus registry, so names it lacks can be reported as unregistered.
pub fn collect_with_entities(
    article: &Article,
    quotes: &QuoteScan,
    dates: &[Timex],
    entities: &[EntityMention],
    registry_in_use: bool,
) -> Vec<Problem> {
    let mut problems = Vec::new();
    for (span, expected) in &article.metadata.errors {
        problems.push(Problem {
            code: ProblemCode::FrontMatter,
            span: *span,
            message: format!("front matter: expected {expected}"),
            related: None,
        });
    }
    for p in &article.paragraphs {
        match p.debris {
            Some(DebrisKind::Boilerplate) => problems.push(Problem {
                code: ProblemCode::Boilerplate,
                span: p.span,
                message: format!("site boilerplate, not article text: `{}`", shorten(article.slice(p.span))),
                related: None,
            }),
            Some(DebrisKind::DuplicateParagraph { first }) => problems.push(Problem {
                code: ProblemCode::DuplicateParagraph,
                span: p.span,
                message: "paragraph repeats an earlier one word for word".to_string(),
                related: Some(first),
            }),
            None => {}
        }
    }
    for mark in &quotes.unbalanced {
        problems.push(Problem {
            code: ProblemCode::UnbalancedQuote,
            span: mark.span,
            message: "quotation mark opens here and is never closed".to_string(),
            related: None,
        });
    }
    for quote in quotes.quotes.iter().filter(|q| q.closed && q.speaker.is_none()) {
        problems.push(Problem {
            code: ProblemCode::UnattributedQuote,
            span: quote.span,
            message: format!("no speaker found for quote `{}`", shorten(article.slice(quote.content))),
            related: None,
        });
    }
    for date in dates {
        if let Some(reason) = &date.unresolved {
            problems.push(Problem {
                code: ProblemCode::UnresolvedDate,
                span: date.span,
                message: format!("`{}` has no value: {reason}", date.text),
                related: None,
            });
        }
        if let Some((written, real)) = date.weekday_mismatch {
            problems.push(Problem {
                code: ProblemCode::WeekdayMismatch,
                span: date.span,
                message: format!(
                    "`{}` does not match its date: {} is a {}, not a {}",
                    date.text,
                    date.value.as_deref().unwrap_or("that date"),
                    real.name(),
                    written.name()
                ),
                related: None,
            });
        }
    }
    entity_problems(entities, registry_in_use, &mut problems);
    problems.sort_by_key(|p| (p.span.start, p.code));
    problems
}

/// How far back an ambiguous mention looks for the candidate mention it
/// points at: enough for any article, bounded for pathological input.
const RELATED_LOOKBACK: usize = 512;

fn entity_problems(entities: &[EntityMention], registry_in_use: bool, problems: &mut Vec<Problem>) {
    let mut unregistered_seen: FxHashSet<&str> = FxHashSet::default();
    for (i, e) in entities.iter().enumerate() {
        if !e.candidates.is_empty() {
            // The candidate named last before the mention is what makes it
            // ambiguous: the place a reader compares with.
            let related = entities[..i]
                .iter()
                .rev()
                .take(RELATED_LOOKBACK)
                .find(|earlier| earlier.candidates.is_empty() && e.candidates.contains(&earlier.canonical))
                .map(|earlier| earlier.span);
            problems.push(Problem {
                code: ProblemCode::AmbiguousMention,
                span: e.span,
                message: format!("`{}` could be {}; name them in full", e.text, either_of(&e.candidates)),
                related,
            });
            continue;
        }
        if let Some(spelling) = &e.variant_of {
            problems.push(Problem {
                code: ProblemCode::EntityVariant,
                span: e.span,
                message: format!("`{}` is written `{spelling}` in the registry", e.text),
                related: None,
            });
        }
        let person_or_org = matches!(e.label, EntityLabel::Person | EntityLabel::Organization);
        if registry_in_use && person_or_org && e.entity.is_none() && unregistered_seen.insert(e.canonical.as_str()) {
            let kind = if e.label == EntityLabel::Person { "person" } else { "organisation" };
            problems.push(Problem {
                code: ProblemCode::UnregisteredEntity,
                span: e.span,
                message: format!("{kind} `{}` is not in the registry", e.canonical),
                related: None,
            });
        }
    }
}

/// `A or B`, `A, B or C`; a long list ends in `or N others`.
fn either_of(names: &[String]) -> String {
    const LISTED: usize = 5;
    match names {
        [] => String::new(),
        [only] => only.clone(),
        _ if names.len() > LISTED + 1 => {
            format!("{} or {} others", names[..LISTED].join(", "), names.len() - LISTED)
        }
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// The first words of a long passage, for a one-line message.
fn shorten(s: &str) -> String {
    const MAX: usize = 60;
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() <= MAX {
        return s;
    }
    let cut: String = s.chars().take(MAX).collect();
    format!("{}…", cut.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{analyze, AnalyzeOptions, Gazetteer, GazetteerEntry};
    use std::sync::Arc;

    fn with_registry(entries: Vec<GazetteerEntry>) -> AnalyzeOptions {
        let mut gazetteer = Gazetteer::builtin().clone();
        gazetteer.extend(entries);
        AnalyzeOptions { gazetteer: Some(Arc::new(gazetteer)), ..AnalyzeOptions::default() }
    }

    fn of_code(problems: &[Problem], code: ProblemCode) -> Vec<&Problem> {
        problems.iter().filter(|p| p.code == code).collect()
    }

    #[test]
    fn either_of_lists_names_like_a_sentence() {
        let names = |n: &[&str]| n.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(either_of(&names(&["A", "B"])), "A or B");
        assert_eq!(either_of(&names(&["A", "B", "C"])), "A, B or C");
        assert_eq!(either_of(&names(&["A", "B", "C", "D", "E", "F"])), "A, B, C, D, E or F");
        assert_eq!(either_of(&names(&["A", "B", "C", "D", "E", "F", "G"])), "A, B, C, D, E or 2 others");
    }

    #[test]
    fn ambiguous_surname_is_reported_with_the_last_candidate_as_related() {
        let text = "Daniel Abara, the mayor, met his cousin Delia Abara on Friday.\n\n\
                    Both want a new bridge.\n\nAbara said the bridge was overdue.";
        let analysis = analyze(text, &AnalyzeOptions::default());
        let found = of_code(&analysis.problems, ProblemCode::AmbiguousMention);
        assert_eq!(found.len(), 1, "{:?}", analysis.problems);
        assert_eq!(found[0].message, "`Abara` could be Daniel Abara or Delia Abara; name them in full");
        assert_eq!(found[0].span.slice(text), "Abara");
        assert_eq!(found[0].related.map(|r| r.slice(text)), Some("Delia Abara"));
        assert_eq!(found[0].related.map(|r| r.start), text.find("Delia Abara"));
    }

    #[test]
    fn variant_spelling_of_a_registry_name_is_reported() {
        let options = with_registry(vec![GazetteerEntry::new("Tomasz Wolański", EntityLabel::Person).with_id("tw")]);
        let text = "Tomasz Wolanski, the port's director, said cargo volumes rose.";
        let analysis = analyze(text, &options);
        let found = of_code(&analysis.problems, ProblemCode::EntityVariant);
        assert_eq!(found.len(), 1, "{:?}", analysis.entities);
        assert_eq!(found[0].message, "`Tomasz Wolanski` is written `Tomasz Wolański` in the registry");
    }

    #[test]
    fn unregistered_people_and_organisations_are_reported_once_only_with_a_registry() {
        let text = "Laura Whitfield joined Hanbit Steel Corp. in May.\n\nWhitfield said the plan was sound. \
                    Lisbon was calm.";
        let without = analyze(text, &AnalyzeOptions::default());
        assert!(of_code(&without.problems, ProblemCode::UnregisteredEntity).is_empty());
        let options =
            with_registry(vec![GazetteerEntry::new("Hanbit Steel Corp.", EntityLabel::Organization).with_id("hanbit")]);
        let analysis = analyze(text, &options);
        let found = of_code(&analysis.problems, ProblemCode::UnregisteredEntity);
        let messages: Vec<&str> = found.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(messages, ["person `Laura Whitfield` is not in the registry"], "{:?}", analysis.entities);
        assert_eq!(found[0].span.start, 0);
        assert_eq!(ProblemCode::UnregisteredEntity.default_severity(), None);
    }
}
