//! The results board (公示): whether the citizen let their report and its answer be shown publicly,
//! anonymised, and its photos too; and the index the board reads newest answers by.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveIden, Clone, Copy)]
enum Reports {
    Table,
    ConsentPublish,
    ConsentPublishPhotos,
    AnsweredAt,
}

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [Reports::ConsentPublish, Reports::ConsentPublishPhotos] {
            manager
                .alter_table(Table::alter().table(Reports::Table).add_column(boolean(column).default(false)).to_owned())
                .await?;
        }
        manager
            .create_index(
                Index::create()
                    .name("idx_reports_published")
                    .table(Reports::Table)
                    .col(Reports::ConsentPublish)
                    .col(Reports::AnsweredAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_index(Index::drop().name("idx_reports_published").table(Reports::Table).to_owned()).await?;
        for column in [Reports::ConsentPublishPhotos, Reports::ConsentPublish] {
            manager.alter_table(Table::alter().table(Reports::Table).drop_column(column).to_owned()).await?;
        }
        Ok(())
    }
}
