//! The demo as a utility moving in makes it: the generator writes the files a utility brings
//! (its customers, and each month's meter readings), the importer reads them, and every month
//! is billed by a billing run (drafted, its held bills accepted, published), so the demo shows
//! what those paths produce. The files stay in the folder given, as examples of the formats.
//!
//! The payments of that history came before the portal, through channels that report to it
//! only from now on; they are written as the generator decided them.

use super::{insert_reference_data, payment_row, DemoError, DemoOptions, DemoSummary, Histories, History};
use crate::demo::HISTORY_MONTHS;
use app::domain::audit::AuditAction;
use app::domain::staff::Role;
use app::domain::{ConnectionStatus, Period};
use app::model::imports::{ImportKind, ImportReport};
use app::ssr::db::audit::By;
use app::ssr::db::staff::NewStaff;
use app::ssr::imports::{import, Mode};
use sqlx::{AnyPool, Connection as _};
use std::path::Path;

/// The account the history's billing runs are recorded under: it cannot sign in.
const CLERK: &str = "migrasi.data";

pub async fn generate(pool: &AnyPool, options: &DemoOptions, dir: &Path) -> Result<DemoSummary, DemoError> {
    if !super::is_empty(pool).await? {
        return Err(DemoError::NotEmpty);
    }
    let mut conn = pool.acquire().await?;
    let areas = insert_reference_data(&mut conn).await?;
    drop(conn);
    let rules = app::ssr::db::rules::load(pool).await?;
    let histories: Vec<History> = Histories::new(&rules, options, &areas).collect::<Result<_, _>>()?;
    let mut summary = DemoSummary::default();
    histories.iter().for_each(|h| summary.count(h));
    std::fs::create_dir_all(dir)?;
    let clerk = clerk(pool).await?;
    let by = By { actor: Some(&clerk), name: &clerk.username, ip: None };

    let customers = dir.join("pelanggan.csv");
    std::fs::write(&customers, customers_file(&histories)?)?;
    import_file(pool, &by, ImportKind::Customers, &customers, options).await?;
    let latest = Period::of(options.as_of);
    for k in 0..HISTORY_MONTHS as usize {
        let period = latest.plus_months(k as i32 + 1 - HISTORY_MONTHS);
        let readings = dir.join(format!("baca-meter-{period}.csv"));
        std::fs::write(&readings, readings_file(&histories, k)?)?;
        import_file(pool, &by, ImportKind::Readings, &readings, options).await?;
        let refused =
            |e: app::error::AppError| DemoError::Refused { step: format!("billing run {period}"), why: e.to_string() };
        let run =
            app::ssr::billing::draft_run(pool, &by, clerk.id, period, None, options.as_of).await.map_err(refused)?;
        // The history's readings were billed as they were: every held bill accepted, on record.
        let mut conn = pool.acquire().await?;
        let mut tx = conn.begin().await?;
        let accepted = app::ssr::db::billing::accept(&mut tx, run, None, clerk.id).await?;
        let detail = format!("{period}: {accepted} held bills accepted as drafted");
        by.record(&mut tx, AuditAction::ReadingsAccepted, &period.to_string(), &detail).await?;
        tx.commit().await?;
        drop(conn);
        app::ssr::billing::publish_run(pool, &by, clerk.id, run, None).await.map_err(refused)?;
    }
    check_bills(pool, &histories).await?;
    write_payments(pool, &histories).await?;
    crate::db::sync_identities(pool).await?;
    Ok(summary)
}

async fn clerk(pool: &AnyPool) -> Result<app::domain::staff::StaffMember, DemoError> {
    let new = NewStaff {
        username: CLERK.into(),
        full_name: "Migrasi data (demo)".into(),
        role: Role::Admin,
        office_code: None,
        counter_no: None,
        // Never shown to anyone, and the account is deactivated below.
        password: app::ssr::random::random_hex(24),
    };
    let by = By { actor: None, name: "server seed", ip: None };
    let clerk = app::ssr::db::staff::create(pool, new, &by)
        .await
        .map_err(|e| DemoError::Refused { step: "staff account".into(), why: e.to_string() })?;
    // Made to sign the history's runs, never to sign in.
    let mut conn = pool.acquire().await?;
    let mut tx = conn.begin().await?;
    sqlx::query("UPDATE staff SET active = 0 WHERE id = $1").bind(clerk.id).execute(&mut *tx).await?;
    by.record(&mut tx, AuditAction::StaffDeactivated, CLERK, "the demo's migration account").await?;
    tx.commit().await?;
    Ok(clerk)
}

async fn import_file(
    pool: &AnyPool,
    by: &By<'_>,
    kind: ImportKind,
    path: &Path,
    options: &DemoOptions,
) -> Result<ImportReport, DemoError> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let bytes = std::fs::read(path)?;
    let report = import(pool, by, kind, &name, &bytes, Mode::Apply, options.as_of)
        .await
        .map_err(|e| DemoError::Refused { step: name.clone(), why: e.to_string() })?;
    if !report.applied {
        let why = report
            .faults
            .iter()
            .take(5)
            .map(|f| {
                format!("line {} {}: {}", f.line, f.column.as_deref().unwrap_or(""), f.reason.text(app::i18n::Lang::En))
            })
            .collect::<Vec<_>>()
            .join("; ");
        return Err(DemoError::Refused { step: name, why });
    }
    Ok(report)
}

fn customers_file(histories: &[History]) -> Result<Vec<u8>, DemoError> {
    let mut w = csv::WriterBuilder::new().delimiter(b';').from_writer(Vec::new());
    w.write_record(ImportKind::Customers.columns()).map_err(csv_error)?;
    for h in histories {
        let p = &h.plan;
        let connected_on = h.connected_on.to_string();
        w.write_record([
            h.number.as_str(),
            p.name.as_str(),
            p.address.as_str(),
            p.village,
            p.area.district,
            p.group.code,
            p.group.meter_size,
            p.area.office_code,
            p.phone.as_deref().unwrap_or(""),
            connected_on.as_str(),
            ConnectionStatus::Active.word(),
        ])
        .map_err(csv_error)?;
    }
    w.into_inner().map_err(|e| DemoError::Files(e.into_error()))
}

/// The `k`th month's readings, as a meter-reading contractor's export gives them.
fn readings_file(histories: &[History], k: usize) -> Result<Vec<u8>, DemoError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(ImportKind::Readings.columns()).map_err(csv_error)?;
    for h in histories {
        let r = &h.months[k].reading;
        let optional = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
        w.write_record([
            h.number.clone(),
            r.period.to_string(),
            r.read_on.to_string(),
            r.stand_awal.to_string(),
            r.stand_akhir.to_string(),
            optional(r.replacement.map(|x| x.stand_angkat)),
            optional(r.replacement.map(|x| x.stand_pasang)),
            (r.estimated as u8).to_string(),
            String::new(),
        ])
        .map_err(csv_error)?;
    }
    w.into_inner().map_err(|e| DemoError::Files(e.into_error()))
}

fn csv_error(e: csv::Error) -> DemoError {
    DemoError::Files(std::io::Error::other(e))
}

/// The runs billed what the generator computed: the payments it decided add up only then.
async fn check_bills(pool: &AnyPool, histories: &[History]) -> Result<(), DemoError> {
    let (count, sum): (i64, i64) =
        sqlx::query_as("SELECT COUNT(*), CAST(COALESCE(SUM(amount), 0) AS BIGINT) FROM bills").fetch_one(pool).await?;
    let expected_count: usize = histories.iter().map(|h| h.months.len()).sum();
    let expected_sum: i64 =
        histories.iter().flat_map(|h| &h.months).map(|m| m.bill.amount.whole_rupiah().expect("whole rupiah")).sum();
    if (count, sum) != (expected_count as i64, expected_sum) {
        return Err(DemoError::Refused {
            step: "billing runs".into(),
            why: format!(
                "{count} bills of Rp {sum} made, the generator computed {expected_count} of Rp {expected_sum}"
            ),
        });
    }
    Ok(())
}

async fn write_payments(pool: &AnyPool, histories: &[History]) -> Result<(), DemoError> {
    let ids: std::collections::HashMap<String, i64> =
        sqlx::query_as::<_, (String, i64)>("SELECT number, id FROM customers")
            .fetch_all(pool)
            .await?
            .into_iter()
            .collect();
    let mut conn = pool.acquire().await?;
    let mut tx = conn.begin().await?;
    let mut next_id = 0i64;
    let mut rows = Vec::new();
    let mut settled = Vec::new();
    for h in histories {
        let customer_id = ids[&h.number];
        for paid in &h.payments {
            next_id += 1;
            rows.push(payment_row(next_id, customer_id, paid));
            for (month, late_fee) in &paid.covered {
                settled.push((
                    next_id,
                    late_fee.whole_rupiah().expect("whole"),
                    customer_id,
                    h.months[*month].reading.period,
                ));
            }
        }
    }
    app::ssr::db::bulk::insert(
        &mut tx,
        "payments (id, receipt_number, customer_id, channel, paid_at, amount, verify_token)",
        &rows,
    )
    .await?;
    for (payment_id, late_fee, customer_id, period) in settled {
        sqlx::query("UPDATE bills SET payment_id = $1, late_fee = $2 WHERE customer_id = $3 AND period = $4")
            .bind(payment_id)
            .bind(late_fee)
            .bind(customer_id)
            .bind(period.to_string())
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}
