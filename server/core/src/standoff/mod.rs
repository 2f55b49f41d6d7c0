//! Human annotations in brat's standoff format: the `.ann` beside each
//! article, the corpus's `annotation.conf`, and the rules that keep them
//! consistent with the text and with what Byline detects. Pure: text in,
//! values out; the corpus layer reads and writes the files.
//!
//! # Public API
//!
//! **The `.ann` model** ([`ann`] for the file, [`annotation`] for one
//! line), lossless:
//! - [`parse`]`(text) -> `[`AnnFile`] keeps every line with its bytes and
//!   terminator: [`TextBound`] `T` (discontinuous too), [`Relation`] `R`,
//!   [`Event`] `E`, [`Attribute`] `A`/`M`, [`Normalization`] `N`, [`Note`]
//!   `#`, [`Equivalence`] `*`, blank, unknown and malformed lines.
//! - [`write()`]`(&AnnFile) -> String`: byte for byte the input when nothing
//!   changed; an edit re-renders only the lines it changed.
//! - Reading: [`AnnFile::lines`], [`AnnFile::text_bounds`], `relations`,
//!   `attributes`, `normalizations`, `notes`, `events`, `equivalences`,
//!   [`AnnFile::get`], [`AnnFile::speaker_of`], [`AnnFile::entity_of`],
//!   [`AnnFile::date_value_of`], [`AnnFile::is_rejected`],
//!   [`AnnFile::line_of`], [`AnnFile::index`] (the same lookups in O(1) for
//!   whole-file passes), [`AnnFile::problems`] (malformed lines with line
//!   numbers and what was expected, repeated ids, dangling references).
//! - Editing (fresh ids such as `T12`, never recycled):
//!   [`AnnFile::add_text_bound`], `add_relation`, `add_attribute`,
//!   `add_normalization`, `add_note`, [`AnnFile::remove`],
//!   [`AnnFile::remove_with_dependents`], [`AnnFile::relabel`],
//!   [`AnnFile::set_offsets`], [`AnnFile::set_speaker`] (`SaidBy`),
//!   [`AnnFile::link_entity`] (`byline:<id>`), [`AnnFile::set_date_value`]
//!   (`TIMEX3:<value>`), [`AnnFile::reject`], [`AnnFile::update`],
//!   [`AnnFile::push_line`] (a verbatim line, for imports).
//! - [`edit_between`]`(old_text, &AnnFile) -> Option<`[`LineEdit`]`>`: the
//!   one whole-line replacement that turns the `.ann` an editor has into the
//!   edited file, for code actions' workspace edits.
//!
//! **Offsets** ([`offsets`]): brat counts code points, Byline bytes.
//! [`OffsetMap`] converts [`CharSpan`]s to and from [`crate::Span`]s.
//!
//! **`annotation.conf`** ([`conf`]): [`parse_conf`]`(text) -> (`
//! [`AnnotationConf`]`, Vec<`[`ConfProblem`]`>)` accepts brat's syntax
//! (sections, tab-nested hierarchies, `!` groups, `Name|Alias`, macros,
//! `<ENTITY>`/`<EVENT>`/`<RELATION>`/`<ANY>`, `<OVERLAP>`, `<REL-TYPE>`,
//! `Arg:`/`Value:`, cardinalities `? * + {n-m}`). [`DEFAULT_CONF`] is the
//! conf Byline writes. [`validate`]`(&AnnFile, &AnnotationConf)` reports
//! unknown types, attributes and values and arguments of the wrong type, as
//! [`AnnProblem`]s with `.ann` line numbers.
//!
//! **Anchoring** ([`anchor`]): [`check_anchors`]`(text, &AnnFile) ->
//! Vec<`[`Stale`]`>` (with the nearest exact occurrence as the fix),
//! [`reanchor`]`(text, &TextBound) -> Option<Vec<CharSpan>>`, and
//! [`follow_edit`]`(&mut AnnFile, old_text, edit, new_text) -> Vec<lost id>`.
//!
//! **Rules** ([`rules`]), problems with byte spans into the article and a
//! [`StandoffCode`] (`stale-annotation`, `overlapping-spans`,
//! `label-conflict`, `quote-without-speaker`, `unknown-entity-id`,
//! `unannotated-mark`; [`StandoffCode::default_severity`]):
//! [`stale_annotations`], [`overlapping_spans`], [`quotes_without_speaker`],
//! [`unknown_entity_ids`], [`check`] (all four), [`check_corpus`] (all of
//! them over a corpus, label conflicts included), [`label_conflicts`] over
//! [`AnnotatedArticle`]s of a corpus ([`LabelConflict::problems`] for one
//! problem per place), [`unannotated_marks`].
//!
//! **Precedence** ([`merge`](mod@merge)): [`merge()`]`(text, &Analysis,
//! &AnnFile) -> `[`MergedMarks`]: each [`DetectedMark`] `Suggested`,
//! `Confirmed` or `Contradicted` (rejected, other label, other span), plus
//! the [`AnnotatedMark`]s. Editing helpers for code actions: [`accept`] one
//! mark (with its registry link or date value), [`accept_all`] in a range
//! (linking SaidBy and CueOf), [`reject`] one. [`entity_label`] and
//! [`entity_kind`] map Byline's entity labels to brat's and back.

pub mod anchor;
pub mod ann;
pub mod annotation;
pub mod conf;
pub mod merge;
pub mod offsets;
pub mod rules;

pub use anchor::{check_anchors, follow_edit, reanchor, Stale};
pub use ann::{edit_between, parse, write, AnnFile, AnnIndex, AnnLine, AnnProblem, EditError, LineEdit};
pub use annotation::{
    kind_of_reported, labels, reported_value, reported_values, Annotation, Argument, Attribute, Equivalence, Event,
    Malformed, Normalization, Note, Relation, TextBound, ANNOTATOR_NOTES, CUE_OF, REFERENCE, REGISTRY_DB, REJECTED,
    REPORTED, SAID_BY, TIMEX_DB,
};
pub use conf::{parse_conf, validate, AnnotationConf, ConfProblem, DEFAULT_CONF};
pub use merge::{
    accept, accept_all, annotated_marks, detected_marks, entity_kind, entity_label, mark_name, merge, reject,
    unannotated_marks, AnnotatedMark, Contradiction, DetectedMark, MarkSource, MarkStatus, MergedMarks,
};
pub use offsets::{CharSpan, OffsetMap};
pub use rules::{
    check, check_corpus, label_conflicts, overlapping_spans, quotes_without_speaker, stale_annotations,
    unknown_entity_ids, AnnotatedArticle, LabelConflict, LabelPlace, StandoffCode, StandoffProblem,
};

#[cfg(test)]
mod fixture_tests;
