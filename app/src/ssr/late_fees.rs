//! When bills fall due and what paying late costs, as administrators change them: a late-fee
//! rule for the bills due from a coming date (never re-pricing a bill already out), the due day,
//! and the holidays that move a due date. Each change is audited and reloads the rules.

use crate::domain::audit::AuditAction;
use crate::domain::notice::{text_field, whole_number, InputProblem};
use crate::domain::staff::Duty;
use crate::domain::{BillingRules, DatedLateFee, DueDateRule, LateFeePolicy, LateTier, Money, Rounding};
use crate::error::AppError;
use crate::model::tariffs::{DueRules, Holiday, LateFeeForm, LateFeeKind, TierForm};
use crate::ssr::db::{self, audit::Action, rules as q};
use crate::ssr::{app_state, auth, clock};
use chrono::NaiveDate;
use rust_decimal::Decimal;

const DECREE_MAX: usize = 200;
const HOLIDAY_NAME_MAX: usize = 80;
/// Tier rows the form offers beyond the rule's own.
const SPARE_TIERS: usize = 2;
const MAX_TIERS: usize = 12;

/// What the tariff page shows and offers of the due-date and late-fee rules.
pub async fn due_rules(db: &sqlx::AnyPool, rules: &BillingRules, today: NaiveDate) -> Result<DueRules, AppError> {
    let earliest = earliest_start(&mut *db.acquire().await?, today).await?;
    let holidays = q::holidays_from(db, today)
        .await?
        .into_iter()
        .filter_map(|h| Some(Holiday { day: h.day.parse().ok()?, name: h.name }))
        .collect();
    let late_fee = rules.late_fee.for_due(today).clone();
    Ok(DueRules {
        today,
        late_fee_form: form_of(&late_fee, rules, earliest),
        late_fee,
        late_fee_upcoming: rules.late_fee.upcoming(today).cloned().collect(),
        due: rules.due.clone(),
        holidays,
    })
}

/// The first day a new late-fee rule may start: after every due date of the bills already
/// out or being drafted (so none of them is re-priced), and after today.
async fn earliest_start(conn: &mut sqlx::AnyConnection, today: NaiveDate) -> Result<NaiveDate, AppError> {
    let after = |d: NaiveDate| d.succ_opt().unwrap_or(d);
    Ok(q::latest_due_date(conn).await?.map_or(after(today), |due| after(due).max(after(today))))
}

/// A new rule's form starts as the rule in force, from the earliest day it may.
fn form_of(policy: &LateFeePolicy, rules: &BillingRules, earliest: NaiveDate) -> LateFeeForm {
    let mut form = LateFeeForm {
        effective_from: earliest.to_string(),
        rounding: Rounding::HalfUp.as_str().into(),
        ..Default::default()
    };
    let amount = |m: Money| m.whole_rupiah().map(|r| r.to_string()).unwrap_or_default();
    match policy {
        LateFeePolicy::TiersByMonthsLate { tiers } => {
            form.rule = LateFeeKind::Tiers.as_str().into();
            form.tiers =
                tiers.iter().map(|t| TierForm { from_months: t.from_months.to_string(), fee: amount(t.fee) }).collect();
        }
        LateFeePolicy::FlatPerGroup { fees } => {
            form.rule = LateFeeKind::FlatPerGroup.as_str().into();
            form.fees = fees.iter().map(|(g, f)| (g.clone(), amount(*f))).collect();
        }
        LateFeePolicy::Percentage { percent, rounding } => {
            form.rule = LateFeeKind::Percentage.as_str().into();
            form.percent = percent.normalize().to_string();
            form.rounding = rounding.as_str().into();
        }
    }
    for g in rules.tariffs.groups() {
        form.fees.entry(g.code.clone()).or_default();
    }
    with_spare_tiers(form)
}

pub fn with_spare_tiers(mut form: LateFeeForm) -> LateFeeForm {
    form.tiers.retain(|t| !(t.from_months.trim().is_empty() && t.fee.trim().is_empty()));
    let rows = (form.tiers.len() + SPARE_TIERS).min(MAX_TIERS);
    form.tiers.truncate(MAX_TIERS);
    form.tiers.resize_with(rows, TierForm::default);
    form
}

/// Adds a late-fee rule for the bills due from its date on; the date is after every bill
/// already out or being drafted falls due, so that none of them is re-priced.
pub async fn add_rule(csrf: &str, form: LateFeeForm) -> Result<String, AppError> {
    let (session, ip) = auth::authorize_action(csrf, Duty::Administer).await?;
    let state = app_state()?;
    // Under the lock billing runs draft under: no bill is drafted meanwhile with a due date
    // the new rule would reach.
    let mut tx = db::begin_serial(&state.db, db::Serial::Ledger).await?;
    let rules = q::load_on(&mut tx).await?;
    let earliest = earliest_start(&mut tx, clock::today_wib()).await?;
    let rule = parse(&form, &rules, earliest)?;
    rules.late_fee.with(rule.clone()).map_err(InputProblem::LateFee)?;
    q::insert_late_fee_rule(&mut tx, &rule, session.staff.id).await.map_err(|e| match e.as_database_error() {
        Some(d) if d.is_unique_violation() => InputProblem::LateFee(crate::domain::PolicyError::TwoRulesOneDay).into(),
        _ => AppError::from(e),
    })?;
    q::bump_revision(&mut tx).await?;
    let detail = format!("{}; {}", rule.decree, serde_json::to_string(&rule.policy).unwrap_or_default());
    Action { actor: &session.staff, action: AuditAction::LateFeeRuleAdded, subject: rule.from.to_string(), detail, ip }
        .record(&mut tx)
        .await?;
    tx.commit().await?;
    state.rules.changed_here(&state.db).await;
    Ok(rule.from.to_string())
}

fn parse(form: &LateFeeForm, rules: &BillingRules, earliest: NaiveDate) -> Result<DatedLateFee, AppError> {
    let from = NaiveDate::parse_from_str(form.effective_from.trim(), "%Y-%m-%d")
        .map_err(|_| InputProblem::BadDate("effective_from".into()))?;
    if from < earliest {
        return Err(InputProblem::RuleTooEarly(earliest).into());
    }
    let decree = text_field("decree", &form.decree, DECREE_MAX, true, true)?;
    let kind: LateFeeKind = form.rule.parse().map_err(|_| InputProblem::UnknownChoice("rule".into()))?;
    let policy = match kind {
        LateFeeKind::Tiers => {
            let mut tiers = Vec::new();
            for (i, t) in form.tiers.iter().enumerate().take(MAX_TIERS) {
                if t.from_months.trim().is_empty() && t.fee.trim().is_empty() {
                    continue;
                }
                tiers.push(LateTier {
                    from_months: whole_number(&format!("tier_months:{}", i + 1), &t.from_months)?,
                    fee: Money::rupiah(whole_number(&format!("tier_fee:{}", i + 1), &t.fee)?.into()),
                });
            }
            LateFeePolicy::TiersByMonthsLate { tiers }
        }
        LateFeeKind::FlatPerGroup => {
            let mut fees = std::collections::BTreeMap::new();
            for g in rules.tariffs.groups() {
                let typed = form.fees.get(&g.code).map(String::as_str).unwrap_or_default();
                fees.insert(
                    g.code.clone(),
                    Money::rupiah(whole_number(&format!("group_fee:{}", g.code), typed)?.into()),
                );
            }
            LateFeePolicy::FlatPerGroup { fees }
        }
        LateFeeKind::Percentage => {
            // People write 2,5 as often as 2.5.
            let percent: Decimal = form
                .percent
                .trim()
                .replace(',', ".")
                .parse()
                .map_err(|_| InputProblem::NotANumber("percent".into()))?;
            let rounding: Rounding =
                form.rounding.parse().map_err(|_| InputProblem::UnknownChoice("rounding".into()))?;
            LateFeePolicy::Percentage { percent, rounding }
        }
    };
    policy.validate().map_err(InputProblem::LateFee)?;
    Ok(DatedLateFee { from, policy, decree })
}

/// Sets the due day and whether a Sunday moves it, for the bills drafted from now on (those
/// already out keep the due date printed on them).
pub async fn set_due_rule(csrf: &str, due_day: &str, skip_sundays: bool) -> Result<(), AppError> {
    let (session, ip) = auth::authorize_action(csrf, Duty::Administer).await?;
    let state = app_state()?;
    let due_day: u32 = due_day
        .trim()
        .parse()
        .ok()
        .filter(|d| (1..=28).contains(d))
        .ok_or(InputProblem::LateFee(crate::domain::PolicyError::BadDueDay))?;
    let rule = DueDateRule { due_day, skip_sundays, holidays: Vec::new() };
    let mut tx = db::begin_write(&state.db).await?;
    q::set_due_rule(&mut tx, &rule).await?;
    q::bump_revision(&mut tx).await?;
    let detail = format!("day {due_day}, Sundays {}", if skip_sundays { "move it" } else { "do not move it" });
    Action { actor: &session.staff, action: AuditAction::DueRuleChanged, subject: due_day.to_string(), detail, ip }
        .record(&mut tx)
        .await?;
    tx.commit().await?;
    state.rules.changed_here(&state.db).await;
    Ok(())
}

pub async fn put_holiday(csrf: &str, day: &str, name: &str) -> Result<(), AppError> {
    let (session, ip) = auth::authorize_action(csrf, Duty::Administer).await?;
    let state = app_state()?;
    let day = NaiveDate::parse_from_str(day.trim(), "%Y-%m-%d").map_err(|_| InputProblem::BadDate("day".into()))?;
    let name = text_field("name", name, HOLIDAY_NAME_MAX, true, true)?;
    let mut tx = db::begin_write(&state.db).await?;
    q::put_holiday(&mut tx, day, &name).await?;
    q::bump_revision(&mut tx).await?;
    Action { actor: &session.staff, action: AuditAction::HolidayAdded, subject: day.to_string(), detail: name, ip }
        .record(&mut tx)
        .await?;
    tx.commit().await?;
    state.rules.changed_here(&state.db).await;
    Ok(())
}

pub async fn remove_holiday(csrf: &str, day: &str) -> Result<(), AppError> {
    let (session, ip) = auth::authorize_action(csrf, Duty::Administer).await?;
    let state = app_state()?;
    let day = NaiveDate::parse_from_str(day.trim(), "%Y-%m-%d").map_err(|_| InputProblem::BadDate("day".into()))?;
    let mut tx = db::begin_write(&state.db).await?;
    if q::remove_holiday(&mut tx, day).await? {
        q::bump_revision(&mut tx).await?;
        Action {
            actor: &session.staff,
            action: AuditAction::HolidayRemoved,
            subject: day.to_string(),
            detail: String::new(),
            ip,
        }
        .record(&mut tx)
        .await?;
    }
    tx.commit().await?;
    state.rules.changed_here(&state.db).await;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fixtures::pam_jaya_book;
    use crate::domain::{LateFeeBook, RemotePaymentRule};

    fn rules() -> BillingRules {
        BillingRules {
            tariffs: pam_jaya_book(),
            late_fee: LateFeeBook::single(LateFeePolicy::TiersByMonthsLate {
                tiers: vec![LateTier { from_months: 1, fee: Money::rupiah(10_000) }],
            }),
            due: DueDateRule::default(),
            remote: RemotePaymentRule::default(),
            counter_oldest_only: true,
        }
    }

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_rule_is_read_from_the_kind_chosen() {
        let rules = rules();
        // The earliest day a rule may start: the day after the last due date out.
        let earliest = d("2026-12-01");
        let mut form = form_of(rules.late_fee.for_due(earliest), &rules, earliest);
        assert_eq!(
            (form.rule.as_str(), form.effective_from.as_str(), form.tiers.len()),
            ("tiers_by_months_late", "2026-12-01", 3)
        );
        form.decree = "Perbup 3/2026".into();
        form.tiers[1] = TierForm { from_months: "3".into(), fee: "15000".into() };
        let tiers = parse(&form, &rules, earliest).unwrap();
        assert_eq!(
            tiers.policy,
            LateFeePolicy::TiersByMonthsLate {
                tiers: vec![
                    LateTier { from_months: 1, fee: Money::rupiah(10_000) },
                    LateTier { from_months: 3, fee: Money::rupiah(15_000) }
                ]
            }
        );
        form.rule = "percentage".into();
        form.percent = "2,5".into();
        let percent = parse(&form, &rules, earliest).unwrap().policy;
        assert_eq!(percent, LateFeePolicy::Percentage { percent: Decimal::new(25, 1), rounding: Rounding::HalfUp });
        form.rule = "flat_per_group".into();
        assert_eq!(
            parse(&form, &rules, earliest).unwrap_err(),
            AppError::Invalid(InputProblem::NotANumber("group_fee:K1".into()))
        );
        for g in rules.tariffs.groups() {
            form.fees.insert(g.code.clone(), "5000".into());
        }
        assert!(
            matches!(parse(&form, &rules, earliest).unwrap().policy, LateFeePolicy::FlatPerGroup { fees } if fees.len() == 7)
        );
    }

    #[test]
    fn a_rule_never_reaches_back_and_must_make_sense() {
        let rules = rules();
        // The earliest day a rule may start: the day after the last due date out.
        let earliest = d("2026-12-01");
        let mut form = form_of(rules.late_fee.for_due(earliest), &rules, earliest);
        form.decree = "Perbup 3/2026".into();
        form.effective_from = "2026-11-30".into();
        assert_eq!(
            parse(&form, &rules, earliest).unwrap_err(),
            AppError::Invalid(InputProblem::RuleTooEarly(d("2026-12-01")))
        );
        form.effective_from = "1 Desember".into();
        assert_eq!(
            parse(&form, &rules, earliest).unwrap_err(),
            AppError::Invalid(InputProblem::BadDate("effective_from".into()))
        );
        form.effective_from = "2026-12-01".into();
        form.tiers[0].from_months = "2".into();
        assert_eq!(
            parse(&form, &rules, earliest).unwrap_err(),
            AppError::Invalid(InputProblem::LateFee(crate::domain::PolicyError::BadTiers))
        );
        form.rule = "percentage".into();
        form.percent = "120".into();
        assert_eq!(
            parse(&form, &rules, earliest).unwrap_err(),
            AppError::Invalid(InputProblem::LateFee(crate::domain::PolicyError::BadPercent))
        );
        form.rule = "lainnya".into();
        assert_eq!(
            parse(&form, &rules, earliest).unwrap_err(),
            AppError::Invalid(InputProblem::UnknownChoice("rule".into()))
        );
    }
}
