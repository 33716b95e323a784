use actix_web::{post, web};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::app::error::{AppError, ErrorCode};
use crate::app::state::AppState;
use crate::domain::access::Subject;
use crate::domain::report::FieldError;
use crate::infra::auth::password;
use crate::storage::sessions::RevokeReason;
use crate::web::auth::Authenticated;
use crate::web::controllers::auth::{TokenPair, start_session};
use crate::web::extract::json::JsonBody;
use crate::web::problem::Problem;

/// The current password and the new one.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordChange {
    #[schema(value_type = String, format = Password)]
    pub current_password: SecretString,
    /// At least 10 characters, not too repetitive, without the username.
    #[schema(value_type = String, format = Password, min_length = 10, max_length = 128)]
    pub new_password: SecretString,
}

/// Changes the caller's password. Every session of the account ends (on other devices too); the answer
/// carries fresh tokens for this one.
#[utoipa::path(
    tag = "auth",
    security(("bearer" = [])),
    request_body = PasswordChange,
    responses(
        (status = 200, description = "Changed; use these tokens from now on.", body = TokenPair),
        (status = 401, description = "`unauthenticated`, `invalid_token`, or `invalid_credentials` (wrong current password).", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`forbidden`: this account signs in without a password.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: the new password is too weak (`errors[]` says why).", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/me/password")]
pub async fn handler(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    JsonBody(body): JsonBody<PasswordChange>,
) -> Result<web::Json<TokenPair>, AppError> {
    if !principal.role().uses_password() {
        return Err(AppError::new(ErrorCode::Forbidden, "This account signs in without a password."));
    }
    let account = state
        .storage
        .find_account(principal.subject_id())
        .await?
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("a resolved account vanished")))?;
    let username = account.username.clone().unwrap_or_default();
    if let Err(why) = password::check_strength(body.new_password.expose_secret(), &username) {
        return Err(AppError::validation(vec![FieldError::new("new_password", "weak_password", why)]));
    }
    let matches =
        password::verify(account.password_hash.clone(), body.current_password).await.map_err(AppError::internal)?;
    if !matches {
        return Err(AppError::new(ErrorCode::InvalidCredentials, "The current password is wrong."));
    }
    let hash = password::hash(body.new_password).await.map_err(AppError::internal)?;
    state.storage.set_password_hash(account.id, &hash).await?;
    let subject = Subject::Account(account.id);
    state.storage.revoke_sessions_of(subject, None, RevokeReason::PasswordChanged).await?;
    tracing::info!(account = %account.id, "password changed; every session ended");
    Ok(web::Json(start_session(&state, subject, principal.role()).await?))
}
