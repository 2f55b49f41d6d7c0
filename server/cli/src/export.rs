//! `byline export`: a corpus's annotations in formats other tools read:
//! spaCy/Prodigy JSONL, CoNLL BIO, or brat (the `.txt`/`.ann` pairs and
//! `annotation.conf`, ready for brat or INCEpTION).
//!
//! Annotations come from each article's `.ann`; with `--detected`, an
//! article without one is exported with Byline's detected marks instead.

use crate::check::display_path;
use byline_core::analyze;
use byline_core::interchange::{conll, jsonl};
use byline_core::standoff::{self, AnnFile, DEFAULT_CONF};
use byline_corpus::config::Config;
use byline_corpus::session::{Overlays, Session};
use byline_corpus::write::{write_file, write_set, Existing, WriteError};
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One JSON object per article with `text`, `spans`, `tokens`,
    /// `relations` (spaCy/Prodigy), code-point offsets.
    Jsonl,
    /// `token<TAB>BIO-tag` lines, sentences separated by blank lines.
    Conll,
    /// `.txt` + `.ann` pairs and `annotation.conf` in the output folder.
    Brat,
    /// The articles themselves as `byline annotate --jsonl` input (`id` the
    /// path from the corpus root, `text`, `dct` the publication date), for
    /// running Byline on Dask or Spark. Needs no `.ann`.
    Input,
}

#[derive(clap::Args)]
pub struct Args {
    /// Corpus folders or articles (default: the current folder).
    paths: Vec<PathBuf>,
    /// The format (default: from the output's extension, `.jsonl` or `.conll`).
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Where to write: a file for jsonl and conll (default: stdout), a
    /// folder for brat (required).
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Export articles that have no `.ann` with Byline's detected marks.
    #[arg(long)]
    detected: bool,
    /// Replace the `-o` file if it exists (never an article of the corpus).
    #[arg(long)]
    force: bool,
}

/// One article ready to export.
struct Exported {
    /// Path relative to the corpus root, `/`-separated.
    name: String,
    text: String,
    /// The `.ann` text as it is on disk (brat export copies it byte for byte).
    ann_text: String,
    ann: AnnFile,
    /// The corpus's `annotation.conf`, when it has one that could be read.
    conf: Option<String>,
}

/// A path under `root` as `a/b.txt`; `None` outside the root.
pub fn relative_name(file: &Path, root: &Path) -> Option<String> {
    let file = std::path::absolute(file).ok()?;
    let root = std::path::absolute(root).ok()?;
    let relative = file.strip_prefix(root).ok()?;
    let parts: Option<Vec<&str>> = relative
        .components()
        .map(|c| match c {
            Component::Normal(s) => s.to_str(),
            _ => None,
        })
        .collect();
    Some(parts?.join("/"))
}

/// How a refused write is said: the path as the user typed it, the reason,
/// and for a file the user named, how to replace it.
pub fn refusal(error: &WriteError, force_hint: bool) -> String {
    let hint = if force_hint && matches!(error, WriteError::Exists(_)) { " (--force replaces it)" } else { "" };
    format!("{}: {}{hint}", display_path(error.path()), error.reason())
}

/// Whether `output` is one of the corpus's own files (an article, even one
/// not written yet, an `.ann`, `annotation.conf`, `byline.toml`, a registry
/// file): export writes elsewhere, `--force` or not, for it would replace
/// its own input, or leave output that the next run reads as an article.
fn corpus_file(config: &Config, output: &Path) -> Option<&'static str> {
    let output = output.canonicalize().ok().or_else(|| {
        let absolute = std::path::absolute(output).ok()?;
        let folder = absolute.parent()?.canonicalize().ok()?;
        Some(folder.join(absolute.file_name()?))
    })?;
    let root = config.root.canonicalize().ok()?;
    let relative = output.strip_prefix(&root).ok()?;
    let registry = config.registry_paths().iter().any(|p| p.canonicalize().is_ok_and(|p| p == output));
    if registry || output.file_name().is_some_and(|n| n == byline_corpus::config::CONFIG_FILE) {
        Some("a configuration file of the corpus")
    } else if byline_corpus::config::is_annotation_file(&output) {
        Some("an annotation file of the corpus")
    } else if config.is_article_path(&config.root.join(relative)) {
        Some("an article of the corpus")
    } else {
        None
    }
}

/// The format an output file's extension names.
fn format_of(output: Option<&Path>) -> Option<Format> {
    match output?.extension()?.to_str()? {
        "jsonl" => Some(Format::Jsonl),
        "conll" => Some(Format::Conll),
        _ => None,
    }
}

pub fn run(args: Args) -> ExitCode {
    let Some(format) = args.format.or_else(|| format_of(args.output.as_deref())) else {
        crate::output::error(
            "export needs --format (jsonl, conll, brat or input), or -o FILE ending in .jsonl or .conll",
        );
        return ExitCode::from(2);
    };
    if format == Format::Brat && args.output.is_none() {
        crate::output::error("export --format brat needs an output folder (-o DIR)");
        return ExitCode::from(2);
    }
    let paths = if args.paths.is_empty() { vec![PathBuf::from(".")] } else { args.paths.clone() };
    if format == Format::Input {
        return crate::corpus_jsonl::run(&paths, args.output.as_deref());
    }
    let mut failures = 0;
    let mut skipped = 0;
    let mut detected_count = 0;
    let mut docs = Vec::new();
    let corpora = match crate::check::corpora_named(&paths) {
        Ok(corpora) => corpora,
        Err(code) => return code,
    };
    for corpus in corpora {
        // The corpus session `byline check` opens: configuration, registry
        // (detected marks link to it, as `check` sees them) and conf.
        let session = Session::load(corpus.config, Overlays::new());
        let config = &session.config;
        if let Some(output) = args.output.as_deref().filter(|_| format != Format::Brat) {
            if let Some(what) = corpus_file(config, output) {
                crate::output::error(format!(
                    "{}: is {what}; export writes elsewhere (not overwritten)",
                    display_path(output)
                ));
                return ExitCode::from(2);
            }
        }
        let conf = session.conf().map(|c| c.text.clone());
        for file in session.articles_among(corpus.articles) {
            let name = relative_name(&file, &config.root).unwrap_or_else(|| display_path(&file));
            let text = match session.read(&file) {
                Ok(text) => text,
                Err(e) => {
                    crate::output::error(format!("{}: {e}", display_path(&file)));
                    failures += 1;
                    continue;
                }
            };
            let (ann_text, ann) = match session.annotations(&file) {
                Ok(Some(annotations)) => (annotations.text, annotations.file),
                Ok(None) if args.detected => {
                    detected_count += 1;
                    let mut ann = AnnFile::default();
                    standoff::accept_all(&text, &analyze(&text, &session.analyze_options()), &mut ann, None);
                    (standoff::write(&ann), ann)
                }
                Ok(None) => {
                    skipped += 1;
                    continue;
                }
                Err(e) => {
                    crate::output::error(format!(
                        "{}: {e}",
                        display_path(&byline_corpus::annotations::ann_path(&file))
                    ));
                    failures += 1;
                    continue;
                }
            };
            docs.push(Exported { name, text, ann_text, ann, conf: conf.clone() });
        }
    }
    docs.sort_by(|a, b| a.name.cmp(&b.name));
    docs.dedup_by(|a, b| a.name == b.name);

    let written = match format {
        Format::Jsonl | Format::Conll => {
            let mut out = String::new();
            for doc in &docs {
                if format == Format::Jsonl {
                    let record = jsonl::to_record(&doc.text, &doc.ann, Some(&doc.name));
                    match serde_json::to_string(&record) {
                        Ok(line) => out.push_str(&line),
                        Err(e) => {
                            crate::output::error(format!("{}: {e}", doc.name));
                            failures += 1;
                            continue;
                        }
                    }
                    out.push('\n');
                } else {
                    conll::write_document(&mut out, &doc.text, &doc.ann);
                }
            }
            match &args.output {
                Some(path) => {
                    let existing = if args.force { Existing::Replace } else { Existing::Keep };
                    write_file(path, out.as_bytes(), existing).map(|_| ()).map_err(|e| refusal(&e, true))
                }
                None => {
                    let mut stdout = io::stdout().lock();
                    match stdout.write_all(out.as_bytes()).and_then(|_| stdout.flush()) {
                        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Err(format!("stdout: {e}")),
                        _ => Ok(()),
                    }
                }
            }
        }
        Format::Input => unreachable!("exported above"),
        Format::Brat => {
            let dir = args.output.as_deref().unwrap_or(Path::new("."));
            write_brat(dir, &docs, &mut failures)
        }
    };
    if let Err(e) = written {
        crate::output::error(e);
        return ExitCode::from(2);
    }
    let detected_note =
        if detected_count > 0 { format!(" ({detected_count} with detected marks)") } else { String::new() };
    let skipped_note = if skipped > 0 {
        format!("; {skipped} without a .ann skipped (--detected exports their detected marks)")
    } else {
        String::new()
    };
    eprintln!("exported {} article{}{detected_note}{skipped_note}", docs.len(), if docs.len() == 1 { "" } else { "s" });
    if failures > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// brat wants `x.txt` beside `x.ann` and an `annotation.conf` at the top.
/// Every file is checked before the first is written: a refused one (a
/// different file already there) leaves the folder as it was.
fn write_brat(dir: &Path, docs: &[Exported], failures: &mut usize) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", display_path(dir)))?;
    let conf = docs.iter().find_map(|d| d.conf.clone()).unwrap_or_else(|| DEFAULT_CONF.to_string());
    let mut files = vec![(PathBuf::from("annotation.conf"), conf.into_bytes())];
    for doc in docs {
        let txt = PathBuf::from(&doc.name).with_extension("txt");
        files.push((txt.with_extension("ann"), doc.ann_text.clone().into_bytes()));
        files.push((txt, doc.text.clone().into_bytes()));
    }
    if let Err(refused) = write_set(dir, &files, Existing::Keep) {
        for e in &refused {
            crate::output::error(refusal(e, false));
        }
        *failures += refused.len();
        crate::output::error(format!("nothing written to {}", display_path(dir)));
    }
    Ok(())
}
