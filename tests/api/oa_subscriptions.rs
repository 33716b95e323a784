//! Official-account one-time subscriptions (一次性订阅消息) accepted in the phone app inside WeChat: the
//! answer is believed only for the resident's own openid and this deployment's template and scene; each
//! confirmation lets one message about their report or booking go to WeChat (a fake), then text messages
//! take over.

use chrono::Utc;
use liaison::domain::clock::Clock;
use secrecy::SecretString;
use serde_json::{Value, json};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::helpers::{TestApp, assert_problem, spawn_app, spawn_app_with};
use crate::notifications::relay;

fn wechat(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(body.to_string(), "text/plain")
}

async fn fake_official_account() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/sns/oauth2/access_token"))
        .and(query_param("code", "code-resident"))
        .respond_with(wechat(json!({"access_token": "W", "expires_in": 7200, "openid": "oa-resident",
                                    "scope": "snsapi_base"})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/cgi-bin/token"))
        .and(query_param("grant_type", "client_credential"))
        .and(query_param("appid", "wx-oa-app"))
        .respond_with(wechat(json!({"access_token": "OA-TOKEN", "expires_in": 7200})))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/cgi-bin/message/template/subscribe"))
        .and(query_param("access_token", "OA-TOKEN"))
        .respond_with(wechat(json!({"errcode": 0, "errmsg": "ok"})))
        .mount(&server)
        .await;
    server
}

async fn app_on(server: &MockServer) -> TestApp {
    let base = server.uri();
    spawn_app_with(move |s| {
        s.wechat_oa.app_id = Some("wx-oa-app".into());
        s.wechat_oa.app_secret = Some(SecretString::from("wx-oa-secret"));
        s.wechat_oa.base_url = base;
        s.wechat_oa.subscribe_template_id = Some("TMPL-oa".into());
    })
    .await
}

async fn answer(app: &TestApp, token: &str, body: Value) -> reqwest::Response {
    app.post_json("/api/v1/me/wechat-oa-subscriptions", Some(token), &body).await
}

async fn sent(server: &MockServer) -> Vec<Value> {
    server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.url.path() == "/cgi-bin/message/template/subscribe")
        .map(|r| serde_json::from_slice(&r.body).unwrap())
        .collect()
}

#[tokio::test]
async fn a_confirmed_subscription_carries_one_message_to_wechat_then_texts_take_over() {
    let server = fake_official_account().await;
    let app = app_on(&server).await;
    let methods: Value = app.get("/api/v1/auth/methods").await.json().await.unwrap();
    assert_eq!(methods["wechat_oa"]["subscription"], json!({"template_id": "TMPL-oa", "scene": 1000}));

    let signed_in: Value =
        app.post_json("/api/v1/auth/wechat-oa", None, &json!({"code": "code-resident"})).await.json().await.unwrap();
    let resident = signed_in["access_token"].as_str().unwrap().to_owned();
    let confirm = json!({"openid": "oa-resident", "template_id": "TMPL-oa", "action": "confirm", "scene": 1000});

    // Someone else's answer, another template or scene, a made-up action: refused, nothing granted.
    let foreign = json!({"openid": "oa-someone-else", "template_id": "TMPL-oa", "action": "confirm", "scene": 1000});
    assert_problem(answer(&app, &resident, foreign).await, 403, "forbidden").await;
    let wrong = json!({"openid": "oa-resident", "template_id": "TMPL-x", "action": "maybe", "scene": 7});
    let refused = assert_problem(answer(&app, &resident, wrong).await, 422, "validation_failed").await;
    assert_eq!(refused["errors"].as_array().unwrap().len(), 3, "{refused}");
    let phone_citizen = app.citizen_by_phone("13900000066").await["access_token"].as_str().unwrap().to_owned();
    assert_problem(answer(&app, &phone_citizen, confirm.clone()).await, 403, "forbidden").await;
    let cancelled = json!({"openid": "oa-resident", "template_id": "TMPL-oa", "action": "cancel", "scene": 1000});
    assert_eq!(answer(&app, &resident, cancelled).await.json::<Value>().await.unwrap()["credits"], 0);
    assert_eq!(answer(&app, &resident, confirm.clone()).await.json::<Value>().await.unwrap()["credits"], 1);

    // Their report: the first public step goes to WeChat and spends the subscription; the next, by text.
    let created: Value = app
        .post_json(
            "/api/v1/reports",
            Some(&resident),
            &json!({"category": "environment", "description": "楼道灯坏了", "station": "XH-01", "channel": "mobile",
                    "deputy": "D-003", "contact": {"phone": "13812340066"}, "consent": {"personal_info": true}}),
        )
        .await
        .json()
        .await
        .unwrap();
    let (report, code) = (created["id"].as_str().unwrap(), created["tracking_code"].as_str().unwrap());
    let deputy = app.deputy_signed_in("D-003").await;
    let act = |body: Value| {
        let (app, deputy) = (&app, &deputy);
        async move { app.post_json(&format!("/api/v1/reports/{report}/actions"), Some(deputy), &body).await.status() }
    };
    assert_eq!(act(json!({"action": "accept"})).await, 200);
    relay(&app).run_once(Utc::now()).await.unwrap();
    assert_eq!(act(json!({"action": "answer", "outcome": "resolved", "text": "已修好。"})).await, 200);
    relay(&app).run_once(Utc::now()).await.unwrap();

    let messages = sent(&server).await;
    assert_eq!(messages.len(), 1, "one subscription, one message: {messages:?}");
    let message = &messages[0];
    assert_eq!((message["touser"].as_str(), message["template_id"].as_str()), (Some("oa-resident"), Some("TMPL-oa")));
    assert_eq!(message["scene"], "1000");
    assert!(message["url"].as_str().unwrap().ends_with(&format!("/t/{code}")), "{message}");
    assert!(message["data"]["content"]["value"].as_str().unwrap().contains(code));
    let texts = std::fs::read_to_string(app.settings.data_dir.join("sms-outbox.jsonl")).unwrap();
    assert!(texts.lines().any(|l| l.contains("13812340066") && l.contains("已答复")), "{texts}");
}

#[tokio::test]
async fn a_booking_reminder_reaches_a_wechat_only_resident_in_wechat() {
    let server = fake_official_account().await;
    let app = app_on(&server).await;
    let signed_in: Value =
        app.post_json("/api/v1/auth/wechat-oa", None, &json!({"code": "code-resident"})).await.json().await.unwrap();
    let resident = signed_in["access_token"].as_str().unwrap().to_owned();
    let confirm = json!({"openid": "oa-resident", "template_id": "TMPL-oa", "action": "confirm", "scene": 1000});
    assert_eq!(answer(&app, &resident, confirm).await.status(), 200);

    let (_, staff) = app.signed_in(liaison::domain::access::Role::Staff, "xh-staff", &["XH-01"]).await;
    let date = (app.clock.now() + chrono::Duration::days(2)).with_timezone(&liaison::domain::schedule::china());
    let slot: Value = app
        .post_json(
            "/api/v1/stations/XH-01/reception-days",
            Some(&staff),
            &json!({"date": date.date_naive().to_string(), "start": "09:00", "end": "11:00", "deputies": ["D-003"],
                    "capacity": 3}),
        )
        .await
        .json()
        .await
        .unwrap();
    let booked = app
        .post_json(
            &format!("/api/v1/reception-days/{}/bookings", slot["id"].as_str().unwrap()),
            Some(&resident),
            &json!({"topic": "小区停车"}),
        )
        .await;
    assert_eq!(booked.status(), 201);
    let starts = chrono::DateTime::parse_from_rfc3339(slot["starts_at"].as_str().unwrap()).unwrap().to_utc();
    app.clock.advance(starts - chrono::Duration::hours(20) - app.clock.now());
    let job = crate::supervision::supervisor(app.storage.clone(), &app, "solo");
    assert_eq!(job.run_once(app.clock.now()).await.unwrap().bookings_reminded, 1);
    assert_eq!(relay(&app).run_once(app.clock.now()).await.unwrap().delivered, 1);
    let messages = sent(&server).await;
    assert_eq!(messages.len(), 1);
    assert!(messages[0]["url"].as_str().unwrap().ends_with("/m/#/mine"), "{}", messages[0]);
    assert!(messages[0]["data"]["content"]["value"].as_str().unwrap().contains("小区停车"));
}

#[tokio::test]
async fn without_a_template_the_answer_is_refused_plainly() {
    let app = spawn_app().await;
    let citizen = app.citizen_by_phone("13900000067").await["access_token"].as_str().unwrap().to_owned();
    let body = json!({"openid": "x", "template_id": "t", "action": "confirm", "scene": 1000});
    assert_problem(answer(&app, &citizen, body).await, 501, "wechat_subscriptions_disabled").await;
    let methods: Value = app.get("/api/v1/auth/methods").await.json().await.unwrap();
    assert_eq!(methods["wechat_oa"], Value::Null);
}

#[tokio::test]
async fn a_resident_who_left_no_phone_hears_in_wechat_once_they_accept() {
    let server = fake_official_account().await;
    let app = app_on(&server).await;
    let signed_in: Value =
        app.post_json("/api/v1/auth/wechat-oa", None, &json!({"code": "code-resident"})).await.json().await.unwrap();
    let resident = signed_in["access_token"].as_str().unwrap().to_owned();
    let file = |description: &'static str| {
        let (app, resident) = (&app, &resident);
        async move {
            let created: Value = app
                .post_json(
                    "/api/v1/reports",
                    Some(resident),
                    &json!({"category": "environment", "description": description, "station": "XH-01",
                                   "channel": "mobile", "deputy": "D-003"}),
                )
                .await
                .json()
                .await
                .unwrap();
            created["id"].as_str().unwrap().to_owned()
        }
    };
    // Filed before accepting (no phone): accepting later is what makes its progress worth sending.
    let before = file("路灯坏了，晚上很黑。").await;
    let confirm = json!({"openid": "oa-resident", "template_id": "TMPL-oa", "action": "confirm", "scene": 1000});
    assert_eq!(answer(&app, &resident, confirm.clone()).await.status(), 200);
    // Filed while holding a subscription.
    let after = file("垃圾桶满了没人清。").await;
    assert_eq!(answer(&app, &resident, confirm).await.json::<Value>().await.unwrap()["credits"], 2);
    let deputy = app.deputy_signed_in("D-003").await;
    for report in [&before, &after] {
        let accepted = app
            .post_json(&format!("/api/v1/reports/{report}/actions"), Some(&deputy), &json!({"action": "accept"}))
            .await;
        assert_eq!(accepted.status(), 200);
    }
    relay(&app).run_once(Utc::now()).await.unwrap();
    let messages = sent(&server).await;
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert!(messages.iter().all(|m| m["touser"] == "oa-resident"));
}
