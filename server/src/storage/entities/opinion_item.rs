use sea_orm::entity::prelude::*;

/// One problem an opinion lists, closed with evidence.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "opinion_items")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub opinion_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub position: i32,
    pub text: String,
    /// An [`crate::domain::duty::opinion::ItemStatus`].
    pub status: String,
    pub evidence: String,
    pub closed_at: Option<DateTimeUtc>,
    pub closed_by: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
