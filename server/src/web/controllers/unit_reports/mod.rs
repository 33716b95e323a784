//! A handling unit's account (承办单位) at work: each report forwarded to its unit, as the unit sees it (no
//! citizen's name or phone), its reply, its photos and PDF letters. The list is `GET /api/v1/me/inbox`.

pub mod attach;
pub mod document;
pub mod reply;
pub mod show;
