//! The outbox: every notification the closed loop raises, written in the transaction of the change that
//! raises it and delivered by a relay; each delivery attempt; and where each deputy or station is reached
//! on each channel.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Outbox {
    Table,
    Id,
    Kind,
    Audience,
    RecipientId,
    ReportId,
    Facts,
    DedupeKey,
    Status,
    Attempts,
    NextAttemptAt,
    LockedUntil,
    LastError,
    CreatedAt,
    DeliveredAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum DeliveryAttempts {
    Table,
    Id,
    OutboxId,
    Channel,
    Ok,
    ProviderCode,
    Detail,
    At,
}

#[derive(DeriveIden, Clone, Copy)]
enum NotificationTargets {
    Table,
    Audience,
    OwnerId,
    Channel,
    Target,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Outbox::Table)
                    .col(pk_uuid(Outbox::Id))
                    .col(string_len(Outbox::Kind, 16))
                    .col(string_len(Outbox::Audience, 16))
                    .col(uuid(Outbox::RecipientId))
                    .col(uuid(Outbox::ReportId))
                    .col(text(Outbox::Facts))
                    .col(string_len_uniq(Outbox::DedupeKey, 200))
                    .col(string_len(Outbox::Status, 16))
                    .col(integer(Outbox::Attempts).default(0))
                    .col(timestamp_with_time_zone(Outbox::NextAttemptAt))
                    .col(timestamp_with_time_zone_null(Outbox::LockedUntil))
                    .col(text_null(Outbox::LastError))
                    .col(timestamp_with_time_zone(Outbox::CreatedAt))
                    .col(timestamp_with_time_zone_null(Outbox::DeliveredAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_outbox_due")
                    .table(Outbox::Table)
                    .col(Outbox::Status)
                    .col(Outbox::NextAttemptAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(DeliveryAttempts::Table)
                    .col(pk_uuid(DeliveryAttempts::Id))
                    .col(uuid(DeliveryAttempts::OutboxId))
                    .col(string_len(DeliveryAttempts::Channel, 32))
                    .col(boolean(DeliveryAttempts::Ok))
                    .col(string_len_null(DeliveryAttempts::ProviderCode, 32))
                    .col(text_null(DeliveryAttempts::Detail))
                    .col(timestamp_with_time_zone(DeliveryAttempts::At))
                    .foreign_key(&mut super::fk(
                        "fk_delivery_attempts_outbox",
                        (DeliveryAttempts::Table, DeliveryAttempts::OutboxId),
                        (Outbox::Table, Outbox::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(NotificationTargets::Table)
                    .col(string_len(NotificationTargets::Audience, 16))
                    .col(uuid(NotificationTargets::OwnerId))
                    .col(string_len(NotificationTargets::Channel, 32))
                    .col(text(NotificationTargets::Target))
                    .col(timestamp_with_time_zone(NotificationTargets::UpdatedAt))
                    .primary_key(
                        Index::create()
                            .col(NotificationTargets::Audience)
                            .col(NotificationTargets::OwnerId)
                            .col(NotificationTargets::Channel),
                    )
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in
            [NotificationTargets::Table.into_iden(), DeliveryAttempts::Table.into_iden(), Outbox::Table.into_iden()]
        {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
