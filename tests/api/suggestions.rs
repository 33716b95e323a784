//! Suggestions (议案建议): a deputy drafts one from reports they handle, the station reviews its quality
//! (approval only with the whole checklist), submits it to an organ with three months to answer (at most
//! six), records the answer; the deputy rates it, sends it back once when not satisfied, and closing it tells
//! the citizens whose reports it drew on.

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{TEST_PASSWORD, TestApp, assert_problem, spawn_app};
use crate::notifications::relay;
use liaison::domain::access::Role;
use liaison::domain::clock::Clock;

/// A report for D-003 filed at XH-01 by the kiosk; with a phone (and consent) when given. Its tracking code.
async fn report_for_d003(app: &TestApp, phone: Option<&str>) -> String {
    let mut body = json!({"category": "environment", "description": "社区没有老年食堂，老人吃饭难。", "station": "XH-01",
                          "channel": "kiosk", "deputy": "D-003"});
    if let Some(phone) = phone {
        body["contact"] = json!({"phone": phone});
        body["consent"] = json!({"personal_info": true});
    }
    let created: Value = app.post_report(&body).await.json().await.unwrap();
    created["tracking_code"].as_str().unwrap().to_owned()
}

async fn act(app: &TestApp, token: &str, id: &str, action: Value) -> reqwest::Response {
    app.post_json(&format!("/api/v1/suggestions/{id}/actions"), Some(token), &action).await
}

async fn act_ok(app: &TestApp, token: &str, id: &str, action: Value) -> Value {
    let response = act(app, token, id, action.clone()).await;
    assert_eq!(response.status(), 200, "{action}: {}", response.text().await.unwrap());
    response.json().await.unwrap()
}

#[tokio::test]
async fn a_suggestion_goes_from_draft_through_review_to_the_organ_and_back_to_its_citizens() {
    let app = spawn_app().await;
    let (_, staff) = app.signed_in(Role::Staff, "xh-staff", &["XH-01"]).await;
    let (_, nh_staff) = app.signed_in(Role::Staff, "nh-staff", &["NH-01"]).await;
    let (_, committee) = app.signed_in(Role::Committee, "gongwei", &[]).await;
    let deputy = app.deputy_signed_in("D-003").await;
    let other_deputy = app.deputy_signed_in("D-001").await;
    let reachable = report_for_d003(&app, Some("13812340091")).await;
    let silent = report_for_d003(&app, None).await;

    // Drafted from reports the deputy handles (another deputy's reports are not theirs to cite).
    let bad = app
        .post_json(
            "/api/v1/me/suggestions",
            Some(&other_deputy),
            &json!({"title": "关于老年食堂的建议", "facts": "", "reports": [reachable]}),
        )
        .await;
    let problem = assert_problem(bad, 422, "validation_failed").await;
    let fields: Vec<&str> =
        problem["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["facts", "reports[0]"], "{problem}");
    assert_problem(
        app.post_json("/api/v1/me/suggestions", Some(&staff), &json!({"title": "x", "facts": "y"})).await,
        403,
        "forbidden",
    )
    .await;
    let created = app
        .post_json(
            "/api/v1/me/suggestions",
            Some(&deputy),
            &json!({"title": "关于加快社区老年食堂建设的建议", "facts": "辖区两件反映老人吃饭难。",
                           "reports": [reachable, silent]}),
        )
        .await;
    assert_eq!(created.status(), 201);
    let created: Value = created.json().await.unwrap();
    let id = created["id"].as_str().unwrap().to_owned();
    assert_eq!((created["status"].as_str(), created["station"].as_str()), (Some("draft"), Some("XH-01")));
    assert_eq!(created["reports"].as_array().unwrap().len(), 2);

    // The quality review: returned with comments, rewritten, approved with the whole checklist.
    let review = |facts: bool, cause: bool, approve: bool, comment: &str| {
        json!({"action": "review", "checklist": {"facts": facts, "cause": cause, "measures": true}, "approve": approve,
               "comment": comment})
    };
    assert_problem(act(&app, &staff, &id, review(true, true, true, "")).await, 409, "invalid_transition").await;
    act_ok(&app, &deputy, &id, json!({"action": "for_review"})).await;
    assert_problem(act(&app, &staff, &id, review(true, false, true, "")).await, 422, "validation_failed").await;
    let returned = act_ok(&app, &staff, &id, review(true, false, false, "请补充原因分析。")).await;
    assert_eq!(returned["status"], "revising");
    let mut words = json!({"title": "关于加快社区老年食堂建设的建议", "facts": "辖区两件反映老人吃饭难。",
                           "cause": "缺少场地和运营补贴。", "measures": "利用社区用房，给予运营补贴。",
                           "reports": [reachable, silent]});
    let rewritten = app.send_as(Method::PATCH, &format!("/api/v1/suggestions/{id}"), &deputy, Some(&words)).await;
    assert_eq!(rewritten.json::<Value>().await.unwrap()["cause"], "缺少场地和运营补贴。");
    act_ok(&app, &deputy, &id, json!({"action": "for_review"})).await;
    let approved = act_ok(&app, &staff, &id, review(true, true, true, "可以提交。")).await;
    assert_eq!(approved["status"], "approved");
    assert_eq!(approved["reviews"].as_array().unwrap().len(), 2);
    words["title"] = json!("改不了了");
    let late = app.send_as(Method::PATCH, &format!("/api/v1/suggestions/{id}"), &deputy, Some(&words)).await;
    assert_problem(late, 409, "invalid_transition").await;

    // To the organ: three months to answer, extended to at most six.
    assert_problem(act(&app, &deputy, &id, json!({"action": "submit", "unit": "HP-MZ"})).await, 403, "forbidden").await;
    let submitted = act_ok(&app, &staff, &id, json!({"action": "submit", "unit": "HP-MZ"})).await;
    let submitted_at = app.clock.now();
    let due = chrono::DateTime::parse_from_rfc3339(submitted["due_at"].as_str().unwrap()).unwrap().to_utc();
    assert!((due - submitted_at).num_days() >= 89 && (due - submitted_at).num_days() <= 92, "{due}");
    let too_late = (submitted_at + chrono::Duration::days(200)).to_rfc3339();
    assert_problem(
        act(&app, &staff, &id, json!({"action": "extend", "due_at": too_late})).await,
        422,
        "validation_failed",
    )
    .await;
    let later = (submitted_at + chrono::Duration::days(150)).to_rfc3339();
    act_ok(&app, &staff, &id, json!({"action": "extend", "due_at": later})).await;

    // Answered, not satisfied: back to the organ once, within a month; then rated and closed.
    act_ok(&app, &staff, &id, json!({"action": "answer", "text": "区民政局：明年新建两处助餐点。"})).await;
    let again = act_ok(&app, &deputy, &id, json!({"action": "rate", "verdict": "not_satisfied"})).await;
    assert_eq!((again["status"].as_str(), again["rehandled"].as_bool()), (Some("rehandling"), Some(true)));
    act_ok(&app, &staff, &id, json!({"action": "answer", "text": "区民政局：本季度先开一处，已选址幸福里。"})).await;
    let closed = act_ok(&app, &deputy, &id, json!({"action": "rate", "verdict": "mostly"})).await;
    assert_eq!((closed["status"].as_str(), closed["verdict"].as_str()), (Some("closed"), Some("mostly")));

    // Its evaluation keeps the three parts apart, each with its inputs.
    let judged: Value =
        app.get_as(&format!("/api/v1/suggestions/{id}/evaluation"), Some(&committee)).await.json().await.unwrap();
    assert_eq!(judged["quality"], json!({"facts": true, "cause": true, "measures": true}));
    assert_eq!(judged["quality_score"], 3);
    assert_eq!(judged["results"]["verdict"], "mostly");
    assert_eq!(
        (judged["results"]["rehandled"].as_bool(), judged["results"]["answered_on_time"].as_bool()),
        (Some(true), Some(true))
    );
    assert_eq!(
        (judged["feedback"]["reports"].as_u64(), judged["feedback"]["satisfaction"]["denominator"].as_u64()),
        (Some(2), Some(0))
    );
    assert_problem(
        app.get_as(&format!("/api/v1/suggestions/{id}/evaluation"), Some(&nh_staff)).await,
        404,
        "suggestion_not_found",
    )
    .await;

    // The citizen who left a phone hears the outcome; the one who did not is not written to.
    relay(&app).run_once(chrono::Utc::now()).await.unwrap();
    let texts = std::fs::read_to_string(app.settings.data_dir.join("sms-outbox.jsonl")).unwrap_or_default();
    let told: Vec<&str> = texts.lines().filter(|l| l.contains("写入建议")).collect();
    assert_eq!(told.len(), 1, "{texts}");
    assert!(told[0].contains("13812340091") && told[0].contains(&reachable) && told[0].contains("本季度先开一处"));

    // The committee reads the station's suggestions; another station's staff do not.
    let listed: Value = app.get_as("/api/v1/stations/XH-01/suggestions", Some(&committee)).await.json().await.unwrap();
    assert_eq!(listed["items"][0]["checklist"], json!({"facts": true, "cause": true, "measures": true}));
    assert_problem(app.get_as("/api/v1/stations/XH-01/suggestions", Some(&nh_staff)).await, 403, "forbidden").await;
    assert_problem(
        app.get_as(&format!("/api/v1/suggestions/{id}"), Some(&nh_staff)).await,
        404,
        "suggestion_not_found",
    )
    .await;
    assert_problem(act(&app, &committee, &id, json!({"action": "for_review"})).await, 403, "forbidden").await;
    let mine: Value = app.get_as("/api/v1/me/suggestions", Some(&deputy)).await.json().await.unwrap();
    assert_eq!(mine["items"].as_array().unwrap().len(), 1);
    let admin =
        app.login(crate::helpers::ADMIN_USERNAME, TEST_PASSWORD).await["access_token"].as_str().unwrap().to_owned();
    let audit: Value =
        app.get_as(&format!("/api/v1/audit?subject=suggestion:{id}"), Some(&admin)).await.json().await.unwrap();
    assert_eq!(audit["items"].as_array().unwrap().len(), 12, "every step: {audit}");
}
