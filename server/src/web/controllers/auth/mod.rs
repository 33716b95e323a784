//! Signing in and out: passwords (deputies, staff, admins), WeCom (officials tied to a member), WeChat's
//! mini-program and official account, and phone codes (whoever holds the number, else a new citizen),
//! refresh-token rotation and logout. Every successful sign-in answers with the same [`TokenPair`].

use chrono::Duration;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::app::error::AppError;
use crate::app::state::AppState;
use crate::domain::access::Role;
use crate::domain::access::Subject;
use crate::infra::auth::tokens::{hash_secret, new_refresh_token};

pub mod login;
pub mod logout;
pub mod methods;
pub mod phone_code;
pub mod phone_verify;
pub mod refresh;
pub mod wechat;
pub mod wechat_oa;
pub mod wecom;

/// Credentials for the API: send `Authorization: Bearer <access_token>`; before it expires, trade the
/// refresh token for a new pair at `POST /api/v1/auth/refresh`.
#[derive(Debug, Serialize, ToSchema)]
pub struct TokenPair {
    pub access_token: String,
    #[schema(example = "Bearer")]
    pub token_type: &'static str,
    /// Seconds until the access token expires.
    #[schema(example = 900)]
    pub expires_in: u64,
    /// Use once; each use returns a new one. Using one twice ends the session.
    pub refresh_token: String,
    /// Seconds until the refresh token expires.
    pub refresh_expires_in: u64,
    pub role: Role,
    /// The account or kiosk id.
    pub subject_id: Uuid,
}

/// A refresh token, for refreshing or logging out.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RefreshRequest {
    pub refresh_token: String,
}

/// How long refresh tokens of this kind of subject live.
fn refresh_lifetime(state: &AppState, subject: Subject) -> Duration {
    let days = match subject {
        Subject::Kiosk(_) => state.auth.kiosk_refresh_token_days,
        Subject::Account(_) => state.auth.refresh_token_days,
    };
    Duration::days(i64::try_from(days).unwrap_or(30))
}

/// Starts a session for `subject` and returns its first tokens.
pub async fn start_session(state: &AppState, subject: Subject, role: Role) -> Result<TokenPair, AppError> {
    let refresh = new_refresh_token();
    let lifetime = refresh_lifetime(state, subject);
    let sid = state.storage.start_session(subject, &hash_secret(&refresh), state.clock.now() + lifetime).await?;
    token_pair(state, subject, role, sid, refresh, lifetime)
}

fn token_pair(
    state: &AppState,
    subject: Subject,
    role: Role,
    sid: Uuid,
    refresh_token: String,
    lifetime: Duration,
) -> Result<TokenPair, AppError> {
    let access_token = state.tokens.issue(subject, role, sid).map_err(AppError::internal)?;
    Ok(TokenPair {
        access_token,
        token_type: "Bearer",
        expires_in: state.tokens.access_ttl_secs(),
        refresh_token,
        refresh_expires_in: u64::try_from(lifetime.num_seconds()).unwrap_or(0),
        role,
        subject_id: subject.id(),
    })
}
