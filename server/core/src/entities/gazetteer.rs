//! Names Byline knows before reading an article: places, organisations and
//! people with their aliases, plus the word classes that the name rules use
//! (given names, East Asian family names, titles, organisation and place
//! words). Built in from the lists of the lexicon ([`crate::text::lexicon`]), and open to extra entries at
//! run time (a user's entity registry) through [`Gazetteer::extend`].

use super::short_names::ShortNames;
use super::EntityLabel;
use crate::text::fold::{fold_name, fold_name_into};
use crate::text::lexicon::{self, data_lines};
use crate::text::tokens::{tokens_of, TokenKind};
use rustc_hash::FxHashMap;
use std::sync::LazyLock;

/// One known entity: its canonical name, other names for it, and its kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GazetteerEntry {
    /// The registry id, for entries from a user's registry; built-in
    /// entries have none.
    pub id: Option<String>,
    pub name: String,
    pub aliases: Vec<String>,
    pub label: EntityLabel,
    /// The registry's `gender`, for a person, lower case.
    pub gender: Option<String>,
}

impl GazetteerEntry {
    pub fn new(name: &str, label: EntityLabel) -> Self {
        GazetteerEntry { id: None, name: name.to_string(), aliases: Vec::new(), label, gender: None }
    }
    pub fn with_id(mut self, id: &str) -> Self {
        self.id = Some(id.to_string());
        self
    }
    pub fn with_gender(mut self, gender: &str) -> Self {
        self.gender = Some(gender.to_string());
        self
    }
    pub fn with_aliases<S: AsRef<str>>(mut self, aliases: impl IntoIterator<Item = S>) -> Self {
        self.aliases.extend(aliases.into_iter().map(|a| a.as_ref().to_string()));
        self
    }
}

/// Word classes used by the name rules; a word may have several.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WordClass(u16);

impl WordClass {
    pub const GIVEN_NAME: WordClass = WordClass(1);
    pub const EAST_ASIAN_SURNAME: WordClass = WordClass(1 << 1);
    pub const TITLE_HEAD: WordClass = WordClass(1 << 2);
    pub const TITLE_MODIFIER: WordClass = WordClass(1 << 3);
    pub const ORG_WORD: WordClass = WordClass(1 << 4);
    pub const PLACE_WORD: WordClass = WordClass(1 << 5);
    pub const DEMONYM: WordClass = WordClass(1 << 6);
    pub const NOT_A_NAME: WordClass = WordClass(1 << 7);
    pub const DEPARTMENT: WordClass = WordClass(1 << 8);
    pub const MISC_WORD: WordClass = WordClass(1 << 9);
    pub const FUNCTION_WORD: WordClass = WordClass(1 << 10);

    pub fn has(self, other: WordClass) -> bool {
        self.0 & other.0 != 0
    }
    pub const fn or(self, other: WordClass) -> WordClass {
        WordClass(self.0 | other.0)
    }
    fn add(&mut self, other: WordClass) {
        self.0 |= other.0;
    }
}

/// A name form and the entries it names, with how it must be written in
/// the text to count. What matching reads is kept inline, so that a hit
/// costs one look at the form table and no string comparison.
#[derive(Debug, Clone)]
struct Form {
    /// The entry a match reports (the first of `entries`).
    first: usize,
    /// Usually just `first`. A form that several registry entries claim
    /// (`Kim` for Kim Jong Un and Kim Jong Il) names all of them, in
    /// registry order; the article's context decides between them.
    entries: Vec<usize>,
    /// The lower-cased, token-joined key.
    key: Box<str>,
    /// A second hash of the key (see [`key_check`]), to confirm a hit of the
    /// first without comparing strings.
    key_check: u64,
    /// Per token, two bits of [`Casing`]; tokens past the 32nd take any case.
    casings: u64,
    /// For a built-in form: whether it folds like a registry name (see
    /// [`Gazetteer::folds_like_registry`]).
    folds_like_registry: bool,
    /// Whether its entries come from a registry (a form never mixes
    /// registry and built-in entries).
    registered: bool,
}

/// How a text word must be written to match a form word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Casing {
    Any = 0,
    /// A capitalised form word needs a capitalised text word.
    Capitalized = 1,
    /// Short all-capital forms (`US`, `AP`): in capitals, so `us` and `Ap`
    /// do not match.
    AllCaps = 2,
}

impl Casing {
    fn of(form_word: &str) -> Casing {
        let all_caps = form_word.chars().any(char::is_alphabetic) && !form_word.chars().any(char::is_lowercase);
        if all_caps && form_word.chars().filter(|c| c.is_alphabetic()).count() <= 4 {
            Casing::AllCaps
        } else if form_word.chars().next().is_some_and(char::is_uppercase) {
            Casing::Capitalized
        } else {
            Casing::Any
        }
    }

    fn packed(words: &[&str]) -> u64 {
        words.iter().take(32).enumerate().fold(0, |bits, (i, w)| bits | (Casing::of(w) as u64) << (2 * i))
    }

    fn at(packed: u64, i: usize) -> u64 {
        if i < 32 {
            (packed >> (2 * i)) & 3
        } else {
            Casing::Any as u64
        }
    }
}

/// The second hash of a form key: a different function from [`KeyHash`],
/// so that a key matching both is the same key.
fn key_check(key: &str) -> u64 {
    use std::hash::Hasher;
    let mut hasher = rustc_hash::FxHasher::default();
    hasher.write(key.as_bytes());
    hasher.write_usize(key.len());
    hasher.finish()
}

/// Index of a [`Form`] in [`Gazetteer::form_table`].
pub type FormId = u32;

/// A key of [`Gazetteer::forms`] that only starts longer forms.
const PREFIX_ONLY: FormId = FormId::MAX;

/// What matching needs of a form, kept in the lookup table itself: a hit
/// reads nothing else (the form table is large, and each look into it a
/// cache miss).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FormMatch {
    form: FormId,
    /// The entry a match reports.
    first: u32,
    /// The low bits of the key's [`key_check`].
    check: u32,
    flags: u32,
    /// Per token, two bits of [`Casing`].
    casings: u64,
}

impl FormMatch {
    const REGISTERED: u32 = 1;
    const SHARED: u32 = 2;
    const FOLDS_LIKE_REGISTRY: u32 = 4;
    const PREFIX: FormMatch = FormMatch { form: PREFIX_ONLY, first: 0, check: 0, flags: 0, casings: 0 };

    pub fn form(self) -> FormId {
        self.form
    }
    /// The entry the form names (the first, when several share it).
    pub fn entry(self) -> usize {
        self.first as usize
    }
    /// The form names registry entries rather than a built-in one.
    pub fn is_registered(self) -> bool {
        self.flags & Self::REGISTERED != 0
    }
    /// Several registry entries share the form.
    pub fn is_shared(self) -> bool {
        self.flags & Self::SHARED != 0
    }
}

/// FNV-1a over a key's bytes, extendable as the key grows word by word.
#[derive(Debug, Clone, Copy)]
struct KeyHash(u64);

impl KeyHash {
    const EMPTY: KeyHash = KeyHash(0xcbf2_9ce4_8422_2325);

    fn push(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn of(key: &str) -> u64 {
        let mut hash = KeyHash::EMPTY;
        hash.push(key.as_bytes());
        hash.0
    }
}

#[derive(Debug, Clone, Default)]
pub struct Gazetteer {
    entries: Vec<GazetteerEntry>,
    /// Per entry: false for names that are known only so that they are not
    /// taken for something else (`Dow Jones`, `Nobel Prize`).
    reported: Vec<bool>,
    /// Lower-cased, token-joined forms (`north korea`, `u.s.`) and every
    /// token prefix of one (`north`), so matching stops early, by the
    /// [`KeyHash`] of the key: a growing key is hashed once, and a miss costs
    /// no string comparison. Prefixes that are not forms themselves map to
    /// [`PREFIX_ONLY`]; a form's own key is compared on a hit.
    forms: FxHashMap<u64, FormMatch>,
    form_table: Vec<Form>,
    /// Registry names and aliases by their folded spelling (see
    /// [`fold_name`]), for spellings the text varies (`Kim Jong-un`): the
    /// entry and the registry's spelling. Empty without a registry.
    folded: FxHashMap<String, Vec<(usize, String)>>,
    /// Rules out most folded spellings before the map is consulted.
    folded_filter: WordFilter,
    /// How many entries come from a registry (have an id).
    registered: usize,
    /// Whether every form's `folds_like_registry` is up to date (set by
    /// [`Gazetteer::extend`]; [`Gazetteer::add`] of a registry entry
    /// clears it, and then every name is folded).
    fold_flags_current: bool,
    max_tokens: usize,
    words: FxHashMap<String, WordClass>,
    /// Quick answers to "surely not in `words`" and "surely starts no form",
    /// which is most capitalised words of a text (names nobody listed).
    word_filter: WordFilter,
    form_start_filter: WordFilter,
    /// Registered people's single words and organisations' acronyms (see
    /// [`ShortNames`]), rebuilt by [`Gazetteer::extend`].
    short_names: ShortNames,
    /// Entries `0..minor_places` come from the generated list of the
    /// world's towns, which names many places a person's or a club's name
    /// contains (`Waldorf`, `Leeds United`): they count only standing alone.
    minor_places: usize,
}

/// A name found in the text by the gazetteer.
#[derive(Debug, Clone, Copy)]
pub(super) struct GazetteerMatch {
    /// The form matched, for every entry it names.
    pub form: FormMatch,
    /// How many tokens it covers.
    pub tokens: usize,
}

static BUILTIN: LazyLock<Gazetteer> = LazyLock::new(Gazetteer::build_builtin);

impl Gazetteer {
    /// The built-in lists, built once.
    pub fn builtin() -> &'static Gazetteer {
        &BUILTIN
    }

    fn build_builtin() -> Gazetteer {
        let mut g = Gazetteer::default();
        // The world's towns first: the curated lists after them win a
        // name they share.
        g.add_entry_list(lexicon::WORLD_PLACES, EntityLabel::Location);
        g.minor_places = g.entries.len();
        g.add_entry_list(lexicon::PLACES, EntityLabel::Location);
        g.add_entry_list(lexicon::ORGANISATIONS, EntityLabel::Organization);
        g.add_entry_list(lexicon::PEOPLE, EntityLabel::Person);
        for line in data_lines(lexicon::NOT_ENTITIES) {
            let mut names = line.split('|').map(str::trim).filter(|n| !n.is_empty());
            let Some(name) = names.next() else { continue };
            g.add(GazetteerEntry::new(name, EntityLabel::Organization).with_aliases(names));
            if let Some(last) = g.reported.last_mut() {
                *last = false;
            }
        }
        g.add_word_list(lexicon::GIVEN_NAMES, WordClass::GIVEN_NAME);
        g.add_word_list(lexicon::EAST_ASIAN_SURNAMES, WordClass::EAST_ASIAN_SURNAME);
        g.add_word_list(lexicon::ORG_WORDS, WordClass::ORG_WORD);
        g.add_word_list(lexicon::PLACE_WORDS, WordClass::PLACE_WORD);
        g.add_word_list(lexicon::DEMONYMS, WordClass::DEMONYM);
        g.add_word_list(lexicon::NOT_NAMES, WordClass::NOT_A_NAME);
        g.add_word_list(lexicon::MISC_WORDS, WordClass::MISC_WORD);
        g.add_word_list(lexicon::FUNCTION_WORDS, WordClass::FUNCTION_WORD);
        for w in lexicon::section_words(lexicon::TITLES, "head") {
            g.add_word(w, WordClass::TITLE_HEAD);
        }
        for w in lexicon::section_words(lexicon::TITLES, "modifier") {
            g.add_word(w, WordClass::TITLE_MODIFIER);
        }
        for name in lexicon::months().iter().chain(lexicon::weekdays()) {
            for spelling in name.spellings() {
                g.add_word(&spelling, WordClass::NOT_A_NAME);
            }
        }
        for line in data_lines(lexicon::TITLE_DEPARTMENTS) {
            g.add_word(line, WordClass::DEPARTMENT);
        }
        // Sized for the gazetteer of towns, so that most words still start
        // no name at one look.
        let mut filter = WordFilter::sized_for(g.form_table.len());
        for form in &g.form_table {
            filter.insert(form.key.split(' ').next().unwrap_or(""));
        }
        g.form_start_filter = filter;
        g
    }

    fn add_entry_list(&mut self, list: &str, label: EntityLabel) {
        for line in data_lines(list) {
            let mut names = line.split('|').map(str::trim).filter(|n| !n.is_empty());
            let Some(name) = names.next() else { continue };
            self.add(GazetteerEntry::new(name, label).with_aliases(names));
        }
    }

    fn add_word_list(&mut self, list: &str, class: WordClass) {
        for line in data_lines(list) {
            for w in line.split_whitespace() {
                self.add_word(w, class);
            }
        }
    }

    fn add_word(&mut self, word: &str, class: WordClass) {
        let key = word.to_lowercase();
        self.word_filter.insert(&key);
        self.words.entry(key).or_default().add(class);
    }

    /// Adds entries (a user's registry); they win over built-in entries with
    /// the same name form.
    pub fn extend(&mut self, entries: impl IntoIterator<Item = GazetteerEntry>) {
        for entry in entries {
            self.add(entry);
        }
        // A large registry fills the filter of words that start a name;
        // a larger one keeps it quick to rule a word out.
        let first_word = |form: &Form| form.key.split(' ').next().unwrap_or("").to_string();
        debug_assert!(self.form_table.iter().all(|f| f.entries.first() == Some(&f.first)));
        if WordFilter::sized_for(self.form_table.len()).hash_bits > self.form_start_filter.hash_bits {
            let mut filter = WordFilter::sized_for(self.form_table.len());
            for form in &self.form_table {
                filter.insert(&first_word(form));
            }
            self.form_start_filter = filter;
        }
        // Most built-in names (`Seoul`, `the World Bank`) fold like no
        // registry name: they need not be folded in every article.
        let mut folded = String::new();
        for (id, form) in self.form_table.iter_mut().enumerate() {
            if !form.registered {
                fold_name_into(&form.key, &mut folded);
                form.folds_like_registry = self.folded.contains_key(folded.as_str());
                self.forms.insert(KeyHash::of(&form.key), form.to_match(id as FormId));
            }
        }
        self.fold_flags_current = true;
        let mut scratch = String::new();
        let short_names = ShortNames::of_registry(
            &self.entries,
            |word| self.word_class(word, &mut scratch),
            |word| self.forms.get(&KeyHash::of(&word.to_lowercase())).is_some_and(|m| m.is_registered()),
        );
        self.short_names = short_names;
        if WordFilter::sized_for(self.folded.len()).hash_bits > self.folded_filter.hash_bits {
            let mut filter = WordFilter::sized_for(self.folded.len());
            for key in self.folded.keys() {
                filter.insert(key);
            }
            self.folded_filter = filter;
        }
    }

    pub fn add(&mut self, entry: GazetteerEntry) {
        let index = self.entries.len();
        let names: Vec<String> = std::iter::once(entry.name.clone()).chain(entry.aliases.iter().cloned()).collect();
        let registered = entry.id.is_some();
        self.registered += usize::from(registered);
        if registered {
            self.fold_flags_current = false;
        }
        self.entries.push(entry);
        self.reported.push(true);
        for name in names {
            let tokens: Vec<&str> = tokens_of(&name).iter().map(|t| t.text(&name)).collect();
            if tokens.is_empty() {
                continue;
            }
            if registered {
                let folded = fold_name(&name);
                if !folded.is_empty() {
                    self.folded_filter.insert(&folded);
                    let spellings = self.folded.entry(folded).or_default();
                    if !spellings.iter().any(|(e, _)| *e == index) {
                        spellings.push((index, name.clone()));
                    }
                }
            }
            let mut key = String::new();
            for (i, t) in tokens.iter().enumerate() {
                if i > 0 {
                    key.push(' ');
                }
                key.push_str(&t.to_lowercase());
                if i == 0 {
                    self.form_start_filter.insert(&key);
                }
                self.forms.entry(KeyHash::of(&key)).or_insert(FormMatch::PREFIX);
            }
            self.max_tokens = self.max_tokens.max(tokens.len());
            let hash = KeyHash::of(&key);
            let existing = self.forms.get(&hash).map(|m| m.form).filter(|&id| id != PREFIX_ONLY);
            match existing.and_then(|id| Some((id, self.form_table.get_mut(id as usize)?))) {
                Some((id, form)) => {
                    let holds_registry = form.registered;
                    if form.entries.contains(&index) || (holds_registry && !registered) {
                        // A built-in name never displaces a registry entry.
                    } else if holds_registry {
                        // An alias several registry entries claim names them all.
                        form.entries.push(index);
                    } else {
                        // A registry entry (or a later list line) wins over
                        // the built-in entry with the same form.
                        *form = Form::new(index, registered, key, &tokens);
                    }
                    self.forms.insert(hash, form.to_match(id));
                }
                None => {
                    let id = self.form_table.len() as FormId;
                    let form = Form::new(index, registered, key, &tokens);
                    self.forms.insert(hash, form.to_match(id));
                    self.form_table.push(form);
                }
            }
        }
    }

    /// The entries a matched form names: one, or several for an alias that
    /// several registry entries share.
    pub fn form_entries(&self, form: FormId) -> &[usize] {
        self.form_table.get(form as usize).map_or(&[], |f| f.entries.as_slice())
    }

    /// Whether any entry comes from a user's registry (has an id).
    pub fn has_registry(&self) -> bool {
        self.registered > 0
    }

    /// Registry entries one of whose names or aliases folds like `name`
    /// (`Kim Jong-un`, `KIM JONG UN` and `Kim Jongun` like `Kim Jong Un`),
    /// each with the registry's spelling.
    pub fn entries_folding_like(&self, name: &str) -> &[(usize, String)] {
        self.entries_folding_like_with(name, &mut String::new())
    }

    /// [`Gazetteer::entries_folding_like`] folding into `scratch`.
    pub(super) fn entries_folding_like_with(&self, name: &str, scratch: &mut String) -> &[(usize, String)] {
        if self.folded.is_empty() {
            return &[];
        }
        fold_name_into(name, scratch);
        if self.folded_filter.surely_absent(scratch) {
            return &[];
        }
        self.folded.get(scratch.as_str()).map_or(&[], Vec::as_slice)
    }

    /// Whether a name that matched `form` may be a registry name spelled
    /// differently; false only when the gazetteer knows it is not.
    pub(super) fn folds_like_registry(&self, form: FormMatch) -> bool {
        !self.fold_flags_current || form.flags & FormMatch::FOLDS_LIKE_REGISTRY != 0
    }

    /// The one registry entry that `word` (a registered person's surname or
    /// other word, an organisation's acronym) is a short name of.
    pub(super) fn short_name_entry(&self, word: &str) -> Option<usize> {
        if self.short_names.is_empty() {
            return None;
        }
        self.short_names.entry(word)
    }

    /// Whether `form` names a town of the generated world list (and no
    /// curated entry): such a name counts only when no other capitalised
    /// word stands next to it.
    pub(super) fn is_minor_place(&self, form: FormMatch) -> bool {
        form.entry() < self.minor_places
    }

    pub fn entries(&self) -> &[GazetteerEntry] {
        &self.entries
    }

    /// Whether mentions of entry `index` are reported as entities.
    pub fn is_reported(&self, index: usize) -> bool {
        self.reported.get(index).copied().unwrap_or(false)
    }

    /// The classes of a single word, case-insensitively.
    pub fn word_class(&self, word: &str, scratch: &mut String) -> WordClass {
        let stems = [Some(word), word.strip_suffix('.'), word.strip_suffix(['s', 'S'])];
        if stems.iter().flatten().all(|w| self.word_filter.surely_absent(w)) {
            return WordClass::default();
        }
        if !word.bytes().any(|b| b.is_ascii_uppercase() || b >= 0x80) {
            // Already lower case: no copy needed.
            if let Some(class) = self.words.get(word) {
                return *class;
            }
        }
        lowercase_into(word, scratch);
        if let Some(class) = self.words.get(scratch.as_str()) {
            return *class;
        }
        // `No.`, `Gov.`: the abbreviation's period is not part of the word.
        if let Some(stem) = scratch.strip_suffix('.').filter(|s| !s.is_empty()) {
            return self.words.get(stem).copied().unwrap_or_default();
        }
        // `Singaporeans`: the plural of a demonym is one.
        match scratch.strip_suffix('s').and_then(|stem| self.words.get(stem)) {
            Some(class) if class.has(WordClass::DEMONYM) => WordClass::DEMONYM,
            _ => WordClass::default(),
        }
    }

    /// The longest known name starting at `tokens[0]`, written with the
    /// capitals the name needs.
    pub(super) fn longest_match(
        &self,
        text: &str,
        tokens: &[crate::text::Token],
        scratch: &mut String,
    ) -> Option<GazetteerMatch> {
        scratch.clear();
        if self.form_start_filter.surely_absent(tokens.first()?.text(text)) {
            return None;
        }
        let mut best = None;
        let mut hash = KeyHash::EMPTY;
        for (n, token) in tokens.iter().take(self.max_tokens).enumerate() {
            let key_start = scratch.len();
            if n > 0 {
                scratch.push(' ');
            }
            let word = token.text(text);
            if token.kind != TokenKind::Word && n == 0 {
                return None;
            }
            push_lowercase(word, scratch);
            hash.push(scratch.as_bytes().get(key_start..).unwrap_or_default());
            let Some(&form) = self.forms.get(&hash.0) else { break };
            if form.form == PREFIX_ONLY {
                continue;
            }
            let words = tokens.get(..=n).unwrap_or_default();
            if form.check == key_check(scratch) as u32 && written_as(form.casings, words) {
                best = Some(GazetteerMatch { form, tokens: n + 1 });
            }
        }
        best
    }
}

/// The text's words (those the form covers) carry the form's capitals: a
/// capitalised form word needs a capitalised text word, and a short
/// all-capital form (`US`, `AP`) needs capitals, so `us` and `Ap` do not
/// match.
fn written_as(casings: u64, words: &[crate::text::Token]) -> bool {
    // The key matched, so each text word is the form word up to case: an
    // all-capital form word needs a text word without lower-case letters.
    words.iter().enumerate().all(|(i, t)| match Casing::at(casings, i) {
        c if c == Casing::AllCaps as u64 => t.all_caps,
        c if c == Casing::Capitalized as u64 => t.capitalized,
        _ => true,
    })
}

impl Form {
    fn to_match(&self, id: FormId) -> FormMatch {
        let flags = if self.registered { FormMatch::REGISTERED } else { 0 }
            | if self.entries.len() > 1 { FormMatch::SHARED } else { 0 }
            | if self.folds_like_registry { FormMatch::FOLDS_LIKE_REGISTRY } else { 0 };
        FormMatch { form: id, first: self.first as u32, check: self.key_check as u32, flags, casings: self.casings }
    }

    fn new(entry: usize, registered: bool, key: String, words: &[&str]) -> Form {
        let key_check = key_check(&key);
        let casings = Casing::packed(words);
        Form {
            first: entry,
            entries: vec![entry],
            key: key.into_boxed_str(),
            key_check,
            casings,
            folds_like_registry: true,
            registered,
        }
    }
}

/// A bit per hash of a lower-cased ASCII word: a clear bit means the word
/// was never inserted. Words with other characters are never ruled out.
#[derive(Debug, Clone)]
struct WordFilter {
    bits: Vec<u64>,
    /// How many bits of a word's hash pick its bit: 16 for the built-in
    /// lists, more for a large registry, so that most words stay ruled out.
    hash_bits: u32,
}

impl Default for WordFilter {
    fn default() -> Self {
        WordFilter::with_hash_bits(16)
    }
}

impl WordFilter {
    fn with_hash_bits(hash_bits: u32) -> Self {
        let hash_bits = hash_bits.clamp(6, 24);
        WordFilter { bits: vec![0; 1 << (hash_bits - 6)], hash_bits }
    }

    /// A filter that keeps about one bit in sixteen set for `words` words.
    fn sized_for(words: usize) -> Self {
        let wanted = (words.max(1) * 16).next_power_of_two().trailing_zeros();
        WordFilter::with_hash_bits(wanted.max(16))
    }

    fn slot(&self, word: &str) -> Option<usize> {
        if !word.is_ascii() {
            return None;
        }
        let mut hash = 0xcbf2_9ce4_8422_2325_u64;
        for b in word.bytes() {
            hash = (hash ^ u64::from(b.to_ascii_lowercase())).wrapping_mul(0x0100_0000_01b3);
        }
        Some((hash >> (64 - self.hash_bits)) as usize)
    }

    fn insert(&mut self, word: &str) {
        // Non-ASCII words are never ruled out, so need no bit.
        if let Some(slot) = self.slot(word) {
            if let Some(cell) = self.bits.get_mut(slot / 64) {
                *cell |= 1 << (slot % 64);
            }
        }
    }

    fn surely_absent(&self, word: &str) -> bool {
        match self.slot(word) {
            Some(slot) => self.bits.get(slot / 64).is_some_and(|cell| cell & (1 << (slot % 64)) == 0),
            None => false,
        }
    }
}

fn lowercase_into(word: &str, out: &mut String) {
    out.clear();
    push_lowercase(word, out);
}

fn push_lowercase(word: &str, out: &mut String) {
    if word.is_ascii() {
        let start = out.len();
        out.push_str(word);
        if let Some(tail) = out.get_mut(start..) {
            tail.make_ascii_lowercase();
        }
    } else {
        for c in word.chars() {
            out.extend(c.to_lowercase());
        }
    }
}
