use sea_orm::entity::prelude::*;

/// A task of the committee's annual plan.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "plan_tasks")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub year: i32,
    pub title: String,
    pub detail: String,
    /// `committee`, `station` or `deputy`.
    pub owner_kind: String,
    /// The station's or deputy's id; none for the committee.
    pub owner_id: Option<Uuid>,
    pub due_on: Date,
    pub status: String,
    pub note: String,
    pub done_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
