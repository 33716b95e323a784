//! Errors a person meets in a browser, as a page they can read: a phone that opens a mistyped station QR code
//! (`/q/s/…`), a stale link, a page that is gone. A navigation outside `/api/` that asks for HTML and gets
//! problem+json gets the same answer (status, `code`) as a short page instead, in Chinese first and English,
//! with a way back. Programs (which do not ask for HTML) and everything under `/api/` keep problem+json.

use actix_web::Error;
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::Next;
use serde::Deserialize;

/// Bodies larger than this are not problems this server wrote: left as they are.
const LARGEST_PROBLEM: usize = 64 * 1024;

#[derive(Debug, Deserialize)]
struct ProblemFields {
    #[serde(default)]
    code: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    detail: Option<String>,
}

/// What a person is told, by code: what happened and what to do, in Chinese.
fn explain(code: &str, status: u16) -> (&'static str, &'static str) {
    match code {
        "station_not_found" => ("找不到这个联络站", "二维码可能印错或已更换。请向联络站工作人员索取新的二维码。"),
        "deputy_not_found" => ("找不到这位代表", "代表码可能已更换。请到联络站查看本站代表名单。"),
        "report_not_found" => ("找不到这个登记号", "请核对回执上的登记号后再试。"),
        "photo_drop_not_found" | "photo_drop_expired" => {
            ("这个二维码已失效", "请在一体机上重新点「用手机传照片」，扫描新的二维码。")
        }
        "too_many_requests" => ("操作太频繁", "请稍等一会儿再试。"),
        _ if status == 404 || status == 405 => ("页面不存在", "地址可能输错了，或页面已经移走。"),
        _ if status >= 500 => ("系统暂时出了问题", "请稍后再试；如果急需办理，请联系联络站工作人员。"),
        _ => ("无法打开这个页面", "请返回后重试，或联系联络站工作人员。"),
    }
}

/// Text made safe to put between tags or in an attribute.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The page for a problem.
fn page(problem: &ProblemFields, status: u16) -> String {
    let (heading, advice) = explain(&problem.code, status);
    let english = problem.detail.as_deref().filter(|d| !d.is_empty()).unwrap_or(&problem.title);
    format!(
        "<!doctype html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{heading} · 人大代表联络站</title><link rel=\"stylesheet\" href=\"/ui/shared/base.css\"></head>\
         <body><main class=\"problem-page\"><h1>{heading}</h1><p>{advice}</p>\
         <p lang=\"en\">{english}</p><p class=\"problem-code\">{status} · {code}</p>\
         <p><a href=\"/kiosk/\">返回首页 / Home</a></p></main></body></html>\n",
        heading = escape(heading),
        advice = escape(advice),
        english = escape(english),
        code = escape(&problem.code),
    )
}

/// Whether the request is a person's browser navigating (it prefers HTML) outside the API.
fn wants_page(req: &ServiceRequest) -> bool {
    let accepts_html = req
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|accept| accept.split(',').any(|part| part.trim().starts_with("text/html")));
    accepts_html && !req.path().starts_with("/api/")
}

fn is_problem(response: &ServiceResponse<impl MessageBody>) -> bool {
    response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/problem+json"))
}

/// The middleware function, for `actix_web::middleware::from_fn`.
pub async fn for_people(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let wants_page = wants_page(&req);
    let response = next.call(req).await?;
    if !wants_page || !is_problem(&response) {
        return Ok(response.map_into_boxed_body());
    }
    let status = response.status().as_u16();
    let (request, response) = response.into_parts();
    let (response, body) = response.into_parts();
    let bytes = match actix_web::body::to_bytes_limited(body, LARGEST_PROBLEM).await {
        Ok(Ok(bytes)) => bytes,
        // Not a problem this server wrote; nothing sensible to show but a generic page.
        _ => Default::default(),
    };
    let problem: ProblemFields = serde_json::from_slice(&bytes).unwrap_or(ProblemFields {
        code: String::new(),
        title: String::new(),
        detail: None,
    });
    let mut response = response.set_body(page(&problem, status)).map_into_boxed_body();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    response.headers_mut().remove(header::CONTENT_LENGTH);
    Ok(ServiceResponse::new(request, response))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_the_server_said_is_shown_as_text() {
        let problem = ProblemFields {
            code: "station_not_found".into(),
            title: "No station has this code".into(),
            detail: Some("There is no station `<script>alert(1)</script>`.".into()),
        };
        let html = page(&problem, 404);
        assert!(html.contains("找不到这个联络站"));
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(!html.contains("<script>"));
    }

    #[test]
    fn unknown_codes_are_explained_by_their_status() {
        assert_eq!(explain("whatever", 404).0, "页面不存在");
        assert_eq!(explain("internal_error", 500).0, "系统暂时出了问题");
        assert_eq!(explain("forbidden", 403).0, "无法打开这个页面");
    }
}
