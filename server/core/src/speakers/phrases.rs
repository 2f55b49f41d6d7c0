//! Noun phrases around a cue: the speaker written before it (`Cho, the
//! ambassador, said`) or after it (`said a spokesman for the ministry`), the
//! subject of a sentence, and the classification of a phrase as a mention.

use super::lexicon::{self, is_auxiliary, is_phrase_breaker, CueStrength};
use super::names::{self, Mention};
use super::Scene;

impl Scene<'_> {
    /// The speaker written before a cue: `Cho also said`, `Cho, the
    /// ambassador, said`, `South Korea's foreign ministry said`.
    pub(super) fn np_before(&self, cue: usize, lo: usize) -> Option<Mention> {
        let mut end = cue;
        while end > lo && is_auxiliary(self.word(end - 1)) {
            end -= 1;
        }
        // `was quoted as saying`
        if end > lo && self.is_word_ci(end - 1, "as") && self.word(cue).ends_with("ing") {
            end -= 1;
            while end > lo && is_auxiliary(self.word(end - 1)) {
                end -= 1;
            }
        }
        // `Rep. Gwen Moore (D-Wis.) said`: the aside in brackets is not the name.
        if end > lo + 1 && self.tokens[end - 1].is_punct(')') {
            let open = (lo..end - 1).rev().find(|&i| self.tokens[i].is_punct('('))?;
            end = open;
        }
        if end > lo && self.tokens[end - 1].is_punct(',') {
            // `Cho, the ambassador, said`, `the ambassador, Cho, said`, `Mitch
            // McConnell, R-Ky., said`.
            let inner_end = end - 1;
            let inner_start = self.walk_back(inner_end, lo);
            let bounded = inner_start > lo && inner_start < inner_end && self.tokens[inner_start - 1].is_punct(',');
            if !bounded {
                return None;
            }
            let inner = self.classify(inner_start, inner_end);
            let party_tag = inner_end - inner_start == 1 && is_party_tag(self.word(inner_start));
            if inner.as_ref().is_some_and(Mention::is_named) && !party_tag {
                return inner;
            }
            let outer_end = inner_start - 1;
            let outer = self.classify(self.walk_back(outer_end, lo), outer_end);
            if outer.as_ref().is_some_and(|m| m.is_named() || party_tag) {
                return outer;
            }
            return None;
        }
        let start = self.walk_back(end, lo);
        self.classify(start, end)
    }

    /// Start of the noun phrase that ends at `end`, not before `lo`.
    pub(super) fn walk_back(&self, end: usize, lo: usize) -> usize {
        let mut k = end;
        while k > lo && end - k < 9 {
            let t = self.tokens[k - 1];
            if !t.is_word() {
                break;
            }
            let w = t.text(self.text);
            let linking = matches!(w, "of" | "for" | "to");
            // `the top diplomat in the U.S.`, `Asian and Pacific affairs`:
            // a place or a pair of names inside the phrase.
            let before = if k >= 2 { self.word(k - 2) } else { "" };
            let after = self.word(k);
            let inner_link = match w {
                "in" | "at" => {
                    k - 1 > lo
                        && k < end
                        && before.starts_with(char::is_lowercase)
                        && !is_phrase_breaker(before)
                        && self.cue_strength_at(k - 2).is_none()
                        && (lexicon::is_determiner(after) || after.starts_with(char::is_uppercase))
                }
                "and" => k - 1 > lo && k < end && before.starts_with(char::is_uppercase) && names::is_name_token(after),
                _ => false,
            };
            if inner_link {
                k -= 1;
                continue;
            }
            if linking {
                // Inside a phrase only: `spokesman for the ministry`.
                if k - 1 == lo || k == end || !self.tokens[k - 2].is_word() {
                    break;
                }
            } else if is_phrase_breaker(w) || self.cue_strength_at(k - 1) == Some(CueStrength::Strong) {
                break;
            }
            k -= 1;
        }
        while k < end && matches!(self.word(k), "of" | "for" | "to") {
            k += 1;
        }
        k
    }

    /// The speaker written after a cue: `said Cho`, `said a spokesman for
    /// the ministry`, `according to the police`.
    pub(super) fn np_after(&self, start: usize, hi: usize) -> Option<Mention> {
        let mut e = start;
        while e < hi && e - start < 10 {
            let t = self.tokens[e];
            if !t.is_word() {
                break;
            }
            let w = t.text(self.text);
            // `said oil and gas worker Mike Wipf`: an `and` inside a
            // description that a name ends.
            let description_and = w == "and" && e > start && self.name_follows_description(e + 1, hi);
            if (is_phrase_breaker(w) && !description_and)
                || names::is_weekday_or_month(w)
                || self.cue_strength_at(e) == Some(CueStrength::Strong)
            {
                break;
            }
            // `wrote Cameron Easley for Morning Consult`: the name ends the phrase.
            if matches!(w, "of" | "for" | "to") && e > start && names::is_name_token(self.word(e - 1)) {
                break;
            }
            e += 1;
        }
        while e > start && matches!(self.word(e - 1), "of" | "for" | "to") {
            e -= 1;
        }
        self.classify(start, e)
    }

    /// Whether a few lower-case words from `i` lead to a name that ends the
    /// phrase: `gas worker Mike Wipf.`
    pub(super) fn name_follows_description(&self, i: usize, hi: usize) -> bool {
        const MAX_WORDS: usize = 4;
        let mut k = i;
        while k < hi && k - i < MAX_WORDS {
            let w = self.word(k);
            if w.is_empty() || !w.starts_with(char::is_lowercase) || is_phrase_breaker(w) {
                break;
            }
            k += 1;
        }
        if k == i {
            return false;
        }
        let name_end = self.name_run_end(k, hi);
        name_end > k + 1 && self.tokens.get(name_end).is_none_or(|t| !t.is_word())
    }

    /// The first person named in a sentence (its subject), for cues with no
    /// speaker of their own: `Cho also expressed hope …, saying "…"`.
    pub(super) fn sentence_subject(&self, start: usize, cue: usize) -> Option<Mention> {
        let mut i = start;
        while i < cue {
            let w = self.word(i);
            if lexicon::is_pronoun(w) && !w.eq_ignore_ascii_case("it") {
                return self.classify(i, i + 1);
            }
            let opening_participle = i == start && (w.ends_with("ing") || w.ends_with("ed"));
            let titled = lexicon::is_title(w) && w.starts_with(char::is_uppercase);
            if w.starts_with(char::is_uppercase) {
                if let Some(org_end) = self.possessed_organization(i, cue) {
                    return self.classify(i, org_end);
                }
            }
            // `on American soil`: a name after a preposition is not the subject.
            let after_preposition = i > start && is_phrase_breaker(self.word(i - 1));
            if (names::is_name_token(w) || titled) && !opening_participle {
                // `Trade Minister Ahn Duk-geun`: titles and names together.
                let j = self.name_run_end(i, cue);
                if after_preposition {
                    i = j.max(i + 1);
                    continue;
                }
                // `South Korea's foreign ministry`: an organisation owned by a name.
                if let Some(org_end) = self.possessed_organization(j, cue) {
                    return self.classify(i, org_end);
                }
                // A name that a comma follows is a place or an aside (`Seoul,
                // the capital, …`), not the subject, unless it opens the
                // sentence: `Alex Cruz, a consultant, said: …`.
                let followed_by_word = self.tokens.get(j).is_some_and(|t| t.is_word());
                let opens_sentence =
                    i == start && self.tokens.get(j).is_some_and(|t| t.is_punct(',') || t.is_punct('('));
                if (followed_by_word || opens_sentence) && j > i {
                    return self.classify(i, j);
                }
                i = j.max(i + 1);
                continue;
            }
            i += 1;
        }
        None
    }

    /// After a name at `at`, `Korea's foreign ministry`: the end of the
    /// phrase when a possessive leads within a few words to an organisation.
    pub(super) fn possessed_organization(&self, at: usize, limit: usize) -> Option<usize> {
        const MAX_WORDS: usize = 4;
        let possessive = self.word(at);
        if !(possessive.ends_with("'s") || possessive.ends_with("’s")) {
            return None;
        }
        (at + 1..limit.min(at + 1 + MAX_WORDS))
            .take_while(|&k| self.tokens[k].is_word() && !is_phrase_breaker(self.word(k)))
            .find(|&k| lexicon::is_organization_head(self.word(k)))
            .map(|k| k + 1)
    }

    /// `a formal protest`, `the report`: a noun-like cue after a determiner,
    /// or after a determiner and one adjective, is a noun here.
    pub(super) fn is_noun_here(&self, c: usize) -> bool {
        let before = |k: usize| c.checked_sub(k).map_or("", |i| self.word(i));
        lexicon::is_determiner(before(1))
            || (before(1).starts_with(char::is_lowercase) && lexicon::is_determiner(before(2)))
    }

    pub(super) fn classify(&self, start: usize, end: usize) -> Option<Mention> {
        let toks = self.tokens.get(start..end)?;
        names::classify(self.text, toks)
    }
}

/// `R-Ky.`, `D-N.J.`: a party and state after a U.S. politician's name.
fn is_party_tag(word: &str) -> bool {
    let mut parts = word.splitn(2, '-');
    matches!(parts.next(), Some("R" | "D" | "I")) && parts.next().is_some_and(|s| s.starts_with(char::is_uppercase))
}
