//! What a kiosk offers beyond the form: calls for a member of staff, tracking codes reserved ahead for
//! reports saved offline, and photo drops a resident's phone sends photos to.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveIden, Clone, Copy)]
enum HelpCalls {
    Table,
    Id,
    StationId,
    KioskId,
    CalledAt,
    AnsweredAt,
    AnsweredBy,
}

#[derive(DeriveIden, Clone, Copy)]
enum ReservedCodes {
    Table,
    Code,
    KioskId,
    ReservedAt,
    ReportId,
}

#[derive(DeriveIden, Clone, Copy)]
enum PhotoDrops {
    Table,
    Id,
    TokenHash,
    KioskId,
    CreatedAt,
    ExpiresAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum PhotoDropPhotos {
    Table,
    Id,
    DropId,
    Position,
    ContentType,
    Content,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Kiosks {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum Stations {
    Table,
    Id,
}

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(HelpCalls::Table)
                    .col(uuid(HelpCalls::Id).primary_key())
                    .col(uuid(HelpCalls::StationId))
                    .col(uuid(HelpCalls::KioskId))
                    .col(timestamp_with_time_zone(HelpCalls::CalledAt))
                    .col(timestamp_with_time_zone_null(HelpCalls::AnsweredAt))
                    .col(uuid_null(HelpCalls::AnsweredBy))
                    .foreign_key(&mut super::fk(
                        "fk_help_calls_station",
                        (HelpCalls::Table, HelpCalls::StationId),
                        (Stations::Table, Stations::Id),
                    ))
                    .foreign_key(&mut super::fk(
                        "fk_help_calls_kiosk",
                        (HelpCalls::Table, HelpCalls::KioskId),
                        (Kiosks::Table, Kiosks::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_help_calls_station")
                    .table(HelpCalls::Table)
                    .col(HelpCalls::StationId)
                    .col(HelpCalls::CalledAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ReservedCodes::Table)
                    .col(string_len(ReservedCodes::Code, 16).primary_key())
                    .col(uuid(ReservedCodes::KioskId))
                    .col(timestamp_with_time_zone(ReservedCodes::ReservedAt))
                    .col(uuid_null(ReservedCodes::ReportId))
                    .foreign_key(&mut super::fk(
                        "fk_reserved_codes_kiosk",
                        (ReservedCodes::Table, ReservedCodes::KioskId),
                        (Kiosks::Table, Kiosks::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_reserved_codes_kiosk")
                    .table(ReservedCodes::Table)
                    .col(ReservedCodes::KioskId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PhotoDrops::Table)
                    .col(uuid(PhotoDrops::Id).primary_key())
                    .col(string_len(PhotoDrops::TokenHash, 64).unique_key())
                    .col(uuid(PhotoDrops::KioskId))
                    .col(timestamp_with_time_zone(PhotoDrops::CreatedAt))
                    .col(timestamp_with_time_zone(PhotoDrops::ExpiresAt))
                    .foreign_key(&mut super::fk(
                        "fk_photo_drops_kiosk",
                        (PhotoDrops::Table, PhotoDrops::KioskId),
                        (Kiosks::Table, Kiosks::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PhotoDropPhotos::Table)
                    .col(uuid(PhotoDropPhotos::Id).primary_key())
                    .col(uuid(PhotoDropPhotos::DropId))
                    .col(integer(PhotoDropPhotos::Position))
                    .col(string_len(PhotoDropPhotos::ContentType, 32))
                    .col(blob(PhotoDropPhotos::Content))
                    .col(timestamp_with_time_zone(PhotoDropPhotos::CreatedAt))
                    .foreign_key(
                        super::fk(
                            "fk_photo_drop_photos_drop",
                            (PhotoDropPhotos::Table, PhotoDropPhotos::DropId),
                            (PhotoDrops::Table, PhotoDrops::Id),
                        )
                        .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_photo_drop_photos_position")
                    .table(PhotoDropPhotos::Table)
                    .col(PhotoDropPhotos::DropId)
                    .col(PhotoDropPhotos::Position)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            PhotoDropPhotos::Table.into_iden(),
            PhotoDrops::Table.into_iden(),
            ReservedCodes::Table.into_iden(),
            HelpCalls::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
