//! `byline check --fix` and `--diff`: the fixes that are safe without a
//! person, the same the editor offers as quick fixes:
//! - `entity-variant`: the mention takes the registry's spelling. The
//!   article's `.ann` follows the edit: annotations after it shift, and one
//!   that holds the whole mention (the mention's own annotation, a quote
//!   around it, a discontinuous annotation with the mention in one
//!   fragment) keeps holding it with its recorded text respelt. A mention
//!   that an annotation cuts (starts or ends inside it) is left alone;
//! - `stale-annotation`: the annotation moves to the one place its text
//!   occurs (none, or several, need a person). A discontinuous one moves
//!   as a whole, when its first part occurs once.
//!
//! Writes go through the corpus layer's one write (a temporary file renamed
//! into place, never through a link) and touch only the files a fix
//! changes; a file that changed since it was read is left alone.

use crate::check::display_path;
use crate::output::{self, paint, style};
use byline_core::standoff::{self, check_anchors, follow_edit, reanchor, AnnFile, Annotation, CharSpan, OffsetMap};
use byline_core::{analyze, Span};
use byline_corpus::corpora::CorpusFiles;
use byline_corpus::session::{Overlays, Session};
use byline_corpus::write::{write_file, Existing};
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
    session
        .articles_among(corpus.articles.clone())
        .par_iter()
        .flat_map_iter(|file| {
            let Ok(text) = session.read(file) else { return Vec::new() };
            let ann = match session.annotations(file) {
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
            let Some(moved) = follow_variant_fix(file, &new_text, span, &spelling) else {
                // An annotation that cuts the mention: a person's call.
                continue;
            };
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
            // A discontinuous annotation moves as a whole (every fragment at
            // the same shift), so its first part occurring once means at
            // most one place where it can go.
            let first_part: String = tb.text.chars().take(tb.fragments.first().map_or(0, |f| f.len())).collect();
            if occurrences(&new_text, &first_part) != 1 {
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

/// The `.ann` after replacing `span` (bytes of `text`) with `spelling`:
/// text-bounds elsewhere shift; one that holds the whole mention (the
/// mention itself, or a quote around it) keeps holding it, with its
/// recorded text spelt the registry's way. `None` when an annotation cuts
/// the mention (starts or ends inside it), or is stale already: where it
/// should go then is a person's call.
fn follow_variant_fix(file: &AnnFile, text: &str, span: Span, spelling: &str) -> Option<AnnFile> {
    let start_c = text.get(..span.start)?.chars().count();
    let end_c = start_c + text.get(span.start..span.end)?.chars().count();
    let delta = spelling.chars().count() as isize - (end_c - start_c) as isize;
    let map = OffsetMap::new(text);
    let mut holding = Vec::new();
    for tb in file.text_bounds() {
        let touches = |f: &CharSpan| f.start < end_c && f.end > start_c;
        let Some(index) = tb.fragments.iter().position(touches) else { continue };
        let fragment = tb.fragments[index];
        if fragment.start > start_c || fragment.end < end_c || tb.fragments.iter().filter(|f| touches(f)).count() > 1 {
            return None;
        }
        if text_at(&map, &tb.fragments).as_deref() != Some(tb.text.as_str()) {
            return None;
        }
        // Where the mention sits in the recorded text: the earlier
        // fragments, each followed by the joining space, then the offset.
        let before: usize = tb.fragments[..index].iter().map(|f| f.len() + 1).sum::<usize>() + start_c - fragment.start;
        let recorded: String = tb
            .text
            .chars()
            .take(before)
            .chain(spelling.chars())
            .chain(tb.text.chars().skip(before + end_c - start_c))
            .collect();
        let fragments = tb
            .fragments
            .iter()
            .enumerate()
            .map(|(i, f)| match i.cmp(&index) {
                std::cmp::Ordering::Less => *f,
                std::cmp::Ordering::Equal => CharSpan::new(f.start, f.end.saturating_add_signed(delta)),
                std::cmp::Ordering::Greater => {
                    CharSpan::new(f.start.saturating_add_signed(delta), f.end.saturating_add_signed(delta))
                }
            })
            .collect();
        holding.push((tb.id.clone(), fragments, recorded));
    }
    let mut moved = file.clone();
    let lost = follow_edit(&mut moved, text, span, spelling);
    if lost.iter().any(|id| !holding.iter().any(|(held, _, _)| held == id)) {
        return None;
    }
    for (id, fragments, recorded) in holding {
        moved.set_offsets(&id, fragments, &recorded).ok()?;
    }
    Some(moved)
}

/// The text a text-bound's fragments cover, joined as brat records it.
fn text_at(map: &OffsetMap, fragments: &[CharSpan]) -> Option<String> {
    let parts: Option<Vec<&str>> = fragments.iter().map(|f| map.slice(*f)).collect();
    Some(parts?.join(" "))
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

/// Writes the fix unless the file changed since it was planned, through
/// the corpus layer's one write (temporary file, fsync, rename; never
/// through a link). The user asked for `--fix` on their own files, so the
/// planned file is replaced.
fn write_fix(fix: &FileFix) -> Result<(), String> {
    let current = std::fs::read(&fix.path).map_err(|e| e.to_string())?;
    if current != fix.old.as_bytes() {
        return Err("changed while it was being fixed".to_string());
    }
    write_file(&fix.path, fix.new.as_bytes(), Existing::Replace).map(|_| ()).map_err(|e| e.reason())
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
    fn an_annotation_holding_the_variant_follows_it_and_one_cutting_it_stops_the_fix() {
        let text = "He said \"ask Tomasz Wolanski\" twice.\n";
        let ann = "T1\tPerson 13 28\tTomasz Wolanski\nT2\tQuote 8 29\t\"ask Tomasz Wolanski\"\n\
                   N1\tReference T1 byline:tw\tTomasz Wolański\nT3\tCue 3 7\tsaid\nT4\tDate 30 35\ttwice\n";
        let span = Span::new(13, 28);
        let fixes = plan_article(
            Path::new("a.txt"),
            text,
            Some((Path::new("a.ann"), ann)),
            vec![(span, "Tomasz J. Wolański".to_string())],
            true,
        );
        assert_eq!(fixes.len(), 2, "{fixes:?}");
        assert_eq!(fixes[0].new, "He said \"ask Tomasz J. Wolański\" twice.\n");
        assert_eq!(
            fixes[1].new,
            "T1\tPerson 13 31\tTomasz J. Wolański\nT2\tQuote 8 32\t\"ask Tomasz J. Wolański\"\n\
             N1\tReference T1 byline:tw\tTomasz Wolański\nT3\tCue 3 7\tsaid\nT4\tDate 33 38\ttwice\n"
        );

        // `T1` covers only the surname: where the fixed name's surname ends
        // is a person's call, so nothing is written.
        let cut = "T1\tPerson 20 28\tWolanski\n";
        let fixes = plan_article(
            Path::new("a.txt"),
            text,
            Some((Path::new("a.ann"), cut)),
            vec![(span, "Tomasz J. Wolański".to_string())],
            true,
        );
        assert!(fixes.is_empty(), "{fixes:?}");
    }

    #[test]
    fn a_discontinuous_variant_annotation_and_a_stale_one_move_as_a_whole() {
        // One annotation over `Tomasz` … `Wolanski` with a word between.
        let text = "Tomasz (Tom) Wolanski spoke.\n";
        let ann = "T1\tPerson 0 6;13 21\tTomasz Wolanski\n";
        let fixes = plan_article(
            Path::new("a.txt"),
            text,
            Some((Path::new("a.ann"), ann)),
            vec![(Span::new(13, 21), "Wolański-Nowak".to_string())],
            true,
        );
        assert_eq!(fixes[1].new, "T1\tPerson 0 6;13 27\tTomasz Wolański-Nowak\n");

        // Text was added before a discontinuous annotation: it moves when
        // its first part occurs once, and stays when it occurs twice.
        let moved = "Late news. Tomasz (Tom) Wolanski spoke.\n";
        let fixes = plan_article(Path::new("a.txt"), moved, Some((Path::new("a.ann"), ann)), vec![], true);
        assert_eq!(fixes.len(), 1, "{fixes:?}");
        assert_eq!(fixes[0].new, "T1\tPerson 11 17;24 32\tTomasz Wolanski\n");
        let twice = "Tomasz Lis wrote. Tomasz (Tom) Wolanski spoke.\n";
        let fixes = plan_article(Path::new("a.txt"), twice, Some((Path::new("a.ann"), ann)), vec![], true);
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
    fn a_fix_replaces_the_file_and_refuses_one_changed_since_it_was_planned() {
        let dir = std::env::temp_dir().join(format!("byline-fix-write-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("a.txt");
        std::fs::write(&path, "old").unwrap();
        let fix = FileFix { path: path.clone(), old: "old".into(), new: "new".into(), fixed: 1 };
        write_fix(&fix).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1, "no temporary left");
        assert!(write_fix(&fix).unwrap_err().contains("changed"), "planned on \"old\", the file holds \"new\"");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
