//! Activities (履职活动) a station plans: what, when, where, minutes and findings, and the secret its
//! check-in QR code carries; each invited or present deputy's attendance and how it was recorded; and the
//! activity's photos (renditions in the photo store).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveIden, Clone, Copy)]
enum Activities {
    Table,
    Id,
    StationId,
    Kind,
    Unannounced,
    Title,
    Topic,
    Place,
    StartsAt,
    EndsAt,
    Status,
    Minutes,
    Findings,
    CheckInToken,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum ActivityAttendance {
    Table,
    ActivityId,
    DeputyId,
    Invited,
    Attendance,
    Source,
    CheckedInAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum ActivityPhotos {
    Table,
    ActivityId,
    Position,
    DisplayKey,
    ThumbKey,
    Sha256,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Stations {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum Deputies {
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
                    .table(Activities::Table)
                    .col(pk_uuid(Activities::Id))
                    .col(uuid(Activities::StationId))
                    .col(string_len(Activities::Kind, 32))
                    .col(boolean(Activities::Unannounced).default(false))
                    .col(string_len(Activities::Title, 800))
                    .col(string_len(Activities::Topic, 800))
                    .col(string_len(Activities::Place, 800))
                    .col(timestamp_with_time_zone(Activities::StartsAt))
                    .col(timestamp_with_time_zone(Activities::EndsAt))
                    .col(string_len(Activities::Status, 16))
                    .col(text(Activities::Minutes))
                    .col(text(Activities::Findings))
                    .col(string_len(Activities::CheckInToken, 64))
                    .col(uuid_null(Activities::CreatedBy))
                    .col(timestamp_with_time_zone(Activities::CreatedAt))
                    .col(timestamp_with_time_zone(Activities::UpdatedAt))
                    .foreign_key(&mut super::fk(
                        "fk_activities_station",
                        (Activities::Table, Activities::StationId),
                        (Stations::Table, Stations::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_activities_station_start")
                    .table(Activities::Table)
                    .col(Activities::StationId)
                    .col(Activities::StartsAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ActivityAttendance::Table)
                    .col(uuid(ActivityAttendance::ActivityId))
                    .col(uuid(ActivityAttendance::DeputyId))
                    .col(boolean(ActivityAttendance::Invited).default(false))
                    .col(string_len(ActivityAttendance::Attendance, 16))
                    .col(string_len(ActivityAttendance::Source, 16))
                    .col(timestamp_with_time_zone_null(ActivityAttendance::CheckedInAt))
                    .col(timestamp_with_time_zone(ActivityAttendance::UpdatedAt))
                    .primary_key(Index::create().col(ActivityAttendance::ActivityId).col(ActivityAttendance::DeputyId))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_activity_attendance_activity")
                            .from(ActivityAttendance::Table, ActivityAttendance::ActivityId)
                            .to(Activities::Table, Activities::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(&mut super::fk(
                        "fk_activity_attendance_deputy",
                        (ActivityAttendance::Table, ActivityAttendance::DeputyId),
                        (Deputies::Table, Deputies::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_activity_attendance_deputy")
                    .table(ActivityAttendance::Table)
                    .col(ActivityAttendance::DeputyId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ActivityPhotos::Table)
                    .col(uuid(ActivityPhotos::ActivityId))
                    .col(integer(ActivityPhotos::Position))
                    .col(string_len(ActivityPhotos::DisplayKey, 200))
                    .col(string_len(ActivityPhotos::ThumbKey, 200))
                    .col(string_len(ActivityPhotos::Sha256, 64))
                    .col(timestamp_with_time_zone(ActivityPhotos::CreatedAt))
                    .primary_key(Index::create().col(ActivityPhotos::ActivityId).col(ActivityPhotos::Position))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_activity_photos_activity")
                            .from(ActivityPhotos::Table, ActivityPhotos::ActivityId)
                            .to(Activities::Table, Activities::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in
            [ActivityPhotos::Table.into_iden(), ActivityAttendance::Table.into_iden(), Activities::Table.into_iden()]
        {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
