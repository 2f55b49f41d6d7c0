//! Finding a corpus's articles on disk (respecting `.gitignore`, as ripgrep
//! does) and reading them with errors that say what is wrong with the file.

use crate::config::Config;
use std::fmt;
use std::io::{self, Read};
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
    walk(config, paths).articles
}

/// What a walk found: the articles, and what it could not look into.
#[derive(Debug, Default)]
pub struct Walked {
    pub articles: Vec<PathBuf>,
    /// Folders that cannot be read, symbolic-link loops, links to nothing:
    /// part of what was asked for that was not checked.
    pub problems: Vec<WalkProblem>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WalkProblem {
    pub path: PathBuf,
    pub message: String,
}

/// [`articles_under`] with the walk's problems kept. Symbolic links are
/// followed (an article linked into the corpus is one of its articles), and
/// each file is taken once however many links lead to it; a link loop is
/// reported, not walked around forever.
pub fn walk(config: &Config, paths: &[PathBuf]) -> Walked {
    let mut walked = Walked::default();
    let mut linked = false;
    for path in paths {
        if !path.is_dir() {
            // Named by the user: taken as it is, whatever it is; reading it
            // reports a FIFO, a device or a link loop by name.
            // `byline check story.ann` checks the story; annotation.conf is
            // checked with its corpus, never as an article.
            if crate::config::is_annotation_file(path) && path.is_file() {
                walked.articles.extend(crate::annotations::articles_for_annotation_files(vec![path.clone()], config));
            } else if !crate::config::is_annotation_file(path) {
                walked.articles.push(path.clone());
            }
            continue;
        }
        let walker = ignore::WalkBuilder::new(path)
            // A corpus is often not a git repository but still has a .gitignore.
            .require_git(false)
            .follow_links(true)
            .build();
        for entry in walker {
            match entry {
                Ok(entry) => {
                    if entry.file_type().is_some_and(|t| t.is_file()) && config.is_article_path(entry.path()) {
                        linked |= entry.path_is_symlink();
                        walked.articles.push(entry.into_path());
                    }
                }
                Err(e) => walked.problems.extend(walk_problem(config, &e)),
            }
        }
    }
    walked.articles.sort();
    walked.articles.dedup();
    if linked {
        dedup_linked(&mut walked.articles);
    }
    walked.problems.sort_by(|a, b| a.path.cmp(&b.path));
    walked.problems.dedup();
    walked
}

/// Keeps one path per file when links lead to files the walk also found by
/// their own name: the file's own path wins over a link's.
pub(crate) fn dedup_linked(articles: &mut Vec<PathBuf>) {
    let mut seen: std::collections::HashMap<PathBuf, usize> = std::collections::HashMap::new();
    let mut keep = vec![true; articles.len()];
    for (i, path) in articles.iter().enumerate() {
        let Ok(real) = path.canonicalize() else { continue };
        let is_link = path.symlink_metadata().is_ok_and(|m| m.file_type().is_symlink());
        match seen.get(&real) {
            None => {
                seen.insert(real, i);
            }
            Some(&first) => {
                let first_is_link = articles[first].symlink_metadata().is_ok_and(|m| m.file_type().is_symlink());
                if first_is_link && !is_link {
                    keep[first] = false;
                    seen.insert(real, i);
                } else {
                    keep[i] = false;
                }
            }
        }
    }
    let mut i = 0;
    articles.retain(|_| {
        i += 1;
        keep[i - 1]
    });
}

/// A walk error worth reporting: a folder that cannot be read, a link loop,
/// a link to nothing where an article would be. Errors in `.gitignore`
/// files are the ignore crate's business, not a part left unchecked.
pub(crate) fn walk_problem(config: &Config, error: &ignore::Error) -> Option<WalkProblem> {
    fn unwrap<'e>(error: &'e ignore::Error, path: Option<&Path>) -> (Option<PathBuf>, &'e ignore::Error) {
        match error {
            ignore::Error::WithPath { path, err } => unwrap(err, Some(path)),
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => unwrap(err, path),
            _ => (path.map(Path::to_path_buf), error),
        }
    }
    let (path, inner) = unwrap(error, None);
    match inner {
        ignore::Error::Loop { ancestor, child } => Some(WalkProblem {
            path: child.clone(),
            message: format!("symbolic link loop: leads back to {}; not walked again", ancestor.display()),
        }),
        ignore::Error::Io(e) => {
            let path = path?;
            if e.kind() == io::ErrorKind::NotFound {
                // A link to nothing: only worth a word where an article would be.
                let is_link = path.symlink_metadata().is_ok_and(|m| m.file_type().is_symlink());
                return (is_link && config.is_article_path(&path)).then(|| WalkProblem {
                    path,
                    message: "symbolic link to nothing (its target does not exist)".to_string(),
                });
            }
            let what = if path.is_dir() { "cannot read the folder" } else { "cannot read" };
            Some(WalkProblem { path, message: format!("{what}: {e}; its articles were not checked") })
        }
        _ => None,
    }
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
    /// A folder, device, FIFO or socket where a text file was expected.
    NotAFile {
        kind: &'static str,
    },
    /// A symbolic link whose target does not exist.
    BrokenLink,
    /// Symbolic links that lead back to themselves.
    LinkLoop,
    Io(io::Error),
}

impl ReadError {
    /// Whether the file's content was never seen (as opposed to seen and
    /// found not to be text): what `byline check` counts as left unchecked.
    pub fn left_unread(&self) -> bool {
        !matches!(self, ReadError::Binary | ReadError::NotUtf8 { .. })
    }
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
            ReadError::NotAFile { kind } => write!(f, "{kind}, not a regular file; skipped"),
            ReadError::BrokenLink => write!(f, "symbolic link to nothing (its target does not exist)"),
            ReadError::LinkLoop => write!(f, "symbolic link loop (the links lead back to themselves)"),
            ReadError::Io(e) => write!(f, "cannot read: {e}"),
        }
    }
}

impl std::error::Error for ReadError {}

/// Reads an article as UTF-8 text. A leading byte-order mark is kept, so
/// offsets match the file on disk.
pub fn read_article(path: &Path) -> Result<String, ReadError> {
    decode_article(read_capped(path, MAX_ARTICLE_BYTES)?)
}

/// Reads at most `limit` bytes of the regular file at `path`. Only regular
/// files are read: a device (`/dev/zero` never ends), a FIFO (a read waits
/// for a writer that may never come) or a socket is refused before a byte is
/// read. The cap holds while reading, whatever length the file claims: a
/// file that grows as it is read stops at the cap.
pub fn read_capped(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let mut file = open_regular(path)?;
    let stated = file.metadata().map_err(ReadError::Io)?.len();
    if stated > limit {
        return Err(ReadError::TooLarge { bytes: stated });
    }
    let mut bytes = Vec::with_capacity(stated as usize);
    (&mut file).take(limit + 1).read_to_end(&mut bytes).map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge { bytes: bytes.len() as u64 });
    }
    Ok(bytes)
}

/// Opens `path` for reading if it is a regular file (links followed). The
/// open itself must not block: opening a FIFO for reading waits for a
/// writer, so it is opened non-blocking and what it is is asked of the
/// open file, which no rename in between can change.
fn open_regular(path: &Path) -> Result<std::fs::File, ReadError> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(|e| open_error(path, e))?;
    let meta = file.metadata().map_err(ReadError::Io)?;
    if !meta.is_file() {
        return Err(ReadError::NotAFile { kind: kind_of(&meta) });
    }
    Ok(file)
}

fn open_error(path: &Path, e: io::Error) -> ReadError {
    #[cfg(unix)]
    if e.raw_os_error() == Some(libc::ELOOP) {
        return ReadError::LinkLoop;
    }
    match e.kind() {
        io::ErrorKind::NotFound if path.symlink_metadata().is_ok() => ReadError::BrokenLink,
        io::ErrorKind::NotFound => ReadError::Vanished,
        _ => ReadError::Io(e),
    }
}

fn kind_of(meta: &std::fs::Metadata) -> &'static str {
    let kind = meta.file_type();
    if kind.is_dir() {
        return "a folder";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if kind.is_socket() {
            return "a socket";
        }
        if kind.is_char_device() {
            return "a character device";
        }
        if kind.is_block_device() {
            return "a block device";
        }
    }
    "not a file"
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
