//! Finding a corpus's articles on disk (respecting `.gitignore`, as ripgrep
//! does) and reading them with errors that say what is wrong with the file.

use crate::config::Config;
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

/// Articles larger than this are refused rather than analysed: a corpus file
/// that big is almost always a dump or a mistake, and one file must not stall
/// a whole run.
pub const MAX_ARTICLE_BYTES: u64 = 64 * 1024 * 1024;

/// The articles under the corpus root, sorted by path.
pub fn articles(config: &Config) -> Vec<PathBuf> {
    articles_under(config, std::slice::from_ref(&config.root))
}

/// The articles under `paths` (folders are walked, files taken as they are
/// when the corpus counts them), sorted and without repeats.
pub fn articles_under(config: &Config, paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for path in paths {
        if path.is_file() {
            // `byline check story.ann` checks the story; annotation.conf is
            // checked with its corpus, never as an article.
            if crate::config::is_annotation_file(path) {
                found.extend(crate::annotations::articles_for_annotation_files(vec![path.clone()], config));
            } else {
                found.push(path.clone());
            }
            continue;
        }
        let walker = ignore::WalkBuilder::new(path)
            // A corpus is often not a git repository but still has a .gitignore.
            .require_git(false)
            .build();
        for entry in walker.flatten() {
            if entry.file_type().is_some_and(|t| t.is_file()) && config.is_article_path(entry.path()) {
                found.push(entry.into_path());
            }
        }
    }
    found.sort();
    found.dedup();
    found
}

#[derive(Debug)]
pub enum ReadError {
    /// The file was listed but is gone (deleted mid-run).
    Vanished,
    TooLarge {
        bytes: u64,
    },
    /// A NUL byte: an image, archive or other binary file.
    Binary,
    /// Not UTF-8 at this 1-based line and column (in bytes of that line).
    NotUtf8 {
        line: usize,
        column: usize,
    },
    Io(io::Error),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Vanished => write!(f, "file disappeared while the corpus was read"),
            ReadError::TooLarge { bytes } => write!(
                f,
                "file is {} MB; articles over {} MB are skipped",
                bytes / (1024 * 1024),
                MAX_ARTICLE_BYTES / (1024 * 1024)
            ),
            ReadError::Binary => write!(f, "binary file (contains NUL bytes), expected UTF-8 text"),
            ReadError::NotUtf8 { line, column } => {
                write!(f, "not UTF-8: invalid byte at line {line}, byte {column} of the line; expected UTF-8 text")
            }
            ReadError::Io(e) => write!(f, "cannot read: {e}"),
        }
    }
}

impl std::error::Error for ReadError {}

/// Reads an article as UTF-8 text. A leading byte-order mark is kept, so
/// offsets match the file on disk.
pub fn read_article(path: &Path) -> Result<String, ReadError> {
    let io_error = |e: io::Error| match e.kind() {
        io::ErrorKind::NotFound => ReadError::Vanished,
        _ => ReadError::Io(e),
    };
    let size = std::fs::metadata(path).map_err(io_error)?.len();
    if size > MAX_ARTICLE_BYTES {
        return Err(ReadError::TooLarge { bytes: size });
    }
    let bytes = std::fs::read(path).map_err(io_error)?;
    decode_article(bytes)
}

pub fn decode_article(bytes: Vec<u8>) -> Result<String, ReadError> {
    if bytes.contains(&0) {
        return Err(ReadError::Binary);
    }
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let line_start = bytes[..valid].iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
        let line = bytes[..valid].iter().filter(|b| **b == b'\n').count() + 1;
        ReadError::NotUtf8 { line, column: valid - line_start + 1 }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_corpus(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("byline-discover-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("drafts")).unwrap();
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        dir
    }

    #[test]
    fn walks_respecting_gitignore_and_config() {
        let dir = temp_corpus("walk");
        for f in [
            "b.txt",
            "b.ann",
            "a.md",
            "sub/c.txt",
            "drafts/d.txt",
            "ignored.txt",
            "image.png",
            "entities.toml",
            "annotation.conf",
        ] {
            std::fs::write(dir.join(f), "text").unwrap();
        }
        std::fs::write(dir.join(".gitignore"), "ignored.txt\n").unwrap();
        std::fs::write(dir.join("byline.toml"), "[corpus]\nexclude = [\"drafts/**\"]\n").unwrap();
        let config = Config::discover(&dir.join("sub")).unwrap();
        assert_eq!(config.root, dir);
        let names: Vec<String> =
            articles(&config).iter().map(|p| p.strip_prefix(&dir).unwrap().to_string_lossy().into_owned()).collect();
        assert_eq!(names, ["a.md", "b.txt", "sub/c.txt"]);
        let named = articles_under(&config, &[dir.join("b.ann"), dir.join("annotation.conf"), dir.join("b.txt")]);
        assert_eq!(named, [dir.join("b.txt")], "an .ann stands for its article, the conf for nothing");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn read_errors_say_what_is_wrong() {
        let dir = temp_corpus("read");
        std::fs::write(dir.join("latin1.txt"), b"first line\ncaf\xe9\n").unwrap();
        std::fs::write(dir.join("binary.txt"), b"PK\x03\x04\x00\x00").unwrap();
        std::fs::write(dir.join("empty.txt"), b"").unwrap();
        let err = read_article(&dir.join("latin1.txt")).unwrap_err();
        assert!(matches!(err, ReadError::NotUtf8 { line: 2, column: 4 }), "{err:?}");
        assert!(matches!(read_article(&dir.join("binary.txt")), Err(ReadError::Binary)));
        assert!(matches!(read_article(&dir.join("missing.txt")), Err(ReadError::Vanished)));
        assert_eq!(read_article(&dir.join("empty.txt")).unwrap(), "");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
