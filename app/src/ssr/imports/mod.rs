//! Imports of a utility's own files, one service for the command line and the administrators'
//! upload page: the whole file is checked, every faulty row reported by line, column and
//! reason, and only a clean file is written, in one transaction with its audit entry. A file
//! applied twice changes nothing the second time.

mod arrears;
mod customers;
pub mod jobs;
mod readings;
pub mod table;

use crate::domain::audit::AuditAction;
use crate::model::imports::{ImportKind, ImportReport, MAX_FAULTS_LISTED};
use crate::ssr::db::audit::By;
use crate::ssr::db::rules::{self, RulesError};
use crate::ssr::db::{self, imports as q, Serial};
use chrono::NaiveDate;
use sqlx::AnyPool;
use table::Table;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Checks and reports what applying would do; writes nothing.
    Check,
    /// Checks, and writes when the file is clean.
    Apply,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(transparent)]
    Db(#[from] sqlx::Error),
    #[error(transparent)]
    Rules(#[from] RulesError),
}

/// What a clean file adds and changes; rows equal to what is stored change nothing.
pub struct Plan<T> {
    pub add: Vec<T>,
    pub change: Vec<(i64, T)>,
    pub unchanged: usize,
}

impl<T> Default for Plan<T> {
    fn default() -> Self {
        Plan { add: Vec::new(), change: Vec::new(), unchanged: 0 }
    }
}

impl<T: PartialEq> Plan<T> {
    fn take(&mut self, stored: Option<(i64, &T)>, record: T) {
        match stored {
            None => self.add.push(record),
            Some((_, same)) if *same == record => self.unchanged += 1,
            Some((id, _)) => self.change.push((id, record)),
        }
    }
}

/// Checks a file of `kind` and, in `Mode::Apply`, writes it when it is clean. `name` is the
/// file's name, for the audit log.
pub async fn import(
    db: &AnyPool,
    by: &By<'_>,
    kind: ImportKind,
    name: &str,
    bytes: &[u8],
    mode: Mode,
    today: NaiveDate,
) -> Result<ImportReport, ImportError> {
    let mut report = ImportReport {
        kind,
        rows: 0,
        faults: Vec::new(),
        fault_count: 0,
        added: 0,
        changed: 0,
        unchanged: 0,
        period: None,
        applied: false,
    };
    let (table, mut faults) = match Table::read(kind, bytes) {
        Ok(read) => read,
        Err(faults) => {
            report.fault_count = faults.len();
            report.faults = faults;
            return Ok(report);
        }
    };
    report.rows = table.rows.len();
    let rules = rules::load(db).await?;
    // Applying decides on what is stored (a new number, a period not yet billed): the check and
    // the writes see the same state, with billing and payments kept out in between.
    let mut tx = match mode {
        Mode::Check => db.begin().await?,
        Mode::Apply => db::begin_serial(db, Serial::Ledger).await?,
    };
    let width = q::customer_number_width(&mut tx).await?;
    match kind {
        ImportKind::Customers => {
            let offices = q::office_ids(&mut tx).await?;
            let stored = q::customers(&mut tx).await?;
            let known = customers::Known {
                tariffs: &rules.tariffs,
                offices: &offices,
                customers: &stored,
                number_width: width,
                today,
            };
            let (mut row_faults, plan) = customers::check(&table, &known);
            faults.append(&mut row_faults);
            report.count(&plan);
            if mode == Mode::Apply && faults.is_empty() {
                q::add_customers(&mut tx, &plan.add.iter().collect::<Vec<_>>()).await?;
                for (id, record) in &plan.change {
                    q::change_customer(&mut tx, *id, record).await?;
                }
            }
        }
        ImportKind::Readings => {
            let Some(period) = readings::period(&table) else {
                // Every row's period is unreadable: each row says so.
                let (mut row_faults, _) = readings::check(
                    &table,
                    &readings::Known {
                        period: crate::domain::Period::of(today),
                        customers: &Default::default(),
                        readings: &Default::default(),
                        carried_over: &Default::default(),
                        number_width: width,
                        today,
                    },
                );
                row_faults.retain(|f| f.column.as_deref() == Some("periode"));
                faults.append(&mut row_faults);
                return Ok(report.with_faults(faults));
            };
            report.period = Some(period);
            let ids = q::customer_ids(&mut tx).await?;
            let stored = q::readings(&mut tx, period).await?;
            let carried_over = q::carried_over_in(&mut tx, period).await?;
            let known = readings::Known {
                period,
                customers: &ids,
                readings: &stored,
                carried_over: &carried_over,
                number_width: width,
                today,
            };
            let (mut row_faults, plan) = readings::check(&table, &known);
            faults.append(&mut row_faults);
            report.count(&plan);
            if mode == Mode::Apply && faults.is_empty() {
                q::add_readings(&mut tx, &plan.add.iter().collect::<Vec<_>>()).await?;
                for (id, record) in &plan.change {
                    q::change_reading(&mut tx, *id, record).await?;
                }
            }
        }
        ImportKind::Arrears => {
            let connections = q::connections(&mut tx).await?;
            let (bills, read) = match arrears::periods(&table) {
                Some((from, to)) => {
                    (q::bills_between(&mut tx, from, to).await?, q::read_between(&mut tx, from, to).await?)
                }
                // No row names a period: each says so, and nothing is compared.
                None => Default::default(),
            };
            let known = arrears::Known {
                customers: &connections,
                bills: &bills,
                read: &read,
                portal_from: db::tariffs::portal_billed(&mut tx).await?.map(|(first, _)| first),
                number_width: width,
                today,
            };
            let (mut row_faults, plan) = arrears::check(&table, &known);
            faults.append(&mut row_faults);
            report.count(&plan);
            if mode == Mode::Apply && faults.is_empty() {
                q::add_carried_over(&mut tx, &plan.add.iter().collect::<Vec<_>>()).await?;
            }
        }
    }
    let report = report.with_faults(faults);
    if mode == Mode::Apply && report.is_clean() {
        let (action, what) = match kind {
            ImportKind::Customers => (AuditAction::CustomersImported, String::new()),
            ImportKind::Readings => (
                AuditAction::ReadingsImported,
                format!(" for {}", report.period.map(|p| p.to_string()).unwrap_or_default()),
            ),
            ImportKind::Arrears => (AuditAction::ArrearsImported, String::new()),
        };
        let detail = format!(
            "{} rows{what}: {} added, {} changed, {} unchanged",
            report.rows, report.added, report.changed, report.unchanged
        );
        by.record(&mut tx, action, name, &detail).await?;
        tx.commit().await?;
        return Ok(ImportReport { applied: true, ..report });
    }
    Ok(report)
}

impl ImportReport {
    fn count<T>(&mut self, plan: &Plan<T>) {
        self.added = plan.add.len();
        self.changed = plan.change.len();
        self.unchanged = plan.unchanged;
    }

    fn with_faults(mut self, mut faults: Vec<crate::model::imports::Fault>) -> ImportReport {
        faults.sort_by_key(|f| f.line);
        self.fault_count = faults.len();
        faults.truncate(MAX_FAULTS_LISTED);
        self.faults = faults;
        self
    }
}
