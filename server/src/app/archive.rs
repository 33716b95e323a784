//! The points archive (积分档案) as people read it: a deputy's year scored from the record with the rules in
//! force that year, every point with its source; a past year kept as it was first scored once it was over,
//! so later rule changes never rewrite it; a station's deputies side by side, exportable.

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, Utc};
use uuid::Uuid;

use crate::app::error::{AppError, ErrorCode};
use crate::app::state::AppState;
use crate::domain::access::Principal;
use crate::domain::directory::Deputy;
use crate::domain::duty::points::{
    Archive, DutyFact, Rule, SourceKind, attendance_fact, may_read, report_facts, score, suggestion_facts,
};
use crate::domain::schedule::{at, china};

/// The first moment of local year `year` and of the next.
pub fn year_bounds(year: i32) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    let start = NaiveDate::from_ymd_opt(year, 1, 1)?;
    let end = NaiveDate::from_ymd_opt(year + 1, 1, 1)?;
    Some((at(start, NaiveTime::MIN), at(end, NaiveTime::MIN)))
}

/// The local year `now` falls in.
pub fn current_year(now: DateTime<Utc>) -> i32 {
    now.with_timezone(&china()).year()
}

/// The bounds of `year` when it is one a record can be asked for at `now`: from 2000 to the current local
/// year, or up to `ahead` years later (a plan is written ahead); a 400 `invalid_query` otherwise.
pub fn checked_year(now: DateTime<Utc>, year: i32, ahead: i32) -> Result<(DateTime<Utc>, DateTime<Utc>), AppError> {
    let last = current_year(now) + ahead;
    let bad_year = || {
        let until = if ahead == 0 { "the current year".to_owned() } else { format!("{last}") };
        AppError::new(ErrorCode::InvalidQuery, format!("`year` is from 2000 to {until}."))
    };
    if !(2000..=last).contains(&year) {
        return Err(bad_year());
    }
    year_bounds(year).ok_or_else(bad_year)
}

/// The deputy's `year`, scored (or as kept, for a year that is over).
pub async fn year_of(state: &AppState, deputy: Uuid, year: i32) -> Result<Archive, AppError> {
    let now = state.clock.now();
    let (from, to) = checked_year(now, year, 0)?;
    let over = to <= now;
    if over && let Some(kept) = state.storage.kept_points_year(deputy, year).await? {
        return Ok(kept);
    }
    let mut facts: Vec<DutyFact> = Vec::new();
    for (activity, record) in state.storage.attendance_in_period(deputy, from, to).await? {
        facts.extend(attendance_fact(&activity, &record.attendance));
    }
    for (slot, starts_at) in state.storage.reception_duty_in_period(deputy, from, to, now).await? {
        facts.push(DutyFact {
            rule: Rule::ReceptionDay,
            source: SourceKind::ReceptionDay,
            source_id: slot,
            label: starts_at.with_timezone(&china()).format("%Y-%m-%d %H:%M").to_string(),
            at: starts_at,
        });
    }
    for line in state.storage.report_lines_in_period(None, Some(deputy), from, to).await? {
        facts.extend(report_facts(&line, now));
    }
    for record in state.storage.list_suggestions(Some(deputy), None).await? {
        facts.extend(suggestion_facts(&record.suggestion, from, to));
    }
    for session in state.storage.list_report_backs(None, Some(deputy)).await? {
        if session.held(now) && session.closes_at >= from && session.closes_at < to {
            facts.push(DutyFact {
                rule: Rule::ReportBackHeld,
                source: SourceKind::ReportBack,
                source_id: session.id,
                label: session.title.clone(),
                at: session.closes_at,
            });
        }
    }
    let archive = score(&state.points_rules, year, facts);
    if over {
        // Kept as first scored: an instance that kept it a moment earlier wins, and both answer the same.
        state.storage.keep_points_year(deputy, &archive).await?;
        return Ok(state.storage.kept_points_year(deputy, year).await?.unwrap_or(archive));
    }
    Ok(archive)
}

/// The deputy `code` and their stations, when `principal` may read their archive.
async fn readable(state: &AppState, principal: &Principal, code: &str) -> Result<Deputy, AppError> {
    let missing = || AppError::new(ErrorCode::DeputyNotFound, format!("There is no deputy `{code}`."));
    let deputy = state.storage.find_deputy(code).await?.ok_or_else(missing)?;
    let mut stations = Vec::new();
    for listing in state.storage.deputy_listings(None, Some(code)).await? {
        for station in &listing.stations {
            stations.extend(state.storage.find_station(station).await?.map(|s| s.id));
        }
    }
    if !may_read(principal, deputy.id, &stations) {
        return Err(AppError::new(
            ErrorCode::Forbidden,
            "Only the deputy, their station's staff and the committee read it.",
        ));
    }
    Ok(deputy)
}

/// A deputy's year, for whoever may read it.
pub async fn of_deputy(
    state: &AppState,
    principal: &Principal,
    code: &str,
    year: i32,
) -> Result<(Deputy, Archive), AppError> {
    let deputy = readable(state, principal, code).await?;
    let archive = year_of(state, deputy.id, year).await?;
    Ok((deputy, archive))
}

/// The signed-in deputy's year.
pub async fn mine(state: &AppState, principal: &Principal, year: i32) -> Result<(Deputy, Archive), AppError> {
    let Principal::Deputy { deputy_id: Some(deputy), .. } = principal else {
        return Err(AppError::new(ErrorCode::Forbidden, "Only a deputy's account has an archive of its own."));
    };
    let found = state.storage.find_deputy_by_id(*deputy).await?.ok_or_else(|| {
        AppError::new(ErrorCode::DeputyNotFound, "The deputy this account acts for is no longer in the directory.")
    })?;
    let archive = year_of(state, found.id, year).await?;
    Ok((found, archive))
}

/// Every serving deputy of a station with their year (its staff, the committee and administrators).
pub async fn of_station(
    state: &AppState,
    principal: &Principal,
    station: Uuid,
    year: i32,
) -> Result<Vec<(Deputy, Archive)>, AppError> {
    if !(principal.manages_station(station) || matches!(principal, Principal::Committee { .. })) {
        return Err(AppError::new(
            ErrorCode::Forbidden,
            "Only the station's staff and the committee read its archive.",
        ));
    }
    let mut out = Vec::new();
    for listing in state.storage.deputy_listings(Some(station), None).await? {
        let archive = year_of(state, listing.deputy.id, year).await?;
        out.push((listing.deputy, archive));
    }
    Ok(out)
}
