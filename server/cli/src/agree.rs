//! `byline agree DIR_A DIR_B`: how far two annotators agree, with A as the
//! reference. Articles are paired by their path inside each folder (brat's
//! `x.txt` + `x.ann`; an article without `.ann` has no annotations).

use crate::check::display_path;
use byline_core::standoff::AnnFile;
use byline_corpus::agreement::{compare, Agreement, AnnotatedDoc, DisagreementKind, Side};
use byline_corpus::annotations::ann_path;
use byline_corpus::corpora::corpora_under;
use byline_corpus::session::{Overlays, Session};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A table of scores, kappa, then `file:line:` disagreements.
    Human,
    /// One JSON document.
    Json,
}

#[derive(clap::Args)]
pub struct Args {
    /// The reference annotator's folder.
    dir_a: PathBuf,
    /// The other annotator's folder.
    dir_b: PathBuf,
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
}

struct Loaded {
    name: String,
    text: String,
    ann: AnnFile,
}

fn view(docs: &[Loaded]) -> Vec<AnnotatedDoc<'_>> {
    docs.iter().map(|d| AnnotatedDoc { name: &d.name, text: &d.text, ann: &d.ann }).collect()
}

/// One annotator's folder, opened as `byline check` opens a corpus (its
/// `byline.toml` if it has one: which files are articles, which `.ann`
/// belongs to which), articles named by their path inside the folder.
fn load(dir: &Path) -> Result<Vec<Loaded>, String> {
    if !dir.is_dir() {
        return Err(format!("{}: not a folder", display_path(dir)));
    }
    let corpora = corpora_under(&[dir.to_path_buf()], None).map_err(|e| e.to_string())?.corpora;
    let mut docs = Vec::new();
    for corpus in corpora {
        if let Some(problem) = corpus.problems.first() {
            return Err(format!("{}: {}", display_path(&problem.path), problem.message));
        }
        let session = Session::load(corpus.config, Overlays::new());
        for file in session.articles_among(corpus.articles) {
            // Only regular files, capped: a `.ann` linked to /dev/zero is an error, not a hang.
            let text = session.read(&file).map_err(|e| format!("{}: {e}", display_path(&file)))?;
            let ann = match session.annotations(&file) {
                Ok(annotations) => annotations.map(|a| a.file).unwrap_or_default(),
                Err(e) => return Err(format!("{}: {e}", display_path(&ann_path(&file)))),
            };
            let name = crate::export::relative_name(&file, dir).unwrap_or_else(|| display_path(&file));
            docs.push(Loaded { name, text, ann });
        }
    }
    docs.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(docs)
}

pub fn run(args: Args) -> ExitCode {
    let (a, b) = match (load(&args.dir_a), load(&args.dir_b)) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(e), _) | (_, Err(e)) => {
            crate::output::error(e);
            return ExitCode::from(2);
        }
    };
    let agreement = compare(&view(&a), &view(&b));
    let mut out = io::BufWriter::new(io::stdout().lock());
    let written = match args.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &agreement).map_err(io::Error::from).and_then(|_| writeln!(out))
        }
        Format::Human => write_human(&mut out, &agreement, &args.dir_a),
    };
    match written.and_then(|_| out.flush()) {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => {
            crate::output::error(format!("cannot write the report: {e}"));
            ExitCode::from(2)
        }
        _ => ExitCode::SUCCESS,
    }
}

fn number(x: Option<f64>) -> String {
    x.map_or_else(|| "-".to_string(), |x| format!("{x:.3}"))
}

fn describe(side: &Side) -> String {
    format!("{} `{}`", side.label, side.text)
}

fn write_human(out: &mut impl Write, r: &Agreement, dir_a: &Path) -> io::Result<()> {
    writeln!(
        out,
        "{} compared, annotator A ({}) as the reference",
        crate::output::count(r.files, "article"),
        display_path(dir_a)
    )?;
    writeln!(out)?;
    writeln!(
        out,
        "{:<16} {:>5} {:>5} {:>6} {:>9} {:>7} {:>6}",
        "type", "A", "B", "match", "precision", "recall", "F1"
    )?;
    for s in r.per_type.iter().chain(std::iter::once(&r.overall)) {
        writeln!(
            out,
            "{:<16} {:>5} {:>5} {:>6} {:>9} {:>7} {:>6}",
            s.label,
            s.in_a,
            s.in_b,
            s.matched,
            number(s.precision),
            number(s.recall),
            number(s.f1)
        )?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "token kappa {} (observed agreement {} over {} tokens)",
        number(r.kappa),
        number(r.observed_agreement),
        r.tokens
    )?;
    if r.quote_kinds.compared > 0 {
        writeln!(
            out,
            "quote kinds (direct, reported, mixed) agree on {} of {} matched quotes ({})",
            r.quote_kinds.agreeing,
            r.quote_kinds.compared,
            number(r.quote_kinds.agreement)
        )?;
    }
    for name in &r.unpaired {
        writeln!(out, "not compared, only on one side: {name}")?;
    }
    for name in &r.text_differs {
        writeln!(out, "not compared, the two sides' texts differ: {name}")?;
    }
    if !r.disagreements.is_empty() {
        writeln!(out)?;
        writeln!(out, "disagreements ({}):", r.disagreements.len())?;
    }
    for d in &r.disagreements {
        let place = display_path(&dir_a.join(&d.file));
        let what = match (d.kind, &d.a, &d.b) {
            (DisagreementKind::Label, Some(a), Some(b)) => format!("label: A {}, B {}", describe(a), b.label),
            (DisagreementKind::Boundary, Some(a), Some(b)) => {
                format!("boundary: A {}, B `{}`", describe(a), b.text)
            }
            (DisagreementKind::QuoteKind, Some(a), Some(b)) => format!(
                "kind of speech: A {} {}, B {}",
                a.kind.unwrap_or("direct"),
                describe(a),
                b.kind.unwrap_or("direct")
            ),
            (_, Some(a), None) => format!("only in A: {}", describe(a)),
            (_, None, Some(b)) => format!("only in B: {}", describe(b)),
            _ => continue,
        };
        writeln!(out, "{place}:{}: {what}", d.line)?;
    }
    Ok(())
}
