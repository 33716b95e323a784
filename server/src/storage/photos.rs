//! Photo rows: finding a report's photos, the keys in use by reports and deputies' portraits (for the sweep),
//! and upgrading rows of the first release to renditions.

use std::collections::HashSet;

use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use super::entities::{activity_photo, deputy_photo, report_photo};
use super::records::all;
use super::reports::NewPhoto;
use super::{Storage, StorageError};
use crate::domain::report::record::ReportPhoto;

impl Storage {
    /// A report's photos in the order they were sent.
    pub async fn report_photos(&self, report_id: Uuid) -> Result<Vec<ReportPhoto>, StorageError> {
        all(report_photo::Entity::find()
            .filter(report_photo::Column::ReportId.eq(report_id))
            .order_by_asc(report_photo::Column::Position)
            .all(self.reader())
            .await?)
    }

    /// Every store key that a photo row points at.
    pub async fn referenced_photo_keys(&self) -> Result<HashSet<String>, StorageError> {
        let rows: Vec<(String, Option<String>, Option<String>)> = report_photo::Entity::find()
            .select_only()
            .column(report_photo::Column::StorageKey)
            .column(report_photo::Column::ThumbKey)
            .column(report_photo::Column::OriginalKey)
            .into_tuple()
            .all(self.writer())
            .await?;
        let mut keys = HashSet::with_capacity(rows.len() * 2);
        for (display, thumb, original) in rows {
            keys.insert(display);
            keys.extend(thumb);
            keys.extend(original);
        }
        let portraits: Vec<(String, String)> = deputy_photo::Entity::find()
            .select_only()
            .column(deputy_photo::Column::DisplayKey)
            .column(deputy_photo::Column::ThumbKey)
            .into_tuple()
            .all(self.writer())
            .await?;
        keys.extend(portraits.into_iter().flat_map(|(display, thumb)| [display, thumb]));
        let activities: Vec<(String, String)> = activity_photo::Entity::find()
            .select_only()
            .column(activity_photo::Column::DisplayKey)
            .column(activity_photo::Column::ThumbKey)
            .into_tuple()
            .all(self.writer())
            .await?;
        keys.extend(activities.into_iter().flat_map(|(display, thumb)| [display, thumb]));
        Ok(keys)
    }

    /// Whether any report's photo, deputy's portrait or activity's photo points at `key`.
    pub async fn photo_key_in_use(&self, key: &str) -> Result<bool, StorageError> {
        let uses = report_photo::Entity::find()
            .filter(
                Condition::any()
                    .add(report_photo::Column::StorageKey.eq(key))
                    .add(report_photo::Column::ThumbKey.eq(key))
                    .add(report_photo::Column::OriginalKey.eq(key)),
            )
            .count(self.writer())
            .await?;
        let portraits = deputy_photo::Entity::find()
            .filter(
                Condition::any()
                    .add(deputy_photo::Column::DisplayKey.eq(key))
                    .add(deputy_photo::Column::ThumbKey.eq(key)),
            )
            .count(self.writer())
            .await?;
        let activities = activity_photo::Entity::find()
            .filter(
                Condition::any()
                    .add(activity_photo::Column::DisplayKey.eq(key))
                    .add(activity_photo::Column::ThumbKey.eq(key)),
            )
            .count(self.writer())
            .await?;
        Ok(uses + portraits + activities > 0)
    }

    /// Rows stored by the first release (the raw upload, no renditions yet).
    pub async fn legacy_photos(&self, limit: u64) -> Result<Vec<ReportPhoto>, StorageError> {
        all(report_photo::Entity::find()
            .filter(report_photo::Column::ThumbKey.is_null())
            .order_by_asc(report_photo::Column::Id)
            .limit(limit)
            .all(self.writer())
            .await?)
    }

    /// Points a first-release row at its new renditions.
    pub async fn upgrade_photo(&self, id: Uuid, photo: &NewPhoto) -> Result<(), StorageError> {
        report_photo::Entity::update_many()
            .col_expr(report_photo::Column::ContentType, Expr::value(photo.content_type.clone()))
            .col_expr(report_photo::Column::ByteSize, Expr::value(photo.byte_size))
            .col_expr(report_photo::Column::StorageKey, Expr::value(photo.storage_key.clone()))
            .col_expr(report_photo::Column::ThumbKey, Expr::value(photo.thumb_key.clone()))
            .col_expr(report_photo::Column::OriginalKey, Expr::value(photo.original_key.clone()))
            .col_expr(report_photo::Column::Width, Expr::value(photo.width))
            .col_expr(report_photo::Column::Height, Expr::value(photo.height))
            .col_expr(report_photo::Column::ThumbWidth, Expr::value(photo.thumb_width))
            .col_expr(report_photo::Column::ThumbHeight, Expr::value(photo.thumb_height))
            .filter(report_photo::Column::Id.eq(id))
            .exec(self.writer())
            .await?;
        Ok(())
    }
}
