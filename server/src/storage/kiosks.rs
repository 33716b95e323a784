//! Kiosk devices: one-time enrollment codes, enrollment, listing and revocation.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set, TransactionTrait};
use uuid::Uuid;

use super::entities::{kiosk, session};
use super::{Storage, StorageError};
use crate::domain::directory::Kiosk;

/// The outcome of presenting an enrollment code.
#[derive(Debug, Clone, PartialEq)]
pub enum Enrollment {
    Enrolled(Kiosk),
    /// Unknown, already used, expired, or of a revoked kiosk.
    Refused,
}

impl Storage {
    /// Records a kiosk awaiting enrollment with the hash of its one-time code.
    pub async fn create_kiosk(
        &self,
        station_id: Uuid,
        label: &str,
        code_hash: &str,
        expires_at: DateTime<Utc>,
        created_by: Option<Uuid>,
    ) -> Result<Kiosk, StorageError> {
        let row = kiosk::ActiveModel {
            id: Set(Uuid::now_v7()),
            station_id: Set(station_id),
            label: Set(label.to_owned()),
            enrollment_code_hash: Set(Some(code_hash.to_owned())),
            enrollment_expires_at: Set(Some(expires_at)),
            enrolled_at: Set(None),
            revoked_at: Set(None),
            created_by: Set(created_by),
            created_at: Set(self.now()),
            last_seen_at: Set(None),
        }
        .insert(self.writer())
        .await?;
        Ok(row.into())
    }

    /// Uses an enrollment code once: the kiosk becomes enrolled and the code is forgotten.
    pub async fn enroll_kiosk(&self, code_hash: &str) -> Result<Enrollment, StorageError> {
        let now = self.now();
        let txn = self.writer().begin().await?;
        let Some(found) =
            kiosk::Entity::find().filter(kiosk::Column::EnrollmentCodeHash.eq(code_hash)).one(&txn).await?
        else {
            return Ok(Enrollment::Refused);
        };
        let claimed = kiosk::Entity::update_many()
            .col_expr(kiosk::Column::EnrolledAt, Expr::value(now))
            .col_expr(kiosk::Column::EnrollmentCodeHash, Expr::value(Option::<String>::None))
            .filter(kiosk::Column::Id.eq(found.id))
            .filter(kiosk::Column::EnrollmentCodeHash.eq(code_hash))
            .filter(kiosk::Column::RevokedAt.is_null())
            .filter(kiosk::Column::EnrollmentExpiresAt.gt(now))
            .exec(&txn)
            .await?
            .rows_affected
            == 1;
        if !claimed {
            return Ok(Enrollment::Refused);
        }
        let enrolled = kiosk::Entity::find_by_id(found.id)
            .one(&txn)
            .await?
            .ok_or_else(|| StorageError::Corrupt(format!("kiosk {} vanished while enrolling", found.id)))?;
        txn.commit().await?;
        Ok(Enrollment::Enrolled(enrolled.into()))
    }

    /// Writes down that the kiosk called in now, unless it did less than a minute ago.
    pub async fn kiosk_seen(&self, id: Uuid, last_seen_at: Option<DateTime<Utc>>) -> Result<(), StorageError> {
        let now = self.now();
        if !Kiosk::seen_is_stale(last_seen_at, now) {
            return Ok(());
        }
        kiosk::Entity::update_many()
            .col_expr(kiosk::Column::LastSeenAt, Expr::value(now))
            .filter(kiosk::Column::Id.eq(id))
            .exec(self.writer())
            .await?;
        Ok(())
    }

    pub async fn find_kiosk(&self, id: Uuid) -> Result<Option<Kiosk>, StorageError> {
        Ok(kiosk::Entity::find_by_id(id).one(self.reader()).await?.map(Kiosk::from))
    }

    /// A station's kiosks, oldest first.
    pub async fn station_kiosks(&self, station_id: Uuid) -> Result<Vec<Kiosk>, StorageError> {
        let rows = kiosk::Entity::find()
            .filter(kiosk::Column::StationId.eq(station_id))
            .order_by_asc(kiosk::Column::Id)
            .all(self.reader())
            .await?;
        Ok(rows.into_iter().map(Kiosk::from).collect())
    }

    /// Revokes a kiosk and ends its sessions; its tokens stop working at once.
    pub async fn revoke_kiosk(&self, id: Uuid) -> Result<(), StorageError> {
        let now = self.now();
        let txn = self.writer().begin().await?;
        kiosk::Entity::update_many()
            .col_expr(kiosk::Column::RevokedAt, Expr::value(now))
            .col_expr(kiosk::Column::EnrollmentCodeHash, Expr::value(Option::<String>::None))
            .filter(kiosk::Column::Id.eq(id))
            .filter(kiosk::Column::RevokedAt.is_null())
            .exec(&txn)
            .await?;
        session::Entity::update_many()
            .col_expr(session::Column::RevokedAt, Expr::value(now))
            .col_expr(session::Column::RevokedReason, Expr::value("kiosk_revoked"))
            .filter(session::Column::SubjectKind.eq("kiosk"))
            .filter(session::Column::SubjectId.eq(id))
            .filter(session::Column::RevokedAt.is_null())
            .exec(&txn)
            .await?;
        txn.commit().await?;
        Ok(())
    }
}
