//! A write of several rows into several tables as one PostgreSQL statement: data-modifying `WITH` parts,
//! each inserting only when the first part did, so a write that must happen whole costs one round trip
//! instead of a transaction's many (and PostgreSQL runs the statement atomically). The rows are the same
//! active models the transactional path inserts, so both paths store the same values.

use sea_orm::sea_query::{Iden, PostgresQueryBuilder, UpdateStatement};
use sea_orm::{
    ActiveModelTrait, ActiveValue, ConnectionTrait, DbBackend, EntityName, EntityTrait, Iterable, Statement, Value,
};

use super::StorageError;

/// A statement under construction: its `WITH` parts and the values bound to their placeholders.
#[derive(Debug, Default)]
pub(super) struct OneStatement {
    parts: Vec<String>,
    values: Vec<Value>,
}

impl OneStatement {
    /// A placeholder for `value`.
    pub fn bind(&mut self, value: impl Into<Value>) -> String {
        self.values.push(value.into());
        format!("${}", self.values.len())
    }

    /// A part written by hand (`name AS (sql)`), its values bound with [`Self::bind`] first.
    pub fn part(&mut self, name: &str, sql: String) {
        self.parts.push(format!("{name} AS ({sql})"));
    }

    /// Inserts `row` when `condition` (SQL, may name earlier parts) holds; the part yields one row when it
    /// inserted.
    pub fn insert_if<A: ActiveModelTrait>(&mut self, name: &str, row: &A, condition: &str) -> Result<(), StorageError> {
        let columns = set_columns(row)?;
        let values = self.bind_row(row, &columns)?;
        let sql = format!(
            "INSERT INTO {} ({}) SELECT {values} WHERE {condition} RETURNING 1",
            table::<A>(),
            quoted(&columns)
        );
        self.part(name, sql);
        Ok(())
    }

    /// Inserts every one of `rows` once for each row `after` (an earlier part) yielded: all of them when it
    /// inserted, none when it did not. `keep_existing` names the unique columns whose clash leaves the
    /// stored row as it is.
    pub fn insert_each<A: ActiveModelTrait>(
        &mut self,
        name: &str,
        rows: &[A],
        after: &str,
        keep_existing: &[<A::Entity as EntityTrait>::Column],
    ) -> Result<(), StorageError> {
        let Some(first) = rows.first() else { return Ok(()) };
        let columns = set_columns(first)?;
        let mut tuples = Vec::with_capacity(rows.len());
        for row in rows {
            tuples.push(format!("({})", self.bind_row(row, &columns)?));
        }
        let names = quoted(&columns);
        let conflict = if keep_existing.is_empty() {
            String::new()
        } else {
            let keys: Vec<_> = keep_existing.iter().map(|c| format!("\"{}\"", c.to_string())).collect();
            format!(" ON CONFLICT ({}) DO NOTHING", keys.join(", "))
        };
        let sql = format!(
            "INSERT INTO {} ({names}) SELECT v.* FROM {after}, (VALUES {}) AS v ({names}){conflict}",
            table::<A>(),
            tuples.join(", ")
        );
        self.part(name, sql);
        Ok(())
    }

    /// Runs `update` (built by sea-query, its values bound after the ones before) as the part `name`, which
    /// yields one row for each row it changed.
    pub fn update(&mut self, name: &str, update: UpdateStatement) -> Result<(), StorageError> {
        let (sql, values) = update.build(PostgresQueryBuilder);
        let offset = self.values.len();
        self.values.extend(values.0);
        self.part(name, format!("{} RETURNING 1", renumbered(&sql, offset)?));
        Ok(())
    }

    /// Runs the statement: every part, then how many rows `counted` (a part) yielded.
    pub async fn run(self, db: &impl ConnectionTrait, counted: &str) -> Result<i64, StorageError> {
        let sql = format!("WITH {} SELECT count(*) AS written FROM {counted}", self.parts.join(", "));
        let row = db.query_one(Statement::from_sql_and_values(DbBackend::Postgres, sql, self.values)).await?;
        Ok(row.map(|row| row.try_get::<i64>("", "written")).transpose()?.unwrap_or_default())
    }

    fn bind_row<A: ActiveModelTrait>(
        &mut self,
        row: &A,
        columns: &[<A::Entity as EntityTrait>::Column],
    ) -> Result<String, StorageError> {
        let mut placeholders = Vec::with_capacity(columns.len());
        for column in columns {
            match row.get(*column) {
                ActiveValue::Set(value) | ActiveValue::Unchanged(value) => placeholders.push(self.bind(value)),
                ActiveValue::NotSet => {
                    return Err(StorageError::Corrupt(format!(
                        "{}.{} is not set on every row written together",
                        table::<A>(),
                        column.to_string()
                    )));
                }
            }
        }
        Ok(placeholders.join(", "))
    }
}

/// The columns `row` sets, in the entity's order.
fn set_columns<A: ActiveModelTrait>(row: &A) -> Result<Vec<<A::Entity as EntityTrait>::Column>, StorageError> {
    let columns: Vec<_> = <A::Entity as EntityTrait>::Column::iter().filter(|c| row.get(*c).is_set()).collect();
    if columns.is_empty() {
        return Err(StorageError::Corrupt(format!("a row of {} sets no column", table::<A>())));
    }
    Ok(columns)
}

/// `sql` with its placeholders `$1`, `$2`, … moved up by `offset`. sea-query binds every value, so the only `$`
/// in its text are placeholders; anything else is refused rather than guessed at.
fn renumbered(sql: &str, offset: usize) -> Result<String, StorageError> {
    let mut out = String::with_capacity(sql.len() + 16);
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\'' {
            return Err(StorageError::Corrupt(format!("an update with an inline literal cannot be combined: {sql}")));
        }
        if c != '$' {
            out.push(c);
            continue;
        }
        let mut digits = String::new();
        while let Some(d) = chars.next_if(char::is_ascii_digit) {
            digits.push(d);
        }
        let n: usize =
            digits.parse().map_err(|_| StorageError::Corrupt(format!("a `$` that is no placeholder: {sql}")))?;
        out.push_str(&format!("${}", n + offset));
    }
    Ok(out)
}

fn table<A: ActiveModelTrait>() -> String {
    format!("\"{}\"", A::Entity::default().table_name())
}

fn quoted<C: Iden>(columns: &[C]) -> String {
    columns.iter().map(|c| format!("\"{}\"", c.to_string())).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_move_up_by_the_values_before_them() -> Result<(), StorageError> {
        let sql = r#"UPDATE "reports" SET "status" = $1, "version" = $2 WHERE "id" = $10"#;
        assert_eq!(renumbered(sql, 3)?, r#"UPDATE "reports" SET "status" = $4, "version" = $5 WHERE "id" = $13"#);
        Ok(())
    }

    #[test]
    fn text_that_is_not_a_placeholder_is_refused() {
        assert!(renumbered(r#"UPDATE "t" SET "a" = 'x$1'"#, 1).is_err());
        assert!(renumbered(r#"UPDATE "t" SET "a" = $"#, 1).is_err());
    }
}
