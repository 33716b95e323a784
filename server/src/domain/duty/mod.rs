//! Deputies' duties beyond single reports (履职): the activities a station plans and the deputies attend,
//! with their minutes, findings and attendance; the written review opinions (审议意见) their findings become;
//! deputies' suggestions (议案建议) from draft to the organ's answer and its rating; the points archive,
//! report-backs and the three-part evaluation; the committee's annual plan and the year-end report's counts.
//! Pure rules; storage and screens call into them.

pub mod activity;
pub mod evaluation;
pub mod opinion;
pub mod plan;
pub mod points;
pub mod report_back;
pub mod suggestion;
pub mod year_end;
