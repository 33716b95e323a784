//! Reference data (areas, categories, stations), reports with their photos and timeline, and idempotency keys.

use sea_orm_migration::{prelude::*, schema::*};

use super::fk;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Areas {
    Table,
    Id,
    Code,
    Kind,
    NameZh,
    NameEn,
    ParentId,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Categories {
    Table,
    Id,
    Code,
    NameZh,
    NameEn,
    DescriptionZh,
    DescriptionEn,
    ReplyDeadlineWorkingDays,
    SortOrder,
    Active,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Stations {
    Table,
    Id,
    Code,
    NameZh,
    NameEn,
    Address,
    Lat,
    Lng,
    OpeningHoursZh,
    OpeningHoursEn,
    AreaId,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Reports {
    Table,
    Id,
    TrackingCode,
    CategoryId,
    StationId,
    Title,
    Description,
    Lat,
    Lng,
    Address,
    ContactName,
    ContactPhone,
    Channel,
    Anonymous,
    ConsentPersonalInfo,
    ConsentPhoneCall,
    Status,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ReportEvents {
    Table,
    Id,
    ReportId,
    Kind,
    Visibility,
    ActorKind,
    ActorId,
    Note,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ReportPhotos {
    Table,
    Id,
    ReportId,
    Position,
    ContentType,
    ByteSize,
    Sha256,
    StorageKey,
    CreatedAt,
}

#[derive(DeriveIden)]
enum IdempotencyKeys {
    Table,
    Key,
    Fingerprint,
    ReportId,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Areas::Table)
                    .col(pk_uuid(Areas::Id))
                    .col(string_len_uniq(Areas::Code, 64))
                    .col(string_len(Areas::Kind, 32))
                    .col(string_len(Areas::NameZh, 100))
                    .col(string_len(Areas::NameEn, 200))
                    .col(uuid_null(Areas::ParentId))
                    .col(timestamp_with_time_zone(Areas::CreatedAt))
                    .col(timestamp_with_time_zone(Areas::UpdatedAt))
                    .foreign_key(&mut fk("fk_areas_parent", (Areas::Table, Areas::ParentId), (Areas::Table, Areas::Id)))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Categories::Table)
                    .col(pk_uuid(Categories::Id))
                    .col(string_len_uniq(Categories::Code, 64))
                    .col(string_len(Categories::NameZh, 100))
                    .col(string_len(Categories::NameEn, 200))
                    .col(text(Categories::DescriptionZh))
                    .col(text(Categories::DescriptionEn))
                    .col(integer(Categories::ReplyDeadlineWorkingDays))
                    .col(integer(Categories::SortOrder))
                    .col(boolean(Categories::Active))
                    .col(timestamp_with_time_zone(Categories::CreatedAt))
                    .col(timestamp_with_time_zone(Categories::UpdatedAt))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Stations::Table)
                    .col(pk_uuid(Stations::Id))
                    .col(string_len_uniq(Stations::Code, 64))
                    .col(string_len(Stations::NameZh, 100))
                    .col(string_len(Stations::NameEn, 200))
                    .col(string_len(Stations::Address, 300))
                    .col(double_null(Stations::Lat))
                    .col(double_null(Stations::Lng))
                    .col(text(Stations::OpeningHoursZh))
                    .col(text(Stations::OpeningHoursEn))
                    .col(uuid_null(Stations::AreaId))
                    .col(timestamp_with_time_zone(Stations::CreatedAt))
                    .col(timestamp_with_time_zone(Stations::UpdatedAt))
                    .foreign_key(&mut fk(
                        "fk_stations_area",
                        (Stations::Table, Stations::AreaId),
                        (Areas::Table, Areas::Id),
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Reports::Table)
                    .col(pk_uuid(Reports::Id))
                    .col(string_len_uniq(Reports::TrackingCode, 32))
                    .col(uuid(Reports::CategoryId))
                    .col(uuid_null(Reports::StationId))
                    .col(string_len_null(Reports::Title, 400))
                    .col(text(Reports::Description))
                    .col(double_null(Reports::Lat))
                    .col(double_null(Reports::Lng))
                    .col(string_len_null(Reports::Address, 800))
                    .col(string_len_null(Reports::ContactName, 200))
                    .col(string_len_null(Reports::ContactPhone, 32))
                    .col(string_len(Reports::Channel, 16))
                    .col(boolean(Reports::Anonymous))
                    .col(boolean(Reports::ConsentPersonalInfo))
                    .col(boolean(Reports::ConsentPhoneCall))
                    .col(string_len(Reports::Status, 32))
                    .col(timestamp_with_time_zone(Reports::CreatedAt))
                    .col(timestamp_with_time_zone(Reports::UpdatedAt))
                    .foreign_key(&mut fk(
                        "fk_reports_category",
                        (Reports::Table, Reports::CategoryId),
                        (Categories::Table, Categories::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_reports_station",
                        (Reports::Table, Reports::StationId),
                        (Stations::Table, Stations::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_reports_station_status")
                    .table(Reports::Table)
                    .col(Reports::StationId)
                    .col(Reports::Status)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ReportEvents::Table)
                    .col(pk_uuid(ReportEvents::Id))
                    .col(uuid(ReportEvents::ReportId))
                    .col(string_len(ReportEvents::Kind, 32))
                    .col(string_len(ReportEvents::Visibility, 16))
                    .col(string_len(ReportEvents::ActorKind, 16))
                    .col(uuid_null(ReportEvents::ActorId))
                    .col(text_null(ReportEvents::Note))
                    .col(timestamp_with_time_zone(ReportEvents::CreatedAt))
                    .foreign_key(&mut fk(
                        "fk_report_events_report",
                        (ReportEvents::Table, ReportEvents::ReportId),
                        (Reports::Table, Reports::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_report_events_report")
                    .table(ReportEvents::Table)
                    .col(ReportEvents::ReportId)
                    .col(ReportEvents::Id)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ReportPhotos::Table)
                    .col(pk_uuid(ReportPhotos::Id))
                    .col(uuid(ReportPhotos::ReportId))
                    .col(integer(ReportPhotos::Position))
                    .col(string_len(ReportPhotos::ContentType, 64))
                    .col(big_integer(ReportPhotos::ByteSize))
                    .col(string_len(ReportPhotos::Sha256, 64))
                    .col(string_len(ReportPhotos::StorageKey, 300))
                    .col(timestamp_with_time_zone(ReportPhotos::CreatedAt))
                    .foreign_key(&mut fk(
                        "fk_report_photos_report",
                        (ReportPhotos::Table, ReportPhotos::ReportId),
                        (Reports::Table, Reports::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_report_photos_position")
                    .table(ReportPhotos::Table)
                    .col(ReportPhotos::ReportId)
                    .col(ReportPhotos::Position)
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(IdempotencyKeys::Table)
                    .col(string_len(IdempotencyKeys::Key, 300).primary_key())
                    .col(string_len(IdempotencyKeys::Fingerprint, 64))
                    .col(uuid(IdempotencyKeys::ReportId))
                    .col(timestamp_with_time_zone(IdempotencyKeys::CreatedAt))
                    .foreign_key(&mut fk(
                        "fk_idempotency_keys_report",
                        (IdempotencyKeys::Table, IdempotencyKeys::ReportId),
                        (Reports::Table, Reports::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            IdempotencyKeys::Table.into_iden(),
            ReportPhotos::Table.into_iden(),
            ReportEvents::Table.into_iden(),
            Reports::Table.into_iden(),
            Stations::Table.into_iden(),
            Categories::Table.into_iden(),
            Areas::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
