//! Changes to a registry file as text edits, for the server's code actions
//! and `byline entities --suggest`. Each edit inserts or replaces one stretch
//! of the file and keeps every other byte (comments, alignment, line
//! endings) as the person wrote it.

use super::slug::slug;
use super::{table_name, Registry, RegistryEntry};
use crate::entities::EntityLabel;
use crate::span::Span;

/// Replace `span` (bytes into the source text) by `new_text`; an empty span
/// inserts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextEdit {
    pub span: Span,
    pub new_text: String,
}

impl TextEdit {
    /// An edit that changes nothing (the alias is already there).
    pub fn none() -> Self {
        TextEdit { span: Span::new(0, 0), new_text: String::new() }
    }

    pub fn is_noop(&self) -> bool {
        self.span.is_empty() && self.new_text.is_empty()
    }

    /// The text with the edit made; the text unchanged if the span does not
    /// fit it.
    pub fn apply(&self, text: &str) -> String {
        match (text.get(..self.span.start), text.get(self.span.end..)) {
            (Some(before), Some(after)) if self.span.start <= self.span.end => {
                let mut out = String::with_capacity(text.len() + self.new_text.len());
                out.push_str(before);
                out.push_str(&self.new_text);
                out.push_str(after);
                out
            }
            _ => text.to_string(),
        }
    }
}

/// A new entry as a TOML block ending in a newline, with an id no entry of
/// `registry` has:
///
/// ```toml
/// [[person]]
/// id = "kurt-campbell"
/// name = "Kurt Campbell"
/// aliases = []
/// roles = [{ title = "Assistant Secretary of State" }]
/// ```
pub fn new_entry(registry: &Registry, kind: EntityLabel, name: &str, title: Option<&str>) -> String {
    let table = table_name(kind);
    let id = fresh_id(registry, name, table);
    let mut block = format!("[[{table}]]\nid = {}\nname = {}\naliases = []\n", toml_string(&id), toml_string(name));
    if let Some(title) = title.map(str::trim).filter(|t| !t.is_empty()) {
        block.push_str(&format!("roles = [{{ title = {} }}]\n", toml_string(title)));
    }
    block
}

/// The name's slug, numbered (`kim-2`) when an entry already has it.
fn fresh_id(registry: &Registry, name: &str, table: &str) -> String {
    let base = slug(name);
    let base = if base.is_empty() { table.to_string() } else { base };
    if registry.get(&base).is_none() {
        return base;
    }
    (2..).map(|n| format!("{base}-{n}")).find(|id| registry.get(id).is_none()).unwrap_or(base)
}

/// Inserts `block` at the end of the file, after exactly one blank line
/// (unless the file already ends with one), in the file's line endings.
pub fn append_entry(source_text: &str, block: &str) -> TextEdit {
    let eol = line_ending(source_text);
    let mut new_text = String::new();
    if !source_text.is_empty() {
        match source_text.strip_suffix('\n') {
            None => {
                new_text.push_str(eol);
                new_text.push_str(eol);
            }
            Some(rest) => {
                let last_line = rest.rsplit('\n').next().unwrap_or(rest);
                let ends_blank = rest.is_empty() || last_line.trim().is_empty();
                if !ends_blank {
                    new_text.push_str(eol);
                }
            }
        }
    }
    for line in block.lines() {
        new_text.push_str(line);
        new_text.push_str(eol);
    }
    TextEdit { span: Span::new(source_text.len(), source_text.len()), new_text }
}

/// Adds `alias` to the entry's `aliases` list, in the list's own style (one
/// line or one alias per line, trailing comma or not), or adds an
/// `aliases = [...]` line after the `name` line. No edit when the entry
/// already has that spelling, or when its spans do not fit `source_text`
/// (the entry was read from another version of the file).
pub fn add_alias(source_text: &str, entry: &RegistryEntry, alias: &str) -> TextEdit {
    if entry.name == alias || entry.aliases.iter().any(|a| a == alias) {
        return TextEdit::none();
    }
    let quoted = toml_string(alias);
    match entry.aliases_span {
        Some(span) => match source_text.get(span.range()) {
            Some(list) if list.starts_with('[') && list.ends_with(']') => {
                insert_into_list(source_text, span, entry.alias_spans.last().copied(), &quoted)
            }
            // `aliases = "Kim"`: make it the list it should have been,
            // keeping the value as written.
            Some(value) if value.starts_with(['"', '\'']) => {
                TextEdit { span, new_text: format!("[{value}, {quoted}]") }
            }
            _ => TextEdit::none(),
        },
        None => add_aliases_line(source_text, entry, &quoted),
    }
}

fn insert_into_list(text: &str, list: Span, last_item: Option<Span>, quoted: &str) -> TextEdit {
    let close = list.end.saturating_sub(1);
    let last_item = last_item.filter(|s| list.start < s.start && s.end <= close && text.get(s.end..close).is_some());
    let Some(last) = last_item else {
        // No usable alias yet: right after the bracket, with a comma if
        // anything else (a comment, an invalid item) is inside.
        let inside = text.get(list.start + 1..close).unwrap_or("");
        let new_text = if inside.trim().is_empty() { quoted.to_string() } else { format!("{quoted}, ") };
        return TextEdit { span: Span::new(list.start + 1, list.start + 1), new_text };
    };
    let after_last = text.get(last.end..close).unwrap_or("");
    let Some(newline) = after_last.find('\n') else {
        // All on one line: `["Campbell"]` becomes `["Campbell", "Kurt"]`.
        return TextEdit { span: Span::new(last.end, last.end), new_text: format!(", {quoted}") };
    };
    // One alias per line: a new line like the last one, after its comment.
    let eol_at = last.end + after_last[..newline].trim_end_matches('\r').len();
    let eol = if after_last[..newline].ends_with('\r') { "\r\n" } else { "\n" };
    let indent = indentation(text, last.start);
    let rest_of_line = text.get(last.end..eol_at).unwrap_or("");
    if rest_of_line.trim_start().starts_with(',') {
        TextEdit { span: Span::new(eol_at, eol_at), new_text: format!("{eol}{indent}{quoted},") }
    } else {
        TextEdit { span: Span::new(last.end, eol_at), new_text: format!(",{rest_of_line}{eol}{indent}{quoted}") }
    }
}

fn add_aliases_line(text: &str, entry: &RegistryEntry, quoted: &str) -> TextEdit {
    let name = entry.name_span;
    if text.get(name.range()).is_none_or(|n| !n.starts_with(['"', '\''])) {
        return TextEdit::none();
    }
    if text.get(entry.span.range()).is_some_and(|e| e.starts_with('{')) {
        // An inline table entry: `{ name = "X" }` stays on its line.
        return TextEdit { span: Span::new(name.end, name.end), new_text: format!(", aliases = [{quoted}]") };
    }
    let indent = indentation(text, name.start);
    match text.get(name.end..).and_then(|rest| rest.find('\n')) {
        Some(newline) => {
            let at = name.end + newline + 1;
            let eol = if text[..at - 1].ends_with('\r') { "\r\n" } else { "\n" };
            TextEdit { span: Span::new(at, at), new_text: format!("{indent}aliases = [{quoted}]{eol}") }
        }
        None => TextEdit {
            span: Span::new(text.len(), text.len()),
            new_text: format!("{}{indent}aliases = [{quoted}]", line_ending(text)),
        },
    }
}

/// The spaces and tabs that start the line holding `offset`.
fn indentation(text: &str, offset: usize) -> &str {
    let line_start = text.get(..offset).and_then(|before| before.rfind('\n')).map_or(0, |i| i + 1);
    let line = text.get(line_start..).unwrap_or("");
    let width = line.len() - line.trim_start_matches([' ', '\t']).len();
    line.get(..width).unwrap_or("")
}

/// `\r\n` for files written with it, else `\n`.
fn line_ending(text: &str) -> &'static str {
    match text.find('\n') {
        Some(i) if i > 0 && text.as_bytes().get(i - 1) == Some(&b'\r') => "\r\n",
        _ => "\n",
    }
}

/// `s` as a TOML basic string, quotes included.
pub fn toml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
