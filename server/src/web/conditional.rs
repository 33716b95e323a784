//! Answers kept in memory (`app/reads.rs`) sent with their entity tag: `304 Not Modified` when the client's
//! `If-None-Match` names it, else the body; `Cache-Control: no-cache`, so clients ask again every time and
//! are answered without a body when nothing changed.

use actix_web::http::header::{CACHE_CONTROL, CONTENT_TYPE, ETAG, IF_NONE_MATCH};
use actix_web::{HttpRequest, HttpResponse};

use crate::app::reads::Kept;

/// Whether `If-None-Match` names `etag` (weak comparison, as RFC 9110 wants for this header).
fn names(request: &HttpRequest, etag: &str) -> bool {
    request
        .headers()
        .get_all(IF_NONE_MATCH)
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .any(|tag| tag == "*" || tag.strip_prefix("W/").unwrap_or(tag) == etag)
}

/// The kept answer, or `304` without a body when the client has it already.
pub fn answer(request: &HttpRequest, kept: &Kept) -> HttpResponse {
    if names(request, &kept.etag) {
        return HttpResponse::NotModified()
            .insert_header((ETAG, kept.etag.clone()))
            .insert_header((CACHE_CONTROL, "no-cache"))
            .finish();
    }
    HttpResponse::Ok()
        .insert_header((CONTENT_TYPE, "application/json"))
        .insert_header((ETAG, kept.etag.clone()))
        .insert_header((CACHE_CONTROL, "no-cache"))
        .body(kept.body.clone())
}

#[cfg(test)]
mod tests {
    use actix_web::test::TestRequest;

    use super::*;

    #[test]
    fn if_none_match_names_the_tag_in_a_list_weakly_or_by_star() {
        let tag = "\"abc\"";
        let asked =
            |value: &str| names(&TestRequest::default().insert_header((IF_NONE_MATCH, value)).to_http_request(), tag);
        assert!(asked("\"abc\""));
        assert!(asked("\"x\", W/\"abc\""));
        assert!(asked("*"));
        assert!(!asked("\"abd\""));
        assert!(!names(&TestRequest::default().to_http_request(), tag));
    }
}
