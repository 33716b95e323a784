//! What every channel shares: the outgoing notice, a channel's refusal, and how an HTTP answer or a failed
//! request becomes one.

use crate::domain::notify::Message;

/// A channel's answer when it did not deliver.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChannelError {
    /// The provider's code: an errcode, an HTTP status, `timeout`, `not_configured`.
    pub code: String,
    pub detail: String,
}

impl ChannelError {
    pub fn new(code: impl Into<String>, detail: impl Into<String>) -> Self {
        Self { code: code.into(), detail: detail.into() }
    }
}

/// What goes out.
#[derive(Debug, Clone)]
pub struct Outgoing<'a> {
    /// The outbox id: receivers use it to drop a repeat.
    pub id: uuid::Uuid,
    pub kind: &'a str,
    pub tracking_code: &'a str,
    pub message: &'a Message,
    /// The page the recipient acts on (see `domain::links`).
    pub url: &'a str,
    /// The report's id, for mini-program pages that take it (none for a resident's booking notices).
    pub report_id: Option<uuid::Uuid>,
    /// When it is sent (signatures and tokens are dated by it).
    pub at: chrono::DateTime<chrono::Utc>,
}

/// A 2xx answer is a delivery; any other is recorded with its status as the provider's code.
pub fn success(status: reqwest::StatusCode, who: &str) -> Result<(), ChannelError> {
    if status.is_success() {
        Ok(())
    } else {
        Err(ChannelError::new(status.as_u16().to_string(), format!("{who} answered {status}")))
    }
}

/// A request that got no answer. The URL is left out: a robot's or webhook's URL carries its key.
pub fn transport(err: reqwest::Error) -> ChannelError {
    let err = err.without_url();
    if err.is_timeout() {
        ChannelError::new("timeout", "no answer in time")
    } else {
        ChannelError::new("unreachable", err.to_string())
    }
}
