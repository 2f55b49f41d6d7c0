//! `byline report`: the whole corpus at a glance, as one self-contained HTML
//! file (inline CSS, inline script, SVG charts; it opens from disk with no
//! network).
//!
//! - `facts`: what one article contributes, read from an `annotate --jsonl`
//!   output line (both sources go through it);
//! - `sources`: a corpus folder (analysed and checked as `byline check`
//!   does) or `--from` files, streamed article by article;
//! - `aggregate`: the corpus's totals, in bounded memory;
//! - `page` and `charts`: the HTML and its SVG charts.

mod aggregate;
mod charts;
mod facts;
mod page;
mod sources;

use byline_corpus::write::{write_file, Existing};
use std::io;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Corpus folders or articles (default: the current folder).
    paths: Vec<PathBuf>,
    /// Aggregate the output of `byline annotate --jsonl` instead: files, or
    /// folders of output partitions (`-` reads stdin).
    #[arg(long, value_name = "FILE", num_args = 1.., conflicts_with = "paths")]
    from: Vec<PathBuf>,
    /// The HTML file to write.
    #[arg(short, long, default_value = "byline-report.html")]
    output: PathBuf,
    /// Replace an existing file that is not a Byline report.
    #[arg(long)]
    force: bool,
    /// At most this many rows in the article table (the articles with the
    /// most problems, then the most quotes, are kept).
    #[arg(long, value_name = "N", default_value_t = 5000)]
    max_articles: usize,
}

/// What a page says it was made from.
pub struct Provenance {
    pub title: String,
    /// Links in the table are relative to the report's folder.
    pub report_dir: PathBuf,
    pub from_jsonl: bool,
}

pub fn run(args: Args) -> ExitCode {
    let report_dir = args
        .output
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("."));
    if let Err(message) = page::may_write(&args.output, args.force) {
        crate::output::error(message);
        return ExitCode::from(2);
    }
    let gathered = if args.from.is_empty() {
        let paths = if args.paths.is_empty() { vec![PathBuf::from(".")] } else { args.paths.clone() };
        sources::from_corpus(&paths, args.max_articles)
    } else {
        sources::from_jsonl(&args.from, args.max_articles)
    };
    let mut gathered = match gathered {
        Ok(gathered) => gathered,
        Err(message) => {
            crate::output::error(message);
            return ExitCode::from(2);
        }
    };
    let provenance = Provenance { title: gathered.title.clone(), report_dir, from_jsonl: !args.from.is_empty() };
    // A page is a few megabytes whatever the corpus: rendered whole, it goes
    // through the corpus layer's one write. `may_write` allowed replacing
    // what is there (an earlier report, or `--force`).
    let mut html = Vec::new();
    let written = page::write(&mut html, &mut gathered.totals, &gathered.registry_names, &provenance)
        .map_err(|e| format!("{}: {e}", args.output.display()))
        .and_then(|()| {
            write_file(&args.output, &html, Existing::Replace)
                .map(|_| ())
                .map_err(|e| crate::export::refusal(&e, false))
        });
    match written {
        Ok(()) => {
            eprintln!(
                "wrote {} ({} article{})",
                args.output.display(),
                gathered.totals.articles,
                if gathered.totals.articles == 1 { "" } else { "s" }
            );
            if gathered.failures > 0 {
                crate::output::error(format!(
                    "{} could not be read (named above)",
                    crate::output::count(gathered.failures, "input")
                ));
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(e) => {
            crate::output::error(e);
            ExitCode::from(2)
        }
    }
}

/// Whether stderr is a person's terminal (for the progress bar).
fn on_terminal() -> bool {
    use std::io::IsTerminal;
    io::stderr().is_terminal()
}
