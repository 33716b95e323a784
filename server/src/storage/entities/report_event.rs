use sea_orm::entity::prelude::*;

/// One entry of a report's append-only timeline. Rows are only ever inserted.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "report_events")]
pub struct Model {
    /// UUIDv7, so ids sort in the order events happened.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub report_id: Uuid,
    pub kind: String,
    pub visibility: String,
    pub actor_kind: String,
    pub actor_id: Option<Uuid>,
    pub note: Option<String>,
    pub from_status: Option<String>,
    pub to_status: Option<String>,
    /// The workflow action, for transitions.
    pub action: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
