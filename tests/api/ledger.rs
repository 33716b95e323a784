//! The dashboard's numbers by grid and week, and the ledger (明白账) as XLSX and CSV with the same numbers;
//! what the console's map and its devices page read (tile settings, kiosks' last call).

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_problem, enroll_kiosk_full, spawn_app, spawn_app_with};
use liaison::domain::access::Role;

const HOSTILE_TITLE: &str = "=HYPERLINK(\"http://evil.example\",\"点这里\")";

async fn file(app: &TestApp, area: Option<&str>, title: &str) -> (String, String) {
    let mut body = json!({"category": "environment", "title": title, "description": "垃圾桶满了",
                          "station": "XH-01", "channel": "kiosk", "deputy": "D-003"});
    if let Some(area) = area {
        body["area"] = json!(area);
    }
    let response = app.post_report(&body).await;
    assert_eq!(response.status(), 201, "{}", response.text().await.unwrap());
    let created: Value = response.json().await.unwrap();
    (created["id"].as_str().unwrap().to_owned(), created["tracking_code"].as_str().unwrap().to_owned())
}

/// Four reports at XH-01: two in grid G1 (one answered and rated), one in G2 (closed by staff), one with no grid.
async fn a_month_of_work(app: &TestApp) -> (String, String) {
    let (_, staff) = app.signed_in(Role::Staff, "xh-staff", &["XH-01"]).await;
    let deputy = app.deputy_signed_in("D-003").await;
    let (a, a_code) = file(app, Some("HP-XH-HX-G1"), HOSTILE_TITLE).await;
    file(app, Some("HP-XH-HX-G1"), "路灯不亮").await;
    let (c, _) = file(app, Some("HP-XH-HX-G2"), "噪音").await;
    file(app, None, "-1+2").await;
    app.act_ok(&deputy, &a, json!({"action": "accept"})).await;
    app.act_ok(&deputy, &a, json!({"action": "answer", "text": "已清运", "outcome": "resolved"})).await;
    let rated = app
        .post_json(
            &format!("/api/v1/reports/track/{a_code}/actions"),
            None,
            &json!({"action": "rate", "verdict": "satisfied"}),
        )
        .await;
    assert_eq!(rated.status(), 200);
    app.act_ok(
        &staff,
        &c,
        json!({"action": "close", "outcome": "referred", "reason": "属物业", "explanation": "请联系物业"}),
    )
    .await;
    (staff, deputy)
}

fn received(groups: &Value, key: &str) -> (u64, u64) {
    let group =
        groups.as_array().unwrap().iter().find(|g| g["key"] == key).unwrap_or_else(|| panic!("{key} in {groups}"));
    (group["figures"]["received"].as_u64().unwrap(), group["figures"]["open"].as_u64().unwrap())
}

#[tokio::test]
async fn figures_by_grid_and_by_week_add_up_to_the_total() {
    let app = spawn_app().await;
    let (staff, _) = a_month_of_work(&app).await;
    let by_grid: Value = app.get_as("/api/v1/stats?group_by=grid", Some(&staff)).await.json().await.unwrap();
    assert_eq!((by_grid["total"]["received"].as_u64(), by_grid["total"]["open"].as_u64()), (Some(4), Some(2)));
    assert_eq!(received(&by_grid["groups"], "HP-XH-HX-G1"), (2, 1));
    assert_eq!(received(&by_grid["groups"], "HP-XH-HX-G2"), (1, 0));
    assert_eq!(received(&by_grid["groups"], "unassigned"), (1, 1));

    // Weeks: every Monday of the period, the empty ones too, adding up to the total.
    let by_week: Value = app
        .get_as("/api/v1/stats?group_by=week&from=2026-10-01&to=2026-12-31", Some(&staff))
        .await
        .json()
        .await
        .unwrap();
    let weeks = by_week["groups"].as_array().unwrap();
    assert_eq!(weeks.first().unwrap()["key"], "2026-09-28");
    assert_eq!(weeks.last().unwrap()["key"], "2026-12-28");
    assert_eq!(weeks.len(), 14);
    let sum: u64 = weeks.iter().map(|w| w["figures"]["received"].as_u64().unwrap()).sum();
    assert_eq!(sum, by_week["total"]["received"].as_u64().unwrap());
    // Several groupings in one call: each the same as asked alone, the first also as `groups`.
    let both: Value = app
        .get_as("/api/v1/stats?group_by=week,grid&from=2026-10-01&to=2026-12-31", Some(&staff))
        .await
        .json()
        .await
        .unwrap();
    let grid_alone: Value = app
        .get_as("/api/v1/stats?group_by=grid&from=2026-10-01&to=2026-12-31", Some(&staff))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(both["groupings"]["week"], by_week["groups"]);
    assert_eq!(both["groupings"]["grid"], grid_alone["groups"]);
    assert_eq!(both["groups"], by_week["groups"]);
    assert_eq!(both["total"], by_week["total"]);
    assert_problem(app.get_as("/api/v1/stats?group_by=street", Some(&staff)).await, 400, "invalid_query").await;
    assert_problem(app.get_as("/api/v1/stats?group_by=week,,grid", Some(&staff)).await, 400, "invalid_query").await;
}

fn sheet(book: &mut Xlsx<Cursor<Vec<u8>>>, name: &str) -> Vec<Vec<Data>> {
    let range = book.worksheet_range(name).unwrap_or_else(|err| panic!("sheet {name}: {err}"));
    range.rows().map(<[Data]>::to_vec).collect()
}

fn text(cell: &Data) -> String {
    match cell {
        Data::String(s) => s.clone(),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Empty => String::new(),
        other => format!("{other:?}"),
    }
}

#[tokio::test]
async fn the_ledger_has_the_dashboards_numbers_as_xlsx_and_csv_and_no_formula_from_a_citizen() {
    let app = spawn_app().await;
    let (staff, deputy) = a_month_of_work(&app).await;
    let stats: Value = app.get_as("/api/v1/stats?station=XH-01", Some(&staff)).await.json().await.unwrap();
    let total = &stats["total"];

    let response = app.get_as("/api/v1/stats/export?station=XH-01&format=xlsx", Some(&staff)).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    let disposition = response.headers()["content-disposition"].to_str().unwrap().to_owned();
    assert!(disposition.starts_with("attachment; filename=\"liaison-ledger-") && disposition.ends_with(".xlsx\""));
    let bytes = response.bytes().await.unwrap().to_vec();
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).unwrap();
    let names = book.sheet_names();
    for expected in
        ["三率 totals", "按周 by week", "按类别 by category", "按网格 by grid", "按代表 by deputy", "清单 reports"]
    {
        assert!(names.iter().any(|n| n == expected), "{expected} in {names:?}");
    }
    // The totals, row by row, equal the API's.
    let totals = sheet(&mut book, "三率 totals");
    let value = |heading: &str| {
        let row = totals.iter().find(|r| text(&r[0]) == heading).unwrap_or_else(|| panic!("{heading}"));
        row[1].clone()
    };
    assert_eq!(value("收到 received"), Data::Float(4.0));
    assert_eq!(value("在办 open"), Data::Float(total["open"].as_f64().unwrap()));
    for (heading, rate) in [
        ("响应率 response rate", "response"),
        ("解决率 resolution rate", "resolution"),
        ("满意率 satisfaction rate", "satisfaction"),
    ] {
        assert_eq!(value(heading), Data::Float(total[rate]["value"].as_f64().unwrap()), "{heading}");
    }
    assert_eq!(value("已办结 closed"), Data::Float(total["resolution"]["denominator"].as_f64().unwrap()));
    assert_eq!(text(&value("样本少 small sample (<10)")), "是 yes");
    let grids = sheet(&mut book, "按网格 by grid");
    let g1 = grids.iter().find(|r| text(&r[0]) == "HP-XH-HX-G1").unwrap();
    assert_eq!((text(&g1[2]), text(&g1[3])), ("2".to_owned(), "1".to_owned()), "{g1:?}");
    // The list: one row per report, the citizen's title kept as text, nothing anywhere a formula.
    let list = sheet(&mut book, "清单 reports");
    assert_eq!(list.len(), 5);
    assert!(list.iter().any(|r| r.iter().any(|c| *c == Data::String(HOSTILE_TITLE.to_owned()))));
    for name in book.sheet_names() {
        let formulas = book.worksheet_formula(&name).unwrap();
        assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()), "a formula in {name}");
    }

    // CSV: the figures of every grouping in one table, the list in another, both with a BOM.
    let csv = app.get_as("/api/v1/stats/export?station=XH-01&format=csv", Some(&staff)).await;
    assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
    let body = csv.text().await.unwrap();
    let body = body.strip_prefix('\u{feff}').expect("a byte-order mark");
    let mut rows = csv::Reader::from_reader(body.as_bytes());
    let header = rows.headers().unwrap().clone();
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let records: Vec<csv::StringRecord> = rows.records().map(Result::unwrap).collect();
    let total_row = records.iter().find(|r| &r[0] == "total").unwrap();
    assert_eq!(&total_row[column("收到 received")], "4");
    assert_eq!(
        total_row[column("响应率 response rate")].parse::<f64>().unwrap(),
        (total["response"]["value"].as_f64().unwrap() * 10_000.0).round() / 10_000.0
    );
    let g2 = records.iter().find(|r| &r[0] == "grid" && &r[1] == "HP-XH-HX-G2").unwrap();
    assert_eq!(&g2[column("收到 received")], "1");
    let reports = app.get_as("/api/v1/stats/export?station=XH-01&format=csv&table=reports", Some(&staff)).await;
    let body = reports.text().await.unwrap();
    let mut list = csv::Reader::from_reader(body.trim_start_matches('\u{feff}').as_bytes());
    let titles: Vec<String> = list.records().map(|r| r.unwrap()[7].to_owned()).collect();
    assert_eq!(titles.len(), 4);
    assert!(titles.contains(&format!("'{HOSTILE_TITLE}")), "{titles:?}");
    assert!(titles.contains(&"'-1+2".to_owned()), "{titles:?}");

    // Who may: not a deputy, not another station's staff; bad formats are refused.
    assert_problem(app.get_as("/api/v1/stats/export", Some(&deputy)).await, 403, "forbidden").await;
    let (_, nh_staff) = app.signed_in(Role::Staff, "nh-staff", &["NH-01"]).await;
    assert_problem(app.get_as("/api/v1/stats/export?station=XH-01", Some(&nh_staff)).await, 403, "forbidden").await;
    assert_problem(app.get_as("/api/v1/stats/export?format=pdf", Some(&staff)).await, 400, "invalid_query").await;
    assert_problem(
        app.get_as("/api/v1/stats/export?from=2020-01-01&to=2031-01-01", Some(&staff)).await,
        400,
        "invalid_query",
    )
    .await;
    // The committee reads the whole district, and the directory the map is drawn from.
    let (_, committee) = app.signed_in(Role::Committee, "committee", &[]).await;
    assert_eq!(app.get_as("/api/v1/stats/export?format=csv", Some(&committee)).await.status(), 200);
    assert_eq!(app.get_as("/api/v1/directory", Some(&committee)).await.status(), 200);
}

#[tokio::test]
async fn a_kiosk_is_seen_when_it_calls_in_at_most_once_a_minute() {
    let app = spawn_app().await;
    let (id, tokens) = enroll_kiosk_full(&app.client, &app.address, &app.admin, "XH-01").await;
    let seen = || async {
        let list: Value = app.get_as("/api/v1/stations/XH-01/kiosks", Some(&app.admin)).await.json().await.unwrap();
        let kiosk = list["items"].as_array().unwrap().iter().find(|k| k["id"] == id.to_string()).unwrap().clone();
        kiosk["last_seen_at"].as_str().map(|t| t.parse::<chrono::DateTime<chrono::Utc>>().unwrap())
    };
    assert_eq!(seen().await, None, "enrolled, but not called in yet");
    let token = tokens["access_token"].as_str().unwrap();
    let call = || async { assert_eq!(app.get_as("/api/v1/me", Some(token)).await.status(), 200) };
    call().await;
    let first = seen().await.expect("seen after a call");
    app.clock.advance(chrono::Duration::seconds(30));
    call().await;
    assert_eq!(seen().await, Some(first), "written at most once a minute");
    app.clock.advance(chrono::Duration::seconds(31));
    call().await;
    let later = seen().await.unwrap();
    assert!(later - first >= chrono::Duration::seconds(61), "{first} → {later}");
}

#[tokio::test]
async fn the_map_tiles_are_configured_and_allowed_by_the_pages_policy() {
    let plain = spawn_app().await;
    let settings: Value = plain.get("/api/v1/ui-settings").await.json().await.unwrap();
    assert_eq!(settings["map"], json!({"tile_url": null, "attribution": null, "max_zoom": 18}));
    let page = plain.get("/console/").await;
    let policy = page.headers()["content-security-policy"].to_str().unwrap().to_owned();
    assert!(policy.contains("img-src 'self' blob: data:;"), "{policy}");

    let tiled = spawn_app_with(|s| {
        s.map.tile_url = Some("http://127.0.0.1:9/osm/{z}/{x}/{y}.png".into());
        s.map.attribution = Some("© OpenStreetMap".into());
    })
    .await;
    let settings: Value = tiled.get("/api/v1/ui-settings").await.json().await.unwrap();
    assert_eq!(settings["map"]["tile_url"], "http://127.0.0.1:9/osm/{z}/{x}/{y}.png");
    for path in ["/console/", "/console/app.js", "/api/docs/"] {
        let response = tiled.get(path).await;
        let policy = response.headers().get("content-security-policy").map(|v| v.to_str().unwrap().to_owned());
        if let Some(policy) = policy {
            assert!(policy.contains("img-src 'self' http://127.0.0.1:9 blob: data:;"), "{path}: {policy}");
            assert!(policy.contains("script-src 'self';"), "{path}: {policy}");
        } else {
            assert_ne!(path, "/console/", "the page has its policy");
        }
    }
}
