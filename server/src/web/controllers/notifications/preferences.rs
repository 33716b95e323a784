use actix_web::{put, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::targets::deputy_settable_by;
use crate::app::error::AppError;
use crate::app::state::AppState;
use crate::domain::reference::NotifyChannel;
use crate::domain::report::FieldError;
use crate::storage::audit::NewAuditEntry;
use crate::web::auth::Authenticated;
use crate::web::extract::json::JsonBody;
use crate::web::problem::Problem;

/// The channels a deputy is reached on, most preferred first.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChannelOrder {
    /// Each channel at most once.
    #[schema(example = json!(["web_push", "wechat_subscribe", "sms"]), value_type = std::collections::BTreeSet<NotifyChannel>)]
    pub channels: Vec<NotifyChannel>,
}

/// Chooses the channels a deputy is reached on and their order: the deputy themself, staff of their
/// stations, or an administrator. When one fails the next is tried. Recorded in the audit log.
#[utoipa::path(
    tag = "notifications",
    security(("bearer" = [])),
    params(("code" = String, Path, description = "Deputy code.", example = "D-001")),
    request_body = ChannelOrder,
    responses(
        (status = 200, description = "Set.", body = ChannelOrder),
        (status = 403, description = "`forbidden`.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`deputy_not_found`.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: a channel named twice.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/deputies/{code}/notification-channels")]
pub async fn handler(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    path: web::Path<String>,
    JsonBody(body): JsonBody<ChannelOrder>,
) -> Result<web::Json<ChannelOrder>, AppError> {
    let code = path.into_inner();
    let deputy = deputy_settable_by(&state, &principal, &code).await?;
    let mut seen = Vec::new();
    for channel in &body.channels {
        if seen.contains(channel) {
            return Err(AppError::validation(vec![FieldError::new("channels", "duplicate", "each channel once")]));
        }
        seen.push(*channel);
    }
    let joined = body.channels.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(";");
    state.storage.set_deputy_channels(deputy.id, &joined).await?;
    state
        .storage
        .append_audit(NewAuditEntry {
            actor_kind: principal.actor_kind(),
            actor_id: Some(principal.subject_id()),
            action: "notification_channels.set",
            report_id: None,
            reason: None,
            subject: Some(format!("deputy:{code}")),
            detail: Some(
                serde_json::json!({"before": deputy.notification_channels.join(";"), "after": joined}).to_string(),
            ),
        })
        .await?;
    Ok(web::Json(body))
}
