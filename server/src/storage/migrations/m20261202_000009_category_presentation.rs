//! What kiosks and phones show for a category: the name of its drawing and the phrases a resident taps.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Categories {
    Table,
    Icon,
    Phrases,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one at a time.
        manager
            .alter_table(Table::alter().table(Categories::Table).add_column(string_null(Categories::Icon)).to_owned())
            .await?;
        manager
            .alter_table(
                Table::alter().table(Categories::Table).add_column(text(Categories::Phrases).default("[]")).to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(Table::alter().table(Categories::Table).drop_column(Categories::Phrases).to_owned())
            .await?;
        manager.alter_table(Table::alter().table(Categories::Table).drop_column(Categories::Icon).to_owned()).await
    }
}
