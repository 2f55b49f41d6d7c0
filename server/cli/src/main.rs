//! `byline`: one binary for the language server, the CI checker and the
//! annotator.

mod agree;
mod annotate;
mod check;
mod corpus_jsonl;
mod entities;
mod export;
mod github;
mod import;
mod init;
mod jsonl;
mod report;
mod rule;
mod sarif;

use clap::{Parser, Subcommand};
use std::io;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "byline", version, about = "Quotes, speakers, dates and entities in news corpora")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print the marks Byline finds in articles.
    Annotate {
        /// Articles to annotate.
        files: Vec<PathBuf>,
        /// Read evaluation JSONL on stdin and write marks as JSONL on stdout.
        #[arg(long, conflicts_with = "files")]
        jsonl: bool,
        #[arg(long, value_enum, default_value = "human")]
        format: annotate::Format,
        /// Registry file to link names with, instead of the corpus's
        /// (repeatable; `--jsonl` input has no corpus, so only these).
        #[arg(long, value_name = "FILE")]
        registry: Vec<PathBuf>,
    },
    /// Check a corpus and report its problems (exit 1 on errors).
    Check {
        /// Files or folders (default: the current folder).
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value = "human")]
        format: check::Format,
        /// Fail on warnings too (`--deny warnings`).
        #[arg(long, value_parser = ["warnings"])]
        deny: Option<String>,
    },
    /// List the corpus's entities with mention, article and quote counts.
    Entities {
        /// The corpus folder or some of its files (default: the current folder).
        path: Option<PathBuf>,
        #[arg(long, value_enum, default_value = "table")]
        format: entities::Format,
        /// Print registry entries for frequent unregistered people and
        /// organisations instead, ready to paste into entities.toml.
        #[arg(long)]
        suggest: bool,
        /// With --suggest: only names mentioned at least this often.
        #[arg(long, value_name = "N", default_value_t = 2, requires = "suggest")]
        min_mentions: usize,
    },
    /// Export annotations as spaCy/Prodigy JSONL, CoNLL or brat.
    Export(export::Args),
    /// Import spaCy/Prodigy JSONL or brat files as `.txt` + `.ann` pairs.
    Import(import::Args),
    /// Agreement between two annotators' folders (A is the reference).
    Agree(agree::Args),
    /// Write the corpus at a glance as one self-contained HTML file.
    Report(report::Args),
    /// Make a folder a corpus: write annotation.conf and starter byline.toml
    /// and entities.toml (existing files are kept).
    Init {
        /// The corpus folder (default: the current folder).
        path: Option<PathBuf>,
    },
    /// Explain a rule: what it checks, its default level, an example and how
    /// to silence it (`--list`: every rule).
    Rule(rule::Args),
    /// Run the language server on stdin/stdout.
    Lsp {
        /// Accepted for clients that pass it; stdio is the only transport.
        #[arg(long)]
        stdio: bool,
    },
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            // Help and version are not failures; anything else is a usage error (2).
            return if e.use_stderr() { ExitCode::from(2) } else { ExitCode::SUCCESS };
        }
    };
    match cli.command {
        Command::Lsp { .. } => byline_lsp::run_stdio(),
        Command::Annotate { jsonl: true, registry, .. } => {
            let gazetteer = match registry.as_slice() {
                [] => None,
                files => match annotate::load_registry_files(files) {
                    Some(gazetteer) => Some(gazetteer),
                    None => return ExitCode::from(2),
                },
            };
            let stdin = io::stdin().lock();
            let stdout = io::BufWriter::new(io::stdout().lock());
            match jsonl::run(stdin, stdout, io::stderr().lock(), gazetteer) {
                Ok(0) => ExitCode::SUCCESS,
                Ok(bad) => {
                    eprintln!("byline: {bad} input line(s) could not be read");
                    ExitCode::from(1)
                }
                Err(e) => {
                    eprintln!("byline: {e}");
                    ExitCode::from(2)
                }
            }
        }
        Command::Annotate { files, format, registry, .. } => annotate::run(&files, format, &registry),
        Command::Entities { path, format, suggest, min_mentions } => {
            entities::run(entities::Options { path, format, suggest, min_mentions })
        }
        Command::Export(args) => export::run(args),
        Command::Import(args) => import::run(args),
        Command::Agree(args) => agree::run(args),
        Command::Report(args) => report::run(args),
        Command::Init { path } => init::run(path.as_deref()),
        Command::Rule(args) => rule::run(args),
        Command::Check { paths, format, deny } => {
            check::run(check::Options { paths, format, deny_warnings: deny.is_some() })
        }
    }
}
