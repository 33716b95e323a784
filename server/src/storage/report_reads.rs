//! Reading reports: by id, the citizen's tracking view, the lists and queues of the people who handle them,
//! and the facts that decide who may reach one.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use super::entities::{category, report, report_event, report_photo, station};
use super::records::all;
use super::{Storage, StorageError};
use crate::domain::directory::{Category, Station};
use crate::domain::report::record::{Report, ReportEvent};
use crate::domain::report::{ReportStatus, Visibility};
use crate::domain::tracking_code::TrackingCode;

/// Which reports a work queue holds.
#[derive(Debug, Clone, Default)]
pub struct QueueFilter {
    /// Reports of these stations (filed at or routed to); all when `None`.
    pub stations: Option<Vec<Uuid>>,
    pub deputy: Option<Uuid>,
    /// Reports forwarded to this handling unit.
    pub unit: Option<Uuid>,
    /// Any of these statuses; all when empty.
    pub statuses: Vec<ReportStatus>,
    pub category: Option<Uuid>,
    /// Only those whose current step was due before this instant.
    pub overdue_at: Option<DateTime<Utc>>,
    /// Only those escalated to at least this supervision level.
    pub min_escalation: Option<u8>,
}

/// A report with the names it points at, for the views of the people who handle it.
#[derive(Debug, Clone)]
pub struct ReportRecord {
    pub report: Report,
    pub category: Category,
    pub station: Option<Station>,
    pub photo_count: u64,
}

/// What the citizen may see of a report.
#[derive(Debug, Clone)]
pub struct TrackedReport {
    pub report: Report,
    pub public_events: Vec<ReportEvent>,
}

impl Storage {
    /// The report with this tracking code.
    pub async fn find_report_by_tracking_code(&self, code: &TrackingCode) -> Result<Option<Report>, StorageError> {
        let row =
            report::Entity::find().filter(report::Column::TrackingCode.eq(code.as_str())).one(self.reader()).await?;
        row.map(Report::try_from).transpose()
    }

    /// A report by id.
    pub async fn find_report(&self, id: Uuid) -> Result<Option<Report>, StorageError> {
        report::Entity::find_by_id(id).one(self.writer()).await?.map(Report::try_from).transpose()
    }

    /// The reports merged into this one as duplicates (not those merged into them).
    pub async fn reports_merged_into(&self, primary: Uuid) -> Result<Vec<Report>, StorageError> {
        all(report::Entity::find()
            .filter(report::Column::MergedInto.eq(primary))
            .order_by_asc(report::Column::Id)
            .all(self.writer())
            .await?)
    }

    /// Every timeline entry of a report, oldest first.
    pub async fn report_events(&self, report_id: Uuid) -> Result<Vec<ReportEvent>, StorageError> {
        all(report_event::Entity::find()
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
        let public_events = report_event::Entity::find()
            .filter(report_event::Column::ReportId.eq(report.id))
            .filter(report_event::Column::Visibility.eq(Visibility::Public.as_str()))
            .order_by_asc(report_event::Column::Id)
            .all(db)
            .await?;
        Ok(Some(TrackedReport { report: report.try_into()?, public_events: all(public_events)? }))
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

    /// Reports whose citizen let them be shown and that have an answer, newest answer first, of one station
    /// (filed there or routed there) or all; `before` is the last one of the page before (its answer's instant
    /// and id). Duplicates merged into another and withdrawn reports are left out.
    pub async fn published_reports(
        &self,
        station_id: Option<Uuid>,
        before: Option<(DateTime<Utc>, Uuid)>,
        limit: u64,
    ) -> Result<Vec<ReportRow>, StorageError> {
        use report::Column as C;
        let mut query = report::Entity::find()
            .filter(C::ConsentPublish.eq(true))
            .filter(C::AnsweredAt.is_not_null())
            .filter(C::AnswerText.is_not_null())
            .filter(C::MergedInto.is_null())
            .filter(
                sea_orm::Condition::any()
                    .add(C::Outcome.is_null())
                    .add(C::Outcome.ne(crate::domain::workflow::Outcome::Withdrawn.as_str())),
            )
            .order_by_desc(C::AnsweredAt)
            .order_by_desc(C::Id)
            .limit(limit);
        if let Some(station) = station_id {
            query = query
                .filter(sea_orm::Condition::any().add(C::StationId.eq(station)).add(C::RoutedStationId.eq(station)));
        }
        if let Some((at, id)) = before {
            query = query.filter(
                sea_orm::Condition::any()
                    .add(C::AnsweredAt.lt(at))
                    .add(sea_orm::Condition::all().add(C::AnsweredAt.eq(at)).add(C::Id.lt(id))),
            );
        }
        let reports = query.all(self.reader()).await?;
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
        if let Some(unit) = filter.unit {
            query = query.filter(report::Column::HandlingUnitId.eq(unit));
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
        if let Some(level) = filter.min_escalation {
            query = query.filter(report::Column::EscalationLevel.gte(i32::from(level)));
        }
        if let Some(after) = after {
            query = query.filter(report::Column::Id.gt(after));
        }
        let reports = query.all(self.reader()).await?;
        self.with_names(reports).await
    }

    async fn with_names(&self, reports: Vec<report::Model>) -> Result<Vec<ReportRow>, StorageError> {
        let db = self.reader();
        let category_ids: Vec<Uuid> = reports.iter().map(|r| r.category_id).collect();
        let station_ids: Vec<Uuid> = reports.iter().filter_map(|r| r.station_id).collect();
        let categories: HashMap<Uuid, Category> = category::Entity::find()
            .filter(category::Column::Id.is_in(category_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|c| (c.id, c.into()))
            .collect();
        let stations: HashMap<Uuid, Station> = station::Entity::find()
            .filter(station::Column::Id.is_in(station_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|s| (s.id, s.into()))
            .collect();
        reports
            .into_iter()
            .map(|r| {
                let category = categories
                    .get(&r.category_id)
                    .cloned()
                    .ok_or_else(|| StorageError::Corrupt(format!("report {} has no category", r.id)))?;
                let station = r.station_id.and_then(|id| stations.get(&id).cloned());
                Ok((r.try_into()?, category, station))
            })
            .collect()
    }
}

/// A report with its category and station.
pub type ReportRow = (Report, Category, Option<Station>);
