//! Customers for staff: found by number, name or village; sealed, disconnected or reconnected,
//! and their phone kept, by their office's supervisors, each change in the audit log.

use crate::common;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_find_a_customer_and_the_offices_supervisor_seals_them_and_changes_their_phone() {
    let app = common::spawn(common::Options::default()).await;
    app.add_staff("spv1", "supervisor", Some("01")).await;
    app.add_staff("teller2", "teller", Some("02")).await;
    let (spv, teller) = (app.sign_in("spv1").await, app.sign_in("teller2").await);
    let (number, name, village, other): (String, String, String, String) = sqlx::query_as(
        "SELECT c.number, c.name, c.village,
                (SELECT MIN(x.number) FROM customers x JOIN unit_offices p ON p.id = x.office_id WHERE p.code <> '01')
         FROM customers c JOIN unit_offices o ON o.id = c.office_id WHERE o.code = '01' ORDER BY c.number LIMIT 1",
    )
    .fetch_one(&app.state.db)
    .await
    .unwrap();
    // Any staff member finds customers by number, name or village.
    for q in [&number[..6], &name[..name.len().min(5)], &village] {
        let page = app.get_as(&format!("/staf/pelanggan?q={}", q.replace(' ', "+")), &teller).await;
        assert_eq!(page.status, 200);
        assert!(page.body.contains(&format!("data-customer=\"{number}\"")), "{q}: {}", page.body);
    }
    let short = app.get_as("/staf/pelanggan?q=ab", &teller).await;
    assert!(!short.body.contains("data-customer="), "three letters at least");
    let record = app.get_as(&format!("/staf/pelanggan/{number}"), &teller).await;
    assert_eq!(record.status, 200);
    assert!(
        record.body.contains("data-period=") && !record.body.contains("Simpan status"),
        "a teller reads, does not change"
    );
    assert_eq!(app.get_as("/staf/pelanggan/0099999999", &teller).await.status, 404);

    let form = |csrf: &str, n: &str, status: &str, reason: &str| {
        vec![
            ("csrf", csrf.to_string()),
            ("number", n.to_string()),
            ("status", status.to_string()),
            ("reason", reason.to_string()),
        ]
    };
    let post = |who: &common::StaffLogin, path: &'static str, fields: Vec<(&'static str, String)>| {
        let app = &app;
        let who = who.clone();
        async move {
            let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.post_form(path, Some(&who), &fields).await.status
        }
    };
    assert_eq!(
        post(&teller, "/api/staff/customers/status", form(&teller.csrf, &number, "sealed", "tunggakan")).await,
        403
    );
    assert_eq!(
        post(&spv, "/api/staff/customers/status", form(&spv.csrf, &other, "sealed", "tunggakan")).await,
        403,
        "another office's"
    );
    assert_eq!(post(&spv, "/api/staff/customers/status", form(&spv.csrf, &number, "closed", "x")).await, 400);
    assert_eq!(
        post(&spv, "/api/staff/customers/status", form(&spv.csrf, &number, "sealed", "")).await,
        400,
        "a reason is needed"
    );
    assert_eq!(
        post(&spv, "/api/staff/customers/status", form(&spv.csrf, &number, "sealed", "tunggak 3 bulan")).await,
        200
    );
    let phone = |p: &str| vec![("csrf", spv.csrf.clone()), ("number", number.clone()), ("phone", p.to_string())];
    assert_eq!(post(&spv, "/api/staff/customers/phone", phone("08x")).await, 400);
    assert_eq!(post(&spv, "/api/staff/customers/phone", phone("0812-1111 2222")).await, 200);
    let (status, stored): (String, Option<String>) =
        sqlx::query_as("SELECT status, phone FROM customers WHERE number = $1")
            .bind(&number)
            .fetch_one(&app.state.db)
            .await
            .unwrap();
    assert_eq!((status.as_str(), stored.as_deref()), ("sealed", Some("081211112222")));
    let record = app.get_as(&format!("/staf/pelanggan/{number}"), &spv).await;
    assert!(record.body.contains("data-status=\"sealed\""), "{}", record.body);
    assert!(record.body.contains("data-action=\"customer_status_changed\"") && record.body.contains("tunggak 3 bulan"));
    assert!(record.body.contains("data-action=\"customer_phone_changed\""));
}
