//! When each kiosk last called in (an authenticated request, or its open live stream), so staff see a kiosk
//! that went dark.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveIden, Clone, Copy)]
enum Kiosks {
    Table,
    LastSeenAt,
}

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Kiosks::Table)
                    .add_column(timestamp_with_time_zone_null(Kiosks::LastSeenAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.alter_table(Table::alter().table(Kiosks::Table).drop_column(Kiosks::LastSeenAt).to_owned()).await
    }
}
