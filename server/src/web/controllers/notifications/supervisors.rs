//! Where the people who supervise are reached (督办): a station's head (level 1) and the committee
//! (人大工委, level 2). Each is reached by WeCom (a member's userid, or a group robot), a webhook, or a
//! text message, tried in that order.

use actix_web::{put, web};

use super::targets::{channel_of, set};
use super::{TargetInput, TargetView, check_target};
use crate::app::error::{AppError, ErrorCode};
use crate::app::state::AppState;
use crate::domain::access::Principal;
use crate::domain::notify::{Audience, COMMITTEE};
use crate::domain::reference::NotifyChannel;
use crate::web::auth::Authenticated;
use crate::web::extract::json::JsonBody;
use crate::web::problem::Problem;

/// Heads and the committee are people or their office: WeCom, a webhook or a phone.
fn supervisor_channel(channel: NotifyChannel) -> Result<(), AppError> {
    if matches!(
        channel,
        NotifyChannel::WecomApp | NotifyChannel::WecomRobot | NotifyChannel::Webhook | NotifyChannel::Sms
    ) {
        Ok(())
    } else {
        Err(AppError::validation(vec![crate::domain::report::FieldError::new(
            "channel",
            "unsupported",
            "a station head or the committee is reached by `wecom_app`, `wecom_robot`, `webhook` or `sms`",
        )]))
    }
}

/// The stored form of a target: phone numbers encrypted, as everyone's.
fn stored(state: &AppState, channel: NotifyChannel, target: String) -> String {
    if channel == NotifyChannel::Sms { state.vault.encrypt(&target) } else { target }
}

/// Sets where the head of a station hears of its overdue reports (督办 level 1, and level 2 with the
/// committee): the head of that station, or an administrator.
#[utoipa::path(
    tag = "notifications",
    security(("bearer" = [])),
    params(
        ("code" = String, Path, description = "Station code.", example = "XH-01"),
        ("channel" = String, Path, description = "`wecom_app`, `wecom_robot`, `webhook` or `sms`.", example = "sms"),
    ),
    request_body = TargetInput,
    responses(
        (status = 200, description = "Set.", body = TargetView),
        (status = 403, description = "`forbidden`: not this station's head.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`station_not_found` or `not_found` (no such channel).", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: the target does not suit the channel.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/stations/{code}/head-notification-targets/{channel}")]
pub async fn station_head(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    path: web::Path<(String, String)>,
    JsonBody(body): JsonBody<TargetInput>,
) -> Result<web::Json<TargetView>, AppError> {
    let (code, channel) = path.into_inner();
    let channel = channel_of(&channel)?;
    let station = state
        .storage
        .find_station(&code)
        .await?
        .ok_or_else(|| AppError::new(ErrorCode::StationNotFound, format!("There is no station `{code}`.")))?;
    if !principal.heads_station(station.id) {
        return Err(AppError::new(ErrorCode::Forbidden, "Only the station's head or an administrator."));
    }
    supervisor_channel(channel)?;
    let target = stored(&state, channel, check_target(channel, &body.target, state.allow_private_targets)?);
    set(&state, &principal, Audience::StationHead, station.id, channel, &target, &format!("station_head:{code}")).await
}

/// Sets where the committee (人大工委) hears of reports still overdue after the station head was told
/// (督办 level 2): the committee, or an administrator.
#[utoipa::path(
    tag = "notifications",
    security(("bearer" = [])),
    params(("channel" = String, Path, description = "`wecom_app`, `wecom_robot`, `webhook` or `sms`.", example = "wecom_robot")),
    request_body = TargetInput,
    responses(
        (status = 200, description = "Set.", body = TargetView),
        (status = 403, description = "`forbidden`: the committee and administrators only.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`not_found`: no such channel.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: the target does not suit the channel.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/committee/notification-targets/{channel}")]
pub async fn committee(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    path: web::Path<String>,
    JsonBody(body): JsonBody<TargetInput>,
) -> Result<web::Json<TargetView>, AppError> {
    let channel = channel_of(&path)?;
    if !matches!(principal, Principal::Committee { .. } | Principal::Admin { .. }) {
        return Err(AppError::new(ErrorCode::Forbidden, "Only the committee or an administrator."));
    }
    supervisor_channel(channel)?;
    let target = stored(&state, channel, check_target(channel, &body.target, state.allow_private_targets)?);
    set(&state, &principal, Audience::Committee, COMMITTEE, channel, &target, "committee").await
}
