//! The problems an article's marks reveal, with stable codes shared by
//! `byline check` and the language server.

use crate::article::{Article, DebrisKind};
use crate::dates::Timex;
use crate::quotes::QuoteScan;
use crate::span::Span;
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

    /// What a corpus without a `byline.toml` gets. Nothing is an error by
    /// default: an article's own text is evidence, not a mistake to fail CI on,
    /// until the corpus says so. `None`: off unless the corpus turns it on.
    pub fn default_severity(self) -> Option<Severity> {
        match self {
            ProblemCode::UnbalancedQuote
            | ProblemCode::WeekdayMismatch
            | ProblemCode::FrontMatter
            | ProblemCode::EntityVariant
            | ProblemCode::AmbiguousMention => Some(Severity::Warning),
            ProblemCode::UnattributedQuote
            | ProblemCode::UnresolvedDate
            | ProblemCode::Boilerplate
            | ProblemCode::DuplicateParagraph => Some(Severity::Info),
            ProblemCode::UnregisteredEntity => None,
        }
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

pub fn collect(article: &Article, quotes: &QuoteScan, dates: &[Timex]) -> Vec<Problem> {
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
    problems.sort_by_key(|p| (p.span.start, p.code));
    problems
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
