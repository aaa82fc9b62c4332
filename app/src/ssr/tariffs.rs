//! The published tariff tables and late-fee rule, and new decrees as administrators add them.

use crate::domain::audit::AuditAction;
use crate::domain::notice::{text_field, whole_number as number, InputProblem};
use crate::domain::staff::Duty;
use crate::domain::{
    compute_bill, BillingError, Block, Connection, FixedCharge, MeterReading, Money, Period, Tariff, TariffBook,
    TYPICAL_USAGES_M3,
};
use crate::error::AppError;
use crate::model::tariffs::{
    BlockForm, ChargeForm, Estimate, TariffDesk, TariffDraft, TariffForm, TariffPreview, TariffTables,
};
use crate::ssr::db::{self, audit::Action};
use crate::ssr::{app_state, auth, clock};
use serde::Deserialize;

/// Rows the form offers beyond a tariff's own, for a block or a charge the new decree adds.
const SPARE_ROWS: usize = 2;
/// Rows the form takes at most: a decree has a handful of blocks and meter sizes.
const MAX_ROWS: usize = 12;
const DECREE_MAX: usize = 200;
const LABEL_MAX: usize = 80;
const METER_SIZE_MAX: usize = 20;

pub fn sheet() -> Result<TariffTables, AppError> {
    let state = app_state()?;
    let period = Period::of(clock::today_wib());
    let rules = state.rules.get();
    Ok(TariffTables {
        period,
        groups: rules.tariffs.groups().to_vec(),
        in_force: rules.tariffs.in_force(period).into_iter().cloned().collect(),
        upcoming: rules.tariffs.upcoming(period).into_iter().cloned().collect(),
        late_fee: rules.late_fee.for_due(clock::today_wib()).clone(),
        late_fee_upcoming: rules.late_fee.upcoming(clock::today_wib()).cloned().collect(),
        due: rules.due.clone(),
    })
}

/// The largest usage the estimator prices: far beyond any connection's month.
pub const ESTIMATE_MAX_M3: u32 = 100_000;

/// What `usage` m³ a month would cost `group` with a `meter_size` meter, priced by the billing
/// domain from the tariff in force, exactly as the month's billing run would.
pub fn estimate(group: &str, meter_size: &str, usage: &str) -> Result<Estimate, AppError> {
    let state = app_state()?;
    let usage = number("usage", usage)?;
    if usage > ESTIMATE_MAX_M3 {
        return Err(InputProblem::Unbillable("usage".into()).into());
    }
    let today = clock::today_wib();
    let rules = state.rules.get();
    let reading = MeterReading {
        period: Period::of(today),
        read_on: today,
        stand_awal: 0,
        stand_akhir: i64::from(usage),
        replacement: None,
        estimated: false,
    };
    let (group, meter_size) = (group.trim(), meter_size.trim());
    let breakdown = compute_bill(&rules.tariffs, &Connection { group, meter_size }, &reading).map_err(|e| match e {
        BillingError::UnknownGroup(_) | BillingError::TariffMissing { .. } => {
            InputProblem::UnknownChoice("group".into())
        }
        BillingError::MeterSizeNotInTariff { .. } => InputProblem::UnknownChoice("meter_size".into()),
        BillingError::NegativeUsage { .. } | BillingError::ImplausibleUsage { .. } => {
            InputProblem::Unbillable("usage".into())
        }
    })?;
    Ok(Estimate { group: group.to_string(), meter_size: meter_size.to_string(), breakdown })
}

/// What the tariff page's address asks for: a group to write a decree for (`golongan`), or a
/// decree to preview (`tariff[...]`).
#[derive(Default, Deserialize)]
#[serde(default)]
struct DeskQuery {
    golongan: String,
    tariff: Option<TariffForm>,
}

/// The administrators' tariff page for its address' query string.
pub async fn desk(query: &str) -> Result<TariffDesk, AppError> {
    let session = auth::authorize_read(Duty::Administer).await?;
    let state = app_state()?;
    let query: DeskQuery = parse_query(query)?;
    let rules = db::rules::load(&state.db).await?;
    let today = clock::today_wib();
    let due = crate::ssr::late_fees::due_rules(&state.db, &rules, today).await?;
    let book = rules.tariffs;
    let period = Period::of(today);
    let earliest = earliest(&state.db, period).await?;
    let draft = match query.tariff {
        Some(form) => {
            let mut checked = check(&form, &book, earliest);
            if let Ok(preview) = &checked {
                let mut conn = state.db.acquire().await?;
                if let Err(e) = unpriced_meter_sizes(&mut conn, &preview.tariff).await {
                    checked = Err(e);
                }
            }
            // The page shows what is wrong, answered with the status of the fault.
            if let Err(e) = &checked {
                e.apply_to_response();
            }
            Some(TariffDraft { checked: Some(checked), form: with_spare_rows(form) })
        }
        None if !query.golongan.is_empty() => {
            book.group(&query.golongan).map_err(|_| InputProblem::UnknownChoice("group".into()))?;
            Some(TariffDraft { form: with_spare_rows(starting_form(&book, &query.golongan, earliest)), checked: None })
        }
        None => None,
    };
    Ok(TariffDesk {
        csrf: session.csrf,
        groups: book.groups().to_vec(),
        period,
        earliest,
        in_force: book.in_force(period).into_iter().cloned().collect(),
        upcoming: book.upcoming(period).into_iter().cloned().collect(),
        draft,
        due,
    })
}

/// Adds a decree's tariff, checked as the preview checked it, with its audit entry; every
/// process prices with it from its first period.
pub async fn add(csrf: &str, form: TariffForm) -> Result<String, AppError> {
    let (session, ip) = auth::authorize_action(csrf, Duty::Administer).await?;
    let state = app_state()?;
    // Under the lock a billing run drafts under: a run drafted meanwhile is seen here, and a run
    // drafted after reads this tariff.
    let mut tx = db::begin_serial(&state.db, db::Serial::Ledger).await?;
    let earliest = earliest_in(&mut tx, Period::of(clock::today_wib())).await?;
    let book = db::rules::load_on(&mut tx).await?;
    let preview = check(&form, &book.tariffs, earliest)?;
    unpriced_meter_sizes(&mut tx, &preview.tariff).await?;
    let t = preview.tariff;
    db::tariffs::insert(&mut tx, &t).await.map_err(|e| match e.as_database_error() {
        Some(d) if d.is_unique_violation() => {
            AppError::Invalid(InputProblem::Tariff(crate::domain::TariffError::Duplicate {
                group: t.group.clone(),
                from: t.effective_from,
            }))
        }
        _ => e.into(),
    })?;
    db::rules::bump_revision(&mut tx).await?;
    let subject = format!("{} {}", t.group, t.effective_from);
    let detail = describe(&t);
    Action { actor: &session.staff, action: AuditAction::TariffAdded, subject: subject.clone(), detail, ip }
        .record(&mut tx)
        .await?;
    tx.commit().await?;
    state.rules.changed_here(&state.db).await;
    Ok(subject)
}

/// A tariff that prices meter sizes must price every size the group's connections have: a
/// customer whose size it left out could not be billed.
async fn unpriced_meter_sizes(conn: &mut sqlx::AnyConnection, t: &Tariff) -> Result<(), AppError> {
    if t.fixed_charges.iter().all(|c| c.meter_size.is_none()) {
        return Ok(());
    }
    for size in db::tariffs::meter_sizes_in_use(conn, &t.group).await? {
        if t.fixed_charges_for(&size).is_err() {
            return Err(InputProblem::MeterSizeUnpriced(size).into());
        }
    }
    Ok(())
}

/// The whole decree in one line for the audit log.
fn describe(t: &Tariff) -> String {
    let blocks: Vec<String> = t
        .blocks
        .iter()
        .map(|b| format!("{}:{}", b.upto_m3.map(|u| u.to_string()).unwrap_or_else(|| "-".into()), b.price_per_m3))
        .collect();
    let charges: Vec<String> = t
        .fixed_charges
        .iter()
        .map(|c| format!("{} [{}] {}", c.label, c.meter_size.as_deref().unwrap_or("*"), c.amount))
        .collect();
    format!(
        "{}; minimum {} m3; blocks {}; charges {}",
        t.decree,
        t.minimum_usage_m3,
        blocks.join(" "),
        if charges.is_empty() { "-".into() } else { charges.join(", ") }
    )
}

fn parse_query(query: &str) -> Result<DeskQuery, AppError> {
    // The same reading of nested names as the server functions' forms.
    serde_qs::Config::new(5, false).deserialize_str(query).map_err(|_| AppError::BadRequest)
}

async fn earliest(db: &sqlx::AnyPool, period: Period) -> Result<Period, AppError> {
    let mut conn = db.acquire().await?;
    earliest_in(&mut conn, period).await
}

/// After every period billed or drafted, and never before the current one.
async fn earliest_in(conn: &mut sqlx::AnyConnection, period: Period) -> Result<Period, AppError> {
    let after = db::tariffs::portal_billed(conn).await?.map(|(_, last)| last.next());
    Ok(after.map_or(period, |p| p.max(period)))
}

/// A new decree starts as a copy of the group's latest tariff, from the earliest period it may.
fn starting_form(book: &TariffBook, group: &str, earliest: Period) -> TariffForm {
    let mut form = TariffForm { group: group.to_string(), effective_from: earliest.to_string(), ..Default::default() };
    if let Some(t) = book.latest(group) {
        form.minimum_usage_m3 = t.minimum_usage_m3.to_string();
        form.blocks = t
            .blocks
            .iter()
            .map(|b| BlockForm {
                upto_m3: b.upto_m3.map(|u| u.to_string()).unwrap_or_default(),
                price_per_m3: rupiah(b.price_per_m3),
            })
            .collect();
        form.charges = t
            .fixed_charges
            .iter()
            .map(|c| ChargeForm {
                label: c.label.clone(),
                label_en: c.label_en.clone(),
                meter_size: c.meter_size.clone().unwrap_or_default(),
                amount: rupiah(c.amount),
            })
            .collect();
    } else {
        form.minimum_usage_m3 = "0".into();
    }
    form
}

fn rupiah(m: Money) -> String {
    m.whole_rupiah().map(|r| r.to_string()).unwrap_or_default()
}

/// The rows as typed without blank ones, and a few blank ones to add to.
fn with_spare_rows(mut form: TariffForm) -> TariffForm {
    form.blocks.retain(|b| !b.is_blank());
    form.charges.retain(|c| !c.is_blank());
    form.blocks.truncate(MAX_ROWS);
    form.charges.truncate(MAX_ROWS);
    let (blocks, charges) =
        ((form.blocks.len() + SPARE_ROWS).min(MAX_ROWS), (form.charges.len() + SPARE_ROWS).min(MAX_ROWS));
    form.blocks.resize_with(blocks, BlockForm::default);
    form.charges.resize_with(charges, ChargeForm::default);
    form
}

/// The decree as the billing domain will use it, or the first thing wrong with it.
fn check(form: &TariffForm, book: &TariffBook, earliest: Period) -> Result<TariffPreview, AppError> {
    let tariff = parse(form, book)?;
    if tariff.effective_from < earliest {
        return Err(InputProblem::TariffTooEarly(earliest).into());
    }
    // Checked as the book checks every tariff when the rules load: nothing saved here can stop
    // the server at its next start.
    book.with(tariff.clone()).map_err(InputProblem::Tariff)?;
    let replaces = book.tariff_for(&tariff.group, tariff.effective_from).ok().map(|t| t.effective_from);
    Ok(TariffPreview { comparison: book.compare(&tariff, &TYPICAL_USAGES_M3), replaces, tariff })
}

fn parse(form: &TariffForm, book: &TariffBook) -> Result<Tariff, AppError> {
    let group = book.group(form.group.trim()).map_err(|_| InputProblem::UnknownChoice("group".into()))?.code.clone();
    let effective_from: Period =
        form.effective_from.trim().parse().map_err(|_| InputProblem::BadPeriod("effective_from".into()))?;
    let decree = text_field("decree", &form.decree, DECREE_MAX, true, true)?;
    let decree_en = text_field("decree_en", &form.decree_en, DECREE_MAX, false, true)?;
    let minimum_usage_m3 = number("minimum_usage_m3", &form.minimum_usage_m3)?;
    if form.blocks.len() > MAX_ROWS || form.charges.len() > MAX_ROWS {
        return Err(AppError::BadRequest);
    }
    let mut blocks = Vec::new();
    for (i, b) in form.blocks.iter().enumerate().filter(|(_, b)| !b.is_blank()) {
        let n = i + 1;
        let upto_m3 = match b.upto_m3.trim() {
            "" => None,
            typed => Some(number(&format!("block_upto:{n}"), typed)?),
        };
        let price = number(&format!("block_price:{n}"), &b.price_per_m3)?;
        blocks.push(Block { upto_m3, price_per_m3: Money::rupiah(price.into()) });
    }
    let mut fixed_charges = Vec::new();
    for (i, c) in form.charges.iter().enumerate().filter(|(_, c)| !c.is_blank()) {
        let n = i + 1;
        let label = text_field(&format!("charge_label:{n}"), &c.label, LABEL_MAX, true, true)?;
        let label_en = text_field(&format!("charge_label_en:{n}"), &c.label_en, LABEL_MAX, false, true)?;
        let meter_size = text_field(&format!("charge_meter:{n}"), &c.meter_size, METER_SIZE_MAX, false, true)?;
        let amount = number(&format!("charge_amount:{n}"), &c.amount)?;
        fixed_charges.push(FixedCharge {
            label,
            label_en,
            meter_size: (!meter_size.is_empty()).then_some(meter_size),
            amount: Money::rupiah(amount.into()),
        });
    }
    Ok(Tariff { group, effective_from, blocks, minimum_usage_m3, fixed_charges, decree, decree_en })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fixtures::pam_jaya_book;

    fn p(s: &str) -> Period {
        s.parse().unwrap()
    }

    #[test]
    fn a_decree_starts_from_the_groups_latest_tariff_and_checks_clean() {
        let book = pam_jaya_book();
        let form = with_spare_rows(starting_form(&book, "K2", p("2027-01")));
        assert_eq!((form.blocks.len(), form.charges.len()), (3 + SPARE_ROWS, 3 + SPARE_ROWS));
        let mut form = form;
        form.decree = "Perbup 7/2026".into();
        form.blocks[0].price_per_m3 = "1500".into();
        let preview = check(&form, &book, p("2027-01")).unwrap();
        assert_eq!(preview.replaces, Some(p("2022-06")));
        assert_eq!(preview.tariff.blocks.len(), 3, "blank rows are no blocks");
        assert_eq!(preview.tariff.blocks[0].price_per_m3, Money::rupiah(1_500));
        assert!(preview.comparison.iter().all(|r| r.after > r.before));
    }

    #[test]
    fn what_is_wrong_with_a_decree_is_named() {
        let book = pam_jaya_book();
        let mut form = with_spare_rows(starting_form(&book, "K2", p("2027-01")));
        form.decree = "Perbup 7/2026".into();
        let problem = |form: &TariffForm| match check(form, &book, p("2027-01")) {
            Err(AppError::Invalid(problem)) => problem,
            other => panic!("{other:?}"),
        };
        let mut f = form.clone();
        f.blocks[1].price_per_m3 = "1.050".into();
        assert_eq!(problem(&f), InputProblem::NotANumber("block_price:2".into()));
        let mut f = form.clone();
        f.blocks[1].upto_m3 = "5".into();
        assert!(matches!(problem(&f), InputProblem::Tariff(crate::domain::TariffError::BadBounds { .. })));
        let mut f = form.clone();
        f.effective_from = "2026-12".into();
        assert_eq!(problem(&f), InputProblem::TariffTooEarly(p("2027-01")));
        let mut f = form.clone();
        f.effective_from = "Januari".into();
        assert_eq!(problem(&f), InputProblem::BadPeriod("effective_from".into()));
        let mut f = form.clone();
        f.effective_from = "2022-06".into();
        assert!(matches!(check(&f, &book, p("2022-06")), Err(AppError::Invalid(InputProblem::Tariff(_)))));
        let mut f = form.clone();
        f.charges[0].label = " ".into();
        assert_eq!(problem(&f), InputProblem::Required("charge_label:1".into()));
        let mut f = form.clone();
        f.group = "ZZ".into();
        assert_eq!(problem(&f), InputProblem::UnknownChoice("group".into()));
        let mut f = form;
        f.decree = String::new();
        assert_eq!(problem(&f), InputProblem::Required("decree".into()));
    }

    #[test]
    fn the_address_reads_back_into_the_form() {
        let mut form = with_spare_rows(starting_form(&pam_jaya_book(), "K2", p("2027-01")));
        form.decree = "Perbup 7/2026 & lampiran".into();
        let query = serde_qs::to_string(&std::collections::BTreeMap::from([("tariff", &form)])).unwrap();
        let read = parse_query(&query).unwrap();
        assert_eq!(read.tariff.as_ref(), Some(&form));
        assert!(parse_query("golongan=K2").unwrap().tariff.is_none());
    }
}
