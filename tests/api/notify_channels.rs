//! The personal channels: Web Push decrypted by a test subscriber with real RFC 8291 crypto and a checked
//! VAPID signature; WeChat subscribe messages that spend one-time subscriptions and survive a refused
//! access token; WeCom app messages; a deputy's text messages to a number kept encrypted; and one access
//! token shared by two instances, fetched once. The vendors are wiremock servers answering as documented.

use chrono::Utc;
use secrecy::SecretString;
use serde_json::{Value, json};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::helpers::{TestApp, assert_problem, spawn_app, spawn_app_with};
use crate::notifications::{file, notices, relay, set_channels, set_target};
use liaison::domain::access::Role;
use liaison::domain::reference::NotifyChannel;
use liaison::infra::notify::webpush::{TestSubscriber, Vapid, verify_vapid};
use liaison::infra::notify::wechat::{TokenKeeper, TokenSource};

fn wechat_json(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(body.to_string(), "text/plain")
}

fn assigned_to(deputy: &str) -> Value {
    json!({"category": "environment", "description": "垃圾没人清运", "station": "XH-01", "channel": "kiosk",
           "deputy": deputy})
}

#[tokio::test]
async fn a_web_push_is_encrypted_for_the_browser_signed_with_vapid_and_a_gone_subscription_is_dropped() {
    let vapid = Vapid::generate("mailto:ops@example.gov.cn").unwrap();
    let private = vapid.private_key_b64();
    let app = spawn_app_with(move |s| s.notify.web_push.vapid_private_key = Some(SecretString::from(private))).await;
    let setup: Value = app.get("/api/v1/notifications/channels").await.json().await.unwrap();
    assert_eq!(setup["web_push_public_key"], vapid.public_key_b64());
    assert!(setup["channels"].as_array().unwrap().contains(&json!("web_push")));

    let push_service = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/push/alive"))
        .respond_with(ResponseTemplate::new(201))
        .mount(&push_service)
        .await;
    Mock::given(method("POST"))
        .and(path("/push/gone"))
        .respond_with(ResponseTemplate::new(410))
        .mount(&push_service)
        .await;
    let (_, admin) = app.signed_in(Role::Admin, "admin", &[]).await;
    let deputy = app.deputy_signed_in("D-003").await;
    set_channels(&app, &admin, "D-003", &["web_push"]).await;
    let browser = TestSubscriber::new();
    let subscription = json!({"endpoint": format!("{}/push/alive", push_service.uri()),
                              "keys": {"p256dh": browser.p256dh_b64(), "auth": browser.auth_b64()}});
    set_target(&app, &deputy, "deputies/D-003", "web_push", &subscription.to_string()).await;
    let bad = app
        .send_as(
            reqwest::Method::PUT,
            "/api/v1/deputies/D-003/notification-targets/web_push",
            &deputy,
            Some(&json!({"target": "{\"endpoint\": \"https://push.example/x\"}"})),
        )
        .await;
    assert_problem(bad, 422, "validation_failed").await;

    let created: Value = app.post_report(&assigned_to("D-003")).await.json().await.unwrap();
    assert_eq!(relay(&app).run_once(Utc::now()).await.unwrap().delivered, 1);
    let received = push_service.received_requests().await.unwrap();
    assert_eq!(received.len(), 1);
    let request = &received[0];
    assert_eq!(request.headers["content-encoding"], "aes128gcm");
    assert!(request.headers.contains_key("ttl"));
    let authorization = request.headers["authorization"].to_str().unwrap();
    verify_vapid(authorization, &push_service.uri()).unwrap();
    assert!(authorization.contains(&format!("k={}", vapid.public_key_b64())));
    assert!(!String::from_utf8_lossy(&request.body).contains("tracking_code"), "the body is encrypted");
    let payload: Value = serde_json::from_slice(&browser.decrypt(&request.body).unwrap()).unwrap();
    assert_eq!(payload["tracking_code"], created["tracking_code"]);
    assert_eq!(payload["kind"], "assigned");
    let deputy_page = format!("{}/deputy/#/reports/{}", app.settings.public_url, created["id"].as_str().unwrap());
    assert_eq!(payload["url"], deputy_page, "Web Push carries the page in data.url");

    // The browser unsubscribed: the push service answers 410, the subscription is forgotten, the notice
    // waits for a retry and is on the record.
    let gone = browser.subscription(&format!("{}/push/gone", push_service.uri()));
    let gone = json!({"endpoint": gone.endpoint, "keys": {"p256dh": gone.p256dh, "auth": gone.auth}});
    set_target(&app, &deputy, "deputies/D-003", "web_push", &gone.to_string()).await;
    let second = file(&app, assigned_to("D-003")).await;
    let summary = relay(&app).run_once(Utc::now()).await.unwrap();
    assert_eq!((summary.delivered, summary.retrying), (0, 1));
    let deputy_id = app.storage.find_deputy("D-003").await.unwrap().unwrap().id;
    let targets = app.storage.notification_targets(liaison::domain::notify::Audience::Deputy, deputy_id).await.unwrap();
    assert!(targets.iter().all(|t| t.channel != NotifyChannel::WebPush), "the gone subscription was dropped");
    let record = notices(&app, &admin, &second).await;
    assert_eq!(record[0]["attempt_log"][0]["provider_code"], "410");
}

/// A citizen signed in through the mini-program (openid `o-citizen`), with a report assigned to D-003.
async fn citizen_with_report(app: &TestApp) -> (String, String) {
    let signed_in: Value =
        app.post_json("/api/v1/auth/wechat", None, &json!({"code": "code-citizen"})).await.json().await.unwrap();
    let citizen = signed_in["access_token"].as_str().unwrap().to_owned();
    let created = app
        .post_json(
            "/api/v1/reports",
            Some(&citizen),
            &json!({"category": "environment", "description": "楼道灯坏了", "station": "XH-01",
                    "channel": "mobile", "deputy": "D-003", "contact": {"phone": "13812340002"},
                    "consent": {"personal_info": true}}),
        )
        .await;
    assert_eq!(created.status(), 201, "{}", created.text().await.unwrap());
    let created: Value = created.json().await.unwrap();
    (citizen, created["id"].as_str().unwrap().to_owned())
}

#[tokio::test]
async fn a_citizen_gets_one_subscribe_message_per_subscription_and_a_refused_token_is_replaced_once() {
    let wechat = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/sns/jscode2session"))
        .respond_with(wechat_json(json!({"openid": "o-citizen", "session_key": "k"})))
        .mount(&wechat)
        .await;
    Mock::given(method("GET"))
        .and(path("/cgi-bin/token"))
        .and(query_param("grant_type", "client_credential"))
        .and(query_param("appid", "wx-test-app"))
        .and(query_param("secret", "wx-test-secret"))
        .respond_with(wechat_json(json!({"access_token": "TOKEN-1", "expires_in": 7200})))
        .up_to_n_times(1)
        .expect(1)
        .mount(&wechat)
        .await;
    Mock::given(method("GET"))
        .and(path("/cgi-bin/token"))
        .respond_with(wechat_json(json!({"access_token": "TOKEN-2", "expires_in": 7200})))
        .expect(1)
        .mount(&wechat)
        .await;
    // WeChat revoked the first token before it expired (40001); the second works.
    Mock::given(method("POST"))
        .and(path("/cgi-bin/message/subscribe/send"))
        .and(query_param("access_token", "TOKEN-1"))
        .respond_with(wechat_json(json!({"errcode": 40001, "errmsg": "invalid credential"})))
        .mount(&wechat)
        .await;
    Mock::given(method("POST"))
        .and(path("/cgi-bin/message/subscribe/send"))
        .and(query_param("access_token", "TOKEN-2"))
        .respond_with(wechat_json(json!({"errcode": 0, "errmsg": "ok"})))
        .mount(&wechat)
        .await;
    let base = wechat.uri();
    let app = spawn_app_with(move |s| {
        s.wechat.app_id = Some("wx-test-app".into());
        s.wechat.app_secret = Some(SecretString::from("wx-test-secret"));
        s.wechat.base_url = base;
        s.wechat.citizen_template_id = Some("tmpl-progress".into());
    })
    .await;
    let (citizen, report) = citizen_with_report(&app).await;
    let unknown = app
        .post_json("/api/v1/me/wechat-subscriptions", Some(&citizen), &json!({"results": {"tmpl-x": "accept"}}))
        .await;
    assert_problem(unknown, 422, "validation_failed").await;
    let granted: Value = app
        .post_json("/api/v1/me/wechat-subscriptions", Some(&citizen), &json!({"results": {"tmpl-progress": "accept"}}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(granted["credits"]["tmpl-progress"], 1);

    // Two public steps: the first goes by subscribe message and spends the one subscription; the second
    // finds none left and goes by text message.
    let deputy = app.deputy_signed_in("D-003").await;
    let accept =
        app.post_json(&format!("/api/v1/reports/{report}/actions"), Some(&deputy), &json!({"action": "accept"})).await;
    assert_eq!(accept.status(), 200);
    relay(&app).run_once(Utc::now()).await.unwrap();
    let answer = app
        .post_json(
            &format!("/api/v1/reports/{report}/actions"),
            Some(&deputy),
            &json!({"action": "answer", "outcome": "resolved", "text": "已联系物业修好。"}),
        )
        .await;
    assert_eq!(answer.status(), 200, "{}", answer.text().await.unwrap());
    relay(&app).run_once(Utc::now()).await.unwrap();

    let sent: Vec<Value> = wechat
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.url.path() == "/cgi-bin/message/subscribe/send")
        .map(|r| serde_json::from_slice(&r.body).unwrap())
        .collect();
    assert_eq!(sent.len(), 2, "refused once, then sent with the new token");
    assert_eq!(sent[1]["touser"], "o-citizen");
    assert_eq!(sent[1]["template_id"], "tmpl-progress");
    let code = sent[1]["data"]["character_string2"]["value"].as_str().unwrap();
    assert!(sent[1]["page"].as_str().unwrap().contains(code), "the citizen's page: {}", sent[1]["page"]);
    assert!(sent[1]["data"]["thing1"]["value"].as_str().unwrap().chars().count() <= 20);
    let admin = app.signed_in(Role::Admin, "admin", &[]).await.1;
    let record = notices(&app, &admin, &report).await;
    let progress: Vec<&Value> = record.iter().filter(|n| n["audience"] == "citizen").collect();
    assert_eq!(progress.len(), 2);
    assert!(progress.iter().all(|n| n["status"] == "delivered"));
    let channels: Vec<Vec<&str>> = progress
        .iter()
        .map(|n| n["attempt_log"].as_array().unwrap().iter().map(|a| a["channel"].as_str().unwrap()).collect())
        .collect();
    // Newest first: the answer fell back to SMS, the acceptance went by WeChat.
    assert_eq!(channels, vec![vec!["wechat_subscribe", "sms"], vec!["wechat_subscribe"]]);
    let texts = std::fs::read_to_string(app.settings.data_dir.join("sms-outbox.jsonl")).unwrap();
    let citizen_text = texts.lines().find(|l| l.contains("13812340002")).unwrap();
    assert!(citizen_text.contains(&format!("{}/t/{code}", app.settings.public_url)), "{citizen_text}");
    let left: Value = app
        .post_json("/api/v1/me/wechat-subscriptions", Some(&citizen), &json!({"results": {"tmpl-progress": "reject"}}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(left["credits"]["tmpl-progress"], 0);
}

#[tokio::test]
async fn two_instances_share_one_access_token_fetched_once() {
    let wechat = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/cgi-bin/token"))
        .respond_with(
            wechat_json(json!({"access_token": "SHARED", "expires_in": 7200}))
                .set_delay(std::time::Duration::from_millis(300)),
        )
        .expect(1)
        .mount(&wechat)
        .await;
    let app = spawn_app().await;
    let source =
        TokenSource { provider: "wechat", url: SecretString::from(format!("{}/cgi-bin/token?appid=a", wechat.uri())) };
    let keeper = |holder: &str| TokenKeeper::new(app.storage.clone(), reqwest::Client::new(), holder.to_owned());
    let (one, two) = (keeper("instance-1"), keeper("instance-2"));
    let (a, b) = tokio::join!(one.token(&source), two.token(&source));
    assert_eq!((a.unwrap(), b.unwrap()), ("SHARED".to_owned(), "SHARED".to_owned()));
    assert_eq!(one.token(&source).await.unwrap(), "SHARED", "kept, not fetched again");

    // An IP address WeCom does not allow (40164): not asked again and again, using up the day's quota.
    Mock::given(method("GET"))
        .and(path("/cgi-bin/gettoken"))
        .respond_with(wechat_json(json!({"errcode": 40164, "errmsg": "invalid ip, not in whitelist"})))
        .expect(1)
        .mount(&wechat)
        .await;
    let refused = TokenSource {
        provider: "wecom",
        url: SecretString::from(format!("{}/cgi-bin/gettoken?corpid=c", wechat.uri())),
    };
    for _ in 0..3 {
        assert_eq!(one.token(&refused).await.unwrap_err().code, "40164");
    }
}

#[tokio::test]
async fn a_wecom_app_message_reaches_the_member_and_an_unknown_member_falls_through_to_text() {
    let wecom = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/cgi-bin/gettoken"))
        .and(query_param("corpid", "ww-corp"))
        .and(query_param("corpsecret", "corp-secret"))
        .respond_with(wechat_json(json!({"errcode": 0, "errmsg": "ok", "access_token": "WECOM", "expires_in": 7200})))
        .expect(1)
        .mount(&wecom)
        .await;
    Mock::given(method("POST"))
        .and(path("/cgi-bin/message/send"))
        .and(query_param("access_token", "WECOM"))
        .respond_with(wechat_json(json!({"errcode": 0, "errmsg": "ok", "invaliduser": ""})))
        .up_to_n_times(1)
        .mount(&wecom)
        .await;
    Mock::given(method("POST"))
        .and(path("/cgi-bin/message/send"))
        .respond_with(wechat_json(json!({"errcode": 0, "errmsg": "ok", "invaliduser": "zhangsan"})))
        .mount(&wecom)
        .await;
    let base = wecom.uri();
    let app = spawn_app_with(move |s| {
        s.notify.wecom.corp_id = Some("ww-corp".into());
        s.notify.wecom.corp_secret = Some(SecretString::from("corp-secret"));
        s.notify.wecom.agent_id = Some(1000002);
        s.notify.wecom.base_url = base;
    })
    .await;
    let (_, admin) = app.signed_in(Role::Admin, "admin", &[]).await;
    set_channels(&app, &admin, "D-003", &["wecom_app", "sms"]).await;
    set_target(&app, &admin, "deputies/D-003", "wecom_app", "zhangsan").await;
    set_target(&app, &admin, "deputies/D-003", "sms", "138 1234 0003").await;

    let first = file(&app, assigned_to("D-003")).await;
    relay(&app).run_once(Utc::now()).await.unwrap();
    let second = file(&app, assigned_to("D-003")).await;
    relay(&app).run_once(Utc::now()).await.unwrap();

    let sent: Vec<Value> = wecom
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.url.path() == "/cgi-bin/message/send")
        .map(|r| serde_json::from_slice(&r.body).unwrap())
        .collect();
    assert_eq!(sent.len(), 2);
    assert_eq!((sent[0]["touser"].as_str(), sent[0]["agentid"].as_i64()), (Some("zhangsan"), Some(1000002)));
    // A card that opens the report in the deputy's workbench.
    assert_eq!(sent[0]["msgtype"], "textcard");
    let card_url = sent[0]["textcard"]["url"].as_str().unwrap();
    assert_eq!(card_url, format!("{}/deputy/#/reports/{first}", app.settings.public_url));
    assert_eq!(notices(&app, &admin, &first).await[0]["attempt_log"][0]["channel"], "wecom_app");
    let fallen = notices(&app, &admin, &second).await;
    let log = fallen[0]["attempt_log"].as_array().unwrap();
    assert_eq!((log[0]["provider_code"].as_str(), log[1]["channel"].as_str()), (Some("81013"), Some("sms")));
    assert_eq!(fallen[0]["status"], "delivered");
    // The deputy's number is stored encrypted and reached by text.
    let texts = std::fs::read_to_string(app.settings.data_dir.join("sms-outbox.jsonl")).unwrap();
    assert_eq!(texts.lines().filter(|l| l.contains("13812340003")).count(), 1);
    let deputy_id = app.storage.find_deputy("D-003").await.unwrap().unwrap().id;
    let stored = app.storage.notification_targets(liaison::domain::notify::Audience::Deputy, deputy_id).await.unwrap();
    let sms = stored.iter().find(|t| t.channel == NotifyChannel::Sms).unwrap();
    assert!(!sms.target.contains("13812340003"), "kept encrypted");
    let wrong = app
        .send_as(
            reqwest::Method::PUT,
            "/api/v1/deputies/D-003/notification-targets/sms",
            &admin,
            Some(&json!({"target": "12345"})),
        )
        .await;
    assert_problem(wrong, 422, "validation_failed").await;
}

#[tokio::test]
async fn a_deputy_chooses_their_own_channels_and_their_order() {
    let hook = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(204)).mount(&hook).await;
    let app =
        spawn_app_with(|s| s.notify.webhook_secret = Some(SecretString::from(crate::notifications::SECRET))).await;
    let deputy = app.deputy_signed_in("D-003").await;
    let other = app.deputy_signed_in("D-001").await;
    let path = "/api/v1/deputies/D-003/notification-channels";
    let put = |token: &str, body: Value| {
        let token = token.to_owned();
        let app = &app;
        async move { app.send_as(reqwest::Method::PUT, path, &token, Some(&body)).await }
    };
    assert_problem(put(&other, json!({"channels": ["webhook"]})).await, 403, "forbidden").await;
    assert_problem(put(&deputy, json!({"channels": ["sms", "sms"]})).await, 422, "validation_failed").await;
    assert_eq!(put(&deputy, json!({"channels": ["carrier_pigeon"]})).await.status().as_u16() / 100, 4);
    let set = put(&deputy, json!({"channels": ["web_push", "webhook"]})).await;
    assert_eq!(set.status(), 200, "{}", set.text().await.unwrap());
    set_target(&app, &deputy, "deputies/D-003", "webhook", &format!("{}/hook", hook.uri())).await;

    // No push subscription: the webhook, next in the deputy's order, carries it.
    let id = file(&app, assigned_to("D-003")).await;
    assert_eq!(relay(&app).run_once(Utc::now()).await.unwrap().delivered, 1);
    let (_, admin) = app.signed_in(Role::Admin, "admin", &[]).await;
    assert_eq!(notices(&app, &admin, &id).await[0]["attempt_log"][0]["channel"], "webhook");
    let audit: Value = app.get_as("/api/v1/audit?subject=deputy:D-003", Some(&admin)).await.json().await.unwrap();
    assert!(audit.to_string().contains("notification_channels.set"), "{audit}");
}
