//! Imports of a utility's own files: every faulty row found by line before anything is
//! written, a clean file applied once, the same file a second time changing nothing.

use crate::common;

use app::model::imports::{ImportKind, ImportReport, Reason};
use app::ssr::db::audit::By;
use app::ssr::imports::{import, Mode};
use chrono::NaiveDate;
use server::demo::{generate, DemoOptions};
use sqlx::AnyPool;

const AS_OF: &str = "2026-11-26";

/// A demo database of 12 customers, billed up to November 2026.
async fn demo_db() -> (AnyPool, common::TestDb) {
    let db = common::TestDb::create().await;
    let pool = server::db::connect(&db.url, 2).await.unwrap();
    server::db::migrate(&pool).await.unwrap();
    generate(&pool, &DemoOptions { customers: 12, seed: 7, as_of: AS_OF.parse().unwrap() }).await.unwrap();
    (pool, db)
}

fn today() -> NaiveDate {
    "2026-11-28".parse().unwrap()
}

const BY: By<'static> = By { actor: None, name: "test", ip: None };

async fn run(pool: &AnyPool, kind: ImportKind, file: &str, mode: Mode) -> ImportReport {
    import(pool, &BY, kind, "file.csv", file.as_bytes(), mode, today()).await.unwrap()
}

/// (line, column, reason) of each fault, for comparing.
fn faults(report: &ImportReport) -> Vec<(usize, Option<&str>, &Reason)> {
    report.faults.iter().map(|f| (f.line, f.column.as_deref(), &f.reason)).collect()
}

/// Everything an import may touch, to show that a faulty file changed none of it.
async fn snapshot(pool: &AnyPool) -> (i64, i64, i64, String) {
    let (customers, readings, audit): (i64, i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM customers), (SELECT COUNT(*) FROM meter_readings), (SELECT COUNT(*) FROM audit_log)",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    let rows: Vec<(String, String, String, String, Option<String>)> =
        sqlx::query_as("SELECT number, name, group_code, status, phone FROM customers ORDER BY number")
            .fetch_all(pool)
            .await
            .unwrap();
    (customers, readings, audit, format!("{rows:?}"))
}

async fn first_number(pool: &AnyPool) -> String {
    sqlx::query_scalar("SELECT number FROM customers ORDER BY number").fetch_one(pool).await.unwrap()
}

const CUSTOMERS_HEADER: &str =
    "nomor_pelanggan;nama;alamat;desa;kecamatan;kode_golongan;ukuran_meter;kode_kantor;telepon;tanggal_pasang;status";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_customers_file_with_faults_names_each_by_line_and_writes_nothing() {
    let (pool, _db) = demo_db().await;
    let before = snapshot(&pool).await;
    let file = format!(
        "\u{feff}{CUSTOMERS_HEADER}\n\
         0088000001;Siti Aminah;Jl. Melati 3;Kepanjen;Kepanjen;RT-A;1/2;01;081234567890;2020-01-15;aktif\n\
         0088000002;Budi;Jl. Mawar 1;Kepanjen;Kepanjen;RT-Z;1/2;01;;2020-01-15;aktif\n\
         0088000003;Ani;Jl. Mawar 2;Kepanjen;Kepanjen;RT-A;1/2;99;;2020-01-15;aktif\n\
         0088000001;Siti Lagi;Jl. Melati 3;Kepanjen;Kepanjen;RT-A;1/2;01;;2020-01-15;aktif\n\
         09.00.00;Dewi;Jl. Kenanga;Kepanjen;Kepanjen;RT-A;1/2;01;;2020-01-15;aktif\n\
         0088000005;;Jl. Kenanga;Kepanjen;Kepanjen;RT-A;1/2;01;;2020-01-15;hidup\n\
         0088000006;Eko;Jl. Kenanga;Kepanjen;Kepanjen;RT-A;7/8;01;12;15-01-2020;aktif\n\
         0088000007;Fajar;Jl. Kenanga;Kepanjen;Kepanjen;RT-A;1/2;01;;2030-01-01;segel\n"
    );
    let report = run(&pool, ImportKind::Customers, &file, Mode::Apply).await;
    assert!(!report.applied);
    assert_eq!(report.rows, 8);
    assert_eq!(
        faults(&report),
        vec![
            (3, Some("kode_golongan"), &Reason::UnknownGroup("RT-Z".into())),
            (4, Some("kode_kantor"), &Reason::UnknownOffice("99".into())),
            (5, Some("nomor_pelanggan"), &Reason::DuplicateInFile { first_line: 2 }),
            (6, Some("nomor_pelanggan"), &Reason::CustomerNumber(app::domain::CustomerNumberError::WrongLength(6))),
            (7, Some("nama"), &Reason::Required),
            (7, Some("status"), &Reason::UnknownStatus("hidup".into())),
            (8, Some("ukuran_meter"), &Reason::MeterSizeNotPriced { group: "RT-A".into(), size: "7/8".into() }),
            (8, Some("telepon"), &Reason::BadPhone),
            (8, Some("tanggal_pasang"), &Reason::NotADate("15-01-2020".into())),
            (9, Some("tanggal_pasang"), &Reason::FutureDate),
        ]
    );
    assert_eq!(snapshot(&pool).await, before, "a faulty file writes nothing");
    // The header itself: a misspelt column and a missing one, on line 1.
    let report = run(&pool, ImportKind::Customers, "nomor_pelangan,nama\n1,2\n", Mode::Apply).await;
    assert!(report.faults.iter().all(|f| f.line == 1));
    assert!(faults(&report).contains(&(1, Some("nomor_pelangan"), &Reason::UnknownColumn)));
    assert!(faults(&report).contains(&(1, Some("kode_kantor"), &Reason::MissingColumn)));
    // Not a table at all.
    let report =
        import(&pool, &BY, ImportKind::Customers, "x.xlsx", b"PK\x03\x04garbage", Mode::Apply, today()).await.unwrap();
    assert!(matches!(report.faults[0].reason, Reason::Unreadable(_)), "{report:?}");
    assert_eq!(snapshot(&pool).await, before);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_clean_customers_file_applies_once_and_updates_keep_billed_groups() {
    let (pool, _db) = demo_db().await;
    let existing = first_number(&pool).await;
    let billed_groups: Vec<String> = sqlx::query_scalar(
        "SELECT b.group_code FROM bills b JOIN customers c ON c.id = b.customer_id WHERE c.number = $1",
    )
    .bind(&existing)
    .fetch_all(&pool)
    .await
    .unwrap();
    // Commas this time, columns in another order, an existing customer moved to a commercial
    // group and sealed.
    let file = format!(
        "status,nomor_pelanggan,nama,alamat,desa,kecamatan,kode_golongan,ukuran_meter,kode_kantor,telepon,tanggal_pasang\n\
         aktif,0088000001,Siti Aminah,\"Jl. Melati 3, RT 02\",Kepanjen,Kepanjen,RT-A,1/2,01,0812 3456 7890,2020-01-15\n\
         segel,{existing},Toko Sumber Rejeki,Jl. Raya 1,Kepanjen,Kepanjen,NK,3/4,01,,2019-05-02\n"
    );
    let dry = run(&pool, ImportKind::Customers, &file, Mode::Check).await;
    assert!(dry.is_clean() && !dry.applied, "{dry:?}");
    assert_eq!((dry.added, dry.changed, dry.unchanged), (1, 1, 0));
    let before = snapshot(&pool).await;
    assert_eq!(before.0, 12, "a dry run writes nothing");

    let applied = run(&pool, ImportKind::Customers, &file, Mode::Apply).await;
    assert!(applied.applied, "{applied:?}");
    assert_eq!((applied.added, applied.changed, applied.unchanged), (1, 1, 0));
    let (name, address, group, status, phone): (String, String, String, String, Option<String>) =
        sqlx::query_as("SELECT name, address, group_code, status, phone FROM customers WHERE number = '0088000001'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(
        (name.as_str(), address.as_str(), group.as_str(), status.as_str(), phone.as_deref()),
        ("Siti Aminah", "Jl. Melati 3, RT 02", "RT-A", "active", Some("081234567890"))
    );
    let (group, status): (String, String) =
        sqlx::query_as("SELECT group_code, status FROM customers WHERE number = $1")
            .bind(&existing)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!((group.as_str(), status.as_str()), ("NK", "sealed"));
    let still: Vec<String> = sqlx::query_scalar(
        "SELECT b.group_code FROM bills b JOIN customers c ON c.id = b.customer_id WHERE c.number = $1",
    )
    .bind(&existing)
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(still, billed_groups, "bills already made keep the group they were made with");
    let audit: Vec<(String, String, String)> =
        sqlx::query_as("SELECT action, subject, detail FROM audit_log WHERE action = 'customers_imported'")
            .fetch_all(&pool)
            .await
            .unwrap();
    assert_eq!(
        audit,
        vec![("customers_imported".into(), "file.csv".into(), "2 rows: 1 added, 1 changed, 0 unchanged".into())]
    );

    let after = snapshot(&pool).await;
    let again = run(&pool, ImportKind::Customers, &file, Mode::Apply).await;
    assert!(again.applied);
    assert_eq!((again.added, again.changed, again.unchanged), (0, 0, 2));
    let twice = snapshot(&pool).await;
    assert_eq!((twice.0, twice.1, &twice.3), (after.0, after.1, &after.3), "the second time changes nothing");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_readings_file_is_checked_against_customers_bills_and_usage() {
    let (pool, _db) = demo_db().await;
    let numbers: Vec<String> =
        sqlx::query_scalar("SELECT number FROM customers ORDER BY number LIMIT 5").fetch_all(&pool).await.unwrap();
    let [a, b, c, d, e] = &numbers[..] else { panic!("five customers") };
    let before = snapshot(&pool).await;
    let file = format!(
        "nomor_pelanggan;periode;tanggal_baca;stand_awal;stand_akhir;stand_angkat;stand_pasang;taksiran;catatan\n\
         {a};2026-12;2026-11-25;100;120;;;0;\n\
         0088999999;2026-12;2026-11-25;100;120;;;0;\n\
         {b};2026-12;2026-11-25;500;480;;;0;\n\
         {a};2026-12;2026-11-25;100;121;;;0;\n\
         {c};2027-01;2026-11-25;100;120;;;0;\n\
         {d};2026-12;2026-11-25;100;120;130;;0;\n\
         {e};2026-12;2026-12-02;100;120;;;1;pagar terkunci\n"
    );
    let report = run(&pool, ImportKind::Readings, &file, Mode::Apply).await;
    assert_eq!(report.period, "2026-12".parse().ok());
    assert_eq!(
        faults(&report),
        vec![
            (3, Some("nomor_pelanggan"), &Reason::UnknownCustomer),
            (4, Some("stand_akhir"), &Reason::NegativeUsage { from: 500, to: 480 }),
            (5, Some("nomor_pelanggan"), &Reason::DuplicateInFile { first_line: 2 }),
            (6, Some("periode"), &Reason::OtherPeriod { file: "2026-12".parse().unwrap() }),
            (7, Some("stand_pasang"), &Reason::HalfAReplacement),
            (8, Some("tanggal_baca"), &Reason::FutureDate),
        ]
    );
    assert_eq!(snapshot(&pool).await, before, "a faulty file writes nothing");

    // November is billed already.
    let billed = format!("nomor_pelanggan,periode,tanggal_baca,stand_awal,stand_akhir\n{a},2026-11,2026-10-26,1,2\n");
    let report = run(&pool, ImportKind::Readings, &billed, Mode::Apply).await;
    assert_eq!(faults(&report), vec![(2, Some("periode"), &Reason::AlreadyBilled)]);
    assert_eq!(snapshot(&pool).await, before);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_clean_readings_file_applies_once_and_a_correction_replaces_an_unbilled_reading() {
    let (pool, _db) = demo_db().await;
    let numbers: Vec<String> =
        sqlx::query_scalar("SELECT number FROM customers ORDER BY number LIMIT 2").fetch_all(&pool).await.unwrap();
    let file = |b_akhir: i64| {
        format!(
            "nomor_pelanggan;periode;tanggal_baca;stand_awal;stand_akhir;stand_angkat;stand_pasang;taksiran;catatan\n\
             {};2026-12;2026-11-25;100;120;;;;\n\
             {};2026-12;2026-11-26;900;{b_akhir};950;0;1;meter diganti, lama buram\n",
            numbers[0], numbers[1]
        )
    };
    let applied = run(&pool, ImportKind::Readings, &file(8), Mode::Apply).await;
    assert!(applied.applied, "{applied:?}");
    assert_eq!((applied.added, applied.changed, applied.unchanged), (2, 0, 0));
    let stored: (i64, i64, Option<i64>, Option<i64>, i64, Option<String>) = sqlx::query_as(
        "SELECT r.stand_awal, r.stand_akhir, r.stand_angkat, r.stand_pasang, r.estimated, r.note
         FROM meter_readings r JOIN customers c ON c.id = r.customer_id WHERE c.number = $1 AND r.period = '2026-12'",
    )
    .bind(&numbers[1])
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(stored, (900, 8, Some(950), Some(0), 1, Some("meter diganti, lama buram".into())));

    let again = run(&pool, ImportKind::Readings, &file(8), Mode::Apply).await;
    assert_eq!((again.added, again.changed, again.unchanged), (0, 0, 2));
    // Before billing, a corrected file replaces the reading.
    let corrected = run(&pool, ImportKind::Readings, &file(9), Mode::Apply).await;
    assert_eq!((corrected.added, corrected.changed, corrected.unchanged), (0, 1, 1));
    let audit: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'readings_imported'")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(audit, 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_spreadsheet_with_typed_cells_is_read_as_its_keeper_meant() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let (pool, _db) = demo_db().await;
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    for (col, name) in ImportKind::Customers.columns().iter().enumerate() {
        sheet.write_string(0, col as u16, *name).unwrap();
    }
    let row = |sheet: &mut rust_xlsxwriter::Worksheet, r: u32, number: f64, size_as_date: bool| {
        sheet.write_number(r, 0, number).unwrap();
        for (col, text) in
            [(1, "Rina"), (2, "Jl. Apel 4"), (3, "Kepanjen"), (4, "Kepanjen"), (5, "RT-A"), (7, "01"), (10, "aktif")]
        {
            sheet.write_string(r, col, text).unwrap();
        }
        if size_as_date {
            // What Excel does to a typed 1/2.
            sheet.write_datetime_with_format(r, 6, ExcelDateTime::from_ymd(2026, 1, 2).unwrap(), &date).unwrap();
        } else {
            sheet.write_string(r, 6, "1/2").unwrap();
        }
        sheet.write_number(r, 8, 81_234_567_890.0).unwrap();
        sheet.write_datetime_with_format(r, 9, ExcelDateTime::from_ymd(2021, 3, 4).unwrap(), &date).unwrap();
    };
    row(sheet, 1, 88_000_011.0, false);
    row(sheet, 2, 88_000_012.0, true);
    let bytes = workbook.save_to_buffer().unwrap();
    let report =
        import(&pool, &BY, ImportKind::Customers, "pelanggan.xlsx", &bytes, Mode::Apply, today()).await.unwrap();
    assert_eq!(faults(&report), vec![(3, Some("ukuran_meter"), &Reason::BecameADate)]);

    sheet_fixed_and_applied(&pool).await;

    async fn sheet_fixed_and_applied(pool: &AnyPool) {
        let mut workbook = Workbook::new();
        let sheet = workbook.add_worksheet();
        for (col, name) in ImportKind::Customers.columns().iter().enumerate() {
            sheet.write_string(0, col as u16, *name).unwrap();
        }
        sheet.write_number(1, 0, 88_000_011.0).unwrap();
        for (col, text) in [
            (1, "Rina"),
            (2, "Jl. Apel 4"),
            (3, "Kepanjen"),
            (4, "Kepanjen"),
            (5, "RT-A"),
            (6, "1/2"),
            (7, "01"),
            (10, "aktif"),
        ] {
            sheet.write_string(1, col, text).unwrap();
        }
        sheet.write_number(1, 8, 81_234_567_890.0).unwrap();
        // A date typed as a plain day number.
        sheet.write_number(1, 9, 44_259.0).unwrap();
        let bytes = workbook.save_to_buffer().unwrap();
        let report =
            import(pool, &BY, ImportKind::Customers, "pelanggan.xlsx", &bytes, Mode::Apply, today()).await.unwrap();
        assert!(report.applied, "{report:?}");
        let (phone, connected_on): (Option<String>, String) =
            sqlx::query_as("SELECT phone, connected_on FROM customers WHERE number = '0088000011'")
                .fetch_one(pool)
                .await
                .unwrap();
        // The demo's numbers are ten digits: the zero the spreadsheet dropped is back, and so is
        // the phone number's.
        assert_eq!((phone.as_deref(), connected_on.as_str()), (Some("081234567890"), "2021-03-04"));
    }
}

/// A multipart form body as a browser sends it: (content type, body).
fn multipart(fields: &[(&str, Option<&str>, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "----tirta-test-boundary-7d3f";
    let mut body = Vec::new();
    for (name, file_name, value) in fields {
        body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        match file_name {
            Some(f) => body.extend_from_slice(
                format!("Content-Disposition: form-data; name=\"{name}\"; filename=\"{f}\"\r\nContent-Type: text/csv\r\n\r\n")
                    .as_bytes(),
            ),
            None => body.extend_from_slice(format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n").as_bytes()),
        }
        body.extend_from_slice(value);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

async fn upload(
    app: &common::TestApp,
    login: &common::StaffLogin,
    csrf: &str,
    kind: &str,
    file: &[u8],
) -> common::Page {
    let (content_type, body) = multipart(&[
        ("csrf", None, csrf.as_bytes()),
        ("jenis", None, kind.as_bytes()),
        ("berkas", Some("pelanggan.csv"), file),
    ]);
    let response = app
        .client
        .post(format!("{}/staf/impor/unggah", app.base))
        .header("cookie", &login.cookie)
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    common::Page { status, headers, body: response.text().await.unwrap_or_default() }
}

/// Follows an upload to its page and waits until its run has finished.
async fn settled(app: &common::TestApp, login: &common::StaffLogin, location: &str) -> String {
    for _ in 0..100 {
        let page = app.get_as(location, login).await;
        assert_eq!(page.status, 200, "{}", page.body);
        if !page.body.contains("data-state=\"checking\"") && !page.body.contains("data-state=\"applying\"") {
            return page.body;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the import at {location} did not finish");
}

fn location(page: &common::Page) -> String {
    assert_eq!(page.status, 303, "{}", page.body);
    page.headers.get("location").unwrap().to_str().unwrap().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_administrator_uploads_a_large_file_sees_its_faults_by_line_and_applies_the_fixed_one() {
    let app = common::spawn(common::Options::default()).await;
    app.add_staff("admin1", "admin", None).await;
    let admin = app.sign_in("admin1").await;
    let page = app.get_as("/staf/impor", &admin).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("enctype=\"multipart/form-data\""), "{}", page.body);

    // Over a thousand rows: far beyond the 64 KB other requests may carry.
    let row = |i: usize, group: &str| {
        format!("00880{i:05};Pelanggan Nomor {i};Jl. Panjang Sekali {i};Kepanjen;Kepanjen;{group};1/2;01;;2020-01-15;aktif\n")
    };
    let mut faulty = format!("{CUSTOMERS_HEADER}\n");
    for i in 0..1200 {
        faulty.push_str(&row(i, if i == 1 { "RT-Z" } else { "RT-A" }));
    }
    assert!(faulty.len() > 64 * 1024);
    let at = location(&upload(&app, &admin, &admin.csrf, "customers", faulty.as_bytes()).await);
    assert!(at.starts_with("/staf/impor/"), "{at}");
    let body = settled(&app, &admin, &at).await;
    assert!(body.contains("data-state=\"faulty\""), "{body}");
    let start = body.find("<li data-line=\"3\">").unwrap_or_else(|| panic!("no fault on line 3:\n{body}"));
    let fault = &body[start..start + body[start..].find("</li>").unwrap()];
    assert!(fault.contains("Baris 3") && fault.contains("kode_golongan"), "{fault}");
    assert!(body.contains("RT-Z"), "{body}");
    assert!(!body.contains(">Terapkan<"), "a faulty file cannot be applied");
    let id: String = at.rsplit('/').next().unwrap().to_string();
    let refused = app.post_form("/api/staff/imports/apply", Some(&admin), &[("csrf", &admin.csrf), ("id", &id)]).await;
    assert_eq!(refused.status, 409, "{}", refused.body);

    let fixed = faulty.replace(";RT-Z;", ";RT-A;");
    let at = location(&upload(&app, &admin, &admin.csrf, "customers", fixed.as_bytes()).await);
    let body = settled(&app, &admin, &at).await;
    assert!(body.contains("data-state=\"clean\""), "{body}");
    assert!(body.contains("1200 baru, 0 berubah, 0 tetap"), "{body}");
    let id: String = at.rsplit('/').next().unwrap().to_string();
    let applied = app.post_form("/api/staff/imports/apply", Some(&admin), &[("csrf", &admin.csrf), ("id", &id)]).await;
    assert_eq!(applied.status, 200, "{}", applied.body);
    let body = settled(&app, &admin, &at).await;
    assert!(body.contains("data-state=\"applied\""), "{body}");
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM customers WHERE number LIKE '00880%'")
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    assert_eq!(count, 1200);
    let again = app.post_form("/api/staff/imports/apply", Some(&admin), &[("csrf", &admin.csrf), ("id", &id)]).await;
    assert_eq!(again.status, 409, "applied once only: {}", again.body);
    let audit: (String, String) =
        sqlx::query_as("SELECT username, detail FROM audit_log WHERE action = 'customers_imported'")
            .fetch_one(&app.state.db)
            .await
            .unwrap();
    assert_eq!(audit, ("admin1".into(), "1200 rows: 1200 added, 0 changed, 0 unchanged".into()));
    let list = app.get_as("/staf/impor", &admin).await;
    assert!(list.body.contains("Diterapkan") && list.body.contains("1 kesalahan"), "{}", list.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn uploads_are_refused_with_a_reason_and_only_administrators_may_upload() {
    let app = common::spawn(common::Options::default()).await;
    app.add_staff("admin1", "admin", None).await;
    app.add_staff("teller1", "teller", Some("01")).await;
    let admin = app.sign_in("admin1").await;
    let file = format!("{CUSTOMERS_HEADER}\n0088000001;A;B;C;D;RT-A;1/2;01;;2020-01-15;aktif\n");
    assert_eq!(
        location(&upload(&app, &admin, "not-the-token", "customers", file.as_bytes()).await),
        "/staf/impor?galat=sesi"
    );
    assert_eq!(
        location(&upload(&app, &admin, &admin.csrf, "tariffs", file.as_bytes()).await),
        "/staf/impor?galat=jenis"
    );
    assert_eq!(location(&upload(&app, &admin, &admin.csrf, "customers", b"").await), "/staf/impor?galat=berkas");
    let page = app.get_as("/staf/impor?galat=berkas", &admin).await;
    assert!(page.body.contains("Pilih berkas yang tidak kosong."), "{}", page.body);
    let teller = app.sign_in("teller1").await;
    assert_eq!(upload(&app, &teller, &teller.csrf, "customers", file.as_bytes()).await.status, 403);
    assert_eq!(app.get_as("/staf/impor", &teller).await.status, 403);
    assert_eq!(app.get_as("/staf/impor/99999", &admin).await.status, 404);
    let none: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM import_jobs").fetch_one(&app.state.db).await.unwrap();
    assert_eq!(none, 0, "nothing refused was stored");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_command_line_prints_each_fault_and_applies_only_a_clean_file() {
    let (pool, db) = demo_db().await;
    pool.close().await;
    let dir = std::env::temp_dir().join(format!("tirta-import-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("pelanggan.csv");
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_server"))
            .args(args)
            .env("TIRTA_DATABASE_URL", &db.url)
            .env("TIRTA_PUBLIC_URL", common::PUBLIC_URL)
            .env("RUST_LOG", "error")
            .output()
            .expect("the binary runs")
    };
    let path = file.to_str().unwrap();
    std::fs::write(
        &file,
        format!("{CUSTOMERS_HEADER}\n0088000001;Siti;Jl. A;Kepanjen;Kepanjen;RT-X;1/2;01;;2020-01-15;aktif\n"),
    )
    .unwrap();
    let out = run(&["import", "customers", path]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("pelanggan.csv:2 kode_golongan: golongan \"RT-X\" tidak ada"), "{stdout}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("nothing was written"));

    std::fs::write(
        &file,
        format!("{CUSTOMERS_HEADER}\n0088000001;Siti;Jl. A;Kepanjen;Kepanjen;RT-A;1/2;01;;2020-01-15;aktif\n"),
    )
    .unwrap();
    let out = run(&["import", "customers", path, "--dry-run"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("1 to add, 0 to change, 0 unchanged"));
    let out = run(&["import", "customers", path]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("1 added, 0 changed, 0 unchanged"));
    let out = run(&["import", "tariffs", path]);
    assert_eq!(out.status.code(), Some(1));
    let pool = server::db::connect(&db.url, 1).await.unwrap();
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM customers WHERE number = '0088000001'")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(n, 1);
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_customers_file_without_the_phone_column_keeps_the_phones_stored() {
    let (pool, _db) = demo_db().await;
    let (number, phone): (String, Option<String>) =
        sqlx::query_as("SELECT number, phone FROM customers WHERE phone IS NOT NULL ORDER BY number LIMIT 1")
            .fetch_one(&pool)
            .await
            .unwrap();
    let header = CUSTOMERS_HEADER.replace(";telepon", "");
    let file = format!("{header}\n{number};Nama Baru;Jl. Baru 1;Kepanjen;Kepanjen;RT-A;1/2;01;2020-01-15;aktif\n");
    let report = run(&pool, ImportKind::Customers, &file, Mode::Apply).await;
    assert!(report.applied, "{report:?}");
    let (name, kept): (String, Option<String>) = sqlx::query_as("SELECT name, phone FROM customers WHERE number = $1")
        .bind(&number)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!((name.as_str(), kept), ("Nama Baru", phone));
}
