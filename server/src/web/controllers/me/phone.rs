use actix_web::{put, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::app::error::AppError;
use crate::app::sign_in::phone;
use crate::app::state::AppState;
use crate::web::auth::Authenticated;
use crate::web::extract::json::JsonBody;
use crate::web::problem::Problem;

/// A phone number and the code sent to it (`POST /api/v1/auth/phone/code`).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OwnPhoneRequest {
    #[schema(
        example = "13812341234",
        pattern = r"^[ ()-]*(?:\+[ ()-]*8[ ()-]*6[ ()-]*|0[ ()-]*0[ ()-]*8[ ()-]*6[ ()-]*|8[ ()-]*6[ ()-]*)?1[ ()-]*[3-9][ ()-]*(?:[0-9][ ()-]*){9}$"
    )]
    pub phone: String,
    #[schema(example = "246810")]
    pub code: String,
}

/// The number on file.
#[derive(Debug, Serialize, ToSchema)]
pub struct PhoneView {
    /// Masked.
    #[schema(example = "138****1234")]
    pub phone: Option<String>,
}

/// Puts a phone number on the caller's account, proven with the code sent to it; phone-code sign-in with
/// that number then reaches this account. A deputy, staff member or administrator takes the number over from
/// a citizen account that held it (the one phone-code sign-in made for it before); a number another official
/// holds, or any other account holds for a citizen, is `phone_taken`. Audited.
#[utoipa::path(
    tag = "auth",
    security(("bearer" = [])),
    request_body = OwnPhoneRequest,
    responses(
        (status = 200, description = "Set.", body = PhoneView),
        (status = 401, description = "`invalid_phone_code`: wrong, expired, used or out of guesses.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`forbidden`: a kiosk.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`phone_taken`: another account holds the number.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/me/phone")]
pub async fn handler(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    JsonBody(body): JsonBody<OwnPhoneRequest>,
) -> Result<web::Json<PhoneView>, AppError> {
    let masked = phone::set_own(&state, &principal, &body.phone, &body.code).await?;
    Ok(web::Json(PhoneView { phone: Some(masked) }))
}
