use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, web};

use crate::app::error::AppError;
use crate::app::state::AppState;
use crate::web::problem::Problem;

/// The station console (联络站工作台), a desktop page for station staff, station heads, the committee and
/// administrators: every staff notice opens `{public_url}/console/#/reports/{id}` here. It signs people in
/// (password, phone code, or WeCom inside WeCom), keeps the tokens in the browser's storage (never in an
/// address), shows only what the role may do, and works through the API: triage, supervision, reception
/// days, the figures, the directory and devices.
#[utoipa::path(
    tag = "screens",
    params(("file" = String, Path, description = "A file of the console; empty for `index.html`.", example = "app.js")),
    responses(
        (status = 200, description = "The file, revalidated on every load (`Cache-Control: no-cache`, `ETag`), with the pages' `Content-Security-Policy` and `Referrer-Policy: no-referrer`."),
        (status = 404, description = "`not_found`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/console/{file:.*}")]
pub async fn handler(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, AppError> {
    super::send(&state, &req, "console").await
}

/// `/console` without the slash: the page's relative links need it (browsers keep the fragment, the route,
/// across the redirect). Not in the document.
#[get("/console")]
pub async fn redirect() -> HttpResponse {
    HttpResponse::MovedPermanently().insert_header((header::LOCATION, "/console/")).finish()
}
