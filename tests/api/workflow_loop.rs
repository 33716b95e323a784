//! The closed loop through the API: from a kiosk submission to the citizen's verdict, a reopen and the
//! close-out; triage, returns, extensions, merges; and every illegal step refused with the current status.

use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_app};
use liaison::domain::access::Role;

async fn file(app: &TestApp, extra: Value) -> (String, String) {
    let mut report = json!({"category": "environment", "description": "3号楼旁垃圾桶三天没清运", "station": "XH-01",
                            "channel": "kiosk"});
    for (k, v) in extra.as_object().unwrap() {
        report[k] = v.clone();
    }
    let created: Value = app.post_report(&report).await.json().await.unwrap();
    (created["id"].as_str().unwrap().to_owned(), created["tracking_code"].as_str().unwrap().to_owned())
}

fn inbox_ids(page: &Value) -> Vec<String> {
    page["items"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap().to_owned()).collect()
}

#[tokio::test]
async fn a_kiosk_report_goes_round_the_whole_loop_with_a_reopen_and_the_citizens_verdict() {
    let app = spawn_app().await;
    let deputy = app.deputy_signed_in("D-003").await;
    let (_, admin) = app.signed_in(Role::Admin, "admin", &[]).await;
    let (id, code) = file(&app, json!({"deputy": "D-003"})).await;
    let track = format!("/api/v1/reports/track/{code}");
    let rate = format!("/api/v1/reports/track/{code}/actions");

    // 交办: in the deputy's inbox with an accept deadline.
    let inbox: Value = app.get_as("/api/v1/me/inbox", Some(&deputy)).await.json().await.unwrap();
    assert_eq!(inbox_ids(&inbox), std::slice::from_ref(&id));
    assert_eq!(inbox["items"][0]["status"], "assigned");
    assert!(inbox["items"][0]["due_at"].is_string());

    // Rating before an answer is refused, naming where the report stands.
    let early = app.post_json(&rate, None, &json!({"action": "rate", "verdict": "satisfied"})).await;
    assert_eq!(early.status(), 409);
    let problem: Value = early.json().await.unwrap();
    assert_eq!(problem["code"], "invalid_transition");
    assert!(problem["detail"].as_str().unwrap().contains("the report is `assigned`"), "{problem}");

    let accepted = app.act_ok(&deputy, &id, json!({"action": "accept"})).await;
    assert_eq!(accepted["status"], "accepted");
    let answer_due = accepted["progress"]["answer_due_at"].as_str().unwrap().to_owned();
    assert_eq!(accepted["due_at"], answer_due.as_str());
    let forwarded = app.act_ok(&deputy, &id, json!({"action": "forward", "unit": "HP-CG", "note": "请清运"})).await;
    assert_eq!(forwarded["status"], "forwarded");
    assert_eq!(forwarded["progress"]["handling_unit"]["code"], "HP-CG");
    assert_ne!(forwarded["due_at"], answer_due.as_str(), "the unit's reply deadline runs now");
    let replied = app.act_ok(&deputy, &id, json!({"action": "unit_reply", "text": "已安排环卫车每日清运"})).await;
    assert_eq!(
        (replied["status"].as_str(), replied["due_at"].as_str()),
        (Some("unit_replied"), Some(answer_due.as_str()))
    );
    let answered = app
        .act_ok(
            &deputy,
            &id,
            json!({"action": "answer", "text": "城管委已安排每日清运，请您留意。", "outcome": "resolved"}),
        )
        .await;
    assert_eq!(answered["status"], "answered");
    assert_eq!(answered["due_at"], Value::Null);

    // The citizen reads the answer on the tracking page and is not satisfied: it goes back to the deputy.
    let view: Value = app.get(&track).await.json().await.unwrap();
    assert_eq!(view["answer"]["text"], "城管委已安排每日清运，请您留意。");
    assert_eq!(view["may_rate"], true);
    let reopened: Value = app
        .post_json(&rate, None, &json!({"action": "rate", "verdict": "not_satisfied", "comment": "还是没人来"}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(reopened["status"], "accepted");
    assert_eq!(reopened["verdict"], "not_satisfied");
    let texts: Vec<&str> =
        reopened["timeline"].as_array().unwrap().iter().map(|e| e["text"]["zh"].as_str().unwrap()).collect();
    assert!(texts.iter().any(|t| t.contains("不满意")), "{texts:?}");
    let inbox: Value = app.get_as("/api/v1/me/inbox", Some(&deputy)).await.json().await.unwrap();
    assert_eq!(inbox["items"][0]["status"], "accepted", "the reopening reaches the deputy");

    app.act_ok(&deputy, &id, json!({"action": "answer", "text": "已现场查看，垃圾已清走。", "outcome": "resolved"}))
        .await;
    let closed: Value = app
        .post_json(&rate, None, &json!({"action": "rate", "verdict": "satisfied", "comment": "谢谢"}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(closed["status"], "closed");
    assert_eq!(closed["verdict"], "satisfied");
    assert_eq!(closed["may_rate"], false);

    // Staff see the whole record: every step, who did it, from and to.
    let detail: Value = app.get_as(&format!("/api/v1/reports/{id}"), Some(&admin)).await.json().await.unwrap();
    assert_eq!(detail["outcome"], "resolved");
    assert_eq!(detail["progress"]["reopen_count"], 1);
    let steps: Vec<String> = detail["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["action"].as_str().map(|a| format!("{a}:{}", e["to_status"].as_str().unwrap())))
        .collect();
    assert_eq!(
        steps,
        [
            "accept:accepted",
            "forward:forwarded",
            "unit_reply:unit_replied",
            "answer:answered",
            "rate:accepted",
            "answer:answered",
            "rate:closed"
        ]
    );
    let audit: Value = app.get_as(&format!("/api/v1/audit?report_id={id}"), Some(&admin)).await.json().await.unwrap();
    assert_eq!(audit["items"].as_array().unwrap().len(), 7);
    // Nothing moves a closed report.
    let late = app.act(&deputy, &id, &json!({"action": "answer", "text": "x", "outcome": "resolved"})).await;
    assert_eq!(late.status(), 409);
    let late = app.post_json(&rate, None, &json!({"action": "rate", "verdict": "not_satisfied"})).await;
    assert_eq!(late.status(), 409);
}

#[tokio::test]
async fn triage_assign_return_and_a_supervisors_close_out() {
    let app = spawn_app().await;
    let (_, staff) = app.signed_in(Role::Staff, "xh-staff", &["XH-01"]).await;
    let (_, nh_staff) = app.signed_in(Role::Staff, "nh-staff", &["NH-01"]).await;
    let d001 = app.deputy_signed_in("D-001").await;
    let d002 = app.deputy_signed_in("D-002").await;
    // Legal disputes and petitions are a sensitive category: staff assess them first.
    let (id, _) = file(&app, json!({"category": "legal_petition"})).await;
    let routed: Value = app.get_as(&format!("/api/v1/reports/{id}"), Some(&staff)).await.json().await.unwrap();
    assert_eq!(routed["status"], "triage");
    let queue: Value = app.get_as("/api/v1/stations/XH-01/triage", Some(&staff)).await.json().await.unwrap();
    assert!(inbox_ids(&queue).contains(&id));
    assert_eq!(app.get_as("/api/v1/stations/XH-01/triage", Some(&nh_staff)).await.status(), 403);

    // Only staff assign; the deputy cannot take what is not theirs.
    assert_eq!(app.act(&d001, &id, &json!({"action": "assign", "deputy": "D-001"})).await.status(), 404);
    let assigned = app.act_ok(&staff, &id, json!({"action": "assign", "deputy": "D-001", "note": "网格内事项"})).await;
    assert_eq!(
        (assigned["status"].as_str(), assigned["routing"]["deputy"]["code"].as_str()),
        (Some("assigned"), Some("D-001"))
    );
    let queue: Value = app.get_as("/api/v1/stations/XH-01/triage", Some(&staff)).await.json().await.unwrap();
    assert!(!inbox_ids(&queue).contains(&id));
    assert_eq!(app.act(&d002, &id, &json!({"action": "accept"})).await.status(), 404, "not D-002's report");
    assert_eq!(app.act(&staff, &id, &json!({"action": "accept"})).await.status(), 403, "staff do not accept");
    let unknown = app.act(&staff, &id, &json!({"action": "assign", "deputy": "D-999"})).await;
    assert_eq!(unknown.json::<Value>().await.unwrap()["code"], "unknown_deputy");

    // 退单 with a reason, back to triage; a return without a reason is refused.
    let bare = app.act(&d001, &id, &json!({"action": "return", "reason": " "})).await;
    assert_eq!(bare.status(), 422);
    assert_eq!(bare.json::<Value>().await.unwrap()["code"], "invalid_action");
    let returned = app.act_ok(&d001, &id, json!({"action": "return", "reason": "属物业纠纷，不在我联系范围"})).await;
    assert_eq!(returned["status"], "triage");
    // Once returned it is no longer theirs.
    assert_eq!(app.get_as(&format!("/api/v1/reports/{id}"), Some(&d001)).await.status(), 404);
    let queue: Value = app.get_as("/api/v1/stations/XH-01/triage", Some(&staff)).await.json().await.unwrap();
    assert!(inbox_ids(&queue).contains(&id));

    // A supervisor closes it as referred elsewhere, with a reason; the outcome is kept apart.
    let closed = app
        .act_ok(
            &staff,
            &id,
            json!({"action": "close", "outcome": "referred", "reason": "属司法程序事项，已告知当事人向法院起诉",
               "explanation": "此事需通过法院诉讼解决"}),
        )
        .await;
    assert_eq!((closed["status"].as_str(), closed["outcome"].as_str()), (Some("closed"), Some("referred")));
    assert_eq!(closed["progress"]["verdict"], Value::Null);
    let bad = app.act(&staff, &id, &json!({"action": "teleport"})).await;
    assert_eq!(bad.status(), 422);
}

#[tokio::test]
async fn extensions_are_asked_and_granted_and_duplicates_share_the_answer() {
    let app = spawn_app().await;
    let (_, staff) = app.signed_in(Role::Staff, "xh-staff", &["XH-01"]).await;
    let deputy = app.deputy_signed_in("D-003").await;
    let (first, _) = file(&app, json!({"deputy": "D-003"})).await;
    let (second, second_code) = file(&app, json!({"deputy": "D-003", "description": "3号楼垃圾没人清"})).await;
    app.act_ok(&deputy, &first, json!({"action": "accept"})).await;
    let before = app.act_ok(&deputy, &first, json!({"action": "forward", "unit": "HP-CG"})).await;
    let asked = app
        .act_ok(
            &deputy,
            &first,
            json!({"action": "request_extension", "working_days": 5, "reason": "需协调物业和城管"}),
        )
        .await;
    assert_eq!(asked["progress"]["extension_pending_days"], 5);
    let again =
        app.act(&deputy, &first, &json!({"action": "request_extension", "working_days": 5, "reason": "再延"})).await;
    assert_eq!(again.status(), 409);
    assert_eq!(
        app.act(&deputy, &first, &json!({"action": "decide_extension", "grant": true, "reason": "x"})).await.status(),
        403
    );
    let granted =
        app.act_ok(&staff, &first, json!({"action": "decide_extension", "grant": true, "reason": "同意延期"})).await;
    assert_eq!(granted["progress"]["extension_pending_days"], Value::Null);
    assert!(granted["due_at"].as_str().unwrap() > before["due_at"].as_str().unwrap(), "{granted}");
    assert_eq!(
        app.act(&staff, &first, &json!({"action": "decide_extension", "grant": false, "reason": "x"})).await.status(),
        409
    );

    // 并案: the second report joins the first; its citizen keeps their code and gets the shared answer.
    let merged = app.act_ok(&staff, &second, json!({"action": "merge", "into": first})).await;
    assert_eq!((merged["status"].as_str(), merged["outcome"].as_str()), (Some("closed"), Some("duplicate")));
    assert_eq!(merged["progress"]["merged_into"], first.as_str());
    app.act_ok(&deputy, &first, json!({"action": "unit_reply", "text": "已清运"})).await;
    app.act_ok(
        &deputy,
        &first,
        json!({"action": "answer", "text": "垃圾已清运，并增加清运频次。", "outcome": "resolved"}),
    )
    .await;
    let view: Value = app.get(&format!("/api/v1/reports/track/{second_code}")).await.json().await.unwrap();
    assert_eq!(view["answer"]["text"], "垃圾已清运，并增加清运频次。");
    // Merging into a closed report, or into itself, is refused.
    let (third, _) = file(&app, json!({"deputy": "D-003"})).await;
    let selfish = app.act(&staff, &third, &json!({"action": "merge", "into": third})).await;
    assert_eq!(selfish.status(), 422);
    let into_closed = app.act(&staff, &third, &json!({"action": "merge", "into": second})).await;
    assert_eq!(into_closed.status(), 422);
}

#[tokio::test]
async fn a_citizen_withdraws_with_the_tracking_code_but_cannot_act_for_staff() {
    let app = spawn_app().await;
    let (_, code) = file(&app, json!({})).await;
    let path = format!("/api/v1/reports/track/{code}/actions");
    let forbidden = app.post_json(&path, None, &json!({"action": "accept"})).await;
    assert_eq!(forbidden.status(), 403);
    let withdrawn: Value =
        app.post_json(&path, None, &json!({"action": "withdraw", "reason": "已自行解决"})).await.json().await.unwrap();
    assert_eq!(withdrawn["status"], "closed");
    let again = app.post_json(&path, None, &json!({"action": "withdraw"})).await;
    assert_eq!(again.status(), 409, "a closed report cannot be withdrawn again");
    let malformed = app.post_json("/api/v1/reports/track/nonsense/actions", None, &json!({"action": "withdraw"})).await;
    assert_eq!(malformed.status(), 400);
}

#[tokio::test]
async fn staff_take_a_report_from_a_deputy_who_cannot_go_on_and_merged_chains_share_the_answer() {
    let app = spawn_app().await;
    let (_, staff) = app.signed_in(Role::Staff, "xh-staff", &["XH-01"]).await;
    let d003 = app.deputy_signed_in("D-003").await;
    let d001 = app.deputy_signed_in("D-001").await;
    let (id, _) = file(&app, json!({"deputy": "D-003"})).await;
    app.act_ok(&d003, &id, json!({"action": "accept"})).await;
    app.act_ok(&d003, &id, json!({"action": "forward", "unit": "HP-CG"})).await;
    // D-003 falls ill: staff give the forwarded report to D-001, who must take it on afresh.
    let moved = app.act_ok(&staff, &id, json!({"action": "assign", "deputy": "D-001", "note": "原代表病假"})).await;
    assert_eq!(
        (moved["status"].as_str(), moved["routing"]["deputy"]["code"].as_str()),
        (Some("assigned"), Some("D-001"))
    );
    assert_eq!(app.act(&d003, &id, &json!({"action": "unit_reply", "text": "x"})).await.status(), 404);
    let inbox: Value = app.get_as("/api/v1/me/inbox", Some(&d001)).await.json().await.unwrap();
    assert_eq!(inbox_ids(&inbox), std::slice::from_ref(&id));
    // Only the citizen withdraws; staff close with a real outcome.
    let withdrawn = app
        .act(&staff, &id, &json!({"action": "close", "outcome": "withdrawn", "reason": "x", "explanation": "x"}))
        .await;
    assert_eq!(withdrawn.status(), 422);

    // A joins B, then B joins C: A's citizen gets C's answer.
    let (a, a_code) = file(&app, json!({"deputy": "D-001"})).await;
    let (b, _) = file(&app, json!({"deputy": "D-001"})).await;
    let (c, _) = file(&app, json!({"deputy": "D-001"})).await;
    app.act_ok(&staff, &a, json!({"action": "merge", "into": b})).await;
    app.act_ok(&staff, &b, json!({"action": "merge", "into": c})).await;
    app.act_ok(&d001, &c, json!({"action": "accept"})).await;
    app.act_ok(&d001, &c, json!({"action": "answer", "text": "统一答复：已清运。", "outcome": "resolved"})).await;
    let view: Value = app.get(&format!("/api/v1/reports/track/{a_code}")).await.json().await.unwrap();
    assert_eq!(view["answer"]["text"], "统一答复：已清运。");
}

#[tokio::test]
async fn a_report_about_a_place_another_station_covers_reaches_both_stations_staff() {
    let app = spawn_app().await;
    let (_, xh_staff) = app.signed_in(Role::Staff, "xh-staff", &["XH-01"]).await;
    let (_, nh_staff) = app.signed_in(Role::Staff, "nh-staff", &["NH-01"]).await;
    // Filed at the Xinhua kiosk about a grid in Nanhu (lattice 117.186 + …, 39.098).
    let (id, _) = file(&app, json!({"location": {"lat": 39.100, "lng": 117.188}})).await;
    let detail: Value = app.get_as(&format!("/api/v1/reports/{id}"), Some(&nh_staff)).await.json().await.unwrap();
    assert_eq!(detail["routing"]["station"]["code"], "NH-01", "{detail}");
    assert_eq!(app.get_as(&format!("/api/v1/reports/{id}"), Some(&xh_staff)).await.status(), 200);
    // Staff of a third station see nothing of it.
    let station =
        json!({"name": {"zh": "东站", "en": "East"}, "address": "东路1号", "opening_hours": {"zh": "", "en": ""}});
    let made = app.send_as(reqwest::Method::PUT, "/api/v1/stations/DZ-01", &app.admin, Some(&station)).await;
    assert_eq!(made.status(), 201, "{}", made.text().await.unwrap());
    let (_, outsider) = app.signed_in(Role::Staff, "other", &["DZ-01"]).await;
    assert_eq!(app.get_as(&format!("/api/v1/reports/{id}"), Some(&outsider)).await.status(), 404);
}
