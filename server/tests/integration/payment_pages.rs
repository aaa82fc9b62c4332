//! Payment pages and server functions: demo mode versus production configuration.

use crate::common;

use common::{spawn, Options};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn production_without_qris_offers_no_qris_and_no_simulator() {
    let app = spawn(Options { mode: "production", ..Options::default() }).await;
    let bill = app.get("/tagihan?no=0201000002").await;
    assert_eq!(bill.status, 200);
    assert!(!bill.body.contains("Bayar dengan QRIS"), "no button for a channel that is not configured");
    let start = app
        .client
        .post(format!("{}/api/payments/qris", app.base))
        .form(&[("number", "0201000002")])
        .send()
        .await
        .unwrap();
    assert_eq!(start.status(), 503);
    assert_eq!(app.get("/simulator").await.status, 404, "the simulator is refused outside demo mode");
    let simulate = app
        .client
        .post(format!("{}/api/simulator/qris", app.base))
        .form(&[("payload", "000201")])
        .send()
        .await
        .unwrap();
    assert_eq!(simulate.status(), 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn starting_a_payment_redirects_to_one_page_per_intent() {
    let app = spawn(Options::default()).await;
    let start = || {
        app.client
            .post(format!("{}/api/payments/qris", app.base))
            .header("accept", "text/html")
            .form(&[("number", "02.01.000002")])
            .send()
    };
    let first = start().await.unwrap();
    assert_eq!(first.status(), 302, "a plain form post is redirected");
    let location = first.headers()["location"].to_str().unwrap().to_string();
    assert!(location.starts_with("/bayar/TRT"), "{location}");
    let again = start().await.unwrap();
    assert_eq!(again.headers()["location"].to_str().unwrap(), location, "the same intent while it is valid");

    let page = app.get(&location).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("<svg"), "the QR code is drawn on the server");
    assert!(page.body.contains("000201010212"), "the dynamic QRIS payload is there to copy");
    assert!(page.body.contains(r#"data-status="pending""#));

    let paid_up = app
        .client
        .post(format!("{}/api/payments/qris", app.base))
        .form(&[("number", "0201000001")])
        .send()
        .await
        .unwrap();
    assert_eq!(paid_up.status(), 409, "nothing to pay");
    let plain_form = app
        .client
        .post(format!("{}/api/payments/qris", app.base))
        .header("accept", "text/html")
        .form(&[("number", "0201000001")])
        .send()
        .await
        .unwrap();
    assert_eq!(plain_form.status(), 302);
    assert_eq!(
        plain_form.headers()["location"],
        "/tagihan?no=0201000001",
        "without JavaScript, back to the bill as it is now"
    );
    let bad =
        app.client.post(format!("{}/api/payments/qris", app.base)).form(&[("number", "abc")]).send().await.unwrap();
    assert_eq!(bad.status(), 400);
    assert_eq!(app.get("/bayar/TRT0000000000000000").await.status, 404);
    assert_eq!(app.get("/bayar/../../etc/passwd").await.status, 404);
    assert_eq!(app.get("/resi/ZZZZ").await.status, 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_simulator_refuses_codes_that_are_not_the_utilitys() {
    let app = spawn(Options::default()).await;
    let simulate = |payload: &'static str| {
        app.client
            .post(format!("{}/api/simulator/qris", app.base))
            .header("accept", "text/html")
            .form(&[("payload", payload)])
            .send()
    };
    let garbage = simulate("not a qris").await.unwrap();
    assert_eq!(garbage.headers()["location"], "/simulator?hasil=invalid");
    // The EMVCo sample is a valid payload, but another merchant's.
    let foreign = simulate("00020101021229300012D156000000000510A93FO3230Q31280012D15600000001030812345678520441115802CN5914BEST TRANSPORT6007BEIJING64200002ZH0104最佳运输0202北京540523.7253031565502016233030412340603***0708A60086670902ME91320016A0112233449988770708123456786304A13A").await.unwrap();
    assert_eq!(
        foreign.headers()["location"],
        "/simulator?hasil=invalid",
        "no QRIS national template: not a QRIS at all"
    );

    let mut other = app.state.payments.qris.as_ref().unwrap().merchant.clone();
    other.nmid = "ID2099999999999".into();
    other.name = "TOKO LAIN".into();
    let payload =
        app::domain::qris::QrisPayload::dynamic(other, app::domain::Money::rupiah(50_000), "TRT0000000000000001", "X")
            .encode()
            .unwrap();
    let response = app
        .client
        .post(format!("{}/api/simulator/qris", app.base))
        .header("accept", "text/html")
        .form(&[("payload", payload)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["location"], "/simulator?hasil=foreign", "only the utility's own merchant is paid");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_bank_shows_the_customers_virtual_account() {
    let app = spawn(Options::default()).await;
    let page = app.get("/bayar/va?no=02.01.000003").await;
    assert_eq!(page.status, 200);
    assert_eq!(page.body.matches(r#"class="panel va""#).count(), 5);
    for (bank, code) in
        [("BRI", "88810"), ("BNI", "98820"), ("Bank Mandiri", "89030"), ("BCA", "11140"), ("Bank Jatim", "70050")]
    {
        assert!(page.body.contains(bank), "{bank}");
        assert!(
            page.body.contains(&format!("{code}0201000003")),
            "{bank}'s VA is its biller code + the customer number"
        );
    }
    let bill = app.get("/tagihan?no=02.01.000003").await;
    let total = bill.body.split(r#"data-total=""#).nth(1).and_then(|s| s.split('"').next()).unwrap().to_string();
    assert!(page.body.contains(&format!(r#"data-amount="{total}""#)), "the amount owed today, as on the bill page");
    assert!(bill.body.contains("/bayar/va?no=0201000003"), "the bill page links to it");
    // The demo's showcase accounts pay the month's bill on its first days, at a time of day that
    // may still be ahead on the 1st: dated back, the account is paid up long ago on any date.
    sqlx::query(
        "UPDATE payments SET paid_at = '2000-01-03T03:00:00Z' WHERE id IN
         (SELECT b.payment_id FROM bills b JOIN customers c ON c.id = b.customer_id WHERE c.number = '0201000001')",
    )
    .execute(&app.state.db)
    .await
    .unwrap();
    assert_eq!(app.get("/bayar/va?no=0201000001").await.status, 409, "paid up long ago: nothing to pay");
    // Paid just now (a page left open while the money landed): the page says so, with the receipt.
    let number = app::domain::CustomerNumber::parse("0201000002").unwrap();
    let now = chrono::Utc::now();
    let intent = app::ssr::payments::open_intent(
        &app.state,
        &number,
        &app::domain::Channel::Qris,
        now,
        chrono::Duration::minutes(15),
        app::domain::Cover::All,
    )
    .await
    .unwrap();
    let report = app::ssr::db::ledger::PaymentReport {
        channel: app::domain::Channel::Qris,
        partner_reference: "ACQ-VA-PAGE".into(),
        intent_reference: intent.reference.clone(),
        amount: intent.amount,
        at: now,
        money_moved: true,
        taken_by: None,
        refuse: None,
    };
    app::ssr::db::ledger::settle(&app.state.db, &report).await.unwrap();
    let just_paid = app.get("/bayar/va?no=0201000002").await;
    assert_eq!(just_paid.status, 200);
    assert!(
        just_paid.body.contains(r#"data-status="paid""#) && just_paid.body.contains("/resi/"),
        "with the payment's receipt"
    );
    assert!(!just_paid.body.contains(r#"class="panel va""#), "and no account numbers to pay");
    assert_eq!(app.get("/bayar/va?no=12").await.status, 400);
    assert_eq!(app.get("/bayar/va?no=9999999999").await.status, 404);
}
