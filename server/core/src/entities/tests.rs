use super::*;
use crate::article;

fn entities(text: &str) -> Vec<(String, &'static str, String, Option<String>)> {
    let article = article::parse(text, None);
    detect(&article).into_iter().map(|m| (m.text, m.label.code(), m.canonical, m.title)).collect()
}

fn find<'a>(
    found: &'a [(String, &'static str, String, Option<String>)],
    text: &str,
) -> Option<&'a (String, &'static str, String, Option<String>)> {
    found.iter().find(|e| e.0 == text)
}

#[test]
fn possessive_stays_out_of_the_span() {
    let found = entities("Officials said North Korea's new leadership must change course.");
    let nk = find(&found, "North Korea").expect("North Korea found");
    assert_eq!(nk.1, "LOC");
    assert!(found.iter().all(|e| !e.0.contains("'s")));
}

#[test]
fn title_goes_into_title_not_span() {
    let found = entities("Speaking in Tokyo, Assistant Secretary of State Mary Olson said the talks would go on.");
    let per = find(&found, "Mary Olson").expect("person found");
    assert_eq!(per.1, "PER");
    assert_eq!(per.3.as_deref(), Some("Assistant Secretary of State"));
    assert_eq!(find(&found, "Tokyo").map(|e| e.1), Some("LOC"));
    assert!(find(&found, "Speaking").is_none());
}

#[test]
fn title_can_name_the_place_it_serves() {
    let found = entities("It was South Korean Ambassador to the United States Han Ji-won who spoke.");
    let han = find(&found, "Han Ji-won").expect("person");
    assert_eq!(han.3.as_deref(), Some("South Korean Ambassador to the United States"));
    assert_eq!(find(&found, "the United States").map(|e| e.1), Some("LOC"));
}

#[test]
fn a_month_after_a_given_name_is_a_surname() {
    let found = entities("British Prime Minister Theresa May said on May 5 that talks would go on.");
    let may = find(&found, "Theresa May").expect("person");
    assert_eq!(may.3.as_deref(), Some("British Prime Minister"));
    assert_eq!(found.len(), 1, "{found:?}");
}

#[test]
fn relatives_of_known_people_are_people() {
    let found = entities("Later, Barron Trump and Donald Trump left the stage.");
    assert_eq!(find(&found, "Barron Trump").map(|e| e.1), Some("PER"), "{found:?}");
    assert_eq!(find(&found, "Donald Trump").map(|e| e.2.as_str()), Some("Donald Trump"));
}

#[test]
fn odd_casing_and_demonyms_join_the_title() {
    let found = entities("Vietnamese prime Minister Nguyen Van An met Russian Deputy Foreign Minister Oleg Petrov.");
    let nguyen = find(&found, "Nguyen Van An").expect("Vietnamese name");
    assert_eq!(nguyen.3.as_deref(), Some("Vietnamese prime Minister"));
    let petrov = find(&found, "Oleg Petrov").expect("Russian name");
    assert_eq!(petrov.3.as_deref(), Some("Russian Deputy Foreign Minister"));
    assert!(found.iter().all(|e| e.0 != "Vietnamese" && e.0 != "Russian"));
}

#[test]
fn east_asian_names_link_by_family_name() {
    let text = "Envoy Park Min-jae arrived in Busan on Monday.\n\n\"We are ready,\" Park said.";
    let found = entities(text);
    let full = find(&found, "Park Min-jae").expect("full name");
    assert_eq!(full.1, "PER");
    let short = find(&found, "Park").expect("short mention");
    assert_eq!((short.1, short.2.as_str()), ("PER", "Park Min-jae"));
}

#[test]
fn three_part_korean_name_and_initials() {
    let found = entities("Analysts compared Kim Jong Un with George W. Bush and with Moon Hee Sung.");
    assert_eq!(find(&found, "Kim Jong Un").map(|e| e.1), Some("PER"));
    assert_eq!(find(&found, "George W. Bush").map(|e| e.1), Some("PER"));
    assert_eq!(find(&found, "Moon Hee Sung").map(|e| e.1), Some("PER"));
}

#[test]
fn western_surname_links_to_full_name() {
    let text = "The company hired Laura Whitfield in March.\n\nWhitfield said the plan was sound.";
    let found = entities(text);
    let short = find(&found, "Whitfield").expect("surname mention");
    assert_eq!((short.1, short.2.as_str()), ("PER", "Laura Whitfield"));
}

#[test]
fn sentence_start_words_are_not_entities() {
    let found = entities("Meanwhile, rain fell. But talks went on. Yesterday the ministers met on Tuesday in March.");
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn title_case_headline_keeps_only_known_names() {
    let text = "Envoy Urges Calm As Tensions Rise In Seoul\n\nThe envoy spoke in Seoul on Friday.";
    let found = entities(text);
    let names: Vec<&str> = found.iter().map(|e| e.0.as_str()).collect();
    assert_eq!(names, ["Seoul", "Seoul"]);
}

#[test]
fn the_belongs_to_some_names() {
    let found = entities("Trade with the United States grew, and the Pentagon agreed, the ministry said.");
    assert_eq!(find(&found, "the United States").map(|e| e.2.as_str()), Some("United States"));
    assert_eq!(find(&found, "the Pentagon").map(|e| e.1), Some("ORG"));
}

#[test]
fn organisation_words_and_acronyms_make_organisations() {
    let text = "Shares of Hanbit Steel Corp. rose after the Korea Development Bank said the Fair Trade \
                Commission (FTC) had approved the deal.";
    let found = entities(text);
    assert_eq!(find(&found, "Hanbit Steel Corp.").map(|e| e.1), Some("ORG"));
    assert_eq!(find(&found, "the Korea Development Bank").map(|e| e.1), Some("ORG"));
    assert_eq!(find(&found, "FTC").map(|e| e.1), Some("ORG"));
}

#[test]
fn lowercase_departments_are_organisations() {
    let found = entities("A spokesman for the state department and Japan's foreign ministry declined to comment.");
    assert_eq!(find(&found, "the state department").map(|e| e.2.as_str()), Some("State Department"));
    assert_eq!(find(&found, "foreign ministry").map(|e| e.1), Some("ORG"));
    assert_eq!(find(&found, "Japan").map(|e| e.1), Some("LOC"));
}

#[test]
fn place_and_region_make_one_place_but_lists_do_not() {
    let found = entities("The plant in Dayton, Ohio, will close. Exports to Russia, China, Japan and Mexico fell.");
    assert!(find(&found, "Dayton, Ohio").is_some(), "{found:?}");
    assert!(find(&found, "Russia").is_some() && find(&found, "China").is_some());
}

#[test]
fn currency_signs_are_not_places() {
    let found = entities("The deal is worth US$ 40 billion to the airline.");
    assert!(find(&found, "US").is_none(), "{found:?}");
}

#[test]
fn registry_entries_extend_the_builtin_gazetteer() {
    let mut gazetteer = Gazetteer::builtin().clone();
    gazetteer.extend([GazetteerEntry::new("Zentrix Labs", EntityLabel::Organization).with_aliases(["Zentrix"])]);
    let text = "Zentrix said profits rose.";
    let article = article::parse(text, None);
    let found = detect_with(&article, &gazetteer);
    assert_eq!(found.len(), 1);
    assert_eq!((found[0].label, found[0].canonical.as_str()), (EntityLabel::Organization, "Zentrix Labs"));
}

#[test]
fn registry_names_in_hangul_are_found() {
    let mut gazetteer = Gazetteer::builtin().clone();
    gazetteer.extend([GazetteerEntry::new("Cho Tae-yong", EntityLabel::Person).with_aliases(["조태용"])]);
    let text = "주미대사 조태용 said the allies would cooperate.";
    let found = detect_with(&article::parse(text, None), &gazetteer);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!((found[0].text.as_str(), found[0].canonical.as_str()), ("조태용", "Cho Tae-yong"));
}

fn registry(entries: Vec<GazetteerEntry>) -> Gazetteer {
    let mut gazetteer = Gazetteer::builtin().clone();
    gazetteer.extend(entries);
    gazetteer
}

fn two_kims() -> Gazetteer {
    registry(vec![
        GazetteerEntry::new("Kim Jong Un", EntityLabel::Person).with_id("kim-jong-un").with_aliases(["Kim"]),
        GazetteerEntry::new("Kim Jong Il", EntityLabel::Person).with_id("kim-jong-il").with_aliases(["Kim"]),
    ])
}

fn detect_in(text: &str, gazetteer: &Gazetteer) -> Vec<EntityMention> {
    detect_with(&article::parse(text, None), gazetteer)
}

fn mention<'m>(found: &'m [EntityMention], text: &str, nth: usize) -> &'m EntityMention {
    let all: Vec<&EntityMention> = found.iter().filter(|m| m.text == text).collect();
    all.get(nth).copied().unwrap_or_else(|| panic!("no mention {nth} of {text:?} in {found:#?}"))
}

#[test]
fn registry_names_and_aliases_link_to_their_entry() {
    let gazetteer = registry(vec![GazetteerEntry::new("Marta Oyelaran", EntityLabel::Person)
        .with_id("marta-oyelaran")
        .with_aliases(["Oyelaran"])]);
    let text = "Marta Oyelaran opened the port on Monday.\n\nOyelaran said trade would double.";
    let found = detect_in(text, &gazetteer);
    for m in [mention(&found, "Marta Oyelaran", 0), mention(&found, "Oyelaran", 0)] {
        assert_eq!(m.entity.as_deref(), Some("marta-oyelaran"), "{m:?}");
        assert_eq!((m.label, m.canonical.as_str()), (EntityLabel::Person, "Marta Oyelaran"));
        assert!(m.candidates.is_empty() && m.variant_of.is_none());
    }
}

#[test]
fn registry_kind_wins_over_the_builtin_lists_and_name_shapes() {
    // `Victoria` is a place in the built-in lists and `Kestrel Valley`
    // looks like one; this corpus registers both as organisations.
    let gazetteer = registry(vec![
        GazetteerEntry::new("Victoria", EntityLabel::Organization).with_id("victoria-label"),
        GazetteerEntry::new("Kestrel Valley", EntityLabel::Organization).with_id("kestrel"),
    ]);
    let text = "Shares of Kestrel Valley rose after Victoria signed the singer.";
    let found = detect_in(text, &gazetteer);
    assert_eq!(mention(&found, "Kestrel Valley", 0).label, EntityLabel::Organization);
    assert_eq!(mention(&found, "Kestrel Valley", 0).entity.as_deref(), Some("kestrel"));
    assert_eq!(mention(&found, "Victoria", 0).label, EntityLabel::Organization);
    assert_eq!(mention(&found, "Victoria", 0).entity.as_deref(), Some("victoria-label"));
}

#[test]
fn an_alias_of_two_entries_links_to_neither_without_context() {
    let found = detect_in("Kim said the tests would go on.", &two_kims());
    let kim = mention(&found, "Kim", 0);
    assert_eq!(kim.entity, None);
    assert_eq!(kim.canonical, "Kim");
    assert_eq!(kim.candidates, ["Kim Jong Un", "Kim Jong Il"]);
}

#[test]
fn an_alias_of_two_entries_links_to_the_one_the_article_names() {
    let text = "Kim Jong Il ruled until 2011.\n\nAnalysts said Kim had feared a coup.";
    let found = detect_in(text, &two_kims());
    let kim = mention(&found, "Kim", 0);
    assert_eq!(kim.entity.as_deref(), Some("kim-jong-il"), "{kim:?}");
    assert_eq!(kim.canonical, "Kim Jong Il");
    assert!(kim.candidates.is_empty());
}

#[test]
fn a_full_name_outside_the_registry_is_a_candidate_too() {
    // Kim Yo Jong is not registered, but the article names her.
    let text = "Kim Jong Un met his sister Kim Yo Jong in Pyongyang.\n\n\
                The meeting lasted two hours.\n\nKim said the talks had been useful.";
    let found = detect_in(text, &two_kims());
    assert_eq!(mention(&found, "Kim Yo Jong", 0).label, EntityLabel::Person);
    assert_eq!(mention(&found, "Kim Jong Un", 0).entity.as_deref(), Some("kim-jong-un"));
    let kim = mention(&found, "Kim", 0);
    assert_eq!((kim.entity.as_deref(), kim.canonical.as_str()), (None, "Kim"));
    assert_eq!(kim.candidates, ["Kim Jong Un", "Kim Yo Jong"]);
}

#[test]
fn a_surname_two_people_share_is_ambiguous_without_a_registry() {
    let text = "Kim Jong Un inspected a factory on Monday, a day after Kim Yo Jong warned the South.\n\n\
                State media showed both at the site.\n\nKim said production must rise.";
    let found = entities(text);
    let kim = find(&found, "Kim").expect("short mention");
    assert_eq!((kim.1, kim.2.as_str()), ("PER", "Kim"));
    let mentions = detect(&article::parse(text, None));
    assert_eq!(mention(&mentions, "Kim", 0).candidates, ["Kim Jong Un", "Kim Yo Jong"]);
}

#[test]
fn the_previous_sentence_or_the_paragraph_decides_between_namesakes() {
    let text = "Kim Jong Un inspected a factory, a day after Kim Yo Jong warned the South.\n\n\
                Kim Yo Jong has issued such warnings before.\n\n\
                Kim said the drills were a provocation. Kim also threatened a response.\n\n\
                Later that day, Kim Jong Un toured a farm. Kim praised the harvest.";
    let found = detect(&article::parse(text, None));
    assert_eq!(mention(&found, "Kim", 0).canonical, "Kim Yo Jong", "the previous sentence names her");
    assert_eq!(mention(&found, "Kim", 1).canonical, "Kim Yo Jong", "the paragraph so far names her");
    assert_eq!(mention(&found, "Kim", 2).canonical, "Kim Jong Un", "the paragraph so far names him");
    assert!(found.iter().all(|m| m.candidates.is_empty()), "{found:#?}");
}

#[test]
fn a_surname_before_the_second_namesake_is_the_first() {
    let text = "Kim Jong Un inspected a factory. Kim praised the workers.\n\n\
                His sister Kim Yo Jong stayed in the capital.";
    let found = detect(&article::parse(text, None));
    let kim = mention(&found, "Kim", 0);
    assert_eq!((kim.canonical.as_str(), kim.candidates.len()), ("Kim Jong Un", 0));
}

#[test]
fn variant_spellings_link_to_the_registry_entry() {
    let gazetteer = registry(vec![
        GazetteerEntry::new("Kim Jong Un", EntityLabel::Person).with_id("kim-jong-un"),
        GazetteerEntry::new("Cho Tae-yong", EntityLabel::Person).with_id("cho-tae-yong"),
    ]);
    let text = "Kim Jong-un met envoys. Ambassador Cho Tae Yong said talks went well. \
                KIM JONG UN left on Friday.";
    let found = detect_in(text, &gazetteer);
    let kju = mention(&found, "Kim Jong-un", 0);
    assert_eq!(kju.entity.as_deref(), Some("kim-jong-un"));
    assert_eq!((kju.canonical.as_str(), kju.variant_of.as_deref()), ("Kim Jong Un", Some("Kim Jong Un")));
    let cho = mention(&found, "Cho Tae Yong", 0);
    assert_eq!(cho.entity.as_deref(), Some("cho-tae-yong"), "{found:#?}");
    assert_eq!(cho.variant_of.as_deref(), Some("Cho Tae-yong"));
    let shouted = mention(&found, "KIM JONG UN", 0);
    assert_eq!((shouted.entity.as_deref(), shouted.variant_of.as_deref()), (Some("kim-jong-un"), None));
}

#[test]
fn a_registry_name_in_other_capitals_is_a_variant_unless_all_capitals_or_lower_case() {
    let gazetteer = registry(vec![
        GazetteerEntry::new("Lim Sung-nam", EntityLabel::Person).with_id("lim"),
        GazetteerEntry::new("Hanbit Steel", EntityLabel::Organization).with_id("hanbit").with_aliases(["HANBIT"]),
    ]);
    let text = "Envoy Lim Sung-Nam met LIM SUNG-NAM fans. Hanbit Steel and HANBIT STEEL and HANBIT rose.";
    let found = detect_in(text, &gazetteer);
    assert_eq!(mention(&found, "Lim Sung-Nam", 0).variant_of.as_deref(), Some("Lim Sung-nam"));
    assert_eq!(mention(&found, "Lim Sung-Nam", 0).entity.as_deref(), Some("lim"));
    for written in ["LIM SUNG-NAM", "Hanbit Steel", "HANBIT"] {
        let m = found.iter().find(|m| m.text == written);
        assert!(m.is_some_and(|m| m.variant_of.is_none() && m.entity.is_some()), "{written}: {found:#?}");
    }
}

#[test]
fn a_short_name_of_a_variant_links_to_the_entry() {
    let gazetteer = registry(vec![GazetteerEntry::new("Tomasz Wolański", EntityLabel::Person).with_id("tw")]);
    let text = "Tomasz Wolanski runs the port.\n\nWolanski said cargo volumes rose.";
    let found = detect_in(text, &gazetteer);
    let short = mention(&found, "Wolanski", 0);
    assert_eq!((short.entity.as_deref(), short.canonical.as_str()), (Some("tw"), "Tomasz Wolański"));
    assert_eq!(short.variant_of, None);
}

#[test]
fn a_builtin_name_never_displaces_a_registry_entry_of_the_same_form() {
    let mut gazetteer = registry(vec![GazetteerEntry::new("Georgia", EntityLabel::Location).with_id("georgia-state")]);
    gazetteer.add(GazetteerEntry::new("Georgia", EntityLabel::Location));
    let found = detect_in("Storms hit Georgia overnight.", &gazetteer);
    assert_eq!(mention(&found, "Georgia", 0).entity.as_deref(), Some("georgia-state"));
}

#[test]
fn a_large_registry_keeps_capitals_and_builtin_names_working() {
    let surnames = ["Arvel", "Brisk", "Corran", "Dunmore", "Elsby", "Fenwright", "Galloway", "Hestor"];
    let mut entries: Vec<GazetteerEntry> = (0..6_000)
        .map(|i| {
            let name = format!("{} {}{i}", ["Maria", "Oscar", "Priya"][i % 3], surnames[i % surnames.len()]);
            GazetteerEntry::new(&name, EntityLabel::Person).with_id(&format!("p{i}"))
        })
        .collect();
    entries.push(GazetteerEntry::new("Lund Maritime", EntityLabel::Organization).with_id("lund").with_aliases(["LM"]));
    let gazetteer = registry(entries);
    let text = "Oscar Corran10 met Lund Maritime staff in Seoul. The US fleet and lm boats waited, and LM said so.";
    let found = detect_in(text, &gazetteer);
    assert_eq!(mention(&found, "Oscar Corran10", 0).entity.as_deref(), Some("p10"));
    assert_eq!(mention(&found, "Lund Maritime", 0).entity.as_deref(), Some("lund"));
    assert_eq!(mention(&found, "LM", 0).entity.as_deref(), Some("lund"));
    assert_eq!(mention(&found, "Seoul", 0).label, EntityLabel::Location);
    assert_eq!(mention(&found, "US", 0).canonical, "United States");
    assert!(found.iter().all(|m| m.text != "lm"), "a short all-capital alias needs capitals: {found:#?}");
}

#[test]
fn random_text_with_a_registry_never_panics() {
    let gazetteer = registry(vec![
        GazetteerEntry::new("Kim Jong Un", EntityLabel::Person).with_id("kju").with_aliases(["Kim"]),
        GazetteerEntry::new("Kim Jong Il", EntityLabel::Person).with_id("kji").with_aliases(["Kim"]),
        GazetteerEntry::new("Renée Dubois", EntityLabel::Person).with_id("rd").with_aliases(["Dubois"]),
        GazetteerEntry::new("Zelensky", EntityLabel::Person).with_id("z").with_aliases(["Zelensky"]),
    ]);
    let pieces = [
        "Kim",
        "Kim Jong-un",
        "Kim Jong Un",
        "Kim Yo Jong",
        "KIM",
        "Renee Dubois",
        "Dubois",
        "Zelenskyy",
        ". ",
        ", ",
        "\n\n",
        " ",
        "\u{a0}",
        "\u{3000}",
        "Mr.",
        "W.",
        "said",
        "the",
        "\"",
        "조태용",
        "é",
        "-",
        "Seoul",
    ];
    let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
    for _ in 0..300 {
        let mut text = String::new();
        for _ in 0..50 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            text.push_str(pieces[(seed % pieces.len() as u64) as usize]);
        }
        let found = detect_in(&text, &gazetteer);
        for e in &found {
            assert!(text.get(e.span.range()).is_some(), "{text:?} {e:?}");
            assert!(e.entity.is_none() || e.candidates.is_empty(), "linked or ambiguous, not both: {e:?}");
        }
    }
}

#[test]
fn hangul_and_emoji_do_not_break_detection() {
    let found = entities("조태용 대사가 말했다 🙂 Kurt Campbell 🙂 met 조태용 in Seoul🙂.");
    assert_eq!(find(&found, "Kurt Campbell").map(|e| e.1), Some("PER"));
    assert_eq!(find(&found, "Seoul").map(|e| e.1), Some("LOC"));
}

#[test]
fn spans_are_char_boundaries_and_do_not_overlap() {
    let text = "Ünïcödé Naïve Café in Zürich: Ångström Corp. and Renée Dubois spoke. “Quoted” O'Neill's.";
    let article = article::parse(text, None);
    let found = detect(&article);
    for pair in found.windows(2) {
        assert!(pair[0].span.end <= pair[1].span.start);
    }
    for e in &found {
        assert!(text.get(e.span.range()).is_some());
    }
}

#[test]
fn unknown_people_are_found_by_what_surrounds_them() {
    let text = "Talks resumed on Monday, said Ravindra Okonkwo-Lind, a spokesman for the group.\n\n\
                His counterpart Tadeusz Wrobel stayed home.";
    let found = entities(text);
    assert_eq!(find(&found, "Ravindra Okonkwo-Lind").map(|e| e.1), Some("PER"), "{found:?}");
    assert_eq!(find(&found, "Tadeusz Wrobel").map(|e| e.1), Some("PER"), "{found:?}");
}

#[test]
fn unknown_names_that_act_are_organisations() {
    let found = entities("Shares rose after Korvath Mining announced a new mine in Peru.");
    assert_eq!(find(&found, "Korvath Mining").map(|e| e.1), Some("ORG"), "{found:?}");
    let found = entities("In March, Aer Lingus has ordered six jets.");
    assert_eq!(find(&found, "Aer Lingus").map(|e| e.1), Some("ORG"), "{found:?}");
}

#[test]
fn unknown_capitalised_words_without_context_are_not_reported() {
    let found = entities("Buyers lined up for the new Zephyr Quantum handset and the Lumo player.");
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn a_firm_before_a_model_number_names_a_product() {
    let found = entities("The airline ordered ten Airbus A350 jets, and Boeing said it would bid again.");
    assert!(find(&found, "Airbus").is_none(), "{found:?}");
    assert_eq!(find(&found, "Boeing").map(|e| e.1), Some("ORG"));
}

#[test]
fn indices_are_known_but_not_reported() {
    let found = entities("The FTSE 100 fell while the Dow Jones Industrial Average rose in New York.");
    let names: Vec<&str> = found.iter().map(|e| e.0.as_str()).collect();
    assert_eq!(names, ["New York"]);
}

#[test]
fn shouted_words_are_not_acronyms() {
    let found = entities("SAVE THE DATE FOR OUR GALA. The event is run by UNICEF in Geneva.");
    let names: Vec<&str> = found.iter().map(|e| e.0.as_str()).collect();
    assert_eq!(names, ["UNICEF", "Geneva"]);
}

#[test]
fn a_sentence_full_of_names_is_not_a_headline() {
    let found = entities("He met Deputy Foreign Minister Oleg Petrov.");
    assert_eq!(find(&found, "Oleg Petrov").map(|e| e.3.as_deref()), Some(Some("Deputy Foreign Minister")));
}

#[test]
fn korean_family_name_that_is_also_a_given_name_links() {
    let text = "Envoy Kim Sook met reporters.\n\n\"We are ready,\" Kim said.";
    let found = entities(text);
    let short = find(&found, "Kim").expect("short mention");
    assert_eq!((short.1, short.2.as_str()), ("PER", "Kim Sook"));
}

#[test]
fn the_short_name_of_a_paper_links_to_it() {
    let text = "The Washington Post reported the deal on Sunday.\n\nOfficials later told the Post that talks went on.";
    let found = entities(text);
    let short = find(&found, "the Post").expect("short mention");
    assert_eq!((short.1, short.2.as_str()), ("ORG", "The Washington Post"));
}

#[test]
fn random_text_never_panics_and_spans_stay_valid() {
    let pieces = [
        "A",
        "b",
        "U.S.",
        "'s",
        "’",
        "'",
        "-",
        "--",
        ".",
        ",",
        "\"",
        "“",
        " ",
        " ",
        "\n\n",
        "Kim",
        "Jong-un",
        "조태용",
        "🙂",
        "É",
        "ß",
        "the",
        "The",
        "Mr.",
        "of",
        "Bank",
        "Seoul",
        "SEOUL",
        "&",
        "$",
        "A380",
        "Inc.",
        "said",
        "\r\n",
    ];
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    for _ in 0..300 {
        let mut text = String::new();
        for _ in 0..60 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            text.push_str(pieces[(seed % pieces.len() as u64) as usize]);
        }
        let article = article::parse(&text, None);
        let found = detect(&article);
        for e in &found {
            assert!(text.get(e.span.range()).is_some(), "{text:?} {e:?}");
        }
        for pair in found.windows(2) {
            assert!(pair[0].span.end <= pair[1].span.start, "{text:?} {pair:?}");
        }
    }
}

#[test]
fn long_runs_of_capitalised_words_stay_fast() {
    let text = "Minister ".repeat(20_000) + "said, and Kim Sook said. " + &"Seoul Busan ".repeat(20_000);
    let start = std::time::Instant::now();
    let found = entities(&text);
    assert!(!found.is_empty());
    assert!(start.elapsed().as_secs() < 5, "took {:?}", start.elapsed());
}

/// `cargo test --release -p byline-core throughput -- --ignored --nocapture`
#[test]
#[ignore]
fn throughput() {
    let paragraphs = [
        "SEOUL, March 3 (Yonhap) -- South Korea's foreign ministry said Tuesday that Vice Foreign Minister \
         Park Jin-woo will visit Washington next week to meet U.S. Deputy Secretary of State Karen Miles.",
        "The talks come as North Korea's leader Kim Jong Un ordered more missile tests, according to the \
         Korean Central News Agency, and as the United Nations Security Council weighs new sanctions.",
        "\"We will keep working closely with our allies,\" Park told reporters at Incheon International \
         Airport, adding that Japan and China had also been briefed on the plan.",
        "Shares of Hanbit Motors Corp. fell 3 percent in Seoul after the company said its chief executive, \
         Michael Grant, would step down at the end of the year for personal reasons.",
        "Meanwhile, the Bank of Korea kept its key rate unchanged, citing weak exports to Europe and \
         slowing demand in Southeast Asia, said Lee Soo-min, an economist at Daewon Securities.",
    ];
    let mut text = String::new();
    let mut n = 0;
    while text.len() < 4_000_000 {
        for p in paragraphs {
            n += 1;
            text.push_str(&format!("{p} ({n})\n\n"));
        }
    }
    // BYLINE_BENCH_JSONL: measure on real articles instead (one JSON
    // object with a "text" a line).
    let texts: Vec<String> = match std::env::var("BYLINE_BENCH_JSONL") {
        Ok(path) => std::fs::read_to_string(path).unwrap_or_default().lines().filter_map(serde_json_text).collect(),
        Err(_) => vec![text],
    };
    let articles: Vec<_> = texts.iter().map(|t| article::parse(t, None)).collect();
    let bytes: usize = texts.iter().map(String::len).sum();
    // CPU time of this thread (the machine is shared, so wall time lies).
    let cpu_ticks = || {
        let stat = std::fs::read_to_string("/proc/thread-self/stat").unwrap_or_default();
        let fields: Vec<&str> = stat.rsplit(')').next().unwrap_or("").split_whitespace().collect();
        // utime and stime: fields 14 and 15 of the line, 11 and 12 after the name.
        let field = |i: usize| fields.get(i).and_then(|f| f.parse::<u64>().ok()).unwrap_or(0);
        field(11) + field(12)
    };
    let rounds = 10;
    let mut mentions = 0;
    let wall = std::time::Instant::now();
    let ticks = cpu_ticks();
    for _ in 0..rounds {
        mentions = articles.iter().map(|a| detect(a).len()).sum::<usize>();
    }
    let cpu_secs = (cpu_ticks() - ticks) as f64 / 100.0;
    let wall_secs = wall.elapsed().as_secs_f64();
    let mb = (bytes * rounds) as f64 / 1e6;
    println!("{mentions} mentions in {bytes} bytes: {:.1} MB/s CPU, {:.1} MB/s wall", mb / cpu_secs, mb / wall_secs);
    let ticks = cpu_ticks();
    let mut count = 0;
    let mut toks = Vec::new();
    for _ in 0..rounds {
        for a in &articles {
            for p in a.content_paragraphs() {
                let s = a.slice(p.span);
                crate::text::tokens::tokenize(s, p.span.start, &mut toks);
                crate::text::tokens::mark_title_case_line(s, p.span.start, &mut toks);
                count += toks.len();
            }
        }
    }
    println!("tokenizer alone: {:.1} MB/s CPU ({count} tokens)", mb / ((cpu_ticks() - ticks) as f64 / 100.0));
    // A yardstick for this machine: FNV-1a over the same bytes, one
    // multiply per byte (about 1 GB/s on an idle 3 GHz core).
    let ticks = cpu_ticks();
    let mut hash = 0xcbf2_9ce4_8422_2325_u64;
    for _ in 0..rounds * 10 {
        for t in &texts {
            for b in t.bytes() {
                hash = (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
            }
        }
    }
    let fnv_secs = (cpu_ticks() - ticks) as f64 / 100.0;
    println!("yardstick FNV-1a: {:.0} MB/s CPU (hash {hash:x})", mb * 10.0 / fnv_secs);
    assert!(mentions > 0);
}

/// The `"text"` field of a JSON line, without a JSON dependency: enough
/// for benchmark input.
fn serde_json_text(line: &str) -> Option<String> {
    let start = line.find("\"text\": \"").map(|i| i + 9).or_else(|| line.find("\"text\":\"").map(|i| i + 8))?;
    let mut out = String::new();
    let mut chars = line.get(start..)?.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => return Some(out),
            '\\' => match chars.next()? {
                'n' => out.push('\n'),
                't' => out.push('\t'),
                'u' => {
                    let hex: String = chars.by_ref().take(4).collect();
                    out.push(u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32).unwrap_or(' '));
                }
                other => out.push(other),
            },
            c => out.push(c),
        }
    }
    None
}

#[test]
#[ignore]
fn print_entities_of_env_text() {
    let text = std::env::var("BYLINE_TEXT").unwrap_or_default();
    for e in entities(&text) {
        println!("{e:?}");
    }
}
