//! `byline annotate FILE...`: an article's marks for a person (coloured text
//! on a terminal, a plain listing otherwise) or for tools (`--format json`).

use crate::check::display_path;
use crate::jsonl;
use byline_core::{analyze, listing, Analysis, AnalyzeOptions, Span};
use byline_corpus::discover::read_article;
use serde_json::json;
use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Coloured text on a terminal, a plain listing otherwise.
    Human,
    /// JSON, offsets in code points as in the JSONL format.
    Json,
}

pub fn run(files: &[PathBuf], format: Format) -> ExitCode {
    if files.is_empty() {
        eprintln!("byline: annotate needs at least one FILE (or --jsonl to read stdin)");
        return ExitCode::from(2);
    }
    let colour = format == Format::Human && io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let mut out = io::BufWriter::new(io::stdout().lock());
    let mut failed = false;
    let mut json_files = Vec::new();
    for file in files {
        let path = display_path(file);
        let text = match read_article(file) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("byline: {path}: {e}");
                failed = true;
                continue;
            }
        };
        let analysis = analyze(&text, &AnalyzeOptions::default());
        let written = match format {
            Format::Json => {
                let mut value = jsonl::to_json(&json!(path), &text, &analysis);
                value["publication_date"] = json!(analysis.publication_date.map(|p| p.date));
                json_files.push(value);
                Ok(())
            }
            Format::Human if colour => write_coloured(&mut out, &path, &text, &analysis),
            Format::Human => writeln!(out, "== {path}\n{}", listing::render(&text, &analysis)),
        };
        if let Err(e) = written {
            if e.kind() == io::ErrorKind::BrokenPipe {
                return ExitCode::SUCCESS;
            }
            eprintln!("byline: cannot write: {e}");
            return ExitCode::from(2);
        }
    }
    if format == Format::Json {
        let _ = serde_json::to_writer_pretty(&mut out, &json!({"version": 1, "files": json_files}));
        let _ = writeln!(out);
    }
    let _ = out.flush();
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// ANSI styles per kind of mark; a quote underlines, names and dates colour.
const QUOTE: &str = "4";
const SPEAKER: &str = "1;33";
const PERSON: &str = "36";
const ORGANIZATION: &str = "35";
const LOCATION: &str = "34";
const DATE: &str = "32";
const DEBRIS: &str = "2";

fn write_coloured(out: &mut impl Write, path: &str, text: &str, analysis: &Analysis) -> io::Result<()> {
    let mut layers: Vec<(Span, &str)> = Vec::new();
    layers.extend(analysis.paragraphs.iter().filter(|p| p.debris.is_some()).map(|p| (p.span, DEBRIS)));
    layers.extend(analysis.quotes.iter().map(|q| (q.span, QUOTE)));
    for e in &analysis.entities {
        let style = match e.label {
            byline_core::EntityLabel::Person => PERSON,
            byline_core::EntityLabel::Organization => ORGANIZATION,
            byline_core::EntityLabel::Location => LOCATION,
        };
        layers.push((e.span, style));
    }
    layers.extend(analysis.quotes.iter().filter_map(|q| q.speaker.as_ref()).map(|a| (a.mention, SPEAKER)));
    layers.extend(analysis.dates.iter().map(|d| (d.span, DATE)));
    let mut cuts: Vec<usize> = layers.iter().flat_map(|(s, _)| [s.start, s.end]).collect();
    cuts.extend([0, text.len()]);
    cuts.retain(|c| *c <= text.len() && text.is_char_boundary(*c));
    cuts.sort_unstable();
    cuts.dedup();
    writeln!(out, "\x1b[1m== {path}\x1b[0m")?;
    for pair in cuts.windows(2) {
        let piece = Span::new(pair[0], pair[1]);
        let styles: Vec<&str> = layers.iter().filter(|(s, _)| s.contains_span(piece)).map(|(_, st)| *st).collect();
        let slice = piece.slice(text);
        if styles.is_empty() {
            write!(out, "{slice}")?;
        } else {
            write!(out, "\x1b[{}m{slice}\x1b[0m", styles.join(";"))?;
        }
    }
    writeln!(out, "\n")?;
    let legend = format!(
        "\x1b[{QUOTE}mquote\x1b[0m \x1b[{SPEAKER}mspeaker\x1b[0m \x1b[{PERSON}mperson\x1b[0m \x1b[{ORGANIZATION}morganization\x1b[0m \x1b[{LOCATION}mlocation\x1b[0m \x1b[{DATE}mdate\x1b[0m \x1b[{DEBRIS}mdebris\x1b[0m"
    );
    writeln!(out, "{legend}")?;
    let lines = byline_core::span::LineIndex::new(text);
    for q in &analysis.quotes {
        if let Some(a) = &q.speaker {
            let (line, _) = lines.line_column(q.span.start);
            writeln!(out, "  line {line}: quote by {} ({})", a.speaker, a.cue_text.as_deref().unwrap_or("no cue"))?;
        }
    }
    for d in analysis.dates.iter().filter(|d| d.value.is_some()) {
        writeln!(out, "  {:?} = {}", d.text, d.value.as_deref().unwrap_or(""))?;
    }
    writeln!(out)
}
