//! A citizen's report as it arrives, the rules it must meet, and the words that describe its progress.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::Localized;
use super::tracking_code::TrackingCode;

pub mod record;
mod validate;

pub use validate::{normalize_phone, validate};

/// Declares an enum stored as a string in the database and sent as the same string in the API.
macro_rules! string_enum {
    ($(#[doc = $doc:literal])* pub enum $name:ident { $($(#[$vmeta:meta])* $variant:ident => $text:literal,)+ }) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, ::serde::Serialize, ::serde::Deserialize)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $text)] $variant,)+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            /// The stored and transmitted form.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text,)+ }
            }
        }

        // Written by hand: the derive cannot read `rename` values passed through a macro, and documented the
        // variants' Rust names instead of the strings on the wire.
        impl ::utoipa::PartialSchema for $name {
            fn schema() -> ::utoipa::openapi::RefOr<::utoipa::openapi::schema::Schema> {
                ::utoipa::openapi::schema::ObjectBuilder::new()
                    .schema_type(::utoipa::openapi::schema::Type::String)
                    .description(Some([$($doc,)*].iter().map(|line: &&str| line.trim()).collect::<Vec<_>>().join(" ")))
                    .enum_values(Some([$($text,)+]))
                    .into()
            }
        }

        impl ::utoipa::ToSchema for $name {}

        impl std::str::FromStr for $name {
            type Err = $crate::domain::report::UnknownValue;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($text => Ok($name::$variant),)+
                    other => Err($crate::domain::report::UnknownValue { kind: stringify!($name), value: other.to_owned() }),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
pub(crate) use string_enum;

/// A stored string that names no known value (a newer schema, or a hand-edited row).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{value}` is not a known {kind}")]
pub struct UnknownValue {
    pub kind: &'static str,
    pub value: String,
}

string_enum! {
    /// Where a report came from.
    pub enum Channel {
        /// A touchscreen kiosk at a liaison station.
        Kiosk => "kiosk",
        /// The mobile client (WeChat mini-program or phone browser).
        Mobile => "mobile",
        /// The online deputy mailbox (网上联络站).
        Web => "web",
        /// Filed by an official for a resident received on a reception day (接待日).
        Reception => "reception",
        /// Filed by a deputy or staff after visiting a resident (走访).
        Visit => "visit",
        /// Filed by an official for a resident who telephoned.
        Phone => "phone",
        /// Filed by an official from a resident's letter.
        Letter => "letter",
    }
}

impl Channel {
    /// Assisted intake: an official (deputy, staff, administrator) files for a resident.
    pub fn is_assisted(self) -> bool {
        matches!(self, Channel::Reception | Channel::Visit | Channel::Phone | Channel::Letter)
    }
}

string_enum! {
    /// Where a report stands in the closed loop (收集 → 研判 → 交办 → 督办 → 反馈 → 销号).
    pub enum ReportStatus {
        /// Received; not yet routed (收集). Reports are routed as they arrive, so this is brief.
        Submitted => "submitted",
        /// Waiting for staff to assess it (研判).
        Triage => "triage",
        /// Given to a deputy, who has not yet taken it on (交办).
        Assigned => "assigned",
        /// The deputy is handling it (办理中).
        Accepted => "accepted",
        /// Passed to a handling unit with a deadline (转办).
        Forwarded => "forwarded",
        /// The handling unit replied; the deputy prepares the answer.
        UnitReplied => "unit_replied",
        /// The citizen has an answer and may rate it (反馈).
        Answered => "answered",
        /// Closed with an outcome (销号).
        Closed => "closed",
    }
}

impl ReportStatus {
    /// Every status but `closed`.
    pub const OPEN: [ReportStatus; 7] = [
        ReportStatus::Submitted,
        ReportStatus::Triage,
        ReportStatus::Assigned,
        ReportStatus::Accepted,
        ReportStatus::Forwarded,
        ReportStatus::UnitReplied,
        ReportStatus::Answered,
    ];

    /// The status in the words a citizen reads.
    pub fn label(self) -> Localized {
        match self {
            ReportStatus::Submitted => Localized::new("已受理，等待研判", "Received, awaiting assessment"),
            ReportStatus::Triage => Localized::new("工作人员研判中", "Staff are assessing it"),
            ReportStatus::Assigned => Localized::new("已交由代表办理", "Passed to a deputy"),
            ReportStatus::Accepted => Localized::new("代表办理中", "A deputy is handling it"),
            ReportStatus::Forwarded => Localized::new("已转承办单位办理", "Passed to the responsible office"),
            ReportStatus::UnitReplied => Localized::new(
                "承办单位已答复，代表正在整理答复",
                "The office replied; the deputy is preparing the answer",
            ),
            ReportStatus::Answered => {
                Localized::new("已答复，请您评价", "Answered: please tell us if you are satisfied")
            }
            ReportStatus::Closed => Localized::new("已办结", "Closed"),
        }
    }
}

string_enum! {
    /// What happened to a report, as one entry of its append-only timeline.
    pub enum EventKind {
        /// The report was received.
        Submitted => "submitted",
        /// Routing assigned it to a deputy (internal).
        Assigned => "assigned",
        /// Routing left it for staff to assess (internal).
        Triaged => "triaged",
        /// Someone moved it on in the closed loop (see the event's from/to status and action).
        Transition => "transition",
        /// Supervision found it due soon, overdue, or escalated it (internal).
        Supervision => "supervision",
        /// Photos of a handling unit's reply were attached (internal).
        Attachment => "attachment",
        /// The citizen added information or photos (补充; public).
        Supplemented => "supplemented",
    }
}

impl EventKind {
    /// What the citizen reads for a public event of this kind.
    pub fn public_text(self) -> Localized {
        match self {
            EventKind::Submitted => Localized::new(
                "我们已收到您的反映，将尽快研判并交由代表办理。",
                "We have received your report and will assess it and pass it to a deputy soon.",
            ),
            EventKind::Assigned => Localized::new("已交由代表办理。", "Passed to a deputy."),
            EventKind::Triaged => Localized::new("工作人员正在研判。", "Staff are assessing it."),
            EventKind::Transition => Localized::new("办理进度已更新。", "Progress was updated."),
            EventKind::Supervision => Localized::new("已督办。", "Being followed up."),
            EventKind::Attachment => Localized::new("已补充办理材料。", "Documents were added."),
            EventKind::Supplemented => Localized::new("您补充了信息。", "You added information."),
        }
    }
}

string_enum! {
    /// Who may see a timeline entry.
    pub enum Visibility {
        /// Shown to the citizen on the tracking page.
        Public => "public",
        /// Seen only by deputies and staff.
        Internal => "internal",
    }
}

string_enum! {
    /// Who caused a timeline entry.
    pub enum ActorKind {
        Citizen => "citizen",
        Kiosk => "kiosk",
        Deputy => "deputy",
        Staff => "staff",
        Committee => "committee",
        /// A handling unit (承办单位), replying through its signed link.
        Unit => "unit",
        Admin => "admin",
        System => "system",
    }
}

/// A point on the map, WGS-84 degrees.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GeoPoint {
    /// Latitude, −90 to 90.
    #[schema(example = 31.2304)]
    pub lat: f64,
    /// Longitude, −180 to 180.
    #[schema(example = 121.4737)]
    pub lng: f64,
}

/// How to reach the citizen, when they want to be reached.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    #[serde(default)]
    #[schema(example = "王阿姨")]
    pub name: Option<String>,
    /// Mainland mobile number; `+86`, spaces and dashes are accepted.
    #[serde(default)]
    #[schema(example = "13812341234")]
    pub phone: Option<String>,
}

/// What the citizen agreed to, in plain words on the form.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Consent {
    /// Agrees that the contact details given are kept to answer this report (required with `contact`).
    #[serde(default)]
    pub personal_info: bool,
    /// Agrees that the deputy may telephone (requires `contact.phone`).
    #[serde(default)]
    pub phone_call: bool,
    /// Agrees to get the tracking code by text message (requires `contact.phone`).
    #[serde(default)]
    pub sms: bool,
    /// Lets the report and its answer be shown on the results board (公示), without names, phone numbers or
    /// exact places.
    #[serde(default)]
    pub publish: bool,
    /// Lets its photos be shown there too (requires `publish`).
    #[serde(default)]
    pub publish_photos: bool,
}

/// Which system a point was measured in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Crs {
    /// GPS and browsers' geolocation; what Liaison stores.
    #[default]
    Wgs84,
    /// WeChat's and most Chinese maps' (火星坐标).
    Gcj02,
}

/// Where on the map a report is, as the phone measured it; stored as WGS-84.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportLocation {
    /// Latitude, −90 to 90.
    #[schema(example = 39.1175)]
    pub lat: f64,
    /// Longitude, −180 to 180.
    #[schema(example = 117.1953)]
    pub lng: f64,
    /// `wgs84` (the default: GPS, a browser's geolocation) or `gcj02` (WeChat's `getLocation` with type
    /// `gcj02`, Amap and Tencent map pickers); converted to WGS-84 on arrival.
    #[serde(default)]
    pub crs: Crs,
}

/// A report as the citizen sent it, before any check.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "category": "environment",
    "title": "小区垃圾清运不及时",
    "description": "3号楼旁的垃圾桶已经三天没有清运，气味很大。",
    "station": "HX-01",
    "address": "和平路12号3号楼",
    "channel": "kiosk",
    "anonymous": false,
    "contact": {"name": "王阿姨", "phone": "13812341234"},
    "consent": {"personal_info": true, "phone_call": false}
}))]
pub struct ReportDraft {
    /// Category code from `GET /api/v1/categories`.
    pub category: String,
    /// What the problem or suggestion is, 1–2000 characters.
    pub description: String,
    /// A short headline; optional.
    #[serde(default)]
    pub title: Option<String>,
    /// Station code from `GET /api/v1/stations`; required from a kiosk.
    #[serde(default)]
    pub station: Option<String>,
    /// Code of a deputy the citizen chose (from the deputy's QR code, 代表码, or the station's list); routing
    /// gives the report to that deputy while they are active.
    #[serde(default)]
    pub deputy: Option<String>,
    /// Code of the community or grid the problem is in, from `GET /api/v1/stations/{code}/places`.
    #[serde(default)]
    pub area: Option<String>,
    /// Code of the building the problem is in, from `GET /api/v1/stations/{code}/places`.
    #[serde(default)]
    pub building: Option<String>,
    #[serde(default)]
    pub location: Option<ReportLocation>,
    /// Where the problem is, in words.
    #[serde(default)]
    pub address: Option<String>,
    #[serde(default)]
    pub contact: Option<Contact>,
    pub channel: Channel,
    /// The citizen does not want to be identified; no contact details may be given.
    #[serde(default)]
    pub anonymous: bool,
    #[serde(default)]
    pub consent: Consent,
    /// A tracking code the kiosk reserved ahead (`POST /api/v1/kiosks/me/reserved-codes`), printed on the
    /// receipt of a report saved while the network was down: the report is filed under it. Kiosks only.
    #[serde(default)]
    #[schema(example = json!(null))]
    pub reserved_code: Option<String>,
}

/// Length limits for the text a citizen types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TextLimits {
    pub title_chars: usize,
    pub description_chars: usize,
    pub address_chars: usize,
    pub contact_name_chars: usize,
}

impl Default for TextLimits {
    fn default() -> Self {
        Self { title_chars: 100, description_chars: 2000, address_chars: 200, contact_name_chars: 50 }
    }
}

/// One rule a field broke.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct FieldError {
    /// Path of the field, e.g. `contact.phone`.
    #[schema(example = "contact.phone")]
    pub field: String,
    /// Stable machine-readable reason, e.g. `required`, `too_long`, `invalid_phone`.
    #[schema(example = "invalid_phone")]
    pub code: String,
    /// What is wrong, in English.
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, code: &str, message: impl Into<String>) -> Self {
        Self { field: field.into(), code: code.to_owned(), message: message.into() }
    }
}

/// A report that passed every check, with text trimmed and the phone number in canonical form.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ValidReport {
    pub category: String,
    pub title: Option<String>,
    pub description: String,
    pub station: Option<String>,
    pub deputy: Option<String>,
    pub area: Option<String>,
    pub building: Option<String>,
    pub location: Option<GeoPoint>,
    pub address: Option<String>,
    pub contact_name: Option<String>,
    /// Eleven digits, no country code.
    pub contact_phone: Option<String>,
    pub channel: Channel,
    pub anonymous: bool,
    pub consent: Consent,
    /// The code reserved ahead that the report is to carry.
    pub reserved_code: Option<TrackingCode>,
}

#[cfg(test)]
mod tests;
