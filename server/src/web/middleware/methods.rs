//! A problem+json 405 for a method a path does not answer, listing the ones it does in `Allow`.
//!
//! Each route guards its method (`#[get("/kiosks/{id}")]`), so a request with another method would fall
//! through to a later route whose pattern also matches (DELETE `/kiosks/enroll` to DELETE `/kiosks/{id}`) or
//! to the 404. Here, before routing, the first registered pattern that matches the path decides, as if each
//! path were one resource: a method it does not answer is refused. The methods come from the OpenAPI document.

use std::collections::HashMap;
use std::sync::OnceLock;

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{Error, ResponseError};

use crate::app::error::AppError;
use crate::web::openapi;

/// The middleware function, for `actix_web::middleware::from_fn`; inside `head::as_get`, so HEAD arrives
/// as GET.
pub async fn refuse_others(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, Error> {
    // Path only: the first registered pattern that matches, whatever its method.
    if let Some(pattern) = req.match_pattern() {
        let allow = allowed_methods(&pattern);
        let method = req.method().as_str();
        if !allow.split(", ").any(|allowed| allowed == method) {
            let refusal = AppError::method_not_allowed(method, allow).error_response();
            return Ok(req.into_response(refusal).map_into_right_body());
        }
    }
    Ok(next.call(req).await?.map_into_left_body())
}

/// The `Allow` value for a route pattern, from the OpenAPI document (one source of truth; a test checks
/// that every documented method is routed): its methods in upper case, with HEAD wherever GET is (see
/// `head`). The resources the document leaves out, the `/kiosk`, `/unit`, `/deputy` and `/console` redirects and the API
/// explorer, answer GET.
pub fn allowed_methods(pattern: &str) -> &'static str {
    static ALLOWED: OnceLock<HashMap<String, String>> = OnceLock::new();
    let allowed = ALLOWED.get_or_init(|| {
        let mut doc = openapi::api_doc();
        doc.paths
            .paths
            .iter_mut()
            .map(|(path, item)| {
                let mut methods = Vec::new();
                for (method, _) in openapi::operations_mut(item) {
                    methods.push(method.to_ascii_uppercase());
                    if method == "get" {
                        methods.push("HEAD".to_owned());
                    }
                }
                (path.clone(), methods.join(", "))
            })
            .collect()
    });
    allowed.get(&without_regexes(pattern)).map_or("GET, HEAD", String::as_str)
}

/// `/kiosk/{file:.*}` as the document writes it: `/kiosk/{file}`.
fn without_regexes(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut in_regex = false;
    for c in pattern.chars() {
        match c {
            ':' if out.rfind('{') > out.rfind('}') => in_regex = true,
            '}' => {
                in_regex = false;
                out.push(c);
            }
            _ if in_regex => {}
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regexes_are_dropped_from_patterns() {
        assert_eq!(without_regexes("/kiosk/{file:.*}"), "/kiosk/{file}");
        assert_eq!(without_regexes("/api/v1/reports/{id}/photos/{position}"), "/api/v1/reports/{id}/photos/{position}");
    }
}
