//! The three-part evaluation (建议质量 + 办理成效 + 群众反馈) of a suggestion and of a deputy's year, each part
//! with its inputs, for those who may read the suggestion or the deputy's archive.

use crate::app::error::AppError;
use crate::app::state::AppState;
use crate::domain::access::Principal;
use crate::domain::directory::Deputy;
use crate::domain::duty::evaluation::{self, DeputyEvaluation, SuggestionEvaluation};
use crate::domain::duty::report_back::Tally;

/// A suggestion's evaluation, for whoever may read the suggestion.
pub async fn of_suggestion(
    state: &AppState,
    principal: &Principal,
    id: uuid::Uuid,
) -> Result<SuggestionEvaluation, AppError> {
    let record = crate::app::suggestions::show(state, principal, id).await?;
    let mut linked = Vec::new();
    for report in &record.reports {
        linked.extend(state.storage.find_report(*report).await?.map(|r| r.stat_facts()));
    }
    Ok(evaluation::suggestion(&record.suggestion, &linked))
}

/// A deputy's `year` in three parts, for whoever may read their archive.
pub async fn of_deputy(
    state: &AppState,
    principal: &Principal,
    code: &str,
    year: i32,
) -> Result<(Deputy, DeputyEvaluation), AppError> {
    // Reading the archive checks who may see the deputy's record and the year asked for.
    let (deputy, _) = crate::app::archive::of_deputy(state, principal, code, year).await?;
    let (from, to) = crate::app::archive::year_bounds(year)
        .ok_or_else(|| AppError::new(crate::app::error::ErrorCode::InvalidQuery, "`year` is out of range."))?;
    let now = state.clock.now();
    let submitted: Vec<_> = state
        .storage
        .list_suggestions(Some(deputy.id), None)
        .await?
        .into_iter()
        .map(|r| r.suggestion)
        .filter(|s| s.submitted_at.is_some_and(|at| at >= from && at < to))
        .collect();
    let reports: Vec<_> = state
        .storage
        .report_lines_in_period(None, Some(deputy.id), from, to)
        .await?
        .into_iter()
        .map(|line| line.row.facts)
        .collect();
    let mut votes = Tally::default();
    for session in state.storage.list_report_backs(None, Some(deputy.id)).await? {
        if session.held(now) && session.closes_at >= from && session.closes_at < to {
            let (tally, _) = state.storage.tally_votes(session.id).await?;
            votes.satisfied += tally.satisfied;
            votes.mostly += tally.mostly;
            votes.not_satisfied += tally.not_satisfied;
        }
    }
    Ok((deputy, evaluation::deputy(&submitted, &reports, votes, now)))
}
