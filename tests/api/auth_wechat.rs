//! WeChat mini-program sign-in against a fake `jscode2session` (wiremock) that answers as WeChat documents,
//! including each error code, a timeout and malformed answers.

use serde_json::{Value, json};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::helpers::{TestApp, assert_problem, spawn_app};

async fn wechat_app(server: &MockServer) -> TestApp {
    let base = server.uri();
    crate::helpers::spawn_app_with(move |s| {
        s.wechat.app_id = Some("wx-test-app".into());
        s.wechat.app_secret = Some(secrecy::SecretString::from("wx-test-secret"));
        s.wechat.base_url = base;
        s.wechat.timeout_ms = 500;
    })
    .await
}

/// WeChat answers JSON labelled text/plain.
fn wechat(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(body.to_string(), "text/plain")
}

async fn login(app: &TestApp, code: &str) -> reqwest::Response {
    app.post_json("/api/v1/auth/wechat", None, &json!({"code": code})).await
}

#[tokio::test]
async fn a_code_signs_the_citizen_in_and_the_session_key_stays_on_the_server() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/sns/jscode2session"))
        .and(query_param("appid", "wx-test-app"))
        .and(query_param("secret", "wx-test-secret"))
        .and(query_param("js_code", "code-1"))
        .and(query_param("grant_type", "authorization_code"))
        .respond_with(wechat(json!({"openid": "o-abc", "session_key": "SESSION-KEY-SECRET"})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(query_param("js_code", "code-2"))
        .respond_with(wechat(json!({"openid": "o-abc", "session_key": "SESSION-KEY-2", "unionid": "u-1"})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(query_param("js_code", "code-3"))
        .respond_with(wechat(json!({"openid": "o-other-app", "session_key": "k", "unionid": "u-1"})))
        .mount(&server)
        .await;
    let app = wechat_app(&server).await;

    let first = login(&app, "code-1").await;
    assert_eq!(first.status(), 200);
    let text = first.text().await.unwrap();
    assert!(!text.contains("SESSION-KEY") && !text.contains("o-abc"), "{text}");
    let first: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(first["role"], "citizen");
    assert_eq!(app.get_as("/api/v1/me", first["access_token"].as_str()).await.status(), 200);

    // The same openid is the same citizen; a unionid given later is remembered and then matched first.
    let second: Value = login(&app, "code-2").await.json().await.unwrap();
    assert_eq!(second["subject_id"], first["subject_id"]);
    let third: Value = login(&app, "code-3").await.json().await.unwrap();
    assert_eq!(third["subject_id"], first["subject_id"]);

    let db = app.connect().await;
    use sea_orm::EntityTrait;
    let accounts: Vec<_> = liaison::storage::entities::account::Entity::find()
        .all(&db)
        .await
        .unwrap()
        .into_iter()
        .filter(|a| a.role == "citizen")
        .collect();
    assert_eq!(accounts.len(), 1);
    let stored = format!("{:?}", accounts[0]);
    assert!(!stored.contains("SESSION-KEY"), "{stored}");
}

#[tokio::test]
async fn every_documented_wechat_error_has_a_clear_answer() {
    let server = MockServer::start().await;
    let answers = [
        ("bad", wechat(json!({"errcode": 40029, "errmsg": "invalid code"}))),
        ("used", wechat(json!({"errcode": 40163, "errmsg": "code been used"}))),
        ("quota", wechat(json!({"errcode": 45011, "errmsg": "api minute-quota reach limit"}))),
        ("risky", wechat(json!({"errcode": 40226, "errmsg": "high risk user"}))),
        ("busy", wechat(json!({"errcode": -1, "errmsg": "system error"}))),
        ("appid", wechat(json!({"errcode": 40013, "errmsg": "invalid appid"}))),
        ("down", ResponseTemplate::new(502)),
        ("html", ResponseTemplate::new(200).set_body_raw("<html>gateway</html>", "text/html")),
        ("empty", wechat(json!({}))),
        ("slow", wechat(json!({"openid": "o-slow", "session_key": "k"})).set_delay(std::time::Duration::from_secs(3))),
    ];
    for (code, answer) in answers {
        Mock::given(method("GET")).and(query_param("js_code", code)).respond_with(answer).mount(&server).await;
    }
    let app = wechat_app(&server).await;
    let cases = [
        ("bad", 401, "wechat_code_invalid", false),
        ("used", 401, "wechat_code_invalid", false),
        ("quota", 429, "wechat_rate_limited", true),
        ("risky", 403, "wechat_user_blocked", false),
        ("busy", 503, "wechat_unavailable", true),
        ("appid", 502, "wechat_bad_response", false),
        ("down", 503, "wechat_unavailable", true),
        ("html", 502, "wechat_bad_response", false),
        ("empty", 502, "wechat_bad_response", false),
        ("slow", 503, "wechat_unavailable", true),
    ];
    for (code, status, expected, retry) in cases {
        let response = login(&app, code).await;
        assert_eq!(response.headers().contains_key("retry-after"), retry, "{code}");
        let problem = assert_problem(response, status, expected).await;
        assert!(!problem.to_string().contains("wx-test-secret"), "{problem}");
    }
    assert_problem(login(&app, "").await, 422, "validation_failed").await;
    assert_problem(login(&app, "has space").await, 422, "validation_failed").await;
}

#[tokio::test]
async fn without_a_configured_mini_program_wechat_login_is_off() {
    let app = spawn_app().await;
    assert_problem(login(&app, "anything").await, 501, "wechat_login_disabled").await;
}
