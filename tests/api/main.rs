//! Black-box tests: each test starts its own server on a free port with its own fresh database (SQLite in a
//! temporary folder, or a new PostgreSQL database when `TEST_DATABASE_URL` is set) and talks to it over HTTP.

// Test code: a failed unwrap is a failed test, which is what we want.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod helpers;
mod photo_fixtures;

mod access_matrix;
mod activities;
mod archive;
mod auth_passwords;
mod auth_phone;
mod auth_phone_officials;
mod auth_tokens;
mod auth_wechat;
mod auth_wechat_oa;
mod auth_wecom;
mod backup;
mod bookings;
mod console;
mod contract;
mod deputy_binding;
mod deputy_photos;
mod directory_edit;
mod health;
mod honest_outcomes;
mod import;
mod kiosk_aids;
mod kiosk_ui;
mod kiosks;
mod ledger;
mod live;
mod log_hygiene;
mod metrics;
mod notice_stream;
mod notifications;
mod notify_channels;
mod oa_subscriptions;
mod opinions;
mod photos_housekeeping;
mod photos_http;
mod photos_pipeline;
mod reception_days;
mod reference_data;
mod report_backs;
mod reports_assisted;
mod reports_callers;
mod reports_errors;
mod reports_idempotency;
mod reports_intake;
mod reports_tracking;
mod results_board;
mod routing_intake;
mod shutdown;
mod story;
mod suggestions;
mod supervision;
mod supervision_roles;
mod unit_accounts;
mod unit_documents;
mod unit_links;
mod urgency;
mod web_ui;
mod workbench;
mod workflow_loop;
mod workflow_reporting;
