//! What a counter computes offline from its office's snapshot equals what the server computes
//! from the database. The fixture is a snapshot as the server serves it, with the server's totals
//! and late fees on days before and after due dates and across late-fee steps; the server's
//! integration tests check that it is still what the server serves. Run natively and as
//! WebAssembly, it shows the browser's arithmetic is the server's.

use domain::{BillingRules, IssuedBill, Money, Statement};
use serde::Deserialize;
use wasm_bindgen_test::wasm_bindgen_test;

#[derive(Deserialize)]
struct Fixture {
    rules: BillingRules,
    accounts: Vec<Account>,
}

#[derive(Deserialize)]
struct Account {
    number: String,
    bills: Vec<IssuedBill>,
    expected: Vec<Expected>,
}

#[derive(Deserialize)]
struct Expected {
    day: chrono::NaiveDate,
    total: Money,
    late_fees: Vec<Money>,
}

#[wasm_bindgen_test(unsupported = test)]
fn the_counter_prices_every_account_on_every_day_as_the_server_does() {
    let fixture: Fixture =
        serde_json::from_str(include_str!("fixtures/counter_pricing.json")).expect("the fixture reads");
    let mut checked = 0;
    for account in &fixture.accounts {
        for expected in &account.expected {
            let owed = Statement::of(account.bills.clone(), &fixture.rules, expected.day)
                .unwrap_or_else(|e| panic!("{} on {}: {e}", account.number, expected.day));
            assert_eq!(owed.total, expected.total, "{} on {}", account.number, expected.day);
            let fees: Vec<Money> = owed.bills.iter().map(|b| b.late_fee).collect();
            assert_eq!(fees, expected.late_fees, "{} on {}", account.number, expected.day);
            checked += 1;
        }
    }
    assert!(checked >= 45, "{checked} prices checked");
}
