//! Booking a reception (预约接待): a signed-in resident takes a place at a slot with the topic they want to
//! raise, sees and cancels their bookings; the station's staff and the slot's deputies see who is coming.

use uuid::Uuid;

use crate::app::error::{AppError, ErrorCode};
use crate::app::state::AppState;
use crate::domain::access::Principal;
use crate::domain::booking::{Booking, BookingRefusal, topic};
use crate::domain::directory::ReceptionSlot;
use crate::storage::bookings::BookingResult;

/// A booking with the slot it is for (none once the station cancelled the slot).
#[derive(Debug, Clone)]
pub struct BookingWithSlot {
    pub booking: Booking,
    pub slot: Option<ReceptionSlot>,
}

/// Takes a place at slot `day` for `citizen`.
pub async fn book(
    state: &AppState,
    citizen: Uuid,
    day: Uuid,
    topic_text: &str,
    category: Option<&str>,
) -> Result<BookingWithSlot, AppError> {
    let topic = topic(topic_text).map_err(|e| AppError::validation(vec![e]))?;
    let category = match category.map(str::trim).filter(|c| !c.is_empty()) {
        Some(code) => Some(
            state
                .storage
                .find_category(code)
                .await?
                .ok_or_else(|| AppError::new(ErrorCode::UnknownCategory, format!("There is no category `{code}`.")))?
                .code,
        ),
        None => None,
    };
    match state.storage.book_reception(day, citizen, &topic, category.as_deref()).await? {
        BookingResult::Booked(booking) => {
            let slot = state.storage.find_reception_day(day).await?;
            Ok(BookingWithSlot { booking, slot })
        }
        BookingResult::Refused(refusal) => Err(match refusal {
            BookingRefusal::SlotNotFound => {
                AppError::new(ErrorCode::ReceptionDayNotFound, "There is no such reception slot.")
            }
            BookingRefusal::Closed => {
                AppError::new(ErrorCode::ReceptionClosed, "This reception has begun or is over; choose a later one.")
            }
            BookingRefusal::Full => {
                AppError::new(ErrorCode::ReceptionFull, "Every place at this reception is taken; choose another.")
            }
            BookingRefusal::AlreadyBooked => {
                AppError::new(ErrorCode::AlreadyBooked, "You have a place at this reception already.")
            }
        }),
    }
}

/// The resident's bookings, the latest slot first, with their slots.
pub async fn mine(state: &AppState, citizen: Uuid) -> Result<Vec<BookingWithSlot>, AppError> {
    let mut out = Vec::new();
    for booking in state.storage.citizen_bookings(citizen).await? {
        let slot = match booking.reception_day_id {
            Some(day) => state.storage.find_reception_day(day).await?,
            None => None,
        };
        out.push(BookingWithSlot { booking, slot });
    }
    Ok(out)
}

/// Cancels the resident's booking while its slot has not begun.
pub async fn cancel(state: &AppState, citizen: Uuid, id: Uuid) -> Result<(), AppError> {
    if state.storage.cancel_booking(id, citizen).await? {
        Ok(())
    } else {
        Err(AppError::new(
            ErrorCode::BookingNotFound,
            "You have no booking with this id that can still be cancelled (the reception may have begun).",
        ))
    }
}

/// A slot's bookings, for the staff of its station, its deputies and administrators (404 for others, as for
/// a slot that does not exist).
pub async fn of_slot(
    state: &AppState,
    principal: &Principal,
    day: Uuid,
) -> Result<(ReceptionSlot, Vec<Booking>), AppError> {
    let not_found = || AppError::new(ErrorCode::ReceptionDayNotFound, "There is no such reception slot.");
    let slot = state.storage.find_reception_day(day).await?.ok_or_else(not_found)?;
    let allowed = match principal {
        Principal::Admin { .. } => true,
        Principal::Staff { stations, .. } => stations.contains(&slot.station_id),
        Principal::Deputy { deputy_id: Some(deputy), .. } => slot.deputies.iter().any(|d| d.id == *deputy),
        _ => false,
    };
    if !allowed {
        return Err(not_found());
    }
    let bookings = state.storage.slot_bookings(day).await?;
    Ok((slot, bookings))
}
