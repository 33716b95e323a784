//! The real binary's logs, captured while every kind of secret passes through it, contain none of them:
//! no token, no code, no password, no full phone number.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use serde_json::{Value, json};
use wiremock::matchers::{method, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const ADMIN_PASSWORD: &str = "Admin-联络站-secret-1";
const STAFF_PASSWORD: &str = "Staff-联络站-secret-2";
const WECHAT_CODE: &str = "wx-login-code-0451";
const WECHAT_SECRET: &str = "wx-app-secret-0452";

fn liaison(data_dir: &std::path::Path, wechat_base: &str) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_liaison"));
    command
        .env("LIAISON_BIND", "127.0.0.1:0")
        .env("LIAISON_DATA_DIR", data_dir)
        .env("LIAISON_LOG_FORMAT", "json")
        .env("LIAISON_CONFIG", data_dir.join("absent.toml"))
        .env("LIAISON_WECHAT__APP_ID", "wx-app")
        .env("LIAISON_WECHAT__APP_SECRET", WECHAT_SECRET)
        .env("LIAISON_WECHAT__BASE_URL", wechat_base)
        // Everything our code and the HTTP stack say, not only what production shows.
        .env("RUST_LOG", "debug")
        .env_remove("DATABASE_URL")
        .env_remove("REDIS_URL");
    command
}

#[tokio::test]
async fn no_log_line_carries_a_secret() {
    let wechat = MockServer::start().await;
    Mock::given(method("GET"))
        .and(query_param("js_code", WECHAT_CODE))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(json!({"openid": "o-log", "session_key": "SESSION-KEY-0453"}).to_string(), "text/plain"),
        )
        .mount(&wechat)
        .await;
    let data_dir = tempfile::tempdir().unwrap();

    let bootstrap = liaison(data_dir.path(), &wechat.uri())
        .args(["admin", "create", "--username", "root", "--display-name", "管理员"])
        .env("LIAISON_ADMIN_PASSWORD", ADMIN_PASSWORD)
        .output()
        .unwrap();
    assert!(bootstrap.status.success(), "{}", String::from_utf8_lossy(&bootstrap.stderr));
    let mut logs = String::from_utf8_lossy(&bootstrap.stderr).into_owned();
    logs.push_str(&String::from_utf8_lossy(&bootstrap.stdout));

    let mut child = liaison(data_dir.path(), &wechat.uri())
        .args(["serve", "--demo"])
        .stderr(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let port = loop {
        let line = lines.next().expect("the server says it is serving").unwrap();
        logs.push_str(&line);
        logs.push('\n');
        let entry: Value = serde_json::from_str(&line).unwrap_or_default();
        if entry["message"] == "serving; API docs at /api/docs/" {
            break entry["port"].as_u64().unwrap();
        }
    };
    let drain = std::thread::spawn(move || lines.map_while(Result::ok).collect::<Vec<_>>());

    let base = format!("http://127.0.0.1:{port}");
    let http = reqwest::Client::new();
    let post = |path: &str, token: Option<&str>, body: Value| {
        let mut request = http.post(format!("{base}{path}")).json(&body);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        async move {
            let response = request.send().await.unwrap();
            let status = response.status().as_u16();
            (status, response.json::<Value>().await.unwrap_or_default())
        }
    };
    let mut secrets: Vec<String> =
        vec![ADMIN_PASSWORD.into(), STAFF_PASSWORD.into(), WECHAT_CODE.into(), WECHAT_SECRET.into()];
    secrets.push("SESSION-KEY-0453".into());
    fn keep(secrets: &mut Vec<String>, pair: &Value) {
        for field in ["access_token", "refresh_token"] {
            secrets.push(pair[field].as_str().unwrap().to_owned());
        }
    }

    let (status, admin) =
        post("/api/v1/auth/login", None, json!({"username": "root", "password": ADMIN_PASSWORD})).await;
    assert_eq!(status, 200);
    keep(&mut secrets, &admin);
    let admin_token = admin["access_token"].as_str().unwrap().to_owned();
    let (status, _) = post(
        "/api/v1/accounts",
        Some(&admin_token),
        json!({"username": "staff.a", "display_name": "站员", "role": "staff", "password": STAFF_PASSWORD, "stations": ["XH-01"]}),
    )
    .await;
    assert_eq!(status, 201);
    let (_, wrong) =
        post("/api/v1/auth/login", None, json!({"username": "staff.a", "password": "Wrong-secret-0454"})).await;
    assert_eq!(wrong["code"], "invalid_credentials");
    secrets.push("Wrong-secret-0454".into());
    let (_, staff) = post("/api/v1/auth/login", None, json!({"username": "staff.a", "password": STAFF_PASSWORD})).await;
    keep(&mut secrets, &staff);
    let staff_token = staff["access_token"].as_str().unwrap().to_owned();

    let (status, created) = post("/api/v1/stations/XH-01/kiosks", Some(&staff_token), json!({"label": "一号机"})).await;
    assert_eq!(status, 201);
    let enrollment = created["enrollment_code"].as_str().unwrap().to_owned();
    secrets.push(enrollment.clone());
    secrets.push(enrollment.replace('-', ""));
    let (status, enrolled) = post("/api/v1/kiosks/enroll", None, json!({"enrollment_code": enrollment})).await;
    assert_eq!(status, 200);
    keep(&mut secrets, &enrolled["tokens"]);
    let kiosk_token = enrolled["tokens"]["access_token"].as_str().unwrap().to_owned();
    let (status, filed) = post(
        "/api/v1/reports",
        Some(&kiosk_token),
        json!({"category": "environment", "description": "楼道灯坏了", "channel": "kiosk",
               "contact": {"name": "王阿姨", "phone": "13812340455"}, "consent": {"personal_info": true}}),
    )
    .await;
    assert_eq!(status, 201);
    secrets.push("13812340455".into());

    let (status, _) = post("/api/v1/auth/phone/code", None, json!({"phone": "13900000456"})).await;
    assert_eq!(status, 202);
    secrets.push("13900000456".into());
    let outbox = std::fs::read_to_string(data_dir.path().join("sms-outbox.jsonl")).unwrap();
    let sms: Value = serde_json::from_str(outbox.lines().next().unwrap()).unwrap();
    let code = sms["code"].as_str().unwrap().to_owned();
    let (_, wrong) = post("/api/v1/auth/phone/verify", None, json!({"phone": "13900000456", "code": "999999"})).await;
    let (status, citizen) =
        post("/api/v1/auth/phone/verify", None, json!({"phone": "13900000456", "code": code})).await;
    assert!(status == 200 || wrong["code"] == "invalid_phone_code");
    if status == 200 {
        keep(&mut secrets, &citizen);
    }
    secrets.push(code);
    let (status, wechat_citizen) = post("/api/v1/auth/wechat", None, json!({"code": WECHAT_CODE})).await;
    assert_eq!(status, 200);
    keep(&mut secrets, &wechat_citizen);

    let report_id = filed["id"].as_str().unwrap();
    let (status, unmasked) =
        post(&format!("/api/v1/reports/{report_id}/contact/unmask"), Some(&staff_token), json!({"reason": "回访"}))
            .await;
    assert_eq!(status, 200);
    assert_eq!(unmasked["phone"], "13812340455");
    let (status, refreshed) =
        post("/api/v1/auth/refresh", None, json!({"refresh_token": staff["refresh_token"].clone()})).await;
    assert_eq!(status, 200);
    keep(&mut secrets, &refreshed);
    let (status, _) =
        post("/api/v1/auth/refresh", None, json!({"refresh_token": staff["refresh_token"].clone()})).await;
    assert_eq!(status, 401);
    let (status, _) = post("/api/v1/auth/logout", None, json!({"refresh_token": admin["refresh_token"].clone()})).await;
    assert_eq!(status, 204);
    let bad = http.get(format!("{base}/api/v1/me")).bearer_auth(format!("{kiosk_token}x")).send().await.unwrap();
    assert_eq!(bad.status(), 401);
    let request_id = bad.headers()["x-request-id"].to_str().unwrap().to_owned();

    assert!(Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap().success());
    let _ = tokio::task::spawn_blocking(move || child.wait()).await;
    for line in drain.join().unwrap() {
        logs.push_str(&line);
        logs.push('\n');
    }

    // The logs did record what happened (so this test would see a leak)...
    for expected in ["signed in with a password", "kiosk enrolled", "contact phone unmasked", "citizen signed in"] {
        assert!(logs.contains(expected), "no `{expected}` in the logs");
    }
    // Each request's lines are JSON carrying its id, as sent back in `X-Request-Id`.
    let finished: Vec<Value> = logs
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter(|entry| entry["message"] == "request finished" && entry.to_string().contains(&request_id))
        .collect();
    assert_eq!(finished.len(), 1, "one JSON line ends request {request_id}");
    assert_eq!(finished[0]["status"], 401);
    // ...and none of the secrets.
    for secret in &secrets {
        if let Some(line) = logs.lines().find(|l| carries(l, secret)) {
            panic!("a log line carries a secret ({} chars): {line}", secret.len());
        }
    }
}

/// Whether `line` holds `secret`. A secret of digits only (a phone code) counts where it stands alone, not
/// inside a longer number such as a migration's name or a timestamp.
fn carries(line: &str, secret: &str) -> bool {
    if !secret.bytes().all(|b| b.is_ascii_digit()) {
        return line.contains(secret);
    }
    line.match_indices(secret).any(|(at, _)| {
        let before = line[..at].bytes().next_back();
        let after = line[at + secret.len()..].bytes().next();
        !before.is_some_and(|b| b.is_ascii_digit()) && !after.is_some_and(|b| b.is_ascii_digit())
    })
}
