//! Many rows in few statements: the demo generator's millions and an import's hundred
//! thousand.

use super::Backend;

/// One value of a row to insert.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Int(i64),
    Text(String),
    NullInt,
    NullText,
}

impl From<i64> for Value {
    fn from(v: i64) -> Value {
        Value::Int(v)
    }
}

impl From<String> for Value {
    fn from(v: String) -> Value {
        Value::Text(v)
    }
}

impl From<Option<i64>> for Value {
    fn from(v: Option<i64>) -> Value {
        v.map_or(Value::NullInt, Value::Int)
    }
}

impl From<Option<String>> for Value {
    fn from(v: Option<String>) -> Value {
        v.map_or(Value::NullText, Value::Text)
    }
}

/// Multi-row INSERTs into `table_and_columns` (`customers (id, number, ...)`). Portable `$N`
/// parameters are named ones to SQLite, and binding by name scans the statement's parameter
/// list: cost grows with the square of the statement's size, so statements of about 500
/// parameters are far faster than one large one. PostgreSQL binds by position: there the round
/// trips are the cost, and statements are large.
pub async fn insert(
    conn: &mut sqlx::AnyConnection,
    table_and_columns: &str,
    rows: &[Vec<Value>],
) -> Result<(), sqlx::Error> {
    let Some(width) = rows.first().map(Vec::len) else {
        return Ok(());
    };
    let parameters = match Backend::of_connection(conn) {
        Backend::Sqlite => 500,
        Backend::Postgres => 12_000,
    };
    let per_statement = (parameters / width).max(1);
    for chunk in rows.chunks(per_statement) {
        let mut sql = format!("INSERT INTO {table_and_columns} VALUES ");
        let mut n = 0;
        for r in 0..chunk.len() {
            if r > 0 {
                sql.push(',');
            }
            sql.push('(');
            for c in 0..width {
                n += 1;
                if c > 0 {
                    sql.push(',');
                }
                sql.push_str(&format!("${n}"));
            }
            sql.push(')');
        }
        let mut query = sqlx::query(&sql);
        for row in chunk {
            for value in row {
                query = match value {
                    Value::Int(i) => query.bind(*i),
                    Value::Text(s) => query.bind(s.clone()),
                    Value::NullInt => query.bind(None::<i64>),
                    Value::NullText => query.bind(None::<String>),
                };
            }
        }
        query.execute(&mut *conn).await?;
    }
    Ok(())
}
