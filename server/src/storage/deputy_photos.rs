//! Deputies' portraits: which renditions in the photo store are a deputy's portrait, set and removed
//! together with the audit entry that records it.

use sea_orm::sea_query::OnConflict;
use sea_orm::{EntityTrait, Set, TransactionTrait};
use uuid::Uuid;

use super::audit::{NewAuditEntry, append};
use super::entities::deputy_photo;
use super::{Storage, StorageError};

/// A portrait's renditions in the photo store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeputyPortrait {
    pub display_key: String,
    pub thumb_key: String,
    /// Of the upload: the portrait's version.
    pub sha256: String,
}

impl From<deputy_photo::Model> for DeputyPortrait {
    fn from(row: deputy_photo::Model) -> Self {
        Self { display_key: row.display_key, thumb_key: row.thumb_key, sha256: row.sha256 }
    }
}

impl Storage {
    /// The deputy's portrait, if they have one.
    pub async fn deputy_portrait(&self, deputy: Uuid) -> Result<Option<DeputyPortrait>, StorageError> {
        Ok(deputy_photo::Entity::find_by_id(deputy).one(self.reader()).await?.map(DeputyPortrait::from))
    }

    /// Makes `portrait` the deputy's and records it; answers the portrait it replaced.
    pub async fn set_deputy_portrait(
        &self,
        deputy: Uuid,
        portrait: &DeputyPortrait,
        audit: NewAuditEntry<'_>,
    ) -> Result<Option<DeputyPortrait>, StorageError> {
        let now = self.now();
        let txn = self.writer().begin().await?;
        let before = deputy_photo::Entity::find_by_id(deputy).one(&txn).await?.map(DeputyPortrait::from);
        deputy_photo::Entity::insert(deputy_photo::ActiveModel {
            deputy_id: Set(deputy),
            display_key: Set(portrait.display_key.clone()),
            thumb_key: Set(portrait.thumb_key.clone()),
            sha256: Set(portrait.sha256.clone()),
            updated_at: Set(now),
        })
        .on_conflict(
            OnConflict::column(deputy_photo::Column::DeputyId)
                .update_columns([
                    deputy_photo::Column::DisplayKey,
                    deputy_photo::Column::ThumbKey,
                    deputy_photo::Column::Sha256,
                    deputy_photo::Column::UpdatedAt,
                ])
                .to_owned(),
        )
        .exec(&txn)
        .await?;
        append(&txn, audit, now).await?;
        super::reference_version::bump(&txn, super::reference_version::Changed::Directory).await?;
        txn.commit().await?;
        self.reference_committed(super::reference_version::Changed::Directory);
        Ok(before)
    }

    /// Removes the deputy's portrait and records it; answers the portrait removed (none when there was none,
    /// and then nothing is recorded).
    pub async fn remove_deputy_portrait(
        &self,
        deputy: Uuid,
        audit: NewAuditEntry<'_>,
    ) -> Result<Option<DeputyPortrait>, StorageError> {
        let txn = self.writer().begin().await?;
        let before = deputy_photo::Entity::find_by_id(deputy).one(&txn).await?.map(DeputyPortrait::from);
        if before.is_some() {
            deputy_photo::Entity::delete_by_id(deputy).exec(&txn).await?;
            append(&txn, audit, self.now()).await?;
            super::reference_version::bump(&txn, super::reference_version::Changed::Directory).await?;
        }
        txn.commit().await?;
        if before.is_some() {
            self.reference_committed(super::reference_version::Changed::Directory);
        }
        Ok(before)
    }
}
