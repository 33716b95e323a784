use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, web};

use crate::app::error::AppError;
use crate::app::state::AppState;
use crate::web::problem::Problem;

/// The deputy's workbench (代表工作台), a phone page: every deputy notice opens
/// `{public_url}/deputy/#/reports/{id}` here. It signs the deputy in (phone code, password, or WeCom and the
/// official account inside those apps), keeps the tokens in the browser's storage (never in an address),
/// and works through the API: the inbox, a report, the actions, the deputy's record and notices.
#[utoipa::path(
    tag = "screens",
    params(("file" = String, Path, description = "A file of the workbench; empty for `index.html`.", example = "app.js")),
    responses(
        (status = 200, description = "The file, revalidated on every load (`Cache-Control: no-cache`, `ETag`), with the pages' `Content-Security-Policy` and `Referrer-Policy: no-referrer`."),
        (status = 404, description = "`not_found`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/deputy/{file:.*}")]
pub async fn handler(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, AppError> {
    super::send(&state, &req, "deputy").await
}

/// `/deputy` without the slash: the page's relative links need it (browsers keep the fragment, the route,
/// across the redirect). Not in the document.
#[get("/deputy")]
pub async fn redirect() -> HttpResponse {
    HttpResponse::MovedPermanently().insert_header((header::LOCATION, "/deputy/")).finish()
}
