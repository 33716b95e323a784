use actix_web::{get, web};

use super::{CategoryList, CategoryView};
use crate::app::error::AppError;
use crate::app::state::AppState;
use crate::web::problem::Problem;

/// Lists the categories a report can be filed under, in the order kiosks show them.
#[utoipa::path(
    tag = "reference",
    responses(
        (status = 200, description = "Active categories in display order.", body = CategoryList),
        (status = 503, description = "The database is busy.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/categories")]
pub async fn handler(state: web::Data<AppState>) -> Result<web::Json<CategoryList>, AppError> {
    let items = state.storage.list_categories().await?.into_iter().map(CategoryView::from).collect();
    Ok(web::Json(CategoryList { items }))
}
