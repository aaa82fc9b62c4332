//! The payment ledger: intents, once-only credit, money set aside instead of lost.

use crate::common;

use app::domain::IntentStatus;
use app::domain::{Channel, Cover};
use app::domain::{CustomerNumber, Money, RefundReason, Settlement};
use app::ssr::db::ledger::{expire_intents, find_intent, settle, LedgerError, PaymentReport};
use app::ssr::payments::open_intent;
use chrono::{Duration, Utc};
use common::{spawn, Options};

const PAID_UP: &str = "0201000001";
const ONE_UNPAID: &str = "0201000002";
const FOUR_UNPAID: &str = "0201000004";

fn number(n: &str) -> CustomerNumber {
    CustomerNumber::parse(n).unwrap()
}

fn report(channel: &str, partner_reference: &str, intent_reference: &str, amount: Money) -> PaymentReport {
    PaymentReport {
        channel: Channel::parse(channel).expect("a channel code"),
        partner_reference: partner_reference.into(),
        intent_reference: intent_reference.into(),
        amount,
        at: Utc::now(),
        money_moved: true,
        taken_by: None,
        refuse: None,
    }
}

async fn count(app: &common::TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(&app.state.db).await.unwrap()
}

async fn unpaid_bills(app: &common::TestApp, customer: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM bills b JOIN customers c ON c.id = b.customer_id WHERE c.number = $1 AND b.payment_id IS NULL")
        .bind(customer)
        .fetch_one(&app.state.db)
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_intent_covers_everything_unpaid_and_is_reused() {
    let app = spawn(Options::default()).await;
    let now = Utc::now();
    let first = open_intent(
        &app.state,
        &number(FOUR_UNPAID),
        &app::domain::Channel::Qris,
        now,
        Duration::minutes(30),
        Cover::All,
    )
    .await
    .unwrap();
    let account = app::ssr::accounts::bill_page(&app.state, &number(FOUR_UNPAID), app::ssr::clock::today_wib())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(first.amount, account.total_owed, "bills plus late fees as of now");
    assert_eq!(first.periods.len(), 4);
    assert!(first.periods.windows(2).all(|w| w[0] < w[1]), "oldest first");
    let again = open_intent(
        &app.state,
        &number(FOUR_UNPAID),
        &app::domain::Channel::Qris,
        now,
        Duration::minutes(30),
        Cover::All,
    )
    .await
    .unwrap();
    assert_eq!(again.reference, first.reference, "asking again returns the same intent");
    let other_channel = open_intent(
        &app.state,
        &number(FOUR_UNPAID),
        &app::domain::Channel::Bank("bri".into()),
        now,
        Duration::minutes(30),
        Cover::All,
    )
    .await
    .unwrap();
    assert_ne!(other_channel.reference, first.reference);
    let after_expiry = open_intent(
        &app.state,
        &number(FOUR_UNPAID),
        &app::domain::Channel::Qris,
        now + Duration::minutes(31),
        Duration::minutes(30),
        Cover::All,
    )
    .await
    .unwrap();
    assert_ne!(after_expiry.reference, first.reference, "an expired intent is not handed out again");
    assert!(matches!(
        open_intent(&app.state, &number(PAID_UP), &app::domain::Channel::Qris, now, Duration::minutes(30), Cover::All)
            .await,
        Err(LedgerError::NothingToPay)
    ));
    assert!(matches!(
        open_intent(
            &app.state,
            &number("9999999999"),
            &app::domain::Channel::Qris,
            now,
            Duration::minutes(30),
            Cover::All
        )
        .await,
        Err(LedgerError::CustomerNotFound)
    ));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_counter_may_cover_the_oldest_periods_only_never_skipping_one() {
    let app = spawn(Options::default()).await;
    let now = Utc::now();
    let account = app::ssr::accounts::bill_page(&app.state, &number(FOUR_UNPAID), app::ssr::clock::today_wib())
        .await
        .unwrap()
        .unwrap();
    let two = open_intent(
        &app.state,
        &number(FOUR_UNPAID),
        &app::domain::Channel::Counter,
        now,
        Duration::minutes(10),
        Cover::Oldest(2),
    )
    .await
    .unwrap();
    assert_eq!(two.periods, account.unpaid[..2].iter().map(|b| b.period).collect::<Vec<_>>(), "the two oldest");
    assert_eq!(two.amount, account.unpaid[0].total + account.unpaid[1].total);
    let all = open_intent(
        &app.state,
        &number(FOUR_UNPAID),
        &app::domain::Channel::Counter,
        now,
        Duration::minutes(10),
        Cover::All,
    )
    .await
    .unwrap();
    assert_ne!(all.reference, two.reference, "another cover is another intent");
    assert_eq!(all.amount, account.total_owed);
    for n in [0, 5] {
        assert!(matches!(
            open_intent(
                &app.state,
                &number(FOUR_UNPAID),
                &app::domain::Channel::Counter,
                now,
                Duration::minutes(10),
                Cover::Oldest(n)
            )
            .await,
            Err(LedgerError::NotCoverable)
        ));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_payment_credits_the_bills_once() {
    let app = spawn(Options::default()).await;
    let intent = open_intent(
        &app.state,
        &number(ONE_UNPAID),
        &app::domain::Channel::Qris,
        Utc::now(),
        Duration::minutes(30),
        Cover::All,
    )
    .await
    .unwrap();
    let paid = report("qris", "ACQ-1", &intent.reference, intent.amount);
    let first = settle(&app.state.db, &paid).await.unwrap();
    let Settlement::Credited { receipt_number } = first.clone() else { panic!("credited: {first:?}") };
    assert!(receipt_number.starts_with("TRT-"));
    assert_eq!(unpaid_bills(&app, ONE_UNPAID).await, 0);
    let account = app::ssr::accounts::bill_page(&app.state, &number(ONE_UNPAID), app::ssr::clock::today_wib())
        .await
        .unwrap()
        .unwrap();
    assert!(account.unpaid.is_empty());
    assert_eq!(account.paid[0].receipt_number, receipt_number);
    assert_eq!(
        account.paid[0].amount + account.paid[0].late_fee,
        intent.amount,
        "the late fee fixed by the intent is recorded"
    );

    assert_eq!(settle(&app.state.db, &paid).await.unwrap(), Settlement::Repeated(Box::new(first)));
    assert_eq!(count(&app, "SELECT COUNT(*) FROM payments WHERE partner_reference = 'ACQ-1'").await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hundred_concurrent_deliveries_credit_exactly_once() {
    let app = spawn(Options::default()).await;
    let intent = open_intent(
        &app.state,
        &number(FOUR_UNPAID),
        &app::domain::Channel::Qris,
        Utc::now(),
        Duration::minutes(30),
        Cover::All,
    )
    .await
    .unwrap();
    let payments_before = count(&app, "SELECT COUNT(*) FROM payments").await;
    let tasks: Vec<_> = (0..100)
        .map(|_| {
            let db = app.state.db.clone();
            let paid = report("qris", "ACQ-SAME", &intent.reference, intent.amount);
            tokio::spawn(async move { settle(&db, &paid).await })
        })
        .collect();
    let mut credited = 0;
    let mut repeated = 0;
    for task in tasks {
        match task.await.unwrap().unwrap() {
            Settlement::Credited { .. } => credited += 1,
            Settlement::Repeated(_) => repeated += 1,
            other => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!((credited, repeated), (1, 99));
    assert_eq!(count(&app, "SELECT COUNT(*) FROM payments").await, payments_before + 1);
    assert_eq!(unpaid_bills(&app, FOUR_UNPAID).await, 0);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM overpayments").await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_channels_paying_at_once_credit_one_and_set_the_other_aside() {
    let app = spawn(Options::default()).await;
    let now = Utc::now();
    let qris = open_intent(
        &app.state,
        &number(FOUR_UNPAID),
        &app::domain::Channel::Qris,
        now,
        Duration::minutes(30),
        Cover::All,
    )
    .await
    .unwrap();
    let va = open_intent(
        &app.state,
        &number(FOUR_UNPAID),
        &app::domain::Channel::Bank("bri".into()),
        now,
        Duration::hours(24),
        Cover::All,
    )
    .await
    .unwrap();
    let (by_qris, by_va) =
        (report("qris", "ACQ-77", &qris.reference, qris.amount), report("va_bri", "BRI-77", &va.reference, va.amount));
    let (a, b) = tokio::join!(settle(&app.state.db, &by_qris), settle(&app.state.db, &by_va));
    let outcomes = [a.unwrap(), b.unwrap()];
    assert_eq!(outcomes.iter().filter(|o| matches!(o, Settlement::Credited { .. })).count(), 1);
    assert_eq!(
        outcomes.iter().filter(|o| **o == Settlement::SetAside { reason: RefundReason::AlreadyPaid }).count(),
        1
    );
    assert_eq!(count(&app, "SELECT COUNT(*) FROM overpayments WHERE reason = 'already_paid'").await, 1);
    let refund: i64 = count(&app, "SELECT amount FROM overpayments").await;
    assert_eq!(Money::rupiah(refund), qris.amount, "the second payment's money is kept, to refund");
    assert_eq!(count(&app, "SELECT COUNT(DISTINCT payment_id) FROM bills b JOIN customers c ON c.id = b.customer_id WHERE c.number = '0201000004' AND b.payment_id IN (SELECT id FROM payments WHERE intent_id IS NOT NULL)").await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_amount_is_never_credited() {
    let app = spawn(Options::default()).await;
    let intent = open_intent(
        &app.state,
        &number(ONE_UNPAID),
        &app::domain::Channel::Qris,
        Utc::now(),
        Duration::minutes(30),
        Cover::All,
    )
    .await
    .unwrap();
    let short = report("qris", "ACQ-SHORT", &intent.reference, intent.amount - Money::rupiah(1));
    assert_eq!(
        settle(&app.state.db, &short).await.unwrap(),
        Settlement::SetAside { reason: RefundReason::AmountMismatch }
    );
    assert_eq!(unpaid_bills(&app, ONE_UNPAID).await, 1);
    // The right amount afterwards still settles.
    let right = report("qris", "ACQ-RIGHT", &intent.reference, intent.amount);
    assert!(matches!(settle(&app.state.db, &right).await.unwrap(), Settlement::Credited { .. }));
    let unknown = report("qris", "ACQ-X", "TRTNOSUCHREF", intent.amount);
    assert!(matches!(settle(&app.state.db, &unknown).await, Err(LedgerError::UnknownIntent(_))));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pending_intents_past_their_expiry_are_closed() {
    let app = spawn(Options::default()).await;
    let now = Utc::now();
    let short = open_intent(
        &app.state,
        &number(ONE_UNPAID),
        &app::domain::Channel::Qris,
        now,
        Duration::minutes(15),
        Cover::All,
    )
    .await
    .unwrap();
    let long = open_intent(
        &app.state,
        &number(FOUR_UNPAID),
        &app::domain::Channel::Bank("bri".into()),
        now,
        Duration::hours(24),
        Cover::All,
    )
    .await
    .unwrap();
    assert_eq!(expire_intents(&app.state.db, now + Duration::minutes(10)).await.unwrap(), 0);
    assert_eq!(expire_intents(&app.state.db, now + Duration::minutes(16)).await.unwrap(), 1);
    assert_eq!(find_intent(&app.state.db, &short.reference).await.unwrap().unwrap().status, IntentStatus::Expired);
    assert_eq!(find_intent(&app.state.db, &long.reference).await.unwrap().unwrap().status, IntentStatus::Pending);
    // Money that still arrives for an expired intent is credited, not lost.
    let late = report("qris", "ACQ-LATE", &short.reference, short.amount);
    assert!(matches!(settle(&app.state.db, &late).await.unwrap(), Settlement::Credited { .. }));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_before_money_moves_is_refused_without_a_trace() {
    let app = spawn(Options::default()).await;
    let intent = open_intent(
        &app.state,
        &number(ONE_UNPAID),
        &app::domain::Channel::Bank("bri".into()),
        Utc::now(),
        Duration::hours(1),
        Cover::All,
    )
    .await
    .unwrap();
    let mut asked = report("va_bri", "BRI-ASK", &intent.reference, intent.amount - Money::rupiah(500));
    asked.money_moved = false;
    assert_eq!(
        settle(&app.state.db, &asked).await.unwrap(),
        Settlement::Refused { reason: RefundReason::AmountMismatch }
    );
    assert_eq!(count(&app, "SELECT COUNT(*) FROM overpayments").await, 0, "no money moved, nothing to refund");
    asked.amount = intent.amount;
    assert!(
        matches!(settle(&app.state.db, &asked).await.unwrap(), Settlement::Credited { .. }),
        "the corrected request credits"
    );
}
