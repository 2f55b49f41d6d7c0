//! What the editor shows for a document: diagnostics, hover cards, the
//! outline, inlay hints and the entity card the plugins ask for. Pure
//! functions of a document snapshot, its analysis and the index; the
//! protocol plumbing lives in `server.rs`.

use crate::marks::{Mark, MarkKind, Marks, Source};
use crate::position::{point_range, range_of, Encoding};
use crate::registry::{self, RegistryState};
use byline_core::registry::RegistryEntry;
use byline_core::{Analysis, CivilDate, EntityLabel, EntityMention, Span, SpeakerKind};
use byline_corpus::index::{EntityId, Index, Mention};
use ropey::Rope;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;
use tower_lsp_server::ls_types::{
    DocumentSymbol, InlayHint, InlayHintLabel, Location, Position, Range, SymbolInformation, SymbolKind, Uri,
};

/// One document at one version, with everything needed to answer about it.
pub struct View<'a> {
    pub uri: &'a Uri,
    pub rope: &'a Rope,
    pub text: &'a str,
    pub analysis: &'a Analysis,
    pub marks: &'a Marks,
    pub encoding: Encoding,
    /// The registry of the document's corpus (empty outside every corpus).
    pub registry: &'a RegistryState,
}

impl View<'_> {
    fn range(&self, span: Span) -> Range {
        range_of(self.rope, span.start, span.end, self.encoding)
    }
    fn slice(&self, span: Span) -> &str {
        span.slice(self.text)
    }
}

pub fn label_name(label: EntityLabel) -> &'static str {
    match label {
        EntityLabel::Person => "person",
        EntityLabel::Organization => "organization",
        EntityLabel::Location => "location",
    }
}

fn label_title(label: EntityLabel) -> &'static str {
    match label {
        EntityLabel::Person => "Person",
        EntityLabel::Organization => "Organization",
        EntityLabel::Location => "Location",
    }
}

/// Marks beyond this many per document are not published as diagnostics: a
/// client chokes on a 20 MB article's 700,000 hints, and nobody reads them.
pub const MAX_MARK_DIAGNOSTICS: usize = 5_000;

/// Every detected mark with what a diagnostic says of it (for
/// `marks.diagnostics`), at most [`MAX_MARK_DIAGNOSTICS`].
pub fn mark_messages(analysis: &Analysis) -> Vec<(Span, String)> {
    let mut out = Vec::new();
    for quote in &analysis.quotes {
        out.push((quote.span, quote_summary(quote)));
        if let Some(speaker) = &quote.speaker {
            let message = if speaker.mention_text == speaker.speaker {
                format!("Speaker: {}", speaker.speaker)
            } else {
                format!("Speaker: {} = {}", speaker.mention_text, speaker.speaker)
            };
            out.push((speaker.mention, message));
        }
        if out.len() >= MAX_MARK_DIAGNOSTICS {
            break;
        }
    }
    for date in &analysis.dates {
        let message = match (&date.value, &date.unresolved) {
            (Some(value), _) => format!("Date: {} = {}", date.text, value),
            (None, Some(why)) => format!("Date: {} (unresolved: {})", date.text, why),
            (None, None) => format!("Date: {} (unresolved)", date.text),
        };
        out.push((date.span, message));
        if out.len() >= MAX_MARK_DIAGNOSTICS {
            break;
        }
    }
    for entity in &analysis.entities {
        let name = if entity.canonical.trim().is_empty() { &entity.text } else { &entity.canonical };
        out.push((entity.span, format!("{}: {}", label_title(entity.label), name)));
        if out.len() >= MAX_MARK_DIAGNOSTICS {
            break;
        }
    }
    out.truncate(MAX_MARK_DIAGNOSTICS);
    out
}

fn quote_summary(quote: &byline_core::Quote) -> String {
    let what = quote_title(quote);
    match &quote.speaker {
        Some(s) => match &s.cue_text {
            Some(cue) => format!("{what} by {} ({})", s.speaker, cue),
            None => format!("{what} by {}", s.speaker),
        },
        None => format!("{what} (no speaker found)"),
    }
}

/// `Quote`, `Reported speech`, `Mixed speech`: what kind of quote a mark is.
fn quote_title(quote: &byline_core::Quote) -> &'static str {
    match quote.kind {
        byline_core::QuoteKind::Direct => "Quote",
        byline_core::QuoteKind::Reported => "Reported speech",
        byline_core::QuoteKind::Mixed => "Mixed speech",
    }
}

/// How an entity at the cursor is known: from the index when it has it,
/// else from this document alone (before indexing reaches it).
#[derive(Debug, Clone, Serialize)]
pub struct EntityCard {
    pub name: String,
    pub kind: &'static str,
    pub mentions: usize,
    pub articles: usize,
    pub quotes: usize,
    pub definition: Option<Location>,
    pub markdown: String,
}

pub fn mention_location(index: &Index, mention: &Mention, encoding: Encoding) -> Option<Location> {
    let path = index.article_path(mention.article)?;
    Some(Location::new(Uri::from_file_path(path)?, point_range(mention.range, encoding)))
}

/// Locations of many mentions: each article's URI is built once, not once
/// per mention (an entity may be named 100,000 times across the corpus).
pub fn mention_locations(index: &Index, mentions: &[&Mention], encoding: Encoding) -> Vec<Location> {
    let mut uris: std::collections::HashMap<byline_corpus::index::ArticleId, Option<Uri>> = Default::default();
    mentions
        .iter()
        .filter_map(|m| {
            let uri = uris
                .entry(m.article)
                .or_insert_with(|| index.article_path(m.article).and_then(Uri::from_file_path))
                .clone()?;
            Some(Location::new(uri, point_range(m.range, encoding)))
        })
        .collect()
}

fn file_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| path.display().to_string())
}

/// The detected name a mark stands on: an entity mark's own mention, or for
/// a speaker the mention at the same place (none for a pronoun).
pub fn mention_of<'a>(view: &View<'a>, mark: &Mark) -> Option<&'a EntityMention> {
    let entities = &view.analysis.entities;
    match mark.source {
        Source::Entity(i) => entities.get(i),
        Source::Speaker(_) => {
            // Entities are in text order and do not overlap.
            let i = entities.partition_point(|e| e.span.start < mark.span.start);
            entities.get(i).filter(|e| e.span == mark.span)
        }
        _ => None,
    }
}

/// How the registry knows the entity of a mark.
pub enum Identity<'a> {
    /// The mention links to this entry.
    Registered(&'a RegistryEntry),
    /// The mention could be several entities; the article does not say which.
    Ambiguous(&'a EntityMention),
    /// The registry does not list it (or the corpus has no registry).
    Unregistered,
}

/// The registry id a mark links to. A speaker named by a pronoun (or a form
/// the detector did not mark) takes the id of a registered mention of the
/// same canonical name in the article, when `scan` allows that linear look.
/// A short form linked to a registered full name (`Campbell` after `Kurt
/// Campbell`) takes its id the same way.
pub fn registry_id_of<'a>(view: &View<'a>, mark: &Mark, scan: bool) -> Option<&'a str> {
    let name = match mention_of(view, mark) {
        Some(mention) if mention.entity.is_some() => return mention.entity.as_deref(),
        Some(mention) if !mention.candidates.is_empty() => return None,
        Some(mention) => &mention.canonical,
        None => {
            let Source::Speaker(q) = mark.source else { return None };
            &view.analysis.quotes.get(q)?.speaker.as_ref()?.speaker
        }
    };
    if !scan {
        return None;
    }
    let key = byline_corpus::index::normalize_name(name);
    view.analysis
        .entities
        .iter()
        .find(|e| e.entity.is_some() && byline_corpus::index::normalize_name(&e.canonical) == key)
        .and_then(|e| e.entity.as_deref())
}

pub fn identity<'a>(view: &View<'a>, mark: &Mark) -> Identity<'a> {
    if let Some(mention) = mention_of(view, mark) {
        if mention.entity.is_none() && !mention.candidates.is_empty() {
            return Identity::Ambiguous(mention);
        }
    }
    match registry_id_of(view, mark, true).and_then(|id| view.registry.registry.get(id)) {
        Some(entry) => Identity::Registered(entry),
        None => Identity::Unregistered,
    }
}

/// The entity a mark names, in the index: by registry id when the mention
/// is registered, by name otherwise, none for an ambiguous mention.
pub fn entity_of(view: &View, index: &Index, mark: &Mark) -> Option<EntityId> {
    entity_in_index(view, index, mark, true)
}

/// [`entity_of`] without the linear look for pronoun speakers: what the
/// semantic tokens of a 20 MB article can afford per mark.
pub fn entity_of_quick(view: &View, index: &Index, mark: &Mark) -> Option<EntityId> {
    if let Source::Speaker(q) = mark.source {
        let pronoun = view.analysis.quotes.get(q).and_then(|q| q.speaker.as_ref()).map(|s| s.kind);
        if pronoun == Some(SpeakerKind::Pronoun) {
            return None;
        }
    }
    entity_in_index(view, index, mark, false)
}

fn entity_in_index(view: &View, index: &Index, mark: &Mark, scan: bool) -> Option<EntityId> {
    if let Some(mention) = mention_of(view, mark) {
        if mention.entity.is_none() && !mention.candidates.is_empty() {
            return None;
        }
    }
    match registry_id_of(view, mark, scan) {
        Some(id) => index.registered(id),
        None => index.find(mark.entity_name(view.analysis)?),
    }
}

/// The hover of a mention the registry cannot decide: every candidate, with
/// its entry when the registry has one by that name.
fn ambiguous_markdown(view: &View, mention: &EntityMention) -> String {
    let mut md = format!("**{}** · ambiguous\n\nThe article names more than one entity this could be:\n", mention.text);
    for candidate in &mention.candidates {
        let entry = view.registry.registry.entries.iter().find(|e| &e.name == candidate);
        match entry {
            Some(entry) => {
                let role = entry.roles.first().map(|r| format!(", {}", r.title)).unwrap_or_default();
                md.push_str(&format!("- {} (`{}`){}\n", entry.name, entry.id, role));
            }
            None => md.push_str(&format!("- {candidate}\n")),
        }
    }
    md.push_str("\nWrite the full name to say which.");
    md
}

fn registered_card(view: &View, index: &Index, entry: &RegistryEntry, mark: &Mark) -> EntityCard {
    let counts = registry::counts(index, &entry.id);
    let mut markdown = registry::entry_markdown(&view.registry.registry, entry, counts);
    if let Some(mention) = mention_of(view, mark) {
        if let Some(canonical) = &mention.variant_of {
            markdown
                .push_str(&format!("\n\n⚠ Written here as “{}”; the registry spells it “{}”", mention.text, canonical));
        } else if mention.text != entry.name && !entry.aliases.contains(&mention.text) {
            markdown.push_str(&format!("\n\nWritten here as “{}”", mention.text));
        }
    }
    if let Some(first) = index.registered(&entry.id).and_then(|id| index.first_mention(id)) {
        if let Some(path) = index.article_path(first.article) {
            markdown.push_str(&format!("\n\nFirst mention: `{}:{}`", file_name(path), first.range.start.line + 1));
        }
    }
    EntityCard {
        name: entry.name.clone(),
        kind: label_name(entry.kind),
        mentions: counts.mentions,
        articles: counts.articles,
        quotes: counts.quotes,
        definition: view.registry.entry_location(entry, view.encoding),
        markdown,
    }
}

pub fn entity_card(view: &View, index: &Index, mark: &Mark) -> Option<EntityCard> {
    match identity(view, mark) {
        Identity::Registered(entry) => return Some(registered_card(view, index, entry, mark)),
        Identity::Ambiguous(mention) => {
            return Some(EntityCard {
                name: mention.text.clone(),
                kind: label_name(mention.label),
                mentions: 0,
                articles: 0,
                quotes: 0,
                definition: None,
                markdown: ambiguous_markdown(view, mention),
            })
        }
        Identity::Unregistered => {}
    }
    let name = mark.entity_name(view.analysis)?.to_string();
    let local_label = match mark.source {
        Source::Entity(i) => view.analysis.entities.get(i).map(|e| e.label),
        _ => None,
    };
    if let Some(id) = entity_of(view, index, mark) {
        let entity = index.entity(id)?;
        let definition = index.definition(id).and_then(|m| mention_location(index, m, view.encoding));
        let (mentions, articles, quotes) = (index.mention_count(id), index.article_count_of(id), index.quote_count(id));
        let mut md = format!("**{}** · {}\n\n", entity.name, label_name(entity.label));
        let titles = index.titles(id);
        if !titles.is_empty() {
            let list: Vec<String> = titles.iter().take(5).map(|(t, _)| t.clone()).collect();
            md.push_str(&format!("Titles and roles: {}\n\n", list.join("; ")));
        }
        md.push_str(&format!(
            "{} mention{} in {} article{} · {} quote{} attributed\n\n",
            mentions,
            plural(mentions),
            articles,
            plural(articles),
            quotes,
            plural(quotes)
        ));
        if let Some(first) = index.first_mention(id) {
            if let Some(path) = index.article_path(first.article) {
                md.push_str(&format!("First mention: `{}:{}`", file_name(path), first.range.start.line + 1));
            }
        }
        return Some(EntityCard {
            name: entity.name.clone(),
            kind: label_name(entity.label),
            mentions,
            articles,
            quotes,
            definition,
            markdown: md,
        });
    }
    // Not indexed (yet): what this document says.
    let key = byline_corpus::index::normalize_name(&name);
    let same = |n: &str| byline_corpus::index::normalize_name(n) == key;
    let mentions = view.marks.inner.iter().filter(|m| m.entity_name(view.analysis).is_some_and(same)).count();
    let quotes = view.analysis.quotes.iter().filter(|q| q.speaker.as_ref().is_some_and(|s| same(&s.speaker))).count();
    let label = local_label.unwrap_or(EntityLabel::Person);
    let markdown = format!(
        "**{}** · {}\n\n{} mention{} in this article · {} quote{} attributed",
        name,
        label_name(label),
        mentions,
        plural(mentions),
        quotes,
        plural(quotes)
    );
    Some(EntityCard { name, kind: label_name(label), mentions, articles: 1, quotes, definition: None, markdown })
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

pub fn hover_markdown(view: &View, index: &Index, mark: &Mark) -> Option<String> {
    match mark.source {
        Source::Entity(_) | Source::Speaker(_) => {
            let mut md = entity_card(view, index, mark)?.markdown;
            if let Source::Speaker(q) = mark.source {
                if let Some(cue) = view.analysis.quotes.get(q).and_then(|q| q.speaker.as_ref()?.cue_text.clone()) {
                    md.push_str(&format!("\n\nSpeaker of the quote here ({cue})"));
                }
            }
            Some(md)
        }
        Source::Date(i) => {
            let date = view.analysis.dates.get(i)?;
            let mut md = format!("**Date** `{}`", date.text);
            match &date.value {
                Some(value) => {
                    md.push_str(&format!(" = `{value}`"));
                    if let Some(day) = CivilDate::parse_iso(value) {
                        md.push_str(&format!(" ({})", day.weekday().name()));
                    }
                }
                None => md.push_str(&format!(
                    " — unresolved{}",
                    date.unresolved.as_deref().map(|w| format!(": {w}")).unwrap_or_default()
                )),
            }
            let kind = match date.kind {
                byline_core::TimexType::Date => "DATE",
                byline_core::TimexType::Time => "TIME",
                byline_core::TimexType::Duration => "DURATION",
                byline_core::TimexType::Set => "SET",
            };
            md.push_str(&format!("\n\nTIMEX3 type: {kind}"));
            match (date.anchor, view.analysis.publication_date) {
                (Some(anchor), Some(publication)) if anchor == publication.date => md.push_str(&format!(
                    "\n\nResolved against the publication date {} ({}, from {})",
                    anchor,
                    anchor.weekday().name(),
                    source_name(publication.source)
                )),
                (Some(anchor), _) => {
                    md.push_str(&format!("\n\nResolved against {} ({})", anchor, anchor.weekday().name()))
                }
                (None, _) => md.push_str("\n\nAn absolute date: resolved on its own"),
            }
            if let Some((written, real)) = date.weekday_mismatch {
                md.push_str(&format!("\n\n⚠ Written as {} but the date is a {}", written.name(), real.name()));
            }
            Some(md)
        }
        Source::Quote(i) => {
            let quote = view.analysis.quotes.get(i)?;
            let mut md = format!("**{}**", quote_title(quote));
            match &quote.speaker {
                Some(s) => {
                    md.push_str(&format!(" by **{}**", s.speaker));
                    if s.mention_text != s.speaker {
                        md.push_str(&format!(" (named here as “{}”)", s.mention_text));
                    }
                    if let Some(cue) = &s.cue_text {
                        md.push_str(&format!("\n\nCue: *{cue}*"));
                    }
                }
                None => md.push_str(" — no speaker found"),
            }
            if !quote.closed {
                md.push_str("\n\n⚠ The closing quotation mark is missing");
            }
            if quote.paragraphs > 1 {
                md.push_str(&format!("\n\nRuns over {} paragraphs", quote.paragraphs));
            }
            Some(md)
        }
    }
}

fn source_name(source: byline_core::article::DateSource) -> &'static str {
    match source {
        byline_core::article::DateSource::Given => "the caller",
        byline_core::article::DateSource::FrontMatter => "the front matter",
        byline_core::article::DateSource::Dateline => "the dateline",
    }
}

fn shorten(s: &str, max_chars: usize) -> String {
    let s: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() <= max_chars {
        return s;
    }
    let cut: String = s.chars().take(max_chars).collect();
    format!("{cut}…")
}

fn symbol(
    name: String,
    detail: Option<String>,
    kind: SymbolKind,
    range: Range,
    children: Vec<DocumentSymbol>,
) -> DocumentSymbol {
    #[allow(deprecated)]
    DocumentSymbol {
        name: if name.trim().is_empty() { "(empty)".to_string() } else { name },
        detail,
        kind,
        tags: None,
        deprecated: None,
        range,
        selection_range: range,
        children: if children.is_empty() { None } else { Some(children) },
    }
}

fn covering(children: &[DocumentSymbol]) -> Range {
    let start = children.iter().map(|c| c.range.start).min_by_key(|p| (p.line, p.character));
    let end = children.iter().map(|c| c.range.end).max_by_key(|p| (p.line, p.character));
    Range::new(start.unwrap_or_default(), end.unwrap_or_default())
}

fn group(name: &str, kind: SymbolKind, children: Vec<DocumentSymbol>) -> Option<DocumentSymbol> {
    if children.is_empty() {
        return None;
    }
    let range = covering(&children);
    let detail = Some(format!("{}", children.len()));
    Some(symbol(name.to_string(), detail, kind, range, children))
}

/// The outline: quotes grouped by speaker, then people, organisations,
/// places and dates.
pub fn document_symbols(view: &View) -> Vec<DocumentSymbol> {
    let analysis = view.analysis;
    let mut by_speaker: BTreeMap<String, Vec<DocumentSymbol>> = BTreeMap::new();
    for quote in &analysis.quotes {
        let speaker = quote.speaker.as_ref().map_or("(no speaker)".to_string(), |s| s.speaker.clone());
        let name = shorten(view.slice(quote.content), 60);
        let detail = quote.speaker.as_ref().and_then(|s| s.cue_text.clone());
        by_speaker.entry(speaker).or_default().push(symbol(
            name,
            detail,
            SymbolKind::STRING,
            view.range(quote.span),
            vec![],
        ));
    }
    let speakers: Vec<DocumentSymbol> = by_speaker
        .into_iter()
        .map(|(speaker, quotes)| {
            let range = covering(&quotes);
            let detail = Some(format!("{} quote{}", quotes.len(), plural(quotes.len())));
            symbol(speaker, detail, SymbolKind::EVENT, range, quotes)
        })
        .collect();
    let mut entity_groups: [(EntityLabel, Vec<DocumentSymbol>); 3] =
        [(EntityLabel::Person, vec![]), (EntityLabel::Organization, vec![]), (EntityLabel::Location, vec![])];
    let mut seen: BTreeMap<(EntityLabel, String), usize> = BTreeMap::new();
    for entity in &analysis.entities {
        let name = if entity.canonical.trim().is_empty() { &entity.text } else { &entity.canonical };
        let key = (entity.label, byline_corpus::index::normalize_name(name));
        let Some((_, list)) = entity_groups.iter_mut().find(|(l, _)| *l == entity.label) else { continue };
        match seen.get(&key) {
            Some(&i) => {
                if let Some(sym) = list.get_mut(i) {
                    let n =
                        sym.detail.as_deref().and_then(|d| d.split(' ').next()?.parse::<usize>().ok()).unwrap_or(1) + 1;
                    sym.detail = Some(format!("{n} mentions"));
                }
            }
            None => {
                seen.insert(key, list.len());
                let kind = match entity.label {
                    EntityLabel::Person => SymbolKind::OBJECT,
                    EntityLabel::Organization => SymbolKind::STRUCT,
                    EntityLabel::Location => SymbolKind::PACKAGE,
                };
                list.push(symbol(name.clone(), Some("1 mention".into()), kind, view.range(entity.span), vec![]));
            }
        }
    }
    let dates: Vec<DocumentSymbol> = analysis
        .dates
        .iter()
        .map(|d| symbol(d.text.clone(), d.value.clone(), SymbolKind::CONSTANT, view.range(d.span), vec![]))
        .collect();
    let [(_, people), (_, organizations), (_, places)] = entity_groups;
    [
        group("Quotes", SymbolKind::NAMESPACE, speakers),
        group("People", SymbolKind::NAMESPACE, people),
        group("Organizations", SymbolKind::NAMESPACE, organizations),
        group("Places", SymbolKind::NAMESPACE, places),
        group("Dates", SymbolKind::NAMESPACE, dates),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// The outline for clients without hierarchical symbols.
#[allow(deprecated)]
pub fn flat_symbols(uri: &Uri, symbols: Vec<DocumentSymbol>) -> Vec<SymbolInformation> {
    fn walk(uri: &Uri, container: Option<&str>, symbols: Vec<DocumentSymbol>, out: &mut Vec<SymbolInformation>) {
        for s in symbols {
            out.push(SymbolInformation {
                name: s.name.clone(),
                kind: s.kind,
                tags: None,
                deprecated: None,
                location: Location::new(uri.clone(), s.range),
                container_name: container.map(str::to_string),
            });
            if let Some(children) = s.children {
                walk(uri, Some(&s.name), children, out);
            }
        }
    }
    let mut out = Vec::new();
    walk(uri, None, symbols, &mut out);
    out
}

/// The value after each relative date, and the speaker after each quote
/// whose speaker is named on another line.
pub fn inlay_hints(view: &View, within: Range) -> Vec<InlayHint> {
    let inside = |p: Position| {
        (within.start.line, within.start.character) <= (p.line, p.character)
            && (p.line, p.character) <= (within.end.line, within.end.character)
    };
    let mut hints = Vec::new();
    for date in &view.analysis.dates {
        let (Some(value), Some(_anchor)) = (&date.value, date.anchor) else { continue };
        let end = view.range(date.span).end;
        if inside(end) {
            hints.push(hint(end, format!("→ {value}")));
        }
    }
    for quote in &view.analysis.quotes {
        let Some(speaker) = &quote.speaker else { continue };
        let quote_end = view.range(quote.span).end;
        let mention = view.range(speaker.mention);
        if mention.start.line != quote_end.line && mention.end.line != quote_end.line && inside(quote_end) {
            let reported = if quote.is_direct() { "" } else { " (reported)" };
            hints.push(hint(quote_end, format!("— {}{reported}", speaker.speaker)));
        }
    }
    hints.sort_by_key(|h| (h.position.line, h.position.character));
    hints
}

fn hint(position: Position, label: String) -> InlayHint {
    InlayHint {
        position,
        label: InlayHintLabel::String(label),
        kind: None,
        text_edits: None,
        tooltip: None,
        padding_left: Some(true),
        padding_right: None,
        data: None,
    }
}

/// The mark under the cursor, by byte offset.
pub fn mark_at(marks: &Marks, offset: usize) -> Option<Mark> {
    marks.at(offset)
}

pub fn is_entity_mark(mark: &Mark) -> bool {
    matches!(mark.kind, MarkKind::Speaker | MarkKind::Person | MarkKind::Organization | MarkKind::Location)
}
