//! The demo dataset: a deterministic generator (seeded, any size) modelled on Kabupaten Malang.
//! Every bill is computed by the billing domain with the same rules the server loads.
//!
//! Nine scripted accounts at Unit Dau (`02.01.000001` to `02.01.000009`) look the same for
//! every seed and size, so the README, the tests and a newcomer can rely on them.

pub mod files;
pub mod malang;
mod rng;

use app::domain::BillingRules;
use app::domain::{
    compute_bill, estimated_usage, BillBreakdown, Connection, DueDateRule, LateFeePolicy, LateTier, MeterReading,
    MeterReplacement, Money, Period,
};
use app::ssr::db::bulk::{self, Value as V};
use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};
use malang::{GroupSeed, GROUPS, OFFICES};
use rng::Rng;
use sqlx::{AnyConnection, AnyPool, Connection as _};

pub const HISTORY_MONTHS: i32 = 24;
/// Customers generated and written per transaction: bounds memory for any dataset size.
const CHUNK: usize = 2_000;

#[derive(Clone, Debug)]
pub struct DemoOptions {
    pub customers: u32,
    pub seed: u64,
    /// The day the data ends: its month is the latest billing period.
    pub as_of: NaiveDate,
}

#[derive(Debug, Default, PartialEq, Eq)]
pub struct DemoSummary {
    pub customers: u64,
    pub bills: u64,
    pub unpaid_bills: u64,
    pub payments: u64,
}

impl DemoSummary {
    fn count(&mut self, h: &History) {
        self.customers += 1;
        self.bills += h.months.len() as u64;
        self.unpaid_bills += h.unpaid() as u64;
        self.payments += h.payments.len() as u64;
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("the database already holds data; demo data goes only into an empty database")]
    NotEmpty,
    #[error(transparent)]
    Db(#[from] sqlx::Error),
    #[error("demo billing rules: {0}")]
    Rules(#[from] app::ssr::db::rules::RulesError),
    #[error("demo bill for {customer}: {source}")]
    Billing { customer: String, source: app::domain::BillingError },
    #[error("writing the demo's files: {0}")]
    Files(#[from] std::io::Error),
    /// The importer or a billing run refused what the generator made: the demo and the paths
    /// it exercises disagree, which is a bug to fix, never data to force in.
    #[error("the demo's {step} was refused: {why}")]
    Refused { step: String, why: String },
}

pub async fn is_empty(pool: &AnyPool) -> Result<bool, sqlx::Error> {
    let offices: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM unit_offices").fetch_one(pool).await?;
    Ok(offices == 0)
}

/// Fills an empty database with the demo, writing every row directly: fast at any size, for the
/// tests and the benchmarks' large datasets. `scripts/start.sh` makes its demo through the
/// utility's own paths instead (`files::generate`).
pub async fn generate(pool: &AnyPool, options: &DemoOptions) -> Result<DemoSummary, DemoError> {
    if !is_empty(pool).await? {
        return Err(DemoError::NotEmpty);
    }
    let mut conn = pool.acquire().await?;
    let areas = insert_reference_data(&mut conn).await?;
    drop(conn);
    // Bill with exactly what the server will read back.
    let rules = app::ssr::db::rules::load(pool).await?;
    let mut writer = Writer::default();
    let mut summary = DemoSummary::default();
    let mut histories = Histories::new(&rules, options, &areas);
    loop {
        let mut batch = Batch::default();
        for history in histories.by_ref().take(CHUNK) {
            let history = history?;
            summary.count(&history);
            batch.add(&history, &mut writer);
        }
        if batch.customers.is_empty() {
            break;
        }
        batch.write(pool).await?;
    }
    crate::db::sync_identities(pool).await?;
    Ok(summary)
}

/// Every customer's history in turn: the scripted accounts first, then random ones; the same
/// for a seed.
struct Histories<'a> {
    rules: &'a BillingRules,
    options: &'a DemoOptions,
    areas: &'a [Area],
    rng: Rng,
    sequences: Vec<u32>,
    index: usize,
}

impl<'a> Histories<'a> {
    fn new(rules: &'a BillingRules, options: &'a DemoOptions, areas: &'a [Area]) -> Self {
        let rng = Rng::new(options.seed);
        Histories { rules, options, areas, rng, sequences: vec![0; areas.len()], index: 0 }
    }
}

impl Iterator for Histories<'_> {
    type Item = Result<History, DemoError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.index >= self.options.customers as usize {
            return None;
        }
        let i = self.index;
        self.index += 1;
        let plan = if i < SHOWCASE.len() { showcase(i, self.areas) } else { random_plan(&mut self.rng, self.areas) };
        let area_index = self
            .areas
            .iter()
            .position(|a| a.office_code == plan.area.office_code && a.district == plan.area.district)
            .unwrap_or(0);
        self.sequences[area_index] += 1;
        let number =
            format!("{}{:02}{:06}", plan.area.office_code, plan.area.district_index, self.sequences[area_index]);
        Some(simulate(self.rules, self.options, plan, number))
    }
}

// ---------------------------------------------------------------------------------------------
// Reference data

#[derive(Clone, Debug)]
struct Area {
    office_id: i64,
    office_code: &'static str,
    district: &'static str,
    district_index: u32,
    villages: &'static [&'static str],
}

async fn insert_reference_data(conn: &mut AnyConnection) -> Result<Vec<Area>, sqlx::Error> {
    let mut tx = conn.begin().await?;
    let mut areas = Vec::new();
    for (i, office) in OFFICES.iter().enumerate() {
        let id = i as i64 + 1;
        sqlx::query(
            "INSERT INTO unit_offices (id, code, name, is_head_office, address, phone, opening_hours, sort_order)
             VALUES ($1, $2, $3, $4, $5, $6, '', $7)",
        )
        .bind(id)
        .bind(office.code)
        .bind(office.name)
        .bind(office.head_office as i64)
        .bind(office.address)
        .bind(office.phone)
        .bind(i as i64)
        .execute(&mut *tx)
        .await?;
        for (weekday, opens, closes) in malang::opening_hours(office) {
            sqlx::query("INSERT INTO office_hours (office_id, weekday, opens, closes) VALUES ($1, $2, $3, $4)")
                .bind(id)
                .bind(i64::from(weekday))
                .bind(opens)
                .bind(closes)
                .execute(&mut *tx)
                .await?;
        }
        for (d, (district, villages)) in office.areas.iter().enumerate() {
            for village in villages.iter() {
                sqlx::query("INSERT INTO service_areas (office_id, district, village) VALUES ($1, $2, $3)")
                    .bind(id)
                    .bind(*district)
                    .bind(*village)
                    .execute(&mut *tx)
                    .await?;
            }
            areas.push(Area {
                office_id: id,
                office_code: office.code,
                district,
                district_index: d as u32 + 1,
                villages,
            });
        }
    }
    let mut tariff_id = 0i64;
    for (order, group) in GROUPS.iter().enumerate() {
        sqlx::query("INSERT INTO customer_groups (code, name, description, name_en, description_en, sort_order) VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(group.code)
            .bind(group.name)
            .bind(group.description)
            .bind(group.name_en)
            .bind(group.description_en)
            .bind(order as i64)
            .execute(&mut *tx)
            .await?;
        let mut versions = vec![("2021-06", group.prices_2021, (malang::DECREE_2021, malang::DECREE_2021_EN))];
        if let Some(prices) = group.prices_2022 {
            versions.push(("2022-06", prices, (malang::DECREE_2022, malang::DECREE_2022_EN)));
        }
        for (from, prices, decree) in versions {
            tariff_id += 1;
            insert_tariff(&mut tx, tariff_id, group, from, prices, decree).await?;
        }
    }
    let policy = LateFeePolicy::TiersByMonthsLate {
        tiers: vec![
            LateTier { from_months: 1, fee: Money::rupiah(10_000) },
            LateTier { from_months: 3, fee: Money::rupiah(15_000) },
        ],
    };
    let due = DueDateRule { due_day: 20, skip_sundays: true, holidays: Vec::new() };
    for (key, value) in [
        (app::ssr::db::rules::LATE_FEE_POLICY, serde_json::to_string(&policy).expect("policy serialises")),
        (app::ssr::db::rules::DUE_DATE_RULE, serde_json::to_string(&due).expect("rule serialises")),
        // The demo's numbers are ten digits (`01.02.003456`).
        (app::ssr::db::rules::CUSTOMER_NUMBER_DIGITS, "10".to_string()),
    ] {
        sqlx::query("INSERT INTO settings (key, value) VALUES ($1, $2)")
            .bind(key)
            .bind(value)
            .execute(&mut *tx)
            .await?;
    }
    for (order, (id, name, channel, code)) in malang::BANKS.iter().enumerate() {
        sqlx::query("INSERT INTO partners (id, name, channel, biller_code, sort_order) VALUES ($1, $2, $3, $4, $5)")
            .bind(*id)
            .bind(*name)
            .bind(*channel)
            .bind(format!("{code:>8}"))
            .bind(order as i64)
            .execute(&mut *tx)
            .await?;
    }
    for (day, name) in malang::HOLIDAYS {
        sqlx::query("INSERT INTO holidays (day, name) VALUES ($1, $2)")
            .bind(*day)
            .bind(*name)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(areas)
}

async fn insert_tariff(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    id: i64,
    group: &GroupSeed,
    from: &str,
    prices: [i64; 4],
    (decree, decree_en): (&str, &str),
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO tariffs (id, group_code, effective_from, minimum_usage_m3, decree, decree_en) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(id)
        .bind(group.code)
        .bind(from)
        .bind(group.minimum_m3 as i64)
        .bind(decree)
        .bind(decree_en)
        .execute(&mut **tx)
        .await?;
    // A flat price is one open block.
    let flat = prices.iter().all(|p| *p == prices[0]);
    let blocks: Vec<(Option<u32>, i64)> =
        if flat { vec![(None, prices[0])] } else { malang::BLOCK_BOUNDS.iter().copied().zip(prices).collect() };
    for (position, (upto, price)) in blocks.into_iter().enumerate() {
        sqlx::query("INSERT INTO tariff_blocks (tariff_id, position, upto_m3, price_per_m3) VALUES ($1, $2, $3, $4)")
            .bind(id)
            .bind(position as i64)
            .bind(upto.map(i64::from))
            .bind(price)
            .execute(&mut **tx)
            .await?;
    }
    let mut charges: Vec<((&str, &str), Option<&str>, i64)> = malang::METER_CHARGES
        .iter()
        .map(|(size, amount)| (("Beban tetap", "Fixed meter charge"), Some(*size), *amount))
        .collect();
    charges.push((("Pemeliharaan meter", "Meter maintenance"), None, malang::MAINTENANCE_FEE));
    charges.push((("Biaya administrasi", "Administration fee"), None, malang::ADMINISTRATION_FEE));
    for (position, ((label, label_en), size, amount)) in charges.into_iter().enumerate() {
        sqlx::query("INSERT INTO tariff_fixed_charges (tariff_id, position, label, label_en, meter_size, amount) VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(id)
            .bind(position as i64)
            .bind(label)
            .bind(label_en)
            .bind(size)
            .bind(amount)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Customers and their histories

#[derive(Clone, Copy, Debug, PartialEq)]
enum Payer {
    /// Pays every bill before its due date.
    OnTime,
    /// Now and then pays a few weeks late (and pays the late fee).
    SometimesLate,
    /// Lets two or three bills pile up, then pays them together.
    Chronic,
    /// Has not paid the last `n` bills.
    Arrears(u32),
}

#[derive(Clone, Debug)]
struct Plan {
    name: String,
    area: Area,
    village: &'static str,
    address: String,
    group: &'static GroupSeed,
    phone: Option<String>,
    base_m3: f64,
    payer: Payer,
    estimate_rate: f64,
    /// Months before the latest with a forced estimate (0 = latest).
    forced_estimate: Option<u32>,
    /// Months before the latest in which the meter was replaced.
    replacement: Option<u32>,
    /// The latest month's usage is this many times normal (a leak after the meter).
    leak_factor: Option<f64>,
    seed: u64,
    showcase: bool,
}

/// (name, village, group, base usage, payer, forced estimate, replacement, leak)
type Script = (&'static str, &'static str, &'static str, f64, Payer, Option<u32>, Option<u32>, Option<f64>);

const SHOWCASE: &[Script] = &[
    ("Siti Hartini", "Sumbersekar", "RT-A", 17.0, Payer::OnTime, None, None, None),
    ("Budi Santoso", "Sumbersekar", "RT-A", 21.0, Payer::Arrears(1), None, None, None),
    ("Sri Wahyuni", "Landungsari", "RT-B", 24.0, Payer::Arrears(2), None, None, None),
    ("Slamet Widodo", "Mulyoagung", "NK", 30.0, Payer::Arrears(4), None, None, None),
    ("Dewi Lestari", "Kalisongo", "RT-A", 15.0, Payer::Arrears(1), None, None, Some(3.6)),
    ("Eko Prasetyo", "Tegalweru", "RT-A", 19.0, Payer::Arrears(2), Some(0), Some(1), None),
    ("Nur Hidayat", "Selorejo", "RT-A1", 6.0, Payer::Arrears(1), None, None, None),
    // Kept for trying payments: paying them changes no account the other examples show.
    ("Agus Setiawan", "Karangwidoro", "RT-A", 18.0, Payer::Arrears(1), None, None, None),
    ("Rina Kusuma", "Gadingkulon", "RT-B", 22.0, Payer::Arrears(2), None, None, None),
];

fn group(code: &str) -> &'static GroupSeed {
    GROUPS.iter().find(|g| g.code == code).expect("showcase groups exist")
}

fn showcase(i: usize, areas: &[Area]) -> Plan {
    let (name, village, group_code, base_m3, payer, forced_estimate, replacement, leak_factor) = SHOWCASE[i];
    let area = areas.iter().find(|a| a.office_code == "02").expect("Unit Dau exists").clone();
    Plan {
        name: name.to_string(),
        area,
        village,
        address: format!("Jl. Raya {village} No. {}", 10 + i * 7),
        group: group(group_code),
        phone: Some(format!("08123456{:04}", i + 1)),
        base_m3,
        payer,
        estimate_rate: 0.0,
        forced_estimate,
        replacement,
        leak_factor,
        seed: 1_000 + i as u64,
        showcase: true,
    }
}

fn random_plan(rng: &mut Rng, areas: &[Area]) -> Plan {
    let area = rng.pick(areas).clone();
    let village = *rng.pick(area.villages);
    let mut roll = rng.below(1000) as u32;
    let group = GROUPS
        .iter()
        .find(|g| {
            if roll < g.per_mille {
                true
            } else {
                roll -= g.per_mille;
                false
            }
        })
        .unwrap_or(&GROUPS[2]);
    let name = format!("{} {}", rng.pick(malang::FIRST_NAMES), rng.pick(malang::LAST_NAMES));
    let address = format!(
        "{} {} No. {}, RT {:02}/RW {:02}",
        rng.pick(malang::STREETS),
        village,
        rng.between(1, 150),
        rng.between(1, 12),
        rng.between(1, 6)
    );
    let (lo, hi) = group.usage;
    let payer = match rng.below(100) {
        0..=64 => Payer::OnTime,
        65..=84 => Payer::SometimesLate,
        85..=91 => Payer::Chronic,
        _ => Payer::Arrears(rng.between(1, 4)),
    };
    Plan {
        name,
        area,
        village,
        address,
        group,
        phone: rng.chance(0.8).then(|| format!("08{}{:08}", rng.between(11, 99), rng.below(100_000_000))),
        base_m3: lo as f64 + rng.unit() * (hi - lo) as f64,
        payer,
        estimate_rate: 0.02,
        forced_estimate: None,
        replacement: None,
        leak_factor: rng.chance(0.01).then(|| 2.5 + rng.unit() * 2.0),
        seed: rng.next_u64(),
        showcase: false,
    }
}

/// A month's share of the year's usage: more in the dry season (July to October).
fn season(p: Period) -> f64 {
    match p.month() {
        7..=10 => 1.12,
        12 | 1..=3 => 0.92,
        _ => 1.0,
    }
}

/// One customer's generated history: who they are, each month's reading and the bill the
/// billing domain makes of it, and the payments that settled them.
struct History {
    number: String,
    plan: Plan,
    connected_on: NaiveDate,
    months: Vec<Month>,
    payments: Vec<Paid>,
}

struct Month {
    reading: MeterReading,
    bill: BillBreakdown,
    due: NaiveDate,
}

/// A payment: when (UTC), through which channel, and the months it settled with their late fees.
struct Paid {
    at_utc: NaiveDateTime,
    channel: &'static str,
    covered: Vec<(usize, Money)>,
    total: Money,
}

impl History {
    fn unpaid(&self) -> usize {
        self.months.len() - self.payments.iter().map(|p| p.covered.len()).sum::<usize>()
    }
}

fn simulate(rules: &BillingRules, options: &DemoOptions, plan: Plan, number: String) -> Result<History, DemoError> {
    let mut rng = Rng::new(plan.seed);
    let latest = Period::of(options.as_of);
    let first = latest.plus_months(1 - HISTORY_MONTHS);
    let connected_on = first
        .prev()
        .day(rng.between(1, 28))
        .checked_sub_signed(Duration::days(rng.below(3_000) as i64))
        .unwrap_or(options.as_of);
    let connection = Connection { group: plan.group.code, meter_size: plan.group.meter_size };
    let mut meter = 1_000 + rng.below(4_000) as i64; // what the meter really shows
    let mut stand = meter; // what was last recorded on a bill
    let mut actual_history: Vec<u32> = Vec::new();
    let mut months = Vec::new();
    for k in 0..HISTORY_MONTHS {
        let period = first.plus_months(k);
        let months_before_latest = (HISTORY_MONTHS - 1 - k) as u32;
        let mut used = (plan.base_m3 * season(period) * (0.8 + rng.unit() * 0.4)).round().max(0.0) as i64;
        if months_before_latest == 0 {
            if let Some(factor) = plan.leak_factor {
                used = (plan.base_m3 * factor).round() as i64;
            }
        }
        let read_on = period.prev().day(rng.between(24, 28));
        let estimated = plan.forced_estimate == Some(months_before_latest) || (k > 3 && rng.chance(plan.estimate_rate));
        let stand_awal = stand;
        let (stand_akhir, replacement) = if plan.replacement == Some(months_before_latest) {
            // The old meter is taken out part-way through the month; the new one starts at 0.
            let before_swap = used * 2 / 5;
            let stand_angkat = meter + before_swap;
            meter = used - before_swap;
            (meter, Some(MeterReplacement { stand_angkat, stand_pasang: 0 }))
        } else if estimated {
            meter += used;
            (stand_awal + estimated_usage(&actual_history, 3) as i64, None)
        } else {
            meter += used;
            // A real reading after an estimate corrects it; an over-estimate leaves usage at 0.
            (meter.max(stand_awal), None)
        };
        stand = stand_akhir;
        let reading = MeterReading { period, read_on, stand_awal, stand_akhir, replacement, estimated };
        let bill = compute_bill(&rules.tariffs, &connection, &reading)
            .map_err(|source| DemoError::Billing { customer: number.clone(), source })?;
        if !estimated {
            actual_history.push(bill.usage_m3);
        }
        months.push(Month { reading, bill, due: rules.due.due_date(period) });
    }
    let payments = pay(rules, options, &plan, &mut rng, &months);
    Ok(History { number, plan, connected_on, months, payments })
}

/// Decides when each bill was paid, oldest first: a payment settles every bill issued by then.
fn pay(rules: &BillingRules, options: &DemoOptions, plan: &Plan, rng: &mut Rng, months: &[Month]) -> Vec<Paid> {
    let unpaid_tail = match plan.payer {
        Payer::Arrears(n) => n as usize,
        _ => 0,
    };
    let payable = months.len().saturating_sub(unpaid_tail);
    let mut payments = Vec::new();
    let mut i = 0;
    while i < payable {
        let bill = &months[i];
        let period = bill.reading.period;
        let on_time = |rng: &mut Rng| {
            let window = (bill.due - period.first_day()).num_days().max(0) as u64;
            period.first_day() + Duration::days(rng.below(window + 1) as i64)
        };
        let mut paid_on = match plan.payer {
            Payer::OnTime | Payer::Arrears(_) => on_time(rng),
            Payer::SometimesLate if rng.chance(0.25) => bill.due + Duration::days(rng.between(1, 35) as i64),
            Payer::SometimesLate => on_time(rng),
            Payer::Chronic => bill.due + Duration::days(rng.between(25, 70) as i64),
        };
        if plan.showcase && period == Period::of(options.as_of) {
            // Showcase accounts that pay have paid this month's bill by the time anyone looks.
            paid_on = period.first_day().max(options.as_of.min(period.day(3)));
        }
        if paid_on > options.as_of {
            break; // not paid yet, and nothing after it either
        }
        let mut count = 1;
        while i + count < payable && months[i + count].reading.period.first_day() <= paid_on {
            count += 1;
        }
        let covered: Vec<(usize, Money)> = (i..i + count)
            .map(|j| {
                let b = &months[j];
                let late_fee = rules
                    .late_fee
                    .for_due(b.due)
                    .fee(plan.group.code, b.bill.amount, b.due, paid_on)
                    .expect("demo groups have late fees");
                (j, late_fee)
            })
            .collect();
        let total = covered.iter().map(|(j, fee)| months[*j].bill.amount + *fee).sum();
        let channel = match rng.below(100) {
            0..=24 => "counter",
            25..=64 => "payment_point",
            65..=74 => "qris",
            75..=80 => "va_bri",
            81..=85 => "va_bni",
            86..=90 => "va_mandiri",
            91..=95 => "va_bca",
            _ => "va_jatim",
        };
        // Counters take money in office hours; the other channels around the clock's waking hours.
        let hours = if channel == "counter" { (8, 14) } else { (6, 21) };
        let time = NaiveTime::from_hms_opt(rng.between(hours.0, hours.1), rng.between(0, 59), rng.between(0, 59))
            .expect("valid time");
        payments.push(Paid { at_utc: paid_on.and_time(time) - Duration::hours(7), channel, covered, total });
        i += count;
    }
    payments
}

/// A payment row (`payments`' columns as `Batch::write` and the import path write them).
fn payment_row(id: i64, customer_id: i64, paid: &Paid) -> Vec<V> {
    let whole = |m: Money| m.whole_rupiah().expect("demo amounts are whole rupiah");
    vec![
        V::Int(id),
        V::Text(format!("TRT-{}-{:07}", (paid.at_utc + Duration::hours(7)).format("%y%m%d"), id)),
        V::Int(customer_id),
        V::Text(paid.channel.to_string()),
        V::Text(paid.at_utc.format("%Y-%m-%dT%H:%M:%SZ").to_string()),
        V::Int(whole(paid.total)),
        V::Text(receipt_token(id)),
    ]
}

/// A payment's receipt token: unguessable like the ledger's, without drawing from the generator's
/// seeded sequence (the data stays the same for a seed). A key made once per process, hashed with
/// the payment id: one hash per payment, where millions of payments are made at once.
fn receipt_token(payment_id: i64) -> String {
    use sha2::{Digest, Sha256};
    static KEY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let key = KEY.get_or_init(|| app::ssr::random::random_hex(32));
    let digest = Sha256::new().chain_update(key.as_bytes()).chain_update(payment_id.to_le_bytes()).finalize();
    digest[..16].iter().map(|b| format!("{b:02X}")).collect()
}

// ---------------------------------------------------------------------------------------------
// Writing

/// Hands out row ids: the generator fills an empty database, so ids can be assigned up front.
#[derive(Default)]
struct Writer {
    customers: i64,
    readings: i64,
    bills: i64,
    payments: i64,
}

impl Writer {
    fn next_customer(&mut self) -> i64 {
        self.customers += 1;
        self.customers
    }
    fn next_reading(&mut self) -> i64 {
        self.readings += 1;
        self.readings
    }
    fn next_bill(&mut self) -> i64 {
        self.bills += 1;
        self.bills
    }
    fn next_payment(&mut self) -> i64 {
        self.payments += 1;
        self.payments
    }
}

#[derive(Clone, Debug, Default)]
struct Batch {
    customers: Vec<Vec<V>>,
    readings: Vec<Vec<V>>,
    bills: Vec<Vec<V>>,
    payments: Vec<Vec<V>>,
}

impl Batch {
    /// Rows for a customer's whole history, with ids handed out by `writer`.
    fn add(&mut self, h: &History, writer: &mut Writer) {
        let plan = &h.plan;
        let customer_id = writer.next_customer();
        self.customers.push(vec![
            V::Int(customer_id),
            V::Text(h.number.clone()),
            V::Text(plan.name.clone()),
            V::Text(plan.address.clone()),
            V::Text(plan.village.to_string()),
            V::Text(plan.area.district.to_string()),
            V::Text(plan.group.code.to_string()),
            V::Text(plan.group.meter_size.to_string()),
            V::Int(plan.area.office_id),
            plan.phone.clone().map(V::Text).unwrap_or(V::NullText),
            V::Text(h.connected_on.to_string()),
        ]);
        let whole = |m: Money| m.whole_rupiah().expect("demo tariffs are whole rupiah");
        let first_row = self.bills.len();
        for m in &h.months {
            let (r, bill) = (&m.reading, &m.bill);
            let reading_id = writer.next_reading();
            self.readings.push(vec![
                V::Int(reading_id),
                V::Int(customer_id),
                V::Text(r.period.to_string()),
                V::Text(r.read_on.to_string()),
                V::Int(r.stand_awal),
                V::Int(r.stand_akhir),
                r.replacement.map(|x| V::Int(x.stand_angkat)).unwrap_or(V::NullInt),
                r.replacement.map(|x| V::Int(x.stand_pasang)).unwrap_or(V::NullInt),
                V::Int(r.estimated as i64),
            ]);
            self.bills.push(vec![
                V::Int(writer.next_bill()),
                V::Int(customer_id),
                V::Text(r.period.to_string()),
                V::Int(reading_id),
                V::Text(plan.group.code.to_string()),
                V::Text(plan.group.meter_size.to_string()),
                V::Int(bill.usage_m3 as i64),
                V::Int(bill.billed_m3 as i64),
                V::Int(whole(bill.water_charge)),
                V::Int(whole(bill.amount - bill.water_charge)),
                V::Int(whole(bill.amount)),
                V::Text(m.due.to_string()),
                V::NullInt, // payment_id
                V::NullInt, // late_fee
            ]);
        }
        for paid in &h.payments {
            let payment_id = writer.next_payment();
            self.payments.push(payment_row(payment_id, customer_id, paid));
            for (month, late_fee) in &paid.covered {
                let row = &mut self.bills[first_row + month];
                row[12] = V::Int(payment_id);
                row[13] = V::Int(whole(*late_fee));
            }
        }
    }

    async fn write(self, pool: &AnyPool) -> Result<(), sqlx::Error> {
        let mut conn = pool.acquire().await?;
        let mut tx = conn.begin().await?;
        bulk::insert(
            &mut tx,
            "customers (id, number, name, address, village, district, group_code, meter_size, office_id, phone, connected_on)",
            &self.customers,
        )
        .await?;
        bulk::insert(
            &mut tx,
            "meter_readings (id, customer_id, period, read_on, stand_awal, stand_akhir, stand_angkat, stand_pasang, estimated)",
            &self.readings,
        )
        .await?;
        bulk::insert(
            &mut tx,
            "payments (id, receipt_number, customer_id, channel, paid_at, amount, verify_token)",
            &self.payments,
        )
        .await?;
        bulk::insert(
            &mut tx,
            "bills (id, customer_id, period, reading_id, group_code, meter_size, usage_m3, billed_m3, water_charge, fixed_charges, amount, due_date, payment_id, late_fee)",
            &self.bills,
        )
        .await?;
        tx.commit().await
    }
}
