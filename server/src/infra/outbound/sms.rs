//! Sending one-time codes by SMS: an HTTP provider configured by URL and message template, or (the
//! embedded default) an outbox file that station staff or a developer can read; nothing leaves the machine.
//!
//! Neither sender writes the code to the log.

use std::path::PathBuf;
use std::time::Duration;

use async_trait::async_trait;
use secrecy::{ExposeSecret, SecretString};
use serde_json::json;
use tokio::io::AsyncWriteExt;

use crate::configuration::{SmsProvider, SmsSettings};
use crate::infra::pii::mask_phone;

#[derive(Debug, thiserror::Error)]
pub enum SmsError {
    #[error("the SMS provider did not take the message: {0}")]
    Provider(String),
    #[error("the SMS outbox cannot be written: {0}")]
    Outbox(#[from] std::io::Error),
}

/// Sends a one-time code to a phone.
#[async_trait]
pub trait SmsSender: Send + Sync + std::fmt::Debug {
    async fn send_code(&self, phone: &str, code: &str, valid_minutes: u64) -> Result<(), SmsError>;
    /// Sends a notification text.
    async fn send_text(&self, phone: &str, text: &str) -> Result<(), SmsError>;
}

fn render(template: &str, code: &str, minutes: u64) -> String {
    template.replace("{code}", code).replace("{minutes}", &minutes.to_string())
}

/// Builds the configured sender.
pub fn from_settings(settings: &SmsSettings, data_dir: PathBuf) -> Result<Box<dyn SmsSender>, anyhow::Error> {
    Ok(match settings.provider {
        SmsProvider::Outbox => Box::new(OutboxSender {
            path: data_dir.join("sms-outbox.jsonl"),
            template: settings.template.clone(),
            lock: tokio::sync::Mutex::new(()),
        }),
        SmsProvider::Http => {
            let url = settings.url.clone().ok_or_else(|| anyhow::anyhow!("sms.provider = \"http\" needs sms.url"))?;
            url::Url::parse(&url).map_err(|e| anyhow::anyhow!("sms.url is not a URL: {e}"))?;
            Box::new(HttpSmsSender {
                http: reqwest::Client::builder().timeout(Duration::from_millis(settings.timeout_ms)).build()?,
                url,
                api_key: settings.api_key.clone(),
                template: settings.template.clone(),
            })
        }
    })
}

/// Appends each message as a JSON line to a file readable only by the server's user.
#[derive(Debug)]
pub struct OutboxSender {
    path: PathBuf,
    template: String,
    lock: tokio::sync::Mutex<()>,
}

#[async_trait]
impl SmsSender for OutboxSender {
    async fn send_code(&self, phone: &str, code: &str, valid_minutes: u64) -> Result<(), SmsError> {
        let line = json!({
            "phone": phone,
            "code": code,
            "message": render(&self.template, code, valid_minutes),
            "at": chrono::Utc::now(),
        });
        self.append(line).await?;
        tracing::info!(phone = %mask_phone(phone), outbox = %self.path.display(), "one-time code written to the SMS outbox (no SMS provider configured)");
        Ok(())
    }

    async fn send_text(&self, phone: &str, text: &str) -> Result<(), SmsError> {
        self.append(json!({"phone": phone, "message": text, "at": chrono::Utc::now()})).await?;
        tracing::info!(phone = %mask_phone(phone), "notification written to the SMS outbox (no SMS provider configured)");
        Ok(())
    }
}

impl OutboxSender {
    async fn append(&self, line: serde_json::Value) -> Result<(), SmsError> {
        let _guard = self.lock.lock().await;
        let mut options = tokio::fs::OpenOptions::new();
        options.create(true).append(true);
        #[cfg(unix)]
        options.mode(0o600);
        let mut file = options.open(&self.path).await?;
        file.write_all(format!("{line}\n").as_bytes()).await?;
        file.flush().await?;
        Ok(())
    }
}

/// POSTs `{"phone": …, "message": …}` to the provider.
pub struct HttpSmsSender {
    http: reqwest::Client,
    url: String,
    api_key: Option<SecretString>,
    template: String,
}

impl std::fmt::Debug for HttpSmsSender {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpSmsSender").field("url", &self.url).finish()
    }
}

#[async_trait]
impl SmsSender for HttpSmsSender {
    async fn send_code(&self, phone: &str, code: &str, valid_minutes: u64) -> Result<(), SmsError> {
        self.post(phone, &render(&self.template, code, valid_minutes)).await?;
        tracing::info!(phone = %mask_phone(phone), "one-time code sent by SMS");
        Ok(())
    }

    async fn send_text(&self, phone: &str, text: &str) -> Result<(), SmsError> {
        self.post(phone, text).await?;
        tracing::info!(phone = %mask_phone(phone), "notification sent by SMS");
        Ok(())
    }
}

impl HttpSmsSender {
    async fn post(&self, phone: &str, message: &str) -> Result<(), SmsError> {
        let mut request = self.http.post(&self.url).json(&json!({"phone": phone, "message": message}));
        if let Some(key) = &self.api_key {
            request = request.bearer_auth(key.expose_secret());
        }
        let response = request.send().await.map_err(|e| SmsError::Provider(e.without_url().to_string()))?;
        if !response.status().is_success() {
            return Err(SmsError::Provider(format!("HTTP {}", response.status())));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_take_the_code_and_lifetime() {
        assert_eq!(render("码{code}，{minutes}分钟", "123456", 5), "码123456，5分钟");
    }

    #[tokio::test]
    async fn the_outbox_keeps_one_private_line_per_message() {
        let dir = tempfile::tempdir().unwrap();
        let sender = from_settings(&SmsSettings::default(), dir.path().to_owned()).unwrap();
        sender.send_code("13812341234", "246810", 5).await.unwrap();
        sender.send_code("13812341235", "135790", 5).await.unwrap();
        let text = std::fs::read_to_string(dir.path().join("sms-outbox.jsonl")).unwrap();
        let lines: Vec<serde_json::Value> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[1]["code"], "135790");
        assert!(lines[0]["message"].as_str().unwrap().contains("246810"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join("sms-outbox.jsonl")).unwrap().permissions().mode();
            assert_eq!(mode & 0o077, 0);
        }
    }

    #[test]
    fn the_http_provider_needs_a_url() {
        let settings = SmsSettings { provider: SmsProvider::Http, ..SmsSettings::default() };
        assert!(from_settings(&settings, PathBuf::from(".")).is_err());
    }
}
