//! The whole directory as staff and administrators edit it: read whole, imported from files, and the one way a
//! record is written by its code.

use actix_web::HttpResponse;
use actix_web::http::StatusCode;

use crate::app::directory_edit::{Record, upsert};
use crate::app::error::AppError;
use crate::app::state::AppState;
use crate::domain::report::ActorKind;
use crate::web::auth::AdminOnly;

pub mod export;
pub mod import;

/// A record as a `PUT` carries it: everything but its code, which is the path's.
pub trait RecordInput {
    type Record: Record;
    fn with_code(self, code: String) -> Self::Record;
}

/// Creates or replaces the record at `code` for an administrator, checked with the whole directory and
/// audited: 201 with the record when it is new, 200 when it replaced one.
pub async fn put_record<I: RecordInput>(
    state: &AppState,
    admin: &AdminOnly,
    code: String,
    input: I,
) -> Result<HttpResponse, AppError> {
    let after = input.with_code(code);
    let actor = (ActorKind::Admin, Some(admin.account_id));
    let created = upsert(&state.storage, &state.directory, actor, after.clone()).await?;
    let status = if created { StatusCode::CREATED } else { StatusCode::OK };
    Ok(HttpResponse::build(status).json(after))
}
