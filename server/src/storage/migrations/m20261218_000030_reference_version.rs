//! Counters of changes to what the public reads, moved on in the changing transaction, so every instance knows
//! when its in-memory copies are out of date: row 1 the directory (areas, categories, stations, deputies and
//! their portraits, reception days), row 2 the places booked at reception days.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveIden, Clone, Copy)]
enum ReferenceVersion {
    Table,
    Id,
    Version,
}

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ReferenceVersion::Table)
                    .col(integer(ReferenceVersion::Id).primary_key())
                    .col(big_integer(ReferenceVersion::Version).default(0))
                    .to_owned(),
            )
            .await?;
        manager
            .exec_stmt(
                Query::insert()
                    .into_table(ReferenceVersion::Table)
                    .columns([ReferenceVersion::Id, ReferenceVersion::Version])
                    .values_panic([1.into(), 0.into()])
                    .values_panic([2.into(), 0.into()])
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(ReferenceVersion::Table).to_owned()).await
    }
}
