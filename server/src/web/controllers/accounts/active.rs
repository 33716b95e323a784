use actix_web::{put, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::app::accounts::set_active;
use crate::app::error::AppError;
use crate::app::state::AppState;
use crate::web::auth::AdminOnly;
use crate::web::extract::json::JsonBody;
use crate::web::problem::Problem;

/// Whether the account may sign in.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AccountActive {
    pub active: bool,
}

/// Stops an official's account or lets it sign in again (administrators only): someone who left the station,
/// or a lost phone. Stopping ends every session of the account at once (its next request is refused); its
/// records, bindings and history stay. An administrator cannot stop their own account. Audited as
/// `account.stop` or `account.start`.
#[utoipa::path(
    tag = "accounts",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The account's id.")),
    request_body = AccountActive,
    responses(
        (status = 200, description = "Done.", body = AccountActive),
        (status = 403, description = "`forbidden`: administrators only.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`account_not_found`: no official's account has this id.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`conflict`: an administrator stopping their own account.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/accounts/{id}/active")]
pub async fn handler(
    state: web::Data<AppState>,
    admin: AdminOnly,
    id: web::Path<Uuid>,
    body: JsonBody<AccountActive>,
) -> Result<web::Json<AccountActive>, AppError> {
    let JsonBody(AccountActive { active }) = body;
    set_active(&state.storage, admin.account_id, id.into_inner(), active).await?;
    Ok(web::Json(AccountActive { active }))
}
