//! Where the report's articles come from, streamed in chunks so memory
//! stays bounded: a corpus folder, analysed and checked exactly as
//! `byline check` and `byline entities` do it, or `--from` files of
//! `byline annotate --jsonl` output.

use super::aggregate::Totals;
use super::facts::{self, ArticleFacts, CheckFacts};
use crate::check::{self, display_path, CheckedArticle};
use byline_core::standoff::merge::{merge, MarkStatus};
use byline_core::Analysis;
use byline_corpus::annotations::Annotated;
use byline_corpus::config::Config;
use byline_corpus::discover::articles_under;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use std::collections::HashMap;
use std::io::{self, BufRead};
use std::path::{Path, PathBuf};

/// Articles analysed in parallel per step: enough to keep both cores busy,
/// few enough that memory does not grow with the corpus.
const CHUNK: usize = 256;

pub struct Gathered {
    pub totals: Totals,
    /// Registry id to (name, kind), so linked entities are named as the
    /// registry names them (as in `byline entities`).
    pub registry_names: HashMap<String, (String, &'static str)>,
    pub title: String,
    pub failures: usize,
}

pub fn from_corpus(paths: &[PathBuf], max_articles: usize) -> Result<Gathered, String> {
    let mut groups: Vec<(Config, Vec<PathBuf>)> = Vec::new();
    for path in paths {
        if !path.exists() {
            return Err(format!("{}: no such file or folder", path.display()));
        }
        let config = Config::discover(path).map_err(|e| e.to_string())?;
        let files = articles_under(&config, std::slice::from_ref(path));
        match groups.iter_mut().find(|(c, _)| c.file == config.file && c.root == config.root) {
            Some((_, existing)) => existing.extend(files),
            None => groups.push((config, files)),
        }
    }
    let title = groups
        .first()
        .and_then(|(config, _)| std::path::absolute(&config.root).ok())
        .and_then(|root| root.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "corpus".to_string());
    let total: usize = groups.iter().map(|(_, f)| f.len()).sum();
    let progress = progress_bar(total as u64, "reading");
    let mut totals = Totals::new(max_articles);
    let mut registry_names = HashMap::new();
    for (config, mut files) in groups {
        files.sort();
        files.dedup();
        let mut corpus_problems = Vec::new();
        let session = check::open_session(&config, &mut files, &mut corpus_problems);
        let (options, checker) = (session.analyze_options(), session.checker());
        for entry in &session.registry.registry.entries {
            registry_names
                .entry(entry.id.clone())
                .or_insert_with(|| (entry.name.clone(), byline_core::registry::table_name(entry.kind)));
        }
        let mut annotated: Vec<Annotated> = Vec::new();
        // Adding a chunk to the totals is sequential (it keeps the corpus's
        // order): it runs beside the next chunk's analysis, not between.
        let mut pending: Vec<(ArticleFacts, Option<Annotated>)> = Vec::new();
        let mut add = |checked: &mut Vec<(ArticleFacts, Option<Annotated>)>| {
            for (facts, article) in checked.drain(..) {
                totals.add(facts);
                annotated.extend(article);
            }
        };
        for chunk in files.chunks(CHUNK) {
            let (checked, ()) = rayon::join(
                || {
                    chunk
                        .par_iter()
                        .map(|file| {
                            let checked = check::check_article_analysed(file, &config, &options, &checker);
                            progress.inc(1);
                            article_facts(file, &config, checked)
                        })
                        .collect::<Vec<_>>()
                },
                || add(&mut pending),
            );
            pending = checked;
        }
        add(&mut pending);
        corpus_problems.extend(check::label_conflict_reports(&annotated, &config));
        totals.add_corpus_problems(corpus_problems.iter().map(|r| r.code));
    }
    progress.finish_and_clear();
    Ok(Gathered { totals, registry_names, title, failures: 0 })
}

/// One checked article as report facts; an annotated article comes back
/// for the corpus-wide rules, as `byline check` keeps it.
fn article_facts(file: &Path, config: &Config, checked: CheckedArticle) -> (ArticleFacts, Option<Annotated>) {
    let id = byline_corpus_relative(file, config);
    let problems: Vec<&'static str> = checked.reported.iter().map(|r| r.code).collect();
    let Some(article) = checked.article else {
        let facts = ArticleFacts {
            path: Some(file.to_path_buf()),
            check: Some(CheckFacts { problems, ..Default::default() }),
            ..empty_facts(&id)
        };
        return (facts, None);
    };
    let mut facts = facts::from_analysis(id, &article.text, &article.analysis);
    facts.path = Some(file.to_path_buf());
    facts.title = headline(&article.text, &article.analysis);
    let mut check = CheckFacts { problems, ..Default::default() };
    if let Some(annotations) = &article.annotations {
        check.annotated = true;
        for mark in merge(&article.text, &article.analysis, &annotations.file).detected {
            check.marks_total += 1;
            match mark.status {
                MarkStatus::Confirmed { .. } => check.marks_confirmed += 1,
                MarkStatus::Contradicted { .. } => check.marks_contradicted += 1,
                MarkStatus::Suggested => {}
            }
        }
    }
    facts.check = Some(check);
    let annotated = article.annotations.map(|annotations| Annotated {
        article: file.to_path_buf(),
        text: article.text,
        annotations,
    });
    (facts, annotated)
}

fn empty_facts(id: &str) -> ArticleFacts {
    ArticleFacts {
        id: id.to_string(),
        path: None,
        title: None,
        date: None,
        entities: Vec::new(),
        quotes: Vec::new(),
        ambiguous_mentions: 0,
        months_mentioned: Vec::new(),
        check: None,
    }
}

fn byline_corpus_relative(file: &Path, config: &Config) -> String {
    crate::export::relative_name(file, &config.root).unwrap_or_else(|| display_path(file))
}

/// The article's title: its front matter's, else its first paragraph when
/// that reads as a headline (one short line).
fn headline(text: &str, analysis: &Analysis) -> Option<String> {
    if let Some(title) = analysis.metadata.title.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        return Some(title.to_string());
    }
    let first = analysis.paragraphs.iter().find(|p| p.debris.is_none())?;
    let line = text.get(first.span.start..first.span.end)?.trim();
    (!line.contains('\n') && line.chars().count() <= 160).then(|| line.trim_start_matches('#').trim().to_string())
}

/// Reads `--from` inputs: files of `annotate --jsonl` output, folders of
/// output partitions (every file in them, by name), or `-` for stdin.
pub fn from_jsonl(inputs: &[PathBuf], max_articles: usize) -> Result<Gathered, String> {
    let mut files: Vec<PathBuf> = Vec::new();
    for input in inputs {
        if input.as_os_str() == "-" || input.is_file() {
            files.push(input.clone());
        } else if input.is_dir() {
            let mut parts: Vec<PathBuf> = std::fs::read_dir(input)
                .map_err(|e| format!("{}: {e}", input.display()))?
                .filter_map(|entry| entry.ok().map(|e| e.path()))
                .filter(|p| p.is_file() && !is_hidden_or_marker(p))
                .collect();
            parts.sort();
            files.extend(parts);
        } else {
            return Err(format!("{}: no such file or folder", input.display()));
        }
    }
    let mut totals = Totals::new(max_articles);
    let mut failures = 0;
    let progress = progress_bar(0, "read");
    for file in &files {
        let result = if file.as_os_str() == "-" {
            read_lines(io::stdin().lock(), "stdin", &mut totals, &progress)
        } else {
            match std::fs::File::open(file) {
                Ok(f) => {
                    read_lines(io::BufReader::with_capacity(1 << 20, f), &display_path(file), &mut totals, &progress)
                }
                Err(e) => Err(format!("{}: {e}", display_path(file))),
            }
        };
        if let Err(message) = result {
            crate::output::error(message);
            failures += 1;
        }
    }
    progress.finish_and_clear();
    let title = inputs
        .first()
        .and_then(|p| std::path::absolute(p).ok())
        .and_then(|p| p.file_stem().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "annotations".to_string());
    Ok(Gathered { totals, registry_names: HashMap::new(), title, failures })
}

/// Spark and Hadoop write `_SUCCESS` and `.crc` files beside the parts.
fn is_hidden_or_marker(path: &Path) -> bool {
    path.file_name().and_then(|n| n.to_str()).is_none_or(|n| n.starts_with('.') || n.starts_with('_'))
}

/// Parses lines in parallel chunks, adds them in order; a bad line is
/// named and skipped (the rest still count), and fails the run at the end.
fn read_lines(input: impl BufRead, name: &str, totals: &mut Totals, progress: &ProgressBar) -> Result<(), String> {
    let mut lines = input.lines().enumerate();
    let mut bad = 0;
    let mut batch: Vec<(usize, String)> = Vec::with_capacity(CHUNK * 4);
    loop {
        batch.clear();
        for (n, line) in lines.by_ref() {
            let line = line.map_err(|e| format!("{name}:{}: {e}", n + 1))?;
            if !line.trim().is_empty() {
                batch.push((n + 1, line));
            }
            if batch.len() == CHUNK * 4 {
                break;
            }
        }
        if batch.is_empty() {
            break;
        }
        let parsed: Vec<Result<ArticleFacts, String>> =
            batch.par_iter().map(|(n, line)| facts::from_line(line).map_err(|e| format!("{name}:{n}: {e}"))).collect();
        for facts in parsed {
            match facts {
                Ok(facts) => totals.add(facts),
                Err(message) => {
                    crate::output::error(message);
                    bad += 1;
                }
            }
        }
        progress.inc(batch.len() as u64);
    }
    if bad > 0 {
        return Err(format!("{name}: {bad} line(s) could not be read"));
    }
    Ok(())
}

fn progress_bar(total: u64, verb: &str) -> ProgressBar {
    // Only a person watching a terminal wants a bar; the page is the output.
    if !super::on_terminal() {
        return ProgressBar::hidden();
    }
    let target = ProgressDrawTarget::stderr();
    let bar = if total > 0 { ProgressBar::with_draw_target(Some(total), target) } else { ProgressBar::new_spinner() };
    let template = if total > 0 {
        format!("{{spinner}} {verb} {{pos}}/{{len}} articles {{wide_bar}} {{eta}}")
    } else {
        format!("{{spinner}} {verb} {{pos}} articles")
    };
    if let Ok(style) = ProgressStyle::with_template(&template) {
        bar.set_style(style);
    }
    bar
}

#[cfg(test)]
mod tests {
    /// The README's figures about the report's memory are these constants.
    #[test]
    fn the_readme_says_how_the_report_streams() {
        let readme: String = include_str!("../../../../README.md").split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(readme.contains(&format!("Aggregation streams, {} articles at a time", super::CHUNK)));
        assert_eq!(super::super::aggregate::MAX_PAIRS, 1_000_000);
        assert!(readme.contains("co-mentioned pairs (pruned past a million)"));
    }
}
