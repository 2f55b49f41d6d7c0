//! The corpus's entity registry read from disk: the files `byline.toml` names
//! (`entities.toml` at the root by default), parsed by
//! `byline_core::registry`, turned into the gazetteer every article of the
//! corpus is analysed with, and its problems turned into findings located in
//! the registry files.
//!
//! A corpus without a registry is normal: the default `entities.toml` may be
//! absent and nothing is said. A file that `byline.toml` names explicitly
//! must exist; when it does not, that is a finding at the line of
//! `byline.toml` that names it.

use crate::check::{FileFinding, Finding};
use crate::config::Config;
use crate::discover::{read_article, ReadError};
use byline_core::registry::{self, Registry, RegistrySource};
use byline_core::span::line_column;
use byline_core::{Gazetteer, Span};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The rule a registry file that cannot be read reports under, like an
/// article that cannot be read.
const UNREADABLE: &str = "unreadable-file";

/// A corpus's registry, ready for analysis.
#[derive(Debug, Clone)]
pub struct LoadedRegistry {
    /// Every registry file that could be read (path on disk, text), in the
    /// order configured; `RegistryEntry.source` and `RegistryProblem.source`
    /// index this list.
    pub sources: Vec<(PathBuf, String)>,
    pub registry: Registry,
    /// The built-in lists plus every entry: pass it in
    /// `AnalyzeOptions.gazetteer`.
    pub gazetteer: Arc<Gazetteer>,
    /// Registry files that exist (or must exist) but could not be read.
    pub unreadable: Vec<UnreadableRegistry>,
    /// `byline.toml` (path, text), kept only to locate a missing registry
    /// file at the line that names it.
    config_source: Option<(PathBuf, String)>,
    /// The name users know each source by (parallel to `sources`).
    names: Vec<String>,
}

/// A registry file that could not be used as a whole.
#[derive(Debug, Clone)]
pub struct UnreadableRegistry {
    pub path: PathBuf,
    /// Where `byline.toml` names it, when it does.
    pub declared_at: Option<Span>,
    pub reason: String,
}

/// A finding in a registry file, or in `byline.toml` for a registry file it
/// names that cannot be read. The span is bytes into that file's text
/// ([`LoadedRegistry::text_of`]).
pub type RegistryFinding = FileFinding;

/// One registry file to read: where it is, the name users know it by, and
/// whether it must exist.
struct Wanted {
    path: PathBuf,
    shown: String,
    declared_at: Option<Span>,
    required: bool,
}

/// Reads the registry files `config` names. Never fails: problems are kept
/// for [`LoadedRegistry::findings`], and whatever could be read is used.
pub fn load(config: &Config) -> LoadedRegistry {
    let wanted = config
        .registry
        .iter()
        .enumerate()
        .map(|(i, relative)| {
            let declared_at = config.registry_declared_at(i);
            Wanted {
                path: config.root.join(relative),
                shown: relative.display().to_string(),
                declared_at,
                required: declared_at.is_some(),
            }
        })
        .collect();
    let mut loaded = load_wanted(wanted);
    if loaded.unreadable.iter().any(|u| u.declared_at.is_some()) {
        if let Some(file) = &config.file {
            // Read again rather than kept in every Config: only this rare
            // report needs it. An unreadable byline.toml cannot have loaded.
            if let Ok(text) = crate::discover::read_article(file) {
                loaded.config_source = Some((file.clone(), text));
            }
        }
    }
    loaded
}

/// Reads registry files named on the command line (`annotate --registry`):
/// every one must exist.
pub fn load_files(files: &[PathBuf]) -> LoadedRegistry {
    load_wanted(
        files
            .iter()
            .map(|path| Wanted {
                path: path.clone(),
                shown: path.display().to_string(),
                declared_at: None,
                required: true,
            })
            .collect(),
    )
}

/// A registry of texts already read (path, the name users know it by,
/// text): an editor's buffers, tests.
pub fn from_texts(files: Vec<(PathBuf, String, String)>) -> LoadedRegistry {
    let (sources, names) = files.into_iter().map(|(path, shown, text)| ((path, text), shown)).unzip();
    parsed(sources, names, Vec::new(), None)
}

/// An empty registry: the built-in lists alone.
pub fn empty() -> LoadedRegistry {
    load_wanted(Vec::new())
}

fn load_wanted(wanted: Vec<Wanted>) -> LoadedRegistry {
    let mut sources: Vec<(PathBuf, String)> = Vec::new();
    let mut names: Vec<String> = Vec::new();
    let mut unreadable = Vec::new();
    for file in wanted {
        if sources.iter().any(|(p, _)| *p == file.path) {
            continue; // named twice: one copy, or every entry would be a duplicate id
        }
        match read_article(&file.path) {
            Ok(text) => {
                sources.push((file.path, text));
                names.push(file.shown);
            }
            Err(ReadError::Vanished) if !file.required => {}
            Err(e) => {
                let reason = match e {
                    ReadError::Vanished => format!("registry file `{}` not found", file.shown),
                    _ if file.path.is_dir() => format!("registry `{}` is a folder, expected a TOML file", file.shown),
                    e => format!("registry file `{}`: {e}", file.shown),
                };
                unreadable.push(UnreadableRegistry { path: file.path, declared_at: file.declared_at, reason });
            }
        }
    }
    parsed(sources, names, unreadable, None)
}

fn parsed(
    sources: Vec<(PathBuf, String)>,
    names: Vec<String>,
    unreadable: Vec<UnreadableRegistry>,
    config_source: Option<(PathBuf, String)>,
) -> LoadedRegistry {
    let views: Vec<RegistrySource> =
        names.iter().zip(&sources).map(|(name, (_, text))| RegistrySource { name, text }).collect();
    let registry = registry::parse(&views);
    let gazetteer = Arc::new(registry.gazetteer());
    LoadedRegistry { sources, registry, gazetteer, unreadable, config_source, names }
}

impl LoadedRegistry {
    /// Whether every registry file was read and parsed whole: otherwise
    /// links to entries after a syntax error would look unknown.
    pub fn is_complete(&self) -> bool {
        self.unreadable.is_empty() && !self.registry.problems.iter().any(|p| p.code == "registry-syntax")
    }

    /// The registry again with one file's text replaced (an editor's
    /// unsaved buffer of it), parsed afresh. A file that is not one of the
    /// registry's is left out: only `byline.toml` says what the registry is.
    pub fn with_text(&self, path: &Path, text: String) -> LoadedRegistry {
        let mut sources = self.sources.clone();
        let mut names = self.names.clone();
        let mut unreadable = self.unreadable.clone();
        match sources.iter_mut().find(|(p, _)| p == path) {
            Some((_, old)) => *old = text,
            None => {
                let Some(at) = unreadable.iter().position(|u| u.path == path) else { return self.clone() };
                // Named but not on disk yet: the buffer is the file.
                unreadable.remove(at);
                sources.push((path.to_path_buf(), text));
                names.push(path.display().to_string());
            }
        }
        parsed(sources, names, unreadable, self.config_source.clone())
    }

    /// The text a [`RegistryFinding`] of `path` is located in.
    pub fn text_of(&self, path: &Path) -> Option<&str> {
        self.sources.iter().chain(&self.config_source).find(|(p, _)| p == path).map(|(_, text)| text.as_str())
    }

    /// The registry's problems and unreadable files at the levels the corpus
    /// configured (`[rules]` may silence or raise any of them).
    pub fn findings(&self, config: &Config) -> Vec<RegistryFinding> {
        let mut out = Vec::new();
        for file in &self.unreadable {
            let Some(severity) = config.severity_of(UNREADABLE) else { continue };
            let (path, span) = match (&self.config_source, file.declared_at) {
                (Some((config_file, _)), Some(at)) => (config_file.clone(), at),
                _ => (file.path.clone(), Span::default()),
            };
            let message = match file.declared_at {
                Some(_) => format!("{}; byline.toml names it as a registry file", file.reason),
                None => file.reason.clone(),
            };
            let finding = Finding { code: UNREADABLE, severity, span, message, related: None, annotation: None };
            out.push(RegistryFinding { path, finding });
        }
        for problem in &self.registry.problems {
            let Some(severity) = config.severity_or(problem.code, problem.severity) else { continue };
            let Some((path, _)) = self.sources.get(problem.source) else { continue };
            let mut message = problem.message.clone();
            let mut related = None;
            match problem.related {
                Some((source, span)) if source == problem.source => related = Some(span),
                // Another file: say where, since a finding's related place
                // is in its own file.
                Some((source, span)) => {
                    if let Some((other, text)) = self.sources.get(source) {
                        let (line, column) = line_column(text, span.start);
                        message.push_str(&format!(" (see {}:{line}:{column})", other.display()));
                    }
                }
                None => {}
            }
            let finding =
                Finding { code: problem.code, severity, span: problem.span, message, related, annotation: None };
            out.push(RegistryFinding { path: path.clone(), finding });
        }
        crate::check::bounded_per_file(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use byline_core::{EntityLabel, Severity};

    struct TempCorpus(PathBuf);

    impl TempCorpus {
        fn new(name: &str) -> TempCorpus {
            let dir = std::env::temp_dir().join(format!("byline-registry-{name}-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(&dir).unwrap();
            TempCorpus(dir)
        }
        fn write(&self, name: &str, text: &str) -> &Self {
            let path = self.0.join(name);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).unwrap();
            }
            std::fs::write(path, text).unwrap();
            self
        }
        fn config(&self) -> Config {
            Config::discover(&self.0).unwrap()
        }
    }

    impl Drop for TempCorpus {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    const PEOPLE: &str = "[[person]]\nid = \"ana-silva\"\nname = \"Ana Silva\"\naliases = [\"Silva\"]\n";

    #[test]
    fn the_default_registry_is_read_and_its_absence_is_silent() {
        let corpus = TempCorpus::new("default");
        let loaded = load(&corpus.config());
        assert!(loaded.sources.is_empty() && loaded.registry.entries.is_empty());
        assert!(loaded.findings(&corpus.config()).is_empty(), "no entities.toml is not a problem");

        corpus.write("entities.toml", PEOPLE);
        let loaded = load(&corpus.config());
        assert_eq!(loaded.sources.len(), 1);
        let entry = loaded.registry.get("ana-silva").expect("the entry is loaded");
        assert_eq!((entry.kind, entry.name.as_str()), (EntityLabel::Person, "Ana Silva"));
        assert!(loaded.gazetteer.entries().iter().any(|e| e.id.as_deref() == Some("ana-silva")));
    }

    #[test]
    fn a_named_file_that_is_missing_is_reported_where_byline_toml_names_it() {
        let corpus = TempCorpus::new("missing");
        corpus
            .write("byline.toml", "[registry]\nfiles = [\"people.toml\", \"gone.toml\"]\n")
            .write("people.toml", PEOPLE);
        let config = corpus.config();
        let loaded = load(&config);
        assert_eq!(loaded.registry.entries.len(), 1, "the readable file still loads");
        let found = loaded.findings(&config);
        assert_eq!(found.len(), 1, "{found:?}");
        let f = &found[0];
        assert_eq!(f.path, corpus.0.join("byline.toml"));
        assert_eq!((f.finding.code, f.finding.severity), ("unreadable-file", Severity::Error));
        assert!(f.finding.message.contains("`gone.toml` not found"), "{}", f.finding.message);
        let text = loaded.text_of(&f.path).unwrap();
        assert_eq!(f.finding.span.slice(text), "\"gone.toml\"");
        assert_eq!(line_column(text, f.finding.span.start), (2, 25));
    }

    #[test]
    fn problems_are_findings_of_their_file_at_the_configured_level() {
        let corpus = TempCorpus::new("problems");
        corpus
            .write("byline.toml", "[registry]\nfiles = [\"a.toml\", \"b.toml\"]\n[rules]\nunknown-key = \"error\"\n")
            .write("a.toml", PEOPLE)
            .write("b.toml", "[[person]]\nid = \"ana-silva\"\nname = \"Ana Silva Costa\"\nalias = [\"Costa\"]\n");
        let config = corpus.config();
        let loaded = load(&config);
        let found = loaded.findings(&config);
        let duplicate = found.iter().find(|f| f.finding.code == "duplicate-id").expect("duplicate id reported");
        assert_eq!(duplicate.path, corpus.0.join("b.toml"));
        assert_eq!(duplicate.finding.severity, Severity::Error);
        let see = format!("(see {}:", corpus.0.join("a.toml").display());
        assert!(duplicate.finding.message.contains(&see), "{}", duplicate.finding.message);
        let text = loaded.text_of(&duplicate.path).unwrap();
        assert_eq!(line_column(text, duplicate.finding.span.start).0, 2);
        let unknown = found.iter().find(|f| f.finding.code == "unknown-key").expect("unknown key reported");
        assert_eq!(unknown.finding.severity, Severity::Error, "[rules] raised it from warning");
    }

    #[test]
    fn a_syntax_error_keeps_the_other_files() {
        let corpus = TempCorpus::new("syntax");
        corpus
            .write("byline.toml", "[registry]\nfiles = [\"ok.toml\", \"broken.toml\"]\n")
            .write("ok.toml", PEOPLE)
            .write("broken.toml", "[[person]]\nname = \"Bo Lind\"\naliases = [\"Lind\"\n");
        let config = corpus.config();
        let loaded = load(&config);
        assert!(loaded.registry.get("ana-silva").is_some());
        let syntax: Vec<_> =
            loaded.findings(&config).into_iter().filter(|f| f.finding.code == "registry-syntax").collect();
        assert_eq!(syntax.len(), 1);
        assert_eq!(syntax[0].path, corpus.0.join("broken.toml"));
        assert_eq!(syntax[0].finding.severity, Severity::Error);
    }

    #[test]
    fn an_unsaved_buffer_replaces_the_file_on_disk() {
        let corpus = TempCorpus::new("buffer");
        corpus.write("entities.toml", PEOPLE);
        let loaded = load(&corpus.config());
        let path = corpus.0.join("entities.toml");
        let edited = loaded.with_text(&path, format!("{PEOPLE}\n[[organization]]\nname = \"Port of Lisbon\"\n"));
        assert!(edited.registry.get("port-of-lisbon").is_some(), "the buffer's new entry is read");
        assert!(edited.gazetteer.entries().iter().any(|e| e.id.as_deref() == Some("port-of-lisbon")));
        assert_eq!(edited.text_of(&path).map(|t| t.contains("Port of Lisbon")), Some(true));
        let unrelated = loaded.with_text(&corpus.0.join("notes.toml"), "[[person]]\nname = \"X Y\"\n".into());
        assert_eq!(unrelated.registry.entries.len(), 1, "a file outside the registry changes nothing");

        corpus.write("byline.toml", "[registry]\nfiles = [\"later.toml\"]\n");
        let missing = load(&corpus.config());
        assert_eq!(missing.unreadable.len(), 1);
        let typed = missing.with_text(&corpus.0.join("later.toml"), PEOPLE.into());
        assert!(typed.unreadable.is_empty() && typed.registry.get("ana-silva").is_some());
    }

    #[test]
    fn command_line_files_must_exist_and_binary_files_are_refused() {
        let corpus = TempCorpus::new("files");
        corpus.write("people.toml", PEOPLE);
        std::fs::write(corpus.0.join("photo.toml"), b"\x89PNG\x00\x00").unwrap();
        let loaded =
            load_files(&[corpus.0.join("people.toml"), corpus.0.join("nope.toml"), corpus.0.join("photo.toml")]);
        assert_eq!(loaded.registry.entries.len(), 1);
        let reasons: Vec<&str> = loaded.unreadable.iter().map(|u| u.reason.as_str()).collect();
        assert_eq!(reasons.len(), 2, "{reasons:?}");
        assert!(reasons[0].contains("nope.toml` not found"), "{reasons:?}");
        assert!(reasons[1].contains("binary file"), "{reasons:?}");
        assert!(empty().registry.entries.is_empty());
    }
}
