//! Byline's own protocol extensions (`byline/*`), typed: each request names
//! its method, its parameters and its result here, and the plugins
//! (`editors/vscode/src/protocol.ts`, `editors/nvim/lua/byline/init.lua`)
//! mirror these types.

use crate::features::EntityCard;
use serde::{Deserialize, Serialize};
use tower_lsp_server::ls_types::notification::Notification;
use tower_lsp_server::ls_types::request::Request;
use tower_lsp_server::ls_types::{Location, ProgressToken, TextDocumentPositionParams};

/// Parameters of a request that takes none: the plugins send `{}`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct NoParams {}

/// `byline/status`, server to client: indexing progress.
pub enum StatusNotification {}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StatusParams {
    /// `indexing` or `ready`.
    pub state: String,
    pub done: usize,
    pub total: usize,
}

impl Notification for StatusNotification {
    type Params = StatusParams;
    const METHOD: &'static str = "byline/status";
}

/// `byline/entityAt`: the card of the entity (or a quote's speaker) at a
/// position, for the plugins' "show entity" command. Takes
/// `TextDocumentPositionParams`, answers `Option<EntityCard>` (sent only:
/// the card is not read back, so it is not a typed `Request`).
pub enum EntityAt {}

impl EntityAt {
    pub const METHOD: &'static str = "byline/entityAt";
}

/// Keeps [`EntityAt`]'s documented types in sight of the compiler.
pub type EntityAtParams = TextDocumentPositionParams;
pub type EntityAtResult = Option<EntityCard>;

/// `byline/corpusStatistics`: the counts of the indexed corpus.
pub enum CorpusStatisticsRequest {}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CorpusStatistics {
    pub articles: usize,
    pub quotes: usize,
    pub dates: usize,
    pub people: usize,
    pub organizations: usize,
    pub locations: usize,
    /// Indexing is still running: the counts will grow.
    pub indexing: bool,
}

impl Request for CorpusStatisticsRequest {
    type Params = NoParams;
    type Result = CorpusStatistics;
    const METHOD: &'static str = "byline/corpusStatistics";
}

/// `byline/registryLocations`: the start of every registry file of every
/// workspace folder, for the plugins' "open the registry" command.
pub enum RegistryLocations {}

impl Request for RegistryLocations {
    type Params = NoParams;
    type Result = Vec<Location>;
    const METHOD: &'static str = "byline/registryLocations";
}

/// `byline/debugPanic`: panics on purpose, to test that the server survives
/// one; answered only with `BYLINE_TEST_PANIC=1` in the environment.
pub enum DebugPanic {}

impl Request for DebugPanic {
    type Params = NoParams;
    type Result = ();
    const METHOD: &'static str = "byline/debugPanic";
}

/// `$/progress` carrying a partial result: a batch of `references`
/// locations for the request that passed `token` as its
/// `partialResultToken`. (`ls_types` types `$/progress` for work-done
/// progress only.)
pub enum PartialReferences {}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PartialResultParams {
    pub token: ProgressToken,
    pub value: Vec<Location>,
}

impl Notification for PartialReferences {
    type Params = PartialResultParams;
    const METHOD: &'static str = "$/progress";
}
