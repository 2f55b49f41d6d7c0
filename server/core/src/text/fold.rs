//! The one name folding of the text layer.
//!
//! Folding a name to the letters that identify it, so that spellings a
//! registry and a text vary (`Kim Jong-un`, `KIM JONG UN`, `Kim Jongun`,
//! `Zelenskyy`, `Roh Moo-hyun`/`Noh Moo-hyun`) compare equal.
//!
//! Folding drops case, simple diacritics (`é` -> `e`, `ŏ` -> `o`), hyphens,
//! spaces, dots and apostrophes, and maps a few whole words that English
//! news romanises in more than one way to one spelling. It is deliberately
//! coarse: it only ever links a name to a registry entry that a person wrote,
//! and the link is reported as a variant for that person to confirm.

/// The folded form of `name`: lower-case ASCII letters and digits for Latin
/// script, other scripts kept as they are (lower-cased).
pub fn fold_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    fold_name_into(name, &mut out);
    out
}

/// [`fold_name`] into `out`, replacing its contents.
pub fn fold_name_into(name: &str, out: &mut String) {
    out.clear();
    // Each word is folded in place at the end of `out`, then swapped for its
    // usual romanisation if it has one.
    let mut word_start = 0;
    for c in name.chars() {
        if c.is_whitespace() || matches!(c, '-' | '‐' | '‑' | '–' | '.' | '\'' | '’' | '‘' | '`') {
            end_word(out, word_start);
            word_start = out.len();
            continue;
        }
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() {
                out.push(c.to_ascii_lowercase());
            }
            continue;
        }
        for lower in c.to_lowercase() {
            match ascii_of(lower) {
                Some(plain) => out.push_str(plain),
                None if lower.is_alphanumeric() => out.push(lower),
                // Other punctuation (`&`, commas) says nothing about the name.
                None => {}
            }
        }
    }
    end_word(out, word_start);
}

fn end_word(out: &mut String, word_start: usize) {
    let Some(word) = out.get(word_start..) else { return };
    if let Some(usual) = romanisation_of(word) {
        out.truncate(word_start);
        out.push_str(usual);
    }
}

/// One spelling for names English news romanises several ways. Only whole
/// words whose variants cannot be another common name are listed.
fn romanisation_of(word: &str) -> Option<&'static str> {
    Some(match word {
        "gaddafi" | "qaddafi" | "qadhafi" | "kadhafi" | "gadhafi" | "kaddafi" | "qadafi" => "gaddafi",
        "muhammad" | "mohammed" | "mohamed" | "mohammad" | "muhammed" | "mohamad" => "muhammad",
        "zelensky" | "zelenskyy" | "zelenskiy" | "zelenski" => "zelensky",
        "yevgeny" | "evgeny" | "yevgeni" | "evgeni" | "yevgeniy" => "yevgeny",
        "sergei" | "sergey" | "sergej" => "sergei",
        "dmitry" | "dmitri" | "dmitriy" => "dmitry",
        "yuri" | "yury" | "yuriy" => "yuri",
        "aleksandr" | "alexandr" | "aleksander" => "alexander",
        "navalny" | "navalnyy" => "navalny",
        // Korean family names in the South's and the North's usage.
        "choe" | "choi" => "choi",
        "pak" | "park" | "bak" => "park",
        "ri" | "rhee" | "lee" => "lee",
        "roh" | "noh" => "roh",
        "jung" | "chung" => "chung",
        _ => return None,
    })
}

/// The ASCII spelling of a lower-case letter with a simple diacritic.
fn ascii_of(c: char) -> Option<&'static str> {
    if c.is_ascii() {
        return None;
    }
    latin_letter(c)
}

/// The unaccented lower-case ASCII spelling of a Latin letter with a
/// diacritic, or of a ligature (`É` and `é` -> `e`, `Æ` -> `ae`, `ß` -> `ss`):
/// the one table that name folding, the corpus index's keys
/// ([`normalize_name`]) and registry ids ([`crate::registry::slug`]) share.
pub fn latin_letter(c: char) -> Option<&'static str> {
    Some(match c {
        'À'..='Å' | 'à'..='å' | 'Ā' | 'ā' | 'Ă' | 'ă' | 'Ą' | 'ą' => "a",
        'Æ' | 'æ' => "ae",
        'Ç' | 'ç' | 'Ć' | 'ć' | 'Ĉ' | 'ĉ' | 'Ċ' | 'ċ' | 'Č' | 'č' => "c",
        'Ď' | 'ď' | 'Đ' | 'đ' | 'Ð' | 'ð' => "d",
        'È'..='Ë' | 'è'..='ë' | 'Ē' | 'ē' | 'Ĕ' | 'ĕ' | 'Ė' | 'ė' | 'Ę' | 'ę' | 'Ě' | 'ě' => "e",
        'Ĝ' | 'ĝ' | 'Ğ' | 'ğ' | 'Ġ' | 'ġ' | 'Ģ' | 'ģ' => "g",
        'Ĥ' | 'ĥ' | 'Ħ' | 'ħ' => "h",
        'Ì'..='Ï' | 'ì'..='ï' | 'Ĩ' | 'ĩ' | 'Ī' | 'ī' | 'Ĭ' | 'ĭ' | 'Į' | 'į' | 'İ' | 'ı' => "i",
        'Ĵ' | 'ĵ' => "j",
        'Ķ' | 'ķ' => "k",
        'Ĺ' | 'ĺ' | 'Ļ' | 'ļ' | 'Ľ' | 'ľ' | 'Ŀ' | 'ŀ' | 'Ł' | 'ł' => "l",
        'Ñ' | 'ñ' | 'Ń' | 'ń' | 'Ņ' | 'ņ' | 'Ň' | 'ň' => "n",
        'Ò'..='Ö' | 'Ø' | 'ò'..='ö' | 'ø' | 'Ō' | 'ō' | 'Ŏ' | 'ŏ' | 'Ő' | 'ő' => "o",
        'Œ' | 'œ' => "oe",
        'Ŕ' | 'ŕ' | 'Ŗ' | 'ŗ' | 'Ř' | 'ř' => "r",
        'Ś' | 'ś' | 'Ŝ' | 'ŝ' | 'Ş' | 'ş' | 'Š' | 'š' | 'Ș' | 'ș' => "s",
        'ß' => "ss",
        'Ţ' | 'ţ' | 'Ť' | 'ť' | 'Ŧ' | 'ŧ' | 'Ț' | 'ț' => "t",
        'Ù'..='Ü' | 'ù'..='ü' | 'Ũ' | 'ũ' | 'Ū' | 'ū' | 'Ŭ' | 'ŭ' | 'Ů' | 'ů' | 'Ű' | 'ű' | 'Ų' | 'ų' => {
            "u"
        }
        'Ŵ' | 'ŵ' => "w",
        'Ý' | 'ý' | 'ÿ' | 'Ŷ' | 'ŷ' | 'Ÿ' => "y",
        'Ź' | 'ź' | 'Ż' | 'ż' | 'Ž' | 'ž' => "z",
        'Þ' | 'þ' => "th",
        _ => return None,
    })
}

/// The key the corpus index links entity names by: lower case, Latin accents
/// folded, dots dropped, curly apostrophes straightened, dashes made hyphens,
/// white space collapsed. `U.S.`, `US` and `u.s.` meet; so do `José Martí`
/// and `Jose Marti`. Finer than [`fold_name`]: `Kim Jong-un` and `Kim Jong
/// Un` stay apart, since the index shows names as the articles write them.
pub fn normalize_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut pending_space = false;
    for c in name.chars() {
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if c == '.' {
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        match c {
            '\u{2019}' | '\u{2018}' | '`' => out.push('\''),
            '\u{2010}'..='\u{2014}' => out.push('-'),
            _ => match latin_letter(c) {
                Some(folded) => out.push_str(folded),
                None => out.extend(c.to_lowercase()),
            },
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{fold_name, normalize_name};

    #[test]
    fn normalize_folds_dots_accents_and_spaces() {
        assert_eq!(normalize_name("  U.S.  State\u{a0}Department "), "us state department");
        assert_eq!(normalize_name("Łukasz Żółć"), "lukasz zolc");
        assert_eq!(normalize_name("O’Neill"), "o'neill");
        assert_eq!(normalize_name("조태용"), "조태용");
    }

    #[test]
    fn hyphens_spaces_case_and_dots_fold_away() {
        let registry = fold_name("Kim Jong Un");
        for text in ["Kim Jong-un", "KIM JONG UN", "Kim Jongun", "kim jong un", "Kim Jong‐Un"] {
            assert_eq!(fold_name(text), registry, "{text}");
        }
        assert_eq!(fold_name("U.S. State Department"), fold_name("US State Department"));
        assert_ne!(fold_name("Kim Jong Il"), registry);
    }

    #[test]
    fn diacritics_fold_to_plain_letters() {
        assert_eq!(fold_name("Renée Dubois"), fold_name("Renee Dubois"));
        assert_eq!(fold_name("Kim Chŏng-ŭn"), "kimchongun");
        assert_eq!(fold_name("Łukasz Wróbel"), "lukaszwrobel");
    }

    #[test]
    fn romanisations_of_one_name_fold_alike() {
        assert_eq!(fold_name("Moammar Gadhafi"), fold_name("Moammar Qaddafi"));
        assert_eq!(fold_name("Volodymyr Zelenskyy"), fold_name("Volodymyr Zelensky"));
        assert_eq!(fold_name("Noh Moo-hyun"), fold_name("Roh Moo-hyun"));
        assert_ne!(fold_name("Park Jin"), fold_name("Parker Jin"));
    }

    #[test]
    fn other_scripts_are_kept() {
        assert_eq!(fold_name("조태용"), "조태용");
        assert_eq!(fold_name(" - . "), "");
    }
}
