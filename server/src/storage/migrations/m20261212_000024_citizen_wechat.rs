//! Whether a report's citizen hears by WeChat: they held an accepted subscription when they filed, or
//! accepted one afterwards. Such a report's progress notices are written even without a phone number on the report.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveIden, Clone, Copy)]
enum Reports {
    Table,
    CitizenWechat,
}

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Reports::Table)
                    .add_column(boolean(Reports::CitizenWechat).default(false))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.alter_table(Table::alter().table(Reports::Table).drop_column(Reports::CitizenWechat).to_owned()).await
    }
}
