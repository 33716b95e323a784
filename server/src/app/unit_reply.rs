//! A handling unit (承办单位) answering a report forwarded to it, in one of two ways: without an account,
//! through the signed link it was sent (checked here: signature, expiry, and that the report is still with
//! that unit), or signed in with a unit account, which reaches every report forwarded to its unit. Either
//! way it reads the report without the citizen's name or phone, replies once while the report waits for it,
//! and attaches photos and PDF letters.

use bytes::Bytes;
use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::app::act::{Actor, act};
use crate::app::attachments::{DocumentUpload, attach};
use crate::app::error::{AppError, ErrorCode};
use crate::app::state::AppState;
use crate::domain::access::Principal;
use crate::domain::directory::HandlingUnit;
use crate::domain::report::ActorKind;
use crate::domain::report::record::Report;
use crate::domain::workflow::Action;
use crate::infra::auth::unit_links::LinkError;

/// How the unit came in.
#[derive(Debug, Clone)]
pub enum Via {
    /// The signed link: its token as sent (the page's later requests go through it) and its expiry.
    Link { token: String, expires_at: DateTime<Utc> },
    /// A unit account, signed in.
    Account(Principal),
}

/// A report opened by its handling unit.
#[derive(Debug, Clone)]
pub struct Opened {
    pub via: Via,
    pub report: Report,
    pub unit: HandlingUnit,
}

impl Opened {
    /// Who the workflow and the record see acting.
    fn actor(&self) -> Actor<'_> {
        match &self.via {
            Via::Link { .. } => Actor::UnitLink(self.unit.id),
            Via::Account(principal) => Actor::Principal(principal),
        }
    }

    fn recorded_as(&self) -> (ActorKind, Option<Uuid>) {
        match &self.via {
            Via::Link { .. } => (ActorKind::Unit, Some(self.unit.id)),
            Via::Account(principal) => (ActorKind::Unit, Some(principal.subject_id())),
        }
    }
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
    Ok(Opened { via: Via::Link { token: token.to_owned(), expires_at: link.expires_at }, report, unit })
}

/// Report `report_id` for a unit account, when it was forwarded to the account's unit (else not found).
pub async fn open_as(state: &AppState, principal: &Principal, report_id: Uuid) -> Result<Opened, AppError> {
    let not_found = || AppError::new(ErrorCode::ReportNotFound, "No report with this id was forwarded to your unit.");
    let Principal::Unit { unit_id, .. } = principal else {
        return Err(AppError::new(ErrorCode::Forbidden, "This is for handling units' accounts."));
    };
    let report = state.storage.find_report(report_id).await?.ok_or_else(not_found)?;
    if !principal.may_answer_as_unit(report.handling_unit_id) {
        return Err(not_found());
    }
    let unit = state.storage.find_handling_unit_by_id(*unit_id).await?.ok_or_else(not_found)?;
    Ok(Opened { via: Via::Account(principal.clone()), report, unit })
}

/// The unit's reply, taken as the workflow's `unit_reply` step by the unit.
pub async fn reply(state: &AppState, opened: Opened, text: String) -> Result<Opened, AppError> {
    let report = act(state, opened.actor(), opened.report.clone(), Action::UnitReply { text }).await?;
    Ok(Opened { report, ..opened })
}

/// Photos, scans and PDF letters the unit attaches to its reply.
pub async fn attach_files(
    state: &AppState,
    opened: Opened,
    photos: Vec<Bytes>,
    documents: Vec<DocumentUpload>,
) -> Result<Opened, AppError> {
    attach(state, opened.report.id, opened.report.is_closed(), opened.recorded_as(), photos, documents).await?;
    let report = state
        .storage
        .find_report(opened.report.id)
        .await?
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("report {} vanished", opened.report.id)))?;
    Ok(Opened { report, ..opened })
}
