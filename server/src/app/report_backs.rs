//! Report-backs to voters (述职评议) as people use them: staff schedule a deputy's session; voters see the
//! deputy's one-page record (成绩单, from the points archive) and rate them while voting is open, on a kiosk
//! or a phone, one vote per proven phone number; staff and the committee see the results, and the committee
//! publishes them.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::app::error::{AppError, ErrorCode};
use crate::app::sign_in::phone::{canonical_phone, check_code};
use crate::app::state::AppState;
use crate::domain::access::Principal;
use crate::domain::directory::{Deputy, Station};
use crate::domain::duty::points::Archive;
use crate::domain::duty::report_back::{ReportBack, Tally, VoteRefusal, plan};
use crate::domain::report::FieldError;
use crate::domain::workflow::Verdict;
use crate::storage::audit::NewAuditEntry;
use crate::storage::report_backs::NewVote;

fn not_found() -> AppError {
    AppError::new(ErrorCode::ReportBackNotFound, "There is no such report-back session, or it is not open to you.")
}

fn audit<'a>(principal: &Principal, action: &'a str) -> NewAuditEntry<'a> {
    NewAuditEntry {
        actor_kind: principal.actor_kind(),
        actor_id: Some(principal.subject_id()),
        action,
        report_id: None,
        reason: None,
        subject: None,
        detail: None,
    }
}

/// A session with its deputy, station and (for those who may see them) results.
#[derive(Debug, Clone)]
pub struct Session {
    pub session: ReportBack,
    pub deputy: Option<Deputy>,
    pub station_code: String,
    /// The votes and comments, when the caller may see them.
    pub results: Option<(Tally, Vec<String>)>,
    /// The caller runs its station, is the committee or is the deputy it is about.
    pub insider: bool,
}

/// Those who run a session's station, the committee and administrators, and the deputy it is about.
fn insider(principal: Option<&Principal>, session: &ReportBack) -> bool {
    match principal {
        Some(Principal::Committee { .. }) => true,
        Some(Principal::Deputy { deputy_id: Some(d), .. }) => *d == session.deputy_id,
        Some(p) => p.manages_station(session.station_id),
        None => false,
    }
}

async fn shaped(state: &AppState, principal: Option<&Principal>, session: ReportBack) -> Result<Session, AppError> {
    let deputy = state.storage.find_deputy_by_id(session.deputy_id).await?;
    let station_code = state.storage.find_station_by_id(session.station_id).await?.map(|s| s.code).unwrap_or_default();
    let inside = insider(principal, &session);
    let results = if inside || session.published_at.is_some() {
        Some(state.storage.tally_votes(session.id).await?)
    } else {
        None
    };
    Ok(Session { session, deputy, station_code, results, insider: inside })
}

/// Schedules a deputy's report-back at the station staff run.
pub async fn schedule(
    state: &AppState,
    principal: &Principal,
    station: &Station,
    deputy_code: &str,
    title: &str,
    place: &str,
    window: (DateTime<Utc>, DateTime<Utc>),
) -> Result<Session, AppError> {
    let (title, place) = plan(title, place, window.0, window.1).map_err(AppError::validation)?;
    let deputy = state
        .storage
        .find_deputy(deputy_code)
        .await?
        .filter(|d| d.status != crate::domain::routing::DeputyStatus::Left)
        .ok_or_else(|| {
            AppError::validation(vec![FieldError::new("deputy", "unknown_deputy", "no serving deputy has this code")])
        })?;
    let session = state
        .storage
        .create_report_back(
            deputy.id,
            station.id,
            &title,
            &place,
            window.0,
            window.1,
            audit(principal, "report_back.create"),
        )
        .await?;
    shaped(state, Some(principal), session).await
}

/// A session: open to anyone while voting is open or once published, and always to those inside.
pub async fn show(state: &AppState, principal: Option<&Principal>, id: Uuid) -> Result<Session, AppError> {
    let session = state.storage.find_report_back(id).await?.ok_or_else(not_found)?;
    let now = state.clock.now();
    let open = !session.cancelled && session.opens_at <= now && now < session.closes_at;
    if !(insider(principal, &session) || open || session.published_at.is_some()) {
        return Err(not_found());
    }
    shaped(state, principal, session).await
}

/// The deputy's one-page record (成绩单) for a session: their points archive for the session's year.
pub async fn record(state: &AppState, principal: Option<&Principal>, id: Uuid) -> Result<(Session, Archive), AppError> {
    let session = show(state, principal, id).await?;
    let year = crate::app::archive::current_year(session.session.opens_at);
    let archive = crate::app::archive::year_of(state, session.session.deputy_id, year).await?;
    Ok((session, archive))
}

/// A station's sessions (its staff, the committee, administrators).
pub async fn of_station(state: &AppState, principal: &Principal, station: Uuid) -> Result<Vec<Session>, AppError> {
    if !(principal.manages_station(station) || matches!(principal, Principal::Committee { .. })) {
        return Err(AppError::new(
            ErrorCode::Forbidden,
            "Only the station's staff and the committee list its sessions.",
        ));
    }
    let mut out = Vec::new();
    for session in state.storage.list_report_backs(Some(station), None).await? {
        out.push(shaped(state, Some(principal), session).await?);
    }
    Ok(out)
}

/// The sessions open for voting now at a kiosk's station (a kiosk offers them on its attract screen).
pub async fn open_at(state: &AppState, station: Uuid) -> Result<Vec<Session>, AppError> {
    let now = state.clock.now();
    let mut out = Vec::new();
    for session in state.storage.list_report_backs(Some(station), None).await? {
        if !session.cancelled && session.opens_at <= now && now < session.closes_at {
            out.push(shaped(state, None, session).await?);
        }
    }
    Ok(out)
}

/// Published sessions' results, for the results board.
pub async fn published(state: &AppState, station: Option<Uuid>) -> Result<Vec<Session>, AppError> {
    let mut out = Vec::new();
    for session in state.storage.published_report_backs(station).await? {
        out.push(shaped(state, None, session).await?);
    }
    Ok(out)
}

/// A voter's rating and how they prove who they are.
#[derive(Debug, Clone)]
pub struct Ballot {
    pub verdict: Verdict,
    pub comment: String,
    /// A phone number and the code just sent to it (on a kiosk, or a phone not signed in).
    pub phone: Option<(String, String)>,
}

/// Casts a vote: one per session and proven phone number (the signed-in account's, or one proven by a code).
pub async fn vote(state: &AppState, caller: Option<&Principal>, id: Uuid, ballot: Ballot) -> Result<Tally, AppError> {
    let session = state.storage.find_report_back(id).await?.ok_or_else(not_found)?;
    match session.may_vote(ballot.verdict, state.clock.now()) {
        Ok(()) => {}
        Err(VoteRefusal::NotOpen | VoteRefusal::Cancelled) => {
            return Err(AppError::new(ErrorCode::VotingClosed, "Voting at this session is not open now."));
        }
        Err(VoteRefusal::BadVerdict) => {
            return Err(AppError::validation(vec![FieldError::new(
                "verdict",
                "invalid",
                "satisfied, mostly or not_satisfied",
            )]));
        }
    }
    let comment = ballot.comment.trim().to_owned();
    if comment.chars().count() > 500 {
        return Err(AppError::validation(vec![FieldError::new("comment", "too_long", "at most 500 characters")]));
    }
    let (voter_key, channel) = match (&ballot.phone, caller) {
        (Some((phone, code)), caller) => {
            let phone = canonical_phone(phone)?;
            check_code(state, &phone, code).await?;
            let channel = if matches!(caller, Some(Principal::Kiosk { .. })) { "kiosk" } else { "phone" };
            (state.vault.lookup_hash(&phone), channel)
        }
        (None, Some(principal)) if !matches!(principal, Principal::Kiosk { .. }) => {
            let account = state.storage.find_account(principal.subject_id()).await?;
            let lookup = account.and_then(|a| a.phone_lookup).ok_or_else(|| {
                AppError::validation(vec![FieldError::new(
                    "phone",
                    "required",
                    "prove a phone number with a code to vote",
                )])
            })?;
            (lookup, "phone")
        }
        _ => {
            return Err(AppError::validation(vec![FieldError::new(
                "phone",
                "required",
                "a phone number and the code sent to it",
            )]));
        }
    };
    let vote = NewVote { voter_key, verdict: ballot.verdict, comment, channel };
    if !state.storage.cast_vote(id, &vote).await? {
        return Err(AppError::new(ErrorCode::AlreadyVoted, "This phone number has voted at this session already."));
    }
    Ok(state.storage.tally_votes(id).await?.0)
}

/// The committee publishes a closed session's results; staff cancel one not yet published.
pub async fn settle(state: &AppState, principal: &Principal, id: Uuid, publish: bool) -> Result<Session, AppError> {
    let session = state.storage.find_report_back(id).await?.ok_or_else(not_found)?;
    let allowed = if publish {
        matches!(principal, Principal::Committee { .. } | Principal::Admin { .. })
    } else {
        principal.manages_station(session.station_id)
    };
    if !allowed {
        return Err(AppError::new(
            ErrorCode::Forbidden,
            "The committee publishes results; the station's staff cancel a session.",
        ));
    }
    if publish && !session.publishable(state.clock.now()) {
        return Err(AppError::new(ErrorCode::InvalidTransition, "Results are published once, after voting closed."));
    }
    let action = if publish { "report_back.publish" } else { "report_back.cancel" };
    if !state.storage.settle_report_back(id, publish, audit(principal, action)).await? {
        return Err(AppError::new(ErrorCode::InvalidTransition, "It was published or cancelled already."));
    }
    show(state, Some(principal), id).await
}
