//! Unit offices kept by administrators: added, details, hours, villages, queue services and
//! counters; every change audited, bad input refused with nothing changed, and customers'
//! pages and the queue reading the change at once.

use crate::common::{self, StaffLogin, TestApp};

async fn count(app: &TestApp, sql: &str, office: i64) -> i64 {
    sqlx::query_scalar(sql).bind(office).fetch_one(&app.state.db).await.unwrap()
}

async fn audited(app: &TestApp, action: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = $1 AND subject = '77'")
        .bind(action)
        .fetch_one(&app.state.db)
        .await
        .unwrap()
}

async fn post(app: &TestApp, login: &StaffLogin, path: &str, fields: &[(&str, &str)]) -> common::Page {
    let mut form = vec![("csrf", login.csrf.as_str()), ("code", "77")];
    form.extend_from_slice(fields);
    app.post_form(&format!("/api/staff/offices/{path}"), Some(login), &form).await
}

async fn add(app: &TestApp, login: &StaffLogin, code: &str) -> common::Page {
    let form = [("csrf", login.csrf.as_str()), ("code", code), ("name", "Kantor Unit Batu")];
    app.post_form("/api/staff/offices/add", Some(login), &form).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_administrator_sets_up_an_office_and_customers_and_the_queue_see_it() {
    let app = common::spawn(common::Options { customers: 4, ..Default::default() }).await;
    app.add_staff("admin1", "admin", None).await;
    app.add_staff("spv1", "supervisor", Some("01")).await;
    let admin = app.sign_in("admin1").await;
    let spv = app.sign_in("spv1").await;

    assert_eq!(add(&app, &spv, "77").await.status, 403, "administrators only");
    assert_eq!(add(&app, &admin, "7x").await.status, 400);
    let added = add(&app, &admin, "77").await;
    assert_eq!(added.status, 200, "{}", added.body);
    let again = add(&app, &admin, "77").await;
    assert_eq!(again.status, 400, "{}", again.body);
    let office = common::office(&app, "77").await;
    assert!(
        count(&app, "SELECT COUNT(*) FROM queue_services WHERE office_id = $1", office).await > 0,
        "default services"
    );
    let counters = count(&app, "SELECT COUNT(*) FROM queue_counters WHERE office_id = $1", office).await;
    assert!(counters > 0, "default counters");
    assert_eq!(audited(&app, "office_added").await, 1);
    let desk = app.get_as("/staf/kantor", &admin).await;
    assert!(desk.body.contains("Kantor Unit Batu"), "{}", desk.body);

    let details = post(
        &app,
        &admin,
        "details",
        &[
            ("office[name]", "Kantor Unit Batu"),
            ("office[address]", "Jl. Diponegoro 12, Batu"),
            ("office[phone]", "0341 591 000"),
            ("office[hours_note]", "Istirahat 12.00–13.00"),
        ],
    )
    .await;
    assert_eq!(details.status, 200, "{}", details.body);
    let no_address = post(&app, &admin, "details", &[("office[name]", "Kantor Unit Batu")]).await;
    assert_eq!(no_address.status, 400);

    let mut week: Vec<(String, String)> = Vec::new();
    for day in 0..5 {
        week.push((format!("week[days][{day}][opens]"), "07.30".into()));
        week.push((format!("week[days][{day}][closes]"), "15:30".into()));
    }
    let mut full = week.clone();
    for day in 5..7 {
        full.push((format!("week[days][{day}][opens]"), String::new()));
        full.push((format!("week[days][{day}][closes]"), String::new()));
    }
    let fields: Vec<(&str, &str)> = full.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let short = post(&app, &admin, "hours", &fields[..10]).await;
    assert_eq!(short.status, 400, "five rows of seven are refused: {}", short.body);
    let hours = post(&app, &admin, "hours", &fields).await;
    assert_eq!(hours.status, 200, "{}", hours.body);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM office_hours WHERE office_id = $1", office).await, 5);
    let mut wrong = full.clone();
    wrong[5].1 = "07.00".into(); // Wednesday closes before it opens
    let fields: Vec<(&str, &str)> = wrong.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let backwards = post(&app, &admin, "hours", &fields).await;
    assert_eq!(backwards.status, 400, "{}", backwards.body);
    assert!(backwards.body.contains(r#""BadHours":3"#), "named by its weekday: {}", backwards.body);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM office_hours WHERE office_id = $1", office).await, 5, "unchanged");

    let bad = post(&app, &admin, "areas", &[("areas", "Batu: Sisir, Ngaglik\nTemas")]).await;
    assert_eq!(bad.status, 400, "{}", bad.body);
    let areas = post(&app, &admin, "areas", &[("areas", "Batu: Sisir, Ngaglik\nJunrejo: Tlekung")]).await;
    assert_eq!(areas.status, 200, "{}", areas.body);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM service_areas WHERE office_id = $1", office).await, 3);

    // What customers read of the office.
    let page = app.get("/kantor/77").await;
    assert_eq!(page.status, 200);
    for text in ["Jl. Diponegoro 12, Batu", "0341 591 000", "Ngaglik", "Tlekung", "07.30"] {
        assert!(page.body.contains(text), "{text} on the office page");
    }

    // A service of its own, its letter unique at the office.
    let service =
        [("service[prefix]", "e"), ("service[name_id]", "Baca meter mandiri"), ("service[name_en]", "Meter readings")];
    let with_active: Vec<(&str, &str)> = service.iter().copied().chain([("service[active]", "1")]).collect();
    let added = post(&app, &admin, "service", &with_active).await;
    assert_eq!(added.status, 200, "{}", added.body);
    let twice = post(&app, &admin, "service", &with_active).await;
    assert_eq!(twice.status, 400, "{}", twice.body);
    let e: i64 = sqlx::query_scalar("SELECT id FROM queue_services WHERE office_id = $1 AND prefix = 'E'")
        .bind(office)
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    let id = e.to_string();
    let off: Vec<(&str, &str)> = service.iter().copied().chain([("service[id]", id.as_str())]).collect();
    assert_eq!(post(&app, &admin, "service", &off).await.status, 200);
    let active: i64 = sqlx::query_scalar("SELECT active FROM queue_services WHERE id = $1")
        .bind(e)
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    assert_eq!(active, 0, "an unticked box turns the service off");

    // Another counter; then counter 1 calls only the new service (a sparse list of ticked boxes).
    assert_eq!(post(&app, &admin, "counter/add", &[]).await.status, 200);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM queue_counters WHERE office_id = $1", office).await, counters + 1);
    let saved = post(&app, &admin, "counter", &[("counter[number]", "1"), ("counter[serves][3]", id.as_str())]).await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    let serves: Vec<i64> = sqlx::query_scalar(
        "SELECT cs.service_id FROM queue_counter_services cs JOIN queue_counters c ON c.id = cs.counter_id
         WHERE c.office_id = $1 AND c.number = 1",
    )
    .bind(office)
    .fetch_all(&app.state.db)
    .await
    .unwrap();
    assert_eq!(serves, vec![e]);
    let nowhere = post(&app, &admin, "counter", &[("counter[number]", "99")]).await;
    assert_eq!(nowhere.status, 400);

    for action in
        ["office_changed", "office_hours_changed", "office_area_changed", "queue_service_saved", "counter_saved"]
    {
        assert!(audited(&app, action).await >= 1, "{action} is audited");
    }
    let settings = app.get_as("/staf/kantor/77", &admin).await;
    assert_eq!(settings.status, 200);
    assert!(settings.body.contains("Batu: Ngaglik, Sisir"), "{}", settings.body);
}
