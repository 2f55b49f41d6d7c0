//! Interchange with other annotation tools: pure conversions between a
//! `.ann` (the [`crate::standoff`] model) and the formats NLP tooling reads.
//!
//! - [`jsonl`]: spaCy/Prodigy JSONL spans ([`jsonl::to_record`],
//!   [`jsonl::to_ann`]), code-point offsets, lossless for Byline's own
//!   `.ann` files ([`same_annotations`] is what "lossless" means).
//! - [`conll`]: CoNLL BIO tags, export only ([`conll::write_document`]).
//! - [`tokens`]: the tokenizer and sentence splitter these formats share
//!   with token-level agreement.
//!
//! brat itself needs no conversion: the `.ann` is the format, and detected
//! marks become one through [`crate::standoff::accept_all`], as in the editor.

pub mod conll;
pub mod jsonl;
pub mod tokens;

use crate::standoff::{AnnFile, Annotation};

/// Whether two `.ann` files say the same thing: the same annotations with
/// the same ids, whatever their line order, blank lines or spacing. Lines
/// Byline cannot read are compared by their text.
pub fn same_annotations(a: &AnnFile, b: &AnnFile) -> bool {
    fn key(file: &AnnFile) -> Vec<String> {
        let mut keys: Vec<String> = file
            .lines()
            .iter()
            .filter(|l| !matches!(l.annotation(), Annotation::Blank))
            .map(|l| match l.annotation() {
                Annotation::Unknown | Annotation::Malformed(_) => format!("raw:{}", l.raw()),
                other => format!("{other:?}"),
            })
            .collect();
        keys.sort();
        keys
    }
    key(a) == key(b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::standoff::parse;

    #[test]
    fn line_order_and_blank_lines_do_not_matter_but_content_does() {
        let a = parse("T1\tPerson 0 3\tAna\nR1\tSaidBy Arg1:T2 Arg2:T1\nT2\tQuote 5 9\t\"hi\"\n");
        let b = parse("T2\tQuote 5 9\t\"hi\"\n\nT1\tPerson 0 3\tAna\nR1\tSaidBy Arg1:T2 Arg2:T1");
        assert!(same_annotations(&a, &b));
        let relabelled = parse("T2\tQuote 5 9\t\"hi\"\nT1\tOrganization 0 3\tAna\nR1\tSaidBy Arg1:T2 Arg2:T1\n");
        assert!(!same_annotations(&a, &relabelled));
        let junk = parse("T1\tPerson 0 3\tAna\nR1\tSaidBy Arg1:T2 Arg2:T1\nT2\tQuote 5 9\t\"hi\"\nnot brat\n");
        assert!(!same_annotations(&a, &junk));
    }
}
