use std::time::Duration;

use actix_web::http::header;
use actix_web::{HttpResponse, get, web};
use bytes::Bytes;
use futures_util::stream;
use serde_json::json;
use tokio::sync::broadcast::error::RecvError;

use crate::app::error::{AppError, ErrorCode};
use crate::app::state::AppState;
use crate::domain::access::Principal;
use crate::domain::directory::Kiosk;
use crate::infra::live::{LiveEvent, LiveMessage};
use crate::web::auth::Authenticated;
use crate::web::problem::Problem;

/// A comment line keeps proxies from closing a quiet stream.
const HEARTBEAT: Duration = Duration::from_secs(15);

/// What a subscriber receives as `data:` of an `event: report`: for a kiosk, only that its station's board
/// changed (no report id).
fn payload(event: &LiveEvent, principal: &Principal) -> String {
    match principal {
        Principal::Kiosk { .. } => json!({"kind": event.kind, "status": event.status, "at": event.at}).to_string(),
        _ => serde_json::to_string(event).unwrap_or_default(),
    }
}

/// When a streaming kiosk was last noted as seen.
struct Seen {
    state: web::Data<AppState>,
    noted: Option<chrono::DateTime<chrono::Utc>>,
}

impl Seen {
    async fn note(&mut self, kiosk_id: uuid::Uuid) {
        let now = self.state.clock.now();
        if !Kiosk::seen_is_stale(self.noted, now) {
            return;
        }
        match self.state.storage.kiosk_seen(kiosk_id, self.noted).await {
            Ok(()) => self.noted = Some(now),
            Err(err) => tracing::warn!(kiosk = %kiosk_id, error = %err, "could not note a streaming kiosk as seen"),
        }
    }
}

/// Live updates as Server-Sent Events (`text/event-stream`): `event: report` whenever a report the caller
/// may see is filed or moves on (a deputy's inbox, a station's queues; kiosks hear that their station's
/// board changed), `event: help` when a kiosk of the caller's station calls for staff (`HelpEvent`; the
/// kiosk hears the answer to its own call), `event: reload` when the stream fell behind, and a comment every
/// 15 s. A kiosk's open stream counts as the kiosk being seen (`last_seen_at`). Works across instances through Redis.
#[utoipa::path(
    tag = "notifications",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The stream.", content_type = "text/event-stream", body = LiveEvent),
        (status = 403, description = "`forbidden`: not for citizens.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/live")]
pub async fn handler(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
) -> Result<HttpResponse, AppError> {
    if matches!(principal, Principal::Citizen { .. }) {
        return Err(AppError::new(ErrorCode::Forbidden, "Citizens follow their reports on the tracking page."));
    }
    let receiver = state.live.subscribe();
    let mut heartbeat = tokio::time::interval(HEARTBEAT);
    heartbeat.reset();
    let opening = stream::once(async { Ok::<_, actix_web::Error>(Bytes::from_static(b": connected\n\n")) });
    // A kiosk with its stream open is alive: noted as seen once a minute, as its requests are.
    let seen = Seen { state: state.clone(), noted: Some(state.clock.now()) };
    let events = stream::unfold(
        (receiver, heartbeat, principal, seen),
        |(mut receiver, mut heartbeat, principal, mut seen)| async move {
            loop {
                let chunk = tokio::select! {
                    received = receiver.recv() => match received {
                        Ok(LiveMessage::Report(event)) if event.visible_to(&principal) => {
                            format!("event: report\ndata: {}\n\n", payload(&event, &principal))
                        }
                        Ok(LiveMessage::Help(event)) if event.visible_to(&principal) => {
                            format!("event: help\ndata: {}\n\n", serde_json::to_string(&event).unwrap_or_default())
                        }
                        Ok(_) => continue,
                        Err(RecvError::Lagged(_)) => "event: reload\ndata: {}\n\n".to_owned(),
                        Err(RecvError::Closed) => return None,
                    },
                    _ = heartbeat.tick() => {
                        if let Principal::Kiosk { kiosk_id, .. } = principal {
                            seen.note(kiosk_id).await;
                        }
                        ": ping\n\n".to_owned()
                    }
                };
                return Some((Ok::<_, actix_web::Error>(Bytes::from(chunk)), (receiver, heartbeat, principal, seen)));
            }
        },
    );
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "text/event-stream"))
        .insert_header((header::CACHE_CONTROL, "no-cache"))
        .insert_header(("X-Accel-Buffering", "no"))
        // Never compressed: a compressor would hold events back until its buffer fills.
        .insert_header((header::CONTENT_ENCODING, "identity"))
        .streaming(futures_util::StreamExt::chain(opening, events)))
}
