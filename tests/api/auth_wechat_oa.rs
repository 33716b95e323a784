//! Signing in from the WeChat official account's pages (公众号网页授权, `snsapi_base`) against a fake
//! `sns/oauth2/access_token` (wiremock) that answers as WeChat documents, including each error code, a
//! snapshot page's stand-in user, a timeout and malformed answers. New users become citizens; a deputy
//! without a password redeems a binding code from that account; officials tie the official account to theirs.

use reqwest::Method;
use serde_json::{Value, json};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::helpers::{ADMIN_USERNAME, TEST_PASSWORD, TestApp, assert_problem, spawn_app, spawn_app_with};
use liaison::domain::access::Role;

async fn oa_app(server: &MockServer) -> TestApp {
    let base = server.uri();
    spawn_app_with(move |s| {
        s.wechat_oa.app_id = Some("wx-oa-app".into());
        s.wechat_oa.app_secret = Some(secrecy::SecretString::from("wx-oa-secret"));
        s.wechat_oa.base_url = base.clone();
        s.wechat_oa.timeout_ms = 500;
        // The mini-program, on the same fake, for the unionid case.
        s.wechat.app_id = Some("wx-mini-app".into());
        s.wechat.app_secret = Some(secrecy::SecretString::from("wx-mini-secret"));
        s.wechat.base_url = base;
    })
    .await
}

/// WeChat answers JSON labelled text/plain.
fn wechat(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(body.to_string(), "text/plain")
}

fn user(openid: &str) -> ResponseTemplate {
    wechat(json!({"access_token": "WEB-ACCESS-TOKEN", "expires_in": 7200, "refresh_token": "WEB-REFRESH-TOKEN",
                  "openid": openid, "scope": "snsapi_base"}))
}

/// The official account answers `answer` for this code.
async fn answer(server: &MockServer, code: &str, answer: ResponseTemplate) {
    Mock::given(method("GET"))
        .and(path("/sns/oauth2/access_token"))
        .and(query_param("appid", "wx-oa-app"))
        .and(query_param("secret", "wx-oa-secret"))
        .and(query_param("code", code))
        .and(query_param("grant_type", "authorization_code"))
        .respond_with(answer)
        .mount(server)
        .await;
}

async fn sign_in(app: &TestApp, code: &str) -> reqwest::Response {
    app.post_json("/api/v1/auth/wechat-oa", None, &json!({"code": code})).await
}

async fn signed_in(app: &TestApp, code: &str) -> Value {
    let response = sign_in(app, code).await;
    assert_eq!(response.status(), 200, "{code}");
    response.json().await.unwrap()
}

async fn tie(app: &TestApp, token: &str, code: &str) -> reqwest::Response {
    app.post_json("/api/v1/me/identities", Some(token), &json!({"provider": "wechat_oa", "code": code})).await
}

#[tokio::test]
async fn a_new_user_becomes_a_citizen_and_a_deputy_without_a_password_binds_from_that_account() {
    let server = MockServer::start().await;
    for code in ["code-1", "code-2", "code-3"] {
        answer(&server, code, user("oa-openid-1")).await;
    }
    let app = oa_app(&server).await;

    let first = sign_in(&app, "code-1").await;
    assert_eq!(first.status(), 200);
    let text = first.text().await.unwrap();
    assert!(!text.contains("WEB-ACCESS-TOKEN") && !text.contains("WEB-REFRESH") && !text.contains("oa-openid-1"));
    let first: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(first["role"], "citizen");
    let citizen = first["access_token"].as_str().unwrap().to_owned();
    let again = signed_in(&app, "code-2").await;
    assert_eq!(again["subject_id"], first["subject_id"]);
    let listed: Value = app.get_as("/api/v1/me/identities", Some(&citizen)).await.json().await.unwrap();
    assert_eq!(listed["items"][0]["provider"], "wechat_oa");
    // It is the account's only way in: it stays.
    let untie = app.send_as(Method::DELETE, "/api/v1/me/identities/wechat_oa", &citizen, None).await;
    assert_problem(untie, 409, "last_sign_in_method").await;

    // The deputy's station hands them a binding code; redeemed from this account, it is the deputy's.
    let made = app.post_json("/api/v1/deputies/D-002/binding-codes", Some(&app.admin), &json!({})).await;
    let code: Value = made.json().await.unwrap();
    let bound = app
        .post_json("/api/v1/me/deputy-binding", Some(&citizen), &json!({"binding_code": code["binding_code"]}))
        .await;
    assert_eq!(bound.status(), 200);
    let deputy = signed_in(&app, "code-3").await;
    assert_eq!(deputy["role"], "deputy");
    assert_eq!(deputy["subject_id"], first["subject_id"]);
    let me: Value = app.get_as("/api/v1/me", deputy["access_token"].as_str()).await.json().await.unwrap();
    assert_eq!(me["deputy"], "D-002");
}

#[tokio::test]
async fn the_same_wechat_user_in_the_mini_program_and_the_official_account_has_one_account() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/sns/jscode2session"))
        .and(query_param("js_code", "mini-1"))
        .respond_with(wechat(json!({"openid": "mini-openid", "session_key": "k", "unionid": "union-1"})))
        .mount(&server)
        .await;
    answer(&server, "oa-1", wechat(json!({"openid": "oa-openid", "unionid": "union-1", "scope": "snsapi_base"}))).await;
    answer(&server, "oa-2", user("oa-openid")).await;
    let app = oa_app(&server).await;

    let mini = app.post_json("/api/v1/auth/wechat", None, &json!({"code": "mini-1"})).await;
    let mini: Value = mini.json().await.unwrap();
    let oa = signed_in(&app, "oa-1").await;
    assert_eq!(oa["subject_id"], mini["subject_id"]);
    // From then on the openid alone finds it.
    assert_eq!(signed_in(&app, "oa-2").await["subject_id"], mini["subject_id"]);
}

#[tokio::test]
async fn an_official_ties_the_official_account_taking_it_from_the_citizen_account_it_made() {
    let server = MockServer::start().await;
    for code in ["a-1", "a-2", "a-3", "a-4", "a-5"] {
        answer(&server, code, user("oa-openid-2")).await;
    }
    let app = oa_app(&server).await;
    let citizen = signed_in(&app, "a-1").await;
    let (deputy_id, deputy) = app.deputy_account("deputy.oa", "D-003", &[]).await;
    let (_, staff) = app.signed_in(Role::Staff, "staff.oa", &["XH-01"]).await;

    let tied = tie(&app, &deputy, "a-2").await;
    assert_eq!(tied.status(), 200);
    assert_eq!(
        tied.json::<Value>().await.unwrap(),
        json!({"provider": "wechat_oa", "took_over_citizen_account": true})
    );
    let now = signed_in(&app, "a-3").await;
    assert_eq!(now["role"], "deputy");
    assert_eq!(now["subject_id"], deputy_id.to_string());
    // The citizen's old token still works (its reports are still theirs), but its identity is gone.
    let old: Value = app.get_as("/api/v1/me/identities", citizen["access_token"].as_str()).await.json().await.unwrap();
    assert_eq!(old["items"], json!([]));
    // An official holds it now: nobody takes it.
    assert_problem(tie(&app, &staff, "a-4").await, 409, "identity_taken").await;

    // The deputy unties it (they have a password); the next visit makes a new citizen account.
    assert_eq!(app.send_as(Method::DELETE, "/api/v1/me/identities/wechat_oa", &deputy, None).await.status(), 204);
    let fresh = signed_in(&app, "a-5").await;
    assert_eq!(fresh["role"], "citizen");
    assert_ne!(fresh["subject_id"], deputy_id.to_string());
    assert_ne!(fresh["subject_id"], citizen["subject_id"]);

    let admin = app.login(ADMIN_USERNAME, TEST_PASSWORD).await;
    let audit: Value = app.get_as("/api/v1/audit", admin["access_token"].as_str()).await.json().await.unwrap();
    let link = audit["items"].as_array().unwrap().iter().find(|e| e["action"] == "account.identity.link").unwrap();
    assert_eq!(link["actor_id"], deputy_id.to_string());
    assert_eq!(link["detail"]["taken_from_account"], citizen["subject_id"]);
    assert!(audit["items"].as_array().unwrap().iter().any(|e| e["action"] == "account.identity.unlink"));
}

#[tokio::test]
async fn every_documented_official_account_error_has_a_clear_answer() {
    let server = MockServer::start().await;
    let answers = [
        ("bad", wechat(json!({"errcode": 40029, "errmsg": "invalid code"}))),
        ("used", wechat(json!({"errcode": 40163, "errmsg": "code been used"}))),
        ("quota", wechat(json!({"errcode": 45011, "errmsg": "api minute-quota reach limit"}))),
        ("risky", wechat(json!({"errcode": 40226, "errmsg": "high risk user"}))),
        ("busy", wechat(json!({"errcode": -1, "errmsg": "system error"}))),
        ("secret", wechat(json!({"errcode": 40125, "errmsg": "invalid appsecret"}))),
        ("snapshot", wechat(json!({"openid": "stand-in", "is_snapshotuser": 1, "scope": "snsapi_base"}))),
        ("down", ResponseTemplate::new(502)),
        ("html", ResponseTemplate::new(200).set_body_raw("<html>gateway</html>", "text/html")),
        ("empty", wechat(json!({}))),
        ("slow", user("o-slow").set_delay(std::time::Duration::from_secs(3))),
    ];
    for (code, response) in answers {
        answer(&server, code, response).await;
    }
    let app = oa_app(&server).await;
    let cases = [
        ("bad", 401, "wechat_code_invalid", false),
        ("used", 401, "wechat_code_invalid", false),
        ("quota", 429, "wechat_rate_limited", true),
        ("risky", 403, "wechat_user_blocked", false),
        ("busy", 503, "wechat_unavailable", true),
        ("secret", 502, "wechat_bad_response", false),
        ("snapshot", 403, "wechat_snapshot_user", false),
        ("down", 503, "wechat_unavailable", true),
        ("html", 502, "wechat_bad_response", false),
        ("empty", 502, "wechat_bad_response", false),
        ("slow", 503, "wechat_unavailable", true),
    ];
    for (code, status, expected, retry) in cases {
        let response = sign_in(&app, code).await;
        assert_eq!(response.headers().contains_key("retry-after"), retry, "{code}");
        let problem = assert_problem(response, status, expected).await;
        assert!(!problem.to_string().contains("wx-oa-secret"), "{problem}");
    }
    assert_problem(sign_in(&app, "").await, 422, "validation_failed").await;
    // Tying answers the provider's errors the same way.
    let (_, staff) = app.signed_in(Role::Staff, "staff.oa", &["XH-01"]).await;
    assert_problem(tie(&app, &staff, "used").await, 401, "wechat_code_invalid").await;
    let unknown = app.post_json("/api/v1/me/identities", Some(&staff), &json!({"provider": "qq", "code": "x"})).await;
    assert_problem(unknown, 422, "validation_failed").await;
}

#[tokio::test]
async fn without_an_official_account_it_answers_501() {
    let app = spawn_app().await;
    assert_problem(sign_in(&app, "anything").await, 501, "wechat_login_disabled").await;
}

#[tokio::test]
async fn pages_inside_wechat_get_a_signed_js_sdk_configuration_with_one_shared_ticket() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/cgi-bin/token"))
        .and(query_param("grant_type", "client_credential"))
        .and(query_param("appid", "wx-oa-app"))
        .and(query_param("secret", "wx-oa-secret"))
        .respond_with(wechat(json!({"access_token": "OA-TOKEN-1", "expires_in": 7200})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/cgi-bin/ticket/getticket"))
        .and(query_param("access_token", "OA-TOKEN-1"))
        .and(query_param("type", "jsapi"))
        .respond_with(wechat(json!({"errcode": 0, "errmsg": "ok", "ticket": "JSAPI-TICKET-1", "expires_in": 7200})))
        .expect(1)
        .mount(&server)
        .await;
    let app = oa_app(&server).await;
    let page = format!("{}/m/?from=qr", app.settings.public_url.trim_end_matches('/'));
    let mut signatures = Vec::new();
    for _ in 0..3 {
        let url = format!("{page}#/station/XH-01");
        let response =
            app.client.get(app.url("/api/v1/wechat/js-config")).query(&[("url", url.as_str())]).send().await.unwrap();
        assert_eq!(response.status(), 200);
        let config: Value = response.json().await.unwrap();
        assert_eq!(config["app_id"], "wx-oa-app");
        // The signature WeChat checks: SHA-1 over the ticket, nonce, timestamp and the page without its `#` part.
        let text = format!(
            "jsapi_ticket=JSAPI-TICKET-1&noncestr={}&timestamp={}&url={page}",
            config["nonce_str"].as_str().unwrap(),
            config["timestamp"]
        );
        use sha1::Digest;
        assert_eq!(config["signature"].as_str().unwrap(), hex::encode(sha1::Sha1::digest(text.as_bytes())));
        signatures.push(config["nonce_str"].as_str().unwrap().to_owned());
    }
    signatures.dedup();
    assert_eq!(signatures.len(), 3, "a fresh nonce each time");
    // The ticket is kept with the other shared provider tokens (every instance reads it from there).
    assert!(app.storage.provider_token("wechat_oa_jsapi").await.unwrap().is_some_and(|t| t.token == "JSAPI-TICKET-1"));
    // Only this server's pages are signed.
    let foreign =
        app.client.get(app.url("/api/v1/wechat/js-config?url=https%3A%2F%2Fevil.example%2F")).send().await.unwrap();
    assert_problem(foreign, 400, "invalid_query").await;
    server.verify().await;

    // Without an official account there is nothing to sign with.
    let plain = spawn_app().await;
    let off =
        plain.client.get(plain.url("/api/v1/wechat/js-config?url=http%3A%2F%2F127.0.0.1%2Fm%2F")).send().await.unwrap();
    assert_problem(off, 501, "wechat_login_disabled").await;
}

#[tokio::test]
async fn a_refused_official_account_token_is_replaced_once_for_the_ticket() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/cgi-bin/token"))
        .respond_with(wechat(json!({"access_token": "OA-TOKEN-STALE", "expires_in": 7200})))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/cgi-bin/token"))
        .respond_with(wechat(json!({"access_token": "OA-TOKEN-FRESH", "expires_in": 7200})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/cgi-bin/ticket/getticket"))
        .and(query_param("access_token", "OA-TOKEN-STALE"))
        .respond_with(wechat(json!({"errcode": 40001, "errmsg": "invalid credential"})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/cgi-bin/ticket/getticket"))
        .and(query_param("access_token", "OA-TOKEN-FRESH"))
        .respond_with(wechat(json!({"errcode": 0, "errmsg": "ok", "ticket": "JSAPI-TICKET-2", "expires_in": 7200})))
        .mount(&server)
        .await;
    let app = oa_app(&server).await;
    let url = format!("{}/m/", app.settings.public_url.trim_end_matches('/'));
    let response =
        app.client.get(app.url("/api/v1/wechat/js-config")).query(&[("url", url.as_str())]).send().await.unwrap();
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    assert!(app.storage.provider_token("wechat_oa_jsapi").await.unwrap().is_some_and(|t| t.token == "JSAPI-TICKET-2"));
}
