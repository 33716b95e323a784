//! Reception days (a station, a time window, the deputies receiving residents); the area or building a
//! report names as its place; deputies' notification channels; and what a directory change touched, on its
//! audit entry.

use sea_orm_migration::{prelude::*, schema::*};

use super::{fk, link};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Stations {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum Deputies {
    Table,
    Id,
    NotificationChannels,
}

#[derive(DeriveIden, Clone, Copy)]
enum ReceptionDays {
    Table,
    Id,
    StationId,
    StartsAt,
    EndsAt,
    NoteZh,
    NoteEn,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum ReceptionDayDeputies {
    Table,
    ReceptionDayId,
    DeputyId,
}

#[derive(DeriveIden, Clone, Copy)]
enum Reports {
    Table,
    AreaId,
    BuildingId,
}

#[derive(DeriveIden, Clone, Copy)]
enum AuditLog {
    Table,
    Subject,
    Detail,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ReceptionDays::Table)
                    .col(pk_uuid(ReceptionDays::Id))
                    .col(uuid(ReceptionDays::StationId))
                    .col(timestamp_with_time_zone(ReceptionDays::StartsAt))
                    .col(timestamp_with_time_zone(ReceptionDays::EndsAt))
                    .col(string_len(ReceptionDays::NoteZh, 200))
                    .col(string_len(ReceptionDays::NoteEn, 300))
                    .col(timestamp_with_time_zone(ReceptionDays::CreatedAt))
                    .col(timestamp_with_time_zone(ReceptionDays::UpdatedAt))
                    .foreign_key(&mut fk(
                        "fk_reception_days_station",
                        (ReceptionDays::Table, ReceptionDays::StationId),
                        (Stations::Table, Stations::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_reception_days_station_start")
                    .table(ReceptionDays::Table)
                    .col(ReceptionDays::StationId)
                    .col(ReceptionDays::StartsAt)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(link(
                ReceptionDayDeputies::Table,
                (ReceptionDayDeputies::ReceptionDayId, ReceptionDays::Table, ReceptionDays::Id),
                (ReceptionDayDeputies::DeputyId, Deputies::Table, Deputies::Id),
            ))
            .await?;
        for (table, column) in [
            (Reports::Table.into_iden(), ColumnDef::new(Reports::AreaId).uuid().null().to_owned()),
            (Reports::Table.into_iden(), ColumnDef::new(Reports::BuildingId).uuid().null().to_owned()),
            (AuditLog::Table.into_iden(), ColumnDef::new(AuditLog::Subject).string_len(200).null().to_owned()),
            (AuditLog::Table.into_iden(), ColumnDef::new(AuditLog::Detail).text().null().to_owned()),
            (
                Deputies::Table.into_iden(),
                ColumnDef::new(Deputies::NotificationChannels).string_len(200).not_null().default("").to_owned(),
            ),
        ] {
            let mut column = column;
            manager.alter_table(Table::alter().table(table).add_column(&mut column).to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (table, column) in [
            (Reports::Table.into_iden(), Reports::AreaId.into_iden()),
            (Reports::Table.into_iden(), Reports::BuildingId.into_iden()),
            (AuditLog::Table.into_iden(), AuditLog::Subject.into_iden()),
            (AuditLog::Table.into_iden(), AuditLog::Detail.into_iden()),
            (Deputies::Table.into_iden(), Deputies::NotificationChannels.into_iden()),
        ] {
            manager.alter_table(Table::alter().table(table).drop_column(column).to_owned()).await?;
        }
        manager.drop_table(Table::drop().table(ReceptionDayDeputies::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(ReceptionDays::Table).to_owned()).await?;
        Ok(())
    }
}
