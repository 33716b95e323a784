//! A deputy's account binding as staff manage it: a one-time binding code (代表绑定码) to hand the deputy,
//! and unbinding.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, delete, post, web};
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::app::deputy_binding;
use crate::app::error::AppError;
use crate::app::state::AppState;
use crate::web::auth::StaffOrAdmin;
use crate::web::controllers::entry::qr_svg_text;
use crate::web::problem::Problem;

/// A binding code to hand the deputy, shown once.
#[derive(Debug, Serialize, ToSchema)]
pub struct BindingCodeView {
    #[schema(example = "D-001")]
    pub deputy: String,
    /// Type it in the deputy workbench, or scan the QR code; works once.
    #[schema(example = "7KQ9M-3XDP2")]
    pub binding_code: String,
    pub expires_at: DateTime<Utc>,
    /// The workbench page that redeems it (what the QR code holds).
    pub url: String,
    /// The same URL as a QR code, an SVG document, to show on screen or print.
    pub qr_svg: String,
}

/// Makes a one-time binding code for the deputy (staff of one of the deputy's stations, and administrators).
/// Whoever redeems it with `POST /api/v1/me/deputy-binding` acts for the deputy from then on, taking over
/// from any account bound before. Valid for `auth.binding_code_hours`; stored only as a hash; audited.
#[utoipa::path(
    tag = "accounts",
    security(("bearer" = [])),
    params(("code" = String, Path, description = "Deputy code.", example = "D-001")),
    responses(
        (status = 201, description = "Made; hand the code or the QR code to the deputy.", body = BindingCodeView),
        (status = 403, description = "`forbidden`: not staff of the deputy's stations.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`deputy_not_found`.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`deputy_left`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/deputies/{code}/binding-codes")]
pub async fn issue(
    state: web::Data<AppState>,
    StaffOrAdmin(principal): StaffOrAdmin,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let issued = deputy_binding::issue_code(&state, &principal, &path).await?;
    let view = BindingCodeView {
        qr_svg: qr_svg_text(&issued.url)?,
        deputy: issued.deputy,
        binding_code: issued.code,
        expires_at: issued.expires_at,
        url: issued.url,
    };
    Ok(HttpResponse::build(StatusCode::CREATED).json(view))
}

/// Unbinds the deputy's account (staff of one of the deputy's stations, and administrators): it loses every
/// deputy right on its next request. Audited.
#[utoipa::path(
    tag = "accounts",
    security(("bearer" = [])),
    params(("code" = String, Path, description = "Deputy code.", example = "D-001")),
    responses(
        (status = 204, description = "Unbound."),
        (status = 403, description = "`forbidden`: not staff of the deputy's stations.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`deputy_not_found`, or `not_found`: no account is bound.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/deputies/{code}/account")]
pub async fn unbind(
    state: web::Data<AppState>,
    StaffOrAdmin(principal): StaffOrAdmin,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    deputy_binding::unbind(&state, &principal, &path).await?;
    Ok(HttpResponse::NoContent().finish())
}
