//! Reported speech on sentences written for these tests: every shape the
//! reader knows and the phrases that only look like speech.

use crate::{analyze, AnalyzeOptions, QuoteKind};

/// (kind, content, speaker, cue) of every non-direct quote.
fn reported(text: &str) -> Vec<(QuoteKind, String, String, String)> {
    let analysis = analyze(text, &AnalyzeOptions::default());
    analysis
        .quotes
        .iter()
        .filter(|q| q.kind != QuoteKind::Direct)
        .map(|q| {
            let a = q.speaker.as_ref();
            (
                q.kind,
                q.content.slice(text).to_string(),
                a.map_or(String::new(), |a| a.speaker.clone()),
                a.and_then(|a| a.cue_text.clone()).unwrap_or_default(),
            )
        })
        .collect()
}

fn one(text: &str) -> (String, String, String) {
    let mut all = reported(text);
    assert_eq!(all.len(), 1, "{text}\n{all:#?}");
    let (kind, content, speaker, cue) = all.remove(0);
    assert_eq!(kind, QuoteKind::Reported, "{text}");
    (content, speaker, cue)
}

fn none(text: &str) {
    let all = reported(text);
    assert!(all.is_empty(), "{text}\n{all:#?}");
}

#[test]
fn speaker_said_that_clause() {
    let (content, speaker, cue) = one("Mayor Lena Berg said that the bridge would reopen in May.");
    assert_eq!(
        (content.as_str(), speaker.as_str(), cue.as_str()),
        ("the bridge would reopen in May", "Lena Berg", "said")
    );
    let (content, ..) = one("Mayor Lena Berg said the bridge would reopen in May.");
    assert_eq!(content, "the bridge would reopen in May");
}

#[test]
fn told_someone_and_adverbials_before_the_clause() {
    let (content, speaker, _) = one("Tomas Ferreira told reporters on Tuesday that the mine will close by June.");
    assert_eq!((content.as_str(), speaker.as_str()), ("the mine will close by June", "Tomas Ferreira"));
    let (content, ..) = one("Tomas Ferreira told the committee the mine will close by June.");
    assert_eq!(content, "the mine will close by June");
    let (content, ..) = one("The ministry said in a statement the new rules would apply from March.");
    assert_eq!(content, "the new rules would apply from March");
    let (content, ..) = one("Tomas Ferreira said on Tuesday the mine will close by June.");
    assert_eq!(content, "the mine will close by June");
}

#[test]
fn clause_first_then_the_attribution() {
    let (content, speaker, _) = one("The mine will close by June, Tomas Ferreira said Tuesday.");
    assert_eq!((content.as_str(), speaker.as_str()), ("The mine will close by June", "Tomas Ferreira"));
    let (content, speaker, _) = one("The mine will close by June, said Tomas Ferreira, the site manager.");
    assert_eq!((content.as_str(), speaker.as_str()), ("The mine will close by June", "Tomas Ferreira"));
}

#[test]
fn according_to_before_and_after() {
    let (content, speaker, cue) = one("According to Nadia Haddad, the harvest was the worst in a decade.");
    assert_eq!(
        (content.as_str(), speaker.as_str(), cue.as_str()),
        ("the harvest was the worst in a decade", "Nadia Haddad", "According to")
    );
    let (content, speaker, _) = one("The harvest was the worst in a decade, according to Nadia Haddad.");
    assert_eq!((content.as_str(), speaker.as_str()), ("The harvest was the worst in a decade", "Nadia Haddad"));
}

#[test]
fn apposition_statement_and_office() {
    let (_, speaker, _) =
        one("Pia Lund, the chief executive of Nordfisk, said the company would hire 200 people next year.");
    assert_eq!(speaker, "Pia Lund");
    let (_, speaker, _) = one("In a statement, Pia Lund said the company would hire 200 people next year.");
    assert_eq!(speaker, "Pia Lund");
    let (_, speaker, _) = one("The mayor's office said the roads would be cleared by noon.");
    assert_eq!(speaker, "mayor's office");
}

#[test]
fn participle_continues_the_main_clause() {
    let all = reported("Pia Lund praised the deal, saying it would secure jobs for a decade.");
    assert_eq!(all.len(), 1, "{all:#?}");
    assert_eq!((all[0].1.as_str(), all[0].2.as_str()), ("it would secure jobs for a decade", "Pia Lund"));
    let all = reported("Pia Lund said the deal was fair, adding that the unions had agreed to it.");
    let contents: Vec<&str> = all.iter().map(|r| r.1.as_str()).collect();
    assert_eq!(contents, ["the deal was fair", "the unions had agreed to it"]);
    assert!(all.iter().all(|r| r.2 == "Pia Lund"), "{all:#?}");
}

#[test]
fn reporting_verbs_beyond_say() {
    for (verb, clause) in [
        ("warned", "prices would rise again"),
        ("argued", "the tax was unfair"),
        ("insisted", "the vote had been fair"),
        ("admitted", "the plan had failed"),
        ("predicted", "turnout would fall"),
        ("wrote", "the court had erred"),
        ("confirmed that", "the talks had collapsed"),
        ("denied that", "the firm had broken any rule"),
        ("announced that", "the plant would close"),
    ] {
        let (content, speaker, _) = one(&format!("Senator Ruth Okafor {verb} {clause}."));
        assert_eq!((content.as_str(), speaker.as_str()), (clause, "Ruth Okafor"), "{verb}");
    }
}

#[test]
fn pronoun_speaker_resolves_to_the_person_named_before() {
    let all = reported("Ruth Okafor spoke in Lagos on Monday. She said the new road would open in April.");
    assert_eq!(all.len(), 1, "{all:#?}");
    assert_eq!(all[0].2, "Ruth Okafor");
}

#[test]
fn quoted_fragment_makes_the_clause_mixed() {
    let text = "The mayor said the budget was \"a disgrace to the city\" and would be rewritten.";
    let analysis = analyze(text, &AnalyzeOptions::default());
    assert_eq!(analysis.quotes.len(), 1, "the fragment belongs to the clause");
    let quote = &analysis.quotes[0];
    assert_eq!(quote.kind, QuoteKind::Mixed);
    assert_eq!(quote.span.slice(text), "the budget was \"a disgrace to the city\" and would be rewritten");
    assert_eq!(quote.speaker.as_ref().map(|a| a.mention_text.as_str()), Some("The mayor"));
}

#[test]
fn direct_quotations_are_not_reported_again() {
    let text = "\"We will not back down,\" the mayor said. Lena Berg said: \"The budget is balanced.\"";
    none(text);
    let analysis = analyze(text, &AnalyzeOptions::default());
    assert!(analysis.quotes.iter().all(|q| q.kind == QuoteKind::Direct));
}

#[test]
fn not_speech() {
    none("The so-called reform will cost the city dearly.");
    none("The old mill is said to be the oldest in the county.");
    none("It is said that the river once ran red.");
    none("The said company was sold in 2019 for a small sum.");
    none("Lena Berg declined to comment on the deal.");
    none("Lena Berg did not say whether the bridge would reopen.");
    none("Lena Berg said nothing.");
    none("Lena Berg said Tuesday.");
    none("Lena Berg announced the closure of the plant.");
    none("Lena Berg asked whether the plan was legal.");
    none("Lena Berg was told the plan had been dropped.");
}

#[test]
fn turned_off_it_finds_quotations_only() {
    let text = "Lena Berg said the bridge would reopen in May. \"We are ready,\" she said.";
    let options = AnalyzeOptions { reported: false, ..AnalyzeOptions::default() };
    let analysis = analyze(text, &options);
    assert_eq!(analysis.quotes.len(), 1);
    assert_eq!(analysis.quotes[0].kind, QuoteKind::Direct);
}
