//! What outside providers gave us and every instance shares: access tokens (one instance refreshes each),
//! and the one-time subscribe-message credits WeChat users granted.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, Set};
use uuid::Uuid;

use super::entities::{provider_token, wechat_subscription};
use super::{Storage, StorageError};

/// An access token a provider issued, shared by every instance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderToken {
    pub token: String,
    pub expires_at: DateTime<Utc>,
}

impl Storage {
    /// The stored token of `provider`, whatever its expiry.
    pub async fn provider_token(&self, provider: &str) -> Result<Option<ProviderToken>, StorageError> {
        let row = provider_token::Entity::find_by_id(provider.to_owned()).one(self.writer()).await?;
        Ok(row.map(|t| ProviderToken { token: t.token, expires_at: t.expires_at }))
    }

    /// Stores a freshly issued token.
    pub async fn store_provider_token(
        &self,
        provider: &str,
        token: &str,
        expires_at: DateTime<Utc>,
    ) -> Result<(), StorageError> {
        let row = provider_token::ActiveModel {
            provider: Set(provider.to_owned()),
            token: Set(token.to_owned()),
            expires_at: Set(expires_at),
            refreshed_at: Set(self.now()),
        };
        provider_token::Entity::insert(row)
            .on_conflict(
                OnConflict::column(provider_token::Column::Provider)
                    .update_columns([
                        provider_token::Column::Token,
                        provider_token::Column::ExpiresAt,
                        provider_token::Column::RefreshedAt,
                    ])
                    .to_owned(),
            )
            .exec_without_returning(self.writer())
            .await?;
        Ok(())
    }

    /// Adds `credits` one-time subscriptions of `template_id` for `account_id`; returns the new total.
    pub async fn add_subscription_credits(
        &self,
        account_id: Uuid,
        template_id: &str,
        credits: i32,
    ) -> Result<i32, StorageError> {
        let row = wechat_subscription::ActiveModel {
            account_id: Set(account_id),
            template_id: Set(template_id.to_owned()),
            credits: Set(credits),
            updated_at: Set(self.now()),
        };
        wechat_subscription::Entity::insert(row)
            .on_conflict(
                OnConflict::columns([wechat_subscription::Column::AccountId, wechat_subscription::Column::TemplateId])
                    .value(
                        wechat_subscription::Column::Credits,
                        Expr::col((wechat_subscription::Entity, wechat_subscription::Column::Credits)).add(credits),
                    )
                    .update_column(wechat_subscription::Column::UpdatedAt)
                    .to_owned(),
            )
            .exec_without_returning(self.writer())
            .await?;
        self.subscription_credits(account_id, template_id).await
    }

    /// How many messages of `template_id` may still go to `account_id`.
    pub async fn subscription_credits(&self, account_id: Uuid, template_id: &str) -> Result<i32, StorageError> {
        Ok(wechat_subscription::Entity::find_by_id((account_id, template_id.to_owned()))
            .one(self.writer())
            .await?
            .map_or(0, |row| row.credits))
    }

    /// Uses one credit; `false` when none is left (then nothing may be sent).
    pub async fn take_subscription_credit(&self, account_id: Uuid, template_id: &str) -> Result<bool, StorageError> {
        let taken = wechat_subscription::Entity::update_many()
            .col_expr(wechat_subscription::Column::Credits, Expr::col(wechat_subscription::Column::Credits).sub(1))
            .col_expr(wechat_subscription::Column::UpdatedAt, Expr::value(self.now()))
            .filter(wechat_subscription::Column::AccountId.eq(account_id))
            .filter(wechat_subscription::Column::TemplateId.eq(template_id))
            .filter(wechat_subscription::Column::Credits.gt(0))
            .exec(self.writer())
            .await?;
        Ok(taken.rows_affected == 1)
    }

    /// Gives back a credit taken for a message that was not sent (a network failure, an expired token).
    pub async fn return_subscription_credit(&self, account_id: Uuid, template_id: &str) -> Result<(), StorageError> {
        self.add_subscription_credits(account_id, template_id, 1).await.map(|_| ())
    }

    /// WeChat says the user is not subscribed (43101): whatever we counted is gone.
    pub async fn clear_subscription_credits(&self, account_id: Uuid, template_id: &str) -> Result<(), StorageError> {
        wechat_subscription::Entity::update_many()
            .col_expr(wechat_subscription::Column::Credits, Expr::value(0))
            .filter(wechat_subscription::Column::AccountId.eq(account_id))
            .filter(wechat_subscription::Column::TemplateId.eq(template_id))
            .exec(self.writer())
            .await?;
        Ok(())
    }
}
