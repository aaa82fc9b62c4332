use crate::domain::{Block, CustomerGroup, DueDateRule, FixedCharge, LateFeePolicy, Money, Tariff, TariffBook};
use crate::ssr::BillingRules;
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

pub const LATE_FEE_POLICY: &str = "late_fee_policy";
pub const DUE_DATE_RULE: &str = "due_date_rule";
/// Overdue bills beyond which only the counter takes an account's debt (absent: no limit).
pub const COUNTER_ONLY_AFTER_MONTHS: &str = "counter_only_after_months";

#[derive(sqlx::FromRow)]
struct TariffRow {
    id: i64,
    group_code: String,
    effective_from: String,
    minimum_usage_m3: i64,
    decree: String,
}

/// Reads the billing rules in force and checks them: a malformed tariff or policy stops the
/// server at start instead of producing wrong bills later.
pub async fn load(db: &AnyPool) -> Result<BillingRules, RulesError> {
    let groups: Vec<CustomerGroup> =
        sqlx::query_as::<_, (String, String, String)>("SELECT code, name, description FROM customer_groups ORDER BY sort_order, code")
            .fetch_all(db)
            .await?
            .into_iter()
            .map(|(code, name, description)| CustomerGroup { code, name, description })
            .collect();
    let rows: Vec<TariffRow> = sqlx::query_as("SELECT id, group_code, effective_from, minimum_usage_m3, decree FROM tariffs").fetch_all(db).await?;
    let blocks: Vec<(i64, Option<i64>, i64)> =
        sqlx::query_as("SELECT tariff_id, upto_m3, price_per_m3 FROM tariff_blocks ORDER BY tariff_id, position").fetch_all(db).await?;
    let charges: Vec<(i64, String, Option<String>, i64)> =
        sqlx::query_as("SELECT tariff_id, label, meter_size, amount FROM tariff_fixed_charges ORDER BY tariff_id, position").fetch_all(db).await?;
    let bad = |key: &'static str, reason: String| RulesError::Setting { key, reason };
    let mut tariffs = Vec::with_capacity(rows.len());
    for row in rows {
        tariffs.push(Tariff {
            effective_from: row.effective_from.parse().map_err(|e: crate::domain::InvalidPeriod| bad("tariffs", e.to_string()))?,
            blocks: blocks
                .iter()
                .filter(|b| b.0 == row.id)
                .map(|&(_, upto, price)| Block { upto_m3: upto.map(|u| u.clamp(0, u32::MAX as i64) as u32), price_per_m3: Money::rupiah(price) })
                .collect(),
            minimum_usage_m3: row.minimum_usage_m3.clamp(0, u32::MAX as i64) as u32,
            fixed_charges: charges
                .iter()
                .filter(|c| c.0 == row.id)
                .map(|(_, label, meter_size, amount)| FixedCharge { label: label.clone(), meter_size: meter_size.clone(), amount: Money::rupiah(*amount) })
                .collect(),
            group: row.group_code,
            decree: row.decree,
        });
    }
    let tariffs = TariffBook::new(groups, tariffs)?;

    let late_fee: LateFeePolicy = serde_json::from_str(&setting(db, LATE_FEE_POLICY).await?.ok_or_else(|| bad(LATE_FEE_POLICY, "missing".into()))?)
        .map_err(|e| bad(LATE_FEE_POLICY, e.to_string()))?;
    late_fee.validate()?;
    let mut due: DueDateRule = match setting(db, DUE_DATE_RULE).await? {
        Some(json) => serde_json::from_str(&json).map_err(|e| bad(DUE_DATE_RULE, e.to_string()))?,
        None => DueDateRule::default(),
    };
    if !(1..=28).contains(&due.due_day) {
        return Err(crate::domain::PolicyError::BadDueDay.into());
    }
    let holidays: Vec<(String,)> = sqlx::query_as("SELECT day FROM holidays ORDER BY day").fetch_all(db).await?;
    for (day,) in holidays {
        due.holidays.push(day.parse().map_err(|e: chrono::ParseError| bad("holidays", e.to_string()))?);
    }
    let counter_only_after_months = match setting(db, COUNTER_ONLY_AFTER_MONTHS).await? {
        Some(v) => Some(v.trim().parse::<u32>().map_err(|e| bad(COUNTER_ONLY_AFTER_MONTHS, format!("{v:?}: {e}")))?),
        None => None,
    };
    Ok(BillingRules { tariffs, late_fee, due, remote: crate::domain::RemotePaymentRule { counter_only_after_months } })
}

async fn setting(db: &AnyPool, key: &str) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT value FROM settings WHERE key = $1").bind(key).fetch_optional(db).await
}
