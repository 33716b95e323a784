//! Activities (履职活动): a station's plan and record of meetings, inspections, surveys, law-enforcement checks,
//! training and home visits; attendance by check-in or by staff; photos.

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::app::activities::ActivityRecord;
use crate::domain::Localized;
use crate::domain::access::Principal;
use crate::domain::duty::activity::{Activity, ActivityKind, ActivityStatus, Attendance, AttendanceSource};
use crate::storage::activities::AttendanceRecord;

pub mod attendance;
pub mod check_in;
pub mod create;
pub mod list;
pub mod photos;
pub mod show;
pub mod update;

/// A deputy's attendance at an activity.
#[derive(Debug, Serialize, ToSchema)]
pub struct AttendanceView {
    #[schema(example = "D-003")]
    pub deputy: String,
    pub name: Localized,
    pub invited: bool,
    pub attendance: Attendance,
    pub source: AttendanceSource,
    pub checked_in_at: Option<DateTime<Utc>>,
}

impl AttendanceView {
    pub fn new(record: &AttendanceRecord, code: &str, name: &Localized) -> Self {
        Self {
            deputy: code.to_owned(),
            name: name.clone(),
            invited: record.invited,
            attendance: record.attendance,
            source: record.source,
            checked_in_at: record.checked_in_at,
        }
    }
}

/// An activity with its record.
#[derive(Debug, Serialize, ToSchema)]
pub struct ActivityView {
    pub id: Uuid,
    #[schema(example = "XH-01")]
    pub station: String,
    pub kind: ActivityKind,
    /// An inspection that went straight to the site without notice (暗访).
    pub unannounced: bool,
    #[schema(example = "视察老旧小区加装电梯")]
    pub title: String,
    pub topic: String,
    pub place: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub status: ActivityStatus,
    pub minutes: String,
    pub findings: String,
    pub attendance: Vec<AttendanceView>,
    /// Links to the photos (`size=thumb|display`).
    pub photos: Vec<String>,
    /// For the station's staff: the address the check-in QR code carries (the QR itself at `check_in_qr`).
    pub check_in_url: Option<String>,
    pub check_in_qr: Option<String>,
    pub updated_at: DateTime<Utc>,
}

/// The address a deputy's phone opens to check in.
pub fn check_in_url(public_url: &str, activity: &Activity) -> String {
    format!("{}/deputy/#/check-in/{}/{}", public_url.trim_end_matches('/'), activity.id, activity.check_in_token)
}

impl ActivityView {
    /// The record as `principal` sees it: the check-in code only for those who run the station.
    pub fn new(record: &ActivityRecord, principal: &Principal, public_url: &str) -> Self {
        let a = &record.activity;
        let staff = principal.manages_station(a.station_id);
        Self {
            id: a.id,
            station: record.station_code.clone(),
            kind: a.kind,
            unannounced: a.unannounced,
            title: a.title.clone(),
            topic: a.topic.clone(),
            place: a.place.clone(),
            starts_at: a.starts_at,
            ends_at: a.ends_at,
            status: a.status,
            minutes: a.minutes.clone(),
            findings: a.findings.clone(),
            attendance: record.attendance.iter().map(|(r, d)| AttendanceView::new(r, &d.code, &d.name)).collect(),
            photos: record
                .photos
                .iter()
                .map(|p| format!("/api/v1/activities/{}/photos/{}", a.id, p.position))
                .collect(),
            check_in_url: staff.then(|| check_in_url(public_url, a)),
            check_in_qr: staff.then(|| format!("/api/v1/activities/{}/check-in.svg", a.id)),
            updated_at: a.updated_at,
        }
    }
}

/// Activities, in order of start.
#[derive(Debug, Serialize, ToSchema)]
pub struct ActivityList {
    pub items: Vec<ActivityView>,
}
