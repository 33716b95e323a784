//! Notices to a resident that are about no report (a reception booking's reminder, or its cancellation): the
//! outbox's `report_id` may now be empty; and each booking remembers when it was reminded.
//!
//! PostgreSQL drops the column's NOT NULL. SQLite cannot alter a column, so the outbox and its delivery
//! attempts are copied into new tables that replace the old ones (children dropped before parents and the
//! parent renamed first, so the foreign key stays enforced throughout and follows the rename).

use sea_orm::{ConnectionTrait, DatabaseBackend};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveIden, Clone, Copy)]
enum ReceptionBookings {
    Table,
    RemindedAt,
}

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The SQLite outbox and delivery attempts as the earlier migrations made them, but for `report_id`.
fn sqlite_rebuild(report_id: &str) -> Vec<String> {
    vec![
        format!(
            r#"CREATE TABLE "outbox_new" ( "id" uuid_text NOT NULL PRIMARY KEY, "kind" varchar(16) NOT NULL,
            "audience" varchar(16) NOT NULL, "recipient_id" uuid_text NOT NULL, "report_id" uuid_text {report_id},
            "facts" text NOT NULL, "dedupe_key" varchar(200) NOT NULL UNIQUE, "status" varchar(16) NOT NULL,
            "attempts" integer NOT NULL DEFAULT 0, "next_attempt_at" timestamp_with_timezone_text NOT NULL,
            "locked_until" timestamp_with_timezone_text NULL, "last_error" text NULL,
            "created_at" timestamp_with_timezone_text NOT NULL, "delivered_at" timestamp_with_timezone_text NULL,
            "streamed_at" timestamp_with_timezone_text NULL)"#
        ),
        r#"INSERT INTO "outbox_new" ("id", "kind", "audience", "recipient_id", "report_id", "facts", "dedupe_key",
            "status", "attempts", "next_attempt_at", "locked_until", "last_error", "created_at", "delivered_at",
            "streamed_at") SELECT "id", "kind", "audience", "recipient_id", "report_id", "facts", "dedupe_key",
            "status", "attempts", "next_attempt_at", "locked_until", "last_error", "created_at", "delivered_at",
            "streamed_at" FROM "outbox""#
            .to_owned(),
        r#"CREATE TABLE "delivery_attempts_new" ( "id" uuid_text NOT NULL PRIMARY KEY, "outbox_id" uuid_text NOT NULL,
            "channel" varchar(32) NOT NULL, "ok" boolean NOT NULL, "provider_code" varchar(32) NULL, "detail" text NULL,
            "at" timestamp_with_timezone_text NOT NULL, FOREIGN KEY ("outbox_id") REFERENCES "outbox_new" ("id")
            ON DELETE RESTRICT ON UPDATE RESTRICT )"#
            .to_owned(),
        r#"INSERT INTO "delivery_attempts_new" SELECT "id", "outbox_id", "channel", "ok", "provider_code", "detail",
            "at" FROM "delivery_attempts""#
            .to_owned(),
        r#"DROP TABLE "delivery_attempts""#.to_owned(),
        r#"DROP TABLE "outbox""#.to_owned(),
        r#"ALTER TABLE "outbox_new" RENAME TO "outbox""#.to_owned(),
        r#"ALTER TABLE "delivery_attempts_new" RENAME TO "delivery_attempts""#.to_owned(),
        r#"CREATE INDEX "idx_outbox_due" ON "outbox" ("status", "next_attempt_at")"#.to_owned(),
    ]
}

async fn report_id_nullable(manager: &SchemaManager<'_>, nullable: bool) -> Result<(), DbErr> {
    let db = manager.get_connection();
    match manager.get_database_backend() {
        DatabaseBackend::Sqlite => {
            for statement in sqlite_rebuild(if nullable { "NULL" } else { "NOT NULL" }) {
                db.execute_unprepared(&statement).await?;
            }
        }
        _ => {
            let change = if nullable { "DROP NOT NULL" } else { "SET NOT NULL" };
            db.execute_unprepared(&format!(r#"ALTER TABLE "outbox" ALTER COLUMN "report_id" {change}"#)).await?;
        }
    }
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        report_id_nullable(manager, true).await?;
        manager
            .alter_table(
                Table::alter()
                    .table(ReceptionBookings::Table)
                    .add_column(timestamp_with_time_zone_null(ReceptionBookings::RemindedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter().table(ReceptionBookings::Table).drop_column(ReceptionBookings::RemindedAt).to_owned(),
            )
            .await?;
        // Notices about no report cannot stay in a column that requires one.
        let db = manager.get_connection();
        db.execute_unprepared(
            r#"DELETE FROM "delivery_attempts" WHERE "outbox_id" IN (SELECT "id" FROM "outbox" WHERE "report_id" IS NULL)"#,
        )
        .await?;
        db.execute_unprepared(r#"DELETE FROM "outbox" WHERE "report_id" IS NULL"#).await?;
        report_id_nullable(manager, false).await
    }
}
