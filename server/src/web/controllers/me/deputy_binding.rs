use actix_web::{post, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::app::deputy_binding;
use crate::app::error::{AppError, ErrorCode};
use crate::app::state::AppState;
use crate::web::auth::Authenticated;
use crate::web::controllers::throttle::{HOUR, enforce};
use crate::web::extract::json::JsonBody;
use crate::web::problem::Problem;

/// A binding code from the deputy's station.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DeputyBindingRequest {
    /// As printed or shown: case, spaces and dashes do not matter.
    #[schema(example = "7KQ9M-3XDP2", max_length = 64)]
    pub binding_code: String,
}

/// The deputy the account now acts for.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeputyBindingView {
    #[schema(example = "D-001")]
    pub deputy: String,
    /// The deputy was bound to another account before, which no longer acts for them.
    pub replaced_previous_account: bool,
}

/// Redeems a binding code: the signed-in account (a deputy's, or a citizen's from WeChat or a phone code,
/// which becomes a deputy's) acts for the code's deputy from its next request on: their inbox, their
/// reports, their notices. Each code works once; each account may try `auth.binding_attempts_per_hour`.
#[utoipa::path(
    tag = "accounts",
    security(("bearer" = [])),
    request_body = DeputyBindingRequest,
    responses(
        (status = 200, description = "Bound.", body = DeputyBindingView),
        (status = 409, description = "`binding_code_used`, `deputy_left`, `account_already_bound` (the account acts for another deputy) or `role_cannot_bind` (staff, administrators and kiosks).", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`binding_code_invalid` or `binding_code_expired`.", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "`too_many_requests`: too many codes tried; see `Retry-After`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/me/deputy-binding")]
pub async fn handler(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    JsonBody(body): JsonBody<DeputyBindingRequest>,
) -> Result<web::Json<DeputyBindingView>, AppError> {
    let who = principal.subject_id().to_string();
    let limit = state.auth.binding_attempts_per_hour;
    enforce(&state, "deputy-binding", &who, limit, HOUR, ErrorCode::TooManyRequests).await?;
    let bound = deputy_binding::redeem(&state, &principal, &body.binding_code).await?;
    Ok(web::Json(DeputyBindingView {
        deputy: bound.deputy_code,
        replaced_previous_account: bound.binding.replaces.is_some(),
    }))
}
