//! Deputies' duties beyond single reports (履职): the activities a station plans and the deputies attend,
//! with their minutes, findings and attendance. Pure rules; storage and screens call into them.

pub mod activity;
