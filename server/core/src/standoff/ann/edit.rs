//! Editing a `.ann` through its model: fresh ids, lines re-rendered only
//! when they change, and the one line edit that turns the old text into
//! the new one for a code action.

use super::*;

/// Why an edit through the [`AnnFile`] API could not be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditError {
    /// No annotation has this id.
    UnknownId(String),
    /// The id names an annotation of another kind than the edit needs.
    WrongKind { id: String, expected: &'static str },
}

impl std::fmt::Display for EditError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EditError::UnknownId(id) => write!(f, "no annotation has the id `{id}`"),
            EditError::WrongKind { id, expected } => write!(f, "`{id}` is not a {expected}"),
        }
    }
}

impl std::error::Error for EditError {}
/// A replacement of whole lines in a `.ann` text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LineEdit {
    /// Bytes in the old text, from a line start to a line start (or its end).
    pub span: crate::span::Span,
    pub new_text: String,
}

/// The one edit that turns `old_text` (the `.ann` as the editor has it) into
/// `write(new)`: the lines between the unchanged first and last ones. A
/// code action sends it as a workspace edit, so the editor's undo restores
/// it in one step and lines around it are not rewritten. `None` when the
/// texts are equal.
pub fn edit_between(old_text: &str, new: &AnnFile) -> Option<LineEdit> {
    let new_text = write(new);
    if new_text == old_text {
        return None;
    }
    let old_lines: Vec<&str> = old_text.split_inclusive('\n').collect();
    let new_lines: Vec<&str> = new_text.split_inclusive('\n').collect();
    let prefix = old_lines.iter().zip(&new_lines).take_while(|(a, b)| a == b).count();
    let suffix =
        old_lines[prefix..].iter().rev().zip(new_lines[prefix..].iter().rev()).take_while(|(a, b)| a == b).count();
    let bytes = |lines: &[&str]| lines.iter().map(|l| l.len()).sum::<usize>();
    let start = bytes(&old_lines[..prefix]);
    let end = old_text.len() - bytes(&old_lines[old_lines.len() - suffix..]);
    let new_start = bytes(&new_lines[..prefix]);
    let new_end = new_text.len() - bytes(&new_lines[new_lines.len() - suffix..]);
    Some(LineEdit { span: crate::span::Span::new(start, end), new_text: new_text[new_start..new_end].to_string() })
}

impl AnnFile {
    /// Appends an annotation as a new last line.
    pub fn push(&mut self, annotation: Annotation) {
        let terminator = self.line_terminator();
        if let Some(last) = self.lines.last_mut() {
            if last.terminator.is_empty() {
                last.terminator = terminator;
            }
        }
        self.lines.push(AnnLine { raw: annotation.render(), terminator, annotation });
        self.note_id(self.lines.len() - 1);
    }

    /// Appends a line verbatim (a line break in it becomes a space), read
    /// like any other line: for lines an import carries through unchanged.
    /// Returns what it was read as.
    pub fn push_line(&mut self, raw: &str) -> &Annotation {
        let raw = one_line(raw);
        let annotation = parse_line(&raw);
        let terminator = self.line_terminator();
        if let Some(last) = self.lines.last_mut() {
            if last.terminator.is_empty() {
                last.terminator = terminator;
            }
        }
        self.lines.push(AnnLine { raw, terminator, annotation });
        let last = self.lines.len() - 1;
        self.note_id(last);
        &self.lines[last].annotation
    }

    pub fn add_text_bound(&mut self, label: &str, fragments: Vec<CharSpan>, text: &str) -> String {
        let id = self.fresh_id('T');
        self.push(Annotation::TextBound(TextBound {
            id: id.clone(),
            label: label.to_string(),
            fragments,
            text: text.to_string(),
        }));
        id
    }

    pub fn add_relation(&mut self, label: &str, arg1: &str, arg2: &str) -> String {
        let id = self.fresh_id('R');
        self.push(Annotation::Relation(Relation {
            id: id.clone(),
            label: label.to_string(),
            args: vec![
                Argument { role: "Arg1".to_string(), target: arg1.to_string() },
                Argument { role: "Arg2".to_string(), target: arg2.to_string() },
            ],
        }));
        id
    }

    pub fn add_attribute(&mut self, name: &str, target: &str, value: Option<&str>) -> String {
        let id = self.fresh_id('A');
        self.push(Annotation::Attribute(Attribute {
            id: id.clone(),
            name: name.to_string(),
            target: target.to_string(),
            value: value.map(str::to_string),
        }));
        id
    }

    pub fn add_normalization(&mut self, target: &str, db: &str, db_id: &str, text: &str) -> String {
        let id = self.fresh_id('N');
        self.push(Annotation::Normalization(Normalization {
            id: id.clone(),
            label: REFERENCE.to_string(),
            target: target.to_string(),
            db: db.to_string(),
            db_id: db_id.to_string(),
            text: Some(text.to_string()),
        }));
        id
    }

    pub fn add_note(&mut self, target: &str, text: &str) -> String {
        let id = self.fresh_id('#');
        self.push(Annotation::Note(Note {
            id: id.clone(),
            label: ANNOTATOR_NOTES.to_string(),
            target: target.to_string(),
            text: text.to_string(),
        }));
        id
    }

    /// Changes the annotation with this id in place. The line is re-rendered
    /// only if `change` really changed it, so a no-op keeps its bytes.
    pub fn update(&mut self, id: &str, change: impl FnOnce(&mut Annotation)) -> Result<(), EditError> {
        let index = self
            .lines
            .iter()
            .position(|l| l.annotation.id() == Some(id))
            .ok_or_else(|| EditError::UnknownId(id.to_string()))?;
        self.update_at(index, change);
        Ok(())
    }

    /// [`AnnFile::update`] by line index (0-based), for passes over every
    /// line that would otherwise look each id up again.
    pub(crate) fn update_at(&mut self, index: usize, change: impl FnOnce(&mut Annotation)) {
        let Some(line) = self.lines.get_mut(index) else { return };
        let mut changed = line.annotation.clone();
        change(&mut changed);
        if changed != line.annotation {
            line.raw = changed.render();
            line.annotation = changed;
            self.note_id(index);
        }
    }

    /// Removes the line of this annotation and returns it. Lines that point
    /// to it stay (and [`AnnFile::problems`] reports them); use
    /// [`AnnFile::remove_with_dependents`] to take them along.
    pub fn remove(&mut self, id: &str) -> Option<Annotation> {
        let index = self.lines.iter().position(|l| l.annotation.id() == Some(id))?;
        let removed = self.lines.remove(index);
        self.keep_final_line_state(removed.terminator);
        Some(removed.annotation)
    }

    /// A file that ended without a newline still does after its last line
    /// is removed.
    fn keep_final_line_state(&mut self, removed_terminator: &'static str) {
        if removed_terminator.is_empty() {
            if let Some(last) = self.lines.last_mut() {
                last.terminator = "";
            }
        }
    }

    /// Removes an annotation and everything that points to it (its
    /// relations, attributes, normalisations, notes; it leaves equivalence
    /// groups), recursively. Returns the removed ids.
    pub fn remove_with_dependents(&mut self, id: &str) -> Vec<String> {
        let mut removed = Vec::new();
        let mut pending = vec![id.to_string()];
        while let Some(next) = pending.pop() {
            if self.remove(&next).is_none() {
                continue;
            }
            for line in &self.lines {
                if line.annotation.id().is_some() && line.annotation.references().contains(&next.as_str()) {
                    pending.extend(line.annotation.id().map(str::to_string));
                }
            }
            let mut emptied = Vec::new();
            for (i, line) in self.lines.iter_mut().enumerate() {
                if let Annotation::Equivalence(q) = &line.annotation {
                    if q.members.contains(&next) {
                        let mut changed = q.clone();
                        changed.members.retain(|m| *m != next);
                        if changed.members.len() < 2 {
                            emptied.push(i);
                        } else {
                            let changed = Annotation::Equivalence(changed);
                            line.raw = changed.render();
                            line.annotation = changed;
                        }
                    }
                }
            }
            for i in emptied.into_iter().rev() {
                let line = self.lines.remove(i);
                self.keep_final_line_state(line.terminator);
            }
            removed.push(next);
        }
        removed
    }

    /// Gives a text-bound, relation or event another label.
    pub fn relabel(&mut self, id: &str, label: &str) -> Result<(), EditError> {
        let mut kind_ok = true;
        self.update(id, |a| match a {
            Annotation::TextBound(t) => t.label = label.to_string(),
            Annotation::Relation(r) => r.label = label.to_string(),
            Annotation::Event(e) => e.label = label.to_string(),
            _ => kind_ok = false,
        })?;
        if kind_ok {
            Ok(())
        } else {
            Err(EditError::WrongKind { id: id.to_string(), expected: "text-bound, relation or event" })
        }
    }

    /// Moves a text-bound to new offsets with the text now found there.
    pub fn set_offsets(&mut self, id: &str, fragments: Vec<CharSpan>, text: &str) -> Result<(), EditError> {
        self.require_text_bound(id)?;
        self.update(id, |a| {
            if let Annotation::TextBound(t) = a {
                t.fragments = fragments;
                t.text = text.to_string();
            }
        })
    }

    fn require_text_bound(&self, id: &str) -> Result<&TextBound, EditError> {
        match self.get(id) {
            Some(Annotation::TextBound(t)) => Ok(t),
            Some(_) => Err(EditError::WrongKind { id: id.to_string(), expected: "text-bound annotation" }),
            None => Err(EditError::UnknownId(id.to_string())),
        }
    }

    /// Makes `speaker` the speaker of `quote`: rewrites the quote's `SaidBy`
    /// if it has one (keeping its id), else adds one. Returns the relation id.
    pub fn set_speaker(&mut self, quote: &str, speaker: &str) -> Result<String, EditError> {
        self.require_text_bound(quote)?;
        self.require_text_bound(speaker)?;
        let existing =
            self.relations().find(|r| r.label == SAID_BY && r.arg("Arg1") == Some(quote)).map(|r| r.id.clone());
        match existing {
            Some(id) => {
                self.update(&id, |a| {
                    if let Annotation::Relation(r) = a {
                        if let Some(arg) = r.args.iter_mut().find(|arg| arg.role == "Arg2") {
                            arg.target = speaker.to_string();
                        }
                    }
                })?;
                Ok(id)
            }
            None => Ok(self.add_relation(SAID_BY, quote, speaker)),
        }
    }

    /// Links a text-bound to a registry entry:
    /// `N1\tReference T3 byline:kurt-campbell\tKurt Campbell`. Replaces an
    /// earlier registry link of the same text-bound. Returns its id.
    pub fn link_entity(&mut self, target: &str, entity_id: &str, name: &str) -> Result<String, EditError> {
        self.set_reference(target, REGISTRY_DB, entity_id, name)
    }

    /// Records a date's TIMEX3 value:
    /// `N2\tReference T5 TIMEX3:2012-01-31\tJan. 31`.
    pub fn set_date_value(&mut self, target: &str, value: &str, text: &str) -> Result<String, EditError> {
        self.set_reference(target, TIMEX_DB, value, text)
    }

    fn set_reference(&mut self, target: &str, db: &str, db_id: &str, text: &str) -> Result<String, EditError> {
        self.require_text_bound(target)?;
        let existing = self.normalizations().find(|n| n.target == target && n.db == db).map(|n| n.id.clone());
        match existing {
            Some(id) => {
                self.update(&id, |a| {
                    if let Annotation::Normalization(n) = a {
                        n.db_id = db_id.to_string();
                        n.text = Some(text.to_string());
                    }
                })?;
                Ok(id)
            }
            None => Ok(self.add_normalization(target, db, db_id, text)),
        }
    }

    /// Marks a text-bound as a rejected suggestion (idempotent). Returns the
    /// attribute's id.
    pub fn reject(&mut self, target: &str) -> Result<String, EditError> {
        self.require_text_bound(target)?;
        if let Some(existing) = self.attributes().find(|a| a.target == target && a.name == REJECTED) {
            return Ok(existing.id.clone());
        }
        Ok(self.add_attribute(REJECTED, target, None))
    }

    /// Records a quote's kind: its `Reported` attribute set to the kind's
    /// value (rewritten in place when there is one, keeping its id), or
    /// removed for a direct quotation. Returns the attribute's id, `None`
    /// for direct.
    pub fn set_quote_kind(&mut self, quote: &str, kind: crate::QuoteKind) -> Result<Option<String>, EditError> {
        self.require_text_bound(quote)?;
        let existing: Vec<String> =
            self.attributes().filter(|a| a.target == quote && a.name == REPORTED).map(|a| a.id.clone()).collect();
        let Some(value) = reported_value(kind) else {
            for id in existing {
                self.remove(&id);
            }
            return Ok(None);
        };
        match existing.first() {
            Some(id) => {
                let id = id.clone();
                self.update(&id, |a| {
                    if let Annotation::Attribute(x) = a {
                        x.value = Some(value.to_string());
                    }
                })?;
                Ok(Some(id))
            }
            None => Ok(Some(self.add_attribute(REPORTED, quote, Some(value)))),
        }
    }
}
