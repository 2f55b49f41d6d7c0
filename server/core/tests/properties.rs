//! Property tests (proptest) for every parser of the core and for the
//! analysis: whatever the input, no panic; every span in range and on
//! character boundaries; a `.ann` written back byte for byte. Inputs are
//! built from pieces that reach the interesting paths (quotation marks of
//! every kind, initials, capitalised names, dates, multi-byte characters,
//! every line break) rather than uniform noise, which rarely gets past the
//! first check. Time is measured in a benchmark
//! (`server/cli/examples/bench_linear.rs`), not here.

use byline_core::interchange::{conll, jsonl};
use byline_core::registry::{self, RegistrySource};
use byline_core::standoff::{self, check};
use byline_core::{analyze, AnalyzeOptions, CivilDate, Span};
use proptest::prelude::*;

/// Text made of news-like pieces and hostile ones.
fn article() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("\"".to_string()),
        Just("“".to_string()),
        Just("”".to_string()),
        Just("«".to_string()),
        Just("'".to_string()),
        Just("‘".to_string()),
        Just(" said ".to_string()),
        Just(" told reporters".to_string()),
        Just("according to ".to_string()),
        Just("Ana Lima".to_string()),
        Just("Kim Yo Jong".to_string()),
        Just("Mr. ".to_string()),
        Just("U.S.".to_string()),
        Just("a.".to_string()),
        Just("J. R. ".to_string()),
        Just("the Ministry of Finance".to_string()),
        Just("on Monday".to_string()),
        Just("March 5, 2024".to_string()),
        Just("last year".to_string()),
        Just("2024-03-05".to_string()),
        Just("조태용".to_string()),
        Just("👍".to_string()),
        Just("e\u{301}".to_string()),
        Just("\u{feff}".to_string()),
        Just("\u{2028}".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("\r".to_string()),
        Just("\n\n".to_string()),
        Just("---\ndate: 2024-01-02\n---\n".to_string()),
        Just(". ".to_string()),
        Just(", ".to_string()),
        Just(": ".to_string()),
        "[A-Za-z]{1,8}",
        "[ -~]{0,12}",
        any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..80).prop_map(|pieces| pieces.concat())
}

fn in_text(text: &str, span: Span, what: &str) {
    assert!(span.start <= span.end && span.end <= text.len(), "{what} {span:?} out of a {}-byte text", text.len());
    assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end), "{what} {span:?} cuts a character");
}

/// `.ann` lines: well-formed ones of every kind, broken ones, and noise.
fn ann_text() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        (1..50u32, 0..40usize, 0..10usize).prop_map(|(id, s, n)| format!("T{id}\tPerson {s} {}\tAna\n", s + n)),
        (1..50u32, 0..40usize).prop_map(|(id, s)| format!("T{id}\tQuote {s} {};{} {}\tx y\n", s + 2, s + 4, s + 6)),
        (1..9u32, 1..9u32, 1..9u32).prop_map(|(r, a, b)| format!("R{r}\tSaidBy Arg1:T{a} Arg2:T{b}\n")),
        (1..9u32, 1..9u32).prop_map(|(a, t)| format!("A{a}\tRejected T{t}\n")),
        (1..9u32, 1..9u32).prop_map(|(n, t)| format!("N{n}\tReference T{t} byline:ana-lima\tAna Lima\n")),
        (1..9u32).prop_map(|n| format!("#{n}\tAnnotatorNotes T1\tcheck this\n")),
        Just("T1 Person 0 3 Ana\n".to_string()),
        Just("T2\tPerson 5 2\tbackwards\n".to_string()),
        Just("T3\tPerson 99999999999999999999 1\tbig\n".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("\u{feff}".to_string()),
        "[ -~\t]{0,30}\n",
        "[^\n]{0,20}",
    ];
    prop::collection::vec(line, 0..30).prop_map(|lines| lines.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn analysis_never_panics_and_its_spans_fit_the_text(text in article(), day in 1..28u32) {
        let options = AnalyzeOptions { publication_date: CivilDate::new(2024, 3, day), ..Default::default() };
        let analysis = analyze(&text, &options);
        for q in &analysis.quotes {
            in_text(&text, q.span, "quote");
            in_text(&text, q.content, "quote content");
            for f in &q.fragments {
                in_text(&text, *f, "quote fragment");
            }
            if let Some(a) = &q.speaker {
                in_text(&text, a.mention, "speaker");
                if let Some(cue) = a.cue {
                    in_text(&text, cue, "cue");
                }
            }
        }
        for d in &analysis.dates {
            in_text(&text, d.span, "date");
        }
        for e in &analysis.entities {
            in_text(&text, e.span, "entity");
        }
        for p in &analysis.paragraphs {
            in_text(&text, p.span, "paragraph");
        }
        for p in &analysis.problems {
            in_text(&text, p.span, "problem");
        }
        // The listing and the interchange formats take any analysis.
        let _ = byline_core::listing::render(&text, &analysis);
    }

    #[test]
    fn ann_files_round_trip_byte_for_byte(ann in ann_text(), text in article()) {
        let file = standoff::parse(&ann);
        prop_assert_eq!(standoff::write(&file), ann.clone());
        for problem in file.problems() {
            in_text(&ann, problem.span, "ann problem");
        }
        // Every rule over every article and annotation file stays in range.
        for problem in check(&text, &file, |id| id == "ana-lima") {
            in_text(&text, problem.span, "standoff problem");
            if let Some(related) = problem.related {
                in_text(&text, related, "standoff related");
            }
        }
        // Interchange: out as JSONL and back, and CoNLL, without a panic.
        let record = jsonl::to_record(&text, &file, Some("a.txt"));
        let line = serde_json::to_string(&record).unwrap();
        let back: jsonl::Record = serde_json::from_str(&line).unwrap();
        let _ = jsonl::to_ann(&back);
        let mut out = String::new();
        conll::write_document(&mut out, &text, &file);
    }

    #[test]
    fn annotation_conf_parses_anything(conf in prop::collection::vec(prop_oneof![
        Just("[entities]\n".to_string()),
        Just("[relations]\n".to_string()),
        Just("[events]\n".to_string()),
        Just("[attributes]\n".to_string()),
        Just("Person\n".to_string()),
        Just("\tSpeaker\n".to_string()),
        Just("SaidBy\tArg1:Quote, Arg2:Speaker|Person\n".to_string()),
        Just("Rejected\tArg:<ENTITY>\n".to_string()),
        Just("<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n".to_string()),
        Just("# comment\n".to_string()),
        "[ -~\t]{0,30}\n",
    ], 0..30).prop_map(|l| l.concat())) {
        let (_, problems) = standoff::parse_conf(&conf);
        for problem in problems {
            in_text(&conf, problem.span, "conf problem");
        }
    }

    #[test]
    fn registries_parse_anything(toml in prop::collection::vec(prop_oneof![
        Just("[[person]]\n".to_string()),
        Just("[[organization]]\n".to_string()),
        Just("[[place]]\n".to_string()),
        Just("id = \"ana-lima\"\n".to_string()),
        Just("name = \"Ana Lima\"\n".to_string()),
        Just("aliases = [\"Lima\", \"A. Lima\", \"\"]\n".to_string()),
        Just("affiliation = \"nowhere\"\n".to_string()),
        Just("roles = [{ title = \"minister\", from = \"2019\" }]\n".to_string()),
        Just("id = \"조태용\"\n".to_string()),
        Just("name = \"\"\n".to_string()),
        Just("id = 3\n".to_string()),
        "[ -~]{0,30}\n",
    ], 0..30).prop_map(|l| l.concat())) {
        let parsed = registry::parse(&[RegistrySource { name: "entities.toml", text: &toml }]);
        for problem in &parsed.problems {
            in_text(&toml, problem.span, "registry problem");
        }
        // The gazetteer built from whatever parsed links any article.
        let gazetteer = std::sync::Arc::new(parsed.gazetteer());
        let _ = analyze("Ana Lima said on Monday that Lima would wait.", &AnalyzeOptions {
            gazetteer: Some(gazetteer),
            ..Default::default()
        });
    }

    #[test]
    fn jsonl_records_never_panic(line in prop_oneof![
        "[ -~]{0,60}",
        (article(), 0..40usize, 0..40usize).prop_map(|(text, s, e)| serde_json::json!({
            "text": text,
            "spans": [{"start": s, "end": e, "label": "PERSON"}, {"start": e, "end": s, "label": "Quote", "id": "T1"}],
            "relations": [{"head_span": {"start": s, "end": e, "label": "Quote"},
                           "child_span": {"start": e, "end": e + 3, "label": "Speaker"}, "label": "SaidBy"}],
            "meta": {"source": "../x.txt"},
        }).to_string()),
    ]) {
        if let Ok(record) = serde_json::from_str::<jsonl::Record>(&line) {
            let (ann, _) = jsonl::to_ann(&record);
            let written = standoff::write(&ann);
            prop_assert_eq!(standoff::write(&standoff::parse(&written)), written);
        }
    }
}
