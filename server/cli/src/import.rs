//! `byline import`: annotations from other tools into `.txt` + `.ann`
//! pairs: spaCy/Prodigy JSONL (Byline's own export included, which comes
//! back without loss) or brat files, checked on the way in.

use crate::check::display_path;
use crate::export::{refusal, relative_name};
use byline_core::interchange::jsonl::{self, Record};
use byline_core::standoff::{self, check_anchors};
use byline_corpus::discover::read_article;
use byline_corpus::write::{write_set, Existing};
use std::io::{self, BufRead};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// spaCy/Prodigy JSONL: one `{"text", "spans", ...}` object a line.
    Jsonl,
    /// A brat `.ann` (its `.txt` beside it) or a folder of them.
    Brat,
}

#[derive(clap::Args)]
pub struct Args {
    /// The format (default: jsonl for a `.jsonl` file, brat for an `.ann`
    /// file or a folder).
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// The JSONL file, or the brat `.ann` file or folder.
    input: PathBuf,
    /// The folder to write `x.txt` and `x.ann` into.
    #[arg(short, long)]
    output: PathBuf,
}

/// The file a record is written to: its `meta.source` when that is a plain
/// relative path, else `<input name>-<line>`; always with `.txt`.
fn record_name(record: &Record, input: &Path, line: usize) -> PathBuf {
    let safe = record.meta.source.as_deref().filter(|s| {
        !s.is_empty()
            && !s.starts_with('/')
            && !s.contains('\\')
            && s.split('/').all(|part| !part.is_empty() && part != "." && part != "..")
    });
    match safe {
        Some(source) => PathBuf::from(source).with_extension("txt"),
        None => {
            let stem = input.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "doc".into());
            PathBuf::from(format!("{stem}-{line:05}.txt"))
        }
    }
}

/// The format an input's extension (or being a folder) names.
fn format_of(input: &Path) -> Option<Format> {
    if input.is_dir() {
        return Some(Format::Brat);
    }
    match input.extension()?.to_str()? {
        "jsonl" => Some(Format::Jsonl),
        "ann" => Some(Format::Brat),
        _ => None,
    }
}

pub fn run(args: Args) -> ExitCode {
    let Some(format) = args.format.or_else(|| format_of(&args.input)) else {
        crate::output::error(format!(
            "{}: cannot tell the format from the name; give --format jsonl or --format brat",
            display_path(&args.input)
        ));
        return ExitCode::from(2);
    };
    let outcome = match format {
        Format::Jsonl => import_jsonl(&args.input, &args.output),
        Format::Brat => import_brat(&args.input, &args.output),
    };
    match outcome {
        Ok(Tally { written, problems, skipped }) => {
            let skipped_note = if skipped > 0 {
                format!(", {} skipped", crate::output::count(skipped, "rejected or ignored task"))
            } else {
                String::new()
            };
            eprintln!(
                "imported {} into {}{skipped_note}",
                crate::output::count(written, "article"),
                display_path(&args.output)
            );
            if problems > 0 {
                crate::output::error(format!("{} (above)", crate::output::count(problems, "problem")));
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(e) => {
            crate::output::error(e);
            ExitCode::from(2)
        }
    }
}

#[derive(Default)]
struct Tally {
    written: usize,
    problems: usize,
    skipped: usize,
}

fn import_jsonl(input: &Path, output: &Path) -> Result<Tally, String> {
    let file = std::fs::File::open(input).map_err(|e| format!("{}: {e}", display_path(input)))?;
    let shown = display_path(input);
    let mut tally = Tally::default();
    let mut plan = Vec::new();
    for (i, line) in io::BufReader::new(file).lines().enumerate() {
        let n = i + 1;
        let line = match line {
            Ok(line) => line,
            Err(e) => {
                eprintln!("{shown}:{n}: not UTF-8 text: {e}");
                tally.problems += 1;
                continue;
            }
        };
        if line.trim().is_empty() {
            continue;
        }
        // serde reads a struct from an array too: only an object is a record.
        if !line.trim_start().starts_with('{') {
            eprintln!("{shown}:{n}: expected a JSON object with `text` and `spans`, found something else");
            tally.problems += 1;
            continue;
        }
        let record: Record = match serde_json::from_str(&line) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("{shown}:{n}: expected a JSON object with `text` and `spans`: {e}");
                tally.problems += 1;
                continue;
            }
        };
        if matches!(record.answer.as_deref(), Some("reject" | "ignore")) {
            tally.skipped += 1;
            continue;
        }
        let (ann, problems) = jsonl::to_ann(&record);
        for p in &problems {
            eprintln!("{shown}:{n}: {}", p.message);
        }
        tally.problems += problems.len();
        let txt = record_name(&record, input, n);
        let ann = standoff::write(&ann).into_bytes();
        plan.push((txt.with_extension("ann"), ann));
        plan.push((txt, record.text.into_bytes()));
    }
    write_pairs(output, &plan, &mut tally);
    Ok(tally)
}

/// Writes the planned `.txt` + `.ann` pairs (and the conf) all or nothing:
/// every file is checked before the first is written, so a clash leaves no
/// half pair beside someone else's file.
fn write_pairs(output: &Path, plan: &[(PathBuf, Vec<u8>)], tally: &mut Tally) {
    match write_set(output, plan, Existing::Keep) {
        Ok(_) => tally.written += plan.iter().filter(|(p, _)| p.extension().is_some_and(|e| e == "ann")).count(),
        Err(refused) => {
            for e in &refused {
                crate::output::error(refusal(e, false));
            }
            tally.problems += refused.len();
            crate::output::error(format!(
                "nothing written to {}: every file is checked before any is written",
                display_path(output)
            ));
        }
    }
}

/// Copies brat files byte for byte, after reporting what would trouble
/// Byline: unreadable lines and annotations whose text is not at their offsets.
fn import_brat(input: &Path, output: &Path) -> Result<Tally, String> {
    let mut anns = Vec::new();
    let root = if input.is_dir() {
        collect_files(input, "ann", &mut anns).map_err(|e| format!("{}: {e}", display_path(input)))?;
        input.to_path_buf()
    } else if input.extension().is_some_and(|e| e == "ann") && input.is_file() {
        anns.push(input.to_path_buf());
        input.parent().map(Path::to_path_buf).unwrap_or_default()
    } else {
        return Err(format!("{}: expected a brat .ann file or a folder of them", display_path(input)));
    };
    anns.sort();
    let mut tally = Tally::default();
    let mut plan = Vec::new();
    let conf = root.join("annotation.conf");
    if let Ok(text) = read_article(&conf) {
        plan.push((PathBuf::from("annotation.conf"), text.into_bytes()));
    }
    for ann_file in anns {
        let shown = display_path(&ann_file);
        let txt_file = ann_file.with_extension("txt");
        let (ann_text, text) = match (read_article(&ann_file), read_article(&txt_file)) {
            (Ok(a), Ok(t)) => (a, t),
            (Err(e), _) => {
                eprintln!("{shown}: {e}");
                tally.problems += 1;
                continue;
            }
            (_, Err(e)) => {
                let e = match e {
                    byline_corpus::discover::ReadError::Vanished => "no such file".to_string(),
                    e => e.to_string(),
                };
                eprintln!("{}: {e} (brat keeps the text beside the .ann)", display_path(&txt_file));
                tally.problems += 1;
                continue;
            }
        };
        let ann = standoff::parse(&ann_text);
        for p in ann.problems() {
            eprintln!("{shown}:{}: {}", p.line, p.message);
            tally.problems += 1;
        }
        for stale in check_anchors(&text, &ann) {
            let found = stale.found.as_deref().map_or("nothing (past the end)".to_string(), |f| format!("`{f}`"));
            eprintln!("{shown}:{}: {} expects `{}` but the text has {found}", stale.line, stale.id, stale.expected);
            tally.problems += 1;
        }
        let name = relative_name(&ann_file, &root)
            .unwrap_or_else(|| ann_file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default());
        let target = PathBuf::from(name);
        plan.push((target.with_extension("txt"), text.into_bytes()));
        plan.push((target, ann_text.into_bytes()));
    }
    write_pairs(output, &plan, &mut tally);
    Ok(tally)
}

/// Every file with this extension under `dir`, hidden files and folders excepted.
pub fn collect_files(dir: &Path, extension: &str, out: &mut Vec<PathBuf>) -> io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        if entry.file_type()?.is_dir() {
            collect_files(&path, extension, out)?;
        } else if path.extension().is_some_and(|e| e == extension) {
            out.push(path);
        }
    }
    Ok(())
}
