//! The application layer: one service per use case (filing a report, acting on it, supervising deadlines,
//! editing and importing the directory, the figures and the ledger, backup), the state they share, and the one error type they return.
//! Services speak domain types and call storage and the infrastructure adapters; they know nothing of HTTP.

pub mod accounts;
pub mod act;
pub mod activities;
pub mod archive;
pub mod attachments;
pub mod backup;
pub mod bookings;
pub mod demo;
pub mod deputy_binding;
pub mod deputy_page;
pub mod directory;
pub mod directory_edit;
pub mod error;
pub mod evaluation;
pub mod help_calls;
pub mod import;
pub mod intake;
pub mod intake_photos;
pub mod notices;
pub mod oa_subscriptions;
pub mod opinions;
pub mod photo_drops;
pub mod plan;
pub mod reads;
pub mod reception_absences;
pub mod report_backs;
pub mod results;
pub mod shared_answer;
pub mod sign_in;
pub mod state;
pub mod stats;
pub mod suggestions;
pub mod supervise;
pub mod supplement;
pub mod unit_reply;
pub mod wechat_js;
pub mod year_end;
