//! `byline export --format input`: a corpus folder as the JSONL that
//! `byline annotate --jsonl` reads, one article a line, so the articles can
//! be partitioned and annotated on Dask or Spark (see `docs/scale-out.md`).
//!
//! Each line is `{"id": PATH, "text": TEXT, "dct": DATE}`: the path from the
//! corpus root, the article's text, and its publication date (front matter or
//! dateline, as `byline check` reads it; null when it has none). Giving the
//! date in `dct` makes a cluster run see the same date a local run does.

use crate::check::display_path;
use crate::export::relative_name;
use byline_core::article;
use byline_corpus::discover::read_article;
use byline_corpus::session::{Overlays, Session};
use rayon::prelude::*;
use serde::Serialize;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Articles are read in chunks so memory stays bounded while both cores
/// work and the output keeps the corpus's order.
const CHUNK: usize = 512;

#[derive(Serialize)]
struct InputLine<'a> {
    id: &'a str,
    text: &'a str,
    dct: Option<String>,
}

pub fn run(paths: &[PathBuf], output: Option<&Path>) -> ExitCode {
    let corpora = match crate::check::corpora_named(paths) {
        Ok(corpora) => corpora,
        Err(code) => return code,
    };
    let mut files: Vec<(PathBuf, String)> = Vec::new();
    for corpus in corpora {
        // The articles as `byline check` sees them (registry files left out).
        let session = Session::load(corpus.config, Overlays::new());
        for file in session.articles_among(corpus.articles) {
            let name = relative_name(&file, &session.config.root).unwrap_or_else(|| display_path(&file));
            files.push((file, name));
        }
    }
    files.sort_by(|a, b| a.1.cmp(&b.1));
    files.dedup_by(|a, b| a.1 == b.1);

    let written = match output {
        None => {
            let mut out = io::BufWriter::new(io::stdout().lock());
            match write_lines(&files, &mut out) {
                Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(0),
                other => other.map_err(|e| format!("stdout: {e}")),
            }
        }
        Some(path) => write_new_file(path, |out| write_lines(&files, out)),
    };
    match written {
        Ok(0) => {
            eprintln!("exported {} article{} as annotate input", files.len(), if files.len() == 1 { "" } else { "s" });
            ExitCode::SUCCESS
        }
        Ok(unreadable) => {
            crate::output::error(format!(
                "{} could not be read (named above); the others were exported",
                crate::output::count(unreadable, "article")
            ));
            ExitCode::from(1)
        }
        Err(e) => {
            crate::output::error(e);
            ExitCode::from(2)
        }
    }
}

/// Writes every readable article as one line; returns how many could not
/// be read (each named on stderr).
fn write_lines(files: &[(PathBuf, String)], out: &mut impl Write) -> io::Result<usize> {
    let mut unreadable = 0;
    for chunk in files.chunks(CHUNK) {
        let lines: Vec<Result<String, String>> = chunk
            .par_iter()
            .map(|(file, name)| {
                let text = read_article(file).map_err(|e| format!("{}: {e}", display_path(file)))?;
                let dct = article::parse(&text, None).publication_date.map(|d| d.date.to_string());
                serde_json::to_string(&InputLine { id: name, text: &text, dct })
                    .map_err(|e| format!("{}: {e}", display_path(file)))
            })
            .collect();
        for line in lines {
            match line {
                Ok(line) => writeln!(out, "{line}")?,
                Err(message) => {
                    crate::output::error(format!("skipped {message}"));
                    unreadable += 1;
                }
            }
        }
    }
    out.flush()?;
    Ok(unreadable)
}

/// Writes a file the user named and that does not exist yet: to a
/// temporary file beside it, renamed into place when complete, so a failed
/// run never leaves half a file and never replaces someone's file.
/// (Streamed, unlike `byline_corpus::write::write_file`, which takes the
/// whole content: a million articles as input lines are gigabytes.)
fn write_new_file<T>(
    path: &Path,
    write: impl FnOnce(&mut io::BufWriter<std::fs::File>) -> io::Result<T>,
) -> Result<T, String> {
    if path.exists() {
        return Err(format!("{}: already exists; not overwritten (remove it or name another file)", path.display()));
    }
    write_via_temporary(path, write)
}

/// Writes `path` through a temporary file in the same folder and renames it
/// into place.
fn write_via_temporary<T>(
    path: &Path,
    write: impl FnOnce(&mut io::BufWriter<std::fs::File>) -> io::Result<T>,
) -> Result<T, String> {
    let file_name = path.file_name().ok_or_else(|| format!("{}: not a file name", path.display()))?;
    let temporary = path.with_file_name(format!(".{}.{}.tmp", file_name.to_string_lossy(), std::process::id()));
    let result = (|| {
        let mut out = io::BufWriter::new(std::fs::File::create(&temporary)?);
        let value = write(&mut out)?;
        out.flush()?;
        out.get_ref().sync_all()?;
        Ok::<T, io::Error>(value)
    })();
    match result.and_then(|value| std::fs::rename(&temporary, path).map(|_| value)) {
        Ok(value) => Ok(value),
        Err(e) => {
            let _ = std::fs::remove_file(&temporary);
            Err(format!("{}: {e}", path.display()))
        }
    }
}
