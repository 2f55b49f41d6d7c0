//! `byline check --format github`: GitHub Actions workflow commands
//! (`::warning file=...::message`), which a workflow run turns into
//! annotations on the pull request's changed lines.

use crate::check::Reported;
use byline_core::Severity;
use std::io::{self, Write};

/// GitHub has three annotation levels; info and hints are notices.
fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Hint => "notice",
    }
}

/// A command's message: the runner decodes `%25`, `%0D` and `%0A`, so a
/// message with a newline stays one annotation.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// A property value: also `:` and `,`, which would end the value.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn write(out: &mut impl Write, reported: &[Reported]) -> io::Result<()> {
    for r in reported {
        write!(out, "::{} file={},line={}", command(r.severity), escape_property(&r.path), r.line)?;
        if r.end_line > r.line {
            write!(out, ",endLine={}", r.end_line)?;
        } else {
            // GitHub accepts columns only on a one-line range.
            write!(out, ",col={},endColumn={}", r.column, r.end_column.max(r.column))?;
        }
        let mut message = r.message.clone();
        if let Some(rel) = &r.related {
            message.push_str(&format!(" (see {}:{}:{})", r.path, rel.line, rel.column));
        }
        writeln!(out, ",title={}::{}", escape_property(r.code), escape_data(&message))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Related;
    use crate::sarif::Artifact;

    fn reported(path: &str, severity: Severity, message: &str) -> Reported {
        Reported {
            path: path.to_string(),
            line: 4,
            column: 2,
            end_line: 4,
            end_column: 11,
            severity,
            code: "weekday-mismatch",
            message: message.to_string(),
            related: None,
            artifact: Artifact::default(),
        }
    }

    fn render(reported: &[Reported]) -> String {
        let mut out = Vec::new();
        write(&mut out, reported).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn one_command_per_problem_with_its_range() {
        let text = render(&[reported("news/a.txt", Severity::Warning, "`Tuesday` is a Monday")]);
        assert_eq!(
            text,
            "::warning file=news/a.txt,line=4,col=2,endColumn=11,title=weekday-mismatch::`Tuesday` is a Monday\n"
        );
    }

    #[test]
    fn special_characters_are_escaped_where_github_needs_it() {
        let mut r = reported("odd, name: 100%.txt", Severity::Hint, "50% done\r\nnext: line, here");
        r.end_line = 6;
        r.related = Some(Related { line: 1, column: 1 });
        let text = render(&[r]);
        assert_eq!(
            text,
            "::notice file=odd%2C name%3A 100%25.txt,line=4,endLine=6,title=weekday-mismatch::\
             50%25 done%0D%0Anext: line, here (see odd, name: 100%25.txt:1:1)\n"
        );
        assert_eq!(text.lines().count(), 1, "a message never spills onto a second line");
    }
}
