//! WeCom web OAuth (企业微信网页授权) against a fake WeCom (wiremock) that answers as WeCom documents:
//! `gettoken` and `auth/getuserinfo`, each error code, a refused token, a timeout and malformed answers.
//! Deputies and staff tie their WeCom member to their account once; WeCom never makes accounts.

use reqwest::Method;
use serde_json::{Value, json};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::helpers::{ADMIN_USERNAME, TEST_PASSWORD, TestApp, assert_problem, spawn_app, spawn_app_with};
use liaison::domain::access::Role;

async fn wecom_app(server: &MockServer) -> TestApp {
    let base = server.uri();
    spawn_app_with(move |s| {
        s.notify.wecom.corp_id = Some("ww-test-corp".into());
        s.notify.wecom.corp_secret = Some(secrecy::SecretString::from("wecom-test-secret"));
        s.notify.wecom.base_url = base;
        s.wecom_login.enabled = true;
        s.wecom_login.timeout_ms = 500;
    })
    .await
}

/// `gettoken` hands out `token`, `times` times (or always).
async fn token(server: &MockServer, token: &str, times: Option<u64>) {
    let mock = Mock::given(method("GET"))
        .and(path("/cgi-bin/gettoken"))
        .and(query_param("corpid", "ww-test-corp"))
        .and(query_param("corpsecret", "wecom-test-secret"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"errcode": 0, "errmsg": "ok", "access_token": token, "expires_in": 7200})),
        );
    match times {
        Some(n) => mock.up_to_n_times(n).mount(server).await,
        None => mock.mount(server).await,
    }
}

/// `getuserinfo` answers `answer` for this code and token.
async fn user_info(server: &MockServer, code: &str, token: &str, answer: ResponseTemplate) {
    Mock::given(method("GET"))
        .and(path("/cgi-bin/auth/getuserinfo"))
        .and(query_param("access_token", token))
        .and(query_param("code", code))
        .respond_with(answer)
        .mount(server)
        .await;
}

fn member(userid: &str) -> ResponseTemplate {
    ResponseTemplate::new(200)
        .set_body_json(json!({"errcode": 0, "errmsg": "ok", "userid": userid, "user_ticket": "T"}))
}

fn errcode(code: i64) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({"errcode": code, "errmsg": "refused"}))
}

async fn sign_in(app: &TestApp, code: &str) -> reqwest::Response {
    app.post_json("/api/v1/auth/wecom", None, &json!({"code": code})).await
}

async fn tie(app: &TestApp, token: &str, code: &str) -> reqwest::Response {
    app.post_json("/api/v1/me/identities", Some(token), &json!({"provider": "wecom", "code": code})).await
}

async fn requests_to(server: &MockServer, to: &str) -> usize {
    server.received_requests().await.unwrap().iter().filter(|r| r.url.path() == to).count()
}

async fn audit_actions(app: &TestApp) -> Vec<String> {
    let admin = app.login(ADMIN_USERNAME, TEST_PASSWORD).await;
    let audit: Value = app.get_as("/api/v1/audit", admin["access_token"].as_str()).await.json().await.unwrap();
    audit["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap().to_owned()).collect()
}

#[tokio::test]
async fn a_member_signs_in_once_tied_to_their_account_and_the_token_is_kept_until_it_expires() {
    let server = MockServer::start().await;
    token(&server, "TOKEN-1", None).await;
    for code in ["code-1", "code-2", "code-3", "code-4", "code-5"] {
        user_info(&server, code, "TOKEN-1", member("zhangsan")).await;
    }
    let app = wecom_app(&server).await;
    let (staff_id, staff) = app.signed_in(Role::Staff, "staff.wecom", &["XH-01"]).await;

    // Not tied yet: told so, and nothing is made.
    let refused = assert_problem(sign_in(&app, "code-1").await, 401, "identity_not_bound").await;
    assert!(refused["detail"].as_str().unwrap().contains("/api/v1/me/identities"), "{refused}");

    let tied = tie(&app, &staff, "code-2").await;
    assert_eq!(tied.status(), 200);
    assert_eq!(tied.json::<Value>().await.unwrap(), json!({"provider": "wecom", "took_over_citizen_account": false}));
    let listed: Value = app.get_as("/api/v1/me/identities", Some(&staff)).await.json().await.unwrap();
    assert_eq!(listed["items"].as_array().unwrap().len(), 1);
    assert_eq!(listed["items"][0]["provider"], "wecom");

    let signed_in = sign_in(&app, "code-3").await;
    assert_eq!(signed_in.status(), 200);
    let text = signed_in.text().await.unwrap();
    assert!(!text.contains("TOKEN-1") && !text.contains("zhangsan"), "{text}");
    let tokens: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(tokens["role"], "staff");
    assert_eq!(tokens["subject_id"], staff_id.to_string());
    let me: Value = app.get_as("/api/v1/me", tokens["access_token"].as_str()).await.json().await.unwrap();
    assert_eq!(me["username"], "staff.wecom");

    // One token served all three calls; once it expires, the next sign-in fetches another.
    assert_eq!(requests_to(&server, "/cgi-bin/gettoken").await, 1);
    app.clock.advance(chrono::Duration::hours(2));
    assert_eq!(sign_in(&app, "code-4").await.status(), 200);
    assert_eq!(requests_to(&server, "/cgi-bin/gettoken").await, 2);

    // Untied: the member is refused again, and untying twice finds nothing.
    let staff = app.login("staff.wecom", TEST_PASSWORD).await["access_token"].as_str().unwrap().to_owned();
    assert_eq!(app.send_as(Method::DELETE, "/api/v1/me/identities/wecom", &staff, None).await.status(), 204);
    assert_problem(sign_in(&app, "code-5").await, 401, "identity_not_bound").await;
    let again = app.send_as(Method::DELETE, "/api/v1/me/identities/wecom", &staff, None).await;
    assert_problem(again, 404, "not_found").await;
    let unknown = app.send_as(Method::DELETE, "/api/v1/me/identities/qq", &staff, None).await;
    assert_problem(unknown, 404, "not_found").await;

    let actions = audit_actions(&app).await;
    assert!(actions.iter().any(|a| a == "account.identity.link"), "{actions:?}");
    assert!(actions.iter().any(|a| a == "account.identity.unlink"), "{actions:?}");
}

#[tokio::test]
async fn a_member_belongs_to_one_account_and_only_officials_tie_one() {
    let server = MockServer::start().await;
    token(&server, "TOKEN-1", None).await;
    for code in ["a-1", "a-2", "a-3", "a-4"] {
        user_info(&server, code, "TOKEN-1", member("lisi")).await;
    }
    user_info(&server, "b-1", "TOKEN-1", member("wangwu")).await;
    let app = wecom_app(&server).await;
    let (deputy_id, deputy) = app.deputy_account("deputy.wecom", "D-006", &[]).await;
    let (_, staff) = app.signed_in(Role::Staff, "staff.wecom", &["XH-01"]).await;
    let citizen = app.citizen_by_phone("13900000091").await["access_token"].as_str().unwrap().to_owned();

    assert_eq!(tie(&app, &deputy, "a-1").await.status(), 200);
    // The same member again: nothing changes. Someone else: taken.
    assert_eq!(tie(&app, &deputy, "a-2").await.status(), 200);
    assert_problem(tie(&app, &staff, "a-3").await, 409, "identity_taken").await;
    // Citizens never tie WeCom; the code is not even spent.
    let before = requests_to(&server, "/cgi-bin/auth/getuserinfo").await;
    assert_problem(tie(&app, &citizen, "b-1").await, 403, "forbidden").await;
    assert_eq!(requests_to(&server, "/cgi-bin/auth/getuserinfo").await, before);

    let signed_in: Value = sign_in(&app, "a-4").await.json().await.unwrap();
    assert_eq!(signed_in["role"], "deputy");
    assert_eq!(signed_in["subject_id"], deputy_id.to_string());

    // Tying another member replaces the first.
    assert_eq!(tie(&app, &deputy, "b-1").await.status(), 200);
    let listed: Value = app.get_as("/api/v1/me/identities", Some(&deputy)).await.json().await.unwrap();
    assert_eq!(listed["items"].as_array().unwrap().len(), 1);

    // A deputy who left no longer signs in with WeCom.
    assert_eq!(app.send_as(Method::DELETE, "/api/v1/deputies/D-006", &app.admin, None).await.status(), 200);
    user_info(&server, "b-2", "TOKEN-1", member("wangwu")).await;
    assert_problem(sign_in(&app, "b-2").await, 403, "forbidden").await;
}

#[tokio::test]
async fn every_documented_wecom_error_has_a_clear_answer() {
    let server = MockServer::start().await;
    token(&server, "TOKEN-1", None).await;
    let answers = [
        ("bad", errcode(40029)),
        ("used", errcode(40163)),
        ("freq", errcode(45009)),
        ("concurrent", errcode(45033)),
        ("busy", errcode(-1)),
        ("ip", errcode(60020)),
        (
            "outsider",
            ResponseTemplate::new(200).set_body_json(json!({"errcode": 0, "openid": "o-x", "external_userid": "e"})),
        ),
        ("down", ResponseTemplate::new(502)),
        ("html", ResponseTemplate::new(200).set_body_raw("<html>gateway</html>", "text/html")),
        ("empty", ResponseTemplate::new(200).set_body_json(json!({"errcode": 0, "errmsg": "ok"}))),
        ("slow", member("slow").set_delay(std::time::Duration::from_secs(3))),
    ];
    for (code, answer) in answers {
        user_info(&server, code, "TOKEN-1", answer).await;
    }
    let app = wecom_app(&server).await;
    let cases = [
        ("bad", 401, "wecom_code_invalid", false),
        ("used", 401, "wecom_code_invalid", false),
        ("freq", 429, "wecom_rate_limited", true),
        ("concurrent", 429, "wecom_rate_limited", true),
        ("busy", 503, "wecom_unavailable", true),
        ("ip", 502, "wecom_bad_response", false),
        ("outsider", 403, "wecom_not_member", false),
        ("down", 503, "wecom_unavailable", true),
        ("html", 502, "wecom_bad_response", false),
        ("empty", 502, "wecom_bad_response", false),
        ("slow", 503, "wecom_unavailable", true),
    ];
    for (code, status, expected, retry) in cases {
        let response = sign_in(&app, code).await;
        assert_eq!(response.headers().contains_key("retry-after"), retry, "{code}");
        let problem = assert_problem(response, status, expected).await;
        let text = problem.to_string();
        assert!(!text.contains("wecom-test-secret") && !text.contains("TOKEN-1"), "{text}");
    }
    assert_problem(sign_in(&app, "").await, 422, "validation_failed").await;
    assert_problem(sign_in(&app, "has space").await, 422, "validation_failed").await;
}

#[tokio::test]
async fn a_refused_token_is_replaced_once_and_the_call_made_again() {
    let server = MockServer::start().await;
    token(&server, "TOKEN-OLD", Some(1)).await;
    token(&server, "TOKEN-NEW", None).await;
    for code in ["code-1", "code-2"] {
        user_info(&server, code, "TOKEN-OLD", errcode(42001)).await;
        user_info(&server, code, "TOKEN-NEW", member("zhaoliu")).await;
    }
    user_info(&server, "code-3", "TOKEN-OLD", errcode(40014)).await;
    user_info(&server, "code-3", "TOKEN-NEW", errcode(40014)).await;
    let app = wecom_app(&server).await;
    let (staff_id, staff) = app.signed_in(Role::Staff, "staff.wecom", &["XH-01"]).await;

    // The expired token (42001) is replaced and the call made again: the member is tied.
    assert_eq!(tie(&app, &staff, "code-1").await.status(), 200);
    assert_eq!(requests_to(&server, "/cgi-bin/gettoken").await, 2);
    // The new token is kept.
    let signed_in: Value = sign_in(&app, "code-2").await.json().await.unwrap();
    assert_eq!(signed_in["subject_id"], staff_id.to_string());
    assert_eq!(requests_to(&server, "/cgi-bin/gettoken").await, 2);
    // A fresh token refused as well (40014) means our side is wrong: one retry, then 502.
    assert_problem(sign_in(&app, "code-3").await, 502, "wecom_bad_response").await;
    assert_eq!(requests_to(&server, "/cgi-bin/gettoken").await, 3);
}

#[tokio::test]
async fn when_wecom_gives_no_token_sign_in_says_why() {
    let down = MockServer::start().await;
    Mock::given(path("/cgi-bin/gettoken")).respond_with(ResponseTemplate::new(503)).mount(&down).await;
    let app = wecom_app(&down).await;
    let response = sign_in(&app, "code-1").await;
    assert!(response.headers().contains_key("retry-after"));
    assert_problem(response, 503, "wecom_unavailable").await;

    let wrong_secret = MockServer::start().await;
    Mock::given(path("/cgi-bin/gettoken"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"errcode": 40001, "errmsg": "invalid secret"})))
        .mount(&wrong_secret)
        .await;
    let app = wecom_app(&wrong_secret).await;
    let problem = assert_problem(sign_in(&app, "code-1").await, 502, "wecom_bad_response").await;
    assert!(!problem.to_string().contains("wecom-test-secret"));
}

#[tokio::test]
async fn without_wecom_sign_in_turned_on_it_answers_501() {
    let app = spawn_app().await;
    assert_problem(sign_in(&app, "anything").await, 501, "wecom_login_disabled").await;
    let (_, staff) = app.signed_in(Role::Staff, "staff.wecom", &["XH-01"]).await;
    assert_problem(tie(&app, &staff, "anything").await, 501, "wecom_login_disabled").await;
}
