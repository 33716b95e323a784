//! Calls for help from a kiosk (请工作人员帮忙): the kiosk calls and follows its call; the station's staff list
//! the calls and answer them.

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::app::help_calls::CallView;

pub mod answer;
pub mod call;
pub mod list;
pub mod show;

/// A call for help as kiosks and staff see it.
#[derive(Debug, Serialize, ToSchema)]
pub struct HelpCallView {
    pub id: Uuid,
    /// The kiosk's label: where the resident is waiting.
    #[schema(example = "大厅一号机")]
    pub kiosk_label: String,
    pub kiosk_id: Uuid,
    pub called_at: DateTime<Utc>,
    /// When a member of staff said they are coming; absent while nobody has.
    pub answered_at: Option<DateTime<Utc>>,
    /// The press repeated a call still waiting (nothing new was recorded).
    pub repeated: bool,
}

impl From<CallView> for HelpCallView {
    fn from(view: CallView) -> Self {
        HelpCallView {
            id: view.call.id,
            kiosk_label: view.kiosk_label,
            kiosk_id: view.call.kiosk_id,
            called_at: view.call.called_at,
            answered_at: view.call.answered_at,
            repeated: view.repeated,
        }
    }
}

/// A station's calls of the last day.
#[derive(Debug, Serialize, ToSchema)]
pub struct HelpCallList {
    /// Newest first.
    pub items: Vec<HelpCallView>,
}
