//! Deputy bindings: which account acts for which directory deputy, and the one-time codes that tie them.
//! Each change checks the rule in `domain::binding` inside its transaction and writes its audit entry there.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter, Set,
    TransactionTrait,
};
use uuid::Uuid;

use super::audit::{NewAuditEntry, append};
use super::entities::{account, binding_code, deputy};
use super::{Storage, StorageError};
use crate::domain::access::Role;
use crate::domain::binding::{BindFacts, Binding, BindingRefusal, CodeFacts, check_binding, check_code};
use crate::domain::routing::DeputyStatus;

/// Why a binding did not happen.
#[derive(Debug, thiserror::Error)]
pub enum BindError {
    #[error(transparent)]
    Refused(#[from] BindingRefusal),
    #[error("no such deputy")]
    NoDeputy,
    #[error("no such account")]
    NoAccount,
    #[error(transparent)]
    Storage(#[from] StorageError),
}

impl From<sea_orm::DbErr> for BindError {
    fn from(err: sea_orm::DbErr) -> Self {
        BindError::Storage(err.into())
    }
}

/// A binding that happened.
#[derive(Debug, Clone)]
pub struct Bound {
    pub deputy_code: String,
    pub binding: Binding,
}

impl Storage {
    /// Stores a new binding code (its hash) for a deputy, with its audit entry.
    pub async fn create_binding_code(
        &self,
        deputy_id: Uuid,
        code_hash: &str,
        expires_at: DateTime<Utc>,
        audit: NewAuditEntry<'_>,
    ) -> Result<(), StorageError> {
        let now = self.now();
        let txn = self.writer().begin().await?;
        binding_code::ActiveModel {
            id: Set(Uuid::now_v7()),
            deputy_id: Set(deputy_id),
            code_hash: Set(code_hash.to_owned()),
            created_by: Set(audit.actor_id),
            created_at: Set(now),
            expires_at: Set(expires_at),
            consumed_at: Set(None),
            consumed_by: Set(None),
        }
        .insert(&txn)
        .await?;
        append(&txn, audit, now).await?;
        txn.commit().await?;
        Ok(())
    }

    /// Redeems a binding code for `account_id`: the code is used up and the account bound to its deputy,
    /// taking the deputy over from any account bound before, all at once or not at all.
    pub async fn redeem_binding_code(
        &self,
        code_hash: &str,
        account_id: Uuid,
        audit: NewAuditEntry<'_>,
    ) -> Result<Bound, BindError> {
        let now = self.now();
        let txn = self.writer().begin().await?;
        let code = binding_code::Entity::find().filter(binding_code::Column::CodeHash.eq(code_hash)).one(&txn).await?;
        check_code(
            code.as_ref().map(|c| CodeFacts { expires_at: c.expires_at, consumed: c.consumed_at.is_some() }),
            now,
        )?;
        let Some(code) = code else { return Err(BindingRefusal::CodeUnknown.into()) };
        let bound = bind_in(&txn, code.deputy_id, account_id, true, now).await?;
        // Conditional, so two people redeeming one code at once cannot both succeed.
        let used = binding_code::Entity::update_many()
            .col_expr(binding_code::Column::ConsumedAt, Expr::value(now))
            .col_expr(binding_code::Column::ConsumedBy, Expr::value(account_id))
            .filter(binding_code::Column::Id.eq(code.id))
            .filter(binding_code::Column::ConsumedAt.is_null())
            .exec(&txn)
            .await?;
        if used.rows_affected != 1 {
            return Err(BindingRefusal::CodeUsed.into());
        }
        append(&txn, audit_for(audit, &bound), now).await?;
        txn.commit().await?;
        Ok(bound)
    }

    /// Binds an account to a deputy directly (an administrator, the CLI, an import); refused when the
    /// deputy has another account.
    pub async fn bind_deputy_account(
        &self,
        deputy_id: Uuid,
        account_id: Uuid,
        audit: NewAuditEntry<'_>,
    ) -> Result<Bound, BindError> {
        let now = self.now();
        let txn = self.writer().begin().await?;
        let bound = bind_in(&txn, deputy_id, account_id, false, now).await?;
        if !bound.binding.unchanged {
            append(&txn, audit_for(audit, &bound), now).await?;
        }
        txn.commit().await?;
        Ok(bound)
    }

    /// Unties the deputy from their account, with the audit entry; the account it had, if any.
    pub async fn unbind_deputy(&self, deputy_id: Uuid, audit: NewAuditEntry<'_>) -> Result<Option<Uuid>, StorageError> {
        let now = self.now();
        let txn = self.writer().begin().await?;
        let Some(found) = deputy::Entity::find_by_id(deputy_id).one(&txn).await? else { return Ok(None) };
        let Some(account_id) = found.account_id else { return Ok(None) };
        set_account(&txn, deputy_id, None, now).await?;
        let reason = format!("account {account_id}");
        append(&txn, NewAuditEntry { reason: Some(&reason), ..audit }, now).await?;
        txn.commit().await?;
        Ok(Some(account_id))
    }
}

/// The audit entry of a binding, naming the account it replaced.
fn audit_for<'a>(audit: NewAuditEntry<'a>, bound: &Bound) -> NewAuditEntry<'a> {
    let detail = serde_json::json!({
        "replaced_account": bound.binding.replaces,
        "promoted_citizen": bound.binding.promotes_citizen,
    });
    NewAuditEntry { subject: Some(format!("deputy:{}", bound.deputy_code)), detail: Some(detail.to_string()), ..audit }
}

/// Checks and writes one binding inside `txn`.
pub(super) async fn bind_in(
    txn: &DatabaseTransaction,
    deputy_id: Uuid,
    account_id: Uuid,
    replace: bool,
    now: DateTime<Utc>,
) -> Result<Bound, BindError> {
    let found = deputy::Entity::find_by_id(deputy_id).one(txn).await?.ok_or(BindError::NoDeputy)?;
    let holder = account::Entity::find_by_id(account_id).one(txn).await?.ok_or(BindError::NoAccount)?;
    let account_deputy =
        deputy::Entity::find().filter(deputy::Column::AccountId.eq(account_id)).one(txn).await?.map(|d| d.id);
    let facts = BindFacts {
        deputy_id,
        deputy_status: DeputyStatus::from_stored(&found.status),
        deputy_account: found.account_id,
        account_id,
        account_role: holder.role.parse().map_err(StorageError::from)?,
        account_active: holder.active,
        account_deputy,
    };
    let binding = check_binding(&facts, replace)?;
    if !binding.unchanged {
        set_account(txn, deputy_id, Some(account_id), now).await?;
    }
    if binding.promotes_citizen {
        account::Entity::update_many()
            .col_expr(account::Column::Role, Expr::value(Role::Deputy.as_str()))
            .col_expr(account::Column::UpdatedAt, Expr::value(now))
            .filter(account::Column::Id.eq(account_id))
            .exec(txn)
            .await?;
    }
    Ok(Bound { deputy_code: found.code, binding })
}

async fn set_account(
    db: &impl ConnectionTrait,
    deputy_id: Uuid,
    account_id: Option<Uuid>,
    now: DateTime<Utc>,
) -> Result<(), StorageError> {
    deputy::Entity::update_many()
        .col_expr(deputy::Column::AccountId, Expr::value(account_id))
        .col_expr(deputy::Column::UpdatedAt, Expr::value(now))
        .filter(deputy::Column::Id.eq(deputy_id))
        .exec(db)
        .await?;
    Ok(())
}
