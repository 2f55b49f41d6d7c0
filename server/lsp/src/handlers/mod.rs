//! The handlers, one short function per LSP method: notifications change
//! state, requests read a snapshot. `dispatch` calls them.

pub(crate) mod notification;
pub(crate) mod request;
