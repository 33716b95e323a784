//! The one-report page of a handling unit (承办单位) that answers through the signed link it was sent, with
//! no account: what the report is, the reply, and photos of the work.

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::app::error::AppError;
use crate::app::state::AppState;
use crate::app::unit_reply::{Opened, Via};
use crate::domain::Localized;
use crate::domain::report::ReportStatus;
use crate::web::controllers::reports::document::DocumentView;
use crate::web::controllers::reports::{HandlingUnitRef, PhotoLinks, photo_links};

pub mod attach;
pub mod document;
pub mod reply;
pub mod show;

/// The report as its handling unit sees it: what to do, by when; never the citizen's name or phone.
#[derive(Debug, Serialize, ToSchema)]
pub struct UnitReportView {
    #[schema(example = "LS-7KQ-9M3-XDP")]
    pub tracking_code: String,
    pub category: Localized,
    pub title: Option<String>,
    pub description: String,
    pub address: Option<String>,
    pub status: ReportStatus,
    /// When the unit's reply is due.
    pub due_at: Option<DateTime<Utc>>,
    pub unit: HandlingUnitRef,
    /// The unit may reply now (the report waits for it).
    pub awaiting_reply: bool,
    /// Until when this link works (none when the unit signed in with an account).
    pub link_expires_at: Option<DateTime<Utc>>,
    /// The citizen's photos and those attached since.
    pub photos: Vec<PhotoLinks>,
    /// PDF documents attached since (the unit's own letters, say), each downloaded through this link.
    pub documents: Vec<DocumentView>,
}

impl UnitReportView {
    pub async fn new(state: &AppState, opened: Opened) -> Result<Self, AppError> {
        let Opened { via, report, unit } = opened;
        let (base, link_expires_at) = match &via {
            Via::Link { token, expires_at } => (format!("/api/v1/unit-links/{token}/documents"), Some(*expires_at)),
            Via::Account(_) => (format!("/api/v1/me/unit-reports/{}/documents", report.id), None),
        };
        let category = state
            .storage
            .find_category_by_id(report.category_id)
            .await?
            .map(|c| c.name)
            .unwrap_or_else(|| Localized::new("", ""));
        let photos = state.storage.report_photos(report.id).await?;
        let documents =
            state.storage.report_documents(report.id).await?.into_iter().map(|d| DocumentView::new(d, &base)).collect();
        let status = report.status;
        Ok(Self {
            photos: photo_links(&state.photos.urls, report.id, &photos),
            documents,
            tracking_code: report.tracking_code,
            category,
            title: report.title,
            description: report.description,
            address: report.address,
            awaiting_reply: status == ReportStatus::Forwarded,
            status,
            due_at: report.due_at,
            unit: HandlingUnitRef { code: unit.code, name: unit.name },
            link_expires_at,
        })
    }
}
