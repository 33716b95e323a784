//! The WeChat JS-SDK configuration for pages opened inside WeChat (`wx.config`): the official account's
//! jsapi_ticket, fetched with its access token and shared by every instance through the database like the
//! access tokens (one instance fetches, the others use it; a ticket the provider refuses is fetched again), and
//! the signature over a page's address.

use std::time::Duration;

use sha1::{Digest, Sha1};

use crate::configuration::WechatOaSettings;
use crate::infra::notify::transport::ChannelError;
use crate::infra::notify::wechat::{TokenKeeper, TokenSource};
use crate::storage::Storage;

/// errcodes of `getticket` that mean the access token it was asked with is invalid or expired.
const TOKEN_REFUSED: [&str; 3] = ["40001", "40014", "42001"];

/// A configured official account's JS-SDK.
#[derive(Debug, Clone)]
pub struct WechatJsSdk {
    app_id: String,
    base_url: String,
    token: TokenSource,
    keeper: TokenKeeper,
}

impl WechatJsSdk {
    /// `None` when the official account is not configured.
    pub fn from_settings(
        settings: &WechatOaSettings,
        storage: Storage,
        holder: String,
    ) -> Result<Option<Self>, reqwest::Error> {
        let (Some(app_id), Some(secret)) = (&settings.app_id, &settings.app_secret) else { return Ok(None) };
        let http = reqwest::Client::builder().timeout(Duration::from_millis(settings.timeout_ms)).build()?;
        Ok(Some(Self {
            app_id: app_id.clone(),
            base_url: settings.base_url.clone(),
            token: TokenSource::wechat_oa(&settings.base_url, app_id, secret),
            keeper: TokenKeeper::new(storage, http, holder),
        }))
    }

    /// The AppID `wx.config` names.
    pub fn app_id(&self) -> &str {
        &self.app_id
    }

    /// A jsapi_ticket that has not expired.
    pub async fn ticket(&self) -> Result<String, ChannelError> {
        let mut token = self.keeper.token(&self.token).await?;
        for round in 0..2 {
            let source = TokenSource::wechat_jsapi_ticket(&self.base_url, &token);
            match self.keeper.token(&source).await {
                Ok(ticket) => return Ok(ticket),
                Err(err) if TOKEN_REFUSED.contains(&err.code.as_str()) && round == 0 => {
                    tracing::info!(errcode = %err.code, "WeChat refused the official account's token; refreshing it");
                    token = self.keeper.refresh(&self.token, Some(&token)).await?;
                    self.keeper.forget_failure(source.provider);
                }
                Err(err) => return Err(err),
            }
        }
        Err(ChannelError::new("token_refused", "WeChat refused a fresh access token"))
    }
}

/// The signature `wx.config` checks: SHA-1 over `jsapi_ticket=…&noncestr=…&timestamp=…&url=…` (the page's
/// address without its `#` part), in lowercase hex.
pub fn signature(ticket: &str, nonce: &str, timestamp: i64, url: &str) -> String {
    let text = format!("jsapi_ticket={ticket}&noncestr={nonce}&timestamp={timestamp}&url={url}");
    hex::encode(Sha1::digest(text.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signature_is_the_one_wechats_documentation_computes() {
        // The worked example of WeChat's JS-SDK documentation (附录1-JS-SDK使用权限签名算法).
        let ticket = "sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg";
        assert_eq!(
            signature(ticket, "Wm3WZYTPz0wzccnW", 1414587457, "http://mp.weixin.qq.com?params=value"),
            "0f9de62fce790f9a083d5c99e95740ceb90c27ed"
        );
    }
}
