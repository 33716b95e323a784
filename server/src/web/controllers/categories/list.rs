use actix_web::{HttpRequest, HttpResponse, get, web};

use super::{CategoryList, CategoryView};
use crate::app::error::AppError;
use crate::app::reads::Made;
use crate::app::state::AppState;
use crate::web::problem::Problem;

/// Lists the categories a report can be filed under, in the order kiosks show them. Answered from memory
/// with an `ETag` (send it back as `If-None-Match` for a `304`).
#[utoipa::path(
    tag = "reference",
    responses(
        (status = 200, description = "Active categories in display order.", body = CategoryList),
        (status = 304, description = "Not modified: `If-None-Match` names the current `ETag`."),
        (status = 503, description = "The database is busy.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/categories")]
pub async fn handler(state: web::Data<AppState>, request: HttpRequest) -> Result<HttpResponse, AppError> {
    let kept = state
        .reads
        .get_or_make(&state.storage, "categories", false, state.clock.now(), || async {
            let items = state.storage.list_categories().await?.into_iter().map(CategoryView::from).collect();
            Made::json(&CategoryList { items }, None)
        })
        .await?;
    Ok(crate::web::conditional::answer(&request, &kept))
}
