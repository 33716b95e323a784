//! Reports: intake from kiosks, phones, the web mailbox and officials filing for residents, and the citizen's
//! tracking view.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::app::error::{AppError, ErrorCode};
use crate::domain::Localized;
use crate::domain::directory::{Category, Station};
use crate::domain::report::record::{Report, ReportEvent, ReportPhoto};
use crate::domain::report::{ActorKind, Channel, EventKind, GeoPoint, ReportStatus};
use crate::domain::workflow::{Outcome, Verdict};

pub mod act;
pub mod assignees;
pub mod attach;
pub mod create;
pub mod document;
pub mod photo;
pub mod queue;
pub mod show;
pub mod similar;
pub mod station_list;
pub mod track;
pub mod track_act;
pub mod track_supplement;
pub mod unmask;

/// The answer for a report id the caller may not see: the same as for one that does not exist.
pub fn report_not_found() -> AppError {
    AppError::new(ErrorCode::ReportNotFound, "No report with this id is visible to you.")
}

/// One line of a list of reports.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReportSummary {
    pub id: Uuid,
    #[schema(example = "LS-7KQ-9M3-XDP")]
    pub tracking_code: String,
    pub category: CategoryRef,
    pub title: Option<String>,
    /// Where the problem is, in the citizen's words (e.g. the building, unit and floor a kiosk composes).
    pub address: Option<String>,
    pub status: ReportStatus,
    pub status_label: Localized,
    pub station: Option<StationRef>,
    pub channel: Channel,
    pub submitted_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// When the current step (assess or accept, the unit's reply, the answer) is due; none once answered.
    pub due_at: Option<DateTime<Utc>>,
    /// The current step is past its deadline.
    pub overdue: bool,
    /// 0 none, 1 escalated to the station head, 2 to the committee; for the people handling it only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub escalation_level: Option<i32>,
    /// How it ended, once closed.
    pub outcome: Option<Outcome>,
    /// The deputy it is assigned to: in the lists of the people supervising it (staff, heads, the committee,
    /// administrators) only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deputy: Option<DeputyRef>,
    /// The handling unit it was forwarded to: in the supervisors' lists only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub handling_unit: Option<HandlingUnitRef>,
    /// Working days of extension the deputy asked for, waiting for a decision: in the supervisors' lists only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extension_pending_days: Option<i32>,
}

/// A list of reports, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReportList {
    pub items: Vec<ReportSummary>,
}

impl ReportSummary {
    pub fn new(report: Report, category: Category, station: Option<Station>, now: DateTime<Utc>) -> Self {
        let status = report.status;
        Self {
            due_at: report.due_at,
            overdue: report.due_at.is_some_and(|due| due < now),
            escalation_level: Some(report.escalation_level),
            outcome: if status == ReportStatus::Closed { report.outcome } else { None },
            id: report.id,
            tracking_code: report.tracking_code,
            category: CategoryRef { code: category.code, name: category.name },
            title: report.title,
            address: report.address,
            status,
            status_label: status.label(),
            station: station.map(|s| StationRef { code: s.code, name: s.name }),
            channel: report.channel,
            submitted_at: report.created_at,
            updated_at: report.updated_at,
            deputy: None,
            handling_unit: None,
            extension_pending_days: None,
        }
    }
}

/// Where to fetch one photo: signed URLs that work in `<img>` tags without a token, for a short while.
#[derive(Debug, Serialize, ToSchema)]
pub struct PhotoLinks {
    /// 0-based, in the order the photos were sent.
    pub position: u32,
    /// Of the display rendition.
    pub width: Option<i32>,
    pub height: Option<i32>,
    /// Long edge 320.
    pub thumb_url: String,
    /// Long edge 2048.
    pub display_url: String,
    /// `citizen` (sent with the report) or `unit_reply` (attached to a handling unit's reply).
    pub source: String,
}

/// Signed links to a report's photos.
pub fn photo_links(
    signer: &crate::infra::photos::urls::PhotoUrlSigner,
    report: Uuid,
    photos: &[ReportPhoto],
) -> Vec<PhotoLinks> {
    use crate::infra::photos::PhotoSize;
    photos
        .iter()
        .map(|p| {
            let position = u32::try_from(p.position).unwrap_or(0);
            PhotoLinks {
                position,
                width: p.width,
                height: p.height,
                thumb_url: signer.url(report, position, PhotoSize::Thumb),
                display_url: signer.url(report, position, PhotoSize::Display),
                source: p.source.as_str().to_owned(),
            }
        })
        .collect()
}

/// A list from storage rows.
pub fn report_list(rows: Vec<crate::storage::report_reads::ReportRow>, now: DateTime<Utc>) -> ReportList {
    ReportList { items: rows.into_iter().map(|(r, c, s)| ReportSummary::new(r, c, s, now)).collect() }
}

/// The contact details as the people handling a report see them: the phone masked.
#[derive(Debug, Serialize, ToSchema)]
pub struct MaskedContact {
    pub name: Option<String>,
    /// Masked, e.g. `138****1234`; unmasking is a separate, audited request.
    #[schema(example = "138****1234")]
    pub phone: Option<String>,
}

/// What routing decided at intake, for the people handling the report.
#[derive(Debug, Serialize, ToSchema)]
pub struct RoutingView {
    /// `assigned` or `triage`.
    #[schema(example = "assigned")]
    pub state: String,
    /// Why, e.g. 网格 G3 的联系代表；专长 养老服务；在办 2 件.
    pub reason: Localized,
    /// The deputy it was assigned to.
    pub deputy: Option<DeputyRef>,
    /// The station whose staff handle it.
    pub station: Option<StationRef>,
}

/// Who filed a report for a resident.
#[derive(Debug, Serialize, ToSchema)]
pub struct FiledBy {
    /// `deputy`, `staff` or `admin`.
    #[schema(example = "staff")]
    pub kind: ActorKind,
    /// Their account.
    pub account_id: Uuid,
    /// The account's display name, while the account exists.
    #[schema(example = "李工作人员")]
    pub name: Option<String>,
}

/// The place a report names from the station's list.
#[derive(Debug, Default, Serialize, ToSchema)]
pub struct PlaceView {
    pub area: Option<AreaRef>,
    pub building: Option<BuildingRef>,
}

/// A community or grid as a report names it.
#[derive(Debug, Serialize, ToSchema)]
pub struct AreaRef {
    #[schema(example = "HP-XH-HX-G1")]
    pub code: String,
    /// `community`, `grid`, …
    #[schema(example = "grid")]
    pub kind: String,
    pub name: Localized,
    /// Its boundary when the directory has one: a GeoJSON Polygon or MultiPolygon in WGS-84 (for drawing
    /// the place; the people handling the report only).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub boundary: Option<serde_json::Value>,
}

/// A building as a report names it.
#[derive(Debug, Serialize, ToSchema)]
pub struct BuildingRef {
    #[schema(example = "HP-XH-HX-G1-B1")]
    pub code: String,
    #[schema(example = "和谐里1号楼")]
    pub name: String,
    pub address: String,
}

/// A deputy as a report names them.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DeputyRef {
    #[schema(example = "D-001")]
    pub code: String,
    pub name: Localized,
}

/// A report as the people handling it (and the citizen who filed it) see it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReportDetail {
    #[serde(flatten)]
    pub summary: ReportSummary,
    pub description: String,
    pub location: Option<GeoPoint>,
    /// The community or grid and the building the citizen named (from the station's places).
    pub place: PlaceView,
    pub anonymous: bool,
    pub contact: MaskedContact,
    pub consent_phone_call: bool,
    /// The citizen asked for the tracking code by text message.
    pub consent_sms: bool,
    /// The citizen lets it (and, with `consent_publish_photos`, its photos) be shown on the results board.
    pub consent_publish: bool,
    pub consent_publish_photos: bool,
    pub photo_count: u64,
    pub photos: Vec<PhotoLinks>,
    /// Routing's decision: for staff, deputies and admins only (not the citizen).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub routing: Option<RoutingView>,
    /// PDF documents attached to a reply: for staff, deputies and admins only (not the citizen).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub documents: Option<Vec<document::DocumentView>>,
    /// The official who filed it for a resident (assisted intake: channels `reception`, `visit`, `phone`,
    /// `letter`): for staff, deputies and admins only; absent when the resident filed it themselves.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub filed_by: Option<FiledBy>,
    pub progress: ProgressView,
    /// Every step, oldest first: internal ones too for staff, deputies and admins; public ones for the
    /// citizen.
    pub timeline: Vec<EventView>,
}

/// Where a report is in the closed loop.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProgressView {
    pub due_at: Option<DateTime<Utc>>,
    /// When the answer to the citizen is due (set when a deputy takes it on).
    pub answer_due_at: Option<DateTime<Utc>>,
    /// The handling unit it was forwarded to (承办单位).
    pub handling_unit: Option<HandlingUnitRef>,
    /// Working days of extension asked for and waiting for a decision.
    pub extension_pending_days: Option<i32>,
    pub answer: Option<AnswerView>,
    pub verdict: Option<Verdict>,
    pub rating_comment: Option<String>,
    pub reopen_count: i32,
    pub closed_at: Option<DateTime<Utc>>,
    /// The report this one was merged into.
    pub merged_into: Option<Uuid>,
    /// The hours staff set when they expedited it (counted on the clock, not in working days).
    pub urgency: Option<UrgencyView>,
}

/// The hours of an expedited report.
#[derive(Debug, Serialize, ToSchema)]
pub struct UrgencyView {
    #[schema(example = 2)]
    pub accept_hours: u32,
    #[schema(example = 24)]
    pub answer_hours: u32,
}

/// A handling unit as a report names it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct HandlingUnitRef {
    #[schema(example = "HP-CG")]
    pub code: String,
    pub name: Localized,
}

/// The answer the citizen got.
#[derive(Debug, Serialize, ToSchema)]
pub struct AnswerView {
    pub text: String,
    pub answered_at: Option<DateTime<Utc>>,
    /// What the answer proposes (final once closed).
    pub outcome: Option<Outcome>,
}

/// One step on a report's timeline, as the people handling it read it.
#[derive(Debug, Serialize, ToSchema)]
pub struct EventView {
    pub at: DateTime<Utc>,
    pub kind: EventKind,
    /// `public` or `internal`.
    pub visibility: String,
    /// `citizen`, `deputy`, `staff`, `admin`, `system`, …
    pub actor_kind: String,
    pub actor_id: Option<Uuid>,
    /// The workflow action, for transitions.
    pub action: Option<String>,
    pub from_status: Option<String>,
    pub to_status: Option<String>,
    pub note: Option<String>,
}

impl From<ReportEvent> for EventView {
    fn from(e: ReportEvent) -> Self {
        Self {
            at: e.at,
            kind: e.kind,
            visibility: e.visibility.as_str().to_owned(),
            actor_kind: e.actor_kind.as_str().to_owned(),
            actor_id: e.actor_id,
            action: e.action,
            from_status: e.from_status.map(|s| s.as_str().to_owned()),
            to_status: e.to_status.map(|s| s.as_str().to_owned()),
            note: e.note,
        }
    }
}

/// What a public event says to the citizen: the words stored with a transition, or the kind's own.
pub fn event_text(kind: EventKind, note: Option<&str>) -> Localized {
    match (kind, note) {
        (EventKind::Transition, Some(note)) => {
            let mut lines = note.lines();
            let zh = lines.next().unwrap_or_default();
            let en = lines.next().unwrap_or(zh);
            Localized::new(zh, en)
        }
        _ => kind.public_text(),
    }
}

/// Where the citizen's view of a report lives.
pub fn tracking_path(code: &str) -> String {
    format!("/api/v1/reports/track/{code}")
}

/// The answer to a new report.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReportCreated {
    pub id: Uuid,
    /// Printed on the receipt; the citizen follows the report with it.
    #[schema(example = "LS-7KQ-9M3-XDP")]
    pub tracking_code: String,
    pub status: ReportStatus,
    pub status_label: Localized,
    pub submitted_at: DateTime<Utc>,
    /// Path of the tracking view (also in the `Location` header).
    #[schema(example = "/api/v1/reports/track/LS-7KQ-9M3-XDP")]
    pub tracking_url: String,
}

/// A category as the tracking view names it.
#[derive(Debug, Serialize, ToSchema)]
pub struct CategoryRef {
    #[schema(example = "environment")]
    pub code: String,
    pub name: Localized,
}

/// A station as the tracking view names it.
#[derive(Debug, Serialize, ToSchema)]
pub struct StationRef {
    #[schema(example = "HX-01")]
    pub code: String,
    pub name: Localized,
}

/// One public step in a report's history.
#[derive(Debug, Serialize, ToSchema)]
pub struct TimelineEntry {
    pub at: DateTime<Utc>,
    pub kind: EventKind,
    /// What happened, in words the citizen reads.
    pub text: Localized,
    /// For what the citizen added (`supplemented`): their own words, as typed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub words: Option<String>,
}

/// What anyone holding the tracking code may see. Never contact details, places or internal notes.
#[derive(Debug, Serialize, ToSchema)]
pub struct TrackedReportView {
    #[schema(example = "LS-7KQ-9M3-XDP")]
    pub tracking_code: String,
    pub category: CategoryRef,
    pub status: ReportStatus,
    pub status_label: Localized,
    pub station: Option<StationRef>,
    /// How many photos were attached.
    pub photo_count: u64,
    /// The photos, stripped of every piece of metadata.
    pub photos: Vec<PhotoLinks>,
    pub submitted_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Public steps, oldest first.
    pub timeline: Vec<TimelineEntry>,
    /// When the current step is due.
    pub due_at: Option<DateTime<Utc>>,
    /// The latest the citizen should have an answer: the answer deadline once someone took the report on,
    /// before that the acceptance deadline plus the time an answer takes; absent once answered or closed.
    pub answer_expected_by: Option<DateTime<Utc>>,
    /// The answer, once given (for a merged report, the shared answer of the report it joined).
    pub answer: Option<AnswerView>,
    pub verdict: Option<Verdict>,
    /// The citizen may rate now (`POST …/actions` with `rate`).
    pub may_rate: bool,
    /// Weeks after it closed as resolved: "was it actually fixed?" (`follow_up` with `fixed`).
    pub follow_up_question: bool,
}

/// The same fields as the JSON body, flattened for `multipart/form-data`, plus the photos.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)] // As the form reader: an unknown field is a 422.
#[allow(dead_code)] // Describes the form in the API document; the form itself is read field by field.
pub struct ReportFormData {
    category: String,
    description: String,
    title: Option<String>,
    station: Option<String>,
    deputy: Option<String>,
    area: Option<String>,
    building: Option<String>,
    address: Option<String>,
    channel: Channel,
    anonymous: Option<bool>,
    #[serde(rename = "location.lat")]
    location_lat: Option<f64>,
    #[serde(rename = "location.lng")]
    location_lng: Option<f64>,
    #[serde(rename = "contact.name")]
    contact_name: Option<String>,
    #[serde(rename = "contact.phone")]
    #[schema(
        pattern = r"^[ ()-]*(?:\+[ ()-]*8[ ()-]*6[ ()-]*|0[ ()-]*0[ ()-]*8[ ()-]*6[ ()-]*|8[ ()-]*6[ ()-]*)?1[ ()-]*[3-9][ ()-]*(?:[0-9][ ()-]*){9}$"
    )]
    contact_phone: Option<String>,
    #[serde(rename = "consent.personal_info")]
    consent_personal_info: Option<bool>,
    #[serde(rename = "consent.phone_call")]
    consent_phone_call: Option<bool>,
    #[serde(rename = "consent.sms")]
    consent_sms: Option<bool>,
    #[serde(rename = "consent.publish")]
    consent_publish: Option<bool>,
    #[serde(rename = "consent.publish_photos")]
    consent_publish_photos: Option<bool>,
    /// A code the kiosk reserved ahead (kiosks only).
    reserved_code: Option<String>,
    /// JPEG, PNG or WebP files, one part each (at most 9 by default); the type is read from the bytes.
    #[schema(value_type = Vec<String>, format = Binary)]
    photos: Vec<Vec<u8>>,
}
