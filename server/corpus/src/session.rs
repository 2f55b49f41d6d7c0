//! A corpus session: the one engine both front ends ask.
//!
//! A [`Session`] holds what every question about a corpus needs: its
//! configuration, its registry, its `annotation.conf`, and the editor's
//! unsaved buffers as overlays over the files. `byline check` and the
//! language server ask it the same questions (an article's findings, a
//! `.ann`'s, the registry's, the conf's, the corpus-wide label conflicts)
//! and so report the same problems; the server only converts them.
//!
//! [`kind_of`] says what a path is to a corpus, and
//! [`crate::annotations::article_of`] which article an `.ann` annotates.

use crate::annotations::{self, Annotated, Annotations, Checker, LoadedConf, ANN_EXTENSION, CONF_FILE};
use crate::check::{self, FileFinding};
use crate::config::{Config, CONFIG_FILE};
use crate::discover::{self, ReadError};
use crate::registry::{self, LoadedRegistry};
use byline_core::standoff;
use byline_core::{analyze, Analysis, AnalyzeOptions};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What a file is to a corpus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// An article: its text is analysed.
    Article,
    /// An article's brat annotations (`x.ann`); [`annotations::article_of`]
    /// finds the article.
    Annotations,
    /// The corpus's brat schema, `annotation.conf` at the root.
    AnnotationConf,
    /// One of the registry files `byline.toml` names.
    Registry,
    /// A `byline.toml`.
    Config,
    /// Anything else: not part of the corpus.
    Other,
}

/// What `path` is to the corpus `config` describes. Cheap: no file is read.
pub fn kind_of(path: &Path, config: &Config) -> FileKind {
    if path.file_name().is_some_and(|n| n == CONFIG_FILE) {
        return FileKind::Config;
    }
    if config.registry_paths().iter().any(|p| p == path) {
        return FileKind::Registry;
    }
    if path == config.root.join(CONF_FILE) {
        return FileKind::AnnotationConf;
    }
    if !path.starts_with(&config.root) {
        return FileKind::Other;
    }
    if path.extension().is_some_and(|e| e == ANN_EXTENSION) {
        return FileKind::Annotations;
    }
    if config.is_article_path(path) {
        return FileKind::Article;
    }
    FileKind::Other
}

/// Texts that stand in for files: the editor's unsaved buffers.
pub type Overlays = HashMap<PathBuf, Arc<str>>;

/// A corpus's `annotation.conf` as read: parsed, absent, or unreadable.
#[derive(Debug, Clone, Default)]
pub struct ConfState {
    pub loaded: Option<Arc<LoadedConf>>,
    /// It exists but cannot be read: that finding.
    pub unreadable: Option<FileFinding>,
}

impl ConfState {
    /// Reads the conf at the corpus root, or parses `overlay` (an editor's
    /// buffer of it) instead.
    pub fn read(config: &Config, overlay: Option<&str>) -> ConfState {
        let read = match overlay {
            Some(text) => Ok(Some(LoadedConf::parse(config.root.join(CONF_FILE), text.to_string()))),
            None => annotations::load_conf(config),
        };
        match read {
            Ok(conf) => ConfState { loaded: conf.map(Arc::new), unreadable: None },
            Err((path, e)) => ConfState { loaded: None, unreadable: annotations::unreadable(&path, &e, config) },
        }
    }
}

/// One corpus, configured and loaded, with overlays over its files.
#[derive(Debug, Clone)]
pub struct Session {
    pub config: Config,
    pub registry: Arc<LoadedRegistry>,
    pub conf: ConfState,
    overlays: Overlays,
}

impl Session {
    /// Reads the corpus's registry and `annotation.conf`, the overlays
    /// standing in for the files they name.
    pub fn load(config: Config, overlays: Overlays) -> Session {
        let mut registry = registry::load(&config);
        for path in config.registry_paths() {
            if let Some(text) = overlays.get(&path) {
                registry = registry.with_text(&path, text.to_string());
            }
        }
        let conf = ConfState::read(&config, overlays.get(&config.root.join(CONF_FILE)).map(|t| &**t));
        Session { config, registry: Arc::new(registry), conf, overlays }
    }

    /// A session of parts already loaded (a server keeps them per folder
    /// and reloads each when its files change).
    pub fn from_parts(config: Config, registry: Arc<LoadedRegistry>, conf: ConfState) -> Session {
        Session { config, registry, conf, overlays: Overlays::new() }
    }

    /// The session with another registry (read by the caller, say with a
    /// newer buffer of one of its files).
    pub fn with_registry(&self, registry: Arc<LoadedRegistry>) -> Session {
        Session { registry, ..self.clone() }
    }

    /// Replaces (or, with `None`, drops) the overlay of one file; the
    /// registry and the conf are read again when it is one of theirs.
    pub fn set_overlay(&mut self, path: &Path, text: Option<Arc<str>>) {
        match text {
            Some(text) => self.overlays.insert(path.to_path_buf(), text),
            None => self.overlays.remove(path),
        };
        match kind_of(path, &self.config) {
            FileKind::Registry => *self = Session::load(self.config.clone(), std::mem::take(&mut self.overlays)),
            FileKind::AnnotationConf => self.reload_conf(),
            _ => {}
        }
    }

    fn reload_conf(&mut self) {
        let overlay = self.overlays.get(&self.config.root.join(CONF_FILE)).cloned();
        self.conf = ConfState::read(&self.config, overlay.as_deref());
    }

    /// A file's text: its overlay, else the disk.
    pub fn read(&self, path: &Path) -> Result<String, ReadError> {
        match self.overlays.get(path) {
            Some(text) => Ok(text.to_string()),
            None => discover::read_article(path),
        }
    }

    /// The corpus's articles, sorted; the registry files are not among them
    /// even when `include` matches them.
    pub fn articles(&self) -> Vec<PathBuf> {
        let registry = self.config.registry_paths();
        let mut found: Vec<PathBuf> =
            discover::articles(&self.config).into_iter().filter(|p| !registry.contains(p)).collect();
        found.sort();
        found
    }

    /// `files` less the corpus's registry files: named on the command line,
    /// or matched by `include`, they would otherwise be read as articles.
    pub fn articles_among(&self, mut files: Vec<PathBuf>) -> Vec<PathBuf> {
        let registry: Vec<PathBuf> =
            self.config.registry_paths().iter().filter_map(|p| p.canonicalize().ok()).collect();
        if !registry.is_empty() {
            files.retain(|f| f.canonicalize().map_or(true, |f| !registry.contains(&f)));
        }
        files
    }

    /// What every article of the corpus is analysed with.
    pub fn analyze_options(&self) -> AnalyzeOptions {
        self.config.analyze_options(Some(self.registry.gazetteer.clone()))
    }

    /// An article's text and analysis.
    pub fn analyze(&self, article: &Path) -> Result<(String, Analysis), ReadError> {
        let text = self.read(article)?;
        let analysis = analyze(&text, &self.analyze_options());
        Ok((text, analysis))
    }

    /// An article's `.ann` (its overlay, else the disk); `Ok(None)` when it
    /// has none.
    pub fn annotations(&self, article: &Path) -> Result<Option<Annotations>, ReadError> {
        let Some(path) = annotations::ann_path_for(article) else { return Ok(None) };
        match self.overlays.get(&path) {
            Some(text) => Ok(Some(Annotations::parse(path, text.to_string()))),
            None => annotations::load(article),
        }
    }

    /// The conf every `.ann` is validated against, if the corpus has one.
    pub fn conf(&self) -> Option<&LoadedConf> {
        self.conf.loaded.as_deref()
    }

    /// What an article's annotations are checked against.
    pub fn checker(&self) -> Checker<'_> {
        Checker::new(&self.config, &self.registry, self.conf())
    }

    /// Every finding of one article: detection (in the article) and, when
    /// it has annotations, theirs (in the article, or in the `.ann` for its
    /// own lines).
    pub fn article_findings(
        &self,
        article: &Path,
        text: &str,
        analysis: &Analysis,
        ann: Option<&Annotations>,
    ) -> Vec<FileFinding> {
        let mut out: Vec<FileFinding> = check::findings(analysis, &self.config)
            .into_iter()
            .map(|finding| FileFinding { path: article.to_path_buf(), finding })
            .collect();
        if let Some(ann) = ann {
            out.extend(self.checker().article(article, text, analysis, ann));
        }
        out
    }

    /// The findings of a `.ann` about its own lines: lines brat would
    /// refuse, and annotations `annotation.conf` does not allow.
    pub fn ann_findings(&self, path: &Path, text: &str) -> Vec<FileFinding> {
        self.checker().ann_file(path, &standoff::parse(text))
    }

    /// The registry's problems, in its files (or `byline.toml`).
    pub fn registry_findings(&self) -> Vec<FileFinding> {
        self.registry.findings(&self.config)
    }

    /// The problems of `annotation.conf` itself.
    pub fn conf_findings(&self) -> Vec<FileFinding> {
        let mut out: Vec<FileFinding> = self.conf.unreadable.iter().cloned().collect();
        if let Some(conf) = self.conf() {
            out.extend(conf.findings(&self.config));
        }
        out
    }

    /// `label-conflict` across the annotated articles given.
    pub fn label_conflicts(&self, annotated: &[Annotated]) -> Vec<FileFinding> {
        annotations::label_conflict_findings(annotated, &self.config)
    }

    /// Every annotated article of the corpus (overlays over the disk), for
    /// the corpus-wide rules.
    pub fn annotated(&self) -> Vec<Annotated> {
        self.articles()
            .into_iter()
            .filter_map(|article| {
                let annotations = self.annotations(&article).ok()??;
                let text = self.read(&article).ok()?;
                Some(Annotated { article, text, annotations })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures").join(name)
    }

    #[test]
    fn every_kind_of_file_is_told_apart() {
        let root = fixture("annotated");
        let config = Config::discover(&root).unwrap();
        let kind = |name: &str| kind_of(&root.join(name), &config);
        assert_eq!(kind("201_dock_strike.txt"), FileKind::Article);
        assert_eq!(kind("201_dock_strike.ann"), FileKind::Annotations);
        assert_eq!(kind("annotation.conf"), FileKind::AnnotationConf);
        assert_eq!(kind("entities.toml"), FileKind::Registry);
        assert_eq!(kind("byline.toml"), FileKind::Config);
        assert_eq!(kind("README"), FileKind::Other);
        assert_eq!(kind_of(Path::new("/elsewhere/x.txt"), &config), FileKind::Other);
    }

    #[test]
    fn an_overlay_stands_in_for_the_conf_and_the_registry() {
        let root = fixture("annotated");
        let config = Config::discover(&root).unwrap();
        let mut session = Session::load(config, Overlays::new());
        assert!(session.conf_findings().is_empty(), "{:?}", session.conf_findings());
        let conf = root.join(CONF_FILE);
        session.set_overlay(&conf, Some(Arc::from("[entities]\nPerson\n[bogus]\nX\n")));
        let found = session.conf_findings();
        assert!(!found.is_empty() && found.iter().all(|f| f.path == conf && f.finding.code == "annotation-conf"));
        session.set_overlay(&conf, None);
        assert!(session.conf_findings().is_empty());

        let registry = root.join("entities.toml");
        session.set_overlay(&registry, Some(Arc::from("[[person]]\nid = \"x\"\nname = \n")));
        assert!(session.registry_findings().iter().any(|f| f.path == registry && f.finding.code == "registry-syntax"));
    }
}
