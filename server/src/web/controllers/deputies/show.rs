use actix_web::{HttpRequest, HttpResponse, get, web};

use super::{DeputyPage, ReportPrefill};
use crate::app::error::{AppError, ErrorCode};
use crate::app::reads::Made;
use crate::app::state::AppState;
use crate::web::problem::Problem;

/// A deputy's public page: what the deputy's QR code (代表码) opens. `report_prefill` gives the fields that
/// make a report go to this deputy.
#[utoipa::path(
    tag = "reference",
    params(("code" = String, Path, description = "Deputy code.", example = "D-001")),
    responses(
        (status = 200, description = "The deputy's profile and report pre-fill.", body = DeputyPage),
        (status = 304, description = "Not modified: `If-None-Match` names the current `ETag`."),
        (status = 404, description = "`deputy_not_found` (also for deputies who have left).", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/deputies/{code}")]
pub async fn handler(
    state: web::Data<AppState>,
    path: web::Path<String>,
    request: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let key = format!("deputy:{path}");
    let kept = state
        .reads
        .get_or_make(&state.storage, &key, false, state.clock.now(), || async {
            let deputy = super::profiles(&state, None, Some(&path))
                .await?
                .into_iter()
                .next()
                .ok_or_else(|| AppError::new(ErrorCode::DeputyNotFound, format!("There is no deputy `{path}`.")))?;
            let report_prefill =
                ReportPrefill { deputy: deputy.code.clone(), station: deputy.stations.first().cloned() };
            let entry = crate::web::controllers::entry::EntryPoint::deputy(&state.public_url, &deputy.code);
            Made::json(&DeputyPage { deputy, report_prefill, entry }, None)
        })
        .await?;
    Ok(crate::web::conditional::answer(&request, &kept))
}
