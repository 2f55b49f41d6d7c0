//! Problems that only show across entries: one id used twice, one name
//! claimed by several entries, references to ids no entry has.

use super::keys::edit_distance_within;
use super::{codes, Registry, RegistryEntry, RegistryProblem, RegistrySource};
use crate::problems::Severity;
use crate::span::{LineIndex, Span};
use rustc_hash::FxHashMap;

pub(super) fn check(registry: &mut Registry, sources: &[RegistrySource]) {
    let mut lines = Lines { sources, indexes: (0..sources.len()).map(|_| None).collect() };
    let mut problems = Vec::new();
    duplicate_ids(registry, &mut lines, &mut problems);
    shared_names(&registry.entries, &mut problems);
    unknown_references(registry, &mut problems);
    registry.problems.extend(problems);
}

/// How names are compared: without case, with runs of spaces as one.
pub(super) fn name_key(name: &str) -> String {
    let mut key = String::with_capacity(name.len());
    for word in name.split_whitespace() {
        if !key.is_empty() {
            key.push(' ');
        }
        key.extend(word.chars().flat_map(char::to_lowercase));
    }
    key
}

/// `file:line` of places in the sources, each line table built once.
struct Lines<'a> {
    sources: &'a [RegistrySource<'a>],
    indexes: Vec<Option<LineIndex<'a>>>,
}

impl Lines<'_> {
    fn at(&mut self, source: usize, offset: usize) -> String {
        let (Some(text_source), Some(index)) = (self.sources.get(source), self.indexes.get_mut(source)) else {
            return "another file".to_string();
        };
        let index = index.get_or_insert_with(|| LineIndex::new(text_source.text));
        format!("{}:{}", text_source.name, index.line_column(offset).0)
    }
}

fn duplicate_ids(registry: &Registry, lines: &mut Lines, problems: &mut Vec<RegistryProblem>) {
    for (index, entry) in registry.entries.iter().enumerate() {
        let Some(first_index) = registry.index_of(&entry.id) else { continue };
        if first_index == index {
            continue;
        }
        let Some(first) = registry.entries.get(first_index) else { continue };
        let place = lines.at(first.source, first.id_span.start);
        let message = if entry.id_derived {
            format!(
                "this entry has no `id`, and the one its name gives, `{}`, is already {}'s ({place}); add an `id = \"...\"` line",
                entry.id, first.name
            )
        } else {
            format!(
                "id `{}` is already {}'s ({place}); ids must be unique, so give one of them another",
                entry.id, first.name
            )
        };
        problems.push(RegistryProblem {
            source: entry.source,
            code: codes::DUPLICATE_ID,
            severity: Severity::Error,
            span: entry.id_span,
            message,
            related: Some((first.source, first.id_span)),
        });
    }
}

/// One entry's claim on a name form: which entry, and where it is written.
#[derive(Clone, Copy)]
struct Claim {
    entry: usize,
    span: Span,
}

/// Reports every name or alias that several entries claim.
fn shared_names(entries: &[RegistryEntry], problems: &mut Vec<RegistryProblem>) {
    // Grouped by a hash of the compared form: building the form's string
    // for each of tens of thousands of names would cost more than the rest
    // of the check. Equal hashes are then compared for real.
    let mut claims: Vec<(u64, Claim)> = Vec::with_capacity(entries.len() * 2);
    for (index, entry) in entries.iter().enumerate() {
        let written = std::iter::once((&entry.name, entry.name_span))
            .chain(entry.aliases.iter().zip(entry.alias_spans.iter().copied()));
        for (name, span) in written {
            claims.push((name_hash(name), Claim { entry: index, span }));
        }
    }
    // Stable: claims keep file order within a group.
    claims.sort_by_key(|(hash, _)| *hash);
    let mut rest = claims.as_slice();
    while let Some(((hash, _), _)) = rest.split_first() {
        let size = rest.iter().position(|(h, _)| h != hash).unwrap_or(rest.len());
        let (group, after) = rest.split_at(size);
        rest = after;
        if group.iter().all(|(_, c)| c.entry == group[0].1.entry) {
            continue;
        }
        let mut unassigned: Vec<Claim> = group.iter().map(|(_, c)| *c).collect();
        while let Some(first) = unassigned.first().copied() {
            let Some(form) = entries.get(first.entry).map(|e| name_written(e, first.span)) else { break };
            let mut same = Vec::new();
            unassigned.retain(|claim| {
                let written = entries.get(claim.entry).map_or("", |e| name_written(e, claim.span));
                if !same_name(written, form) {
                    return true;
                }
                // An entry repeating its own name as an alias claims it once.
                if !same.iter().any(|c: &Claim| c.entry == claim.entry) {
                    same.push(*claim);
                }
                false
            });
            if same.len() > 1 {
                report_shared(entries, &same, problems);
            }
        }
    }
}

/// FNV-1a over the bytes of [`name_key`], without building it for ASCII names.
fn name_hash(name: &str) -> u64 {
    const PRIME: u64 = 0x0100_0000_01b3;
    let mut hash = 0xcbf2_9ce4_8422_2325_u64;
    if !name.is_ascii() {
        for byte in name_key(name).bytes() {
            hash = (hash ^ u64::from(byte)).wrapping_mul(PRIME);
        }
        return hash;
    }
    let mut space_pending = false;
    let mut started = false;
    for byte in name.bytes() {
        if char::from(byte).is_whitespace() {
            space_pending = started;
            continue;
        }
        if space_pending {
            hash = (hash ^ u64::from(b' ')).wrapping_mul(PRIME);
            space_pending = false;
        }
        started = true;
        hash = (hash ^ u64::from(byte.to_ascii_lowercase())).wrapping_mul(PRIME);
    }
    hash
}

/// `name_key(a) == name_key(b)`, without building either.
fn same_name(a: &str, b: &str) -> bool {
    let mut a_words = a.split_whitespace();
    let mut b_words = b.split_whitespace();
    loop {
        match (a_words.next(), b_words.next()) {
            (None, None) => return true,
            (Some(x), Some(y)) => {
                if !x.chars().flat_map(char::to_lowercase).eq(y.chars().flat_map(char::to_lowercase)) {
                    return false;
                }
            }
            _ => return false,
        }
    }
}

fn report_shared(entries: &[RegistryEntry], claims: &[Claim], problems: &mut Vec<RegistryProblem>) {
    for (position, claim) in claims.iter().enumerate() {
        // Claims are of distinct entries (one per entry, in file order): the
        // first points at the second, every later one at the first.
        let other_claim = if position == 0 { claims.get(1) } else { claims.first() };
        let (Some(entry), Some(other_claim)) = (entries.get(claim.entry), other_claim) else { continue };
        let Some(other) = entries.get(other_claim.entry) else { continue };
        let more = match claims.len() {
            0..=2 => String::new(),
            3 => " and 1 other entry".to_string(),
            n => format!(" and {} other entries", n - 2),
        };
        let message = format!(
            "`{}` also names {} (`{}`){more}; where an article writes it alone, its context must say which one is meant",
            name_written(entry, claim.span),
            other.name,
            other.id
        );
        problems.push(RegistryProblem {
            source: entry.source,
            code: codes::SHARED_ALIAS,
            severity: Severity::Info,
            span: claim.span,
            message,
            related: Some((other.source, other_claim.span)),
        });
    }
}

/// The name or alias an entry wrote at `span`, as the entry holds it.
fn name_written(entry: &RegistryEntry, span: Span) -> &str {
    if span == entry.name_span {
        return &entry.name;
    }
    entry.alias_spans.iter().position(|s| *s == span).and_then(|i| entry.aliases.get(i)).map_or(&entry.name, |a| a)
}

/// `affiliation` ids, and role organisations written as ids, that name no entry.
fn unknown_references(registry: &Registry, problems: &mut Vec<RegistryProblem>) {
    let mut suggestions = Suggestions::new(registry);
    for entry in &registry.entries {
        if let (Some(affiliation), Some(span)) = (&entry.affiliation, entry.affiliation_span) {
            if registry.get(affiliation).is_none() {
                let message = format!(
                    "`affiliation` names no entry: no entry has the id `{affiliation}`{}",
                    suggestions.for_reference(affiliation)
                );
                problems.push(unknown(entry, span, message));
            }
        }
        for role in &entry.roles {
            let (Some(organization), Some(span)) = (&role.organization, role.organization_span) else { continue };
            // A plain name (`Deutsche Bank`) is a fine way to name a body the
            // registry does not list; only something written like an id must be one.
            if registry.get(organization).is_some() || !looks_like_id(organization) {
                continue;
            }
            let message = format!(
                "the role's `organization` looks like an id, but no entry has the id `{organization}`{}",
                suggestions.for_reference(organization)
            );
            problems.push(unknown(entry, span, message));
        }
    }
}

fn unknown(entry: &RegistryEntry, span: Span, message: String) -> RegistryProblem {
    RegistryProblem {
        source: entry.source,
        code: codes::UNKNOWN_AFFILIATION,
        severity: Severity::Warning,
        span,
        message,
        related: None,
    }
}

/// `; did you mean ...?` for references that name no id: the id of the
/// entry with that name, or an id a typo away. A large registry may point
/// at one missing id thousands of times, so each reference is worked out
/// once, the names are indexed only when first needed, and the typo search
/// (a pass over every id) runs for a bounded number of distinct references.
struct Suggestions<'r> {
    registry: &'r Registry,
    by_name: Option<FxHashMap<String, usize>>,
    known: FxHashMap<String, String>,
    typo_searches_left: usize,
}

impl<'r> Suggestions<'r> {
    const TYPO_SEARCHES: usize = 64;

    fn new(registry: &'r Registry) -> Self {
        Suggestions { registry, by_name: None, known: FxHashMap::default(), typo_searches_left: Self::TYPO_SEARCHES }
    }

    fn for_reference(&mut self, reference: &str) -> String {
        if let Some(known) = self.known.get(reference) {
            return known.clone();
        }
        let suggestion = self.work_out(reference);
        self.known.insert(reference.to_string(), suggestion.clone());
        suggestion
    }

    fn work_out(&mut self, reference: &str) -> String {
        let registry = self.registry;
        let by_name = self.by_name.get_or_insert_with(|| {
            let mut names = FxHashMap::default();
            for (index, entry) in registry.entries.iter().enumerate() {
                names.entry(name_key(&entry.name)).or_insert(index);
            }
            names
        });
        if let Some(entry) = by_name.get(&name_key(reference)).and_then(|i| registry.entries.get(*i)) {
            return format!("; {} is an entry's name, write its id `{}`", entry.name, entry.id);
        }
        if self.typo_searches_left == 0 {
            return String::new();
        }
        self.typo_searches_left -= 1;
        let wanted = reference.to_lowercase();
        let mut best: Option<(usize, &str)> = None;
        for entry in &registry.entries {
            if let Some(distance) = edit_distance_within(&wanted, &entry.id, 2) {
                if best.is_none_or(|(d, _)| distance < d) {
                    best = Some((distance, &entry.id));
                }
            }
        }
        match best {
            Some((_, id)) => format!("; did you mean `{id}`?"),
            None => String::new(),
        }
    }
}

/// Lower case and no spaces: how ids are written, and names are not.
fn looks_like_id(reference: &str) -> bool {
    !reference.is_empty() && !reference.chars().any(|c| c.is_whitespace() || c.is_uppercase())
}
