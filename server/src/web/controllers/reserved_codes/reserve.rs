use actix_web::{post, web};
use serde::Serialize;
use utoipa::ToSchema;

use crate::app::error::AppError;
use crate::app::state::AppState;
use crate::web::auth::KioskOnly;
use crate::web::problem::Problem;

/// The kiosk's unused reserved codes.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReservedCodes {
    /// Oldest first; print one on the receipt of a report saved offline and send it as `reserved_code`.
    #[schema(example = json!(["LS-7KQ-9M3-XDP"]))]
    pub codes: Vec<String>,
}

/// Tops up this kiosk's reserved tracking codes to ten and lists the unused ones. Call it whenever the
/// kiosk is online; a report saved offline is filed later under the code its receipt showed
/// (`reserved_code`), and until then the tracking page says it has not arrived yet (`report_not_arrived`).
#[utoipa::path(
    tag = "kiosks",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The unused codes.", body = ReservedCodes),
        (status = 403, description = "`forbidden`: kiosks only.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/kiosks/me/reserved-codes")]
pub async fn handler(state: web::Data<AppState>, kiosk: KioskOnly) -> Result<web::Json<ReservedCodes>, AppError> {
    Ok(web::Json(ReservedCodes { codes: state.storage.reserve_codes(kiosk.kiosk_id).await? }))
}
