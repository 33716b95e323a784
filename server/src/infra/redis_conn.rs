//! How this server keeps its Redis connections: each user (rate limits, live updates, the notice stream)
//! keeps one connection, reconnected by the manager, that gives up fast while Redis is down, so that a
//! Redis outage slows no request: limits let requests through, live updates wait, and notices are
//! delivered from the database.

use std::time::Duration;

use redis::aio::{ConnectionManager, ConnectionManagerConfig};

/// Settings for a connection that fails within about half a second when Redis does not answer.
pub fn fail_fast() -> ConnectionManagerConfig {
    ConnectionManagerConfig::new()
        .set_number_of_retries(1)
        .set_min_delay(Duration::from_millis(50))
        .set_max_delay(Duration::from_millis(200))
        .set_connection_timeout(Some(Duration::from_millis(250)))
        .set_response_timeout(Some(Duration::from_millis(500)))
}

/// A kept connection with [`fail_fast`] settings.
pub async fn manager(client: &redis::Client) -> redis::RedisResult<ConnectionManager> {
    client.get_connection_manager_with_config(fail_fast()).await
}
