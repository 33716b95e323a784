use sea_orm::entity::prelude::*;

/// A photo received by a drop, re-encoded (no metadata), kept until the drop is swept.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "photo_drop_photos")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub drop_id: Uuid,
    /// 0, 1, … in the order received.
    pub position: i32,
    pub content_type: String,
    pub content: Vec<u8>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
