//! brat's `annotation.conf`: which entity types, relations, events and
//! attributes a corpus's `.ann` files may use.
//!
//! The syntax is brat's: `[entities]`, `[relations]`, `[events]` and
//! `[attributes]` sections; one type per line, children indented under their
//! parent (brat counts leading whitespace characters); `!Type` for a type
//! that only groups others; `Name|Alias` terms; arguments `Role:Type|Type`
//! separated by commas, with `?`, `*`, `+` or `{n-m}` after the role for how
//! many; macros `<NAME>=Type|Type` and the reserved `<ENTITY>`, `<EVENT>`,
//! `<RELATION>`, `<ANY>`; `<OVERLAP>` rules and `<REL-TYPE>`/`<OVL-TYPE>`
//! options in `[relations]`; `Arg:` and `Value:` in `[attributes]`; `#`
//! comment lines and `---` separators.

use super::ann::{AnnFile, AnnProblem, Annotation, REPORTED};
use crate::span::Span;
use serde::Serialize;
use std::collections::HashMap;

/// The `annotation.conf` Byline writes: its marks as brat types, quotes
/// linked to speakers and cues, and attributes for an annotator's decisions.
pub const DEFAULT_CONF: &str = "\
# Byline's annotation scheme for news articles: quotations and who said
# them, dates, and the people, organisations and places they name.
# brat and INCEpTION read this file; `byline check` validates .ann files
# against it.

[entities]
Person
Organization
Location
Date
# A quotation, marks included.
Quote
# The name, pronoun or description a quotation is attributed to.
Speaker
# The reporting verb or phrase: said, told reporters, according to.
Cue

[relations]
# Who said a quotation.
SaidBy\tArg1:Quote, Arg2:Speaker|Person|Organization
# The cue that introduces a quotation.
CueOf\tArg1:Cue, Arg2:Quote
# Mentions of the same entity (`*\tEquiv T3 T4` lines in .ann files).
Equiv\tArg1:<ENTITY>, Arg2:<ENTITY>, <REL-TYPE>:symmetric-transitive
# Names nest in quotations and a Speaker shares its span with the name;
# `byline check` reports spans that cross.
<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>

[events]

[attributes]
# A detected mark the annotator rejected: Byline does not suggest it again.
Rejected\tArg:<ENTITY>
# Where an annotation came from: accepted from Byline, or the annotator's own.
Source\tArg:<ENTITY>, Value:byline|annotator
# Speech without quotation marks: `yes` reported speech, `mixed` reported
# speech holding a quoted fragment. A Quote without it is a direct quotation.
Reported\tArg:Quote, Value:yes|mixed
";

/// How many times an argument may occur.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Cardinality {
    pub min: u32,
    /// `None`: no upper limit.
    pub max: Option<u32>,
}

impl Cardinality {
    pub const ONE: Cardinality = Cardinality { min: 1, max: Some(1) };
}

/// `Theme+:Protein|Gene`: a role, how many, and the types it takes
/// (macros expanded; `<ENTITY>`, `<EVENT>`, `<RELATION>`, `<ANY>` kept).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ArgumentDef {
    pub role: String,
    pub cardinality: Cardinality,
    pub types: Vec<String>,
}

/// An entity or event type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TypeDef {
    /// The storage form, as `.ann` lines write it.
    pub name: String,
    /// Other terms of the line (`Gene_expression|GO:0010467`).
    pub aliases: Vec<String>,
    pub parent: Option<String>,
    /// False for `!Type`: groups its children, is never annotated itself.
    pub annotatable: bool,
    /// Event arguments; empty for entities.
    pub args: Vec<ArgumentDef>,
    /// 1-based line in the conf.
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RelationDef {
    pub name: String,
    pub args: Vec<ArgumentDef>,
    /// `<REL-TYPE>:symmetric-transitive`.
    pub symmetric: bool,
    pub transitive: bool,
    pub line: usize,
}

/// `<OVERLAP>\tArg1:A, Arg2:B, <OVL-TYPE>:contain`: how spans of these
/// types may overlap.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OverlapRule {
    pub arg1: Vec<String>,
    pub arg2: Vec<String>,
    /// `contain`, `equal`, `cross` or `<ANY>`.
    pub kinds: Vec<String>,
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AttributeDef {
    pub name: String,
    /// What it may be attached to (`Arg:<ENTITY>`).
    pub targets: Vec<String>,
    /// Allowed values; empty for a binary attribute.
    pub values: Vec<String>,
    pub line: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct AnnotationConf {
    pub entities: Vec<TypeDef>,
    pub relations: Vec<RelationDef>,
    pub overlaps: Vec<OverlapRule>,
    pub events: Vec<TypeDef>,
    pub attributes: Vec<AttributeDef>,
}

/// A line of the conf that brat would reject or ignore.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConfProblem {
    /// 1-based line number.
    pub line: usize,
    /// The line's bytes in the conf text.
    pub span: Span,
    /// What is wrong, without the place (the caller prints `file:line:`).
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Entities,
    Relations,
    Events,
    Attributes,
    /// Before the first header: brat ignores these lines, Byline says so.
    BeforeHeaders,
    /// A section brat does not know: ignored, as brat does.
    Unknown,
}

const RESERVED: [&str; 6] = ["ANY", "ENTITY", "RELATION", "EVENT", "NONE", "REL-TYPE"];

/// Reads an `annotation.conf`. Never fails: a line that cannot be read is
/// reported and skipped, the rest still counts.
pub fn parse_conf(text: &str) -> (AnnotationConf, Vec<ConfProblem>) {
    let mut conf = AnnotationConf::default();
    let mut problems = Vec::new();
    let mut macros: Vec<(String, String)> = Vec::new();
    let mut section = Section::BeforeHeaders;
    // The last type seen at each indentation depth, for nesting.
    let mut parents: Vec<(usize, String)> = Vec::new();
    // A byte order mark is not part of the first line.
    let (text, mut offset) = match text.strip_prefix('\u{feff}') {
        Some(rest) => (rest, '\u{feff}'.len_utf8()),
        None => (text, 0),
    };
    for (index, raw_line) in text.split_inclusive('\n').enumerate() {
        let number = index + 1;
        let line = raw_line.trim_end_matches(['\n', '\r']);
        let span = Span::new(offset, offset + line.len());
        offset += raw_line.len();
        let mut report = |message: String| problems.push(ConfProblem { line: number, span, message });
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.chars().all(|c| c == '-') {
            continue;
        }
        if let Some(name) = trimmed.strip_prefix('[').and_then(|s| s.strip_suffix(']')) {
            section = match name.trim() {
                "entities" => Section::Entities,
                "relations" => Section::Relations,
                "events" => Section::Events,
                "attributes" => Section::Attributes,
                other => {
                    report(format!(
                        "unknown section [{other}]; expected [entities], [relations], [events] or \
                         [attributes] (its lines are ignored)"
                    ));
                    Section::Unknown
                }
            };
            parents.clear();
            continue;
        }
        if let Some((name, value)) = macro_definition(trimmed) {
            if RESERVED.contains(&name) {
                report(format!("<{name}> is reserved by brat and cannot be redefined"));
            } else {
                macros.push((format!("<{name}>"), value.to_string()));
            }
            continue;
        }
        match section {
            Section::BeforeHeaders => {
                report("expected a section header such as [entities] before this line".to_string());
                continue;
            }
            Section::Unknown => continue,
            _ => {}
        }
        let mut expanded = line.to_string();
        for (name, value) in &macros {
            expanded = expanded.replace(name.as_str(), value);
        }
        let depth = expanded.len() - expanded.trim_start().len();
        let body = expanded.trim();
        let (terms, args) = match body.split_once(char::is_whitespace) {
            Some((terms, args)) => (terms, args.trim()),
            None => (body, ""),
        };
        let mut terms: Vec<&str> = terms.split('|').map(str::trim).filter(|t| !t.is_empty()).collect();
        if terms.is_empty() {
            report("expected a type name".to_string());
            continue;
        }
        let mut annotatable = true;
        if let Some(stripped) = terms[0].strip_prefix('!') {
            annotatable = false;
            terms[0] = stripped;
        }
        let name = terms[0].to_string();
        let aliases: Vec<String> = terms[1..].iter().map(|t| t.to_string()).collect();
        let parsed = match parse_arguments(args) {
            Ok(parsed) => parsed,
            Err(message) => {
                report(message);
                continue;
            }
        };
        while parents.last().is_some_and(|(d, _)| *d >= depth) {
            parents.pop();
        }
        let parent = parents.last().map(|(_, p)| p.clone());
        if depth > 0 && parent.is_none() && matches!(section, Section::Entities | Section::Events) {
            report(format!("`{name}` is indented but no type above it is less indented"));
        }
        parents.push((depth, name.clone()));
        match section {
            Section::Entities => {
                conf.entities.push(TypeDef { name, aliases, parent, annotatable, args: parsed.args, line: number })
            }
            Section::Events => {
                conf.events.push(TypeDef { name, aliases, parent, annotatable, args: parsed.args, line: number })
            }
            Section::Relations if name == "<OVERLAP>" => {
                let types_of = |role: &str| {
                    parsed.args.iter().find(|a| a.role == role).map(|a| a.types.clone()).unwrap_or_default()
                };
                conf.overlaps.push(OverlapRule {
                    arg1: types_of("Arg1"),
                    arg2: types_of("Arg2"),
                    kinds: parsed.special.get("<OVL-TYPE>").cloned().unwrap_or_default(),
                    line: number,
                });
            }
            Section::Relations => {
                let options = parsed.special.get("<REL-TYPE>").cloned().unwrap_or_default();
                if parsed.args.len() != 2 {
                    report(format!("relation `{name}` needs two arguments, as in `{name}\tArg1:Type, Arg2:Type`"));
                }
                conf.relations.push(RelationDef {
                    name,
                    args: parsed.args,
                    symmetric: options.iter().any(|o| o == "symmetric"),
                    transitive: options.iter().any(|o| o == "transitive"),
                    line: number,
                });
            }
            Section::Attributes => {
                let mut targets = Vec::new();
                let mut values = Vec::new();
                for arg in parsed.args {
                    match arg.role.as_str() {
                        "Arg" => targets.extend(arg.types),
                        "Value" => values.extend(arg.types),
                        other => report(format!(
                            "attribute `{name}` has `{other}:`; expected `Arg:` and optionally `Value:`"
                        )),
                    }
                }
                if targets.is_empty() {
                    report(format!("attribute `{name}` needs `Arg:` (what it applies to)"));
                }
                conf.attributes.push(AttributeDef { name, targets, values, line: number });
            }
            Section::BeforeHeaders | Section::Unknown => {}
        }
    }
    (conf, problems)
}

/// `<POG>=Protein|Gene`.
fn macro_definition(line: &str) -> Option<(&str, &str)> {
    let rest = line.strip_prefix('<')?;
    let (name, value) = rest.split_once(">=")?;
    name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-').then(|| (name, value.trim()))
}

struct ParsedArguments {
    args: Vec<ArgumentDef>,
    /// `<REL-TYPE>`, `<OVL-TYPE>`: options, split at `-` or `|`.
    special: HashMap<String, Vec<String>>,
}

fn parse_arguments(text: &str) -> Result<ParsedArguments, String> {
    let mut parsed = ParsedArguments { args: Vec::new(), special: HashMap::new() };
    for piece in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let Some((key, types)) = piece.split_once(':') else {
            return Err(format!("expected `Role:Type` but found `{piece}`"));
        };
        let (key, types) = (key.trim(), types.trim());
        if key.starts_with('<') && key.ends_with('>') {
            let options = types.split(['-', '|']).filter(|o| !o.is_empty()).map(str::to_string).collect();
            parsed.special.insert(key.to_string(), options);
            continue;
        }
        let (role, cardinality) = split_cardinality(key).ok_or_else(|| format!("cannot read the role `{key}`"))?;
        let types: Vec<String> = types.split('|').map(str::trim).map(str::to_string).collect();
        if role.is_empty() || types.iter().any(String::is_empty) {
            return Err(format!("expected `Role:Type|Type` but found `{piece}`"));
        }
        if parsed.args.iter().any(|a| a.role == role) {
            return Err(format!("the argument `{role}` appears twice"));
        }
        parsed.args.push(ArgumentDef { role: role.to_string(), cardinality, types });
    }
    Ok(parsed)
}

/// `Theme` → one; `Theme?`, `Theme*`, `Theme+`; `Theme{2}`, `Theme{1-4}`.
fn split_cardinality(key: &str) -> Option<(&str, Cardinality)> {
    if let Some(role) = key.strip_suffix('?') {
        return Some((role, Cardinality { min: 0, max: Some(1) }));
    }
    if let Some(role) = key.strip_suffix('*') {
        return Some((role, Cardinality { min: 0, max: None }));
    }
    if let Some(role) = key.strip_suffix('+') {
        return Some((role, Cardinality { min: 1, max: None }));
    }
    if let Some(open) = key.find('{') {
        let inner = key[open + 1..].strip_suffix('}')?;
        let (min, max) = match inner.split_once('-') {
            Some((min, max)) => (min.parse().ok()?, max.parse().ok()?),
            None => {
                let n = inner.parse().ok()?;
                (n, n)
            }
        };
        return (min <= max).then_some((&key[..open], Cardinality { min, max: Some(max) }));
    }
    Some((key, Cardinality::ONE))
}

/// What kind of annotation an `.ann` id names, for matching `<ENTITY>` and
/// friends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Entity,
    Event,
    Relation,
}

impl AnnotationConf {
    pub fn entity(&self, name: &str) -> Option<&TypeDef> {
        self.entities.iter().find(|t| t.name == name)
    }
    pub fn event(&self, name: &str) -> Option<&TypeDef> {
        self.events.iter().find(|t| t.name == name)
    }
    pub fn relation(&self, name: &str) -> Option<&RelationDef> {
        self.relations.iter().find(|r| r.name == name)
    }
    pub fn attribute(&self, name: &str) -> Option<&AttributeDef> {
        self.attributes.iter().find(|a| a.name == name)
    }

    /// Whether `allowed` (one type of an argument list) admits an annotation
    /// of this label and kind. A parent type admits its descendants.
    fn admits(&self, allowed: &str, label: &str, kind: Kind) -> bool {
        match allowed {
            "<ANY>" => true,
            "<ENTITY>" => kind == Kind::Entity,
            "<EVENT>" => kind == Kind::Event,
            "<RELATION>" => kind == Kind::Relation,
            _ => {
                let types = if kind == Kind::Event { &self.events } else { &self.entities };
                let mut current = Some(label);
                // Bounded walk up the hierarchy, in case a broken conf loops.
                for _ in 0..=types.len() {
                    let Some(name) = current else { break };
                    if name == allowed {
                        return true;
                    }
                    current = types.iter().find(|t| t.name == name).and_then(|t| t.parent.as_deref());
                }
                false
            }
        }
    }
}

/// Checks an `.ann` against the conf: labels the conf does not define,
/// relation and event arguments of the wrong type or role, attributes and
/// values it does not allow. Line numbers are the `.ann`'s.
pub fn validate(file: &AnnFile, conf: &AnnotationConf) -> Vec<AnnProblem> {
    let mut labels: HashMap<&str, (&str, Kind)> = HashMap::new();
    for annotation in file.annotations() {
        match annotation {
            Annotation::TextBound(t) => {
                let kind = if conf.event(&t.label).is_some() { Kind::Event } else { Kind::Entity };
                labels.insert(&t.id, (&t.label, kind));
            }
            Annotation::Event(e) => {
                labels.insert(&e.id, (&e.label, Kind::Event));
            }
            Annotation::Relation(r) => {
                labels.insert(&r.id, (&r.label, Kind::Relation));
            }
            _ => {}
        }
    }
    let mut problems = Vec::new();
    let mut offset = file.first_line_offset();
    for (index, line) in file.lines().iter().enumerate() {
        let number = index + 1;
        let span = Span::new(offset, offset + line.raw().len());
        offset += line.raw().len() + line.terminator().len();
        let mut report = |message: String| problems.push(AnnProblem { line: number, span, message });
        let check_args =
            |args: &[super::ann::Argument], defs: &[ArgumentDef], owner: &str, report: &mut dyn FnMut(String)| {
                for arg in args {
                    // `Theme2` is brat's way of giving a `Theme+` a second value.
                    let role = arg.role.trim_end_matches(|c: char| c.is_ascii_digit());
                    let def = defs.iter().find(|d| d.role == arg.role).or_else(|| defs.iter().find(|d| d.role == role));
                    let Some(def) = def else {
                        let roles: Vec<&str> = defs.iter().map(|d| d.role.as_str()).collect();
                        report(format!(
                            "`{owner}` has no argument `{}` in annotation.conf (it has {})",
                            arg.role,
                            roles.join(", ")
                        ));
                        continue;
                    };
                    if let Some((label, kind)) = labels.get(arg.target.as_str()) {
                        if !def.types.iter().any(|t| conf.admits(t, label, *kind)) {
                            report(format!(
                                "`{owner}` {} must be {}, but `{}` is {label}",
                                arg.role,
                                def.types.join(" or "),
                                arg.target
                            ));
                        }
                    }
                }
            };
        match line.annotation() {
            Annotation::TextBound(t) => match (conf.entity(&t.label), conf.event(&t.label)) {
                (Some(def), _) | (None, Some(def)) if !def.annotatable => {
                    report(format!("`{}` groups other types and cannot be annotated (`!`)", t.label))
                }
                (None, None) => report(format!(
                    "`{}` is not an entity type in annotation.conf (it has {})",
                    t.label,
                    conf.entities
                        .iter()
                        .filter(|e| e.annotatable)
                        .map(|e| e.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
                _ => {}
            },
            Annotation::Relation(r) => match conf.relation(&r.label) {
                None => report(format!("`{}` is not a relation in annotation.conf", r.label)),
                Some(def) => check_args(&r.args, &def.args, &r.label, &mut report),
            },
            Annotation::Event(e) => match conf.event(&e.label) {
                None => report(format!("`{}` is not an event type in annotation.conf", e.label)),
                Some(def) => {
                    check_args(&e.args, &def.args, &e.label, &mut report);
                    for arg_def in &def.args {
                        let count = e
                            .args
                            .iter()
                            .filter(|a| a.role.trim_end_matches(|c: char| c.is_ascii_digit()) == arg_def.role)
                            .count() as u32;
                        if count < arg_def.cardinality.min {
                            report(format!(
                                "event `{}` needs {} `{}` argument(s), has {count}",
                                e.label, arg_def.cardinality.min, arg_def.role
                            ));
                        } else if arg_def.cardinality.max.is_some_and(|max| count > max) {
                            report(format!(
                                "event `{}` takes at most {} `{}` argument(s), has {count}",
                                e.label,
                                arg_def.cardinality.max.unwrap_or(0),
                                arg_def.role
                            ));
                        }
                    }
                }
            },
            Annotation::Equivalence(q) => match conf.relation(&q.label) {
                None => report(format!(
                    "`{}` is not a relation in annotation.conf (an equivalence needs one, with \
                     `<REL-TYPE>:symmetric-transitive`)",
                    q.label
                )),
                Some(def) => {
                    let allowed: Vec<&String> = def.args.iter().flat_map(|a| &a.types).collect();
                    for member in &q.members {
                        if let Some((label, kind)) = labels.get(member.as_str()) {
                            if !allowed.iter().any(|t| conf.admits(t, label, *kind)) {
                                report(format!("`{}` cannot hold `{member}`, which is {label}", q.label));
                            }
                        }
                    }
                }
            },
            Annotation::Attribute(a) => match conf.attribute(&a.name) {
                // A conf written before Byline marked reported speech: say
                // which line to add rather than only that it is missing.
                None if a.name == REPORTED => report(format!(
                    "`{REPORTED}` (reported speech) is not an attribute in annotation.conf; add the line \
                     `{REPORTED} Arg:Quote, Value:yes|mixed` under [attributes], as `byline init` writes it"
                )),
                None => report(format!("`{}` is not an attribute in annotation.conf", a.name)),
                Some(def) => {
                    if let Some((label, kind)) = labels.get(a.target.as_str()) {
                        if !def.targets.iter().any(|t| conf.admits(t, label, *kind)) {
                            report(format!(
                                "attribute `{}` applies to {}, not to {label}",
                                a.name,
                                def.targets.join(" or ")
                            ));
                        }
                    }
                    match (&a.value, def.values.is_empty()) {
                        (Some(value), true) => {
                            report(format!("attribute `{}` takes no value, but has `{value}`", a.name))
                        }
                        (Some(value), false) if !def.values.contains(value) => report(format!(
                            "`{value}` is not a value of `{}` (expected {})",
                            a.name,
                            def.values.join(", ")
                        )),
                        (None, false) => {
                            report(format!("attribute `{}` needs a value ({})", a.name, def.values.join(", ")))
                        }
                        _ => {}
                    }
                }
            },
            _ => {}
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::standoff::ann::parse;

    /// A conf in the style of brat's own examples (event extraction with a
    /// type hierarchy), written for this test.
    const BIOLOGY_STYLE: &str = "\
# -*- Mode: Text; tab-width: 8; -*-
# Types for a small event extraction project.

[entities]
!Physical_entity
\tProtein
\tChemical|Small_molecule
Organism
---
Site

[relations]
<POG>=Protein|Chemical
Equiv\tArg1:<POG>, Arg2:<POG>, <REL-TYPE>:symmetric-transitive
Part-of\tArg1:Site, Arg2:Physical_entity
<OVERLAP>\tArg1:Protein, Arg2:Site, <OVL-TYPE>:contain

[events]
Gene_expression|GO:0010467\tTheme:Protein
Binding\tTheme+:<POG>, Site*:Site
Regulation\tTheme:<EVENT>|Protein, Cause?:<EVENT>|Protein
\tPositive_regulation\tTheme:<EVENT>|Protein, Cause?:<EVENT>|Protein
Localization\tTheme{1-2}:Protein

[attributes]
Negation\tArg:<EVENT>
Confidence\tArg:<EVENT>, Value:High|Neutral|Low
";

    #[test]
    fn brat_style_conf_parses_with_hierarchy_macros_and_options() {
        let (conf, problems) = parse_conf(BIOLOGY_STYLE);
        assert!(problems.is_empty(), "{problems:?}");
        let names: Vec<&str> = conf.entities.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["Physical_entity", "Protein", "Chemical", "Organism", "Site"]);
        assert!(!conf.entity("Physical_entity").unwrap().annotatable);
        assert_eq!(conf.entity("Protein").unwrap().parent.as_deref(), Some("Physical_entity"));
        assert_eq!(conf.entity("Chemical").unwrap().aliases, ["Small_molecule"]);
        assert_eq!(conf.entity("Organism").unwrap().parent, None);
        let equiv = conf.relation("Equiv").unwrap();
        assert!(equiv.symmetric && equiv.transitive);
        assert_eq!(equiv.args[0].types, ["Protein", "Chemical"], "macro expanded");
        assert_eq!(conf.overlaps[0].kinds, ["contain"]);
        assert_eq!(conf.overlaps[0].arg2, ["Site"]);
        let binding = conf.event("Binding").unwrap();
        assert_eq!(binding.args[0].cardinality, Cardinality { min: 1, max: None });
        assert_eq!(binding.args[1].cardinality, Cardinality { min: 0, max: None });
        assert_eq!(conf.event("Gene_expression").unwrap().aliases, ["GO:0010467"]);
        assert_eq!(conf.event("Positive_regulation").unwrap().parent.as_deref(), Some("Regulation"));
        assert_eq!(conf.event("Localization").unwrap().args[0].cardinality, Cardinality { min: 1, max: Some(2) });
        let confidence = conf.attribute("Confidence").unwrap();
        assert_eq!(
            (confidence.targets.clone(), confidence.values.clone()),
            (vec!["<EVENT>".to_string()], vec!["High".to_string(), "Neutral".into(), "Low".into()])
        );
    }

    #[test]
    fn default_conf_is_clean_and_declares_bylines_types() {
        let (conf, problems) = parse_conf(DEFAULT_CONF);
        assert!(problems.is_empty(), "{problems:?}");
        for label in ["Person", "Organization", "Location", "Date", "Quote", "Speaker", "Cue"] {
            assert!(conf.entity(label).is_some(), "{label}");
        }
        let said_by = conf.relation("SaidBy").unwrap();
        assert_eq!(said_by.args[1].types, ["Speaker", "Person", "Organization"]);
        assert!(conf.relation("CueOf").is_some());
        assert!(conf.attribute("Rejected").unwrap().values.is_empty());
        assert_eq!(conf.attribute("Source").unwrap().values, ["byline", "annotator"]);
        let reported = conf.attribute("Reported").unwrap();
        assert_eq!(
            (reported.targets.as_slice(), reported.values.as_slice()),
            (&["Quote".to_string()][..], &["yes".to_string(), "mixed".to_string()][..])
        );
    }

    #[test]
    fn a_byte_order_mark_and_crlf_line_ends_are_read_through() {
        let (conf, problems) = parse_conf(
            "\u{feff}[entities]\r\nPerson\r\n\tSpeaker\r\n[relations]\r\nKnows Arg1:Person, Arg2:Person\r\n",
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(conf.entity("Speaker").unwrap().parent.as_deref(), Some("Person"));
        assert_eq!(conf.relation("Knows").unwrap().args[1].types, ["Person"]);
    }

    #[test]
    fn broken_conf_lines_are_reported_with_line_numbers() {
        let text = "Person\n[entities]\nPerson\n[colours]\nred\n[relations]\nLinks\tArg1 Person\n<ANY>=Person\n\
                    Knows\tArg1:Person\n[attributes]\nLoud\tValue:yes|no\n";
        let (conf, problems) = parse_conf(text);
        let lines: Vec<usize> = problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [1, 4, 7, 8, 9, 11], "{problems:#?}");
        assert!(problems[2].message.contains("Role:Type"));
        assert!(problems[3].message.contains("reserved"));
        assert_eq!(conf.entities.len(), 1);
        assert_eq!(problems[1].span, Span::new(25, 34));
    }

    #[test]
    fn validation_reports_unknown_types_and_wrong_arguments() {
        let (conf, _) = parse_conf(DEFAULT_CONF);
        let ann = parse(
            "T1\tQuote 0 10\t\"a b c d\"\nT2\tSpeaker 12 15\tKim\nT3\tDate 20 25\tMarch\nT4\tTopic 30 35\tTrade\n\
             R1\tSaidBy Arg1:T1 Arg2:T3\nR2\tCueOf Arg1:T2 Arg2:T1\nR3\tMentions Arg1:T1 Arg2:T2\n\
             A1\tRejected T3\nA2\tSource T2 guess\nA3\tLoud T1\nA4\tRejected T3 yes\nR4\tSaidBy Arg1:T1 Speaker:T2\n\
             *\tEquiv T2 T3\n*\tSame T2 T3\n",
        );
        let problems = validate(&ann, &conf);
        let lines: Vec<usize> = problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [4, 5, 6, 7, 9, 10, 11, 12, 14], "{problems:#?}");
        assert!(problems[0].message.contains("`Topic` is not an entity type"));
        assert!(problems[1].message.contains("Arg2 must be Speaker or Person or Organization, but `T3` is Date"));
        assert!(problems[4].message.contains("`guess` is not a value of `Source`"));
        assert!(problems[7].message.contains("no argument `Speaker`"));
        assert!(problems[8].message.contains("`Same` is not a relation"));
    }

    #[test]
    fn hierarchy_and_macros_admit_subtypes_in_validation() {
        let (conf, _) = parse_conf(BIOLOGY_STYLE);
        let ann = parse(
            "T1\tProtein 0 3\tp53\nT2\tSite 4 8\tsite\nT3\tPhysical_entity 9 12\txyz\nT4\tBinding 13 18\tbinds\n\
             R1\tPart-of Arg1:T2 Arg2:T1\nE1\tBinding:T4 Theme:T1 Theme2:T1 Site:T2\nA1\tConfidence E1 High\n\
             A2\tNegation T1\nT5\tLocalization 20 25\tmoves\nE2\tLocalization:T5\n\
             E3\tLocalization:T5 Theme:T1 Theme2:T1 Theme3:T1\n",
        );
        let problems = validate(&ann, &conf);
        let lines: Vec<usize> = problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [3, 8, 10, 11], "{problems:#?}");
        assert!(problems[0].message.contains("cannot be annotated"));
        assert!(problems[2].message.contains("needs 1 `Theme` argument(s), has 0"), "{}", problems[2].message);
        assert!(problems[3].message.contains("at most 2 `Theme`"), "{}", problems[3].message);
    }
}
