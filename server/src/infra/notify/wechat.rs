//! WeChat mini-program subscribe messages (订阅消息), official-account one-time subscription messages and WeCom
//! (企业微信) application messages, and the access tokens they need. A token is shared by every instance through the database: one instance at a
//! time (holding a lease) fetches a new one, the others wait for it, and a token the provider refuses
//! (40001, 40014, 42001) is replaced once and the message sent again.

use std::time::Duration as StdDuration;

use chrono::Duration;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use serde_json::{Value, json};

use super::transport::{ChannelError, Outgoing, transport};
use crate::storage::Storage;

/// errcodes that mean the access token is invalid or expired.
const TOKEN_REFUSED: [i64; 3] = [40001, 40014, 42001];
/// How long the instance refreshing a token holds the lease.
const REFRESH_LEASE_SECS: i64 = 30;
/// Tokens are replaced this long before WeChat says they expire.
const EXPIRY_MARGIN_SECS: i64 = 300;

/// Where a provider hands out access tokens.
#[derive(Debug, Clone)]
pub struct TokenSource {
    /// `wechat` or `wecom`: the row and lease name.
    pub provider: &'static str,
    /// The token URL; it carries the secret, so it is never logged.
    pub url: SecretString,
}

impl TokenSource {
    /// An official account's access token: `token` with `grant_type=client_credential`.
    pub fn wechat_oa(base_url: &str, app_id: &str, secret: &SecretString) -> Self {
        let query: String = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("grant_type", "client_credential")
            .append_pair("appid", app_id)
            .append_pair("secret", secret.expose_secret())
            .finish();
        Self { provider: "wechat_oa", url: format!("{}/cgi-bin/token?{query}", base_url.trim_end_matches('/')).into() }
    }

    /// The official account's JS-SDK ticket (jsapi_ticket), fetched with its access token.
    pub fn wechat_jsapi_ticket(base_url: &str, access_token: &str) -> Self {
        let query: String = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("access_token", access_token)
            .append_pair("type", "jsapi")
            .finish();
        Self {
            provider: "wechat_oa_jsapi",
            url: format!("{}/cgi-bin/ticket/getticket?{query}", base_url.trim_end_matches('/')).into(),
        }
    }

    /// A WeCom application's tokens: `gettoken` with the corp ID and the application's secret.
    pub fn wecom(provider: &'static str, base_url: &str, corp_id: &str, secret: &SecretString) -> Self {
        let query: String = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("corpid", corp_id)
            .append_pair("corpsecret", secret.expose_secret())
            .finish();
        Self { provider, url: format!("{}/cgi-bin/gettoken?{query}", base_url.trim_end_matches('/')).into() }
    }
}

/// A failed token fetch is not tried again for this long: the provider counts fetches (45009 when a day's
/// quota is used up), and a fault such as an unlisted IP address (40164) does not mend itself.
const FAILED_FETCH_PAUSE: StdDuration = StdDuration::from_secs(60);

/// Gets and refreshes shared access tokens.
#[derive(Debug, Clone)]
pub struct TokenKeeper {
    storage: Storage,
    http: reqwest::Client,
    /// This instance's name; each refresh holds the lease under it plus a name of its own.
    holder: String,
    /// The last failed fetch per provider, and when.
    failures:
        std::sync::Arc<std::sync::Mutex<std::collections::HashMap<&'static str, (std::time::Instant, ChannelError)>>>,
}

#[derive(Deserialize)]
struct TokenAnswer {
    /// An access token, or a JS-SDK ticket (`ticket` in `getticket`'s answer), kept and shared alike.
    #[serde(alias = "ticket")]
    access_token: Option<String>,
    expires_in: Option<i64>,
    errcode: Option<i64>,
    errmsg: Option<String>,
}

impl TokenKeeper {
    pub fn new(storage: Storage, http: reqwest::Client, holder: String) -> Self {
        Self { storage, http, holder, failures: Default::default() }
    }

    /// A token that has not expired, fetching one if there is none.
    pub async fn token(&self, source: &TokenSource) -> Result<String, ChannelError> {
        match self.storage.provider_token(source.provider).await.map_err(storage_error)? {
            Some(row) if row.expires_at > self.storage.now() => Ok(row.token),
            _ => self.refresh(source, None).await,
        }
    }

    /// A token other than `refused` (which the provider turned down): fetched by whichever instance takes
    /// the lease first; the others wait up to five seconds for it.
    pub async fn refresh(&self, source: &TokenSource, refused: Option<&str>) -> Result<String, ChannelError> {
        let lease = format!("token:{}", source.provider);
        // Each refresh its own holder: two tasks of one instance must not both think they hold the lease.
        let holder = format!("{}:{}", self.holder, uuid::Uuid::new_v4().simple());
        for _ in 0..50 {
            if let Some(token) = self.usable(source, refused).await? {
                return Ok(token);
            }
            let now = self.storage.now();
            let until = now + Duration::seconds(REFRESH_LEASE_SECS);
            if self.storage.acquire_lease(&lease, &holder, now, until).await.map_err(storage_error)? {
                // Someone may have stored one between the look and the lease.
                let fetched = match self.usable(source, refused).await? {
                    Some(token) => Ok(token),
                    None => self.fetch_unless_failing(source).await,
                };
                self.storage.release_lease(&lease, &holder).await.map_err(storage_error)?;
                return fetched;
            }
            tokio::time::sleep(StdDuration::from_millis(100)).await;
        }
        Err(ChannelError::new("token_unavailable", format!("no {} access token in time", source.provider)))
    }

    async fn usable(&self, source: &TokenSource, refused: Option<&str>) -> Result<Option<String>, ChannelError> {
        Ok(self
            .storage
            .provider_token(source.provider)
            .await
            .map_err(storage_error)?
            .filter(|row| row.expires_at > self.storage.now() && Some(row.token.as_str()) != refused)
            .map(|row| row.token))
    }

    /// Forgets the last failed fetch for `provider`: a fetch that failed for a cause since mended (a ticket asked
    /// for with an access token that has been replaced) is tried again at once.
    pub fn forget_failure(&self, provider: &str) {
        if let Ok(mut failures) = self.failures.lock() {
            failures.remove(provider);
        }
    }

    /// Fetches, unless a fetch failed in the last [`FAILED_FETCH_PAUSE`] (then that failure again).
    async fn fetch_unless_failing(&self, source: &TokenSource) -> Result<String, ChannelError> {
        if let Ok(failures) = self.failures.lock()
            && let Some((at, error)) = failures.get(source.provider)
            && at.elapsed() < FAILED_FETCH_PAUSE
        {
            return Err(error.clone());
        }
        let fetched = self.fetch(source).await;
        if let Ok(mut failures) = self.failures.lock() {
            match &fetched {
                Ok(_) => failures.remove(source.provider),
                Err(error) => failures.insert(source.provider, (std::time::Instant::now(), error.clone())),
            };
        }
        fetched
    }

    async fn fetch(&self, source: &TokenSource) -> Result<String, ChannelError> {
        let response = self.http.get(source.url.expose_secret()).send().await.map_err(transport)?;
        let status = response.status();
        if !status.is_success() {
            return Err(ChannelError::new(
                status.as_u16().to_string(),
                format!("the token endpoint answered {status}"),
            ));
        }
        let answer: TokenAnswer = response
            .json()
            .await
            .map_err(|e| ChannelError::new("bad_response", format!("token: {}", e.without_url())))?;
        match (answer.access_token, answer.errcode.unwrap_or(0)) {
            (Some(token), 0) if !token.is_empty() => {
                let lifetime = answer.expires_in.unwrap_or(7200).max(EXPIRY_MARGIN_SECS * 2) - EXPIRY_MARGIN_SECS;
                let expires_at = self.storage.now() + Duration::seconds(lifetime);
                self.storage.store_provider_token(source.provider, &token, expires_at).await.map_err(storage_error)?;
                tracing::info!(provider = source.provider, "fetched a new access token");
                Ok(token)
            }
            (_, code) => Err(ChannelError::new(
                code.to_string(),
                answer.errmsg.unwrap_or_else(|| "no access_token in the answer".to_owned()),
            )),
        }
    }

    /// POSTs `body` to `url_without_token` + the token, replacing a refused token once.
    pub async fn post_with_token(
        &self,
        source: &TokenSource,
        url_without_token: &str,
        body: &Value,
    ) -> Result<Value, ChannelError> {
        let mut token = self.token(source).await?;
        for round in 0..2 {
            let url = format!("{url_without_token}?access_token={token}");
            let response = self.http.post(&url).json(body).send().await.map_err(transport)?;
            let status = response.status();
            if !status.is_success() {
                return Err(ChannelError::new(
                    status.as_u16().to_string(),
                    format!("{} answered {status}", source.provider),
                ));
            }
            let answer: Value = response
                .json()
                .await
                .map_err(|e| ChannelError::new("bad_response", format!("{}: {}", source.provider, e.without_url())))?;
            match answer.get("errcode").and_then(Value::as_i64).unwrap_or(0) {
                0 => return Ok(answer),
                code if TOKEN_REFUSED.contains(&code) && round == 0 => {
                    tracing::info!(provider = source.provider, errcode = code, "access token refused; refreshing");
                    token = self.refresh(source, Some(&token)).await?;
                }
                code => {
                    let message = answer.get("errmsg").and_then(Value::as_str).unwrap_or("refused").to_owned();
                    return Err(ChannelError::new(code.to_string(), message));
                }
            }
        }
        Err(ChannelError::new("token_refused", format!("{} refused a fresh access token", source.provider)))
    }
}

/// Subscribe messages of one mini-program.
#[derive(Debug, Clone)]
pub struct WechatPush {
    pub base_url: String,
    pub token: TokenSource,
    pub deputy_template_id: Option<String>,
    pub citizen_template_id: Option<String>,
    /// The page a citizen's message opens, with `{code}` for the tracking code.
    pub page: String,
    /// The page a deputy's message opens (`links.deputy_wechat_page`).
    pub deputy_page: String,
}

impl WechatPush {
    /// Built when the mini-program's AppID and secret are set.
    pub fn from_settings(
        settings: &crate::configuration::WechatSettings,
        links: &crate::domain::links::LinkSettings,
    ) -> Option<Self> {
        let (app_id, secret) = (settings.app_id.as_ref()?, settings.app_secret.as_ref()?);
        let base_url = settings.base_url.trim_end_matches('/').to_owned();
        let query: String = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("grant_type", "client_credential")
            .append_pair("appid", app_id)
            .append_pair("secret", secret.expose_secret())
            .finish();
        Some(Self {
            token: TokenSource { provider: "wechat", url: format!("{base_url}/cgi-bin/token?{query}").into() },
            base_url,
            deputy_template_id: settings.deputy_template_id.clone(),
            citizen_template_id: settings.citizen_template_id.clone(),
            page: settings.page.clone(),
            deputy_page: links.deputy_wechat_page.clone(),
        })
    }

    /// The page a message of `template_id` opens: the deputy's report, or the citizen's tracking page.
    fn page_for(&self, template_id: &str, out: &Outgoing<'_>) -> String {
        let template =
            if self.deputy_template_id.as_deref() == Some(template_id) { &self.deputy_page } else { &self.page };
        crate::domain::links::fill(template, out.report_id, out.tracking_code)
    }

    /// Sends one subscribe message of `template_id` to `openid`. 43101 means the user has no subscription
    /// left (the caller clears its credits).
    pub async fn send(
        &self,
        keeper: &TokenKeeper,
        template_id: &str,
        openid: &str,
        out: &Outgoing<'_>,
    ) -> Result<(), ChannelError> {
        let now = out.at.with_timezone(&crate::domain::schedule::china()).format("%Y-%m-%d %H:%M").to_string();
        let body = json!({
            "touser": openid,
            "template_id": template_id,
            "page": self.page_for(template_id, out),
            "miniprogram_state": "formal",
            "lang": "zh_CN",
            "data": {
                "thing1": {"value": thing(&out.message.title)},
                // A notice about no report (a booking) has no code; the field may not be empty.
                "character_string2": {"value": if out.tracking_code.is_empty() { "-" } else { out.tracking_code }},
                "thing3": {"value": thing(&out.message.body)},
                "time4": {"value": now},
            }
        });
        keeper
            .post_with_token(&self.token, &format!("{}/cgi-bin/message/subscribe/send", self.base_url), &body)
            .await?;
        Ok(())
    }
}

/// Official-account one-time subscription messages (一次性订阅消息): each a resident accepted in the phone
/// app inside WeChat allows one message, which opens `out.url`.
#[derive(Debug, Clone)]
pub struct WechatOaPush {
    pub base_url: String,
    pub token: TokenSource,
    pub template_id: String,
    pub scene: u16,
}

impl WechatOaPush {
    /// `None` unless the official account and its subscription template are configured.
    pub fn from_settings(settings: &crate::configuration::WechatOaSettings) -> Option<Self> {
        let (Some(app_id), Some(secret), Some(template_id)) =
            (&settings.app_id, &settings.app_secret, &settings.subscribe_template_id)
        else {
            return None;
        };
        let base_url = settings.base_url.trim_end_matches('/').to_owned();
        Some(Self {
            token: TokenSource::wechat_oa(&base_url, app_id, secret),
            base_url,
            template_id: template_id.clone(),
            scene: settings.subscribe_scene,
        })
    }

    /// Sends one message to `openid` (`message/template/subscribe`): the title, and the text with its link.
    pub async fn send(&self, keeper: &TokenKeeper, openid: &str, out: &Outgoing<'_>) -> Result<(), ChannelError> {
        let body = json!({
            "touser": openid,
            "template_id": self.template_id,
            "url": out.url,
            "scene": self.scene.to_string(),
            "title": thing(&out.message.title),
            "data": {"content": {"value": out.message.body.chars().take(200).collect::<String>()}},
        });
        keeper
            .post_with_token(&self.token, &format!("{}/cgi-bin/message/template/subscribe", self.base_url), &body)
            .await?;
        Ok(())
    }
}

/// WeCom application messages.
#[derive(Debug, Clone)]
pub struct WecomApp {
    pub base_url: String,
    pub agent_id: i64,
    pub token: TokenSource,
}

impl WecomApp {
    /// Built when the corp ID, secret and AgentId are set.
    pub fn from_settings(settings: &crate::configuration::WecomSettings) -> Option<Self> {
        let (corp_id, secret, agent_id) =
            (settings.corp_id.as_ref()?, settings.corp_secret.as_ref()?, settings.agent_id?);
        let base_url = settings.base_url.trim_end_matches('/').to_owned();
        Some(Self { token: TokenSource::wecom("wecom", &base_url, corp_id, secret), base_url, agent_id })
    }

    /// Sends a text message to one member (their WeCom userid). A member WeCom does not know comes back in
    /// `invaliduser` with errcode 0; that is a failure here (81013).
    pub async fn send(&self, keeper: &TokenKeeper, userid: &str, out: &Outgoing<'_>) -> Result<(), ChannelError> {
        let body = json!({
            "touser": userid,
            "msgtype": "textcard",
            "agentid": self.agent_id,
            "textcard": {
                "title": out.message.title,
                "description": out.message.body,
                "url": out.url,
                "btntxt": "办理",
            },
            "enable_duplicate_check": 1,
            "duplicate_check_interval": 1800,
        });
        let answer =
            keeper.post_with_token(&self.token, &format!("{}/cgi-bin/message/send", self.base_url), &body).await?;
        match answer.get("invaliduser").and_then(Value::as_str) {
            Some(invalid) if !invalid.is_empty() => {
                Err(ChannelError::new("81013", format!("WeCom does not know the member `{invalid}`")))
            }
            _ => Ok(()),
        }
    }
}

/// A `thing` field takes at most 20 characters.
fn thing(text: &str) -> String {
    let mut chars = text.chars();
    let head: String = chars.by_ref().take(20).collect();
    if chars.next().is_some() { head.chars().take(19).chain(['…']).collect() } else { head }
}

fn storage_error(err: crate::storage::StorageError) -> ChannelError {
    ChannelError::new("storage", err.to_string())
}

#[cfg(test)]
mod tests {
    use super::thing;

    #[test]
    fn thing_fields_are_cut_to_twenty_characters() {
        assert_eq!(thing("路灯不亮"), "路灯不亮");
        let long = "一".repeat(25);
        let cut = thing(&long);
        assert_eq!(cut.chars().count(), 20);
        assert!(cut.ends_with('…'));
        assert_eq!(thing(&"二".repeat(20)).chars().count(), 20);
    }
}
