use actix_web::{get, put, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::app::deputy_page::deputy_managed_by as deputy_settable_by;
use crate::app::error::AppError;
use crate::app::state::AppState;
use crate::domain::notify::Audience;
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

/// A deputy's channels as they stand: the order they are tried in, and which channels have somewhere to reach
/// them (a channel in the order without a target is skipped).
#[derive(Debug, Serialize, ToSchema)]
pub struct DeputyChannels {
    /// Most preferred first.
    #[schema(example = json!(["web_push", "sms"]), value_type = Vec<NotifyChannel>)]
    pub channels: Vec<NotifyChannel>,
    /// The channels with a target set (the targets themselves are not shown: some are secrets).
    #[schema(example = json!(["sms", "web_push"]), value_type = Vec<NotifyChannel>)]
    pub with_target: Vec<NotifyChannel>,
}

/// The channels a deputy is reached on and where a target is set: the deputy themself, staff of their
/// stations, or an administrator.
#[utoipa::path(
    tag = "notifications",
    security(("bearer" = [])),
    params(("code" = String, Path, description = "Deputy code.", example = "D-001")),
    responses(
        (status = 200, description = "The order and the channels with a target.", body = DeputyChannels),
        (status = 403, description = "`forbidden`.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`deputy_not_found`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/deputies/{code}/notification-channels")]
pub async fn show(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    path: web::Path<String>,
) -> Result<web::Json<DeputyChannels>, AppError> {
    let deputy = deputy_settable_by(&state, &principal, &path).await?;
    let channels = deputy.notification_channels.iter().filter_map(|c| c.parse().ok()).collect();
    let with_target =
        state.storage.notification_targets(Audience::Deputy, deputy.id).await?.into_iter().map(|t| t.channel).collect();
    Ok(web::Json(DeputyChannels { channels, with_target }))
}
