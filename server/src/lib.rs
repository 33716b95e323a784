//! Liaison: the server behind people's-congress deputy liaison stations (人大代表联络站).
//!
//! Residents report problems and suggestions from kiosks, phones and the web; every report is stored, given
//! a tracking code and driven through the stations' closed loop until the citizen has an answer.
//!
//! - [`domain`]: the pure rules (validation, tracking codes, reference data), no I/O.
//! - [`storage`]: the database behind plain methods; [`photos`]: where photo bytes live.
//! - [`controllers`]: thin HTTP handlers; [`extract`]: request parsing; [`errors`]: problem+json.
//! - [`auth`]: tokens, passwords and the extractors that say who may call a handler; [`pii`]: phone numbers
//!   encrypted at rest and masked; [`ratelimit`]; [`outbound`]: WeChat and SMS.
//! - [`configuration`], [`startup`], [`telemetry`]: settings, wiring and logs.

pub mod auth;
pub mod backup;
pub mod configuration;
pub mod controllers;
pub mod demo;
pub mod directory;
pub mod domain;
pub mod editing;
pub mod errors;
pub mod extract;
pub mod handling;
pub mod import;
pub mod live;
pub mod metrics;
pub mod middleware;
pub mod notify;
pub mod openapi;
pub mod outbound;
pub mod photos;
pub mod pii;
pub mod ratelimit;
pub mod redis_conn;
pub mod startup;
pub mod state;
pub mod storage;
pub mod supervision;
pub mod telemetry;
