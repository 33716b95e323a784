use actix_web::{post, web};

use super::{RefreshRequest, TokenPair, refresh_lifetime, token_pair};
use crate::app::error::{AppError, ErrorCode};
use crate::app::state::AppState;
use crate::infra::auth::tokens::{hash_secret, new_refresh_token};
use crate::storage::sessions::{RevokeReason, Rotation};
use crate::web::extract::json::JsonBody;
use crate::web::problem::Problem;

/// Trades a refresh token for a new access token and a new refresh token.
///
/// Each refresh token works once. Presenting one that was already used means it was copied: the whole
/// session ends, for the thief and the rightful holder alike, who then signs in again.
#[utoipa::path(
    tag = "auth",
    request_body = RefreshRequest,
    responses(
        (status = 200, description = "A new pair; the old refresh token is spent.", body = TokenPair),
        (status = 401, description = "`invalid_refresh_token`: unknown, expired, already used (the session is now ended) or of an ended session.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/refresh")]
pub async fn handler(
    state: web::Data<AppState>,
    JsonBody(body): JsonBody<RefreshRequest>,
) -> Result<web::Json<TokenPair>, AppError> {
    let replacement = new_refresh_token();
    let presented = hash_secret(body.refresh_token.trim());
    let expiry = |subject| state.clock.now() + refresh_lifetime(&state, subject);
    let outcome = state.storage.rotate_refresh_token(&presented, &hash_secret(&replacement), expiry).await?;
    match outcome {
        Rotation::Rotated { session_id, subject } => {
            let Some(principal) = state.storage.resolve_principal(subject, session_id).await? else {
                state.storage.revoke_session(session_id, RevokeReason::Logout).await?;
                return Err(refused("This account or device is no longer active."));
            };
            let lifetime = refresh_lifetime(&state, subject);
            Ok(web::Json(token_pair(&state, subject, principal.role(), session_id, replacement, lifetime)?))
        }
        Rotation::ReuseDetected => {
            tracing::warn!("a used refresh token was presented again; its session is revoked");
            Err(refused("This refresh token was already used, so the session has been ended. Sign in again."))
        }
        Rotation::Refused => {
            Err(refused("The refresh token is unknown, expired or of an ended session. Sign in again."))
        }
    }
}

fn refused(detail: &str) -> AppError {
    AppError::new(ErrorCode::InvalidRefreshToken, detail)
}
