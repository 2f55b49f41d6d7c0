//! Byline's language server: a thin protocol layer over `byline-corpus` and
//! `byline-core`.

pub mod actions;
pub mod annotations;
mod capabilities;
mod dispatch;
pub mod document;
pub mod features;
mod global_state;
mod handlers;
pub mod lsp_ext;
pub mod marks;
pub mod position;
mod refresh;
pub mod registry;
mod reload;
pub mod to_proto;
pub mod tokens;

pub use global_state::Backend;
use lsp_ext::{CorpusStatisticsRequest, DebugPanic, EntityAt, RegistryLocations};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use tower_lsp_server::ls_types::request::Request as _;
use tower_lsp_server::{LspService, Server};

/// Serves LSP over stdin/stdout until the client says `exit`.
///
/// The process ends right after `exit`, without waiting for background jobs
/// (dropping the runtime would wait for every blocking task): exit code 0
/// after `shutdown`, 1 without, as the protocol asks.
pub fn run_stdio() -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("byline lsp: cannot start the async runtime: {e}");
            return ExitCode::from(2);
        }
    };
    let shutdown_requested = Arc::new(AtomicBool::new(false));
    let flag = shutdown_requested.clone();
    runtime.block_on(async move {
        let (service, socket) = LspService::build(move |client| Backend::new(client, flag.clone()))
            .custom_method(EntityAt::METHOD, Backend::entity_at)
            .custom_method(CorpusStatisticsRequest::METHOD, Backend::corpus_statistics)
            .custom_method(RegistryLocations::METHOD, Backend::registry_locations)
            .custom_method(DebugPanic::METHOD, Backend::debug_panic)
            .finish();
        Server::new(tokio::io::stdin(), tokio::io::stdout(), socket).serve(service).await;
    });
    let code = if shutdown_requested.load(Ordering::Relaxed) { 0 } else { 1 };
    std::process::exit(code);
}
