//! `byline check`: the corpus's problems, compiler-style, for people and CI.

use byline_core::span::LineIndex;
use byline_core::{analyze, AnalyzeOptions, Severity};
use byline_corpus::check::{findings, Finding};
use byline_corpus::config::{Config, ConfigError};
use byline_corpus::discover::{articles_under, read_article};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use serde::Serialize;
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

pub struct Options {
    pub paths: Vec<PathBuf>,
    pub format: Format,
    pub deny_warnings: bool,
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

pub fn run(options: Options) -> ExitCode {
    let paths = if options.paths.is_empty() { vec![PathBuf::from(".")] } else { options.paths };
    let mut groups: Vec<(Config, Vec<PathBuf>)> = Vec::new();
    for path in &paths {
        if !path.exists() {
            eprintln!("byline: {}: no such file or folder", path.display());
            return ExitCode::from(2);
        }
        let config = match Config::discover(path) {
            Ok(c) => c,
            Err(e) => return config_failure(&e),
        };
        let files = articles_under(&config, std::slice::from_ref(path));
        match groups.iter_mut().find(|(c, _)| c.file == config.file && c.root == config.root) {
            Some((_, existing)) => existing.extend(files),
            None => groups.push((config, files)),
        }
    }
    let total: usize = groups.iter().map(|(_, f)| f.len()).sum();
    let progress = progress_bar(total as u64);
    let mut reported = Vec::new();
    let mut summary = Summary::default();
    for (config, mut files) in groups {
        files.sort();
        files.dedup();
        summary.articles += files.len();
        let per_file: Vec<Vec<Reported>> = files
            .par_iter()
            .map(|file| {
                let out = check_file(file, &config);
                progress.inc(1);
                out
            })
            .collect();
        reported.extend(per_file.into_iter().flatten());
    }
    progress.finish_and_clear();
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
    let written = match options.format {
        Format::Human => write_human(&mut out, &reported),
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
            eprintln!("byline: cannot write the report: {e}");
            return ExitCode::from(2);
        }
    }
    if options.format == Format::Human {
        eprintln!(
            "checked {} article{}: {} error{}, {} warning{}, {} info",
            summary.articles,
            plural(summary.articles),
            summary.errors,
            plural(summary.errors),
            summary.warnings,
            plural(summary.warnings),
            summary.infos,
        );
    }
    if summary.errors > 0 || (options.deny_warnings && summary.warnings > 0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn config_failure(e: &ConfigError) -> ExitCode {
    eprintln!("byline: {e}");
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

pub fn check_file(file: &Path, config: &Config) -> Vec<Reported> {
    let path = display_path(file);
    let artifact = crate::sarif::Artifact::new(file, &config.root);
    let text = match read_article(file) {
        Ok(text) => text,
        Err(e) => {
            return match config.severity_of("unreadable-file") {
                Some(severity) => vec![Reported {
                    path,
                    line: 1,
                    column: 1,
                    end_line: 1,
                    end_column: 1,
                    severity,
                    code: "unreadable-file",
                    message: e.to_string(),
                    related: None,
                    artifact,
                }],
                None => Vec::new(),
            };
        }
    };
    let analysis = analyze(&text, &AnalyzeOptions::default());
    let lines = LineIndex::new(&text);
    findings(&analysis, config).into_iter().map(|f| locate(&path, &artifact, &lines, f)).collect()
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

fn write_human(out: &mut impl Write, reported: &[Reported]) -> io::Result<()> {
    for r in reported {
        write!(out, "{}:{}:{}: {}[{}]: {}", r.path, r.line, r.column, r.severity.as_str(), r.code, r.message)?;
        if let Some(rel) = &r.related {
            write!(out, " (see {}:{}:{})", r.path, rel.line, rel.column)?;
        }
        writeln!(out)?;
    }
    Ok(())
}
