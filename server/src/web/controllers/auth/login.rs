use actix_web::{HttpRequest, post, web};
use chrono::Duration;
use secrecy::SecretString;
use serde::Deserialize;
use utoipa::ToSchema;

use super::{TokenPair, start_session};
use crate::app::error::{AppError, ErrorCode};
use crate::app::state::AppState;
use crate::domain::access::Role;
use crate::domain::access::Subject;
use crate::domain::binding::deputy_account_usable;
use crate::infra::auth::password;
use crate::storage::accounts::FailedLogin;
use crate::web::controllers::throttle;
use crate::web::extract::json::JsonBody;
use crate::web::problem::Problem;

/// A deputy's, staff member's or administrator's credentials.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    #[schema(example = "wang.li")]
    pub username: String,
    #[schema(value_type = String, format = Password)]
    pub password: SecretString,
}

/// Signs in a deputy, staff member or administrator with a username and password.
///
/// After `auth.max_failed_logins` wrong passwords in a row the account locks for `auth.lockout_minutes`;
/// each address is also limited to `rate_limits.login_per_ip_per_minute` attempts.
#[utoipa::path(
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in.", body = TokenPair),
        (status = 401, description = "`invalid_credentials`: wrong username or password (which one is not said).", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "`account_locked` or `too_many_requests`; see `Retry-After`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/login")]
pub async fn handler(
    req: HttpRequest,
    state: web::Data<AppState>,
    JsonBody(body): JsonBody<LoginRequest>,
) -> Result<web::Json<TokenPair>, AppError> {
    let ip = throttle::client_ip(&req, &state);
    let limit = state.rate_limits.login_per_ip_per_minute;
    throttle::enforce(&state, "login:ip", &ip, limit, throttle::MINUTE, ErrorCode::TooManyRequests).await?;

    let username = body.username.trim().to_lowercase();
    let account = state.storage.find_account_by_username(&username).await?;
    let now = state.clock.now();
    if let Some(until) = account.as_ref().and_then(|a| a.locked_until).filter(|until| *until > now) {
        return Err(locked(until - now));
    }
    let stored_hash = account.as_ref().and_then(|a| a.password_hash.clone());
    let matches = password::verify(stored_hash, body.password).await.map_err(AppError::internal)?;
    let Some(account) = account else {
        return Err(wrong_credentials());
    };
    if !matches {
        let lockout = Duration::minutes(i64::try_from(state.auth.lockout_minutes).unwrap_or(15));
        return match state.storage.record_failed_login(account.id, state.auth.max_failed_logins, lockout).await? {
            FailedLogin::Locked(until) => {
                tracing::warn!(account = %account.id, "account locked after repeated wrong passwords");
                Err(locked(until - state.clock.now()))
            }
            FailedLogin::Counted { .. } => Err(wrong_credentials()),
        };
    }
    let role: Role = account.role;
    if !account.active || !role.uses_password() {
        return Err(wrong_credentials());
    }
    if role == Role::Deputy {
        let deputy = state.storage.deputy_of_account(account.id).await?;
        if !deputy_account_usable(deputy.map(|d| d.status)) {
            return Err(wrong_credentials());
        }
    }
    state.storage.record_successful_login(account.id).await?;
    tracing::info!(account = %account.id, role = %role, "signed in with a password");
    Ok(web::Json(start_session(&state, Subject::Account(account.id), role).await?))
}

fn wrong_credentials() -> AppError {
    AppError::new(ErrorCode::InvalidCredentials, "Check the username and password.")
}

fn locked(remaining: Duration) -> AppError {
    let secs = u64::try_from(remaining.num_seconds()).unwrap_or(0).max(1);
    AppError::retry_after(
        ErrorCode::AccountLocked,
        format!("Too many wrong passwords. Try again in {} minutes.", secs.div_ceil(60)),
        secs,
    )
}
