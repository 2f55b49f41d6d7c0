//! Names Byline knows before reading an article: places, organisations and
//! people with their aliases, plus the word classes that the name rules use
//! (given names, East Asian family names, titles, organisation and place
//! words). Built in from the lists in `lists/`, and open to extra entries at
//! run time (a user's entity registry) through [`Gazetteer::extend`].

use super::fold::fold_name;
use super::tokens::{tokens_of, TokenKind};
use super::EntityLabel;
use crate::fxhash::FxHashMap;
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
}

impl GazetteerEntry {
    pub fn new(name: &str, label: EntityLabel) -> Self {
        GazetteerEntry { id: None, name: name.to_string(), aliases: Vec::new(), label }
    }
    pub fn with_id(mut self, id: &str) -> Self {
        self.id = Some(id.to_string());
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
/// the text to count.
#[derive(Debug, Clone)]
struct Form {
    /// Usually one entry. A form that several registry entries claim (`Kim`
    /// for Kim Jong Un and Kim Jong Il) names all of them, in registry
    /// order; the article's context decides between them.
    entries: Vec<usize>,
    /// The form's words as written in the list: a capitalised word needs a
    /// capitalised text word, and short all-capital forms (`US`, `AP`) must
    /// match exactly.
    tokens: Vec<String>,
}

/// Index of a [`Form`] in [`Gazetteer::form_table`].
pub type FormId = u32;

#[derive(Debug, Clone, Default)]
pub struct Gazetteer {
    entries: Vec<GazetteerEntry>,
    /// Per entry: false for names that are known only so that they are not
    /// taken for something else (`Dow Jones`, `Nobel Prize`).
    reported: Vec<bool>,
    /// Lower-cased, token-joined forms (`north korea`, `u.s.`) and every
    /// token prefix of one (`north`), so matching stops early; prefixes that
    /// are not forms themselves map to `None`.
    forms: FxHashMap<String, Option<FormId>>,
    form_table: Vec<Form>,
    /// Registry names and aliases by their folded spelling (see
    /// [`fold_name`]), for spellings the text varies (`Kim Jong-un`): the
    /// entry and the registry's spelling. Empty without a registry.
    folded: FxHashMap<String, Vec<(usize, String)>>,
    /// How many entries come from a registry (have an id).
    registered: usize,
    max_tokens: usize,
    words: FxHashMap<String, WordClass>,
    /// Quick answers to "surely not in `words`" and "surely starts no form",
    /// which is most capitalised words of a text (names nobody listed).
    word_filter: WordFilter,
    form_start_filter: WordFilter,
}

/// A name found in the text by the gazetteer.
#[derive(Debug, Clone, Copy)]
pub(super) struct GazetteerMatch {
    /// The form matched, for every entry it names.
    pub form: FormId,
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
        g.add_entry_list(include_str!("lists/places.txt"), EntityLabel::Location);
        g.add_entry_list(include_str!("lists/organisations.txt"), EntityLabel::Organization);
        g.add_entry_list(include_str!("lists/people.txt"), EntityLabel::Person);
        for line in data_lines(include_str!("lists/not_entities.txt")) {
            let mut names = line.split('|').map(str::trim).filter(|n| !n.is_empty());
            let Some(name) = names.next() else { continue };
            g.add(GazetteerEntry::new(name, EntityLabel::Organization).with_aliases(names));
            if let Some(last) = g.reported.last_mut() {
                *last = false;
            }
        }
        g.add_word_list(include_str!("lists/first_names.txt"), WordClass::GIVEN_NAME);
        g.add_word_list(include_str!("lists/east_asian_surnames.txt"), WordClass::EAST_ASIAN_SURNAME);
        g.add_word_list(include_str!("lists/org_words.txt"), WordClass::ORG_WORD);
        g.add_word_list(include_str!("lists/place_words.txt"), WordClass::PLACE_WORD);
        g.add_word_list(include_str!("lists/demonyms.txt"), WordClass::DEMONYM);
        g.add_word_list(include_str!("lists/not_names.txt"), WordClass::NOT_A_NAME);
        g.add_word_list(include_str!("lists/misc_words.txt"), WordClass::MISC_WORD);
        g.add_word_list(include_str!("lists/function_words.txt"), WordClass::FUNCTION_WORD);
        for line in data_lines(include_str!("lists/titles.txt")) {
            let (class, words) = match line.strip_prefix('+') {
                Some(rest) => (WordClass::TITLE_MODIFIER, rest),
                None => (WordClass::TITLE_HEAD, line),
            };
            for w in words.split_whitespace() {
                g.add_word(w, class);
            }
        }
        for line in data_lines(include_str!("lists/title_departments.txt")) {
            g.add_word(line, WordClass::DEPARTMENT);
        }
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
    }

    pub fn add(&mut self, entry: GazetteerEntry) {
        let index = self.entries.len();
        let names: Vec<String> = std::iter::once(entry.name.clone()).chain(entry.aliases.iter().cloned()).collect();
        let registered = entry.id.is_some();
        self.registered += usize::from(registered);
        self.entries.push(entry);
        self.reported.push(true);
        for name in names {
            let tokens: Vec<String> = tokens_of(&name).iter().map(|t| t.text(&name).to_string()).collect();
            if tokens.is_empty() {
                continue;
            }
            if registered {
                let folded = fold_name(&name);
                if !folded.is_empty() {
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
                self.forms.entry(key.clone()).or_insert(None);
            }
            self.max_tokens = self.max_tokens.max(tokens.len());
            let existing = self.forms.get(&key).copied().flatten();
            match existing.and_then(|id| self.form_table.get_mut(id as usize)) {
                Some(form) => {
                    let holds_registry = form.entries.iter().any(|&e| self.entries[e].id.is_some());
                    if form.entries.contains(&index) || (holds_registry && !registered) {
                        // A built-in name never displaces a registry entry.
                    } else if holds_registry {
                        // An alias several registry entries claim names them all.
                        form.entries.push(index);
                    } else {
                        // A registry entry (or a later list line) wins over
                        // the built-in entry with the same form.
                        *form = Form { entries: vec![index], tokens };
                    }
                }
                None => {
                    let id = self.form_table.len() as FormId;
                    self.form_table.push(Form { entries: vec![index], tokens });
                    self.forms.insert(key, Some(id));
                }
            }
        }
    }

    /// The entries a matched form names: one, or several for an alias that
    /// several registry entries share.
    pub fn form_entries(&self, form: FormId) -> &[usize] {
        self.form_table.get(form as usize).map_or(&[], |f| f.entries.as_slice())
    }

    /// The first entry a matched form names.
    pub(super) fn form_entry(&self, form: FormId) -> usize {
        self.form_entries(form).first().copied().unwrap_or(0)
    }

    /// Whether any entry comes from a user's registry (has an id).
    pub fn has_registry(&self) -> bool {
        self.registered > 0
    }

    /// Registry entries one of whose names or aliases folds like `name`
    /// (`Kim Jong-un`, `KIM JONG UN` and `Kim Jongun` like `Kim Jong Un`),
    /// each with the registry's spelling.
    pub fn entries_folding_like(&self, name: &str) -> &[(usize, String)] {
        if self.folded.is_empty() {
            return &[];
        }
        self.folded.get(&fold_name(name)).map_or(&[], Vec::as_slice)
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
        tokens: &[super::tokens::Token],
        scratch: &mut String,
    ) -> Option<GazetteerMatch> {
        scratch.clear();
        if self.form_start_filter.surely_absent(tokens.first()?.text(text)) {
            return None;
        }
        let mut best = None;
        for (n, token) in tokens.iter().take(self.max_tokens).enumerate() {
            if n > 0 {
                scratch.push(' ');
            }
            let word = token.text(text);
            if token.kind != TokenKind::Word && n == 0 {
                return None;
            }
            push_lowercase(word, scratch);
            let Some(known) = self.forms.get(scratch.as_str()) else { break };
            if let Some(id) = *known {
                if self.form_table.get(id as usize).is_some_and(|form| written_as(form, tokens, text)) {
                    best = Some(GazetteerMatch { form: id, tokens: n + 1 });
                }
            }
        }
        best
    }
}

/// The text's tokens carry the form's capitals: a capitalised form word needs
/// a capitalised text word, and a short all-capital form (`US`, `AP`) needs
/// exactly those letters, so `us` and `Ap` do not match.
fn written_as(form: &Form, tokens: &[super::tokens::Token], text: &str) -> bool {
    form.tokens.iter().zip(tokens).all(|(f, t)| {
        let w = t.text(text);
        let f_caps = f.chars().any(char::is_alphabetic) && !f.chars().any(char::is_lowercase);
        if f_caps && f.chars().filter(|c| c.is_alphabetic()).count() <= 4 {
            w == f
        } else if f.chars().next().is_some_and(char::is_uppercase) {
            t.capitalized
        } else {
            true
        }
    })
}

/// A bit per hash of a lower-cased ASCII word: a clear bit means the word
/// was never inserted. Words with other characters are never ruled out.
#[derive(Debug, Clone)]
struct WordFilter {
    bits: Vec<u64>,
}

impl Default for WordFilter {
    fn default() -> Self {
        WordFilter { bits: vec![0; 1 << 10] }
    }
}

impl WordFilter {
    fn slot(word: &str) -> Option<usize> {
        if !word.is_ascii() {
            return None;
        }
        let mut hash = 0xcbf2_9ce4_8422_2325_u64;
        for b in word.bytes() {
            hash = (hash ^ u64::from(b.to_ascii_lowercase())).wrapping_mul(0x0100_0000_01b3);
        }
        Some((hash >> 48) as usize)
    }

    fn insert(&mut self, word: &str) {
        // Non-ASCII words are never ruled out, so need no bit.
        if let Some(slot) = Self::slot(word) {
            if let Some(cell) = self.bits.get_mut(slot / 64) {
                *cell |= 1 << (slot % 64);
            }
        }
    }

    fn surely_absent(&self, word: &str) -> bool {
        match Self::slot(word) {
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

/// The lines of a list file that hold data: not blank, not `#` comments.
fn data_lines(list: &str) -> impl Iterator<Item = &str> {
    list.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#'))
}
