//! The corpus's entity registry as the server holds it: the text of each
//! registry file (the editor's buffer for an open one), the parsed entries,
//! and the gazetteer every article of the corpus is analysed with.
//!
//! The features that live inside `entities.toml` (diagnostics, hover,
//! references, code lenses, completion of ids, definition of an
//! affiliation) and the entry cards shown from articles are pure functions
//! of a [`RegistryState`] and the index, here; `server.rs` only routes.

use crate::position::{offset_of, range_of, Encoding};
use byline_core::registry::{Registry, RegistryEntry};
use byline_core::{EntityLabel, Gazetteer, Span};
use byline_corpus::check::Finding;
use byline_corpus::config::Config;
use byline_corpus::index::{EntityId, Index};
use byline_corpus::registry::{self as corpus_registry, LoadedRegistry};
use ropey::Rope;
use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use tower_lsp_server::ls_types::{
    CodeLens, Command, CompletionItem, CompletionItemKind, CompletionTextEdit, Location, Position, Range, TextEdit, Uri,
};

/// One configured registry file.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: PathBuf,
    /// The path as users know it (relative to the corpus root).
    pub name: String,
    pub text: Arc<str>,
    pub rope: Rope,
    /// False for a configured file that does not exist (yet): it parses as
    /// empty, and the first entry added creates it.
    pub exists: bool,
}

/// A registry at one version of its files, as the corpus layer loaded it
/// (`byline_corpus::registry`, the editor's buffers over the disk), with
/// what the editor needs besides: each file's rope, and the files
/// configured but missing. Entry `source` fields index `sources`.
#[derive(Debug, Clone)]
pub struct RegistryState {
    pub sources: Vec<SourceFile>,
    pub registry: Registry,
    /// The corpus layer's registry: its findings are the ones `byline
    /// check` reports, and annotations are checked against it.
    pub loaded: Arc<LoadedRegistry>,
    /// Built-in lists plus every entry; `None` while the registry has no
    /// entries (the built-in gazetteer gives the same marks for less).
    pub gazetteer: Option<Arc<Gazetteer>>,
    /// A hash of what detection depends on (ids, kinds, names, aliases):
    /// editing a description must not re-analyse the corpus.
    fingerprint: u64,
}

fn empty_registry() -> Arc<LoadedRegistry> {
    static EMPTY: OnceLock<Arc<LoadedRegistry>> = OnceLock::new();
    EMPTY.get_or_init(|| Arc::new(corpus_registry::from_texts(Vec::new()))).clone()
}

impl Default for RegistryState {
    fn default() -> Self {
        let registry = Registry::default();
        RegistryState {
            sources: Vec::new(),
            fingerprint: fingerprint(&registry),
            registry,
            loaded: empty_registry(),
            gazetteer: None,
        }
    }
}

/// Where a registry file's text comes from besides the disk.
pub type OpenTexts = HashMap<PathBuf, String>;

/// The configured registry files of a corpus, absolute.
pub fn source_paths(config: &Config) -> Vec<PathBuf> {
    config.registry_paths()
}

fn display_name(root: &Path, path: &Path) -> String {
    path.strip_prefix(root).unwrap_or(path).display().to_string()
}

fn fingerprint(registry: &Registry) -> u64 {
    let mut hasher = DefaultHasher::new();
    registry.entries.len().hash(&mut hasher);
    for entry in &registry.entries {
        // A person's gender decides which quotes `he` and `she` resolve to.
        (&entry.id, entry.kind, &entry.name, &entry.aliases, &entry.gender).hash(&mut hasher);
    }
    hasher.finish()
}

impl RegistryState {
    /// Reads and parses a corpus's registry files, open buffers over the
    /// disk. The gazetteer of `previous` is kept when detection would not
    /// change.
    pub fn load(config: &Config, open: &OpenTexts, previous: Option<&RegistryState>) -> RegistryState {
        let mut loaded = corpus_registry::load(config);
        for (path, text) in open {
            loaded = loaded.with_text(path, text.clone());
        }
        RegistryState::build(&config.root, &source_paths(config), loaded, previous)
    }

    /// A registry of files already read (tests, and callers holding texts).
    pub fn load_sources(sources: Vec<SourceFile>) -> RegistryState {
        let texts = sources.iter().filter(|s| s.exists).map(|s| (s.path.clone(), s.name.clone(), s.text.to_string()));
        let loaded = corpus_registry::from_texts(texts.collect());
        let mut state = RegistryState::build(Path::new("/"), &[], loaded, None);
        for source in &mut state.sources {
            if let Some(given) = sources.iter().find(|s| s.path == source.path) {
                source.name = given.name.clone();
            }
        }
        state.sources.extend(sources.into_iter().filter(|s| !s.exists));
        state
    }

    fn build(
        root: &Path,
        configured: &[PathBuf],
        loaded: LoadedRegistry,
        previous: Option<&RegistryState>,
    ) -> RegistryState {
        let mut sources: Vec<SourceFile> = loaded
            .sources
            .iter()
            .map(|(path, text)| SourceFile {
                path: path.clone(),
                name: display_name(root, path),
                rope: Rope::from_str(text),
                text: Arc::from(text.as_str()),
                exists: true,
            })
            .collect();
        // Configured but not on disk (yet): no entries, and the first entry
        // added creates it. After the files read, whose indices entries use.
        for path in configured {
            if !sources.iter().any(|s| &s.path == path) {
                sources.push(SourceFile {
                    path: path.clone(),
                    name: display_name(root, path),
                    rope: Rope::new(),
                    text: Arc::from(""),
                    exists: false,
                });
            }
        }
        let registry = loaded.registry.clone();
        let fingerprint = fingerprint(&registry);
        let gazetteer = match previous {
            Some(p) if p.fingerprint == fingerprint => p.gazetteer.clone(),
            _ if registry.entries.is_empty() => None,
            _ => Some(loaded.gazetteer.clone()),
        };
        RegistryState { sources, registry, loaded: Arc::new(loaded), gazetteer, fingerprint }
    }

    /// True when articles analysed with `other` could get different marks.
    pub fn detection_differs(&self, other: &RegistryState) -> bool {
        self.fingerprint != other.fingerprint
    }

    /// Equal for two registries that give every article the same marks.
    pub fn fingerprint(&self) -> u64 {
        self.fingerprint
    }

    /// This registry as of the given texts (open buffers, or the disk read
    /// just now): itself when nothing differs, else parsed again. Edits
    /// must be computed against the text the client holds.
    pub fn current(self: &Arc<Self>, texts: &OpenTexts) -> Arc<RegistryState> {
        let stale: Vec<&SourceFile> =
            self.sources.iter().filter(|s| texts.get(&s.path).is_some_and(|t| t.as_str() != &*s.text)).collect();
        if stale.is_empty() {
            return self.clone();
        }
        let mut loaded = (*self.loaded).clone();
        for source in &stale {
            if let Some(text) = texts.get(&source.path) {
                loaded = loaded.with_text(&source.path, text.clone());
            }
        }
        let configured: Vec<PathBuf> = self.sources.iter().map(|s| s.path.clone()).collect();
        let root = self.sources.first().and_then(|s| s.path.parent()).unwrap_or(Path::new("/"));
        let mut state = RegistryState::build(root, &configured, loaded, Some(self));
        // Names as first loaded (relative to the corpus root).
        for source in &mut state.sources {
            if let Some(known) = self.sources.iter().find(|s| s.path == source.path) {
                source.name = known.name.clone();
            }
        }
        Arc::new(state)
    }

    pub fn source_of(&self, path: &Path) -> Option<usize> {
        self.sources.iter().position(|s| s.path == path)
    }

    pub fn range(&self, source: usize, span: Span, encoding: Encoding) -> Option<Range> {
        let file = self.sources.get(source)?;
        Some(range_of(&file.rope, span.start, span.end, encoding))
    }

    pub fn offset(&self, source: usize, position: Position, encoding: Encoding) -> Option<usize> {
        Some(offset_of(&self.sources.get(source)?.rope, position, encoding))
    }

    pub fn location(&self, source: usize, span: Span, encoding: Encoding) -> Option<Location> {
        let uri = Uri::from_file_path(&self.sources.get(source)?.path)?;
        Some(Location::new(uri, self.range(source, span, encoding)?))
    }

    /// Where definition on a mention of the entry lands: its `name` value.
    /// The selection is the name inside its quotes.
    pub fn entry_location(&self, entry: &RegistryEntry, encoding: Encoding) -> Option<Location> {
        let span =
            if entry.name_span.is_empty() { Span::new(entry.span.start, entry.span.start) } else { entry.name_span };
        let text = &self.sources.get(entry.source)?.text;
        let quoted = text.get(span.start..span.end).is_some_and(|v| {
            v.len() >= 2 && ((v.starts_with('"') && v.ends_with('"')) || (v.starts_with('\'') && v.ends_with('\'')))
        });
        let span = if quoted { Span::new(span.start + 1, span.end - 1) } else { span };
        self.location(entry.source, span, encoding)
    }

    /// The start of every registry file that exists, for the plugins'
    /// "open the registry" command.
    pub fn file_locations(&self) -> Vec<Location> {
        self.sources
            .iter()
            .filter(|s| s.exists)
            .filter_map(|s| Some(Location::new(Uri::from_file_path(&s.path)?, Range::default())))
            .collect()
    }

    /// The entry at a place in one of the files and, when the place is an
    /// id reference (`affiliation`, a role's `organization`), the entry it
    /// names instead.
    pub fn entry_at(&self, source: usize, offset: usize) -> Option<&RegistryEntry> {
        self.referenced_at(source, offset).or_else(|| self.registry.entry_at(source, offset))
    }

    /// The entry an `affiliation = "..."` or `organization = "..."` value
    /// under the cursor names.
    pub fn referenced_at(&self, source: usize, offset: usize) -> Option<&RegistryEntry> {
        let entry = self.registry.entry_at(source, offset)?;
        let inside = |span: Span| span.start <= offset && offset <= span.end;
        let mut references = entry
            .affiliation_span
            .map(|span| (span, entry.affiliation.as_deref()))
            .into_iter()
            .chain(entry.roles.iter().filter_map(|r| Some((r.organization_span?, r.organization.as_deref()))));
        let (_, id) = references.find(|(span, _)| inside(*span))?;
        self.registry.get(id?)
    }
}

/// The registry's findings located in one file (a registry file, or
/// `byline.toml` for a registry file it names that cannot be read), as
/// `byline check` reports them: `byline_corpus::registry` says what they are.
pub fn findings_in(state: &RegistryState, path: &Path, config: &Config) -> Vec<Finding> {
    state.loaded.findings(config).into_iter().filter(|f| f.path == path).map(|f| f.finding).collect()
}

/// How often the corpus names an entry.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub mentions: usize,
    pub articles: usize,
    pub quotes: usize,
}

pub fn counts(index: &Index, entry_id: &str) -> Counts {
    match index.registered(entry_id) {
        Some(id) => counts_of(index, id),
        None => Counts::default(),
    }
}

pub fn counts_of(index: &Index, id: EntityId) -> Counts {
    Counts { mentions: index.mention_count(id), articles: index.article_count_of(id), quotes: index.quote_count(id) }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

impl Counts {
    /// `12 mentions · 4 articles · 3 quotes`
    pub fn summary(self) -> String {
        format!(
            "{} · {} · {}",
            plural(self.mentions, "mention", "mentions"),
            plural(self.articles, "article", "articles"),
            plural(self.quotes, "quote", "quotes")
        )
    }
}

pub fn kind_name(kind: EntityLabel) -> &'static str {
    match kind {
        EntityLabel::Person => "person",
        EntityLabel::Organization => "organization",
        EntityLabel::Location => "place",
    }
}

/// An organisation reference by its entry's name when it is an id.
fn organization_name<'a>(registry: &'a Registry, reference: &'a str) -> &'a str {
    registry.get(reference).map_or(reference, |e| e.name.as_str())
}

fn years(from: Option<&str>, until: Option<&str>) -> Option<String> {
    match (from, until) {
        (Some(from), Some(until)) => Some(format!("{from}–{until}")),
        (Some(from), None) => Some(format!("since {from}")),
        (None, Some(until)) => Some(format!("until {until}")),
        (None, None) => None,
    }
}

fn link_markdown(kind: &str, value: &str) -> String {
    match kind {
        "wikidata" => format!("[Wikidata {value}](https://www.wikidata.org/wiki/{value})"),
        "url" => format!("<{value}>"),
        other => format!("{other}: {value}"),
    }
}

/// The hover card of an entry: name, kind, id, description, roles (with
/// organisation and years), affiliation, links, and the corpus counts.
pub fn entry_markdown(registry: &Registry, entry: &RegistryEntry, counts: Counts) -> String {
    let mut md = format!("**{}** · {} · `{}`\n\n", entry.name, kind_name(entry.kind), entry.id);
    if let Some(description) = entry.description.as_deref().filter(|d| !d.trim().is_empty()) {
        md.push_str(description.trim());
        md.push_str("\n\n");
    }
    if let Some(gender) = entry.gender.as_deref() {
        md.push_str(&format!("Gender: {gender}\n\n"));
    }
    if !entry.roles.is_empty() {
        md.push_str("Roles:\n");
        for role in &entry.roles {
            let mut line = format!("- {}", role.title);
            if let Some(org) = role.organization.as_deref() {
                line.push_str(&format!(", {}", organization_name(registry, org)));
            }
            if let Some(years) = years(role.from.as_deref(), role.until.as_deref()) {
                line.push_str(&format!(" ({years})"));
            }
            md.push_str(&line);
            md.push('\n');
        }
        md.push('\n');
    }
    if let Some(affiliation) = entry.affiliation.as_deref() {
        md.push_str(&format!("Affiliation: {}\n\n", organization_name(registry, affiliation)));
    }
    if !entry.aliases.is_empty() {
        md.push_str(&format!("Also written: {}\n\n", entry.aliases.join(", ")));
    }
    if !entry.links.is_empty() {
        let links: Vec<String> = entry.links.iter().map(|l| link_markdown(&l.kind, &l.value)).collect();
        md.push_str(&links.join(" · "));
        md.push_str("\n\n");
    }
    md.push_str(&format!(
        "{} in {} · {} attributed",
        plural(counts.mentions, "mention", "mentions"),
        plural(counts.articles, "article", "articles"),
        plural(counts.quotes, "quote", "quotes")
    ));
    md
}

/// One lens per entry, on its first line, with the corpus counts. The
/// command has no id: the lens is information, and clicking it does
/// nothing rather than fail in a client that lacks a custom command.
pub fn code_lenses(state: &RegistryState, source: usize, index: &Index, encoding: Encoding) -> Vec<CodeLens> {
    state
        .registry
        .entries
        .iter()
        .filter(|e| e.source == source)
        .filter_map(|entry| {
            let start = state.range(source, Span::new(entry.span.start, entry.span.start), encoding)?;
            Some(CodeLens {
                range: start,
                command: Some(Command {
                    title: counts(index, &entry.id).summary(),
                    command: String::new(),
                    arguments: None,
                }),
                data: None,
            })
        })
        .collect()
}

/// Which id-valued key the cursor is typing the value of, and where that
/// value's text starts and ends (bytes into the file).
fn id_value_at(text: &str, offset: usize) -> Option<(&'static str, usize, usize)> {
    let offset = offset.min(text.len());
    let line_start = text.get(..offset)?.rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let before = text.get(line_start..offset)?;
    let quote = before.rfind('"')?;
    // An even number of quotes before the last one: it opens a string.
    if before[..quote].matches('"').count() % 2 != 0 {
        return None;
    }
    let key_part = before[..quote].trim_end().strip_suffix('=')?.trim_end();
    let key = ["affiliation", "organization"].into_iter().find(|k| {
        key_part.ends_with(k)
            && !key_part[..key_part.len() - k.len()].ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == '-')
    })?;
    let value_start = line_start + quote + 1;
    let typed = &before[quote + 1..];
    if !typed.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '_' || c == '.') {
        return None;
    }
    let after = text.get(offset..)?;
    let rest = after.find(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_' || c == '.')).unwrap_or(after.len());
    Some((key, value_start, offset + rest))
}

/// Ids offered inside `affiliation = "..."` and a role's
/// `organization = "..."`: organisations first, then the rest.
pub fn completions(
    state: &RegistryState,
    source: usize,
    position: Position,
    encoding: Encoding,
) -> Vec<CompletionItem> {
    let Some(file) = state.sources.get(source) else { return Vec::new() };
    let Some(offset) = state.offset(source, position, encoding) else { return Vec::new() };
    let Some((_key, start, end)) = id_value_at(&file.text, offset) else { return Vec::new() };
    let range = range_of(&file.rope, start, end, encoding);
    let own = state.registry.entry_at(source, offset).map(|e| e.id.as_str());
    let mut seen = std::collections::HashSet::new();
    state
        .registry
        .entries
        .iter()
        .filter(|e| Some(e.id.as_str()) != own && seen.insert(e.id.as_str()))
        .map(|e| {
            let rank = match e.kind {
                EntityLabel::Organization => 0,
                EntityLabel::Location => 1,
                EntityLabel::Person => 2,
            };
            CompletionItem {
                label: e.id.clone(),
                kind: Some(match e.kind {
                    EntityLabel::Person => CompletionItemKind::VALUE,
                    EntityLabel::Organization => CompletionItemKind::MODULE,
                    EntityLabel::Location => CompletionItemKind::CONSTANT,
                }),
                detail: Some(format!("{} · {}", e.name, kind_name(e.kind))),
                sort_text: Some(format!("{rank}{}", e.id)),
                filter_text: Some(e.id.clone()),
                text_edit: Some(CompletionTextEdit::Edit(TextEdit { range, new_text: e.id.clone() })),
                ..CompletionItem::default()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const REGISTRY: &str = "[[organization]]\nid = \"port-authority\"\nname = \"Harbour Port Authority\"\n\n[[person]]\nid = \"lena-berg\"\nname = \"Lena Berg\"\naliases = [\"Berg\"]\naffiliation = \"port-authority\"\nroles = [{ title = \"Harbour Master\", organization = \"port-authority\", from = \"2019\" }]\nwikidata = \"Q1\"\n";

    fn state(text: &str) -> RegistryState {
        let source = SourceFile {
            path: PathBuf::from("/c/entities.toml"),
            name: "entities.toml".into(),
            text: Arc::from(text),
            rope: Rope::from_str(text),
            exists: true,
        };
        RegistryState::load_sources(vec![source])
    }

    fn position(text: &str, needle: &str, delta: usize) -> Position {
        let at = text.find(needle).expect("needle") + delta;
        let line = text[..at].matches('\n').count() as u32;
        let col = at - text[..at].rfind('\n').map_or(0, |i| i + 1);
        Position::new(line, col as u32)
    }

    #[test]
    fn ids_complete_inside_affiliation_and_organization_only() {
        let s = state(REGISTRY);
        let at = |needle: &str, delta: usize| {
            completions(&s, 0, position(REGISTRY, needle, delta), Encoding::Utf8)
                .into_iter()
                .map(|c| c.label)
                .collect::<Vec<_>>()
        };
        // Inside `affiliation = "port-authority"`, after `port-`: the person's
        // own id is not offered, the organisation is, replacing the value.
        assert_eq!(at("affiliation = \"port-", "affiliation = \"port-".len()), ["port-authority"]);
        assert_eq!(at("organization = \"port", "organization = \"".len()), ["port-authority"]);
        assert!(at("name = \"Lena", "name = \"Le".len()).is_empty(), "not an id-valued key");
        let items = completions(&s, 0, position(REGISTRY, "affiliation = \"port-", 15), Encoding::Utf8);
        let Some(CompletionTextEdit::Edit(edit)) = &items[0].text_edit else { panic!("a text edit") };
        let line = position(REGISTRY, "affiliation", 0).line;
        assert_eq!(edit.range, Range::new(Position::new(line, 15), Position::new(line, 29)));
    }

    #[test]
    fn id_values_are_found_only_in_open_strings_of_the_two_keys() {
        let text = "affiliation = \"us-sta";
        assert_eq!(id_value_at(text, text.len()), Some(("affiliation", 15, text.len())));
        assert_eq!(id_value_at("x = 1\nmy_affiliation = \"a", 25), None);
        assert_eq!(id_value_at("affiliation = \"a\" # \"", 21), None, "the closing quote of a finished value");
        assert_eq!(id_value_at("affiliation = \"a b", 18), None);
    }

    #[test]
    fn references_under_the_cursor_name_the_entry_they_point_to() {
        let s = state(REGISTRY);
        let affiliation = REGISTRY.find("affiliation = \"").unwrap() + 16;
        assert_eq!(s.entry_at(0, affiliation).map(|e| e.id.as_str()), Some("port-authority"));
        let name = REGISTRY.find("Lena Berg").unwrap();
        assert_eq!(s.entry_at(0, name).map(|e| e.id.as_str()), Some("lena-berg"));
        let location = s.entry_location(s.registry.get("port-authority").unwrap(), Encoding::Utf16).unwrap();
        assert_eq!(location.range.start, Position::new(2, 8));
    }

    #[test]
    fn the_card_shows_roles_with_their_organisation_and_years() {
        let s = state(REGISTRY);
        let entry = s.registry.get("lena-berg").unwrap();
        let md = entry_markdown(&s.registry, entry, Counts { mentions: 12, articles: 4, quotes: 1 });
        assert!(md.starts_with("**Lena Berg** · person · `lena-berg`"), "{md}");
        assert!(md.contains("- Harbour Master, Harbour Port Authority (since 2019)"), "{md}");
        assert!(md.contains("Affiliation: Harbour Port Authority"), "{md}");
        assert!(md.contains("[Wikidata Q1](https://www.wikidata.org/wiki/Q1)"), "{md}");
        assert!(md.ends_with("12 mentions in 4 articles · 1 quote attributed"), "{md}");
        assert_eq!(Counts { mentions: 1, articles: 1, quotes: 0 }.summary(), "1 mention · 1 article · 0 quotes");
    }

    #[test]
    fn detection_changes_only_with_names_ids_kinds_and_aliases() {
        let before = state(REGISTRY);
        let described = state(&REGISTRY.replace("wikidata = \"Q1\"", "description = \"Runs the port\""));
        assert!(!before.detection_differs(&described));
        let aliased = state(&REGISTRY.replace("[\"Berg\"]", "[\"Berg\", \"L. Berg\"]"));
        assert!(before.detection_differs(&aliased));
        let gendered = state(&REGISTRY.replace("[\"Berg\"]", "[\"Berg\"]\ngender = \"female\""));
        assert!(before.detection_differs(&gendered));
        let md = entry_markdown(&gendered.registry, gendered.registry.get("lena-berg").unwrap(), Counts::default());
        assert!(md.contains("Gender: female"), "{md}");
        // The gazetteer is reused when detection does not change.
        let loaded = (*described.loaded).clone();
        let again = RegistryState::build(Path::new("/c"), &[], loaded, Some(&before));
        assert!(Arc::ptr_eq(again.gazetteer.as_ref().unwrap(), before.gazetteer.as_ref().unwrap()));
    }

    #[test]
    fn problems_become_diagnostics_at_their_lines() {
        let text = "[[person]]\nid = \"a\"\nname = \"A One\"\n\n[[person]]\nid = \"a\"\nname = \"A Two\"\n";
        let s = state(text);
        let config = Config::default_for(Path::new("/c"));
        let findings = findings_in(&s, Path::new("/c/entities.toml"), &config);
        let uri = Uri::from_file_path("/c/entities.toml").unwrap();
        let diagnostics = crate::to_proto::diagnostics(&uri, text, Encoding::Utf16, findings, true);
        let duplicate = diagnostics
            .iter()
            .find(|d| d.code == Some(tower_lsp_server::ls_types::NumberOrString::String("duplicate-id".into())))
            .expect("duplicate id reported");
        assert_eq!(duplicate.range.start.line, 5);
        assert_eq!(duplicate.source.as_deref(), Some("byline"));
    }
}
