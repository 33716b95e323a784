//! What clients need to sign up for notifications here: the channels set up, the Web Push key and the
//! WeChat templates. Built once at start-up from the settings.

use serde::Serialize;
use utoipa::ToSchema;

/// What a client needs to sign up for notifications here.
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct ChannelSetup {
    /// The channels this deployment can send on.
    #[schema(example = json!(["webhook", "wecom_robot", "web_push", "sms"]))]
    pub channels: Vec<String>,
    /// The VAPID public key (base64url) a browser passes to `pushManager.subscribe` as
    /// `applicationServerKey`; absent when Web Push is off.
    pub web_push_public_key: Option<String>,
    /// Subscribe-message template a deputy's mini-program asks to be allowed (`wx.requestSubscribeMessage`).
    pub wechat_deputy_template_id: Option<String>,
    /// Subscribe-message template a citizen's mini-program asks to be allowed.
    pub wechat_citizen_template_id: Option<String>,
}
