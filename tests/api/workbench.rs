//! What the deputy's workbench needs from the server: steps sent with an `Idempotency-Key` are taken once
//! however often they are retried; a deputy reads their own record; a sign-in page learns which ways in
//! there are; the workbench page is served under the page policy.

use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_problem, spawn_app};

/// Files a report the kiosk routes to the deputy with this code.
async fn report_for(app: &TestApp, deputy: &str) -> String {
    let body = json!({"channel": "kiosk", "category": "environment", "description": "楼道堆放杂物，影响通行",
                      "station": "XH-01", "deputy": deputy});
    let response = app.post_report(&body).await;
    assert_eq!(response.status(), 201, "{}", response.text().await.unwrap());
    response.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_owned()
}

async fn act_with_key(app: &TestApp, token: &str, id: &str, key: &str, action: &Value) -> reqwest::Response {
    app.client
        .post(app.url(&format!("/api/v1/reports/{id}/actions")))
        .bearer_auth(token)
        .header("Idempotency-Key", key)
        .json(action)
        .send()
        .await
        .unwrap()
}

async fn timeline_actions(app: &TestApp, token: &str, id: &str) -> Vec<String> {
    let report: Value = app.get_as(&format!("/api/v1/reports/{id}"), Some(token)).await.json().await.unwrap();
    report["timeline"].as_array().unwrap().iter().filter_map(|e| e["action"].as_str().map(str::to_owned)).collect()
}

#[tokio::test]
async fn a_step_retried_with_its_key_is_taken_once() {
    let app = spawn_app().await;
    let deputy = app.deputy_signed_in("D-002").await;
    let id = report_for(&app, "D-002").await;
    app.act_ok(&deputy, &id, json!({"action": "accept"})).await;

    let ask = json!({"action": "request_extension", "working_days": 5, "reason": "等待施工方排期"});
    let first = act_with_key(&app, &deputy, &id, "step-1", &ask).await;
    assert_eq!(first.status(), 200, "{}", first.text().await.unwrap());
    assert!(first.headers().get("idempotent-replayed").is_none());
    // The answer was lost; the same step again with the same key: taken once, answered as it is.
    let again = act_with_key(&app, &deputy, &id, "step-1", &ask).await;
    assert_eq!(again.status(), 200, "{}", again.text().await.unwrap());
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    let again: Value = again.json().await.unwrap();
    assert_eq!(again["progress"]["extension_pending_days"], 5);
    let taken = timeline_actions(&app, &deputy, &id).await;
    assert_eq!(taken.iter().filter(|a| *a == "request_extension").count(), 1, "{taken:?}");

    // Without the key the same step is refused: an extension is already pending.
    assert_problem(app.act(&deputy, &id, &ask).await, 409, "invalid_transition").await;
    // The key with another step is refused, and nothing is taken.
    let other = act_with_key(
        &app,
        &deputy,
        &id,
        "step-1",
        &json!({"action": "answer", "outcome": "resolved", "text": "已处理"}),
    )
    .await;
    assert_problem(other, 422, "idempotency_key_reused").await;
    // A step whose first try moved the report on: the retry is still answered, not refused with a 409.
    let forward = json!({"action": "forward", "unit": "HP-CG", "note": "请核实"});
    assert_eq!(act_with_key(&app, &deputy, &id, "step-2", &forward).await.status(), 200);
    let retried = act_with_key(&app, &deputy, &id, "step-2", &forward).await;
    assert_eq!(retried.status(), 200);
    assert_eq!(retried.headers()["idempotent-replayed"], "true");
    let taken = timeline_actions(&app, &deputy, &id).await;
    assert_eq!(taken.iter().filter(|a| *a == "forward").count(), 1, "{taken:?}");

    // Keys are the caller's own: another deputy's same key is a new step (here refused: not theirs).
    let other_deputy = app.deputy_signed_in("D-001").await;
    assert_eq!(act_with_key(&app, &other_deputy, &id, "step-2", &forward).await.status(), 404);
    // A malformed key is refused before anything happens.
    assert_problem(act_with_key(&app, &deputy, &id, "two words", &forward).await, 400, "invalid_idempotency_key").await;
}

#[tokio::test]
async fn a_deputy_reads_their_own_record_with_numerators_and_denominators() {
    let app = spawn_app().await;
    let deputy = app.deputy_signed_in("D-002").await;
    let first = report_for(&app, "D-002").await;
    report_for(&app, "D-002").await;
    report_for(&app, "D-001").await;
    app.act_ok(&deputy, &first, json!({"action": "accept"})).await;
    app.act_ok(&deputy, &first, json!({"action": "answer", "outcome": "resolved", "text": "已清理"})).await;

    let record = app.get_as("/api/v1/me/record", Some(&deputy)).await;
    assert_eq!(record.status(), 200);
    let record: Value = record.json().await.unwrap();
    assert_eq!(record["deputy"], "D-002");
    assert_eq!(record["figures"]["received"], 2, "only the deputy's own: {record}");
    assert_eq!(record["figures"]["response"]["numerator"], 1);
    assert_eq!(record["figures"]["response"]["denominator"], 2);
    assert_eq!(record["figures"]["small_sample"], true);

    let staff = app.signed_in(liaison::domain::access::Role::Staff, "staff.xh", &["XH-01"]).await.1;
    assert_problem(app.get_as("/api/v1/me/record", Some(&staff)).await, 403, "forbidden").await;
    assert_problem(
        app.get_as("/api/v1/me/record?from=2026-02-01&to=2026-01-01", Some(&deputy)).await,
        400,
        "invalid_query",
    )
    .await;
}

#[tokio::test]
async fn a_sign_in_page_learns_the_ways_in() {
    let app = spawn_app().await;
    let methods: Value = app.get("/api/v1/auth/methods").await.json().await.unwrap();
    assert_eq!(methods, json!({"password": true, "phone_code": true, "wecom": null, "wechat_oa": null}));
}

#[tokio::test]
async fn the_workbench_is_served_and_its_bare_path_redirects() {
    let app = spawn_app().await;
    let page = app.get("/deputy/").await;
    assert_eq!(page.status(), 200);
    assert!(page.headers()["content-security-policy"].to_str().unwrap().contains("script-src 'self'"));
    assert_eq!(page.headers()["referrer-policy"], "no-referrer");
    let html = page.text().await.unwrap();
    assert!(
        html.contains("app.js") && !html.contains("<style") && !html.contains(" style=") && !html.contains("<script>")
    );
    for path in ["/deputy/app.js", "/deputy/sw.js", "/deputy/deputy.css", "/ui/shared/session.js", "/ui/shared/live.js"]
    {
        assert_eq!(app.get(path).await.status(), 200, "{path}");
    }
    let no_redirects = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let bare = no_redirects.get(app.url("/deputy")).send().await.unwrap();
    assert_eq!(bare.status(), 301);
    assert_eq!(bare.headers()["location"], "/deputy/");
}

#[tokio::test]
async fn a_deputy_reads_the_order_of_their_channels_and_which_reach_them() {
    let app = spawn_app().await;
    let deputy = app.deputy_signed_in("D-003").await;
    let path = "/api/v1/deputies/D-003/notification-channels";
    let order = app.send_as(reqwest::Method::PUT, path, &deputy, Some(&json!({"channels": ["webhook", "sms"]}))).await;
    assert_eq!(order.status(), 200);
    crate::notifications::set_target(&app, &deputy, "deputies/D-003", "webhook", "http://127.0.0.1:9/hook").await;
    let shown: Value = app.get_as(path, Some(&deputy)).await.json().await.unwrap();
    assert_eq!(shown["channels"], json!(["webhook", "sms"]));
    assert_eq!(shown["with_target"], json!(["webhook"]));
    // Another deputy does not read it.
    let other = app.deputy_signed_in("D-001").await;
    assert_eq!(app.get_as(path, Some(&other)).await.status(), 403);
}

#[tokio::test]
async fn the_people_handling_a_report_get_its_grid_to_draw_and_the_citizen_does_not() {
    let app = spawn_app().await;
    let body = json!({"channel": "kiosk", "category": "property_management", "description": "电梯坏了",
                      "area": "HP-XH-HX-G2", "building": "HP-XH-HX-G2-B2", "address": "和谐里4号楼 2单元 5层",
                      "location": {"lat": 39.1175, "lng": 117.1953}});
    let created: Value = app.post_report(&body).await.json().await.unwrap();
    let id = created["id"].as_str().unwrap();
    let report: Value = app.get_as(&format!("/api/v1/reports/{id}"), Some(&app.admin)).await.json().await.unwrap();
    assert_eq!(report["place"]["area"]["code"], "HP-XH-HX-G2");
    assert_eq!(report["place"]["building"]["code"], "HP-XH-HX-G2-B2");
    assert_eq!(report["place"]["area"]["boundary"]["type"], "Polygon");
    assert!(report["place"]["area"]["boundary"]["coordinates"][0].as_array().unwrap().len() >= 4);
    // The citizen's own view names the place but carries no boundary.
    let citizen = app.citizen_by_phone("13800001111").await;
    let token = citizen["access_token"].as_str().unwrap();
    let mine = json!({"channel": "mobile", "category": "property_management", "description": "电梯坏了",
                      "station": "XH-01", "area": "HP-XH-HX-G2"});
    let filed = app.client.post(app.url("/api/v1/reports")).bearer_auth(token).json(&mine).send().await.unwrap();
    assert_eq!(filed.status(), 201);
    let filed: Value = filed.json().await.unwrap();
    let own: Value = app
        .get_as(&format!("/api/v1/reports/{}", filed["id"].as_str().unwrap()), Some(token))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(own["place"]["area"]["code"], "HP-XH-HX-G2");
    assert!(own["place"]["area"].get("boundary").is_none());
}

#[tokio::test]
async fn a_test_message_goes_out_at_once_on_each_channel_and_says_which_worked() {
    use wiremock::matchers::{method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};
    let app = crate::helpers::spawn_app_with(|s| {
        s.notify.webhook_secret = Some(secrecy::SecretString::from("test-secret"));
    })
    .await;
    let deputy = app.deputy_signed_in("D-003").await;
    let hooks = MockServer::start().await;
    Mock::given(method("POST")).and(path("/ok")).respond_with(ResponseTemplate::new(200)).mount(&hooks).await;
    crate::notifications::set_target(&app, &deputy, "deputies/D-003", "webhook", &format!("{}/ok", hooks.uri())).await;
    let order = app
        .send_as(
            reqwest::Method::PUT,
            "/api/v1/deputies/D-003/notification-channels",
            &deputy,
            Some(&json!({"channels": ["sms", "webhook"]})),
        )
        .await;
    assert_eq!(order.status(), 200);
    let tested = app.post_json("/api/v1/deputies/D-003/notification-test", Some(&deputy), &json!({})).await;
    assert_eq!(tested.status(), 200);
    let tested: Value = tested.json().await.unwrap();
    // Only channels with somewhere to go are tried (no phone on file for SMS), and the webhook got it.
    assert_eq!(tested["results"], json!([{"channel": "webhook", "delivered": true, "code": null, "detail": null}]));
    let received = hooks.received_requests().await.unwrap();
    assert_eq!(received.len(), 1);
    let body: Value = serde_json::from_slice(&received[0].body).unwrap();
    assert_eq!(body["kind"], "test");
    // A failing channel says why; five tests an hour at most.
    crate::notifications::set_target(&app, &deputy, "deputies/D-003", "webhook", &format!("{}/gone", hooks.uri()))
        .await;
    let failed: Value = app
        .post_json("/api/v1/deputies/D-003/notification-test", Some(&deputy), &json!({}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(failed["results"][0]["delivered"], false);
    assert_eq!(failed["results"][0]["code"], "404");
    for _ in 0..3 {
        assert_eq!(
            app.post_json("/api/v1/deputies/D-003/notification-test", Some(&deputy), &json!({})).await.status(),
            200
        );
    }
    let limited = app.post_json("/api/v1/deputies/D-003/notification-test", Some(&deputy), &json!({})).await;
    assert_problem(limited, 429, "too_many_requests").await;
    // Another deputy cannot test D-003's channels.
    let other = app.deputy_signed_in("D-001").await;
    assert_problem(
        app.post_json("/api/v1/deputies/D-003/notification-test", Some(&other), &json!({})).await,
        403,
        "forbidden",
    )
    .await;
}
