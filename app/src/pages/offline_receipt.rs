//! Where the QR on a provisional receipt leads: a payment taken at a counter while it could not
//! reach the server, followed by the customer until it is on record.

use crate::api::counter_devices::{follow_offline_receipt, OfflineReceiptStatus};
use crate::components::loaded::Loaded;
use crate::i18n::{use_lang, Lang};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn OfflineReceiptPage() -> impl IntoView {
    let params = use_params_map();
    let status = Resource::new(move || params.read().get("key").unwrap_or_default(), follow_offline_receipt);
    view! {
        <Loaded resource=status let:s>
            <Status s/>
        </Loaded>
    }
}

#[component]
fn Status(s: OfflineReceiptStatus) -> impl IntoView {
    let lang = use_lang();
    let (state, heading, text, link) = match &s {
        OfflineReceiptStatus::NotYetSynced => (
            "waiting",
            lang.t("Pembayaran di loket belum tercatat", "The counter payment is not on record yet"),
            lang.t(
                "Pembayaran ini diterima di loket saat loket tidak tersambung ke server. Loket mengirimkannya begitu tersambung kembali, biasanya pada hari yang sama; halaman ini lalu menunjukkan bukti pembayaran resminya. Simpan kuitansi sementara Anda. Bila setelah tiga hari belum tercatat, bawa kuitansi itu ke kantor unit.",
                "This payment was taken at a counter while it could not reach the server. The counter sends it as soon as it is back online, usually the same day; this page then shows the official receipt. Keep your provisional receipt. If it is not on record after three days, take it to the unit office.",
            )
            .to_string(),
            None,
        ),
        OfflineReceiptStatus::Credited { receipt_number, receipt_token } => (
            "credited",
            lang.t("Pembayaran tercatat", "The payment is on record"),
            match lang {
                Lang::Id => format!("Kuitansi sementara {receipt_number} kini sah dengan nomor yang sama."),
                Lang::En => format!("Provisional receipt {receipt_number} is now final under the same number."),
            },
            Some(format!("/resi/{receipt_token}")),
        ),
        OfflineReceiptStatus::SetAside { receipt_number, office_name } => (
            "set_aside",
            lang.t("Tagihan sudah lunas lebih dulu", "The bills were paid another way first"),
            match lang {
                Lang::Id => format!("Tagihan yang dibayar dengan kuitansi {receipt_number} sudah lunas atau berubah sebelum pembayaran di loket tercatat. Uang tunai Anda disimpan untuk dikembalikan: bawa kuitansi sementara ini ke {office_name}."),
                Lang::En => format!("The bills paid with receipt {receipt_number} were paid or changed before the counter payment was recorded. Your cash is kept to be returned: take this provisional receipt to {office_name}."),
            },
            None,
        ),
        OfflineReceiptStatus::Refused { receipt_number, office_name } => (
            "refused",
            lang.t("Pembayaran perlu diselesaikan di kantor", "The payment is settled at the office"),
            match lang {
                Lang::Id => format!("Pembayaran dengan kuitansi {receipt_number} tidak dapat dicatat. Bawa kuitansi sementara ini ke {office_name}; petugas akan menyelesaikannya bersama Anda."),
                Lang::En => format!("The payment with receipt {receipt_number} could not be recorded. Take this provisional receipt to {office_name}; the staff will settle it with you."),
            },
            None,
        ),
    };
    view! {
        <Title text=format!("{} · Tirta", heading)/>
        <article class="panel" data-offline-status=state>
            <h1>{heading}</h1>
            <p>{text}</p>
            {link.map(|href| view! { <p><a class="button" href=href>{lang.t("Lihat bukti pembayaran", "See the receipt")}</a></p> })}
        </article>
    }
}
