use actix_web::{post, web};
use serde::Deserialize;
use utoipa::ToSchema;

use super::{TokenPair, start_session};
use crate::app::error::AppError;
use crate::app::sign_in::phone;
use crate::app::state::AppState;
use crate::domain::access::Subject;
use crate::web::extract::json::JsonBody;
use crate::web::problem::Problem;

/// The phone number and the code it received.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PhoneVerifyRequest {
    #[schema(
        example = "13812341234",
        pattern = r"^[ ()-]*(?:\+[ ()-]*8[ ()-]*6[ ()-]*|0[ ()-]*0[ ()-]*8[ ()-]*6[ ()-]*|8[ ()-]*6[ ()-]*)?1[ ()-]*[3-9][ ()-]*(?:[0-9][ ()-]*){9}$"
    )]
    pub phone: String,
    #[schema(example = "246810")]
    pub code: String,
}

/// Signs in with the code sent to a phone: the account that holds the number (a deputy's, staff member's
/// or administrator's on file, or a citizen's), whose role the answer carries; for a number no account
/// holds, a citizen is created with the number stored encrypted.
#[utoipa::path(
    tag = "auth",
    request_body = PhoneVerifyRequest,
    responses(
        (status = 200, description = "Signed in as the account holding the number.", body = TokenPair),
        (status = 401, description = "`invalid_phone_code`: wrong, expired, used or out of guesses; `detail` says which and how many guesses remain.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`forbidden`: the account is disabled, or acts for a deputy who has left.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/phone/verify")]
pub async fn handler(
    state: web::Data<AppState>,
    JsonBody(body): JsonBody<PhoneVerifyRequest>,
) -> Result<web::Json<TokenPair>, AppError> {
    let signed_in = phone::sign_in(&state, &body.phone, &body.code).await?;
    Ok(web::Json(start_session(&state, Subject::Account(signed_in.account_id), signed_in.role).await?))
}
