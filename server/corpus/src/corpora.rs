//! Which corpus each path belongs to: every file is governed by the nearest
//! `byline.toml` above it (ruff's model), so `byline check` from a folder
//! above several corpora checks each with its own configuration and
//! registry, and never compares one corpus's annotations with another's.
//!
//! A folder with no `byline.toml` in it or above it is checked with the
//! defaults, unless it holds corpora further down: then it is a folder *of*
//! corpora, and its loose files (a repository's `README.md`, a crate's word
//! lists) belong to none and are not articles.

use crate::config::{Config, ConfigError, CONFIG_FILE};
use crate::discover::{dedup_linked, walk, walk_problem, WalkProblem};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// One corpus and the articles of it that the paths named.
#[derive(Debug)]
pub struct CorpusFiles {
    pub config: Config,
    pub articles: Vec<PathBuf>,
    /// Files of this corpus named or walked that are not articles but the
    /// corpus's own (registry files, `annotation.conf`), absolute.
    pub paths: Vec<PathBuf>,
    /// What the walk could not look into (unreadable folders, link loops):
    /// part of what was asked for that was not checked.
    pub problems: Vec<WalkProblem>,
}

/// What the walk found besides the corpora.
#[derive(Debug, Default)]
pub struct Corpora {
    pub corpora: Vec<CorpusFiles>,
    /// Folders checked with the defaults because no `byline.toml` governs
    /// them (said once on stderr).
    pub defaulted: Vec<PathBuf>,
    /// Files with an article's extension outside every corpus: under a
    /// folder of corpora, in no corpus of their own.
    pub outside: Vec<PathBuf>,
}

/// The corpora under `paths`. With `forced` (`--config FILE`), that one
/// configuration governs every path. A `byline.toml` that cannot be read
/// stops the run: its rules would be guessed otherwise.
pub fn corpora_under(paths: &[PathBuf], forced: Option<&Config>) -> Result<Corpora, ConfigError> {
    let mut state = Walk::default();
    if let Some(config) = forced {
        let index = state.add(config.clone());
        for path in paths {
            let walked = walk(config, std::slice::from_ref(path));
            state.corpora[index].articles.extend(walked.articles);
            state.corpora[index].problems.extend(walked.problems);
            state.corpora[index].paths.push(absolute(path));
        }
    } else {
        for path in paths {
            state.path(path)?;
        }
    }
    let Walk { mut corpora, defaulted, mut outside, .. } = state;
    outside.sort();
    // A file named twice (itself and its folder) is checked once.
    let mut seen = std::collections::HashSet::new();
    for corpus in &mut corpora {
        corpus.articles.sort();
        corpus.articles.dedup();
        dedup_linked(&mut corpus.articles);
        corpus.articles.retain(|f| seen.insert(absolute(f)));
    }
    corpora.retain(|c| !c.articles.is_empty() || !c.paths.is_empty());
    Ok(Corpora { corpora, defaulted, outside })
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

#[derive(Default)]
struct Walk {
    corpora: Vec<CorpusFiles>,
    /// A loaded `byline.toml` by its path, as an index into `corpora`.
    by_file: HashMap<PathBuf, usize>,
    /// The nearest `byline.toml` of each folder seen (`None`: none above).
    nearest: HashMap<PathBuf, Option<PathBuf>>,
    defaulted: Vec<PathBuf>,
    outside: Vec<PathBuf>,
}

impl Walk {
    fn add(&mut self, config: Config) -> usize {
        self.corpora.push(CorpusFiles { config, articles: Vec::new(), paths: Vec::new(), problems: Vec::new() });
        self.corpora.len() - 1
    }

    /// The nearest `byline.toml` at or above `folder` (absolute).
    fn nearest_config(&mut self, folder: &Path) -> Option<PathBuf> {
        if let Some(known) = self.nearest.get(folder) {
            return known.clone();
        }
        let candidate = folder.join(CONFIG_FILE);
        let found =
            if candidate.is_file() { Some(candidate) } else { folder.parent().and_then(|up| self.nearest_config(up)) };
        self.nearest.insert(folder.to_path_buf(), found.clone());
        found
    }

    fn corpus_of(&mut self, config_file: &Path) -> Result<usize, ConfigError> {
        if let Some(index) = self.by_file.get(config_file) {
            return Ok(*index);
        }
        let config = Config::load(config_file)?;
        let index = self.add(config);
        self.by_file.insert(config_file.to_path_buf(), index);
        Ok(index)
    }

    /// A corpus with the defaults, rooted at `root`, once per root.
    fn defaults_at(&mut self, root: &Path) -> usize {
        if let Some(index) = self.corpora.iter().position(|c| c.config.file.is_none() && c.config.root == root) {
            return index;
        }
        self.defaulted.push(root.to_path_buf());
        self.add(Config::default_for(root))
    }

    fn path(&mut self, path: &Path) -> Result<(), ConfigError> {
        let absolute_path = absolute(path);
        if !path.is_dir() {
            let folder = absolute_path.parent().unwrap_or(Path::new("/")).to_path_buf();
            let index = match self.nearest_config(&folder) {
                Some(file) => self.corpus_of(&file)?,
                // Inside a folder already checked with the defaults: that corpus.
                None => match self
                    .corpora
                    .iter()
                    .position(|c| c.config.file.is_none() && folder.starts_with(&c.config.root))
                {
                    Some(index) => index,
                    None => self.defaults_at(&folder),
                },
            };
            // A file named on the command line is checked as what it is;
            // an `.ann` stands for its article, the conf for its corpus.
            let corpus = &mut self.corpora[index];
            let walked = walk(&corpus.config, &[path.to_path_buf()]);
            corpus.articles.extend(walked.articles);
            corpus.problems.extend(walked.problems);
            corpus.paths.push(absolute_path);
            return Ok(());
        }
        let above = self.nearest_config(&absolute_path);
        let mut loose: Vec<PathBuf> = Vec::new();
        let mut found_corpus = above.is_some();
        // As discover::walk: links followed, loops and unreadable folders
        // reported (to the corpus above, or the defaults' for loose ones).
        let walker = ignore::WalkBuilder::new(path).require_git(false).follow_links(true).build();
        let mut problems = Vec::new();
        for entry in walker {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    problems.push(e);
                    continue;
                }
            };
            if !entry.file_type().is_some_and(|t| t.is_file()) {
                continue;
            }
            let file = entry.into_path();
            let absolute_file = absolute(&file);
            let folder = absolute_file.parent().unwrap_or(Path::new("/")).to_path_buf();
            match self.nearest_config(&folder) {
                Some(config_file) => {
                    found_corpus = true;
                    let index = self.corpus_of(&config_file)?;
                    let corpus = &mut self.corpora[index];
                    if corpus.config.is_article_path(&absolute_file) {
                        corpus.articles.push(file);
                    }
                }
                None => loose.push(file),
            }
        }
        // Walked folders count as named: the registry and conf under them
        // are among the paths checked.
        let index_paths: Vec<usize> =
            (0..self.corpora.len()).filter(|i| self.corpora[*i].config.root.starts_with(&absolute_path)).collect();
        for i in index_paths {
            self.corpora[i].paths.push(absolute_path.clone());
        }
        if let Some(file) = &above {
            let index = self.corpus_of(file)?;
            self.corpora[index].paths.push(absolute_path.clone());
        }
        let home = match above {
            Some(ref file) => Some(self.corpus_of(file)?),
            None if found_corpus => None,
            None => Some(self.defaults_at(&absolute_path)),
        };
        if let Some(index) = home {
            let config = self.corpora[index].config.clone();
            self.corpora[index].problems.extend(problems.iter().filter_map(|e| walk_problem(&config, e)));
        } else if let Some(first) = self.corpora.iter().position(|c| c.config.root.starts_with(&absolute_path)) {
            let config = self.corpora[first].config.clone();
            self.corpora[first].problems.extend(problems.iter().filter_map(|e| walk_problem(&config, e)));
        }
        if found_corpus {
            let defaults = Config::default_for(&absolute_path);
            self.outside.extend(loose.into_iter().filter(|f| defaults.is_article_path(&absolute(f))));
        } else {
            let index = self.defaults_at(&absolute_path);
            let corpus = &mut self.corpora[index];
            corpus.paths.push(absolute_path.clone());
            for file in loose {
                if corpus.config.is_article_path(&absolute(&file)) {
                    corpus.articles.push(file);
                }
            }
        }
        Ok(())
    }
}

impl CorpusFiles {
    /// Whether `file` (absolute) is among the paths checked: named, or under
    /// a folder that was walked. A registry's own problems are reported only
    /// then; checking one article does not list the registry's notes.
    pub fn covers(&self, file: &Path) -> bool {
        let file = absolute(file);
        self.paths.iter().any(|p| file.starts_with(p))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Tree(PathBuf);
    impl Tree {
        fn new(name: &str) -> Tree {
            let dir = std::env::temp_dir().join(format!("byline-corpora-{name}-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(&dir).unwrap();
            Tree(dir)
        }
        fn write(&self, name: &str, text: &str) {
            let path = self.0.join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        fn names(&self, files: &[PathBuf]) -> Vec<String> {
            files.iter().map(|f| f.strip_prefix(&self.0).unwrap().to_string_lossy().into_owned()).collect()
        }
    }
    impl Drop for Tree {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    #[test]
    fn each_file_uses_the_nearest_config_and_loose_files_are_no_articles() {
        let tree = Tree::new("nested");
        tree.write("README.md", "# A repository\n");
        tree.write("src/lists/words.txt", "alpha\n");
        tree.write("news/byline.toml", "[rules]\nboilerplate = \"error\"\n");
        tree.write("news/a.txt", "Text.\n");
        tree.write("news/wire/byline.toml", "[corpus]\ninclude = [\"**/*.txt\"]\n");
        tree.write("news/wire/b.txt", "Text.\n");
        tree.write("news/wire/notes.md", "Not an article here.\n");
        let found = corpora_under(std::slice::from_ref(&tree.0), None).unwrap();
        let mut by_root: Vec<(String, Vec<String>)> = found
            .corpora
            .iter()
            .map(|c| (tree.names(std::slice::from_ref(&c.config.root))[0].clone(), tree.names(&c.articles)))
            .collect();
        by_root.sort();
        assert_eq!(
            by_root,
            [
                ("news".to_string(), vec!["news/a.txt".to_string()]),
                ("news/wire".into(), vec!["news/wire/b.txt".into()])
            ]
        );
        assert_eq!(tree.names(&found.outside), ["README.md", "src/lists/words.txt"]);
        assert!(found.defaulted.is_empty());
    }

    #[test]
    fn a_folder_without_config_uses_the_defaults_once() {
        let tree = Tree::new("defaults");
        tree.write("a.txt", "Text.\n");
        tree.write("sub/b.md", "Text.\n");
        let found = corpora_under(&[tree.0.clone(), tree.0.join("sub/b.md")], None).unwrap();
        assert_eq!(found.defaulted, std::slice::from_ref(&tree.0));
        let articles: Vec<String> = found.corpora.iter().flat_map(|c| tree.names(&c.articles)).collect();
        assert_eq!(articles, ["a.txt", "sub/b.md"]);
    }

    #[test]
    fn a_path_below_a_corpus_root_uses_that_corpus() {
        let tree = Tree::new("below");
        tree.write("byline.toml", "[corpus]\nexclude = [\"drafts/**\"]\n");
        tree.write("entities.toml", "");
        tree.write("drafts/x.txt", "Text.\n");
        tree.write("desk/y.txt", "Text.\n");
        let found = corpora_under(&[tree.0.join("drafts"), tree.0.join("desk")], None).unwrap();
        assert_eq!(found.corpora.len(), 1);
        assert_eq!(tree.names(&found.corpora[0].articles), ["desk/y.txt"]);
        assert!(!found.corpora[0].covers(&tree.0.join("entities.toml")), "the registry was not among the paths");
        assert!(found.corpora[0].covers(&tree.0.join("desk/y.txt")));
        let whole = corpora_under(std::slice::from_ref(&tree.0), None).unwrap();
        assert!(whole.corpora[0].covers(&tree.0.join("entities.toml")));
    }

    #[test]
    fn a_broken_config_stops_the_walk_with_its_place() {
        let tree = Tree::new("broken");
        tree.write("c/byline.toml", "[rules]\nboilerplate = \"loud\"\n");
        tree.write("c/a.txt", "Text.\n");
        let err = corpora_under(std::slice::from_ref(&tree.0), None).unwrap_err();
        assert_eq!(err.line, 2);
    }
}
