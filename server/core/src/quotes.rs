//! Quotations: straight, curly and doubled-apostrophe marks, nested single
//! quotes, and quotations that run over several paragraphs.

use crate::article::Article;
use crate::span::Span;
use crate::speakers::Attribution;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum QuoteStyle {
    /// `"…"`
    Straight,
    /// `“…”`
    Curly,
    /// `''…''`, as some wire copy types them.
    DoubledApostrophe,
    /// `‘…’` or `'…'` at the top level (not nested in a double quote).
    Single,
    /// `«…»`
    Guillemet,
}

#[derive(Debug, Clone, Serialize)]
pub struct Quote {
    /// The quotation including its marks. For a multi-paragraph quotation this
    /// runs from the first opening mark to the last closing mark.
    pub span: Span,
    /// The quoted words without the marks.
    pub content: Span,
    pub style: QuoteStyle,
    /// False when the closing mark was never found; the span then ends at the
    /// end of the paragraph it opened in.
    pub closed: bool,
    /// How many paragraphs the quotation runs over (1 for most).
    pub paragraphs: u32,
    /// Filled in by [`crate::speakers::attribute`].
    pub speaker: Option<Attribution>,
}

/// A mark that opened and never closed: the checker reports it.
#[derive(Debug, Clone, Serialize)]
pub struct UnbalancedMark {
    pub span: Span,
    pub style: QuoteStyle,
}

#[derive(Debug, Clone, Default)]
pub struct QuoteScan {
    pub quotes: Vec<Quote>,
    pub unbalanced: Vec<UnbalancedMark>,
}

/// Finds the quotations in the article's non-debris paragraphs, in text order.
pub fn detect(article: &Article) -> QuoteScan {
    let _ = article;
    QuoteScan::default()
}
