use sea_orm::entity::prelude::*;

/// A photo attached to a report. The display rendition lives in the photo store under `storage_key`, the
/// thumbnail under `thumb_key`; both in the format of `content_type`. A row whose `thumb_key` is empty was
/// stored by the first release (the raw upload) and is processed at startup.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "report_photos")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub report_id: Uuid,
    pub position: i32,
    pub content_type: String,
    pub byte_size: i64,
    pub sha256: String,
    pub storage_key: String,
    pub created_at: DateTimeUtc,
    pub thumb_key: Option<String>,
    /// The upload as received, only when `photos.keep_originals` is on.
    pub original_key: Option<String>,
    pub width: Option<i32>,
    pub height: Option<i32>,
    pub thumb_width: Option<i32>,
    pub thumb_height: Option<i32>,
    /// `citizen` (sent with the report) or `unit_reply` (a handling unit's reply; never shown to the citizen).
    pub source: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
