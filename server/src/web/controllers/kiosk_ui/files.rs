use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, web};

use crate::app::error::AppError;
use crate::app::state::AppState;
use crate::web::problem::Problem;
use crate::web::static_files;

/// The kiosk app (plain HTML, CSS and ES modules from the `kiosk_ui_dir` folder); `/kiosk/` is its start page.
/// QR entry points (`/q/d/…`, `/q/s/…`) send phones here with the report form pre-filled.
#[utoipa::path(
    tag = "kiosks",
    params(("file" = String, Path, description = "A file of the app; empty for `index.html`.", example = "app.js")),
    responses(
        (status = 200, description = "The file, revalidated on every load (`Cache-Control: no-cache`, `ETag`), with the pages' `Content-Security-Policy` and `Referrer-Policy: no-referrer`."),
        (status = 404, description = "`not_found`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/kiosk/{file:.*}")]
pub async fn handler(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, AppError> {
    let file = static_files::or_index(req.match_info().query("file"));
    let path = static_files::resolve(&state.kiosk_ui, &file).ok_or_else(|| static_files::not_found(super::APP))?;
    static_files::send(&req, path, super::APP).await
}

/// `/kiosk` without the slash: relative links in the app need it. Not in the document.
#[get("/kiosk")]
pub async fn redirect(req: HttpRequest) -> HttpResponse {
    let location = match req.query_string() {
        "" => "/kiosk/".to_owned(),
        query => format!("/kiosk/?{query}"),
    };
    HttpResponse::MovedPermanently().insert_header((header::LOCATION, location)).finish()
}
