//! Ways into an account besides its password: identities of other providers (a WeCom userid, an
//! official-account openid) and the phone number on file. Each change checks the rule in
//! `domain::identity` inside its transaction and writes its audit entry there.

use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
    TransactionTrait,
};
use serde_json::json;
use uuid::Uuid;

use super::accounts::citizen;
use super::audit::{NewAuditEntry, append};
use super::entities::{account, account_identity, report, wechat_subscription};
use super::{Storage, StorageError};
use crate::domain::access::Role;
use crate::domain::account::Account;
use crate::domain::identity::{Claim, ClaimRefusal, Holder, Provider, WaysIn, check_claim, check_link};
use crate::domain::report::ActorKind;

/// Why an identity or phone number was not tied to the account.
#[derive(Debug, thiserror::Error)]
pub enum ClaimError {
    #[error(transparent)]
    Refused(#[from] ClaimRefusal),
    #[error("no such account")]
    NoAccount,
    #[error(transparent)]
    Storage(#[from] StorageError),
}

impl From<sea_orm::DbErr> for ClaimError {
    fn from(err: sea_orm::DbErr) -> Self {
        ClaimError::Storage(err.into())
    }
}

/// What removing a way in did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Removal {
    Removed,
    /// There was nothing to remove.
    Absent,
    /// Refused: it is the account's only way in.
    LastWayIn,
}

impl Storage {
    /// The account an identity is tied to.
    pub async fn account_by_identity(
        &self,
        provider: Provider,
        subject: &str,
    ) -> Result<Option<Account>, StorageError> {
        account_by_identity(self.writer(), provider, subject).await?.map(Account::try_from).transpose()
    }

    /// The identities tied to an account, oldest first.
    pub async fn identities_of(&self, account_id: Uuid) -> Result<Vec<account_identity::Model>, StorageError> {
        Ok(account_identity::Entity::find()
            .filter(account_identity::Column::AccountId.eq(account_id))
            .order_by_asc(account_identity::Column::CreatedAt)
            .all(self.reader())
            .await?)
    }

    /// Whether the account may be sent a WeChat message now: it holds an accepted one-time subscription (of
    /// the mini-program or the official account).
    pub async fn hears_by_wechat(&self, account_id: Uuid) -> Result<bool, StorageError> {
        use sea_orm::PaginatorTrait;
        let held = wechat_subscription::Entity::find()
            .filter(wechat_subscription::Column::AccountId.eq(account_id))
            .filter(wechat_subscription::Column::Credits.gt(0))
            .count(self.reader())
            .await?;
        Ok(held > 0)
    }

    /// From now on the citizen's open reports tell them of their progress by WeChat (they accepted a
    /// subscription).
    pub async fn mark_reports_wechat(&self, account_id: Uuid) -> Result<u64, StorageError> {
        use sea_orm::sea_query::Expr;
        Ok(report::Entity::update_many()
            .col_expr(report::Column::CitizenWechat, Expr::value(true))
            .filter(report::Column::CitizenId.eq(account_id))
            .filter(report::Column::CitizenWechat.eq(false))
            .filter(report::Column::Status.ne(crate::domain::report::ReportStatus::Closed.as_str()))
            .exec(self.writer())
            .await?
            .rows_affected)
    }

    /// The official-account openid tied to the account, if any.
    pub async fn wechat_oa_openid(&self, account_id: Uuid) -> Result<Option<String>, StorageError> {
        Ok(account_identity::Entity::find()
            .filter(account_identity::Column::AccountId.eq(account_id))
            .filter(account_identity::Column::Provider.eq(Provider::WechatOa.as_str()))
            .one(self.reader())
            .await?
            .map(|row| row.subject))
    }

    /// Ties the identity to the account (replacing one of the same provider the account held), taking it
    /// from a citizen account when the rule allows, with the audit entry.
    pub async fn link_identity(
        &self,
        account_id: Uuid,
        provider: Provider,
        subject: &str,
        audit: NewAuditEntry<'_>,
    ) -> Result<Claim, ClaimError> {
        let now = self.now();
        let txn = self.writer().begin().await?;
        let claimant = holder(&txn, account_id).await?.ok_or(ClaimError::NoAccount)?;
        let existing = identity_row(&txn, provider, subject).await?;
        let current = match &existing {
            Some(row) => holder(&txn, row.account_id).await?,
            None => None,
        };
        let claim = check_link(provider, claimant, current)?;
        if claim == Claim::Unchanged {
            txn.commit().await?;
            return Ok(claim);
        }
        if let Some(row) = existing {
            account_identity::Entity::delete_by_id(row.id).exec(&txn).await?;
        }
        let replaced = remove_identity(&txn, account_id, provider).await?;
        insert_identity(&txn, account_id, provider, subject, now).await?;
        let detail = json!({"provider": provider, "replaced": replaced, "taken_from_account": taken_from(claim)});
        append(&txn, NewAuditEntry { detail: Some(detail.to_string()), ..audit }, now).await?;
        txn.commit().await?;
        Ok(claim)
    }

    /// Unties the account's identity of `provider`, unless it is the account's only way in.
    pub async fn unlink_identity(
        &self,
        account_id: Uuid,
        provider: Provider,
        audit: NewAuditEntry<'_>,
    ) -> Result<Removal, StorageError> {
        let now = self.now();
        let txn = self.writer().begin().await?;
        let Some(account) = account::Entity::find_by_id(account_id).one(&txn).await? else {
            return Ok(Removal::Absent);
        };
        let held = account_identity::Entity::find()
            .filter(account_identity::Column::AccountId.eq(account_id))
            .filter(account_identity::Column::Provider.eq(provider.as_str()))
            .one(&txn)
            .await?;
        if held.is_none() {
            return Ok(Removal::Absent);
        }
        if !ways_in(&txn, &account).await?.another_besides_one() {
            return Ok(Removal::LastWayIn);
        }
        remove_identity(&txn, account_id, provider).await?;
        let detail = json!({"provider": provider}).to_string();
        append(&txn, NewAuditEntry { detail: Some(detail), ..audit }, now).await?;
        txn.commit().await?;
        Ok(Removal::Removed)
    }

    /// The account of an official-account user: the one their openid is tied to; else the one with their
    /// unionid (a mini-program user), which the openid is then tied to; else a new citizen holding both.
    pub async fn wechat_oa_account(&self, openid: &str, unionid: Option<&str>) -> Result<Account, StorageError> {
        self.wechat_oa_row(openid, unionid).await?.try_into()
    }

    async fn wechat_oa_row(&self, openid: &str, unionid: Option<&str>) -> Result<account::Model, StorageError> {
        let provider = Provider::WechatOa;
        if let Some(found) = account_by_identity(self.writer(), provider, openid).await? {
            return Ok(found);
        }
        match self.first_wechat_oa_sign_in(openid, unionid).await {
            Ok(account) => Ok(account),
            // Two first sign-ins at once: the loser finds the winner's account.
            Err(StorageError::Conflict(what)) => {
                account_by_identity(self.writer(), provider, openid).await?.ok_or(StorageError::Conflict(what))
            }
            Err(other) => Err(other),
        }
    }

    async fn first_wechat_oa_sign_in(
        &self,
        openid: &str,
        unionid: Option<&str>,
    ) -> Result<account::Model, StorageError> {
        let provider = Provider::WechatOa;
        let now = self.now();
        let txn = self.writer().begin().await?;
        let by_unionid = match unionid {
            Some(unionid) => {
                account::Entity::find().filter(account::Column::WechatUnionid.eq(unionid)).one(&txn).await?
            }
            None => None,
        };
        let account = match by_unionid {
            Some(found) => {
                remove_identity(&txn, found.id, provider).await?;
                let subject = Some(format!("account:{}", found.id));
                let detail = Some(json!({"provider": provider, "matched_by": "unionid"}).to_string());
                let entry = NewAuditEntry {
                    actor_kind: ActorKind::System,
                    actor_id: None,
                    action: "account.identity.link",
                    report_id: None,
                    reason: Some("the same WeChat user (unionid) as the account's mini-program sign-in"),
                    subject,
                    detail,
                };
                append(&txn, entry, now).await?;
                found
            }
            None => {
                citizen("微信用户", now, |m| m.wechat_unionid = Set(unionid.map(str::to_owned))).insert(&txn).await?
            }
        };
        insert_identity(&txn, account.id, provider, openid, now).await?;
        txn.commit().await?;
        Ok(account)
    }

    /// Sets the account's phone number (its lookup hash and ciphertext), taking it from a citizen account
    /// when the rule allows; `proven`: the number's owner showed a code sent to it.
    pub async fn set_account_phone(
        &self,
        account_id: Uuid,
        lookup: &str,
        cipher: &str,
        proven: bool,
        audit: NewAuditEntry<'_>,
    ) -> Result<Claim, ClaimError> {
        let now = self.now();
        let txn = self.writer().begin().await?;
        let claimant = holder(&txn, account_id).await?.ok_or(ClaimError::NoAccount)?;
        let current = account::Entity::find().filter(account::Column::PhoneLookup.eq(lookup)).one(&txn).await?;
        let current = current.map(|a| a.role.parse().map(|role| Holder { account_id: a.id, role }));
        let claim = check_claim(claimant, current.transpose().map_err(StorageError::from)?, proven)?;
        if claim == Claim::Unchanged {
            txn.commit().await?;
            return Ok(claim);
        }
        if let Claim::TakenFromCitizen(citizen) = claim {
            set_phone(&txn, citizen, None, now).await?;
        }
        set_phone(&txn, account_id, Some((lookup, cipher)), now).await?;
        let detail = json!({"taken_from_account": taken_from(claim)}).to_string();
        append(&txn, NewAuditEntry { detail: Some(detail), ..audit }, now).await?;
        txn.commit().await?;
        Ok(claim)
    }

    /// Clears the account's phone number, unless it is the account's only way in.
    pub async fn clear_account_phone(
        &self,
        account_id: Uuid,
        audit: NewAuditEntry<'_>,
    ) -> Result<Removal, StorageError> {
        let now = self.now();
        let txn = self.writer().begin().await?;
        let Some(account) = account::Entity::find_by_id(account_id).one(&txn).await? else {
            return Ok(Removal::Absent);
        };
        if account.phone_lookup.is_none() {
            return Ok(Removal::Absent);
        }
        if !ways_in(&txn, &account).await?.another_besides_one() {
            return Ok(Removal::LastWayIn);
        }
        set_phone(&txn, account_id, None, now).await?;
        append(&txn, audit, now).await?;
        txn.commit().await?;
        Ok(Removal::Removed)
    }
}

async fn account_by_identity(
    db: &impl ConnectionTrait,
    provider: Provider,
    subject: &str,
) -> Result<Option<account::Model>, StorageError> {
    let Some(row) = identity_row(db, provider, subject).await? else { return Ok(None) };
    Ok(account::Entity::find_by_id(row.account_id).one(db).await?)
}

async fn identity_row(
    db: &impl ConnectionTrait,
    provider: Provider,
    subject: &str,
) -> Result<Option<account_identity::Model>, StorageError> {
    Ok(account_identity::Entity::find()
        .filter(account_identity::Column::Provider.eq(provider.as_str()))
        .filter(account_identity::Column::Subject.eq(subject))
        .one(db)
        .await?)
}

async fn holder(db: &impl ConnectionTrait, account_id: Uuid) -> Result<Option<Holder>, StorageError> {
    let Some(account) = account::Entity::find_by_id(account_id).one(db).await? else { return Ok(None) };
    let role: Role = account.role.parse()?;
    Ok(Some(Holder { account_id, role }))
}

/// Removes the account's identity of `provider`; whether it had one.
async fn remove_identity(
    db: &impl ConnectionTrait,
    account_id: Uuid,
    provider: Provider,
) -> Result<bool, StorageError> {
    let removed = account_identity::Entity::delete_many()
        .filter(account_identity::Column::AccountId.eq(account_id))
        .filter(account_identity::Column::Provider.eq(provider.as_str()))
        .exec(db)
        .await?;
    Ok(removed.rows_affected > 0)
}

async fn insert_identity(
    db: &impl ConnectionTrait,
    account_id: Uuid,
    provider: Provider,
    subject: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), StorageError> {
    account_identity::ActiveModel {
        id: Set(Uuid::now_v7()),
        account_id: Set(account_id),
        provider: Set(provider.as_str().to_owned()),
        subject: Set(subject.to_owned()),
        created_at: Set(now),
    }
    .insert(db)
    .await?;
    Ok(())
}

async fn set_phone(
    db: &impl ConnectionTrait,
    account_id: Uuid,
    phone: Option<(&str, &str)>,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), StorageError> {
    account::Entity::update_many()
        .col_expr(account::Column::PhoneLookup, Expr::value(phone.map(|(lookup, _)| lookup.to_owned())))
        .col_expr(account::Column::PhoneCipher, Expr::value(phone.map(|(_, cipher)| cipher.to_owned())))
        .col_expr(account::Column::UpdatedAt, Expr::value(now))
        .filter(account::Column::Id.eq(account_id))
        .exec(db)
        .await?;
    Ok(())
}

/// The ways into an account as stored.
async fn ways_in(db: &impl ConnectionTrait, account: &account::Model) -> Result<WaysIn, StorageError> {
    let identities =
        account_identity::Entity::find().filter(account_identity::Column::AccountId.eq(account.id)).count(db).await?;
    Ok(WaysIn {
        password: account.password_hash.is_some(),
        phone: account.phone_lookup.is_some(),
        wechat: account.wechat_openid.is_some(),
        identities: usize::try_from(identities).unwrap_or(usize::MAX),
    })
}

fn taken_from(claim: Claim) -> Option<Uuid> {
    match claim {
        Claim::TakenFromCitizen(id) => Some(id),
        Claim::New | Claim::Unchanged => None,
    }
}

impl Storage {
    /// Notes the time of a sign-in without a password (the password's failure count and lock stay).
    pub async fn note_sign_in(&self, account_id: Uuid) -> Result<(), StorageError> {
        account::Entity::update_many()
            .col_expr(account::Column::LastLoginAt, Expr::value(self.now()))
            .filter(account::Column::Id.eq(account_id))
            .exec(self.writer())
            .await?;
        Ok(())
    }
}
