//! The year-end report (年度履职报告): a year of one station, or of every station, drawn from the record —
//! the closed loop's figures (the same as the dashboard's and the ledger's for the same dates), activities
//! and attendance, reception days, review opinions item by item, suggestions and their ratings, report-backs
//! and their votes, every deputy's points, and the committee's annual plan. The committee and administrators
//! read any scope; a station's staff read their own station's.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::app::archive::{checked_year, year_of};
use crate::app::error::{AppError, ErrorCode};
use crate::app::plan::TaskRecord;
use crate::app::state::AppState;
use crate::app::stats::{Grouped, Period, grouped};
use crate::domain::access::Principal;
use crate::domain::directory::{Deputy, Station};
use crate::domain::duty::activity::Attendance;
use crate::domain::duty::plan::{OwnerKind, PlanTally, tally};
use crate::domain::duty::year_end::{
    ActivityTally, OpinionTally, ReceptionTally, ReportBackTally, SuggestionTally, activities, opinions, reception,
    report_backs, suggestions,
};
use crate::domain::routing::DeputyStatus;
use crate::domain::schedule::local_date;
use crate::domain::stats::grouping::Grouping;

/// A deputy's points for the year.
#[derive(Debug, Clone)]
pub struct DeputyPoints {
    pub deputy: Deputy,
    /// Station codes.
    pub stations: Vec<String>,
    pub total: i32,
    pub rules_version: String,
}

/// The year-end report.
#[derive(Debug, Clone)]
pub struct YearEnd {
    pub year: i32,
    /// One station, or every station when `None`.
    pub station: Option<Station>,
    pub generated_at: DateTime<Utc>,
    /// The year is over: nothing in it will change but late answers.
    pub complete: bool,
    /// The reports filed in the year (to today while it runs), in total and by station.
    pub reports: Grouped,
    /// The stations of the scope, for their names.
    pub stations: Vec<Station>,
    pub activities: ActivityTally,
    pub reception: ReceptionTally,
    pub opinions: OpinionTally,
    pub suggestions: SuggestionTally,
    pub report_backs: ReportBackTally,
    /// Every serving deputy of the scope, most points first.
    pub points: Vec<DeputyPoints>,
    pub plan: PlanTally,
    pub tasks: Vec<TaskRecord>,
}

fn in_year(at: Option<DateTime<Utc>>, (from, to): (DateTime<Utc>, DateTime<Utc>)) -> bool {
    at.is_some_and(|at| from <= at && at < to)
}

/// The year-end report of `year` for `station` (every station when `None`).
pub async fn report(
    state: &AppState,
    principal: &Principal,
    year: i32,
    station: Option<Station>,
) -> Result<YearEnd, AppError> {
    if !crate::domain::duty::year_end::may_read(principal, station.as_ref().map(|s| s.id)) {
        return Err(AppError::new(
            ErrorCode::Forbidden,
            "The committee reads every station's year; a station's staff read their own station's.",
        ));
    }
    let now = state.clock.now();
    let bounds = checked_year(now, year, 0)?;
    let (from, to) = bounds;
    // The year's local dates (its bounds are local midnights), to today while it runs.
    let first = local_date(from);
    let last = local_date(to - chrono::Duration::days(1)).min(local_date(now));

    let stations: Vec<Station> = match &station {
        Some(s) => vec![s.clone()],
        None => state.storage.list_stations().await?.into_iter().map(|(s, _)| s).collect(),
    };
    let ids: Vec<Uuid> = stations.iter().map(|s| s.id).collect();
    let scope = station.as_ref().map(|_| ids.as_slice());
    let reports = grouped(state, scope, Period { from: first, to: last }, &[Grouping::Station]).await?;

    let mut activity_records = Vec::new();
    let mut opinion_records = Vec::new();
    let mut suggestion_records = Vec::new();
    let mut sessions = Vec::new();
    for id in &ids {
        for activity in state.storage.station_activities(*id, from, to).await? {
            let attendance: Vec<Attendance> =
                state.storage.activity_attendance(activity.id).await?.into_iter().map(|r| r.attendance).collect();
            activity_records.push((activity, attendance));
        }
        opinion_records.extend(
            state.storage.station_opinions(*id, None).await?.into_iter().filter(|(o, _)| in_year(o.sent_at, bounds)),
        );
        suggestion_records.extend(
            state
                .storage
                .list_suggestions(None, Some(*id))
                .await?
                .into_iter()
                .map(|r| r.suggestion)
                .filter(|s| in_year(s.submitted_at, bounds)),
        );
        for session in state.storage.list_report_backs(Some(*id), None).await? {
            if in_year(Some(session.closes_at), bounds) {
                let (votes, _) = state.storage.tally_votes(session.id).await?;
                sessions.push((session, votes));
            }
        }
    }

    let slots: Vec<_> = match &station {
        Some(s) => state.storage.reception_days(Some(s.id), from, to).await?,
        None => state.storage.reception_days(None, from, to).await?,
    }
    .into_iter()
    .filter(|slot| slot.ends_at <= now && slot.starts_at >= from)
    .collect();
    let slot_ids: Vec<Uuid> = slots.iter().map(|s| s.id).collect();
    let absences = state.storage.reception_absences(&slot_ids).await?;
    let reception = reception(slots.iter().map(|slot| {
        let absent = absences
            .iter()
            .filter(|a| a.reception_day_id == slot.id && slot.deputies.iter().any(|d| d.id == a.deputy_id))
            .count();
        (slot.deputies.len(), absent)
    }));

    let mut points = Vec::new();
    let mut seen = HashSet::new();
    let scope_codes: Vec<&str> = stations.iter().map(|s| s.code.as_str()).collect();
    for listing in state.storage.deputy_listings(station.as_ref().map(|s| s.id), None).await? {
        if listing.deputy.status == DeputyStatus::Left || !seen.insert(listing.deputy.id) {
            continue;
        }
        let archive = year_of(state, listing.deputy.id, year).await?;
        let stations = listing.stations.into_iter().filter(|c| scope_codes.contains(&c.as_str())).collect();
        points.push(DeputyPoints {
            deputy: listing.deputy,
            stations,
            total: archive.total,
            rules_version: archive.rules_version,
        });
    }
    points.sort_by(|a, b| b.total.cmp(&a.total).then_with(|| a.deputy.code.cmp(&b.deputy.code)));

    let deputies: HashSet<Uuid> = seen;
    let tasks: Vec<TaskRecord> = crate::app::plan::of_year(state, principal, year, None)
        .await?
        .into_iter()
        .filter(|t| match (&station, t.task.owner.kind, t.task.owner.id) {
            (None, _, _) => true,
            (Some(s), OwnerKind::Station, Some(id)) => id == s.id,
            (Some(_), OwnerKind::Deputy, Some(id)) => deputies.contains(&id),
            _ => false,
        })
        .collect();
    let plan_tasks: Vec<_> = tasks.iter().map(|t| t.task.clone()).collect();

    Ok(YearEnd {
        year,
        station,
        generated_at: now,
        complete: to <= now,
        reports,
        stations,
        activities: activities(activity_records.iter().map(|(a, att)| (a, att.as_slice()))),
        reception,
        opinions: opinions(opinion_records.iter().map(|(o, items)| (o, items.as_slice())), now),
        suggestions: suggestions(suggestion_records.iter(), now),
        report_backs: report_backs(sessions.iter().map(|(s, t)| (s, *t)), now),
        points,
        plan: tally(&plan_tasks, now),
        tasks,
    })
}
