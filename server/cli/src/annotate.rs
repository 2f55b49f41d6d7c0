//! `byline annotate FILE...`: an article's marks for a person (coloured text
//! on a terminal, a plain listing otherwise) or for tools (`--format json`).

use crate::check::{display_path, registry_reports, write_human};
use crate::jsonl;
use crate::output;
use byline_core::{analyze, listing, Analysis, AnalyzeOptions, Gazetteer, Severity, Span};
use byline_corpus::config::Config;
use byline_corpus::corpora::corpora_under;
use byline_corpus::discover::read_article;
use byline_corpus::registry::{self, LoadedRegistry};
use serde_json::json;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Coloured text on a terminal, a plain listing otherwise.
    Human,
    /// JSON, offsets in code points as in the JSONL format.
    Json,
}

/// What to annotate: an article on disk, or standard input (`-`).
enum Input {
    File(PathBuf),
    Stdin,
}

/// The articles `paths` name, as `byline check` finds them: folders walked
/// (each file under its nearest `byline.toml`), files as they are, `-` for
/// standard input. `Err`: the exit code of a run that cannot go on.
fn inputs(paths: &[PathBuf]) -> Result<Vec<Input>, ExitCode> {
    let mut inputs = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin);
            continue;
        }
        if crate::check::is_missing(path) {
            output::error(format!("{}: no such file or folder", path.display()));
            return Err(ExitCode::from(2));
        }
        if !path.is_dir() {
            inputs.push(Input::File(path.clone()));
            continue;
        }
        let found = corpora_under(std::slice::from_ref(path), None).map_err(|e| {
            output::error(e);
            ExitCode::from(2)
        })?;
        inputs.extend(
            found
                .corpora
                .into_iter()
                .flat_map(|c| {
                    let registry = c.config.registry_paths();
                    c.articles
                        .into_iter()
                        .filter(move |a| !registry.contains(&std::path::absolute(a).unwrap_or_default()))
                })
                .map(Input::File),
        );
    }
    if inputs.is_empty() {
        let shown: Vec<String> = paths.iter().map(|p| format!("`{}`", p.display())).collect();
        output::error(format!("nothing to annotate: no articles in {}", shown.join(", ")));
        return Err(ExitCode::from(2));
    }
    Ok(inputs)
}

/// Annotates the articles `paths` name, each with its corpus's registry, or
/// with `registry` (files named by `--registry`) for all of them when given.
pub fn run(paths: &[PathBuf], format: Format, registry: &[PathBuf]) -> ExitCode {
    let mut registries = match registry {
        [] => Registries::PerCorpus(Vec::new()),
        files => match load_registry_files(files) {
            Some(gazetteer) => Registries::Given(gazetteer),
            None => return ExitCode::from(2),
        },
    };
    if paths.is_empty() {
        output::error("annotate needs at least one FILE or folder (`-` reads standard input; --jsonl reads JSONL)");
        return ExitCode::from(2);
    }
    let inputs = match inputs(paths) {
        Ok(inputs) => inputs,
        Err(code) => return code,
    };
    let colour = format == Format::Human && output::ui().colour_out;
    let mut out = io::BufWriter::new(io::stdout().lock());
    let mut failed = false;
    let mut json_files = Vec::new();
    let here = PathBuf::from(".");
    for input in &inputs {
        let (file, path, read) = match input {
            Input::File(file) => (file, display_path(file), read_article(file)),
            Input::Stdin => (&here, "<stdin>".to_string(), read_stdin()),
        };
        let text = match read {
            Ok(t) => t,
            Err(e) => {
                output::error(format!("{path}: {e}"));
                failed = true;
                continue;
            }
        };
        // Standard input belongs to the corpus of the current folder.
        let options = match input {
            Input::File(_) => registries.options_for(file),
            Input::Stdin => registries.options_for(&here.join("-")),
        };
        let analysis = analyze(&text, &options);
        let written = match format {
            Format::Json => {
                let mut value = jsonl::to_json(&json!(path), &text, &analysis);
                value["publication_date"] = json!(analysis.publication_date.map(|p| p.date));
                if let Input::File(file) = input {
                    crate::check::add_annotations(&mut value, file, &text, &analysis);
                }
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
            output::error(format!("cannot write: {e}"));
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

/// Standard input as an article: UTF-8 text, as a file would have to be.
fn read_stdin() -> Result<String, byline_corpus::discover::ReadError> {
    let mut bytes = Vec::new();
    io::Read::read_to_end(&mut io::stdin().lock(), &mut bytes).map_err(byline_corpus::discover::ReadError::Io)?;
    byline_corpus::discover::decode_article(bytes)
}

/// Where each article's registry comes from.
enum Registries {
    /// `--registry FILE...`: one registry for every article.
    Given(Arc<Gazetteer>),
    /// Each article's corpus's registry, loaded once per corpus (by its
    /// `byline.toml`, or its root when it has none).
    PerCorpus(Vec<(Option<PathBuf>, PathBuf, AnalyzeOptions)>),
}

impl Registries {
    /// What an article is analysed with: its corpus's registry (or the one
    /// `--registry` names) and its `byline.toml`'s `[marks]`.
    fn options_for(&mut self, article: &Path) -> AnalyzeOptions {
        let config = match Config::discover(article) {
            Ok(config) => config,
            Err(e) => {
                output::error(format!("{e}; annotating without the corpus's registry and settings"));
                let gazetteer = match self {
                    Registries::Given(gazetteer) => Some(gazetteer.clone()),
                    Registries::PerCorpus(_) => None,
                };
                return AnalyzeOptions { gazetteer, ..AnalyzeOptions::default() };
            }
        };
        let corpora = match self {
            Registries::Given(gazetteer) => return config.analyze_options(Some(gazetteer.clone())),
            Registries::PerCorpus(corpora) => corpora,
        };
        if let Some((_, _, options)) =
            corpora.iter().find(|(file, root, _)| *file == config.file && *root == config.root)
        {
            return options.clone();
        }
        let loaded = registry::load(&config);
        report_registry_errors(&loaded, &config);
        // A corpus without a registry keeps the built-in lists, shared.
        let gazetteer = (!loaded.sources.is_empty()).then(|| loaded.gazetteer.clone());
        let options = config.analyze_options(gazetteer);
        corpora.push((config.file.clone(), config.root.clone(), options.clone()));
        options
    }
}

/// Errors in a registry leave some of its entries out: the person should
/// know, though the marks are still worth printing (`byline check` lists
/// every problem).
fn report_registry_errors(loaded: &LoadedRegistry, config: &Config) {
    let errors: Vec<_> =
        registry_reports(loaded, config).into_iter().filter(|r| r.severity == Severity::Error).collect();
    let _ = write_human(&mut io::stderr().lock(), &errors);
}

/// Reads the registry files named on the command line; `None` (after saying
/// why) when one cannot be read, since the user asked for it by name.
pub fn load_registry_files(files: &[PathBuf]) -> Option<Arc<Gazetteer>> {
    let loaded = registry::load_files(files);
    if !loaded.unreadable.is_empty() {
        for file in &loaded.unreadable {
            output::error(&file.reason);
        }
        return None;
    }
    let here = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    report_registry_errors(&loaded, &Config::default_for(&here));
    Some(loaded.gazetteer)
}

/// ANSI styles per kind of mark; a quote underlines, names and dates colour.
const QUOTE: &str = "4";
const SPEAKER: &str = "1;33";
const PERSON: &str = "36";
const ORGANIZATION: &str = "35";
const LOCATION: &str = "34";
const DATE: &str = "32";
const DEBRIS: &str = "2";

/// Writes `text` with every layer's style applied, in one sweep over the
/// layers sorted by start: each piece between two layer boundaries gets the
/// styles of the layers covering it, in the order they were given.
fn write_layers(out: &mut impl Write, text: &str, layers: Vec<(Span, &str)>) -> io::Result<()> {
    let mut layers: Vec<(usize, Span, &str)> = layers
        .into_iter()
        .enumerate()
        .filter(|(_, (s, _))| s.start < s.end && text.is_char_boundary(s.start) && text.is_char_boundary(s.end))
        .map(|(order, (span, style))| (order, span, style))
        .collect();
    layers.sort_by_key(|(order, span, _)| (span.start, *order));
    let mut cuts: Vec<usize> = layers.iter().flat_map(|(_, s, _)| [s.start, s.end]).collect();
    cuts.extend([0, text.len()]);
    cuts.sort_unstable();
    cuts.dedup();
    let mut next = 0;
    let mut active: Vec<(usize, Span, &str)> = Vec::new();
    for pair in cuts.windows(2) {
        let piece = Span::new(pair[0], pair[1]);
        active.retain(|(_, s, _)| s.end > piece.start);
        while next < layers.len() && layers[next].1.start <= piece.start {
            active.push(layers[next]);
            next += 1;
        }
        active.sort_by_key(|(order, _, _)| *order);
        let slice = piece.slice(text);
        if active.is_empty() {
            write!(out, "{slice}")?;
        } else {
            let styles: Vec<&str> = active.iter().map(|(_, _, style)| *style).collect();
            write!(out, "\x1b[{}m{slice}\x1b[0m", styles.join(";"))?;
        }
    }
    Ok(())
}

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
    writeln!(out, "\x1b[1m== {path}\x1b[0m")?;
    write_layers(out, text, layers)?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_layers_combine_styles_and_end_where_they_end() {
        let text = "He said \"Kim spoke\" today.";
        let quote = Span::new(8, 19);
        let name = Span::new(9, 12);
        let mut out = Vec::new();
        write_layers(&mut out, text, vec![(quote, QUOTE), (name, PERSON)]).unwrap();
        let out = String::from_utf8(out).unwrap();
        assert_eq!(out, "He said \x1b[4m\"\x1b[0m\x1b[4;36mKim\x1b[0m\x1b[4m spoke\"\x1b[0m today.");
    }

    #[test]
    fn many_marks_stay_linear_enough() {
        let text = "Kim said. ".repeat(50_000);
        let layers: Vec<(Span, &str)> = (0..50_000).map(|i| (Span::new(i * 10, i * 10 + 3), PERSON)).collect();
        let mut out = Vec::new();
        write_layers(&mut out, &text, layers).unwrap();
        assert_eq!(String::from_utf8(out).unwrap().matches("\x1b[36mKim").count(), 50_000);
    }
}
