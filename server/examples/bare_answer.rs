//! The anchor of `bench/compare.sh`'s read scenarios: a minimal actix-web server that answers every GET with
//! the same bytes, read once from a file (what the real server answered for that path), as JSON. It does
//! nothing else — no routing, no middleware, no database — so the ratio against it shows what the server's
//! own work costs.
//!
//!   cargo run --release --example bare_answer -- 127.0.0.1:18190 body.json

use actix_web::{App, HttpResponse, HttpServer, web};

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let (Some(bind), Some(file)) = (args.next(), args.next()) else {
        eprintln!("usage: bare_answer ADDRESS BODY_FILE");
        std::process::exit(2);
    };
    let body = web::Bytes::from(std::fs::read(file)?);
    let workers = std::env::var("WORKERS").ok().and_then(|w| w.parse().ok()).unwrap_or(2);
    HttpServer::new(move || {
        let body = body.clone();
        App::new().default_service(web::to(move || {
            let body = body.clone();
            async move { HttpResponse::Ok().content_type("application/json").body(body) }
        }))
    })
    .workers(workers)
    .bind(bind)?
    .run()
    .await
}
