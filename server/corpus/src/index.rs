//! The cross-article index: every mention of every entity in the corpus.
