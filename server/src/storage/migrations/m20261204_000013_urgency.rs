//! Urgent matters: a category's steps in hours on the clock and the numbers to call now; one report's hours
//! when staff expedite it.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveIden, Clone, Copy)]
enum Categories {
    Table,
    AcceptDeadlineHours,
    ReplyDeadlineHours,
    AnswerDeadlineHours,
    Emergency,
}

#[derive(DeriveIden, Clone, Copy)]
enum Reports {
    Table,
    UrgentAcceptHours,
    UrgentAnswerHours,
}

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one at a time.
        for column in [Categories::AcceptDeadlineHours, Categories::ReplyDeadlineHours, Categories::AnswerDeadlineHours]
        {
            manager
                .alter_table(Table::alter().table(Categories::Table).add_column(integer_null(column)).to_owned())
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Categories::Table)
                    .add_column(text(Categories::Emergency).default("[]"))
                    .to_owned(),
            )
            .await?;
        for column in [Reports::UrgentAcceptHours, Reports::UrgentAnswerHours] {
            manager
                .alter_table(Table::alter().table(Reports::Table).add_column(integer_null(column)).to_owned())
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [Reports::UrgentAcceptHours, Reports::UrgentAnswerHours] {
            manager.alter_table(Table::alter().table(Reports::Table).drop_column(column).to_owned()).await?;
        }
        for column in [
            Categories::AcceptDeadlineHours,
            Categories::ReplyDeadlineHours,
            Categories::AnswerDeadlineHours,
            Categories::Emergency,
        ] {
            manager.alter_table(Table::alter().table(Categories::Table).drop_column(column).to_owned()).await?;
        }
        Ok(())
    }
}
