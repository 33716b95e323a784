//! WeCom web OAuth (企业微信网页授权): a page opened inside WeCom is redirected through WeCom, which hands
//! it a `code`; `cgi-bin/auth/getuserinfo` turns the code into the member's `userid` (or, for someone outside
//! the corp, an `openid`, which is refused here).
//!
//! The call needs the application's access token: the notification channels' [`TokenKeeper`] gets it,
//! shares it with every instance through the database until it expires and, when WeCom refuses it (40014,
//! 42001), replaces it once and the call is made again. URLs carry the token or the secret, so errors are
//! logged without them.

use std::time::Duration;

use serde::Deserialize;

use crate::configuration::{WecomLoginSettings, WecomSettings};
use crate::infra::notify::transport::ChannelError;
use crate::infra::notify::wechat::{TokenKeeper, TokenSource};
use crate::storage::Storage;

/// errcodes of a refused access token: replaced once.
const TOKEN_REFUSED: [i64; 2] = [40014, 42001];

/// Every way the exchange can fail, as the vendor documents it.
#[derive(Debug, thiserror::Error)]
pub enum WecomError {
    /// 40029 (invalid code) or 40163 (code already used).
    #[error("WeCom refused the OAuth code (errcode {0})")]
    InvalidCode(i64),
    /// The code is of someone outside the corp: WeCom gave an openid, not a userid.
    #[error("the user is not a member of the corp")]
    NotMember,
    /// 45009 (frequency) or 45033 (concurrency).
    #[error("WeCom rate limit reached (errcode {0})")]
    RateLimited(i64),
    /// -1 or an HTTP 5xx: WeCom is busy.
    #[error("WeCom is busy")]
    Busy,
    /// No answer in time, or no connection.
    #[error("WeCom did not answer: {0}")]
    Unreachable(String),
    /// An answer we cannot use: not JSON, no userid.
    #[error("WeCom answered something unusable: {0}")]
    Malformed(String),
    /// Any other errcode, e.g. 40001 (bad secret), 40013 (bad corp ID), 60020 (address not allowed), or a
    /// token refused twice: our configuration is wrong.
    #[error("WeCom rejected the request: errcode {errcode} {errmsg}")]
    Rejected { errcode: i64, errmsg: String },
    /// The shared token could not be read or stored.
    #[error("the shared access token is unavailable: {0}")]
    Storage(String),
}

#[derive(Debug, Deserialize)]
struct UserInfoAnswer {
    #[serde(default)]
    errcode: i64,
    #[serde(default)]
    errmsg: String,
    #[serde(default, alias = "UserId")]
    userid: Option<String>,
    #[serde(default, alias = "OpenId")]
    openid: Option<String>,
}

/// Sign-in through one WeCom application.
#[derive(Debug)]
pub struct WecomLogin {
    corp_id: String,
    http: reqwest::Client,
    endpoint: String,
    token: TokenSource,
    keeper: TokenKeeper,
}

impl WecomLogin {
    /// `None` while `wecom_login.enabled` is off; an error when it is on without a corp ID and secret.
    pub fn from_settings(
        login: &WecomLoginSettings,
        wecom: &WecomSettings,
        storage: Storage,
        holder: String,
    ) -> anyhow::Result<Option<Self>> {
        if !login.enabled {
            return Ok(None);
        }
        let corp_id = wecom.corp_id.as_ref().ok_or_else(|| {
            anyhow::anyhow!("wecom_login.enabled needs notify.wecom.corp_id (the corp the members belong to)")
        })?;
        // Another application's secret means another access token, kept under its own name.
        let (provider, secret) = match (&login.corp_secret, &wecom.corp_secret) {
            (Some(own), _) => ("wecom_login", own),
            (None, Some(shared)) => ("wecom", shared),
            (None, None) => {
                anyhow::bail!("wecom_login.enabled needs wecom_login.corp_secret or notify.wecom.corp_secret")
            }
        };
        let http = reqwest::Client::builder().timeout(Duration::from_millis(login.timeout_ms)).build()?;
        let base_url = wecom.base_url.trim_end_matches('/');
        Ok(Some(Self {
            corp_id: corp_id.clone(),
            endpoint: format!("{base_url}/cgi-bin/auth/getuserinfo"),
            token: TokenSource::wecom(provider, base_url, corp_id, secret),
            keeper: TokenKeeper::new(storage, http.clone(), holder),
            http,
        }))
    }

    /// The corp a page's OAuth redirect names (`appid`); public.
    pub fn corp_id(&self) -> &str {
        &self.corp_id
    }

    /// The userid of the member the OAuth code was given to.
    pub async fn user_id(&self, code: &str) -> Result<String, WecomError> {
        let mut token = self.keeper.token(&self.token).await.map_err(token_error)?;
        for round in 0..2 {
            let answer = self.user_info(&token, code).await?;
            match answer.errcode {
                0 => return member(answer),
                errcode if TOKEN_REFUSED.contains(&errcode) && round == 0 => {
                    tracing::info!(errcode, "WeCom refused the access token; refreshing it");
                    token = self.keeper.refresh(&self.token, Some(&token)).await.map_err(token_error)?;
                }
                errcode => return Err(classify(errcode, answer.errmsg)),
            }
        }
        Err(WecomError::Rejected { errcode: 42001, errmsg: "a fresh access token was refused too".into() })
    }

    async fn user_info(&self, token: &str, code: &str) -> Result<UserInfoAnswer, WecomError> {
        let response = self
            .http
            .get(&self.endpoint)
            .query(&[("access_token", token), ("code", code)])
            .send()
            .await
            .map_err(|e| WecomError::Unreachable(e.without_url().to_string()))?;
        let status = response.status();
        if status.is_server_error() {
            return Err(WecomError::Busy);
        }
        let body = response.text().await.map_err(|e| WecomError::Unreachable(e.without_url().to_string()))?;
        if !status.is_success() {
            return Err(WecomError::Malformed(format!("HTTP {status}")));
        }
        serde_json::from_str(&body).map_err(|e| WecomError::Malformed(format!("not the expected JSON: {e}")))
    }
}

/// A member's userid, or why there is none.
fn member(answer: UserInfoAnswer) -> Result<String, WecomError> {
    match (answer.userid, answer.openid) {
        (Some(userid), _) if !userid.trim().is_empty() && userid.len() <= 128 => Ok(userid),
        (_, Some(openid)) if !openid.is_empty() => Err(WecomError::NotMember),
        _ => Err(WecomError::Malformed("neither a userid nor an openid".into())),
    }
}

/// An errcode other than a refused token.
fn classify(errcode: i64, errmsg: String) -> WecomError {
    match errcode {
        40029 | 40163 => WecomError::InvalidCode(errcode),
        45009 | 45033 => WecomError::RateLimited(errcode),
        -1 => WecomError::Busy,
        errcode => WecomError::Rejected { errcode, errmsg },
    }
}

/// A failed token fetch, as the token keeper reports it: a transport failure, an HTTP status or an errcode.
fn token_error(err: ChannelError) -> WecomError {
    match err.code.as_str() {
        "timeout" | "unreachable" | "token_unavailable" => WecomError::Unreachable(err.detail),
        "bad_response" => WecomError::Malformed(err.detail),
        "storage" => WecomError::Storage(err.detail),
        code => match code.parse::<i64>() {
            // An HTTP status: the keeper reports non-2xx answers by their status.
            Ok(status) if (500..600).contains(&status) => WecomError::Busy,
            Ok(status) if (100..500).contains(&status) => WecomError::Malformed(err.detail),
            Ok(errcode) => classify(errcode, err.detail),
            Err(_) => WecomError::Malformed(err.detail),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(userid: Option<&str>, openid: Option<&str>) -> UserInfoAnswer {
        UserInfoAnswer {
            errcode: 0,
            errmsg: "ok".into(),
            userid: userid.map(str::to_owned),
            openid: openid.map(str::to_owned),
        }
    }

    #[test]
    fn members_have_a_userid_and_outsiders_an_openid() {
        assert_eq!(member(answer(Some("zhangsan"), None)).unwrap(), "zhangsan");
        assert!(matches!(member(answer(None, Some("o-1"))), Err(WecomError::NotMember)));
        assert!(matches!(member(answer(Some(""), None)), Err(WecomError::Malformed(_))));
        assert!(matches!(member(answer(None, None)), Err(WecomError::Malformed(_))));
    }

    #[test]
    fn the_old_field_names_are_read_too() {
        let old: UserInfoAnswer = serde_json::from_str(r#"{"errcode":0,"UserId":"lisi"}"#).unwrap();
        assert_eq!(member(old).unwrap(), "lisi");
    }

    #[test]
    fn token_failures_keep_their_meaning() {
        let failure = |code: &str| token_error(ChannelError::new(code, "detail"));
        assert!(matches!(failure("timeout"), WecomError::Unreachable(_)));
        assert!(matches!(failure("502"), WecomError::Busy));
        assert!(matches!(failure("404"), WecomError::Malformed(_)));
        assert!(matches!(failure("45009"), WecomError::RateLimited(45009)));
        assert!(matches!(failure("-1"), WecomError::Busy));
        assert!(matches!(failure("40001"), WecomError::Rejected { errcode: 40001, .. }));
        assert!(matches!(failure("storage"), WecomError::Storage(_)));
    }
}
