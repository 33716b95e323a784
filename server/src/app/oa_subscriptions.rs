//! A resident's one-time subscriptions to the official account's messages (一次性订阅消息), accepted in the
//! phone app inside WeChat: WeChat's answer comes back through the page, so it is believed only for the
//! official-account user the caller signed in as, and only for the template this deployment sends.

use crate::app::error::{AppError, ErrorCode};
use crate::app::state::AppState;
use crate::domain::access::Principal;
use crate::domain::report::FieldError;

/// What WeChat's confirmation page sent back to the app's page (`openid`, `template_id`, `action`, `scene`).
#[derive(Debug, Clone)]
pub struct OaAnswer {
    pub openid: String,
    pub template_id: String,
    /// `confirm` or `cancel`.
    pub action: String,
    pub scene: u16,
}

/// Records the answer; answers how many messages of the template the caller may now be sent.
pub async fn record(state: &AppState, principal: &Principal, answer: &OaAnswer) -> Result<i32, AppError> {
    let Some((template, scene)) = state.wechat_oa.as_ref().and_then(|w| w.subscription()) else {
        return Err(AppError::new(
            ErrorCode::WechatSubscriptionsDisabled,
            "This deployment sends no official-account messages.",
        ));
    };
    if matches!(principal, Principal::Kiosk { .. }) {
        return Err(AppError::new(ErrorCode::Forbidden, "Kiosks do not receive subscription messages."));
    }
    let account = principal.subject_id();
    let mut errors = Vec::new();
    if answer.template_id != template {
        errors.push(FieldError::new("template_id", "unknown_template", "not the template sent here"));
    }
    if answer.scene != scene {
        errors.push(FieldError::new("scene", "unknown_scene", format!("the scene asked with is {scene}")));
    }
    if !matches!(answer.action.as_str(), "confirm" | "cancel") {
        errors.push(FieldError::new("action", "invalid_answer", "confirm or cancel"));
    }
    if !errors.is_empty() {
        return Err(AppError::validation(errors));
    }
    // WeChat's answer passes through the browser: believe it only for the caller's own openid.
    let own = state.storage.wechat_oa_openid(account).await?;
    if own.as_deref() != Some(answer.openid.as_str()) {
        return Err(AppError::new(
            ErrorCode::Forbidden,
            "This answer is for another WeChat user; sign in with WeChat in this browser and ask again.",
        ));
    }
    Ok(match answer.action.as_str() {
        "confirm" => {
            // Their open reports' progress is now worth telling them, also where they left no phone.
            state.storage.mark_reports_wechat(account).await?;
            state.storage.add_subscription_credits(account, template, 1).await?
        }
        _ => state.storage.subscription_credits(account, template).await?,
    })
}
