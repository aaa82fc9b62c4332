use super::offline_counter::OfflineDesk;
use super::StaffGate;
use crate::api::counter::{
    counter_receipt, find_counter_account, typed_rupiah, CounterAccount, PaidAtCounter, TakeCash,
};
use crate::components::error_panel::{explain, ErrorPanel, FormError};
use crate::domain::{Arrears, Money};
use crate::error::AppError;
use crate::i18n::{use_lang, Lang};
use leptos::either::EitherOf3;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The teller's counter: find a customer and check who they are, choose what is paid, count
/// the cash, confirm, and print the receipt; then the next customer. Every step is a page of its
/// own (`?no=`, `&tunai=` to confirm, `?resi=` once paid), so it works without JavaScript; once
/// hydrated the change is worked out while the cash is typed.
#[component]
pub fn CounterPage() -> impl IntoView {
    let lang = use_lang();
    view! {
        <Title text=lang.t("Loket pembayaran · Petugas", "Counter · Staff")/>
        <StaffGate let:ctx>
            <h1>{lang.t("Loket pembayaran", "Counter payments")}</h1>
            // Shown when the server cannot be reached (the page then comes from the device).
            <OfflineDesk username=offline_teller(&ctx)/>
            <div class="counter-online">
                <Counter/>
            </div>
        </StaffGate>
    }
}

/// Who the offline counter names as the teller: a member who takes cash at their own office
/// (an administrator has none); nobody otherwise, and the device then takes no cash offline.
fn offline_teller(ctx: &crate::model::staff::StaffContext) -> String {
    let m = &ctx.member;
    let takes_cash =
        m.office_id().is_some_and(|office_id| m.may(crate::domain::staff::Duty::TakeCounterPayments { office_id }));
    if takes_cash {
        m.username.clone()
    } else {
        String::new()
    }
}

#[component]
fn Counter() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let number = move || query.read().get("no").unwrap_or_default();
    let receipt = move || query.read().get("resi").unwrap_or_default();
    let account = Resource::new(number, |n| async move {
        if n.trim().is_empty() {
            None
        } else {
            Some(find_counter_account(n).await)
        }
    });
    let paid = Resource::new(receipt, |token| async move {
        if token.is_empty() {
            None
        } else {
            Some(counter_receipt(token).await)
        }
    });
    let fresh = move || number().is_empty() && receipt().is_empty();
    view! {
        <Suspense fallback=move || view! { <p class="muted">{lang.t("Memuat…", "Loading…")}</p> }>
            {move || Suspend::new(async move {
                match paid.await {
                    None => None,
                    Some(Ok(r)) => Some(view! { <Paid r/> }.into_any()),
                    Some(Err(error)) => Some(view! { <ErrorPanel error/> }.into_any()),
                }
            })}
        </Suspense>
        <form method="get" action="/staf/loket" class="lookup-form counter-search">
            <label for="no">{lang.t("Nomor sambungan", "Customer number")}</label>
            <div class="lookup-row">
                <input id="no" name="no" type="text" inputmode="numeric" autocomplete="off" maxlength="24" required value=number autofocus=fresh/>
                <button type="submit">{lang.t("Cari", "Find")}</button>
            </div>
        </form>
        <Suspense fallback=move || view! { <p class="muted">{lang.t("Memuat…", "Loading…")}</p> }>
            {move || Suspend::new(async move {
                match account.await {
                    None => None,
                    Some(Ok(a)) => Some(view! { <Account account=a/> }.into_any()),
                    Some(Err(error)) => Some(view! { <ErrorPanel error/> }.into_any()),
                }
            })}
        </Suspense>
    }
}

fn status_text(lang: Lang, account: &CounterAccount) -> String {
    let n = account.overdue;
    match (lang, account.arrears) {
        (_, Arrears::None) if account.bills.is_empty() => lang.t("Lunas", "Paid up").to_string(),
        (Lang::Id, Arrears::None) => "Belum lewat jatuh tempo".to_string(),
        (Lang::En, Arrears::None) => "Not past due".to_string(),
        (Lang::Id, Arrears::Overdue) => "1 tagihan lewat jatuh tempo".to_string(),
        (Lang::En, Arrears::Overdue) => "1 bill past due".to_string(),
        (Lang::Id, Arrears::SealingRisk) => format!("Tunggakan {n} bulan: dapat disegel"),
        (Lang::En, Arrears::SealingRisk) => format!("{n} months in arrears: may be sealed"),
        (Lang::Id, Arrears::DisconnectionRisk) => format!("Tunggakan {n} bulan: dapat diputus"),
        (Lang::En, Arrears::DisconnectionRisk) => format!("{n} months in arrears: may be cut off"),
    }
}

/// Who the customer is, unmasked, and what they owe; then the step the query asks for.
#[component]
fn Account(account: CounterAccount) -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let number = account.number.as_str().to_string();
    let confirming = query.read_untracked().get("tunai").is_some();
    let step = if account.bills.is_empty() {
        EitherOf3::A(
            view! { <p class="alert alert-success" data-state="lunas">{lang.t("Semua tagihan sudah lunas.", "Every bill is paid.")}</p> },
        )
    } else if confirming {
        let periods = query.read_untracked().get("periode").and_then(|p| p.parse::<usize>().ok());
        let cash = query.read_untracked().get("tunai").unwrap_or_default();
        let office = query.read_untracked().get("kantor").unwrap_or_default();
        EitherOf3::B(view! { <Confirm account=account.clone() periods cash office/> })
    } else {
        EitherOf3::C(view! { <Choose account=account.clone()/> })
    };
    view! {
        <section class="panel counter-account" data-number=number>
            <p class="customer-number">{account.number.display()}</p>
            <h2 class="holder-name">{account.name.clone()}</h2>
            <dl class="facts">
                <dt>{lang.t("Alamat", "Address")}</dt><dd>{account.address.clone()}</dd>
                <dt>{lang.t("Desa", "Village")}</dt><dd>{account.village.clone()}</dd>
                <dt>{lang.t("Golongan", "Group")}</dt><dd>{account.group_code.clone()}</dd>
                {account.phone.clone().map(|p| view! { <dt>{lang.t("Telepon", "Phone")}</dt><dd>{p}</dd> })}
                <dt>{lang.t("Status", "Status")}</dt>
                <dd><span class="chip" class:chip-late={account.arrears != Arrears::None} data-arrears=format!("{:?}", account.arrears)>{status_text(lang, &account)}</span></dd>
            </dl>
            {step}
        </section>
    }
}

fn bill_rows(lang: Lang, account: &CounterAccount, periods: Option<usize>) -> impl IntoView {
    let count = periods.unwrap_or(account.bills.len()).min(account.bills.len());
    account.bills[..count]
        .iter()
        .map(|b| {
            view! {
                <tr>
                    <td>{lang.period(b.period)}</td>
                    <td class="num">{lang.money(b.amount)}</td>
                    <td class="num">{lang.money(b.late_fee)}</td>
                </tr>
            }
        })
        .collect_view()
}

/// Step one: which periods (all, or the oldest few) and how much cash was handed over.
#[component]
fn Choose(account: CounterAccount) -> impl IntoView {
    let lang = use_lang();
    let count = account.bills.len();
    // What each choice in the form costs, in whole rupiah: all periods first, then the oldest k.
    let totals = std::iter::once(account.total_of(None))
        .chain((1..count).map(|k| account.total_of(Some(k))))
        .map(|m| m.whole_rupiah().unwrap_or_default().to_string())
        .collect::<Vec<_>>()
        .join(" ");
    let options = (account.oldest_only_allowed && count > 1).then(|| {
        let choices = (1..count)
            .map(|k| {
                let label = match lang {
                    Lang::Id => format!("{k} periode terlama · {}", lang.money(account.total_of(Some(k)))),
                    Lang::En => format!(
                        "The oldest {k} {} · {}",
                        if k == 1 { "period" } else { "periods" },
                        lang.money(account.total_of(Some(k)))
                    ),
                };
                view! { <option value=k.to_string()>{label}</option> }
            })
            .collect_view();
        let all = match lang {
            Lang::Id => format!("Semua {count} periode · {}", lang.money(account.total)),
            Lang::En => format!("All {count} periods · {}", lang.money(account.total)),
        };
        view! {
            <label for="periode">{lang.t("Yang dibayar", "What is paid")}</label>
            <select id="periode" name="periode">
                <option value="">{all}</option>
                {choices}
            </select>
            <p class="muted small">{lang.t(
                "Periode terlama dibayar lebih dulu; tidak ada periode yang dilewati.",
                "The oldest periods are paid first; none is skipped.",
            )}</p>
        }
    });
    view! {
        <table class="bill-table">
            <thead><tr><th>{lang.t("Periode", "Period")}</th><th class="num">{lang.t("Tagihan", "Bill")}</th><th class="num">{lang.t("Denda", "Late fee")}</th></tr></thead>
            <tbody>{bill_rows(lang, &account, None)}</tbody>
            <tfoot><tr><th>{lang.t("Total tagihan", "Total owed")}</th><th class="num total" colspan="2" data-total=account.total.whole_rupiah().unwrap_or_default()>{lang.money(account.total)}</th></tr></tfoot>
        </table>
        <form method="get" action="/staf/loket" class="counter-form">
            <input type="hidden" name="no" value=account.number.as_str().to_string()/>
            <CashChange>
                {(!account.offices.is_empty()).then(|| view! {
                    <label for="kantor">{lang.t("Kas diterima di kantor", "Cash taken at the office")}</label>
                    <select id="kantor" name="kantor">
                        {account.offices.iter().map(|(code, name)| view! { <option value=code.clone()>{name.clone()}</option> }).collect_view()}
                    </select>
                })}
                {options}
                <label for="tunai">{lang.t("Uang diterima (Rp)", "Cash received (Rp)")}</label>
                <input id="tunai" name="tunai" type="text" inputmode="numeric" autocomplete="off" maxlength="15" required
                    placeholder=lang.t("contoh: 150.000", "e.g. 150.000") data-totals=totals/>
                <p class="change js-only" aria-live="polite"></p>
            </CashChange>
            <button type="submit">{lang.t("Lanjut ke konfirmasi", "Go on to confirm")}</button>
        </form>
    }
}

/// The change (or what is still short) worked out while the teller types the cash and picks the
/// periods: the fields and the line that says it are the server's, this only listens to them.
/// The cash field carries what each choice costs (`data-totals`, whole rupiah: everything owed,
/// then the oldest 1, 2, …).
#[island(lazy)]
fn CashChange(children: Children) -> impl IntoView {
    let root = NodeRef::<leptos::html::Div>::new();
    // The teller may have typed before this arrived: say the change for what is there already.
    crate::components::when_ready(root, |element| {
        #[cfg(feature = "hydrate")]
        show_change(element);
        #[cfg(not(feature = "hydrate"))]
        let _ = element;
    });
    let changed = move |ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        if let Some(field) = ev.target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok()) {
            show_change(&field);
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    view! { <div class="cash-change" node_ref=root on:input=changed on:change=changed>{children()}</div> }
}

/// Says the change for the form holding `inside`.
#[cfg(feature = "hydrate")]
fn show_change(inside: &web_sys::Element) {
    use wasm_bindgen::JsValue;
    let Ok(Some(form)) = inside.closest("form") else { return };
    let field = |selector: &str| form.query_selector(selector).ok().flatten();
    let value = |selector: &str| {
        field(selector)
            .and_then(|e| web_sys::js_sys::Reflect::get(&e, &JsValue::from_str("value")).ok())
            .and_then(|v| v.as_string())
            .unwrap_or_default()
    };
    let totals = field("#tunai").and_then(|e| e.get_attribute("data-totals")).unwrap_or_default();
    let totals = totals.split(' ').filter_map(|t| t.parse::<i64>().ok()).collect::<Vec<_>>();
    let chosen = value("#periode").parse::<usize>().unwrap_or(0);
    let lang = crate::i18n::detect_lang();
    let said = match (typed_rupiah(&value("#tunai")), totals.get(chosen).or(totals.first())) {
        (Some(handed), Some(total)) if handed < *total => {
            format!("{} {}", lang.t("Kurang", "Short by"), crate::domain::rupiah_text(total - handed))
        }
        (Some(handed), Some(total)) => {
            format!("{} {}", lang.t("Kembalian", "Change"), crate::domain::rupiah_text(handed - total))
        }
        _ => String::new(),
    };
    if let Some(line) = field(".change") {
        line.set_text_content(Some(&said));
    }
}

/// Step two: the total, the cash and the change said once more before the money is recorded.
#[component]
fn Confirm(account: CounterAccount, periods: Option<usize>, cash: String, office: String) -> impl IntoView {
    let lang = use_lang();
    let pay = ServerAction::<TakeCash>::new();
    let error = Signal::derive(move || pay.value().get().and_then(Result::err));
    let periods = periods.filter(|k| account.oldest_only_allowed && (1..account.bills.len()).contains(k));
    let total = account.total_of(periods);
    let handed = typed_rupiah(&cash);
    let number = account.number.as_str().to_string();
    let back = format!("/staf/loket?no={number}");
    let short = match handed {
        None => Some(AppError::BadRequest),
        Some(h) if Money::rupiah(h) < total => Some(AppError::CashShort { short_by: total - Money::rupiah(h) }),
        Some(_) => None,
    };
    let problem = short.map(|e| {
        let (title, detail) = match &e {
            AppError::BadRequest => (
                lang.t("Uang diterima belum diisi", "Cash received is missing"),
                lang.t(
                    "Tulis jumlah uang yang diterima, misalnya 150.000.",
                    "Type the cash received, such as 150.000.",
                )
                .to_string(),
            ),
            other => explain(lang, other),
        };
        view! {
            <p class="alert alert-danger" role="alert"><strong>{title}</strong>" "{detail}</p>
            <p><a class="button button-outline" href=back.clone() rel="external">{lang.t("Ubah", "Change")}</a></p>
        }
    });
    let change = handed.map(|h| Money::rupiah(h) - total).filter(|c| !c.is_negative());
    let rows = bill_rows(lang, &account, periods);
    let unpaid_left = account.bills.len() - periods.unwrap_or(account.bills.len());
    let confirm = change.map(|change| {
        let amount = total.whole_rupiah().unwrap_or_default().to_string();
        let handed = handed.unwrap_or_default().to_string();
        view! {
            <dl class="facts confirm-figures">
                <dt>{lang.t("Total diterima", "Total to take")}</dt><dd class="num total" data-total=amount.clone()>{lang.money(total)}</dd>
                <dt>{lang.t("Uang diterima", "Cash received")}</dt><dd class="num">{lang.money(Money::rupiah(handed.parse().unwrap_or_default()))}</dd>
                <dt>{lang.t("Kembalian", "Change")}</dt><dd class="num change-due" data-change=change.whole_rupiah().unwrap_or_default()>{lang.money(change)}</dd>
            </dl>
            <FormError error/>
            <ActionForm action=pay attr:class="pay-form">
                <input type="hidden" name="csrf" value=account.csrf.clone()/>
                <input type="hidden" name="number" value=number.clone()/>
                <input type="hidden" name="amount" value=amount/>
                <input type="hidden" name="periods" value=periods.map(|k| k.to_string()).unwrap_or_default()/>
                <input type="hidden" name="cash" value=handed/>
                <input type="hidden" name="office" value=office.clone()/>
                <input type="hidden" name="request_id" value=account.request_id.clone()/>
                <button type="submit" class="button-pay">{lang.t("Terima tunai ", "Take cash ")}{lang.money(total)}</button>
            </ActionForm>
            <p><a href=back.clone() rel="external">{lang.t("Ubah", "Change")}</a></p>
        }
    });
    view! {
        <h3>{lang.t("Konfirmasi pembayaran", "Confirm the payment")}</h3>
        <table class="bill-table">
            <thead><tr><th>{lang.t("Periode", "Period")}</th><th class="num">{lang.t("Tagihan", "Bill")}</th><th class="num">{lang.t("Denda", "Late fee")}</th></tr></thead>
            <tbody>{rows}</tbody>
            <tfoot><tr><th>{lang.t("Total", "Total")}</th><th class="num" colspan="2">{lang.money(total)}</th></tr></tfoot>
        </table>
        {periods.map(|k| view! {
            <p class="alert alert-info">{match lang {
                Lang::Id => format!("Hanya {k} periode terlama; {unpaid_left} periode tetap belum dibayar."),
                Lang::En => format!("The oldest {k} only; {unpaid_left} stay unpaid."),
            }}</p>
        })}
        {problem}
        {confirm}
    }
}

/// Paid: the receipt to print, the change to hand back, and the next customer.
#[component]
fn Paid(r: PaidAtCounter) -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let change = query
        .read_untracked()
        .get("tunai")
        .and_then(|c| typed_rupiah(&c))
        .map(|h| Money::rupiah(h) - r.amount)
        .filter(|c| !c.is_negative());
    let periods = r.periods.iter().map(|p| lang.period(*p)).collect::<Vec<_>>().join(", ");
    view! {
        <section class="panel counter-paid" role="status" data-receipt=r.receipt_number.clone()>
            <h2>{lang.t("Pembayaran diterima", "Payment received")}</h2>
            <p><strong>{r.number.display()}" · "{r.name.clone()}</strong></p>
            <p class="muted small">{periods}</p>
            <dl class="facts">
                <dt>{lang.t("No. resi", "Receipt")}</dt><dd><code>{r.receipt_number.clone()}</code></dd>
                <dt>{lang.t("Jumlah", "Amount")}</dt><dd class="num">{lang.money(r.amount)}</dd>
                {change.map(|c| view! { <dt>{lang.t("Kembalian", "Change")}</dt><dd class="num change-due" data-change=c.whole_rupiah().unwrap_or_default()>{lang.money(c)}</dd> })}
            </dl>
            <p><a class="button" href=format!("/resi/{}", r.token) target="_blank" rel="noopener">{lang.t("Cetak resi", "Print the receipt")}</a></p>
            <p><a class="button button-outline" href="/staf/loket">{lang.t("Pelanggan berikutnya", "Next customer")}</a></p>
        </section>
    }
}
