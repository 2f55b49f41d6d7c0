//! One registry file's TOML to entries, with the span of every part and a
//! problem for everything that cannot be used.
//!
//! The TOML parser recovers after a syntax error, but what it recovers is a
//! guess; entries that end before the first error are exactly what the
//! person wrote, so those load and the rest of the file waits for the fix.

use super::keys::{self, Level};
use super::slug::slug;
use super::{codes, table_name, Link, RegistryEntry, RegistryProblem, Role};
use crate::entities::EntityLabel;
use crate::problems::Severity;
use crate::span::Span;
use std::ops::Range;
use toml::de::{DeTable, DeValue};
use toml::Spanned;

type Value<'i> = Spanned<DeValue<'i>>;

/// Files above this size are read in pieces on several threads.
const CHUNKED_ABOVE: usize = 512 * 1024;

/// Which reader loads a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryReader {
    /// The quick reader, with the TOML parser for what it gives up on:
    /// what Byline uses.
    Quick,
    /// The TOML parser alone: what `bench_registry --toml-only` measures,
    /// to show whether the quick reader still earns its place.
    TomlOnly,
}

/// Reads one source with the given reader, appending its entries and problems.
pub(super) fn read_source_with(
    reader: EntryReader,
    source: usize,
    text: &str,
    entries: &mut Vec<RegistryEntry>,
    problems: &mut Vec<RegistryProblem>,
) {
    let threads = std::thread::available_parallelism().map_or(1, usize::from).min(8);
    if text.len() > CHUNKED_ABOVE && threads > 1 && read_chunked_with(reader, source, text, threads, entries, problems)
    {
        return;
    }
    read_whole(reader, source, text, entries, problems);
}

/// A large registry in pieces, one per thread, split before entry headers.
/// TOML parsing is most of a registry's load time, and the pieces of a
/// file made only of `[[person]]`-style entries mean exactly what the whole
/// file means. Returns false, having added nothing, when the file has other
/// tables (whose rules span the file) or a piece has a syntax error (a
/// split inside a multi-line string, or a real error): the caller then
/// reads the whole file, which places errors as one parse would.
pub(super) fn read_chunked_with(
    reader: EntryReader,
    source: usize,
    text: &str,
    pieces: usize,
    entries: &mut Vec<RegistryEntry>,
    problems: &mut Vec<RegistryProblem>,
) -> bool {
    let Some(starts) = piece_starts(text, pieces) else { return false };
    let bounds: Vec<(usize, usize)> =
        starts.iter().zip(starts.iter().skip(1).chain(std::iter::once(&text.len()))).map(|(s, e)| (*s, *e)).collect();
    let results: Vec<Option<(Vec<RegistryEntry>, Vec<RegistryProblem>)>> = std::thread::scope(|scope| {
        let handles: Vec<_> = bounds
            .iter()
            .map(|&(start, end)| {
                scope.spawn(move || {
                    let piece = text.get(start..end)?;
                    let mut entries = Vec::new();
                    let mut problems = Vec::new();
                    read_whole(reader, source, piece, &mut entries, &mut problems);
                    if problems.iter().any(|p| p.code == codes::SYNTAX) {
                        return None;
                    }
                    entries.iter_mut().for_each(|e| e.shift(start));
                    problems.iter_mut().for_each(|p| p.shift(start));
                    Some((entries, problems))
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().ok().flatten()).collect()
    });
    if results.iter().any(Option::is_none) {
        return false;
    }
    for (piece_entries, piece_problems) in results.into_iter().flatten() {
        entries.extend(piece_entries);
        problems.extend(piece_problems);
    }
    true
}

/// Where the pieces start: offset 0, then the entry header nearest after
/// each equal share of the text. `None` when a table line other than an
/// entry's header (or its roles' sub-table) appears anywhere.
fn piece_starts(text: &str, pieces: usize) -> Option<Vec<usize>> {
    let mut headers = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with('[') {
            let header = trimmed.split('#').next().unwrap_or("").trim_end();
            match header {
                "[[person]]" | "[[organization]]" | "[[organisation]]" | "[[place]]" => {
                    // A piece must start at the line's first byte.
                    if trimmed.len() == line.len() {
                        headers.push(offset);
                    }
                }
                "[[person.roles]]" | "[[organization.roles]]" | "[[organisation.roles]]" | "[[place.roles]]" => {}
                _ => return None,
            }
        }
        offset += line.len();
    }
    let mut starts = vec![0];
    for k in 1..pieces {
        let target = text.len() * k / pieces;
        let next = headers.partition_point(|h| *h < target);
        if let Some(&start) = headers.get(next) {
            if start > *starts.last().unwrap_or(&0) {
                starts.push(start);
            }
        }
    }
    Some(starts)
}

/// Reads one source (or piece of one) with one TOML parse.
fn read_whole(
    reader: EntryReader,
    source: usize,
    text: &str,
    entries: &mut Vec<RegistryEntry>,
    problems: &mut Vec<RegistryProblem>,
) {
    if reader == EntryReader::Quick {
        if let Some(found) = super::fast::read(source, text) {
            entries.extend(found);
            return;
        }
    }
    read_toml(source, text, entries, problems);
}

/// Reads one source with the TOML parser, reporting every problem.
pub(super) fn read_toml(
    source: usize,
    text: &str,
    entries: &mut Vec<RegistryEntry>,
    problems: &mut Vec<RegistryProblem>,
) {
    let (root, errors) = DeTable::parse_recoverable(text);
    let mut reader = Reader { source, usable_until: text.len(), problems };
    if let Some(first) = errors.iter().min_by_key(|e| e.span().map_or(0, |r| r.start)) {
        let span = first.span().map_or(Span::new(0, 0), |r| clamp(r, text));
        reader.usable_until = table_start(text, span.start);
        let what = first.message().trim().replace('\n', "; ");
        reader.problem(
            codes::SYNTAX,
            Severity::Error,
            span,
            format!(
                "TOML syntax: {what}; the entries from here to the end of the file are not loaded until it is fixed"
            ),
        );
    }
    for (key, value) in root.get_ref().iter() {
        let key_span = clamp(key.span(), text);
        if !reader.usable(key_span) {
            continue;
        }
        let kind = match key.get_ref().as_ref() {
            "person" => EntityLabel::Person,
            "organization" | "organisation" => EntityLabel::Organization,
            "place" => EntityLabel::Location,
            other => {
                let message = keys::unknown_key_message(Level::Root, other);
                reader.problem(codes::UNKNOWN_KEY, Severity::Warning, key_span, message);
                continue;
            }
        };
        let table = key.get_ref().as_ref();
        match value.get_ref() {
            DeValue::Array(items) => {
                for item in items.iter() {
                    if let Some(entry) = reader.entry(kind, item, text) {
                        entries.push(entry);
                    }
                }
            }
            DeValue::Table(_) => {
                // `[person]` instead of `[[person]]`: one entry is still one
                // entry, but the next `[person]` would be a TOML error.
                if let Some(entry) = reader.entry(kind, value, text) {
                    let message = format!(
                        "write `[[{table}]]` with two brackets: `[{table}]` holds a single entry, and a second one would be a TOML error"
                    );
                    reader.problem(codes::INVALID_VALUE, Severity::Warning, key_span, message);
                    entries.push(entry);
                }
            }
            other => {
                let message = format!(
                    "`{table}` must be a list of entries, each starting with a `[[{table}]]` line; found {}",
                    describe(other)
                );
                reader.problem(codes::INVALID_VALUE, Severity::Error, clamp(value.span(), text), message);
            }
        }
    }
}

struct Reader<'p> {
    source: usize,
    /// Byte offset of the first syntax error (the text's length without one).
    usable_until: usize,
    problems: &'p mut Vec<RegistryProblem>,
}

/// What an entry's keys held, before the entry is known to be usable.
#[derive(Default)]
pub(super) struct Fields {
    pub(super) id: Option<(String, Span)>,
    pub(super) name: Option<(String, Span)>,
    pub(super) aliases: Vec<String>,
    pub(super) alias_spans: Vec<Span>,
    pub(super) aliases_span: Option<Span>,
    pub(super) description: Option<String>,
    pub(super) gender: Option<String>,
    pub(super) affiliation: Option<(String, Span)>,
    pub(super) roles: Vec<Role>,
    pub(super) wikidata: Option<String>,
    pub(super) url: Option<String>,
    pub(super) links: Vec<Link>,
    /// The `name` key was there but unusable (already reported).
    pub(super) name_invalid: bool,
}

impl Fields {
    /// The entry these fields make; `None` without a name.
    pub(super) fn into_entry(self, source: usize, kind: EntityLabel, span: Span) -> Option<RegistryEntry> {
        let (name, name_span) = self.name?;
        let (id, id_span, id_derived) = match self.id {
            Some((id, span)) => (id, span, false),
            None => {
                let derived = slug(&name);
                let derived = if derived.is_empty() { format!("{}-{}", table_name(kind), span.start) } else { derived };
                (derived, name_span, true)
            }
        };
        let mut links = Vec::with_capacity(self.links.len() + 2);
        links.extend(self.wikidata.map(|value| Link { kind: "wikidata".to_string(), value }));
        links.extend(self.url.map(|value| Link { kind: "url".to_string(), value }));
        links.extend(self.links);
        let (affiliation, affiliation_span) = match self.affiliation {
            Some((id, span)) => (Some(id), Some(span)),
            None => (None, None),
        };
        Some(RegistryEntry {
            id,
            kind,
            name,
            aliases: self.aliases,
            description: self.description,
            gender: self.gender.map(|g| g.trim().to_lowercase()).filter(|g| !g.is_empty()),
            roles: self.roles,
            affiliation,
            links,
            source,
            span,
            id_span,
            name_span,
            alias_spans: self.alias_spans,
            affiliation_span,
            aliases_span: self.aliases_span,
            id_derived,
        })
    }
}

impl Reader<'_> {
    fn usable(&self, span: Span) -> bool {
        span.end <= self.usable_until
    }

    fn problem(&mut self, code: &'static str, severity: Severity, span: Span, message: String) {
        self.problems.push(RegistryProblem { source: self.source, code, severity, span, message, related: None });
    }

    fn wrong_type(&mut self, key: &str, expected: &str, value: &Value, text: &str) {
        let message = format!("`{key}` must be {expected}; found {}, which is ignored", describe(value.get_ref()));
        self.problem(codes::INVALID_VALUE, Severity::Error, clamp(value.span(), text), message);
    }

    fn entry(&mut self, kind: EntityLabel, value: &Value, text: &str) -> Option<RegistryEntry> {
        let span = extent(value, text);
        if !self.usable(span) {
            return None;
        }
        let DeValue::Table(table) = value.get_ref() else {
            let message = format!(
                "each `{}` entry must be a table (`[[{}]]` followed by `name = ...` lines); found {}",
                table_name(kind),
                table_name(kind),
                describe(value.get_ref())
            );
            self.problem(codes::INVALID_VALUE, Severity::Error, clamp(value.span(), text), message);
            return None;
        };
        let mut fields = Fields::default();
        for (key, value) in table.iter() {
            self.entry_field(key.get_ref(), clamp(key.span(), text), value, text, &mut fields);
        }
        let header = clamp(value.span(), text);
        if fields.name.is_none() {
            if !fields.name_invalid {
                let message = format!(
                    "this {} has no `name`, so it is not loaded; add a line like `name = \"Kurt Campbell\"`",
                    table_name(kind)
                );
                self.problem(codes::MISSING_FIELD, Severity::Error, header, message);
            }
            return None;
        }
        fields.into_entry(self.source, kind, span)
    }

    fn entry_field(&mut self, key: &str, key_span: Span, value: &Value, text: &str, fields: &mut Fields) {
        let value_span = clamp(value.span(), text);
        if key == "aliases" {
            // Whatever it holds, so that adding an alias can repair it.
            fields.aliases_span = Some(value_span);
        }
        match key {
            "id" => match value.get_ref() {
                DeValue::String(id) if id.trim().is_empty() => {
                    let message = "`id` is empty; the entry gets an id from its name instead".to_string();
                    self.problem(codes::INVALID_VALUE, Severity::Warning, value_span, message);
                }
                DeValue::String(id) => {
                    if id.chars().any(char::is_whitespace) {
                        let message = format!(
                            "id `{id}` has spaces, so it is hard to write in `affiliation`; ids look like `{}`",
                            slug(id)
                        );
                        self.problem(codes::INVALID_VALUE, Severity::Warning, value_span, message);
                    }
                    fields.id = Some((id.to_string(), value_span));
                }
                _ => self.wrong_type(key, "a string like `id = \"kurt-campbell\"`", value, text),
            },
            "name" => match value.get_ref() {
                DeValue::String(name) if name.trim().is_empty() => {
                    fields.name_invalid = true;
                    let message = "`name` is empty, so the entry is not loaded".to_string();
                    self.problem(codes::INVALID_VALUE, Severity::Error, value_span, message);
                }
                DeValue::String(name) => fields.name = Some((name.to_string(), value_span)),
                _ => {
                    fields.name_invalid = true;
                    self.wrong_type(key, "a string like `name = \"Kurt Campbell\"`", value, text);
                }
            },
            "aliases" => match value.get_ref() {
                DeValue::Array(items) => {
                    for item in items.iter() {
                        let item_span = clamp(item.span(), text);
                        match item.get_ref() {
                            DeValue::String(alias) if alias.trim().is_empty() => {
                                let message = "an empty alias matches nothing; remove it".to_string();
                                self.problem(codes::INVALID_VALUE, Severity::Warning, item_span, message);
                            }
                            DeValue::String(alias) => {
                                fields.aliases.push(alias.to_string());
                                fields.alias_spans.push(item_span);
                            }
                            _ => self.wrong_type("aliases", "a list of strings", item, text),
                        }
                    }
                }
                DeValue::String(alias) => {
                    let expected = format!("a list in brackets, like `aliases = [{}]`", super::edits::toml_string(alias));
                    self.wrong_type(key, &expected, value, text);
                }
                _ => self.wrong_type(key, "a list of strings like `aliases = [\"Campbell\"]`", value, text),
            },
            "description" => match value.get_ref() {
                DeValue::String(s) => fields.description = Some(s.to_string()),
                _ => self.wrong_type(key, "a string", value, text),
            },
            "gender" => match value.get_ref() {
                DeValue::String(s) => fields.gender = Some(s.to_string()),
                _ => self.wrong_type(key, "a string, like `gender = \"female\"`", value, text),
            },
            "affiliation" => match value.get_ref() {
                DeValue::String(s) => fields.affiliation = Some((s.to_string(), value_span)),
                DeValue::Array(_) => self.wrong_type(
                    key,
                    "one entry's id; list further organisations as roles: `roles = [{ title = \"...\", organization = \"<id>\" }]`",
                    value,
                    text,
                ),
                _ => self.wrong_type(key, "an entry's id, like `affiliation = \"us-state-department\"`", value, text),
            },
            "roles" => match value.get_ref() {
                DeValue::Array(items) => {
                    for item in items.iter() {
                        if let Some(role) = self.role(item, text) {
                            fields.roles.push(role);
                        }
                    }
                }
                _ => self.wrong_type(
                    key,
                    "a list of roles like `roles = [{ title = \"Ambassador\", organization = \"...\" }]`",
                    value,
                    text,
                ),
            },
            "wikidata" => match value.get_ref() {
                DeValue::String(qid) => {
                    if !is_wikidata_id(qid) {
                        let message = format!("`{qid}` is not a Wikidata id; they look like `Q42`");
                        self.problem(codes::INVALID_VALUE, Severity::Warning, value_span, message);
                    }
                    fields.wikidata = Some(qid.to_string());
                }
                _ => self.wrong_type(key, "a string like `wikidata = \"Q42\"`", value, text),
            },
            "url" => match value.get_ref() {
                DeValue::String(url) => fields.url = Some(url.to_string()),
                _ => self.wrong_type(key, "a string like `url = \"https://...\"`", value, text),
            },
            "links" => match value.get_ref() {
                DeValue::Table(table) => {
                    for (kind, link) in table.iter() {
                        match link.get_ref() {
                            DeValue::String(s) => {
                                fields.links.push(Link { kind: kind.get_ref().to_string(), value: s.to_string() })
                            }
                            _ => self.wrong_type(&format!("links.{}", kind.get_ref()), "a string", link, text),
                        }
                    }
                }
                DeValue::Array(items) => {
                    for item in items.iter() {
                        match item.get_ref() {
                            DeValue::String(s) => fields.links.push(Link { kind: "url".to_string(), value: s.to_string() }),
                            _ => self.wrong_type("links", "a list of URLs", item, text),
                        }
                    }
                }
                _ => self.wrong_type(key, "a table like `links = { wikidata = \"Q42\", url = \"https://...\" }`", value, text),
            },
            other => {
                let message = keys::unknown_key_message(Level::Entry, other);
                self.problem(codes::UNKNOWN_KEY, Severity::Warning, key_span, message);
            }
        }
    }

    fn role(&mut self, value: &Value, text: &str) -> Option<Role> {
        let span = clamp(value.span(), text);
        let table = match value.get_ref() {
            // `roles = ["Foreign Minister"]`: a title alone is a role.
            DeValue::String(title) if !title.trim().is_empty() => {
                return Some(Role {
                    title: title.to_string(),
                    organization: None,
                    from: None,
                    until: None,
                    organization_span: None,
                });
            }
            DeValue::Table(table) => table,
            _ => {
                self.wrong_type("roles", "a list of tables like `{ title = \"Ambassador\" }`", value, text);
                return None;
            }
        };
        let mut role =
            Role { title: String::new(), organization: None, from: None, until: None, organization_span: None };
        let mut has_title = false;
        for (key, field) in table.iter() {
            let key_name: &str = key.get_ref();
            match key_name {
                "title" => match field.get_ref() {
                    DeValue::String(s) if !s.trim().is_empty() => {
                        role.title = s.to_string();
                        has_title = true;
                    }
                    _ => self.wrong_type("title", "a non-empty string like `title = \"Ambassador\"`", field, text),
                },
                "organization" => match field.get_ref() {
                    DeValue::String(s) => {
                        role.organization = Some(s.to_string());
                        role.organization_span = Some(clamp(field.span(), text));
                    }
                    _ => self.wrong_type("organization", "an entry's id or an organisation's name", field, text),
                },
                "from" | "until" => {
                    let date = match field.get_ref() {
                        DeValue::String(s) => Some(s.to_string()),
                        DeValue::Integer(year) => Some(year.as_str().to_string()),
                        DeValue::Datetime(date) => Some(date.to_string()),
                        _ => {
                            self.wrong_type(
                                key_name,
                                "a year or a date, like `from = \"2009\"` or `from = 2009-01-21`",
                                field,
                                text,
                            );
                            None
                        }
                    };
                    if key_name == "from" {
                        role.from = date;
                    } else {
                        role.until = date;
                    }
                }
                other => {
                    let message = keys::unknown_key_message(Level::Role, other);
                    self.problem(codes::UNKNOWN_KEY, Severity::Warning, clamp(key.span(), text), message);
                }
            }
        }
        if !has_title {
            if !table.contains_key("title") {
                let message = "this role has no `title`, so it is ignored; write `{ title = \"...\" }`".to_string();
                self.problem(codes::MISSING_FIELD, Severity::Warning, span, message);
            }
            return None;
        }
        Some(role)
    }
}

/// The start of the line of the last table header (`[[person]]`) at or
/// before `offset`: an error breaks the whole table it is in, not only what
/// follows it. `offset` itself when no header comes before it.
fn table_start(text: &str, offset: usize) -> usize {
    let line_start_before = |end: usize| text.get(..end).and_then(|t| t.rfind('\n')).map_or(0, |i| i + 1);
    let mut line_start = line_start_before(offset.min(text.len()));
    loop {
        if text.get(line_start..).is_some_and(|line| line.trim_start().starts_with('[')) {
            return line_start;
        }
        if line_start == 0 {
            return offset;
        }
        line_start = line_start_before(line_start - 1);
    }
}

/// From the value's own start to the furthest end of anything inside it:
/// an array-of-tables entry's own span is only its `[[person]]` header.
fn extent(value: &Value, text: &str) -> Span {
    let own = clamp(value.span(), text);
    Span::new(own.start, furthest_end(value).min(text.len()).max(own.end))
}

fn furthest_end(value: &Value) -> usize {
    let own = value.span().end;
    match value.get_ref() {
        DeValue::Table(table) => table.iter().map(|(k, v)| k.span().end.max(furthest_end(v))).fold(own, usize::max),
        DeValue::Array(items) => items.iter().map(furthest_end).fold(own, usize::max),
        _ => own,
    }
}

/// A parser span as a [`Span`] that fits the text.
fn clamp(range: Range<usize>, text: &str) -> Span {
    let end = range.end.min(text.len());
    Span::new(range.start.min(end), end)
}

fn describe(value: &DeValue) -> String {
    match value {
        DeValue::String(s) => format!("the string \"{}\"", shorten(s)),
        DeValue::Integer(i) => format!("the number {}", i.as_str()),
        DeValue::Float(f) => format!("the number {}", f.as_str()),
        DeValue::Boolean(b) => format!("`{b}`"),
        DeValue::Datetime(d) => format!("the date {d}"),
        DeValue::Array(_) => "a list".to_string(),
        DeValue::Table(_) => "a table".to_string(),
    }
}

fn shorten(s: &str) -> String {
    const MAX: usize = 40;
    if s.chars().count() <= MAX {
        return s.to_string();
    }
    format!("{}…", s.chars().take(MAX).collect::<String>())
}

pub(super) fn is_wikidata_id(s: &str) -> bool {
    let Some(digits) = s.strip_prefix('Q') else { return false };
    !digits.is_empty() && !digits.starts_with('0') && digits.bytes().all(|b| b.is_ascii_digit())
}
