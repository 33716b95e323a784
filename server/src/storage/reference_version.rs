//! Knowing when what the public reads has changed. A transaction that changes the directory (areas,
//! categories, stations, deputies, portraits, reception days) or the places booked at a reception moves its
//! stored counter on ([`bump`]); once it has committed, this instance's generation of that kind moves on too
//! ([`Storage::reference_committed`]). Other instances see the stored counters move
//! ([`Storage::stored_reference_versions`], polled) and move their generations on. In-memory copies are kept
//! with the generation they were made in, and made again when it has moved.

use std::sync::atomic::{AtomicU64, Ordering};

use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};

use super::entities::reference_version;
use super::{Storage, StorageError};

/// What changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Changed {
    /// Areas, categories, stations, deputies and their portraits, reception days: what routing and every
    /// public read use.
    Directory,
    /// Places booked at reception days: only the listings of reception days show them.
    Bookings,
}

impl Changed {
    fn row(self) -> i32 {
        match self {
            Changed::Directory => 1,
            Changed::Bookings => 2,
        }
    }
}

/// This instance's generations, one per kind of change.
#[derive(Debug, Default)]
pub struct Generations {
    directory: AtomicU64,
    bookings: AtomicU64,
}

impl Generations {
    fn of(&self, kind: Changed) -> &AtomicU64 {
        match kind {
            Changed::Directory => &self.directory,
            Changed::Bookings => &self.bookings,
        }
    }
}

/// Moves the stored counter of `kind` on, inside the transaction that makes the change (the row is made if
/// it is missing).
pub(super) async fn bump(db: &impl ConnectionTrait, kind: Changed) -> Result<(), StorageError> {
    let moved = reference_version::Entity::update_many()
        .col_expr(reference_version::Column::Version, Expr::col(reference_version::Column::Version).add(1))
        .filter(reference_version::Column::Id.eq(kind.row()))
        .exec(db)
        .await?
        .rows_affected;
    if moved == 0 {
        reference_version::ActiveModel { id: Set(kind.row()), version: Set(1) }.insert(db).await?;
    }
    Ok(())
}

impl Storage {
    /// This instance's generation of what an answer depends on: the directory, and with `bookings` the
    /// places booked too. It moves on after a change here commits, or when another instance's is seen.
    pub fn reference_generation(&self, bookings: bool) -> u64 {
        let directory = self.reference_generations.of(Changed::Directory).load(Ordering::Acquire);
        if bookings {
            // Both only grow: their sum moves whenever either does.
            directory.wrapping_add(self.reference_generations.of(Changed::Bookings).load(Ordering::Acquire))
        } else {
            directory
        }
    }

    /// After a transaction that called [`bump`] with `kind` committed (here or elsewhere).
    pub fn reference_committed(&self, kind: Changed) {
        self.reference_generations.of(kind).fetch_add(1, Ordering::AcqRel);
    }

    /// The stored counters (every instance's changes): the directory's and the bookings'.
    pub async fn stored_reference_versions(&self) -> Result<(i64, i64), StorageError> {
        let rows =
            reference_version::Entity::find().order_by_asc(reference_version::Column::Id).all(self.reader()).await?;
        let of = |kind: Changed| rows.iter().find(|r| r.id == kind.row()).map_or(0, |r| r.version);
        Ok((of(Changed::Directory), of(Changed::Bookings)))
    }
}
