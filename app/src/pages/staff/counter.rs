use super::StaffGate;
use crate::api::counter::{find_counter_account, CounterAccount, TakeCash};
use crate::components::error_panel::{ErrorPanel, FormError};
use crate::i18n::use_lang;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The teller's counter: find a customer, see what is owed, take the cash, print the receipt.
#[component]
pub fn CounterPage() -> impl IntoView {
    let lang = use_lang();
    view! {
        <Title text=lang.t("Loket pembayaran · Petugas", "Counter · Staff")/>
        <StaffGate let:_ctx>
            <Counter/>
        </StaffGate>
    }
}

#[component]
fn Counter() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let number = move || query.read().get("no").unwrap_or_default();
    let account = Resource::new(number, |n| async move {
        if n.trim().is_empty() {
            None
        } else {
            Some(find_counter_account(n).await)
        }
    });
    view! {
        <h1>{lang.t("Loket pembayaran", "Counter payments")}</h1>
        <form method="get" action="/staf/loket" class="lookup-form">
            <label for="no">{lang.t("Nomor sambungan", "Customer number")}</label>
            <input id="no" name="no" inputmode="numeric" required value=number autofocus/>
            <button type="submit">{lang.t("Cari", "Find")}</button>
        </form>
        <Suspense fallback=move || view! { <p class="muted">{lang.t("Memuat…", "Loading…")}</p> }>
            {move || Suspend::new(async move {
                match account.await {
                    None => None,
                    Some(Ok(a)) => Some(view! { <Bills account=a/> }.into_any()),
                    Some(Err(error)) => Some(view! { <ErrorPanel error/> }.into_any()),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Bills(account: CounterAccount) -> impl IntoView {
    let lang = use_lang();
    let pay = ServerAction::<TakeCash>::new();
    let error = Signal::derive(move || pay.value().get().and_then(Result::err));
    let amount = account.total.whole_rupiah().unwrap_or_default().to_string();
    let nothing = account.bills.is_empty();
    let number = account.number.as_str().to_string();
    let number_field = number.clone();
    view! {
        <section class="panel counter-account" data-number=number>
            <h2>{account.number.display()}" · "{account.name.clone()}</h2>
            <p class="muted">{account.village.clone()}</p>
            {if nothing {
                view! { <p class="alert alert-success" data-state="lunas">{lang.t("Semua tagihan sudah lunas.", "Every bill is paid.")}</p> }.into_any()
            } else {
                view! {
                    <table class="bill-table">
                        <thead><tr><th>{lang.t("Periode", "Period")}</th><th class="num">{lang.t("Tagihan", "Bill")}</th><th class="num">{lang.t("Denda", "Late fee")}</th></tr></thead>
                        <tbody>
                            {account.bills.iter().map(|b| view! {
                                <tr><td>{lang.period(b.period)}</td><td class="num">{lang.money(b.amount)}</td><td class="num">{lang.money(b.late_fee)}</td></tr>
                            }).collect_view()}
                        </tbody>
                        <tfoot><tr><th>{lang.t("Total diterima", "Total to take")}</th><th class="num total" colspan="2" data-total=amount.clone()>{lang.money(account.total)}</th></tr></tfoot>
                    </table>
                    <FormError error/>
                    <ActionForm action=pay attr:class="pay-form">
                        <input type="hidden" name="csrf" value=account.csrf.clone()/>
                        <input type="hidden" name="number" value=number_field/>
                        <input type="hidden" name="amount" value=amount.clone()/>
                        <input type="hidden" name="request_id" value=account.request_id.clone()/>
                        <button type="submit" class="button-pay">{lang.t("Terima tunai ", "Take cash ")}{lang.money(account.total)}</button>
                    </ActionForm>
                }.into_any()
            }}
        </section>
    }
}
