//! `byline export`: a corpus's annotations in formats other tools read:
//! spaCy/Prodigy JSONL, CoNLL BIO, or brat (the `.txt`/`.ann` pairs and
//! `annotation.conf`, ready for brat or INCEpTION).
//!
//! Annotations come from each article's `.ann`; with `--detected`, an
//! article without one is exported with Byline's detected marks instead.

use crate::check::display_path;
use byline_core::interchange::{conll, jsonl};
use byline_core::standoff::{self, AnnFile, DEFAULT_CONF};
use byline_core::{analyze, AnalyzeOptions};
use byline_corpus::config::Config;
use byline_corpus::discover::{articles_under, read_article};
use byline_corpus::registry;
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
}

/// One article ready to export.
struct Exported {
    /// Path relative to the corpus root, `/`-separated.
    name: String,
    text: String,
    /// The `.ann` text as it is on disk (brat export copies it byte for byte).
    ann_text: String,
    ann: AnnFile,
    conf: Option<PathBuf>,
}

/// The `.ann` beside an article: `x.ann` for `x.txt` or `x.md`.
pub fn ann_path(article: &Path) -> PathBuf {
    article.with_extension("ann")
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

/// Writes `content` at `path` (making folders), unless a different file is
/// already there: exporting never overwrites someone's work.
pub fn write_new(path: &Path, content: &str) -> Result<(), String> {
    match std::fs::read(path) {
        Ok(existing) if existing == content.as_bytes() => return Ok(()),
        Ok(_) => return Err(format!("{}: already exists with other content; not overwritten", display_path(path))),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(format!("{}: {e}", display_path(path))),
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", display_path(parent)))?;
    }
    std::fs::write(path, content).map_err(|e| format!("{}: {e}", display_path(path)))
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
    for path in &paths {
        if !path.exists() {
            crate::output::error(format!("{}: no such file or folder", path.display()));
            return ExitCode::from(2);
        }
        let config = match Config::discover(path) {
            Ok(c) => c,
            Err(e) => {
                crate::output::error(e);
                return ExitCode::from(2);
            }
        };
        let conf = Some(config.root.join("annotation.conf")).filter(|p| p.is_file());
        // Detected marks link to the corpus's registry, as `byline check` sees them.
        let options = if args.detected {
            AnalyzeOptions { gazetteer: Some(registry::load(&config).gazetteer), ..Default::default() }
        } else {
            AnalyzeOptions::default()
        };
        for file in articles_under(&config, std::slice::from_ref(path)) {
            let name = relative_name(&file, &config.root).unwrap_or_else(|| display_path(&file));
            let text = match read_article(&file) {
                Ok(text) => text,
                Err(e) => {
                    crate::output::error(format!("{}: {e}", display_path(&file)));
                    failures += 1;
                    continue;
                }
            };
            let ann_file = ann_path(&file);
            let (ann_text, ann) = match std::fs::read_to_string(&ann_file) {
                Ok(ann_text) => {
                    let ann = standoff::parse(&ann_text);
                    (ann_text, ann)
                }
                Err(e) if e.kind() == io::ErrorKind::NotFound && args.detected => {
                    detected_count += 1;
                    let mut ann = AnnFile::default();
                    standoff::accept_all(&text, &analyze(&text, &options), &mut ann, None);
                    (standoff::write(&ann), ann)
                }
                Err(e) if e.kind() == io::ErrorKind::NotFound => {
                    skipped += 1;
                    continue;
                }
                Err(e) => {
                    crate::output::error(format!("{}: {e}", display_path(&ann_file)));
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
                Some(path) => std::fs::write(path, out).map_err(|e| format!("{}: {e}", display_path(path))),
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
fn write_brat(dir: &Path, docs: &[Exported], failures: &mut usize) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", display_path(dir)))?;
    let conf = docs
        .iter()
        .find_map(|d| d.conf.as_ref())
        .and_then(|p| std::fs::read_to_string(p).ok())
        .unwrap_or_else(|| DEFAULT_CONF.to_string());
    if let Err(e) = write_new(&dir.join("annotation.conf"), &conf) {
        crate::output::error(e);
        *failures += 1;
    }
    for doc in docs {
        let txt = dir.join(&doc.name).with_extension("txt");
        for (path, content) in [(txt.clone(), &doc.text), (txt.with_extension("ann"), &doc.ann_text)] {
            if let Err(e) = write_new(&path, content) {
                crate::output::error(e);
                *failures += 1;
            }
        }
    }
    Ok(())
}
