//! `byline check`: the corpus's problems, compiler-style, for people and CI.

use crate::output;
use byline_core::span::LineIndex;
use byline_core::{analyze, Analysis, AnalyzeOptions, Severity};
use byline_corpus::annotations::{self, Annotated, Checker};
use byline_corpus::check::{findings, FileFinding, Finding};
use byline_corpus::config::{Config, ConfigError, Level};
use byline_corpus::corpora::{corpora_under, CorpusFiles};
use byline_corpus::discover::read_article;
use byline_corpus::registry::LoadedRegistry;
use byline_corpus::session::{Overlays, Session};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashMap;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// `path:line:col: severity[code]: message`
    Human,
    /// One JSON document with every problem.
    Json,
    /// A SARIF 2.1.0 log, for code-scanning services.
    Sarif,
    /// GitHub Actions workflow commands that annotate a pull request.
    Github,
}

#[derive(clap::Args)]
pub struct Args {
    /// Files or folders (default: the current folder). Each file uses the
    /// nearest byline.toml above it.
    pub paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
    /// Fail on warnings too (`--deny warnings`).
    #[arg(long, value_parser = ["warnings"])]
    pub deny: Option<String>,
    /// Use this byline.toml for every path instead of the nearest one.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Set a rule's level for this run (repeatable): `--rule unattributed-quote=off`.
    #[arg(long = "rule", value_name = "CODE=LEVEL", value_parser = parse_rule_override)]
    pub rules: Vec<(String, Level)>,
    /// Report only problems at this level or above (default: info; hints
    /// with -v; machine formats: everything).
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub min_level: Option<MinLevel>,
    /// Accept a run that finds no article to check (it exits 2 otherwise).
    #[arg(long)]
    pub allow_empty: bool,
    /// Fix what is safe without a person: a variant spelling becomes the
    /// registry's; a stale annotation moves to its one exact occurrence.
    /// Then report what is left.
    #[arg(long)]
    pub fix: bool,
    /// Show the fixes --fix would make as a unified diff; write nothing
    /// (exit 1 when there is something to fix).
    #[arg(long, conflicts_with = "fix")]
    pub diff: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum MinLevel {
    Hint,
    Info,
    Warning,
    Error,
}

impl MinLevel {
    fn severity(self) -> Severity {
        match self {
            MinLevel::Hint => Severity::Hint,
            MinLevel::Info => Severity::Info,
            MinLevel::Warning => Severity::Warning,
            MinLevel::Error => Severity::Error,
        }
    }
}

/// `CODE=LEVEL`, with a did-you-mean for a misspelt rule.
fn parse_rule_override(s: &str) -> Result<(String, Level), String> {
    let Some((code, level)) = s.split_once('=') else {
        return Err(format!("expected CODE=LEVEL, like `unattributed-quote=off`; found `{s}`"));
    };
    let (code, level) = (code.trim(), level.trim());
    if byline_core::rules::find(code).is_none() {
        return Err(byline_core::rules::unknown_rule_message(code));
    }
    let level = Level::parse(level)
        .ok_or_else(|| format!("`{level}` is no level; expected error, warning, info, hint or off"))?;
    Ok((code.to_string(), level))
}

/// One reported problem with its place in the file.
#[derive(Serialize)]
pub struct Reported {
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub severity: Severity,
    pub code: &'static str,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub related: Option<Related>,
    /// The file relative to its corpus root, for SARIF.
    #[serde(skip)]
    pub artifact: crate::sarif::Artifact,
}

#[derive(Serialize)]
pub struct Related {
    pub line: usize,
    pub column: usize,
}

#[derive(Serialize, Default)]
struct Summary {
    articles: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
    hints: usize,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    version: u32,
    summary: &'a Summary,
    problems: &'a [Reported],
}

pub fn run(args: Args) -> ExitCode {
    let ui = output::ui();
    let paths = if args.paths.is_empty() { vec![PathBuf::from(".")] } else { args.paths.clone() };
    if let Some(missing) = paths.iter().find(|p| is_missing(p)) {
        output::error(format!("{}: no such file or folder", missing.display()));
        return ExitCode::from(2);
    }
    let corpora = match find_corpora(&paths, &args) {
        Ok(corpora) => corpora,
        Err(code) => return code,
    };
    if args.fix || args.diff {
        match crate::fix::run(&corpora, args.diff) {
            Ok(outcome) if args.diff => return outcome,
            Ok(_) => {}
            Err(code) => return code,
        }
    }
    let min_level = match args.min_level {
        Some(level) => level.severity(),
        None if args.format != Format::Human => Severity::Hint,
        None if ui.verbose => Severity::Hint,
        None => Severity::Info,
    };
    let total: usize = corpora.iter().map(|c| c.articles.len()).sum();
    let progress = if ui.quiet { ProgressBar::hidden() } else { progress_bar(total as u64) };
    let mut reported = Vec::new();
    // Whether part of what was asked for could not be read (a folder, a
    // device, a link loop...): then the exit code is 2, whatever was found.
    let mut left_unread = 0;
    let mut summary = Summary::default();
    let mut checked_own_files = false;
    for corpus in &corpora {
        let config = &corpus.config;
        let mut files = corpus.articles.clone();
        left_unread += corpus.problems.len();
        for problem in &corpus.problems {
            reported.extend(unreadable_report(&problem.path, problem.message.clone(), config));
        }
        let mut own = Vec::new();
        let session = open_session(config, &mut files, &mut own);
        // The registry's and annotation.conf's own problems when they are
        // among the paths checked; their errors always, since they change
        // what every article links to.
        reported
            .extend(own.into_iter().filter(|r| r.severity == Severity::Error || corpus.covers(&r.artifact.absolute)));
        let own_files = config.registry_paths().into_iter().chain([config.root.join(annotations::CONF_FILE)]);
        checked_own_files |= own_files.into_iter().any(|f| f.is_file() && corpus.covers(&f));
        let (analyze_options, checker) = (session.analyze_options(), session.checker());
        summary.articles += files.len();
        let per_file: Vec<(Vec<Reported>, Option<Annotated>, bool)> = files
            .par_iter()
            .map(|file| {
                let out = check_article(file, config, &analyze_options, &checker);
                progress.inc(1);
                out
            })
            .collect();
        let mut annotated = Vec::new();
        for (out, article, unread) in per_file {
            reported.extend(out);
            annotated.extend(article);
            left_unread += usize::from(unread);
        }
        reported.extend(label_conflict_reports(&annotated, config));
    }
    progress.finish_and_clear();
    if summary.articles == 0 && !checked_own_files && !args.allow_empty {
        let shown: Vec<String> = paths.iter().map(|p| format!("`{}`", p.display())).collect();
        output::error(format!(
            "nothing to check: no articles in {} (articles are the files a corpus's byline.toml includes, \
             by default **/*.txt and **/*.md); --allow-empty accepts an empty run",
            shown.join(", ")
        ));
        return ExitCode::from(2);
    }
    let before = reported.len();
    reported.retain(|r| r.severity >= min_level);
    let hidden = before - reported.len();
    for r in &reported {
        match r.severity {
            Severity::Error => summary.errors += 1,
            Severity::Warning => summary.warnings += 1,
            Severity::Info => summary.infos += 1,
            Severity::Hint => summary.hints += 1,
        }
    }
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let written = match args.format {
        Format::Human => write_human_styled(&mut out, &reported, ui.colour_out),
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &JsonReport { version: 1, summary: &summary, problems: &reported })
                .map_err(io::Error::from)
                .and_then(|_| writeln!(out))
        }
        Format::Sarif => crate::sarif::write(&mut out, &reported),
        Format::Github => crate::github::write(&mut out, &reported),
    };
    if let Err(e) = written.and_then(|_| out.flush()) {
        if e.kind() != io::ErrorKind::BrokenPipe {
            output::error(format!("cannot write the report: {e}"));
            return ExitCode::from(2);
        }
    }
    if args.format == Format::Human && !ui.quiet {
        if ui.verbose {
            explain_rules(&reported);
        }
        eprintln!("{}", summary_line(&summary, hidden, min_level, args.min_level.is_some(), ui.colour_err));
    }
    if left_unread > 0 {
        let what =
            if left_unread == 1 { "1 file or folder".to_string() } else { format!("{left_unread} files or folders") };
        output::error(format!("{what} could not be read (above); the check is incomplete"));
        return ExitCode::from(2);
    }
    if summary.errors > 0 || (args.deny.is_some() && summary.warnings > 0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// The corpora of the paths a subcommand was given, each file under its
/// nearest `byline.toml` (`entities`, `export` and `agree`; `check` adds
/// `--config` and its notes): exit 2 with the message when a path is missing
/// or a configuration cannot be read.
pub fn corpora_named(paths: &[PathBuf]) -> Result<Vec<CorpusFiles>, ExitCode> {
    if let Some(missing) = paths.iter().find(|p| is_missing(p)) {
        output::error(format!("{}: no such file or folder", missing.display()));
        return Err(ExitCode::from(2));
    }
    corpora_under(paths, None).map(|found| found.corpora).map_err(|e| {
        output::error(e);
        ExitCode::from(2)
    })
}

/// Only a path that is not there at all is "no such file": a link loop, a
/// link to nothing or a file in a folder that cannot be read is there, and
/// reading it says what is wrong.
pub fn is_missing(path: &Path) -> bool {
    !path.exists() && path.symlink_metadata().is_err_and(|e| e.kind() == io::ErrorKind::NotFound)
}

/// The corpora the paths belong to, each file under its nearest
/// `byline.toml` (or `--config`), with `--rule` applied; says on stderr
/// which folders use the defaults. `Err`: the exit code of a run that
/// cannot go on.
pub fn find_corpora(paths: &[PathBuf], args: &Args) -> Result<Vec<CorpusFiles>, ExitCode> {
    let forced = match &args.config {
        Some(file) => match Config::load(file) {
            Ok(config) => Some(config),
            Err(e) => return Err(config_failure(&e)),
        },
        None => None,
    };
    let found = corpora_under(paths, forced.as_ref()).map_err(|e| config_failure(&e))?;
    if args.format == Format::Human {
        for root in &found.defaulted {
            output::note(format!(
                "no byline.toml in {} or above: checking it with the defaults (`byline init` writes one)",
                shown_folder(root)
            ));
        }
        if output::ui().verbose && !found.outside.is_empty() {
            let names: Vec<String> = found.outside.iter().take(3).map(|f| display_path(f)).collect();
            let more = found.outside.len().saturating_sub(3);
            output::note(format!(
                "{} outside every corpus not checked ({}{})",
                output::count(found.outside.len(), "file"),
                names.join(", "),
                if more > 0 { format!(" and {more} more") } else { String::new() }
            ));
        }
    }
    let mut corpora = found.corpora;
    for corpus in &mut corpora {
        for (rule, level) in &args.rules {
            corpus.config.set_rule(rule, *level);
        }
    }
    Ok(corpora)
}

fn shown_folder(folder: &Path) -> String {
    match display_path(folder).as_str() {
        "" => ".".to_string(),
        shown => shown.to_string(),
    }
}

/// `checked 14 articles: 0 errors, 6 warnings, 16 info`: what was printed,
/// and how many were not shown below the level.
fn summary_line(summary: &Summary, hidden: usize, min_level: Severity, explicit: bool, colour: bool) -> String {
    let tint = |n: usize, style: &str, text: String| if n > 0 { output::paint(colour, style, &text) } else { text };
    let mut line = format!(
        "checked {}: {}, {}, {}",
        output::count(summary.articles, "article"),
        tint(summary.errors, output::style::ERROR, output::count(summary.errors, "error")),
        tint(summary.warnings, output::style::WARNING, output::count(summary.warnings, "warning")),
        output::count(summary.infos, "info"),
    );
    if summary.hints > 0 {
        line.push_str(&format!(", {}", output::count(summary.hints, "hint")));
    }
    if hidden > 0 {
        if explicit {
            line.push_str(&format!("; {hidden} below {} not shown", min_level.as_str()));
        } else {
            line.push_str(&format!("; {} not shown (-v shows them)", output::count(hidden, "hint")));
        }
    }
    line
}

/// `-v`: one line per rule reported, from the one list of rules.
fn explain_rules(reported: &[Reported]) {
    let mut seen: Vec<&str> = Vec::new();
    for r in reported {
        if !seen.contains(&r.code) {
            seen.push(r.code);
        }
    }
    for code in seen {
        if let Some(rule) = byline_core::rules::find(code) {
            output::note(format!("{code}: {} (`byline rule {code}` explains it)", rule.summary));
        }
    }
}

fn config_failure(e: &ConfigError) -> ExitCode {
    output::error(e);
    ExitCode::from(2)
}

fn progress_bar(total: u64) -> ProgressBar {
    // Only a person watching a terminal wants a bar; tools read stdout.
    if !io::stderr().is_terminal() || total < 50 {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template("{spinner} checking {pos}/{len} articles {wide_bar} {eta}") {
        bar.set_style(style);
    }
    bar
}

/// Paths as the user would type them: relative to the current folder when inside it.
pub fn display_path(path: &Path) -> String {
    let cwd = std::env::current_dir().ok();
    let shown = cwd.as_deref().and_then(|cwd| path.strip_prefix(cwd).ok()).unwrap_or(path);
    let shown = shown.strip_prefix(".").unwrap_or(shown);
    shown.display().to_string()
}

/// Opens the corpus session every question about the corpus goes to (the
/// language server asks the same one), reports the problems of the
/// corpus's own files (registry files, `byline.toml` for a registry file it
/// names that cannot be read, `annotation.conf`), and leaves the registry
/// files out of `files` (named on the command line, they would be read as
/// articles).
pub fn open_session(config: &Config, files: &mut Vec<PathBuf>, reported: &mut Vec<Reported>) -> Session {
    let session = Session::load(config.clone(), Overlays::new());
    *files = session.articles_among(std::mem::take(files));
    reported.extend(registry_reports(&session.registry, config));
    let conf_text = session.conf().map_or("", |c| c.text.as_str());
    reported.extend(session.conf_findings().into_iter().map(|f| locate_file(conf_text, config, f)));
    session
}

/// `label-conflict` over every annotated article of the corpus, each place
/// located in its article.
pub fn label_conflict_reports(annotated: &[Annotated], config: &Config) -> Vec<Reported> {
    let texts: HashMap<&Path, &str> = annotated.iter().map(|a| (a.article.as_path(), a.text.as_str())).collect();
    // An article may hold many conflicting places: index each article once.
    let mut places: HashMap<PathBuf, (String, crate::sarif::Artifact, LineIndex)> = HashMap::new();
    annotations::label_conflict_findings(annotated, config)
        .into_iter()
        .map(|f| {
            let (path, artifact, lines) = places.entry(f.path.clone()).or_insert_with(|| {
                let text = texts.get(f.path.as_path()).copied().unwrap_or("");
                (display_path(&f.path), crate::sarif::Artifact::new(&f.path, &config.root), LineIndex::new(text))
            });
            locate(path, artifact, lines, f.finding)
        })
        .collect()
}

/// A finding of a file other than the article at hand, located in `text`
/// (that file's).
fn locate_file(text: &str, config: &Config, f: FileFinding) -> Reported {
    let artifact = crate::sarif::Artifact::new(&f.path, &config.root);
    locate(&display_path(&f.path), &artifact, &LineIndex::new(text), f.finding)
}

/// The registry's own problems, located in the registry files (or in
/// `byline.toml`, for a registry file it names that cannot be read).
pub fn registry_reports(loaded: &LoadedRegistry, config: &Config) -> Vec<Reported> {
    // A large registry can have thousands of findings (shared aliases) in one
    // multi-megabyte file: index each file's lines once, not once per finding.
    let mut lines_of: std::collections::HashMap<PathBuf, LineIndex> = std::collections::HashMap::new();
    loaded
        .findings(config)
        .into_iter()
        .map(|f| {
            let lines =
                lines_of.entry(f.path.clone()).or_insert_with(|| LineIndex::new(loaded.text_of(&f.path).unwrap_or("")));
            let artifact = crate::sarif::Artifact::new(&f.path, &config.root);
            locate(&display_path(&f.path), &artifact, lines, f.finding)
        })
        .collect()
}

/// An `unreadable-file` report at the top of `path`, at the configured level.
fn unreadable_report(path: &Path, message: String, config: &Config) -> Option<Reported> {
    Some(Reported {
        path: display_path(path),
        line: 1,
        column: 1,
        end_line: 1,
        end_column: 1,
        severity: config.severity_of("unreadable-file")?,
        code: "unreadable-file",
        message,
        related: None,
        artifact: crate::sarif::Artifact::new(path, &config.root),
    })
}

/// One article's findings, and those of its annotations when it has a
/// `.ann`; the article comes back with them for the corpus-wide rules, and
/// whether a file was left unread (so the check is incomplete).
fn check_article(
    file: &Path,
    config: &Config,
    options: &AnalyzeOptions,
    checker: &Checker,
) -> (Vec<Reported>, Option<Annotated>, bool) {
    let checked = check_article_analysed(file, config, options, checker);
    let annotated = checked.article.and_then(|article| {
        let annotations = article.annotations?;
        Some(Annotated { article: file.to_path_buf(), text: article.text, annotations })
    });
    (checked.reported, annotated, checked.unread)
}

/// An article as the checker saw it, for `byline report`, which needs the
/// same findings and the analysis they came from.
pub struct CheckedArticle {
    pub reported: Vec<Reported>,
    /// `None` when the article could not be read.
    pub article: Option<AnalysedArticle>,
    /// Whether the article or its `.ann` was left unread (a device, a FIFO,
    /// a link loop, a read error): the check is then incomplete.
    pub unread: bool,
}

pub struct AnalysedArticle {
    pub text: String,
    pub analysis: Analysis,
    pub annotations: Option<annotations::Annotations>,
}

/// [`check_article`], keeping the analysis.
pub fn check_article_analysed(
    file: &Path,
    config: &Config,
    options: &AnalyzeOptions,
    checker: &Checker,
) -> CheckedArticle {
    let (mut reported, analysed, unread) = check_text(file, config, options);
    let Some((text, analysis)) = analysed else { return CheckedArticle { reported, article: None, unread } };
    let mut unread = false;
    let annotations = match annotations::load(file) {
        Ok(Some(ann)) => {
            // Every finding is in the article or its .ann: index each once.
            let places = [(file, LineIndex::new(&text)), (ann.path.as_path(), LineIndex::new(&ann.text))]
                .map(|(path, lines)| (display_path(path), crate::sarif::Artifact::new(path, &config.root), lines));
            for f in checker.article(file, &text, &analysis, &ann) {
                let (path, artifact, lines) = if f.path == file { &places[0] } else { &places[1] };
                reported.push(locate(path, artifact, lines, f.finding));
            }
            Some(ann)
        }
        Ok(None) => None,
        Err(e) => {
            reported.extend(
                annotations::unreadable(&annotations::ann_path(file), &e, config).map(|f| locate_file("", config, f)),
            );
            unread = e.left_unread();
            None
        }
    };
    CheckedArticle { reported, article: Some(AnalysedArticle { text, analysis, annotations }), unread }
}

/// The article's own findings, with its text and analysis when it could be
/// read, and whether it was left unread (so the check is incomplete).
type Checked = (Vec<Reported>, Option<(String, Analysis)>, bool);

fn check_text(file: &Path, config: &Config, options: &AnalyzeOptions) -> Checked {
    let path = display_path(file);
    let artifact = crate::sarif::Artifact::new(file, &config.root);
    let text = match read_article(file) {
        Ok(text) => text,
        Err(e) => {
            let unread = e.left_unread();
            return (unreadable_report(file, e.to_string(), config).into_iter().collect(), None, unread);
        }
    };
    let analysis = analyze(&text, options);
    let lines = LineIndex::new(&text);
    let reported = findings(&analysis, config).into_iter().map(|f| locate(&path, &artifact, &lines, f)).collect();
    (reported, Some((text, analysis)), false)
}

fn locate(path: &str, artifact: &crate::sarif::Artifact, lines: &LineIndex, f: Finding) -> Reported {
    let (line, column) = lines.line_column(f.span.start);
    let (end_line, end_column) = lines.line_column(f.span.end);
    Reported {
        path: path.to_string(),
        line,
        column,
        end_line,
        end_column,
        severity: f.severity,
        code: f.code,
        message: f.message,
        related: f.related.map(|r| {
            let (line, column) = lines.line_column(r.start);
            Related { line, column }
        }),
        artifact: artifact.clone(),
    }
}

pub fn write_human(out: &mut impl Write, reported: &[Reported]) -> io::Result<()> {
    write_human_styled(out, reported, false)
}

/// `path:line:col: severity[code]: message`, coloured like cargo's and
/// ruff's when `colour`: the place bold, the level in its colour.
pub fn write_human_styled(out: &mut impl Write, reported: &[Reported], colour: bool) -> io::Result<()> {
    use output::{paint, style};
    for r in reported {
        let level_style = match r.severity {
            Severity::Error => style::ERROR,
            Severity::Warning => style::WARNING,
            Severity::Info => style::INFO,
            Severity::Hint => style::HINT,
        };
        let place = format!("{}:{}:{}:", r.path, r.line, r.column);
        write!(
            out,
            "{} {}{}: {}",
            paint(colour, style::BOLD, &place),
            paint(colour, level_style, r.severity.as_str()),
            paint(colour, style::DIM, &format!("[{}]", r.code)),
            r.message
        )?;
        if let Some(rel) = &r.related {
            write!(out, " (see {}:{}:{})", r.path, rel.line, rel.column)?;
        }
        writeln!(out)?;
    }
    Ok(())
}

/// For `byline annotate --format json`: an article with a `.ann` gets its
/// annotations (`ann_file`, `annotations`) and every detected mark with its
/// status under the annotations' precedence (`marks`), offsets in code
/// points like the rest of that output. An unreadable `.ann` is said on
/// stderr; the marks are still worth printing.
pub fn add_annotations(value: &mut serde_json::Value, article: &Path, text: &str, analysis: &Analysis) {
    match annotations::load(article) {
        Ok(Some(ann)) => {
            let report = annotations::report(text, analysis, &ann, &display_path(&ann.path));
            value["ann_file"] = serde_json::json!(report.file);
            value["annotations"] = serde_json::json!(report.annotations);
            value["marks"] = serde_json::json!(report.marks);
        }
        Ok(None) => {}
        Err(e) => output::error(format!("{}: {e}", display_path(&annotations::ann_path(article)))),
    }
}
