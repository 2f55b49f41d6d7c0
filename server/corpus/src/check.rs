//! Findings: the core's problems at the severities the corpus configured.
//! `byline check` and the language server both report exactly these.

use crate::config::Config;
use byline_core::{Analysis, Severity, Span};
use serde::Serialize;
use std::collections::HashMap;
use std::path::PathBuf;

/// The most findings of one rule reported for one file. Past it, one more
/// finding of the rule says how many were left out, so no input (a
/// megabyte of stray quotation marks, 100,000 broken `.ann` lines) makes
/// `byline check`'s output or the editor's diagnostics grow without bound.
pub const MAX_FINDINGS_PER_RULE: usize = 500;

#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    /// The rule's name (`weekday-mismatch`), also its key in `[rules]`.
    pub code: &'static str,
    pub severity: Severity,
    pub span: Span,
    pub message: String,
    pub related: Option<Span>,
    /// The annotation the finding is about (its `.ann` id), for the
    /// editor's quick fixes and to find it again after edits.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub annotation: Option<String>,
}

/// A finding located in a file other than the article being checked (a
/// registry file, an article's `.ann`, `annotation.conf`) or in an article
/// named explicitly (a label conflict reported across the corpus). The span
/// is bytes into that file's text.
#[derive(Debug, Clone, Serialize)]
pub struct FileFinding {
    pub path: PathBuf,
    pub finding: Finding,
}

/// The problems of one analysed article that the configuration does not turn off.
pub fn findings(analysis: &Analysis, config: &Config) -> Vec<Finding> {
    let mut out: Vec<Finding> = analysis
        .problems
        .iter()
        .filter_map(|p| {
            let severity = config.severity(p.code)?;
            Some(Finding {
                code: p.code.as_str(),
                severity,
                span: p.span,
                message: p.message.clone(),
                related: p.related,
                annotation: None,
            })
        })
        .collect();
    out = bounded(out);
    if analysis.paragraphs.is_empty() {
        if let Some(severity) = config.severity_of("empty-article") {
            out.push(Finding {
                code: "empty-article",
                severity,
                span: Span::default(),
                message: "article has no text".to_string(),
                related: None,
                annotation: None,
            });
        }
    }
    out
}

/// One file's findings with at most [`MAX_FINDINGS_PER_RULE`] of each rule,
/// in their order, then for each rule over it one finding (at the first
/// left out) counting the rest.
pub fn bounded(findings: Vec<Finding>) -> Vec<Finding> {
    let mut by_rule: HashMap<&'static str, usize> = HashMap::new();
    let mut first_left_out: Vec<Finding> = Vec::new();
    let mut out = Vec::with_capacity(findings.len().min(4 * MAX_FINDINGS_PER_RULE));
    for finding in findings {
        let seen = by_rule.entry(finding.code).or_default();
        *seen += 1;
        if *seen <= MAX_FINDINGS_PER_RULE {
            out.push(finding);
        } else if *seen == MAX_FINDINGS_PER_RULE + 1 {
            first_left_out.push(finding);
        }
    }
    for first in first_left_out {
        let left = by_rule[first.code] - MAX_FINDINGS_PER_RULE;
        out.push(Finding {
            message: format!(
                "{left} more `{}` problem{} in this file not shown (the first {MAX_FINDINGS_PER_RULE} of a rule are)",
                first.code,
                if left == 1 { "" } else { "s" }
            ),
            related: None,
            annotation: None,
            ..first
        });
    }
    out
}

/// [`bounded`] for findings of several files, each file on its own.
pub fn bounded_per_file(findings: Vec<FileFinding>) -> Vec<FileFinding> {
    let mut files: Vec<(PathBuf, Vec<Finding>)> = Vec::new();
    let mut index: HashMap<PathBuf, usize> = HashMap::new();
    for FileFinding { path, finding } in findings {
        let i = *index.entry(path.clone()).or_insert_with(|| {
            files.push((path, Vec::new()));
            files.len() - 1
        });
        files[i].1.push(finding);
    }
    files
        .into_iter()
        .flat_map(|(path, list)| {
            bounded(list).into_iter().map(move |finding| FileFinding { path: path.clone(), finding })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use byline_core::{analyze, AnalyzeOptions};
    use std::path::Path;

    #[test]
    fn configured_levels_apply_and_off_rules_vanish() {
        let text = "Go to Contents Go to Navigation\n\nOfficials met in Geneva to talk.\n";
        let analysis = analyze(text, &AnalyzeOptions::default());
        let default = Config::default_for(Path::new("/c"));
        let found = findings(&analysis, &default);
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].code, found[0].severity), ("boilerplate", Severity::Info));

        let strict =
            Config::parse(Path::new("/c"), Path::new("/c/byline.toml"), "[rules]\nboilerplate = \"error\"\n").unwrap();
        assert_eq!(findings(&analysis, &strict)[0].severity, Severity::Error);
        let quiet =
            Config::parse(Path::new("/c"), Path::new("/c/byline.toml"), "[rules]\nboilerplate = \"off\"\n").unwrap();
        assert!(findings(&analysis, &quiet).is_empty());
    }

    #[test]
    fn empty_article_is_noted() {
        let analysis = analyze("  \n", &AnalyzeOptions::default());
        let found = findings(&analysis, &Config::default_for(Path::new("/c")));
        assert_eq!(found.iter().map(|f| f.code).collect::<Vec<_>>(), ["empty-article"]);
    }

    fn finding(code: &'static str, at: usize) -> Finding {
        Finding {
            code,
            severity: Severity::Warning,
            span: Span::new(at, at + 1),
            message: format!("problem at {at}"),
            related: None,
            annotation: None,
        }
    }

    #[test]
    fn each_rule_is_bounded_per_file_and_the_rest_counted() {
        let mut many: Vec<Finding> = (0..MAX_FINDINGS_PER_RULE + 7).map(|i| finding("unbalanced-quote", i)).collect();
        many.push(finding("weekday-mismatch", 3));
        let out = bounded(many);
        assert_eq!(out.iter().filter(|f| f.code == "unbalanced-quote").count(), MAX_FINDINGS_PER_RULE + 1);
        assert_eq!(out.iter().filter(|f| f.code == "weekday-mismatch").count(), 1);
        let count = out.last().expect("the count");
        assert_eq!(
            count.message,
            "7 more `unbalanced-quote` problems in this file not shown (the first 500 of a rule are)"
        );
        assert_eq!(count.span, Span::new(MAX_FINDINGS_PER_RULE, MAX_FINDINGS_PER_RULE + 1), "at the first left out");
        let few: Vec<Finding> = (0..3).map(|i| finding("unbalanced-quote", i)).collect();
        assert_eq!(bounded(few.clone()).len(), 3, "under the bound nothing changes");
    }

    #[test]
    fn the_bound_holds_for_each_file_on_its_own() {
        let in_file = |path: &'static str, n: usize| {
            (0..n).map(move |i| FileFinding { path: PathBuf::from(path), finding: finding("malformed-ann", i) })
        };
        let mixed: Vec<FileFinding> =
            in_file("a.ann", MAX_FINDINGS_PER_RULE + 1).chain(in_file("b.ann", MAX_FINDINGS_PER_RULE)).collect();
        let out = bounded_per_file(mixed);
        let of = |path: &str| out.iter().filter(|f| f.path == Path::new(path)).count();
        assert_eq!((of("a.ann"), of("b.ann")), (MAX_FINDINGS_PER_RULE + 1, MAX_FINDINGS_PER_RULE));
        assert!(out.iter().any(
            |f| f.path == Path::new("a.ann") && f.finding.message.starts_with("1 more `malformed-ann` problem in")
        ));
    }
}
