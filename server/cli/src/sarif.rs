//! `byline check --format sarif`: the report as one SARIF 2.1.0 log, the
//! format code-scanning services (GitHub's among them) and SARIF viewers read.
//!
//! Files are named relative to the corpus root through the `CORPUSROOT` base
//! id, so a log made on one machine points at the same files on another.
//! Columns are Unicode code points, as `byline check` counts them; the run
//! says so in `columnKind`.

use crate::check::Reported;
use byline_core::rules;
use byline_core::Severity;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};

pub const SCHEMA_URI: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
const TOOL_NAME: &str = "Byline";
const INFORMATION_URI: &str = "https://example.invalid/byline";
/// The base id of the first corpus root; a check over several corpora
/// numbers the others (`CORPUSROOT2`...).
const ROOT_BASE_ID: &str = "CORPUSROOT";
const FINGERPRINT_KEY: &str = "bylineProblem/v1";

/// Where a reported file sits relative to its corpus root.
#[derive(Debug, Clone, Default)]
pub struct Artifact {
    /// The corpus root, absolute.
    pub root: PathBuf,
    /// The file's path under the root as a relative URI (`/`-separated,
    /// percent-encoded); `None` for a file outside the root.
    pub relative_uri: Option<String>,
    /// The file's absolute path, for files outside the root.
    pub absolute: PathBuf,
}

impl Artifact {
    pub fn new(file: &Path, root: &Path) -> Artifact {
        let absolute = std::path::absolute(file).unwrap_or_else(|_| file.to_path_buf());
        let root = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
        let relative_uri = absolute.strip_prefix(&root).ok().and_then(relative_uri);
        Artifact { root, relative_uri, absolute }
    }
}

/// `a/b c.txt` as the URI reference `a/b%20c.txt`; `None` when the path
/// climbs out (`..`) or is not Unicode.
fn relative_uri(path: &Path) -> Option<String> {
    let mut segments = Vec::new();
    for component in path.components() {
        match component {
            Component::Normal(segment) => segments.push(percent_encode(segment.to_str()?)),
            Component::CurDir => {}
            _ => return None,
        }
    }
    Some(segments.join("/"))
}

/// An absolute path as a `file:` URI; with `folder`, ending in `/` as SARIF
/// requires of a base URI.
fn file_uri(path: &Path, folder: bool) -> String {
    let mut uri = String::from("file://");
    for component in path.components() {
        match component {
            Component::Prefix(prefix) => {
                // `C:` on Windows becomes `/C:`.
                uri.push('/');
                uri.push_str(&prefix.as_os_str().to_string_lossy());
            }
            Component::RootDir => {}
            Component::Normal(segment) => {
                uri.push('/');
                uri.push_str(&percent_encode(&segment.to_string_lossy()));
            }
            Component::CurDir | Component::ParentDir => {}
        }
    }
    if folder || uri == "file://" {
        uri.push('/');
    }
    uri
}

/// Percent-encodes every byte that is not an unreserved URI character (RFC
/// 3986), so spaces, `#`, `?`, `%` and non-ASCII names survive in a URI,
/// and a `:` in a file name is not read as a URI scheme.
fn percent_encode(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for byte in segment.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// SARIF has three result levels; a hint is a note too.
pub fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Hint => "note",
    }
}

/// One line on what a rule finds, for a viewer's rule list, from the one
/// list of rules.
pub fn rule_description(code: &str) -> &'static str {
    rules::find(code).map_or("A problem Byline reports.", |r| r.summary)
}

/// The level a rule has in a corpus without `byline.toml`; `None` when it
/// is off. A rule the list does not know is a warning.
fn default_severity(code: &str) -> Option<Severity> {
    rules::find(code).map_or(Some(Severity::Warning), |r| r.default_level)
}

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    original_uri_base_ids: BTreeMap<String, BaseUri>,
    column_kind: &'static str,
    results: Vec<SarifResult<'a>>,
}

#[derive(Serialize)]
struct BaseUri {
    uri: String,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    information_uri: &'static str,
    rules: Vec<Rule>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule {
    id: String,
    short_description: Text,
    default_configuration: RuleConfiguration,
}

#[derive(Serialize)]
struct RuleConfiguration {
    enabled: bool,
    level: &'static str,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    rule_index: usize,
    level: &'static str,
    message: Text,
    locations: [Location; 1],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Location>,
    partial_fingerprints: BTreeMap<&'static str, String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Text>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize, Clone)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_column: Option<usize>,
}

/// Writes the report as a SARIF log, pretty-printed, with a final newline.
pub fn write(out: &mut impl Write, reported: &[Reported]) -> io::Result<()> {
    let log = build(reported);
    serde_json::to_writer_pretty(&mut *out, &log).map_err(io::Error::from)?;
    writeln!(out)
}

fn build(reported: &[Reported]) -> Log<'_> {
    // Every rule Byline knows, then any rule the results use that this list
    // does not (so `ruleIndex` always points somewhere).
    let mut rule_ids: Vec<String> = Vec::new();
    let known = rules::RULES.iter().map(|r| r.code);
    for id in known.chain(reported.iter().map(|r| r.code)) {
        if !rule_ids.iter().any(|known| known == id) {
            rule_ids.push(id.to_string());
        }
    }
    let rule_index: HashMap<&str, usize> = rule_ids.iter().enumerate().map(|(i, id)| (id.as_str(), i)).collect();
    let rules = rule_ids
        .iter()
        .map(|id| {
            let severity = default_severity(id);
            Rule {
                id: id.clone(),
                short_description: Text { text: rule_description(id).to_string() },
                default_configuration: RuleConfiguration {
                    enabled: severity.is_some(),
                    level: level(severity.unwrap_or(Severity::Warning)),
                },
            }
        })
        .collect();

    let mut roots: Vec<&Path> = Vec::new();
    for r in reported {
        if r.artifact.relative_uri.is_some() && !roots.contains(&r.artifact.root.as_path()) {
            roots.push(&r.artifact.root);
        }
    }
    let base_id = |root: &Path| -> Option<String> {
        let i = roots.iter().position(|r| *r == root)?;
        Some(if i == 0 { ROOT_BASE_ID.to_string() } else { format!("{ROOT_BASE_ID}{}", i + 1) })
    };
    let original_uri_base_ids =
        roots.iter().filter_map(|root| Some((base_id(root)?, BaseUri { uri: file_uri(root, true) }))).collect();

    // The same problem in the same file keeps its fingerprint when lines
    // above it change: the key is the rule, the file and the message, and
    // an occurrence count tells identical ones apart.
    let mut occurrences: HashMap<(String, &str, &str), usize> = HashMap::new();
    let results = reported
        .iter()
        .map(|r| {
            let artifact_location = match &r.artifact.relative_uri {
                Some(uri) => ArtifactLocation { uri: uri.clone(), uri_base_id: base_id(&r.artifact.root) },
                None => ArtifactLocation { uri: file_uri(&r.artifact.absolute, false), uri_base_id: None },
            };
            let occurrence = occurrences.entry((artifact_location.uri.clone(), r.code, &r.message)).or_insert(0);
            *occurrence += 1;
            let fingerprint =
                fnv1a(&[artifact_location.uri.as_bytes(), r.code.as_bytes(), r.message.as_bytes()], *occurrence);
            let related_locations = r
                .related
                .iter()
                .map(|rel| Location {
                    id: Some(0),
                    physical_location: PhysicalLocation {
                        artifact_location: artifact_location.clone(),
                        region: Region {
                            start_line: rel.line,
                            start_column: rel.column,
                            end_line: None,
                            end_column: None,
                        },
                    },
                    message: Some(Text { text: "the place this problem refers to".to_string() }),
                })
                .collect();
            SarifResult {
                rule_id: r.code,
                rule_index: rule_index.get(r.code).copied().unwrap_or(0),
                level: level(r.severity),
                message: Text { text: r.message.clone() },
                locations: [Location {
                    id: None,
                    physical_location: PhysicalLocation {
                        artifact_location,
                        region: Region {
                            start_line: r.line.max(1),
                            start_column: r.column.max(1),
                            end_line: Some(r.end_line.max(r.line).max(1)),
                            end_column: Some(r.end_column.max(1)),
                        },
                    },
                    message: None,
                }],
                related_locations,
                partial_fingerprints: BTreeMap::from([(FINGERPRINT_KEY, fingerprint)]),
            }
        })
        .collect();

    let version = env!("CARGO_PKG_VERSION");
    Log {
        schema: SCHEMA_URI,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: TOOL_NAME,
                    version,
                    semantic_version: version,
                    information_uri: INFORMATION_URI,
                    rules,
                },
            },
            original_uri_base_ids,
            column_kind: "unicodeCodePoints",
            results,
        }],
    }
}

/// FNV-1a, 64 bits: a fingerprint must not change between Rust releases,
/// which rules out the standard library's hasher.
fn fnv1a(parts: &[&[u8]], occurrence: usize) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |bytes: &[u8]| {
        for b in bytes {
            hash ^= u64::from(*b);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    };
    for part in parts {
        feed(part);
        // A separator no text contains, so ("ab", "c") and ("a", "bc") differ.
        feed(&[0xff]);
    }
    format!("{hash:016x}:{occurrence}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Related;

    fn reported(path: &Path, root: &Path, code: &'static str, line: usize, message: &str) -> Reported {
        Reported {
            path: path.display().to_string(),
            line,
            column: 3,
            end_line: line,
            end_column: 9,
            severity: Severity::Info,
            code,
            message: message.to_string(),
            related: None,
            artifact: Artifact::new(path, root),
        }
    }

    fn to_json(reported: &[Reported]) -> serde_json::Value {
        let mut out = Vec::new();
        write(&mut out, reported).unwrap();
        serde_json::from_slice(&out).unwrap()
    }

    #[test]
    fn uris_are_relative_to_the_corpus_root_and_percent_encoded() {
        let root = Path::new("/news/corpus");
        let a = Artifact::new(Path::new("/news/corpus/2024/Seoul talks #2.txt"), root);
        assert_eq!(a.relative_uri.as_deref(), Some("2024/Seoul%20talks%20%232.txt"));
        let korean = Artifact::new(Path::new("/news/corpus/서울.txt"), root);
        assert_eq!(korean.relative_uri.as_deref(), Some("%EC%84%9C%EC%9A%B8.txt"));
        let outside = Artifact::new(Path::new("/elsewhere/a.txt"), root);
        assert_eq!(outside.relative_uri, None);
        assert_eq!(file_uri(root, true), "file:///news/corpus/");
    }

    #[test]
    fn results_point_at_their_rule_and_file() {
        let root = Path::new("/news/corpus");
        let mut dup = reported(Path::new("/news/corpus/a.txt"), root, "duplicate-paragraph", 7, "paragraph repeats");
        dup.related = Some(Related { line: 2, column: 1 });
        dup.severity = Severity::Hint;
        let log = to_json(&[dup]);
        let run = &log["runs"][0];
        assert_eq!(log["version"], "2.1.0");
        assert_eq!(run["originalUriBaseIds"]["CORPUSROOT"]["uri"], "file:///news/corpus/");
        let result = &run["results"][0];
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(run["tool"]["driver"]["rules"][index]["id"], "duplicate-paragraph");
        assert_eq!(result["level"], "note", "hints are notes");
        let location = &result["locations"][0]["physicalLocation"];
        assert_eq!(location["artifactLocation"]["uri"], "a.txt");
        assert_eq!(location["artifactLocation"]["uriBaseId"], "CORPUSROOT");
        assert_eq!(location["region"]["startLine"], 7);
        assert_eq!(location["region"]["endColumn"], 9);
        assert_eq!(result["relatedLocations"][0]["physicalLocation"]["region"]["startLine"], 2);
    }

    #[test]
    fn off_rules_are_listed_disabled_and_unknown_rules_still_get_an_index() {
        let root = Path::new("/c");
        let log = to_json(&[reported(Path::new("/c/a.txt"), root, "some-future-rule", 1, "x")]);
        let rules = log["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap().clone();
        let unregistered = rules.iter().find(|r| r["id"] == "unregistered-entity").unwrap();
        assert_eq!(unregistered["defaultConfiguration"]["enabled"], false);
        let index = log["runs"][0]["results"][0]["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], "some-future-rule");
    }

    #[test]
    fn fingerprints_survive_line_shifts_and_tell_twins_apart() {
        let root = Path::new("/c");
        let before = to_json(&[reported(Path::new("/c/a.txt"), root, "boilerplate", 3, "menu")]);
        let after = to_json(&[
            reported(Path::new("/c/a.txt"), root, "boilerplate", 9, "menu"),
            reported(Path::new("/c/a.txt"), root, "boilerplate", 12, "menu"),
        ]);
        let print = |log: &serde_json::Value, i: usize| log["runs"][0]["results"][i]["partialFingerprints"].clone();
        assert_eq!(print(&before, 0), print(&after, 0));
        assert_ne!(print(&after, 0), print(&after, 1));
    }
}
