//! What kiosks and phones read most, answered from memory: categories, stations, a station's places,
//! deputies, who is on duty and the reception days, each kept as the bytes of its last answer with an entity
//! tag, made again when what the public reads has changed anywhere (the storage's generation, which another
//! instance's change moves within a second: [`watch`]) or when the answer's own time is up (who is on duty
//! changes when a slot starts or ends; "today" at local midnight).

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use bytes::Bytes;
use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

use crate::app::error::AppError;
use crate::storage::Storage;
use crate::storage::reference_version::Changed;

/// At most this many answers are kept; beyond it they are all dropped and made again as asked. (The keys are
/// few: stations and deputies by code, errors never kept, reception days only from today.)
const MAX_ENTRIES: usize = 1024;

/// One kept answer.
#[derive(Debug)]
pub struct Kept {
    /// The generation it was made in.
    generation: u64,
    /// When it stops being true even if nothing changes (a slot starting, the local date turning).
    valid_until: Option<DateTime<Utc>>,
    pub body: Bytes,
    /// A strong entity tag: the first 16 bytes of the body's SHA-256, quoted.
    pub etag: String,
}

impl Kept {
    fn new(made: Made, generation: u64) -> Self {
        let digest = Sha256::digest(&made.body);
        let etag = format!("\"{}\"", hex::encode(&digest[..16]));
        Kept { generation, valid_until: made.valid_until, body: Bytes::from(made.body), etag }
    }

    /// An answer sent with its tag but not kept (one asked for too rarely to keep).
    pub fn once(made: Made) -> Self {
        Kept::new(made, 0)
    }
}

/// An answer to keep: its JSON and, when it depends on the time, until when it holds.
#[derive(Debug)]
pub struct Made {
    pub body: Vec<u8>,
    pub valid_until: Option<DateTime<Utc>>,
}

impl Made {
    /// `value` as JSON, valid until `valid_until` (or until the next change when `None`).
    pub fn json(value: &impl serde::Serialize, valid_until: Option<DateTime<Utc>>) -> Result<Self, AppError> {
        Ok(Self { body: serde_json::to_vec(value).map_err(AppError::internal)?, valid_until })
    }
}

/// The kept answers, by key (the path and what in the query changes the answer).
#[derive(Debug, Default)]
pub struct ReadCache {
    entries: RwLock<HashMap<String, Arc<Kept>>>,
}

impl ReadCache {
    /// The answer kept for `key` when it is still current at `now`, else the one `make` makes (kept for the
    /// next caller). `bookings`: the answer shows places booked at reception days too. Errors are not kept.
    pub async fn get_or_make<F, Fut>(
        &self,
        storage: &Storage,
        key: &str,
        bookings: bool,
        now: DateTime<Utc>,
        make: F,
    ) -> Result<Arc<Kept>, AppError>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<Made, AppError>>,
    {
        // Read before making: a change committing while the answer is made leaves it under the older
        // generation, so the next caller makes it again.
        let generation = storage.reference_generation(bookings);
        if let Some(kept) = self.entries.read().ok().and_then(|map| map.get(key).cloned())
            && kept.generation == generation
            && kept.valid_until.is_none_or(|until| now < until)
        {
            return Ok(kept);
        }
        let kept = Arc::new(Kept::new(make().await?, generation));
        if let Ok(mut map) = self.entries.write() {
            if map.len() >= MAX_ENTRIES && !map.contains_key(key) {
                map.clear();
            }
            map.insert(key.to_owned(), kept.clone());
        }
        Ok(kept)
    }
}

/// Watches the stored counter of changes, so a change made by another instance (or the command line)
/// reaches this one's kept answers and routing directory within `every`.
pub fn watch(storage: Storage, every: Duration) {
    tokio::spawn(async move {
        let mut seen: Option<(i64, i64)> = None;
        let mut ticks = tokio::time::interval(every);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            match storage.stored_reference_versions().await {
                Ok(versions) => {
                    // The first reading counts as a change too: one made before it could be older. A change
                    // made here is seen once more (one answer made again, nothing stale).
                    if seen.is_none_or(|(directory, _)| directory != versions.0) {
                        storage.reference_committed(Changed::Directory);
                    }
                    if seen.is_none_or(|(_, bookings)| bookings != versions.1) {
                        storage.reference_committed(Changed::Bookings);
                    }
                    seen = Some(versions);
                }
                Err(err) => tracing::debug!(error = %err, "could not read the reference version; trying again"),
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_made_answer_is_its_json() {
        let made = Made::json(&serde_json::json!({"a": 1}), None).unwrap();
        assert_eq!(made.body, br#"{"a":1}"#);
    }
}
