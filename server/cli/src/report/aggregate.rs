//! The corpus's totals, built one article at a time: nothing is kept per
//! article except the rows of the article table, which is bounded. Memory
//! grows with the number of distinct entities, days and co-mentioned pairs,
//! not with the number of articles; the pairs are pruned past a cap.

use super::facts::{ArticleFacts, Key};
use byline_core::CivilDate;
use std::collections::{BTreeMap, HashMap};

/// Co-mention pairs kept before the rarest are dropped.
pub(super) const MAX_PAIRS: usize = 1_000_000;
/// The entities of one article that co-mentions look at: its most
/// mentioned people and organisations.
const PAIR_ENTITIES_PER_ARTICLE: usize = 12;
/// The highest bucket of the sources-per-article histogram ("this many or more").
pub const MAX_SOURCES_BUCKET: usize = 10;
/// Entity kinds in the order ties are broken (the core's label order).
pub const KINDS: [&str; 4] = ["person", "organization", "place", "other"];

#[derive(Default)]
pub struct EntityTotal {
    pub key_index: u32,
    /// Mentions by kind, in [`KINDS`] order.
    kinds: [usize; 4],
    names: HashMap<String, usize>,
    genders: HashMap<String, usize>,
    pub mentions: usize,
    pub articles: usize,
    pub quotes: usize,
    pub quotes_by_kind: [usize; 3],
    pub words_by_kind: [usize; 3],
    /// Quotes per publication day (days since 1970-01-01).
    pub quotes_by_day: HashMap<i64, u32>,
}

impl EntityTotal {
    /// The most frequent spelling; ties to the first in order, as `byline entities`.
    pub fn name(&self) -> String {
        most_frequent(&self.names).unwrap_or_default()
    }
    /// The kind most mentions have; ties to the first in [`KINDS`], as
    /// `byline entities` breaks them.
    pub fn kind(&self) -> &'static str {
        let mut best = 0;
        for (i, count) in self.kinds.iter().enumerate() {
            if *count > self.kinds[best] {
                best = i;
            }
        }
        KINDS[best]
    }
    /// The gender most of its articles give, when any gives one.
    pub fn gender(&self) -> Option<String> {
        most_frequent(&self.genders)
    }
}

fn most_frequent<T: Ord + Clone>(counts: &HashMap<T, usize>) -> Option<T> {
    counts.iter().max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0))).map(|(value, _)| value.clone())
}

#[derive(Default, Clone, Copy)]
pub struct DayTotal {
    pub articles: usize,
    pub quotes: usize,
    pub mentions: usize,
}

/// A row of the article table.
#[derive(Clone)]
pub struct ArticleRow {
    pub id: String,
    pub path: Option<std::path::PathBuf>,
    pub title: Option<String>,
    pub date: Option<CivilDate>,
    pub sources: usize,
    pub quotes: usize,
    pub mentions: usize,
    pub problems: Option<usize>,
}

impl ArticleRow {
    /// The table keeps the articles most worth opening when it cannot keep
    /// them all: most problems, then most quotes, then by name.
    fn rank(&self) -> (std::cmp::Reverse<usize>, std::cmp::Reverse<usize>, &str) {
        (std::cmp::Reverse(self.problems.unwrap_or(0)), std::cmp::Reverse(self.quotes), self.id.as_str())
    }
}

pub struct Totals {
    pub articles: usize,
    pub articles_dated: usize,
    pub mentions: usize,
    pub ambiguous_mentions: usize,
    pub quotes_by_kind: [usize; 3],
    pub words_by_kind: [usize; 3],
    /// Quotes whose speaker is no entity (a pronoun left unresolved, a speaker not found).
    pub quotes_without_source: usize,
    keys: Vec<Key>,
    key_index: HashMap<Key, u32>,
    pub entities: Vec<EntityTotal>,
    pub days: BTreeMap<i64, DayTotal>,
    pub months_mentioned: BTreeMap<(i32, u32), usize>,
    /// Articles by how many distinct sources they quote (last bucket: that many or more).
    pub sources_per_article: [usize; MAX_SOURCES_BUCKET + 1],
    pub pairs: HashMap<(u32, u32), u32>,
    /// Set when rare co-mention pairs had to be dropped to bound memory.
    pub pairs_pruned: bool,
    /// Problems by rule, from the checker (corpus folders only).
    pub checked: bool,
    pub problems_by_rule: BTreeMap<&'static str, usize>,
    pub articles_with_problems: usize,
    pub articles_annotated: usize,
    pub marks_total: usize,
    pub marks_confirmed: usize,
    pub marks_contradicted: usize,
    table: Vec<ArticleRow>,
    table_limit: usize,
    pub table_truncated: bool,
}

impl Totals {
    pub fn new(table_limit: usize) -> Totals {
        Totals {
            articles: 0,
            articles_dated: 0,
            mentions: 0,
            ambiguous_mentions: 0,
            quotes_by_kind: [0; 3],
            words_by_kind: [0; 3],
            quotes_without_source: 0,
            keys: Vec::new(),
            key_index: HashMap::new(),
            entities: Vec::new(),
            days: BTreeMap::new(),
            months_mentioned: BTreeMap::new(),
            sources_per_article: [0; MAX_SOURCES_BUCKET + 1],
            pairs: HashMap::new(),
            pairs_pruned: false,
            checked: false,
            problems_by_rule: BTreeMap::new(),
            articles_with_problems: 0,
            articles_annotated: 0,
            marks_total: 0,
            marks_confirmed: 0,
            marks_contradicted: 0,
            table: Vec::new(),
            table_limit: table_limit.max(1),
            table_truncated: false,
        }
    }

    pub fn key(&self, index: u32) -> &Key {
        &self.keys[index as usize]
    }

    fn intern(&mut self, key: &Key) -> u32 {
        if let Some(&index) = self.key_index.get(key) {
            return index;
        }
        let index = self.keys.len() as u32;
        self.keys.push(key.clone());
        self.key_index.insert(key.clone(), index);
        self.entities.push(EntityTotal { key_index: index, ..Default::default() });
        index
    }

    pub fn add(&mut self, article: ArticleFacts) {
        self.articles += 1;
        let day = article.date.map(|d| d.days_since_epoch());
        if day.is_some() {
            self.articles_dated += 1;
        }
        self.ambiguous_mentions += article.ambiguous_mentions;
        let indices: Vec<u32> = article.entities.iter().map(|e| self.intern(&e.key)).collect();
        let mut article_mentions = 0;
        for (entity, &index) in article.entities.iter().zip(&indices) {
            let total = &mut self.entities[index as usize];
            total.mentions += entity.mentions;
            total.articles += 1;
            total.quotes += entity.quotes;
            for kind in &entity.kinds {
                let i = KINDS.iter().position(|k| k == kind).unwrap_or(KINDS.len() - 1);
                total.kinds[i] += 1;
            }
            for name in &entity.names {
                match total.names.get_mut(name.as_str()) {
                    Some(count) => *count += 1,
                    None => {
                        total.names.insert(name.clone(), 1);
                    }
                }
            }
            if let Some(gender) = &entity.gender {
                *total.genders.entry(gender.clone()).or_default() += 1;
            }
            article_mentions += entity.mentions;
        }
        self.mentions += article_mentions;

        let mut sources: Vec<u32> = Vec::new();
        for quote in &article.quotes {
            let kind = quote.kind.index();
            self.quotes_by_kind[kind] += 1;
            self.words_by_kind[kind] += quote.words;
            match quote.speaker {
                Some(speaker) => {
                    let index = indices[speaker];
                    let total = &mut self.entities[index as usize];
                    total.quotes_by_kind[kind] += 1;
                    total.words_by_kind[kind] += quote.words;
                    if let Some(day) = day {
                        *total.quotes_by_day.entry(day).or_default() += 1;
                    }
                    if !sources.contains(&index) {
                        sources.push(index);
                    }
                }
                None => self.quotes_without_source += 1,
            }
        }
        self.sources_per_article[sources.len().min(MAX_SOURCES_BUCKET)] += 1;
        if let Some(day) = day {
            let total = self.days.entry(day).or_default();
            total.articles += 1;
            total.quotes += article.quotes.len();
            total.mentions += article_mentions;
        }
        for month in &article.months_mentioned {
            *self.months_mentioned.entry(*month).or_default() += 1;
        }
        self.add_pairs(&article, &indices);

        let problems = article.check.as_ref().map(|c| c.problems.len());
        if let Some(check) = &article.check {
            self.checked = true;
            for rule in &check.problems {
                *self.problems_by_rule.entry(rule).or_default() += 1;
            }
            if !check.problems.is_empty() {
                self.articles_with_problems += 1;
            }
            self.articles_annotated += usize::from(check.annotated);
            self.marks_total += check.marks_total;
            self.marks_confirmed += check.marks_confirmed;
            self.marks_contradicted += check.marks_contradicted;
        }
        self.push_row(ArticleRow {
            id: article.id,
            path: article.path,
            title: article.title,
            date: article.date,
            sources: sources.len(),
            quotes: article.quotes.len(),
            mentions: article_mentions,
            problems,
        });
    }

    /// Problems found outside any article (registry, `annotation.conf`,
    /// label conflicts across articles).
    pub fn add_corpus_problems(&mut self, rules: impl IntoIterator<Item = &'static str>) {
        self.checked = true;
        for rule in rules {
            *self.problems_by_rule.entry(rule).or_default() += 1;
        }
    }

    fn add_pairs(&mut self, article: &ArticleFacts, indices: &[u32]) {
        let mut people: Vec<(usize, u32)> = article
            .entities
            .iter()
            .zip(indices)
            .filter(|(e, _)| e.kinds.iter().any(|k| *k == "person" || *k == "organization"))
            .map(|(e, &i)| (e.mentions, i))
            .collect();
        people.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        people.truncate(PAIR_ENTITIES_PER_ARTICLE);
        for (i, &(_, a)) in people.iter().enumerate() {
            for &(_, b) in &people[i + 1..] {
                *self.pairs.entry((a.min(b), a.max(b))).or_default() += 1;
            }
        }
        if self.pairs.len() > MAX_PAIRS {
            // Lossy counting: the pairs seen least often go first; the
            // frequent pairs the report shows survive.
            let mut floor = 1;
            while self.pairs.len() > MAX_PAIRS / 2 {
                self.pairs.retain(|_, count| *count > floor);
                floor += 1;
            }
            self.pairs_pruned = true;
        }
    }

    fn push_row(&mut self, row: ArticleRow) {
        self.table.push(row);
        if self.table.len() >= 2 * self.table_limit {
            self.trim_table();
        }
    }

    fn trim_table(&mut self) {
        if self.table.len() > self.table_limit {
            self.table.sort_by(|a, b| a.rank().cmp(&b.rank()));
            self.table.truncate(self.table_limit);
            self.table_truncated = true;
        }
    }

    /// The article table, by date then name.
    pub fn article_rows(&mut self) -> Vec<ArticleRow> {
        self.trim_table();
        let mut rows = self.table.clone();
        rows.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.id.cmp(&b.id)));
        rows
    }

    /// Entities ordered as `byline entities` orders them: most mentioned,
    /// then in most articles, then by name.
    pub fn entities_by_mentions(&self, names: &[String]) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.entities.len()).collect();
        order.sort_by(|&a, &b| {
            let (x, y) = (&self.entities[a], &self.entities[b]);
            y.mentions.cmp(&x.mentions).then(y.articles.cmp(&x.articles)).then_with(|| names[a].cmp(&names[b]))
        });
        order
    }

    pub fn total_quotes(&self) -> usize {
        self.quotes_by_kind.iter().sum()
    }
}

#[cfg(test)]
mod tests {
    use super::super::facts::{from_line, QuoteKind};
    use super::*;

    fn line(id: &str, problems_free: bool) -> ArticleFacts {
        let mut facts = from_line(&format!(
            r#"{{"id": "{id}", "dct": "2024-03-0{}", "entities": [
            {{"start": 0, "end": 9, "label": "PER", "entity": "Ana Silva", "name": "Ana Silva"}},
            {{"start": 20, "end": 31, "label": "ORG", "entity": "World Bank", "name": "World Bank"}}],
            "quotes": [{{"start": 40, "end": 50, "direct": true, "speaker": "Ana Silva", "speaker_start": 0, "speaker_end": 9, "words": 5}}]}}"#,
            id.len()
        ))
        .unwrap();
        facts.check = Some(super::super::facts::CheckFacts {
            problems: if problems_free { vec![] } else { vec!["unbalanced-quote"] },
            ..Default::default()
        });
        facts
    }

    #[test]
    fn totals_add_up_article_by_article_and_the_table_keeps_the_most_troubled() {
        let mut totals = Totals::new(2);
        for (id, clean) in [("a", true), ("bb", false), ("ccc", true), ("dddd", false), ("eeeee", true)] {
            totals.add(line(id, clean));
        }
        assert_eq!((totals.articles, totals.mentions, totals.total_quotes()), (5, 10, 5));
        assert_eq!(totals.words_by_kind[QuoteKind::Direct.index()], 25);
        let silva = &totals.entities[0];
        assert_eq!((silva.name(), silva.mentions, silva.articles, silva.quotes), ("Ana Silva".to_string(), 5, 5, 5));
        assert_eq!(totals.pairs.get(&(0, 1)), Some(&5));
        assert_eq!(totals.sources_per_article[1], 5);
        assert_eq!(totals.problems_by_rule.get("unbalanced-quote"), Some(&2));
        let rows = totals.article_rows();
        let ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["bb", "dddd"]);
        assert!(totals.table_truncated);
    }
}
