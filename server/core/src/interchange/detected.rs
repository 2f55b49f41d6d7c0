//! Byline's detected marks as brat annotations, for exporting a corpus that
//! nobody has annotated yet (`byline export --detected`) and for seeding an
//! annotator's `.ann`: entities, dates (with their TIMEX3 value), quotes
//! with their speaker (`SaidBy`) and reporting cue (`CueOf`).

use crate::standoff::{labels, AnnFile, CharSpan, OffsetMap, CUE_OF, REGISTRY_DB, SAID_BY, TIMEX_DB};
use crate::{Analysis, EntityLabel, Span};

fn entity_type(label: EntityLabel) -> &'static str {
    match label {
        EntityLabel::Person => labels::PERSON,
        EntityLabel::Organization => labels::ORGANIZATION,
        EntityLabel::Location => labels::LOCATION,
    }
}

pub fn annotations_from(text: &str, analysis: &Analysis) -> AnnFile {
    let map = OffsetMap::new(text);
    let mut ann = AnnFile::default();
    let add = |ann: &mut AnnFile, label: &str, span: Span| -> Option<String> {
        let chars: CharSpan = map.to_chars(span)?;
        Some(ann.add_text_bound(label, vec![chars], span.slice(text)))
    };
    for mention in &analysis.entities {
        if let Some(id) = add(&mut ann, entity_type(mention.label), mention.span) {
            if let Some(entity) = &mention.entity {
                ann.add_normalization(&id, REGISTRY_DB, entity, &mention.canonical);
            }
        }
    }
    for date in &analysis.dates {
        if let Some(id) = add(&mut ann, labels::DATE, date.span) {
            if let Some(value) = &date.value {
                ann.add_normalization(&id, TIMEX_DB, value, &date.text);
            }
        }
    }
    for quote in &analysis.quotes {
        let Some(quote_id) = add(&mut ann, labels::QUOTE, quote.span) else { continue };
        let Some(attribution) = &quote.speaker else { continue };
        if let Some(speaker) = add(&mut ann, labels::SPEAKER, attribution.mention) {
            ann.add_relation(SAID_BY, &quote_id, &speaker);
        }
        if let Some(cue) = attribution.cue.and_then(|span| add(&mut ann, labels::CUE, span)) {
            ann.add_relation(CUE_OF, &cue, &quote_id);
        }
    }
    ann
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{analyze, AnalyzeOptions};

    #[test]
    fn quotes_come_with_speaker_and_cue_and_dates_with_values() {
        let text = "Posted March 4, 2024\n\n\"We will reopen the port,\" Mayor Ana Lima said on Tuesday.\n";
        let analysis = analyze(text, &AnalyzeOptions::default());
        let ann = annotations_from(text, &analysis);
        let kinds: Vec<(&str, &str)> = ann.text_bounds().map(|t| (t.label.as_str(), t.text.as_str())).collect();
        assert!(kinds.contains(&("Quote", "\"We will reopen the port,\"")), "{kinds:?}");
        assert!(kinds.contains(&("Date", "Tuesday")), "{kinds:?}");
        let quote = ann.text_bounds().find(|t| t.label == "Quote").unwrap();
        let speaker = ann.speaker_of(&quote.id).and_then(|id| ann.text_bound(id)).unwrap();
        assert!(speaker.text.ends_with("Lima"), "{}", speaker.text);
        let date = ann.text_bounds().find(|t| t.text == "Tuesday").unwrap();
        assert_eq!(ann.date_value_of(&date.id), Some("2024-02-27"), "past tense: the Tuesday before");
        assert!(ann.relations().any(|r| r.label == CUE_OF), "{}", crate::standoff::write(&ann));
    }
}
