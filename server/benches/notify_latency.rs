//! Time from assignment to the push gateway receiving the notice, at a steady rate of reports.
//!
//!     cargo bench --bench notify_latency                       # embedded default: SQLite, no Redis
//!     BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test BENCH_REDIS_URL=redis://127.0.0.1:6379 \
//!       cargo bench --bench notify_latency                     # PostgreSQL + Redis Streams
//!
//! A server is started in process with the demo directory; deputy D-003 is reached by a signed webhook on
//! a fake gateway in the same process, which notes when each notice arrives. Reports naming D-003 (so they
//! are assigned at intake) are filed at `BENCH_RATE` a second (100) for `BENCH_SECONDS` (10). Latency is
//! counted from the moment the report was sent, which includes filing it: an upper bound on the time from
//! assignment. Prints p50, p90, p99 and max, and how many notices never arrived (the bench fails then).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use actix_web::{App, HttpResponse, HttpServer, web};
use liaison::configuration::Settings;
use liaison::domain::access::Role;
use liaison::startup::Application;
use secrecy::SecretString;
use serde_json::{Value, json};

type Arrivals = Arc<Mutex<HashMap<String, Instant>>>;

fn main() -> anyhow::Result<()> {
    tokio::runtime::Builder::new_multi_thread().enable_all().build()?.block_on(run())
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// The fake gateway: notes when each tracking code arrives.
async fn gateway(arrivals: Arrivals) -> anyhow::Result<String> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    let address = format!("http://{}/hook", listener.local_addr()?);
    let server = HttpServer::new(move || {
        let arrivals = arrivals.clone();
        App::new().route(
            "/hook",
            web::post().to(move |body: web::Json<Value>| {
                let arrivals = arrivals.clone();
                async move {
                    if let (Some(code), Ok(mut seen)) = (body["tracking_code"].as_str(), arrivals.lock()) {
                        seen.entry(code.to_owned()).or_insert_with(Instant::now);
                    }
                    HttpResponse::NoContent().finish()
                }
            }),
        )
    })
    .workers(1)
    .listen(listener)?
    .run();
    tokio::spawn(server);
    Ok(address)
}

/// A fresh PostgreSQL database for this run (dropped at the end), when asked for.
async fn database(admin_url: &str) -> anyhow::Result<(String, String)> {
    let name = format!("liaison_bench_{}", uuid::Uuid::new_v4().simple());
    let admin = sqlx::PgPool::connect(admin_url).await?;
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&admin).await?;
    let mut url = url::Url::parse(admin_url)?;
    url.set_path(&name);
    Ok((name, url.to_string()))
}

async fn run() -> anyhow::Result<()> {
    let rate = env_number("BENCH_RATE", 100).max(1);
    let seconds = env_number("BENCH_SECONDS", 10).max(1);
    let data_dir = tempfile::tempdir()?;
    let mut settings =
        Settings { bind: "127.0.0.1:0".into(), data_dir: data_dir.path().to_owned(), ..Default::default() };
    settings.rate_limits.anonymous_reports_per_ip_per_hour = 1_000_000;
    settings.rate_limits.login_per_ip_per_minute = 1_000;
    settings.workflow.supervision_interval_secs = 0;
    settings.notify.webhook_secret = Some(SecretString::from("bench-secret"));
    settings.notify.allow_private_targets = true; // the fake gateway is on loopback
    let admin_url = std::env::var("BENCH_DATABASE_URL").ok().filter(|u| !u.is_empty());
    let mut created_database = None;
    if let Some(admin_url) = &admin_url {
        let (name, url) = database(admin_url).await?;
        settings.database_url = Some(SecretString::from(url));
        created_database = Some(name);
    }
    if let Ok(redis) = std::env::var("BENCH_REDIS_URL")
        && !redis.is_empty()
    {
        settings.redis_url = Some(SecretString::from(redis));
        settings.rate_limits.namespace = format!("bench-{}", uuid::Uuid::new_v4().simple());
    }
    let shape = match (&settings.database_url, &settings.redis_url) {
        (Some(_), Some(_)) => "PostgreSQL + Redis Streams",
        (Some(_), None) => "PostgreSQL, database outbox",
        (None, Some(_)) => "SQLite + Redis Streams",
        (None, None) => "embedded default (SQLite, database outbox)",
    };

    let arrivals: Arrivals = Arc::default();
    let hook = gateway(arrivals.clone()).await?;
    let app = Application::build(settings.clone()).await?;
    app.load_demo_data().await?;
    let base = format!("http://127.0.0.1:{}", app.port());
    let storage = app.storage().clone();
    tokio::spawn(app.run_until_stopped());

    // An administrator gives D-003 the webhook.
    let password = "bench-password-long-enough";
    let request = liaison::app::accounts::AccountRequest {
        username: "bench-admin".into(),
        display_name: "bench".into(),
        role: Role::Admin,
        password: SecretString::from(password.to_owned()),
        stations: Vec::new(),
        deputy: None,
        unit: None,
    };
    liaison::app::accounts::create(&storage, (liaison::domain::report::ActorKind::System, None), request)
        .await
        .map_err(|err| anyhow::anyhow!("{err}"))?;
    let client = reqwest::Client::new();
    let login: Value = client
        .post(format!("{base}/api/v1/auth/login"))
        .json(&json!({"username": "bench-admin", "password": password}))
        .send()
        .await?
        .json()
        .await?;
    let token = login["access_token"].as_str().unwrap_or_default().to_owned();
    let directory: Value =
        client.get(format!("{base}/api/v1/directory")).bearer_auth(&token).send().await?.json().await?;
    let mut deputy = directory["deputies"]
        .as_array()
        .and_then(|all| all.iter().find(|d| d["code"] == "D-003"))
        .cloned()
        .ok_or_else(|| anyhow::anyhow!("the demo directory has no D-003"))?;
    if let Some(record) = deputy.as_object_mut() {
        record.remove("code");
    }
    deputy["channels"] = json!(["webhook"]);
    let put = client.put(format!("{base}/api/v1/deputies/D-003")).bearer_auth(&token).json(&deputy).send().await?;
    anyhow::ensure!(put.status().is_success(), "cannot set D-003's channels: {}", put.status());
    let target = client
        .put(format!("{base}/api/v1/deputies/D-003/notification-targets/webhook"))
        .bearer_auth(&token)
        .json(&json!({"target": hook}))
        .send()
        .await?;
    anyhow::ensure!(target.status().is_success(), "cannot set D-003's webhook: {}", target.status());

    println!("{shape}: {rate} reports a second for {seconds} s, each assigned to D-003 at intake");
    let sent: Arc<Mutex<HashMap<String, Instant>>> = Arc::default();
    let mut ticker = tokio::time::interval(Duration::from_micros(1_000_000 / rate));
    let mut requests = Vec::new();
    for i in 0..rate * seconds {
        ticker.tick().await;
        let (client, base, sent) = (client.clone(), base.clone(), sent.clone());
        requests.push(tokio::spawn(async move {
            let started = Instant::now();
            let response = client
                .post(format!("{base}/api/v1/reports"))
                .json(&json!({"category": "environment", "description": format!("基准测试第{i}件：垃圾未清运"),
                              "channel": "web", "station": "XH-01", "deputy": "D-003"}))
                .send()
                .await;
            let body: Option<Value> = match response {
                Ok(r) if r.status().as_u16() == 201 => r.json().await.ok(),
                _ => None,
            };
            match (body.as_ref().and_then(|b| b["tracking_code"].as_str()), sent.lock()) {
                (Some(code), Ok(mut sent)) => {
                    sent.insert(code.to_owned(), started);
                    true
                }
                _ => false,
            }
        }));
    }
    let mut failed = 0;
    for request in requests {
        if !request.await.unwrap_or(false) {
            failed += 1;
        }
    }
    // Give the last notices time to arrive.
    let deadline = Instant::now() + Duration::from_secs(10);
    let expected = sent.lock().map(|s| s.len()).unwrap_or(0);
    while Instant::now() < deadline && arrivals.lock().map(|a| a.len()).unwrap_or(0) < expected {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }

    let (sent, arrivals) = (
        sent.lock().map_err(|_| anyhow::anyhow!("poisoned"))?.clone(),
        arrivals.lock().map_err(|_| anyhow::anyhow!("poisoned"))?.clone(),
    );
    let mut latencies: Vec<Duration> = sent
        .iter()
        .filter_map(|(code, started)| arrivals.get(code).map(|arrived| arrived.saturating_duration_since(*started)))
        .collect();
    latencies.sort();
    let lost = sent.len() - latencies.len();
    let at = |q: f64| {
        latencies.get(((latencies.len() as f64 * q).ceil() as usize).saturating_sub(1)).copied().unwrap_or_default()
    };
    println!(
        "RESULT {shape}: {} notices, p50 {:.1} ms, p90 {:.1} ms, p99 {:.1} ms, max {:.1} ms; {} never arrived; \
         {} reports refused",
        latencies.len(),
        at(0.50).as_secs_f64() * 1e3,
        at(0.90).as_secs_f64() * 1e3,
        at(0.99).as_secs_f64() * 1e3,
        latencies.last().copied().unwrap_or_default().as_secs_f64() * 1e3,
        lost,
        failed,
    );
    if let (Some(admin_url), Some(name)) = (&admin_url, created_database) {
        drop(storage);
        let admin = sqlx::PgPool::connect(admin_url).await?;
        sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(&admin).await?;
    }
    anyhow::ensure!(lost == 0 && failed == 0, "{lost} notices never arrived, {failed} reports were refused");
    Ok(())
}
