//! Attribution: who said each quote, with which cue verb, and which entity
//! that mention resolves to.

use crate::article::Article;
use crate::entities::EntityMention;
use crate::quotes::Quote;
use crate::span::Span;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SpeakerKind {
    /// A full or title-led name: `Assistant Secretary of State Kurt Campbell`.
    Name,
    /// A surname or other short form resolved to a fuller name: `Campbell`.
    ShortName,
    /// `he`, `she`, `they`: resolved to the most recent fitting speaker.
    Pronoun,
    /// A description: `the ambassador`, `a spokesman`, `officials`.
    Description,
    /// An organisation speaking: `South Korea's foreign ministry`.
    Organization,
}

#[derive(Debug, Clone, Serialize)]
pub struct Attribution {
    /// The mention the attribution names (`Campbell`, `he`).
    pub mention: Span,
    pub mention_text: String,
    /// The reporting verb or phrase (`said`, `according to`, `told reporters`).
    pub cue: Option<Span>,
    pub cue_text: Option<String>,
    /// The name the mention resolves to: the fullest name the article uses for
    /// that speaker (`Kurt Campbell`), or the mention itself when nothing fuller
    /// is known.
    pub speaker: String,
    pub kind: SpeakerKind,
}

/// Fills `quote.speaker` for every quote whose attribution can be found.
pub fn attribute(article: &Article, quotes: &mut [Quote], entities: &[EntityMention]) {
    let _ = (article, quotes, entities);
}
