//! The anchor of `bench/compare.sh`'s SQLite intake scenario: the rows one report writes (the report, its first
//! timeline entries, its notices, its idempotency record), copied from a report Liaison stored, written again
//! and again under fresh keys by a minimal program with the server's SQLite settings (WAL, synchronous=NORMAL,
//! one writer connection, each report in one transaction that first checks the code is not reserved), from
//! CONCURRENCY tasks for SECONDS. No HTTP, no JSON, no routing: what the same rows cost this machine's SQLite.
//! Prints one line shaped like the wrk scripts' (`RESULT requests=… rps=… p50_ms=… p99_ms=… non_2xx=0 errors=…`).
//!
//!   cargo run --release --example sqlite_rows -- DB_FILE TEMPLATE_REPORT_ID SECONDS CONCURRENCY

use std::str::FromStr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use rand::Rng;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Row, SqlitePool};
use uuid::Uuid;

/// A stored value, as SQLite holds it.
#[derive(Debug, Clone)]
enum Val {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

/// One table's template row: its insert statement and its values, by column.
#[derive(Debug, Clone)]
struct Template {
    /// The report's own row: its `id` is the report's.
    report: bool,
    sql: String,
    columns: Vec<String>,
    values: Vec<Val>,
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [file, template, seconds, concurrency] = args.as_slice() else {
        eprintln!("usage: sqlite_rows DB_FILE TEMPLATE_REPORT_ID SECONDS CONCURRENCY");
        std::process::exit(2);
    };
    let options = SqliteConnectOptions::from_str(&format!("sqlite://{file}"))?
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .busy_timeout(Duration::from_secs(5))
        .foreign_keys(true);
    let pool = SqlitePoolOptions::new().max_connections(1).connect_with(options).await?;
    let template = Uuid::from_str(template)?;
    let mut rows = Vec::new();
    for (table, key) in
        [("reports", "id"), ("report_events", "report_id"), ("outbox", "report_id"), ("idempotency_keys", "report_id")]
    {
        rows.extend(load(&pool, table, key, template).await?);
    }
    let rows = Arc::new(rows);
    let until = Instant::now() + Duration::from_secs(seconds.parse()?);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..concurrency.parse::<usize>()? {
        let (pool, rows) = (pool.clone(), rows.clone());
        tasks.push(tokio::spawn(async move {
            let (mut latencies, mut errors) = (Vec::new(), 0u64);
            while Instant::now() < until {
                let at = Instant::now();
                match write_one(&pool, &rows).await {
                    Ok(()) => latencies.push(at.elapsed().as_micros() as u64),
                    Err(err) => {
                        if errors == 0 {
                            eprintln!("write failed: {err}");
                        }
                        errors += 1;
                    }
                }
            }
            (latencies, errors)
        }));
    }
    let (mut latencies, mut errors) = (Vec::new(), 0);
    for task in tasks {
        let (l, e) = task.await?;
        latencies.extend(l);
        errors += e;
    }
    let elapsed = started.elapsed().as_secs_f64();
    latencies.sort_unstable();
    let percentile = |p: f64| {
        latencies
            .get(((latencies.len() as f64 * p) as usize).min(latencies.len().saturating_sub(1)))
            .copied()
            .unwrap_or(0) as f64
            / 1000.0
    };
    println!(
        "RESULT requests={} rps={:.1} p50_ms={:.2} p99_ms={:.2} non_2xx=0 errors={errors}",
        latencies.len(),
        latencies.len() as f64 / elapsed,
        percentile(0.50),
        percentile(0.99)
    );
    Ok(())
}

/// The rows of `table` whose `key` is the template report, each with its insert statement. Each value is read
/// with its storage class (`typeof`), so it is written back as exactly what was stored.
async fn load(pool: &SqlitePool, table: &str, key: &str, report: Uuid) -> Result<Vec<Template>, sqlx::Error> {
    let columns: Vec<String> = sqlx::query(&format!("SELECT name FROM pragma_table_info('{table}') ORDER BY cid"))
        .fetch_all(pool)
        .await?
        .iter()
        .map(|row| row.try_get::<String, _>(0))
        .collect::<Result<_, _>>()?;
    let read: Vec<String> = columns.iter().map(|c| format!("typeof(\"{c}\"), \"{c}\"")).collect();
    let found = sqlx::query(&format!("SELECT {} FROM \"{table}\" WHERE \"{key}\" = ?", read.join(", ")))
        .bind(report)
        .fetch_all(pool)
        .await?;
    let mut templates = Vec::new();
    for row in found {
        let mut values = Vec::new();
        for i in 0..columns.len() {
            let class: String = row.try_get(2 * i)?;
            let at = 2 * i + 1;
            values.push(match class.as_str() {
                "null" => Val::Null,
                "integer" => Val::Int(row.try_get(at)?),
                "real" => Val::Real(row.try_get(at)?),
                "blob" => Val::Blob(row.try_get(at)?),
                _ => Val::Text(row.try_get(at)?),
            });
        }
        let names: Vec<String> = columns.iter().map(|c| format!("\"{c}\"")).collect();
        let marks = vec!["?"; columns.len()].join(", ");
        let sql = format!("INSERT INTO \"{table}\" ({}) VALUES ({marks})", names.join(", "));
        templates.push(Template { report: table == "reports", sql, columns: columns.clone(), values });
    }
    Ok(templates)
}

/// One report's rows under fresh keys, in one transaction.
async fn write_one(pool: &SqlitePool, rows: &[Template]) -> Result<(), sqlx::Error> {
    let report = Uuid::now_v7();
    let code: String = {
        let mut rng = rand::rng();
        (0..9).map(|_| char::from(b"23456789ABCDEFGHJKMNPQRSTVWXYZ"[rng.random_range(0..30)])).collect()
    };
    let mut txn = pool.begin().await?;
    let reserved =
        sqlx::query("SELECT 1 FROM reserved_codes WHERE code = ?").bind(&code).fetch_optional(&mut *txn).await?;
    if reserved.is_some() {
        return Ok(());
    }
    for row in rows {
        let mut query = sqlx::query(&row.sql);
        for (column, value) in row.columns.iter().zip(&row.values) {
            let fresh = match column.as_str() {
                "id" if row.report => Some(fresh_id(value, report)),
                "id" => Some(fresh_id(value, Uuid::now_v7())),
                "report_id" => Some(fresh_id(value, report)),
                "tracking_code" => Some(Val::Text(code.clone())),
                "dedupe_key" | "key" => Some(Val::Text(format!("{}:{}", Uuid::now_v7(), code))),
                _ => None,
            };
            query = match fresh.as_ref().unwrap_or(value).clone() {
                Val::Null => query.bind(None::<String>),
                Val::Int(v) => query.bind(v),
                Val::Real(v) => query.bind(v),
                Val::Text(v) => query.bind(v),
                Val::Blob(v) => query.bind(v),
            };
        }
        query.execute(&mut *txn).await?;
    }
    txn.commit().await
}

/// `id` in the representation the template's column uses (16 bytes or text).
fn fresh_id(template: &Val, id: Uuid) -> Val {
    match template {
        Val::Text(_) => Val::Text(id.to_string()),
        _ => Val::Blob(id.as_bytes().to_vec()),
    }
}
