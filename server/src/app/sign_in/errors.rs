//! How a provider's failure, a refused claim and a refused sign-in are answered: each with its own stable
//! code, and `Retry-After` where waiting helps.

use crate::app::error::{AppError, ErrorCode};
use crate::domain::identity::SignInRefusal;
use crate::infra::outbound::wechat::WechatError;
use crate::infra::outbound::wecom::WecomError;

/// Seconds to wait after a provider's rate limit.
const RATE_LIMIT_SECS: u64 = 60;
/// Seconds to wait when a provider is busy or did not answer.
const UNAVAILABLE_SECS: u64 = 5;

impl From<WechatError> for AppError {
    fn from(err: WechatError) -> Self {
        match &err {
            WechatError::InvalidCode(_) => AppError::new(
                ErrorCode::WechatCodeInvalid,
                "The WeChat code is wrong, expired or used; get a new one (wx.login(), or open the page again).",
            ),
            WechatError::RateLimited => AppError::retry_after(
                ErrorCode::WechatRateLimited,
                "WeChat asks us to slow down; try again in a minute.",
                RATE_LIMIT_SECS,
            ),
            WechatError::Blocked => AppError::new(
                ErrorCode::WechatUserBlocked,
                "WeChat does not allow this user to sign in; use a phone code.",
            ),
            WechatError::SnapshotUser => AppError::new(
                ErrorCode::WechatSnapshotUser,
                "The page was opened as a Moments snapshot; tap to open it in full, then sign in.",
            ),
            WechatError::Busy | WechatError::Unreachable(_) => {
                tracing::warn!(error = %err, "WeChat sign-in failed");
                AppError::retry_after(
                    ErrorCode::WechatUnavailable,
                    "WeChat is busy or did not answer; try again shortly.",
                    UNAVAILABLE_SECS,
                )
            }
            WechatError::Malformed(_) | WechatError::Rejected { .. } => {
                tracing::error!(error = %err, "WeChat sign-in failed");
                AppError::new(ErrorCode::WechatBadResponse, "WeChat's answer could not be used; try again later.")
            }
        }
    }
}

impl From<WecomError> for AppError {
    fn from(err: WecomError) -> Self {
        match &err {
            WecomError::InvalidCode(_) => AppError::new(
                ErrorCode::WecomCodeInvalid,
                "The WeCom code is wrong, expired or used; open the page from WeCom again.",
            ),
            WecomError::NotMember => AppError::new(
                ErrorCode::WecomNotMember,
                "WeCom says you are not a member of this organisation; sign in with a password or a phone code.",
            ),
            WecomError::RateLimited(_) => AppError::retry_after(
                ErrorCode::WecomRateLimited,
                "WeCom asks us to slow down; try again in a minute.",
                RATE_LIMIT_SECS,
            ),
            WecomError::Busy | WecomError::Unreachable(_) => {
                tracing::warn!(error = %err, "WeCom sign-in failed");
                AppError::retry_after(
                    ErrorCode::WecomUnavailable,
                    "WeCom is busy or did not answer; try again shortly.",
                    UNAVAILABLE_SECS,
                )
            }
            WecomError::Malformed(_) | WecomError::Rejected { .. } => {
                tracing::error!(error = %err, "WeCom sign-in failed");
                AppError::new(ErrorCode::WecomBadResponse, "WeCom's answer could not be used; try again later.")
            }
            WecomError::Storage(_) => AppError::internal(err),
        }
    }
}

impl From<SignInRefusal> for AppError {
    fn from(refusal: SignInRefusal) -> Self {
        let detail = match refusal {
            SignInRefusal::Disabled => "This account is disabled.",
            SignInRefusal::DeputyLeft => "The deputy this account acts for has left; it no longer signs in.",
            SignInRefusal::WrongRole => "This account does not sign in this way.",
        };
        AppError::new(ErrorCode::Forbidden, detail)
    }
}
