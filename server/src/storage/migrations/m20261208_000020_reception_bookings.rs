//! Booking a reception (预约接待): each slot's places for residents who book ahead and how many are taken (a
//! counter raised only while below the places, so two phones racing for the last place cannot both get it),
//! and the bookings, which keep their slot's station and times so a cancelled slot's bookings stay readable.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveIden, Clone, Copy)]
enum ReceptionDays {
    Table,
    Id,
    Capacity,
    Booked,
}

#[derive(DeriveIden, Clone, Copy)]
enum ReceptionBookings {
    Table,
    Id,
    ReceptionDayId,
    StationId,
    StartsAt,
    EndsAt,
    CitizenId,
    Topic,
    Category,
    Status,
    CreatedAt,
    CancelledAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Accounts {
    Table,
    Id,
}

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (column, default) in [(ReceptionDays::Capacity, 10), (ReceptionDays::Booked, 0)] {
            manager
                .alter_table(
                    Table::alter().table(ReceptionDays::Table).add_column(integer(column).default(default)).to_owned(),
                )
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(ReceptionBookings::Table)
                    .col(uuid(ReceptionBookings::Id).primary_key())
                    .col(uuid_null(ReceptionBookings::ReceptionDayId))
                    .col(uuid(ReceptionBookings::StationId))
                    .col(timestamp_with_time_zone(ReceptionBookings::StartsAt))
                    .col(timestamp_with_time_zone(ReceptionBookings::EndsAt))
                    .col(uuid(ReceptionBookings::CitizenId))
                    .col(string_len(ReceptionBookings::Topic, 800))
                    .col(string_len_null(ReceptionBookings::Category, 64))
                    .col(string_len(ReceptionBookings::Status, 16))
                    .col(timestamp_with_time_zone(ReceptionBookings::CreatedAt))
                    .col(timestamp_with_time_zone_null(ReceptionBookings::CancelledAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_reception_bookings_day")
                            .from(ReceptionBookings::Table, ReceptionBookings::ReceptionDayId)
                            .to(ReceptionDays::Table, ReceptionDays::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_reception_bookings_citizen")
                            .from(ReceptionBookings::Table, ReceptionBookings::CitizenId)
                            .to(Accounts::Table, Accounts::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_reception_bookings_once")
                    .table(ReceptionBookings::Table)
                    .col(ReceptionBookings::ReceptionDayId)
                    .col(ReceptionBookings::CitizenId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_reception_bookings_citizen")
                    .table(ReceptionBookings::Table)
                    .col(ReceptionBookings::CitizenId)
                    .col(ReceptionBookings::StartsAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(ReceptionBookings::Table).to_owned()).await?;
        for column in [ReceptionDays::Booked, ReceptionDays::Capacity] {
            manager.alter_table(Table::alter().table(ReceptionDays::Table).drop_column(column).to_owned()).await?;
        }
        Ok(())
    }
}
