//! Activities (履职活动): planned with their invited deputies, edited, recorded (minutes, findings, photos),
//! and attendance kept per deputy; every change with its audit entry in the same transaction.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait,
};
use uuid::Uuid;

use super::audit::{NewAuditEntry, append};
use super::entities::{activity, activity_attendance, activity_photo};
use super::{Storage, StorageError};
use crate::domain::duty::activity::{Activity, ActivityPlan, ActivityStatus, Attendance, AttendanceSource};

/// One deputy's attendance as kept.
#[derive(Debug, Clone, PartialEq)]
pub struct AttendanceRecord {
    pub deputy_id: Uuid,
    pub invited: bool,
    pub attendance: Attendance,
    pub source: AttendanceSource,
    pub checked_in_at: Option<DateTime<Utc>>,
}

/// A photo of an activity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActivityPhoto {
    pub position: i32,
    pub display_key: String,
    pub thumb_key: String,
    pub sha256: String,
}

/// A change to an activity; what is `None` stays.
#[derive(Debug, Clone, Default)]
pub struct ActivityChange {
    pub plan: Option<ActivityPlan>,
    pub status: Option<ActivityStatus>,
    pub minutes: Option<String>,
    pub findings: Option<String>,
    /// The deputies invited from now on: new ones are added; dropped ones go unless something was recorded
    /// for them (they came, or were excused or absent).
    pub invited: Option<Vec<Uuid>>,
}

impl TryFrom<activity::Model> for Activity {
    type Error = StorageError;

    fn try_from(row: activity::Model) -> Result<Self, StorageError> {
        Ok(Activity {
            id: row.id,
            station_id: row.station_id,
            kind: row.kind.parse()?,
            unannounced: row.unannounced,
            title: row.title,
            topic: row.topic,
            place: row.place,
            starts_at: row.starts_at,
            ends_at: row.ends_at,
            status: row.status.parse()?,
            minutes: row.minutes,
            findings: row.findings,
            check_in_token: row.check_in_token,
            created_at: row.created_at,
            updated_at: row.updated_at,
        })
    }
}

impl TryFrom<activity_attendance::Model> for AttendanceRecord {
    type Error = StorageError;

    fn try_from(row: activity_attendance::Model) -> Result<Self, StorageError> {
        Ok(AttendanceRecord {
            deputy_id: row.deputy_id,
            invited: row.invited,
            attendance: row.attendance.parse()?,
            source: row.source.parse()?,
            checked_in_at: row.checked_in_at,
        })
    }
}

fn invitation(activity_id: Uuid, deputy_id: Uuid, now: DateTime<Utc>) -> activity_attendance::ActiveModel {
    activity_attendance::ActiveModel {
        activity_id: Set(activity_id),
        deputy_id: Set(deputy_id),
        invited: Set(true),
        attendance: Set(Attendance::Invited.as_str().to_owned()),
        source: Set(AttendanceSource::Plan.as_str().to_owned()),
        checked_in_at: Set(None),
        updated_at: Set(now),
    }
}

impl Storage {
    /// Plans an activity at `station` with its invited deputies and check-in secret.
    pub async fn create_activity(
        &self,
        station: Uuid,
        plan: &ActivityPlan,
        invited: &[Uuid],
        check_in_token: &str,
        created_by: Option<Uuid>,
        audit: NewAuditEntry<'_>,
    ) -> Result<Activity, StorageError> {
        let now = self.now();
        let id = Uuid::now_v7();
        let txn = self.writer().begin().await?;
        let row = activity::ActiveModel {
            id: Set(id),
            station_id: Set(station),
            kind: Set(plan.kind.as_str().to_owned()),
            unannounced: Set(plan.unannounced),
            title: Set(plan.title.clone()),
            topic: Set(plan.topic.clone()),
            place: Set(plan.place.clone()),
            starts_at: Set(plan.starts_at),
            ends_at: Set(plan.ends_at),
            status: Set(ActivityStatus::Planned.as_str().to_owned()),
            minutes: Set(String::new()),
            findings: Set(String::new()),
            check_in_token: Set(check_in_token.to_owned()),
            created_by: Set(created_by),
            created_at: Set(now),
            updated_at: Set(now),
        }
        .insert(&txn)
        .await?;
        for deputy in invited {
            invitation(id, *deputy, now).insert(&txn).await?;
        }
        append(&txn, NewAuditEntry { subject: Some(format!("activity:{id}")), ..audit }, now).await?;
        txn.commit().await?;
        row.try_into()
    }

    /// Applies `change` to the activity; `None` when there is no such activity.
    pub async fn update_activity(
        &self,
        id: Uuid,
        change: &ActivityChange,
        audit: NewAuditEntry<'_>,
    ) -> Result<Option<Activity>, StorageError> {
        let now = self.now();
        let txn = self.writer().begin().await?;
        let Some(row) = activity::Entity::find_by_id(id).one(&txn).await? else { return Ok(None) };
        let mut row: activity::ActiveModel = row.into();
        if let Some(plan) = &change.plan {
            row.kind = Set(plan.kind.as_str().to_owned());
            row.unannounced = Set(plan.unannounced);
            row.title = Set(plan.title.clone());
            row.topic = Set(plan.topic.clone());
            row.place = Set(plan.place.clone());
            row.starts_at = Set(plan.starts_at);
            row.ends_at = Set(plan.ends_at);
        }
        if let Some(status) = change.status {
            row.status = Set(status.as_str().to_owned());
        }
        if let Some(minutes) = &change.minutes {
            row.minutes = Set(minutes.clone());
        }
        if let Some(findings) = &change.findings {
            row.findings = Set(findings.clone());
        }
        row.updated_at = Set(now);
        let row = row.update(&txn).await?;
        if let Some(invited) = &change.invited {
            let current = activity_attendance::Entity::find()
                .filter(activity_attendance::Column::ActivityId.eq(id))
                .all(&txn)
                .await?;
            for kept in &current {
                let still = invited.contains(&kept.deputy_id);
                if !still && kept.attendance == Attendance::Invited.as_str() {
                    activity_attendance::Entity::delete_by_id((id, kept.deputy_id)).exec(&txn).await?;
                } else if still != kept.invited {
                    let mut changed: activity_attendance::ActiveModel = kept.clone().into();
                    changed.invited = Set(still);
                    changed.updated_at = Set(now);
                    changed.update(&txn).await?;
                }
            }
            for deputy in invited.iter().filter(|d| !current.iter().any(|c| c.deputy_id == **d)) {
                invitation(id, *deputy, now).insert(&txn).await?;
            }
        }
        append(&txn, NewAuditEntry { subject: Some(format!("activity:{id}")), ..audit }, now).await?;
        txn.commit().await?;
        Ok(Some(row.try_into()?))
    }

    pub async fn find_activity(&self, id: Uuid) -> Result<Option<Activity>, StorageError> {
        activity::Entity::find_by_id(id).one(self.reader()).await?.map(Activity::try_from).transpose()
    }

    /// A station's activities starting in `[from, to)`, earliest first.
    pub async fn station_activities(
        &self,
        station: Uuid,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<Activity>, StorageError> {
        activity::Entity::find()
            .filter(activity::Column::StationId.eq(station))
            .filter(activity::Column::StartsAt.gte(from))
            .filter(activity::Column::StartsAt.lt(to))
            .order_by_asc(activity::Column::StartsAt)
            .all(self.reader())
            .await?
            .into_iter()
            .map(Activity::try_from)
            .collect()
    }

    /// Activities of `station` under way at `now`, give or take `margin` (a kiosk shows their check-in codes).
    pub async fn current_activities(
        &self,
        station: Uuid,
        now: DateTime<Utc>,
        margin: chrono::Duration,
    ) -> Result<Vec<Activity>, StorageError> {
        activity::Entity::find()
            .filter(activity::Column::StationId.eq(station))
            .filter(activity::Column::Status.ne(ActivityStatus::Cancelled.as_str()))
            .filter(activity::Column::StartsAt.lte(now + margin))
            .filter(activity::Column::EndsAt.gte(now - margin))
            .order_by_asc(activity::Column::StartsAt)
            .all(self.reader())
            .await?
            .into_iter()
            .map(Activity::try_from)
            .collect()
    }

    /// Who is invited to or recorded at the activity.
    pub async fn activity_attendance(&self, id: Uuid) -> Result<Vec<AttendanceRecord>, StorageError> {
        activity_attendance::Entity::find()
            .filter(activity_attendance::Column::ActivityId.eq(id))
            .all(self.reader())
            .await?
            .into_iter()
            .map(AttendanceRecord::try_from)
            .collect()
    }

    /// Records a deputy's attendance (inviting them along if they were not), with the audit entry.
    pub async fn record_attendance(
        &self,
        activity_id: Uuid,
        deputy_id: Uuid,
        attendance: Attendance,
        source: AttendanceSource,
        audit: NewAuditEntry<'_>,
    ) -> Result<AttendanceRecord, StorageError> {
        let now = self.now();
        let checked_in_at = (source == AttendanceSource::CheckIn).then_some(now);
        let txn = self.writer().begin().await?;
        let row = activity_attendance::ActiveModel {
            activity_id: Set(activity_id),
            deputy_id: Set(deputy_id),
            invited: Set(false),
            attendance: Set(attendance.as_str().to_owned()),
            source: Set(source.as_str().to_owned()),
            checked_in_at: Set(checked_in_at),
            updated_at: Set(now),
        };
        let mut update = vec![
            activity_attendance::Column::Attendance,
            activity_attendance::Column::Source,
            activity_attendance::Column::UpdatedAt,
        ];
        if checked_in_at.is_some() {
            update.push(activity_attendance::Column::CheckedInAt);
        }
        activity_attendance::Entity::insert(row)
            .on_conflict(
                OnConflict::columns([activity_attendance::Column::ActivityId, activity_attendance::Column::DeputyId])
                    .update_columns(update)
                    .to_owned(),
            )
            .exec(&txn)
            .await?;
        append(&txn, NewAuditEntry { subject: Some(format!("activity:{activity_id}")), ..audit }, now).await?;
        let stored = activity_attendance::Entity::find_by_id((activity_id, deputy_id))
            .one(&txn)
            .await?
            .ok_or_else(|| StorageError::Corrupt("attendance vanished in its transaction".into()))?;
        txn.commit().await?;
        stored.try_into()
    }

    /// The activities a deputy is invited to or recorded at, starting in `[from, to)`, with their record.
    pub async fn deputy_activities(
        &self,
        deputy_id: Uuid,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<(Activity, AttendanceRecord)>, StorageError> {
        let records = activity_attendance::Entity::find()
            .filter(activity_attendance::Column::DeputyId.eq(deputy_id))
            .all(self.reader())
            .await?;
        let ids: Vec<Uuid> = records.iter().map(|r| r.activity_id).collect();
        let activities = activity::Entity::find()
            .filter(activity::Column::Id.is_in(ids))
            .filter(activity::Column::StartsAt.gte(from))
            .filter(activity::Column::StartsAt.lt(to))
            .order_by_asc(activity::Column::StartsAt)
            .all(self.reader())
            .await?;
        let mut out = Vec::with_capacity(activities.len());
        for row in activities {
            let Some(record) = records.iter().find(|r| r.activity_id == row.id) else { continue };
            out.push((Activity::try_from(row)?, AttendanceRecord::try_from(record.clone())?));
        }
        Ok(out)
    }

    /// Adds photos (already in the store) to the activity after its last one; answers their positions.
    pub async fn add_activity_photos(
        &self,
        activity_id: Uuid,
        photos: &[ActivityPhoto],
        audit: NewAuditEntry<'_>,
    ) -> Result<Vec<i32>, StorageError> {
        let now = self.now();
        let txn = self.writer().begin().await?;
        let last: Option<i32> = activity_photo::Entity::find()
            .select_only()
            .column_as(activity_photo::Column::Position.max(), "last")
            .filter(activity_photo::Column::ActivityId.eq(activity_id))
            .into_tuple()
            .one(&txn)
            .await?
            .flatten();
        let mut positions = Vec::new();
        for (offset, photo) in photos.iter().enumerate() {
            let position = last.map_or(0, |l| l + 1) + i32::try_from(offset).unwrap_or(i32::MAX);
            activity_photo::ActiveModel {
                activity_id: Set(activity_id),
                position: Set(position),
                display_key: Set(photo.display_key.clone()),
                thumb_key: Set(photo.thumb_key.clone()),
                sha256: Set(photo.sha256.clone()),
                created_at: Set(now),
            }
            .insert(&txn)
            .await?;
            positions.push(position);
        }
        append(&txn, NewAuditEntry { subject: Some(format!("activity:{activity_id}")), ..audit }, now).await?;
        txn.commit().await?;
        Ok(positions)
    }

    /// The activity's photos in order.
    pub async fn activity_photos(&self, activity_id: Uuid) -> Result<Vec<ActivityPhoto>, StorageError> {
        Ok(activity_photo::Entity::find()
            .filter(activity_photo::Column::ActivityId.eq(activity_id))
            .order_by_asc(activity_photo::Column::Position)
            .all(self.reader())
            .await?
            .into_iter()
            .map(|p| ActivityPhoto {
                position: p.position,
                display_key: p.display_key,
                thumb_key: p.thumb_key,
                sha256: p.sha256,
            })
            .collect())
    }
}
