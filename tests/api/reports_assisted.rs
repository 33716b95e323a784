//! Assisted intake: deputies, staff and administrators file for a resident received on a reception day
//! (`reception`), visited (`visit`), heard by phone (`phone`) or writing a letter (`letter`). Who filed is on
//! the record for the people handling the report, never on the tracking page; the resident gets the same
//! tracking code, and a text message with it when they gave a phone and agreed.

use liaison::domain::access::Role;
use liaison::domain::clock::Clock;
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::helpers::{TestApp, assert_problem, spawn_app, spawn_app_with};
use crate::notifications::{notices, relay};

/// A server whose text messages go to a fake SMS provider.
async fn app_with_sms_provider() -> (TestApp, MockServer) {
    let provider = MockServer::start().await;
    Mock::given(method("POST")).and(path("/sms")).respond_with(ResponseTemplate::new(200)).mount(&provider).await;
    let url = format!("{}/sms", provider.uri());
    let app = spawn_app_with(move |s| {
        s.sms.provider = liaison::configuration::SmsProvider::Http;
        s.sms.url = Some(url);
    })
    .await;
    (app, provider)
}

/// The texts the fake provider received for `phone`.
async fn texts_to(provider: &MockServer, phone: &str) -> Vec<String> {
    provider
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| serde_json::from_slice::<Value>(&r.body).unwrap())
        .filter(|body| body["phone"] == phone)
        .map(|body| body["message"].as_str().unwrap().to_owned())
        .collect()
}

fn phoned_in(phone: &str, sms: bool) -> Value {
    json!({
        "category": "environment",
        "description": "王阿姨来电：3号楼旁的垃圾桶已经三天没有清运。",
        "channel": "phone",
        "contact": {"name": "王阿姨", "phone": phone},
        "consent": {"personal_info": true, "sms": sms}
    })
}

async fn file_as(app: &TestApp, token: &str, body: &Value) -> reqwest::Response {
    app.post_json("/api/v1/reports", Some(token), body).await
}

async fn created(response: reqwest::Response) -> Value {
    let status = response.status();
    let text = response.text().await.unwrap();
    assert_eq!(status, 201, "{text}");
    serde_json::from_str(&text).unwrap()
}

#[tokio::test]
async fn staff_file_a_call_for_a_resident_who_is_texted_the_tracking_code() {
    let (app, provider) = app_with_sms_provider().await;
    let (staff_id, staff) = app.signed_in(Role::Staff, "staff.a", &["XH-01"]).await;
    let response = app
        .client
        .post(app.url("/api/v1/reports"))
        .bearer_auth(&staff)
        .header("Idempotency-Key", "call-0001")
        .json(&phoned_in("13812340011", true))
        .send()
        .await
        .unwrap();
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    let filed = created(response).await;
    let code = filed["tracking_code"].as_str().unwrap().to_owned();
    let id = filed["id"].as_str().unwrap().to_owned();
    assert_eq!(location, format!("/api/v1/reports/track/{code}"), "the code the official hands over");

    // The resident follows it with the code; the tracking page does not say who filed it.
    let tracked = app.get(&location).await;
    assert_eq!(tracked.status(), 200);
    let text = tracked.text().await.unwrap();
    for secret in ["filed_by", &staff_id.to_string(), "staff.a", "王阿姨", "13812340011"] {
        assert!(!text.contains(secret), "the tracking view shows {secret}: {text}");
    }
    let tracked: Value = serde_json::from_str(&text).unwrap();
    assert_eq!((tracked["tracking_code"].as_str(), tracked["station"]["code"].as_str()), (Some(&*code), Some("XH-01")));

    // Staff see who filed it, through which channel, for their station (the default: they serve one).
    let detail: Value = app.get_as(&format!("/api/v1/reports/{id}"), Some(&staff)).await.json().await.unwrap();
    assert_eq!(detail["channel"], "phone");
    assert_eq!(detail["station"]["code"], "XH-01");
    assert_eq!(detail["filed_by"], json!({"kind": "staff", "account_id": staff_id, "name": "staff.a"}));
    assert_eq!(
        (detail["consent_sms"].as_bool(), detail["contact"]["phone"].as_str()),
        (Some(true), Some("138****0011"))
    );
    let first = &detail["timeline"][0];
    assert_eq!((first["kind"].as_str(), first["actor_kind"].as_str()), (Some("submitted"), Some("staff")));
    assert_eq!(first["actor_id"], json!(staff_id));

    // The text goes through the outbox and the relay, to the resident's phone, with the code and its page.
    relay(&app).run_once(app.clock.now()).await.unwrap();
    let texts = texts_to(&provider, "13812340011").await;
    assert_eq!(texts.len(), 1, "{texts:?}");
    assert!(texts[0].contains(&code), "{}", texts[0]);
    assert!(texts[0].contains(&format!("{}/t/{code}", app.settings.public_url)), "{}", texts[0]);
    let admin = app.admin_now().await;
    let receipt = notices(&app, &admin, &id).await.into_iter().find(|n| n["audience"] == "citizen").unwrap();
    assert_eq!((receipt["kind"].as_str(), receipt["status"].as_str()), (Some("receipt"), Some("delivered")));
    // Sent once: another round finds nothing to send.
    relay(&app).run_once(app.clock.now()).await.unwrap();
    assert_eq!(texts_to(&provider, "13812340011").await.len(), 1);

    // A retry with the same key is the first answer; the key is the official's own.
    let retried = app
        .client
        .post(app.url("/api/v1/reports"))
        .bearer_auth(&staff)
        .header("Idempotency-Key", "call-0001")
        .json(&phoned_in("13812340011", true))
        .send()
        .await
        .unwrap();
    assert_eq!(retried.headers()["idempotent-replayed"], "true");
    assert_eq!(created(retried).await["tracking_code"], code.as_str());
    let (_, colleague) = app.signed_in(Role::Staff, "staff.b", &["XH-01"]).await;
    let theirs = app
        .client
        .post(app.url("/api/v1/reports"))
        .bearer_auth(&colleague)
        .header("Idempotency-Key", "call-0001")
        .json(&phoned_in("13812340011", true))
        .send()
        .await
        .unwrap();
    assert!(!theirs.headers().contains_key("idempotent-replayed"));
    assert_ne!(created(theirs).await["tracking_code"], code.as_str());
}

#[tokio::test]
async fn without_consent_to_texts_the_resident_gets_no_message() {
    let (app, provider) = app_with_sms_provider().await;
    let (_, staff) = app.signed_in(Role::Staff, "staff.a", &["XH-01"]).await;
    let filed = created(file_as(&app, &staff, &phoned_in("13812340012", false)).await).await;
    // A letter, typed in as a form.
    let letter = reqwest::multipart::Form::new()
        .text("category", "environment")
        .text("description", "来信：小区路灯坏了一个月。")
        .text("channel", "letter")
        .text("contact.phone", "13812340013")
        .text("consent.personal_info", "true")
        .text("consent.sms", "false");
    let response =
        app.client.post(app.url("/api/v1/reports")).bearer_auth(&staff).multipart(letter).send().await.unwrap();
    let letter = created(response).await;
    relay(&app).run_once(app.clock.now()).await.unwrap();
    assert!(texts_to(&provider, "13812340012").await.is_empty());
    assert!(texts_to(&provider, "13812340013").await.is_empty());
    let admin = app.admin_now().await;
    for id in [&filed["id"], &letter["id"]] {
        let sent = notices(&app, &admin, id.as_str().unwrap()).await;
        assert!(sent.iter().all(|n| n["audience"] != "citizen"), "{sent:?}");
    }
    let detail: Value = app
        .get_as(&format!("/api/v1/reports/{}", letter["id"].as_str().unwrap()), Some(&staff))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!((detail["channel"].as_str(), detail["consent_sms"].as_bool()), (Some("letter"), Some(false)));

    // A text needs a number to go to.
    let mut no_phone = phoned_in("13812340014", true);
    no_phone.as_object_mut().unwrap().remove("contact");
    let refused = assert_problem(file_as(&app, &staff, &no_phone).await, 422, "validation_failed").await;
    assert_eq!(refused["errors"][0]["field"], "consent.sms");
    assert_eq!(refused["errors"][0]["code"], "phone_required");
}

#[tokio::test]
async fn residents_kiosks_and_the_committee_do_not_file_for_others_and_officials_use_only_these_channels() {
    let app = spawn_app().await;
    let reception = json!({"category": "environment", "description": "垃圾清运", "station": "XH-01",
        "channel": "reception"});
    let citizen = app.citizen_by_phone("13900000081").await["access_token"].as_str().unwrap().to_owned();
    let (_, committee) = app.signed_in(Role::Committee, "committee", &[]).await;
    let kiosk = app.kiosk.post(app.url("/api/v1/reports")).json(&reception).send().await.unwrap();
    for refused in [kiosk, file_as(&app, &citizen, &reception).await, file_as(&app, &committee, &reception).await] {
        let body = assert_problem(refused, 403, "forbidden").await;
        assert_eq!(body["errors"][0]["field"], "channel", "{body}");
    }
    assert_problem(app.post_json("/api/v1/reports", None, &reception).await, 401, "unauthenticated").await;
    // Officials file for residents, not as residents.
    let (_, staff) = app.signed_in(Role::Staff, "staff.a", &["XH-01"]).await;
    for channel in ["kiosk", "mobile", "web"] {
        let body = json!({"category": "environment", "description": "x", "station": "XH-01", "channel": channel});
        let refused = assert_problem(file_as(&app, &staff, &body).await, 403, "forbidden").await;
        assert_eq!(refused["errors"][0]["field"], "channel");
    }
    assert_eq!(app.count_reports().await, 0);
    for channel in ["reception", "visit", "phone", "letter"] {
        let body = json!({"category": "environment", "description": "x", "channel": channel});
        let filed = created(file_as(&app, &staff, &body).await).await;
        let detail: Value = app
            .get_as(&format!("/api/v1/reports/{}", filed["id"].as_str().unwrap()), Some(&staff))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!((detail["channel"].as_str(), detail["station"]["code"].as_str()), (Some(channel), Some("XH-01")));
    }
}

#[tokio::test]
async fn staff_file_only_for_the_stations_they_serve() {
    let app = spawn_app().await;
    let (_, staff) = app.signed_in(Role::Staff, "staff.a", &["XH-01"]).await;
    let elsewhere = json!({"category": "environment", "description": "接待日反映", "station": "NH-01",
        "channel": "reception"});
    let refused = assert_problem(file_as(&app, &staff, &elsewhere).await, 403, "forbidden").await;
    assert_eq!(
        (refused["errors"][0]["field"].as_str(), refused["errors"][0]["code"].as_str()),
        (Some("station"), Some("not_your_station"))
    );
    assert_eq!(app.count_reports().await, 0);

    // Serving two stations, staff say which; a station head files like staff.
    let (_, both) = app.signed_in(Role::StationHead, "head.both", &["XH-01", "NH-01"]).await;
    let unnamed = json!({"category": "environment", "description": "接待日反映", "channel": "reception"});
    let refused = assert_problem(file_as(&app, &both, &unnamed).await, 422, "validation_failed").await;
    assert_eq!(
        (refused["errors"][0]["field"].as_str(), refused["errors"][0]["code"].as_str()),
        (Some("station"), Some("required"))
    );
    let filed = created(file_as(&app, &both, &elsewhere).await).await;
    let detail: Value = app
        .get_as(&format!("/api/v1/reports/{}", filed["id"].as_str().unwrap()), Some(&both))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (detail["station"]["code"].as_str(), detail["filed_by"]["kind"].as_str()),
        (Some("NH-01"), Some("staff"))
    );

    // Administrators file for any station, and are named as who filed.
    let admin = app.admin_now().await;
    let filed = created(file_as(&app, &admin, &elsewhere).await).await;
    let detail: Value = app
        .get_as(&format!("/api/v1/reports/{}", filed["id"].as_str().unwrap()), Some(&admin))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(detail["filed_by"]["kind"], "admin");

    // Figures by channel show where reports came from.
    assert_eq!(app.post_report(&crate::helpers::kiosk_report()).await.status(), 201);
    let stats: Value = app.get_as("/api/v1/stats?group_by=channel", Some(&admin)).await.json().await.unwrap();
    let groups: Vec<(&str, u64)> = stats["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| (g["key"].as_str().unwrap(), g["figures"]["received"].as_u64().unwrap()))
        .collect();
    assert_eq!(groups, [("kiosk", 1), ("reception", 2)]);
}

#[tokio::test]
async fn a_deputys_visit_is_routed_to_them_unless_they_name_a_colleague() {
    let app = spawn_app().await;
    let (deputy_id, deputy) = app.deputy_account("zhang.min", "D-003", &[]).await;
    let visit = json!({"category": "environment", "description": "走访：楼道堆物无人清理。",
        "address": "和平路12号", "channel": "visit"});
    let filed = created(file_as(&app, &deputy, &visit).await).await;
    assert_eq!(filed["status"], "assigned");
    let id = filed["id"].as_str().unwrap();
    // Theirs to handle: they read it, and it is in their inbox.
    let detail: Value = app.get_as(&format!("/api/v1/reports/{id}"), Some(&deputy)).await.json().await.unwrap();
    assert_eq!(detail["routing"]["deputy"]["code"], "D-003", "{}", detail["routing"]);
    assert_eq!(detail["filed_by"], json!({"kind": "deputy", "account_id": deputy_id, "name": "zhang.min"}));
    assert_eq!(detail["station"]["code"], "XH-01", "the deputy's only station");
    let inbox: Value = app.get_as("/api/v1/me/inbox", Some(&deputy)).await.json().await.unwrap();
    assert!(inbox["items"].as_array().unwrap().iter().any(|r| r["id"] == id), "{inbox}");

    // Naming a colleague routes it to them, as a resident's choice of deputy does.
    let mut for_colleague = visit.clone();
    for_colleague["deputy"] = json!("D-001");
    let filed = created(file_as(&app, &deputy, &for_colleague).await).await;
    let (_, staff) = app.signed_in(Role::Staff, "staff.a", &["XH-01"]).await;
    let detail: Value = app
        .get_as(&format!("/api/v1/reports/{}", filed["id"].as_str().unwrap()), Some(&staff))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(detail["routing"]["deputy"]["code"], "D-001");
    assert_eq!(detail["filed_by"]["account_id"], json!(deputy_id));
}
