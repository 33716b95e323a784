//! Rate limits as handlers apply them: who the client is (its address, or its signed-in subject) and a
//! 429 with `Retry-After` when a window is full. A limiter that fails lets the request through.

use std::time::Duration;

use actix_web::HttpRequest;

use crate::app::error::{AppError, ErrorCode};
use crate::app::state::AppState;
use crate::infra::ratelimit::Decision;

pub const MINUTE: Duration = Duration::from_secs(60);
pub const HOUR: Duration = Duration::from_secs(3600);

/// The client's address: the peer, or the first `X-Forwarded-For` hop when the proxy is trusted.
pub fn client_ip(req: &HttpRequest, state: &AppState) -> String {
    if state.rate_limits.trust_forwarded_for
        && let Some(forwarded) = req.headers().get("x-forwarded-for").and_then(|v| v.to_str().ok())
        && let Some(first) = forwarded.split(',').next().map(str::trim).filter(|s| !s.is_empty())
    {
        return first.to_owned();
    }
    req.peer_addr().map_or_else(|| "unknown".to_owned(), |a| a.ip().to_string())
}

/// Counts one request in `bucket` for `who`; refuses with `code` when over `limit` per `window`.
pub async fn enforce(
    state: &AppState,
    bucket: &str,
    who: &str,
    limit: u32,
    window: Duration,
    code: ErrorCode,
) -> Result<(), AppError> {
    let key = format!("{}:rl:{bucket}:{who}", state.rate_limits.namespace);
    match state.limiter.hit(&key, limit, window).await {
        Ok(Decision::Allowed) => Ok(()),
        Ok(Decision::Limited { retry_after }) => {
            let secs = retry_after.as_secs() + u64::from(retry_after.subsec_nanos() > 0);
            Err(AppError::retry_after(code, format!("Too many requests; try again in {secs} seconds."), secs))
        }
        Err(err) => {
            tracing::warn!(error = %err, bucket, "rate limiter unavailable; letting the request through");
            Ok(())
        }
    }
}
