//! One-time codes sent to phones: only the latest code for a phone counts, it is kept as a keyed hash,
//! expires, and allows a limited number of wrong guesses.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set, TransactionTrait};
use uuid::Uuid;

use super::entities::phone_code;
use super::{Storage, StorageError};

/// The verdict on a code typed by the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeCheck {
    Valid,
    /// Wrong; this many guesses remain.
    Wrong {
        remaining: u32,
    },
    /// No live code: none was sent, it expired, was used, or ran out of guesses.
    NoLiveCode,
}

impl Storage {
    /// Stores a new code for the phone; earlier codes stop counting. Returns its id.
    pub async fn store_phone_code(
        &self,
        phone_lookup: &str,
        code_hash: &str,
        expires_at: DateTime<Utc>,
    ) -> Result<Uuid, StorageError> {
        let now = self.now();
        let id = Uuid::now_v7();
        let txn = self.writer().begin().await?;
        phone_code::Entity::update_many()
            .col_expr(phone_code::Column::ConsumedAt, Expr::value(now))
            .filter(phone_code::Column::PhoneLookup.eq(phone_lookup))
            .filter(phone_code::Column::ConsumedAt.is_null())
            .exec(&txn)
            .await?;
        phone_code::ActiveModel {
            id: Set(id),
            phone_lookup: Set(phone_lookup.to_owned()),
            code_hash: Set(code_hash.to_owned()),
            expires_at: Set(expires_at),
            attempts: Set(0),
            consumed_at: Set(None),
            created_at: Set(now),
        }
        .insert(&txn)
        .await?;
        txn.commit().await?;
        Ok(id)
    }

    /// Withdraws a code that could not be sent.
    pub async fn withdraw_phone_code(&self, id: Uuid) -> Result<(), StorageError> {
        phone_code::Entity::update_many()
            .col_expr(phone_code::Column::ConsumedAt, Expr::value(self.now()))
            .filter(phone_code::Column::Id.eq(id))
            .exec(self.writer())
            .await?;
        Ok(())
    }

    /// Checks a guess against the phone's live code; a right guess uses the code up.
    pub async fn check_phone_code(
        &self,
        phone_lookup: &str,
        code_hash: &str,
        max_attempts: u32,
    ) -> Result<CodeCheck, StorageError> {
        let now = self.now();
        let txn = self.writer().begin().await?;
        let live = phone_code::Entity::find()
            .filter(phone_code::Column::PhoneLookup.eq(phone_lookup))
            .filter(phone_code::Column::ConsumedAt.is_null())
            .filter(phone_code::Column::ExpiresAt.gt(now))
            .order_by_desc(phone_code::Column::Id)
            .one(&txn)
            .await?;
        let Some(live) = live else { return Ok(CodeCheck::NoLiveCode) };
        let used = u32::try_from(live.attempts).unwrap_or(u32::MAX);
        if used >= max_attempts {
            return Ok(CodeCheck::NoLiveCode);
        }
        let verdict = if live.code_hash == code_hash {
            let claimed = phone_code::Entity::update_many()
                .col_expr(phone_code::Column::ConsumedAt, Expr::value(now))
                .filter(phone_code::Column::Id.eq(live.id))
                .filter(phone_code::Column::ConsumedAt.is_null())
                .exec(&txn)
                .await?
                .rows_affected
                == 1;
            if claimed { CodeCheck::Valid } else { CodeCheck::NoLiveCode }
        } else {
            let mut update = phone_code::Entity::update_many()
                .col_expr(phone_code::Column::Attempts, Expr::col(phone_code::Column::Attempts).add(1))
                .filter(phone_code::Column::Id.eq(live.id));
            if used + 1 >= max_attempts {
                update = update.col_expr(phone_code::Column::ConsumedAt, Expr::value(now));
            }
            update.exec(&txn).await?;
            CodeCheck::Wrong { remaining: max_attempts - used - 1 }
        };
        txn.commit().await?;
        Ok(verdict)
    }
}
