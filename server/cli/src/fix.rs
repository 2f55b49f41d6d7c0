//! `byline check --fix` and `--diff`: the fixes that are safe without a
//! person, the same the editor offers as quick fixes:
//! - `entity-variant`: the mention takes the registry's spelling (the
//!   article's `.ann` follows the edit; a mention whose annotations could
//!   not follow is left alone);
//! - `stale-annotation`: the annotation moves to the one exact occurrence
//!   of its text (none, or several, need a person).
//!
//! Writes are atomic (a temporary file renamed into place) and touch only
//! the files a fix changes; a file that changed since it was read is left
//! alone.

use crate::check::display_path;
use crate::output::{self, paint, style};
use byline_core::standoff::{self, check_anchors, follow_edit, reanchor, Annotation};
use byline_core::{analyze, Span};
use byline_corpus::annotations;
use byline_corpus::corpora::CorpusFiles;
use byline_corpus::discover::read_article;
use byline_corpus::session::{Overlays, Session};
use rayon::prelude::*;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// One file's content before and after its fixes.
#[derive(Debug)]
pub struct FileFix {
    pub path: PathBuf,
    pub old: String,
    pub new: String,
    /// Problems this change fixes (an article's variants, its `.ann`'s stale spans).
    pub fixed: usize,
}

/// Plans every fix, then shows them (`diff`) or writes them. `Ok` with the
/// exit code for `--diff` (1 when there is something to fix); `Err` when
/// the run cannot go on.
pub fn run(corpora: &[CorpusFiles], diff: bool) -> Result<ExitCode, ExitCode> {
    let fixes: Vec<FileFix> = corpora.iter().flat_map(plan_corpus).collect();
    let fixed: usize = fixes.iter().map(|f| f.fixed).sum();
    let files = output::count(fixes.len(), "file");
    if diff {
        let ui = output::ui();
        let mut out = io::BufWriter::new(io::stdout().lock());
        for fix in &fixes {
            if let Err(e) = write_diff(&mut out, fix, ui.colour_out) {
                if e.kind() == io::ErrorKind::BrokenPipe {
                    break;
                }
                output::error(format!("cannot write the diff: {e}"));
                return Err(ExitCode::from(2));
            }
        }
        let _ = out.flush();
        output::note(format!("would fix {} in {files}; --fix writes them", output::count(fixed, "problem")));
        return Ok(if fixes.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) });
    }
    let mut failed = false;
    for fix in &fixes {
        if let Err(e) = write_fix(fix) {
            output::error(format!("{}: {e}; not fixed", display_path(&fix.path)));
            failed = true;
        }
    }
    if !fixes.is_empty() {
        output::note(format!("fixed {} in {files}", output::count(fixed, "problem")));
    }
    if failed {
        return Err(ExitCode::from(2));
    }
    Ok(ExitCode::SUCCESS)
}

fn plan_corpus(corpus: &CorpusFiles) -> Vec<FileFix> {
    let config = &corpus.config;
    let variants = config.severity_of("entity-variant").is_some();
    let stale = config.severity_of("stale-annotation").is_some();
    if !variants && !stale {
        return Vec::new();
    }
    let session = Session::load(config.clone(), Overlays::new());
    let options = session.analyze_options();
    let registry: Vec<PathBuf> = config.registry_paths().iter().filter_map(|p| p.canonicalize().ok()).collect();
    corpus
        .articles
        .par_iter()
        .filter(|file| file.canonicalize().map_or(true, |f| !registry.contains(&f)))
        .flat_map_iter(|file| {
            let Ok(text) = read_article(file) else { return Vec::new() };
            let ann = match annotations::load(file) {
                Ok(ann) => ann,
                // An unreadable .ann is reported by the check; fixing the
                // article would move text under annotations nobody can see.
                Err(_) => return Vec::new(),
            };
            let edits = if variants {
                let analysis = analyze(&text, &options);
                analysis
                    .entities
                    .iter()
                    .filter(|e| e.candidates.is_empty() && e.span.slice(&text) == e.text)
                    .filter_map(|e| Some((e.span, e.variant_of.clone()?)))
                    .collect()
            } else {
                Vec::new()
            };
            plan_article(file, &text, ann.as_ref().map(|a| (a.path.as_path(), a.text.as_str())), edits, stale)
        })
        .collect()
}

/// The fixes of one article: `edits` (variant spans and their registry
/// spelling) applied to the text with its `.ann` following them, then the
/// `.ann`'s stale annotations with one exact occurrence moved there.
pub fn plan_article(
    article: &Path,
    text: &str,
    ann: Option<(&Path, &str)>,
    mut edits: Vec<(Span, String)>,
    stale: bool,
) -> Vec<FileFix> {
    let mut file = ann.map(|(_, ann_text)| standoff::parse(ann_text));
    let mut new_text = text.to_string();
    let mut variants = 0;
    // Last edit first: earlier spans stay valid in the text being edited.
    edits.sort_by_key(|(span, _)| std::cmp::Reverse(span.start));
    let mut last_start = usize::MAX;
    for (span, spelling) in edits {
        if span.end > last_start {
            continue;
        }
        if let Some(file) = &mut file {
            let mut moved = file.clone();
            if !follow_edit(&mut moved, &new_text, span, &spelling).is_empty() {
                // An annotation of this very mention: moving it is a person's call.
                continue;
            }
            *file = moved;
        }
        new_text.replace_range(span.start..span.end, &spelling);
        last_start = span.start;
        variants += 1;
    }
    let mut reanchored = 0;
    if let (Some(file), true) = (&mut file, stale) {
        for stale in check_anchors(&new_text, file) {
            let Some(Annotation::TextBound(tb)) = file.get(&stale.id).cloned() else { continue };
            if tb.fragments.len() != 1 || occurrences(&new_text, &tb.text) != 1 {
                continue;
            }
            let Some(fragments) = reanchor(&new_text, &tb) else { continue };
            if file.set_offsets(&tb.id, fragments, &tb.text).is_ok() {
                reanchored += 1;
            }
        }
    }
    let mut fixes = Vec::new();
    if new_text != text {
        fixes.push(FileFix { path: article.to_path_buf(), old: text.to_string(), new: new_text, fixed: variants });
    }
    if let (Some((ann_path, ann_text)), Some(file)) = (ann, file) {
        let new_ann = standoff::write(&file);
        if new_ann != ann_text {
            fixes.push(FileFix {
                path: ann_path.to_path_buf(),
                old: ann_text.to_string(),
                new: new_ann,
                fixed: reanchored,
            });
        }
    }
    fixes
}

/// How often `needle` occurs in `text`, overlapping occurrences included.
fn occurrences(text: &str, needle: &str) -> usize {
    if needle.is_empty() {
        return 0;
    }
    let mut count = 0;
    let mut from = 0;
    while let Some(at) = text.get(from..).and_then(|rest| rest.find(needle)) {
        count += 1;
        from += at + needle.chars().next().map_or(1, char::len_utf8);
    }
    count
}

fn write_diff(out: &mut impl Write, fix: &FileFix, colour: bool) -> io::Result<()> {
    let name = display_path(&fix.path);
    let diff = similar::TextDiff::from_lines(&fix.old, &fix.new);
    let unified = diff.unified_diff().context_radius(3).header(&format!("a/{name}"), &format!("b/{name}")).to_string();
    for line in unified.lines() {
        let styled = match line.as_bytes().first() {
            _ if line.starts_with("+++") || line.starts_with("---") => paint(colour, style::BOLD, line),
            Some(b'+') => paint(colour, "32", line),
            Some(b'-') => paint(colour, "31", line),
            Some(b'@') => paint(colour, "36", line),
            _ => line.to_string(),
        };
        writeln!(out, "{styled}")?;
    }
    Ok(())
}

/// Writes the fix unless the file changed since it was planned.
fn write_fix(fix: &FileFix) -> io::Result<()> {
    let current = std::fs::read(&fix.path)?;
    if current != fix.old.as_bytes() {
        return Err(io::Error::other("changed while it was being fixed"));
    }
    write_atomic(&fix.path, fix.new.as_bytes())
}

/// A temporary file beside `path`, synced, with `path`'s permissions, then
/// renamed over it: a crash leaves the old file or the new one, never half.
pub fn write_atomic(path: &Path, content: &[u8]) -> io::Result<()> {
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temporary = folder.join(format!(".{name}.byline-{}.tmp", std::process::id()));
    let written = (|| {
        let mut file = std::fs::File::create(&temporary)?;
        file.write_all(content)?;
        if let Ok(metadata) = std::fs::metadata(path) {
            file.set_permissions(metadata.permissions())?;
        }
        file.sync_all()?;
        std::fs::rename(&temporary, path)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    written
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variant_fix_moves_the_ann_along_and_keeps_its_other_lines() {
        let text = "Tomasz Wolanski spoke. Cargo rose in Gdansk.\n";
        let ann = "T1\tLocation 37 43\tGdansk\n#1\tAnnotatorNotes T1\tport city\n";
        let span = Span::new(0, "Tomasz Wolanski".len());
        let fixes = plan_article(
            Path::new("a.txt"),
            text,
            Some((Path::new("a.ann"), ann)),
            vec![(span, "Tomasz Wolański".to_string())],
            true,
        );
        assert_eq!(fixes.len(), 1, "the .ann's offsets are in code points: the same length, no change");
        assert_eq!(fixes[0].new, "Tomasz Wolański spoke. Cargo rose in Gdansk.\n");

        let longer = plan_article(
            Path::new("a.txt"),
            text,
            Some((Path::new("a.ann"), ann)),
            vec![(span, "Tomasz J. Wolański".to_string())],
            true,
        );
        assert_eq!(longer[1].new, "T1\tLocation 40 46\tGdansk\n#1\tAnnotatorNotes T1\tport city\n");
    }

    #[test]
    fn an_annotated_variant_is_left_to_a_person() {
        let text = "Tomasz Wolanski spoke.\n";
        let ann = "T1\tPerson 0 15\tTomasz Wolanski\n";
        let fixes = plan_article(
            Path::new("a.txt"),
            text,
            Some((Path::new("a.ann"), ann)),
            vec![(Span::new(0, 15), "Tomasz Wolański".to_string())],
            true,
        );
        assert!(fixes.is_empty(), "{fixes:?}");
    }

    #[test]
    fn stale_annotations_move_only_to_a_single_occurrence() {
        let text = "The strike ended late Saturday.\n";
        let once = plan_article(
            Path::new("a.txt"),
            text,
            Some((Path::new("a.ann"), "T1\tDate 17 25\tSaturday\n")),
            vec![],
            true,
        );
        assert_eq!(once.len(), 1);
        assert_eq!(once[0].new, "T1\tDate 22 30\tSaturday\n");
        let twice = "Saturday came. The strike ended late Saturday.\n";
        let none = plan_article(
            Path::new("a.txt"),
            twice,
            Some((Path::new("a.ann"), "T1\tDate 20 28\tSaturday\n")),
            vec![],
            true,
        );
        assert!(none.is_empty(), "two occurrences need a person: {none:?}");
    }

    #[test]
    fn atomic_write_replaces_the_file_and_leaves_no_temporary() {
        let dir = std::env::temp_dir().join(format!("byline-fix-atomic-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("a.txt");
        std::fs::write(&path, "old").unwrap();
        write_atomic(&path, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
