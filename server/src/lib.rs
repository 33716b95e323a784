//! Liaison: the server behind people's-congress deputy liaison stations (人大代表联络站).
//!
//! Residents report problems and suggestions from kiosks, phones and the web; every report is stored, given
//! a tracking code and driven through the stations' closed loop until the citizen has an answer.
//!
//! The layers, from the bottom up (each imports only from those below it; see `ARCHITECTURE.md`):
//! - [`domain`]: the pure rules — workflow, routing, deadlines, recipients, access — with no I/O;
//! - [`storage`]: the database behind methods that speak domain types;
//! - [`infra`]: adapters to everything else (tokens, notifications, photos, live events, rate limits, metrics);
//! - [`app`]: one service per use case, the shared state and the error table;
//! - [`web`]: HTTP handlers, extractors and the OpenAPI document;
//! - [`startup`]: wiring it all together; [`configuration`]: typed settings.

pub mod app;
pub mod configuration;
pub mod domain;
pub mod infra;
pub mod startup;
pub mod storage;
pub mod web;
