//! The real binary: `serve --demo` starts on a fresh data folder, and SIGTERM lets an in-flight request finish.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::Duration;

#[test]
fn sigterm_lets_an_in_flight_report_finish_then_exits_cleanly() {
    let data_dir = tempfile::tempdir().unwrap();
    let mut command = Command::new(env!("CARGO_BIN_EXE_liaison"));
    command
        .args(["serve", "--demo"])
        .env("LIAISON_BIND", "127.0.0.1:0")
        .env("LIAISON_DATA_DIR", data_dir.path())
        .env("LIAISON_LOG_FORMAT", "json")
        .env("LIAISON_CONFIG", data_dir.path().join("absent.toml"))
        .env_remove("DATABASE_URL")
        .env_remove("REDIS_URL")
        .stderr(Stdio::piped());
    if let Ok(url) = std::env::var("TEST_REDIS_URL") {
        command.env("REDIS_URL", url);
    }
    let mut child = command.spawn().unwrap();
    let stderr = child.stderr.take().unwrap();
    let mut lines = BufReader::new(stderr).lines();

    let port = loop {
        let line = lines.next().expect("the server logs that it is serving").unwrap();
        let entry: serde_json::Value = serde_json::from_str(&line).unwrap_or_default();
        if entry["message"] == "serving; API docs at /api/docs/" {
            break entry["port"].as_u64().unwrap();
        }
    };
    // Every log line is kept for the end and passed on as it comes, so the test can wait for one.
    let (seen, heard) = std::sync::mpsc::channel::<String>();
    let log_drain = std::thread::spawn(move || {
        lines.map_while(Result::ok).inspect(|line| drop(seen.send(line.clone()))).collect::<Vec<_>>()
    });

    let body = serde_json::json!({
        "category": "environment",
        "description": "关机过程中提交的反映也不能丢。",
        "station": "XH-01",
        "channel": "web"
    })
    .to_string();
    let (head, tail) = body.as_bytes().split_at(body.len() / 2);
    let mut stream = TcpStream::connect(("127.0.0.1", port as u16)).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    write!(
        stream,
        "POST /api/v1/reports HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .unwrap();
    stream.write_all(head).unwrap();
    stream.flush().unwrap();
    // Connections are accepted in order: once a later one is answered, the server holds the report's.
    assert!(answered(port), "the server answers a second connection");

    let killed = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    assert!(killed.success());
    // Shutting down: the server stops accepting connections, while the report's is still open.
    assert!(logged(&heard, "accept thread stopped", Duration::from_secs(10)), "the server began shutting down");

    stream.write_all(tail).unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    assert!(response.starts_with("HTTP/1.1 201"), "{response}");
    assert!(response.contains("\"tracking_code\":\"LS-"), "{response}");

    let status = child.wait().unwrap();
    assert!(status.success(), "{status:?}");
    let logs = log_drain.join().unwrap();
    assert!(logs.iter().any(|l| l.contains("\"stopped\"")), "{logs:?}");
    // JSON logs carry the request id on the request's lines.
    assert!(logs.iter().any(|l| l.contains("request finished") && l.contains("request_id")), "{logs:?}");
}

/// Whether a plain request on a new connection gets its answer.
fn answered(port: u64) -> bool {
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port as u16)) else { return false };
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let sent = write!(stream, "GET /health/live HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    let mut response = String::new();
    sent.is_ok() && stream.read_to_string(&mut response).is_ok() && response.starts_with("HTTP/1.1 200")
}

/// Waits for a log line containing `text`, for at most `timeout`.
fn logged(heard: &std::sync::mpsc::Receiver<String>, text: &str, timeout: Duration) -> bool {
    let until = std::time::Instant::now() + timeout;
    while let Some(left) = until.checked_duration_since(std::time::Instant::now()) {
        match heard.recv_timeout(left) {
            Ok(line) if line.contains(text) => return true,
            Ok(_) => {}
            Err(_) => return false,
        }
    }
    false
}

#[test]
fn help_explains_every_subcommand() {
    let output = Command::new(env!("CARGO_BIN_EXE_liaison")).arg("--help").output().unwrap();
    let help = String::from_utf8(output.stdout).unwrap();
    for command in ["serve", "migrate", "seed-demo", "openapi"] {
        assert!(help.contains(command), "{help}");
    }
    let output = Command::new(env!("CARGO_BIN_EXE_liaison")).args(["serve", "--help"]).output().unwrap();
    assert!(String::from_utf8(output.stdout).unwrap().contains("--demo"));
}
