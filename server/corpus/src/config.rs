//! `byline.toml`: which files count as articles and how loud each rule is.
//!
//! The file sits at the corpus root and is found by walking up from where
//! Byline starts, like `.editorconfig` or `Cargo.toml`:
//!
//! ```toml
//! [corpus]
//! include = ["**/*.txt", "**/*.md"]   # articles, relative to this file
//! exclude = ["drafts/**"]
//!
//! [rules]
//! unbalanced-quote = "error"          # error | warning | info | hint | off
//! unattributed-quote = "off"
//! unannotated-mark = "off"            # rules on the .ann files beside articles too
//!
//! [marks]
//! diagnostics = "hint"                # marks shown as editor diagnostics: hint | info | off
//! reported = false                    # direct quotations only: no reported speech (default true)
//!
//! [registry]
//! files = ["entities.toml", "people/politicians.toml"]   # default: entities.toml
//! strict = true                       # every person and organisation must be registered
//! ```
//!
//! Older files list the registry as `[corpus] registry = [...]`; that still
//! works, but a corpus may name its registry files in one place only.

use byline_core::rules;
use byline_core::span::line_column;
use byline_core::{AnalyzeOptions, Gazetteer, ProblemCode, Severity, Span};
use ignore::overrides::{Override, OverrideBuilder};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub const CONFIG_FILE: &str = "byline.toml";

/// A level a rule can be set to; `Off` silences it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Off,
    On(Severity),
}

impl Level {
    pub fn parse(s: &str) -> Option<Level> {
        Some(match s {
            "off" | "none" => Level::Off,
            "hint" => Level::On(Severity::Hint),
            "info" | "information" => Level::On(Severity::Info),
            "warning" | "warn" => Level::On(Severity::Warning),
            "error" => Level::On(Severity::Error),
            _ => return None,
        })
    }
    pub fn severity(self) -> Option<Severity> {
        match self {
            Level::Off => None,
            Level::On(s) => Some(s),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Config {
    /// The corpus root: the folder holding `byline.toml`, or where Byline was
    /// started when there is none.
    pub root: PathBuf,
    /// The `byline.toml` this came from, if any.
    pub file: Option<PathBuf>,
    pub include: Vec<String>,
    pub exclude: Vec<String>,
    /// Entity registry files, relative to the root.
    pub registry: Vec<PathBuf>,
    /// Where `byline.toml` names each registry file (the string's span in
    /// that file), parallel to `registry`; empty when the registry is the
    /// default `entities.toml`, which may be absent.
    registry_declared_at: Vec<Span>,
    /// `[registry] strict`: every person and organisation must be registered.
    registry_strict: bool,
    rules: BTreeMap<String, Level>,
    marks: Level,
    /// `[marks] reported`: find reported speech besides quotations.
    reported: bool,
    matcher: Override,
}

/// A `byline.toml` that could not be used: where, and what was expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub path: PathBuf,
    /// 1-based; 0 when the problem is not tied to a line.
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(f, "{}:{}:{}: {}", self.path.display(), self.line, self.column, self.message)
        } else {
            write!(f, "{}: {}", self.path.display(), self.message)
        }
    }
}

impl std::error::Error for ConfigError {}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    corpus: RawCorpus,
    #[serde(default)]
    rules: BTreeMap<String, toml::Spanned<String>>,
    #[serde(default)]
    marks: RawMarks,
    #[serde(default)]
    registry: RawRegistry,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawCorpus {
    include: Option<Vec<String>>,
    #[serde(default)]
    exclude: Vec<String>,
    /// The older place for the registry files; `[registry] files` is the new one.
    registry: Option<toml::Spanned<Vec<toml::Spanned<String>>>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawRegistry {
    files: Option<toml::Spanned<Vec<toml::Spanned<String>>>>,
    #[serde(default)]
    strict: bool,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawMarks {
    diagnostics: Option<toml::Spanned<String>>,
    reported: Option<bool>,
}

const DEFAULT_INCLUDE: [&str; 2] = ["**/*.txt", "**/*.md"];
const DEFAULT_REGISTRY: &str = "entities.toml";

/// Every rule's name, from the one list ([`byline_core::rules`]).
pub fn rule_names() -> impl Iterator<Item = &'static str> {
    rules::RULES.iter().map(|r| r.code)
}

/// The level a rule has where `[rules]` does not set one. Registry problems
/// carry their own level ([`Config::severity_or`]); this is only what a
/// caller asking about the rule in general hears.
fn default_severity(rule: &str) -> Option<Severity> {
    rules::find(rule).and_then(|r| r.default_level)
}

fn is_rule(rule: &str) -> bool {
    rules::find(rule).is_some()
}

impl Config {
    /// The configuration a corpus without `byline.toml` gets.
    pub fn default_for(root: &Path) -> Config {
        let include: Vec<String> = DEFAULT_INCLUDE.iter().map(|s| s.to_string()).collect();
        let matcher = build_matcher(root, &include, &[]).unwrap_or_else(|_| Override::empty());
        Config {
            root: root.to_path_buf(),
            file: None,
            include,
            exclude: Vec::new(),
            registry: vec![PathBuf::from(DEFAULT_REGISTRY)],
            registry_declared_at: Vec::new(),
            registry_strict: false,
            rules: BTreeMap::new(),
            marks: Level::On(Severity::Hint),
            reported: true,
            matcher,
        }
    }

    /// Finds `byline.toml` in `start` or the nearest folder above it and loads
    /// it; with none, the defaults rooted at `start` (or its folder, for a file).
    pub fn discover(start: &Path) -> Result<Config, ConfigError> {
        let start = if start.is_file() { start.parent().unwrap_or(Path::new(".")) } else { start };
        let absolute = std::path::absolute(start).unwrap_or_else(|_| start.to_path_buf());
        for dir in absolute.ancestors() {
            let candidate = dir.join(CONFIG_FILE);
            if candidate.is_file() {
                return Config::load(&candidate);
            }
        }
        Ok(Config::default_for(&absolute))
    }

    pub fn load(file: &Path) -> Result<Config, ConfigError> {
        // Capped and regular files only: a byline.toml linked to /dev/zero
        // is an error, not a hang.
        let text = crate::discover::read_article(file).map_err(|e| ConfigError {
            path: file.to_path_buf(),
            line: 0,
            column: 0,
            message: match e {
                crate::discover::ReadError::Io(e) => format!("cannot read: {e}"),
                e => e.to_string(),
            },
        })?;
        let root = file.parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."));
        Config::parse(&root, file, &text)
    }

    /// Parses `text` as the `byline.toml` at `file`, rooted at `root`.
    pub fn parse(root: &Path, file: &Path, text: &str) -> Result<Config, ConfigError> {
        let error_at = |offset: Option<usize>, message: String| {
            let (line, column) = offset.map(|o| line_column(text, o)).unwrap_or((0, 0));
            ConfigError { path: file.to_path_buf(), line, column, message }
        };
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            let message = e.message().trim().to_string();
            error_at(e.span().map(|s| s.start), message)
        })?;
        let mut config = Config::default_for(root);
        config.file = Some(file.to_path_buf());
        if let Some(include) = raw.corpus.include {
            config.include = include;
        }
        config.exclude = raw.corpus.exclude;
        let registry_files = match (raw.corpus.registry, raw.registry.files) {
            (Some(old), Some(new)) => {
                return Err(error_at(
                    Some(old.span().start),
                    format!(
                    "registry files are listed both here and in [registry] files (line {}); keep only [registry] files",
                    line_column(text, new.span().start).0
                ),
                ))
            }
            (old, new) => new.or(old),
        };
        if let Some(files) = registry_files {
            config.registry.clear();
            for file in files.into_inner() {
                config.registry_declared_at.push(Span::new(file.span().start, file.span().end));
                config.registry.push(PathBuf::from(file.into_inner()));
            }
        }
        config.registry_strict = raw.registry.strict;
        config.matcher = build_matcher(root, &config.include, &config.exclude)
            .map_err(|e| error_at(None, format!("[corpus] include/exclude: {e}")))?;
        for (rule, level) in raw.rules {
            if !is_rule(&rule) {
                return Err(error_at(
                    Some(level.span().start),
                    format!("[rules]: {}", rules::unknown_rule_message(&rule)),
                ));
            }
            let parsed = Level::parse(level.get_ref()).ok_or_else(|| {
                error_at(
                    Some(level.span().start),
                    format!(
                        "rule `{rule}`: expected \"error\", \"warning\", \"info\", \"hint\" or \"off\", found \"{}\"",
                        level.get_ref()
                    ),
                )
            })?;
            config.rules.insert(rule, parsed);
        }
        if let Some(reported) = raw.marks.reported {
            config.reported = reported;
        }
        if let Some(marks) = raw.marks.diagnostics {
            config.marks = match Level::parse(marks.get_ref()) {
                Some(level) => level,
                None => {
                    return Err(error_at(
                        Some(marks.span().start),
                        format!(
                            "[marks] diagnostics: expected \"hint\", \"info\", \"warning\" or \"off\", found \"{}\"",
                            marks.get_ref()
                        ),
                    ))
                }
            };
        }
        Ok(config)
    }

    /// The severity `rule` reports at, or `None` when it is off.
    pub fn severity_of(&self, rule: &str) -> Option<Severity> {
        match self.rules.get(rule) {
            Some(level) => level.severity(),
            None if self.registry_strict && rule == ProblemCode::UnregisteredEntity.as_str() => Some(Severity::Warning),
            None => default_severity(rule),
        }
    }

    /// The severity of a problem that carries its own level (a registry
    /// file's): `[rules]` wins when it names the rule.
    pub fn severity_or(&self, rule: &str, own: Severity) -> Option<Severity> {
        match self.rules.get(rule) {
            Some(level) => level.severity(),
            None => Some(own),
        }
    }

    /// `[registry] strict = true`: unregistered people and organisations are
    /// reported (at warning unless `[rules]` says otherwise).
    pub fn registry_strict(&self) -> bool {
        self.registry_strict
    }

    /// Where `byline.toml` names the `index`th registry file; `None` for the
    /// default `entities.toml`, which a corpus need not have.
    pub fn registry_declared_at(&self, index: usize) -> Option<Span> {
        self.registry_declared_at.get(index).copied()
    }

    /// The registry files as paths on disk (relative ones under the root).
    pub fn registry_paths(&self) -> Vec<PathBuf> {
        self.registry.iter().map(|p| self.root.join(p)).collect()
    }

    pub fn severity(&self, code: ProblemCode) -> Option<Severity> {
        self.severity_of(code.as_str())
    }

    /// Sets a rule's level, as an editor's settings do over the file's.
    pub fn set_rule(&mut self, rule: &str, level: Level) {
        self.rules.insert(rule.to_string(), level);
    }

    /// How detected marks show as diagnostics in the editor; `None` hides them.
    pub fn marks_severity(&self) -> Option<Severity> {
        self.marks.severity()
    }

    pub fn set_marks(&mut self, level: Level) {
        self.marks = level;
    }

    /// `[marks] reported`: whether reported speech (`Cho said the talks
    /// would resume`) is found besides quotations; `false` keeps direct
    /// quotations only (a quoted fragment inside reported speech stays, as
    /// the partial quotation it is).
    pub fn reported(&self) -> bool {
        self.reported
    }

    /// Sets `[marks] reported`, as an editor's settings do over the file's.
    pub fn set_reported(&mut self, reported: bool) {
        self.reported = reported;
    }

    /// What this corpus's articles are analysed with: its registry's
    /// gazetteer and `[marks]`. Every front end asks here, so `check`,
    /// `annotate`, `report` and the editor find the same marks.
    pub fn analyze_options(&self, gazetteer: Option<Arc<Gazetteer>>) -> AnalyzeOptions {
        AnalyzeOptions { gazetteer, reported: self.reported, ..AnalyzeOptions::default() }
    }

    /// Whether `path` (absolute, or relative to the root) is an article of this corpus.
    pub fn is_article_path(&self, path: &Path) -> bool {
        // Annotations and their schema sit beside the articles and may match
        // a broad `include` (`**/*`); they are never articles themselves.
        if is_annotation_file(path) {
            return false;
        }
        let relative = path.strip_prefix(&self.root).unwrap_or(path);
        self.matcher.matched(relative, false).is_whitelist()
    }
}

/// An article's brat annotations (`x.ann`) or the corpus's `annotation.conf`.
pub fn is_annotation_file(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == crate::annotations::ANN_EXTENSION)
        || path.file_name().is_some_and(|n| n == crate::annotations::CONF_FILE)
}

fn build_matcher(root: &Path, include: &[String], exclude: &[String]) -> Result<Override, ignore::Error> {
    let mut builder = OverrideBuilder::new(root);
    for glob in include {
        builder.add(glob)?;
    }
    for glob in exclude {
        builder.add(&format!("!{glob}"))?;
    }
    builder.build()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse(Path::new("/corpus"), Path::new("/corpus/byline.toml"), text)
    }

    #[test]
    fn defaults_without_file() {
        let config = Config::default_for(Path::new("/corpus"));
        assert!(config.is_article_path(Path::new("/corpus/a/b.txt")));
        assert!(config.is_article_path(Path::new("/corpus/notes.md")));
        assert!(!config.is_article_path(Path::new("/corpus/entities.toml")));
        assert_eq!(config.severity(ProblemCode::WeekdayMismatch), Some(Severity::Warning));
        assert_eq!(config.marks_severity(), Some(Severity::Hint));
    }

    #[test]
    fn annotation_files_are_never_articles() {
        let everything = parse("[corpus]\ninclude = [\"**/*\"]\n").unwrap();
        assert!(everything.is_article_path(Path::new("/corpus/a/story.txt")));
        assert!(!everything.is_article_path(Path::new("/corpus/a/story.ann")));
        assert!(!everything.is_article_path(Path::new("/corpus/annotation.conf")));
        assert!(everything.is_article_path(Path::new("/corpus/annotation.conf.txt")));
    }

    #[test]
    fn annotation_rules_default_to_the_standoff_levels_and_can_be_set() {
        use byline_core::standoff::StandoffCode;
        let config = parse("[rules]\nunannotated-mark = \"off\"\nquote-without-speaker = \"error\"\n").unwrap();
        for code in StandoffCode::ALL {
            let default = Config::default_for(Path::new("/corpus")).severity_of(code.as_str());
            assert_eq!(default, Some(code.default_severity()), "{}", code.as_str());
        }
        assert_eq!(config.severity_of("unannotated-mark"), None);
        assert_eq!(config.severity_of("quote-without-speaker"), Some(Severity::Error));
        assert_eq!(config.severity_of("malformed-annotation"), Some(Severity::Error));
        assert_eq!(config.severity_of("annotation-conf"), Some(Severity::Warning));
    }

    #[test]
    fn rules_and_globs_from_file() {
        let config = parse(
            "[corpus]\ninclude = [\"articles/**/*.txt\"]\nexclude = [\"articles/drafts/**\"]\n\n[rules]\nunattributed-quote = \"off\"\nweekday-mismatch = \"error\"\n\n[marks]\ndiagnostics = \"off\"\n",
        )
        .unwrap();
        assert!(config.is_article_path(Path::new("/corpus/articles/2023/a.txt")));
        assert!(!config.is_article_path(Path::new("/corpus/articles/drafts/a.txt")));
        assert!(!config.is_article_path(Path::new("/corpus/other/a.txt")));
        assert_eq!(config.severity(ProblemCode::UnattributedQuote), None);
        assert_eq!(config.severity(ProblemCode::WeekdayMismatch), Some(Severity::Error));
        assert_eq!(config.marks_severity(), None);
    }

    #[test]
    fn errors_name_the_line_and_what_was_expected() {
        let err = parse("[rules]\nweekday-mismatch = \"loud\"\n").unwrap_err();
        assert_eq!((err.line, err.column), (2, 20));
        assert!(err.message.contains("expected \"error\""), "{err}");
        assert!(err.to_string().starts_with("/corpus/byline.toml:2:20: "), "{err}");

        let err = parse("[rules]\nno-such-rule = \"off\"\n").unwrap_err();
        assert!(err.message.contains("unknown rule `no-such-rule`"), "{err}");
        assert_eq!(err.line, 2);
        let err = parse("[rules]\nunbalanced-quotes = \"off\"\n").unwrap_err();
        assert_eq!(err.message, "[rules]: unknown rule `unbalanced-quotes`; did you mean `unbalanced-quote`?");

        let err = parse("[corpus]\nincldue = []\n").unwrap_err();
        assert!(err.message.contains("incldue"), "{err}");
        assert_eq!(err.line, 2);

        let err = parse("[corpus\n").unwrap_err();
        assert_eq!(err.line, 1);
    }

    #[test]
    fn registry_files_default_to_entities_toml_and_may_be_absent() {
        let config = parse("[rules]\nboilerplate = \"off\"\n").unwrap();
        assert_eq!(config.registry, [PathBuf::from("entities.toml")]);
        assert_eq!(config.registry_declared_at(0), None, "the default file is optional");
        assert_eq!(config.registry_paths(), [PathBuf::from("/corpus/entities.toml")]);
        assert!(!config.registry_strict());
        assert_eq!(config.severity(ProblemCode::UnregisteredEntity), None);
    }

    #[test]
    fn registry_table_names_files_and_remembers_where() {
        let text = "[registry]\nfiles = [\"people.toml\", \"orgs/media.toml\"]\n";
        let config = parse(text).unwrap();
        assert_eq!(config.registry, [PathBuf::from("people.toml"), PathBuf::from("orgs/media.toml")]);
        let at = config.registry_declared_at(1).unwrap();
        assert_eq!(at.slice(text), "\"orgs/media.toml\"");
        assert_eq!(config.registry_declared_at(2), None);
    }

    #[test]
    fn corpus_registry_still_works_but_not_beside_registry_files() {
        let config = parse("[corpus]\nregistry = [\"who.toml\"]\n").unwrap();
        assert_eq!(config.registry, [PathBuf::from("who.toml")]);
        assert!(config.registry_declared_at(0).is_some());

        let err = parse("[corpus]\nregistry = [\"a.toml\"]\n\n[registry]\nfiles = [\"b.toml\"]\n").unwrap_err();
        assert_eq!(err.line, 2);
        assert!(err.message.contains("keep only [registry] files") && err.message.contains("line 5"), "{err}");
    }

    #[test]
    fn strict_registry_reports_unregistered_entities_unless_rules_say_otherwise() {
        let strict = parse("[registry]\nstrict = true\n").unwrap();
        assert!(strict.registry_strict());
        assert_eq!(strict.severity(ProblemCode::UnregisteredEntity), Some(Severity::Warning));
        let loud = parse("[registry]\nstrict = true\n[rules]\nunregistered-entity = \"error\"\n").unwrap();
        assert_eq!(loud.severity(ProblemCode::UnregisteredEntity), Some(Severity::Error));
        let quiet = parse("[registry]\nstrict = true\n[rules]\nunregistered-entity = \"off\"\n").unwrap();
        assert_eq!(quiet.severity(ProblemCode::UnregisteredEntity), None);
        let lax = parse("[rules]\nunregistered-entity = \"info\"\n").unwrap();
        assert_eq!(lax.severity(ProblemCode::UnregisteredEntity), Some(Severity::Info), "rules alone turn it on");

        let err = parse("[registry]\nstrict = \"yes\"\n").unwrap_err();
        assert_eq!(err.line, 2);
        let err = parse("[registry]\nfile = [\"a.toml\"]\n").unwrap_err();
        assert!(err.message.contains("file"), "{err}");
    }

    #[test]
    fn registry_problems_keep_their_level_unless_rules_set_one() {
        let config = parse("[rules]\nshared-alias = \"off\"\nunknown-key = \"error\"\n").unwrap();
        assert_eq!(config.severity_or("shared-alias", Severity::Info), None);
        assert_eq!(config.severity_or("unknown-key", Severity::Warning), Some(Severity::Error));
        assert_eq!(config.severity_or("duplicate-id", Severity::Error), Some(Severity::Error));
    }

    #[test]
    fn reported_speech_is_on_by_default_and_marks_reported_false_turns_it_off() {
        assert!(Config::default_for(Path::new("/corpus")).reported());
        assert!(parse("[marks]\ndiagnostics = \"info\"\n").unwrap().reported());
        let off = parse("[marks]\nreported = false\n").unwrap();
        assert!(!off.reported());
        assert!(!off.analyze_options(None).reported);
        let error = parse("[marks]\nreported = \"no\"\n").unwrap_err();
        assert_eq!(error.line, 2, "{error}");
        assert!(error.message.contains("bool"), "{error}");
    }
}
