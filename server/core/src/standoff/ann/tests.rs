//! The `.ann` model: every line kind, the byte-for-byte round trip, edits.

use super::*;

fn round_trip(text: &str) {
    assert_eq!(write(&parse(text)), text, "round trip of {text:?}");
}

#[test]
fn every_line_kind_parses() {
    let text = "T1\tQuote 0 5;7 12\tHello world\n\
                T2\tSpeaker 20 33\tKurt Campbell\n\
                R1\tSaidBy Arg1:T1 Arg2:T2\n\
                E1\tMeeting:T3 Agent:T2\n\
                A1\tRejected T2\n\
                M1\tSource T1 editor\n\
                N1\tReference T2 byline:kurt-campbell\tKurt Campbell\n\
                #1\tAnnotatorNotes T1\tcheck\tthe tab\n\
                *\tEquiv T2 T4\n\
                \n\
                X1\tsomething brat may add one day\n\
                # checked twice\n";
    let file = parse(text);
    let kinds: Vec<&str> = file
        .annotations()
        .map(|a| match a {
            Annotation::TextBound(_) => "T",
            Annotation::Relation(_) => "R",
            Annotation::Event(_) => "E",
            Annotation::Attribute(_) => "A",
            Annotation::Normalization(_) => "N",
            Annotation::Note(_) => "#",
            Annotation::Equivalence(_) => "*",
            Annotation::Blank => "blank",
            Annotation::Unknown => "unknown",
            Annotation::Malformed(_) => "malformed",
        })
        .collect();
    assert_eq!(kinds, ["T", "T", "R", "E", "A", "A", "N", "#", "*", "blank", "unknown", "unknown"]);
    let quote = file.text_bound("T1").unwrap();
    assert_eq!(quote.fragments, [CharSpan::new(0, 5), CharSpan::new(7, 12)]);
    assert_eq!(quote.extent(), CharSpan::new(0, 12));
    assert_eq!(file.speaker_of("T1"), Some("T2"));
    assert_eq!(file.entity_of("T2"), Some("kurt-campbell"));
    assert!(file.is_rejected("T2"));
    let note = file.notes().next().unwrap();
    assert_eq!(note.text, "check\tthe tab");
    let valued = file.attributes().nth(1).unwrap();
    assert_eq!((valued.id.as_str(), valued.value.as_deref()), ("M1", Some("editor")));
    let index = file.index();
    for id in ["T1", "T2", "T3", "R1"] {
        assert_eq!(index.speaker_of(id), file.speaker_of(id), "{id}");
        assert_eq!(index.entity_of(id), file.entity_of(id), "{id}");
        assert_eq!(index.is_rejected(id), file.is_rejected(id), "{id}");
        assert_eq!(index.text_bound(id), file.text_bound(id), "{id}");
    }
    let event = file.events().next().unwrap();
    assert_eq!((event.trigger.as_str(), event.args[0].target.as_str()), ("T3", "T2"));
    round_trip(text);
}

#[test]
fn round_trip_keeps_crlf_missing_final_newline_spacing_and_unicode() {
    round_trip("T1\tPerson 0 3\t조태용\r\nT2\tDate 10 17\tJan. 31\r\n");
    round_trip("T1\tPerson 0 3\tKim\nR1\tSaidBy  Arg1:T1   Arg2:T1");
    round_trip("#1\tAnnotatorNotes T1\ttab\there, “curly” 👍\n\n\n");
    round_trip("");
    round_trip("\n");
    round_trip("T1\tPerson 0 3\tKim \n");
    round_trip("garbage without tab\r\nT1 Person 0 3 Kim\nT2\tPerson x y\tKim\r");
    round_trip("\u{feff}T1\tPerson 0 3\tKim\n");
    let with_bom = parse("\u{feff}T1\tPerson 0 3\tKim\nT2 oops\n");
    assert!(with_bom.text_bound("T1").is_some(), "the byte order mark is not part of the id");
    assert_eq!(with_bom.problems()[0].span.start, "\u{feff}T1\tPerson 0 3\tKim\n".len());
}

#[test]
fn malformed_lines_are_kept_and_reported_with_line_numbers() {
    let text = "T1\tPerson 0 3\tKim\nT2 Person 4 7 Lee\nR1\tSaidBy Arg1:T1\nT3\tPerson 9 4\tx\n";
    let file = parse(text);
    assert_eq!(write(&file), text);
    let problems = file.problems();
    let lines: Vec<usize> = problems.iter().map(|p| p.line).collect();
    assert_eq!(lines, [2, 3, 4]);
    assert!(problems[0].message.contains("tab"), "{}", problems[0].message);
    assert!(problems[1].message.contains("Arg1:T1 Arg2:T2"), "{}", problems[1].message);
    assert!(problems[2].message.contains("no greater"), "{}", problems[2].message);
    assert_eq!(problems[0].span.start, "T1\tPerson 0 3\tKim\n".len());
    // The malformed T2 still holds its id.
    assert_eq!(file.fresh_id('T'), "T4");
}

#[test]
fn dangling_references_and_repeated_ids_are_reported() {
    let file = parse("T1\tPerson 0 3\tKim\nT1\tPerson 4 7\tLee\nA1\tRejected T9\n");
    let messages: Vec<String> = file.problems().into_iter().map(|p| p.message).collect();
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert!(messages[0].contains("already used on line 1"));
    assert!(messages[1].contains("`T9`"));
}

#[test]
fn edits_rerender_only_the_changed_lines() {
    let text = "T1\tQuote 0 11\t\"I'm here\"\r\nT2\tPerson  20 24\tKim \r\n#1\tAnnotatorNotes T1\tkeep\tme\r\n";
    let mut file = parse(text);
    file.relabel("T1", "Speaker").unwrap();
    file.update("T2", |_| {}).unwrap();
    let written = write(&file);
    assert!(written.starts_with("T1\tSpeaker 0 11\t\"I'm here\"\r\n"));
    assert!(written.contains("T2\tPerson  20 24\tKim \r\n"), "untouched spacing kept: {written:?}");
    assert!(written.ends_with("#1\tAnnotatorNotes T1\tkeep\tme\r\n"));
}

#[test]
fn additions_get_fresh_ids_and_follow_the_files_line_endings() {
    let mut file = parse("T7\tPerson 0 3\tKim\r\nT2\tQuote 10 20\t\"x y z w\"");
    let speaker = file.add_text_bound("Speaker", vec![CharSpan::new(0, 3)], "Kim");
    assert_eq!(speaker, "T8");
    let said = file.set_speaker("T2", "T8").unwrap();
    assert_eq!(said, "R1");
    let link = file.link_entity("T8", "kim-hwang-sik", "Kim Hwang-sik").unwrap();
    let note = file.add_note("T2", "speaker from the previous paragraph");
    assert_eq!(note, "#1");
    assert_eq!(
        write(&file),
        "T7\tPerson 0 3\tKim\r\nT2\tQuote 10 20\t\"x y z w\"\r\nT8\tSpeaker 0 3\tKim\r\n\
         R1\tSaidBy Arg1:T2 Arg2:T8\r\n\
         N1\tReference T8 byline:kim-hwang-sik\tKim Hwang-sik\r\n\
         #1\tAnnotatorNotes T2\tspeaker from the previous paragraph\r\n"
    );
    // Changing the speaker and the link rewrites the same lines.
    file.set_speaker("T2", "T7").unwrap();
    assert_eq!(file.link_entity("T8", "kim-jong-un", "Kim Jong Un").unwrap(), link);
    assert_eq!(file.relations().count(), 1);
    assert_eq!(file.speaker_of("T2"), Some("T7"));
    assert_eq!(file.entity_of("T8"), Some("kim-jong-un"));
    assert_eq!(
        file.set_speaker("T2", "R1"),
        Err(EditError::WrongKind { id: "R1".into(), expected: "text-bound annotation" })
    );
    assert_eq!(file.link_entity("T99", "x", "x"), Err(EditError::UnknownId("T99".into())));
}

#[test]
fn date_values_and_rejections() {
    let mut file = parse("T1\tDate 0 7\tJan. 31\n");
    let n = file.set_date_value("T1", "2012-01-31", "Jan. 31").unwrap();
    assert_eq!(file.date_value_of("T1"), Some("2012-01-31"));
    assert!(write(&file).ends_with(&format!("{n}\tReference T1 TIMEX3:2012-01-31\tJan. 31\n")));
    let a = file.reject("T1").unwrap();
    assert_eq!(file.reject("T1").unwrap(), a, "rejecting twice adds nothing");
    assert!(file.is_rejected("T1"));
}

#[test]
fn removal_takes_dependents_and_keeps_the_missing_final_newline() {
    let text = "T1\tQuote 0 9\t\"a b c d\"\nT2\tSpeaker 10 13\tKim\nT3\tPerson 10 13\tKim\n\
                R1\tSaidBy Arg1:T1 Arg2:T2\n*\tEquiv T2 T3\nA1\tRejected R1\nT4\tDate 20 25\tMarch";
    let mut file = parse(text);
    let mut removed = file.remove_with_dependents("T2");
    removed.sort();
    assert_eq!(removed, ["A1", "R1", "T2"]);
    assert_eq!(write(&file), "T1\tQuote 0 9\t\"a b c d\"\nT3\tPerson 10 13\tKim\nT4\tDate 20 25\tMarch");
    assert!(file.remove("T4").is_some());
    assert_eq!(write(&file), "T1\tQuote 0 9\t\"a b c d\"\nT3\tPerson 10 13\tKim");
    assert!(file.remove("T4").is_none());
}

#[test]
fn ids_of_removed_annotations_are_not_handed_out_again() {
    let mut file = parse("T1\tPerson 0 3\tKim\nT2\tPerson 4 7\tLee\n");
    file.remove("T2");
    assert_eq!(file.add_text_bound("Date", vec![CharSpan::new(8, 13)], "March"), "T3");
    assert_eq!(file.fresh_id('R'), "R1");
    assert_eq!(file, parse(&write(&file)), "equality is about the lines");
}

#[test]
fn appending_to_a_file_without_final_newline_adds_one_between() {
    let mut file = parse("T1\tPerson 0 3\tKim");
    file.add_attribute("Source", "T1", Some("editor"));
    assert_eq!(write(&file), "T1\tPerson 0 3\tKim\nA1\tSource T1 editor\n");
}

fn apply(old: &str, edit: &LineEdit) -> String {
    format!("{}{}{}", &old[..edit.span.start], edit.new_text, &old[edit.span.end..])
}

#[test]
fn edits_between_versions_cover_only_the_changed_lines() {
    let old = "T1\tQuote 0 9\t\"a b c d\"\nT2\tSpeaker 10 13\tKim\nT3\tPerson 10 13\tKim\nR1\tSaidBy Arg1:T1 Arg2:T2";
    let mut file = parse(old);
    assert_eq!(edit_between(old, &file), None);
    file.relabel("T2", "Cue").unwrap();
    let edit = edit_between(old, &file).unwrap();
    assert_eq!(edit.new_text, "T2\tCue 10 13\tKim\n");
    assert_eq!(&old[edit.span.range()], "T2\tSpeaker 10 13\tKim\n");
    assert_eq!(apply(old, &edit), write(&file));
    // Appending to a file without a final newline rewrites its last line
    // (which gains the newline) and adds the new one.
    let mut file = parse(old);
    file.add_note("T1", "checked");
    let edit = edit_between(old, &file).unwrap();
    assert_eq!(edit.new_text, "R1\tSaidBy Arg1:T1 Arg2:T2\n#1\tAnnotatorNotes T1\tchecked\n");
    assert_eq!(apply(old, &edit), write(&file));
    let mut file = parse(old);
    file.remove_with_dependents("T1");
    assert_eq!(apply(old, &edit_between(old, &file).unwrap()), write(&file));
    assert_eq!(apply("", &edit_between("", &file).unwrap()), write(&file));
}

#[test]
fn pushed_lines_keep_their_bytes() {
    let mut file = parse("T1\tPerson 0 3\tKim");
    assert!(matches!(file.push_line("X9\tFuture  kind"), Annotation::Unknown));
    assert!(matches!(file.push_line("T2\tDate 4 9\tMarch"), Annotation::TextBound(_)));
    assert_eq!(write(&file), "T1\tPerson 0 3\tKim\nX9\tFuture  kind\nT2\tDate 4 9\tMarch\n");
    assert_eq!(file.fresh_id('T'), "T3");
}

/// Lines cut and spliced from valid ones, with stray tabs, colons,
/// semicolons, huge numbers and multibyte characters: whatever comes in
/// round-trips and nothing panics.
#[test]
fn arbitrary_lines_never_panic_and_always_round_trip() {
    let pieces = [
        "T1",
        "\t",
        "Person",
        " ",
        "0",
        "5",
        ";",
        "7 12",
        "Kim",
        "R1",
        "Arg1:T1",
        "Arg2:",
        ":",
        "E1",
        "A1",
        "M2",
        "N1",
        "byline:",
        "#1",
        "#",
        "*",
        "Equiv",
        "조태용",
        "“",
        "\r",
        "99999999999999999999999",
        "-3",
        "T",
        "\n",
    ];
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    for _ in 0..3000 {
        let mut text = String::new();
        for _ in 0..(seed % 12) {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            text.push_str(pieces[(seed % pieces.len() as u64) as usize]);
        }
        seed = seed.wrapping_add(0x2545_F491_4F6C_DD1D);
        let mut file = parse(&text);
        assert_eq!(write(&file), text);
        let _ = file.problems();
        let ids: Vec<String> = file.annotations().filter_map(|a| a.id().map(str::to_string)).collect();
        for id in ids {
            let _ = file.relabel(&id, "Date");
            let _ = file.remove_with_dependents(&id);
        }
    }
}

#[test]
fn labels_and_texts_are_kept_on_one_line_when_rendered() {
    let mut file = AnnFile::default();
    file.add_text_bound("Named Person", vec![CharSpan::new(0, 9)], "two\nlines");
    assert_eq!(write(&file), "T1\tNamed_Person 0 9\ttwo lines\n");
    assert_eq!(parse(&write(&file)).text_bound("T1").unwrap().label, "Named_Person");
}

#[test]
fn a_quotes_kind_is_set_in_place_and_read_leniently() {
    use crate::QuoteKind;
    let text = "T1\tQuote 0 5\tHello\nT2\tQuote 6 11\tworld\nA1\tReported T2\n";
    let mut file = parse(text);
    assert_eq!(file.quote_kind_of("T1"), QuoteKind::Direct);
    // A binary `Reported`, as another scheme may declare it, is reported speech.
    assert_eq!(file.quote_kind_of("T2"), QuoteKind::Reported);
    assert_eq!(file.index().quote_kind_of("T2"), QuoteKind::Reported);
    assert_eq!(file.set_quote_kind("T2", QuoteKind::Mixed).unwrap().as_deref(), Some("A1"));
    assert_eq!(write(&file), "T1\tQuote 0 5\tHello\nT2\tQuote 6 11\tworld\nA1\tReported T2 mixed\n");
    assert_eq!(file.set_quote_kind("T1", QuoteKind::Reported).unwrap().as_deref(), Some("A2"));
    assert_eq!(file.index().quote_kind_of("T1"), QuoteKind::Reported);
    assert_eq!(file.set_quote_kind("T2", QuoteKind::Direct).unwrap(), None);
    assert_eq!(write(&file), "T1\tQuote 0 5\tHello\nT2\tQuote 6 11\tworld\nA2\tReported T1 yes\n");
    assert_eq!(kind_of_reported(Some("no")), QuoteKind::Direct);
    assert_eq!(kind_of_reported(Some("Mixed")), QuoteKind::Mixed);
    assert!(file.set_quote_kind("T9", QuoteKind::Reported).is_err());
}
