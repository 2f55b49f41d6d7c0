//! Keeping annotations on their text: finding the ones whose offsets no
//! longer hold what the `.ann` says, moving them to the nearest place that
//! does, and shifting a whole `.ann` along with an edit of its article.

use super::ann::{AnnFile, Annotation, TextBound};
use super::offsets::{CharSpan, OffsetMap};
use crate::span::Span;
use serde::Serialize;

/// A text-bound whose offsets do not hold its text in the article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stale {
    pub id: String,
    /// 1-based line of the text-bound in the `.ann`.
    pub line: usize,
    /// The text the `.ann` records.
    pub expected: String,
    /// What the article has at those offsets; `None` when they run past
    /// the end of the article.
    pub found: Option<String>,
    /// Where the annotation points in the article, in bytes (clamped to the
    /// text), for a diagnostic.
    pub span: Span,
    /// The nearest exact occurrence of the expected text: the quick fix.
    pub nearest: Option<Vec<CharSpan>>,
}

/// The article's text under a text-bound's fragments, joined as brat joins
/// them (one space between fragments); `None` when a fragment does not fit.
pub fn text_at(map: &OffsetMap, fragments: &[CharSpan]) -> Option<String> {
    let mut out = String::new();
    for (i, f) in fragments.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(map.slice(*f)?);
    }
    Some(out)
}

/// Whether the `.ann`'s text matches the article's. Line breaks and tabs
/// count as spaces, since a `.ann` line cannot hold a line break.
fn same_text(recorded: &str, actual: &str) -> bool {
    recorded == actual || flatten_breaks(recorded) == flatten_breaks(actual)
}

fn flatten_breaks(text: &str) -> String {
    text.replace("\r\n", " ").replace(['\n', '\r', '\t'], " ")
}

/// Whether a text-bound's offsets hold its recorded text.
pub fn is_anchored(map: &OffsetMap, tb: &TextBound) -> bool {
    text_at(map, &tb.fragments).is_some_and(|found| same_text(&tb.text, &found))
}

/// The byte span a text-bound covers, clamped to the text so that even a
/// stale one can be shown somewhere.
pub fn clamped_extent(map: &OffsetMap, tb: &TextBound) -> Span {
    let extent = tb.extent();
    let last = map.char_len();
    let start = map.to_byte(extent.start.min(last)).unwrap_or(0);
    let end = map.to_byte(extent.end.min(last)).unwrap_or(start);
    Span::new(start, end.max(start))
}

/// Every text-bound of the file whose offsets do not hold its text.
pub fn check_anchors(text: &str, file: &AnnFile) -> Vec<Stale> {
    let map = OffsetMap::new(text);
    let mut stale = Vec::new();
    for (index, line) in file.lines().iter().enumerate() {
        let Annotation::TextBound(tb) = line.annotation() else { continue };
        if is_anchored(&map, tb) {
            continue;
        }
        stale.push(Stale {
            id: tb.id.clone(),
            line: index + 1,
            expected: tb.text.clone(),
            found: text_at(&map, &tb.fragments),
            span: clamped_extent(&map, tb),
            nearest: reanchor_with(&map, tb),
        });
    }
    stale
}

/// The offsets of the exact occurrence of a text-bound's text nearest to
/// where it was (ties go to the earlier one); `None` when the text no longer
/// occurs. A discontinuous annotation moves as a whole: every fragment must
/// hold its part of the text at the same shift.
pub fn reanchor(text: &str, tb: &TextBound) -> Option<Vec<CharSpan>> {
    reanchor_with(&OffsetMap::new(text), tb)
}

fn reanchor_with(map: &OffsetMap, tb: &TextBound) -> Option<Vec<CharSpan>> {
    let parts = fragment_texts(tb)?;
    let first = parts.first()?;
    let first_fragment = *tb.fragments.first()?;
    let text = map.text();
    let mut best: Option<(usize, Vec<CharSpan>)> = None;
    let mut from = 0;
    while let Some(found) = text.get(from..).and_then(|rest| rest.find(first.as_str())) {
        let at = from + found;
        // Occurrences may overlap (`aaa` in `aaaa`): step one character.
        from = at + text[at..].chars().next().map_or(1, char::len_utf8);
        let Some(start) = map.to_char(at) else { continue };
        let Some(candidate) = shifted(&tb.fragments, start as isize - first_fragment.start as isize) else {
            continue;
        };
        let holds = candidate.iter().zip(&parts).all(|(f, part)| map.slice(*f) == Some(part.as_str()));
        if !holds {
            continue;
        }
        let distance = start.abs_diff(first_fragment.start);
        if best.as_ref().is_none_or(|(d, _)| distance < *d) {
            best = Some((distance, candidate));
        }
        if start > first_fragment.start && best.as_ref().is_some_and(|(d, _)| *d < start - first_fragment.start) {
            break;
        }
    }
    best.map(|(_, fragments)| fragments)
}

/// The recorded text cut into the fragments' parts, by their lengths; `None`
/// when the lengths do not add up (the `.ann` was edited by hand) or the
/// text is empty.
fn fragment_texts(tb: &TextBound) -> Option<Vec<String>> {
    if tb.text.is_empty() || tb.fragments.is_empty() {
        return None;
    }
    if tb.fragments.len() == 1 {
        return Some(vec![tb.text.clone()]);
    }
    let mut chars = tb.text.chars();
    let mut parts = Vec::with_capacity(tb.fragments.len());
    for (i, f) in tb.fragments.iter().enumerate() {
        if i > 0 && chars.next() != Some(' ') {
            return None;
        }
        let part: String = chars.by_ref().take(f.len()).collect();
        if part.chars().count() != f.len() {
            return None;
        }
        parts.push(part);
    }
    chars.next().is_none().then_some(parts)
}

fn shifted(fragments: &[CharSpan], delta: isize) -> Option<Vec<CharSpan>> {
    fragments
        .iter()
        .map(|f| {
            let start = f.start.checked_add_signed(delta)?;
            let end = f.end.checked_add_signed(delta)?;
            Some(CharSpan::new(start, end))
        })
        .collect()
}

/// Moves the `.ann` along with an edit of its article: `edit` (bytes in
/// `old_text`) was replaced by `new_text`. Text-bounds after the edit shift;
/// those whose text the edit touched move to the nearest place their text
/// still occurs. The ids of the ones that could not be moved are returned;
/// they keep their old offsets (and show up as stale), never deleted.
pub fn follow_edit(file: &mut AnnFile, old_text: &str, edit: Span, new_text: &str) -> Vec<String> {
    // An edit range that cuts a character is widened to whole characters.
    let mut start = edit.start.min(old_text.len());
    while !old_text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = edit.end.clamp(start, old_text.len());
    while !old_text.is_char_boundary(end) {
        end += 1;
    }
    // The edited text is only needed to re-anchor what the edit touched;
    // most keystrokes touch nothing.
    let updated = std::cell::OnceCell::new();
    let edited = || updated.get_or_init(|| format!("{}{}{}", &old_text[..start], new_text, &old_text[end..]));
    let new_map = std::cell::OnceCell::new();
    // Both boundaries are character boundaries now: count, no table.
    let start_c = old_text[..start].chars().count();
    let end_c = start_c + old_text[start..end].chars().count();
    let delta = new_text.chars().count() as isize - (end_c - start_c) as isize;

    // First decide every move reading the file, then apply the moves.
    let mut moves: Vec<(usize, Vec<CharSpan>)> = Vec::new();
    let mut lost = Vec::new();
    for (index, line) in file.lines().iter().enumerate() {
        let Annotation::TextBound(tb) = line.annotation() else { continue };
        if tb.fragments.iter().all(|f| f.end <= start_c) {
            continue;
        }
        let mut touched = false;
        let moved: Vec<CharSpan> = tb
            .fragments
            .iter()
            .map(|f| {
                if f.end <= start_c {
                    *f
                } else if f.start >= end_c {
                    CharSpan::new(f.start.saturating_add_signed(delta), f.end.saturating_add_signed(delta))
                } else {
                    touched = true;
                    // Somewhere near the edit, for re-anchoring by distance.
                    let at = f.start.min(start_c);
                    CharSpan::new(at, at + f.len())
                }
            })
            .collect();
        if !touched {
            // The text did not change, so it is kept as recorded.
            moves.push((index, moved));
            continue;
        }
        let probe = TextBound { fragments: moved, id: String::new(), label: String::new(), text: tb.text.clone() };
        match reanchor_with(new_map.get_or_init(|| OffsetMap::new(edited())), &probe) {
            Some(fragments) => moves.push((index, fragments)),
            None => lost.push(tb.id.clone()),
        }
    }
    for (index, fragments) in moves {
        file.update_at(index, |annotation| {
            if let Annotation::TextBound(t) = annotation {
                t.fragments = fragments;
            }
        });
    }
    lost
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::standoff::ann::{parse, write};

    const ARTICLE: &str = "SEOUL — Kurt Campbell met Kim Hwang-sik on Tuesday. \"We talked,\" Campbell said.";

    fn offsets_of(text: &str, needle: &str) -> (usize, usize) {
        let map = OffsetMap::new(text);
        let start = text.find(needle).unwrap();
        (map.to_char(start).unwrap(), map.to_char(start + needle.len()).unwrap())
    }

    fn ann_for(text: &str, entries: &[(&str, &str)]) -> String {
        let mut out = String::new();
        for (i, (label, needle)) in entries.iter().enumerate() {
            let (s, e) = offsets_of(text, needle);
            out.push_str(&format!("T{}\t{label} {s} {e}\t{needle}\n", i + 1));
        }
        out
    }

    #[test]
    fn anchored_annotations_are_not_stale_and_unicode_counts_code_points() {
        let ann =
            parse(&ann_for(ARTICLE, &[("Person", "Kurt Campbell"), ("Date", "Tuesday"), ("Quote", "\"We talked,\"")]));
        assert!(check_anchors(ARTICLE, &ann).is_empty());
    }

    #[test]
    fn a_stale_annotation_reports_what_is_there_and_the_nearest_occurrence() {
        // Offsets one word off: the .ann was written for an older version.
        let ann = parse("T1\tPerson 1 9\tCampbell\nT2\tDate 500 507\tTuesday\nT3\tPerson 0 5\tPyongyang\n");
        let stale = check_anchors(ARTICLE, &ann);
        assert_eq!(stale.len(), 3);
        assert_eq!(stale[0].found.as_deref(), Some("EOUL — K"));
        let (s, e) = offsets_of(ARTICLE, "Campbell");
        assert_eq!(stale[0].nearest, Some(vec![CharSpan::new(s, e)]), "the first Campbell is nearer to 1");
        assert_eq!(stale[1].found, None);
        assert_eq!(stale[1].span, Span::new(ARTICLE.len(), ARTICLE.len()));
        let (s, e) = offsets_of(ARTICLE, "Tuesday");
        assert_eq!(stale[1].nearest, Some(vec![CharSpan::new(s, e)]));
        assert_eq!(stale[2].nearest, None);
        assert_eq!(stale[2].line, 3);
    }

    #[test]
    fn reanchoring_prefers_the_nearest_occurrence() {
        let text = "Campbell spoke. Later, Campbell left. Campbell returned.";
        let second = text.find("Campbell left").unwrap();
        let tb = TextBound {
            id: "T1".into(),
            label: "Person".into(),
            fragments: vec![CharSpan::new(second + 3, second + 11)],
            text: "Campbell".into(),
        };
        assert_eq!(reanchor(text, &tb), Some(vec![CharSpan::new(second, second + 8)]));
    }

    #[test]
    fn discontinuous_annotations_move_as_a_whole() {
        let text = "xx \"We will,\" he said, \"stay.\"";
        let tb = TextBound {
            id: "T1".into(),
            label: "Quote".into(),
            fragments: vec![CharSpan::new(1, 11), CharSpan::new(21, 28)],
            text: "\"We will,\" \"stay.\"".into(),
        };
        assert_eq!(reanchor(text, &tb), Some(vec![CharSpan::new(3, 13), CharSpan::new(23, 30)]));
        let wrong_parts = TextBound { text: "\"We will,\"  \"stay.\"".into(), ..tb };
        assert_eq!(reanchor(text, &wrong_parts), None);
    }

    #[test]
    fn following_an_insertion_shifts_later_annotations_only() {
        let ann_text =
            ann_for(ARTICLE, &[("Person", "Kurt Campbell"), ("Date", "Tuesday"), ("Quote", "\"We talked,\"")]);
        let mut ann = parse(&ann_text);
        let at = ARTICLE.find("on Tuesday").unwrap();
        let lost = follow_edit(&mut ann, ARTICLE, Span::new(at, at), "in Seoul ");
        assert!(lost.is_empty());
        let edited = format!("{}in Seoul {}", &ARTICLE[..at], &ARTICLE[at..]);
        assert!(check_anchors(&edited, &ann).is_empty(), "{:?}", check_anchors(&edited, &ann));
        assert!(write(&ann).starts_with(ann_text.lines().next().unwrap()), "the untouched line keeps its bytes");
    }

    #[test]
    fn following_an_edit_inside_a_mark_reanchors_or_reports_it_lost() {
        let text = "Kim said no. Later Kim Jong Un said yes.";
        let mut ann = parse(&ann_for(text, &[("Person", "Kim"), ("Person", "Kim Jong Un"), ("Date", "Later")]));
        // Replace the first sentence's name with a longer one containing it.
        let lost = follow_edit(&mut ann, text, Span::new(0, 3), "Mr. Kim");
        let edited = text.replacen("Kim", "Mr. Kim", 1);
        assert!(lost.is_empty(), "{lost:?}");
        assert!(check_anchors(&edited, &ann).is_empty());
        assert_eq!(ann.text_bound("T1").unwrap().fragments, [CharSpan::new(4, 7)]);
        // Now delete "Jong Un": the full name no longer occurs anywhere.
        let at = edited.find(" Jong Un").unwrap();
        let lost = follow_edit(&mut ann, &edited, Span::new(at, at + 8), "");
        assert_eq!(lost, ["T2"]);
        assert!(ann.text_bound("T2").is_some(), "a lost annotation is never deleted");
    }

    #[test]
    fn following_an_edit_across_multibyte_text() {
        let text = "조태용 said “no” on 31 Jan.";
        let mut ann = parse(&ann_for(text, &[("Person", "조태용"), ("Quote", "“no”"), ("Date", "31 Jan")]));
        let at = text.find("said").unwrap();
        follow_edit(&mut ann, text, Span::new(at, at + 4), "told reporters");
        let edited = text.replacen("said", "told reporters", 1);
        assert!(check_anchors(&edited, &ann).is_empty());
        // An edit range inside a character is widened, never a panic.
        follow_edit(&mut ann, &edited, Span::new(1, 2), "");
    }

    /// Random edits, some cutting multibyte characters, applied one after
    /// another: every annotation anchored before an edit and not reported
    /// lost is anchored after it, and none disappears.
    #[test]
    fn random_edits_keep_every_unlost_annotation_anchored() {
        let mut text = "조태용 told “reporters” on Tuesday that Kim Jong Un and Kim met. Kim said “no.”\n".to_string();
        let mut ann = parse(&ann_for(
            &text,
            &[
                ("Person", "조태용"),
                ("Quote", "“reporters”"),
                ("Date", "Tuesday"),
                ("Person", "Kim Jong Un"),
                ("Person", "Kim met"),
                ("Quote", "“no.”"),
            ],
        ));
        let inserts = ["", "x", " Kim ", "“", "조", "\n", "Tuesday"];
        let mut seed: u64 = 0xDEAD_BEEF_1234_5678;
        let mut next = |bound: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % bound.max(1) as u64) as usize
        };
        for _ in 0..400 {
            let start = next(text.len() + 1);
            let end = (start + next(6)).min(text.len());
            let insert = inserts[next(inserts.len())];
            let map = OffsetMap::new(&text);
            let anchored: Vec<String> =
                ann.text_bounds().filter(|t| is_anchored(&map, t)).map(|t| t.id.clone()).collect();
            let count = ann.text_bounds().count();
            let lost = follow_edit(&mut ann, &text, Span::new(start, end), insert);
            let mut s = start;
            while !text.is_char_boundary(s) {
                s -= 1;
            }
            let mut e = end.max(s);
            while !text.is_char_boundary(e) {
                e += 1;
            }
            text = format!("{}{}{}", &text[..s], insert, &text[e..]);
            let map = OffsetMap::new(&text);
            assert_eq!(ann.text_bounds().count(), count);
            for id in anchored.iter().filter(|id| !lost.contains(id)) {
                let tb = ann.text_bound(id).unwrap();
                assert!(is_anchored(&map, tb), "{id} {tb:?} after editing {start}..{end} to {insert:?}: {text:?}");
            }
        }
    }
}
