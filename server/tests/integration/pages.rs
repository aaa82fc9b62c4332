//! The customer pages, served by the real app against a real SQLite database.

use crate::common;

use app::domain::{CustomerNumber, Money};
use common::{spawn, Options};

/// Scripted demo accounts (see server/src/demo): the same for every seed and size.
const PAID_UP: &str = "02.01.000001";
const ONE_UNPAID: &str = "02.01.000002";
const TWO_UNPAID: &str = "02.01.000003";
const FOUR_UNPAID: &str = "02.01.000004";
const LEAK: &str = "02.01.000005";
const ESTIMATED_AND_REPLACED: &str = "02.01.000006";
const BELOW_MINIMUM: &str = "02.01.000007";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn home_page_offers_the_lookup() {
    let app = spawn(Options::default()).await;
    let page = app.get("/").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains(r#"<html lang="id""#), "Indonesian by default");
    assert!(page.body.contains("Cek tagihan air Anda"));
    assert!(page.body.contains(r#"name="no""#));
    assert!(page.body.contains(r#"action="/tagihan""#));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bill_page_shows_every_line_of_an_unpaid_bill() {
    let app = spawn(Options::default()).await;
    let page = app.get(&format!("/tagihan?no={ONE_UNPAID}")).await;
    assert_eq!(page.status, 200, "{}", page.body);
    let b = &page.body;
    assert!(b.contains("B**i S******"), "masked name");
    assert!(!b.contains("Budi Santoso"), "never the full name");
    assert!(!b.contains("Jl. Raya"), "never the street");
    assert!(b.contains("Sumbersekar"), "village");
    assert!(b.contains(r#"href="/tarif#golongan-RT-A""#), "the group links to its tariff");
    for label in [
        "Stand awal",
        "Stand akhir",
        "Pemakaian",
        "Blok 1",
        "Harga air",
        "Beban tetap",
        "Biaya administrasi",
        "Denda keterlambatan",
        "Jatuh tempo",
    ] {
        assert!(b.contains(label), "{label} missing");
    }
    assert_eq!(b.matches(r#"class="panel bill""#).count(), 1, "exactly one unpaid period");

    // The total on the page is the stored bill plus the late fee the policy gives today.
    let (amount, due): (i64, String) =
        sqlx::query_as("SELECT b.amount, b.due_date FROM bills b JOIN customers c ON c.id = b.customer_id WHERE c.number = $1 AND b.payment_id IS NULL")
            .bind(CustomerNumber::parse(ONE_UNPAID).unwrap().as_str())
            .fetch_one(&app.state.db)
            .await
            .unwrap();
    let today = app::ssr::clock::today_wib();
    let due = due.parse().unwrap();
    let fee = app.state.rules.get().late_fee.for_due(due).fee("RT-A", Money::rupiah(amount), due, today).unwrap();
    let total = (Money::rupiah(amount) + fee).whole_rupiah().unwrap();
    assert!(b.contains(&format!(r#"data-total="{total}""#)), "total {total} shown");
    assert!(b.contains(&Money::rupiah(total).to_string()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn paid_up_account_says_so_and_lists_receipts() {
    let app = spawn(Options::default()).await;
    let page = app.get(&format!("/tagihan?no={PAID_UP}")).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Lunas"));
    assert!(!page.body.contains(r#"class="panel bill""#));
    assert!(page.body.contains("Riwayat pembayaran"));
    assert!(page.body.contains("TRT-"), "receipt numbers");
    assert!(page.body.contains("WIB"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_customer_without_bills_owes_nothing_and_their_page_says_so() {
    let app = spawn(Options::default()).await;
    // A new connection, not billed yet: the account's query finds the customer and no bill.
    let model = CustomerNumber::parse(PAID_UP).unwrap();
    sqlx::query(
        "INSERT INTO customers (number, name, address, village, district, group_code, meter_size, office_id, phone, connected_on)
         SELECT '0201999999', 'Siti Baru', address, village, district, group_code, meter_size, office_id, NULL, '2026-11-01'
         FROM customers WHERE number = $1",
    )
    .bind(model.as_str())
    .execute(&app.state.db)
    .await
    .unwrap();
    let number = CustomerNumber::parse("0201999999").unwrap();
    let owed = app::ssr::accounts::statement(&app.state, &number, app::ssr::clock::today_wib())
        .await
        .unwrap()
        .expect("the customer is found");
    assert_eq!(owed.customer.name, "Siti Baru");
    assert!(owed.statement.bills.is_empty());
    assert_eq!(owed.statement.total, Money::ZERO);
    let page = app.get("/tagihan?no=0201999999").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Lunas"), "nothing to pay");
    assert!(!page.body.contains(r#"class="panel bill""#));
    assert!(!page.body.contains("TRT-"), "no receipts");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn arrears_warn_of_sealing_and_disconnection() {
    let app = spawn(Options::default()).await;
    let four = app.get(&format!("/tagihan?no={FOUR_UNPAID}")).await;
    assert_eq!(four.body.matches(r#"class="panel bill""#).count(), 4);
    assert!(four.body.contains(r#"data-alert="arrears""#));
    assert!(four.body.contains("dapat diputus"));
    let two = app.get(&format!("/tagihan?no={TWO_UNPAID}")).await;
    assert_eq!(two.body.matches(r#"class="panel bill""#).count(), 2);
    assert!(two.body.contains(r#"data-alert="arrears""#));
    assert!(two.body.contains("Terlambat"), "the older bill is late");
    // Which part of the rule applied, and the day the next step comes.
    assert!(
        four.body.contains("bulan sejak jatuh tempo") && four.body.contains("denda untuk terlambat lebih dari 2 bulan"),
        "{}",
        four.body
    );
    assert!(four.body.contains(r#"href="/tarif#denda""#));
    assert!(two.body.contains("Bila belum lunas sampai"), "when sealing or disconnection comes");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unusual_usage_estimates_and_replacements_are_explained() {
    let app = spawn(Options::default()).await;
    let leak = app.get(&format!("/tagihan?no={LEAK}")).await;
    assert!(leak.body.contains(r#"data-alert="anomaly""#));
    assert!(leak.body.contains("bar-anomaly"), "the chart marks the month");
    let paid = app.get(&format!("/tagihan?no={PAID_UP}")).await;
    assert!(!paid.body.contains(r#"data-alert="anomaly""#));

    let odd = app.get(&format!("/tagihan?no={ESTIMATED_AND_REPLACED}")).await;
    assert!(odd.body.contains(r#"data-alert="estimated""#));
    assert!(odd.body.contains("Stand angkat"));
    assert!(odd.body.contains("Meter diganti"));

    let small = app.get(&format!("/tagihan?no={BELOW_MINIMUM}")).await;
    assert!(small.body.contains("Pemakaian di bawah minimum"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_numbers_get_clear_pages_with_the_right_status() {
    let app = spawn(Options::default()).await;
    let cases = [
        ("/tagihan?no=abc", 400, "hanya berisi angka"),
        ("/tagihan?no=12345", 400, "8 sampai 12 angka"),
        ("/tagihan?no=", 400, "Masukkan nomor"),
        ("/tagihan", 400, "Masukkan nomor"),
        ("/tagihan?no=9999999999", 404, "tidak ditemukan"),
        ("/tagihan?no=%3Cscript%3Ealert(1)%3C%2Fscript%3E", 400, "tidak valid"),
    ];
    for (path, status, text) in cases {
        let page = app.get(path).await;
        assert_eq!(page.status, status, "{path}");
        assert!(page.body.contains(text), "{path}: {text}");
        assert!(!page.body.contains("<script>alert"), "{path}: input is escaped");
    }
    let long = format!("/tagihan?no={}", "9".repeat(10_000));
    assert_eq!(app.get(&long).await.status, 400);
    let odd = app.get("/tagihan?no=%F0%9F%92%A7%00%FF").await;
    assert_eq!(odd.status, 400);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lookups_are_limited_per_client() {
    let app = spawn(Options { lookups_per_minute: 1, lookup_burst: 3, ..Options::default() }).await;
    for _ in 0..3 {
        assert_eq!(app.get(&format!("/tagihan?no={PAID_UP}")).await.status, 200);
    }
    let limited = app.get(&format!("/tagihan?no={PAID_UP}")).await;
    assert_eq!(limited.status, 429);
    assert!(limited.body.contains("Terlalu banyak pencarian"));
    let retry: u64 = limited.headers["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&retry));
    // Other pages stay open.
    assert_eq!(app.get("/tarif").await.status, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn english_on_request() {
    let app = spawn(Options::default()).await;
    let switch = app.get("/bahasa/en?next=/tagihan%3Fno%3D0201000001").await;
    assert_eq!(switch.status, 303);
    assert_eq!(switch.headers["location"], "/tagihan?no=0201000001");
    assert!(switch.headers["set-cookie"].to_str().unwrap().starts_with("tirta_lang=en"));
    assert_eq!(app.get("/bahasa/en?next=//evil.example").await.headers["location"], "/");
    assert_eq!(app.get("/bahasa/fr").await.status, 404);

    let page = app.get_with(&format!("/tagihan?no={ONE_UNPAID}"), &[("cookie", "tirta_lang=en")]).await;
    assert!(page.body.contains(r#"<html lang="en""#));
    assert!(page.body.contains("Late fee"));
    assert!(page.body.contains("Previous reading"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tariff_page_publishes_tables_and_the_late_fee_rule() {
    let app = spawn(Options::default()).await;
    let page = app.get("/tarif").await;
    assert_eq!(page.status, 200);
    let b = &page.body;
    assert!(b.contains("Rumah Tangga A"));
    assert!(b.contains("Rp 2.900"), "tarif dasar in force since June 2022");
    assert!(b.contains("0–10 m³"));
    assert!(b.contains(r##"href="#golongan-RT-A""##), "a jump list to each group");
    assert!(b.contains("Rp\u{a0}10.000"), "late fee, never broken across lines");
    assert!(b.contains("tanggal 20"));
    assert!(b.contains("terlambat sampai 2 bulan: Rp\u{a0}10.000"), "each tier says its whole range");
    assert!(b.contains("terlambat lebih dari 2 bulan: Rp\u{a0}15.000"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn offices_list_and_detail() {
    let app = spawn(Options::default()).await;
    let list = app.get("/kantor").await;
    assert_eq!(list.status, 200);
    assert_eq!(list.body.matches(r#"class="panel office-card""#).count(), 10);
    assert!(list.body.contains("Kantor Pusat Kepanjen"));
    let dau = app.get("/kantor/02").await;
    assert_eq!(dau.status, 200);
    assert!(dau.body.contains("Sumbersekar"));
    assert!(dau.body.contains("tel:"));
    let missing = app.get("/kantor/99").await;
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains(r#"href="/kantor""#), "points to the list of offices");
    assert_eq!(app.get("/tidak-ada").await.status, 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_function_answers_with_status_codes() {
    let app = spawn(Options::default()).await;
    let post =
        |number: &str| app.client.post(format!("{}/api/bills/account", app.base)).form(&[("number", number)]).send();
    let ok = post(ONE_UNPAID).await.unwrap();
    assert_eq!(ok.status(), 200);
    let json: serde_json::Value = ok.json().await.unwrap();
    assert_eq!(json["masked_name"], "B**i S******");
    assert_eq!(post("12").await.unwrap().status(), 400);
    let garbled = app
        .client
        .post(format!("{}/api/bills/account", app.base))
        .body("%%%")
        .header("content-type", "application/x-www-form-urlencoded")
        .send()
        .await
        .unwrap();
    assert_eq!(garbled.status(), 400, "arguments that do not decode");
    let missing =
        app.client.post(format!("{}/api/bills/account", app.base)).form(&[("other", "1")]).send().await.unwrap();
    assert_eq!(missing.status(), 400, "a missing argument");
    assert_eq!(post("9999999999").await.unwrap().status(), 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_and_readiness() {
    let app = spawn(Options::default()).await;
    assert_eq!(app.get("/healthz").await.status, 200);
    let ready = app.get("/readyz").await;
    assert_eq!((ready.status, ready.body.as_str()), (200, "ready"));
    let page = app.get("/").await;
    assert_eq!(page.headers["x-content-type-options"], "nosniff");
}
