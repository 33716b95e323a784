//! Handling units' accounts: an account of role `unit` answers for one handling unit.

use sea_orm_migration::prelude::*;

#[derive(DeriveIden, Clone, Copy)]
enum Accounts {
    Table,
    HandlingUnitId,
}

#[derive(DeriveIden, Clone, Copy)]
enum HandlingUnits {
    Table,
    Id,
}

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let column = ColumnDef::new(Accounts::HandlingUnitId).uuid().null().to_owned();
        if manager.get_database_backend() == sea_orm::DatabaseBackend::Sqlite {
            // SQLite adds a column with its reference in the same statement, or not at all.
            let add = Table::alter().table(Accounts::Table).add_column(column).to_string(SqliteQueryBuilder);
            let sql = format!("{add} REFERENCES \"handling_units\" (\"id\") ON DELETE RESTRICT ON UPDATE RESTRICT");
            manager.get_connection().execute_unprepared(&sql).await?;
            return Ok(());
        }
        manager.alter_table(Table::alter().table(Accounts::Table).add_column(column).to_owned()).await?;
        manager
            .create_foreign_key(
                ForeignKey::create()
                    .name("fk_accounts_handling_unit")
                    .from(Accounts::Table, Accounts::HandlingUnitId)
                    .to(HandlingUnits::Table, HandlingUnits::Id)
                    .on_delete(ForeignKeyAction::Restrict)
                    .on_update(ForeignKeyAction::Restrict)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != sea_orm::DatabaseBackend::Sqlite {
            manager
                .drop_foreign_key(
                    ForeignKey::drop().name("fk_accounts_handling_unit").table(Accounts::Table).to_owned(),
                )
                .await?;
        }
        manager
            .alter_table(Table::alter().table(Accounts::Table).drop_column(Accounts::HandlingUnitId).to_owned())
            .await
    }
}
