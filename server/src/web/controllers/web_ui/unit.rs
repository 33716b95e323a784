use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, web};

use crate::app::error::AppError;
use crate::app::state::AppState;
use crate::web::problem::Problem;

/// The page a handling unit's notice opens, `{public_url}/unit/#{token}` (承办单位办理页), and its files: it
/// reads the signed link's token from the address's fragment (never sent to a server) and works through
/// `/api/v1/unit-links/{token}`: the report, photos and documents, the reply.
#[utoipa::path(
    tag = "screens",
    params(("file" = String, Path, description = "A file of the page; empty for `index.html`.", example = "unit.js")),
    responses(
        (status = 200, description = "The file, revalidated on every load (`Cache-Control: no-cache`, `ETag`), with the pages' `Content-Security-Policy` and `Referrer-Policy: no-referrer`."),
        (status = 404, description = "`not_found`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/unit/{file:.*}")]
pub async fn handler(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, AppError> {
    super::send(&state, &req, "unit").await
}

/// `/unit` without the slash: the page's relative links need it (browsers keep the fragment, the token,
/// across the redirect). Not in the document.
#[get("/unit")]
pub async fn redirect() -> HttpResponse {
    HttpResponse::MovedPermanently().insert_header((header::LOCATION, "/unit/")).finish()
}
