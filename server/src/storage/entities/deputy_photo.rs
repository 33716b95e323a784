use sea_orm::entity::prelude::*;

/// A deputy's portrait: the keys of its renditions in the photo store.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "deputy_photos")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub deputy_id: Uuid,
    pub display_key: String,
    pub thumb_key: String,
    /// Of the upload; also what a photo link carries, so a new portrait gets a new link.
    pub sha256: String,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
