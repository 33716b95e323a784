//! Gives every request an id: sent back as `X-Request-Id`, carried by every log line of that request, and
//! quoted in problem+json bodies so a citizen's complaint can be matched to the server's logs.
//!
//! An id that a trusted proxy already set is kept when it looks like an id; otherwise a UUIDv7 is made.
//! Log lines name the route pattern, never the raw path, so tracking codes in URLs stay out of the logs.

use std::time::Instant;

use actix_web::Error;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use tracing::Instrument;

pub const HEADER: HeaderName = HeaderName::from_static("x-request-id");

tokio::task_local! {
    static REQUEST_ID: String;
}

/// The id of the request being served on this task, if any.
pub fn current() -> Option<String> {
    REQUEST_ID.try_with(Clone::clone).ok()
}

fn usable(incoming: &HeaderValue) -> Option<String> {
    let text = incoming.to_str().ok()?;
    let ok = (8..=64).contains(&text.len())
        && text.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
    ok.then(|| text.to_owned())
}

/// The middleware function, for `actix_web::middleware::from_fn`.
pub async fn assign(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let id = req.headers().get(&HEADER).and_then(usable).unwrap_or_else(|| uuid::Uuid::now_v7().to_string());
    let span = tracing::info_span!(
        "request",
        request_id = %id,
        method = %req.method(),
        route = tracing::field::Empty,
    );
    let started = Instant::now();
    let result = REQUEST_ID.scope(id.clone(), next.call(req)).instrument(span.clone()).await;
    let mut response = result?;
    let route = response.request().match_pattern().unwrap_or_else(|| "<unmatched>".to_owned());
    span.record("route", route.as_str());
    let status = response.status().as_u16();
    let seconds = started.elapsed().as_secs_f64();
    let latency_ms = seconds * 1000.0;
    if let Some(state) = response.request().app_data::<actix_web::web::Data<crate::app::state::AppState>>() {
        state.metrics.request(response.request().method().as_str(), &route, status, seconds);
    }
    span.in_scope(|| tracing::info!(status, latency_ms, "request finished"));
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(HEADER, value);
    }
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_id_like_incoming_values_are_kept() {
        assert_eq!(usable(&HeaderValue::from_static("lb-1234abcd")).as_deref(), Some("lb-1234abcd"));
        assert_eq!(usable(&HeaderValue::from_static("short")), None);
        assert_eq!(usable(&HeaderValue::from_static("has spaces in it")), None);
        assert_eq!(usable(&HeaderValue::from_static("x\"><script>alert(1)</script>")), None);
        let long = "a".repeat(65);
        assert_eq!(usable(&HeaderValue::from_str(&long).unwrap()), None);
    }
}
