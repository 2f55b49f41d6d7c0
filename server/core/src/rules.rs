//! The one list of Byline's rules: every problem `byline check` and the
//! editor can report, with its layer, default level and explanation.
//!
//! Everything that names rules reads this list: the problem and standoff
//! codes (their default levels), `byline.toml`'s `[rules]` (which names it
//! accepts), the SARIF rule descriptions, `byline rule CODE` and the human
//! output. Adding a rule is adding an entry here; tests fail when the
//! README's rule table or the VS Code settings schema misses one.
//!
//! Default levels: nothing in an article's own text is an error by default
//! (it is evidence, not a mistake to fail CI on, until the corpus says so);
//! corrupt annotations and registries are, since they are the corpus's own
//! ground truth.

use crate::problems::Severity;

/// Which part of Byline reports a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Layer {
    /// Found in an article's text by the detectors (quotes, dates, entities, layout).
    Detection,
    /// A file of the corpus that cannot be read.
    Files,
    /// The human annotations: `.ann` files and `annotation.conf`.
    Annotations,
    /// The entity registry files (`entities.toml`).
    Registry,
}

impl Layer {
    pub fn as_str(self) -> &'static str {
        match self {
            Layer::Detection => "detection",
            Layer::Files => "files",
            Layer::Annotations => "annotations",
            Layer::Registry => "registry",
        }
    }
}

/// One rule and what a person needs to know about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// The stable name: the key in `[rules]`, the code in every output.
    pub code: &'static str,
    pub layer: Layer,
    /// The level in a corpus whose `byline.toml` does not set one; `None`:
    /// off unless turned on.
    pub default_level: Option<Severity>,
    /// When some problems of the rule come at another level than the
    /// default (registry problems carry their own), the sentence saying so.
    pub level_note: &'static str,
    /// One line: what a problem of this rule means.
    pub summary: &'static str,
    /// What the rule checks, in a few sentences.
    pub checks: &'static str,
    /// Input that triggers it (an article, an `.ann` or a registry file, as
    /// `example_file` says), and the message Byline gives.
    pub example_file: &'static str,
    pub example: &'static str,
    /// For annotation rules: the article the example `.ann` belongs to.
    pub example_article: &'static str,
    pub example_message: &'static str,
    /// How to resolve it, other than by turning the rule off.
    pub fix: &'static str,
}

impl Rule {
    /// The default level as written in `byline.toml` (`off` for a rule off by default).
    pub fn default_level_name(&self) -> &'static str {
        self.default_level.map_or("off", Severity::as_str)
    }
}

const fn rule(code: &'static str, layer: Layer, default_level: Option<Severity>, summary: &'static str) -> Rule {
    Rule {
        code,
        layer,
        default_level,
        level_note: "",
        summary,
        checks: "",
        example_file: "article.txt",
        example: "",
        example_article: "",
        example_message: "",
        fix: "",
    }
}

use Layer::*;
use Severity::*;

/// The article the annotation rules' examples annotate.
const ANNOTATED_ARTICLE: &str = "Daniel Abara, the mayor, said \"The port will reopen on Monday.\" late on Saturday.\n";

/// Every rule, in the order Byline lists them: detection, files,
/// annotations, registry.
pub static RULES: &[Rule] = &[
    Rule {
        checks: "A quotation mark (straight, curly or doubled apostrophes) that opens a quotation no mark closes. \
                 The quotation is not extended to the end of the article: the text after it stays the reporter's.",
        example: "\"We will not sign this agreement, the minister said on Tuesday.\n",
        example_message: "quotation mark opens here and is never closed",
        fix: "Close the quotation where it ends, or remove the stray mark.",
        ..rule("unbalanced-quote", Detection, Some(Warning), "A quotation mark opens and is never closed.")
    },
    Rule {
        checks: "A closed quotation for which Byline finds no speaker: no `X said`, `said X`, `according to X` \
                 or pronoun that resolves to a person or organisation nearby.",
        example: "\"The port will reopen on Monday.\"\n",
        example_message: "no speaker found for quote `The port will reopen on Monday.`",
        fix: "Name the speaker in the text, or annotate the quote's speaker in the article's `.ann` (a `SaidBy` \
              relation).",
        ..rule("unattributed-quote", Detection, Some(Info), "A quotation has no speaker Byline can find.")
    },
    Rule {
        checks: "A date expression whose value depends on a publication date the article does not give \
                 (front matter `date:` or a dateline), or that cannot be placed on the calendar.",
        example: "The talks resumed on Tuesday.\n",
        example_message: "`Tuesday` has no value: relative date and the article has no publication date",
        fix: "Give the article a publication date: front matter `date: 2024-05-02`, or a dateline.",
        ..rule("unresolved-date", Detection, Some(Info), "A date expression has no value Byline can compute.")
    },
    Rule {
        checks: "A weekday written beside a full date that falls on another day (`Friday, March 3, 2023` when \
                 March 3, 2023 is a Friday is fine; `Monday, March 3, 2023` is not).",
        example: "The vote took place on Monday, March 3, 2023.\n",
        example_message: "`Monday` does not match its date: 2023-03-03 is a Friday, not a Monday",
        fix: "Correct the weekday or the date, whichever the source says.",
        ..rule("weekday-mismatch", Detection, Some(Warning), "A weekday does not match the date written beside it.")
    },
    Rule {
        checks: "A paragraph that is a web site's navigation or call to action (`Go to Contents`, `Subscribe to our \
                 newsletter`), left over from scraping.",
        example: "Go to Contents Go to Navigation\n\nOfficials met in Geneva to talk.\n",
        example_message: "site boilerplate, not article text: `Go to Contents Go to Navigation`",
        fix: "Delete the line from the article, or clean the scraper that produced it.",
        ..rule("boilerplate", Detection, Some(Info), "A paragraph is site boilerplate, not article text.")
    },
    Rule {
        checks: "A paragraph that repeats an earlier paragraph of the same article word for word, usually a \
                 scraping or paste error. The problem points at the copy and names the first.",
        example: "Officials met in Geneva on Monday to discuss the treaty.\n\n\
                  Officials met in Geneva on Monday to discuss the treaty.\n",
        example_message: "paragraph repeats an earlier one word for word",
        fix: "Delete the repeated paragraph.",
        ..rule("duplicate-paragraph", Detection, Some(Info), "A paragraph repeats an earlier one word for word.")
    },
    Rule {
        checks: "The article's front matter (`---` lines at the top, `key: value` inside) cannot be read: \
                 a date that is not a date, a front matter that never closes.",
        example: "---\ndate: the second of May\n---\nOfficials met in Geneva.\n",
        example_message: "front matter: expected a date such as 2023-01-31, found `the second of May`",
        fix: "Write `date:` as `YYYY-MM-DD` and close the front matter with `---`.",
        ..rule("front-matter", Detection, Some(Warning), "The article's front matter cannot be read.")
    },
    Rule {
        checks: "A name that is a near spelling of a registry name or alias: the same letters once case, \
                 accents, hyphens, spaces and dots are folded (`Kim Jong-un` for `Kim Jong Un`).",
        example_file: "article.txt (with `Tomasz Wolański` in entities.toml)",
        example: "Tomasz Wolanski, the port's director, said cargo volumes rose.\n",
        example_message: "`Tomasz Wolanski` is written `Tomasz Wolański` in the registry",
        fix: "Write the registry's spelling (`byline check --fix` does it), or add this spelling to the entry's \
              `aliases`.",
        ..rule("entity-variant", Detection, Some(Warning), "A name is spelled differently from its registry entry.")
    },
    Rule {
        checks: "A short name (a surname, a shared alias) that could be several registry entries or several \
                 people the article names, with no context saying which.",
        example: "Daniel Abara, the mayor, met his cousin Delia Abara on Friday.\n\n\
                  Abara said the bridge was overdue.\n",
        example_message: "`Abara` could be Daniel Abara or Delia Abara; name them in full",
        fix: "Name the person in full at that place.",
        ..rule("ambiguous-mention", Detection, Some(Warning), "A name could refer to several entities.")
    },
    Rule {
        checks: "A person or organisation the corpus's registry does not list, once per name and article. \
                 For corpora that keep a strict registry: `[registry] strict = true` turns it on at warning.",
        example_file: "article.txt (with a registry, `[registry] strict = true`)",
        example: "Laura Whitfield joined the company in May.\n",
        example_message: "person `Laura Whitfield` is not in the registry",
        fix: "Add the entry to `entities.toml` (`byline entities --suggest` drafts entries; the editor's code \
              action adds one).",
        ..rule("unregistered-entity", Detection, None, "A person or organisation is not in the entity registry.")
    },
    Rule {
        checks: "An article with no text at all, or only white space.",
        example: "\n",
        example_message: "article has no text",
        fix: "Write the article, or remove the file from the corpus.",
        ..rule("empty-article", Detection, Some(Info), "An article has no text.")
    },
    Rule {
        checks: "A file of the corpus (an article, an `.ann`, `annotation.conf`, a registry file) that cannot be \
                 read as text: not UTF-8 (the message gives line and byte), binary, too large, a device or a FIFO, \
                 or not readable at all. The rest of the corpus is still checked.",
        example: "caf\\xe9 (Latin-1 bytes)\n",
        example_message: "not UTF-8: invalid byte at line 1, byte 4 of the line; expected UTF-8 text",
        fix: "Convert the file to UTF-8 (`iconv -f latin1 -t utf-8`), or exclude it in `[corpus] exclude`.",
        ..rule("unreadable-file", Files, Some(Error), "A file of the corpus cannot be read as UTF-8 text.")
    },
    Rule {
        checks: "A text-bound annotation (`T` line) whose text is no longer at its offsets in the article, \
                 usually because the article was edited after annotation. The message says whether the text \
                 occurs elsewhere.",
        example_file: "article.ann",
        example: "T1\tDate 67 75\tSaturday\n",
        example_article: ANNOTATED_ARTICLE,
        example_message: "T1 is annotated as `Saturday` but the article has `e on Sat` there; it occurs nearby",
        fix: "Re-anchor the annotation: `byline check --fix` (or the editor's quick fix) moves it to the one exact \
              occurrence of its text; with several, choose in the editor.",
        ..rule(
            "stale-annotation",
            Annotations,
            Some(Error),
            "An annotation's text is no longer at its offsets in the article.",
        )
    },
    Rule {
        checks: "Two annotations whose spans cross without one containing the other, or the same span (or one \
                 inside another) annotated twice with the same label.",
        example_file: "article.ann",
        example: "T1\tPerson 0 12\tDaniel Abara\nT2\tOrganization 7 17\tAbara, the\n",
        example_article: ANNOTATED_ARTICLE,
        example_message:
            "T1 (Person) and T2 (Organization) overlap without one containing the other: `Daniel Abara` and \
                          `Abara, the`",
        fix: "Correct the spans so that annotations nest or stand apart, or delete the duplicate.",
        ..rule(
            "overlapping-spans",
            Annotations,
            Some(Warning),
            "Two annotations' spans cross, or one span has the same label twice.",
        )
    },
    Rule {
        checks: "The same string annotated with different labels across the corpus (a Person in one article, \
                 an Organization in another); every place is listed. Only articles of one corpus (one \
                 `byline.toml`) are compared.",
        example_file: "a.ann and b.ann",
        example: "a.ann: T1\tOrganization 0 6\tHanjin\nb.ann: T4\tPerson 0 6\tHanjin\n",
        example_message: "`Hanjin` is annotated Person here but Organization in a.txt line 1",
        fix: "Decide which label is right and change the others.",
        ..rule("label-conflict", Annotations, Some(Error), "The same text is labelled differently across the corpus.")
    },
    Rule {
        checks: "A `Quote` annotation with no `SaidBy` relation to its speaker (rejected quotes excepted).",
        example_file: "article.ann",
        example: "T1\tQuote 31 62\tThe port will reopen on Monday.\n",
        example_article: ANNOTATED_ARTICLE,
        example_message: "quote T1 `The port will reopen on Monday.` has no SaidBy relation to its speaker",
        fix: "Set the quote's speaker (the editor's code action adds the `SaidBy` relation).",
        ..rule("quote-without-speaker", Annotations, Some(Info), "An annotated quotation has no speaker.")
    },
    Rule {
        checks: "A normalisation (`N` line) linking a mention to `byline:<id>` where the registry has no such id.",
        example_file: "article.ann",
        example: "T1\tPerson 0 12\tDaniel Abara\nN1\tReference T1 byline:daniel-abra\tDaniel Abara\n",
        example_article: ANNOTATED_ARTICLE,
        example_message: "N1 links T1 to `byline:daniel-abra`, which is not in the entity registry",
        fix: "Correct the id, or add the entry to `entities.toml`.",
        ..rule(
            "unknown-entity-id",
            Annotations,
            Some(Warning),
            "An annotation links to an id the registry does not have.",
        )
    },
    Rule {
        checks: "A mark Byline detects in an article that has a `.ann`, which no annotation confirms or rejects \
                 yet: a to-do list for annotators working through the corpus.",
        example_file: "article.txt with an article.ann",
        example: "Kurt Campbell met officials in Tokyo.\n",
        example_message: "detected Person `Kurt Campbell` is not annotated yet",
        fix: "Accept or reject the mark (editor code actions), or annotate it in brat.",
        ..rule("unannotated-mark", Annotations, Some(Hint), "A detected mark has not been confirmed by an annotation.")
    },
    Rule {
        checks: "A line of an `.ann` brat cannot read, an id used twice, or a relation, attribute or note that \
                 refers to no annotation. The rest of the file is still read.",
        example_file: "article.ann",
        example: "T1\tPerson zero 12\tDaniel Abara\n",
        example_article: ANNOTATED_ARTICLE,
        example_message: "expected `T1<TAB>Label START END<TAB>text` (offsets as `0 5` or `0 5;7 12`)",
        fix: "Correct the line as the message says (brat's standoff format).",
        ..rule(
            "malformed-annotation",
            Annotations,
            Some(Error),
            "A line of an .ann file brat cannot read, a repeated id, or a reference to no annotation.",
        )
    },
    Rule {
        checks: "An annotation whose type, relation or attribute the corpus's `annotation.conf` does not define, \
                 or a problem in `annotation.conf` itself.",
        example_file: "article.ann",
        example: "T1\tVessel 0 12\tDaniel Abara\n",
        example_article: ANNOTATED_ARTICLE,
        example_message:
            "`Vessel` is not an entity type in annotation.conf (it has Person, Organization, Location, Date, \
                          Quote, Speaker, Cue)",
        fix: "Add the type to `annotation.conf`, or use one it defines.",
        ..rule(
            "annotation-conf",
            Annotations,
            Some(Warning),
            "An annotation that annotation.conf does not allow, or a problem in annotation.conf.",
        )
    },
    Rule {
        checks: "A registry file that is not valid TOML. The entries before the error still load; the rest wait \
                 for the fix (other registry files load as usual).",
        example_file: "entities.toml",
        example: "[[person]]\nname = \"Kurt Campbell\n",
        example_message: "invalid basic string",
        fix: "Correct the TOML at the place the message gives.",
        ..rule("registry-syntax", Registry, Some(Error), "The entity registry is not valid TOML.")
    },
    Rule {
        checks: "Two registry entries with one id, across all registry files; also two entries without `id` \
                 whose names give the same one. The problem points at the second and names the first.",
        example_file: "entities.toml",
        example: "[[person]]\nid = \"kc\"\nname = \"Kurt Campbell\"\n\n[[person]]\nid = \"kc\"\nname = \"Kim Chol\"\n",
        example_message: "id `kc` is already Kurt Campbell's (entities.toml:2); ids must be unique, so give one \
                          of them another",
        fix: "Give one of the entries another id.",
        ..rule("duplicate-id", Registry, Some(Error), "Two registry entries share an id.")
    },
    Rule {
        checks: "A name or alias several entries claim. That is allowed (several people are called `Kim`), but \
                 a mention of it alone needs context to say who; the note makes sure the sharing is meant. \
                 Reported only when the registry is among the paths checked.",
        example_file: "entities.toml",
        example: "[[person]]\nname = \"Kim Jong Un\"\naliases = [\"Kim\"]\n\n\
                  [[person]]\nname = \"Kim Yo Jong\"\naliases = [\"Kim\"]\n",
        example_message: "`Kim` also names Kim Yo Jong (`kim-yo-jong`); where an article writes it alone, its \
                          context must say which one is meant",
        fix: "Nothing, if the sharing is meant; otherwise remove the alias from the entries it does not belong to.",
        ..rule("shared-alias", Registry, Some(Info), "Several registry entries claim one name or alias.")
    },
    Rule {
        checks: "An `affiliation`, or a role's `organization` written like an id, that names no entry; the \
                 message suggests the nearest id.",
        example_file: "entities.toml",
        example: "[[organization]]\nid = \"port-authority\"\nname = \"Port Authority\"\n\n\
                  [[person]]\nname = \"Ana Ribeiro\"\naffiliation = \"port-authorty\"\n",
        example_message: "`affiliation` names no entry: no entry has the id `port-authorty`; did you mean \
                          `port-authority`?",
        fix: "Correct the id, or add the entry it names.",
        ..rule("unknown-affiliation", Registry, Some(Warning), "A registry entry's affiliation names no entry.")
    },
    Rule {
        checks: "A key Byline does not read in a registry file; its value is ignored. The message suggests the \
                 key meant (`alias` → `aliases`).",
        example_file: "entities.toml",
        example: "[[person]]\nname = \"Ana Ribeiro\"\ndescriptoin = \"Port director\"\n",
        example_message: "unknown key `descriptoin` in an entry, ignored; did you mean `description`?",
        fix: "Correct the key's spelling.",
        ..rule("unknown-key", Registry, Some(Warning), "A registry entry has a key Byline does not know.")
    },
    Rule {
        level_note: "An entry without `name` is an error (it is not loaded); a role without `title` is a warning.",
        checks: "An entry without `name` (the only required key), or a role without `title`.",
        example_file: "entities.toml",
        example: "[[person]]\nid = \"ana-ribeiro\"\n",
        example_message: "this person has no `name`, so it is not loaded; add a line like `name = \"Kurt Campbell\"`",
        fix: "Add the missing key.",
        ..rule("missing-field", Registry, Some(Error), "A registry entry lacks a required field.")
    },
    Rule {
        level_note: "A value of the wrong type is an error; a malformed Wikidata id or an id with spaces is a \
                     warning.",
        checks: "A value of the wrong type or shape (`aliases = \"Kim\"` for `aliases = [\"Kim\"]`), which is \
                 ignored; a malformed Wikidata id; an id with spaces.",
        example_file: "entities.toml",
        example: "[[person]]\nname = \"Kim Jong Un\"\naliases = \"Kim\"\n",
        example_message: "`aliases` must be a list in brackets, like `aliases = [\"Kim\"]`",
        fix: "Write the value in the form the message gives.",
        ..rule("invalid-value", Registry, Some(Error), "A registry entry has a value of the wrong form.")
    },
];

/// The rule named `code`.
pub fn find(code: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.code == code)
}

/// The rules of one layer, in list order.
pub fn of_layer(layer: Layer) -> impl Iterator<Item = &'static Rule> {
    RULES.iter().filter(move |r| r.layer == layer)
}

/// The rule name nearest to a misspelt one (`unbalanced-quotes` →
/// `unbalanced-quote`), when exactly one is near.
pub fn did_you_mean(code: &str) -> Option<&'static str> {
    let codes: Vec<&'static str> = RULES.iter().map(|r| r.code).collect();
    let lower = code.to_lowercase().replace('_', "-");
    if let Some(exact) = codes.iter().find(|c| **c == lower) {
        return Some(exact);
    }
    crate::registry::nearest_word(&lower, &codes)
        // A plural or a missing word is further than two edits: a rule the
        // name starts or ends is still the one meant.
        .or_else(|| {
            let mut containing =
                codes.iter().filter(|c| lower.contains(**c) || (lower.len() >= 6 && c.contains(&lower)));
            match (containing.next(), containing.next()) {
                (Some(only), None) => Some(*only),
                _ => None,
            }
        })
}

/// The message for a name that is no rule: a did-you-mean when one fits,
/// else where to find the list.
pub fn unknown_rule_message(code: &str) -> String {
    match did_you_mean(code) {
        Some(near) => format!("unknown rule `{code}`; did you mean `{near}`?"),
        None => format!("unknown rule `{code}`; `byline rule --list` lists them"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::problems::ProblemCode;
    use crate::standoff::StandoffCode;

    #[test]
    fn codes_are_unique_and_every_enum_code_is_listed() {
        let mut codes: Vec<&str> = RULES.iter().map(|r| r.code).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), RULES.len(), "a rule is listed twice");
        for code in ProblemCode::ALL {
            assert_eq!(find(code.as_str()).map(|r| r.layer), Some(Detection), "{}", code.as_str());
        }
        for code in StandoffCode::ALL {
            assert_eq!(find(code.as_str()).map(|r| r.layer), Some(Annotations), "{}", code.as_str());
        }
        for code in crate::registry::codes::ALL {
            assert_eq!(find(code).map(|r| r.layer), Some(Registry), "{code}");
        }
    }

    #[test]
    fn every_rule_is_explained() {
        for r in RULES {
            assert!(r.summary.ends_with('.') && r.summary.len() < 100, "{}: {}", r.code, r.summary);
            assert!(!r.checks.is_empty() && !r.fix.is_empty(), "{}", r.code);
            assert!(!r.example.is_empty() && !r.example_message.is_empty(), "{}", r.code);
        }
    }

    #[test]
    fn misspelt_rule_names_get_the_one_meant() {
        assert_eq!(did_you_mean("unbalanced-quotes"), Some("unbalanced-quote"));
        assert_eq!(did_you_mean("weekday_mismatch"), Some("weekday-mismatch"));
        assert_eq!(did_you_mean("stale-anotation"), Some("stale-annotation"));
        assert_eq!(did_you_mean("label-conflicts-everywhere"), Some("label-conflict"));
        assert_eq!(did_you_mean("frobnicate"), None);
        assert_eq!(
            unknown_rule_message("entity-varient"),
            "unknown rule `entity-varient`; did you mean `entity-variant`?"
        );
    }

    /// The examples `byline rule` prints are what Byline really reports on them.
    #[test]
    fn detection_examples_give_their_message() {
        use crate::{analyze, AnalyzeOptions, EntityLabel, Gazetteer, GazetteerEntry};
        use std::sync::Arc;
        let mut wrong = Vec::new();
        for r in of_layer(Detection) {
            let mut gazetteer = Gazetteer::builtin().clone();
            if r.code == "entity-variant" {
                gazetteer.extend(vec![GazetteerEntry::new("Tomasz Wolański", EntityLabel::Person).with_id("tw")]);
            }
            if r.code == "unregistered-entity" {
                gazetteer.extend(vec![GazetteerEntry::new("Hanbit Steel", EntityLabel::Organization).with_id("hs")]);
            }
            let options = AnalyzeOptions { gazetteer: Some(Arc::new(gazetteer)), ..Default::default() };
            let analysis = analyze(r.example, &options);
            if r.code == "empty-article" {
                assert!(analysis.paragraphs.is_empty(), "{}", r.code);
                continue;
            }
            let messages: Vec<&str> =
                analysis.problems.iter().filter(|p| p.code.as_str() == r.code).map(|p| p.message.as_str()).collect();
            if messages != [r.example_message] {
                wrong.push(format!("{}: {messages:?}", r.code));
            }
        }
        assert!(wrong.is_empty(), "{wrong:#?}");
    }

    #[test]
    fn annotation_examples_give_their_message() {
        use crate::standoff;
        let (conf, _) = standoff::parse_conf(standoff::DEFAULT_CONF);
        let mut wrong = Vec::new();
        for r in of_layer(Annotations).filter(|r| !r.example_article.is_empty()) {
            let ann = standoff::parse(r.example);
            let mut messages: Vec<String> = standoff::check(r.example_article, &ann, |id| id != "daniel-abra")
                .into_iter()
                .filter(|p| p.code.as_str() == r.code)
                .map(|p| p.message)
                .collect();
            match r.code {
                "malformed-annotation" => messages.extend(ann.problems().into_iter().map(|p| p.message)),
                "annotation-conf" => messages.extend(standoff::validate(&ann, &conf).into_iter().map(|p| p.message)),
                _ => {}
            }
            if messages != [r.example_message] {
                wrong.push(format!("{}: {messages:?}", r.code));
            }
        }
        assert!(wrong.is_empty(), "{wrong:#?}");
    }

    #[test]
    fn registry_examples_give_their_message() {
        use crate::registry::{parse, RegistrySource};
        let mut wrong = Vec::new();
        for r in of_layer(Registry) {
            let registry = parse(&[RegistrySource { name: "entities.toml", text: r.example }]);
            let messages: Vec<&str> =
                registry.problems.iter().filter(|p| p.code == r.code).map(|p| p.message.as_str()).collect();
            if !messages.iter().any(|m| m.contains(r.example_message)) {
                wrong.push(format!("{}: {:?}", r.code, registry.problems));
            }
        }
        assert!(wrong.is_empty(), "{wrong:#?}");
    }
}
