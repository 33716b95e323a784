//! RFC 9457 problem+json: how an [`AppError`] leaves the server. A server-side failure (5xx) logs its full
//! cause chain under the request id and sends back only that id.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;
use utoipa::ToSchema;

use crate::app::error::{AppError, ErrorCode};
use crate::domain::reference::problem::ImportProblem;
use crate::domain::report::FieldError;
use crate::web::middleware::request_id;

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
    /// For `import_invalid`: each problem in the imported files, with the file (the form part's name) and its
    /// CSV line or GeoJSON feature.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<ImportProblem>,
}

pub const PROBLEM_JSON: &str = "application/problem+json";

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        status_of(self.code())
    }

    fn error_response(&self) -> HttpResponse {
        let request_id = request_id::current();
        let code = self.code();
        let status = status_of(code);
        if let Some(source) = self.source() {
            tracing::error!(error.cause_chain = ?source, error.message = %source, "request failed on the server");
        } else if status.is_server_error() {
            tracing::warn!(code = code.as_str(), detail = ?self.detail(), "request could not be served");
        }
        let body = Problem {
            problem_type: format!("urn:liaison:problem:{}", code.as_str()),
            title: code.title().to_owned(),
            status: status.as_u16(),
            detail: self.detail().map(str::to_owned),
            code: code.as_str().to_owned(),
            request_id,
            errors: self.field_errors().to_vec(),
            problems: self.import_problems().to_vec(),
        };
        let mut response = HttpResponse::build(status);
        response.insert_header((header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON)));
        if let Some(secs) = self.retry_after_secs() {
            response.insert_header((header::RETRY_AFTER, secs.to_string()));
        }
        if let Some(methods) = self.allow() {
            response.insert_header((header::ALLOW, methods.to_owned()));
        }
        if status == StatusCode::UNAUTHORIZED {
            let challenge = match code {
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

/// The status an error code is answered with.
pub fn status_of(code: ErrorCode) -> StatusCode {
    StatusCode::from_u16(code.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::StorageError;

    #[test]
    fn a_server_error_hides_its_cause() {
        let err = AppError::internal(anyhow::anyhow!("password=hunter2 in connection string"));
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
        let response = AppError::new(ErrorCode::InvalidToken, "expired").error_response();
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        let challenge = response.headers().get(header::WWW_AUTHENTICATE).unwrap().to_str().unwrap();
        assert!(challenge.starts_with("Bearer") && challenge.contains("invalid_token"), "{challenge}");
    }

    #[test]
    fn method_not_allowed_lists_the_allowed_methods() {
        let response = AppError::method_not_allowed("TRACE", "GET, HEAD, PUT").error_response();
        assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
        assert_eq!(response.headers().get(header::ALLOW).unwrap(), "GET, HEAD, PUT");
    }

    #[test]
    fn busy_storage_asks_the_client_to_retry() {
        let response = AppError::from(StorageError::Busy("pool timed out".into())).error_response();
        assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(response.headers().get(header::RETRY_AFTER).unwrap(), "2");
        assert_eq!(response.headers().get(header::CONTENT_TYPE).unwrap(), PROBLEM_JSON);
    }

    #[test]
    fn a_database_that_is_down_or_restarting_answers_503_with_retry_after() {
        use sea_orm::{DbErr, RuntimeErr};
        let refused = std::io::Error::new(std::io::ErrorKind::ConnectionRefused, "connection refused");
        let down = DbErr::Conn(RuntimeErr::SqlxError(sqlx::Error::Io(refused)));
        let reset = std::io::Error::new(std::io::ErrorKind::ConnectionReset, "connection reset by peer");
        let mid_query = DbErr::Query(RuntimeErr::SqlxError(sqlx::Error::Io(reset)));
        let closed = DbErr::Exec(RuntimeErr::SqlxError(sqlx::Error::PoolClosed));
        for err in [down, mid_query, closed] {
            let storage = StorageError::from(err);
            assert!(matches!(storage, StorageError::Unavailable(_)), "{storage:?}");
            let response = AppError::from(storage).error_response();
            assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
            assert_eq!(response.headers().get(header::RETRY_AFTER).unwrap(), "5");
            assert_eq!(response.headers().get(header::CONTENT_TYPE).unwrap(), PROBLEM_JSON);
        }
        // A wrong statement is still the server's fault.
        let wrong = StorageError::from(DbErr::Custom("no such column".into()));
        assert!(matches!(wrong, StorageError::Database(_)));
    }
}
