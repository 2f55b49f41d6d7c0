//! How `byline` talks to people: colour (`--color`, `NO_COLOR`,
//! `CLICOLOR_FORCE`), how much it says (`-q`, `-v`) and one way to say an
//! error, a warning and a note on stderr. Output meant for tools (JSON,
//! SARIF, JSONL) never carries colour.

use std::io::IsTerminal;
use std::sync::OnceLock;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// Colour on a terminal, unless `NO_COLOR` is set (`CLICOLOR_FORCE`
    /// forces it through pipes, for `less -R`).
    #[default]
    Auto,
    Always,
    Never,
}

/// The run's output settings, set once from the command line.
#[derive(Clone, Copy, Debug, Default)]
pub struct Ui {
    /// Colour on stdout and on stderr.
    pub colour_out: bool,
    pub colour_err: bool,
    /// `-q`: no summary, no progress, no notes; problems and errors only.
    pub quiet: bool,
    /// `-v`: hints too, and notes on what was skipped and why.
    pub verbose: bool,
}

static UI: OnceLock<Ui> = OnceLock::new();

/// Whether to colour a stream, by the choice and the environment
/// (<https://no-color.org>, <https://bixense.com/clicolors/>).
pub fn wants_colour(choice: ColorChoice, is_terminal: bool, env: impl Fn(&str) -> Option<String>) -> bool {
    let set = |name: &str| env(name).is_some_and(|v| !v.is_empty());
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto if set("NO_COLOR") => false,
        ColorChoice::Auto if env("CLICOLOR_FORCE").is_some_and(|v| !v.is_empty() && v != "0") => true,
        ColorChoice::Auto => is_terminal && env("TERM").is_none_or(|t| t != "dumb"),
    }
}

impl Ui {
    pub fn new(choice: ColorChoice, quiet: bool, verbose: bool) -> Ui {
        let env = |name: &str| std::env::var(name).ok();
        Ui {
            colour_out: wants_colour(choice, std::io::stdout().is_terminal(), env),
            colour_err: wants_colour(choice, std::io::stderr().is_terminal(), env),
            quiet,
            verbose,
        }
    }
}

/// Sets the run's settings (once, from `main`).
pub fn init(ui: Ui) {
    let _ = UI.set(ui);
}

/// The run's settings; the defaults (no colour, normal verbosity) in tests.
pub fn ui() -> Ui {
    UI.get().copied().unwrap_or_default()
}

/// ANSI styles, as cargo and ruff use them.
pub mod style {
    pub const BOLD: &str = "1";
    pub const ERROR: &str = "1;31";
    pub const WARNING: &str = "1;33";
    pub const INFO: &str = "1;36";
    pub const HINT: &str = "1;32";
    pub const DIM: &str = "2";
}

/// `text` in `style` when `colour`, as it is otherwise.
pub fn paint(colour: bool, style: &str, text: &str) -> String {
    if colour {
        format!("\x1b[{style}m{text}\x1b[0m")
    } else {
        text.to_string()
    }
}

/// `error: message` on stderr: the one prefix of every failure.
pub fn error(message: impl std::fmt::Display) {
    let ui = ui();
    eprintln!("{}: {message}", paint(ui.colour_err, style::ERROR, "error"));
}

/// `note: message` on stderr (unless `-q`).
pub fn note(message: impl std::fmt::Display) {
    let ui = ui();
    if !ui.quiet {
        eprintln!("{}: {message}", paint(ui.colour_err, style::INFO, "note"));
    }
}

/// `1 article`, `2 articles`; `entry`/`entries`.
pub fn count(n: usize, one: &str) -> String {
    if n == 1 {
        return format!("1 {one}");
    }
    let many = match one {
        "entry" => "entries".to_string(),
        "info" => "info".to_string(),
        _ if one.ends_with('y') && !one.ends_with("ey") => format!("{}ies", &one[..one.len() - 1]),
        _ => format!("{one}s"),
    };
    format!("{n} {many}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| vars.iter().find(|(k, _)| *k == name).map(|(_, v)| v.to_string())
    }

    #[test]
    fn colour_follows_the_choice_then_no_color_then_clicolor_force_then_the_terminal() {
        assert!(wants_colour(ColorChoice::Auto, true, env(&[])));
        assert!(!wants_colour(ColorChoice::Auto, false, env(&[])));
        assert!(!wants_colour(ColorChoice::Auto, true, env(&[("NO_COLOR", "1")])));
        assert!(wants_colour(ColorChoice::Auto, true, env(&[("NO_COLOR", "")])), "an empty NO_COLOR is unset");
        assert!(wants_colour(ColorChoice::Auto, false, env(&[("CLICOLOR_FORCE", "1")])));
        assert!(!wants_colour(ColorChoice::Auto, false, env(&[("CLICOLOR_FORCE", "0")])));
        assert!(!wants_colour(ColorChoice::Auto, false, env(&[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")])));
        assert!(!wants_colour(ColorChoice::Auto, true, env(&[("TERM", "dumb")])));
        assert!(wants_colour(ColorChoice::Always, false, env(&[("NO_COLOR", "1")])));
        assert!(!wants_colour(ColorChoice::Never, true, env(&[("CLICOLOR_FORCE", "1")])));
    }

    #[test]
    fn counts_are_plural_where_english_is() {
        assert_eq!(count(1, "article"), "1 article");
        assert_eq!(count(0, "article"), "0 articles");
        assert_eq!(count(2, "entry"), "2 entries");
        assert_eq!(count(3, "info"), "3 info");
        assert_eq!(count(1, "registry entry"), "1 registry entry");
        assert_eq!(count(4, "registry entry"), "4 registry entries");
    }
}
