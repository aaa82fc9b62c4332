//! Administrators add a decree's tariff from a page: previewed against the tariff it replaces,
//! checked as the billing domain checks every tariff, never before a period already billed,
//! audited, and priced with by this process at once and by every other one on its next check.

use crate::common;
use app::domain::Period;

/// A form field as the preview's address and the save form name it.
fn field(name: &str) -> String {
    format!("tariff[{name}]")
}

fn decree(group: &str, from: Period, first_price: &str) -> Vec<(String, String)> {
    vec![
        (field("group"), group.to_string()),
        (field("effective_from"), from.to_string()),
        (field("decree"), "Peraturan Bupati No. 7 Tahun 2026".to_string()),
        (field("minimum_usage_m3"), "10".to_string()),
        (field("blocks][0][upto_m3"), "10".to_string()),
        (field("blocks][0][price_per_m3"), first_price.to_string()),
        (field("blocks][1][upto_m3"), "20".to_string()),
        (field("blocks][1][price_per_m3"), "2500".to_string()),
        (field("blocks][2][upto_m3"), String::new()),
        (field("blocks][2][price_per_m3"), "4000".to_string()),
        (field("charges][0][label"), "Biaya administrasi".to_string()),
        (field("charges][0][label_en"), "Administration".to_string()),
        (field("charges][0][meter_size"), String::new()),
        (field("charges][0][amount"), "5000".to_string()),
    ]
}

fn query(fields: &[(String, String)]) -> String {
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    serde_urlencoded_pairs(&pairs)
}

fn serde_urlencoded_pairs(pairs: &[(&str, &str)]) -> String {
    let mut url = reqwest::Url::parse("http://x/").unwrap();
    url.query_pairs_mut().extend_pairs(pairs);
    url.query().unwrap_or_default().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_administrator_previews_and_adds_a_tariff_that_every_process_then_prices_with() {
    let app = common::spawn(common::Options::default()).await;
    app.add_staff("admin1", "admin", None).await;
    app.add_staff("spv1", "supervisor", Some("01")).await;
    let (admin, spv) = (app.sign_in("admin1").await, app.sign_in("spv1").await);
    // The group most customers are in: its meter sizes must all be priced.
    let group: String = sqlx::query_scalar(
        "SELECT group_code FROM customers GROUP BY group_code ORDER BY COUNT(*) DESC, group_code LIMIT 1",
    )
    .fetch_one(&app.state.db)
    .await
    .unwrap();
    let billed: String = sqlx::query_scalar("SELECT MAX(period) FROM bills").fetch_one(&app.state.db).await.unwrap();
    let earliest = billed.parse::<Period>().unwrap().next().max(Period::of(app::ssr::clock::today_wib()));
    // Another process of the same portal, started before the change, whose own check is an
    // hour away: the test asks it to check.
    let hourly = common::Options { env: vec![("TIRTA_RULES_CHECK_SECS", "3600".into())], ..common::Options::default() };
    let other = app.replica(&hourly).await;

    assert_eq!(app.get_as("/staf/tarif", &spv).await.status, 403, "administrators only");
    let desk = app.get_as("/staf/tarif", &admin).await;
    assert_eq!(desk.status, 200);
    assert!(desk.body.contains(&format!("<option value=\"{group}\"")), "a group to write a decree for");

    // A decree starts from the group's latest tariff, in the earliest period still open.
    let start = app.get_as(&format!("/staf/tarif?golongan={group}"), &admin).await;
    assert_eq!(start.status, 200);
    assert!(start.body.contains(&format!("value=\"{earliest}\"")), "{}", start.body);
    assert!(start.body.contains("name=\"tariff[blocks][0][price_per_m3]\""));

    // The preview prices typical months under the old and the new tariff, and carries the
    // decree to save as it was previewed.
    let fields = decree(&group, earliest, "1500");
    let preview = app.get_as(&format!("/staf/tarif?{}", query(&fields)), &admin).await;
    assert_eq!(preview.status, 200, "{}", preview.body);
    assert!(preview.body.contains("id=\"pratinjau\"") && preview.body.contains("data-usage=\"20\""));
    assert!(preview.body.contains("Rp\u{a0}20.000"), "10 m3 at 1.500 and 5.000 of charges: {}", preview.body);
    assert!(preview.body.contains("type=\"hidden\" name=\"tariff[blocks][2][price_per_m3]\" value=\"4000\""));

    // Faults are named, with 400, and nothing is saved.
    let mut bounds = fields.clone();
    bounds[6].1 = "5".into();
    let faulty = app.get_as(&format!("/staf/tarif?{}", query(&bounds)), &admin).await;
    assert_eq!(faulty.status, 400);
    assert!(faulty.body.contains("Batas atas blok harus naik"), "{}", faulty.body);
    assert!(!faulty.body.contains("id=\"pratinjau\""));
    let mut early = fields.clone();
    early[1].1 = billed.clone();
    let refused = app.get_as(&format!("/staf/tarif?{}", query(&early)), &admin).await;
    assert_eq!(refused.status, 400);
    assert!(refused.body.contains("paling cepat berlaku mulai"), "{}", refused.body);
    let mut sized = fields.clone();
    sized[12].1 = "9".into();
    let unpriced = app.get_as(&format!("/staf/tarif?{}", query(&sized)), &admin).await;
    assert_eq!(unpriced.status, 400, "a charge for 9\" meters only leaves the group's meters unpriced");
    assert!(unpriced.body.contains("tidak menyebut biaya tetap untuk meter"), "{}", unpriced.body);
    assert_eq!(app.get_as("/staf/tarif?tariff[blocks][x]=1", &admin).await.status, 400, "an address nobody wrote");

    let post = |login: &common::StaffLogin, fields: &[(String, String)]| {
        let mut form: Vec<(&str, &str)> = vec![("csrf", login.csrf.as_str())];
        form.extend(fields.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        let form: Vec<(String, String)> = form.into_iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        let (app, login) = (&app, login.clone());
        async move {
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            app.post_form("/api/staff/tariffs/add", Some(&login), &form).await
        }
    };
    assert_eq!(post(&spv, &fields).await.status, 403);
    assert_eq!(post(&admin, &early).await.status, 400);
    assert_eq!(post(&admin, &bounds).await.status, 400);
    let count = || async {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM tariffs").fetch_one(&app.state.db).await.unwrap()
    };
    let before = count().await;
    let saved = post(&admin, &fields).await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    assert_eq!(count().await, before + 1);
    let again = post(&admin, &fields).await;
    assert_eq!(again.status, 400, "a group has one tariff per period: {}", again.body);
    assert_eq!(count().await, before + 1);

    let (subject, detail): (String, String) =
        sqlx::query_as("SELECT subject, detail FROM audit_log WHERE action = 'tariff_added'")
            .fetch_one(&app.state.db)
            .await
            .unwrap();
    assert_eq!(subject, format!("{group} {earliest}"));
    assert!(detail.contains("Peraturan Bupati No. 7") && detail.contains("10:Rp 1.500"), "{detail}");

    // This process prices with it at once; the other one once it checks.
    let priced = |rules: &app::domain::BillingRules| {
        rules.tariffs.tariff_for(&group, earliest).unwrap().blocks[0].price_per_m3.to_string()
    };
    assert_eq!(priced(&app.state.rules.get()), "Rp 1.500");
    assert_ne!(priced(&other.state.rules.get()), "Rp 1.500");
    assert!(other.state.rules.refresh(&other.state.db).await.unwrap());
    assert_eq!(priced(&other.state.rules.get()), "Rp 1.500");
    assert!(!other.state.rules.refresh(&other.state.db).await.unwrap(), "nothing changed since");

    // Customers read it on the tariff page: in force, or announced for its period.
    let sheet = app.get("/tarif").await;
    assert!(sheet.body.contains("Peraturan Bupati No. 7 Tahun 2026"), "{}", sheet.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_administrator_sets_a_late_fee_rule_for_bills_due_later_the_due_day_and_the_holidays() {
    use app::domain::LateFeePolicy;
    let app = common::spawn(common::Options::default()).await;
    app.add_staff("admin1", "admin", None).await;
    app.add_staff("spv1", "supervisor", Some("01")).await;
    let (admin, spv) = (app.sign_in("admin1").await, app.sign_in("spv1").await);
    let today = app::ssr::clock::today_wib();
    // A new rule starts after every due date already out, and after today.
    let latest_due = app::ssr::db::rules::latest_due_date(&mut app.state.db.acquire().await.unwrap()).await.unwrap();
    let earliest = latest_due.unwrap().succ_opt().unwrap().max(today.succ_opt().unwrap());
    let before = app.state.rules.get().late_fee.for_due(today).clone();
    let post = |who: &common::StaffLogin, path: &'static str, fields: Vec<(&'static str, String)>| {
        let (app, who) = (&app, who.clone());
        async move {
            let mut form: Vec<(&str, &str)> = vec![("csrf", who.csrf.as_str())];
            form.extend(fields.iter().map(|(k, v)| (*k, v.as_str())));
            app.post_form(path, Some(&who), &form).await.status
        }
    };
    let rule = |from: String, percent: &str| {
        vec![
            ("rule[effective_from]", from),
            ("rule[decree]", "Peraturan Direksi No. 4 Tahun 2026".to_string()),
            ("rule[rule]", "percentage".to_string()),
            ("rule[percent]", percent.to_string()),
            ("rule[rounding]", "half_up".to_string()),
        ]
    };
    const LATE_FEE: &str = "/api/staff/tariffs/late-fee";
    assert_eq!(post(&spv, LATE_FEE, rule(earliest.to_string(), "2")).await, 403);
    assert_eq!(post(&admin, LATE_FEE, rule(today.to_string(), "2")).await, 400, "never for bills already out");
    let last_out = earliest.pred_opt().unwrap().to_string();
    assert_eq!(post(&admin, LATE_FEE, rule(last_out, "2")).await, 400, "not the last due date out either");
    assert_eq!(post(&admin, LATE_FEE, rule(earliest.to_string(), "120")).await, 400);
    assert_eq!(post(&admin, LATE_FEE, rule("besok".into(), "2")).await, 400);
    let mut tiers = rule(earliest.to_string(), "2");
    tiers[2].1 = "tiers_by_months_late".into();
    tiers.push(("rule[tiers][0][from_months]", "2".into()));
    tiers.push(("rule[tiers][0][fee]", "5000".into()));
    assert_eq!(post(&admin, LATE_FEE, tiers).await, 400, "tiers start at one month late");
    assert_eq!(post(&admin, LATE_FEE, rule(earliest.to_string(), "2,5")).await, 200);
    assert_eq!(post(&admin, LATE_FEE, rule(earliest.to_string(), "3")).await, 400, "one rule a day");

    // Bills due from its day are priced by it, those already out keep theirs, at once.
    let rules = app.state.rules.get();
    assert_eq!(rules.late_fee.for_due(latest_due.unwrap()), &before);
    assert!(
        matches!(rules.late_fee.for_due(earliest), LateFeePolicy::Percentage { percent, .. } if percent.to_string() == "2.5")
    );
    let desk = app.get_as("/staf/tarif", &admin).await;
    assert!(desk.body.contains(&format!("data-late-fee-from=\"{earliest}\"")), "{}", desk.body);
    assert!(desk.body.contains("Peraturan Direksi No. 4 Tahun 2026"));
    let sheet = app.get("/tarif").await;
    assert!(sheet.body.contains(&format!("data-late-fee-from=\"{earliest}\"")), "customers are told: {}", sheet.body);

    const DUE: &str = "/api/staff/tariffs/due-day";
    assert_eq!(post(&admin, DUE, vec![("due_day", "31".into())]).await, 400);
    assert_eq!(post(&admin, DUE, vec![("due_day", "25".into())]).await, 200);
    let due = app.state.rules.get().due.clone();
    assert_eq!((due.due_day, due.skip_sundays), (25, false), "the box left empty");
    assert_eq!(post(&admin, DUE, vec![("due_day", "20".into()), ("skip_sundays", "1".into())]).await, 200);
    assert_eq!((app.state.rules.get().due.due_day, app.state.rules.get().due.skip_sundays), (20, true));

    const HOLIDAY: &str = "/api/staff/tariffs/holiday";
    let day = today + chrono::Days::new(10);
    assert_eq!(post(&admin, HOLIDAY, vec![("day", "10/12".into()), ("name", "Hari Jadi".into())]).await, 400);
    assert_eq!(post(&admin, HOLIDAY, vec![("day", day.to_string()), ("name", String::new())]).await, 400);
    assert_eq!(
        post(&admin, HOLIDAY, vec![("day", day.to_string()), ("name", "Hari Jadi Kabupaten".into())]).await,
        200
    );
    assert!(app.state.rules.get().due.holidays.contains(&day));
    assert!(app.get_as("/staf/tarif", &admin).await.body.contains(&format!("data-holiday=\"{day}\"")));
    assert_eq!(post(&admin, "/api/staff/tariffs/holiday/remove", vec![("day", day.to_string())]).await, 200);
    assert!(!app.state.rules.get().due.holidays.contains(&day));

    let actions: Vec<String> = sqlx::query_scalar(
        "SELECT action FROM audit_log WHERE action IN ('late_fee_rule_added', 'due_rule_changed', 'holiday_added', 'holiday_removed') ORDER BY id",
    )
    .fetch_all(&app.state.db)
    .await
    .unwrap();
    assert_eq!(
        actions,
        ["late_fee_rule_added", "due_rule_changed", "due_rule_changed", "holiday_added", "holiday_removed"]
    );
}

/// The estimator prices a usage as the month's billing run did, and as the billing domain does
/// for every group, meter size and usage (0 to beyond the last block).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_estimator_prices_a_usage_as_the_billing_run_does() {
    use app::domain::{compute_bill, Connection, MeterReading};
    use app::model::tariffs::Estimate;
    let app = common::spawn(common::Options::default()).await;
    let estimate = |group: String, meter: String, usage: String| {
        let app = &app;
        async move {
            app.post_form("/api/tariffs/estimate", None, &[("group", &group), ("meter", &meter), ("usage", &usage)])
                .await
        }
    };
    // What the run billed this month, without corrections.
    let billed: Vec<(String, String, i64, i64)> = sqlx::query_as(
        "SELECT c.group_code, c.meter_size, b.usage_m3, b.amount FROM bills b JOIN customers c ON c.id = b.customer_id
         WHERE b.adjustment = 0 AND b.period = $1 ORDER BY b.id",
    )
    .bind(Period::of(app::ssr::clock::today_wib()).prev().to_string())
    .fetch_all(&app.state.db)
    .await
    .unwrap();
    assert!(billed.len() >= 10, "bills to compare with: {}", billed.len());
    for (group, meter, usage, amount) in &billed {
        let page = estimate(group.clone(), meter.clone(), usage.to_string()).await;
        assert_eq!(page.status, 200, "{}", page.body);
        let e: Estimate = serde_json::from_str(&page.body).unwrap();
        assert_eq!(e.breakdown.amount, app::domain::Money::rupiah(*amount), "{group} {meter} {usage} m³");
    }
    // Every group and meter size in force, usages from none to far past the last block.
    let today = app::ssr::clock::today_wib();
    let rules = app.state.rules.get();
    let tariffs = rules.tariffs.in_force(Period::of(today));
    let mut checked = 0;
    for tariff in tariffs {
        let sizes: Vec<String> = tariff.fixed_charges.iter().filter_map(|c| c.meter_size.clone()).collect();
        for size in sizes.iter().take(2) {
            for usage in [0u32, 1, 9, 10, 11, 19, 20, 21, 29, 30, 31, 47, 99, 100, 101, 250, 999, 12_345] {
                let reading = MeterReading {
                    period: Period::of(today),
                    read_on: today,
                    stand_awal: 0,
                    stand_akhir: i64::from(usage),
                    replacement: None,
                    estimated: false,
                };
                let expected =
                    compute_bill(&rules.tariffs, &Connection { group: &tariff.group, meter_size: size }, &reading)
                        .unwrap();
                let page = estimate(tariff.group.clone(), size.clone(), usage.to_string()).await;
                let e: Estimate = serde_json::from_str(&page.body).unwrap();
                assert_eq!(e.breakdown, expected, "{} {size} {usage}", tariff.group);
                checked += 1;
            }
        }
    }
    assert!(checked > 50, "{checked} estimates");
    // What cannot be priced says why.
    let (group, meter) = (billed[0].0.clone(), billed[0].1.clone());
    for (g, m, u, field) in [
        ("ZZ", meter.as_str(), "10", "group"),
        (group.as_str(), "9", "10", "meter_size"),
        (group.as_str(), meter.as_str(), "sepuluh", "usage"),
        (group.as_str(), meter.as_str(), "-5", "usage"),
        (group.as_str(), meter.as_str(), "100001", "usage"),
    ] {
        let page = estimate(g.into(), m.into(), u.into()).await;
        assert_eq!(page.status, 400, "{g} {m} {u}: {}", page.body);
        assert!(page.body.contains(field), "{g} {m} {u}: {}", page.body);
    }
    // The page, without JavaScript: the form's address gives the same total.
    let (group, meter, usage, amount) = &billed[0];
    let page = common::TestApp::get(
        &app,
        &format!("/tarif?golongan={group}&meter={}&pakai={usage}", meter.replace('/', "%2F")),
    )
    .await;
    assert_eq!(page.status, 200);
    let shown = app::domain::Money::rupiah(*amount).to_string();
    assert!(page.body.contains(&format!("data-estimate=\"{shown}\"")), "the page shows {shown}");
    let by_figures = app
        .get(&format!("/tarif?golongan={group}&meter={}&awal=1000&akhir={}", meter.replace('/', "%2F"), 1000 + usage))
        .await;
    assert!(by_figures.body.contains(&format!("data-estimate=\"{shown}\"")), "from two meter figures");
    let bad = app.get(&format!("/tarif?golongan={group}&meter={}&pakai=banyak", meter.replace('/', "%2F"))).await;
    assert_eq!(bad.status, 400);
    assert!(bad.body.contains("role=\"alert\""));
}
