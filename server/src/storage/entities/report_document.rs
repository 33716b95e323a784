use sea_orm::entity::prelude::*;

/// A PDF document attached to a report (a handling unit's reply letter, a scan), stored as sent under
/// `storage_key` in the photo store; never shown to the citizen.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "report_documents")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub report_id: Uuid,
    /// 0, 1, … in the order they were attached.
    pub position: i32,
    pub byte_size: i64,
    pub sha256: String,
    pub storage_key: String,
    /// The file's name as sent, cleaned (for the download's name); may be empty.
    pub file_name: String,
    /// Who attached it: an `ActorKind`.
    pub attached_by: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
