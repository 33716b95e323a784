//! Fixed-window rate limits: in process for one instance, or shared by every instance through Redis. Windows
//! are aligned to the application's clock (window number = now / window), so every instance counts in the
//! same window and a test that moves the clock opens the next one.
//!
//! A limiter that cannot reach Redis lets the request through and logs it: a Redis outage must not lock
//! residents out of reporting. Login lockout does not depend on this; it is kept in the database.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use async_trait::async_trait;

use crate::domain::clock::SharedClock;

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

/// The window `now` falls in, and how long until it ends.
fn window_of(clock: &SharedClock, window: Duration) -> (i64, Duration) {
    let window_ms = i64::try_from(window.as_millis()).unwrap_or(i64::MAX).max(1);
    let now_ms = clock.now().timestamp_millis();
    let number = now_ms.div_euclid(window_ms);
    let left = window_ms - now_ms.rem_euclid(window_ms);
    (number, Duration::from_millis(u64::try_from(left).unwrap_or(1)))
}

/// One process's counters.
#[derive(Debug)]
pub struct InProcessLimiter {
    /// Per key: the window number and the count in it.
    windows: Mutex<HashMap<String, (i64, u32)>>,
    clock: SharedClock,
}

impl InProcessLimiter {
    pub fn new(clock: SharedClock) -> Self {
        Self { windows: Mutex::default(), clock }
    }
}

/// Forget windows that ended once this many keys are held.
const PRUNE_AT: usize = 10_000;

#[async_trait]
impl RateLimiter for InProcessLimiter {
    async fn hit(&self, key: &str, limit: u32, window: Duration) -> Result<Decision, LimiterError> {
        let (number, left) = window_of(&self.clock, window);
        let mut windows = self.windows.lock().map_err(|_| LimiterError("lock poisoned".into()))?;
        if windows.len() >= PRUNE_AT {
            windows.retain(|_, (seen, _)| *seen >= number);
        }
        let entry = windows.entry(key.to_owned()).or_insert((number, 0));
        if entry.0 != number {
            *entry = (number, 0);
        }
        entry.1 = entry.1.saturating_add(1);
        Ok(if entry.1 > limit { Decision::Limited { retry_after: left } } else { Decision::Allowed })
    }
}

/// Counters in Redis, shared by every instance: `INCR` on `<key>:<window number>`, and `PEXPIRE` so a
/// window's counter is gone once it has ended. Connects on first use (and keeps trying on later uses), so the
/// server starts while Redis is still down.
pub struct RedisLimiter {
    client: redis::Client,
    connection: tokio::sync::OnceCell<redis::aio::ConnectionManager>,
    script: redis::Script,
    clock: SharedClock,
}

impl std::fmt::Debug for RedisLimiter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RedisLimiter")
    }
}

const WINDOW_SCRIPT: &str = r"
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return count
";

impl RedisLimiter {
    pub fn new(client: redis::Client, clock: SharedClock) -> Self {
        Self { client, connection: tokio::sync::OnceCell::new(), script: redis::Script::new(WINDOW_SCRIPT), clock }
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
        let (number, left) = window_of(&self.clock, window);
        // Kept a little past the window's end, so a clock slightly behind another instance's still counts.
        let keep_ms = u64::try_from(left.as_millis()).unwrap_or(u64::MAX).saturating_add(1_000);
        let count: u64 = self
            .script
            .key(format!("{key}:{number}"))
            .arg(keep_ms)
            .invoke_async(&mut connection)
            .await
            .map_err(|e| LimiterError(e.to_string()))?;
        Ok(if count > u64::from(limit) { Decision::Limited { retry_after: left } } else { Decision::Allowed })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::domain::clock::ManualClock;
    use std::sync::Arc;

    #[tokio::test]
    async fn the_window_allows_its_limit_then_refuses_until_it_reopens() {
        let start = chrono::DateTime::parse_from_rfc3339("2026-11-30T08:00:00.050Z").unwrap().to_utc();
        let clock = Arc::new(ManualClock::at(start));
        let limiter = InProcessLimiter::new(clock.clone());
        let window = Duration::from_millis(200);
        for _ in 0..3 {
            assert_eq!(limiter.hit("k", 3, window).await.unwrap(), Decision::Allowed);
        }
        let Decision::Limited { retry_after } = limiter.hit("k", 3, window).await.unwrap() else {
            panic!("the fourth request must be limited")
        };
        assert_eq!(retry_after, Duration::from_millis(150), "the window ends on the clock's 200 ms mark");
        assert_eq!(limiter.hit("other", 3, window).await.unwrap(), Decision::Allowed);
        clock.advance(chrono::Duration::milliseconds(149));
        assert!(matches!(limiter.hit("k", 3, window).await.unwrap(), Decision::Limited { .. }));
        clock.advance(chrono::Duration::milliseconds(1));
        assert_eq!(limiter.hit("k", 3, window).await.unwrap(), Decision::Allowed);
    }
}
