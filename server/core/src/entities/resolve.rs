//! Deciding what the found names are: linking short mentions to the full
//! names they abbreviate, registry entries, and the kind of names no rule
//! recognised.

use super::*;

/// Verbs that make the name before them a speaker: the lexicon's reporting
/// verb forms that name a person.
pub(super) static SPEECH_VERBS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    crate::text::lexicon::section_words(crate::text::lexicon::REPORTING_VERBS, "names-a-person").collect()
});

/// The kind of an unknown one-word name from its neighbours: a place after
/// `in`; an organisation as the subject of a clause (`Cerberus has agreed`),
/// an owner (`Opel's`) or after `at`, `by`, `from`, `with`; otherwise
/// nothing, since lone unknown capitalised words are as often products.
pub(super) fn guess_from_context(before: &str, after: &str) -> Option<EntityLabel> {
    let before = before.to_ascii_lowercase();
    if matches!(before.as_str(), "in" | "near" | "across" | "throughout") {
        return Some(EntityLabel::Location);
    }
    let subject = acts_as_verb(after);
    let owner = after == "'s" || after == "’s";
    if subject || owner || matches!(before.as_str(), "at" | "by" | "from" | "with" | "against" | "between") {
        return Some(EntityLabel::Organization);
    }
    None
}

/// Links short mentions to the full names they abbreviate (`Campbell` ->
/// `Kurt Campbell`, `Cho` -> `Cho Tae-yong`, `GAO` -> `Government
/// Accountability Office`) and decides the kind of the names no rule knew.
pub(super) fn link_and_resolve<'a>(
    text: &'a str,
    gazetteer: &'a Gazetteer,
    paragraphs: &[Span],
    found: &mut [Found<'a>],
) {
    let mut scratch = String::new();
    // Unknown names of several words first, so that people among them can
    // take their surnames in the linking below.
    for f in found.iter_mut().filter(|f| f.word_count > 1) {
        if f.evidence == Evidence::Guess && f.label.is_none() && !f.link_only {
            // Unknown names of several words are people when they speak;
            // otherwise they are as often products, events or titles of
            // works, which are not reported.
            let after = f.after.slice(text);
            let before = f.before.slice(text);
            let after2 = f.after2.slice(text);
            // `X said`, `said X`, `X, who`, `X, the minister`, `X, head of`.
            let apposition = after == ","
                && (matches!(after2, "the" | "a" | "an" | "who" | "whose")
                    || gazetteer.word_class(after2, &mut scratch).has(WordClass::TITLE_HEAD));
            // `his counterpart Funakoshi Takehiro`: a role noun before.
            let role_before = gazetteer.word_class(before, &mut scratch).has(WordClass::TITLE_HEAD);
            if SPEECH_VERBS.contains(&after)
                || after == "who"
                || SPEECH_VERBS.contains(&before)
                || apposition
                || role_before
            {
                f.label = Some(EntityLabel::Person);
                f.the_start = None;
            } else if acts_as_verb(after) {
                // `Aer Lingus has ordered`: the subject of a clause that no
                // person's shape explains.
                f.label = Some(EntityLabel::Organization);
            }
        }
    }
    link_registry(text, gazetteer, found);
    // Surname (last word, or first for East Asian names) -> full names, in
    // text order; initials and first words -> organisations.
    let mut people: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
    let mut orgs: FxHashMap<Cow<'a, str>, usize> = FxHashMap::default();
    for (i, f) in found.iter().enumerate() {
        if f.word_count < 2 {
            continue;
        }
        let first = f.first_word.slice(text);
        let last = f.last_word.slice(text);
        match f.label {
            Some(EntityLabel::Person) => {
                // East Asian names put the family name first (`Cho Tae-yong`
                // -> `Cho`); a word that is both (`Kim Gunn`) keys both ways.
                let class = gazetteer.word_class(first, &mut scratch);
                if class.has(WordClass::EAST_ASIAN_SURNAME) {
                    people.entry(first).or_default().push(i);
                }
                if !class.has(WordClass::EAST_ASIAN_SURNAME) || class.has(WordClass::GIVEN_NAME) {
                    people.entry(last.trim_end_matches('.')).or_default().push(i);
                }
            }
            Some(EntityLabel::Organization) => {
                let name = f.name_span.slice(text);
                let initials: String =
                    name.split_whitespace().filter_map(|w| w.chars().next()).filter(|c| c.is_uppercase()).collect();
                if initials.chars().count() >= 2 {
                    orgs.entry(Cow::Owned(initials)).or_insert(i);
                }
                // `Northrop` for `Northrop Grumman`, but not `Tulsa` for the
                // `Tulsa Police Department`.
                let second = name.split_whitespace().nth(1).unwrap_or("");
                if !gazetteer.word_class(second, &mut scratch).has(WordClass::ORG_WORD) {
                    orgs.entry(Cow::Borrowed(first)).or_insert(i);
                }
                // `the Post` for `The Washington Post`, `the Commission`.
                if gazetteer.word_class(last, &mut scratch).has(WordClass::ORG_WORD) {
                    orgs.entry(Cow::Borrowed(last)).or_insert(i);
                }
            }
            _ => {}
        }
    }
    // The full name each short organisation mention stands for, by index.
    let mut links: Vec<(usize, usize)> = Vec::new();
    let mut people_links =
        PeopleLinks { mentions: None, decided: Vec::new(), sentence_starts: SentenceStarts::default() };
    // The distinct referents of the full names behind each surname, in text
    // order, worked out once per surname rather than from every full name at
    // every short mention: an article that names one person in full N times
    // and by surname N times would otherwise take N^2 steps (a 50 MB article
    // took 17 s, most of it here). Deciding a full name (registry entries of
    // one name) can change its referent, so that empties the cache.
    let mut referents_of_surname: FxHashMap<&str, Vec<Referent<'a>>> = FxHashMap::default();
    for i in 0..found.len() {
        let f = &found[i];
        if f.word_count != 1 {
            // A full name several registry entries share (two people of the
            // same name) is decided by the context alone.
            if f.registry_candidates.as_slice().len() >= 2 {
                let candidates = f.registry_candidates.as_slice().iter().map(|&e| Referent::Entry(e)).collect();
                let decision = people_links.decide(text, paragraphs, &people, found, i, candidates);
                apply_decision(gazetteer, &mut found[i], decision);
                referents_of_surname.clear();
            }
            continue;
        }
        let word = f.first_word.slice(text);
        let listed_short_name = f.label == Some(EntityLabel::Person) && f.canonical.is_some();
        if listed_short_name && f.registry_candidates.as_slice().is_empty() {
            // A listed short name (`Trump`) already names its person.
            continue;
        }
        let fulls = people.get(word);
        if fulls.is_some() || f.registry_candidates.as_slice().len() >= 2 {
            // A surname of people named in full (`Campbell` for Kurt
            // Campbell), or an alias several registry entries share: the
            // person the article's context points to, if it points to one.
            let mut candidates: Vec<Referent<'a>> = match fulls {
                Some(fulls) => referents_of_surname
                    .entry(word)
                    .or_insert_with(|| {
                        let mut distinct: Vec<Referent<'a>> = Vec::new();
                        let mut seen: FxHashSet<Referent<'a>> = FxHashSet::default();
                        for &j in fulls {
                            let referent = referent_of(text, &found[j]);
                            if seen.insert(referent.clone()) {
                                distinct.push(referent);
                            }
                        }
                        distinct
                    })
                    .clone(),
                None => Vec::new(),
            };
            for &e in f.registry_candidates.as_slice() {
                if !candidates.contains(&Referent::Entry(e)) {
                    candidates.push(Referent::Entry(e));
                }
            }
            let decision = people_links.decide(text, paragraphs, &people, found, i, candidates);
            let f = &mut found[i];
            if fulls.is_some() {
                // A person's surname wins over a place or firm of the same name.
                f.label = Some(EntityLabel::Person);
            }
            apply_decision(gazetteer, f, decision);
            if f.label == Some(EntityLabel::Person) {
                f.the_start = None;
            }
            continue;
        }
        let f = &mut found[i];
        if f.entity.is_some() {
            // A registry alias only one entry has.
            continue;
        }
        if f.evidence == Evidence::Guess {
            if f.link_only {
                let with_the = f.before.slice(text).eq_ignore_ascii_case("the");
                if let Some(&j) = orgs.get(word).filter(|_| with_the) {
                    f.label = Some(EntityLabel::Organization);
                    links.push((i, j));
                }
                continue;
            }
            let in_place = matches!(f.before.slice(text).to_ascii_lowercase().as_str(), "in" | "near");
            if let Some(&j) = orgs.get(word).filter(|_| !in_place) {
                f.label = Some(EntityLabel::Organization);
                links.push((i, j));
                continue;
            }
            f.label = guess_from_context(f.before.slice(text), f.after.slice(text));
        } else if f.label == Some(EntityLabel::Organization) && f.canonical.is_none() {
            if let Some(&j) = orgs.get(word) {
                links.push((i, j));
            }
        }
    }
    for (i, j) in links {
        let full = found
            .get(j)
            .map(|full| (full.canonical.clone().unwrap_or(Cow::Borrowed(full.name_span.slice(text))), full.entity));
        if let (Some(f), Some((canonical, entity))) = (found.get_mut(i), full) {
            f.canonical = Some(canonical);
            f.entity = entity;
        }
    }
}

/// Links every name the registry knows exactly or by a variant spelling to
/// its entry; a name that several entries share keeps them all as
/// candidates for the context to decide.
pub(super) fn link_registry<'a>(text: &'a str, gazetteer: &'a Gazetteer, found: &mut [Found<'a>]) {
    if !gazetteer.has_registry() {
        return;
    }
    let mut scratch = String::new();
    for f in found.iter_mut() {
        if let Some(form) = f.form {
            if form.is_registered() {
                if form.is_shared() {
                    f.registry_candidates =
                        RegistryCandidates::Many(Cow::Borrowed(gazetteer.form_entries(form.form())));
                } else {
                    let only = form.entry();
                    f.entity = Some(only);
                    f.variant_of = gazetteer.entries().get(only).and_then(|e| case_variant(f.name_span.slice(text), e));
                    f.registry_candidates = RegistryCandidates::One(only);
                }
                continue;
            }
            if !gazetteer.folds_like_registry(form) {
                continue;
            }
        }
        // Only names the registry did not match exactly: `Kim Jong-un` for
        // `Kim Jong Un`, or a built-in spelling the registry writes otherwise.
        let name = f.name_span.slice(text);
        let spellings = gazetteer.entries_folding_like_with(name, &mut scratch);
        let Some((first, spelling)) = spellings.first() else { continue };
        let Some(entry) = gazetteer.entries().get(*first) else { continue };
        f.label = Some(entry.label);
        f.evidence = Evidence::Strong;
        f.link_only = false;
        if spellings.iter().all(|(e, _)| e == first) {
            f.entity = Some(*first);
            f.canonical = Some(Cow::Borrowed(entry.name.as_str()));
            // Case and abbreviation periods are style, not spelling.
            let plain = |s: &'a str| s.chars().filter(|c| *c != '.').flat_map(char::to_lowercase);
            if !plain(name).eq(plain(spelling)) {
                f.variant_of = Some(spelling.as_str());
            }
        } else {
            let mut entries: Vec<usize> = spellings.iter().map(|(e, _)| *e).collect();
            entries.dedup();
            f.registry_candidates = RegistryCandidates::Many(Cow::Owned(entries));
        }
    }
    short_names::link_short_names(text, gazetteer, found);
}

/// The registry spelling that `written` differs from only in case, when
/// the difference is a spelling (`Lim Sung-Nam` for `Lim Sung-nam`) rather
/// than style: text in capitals (`SEOUL`, a dateline) or in lower case (`the
/// state department`) spells nothing differently.
pub(super) fn case_variant<'a>(written: &str, entry: &'a GazetteerEntry) -> Option<&'a str> {
    let mixed_case = written.chars().any(char::is_uppercase) && written.chars().any(char::is_lowercase);
    if !mixed_case {
        return None;
    }
    let spellings = std::iter::once(&entry.name).chain(&entry.aliases);
    let same_letters =
        |s: &str| s.chars().flat_map(char::to_lowercase).eq(written.chars().flat_map(char::to_lowercase));
    let mut near = None;
    for spelling in spellings {
        if spelling == written {
            return None;
        }
        if near.is_none() && same_letters(spelling) {
            near = Some(spelling.as_str());
        }
    }
    near
}

/// Who a full name refers to: its registry entry, or else the name itself.
pub(super) fn referent_of<'a>(text: &'a str, f: &Found<'a>) -> Referent<'a> {
    match f.entity {
        Some(e) => Referent::Entry(e),
        None => Referent::Name(f.canonical.clone().unwrap_or(Cow::Borrowed(f.name_span.slice(text)))),
    }
}

/// The decisions on short names made so far, and where each referent is
/// named (built on the first mention that needs it: most articles have
/// none).
struct PeopleLinks<'a> {
    mentions: Option<Mentions<'a>>,
    decided: Vec<(usize, Referent<'a>)>,
    sentence_starts: SentenceStarts,
}

impl<'a> PeopleLinks<'a> {
    fn decide(
        &mut self,
        text: &'a str,
        paragraphs: &[Span],
        people: &FxHashMap<&str, Vec<usize>>,
        found: &[Found<'a>],
        i: usize,
        candidates: Vec<Referent<'a>>,
    ) -> Decision<'a> {
        let pos = found[i].span.start;
        let decision = if let [only] = candidates.as_slice() {
            Decision::Link(only.clone())
        } else {
            let mentions = self.mentions.get_or_insert_with(|| {
                let mut mentions = Mentions::default();
                for f in found {
                    // Full names, and registry names that no context has to
                    // decide; short names count once decided.
                    let decided_later = f.word_count == 1
                        && (f.registry_candidates.as_slice().len() >= 2
                            || people.contains_key(f.first_word.slice(text)));
                    let full_person = f.word_count >= 2 && f.label == Some(EntityLabel::Person);
                    if !decided_later && (full_person || f.entity.is_some()) {
                        mentions.add(referent_of(text, f), f.span.start);
                    }
                }
                for (pos, referent) in &self.decided {
                    mentions.add_decided(referent.clone(), *pos);
                }
                mentions
            });
            decide(candidates, pos, || context_start(text, paragraphs, pos, &mut self.sentence_starts), mentions)
        };
        if let Decision::Link(referent) = &decision {
            self.decided.push((pos, referent.clone()));
            if let Some(mentions) = self.mentions.as_mut() {
                mentions.add_decided(referent.clone(), pos);
            }
        }
        decision
    }
}

pub(super) fn apply_decision<'a>(gazetteer: &'a Gazetteer, f: &mut Found<'a>, decision: Decision<'a>) {
    let name_of = |referent: Referent<'a>| match referent {
        Referent::Entry(e) => gazetteer.entries().get(e).map_or(Cow::Borrowed(""), |entry| Cow::Borrowed(&*entry.name)),
        Referent::Name(name) => name,
    };
    match decision {
        Decision::Link(referent) => {
            if let Referent::Entry(e) = referent {
                f.entity = Some(e);
                if let Some(entry) = gazetteer.entries().get(e) {
                    f.label = Some(entry.label);
                }
            } else {
                f.entity = None;
            }
            f.canonical = Some(name_of(referent));
        }
        Decision::Ambiguous(candidates) => {
            f.entity = None;
            // The mention stays what the text says; only the candidates
            // say who it might be.
            f.canonical = None;
            f.candidates = candidates.into_iter().map(name_of).collect();
        }
    }
}
