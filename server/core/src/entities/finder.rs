//! Finding names in one paragraph's tokens: runs of capitalised words cut
//! into segments, titles split off, and each segment matched against the
//! gazetteer and the name shapes.

use super::*;

impl<'a> Finder<'a> {
    pub(super) fn class(&mut self, t: &Token) -> WordClass {
        if t.kind != TokenKind::Word {
            return WordClass::default();
        }
        if let Some(class) = self.classes.get(t.index).copied().flatten() {
            return class;
        }
        let class = self.gazetteer.word_class(t.text(self.text), &mut self.scratch);
        if let Some(slot) = self.classes.get_mut(t.index) {
            *slot = Some(class);
        }
        class
    }

    /// The longest gazetteer name starting at `toks[at]`: its length in
    /// tokens and its form.
    pub(super) fn gazetteer_match(&mut self, toks: &[Token], at: usize) -> Option<(usize, FormMatch)> {
        if let Some(cached) = self.matches.get(at).copied().flatten() {
            return cached;
        }
        let t = toks.get(at)?;
        let found = if t.is_cap_word() {
            self.gazetteer.longest_match(self.text, &toks[at..], &mut self.scratch).map(|m| (m.tokens, m.form))
        } else {
            None
        };
        // A town of the world list inside a longer name (`Duffy Waldorf`,
        // `Leeds United`) is part of that name.
        let found = match found {
            Some((n, form)) if self.gazetteer.is_minor_place(form) => {
                let before = at.checked_sub(1).and_then(|p| toks.get(p)).copied();
                let after = toks.get(at + n).copied();
                let in_name = [before, after].into_iter().flatten().any(|t| {
                    t.is_cap_word() && !self.class(&t).has(WordClass::FUNCTION_WORD.or(WordClass::NOT_A_NAME))
                });
                found.filter(|_| !in_name)
            }
            _ => found,
        };
        if let Some(slot) = self.matches.get_mut(at) {
            *slot = Some(found);
        }
        found
    }

    pub(super) fn paragraph(&mut self, toks: &[Token]) {
        self.classes.clear();
        self.classes.resize(toks.len(), None);
        self.matches.clear();
        self.matches.resize(toks.len(), None);
        let mut i = 0;
        while i < toks.len() {
            let t = toks[i];
            if t.is_cap_word() {
                let end = self.run_end(toks, i);
                self.run(toks, i, end);
                i = end.max(i + 1);
            } else if t.is_word() && t.text(self.text).chars().next().is_some_and(is_caseless_letter) {
                // Scripts without capitals (Hangul, Han, kana) show no names
                // by shape; only the gazetteer (or a registry) knows them.
                let m = self.gazetteer.longest_match(self.text, &toks[i..], &mut self.scratch);
                match m {
                    Some(m) => {
                        self.emit_entry(toks, i, i + m.tokens, m.form);
                        i += m.tokens;
                    }
                    None => i += 1,
                }
            } else {
                // Only `ministry` and `department` start the check.
                if t.is_word() && matches!(t.span.len(), 8 | 10) {
                    self.lowercase_department(toks, i);
                }
                i += 1;
            }
        }
    }

    /// The end of the run of capitalised words starting at `start`; known
    /// names carry it over their own small words (`Bosnia and Herzegovina`).
    pub(super) fn run_end(&mut self, toks: &[Token], start: usize) -> usize {
        let mut j = start;
        while j < toks.len() {
            if toks[j].is_cap_word() {
                j += self.gazetteer_match(toks, j).map_or(1, |(n, _)| n);
                continue;
            }
            let w = toks[j].text(self.text);
            if j > start && (is_particle_name(w) || w == "plc") {
                // `Omar al-Rashid`, `Calder Shipyards plc`: a family name
                // written with its particle, a company form in lower case.
                j += 1;
                continue;
            }
            if j > start
                && is_name_particle(w)
                && toks.get(j + 1).is_some_and(|n| n.is_word() && is_name_particle(n.text(self.text)))
                && toks.get(j + 2).is_some_and(|n| n.is_cap_word())
            {
                // `van der Berg`, `de la Cruz`.
                j += 3;
                continue;
            }
            let joins = j > start
                && is_inner_connector(w)
                && toks.get(j + 1).is_some_and(|n| n.is_cap_word())
                && (w != "of" || {
                    let prev = toks[j - 1];
                    self.class(&prev).has(
                        WordClass::ORG_WORD
                            .or(WordClass::PLACE_WORD)
                            .or(WordClass::TITLE_HEAD)
                            .or(WordClass::TITLE_MODIFIER),
                    )
                });
            if !joins {
                break;
            }
            j += 2;
        }
        j
    }

    /// Whether a word at a sentence start or in a headline is a name anyway:
    /// a known word or one the article capitalises mid-sentence.
    pub(super) fn known_despite_position(&mut self, t: &Token) -> bool {
        let w = t.text(self.text);
        let class = self.class(t);
        if class.has(WordClass::NOT_A_NAME.or(WordClass::FUNCTION_WORD)) {
            return false;
        }
        if self.capitalized_mid_sentence.contains(w) || class.any_name_class() {
            return true;
        }
        if self.gazetteer.short_name_entry(w).is_some() {
            // `Campbell said.` at a sentence start, Kurt Campbell registered.
            return true;
        }
        !t.shouted && t.all_caps && w.chars().filter(|c| c.is_alphabetic()).count() >= 2
    }

    /// A sentence-initial word followed by capitalised words that are not at
    /// a sentence start and that no list knows is the first word of a name
    /// (`Jusman Syafii Djamal said`), unless its form says otherwise.
    pub(super) fn starts_unknown_name(&mut self, toks: &[Token], k: usize, end: usize) -> bool {
        let Some(next) = toks.get(k + 1).filter(|_| k + 1 < end) else { return false };
        let w = toks[k].text(self.text);
        let looks_like_word = w.ends_with("ing") || w.ends_with("ly") || w.ends_with("ed") || w.ends_with('s');
        if looks_like_word || !next.is_cap_word() || next.ambiguous_case {
            return false;
        }
        let class = self.class(next);
        // `Blackburn Rovers lost`, `Acme Holdings said`: a firm's or club's
        // word ending the run names what the first word begins.
        let org_word_ends = class == WordClass::ORG_WORD && k + 2 == end;
        (org_word_ends || !class.any_name_class())
            && !class.has(WordClass::NOT_A_NAME)
            && self.gazetteer_match(toks, k + 1).is_none()
    }

    pub(super) fn run(&mut self, toks: &[Token], start: usize, end: usize) {
        // Drop uninformative words; what lies between them are segments.
        let mut after_non_name = false;
        let mut k = start;
        let mut seg_start = start;
        while k < end {
            if let Some((n, _)) = self.gazetteer_match(toks, k) {
                let w = toks[k].text(self.text);
                // A known name at a sentence start still counts, unless it is
                // a common word there (`Nice weather`).
                if !(toks[k].ambiguous_case && n == 1 && self.class(&toks[k]).has(WordClass::NOT_A_NAME)) {
                    let _ = w;
                    k += n;
                    continue;
                }
            }
            let t = toks[k];
            if self.class(&t).has(WordClass::GIVEN_NAME.or(WordClass::EAST_ASIAN_SURNAME)) {
                // `By Byun Duk-kun`: the given name is known through the surname.
                if let Some(n) = (2..=3).rev().find(|n| k + n <= end && self.person_shape(toks, k, k + n)) {
                    k += n;
                    continue;
                }
            }
            let has_digit = t.text(self.text).bytes().any(|b| b.is_ascii_digit());
            // `Black Monday`, `A380 Superjumbo`: words next to a date or a model
            // number name an event or product, so they are not guessed at.
            let marks_non_name = t.is_cap_word() && (has_digit || self.class(&t).has(WordClass::NOT_A_NAME));
            let drop = t.is_cap_word()
                && (marks_non_name
                    // A capitalised function word mid-run belongs to a name
                    // (`Nguyen Van An`), at its start it does not (``` ``The ```).
                    || ((t.ambiguous_case || k == seg_start) && self.class(&t).has(WordClass::FUNCTION_WORD))
                    || (t.ambiguous_case
                        && !self.known_despite_position(&t)
                        && !self.starts_unknown_name(toks, k, end)));
            if drop {
                self.allow_guess = !marks_non_name && !after_non_name;
                self.segment(toks, seg_start, k);
                seg_start = k + 1;
                after_non_name = marks_non_name;
            }
            k += 1;
        }
        self.allow_guess = !after_non_name;
        self.segment(toks, seg_start, end);
        self.allow_guess = true;
    }

    pub(super) fn segment(&mut self, toks: &[Token], mut s: usize, mut e: usize) {
        // Connectors cannot begin or end a name; numbers can end a known one
        // (`FTSE 100`).
        let edge = |t: &Token, text: &str| !t.is_word() || (!t.capitalized && is_inner_connector(t.text(text)));
        while s < e && (edge(&toks[s], self.text) || !toks[s].is_cap_word()) {
            s += 1;
        }
        while e > s && edge(&toks[e - 1], self.text) {
            e -= 1;
        }
        if s >= e {
            return;
        }
        if let Some((title_start, title_end, demonym_start)) = self.find_title(toks, s, e) {
            self.plain_segment(toks, s, demonym_start);
            let title_from = self.extend_title_back(toks, demonym_start.min(title_start));
            let title = Span::new(toks[title_from].span.start, toks[title_end - 1].span.end).slice(self.text);
            self.name_after_title(toks, title_end, e, title.to_string());
            return;
        }
        self.plain_segment(toks, s, e);
    }

    /// A title inside `[s, e)` followed by a name: (title start, title end,
    /// start of the demonyms before the title).
    pub(super) fn find_title(&mut self, toks: &[Token], s: usize, e: usize) -> Option<(usize, usize, usize)> {
        let mut h = s;
        while h < e {
            let class = self.class(&toks[h]);
            if class.has(WordClass::TITLE_HEAD.or(WordClass::TITLE_MODIFIER)) {
                if let Some(end) = self.title_end(toks, h, e) {
                    if end < e && self.looks_like_name_start(toks, end) {
                        let mut d = h;
                        while d > s && self.class(&toks[d - 1]).has(WordClass::DEMONYM) {
                            d -= 1;
                        }
                        return Some((h, end, d));
                    }
                }
            }
            // A known name before the title (`Apple CEO Steve Jobs`) is skipped.
            h += self.gazetteer_match(toks, h).map_or(1, |(n, _)| n);
        }
        None
    }

    /// Where the title starting at `h` ends, if it has a head word.
    pub(super) fn title_end(&mut self, toks: &[Token], h: usize, e: usize) -> Option<usize> {
        // Titles are a few words long; the bound keeps a long run of title
        // words (a list of ministers) from being rescanned from every word.
        let e = e.min(h + MAX_TITLE_TOKENS);
        let mut k = h;
        let mut end = None;
        while k < e {
            let t = toks[k];
            let class = self.class(&t);
            if t.is_word() && t.text(self.text) == "of" && end == Some(k) {
                // `Secretary of State`, `Minister of Foreign Affairs`.
                let one = toks.get(k + 1).map(|t| self.class(t)).unwrap_or_default();
                let two = self.department_of_two(toks, k + 1);
                if two && k + 3 <= e {
                    k += 3;
                    end = Some(k);
                    continue;
                }
                if one.has(WordClass::DEPARTMENT) && k + 2 <= e {
                    k += 2;
                    end = Some(k);
                    continue;
                }
                break;
            }
            if class.has(WordClass::TITLE_HEAD) {
                k += 1;
                end = Some(k);
            } else if class.has(WordClass::TITLE_MODIFIER.or(WordClass::DEMONYM)) {
                k += 1;
                // `Chief Executive`: modifiers after a head extend the title.
                if end.is_some() {
                    end = Some(k);
                }
            } else {
                break;
            }
        }
        end
    }

    pub(super) fn department_of_two(&mut self, toks: &[Token], at: usize) -> bool {
        let (Some(a), Some(b)) = (toks.get(at), toks.get(at + 1)) else { return false };
        let phrase = format!("{} {}", a.text(self.text), b.text(self.text)).to_lowercase();
        self.gazetteer.word_class(&phrase, &mut self.scratch).has(WordClass::DEPARTMENT)
    }

    pub(super) fn looks_like_name_start(&mut self, toks: &[Token], at: usize) -> bool {
        let Some(t) = toks.get(at) else { return false };
        let class = self.class(t);
        if t.is_cap_word() && class.has(WordClass::GIVEN_NAME.or(WordClass::EAST_ASIAN_SURNAME)) {
            // `Envoy Park Min-jae`: a name word wins over `park` the place word.
            return true;
        }
        t.is_cap_word()
            && !class.has(
                WordClass::ORG_WORD
                    .or(WordClass::PLACE_WORD)
                    .or(WordClass::NOT_A_NAME)
                    .or(WordClass::TITLE_HEAD)
                    .or(WordClass::TITLE_MODIFIER),
            )
            && !(t.all_caps && t.span.len() > 1 && !t.text(self.text).ends_with('.'))
    }

    /// Lower-case title words and demonyms before a title that a lower-case
    /// word cut off its run (`South Korean prime Minister`).
    pub(super) fn extend_title_back(&mut self, toks: &[Token], from: usize) -> usize {
        let mut k = from;
        while k > 0 {
            let t = toks[k - 1];
            if !t.is_word() {
                break;
            }
            let class = self.class(&t);
            let compass = matches!(t.text(self.text), "North" | "South" | "East" | "West");
            let ok = class.has(WordClass::TITLE_HEAD.or(WordClass::TITLE_MODIFIER))
                || (t.capitalized && class.has(WordClass::DEMONYM))
                || (compass && k < from + 1 && k >= 1);
            if !ok || class.has(WordClass::NOT_A_NAME) {
                break;
            }
            k -= 1;
        }
        k
    }

    pub(super) fn name_after_title(&mut self, toks: &[Token], s: usize, e: usize, title: String) {
        // A title names the person right after it; further capitalised words
        // (`President Biden Administration`) are not part of a name.
        let whole = self.gazetteer_match(toks, s).filter(|(n, _)| s + n == e);
        // Three words at most, not counting the particles of a family name
        // (`Judge Pieter van der Berg`).
        let end = if whole.is_some() {
            e
        } else {
            let mut end = s;
            let mut names = 0;
            while end < e && names < 3 {
                let w = toks[end].text(self.text);
                if !(toks[end].is_word() && is_name_particle(w)) {
                    names += 1;
                }
                end += 1;
            }
            end
        };
        let mut f = self.new_found(toks, s, end, Some(EntityLabel::Person), Evidence::Strong);
        if let Some((_, form)) = whole {
            let entry = &self.gazetteer.entries()[form.entry()];
            if entry.label != EntityLabel::Person {
                // `Ambassador Washington`? The title wins only for people.
                f.label = Some(entry.label);
            }
            f.canonical = Some(Cow::Borrowed(entry.name.as_str()));
            f.form = Some(form);
        }
        f.title = Some(title);
        self.push(f, toks, s, end);
        if end < e {
            self.plain_segment(toks, end, e);
        }
    }

    pub(super) fn plain_segment(&mut self, toks: &[Token], s: usize, e: usize) {
        if s >= e {
            return;
        }
        let len = e - s;
        let last = self.class(&toks[e - 1]);
        if let Some((n, form)) = self.gazetteer_match(toks, s) {
            if n == len {
                self.emit_entry(toks, s, e, form);
                return;
            }
        }
        if last.has(WordClass::MISC_WORD) && len >= 2 {
            // `Paris Air Show`, `Beijing Olympic Games`: an event, a law or a
            // product, named after a place or firm that it is not.
            return;
        }
        if last.has(WordClass::DEMONYM) {
            // `South Korean`, `Latin American`: modifiers, not names.
            return;
        }
        let org_head_of = (s..e).any(|k| {
            toks.get(k + 1).is_some_and(|n| n.text(self.text) == "of") && self.class(&toks[k]).has(WordClass::ORG_WORD)
        });
        let first = self.class(&toks[s]);
        // `Real Madrid`, `Bank Leumi`; not `United States Han Ji-won`, where a
        // known name starts with the word.
        let org_first = first.has(WordClass::ORG_WORD)
            && !first.has(WordClass::TITLE_HEAD)
            && self.gazetteer_match(toks, s).is_none();
        if len >= 2 && (last.has(WordClass::ORG_WORD) || org_head_of || org_first) {
            let f = self.new_found(toks, s, e, Some(EntityLabel::Organization), Evidence::Strong);
            self.push(f, toks, s, e);
            return;
        }
        if len >= 2 && last.has(WordClass::PLACE_WORD) {
            let f = self.new_found(toks, s, e, Some(EntityLabel::Location), Evidence::Strong);
            self.push(f, toks, s, e);
            return;
        }
        if self.person_shape(toks, s, e) {
            let f = self.new_found(toks, s, e, Some(EntityLabel::Person), Evidence::Strong);
            self.push(f, toks, s, e);
            return;
        }
        // Known names inside, unknown stretches between them. Unknown words
        // right after a known organisation name its products or units
        // (`Apple Macintosh`, `Boeing Dreamliner`), which are not reported.
        let mut k = s;
        let mut unknown_start = s;
        let mut after_org = false;
        while k < e {
            match self.gazetteer_match(toks, k).filter(|(n, _)| k + n <= e) {
                Some((n, form)) => {
                    let entry = &self.gazetteer.entries()[form.entry()];
                    let entry_label = entry.label;
                    let surname = entry_label == EntityLabel::Person && n == 1;
                    let given_like = (unknown_start..k).all(|g| {
                        let c = self.class(&toks[g]);
                        toks[g].is_cap_word()
                            && !toks[g].all_caps
                            && (c.has(WordClass::GIVEN_NAME) || c == WordClass::default())
                    });
                    if surname && given_like && (1..=2).contains(&(k - unknown_start)) && !after_org {
                        // `Ivanka Trump`: unknown words before a known surname
                        // name another member of the family.
                        let f = self.new_found(toks, unknown_start, k + n, Some(EntityLabel::Person), Evidence::Strong);
                        self.push(f, toks, unknown_start, k + n);
                        k += n;
                        unknown_start = k;
                        after_org = false;
                        continue;
                    }
                    if !after_org || self.person_shape(toks, unknown_start, k) {
                        self.unknown(toks, unknown_start, k);
                    } else {
                        self.product_of_last_org(toks, unknown_start, k);
                    }
                    self.emit_entry(toks, k, k + n, form);
                    after_org = entry_label == EntityLabel::Organization;
                    k += n;
                    unknown_start = k;
                }
                None => k += 1,
            }
        }
        if !after_org || self.person_shape(toks, unknown_start, e) {
            self.unknown(toks, unknown_start, e);
        } else {
            self.product_of_last_org(toks, unknown_start, e);
        }
    }

    /// `Ford Taurus`, `Acme Roadster`: unknown capitalised words right after
    /// a firm's name make a product's name, and the firm's name in it is not
    /// a mention of the firm.
    fn product_of_last_org(&mut self, toks: &[Token], s: usize, e: usize) {
        let Some(first) = toks.get(s).filter(|_| s < e) else { return };
        let Some(org) = self.found.last_mut() else { return };
        let adjacent = org.span.end < first.span.start && self.text.get(org.span.end..first.span.start) == Some(" ");
        if adjacent && first.is_cap_word() && org.label == Some(EntityLabel::Organization) {
            org.part_of_other_name = true;
        }
    }

    /// `Kurt Campbell`, `George W. Bush`, `Cho Tae-yong`, `Kim Jong Un`.
    pub(super) fn person_shape(&mut self, toks: &[Token], s: usize, e: usize) -> bool {
        if toks[s..e].iter().any(|t| !t.is_cap_word()) {
            return self.person_shape_with_particles(toks, s, e);
        }
        let len = e - s;
        if !(2..=4).contains(&len) {
            return false;
        }
        let first = self.class(&toks[s]);
        // `Theresa May`: a month after a given name is a surname, unless a
        // day follows (`May 5`).
        let month_surname = |k: usize, text: &str| {
            len == 2
                && first.has(WordClass::GIVEN_NAME)
                && matches!(toks[k].text(text), "May" | "June" | "April" | "August" | "March")
                && !toks.get(k + 1).is_some_and(|n| n.text(text).starts_with(|c: char| c.is_ascii_digit()))
        };
        let rest_ok = (s + 1..e).all(|k| {
            let c = self.class(&toks[k]);
            let other_kind = c
                .has(WordClass::ORG_WORD.or(WordClass::PLACE_WORD).or(WordClass::DEMONYM).or(WordClass::NOT_A_NAME))
                && !month_surname(k, self.text);
            let acronym = toks[k].all_caps && toks[k].span.len() > 2 && !toks[k].text(self.text).ends_with('.');
            !other_kind && !acronym
        });
        if !rest_ok {
            return false;
        }
        if first.has(WordClass::GIVEN_NAME) {
            return true;
        }
        if first.has(WordClass::EAST_ASIAN_SURNAME) && len <= 3 {
            let surname = toks[s].text(self.text);
            let second = toks[s + 1].text(self.text);
            let hyphenated = len == 2 && second.contains('-');
            let short_syllables = len == 3 && toks[s + 1..e].iter().all(|t| t.text(self.text).chars().count() <= 5);
            let single = len == 2
                && second.chars().count() <= 9
                && !SURNAMES_THAT_ARE_WORDS.iter().any(|w| w.eq_ignore_ascii_case(surname))
                && self.gazetteer_match(toks, s + 1).is_none();
            return hyphenated || short_syllables || single;
        }
        false
    }

    /// `Jan van der Berg`, `Luis de Souza`, `Omar al-Rashid`, `Ahmed bin
    /// Salem`: a given name, then capitalised words with the small words of
    /// family names among them, ending in a capitalised word or an `al-`
    /// name.
    fn person_shape_with_particles(&mut self, toks: &[Token], s: usize, e: usize) -> bool {
        let (Some(first), Some(last)) = (toks.get(s), e.checked_sub(1).and_then(|l| toks.get(l))) else { return false };
        if e - s > 6 || !first.is_cap_word() {
            return false;
        }
        let text = self.text;
        // Romance particles name places and firms as often (`Banco de
        // Chile`), so they need a known given name; `van der`, `bin` and
        // `al-` do not.
        let personal = |t: &Token| {
            let w = t.text(text);
            matches!(w, "van" | "von" | "der" | "den" | "ter" | "bin" | "ibn") || is_particle_name(w)
        };
        let given = self.class(first).has(WordClass::GIVEN_NAME);
        if !given && !toks[s + 1..e].iter().any(personal) {
            return false;
        }
        let mut names = 1;
        for t in &toks[s + 1..e] {
            let w = t.text(text);
            if t.is_cap_word() {
                let c = self.class(t);
                if c.has(WordClass::ORG_WORD.or(WordClass::PLACE_WORD).or(WordClass::DEMONYM).or(WordClass::NOT_A_NAME))
                {
                    return false;
                }
                names += 1;
            } else if is_particle_name(w) {
                names += 1;
            } else if !(t.is_word() && is_name_particle(w)) {
                return false;
            }
        }
        let last_ok = last.is_cap_word() || is_particle_name(last.text(text));
        last_ok && (2..=4).contains(&names)
    }

    /// Capitalised words no rule recognised.
    pub(super) fn unknown(&mut self, toks: &[Token], mut s: usize, mut e: usize) {
        while s < e
            && self.class(&toks[s]).has(WordClass::TITLE_HEAD.or(WordClass::TITLE_MODIFIER).or(WordClass::DEMONYM))
        {
            s += 1;
        }
        while e > s && self.class(&toks[e - 1]).has(WordClass::DEMONYM) {
            e -= 1;
        }
        if s >= e || !toks[s].is_cap_word() || !toks[e - 1].is_cap_word() {
            return;
        }
        let acronym = |t: &Token, text: &str| {
            let w = t.text(text);
            t.all_caps
                && !t.shouted
                && !w.chars().any(|c| c.is_ascii_digit())
                && (2..=6).contains(&w.chars().filter(|c| c.is_alphabetic()).count())
        };
        if toks[s..e].iter().any(|t| acronym(t, self.text)) {
            let f = self.new_found(toks, s, e, Some(EntityLabel::Organization), Evidence::Strong);
            self.push(f, toks, s, e);
            return;
        }
        if self.person_shape(toks, s, e) {
            // `Apple Inc. Steve Jobs`: a name after a known organisation.
            let f = self.new_found(toks, s, e, Some(EntityLabel::Person), Evidence::Strong);
            self.push(f, toks, s, e);
            return;
        }
        let mut f = self.new_found(toks, s, e, None, Evidence::Guess);
        // Doubtful words still count when they turn out to be the surname of
        // someone named in full (`Park said`).
        f.link_only = !self.allow_guess || (e - s == 1 && !self.single_word_may_be_name(toks, s));
        self.push(f, toks, s, e);
    }

    /// Whether an unknown capitalised word standing alone can be a name: not
    /// a single letter (`Mac OS X`), an adjective compound (`Seoul-based`),
    /// a generic organisation or place word, or a model next to a number or
    /// a product (`787 Dreamliner`, `Nikkei 225`, `iPod Nano`).
    pub(super) fn single_word_may_be_name(&mut self, toks: &[Token], k: usize) -> bool {
        let w = toks[k].text(self.text);
        if w.chars().count() < 2 {
            return false;
        }
        if w.rsplit('-').next().is_some_and(|last| last.chars().next().is_some_and(char::is_lowercase)) {
            return false;
        }
        let class = self.class(&toks[k]);
        if class.has(WordClass::ORG_WORD.or(WordClass::PLACE_WORD).or(WordClass::MISC_WORD)) {
            return false;
        }
        let numberlike = |t: &Token, text: &str| {
            let w = t.text(text);
            t.is_word()
                && (w.bytes().any(|b| b.is_ascii_digit()) || (w.starts_with('i') && t.all_caps_after_first(text)))
        };
        let prev = k.checked_sub(1).and_then(|p| toks.get(p));
        !prev.is_some_and(|p| numberlike(p, self.text)) && !toks.get(k + 1).is_some_and(|n| numberlike(n, self.text))
    }

    /// `the state department`, `South Korea's foreign ministry`.
    pub(super) fn lowercase_department(&mut self, toks: &[Token], i: usize) {
        let head = toks[i].text(self.text);
        if !matches!(head, "ministry" | "department") || i < 2 {
            return;
        }
        let modifier = toks[i - 1];
        let m = modifier.text(self.text);
        if !modifier.is_word() || modifier.capitalized || !LOWERCASE_DEPARTMENTS.contains(&m) {
            return;
        }
        let det = toks[i - 2];
        let is_the = det.is_word() && det.text(self.text).eq_ignore_ascii_case("the");
        if !(is_the || det.kind == TokenKind::Possessive) {
            return;
        }
        let start = if is_the { det.span.start } else { modifier.span.start };
        let canonical = format!("{} {}", capitalize(m), capitalize(head));
        let mut f = Found::new(
            Span::new(start, toks[i].span.end),
            modifier.span,
            toks[i].span,
            2,
            Some(EntityLabel::Organization),
        );
        f.name_span = Span::new(modifier.span.start, toks[i].span.end);
        f.canonical = Some(Cow::Owned(canonical));
        self.found.push(f);
    }

    /// Reports a gazetteer name covering `toks[s..e]`.
    pub(super) fn emit_entry(&mut self, toks: &[Token], s: usize, e: usize, form: FormMatch) {
        let index = form.entry();
        if !self.gazetteer.is_reported(index) {
            return;
        }
        let entry = &self.gazetteer.entries()[index];
        let mut f = self.new_found(toks, s, e, Some(entry.label), Evidence::Strong);
        f.canonical = Some(Cow::Borrowed(entry.name.as_str()));
        f.form = Some(form);
        self.push(f, toks, s, e);
    }

    pub(super) fn new_found(
        &self,
        toks: &[Token],
        s: usize,
        e: usize,
        label: Option<EntityLabel>,
        evidence: Evidence,
    ) -> Found<'a> {
        let span = Span::new(toks[s].span.start, toks[e - 1].span.end);
        let word_count = toks[s..e].iter().filter(|t| t.is_word()).count();
        let mut f = Found::new(span, toks[s].span, toks[e - 1].span, word_count, label);
        f.evidence = evidence;
        f.before = s.checked_sub(1).and_then(|k| toks.get(k)).map_or(Span::default(), |t| t.span);
        f.after = toks.get(e).map_or(Span::default(), |t| t.span);
        f.after2 = toks.get(e + 1).map_or(Span::default(), |t| t.span);
        f
    }

    /// Records a mention, taking in a `the` that belongs to the name (`the
    /// United States`, `the Pentagon`) but not one that belongs to a larger
    /// phrase (`the US economy`, `the UK's`).
    pub(super) fn push(&mut self, mut f: Found<'a>, toks: &[Token], s: usize, e: usize) {
        // `US$ 40 billion`, `HK$`: a currency, not the place. `Airbus A380`,
        // `Boeing 787`: a product of the firm, not the firm.
        f.part_of_other_name = toks.get(e).is_some_and(|next| {
            let w = next.text(self.text);
            (next.span.start == f.span.end && w == "$")
                || (f.label == Some(EntityLabel::Organization)
                    && next.is_word()
                    && w.bytes().any(|b| b.is_ascii_digit())
                    && w.len() >= 3)
        });
        let takes_the = f.label != Some(EntityLabel::Person)
            && f.before.slice(self.text).eq_ignore_ascii_case("the")
            && s > 0
            && toks[s - 1].is_word()
            && match toks.get(e) {
                None => true,
                Some(next) => match next.kind {
                    TokenKind::Possessive => false,
                    // `the South Korea-U.S. alliance`: a hyphen joins the name
                    // to a larger modifier.
                    TokenKind::Punct => !(next.span.start == f.span.end && next.text(self.text) == "-"),
                    TokenKind::Word => next.capitalized || continues_clause(next.text(self.text)),
                },
            };
        if takes_the {
            f.the_start = Some(toks[s - 1].span.start);
        }
        self.found.push(f);
    }
}

impl WordClass {
    /// A class that makes a capitalised word worth keeping anywhere.
    pub(super) fn any_name_class(self) -> bool {
        self.has(
            WordClass::GIVEN_NAME
                .or(WordClass::EAST_ASIAN_SURNAME)
                .or(WordClass::TITLE_HEAD)
                .or(WordClass::TITLE_MODIFIER)
                .or(WordClass::ORG_WORD)
                .or(WordClass::PLACE_WORD)
                .or(WordClass::DEMONYM),
        )
    }
}

/// A letter of a script without upper and lower case.
pub(super) fn is_caseless_letter(c: char) -> bool {
    !c.is_ascii() && c.is_alphabetic() && !c.is_uppercase() && !c.is_lowercase()
}

pub(super) fn capitalize(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The longest title considered (`Deputy Assistant Secretary of State for
/// East Asian and Pacific Affairs` is about as long as they get).
pub(super) const MAX_TITLE_TOKENS: usize = 12;
