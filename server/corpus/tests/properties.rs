//! Property tests for `byline.toml`: whatever it holds, parsing it gives a
//! configuration or an error located inside the file, never a panic.

use byline_corpus::config::Config;
use proptest::prelude::*;
use std::path::Path;

fn config_text() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        Just("[corpus]\n".to_string()),
        Just("[registry]\n".to_string()),
        Just("[rules]\n".to_string()),
        Just("[marks]\n".to_string()),
        Just("include = [\"**/*.txt\", \"*.md\"]\n".to_string()),
        Just("exclude = [\"drafts/**\", \"[\"]\n".to_string()),
        Just("files = [\"entities.toml\", \"../outside.toml\", \"\"]\n".to_string()),
        Just("strict = true\n".to_string()),
        Just("stale-annotation = \"error\"\n".to_string()),
        Just("no-such-rule = \"loud\"\n".to_string()),
        Just("unannotated-mark = 3\n".to_string()),
        Just("diagnostics = \"hint\"\n".to_string()),
        Just("include = \"조태용/**\"\n".to_string()),
        Just("\u{feff}".to_string()),
        "[ -~]{0,30}\n",
        any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(line, 0..25).prop_map(|lines| lines.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn byline_toml_parses_or_says_where_it_is_wrong(text in config_text()) {
        let file = Path::new("/corpus/byline.toml");
        match Config::parse(Path::new("/corpus"), file, &text) {
            Ok(config) => {
                let _ = config.is_article_path(Path::new("/corpus/a.txt"));
                let _ = config.registry_paths();
            }
            Err(e) => {
                prop_assert_eq!(e.path.as_path(), file);
                prop_assert!(e.line <= text.lines().count() + 1, "line {} of {}", e.line, text.lines().count());
            }
        }
    }
}
