//! Cash at the counter through the one ledger, the end-of-day cash report, the day's
//! reconciliation per channel and money set aside to refund.

use crate::common;

use common::{spawn, Options, StaffLogin, TestApp};

async fn app_and_teller() -> (TestApp, StaffLogin) {
    let app = spawn(Options::default()).await;
    app.add_staff("teller.dau", "teller", Some("02")).await;
    app.add_staff("admin.pusat", "admin", None).await;
    let login = app.sign_in("teller.dau").await;
    (app, login)
}

/// What the counter screen shows for a customer: (total to take, request id).
async fn counter_screen(app: &TestApp, login: &StaffLogin, number: &str) -> (String, String) {
    let p = app.post_form("/api/counter/account", Some(login), &[("number", number)]).await;
    assert_eq!(p.status, 200, "{}", p.body);
    let v: serde_json::Value = serde_json::from_str(&p.body).unwrap();
    let total = v["total"].as_str().unwrap().to_string();
    (total, v["request_id"].as_str().unwrap().to_string())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cash_at_the_counter_pays_the_bills_once_and_prints_a_receipt() {
    let (app, teller) = app_and_teller().await;
    let (total, request) = counter_screen(&app, &teller, "0201000006").await;
    assert_ne!(total, "0");
    // The page, drawn on the server: the holder unmasked, the cash field, and (with the cash
    // typed) the confirmation with the change.
    let page = app.get_as("/staf/loket?no=0201000006", &teller).await;
    assert!(page.body.contains(r#"class="holder-name""#) && page.body.contains(r#"name="tunai""#), "{}", page.body);
    let name = page.body.split(r#"class="holder-name">"#).nth(1).and_then(|s| s.split('<').next()).unwrap_or_default();
    assert!(!name.is_empty() && !name.contains('*'), "staff see the name unmasked: {name:?}");
    let cash = total.parse::<i64>().unwrap() + 5_000;
    let confirm = app.get_as(&format!("/staf/loket?no=0201000006&tunai={cash}"), &teller).await;
    assert!(confirm.body.contains(r#"data-change="5000""#), "{}", confirm.body);
    let pay = |amount: String, request: String| {
        let teller = teller.clone();
        let app = &app;
        async move {
            app.post_form_with(
                "/api/counter/pay",
                Some(&teller),
                &[("csrf", &teller.csrf), ("number", "0201000006"), ("amount", &amount), ("request_id", &request)],
                &[("accept", "text/html"), ("referer", &format!("{}/staf/loket?no=0201000006", app.base))],
            )
            .await
        }
    };
    let wrong = pay("1000".into(), request.clone()).await;
    let location = wrong.headers.get("location").map(|l| l.to_str().unwrap().to_string()).unwrap_or_default();
    use base64::Engine;
    let err = location.split("__err=").nth(1).map(|e| {
        base64::engine::general_purpose::URL_SAFE
            .decode(e)
            .or_else(|_| base64::engine::general_purpose::STANDARD.decode(e))
            .unwrap()
    });
    assert!(location.contains("/staf/loket"), "the teller is sent back: {location}");
    assert_eq!(err.as_deref(), Some(&b"\"AmountChanged\""[..]), "with the reason: {location}");

    let paid = pay(total.clone(), request.clone()).await;
    assert_eq!(paid.status, 302, "{}", paid.body);
    // The teller stays at the counter, where the receipt waits to be printed.
    let console = paid.headers["location"].to_str().unwrap().to_string();
    let token = console.strip_prefix("/staf/loket?resi=").unwrap_or_else(|| panic!("{console}")).to_string();
    let again = pay(total.clone(), request.clone()).await;
    assert_eq!(again.headers["location"].to_str().unwrap(), console, "the same form twice: the same payment");
    let paid_panel = app.get_as(&console, &teller).await;
    assert!(
        paid_panel.body.contains("Pembayaran diterima") && paid_panel.body.contains(&format!("/resi/{token}")),
        "{}",
        paid_panel.body
    );

    let receipt_page = app.get(&format!("/resi/{token}")).await;
    assert_eq!(receipt_page.status, 200);
    assert!(
        receipt_page.body.contains("Loket") || receipt_page.body.contains("counter"),
        "the receipt names the channel"
    );
    let bill = app.get("/tagihan?no=0201000006").await;
    assert!(bill.body.contains("Lunas") || bill.body.contains("lunas"), "the bill page shows it paid");
    let (after, _) = counter_screen(&app, &teller, "0201000006").await;
    assert_eq!(after, "0");

    let payments: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM payments p JOIN customers c ON c.id = p.customer_id WHERE c.number = '0201000006' AND p.channel = 'counter' AND p.received_by IS NOT NULL")
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    assert_eq!(payments, 1);
    // The payment and its audit entry are one record: the entry names the receipt.
    let audited: Vec<(String, String)> =
        sqlx::query_as("SELECT a.username, a.detail FROM audit_log a JOIN payments p ON p.receipt_number = a.subject WHERE a.action = 'counter_payment'")
            .fetch_all(&app.state.db)
            .await
            .unwrap();
    assert_eq!(
        audited,
        vec![("teller.dau".to_string(), format!("0201000006 {}", app::domain::Money::rupiah(total.parse().unwrap())))]
    );

    // End of day: the teller's cash, the office's, as a page and as CSV.
    let report = app.get_as("/staf/laporan", &teller).await;
    assert_eq!(report.status, 200);
    assert!(report.body.contains(&format!("data-total=\"{total}\"")), "the cash expected is what was taken");
    let csv = app.get_as("/staf/laporan/kas.csv", &teller).await;
    assert_eq!(csv.status, 200);
    assert!(csv.headers["content-type"].to_str().unwrap().starts_with("text/csv"));
    assert!(csv.body.starts_with("tanggal,kantor,petugas,nama,transaksi,jumlah_rupiah\r\n"));
    assert!(csv.body.contains(&format!(",02,teller.dau,Petugas teller.dau,1,{total}\r\n")), "{}", csv.body);

    // The administrator's reconciliation lists it under the counter channel.
    let admin = app.sign_in("admin.pusat").await;
    let rec = app.get_as("/staf/laporan/rekonsiliasi.csv", &admin).await;
    assert_eq!(rec.status, 200);
    assert!(
        rec.body
            .lines()
            .any(|l| l.starts_with("pembayaran,counter,") && l.contains("0201000006") && l.ends_with("teller.dau")),
        "{}",
        rec.body
    );
    let page = app.get_as("/staf/rekonsiliasi", &admin).await;
    assert!(page.body.contains("data-channel=\"counter\""));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn money_set_aside_is_visible_to_administrators_until_refunded() {
    use app::domain::Money;
    use app::ssr::db::ledger::{settle, PaymentReport};
    use app::ssr::payments::open_intent;
    let (app, _) = app_and_teller().await;
    let number = app::domain::CustomerNumber::parse("0201000007").unwrap();
    let intent = open_intent(
        &app.state,
        &number,
        &app::domain::Channel::Qris,
        chrono::Utc::now(),
        chrono::Duration::minutes(15),
        app::domain::Cover::All,
    )
    .await
    .unwrap();
    let report = PaymentReport {
        channel: app::domain::Channel::Qris,
        partner_reference: "ACQ-WRONG-AMOUNT".into(),
        intent_reference: intent.reference.clone(),
        amount: Money::rupiah(1_000),
        at: chrono::Utc::now(),
        money_moved: true,
        taken_by: None,
        refuse: None,
    };
    settle(&app.state.db, &report).await.unwrap();
    let admin = app.sign_in("admin.pusat").await;
    let page = app.get_as("/staf/rekonsiliasi", &admin).await;
    assert!(page.body.contains("ACQ-WRONG-AMOUNT"), "the overpayment is listed");
    assert!(page.body.contains("Tandai sudah dikembalikan"));
    let csv = app.get_as("/staf/laporan/rekonsiliasi.csv", &admin).await;
    assert!(
        csv.body
            .lines()
            .any(|l| l.starts_with("dikembalikan,qris,ACQ-WRONG-AMOUNT,,")
                && l.contains(",1000,0201000007,amount_mismatch")),
        "{}",
        csv.body
    );
    let id: i64 = sqlx::query_scalar("SELECT id FROM overpayments WHERE partner_reference = 'ACQ-WRONG-AMOUNT'")
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    let done =
        app.post_form("/api/reports/refunded", Some(&admin), &[("csrf", &admin.csrf), ("id", &id.to_string())]).await;
    assert_eq!(done.status, 200, "{}", done.body);
    let twice =
        app.post_form("/api/reports/refunded", Some(&admin), &[("csrf", &admin.csrf), ("id", &id.to_string())]).await;
    assert_eq!(twice.status, 404, "a refund is recorded once");
    let page = app.get_as("/staf/rekonsiliasi", &admin).await;
    assert!(page.body.contains("Dikembalikan "), "shown as refunded");
    let log = app.get_as("/staf/audit", &admin).await;
    assert!(log.body.contains("data-action=\"overpayment_refunded\""));
}
