//! `byline rule CODE` and `byline rule --list`: what each rule checks, read
//! from the one list of rules (`byline_core::rules`), as `ruff rule` and
//! `rustc --explain` do.

use byline_core::rules::{self, Rule, RULES};
use serde::Serialize;
use std::io::{self, Write};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// The rule to explain (`byline rule entity-variant`).
    #[arg(required_unless_present = "list", conflicts_with = "list")]
    code: Option<String>,
    /// List every rule: code, layer, default level and what it finds.
    #[arg(long)]
    list: bool,
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// For people.
    Text,
    /// One JSON document, for tools.
    Json,
}

#[derive(Serialize)]
struct RuleJson<'a> {
    code: &'a str,
    layer: &'a str,
    default_level: &'a str,
    summary: &'a str,
    checks: &'a str,
    example: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    example_article: &'a str,
    example_message: &'a str,
    fix: &'a str,
}

impl<'a> From<&'a Rule> for RuleJson<'a> {
    fn from(r: &'a Rule) -> Self {
        RuleJson {
            code: r.code,
            layer: r.layer.as_str(),
            default_level: r.default_level_name(),
            summary: r.summary,
            checks: r.checks,
            example: r.example,
            example_article: r.example_article,
            example_message: r.example_message,
            fix: r.fix,
        }
    }
}

pub fn run(args: Args) -> ExitCode {
    let mut out = io::stdout().lock();
    let written = match (&args.code, args.format) {
        (None, Format::Text) => write_list(&mut out),
        (None, Format::Json) => {
            let all: Vec<RuleJson> = RULES.iter().map(RuleJson::from).collect();
            write_json(&mut out, &all)
        }
        (Some(code), format) => {
            let Some(rule) = rules::find(code) else {
                eprintln!("error: {}", rules::unknown_rule_message(code));
                return ExitCode::from(2);
            };
            match format {
                Format::Text => write_rule(&mut out, rule),
                Format::Json => write_json(&mut out, &RuleJson::from(rule)),
            }
        }
    };
    match written {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => {
            eprintln!("error: cannot write: {e}");
            ExitCode::from(2)
        }
        _ => ExitCode::SUCCESS,
    }
}

fn write_json(out: &mut impl Write, value: &impl Serialize) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value).map_err(io::Error::from)?;
    writeln!(out)
}

/// One line per rule, aligned: `code  layer  level  summary`.
pub fn write_list(out: &mut impl Write) -> io::Result<()> {
    let width = RULES.iter().map(|r| r.code.len()).max().unwrap_or(0);
    for r in RULES {
        writeln!(out, "{:width$}  {:11}  {:7}  {}", r.code, r.layer.as_str(), r.default_level_name(), r.summary)?;
    }
    Ok(())
}

/// A rule explained: what it checks, its level, an example, how to fix it and
/// how to silence it.
pub fn write_rule(out: &mut impl Write, r: &Rule) -> io::Result<()> {
    writeln!(out, "{} ({}; default level: {})", r.code, r.layer.as_str(), r.default_level_name())?;
    writeln!(out)?;
    writeln!(out, "{}", r.summary)?;
    writeln!(out)?;
    writeln!(out, "What it checks")?;
    writeln!(out, "  {}", r.checks)?;
    if !r.level_note.is_empty() {
        writeln!(out, "  {}", r.level_note)?;
    }
    if r.default_level.is_none() {
        writeln!(out, "  Off unless byline.toml turns it on.")?;
    }
    writeln!(out)?;
    if !r.example_article.is_empty() {
        writeln!(out, "Example: the article")?;
        for line in r.example_article.lines() {
            writeln!(out, "    {line}")?;
        }
        writeln!(out, "  and its {}", r.example_file)?;
    } else {
        writeln!(out, "Example ({})", r.example_file)?;
    }
    for line in r.example.lines() {
        writeln!(out, "    {line}")?;
    }
    writeln!(out, "  gives")?;
    writeln!(out, "    {}[{}]: {}", r.default_level.map_or("warning", |l| l.as_str()), r.code, r.example_message)?;
    writeln!(out)?;
    writeln!(out, "How to fix it")?;
    writeln!(out, "  {}", r.fix)?;
    writeln!(out)?;
    let (verb, level) = if r.default_level.is_some() { ("silence it", "off") } else { ("turn it on", "warning") };
    writeln!(out, "To {verb}, in byline.toml:")?;
    writeln!(out, "    [rules]")?;
    writeln!(out, "    {} = \"{level}\"", r.code)?;
    writeln!(out, "  or for one run: byline check --rule {}={level}", r.code)?;
    Ok(())
}
