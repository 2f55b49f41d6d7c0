//! Byline's language server: a thin protocol layer over `byline-corpus` and
//! `byline-core`.

use std::process::ExitCode;

/// Serves LSP over stdin/stdout until the client says `exit`.
pub fn run_stdio() -> ExitCode {
    eprintln!("byline lsp: the language server is not built yet");
    ExitCode::from(2)
}
