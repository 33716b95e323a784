//! Reports: intake from kiosks, phones and the web mailbox, and the citizen's tracking view.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::domain::Localized;
use crate::domain::report::{Channel, EventKind, ReportStatus};

pub mod create;
pub mod track;

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
    pub submitted_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Public steps, oldest first.
    pub timeline: Vec<TimelineEntry>,
}

/// The same fields as the JSON body, flattened for `multipart/form-data`, plus the photos.
#[derive(Debug, Deserialize, ToSchema)]
#[allow(dead_code)] // Describes the form in the API document; the form itself is read field by field.
pub struct ReportFormData {
    category: String,
    description: String,
    title: Option<String>,
    station: Option<String>,
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
    contact_phone: Option<String>,
    #[serde(rename = "consent.personal_info")]
    consent_personal_info: Option<bool>,
    #[serde(rename = "consent.phone_call")]
    consent_phone_call: Option<bool>,
    /// JPEG, PNG or WebP files, one part each (at most 9 by default); the type is read from the bytes.
    #[schema(value_type = Vec<String>, format = Binary)]
    photos: Vec<Vec<u8>>,
}
