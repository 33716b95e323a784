//! The directory routing works from: grid boundaries, buildings, what each station covers, deputies with
//! their links (stations, grids and communities, buildings, specialties); sensitive categories; and each
//! report's routing decision.

use sea_orm_migration::{prelude::*, schema::*};

use super::{fk, link};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Areas {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum Stations {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum Categories {
    Table,
    Id,
    Sensitive,
}

#[derive(DeriveIden, Clone, Copy)]
enum Accounts {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum Reports {
    Table,
    RoutingState,
    RoutingReason,
    RoutedStationId,
    AssignedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum AreaBoundaries {
    Table,
    AreaId,
    Geojson,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Buildings {
    Table,
    Id,
    Code,
    Name,
    Address,
    GridId,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum StationAreas {
    Table,
    StationId,
    AreaId,
}

#[derive(DeriveIden, Clone, Copy)]
enum Deputies {
    Table,
    Id,
    Code,
    NameZh,
    NameEn,
    Level,
    Constituency,
    Status,
    ProfileZh,
    ProfileEn,
    AccountId,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum DeputyStations {
    Table,
    DeputyId,
    StationId,
}

#[derive(DeriveIden, Clone, Copy)]
enum DeputyAreas {
    Table,
    DeputyId,
    AreaId,
}

#[derive(DeriveIden, Clone, Copy)]
enum DeputyBuildings {
    Table,
    DeputyId,
    BuildingId,
}

#[derive(DeriveIden, Clone, Copy)]
enum DeputySpecialties {
    Table,
    DeputyId,
    CategoryId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(AreaBoundaries::Table)
                    .col(uuid(AreaBoundaries::AreaId).primary_key())
                    .col(text(AreaBoundaries::Geojson))
                    .col(timestamp_with_time_zone(AreaBoundaries::UpdatedAt))
                    .foreign_key(&mut fk(
                        "fk_area_boundaries_area",
                        (AreaBoundaries::Table, AreaBoundaries::AreaId),
                        (Areas::Table, Areas::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Buildings::Table)
                    .col(pk_uuid(Buildings::Id))
                    .col(string_len_uniq(Buildings::Code, 64))
                    .col(string_len(Buildings::Name, 100))
                    .col(string_len(Buildings::Address, 300))
                    .col(uuid_null(Buildings::GridId))
                    .col(timestamp_with_time_zone(Buildings::CreatedAt))
                    .col(timestamp_with_time_zone(Buildings::UpdatedAt))
                    .foreign_key(&mut fk(
                        "fk_buildings_grid",
                        (Buildings::Table, Buildings::GridId),
                        (Areas::Table, Areas::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(link(
                StationAreas::Table,
                (StationAreas::StationId, Stations::Table, Stations::Id),
                (StationAreas::AreaId, Areas::Table, Areas::Id),
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Deputies::Table)
                    .col(pk_uuid(Deputies::Id))
                    .col(string_len_uniq(Deputies::Code, 64))
                    .col(string_len(Deputies::NameZh, 50))
                    .col(string_len(Deputies::NameEn, 100))
                    .col(string_len(Deputies::Level, 16))
                    .col(string_len(Deputies::Constituency, 200))
                    .col(string_len(Deputies::Status, 16))
                    .col(text(Deputies::ProfileZh))
                    .col(text(Deputies::ProfileEn))
                    .col(uuid_null(Deputies::AccountId).unique_key())
                    .col(timestamp_with_time_zone(Deputies::CreatedAt))
                    .col(timestamp_with_time_zone(Deputies::UpdatedAt))
                    .foreign_key(&mut fk(
                        "fk_deputies_account",
                        (Deputies::Table, Deputies::AccountId),
                        (Accounts::Table, Accounts::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        for table in [
            link(
                DeputyStations::Table,
                (DeputyStations::DeputyId, Deputies::Table, Deputies::Id),
                (DeputyStations::StationId, Stations::Table, Stations::Id),
            ),
            link(
                DeputyAreas::Table,
                (DeputyAreas::DeputyId, Deputies::Table, Deputies::Id),
                (DeputyAreas::AreaId, Areas::Table, Areas::Id),
            ),
            link(
                DeputyBuildings::Table,
                (DeputyBuildings::DeputyId, Deputies::Table, Deputies::Id),
                (DeputyBuildings::BuildingId, Buildings::Table, Buildings::Id),
            ),
            link(
                DeputySpecialties::Table,
                (DeputySpecialties::DeputyId, Deputies::Table, Deputies::Id),
                (DeputySpecialties::CategoryId, Categories::Table, Categories::Id),
            ),
        ] {
            manager.create_table(table).await?;
        }
        let mut sensitive = ColumnDef::new(Categories::Sensitive).boolean().not_null().default(false).to_owned();
        manager.alter_table(Table::alter().table(Categories::Table).add_column(&mut sensitive).to_owned()).await?;
        for column in [
            ColumnDef::new(Reports::RoutingState).string_len(16).null().to_owned(),
            ColumnDef::new(Reports::RoutingReason).text().null().to_owned(),
            ColumnDef::new(Reports::RoutedStationId).uuid().null().to_owned(),
            ColumnDef::new(Reports::AssignedAt).timestamp_with_time_zone().null().to_owned(),
        ] {
            let mut column = column;
            manager.alter_table(Table::alter().table(Reports::Table).add_column(&mut column).to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [Reports::RoutingState, Reports::RoutingReason, Reports::RoutedStationId, Reports::AssignedAt] {
            manager.alter_table(Table::alter().table(Reports::Table).drop_column(column).to_owned()).await?;
        }
        manager
            .alter_table(Table::alter().table(Categories::Table).drop_column(Categories::Sensitive).to_owned())
            .await?;
        for table in [
            DeputySpecialties::Table.into_iden(),
            DeputyBuildings::Table.into_iden(),
            DeputyAreas::Table.into_iden(),
            DeputyStations::Table.into_iden(),
            Deputies::Table.into_iden(),
            StationAreas::Table.into_iden(),
            Buildings::Table.into_iden(),
            AreaBoundaries::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
