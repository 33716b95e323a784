//! Identity and access: accounts (citizens, deputies, staff, admins) and their stations, kiosk devices,
//! sessions with their refresh tokens, phone one-time codes, the append-only audit log, and who a report
//! belongs to, with its phone number encrypted.

use sea_orm_migration::{prelude::*, schema::*};

use super::fk;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Accounts {
    Table,
    Id,
    Role,
    Username,
    DisplayName,
    PasswordHash,
    WechatOpenid,
    WechatUnionid,
    PhoneLookup,
    PhoneCipher,
    FailedLogins,
    LockedUntil,
    Active,
    LastLoginAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum AccountStations {
    Table,
    AccountId,
    StationId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Kiosks {
    Table,
    Id,
    StationId,
    Label,
    EnrollmentCodeHash,
    EnrollmentExpiresAt,
    EnrolledAt,
    RevokedAt,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Sessions {
    Table,
    Id,
    SubjectKind,
    SubjectId,
    CreatedAt,
    RevokedAt,
    RevokedReason,
}

#[derive(DeriveIden)]
enum RefreshTokens {
    Table,
    Id,
    SessionId,
    TokenHash,
    ExpiresAt,
    UsedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum PhoneCodes {
    Table,
    Id,
    PhoneLookup,
    CodeHash,
    ExpiresAt,
    Attempts,
    ConsumedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Id,
    ActorKind,
    ActorId,
    Action,
    ReportId,
    Reason,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Reports {
    Table,
    CitizenId,
    KioskId,
    AssignedDeputyId,
    ContactPhoneCipher,
    ContactPhoneLookup,
}

#[derive(DeriveIden)]
enum Stations {
    Table,
    Id,
}

fn index(name: &str, table: impl IntoIden + 'static, cols: Vec<DynIden>) -> IndexCreateStatement {
    let mut index = Index::create();
    index.name(name).table(table);
    for col in cols {
        index.col(col);
    }
    index.to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Accounts::Table)
                    .col(pk_uuid(Accounts::Id))
                    .col(string_len(Accounts::Role, 16))
                    .col(string_len_null(Accounts::Username, 64).unique_key())
                    .col(string_len(Accounts::DisplayName, 100))
                    .col(text_null(Accounts::PasswordHash))
                    .col(string_len_null(Accounts::WechatOpenid, 128).unique_key())
                    .col(string_len_null(Accounts::WechatUnionid, 128).unique_key())
                    .col(string_len_null(Accounts::PhoneLookup, 64).unique_key())
                    .col(text_null(Accounts::PhoneCipher))
                    .col(integer(Accounts::FailedLogins))
                    .col(timestamp_with_time_zone_null(Accounts::LockedUntil))
                    .col(boolean(Accounts::Active))
                    .col(timestamp_with_time_zone_null(Accounts::LastLoginAt))
                    .col(timestamp_with_time_zone(Accounts::CreatedAt))
                    .col(timestamp_with_time_zone(Accounts::UpdatedAt))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(AccountStations::Table)
                    .col(uuid(AccountStations::AccountId))
                    .col(uuid(AccountStations::StationId))
                    .col(timestamp_with_time_zone(AccountStations::CreatedAt))
                    .primary_key(Index::create().col(AccountStations::AccountId).col(AccountStations::StationId))
                    .foreign_key(&mut fk(
                        "fk_account_stations_account",
                        (AccountStations::Table, AccountStations::AccountId),
                        (Accounts::Table, Accounts::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_account_stations_station",
                        (AccountStations::Table, AccountStations::StationId),
                        (Stations::Table, Stations::Id),
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Kiosks::Table)
                    .col(pk_uuid(Kiosks::Id))
                    .col(uuid(Kiosks::StationId))
                    .col(string_len(Kiosks::Label, 100))
                    .col(string_len_null(Kiosks::EnrollmentCodeHash, 64).unique_key())
                    .col(timestamp_with_time_zone_null(Kiosks::EnrollmentExpiresAt))
                    .col(timestamp_with_time_zone_null(Kiosks::EnrolledAt))
                    .col(timestamp_with_time_zone_null(Kiosks::RevokedAt))
                    .col(uuid_null(Kiosks::CreatedBy))
                    .col(timestamp_with_time_zone(Kiosks::CreatedAt))
                    .foreign_key(&mut fk(
                        "fk_kiosks_station",
                        (Kiosks::Table, Kiosks::StationId),
                        (Stations::Table, Stations::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_kiosks_created_by",
                        (Kiosks::Table, Kiosks::CreatedBy),
                        (Accounts::Table, Accounts::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager.create_index(index("idx_kiosks_station", Kiosks::Table, vec![Kiosks::StationId.into_iden()])).await?;

        manager
            .create_table(
                Table::create()
                    .table(Sessions::Table)
                    .col(pk_uuid(Sessions::Id))
                    .col(string_len(Sessions::SubjectKind, 16))
                    .col(uuid(Sessions::SubjectId))
                    .col(timestamp_with_time_zone(Sessions::CreatedAt))
                    .col(timestamp_with_time_zone_null(Sessions::RevokedAt))
                    .col(string_len_null(Sessions::RevokedReason, 32))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_sessions_subject",
                Sessions::Table,
                vec![Sessions::SubjectKind.into_iden(), Sessions::SubjectId.into_iden()],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(RefreshTokens::Table)
                    .col(pk_uuid(RefreshTokens::Id))
                    .col(uuid(RefreshTokens::SessionId))
                    .col(string_len_uniq(RefreshTokens::TokenHash, 64))
                    .col(timestamp_with_time_zone(RefreshTokens::ExpiresAt))
                    .col(timestamp_with_time_zone_null(RefreshTokens::UsedAt))
                    .col(timestamp_with_time_zone(RefreshTokens::CreatedAt))
                    .foreign_key(&mut fk(
                        "fk_refresh_tokens_session",
                        (RefreshTokens::Table, RefreshTokens::SessionId),
                        (Sessions::Table, Sessions::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_refresh_tokens_session",
                RefreshTokens::Table,
                vec![RefreshTokens::SessionId.into_iden()],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(PhoneCodes::Table)
                    .col(pk_uuid(PhoneCodes::Id))
                    .col(string_len(PhoneCodes::PhoneLookup, 64))
                    .col(string_len(PhoneCodes::CodeHash, 64))
                    .col(timestamp_with_time_zone(PhoneCodes::ExpiresAt))
                    .col(integer(PhoneCodes::Attempts))
                    .col(timestamp_with_time_zone_null(PhoneCodes::ConsumedAt))
                    .col(timestamp_with_time_zone(PhoneCodes::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_phone_codes_phone",
                PhoneCodes::Table,
                vec![PhoneCodes::PhoneLookup.into_iden(), PhoneCodes::CreatedAt.into_iden()],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(AuditLog::Table)
                    .col(pk_uuid(AuditLog::Id))
                    .col(string_len(AuditLog::ActorKind, 16))
                    .col(uuid_null(AuditLog::ActorId))
                    .col(string_len(AuditLog::Action, 64))
                    .col(uuid_null(AuditLog::ReportId))
                    .col(text_null(AuditLog::Reason))
                    .col(timestamp_with_time_zone(AuditLog::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("idx_audit_log_report", AuditLog::Table, vec![AuditLog::ReportId.into_iden()]))
            .await?;
        // The audit log only grows: the database itself refuses to change or remove an entry.
        let append_only = match manager.get_database_backend() {
            sea_orm::DatabaseBackend::Sqlite => vec![
                "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log \
                 BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
                    .to_owned(),
                "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log \
                 BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
                    .to_owned(),
            ],
            _ => vec![
                "CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS \
                 $$ BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$"
                    .to_owned(),
                "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log \
                 FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()"
                    .to_owned(),
            ],
        };
        for statement in append_only {
            manager.get_connection().execute_unprepared(&statement).await?;
        }

        for column in [
            ColumnDef::new(Reports::CitizenId).uuid().null().to_owned(),
            ColumnDef::new(Reports::KioskId).uuid().null().to_owned(),
            ColumnDef::new(Reports::AssignedDeputyId).uuid().null().to_owned(),
            ColumnDef::new(Reports::ContactPhoneCipher).text().null().to_owned(),
            ColumnDef::new(Reports::ContactPhoneLookup).string_len(64).null().to_owned(),
        ] {
            let mut column = column;
            manager.alter_table(Table::alter().table(Reports::Table).add_column(&mut column).to_owned()).await?;
        }
        manager
            .create_index(index("idx_reports_citizen", Reports::Table, vec![Reports::CitizenId.into_iden()]))
            .await?;
        manager
            .create_index(index("idx_reports_deputy", Reports::Table, vec![Reports::AssignedDeputyId.into_iden()]))
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for name in ["idx_reports_citizen", "idx_reports_deputy"] {
            manager.drop_index(Index::drop().name(name).table(Reports::Table).to_owned()).await?;
        }
        for column in [
            Reports::CitizenId,
            Reports::KioskId,
            Reports::AssignedDeputyId,
            Reports::ContactPhoneCipher,
            Reports::ContactPhoneLookup,
        ] {
            manager.alter_table(Table::alter().table(Reports::Table).drop_column(column).to_owned()).await?;
        }
        if manager.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
            manager
                .get_connection()
                .execute_unprepared("DROP FUNCTION IF EXISTS audit_log_append_only() CASCADE")
                .await?;
        }
        for table in [
            AuditLog::Table.into_iden(),
            PhoneCodes::Table.into_iden(),
            RefreshTokens::Table.into_iden(),
            Sessions::Table.into_iden(),
            Kiosks::Table.into_iden(),
            AccountStations::Table.into_iden(),
            Accounts::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
