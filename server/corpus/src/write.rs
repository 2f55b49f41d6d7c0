//! The one way Byline writes a file. Every command that writes (`init`,
//! `export`, `import`) goes through [`write_file`], so every write keeps the
//! same promises:
//!
//! - **Never partial.** The content goes to a temporary file in the target's
//!   own folder, is flushed to disk (`fsync`), and only then renamed over
//!   the target: an interrupted run leaves the old file or the new one,
//!   never a truncated mix. (A temporary file elsewhere could sit on another
//!   file system, where a rename is a copy and no longer atomic.)
//! - **Never over someone's file.** A file already at the target is kept
//!   unless it holds exactly the new content (then nothing is written) or
//!   the caller passes [`Existing::Replace`], which commands do only for a
//!   file the user named and asked to replace (`--force`). A new file is
//!   moved into place with a no-clobber rename, so a file that appears while
//!   Byline writes is still never replaced.
//! - **Never through a link.** A symbolic link at the target, dangling or
//!   not, is refused: writing through it would change a file elsewhere (and
//!   replacing it would silently drop the link). Folders on the way from
//!   the output folder to the target must not lead outside it through a link.

use std::fmt;
use std::io::{self, Read, Write};
use std::path::{Component, Path, PathBuf};

/// What may happen to a file already at the target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Existing {
    /// Keep it: the write is refused unless it already holds the content.
    Keep,
    /// Replace it: only for a file the user named with `--force`.
    Replace,
}

/// What a successful write did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    Created,
    /// The file already held exactly this content; it was not touched.
    Unchanged,
    Replaced,
}

/// Why a write was refused or failed. Nothing at the target was changed.
#[derive(Debug)]
pub enum WriteError {
    /// A different file is there and [`Existing::Keep`] was asked.
    Exists(PathBuf),
    /// The target, or a folder on the way to it, is a symbolic link.
    Link(PathBuf),
    /// The target is a folder, device, FIFO or socket.
    NotAFile(PathBuf),
    Io(PathBuf, io::Error),
}

impl WriteError {
    pub fn path(&self) -> &Path {
        match self {
            WriteError::Exists(p) | WriteError::Link(p) | WriteError::NotAFile(p) | WriteError::Io(p, _) => p,
        }
    }

    /// The message without the path, for callers that show paths their own way.
    pub fn reason(&self) -> String {
        match self {
            WriteError::Exists(_) => "already exists with other content; not overwritten".to_string(),
            WriteError::Link(_) => {
                "is a symbolic link or leads outside the output folder through one; Byline does not write through links"
                    .to_string()
            }
            WriteError::NotAFile(_) => "exists and is not a regular file; not overwritten".to_string(),
            WriteError::Io(_, e) => format!("cannot write: {e}"),
        }
    }
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path().display(), self.reason())
    }
}

impl std::error::Error for WriteError {}

/// Writes `contents` at `path` atomically under the rules of this module.
/// The folder must exist; see [`write_under`] to create it.
pub fn write_file(path: &Path, contents: &[u8], existing: Existing) -> Result<Written, WriteError> {
    let replace = match check_target(path, contents, existing)? {
        Plan::Unchanged => return Ok(Written::Unchanged),
        Plan::Create => false,
        Plan::Replace => true,
    };
    let io_error = |e: io::Error| WriteError::Io(path.to_path_buf(), e);
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".byline-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // What `File::create` gives (0666 less the umask), not the
        // temporary file's private 0600: the result is an ordinary file.
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut temp = builder.tempfile_in(folder).map_err(io_error)?;
    temp.write_all(contents).and_then(|_| temp.as_file().sync_all()).map_err(io_error)?;
    if replace {
        // A replaced file keeps its permissions.
        if let Ok(meta) = std::fs::metadata(path) {
            let _ = temp.as_file().set_permissions(meta.permissions());
        }
        temp.persist(path).map_err(|e| io_error(e.error))?;
    } else {
        temp.persist_noclobber(path).map_err(|e| match e.error.kind() {
            io::ErrorKind::AlreadyExists => WriteError::Exists(path.to_path_buf()),
            _ => io_error(e.error),
        })?;
    }
    sync_folder(folder);
    Ok(if replace { Written::Replaced } else { Written::Created })
}

/// Writes `relative` under the output folder `root`, creating the folders
/// between; refuses a folder on the way that is a link leading outside
/// `root` (the link `root/x -> /etc` must not let `x/passwd` through).
pub fn write_under(root: &Path, relative: &Path, contents: &[u8], existing: Existing) -> Result<Written, WriteError> {
    let target = prepare_under(root, relative)?;
    write_file(&target, contents, existing)
}

/// Checks, without writing, what [`write_under`] would do: for commands
/// that check every file before they write the first (`import`).
pub fn check_under(root: &Path, relative: &Path, contents: &[u8], existing: Existing) -> Result<Written, WriteError> {
    let target = root.join(relative);
    check_folders(root, relative)?;
    Ok(match check_target(&target, contents, existing)? {
        Plan::Unchanged => Written::Unchanged,
        Plan::Create => Written::Created,
        Plan::Replace => Written::Replaced,
    })
}

/// Writes a set of files under `root`, all or nothing: every file is
/// checked first ([`check_under`]), and if any would be refused nothing is
/// written and every refusal comes back. `import` and `export --format
/// brat` write pairs (`x.txt` and `x.ann`) this way, so half a pair never
/// lands beside someone else's file. A name given twice with different
/// contents is refused too. (A write can still fail midway, on a full disk;
/// each file is then whole or absent, never truncated.)
pub fn write_set(
    root: &Path,
    files: &[(PathBuf, Vec<u8>)],
    existing: Existing,
) -> Result<Vec<Written>, Vec<WriteError>> {
    let mut refused = Vec::new();
    let mut seen: std::collections::HashMap<&Path, &[u8]> = std::collections::HashMap::new();
    for (relative, contents) in files {
        match seen.insert(relative.as_path(), contents.as_slice()) {
            Some(earlier) if earlier != contents.as_slice() => {
                refused.push(WriteError::Exists(root.join(relative)));
                continue;
            }
            Some(_) => continue,
            None => {}
        }
        if let Err(e) = check_under(root, relative, contents, existing) {
            refused.push(e);
        }
    }
    if !refused.is_empty() {
        return Err(refused);
    }
    let mut written = Vec::new();
    for (relative, contents) in files {
        match write_under(root, relative, contents, existing) {
            Ok(w) => written.push(w),
            // The same name twice, with the same contents: already written.
            Err(WriteError::Exists(_)) if files.iter().filter(|(r, _)| r == relative).count() > 1 => {
                written.push(Written::Unchanged)
            }
            Err(e) => return Err(vec![e]),
        }
    }
    Ok(written)
}

enum Plan {
    Unchanged,
    Create,
    Replace,
}

fn check_target(path: &Path, contents: &[u8], existing: Existing) -> Result<Plan, WriteError> {
    let meta = match std::fs::symlink_metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Plan::Create),
        Err(e) => return Err(WriteError::Io(path.to_path_buf(), e)),
    };
    if meta.file_type().is_symlink() {
        return Err(WriteError::Link(path.to_path_buf()));
    }
    if !meta.is_file() {
        return Err(WriteError::NotAFile(path.to_path_buf()));
    }
    if meta.len() == contents.len() as u64 && holds(path, contents) {
        return Ok(Plan::Unchanged);
    }
    match existing {
        Existing::Keep => Err(WriteError::Exists(path.to_path_buf())),
        Existing::Replace => Ok(Plan::Replace),
    }
}

/// Whether the regular file at `path` holds exactly `contents` (read no
/// further than one byte past them).
fn holds(path: &Path, contents: &[u8]) -> bool {
    let Ok(file) = std::fs::File::open(path) else { return false };
    let mut on_disk = Vec::with_capacity(contents.len());
    match file.take(contents.len() as u64 + 1).read_to_end(&mut on_disk) {
        Ok(_) => on_disk == contents,
        Err(_) => false,
    }
}

/// The folders from `root` to `relative`'s parent: none may be a link that
/// leads outside `root`, nor anything but a folder.
fn check_folders(root: &Path, relative: &Path) -> Result<(), WriteError> {
    if relative.components().any(|c| !matches!(c, Component::Normal(_))) {
        return Err(WriteError::Link(root.join(relative)));
    }
    let canonical_root = root.canonicalize().ok();
    let mut folder = root.to_path_buf();
    let parents: Vec<Component> = relative.parent().map(|p| p.components().collect()).unwrap_or_default();
    for part in parents {
        folder.push(part);
        match std::fs::symlink_metadata(&folder) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let inside = match (&canonical_root, folder.canonicalize()) {
                    (Some(root), Ok(target)) => target.starts_with(root) && target.is_dir(),
                    _ => false,
                };
                if !inside {
                    return Err(WriteError::Link(folder));
                }
            }
            Ok(meta) if !meta.is_dir() => return Err(WriteError::NotAFile(folder)),
            Ok(_) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()), // created by the write
            Err(e) => return Err(WriteError::Io(folder, e)),
        }
    }
    Ok(())
}

fn prepare_under(root: &Path, relative: &Path) -> Result<PathBuf, WriteError> {
    check_folders(root, relative)?;
    let target = root.join(relative);
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent).map_err(|e| WriteError::Io(parent.to_path_buf(), e))?;
    }
    Ok(target)
}

/// Makes the rename itself durable. Best effort: not every platform or file
/// system lets a folder be opened and synced.
fn sync_folder(folder: &Path) {
    #[cfg(unix)]
    if let Ok(dir) = std::fs::File::open(folder) {
        let _ = dir.sync_all();
    }
    #[cfg(not(unix))]
    let _ = folder;
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Scratch(PathBuf);
    impl Scratch {
        fn new(name: &str) -> Scratch {
            let dir = std::env::temp_dir().join(format!("byline-write-{name}-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(&dir).unwrap();
            Scratch(dir)
        }
        /// Every name in the folder: a failed write leaves no temporary file.
        fn names(&self) -> Vec<String> {
            let mut names: Vec<String> = std::fs::read_dir(&self.0)
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            names.sort();
            names
        }
    }
    impl Drop for Scratch {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    #[test]
    fn creates_keeps_and_replaces_only_when_asked() {
        let dir = Scratch::new("modes");
        let file = dir.0.join("out.jsonl");
        assert_eq!(write_file(&file, b"one\n", Existing::Keep).unwrap(), Written::Created);
        assert_eq!(write_file(&file, b"one\n", Existing::Keep).unwrap(), Written::Unchanged);
        let refused = write_file(&file, b"two\n", Existing::Keep).unwrap_err();
        assert!(matches!(refused, WriteError::Exists(_)), "{refused}");
        assert_eq!(std::fs::read(&file).unwrap(), b"one\n");
        assert_eq!(write_file(&file, b"two\n", Existing::Replace).unwrap(), Written::Replaced);
        assert_eq!(std::fs::read(&file).unwrap(), b"two\n");
        assert_eq!(dir.names(), ["out.jsonl"], "no temporary file is left behind");
    }

    #[cfg(unix)]
    #[test]
    fn never_writes_through_a_link() {
        let dir = Scratch::new("links");
        let outside = Scratch::new("links-outside");
        let victim = outside.0.join("victim.txt");
        std::fs::write(&victim, "precious").unwrap();
        std::os::unix::fs::symlink(&victim, dir.0.join("live.txt")).unwrap();
        std::os::unix::fs::symlink(outside.0.join("new.txt"), dir.0.join("dangling.txt")).unwrap();
        std::os::unix::fs::symlink(&outside.0, dir.0.join("sub")).unwrap();
        for (name, mode) in [("live.txt", Existing::Replace), ("dangling.txt", Existing::Keep)] {
            let refused = write_under(&dir.0, Path::new(name), b"x", mode).unwrap_err();
            assert!(matches!(refused, WriteError::Link(_)), "{name}: {refused}");
        }
        let refused = write_under(&dir.0, Path::new("sub/a.txt"), b"x", Existing::Keep).unwrap_err();
        assert!(matches!(refused, WriteError::Link(_)), "{refused}");
        let refused = check_under(&dir.0, Path::new("../a.txt"), b"x", Existing::Keep).unwrap_err();
        assert!(matches!(refused, WriteError::Link(_)), "{refused}");
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
        assert!(!outside.0.join("new.txt").exists() && !outside.0.join("a.txt").exists());
        // A link to a folder inside the output folder is only another way in.
        std::fs::create_dir(dir.0.join("real")).unwrap();
        std::os::unix::fs::symlink(dir.0.join("real"), dir.0.join("alias")).unwrap();
        write_under(&dir.0, Path::new("alias/b.txt"), b"x", Existing::Keep).unwrap();
        assert!(dir.0.join("real/b.txt").is_file());
    }

    #[cfg(unix)]
    #[test]
    fn new_files_get_ordinary_permissions_and_replaced_ones_keep_theirs() {
        use std::os::unix::fs::PermissionsExt;
        let dir = Scratch::new("modes-unix");
        let file = dir.0.join("a.txt");
        write_file(&file, b"a", Existing::Keep).unwrap();
        let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
        assert_ne!(mode, 0o600, "not the temporary file's private mode");
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_file(&file, b"b", Existing::Replace).unwrap();
        assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o640);
    }

    #[test]
    fn a_set_is_written_whole_or_not_at_all() {
        let dir = Scratch::new("set");
        std::fs::write(dir.0.join("b.ann"), "someone's annotations").unwrap();
        let pair = |stem: &str| {
            vec![
                (PathBuf::from(format!("{stem}.txt")), b"text".to_vec()),
                (PathBuf::from(format!("{stem}.ann")), b"T1\tPerson 0 4\ttext\n".to_vec()),
            ]
        };
        let files: Vec<_> = pair("a").into_iter().chain(pair("b")).collect();
        let refused = write_set(&dir.0, &files, Existing::Keep).unwrap_err();
        assert_eq!(refused.len(), 1, "{refused:?}");
        assert_eq!(refused[0].path(), dir.0.join("b.ann"));
        assert_eq!(dir.names(), ["b.ann"], "nothing written, not even the pair without a clash");
        let twice = [(PathBuf::from("c.txt"), b"one".to_vec()), (PathBuf::from("c.txt"), b"two".to_vec())];
        assert!(write_set(&dir.0, &twice, Existing::Keep).is_err());
        std::fs::remove_file(dir.0.join("b.ann")).unwrap();
        let written = write_set(&dir.0, &files, Existing::Keep).unwrap();
        assert_eq!(written, [Written::Created; 4]);
        assert_eq!(dir.names(), ["a.ann", "a.txt", "b.ann", "b.txt"]);
    }

    #[test]
    fn a_folder_at_the_target_is_not_replaced() {
        let dir = Scratch::new("folder");
        std::fs::create_dir(dir.0.join("x.txt")).unwrap();
        let refused = write_file(&dir.0.join("x.txt"), b"x", Existing::Replace).unwrap_err();
        assert!(matches!(refused, WriteError::NotAFile(_)), "{refused}");
    }
}
