//! Reports: intake (report, photos, first timeline entry and idempotency record in one transaction) and the
//! citizen's tracking view.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
    TransactionTrait,
};
use uuid::Uuid;

use super::entities::{category, idempotency_key, report, report_event, report_photo, station};
use super::outbox::NewNotice;
use super::{Storage, StorageError};
use crate::domain::notify::{Audience, NoticeFacts, NoticeKind};
use crate::domain::report::{ActorKind, EventKind, ReportStatus, ValidReport, Visibility};
use crate::domain::tracking_code::TrackingCode;

/// How many fresh tracking codes to try when one is already taken (at 2⁴⁴ codes this is never reached).
const TRACKING_CODE_ATTEMPTS: usize = 5;

/// A photo's renditions, already written to the photo store, to be recorded with its report.
#[derive(Debug, Clone)]
pub struct NewPhoto {
    /// Of both renditions.
    pub content_type: String,
    /// Of the display rendition.
    pub byte_size: i64,
    /// Of the upload.
    pub sha256: String,
    /// The display rendition.
    pub storage_key: String,
    pub thumb_key: String,
    pub original_key: Option<String>,
    pub width: i32,
    pub height: i32,
    pub thumb_width: i32,
    pub thumb_height: i32,
}

impl NewPhoto {
    /// Every store key the photo occupies.
    pub fn keys(&self) -> Vec<&str> {
        let mut keys = vec![self.storage_key.as_str(), self.thumb_key.as_str()];
        keys.extend(self.original_key.as_deref());
        keys
    }
}

/// Which reports a work queue holds.
#[derive(Debug, Clone, Default)]
pub struct QueueFilter {
    /// Reports of these stations (filed at or routed to); all when `None`.
    pub stations: Option<Vec<Uuid>>,
    pub deputy: Option<Uuid>,
    /// Any of these statuses; all when empty.
    pub statuses: Vec<ReportStatus>,
    pub category: Option<Uuid>,
    /// Only those whose current step was due before this instant.
    pub overdue_at: Option<DateTime<Utc>>,
}

/// Who a photo came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhotoSource {
    /// Sent with the report.
    Citizen,
    /// Attached to a handling unit's reply; never shown to the citizen.
    UnitReply,
}

impl PhotoSource {
    pub fn as_str(self) -> &'static str {
        match self {
            PhotoSource::Citizen => "citizen",
            PhotoSource::UnitReply => "unit_reply",
        }
    }
}

/// The row for a processed photo at `position` of a report.
pub(super) fn photo_row(
    report_id: Uuid,
    position: usize,
    photo: &NewPhoto,
    source: PhotoSource,
    at: DateTime<Utc>,
) -> report_photo::ActiveModel {
    report_photo::ActiveModel {
        id: Set(Uuid::now_v7()),
        report_id: Set(report_id),
        position: Set(i32::try_from(position).unwrap_or(i32::MAX)),
        content_type: Set(photo.content_type.clone()),
        byte_size: Set(photo.byte_size),
        sha256: Set(photo.sha256.clone()),
        storage_key: Set(photo.storage_key.clone()),
        created_at: Set(at),
        thumb_key: Set(Some(photo.thumb_key.clone())),
        original_key: Set(photo.original_key.clone()),
        width: Set(Some(photo.width)),
        height: Set(Some(photo.height)),
        thumb_width: Set(Some(photo.thumb_width)),
        thumb_height: Set(Some(photo.thumb_height)),
        source: Set(source.as_str().to_owned()),
    }
}

/// Everything needed to record a new report.
#[derive(Debug, Clone)]
pub struct NewReport {
    pub id: Uuid,
    pub report: ValidReport,
    pub category_id: Uuid,
    pub station_id: Option<Uuid>,
    /// The community or grid the citizen picked.
    pub area_id: Option<Uuid>,
    /// The building the citizen picked.
    pub building_id: Option<Uuid>,
    pub photos: Vec<NewPhoto>,
    /// `assigned` or `triage`, from routing.
    pub status: ReportStatus,
    /// When the first step (assess or accept) is due.
    pub due_at: Option<DateTime<Utc>>,
    pub submitted_at: DateTime<Utc>,
    /// Who filed it: recorded on the first timeline entry.
    pub actor: (ActorKind, Option<Uuid>),
    /// The signed-in citizen who filed it.
    pub citizen_id: Option<Uuid>,
    /// The kiosk it was filed at.
    pub kiosk_id: Option<Uuid>,
    /// The contact phone, encrypted, and its keyed lookup hash. `report.contact_phone` is never stored.
    pub contact_phone_cipher: Option<String>,
    pub contact_phone_lookup: Option<String>,
    pub routing: RoutingRecord,
    /// For the notice to whoever takes it.
    pub category_name: crate::domain::Localized,
}

/// What routing decided for a new report, stored with it in the same transaction.
#[derive(Debug, Clone)]
pub struct RoutingRecord {
    /// `assigned` or `triage`.
    pub state: &'static str,
    pub deputy_id: Option<Uuid>,
    pub station_id: Option<Uuid>,
    /// The reason, as staff read it.
    pub reason: String,
}

/// A report with the names it points at, for the views of the people who handle it.
#[derive(Debug, Clone)]
pub struct ReportRecord {
    pub report: report::Model,
    pub category: category::Model,
    pub station: Option<station::Model>,
    pub photo_count: u64,
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
            contact_phone: Set(None),
            channel: Set(r.channel.as_str().to_owned()),
            anonymous: Set(r.anonymous),
            consent_personal_info: Set(r.consent.personal_info),
            consent_phone_call: Set(r.consent.phone_call),
            status: Set(new.status.as_str().to_owned()),
            created_at: Set(new.submitted_at),
            updated_at: Set(new.submitted_at),
            citizen_id: Set(new.citizen_id),
            kiosk_id: Set(new.kiosk_id),
            assigned_deputy_id: Set(new.routing.deputy_id),
            contact_phone_cipher: Set(new.contact_phone_cipher.clone()),
            contact_phone_lookup: Set(new.contact_phone_lookup.clone()),
            routing_state: Set(Some(new.routing.state.to_owned())),
            routing_reason: Set(Some(new.routing.reason.clone())),
            routed_station_id: Set(new.routing.station_id),
            assigned_at: Set(new.routing.deputy_id.map(|_| new.submitted_at)),
            area_id: Set(new.area_id),
            building_id: Set(new.building_id),
            due_at: Set(new.due_at),
            answer_due_at: Set(None),
            outcome: Set(None),
            verdict: Set(None),
            rating_comment: Set(None),
            answer_text: Set(None),
            answered_at: Set(None),
            first_answered_at: Set(None),
            first_answer_due_at: Set(None),
            closed_at: Set(None),
            handling_unit_id: Set(None),
            extension_days: Set(None),
            reopen_count: Set(0),
            escalation_level: Set(0),
            due_soon_noticed: Set(false),
            version: Set(0),
            merged_into: Set(None),
            follow_up: Set(None),
            follow_up_at: Set(None),
        }
        .insert(&txn)
        .await?;
        report_event::ActiveModel {
            id: Set(Uuid::now_v7()),
            report_id: Set(new.id),
            kind: Set(EventKind::Submitted.as_str().to_owned()),
            visibility: Set(Visibility::Public.as_str().to_owned()),
            actor_kind: Set(new.actor.0.as_str().to_owned()),
            actor_id: Set(new.actor.1),
            note: Set(None),
            from_status: Set(None),
            to_status: Set(None),
            action: Set(None),
            created_at: Set(new.submitted_at),
        }
        .insert(&txn)
        .await?;
        // Routing's decision, on the internal timeline: staff see who took it and why.
        let routed = if new.routing.deputy_id.is_some() { EventKind::Assigned } else { EventKind::Triaged };
        report_event::ActiveModel {
            id: Set(Uuid::now_v7()),
            report_id: Set(new.id),
            kind: Set(routed.as_str().to_owned()),
            visibility: Set(Visibility::Internal.as_str().to_owned()),
            actor_kind: Set(ActorKind::System.as_str().to_owned()),
            actor_id: Set(None),
            note: Set(Some(new.routing.reason.clone())),
            from_status: Set(Some(ReportStatus::Submitted.as_str().to_owned())),
            to_status: Set(Some(new.status.as_str().to_owned())),
            action: Set(None),
            created_at: Set(new.submitted_at),
        }
        .insert(&txn)
        .await?;
        for (position, photo) in new.photos.iter().enumerate() {
            photo_row(new.id, position, photo, PhotoSource::Citizen, new.submitted_at).insert(&txn).await?;
        }
        // Whoever takes it next hears of it: the deputy it went to, or the station's staff for triage.
        let facts =
            NoticeFacts { tracking_code: code.as_str().to_owned(), category: new.category_name.clone(), step: None };
        let notice = match (new.routing.deputy_id, new.routing.station_id) {
            (Some(deputy), _) => Some((NoticeKind::Assigned, Audience::Deputy, deputy)),
            (None, Some(station)) => Some((NoticeKind::Triage, Audience::Station, station)),
            (None, None) => None,
        };
        if let Some((kind, audience, recipient_id)) = notice {
            let notice =
                NewNotice { kind, audience, recipient_id, report_id: new.id, facts, cause: "intake".to_owned() };
            super::outbox::enqueue(&txn, &[notice], new.submitted_at).await?;
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
        self.announce_notices(1);
        Ok(())
    }

    /// A report by id.
    pub async fn find_report(&self, id: Uuid) -> Result<Option<report::Model>, StorageError> {
        Ok(report::Entity::find_by_id(id).one(self.writer()).await?)
    }

    /// Every timeline entry of a report, oldest first.
    pub async fn report_events(&self, report_id: Uuid) -> Result<Vec<report_event::Model>, StorageError> {
        Ok(report_event::Entity::find()
            .filter(report_event::Column::ReportId.eq(report_id))
            .order_by_asc(report_event::Column::Id)
            .all(self.reader())
            .await?)
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
        let photo_count = report_photo::Entity::find()
            .filter(report_photo::Column::ReportId.eq(report.id))
            .filter(report_photo::Column::Source.eq(PhotoSource::Citizen.as_str()))
            .count(db)
            .await?;
        let public_events = report_event::Entity::find()
            .filter(report_event::Column::ReportId.eq(report.id))
            .filter(report_event::Column::Visibility.eq(Visibility::Public.as_str()))
            .order_by_asc(report_event::Column::Id)
            .all(db)
            .await?;
        Ok(Some(TrackedReport { report, category, station, photo_count, public_events }))
    }

    /// A report with its category, station and photo count.
    pub async fn report_record(&self, id: Uuid) -> Result<Option<ReportRecord>, StorageError> {
        let db = self.reader();
        let Some(report) = report::Entity::find_by_id(id).one(db).await? else {
            return Ok(None);
        };
        let mut records = self.with_names(vec![report]).await?;
        let Some((report, category, station)) = records.pop() else { return Ok(None) };
        let photo_count =
            report_photo::Entity::find().filter(report_photo::Column::ReportId.eq(report.id)).count(db).await?;
        Ok(Some(ReportRecord { report, category, station, photo_count }))
    }

    /// A citizen's own reports, newest first.
    pub async fn citizen_reports(&self, citizen_id: Uuid, limit: u64) -> Result<Vec<ReportRow>, StorageError> {
        let reports = report::Entity::find()
            .filter(report::Column::CitizenId.eq(citizen_id))
            .order_by_desc(report::Column::Id)
            .limit(limit)
            .all(self.reader())
            .await?;
        self.with_names(reports).await
    }

    /// A station's reports (filed there, or routed there), newest first.
    pub async fn station_reports(&self, station_id: Uuid, limit: u64) -> Result<Vec<ReportRow>, StorageError> {
        let reports = report::Entity::find()
            .filter(
                sea_orm::Condition::any()
                    .add(report::Column::StationId.eq(station_id))
                    .add(report::Column::RoutedStationId.eq(station_id)),
            )
            .order_by_desc(report::Column::Id)
            .limit(limit)
            .all(self.reader())
            .await?;
        self.with_names(reports).await
    }

    /// One page of a work queue, oldest first, after the report `after`.
    pub async fn report_queue(
        &self,
        filter: &QueueFilter,
        after: Option<Uuid>,
        limit: u64,
    ) -> Result<Vec<ReportRow>, StorageError> {
        let mut query = report::Entity::find().order_by_asc(report::Column::Id).limit(limit);
        if let Some(stations) = &filter.stations {
            query = query.filter(
                sea_orm::Condition::any()
                    .add(report::Column::StationId.is_in(stations.clone()))
                    .add(report::Column::RoutedStationId.is_in(stations.clone())),
            );
        }
        if let Some(deputy) = filter.deputy {
            query = query.filter(report::Column::AssignedDeputyId.eq(deputy));
        }
        if !filter.statuses.is_empty() {
            query = query.filter(report::Column::Status.is_in(filter.statuses.iter().map(|s| s.as_str())));
        }
        if let Some(category) = filter.category {
            query = query.filter(report::Column::CategoryId.eq(category));
        }
        if let Some(now) = filter.overdue_at {
            query = query.filter(report::Column::DueAt.lt(now));
        }
        if let Some(after) = after {
            query = query.filter(report::Column::Id.gt(after));
        }
        let reports = query.all(self.reader()).await?;
        self.with_names(reports).await
    }

    /// Reports submitted in `[from, to)`, of these stations (all when `None`), for statistics.
    pub async fn reports_in_period(
        &self,
        stations: Option<&[Uuid]>,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<report::Model>, StorageError> {
        let mut query =
            report::Entity::find().filter(report::Column::CreatedAt.gte(from)).filter(report::Column::CreatedAt.lt(to));
        if let Some(stations) = stations {
            query = query.filter(
                sea_orm::Condition::any()
                    .add(report::Column::StationId.is_in(stations.to_vec()))
                    .add(report::Column::RoutedStationId.is_in(stations.to_vec())),
            );
        }
        Ok(query.all(self.reader()).await?)
    }

    async fn with_names(&self, reports: Vec<report::Model>) -> Result<Vec<ReportRow>, StorageError> {
        let db = self.reader();
        let category_ids: Vec<Uuid> = reports.iter().map(|r| r.category_id).collect();
        let station_ids: Vec<Uuid> = reports.iter().filter_map(|r| r.station_id).collect();
        let categories: HashMap<Uuid, category::Model> = category::Entity::find()
            .filter(category::Column::Id.is_in(category_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|c| (c.id, c))
            .collect();
        let stations: HashMap<Uuid, station::Model> = station::Entity::find()
            .filter(station::Column::Id.is_in(station_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|s| (s.id, s))
            .collect();
        reports
            .into_iter()
            .map(|r| {
                let category = categories
                    .get(&r.category_id)
                    .cloned()
                    .ok_or_else(|| StorageError::Corrupt(format!("report {} has no category", r.id)))?;
                let station = r.station_id.and_then(|id| stations.get(&id).cloned());
                Ok((r, category, station))
            })
            .collect()
    }

    /// Encrypts the plain-text phone numbers of reports filed before encryption existed, with `seal`
    /// returning (ciphertext, lookup hash). Returns how many were converted. Runs at startup.
    pub async fn encrypt_plaintext_phones(
        &self,
        seal: impl Fn(&str) -> (String, String),
    ) -> Result<usize, StorageError> {
        let plain =
            report::Entity::find().filter(report::Column::ContactPhone.is_not_null()).all(self.writer()).await?;
        let txn = self.writer().begin().await?;
        for row in &plain {
            let Some(phone) = &row.contact_phone else { continue };
            let (cipher, lookup) = seal(phone);
            report::Entity::update_many()
                .col_expr(report::Column::ContactPhoneCipher, Expr::value(cipher))
                .col_expr(report::Column::ContactPhoneLookup, Expr::value(lookup))
                .col_expr(report::Column::ContactPhone, Expr::value(Option::<String>::None))
                .filter(report::Column::Id.eq(row.id))
                .exec(&txn)
                .await?;
        }
        txn.commit().await?;
        Ok(plain.len())
    }
}

/// A report with its category and station.
pub type ReportRow = (report::Model, category::Model, Option<station::Model>);
