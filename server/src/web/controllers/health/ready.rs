use std::time::Duration;

use actix_web::{HttpResponse, get, web};

use super::{CheckState, Health};
use crate::app::state::AppState;

const CHECK_TIMEOUT: Duration = Duration::from_secs(2);

/// The instance can serve requests: the database answers, and Redis too when configured.
#[utoipa::path(
    tag = "health",
    responses(
        (status = 200, description = "Every dependency answers.", body = Health),
        (status = 503, description = "A dependency is failing; take this instance out of rotation.", body = Health),
    )
)]
#[get("/health/ready")]
pub async fn handler(state: web::Data<AppState>) -> HttpResponse {
    let database = match tokio::time::timeout(CHECK_TIMEOUT, state.storage.ping()).await {
        Ok(Ok(())) => CheckState::Ok,
        Ok(Err(err)) => {
            tracing::warn!(error = %err, "readiness: database failing");
            CheckState::Failing
        }
        Err(_) => CheckState::Failing,
    };
    let redis = match &state.redis {
        None => CheckState::NotConfigured,
        Some(client) => match tokio::time::timeout(CHECK_TIMEOUT, ping_redis(client)).await {
            Ok(Ok(())) => CheckState::Ok,
            Ok(Err(err)) => {
                tracing::warn!(error = %err, "readiness: redis failing");
                CheckState::Failing
            }
            Err(_) => CheckState::Failing,
        },
    };
    let ready = database == CheckState::Ok && redis != CheckState::Failing;
    let body =
        Health { status: if ready { "ok" } else { "unavailable" }, database: Some(database), redis: Some(redis) };
    if ready { HttpResponse::Ok().json(body) } else { HttpResponse::ServiceUnavailable().json(body) }
}

async fn ping_redis(client: &redis::Client) -> redis::RedisResult<()> {
    let mut conn = client.get_multiplexed_async_connection().await?;
    redis::cmd("PING").query_async::<String>(&mut conn).await.map(|_| ())
}
