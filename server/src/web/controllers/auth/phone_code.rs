use actix_web::{HttpRequest, HttpResponse, post, web};
use chrono::Duration;
use rand::Rng;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::app::error::{AppError, ErrorCode};
use crate::app::sign_in::phone::{canonical_phone, code_hash};
use crate::app::state::AppState;
use crate::web::controllers::throttle;
use crate::web::extract::json::JsonBody;
use crate::web::problem::Problem;

/// Minutes a code stays valid.
pub const CODE_MINUTES: i64 = 5;

/// A phone number to send a code to.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PhoneCodeRequest {
    /// A mainland mobile number; `+86`, spaces and dashes are fine.
    #[schema(
        example = "13812341234",
        pattern = r"^[ ()-]*(?:\+[ ()-]*8[ ()-]*6[ ()-]*|0[ ()-]*0[ ()-]*8[ ()-]*6[ ()-]*|8[ ()-]*6[ ()-]*)?1[ ()-]*[3-9][ ()-]*(?:[0-9][ ()-]*){9}$"
    )]
    pub phone: String,
}

/// A code is on its way.
#[derive(Debug, Serialize, ToSchema)]
pub struct PhoneCodeSent {
    /// The number it went to, masked.
    #[schema(example = "138****1234")]
    pub phone: String,
    /// Seconds the code stays valid.
    #[schema(example = 300)]
    pub expires_in: u64,
    /// Seconds before another code may be requested for this number.
    #[schema(example = 60)]
    pub resend_after: u64,
}

/// Sends a six-digit sign-in code by SMS. Only the newest code counts; it lasts five minutes and allows
/// a limited number of wrong guesses. Each number and each address may ask only so often.
#[utoipa::path(
    tag = "auth",
    request_body = PhoneCodeRequest,
    responses(
        (status = 202, description = "The code was handed to the SMS provider.", body = PhoneCodeSent),
        (status = 422, description = "`validation_failed`: not a mobile number.", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "`too_many_requests`: wait `Retry-After` seconds.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "`sms_unavailable`: the message could not be sent; try again.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/phone/code")]
pub async fn handler(
    req: HttpRequest,
    state: web::Data<AppState>,
    JsonBody(body): JsonBody<PhoneCodeRequest>,
) -> Result<HttpResponse, AppError> {
    let phone = canonical_phone(&body.phone)?;
    let limits = &state.rate_limits;
    let lookup = state.vault.lookup_hash(&phone);
    let ip = throttle::client_ip(&req, &state);
    let interval = std::time::Duration::from_secs(limits.phone_code_interval_secs.max(1));
    let too_many = ErrorCode::TooManyRequests;
    throttle::enforce(&state, "phone-code:ip", &ip, limits.phone_codes_per_ip_per_hour, throttle::HOUR, too_many)
        .await?;
    throttle::enforce(&state, "phone-code:interval", &lookup, 1, interval, too_many).await?;
    let hourly = limits.phone_codes_per_phone_per_hour;
    throttle::enforce(&state, "phone-code:phone", &lookup, hourly, throttle::HOUR, too_many).await?;

    let code = format!("{:06}", rand::rng().random_range(0..1_000_000u32));
    let expires_at = state.clock.now() + Duration::minutes(CODE_MINUTES);
    let id = state.storage.store_phone_code(&lookup, &code_hash(&state, &phone, &code), expires_at).await?;
    if let Err(err) = state.sms.send_code(&phone, &code, CODE_MINUTES.unsigned_abs()).await {
        tracing::warn!(error = %err, "a one-time code could not be sent");
        state.storage.withdraw_phone_code(id).await?;
        return Err(AppError::retry_after(ErrorCode::SmsUnavailable, "The text message could not be sent.", 30));
    }
    Ok(HttpResponse::Accepted().json(PhoneCodeSent {
        phone: crate::infra::pii::mask_phone(&phone),
        expires_in: CODE_MINUTES.unsigned_abs() * 60,
        resend_after: interval.as_secs(),
    }))
}
