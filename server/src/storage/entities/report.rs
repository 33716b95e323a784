use sea_orm::entity::prelude::*;

/// A citizen's report. Enum-like columns hold the strings of the domain enums.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "reports")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(unique)]
    pub tracking_code: String,
    pub category_id: Uuid,
    pub station_id: Option<Uuid>,
    pub title: Option<String>,
    pub description: String,
    pub lat: Option<f64>,
    pub lng: Option<f64>,
    pub address: Option<String>,
    pub contact_name: Option<String>,
    /// Plain-text phone of reports filed before phones were encrypted; emptied into the two columns below at
    /// startup, and never written again.
    pub contact_phone: Option<String>,
    pub channel: String,
    pub anonymous: bool,
    pub consent_personal_info: bool,
    pub consent_phone_call: bool,
    /// The citizen let it be shown on the results board.
    pub consent_publish: bool,
    /// And its photos.
    pub consent_publish_photos: bool,
    pub status: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// The signed-in citizen who filed it.
    pub citizen_id: Option<Uuid>,
    /// The citizen hears by WeChat (accepted a subscription).
    pub citizen_wechat: bool,
    /// The kiosk it was filed at.
    pub kiosk_id: Option<Uuid>,
    /// The deputy it is assigned to.
    pub assigned_deputy_id: Option<Uuid>,
    /// The contact phone, encrypted.
    pub contact_phone_cipher: Option<String>,
    /// Keyed hash of the contact phone.
    pub contact_phone_lookup: Option<String>,
    /// `assigned` or `triage`: what routing decided at intake.
    pub routing_state: Option<String>,
    /// Why, in the words staff read (zh; en after a newline).
    pub routing_reason: Option<String>,
    /// The station whose staff handle it (its triage queue, or the station of the area it is about).
    pub routed_station_id: Option<Uuid>,
    pub assigned_at: Option<DateTimeUtc>,
    /// The community or grid the citizen picked as the place.
    pub area_id: Option<Uuid>,
    /// The building the citizen picked as the place.
    pub building_id: Option<Uuid>,
    /// When the current step is due (accept, unit reply or answer); none once answered or closed.
    pub due_at: Option<DateTimeUtc>,
    /// When the citizen's answer is due, set at acceptance.
    pub answer_due_at: Option<DateTimeUtc>,
    /// A [`crate::domain::workflow::Outcome`]: proposed by the answer, final at close.
    pub outcome: Option<String>,
    /// A [`crate::domain::workflow::Verdict`].
    pub verdict: Option<String>,
    pub rating_comment: Option<String>,
    /// The answer to the citizen, in plain words.
    pub answer_text: Option<String>,
    pub answered_at: Option<DateTimeUtc>,
    /// The first answer, for the time-to-answer statistics (a reopened report is answered again).
    pub first_answered_at: Option<DateTimeUtc>,
    /// The answer deadline set when a deputy first took it on (a reopen sets a later one; this one stays).
    pub first_answer_due_at: Option<DateTimeUtc>,
    pub closed_at: Option<DateTimeUtc>,
    pub handling_unit_id: Option<Uuid>,
    /// Working days of extension asked for and not yet decided.
    pub extension_days: Option<i32>,
    pub reopen_count: i32,
    /// 0 none, 1 the station head, 2 the committee.
    pub escalation_level: i32,
    pub due_soon_noticed: bool,
    /// Bumped by every transition, so two people acting at once cannot both win.
    pub version: i32,
    /// The report this one was merged into as a duplicate.
    pub merged_into: Option<Uuid>,
    /// The answer to the follow-up question: `fixed` or `not_fixed`.
    pub follow_up: Option<String>,
    pub follow_up_at: Option<DateTimeUtc>,
    /// Hours to take it on and to answer it, when staff expedited it (both or neither).
    pub urgent_accept_hours: Option<i32>,
    pub urgent_answer_hours: Option<i32>,
    /// The resident agreed to get the tracking code by text message.
    pub consent_sms: bool,
    /// An [`crate::domain::report::ActorKind`]: the official who filed it for a resident (assisted intake).
    pub filed_by_kind: Option<String>,
    /// Their account.
    pub filed_by_id: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
