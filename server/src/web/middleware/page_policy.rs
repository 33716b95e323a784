//! What a browser may do with what this server sends it: a strict Content-Security-Policy and no referrer, on
//! every file of the browser apps (`web::static_files`) and, through this middleware, on any other HTML or
//! SVG document (the API explorer, the QR codes). Pages run only this server's own scripts and styles (no
//! inline code, no `eval`), talk only to this server, show images from it (photos come from it too, through
//! signed links, whichever photo store is configured), from `blob:` (a photo just taken) and `data:`, and
//! from the map's tile service when one is configured (`[map] tile_url`), and cannot be framed.

use actix_web::Error;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderMap, HeaderValue};
use actix_web::middleware::Next;
use actix_web::web::Data;

use crate::app::state::AppState;

/// The policy, one directive per thing a page may load or do.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
     img-src 'self' blob: data:; connect-src 'self'; font-src 'self'; manifest-src 'self'; worker-src 'self'; \
     media-src 'self' blob:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

/// The policy with `origin` (a checked map tile service) allowed as an image source too.
fn with_images_from(origin: &str) -> Option<HeaderValue> {
    let policy = CONTENT_SECURITY_POLICY.replacen("img-src 'self'", &format!("img-src 'self' {origin}"), 1);
    HeaderValue::from_str(&policy).ok()
}

/// Sets the policy (with the map's tile service among image sources, when one is configured),
/// `Referrer-Policy: no-referrer` (a unit's link carries its token) and `nosniff`.
pub fn protect(headers: &mut HeaderMap, tile_origin: Option<&str>) {
    let policy = tile_origin.and_then(with_images_from);
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        policy.unwrap_or_else(|| HeaderValue::from_static(CONTENT_SECURITY_POLICY)),
    );
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
}

/// Whether a response is a document a browser would render with scripts: HTML, XHTML or SVG.
fn is_document(headers: &HeaderMap) -> bool {
    let Some(media_type) = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let media_type = media_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    matches!(media_type.as_str(), "text/html" | "application/xhtml+xml" | "image/svg+xml")
}

/// The middleware function, for `actix_web::middleware::from_fn`: protects every document that has no policy
/// of its own (a PDF download keeps its sandbox).
pub async fn documents(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let tile_origin = req.app_data::<Data<AppState>>().and_then(|state| state.tile_origin.clone());
    let mut response = next.call(req).await?;
    let headers = response.headers_mut();
    if is_document(headers) && !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        protect(headers, tile_origin.as_deref());
    }
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_and_svg_are_documents_and_json_is_not() {
        let with = |value: &'static str| {
            let mut headers = HeaderMap::new();
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(value));
            is_document(&headers)
        };
        assert!(with("text/html; charset=utf-8"));
        assert!(with("Text/HTML"));
        assert!(with("image/svg+xml"));
        assert!(!with("application/json"));
        assert!(!with("application/problem+json"));
        assert!(!is_document(&HeaderMap::new()));
    }

    #[test]
    fn the_policy_allows_nothing_inline_and_no_framing() {
        for directive in [
            "default-src 'none'",
            "script-src 'self';",
            "style-src 'self';",
            "connect-src 'self';",
            "frame-ancestors 'none'",
            "base-uri 'none'",
            "object-src 'none'",
            "form-action 'self'",
        ] {
            assert!(CONTENT_SECURITY_POLICY.contains(directive), "{directive}");
        }
        assert!(!CONTENT_SECURITY_POLICY.contains("unsafe"));
        // One line: a header value cannot hold a line break.
        assert!(HeaderValue::from_str(CONTENT_SECURITY_POLICY).is_ok());
    }
}
