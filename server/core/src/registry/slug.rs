//! Ids derived from names, for entries written without an `id` and for new
//! entries: lower case, words joined by hyphens (`Kim Hwang-sik` gives
//! `kim-hwang-sik`), Latin accents dropped so the id is easy to type
//! (`Sébastien Lecornu` gives `sebastien-lecornu`). Letters of other scripts
//! are kept (`조태용`): an id is only a key, and dropping them would leave
//! nothing.

/// The id a name gets; empty when the name has no letter or digit.
pub fn slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut pending_hyphen = false;
    for c in name.chars() {
        let folded = crate::text::fold::latin_letter(c);
        let mut pushed = false;
        let pieces: &mut dyn Iterator<Item = char> = match folded {
            Some(ascii) => &mut ascii.chars(),
            None => &mut std::iter::once(c),
        };
        for piece in pieces {
            if piece.is_alphanumeric() {
                if pending_hyphen && !out.is_empty() {
                    out.push('-');
                }
                pending_hyphen = false;
                out.extend(piece.to_lowercase());
                pushed = true;
            }
        }
        // An apostrophe or period inside a word joins it (`O'Brien`, `Ph.D`),
        // anything else separates words.
        if !pushed && !matches!(c, '\'' | '’' | '.') {
            pending_hyphen = true;
        }
    }
    out
}
