//! What the report needs from one article, read from one output line of
//! `byline annotate --jsonl`. Both sources go through here: `--from` reads
//! the lines a cluster wrote, and a corpus folder's articles are analysed
//! and turned into the same line first, so the two give the same numbers.
//!
//! Entities are keyed as `byline entities` keys them: a registry id when
//! the mention is linked, else the folded canonical name; an ambiguous
//! mention is nobody's. A quote counts for the entity its speaker mention
//! is, else the entity whose name the speaker resolves to.

use byline_core::dates::TimexType;
use byline_core::{Analysis, CivilDate};
use byline_corpus::index::normalize_name;
use serde::Deserialize;
use serde_json::Value;
use std::collections::HashMap;

/// What a corpus entity is counted under (as in `byline entities`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Key {
    Registered(String),
    Unregistered(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuoteKind {
    Direct,
    /// A quotation embedded in the reporter's sentence (`called it "a disgrace"`).
    Mixed,
    /// Reported speech without quotation marks.
    Reported,
}

impl QuoteKind {
    pub const ALL: [QuoteKind; 3] = [QuoteKind::Direct, QuoteKind::Mixed, QuoteKind::Reported];

    pub fn index(self) -> usize {
        self as usize
    }

    pub fn name(self) -> &'static str {
        match self {
            QuoteKind::Direct => "direct",
            QuoteKind::Mixed => "mixed",
            QuoteKind::Reported => "reported",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct EntityFacts {
    pub key: Key,
    /// `person`, `organization`, `place` (or the label as written).
    pub kinds: Vec<&'static str>,
    /// The canonical name of each mention.
    pub names: Vec<String>,
    pub mentions: usize,
    pub quotes: usize,
    pub gender: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct QuoteFacts {
    /// Index into the article's entities.
    pub speaker: Option<usize>,
    pub kind: QuoteKind,
    pub words: usize,
    pub gender: Option<String>,
}

/// The checker's view of an article (a corpus folder only; `--from` lines
/// carry no findings).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CheckFacts {
    /// The rule of each problem found in the article or its `.ann`.
    pub problems: Vec<&'static str>,
    pub annotated: bool,
    pub marks_confirmed: usize,
    pub marks_contradicted: usize,
    pub marks_total: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ArticleFacts {
    pub id: String,
    /// The article's file, for the table's link.
    pub path: Option<std::path::PathBuf>,
    pub title: Option<String>,
    pub date: Option<CivilDate>,
    pub entities: Vec<EntityFacts>,
    pub quotes: Vec<QuoteFacts>,
    pub ambiguous_mentions: usize,
    /// The months (`(year, month)`) that the article's DATE expressions name,
    /// one per expression that names a month or a day.
    pub months_mentioned: Vec<(i32, u32)>,
    pub check: Option<CheckFacts>,
}

#[derive(Deserialize)]
struct Line {
    id: Value,
    #[serde(default)]
    dct: Option<String>,
    #[serde(default)]
    quotes: Vec<QuoteIn>,
    #[serde(default)]
    entities: Vec<EntityIn>,
    #[serde(default)]
    timex: Vec<TimexIn>,
}

#[derive(Deserialize)]
struct QuoteIn {
    #[serde(default)]
    direct: Option<bool>,
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    speaker: Option<String>,
    #[serde(default)]
    speaker_start: Option<usize>,
    #[serde(default)]
    speaker_end: Option<usize>,
    #[serde(default)]
    words: Option<usize>,
    #[serde(default)]
    gender: Option<String>,
    #[serde(default)]
    speaker_gender: Option<String>,
}

#[derive(Deserialize)]
struct EntityIn {
    start: usize,
    end: usize,
    label: String,
    #[serde(default)]
    entity: Option<String>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    candidates: Vec<String>,
    #[serde(default)]
    gender: Option<String>,
}

#[derive(Deserialize)]
struct TimexIn {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    value: Option<String>,
}

/// One entity mention as the report reads it, from a JSONL line or
/// straight from an analysis. Offsets only need to agree with the quotes'
/// speaker offsets (code points in JSONL, bytes from an analysis).
struct Mention<'a> {
    span: (usize, usize),
    label: &'a str,
    /// The registry id or canonical name (JSONL's `entity`).
    entity: Option<&'a str>,
    name: Option<&'a str>,
    ambiguous: bool,
    gender: Option<&'a str>,
}

struct Said<'a> {
    kind: QuoteKind,
    speaker: Option<&'a str>,
    speaker_span: Option<(usize, usize)>,
    words: usize,
    gender: Option<&'a str>,
}

/// Reads one output line of `byline annotate --jsonl`.
pub fn from_line(line: &str) -> Result<ArticleFacts, String> {
    let line: Line =
        serde_json::from_str(line).map_err(|e| format!("expected an annotate --jsonl output line: {e}"))?;
    let id = match &line.id {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let date = line.dct.as_deref().and_then(CivilDate::parse_iso);
    let mentions = line.entities.iter().map(|m| Mention {
        span: (m.start, m.end),
        label: &m.label,
        entity: m.entity.as_deref(),
        name: m.name.as_deref(),
        ambiguous: !m.candidates.is_empty(),
        gender: m.gender.as_deref(),
    });
    let said = line.quotes.iter().map(|q| Said {
        kind: match q.kind.as_deref() {
            Some("reported") => QuoteKind::Reported,
            Some("mixed") => QuoteKind::Mixed,
            Some(_) => QuoteKind::Direct,
            // Before reported speech, `direct: false` meant a mixed quotation.
            None if q.direct == Some(false) => QuoteKind::Mixed,
            None => QuoteKind::Direct,
        },
        speaker: q.speaker.as_deref(),
        speaker_span: q.speaker_start.zip(q.speaker_end),
        words: q.words.unwrap_or(0),
        gender: q.speaker_gender.as_deref().or(q.gender.as_deref()),
    });
    let months = line.timex.iter().filter(|t| t.kind == "DATE").filter_map(|t| month_of(t.value.as_deref()?)).collect();
    Ok(build(id, date, mentions, said, months))
}

/// The same facts straight from an analysis, as [`from_line`] reads them
/// from the line `byline annotate --jsonl` writes for it: a folder report
/// skips writing and parsing JSON (it cost a fifth of the report's time).
pub fn from_analysis(id: String, text: &str, analysis: &Analysis) -> ArticleFacts {
    let date = analysis.publication_date.as_ref().map(|d| d.date);
    let mentions = analysis.entities.iter().map(|e| Mention {
        span: (e.span.start, e.span.end),
        label: e.label.code(),
        entity: Some(e.entity.as_deref().unwrap_or(&e.canonical)),
        name: Some(&e.canonical),
        ambiguous: !e.candidates.is_empty(),
        gender: None,
    });
    let said = analysis.quotes.iter().map(|q| {
        let attribution = q.speaker.as_ref();
        Said {
            kind: match q.kind.as_str() {
                "reported" => QuoteKind::Reported,
                "mixed" => QuoteKind::Mixed,
                _ => QuoteKind::Direct,
            },
            speaker: attribution.map(|a| a.speaker.as_str()),
            speaker_span: attribution.map(|a| (a.mention.start, a.mention.end)),
            words: crate::jsonl::quoted_words(text, q),
            gender: None,
        }
    });
    let months = analysis
        .dates
        .iter()
        .filter(|t| t.kind == TimexType::Date)
        .filter_map(|t| month_of(t.value.as_deref()?))
        .collect();
    build(id, date, mentions, said, months)
}

fn build<'a>(
    id: String,
    date: Option<CivilDate>,
    mentions: impl Iterator<Item = Mention<'a>>,
    said: impl Iterator<Item = Said<'a>>,
    months_mentioned: Vec<(i32, u32)>,
) -> ArticleFacts {
    let mut facts = ArticleFacts {
        id,
        path: None,
        title: None,
        date,
        entities: Vec::new(),
        quotes: Vec::new(),
        ambiguous_mentions: 0,
        months_mentioned,
        check: None,
    };
    let mut by_key: HashMap<Key, usize> = HashMap::new();
    let mut at_span: HashMap<(usize, usize), usize> = HashMap::new();
    let mut by_name: HashMap<String, usize> = HashMap::new();
    for mention in mentions {
        let canonical = mention.name.or(mention.entity).unwrap_or("");
        let key = match (mention.entity, mention.name) {
            (Some(entity), Some(name)) if entity != name => Key::Registered(entity.to_string()),
            _ if mention.ambiguous => {
                facts.ambiguous_mentions += 1;
                continue;
            }
            _ => {
                let folded = normalize_name(canonical);
                if folded.is_empty() {
                    continue;
                }
                Key::Unregistered(folded)
            }
        };
        let index = *by_key.entry(key.clone()).or_insert_with(|| {
            facts.entities.push(EntityFacts {
                key,
                kinds: Vec::new(),
                names: Vec::new(),
                mentions: 0,
                quotes: 0,
                gender: None,
            });
            facts.entities.len() - 1
        });
        let entity = &mut facts.entities[index];
        entity.mentions += 1;
        entity.kinds.push(kind_name(mention.label));
        entity.names.push(canonical.trim().to_string());
        if entity.gender.is_none() {
            entity.gender = known_gender(mention.gender);
        }
        at_span.insert(mention.span, index);
        by_name.entry(normalize_name(canonical)).or_insert(index);
    }
    for quote in said {
        let speaker = quote.speaker.and_then(|name| {
            quote
                .speaker_span
                .and_then(|span| at_span.get(&span))
                .or_else(|| by_name.get(&normalize_name(name)))
                .copied()
        });
        let gender = known_gender(quote.gender);
        if let Some(index) = speaker {
            let entity = &mut facts.entities[index];
            entity.quotes += 1;
            if entity.gender.is_none() {
                entity.gender.clone_from(&gender);
            }
        }
        facts.quotes.push(QuoteFacts { speaker, kind: quote.kind, words: quote.words, gender });
    }
    // A speaker's gender may be known from one quote and not another:
    // every quote of the entity takes what the article knows.
    for quote in &mut facts.quotes {
        if let (None, Some(index)) = (&quote.gender, quote.speaker) {
            quote.gender.clone_from(&facts.entities[index].gender);
        }
    }
    facts
}

fn kind_name(label: &str) -> &'static str {
    match label {
        "PER" => "person",
        "ORG" => "organization",
        "LOC" => "place",
        _ => "other",
    }
}

/// A gender as the output gives it; `unknown` and empty are not knowledge.
fn known_gender(gender: Option<&str>) -> Option<String> {
    let gender = gender?.trim().to_lowercase();
    (!gender.is_empty() && gender != "unknown").then_some(gender)
}

/// `2012-01-31`, `2012-01`, `2012-01-31T10:00` name a month; `2012`,
/// `2012-W05`, `PRESENT_REF`, `XXXX-01-31` do not.
fn month_of(value: &str) -> Option<(i32, u32)> {
    let bytes = value.as_bytes();
    if bytes.len() < 7 || bytes[4] != b'-' || !bytes[..4].iter().all(u8::is_ascii_digit) {
        return None;
    }
    let year: i32 = value[..4].parse().ok()?;
    let month: u32 = value.get(5..7)?.parse().ok()?;
    (1..=12).contains(&month).then_some((year, month))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities_are_keyed_as_byline_entities_keys_them() {
        let line = r#"{"id": "a", "dct": "2024-03-04", "entities": [
            {"start": 0, "end": 13, "label": "PER", "entity": "kurt-campbell", "name": "Kurt Campbell"},
            {"start": 20, "end": 28, "label": "PER", "entity": "Ana Silva", "name": "Ana Silva"},
            {"start": 40, "end": 45, "label": "PER", "entity": "Ana Silva", "name": "Ana Silva", "gender": "female"},
            {"start": 50, "end": 53, "label": "PER", "entity": "Kim", "name": "Kim", "candidates": ["Kim A", "Kim B"]}],
          "quotes": [
            {"start": 60, "end": 80, "direct": true, "speaker": "Ana Silva", "speaker_start": 40, "speaker_end": 45, "words": 4},
            {"start": 90, "end": 99, "direct": false, "speaker": "Kurt Campbell", "speaker_start": 100, "speaker_end": 104, "words": 2},
            {"start": 110, "end": 120, "direct": false, "kind": "reported", "words": 3}],
          "timex": [{"start": 1, "end": 2, "type": "DATE", "value": "2024-02-28"},
                    {"start": 3, "end": 4, "type": "DATE", "value": "2024"},
                    {"start": 5, "end": 6, "type": "DURATION", "value": "P3D"}]}"#;
        let facts = from_line(&line.replace('\n', " ")).unwrap();
        assert_eq!(facts.date, CivilDate::new(2024, 3, 4));
        assert_eq!(facts.ambiguous_mentions, 1);
        let keys: Vec<&Key> = facts.entities.iter().map(|e| &e.key).collect();
        assert_eq!(keys, [&Key::Registered("kurt-campbell".into()), &Key::Unregistered("ana silva".into())]);
        let silva = &facts.entities[1];
        assert_eq!((silva.mentions, silva.quotes, silva.gender.as_deref()), (2, 1, Some("female")));
        // Campbell's quote names him by a mention that is not an entity span: found by name.
        assert_eq!(facts.entities[0].quotes, 1);
        let kinds: Vec<QuoteKind> = facts.quotes.iter().map(|q| q.kind).collect();
        assert_eq!(kinds, [QuoteKind::Direct, QuoteKind::Mixed, QuoteKind::Reported]);
        assert_eq!(facts.quotes[0].gender.as_deref(), Some("female"));
        assert_eq!(facts.quotes[2].speaker, None);
        assert_eq!(facts.months_mentioned, [(2024, 2)]);
    }

    #[test]
    fn an_analysis_gives_the_facts_its_jsonl_line_gives() {
        let text = "Kurt Campbell, the U.S. envoy, said on Tuesday that Seoul would \"wait and see\" in January.\n\n\
                    “We welcome it,” Campbell told reporters in Seoul. Kim said little. Kim Gunn met Kim Hwang-sik.\n\n\
                    Café owner José Núñez said prices rose, according to the ministry.\n";
        let analysis = byline_core::analyze(text, &byline_core::AnalyzeOptions::default());
        assert!(analysis.quotes.len() >= 3 && analysis.entities.len() >= 4, "a test with something in it");
        let line = crate::jsonl::to_line(&Value::String("a".into()), text, &analysis).unwrap();
        let mut through_json = from_line(&line).unwrap();
        let direct = from_analysis("a".into(), text, &analysis);
        // Spans differ in unit (code points against bytes) but not in what they find.
        through_json.id = direct.id.clone();
        assert_eq!(direct, through_json);
    }

    #[test]
    fn unknown_gender_is_no_gender_and_bad_lines_say_what_was_expected() {
        assert_eq!(known_gender(Some("Unknown")), None);
        assert_eq!(known_gender(Some("Female")).as_deref(), Some("female"));
        assert!(from_line("{\"text\": 1}").unwrap_err().contains("annotate --jsonl output"));
    }
}
