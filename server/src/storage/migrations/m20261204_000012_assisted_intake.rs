//! Assisted intake: the official (deputy, staff, administrator) who filed a report for a resident, and the
//! resident's consent to get the tracking code by text message.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Reports {
    Table,
    ConsentSms,
    FiledByKind,
    FiledById,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one at a time.
        for column in [
            boolean(Reports::ConsentSms).default(false).to_owned(),
            string_len_null(Reports::FiledByKind, 16),
            uuid_null(Reports::FiledById),
        ] {
            let mut column = column;
            manager.alter_table(Table::alter().table(Reports::Table).add_column(&mut column).to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [Reports::FiledById, Reports::FiledByKind, Reports::ConsentSms] {
            manager.alter_table(Table::alter().table(Reports::Table).drop_column(column).to_owned()).await?;
        }
        Ok(())
    }
}
