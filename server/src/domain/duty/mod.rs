//! Deputies' duties beyond single reports (履职): the activities a station plans and the deputies attend,
//! with their minutes, findings and attendance, and the written review opinions (审议意见) their findings
//! become, and deputies' suggestions (议案建议) from draft to the organ's answer and its rating. Pure rules;
//! storage and screens call into them.

pub mod activity;
pub mod evaluation;
pub mod opinion;
pub mod points;
pub mod report_back;
pub mod suggestion;
