//! Fixed-window rate limits: in process for one instance, or shared by every instance through Redis.
//!
//! A limiter that cannot reach Redis lets the request through and logs it: a Redis outage must not lock
//! residents out of reporting. Login lockout does not depend on this; it is kept in the database.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use async_trait::async_trait;

/// The verdict on one more request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Allowed,
    /// Over the limit; the window reopens after this long.
    Limited {
        retry_after: Duration,
    },
}

#[derive(Debug, thiserror::Error)]
#[error("rate limiter unavailable: {0}")]
pub struct LimiterError(String);

/// Counts requests per key in fixed windows.
#[async_trait]
pub trait RateLimiter: Send + Sync + std::fmt::Debug {
    /// Counts one request under `key` and says whether it is within `limit` per `window`.
    async fn hit(&self, key: &str, limit: u32, window: Duration) -> Result<Decision, LimiterError>;
}

/// One process's counters.
#[derive(Debug, Default)]
pub struct InProcessLimiter {
    windows: Mutex<HashMap<String, (u32, Instant)>>,
}

/// Forget windows that ended once this many keys are held.
const PRUNE_AT: usize = 10_000;

#[async_trait]
impl RateLimiter for InProcessLimiter {
    async fn hit(&self, key: &str, limit: u32, window: Duration) -> Result<Decision, LimiterError> {
        let now = Instant::now();
        let mut windows = self.windows.lock().map_err(|_| LimiterError("lock poisoned".into()))?;
        if windows.len() >= PRUNE_AT {
            windows.retain(|_, (_, ends)| *ends > now);
        }
        let entry = windows.entry(key.to_owned()).or_insert((0, now + window));
        if entry.1 <= now {
            *entry = (0, now + window);
        }
        entry.0 = entry.0.saturating_add(1);
        Ok(if entry.0 > limit { Decision::Limited { retry_after: entry.1 - now } } else { Decision::Allowed })
    }
}

/// Counters in Redis, shared by every instance: `INCR`, and `PEXPIRE` when the window opens. Connects on
/// first use (and keeps trying on later uses), so the server starts while Redis is still down.
pub struct RedisLimiter {
    client: redis::Client,
    connection: tokio::sync::OnceCell<redis::aio::ConnectionManager>,
    script: redis::Script,
}

impl std::fmt::Debug for RedisLimiter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RedisLimiter")
    }
}

const WINDOW_SCRIPT: &str = r"
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {count, ttl}
";

impl RedisLimiter {
    pub fn new(client: redis::Client) -> Self {
        Self { client, connection: tokio::sync::OnceCell::new(), script: redis::Script::new(WINDOW_SCRIPT) }
    }
}

#[async_trait]
impl RateLimiter for RedisLimiter {
    async fn hit(&self, key: &str, limit: u32, window: Duration) -> Result<Decision, LimiterError> {
        let mut connection = self
            .connection
            .get_or_try_init(|| crate::infra::redis_conn::manager(&self.client))
            .await
            .map_err(|e| LimiterError(e.to_string()))?
            .clone();
        let window_ms = u64::try_from(window.as_millis()).unwrap_or(u64::MAX).max(1);
        let (count, ttl_ms): (u64, i64) = self
            .script
            .key(key)
            .arg(window_ms)
            .invoke_async(&mut connection)
            .await
            .map_err(|e| LimiterError(e.to_string()))?;
        Ok(if count > u64::from(limit) {
            Decision::Limited { retry_after: Duration::from_millis(u64::try_from(ttl_ms).unwrap_or(window_ms)) }
        } else {
            Decision::Allowed
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_window_allows_its_limit_then_refuses_until_it_reopens() {
        let limiter = InProcessLimiter::default();
        let window = Duration::from_millis(200);
        for _ in 0..3 {
            assert_eq!(limiter.hit("k", 3, window).await.unwrap(), Decision::Allowed);
        }
        let Decision::Limited { retry_after } = limiter.hit("k", 3, window).await.unwrap() else {
            panic!("the fourth request must be limited")
        };
        assert!(retry_after <= window);
        assert_eq!(limiter.hit("other", 3, window).await.unwrap(), Decision::Allowed);
        tokio::time::sleep(window).await;
        assert_eq!(limiter.hit("k", 3, window).await.unwrap(), Decision::Allowed);
    }
}
