//! `byline entities [PATH]`: who the corpus talks about, with how often and
//! where, and `--suggest`: registry entries for the frequent people and
//! organisations the registry does not list yet, ready to paste.
//!
//! Mentions a registry links are counted under the entry's id, whatever the
//! spelling; the others under their canonical name (case, accents and dots
//! folded, as the index links them). A mention that could be several entities
//! (`Kim` after two Kims) is no entity's and is only counted as ambiguous.

use crate::check::{display_path, registry_reports, write_human};
use byline_core::registry::{self, edits, Registry, RegistrySource};
use byline_core::{Analysis, EntityLabel};
use byline_corpus::index::normalize_name;
use byline_corpus::registry::LoadedRegistry;
use byline_corpus::session::{Overlays, Session};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Aligned columns for reading.
    Table,
    /// One JSON document.
    Json,
    /// RFC 4180 CSV, for spreadsheets.
    Csv,
}

pub struct Options {
    pub paths: Vec<PathBuf>,
    pub format: Format,
    pub suggest: bool,
    pub min_mentions: usize,
}

/// What a corpus entity is counted under.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Key {
    Registered(String),
    /// The folded canonical name. The kind is not part of it: detection
    /// sometimes takes a person for an organisation in one sentence, and
    /// one row with the usual kind reads better than two half rows.
    Unregistered(String),
}

/// One entity's share of one article.
struct ArticleEntity {
    key: Key,
    /// The kind of each mention.
    labels: Vec<EntityLabel>,
    /// Spellings of the canonical name and titles, as the article writes them.
    names: Vec<String>,
    titles: Vec<String>,
    mentions: usize,
    quotes: usize,
    /// Of `quotes`, those in reported or mixed speech.
    reported: usize,
}

#[derive(Default)]
struct ArticleCounts {
    entities: Vec<ArticleEntity>,
    ambiguous: usize,
    unreadable: Option<String>,
}

/// One row of the table.
#[derive(Serialize)]
struct Row {
    name: String,
    kind: &'static str,
    id: Option<String>,
    mentions: usize,
    articles: usize,
    /// Every quote the entity speaks: `direct_quotes + reported_quotes`.
    quotes: usize,
    /// Quotations in quotation marks.
    direct_quotes: usize,
    /// Reported and mixed speech.
    reported_quotes: usize,
    #[serde(skip)]
    label: EntityLabel,
    #[serde(skip)]
    titles: Vec<(String, usize)>,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    version: u32,
    articles: usize,
    ambiguous_mentions: usize,
    entities: &'a [Row],
}

pub fn run(options: Options) -> ExitCode {
    let paths = if options.paths.is_empty() { vec![PathBuf::from(".")] } else { options.paths.clone() };
    // Ids mean something within one registry: the paths must be of one corpus.
    let mut corpora = match crate::check::corpora_named(&paths) {
        Ok(corpora) => corpora,
        Err(code) => return code,
    };
    if corpora.len() > 1 {
        let roots: Vec<String> = corpora.iter().map(|c| format!("`{}`", display_path(&c.config.root))).collect();
        crate::output::error(format!(
            "the paths belong to {} corpora ({}); byline entities counts one corpus's entities at a time",
            corpora.len(),
            roots.join(", ")
        ));
        return ExitCode::from(2);
    }
    let Some(corpus) = corpora.pop() else {
        let shown: Vec<String> = paths.iter().map(|p| format!("`{}`", p.display())).collect();
        crate::output::error(format!("nothing to count: no articles in {}", shown.join(", ")));
        return ExitCode::from(2);
    };
    let session = Session::load(corpus.config, Overlays::new());
    let (config, loaded) = (&session.config, &session.registry);
    // The counts are still worth having with a broken registry, but the
    // person should know some entries were not read.
    let registry_problems: Vec<_> =
        registry_reports(loaded, config).into_iter().filter(|r| r.severity == byline_core::Severity::Error).collect();
    let _ = write_human(&mut io::stderr().lock(), &registry_problems);

    let files = session.articles_among(corpus.articles);
    let progress = progress_bar(files.len() as u64);
    let per_article: Vec<ArticleCounts> = files
        .par_iter()
        .map(|file| {
            let counts = match session.analyze(file) {
                Ok((_, analysis)) => count_article(&analysis),
                Err(e) => {
                    ArticleCounts { unreadable: Some(format!("{}: {e}", display_path(file))), ..Default::default() }
                }
            };
            progress.inc(1);
            counts
        })
        .collect();
    progress.finish_and_clear();
    for unreadable in per_article.iter().filter_map(|a| a.unreadable.as_deref()) {
        crate::output::error(format!("skipped {unreadable}"));
    }
    let ambiguous: usize = per_article.iter().map(|a| a.ambiguous).sum();
    let rows = aggregate(per_article, &loaded.registry);

    let mut out = io::BufWriter::new(io::stdout().lock());
    let written = if options.suggest {
        write_suggestions(&mut out, &rows, loaded, options.min_mentions)
    } else {
        match options.format {
            Format::Table => write_table(&mut out, &rows),
            Format::Csv => write_csv(&mut out, &rows),
            Format::Json => {
                let report =
                    JsonReport { version: 1, articles: files.len(), ambiguous_mentions: ambiguous, entities: &rows };
                serde_json::to_writer_pretty(&mut out, &report).map_err(io::Error::from).and_then(|_| writeln!(out))
            }
        }
    };
    if let Err(e) = written.and_then(|_| out.flush()) {
        if e.kind() != io::ErrorKind::BrokenPipe {
            crate::output::error(format!("cannot write: {e}"));
            return ExitCode::from(2);
        }
    }
    if options.format == Format::Table && !options.suggest && io::stderr().is_terminal() {
        eprintln!(
            "{} in {}; {} not counted",
            crate::output::count(rows.len(), "entity"),
            crate::output::count(files.len(), "article"),
            crate::output::count(ambiguous, "ambiguous mention")
        );
    }
    ExitCode::SUCCESS
}

fn progress_bar(total: u64) -> ProgressBar {
    // Only a person watching a terminal wants a bar; tools read stdout.
    if !io::stderr().is_terminal() || total < 50 {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template("{spinner} reading {pos}/{len} articles {wide_bar} {eta}") {
        bar.set_style(style);
    }
    bar
}

/// Each entity's mentions, quotes and titles in one article.
fn count_article(analysis: &Analysis) -> ArticleCounts {
    let mut counts = ArticleCounts::default();
    let mut by_key: HashMap<Key, usize> = HashMap::new();
    // Span of each counted mention, and folded name, to its entity: how a
    // quote's speaker finds the entity it names.
    let mut at_span: HashMap<(usize, usize), usize> = HashMap::new();
    let mut by_name: HashMap<String, usize> = HashMap::new();
    for mention in &analysis.entities {
        let key = match &mention.entity {
            Some(id) => Key::Registered(id.clone()),
            None if !mention.candidates.is_empty() => {
                counts.ambiguous += 1;
                continue;
            }
            None => {
                let folded = normalize_name(&mention.canonical);
                if folded.is_empty() {
                    continue;
                }
                Key::Unregistered(folded)
            }
        };
        let index = *by_key.entry(key.clone()).or_insert_with(|| {
            counts.entities.push(ArticleEntity {
                key,
                labels: Vec::new(),
                names: Vec::new(),
                titles: Vec::new(),
                mentions: 0,
                quotes: 0,
                reported: 0,
            });
            counts.entities.len() - 1
        });
        let entity = &mut counts.entities[index];
        entity.mentions += 1;
        entity.labels.push(mention.label);
        entity.names.push(mention.canonical.trim().to_string());
        if let Some(title) = mention.title.as_deref().map(str::trim).filter(|t| !t.is_empty() && !is_honorific(t)) {
            entity.titles.push(title.to_string());
        }
        at_span.insert((mention.span.start, mention.span.end), index);
        by_name.entry(normalize_name(&mention.canonical)).or_insert(index);
    }
    for quote in &analysis.quotes {
        let Some(speaker) = &quote.speaker else { continue };
        let index = at_span
            .get(&(speaker.mention.start, speaker.mention.end))
            .or_else(|| by_name.get(&normalize_name(&speaker.speaker)));
        if let Some(&index) = index {
            counts.entities[index].quotes += 1;
            counts.entities[index].reported += usize::from(!quote.is_direct());
        }
    }
    counts
}

/// `Mr.` or `Dr.` says how a paper addresses someone, not what they do: no
/// role for a registry entry.
fn is_honorific(title: &str) -> bool {
    const HONORIFICS: &[&str] =
        &["mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "madam", "mme", "messrs"];
    let word = title.trim_end_matches('.').to_lowercase();
    HONORIFICS.contains(&word.as_str())
}

/// The corpus's rows, most mentioned first.
fn aggregate(per_article: Vec<ArticleCounts>, registry: &Registry) -> Vec<Row> {
    struct Total {
        labels: HashMap<EntityLabel, usize>,
        names: HashMap<String, usize>,
        titles: HashMap<String, usize>,
        mentions: usize,
        articles: usize,
        quotes: usize,
        reported: usize,
    }
    let mut totals: BTreeMap<Key, Total> = BTreeMap::new();
    for entity in per_article.into_iter().flat_map(|a| a.entities) {
        let total = totals.entry(entity.key).or_insert_with(|| Total {
            labels: HashMap::new(),
            names: HashMap::new(),
            titles: HashMap::new(),
            mentions: 0,
            articles: 0,
            quotes: 0,
            reported: 0,
        });
        total.mentions += entity.mentions;
        total.quotes += entity.quotes;
        total.reported += entity.reported;
        total.articles += 1;
        for label in entity.labels {
            *total.labels.entry(label).or_default() += 1;
        }
        for name in entity.names {
            *total.names.entry(name).or_default() += 1;
        }
        for title in entity.titles {
            *total.titles.entry(title).or_default() += 1;
        }
    }
    let mut rows: Vec<Row> = totals
        .into_iter()
        .map(|(key, total)| {
            let label = most_frequent(&total.labels).unwrap_or(EntityLabel::Person);
            let (id, name, label) = match key {
                Key::Registered(id) => match registry.get(&id) {
                    Some(entry) => (Some(id), entry.name.clone(), entry.kind),
                    None => (Some(id), most_frequent(&total.names).unwrap_or_default(), label),
                },
                Key::Unregistered(..) => (None, most_frequent(&total.names).unwrap_or_default(), label),
            };
            let mut titles: Vec<(String, usize)> = total.titles.into_iter().collect();
            titles.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            Row {
                name,
                kind: registry::table_name(label),
                id,
                mentions: total.mentions,
                articles: total.articles,
                quotes: total.quotes,
                direct_quotes: total.quotes - total.reported,
                reported_quotes: total.reported,
                label,
                titles,
            }
        })
        .collect();
    rows.sort_by(|a, b| {
        b.mentions.cmp(&a.mentions).then_with(|| b.articles.cmp(&a.articles)).then_with(|| a.name.cmp(&b.name))
    });
    rows
}

/// The most frequent value (spelling, kind); ties go to the first in
/// order, so the output does not depend on hash order.
fn most_frequent<T: Ord + Clone>(counts: &HashMap<T, usize>) -> Option<T> {
    counts.iter().max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0))).map(|(value, _)| value.clone())
}

const HEADER: [&str; 8] = ["name", "kind", "id", "mentions", "articles", "quotes", "direct", "reported"];

fn cells(row: &Row) -> [String; 8] {
    [
        row.name.clone(),
        row.kind.to_string(),
        row.id.clone().unwrap_or_else(|| "-".to_string()),
        row.mentions.to_string(),
        row.articles.to_string(),
        row.quotes.to_string(),
        row.direct_quotes.to_string(),
        row.reported_quotes.to_string(),
    ]
}

fn write_table(out: &mut impl Write, rows: &[Row]) -> io::Result<()> {
    let body: Vec<[String; 8]> = rows.iter().map(cells).collect();
    let mut widths = HEADER.map(str::len);
    for row in &body {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let header = HEADER.map(str::to_uppercase);
    for row in std::iter::once(&header).chain(&body) {
        let mut line = String::new();
        for (i, (cell, width)) in row.iter().zip(widths).enumerate() {
            let pad = width.saturating_sub(cell.chars().count());
            // Text left, counts right, as a reader scans them.
            if i < 3 {
                line.push_str(cell);
                if i + 1 < row.len() {
                    line.push_str(&" ".repeat(pad + 2));
                }
            } else {
                line.push_str(&" ".repeat(pad));
                line.push_str(cell);
                if i + 1 < row.len() {
                    line.push_str("  ");
                }
            }
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

/// RFC 4180: CRLF line ends, fields with a comma, quote or line break
/// quoted, quotes doubled. An unregistered entity's id is empty.
fn write_csv(out: &mut impl Write, rows: &[Row]) -> io::Result<()> {
    write!(out, "{}\r\n", HEADER.join(","))?;
    for row in rows {
        let mut fields = cells(row);
        if row.id.is_none() {
            fields[2].clear();
        }
        let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        write!(out, "{}\r\n", line.join(","))?;
    }
    Ok(())
}

fn csv_field(field: &str) -> String {
    if field.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

/// Registry entries for the unregistered people and organisations mentioned
/// at least `min_mentions` times, most mentioned first, each with the title
/// the corpus gives it most often.
fn write_suggestions(
    out: &mut impl Write,
    rows: &[Row],
    loaded: &LoadedRegistry,
    min_mentions: usize,
) -> io::Result<()> {
    let wanted: Vec<&Row> = rows
        .iter()
        .filter(|r| r.id.is_none() && r.mentions >= min_mentions)
        .filter(|r| matches!(r.label, EntityLabel::Person | EntityLabel::Organization))
        .collect();
    if wanted.is_empty() {
        writeln!(out, "# No unregistered person or organisation is mentioned {min_mentions} times or more.")?;
        return Ok(());
    }
    writeln!(
        out,
        "# {} (unregistered, mentioned {min_mentions}+ times), most mentioned first.",
        crate::output::count(wanted.len(), "suggested registry entry")
    )?;
    writeln!(out, "# Check each one, then paste them into the corpus's entities.toml.")?;
    let mut suggested = String::new();
    let mut suggested_ids: HashSet<String> = HashSet::new();
    for row in wanted {
        let title = row.titles.first().map(|(t, _)| t.as_str());
        let mut block = edits::new_entry(&loaded.registry, row.label, &row.name, title);
        let mut id = block_id(&block);
        if id.as_ref().is_some_and(|id| suggested_ids.contains(id)) {
            // Two suggestions with one slug (`Kim Jong-un`, `Kim Jong Un`):
            // ask again with the earlier suggestions counted as registered.
            let mut views: Vec<RegistrySource> =
                loaded.sources.iter().map(|(path, text)| RegistrySource { name: path_name(path), text }).collect();
            views.push(RegistrySource { name: "suggested", text: &suggested });
            let with_suggested = registry::parse(&views);
            block = edits::new_entry(&with_suggested, row.label, &row.name, title);
            id = block_id(&block);
        }
        suggested_ids.extend(id);
        let (mentions, articles) = (row.mentions, row.articles);
        writeln!(out, "\n# {mentions} mention{} in {articles} article{}", plural(mentions), plural(articles))?;
        write!(out, "{block}")?;
        suggested.push_str(&block);
        suggested.push('\n');
    }
    Ok(())
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn path_name(path: &std::path::Path) -> &str {
    path.to_str().unwrap_or("registry")
}

/// The id a rendered entry block carries.
fn block_id(block: &str) -> Option<String> {
    registry::parse(&[RegistrySource { name: "suggested", text: block }]).entries.first().map(|e| e.id.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use byline_core::{analyze, AnalyzeOptions};

    fn row(name: &str, id: Option<&str>, mentions: usize) -> Row {
        Row {
            name: name.to_string(),
            kind: "person",
            id: id.map(str::to_string),
            mentions,
            articles: 1,
            quotes: 0,
            direct_quotes: 0,
            reported_quotes: 0,
            label: EntityLabel::Person,
            titles: Vec::new(),
        }
    }

    #[test]
    fn csv_quotes_only_what_needs_it_and_ends_lines_with_crlf() {
        let rows = [row("Smith, \"Red\" John", None, 3), row("Ana Silva", Some("ana-silva"), 2)];
        let mut out = Vec::new();
        write_csv(&mut out, &rows).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "name,kind,id,mentions,articles,quotes,direct,reported\r\n\"Smith, \"\"Red\"\" John\",person,,3,1,0,0,0\r\nAna Silva,person,ana-silva,2,1,0,0,0\r\n"
        );
    }

    #[test]
    fn table_aligns_names_left_and_counts_right() {
        let rows = [row("Ana Silva", Some("ana-silva"), 12), row("Bo", None, 3)];
        let mut out = Vec::new();
        write_table(&mut out, &rows).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "NAME       KIND    ID         MENTIONS  ARTICLES  QUOTES  DIRECT  REPORTED");
        assert_eq!(lines[1], "Ana Silva  person  ana-silva        12         1       0       0         0");
        assert_eq!(lines[2], "Bo         person  -                 3         1       0       0         0");
    }

    #[test]
    fn quotes_count_for_the_entity_the_speaker_names() {
        let text = "\"We will not wait,\" said Ana Silva, the port director. Silva met Peter Novak on Monday.\n\n\"Fine,\" Novak said.\n";
        let analysis = analyze(text, &AnalyzeOptions::default());
        let counts = count_article(&analysis);
        let silva =
            counts.entities.iter().find(|e| e.key == Key::Unregistered("ana silva".into())).expect("Ana Silva counted");
        assert_eq!((silva.mentions, silva.quotes), (2, 1));
        assert_eq!(silva.titles, Vec::<String>::new());
        let novak =
            counts.entities.iter().find(|e| e.names.iter().any(|n| n == "Peter Novak")).expect("Peter Novak counted");
        assert_eq!((novak.mentions, novak.quotes), (2, 1));
    }

    #[test]
    fn reported_speech_counts_apart_from_quotations() {
        let text = "Ana Silva said the port would reopen on Monday. \"We are ready,\" Silva said.\n";
        let counts = count_article(&analyze(text, &AnalyzeOptions::default()));
        let silva = counts.entities.iter().find(|e| e.names.iter().any(|n| n == "Ana Silva")).expect("counted");
        assert_eq!((silva.quotes, silva.reported), (2, 1));
    }

    #[test]
    fn honorifics_are_not_roles() {
        let text = "Mr. Peter Novak arrived. Transport Minister Peter Novak spoke. Dr. Ana Silva listened.\n";
        let counts = count_article(&analyze(text, &AnalyzeOptions::default()));
        let titles: Vec<&str> = counts.entities.iter().flat_map(|e| &e.titles).map(String::as_str).collect();
        assert_eq!(titles, ["Transport Minister"]);
    }
}
