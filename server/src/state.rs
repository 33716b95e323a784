//! What every handler can reach: storage, the photo store, the optional Redis client, and the limits.

use std::sync::Arc;

use crate::configuration::Limits;
use crate::photos::PhotoStore;
use crate::storage::Storage;

/// Shared application state, cloned cheaply into each worker.
#[derive(Debug, Clone)]
pub struct AppState {
    pub storage: Storage,
    pub photos: Arc<dyn PhotoStore>,
    /// Present when `REDIS_URL` is set.
    pub redis: Option<redis::Client>,
    pub limits: Limits,
}
