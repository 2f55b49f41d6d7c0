use super::*;
use crate::entities::EntityLabel;
use crate::{analyze, article, quotes, AnalyzeOptions};

#[derive(Debug)]
struct Seen {
    quote: String,
    mention: String,
    speaker: String,
    cue: String,
    kind: Option<SpeakerKind>,
}

/// The quotations' attributions (reported speech left out; see `reported`).
fn attributions(text: &str) -> Vec<Seen> {
    let analysis = analyze(text, &AnalyzeOptions::default());
    analysis
        .quotes
        .iter()
        .filter(|q| q.style != crate::QuoteStyle::Unmarked)
        .map(|q| {
            let a = q.speaker.as_ref();
            Seen {
                quote: q.span.slice(text).to_string(),
                mention: a.map_or(String::new(), |a| a.mention_text.clone()),
                speaker: a.map_or(String::new(), |a| a.speaker.clone()),
                cue: a.and_then(|a| a.cue_text.clone()).unwrap_or_default(),
                kind: a.map(|a| a.kind),
            }
        })
        .collect()
}

fn only(text: &str) -> Seen {
    let mut all = attributions(text);
    assert_eq!(all.len(), 1, "{all:?}");
    all.remove(0)
}

#[test]
fn speaker_after_the_quote() {
    let seen = only("\"The bridge will reopen in May,\" Harris said.");
    assert_eq!((seen.mention.as_str(), seen.cue.as_str()), ("Harris", "said"));
    assert_eq!(seen.kind, Some(SpeakerKind::Name));
}

#[test]
fn inverted_speaker_after_the_quote() {
    let seen = only("“We expect a long winter,” said Maria Lopez, the regional director.");
    assert_eq!(
        (seen.mention.as_str(), seen.speaker.as_str(), seen.cue.as_str()),
        ("Maria Lopez", "Maria Lopez", "said")
    );
}

#[test]
fn speaker_before_the_quote_with_colon() {
    let seen = only("Finance Minister Anna Berg said: \"There is no money left for new roads this year.\"");
    assert_eq!((seen.mention.as_str(), seen.speaker.as_str()), ("Anna Berg", "Anna Berg"));
    assert_eq!(seen.kind, Some(SpeakerKind::Name));
}

#[test]
fn speaker_before_a_partial_quote_after_that() {
    let text = "The mayor said that the plan was \"dead on arrival and everyone knows it.\"";
    let analysis = analyze(text, &AnalyzeOptions::default());
    let quote = &analysis.quotes[0];
    assert!(quote.partial);
    let a = quote.speaker.as_ref().unwrap();
    assert_eq!((a.mention_text.as_str(), a.kind), ("The mayor", SpeakerKind::Description));
}

#[test]
fn appositive_between_name_and_verb() {
    let seen = only("“We will not rush this,” Tom Reyes, the ambassador, said on Friday.");
    assert_eq!((seen.mention.as_str(), seen.cue.as_str()), ("Tom Reyes", "said"));
}

#[test]
fn party_tag_is_not_the_speaker() {
    let seen = only("“The votes are there,” Sen. Laura Finch, R-Ohio, said Tuesday.");
    assert_eq!(seen.mention, "Laura Finch");
}

#[test]
fn bracketed_aside_is_skipped() {
    let seen = only("“This bill is a gift to polluters,” Rep. Dan Oyelaran (D-Minn.) said.");
    assert_eq!(seen.mention, "Dan Oyelaran");
}

#[test]
fn according_to() {
    let seen = only("\"The shipment left port on time,\" according to the port authority.");
    assert_eq!((seen.cue.as_str(), seen.kind), ("according to", Some(SpeakerKind::Organization)));
    assert_eq!(seen.speaker, "port authority");
}

#[test]
fn told_reporters_and_wrote_in_a_statement() {
    let all = attributions(
        "Chen told reporters: \"We have the numbers to pass it.\"\n\nThe union wrote in a statement: \"Members reject this offer by a wide margin.\"",
    );
    assert_eq!((all[0].mention.as_str(), all[0].cue.as_str()), ("Chen", "told reporters"));
    assert_eq!((all[1].mention.as_str(), all[1].cue.as_str()), ("The union", "wrote"));
    assert_eq!(all[1].speaker, "union");
    assert_eq!(all[1].kind, Some(SpeakerKind::Organization));
}

#[test]
fn other_reporting_verbs_and_inflections() {
    for (verb, sentence) in [
        ("warned", "“Prices will rise again before spring,” Okafor warned."),
        ("insists", "“Nothing was hidden from the auditors,” Okafor insists."),
        ("tweeted", "“Great win for the team tonight,” Okafor tweeted."),
        ("replied", "“Not while I am in charge,” Okafor replied."),
        ("recalled", "“The water came up to our knees in minutes,” Okafor recalled."),
    ] {
        let seen = only(sentence);
        assert_eq!((seen.mention.as_str(), seen.cue.as_str()), ("Okafor", verb), "{sentence}");
    }
}

#[test]
fn pronoun_resolves_to_the_latest_named_speaker() {
    let text = "Defense Secretary Paul Ndiaye visited the base on Monday.\n\n\"Our troops are ready,\" Ndiaye said.\n\n\"We have never been better prepared for this,\" he added.";
    let all = attributions(text);
    assert_eq!((all[1].mention.as_str(), all[1].speaker.as_str()), ("he", "Paul Ndiaye"));
    assert_eq!(all[1].kind, Some(SpeakerKind::Pronoun));
    assert_eq!((all[0].speaker.as_str(), all[0].kind), ("Paul Ndiaye", Some(SpeakerKind::ShortName)));
}

#[test]
fn east_asian_surname_resolves_to_the_full_name() {
    let text = "Seoul's envoy to Japan, Park Min-jun, spoke on Tuesday.\n\n\"Trade comes first,\" said Park.";
    let seen = &attributions(text)[0];
    assert_eq!((seen.mention.as_str(), seen.speaker.as_str()), ("Park", "Park Min-jun"));
}

#[test]
fn title_led_mention_is_the_name() {
    let text = "Deputy Foreign Minister Lee Soo-jin said: “The door to dialogue remains open.”";
    let analysis = analyze(text, &AnalyzeOptions::default());
    let a = analysis.quotes[0].speaker.as_ref().unwrap();
    assert_eq!(a.mention.slice(text), "Lee Soo-jin");
    assert_eq!(a.kind, SpeakerKind::Name);
}

#[test]
fn organisation_speaks() {
    let seen = only("Japan's foreign ministry said: \"We regret the decision and will respond calmly.\"");
    assert_eq!((seen.mention.as_str(), seen.kind), ("Japan's foreign ministry", Some(SpeakerKind::Organization)));
}

#[test]
fn description_resolves_to_the_named_person() {
    let text =
        "The ambassador to France, Ruth Adeyemi, met the president.\n\n\"The talks were frank,\" the ambassador said.";
    let seen = only(text);
    assert_eq!((seen.mention.as_str(), seen.speaker.as_str()), ("the ambassador", "Ruth Adeyemi"));
    assert_eq!(seen.kind, Some(SpeakerKind::Description));
}

#[test]
fn unknown_description_stays_a_description() {
    let seen = only("\"No decision has been made,\" a spokesman for the ministry said.");
    assert_eq!((seen.speaker.as_str(), seen.kind), ("a spokesman for the ministry", Some(SpeakerKind::Description)));
}

#[test]
fn introducing_paragraph_gives_the_speaker() {
    let text = "Speaking in Nairobi, Trade Commissioner Grace Mwangi said exports grew.\n\n''We sold more tea abroad than in any year before. Coffee is close behind.''";
    let seen = only(text);
    assert_eq!(
        (seen.mention.as_str(), seen.speaker.as_str(), seen.cue.as_str()),
        ("Grace Mwangi", "Grace Mwangi", "said")
    );
}

#[test]
fn pronoun_in_introducing_paragraph_resolves() {
    let text = "Mwangi also said that prices held. But she said rain was a worry.\n\nTrade Commissioner Grace Mwangi spoke first.\n\nMwangi said the harvest was late. But she said farmers coped.\n\n''We cannot control the weather, only how we prepare for it.''";
    let all = attributions(text);
    let last = all.last().unwrap();
    assert_eq!((last.mention.as_str(), last.speaker.as_str()), ("she", "Grace Mwangi"));
}

#[test]
fn consecutive_quote_paragraphs_keep_the_speaker() {
    let text = "\"The match was decided in midfield,\" coach Ivan Petrov said.\n\n\"We lost every second ball after the break and paid for it.\"";
    let all = attributions(text);
    assert_eq!(all.len(), 2);
    assert_eq!(all[1].speaker, "Ivan Petrov");
}

#[test]
fn quote_away_from_any_attribution_stays_unattributed() {
    let text =
        "The river rose overnight.\n\nResidents moved to higher ground.\n\n\"Leave now while the roads are open.\"";
    let seen = only(text);
    assert!(seen.speaker.is_empty(), "{seen:?}");
}

#[test]
fn interrupted_quote_is_one_quote_with_its_speaker() {
    let text = "“We are not leaving,” Alvarez said. “This is our home and we will rebuild it.”";
    let seen = only(text);
    assert_eq!(seen.quote, text);
    assert_eq!(seen.mention, "Alvarez");
}

#[test]
fn participle_cue_takes_the_sentence_subject() {
    let text = "Nakamura welcomed the vote, saying the city would \"move quickly to build the new homes.\"";
    let seen = only(text);
    assert_eq!((seen.mention.as_str(), seen.cue.as_str()), ("Nakamura", "saying"));
}

#[test]
fn dash_signs_a_pull_quote() {
    let seen = only("“Every vote counts this year.” ― Rosa Delgado");
    assert_eq!((seen.mention.as_str(), seen.cue.as_str()), ("Rosa Delgado", ""));
}

#[test]
fn crlf_emoji_and_hangul_around_attribution() {
    let text = "Kim Ji-woo 김지우 arrived.\r\n\r\n“정말 기쁩니다 🎉,” Kim said 👍.\r\n";
    let seen = only(text);
    assert_eq!((seen.mention.as_str(), seen.speaker.as_str()), ("Kim", "Kim Ji-woo"));
}

#[test]
fn entities_give_the_canonical_name_when_present() {
    let text = "\"Rates stay where they are,\" Osei said.";
    let article = article::parse(text, None);
    let mut scan = quotes::detect(&article);
    let start = text.find("Osei").unwrap();
    let entities = vec![EntityMention {
        span: Span::new(start, start + 4),
        text: "Osei".to_string(),
        label: EntityLabel::Person,
        canonical: "Kwame Osei".to_string(),
        title: None,
        entity: None,
        candidates: Vec::new(),
        variant_of: None,
    }];
    attribute(&article, &mut scan.quotes, &entities);
    let a = scan.quotes[0].speaker.as_ref().unwrap();
    assert_eq!((a.speaker.as_str(), a.kind), ("Kwame Osei", SpeakerKind::ShortName));
}

#[test]
fn surname_mislabelled_as_organisation_still_finds_the_person() {
    let text = "Kwame Osei chairs the bank.\n\n\"Rates stay where they are,\" Osei said.";
    let article = article::parse(text, None);
    let mut scan = quotes::detect(&article);
    let start = text.rfind("Osei").unwrap();
    let entities = vec![EntityMention {
        span: Span::new(start, start + 4),
        text: "Osei".to_string(),
        label: EntityLabel::Organization,
        canonical: "Osei".to_string(),
        title: None,
        entity: None,
        candidates: Vec::new(),
        variant_of: None,
    }];
    attribute(&article, &mut scan.quotes, &entities);
    let a = scan.quotes[0].speaker.as_ref().unwrap();
    assert_eq!((a.speaker.as_str(), a.kind), ("Kwame Osei", SpeakerKind::ShortName));
}

#[test]
fn sentence_ending_quote_prefers_the_clause_before_it() {
    let text = "Ortiz said: \"We will appeal.\" He added that the ruling was expected.";
    let seen = only(text);
    assert_eq!((seen.mention.as_str(), seen.cue.as_str()), ("Ortiz", "said"));
}

#[test]
fn long_aside_between_name_and_verb() {
    let seen = only("“Nobody expected the vote to be this close,” Ana Ruiz, a pollster at a research centre in Lisbon who tracks turnout, said.");
    assert_eq!((seen.mention.as_str(), seen.cue.as_str()), ("Ana Ruiz", "said"));
}

#[test]
fn bracket_and_aside_between_name_and_verb() {
    let seen = only(
        "“They would just go and get them,” Rep. Jim Arlen (R-Utah), a member of the panel, said in an interview.",
    );
    assert_eq!((seen.mention.as_str(), seen.cue.as_str()), ("Jim Arlen", "said"));
}

#[test]
fn verb_off_the_list_after_a_promising_comma() {
    let all =
        attributions("“You will regret this,” Moreau shot back.\n\n“We already won the argument,” beamed Elena Sokol.");
    assert_eq!((all[0].mention.as_str(), all[0].cue.as_str()), ("Moreau", "shot"));
    assert_eq!((all[1].mention.as_str(), all[1].cue.as_str()), ("Elena Sokol", "beamed"));
}

#[test]
fn description_then_verb_off_the_list() {
    let seen = only("“France will always be France,” an angry Moreau retaliated.");
    assert_eq!((seen.mention.as_str(), seen.cue.as_str()), ("Moreau", "retaliated"));
    let seen = only("“The rain came too late,” the old farmer sighed.");
    assert_eq!((seen.mention.as_str(), seen.cue.as_str()), ("the old farmer", "sighed"));
}

#[test]
fn colon_introduces_a_quote_without_a_verb() {
    let all = attributions("Okafor: \"We will not sign.\" Mensah objected: \"Then there is no deal at all.\"");
    assert_eq!(all[0].mention, "Okafor");
    assert_eq!((all[1].mention.as_str(), all[1].cue.as_str()), ("Mensah", ""));
}

#[test]
fn multi_paragraph_quote_is_attributed_after_its_end() {
    let text = "Envoy Mark Dunne met officials on Monday.\n\n“We made progress today. The rest will take time.\n\n“Nobody should expect miracles,” Dunne told reporters.";
    let seen = only(text);
    assert_eq!(
        (seen.mention.as_str(), seen.speaker.as_str(), seen.cue.as_str()),
        ("Dunne", "Mark Dunne", "told reporters")
    );
}

#[test]
fn noun_like_cue_after_a_determiner_is_a_noun() {
    let text = "The union on Friday lodged a formal protest against the plan, calling it \"a betrayal of every worker in this city.\"";
    let seen = only(text);
    assert!(seen.speaker.is_empty() || seen.kind == Some(SpeakerKind::Organization), "{seen:?}");
    assert_ne!(seen.cue, "protest");
}

#[test]
fn possessive_organisation_is_the_sentence_subject() {
    let text =
        "Japan's foreign ministry on Monday welcomed the deal, saying it would \"open a new chapter for the region.\"";
    let seen = only(text);
    assert_eq!((seen.mention.as_str(), seen.kind), ("Japan's foreign ministry", Some(SpeakerKind::Organization)));
}

#[test]
fn title_inside_the_sentence_subject() {
    let text =
        "Trade Minister Ahn Min-seo thanked exporters on Sunday, writing: \"This record belongs to the workers.\"";
    let seen = only(text);
    assert_eq!((seen.mention.as_str(), seen.cue.as_str()), ("Ahn Min-seo", "writing"));
}

#[test]
fn paragraph_ending_in_a_colon_introduces_the_next() {
    let text = "Mayor Ines Vidal then listed her conditions for the deal:\n\n\"First, the park stays. Second, the rents stay where they are.\"";
    let seen = only(text);
    assert_eq!(seen.speaker, "Ines Vidal");
}

#[test]
fn passive_cue_names_its_agent() {
    let text = "The senator was asked by host Dana Kim, \"Will you run again next year?\"";
    let seen = only(text);
    assert_eq!((seen.mention.as_str(), seen.cue.as_str()), ("Dana Kim", "asked"));
}

#[test]
fn place_after_a_preposition_is_not_the_subject() {
    let text = "But back on Italian soil, he returned to his old theme: \"Jobs come first, always.\"";
    let seen = only(text);
    assert_eq!((seen.mention.as_str(), seen.kind), ("he", Some(SpeakerKind::Pronoun)));
}

#[test]
fn verb_first_description_after_a_promising_comma() {
    let seen = only("\"It is about time,\" gushed the candidate's running mate, a former judge.");
    assert_eq!((seen.mention.as_str(), seen.cue.as_str()), ("the candidate's running mate", "gushed"));
}

/// Pieces that stress the quote and attribution scanners: marks of every
/// kind, apostrophes, multi-byte text, line ends, cue words and names.
const FUZZ_PIECES: &[&str] = &[
    "\"",
    "“",
    "”",
    "‘",
    "’",
    "'",
    "''",
    "«",
    "»",
    " ",
    "\n",
    "\r\n",
    "\n\n",
    ",",
    ".",
    ":",
    "—",
    "(",
    ")",
    "said",
    "Cho",
    "Tae-yong",
    "he",
    "the ambassador",
    "according to",
    "told reporters",
    "Mr.",
    "R-Ky.,",
    "김",
    "👍",
    "é",
    "\u{202a}",
    "s'",
    "'90s",
    "rock 'n' roll",
    "Kim Jong Un",
    "saying",
    "ministry's",
    "by",
    "a",
];

#[test]
fn no_input_panics() {
    // A small deterministic generator: the same texts on every run.
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..3000 {
        let len = (next() % 60) as usize;
        let text: String = (0..len).map(|_| FUZZ_PIECES[(next() % FUZZ_PIECES.len() as u64) as usize]).collect();
        let analysis = analyze(&text, &AnalyzeOptions::default());
        for q in &analysis.quotes {
            assert!(text.get(q.span.range()).is_some(), "{text:?}");
            assert!(text.get(q.content.range()).is_some(), "{text:?}");
            if let Some(a) = &q.speaker {
                assert!(text.get(a.mention.range()).is_some(), "{text:?}");
            }
        }
    }
}

#[test]
fn name_right_before_the_colon() {
    let all = attributions(
        "Analysts disagree - Nora Quist: \"The polls missed the late deciders.\"\n\nRep. Ann Ray (R-Ind.): \"Who told you that figure?\"",
    );
    assert_eq!((all[0].mention.as_str(), all[0].cue.as_str()), ("Nora Quist", ""));
    assert_eq!(all[1].mention, "Ann Ray");
}

#[test]
fn earlier_clause_of_the_sentence_speaks_for_a_participle() {
    let text = "The imam left early, Haddad said, adding, \"He was never one to stay and talk.\"";
    let seen = only(text);
    assert_eq!((seen.mention.as_str(), seen.cue.as_str()), ("Haddad", "adding"));
}

#[test]
fn sentence_opening_name_with_an_aside() {
    let text = "Lena Berg, an analyst at a bank in Oslo, agreed: ''They have a strong brand and a loyal base.''";
    let seen = only(text);
    assert_eq!(seen.mention, "Lena Berg");
}

/// Throughput of quote detection plus attribution on news-like text:
/// `cargo test --release -p byline-core throughput -- --ignored --nocapture`.
#[test]
#[ignore]
fn throughput() {
    let paragraphs = [
        "WASHINGTON, March 3 -- Deputy Foreign Minister Lee Soo-jin said the talks would resume next week in Geneva.",
        "\"The door to dialogue remains open, and we expect a reply soon,\" Lee said in a meeting with reporters. \"Nothing has been decided yet.\"",
        "The ministry's spokesman, Tom Reyes, told reporters that the schedule was \"not final\" and could change.",
        "''We are ready to talk if the other side is sincere about it. That has not changed since last year.''",
        "Critics of the plan, including several opposition lawmakers, argued that it came too late to matter to farmers.",
        "“Our partnership is strong,” he added, declining to comment on the ministers' earlier remarks about the '90s.",
        "According to the finance ministry, exports grew 4 percent in the first quarter, the fastest pace since 2019.",
        "Kim Ji-woo 김지우, a trade analyst in Seoul, said: “이것은 중요합니다 👍 and markets will notice it.”",
    ];
    // Articles of a few kilobytes, as news comes; numbered so that no
    // paragraph is a duplicate (debris) of another.
    let articles: Vec<String> = (0..2000)
        .map(|a| {
            let mut text = String::new();
            for (n, p) in paragraphs.iter().cycle().take(24).enumerate() {
                text.push_str(&format!("{p} Item {a}-{n}.\n\n"));
            }
            text
        })
        .collect();
    let parsed: Vec<_> = articles.iter().map(|t| article::parse(t, None)).collect();
    let bytes: usize = articles.iter().map(String::len).sum();
    let mb = bytes as f64 / 1e6;
    let mut best_detect = f64::MAX;
    let mut best_total = f64::MAX;
    let (mut quotes_found, mut attributed) = (0, 0);
    for _ in 0..5 {
        let (mut detect_time, mut total_time) = (0.0, 0.0);
        (quotes_found, attributed) = (0, 0);
        for article in &parsed {
            let start = std::time::Instant::now();
            let mut scan = quotes::detect(article);
            detect_time += start.elapsed().as_secs_f64();
            attribute(article, &mut scan.quotes, &[]);
            total_time += start.elapsed().as_secs_f64();
            quotes_found += scan.quotes.len();
            attributed += scan.quotes.iter().filter(|q| q.speaker.is_some()).count();
        }
        best_detect = best_detect.min(detect_time);
        best_total = best_total.min(total_time);
    }
    println!(
        "{quotes_found} quotes, {mb:.1} MB: detect {:.0} MB/s, detect+attribute {:.0} MB/s",
        mb / best_detect,
        mb / best_total
    );
    assert!(attributed * 10 > quotes_found * 9);
}

#[test]
fn ambiguous_surname_keeps_the_mention_as_the_speaker() {
    let text = "Daniel Abara, the mayor, met his cousin Delia Abara, a city councillor, on Friday.\n\n\
                Both have called for a new bridge this year.\n\n\
                \"We cannot wait another decade,\" Abara said.";
    let seen = only(text);
    assert_eq!((seen.mention.as_str(), seen.speaker.as_str()), ("Abara", "Abara"));
    assert_eq!(seen.kind, Some(SpeakerKind::ShortName));
}

#[test]
fn surname_the_context_decides_resolves_to_that_person() {
    let text = "Daniel Abara, the mayor, met his cousin Delia Abara, a city councillor, on Friday.\n\n\
                Delia Abara has called for a new bridge this year.\n\n\
                \"We cannot wait another decade,\" Abara said.";
    let seen = only(text);
    assert_eq!((seen.mention.as_str(), seen.speaker.as_str()), ("Abara", "Delia Abara"));
}

#[test]
fn pronoun_after_an_ambiguous_surname_is_not_resolved_to_a_guess() {
    let text = "Daniel Abara met his cousin Delia Abara on Friday. Both want a new bridge.\n\n\
                Abara said the bridge was overdue. \"It should have opened in 2020,\" she said.";
    let seen = only(text);
    assert_eq!((seen.mention.as_str(), seen.speaker.as_str()), ("she", "Abara"));
}

#[test]
fn a_registry_variant_speaks_under_the_registry_spelling() {
    let mut gazetteer = crate::Gazetteer::builtin().clone();
    gazetteer.extend([crate::GazetteerEntry::new("Tomasz Wolański", EntityLabel::Person).with_id("tw")]);
    let options = AnalyzeOptions { gazetteer: Some(std::sync::Arc::new(gazetteer)), ..AnalyzeOptions::default() };
    let text = "\"Cargo volumes will keep rising,\" Tomasz Wolanski said.";
    let analysis = analyze(text, &options);
    let a = analysis.quotes[0].speaker.as_ref().expect("attributed");
    assert_eq!((a.mention_text.as_str(), a.speaker.as_str()), ("Tomasz Wolanski", "Tomasz Wolański"));
    assert_eq!(a.kind, SpeakerKind::Name);
}
