//! Byline's analysis core: an article's text in, its marks out.
//!
//! Everything here is a pure function of the text (plus an optional
//! publication date and entity lexicon). No file system, no async runtime, no
//! protocol types: the corpus layer, the language server and the CLI all call
//! [`analyze`] and convert its byte spans to what they need.
//!
//! The pipeline runs in a fixed order because later stages read earlier ones:
//! the article's layout (front matter, paragraphs, debris) and its tokens
//! (the text layer, [`text`]: tokenised once, read by every detector), then
//! entities, quotes, speakers (which resolve names against the entities), dates
//! (resolved against the publication date) and finally the problems that the
//! checker and the server report.

pub mod article;
pub mod calendar;
pub mod dates;
pub mod entities;
pub mod interchange;
pub mod listing;
pub mod problems;
pub mod quotes;
pub mod registry;
pub mod rules;
pub mod span;
pub mod speakers;
pub mod standoff;
pub mod text;

use serde::Serialize;
use std::sync::Arc;

pub use article::{Article, DebrisKind, Metadata, Paragraph, PublicationDate};
pub use calendar::{CivilDate, Weekday};
pub use dates::{Timex, TimexType};
pub use entities::{EntityLabel, EntityMention, Gazetteer, GazetteerEntry};
pub use problems::{Problem, ProblemCode, Severity};
pub use quotes::{Quote, QuoteKind, QuoteStyle};
pub use registry::{Registry, RegistryEntry, RegistryProblem, RegistrySource};
pub use span::Span;
pub use speakers::{Attribution, SpeakerKind};

/// What the caller knows about an article besides its text.
#[derive(Debug, Clone)]
pub struct AnalyzeOptions {
    /// Publication date from outside the text (an eval file's `dct`); wins over
    /// front matter and the dateline.
    pub publication_date: Option<CivilDate>,
    /// The built-in gazetteer extended with the corpus's entity registry;
    /// `None` uses the built-in lists alone.
    pub gazetteer: Option<Arc<Gazetteer>>,
    /// Find reported speech (`Cho said the talks would resume`) besides
    /// quotations; `[marks] reported = false` turns it off.
    pub reported: bool,
}

impl Default for AnalyzeOptions {
    fn default() -> Self {
        AnalyzeOptions { publication_date: None, gazetteer: None, reported: true }
    }
}

/// Every mark Byline finds in one article. Spans are byte offsets into the
/// full text.
#[derive(Debug, Clone, Serialize)]
pub struct Analysis {
    pub metadata: Metadata,
    pub publication_date: Option<PublicationDate>,
    pub paragraphs: Vec<Paragraph>,
    pub quotes: Vec<Quote>,
    pub dates: Vec<Timex>,
    pub entities: Vec<EntityMention>,
    pub problems: Vec<Problem>,
    /// The gender of each person whose gender the registry or the article
    /// says (or a given name borne almost only by one sex); look up with
    /// [`speakers::Genders::of`] by a mention's canonical name or a speaker.
    pub genders: speakers::Genders,
}

pub fn analyze(text: &str, options: &AnalyzeOptions) -> Analysis {
    let article = article::parse(text, options.publication_date);
    let gazetteer = options.gazetteer.as_deref().unwrap_or_else(|| Gazetteer::builtin());
    let entities = entities::detect_with(&article, gazetteer);
    let mut quote_scan = quotes::detect(&article);
    let genders =
        speakers::attribute_with(&article, &mut quote_scan.quotes, &entities, Some(gazetteer), options.reported);
    let dates = dates::detect(&article);
    let problems = problems::collect_with_entities(&article, &quote_scan, &dates, &entities, gazetteer.has_registry());
    let Article { metadata, publication_date, paragraphs, .. } = article;
    Analysis { metadata, publication_date, paragraphs, quotes: quote_scan.quotes, dates, entities, problems, genders }
}
