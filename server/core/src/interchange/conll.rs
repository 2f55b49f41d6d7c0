//! CoNLL with BIO tags: one token per line (`token<TAB>tag`), a blank line
//! between sentences, `-DOCSTART-` before each document, as CoNLL-2003 NER
//! readers (spaCy's converter, flair, seqeval) take it.
//!
//! BIO tags one flat layer, so only entities and dates are written (`PER`,
//! `ORG`, `LOC`, `DATE`); quotes, speakers and cues nest around or inside
//! them and have no place in it. Where annotations overlap, the one that
//! starts first (the longer, at the same start) wins. Rejected suggestions
//! are not annotations and are left out.

use super::tokens::{sentences, tokenize};
use crate::standoff::{labels, AnnFile, CharSpan};

/// The CoNLL tag type of a brat type, for the types BIO can hold.
pub fn conll_type(label: &str) -> Option<&'static str> {
    match label {
        labels::PERSON => Some("PER"),
        labels::ORGANIZATION => Some("ORG"),
        labels::LOCATION => Some("LOC"),
        labels::DATE => Some("DATE"),
        _ => None,
    }
}

/// One document's tokens and tags, appended to `out`.
pub fn write_document(out: &mut String, text: &str, ann: &AnnFile) {
    let tokens = tokenize(text);
    let mut entities: Vec<(CharSpan, &'static str)> = ann
        .text_bounds()
        .filter(|tb| !ann.is_rejected(&tb.id))
        .filter_map(|tb| Some((tb.extent(), conll_type(&tb.label)?)))
        .filter(|(span, _)| !span.is_empty())
        .collect();
    entities.sort_by_key(|(span, _)| (span.start, std::cmp::Reverse(span.end)));
    let mut tags: Vec<Option<(&'static str, bool)>> = vec![None; tokens.len()];
    let mut taken_until = 0;
    for (span, kind) in entities {
        if span.start < taken_until {
            continue;
        }
        let mut first = true;
        for (i, token) in tokens.iter().enumerate() {
            if token.chars.overlaps(span) {
                tags[i] = Some((kind, first));
                first = false;
            }
        }
        if !first {
            taken_until = span.end;
        }
    }
    out.push_str("-DOCSTART-\tO\n\n");
    for sentence in sentences(text, &tokens) {
        for i in sentence {
            let tag = match tags[i] {
                None => "O".to_string(),
                Some((kind, true)) => format!("B-{kind}"),
                Some((kind, false)) => format!("I-{kind}"),
            };
            out.push_str(tokens[i].text(text));
            out.push('\t');
            out.push_str(&tag);
            out.push('\n');
        }
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::standoff::parse;

    #[test]
    fn entities_become_bio_tags_per_sentence() {
        let text = "Ana Lima left Petrobras on Monday. She said \"no.\"\n";
        let ann = parse(
            "T1\tPerson 0 8\tAna Lima\n\
             T2\tOrganization 14 23\tPetrobras\n\
             T3\tDate 27 33\tMonday\n\
             T4\tQuote 44 49\t\"no.\"\n\
             T5\tPerson 39 42\tsai\n\
             A1\tRejected T5\n",
        );
        let mut out = String::new();
        write_document(&mut out, text, &ann);
        assert_eq!(
            out,
            "-DOCSTART-\tO\n\n\
             Ana\tB-PER\nLima\tI-PER\nleft\tO\nPetrobras\tB-ORG\non\tO\nMonday\tB-DATE\n.\tO\n\n\
             She\tO\nsaid\tO\n\"\tO\nno\tO\n.\tO\n\"\tO\n\n"
        );
    }

    #[test]
    fn overlapping_annotations_keep_the_first_and_longest() {
        let text = "Bank of Korea Governor";
        let ann = parse("T1\tLocation 8 13\tKorea\nT2\tOrganization 0 13\tBank of Korea\n");
        let mut out = String::new();
        write_document(&mut out, text, &ann);
        assert!(out.contains("Bank\tB-ORG\nof\tI-ORG\nKorea\tI-ORG\nGovernor\tO\n"), "{out}");
    }
}
