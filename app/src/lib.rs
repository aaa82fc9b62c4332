//! Tirta: a water utility's customer portal. Pages, server functions, shared types and the
//! billing domain; the same crate compiles for the server (`ssr`) and the browser (`hydrate`).
// The islands build type-checks every page's view for the browser too; deep views need more.
#![recursion_limit = "256"]

pub mod api;
#[cfg(all(feature = "device", target_arch = "wasm32"))]
pub mod browser;
pub mod components;
/// The billing domain, a crate of its own so that its tests also run as WebAssembly.
pub use ::domain;
pub mod enhancement;
pub mod error;
pub mod i18n;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod url;

use components::layout::Layout;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags};
use leptos_router::{
    components::{Route, Router, Routes},
    path, SsrMode,
};
use pages::staff::{
    accounts::AccountsPage,
    audit::AuditPage,
    banks::{BankSecretPage, BankSheetPage, BanksPage},
    billing::{BillingPage, BillingRunPage},
    channels::ChannelsPage,
    complaints::{ComplaintDeskPage, ComplaintRecordPage, ComplaintReportPage},
    counter::CounterPage,
    customers::{CustomerRecordPage, CustomersPage},
    desk::StaffDeskPage,
    devices::CounterDevicesPage,
    imports::{ImportJobPage, ImportsPage},
    login::StaffLoginPage,
    notices::NoticeDeskPage,
    offices::{OfficeDeskPage, OfficeSettingsPage},
    queue::QueueConsolePage,
    queue_stats::QueueStatsPage,
    reports::{CashReportPage, ReconciliationPage},
    tariffs::TariffDeskPage,
};
use pages::{
    bill::BillPage,
    complaint::{ComplaintFormPage, ComplaintPage},
    home::HomePage,
    not_found::NotFound,
    notices::NoticesPage,
    offices::{OfficeListPage, OfficePage},
    offline_receipt::OfflineReceiptPage,
    pay::PayPage,
    queue_screen::QueueScreenPage,
    receipt::ReceiptPage,
    self_reading::{SelfReadingFormPage, SelfReadingPage},
    simulator::SimulatorPage,
    tariffs::TariffPage,
    ticket::TicketPage,
    virtual_accounts::VirtualAccountsPage,
};

pub fn shell(options: LeptosOptions) -> impl IntoView {
    let lang = i18n::detect_lang();
    // Pages that load more than the common bundle (the counter's own) find its names through it.
    provide_context(options.clone());
    view! {
        <!DOCTYPE html>
        <html lang=lang.code()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="theme-color" content="#0a5a8a"/>
                <link rel="icon" type="image/svg+xml" href="/favicon.svg"/>
                <link id="leptos" rel="stylesheet" href=enhancement::Bundle::get(&options).stylesheet.as_str()/>
                <AutoReload options=options.clone()/>
                // Islands: once the page has loaded, the loader hydrates only the parts of the
                // page that react (`#[island]`); the rest stays the server's HTML.
                <enhancement::DeferredEnhancement options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_context(i18n::detect_lang());
    view! {
        <Router>
            <Layout>
                <Routes fallback=NotFound>
                    // Async everywhere data is shown: pages must be whole without JavaScript.
                    <Route path=path!("") view=HomePage ssr=SsrMode::Async/>
                    <Route path=path!("gangguan") view=NoticesPage ssr=SsrMode::Async/>
                    <Route path=path!("staf") view=StaffDeskPage ssr=SsrMode::Async/>
                    <Route path=path!("staf/masuk") view=StaffLoginPage ssr=SsrMode::Async/>
                    <Route path=path!("staf/gangguan") view=NoticeDeskPage ssr=SsrMode::Async/>
                    <Route path=path!("staf/loket") view=CounterPage ssr=SsrMode::Async/>
                    <Route path=path!("staf/antrean") view=QueueConsolePage ssr=SsrMode::Async/>
                    <Route path=path!("staf/perangkat") view=CounterDevicesPage ssr=SsrMode::Async/>
                    <Route path=path!("staf/antrean/statistik") view=QueueStatsPage ssr=SsrMode::Async/>
                    <Route path=path!("staf/laporan") view=CashReportPage ssr=SsrMode::Async/>
                    <Route path=path!("staf/rekonsiliasi") view=ReconciliationPage ssr=SsrMode::Async/>
                    <Route path=path!("staf/pengguna") view=AccountsPage ssr=SsrMode::Async/>
                    <Route path=path!("staf/audit") view=AuditPage ssr=SsrMode::Async/>
                    <Route path=path!("staf/kanal") view=ChannelsPage ssr=SsrMode::Async/>
                    <Route path=path!("staf/impor") view=ImportsPage ssr=SsrMode::Async/>
                    <Route path=path!("staf/pelanggan") view=CustomersPage ssr=SsrMode::Async/>
                    <Route path=path!("staf/pelanggan/:number") view=CustomerRecordPage ssr=SsrMode::Async/>
                    <Route path=path!("staf/tagihan") view=BillingPage ssr=SsrMode::Async/>
                    <Route path=path!("staf/tarif") view=TariffDeskPage ssr=SsrMode::Async/>
                    <Route path=path!("staf/bank") view=BanksPage ssr=SsrMode::Async/>
                    <Route path=path!("staf/kantor") view=OfficeDeskPage ssr=SsrMode::Async/>
                    <Route path=path!("staf/kantor/:code") view=OfficeSettingsPage ssr=SsrMode::Async/>
                    <Route path=path!("staf/bank/:id/rahasia") view=BankSecretPage ssr=SsrMode::Async/>
                    <Route path=path!("staf/bank/:id/lembar") view=BankSheetPage ssr=SsrMode::Async/>
                    <Route path=path!("staf/tagihan/:id") view=BillingRunPage ssr=SsrMode::Async/>
                    <Route path=path!("staf/impor/:id") view=ImportJobPage ssr=SsrMode::Async/>
                    <Route path=path!("staf/pengaduan") view=ComplaintDeskPage ssr=SsrMode::Async/>
                    <Route path=path!("staf/pengaduan/laporan") view=ComplaintReportPage ssr=SsrMode::Async/>
                    <Route path=path!("staf/pengaduan/:id") view=ComplaintRecordPage ssr=SsrMode::Async/>
                    // Async: the status (400, 404, 429) must be known before the headers go out.
                    <Route path=path!("tagihan") view=BillPage ssr=SsrMode::Async/>
                    <Route path=path!("tarif") view=TariffPage ssr=SsrMode::Async/>
                    <Route path=path!("kantor") view=OfficeListPage ssr=SsrMode::Async/>
                    <Route path=path!("kantor/:code") view=OfficePage ssr=SsrMode::Async/>
                    <Route path=path!("kantor/:code/layar") view=QueueScreenPage ssr=SsrMode::Async/>
                    <Route path=path!("bayar/va") view=VirtualAccountsPage ssr=SsrMode::Async/>
                    <Route path=path!("bayar/:reference") view=PayPage ssr=SsrMode::Async/>
                    <Route path=path!("resi/:token") view=ReceiptPage ssr=SsrMode::Async/>
                    <Route path=path!("luring/:key") view=OfflineReceiptPage ssr=SsrMode::Async/>
                    <Route path=path!("antrean/:token") view=TicketPage ssr=SsrMode::Async/>
                    <Route path=path!("pengaduan") view=ComplaintFormPage ssr=SsrMode::Async/>
                    <Route path=path!("pengaduan/:token") view=ComplaintPage ssr=SsrMode::Async/>
                    <Route path=path!("baca-meter") view=SelfReadingFormPage ssr=SsrMode::Async/>
                    <Route path=path!("baca-meter/:token") view=SelfReadingPage ssr=SsrMode::Async/>
                    <Route path=path!("simulator") view=SimulatorPage ssr=SsrMode::Async/>
                </Routes>
            </Layout>
        </Router>
    }
}

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    // Panic messages in the console for development builds; in release the hook's formatting
    // would cost every page 2 KB (brotli) of its 50, and a panic shows as a wasm trap instead.
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    // The loader (`enhancement`) hydrates each island after this, then marks <html data-hydrated>
    // (styles and end-to-end tests tell hydrated from plain HTML by it).
    leptos::mount::hydrate_islands();
}
