//! Reception bookings: a place taken by raising the slot's counter only while it is below the slot's places
//! (one statement, so two phones racing for the last place cannot both get it, on SQLite or PostgreSQL), and
//! the booking written in the same transaction, one per resident and slot. Also the resident's notices about
//! a booking (the reminder, the station's cancelling the slot), queued with the change that raises them.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set, TransactionTrait};
use uuid::Uuid;

use super::entities::{reception_booking, reception_day, station};
use super::outbox::{NewNotice, enqueue};
use super::{Storage, StorageError};
use crate::domain::Localized;
use crate::domain::booking::{Booking, BookingRefusal, BookingStatus, reminder_ahead};
use crate::domain::notify::{Audience, BookingFacts, NoticeFacts, NoticeKind};

impl TryFrom<reception_booking::Model> for Booking {
    type Error = StorageError;

    fn try_from(row: reception_booking::Model) -> Result<Self, StorageError> {
        Ok(Booking {
            id: row.id,
            reception_day_id: row.reception_day_id,
            station_id: row.station_id,
            starts_at: row.starts_at,
            ends_at: row.ends_at,
            citizen_id: row.citizen_id,
            topic: row.topic,
            category: row.category,
            status: row.status.parse()?,
            created_at: row.created_at,
            cancelled_at: row.cancelled_at,
            reminded_at: row.reminded_at,
        })
    }
}

/// The outcome of asking for a place.
#[derive(Debug)]
pub enum BookingResult {
    Booked(Booking),
    Refused(BookingRefusal),
}

impl Storage {
    /// Takes a place at slot `day` for `citizen`, if one is free and the slot has not begun.
    pub async fn book_reception(
        &self,
        day: Uuid,
        citizen: Uuid,
        topic: &str,
        category: Option<&str>,
    ) -> Result<BookingResult, StorageError> {
        let now = self.now();
        let txn = self.writer().begin().await?;
        let Some(slot) = reception_day::Entity::find_by_id(day).one(&txn).await? else {
            return Ok(BookingResult::Refused(BookingRefusal::SlotNotFound));
        };
        if slot.starts_at <= now {
            return Ok(BookingResult::Refused(BookingRefusal::Closed));
        }
        let existing = reception_booking::Entity::find()
            .filter(reception_booking::Column::ReceptionDayId.eq(day))
            .filter(reception_booking::Column::CitizenId.eq(citizen))
            .one(&txn)
            .await?;
        if existing.as_ref().is_some_and(|b| b.status == BookingStatus::Booked.as_str()) {
            return Ok(BookingResult::Refused(BookingRefusal::AlreadyBooked));
        }
        let taken = reception_day::Entity::update_many()
            .col_expr(reception_day::Column::Booked, Expr::col(reception_day::Column::Booked).add(1))
            .filter(reception_day::Column::Id.eq(day))
            .filter(Expr::col(reception_day::Column::Booked).lt(Expr::col(reception_day::Column::Capacity)))
            .exec(&txn)
            .await?
            .rows_affected
            == 1;
        if !taken {
            return Ok(BookingResult::Refused(BookingRefusal::Full));
        }
        let row = match existing {
            // Booked again after cancelling: the same row, booked anew.
            Some(row) => {
                let mut row: reception_booking::ActiveModel = row.into();
                row.topic = Set(topic.to_owned());
                row.category = Set(category.map(str::to_owned));
                row.status = Set(BookingStatus::Booked.as_str().to_owned());
                row.created_at = Set(now);
                row.cancelled_at = Set(None);
                row.update(&txn).await
            }
            None => {
                reception_booking::ActiveModel {
                    id: Set(Uuid::now_v7()),
                    reception_day_id: Set(Some(day)),
                    station_id: Set(slot.station_id),
                    starts_at: Set(slot.starts_at),
                    ends_at: Set(slot.ends_at),
                    citizen_id: Set(citizen),
                    topic: Set(topic.to_owned()),
                    category: Set(category.map(str::to_owned)),
                    status: Set(BookingStatus::Booked.as_str().to_owned()),
                    created_at: Set(now),
                    cancelled_at: Set(None),
                    reminded_at: Set(None),
                }
                .insert(&txn)
                .await
            }
        };
        let row = match row.map_err(StorageError::from) {
            Ok(row) => row,
            // The same resident booking the same slot twice at once: the second meets the unique index.
            Err(StorageError::Conflict(_)) => return Ok(BookingResult::Refused(BookingRefusal::AlreadyBooked)),
            Err(err) => return Err(err),
        };
        // The slot's places taken changed: the public listing of reception days shows them.
        super::reference_version::bump(&txn, super::reference_version::Changed::Bookings).await?;
        txn.commit().await?;
        self.reference_committed(super::reference_version::Changed::Bookings);
        Ok(BookingResult::Booked(row.try_into()?))
    }

    /// Cancels `citizen`'s booking `id` while its slot has not begun, freeing the place; `false` when there
    /// is no such booking of theirs that can still be cancelled.
    pub async fn cancel_booking(&self, id: Uuid, citizen: Uuid) -> Result<bool, StorageError> {
        let now = self.now();
        let txn = self.writer().begin().await?;
        let cancelled = reception_booking::Entity::update_many()
            .col_expr(reception_booking::Column::Status, Expr::value(BookingStatus::Cancelled.as_str()))
            .col_expr(reception_booking::Column::CancelledAt, Expr::value(now))
            .filter(reception_booking::Column::Id.eq(id))
            .filter(reception_booking::Column::CitizenId.eq(citizen))
            .filter(reception_booking::Column::Status.eq(BookingStatus::Booked.as_str()))
            .filter(reception_booking::Column::StartsAt.gt(now))
            .exec(&txn)
            .await?
            .rows_affected
            == 1;
        if cancelled
            && let Some(day) =
                reception_booking::Entity::find_by_id(id).one(&txn).await?.and_then(|b| b.reception_day_id)
        {
            reception_day::Entity::update_many()
                .col_expr(reception_day::Column::Booked, Expr::col(reception_day::Column::Booked).sub(1))
                .filter(reception_day::Column::Id.eq(day))
                .filter(reception_day::Column::Booked.gt(0))
                .exec(&txn)
                .await?;
            super::reference_version::bump(&txn, super::reference_version::Changed::Bookings).await?;
        }
        txn.commit().await?;
        if cancelled {
            self.reference_committed(super::reference_version::Changed::Bookings);
        }
        Ok(cancelled)
    }

    /// A resident's bookings, the latest slot first.
    pub async fn citizen_bookings(&self, citizen: Uuid) -> Result<Vec<Booking>, StorageError> {
        reception_booking::Entity::find()
            .filter(reception_booking::Column::CitizenId.eq(citizen))
            .order_by_desc(reception_booking::Column::StartsAt)
            .all(self.reader())
            .await?
            .into_iter()
            .map(Booking::try_from)
            .collect()
    }

    /// A slot's bookings, in the order they were made.
    pub async fn slot_bookings(&self, day: Uuid) -> Result<Vec<Booking>, StorageError> {
        reception_booking::Entity::find()
            .filter(reception_booking::Column::ReceptionDayId.eq(day))
            .order_by_asc(reception_booking::Column::CreatedAt)
            .all(self.reader())
            .await?
            .into_iter()
            .map(Booking::try_from)
            .collect()
    }
}

/// The notice of `kind` to the resident holding `booking`.
async fn booking_notice(
    db: &impl sea_orm::ConnectionTrait,
    kind: NoticeKind,
    booking: &Booking,
) -> Result<NewNotice, StorageError> {
    let station = station::Entity::find_by_id(booking.station_id).one(db).await?;
    let name = station.map_or_else(Localized::default, |s| Localized::new(s.name_zh, s.name_en));
    Ok(NewNotice {
        kind,
        audience: Audience::Resident,
        recipient_id: booking.citizen_id,
        report_id: None,
        facts: NoticeFacts::booking(BookingFacts {
            station_id: booking.station_id,
            station: name,
            starts_at: booking.starts_at,
            topic: booking.topic.clone(),
        }),
        cause: format!("booking:{}", booking.id),
    })
}

impl Storage {
    /// Bookings whose reminder is due at `now` ([`Booking::reminder_due`]).
    pub async fn bookings_to_remind(&self, now: DateTime<Utc>) -> Result<Vec<Booking>, StorageError> {
        let rows = reception_booking::Entity::find()
            .filter(reception_booking::Column::Status.eq(BookingStatus::Booked.as_str()))
            .filter(reception_booking::Column::RemindedAt.is_null())
            .filter(reception_booking::Column::StartsAt.gt(now))
            .filter(reception_booking::Column::StartsAt.lte(now + reminder_ahead()))
            .order_by_asc(reception_booking::Column::StartsAt)
            .all(self.reader())
            .await?;
        let bookings: Result<Vec<Booking>, StorageError> = rows.into_iter().map(Booking::try_from).collect();
        Ok(bookings?.into_iter().filter(|b| b.reminder_due(now)).collect())
    }

    /// Marks `booking` reminded and queues its reminder, together; `false` when it was reminded already.
    pub async fn queue_booking_reminder(&self, booking: &Booking) -> Result<bool, StorageError> {
        let now = self.now();
        let txn = self.writer().begin().await?;
        let marked = reception_booking::Entity::update_many()
            .col_expr(reception_booking::Column::RemindedAt, Expr::value(now))
            .filter(reception_booking::Column::Id.eq(booking.id))
            .filter(reception_booking::Column::RemindedAt.is_null())
            .filter(reception_booking::Column::Status.eq(BookingStatus::Booked.as_str()))
            .exec(&txn)
            .await?
            .rows_affected
            == 1;
        if marked {
            let notice = booking_notice(&txn, NoticeKind::BookingReminder, booking).await?;
            enqueue(&txn, &[notice], now).await?;
        }
        txn.commit().await?;
        Ok(marked)
    }
}

/// Cancels a slot's bookings inside the transaction that deletes the slot (its residents see them cancelled),
/// and tells each resident whose reception was still ahead.
pub(super) async fn cancel_slot_bookings(
    db: &impl sea_orm::ConnectionTrait,
    day: Uuid,
    now: DateTime<Utc>,
) -> Result<(), StorageError> {
    let booked: Vec<Booking> = reception_booking::Entity::find()
        .filter(reception_booking::Column::ReceptionDayId.eq(day))
        .filter(reception_booking::Column::Status.eq(BookingStatus::Booked.as_str()))
        .all(db)
        .await?
        .into_iter()
        .map(Booking::try_from)
        .collect::<Result<_, _>>()?;
    reception_booking::Entity::update_many()
        .col_expr(reception_booking::Column::Status, Expr::value(BookingStatus::Cancelled.as_str()))
        .col_expr(reception_booking::Column::CancelledAt, Expr::value(now))
        .filter(reception_booking::Column::ReceptionDayId.eq(day))
        .filter(reception_booking::Column::Status.eq(BookingStatus::Booked.as_str()))
        .exec(db)
        .await?;
    let mut notices = Vec::new();
    for booking in booked.iter().filter(|b| b.cancellation_is_news(now)) {
        notices.push(booking_notice(db, NoticeKind::BookingCancelled, booking).await?);
    }
    enqueue(db, &notices, now).await
}
