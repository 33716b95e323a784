//! Building and running the application: `Application::build(settings)` opens storage, migrates and binds
//! the listener (port 0 picks a free port, as the tests do); `run_until_stopped` serves until SIGTERM or
//! SIGINT, letting in-flight requests finish.

use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use actix_web::dev::Server;
use actix_web::middleware::from_fn;
use actix_web::{App, HttpServer, web};
use anyhow::Context;
use secrecy::ExposeSecret;
use utoipa_actix_web::AppExt;
use utoipa_swagger_ui::SwaggerUi;

use crate::app::error::{AppError, ErrorCode};
use crate::app::state::AppState;
use crate::app::supervise::Supervisor;
use crate::configuration::{Settings, WorkflowSettings};
use crate::domain::calendar::WorkingCalendar;
use crate::domain::clock::SharedClock;
use crate::domain::deadlines::{self, StepSpans};
use crate::infra::auth::{TokenService, keys};
use crate::infra::metrics::Metrics;
use crate::infra::notify::Relay;
use crate::infra::notify::channels::Channels;
use crate::infra::notify::setup::ChannelSetup;
use crate::infra::notify::stream::StreamQueue;
use crate::infra::outbound::wechat_oa::WechatOaClient;
use crate::infra::outbound::wecom::WecomLogin;
use crate::infra::outbound::{self, wechat::WechatClient};
use crate::infra::photos::pool::PhotoPool;
use crate::infra::photos::process::PixelLimits;
use crate::infra::photos::urls::PhotoUrlSigner;
use crate::infra::photos::{self, PhotoService, maintenance};
use crate::infra::pii::PhoneVault;
use crate::infra::ratelimit::{InProcessLimiter, RateLimiter, RedisLimiter};
use crate::storage::Storage;
use crate::storage::change::LoadSummary;
use crate::web::controllers;
use crate::web::middleware::request_id;

/// A server bound to its port and ready to run.
pub struct Application {
    port: u16,
    server: Server,
    state: AppState,
}

impl Application {
    /// Opens storage, brings the schema up to date and binds the listener, telling the time by the system clock.
    pub async fn build(settings: Settings) -> anyhow::Result<Self> {
        Self::build_with_clock(settings, crate::domain::clock::system()).await
    }

    /// As [`Application::build`], with the clock every part of the server tells the time by (tests move it).
    pub async fn build_with_clock(settings: Settings, clock: SharedClock) -> anyhow::Result<Self> {
        std::fs::create_dir_all(&settings.data_dir)
            .with_context(|| format!("cannot create the data directory {}", settings.data_dir.display()))?;
        let storage = Storage::connect(&settings).await.context("cannot open the database")?.with_clock(clock.clone());
        storage.migrate().await.context("cannot migrate the database")?;
        let redis = match &settings.redis_url {
            Some(url) => Some(redis::Client::open(url.expose_secret()).context("REDIS_URL is not a Redis URL")?),
            None => None,
        };
        let (tokens, vault, seed_for_urls) = load_keys(&settings)?;
        let calendar = Arc::new(load_calendar(&settings.workflow)?);
        let spans: std::collections::HashMap<uuid::Uuid, StepSpans> =
            storage.all_categories().await?.into_iter().map(|c| (c.id, c.step_spans())).collect();
        let now = clock.now();
        let fallback = StepSpans::working_days(3, 10, 15);
        let backfilled = storage
            .backfill_workflow(|r| {
                deadlines::at_intake(&calendar, spans.get(&r.category_id).copied().unwrap_or(fallback), now)
            })
            .await
            .context("cannot give reports from before the closed loop their status and deadline")?;
        if backfilled > 0 {
            tracing::info!(
                reports = backfilled,
                "reports from before the closed loop now have a status and a deadline"
            );
        }
        let converted = storage
            .encrypt_plaintext_phones(|phone| (vault.encrypt(phone), vault.lookup_hash(phone)))
            .await
            .context("cannot encrypt stored phone numbers")?;
        if converted > 0 {
            tracing::info!(reports = converted, "encrypted phone numbers stored before encryption existed");
        }
        let limiter: Arc<dyn RateLimiter> = match &redis {
            Some(client) => Arc::new(RedisLimiter::new(client.clone(), clock.clone())),
            None => Arc::new(InProcessLimiter::new(clock.clone())),
        };
        let wechat = WechatClient::from_settings(&settings.wechat).context("cannot set up the WeChat client")?;
        let wechat_oa =
            WechatOaClient::from_settings(&settings.wechat_oa).context("cannot set up the official account")?;
        let wecom_login = WecomLogin::from_settings(
            &settings.wecom_login,
            &settings.notify.wecom,
            storage.clone(),
            Supervisor::holder_name(),
        )
        .context("cannot set up WeCom sign-in")?;
        let wechat_js = outbound::wechat_jssdk::WechatJsSdk::from_settings(
            &settings.wechat_oa,
            storage.clone(),
            Supervisor::holder_name(),
        )
        .context("cannot set up the WeChat JS-SDK")?;
        let sms: Arc<dyn outbound::sms::SmsSender> =
            Arc::from(outbound::sms::from_settings(&settings.sms, settings.data_dir.clone())?);
        let vault = Arc::new(vault);
        let metrics = Arc::new(Metrics::new().context("cannot set up metrics")?);
        let photos = Arc::new(photo_service(&settings, &seed_for_urls, metrics.clone(), clock.clone())?);
        spawn_photo_housekeeping(&settings, photos.clone(), storage.clone());
        let notices =
            relay(&settings, &storage, redis.as_ref(), sms.clone(), limiter.clone(), vault.clone(), metrics.clone())?;
        if settings.notify.relay_interval_ms > 0 {
            notices.clone().spawn(Duration::from_millis(settings.notify.relay_interval_ms));
        }
        crate::app::reads::watch(storage.clone(), Duration::from_millis(500));
        let live = crate::infra::live::LiveHub::new(redis.clone(), &settings.rate_limits.namespace);
        if settings.workflow.supervision_interval_secs > 0 {
            Supervisor {
                storage: storage.clone(),
                calendar: calendar.clone(),
                settings: settings.workflow.clone(),
                holder: Supervisor::holder_name(),
                live: Some(live.clone()),
            }
            .spawn();
        }
        let state = AppState {
            live,
            storage,
            photos,
            redis,
            limits: settings.limits.clone(),
            tokens: Arc::new(tokens.with_clock(clock.clone())),
            clock,
            vault,
            limiter,
            wechat: wechat.map(Arc::new),
            wechat_oa: wechat_oa.map(Arc::new),
            wecom_login: wecom_login.map(Arc::new),
            wechat_js: wechat_js.map(Arc::new),
            sms,
            directory: Arc::default(),
            reads: Arc::default(),
            auth: settings.auth.clone(),
            rate_limits: settings.rate_limits.clone(),
            public_url: settings.public_url.trim_end_matches('/').to_owned(),
            notify: channel_setup(&settings)?,
            metrics,
            metrics_token: settings.metrics_token.clone(),
            unit_links: Arc::new(unit_link_signer(&settings)?),
            links: settings.links.clone(),
            relay: Arc::new(notices),
            allow_private_targets: settings.notify.allow_private_targets,
            calendar,
            points_rules: Arc::new(load_points_rules(&settings.workflow)?),
            workflow: settings.workflow.clone(),
            kiosk_ui: settings.kiosk_ui_path(),
            web_ui: settings.web_ui_path(),
            map: settings.map.clone(),
            tile_origin: settings.map.tile_origin().map_err(anyhow::Error::msg)?,
        };
        let listener =
            TcpListener::bind(&settings.bind).with_context(|| format!("cannot listen on {}", settings.bind))?;
        let port = listener.local_addr()?.port();
        let server = serve(listener, state.clone(), &settings)?;
        Ok(Self { port, server, state })
    }

    /// The port actually bound.
    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn storage(&self) -> &Storage {
        &self.state.storage
    }

    /// Loads the demo reference data (idempotent).
    pub async fn load_demo_data(&self) -> anyhow::Result<LoadSummary> {
        let summary = load_demo_data(&self.state.storage).await?;
        self.state.directory.invalidate().await;
        Ok(summary)
    }

    /// Serves until the process is asked to stop.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}

/// The photo store, processing pool and URL signer, as configured.
pub fn photo_service(
    settings: &Settings,
    url_key: &[u8; 32],
    metrics: Arc<Metrics>,
    clock: SharedClock,
) -> anyhow::Result<PhotoService> {
    let config = &settings.photos;
    Ok(PhotoService {
        store: photos::store_from_settings(config, settings.photo_dir()).context("cannot set up the photo store")?,
        pool: PhotoPool::new(config.workers, config.queue),
        limits: PixelLimits {
            max_edge: config.max_edge,
            max_pixels: config.max_pixels,
            max_alloc_bytes: config.max_decoder_bytes,
        },
        keep_originals: config.keep_originals,
        urls: PhotoUrlSigner::new(*url_key, config.signed_url_secs, clock),
        metrics,
    })
}

/// Upgrades photos of the first release once, then sweeps unreferenced photo files (and expired photo drops) now
/// and at every interval.
fn spawn_photo_housekeeping(settings: &Settings, photos: Arc<PhotoService>, storage: Storage) {
    let grace = Duration::from_secs(settings.photos.sweep_grace_minutes * 60);
    let interval = Duration::from_secs(settings.photos.sweep_interval_minutes.max(1) * 60);
    tokio::spawn(async move {
        match maintenance::upgrade_legacy(&photos, &storage).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(photos = n, "stored photos of the first release replaced by stripped renditions"),
            Err(err) => tracing::error!(error = %err, "could not upgrade stored photos"),
        }
        let mut ticks = tokio::time::interval(interval);
        loop {
            ticks.tick().await;
            if let Err(err) = maintenance::sweep(&photos, &storage, grace).await {
                tracing::warn!(error = %err, "photo sweep failed; it runs again later");
            }
        }
    });
}

/// The token service, phone vault and photo-URL key, from configured keys or keys kept in the data folder.
fn load_keys(settings: &Settings) -> anyhow::Result<(TokenService, PhoneVault, [u8; 32])> {
    if settings.public_url_is_local() {
        tracing::warn!(
            public_url = %settings.public_url,
            "public_url points at this machine: receipts' QR codes and notices' links will not open on anyone's \
             phone; set public_url (LIAISON_PUBLIC_URL) to the address phones reach the server at"
        );
    }
    let auth = &settings.auth;
    let key_dir = settings.key_dir();
    if !settings.uses_sqlite() && (auth.signing_key.is_none() || settings.pii.key.is_none()) {
        tracing::warn!(
            "auth.signing_key or pii.key is not configured: using keys generated in {}; every instance behind \
             a load balancer must share the same keys",
            key_dir.display()
        );
    }
    let seed = keys::configured_or_file(auth.signing_key.as_ref(), &key_dir, "token-signing.key", "auth.signing_key")?;
    let previous = auth
        .previous_public_keys
        .iter()
        .map(|k| keys::decode_key(k, "auth.previous_public_keys"))
        .collect::<Result<Vec<_>, _>>()?;
    let tokens =
        TokenService::new(&seed, &previous, &auth.issuer, &auth.audience, Duration::from_secs(auth.access_token_secs))
            .map_err(|e| anyhow::anyhow!("cannot use the token signing key: {e}"))?;
    let url_key = keys::derive(&seed, "liaison/photo-urls/v1");
    Ok((tokens, phone_vault(settings)?, url_key))
}

/// The signer of handling units' links, with a key derived from the token-signing seed.
pub fn unit_link_signer(settings: &Settings) -> anyhow::Result<crate::infra::auth::unit_links::UnitLinkSigner> {
    let seed = keys::configured_or_file(
        settings.auth.signing_key.as_ref(),
        &settings.key_dir(),
        "token-signing.key",
        "auth.signing_key",
    )?;
    Ok(crate::infra::auth::unit_links::UnitLinkSigner::new(keys::derive(&seed, "liaison/unit-links/v1")))
}

/// The notification relay the settings describe: every configured channel, and the Redis stream when
/// there is Redis. Tests build theirs here too.
pub fn relay(
    settings: &Settings,
    storage: &Storage,
    redis: Option<&redis::Client>,
    sms: Arc<dyn outbound::sms::SmsSender>,
    limiter: Arc<dyn RateLimiter>,
    vault: Arc<PhoneVault>,
    metrics: Arc<Metrics>,
) -> anyhow::Result<Relay> {
    let holder = Supervisor::holder_name();
    let stream = redis.map(|client| StreamQueue::new(client.clone(), &settings.rate_limits.namespace, holder.clone()));
    Ok(Relay {
        channels: Channels::from_settings(settings, storage.clone(), sms, holder)?,
        storage: storage.clone(),
        limiter,
        vault,
        stream,
        metrics,
        links: settings.links.clone(),
        public_url: settings.public_url.clone(),
        unit_links: Arc::new(unit_link_signer(settings)?),
        unit_link_days: settings.auth.unit_link_days,
    })
}

/// What the settings let the relay send on, for `GET /api/v1/notifications/channels`.
fn channel_setup(settings: &Settings) -> anyhow::Result<ChannelSetup> {
    let web_push_public_key = match &settings.notify.web_push.vapid_private_key {
        Some(key) => Some(
            crate::infra::notify::webpush::Vapid::from_private_b64(
                key.expose_secret(),
                &settings.notify.web_push.subject,
            )
            .map_err(|e| anyhow::anyhow!("notify.web_push: {e}"))?
            .public_key_b64(),
        ),
        None => None,
    };
    let wechat = crate::infra::notify::wechat::WechatPush::from_settings(&settings.wechat, &settings.links);
    let wecom = crate::infra::notify::wechat::WecomApp::from_settings(&settings.notify.wecom);
    let mut channels = vec!["wecom_robot".to_owned(), "sms".to_owned()];
    if settings.notify.webhook_secret.is_some() {
        channels.push("webhook".into());
    }
    if wecom.is_some() {
        channels.push("wecom_app".into());
    }
    if web_push_public_key.is_some() {
        channels.push("web_push".into());
    }
    if wechat.is_some() {
        channels.push("wechat_subscribe".into());
    }
    Ok(ChannelSetup {
        channels,
        web_push_public_key,
        wechat_deputy_template_id: wechat.as_ref().and_then(|w| w.deputy_template_id.clone()),
        wechat_citizen_template_id: wechat.and_then(|w| w.citizen_template_id),
    })
}

/// The vault for phone numbers: the configured `pii.key`, or the one kept in the key folder.
pub fn phone_vault(settings: &Settings) -> anyhow::Result<PhoneVault> {
    let pii_key = keys::configured_or_file(settings.pii.key.as_ref(), &settings.key_dir(), "pii.key", "pii.key")?;
    Ok(PhoneVault::new(&pii_key))
}

/// The working-day calendar: the configured file, or the shipped one.
pub fn load_calendar(workflow: &WorkflowSettings) -> anyhow::Result<WorkingCalendar> {
    Ok(match &workflow.calendar_file {
        Some(path) => {
            let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
            WorkingCalendar::from_json(&text).with_context(|| format!("calendar file {}", path.display()))?
        }
        None => WorkingCalendar::shipped()?,
    })
}

/// The points archive's rules: the configured file, or the shipped defaults.
pub fn load_points_rules(workflow: &WorkflowSettings) -> anyhow::Result<crate::domain::duty::points::RulesFile> {
    use crate::domain::duty::points::{RulesFile, SHIPPED};
    let text = match &workflow.points_rules_file {
        Some(path) => std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?,
        None => SHIPPED.to_owned(),
    };
    RulesFile::parse(&text).map_err(anyhow::Error::msg)
}

/// Loads the demo reference data into `storage`, with reception days around today.
pub async fn load_demo_data(storage: &Storage) -> anyhow::Result<LoadSummary> {
    let today = crate::domain::schedule::local_date(storage.now());
    let data = crate::app::demo::reference_data_with_schedule(today)?;
    Ok(storage.load_reference_data(&data).await?)
}

fn serve(listener: TcpListener, state: AppState, settings: &Settings) -> std::io::Result<Server> {
    let data = web::Data::new(state);
    let openapi = crate::web::openapi::api_doc();
    let mut server = HttpServer::new(move || {
        App::new()
            .app_data(data.clone())
            .app_data(web::QueryConfig::default().error_handler(|err, _| {
                AppError::new(ErrorCode::InvalidQuery, format!("Check the query string: {err}.")).into()
            }))
            .app_data(web::PathConfig::default().error_handler(|_, _| {
                AppError::new(ErrorCode::NotFound, "Check the path; an id or number in it is malformed.").into()
            }))
            .wrap(from_fn(crate::web::middleware::methods::refuse_others))
            .wrap(from_fn(crate::web::middleware::head::as_get))
            .wrap(from_fn(crate::web::middleware::people_pages::for_people))
            .wrap(from_fn(crate::web::middleware::page_policy::documents))
            .wrap(from_fn(request_id::assign))
            // gzip for what a client accepts it for (the kiosk's scripts, pages, JSON); not for photos, nor
            // for the live stream, which says `Content-Encoding: identity` so that each event leaves at once.
            .wrap(actix_web::middleware::Compress::default())
            .into_utoipa_app()
            .configure(controllers::configure)
            .into_app()
            .service(web::redirect("/api/docs", "/api/docs/"))
            .service(SwaggerUi::new("/api/docs/{_:.*}").url("/api/openapi.json", openapi.clone()))
            .default_service(web::to(controllers::not_found))
    })
    .shutdown_timeout(settings.shutdown_timeout_secs)
    .client_request_timeout(Duration::from_secs(30))
    .listen(listener)?;
    if settings.workers > 0 {
        server = server.workers(settings.workers);
    }
    Ok(server.run())
}
