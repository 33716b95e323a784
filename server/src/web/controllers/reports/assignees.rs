//! Lists of reports as their supervisors read them (staff, station heads, the committee, administrators): each
//! line also names the deputy it is assigned to, the handling unit it was forwarded to and an extension
//! waiting for a decision, so the console can group the overdue board by deputy and unit and find requests
//! to decide without opening every report. The names are read once per list, not once per line.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::{DeputyRef, HandlingUnitRef, ReportSummary};
use crate::storage::report_reads::ReportRow;
use crate::storage::{Storage, StorageError};

/// The summaries of `rows`, each with its deputy, handling unit and pending extension.
pub async fn supervised_summaries(
    storage: &Storage,
    rows: Vec<ReportRow>,
    now: DateTime<Utc>,
) -> Result<Vec<ReportSummary>, StorageError> {
    let mut deputies: HashMap<Uuid, Option<DeputyRef>> = HashMap::new();
    let mut units: HashMap<Uuid, Option<HandlingUnitRef>> = HashMap::new();
    let mut items = Vec::with_capacity(rows.len());
    for (report, category, station) in rows {
        let deputy = match report.assigned_deputy_id {
            Some(id) => {
                if let Entry::Vacant(slot) = deputies.entry(id) {
                    slot.insert(storage.find_deputy_by_id(id).await?.map(|d| DeputyRef { code: d.code, name: d.name }));
                }
                deputies.get(&id).cloned().flatten()
            }
            None => None,
        };
        let unit = match report.handling_unit_id {
            Some(id) => {
                if let Entry::Vacant(slot) = units.entry(id) {
                    slot.insert(
                        storage
                            .find_handling_unit_by_id(id)
                            .await?
                            .map(|u| HandlingUnitRef { code: u.code, name: u.name }),
                    );
                }
                units.get(&id).cloned().flatten()
            }
            None => None,
        };
        let extension = report.extension_days;
        let mut summary = ReportSummary::new(report, category, station, now);
        summary.deputy = deputy;
        summary.handling_unit = unit;
        summary.extension_pending_days = extension;
        items.push(summary);
    }
    Ok(items)
}
