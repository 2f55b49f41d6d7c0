//! Findings: the core's problems at the severities the corpus configured.
//! `byline check` and the language server both report exactly these.

use crate::config::Config;
use byline_core::{Analysis, Severity, Span};
use serde::Serialize;
use std::path::PathBuf;

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
}
