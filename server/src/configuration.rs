//! Typed, layered settings: built-in defaults, then an optional `liaison.toml`, then the environment.
//!
//! Environment variables are `LIAISON_<FIELD>`, with `__` between nested names
//! (`LIAISON_LIMITS__PHOTOS_PER_REPORT=4`), plus the conventional `DATABASE_URL` and `REDIS_URL`.
//! Connection strings are secrets: they are wrapped so that neither `Debug` nor a log line shows them.

use std::path::{Path, PathBuf};

use figment::Figment;
use figment::providers::{Env, Format, Toml};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

use crate::domain::report::TextLimits;

mod login;
mod notify;
mod photos;
mod ui;
pub use login::{WechatOaSettings, WecomLoginSettings};
pub use notify::{NotifySettings, WebPushSettings, WecomSettings};
pub use photos::{PhotoSettings, PhotoStoreKind, S3Settings};
pub use ui::MapSettings;

/// Everything the server can be told.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// Address and port to listen on; port 0 picks a free one.
    pub bind: String,
    /// The address residents' phones reach this server at (behind any proxy), e.g.
    /// `https://liaison.example.gov.cn`; QR codes (代表码, 联络站码) point there.
    pub public_url: String,
    /// Where the SQLite database and photos live in the embedded default.
    pub data_dir: PathBuf,
    /// `sqlite://…` or `postgres://…`; defaults to `<data_dir>/liaison.sqlite`.
    pub database_url: Option<SecretString>,
    /// `redis://…`; optional. Without it everything runs in process.
    pub redis_url: Option<SecretString>,
    /// `text` for people, `json` for log collectors.
    pub log_format: LogFormat,
    pub database: DatabaseSettings,
    pub limits: Limits,
    /// Seconds that in-flight requests get to finish after SIGTERM.
    pub shutdown_timeout_secs: u64,
    /// Number of HTTP worker threads; 0 means one per core.
    pub workers: usize,
    pub auth: AuthSettings,
    pub pii: PiiSettings,
    pub wechat: WechatSettings,
    pub wechat_oa: WechatOaSettings,
    pub wecom_login: WecomLoginSettings,
    pub sms: SmsSettings,
    pub rate_limits: RateLimitSettings,
    pub photos: PhotoSettings,
    pub workflow: WorkflowSettings,
    pub notify: NotifySettings,
    /// The pages notices link to (`[links]`).
    pub links: crate::domain::links::LinkSettings,
    /// The kiosk app's files (served at `/kiosk/`, and the phone tracking page at `/t/{code}`). The default,
    /// `kiosk-ui` in the working directory, falls back to the source tree's `kiosk-ui/` when it is absent.
    pub kiosk_ui_dir: PathBuf,
    /// The other browser screens' files (the handling unit's page at `/unit/`, their shared code at
    /// `/ui/shared/`). The default, `web-ui`, falls back to the source tree's `web-ui/` like `kiosk_ui_dir`.
    pub web_ui_dir: PathBuf,
    /// When set, `GET /metrics` answers only with `Authorization: Bearer <metrics_token>`.
    pub metrics_token: Option<SecretString>,
    /// The console map's tile service (`[map]`).
    pub map: MapSettings,
}

/// The closed loop (`[workflow]`).
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct WorkflowSettings {
    /// A calendar of public holidays and make-up working days in the shape of `server/calendar/cn.json`;
    /// the shipped one (2025 and 2026) when unset.
    pub calendar_file: Option<PathBuf>,
    /// Days after the answer within which "not satisfied" reopens the report.
    pub reopen_window_days: i64,
    /// Days after the answer without a rating before supervision lists it for a supervisor's close-out.
    pub rating_wait_days: i64,
    /// Days after a report closed as resolved before the citizen is asked whether it was actually fixed.
    pub follow_up_after_days: i64,
    /// Working days overdue before supervision escalates from the station head to the committee.
    pub committee_after_working_days: u32,
    /// Seconds between supervision runs (one instance at a time runs it); 0 turns it off.
    pub supervision_interval_secs: u64,
    /// The points archive's rules in the shape of `server/rules/points.json`; the shipped defaults when unset.
    pub points_rules_file: Option<PathBuf>,
}

impl Default for WorkflowSettings {
    fn default() -> Self {
        Self {
            calendar_file: None,
            reopen_window_days: 30,
            rating_wait_days: 15,
            follow_up_after_days: 28,
            committee_after_working_days: 3,
            supervision_interval_secs: 60,
            points_rules_file: None,
        }
    }
}

/// Tokens and sign-in (`[auth]`).
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AuthSettings {
    /// Base64 of the 32-byte Ed25519 seed that signs access tokens. Unset: generated once and kept in
    /// `<data_dir>/keys/` (fine for one instance; instances behind a load balancer must share one).
    pub signing_key: Option<SecretString>,
    /// Base64 of retired Ed25519 public keys (32 bytes) whose tokens are still accepted while they expire.
    pub previous_public_keys: Vec<String>,
    /// `iss` of issued tokens, checked on every request.
    pub issuer: String,
    /// `aud` of issued tokens, checked on every request.
    pub audience: String,
    /// Lifetime of an access token.
    pub access_token_secs: u64,
    /// Lifetime of a person's refresh token (each use replaces it).
    pub refresh_token_days: u64,
    /// Lifetime of a kiosk's refresh token (each use replaces it).
    pub kiosk_refresh_token_days: u64,
    /// Wrong passwords in a row before an account is locked.
    pub max_failed_logins: u32,
    /// How long a locked account stays locked.
    pub lockout_minutes: u64,
    /// How long a kiosk enrollment code stays valid.
    pub enrollment_code_minutes: u64,
    /// How long the signed link a handling unit answers through stays valid.
    pub unit_link_days: u64,
    /// How long a deputy binding code (代表绑定码) stays valid.
    pub binding_code_hours: u64,
    /// Binding codes one account may try per hour (they are guessable only by brute force).
    pub binding_attempts_per_hour: u32,
    /// Whether the online mailbox (channel `web`) takes reports without signing in.
    pub allow_anonymous_reports: bool,
}

/// Personal data protection (`[pii]`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PiiSettings {
    /// Base64 of the 32-byte key that encrypts phone numbers at rest (AES-256-GCM) and keys their lookup
    /// hashes. Unset: generated once and kept in `<data_dir>/keys/`. Losing it loses every stored number.
    pub key: Option<SecretString>,
}

/// The WeChat mini-program login (`[wechat]`).
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct WechatSettings {
    /// The mini-program's AppID; WeChat login is off while it is unset.
    pub app_id: Option<String>,
    pub app_secret: Option<SecretString>,
    /// Where `jscode2session` lives.
    pub base_url: String,
    /// How long to wait for WeChat.
    pub timeout_ms: u64,
    /// Subscribe-message template (订阅消息模板) for a deputy's new report; its fields are `thing1` (what),
    /// `character_string2` (tracking code), `thing3` (detail) and `time4`.
    pub deputy_template_id: Option<String>,
    /// Subscribe-message template for a citizen's progress update, with the same fields.
    pub citizen_template_id: Option<String>,
    /// The mini-program page a subscribe message opens; `{code}` is the tracking code.
    pub page: String,
}

/// Sending one-time codes by SMS (`[sms]`).
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SmsSettings {
    /// `outbox` (embedded default: nothing is sent; codes go to `<data_dir>/sms-outbox.jsonl`) or `http`.
    pub provider: SmsProvider,
    /// `http`: the provider's endpoint; receives `{"phone": …, "message": …}` as JSON.
    pub url: Option<String>,
    /// `http`: sent as `Authorization: Bearer …` when set.
    pub api_key: Option<SecretString>,
    /// The message; `{code}` and `{minutes}` are filled in.
    pub template: String,
    pub timeout_ms: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SmsProvider {
    Outbox,
    Http,
}

/// Request rate limits (`[rate_limits]`), shared through Redis when it is configured.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RateLimitSettings {
    /// Prefix of the Redis keys, so several deployments can share one Redis.
    pub namespace: String,
    /// Take the client address from `X-Forwarded-For` (only behind a proxy that sets it).
    pub trust_forwarded_for: bool,
    pub login_per_ip_per_minute: u32,
    pub phone_codes_per_phone_per_hour: u32,
    /// Seconds between two codes to the same phone.
    pub phone_code_interval_secs: u64,
    pub phone_codes_per_ip_per_hour: u32,
    pub phone_code_attempts: u32,
    /// Sign-ins through WeChat (mini-program and official account) and WeCom per address.
    pub wechat_logins_per_ip_per_minute: u32,
    pub anonymous_reports_per_ip_per_hour: u32,
    pub reports_per_caller_per_minute: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Text,
    Json,
}

/// Connection pool sizes.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DatabaseSettings {
    /// PostgreSQL pool size.
    pub max_connections: u32,
    /// SQLite read-only connections; writes always go through one connection.
    pub sqlite_readers: u32,
    /// Milliseconds SQLite waits for a lock before giving up.
    pub sqlite_busy_timeout_ms: u64,
    /// Seconds a request waits for a free connection.
    pub acquire_timeout_secs: u64,
}

/// What a single request may carry.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
    /// Largest JSON body accepted, in bytes.
    pub json_body_bytes: usize,
    /// Largest photo accepted, in bytes.
    pub photo_bytes: usize,
    /// Most photos on one report.
    pub photos_per_report: usize,
    /// Largest non-photo part of a multipart form, in bytes.
    pub form_field_bytes: usize,
    /// Largest PDF document attached to a reply, in bytes.
    pub document_bytes: usize,
    /// Most documents attached at once.
    pub documents_per_request: usize,
    /// Lengths of typed text (`[limits.text]`).
    pub text: TextLimits,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            bind: "127.0.0.1:8080".into(),
            public_url: "http://127.0.0.1:8080".into(),
            data_dir: PathBuf::from("./data"),
            database_url: None,
            redis_url: None,
            log_format: LogFormat::Text,
            database: DatabaseSettings::default(),
            limits: Limits::default(),
            shutdown_timeout_secs: 30,
            workers: 0,
            auth: AuthSettings::default(),
            pii: PiiSettings::default(),
            wechat: WechatSettings::default(),
            wechat_oa: WechatOaSettings::default(),
            wecom_login: WecomLoginSettings::default(),
            sms: SmsSettings::default(),
            rate_limits: RateLimitSettings::default(),
            photos: PhotoSettings::default(),
            workflow: WorkflowSettings::default(),
            notify: NotifySettings::default(),
            links: Default::default(),
            kiosk_ui_dir: PathBuf::from(ui::DEFAULT_KIOSK_UI_DIR),
            web_ui_dir: PathBuf::from(ui::DEFAULT_WEB_UI_DIR),
            map: MapSettings::default(),
            metrics_token: None,
        }
    }
}

impl Default for AuthSettings {
    fn default() -> Self {
        Self {
            signing_key: None,
            previous_public_keys: Vec::new(),
            issuer: "liaison".into(),
            audience: "liaison-api".into(),
            access_token_secs: 15 * 60,
            refresh_token_days: 30,
            kiosk_refresh_token_days: 180,
            max_failed_logins: 5,
            lockout_minutes: 15,
            enrollment_code_minutes: 30,
            binding_code_hours: 72,
            unit_link_days: 30,
            binding_attempts_per_hour: 10,
            allow_anonymous_reports: true,
        }
    }
}

impl Default for WechatSettings {
    fn default() -> Self {
        Self {
            app_id: None,
            app_secret: None,
            base_url: "https://api.weixin.qq.com".into(),
            timeout_ms: 5_000,
            deputy_template_id: None,
            citizen_template_id: None,
            page: "pages/track/index?code={code}".into(),
        }
    }
}

impl Default for SmsSettings {
    fn default() -> Self {
        Self {
            provider: SmsProvider::Outbox,
            url: None,
            api_key: None,
            template: "【人大代表联络站】您的验证码是{code}，{minutes}分钟内有效。请勿告诉他人。".into(),
            timeout_ms: 5_000,
        }
    }
}

impl Default for RateLimitSettings {
    fn default() -> Self {
        Self {
            namespace: "liaison".into(),
            trust_forwarded_for: false,
            login_per_ip_per_minute: 20,
            phone_codes_per_phone_per_hour: 5,
            phone_code_interval_secs: 60,
            phone_codes_per_ip_per_hour: 20,
            phone_code_attempts: 5,
            wechat_logins_per_ip_per_minute: 30,
            anonymous_reports_per_ip_per_hour: 30,
            reports_per_caller_per_minute: 30,
        }
    }
}

impl Default for DatabaseSettings {
    fn default() -> Self {
        Self { max_connections: 16, sqlite_readers: 4, sqlite_busy_timeout_ms: 5_000, acquire_timeout_secs: 10 }
    }
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            json_body_bytes: 64 * 1024,
            photo_bytes: 15 * 1024 * 1024,
            photos_per_report: 9,
            form_field_bytes: 16 * 1024,
            document_bytes: 10 * 1024 * 1024,
            documents_per_request: 5,
            text: TextLimits::default(),
        }
    }
}

/// Why settings could not be loaded.
#[derive(Debug, thiserror::Error)]
#[error("invalid configuration: {0}")]
pub struct ConfigError(#[from] Box<figment::Error>);

impl Settings {
    /// Loads defaults, then `config_file` when it exists, then the process environment.
    pub fn load(config_file: &Path) -> Result<Self, ConfigError> {
        Self::figment(config_file).extract().map_err(|e| ConfigError(Box::new(e)))
    }

    fn figment(config_file: &Path) -> Figment {
        Figment::new()
            .merge(Toml::file(config_file))
            .merge(Env::prefixed("LIAISON_").ignore(&["config", "admin_password"]).split("__"))
            .merge(Env::raw().only(&["DATABASE_URL", "REDIS_URL"]))
    }

    /// The database to use: the configured URL, or a SQLite file in the data directory.
    pub fn database_url(&self) -> SecretString {
        match &self.database_url {
            Some(url) => url.clone(),
            None => {
                let path = self.data_dir.join("liaison.sqlite");
                SecretString::from(format!("sqlite://{}?mode=rwc", path.display()))
            }
        }
    }

    /// True when the database is SQLite (the embedded default).
    pub fn uses_sqlite(&self) -> bool {
        self.database_url().expose_secret().starts_with("sqlite:")
    }

    /// Whether `public_url` points at this machine only (the default `http://127.0.0.1:8080`, `localhost` …):
    /// receipts' QR codes and notices' links made from it cannot be opened on anyone's phone.
    pub fn public_url_is_local(&self) -> bool {
        let rest = self.public_url.split_once("://").map_or(self.public_url.as_str(), |(_, rest)| rest);
        let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
        let host = match authority.strip_prefix('[') {
            Some(v6) => v6.split(']').next().unwrap_or_default(),
            None => authority.rsplit_once(':').map_or(authority, |(host, _)| host),
        };
        let host = host.to_ascii_lowercase();
        host == "localhost"
            || host.ends_with(".localhost")
            || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback() || ip.is_unspecified())
    }

    /// Where generated keys are kept when none are configured.
    pub fn key_dir(&self) -> PathBuf {
        self.data_dir.join("keys")
    }

    /// Where photos are kept on local disk.
    pub fn photo_dir(&self) -> PathBuf {
        self.data_dir.join("photos")
    }
}

#[cfg(test)]
#[allow(clippy::result_large_err)] // figment's Jail closures return its large error type.
mod tests;
