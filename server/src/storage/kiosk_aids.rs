//! The record of what a kiosk offers beyond the form: calls for a member of staff, tracking codes reserved
//! ahead for reports saved offline, and photo drops a resident's phone sends photos to.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set};
use uuid::Uuid;

use super::entities::{help_call, photo_drop, photo_drop_photo, report, reserved_code};
use super::{Storage, StorageError};
use crate::domain::kiosk_aids::{HelpCall, PhotoDrop, ReservedCode, codes_to_reserve};
use crate::domain::tracking_code::TrackingCode;

/// Draws before giving up on finding a free code (each draw collides with odds of about 2⁻⁴⁴).
const DRAWS: usize = 5;

/// Calls listed at most.
const CALLS_LISTED: u64 = 100;

impl From<help_call::Model> for HelpCall {
    fn from(m: help_call::Model) -> Self {
        HelpCall {
            id: m.id,
            station_id: m.station_id,
            kiosk_id: m.kiosk_id,
            called_at: m.called_at,
            answered_at: m.answered_at,
            answered_by: m.answered_by,
        }
    }
}

impl From<reserved_code::Model> for ReservedCode {
    fn from(m: reserved_code::Model) -> Self {
        ReservedCode { code: m.code, kiosk_id: m.kiosk_id, reserved_at: m.reserved_at, report_id: m.report_id }
    }
}

/// A photo a drop received, without its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DropPhoto {
    pub position: u32,
    pub content_type: String,
    pub received_at: DateTime<Utc>,
}

impl Storage {
    /// Records a call for help from `kiosk`, unless its last call is still waiting and recent: then that
    /// one (`false`: nothing new).
    pub async fn call_for_help(&self, station_id: Uuid, kiosk_id: Uuid) -> Result<(HelpCall, bool), StorageError> {
        let now = self.now();
        let last = help_call::Entity::find()
            .filter(help_call::Column::KioskId.eq(kiosk_id))
            .order_by_desc(help_call::Column::CalledAt)
            .one(self.writer())
            .await?
            .map(HelpCall::from);
        if let Some(call) = last
            && call.repeated_by(now)
        {
            return Ok((call, false));
        }
        let row = help_call::ActiveModel {
            id: Set(Uuid::now_v7()),
            station_id: Set(station_id),
            kiosk_id: Set(kiosk_id),
            called_at: Set(now),
            answered_at: Set(None),
            answered_by: Set(None),
        }
        .insert(self.writer())
        .await?;
        Ok((row.into(), true))
    }

    /// A station's calls since `since`, newest first.
    pub async fn help_calls(&self, station_id: Uuid, since: DateTime<Utc>) -> Result<Vec<HelpCall>, StorageError> {
        let rows = help_call::Entity::find()
            .filter(help_call::Column::StationId.eq(station_id))
            .filter(help_call::Column::CalledAt.gte(since))
            .order_by_desc(help_call::Column::CalledAt)
            .limit(CALLS_LISTED)
            .all(self.reader())
            .await?;
        Ok(rows.into_iter().map(HelpCall::from).collect())
    }

    /// A call by id.
    pub async fn find_help_call(&self, id: Uuid) -> Result<Option<HelpCall>, StorageError> {
        Ok(help_call::Entity::find_by_id(id).one(self.writer()).await?.map(HelpCall::from))
    }

    /// Marks the call answered by `account` unless someone already answered it (the first answer stays);
    /// the call as it now stands, and whether this answer was the one recorded.
    pub async fn answer_help_call(&self, id: Uuid, account: Uuid) -> Result<Option<(HelpCall, bool)>, StorageError> {
        let answered = help_call::Entity::update_many()
            .col_expr(help_call::Column::AnsweredAt, Expr::value(self.now()))
            .col_expr(help_call::Column::AnsweredBy, Expr::value(account))
            .filter(help_call::Column::Id.eq(id))
            .filter(help_call::Column::AnsweredAt.is_null())
            .exec(self.writer())
            .await?
            .rows_affected
            == 1;
        Ok(self.find_help_call(id).await?.map(|call| (call, answered)))
    }

    /// The kiosk's unused reserved codes, first topped up to the pool's size.
    pub async fn reserve_codes(&self, kiosk_id: Uuid) -> Result<Vec<String>, StorageError> {
        let unused = || {
            reserved_code::Entity::find()
                .filter(reserved_code::Column::KioskId.eq(kiosk_id))
                .filter(reserved_code::Column::ReportId.is_null())
        };
        let held = usize::try_from(unused().count(self.writer()).await?).unwrap_or(usize::MAX);
        for _ in 0..codes_to_reserve(held) {
            self.reserve_one(kiosk_id).await?;
        }
        let rows = unused()
            .order_by_asc(reserved_code::Column::ReservedAt)
            .order_by_asc(reserved_code::Column::Code)
            .all(self.writer())
            .await?;
        Ok(rows.into_iter().map(|r| r.code).collect())
    }

    async fn reserve_one(&self, kiosk_id: Uuid) -> Result<(), StorageError> {
        let mut last = String::new();
        for _ in 0..DRAWS {
            let code = TrackingCode::generate(&mut rand::rng());
            if self.tracking_code_taken(code.as_str()).await? {
                continue;
            }
            let row = reserved_code::ActiveModel {
                code: Set(code.as_str().to_owned()),
                kiosk_id: Set(kiosk_id),
                reserved_at: Set(self.now()),
                report_id: Set(None),
            };
            match row.insert(self.writer()).await.map_err(StorageError::from) {
                Ok(_) => return Ok(()),
                Err(StorageError::Conflict(what)) => last = what,
                Err(other) => return Err(other),
            }
        }
        Err(StorageError::Conflict(last))
    }

    /// Whether a report carries `code` already.
    async fn tracking_code_taken(&self, code: &str) -> Result<bool, StorageError> {
        Ok(report::Entity::find().filter(report::Column::TrackingCode.eq(code)).count(self.writer()).await? > 0)
    }

    /// A reserved code as stored.
    pub async fn find_reserved_code(&self, code: &str) -> Result<Option<ReservedCode>, StorageError> {
        Ok(reserved_code::Entity::find_by_id(code.to_owned()).one(self.writer()).await?.map(ReservedCode::from))
    }

    /// Opens a drop for `kiosk` reached by the token whose hash is `token_hash`.
    pub async fn open_photo_drop(
        &self,
        kiosk_id: Uuid,
        token_hash: &str,
        expires_at: DateTime<Utc>,
    ) -> Result<PhotoDrop, StorageError> {
        let row = photo_drop::ActiveModel {
            id: Set(Uuid::now_v7()),
            token_hash: Set(token_hash.to_owned()),
            kiosk_id: Set(kiosk_id),
            created_at: Set(self.now()),
            expires_at: Set(expires_at),
        }
        .insert(self.writer())
        .await?;
        self.drop_with_count(row).await
    }

    /// The drop its token reaches.
    pub async fn find_photo_drop_by_token(&self, token_hash: &str) -> Result<Option<PhotoDrop>, StorageError> {
        let row =
            photo_drop::Entity::find().filter(photo_drop::Column::TokenHash.eq(token_hash)).one(self.writer()).await?;
        match row {
            Some(row) => Ok(Some(self.drop_with_count(row).await?)),
            None => Ok(None),
        }
    }

    /// A drop by id.
    pub async fn find_photo_drop(&self, id: Uuid) -> Result<Option<PhotoDrop>, StorageError> {
        match photo_drop::Entity::find_by_id(id).one(self.writer()).await? {
            Some(row) => Ok(Some(self.drop_with_count(row).await?)),
            None => Ok(None),
        }
    }

    async fn drop_with_count(&self, row: photo_drop::Model) -> Result<PhotoDrop, StorageError> {
        let photos = photo_drop_photo::Entity::find()
            .filter(photo_drop_photo::Column::DropId.eq(row.id))
            .count(self.writer())
            .await?;
        Ok(PhotoDrop {
            id: row.id,
            kiosk_id: row.kiosk_id,
            created_at: row.created_at,
            expires_at: row.expires_at,
            photos: usize::try_from(photos).unwrap_or(usize::MAX),
        })
    }

    /// Keeps a photo in the drop at the next position (a concurrent upload taking the same position is a
    /// `Conflict`).
    pub async fn add_drop_photo(
        &self,
        drop: &PhotoDrop,
        content_type: &str,
        content: Vec<u8>,
    ) -> Result<u32, StorageError> {
        let position = u32::try_from(drop.photos).unwrap_or(u32::MAX);
        photo_drop_photo::ActiveModel {
            id: Set(Uuid::now_v7()),
            drop_id: Set(drop.id),
            position: Set(i32::try_from(position).unwrap_or(i32::MAX)),
            content_type: Set(content_type.to_owned()),
            content: Set(content),
            created_at: Set(self.now()),
        }
        .insert(self.writer())
        .await?;
        Ok(position)
    }

    /// The drop's photos, in the order received, without their bytes.
    pub async fn drop_photos(&self, drop_id: Uuid) -> Result<Vec<DropPhoto>, StorageError> {
        let rows = photo_drop_photo::Entity::find()
            .select_only()
            .column(photo_drop_photo::Column::Position)
            .column(photo_drop_photo::Column::ContentType)
            .column(photo_drop_photo::Column::CreatedAt)
            .filter(photo_drop_photo::Column::DropId.eq(drop_id))
            .order_by_asc(photo_drop_photo::Column::Position)
            .into_tuple::<(i32, String, DateTime<Utc>)>()
            .all(self.writer())
            .await?;
        Ok(rows
            .into_iter()
            .map(|(position, content_type, received_at)| DropPhoto {
                position: u32::try_from(position).unwrap_or(0),
                content_type,
                received_at,
            })
            .collect())
    }

    /// One photo of a drop: its type and bytes.
    pub async fn drop_photo(&self, drop_id: Uuid, position: u32) -> Result<Option<(String, Vec<u8>)>, StorageError> {
        let row = photo_drop_photo::Entity::find()
            .filter(photo_drop_photo::Column::DropId.eq(drop_id))
            .filter(photo_drop_photo::Column::Position.eq(i32::try_from(position).unwrap_or(i32::MAX)))
            .one(self.writer())
            .await?;
        Ok(row.map(|r| (r.content_type, r.content)))
    }

    /// Forgets drops that expired before `before`, with their photos; how many.
    pub async fn sweep_photo_drops(&self, before: DateTime<Utc>) -> Result<u64, StorageError> {
        let expired: Vec<Uuid> = photo_drop::Entity::find()
            .select_only()
            .column(photo_drop::Column::Id)
            .filter(photo_drop::Column::ExpiresAt.lt(before))
            .into_tuple()
            .all(self.writer())
            .await?;
        if expired.is_empty() {
            return Ok(0);
        }
        photo_drop_photo::Entity::delete_many()
            .filter(photo_drop_photo::Column::DropId.is_in(expired.clone()))
            .exec(self.writer())
            .await?;
        Ok(photo_drop::Entity::delete_many()
            .filter(photo_drop::Column::Id.is_in(expired))
            .exec(self.writer())
            .await?
            .rows_affected)
    }
}
