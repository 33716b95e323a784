use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, web};

use crate::app::error::AppError;
use crate::app::state::AppState;
use crate::web::problem::Problem;

/// The citizen's phone app (掌上联络站), a phone page in the style of a WeChat mini-program that works in
/// WeChat's in-app browser and in any mobile browser: the nearest station and its deputies, reporting with
/// photos and a place, following one's reports (timeline, answer, rating, adding information), booking a
/// reception and the results board. The station and deputy QR codes open it. Tokens stay in the browser's
/// storage, never in an address.
#[utoipa::path(
    tag = "screens",
    params(("file" = String, Path, description = "A file of the app; empty for `index.html`.", example = "app.js")),
    responses(
        (status = 200, description = "The file, revalidated on every load (`Cache-Control: no-cache`, `ETag`), with the pages' `Content-Security-Policy` and `Referrer-Policy: no-referrer`."),
        (status = 404, description = "`not_found`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/m/{file:.*}")]
pub async fn handler(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, AppError> {
    super::send(&state, &req, "citizen").await
}

/// `/m` without the slash (browsers keep the fragment across the redirect). Not in the document.
#[get("/m")]
pub async fn redirect() -> HttpResponse {
    HttpResponse::MovedPermanently().insert_header((header::LOCATION, "/m/")).finish()
}
