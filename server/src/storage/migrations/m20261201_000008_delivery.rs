//! Delivery at scale: when a notice was put on the Redis stream, access tokens that instances share
//! (WeChat, WeCom), and the one-time subscribe-message credits a WeChat user granted.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Outbox {
    Table,
    StreamedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum ProviderTokens {
    Table,
    Provider,
    Token,
    ExpiresAt,
    RefreshedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum WechatSubscriptions {
    Table,
    AccountId,
    TemplateId,
    Credits,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Outbox::Table)
                    .add_column(timestamp_with_time_zone_null(Outbox::StreamedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ProviderTokens::Table)
                    .col(string_len(ProviderTokens::Provider, 32).primary_key())
                    .col(text(ProviderTokens::Token))
                    .col(timestamp_with_time_zone(ProviderTokens::ExpiresAt))
                    .col(timestamp_with_time_zone(ProviderTokens::RefreshedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(WechatSubscriptions::Table)
                    .col(uuid(WechatSubscriptions::AccountId))
                    .col(string_len(WechatSubscriptions::TemplateId, 64))
                    .col(integer(WechatSubscriptions::Credits).default(0))
                    .col(timestamp_with_time_zone(WechatSubscriptions::UpdatedAt))
                    .primary_key(
                        Index::create().col(WechatSubscriptions::AccountId).col(WechatSubscriptions::TemplateId),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(WechatSubscriptions::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(ProviderTokens::Table).to_owned()).await?;
        manager.alter_table(Table::alter().table(Outbox::Table).drop_column(Outbox::StreamedAt).to_owned()).await
    }
}
