use actix_web::{HttpResponse, post, web};

use super::RefreshRequest;
use crate::app::error::AppError;
use crate::app::state::AppState;
use crate::infra::auth::tokens::hash_secret;
use crate::web::extract::json::JsonBody;

/// Ends the session the refresh token belongs to: its refresh tokens stop working, and so do its access
/// tokens, at once. Answers 204 whether or not the token was known, so it reveals nothing.
#[utoipa::path(
    tag = "auth",
    request_body = RefreshRequest,
    responses(
        (status = 204, description = "The session is over."),
    )
)]
#[post("/auth/logout")]
pub async fn handler(
    state: web::Data<AppState>,
    JsonBody(body): JsonBody<RefreshRequest>,
) -> Result<HttpResponse, AppError> {
    if state.storage.revoke_session_by_refresh_token(&hash_secret(body.refresh_token.trim())).await? {
        tracing::info!("signed out");
    }
    Ok(HttpResponse::NoContent().finish())
}
