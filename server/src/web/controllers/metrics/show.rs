use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, web};
use secrecy::ExposeSecret;

use crate::app::error::{AppError, ErrorCode};
use crate::app::state::AppState;
use crate::web::problem::Problem;

/// Metrics in the Prometheus text format: `liaison_http_requests_total` and
/// `liaison_http_request_duration_seconds` (by method, route pattern, status), `liaison_reports` (by
/// status), `liaison_outbox_pending`, `liaison_outbox_dead` and `liaison_outbox_lag_seconds` (the notice
/// queue), `liaison_notification_attempts_total` (by channel and result) and
/// `liaison_photo_processing_seconds`. With `metrics_token` set, it wants that as a bearer token.
#[utoipa::path(
    tag = "health",
    responses(
        (status = 200, description = "Prometheus text exposition format 0.0.4.", content_type = "text/plain"),
        (status = 401, description = "`unauthenticated`: `metrics_token` is set and was not given.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/metrics")]
pub async fn handler(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    if let Some(token) = &state.metrics_token {
        let given = req.headers().get(header::AUTHORIZATION).map(|v| v.as_bytes()).unwrap_or_default();
        let expected = format!("Bearer {}", token.expose_secret());
        if !same_secret(given, expected.as_bytes()) {
            return Err(AppError::new(ErrorCode::Unauthenticated, "Give the metrics token as a bearer token."));
        }
    }
    let text = state.metrics.render(&state.storage).await?;
    Ok(HttpResponse::Ok().content_type("text/plain; version=0.0.4; charset=utf-8").body(text))
}

/// Compares digests of the two in constant time, so the time taken tells nothing about the token.
fn same_secret(given: &[u8], expected: &[u8]) -> bool {
    use sha2::{Digest, Sha256};
    let (given, expected) = (Sha256::digest(given), Sha256::digest(expected));
    given.iter().zip(expected.iter()).fold(0u8, |diff, (a, b)| diff | (a ^ b)) == 0
}

#[cfg(test)]
mod tests {
    use super::same_secret;

    #[test]
    fn only_the_same_token_passes() {
        assert!(same_secret(b"Bearer abc", b"Bearer abc"));
        assert!(!same_secret(b"Bearer abd", b"Bearer abc"));
        assert!(!same_secret(b"", b"Bearer abc"));
    }
}
