//! A merged report (并案) shares the answer of the report it joined: finding that answer for the merged
//! report's citizen, and the merged reports whose citizens are sent it.

use uuid::Uuid;

use crate::app::error::AppError;
use crate::app::state::AppState;
use crate::domain::report::record::Report;
use crate::domain::workflow::Outcome;

/// How many merges deep an answer is followed (a report merged into one that was itself merged later).
const MAX_DEPTH: usize = 8;

/// The report whose answer `report`'s citizen reads: itself, or the report it was merged into, followed
/// to the end of the chain.
pub async fn answering_report(state: &AppState, report: &Report) -> Result<Report, AppError> {
    let mut answering = report.clone();
    for _ in 0..MAX_DEPTH {
        let Some(primary) = answering.merged_into else { break };
        match state.storage.find_report(primary).await? {
            Some(next) => answering = next,
            None => break,
        }
    }
    Ok(answering)
}

/// Whether `report` was merged into a report that now has an answer its citizen has not rated yet.
pub async fn shared_answer_unrated(state: &AppState, report: &Report) -> Result<bool, AppError> {
    if !awaits_shared_rating(report) {
        return Ok(false);
    }
    Ok(answering_report(state, report).await?.answer_text.is_some())
}

/// The same, given the report whose answer it reads (from [`answering_report`]).
pub fn shared_answer_rateable(report: &Report, answering: &Report) -> bool {
    awaits_shared_rating(report) && answering.id != report.id && answering.answer_text.is_some()
}

/// Merged as a duplicate and not rated yet.
fn awaits_shared_rating(report: &Report) -> bool {
    report.merged_into.is_some() && report.outcome == Some(Outcome::Duplicate) && report.verdict.is_none()
}

/// Every report merged into `primary`, directly or through another merged report.
pub async fn merged_reports(state: &AppState, primary: Uuid) -> Result<Vec<Report>, AppError> {
    let mut found = Vec::new();
    let mut frontier = vec![primary];
    for _ in 0..MAX_DEPTH {
        let mut next = Vec::new();
        for id in frontier {
            for merged in state.storage.reports_merged_into(id).await? {
                next.push(merged.id);
                found.push(merged);
            }
        }
        if next.is_empty() {
            break;
        }
        frontier = next;
    }
    Ok(found)
}
