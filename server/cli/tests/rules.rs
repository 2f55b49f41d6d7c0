//! The one list of rules, as users meet it: `byline rule`, the README's rule
//! table and the VS Code settings schema name the same rules, with the same
//! levels and summaries.

use std::collections::BTreeMap;

mod common;
use common::{byline, stderr, stdout, workspace};

/// `code -> (layer, default level, summary)` from `byline rule --list --format json`.
fn listed() -> BTreeMap<String, (String, String, String)> {
    let out = byline(&["rule", "--list", "--format", "json"], &workspace());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let rules: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).expect("JSON");
    let field = |r: &serde_json::Value, k: &str| r[k].as_str().unwrap().to_string();
    rules
        .iter()
        .map(|r| (field(r, "code"), (field(r, "layer"), field(r, "default_level"), field(r, "summary"))))
        .collect()
}

#[test]
fn readme_rule_table_lists_every_rule_as_the_binary_does() {
    let readme = std::fs::read_to_string(workspace().join("README.md")).unwrap();
    // The table's rows: | `code` | layer | level | summary |
    let table: BTreeMap<String, (String, String, String)> = readme
        .lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line.strip_prefix('|')?.strip_suffix('|')?.split('|').map(str::trim).collect();
            let [code, layer, level, summary] = cells.as_slice() else { return None };
            let code = code.strip_prefix('`')?.strip_suffix('`')?;
            Some((code.to_string(), (layer.to_string(), level.to_string(), summary.to_string())))
        })
        .filter(|(code, _)| !code.contains(' '))
        .collect();
    let listed = listed();
    assert!(listed.len() >= 27, "{listed:?}");
    assert_eq!(table, listed, "README's rule table (## Rules) and `byline rule --list` differ");
}

#[test]
fn vscode_settings_schema_names_every_rule() {
    let text = std::fs::read_to_string(workspace().join("editors/vscode/package.json")).unwrap();
    let package: serde_json::Value = serde_json::from_str(&text).unwrap();
    let rules = &package["contributes"]["configuration"]["properties"]["byline.rules"]["properties"];
    let schema: Vec<&str> =
        rules.as_object().expect("byline.rules has properties").keys().map(String::as_str).collect();
    let listed = listed();
    let mut expected: Vec<&str> = listed.keys().map(String::as_str).collect();
    let mut schema_sorted = schema.clone();
    schema_sorted.sort();
    expected.sort();
    assert_eq!(schema_sorted, expected, "editors/vscode/package.json byline.rules");
    for (code, (_, level, summary)) in &listed {
        let description = rules[code]["markdownDescription"].as_str().unwrap_or("");
        assert!(description.starts_with(summary.as_str()), "{code}: {description}");
        assert!(description.contains(&format!("`{level}`")), "{code}: {description}");
    }
}

#[test]
fn rule_explains_what_it_checks_and_how_to_silence_it() {
    let out = byline(&["rule", "entity-variant"], &workspace());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.starts_with("entity-variant (detection; default level: warning)\n"), "{text}");
    assert!(text.contains("`Tomasz Wolanski` is written `Tomasz Wolański` in the registry"), "{text}");
    assert!(text.contains("    [rules]\n    entity-variant = \"off\"\n"), "{text}");
    assert!(text.contains("byline check --rule entity-variant=off"), "{text}");

    let off = stdout(&byline(&["rule", "unregistered-entity"], &workspace()));
    assert!(off.contains("default level: off") && off.contains("unregistered-entity = \"warning\""), "{off}");

    let out = byline(&["rule", "entity-varient"], &workspace());
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stderr(&out), "error: unknown rule `entity-varient`; did you mean `entity-variant`?\n");

    let list = stdout(&byline(&["rule", "--list"], &workspace()));
    assert_eq!(list.lines().count(), listed().len(), "{list}");
    assert!(list.lines().any(|l| l.starts_with("stale-annotation") && l.contains(" error ")), "{list}");
}
