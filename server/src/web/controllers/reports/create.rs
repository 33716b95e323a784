use actix_web::http::{StatusCode, header};
use actix_web::web::{self, Bytes};
use actix_web::{HttpRequest, HttpResponse, post};

use super::{ReportCreated, ReportFormData, tracking_path};
use crate::app::error::{AppError, ErrorCode};
use crate::app::intake::{self, Filed, Submission};
use crate::app::state::AppState;
use crate::domain::access::Principal;
use crate::domain::report::ReportDraft;
use crate::web::auth::Caller;
use crate::web::controllers::throttle;
use crate::web::extract::idempotency::IdempotencyKey;
use crate::web::extract::{body, json, multipart};
use crate::web::problem::Problem;

/// Files a report from a kiosk, a phone or the web mailbox, or for a resident (assisted intake).
///
/// Send JSON, or `multipart/form-data` with the same fields (nested names joined by dots) and `photos`
/// parts. Every rule a field breaks is listed at once in `errors`. With an `Idempotency-Key`, a retry of the
/// same request returns the first answer again (with `Idempotent-Replayed: true`) and creates nothing.
///
/// Who may file: a kiosk (its access token) through `kiosk`, for its own station (filled in when left out);
/// a signed-in citizen through `mobile` or `web`; anyone through `web`, the online mailbox, while the server
/// allows anonymous reports (under a stricter per-address limit).
///
/// Assisted intake: deputies, staff, station heads and administrators file for a resident through
/// `reception` (接待日), `visit` (走访), `phone` or `letter`, and through no other channel. Staff file for a
/// station they serve (their only one when `station` is left out; with several they name it); a deputy's
/// report goes to that deputy unless they name another in `deputy`, and is filed for their only station
/// when they name none. The official is recorded as `filed_by` (shown to the people handling the report,
/// never on the tracking view). The resident gets the same tracking code, handed over by the official, and
/// a text message with it and the tracking page's link when they gave `contact.phone` and `consent.sms`.
#[utoipa::path(
    tag = "reports",
    security((), ("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, pattern = "^[!-~]{1,255}$", description = "Any unique string up to 255 visible ASCII characters (a UUID is ideal). Retries with the same key and body return the first response.")),
    request_body(content(
        (ReportDraft = "application/json"),
        (ReportFormData = "multipart/form-data"),
    )),
    responses(
        (status = 201, description = "Stored. Keep the tracking code.", body = ReportCreated,
            headers(("Location" = String, description = "Path of the tracking view."))),
        (status = 400, description = "`malformed_json`, `malformed_multipart` or `invalid_idempotency_key`.", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "`unauthenticated` (this channel needs a signed-in caller) or `invalid_token`.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`forbidden`: this caller cannot file through this channel (`errors` names `channel`), or staff named a station they do not serve (`errors` names `station`).", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "`payload_too_large` or `photo_too_large`.", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "`unsupported_content_type` (send JSON or a multipart form) or `unsupported_media_type` (a photo that is not JPEG, PNG or WebP, e.g. HEIC).", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`, `unknown_category`, `unknown_station`, `unknown_deputy`, `too_many_photos`, `image_too_large` (too many pixels), `invalid_image` (damaged or truncated), `idempotency_key_reused` or `station_mismatch` (a kiosk naming another station).", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "`too_many_requests`: retry after `Retry-After` seconds.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "`service_unavailable`: busy (the database, or too many photos being processed); retry after `Retry-After` seconds with the same `Idempotency-Key`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/reports")]
pub async fn handler(
    req: HttpRequest,
    payload: web::Payload,
    state: web::Data<AppState>,
    key: IdempotencyKey,
    Caller(caller): Caller,
) -> Result<HttpResponse, AppError> {
    throttle_submissions(&req, &state, caller.as_ref()).await?;
    let limits = &state.limits;
    let (draft, photos): (ReportDraft, Vec<Bytes>) = match body::media_type(&req).as_deref() {
        Some(media) if body::is_json(media) => {
            let bytes = body::read_limited(&req, payload, limits.json_body_bytes).await?;
            (json::decode(&bytes)?, Vec::new())
        }
        Some("multipart/form-data") => {
            let form = multipart::read_report_form(&req, payload, limits).await?;
            if !form.documents.is_empty() {
                return Err(AppError::validation(vec![crate::domain::report::FieldError::new(
                    "documents",
                    "unknown_field",
                    "documents go with a handling unit's reply, not with a new report",
                )]));
            }
            (json::decode_value(form.fields)?, form.photos)
        }
        other => {
            return Err(AppError::new(
                ErrorCode::UnsupportedContentType,
                format!(
                    "Send application/json or multipart/form-data, not {}.",
                    other.unwrap_or("a body without Content-Type")
                ),
            ));
        }
    };
    let submission = Submission { draft, photos, idempotency_key: key.0 };
    Ok(created(intake::file(&state, caller.as_ref(), submission).await?))
}

/// Anonymous callers get a stricter hourly limit per address; signed-in callers a per-minute limit each.
async fn throttle_submissions(req: &HttpRequest, state: &AppState, caller: Option<&Principal>) -> Result<(), AppError> {
    let limits = &state.rate_limits;
    match caller {
        None => {
            let ip = throttle::client_ip(req, state);
            throttle::enforce(
                state,
                "reports:anonymous",
                &ip,
                limits.anonymous_reports_per_ip_per_hour,
                throttle::HOUR,
                ErrorCode::TooManyRequests,
            )
            .await
        }
        Some(principal) => {
            throttle::enforce(
                state,
                "reports:caller",
                &principal.subject_id().to_string(),
                limits.reports_per_caller_per_minute,
                throttle::MINUTE,
                ErrorCode::TooManyRequests,
            )
            .await
        }
    }
}

/// The 201 for a stored report. A replay is byte-for-byte the first answer, plus `Idempotent-Replayed`.
fn created(filed: Filed) -> HttpResponse {
    let location = tracking_path(&filed.tracking_code);
    let body = ReportCreated {
        id: filed.id,
        tracking_code: filed.tracking_code,
        status: filed.status,
        status_label: filed.status.label(),
        submitted_at: filed.submitted_at,
        tracking_url: location.clone(),
    };
    let mut response = HttpResponse::build(StatusCode::CREATED);
    response.insert_header((header::LOCATION, location));
    if filed.replayed {
        response.insert_header(("Idempotent-Replayed", "true"));
    }
    response.json(body)
}
