use sea_orm::entity::prelude::*;

/// A notification to deliver: written with the change that raised it, delivered by the relay.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "outbox")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// A [`crate::domain::notify::NoticeKind`].
    pub kind: String,
    /// A [`crate::domain::notify::Audience`].
    pub audience: String,
    /// The deputy, station, unit, report (for its citizen) or resident's account it is for.
    pub recipient_id: Uuid,
    /// None for a resident's booking notices.
    pub report_id: Option<Uuid>,
    /// [`crate::domain::notify::NoticeFacts`] as JSON.
    pub facts: String,
    /// One notice per cause and recipient, however often the cause is written.
    #[sea_orm(unique)]
    pub dedupe_key: String,
    /// `pending`, `delivered` or `dead`.
    pub status: String,
    pub attempts: i32,
    pub next_attempt_at: DateTimeUtc,
    /// A relay working on it holds it until then.
    pub locked_until: Option<DateTimeUtc>,
    pub last_error: Option<String>,
    pub created_at: DateTimeUtc,
    pub delivered_at: Option<DateTimeUtc>,
    /// With Redis: when it was last put on the stream for a consumer to take.
    pub streamed_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
