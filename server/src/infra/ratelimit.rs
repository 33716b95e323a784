//! Sliding-window rate limits: in process for one instance, or shared by every instance through Redis. Each
//! key keeps the times of the requests it let through in the last window (a sliding log), so "5 a minute"
//! means at most 5 in any 60 seconds, also across the turn of a minute, and a refused client may try again as
//! soon as its oldest counted request leaves the window. Times come from the application's clock, so every
//! instance counts alike and a test that moves the clock moves the window.
//!
//! A limiter that cannot reach Redis lets the request through and logs it: a Redis outage must not lock
//! residents out of reporting. Login lockout does not depend on this; it is kept in the database.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::Duration;

use async_trait::async_trait;

use crate::domain::clock::SharedClock;

/// The verdict on one more request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Allowed,
    /// Over the limit; a place opens after this long.
    Limited {
        retry_after: Duration,
    },
}

#[derive(Debug, thiserror::Error)]
#[error("rate limiter unavailable: {0}")]
pub struct LimiterError(String);

/// Counts requests per key over a sliding window.
#[async_trait]
pub trait RateLimiter: Send + Sync + std::fmt::Debug {
    /// Counts one request under `key` if it is within `limit` per `window`, and says whether it was.
    async fn hit(&self, key: &str, limit: u32, window: Duration) -> Result<Decision, LimiterError>;
}

fn window_ms(window: Duration) -> i64 {
    i64::try_from(window.as_millis()).unwrap_or(i64::MAX).max(1)
}

fn wait(ms: i64) -> Duration {
    Duration::from_millis(u64::try_from(ms).unwrap_or(1).max(1))
}

/// One key's log in this process: the window it was counted with and the times let through, oldest first.
#[derive(Debug)]
struct Log {
    window_ms: i64,
    times: VecDeque<i64>,
}

/// One process's logs.
#[derive(Debug)]
pub struct InProcessLimiter {
    logs: Mutex<HashMap<String, Log>>,
    clock: SharedClock,
}

impl InProcessLimiter {
    pub fn new(clock: SharedClock) -> Self {
        Self { logs: Mutex::default(), clock }
    }
}

/// Forget logs whose last request has left its window once this many keys are held.
const PRUNE_AT: usize = 10_000;

#[async_trait]
impl RateLimiter for InProcessLimiter {
    async fn hit(&self, key: &str, limit: u32, window: Duration) -> Result<Decision, LimiterError> {
        let window_ms = window_ms(window);
        let now = self.clock.now().timestamp_millis();
        let mut logs = self.logs.lock().map_err(|_| LimiterError("lock poisoned".into()))?;
        if logs.len() >= PRUNE_AT {
            logs.retain(|_, log| log.times.back().is_some_and(|last| *last > now - log.window_ms));
        }
        let log = logs.entry(key.to_owned()).or_insert_with(|| Log { window_ms, times: VecDeque::new() });
        log.window_ms = window_ms;
        while log.times.front().is_some_and(|first| *first <= now - window_ms) {
            log.times.pop_front();
        }
        if log.times.len() < usize::try_from(limit).unwrap_or(usize::MAX) {
            log.times.push_back(now);
            return Ok(Decision::Allowed);
        }
        let oldest = log.times.front().copied().unwrap_or(now);
        Ok(Decision::Limited { retry_after: wait(oldest + window_ms - now) })
    }
}

/// Logs in Redis, shared by every instance: a sorted set per key scored by time, trimmed to the window and
/// expiring a little after it. Connects on first use (and keeps trying on later uses), so the server starts
/// while Redis is still down.
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

/// Answers 0 when the request is let through (and logged), or the milliseconds until a place opens.
const WINDOW_SCRIPT: &str = r"
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < limit then
  redis.call('ZADD', KEYS[1], now, ARGV[4])
  redis.call('PEXPIRE', KEYS[1], window + 1000)
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if oldest[2] == nil then return window end
return math.max(1, tonumber(oldest[2]) + window - now)
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
        let window_ms = window_ms(window);
        let now = self.clock.now().timestamp_millis();
        let wait_ms: i64 = self
            .script
            .key(key)
            .arg(now)
            .arg(window_ms)
            .arg(limit)
            .arg(uuid::Uuid::new_v4().simple().to_string())
            .invoke_async(&mut connection)
            .await
            .map_err(|e| LimiterError(e.to_string()))?;
        Ok(if wait_ms > 0 { Decision::Limited { retry_after: wait(wait_ms) } } else { Decision::Allowed })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::domain::clock::ManualClock;
    use std::sync::Arc;

    fn at(rfc3339: &str) -> Arc<ManualClock> {
        Arc::new(ManualClock::at(chrono::DateTime::parse_from_rfc3339(rfc3339).unwrap().to_utc()))
    }

    async fn limited(limiter: &dyn RateLimiter, key: &str) -> Option<Duration> {
        match limiter.hit(key, 3, Duration::from_millis(200)).await.unwrap() {
            Decision::Allowed => None,
            Decision::Limited { retry_after } => Some(retry_after),
        }
    }

    #[tokio::test]
    async fn the_window_allows_its_limit_then_refuses_until_the_oldest_request_leaves_it() {
        let clock = at("2026-11-30T08:00:00.050Z");
        let limiter = InProcessLimiter::new(clock.clone());
        assert_eq!(limited(&limiter, "k").await, None);
        clock.advance(chrono::Duration::milliseconds(50));
        assert_eq!(limited(&limiter, "k").await, None);
        assert_eq!(limited(&limiter, "k").await, None);
        assert_eq!(limited(&limiter, "k").await, Some(Duration::from_millis(150)), "the first leaves at 200 ms");
        assert_eq!(limited(&limiter, "other").await, None);
        clock.advance(chrono::Duration::milliseconds(149));
        assert!(limited(&limiter, "k").await.is_some());
        clock.advance(chrono::Duration::milliseconds(1));
        assert_eq!(limited(&limiter, "k").await, None, "one place opened");
        assert!(limited(&limiter, "k").await.is_some(), "and only one");
    }

    #[tokio::test]
    async fn a_burst_across_the_turn_of_a_window_is_still_one_burst() {
        // Fixed windows let a client spend a limit just before a minute turns and again just after it.
        let clock = at("2026-11-30T08:00:00.150Z");
        let limiter = InProcessLimiter::new(clock.clone());
        for _ in 0..3 {
            assert_eq!(limited(&limiter, "k").await, None);
        }
        clock.advance(chrono::Duration::milliseconds(60));
        assert!(limited(&limiter, "k").await.is_some(), "the turn of a 200 ms mark opens nothing");
    }

    #[tokio::test]
    async fn refused_requests_do_not_push_the_window_on() {
        let clock = at("2026-11-30T08:00:00Z");
        let limiter = InProcessLimiter::new(clock.clone());
        for _ in 0..3 {
            assert_eq!(limited(&limiter, "k").await, None);
        }
        for _ in 0..10 {
            clock.advance(chrono::Duration::milliseconds(10));
            assert!(limited(&limiter, "k").await.is_some());
        }
        clock.advance(chrono::Duration::milliseconds(100));
        assert_eq!(limited(&limiter, "k").await, None);
    }
}
