//! Stand-ins for the corpus layer's configuration, discovery and checker API
//! (`byline_corpus::{config, discover, check}`), with the same names and
//! shapes, until the lead's versions land on `main`. Everything else in the
//! server goes through this module, so switching is one file.

use byline_core::{Analysis, ProblemCode, Severity, Span};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub const CONFIG_FILE: &str = "byline.toml";

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
    pub root: PathBuf,
    pub file: Option<PathBuf>,
    rules: BTreeMap<String, Level>,
    marks: Level,
}

#[derive(Debug, Clone)]
pub struct ConfigError {
    pub path: PathBuf,
    pub message: String,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

impl Config {
    pub fn default_for(root: &Path) -> Config {
        Config { root: root.to_path_buf(), file: None, rules: BTreeMap::new(), marks: Level::On(Severity::Hint) }
    }

    /// The `byline.toml` in `start` or the nearest folder above it.
    pub fn discover(start: &Path) -> Result<Config, ConfigError> {
        for dir in start.ancestors() {
            let file = dir.join(CONFIG_FILE);
            if file.is_file() {
                let text = std::fs::read_to_string(&file)
                    .map_err(|e| ConfigError { path: file.clone(), message: e.to_string() })?;
                return Config::parse(dir, &file, &text);
            }
        }
        Ok(Config::default_for(start))
    }

    pub fn parse(root: &Path, file: &Path, text: &str) -> Result<Config, ConfigError> {
        let error = |message: String| ConfigError { path: file.to_path_buf(), message };
        let value: toml::Table = toml::from_str(text).map_err(|e| error(e.to_string()))?;
        let mut config = Config::default_for(root);
        config.file = Some(file.to_path_buf());
        if let Some(rules) = value.get("rules").and_then(|r| r.as_table()) {
            for (rule, level) in rules {
                let level =
                    level.as_str().and_then(Level::parse).ok_or_else(|| error(format!("bad level for {rule}")))?;
                config.rules.insert(rule.clone(), level);
            }
        }
        if let Some(marks) = value.get("marks").and_then(|m| m.get("diagnostics")).and_then(|d| d.as_str()) {
            config.marks = Level::parse(marks).ok_or_else(|| error(format!("bad marks level {marks}")))?;
        }
        Ok(config)
    }

    pub fn severity(&self, code: ProblemCode) -> Option<Severity> {
        match self.rules.get(code.as_str()) {
            Some(level) => level.severity(),
            None => Some(code.default_severity()),
        }
    }

    pub fn set_rule(&mut self, rule: &str, level: Level) {
        self.rules.insert(rule.to_string(), level);
    }

    pub fn marks_severity(&self) -> Option<Severity> {
        self.marks.severity()
    }

    pub fn set_marks(&mut self, level: Level) {
        self.marks = level;
    }

    pub fn is_article_path(&self, path: &Path) -> bool {
        path.starts_with(&self.root)
            && matches!(path.extension().and_then(|e| e.to_str()), Some("txt") | Some("md"))
            && !path.components().any(|c| c.as_os_str().to_str().is_some_and(|s| s.starts_with('.')))
    }
}

pub mod discover {
    use super::Config;
    use std::path::{Path, PathBuf};

    #[derive(Debug)]
    pub enum ReadError {
        Io(std::io::Error),
        NotUtf8,
        Binary,
        TooLarge(u64),
    }

    impl std::fmt::Display for ReadError {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            match self {
                ReadError::Io(e) => write!(f, "cannot read: {e}"),
                ReadError::NotUtf8 => write!(f, "not UTF-8 text"),
                ReadError::Binary => write!(f, "binary file"),
                ReadError::TooLarge(n) => write!(f, "too large ({n} bytes)"),
            }
        }
    }

    const MAX_ARTICLE_BYTES: u64 = 64 * 1024 * 1024;

    pub fn articles(config: &Config) -> Vec<PathBuf> {
        let mut paths: Vec<PathBuf> = ignore::WalkBuilder::new(&config.root)
            .build()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_some_and(|t| t.is_file()))
            .map(|e| e.into_path())
            .filter(|p| config.is_article_path(p))
            .collect();
        paths.sort();
        paths
    }

    pub fn read_article(path: &Path) -> Result<String, ReadError> {
        let size = std::fs::metadata(path).map_err(ReadError::Io)?.len();
        if size > MAX_ARTICLE_BYTES {
            return Err(ReadError::TooLarge(size));
        }
        let bytes = std::fs::read(path).map_err(ReadError::Io)?;
        if bytes.iter().take(8192).any(|b| *b == 0) {
            return Err(ReadError::Binary);
        }
        String::from_utf8(bytes).map_err(|_| ReadError::NotUtf8)
    }
}

pub mod check {
    use super::*;

    #[derive(Debug, Clone)]
    pub struct Finding {
        pub code: String,
        pub severity: Severity,
        pub span: Span,
        pub message: String,
        pub related: Option<Span>,
    }

    pub fn findings(analysis: &Analysis, config: &Config) -> Vec<Finding> {
        analysis
            .problems
            .iter()
            .filter_map(|p| {
                Some(Finding {
                    code: p.code.as_str().to_string(),
                    severity: config.severity(p.code)?,
                    span: p.span,
                    message: p.message.clone(),
                    related: p.related,
                })
            })
            .collect()
    }
}
