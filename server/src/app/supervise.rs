//! Supervision (督办): every minute one instance (holding a lease in the database) looks for reports due
//! soon, overdue, or answered and left unrated, and records each finding once on the report's timeline,
//! escalating overdue ones to the station head and, after more working days, to the committee. The same run
//! reminds residents of the receptions they booked, the day before, and escalates review opinions whose
//! problems are still open past their deadline.

use std::sync::Arc;
use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

use std::collections::HashMap;

use crate::configuration::WorkflowSettings;
use crate::domain::Localized;
use crate::domain::calendar::WorkingCalendar;
use crate::domain::deadlines::{self, Watch};
use crate::domain::notify::NoticeFacts;
use crate::domain::recipients::{Event, Finding, recipients};
use crate::domain::report::record::{Report, ReportUpdate};
use crate::domain::report::{ActorKind, EventKind, Visibility};
use crate::infra::live::{LiveEvent, LiveKind};
use crate::storage::outbox::NewNotice;
use crate::storage::workflow::NewEvent;
use crate::storage::{Storage, StorageError};

/// The lease's name.
const LEASE: &str = "supervision";
/// Reports looked at per kind and run.
const BATCH: u64 = 500;

/// What one run found and recorded.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Whether this instance held the lease and ran.
    pub ran: bool,
    pub due_soon: usize,
    pub to_station_head: usize,
    pub to_committee: usize,
    pub unrated: usize,
    /// Residents reminded of a reception they booked.
    pub bookings_reminded: usize,
    /// Review opinions with problems open past their deadline, escalated.
    pub opinions_escalated: usize,
}

/// Everything a run needs.
#[derive(Debug, Clone)]
pub struct Supervisor {
    pub storage: Storage,
    pub calendar: Arc<WorkingCalendar>,
    pub settings: WorkflowSettings,
    /// Who holds the lease: unique per process.
    pub holder: String,
    /// Where findings are announced to open event streams (staff queues, the deputy's inbox).
    pub live: Option<crate::infra::live::LiveHub>,
}

impl Supervisor {
    /// One run at `now`, if this instance gets the lease.
    pub async fn run_once(&self, now: DateTime<Utc>) -> Result<Summary, StorageError> {
        // Three runs' worth, and at least three minutes: another instance takes over only when this one stops.
        let interval = i64::try_from(self.settings.supervision_interval_secs).unwrap_or(60).max(60);
        let lease_for = Duration::seconds(interval * 3);
        if !self.storage.acquire_lease(LEASE, &self.holder, now, now + lease_for).await? {
            return Ok(Summary::default());
        }
        let mut summary = Summary { ran: true, ..Default::default() };
        let categories: HashMap<Uuid, Localized> =
            self.storage.all_categories().await?.into_iter().map(|c| (c.id, c.name)).collect();
        let soon = deadlines::due_soon_before(&self.calendar, now);
        let committee_cutoff =
            deadlines::committee_cutoff(&self.calendar, now, self.settings.committee_after_working_days);
        // Only reports with something to record are read, so the ones already escalated never crowd out
        // the rest.
        for r in self.storage.reports_to_supervise(now, soon, committee_cutoff, BATCH).await? {
            let Some(due_at) = r.due_at else { continue };
            let watch = Watch { due_at, escalation_level: r.escalation_level, due_soon_noticed: r.due_soon_noticed };
            let finding = deadlines::finding(watch, now, committee_cutoff);
            if let Some(finding) = finding
                && self.record(&r, finding, &categories, now).await?
            {
                match finding {
                    Finding::DueSoon => summary.due_soon += 1,
                    Finding::StationHead => summary.to_station_head += 1,
                    Finding::Committee => summary.to_committee += 1,
                    Finding::Unrated => {}
                }
            }
        }
        let unrated_since = now - Duration::days(self.settings.rating_wait_days);
        for r in self.storage.unrated_answers(unrated_since, BATCH).await? {
            if r.escalation_level == 0 && self.record(&r, Finding::Unrated, &categories, now).await? {
                summary.unrated += 1;
            }
        }
        for booking in self.storage.bookings_to_remind(now).await? {
            if self.storage.queue_booking_reminder(&booking).await? {
                summary.bookings_reminded += 1;
            }
        }
        summary.opinions_escalated = crate::app::opinions::escalate_overdue(&self.storage, now).await?;
        Ok(summary)
    }

    async fn record(
        &self,
        r: &Report,
        finding: Finding,
        categories: &HashMap<Uuid, Localized>,
        now: DateTime<Utc>,
    ) -> Result<bool, StorageError> {
        let mut set = ReportUpdate::default();
        match finding {
            Finding::DueSoon => set.due_soon_noticed = Some(true),
            Finding::StationHead | Finding::Unrated => set.escalation_level = Some(1),
            Finding::Committee => set.escalation_level = Some(2),
        }
        let status = Some(r.status);
        let event = NewEvent {
            kind: EventKind::Supervision,
            visibility: Visibility::Internal,
            actor: (ActorKind::System, None),
            note: Some(finding.note(self.settings.rating_wait_days)),
            from: status,
            to: status,
            action: Some(finding.action().to_owned()),
        };
        let notices = notices_for(r, finding, categories);
        let recorded = self.storage.record_supervision(r.id, r, set, event, &notices).await?;
        if recorded && let Some(live) = &self.live {
            live.publish(LiveEvent::for_report(LiveKind::Supervision, r, now)).await;
        }
        Ok(recorded)
    }

    /// Runs every `supervision_interval_secs` until the process ends. The lease is not given back: when this
    /// instance stops, another takes over once it lapses (three intervals, at least three minutes).
    pub fn spawn(self) {
        let interval = StdDuration::from_secs(self.settings.supervision_interval_secs.max(1));
        tokio::spawn(async move {
            let mut ticker = tokio::time::interval(interval);
            ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                ticker.tick().await;
                match self.run_once(self.storage.now()).await {
                    Ok(summary) if summary.ran => tracing::debug!(?summary, "supervision ran"),
                    Ok(_) => {}
                    Err(err) => tracing::warn!(error = %err, "supervision run failed; trying again next time"),
                }
            }
        });
    }

    /// A holder name unique to this process.
    pub fn holder_name() -> String {
        format!("{}-{}", std::process::id(), Uuid::new_v4())
    }
}

/// The notices a finding raises: see [`crate::domain::recipients`] for who hears of what.
fn notices_for(r: &Report, finding: Finding, categories: &HashMap<Uuid, Localized>) -> Vec<NewNotice> {
    let facts = NoticeFacts::about_report(
        r.tracking_code.clone(),
        categories.get(&r.category_id).cloned().unwrap_or_else(|| Localized::new("", "")),
        None,
    );
    recipients(Event::Finding(finding), &r.parties())
        .into_iter()
        .map(|to| NewNotice {
            kind: to.kind,
            audience: to.audience,
            recipient_id: to.id,
            report_id: Some(r.id),
            facts: facts.clone(),
            cause: format!("{}:v{}:{}", finding.action(), r.version, r.escalation_level),
        })
        .collect()
}
