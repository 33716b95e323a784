//! Honest outcomes: a close-out explains itself to the citizen, "not satisfied" too late to reopen closes as
//! not resolved and counts so, citizens of merged reports are sent the shared answer and rate it, and an
//! extension request and its decision reach the people who act on them.

use chrono::{Duration, Utc};
use serde_json::{Value, json};

use liaison::domain::clock::Clock;

use crate::helpers::{TestApp, assert_problem, spawn_app};
use crate::notifications::{notices, relay};
use liaison::domain::access::Role;

/// Files a kiosk report with `extra` fields; returns its id and tracking code.
async fn file(app: &TestApp, extra: Value) -> (String, String) {
    let mut report = json!({"category": "environment", "description": "3号楼旁垃圾桶三天没清运", "station": "XH-01",
                            "channel": "kiosk"});
    for (k, v) in extra.as_object().unwrap() {
        report[k] = v.clone();
    }
    let created = app.post_report(&report).await;
    assert_eq!(created.status(), 201);
    let created: Value = created.json().await.unwrap();
    (created["id"].as_str().unwrap().to_owned(), created["tracking_code"].as_str().unwrap().to_owned())
}

fn reachable(phone: &str) -> Value {
    json!({"contact": {"name": "王阿姨", "phone": phone}, "consent": {"personal_info": true}})
}

/// The texts the outbox SMS sender wrote to `phone`.
fn texts_to(app: &TestApp, phone: &str) -> Vec<String> {
    let outbox = std::fs::read_to_string(app.settings.data_dir.join("sms-outbox.jsonl")).unwrap_or_default();
    outbox
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter(|t| t["phone"] == phone)
        .filter_map(|t| t["message"].as_str().map(str::to_owned))
        .collect()
}

#[tokio::test]
async fn a_close_out_needs_an_explanation_that_the_citizen_reads_and_is_sent() {
    let app = spawn_app().await;
    let (_, staff) = app.signed_in(Role::Staff, "xh-staff", &["XH-01"]).await;
    let mut extra = reachable("13812340011");
    extra["category"] = json!("legal_petition");
    let (id, code) = file(&app, extra).await;

    let bare = app.act(&staff, &id, &json!({"action": "close", "outcome": "referred", "reason": "属诉讼事项"})).await;
    assert_problem(bare, 422, "validation_failed").await;
    let blank = app
        .act(
            &staff,
            &id,
            &json!({"action": "close", "outcome": "referred", "reason": "属诉讼事项", "explanation": "  "}),
        )
        .await;
    assert_problem(blank, 422, "invalid_action").await;
    let explanation = "您反映的是合同纠纷，需通过法院诉讼解决，可到区法院诉讼服务中心咨询。";
    let closed = app.act_ok(
        &staff,
        &id,
        json!({"action": "close", "outcome": "referred", "reason": "属诉讼事项，已电话告知", "explanation": explanation}),
    )
    .await;
    assert_eq!((closed["status"].as_str(), closed["outcome"].as_str()), (Some("closed"), Some("referred")));

    // The tracking page says why, in the citizen's words; the internal reason stays with staff.
    let page: Value = app.get(&format!("/api/v1/reports/track/{code}")).await.json().await.unwrap();
    let texts = page["timeline"].to_string();
    assert!(texts.contains(explanation) && texts.contains("已转其他渠道办理"), "{texts}");
    assert!(!texts.contains("已电话告知"), "{texts}");
    let audit: Value =
        app.get_as(&format!("/api/v1/audit?report_id={id}"), Some(&app.admin_now().await)).await.json().await.unwrap();
    assert!(audit.to_string().contains("已电话告知"), "the reason is on the record");

    relay(&app).run_once(Utc::now()).await.unwrap();
    let sent = texts_to(&app, "13812340011");
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert!(sent[0].contains(&code) && sent[0].contains("区法院诉讼服务中心"), "{}", sent[0]);
}

#[tokio::test]
async fn not_satisfied_after_the_window_closes_as_unresolved_and_counts_as_not_resolved() {
    let app = spawn_app().await;
    app.signed_in(Role::Staff, "xh-staff", &["XH-01"]).await;
    let deputy = app.deputy_signed_in("D-003").await;
    let (id, code) = file(&app, json!({"deputy": "D-003"})).await;
    app.act_ok(&deputy, &id, json!({"action": "accept"})).await;
    app.act_ok(&deputy, &id, json!({"action": "answer", "text": "已安排清运。", "outcome": "resolved"})).await;

    // Past the 30 days in which "not satisfied" reopens it.
    app.clock.advance(Duration::days(31));
    let rate = format!("/api/v1/reports/track/{code}/actions");
    let late: Value = app
        .post_json(&rate, None, &json!({"action": "rate", "verdict": "not_satisfied", "comment": "根本没人来"}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(late["status"], "closed");
    let staff = app.login("xh-staff", crate::helpers::TEST_PASSWORD).await["access_token"].as_str().unwrap().to_owned();
    let detail: Value = app.get_as(&format!("/api/v1/reports/{id}"), Some(&staff)).await.json().await.unwrap();
    assert_eq!(
        (detail["outcome"].as_str(), detail["progress"]["verdict"].as_str()),
        (Some("unresolved"), Some("not_satisfied"))
    );

    let from = (app.clock.now() - Duration::days(40)).date_naive();
    let stats: Value = app.get_as(&format!("/api/v1/stats?from={from}"), Some(&staff)).await.json().await.unwrap();
    let total = &stats["total"];
    assert_eq!(total["by_outcome"], json!({"unresolved": 1}));
    assert_eq!(
        (total["resolution"]["numerator"].as_u64(), total["resolution"]["denominator"].as_u64()),
        (Some(0), Some(1)),
        "closed is not resolved"
    );
    assert_eq!(total["satisfaction"]["numerator"], 0);
}

#[tokio::test]
async fn citizens_of_merged_reports_are_sent_the_shared_answer_and_rate_it_once() {
    let app = spawn_app().await;
    let (_, staff) = app.signed_in(Role::Staff, "xh-staff", &["XH-01"]).await;
    let deputy = app.deputy_signed_in("D-003").await;
    let (main, _) = file(&app, json!({"deputy": "D-003"})).await;
    let mut second = reachable("13812340022");
    second["deputy"] = json!("D-003");
    let (merged, merged_code) = file(&app, second).await;
    app.act_ok(&staff, &merged, json!({"action": "merge", "into": main})).await;
    let track = format!("/api/v1/reports/track/{merged_code}");
    let rate = format!("{track}/actions");

    // Nothing to rate before the main report is answered.
    let page: Value = app.get(&track).await.json().await.unwrap();
    assert_eq!(page["may_rate"], false);
    assert_problem(
        app.post_json(&rate, None, &json!({"action": "rate", "verdict": "satisfied"})).await,
        409,
        "invalid_transition",
    )
    .await;

    app.act_ok(&deputy, &main, json!({"action": "accept"})).await;
    app.act_ok(&deputy, &main, json!({"action": "answer", "text": "已协调环卫每日清运两次。", "outcome": "resolved"}))
        .await;
    relay(&app).run_once(Utc::now()).await.unwrap();
    // Told of the merge when it happened, then sent the answer under their own code.
    let sent = texts_to(&app, "13812340022");
    assert_eq!(sent.len(), 2, "{sent:?}");
    assert!(sent[0].contains("已与相同反映合并办理"), "{}", sent[0]);
    assert!(sent[1].contains(&merged_code) && sent[1].contains("已协调环卫每日清运两次"), "{}", sent[1]);

    let page: Value = app.get(&track).await.json().await.unwrap();
    assert_eq!(
        (page["may_rate"].as_bool(), page["answer"]["text"].as_str()),
        (Some(true), Some("已协调环卫每日清运两次。"))
    );
    let rated: Value = app
        .post_json(&rate, None, &json!({"action": "rate", "verdict": "mostly", "comment": "好多了"}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!((rated["status"].as_str(), rated["verdict"].as_str()), (Some("closed"), Some("mostly")));
    assert_eq!(rated["may_rate"], false);
    assert_problem(
        app.post_json(&rate, None, &json!({"action": "rate", "verdict": "satisfied"})).await,
        409,
        "invalid_transition",
    )
    .await;

    // The merged report keeps its outcome; the main one still waits for its own citizen's rating.
    let detail: Value = app.get_as(&format!("/api/v1/reports/{merged}"), Some(&staff)).await.json().await.unwrap();
    assert_eq!(
        (detail["outcome"].as_str(), detail["progress"]["verdict"].as_str()),
        (Some("duplicate"), Some("mostly"))
    );
    let main_detail: Value = app.get_as(&format!("/api/v1/reports/{main}"), Some(&staff)).await.json().await.unwrap();
    assert_eq!((main_detail["status"].as_str(), main_detail["progress"]["verdict"].as_str()), (Some("answered"), None));
}

#[tokio::test]
async fn an_extension_request_reaches_the_station_and_its_decision_the_deputy() {
    let app = spawn_app().await;
    let (_, staff) = app.signed_in(Role::Staff, "xh-staff", &["XH-01"]).await;
    let deputy = app.deputy_signed_in("D-003").await;
    let (id, _) = file(&app, json!({"deputy": "D-003"})).await;
    app.act_ok(&deputy, &id, json!({"action": "accept"})).await;
    app.act_ok(&deputy, &id, json!({"action": "request_extension", "working_days": 5, "reason": "需协调城管和物业"}))
        .await;
    let heard = |list: &[Value], kind: &str| -> Vec<String> {
        list.iter().filter(|n| n["kind"] == kind).map(|n| n["audience"].as_str().unwrap().to_owned()).collect()
    };
    let admin = app.admin_now().await;
    let list = notices(&app, &admin, &id).await;
    assert_eq!(heard(&list, "extension_requested"), ["station"], "{list:?}");
    assert!(heard(&list, "extension_decided").is_empty());

    app.act_ok(&staff, &id, json!({"action": "decide_extension", "grant": false, "reason": "期限内可以办结"})).await;
    let list = notices(&app, &admin, &id).await;
    assert_eq!(heard(&list, "extension_decided"), ["deputy"], "{list:?}");
    // Refused: nothing public happened, so the citizen hears nothing.
    assert!(heard(&list, "progress").is_empty(), "{list:?}");
}
