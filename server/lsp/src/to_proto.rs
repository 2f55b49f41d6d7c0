//! Conversion to protocol types. The one place that builds a `Diagnostic`:
//! every problem the server publishes (an article's findings, its
//! annotations', a `.ann`'s, a registry file's, `annotation.conf`'s, and the
//! marks shown as diagnostics) passes through here, located in the text of
//! the file it is about. The findings themselves come from
//! `byline_corpus::session`, the same ones `byline check` reports.

use crate::position::{Encoding, Positions};
use byline_core::{Severity, Span};
use byline_corpus::check::Finding;
use serde_json::json;
use tower_lsp_server::ls_types::{
    Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString, Uri,
};

/// The `source` of every diagnostic Byline publishes.
pub const SOURCE: &str = "byline";

pub fn severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}

/// What a finding's related place is, by rule.
fn related_message(code: &str) -> &'static str {
    match code {
        "stale-annotation" => "the text occurs here",
        "overlapping-spans" | "quote-without-speaker" => "the other annotation",
        c if c.starts_with("registry-") || c.starts_with("duplicate-") || c.ends_with("-alias") => "the other place",
        _ => "first seen here",
    }
}

/// The findings of one file as diagnostics, located in `text` (that file's
/// text as the client has it). A finding's related place is in the same
/// file; clients that take no related information get none. A finding about
/// an annotation carries its id in `data`, for the quick fixes.
pub fn diagnostics(
    uri: &Uri,
    text: &str,
    encoding: Encoding,
    findings: Vec<Finding>,
    related_support: bool,
) -> Vec<Diagnostic> {
    let mut spans = Vec::with_capacity(findings.len() * 2);
    for f in &findings {
        spans.extend([f.span.start, f.span.end]);
        if let Some(r) = f.related {
            spans.extend([r.start, r.end]);
        }
    }
    let positions = Positions::new(text, spans, encoding);
    findings
        .into_iter()
        .map(|f| {
            let related_information = match (f.related, related_support) {
                (Some(span), true) => Some(vec![DiagnosticRelatedInformation {
                    location: Location::new(uri.clone(), positions.range(span)),
                    message: related_message(f.code).to_string(),
                }]),
                _ => None,
            };
            Diagnostic {
                range: positions.range(f.span),
                severity: Some(severity(f.severity)),
                code: Some(NumberOrString::String(f.code.to_string())),
                source: Some(SOURCE.to_string()),
                message: f.message,
                related_information,
                data: f.annotation.map(|id| json!({ "annotation": id })),
                ..Diagnostic::default()
            }
        })
        .collect()
}

/// Detected marks shown as diagnostics (`marks.diagnostics` in the
/// settings), all at one level, code `mark`.
pub fn mark_diagnostics(
    text: &str,
    encoding: Encoding,
    level: Severity,
    marks: Vec<(Span, String)>,
) -> Vec<Diagnostic> {
    let positions = Positions::new(text, marks.iter().flat_map(|(s, _)| [s.start, s.end]).collect(), encoding);
    marks
        .into_iter()
        .map(|(span, message)| Diagnostic {
            range: positions.range(span),
            severity: Some(severity(level)),
            code: Some(NumberOrString::String("mark".to_string())),
            source: Some(SOURCE.to_string()),
            message,
            ..Diagnostic::default()
        })
        .collect()
}
