//! Review opinions (审议意见): drafted by a station's staff from an activity's findings, sent to a
//! department, replied to, and closed problem by problem with evidence (销号).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::app::opinions::{DraftInput, OpinionView as Record};
use crate::domain::Localized;
use crate::domain::duty::opinion::{ItemStatus, OpinionStatus};

pub mod actions;
pub mod create;
pub mod list;
pub mod show;

/// A review opinion as written, with its department and listed problems.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OpinionInput {
    /// The activity whose findings it was written from (of the same station).
    #[serde(default)]
    pub activity_id: Option<Uuid>,
    /// The department: a handling unit's code.
    #[schema(example = "HP-ZJ")]
    pub unit: String,
    #[schema(example = "关于老旧小区加装电梯工作的审议意见")]
    pub title: String,
    #[serde(default)]
    pub body: String,
    /// When the department's reply is due (within six months).
    pub due_at: DateTime<Utc>,
    /// The problems, one per item, 1 to 50.
    #[schema(example = json!(["加装电梯审批周期长", "低层住户补偿办法不明确"]))]
    pub items: Vec<String>,
}

impl From<OpinionInput> for DraftInput {
    fn from(input: OpinionInput) -> Self {
        DraftInput {
            activity_id: input.activity_id,
            unit: input.unit,
            title: input.title,
            body: input.body,
            due_at: input.due_at,
            items: input.items,
        }
    }
}

/// One listed problem.
#[derive(Debug, Serialize, ToSchema)]
pub struct ItemView {
    pub position: i32,
    pub text: String,
    pub status: ItemStatus,
    /// What shows it was dealt with.
    pub evidence: String,
    pub closed_at: Option<DateTime<Utc>>,
}

/// A review opinion.
#[derive(Debug, Serialize, ToSchema)]
pub struct OpinionView {
    pub id: Uuid,
    #[schema(example = "XH-01")]
    pub station: String,
    pub activity_id: Option<Uuid>,
    #[schema(example = "HP-ZJ")]
    pub unit: String,
    pub unit_name: Localized,
    pub title: String,
    pub body: String,
    pub due_at: DateTime<Utc>,
    pub status: OpinionStatus,
    /// Sent or answered with problems still open past the deadline.
    pub overdue: bool,
    pub sent_at: Option<DateTime<Utc>>,
    /// The department's reply.
    pub reply: String,
    pub replied_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    /// When its overdue problems were escalated to the station head and the committee.
    pub escalated_at: Option<DateTime<Utc>>,
    pub items: Vec<ItemView>,
}

impl OpinionView {
    pub fn new(view: &Record, now: DateTime<Utc>) -> Self {
        let (o, items) = &view.record;
        Self {
            id: o.id,
            station: view.station_code.clone(),
            activity_id: o.activity_id,
            unit: view.unit.as_ref().map(|u| u.code.clone()).unwrap_or_default(),
            unit_name: view.unit.as_ref().map(|u| u.name.clone()).unwrap_or_default(),
            title: o.title.clone(),
            body: o.body.clone(),
            due_at: o.due_at,
            status: o.status,
            overdue: o.overdue(items, now),
            sent_at: o.sent_at,
            reply: o.reply.clone(),
            replied_at: o.replied_at,
            closed_at: o.closed_at,
            escalated_at: o.escalated_at,
            items: items
                .iter()
                .map(|i| ItemView {
                    position: i.position,
                    text: i.text.clone(),
                    status: i.status,
                    evidence: i.evidence.clone(),
                    closed_at: i.closed_at,
                })
                .collect(),
        }
    }
}

/// Review opinions, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct OpinionList {
    pub items: Vec<OpinionView>,
}
