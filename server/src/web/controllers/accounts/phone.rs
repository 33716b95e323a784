use actix_web::{delete, put, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::app::error::AppError;
use crate::app::sign_in::phone;
use crate::app::state::AppState;
use crate::web::auth::AdminOnly;
use crate::web::extract::json::JsonBody;
use crate::web::problem::Problem;

/// The phone number to put on file.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AccountPhoneRequest {
    #[schema(
        example = "13812341234",
        pattern = r"^[ ()-]*(?:\+[ ()-]*8[ ()-]*6[ ()-]*|0[ ()-]*0[ ()-]*8[ ()-]*6[ ()-]*|8[ ()-]*6[ ()-]*)?1[ ()-]*[3-9][ ()-]*(?:[0-9][ ()-]*){9}$"
    )]
    pub phone: String,
}

/// An account's number on file.
#[derive(Debug, Serialize, ToSchema)]
pub struct AccountPhoneView {
    pub id: Uuid,
    /// Masked; absent when none is on file.
    #[schema(example = "138****1234")]
    pub phone: Option<String>,
}

/// Puts a phone number on file for a deputy's, staff member's or administrator's account (administrators
/// only); phone-code sign-in with that number then reaches the account. Stored encrypted, with a keyed hash
/// to find it. A number belongs to one account: one another account holds is `phone_taken` (a citizen's
/// number moves only when its owner proves it with a code at `PUT /api/v1/me/phone`). Audited.
#[utoipa::path(
    tag = "accounts",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The account's id.")),
    request_body = AccountPhoneRequest,
    responses(
        (status = 200, description = "Set.", body = AccountPhoneView),
        (status = 403, description = "`forbidden`: administrators only.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`account_not_found`: no deputy, staff or administrator account has this id.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`phone_taken`: another account holds the number.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/accounts/{id}/phone")]
pub async fn set(
    state: web::Data<AppState>,
    admin: AdminOnly,
    path: web::Path<Uuid>,
    JsonBody(body): JsonBody<AccountPhoneRequest>,
) -> Result<web::Json<AccountPhoneView>, AppError> {
    let id = path.into_inner();
    let phone = phone::set_for(&state, admin.account_id, id, Some(&body.phone)).await?;
    Ok(web::Json(AccountPhoneView { id, phone }))
}

/// Removes the phone number on file of a deputy's, staff member's or administrator's account
/// (administrators only); refused when it is the account's only way in. Audited.
#[utoipa::path(
    tag = "accounts",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The account's id.")),
    responses(
        (status = 200, description = "Removed (or there was none).", body = AccountPhoneView),
        (status = 403, description = "`forbidden`: administrators only.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`account_not_found`: no deputy, staff or administrator account has this id.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`last_sign_in_method`: the account has no other way in.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/accounts/{id}/phone")]
pub async fn remove(
    state: web::Data<AppState>,
    admin: AdminOnly,
    path: web::Path<Uuid>,
) -> Result<web::Json<AccountPhoneView>, AppError> {
    let id = path.into_inner();
    let phone = phone::set_for(&state, admin.account_id, id, None).await?;
    Ok(web::Json(AccountPhoneView { id, phone }))
}
