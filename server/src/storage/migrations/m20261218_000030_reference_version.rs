//! One counter that every change to what the public reads (the directory, categories, reception days and
//! their bookings, deputies' portraits) moves on in its own transaction, so every instance knows when its
//! in-memory copies are out of date.

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
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(ReferenceVersion::Table).to_owned()).await
    }
}
