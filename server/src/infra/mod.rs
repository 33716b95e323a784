//! Infrastructure adapters: the services the application reaches beyond its database — signed tokens and
//! password hashing, notification channels and their relay, WeChat and SMS, photo stores, live events,
//! rate limits, metrics, the ledger's spreadsheet and CSV files, the phone vault and the Redis connection. Each sits behind a small type; none of them
//! knows about HTTP handlers or the application services above it.

pub mod auth;
pub mod documents;
pub mod ledger_files;
pub mod live;
pub mod metrics;
pub mod notify;
pub mod outbound;
pub mod photos;
pub mod pii;
pub mod ratelimit;
pub mod redis_conn;
pub mod telemetry;
