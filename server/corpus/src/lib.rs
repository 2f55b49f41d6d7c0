//! Byline's corpus layer: which files make up a corpus and how they are
//! configured (`byline.toml`), its entity registry, its human annotations
//! (brat `.ann` files), and the index that links mentions across articles.
//! It reads the file system; the analysis core never does.

pub mod agreement;
pub mod annotations;
pub mod check;
pub mod config;
pub mod corpora;
pub mod discover;
pub mod index;
pub mod registry;
pub mod session;
pub mod synthetic;
pub mod write;
