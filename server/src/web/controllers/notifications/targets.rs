use actix_web::{put, web};

use super::{TargetInput, TargetView, check_target};
use crate::app::deputy_page::deputy_managed_by as deputy_settable_by;
use crate::app::error::{AppError, ErrorCode};
use crate::app::state::AppState;
use crate::domain::access::Principal;
use crate::domain::notify::Audience;
use crate::domain::reference::NotifyChannel;
use crate::storage::audit::NewAuditEntry;
use crate::web::auth::Authenticated;
use crate::web::controllers::stations::managed_station;
use crate::web::extract::json::JsonBody;
use crate::web::problem::Problem;

/// Stations and handling units are groups: reached by a WeCom group robot or a webhook.
fn group_channel(channel: NotifyChannel) -> Result<(), AppError> {
    if matches!(channel, NotifyChannel::WecomRobot | NotifyChannel::Webhook) {
        Ok(())
    } else {
        Err(AppError::validation(vec![crate::domain::report::FieldError::new(
            "channel",
            "unsupported",
            "a station or handling unit is reached by `wecom_robot` or `webhook`",
        )]))
    }
}

pub(super) fn channel_of(text: &str) -> Result<NotifyChannel, AppError> {
    text.parse().map_err(|_| AppError::new(ErrorCode::NotFound, format!("There is no channel `{text}`.")))
}

/// Sets where a deputy is reached on a channel (the deputy themself, staff of their stations, and
/// administrators). The deputy's `channels` in the directory say which ones are tried, in which order.
#[utoipa::path(
    tag = "notifications",
    security(("bearer" = [])),
    params(
        ("code" = String, Path, description = "Deputy code.", example = "D-001"),
        ("channel" = String, Path, description = "`webhook`, `wecom_robot`, `wecom_app`, `web_push` or `sms`.", example = "webhook"),
    ),
    request_body = TargetInput,
    responses(
        (status = 200, description = "Set.", body = TargetView),
        (status = 403, description = "`forbidden`.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`deputy_not_found` or `not_found` (no such channel).", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: the target does not suit the channel.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/deputies/{code}/notification-targets/{channel}")]
pub async fn deputy(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    path: web::Path<(String, String)>,
    JsonBody(body): JsonBody<TargetInput>,
) -> Result<web::Json<TargetView>, AppError> {
    let (code, channel) = path.into_inner();
    let channel = channel_of(&channel)?;
    let deputy = deputy_settable_by(&state, &principal, &code).await?;
    let target = check_target(channel, &body.target, state.allow_private_targets)?;
    // A deputy's phone number is kept encrypted, as citizens' are.
    let target = if channel == NotifyChannel::Sms { state.vault.encrypt(&target) } else { target };
    set(&state, &principal, Audience::Deputy, deputy.id, channel, &target, &format!("deputy:{code}")).await
}

/// Sets where a station's staff are reached on a channel (its staff and administrators): a WeCom group
/// robot or a webhook hear of triage and escalations.
#[utoipa::path(
    tag = "notifications",
    security(("bearer" = [])),
    params(
        ("code" = String, Path, description = "Station code.", example = "XH-01"),
        ("channel" = String, Path, description = "`wecom_robot` or `webhook`.", example = "wecom_robot"),
    ),
    request_body = TargetInput,
    responses(
        (status = 200, description = "Set.", body = TargetView),
        (status = 403, description = "`forbidden`: not staff of this station.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`station_not_found` or `not_found` (no such channel).", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/stations/{code}/notification-targets/{channel}")]
pub async fn station(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    path: web::Path<(String, String)>,
    JsonBody(body): JsonBody<TargetInput>,
) -> Result<web::Json<TargetView>, AppError> {
    let (code, channel) = path.into_inner();
    let channel = channel_of(&channel)?;
    let station = managed_station(&state, &principal, &code).await?;
    group_channel(channel)?;
    let target = check_target(channel, &body.target, state.allow_private_targets)?;
    set(&state, &principal, Audience::Station, station.id, channel, &target, &format!("station:{code}")).await
}

/// Sets where a handling unit is reached (administrators): it hears when a citizen reopens a report it
/// handled.
#[utoipa::path(
    tag = "notifications",
    security(("bearer" = [])),
    params(
        ("code" = String, Path, description = "Unit code.", example = "HP-CG"),
        ("channel" = String, Path, description = "`wecom_robot` or `webhook`.", example = "webhook"),
    ),
    request_body = TargetInput,
    responses(
        (status = 200, description = "Set.", body = TargetView),
        (status = 403, description = "`forbidden`: administrators only.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`not_found`: no such unit or channel.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/handling-units/{code}/notification-targets/{channel}")]
pub async fn unit(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    path: web::Path<(String, String)>,
    JsonBody(body): JsonBody<TargetInput>,
) -> Result<web::Json<TargetView>, AppError> {
    let (code, channel) = path.into_inner();
    let channel = channel_of(&channel)?;
    if !matches!(principal, Principal::Admin { .. }) {
        return Err(AppError::new(ErrorCode::Forbidden, "Administrators set up handling units."));
    }
    let unit = state
        .storage
        .find_handling_unit(&code)
        .await?
        .ok_or_else(|| AppError::new(ErrorCode::NotFound, format!("There is no handling unit `{code}`.")))?;
    group_channel(channel)?;
    let target = check_target(channel, &body.target, state.allow_private_targets)?;
    set(&state, &principal, Audience::Unit, unit.id, channel, &target, &format!("handling_unit:{code}")).await
}

pub(super) async fn set(
    state: &AppState,
    principal: &Principal,
    audience: Audience,
    owner: uuid::Uuid,
    channel: NotifyChannel,
    target: &str,
    subject: &str,
) -> Result<web::Json<TargetView>, AppError> {
    state.storage.set_notification_target(audience, owner, channel.as_str(), target).await?;
    state
        .storage
        .append_audit(NewAuditEntry {
            actor_kind: principal.actor_kind(),
            actor_id: Some(principal.subject_id()),
            action: "notification_target.set",
            report_id: None,
            reason: Some(channel.as_str()),
            subject: Some(subject.to_owned()),
            detail: None,
        })
        .await?;
    Ok(web::Json(TargetView { channel, updated_at: state.clock.now() }))
}
