//! `byline`: one binary for the language server, the CI checker and the
//! annotator.

mod annotate;
mod check;
mod github;
mod jsonl;
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
        Command::Annotate { jsonl: true, .. } => {
            let stdin = io::stdin().lock();
            let stdout = io::BufWriter::new(io::stdout().lock());
            match jsonl::run(stdin, stdout, io::stderr().lock(), None) {
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
        Command::Annotate { files, format, .. } => annotate::run(&files, format),
        Command::Check { paths, format, deny } => {
            check::run(check::Options { paths, format, deny_warnings: deny.is_some() })
        }
    }
}
