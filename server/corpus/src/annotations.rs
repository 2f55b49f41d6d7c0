//! Human annotations on disk: the brat `.ann` beside each article (`x.ann`
//! for `x.txt` or `x.md`) and the corpus's `annotation.conf`, read here and
//! checked with `byline_core::standoff`'s pure rules.
//!
//! Where findings point: a problem with what an annotation says about the
//! text (stale offsets, overlaps, a quote without its speaker, an unknown
//! registry id, a label conflict, a detected mark not yet annotated) points
//! into the article, where the annotator reads the text, and names the
//! `.ann` line in its message. A line of the `.ann` itself that cannot be
//! read, or that `annotation.conf` does not allow, points into the `.ann`;
//! a problem of the conf points into `annotation.conf`.
//!
//! Only articles that have an `.ann` are checked: a corpus nobody has
//! annotated yet gets no annotation findings at all.

use crate::check::{self, FileFinding, Finding};
use crate::config::Config;
use crate::discover::{read_article, ReadError};
use crate::registry::LoadedRegistry;
use byline_core::span::CodePointCounter;
use byline_core::standoff::{
    self, label_conflicts, merge, unannotated_marks, AnnFile, AnnProblem, AnnotationConf, ConfProblem, DetectedMark,
    MarkStatus, StandoffCode, StandoffProblem,
};
use byline_core::{Analysis, Registry, Span};
use serde::Serialize;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// brat's extension for an article's annotations.
pub const ANN_EXTENSION: &str = "ann";
/// brat's annotation schema, at the corpus root.
pub const CONF_FILE: &str = "annotation.conf";
/// A line of an `.ann` that brat would refuse, a repeated id, a reference
/// to no annotation.
pub const MALFORMED: &str = "malformed-annotation";
/// An annotation the conf does not allow, or a problem of the conf itself.
pub const CONF_RULE: &str = "annotation-conf";
const UNREADABLE: &str = "unreadable-file";

/// Detected marks not yet annotated beyond this many per article are not
/// reported: a hint on every name of a long article helps nobody, and a
/// rule's output stays bounded.
pub const MAX_UNANNOTATED_MARKS: usize = 500;

/// Where an article's annotations are, whether or not they exist.
pub fn ann_path(article: &Path) -> PathBuf {
    article.with_extension(ANN_EXTENSION)
}

/// The `.ann` that annotates `article`, if one may: `None` for an `.ann`
/// itself, and for `x.md` when `x.txt` exists (as in brat, `x.ann` belongs
/// to `x.txt`: its offsets cannot fit both).
pub fn ann_path_for(article: &Path) -> Option<PathBuf> {
    let path = ann_path(article);
    if path == article {
        return None;
    }
    let is_txt = article.extension().is_some_and(|e| e == "txt");
    if !is_txt && article.with_extension("txt").is_file() {
        return None;
    }
    Some(path)
}

/// The article an `.ann` annotates: the corpus article with the same stem
/// (`x.txt`, else `x.md`, else any extension the corpus includes).
pub fn article_of(ann: &Path, config: &Config) -> Option<PathBuf> {
    let stem = ann.file_stem()?.to_str()?;
    let folder = ann.parent()?;
    let preferred = ["txt", "md"].map(|ext| folder.join(format!("{stem}.{ext}")));
    if let Some(found) = preferred.into_iter().find(|p| p.is_file() && config.is_article_path(p)) {
        return Some(found);
    }
    let mut others: Vec<PathBuf> = std::fs::read_dir(folder)
        .ok()?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.file_stem().is_some_and(|s| s == stem) && p.is_file() && config.is_article_path(p))
        .collect();
    others.sort();
    others.into_iter().next()
}

/// An article's `.ann`, read and parsed (losslessly: `text` is what is on
/// disk, and `file` writes it back byte for byte).
#[derive(Debug, Clone)]
pub struct Annotations {
    pub path: PathBuf,
    pub text: String,
    pub file: AnnFile,
}

/// Reads the `.ann` of `article`; `Ok(None)` when it has none. When `x.txt`
/// and `x.md` both exist, `x.ann` belongs to `x.txt`, as in brat: its
/// offsets cannot fit both.
pub fn load(article: &Path) -> Result<Option<Annotations>, ReadError> {
    let Some(path) = ann_path_for(article) else { return Ok(None) };
    match read_article(&path) {
        Ok(text) => Ok(Some(Annotations::parse(path, text))),
        Err(ReadError::Vanished) => Ok(None),
        Err(e) => Err(e),
    }
}

impl Annotations {
    /// A `.ann`'s text (from the disk or an editor's buffer), parsed.
    pub fn parse(path: PathBuf, text: String) -> Annotations {
        let file = standoff::parse(&text);
        Annotations { path, text, file }
    }
}

/// The `unreadable-file` finding of an `.ann` (or conf) that exists but
/// cannot be read, at the configured level.
pub fn unreadable(path: &Path, error: &ReadError, config: &Config) -> Option<FileFinding> {
    let severity = config.severity_of(UNREADABLE)?;
    let what = if path.extension().is_some_and(|e| e == ANN_EXTENSION) { "annotations" } else { "annotation schema" };
    Some(FileFinding {
        path: path.to_path_buf(),
        finding: Finding {
            code: UNREADABLE,
            severity,
            span: Span::default(),
            message: format!("{what} {}: {error}", file_name(path)),
            related: None,
            annotation: None,
        },
    })
}

/// The corpus's `annotation.conf`, parsed.
#[derive(Debug, Clone)]
pub struct LoadedConf {
    pub path: PathBuf,
    pub text: String,
    pub conf: AnnotationConf,
    pub problems: Vec<ConfProblem>,
}

/// Reads `annotation.conf` at the corpus root; `Ok(None)` when there is none
/// (then any label goes).
pub fn load_conf(config: &Config) -> Result<Option<LoadedConf>, (PathBuf, ReadError)> {
    let path = config.root.join(CONF_FILE);
    match read_article(&path) {
        Ok(text) => Ok(Some(LoadedConf::parse(path, text))),
        Err(ReadError::Vanished) => Ok(None),
        Err(e) => Err((path, e)),
    }
}

impl LoadedConf {
    /// A conf's text (from the disk or an editor's buffer), parsed.
    pub fn parse(path: PathBuf, text: String) -> LoadedConf {
        let (conf, problems) = standoff::parse_conf(&text);
        LoadedConf { path, text, conf, problems }
    }

    /// The conf's own problems, located in it.
    pub fn findings(&self, config: &Config) -> Vec<FileFinding> {
        let Some(severity) = config.severity_of(CONF_RULE) else { return Vec::new() };
        let found = self
            .problems
            .iter()
            .map(|p| FileFinding {
                path: self.path.clone(),
                finding: Finding {
                    code: CONF_RULE,
                    severity,
                    span: p.span,
                    message: p.message.clone(),
                    related: None,
                    annotation: None,
                },
            })
            .collect();
        check::bounded_per_file(found)
    }
}

/// What every article's annotations are checked against: the corpus's
/// rule levels, registry and conf.
pub struct Checker<'a> {
    config: &'a Config,
    registry: &'a Registry,
    /// A registry that failed to load whole would make every link to its
    /// lost entries look unknown; its own error is reported instead.
    registry_complete: bool,
    conf: Option<&'a AnnotationConf>,
}

impl<'a> Checker<'a> {
    pub fn new(config: &'a Config, registry: &'a LoadedRegistry, conf: Option<&'a LoadedConf>) -> Checker<'a> {
        let registry_complete = registry.is_complete();
        Checker { config, registry: &registry.registry, registry_complete, conf: conf.map(|c| &c.conf) }
    }

    /// Every per-article finding of `annotations` (the `.ann` of the article
    /// at `article`, whose text and analysis are given): in the article for
    /// what annotations say about the text, in the `.ann` for its lines.
    pub fn article(
        &self,
        article: &Path,
        text: &str,
        analysis: &Analysis,
        annotations: &Annotations,
    ) -> Vec<FileFinding> {
        self.article_with(article, text, analysis, &annotations.path, &annotations.file)
    }

    /// [`Checker::article`] for annotations held as parsed (an editor's,
    /// following the article's unsaved edits).
    pub fn article_with(
        &self,
        article: &Path,
        text: &str,
        analysis: &Analysis,
        ann_path: &Path,
        file: &AnnFile,
    ) -> Vec<FileFinding> {
        let mut out = self.ann_file(ann_path, file);
        out.extend(self.in_text(article, text, analysis, ann_path, file));
        out
    }

    /// The findings of a `.ann` about its own lines, located in it: lines
    /// brat would refuse, and annotations the conf does not allow.
    pub fn ann_file(&self, ann_path: &Path, file: &AnnFile) -> Vec<FileFinding> {
        let mut out = Vec::new();
        let mut in_ann = |code: &'static str, problem: &AnnProblem, suffix: &str| {
            if let Some(severity) = self.config.severity_of(code) {
                let message = format!("{}{suffix}", problem.message);
                out.push(FileFinding {
                    path: ann_path.to_path_buf(),
                    finding: Finding { code, severity, span: problem.span, message, related: None, annotation: None },
                });
            }
        };
        for problem in file.problems() {
            in_ann(MALFORMED, &problem, "");
        }
        if let Some(conf) = self.conf {
            for problem in standoff::validate(file, conf) {
                in_ann(CONF_RULE, &problem, " (annotation.conf)");
            }
        }
        check::bounded_per_file(out)
    }

    /// What the annotations say about the article's text, located in the
    /// article, each message naming its `.ann` line.
    pub fn in_text(
        &self,
        article: &Path,
        text: &str,
        analysis: &Analysis,
        ann_path: &Path,
        file: &AnnFile,
    ) -> Vec<FileFinding> {
        let ann_name = file_name(ann_path);
        // A registry that failed to load whole would make every link to its
        // lost entries look unknown; its own error is reported instead.
        let is_known = |id: &str| !self.registry_complete || self.registry.get(id).is_some();
        let mut problems = standoff::check(text, file, is_known);
        if self.config.severity_of(StandoffCode::UnannotatedMark.as_str()).is_some() {
            let merged = merge(text, analysis, file);
            problems.extend(unannotated_marks(text, &merged).into_iter().take(MAX_UNANNOTATED_MARKS));
        }
        check::bounded_per_file(problems.into_iter().filter_map(|p| self.in_article(article, &ann_name, p)).collect())
    }

    fn in_article(&self, article: &Path, ann_name: &str, problem: StandoffProblem) -> Option<FileFinding> {
        in_article(self.config, article, ann_name, problem)
    }
}

fn in_article(config: &Config, article: &Path, ann_name: &str, problem: StandoffProblem) -> Option<FileFinding> {
    let code = problem.code.as_str();
    let severity = config.severity_of(code)?;
    let mut message = problem.message;
    if let Some(line) = problem.line {
        message.push_str(&format!(" ({ann_name} line {line})"));
    }
    Some(FileFinding {
        path: article.to_path_buf(),
        finding: Finding {
            code,
            severity,
            span: problem.span,
            message,
            related: problem.related,
            annotation: problem.annotation,
        },
    })
}

/// An annotated article of the corpus, kept for the corpus-wide rules.
#[derive(Debug, Clone)]
pub struct Annotated {
    pub article: PathBuf,
    pub text: String,
    pub annotations: Annotations,
}

/// How many other places a label-conflict message names: a name annotated
/// in hundreds of articles would otherwise make every one of its findings
/// list all the others (quadratic output).
const PLACES_LISTED: usize = 4;

/// `label-conflict` over the corpus: one finding per place a conflicting
/// string is annotated, in that article, its message naming the other
/// places (`.ann` and line; those with another label first) so each can be
/// reached from any.
pub fn label_conflict_findings(corpus: &[Annotated], config: &Config) -> Vec<FileFinding> {
    let code = StandoffCode::LabelConflict.as_str();
    let Some(severity) = config.severity_of(code) else { return Vec::new() };
    let names: Vec<String> = corpus.iter().map(|a| shown_under(&a.annotations.path, &config.root)).collect();
    let articles: Vec<standoff::AnnotatedArticle> = corpus
        .iter()
        .zip(&names)
        .map(|(a, name)| standoff::AnnotatedArticle { name, text: &a.text, ann: &a.annotations.file })
        .collect();
    let mut out = Vec::new();
    for conflict in label_conflicts(&articles) {
        let text = shorten(&conflict.text);
        for (i, place) in conflict.places.iter().enumerate() {
            let Some(article) = corpus.get(place.article) else { continue };
            let mut others: Vec<&standoff::LabelPlace> =
                conflict.places.iter().enumerate().filter(|(j, _)| *j != i).map(|(_, p)| p).collect();
            // Stable: the corpus order stays within each group.
            others.sort_by_key(|p| p.label == place.label);
            let listed: Vec<String> = others
                .iter()
                .take(PLACES_LISTED)
                .map(|p| format!("{} in {} line {}", p.label, names[p.article], p.line))
                .collect();
            let more = match others.len().saturating_sub(PLACES_LISTED) {
                0 => String::new(),
                n => format!(", and {n} more place{}", if n == 1 { "" } else { "s" }),
            };
            let message = format!(
                "`{text}` is annotated {} here but {}{more} ({} line {})",
                place.label,
                listed.join(", "),
                names[place.article],
                place.line
            );
            out.push(FileFinding {
                path: article.article.clone(),
                finding: Finding {
                    code,
                    severity,
                    span: place.span,
                    message,
                    related: None,
                    annotation: Some(place.id.clone()),
                },
            });
        }
    }
    check::bounded_per_file(out)
}

fn shorten(text: &str) -> String {
    const MAX: usize = 60;
    let flat = text.replace(['\n', '\r', '\t'], " ");
    match flat.char_indices().nth(MAX - 1) {
        Some((cut, _)) => format!("{}…", &flat[..cut]),
        None => flat,
    }
}

/// A path as users know it in messages: relative to the corpus root.
fn shown_under(path: &Path, root: &Path) -> String {
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let (path, root) = (absolute(path), absolute(root));
    path.strip_prefix(&root).unwrap_or(&path).display().to_string()
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
}

/// An article's annotations and the precedence of annotations over
/// detection, for `byline annotate --format json`. Offsets are code points,
/// as in the rest of that output (and in brat).
#[derive(Debug, Serialize)]
pub struct AnnotationReport {
    /// The `.ann` it comes from.
    pub file: String,
    /// Every text-bound annotation as a mark.
    pub annotations: Vec<AnnotationOut>,
    /// Every detected mark with what the annotations say about it.
    pub marks: Vec<MarkOut>,
}

#[derive(Debug, Serialize)]
pub struct AnnotationOut {
    pub id: String,
    pub label: String,
    /// 1-based line in the `.ann`.
    pub line: usize,
    pub start: usize,
    pub end: usize,
    pub text: String,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub stale: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub rejected: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entity: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_value: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speaker: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct MarkOut {
    pub label: &'static str,
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// `suggested`, `confirmed` or `contradicted`.
    pub status: &'static str,
    /// The annotation that confirms or contradicts it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub annotation: Option<String>,
    /// Why a contradicted mark is not shown: `rejected`, `other-label`,
    /// `other-span`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<&'static str>,
    /// The label the annotation gives instead (`other-label`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub annotated_as: Option<String>,
}

/// The [`AnnotationReport`] of an article with its `.ann`.
pub fn report(text: &str, analysis: &Analysis, annotations: &Annotations, shown_path: &str) -> AnnotationReport {
    let merged = merge(text, analysis, &annotations.file);
    // Both lists are converted in one forward pass each: the counter is
    // fastest over increasing offsets.
    let mut counter = CodePointCounter::new(text);
    let mut spans: Vec<Span> = merged.annotations.iter().map(|a| a.span).collect();
    spans.extend(merged.detected.iter().map(|m| m.span));
    let mut offsets: Vec<usize> = spans.iter().flat_map(|s| [s.start, s.end]).collect();
    offsets.sort_unstable();
    offsets.dedup();
    let points: Vec<usize> = offsets.iter().map(|o| counter.to_code_points(*o)).collect();
    let to_points = |byte: usize| offsets.binary_search(&byte).map_or(0, |i| points[i]);
    // One index, not a search of the file per annotation (quadratic on a
    // 100,000-line `.ann`).
    let lookup = annotations.file.index();
    let annotations = merged
        .annotations
        .iter()
        .map(|a| AnnotationOut {
            id: a.id.clone(),
            label: a.label.clone(),
            line: a.line,
            start: to_points(a.span.start),
            end: to_points(a.span.end),
            text: lookup.text_bound(&a.id).map(|tb| tb.text.clone()).unwrap_or_default(),
            stale: a.stale,
            rejected: a.rejected,
            entity: a.entity.clone(),
            date_value: a.date_value.clone(),
            speaker: a.speaker.clone(),
        })
        .collect();
    let marks = merged.detected.iter().map(|m| mark_out(text, m, &to_points)).collect();
    AnnotationReport { file: shown_path.to_string(), annotations, marks }
}

fn mark_out(text: &str, mark: &DetectedMark, to_points: &impl Fn(usize) -> usize) -> MarkOut {
    let (status, annotation, reason, annotated_as) = match &mark.status {
        MarkStatus::Suggested => ("suggested", None, None, None),
        MarkStatus::Confirmed { annotation } => ("confirmed", Some(annotation.clone()), None, None),
        MarkStatus::Contradicted { annotation, contradiction } => {
            let (reason, label) = match contradiction {
                standoff::Contradiction::Rejected => ("rejected", None),
                standoff::Contradiction::OtherLabel { label } => ("other-label", Some(label.clone())),
                standoff::Contradiction::OtherSpan => ("other-span", None),
            };
            ("contradicted", Some(annotation.clone()), Some(reason), label)
        }
    };
    let slice = text.get(mark.span.start..mark.span.end).unwrap_or("").to_string();
    MarkOut {
        label: mark.label,
        start: to_points(mark.span.start),
        end: to_points(mark.span.end),
        text: slice,
        status,
        annotation,
        reason,
        annotated_as,
    }
}

/// Articles among `paths` named by their `.ann` (`byline check x.ann`)
/// replaced by the article; `annotation.conf` dropped (it is checked with
/// its corpus).
pub fn articles_for_annotation_files(paths: Vec<PathBuf>, config: &Config) -> Vec<PathBuf> {
    let mut seen = HashSet::new();
    paths
        .into_iter()
        .filter_map(|p| {
            if p.file_name().is_some_and(|n| n == CONF_FILE) {
                None
            } else if p.extension().is_some_and(|e| e == ANN_EXTENSION) {
                article_of(&p, config)
            } else {
                Some(p)
            }
        })
        .filter(|p| seen.insert(p.clone()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use byline_core::{analyze, AnalyzeOptions, Severity};

    const STORY: &str = "LISBON — Port workers stopped the cranes on Friday.\n\n\
\"We will not move until the contract is signed,\" said Ana Ribeiro, who speaks for the union.\n\n\
Siemens said its cranes would wait in Rotterdam.\n";

    struct TempCorpus(PathBuf);

    impl TempCorpus {
        fn new(name: &str) -> TempCorpus {
            let dir = std::env::temp_dir().join(format!("byline-annotations-{name}-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(&dir).unwrap();
            TempCorpus(dir)
        }
        fn write(&self, name: &str, text: &str) -> PathBuf {
            let path = self.0.join(name);
            std::fs::write(&path, text).unwrap();
            path
        }
        fn config(&self) -> Config {
            Config::discover(&self.0).unwrap()
        }
    }

    impl Drop for TempCorpus {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    /// A text-bound line for the first occurrence of `needle` in `text`,
    /// offsets in code points as brat writes them.
    fn tb(text: &str, id: &str, label: &str, needle: &str) -> String {
        let start = text.find(needle).unwrap();
        let s = text[..start].chars().count();
        let e = s + needle.chars().count();
        format!("{id}\t{label} {s} {e}\t{needle}\n")
    }

    fn check(corpus: &TempCorpus, article: &Path) -> Vec<FileFinding> {
        let config = corpus.config();
        let registry = crate::registry::load(&config);
        let conf = load_conf(&config).unwrap();
        let text = std::fs::read_to_string(article).unwrap();
        let analysis =
            analyze(&text, &AnalyzeOptions { gazetteer: Some(registry.gazetteer.clone()), ..Default::default() });
        let annotations = load(article).unwrap().expect("the article has an .ann");
        Checker::new(&config, &registry, conf.as_ref()).article(article, &text, &analysis, &annotations)
    }

    #[test]
    fn each_rule_points_into_the_file_it_is_about() {
        let corpus = TempCorpus::new("rules");
        corpus.write("entities.toml", "[[person]]\nid = \"ana-ribeiro\"\nname = \"Ana Ribeiro\"\n");
        let article = corpus.write("lisbon.txt", STORY);
        let quote = "\"We will not move until the contract is signed,\"";
        let ann = [
            tb(STORY, "T1", "Location", "LISBON"),
            tb(STORY, "T2", "Quote", quote),
            tb(STORY, "T3", "Person", "Ana Ribeiro"),
            "N1\tReference T3 byline:ana-ribeiro\tAna Ribeiro\n".to_string(),
            tb(STORY, "T4", "Organization", "Siemens"),
            "N2\tReference T4 byline:siemens-ag\tSiemens\n".to_string(),
            // Six characters early: the text was edited after annotation.
            "T5\tDate 38 44\tFriday\n".to_string(),
            "T6\tPerson eleven 12\tAna\n".to_string(),
        ]
        .concat();
        let ann_file = corpus.write("lisbon.ann", &ann);
        let found = check(&corpus, &article);
        let at = |code: &str| -> Vec<&FileFinding> { found.iter().filter(|f| f.finding.code == code).collect() };

        let malformed = at(MALFORMED);
        assert_eq!(malformed.len(), 1, "{found:#?}");
        assert_eq!(malformed[0].path, ann_file);
        assert_eq!(malformed[0].finding.span.slice(&ann), "T6\tPerson eleven 12\tAna");
        assert_eq!(malformed[0].finding.severity, Severity::Error);

        let stale = at("stale-annotation");
        assert_eq!(stale.len(), 1, "{found:#?}");
        assert_eq!(stale[0].path, article);
        assert!(stale[0].finding.message.ends_with("(lisbon.ann line 7)"), "{}", stale[0].finding.message);
        let friday = STORY.find("Friday").unwrap();
        assert_eq!(stale[0].finding.related, Some(Span::new(friday, friday + 6)), "the fix is the nearest occurrence");

        let unknown = at("unknown-entity-id");
        assert_eq!(unknown.len(), 1, "ana-ribeiro is registered, siemens-ag is not: {found:#?}");
        assert_eq!(unknown[0].finding.span.slice(STORY), "Siemens");

        let speakerless = at("quote-without-speaker");
        assert_eq!((speakerless.len(), speakerless[0].finding.severity), (1, Severity::Info));
        assert_eq!(speakerless[0].finding.span.slice(STORY), quote);

        let hints = at("unannotated-mark");
        assert!(hints.iter().all(|f| f.finding.severity == Severity::Hint && f.path == article));
        assert!(hints.iter().any(|f| f.finding.message.contains("Location `Rotterdam`")), "{hints:#?}");
        assert!(!hints.iter().any(|f| f.finding.message.contains("Person `Ana Ribeiro`")), "confirmed by T3");
    }

    #[test]
    fn a_broken_registry_does_not_make_every_link_unknown() {
        let corpus = TempCorpus::new("broken-registry");
        corpus.write("entities.toml", "[[person]]\nid = \"ana-ribeiro\"\nname = \"Ana Ribeiro\n");
        let article = corpus.write("lisbon.txt", STORY);
        let link = "N1\tReference T1 byline:ana-ribeiro\tAna Ribeiro\n";
        corpus.write("lisbon.ann", &format!("{}{link}", tb(STORY, "T1", "Person", "Ana Ribeiro")));
        let found = check(&corpus, &article);
        assert!(!found.iter().any(|f| f.finding.code == "unknown-entity-id"), "{found:#?}");

        corpus.write("entities.toml", "[[person]]\nid = \"rui-costa\"\nname = \"Rui Costa\"\n");
        let found = check(&corpus, &article);
        assert_eq!(found.iter().filter(|f| f.finding.code == "unknown-entity-id").count(), 1, "{found:#?}");
    }

    #[test]
    fn a_conf_rejects_undefined_labels_and_reports_its_own_problems() {
        let corpus = TempCorpus::new("conf");
        corpus.write(CONF_FILE, &format!("{}\n[vessels]\nTanker\n", standoff::DEFAULT_CONF.trim_end()));
        let article = corpus.write("sines.txt", STORY);
        let ann = tb(STORY, "T1", "Ship", "Siemens");
        let ann_file = corpus.write("sines.ann", &ann);
        let found = check(&corpus, &article);
        let conf_findings: Vec<_> = found.iter().filter(|f| f.finding.code == CONF_RULE).collect();
        assert_eq!(conf_findings.len(), 1, "{found:#?}");
        assert_eq!(conf_findings[0].path, ann_file);
        assert!(conf_findings[0].finding.message.contains("Ship"), "{}", conf_findings[0].finding.message);

        let conf = load_conf(&corpus.config()).unwrap().unwrap();
        let own = conf.findings(&corpus.config());
        assert!(!own.is_empty(), "an unknown section is reported");
        assert!(own.iter().all(|f| f.path == corpus.0.join(CONF_FILE)));
    }

    #[test]
    fn label_conflicts_list_every_place_and_respect_rules() {
        let corpus = TempCorpus::new("conflict");
        let first = "Sines expects the ships by Monday.\n";
        let second = "Officials said Sines would decide.\n";
        let a = corpus.write("a.txt", first);
        let b = corpus.write("b.txt", second);
        corpus.write("a.ann", &tb(first, "T1", "Location", "Sines"));
        corpus.write(
            "b.ann",
            &format!("{}{}", tb(second, "T1", "Date", "Officials"), tb(second, "T2", "Person", "Sines")),
        );
        let annotated: Vec<Annotated> = [&a, &b]
            .iter()
            .map(|p| Annotated {
                article: p.to_path_buf(),
                text: std::fs::read_to_string(p).unwrap(),
                annotations: load(p).unwrap().unwrap(),
            })
            .collect();
        let found = label_conflict_findings(&annotated, &corpus.config());
        assert_eq!(found.len(), 2, "{found:#?}");
        assert_eq!((found[0].path.clone(), found[0].finding.span.slice(first)), (a.clone(), "Sines"));
        assert!(found[0].finding.message.contains("Person in b.ann line 2"), "{}", found[0].finding.message);
        assert_eq!(found[1].path, b);
        assert!(found[1].finding.message.contains("Location in a.ann line 1"), "{}", found[1].finding.message);
        assert_eq!(found[1].finding.severity, Severity::Error);

        let many: Vec<Annotated> = (0..8)
            .map(|i| {
                let (text, label) = if i < 6 { (first, "Location") } else { (second, "Person") };
                let needle_ann = tb(text, "T1", label, "Sines");
                Annotated {
                    article: corpus.0.join(format!("m{i}.txt")),
                    text: text.to_string(),
                    annotations: Annotations {
                        path: corpus.0.join(format!("m{i}.ann")),
                        file: standoff::parse(&needle_ann),
                        text: needle_ann,
                    },
                }
            })
            .collect();
        let found = label_conflict_findings(&many, &corpus.config());
        assert_eq!(found.len(), 8);
        let message = &found[0].finding.message;
        assert!(
            message.contains(
                "but Person in m6.ann line 1, Person in m7.ann line 1, Location in m1.ann line 1, \
                 Location in m2.ann line 1, and 3 more places (m0.ann line 1)"
            ),
            "other labels first, then a count: {message}"
        );

        corpus.write("byline.toml", "[rules]\nlabel-conflict = \"off\"\n");
        assert!(label_conflict_findings(&annotated, &corpus.config()).is_empty());
    }

    #[test]
    fn missing_unreadable_and_named_annotation_files() {
        let corpus = TempCorpus::new("files");
        let article = corpus.write("x.md", STORY);
        assert!(load(&article).unwrap().is_none(), "no .ann: nothing to check");
        assert!(load_conf(&corpus.config()).unwrap().is_none());
        std::fs::write(corpus.0.join("x.ann"), b"T1\tPerson 0 3\tAna\xff\n").unwrap();
        let error = load(&article).unwrap_err();
        let finding = unreadable(&corpus.0.join("x.ann"), &error, &corpus.config()).unwrap();
        assert_eq!(finding.finding.code, "unreadable-file");
        assert!(finding.finding.message.starts_with("annotations x.ann: not UTF-8"), "{}", finding.finding.message);
        assert_eq!(article_of(&corpus.0.join("x.ann"), &corpus.config()), Some(article.clone()));
        let txt = corpus.write("x.txt", STORY);
        assert!(load(&txt).is_err(), "x.ann is x.txt's");
        assert!(load(&article).unwrap().is_none(), "not also x.md's");
        assert_eq!(article_of(&corpus.0.join("x.ann"), &corpus.config()), Some(txt));
        assert_eq!(article_of(&corpus.0.join("nothing.ann"), &corpus.config()), None);
    }

    #[test]
    fn the_report_shows_precedence_in_code_points() {
        let corpus = TempCorpus::new("report");
        let article = corpus.write("r.txt", STORY);
        let ann = [
            tb(STORY, "T1", "Location", "LISBON"),
            tb(STORY, "T2", "Person", "Siemens"),
            tb(STORY, "T3", "Location", "Rotterdam"),
            "A1\tRejected T3\n".to_string(),
        ]
        .concat();
        corpus.write("r.ann", &ann);
        let annotations = load(&article).unwrap().unwrap();
        let analysis = analyze(STORY, &AnalyzeOptions::default());
        let report = report(STORY, &analysis, &annotations, "r.ann");
        assert_eq!(report.annotations.len(), 3);
        assert!(report.annotations[2].rejected);
        // `Siemens said …` makes Siemens a speaker too: the entity mark is the one annotated.
        let mark = |text: &str| {
            report.marks.iter().find(|m| m.text == text && m.label != "Speaker").unwrap_or_else(|| panic!("{text}"))
        };
        assert_eq!((mark("LISBON").status, mark("LISBON").annotation.as_deref()), ("confirmed", Some("T1")));
        let siemens = mark("Siemens");
        assert_eq!(
            (siemens.status, siemens.reason, siemens.annotated_as.as_deref()),
            ("contradicted", Some("other-label"), Some("Person"))
        );
        assert_eq!((mark("Rotterdam").status, mark("Rotterdam").reason), ("contradicted", Some("rejected")));
        // After the em dash (3 bytes, 1 code point), code points trail bytes by 2.
        let port = STORY.find("Friday").unwrap();
        if let Some(friday) = report.marks.iter().find(|m| m.text == "Friday") {
            assert_eq!((friday.start, friday.status), (port - 2, "suggested"));
        } else {
            panic!("Friday is detected as a date: {:#?}", report.marks);
        }
    }
}
