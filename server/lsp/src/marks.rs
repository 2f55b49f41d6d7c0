//! An analysis flattened into marks: what the editor highlights, hovers and
//! jumps from. Quotes are outer marks; speakers, entities and dates are inner
//! marks that never overlap each other.

use byline_core::{Analysis, EntityLabel, Span};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MarkKind {
    Quote,
    Speaker,
    Person,
    Organization,
    Location,
    Date,
}

impl MarkKind {
    /// The index into the semantic token legend.
    pub fn token_type(self) -> u32 {
        match self {
            MarkKind::Quote => 0,
            MarkKind::Speaker => 1,
            MarkKind::Person => 2,
            MarkKind::Organization => 3,
            MarkKind::Location => 4,
            MarkKind::Date => 5,
        }
    }

    pub fn of_label(label: EntityLabel) -> MarkKind {
        match label {
            EntityLabel::Person => MarkKind::Person,
            EntityLabel::Organization => MarkKind::Organization,
            EntityLabel::Location => MarkKind::Location,
        }
    }
}

/// Where a mark came from in the analysis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Quote(usize),
    /// The speaker mention of quote `n`.
    Speaker(usize),
    Entity(usize),
    Date(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mark {
    pub span: Span,
    pub kind: MarkKind,
    /// A quote nobody is credited with, a date without a value.
    pub unresolved: bool,
    pub source: Source,
}

impl Mark {
    /// The entity name this mark refers to, for entity and speaker marks.
    pub fn entity_name<'a>(&self, analysis: &'a Analysis) -> Option<&'a str> {
        match self.source {
            Source::Entity(i) => analysis.entities.get(i).map(|e| {
                if e.canonical.trim().is_empty() {
                    e.text.as_str()
                } else {
                    e.canonical.as_str()
                }
            }),
            Source::Speaker(i) => analysis.quotes.get(i)?.speaker.as_ref().map(|s| s.speaker.as_str()),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Marks {
    /// Quotes in text order.
    pub outer: Vec<Mark>,
    /// Speakers, entities and dates in text order, without overlaps.
    pub inner: Vec<Mark>,
}

impl Marks {
    pub fn of(analysis: &Analysis) -> Marks {
        let mut outer: Vec<Mark> = analysis
            .quotes
            .iter()
            .enumerate()
            .filter(|(_, q)| !q.span.is_empty())
            .map(|(i, q)| Mark {
                span: q.span,
                kind: MarkKind::Quote,
                unresolved: q.speaker.is_none(),
                source: Source::Quote(i),
            })
            .collect();
        outer.sort_by_key(|m| m.span);
        let mut candidates: Vec<(u8, Mark)> = Vec::new();
        for (i, quote) in analysis.quotes.iter().enumerate() {
            if let Some(speaker) = &quote.speaker {
                let mark = Mark {
                    span: speaker.mention,
                    kind: MarkKind::Speaker,
                    unresolved: false,
                    source: Source::Speaker(i),
                };
                candidates.push((0, mark));
            }
        }
        for (i, entity) in analysis.entities.iter().enumerate() {
            let kind = MarkKind::of_label(entity.label);
            candidates.push((1, Mark { span: entity.span, kind, unresolved: false, source: Source::Entity(i) }));
        }
        for (i, date) in analysis.dates.iter().enumerate() {
            let mark = Mark {
                span: date.span,
                kind: MarkKind::Date,
                unresolved: date.value.is_none(),
                source: Source::Date(i),
            };
            candidates.push((2, mark));
        }
        candidates.retain(|(_, m)| !m.span.is_empty());
        // At one place a speaker wins over the entity it names; among
        // overlapping marks the earliest (then longest) wins.
        candidates.sort_by(|(pa, a), (pb, b)| {
            a.span.start.cmp(&b.span.start).then(b.span.end.cmp(&a.span.end)).then(pa.cmp(pb))
        });
        let mut inner: Vec<Mark> = Vec::with_capacity(candidates.len());
        for (_, mark) in candidates {
            if inner.last().is_none_or(|last| last.span.end <= mark.span.start) {
                inner.push(mark);
            }
        }
        outer.dedup_by(|b, a| a.span.overlaps(b.span));
        Marks { outer, inner }
    }

    /// The most specific mark at a byte offset: an inner mark, else a quote.
    /// An offset just past a mark's end still counts (the cursor after a word).
    pub fn at(&self, offset: usize) -> Option<Mark> {
        let hit = |marks: &[Mark]| {
            let i = marks.partition_point(|m| m.span.end < offset);
            marks[i..].iter().take(2).find(|m| m.span.start <= offset && offset <= m.span.end).copied()
        };
        hit(&self.inner).or_else(|| hit(&self.outer))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use byline_core::speakers::Attribution;
    use byline_core::{EntityMention, Quote, QuoteStyle, SpeakerKind};

    /// A closed straight quotation credited to `speaker` (only the fields the
    /// index reads matter here).
    fn quoted(span: Span, speaker: Attribution) -> Quote {
        Quote {
            span,
            content: Span::new(span.start + 1, span.end.saturating_sub(1)),
            fragments: vec![span],
            style: QuoteStyle::Straight,
            closed: true,
            partial: false,
            kind: byline_core::QuoteKind::Direct,
            paragraphs: 1,
            speaker: Some(speaker),
        }
    }

    fn span(text: &str, needle: &str) -> Span {
        let start = text.find(needle).expect("needle");
        Span::new(start, start + needle.len())
    }

    #[test]
    fn speaker_wins_over_its_entity_and_inner_marks_do_not_overlap() {
        let text = "\"We will go to Oslo,\" said Mayor Lena Berg.";
        let mut analysis = byline_core::analyze(text, &Default::default());
        let person = |s: &str| EntityMention {
            span: span(text, s),
            text: s.into(),
            label: EntityLabel::Person,
            canonical: "Lena Berg".into(),
            title: None,
            entity: None,
            candidates: Vec::new(),
            variant_of: None,
        };
        analysis.entities = vec![
            EntityMention { label: EntityLabel::Location, canonical: "Oslo".into(), ..person("Oslo") },
            person("Lena Berg"),
            person("Berg"),
        ];
        let quote = span(text, "\"We will go to Oslo,\"");
        analysis.quotes = vec![quoted(
            quote,
            Attribution {
                mention: span(text, "Lena Berg"),
                mention_text: "Lena Berg".into(),
                cue: Some(span(text, "said")),
                cue_text: Some("said".into()),
                speaker: "Lena Berg".into(),
                kind: SpeakerKind::Name,
            },
        )];
        let marks = Marks::of(&analysis);
        let kinds: Vec<MarkKind> = marks.inner.iter().map(|m| m.kind).collect();
        assert_eq!(kinds, [MarkKind::Location, MarkKind::Speaker]);
        assert_eq!(marks.outer.len(), 1);
        assert_eq!(marks.at(text.find("Oslo").unwrap() + 1).map(|m| m.kind), Some(MarkKind::Location));
        assert_eq!(marks.at(3).map(|m| m.kind), Some(MarkKind::Quote));
        assert_eq!(marks.at(text.len() - 1).map(|m| m.kind), Some(MarkKind::Speaker), "cursor right after the name");
        assert_eq!(marks.inner[1].entity_name(&analysis), Some("Lena Berg"));
    }
}
