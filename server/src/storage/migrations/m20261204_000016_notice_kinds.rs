//! Notice kinds grow past 16 characters (`extension_requested`): the outbox's `kind` column takes 32.
//! SQLite does not enforce a string's length, so only PostgreSQL changes.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveIden, Clone, Copy)]
enum Outbox {
    Table,
    Kind,
}

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() == sea_orm::DatabaseBackend::Sqlite {
            return Ok(());
        }
        manager
            .alter_table(Table::alter().table(Outbox::Table).modify_column(string_len(Outbox::Kind, 32)).to_owned())
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() == sea_orm::DatabaseBackend::Sqlite {
            return Ok(());
        }
        manager
            .alter_table(Table::alter().table(Outbox::Table).modify_column(string_len(Outbox::Kind, 16)).to_owned())
            .await
    }
}
