//! Reports: intake (report, photos, first timeline entry and idempotency record in one transaction) and the
//! citizen's tracking view.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set, TransactionTrait,
};
use uuid::Uuid;

use super::entities::{category, idempotency_key, report, report_event, report_photo, station};
use super::{Storage, StorageError};
use crate::domain::report::{EventKind, ReportStatus, ValidReport, Visibility};
use crate::domain::tracking_code::TrackingCode;

/// How many fresh tracking codes to try when one is already taken (at 2⁴⁴ codes this is never reached).
const TRACKING_CODE_ATTEMPTS: usize = 5;

/// A photo already written to the photo store, to be recorded with its report.
#[derive(Debug, Clone)]
pub struct NewPhoto {
    pub content_type: String,
    pub byte_size: i64,
    pub sha256: String,
    pub storage_key: String,
}

/// Everything needed to record a new report.
#[derive(Debug, Clone)]
pub struct NewReport {
    pub id: Uuid,
    pub report: ValidReport,
    pub category_id: Uuid,
    pub station_id: Option<Uuid>,
    pub photos: Vec<NewPhoto>,
    pub submitted_at: DateTime<Utc>,
}

/// The client's `Idempotency-Key` and the fingerprint of its request.
#[derive(Debug, Clone, Copy)]
pub struct IdempotencyClaim<'a> {
    pub key: &'a str,
    pub fingerprint: &'a str,
}

/// The outcome of an intake.
#[derive(Debug)]
pub enum Intake {
    /// The report was stored under this tracking code.
    Created(TrackingCode),
    /// Another request with the same key got there first; here is what it recorded.
    AlreadyClaimed(idempotency_key::Model),
}

/// What the citizen may see of a report.
#[derive(Debug, Clone)]
pub struct TrackedReport {
    pub report: report::Model,
    pub category: category::Model,
    pub station: Option<station::Model>,
    pub photo_count: u64,
    pub public_events: Vec<report_event::Model>,
}

impl Storage {
    /// Finds a stored idempotency key.
    pub async fn find_idempotency_key(&self, key: &str) -> Result<Option<idempotency_key::Model>, StorageError> {
        // Read through the writer: a key committed a moment ago must be seen.
        Ok(idempotency_key::Entity::find_by_id(key.to_owned()).one(self.writer()).await?)
    }

    /// Stores a report with its photos, its first timeline entry and (when given) the idempotency record,
    /// all in one transaction, under a freshly drawn tracking code.
    pub async fn create_report(
        &self,
        new: &NewReport,
        claim: Option<IdempotencyClaim<'_>>,
    ) -> Result<Intake, StorageError> {
        let mut last_conflict = String::new();
        for _ in 0..TRACKING_CODE_ATTEMPTS {
            let code = TrackingCode::generate(&mut rand::rng());
            match self.insert_report(new, &code, claim).await {
                Ok(()) => return Ok(Intake::Created(code)),
                Err(StorageError::Conflict(what)) => {
                    if let Some(claim) = claim
                        && let Some(existing) = self.find_idempotency_key(claim.key).await?
                    {
                        return Ok(Intake::AlreadyClaimed(existing));
                    }
                    // Otherwise the tracking code was taken: draw another.
                    last_conflict = what;
                }
                Err(other) => return Err(other),
            }
        }
        Err(StorageError::Conflict(last_conflict))
    }

    async fn insert_report(
        &self,
        new: &NewReport,
        code: &TrackingCode,
        claim: Option<IdempotencyClaim<'_>>,
    ) -> Result<(), StorageError> {
        let r = &new.report;
        let txn = self.writer().begin().await?;
        report::ActiveModel {
            id: Set(new.id),
            tracking_code: Set(code.as_str().to_owned()),
            category_id: Set(new.category_id),
            station_id: Set(new.station_id),
            title: Set(r.title.clone()),
            description: Set(r.description.clone()),
            lat: Set(r.location.map(|p| p.lat)),
            lng: Set(r.location.map(|p| p.lng)),
            address: Set(r.address.clone()),
            contact_name: Set(r.contact_name.clone()),
            contact_phone: Set(r.contact_phone.clone()),
            channel: Set(r.channel.as_str().to_owned()),
            anonymous: Set(r.anonymous),
            consent_personal_info: Set(r.consent.personal_info),
            consent_phone_call: Set(r.consent.phone_call),
            status: Set(ReportStatus::Submitted.as_str().to_owned()),
            created_at: Set(new.submitted_at),
            updated_at: Set(new.submitted_at),
        }
        .insert(&txn)
        .await?;
        report_event::ActiveModel {
            id: Set(Uuid::now_v7()),
            report_id: Set(new.id),
            kind: Set(EventKind::Submitted.as_str().to_owned()),
            visibility: Set(Visibility::Public.as_str().to_owned()),
            actor_kind: Set(r.channel.submitting_actor().as_str().to_owned()),
            actor_id: Set(None),
            note: Set(None),
            created_at: Set(new.submitted_at),
        }
        .insert(&txn)
        .await?;
        for (position, photo) in new.photos.iter().enumerate() {
            report_photo::ActiveModel {
                id: Set(Uuid::now_v7()),
                report_id: Set(new.id),
                position: Set(i32::try_from(position).unwrap_or(i32::MAX)),
                content_type: Set(photo.content_type.clone()),
                byte_size: Set(photo.byte_size),
                sha256: Set(photo.sha256.clone()),
                storage_key: Set(photo.storage_key.clone()),
                created_at: Set(new.submitted_at),
            }
            .insert(&txn)
            .await?;
        }
        if let Some(claim) = claim {
            // Inserted last: a concurrent request with the same key waits here (PostgreSQL) or behind the
            // single writer (SQLite), then fails on the primary key and rolls its whole report back.
            idempotency_key::ActiveModel {
                key: Set(claim.key.to_owned()),
                fingerprint: Set(claim.fingerprint.to_owned()),
                report_id: Set(new.id),
                created_at: Set(new.submitted_at),
            }
            .insert(&txn)
            .await?;
        }
        txn.commit().await?;
        Ok(())
    }

    /// A report by id.
    pub async fn find_report(&self, id: Uuid) -> Result<Option<report::Model>, StorageError> {
        Ok(report::Entity::find_by_id(id).one(self.writer()).await?)
    }

    /// The citizen's view of the report with this code, or `None`.
    pub async fn track_report(&self, code: &TrackingCode) -> Result<Option<TrackedReport>, StorageError> {
        let db = self.reader();
        let Some(report) =
            report::Entity::find().filter(report::Column::TrackingCode.eq(code.as_str())).one(db).await?
        else {
            return Ok(None);
        };
        let category = category::Entity::find_by_id(report.category_id)
            .one(db)
            .await?
            .ok_or_else(|| StorageError::Corrupt(format!("report {} has no category", report.id)))?;
        let station = match report.station_id {
            Some(id) => station::Entity::find_by_id(id).one(db).await?,
            None => None,
        };
        let photo_count =
            report_photo::Entity::find().filter(report_photo::Column::ReportId.eq(report.id)).count(db).await?;
        let public_events = report_event::Entity::find()
            .filter(report_event::Column::ReportId.eq(report.id))
            .filter(report_event::Column::Visibility.eq(Visibility::Public.as_str()))
            .order_by_asc(report_event::Column::Id)
            .all(db)
            .await?;
        Ok(Some(TrackedReport { report, category, station, photo_count, public_events }))
    }
}
