//! Finding a corpus's articles on disk, respecting `.gitignore`.
