//! The one error type handlers return, and its table of stable machine-readable codes.
//!
//! Every error leaves the server as RFC 9457 `application/problem+json` with a `code` that clients can rely
//! on. A server-side failure (5xx) logs its full cause chain under the request id and sends back only that id.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;
use utoipa::ToSchema;

use crate::domain::report::FieldError;
use crate::middleware::request_id;
use crate::storage::StorageError;

/// Declares every error code once, with its HTTP status and a short English title.
macro_rules! error_codes {
    ($($variant:ident => ($status:expr, $code:literal, $title:literal),)+) => {
        /// Stable machine-readable error codes. Clients match on these; they never change meaning.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum ErrorCode { $($variant,)+ }

        impl ErrorCode {
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant,)+];

            pub fn as_str(self) -> &'static str {
                match self { $(ErrorCode::$variant => $code,)+ }
            }

            pub fn status(self) -> StatusCode {
                match self { $(ErrorCode::$variant => $status,)+ }
            }

            pub fn title(self) -> &'static str {
                match self { $(ErrorCode::$variant => $title,)+ }
            }
        }
    };
}

error_codes! {
    MalformedJson => (StatusCode::BAD_REQUEST, "malformed_json", "The body is not valid JSON"),
    MalformedMultipart => (StatusCode::BAD_REQUEST, "malformed_multipart", "The multipart body cannot be read"),
    InvalidIdempotencyKey => (StatusCode::BAD_REQUEST, "invalid_idempotency_key", "The Idempotency-Key header is not usable"),
    InvalidTrackingCode => (StatusCode::BAD_REQUEST, "invalid_tracking_code", "That is not a tracking code"),
    InvalidQuery => (StatusCode::BAD_REQUEST, "invalid_query", "The query string is not valid"),
    Unauthenticated => (StatusCode::UNAUTHORIZED, "unauthenticated", "Sign in first"),
    InvalidToken => (StatusCode::UNAUTHORIZED, "invalid_token", "The access token is not valid"),
    InvalidCredentials => (StatusCode::UNAUTHORIZED, "invalid_credentials", "Wrong username or password"),
    InvalidRefreshToken => (StatusCode::UNAUTHORIZED, "invalid_refresh_token", "The refresh token is not valid"),
    InvalidEnrollmentCode => (StatusCode::UNAUTHORIZED, "invalid_enrollment_code", "The enrollment code is not valid"),
    InvalidPhoneCode => (StatusCode::UNAUTHORIZED, "invalid_phone_code", "The verification code is not valid"),
    WechatCodeInvalid => (StatusCode::UNAUTHORIZED, "wechat_code_invalid", "WeChat did not accept the login code"),
    Forbidden => (StatusCode::FORBIDDEN, "forbidden", "You may not do this"),
    WechatUserBlocked => (StatusCode::FORBIDDEN, "wechat_user_blocked", "WeChat does not allow this user to sign in"),
    NotFound => (StatusCode::NOT_FOUND, "not_found", "There is nothing at this address"),
    ReportNotFound => (StatusCode::NOT_FOUND, "report_not_found", "No report has this tracking code"),
    StationNotFound => (StatusCode::NOT_FOUND, "station_not_found", "No station has this code"),
    KioskNotFound => (StatusCode::NOT_FOUND, "kiosk_not_found", "No such kiosk"),
    PhotoNotFound => (StatusCode::NOT_FOUND, "photo_not_found", "No such photo"),
    DeputyNotFound => (StatusCode::NOT_FOUND, "deputy_not_found", "No deputy has this code"),
    ReceptionDayNotFound => (StatusCode::NOT_FOUND, "reception_day_not_found", "No such reception day"),
    NoContactPhone => (StatusCode::NOT_FOUND, "no_contact_phone", "The citizen left no phone number"),
    UsernameTaken => (StatusCode::CONFLICT, "username_taken", "This username is taken"),
    MethodNotAllowed => (StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed", "This method is not allowed here"),
    Conflict => (StatusCode::CONFLICT, "conflict", "The request conflicts with data already stored"),
    InvalidTransition => (StatusCode::CONFLICT, "invalid_transition", "The report is not in a state where this can be done"),
    PayloadTooLarge => (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large", "The request body is too large"),
    PhotoTooLarge => (StatusCode::PAYLOAD_TOO_LARGE, "photo_too_large", "A photo is too large"),
    UnsupportedContentType => (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_content_type", "This content type is not accepted here"),
    UnsupportedMediaType => (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", "This photo format is not accepted"),
    ValidationFailed => (StatusCode::UNPROCESSABLE_ENTITY, "validation_failed", "Some fields are missing or invalid"),
    UnknownCategory => (StatusCode::UNPROCESSABLE_ENTITY, "unknown_category", "No such category"),
    UnknownStation => (StatusCode::UNPROCESSABLE_ENTITY, "unknown_station", "No such station"),
    UnknownDeputy => (StatusCode::UNPROCESSABLE_ENTITY, "unknown_deputy", "No such deputy"),
    UnknownHandlingUnit => (StatusCode::UNPROCESSABLE_ENTITY, "unknown_handling_unit", "No such handling unit"),
    InvalidAction => (StatusCode::UNPROCESSABLE_ENTITY, "invalid_action", "The action is incomplete or not allowed as given"),
    UnknownPlace => (StatusCode::UNPROCESSABLE_ENTITY, "unknown_place", "No such area or building"),
    InvalidDirectory => (StatusCode::UNPROCESSABLE_ENTITY, "invalid_directory", "The directory change is inconsistent"),
    TooManyPhotos => (StatusCode::UNPROCESSABLE_ENTITY, "too_many_photos", "Too many photos on one report"),
    ImageTooLarge => (StatusCode::UNPROCESSABLE_ENTITY, "image_too_large", "A photo has too many pixels"),
    InvalidImage => (StatusCode::UNPROCESSABLE_ENTITY, "invalid_image", "A photo is damaged or cannot be read"),
    IdempotencyKeyReused => (StatusCode::UNPROCESSABLE_ENTITY, "idempotency_key_reused", "This Idempotency-Key was used for a different request"),
    StationMismatch => (StatusCode::UNPROCESSABLE_ENTITY, "station_mismatch", "A kiosk reports only for its own station"),
    TooManyRequests => (StatusCode::TOO_MANY_REQUESTS, "too_many_requests", "Too many requests; wait and try again"),
    AccountLocked => (StatusCode::TOO_MANY_REQUESTS, "account_locked", "Too many wrong passwords; the account is locked for a while"),
    WechatRateLimited => (StatusCode::TOO_MANY_REQUESTS, "wechat_rate_limited", "WeChat asks us to slow down; try again shortly"),
    WechatLoginDisabled => (StatusCode::NOT_IMPLEMENTED, "wechat_login_disabled", "WeChat login is not set up on this server"),
    WechatBadResponse => (StatusCode::BAD_GATEWAY, "wechat_bad_response", "WeChat answered in a way we cannot use"),
    WechatUnavailable => (StatusCode::SERVICE_UNAVAILABLE, "wechat_unavailable", "WeChat is busy or unreachable; try again shortly"),
    SmsUnavailable => (StatusCode::SERVICE_UNAVAILABLE, "sms_unavailable", "The text message could not be sent; try again shortly"),
    ServiceUnavailable => (StatusCode::SERVICE_UNAVAILABLE, "service_unavailable", "The service is busy; try again shortly"),
    InternalError => (StatusCode::INTERNAL_SERVER_ERROR, "internal_error", "Something went wrong on our side"),
}

/// An error on its way to becoming a problem+json response.
#[derive(Debug)]
pub struct ApiError {
    code: ErrorCode,
    detail: Option<String>,
    errors: Vec<FieldError>,
    retry_after_secs: Option<u64>,
    /// Only for server-side failures: the cause, logged and never sent.
    source: Option<anyhow::Error>,
}

impl ApiError {
    pub fn new(code: ErrorCode, detail: impl Into<String>) -> Self {
        Self { code, detail: Some(detail.into()), errors: Vec::new(), retry_after_secs: None, source: None }
    }

    /// A 422 listing every broken field rule.
    pub fn validation(errors: Vec<FieldError>) -> Self {
        Self::with_fields(ErrorCode::ValidationFailed, "Check the fields listed in `errors`.", errors)
    }

    /// An error about particular fields, with its own code.
    pub fn with_fields(code: ErrorCode, detail: impl Into<String>, errors: Vec<FieldError>) -> Self {
        Self { errors, ..Self::new(code, detail) }
    }

    /// A failure on our side; the cause is logged, the client sees only the request id.
    pub fn internal(source: impl Into<anyhow::Error>) -> Self {
        Self {
            code: ErrorCode::InternalError,
            detail: None,
            errors: Vec::new(),
            retry_after_secs: None,
            source: Some(source.into()),
        }
    }

    /// The service cannot answer now; the client should retry after `secs` seconds.
    pub fn unavailable(detail: impl Into<String>, secs: u64) -> Self {
        Self::retry_after(ErrorCode::ServiceUnavailable, detail, secs)
    }

    /// An error the client may retry after `secs` seconds (sent as `Retry-After`, at least 1).
    pub fn retry_after(code: ErrorCode, detail: impl Into<String>, secs: u64) -> Self {
        Self { retry_after_secs: Some(secs.max(1)), ..Self::new(code, detail) }
    }

    pub fn code(&self) -> ErrorCode {
        self.code
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code.as_str(), self.detail.as_deref().unwrap_or(self.code.title()))
    }
}

/// RFC 9457 problem details, as every error response carries them.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "type": "urn:liaison:problem:validation_failed",
    "title": "Some fields are missing or invalid",
    "status": 422,
    "detail": "Check the fields listed in `errors`.",
    "code": "validation_failed",
    "request_id": "0193c0d2-4f6e-7a31-9c1e-5b2a8d0e4f11",
    "errors": [{"field": "description", "code": "required", "message": "describe the problem or suggestion"}]
}))]
pub struct Problem {
    /// `urn:liaison:problem:<code>`.
    #[serde(rename = "type")]
    pub problem_type: String,
    pub title: String,
    pub status: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Stable machine-readable code; see the table in the README.
    pub code: String,
    /// Quote this when asking for help; it finds the server's log lines for the request.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// One entry per invalid field.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

pub const PROBLEM_JSON: &str = "application/problem+json";

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.code.status()
    }

    fn error_response(&self) -> HttpResponse {
        let request_id = request_id::current();
        if let Some(source) = &self.source {
            tracing::error!(error.cause_chain = ?source, error.message = %source, "request failed on the server");
        } else if self.code.status().is_server_error() {
            tracing::warn!(code = self.code.as_str(), detail = ?self.detail, "request could not be served");
        }
        let body = Problem {
            problem_type: format!("urn:liaison:problem:{}", self.code.as_str()),
            title: self.code.title().to_owned(),
            status: self.code.status().as_u16(),
            detail: self.detail.clone(),
            code: self.code.as_str().to_owned(),
            request_id,
            errors: self.errors.clone(),
        };
        let mut response = HttpResponse::build(self.code.status());
        response.insert_header((header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON)));
        if let Some(secs) = self.retry_after_secs {
            response.insert_header((header::RETRY_AFTER, secs.to_string()));
        }
        if self.code.status() == StatusCode::UNAUTHORIZED {
            let challenge = match self.code {
                ErrorCode::InvalidToken => r#"Bearer realm="liaison", error="invalid_token""#,
                _ => r#"Bearer realm="liaison""#,
            };
            response.insert_header((header::WWW_AUTHENTICATE, HeaderValue::from_static(challenge)));
        }
        match serde_json::to_string(&body) {
            Ok(json) => response.body(json),
            Err(_) => response.finish(),
        }
    }
}

impl From<StorageError> for ApiError {
    fn from(err: StorageError) -> Self {
        match err {
            StorageError::Busy(_) => ApiError::unavailable("The database is busy; try again shortly.", 2),
            StorageError::Conflict(what) => ApiError::new(ErrorCode::Conflict, what),
            other => ApiError::internal(other),
        }
    }
}

impl From<crate::editing::EditError> for ApiError {
    fn from(err: crate::editing::EditError) -> Self {
        match err {
            crate::editing::EditError::Invalid(problems) => ApiError::with_fields(
                ErrorCode::InvalidDirectory,
                format!("{} problem(s); nothing was changed: {}", problems.len(), problems.join("; ")),
                problems.into_iter().map(|p| FieldError::new("directory", "inconsistent", p)).collect(),
            ),
            crate::editing::EditError::Storage(err) => err.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_are_unique_snake_case_and_map_to_client_or_server_errors() {
        let mut seen = HashSet::new();
        for code in ErrorCode::ALL {
            assert!(seen.insert(code.as_str()), "duplicate {}", code.as_str());
            assert!(code.as_str().bytes().all(|b| b.is_ascii_lowercase() || b == b'_'));
            assert!(code.status().is_client_error() || code.status().is_server_error());
            assert!(!code.title().is_empty());
        }
    }

    #[test]
    fn a_server_error_hides_its_cause() {
        let err = ApiError::internal(anyhow::anyhow!("password=hunter2 in connection string"));
        let response = err.error_response();
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let body = actix_web::body::to_bytes(response.into_body());
        let bytes = futures_util::FutureExt::now_or_never(body).unwrap().unwrap();
        let text = String::from_utf8(bytes.to_vec()).unwrap();
        assert!(!text.contains("hunter2"), "{text}");
        assert!(text.contains("\"code\":\"internal_error\""), "{text}");
    }

    #[test]
    fn unauthorized_answers_carry_a_bearer_challenge() {
        let response = ApiError::new(ErrorCode::InvalidToken, "expired").error_response();
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        let challenge = response.headers().get(header::WWW_AUTHENTICATE).unwrap().to_str().unwrap();
        assert!(challenge.starts_with("Bearer") && challenge.contains("invalid_token"), "{challenge}");
    }

    #[test]
    fn busy_storage_asks_the_client_to_retry() {
        let response = ApiError::from(StorageError::Busy("pool timed out".into())).error_response();
        assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(response.headers().get(header::RETRY_AFTER).unwrap(), "2");
        assert_eq!(response.headers().get(header::CONTENT_TYPE).unwrap(), PROBLEM_JSON);
    }
}
