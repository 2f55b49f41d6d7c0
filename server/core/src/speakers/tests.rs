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

fn attributions(text: &str) -> Vec<Seen> {
    let analysis = analyze(text, &AnalyzeOptions::default());
    analysis
        .quotes
        .iter()
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
