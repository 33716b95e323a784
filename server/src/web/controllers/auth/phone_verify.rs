use actix_web::{post, web};
use serde::Deserialize;
use utoipa::ToSchema;

use super::phone_code::{canonical_phone, code_hash};
use super::{TokenPair, start_session};
use crate::app::error::{AppError, ErrorCode};
use crate::app::state::AppState;
use crate::domain::access::Role;
use crate::domain::access::Subject;
use crate::storage::phone_codes::CodeCheck;
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

/// Signs a citizen in with the code sent to their phone; the citizen is created on first sign-in, with the
/// number stored encrypted.
#[utoipa::path(
    tag = "auth",
    request_body = PhoneVerifyRequest,
    responses(
        (status = 200, description = "Signed in as a citizen.", body = TokenPair),
        (status = 401, description = "`invalid_phone_code`: wrong, expired, used or out of guesses; `detail` says which and how many guesses remain.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/phone/verify")]
pub async fn handler(
    state: web::Data<AppState>,
    JsonBody(body): JsonBody<PhoneVerifyRequest>,
) -> Result<web::Json<TokenPair>, AppError> {
    let phone = canonical_phone(&body.phone)?;
    let code = body.code.trim();
    let lookup = state.vault.lookup_hash(&phone);
    let max = state.rate_limits.phone_code_attempts;
    let verdict = if code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()) {
        state.storage.check_phone_code(&lookup, &code_hash(&state, &phone, code), max).await?
    } else {
        // Not a code at all still costs a guess, so the shape of the input tells an attacker nothing.
        state.storage.check_phone_code(&lookup, "", max).await?
    };
    match verdict {
        CodeCheck::Valid => {}
        CodeCheck::Wrong { remaining } if remaining > 0 => {
            return Err(AppError::new(
                ErrorCode::InvalidPhoneCode,
                format!("The code is wrong; {remaining} tries remain."),
            ));
        }
        CodeCheck::Wrong { .. } | CodeCheck::NoLiveCode => {
            return Err(AppError::new(
                ErrorCode::InvalidPhoneCode,
                "No valid code for this number: it expired, was used or had too many wrong tries. Ask for a new one.",
            ));
        }
    }
    let citizen = state.storage.phone_citizen(&lookup, &state.vault.encrypt(&phone)).await?;
    if !citizen.active {
        return Err(AppError::new(ErrorCode::Forbidden, "This account is disabled."));
    }
    tracing::info!(account = %citizen.id, "citizen signed in with a phone code");
    Ok(web::Json(start_session(&state, Subject::Account(citizen.id), Role::Citizen).await?))
}
