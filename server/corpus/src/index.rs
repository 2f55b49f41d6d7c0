//! The cross-article index: every mention of every person, organisation and
//! place in the corpus, linked by registry id when the entity registry knows
//! the mention, else by normalised canonical name. A mention the registry
//! finds ambiguous (`Kim` after two Kims) joins no entity: merging it into
//! either would count it for someone the article may not mean.
//!
//! The index keeps no article text. Each mention carries its line and column
//! (in bytes and in UTF-16 units), worked out once when the article is
//! summarised, so that answering "every mention across 100,000 articles"
//! needs no file reads and no text scans, and the memory stays a fraction of
//! the corpus size. Summarising is a pure function of (path, text, analysis)
//! and runs in parallel; inserting is cheap and sequential.

use byline_core::{Analysis, CivilDate, EntityLabel, Span, SpeakerKind};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

/// A slot in the index's article table.
pub type ArticleId = u32;
/// A slot in the index's entity table.
pub type EntityId = u32;

/// A place in a text, in the units every consumer needs: 0-based line, and
/// the column in UTF-8 bytes and in UTF-16 code units from the line start.
/// Lines end at `\n`, `\r\n` or a lone `\r` only (the LSP rule; U+2028 and NEL
/// are ordinary characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TextPoint {
    pub line: u32,
    pub byte_col: u32,
    pub utf16_col: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TextRange {
    pub start: TextPoint,
    pub end: TextPoint,
}

/// Why a mention is in the index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MentionRole {
    /// A name the entity detector found.
    Name,
    /// The mention a quote is attributed to (a name, surname or pronoun).
    Speaker,
}

#[derive(Debug, Clone)]
pub struct Mention {
    pub article: ArticleId,
    pub span: Span,
    pub range: TextRange,
    pub role: MentionRole,
    /// The title or role written before the name (`Assistant Secretary of State`).
    pub title: Option<Box<str>>,
    /// How many quotes this mention is the speaker of.
    pub quotes: u16,
    /// Words and characters in the mention: how full a name it is.
    pub words: u16,
    pub chars: u16,
    /// A pronoun (`he`) standing for the speaker: never a defining mention.
    pub pronoun: bool,
}

#[derive(Debug, Clone)]
pub struct Entity {
    /// The fullest canonical name seen for this entity.
    pub name: String,
    /// The normalised name (see [`normalize_name`]); for a registered entity,
    /// of its fullest name, used for search only.
    pub key: String,
    /// The registry id, for an entity the registry lists: every spelling of
    /// it in every article is this one entity.
    pub registry: Option<String>,
    pub label: EntityLabel,
    /// False while the label is only guessed from a speaker attribution.
    label_known: bool,
    pub mentions: Vec<Mention>,
}

/// One article's contribution to the index, ready to insert.
#[derive(Debug, Clone)]
pub struct ArticleSummary {
    pub path: PathBuf,
    pub publication_date: Option<CivilDate>,
    pub quotes: u32,
    pub dates: u32,
    mentions: Vec<PendingMention>,
}

#[derive(Debug, Clone)]
struct PendingMention {
    key: String,
    registry: Option<String>,
    name: String,
    label: Option<EntityLabel>,
    guessed_label: EntityLabel,
    mention: Mention,
}

#[derive(Debug, Clone)]
pub struct ArticleRecord {
    pub path: PathBuf,
    pub publication_date: Option<CivilDate>,
    pub quotes: u32,
    pub dates: u32,
    entities: Vec<EntityId>,
}

/// Corpus-wide counts, as `byline/corpusStatistics` reports them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Statistics {
    pub articles: usize,
    pub quotes: usize,
    pub dates: usize,
    pub people: usize,
    pub organizations: usize,
    pub locations: usize,
}

#[derive(Debug, Default)]
pub struct Index {
    articles: Vec<Option<ArticleRecord>>,
    free_articles: Vec<ArticleId>,
    by_path: HashMap<PathBuf, ArticleId>,
    entities: Vec<Entity>,
    by_key: HashMap<String, EntityId>,
    /// Registered entities by registry id.
    by_registry: HashMap<String, EntityId>,
    /// Registered entities by the normalised names their mentions use.
    registered_by_key: HashMap<String, EntityId>,
    /// Multi-word entities by their last word, for bare surnames.
    by_surname: HashMap<String, Vec<EntityId>>,
}

impl Index {
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads and summarises many articles on all cores. `load` returns the
    /// article's text and analysis, or `None` for a file that cannot be read.
    pub fn summarize_all<F>(paths: &[PathBuf], load: F) -> Vec<ArticleSummary>
    where
        F: Fn(&Path) -> Option<(String, Analysis)> + Sync,
    {
        paths
            .par_iter()
            .filter_map(|path| load(path).map(|(text, analysis)| summarize(path, &text, &analysis)))
            .collect()
    }

    /// Adds an article, replacing what the index held for the same path.
    pub fn insert(&mut self, summary: ArticleSummary) -> ArticleId {
        self.remove(&summary.path);
        let record = ArticleRecord {
            path: summary.path.clone(),
            publication_date: summary.publication_date,
            quotes: summary.quotes,
            dates: summary.dates,
            entities: Vec::new(),
        };
        let id = match self.free_articles.pop() {
            Some(id) => {
                self.articles[id as usize] = Some(record);
                id
            }
            None => {
                self.articles.push(Some(record));
                (self.articles.len() - 1) as ArticleId
            }
        };
        self.by_path.insert(summary.path, id);
        let mut touched = Vec::new();
        for pending in summary.mentions {
            let entity_id = self.entity_for(&pending);
            let entity = &mut self.entities[entity_id as usize];
            let mut mention = pending.mention;
            mention.article = id;
            entity.mentions.push(mention);
            touched.push(entity_id);
        }
        touched.sort_unstable();
        touched.dedup();
        if let Some(Some(record)) = self.articles.get_mut(id as usize) {
            record.entities = touched;
        }
        id
    }

    /// The entity a mention joins. A name no registry linked joins the
    /// registered entity of the same name when there is one (an article of a
    /// workspace folder without a registry naming someone another folder's
    /// registry lists); in either arrival order, they meet.
    fn entity_for(&mut self, pending: &PendingMention) -> EntityId {
        let known = match &pending.registry {
            Some(registry) => self.by_registry.get(registry).copied().or_else(|| {
                let adopted = self.by_key.remove(&pending.key)?;
                if let Some(entity) = self.entities.get_mut(adopted as usize) {
                    entity.registry = Some(registry.clone());
                }
                self.by_registry.insert(registry.clone(), adopted);
                Some(adopted)
            }),
            None => self.by_key.get(&pending.key).or_else(|| self.registered_by_key.get(&pending.key)).copied(),
        };
        if let (Some(_), Some(id)) = (&pending.registry, known) {
            self.registered_by_key.entry(pending.key.clone()).or_insert(id);
        }
        if let Some(id) = known {
            let entity = &mut self.entities[id as usize];
            if entity.mentions.is_empty() {
                // A slot left empty by removals starts afresh.
                entity.name.clone_from(&pending.name);
                entity.label = pending.label.unwrap_or(pending.guessed_label);
                entity.label_known = pending.label.is_some();
            } else {
                if let (Some(label), false) = (pending.label, entity.label_known) {
                    entity.label = label;
                    entity.label_known = true;
                }
                // The longest spelling wins; between equally long ones, the
                // accented (`Pérez` over a wire service's `Perez`).
                let fullness = |s: &str| (s.chars().count(), s.chars().filter(|c| !c.is_ascii()).count());
                if fullness(&pending.name) > fullness(&entity.name) {
                    entity.name.clone_from(&pending.name);
                    if entity.registry.is_some() {
                        entity.key.clone_from(&pending.key);
                    }
                }
            }
            return id;
        }
        let id = self.entities.len() as EntityId;
        self.entities.push(Entity {
            name: pending.name.clone(),
            key: pending.key.clone(),
            registry: pending.registry.clone(),
            label: pending.label.unwrap_or(pending.guessed_label),
            label_known: pending.label.is_some(),
            mentions: Vec::new(),
        });
        match &pending.registry {
            Some(registry) => {
                self.by_registry.insert(registry.clone(), id);
                self.registered_by_key.entry(pending.key.clone()).or_insert(id);
            }
            None => {
                self.by_key.insert(pending.key.clone(), id);
            }
        }
        if let Some((_, surname)) = pending.key.rsplit_once(' ') {
            self.by_surname.entry(surname.to_string()).or_default().push(id);
        }
        id
    }

    /// Forgets an article; true if it was indexed.
    pub fn remove(&mut self, path: &Path) -> bool {
        let Some(id) = self.by_path.remove(path) else { return false };
        let Some(record) = self.articles.get_mut(id as usize).and_then(Option::take) else { return false };
        for entity_id in record.entities {
            if let Some(entity) = self.entities.get_mut(entity_id as usize) {
                entity.mentions.retain(|m| m.article != id);
            }
        }
        self.free_articles.push(id);
        true
    }

    /// Forgets many articles at once; returns how many were indexed. Each
    /// entity's mention list is filtered once for the whole batch: removing
    /// articles one by one costs a pass over an entity named 100,000 times
    /// per article that names it.
    pub fn remove_many<'p>(&mut self, paths: impl IntoIterator<Item = &'p Path>) -> usize {
        let mut gone: HashSet<ArticleId> = HashSet::new();
        let mut touched: Vec<EntityId> = Vec::new();
        for path in paths {
            let Some(id) = self.by_path.remove(path) else { continue };
            let Some(record) = self.articles.get_mut(id as usize).and_then(Option::take) else { continue };
            touched.extend(record.entities);
            gone.insert(id);
        }
        touched.sort_unstable();
        touched.dedup();
        for entity_id in touched {
            if let Some(entity) = self.entities.get_mut(entity_id as usize) {
                entity.mentions.retain(|m| !gone.contains(&m.article));
            }
        }
        let removed = gone.len();
        self.free_articles.extend(gone);
        removed
    }

    /// Replaces many articles (a chunk of a re-index) with one pass over
    /// the mention lists they touch; see [`Index::remove_many`].
    pub fn insert_many(&mut self, summaries: Vec<ArticleSummary>) {
        self.remove_many(summaries.iter().map(|s| s.path.as_path()));
        for summary in summaries {
            self.insert(summary);
        }
    }

    /// Forgets every article under `root` (a workspace folder removed, or its
    /// `byline.toml` changed); returns how many.
    pub fn remove_under(&mut self, root: &Path) -> usize {
        let paths: Vec<PathBuf> = self.by_path.keys().filter(|p| p.starts_with(root)).cloned().collect();
        self.remove_many(paths.iter().map(PathBuf::as_path))
    }

    pub fn contains(&self, path: &Path) -> bool {
        self.by_path.contains_key(path)
    }

    pub fn article(&self, id: ArticleId) -> Option<&ArticleRecord> {
        self.articles.get(id as usize).and_then(Option::as_ref)
    }

    pub fn article_path(&self, id: ArticleId) -> Option<&Path> {
        self.article(id).map(|a| a.path.as_path())
    }

    pub fn article_count(&self) -> usize {
        self.by_path.len()
    }

    pub fn entity(&self, id: EntityId) -> Option<&Entity> {
        self.entities.get(id as usize).filter(|e| !e.mentions.is_empty())
    }

    /// The entity of a registry entry, while the corpus mentions it.
    pub fn registered(&self, registry_id: &str) -> Option<EntityId> {
        self.by_registry.get(registry_id).copied().filter(|&id| self.entity(id).is_some())
    }

    /// The entity a canonical name (in any case or accenting) refers to. A
    /// bare surname that no article expands (`Campbell said`) resolves to the
    /// one person of the corpus with that surname, when there is exactly one.
    pub fn find(&self, name: &str) -> Option<EntityId> {
        let key = normalize_name(name);
        match self.by_key.get(&key).or_else(|| self.registered_by_key.get(&key)) {
            Some(&id) if self.entity(id).is_some() => Some(self.resolve(id)),
            _ => self.person_by_surname(&key),
        }
    }

    fn person_by_surname(&self, key: &str) -> Option<EntityId> {
        if key.contains(' ') {
            return None;
        }
        let mut people = self
            .by_surname
            .get(key)?
            .iter()
            .copied()
            .filter(|&id| self.entity(id).is_some_and(|e| e.label == EntityLabel::Person && e.key.contains(' ')));
        let first = people.next()?;
        people.next().is_none().then_some(first)
    }

    /// The entity a one-word person entity stands for, or itself. A
    /// registered entity stands for itself: the registry said who it is.
    fn resolve(&self, id: EntityId) -> EntityId {
        match self.entity(id) {
            Some(e) if e.label == EntityLabel::Person && e.registry.is_none() => {
                self.person_by_surname(&e.key).unwrap_or(id)
            }
            _ => id,
        }
    }

    /// Every mention of an entity, with those of the bare surname that
    /// resolves to it.
    fn all_mentions(&self, id: EntityId) -> impl Iterator<Item = &Mention> + '_ {
        let entity = self.entity(id);
        let alias = entity
            .and_then(|e| e.key.rsplit(' ').next().filter(|_| e.key.contains(' ')))
            .and_then(|surname| self.by_key.get(surname).copied())
            .filter(|&alias| alias != id && self.resolve(alias) == id)
            .and_then(|alias| self.entity(alias));
        entity.into_iter().chain(alias).flat_map(|e| e.mentions.iter())
    }

    pub fn mention_count(&self, id: EntityId) -> usize {
        self.all_mentions(id).count()
    }

    pub fn quote_count(&self, id: EntityId) -> usize {
        self.all_mentions(id).map(|m| m.quotes as usize).sum()
    }

    /// Distinct titles and roles seen before the name, most frequent first.
    pub fn titles(&self, id: EntityId) -> Vec<(String, usize)> {
        let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
        for title in self.all_mentions(id).filter_map(|m| m.title.as_deref()) {
            *seen.entry(title).or_default() += 1;
        }
        let mut titles: Vec<(String, usize)> = seen.into_iter().map(|(t, n)| (t.to_string(), n)).collect();
        titles.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        titles
    }

    /// The defining mention: the fullest, title-led one; the earliest article
    /// (by publication date, then path) and then the earliest offset win ties.
    pub fn definition(&self, id: EntityId) -> Option<&Mention> {
        self.all_mentions(id).filter(|m| !m.pronoun).min_by(|a, b| {
            let fullness = |m: &Mention| (m.title.is_some(), m.words, m.chars);
            fullness(b)
                .cmp(&fullness(a))
                .then_with(|| self.article_order(a.article).cmp(&self.article_order(b.article)))
                .then_with(|| a.span.start.cmp(&b.span.start))
        })
    }

    fn article_order(&self, id: ArticleId) -> (bool, Option<CivilDate>, Option<&Path>) {
        let article = self.article(id);
        let date = article.and_then(|a| a.publication_date);
        // Undated articles sort after dated ones.
        (date.is_none(), date, article.map(|a| a.path.as_path()))
    }

    /// Every mention, the defining one first, then in reading order.
    pub fn references(&self, id: EntityId, include_definition: bool) -> Vec<&Mention> {
        let definition = self.definition(id).map(|m| (m.article, m.span));
        let is_def = |m: &Mention| Some((m.article, m.span)) == definition;
        let mut mentions: Vec<&Mention> = self.all_mentions(id).filter(|m| include_definition || !is_def(m)).collect();
        mentions.sort_by(|a, b| {
            is_def(b)
                .cmp(&is_def(a))
                .then_with(|| self.article_order(a.article).cmp(&self.article_order(b.article)))
                .then_with(|| a.span.start.cmp(&b.span.start))
        });
        mentions
    }

    pub fn article_count_of(&self, id: EntityId) -> usize {
        let mut articles: Vec<ArticleId> = self.all_mentions(id).map(|m| m.article).collect();
        articles.sort_unstable();
        articles.dedup();
        articles.len()
    }

    /// The first mention in reading order: earliest article, earliest offset.
    pub fn first_mention(&self, id: EntityId) -> Option<&Mention> {
        self.all_mentions(id).min_by(|a, b| {
            self.article_order(a.article)
                .cmp(&self.article_order(b.article))
                .then_with(|| a.span.start.cmp(&b.span.start))
        })
    }

    /// Entities whose name contains the query, ignoring case, accents and dots;
    /// names that start with it first, then the most mentioned.
    pub fn search(&self, query: &str, limit: usize) -> Vec<EntityId> {
        let query = normalize_name(query);
        let mut hits: Vec<(bool, usize, &str, EntityId)> = self
            .entities
            .iter()
            .enumerate()
            .filter(|(i, e)| !e.mentions.is_empty() && self.resolve(*i as EntityId) == *i as EntityId)
            .filter_map(|(i, e)| {
                let at = e.key.find(&query)?;
                let word_start = at == 0 || e.key.as_bytes().get(at - 1) == Some(&b' ');
                Some((!word_start, usize::MAX - e.mentions.len(), e.name.as_str(), i as EntityId))
            })
            .collect();
        hits.sort_unstable();
        hits.into_iter().take(limit).map(|h| h.3).collect()
    }

    pub fn statistics(&self) -> Statistics {
        let mut stats = Statistics { articles: self.by_path.len(), ..Statistics::default() };
        for article in self.articles.iter().flatten() {
            stats.quotes += article.quotes as usize;
            stats.dates += article.dates as usize;
        }
        let live = self.entities.iter().enumerate().filter(|(_, e)| !e.mentions.is_empty());
        // A bare surname standing for a fuller name is not another person.
        for (_, entity) in live.filter(|(i, _)| self.resolve(*i as EntityId) == *i as EntityId) {
            match entity.label {
                EntityLabel::Person => stats.people += 1,
                EntityLabel::Organization => stats.organizations += 1,
                EntityLabel::Location => stats.locations += 1,
            }
        }
        stats
    }
}

/// The key entities are linked by: the text layer's one name folding.
pub use byline_core::text::fold::normalize_name;

/// An article's mentions with their places worked out, ready for
/// [`Index::insert`].
pub fn summarize(path: &Path, text: &str, analysis: &Analysis) -> ArticleSummary {
    let mut mentions: Vec<PendingMention> = Vec::new();
    // Spans of mentions that could be several entities, and the registry id
    // of each registered canonical name in this article (for speakers named
    // by a pronoun or a form the detector did not mark).
    let mut ambiguous: Vec<Span> = Vec::new();
    let mut registered_names: HashMap<String, &str> = HashMap::new();
    for entity in &analysis.entities {
        if entity.entity.is_none() && !entity.candidates.is_empty() {
            ambiguous.push(entity.span);
            continue;
        }
        let name = if entity.canonical.trim().is_empty() { &entity.text } else { &entity.canonical };
        let key = normalize_name(name);
        if key.is_empty() {
            continue;
        }
        if let Some(id) = &entity.entity {
            registered_names.entry(key.clone()).or_insert(id);
        }
        mentions.push(PendingMention {
            key,
            registry: entity.entity.clone(),
            name: name.trim().to_string(),
            label: Some(entity.label),
            guessed_label: entity.label,
            mention: new_mention(entity.span, MentionRole::Name, &entity.text, entity.title.as_deref(), false),
        });
    }
    // A short form the article links to a registered full name (`Campbell`
    // after `Kurt Campbell`) is that entry too, even when the detector left
    // its id off.
    for m in mentions.iter_mut().filter(|m| m.registry.is_none()) {
        m.registry = registered_names.get(&m.key).map(|id| id.to_string());
    }
    mentions.sort_by_key(|m| m.mention.span);
    for quote in &analysis.quotes {
        let Some(speaker) = &quote.speaker else { continue };
        let guessed_label = match speaker.kind {
            SpeakerKind::Description => continue,
            SpeakerKind::Organization => EntityLabel::Organization,
            SpeakerKind::Name | SpeakerKind::ShortName | SpeakerKind::Pronoun => EntityLabel::Person,
        };
        let key = normalize_name(&speaker.speaker);
        if key.is_empty() || ambiguous.contains(&speaker.mention) {
            continue;
        }
        // The speaker mention is usually also a detected name: count the quote
        // on it rather than adding a second mention at the same place.
        let at = mentions.binary_search_by_key(&speaker.mention, |m| m.mention.span);
        match at {
            // The registry's link outranks the attribution's spelling.
            Ok(i) if mentions[i].key == key || mentions[i].registry.is_some() => {
                mentions[i].mention.quotes = mentions[i].mention.quotes.saturating_add(1);
                mentions[i].mention.role = MentionRole::Speaker;
            }
            Ok(i) => {
                // The detector and the attribution disagree on who this is:
                // the attribution, which read the whole sentence, wins.
                mentions[i].registry = registered_names.get(&key).map(|id| id.to_string());
                mentions[i].key = key;
                mentions[i].name = speaker.speaker.trim().to_string();
                mentions[i].mention.quotes = mentions[i].mention.quotes.saturating_add(1);
                mentions[i].mention.role = MentionRole::Speaker;
            }
            Err(i) => {
                let pronoun = speaker.kind == SpeakerKind::Pronoun;
                let mut mention =
                    new_mention(speaker.mention, MentionRole::Speaker, &speaker.mention_text, None, pronoun);
                mention.quotes = 1;
                mentions.insert(
                    i,
                    PendingMention {
                        registry: registered_names.get(&key).map(|id| id.to_string()),
                        key,
                        name: speaker.speaker.trim().to_string(),
                        label: None,
                        guessed_label,
                        mention,
                    },
                );
            }
        }
    }
    let mut offsets: Vec<usize> = mentions.iter().flat_map(|m| [m.mention.span.start, m.mention.span.end]).collect();
    offsets.sort_unstable();
    offsets.dedup();
    let points = locate(text, &offsets);
    let point_of = |offset: usize| -> TextPoint {
        offsets.binary_search(&offset).ok().and_then(|i| points.get(i).copied()).unwrap_or_default()
    };
    for m in &mut mentions {
        m.mention.range = TextRange { start: point_of(m.mention.span.start), end: point_of(m.mention.span.end) };
    }
    ArticleSummary {
        path: path.to_path_buf(),
        publication_date: analysis.publication_date.map(|p| p.date),
        quotes: analysis.quotes.len() as u32,
        dates: analysis.dates.len() as u32,
        mentions,
    }
}

fn new_mention(span: Span, role: MentionRole, text: &str, title: Option<&str>, pronoun: bool) -> Mention {
    let title = title.map(str::trim).filter(|t| !t.is_empty()).map(Box::from);
    Mention {
        article: 0,
        span,
        range: TextRange::default(),
        role,
        title,
        quotes: 0,
        words: text.split_whitespace().count().min(u16::MAX as usize) as u16,
        chars: text.chars().count().min(u16::MAX as usize) as u16,
        pronoun,
    }
}

/// The [`TextPoint`] of each offset in `sorted_offsets` (ascending), in one
/// pass over the text. An offset inside a character or inside a `\r\n` pair is
/// placed where that character or pair starts; one past the text is clamped
/// to its end.
pub fn locate(text: &str, sorted_offsets: &[usize]) -> Vec<TextPoint> {
    let bytes = text.as_bytes();
    let mut points = Vec::with_capacity(sorted_offsets.len());
    let (mut line, mut line_start, mut utf16_col, mut pos) = (0u32, 0usize, 0u32, 0usize);
    for &target in sorted_offsets {
        let target = target.min(text.len());
        while pos < target {
            let b = bytes[pos];
            if b == b'\r' && bytes.get(pos + 1) == Some(&b'\n') {
                if pos + 1 >= target {
                    // The target is between \r and \n: the line's end.
                    break;
                }
                pos += 2;
                line += 1;
                line_start = pos;
                utf16_col = 0;
            } else if b == b'\n' || b == b'\r' {
                pos += 1;
                line += 1;
                line_start = pos;
                utf16_col = 0;
            } else {
                let width = utf8_width(b);
                if pos + width > target {
                    break;
                }
                utf16_col += if width == 4 { 2 } else { 1 };
                pos += width;
            }
        }
        points.push(TextPoint { line, byte_col: (pos - line_start) as u32, utf16_col });
    }
    points
}

fn utf8_width(first: u8) -> usize {
    match first {
        0x00..=0x7F => 1,
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF7 => 4,
        // A continuation byte cannot start a character of valid UTF-8; step on.
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use byline_core::speakers::Attribution;
    use byline_core::{EntityMention, Quote, QuoteStyle};

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

    fn entity(text: &str, full: &str, span: Span, label: EntityLabel, title: Option<&str>) -> EntityMention {
        EntityMention {
            span,
            text: text.to_string(),
            label,
            canonical: full.to_string(),
            title: title.map(str::to_string),
            entity: None,
            candidates: Vec::new(),
            variant_of: None,
        }
    }

    fn span_of(text: &str, needle: &str, nth: usize) -> Span {
        let start = text.match_indices(needle).nth(nth).map(|(i, _)| i).expect("needle in test text");
        Span::new(start, start + needle.len())
    }

    fn analysis_with(text: &str, entities: Vec<EntityMention>, quotes: Vec<Quote>) -> Analysis {
        let mut analysis = byline_core::analyze(text, &Default::default());
        analysis.entities = entities;
        analysis.quotes = quotes;
        analysis
    }

    const FIRST: &str = "Posted March 3rd, 2021\n\nForeign Minister Ana Pérez said on Monday the port would reopen.\n\"We are ready,\" Pérez told reporters in Lisbon.\n";
    const SECOND: &str =
        "Posted March 9th, 2021\n\nAna Perez returned from Madrid.\n\"Nothing has changed,\" she said.\n";

    fn first_article() -> Analysis {
        let t = FIRST;
        let quote_span = span_of(t, "\"We are ready,\"", 0);
        analysis_with(
            t,
            vec![
                entity(
                    "Ana Pérez",
                    "Ana Pérez",
                    span_of(t, "Ana Pérez", 0),
                    EntityLabel::Person,
                    Some("Foreign Minister"),
                ),
                entity("Pérez", "Ana Pérez", span_of(t, "Pérez", 1), EntityLabel::Person, None),
                entity("Lisbon", "Lisbon", span_of(t, "Lisbon", 0), EntityLabel::Location, None),
            ],
            vec![quoted(
                quote_span,
                Attribution {
                    mention: span_of(t, "Pérez", 1),
                    mention_text: "Pérez".into(),
                    cue: Some(span_of(t, "told", 0)),
                    cue_text: Some("told".into()),
                    speaker: "Ana Pérez".into(),
                    kind: SpeakerKind::ShortName,
                },
            )],
        )
    }

    fn second_article() -> Analysis {
        let t = SECOND;
        let quote_span = span_of(t, "\"Nothing has changed,\"", 0);
        analysis_with(
            t,
            vec![
                entity("Ana Perez", "Ana Perez", span_of(t, "Ana Perez", 0), EntityLabel::Person, None),
                entity("Madrid", "Madrid", span_of(t, "Madrid", 0), EntityLabel::Location, None),
            ],
            vec![quoted(
                quote_span,
                Attribution {
                    mention: span_of(t, "she", 0),
                    mention_text: "she".into(),
                    cue: Some(span_of(t, "said", 0)),
                    cue_text: Some("said".into()),
                    speaker: "Ana Perez".into(),
                    kind: SpeakerKind::Pronoun,
                },
            )],
        )
    }

    fn corpus() -> Index {
        let mut index = Index::new();
        index.insert(summarize(Path::new("/c/b.txt"), SECOND, &second_article()));
        index.insert(summarize(Path::new("/c/a.txt"), FIRST, &first_article()));
        index
    }

    #[test]
    fn accents_and_case_link_the_same_person_across_articles() {
        let index = corpus();
        let id = index.find("ANA PEREZ").expect("entity indexed");
        let entity = index.entity(id).unwrap();
        assert_eq!(entity.label, EntityLabel::Person);
        assert_eq!(index.mention_count(id), 4, "two names, a surname speaker and a pronoun speaker");
        assert_eq!(index.article_count_of(id), 2);
        assert_eq!(index.quote_count(id), 2);
        assert_eq!(index.titles(id), vec![("Foreign Minister".to_string(), 1)]);
    }

    #[test]
    fn definition_is_the_titled_mention_and_knows_its_line() {
        let index = corpus();
        let id = index.find("Ana Pérez").unwrap();
        let def = index.definition(id).unwrap();
        assert_eq!(index.article_path(def.article), Some(Path::new("/c/a.txt")));
        assert_eq!(def.span, span_of(FIRST, "Ana Pérez", 0));
        assert_eq!(def.range.start.line, 2);
        assert_eq!(def.range.start.utf16_col, "Foreign Minister ".len() as u32);
        // "é" is two bytes but one UTF-16 unit.
        assert_eq!(def.range.end.byte_col - def.range.end.utf16_col, 1);
    }

    #[test]
    fn references_honour_include_declaration() {
        let index = corpus();
        let id = index.find("ana perez").unwrap();
        assert_eq!(index.references(id, true).len(), 4);
        let without = index.references(id, false);
        assert_eq!(without.len(), 3);
        assert!(without.iter().all(|m| m.span != span_of(FIRST, "Ana Pérez", 0) || m.article != 1));
    }

    #[test]
    fn updating_and_removing_an_article_changes_the_counts() {
        let mut index = corpus();
        let id = index.find("Lisbon").unwrap();
        assert_eq!(index.statistics().locations, 2);
        let mut edited = first_article();
        edited.entities.retain(|e| e.text != "Lisbon");
        index.insert(summarize(Path::new("/c/a.txt"), FIRST, &edited));
        assert!(index.entity(id).is_none(), "Lisbon no longer mentioned");
        assert_eq!(index.article_count(), 2);
        assert!(index.remove(Path::new("/c/b.txt")));
        assert!(!index.remove(Path::new("/c/b.txt")));
        let stats = index.statistics();
        assert_eq!((stats.articles, stats.people, stats.locations, stats.quotes), (1, 1, 0, 1));
        let perez = index.find("ana perez").unwrap();
        assert_eq!(index.mention_count(perez), 2);
    }

    #[test]
    fn batches_replace_and_remove_like_single_articles() {
        let mut one_by_one = corpus();
        let mut batched = corpus();
        let again = vec![
            summarize(Path::new("/c/a.txt"), FIRST, &first_article()),
            summarize(Path::new("/c/b.txt"), SECOND, &second_article()),
        ];
        for s in again.clone() {
            one_by_one.insert(s);
        }
        batched.insert_many(again);
        let counts = |index: &Index| {
            let id = index.find("ana perez").unwrap();
            (index.mention_count(id), index.article_count_of(id), index.quote_count(id), index.statistics())
        };
        assert_eq!(counts(&one_by_one), counts(&batched));
        assert_eq!(batched.article_count(), 2);
        assert_eq!(batched.remove_under(Path::new("/c")), 2);
        assert_eq!(batched.statistics(), Statistics::default());
        assert!(batched.find("ana perez").is_none());
        // Freed slots are reused.
        batched.insert(summarize(Path::new("/c/a.txt"), FIRST, &first_article()));
        assert_eq!(batched.article_count(), 1);
        assert_eq!(batched.articles.len(), 2);
    }

    #[test]
    fn removed_slots_are_reused_without_mixing_articles() {
        let mut index = corpus();
        index.remove(Path::new("/c/a.txt"));
        index.insert(summarize(Path::new("/c/z.txt"), FIRST, &first_article()));
        let id = index.find("ana perez").unwrap();
        let def = index.definition(id).unwrap();
        assert_eq!(index.article_path(def.article), Some(Path::new("/c/z.txt")));
    }

    #[test]
    fn search_forgives_case_and_accents_and_prefers_word_starts() {
        let index = corpus();
        let names: Vec<&str> =
            index.search("PEREZ", 10).iter().map(|&id| index.entity(id).unwrap().name.as_str()).collect();
        assert_eq!(names, ["Ana Pérez"]);
        let names: Vec<String> =
            index.search("ma", 10).iter().map(|&id| index.entity(id).unwrap().name.clone()).collect();
        assert_eq!(names, ["Madrid"]);
        assert!(index.search("zzz", 10).is_empty());
    }

    #[test]
    fn a_bare_surname_links_to_the_only_person_with_it() {
        let mut index = corpus();
        let text = "\"Talks went well,\" Pérez said.";
        let quote = span_of(text, "\"Talks went well,\"", 0);
        let analysis = analysis_with(
            text,
            vec![],
            vec![quoted(
                quote,
                Attribution {
                    mention: span_of(text, "Pérez", 0),
                    mention_text: "Pérez".into(),
                    cue: None,
                    cue_text: None,
                    speaker: "Pérez".into(),
                    kind: SpeakerKind::Name,
                },
            )],
        );
        index.insert(summarize(Path::new("/c/c.txt"), text, &analysis));
        let full = index.find("Ana Perez").unwrap();
        assert_eq!(index.find("Perez"), Some(full));
        assert_eq!(index.mention_count(full), 5);
        assert_eq!(index.quote_count(full), 3);
        assert_eq!(index.statistics().people, 1, "the surname is not a second person");
        // A second Pérez makes the bare surname ambiguous: it stands alone.
        let other = "Luis Pérez spoke.";
        let mut analysis = analysis_with(other, vec![], vec![]);
        analysis.entities =
            vec![entity("Luis Pérez", "Luis Pérez", span_of(other, "Luis Pérez", 0), EntityLabel::Person, None)];
        index.insert(summarize(Path::new("/c/d.txt"), other, &analysis));
        assert_ne!(index.find("Perez"), Some(full));
        assert_eq!(index.mention_count(full), 4);
    }

    fn registered(mut mention: EntityMention, id: &str) -> EntityMention {
        mention.entity = Some(id.to_string());
        mention
    }

    #[test]
    fn registered_mentions_are_one_entity_whatever_the_spelling() {
        let a =
            "Posted May 2nd, 2022\n\nMayor Lena Berg opened the bridge.\n\"It is finished,\" she said. Berg waved.\n";
        let b = "Posted May 4th, 2022\n\nLena Bergová, the city's mayor, cut the ribbon.\n";
        let quote = span_of(a, "\"It is finished,\"", 0);
        let first = analysis_with(
            a,
            vec![
                registered(
                    entity("Lena Berg", "Lena Berg", span_of(a, "Lena Berg", 0), EntityLabel::Person, Some("Mayor")),
                    "lena-berg",
                ),
                // The short form the article links to the full name, without an id.
                entity("Berg", "Lena Berg", span_of(a, "Berg", 1), EntityLabel::Person, None),
            ],
            vec![quoted(
                quote,
                Attribution {
                    mention: span_of(a, "she", 0),
                    mention_text: "she".into(),
                    cue: Some(span_of(a, "said", 0)),
                    cue_text: Some("said".into()),
                    speaker: "Lena Berg".into(),
                    kind: SpeakerKind::Pronoun,
                },
            )],
        );
        // Another spelling, which the registry lists as an alias.
        let second = analysis_with(
            b,
            vec![registered(
                entity("Lena Bergová", "Lena Bergová", span_of(b, "Lena Bergová", 0), EntityLabel::Person, None),
                "lena-berg",
            )],
            vec![],
        );
        let mut index = Index::new();
        index.insert(summarize(Path::new("/c/a.txt"), a, &first));
        index.insert(summarize(Path::new("/c/b.txt"), b, &second));
        let id = index.registered("lena-berg").expect("registered entity indexed");
        assert_eq!(index.entity(id).unwrap().registry.as_deref(), Some("lena-berg"));
        assert_eq!(index.mention_count(id), 4, "two spellings, the short form and the pronoun speaker");
        assert_eq!((index.article_count_of(id), index.quote_count(id)), (2, 1));
        assert_eq!(index.statistics().people, 1);
        // A name no registry linked (an article of a folder without a
        // registry) joins the registered entity of that name.
        assert_eq!(index.find("Lena Bergová"), Some(id));
        let c = "Lena Berg spoke.";
        let plain = analysis_with(
            c,
            vec![entity("Lena Berg", "Lena Berg", span_of(c, "Lena Berg", 0), EntityLabel::Person, None)],
            vec![],
        );
        index.insert(summarize(Path::new("/other/c.txt"), c, &plain));
        assert_eq!(index.mention_count(id), 5);
        assert_eq!(index.find("Lena Berg"), Some(id));
        index.remove(Path::new("/other/c.txt"));
        assert!(index.registered("nobody").is_none());
        index.remove(Path::new("/c/a.txt"));
        index.remove(Path::new("/c/b.txt"));
        assert!(index.registered("lena-berg").is_none(), "no mentions left");
    }

    #[test]
    fn an_unregistered_entity_is_adopted_by_the_registered_one_of_its_name() {
        let plain_text = "Omar Haddad spoke.";
        let plain = analysis_with(
            plain_text,
            vec![entity(
                "Omar Haddad",
                "Omar Haddad",
                span_of(plain_text, "Omar Haddad", 0),
                EntityLabel::Person,
                None,
            )],
            vec![],
        );
        let linked_text = "Minister Omar Haddad left.";
        let linked = analysis_with(
            linked_text,
            vec![registered(
                entity("Omar Haddad", "Omar Haddad", span_of(linked_text, "Omar Haddad", 0), EntityLabel::Person, None),
                "omar-haddad",
            )],
            vec![],
        );
        let mut index = Index::new();
        index.insert(summarize(Path::new("/b/plain.txt"), plain_text, &plain));
        index.insert(summarize(Path::new("/a/linked.txt"), linked_text, &linked));
        let id = index.registered("omar-haddad").unwrap();
        assert_eq!((index.mention_count(id), index.find("omar haddad")), (2, Some(id)));
        assert_eq!(index.statistics().people, 1);
    }

    #[test]
    fn ambiguous_mentions_and_their_quotes_join_no_entity() {
        let t = "Posted May 2nd, 2022\n\nKim Min-jun met Kim Seo-yeon.\n\"We agree,\" Kim said.\n";
        let kim = span_of(t, "Kim", 2);
        let mut bare = entity("Kim", "Kim", kim, EntityLabel::Person, None);
        bare.candidates = vec!["Kim Min-jun".into(), "Kim Seo-yeon".into()];
        let analysis = analysis_with(
            t,
            vec![
                registered(
                    entity("Kim Min-jun", "Kim Min-jun", span_of(t, "Kim Min-jun", 0), EntityLabel::Person, None),
                    "kim-min-jun",
                ),
                entity("Kim Seo-yeon", "Kim Seo-yeon", span_of(t, "Kim Seo-yeon", 0), EntityLabel::Person, None),
                bare,
            ],
            vec![quoted(
                span_of(t, "\"We agree,\"", 0),
                Attribution {
                    mention: kim,
                    mention_text: "Kim".into(),
                    cue: Some(span_of(t, "said", 0)),
                    cue_text: Some("said".into()),
                    speaker: "Kim".into(),
                    kind: SpeakerKind::ShortName,
                },
            )],
        );
        let mut index = Index::new();
        index.insert(summarize(Path::new("/c/kims.txt"), t, &analysis));
        let min_jun = index.registered("kim-min-jun").unwrap();
        let seo_yeon = index.find("Kim Seo-yeon").unwrap();
        assert_eq!((index.mention_count(min_jun), index.quote_count(min_jun)), (1, 0));
        assert_eq!((index.mention_count(seo_yeon), index.quote_count(seo_yeon)), (1, 0));
        assert!(index.find("Kim").is_none(), "the bare `Kim` is nobody's");
        assert_eq!(index.statistics().people, 2);
    }

    #[test]
    fn locate_counts_lines_and_units_like_lsp() {
        // CRLF, lone CR, LF break lines; U+2028 and NEL do not.
        let text = "a\r\nb😀c\rd\u{2028}e\u{85}f\n漢g";
        let offsets: Vec<usize> = vec![
            0,
            text.find('b').unwrap(),
            text.find('c').unwrap(),
            text.find('d').unwrap(),
            text.find('e').unwrap(),
            text.find('f').unwrap(),
            text.find('g').unwrap(),
            text.len() + 10,
        ];
        let points = locate(text, &offsets);
        let got: Vec<(u32, u32, u32)> = points.iter().map(|p| (p.line, p.byte_col, p.utf16_col)).collect();
        assert_eq!(got, [(0, 0, 0), (1, 0, 0), (1, 5, 3), (2, 0, 0), (2, 4, 2), (2, 7, 4), (3, 3, 1), (3, 4, 2)]);
        // Between \r and \n is the end of the first line; inside 😀 is its start.
        let inside = locate(text, &[2, text.find('😀').unwrap() + 1]);
        assert_eq!((inside[0].line, inside[0].byte_col), (0, 1));
        assert_eq!((inside[1].line, inside[1].byte_col), (1, 1));
    }

    #[test]
    fn summarize_all_skips_unreadable_files() {
        let paths = vec![PathBuf::from("/c/a.txt"), PathBuf::from("/c/missing.txt")];
        let summaries = Index::summarize_all(&paths, |p| {
            (p == Path::new("/c/a.txt")).then(|| (FIRST.to_string(), first_article()))
        });
        assert_eq!(summaries.len(), 1);
        let mut index = Index::new();
        for s in summaries {
            index.insert(s);
        }
        assert_eq!(index.statistics().people, 1);
    }
}
