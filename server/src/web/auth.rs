//! Authentication as extractors: a handler's signature says who may call it.
//!
//! - [`Caller`]: anyone; `Some` principal when a valid token came with the request.
//! - [`Authenticated`]: any signed-in principal.
//! - [`CitizenOnly`], [`StaffOrAdmin`], [`AdminOnly`]: that role, or 403.
//!
//! A token that is present but invalid is always refused (401), never treated as anonymous. The token's
//! session, account or kiosk is checked against storage on every request, so logout, a revoked kiosk or a
//! disabled account take effect at once.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, web};
use uuid::Uuid;

use crate::app::error::{AppError, ErrorCode};
use crate::app::state::AppState;
use crate::domain::access::Principal;

type Extracted<T> = Pin<Box<dyn Future<Output = Result<T, AppError>>>>;

/// The bearer token of a request, when it carries one.
fn bearer(req: &HttpRequest) -> Result<Option<String>, AppError> {
    let Some(value) = req.headers().get(header::AUTHORIZATION) else {
        return Ok(None);
    };
    let value = value.to_str().map_err(|_| invalid_token("The Authorization header is not readable."))?;
    match value.split_once(' ') {
        Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") && !token.trim().is_empty() => {
            Ok(Some(token.trim().to_owned()))
        }
        _ => Err(invalid_token("Send `Authorization: Bearer <access token>`.")),
    }
}

fn invalid_token(detail: &str) -> AppError {
    AppError::new(ErrorCode::InvalidToken, detail)
}

/// Verifies the token and loads the principal it speaks for.
async fn resolve(req: HttpRequest) -> Result<Option<Principal>, AppError> {
    let Some(token) = bearer(&req)? else {
        return Ok(None);
    };
    let state = req
        .app_data::<web::Data<AppState>>()
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("application state is missing")))?;
    let (claims, subject) = state.tokens.verify(&token).map_err(|err| {
        tracing::info!(reason = %err, "refused an access token");
        invalid_token("The access token is invalid or has expired; refresh it or sign in again.")
    })?;
    match state.storage.resolve_principal(subject, claims.sid).await? {
        Some(principal) => Ok(Some(principal)),
        None => Err(invalid_token("This session has ended or its account or device is no longer active.")),
    }
}

/// Anyone: the principal when the request is signed in, `None` when it carries no token.
#[derive(Debug, Clone)]
pub struct Caller(pub Option<Principal>);

impl FromRequest for Caller {
    type Error = AppError;
    type Future = Extracted<Self>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move { Ok(Caller(resolve(req).await?)) })
    }
}

/// Any signed-in principal.
#[derive(Debug, Clone)]
pub struct Authenticated(pub Principal);

fn require(principal: Option<Principal>) -> Result<Principal, AppError> {
    principal.ok_or_else(|| AppError::new(ErrorCode::Unauthenticated, "Sign in first: send a bearer access token."))
}

impl FromRequest for Authenticated {
    type Error = AppError;
    type Future = Extracted<Self>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move { Ok(Authenticated(require(resolve(req).await?)?)) })
    }
}

/// Implements an extractor for one role (or a few): the signed-in principal, narrowed by `narrow`, or 403.
macro_rules! role_extractor {
    ($name:ident, $forbidden:literal, |$p:ident| $narrow:expr) => {
        impl FromRequest for $name {
            type Error = AppError;
            type Future = Extracted<Self>;

            fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
                let req = req.clone();
                Box::pin(async move {
                    let $p = require(resolve(req).await?)?;
                    let narrowed: Option<Self> = $narrow;
                    narrowed.ok_or_else(|| AppError::new(ErrorCode::Forbidden, $forbidden))
                })
            }
        }
    };
}

/// A signed-in citizen.
#[derive(Debug, Clone, Copy)]
pub struct CitizenOnly {
    pub account_id: Uuid,
}

role_extractor!(CitizenOnly, "Only citizens can do this.", |p| match p {
    Principal::Citizen { account_id } => Some(CitizenOnly { account_id }),
    _ => None,
});

/// A kiosk: its id and its station.
#[derive(Debug, Clone, Copy)]
pub struct KioskOnly {
    pub kiosk_id: Uuid,
    pub station_id: Uuid,
}

role_extractor!(KioskOnly, "Only a station's kiosk can do this.", |p| match p {
    Principal::Kiosk { kiosk_id, station_id } => Some(KioskOnly { kiosk_id, station_id }),
    _ => None,
});

/// Station staff or an administrator; object checks still decide which stations.
#[derive(Debug, Clone)]
pub struct StaffOrAdmin(pub Principal);

role_extractor!(StaffOrAdmin, "Only station staff and administrators can do this.", |p| matches!(
    p,
    Principal::Staff { .. } | Principal::Admin { .. }
)
.then_some(StaffOrAdmin(p)));

/// Someone who watches supervision: staff and station heads (their stations), the committee, administrators.
#[derive(Debug, Clone)]
pub struct Supervisor(pub Principal);

role_extractor!(Supervisor, "Only station staff, the committee and administrators can do this.", |p| p
    .supervises()
    .then_some(Supervisor(p)));

/// An administrator.
#[derive(Debug, Clone, Copy)]
pub struct AdminOnly {
    pub account_id: Uuid,
}

role_extractor!(AdminOnly, "Only administrators can do this.", |p| match p {
    Principal::Admin { account_id } => Some(AdminOnly { account_id }),
    _ => None,
});
