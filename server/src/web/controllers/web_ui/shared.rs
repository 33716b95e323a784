use actix_web::{HttpRequest, HttpResponse, get, web};

use crate::app::error::AppError;
use crate::app::state::AppState;
use crate::web::problem::Problem;

/// What the screens share (`web-ui/shared/`): building the page from text, words in Chinese and English, the
/// API client that explains problems, the base styles.
#[utoipa::path(
    tag = "screens",
    params(("file" = String, Path, description = "A shared file.", example = "base.css")),
    responses(
        (status = 200, description = "The file, revalidated on every load (`Cache-Control: no-cache`, `ETag`), with the pages' `Content-Security-Policy`."),
        (status = 404, description = "`not_found`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/ui/shared/{file:.*}")]
pub async fn handler(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, AppError> {
    super::send(&state, &req, "shared").await
}
