//! Knowing when what the public reads has changed: a transaction that changes the directory, categories,
//! reception days, bookings or portraits moves the stored counter on ([`bump`]), and once it has committed
//! this instance's generation moves on too ([`Storage::reference_committed`]); other instances see the stored
//! counter move ([`Storage::stored_reference_version`], polled) and move their generation on. In-memory copies
//! are kept with the generation they were made in, and made again when it has moved.

use std::sync::atomic::Ordering;

use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use super::entities::reference_version;
use super::{Storage, StorageError};

/// Moves the stored counter on, inside the transaction that makes the change.
pub(super) async fn bump(db: &impl ConnectionTrait) -> Result<(), StorageError> {
    reference_version::Entity::update_many()
        .col_expr(reference_version::Column::Version, Expr::col(reference_version::Column::Version).add(1))
        .filter(reference_version::Column::Id.eq(1))
        .exec(db)
        .await?;
    Ok(())
}

impl Storage {
    /// This instance's generation of what the public reads: it moves on after a change here commits, or
    /// when another instance's change is seen.
    pub fn reference_generation(&self) -> u64 {
        self.reference_generation.load(Ordering::Acquire)
    }

    /// After a transaction that called [`bump`] committed.
    pub(super) fn reference_committed(&self) {
        self.reference_generation.fetch_add(1, Ordering::AcqRel);
    }

    /// A change was seen elsewhere (another instance, or the command line): copies made before are stale.
    pub fn reference_changed_elsewhere(&self) {
        self.reference_committed();
    }

    /// The stored counter (every instance's changes).
    pub async fn stored_reference_version(&self) -> Result<i64, StorageError> {
        Ok(reference_version::Entity::find_by_id(1).one(self.reader()).await?.map_or(0, |row| row.version))
    }
}
