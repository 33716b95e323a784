//! A handling unit (承办单位) answering without an account: the signed link it was sent opens one report,
//! on which it may reply once and attach photos, while the report waits for it. The link is checked here:
//! its signature and expiry, and that the report is still with that unit.

use bytes::Bytes;

use crate::app::act::{Actor, act};
use crate::app::attachments::{DocumentUpload, attach};
use crate::app::error::{AppError, ErrorCode};
use crate::app::state::AppState;
use crate::domain::directory::HandlingUnit;
use crate::domain::report::ActorKind;
use crate::domain::report::record::Report;
use crate::domain::workflow::Action;
use crate::infra::auth::unit_links::{LinkError, UnitLink};

/// What a valid link opens.
#[derive(Debug, Clone)]
pub struct Opened {
    /// The token as sent: the page's later requests go through it.
    pub token: String,
    pub link: UnitLink,
    pub report: Report,
    pub unit: HandlingUnit,
}

/// The report and unit `token` grants, while it is valid and the report is still with that unit.
pub async fn open(state: &AppState, token: &str) -> Result<Opened, AppError> {
    let link = state.unit_links.verify(token, state.clock.now()).map_err(|err| match err {
        LinkError::Expired => {
            AppError::new(ErrorCode::UnitLinkExpired, "This link has expired; ask the station for the report.")
        }
        LinkError::Malformed | LinkError::Forged => {
            AppError::new(ErrorCode::UnitLinkInvalid, "This is not a link the station sent.")
        }
    })?;
    let invalid = || AppError::new(ErrorCode::UnitLinkInvalid, "This is not a link the station sent.");
    let report = state.storage.find_report(link.report_id).await?.ok_or_else(invalid)?;
    let unit = state.storage.find_handling_unit_by_id(link.unit_id).await?.ok_or_else(invalid)?;
    if report.handling_unit_id != Some(unit.id) {
        return Err(AppError::new(
            ErrorCode::UnitLinkSuperseded,
            "The report has been given to another unit; this link no longer opens it.",
        ));
    }
    Ok(Opened { token: token.to_owned(), link, report, unit })
}

/// The unit's reply, taken as the workflow's `unit_reply` step by the unit.
pub async fn reply(state: &AppState, token: &str, text: String) -> Result<Opened, AppError> {
    let opened = open(state, token).await?;
    let report = act(state, Actor::UnitLink(opened.unit.id), opened.report.clone(), Action::UnitReply { text }).await?;
    Ok(Opened { report, ..opened })
}

/// Photos, scans and PDF letters the unit attaches to its reply.
pub async fn attach_files(
    state: &AppState,
    token: &str,
    photos: Vec<Bytes>,
    documents: Vec<DocumentUpload>,
) -> Result<Opened, AppError> {
    let opened = open(state, token).await?;
    let actor = (ActorKind::Unit, Some(opened.unit.id));
    attach(state, opened.report.id, opened.report.is_closed(), actor, photos, documents).await?;
    let report = state
        .storage
        .find_report(opened.report.id)
        .await?
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("report {} vanished", opened.report.id)))?;
    Ok(Opened { report, ..opened })
}
