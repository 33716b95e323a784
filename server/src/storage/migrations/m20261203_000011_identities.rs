//! Sign-in identities from other providers tied to accounts: a WeCom member's userid, an official-account
//! user's openid. Each identity belongs to one account; an account holds one of each provider.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveIden)]
enum AccountIdentities {
    Table,
    Id,
    AccountId,
    Provider,
    Subject,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Accounts {
    Table,
    Id,
}

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(AccountIdentities::Table)
                    .col(pk_uuid(AccountIdentities::Id))
                    .col(uuid(AccountIdentities::AccountId))
                    .col(string_len(AccountIdentities::Provider, 32))
                    .col(string_len(AccountIdentities::Subject, 128))
                    .col(timestamp_with_time_zone(AccountIdentities::CreatedAt))
                    .foreign_key(&mut super::fk(
                        "fk_account_identities_account",
                        (AccountIdentities::Table, AccountIdentities::AccountId),
                        (Accounts::Table, Accounts::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_account_identities_provider_subject")
                    .table(AccountIdentities::Table)
                    .col(AccountIdentities::Provider)
                    .col(AccountIdentities::Subject)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_account_identities_account_provider")
                    .table(AccountIdentities::Table)
                    .col(AccountIdentities::AccountId)
                    .col(AccountIdentities::Provider)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(AccountIdentities::Table).to_owned()).await
    }
}
