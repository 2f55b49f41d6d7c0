use super::edits::{add_alias, append_entry, new_entry, toml_string, TextEdit};
use super::*;
use crate::span::line_column;

const FIXTURE: &str = include_str!("../../../../fixtures/corpus/entities.toml");

fn one(text: &str) -> Registry {
    parse(&[RegistrySource { name: "entities.toml", text }])
}

fn codes_of(registry: &Registry) -> Vec<&'static str> {
    registry.problems.iter().map(|p| p.code).collect()
}

fn only_problem<'a>(registry: &'a Registry, code: &str) -> &'a RegistryProblem {
    let matching: Vec<_> = registry.problems.iter().filter(|p| p.code == code).collect();
    assert_eq!(matching.len(), 1, "{code} in {:#?}", registry.problems);
    matching[0]
}

fn spanned(text: &str, span: Span) -> &str {
    span.slice(text)
}

// --- reading entries ---------------------------------------------------------

#[test]
fn fixture_registry_loads_every_entry_without_warnings() {
    let registry = one(FIXTURE);
    let serious: Vec<_> = registry.problems.iter().filter(|p| p.severity > Severity::Info).collect();
    assert!(serious.is_empty(), "{serious:#?}");
    // The only notes are the deliberately shared `Kim`.
    for problem in &registry.problems {
        assert_eq!(problem.code, codes::SHARED_ALIAS, "{problem:?}");
        assert_eq!(spanned(FIXTURE, problem.span), "\"Kim\"");
    }
    assert_eq!(registry.problems.len(), 5);
    let headers = FIXTURE.lines().filter(|l| ["[[person]]", "[[organization]]", "[[place]]"].contains(l)).count();
    assert_eq!(registry.entries.len(), headers);

    let campbell = registry.get("kurt-campbell").expect("Kurt Campbell");
    assert_eq!(campbell.kind, EntityLabel::Person);
    assert_eq!(spanned(FIXTURE, campbell.name_span), "\"Kurt Campbell\"");
    assert_eq!(campbell.affiliation.as_deref(), Some("us-state-department"));
    assert_eq!(campbell.roles[0].title, "Assistant Secretary of State for East Asian and Pacific Affairs");
    assert_eq!(campbell.roles[0].from.as_deref(), Some("2009"));
    assert_eq!(campbell.roles[0].until.as_deref(), Some("2013"));
    let state = registry.resolve_organization(campbell.roles[0].organization.as_deref().unwrap()).unwrap();
    assert_eq!(state.name, "U.S. Department of State");
    assert_eq!(state.kind, EntityLabel::Organization);
    assert!(state.links.contains(&Link { kind: "wikidata".into(), value: "Q789915".into() }));

    // Sub-table roles and a derived id.
    let lagarde = registry.get("christine-lagarde").unwrap();
    assert_eq!(lagarde.roles.len(), 2);
    assert_eq!(lagarde.roles[1].organization.as_deref(), Some("ecb"));
    let oshidari = registry.get("kenro-oshidari").unwrap();
    assert!(oshidari.id_derived);
    assert_eq!(oshidari.id_span, oshidari.name_span);
    assert_eq!(registry.get("seoul").unwrap().kind, EntityLabel::Location);
    for id in ["kim-hwang-sik", "kim-jong-un", "kim-jong-il", "kim-yo-jong", "cho-tae-yong", "julie-turner"] {
        assert!(registry.get(id).is_some(), "{id}");
    }
    for id in ["lloyd-austin", "lee-jong-sup", "yonhap", "us-state-department", "kcna"] {
        assert!(registry.get(id).is_some(), "{id}");
    }
}

#[test]
fn entries_keep_file_order_across_kinds_and_their_spans() {
    let text = "[[organization]]\nname = \"Yonhap\"\n\n[[person]]\nname = \"Kim Gunn\"\naliases = [\"Kim\", 'Gunn Kim']\ndescription = \"Nuclear envoy\"\n";
    let registry = one(text);
    assert!(registry.problems.is_empty(), "{:?}", registry.problems);
    let names: Vec<_> = registry.entries.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["Yonhap", "Kim Gunn"]);
    let kim = &registry.entries[1];
    assert_eq!(kim.id, "kim-gunn");
    assert_eq!(kim.aliases, ["Kim", "Gunn Kim"]);
    let alias_texts: Vec<_> = kim.alias_spans.iter().map(|s| spanned(text, *s)).collect();
    assert_eq!(alias_texts, ["\"Kim\"", "'Gunn Kim'"]);
    assert_eq!(spanned(text, kim.aliases_span.unwrap()), "[\"Kim\", 'Gunn Kim']");
    assert!(spanned(text, kim.span).starts_with("[[person]]"));
    assert!(spanned(text, kim.span).ends_with("\"Nuclear envoy\""));
    assert_eq!(kim.description.as_deref(), Some("Nuclear envoy"));
}

#[test]
fn entry_span_reaches_over_role_sub_tables() {
    let text = "[[person]]\nname = \"Park Jin\"\n\n[[person.roles]]\ntitle = \"Foreign Minister\"\nfrom = 2022\nuntil = 2024-01-10\n\n[[person]]\nname = \"Ahn Duk-geun\"\n";
    let registry = one(text);
    assert!(registry.problems.is_empty(), "{:?}", registry.problems);
    let park = &registry.entries[0];
    assert!(spanned(text, park.span).ends_with("2024-01-10"));
    assert_eq!(park.roles[0].from.as_deref(), Some("2022"));
    assert_eq!(park.roles[0].until.as_deref(), Some("2024-01-10"));
    let inside_role = text.find("Foreign").unwrap();
    assert_eq!(registry.entry_at(0, inside_role).map(|e| e.name.as_str()), Some("Park Jin"));
    assert_eq!(registry.entry_at(0, text.find("Ahn").unwrap()).map(|e| e.name.as_str()), Some("Ahn Duk-geun"));
    assert!(registry.entry_at(1, inside_role).is_none(), "another source");
}

#[test]
fn roles_may_be_bare_titles_and_links_a_table() {
    let text = "[[person]]\nname = \"Maria Okafor\"\nroles = [\"Council Chair\"]\nlinks = { wikidata = \"Q123\", homepage = \"https://example.org\" }\nurl = \"https://example.com/okafor\"\n";
    let registry = one(text);
    assert!(registry.problems.is_empty(), "{:?}", registry.problems);
    let okafor = &registry.entries[0];
    assert_eq!(okafor.roles[0].title, "Council Chair");
    let links: Vec<_> = okafor.links.iter().map(|l| (l.kind.as_str(), l.value.as_str())).collect();
    assert_eq!(
        links,
        [("url", "https://example.com/okafor"), ("homepage", "https://example.org"), ("wikidata", "Q123")]
    );
}

#[test]
fn organisation_spelling_and_places_are_kinds() {
    let registry = one("[[organisation]]\nname = \"Maersk\"\n[[place]]\nname = \"Busan\"\n");
    assert!(registry.problems.is_empty());
    assert_eq!(registry.get("maersk").unwrap().kind, EntityLabel::Organization);
    assert_eq!(registry.get("busan").unwrap().kind, EntityLabel::Location);
}

#[test]
fn a_single_bracket_table_is_one_entry_with_a_warning() {
    let text = "[person]\nname = \"Julie Turner\"\n";
    let registry = one(text);
    assert_eq!(registry.entries.len(), 1);
    let problem = only_problem(&registry, codes::INVALID_VALUE);
    assert_eq!(problem.severity, Severity::Warning);
    assert!(problem.message.contains("[[person]]"), "{}", problem.message);
}

// --- problems ------------------------------------------------------------------

#[test]
fn syntax_error_is_placed_and_keeps_the_entries_before_it() {
    let text = "[[person]]\nname = \"Kurt Campbell\"\n\n[[person]]\nname = \"Cho Tae-yong\naliases = [\"Cho\"]\n\n[[person]]\nname = \"Lee Jong-sup\"\n";
    let other = "[[organization]]\nname = \"Yonhap\"\n";
    let registry =
        parse(&[RegistrySource { name: "people.toml", text }, RegistrySource { name: "orgs.toml", text: other }]);
    let syntax = only_problem(&registry, codes::SYNTAX);
    assert_eq!(syntax.severity, Severity::Error);
    assert_eq!(syntax.source, 0);
    assert_eq!(line_column(text, syntax.span.start), (5, 21), "{syntax:?}");
    assert!(syntax.message.contains("expected"), "{}", syntax.message);
    let sources = [RegistrySource { name: "people.toml", text }, RegistrySource { name: "orgs.toml", text: other }];
    assert!(syntax.render(&sources).starts_with("people.toml:5:21: error[registry-syntax]: TOML syntax"));
    let names: Vec<_> = registry.entries.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["Kurt Campbell", "Yonhap"], "the rest of the broken file waits, the other file loads");
}

#[test]
fn syntax_error_breaks_the_whole_entry_it_is_in() {
    let text = "[[person]]\nname = \"Lee Jong-sup\"\n\n[[person]]\nid = \"park-jin\"\nname \"Park Jin\"\n";
    let registry = one(text);
    assert_eq!(codes_of(&registry), [codes::SYNTAX], "no missing name for the broken entry");
    assert_eq!(line_column(text, registry.problems[0].span.start), (6, 6));
    let names: Vec<_> = registry.entries.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["Lee Jong-sup"]);
    let duplicate_key = "[[person]]\nname = \"Kim\"\nname = \"Lee\"\n";
    let registry = one(duplicate_key);
    assert_eq!(codes_of(&registry), [codes::SYNTAX]);
    assert!(registry.entries.is_empty());
}

#[test]
fn syntax_error_at_the_start_loads_nothing_of_that_file() {
    let registry = one("[[person]\nname = \"X\"\n");
    assert_eq!(codes_of(&registry), [codes::SYNTAX]);
    assert!(registry.entries.is_empty());
}

#[test]
fn duplicate_ids_across_sources_point_at_the_first() {
    let first = "# people\n[[person]]\nid = \"kim\"\nname = \"Kim Jong Un\"\n";
    let second = "[[person]]\nid = \"kim\"\nname = \"Kim Yo Jong\"\n";
    let sources = [RegistrySource { name: "a.toml", text: first }, RegistrySource { name: "b.toml", text: second }];
    let registry = parse(&sources);
    let problem = only_problem(&registry, codes::DUPLICATE_ID);
    assert_eq!(problem.severity, Severity::Error);
    assert_eq!(problem.source, 1);
    assert_eq!(spanned(second, problem.span), "\"kim\"");
    let (related_source, related_span) = problem.related.unwrap();
    assert_eq!((related_source, spanned(first, related_span)), (0, "\"kim\""));
    assert!(problem.message.contains("a.toml:3"), "{}", problem.message);
    assert_eq!(registry.get("kim").unwrap().name, "Kim Jong Un", "the first keeps the id");
    assert_eq!(registry.entries.len(), 2, "both still load");
}

#[test]
fn two_entries_deriving_one_id_are_told_to_add_one() {
    let text = "[[person]]\nname = \"Park Jin\"\n\n[[person]]\nname = \"Park  Jin\"\n";
    let registry = one(text);
    let problem = only_problem(&registry, codes::DUPLICATE_ID);
    assert_eq!(spanned(text, problem.span), "\"Park  Jin\"");
    assert!(problem.message.contains("add an `id"), "{}", problem.message);
}

#[test]
fn shared_alias_is_a_note_on_each_entry_pointing_at_the_other() {
    let text = "[[person]]\nname = \"Kim Jong Un\"\naliases = [\"Kim\"]\n\n[[person]]\nname = \"Kim Yo Jong\"\naliases = [\"KIM\", \"Kim Yo-jong\"]\n";
    let registry = one(text);
    let shared: Vec<_> = registry.problems.iter().filter(|p| p.code == codes::SHARED_ALIAS).collect();
    assert_eq!(shared.len(), 2, "{:?}", registry.problems);
    assert!(shared.iter().all(|p| p.severity == Severity::Info));
    assert_eq!(spanned(text, shared[0].span), "\"Kim\"");
    assert_eq!(spanned(text, shared[0].related.unwrap().1), "\"KIM\"");
    assert!(shared[0].message.contains("Kim Yo Jong (`kim-yo-jong`)"), "{}", shared[0].message);
    assert_eq!(spanned(text, shared[1].related.unwrap().1), "\"Kim\"");
    assert_eq!(registry.find_by_name("kim").len(), 2);
}

#[test]
fn an_entry_repeating_its_own_name_shares_nothing() {
    let registry = one("[[person]]\nname = \"Kim Gunn\"\naliases = [\"Kim Gunn\", \"kim gunn\"]\n");
    assert!(registry.problems.is_empty(), "{:?}", registry.problems);
}

#[test]
fn affiliation_naming_no_entry_is_a_warning_with_a_suggestion() {
    let text = "[[person]]\nname = \"Cho Tae-yong\"\naffiliation = \"south-korea-foriegn-ministry\"\n\n[[person]]\nname = \"Byun Duk-kun\"\naffiliation = \"Yonhap News Agency\"\n\n[[organization]]\nid = \"south-korea-foreign-ministry\"\nname = \"Ministry of Foreign Affairs\"\n\n[[organization]]\nid = \"yonhap\"\nname = \"Yonhap News Agency\"\n";
    let registry = one(text);
    let unknown: Vec<_> = registry.problems.iter().filter(|p| p.code == codes::UNKNOWN_AFFILIATION).collect();
    assert_eq!(unknown.len(), 2, "{:?}", registry.problems);
    assert!(unknown.iter().all(|p| p.severity == Severity::Warning));
    assert_eq!(spanned(text, unknown[0].span), "\"south-korea-foriegn-ministry\"");
    assert!(unknown[0].message.contains("did you mean `south-korea-foreign-ministry`?"), "{}", unknown[0].message);
    assert!(unknown[1].message.contains("write its id `yonhap`"), "{}", unknown[1].message);
}

#[test]
fn thousands_of_references_to_one_missing_id_are_each_reported() {
    let mut text = String::from("[[organization]]\nid = \"harbour-authority\"\nname = \"Harbour Authority\"\n");
    for n in 0..5_000 {
        text.push_str(&format!("\n[[person]]\nname = \"Dock Worker {n}\"\naffiliation = \"harbor-authority\"\n"));
    }
    let registry = one(&text);
    let unknown: Vec<_> = registry.problems.iter().filter(|p| p.code == codes::UNKNOWN_AFFILIATION).collect();
    assert_eq!(unknown.len(), 5_000);
    assert!(unknown.iter().all(|p| p.message.ends_with("did you mean `harbour-authority`?")), "{}", unknown[0].message);
}

#[test]
fn role_organization_may_be_a_plain_name_but_not_an_unknown_id() {
    let text = "[[person]]\nname = \"Christine Lagarde\"\nroles = [\n  { title = \"Managing Director\", organization = \"International Monetary Fund\" },\n  { title = \"President\", organization = \"ecb\" },\n]\n";
    let registry = one(text);
    let problem = only_problem(&registry, codes::UNKNOWN_AFFILIATION);
    assert_eq!(spanned(text, problem.span), "\"ecb\"");
    let with_ecb = format!("{text}\n[[organization]]\nid = \"ecb\"\nname = \"European Central Bank\"\n");
    assert!(one(&with_ecb).problems.is_empty());
}

#[test]
fn unknown_keys_suggest_what_was_meant() {
    let text = "[[people]]\nname = \"A\"\n\n[[person]]\nname = \"Kim Jong Un\"\nalias = [\"Kim\"]\norganisation = \"wpk\"\nroles = [{ title = \"Leader\", organisation = \"Workers' Party\", since = \"2011\" }]\nbirthday = \"1984\"\n";
    let registry = one(text);
    let messages: Vec<(&str, &str)> = registry
        .problems
        .iter()
        .inspect(|p| assert_eq!((p.code, p.severity), (codes::UNKNOWN_KEY, Severity::Warning)))
        .map(|p| (spanned(text, p.span), p.message.as_str()))
        .collect();
    assert_eq!(messages.len(), 6, "{messages:#?}");
    let about = |key: &str| messages.iter().find(|(k, _)| *k == key).map(|(_, m)| *m).unwrap_or("");
    assert!(about("people").contains("`[[person]]`"), "{}", about("people"));
    assert!(about("alias").contains("did you mean `aliases = [\"...\"]`"), "{}", about("alias"));
    assert!(about("organisation").contains("affiliation"), "{}", about("organisation"));
    assert!(about("since").contains("`from`"), "{}", about("since"));
    assert!(about("birthday").contains("expected `id`, `name`"), "{}", about("birthday"));
    // The role-level `organisation`.
    let role_key = messages.iter().filter(|(k, _)| *k == "organisation").nth(1).unwrap();
    assert!(role_key.1.contains("did you mean `organization`?"), "{}", role_key.1);
}

#[test]
fn typos_are_corrected_by_edit_distance() {
    let registry = one("[[person]]\nname = \"X\"\ndescriptoin = \"y\"\nalaises = []\n");
    let messages: Vec<_> = registry.problems.iter().map(|p| p.message.as_str()).collect();
    assert!(messages.iter().any(|m| m.contains("`descriptoin`") && m.contains("did you mean `description`?")));
    assert!(messages.iter().any(|m| m.contains("`alaises`") && m.contains("did you mean `aliases`?")));
}

#[test]
fn wrong_types_are_errors_at_the_value() {
    let text = "[[person]]\nname = \"Kim Jong Il\"\naliases = \"Kim\"\nroles = \"Leader\"\nwikidata = 123\n";
    let registry = one(text);
    assert_eq!(registry.entries.len(), 1, "the entry still loads");
    let invalid: Vec<_> = registry.problems.iter().filter(|p| p.code == codes::INVALID_VALUE).collect();
    assert_eq!(invalid.len(), 3, "{:?}", registry.problems);
    assert!(invalid.iter().all(|p| p.severity == Severity::Error));
    assert_eq!(spanned(text, invalid[0].span), "\"Kim\"");
    assert!(invalid[0].message.contains("`aliases = [\"Kim\"]`"), "{}", invalid[0].message);
    assert_eq!(spanned(text, invalid[2].span), "123");
    assert!(registry.entries[0].aliases.is_empty());
}

#[test]
fn a_malformed_wikidata_id_is_a_warning() {
    let registry = one("[[place]]\nname = \"Seoul\"\nwikidata = \"Seoul\"\n");
    assert_eq!(only_problem(&registry, codes::INVALID_VALUE).severity, Severity::Warning);
}

#[test]
fn an_entry_needs_a_name_and_a_role_a_title() {
    let text = "[[person]]\nid = \"nobody\"\ndescription = \"forgot the name\"\n\n[[person]]\nname = \"Lee Jong-sup\"\nroles = [{ organization = \"Ministry of National Defense\" }]\n";
    let registry = one(text);
    let missing: Vec<_> = registry.problems.iter().filter(|p| p.code == codes::MISSING_FIELD).collect();
    assert_eq!(missing.len(), 2);
    assert_eq!((missing[0].severity, spanned(text, missing[0].span)), (Severity::Error, "[[person]]"));
    assert_eq!(missing[1].severity, Severity::Warning);
    assert!(spanned(text, missing[1].span).starts_with("{ organization"));
    assert_eq!(registry.entries.len(), 1);
    assert!(registry.get("nobody").is_none());
    assert!(registry.entries[0].roles.is_empty());
}

#[test]
fn kinds_must_be_lists_of_tables() {
    let registry = one("person = \"Kurt Campbell\"\n");
    assert_eq!(only_problem(&registry, codes::INVALID_VALUE).severity, Severity::Error);
    let registry = one("person = [\"Kurt Campbell\"]\n");
    assert_eq!(only_problem(&registry, codes::INVALID_VALUE).severity, Severity::Error);
    let registry = one("person = [{ name = \"Kurt Campbell\" }]\n");
    assert!(registry.problems.is_empty());
    assert_eq!(registry.entries[0].id, "kurt-campbell");
}

#[test]
fn garbled_and_truncated_registries_never_panic() {
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let boundaries: Vec<usize> = (0..=FIXTURE.len()).filter(|i| FIXTURE.is_char_boundary(*i)).collect();
    for end in boundaries.iter().step_by(7) {
        let registry = one(&FIXTURE[..*end]);
        for p in &registry.problems {
            assert!(p.span.end <= *end && p.span.start <= p.span.end, "{p:?}");
        }
    }
    let noise = ["[", "]", "\"", "'", "{", "}", "=", ",", "\n", "#", "[[", "]]", "é", "조", "\\", "\"\"\"", "\r"];
    for _ in 0..400 {
        let mut text = FIXTURE.to_string();
        for _ in 0..(next() % 6 + 1) {
            let mut at = (next() as usize) % text.len();
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            let piece = noise[(next() as usize) % noise.len()];
            if next() % 3 == 0 {
                let mut end = (at + (next() as usize) % 40).min(text.len());
                while !text.is_char_boundary(end) {
                    end -= 1;
                }
                text.replace_range(at..end, piece);
            } else {
                text.insert_str(at, piece);
            }
        }
        let registry = one(&text);
        for p in &registry.problems {
            assert!(text.get(p.span.range()).is_some(), "{p:?}");
        }
        let _ = registry.gazetteer();
        if let Some(entry) = registry.entries.first() {
            let edit = add_alias(&text, entry, "New Alias");
            let _ = one(&edit.apply(&text));
        }
    }
}

// --- gazetteer -----------------------------------------------------------------

#[test]
fn gazetteer_holds_every_entry_with_its_id() {
    let registry = one(FIXTURE);
    let gazetteer = registry.gazetteer();
    let builtin = crate::entities::Gazetteer::builtin().entries().len();
    let added = &gazetteer.entries()[builtin..];
    assert_eq!(added.len(), registry.entries.len());
    let turner = added.iter().find(|e| e.id.as_deref() == Some("julie-turner")).unwrap();
    assert_eq!((turner.name.as_str(), turner.label), ("Julie Turner", EntityLabel::Person));
    let kcna = added.iter().find(|e| e.id.as_deref() == Some("kcna")).unwrap();
    assert_eq!(kcna.aliases, ["KCNA"]);
}

#[test]
fn a_registered_name_is_found_in_an_article_with_its_kind_and_id() {
    let registry = one("[[organization]]\nid = \"tidewater\"\nname = \"Tidewater Nine\"\naliases = [\"TWN\"]\n");
    let text = "Dock fees rise again\n\nFees have doubled, Tidewater Nine said on Monday. TWN has campaigned against them since 2019.\n";
    type Found = (String, EntityLabel, Option<String>);
    let found = |options: &crate::AnalyzeOptions| -> Vec<Found> {
        crate::analyze(text, options).entities.into_iter().map(|m| (m.text, m.label, m.entity)).collect()
    };
    let rules_alone = found(&crate::AnalyzeOptions::default());
    assert!(!rules_alone.contains(&("Tidewater Nine".into(), EntityLabel::Organization, None)), "{rules_alone:?}");
    let options =
        crate::AnalyzeOptions { gazetteer: Some(std::sync::Arc::new(registry.gazetteer())), ..Default::default() };
    let id = Some("tidewater".to_string());
    assert_eq!(
        found(&options),
        [
            ("Tidewater Nine".into(), EntityLabel::Organization, id.clone()),
            ("TWN".into(), EntityLabel::Organization, id)
        ]
    );
}

#[test]
fn the_fixture_registry_links_the_seed_article() {
    let registry = one(FIXTURE);
    let options =
        crate::AnalyzeOptions { gazetteer: Some(std::sync::Arc::new(registry.gazetteer())), ..Default::default() };
    let article = include_str!("../../../../fixtures/corpus/000_93d8eec447f298ec.txt");
    let analysis = crate::analyze(article, &options);
    let id_of = |text: &str| {
        analysis.entities.iter().find(|m| m.text == text).map(|m| m.entity.clone()).unwrap_or_else(|| panic!("{text}"))
    };
    assert_eq!(id_of("Kurt Campbell").as_deref(), Some("kurt-campbell"));
    assert_eq!(id_of("Campbell").as_deref(), Some("kurt-campbell"));
    assert_eq!(id_of("Kim Hwang-sik").as_deref(), Some("kim-hwang-sik"));
    assert_eq!(id_of("Kim Jong Il").as_deref(), Some("kim-jong-il"));
    assert_eq!(id_of("Igor Morgulov").as_deref(), Some("igor-morgulov"));
}

// --- edits ---------------------------------------------------------------------

#[test]
fn new_entry_is_tidy_toml_with_a_fresh_id() {
    let registry = one(FIXTURE);
    let block = new_entry(&registry, EntityLabel::Person, "Kim Jong Un", Some("Supreme Leader"));
    assert_eq!(
        block,
        "[[person]]\nid = \"kim-jong-un-2\"\nname = \"Kim Jong Un\"\naliases = []\nroles = [{ title = \"Supreme Leader\" }]\n"
    );
    let block = new_entry(&registry, EntityLabel::Organization, "Busan Port \"Authority\"", None);
    assert_eq!(
        block,
        "[[organization]]\nid = \"busan-port-authority\"\nname = \"Busan Port \\\"Authority\\\"\"\naliases = []\n"
    );
    let reparsed = one(&block);
    assert_eq!(reparsed.entries[0].name, "Busan Port \"Authority\"");
    assert!(reparsed.problems.is_empty());
}

#[test]
fn append_entry_leaves_exactly_one_blank_line_and_every_byte() {
    let block = "[[place]]\nid = \"busan\"\nname = \"Busan\"\naliases = []\n";
    for (before, separator) in [
        ("", ""),
        ("[[place]]\nname = \"Seoul\"\n", "\n"),
        ("[[place]]\nname = \"Seoul\"", "\n\n"),
        ("[[place]]\nname = \"Seoul\"\n\n", ""),
        ("# places\n", "\n"),
    ] {
        let edit = append_entry(before, block);
        let after = edit.apply(before);
        assert_eq!(after, format!("{before}{separator}{block}"), "after {before:?}");
        let registry = one(&after);
        assert!(registry.problems.is_empty());
        assert_eq!(registry.entries.last().unwrap().name, "Busan");
    }
}

#[test]
fn append_entry_follows_crlf_files() {
    let before = "[[place]]\r\nname = \"Seoul\"\r\n";
    let edit = append_entry(before, "[[place]]\nname = \"Busan\"\n");
    assert_eq!(edit.apply(before), "[[place]]\r\nname = \"Seoul\"\r\n\r\n[[place]]\r\nname = \"Busan\"\r\n");
}

/// Adds `alias` to the only entry of `before` and checks the result reads
/// back with the alias and no problem.
fn alias_added(before: &str, alias: &str) -> String {
    let registry = one(before);
    let entry = registry.entries.last().expect("an entry");
    let after = add_alias(before, entry, alias).apply(before);
    let reread = one(&after);
    assert!(reread.problems.iter().all(|p| p.code == codes::SHARED_ALIAS), "{after}\n{:?}", reread.problems);
    assert!(reread.entries.last().unwrap().aliases.iter().any(|a| a == alias), "{after}");
    after
}

#[test]
fn add_alias_to_a_one_line_list() {
    let before = "[[person]]\nname = \"Kurt Campbell\"\naliases = [\"Campbell\"] # short form\n";
    assert_eq!(
        alias_added(before, "Kurt M. Campbell"),
        "[[person]]\nname = \"Kurt Campbell\"\naliases = [\"Campbell\", \"Kurt M. Campbell\"] # short form\n"
    );
    let empty = "[[person]]\nname = \"Kurt Campbell\"\naliases = []\n";
    assert_eq!(alias_added(empty, "Campbell"), "[[person]]\nname = \"Kurt Campbell\"\naliases = [\"Campbell\"]\n");
}

#[test]
fn add_alias_to_a_list_of_lines_keeps_its_style_and_comments() {
    let trailing =
        "[[person]]\nname = \"Kim Jong Un\"\naliases = [\n    \"Kim\",\n    \"Kim Jong-un\", # hyphenated\n]\n";
    assert_eq!(
        alias_added(trailing, "Kim Jongun"),
        "[[person]]\nname = \"Kim Jong Un\"\naliases = [\n    \"Kim\",\n    \"Kim Jong-un\", # hyphenated\n    \"Kim Jongun\",\n]\n"
    );
    let no_trailing = "[[person]]\r\nname = \"Kim Jong Un\"\r\naliases = [\r\n  \"Kim\" # surname\r\n]\r\n";
    assert_eq!(
        alias_added(no_trailing, "Kim Jongun"),
        "[[person]]\r\nname = \"Kim Jong Un\"\r\naliases = [\r\n  \"Kim\", # surname\r\n  \"Kim Jongun\"\r\n]\r\n"
    );
}

#[test]
fn add_alias_creates_the_list_after_the_name_line() {
    let before =
        "[[person]]\nid = \"cho-tae-yong\"\nname = \"Cho Tae-yong\"  # ambassador\ndescription = \"Diplomat\"\n";
    assert_eq!(
        alias_added(before, "조태용"),
        "[[person]]\nid = \"cho-tae-yong\"\nname = \"Cho Tae-yong\"  # ambassador\naliases = [\"조태용\"]\ndescription = \"Diplomat\"\n"
    );
    let last_line = "[[person]]\nname = \"Cho Tae-yong\"";
    assert_eq!(alias_added(last_line, "Cho"), "[[person]]\nname = \"Cho Tae-yong\"\naliases = [\"Cho\"]");
    let inline = "person = [{ name = \"Cho Tae-yong\" }]\n";
    assert_eq!(alias_added(inline, "Cho"), "person = [{ name = \"Cho Tae-yong\", aliases = [\"Cho\"] }]\n");
}

#[test]
fn add_alias_repairs_a_string_into_a_list() {
    let before = "[[person]]\nname = \"Kim Jong Il\"\naliases = \"Kim\"\n";
    assert_eq!(
        alias_added(before, "Kim Jong-il"),
        "[[person]]\nname = \"Kim Jong Il\"\naliases = [\"Kim\", \"Kim Jong-il\"]\n"
    );
}

#[test]
fn add_alias_skips_a_known_spelling_and_a_stale_entry() {
    let text = "[[person]]\nname = \"Kim Gunn\"\naliases = [\"Kim\"]\n";
    let registry = one(text);
    assert!(add_alias(text, &registry.entries[0], "Kim").is_noop());
    assert!(add_alias(text, &registry.entries[0], "Kim Gunn").is_noop());
    assert!(add_alias("", &registry.entries[0], "Gunn").is_noop(), "the entry is from another text");
}

#[test]
fn add_alias_escapes_quotes() {
    let before = "[[organization]]\nname = \"Workers' Party of Korea\"\n";
    let after = alias_added(before, "The \"Party\"");
    assert!(after.contains("aliases = [\"The \\\"Party\\\"\"]"), "{after}");
}

#[test]
fn toml_strings_escape_what_toml_needs() {
    assert_eq!(toml_string("a\"b\\c\nd\u{1}"), "\"a\\\"b\\\\c\\nd\\u0001\"");
}

#[test]
fn text_edit_outside_the_text_changes_nothing() {
    let edit = TextEdit { span: Span::new(3, 99), new_text: "x".into() };
    assert_eq!(edit.apply("abc"), "abc");
}

// --- ids -----------------------------------------------------------------------

#[test]
fn slugs_are_lower_case_hyphenated_and_unaccented() {
    assert_eq!(slug("Kurt Campbell"), "kurt-campbell");
    assert_eq!(slug("Kim Hwang-sik"), "kim-hwang-sik");
    assert_eq!(slug("  Sébastien   Lecornu "), "sebastien-lecornu");
    assert_eq!(slug("Workers' Party of Korea"), "workers-party-of-korea");
    assert_eq!(slug("U.S. Department of State"), "us-department-of-state");
    assert_eq!(slug("Bureau of Democracy, Human Rights, and Labor"), "bureau-of-democracy-human-rights-and-labor");
    assert_eq!(slug("조태용"), "조태용");
    assert_eq!(slug("Straße"), "strasse");
    assert_eq!(slug("--"), "");
}

// --- large files -----------------------------------------------------------------

type Read = (Vec<RegistryEntry>, Vec<RegistryProblem>);

/// What reading in `pieces` gives (`None` when it gives way) and the
/// entries of one ordinary read.
fn read_both_ways(text: &str, pieces: usize) -> (Option<Read>, Vec<RegistryEntry>) {
    let mut whole = (Vec::new(), Vec::new());
    super::read::read_source_with(super::EntryReader::Quick, 0, text, &mut whole.0, &mut whole.1);
    let mut chunked = (Vec::new(), Vec::new());
    let used =
        super::read::read_chunked_with(super::EntryReader::Quick, 0, text, pieces, &mut chunked.0, &mut chunked.1);
    (used.then_some(chunked), whole.0)
}

#[test]
fn a_file_read_in_pieces_reads_as_one_parse_does() {
    // The fixture's sub-tables send its piece to the TOML reader; the
    // synthetic entries take the quick one.
    let text = format!("{}\n{FIXTURE}", synthetic::registry_text(3_000, 7));
    let mut chunked = (Vec::new(), Vec::new());
    assert!(super::read::read_chunked_with(super::EntryReader::Quick, 0, &text, 3, &mut chunked.0, &mut chunked.1));
    let mut whole = (Vec::new(), Vec::new());
    assert!(super::read::read_chunked_with(super::EntryReader::Quick, 0, &text, 1, &mut whole.0, &mut whole.1));
    assert_eq!(whole.0.len(), 3_000 + one(FIXTURE).entries.len());
    let by_start = |mut entries: Vec<RegistryEntry>| {
        entries.sort_by_key(|e| e.span.start);
        entries
    };
    assert_eq!(by_start(chunked.0), by_start(whole.0));
    let by_place = |mut problems: Vec<RegistryProblem>| {
        problems.sort_by_key(|p| (p.span.start, p.code));
        problems
    };
    assert_eq!(by_place(chunked.1), by_place(whole.1));
    assert!(!super::read::read_chunked_with(
        super::EntryReader::Quick,
        0,
        &format!("[meta]\n{text}"),
        3,
        &mut Vec::new(),
        &mut Vec::new()
    ));
    // Spans point into the whole text.
    let registry = parse(&[RegistrySource { name: "big.toml", text: &text }]);
    let campbell = registry.get("kurt-campbell").unwrap();
    assert_eq!(spanned(&text, campbell.name_span), "\"Kurt Campbell\"");
}

#[test]
fn pieces_fall_back_to_one_parse_on_a_syntax_error_or_other_tables() {
    let text = synthetic::registry_text(2_000, 11);
    let late_name = text.match_indices("name = \"").nth(1_500).map(|(at, _)| at).unwrap();
    let broken = format!("{}name = {}", &text[..late_name], &text[late_name + 8..]);
    let (chunked, whole) = read_both_ways(&broken, 4);
    assert!(chunked.is_none(), "a piece with a syntax error gives way to the whole file");
    assert!(whole.len() > 1_000 && whole.len() < 2_000, "{}", whole.len());
    let with_table = format!("{text}\n[settings]\nstrict = true\n");
    assert!(read_both_ways(&with_table, 4).0.is_none());

    // A header line inside a multi-line string is no place to split.
    let padding = "words ".repeat(40);
    let multiline = format!(
        "[[person]]\nname = \"A\"\ndescription = \"\"\"\n{padding}\n[[person]]\nnot an entry\n\"\"\"\n\n[[person]]\nname = \"B\"\n"
    );
    let (chunked, whole) = read_both_ways(&multiline, 2);
    assert!(chunked.is_none());
    assert_eq!(whole.iter().map(|e| e.name.as_str()).collect::<Vec<_>>(), ["A", "B"]);
    assert!(whole[0].description.as_deref().unwrap_or("").contains("[[person]]"));
}

/// The quick reader either gives up or gives exactly what the TOML reader
/// gives, and only for text the TOML reader finds no problem in.
fn assert_quick_reader_agrees(text: &str) -> bool {
    let Some(quick) = super::fast::read(0, text) else { return false };
    let mut entries = Vec::new();
    let mut problems = Vec::new();
    super::read::read_toml(0, text, &mut entries, &mut problems);
    // The TOML reader goes kind by kind; parsing sorts them into file order.
    entries.sort_by_key(|e| e.span.start);
    assert!(problems.is_empty(), "the quick reader accepted a text with problems: {problems:?}\n{text}");
    assert_eq!(quick, entries, "{text}");
    true
}

#[test]
fn the_quick_reader_reads_plain_files_as_the_toml_reader_does() {
    assert!(assert_quick_reader_agrees(&synthetic::registry_text(500, 3)));
    let plain_roles = FIXTURE.replace(
        "\n# Roles may also be written as sub-tables, one `[[person.roles]]` each.\n[[person.roles]]\ntitle = \"Managing Director\"\norganization = \"International Monetary Fund\"\nfrom = \"2011\"\nuntil = \"2019\"\n\n[[person.roles]]\ntitle = \"President\"\norganization = \"ecb\"\nfrom = \"2019\"\n",
        "roles = [{ title = \"President\", organization = \"ecb\", from = 2019 }]\n",
    );
    assert_ne!(plain_roles, FIXTURE);
    assert!(assert_quick_reader_agrees(&plain_roles));
    assert!(!assert_quick_reader_agrees(FIXTURE), "sub-tables are the TOML reader's");
    for plain in [
        "",
        "# nothing yet\n",
        "[[person]]\r\nname = 'O\"Brien' # literal\r\naliases = [ ]\r\n",
        "[[place]]\nname = \"Seoul\"\nlinks = { wikidata = \"Q8684\", osm = \"r2297418\" }\nroles = [\"Capital\", { title = \"Host\", from = 0 }]",
    ] {
        assert!(assert_quick_reader_agrees(plain), "{plain:?}");
    }
    for unusual in [
        "[[person]]\nname = \"Kim \\\"Rocket\\\" Jong Un\"\n",
        "[[person]]\nname = \"\"\"Kim\"\"\"\n",
        "[[person]]\nname = \"Kim\"\nname = \"Lee\"\n",
        "[[person]]\nname.full = \"Kim\"\n",
        "[[person]]\nname = \"Kim\"\nroles = [{ title = \"Leader\", from = 2011-12-17 }]\n",
        "[[person]]\nname = \"Kim\"\nroles = [{ title = \"Leader\", }]\n",
        "[[person]]\nname = \"Kim\"\nalias = [\"K\"]\n",
        "[[person]]\nid = \"\"\nname = \"Kim\"\n",
        "[person]\nname = \"Kim\"\n",
        "title = \"x\"\n[[person]]\nname = \"Kim\"\n",
        "[[person]]\nname = \"Kim\" # \u{1}\n",
        "[[person]]\nname = \"Kim\"\rid = \"k\"\n",
        "[[person]]\nid = \"k\"\n",
    ] {
        assert!(!assert_quick_reader_agrees(unusual), "{unusual:?}");
    }
}

#[test]
fn the_quick_reader_agrees_on_garbled_files() {
    let base = synthetic::registry_text(40, 5);
    let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let noise = ["[", "]", "\"", "'", "{", "}", "=", ",", "\n", "#", " ", "\t", "1", "-", ".", "\r\n", "x", "é"];
    let mut accepted = 0;
    for _ in 0..1_500 {
        let mut text = base.clone();
        let mut at = (next() as usize) % text.len();
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        let piece = noise[(next() as usize) % noise.len()];
        if next() % 2 == 0 {
            let mut end = (at + 1 + (next() as usize) % 3).min(text.len());
            while !text.is_char_boundary(end) {
                end += 1;
            }
            text.replace_range(at..end, piece);
        } else {
            text.insert_str(at, piece);
        }
        accepted += usize::from(assert_quick_reader_agrees(&text));
    }
    assert!(accepted > 100, "only {accepted} garbled files were plain enough to test");
}

#[test]
fn gender_is_a_string_kept_in_lower_case_and_anything_else_is_invalid() {
    let registry = one("[[person]]\nname = \"Ana Ruiz\"\ngender = \"Female\"\n");
    assert!(registry.problems.is_empty(), "{:?}", registry.problems);
    assert_eq!(registry.entries[0].gender.as_deref(), Some("female"));
    assert_eq!(registry.gazetteer().entries().last().and_then(|e| e.gender.as_deref()), Some("female"));
    let text = "[[person]]\nname = \"Ana Ruiz\"\ngender = 1\n";
    let registry = one(text);
    let problem = only_problem(&registry, codes::INVALID_VALUE);
    assert_eq!(problem.severity, Severity::Error);
    assert_eq!(spanned(text, problem.span), "1");
    assert!(problem.message.contains("`gender` must be a string"), "{}", problem.message);
    assert_eq!(registry.entries[0].gender, None);
    // `sex` is no typo of a key but clearly means this one.
    let registry = one("[[person]]\nname = \"Ana Ruiz\"\nsex = \"female\"\n");
    assert!(registry.problems.iter().any(|p| p.message.contains("`gender = \"female\"`")), "{:?}", registry.problems);
}
