//! The points archive's past years, kept as they were scored once each year was over, so a later change
//! of the rules never rewrites them.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveIden, Clone, Copy)]
enum PointsYears {
    Table,
    DeputyId,
    Year,
    RulesVersion,
    Total,
    Archive,
    KeptAt,
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
                    .table(PointsYears::Table)
                    .col(uuid(PointsYears::DeputyId))
                    .col(integer(PointsYears::Year))
                    .col(string_len(PointsYears::RulesVersion, 64))
                    .col(integer(PointsYears::Total))
                    .col(text(PointsYears::Archive))
                    .col(timestamp_with_time_zone(PointsYears::KeptAt))
                    .primary_key(Index::create().col(PointsYears::DeputyId).col(PointsYears::Year))
                    .foreign_key(&mut super::fk(
                        "fk_points_years_deputy",
                        (PointsYears::Table, PointsYears::DeputyId),
                        (Deputies::Table, Deputies::Id),
                    ))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(PointsYears::Table).to_owned()).await
    }
}
