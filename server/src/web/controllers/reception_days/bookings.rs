use actix_web::{HttpResponse, delete, get, post, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::ReceptionDayView;
use crate::app::bookings::{BookingWithSlot, book, cancel, mine, of_slot};
use crate::app::error::AppError;
use crate::app::state::AppState;
use crate::domain::booking::{Booking, BookingStatus};
use crate::web::auth::{Authenticated, CitizenOnly};
use crate::web::extract::json::JsonBody;
use crate::web::problem::Problem;

/// The place to book: what the resident wants to raise.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BookingRequest {
    /// 1–200 characters.
    #[schema(example = "小区加装电梯的进度")]
    pub topic: String,
    /// A category code from `GET /api/v1/categories`, if the topic has one.
    #[serde(default)]
    pub category: Option<String>,
}

/// A booking as its resident sees it.
#[derive(Debug, Serialize, ToSchema)]
pub struct BookingView {
    pub id: Uuid,
    /// The slot; none when the station cancelled it (the booking is then `cancelled`).
    pub reception_day: Option<ReceptionDayView>,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub topic: String,
    pub category: Option<String>,
    pub status: BookingStatus,
    /// It may still be cancelled (booked, and the slot has not begun).
    pub cancellable: bool,
    pub created_at: DateTime<Utc>,
    pub cancelled_at: Option<DateTime<Utc>>,
}

/// A resident's bookings.
#[derive(Debug, Serialize, ToSchema)]
pub struct BookingList {
    pub items: Vec<BookingView>,
}

fn view(b: BookingWithSlot, now: DateTime<Utc>) -> BookingView {
    BookingView {
        reception_day: b.slot.as_ref().map(|s| ReceptionDayView::new(s, now)),
        cancellable: b.booking.cancellable(now),
        id: b.booking.id,
        starts_at: b.booking.starts_at,
        ends_at: b.booking.ends_at,
        topic: b.booking.topic,
        category: b.booking.category,
        status: b.booking.status,
        created_at: b.booking.created_at,
        cancelled_at: b.booking.cancelled_at,
    }
}

/// Books a place at a reception slot (预约接待) for the signed-in resident, with the topic they want to raise.
/// A slot takes bookings until it begins and while a place is free (`capacity`); two residents racing for the
/// last place: one gets it, the other is told it is full. One booking per resident and slot.
#[utoipa::path(
    tag = "reference",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The slot's id.")),
    request_body = BookingRequest,
    responses(
        (status = 201, description = "Booked.", body = BookingView),
        (status = 403, description = "`forbidden`: residents signed in (by phone code or WeChat) only.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`reception_day_not_found`.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`reception_full`, `reception_closed` (begun or over) or `already_booked`.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed` (topic) or `unknown_category`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/reception-days/{id}/bookings")]
pub async fn create(
    state: web::Data<AppState>,
    citizen: CitizenOnly,
    id: web::Path<Uuid>,
    JsonBody(body): JsonBody<BookingRequest>,
) -> Result<HttpResponse, AppError> {
    let booked = book(&state, citizen.account_id, id.into_inner(), &body.topic, body.category.as_deref()).await?;
    Ok(HttpResponse::Created().json(view(booked, state.clock.now())))
}

/// The signed-in resident's bookings, the latest slot first (cancelled ones too).
#[utoipa::path(
    tag = "reference",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The bookings.", body = BookingList),
        (status = 403, description = "`forbidden`: residents only.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me/bookings")]
pub async fn list_mine(state: web::Data<AppState>, citizen: CitizenOnly) -> Result<web::Json<BookingList>, AppError> {
    let now = state.clock.now();
    let items = mine(&state, citizen.account_id).await?.into_iter().map(|b| view(b, now)).collect();
    Ok(web::Json(BookingList { items }))
}

/// Cancels one of the signed-in resident's bookings while its slot has not begun; the place is free again.
#[utoipa::path(
    tag = "reference",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The booking's id.")),
    responses(
        (status = 204, description = "Cancelled."),
        (status = 403, description = "`forbidden`: residents only.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`booking_not_found`: none of theirs, already cancelled, or the slot has begun.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/me/bookings/{id}")]
pub async fn cancel_mine(
    state: web::Data<AppState>,
    citizen: CitizenOnly,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, AppError> {
    cancel(&state, citizen.account_id, id.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// One booking as the station sees it: never the resident's phone number.
#[derive(Debug, Serialize, ToSchema)]
pub struct SlotBookingView {
    pub id: Uuid,
    pub topic: String,
    pub category: Option<String>,
    pub status: BookingStatus,
    pub created_at: DateTime<Utc>,
}

/// A slot's bookings.
#[derive(Debug, Serialize, ToSchema)]
pub struct SlotBookings {
    pub reception_day: ReceptionDayView,
    pub items: Vec<SlotBookingView>,
}

impl From<Booking> for SlotBookingView {
    fn from(b: Booking) -> Self {
        Self { id: b.id, topic: b.topic, category: b.category, status: b.status, created_at: b.created_at }
    }
}

/// Who booked a slot and what they want to raise, in the order they booked (cancelled ones too): for the staff
/// of its station, its deputies and administrators; others are told it does not exist.
#[utoipa::path(
    tag = "reference",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The slot's id.")),
    responses(
        (status = 200, description = "The bookings.", body = SlotBookings),
        (status = 404, description = "`reception_day_not_found`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/reception-days/{id}/bookings")]
pub async fn list_slot(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    id: web::Path<Uuid>,
) -> Result<web::Json<SlotBookings>, AppError> {
    let (slot, bookings) = of_slot(&state, &principal, id.into_inner()).await?;
    Ok(web::Json(SlotBookings {
        reception_day: ReceptionDayView::new(&slot, state.clock.now()),
        items: bookings.into_iter().map(SlotBookingView::from).collect(),
    }))
}
