//! Signing in with a code from a provider: the WeChat mini-program (`wx.login()`), the official account's
//! web OAuth (`snsapi_base`) and WeCom's web OAuth. The mini-program and the official account make a citizen
//! account for someone they have not met; WeCom signs in only members tied to an account
//! (`identity_not_bound` otherwise).

use super::{SignedIn, admit};
use crate::app::error::{AppError, ErrorCode};
use crate::app::state::AppState;
use crate::domain::identity::Provider;
use crate::domain::report::FieldError;
use crate::infra::outbound::wechat::WechatIdentity;

/// The code as sent: 1–128 visible ASCII characters, or a 422 naming the field.
pub fn checked_code(code: &str) -> Result<&str, AppError> {
    let code = code.trim();
    if code.is_empty() || code.len() > 128 || !code.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(AppError::validation(vec![FieldError::new("code", "invalid_value", "the code the provider gave")]));
    }
    Ok(code)
}

/// The WeCom member the code was given to (their userid).
pub async fn wecom_user(state: &AppState, code: &str) -> Result<String, AppError> {
    let Some(client) = state.wecom_login.clone() else {
        return Err(AppError::new(ErrorCode::WecomLoginDisabled, "Sign in with a password or a phone code instead."));
    };
    Ok(client.user_id(checked_code(code)?).await?)
}

/// The official-account user the code was given to.
pub async fn wechat_oa_user(state: &AppState, code: &str) -> Result<WechatIdentity, AppError> {
    let Some(client) = state.wechat_oa.clone() else {
        return Err(AppError::new(
            ErrorCode::WechatLoginDisabled,
            "No official account is set up; sign in with a phone code instead.",
        ));
    };
    Ok(client.code_to_openid(checked_code(code)?).await?)
}

/// The provider's id of whoever the code was given to: a WeCom userid, an official-account openid.
pub async fn subject(state: &AppState, provider: Provider, code: &str) -> Result<String, AppError> {
    match provider {
        Provider::Wecom => wecom_user(state, code).await,
        Provider::WechatOa => Ok(wechat_oa_user(state, code).await?.openid),
    }
}

/// Signs in the account the WeCom member is tied to.
pub async fn sign_in_wecom(state: &AppState, code: &str) -> Result<SignedIn, AppError> {
    let userid = wecom_user(state, code).await?;
    let Some(account) = state.storage.account_by_identity(Provider::Wecom, &userid).await? else {
        tracing::info!("a WeCom member not tied to an account tried to sign in");
        return Err(AppError::new(
            ErrorCode::IdentityNotBound,
            "This WeCom member is not tied to an account yet. Sign in with your password or a phone code, then \
             tie WeCom to your account (POST /api/v1/me/identities) with a new code.",
        ));
    };
    let signed_in = admit(state, &account).await?;
    tracing::info!(account = %signed_in.account_id, "{} signed in with WeCom", signed_in.role);
    Ok(signed_in)
}

/// Signs in the account of an official-account user, making a citizen's on their first visit.
pub async fn sign_in_wechat_oa(state: &AppState, code: &str) -> Result<SignedIn, AppError> {
    let user = wechat_oa_user(state, code).await?;
    let account = state.storage.wechat_oa_account(&user.openid, user.unionid.as_deref()).await?;
    let signed_in = admit(state, &account).await?;
    tracing::info!(account = %signed_in.account_id, "{} signed in with the official account", signed_in.role);
    Ok(signed_in)
}

/// Signs in the account of a mini-program user, making a citizen's on their first visit.
pub async fn sign_in_wechat(state: &AppState, code: &str) -> Result<SignedIn, AppError> {
    let Some(client) = state.wechat.clone() else {
        return Err(AppError::new(ErrorCode::WechatLoginDisabled, "Sign in with a phone code instead."));
    };
    let user = client.code_to_session(checked_code(code)?).await?;
    let account = state.storage.wechat_citizen(&user.openid, user.unionid.as_deref()).await?;
    let signed_in = admit(state, &account).await?;
    tracing::info!(account = %signed_in.account_id, "{} signed in with WeChat", signed_in.role);
    Ok(signed_in)
}
