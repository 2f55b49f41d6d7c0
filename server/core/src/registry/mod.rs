//! The corpus's entity registry: who is who, in one or several hand-edited
//! TOML files (`entities.toml` at the corpus root by default).
//!
//! ```toml
//! [[person]]
//! id = "kurt-campbell"
//! name = "Kurt Campbell"
//! aliases = ["Campbell"]
//! affiliation = "us-state-department"
//! roles = [{ title = "Assistant Secretary of State", organization = "us-state-department", from = "2009", until = "2013" }]
//! ```
//!
//! [`parse`] never fails: whatever it cannot use becomes a
//! [`RegistryProblem`] with the byte span of the offending text, and the rest
//! still loads, so an annotator mid-edit keeps every entry above the line
//! they are typing. Every entry keeps the spans of its parts so the language
//! server can jump to them and [`edits`] can change the file without
//! reformatting anything the person wrote.
//!
//! Like the rest of the core this is pure: the caller reads the files and
//! passes their text. Plain files are read by a quick reader of their own
//! (`fast`), anything else by the TOML parser (`read`), and large files in
//! pieces on several threads: a 50,000-entry registry loads in about a
//! tenth of a second (`examples/bench_registry.rs`).

mod checks;
pub mod edits;
mod fast;
mod keys;
/// The one did-you-mean of the crate: registry keys and rule names.
pub(crate) use keys::nearest as nearest_word;
mod read;
mod slug;
pub mod synthetic;
#[cfg(test)]
mod tests;

use crate::entities::{EntityLabel, Gazetteer, GazetteerEntry};
use crate::problems::Severity;
use crate::span::{LineIndex, Span};
use rustc_hash::FxHashMap;
use serde::Serialize;

pub use read::EntryReader;
pub use slug::slug;

/// One registry file's text and the name users know it by.
#[derive(Debug, Clone, Copy)]
pub struct RegistrySource<'a> {
    /// The path as shown to users (`entities.toml`, `registry/people.toml`).
    pub name: &'a str,
    pub text: &'a str,
}

/// Every entry of every source, in file order, and what is wrong with them.
#[derive(Debug, Clone, Default)]
pub struct Registry {
    pub entries: Vec<RegistryEntry>,
    pub problems: Vec<RegistryProblem>,
    /// A hash of each id to the index of the first entry with it; lookups
    /// compare the id itself, so a collision only costs a scan.
    by_id: FxHashMap<u64, usize>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegistryEntry {
    /// As written, or derived from the name (`Kurt Campbell` gives
    /// `kurt-campbell`) when the entry has no `id`.
    pub id: String,
    /// From the table the entry is in: `[[person]]`, `[[organization]]`
    /// (or `[[organisation]]`), `[[place]]`.
    pub kind: EntityLabel,
    pub name: String,
    pub aliases: Vec<String>,
    pub description: Option<String>,
    /// `gender = "female"`: as written, lower case (`female` and `male` let
    /// pronouns resolve; any other value is shown as written).
    pub gender: Option<String>,
    pub roles: Vec<Role>,
    /// Another entry's id (the organisation a person belongs to, the parent
    /// of an organisation).
    pub affiliation: Option<String>,
    pub links: Vec<Link>,
    /// Index into the sources slice given to [`parse`].
    pub source: usize,
    /// The whole entry, from its `[[person]]` header (or inline table's
    /// brace) to the end of its last value; bytes into its source's text.
    pub span: Span,
    /// The value of `id = ...`, quotes included; the name's span when the id
    /// is derived from the name.
    pub id_span: Span,
    /// The value of `name = ...`, quotes included.
    pub name_span: Span,
    /// One per alias, quotes included.
    pub alias_spans: Vec<Span>,
    pub affiliation_span: Option<Span>,
    /// The whole value of `aliases = [...]`, brackets included, when the
    /// entry has the key (even with a value of the wrong type).
    pub aliases_span: Option<Span>,
    /// True when the entry has no `id` and [`Self::id`] comes from its name.
    pub id_derived: bool,
}

/// A title someone held, where and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Role {
    pub title: String,
    /// An entry's id, or a plain name for bodies the registry does not list.
    pub organization: Option<String>,
    /// Dates as written (`2009`, `2009-01-21`).
    pub from: Option<String>,
    pub until: Option<String>,
    pub organization_span: Option<Span>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Link {
    /// `wikidata`, `url`, or any key of a `links` table.
    pub kind: String,
    pub value: String,
}

/// Something in a registry file that Byline could not use, or that makes
/// mentions harder to link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegistryProblem {
    /// Index into the sources slice.
    pub source: usize,
    /// One of the [`codes`].
    pub code: &'static str,
    pub severity: Severity,
    /// Bytes into the source's text: the offending key or value.
    pub span: Span,
    pub message: String,
    /// The other place involved (the first use of a duplicate id, the other
    /// entry claiming an alias): source index and span.
    pub related: Option<(usize, Span)>,
}

/// The stable codes of registry problems, as `byline check` and the server
/// report them.
pub mod codes {
    /// The file is not valid TOML (error); entries after the error are not loaded.
    pub const SYNTAX: &str = "registry-syntax";
    /// Two entries with one id (error).
    pub const DUPLICATE_ID: &str = "duplicate-id";
    /// A name or alias that several entries claim (info): legal, but mentions
    /// of it need context.
    pub const SHARED_ALIAS: &str = "shared-alias";
    /// An `affiliation` or a role's `organization` id that names no entry (warning).
    pub const UNKNOWN_AFFILIATION: &str = "unknown-affiliation";
    /// A key Byline does not read (warning); its value is ignored.
    pub const UNKNOWN_KEY: &str = "unknown-key";
    /// An entry without a `name` (error; not loaded) or a role without a `title`.
    pub const MISSING_FIELD: &str = "missing-field";
    /// A value of the wrong type or shape (`aliases = "Kim"`); ignored.
    pub const INVALID_VALUE: &str = "invalid-value";

    pub const ALL: [&str; 7] =
        [SYNTAX, DUPLICATE_ID, SHARED_ALIAS, UNKNOWN_AFFILIATION, UNKNOWN_KEY, MISSING_FIELD, INVALID_VALUE];
}

/// The table an entry of this kind is written in.
pub fn table_name(kind: EntityLabel) -> &'static str {
    match kind {
        EntityLabel::Person => "person",
        EntityLabel::Organization => "organization",
        EntityLabel::Location => "place",
    }
}

/// Reads every source; problems of one source never stop the others from
/// loading. Never panics.
pub fn parse(sources: &[RegistrySource]) -> Registry {
    parse_with(EntryReader::Quick, sources)
}

/// [`parse`] with the given reader (benchmarks compare the two).
pub fn parse_with(reader: EntryReader, sources: &[RegistrySource]) -> Registry {
    let mut entries = Vec::new();
    let mut problems = Vec::new();
    for (index, source) in sources.iter().enumerate() {
        read::read_source_with(reader, index, source.text, &mut entries, &mut problems);
    }
    // File order, whatever the table kinds: what a person scrolling the file sees.
    let order = |e: &RegistryEntry| (e.source, e.span.start);
    if !entries.is_sorted_by_key(order) {
        entries.sort_by_key(order);
    }
    let mut by_id = FxHashMap::default();
    by_id.reserve(entries.len());
    for (index, entry) in entries.iter().enumerate() {
        by_id.entry(id_hash(&entry.id)).or_insert(index);
    }
    let mut registry = Registry { entries, problems, by_id };
    checks::check(&mut registry, sources);
    registry.problems.sort_by_key(|p| (p.source, p.span.start, p.code));
    registry
}

fn id_hash(id: &str) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(id)
}

impl Registry {
    /// The index of the first entry with this id.
    fn index_of(&self, id: &str) -> Option<usize> {
        match self.by_id.get(&id_hash(id)) {
            Some(&index) if self.entries.get(index).is_some_and(|e| e.id == id) => Some(index),
            _ => self.entries.iter().position(|e| e.id == id),
        }
    }

    /// The entry with this id (the first, if several share it).
    pub fn get(&self, id: &str) -> Option<&RegistryEntry> {
        // Falls back to a scan: `entries` is public and may have changed since parsing.
        self.index_of(id).and_then(|i| self.entries.get(i))
    }

    /// The entry whose text contains `offset` (bytes into source `source`),
    /// for hover and references inside a registry file.
    pub fn entry_at(&self, source: usize, offset: usize) -> Option<&RegistryEntry> {
        let after = self.entries.partition_point(|e| (e.source, e.span.start) <= (source, offset));
        let candidate = self.entries.get(after.checked_sub(1)?)?;
        if candidate.source == source && candidate.span.start <= offset && offset <= candidate.span.end {
            return Some(candidate);
        }
        // Not sorted any more (the fields are public): look at every entry.
        self.entries.iter().find(|e| e.source == source && e.span.start <= offset && offset <= e.span.end)
    }

    /// Entries with this name or alias, compared without case.
    pub fn find_by_name(&self, name: &str) -> Vec<&RegistryEntry> {
        let wanted = checks::name_key(name);
        self.entries
            .iter()
            .filter(|e| std::iter::once(&e.name).chain(&e.aliases).any(|n| checks::name_key(n) == wanted))
            .collect()
    }

    /// The entry a role's `organization` or an `affiliation` refers to: an
    /// id, or failing that an entry's name.
    pub fn resolve_organization(&self, reference: &str) -> Option<&RegistryEntry> {
        self.get(reference).or_else(|| self.find_by_name(reference).into_iter().next())
    }

    /// The built-in gazetteer plus every entry, with its id, so analysis
    /// finds registered names and links them. Build it once per registry
    /// version: it copies the built-in lists.
    pub fn gazetteer(&self) -> Gazetteer {
        let mut gazetteer = Gazetteer::builtin().clone();
        gazetteer.extend(self.entries.iter().map(|e| GazetteerEntry {
            id: Some(e.id.clone()),
            name: e.name.clone(),
            aliases: e.aliases.clone(),
            label: e.kind,
            gender: e.gender.clone(),
        }));
        gazetteer
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Whether any problem is an error (`byline check` fails on them).
    pub fn has_errors(&self) -> bool {
        self.problems.iter().any(|p| p.severity == Severity::Error)
    }
}

impl RegistryEntry {
    /// Moves every span `by` bytes later (an entry read from a piece of its file).
    fn shift(&mut self, by: usize) {
        let shift = |s: &mut Span| *s = Span::new(s.start + by, s.end + by);
        shift(&mut self.span);
        shift(&mut self.id_span);
        shift(&mut self.name_span);
        self.alias_spans.iter_mut().for_each(shift);
        self.affiliation_span.iter_mut().for_each(shift);
        self.aliases_span.iter_mut().for_each(shift);
        self.roles.iter_mut().flat_map(|r| r.organization_span.iter_mut()).for_each(shift);
    }
}

impl RegistryProblem {
    fn shift(&mut self, by: usize) {
        self.span = Span::new(self.span.start + by, self.span.end + by);
        if let Some((source, span)) = &mut self.related {
            if *source == self.source {
                *span = Span::new(span.start + by, span.end + by);
            }
        }
    }

    /// `entities.toml:12:9: error[duplicate-id]: ...`, for terminals and logs.
    pub fn render(&self, sources: &[RegistrySource]) -> String {
        let (name, (line, column)) = match sources.get(self.source) {
            Some(source) => (source.name, LineIndex::new(source.text).line_column(self.span.start)),
            None => ("<registry>", (1, 1)),
        };
        format!("{name}:{line}:{column}: {}[{}]: {}", self.severity.as_str(), self.code, self.message)
    }
}
