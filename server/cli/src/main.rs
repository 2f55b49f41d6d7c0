//! `byline`: one binary for the language server, the CI checker and the
//! annotator.

mod jsonl;

use clap::{Parser, Subcommand};
use std::io::{self};
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
        files: Vec<std::path::PathBuf>,
        /// Read evaluation JSONL on stdin and write marks as JSONL on stdout.
        #[arg(long, conflicts_with = "files")]
        jsonl: bool,
    },
    /// Run the language server on stdin/stdout.
    Lsp {
        /// Accepted for clients that pass it; stdio is the only transport.
        #[arg(long)]
        stdio: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Annotate { jsonl: true, .. } => {
            let stdin = io::stdin().lock();
            let stdout = io::BufWriter::new(io::stdout().lock());
            match jsonl::run(stdin, stdout, io::stderr().lock()) {
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
        Command::Lsp { .. } => byline_lsp::run_stdio(),
        Command::Annotate { .. } => {
            eprintln!("byline: annotate FILE is not built yet");
            ExitCode::from(2)
        }
    }
}
