//! `byline`: one binary for the language server, the CI checker and the
//! annotator.

mod agree;
mod annotate;
mod check;
mod corpus_jsonl;
mod entities;
mod export;
mod fix;
mod github;
mod import;
mod init;
mod jsonl;
mod output;
mod report;
mod rule;
mod sarif;

use clap::{CommandFactory, Parser, Subcommand};
use std::io::{self, IsTerminal};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "byline", version, about = "Quotes, speakers, dates and entities in news corpora")]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
    /// When to colour output: auto (a terminal, unless NO_COLOR is set;
    /// CLICOLOR_FORCE forces it), always or never.
    #[arg(long, global = true, value_enum, default_value = "auto", value_name = "WHEN")]
    color: output::ColorChoice,
    /// Say less: no summary, no progress, no notes; problems and errors only.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Say more: hints too, and what was skipped and why.
    #[arg(short, long, global = true)]
    verbose: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Print the marks Byline finds in articles.
    Annotate {
        /// Articles or folders to annotate (`-`: standard input).
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
    /// Check a corpus and report its problems (exit 1 on errors, 2 when
    /// it could not check what was asked).
    Check(check::Args),
    /// List the corpus's entities with mention, article and quote counts.
    Entities {
        /// The corpus folder or some of its files and folders (default: the
        /// current folder).
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value = "table")]
        format: entities::Format,
        /// Print registry entries for frequent unregistered people and
        /// organisations instead, ready to paste into entities.toml (TOML:
        /// no --format).
        #[arg(long, conflicts_with = "format")]
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
    /// Print a completion script for a shell (`byline completions bash >
    /// /etc/bash_completion.d/byline`).
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (`byline man > byline.1; man -l byline.1`).
    Man,
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
    output::init(output::Ui::new(cli.color, cli.quiet, cli.verbose));
    match cli.command {
        Command::Lsp { .. } => {
            if io::stdin().is_terminal() {
                eprintln!(
                    "byline lsp speaks the Language Server Protocol on stdin/stdout: an editor starts it \
                     (editors/README-editors.md); Ctrl-D ends it"
                );
            }
            byline_lsp::run_stdio()
        }
        Command::Completions { shell } => {
            clap_complete::generate(shell, &mut Cli::command(), "byline", &mut io::stdout());
            ExitCode::SUCCESS
        }
        Command::Man => match clap_mangen::Man::new(Cli::command()).render(&mut io::stdout()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                output::error(format!("cannot write the manual page: {e}"));
                ExitCode::from(2)
            }
        },
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
                    output::error(format!("{} could not be read", output::count(bad, "input line")));
                    ExitCode::from(1)
                }
                Err(e) => {
                    output::error(e);
                    ExitCode::from(2)
                }
            }
        }
        Command::Annotate { files, format, registry, .. } => annotate::run(&files, format, &registry),
        Command::Entities { paths, format, suggest, min_mentions } => {
            entities::run(entities::Options { paths, format, suggest, min_mentions })
        }
        Command::Export(args) => export::run(args),
        Command::Import(args) => import::run(args),
        Command::Agree(args) => agree::run(args),
        Command::Report(args) => report::run(args),
        Command::Init { path } => init::run(path.as_deref()),
        Command::Rule(args) => rule::run(args),
        Command::Check(args) => check::run(args),
    }
}
