//! Filing reports: intake (report, photos, first timeline entries, notices and idempotency record written whole),
//! photo rows and the idempotency records.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set, TransactionTrait};
use uuid::Uuid;

use super::entities::{idempotency_key, outbox, report, report_event, report_photo, reserved_code};
use super::one_statement::OneStatement;
use super::outbox::NewNotice;
use super::{Storage, StorageError};
use crate::domain::notify::NoticeFacts;
use crate::domain::report::record::{PhotoSource, RoutingState};
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
    /// That citizen hears by WeChat.
    pub citizen_wechat: bool,
    /// The kiosk it was filed at.
    pub kiosk_id: Option<Uuid>,
    /// The official who filed it for a resident (assisted intake).
    pub filed_by: Option<(ActorKind, Uuid)>,
    /// The contact phone, encrypted, and its keyed lookup hash. `report.contact_phone` is never stored.
    pub contact_phone_cipher: Option<String>,
    pub contact_phone_lookup: Option<String>,
    pub routing: RoutingRecord,
    /// For the notice to whoever takes it.
    pub category_name: crate::domain::Localized,
    /// Who is told of the new report.
    pub recipients: Vec<crate::domain::recipients::Recipient>,
}

/// What routing decided for a new report, stored with it in the same transaction.
#[derive(Debug, Clone)]
pub struct RoutingRecord {
    pub state: RoutingState,
    pub deputy_id: Option<Uuid>,
    pub station_id: Option<Uuid>,
    /// The reason, as staff read it.
    pub reason: String,
}

/// The client's `Idempotency-Key` and the fingerprint of its request.
#[derive(Debug, Clone, Copy)]
pub struct IdempotencyClaim<'a> {
    pub key: &'a str,
    pub fingerprint: &'a str,
}

/// A stored `Idempotency-Key`: the request it was first used for, and the report that request created.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimedKey {
    /// SHA-256 of the normalised request, to tell a retry from a different request.
    pub fingerprint: String,
    pub report_id: Uuid,
}

/// The outcome of an intake.
#[derive(Debug)]
pub enum Intake {
    /// The report was stored under this tracking code.
    Created(TrackingCode),
    /// Another request with the same key got there first; here is what it recorded.
    AlreadyClaimed(ClaimedKey),
}

/// The stored idempotency record of `claim` for `report_id`; a key already stored fails its insert.
pub(super) fn claim_row(
    claim: IdempotencyClaim<'_>,
    report_id: Uuid,
    at: DateTime<Utc>,
) -> idempotency_key::ActiveModel {
    idempotency_key::ActiveModel {
        key: Set(claim.key.to_owned()),
        fingerprint: Set(claim.fingerprint.to_owned()),
        report_id: Set(report_id),
        created_at: Set(at),
    }
}

/// A tracking code some kiosk holds for a report it saved offline: draw another.
const CODE_RESERVED: &str = "reserved_codes.code";
/// The reservation is not this kiosk's, or a report took it already.
const RESERVATION_TAKEN: &str = "reserved_codes.report_id";

/// The rows one new report writes: the report, its first timeline entries, its photos, the notices to whoever
/// takes it, and the idempotency record.
struct IntakeRows {
    report: report::ActiveModel,
    events: Vec<report_event::ActiveModel>,
    photos: Vec<report_photo::ActiveModel>,
    notices: Vec<outbox::ActiveModel>,
    claim: Option<idempotency_key::ActiveModel>,
}

impl IntakeRows {
    fn of(new: &NewReport, code: &TrackingCode, claim: Option<IdempotencyClaim<'_>>) -> Result<Self, StorageError> {
        let r = &new.report;
        let report = report::ActiveModel {
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
            consent_publish: Set(r.consent.publish),
            consent_publish_photos: Set(r.consent.publish_photos),
            status: Set(new.status.as_str().to_owned()),
            created_at: Set(new.submitted_at),
            updated_at: Set(new.submitted_at),
            citizen_id: Set(new.citizen_id),
            citizen_wechat: Set(new.citizen_wechat),
            kiosk_id: Set(new.kiosk_id),
            assigned_deputy_id: Set(new.routing.deputy_id),
            contact_phone_cipher: Set(new.contact_phone_cipher.clone()),
            contact_phone_lookup: Set(new.contact_phone_lookup.clone()),
            routing_state: Set(Some(new.routing.state.as_str().to_owned())),
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
            urgent_accept_hours: Set(None),
            urgent_answer_hours: Set(None),
            consent_sms: Set(r.consent.sms),
            filed_by_kind: Set(new.filed_by.map(|(kind, _)| kind.as_str().to_owned())),
            filed_by_id: Set(new.filed_by.map(|(_, id)| id)),
        };
        let submitted = report_event::ActiveModel {
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
        };
        // Routing's decision, on the internal timeline: staff see who took it and why.
        let routed = if new.routing.deputy_id.is_some() { EventKind::Assigned } else { EventKind::Triaged };
        let decided = report_event::ActiveModel {
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
        };
        let photos = new
            .photos
            .iter()
            .enumerate()
            .map(|(position, photo)| photo_row(new.id, position, photo, PhotoSource::Citizen, new.submitted_at))
            .collect();
        // Whoever takes it next hears of it (the intake service decided who).
        let facts = NoticeFacts::about_report(code.as_str().to_owned(), new.category_name.clone(), None);
        let notices: Vec<NewNotice> = new
            .recipients
            .iter()
            .map(|to| NewNotice {
                kind: to.kind,
                audience: to.audience,
                recipient_id: to.id,
                report_id: Some(new.id),
                facts: facts.clone(),
                cause: "intake".to_owned(),
            })
            .collect();
        Ok(Self {
            report,
            events: vec![submitted, decided],
            photos,
            notices: super::outbox::rows(&notices, new.submitted_at)?,
            claim: claim.map(|claim| claim_row(claim, new.id, new.submitted_at)),
        })
    }
}

impl Storage {
    /// Finds a stored idempotency key.
    pub async fn find_idempotency_key(&self, key: &str) -> Result<Option<ClaimedKey>, StorageError> {
        // Read through the writer: a key committed a moment ago must be seen.
        let row = idempotency_key::Entity::find_by_id(key.to_owned()).one(self.writer()).await?;
        Ok(row.map(|k| ClaimedKey { fingerprint: k.fingerprint, report_id: k.report_id }))
    }

    /// Stores a report with its photos, its first timeline entries, its notices and (when given) the
    /// idempotency record, written whole (one statement on PostgreSQL, one transaction on SQLite), under a
    /// freshly drawn tracking code.
    pub async fn create_report(
        &self,
        new: &NewReport,
        claim: Option<IdempotencyClaim<'_>>,
    ) -> Result<Intake, StorageError> {
        if let Some(code) = &new.report.reserved_code {
            // A code reserved ahead: this one or none.
            return match self.insert_report(new, code, claim).await {
                Ok(()) => Ok(Intake::Created(code.clone())),
                Err(StorageError::Conflict(what)) => match claim {
                    Some(claim) => match self.find_idempotency_key(claim.key).await? {
                        Some(existing) => Ok(Intake::AlreadyClaimed(existing)),
                        None => Err(StorageError::Conflict(what)),
                    },
                    None => Err(StorageError::Conflict(what)),
                },
                Err(other) => Err(other),
            };
        }
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
        let rows = IntakeRows::of(new, code, claim)?;
        if self.is_sqlite() {
            self.write_in_transaction(new, code, rows).await?;
        } else {
            self.write_in_one_statement(new, code, rows).await?;
        }
        self.announce_notices(1);
        Ok(())
    }

    /// SQLite: the rows in one transaction behind the single writer (each statement is a call within this
    /// process, not a round trip).
    async fn write_in_transaction(
        &self,
        new: &NewReport,
        code: &TrackingCode,
        rows: IntakeRows,
    ) -> Result<(), StorageError> {
        let txn = self.writer().begin().await?;
        if new.report.reserved_code.is_some() {
            // Claims the reservation: the kiosk's, unused; a second report under it is a conflict.
            let claimed = reserved_code::Entity::update_many()
                .col_expr(reserved_code::Column::ReportId, Expr::value(new.id))
                .filter(reserved_code::Column::Code.eq(code.as_str()))
                .filter(reserved_code::Column::KioskId.eq(new.kiosk_id.unwrap_or_default()))
                .filter(reserved_code::Column::ReportId.is_null())
                .exec(&txn)
                .await?
                .rows_affected;
            if claimed != 1 {
                return Err(StorageError::Conflict(RESERVATION_TAKEN.to_owned()));
            }
        } else if reserved_code::Entity::find_by_id(code.as_str().to_owned()).one(&txn).await?.is_some() {
            // A freshly drawn code some kiosk holds: draw another.
            return Err(StorageError::Conflict(CODE_RESERVED.to_owned()));
        }
        rows.report.insert(&txn).await?;
        for event in rows.events {
            event.insert(&txn).await?;
        }
        for photo in rows.photos {
            photo.insert(&txn).await?;
        }
        for notice in rows.notices {
            outbox::Entity::insert(notice)
                .on_conflict(super::outbox::on_same_cause())
                .exec_without_returning(&txn)
                .await?;
        }
        if let Some(claim) = rows.claim {
            // Inserted last: a concurrent request with the same key waits behind the single writer, then
            // fails on the primary key and rolls its whole report back.
            claim.insert(&txn).await?;
        }
        txn.commit().await?;
        Ok(())
    }

    /// PostgreSQL: the rows in one statement, one round trip. The report is inserted only when its code is
    /// free (or, for a reserved code, when this kiosk's unused reservation is claimed in the same statement);
    /// every other row only when the report was. A taken tracking code or idempotency key fails the whole
    /// statement on its unique index, as in a transaction; a concurrent request with the same key waits for
    /// the first one's statement, then fails.
    async fn write_in_one_statement(
        &self,
        new: &NewReport,
        code: &TrackingCode,
        rows: IntakeRows,
    ) -> Result<(), StorageError> {
        let mut statement = OneStatement::default();
        let guard = if new.report.reserved_code.is_some() {
            let (report_id, reserved, kiosk) = (
                statement.bind(new.id),
                statement.bind(code.as_str()),
                statement.bind(new.kiosk_id.unwrap_or_default()),
            );
            statement.part(
                "reservation",
                format!(
                    "UPDATE \"reserved_codes\" SET \"report_id\" = {report_id} WHERE \"code\" = {reserved} \
                     AND \"kiosk_id\" = {kiosk} AND \"report_id\" IS NULL RETURNING 1"
                ),
            );
            "EXISTS (SELECT 1 FROM reservation)".to_owned()
        } else {
            let drawn = statement.bind(code.as_str());
            format!("NOT EXISTS (SELECT 1 FROM \"reserved_codes\" WHERE \"code\" = {drawn})")
        };
        statement.insert_if("report", &rows.report, &guard)?;
        statement.insert_each("events", &rows.events, "report", &[])?;
        statement.insert_each("photos", &rows.photos, "report", &[])?;
        statement.insert_each("notices", &rows.notices, "report", &[outbox::Column::DedupeKey])?;
        if let Some(claim) = rows.claim {
            statement.insert_each("claim", &[claim], "report", &[])?;
        }
        if statement.run(self.writer(), "report").await? == 1 {
            return Ok(());
        }
        let what = if new.report.reserved_code.is_some() { RESERVATION_TAKEN } else { CODE_RESERVED };
        Err(StorageError::Conflict(what.to_owned()))
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
