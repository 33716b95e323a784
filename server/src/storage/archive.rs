//! What the points archive reads from the record (a deputy's attendance and reception duty in a period) and
//! the past years it keeps as they were scored.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, Set};
use uuid::Uuid;

use super::activities::AttendanceRecord;
use super::entities::{
    activity, activity_attendance, points_year, reception_absence, reception_day, reception_day_deputy,
};
use super::{Storage, StorageError};
use crate::domain::duty::activity::{Activity, ActivityStatus};
use crate::domain::duty::points::Archive;

impl Storage {
    /// The deputy's attendance records at activities starting in `[from, to)` that were not cancelled.
    pub async fn attendance_in_period(
        &self,
        deputy: Uuid,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<(Activity, AttendanceRecord)>, StorageError> {
        let records = activity_attendance::Entity::find()
            .filter(activity_attendance::Column::DeputyId.eq(deputy))
            .all(self.reader())
            .await?;
        let ids: Vec<Uuid> = records.iter().map(|r| r.activity_id).collect();
        let activities = activity::Entity::find()
            .filter(activity::Column::Id.is_in(ids))
            .filter(activity::Column::StartsAt.gte(from))
            .filter(activity::Column::StartsAt.lt(to))
            .filter(activity::Column::Status.ne(ActivityStatus::Cancelled.as_str()))
            .all(self.reader())
            .await?;
        let mut out = Vec::new();
        for row in activities {
            let Some(record) = records.iter().find(|r| r.activity_id == row.id) else { continue };
            out.push((Activity::try_from(row)?, AttendanceRecord::try_from(record.clone())?));
        }
        Ok(out)
    }

    /// The reception slots the deputy was on duty at that ended in `[from, to)` and before `now`, and was not
    /// marked absent from: id, start.
    pub async fn reception_duty_in_period(
        &self,
        deputy: Uuid,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<Vec<(Uuid, DateTime<Utc>)>, StorageError> {
        let links = reception_day_deputy::Entity::find()
            .filter(reception_day_deputy::Column::DeputyId.eq(deputy))
            .all(self.reader())
            .await?;
        let absent: Vec<Uuid> = reception_absence::Entity::find()
            .filter(reception_absence::Column::DeputyId.eq(deputy))
            .all(self.reader())
            .await?
            .into_iter()
            .map(|a| a.reception_day_id)
            .collect();
        let ids: Vec<Uuid> = links.iter().map(|l| l.reception_day_id).filter(|id| !absent.contains(id)).collect();
        Ok(reception_day::Entity::find()
            .filter(reception_day::Column::Id.is_in(ids))
            .filter(reception_day::Column::EndsAt.gte(from))
            .filter(reception_day::Column::EndsAt.lt(to))
            .filter(reception_day::Column::EndsAt.lte(now))
            .all(self.reader())
            .await?
            .into_iter()
            .map(|d| (d.id, d.starts_at))
            .collect())
    }

    /// The deputy's year as kept once it was over, if it was.
    pub async fn kept_points_year(&self, deputy: Uuid, year: i32) -> Result<Option<Archive>, StorageError> {
        let Some(row) = points_year::Entity::find_by_id((deputy, year)).one(self.reader()).await? else {
            return Ok(None);
        };
        serde_json::from_str(&row.archive).map(Some).map_err(|e| StorageError::Corrupt(format!("points year: {e}")))
    }

    /// Keeps a past year as scored (the first one kept stays: two instances keeping it at once agree).
    pub async fn keep_points_year(&self, deputy: Uuid, archive: &Archive) -> Result<(), StorageError> {
        let json = serde_json::to_string(archive).map_err(|e| StorageError::Corrupt(format!("points year: {e}")))?;
        let row = points_year::ActiveModel {
            deputy_id: Set(deputy),
            year: Set(archive.year),
            rules_version: Set(archive.rules_version.clone()),
            total: Set(archive.total),
            archive: Set(json),
            kept_at: Set(self.now()),
        };
        points_year::Entity::insert(row)
            .on_conflict(
                OnConflict::columns([points_year::Column::DeputyId, points_year::Column::Year]).do_nothing().to_owned(),
            )
            .do_nothing()
            .exec(self.writer())
            .await?;
        Ok(())
    }
}
