//! `byline.toml`: which files count and how loud each rule is.
