//! `spawn_app()`: one server, one database, one data folder per test, cleaned up when the test ends.

use std::io::Cursor;
use std::sync::LazyLock;

use liaison::configuration::{LogFormat, PhotoStoreKind, Settings};
use liaison::domain::access::Role;
use liaison::startup::Application;
use liaison::storage::Storage;
use liaison::storage::entities::{idempotency_key, report, report_event, report_photo};
use sea_orm::{EntityTrait, PaginatorTrait};
use secrecy::SecretString;
use serde_json::{Value, json};
use tempfile::TempDir;

/// Set `TEST_LOG=1` to see the servers' logs.
static TRACING: LazyLock<()> = LazyLock::new(|| {
    if std::env::var_os("TEST_LOG").is_some() {
        liaison::infra::telemetry::init(LogFormat::Text);
    }
});

pub struct TestApp {
    pub address: String,
    /// Sends no credentials.
    pub client: reqwest::Client,
    /// Signed in as an enrolled kiosk of the demo station XH-01.
    pub kiosk: reqwest::Client,
    /// An access token of the first administrator, made as `liaison admin create` makes one.
    pub admin: String,
    pub storage: Storage,
    pub settings: Settings,
    /// The server's clock: runs as usual, and `clock.advance(…)` moves it on instead of sleeping.
    pub clock: std::sync::Arc<liaison::domain::clock::ShiftedClock>,
    /// The same photo store the server uses (local folder or S3 prefix).
    pub photo_store: std::sync::Arc<dyn liaison::infra::photos::PhotoStore>,
    /// Removed, with the SQLite file and photos, when the test ends.
    _data_dir: TempDir,
    /// Dropped (the PostgreSQL database with it) when the test ends.
    _database: Option<PostgresDatabase>,
}

/// A PostgreSQL database made for one test and dropped after it.
pub struct PostgresDatabase {
    admin_url: String,
    name: String,
}

impl Drop for PostgresDatabase {
    fn drop(&mut self) {
        let admin_url = self.admin_url.clone();
        let name = self.name.clone();
        // Drop runs inside the test's runtime, which cannot block on itself: use a thread with its own.
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
            runtime.block_on(async move {
                use sqlx::Connection;
                let mut conn = sqlx::PgConnection::connect(&admin_url).await?;
                sqlx::query(&format!(r#"DROP DATABASE IF EXISTS "{name}" WITH (FORCE)"#)).execute(&mut conn).await?;
                Ok::<_, sqlx::Error>(())
            })
        })
        .join();
        if !matches!(dropped, Ok(Ok(()))) {
            eprintln!("could not drop test database {}: {dropped:?}", self.name);
        }
    }
}

pub async fn create_postgres_database(admin_url: &str) -> (PostgresDatabase, String) {
    use sqlx::Connection;
    let name = format!("liaison_test_{}", uuid::Uuid::new_v4().simple());
    let mut conn = sqlx::PgConnection::connect(admin_url).await.expect("TEST_DATABASE_URL must reach PostgreSQL");
    sqlx::query(&format!(r#"CREATE DATABASE "{name}""#)).execute(&mut conn).await.unwrap();
    let mut url = url::Url::parse(admin_url).unwrap();
    url.set_path(&name);
    (PostgresDatabase { admin_url: admin_url.to_owned(), name }, url.to_string())
}

/// A server with the demo reference data loaded.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// A server with the demo reference data loaded and settings adjusted by `customize`.
pub async fn spawn_app_with(customize: impl FnOnce(&mut Settings)) -> TestApp {
    LazyLock::force(&TRACING);
    let data_dir = tempfile::tempdir().unwrap();
    let mut settings =
        Settings { bind: "127.0.0.1:0".into(), data_dir: data_dir.path().to_owned(), workers: 2, ..Default::default() };
    // Each app its own rate-limit counters (they may share one Redis), and limits out of the way of tests
    // that are not about them.
    settings.rate_limits.namespace = format!("test-{}", uuid::Uuid::new_v4().simple());
    settings.rate_limits.anonymous_reports_per_ip_per_hour = 10_000;
    settings.rate_limits.reports_per_caller_per_minute = 10_000;
    settings.rate_limits.login_per_ip_per_minute = 10_000;
    settings.rate_limits.phone_codes_per_ip_per_hour = 10_000;
    settings.rate_limits.wechat_logins_per_ip_per_minute = 10_000;
    // Tests run supervision themselves, at the instants they choose.
    settings.workflow.supervision_interval_secs = 0;
    // And relay notifications themselves, at the instants they choose.
    settings.notify.relay_interval_ms = 0;
    // The fake vendors listen on loopback.
    settings.notify.allow_private_targets = true;
    let database = match std::env::var("TEST_DATABASE_URL") {
        Ok(admin_url) if !admin_url.is_empty() => {
            let (database, url) = create_postgres_database(&admin_url).await;
            settings.database_url = Some(SecretString::from(url));
            Some(database)
        }
        _ => None,
    };
    if let Ok(endpoint) = std::env::var("TEST_S3_ENDPOINT")
        && !endpoint.is_empty()
    {
        // Photos in a real S3-compatible server, below a folder of this test's own.
        settings.photos.store = PhotoStoreKind::S3;
        settings.photos.s3.endpoint = Some(endpoint);
        settings.photos.s3.bucket = Some(std::env::var("TEST_S3_BUCKET").unwrap_or_else(|_| "liaison-test".into()));
        settings.photos.s3.allow_http = true;
        settings.photos.s3.access_key_id = Some("test".into());
        settings.photos.s3.secret_access_key = Some(SecretString::from("test"));
        settings.photos.s3.prefix = format!("test-{}", uuid::Uuid::new_v4().simple());
    }
    if let Ok(redis_url) = std::env::var("TEST_REDIS_URL")
        && !redis_url.is_empty()
    {
        settings.redis_url = Some(SecretString::from(redis_url));
    }
    customize(&mut settings);

    let clock = std::sync::Arc::new(liaison::domain::clock::ShiftedClock::default());
    let app = Application::build_with_clock(settings.clone(), clock.clone()).await.expect("the application builds");
    app.load_demo_data().await.expect("demo data loads");
    let address = format!("http://127.0.0.1:{}", app.port());
    let storage = app.storage().clone();
    tokio::spawn(app.run_until_stopped());
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let admin = bootstrap_admin(&client, &address, &storage).await;
    let kiosk_token = enroll_kiosk(&client, &address, &admin, "XH-01").await;
    let kiosk = bearer_client(&kiosk_token);
    let photo_store = liaison::infra::photos::store_from_settings(&settings.photos, settings.photo_dir()).unwrap();
    TestApp {
        address,
        client,
        kiosk,
        admin,
        storage,
        settings,
        clock,
        photo_store,
        _data_dir: data_dir,
        _database: database,
    }
}

/// The `liaison` binary, configured through the environment exactly like `settings` (the same database,
/// data folder and photo store as the test's server).
pub fn cli(settings: &Settings) -> std::process::Command {
    use secrecy::ExposeSecret;
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_liaison"));
    command
        .env("LIAISON_DATA_DIR", &settings.data_dir)
        .env("LIAISON_CONFIG", settings.data_dir.join("absent.toml"))
        .env("LIAISON_LOG_FORMAT", "json")
        .env_remove("REDIS_URL")
        .env_remove("DATABASE_URL");
    if let Some(url) = &settings.database_url {
        command.env("DATABASE_URL", url.expose_secret());
    }
    if settings.photos.store == PhotoStoreKind::S3 {
        let s3 = &settings.photos.s3;
        command
            .env("LIAISON_PHOTOS__STORE", "s3")
            .env("LIAISON_PHOTOS__S3__ENDPOINT", s3.endpoint.clone().unwrap_or_default())
            .env("LIAISON_PHOTOS__S3__BUCKET", s3.bucket.clone().unwrap_or_default())
            .env("LIAISON_PHOTOS__S3__ALLOW_HTTP", "true")
            .env("LIAISON_PHOTOS__S3__ACCESS_KEY_ID", "test")
            .env("LIAISON_PHOTOS__S3__SECRET_ACCESS_KEY", "test")
            .env("LIAISON_PHOTOS__S3__PREFIX", &s3.prefix);
    }
    command
}

/// A client that sends this bearer token with every request.
pub fn bearer_client(token: &str) -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(reqwest::header::AUTHORIZATION, format!("Bearer {token}").parse().unwrap());
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).default_headers(headers).build().unwrap()
}

/// The first administrator's username and password on every test server.
pub const ADMIN_USERNAME: &str = "test.admin";

/// Makes the first administrator the way `liaison admin create` does (the same service, run against the
/// server's database), signs in and returns the access token.
pub async fn bootstrap_admin(client: &reqwest::Client, address: &str, storage: &Storage) -> String {
    let request = liaison::app::accounts::AccountRequest {
        username: ADMIN_USERNAME.to_owned(),
        display_name: "管理员".to_owned(),
        role: Role::Admin,
        password: SecretString::from(TEST_PASSWORD.to_owned()),
        stations: Vec::new(),
        deputy: None,
        unit: None,
    };
    liaison::app::accounts::create(storage, (liaison::domain::report::ActorKind::System, None), request).await.unwrap();
    let response = client
        .post(format!("{address}/api/v1/auth/login"))
        .json(&json!({"username": ADMIN_USERNAME, "password": TEST_PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let tokens: Value = response.json().await.unwrap();
    tokens["access_token"].as_str().unwrap().to_owned()
}

/// Enrolls a kiosk at `station` the way staff would (a code made through the API by `staff_token`, typed
/// into the kiosk) and returns its token.
pub async fn enroll_kiosk(client: &reqwest::Client, address: &str, staff_token: &str, station: &str) -> String {
    let (_, tokens) = enroll_kiosk_full(client, address, staff_token, station).await;
    tokens["access_token"].as_str().unwrap().to_owned()
}

/// Enrolls a kiosk at `station`; returns its id and the whole token pair.
pub async fn enroll_kiosk_full(
    client: &reqwest::Client,
    address: &str,
    staff_token: &str,
    station: &str,
) -> (uuid::Uuid, Value) {
    let created = client
        .post(format!("{address}/api/v1/stations/{station}/kiosks"))
        .bearer_auth(staff_token)
        .json(&json!({"label": "测试机"}))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let created: Value = created.json().await.unwrap();
    let response = client
        .post(format!("{address}/api/v1/kiosks/enroll"))
        .json(&json!({"enrollment_code": created["enrollment_code"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    (created["kiosk"]["id"].as_str().unwrap().parse().unwrap(), body["tokens"].clone())
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    /// A connection of the test's own, for arranging rows the API cannot (yet) write.
    pub async fn connect(&self) -> sea_orm::DatabaseConnection {
        use secrecy::ExposeSecret;
        sea_orm::Database::connect(self.settings.database_url().expose_secret()).await.unwrap()
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.unwrap()
    }

    /// Files a report as the demo kiosk.
    pub async fn post_report(&self, body: &Value) -> reqwest::Response {
        self.kiosk.post(self.url("/api/v1/reports")).json(body).send().await.unwrap()
    }

    /// Files a report as the demo kiosk, with an `Idempotency-Key`.
    pub async fn post_report_with_key(&self, body: &Value, key: &str) -> reqwest::Response {
        self.kiosk.post(self.url("/api/v1/reports")).header("Idempotency-Key", key).json(body).send().await.unwrap()
    }

    /// Files a report form as the demo kiosk.
    pub async fn post_form(&self, form: reqwest::multipart::Form) -> reqwest::Response {
        self.kiosk.post(self.url("/api/v1/reports")).multipart(form).send().await.unwrap()
    }

    /// POSTs JSON with this bearer token (or none).
    pub async fn post_json(&self, path: &str, token: Option<&str>, body: &Value) -> reqwest::Response {
        let mut request = self.client.post(self.url(path)).json(body);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request.send().await.unwrap()
    }

    /// PUTs JSON (or DELETEs, with no body) with this bearer token.
    /// Takes a workflow action on report `id` as the holder of `token`.
    pub async fn act(&self, token: &str, id: &str, action: &Value) -> reqwest::Response {
        self.post_json(&format!("/api/v1/reports/{id}/actions"), Some(token), action).await
    }

    /// The same, which must succeed; the report as it is afterwards.
    pub async fn act_ok(&self, token: &str, id: &str, action: Value) -> Value {
        let response = self.act(token, id, &action).await;
        assert_eq!(response.status(), 200, "{action}: {}", response.text().await.unwrap());
        response.json().await.unwrap()
    }

    pub async fn send_as(
        &self,
        method: reqwest::Method,
        path: &str,
        token: &str,
        body: Option<&Value>,
    ) -> reqwest::Response {
        let mut request = self.client.request(method, self.url(path)).bearer_auth(token);
        if let Some(body) = body {
            request = request.json(body);
        }
        request.send().await.unwrap()
    }

    /// GETs with this bearer token (or none).
    pub async fn get_as(&self, path: &str, token: Option<&str>) -> reqwest::Response {
        let mut request = self.client.get(self.url(path));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request.send().await.unwrap()
    }

    /// A fresh access token of the first administrator (a test may have moved the clock past `admin`'s life).
    pub async fn admin_now(&self) -> String {
        self.login(ADMIN_USERNAME, TEST_PASSWORD).await["access_token"].as_str().unwrap().to_owned()
    }

    /// Creates a password account as an administrator would, through the API.
    pub async fn create_account(&self, role: Role, username: &str, password: &str, stations: &[&str]) -> uuid::Uuid {
        self.create_account_for(role, username, password, stations, None).await
    }

    /// Creates a password account through the API; a deputy's bound to the directory deputy `deputy`.
    pub async fn create_account_for(
        &self,
        role: Role,
        username: &str,
        password: &str,
        stations: &[&str],
        deputy: Option<&str>,
    ) -> uuid::Uuid {
        let body = json!({
            "username": username,
            "display_name": username,
            "role": role.as_str(),
            "password": password,
            "stations": stations,
            "deputy": deputy,
        });
        let response = self.post_json("/api/v1/accounts", Some(&self.admin_now().await), &body).await;
        assert_eq!(response.status(), 201, "create {username}: {}", response.text().await.unwrap());
        let created: Value = response.json().await.unwrap();
        created["id"].as_str().unwrap().parse().unwrap()
    }

    /// Signs in with a password; returns the token pair.
    pub async fn login(&self, username: &str, password: &str) -> Value {
        let response =
            self.post_json("/api/v1/auth/login", None, &json!({"username": username, "password": password})).await;
        assert_eq!(response.status(), 200, "login as {username}");
        response.json().await.unwrap()
    }

    /// A password account with this role, signed in; returns (account id, access token).
    pub async fn signed_in(&self, role: Role, username: &str, stations: &[&str]) -> (uuid::Uuid, String) {
        let id = self.create_account(role, username, TEST_PASSWORD, stations).await;
        let tokens = self.login(username, TEST_PASSWORD).await;
        (id, tokens["access_token"].as_str().unwrap().to_owned())
    }

    /// A deputy account bound to the directory deputy `code`, signed in; returns (account id, access token).
    pub async fn deputy_account(&self, username: &str, code: &str, stations: &[&str]) -> (uuid::Uuid, String) {
        let id = self.create_account_for(Role::Deputy, username, TEST_PASSWORD, stations, Some(code)).await;
        let tokens = self.login(username, TEST_PASSWORD).await;
        (id, tokens["access_token"].as_str().unwrap().to_owned())
    }

    /// Signs in as the directory deputy with this code (an account bound to the entry when it is made).
    pub async fn deputy_signed_in(&self, code: &str) -> String {
        self.deputy_account(&format!("deputy-{}", code.to_lowercase()), code, &[]).await.1
    }

    /// A fresh access token of the deputy [`TestApp::deputy_signed_in`] made (after the clock moved on).
    pub async fn deputy_signed_in_again(&self, code: &str) -> String {
        let tokens = self.login(&format!("deputy-{}", code.to_lowercase()), TEST_PASSWORD).await;
        tokens["access_token"].as_str().unwrap().to_owned()
    }

    /// The one-time codes the outbox SMS sender wrote, oldest first, as (phone, code).
    pub fn sms_outbox(&self) -> Vec<(String, String)> {
        let Ok(text) = std::fs::read_to_string(self.settings.data_dir.join("sms-outbox.jsonl")) else {
            return Vec::new();
        };
        text.lines()
            .filter_map(|line| {
                let v: Value = serde_json::from_str(line).unwrap();
                // Notification texts share the outbox; only codes are wanted here.
                Some((v["phone"].as_str()?.to_owned(), v["code"].as_str()?.to_owned()))
            })
            .collect()
    }

    /// Signs a citizen in with a phone code; returns the token pair.
    pub async fn citizen_by_phone(&self, phone: &str) -> Value {
        let sent = self.post_json("/api/v1/auth/phone/code", None, &json!({"phone": phone})).await;
        assert_eq!(sent.status(), 202, "{}", sent.text().await.unwrap());
        let code = self.sms_outbox().into_iter().rev().find(|(p, _)| p == phone).unwrap().1;
        let verified = self.post_json("/api/v1/auth/phone/verify", None, &json!({"phone": phone, "code": code})).await;
        assert_eq!(verified.status(), 200);
        verified.json().await.unwrap()
    }

    pub async fn count_reports(&self) -> u64 {
        report::Entity::find().count(self.storage.reader()).await.unwrap()
    }

    pub async fn count_rows(&self) -> (u64, u64, u64, u64) {
        let db = self.storage.reader();
        (
            report::Entity::find().count(db).await.unwrap(),
            report_event::Entity::find().count(db).await.unwrap(),
            report_photo::Entity::find().count(db).await.unwrap(),
            idempotency_key::Entity::find().count(db).await.unwrap(),
        )
    }

    /// Every key in the photo store.
    pub async fn photo_keys(&self) -> Vec<String> {
        let mut keys: Vec<String> =
            self.photo_store.list("photos/").await.unwrap().into_iter().map(|o| o.key).collect();
        keys.extend(self.photo_store.list("reports/").await.unwrap().into_iter().map(|o| o.key));
        keys
    }
}

/// The password of accounts made by [`TestApp::signed_in`].
pub const TEST_PASSWORD: &str = "联络站-test-password";

/// A minimal valid kiosk report at the demo station.
pub fn kiosk_report() -> Value {
    json!({
        "category": "environment",
        "title": "垃圾清运不及时",
        "description": "3号楼旁的垃圾桶已经三天没有清运，气味很大。",
        "station": "XH-01",
        "channel": "kiosk"
    })
}

/// Asserts an RFC 9457 problem with this status and code; returns its body.
pub async fn assert_problem(response: reqwest::Response, status: u16, code: &str) -> Value {
    let actual = response.status().as_u16();
    let content_type = response.headers().get("content-type").map(|v| v.to_str().unwrap().to_owned());
    let has_request_id = response.headers().contains_key("x-request-id");
    let text = response.text().await.unwrap();
    assert_eq!(actual, status, "status for {code}: {text}");
    assert_eq!(content_type.as_deref(), Some("application/problem+json"), "{text}");
    assert!(has_request_id);
    let body: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(body["code"], code, "{text}");
    assert_eq!(body["status"], status);
    assert_eq!(body["type"], format!("urn:liaison:problem:{code}"));
    assert!(body["title"].as_str().is_some_and(|t| !t.is_empty()));
    body
}

/// An encoded test image of noise (so it does not compress away).
pub fn image_bytes(format: image::ImageFormat, width: u32, height: u32) -> Vec<u8> {
    use rand::{Rng, SeedableRng};
    let mut rng = rand::rngs::StdRng::seed_from_u64(u64::from(width * 31 + height));
    let img = image::RgbaImage::from_fn(width, height, |_, _| image::Rgba(rng.random()));
    let mut out = Cursor::new(Vec::new());
    match format {
        image::ImageFormat::Jpeg => image::DynamicImage::ImageRgba8(img).to_rgb8().write_to(&mut out, format).unwrap(),
        _ => img.write_to(&mut out, format).unwrap(),
    }
    out.into_inner()
}

pub fn photo_part(bytes: Vec<u8>, file_name: &str, mime: &str) -> reqwest::multipart::Part {
    reqwest::multipart::Part::bytes(bytes).file_name(file_name.to_owned()).mime_str(mime).unwrap()
}

/// The form version of [`kiosk_report`].
pub fn kiosk_form() -> reqwest::multipart::Form {
    reqwest::multipart::Form::new()
        .text("category", "environment")
        .text("description", "3号楼旁的垃圾桶已经三天没有清运。")
        .text("station", "XH-01")
        .text("channel", "kiosk")
}
