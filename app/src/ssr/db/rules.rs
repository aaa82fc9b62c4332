use crate::domain::{BillingRules, CUSTOMER_NUMBER_MAX_DIGITS, CUSTOMER_NUMBER_MIN_DIGITS};
use crate::domain::{
    Block, CustomerGroup, DatedLateFee, DueDateRule, FixedCharge, LateFeeBook, LateFeePolicy, Money, Tariff, TariffBook,
};
use sqlx::AnyPool;

#[derive(Debug, thiserror::Error)]
pub enum RulesError {
    #[error(transparent)]
    Db(#[from] sqlx::Error),
    #[error("setting {key}: {reason}")]
    Setting { key: &'static str, reason: String },
    #[error(transparent)]
    Tariff(#[from] crate::domain::TariffError),
    #[error("late-fee policy: {0}")]
    Policy(#[from] crate::domain::PolicyError),
}

/// Rules that do not load are the operator's to mend, not the visitor's: logged, and answered
/// as an internal error.
impl From<RulesError> for crate::error::AppError {
    fn from(e: RulesError) -> Self {
        tracing::error!(error = %e, "billing rules");
        crate::error::AppError::Internal
    }
}

pub const LATE_FEE_POLICY: &str = "late_fee_policy";
pub const DUE_DATE_RULE: &str = "due_date_rule";
/// Overdue bills beyond which only the counter takes an account's debt (absent: no limit).
pub const COUNTER_ONLY_AFTER_MONTHS: &str = "counter_only_after_months";
/// `true` (default) or `false`: whether the counter may take the oldest periods of a debt only.
pub const COUNTER_ALLOWS_OLDEST_ONLY: &str = "counter_allows_oldest_only";
/// The digits of every customer number (imports restore the zeros a spreadsheet dropped).
pub const CUSTOMER_NUMBER_DIGITS: &str = "customer_number_digits";
/// Counts the changes made to tariffs and rules from the pages: each process reloads when it
/// moves (`ssr::rules`).
pub const RULES_REVISION: &str = "rules_revision";

#[derive(sqlx::FromRow)]
struct TariffRow {
    id: i64,
    group_code: String,
    effective_from: String,
    minimum_usage_m3: i64,
    decree: String,
    decree_en: String,
}

/// Reads the billing rules in force and checks them: a malformed tariff or policy stops the
/// server at start instead of producing wrong bills later.
pub async fn load(db: &AnyPool) -> Result<BillingRules, RulesError> {
    load_on(&mut *db.acquire().await?).await
}

/// `load` on a connection: inside a transaction, the rules it decides with.
pub async fn load_on(db: &mut sqlx::AnyConnection) -> Result<BillingRules, RulesError> {
    let groups: Vec<CustomerGroup> = sqlx::query_as::<_, (String, String, String, String, String)>(
        "SELECT code, name, description, name_en, description_en FROM customer_groups ORDER BY sort_order, code",
    )
    .fetch_all(&mut *db)
    .await?
    .into_iter()
    .map(|(code, name, description, name_en, description_en)| CustomerGroup {
        code,
        name,
        description,
        name_en,
        description_en,
    })
    .collect();
    let rows: Vec<TariffRow> =
        sqlx::query_as("SELECT id, group_code, effective_from, minimum_usage_m3, decree, decree_en FROM tariffs")
            .fetch_all(&mut *db)
            .await?;
    #[derive(sqlx::FromRow)]
    struct BlockRow {
        tariff_id: i64,
        upto_m3: Option<i64>,
        price_per_m3: i64,
    }
    #[derive(sqlx::FromRow)]
    struct ChargeRow {
        tariff_id: i64,
        label: String,
        label_en: String,
        meter_size: Option<String>,
        amount: i64,
    }
    let blocks: Vec<BlockRow> =
        sqlx::query_as("SELECT tariff_id, upto_m3, price_per_m3 FROM tariff_blocks ORDER BY tariff_id, position")
            .fetch_all(&mut *db)
            .await?;
    let charges: Vec<ChargeRow> = sqlx::query_as(
        "SELECT tariff_id, label, label_en, meter_size, amount FROM tariff_fixed_charges ORDER BY tariff_id, position",
    )
    .fetch_all(&mut *db)
    .await?;
    let bad = |key: &'static str, reason: String| RulesError::Setting { key, reason };
    let mut tariffs = Vec::with_capacity(rows.len());
    for row in rows {
        tariffs.push(Tariff {
            effective_from: row
                .effective_from
                .parse()
                .map_err(|e: crate::domain::InvalidPeriod| bad("tariffs", e.to_string()))?,
            blocks: blocks
                .iter()
                .filter(|b| b.tariff_id == row.id)
                .map(|b| Block {
                    upto_m3: b.upto_m3.map(|u| u.clamp(0, u32::MAX as i64) as u32),
                    price_per_m3: Money::rupiah(b.price_per_m3),
                })
                .collect(),
            minimum_usage_m3: row.minimum_usage_m3.clamp(0, u32::MAX as i64) as u32,
            fixed_charges: charges
                .iter()
                .filter(|c| c.tariff_id == row.id)
                .map(|c| FixedCharge {
                    label: c.label.clone(),
                    label_en: c.label_en.clone(),
                    meter_size: c.meter_size.clone(),
                    amount: Money::rupiah(c.amount),
                })
                .collect(),
            group: row.group_code,
            decree: row.decree,
            decree_en: row.decree_en,
        });
    }
    let tariffs = TariffBook::new(groups, tariffs)?;

    let first: LateFeePolicy = serde_json::from_str(
        &setting(&mut *db, LATE_FEE_POLICY).await?.ok_or_else(|| bad(LATE_FEE_POLICY, "missing".into()))?,
    )
    .map_err(|e| bad(LATE_FEE_POLICY, e.to_string()))?;
    #[derive(sqlx::FromRow)]
    struct DatedRow {
        effective_from: String,
        policy: String,
        decree: String,
    }
    let rows: Vec<DatedRow> =
        sqlx::query_as("SELECT effective_from, policy, decree FROM late_fee_rules").fetch_all(&mut *db).await?;
    let mut dated = Vec::with_capacity(rows.len());
    for row in rows {
        dated.push(DatedLateFee {
            from: row.effective_from.parse().map_err(|e: chrono::ParseError| bad("late_fee_rules", e.to_string()))?,
            policy: serde_json::from_str(&row.policy).map_err(|e| bad("late_fee_rules", e.to_string()))?,
            decree: row.decree,
        });
    }
    let late_fee = LateFeeBook::new(first, dated)?;
    let mut due: DueDateRule = match setting(&mut *db, DUE_DATE_RULE).await? {
        Some(json) => serde_json::from_str(&json).map_err(|e| bad(DUE_DATE_RULE, e.to_string()))?,
        None => DueDateRule::default(),
    };
    if !(1..=28).contains(&due.due_day) {
        return Err(crate::domain::PolicyError::BadDueDay.into());
    }
    let holidays: Vec<(String,)> = sqlx::query_as("SELECT day FROM holidays ORDER BY day").fetch_all(&mut *db).await?;
    for (day,) in holidays {
        due.holidays.push(day.parse().map_err(|e: chrono::ParseError| bad("holidays", e.to_string()))?);
    }
    let counter_only_after_months = match setting(&mut *db, COUNTER_ONLY_AFTER_MONTHS).await? {
        Some(v) => Some(v.trim().parse::<u32>().map_err(|e| bad(COUNTER_ONLY_AFTER_MONTHS, format!("{v:?}: {e}")))?),
        None => None,
    };
    let counter_oldest_only = match setting(&mut *db, COUNTER_ALLOWS_OLDEST_ONLY).await? {
        Some(v) => v.trim().parse::<bool>().map_err(|e| bad(COUNTER_ALLOWS_OLDEST_ONLY, format!("{v:?}: {e}")))?,
        None => true,
    };
    Ok(BillingRules {
        tariffs,
        late_fee,
        due,
        remote: crate::domain::RemotePaymentRule { counter_only_after_months },
        counter_oldest_only,
    })
}

/// Sets one of the payment rules an operator may change without a new tariff (running
/// processes load it within `TIRTA_RULES_CHECK_SECS`): `counter_only_after_months` (a number of months, or `none`) and
/// `counter_allows_oldest_only` (`true` or `false`); and `customer_number_digits`, the width of
/// the utility's customer numbers, which puts back the leading zeros a spreadsheet dropped from
/// an imported file. Anything else is refused unchanged.
pub async fn set_payment_rule(db: &AnyPool, key: &str, value: &str) -> Result<(), RulesError> {
    let value = value.trim();
    let (key, stored): (&'static str, Option<String>) = match key {
        COUNTER_ONLY_AFTER_MONTHS => match value {
            "none" | "" => (COUNTER_ONLY_AFTER_MONTHS, None),
            months => match months.parse::<u32>() {
                Ok(n) if n >= 1 => (COUNTER_ONLY_AFTER_MONTHS, Some(n.to_string())),
                _ => {
                    return Err(RulesError::Setting {
                        key: COUNTER_ONLY_AFTER_MONTHS,
                        reason: format!("{months:?}: expected a number of months (1 or more) or none"),
                    })
                }
            },
        },
        COUNTER_ALLOWS_OLDEST_ONLY => match value.parse::<bool>() {
            Ok(b) => (COUNTER_ALLOWS_OLDEST_ONLY, Some(b.to_string())),
            Err(_) => {
                return Err(RulesError::Setting {
                    key: COUNTER_ALLOWS_OLDEST_ONLY,
                    reason: format!("{value:?}: expected true or false"),
                })
            }
        },
        CUSTOMER_NUMBER_DIGITS => match value.parse::<usize>() {
            Ok(n) if (CUSTOMER_NUMBER_MIN_DIGITS..=CUSTOMER_NUMBER_MAX_DIGITS).contains(&n) => {
                (CUSTOMER_NUMBER_DIGITS, Some(n.to_string()))
            }
            _ => {
                return Err(RulesError::Setting {
                    key: CUSTOMER_NUMBER_DIGITS,
                    reason: format!(
                        "{value:?}: expected the digits of every customer number, {CUSTOMER_NUMBER_MIN_DIGITS} to {CUSTOMER_NUMBER_MAX_DIGITS}"
                    ),
                })
            }
        },
        _ => {
            return Err(RulesError::Setting {
                key: "rules",
                reason: format!("{key:?} is not a rule that can be set here"),
            })
        }
    };
    let mut tx = super::begin_write(db).await?;
    match stored {
        Some(v) => sqlx::query(
            "INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )
        .bind(key)
        .bind(v)
        .execute(&mut *tx)
        .await?,
        None => sqlx::query("DELETE FROM settings WHERE key = $1").bind(key).execute(&mut *tx).await?,
    };
    bump_revision(&mut tx).await?;
    tx.commit().await?;
    Ok(())
}

/// The rules' revision: 0 until a page first changes them.
pub async fn revision(db: &AnyPool) -> Result<i64, sqlx::Error> {
    Ok(setting(db, RULES_REVISION).await?.and_then(|v| v.trim().parse().ok()).unwrap_or(0))
}

/// Moves the revision on, in the transaction of the change it announces. One statement, so
/// that two changes committing at once count twice.
pub async fn bump_revision(conn: &mut sqlx::AnyConnection) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO settings (key, value) VALUES ($1, '1')
         ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(settings.value AS INTEGER) + 1 AS TEXT)",
    )
    .bind(RULES_REVISION)
    .execute(conn)
    .await?;
    Ok(())
}

async fn setting<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(
    db: E,
    key: &str,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT value FROM settings WHERE key = $1").bind(key).fetch_optional(db).await
}

/// Adds a late-fee rule for the bills due from its date on. Two rules for one day break the key.
pub async fn insert_late_fee_rule(
    conn: &mut sqlx::AnyConnection,
    rule: &DatedLateFee,
    staff_id: i64,
) -> Result<(), sqlx::Error> {
    let policy = serde_json::to_string(&rule.policy).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    sqlx::query(
        "INSERT INTO late_fee_rules (effective_from, policy, decree, created_at, created_by) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(rule.from.to_string())
    .bind(policy)
    .bind(&rule.decree)
    .bind(super::stamp::stamp(chrono::Utc::now()))
    .bind(staff_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Stores the due day and whether Sundays move it; holidays are rows of their own.
pub async fn set_due_rule(conn: &mut sqlx::AnyConnection, rule: &DueDateRule) -> Result<(), sqlx::Error> {
    let stored = DueDateRule { holidays: Vec::new(), ..rule.clone() };
    let json = serde_json::to_string(&stored).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    sqlx::query(
        "INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )
    .bind(DUE_DATE_RULE)
    .bind(json)
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
pub struct HolidayRow {
    pub day: String,
    pub name: String,
}

/// Holidays from `from` on, by date.
pub async fn holidays_from(db: &AnyPool, from: chrono::NaiveDate) -> Result<Vec<HolidayRow>, sqlx::Error> {
    sqlx::query_as("SELECT day, name FROM holidays WHERE day >= $1 ORDER BY day")
        .bind(from.to_string())
        .fetch_all(db)
        .await
}

/// Adds a holiday, or renames the one on that day.
pub async fn put_holiday(
    conn: &mut sqlx::AnyConnection,
    day: chrono::NaiveDate,
    name: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO holidays (day, name) VALUES ($1, $2) ON CONFLICT (day) DO UPDATE SET name = excluded.name",
    )
    .bind(day.to_string())
    .bind(name)
    .execute(conn)
    .await?;
    Ok(())
}

/// Removes a holiday; false when there was none that day.
pub async fn remove_holiday(conn: &mut sqlx::AnyConnection, day: chrono::NaiveDate) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query("DELETE FROM holidays WHERE day = $1").bind(day.to_string()).execute(conn).await?.rows_affected()
        > 0)
}

/// The latest due date of the bills issued and of those drafted in runs under review: a new
/// late-fee rule starts after it. The newest period's bills fall due last, but a bill carried over
/// from the previous system keeps the due date that system gave it.
pub async fn latest_due_date(conn: &mut sqlx::AnyConnection) -> Result<Option<chrono::NaiveDate>, sqlx::Error> {
    let latest: Option<String> = sqlx::query_scalar(
        "SELECT MAX(due) FROM (
             SELECT MAX(due_date) AS due FROM bills WHERE period = (SELECT MAX(period) FROM bills)
             UNION ALL
             SELECT MAX(due_date) FROM bills WHERE reading_id IS NULL
             UNION ALL
             SELECT MAX(d.due_date) FROM draft_bills d JOIN billing_runs r ON r.id = d.run_id WHERE r.state = $1
         ) AS latest",
    )
    .bind(crate::model::billing::RunState::Review.as_str())
    .fetch_one(conn)
    .await?;
    Ok(latest.and_then(|d| d.parse().ok()))
}
