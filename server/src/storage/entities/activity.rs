use sea_orm::entity::prelude::*;

/// An activity a station planned (履职活动).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "activities")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub station_id: Uuid,
    /// A [`crate::domain::duty::activity::ActivityKind`].
    pub kind: String,
    pub unannounced: bool,
    pub title: String,
    pub topic: String,
    pub place: String,
    pub starts_at: DateTimeUtc,
    pub ends_at: DateTimeUtc,
    /// A [`crate::domain::duty::activity::ActivityStatus`].
    pub status: String,
    pub minutes: String,
    pub findings: String,
    pub check_in_token: String,
    pub created_by: Option<Uuid>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
