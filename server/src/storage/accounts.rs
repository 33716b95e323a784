//! Accounts: people who sign in, their stations, login throttling, and who a token's subject is now.

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, Set, TransactionTrait,
};
use uuid::Uuid;

use super::audit::{NewAuditEntry, append};
use super::bindings::{BindError, bind_in};
use super::entities::{account, account_station, kiosk, session};
use super::sessions::RevokeReason;
use super::{Storage, StorageError};
use crate::domain::access::Subject;
use crate::domain::access::{Principal, Role};
use crate::domain::account::Account;
use crate::domain::binding::deputy_account_usable;

/// A deputy, staff member or admin to create.
#[derive(Debug, Clone)]
pub struct NewAccount {
    pub role: Role,
    pub username: String,
    pub display_name: String,
    pub password_hash: String,
    pub stations: Vec<Uuid>,
    /// The directory deputy the account acts for, bound in the same transaction.
    pub deputy: Option<Uuid>,
    /// For a `unit` account: the handling unit it answers for.
    pub unit: Option<Uuid>,
}

/// What a wrong password did to the account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailedLogin {
    /// Still open; this many tries remain before it locks.
    Counted { remaining: u32 },
    /// Locked until then.
    Locked(DateTime<Utc>),
}

impl Storage {
    /// Creates an account with a password, its stations and the deputy it acts for, with the audit entries
    /// of both, all at once or not at all. A taken username is a conflict.
    pub async fn create_account(&self, new: &NewAccount, audit: NewAuditEntry<'_>) -> Result<Account, BindError> {
        let now = self.now();
        let txn = self.writer().begin().await?;
        let created = account::ActiveModel {
            id: Set(Uuid::now_v7()),
            role: Set(new.role.as_str().to_owned()),
            username: Set(Some(new.username.clone())),
            display_name: Set(new.display_name.clone()),
            password_hash: Set(Some(new.password_hash.clone())),
            wechat_openid: Set(None),
            wechat_unionid: Set(None),
            phone_lookup: Set(None),
            phone_cipher: Set(None),
            failed_logins: Set(0),
            locked_until: Set(None),
            active: Set(true),
            last_login_at: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            handling_unit_id: Set(new.unit),
        }
        .insert(&txn)
        .await?;
        for station_id in &new.stations {
            account_station::ActiveModel {
                account_id: Set(created.id),
                station_id: Set(*station_id),
                created_at: Set(now),
            }
            .insert(&txn)
            .await?;
        }
        let reason = format!("{} {}", new.role, created.id);
        append(&txn, NewAuditEntry { reason: Some(&reason), ..audit.clone() }, now).await?;
        if let Some(deputy_id) = new.deputy {
            let bound = bind_in(&txn, deputy_id, created.id, false, now).await?;
            let reason = format!("{} to account {}", bound.deputy_code, created.id);
            let subject = Some(format!("deputy:{}", bound.deputy_code));
            let entry = NewAuditEntry { action: "deputy.bind", reason: Some(&reason), subject, ..audit };
            append(&txn, entry, now).await?;
        }
        txn.commit().await?;
        Ok(Account::try_from(created)?)
    }

    /// A password account by username (case as stored; usernames are kept lowercase).
    pub async fn find_account_by_username(&self, username: &str) -> Result<Option<Account>, StorageError> {
        let row = account::Entity::find().filter(account::Column::Username.eq(username)).one(self.reader()).await?;
        row.map(Account::try_from).transpose()
    }

    pub async fn find_account(&self, id: Uuid) -> Result<Option<Account>, StorageError> {
        account::Entity::find_by_id(id).one(self.reader()).await?.map(Account::try_from).transpose()
    }

    /// Lets an account sign in again, or stops it: a stopped account's sessions end at once (the access
    /// tokens it holds are refused from the next request, as every request checks the account). Written with
    /// its audit entry; `false` when there is no such account.
    pub async fn set_account_active(
        &self,
        id: Uuid,
        active: bool,
        audit: NewAuditEntry<'_>,
    ) -> Result<bool, StorageError> {
        let now = self.now();
        let txn = self.writer().begin().await?;
        let updated = account::Entity::update_many()
            .col_expr(account::Column::Active, Expr::value(active))
            .filter(account::Column::Id.eq(id))
            .exec(&txn)
            .await?
            .rows_affected;
        if updated == 0 {
            return Ok(false);
        }
        if !active {
            session::Entity::update_many()
                .col_expr(session::Column::RevokedAt, Expr::value(now))
                .col_expr(session::Column::RevokedReason, Expr::value(RevokeReason::AccountStopped.as_str()))
                .filter(session::Column::SubjectKind.eq(Subject::Account(id).kind()))
                .filter(session::Column::SubjectId.eq(id))
                .filter(session::Column::RevokedAt.is_null())
                .exec(&txn)
                .await?;
        }
        append(&txn, audit, now).await?;
        txn.commit().await?;
        Ok(true)
    }

    /// The stations an account belongs to.
    pub async fn account_stations(&self, account_id: Uuid) -> Result<Vec<Uuid>, StorageError> {
        Ok(account_station::Entity::find()
            .filter(account_station::Column::AccountId.eq(account_id))
            .all(self.reader())
            .await?
            .into_iter()
            .map(|m| m.station_id)
            .collect())
    }

    /// Every account of these roles, oldest first, with their stations.
    pub async fn list_accounts(&self, roles: &[Role]) -> Result<Vec<(Account, Vec<Uuid>)>, StorageError> {
        let accounts = account::Entity::find()
            .filter(account::Column::Role.is_in(roles.iter().map(|r| r.as_str())))
            .order_by_asc(account::Column::Id)
            .all(self.reader())
            .await?;
        let ids: Vec<Uuid> = accounts.iter().map(|a| a.id).collect();
        let links = account_station::Entity::find()
            .filter(account_station::Column::AccountId.is_in(ids))
            .all(self.reader())
            .await?;
        accounts
            .into_iter()
            .map(|a| {
                let stations = links.iter().filter(|l| l.account_id == a.id).map(|l| l.station_id).collect();
                Ok((Account::try_from(a)?, stations))
            })
            .collect()
    }

    /// Counts a wrong password; after `max_failures` in a row the account locks for `lockout`.
    pub async fn record_failed_login(
        &self,
        account_id: Uuid,
        max_failures: u32,
        lockout: Duration,
    ) -> Result<FailedLogin, StorageError> {
        let txn = self.writer().begin().await?;
        account::Entity::update_many()
            .col_expr(account::Column::FailedLogins, Expr::col(account::Column::FailedLogins).add(1))
            .filter(account::Column::Id.eq(account_id))
            .exec(&txn)
            .await?;
        let Some(current) = account::Entity::find_by_id(account_id).one(&txn).await? else {
            txn.commit().await?;
            return Ok(FailedLogin::Counted { remaining: max_failures });
        };
        let failures = u32::try_from(current.failed_logins).unwrap_or(0);
        let outcome = if failures >= max_failures {
            let until = self.now() + lockout;
            let mut model = current.into_active_model();
            model.failed_logins = Set(0);
            model.locked_until = Set(Some(until));
            model.update(&txn).await?;
            FailedLogin::Locked(until)
        } else {
            FailedLogin::Counted { remaining: max_failures - failures }
        };
        txn.commit().await?;
        Ok(outcome)
    }

    /// Clears the failure count and notes the time of a successful login.
    pub async fn record_successful_login(&self, account_id: Uuid) -> Result<(), StorageError> {
        account::Entity::update_many()
            .col_expr(account::Column::FailedLogins, Expr::value(0))
            .col_expr(account::Column::LockedUntil, Expr::value(Option::<DateTime<Utc>>::None))
            .col_expr(account::Column::LastLoginAt, Expr::value(self.now()))
            .filter(account::Column::Id.eq(account_id))
            .exec(self.writer())
            .await?;
        Ok(())
    }

    pub async fn set_password_hash(&self, account_id: Uuid, hash: &str) -> Result<(), StorageError> {
        account::Entity::update_many()
            .col_expr(account::Column::PasswordHash, Expr::value(hash))
            .col_expr(account::Column::UpdatedAt, Expr::value(self.now()))
            .filter(account::Column::Id.eq(account_id))
            .exec(self.writer())
            .await?;
        Ok(())
    }

    /// The citizen with this WeChat identity (by unionid when given, else openid), created on first login.
    pub async fn wechat_citizen(&self, openid: &str, unionid: Option<&str>) -> Result<Account, StorageError> {
        self.wechat_citizen_row(openid, unionid).await?.try_into()
    }

    async fn wechat_citizen_row(&self, openid: &str, unionid: Option<&str>) -> Result<account::Model, StorageError> {
        let find = || async {
            if let Some(unionid) = unionid
                && let Some(found) = account::Entity::find()
                    .filter(account::Column::WechatUnionid.eq(unionid))
                    .one(self.writer())
                    .await?
            {
                return Ok::<_, StorageError>(Some(found));
            }
            Ok(account::Entity::find().filter(account::Column::WechatOpenid.eq(openid)).one(self.writer()).await?)
        };
        if let Some(found) = find().await? {
            if found.wechat_unionid.is_none() && unionid.is_some() {
                let mut model = found.into_active_model();
                model.wechat_unionid = Set(unionid.map(str::to_owned));
                return Ok(model.update(self.writer()).await?);
            }
            return Ok(found);
        }
        let new = citizen("微信用户", self.now(), |m| {
            m.wechat_openid = Set(Some(openid.to_owned()));
            m.wechat_unionid = Set(unionid.map(str::to_owned));
        });
        self.insert_citizen(new, find).await
    }

    /// The account holding this phone number (by its keyed hash), whatever its role: a citizen's, or a deputy's
    /// or staff member's number on file. For a number nobody holds, a citizen is created with it encrypted.
    pub async fn phone_citizen(&self, lookup: &str, cipher: &str) -> Result<Account, StorageError> {
        self.phone_citizen_row(lookup, cipher).await?.try_into()
    }

    async fn phone_citizen_row(&self, lookup: &str, cipher: &str) -> Result<account::Model, StorageError> {
        let find = || async {
            Ok(account::Entity::find().filter(account::Column::PhoneLookup.eq(lookup)).one(self.writer()).await?)
        };
        if let Some(found) = find().await? {
            return Ok(found);
        }
        let new = citizen("手机用户", self.now(), |m| {
            m.phone_lookup = Set(Some(lookup.to_owned()));
            m.phone_cipher = Set(Some(cipher.to_owned()));
        });
        self.insert_citizen(new, find).await
    }

    /// Inserts a citizen met for the first time. When two first logins race, the loser's insert breaks a
    /// uniqueness rule and `find` returns the winner's row instead.
    async fn insert_citizen<F, Fut>(&self, new: account::ActiveModel, find: F) -> Result<account::Model, StorageError>
    where
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = Result<Option<account::Model>, StorageError>>,
    {
        match new.insert(self.writer()).await.map_err(StorageError::from) {
            Ok(model) => Ok(model),
            Err(StorageError::Conflict(what)) => find().await?.ok_or(StorageError::Conflict(what)),
            Err(other) => Err(other),
        }
    }

    /// Who a token's subject is now, or `None` when its session was revoked, or its account disabled, or its
    /// kiosk revoked. Runs on every authenticated request, so it reads through the read pool (on SQLite in WAL
    /// mode a read sees every committed write, so a logout or revocation counts at once).
    pub async fn resolve_principal(&self, subject: Subject, sid: Uuid) -> Result<Option<Principal>, StorageError> {
        let db = self.reader();
        // The session is checked in the same statement that reads its subject: one round trip.
        let live = Expr::exists(
            Query::select()
                .expr(Expr::value(1))
                .from(session::Entity)
                .and_where(session::Column::Id.eq(sid))
                .and_where(session::Column::RevokedAt.is_null())
                .and_where(session::Column::SubjectKind.eq(subject.kind()))
                .and_where(session::Column::SubjectId.eq(subject.id()))
                .to_owned(),
        );
        match subject {
            Subject::Kiosk(id) => {
                let Some(kiosk) = kiosk::Entity::find_by_id(id).filter(live).one(db).await? else { return Ok(None) };
                if kiosk.revoked_at.is_some() || kiosk.enrolled_at.is_none() {
                    return Ok(None);
                }
                // A kiosk that calls in is alive: worth a write once a minute, never worth refusing the call.
                if let Err(err) = self.kiosk_seen(kiosk.id, kiosk.last_seen_at).await {
                    tracing::warn!(kiosk = %kiosk.id, error = %err, "could not note when the kiosk was last seen");
                }
                Ok(Some(Principal::Kiosk { kiosk_id: kiosk.id, station_id: kiosk.station_id }))
            }
            Subject::Account(id) => {
                let Some(account) = account::Entity::find_by_id(id).filter(live).one(db).await? else {
                    return Ok(None);
                };
                if !account.active {
                    return Ok(None);
                }
                let role: Role = account.role.parse()?;
                Ok(Some(match role {
                    Role::Citizen => Principal::Citizen { account_id: id },
                    Role::Admin => Principal::Admin { account_id: id },
                    Role::Staff | Role::StationHead => Principal::Staff {
                        account_id: id,
                        stations: self.account_stations(id).await?,
                        head: role == Role::StationHead,
                    },
                    Role::Committee => Principal::Committee { account_id: id },
                    Role::Unit => {
                        // A unit's account stops working when its unit is retired.
                        let Some(unit_id) = account.handling_unit_id else { return Ok(None) };
                        let unit = super::entities::handling_unit::Entity::find_by_id(unit_id).one(db).await?;
                        if !unit.is_some_and(|u| u.active) {
                            return Ok(None);
                        }
                        Principal::Unit { account_id: id, unit_id }
                    }
                    Role::Deputy => {
                        let deputy = self.deputy_of_account(id).await?;
                        if !deputy_account_usable(deputy.as_ref().map(|d| d.status)) {
                            return Ok(None);
                        }
                        // The deputy's stations in the directory, and any the account was given.
                        let mut stations = self.account_stations(id).await?;
                        if let Some(deputy) = &deputy {
                            for station in self.deputy_station_ids(deputy.id).await? {
                                if !stations.contains(&station) {
                                    stations.push(station);
                                }
                            }
                        }
                        Principal::Deputy { account_id: id, deputy_id: deputy.map(|d| d.id), stations }
                    }
                    Role::Kiosk => return Err(StorageError::Corrupt(format!("account {id} has the kiosk role"))),
                }))
            }
        }
    }
}

pub(super) fn citizen(
    display_name: &str,
    now: DateTime<Utc>,
    fill: impl FnOnce(&mut account::ActiveModel),
) -> account::ActiveModel {
    let mut model = account::ActiveModel {
        id: Set(Uuid::now_v7()),
        role: Set(Role::Citizen.as_str().to_owned()),
        username: Set(None),
        display_name: Set(display_name.to_owned()),
        password_hash: Set(None),
        wechat_openid: Set(None),
        wechat_unionid: Set(None),
        phone_lookup: Set(None),
        phone_cipher: Set(None),
        failed_logins: Set(0),
        locked_until: Set(None),
        active: Set(true),
        last_login_at: Set(Some(now)),
        created_at: Set(now),
        updated_at: Set(now),
        handling_unit_id: Set(None),
    };
    fill(&mut model);
    model
}
