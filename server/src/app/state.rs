//! What every handler can reach: storage, the photo store, tokens, the phone vault, rate limits, outbound
//! services, and the settings handlers consult.

use std::sync::Arc;

use crate::configuration::{AuthSettings, Limits, RateLimitSettings};
use crate::infra::auth::TokenService;
use crate::infra::outbound::sms::SmsSender;
use crate::infra::outbound::wechat::WechatClient;
use crate::infra::outbound::wechat_oa::WechatOaClient;
use crate::infra::outbound::wecom::WecomLogin;
use crate::infra::photos::PhotoService;
use crate::infra::pii::PhoneVault;
use crate::infra::ratelimit::RateLimiter;
use crate::storage::Storage;

/// Shared application state, cloned cheaply into each worker.
#[derive(Debug, Clone)]
pub struct AppState {
    pub storage: Storage,
    /// The time, as every handler and service tells it (tests move it).
    pub clock: crate::domain::clock::SharedClock,
    /// The photo store, processing pool and URL signer.
    pub photos: Arc<PhotoService>,
    /// Present when `REDIS_URL` is set.
    pub redis: Option<redis::Client>,
    pub limits: Limits,
    pub tokens: Arc<TokenService>,
    pub vault: Arc<PhoneVault>,
    pub limiter: Arc<dyn RateLimiter>,
    /// Present when WeChat login is configured.
    pub wechat: Option<Arc<WechatClient>>,
    /// Present when the official account's web OAuth is configured.
    pub wechat_oa: Option<Arc<WechatOaClient>>,
    /// Present when WeCom web OAuth is turned on.
    pub wecom_login: Option<Arc<WecomLogin>>,
    /// The official account's JS-SDK configuration (its jsapi_ticket), when the official account is set up.
    pub wechat_js: Option<Arc<crate::infra::outbound::wechat_jssdk::WechatJsSdk>>,
    pub sms: Arc<dyn SmsSender>,
    /// The routing directory snapshot.
    pub directory: Arc<crate::app::directory::DirectoryCache>,
    /// What kiosks and phones read most, kept in memory.
    pub reads: Arc<crate::app::reads::ReadCache>,
    pub auth: AuthSettings,
    pub rate_limits: RateLimitSettings,
    /// Working days, for deadlines.
    pub calendar: Arc<crate::domain::calendar::WorkingCalendar>,
    /// The points archive's rules.
    pub points_rules: Arc<crate::domain::duty::points::RulesFile>,
    /// How the closed loop is run.
    pub workflow: crate::configuration::WorkflowSettings,
    /// Live updates for event streams.
    pub live: crate::infra::live::LiveHub,
    /// Where phones reach the server, without a trailing slash (for QR codes).
    pub public_url: String,
    /// The notification channels set up, with the keys and templates clients subscribe with.
    pub notify: crate::infra::notify::setup::ChannelSetup,
    /// The kiosk app's files.
    pub kiosk_ui: std::path::PathBuf,
    /// The other screens' files (`unit/`, `shared/` …).
    pub web_ui: std::path::PathBuf,
    pub metrics: Arc<crate::infra::metrics::Metrics>,
    /// Whether notification targets may be on this machine or a private network.
    pub allow_private_targets: bool,
    /// When set, `/metrics` wants it as a bearer token.
    pub metrics_token: Option<secrecy::SecretString>,
    /// Signs and checks the links handling units answer through.
    pub unit_links: Arc<crate::infra::auth::unit_links::UnitLinkSigner>,
    /// The pages notices link to.
    pub links: crate::domain::links::LinkSettings,
    /// The console map's tile service, and its origin (already checked), which the pages may load images from.
    pub map: crate::configuration::MapSettings,
    pub tile_origin: Option<String>,
    /// Sends test messages on a deputy's channels (the same routes and channels the outbox relay uses).
    pub relay: Arc<crate::infra::notify::Relay>,
}
