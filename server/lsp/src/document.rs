//! An open document: the editor's buffer kept in a rope, edited in place by
//! incremental changes, with its last analysis cached by version.

use crate::position::{offsets_of, Encoding};
use byline_core::{Analysis, AnalyzeOptions, Gazetteer};
use ropey::Rope;
use std::sync::{Arc, OnceLock};
use tower_lsp_server::ls_types::TextDocumentContentChangeEvent;

#[derive(Debug, Clone)]
pub struct Document {
    pub rope: Rope,
    pub version: i32,
    /// The analysis of `version`, computed once by whichever request or
    /// background job needs it first; the others wait for it rather than
    /// analyse the same text again. Replaced by every change.
    analysis: Arc<OnceLock<Analyzed>>,
}

/// A document's text and analysis at one version: what requests compute on.
#[derive(Debug, Clone)]
pub struct Analyzed {
    pub version: i32,
    /// Made with reported speech (`[marks] reported`).
    pub reported: bool,
    pub text: Arc<str>,
    pub analysis: Arc<Analysis>,
}

impl Document {
    pub fn new(text: &str, version: i32) -> Self {
        Document { rope: Rope::from_str(text), version, analysis: Arc::default() }
    }

    /// Applies one `didChange`: each change on the result of the previous one;
    /// a change without a range replaces the whole text. A version that is
    /// not newer than the current one is ignored (returns false).
    pub fn apply(&mut self, version: i32, changes: &[TextDocumentContentChangeEvent], encoding: Encoding) -> bool {
        if version <= self.version {
            return false;
        }
        for change in changes {
            match change.range {
                None => self.rope = Rope::from_str(&change.text),
                Some(range) => {
                    let (start, end) = offsets_of(&self.rope, range, encoding);
                    let (Ok(start), Ok(end)) = (self.rope.try_byte_to_char(start), self.rope.try_byte_to_char(end))
                    else {
                        continue;
                    };
                    // Both offsets are clamped into the rope, so these cannot fail;
                    // a failure would leave the text as it was rather than panic.
                    if self.rope.try_remove(start..end).is_ok() {
                        let _ = self.rope.try_insert(start, &change.text);
                    }
                }
            }
        }
        self.version = version;
        self.analysis = Arc::default();
        true
    }

    /// Forgets the cached analysis: the registry changed, so the same text
    /// may have other marks. Snapshots taken before keep theirs.
    pub fn reset_analysis(&mut self) {
        self.analysis = Arc::default();
    }

    /// The analysis of this version (of this snapshot, for a clone),
    /// computing it on first use with the corpus's gazetteer. The caller
    /// passes the gazetteer of the registry it took with the snapshot; the
    /// cache is reset whenever that registry changes.
    ///
    /// `reported` is `[marks] reported`; a cached analysis made under the
    /// other setting (the setting changed and the cache was not reset yet)
    /// is not used.
    pub fn analyzed(&self, gazetteer: Option<&Arc<Gazetteer>>, reported: bool) -> Analyzed {
        let compute = || {
            let text = self.rope.to_string();
            let options = AnalyzeOptions { gazetteer: gazetteer.cloned(), reported, ..AnalyzeOptions::default() };
            let analysis = byline_core::analyze(&text, &options);
            Analyzed { version: self.version, reported, text: Arc::from(text), analysis: Arc::new(analysis) }
        };
        let cached = self.analysis.get_or_init(compute);
        if cached.reported == reported {
            cached.clone()
        } else {
            compute()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower_lsp_server::ls_types::{Position, Range};

    fn edit(line: u32, from: u32, to: u32, text: &str) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: Some(Range::new(Position::new(line, from), Position::new(line, to))),
            range_length: None,
            text: text.to_string(),
        }
    }

    #[test]
    fn changes_apply_in_sequence_on_each_result() {
        let mut doc = Document::new("Kim said 👍 today.\nSecond line.", 1);
        // "said" -> "told", then insert after the emoji (UTF-16 column 12).
        let changes = [edit(0, 4, 8, "told"), edit(0, 11, 11, " and")];
        assert!(doc.apply(2, &changes, Encoding::Utf16));
        assert_eq!(doc.rope.to_string(), "Kim told 👍 and today.\nSecond line.");
    }

    #[test]
    fn stale_versions_are_ignored_and_full_replacement_works() {
        let mut doc = Document::new("old", 5);
        assert!(!doc.apply(5, &[edit(0, 0, 3, "x")], Encoding::Utf8));
        assert_eq!(doc.rope.to_string(), "old");
        let full = TextDocumentContentChangeEvent { range: None, range_length: None, text: "new text".into() };
        assert!(doc.apply(6, &[full, edit(0, 3, 3, "er")], Encoding::Utf8));
        assert_eq!(doc.rope.to_string(), "newer text");
        assert_eq!(doc.version, 6);
    }

    #[test]
    fn edits_past_the_end_are_clamped() {
        let mut doc = Document::new("abc", 1);
        assert!(doc.apply(2, &[edit(7, 0, 9, "!")], Encoding::Utf16));
        assert_eq!(doc.rope.to_string(), "abc!");
    }
}
