//! Sessions and their refresh tokens: each refresh token is used once and replaced; presenting a used one
//! again means it was stolen, and the whole session (every token in the family) is revoked.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set, TransactionTrait};
use uuid::Uuid;

use super::entities::{refresh_token, session};
use super::{Storage, StorageError};
use crate::domain::access::Subject;

/// Why a session was revoked, as stored.
#[derive(Debug, Clone, Copy)]
pub enum RevokeReason {
    Logout,
    ReuseDetected,
    PasswordChanged,
    KioskRevoked,
    /// An administrator stopped the account.
    AccountStopped,
}

impl RevokeReason {
    pub(super) fn as_str(self) -> &'static str {
        match self {
            RevokeReason::Logout => "logout",
            RevokeReason::ReuseDetected => "reuse_detected",
            RevokeReason::PasswordChanged => "password_changed",
            RevokeReason::KioskRevoked => "kiosk_revoked",
            RevokeReason::AccountStopped => "account_stopped",
        }
    }
}

/// The outcome of presenting a refresh token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rotation {
    /// Replaced by the new token; the session continues.
    Rotated { session_id: Uuid, subject: Subject },
    /// The token had been used before: the session is now revoked.
    ReuseDetected,
    /// Unknown, expired or of a revoked session.
    Refused,
}

impl Storage {
    /// Opens a session for `subject` with its first refresh token.
    pub async fn start_session(
        &self,
        subject: Subject,
        refresh_hash: &str,
        expires_at: DateTime<Utc>,
    ) -> Result<Uuid, StorageError> {
        let now = self.now();
        let id = Uuid::now_v7();
        let txn = self.writer().begin().await?;
        session::ActiveModel {
            id: Set(id),
            subject_kind: Set(subject.kind().to_owned()),
            subject_id: Set(subject.id()),
            created_at: Set(now),
            revoked_at: Set(None),
            revoked_reason: Set(None),
        }
        .insert(&txn)
        .await?;
        insert_refresh_token(&txn, id, refresh_hash, expires_at, self.now()).await?;
        txn.commit().await?;
        Ok(id)
    }

    /// Uses the refresh token with hash `presented` once, replacing it with `replacement`, which expires at
    /// the time `expiry` gives for the session's subject.
    pub async fn rotate_refresh_token(
        &self,
        presented: &str,
        replacement: &str,
        expiry: impl Fn(Subject) -> DateTime<Utc>,
    ) -> Result<Rotation, StorageError> {
        let now = self.now();
        let txn = self.writer().begin().await?;
        let Some(token) =
            refresh_token::Entity::find().filter(refresh_token::Column::TokenHash.eq(presented)).one(&txn).await?
        else {
            return Ok(Rotation::Refused);
        };
        let Some(session) = session::Entity::find_by_id(token.session_id).one(&txn).await? else {
            return Ok(Rotation::Refused);
        };
        if session.revoked_at.is_some() {
            return Ok(Rotation::Refused);
        }
        // Claim the token: only one request can flip `used_at`, so two concurrent uses count as reuse.
        let claimed = refresh_token::Entity::update_many()
            .col_expr(refresh_token::Column::UsedAt, Expr::value(now))
            .filter(refresh_token::Column::Id.eq(token.id))
            .filter(refresh_token::Column::UsedAt.is_null())
            .exec(&txn)
            .await?
            .rows_affected
            == 1;
        if !claimed {
            revoke(&txn, session.id, RevokeReason::ReuseDetected, self.now()).await?;
            txn.commit().await?;
            return Ok(Rotation::ReuseDetected);
        }
        if token.expires_at <= now {
            txn.commit().await?;
            return Ok(Rotation::Refused);
        }
        let subject = match session.subject_kind.as_str() {
            "account" => Subject::Account(session.subject_id),
            "kiosk" => Subject::Kiosk(session.subject_id),
            other => return Err(StorageError::Corrupt(format!("session subject kind `{other}`"))),
        };
        insert_refresh_token(&txn, session.id, replacement, expiry(subject), self.now()).await?;
        txn.commit().await?;
        Ok(Rotation::Rotated { session_id: session.id, subject })
    }

    /// Ends the session the refresh token belongs to. False when the token is unknown.
    pub async fn revoke_session_by_refresh_token(&self, hash: &str) -> Result<bool, StorageError> {
        let Some(token) =
            refresh_token::Entity::find().filter(refresh_token::Column::TokenHash.eq(hash)).one(self.writer()).await?
        else {
            return Ok(false);
        };
        revoke(self.writer(), token.session_id, RevokeReason::Logout, self.now()).await?;
        Ok(true)
    }

    /// Ends one session by id.
    pub async fn revoke_session(&self, id: Uuid, reason: RevokeReason) -> Result<(), StorageError> {
        revoke(self.writer(), id, reason, self.now()).await
    }

    /// Ends every session of `subject` except `keep`.
    pub async fn revoke_sessions_of(
        &self,
        subject: Subject,
        keep: Option<Uuid>,
        reason: RevokeReason,
    ) -> Result<(), StorageError> {
        let mut update = session::Entity::update_many()
            .col_expr(session::Column::RevokedAt, Expr::value(self.now()))
            .col_expr(session::Column::RevokedReason, Expr::value(reason.as_str()))
            .filter(session::Column::SubjectKind.eq(subject.kind()))
            .filter(session::Column::SubjectId.eq(subject.id()))
            .filter(session::Column::RevokedAt.is_null());
        if let Some(keep) = keep {
            update = update.filter(session::Column::Id.ne(keep));
        }
        update.exec(self.writer()).await?;
        Ok(())
    }
}

async fn insert_refresh_token(
    db: &impl ConnectionTrait,
    session_id: Uuid,
    hash: &str,
    expires_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), StorageError> {
    refresh_token::ActiveModel {
        id: Set(Uuid::now_v7()),
        session_id: Set(session_id),
        token_hash: Set(hash.to_owned()),
        expires_at: Set(expires_at),
        used_at: Set(None),
        created_at: Set(now),
    }
    .insert(db)
    .await?;
    Ok(())
}

async fn revoke(
    db: &impl ConnectionTrait,
    id: Uuid,
    reason: RevokeReason,
    now: DateTime<Utc>,
) -> Result<(), StorageError> {
    session::Entity::update_many()
        .col_expr(session::Column::RevokedAt, Expr::value(now))
        .col_expr(session::Column::RevokedReason, Expr::value(reason.as_str()))
        .filter(session::Column::Id.eq(id))
        .filter(session::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}
