use sea_orm::entity::prelude::*;

/// A written review opinion (审议意见) sent to a department.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "review_opinions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub station_id: Uuid,
    pub activity_id: Option<Uuid>,
    /// The department: a handling unit.
    pub unit_id: Uuid,
    pub title: String,
    pub body: String,
    pub due_at: DateTimeUtc,
    /// An [`crate::domain::duty::opinion::OpinionStatus`].
    pub status: String,
    pub sent_at: Option<DateTimeUtc>,
    pub reply: String,
    pub replied_at: Option<DateTimeUtc>,
    pub closed_at: Option<DateTimeUtc>,
    pub escalated_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
