//! `byline init [PATH]`: the files that make a folder of articles a Byline
//! corpus brat and INCEpTION can open as it is: `annotation.conf` (brat's
//! schema for Byline's labels), a starter `byline.toml` and `entities.toml`.
//! A file that exists is kept as it is, whatever it holds: the user's
//! configuration is never overwritten.

use byline_core::standoff::DEFAULT_CONF;
use byline_corpus::annotations::CONF_FILE;
use byline_corpus::config::CONFIG_FILE;
use byline_corpus::write::{write_file, Existing, WriteError};
use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

pub const REGISTRY_FILE: &str = "entities.toml";

/// Every key commented out, so the defaults apply until the user chooses.
pub const STARTER_CONFIG: &str = r#"# Byline corpus configuration. Every line below is a default; uncomment to change it.

[corpus]
# Which files are articles, relative to this file (.ann files never are).
# include = ["**/*.txt", "**/*.md"]
# exclude = ["drafts/**"]

[registry]
# The entity registry: people, organisations and places with their ids.
# files = ["entities.toml"]
# Report every person and organisation the registry does not list.
# strict = false

[rules]
# Each rule at error | warning | info | hint | off, for example:
# stale-annotation = "error"
# label-conflict = "error"
# unannotated-mark = "hint"
# unattributed-quote = "info"

[marks]
# How detected marks show in the editor: hint | info | off
# diagnostics = "hint"
"#;

/// The example is commented out: a made-up person in the registry would be
/// linked wherever the name appears.
pub const STARTER_REGISTRY: &str = r#"# The corpus's entity registry: who and what the articles name, with a stable id
# that annotations link to (`N1	Reference T3 byline:<id>` in a .ann file).
# Tables: [[person]], [[organization]], [[place]]. Keys: id, name, aliases,
# description, affiliation (another entry's id), roles, wikidata, url.
#
# An example; remove the leading `# ` to use it:
#
# [[person]]
# id = "maria-lopes"
# name = "Maria Lopes"
# aliases = ["Lopes", "M. Lopes"]
# description = "Harbour master of the Port of Sines"
# affiliation = "port-of-sines"
# roles = [{ title = "harbour master", organization = "port-of-sines", from = "2019" }]
#
# [[organization]]
# id = "port-of-sines"
# name = "Port of Sines"
"#;

/// What happened to one file.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    Wrote,
    Kept,
}

pub fn run(path: Option<&Path>) -> ExitCode {
    let root = path.unwrap_or(Path::new("."));
    let mut out = io::stdout().lock();
    match init(root, &mut out) {
        Ok(_) => ExitCode::SUCCESS,
        Err(e) => {
            crate::output::error(e);
            ExitCode::from(2)
        }
    }
}

/// Writes the missing files under `root` (created if needed), reporting
/// each file's fate on `out`.
pub fn init(root: &Path, out: &mut impl Write) -> io::Result<Vec<(&'static str, Outcome)>> {
    if !root.is_dir() {
        std::fs::create_dir_all(root)
            .map_err(|e| io::Error::new(e.kind(), format!("{}: cannot create the folder: {e}", root.display())))?;
        writeln!(out, "created {}", root.display())?;
    }
    let mut outcomes = Vec::new();
    for (name, contents) in
        [(CONF_FILE, DEFAULT_CONF), (CONFIG_FILE, STARTER_CONFIG), (REGISTRY_FILE, STARTER_REGISTRY)]
    {
        let path = root.join(name);
        // Anything at the path, a link to nothing included, is the user's
        // and is kept. `write_file` moves the new file into place without
        // replacing one that appears in between, and never leaves half a file.
        let outcome = if path.symlink_metadata().is_ok() {
            Outcome::Kept
        } else {
            match write_file(&path, contents.as_bytes(), Existing::Keep) {
                Ok(_) => Outcome::Wrote,
                Err(WriteError::Exists(_)) => Outcome::Kept,
                Err(e) => return Err(io::Error::other(format!("{}: {}", path.display(), e.reason()))),
            }
        };
        match outcome {
            Outcome::Wrote => writeln!(out, "wrote {}", path.display())?,
            Outcome::Kept => writeln!(out, "kept {} (it already exists)", path.display())?,
        }
        outcomes.push((name, outcome));
    }
    Ok(outcomes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use byline_core::registry::{self, RegistrySource};
    use byline_corpus::config::Config;

    #[test]
    fn the_starter_files_are_valid_and_change_no_default() {
        let config = Config::parse(Path::new("/c"), Path::new("/c/byline.toml"), STARTER_CONFIG).unwrap();
        let defaults = Config::default_for(Path::new("/c"));
        assert_eq!(config.include, defaults.include);
        assert_eq!(config.registry, defaults.registry);
        assert_eq!(config.severity_of("unannotated-mark"), defaults.severity_of("unannotated-mark"));

        let empty = registry::parse(&[RegistrySource { name: "entities.toml", text: STARTER_REGISTRY }]);
        assert!(empty.entries.is_empty() && empty.problems.is_empty(), "{:?}", empty.problems);
        let uncommented: String =
            STARTER_REGISTRY.lines().map(|l| l.strip_prefix("# ").unwrap_or(l)).collect::<Vec<_>>().join("\n");
        let example = uncommented.split("remove the leading `# ` to use it:").nth(1).unwrap();
        let parsed = registry::parse(&[RegistrySource { name: "entities.toml", text: example }]);
        assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
        assert_eq!(parsed.entries.len(), 2);
        assert_eq!(parsed.get("maria-lopes").and_then(|e| e.affiliation.as_deref()), Some("port-of-sines"));
    }
}
