//! The reports of a period as statistics and the ledger need them: only the columns they read (no
//! description, contact or answer), so a year of a busy district fits in memory.

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, FromQueryResult, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use super::entities::report;
use super::records::parse_optional;
use super::{Storage, StorageError};
use crate::domain::stats::ReportFacts;
use crate::domain::stats::grouping::StatRow;
use crate::domain::stats::ledger::ReportLine;

#[derive(Debug, FromQueryResult)]
struct Slim {
    id: Uuid,
    tracking_code: String,
    title: Option<String>,
    category_id: Uuid,
    station_id: Option<Uuid>,
    routed_station_id: Option<Uuid>,
    assigned_deputy_id: Option<Uuid>,
    handling_unit_id: Option<Uuid>,
    area_id: Option<Uuid>,
    building_id: Option<Uuid>,
    channel: String,
    status: String,
    outcome: Option<String>,
    verdict: Option<String>,
    created_at: DateTime<Utc>,
    first_answered_at: Option<DateTime<Utc>>,
    first_answer_due_at: Option<DateTime<Utc>>,
    due_at: Option<DateTime<Utc>>,
    closed_at: Option<DateTime<Utc>>,
}

impl TryFrom<Slim> for ReportLine {
    type Error = StorageError;

    fn try_from(s: Slim) -> Result<Self, StorageError> {
        Ok(ReportLine {
            id: s.id,
            row: StatRow {
                facts: ReportFacts {
                    status: s.status.parse()?,
                    outcome: parse_optional(s.outcome.as_deref())?,
                    verdict: parse_optional(s.verdict.as_deref())?,
                    submitted_at: s.created_at,
                    first_answered_at: s.first_answered_at,
                    first_answer_due_at: s.first_answer_due_at,
                    due_at: s.due_at,
                    closed_at: s.closed_at,
                },
                station_id: s.station_id.or(s.routed_station_id),
                deputy_id: s.assigned_deputy_id,
                category_id: s.category_id,
                unit_id: s.handling_unit_id,
                area_id: s.area_id,
                channel: s.channel.parse()?,
            },
            tracking_code: s.tracking_code,
            title: s.title,
            building_id: s.building_id,
        })
    }
}

impl Storage {
    /// The reports filed in `[from, to)` at or routed to `stations` (every station when `None`) and, when
    /// given, assigned to `deputy`, oldest first, with only what statistics and the ledger read.
    pub async fn report_lines_in_period(
        &self,
        stations: Option<&[Uuid]>,
        deputy: Option<Uuid>,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<ReportLine>, StorageError> {
        use report::Column as C;
        let mut query = report::Entity::find()
            .select_only()
            .columns([
                C::Id,
                C::TrackingCode,
                C::Title,
                C::CategoryId,
                C::StationId,
                C::RoutedStationId,
                C::AssignedDeputyId,
                C::HandlingUnitId,
                C::AreaId,
                C::BuildingId,
                C::Channel,
                C::Status,
                C::Outcome,
                C::Verdict,
                C::CreatedAt,
                C::FirstAnsweredAt,
                C::FirstAnswerDueAt,
                C::DueAt,
                C::ClosedAt,
            ])
            .filter(C::CreatedAt.gte(from))
            .filter(C::CreatedAt.lt(to));
        if let Some(deputy) = deputy {
            query = query.filter(C::AssignedDeputyId.eq(deputy));
        }
        if let Some(stations) = stations {
            query = query.filter(
                sea_orm::Condition::any()
                    .add(C::StationId.is_in(stations.to_vec()))
                    .add(C::RoutedStationId.is_in(stations.to_vec())),
            );
        }
        let rows = query.order_by_asc(C::CreatedAt).order_by_asc(C::Id).into_model::<Slim>().all(self.reader()).await?;
        rows.into_iter().map(ReportLine::try_from).collect()
    }
}
