use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, web};

use crate::app::error::{AppError, ErrorCode};
use crate::app::state::AppState;
use crate::web::problem::Problem;

/// The kiosk app (plain HTML, CSS and ES modules from the `kiosk_ui_dir` folder); `/kiosk/` is its start page.
/// QR entry points (`/q/d/…`, `/q/s/…`) send phones here with the report form pre-filled.
#[utoipa::path(
    tag = "kiosks",
    params(("file" = String, Path, description = "A file of the app; empty for `index.html`.", example = "app.js")),
    responses(
        (status = 200, description = "The file, revalidated on every load (`Cache-Control: no-cache`, `ETag`)."),
        (status = 404, description = "`not_found`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/kiosk/{file:.*}")]
pub async fn handler(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, AppError> {
    let file = req.match_info().query("file");
    let file = if file.is_empty() || file.ends_with('/') { format!("{file}index.html") } else { file.to_owned() };
    let path = super::resolve(&state.kiosk_ui, &file)
        .ok_or_else(|| AppError::new(ErrorCode::NotFound, "There is no such file in the kiosk app."))?;
    super::send(&req, path).await
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
